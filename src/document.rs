//! Documents a host builds from its own data (signed parameters, a payout's input, settlement
//! records, orders and settings) as bindings hand them to the core. Money is integer minor
//! units, and a number a binding holds as a float has lost the exact text the platform would
//! sign, so a non-integer number anywhere in such a document is refused, never rounded. The
//! error names the number's path the way signing errors do (members joined with `:`, a `:`
//! inside a member name written `::`, array elements by index).

use crate::error::{Error, Limit, Result, MAX_DEPTH_CEILING};
use crate::gate::json::{parse, JsonLimits, Value};
use serde::de::DeserializeOwned;

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

/// Largest host document (a request input, a record, an order, settings) accepted, in bytes.
/// A record lists applied operation ids, so it grows with refunds; 1 MiB is far beyond any
/// real one.
pub const MAX_DOCUMENT_BYTES: usize = 1 << 20;

/// Reads a host's JSON document (`what`: `initiate`, `payout`, `record`...) into the core type
/// `T`, with the one error model every binding shares: JSON syntax is `MalformedInput`; valid
/// JSON of the wrong shape (not an object, an unknown or missing member, a wrong type, a value
/// out of range) is a `Validation` error naming the member by its path
/// (`user_data:email_address`, `applied_operations:1`; `what` itself when the top level is
/// wrong); a document larger than [`MAX_DOCUMENT_BYTES`] is `LimitExceeded`. A binding holding
/// the document as its own mapping writes it as JSON text first, so that its errors (messages
/// included) are the ones the C ABI gives for the same document.
pub fn document_from_json<T: DeserializeOwned>(what: &str, json: &[u8]) -> Result<T> {
    read_document(what, "", json)
}

/// [`document_from_json`] for one member of a larger document that a binding takes as its own
/// argument (Python's `customer=` of a payout): errors name the member's path inside the whole
/// document (`customer:email`, `customer` when it is not an object), as they would there.
pub fn document_member_from_json<T: DeserializeOwned>(member: &str, json: &[u8]) -> Result<T> {
    read_document(member, member, json)
}

/// `prefix`: the path of the value inside its whole document ("" for a whole document).
fn read_document<T: DeserializeOwned>(what: &str, prefix: &str, json: &[u8]) -> Result<T> {
    if json.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::limit(
            Limit::BodySize,
            format!("{what} larger than {MAX_DOCUMENT_BYTES} bytes"),
        ));
    }
    // serde would read a struct from an array too (members by position): refuse any top level
    // but an object up front so that such a document gets one clear error naming the document
    // (when it is JSON at all: bytes that are not are malformed whatever they start with).
    if json.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(
            match serde_json::from_slice::<serde::de::IgnoredAny>(json) {
                Ok(_) => Error::field(what, "must be a JSON object"),
                Err(e) => Error::malformed(format!("{what}: {e}")),
            },
        );
    }
    let mut de = serde_json::Deserializer::from_slice(json);
    let value: T =
        serde_path_to_error::deserialize(&mut de).map_err(|e| shape_error(what, prefix, e))?;
    de.end()
        .map_err(|e| Error::malformed(format!("{what}: {e}")))?;
    Ok(value)
}

/// The error for a document serde could not read: syntax is `MalformedInput`, anything else a
/// `Validation` error at the member at fault (an unknown or missing member is named by serde
/// only in its message; the document itself when there is no better place).
fn shape_error(
    what: &str,
    prefix: &str,
    e: serde_path_to_error::Error<serde_json::Error>,
) -> Error {
    use serde_json::error::Category;
    let path = match (prefix, member_path(e.path())) {
        ("", inner) => inner,
        (prefix, inner) if inner.is_empty() => prefix.to_string(),
        (prefix, inner) => format!("{prefix}:{inner}"),
    };
    let inner = e.into_inner();
    match inner.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            Error::malformed(format!("{what}: {inner}"))
        }
        Category::Data => {
            // The reason without serde's "at line L column C": the member's path says where.
            let mut reason = inner.to_string();
            let position = format!(" at line {} column {}", inner.line(), inner.column());
            if inner.line() > 0 && reason.ends_with(&position) {
                reason.truncate(reason.len() - position.len());
            }
            // An unknown member is already the path's last segment; a missing one is not.
            let field = match member_named(&reason) {
                Some(name) if path.is_empty() => name,
                Some(name) if path == name || path.ends_with(&format!(":{name}")) => path,
                Some(name) => format!("{path}:{name}"),
                None if !path.is_empty() => path,
                None => what.to_string(),
            };
            Error::field(field, reason)
        }
    }
}

/// A member's path the way every core error writes it: keys and indexes joined with `:`, a `:`
/// inside a key written `::` (`applied_operations:1`, `user_data:email_address`).
fn member_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        let part = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.replace(':', "::"),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => "?".to_string(),
        };
        if !out.is_empty() {
            out.push(':');
        }
        out.push_str(&part);
    }
    out
}

/// serde names an unknown or missing member only in its message (``unknown field `x` ``).
fn member_named(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("missing field `"))?;
    rest.split('`').next().map(|name| name.replace(':', "::"))
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

    /// One rule for every host document: syntax is malformed input, shape is validation at the
    /// member (paths as every core path: `:` between members, a `:` in a name doubled).
    #[test]
    fn documents_of_the_wrong_shape_are_validation_errors_at_the_member() {
        use crate::cqr::InitiatePaymentRequest;
        use crate::gate::{PayoutCustomer, PayoutRequest};
        let initiate = |doc: &str| {
            let e = document_from_json::<InitiatePaymentRequest>("initiate", doc.as_bytes())
                .unwrap_err();
            (e.kind(), e.path().unwrap_or("").to_string())
        };
        let v = ErrorKind::Validation;
        for (doc, path) in [
            (r#"{"amount":1}"#, "amount"),
            (r#"{"user_data":{"mail":"x"}}"#, "user_data:mail"),
            (
                r#"{"user_data":{"address":{"city":5}}}"#,
                "user_data:address:city",
            ),
            (r#"{"amount_minor":"100"}"#, "amount_minor"),
            (r#"{"amount_minor":1.5}"#, "amount_minor"),
            (r#"{"amount_minor":18446744073709551616}"#, "amount_minor"),
            (r#"{"user_data":5}"#, "user_data"),
            (r#"{"a:b":1}"#, "a::b"),
            (r#"[1]"#, "initiate"),
            (r#""x""#, "initiate"),
        ] {
            assert_eq!(initiate(doc), (v, path.to_string()), "{doc}");
        }
        for doc in [
            "",
            "{",
            r#"{"amount_minor":}"#,
            "{} x",
            "nope",
            "[1,2",
            "\"x",
            "tru",
        ] {
            let e = document_from_json::<InitiatePaymentRequest>("initiate", doc.as_bytes())
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::MalformedInput, "{doc:?}: {e}");
        }
        // A missing member of a nested object is named below it.
        let payout = r#"{"project_id":1,"payment_id":"p","customer":{"id":"c"},"account_number":"a","amount":1,"currency":"KZT"}"#;
        let e = document_from_json::<PayoutRequest>("payout", payout.as_bytes()).unwrap_err();
        assert_eq!((e.kind(), e.path()), (v, Some("customer:ip_address")));
        // A member taken on its own (Python's customer=) is named as in the whole document.
        let e = document_member_from_json::<PayoutCustomer>("customer", br#"{"id":"c","phone":1}"#)
            .unwrap_err();
        assert_eq!((e.kind(), e.path()), (v, Some("customer:phone")));
        let e = document_member_from_json::<PayoutCustomer>("customer", b"5").unwrap_err();
        assert_eq!((e.kind(), e.path()), (v, Some("customer")));
        let big = format!(r#"{{"user_id":"{}"}}"#, "x".repeat(MAX_DOCUMENT_BYTES));
        let e =
            document_from_json::<InitiatePaymentRequest>("initiate", big.as_bytes()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    }
}
