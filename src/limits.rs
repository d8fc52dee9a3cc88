//! A host's choice of parse limits, as the bindings take it (C: a JSON document; Python: a
//! mapping; PHP: an array through C): any subset of the four, the rest keep the defaults of
//! the parser they are applied to. Gate JSON and CQR XML share the names but not every
//! default (`max_items`: 100,000 values vs 20,000 elements), so one choice yields both.
//!
//! The rule for a limits argument lives here once ([`LimitOverrides::from_json`] for the C ABI
//! and PHP, [`LimitOverrides::set`] for a binding that walks its own mapping): every problem
//! is a `Validation` error whose path names the member (`limits:max_depth`), or `limits` for a
//! document that is not an object; only bytes that are not JSON at all are `MalformedInput`.

use crate::cqr::ParseLimits;
use crate::error::{Error, ErrorKind, Result};
use crate::gate::json::{self, Value};
use crate::gate::JsonLimits;

/// A host's parse limits: each `Some` replaces the parser's default, each `None` keeps it
/// ([`json`](Self::json) for Gate, [`xml`](Self::xml) for CQR).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitOverrides {
    /// Largest message, in bytes (defaults: 1 MiB for both protocols).
    pub max_body_bytes: Option<usize>,
    /// Deepest nesting (default 64 for both; capped at
    /// [`MAX_DEPTH_CEILING`](crate::MAX_DEPTH_CEILING)).
    pub max_depth: Option<usize>,
    /// Most values (Gate, default 100,000) or elements (CQR, default 20,000).
    pub max_items: Option<usize>,
    /// Longest string, key, text or attribute value, in bytes (default 64 KiB for both).
    pub max_string_bytes: Option<usize>,
}

/// One limit's value as a binding found it, before the core's rule (a positive integer that
/// fits `usize`) is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitValue<'a> {
    /// An integer (bool is not one, whatever the language says).
    Integer(i128),
    /// An integer too large (or too small) for `i128`.
    IntegerOutOfRange,
    /// Anything else, by the binding's name for its type (`float`, `string`, `null`, ...).
    Other(&'a str),
}

/// Largest limits document read (four members need a few dozen bytes).
const MAX_DOCUMENT_BYTES: usize = 64 << 10;

impl LimitOverrides {
    /// The limit names, in the order messages list them.
    pub const NAMES: [&'static str; 4] = [
        "max_body_bytes",
        "max_depth",
        "max_items",
        "max_string_bytes",
    ];

    /// Reads a limits document: a JSON object with any subset of [`NAMES`](Self::NAMES), each a
    /// positive integer. Not JSON: `MalformedInput`; larger than 64 KiB: `LimitExceeded` (both
    /// with path `limits`); any other problem: `Validation` naming the member
    /// (`limits:max_depth`) or the document (`limits`).
    pub fn from_json(doc: &[u8]) -> Result<LimitOverrides> {
        let parse_limits = JsonLimits {
            max_body_bytes: MAX_DOCUMENT_BYTES,
            ..JsonLimits::default()
        };
        // Named, so that a C caller can tell a bad limits document from a bad message (both
        // may be JSON).
        let root = json::parse(doc, &parse_limits).map_err(|e| match e.kind() {
            ErrorKind::MalformedInput => {
                Error::malformed(format!("limits: {}", e.message())).with_path("limits")
            }
            _ if e.path().is_none() => e.with_path("limits"),
            _ => e,
        })?;
        let Value::Object(members) = &root else {
            return Err(Self::not_an_object(root.type_name()));
        };
        let mut out = LimitOverrides::default();
        for (name, value) in members {
            let value = match value {
                Value::Number(text) if json::is_integer_text(text) => text
                    .parse::<i128>()
                    .map_or(LimitValue::IntegerOutOfRange, LimitValue::Integer),
                // Named as Python and PHP name it: the same value gets the same message.
                Value::Number(_) => LimitValue::Other("float"),
                other => LimitValue::Other(other.type_name()),
            };
            out.set(name, value)?;
        }
        Ok(out)
    }

    /// Sets one limit by name, under the same rule as [`from_json`](Self::from_json): an
    /// unknown name or a value that is not a positive integer fitting `usize` is a `Validation`
    /// error whose path is `limits:<name>` (a `:` in the name written `::`).
    pub fn set(&mut self, name: &str, value: LimitValue<'_>) -> Result<()> {
        let path = format!("limits:{}", name.replace(':', "::"));
        let slot = match name {
            "max_body_bytes" => &mut self.max_body_bytes,
            "max_depth" => &mut self.max_depth,
            "max_items" => &mut self.max_items,
            "max_string_bytes" => &mut self.max_string_bytes,
            _ => {
                return Err(Error::field(
                    path,
                    format!("unknown limit (expected one of {})", Self::NAMES.join(", ")),
                ))
            }
        };
        let out_of_range = || {
            Error::field(
                path.clone(),
                format!("out of range (a positive integer up to {})", usize::MAX),
            )
        };
        let n = match value {
            LimitValue::Integer(n) if n <= 0 => {
                return Err(Error::field(
                    path,
                    format!("must be a positive integer, found {n}"),
                ))
            }
            LimitValue::Integer(n) => usize::try_from(n).map_err(|_| out_of_range())?,
            LimitValue::IntegerOutOfRange => return Err(out_of_range()),
            LimitValue::Other(found) => {
                return Err(Error::field(
                    path,
                    format!(
                        "must be a positive integer, found {}",
                        crate::money::truncate_for_message(found)
                    ),
                ))
            }
        };
        *slot = Some(n);
        Ok(())
    }

    /// The error for a limits argument that is not an object (mapping, array with keys) at
    /// all; `found` is the binding's name for what it got. Path `limits`.
    pub fn not_an_object(found: &str) -> Error {
        Error::field(
            "limits",
            format!(
                "must be an object of {}, found {}",
                Self::NAMES.join(", "),
                crate::money::truncate_for_message(found)
            ),
        )
    }

    /// The Gate JSON limits: these overrides over `JsonLimits::default()`.
    pub fn json(&self) -> JsonLimits {
        let d = JsonLimits::default();
        JsonLimits {
            max_body_bytes: self.max_body_bytes.unwrap_or(d.max_body_bytes),
            max_depth: self.max_depth.unwrap_or(d.max_depth),
            max_items: self.max_items.unwrap_or(d.max_items),
            max_string_bytes: self.max_string_bytes.unwrap_or(d.max_string_bytes),
        }
    }

    /// The CQR XML limits: these overrides over `ParseLimits::default()`.
    pub fn xml(&self) -> ParseLimits {
        let d = ParseLimits::default();
        ParseLimits {
            max_body_bytes: self.max_body_bytes.unwrap_or(d.max_body_bytes),
            max_depth: self.max_depth.unwrap_or(d.max_depth),
            max_items: self.max_items.unwrap_or(d.max_items),
            max_string_bytes: self.max_string_bytes.unwrap_or(d.max_string_bytes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(doc: &str) -> Error {
        match LimitOverrides::from_json(doc.as_bytes()) {
            Ok(l) => panic!("{doc} was accepted: {l:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn a_document_sets_the_members_it_names() {
        let l = LimitOverrides::from_json(br#"{"max_depth": 5, "max_body_bytes": 1024}"#).unwrap();
        assert_eq!(l.max_depth, Some(5));
        assert_eq!(l.max_body_bytes, Some(1024));
        assert_eq!(l.max_items, None);
        assert_eq!(
            LimitOverrides::from_json(b"{}").unwrap(),
            LimitOverrides::default()
        );
        let max = format!(r#"{{"max_items": {}}}"#, usize::MAX);
        assert_eq!(
            LimitOverrides::from_json(max.as_bytes()).unwrap().max_items,
            Some(usize::MAX)
        );
    }

    #[test]
    fn every_bad_member_is_a_validation_error_naming_it() {
        for (doc, path) in [
            (r#"{"max_size": 1}"#, "limits:max_size"),
            (r#"{"a:b": 1}"#, "limits:a::b"),
            (r#"{"max_depth": 0}"#, "limits:max_depth"),
            (r#"{"max_depth": -1}"#, "limits:max_depth"),
            (r#"{"max_depth": 1.0}"#, "limits:max_depth"),
            (r#"{"max_depth": 1e2}"#, "limits:max_depth"),
            (r#"{"max_depth": "5"}"#, "limits:max_depth"),
            (r#"{"max_depth": true}"#, "limits:max_depth"),
            (r#"{"max_depth": null}"#, "limits:max_depth"),
            (r#"{"max_depth": [5]}"#, "limits:max_depth"),
            (r#"{"max_depth": {"a": 5}}"#, "limits:max_depth"),
            (r#"{"max_depth": 18446744073709551616}"#, "limits:max_depth"),
            (
                r#"{"max_depth": 1000000000000000000000000000000000000000000}"#,
                "limits:max_depth",
            ),
            ("[5]", "limits"),
            ("5", "limits"),
            ("null", "limits"),
        ] {
            let e = refused(doc);
            assert_eq!(e.kind(), ErrorKind::Validation, "{doc}: {e}");
            assert_eq!(e.path(), Some(path), "{doc}: {e}");
            assert_eq!(e.field_errors().len(), 1, "{doc}");
        }
    }

    #[test]
    fn bytes_that_are_not_json_are_malformed() {
        for doc in ["", "{", r#"{"max_depth": 1,}"#, r#"{"max_depth": 1} x"#] {
            let e = refused(doc);
            assert_eq!(e.kind(), ErrorKind::MalformedInput, "{doc}");
            assert_eq!(e.path(), Some("limits"), "{doc}");
            assert!(e.message().starts_with("limits: "), "{doc}: {e}");
        }
        let dup = refused(r#"{"max_depth": 1, "max_depth": 2}"#);
        assert_eq!(dup.kind(), ErrorKind::MalformedInput);
        let big = format!(r#"{{"max_depth": 1{}}}"#, " ".repeat(MAX_DOCUMENT_BYTES));
        assert_eq!(refused(&big).kind(), ErrorKind::LimitExceeded);
    }

    #[test]
    fn set_applies_the_same_rule() {
        let mut l = LimitOverrides::default();
        l.set("max_items", LimitValue::Integer(7)).unwrap();
        assert_eq!(l.max_items, Some(7));
        for (name, value) in [
            ("max_items", LimitValue::Integer(0)),
            ("max_items", LimitValue::IntegerOutOfRange),
            ("max_items", LimitValue::Other("float")),
            ("nope", LimitValue::Integer(1)),
        ] {
            let e = l.set(name, value).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Validation);
            assert_eq!(e.path(), Some(format!("limits:{name}").as_str()));
        }
        assert_eq!(l.max_items, Some(7), "a refused value changes nothing");
        let e = LimitOverrides::not_an_object("list");
        assert_eq!(
            (e.kind(), e.path()),
            (ErrorKind::Validation, Some("limits"))
        );
    }

    #[test]
    fn unset_members_keep_each_parsers_defaults() {
        let none = LimitOverrides::default();
        assert_eq!(none.json(), JsonLimits::default());
        assert_eq!(none.xml(), ParseLimits::default());
        let some = LimitOverrides {
            max_depth: Some(5),
            ..LimitOverrides::default()
        };
        assert_eq!(some.json().max_depth, 5);
        assert_eq!(some.xml().max_depth, 5);
        assert_eq!(some.json().max_items, JsonLimits::default().max_items);
        assert_eq!(some.xml().max_items, ParseLimits::default().max_items);
    }
}
