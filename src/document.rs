//! Documents a host builds from its own data (signed parameters, a payout's input, settlement
//! records, orders and settings) as bindings hand them to the core. Money is integer minor
//! units, and a number a binding holds as a float has lost the exact text the platform would
//! sign, so a non-integer number anywhere in such a document is refused, never rounded. The
//! error names the number's path the way signing errors do (members joined with `:`, a `:`
//! inside a member name written `::`, array elements by index).

use crate::error::{Error, Limit, Result, MAX_DEPTH_CEILING};
use crate::gate::json::{parse, JsonLimits, Value};
use serde::de::{
    DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

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
    let value: T = serde_path_to_error::deserialize(ObjectsOnly(&mut de))
        .map_err(|e| shape_error(what, prefix, e))?;
    de.end()
        .map_err(|e| Error::malformed(format!("{what}: {e}")))?;
    Ok(value)
}

/// serde's derived struct visitors also take a sequence, reading the members by position, so a
/// nested `"user_data": ["a", "b"]` would be read as a `UserData`. Every struct of a host
/// document is read through this adapter instead, which asks the format for a map where serde
/// asks for a struct: serde_json then refuses an array with its usual `invalid type: sequence,
/// expected struct …` (a `Validation` error at the member, as for any other wrong type). It
/// wraps every deserializer, visitor, seed and access it hands on, the way serde_path_to_error
/// does, so that the rule holds at any depth (inside options, sequences, maps and enums) and
/// paths are still tracked by the layer outside it.
struct ObjectsOnly<T>(T);

/// Deserializer methods that take only a visitor, forwarded with the visitor wrapped.
macro_rules! forward_deserialize {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> std::result::Result<V::Value, D::Error> {
            self.0.$method(ObjectsOnly(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectsOnly<D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_ignored_any deserialize_identifier
    }

    /// The one change: a struct is read from a map only.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> std::result::Result<V::Value, D::Error> {
        self.0.deserialize_map(ObjectsOnly(visitor))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> std::result::Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, ObjectsOnly(visitor))
    }

    // The name goes through unchanged: serde_json recognises its raw-value token by it
    // (`RawJson`, a payout's `extra`).
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> std::result::Result<V::Value, D::Error> {
        self.0
            .deserialize_newtype_struct(name, ObjectsOnly(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> std::result::Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, ObjectsOnly(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> std::result::Result<V::Value, D::Error> {
        self.0
            .deserialize_tuple_struct(name, len, ObjectsOnly(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> std::result::Result<V::Value, D::Error> {
        self.0
            .deserialize_enum(name, variants, ObjectsOnly(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Visitor methods for a plain value, forwarded unchanged.
macro_rules! forward_visit {
    ($($method:ident($ty:ty))*) => {$(
        fn $method<E: serde::de::Error>(self, v: $ty) -> std::result::Result<Self::Value, E> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for ObjectsOnly<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.expecting(f)
    }

    forward_visit! {
        visit_bool(bool) visit_i8(i8) visit_i16(i16) visit_i32(i32) visit_i64(i64)
        visit_i128(i128) visit_u8(u8) visit_u16(u16) visit_u32(u32) visit_u64(u64)
        visit_u128(u128) visit_f32(f32) visit_f64(f64) visit_char(char) visit_str(&str)
        visit_borrowed_str(&'de str) visit_string(String) visit_bytes(&[u8])
        visit_borrowed_bytes(&'de [u8]) visit_byte_buf(Vec<u8>)
    }

    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
        self.0.visit_unit()
    }

    fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
        self.0.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Self::Value, D::Error> {
        self.0.visit_some(ObjectsOnly(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Self::Value, D::Error> {
        self.0.visit_newtype_struct(ObjectsOnly(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<Self::Value, A::Error> {
        self.0.visit_seq(ObjectsOnly(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Self::Value, A::Error> {
        self.0.visit_map(ObjectsOnly(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, e: A) -> std::result::Result<Self::Value, A::Error> {
        self.0.visit_enum(ObjectsOnly(e))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for ObjectsOnly<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<S::Value, D::Error> {
        self.0.deserialize(ObjectsOnly(d))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for ObjectsOnly<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> std::result::Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(ObjectsOnly(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for ObjectsOnly<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> std::result::Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(ObjectsOnly(seed))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> std::result::Result<T::Value, A::Error> {
        self.0.next_value_seed(ObjectsOnly(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for ObjectsOnly<A> {
    type Error = A::Error;
    type Variant = ObjectsOnly<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> std::result::Result<(T::Value, Self::Variant), A::Error> {
        let (value, variant) = self.0.variant_seed(ObjectsOnly(seed))?;
        Ok((value, ObjectsOnly(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for ObjectsOnly<A> {
    type Error = A::Error;

    fn unit_variant(self) -> std::result::Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> std::result::Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(ObjectsOnly(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> std::result::Result<V::Value, A::Error> {
        self.0.tuple_variant(len, ObjectsOnly(visitor))
    }

    /// A struct variant's members, like a struct's, come from an object only.
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> std::result::Result<V::Value, A::Error> {
        self.0.struct_variant(fields, StructVariantMembers(visitor))
    }
}

/// The visitor of a struct variant's members (serde's derived one, the only caller of
/// `struct_variant`: it takes a map or a sequence and nothing else): the map is read on, a
/// sequence refused as a map asked for would be; anything else gets serde's default refusal,
/// which is the derived visitor's own.
struct StructVariantMembers<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for StructVariantMembers<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Self::Value, A::Error> {
        self.0.visit_map(ObjectsOnly(map))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> std::result::Result<Self::Value, A::Error> {
        Err(serde::de::Error::invalid_type(
            serde::de::Unexpected::Seq,
            &self,
        ))
    }
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

    /// serde's derived visitors read a struct from an array by position; a host document's
    /// objects must be objects, at any depth.
    #[test]
    fn an_array_where_an_object_belongs_is_a_validation_error_at_the_member() {
        use crate::cqr::{InitiatePaymentRequest, UserData};
        use crate::gate::{PayoutCustomer, PayoutRequest};
        // The gap, in plain serde: the array is read as a UserData, members by position.
        let plain: InitiatePaymentRequest =
            serde_json::from_str(r#"{"user_data":["alice","Alice"]}"#).unwrap();
        let user = plain.user_data.unwrap();
        assert_eq!(user.username.as_deref(), Some("alice"));
        assert_eq!(user.firstname.as_deref(), Some("Alice"));

        let refused = |what: &str, e: Error, path: &str| {
            assert_eq!(e.kind(), ErrorKind::Validation, "{what}: {e}");
            assert_eq!(e.path(), Some(path), "{what}: {e}");
            assert!(
                e.message()
                    .contains("invalid type: sequence, expected struct")
                    || e.message().ends_with("must be a JSON object"),
                "{what}: {e}"
            );
        };
        for (doc, path) in [
            (r#"{"user_data":["alice","Alice"]}"#, "user_data"),
            (r#"{"user_data":[]}"#, "user_data"),
            (
                r#"{"user_data":{"address":["Main St"]}}"#,
                "user_data:address",
            ),
            (r#"{"user_data":{"address":[]}}"#, "user_data:address"),
            (r#"["m","s"]"#, "initiate"),
            (r#" [] "#, "initiate"),
        ] {
            let e = document_from_json::<InitiatePaymentRequest>("initiate", doc.as_bytes())
                .unwrap_err();
            refused(doc, e, path);
        }
        let payout = r#"{"project_id":1,"payment_id":"p","customer":["c","203.0.113.7"],"account_number":"a","amount":1,"currency":"KZT"}"#;
        let e = document_from_json::<PayoutRequest>("payout", payout.as_bytes()).unwrap_err();
        refused("payout", e, "customer");
        let e = document_member_from_json::<PayoutCustomer>("customer", br#"["c","203.0.113.7"]"#)
            .unwrap_err();
        refused("customer=", e, "customer");
        let e = document_member_from_json::<UserData>("user_data", br#"{"address":["x"]}"#)
            .unwrap_err();
        refused("user_data=", e, "user_data:address");
        for (what, doc) in [
            ("record", r#"["deposit","pending",100,"KZT"]"#),
            ("order", r#"["pending",100,"KZT"]"#),
            ("settings", r#"["m","s",false]"#),
        ] {
            let e = match what {
                "record" => crate::settle::parse_gate_record(doc.as_bytes()).map(drop),
                "order" => crate::settle::parse_cqr_order(doc.as_bytes()).map(drop),
                _ => crate::settle::parse_cqr_settings(doc.as_bytes()).map(drop),
            }
            .unwrap_err();
            refused(what, e, what);
        }

        // Arrays where arrays belong, nulls for optional objects, and objects still pass; a
        // payout's extra (raw JSON, serde_json's raw-value token) keeps its arrays.
        let ok = document_from_json::<InitiatePaymentRequest>(
            "initiate",
            br#"{"user_data":{"username":"alice","address":null}}"#,
        )
        .unwrap();
        assert_eq!(ok.user_data.unwrap().username.as_deref(), Some("alice"));
        let payout = r#"{"project_id":1,"payment_id":"p","customer":{"id":"c","ip_address":"203.0.113.7","first_name":"A","last_name":"B","email":"a@example.com"},"account_number":"a","amount":1,"currency":"KZT","extra":{"list":[[1,{"a":[]}]]}}"#;
        let req = document_from_json::<PayoutRequest>("payout", payout.as_bytes()).unwrap();
        assert_eq!(req.customer.id, "c");
    }

    /// The rule holds inside sequences, maps and enum variants too (shapes no current document
    /// has, so that a future one inherits it).
    #[test]
    fn objects_only_holds_in_sequences_maps_and_variants() {
        use serde::Deserialize;
        use std::collections::BTreeMap;
        #[derive(Debug, Deserialize, PartialEq)]
        struct Point {
            x: i64,
        }
        #[derive(Debug, Deserialize, PartialEq)]
        enum Shape {
            Dot { at: Point },
            Pair(Point, Point),
            Wrapped(Point),
        }
        #[derive(Debug, Deserialize, PartialEq)]
        #[serde(deny_unknown_fields)]
        struct Doc {
            #[serde(default)]
            points: Vec<Point>,
            #[serde(default)]
            named: BTreeMap<String, Point>,
            #[serde(default)]
            shape: Option<Shape>,
        }
        let path = |doc: &str| {
            let e = document_from_json::<Doc>("doc", doc.as_bytes()).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Validation, "{doc}: {e}");
            e.path().unwrap_or("").to_string()
        };
        assert_eq!(path(r#"{"points":[{"x":1},[2]]}"#), "points:1");
        assert_eq!(path(r#"{"named":{"a:b":[2]}}"#), "named:a::b");
        assert_eq!(path(r#"{"shape":{"Dot":[{"x":1}]}}"#), "shape:Dot");
        assert_eq!(path(r#"{"shape":{"Dot":{"at":[1]}}}"#), "shape:Dot:at");
        assert_eq!(path(r#"{"shape":{"Wrapped":[1]}}"#), "shape:Wrapped");
        assert_eq!(path(r#"{"shape":{"Pair":[{"x":1},[2]]}}"#), "shape:Pair:1");
        let doc =
            r#"{"points":[{"x":1}],"named":{"a":{"x":2}},"shape":{"Pair":[{"x":3},{"x":4}]}}"#;
        let ok = document_from_json::<Doc>("doc", doc.as_bytes()).unwrap();
        assert_eq!(ok.points, vec![Point { x: 1 }]);
        assert_eq!(ok.named["a"], Point { x: 2 });
        assert_eq!(ok.shape, Some(Shape::Pair(Point { x: 3 }, Point { x: 4 })));
        let dot = document_from_json::<Doc>("doc", br#"{"shape":{"Dot":{"at":{"x":5}}}}"#).unwrap();
        assert_eq!(dot.shape, Some(Shape::Dot { at: Point { x: 5 } }));
    }
}
