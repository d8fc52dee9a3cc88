//! Property tests: signing and verifying are inverse, and any single change breaks the match.

use proptest::prelude::*;
use qiwi_merchant::gate::{self, JsonLimits, Signer, Value};
use qiwi_merchant::ErrorKind;
use std::borrow::Cow;

fn key() -> impl Strategy<Value = String> {
    // Any text but the two names the rules treat specially.
    "[a-zA-Z_:é0-9ё]{1,8}".prop_filter("reserved", |k| k != "signature" && k != "frame_mode")
}

fn leaf() -> impl Strategy<Value = Value<'static>> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| Value::Number(Cow::Owned(i.to_string()))),
        "[0-9]{19,30}".prop_map(|d| Value::Number(Cow::Owned(format!("1{d}")))),
        ".{0,12}".prop_map(|s| Value::String(Cow::Owned(s))),
    ]
}

fn tree() -> impl Strategy<Value = Value<'static>> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..6).prop_map(|m| Value::Object(
                m.into_iter().map(|(k, v)| (Cow::Owned(k), v)).collect()
            )),
        ]
    })
}

fn object() -> impl Strategy<Value = Value<'static>> {
    prop::collection::btree_map(key(), tree(), 1..8)
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (Cow::Owned(k), v)).collect()))
}

/// Paths (as member/index steps) to every leaf.
fn leaves(v: &Value<'_>, path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    match v {
        Value::Object(m) => {
            for (i, (_, c)) in m.iter().enumerate() {
                path.push(i);
                leaves(c, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, c) in items.iter().enumerate() {
                path.push(i);
                leaves(c, path, out);
                path.pop();
            }
        }
        _ => out.push(path.clone()),
    }
}

fn at_mut<'v, 'a>(v: &'v mut Value<'a>, path: &[usize]) -> &'v mut Value<'a> {
    match path.split_first() {
        None => v,
        Some((i, rest)) => match v {
            Value::Object(m) => at_mut(&mut m[*i].1, rest),
            Value::Array(items) => at_mut(&mut items[*i], rest),
            _ => unreachable!(),
        },
    }
}

fn signed(signer: &Signer, v: &Value<'_>) -> Value<'static> {
    let sig = signer.sign_value(v).unwrap();
    let mut out = v.clone().into_owned();
    if let Value::Object(m) = &mut out {
        m.push((Cow::Borrowed("signature"), Value::String(Cow::Owned(sig))));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn sign_then_verify_round_trips(obj in object()) {
        let signer = Signer::new("prop-secret").unwrap();
        let msg = signed(&signer, &obj).to_json();
        let v = signer.verify_json(msg.as_bytes()).unwrap();
        prop_assert!(v.is_canonical());
        // The general.signature placement verifies too.
        let body = signer.sign_request(obj.clone()).unwrap();
        prop_assert!(signer.verify_json(body.as_bytes()).is_ok());
    }

    #[test]
    fn changing_one_leaf_breaks_verification(obj in object(), pick in any::<prop::sample::Index>()) {
        let signer = Signer::new("prop-secret").unwrap();
        let mut msg = signed(&signer, &obj);
        let mut all = Vec::new();
        leaves(&obj, &mut Vec::new(), &mut all);
        prop_assume!(!all.is_empty());
        let chosen: &Vec<usize> = pick.get(all.as_slice());
        let target = at_mut(&mut msg, chosen);
        *target = match target {
            Value::Null => Value::String(Cow::Borrowed("x")),
            Value::Bool(b) => Value::Bool(!*b),
            Value::Number(t) => Value::Number(Cow::Owned(format!("{t}1"))),
            Value::String(s) => Value::String(Cow::Owned(format!("{s}x"))),
            _ => unreachable!(),
        };
        let e = signer.verify_json(msg.to_json().as_bytes()).unwrap_err();
        prop_assert_eq!(e.kind(), ErrorKind::SignatureMismatch);
    }

    #[test]
    fn renaming_a_key_breaks_verification(obj in object(), pick in any::<prop::sample::Index>()) {
        let signer = Signer::new("prop-secret").unwrap();
        let mut msg = signed(&signer, &obj);
        let mut all = Vec::new();
        leaves(&obj, &mut Vec::new(), &mut all);
        // Rename the top-level member that holds a leaf (empty containers give no item).
        prop_assume!(!all.is_empty());
        let chosen: &Vec<usize> = pick.get(all.as_slice());
        let top = chosen[0];
        if let Value::Object(m) = &mut msg {
            let new = format!("{}~", m[top].0);
            prop_assume!(!m.iter().any(|(k, _)| *k == new));
            m[top].0 = Cow::Owned(new);
        }
        let e = signer.verify_json(msg.to_json().as_bytes()).unwrap_err();
        prop_assert_eq!(e.kind(), ErrorKind::SignatureMismatch);
    }

    #[test]
    fn changing_the_signature_breaks_verification(obj in object(), pos in 0usize..88, ch in "[A-Za-z0-9+/]") {
        let signer = Signer::new("prop-secret").unwrap();
        let mut msg = signed(&signer, &obj);
        if let Value::Object(m) = &mut msg {
            let (_, sig) = m.last_mut().unwrap();
            let mut s = sig.as_str().unwrap().to_string();
            let pos = pos.min(s.len() - 3);
            prop_assume!(&s[pos..pos + 1] != ch.as_str());
            s.replace_range(pos..pos + 1, &ch);
            *sig = Value::String(Cow::Owned(s));
        }
        let e = signer.verify_json(msg.to_json().as_bytes()).unwrap_err();
        prop_assert_eq!(e.kind(), ErrorKind::SignatureMismatch);
    }

    #[test]
    fn parser_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = gate::parse_json(&bytes, &JsonLimits::default());
        let signer = Signer::new("k").unwrap();
        let _ = signer.verify_json(&bytes);
        let _ = qiwi_merchant::gate::parse_account_check(&signer, 1, &bytes);
    }

    #[test]
    fn serialise_parse_round_trip(obj in object()) {
        let text = obj.to_json();
        let back = gate::parse_json(text.as_bytes(), &JsonLimits::default()).unwrap();
        prop_assert_eq!(back, obj);
    }
}
