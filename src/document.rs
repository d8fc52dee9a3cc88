//! Documents a host builds from its own data (signed parameters, a payout's input, settlement
//! records, orders and settings) as bindings hand them to the core. Money is integer minor
//! units, and a number a binding holds as a float has lost the exact text the platform would
//! sign, so a non-integer number anywhere in such a document is refused, never rounded. The
//! error names the number's path the way signing errors do (members joined with `:`, a `:`
//! inside a member name written `::`, array elements by index).

use crate::error::{Error, Result, MAX_DEPTH_CEILING};
use crate::gate::json::{parse, JsonLimits, Value};

/// What a host document is: it decides the refusal's reason and, for a payout, how paths are
/// named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostDocument {
    /// Parameters to sign, stamp or verify, and other request inputs (a CQR initiate input).
    Parameters,
    /// A Gate payout input: the members of `extra` are merged into the signed body, so a
    /// number there is named by its path in the body (`payment:fee`, not `extra:payment:fee`).
    Payout,
    /// A settlement record (Gate).
    Record,
    /// A settlement order (CQR).
    Order,
    /// Settlement settings (CQR).
    Settings,
}

/// Why signing refuses a non-integer number (also the reason for request inputs).
pub const FLOAT_IN_PARAMETERS: &str = "floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)";

impl HostDocument {
    /// The reason given for a non-integer number in this document.
    pub fn float_reason(self) -> &'static str {
        match self {
            HostDocument::Parameters | HostDocument::Payout => FLOAT_IN_PARAMETERS,
            HostDocument::Record => {
                "floating-point numbers are not allowed in a record (amounts are integer minor units)"
            }
            HostDocument::Order => {
                "floating-point numbers are not allowed in an order (amounts are integer minor units)"
            }
            HostDocument::Settings => "floating-point numbers are not allowed in the settings",
        }
    }
}

/// Refuses a host document holding a non-integer number: a `Validation` error for the first
/// one in document order, its path as the field. Not JSON is `MalformedInput`; nesting beyond
/// [`MAX_DEPTH_CEILING`] is `LimitExceeded`. Says nothing else about the document's shape:
/// the function it is for does.
pub fn refuse_floats(doc: &[u8], kind: HostDocument) -> Result<()> {
    let limits = JsonLimits {
        max_body_bytes: usize::MAX,
        max_depth: MAX_DEPTH_CEILING,
        max_items: usize::MAX,
        max_string_bytes: usize::MAX,
    };
    let root = parse(doc, &limits)?;
    let mut path = String::new();
    if !first_float(&root, &mut path, kind == HostDocument::Payout) {
        return Ok(());
    }
    Err(Error::field(path, kind.float_reason()))
}

/// Finds the first non-integer number below `v`, leaving its path in `path`. `merge_extra`:
/// the root's `extra` member is merged into the root (its members are named as the root's).
fn first_float(v: &Value<'_>, path: &mut String, merge_extra: bool) -> bool {
    match v {
        Value::Number(_) => !v.is_integer_number(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .any(|(i, item)| within(path, &i.to_string(), |path| first_float(item, path, false))),
        Value::Object(members) => members.iter().any(|(key, value)| {
            if merge_extra && key == "extra" && matches!(value, Value::Object(_)) {
                return first_float(value, path, false);
            }
            within(path, &key.replace(':', "::"), |path| {
                first_float(value, path, false)
            })
        }),
        Value::Null | Value::Bool(_) | Value::String(_) => false,
    }
}

/// Runs `f` with `segment` appended to `path`; the segment stays when `f` found the number.
fn within(path: &mut String, segment: &str, f: impl FnOnce(&mut String) -> bool) -> bool {
    let mark = path.len();
    if mark > 0 {
        path.push(':');
    }
    path.push_str(segment);
    let found = f(path);
    if !found {
        path.truncate(mark);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn path_of(doc: &str, kind: HostDocument) -> Option<String> {
        refuse_floats(doc.as_bytes(), kind)
            .err()
            .map(|e| e.path().unwrap_or("").to_string())
    }

    #[test]
    fn integers_strings_and_the_rest_pass() {
        for doc in [
            r#"{}"#,
            r#"[]"#,
            r#"{"a":1,"b":-2,"c":"1.5","d":[true,null,{"e":123456789012345678901234567890}]}"#,
        ] {
            assert_eq!(
                refuse_floats(doc.as_bytes(), HostDocument::Parameters),
                Ok(()),
                "{doc}"
            );
        }
    }

    #[test]
    fn the_first_float_is_named_as_signing_names_it() {
        let p = HostDocument::Parameters;
        assert_eq!(path_of(r#"{"x":1.0}"#, p).as_deref(), Some("x"));
        assert_eq!(path_of(r#"{"a":{"b":[2.5]}}"#, p).as_deref(), Some("a:b:0"));
        assert_eq!(
            path_of(r#"{"a:b":{"c":1e999}}"#, p).as_deref(),
            Some("a::b:c")
        );
        assert_eq!(
            path_of(r#"{"l":[[0,1.5]],"m":0.5}"#, p).as_deref(),
            Some("l:0:1")
        );
        // Signature members and frame_mode are data here: nothing is skipped.
        assert_eq!(
            path_of(r#"{"signature":1E3}"#, p).as_deref(),
            Some("signature")
        );
        assert_eq!(
            path_of(r#"[1,{"frame_mode":-0.0}]"#, p).as_deref(),
            Some("1:frame_mode")
        );
        let e = refuse_floats(br#"{"a":[1.5]}"#, p).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation);
        assert_eq!(e.message(), format!("a:0: {FLOAT_IN_PARAMETERS}"));
        assert_eq!(e.field_errors()[0].field, "a:0");
    }

    #[test]
    fn payout_extra_is_named_as_in_the_body() {
        let doc = r#"{"amount":1,"extra":{"payment":{"fee":1.5}}}"#;
        assert_eq!(
            path_of(doc, HostDocument::Payout).as_deref(),
            Some("payment:fee")
        );
        assert_eq!(
            path_of(doc, HostDocument::Parameters).as_deref(),
            Some("extra:payment:fee")
        );
        assert_eq!(
            path_of(r#"{"amount":1.5}"#, HostDocument::Payout).as_deref(),
            Some("amount")
        );
        assert_eq!(
            path_of(r#"{"extra":[1.5]}"#, HostDocument::Payout).as_deref(),
            Some("extra:0")
        );
    }

    #[test]
    fn each_document_gives_its_reason() {
        for kind in [
            HostDocument::Parameters,
            HostDocument::Payout,
            HostDocument::Record,
            HostDocument::Order,
            HostDocument::Settings,
        ] {
            let e = refuse_floats(br#"{"amount":10.0}"#, kind).unwrap_err();
            assert_eq!(e.message(), format!("amount: {}", kind.float_reason()));
        }
    }

    #[test]
    fn not_json_and_deep_documents() {
        assert_eq!(
            refuse_floats(b"{", HostDocument::Record)
                .unwrap_err()
                .kind(),
            ErrorKind::MalformedInput
        );
        let deep = format!(
            "{}{}",
            "[".repeat(MAX_DEPTH_CEILING + 1),
            "]".repeat(MAX_DEPTH_CEILING + 1)
        );
        assert_eq!(
            refuse_floats(deep.as_bytes(), HostDocument::Parameters)
                .unwrap_err()
                .kind(),
            ErrorKind::LimitExceeded
        );
    }
}
