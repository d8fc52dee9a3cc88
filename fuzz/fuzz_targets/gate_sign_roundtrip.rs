//! Gate signer round trip: an arbitrary JSON-ish tree → `sign_request` → `verify_json`.
//!
//! Invariants: a signed request verifies (canonically) under the signing key and under no
//! other; its stamp read back from the bytes equals the signing stamp of the tree; changing the
//! signature or any signed leaf makes it fail.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use qiwi_merchant::gate::signing_stamp;
use qiwi_merchant::gate::{self, JsonLimits, Signer, Value};
use qiwi_merchant::ErrorKind;
use std::borrow::Cow;
use std::sync::OnceLock;

#[derive(Arbitrary, Debug)]
enum Node {
    Null,
    Bool(bool),
    Int(i64),
    /// An integer longer than any machine type: the digits of the bytes.
    BigInt(Vec<u8>),
    Str(String),
    Arr(Vec<Node>),
    Obj(Vec<(Key, Node)>),
}

#[derive(Arbitrary, Debug)]
enum Key {
    Known(u8),
    Any(String),
}

const KNOWN: &[&str] = &[
    "general",
    "project_id",
    "payment_id",
    "payment",
    "sum",
    "amount",
    "currency",
    "status",
    "frame_mode",
    "a:b",
    "::",
    ":",
    "",
    "é",
    "signature",
    "errors",
    "0",
    "1",
    "10",
];

const MAX_DEPTH: usize = 24;

fn key(k: &Key) -> String {
    match k {
        Key::Known(i) => KNOWN[usize::from(*i) % KNOWN.len()].to_string(),
        Key::Any(s) => s.clone(),
    }
}

fn to_value(n: &Node, depth: usize) -> Value<'static> {
    match n {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(*b),
        Node::Int(i) => Value::Number(Cow::Owned(i.to_string())),
        Node::BigInt(bytes) => {
            let digits: String = bytes.iter().map(|b| char::from(b'0' + b % 10)).collect();
            let digits = digits.trim_start_matches('0');
            Value::Number(Cow::Owned(if digits.is_empty() {
                "0".into()
            } else {
                digits.into()
            }))
        }
        Node::Str(s) => Value::String(Cow::Owned(s.clone())),
        Node::Arr(items) if depth < MAX_DEPTH => {
            Value::Array(items.iter().map(|i| to_value(i, depth + 1)).collect())
        }
        Node::Obj(members) if depth < MAX_DEPTH => object(members, depth),
        _ => Value::Null,
    }
}

/// Member names unique (a duplicate is malformed on the way back in).
fn object(members: &[(Key, Node)], depth: usize) -> Value<'static> {
    let mut out: Vec<(Cow<'static, str>, Value<'static>)> = Vec::new();
    for (k, v) in members {
        let k = key(k);
        if out.iter().all(|(have, _)| *have != k) {
            out.push((Cow::Owned(k), to_value(v, depth + 1)));
        }
    }
    Value::Object(out)
}

fn signer() -> &'static Signer {
    static S: OnceLock<Signer> = OnceLock::new();
    S.get_or_init(|| Signer::new("fuzz-roundtrip-secret").unwrap())
}

fn other() -> &'static Signer {
    static S: OnceLock<Signer> = OnceLock::new();
    S.get_or_init(|| Signer::new("fuzz-roundtrip-secret2").unwrap())
}

#[derive(Arbitrary, Debug)]
struct Input {
    members: Vec<(Key, Node)>,
    general: Option<Vec<(Key, Node)>>,
}

fuzz_target!(|input: Input| {
    let mut root = object(&input.members, 1);
    let Value::Object(members) = &mut root else {
        unreachable!()
    };
    // The signature goes to general.signature; a stale top-level one would shadow it.
    members.retain(|(k, _)| k != "signature" && k != "general");
    if let Some(g) = &input.general {
        members.insert(0, (Cow::Borrowed("general"), object(g, 1)));
    }
    let signer = signer();
    let stamp = match signing_stamp(&root) {
        Ok(s) => s,
        Err(e) => {
            assert_eq!(signer.sign_request(root).unwrap_err().kind(), e.kind());
            return;
        }
    };
    let body = match signer.sign_request(root) {
        Ok(b) => b,
        Err(e) => panic!("stamp ok but signing failed: {e:?}"),
    };
    let limits = JsonLimits {
        max_body_bytes: usize::MAX,
        max_depth: 1 << 10,
        max_items: usize::MAX,
        max_string_bytes: usize::MAX,
    };
    let roomy = signer.clone().with_limits(limits);
    let v = roomy
        .verify_json(body.as_bytes())
        .unwrap_or_else(|e| panic!("signed request does not verify: {e:?}\n{body}"));
    assert!(v.is_canonical(), "{v:?}");
    assert_eq!(
        gate::stamp_with_limits(body.as_bytes(), &limits).as_deref(),
        Ok(stamp.as_str()),
        "{body}"
    );
    assert_eq!(
        other()
            .clone()
            .with_limits(limits)
            .verify_json(body.as_bytes())
            .unwrap_err()
            .kind(),
        ErrorKind::SignatureMismatch
    );
    // Default limits: verifies or names a limit.
    if let Err(e) = signer.verify_json(body.as_bytes()) {
        assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{e:?}");
    }
    // Any change to the signature is refused.
    let sig = {
        let parsed = gate::parse_json_object(body.as_bytes(), &limits).expect("parses");
        gate::received_signature(&parsed)
            .expect("signature written")
            .to_string()
    };
    let mut flipped = sig.clone();
    flipped.replace_range(0..1, if sig.starts_with('A') { "B" } else { "A" });
    let tampered = body.replace(&format!("\"{sig}\""), &format!("\"{flipped}\""));
    assert_eq!(
        roomy.verify_json(tampered.as_bytes()).unwrap_err().kind(),
        ErrorKind::SignatureMismatch
    );
});
