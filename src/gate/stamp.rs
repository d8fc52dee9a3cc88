//! The canonical stamp (gate.md §2.3) and the bounded set of variant stamps accepted on
//! verification (§2.4 step 4).
//!
//! Flattening writes every `path:value` entry once into one arena string; sorting permutes
//! small index records, so building a stamp costs one pass plus a sort, with no per-item
//! allocation.

use super::json::{is_integer_text, Value};
use super::natural::strnatcmp;
use super::numbers::{php_float_text, python_float_text};
use crate::error::{Error, Result};
use std::borrow::Cow;
use std::cmp::Ordering;

/// How the flattened paths are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Byte order of the UTF-8 paths (canonical; Python SDK).
    Byte,
    /// PHP `ksort(..., SORT_NATURAL)` order (PHP SDK), accepted on input only.
    Natural,
}

/// How a `:` inside a member name is written in the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColonMode {
    /// `:` doubled to `::` (canonical).
    Escaped,
    /// Left as it is (older SDKs), accepted on input only.
    Unescaped,
}

/// How non-integer number tokens are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberRendering {
    /// The exact received text (canonical).
    Exact,
    /// Python's `repr(float)`.
    Python,
    /// PHP's `(string)$float` with precision 14.
    Php,
}

/// One way of writing the stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct StampVariant {
    pub order: SortOrder,
    pub colon: ColonMode,
    pub numbers: NumberRendering,
}

impl StampVariant {
    pub const CANONICAL: StampVariant = StampVariant {
        order: SortOrder::Byte,
        colon: ColonMode::Escaped,
        numbers: NumberRendering::Exact,
    };

    pub fn is_canonical(&self) -> bool {
        *self == Self::CANONICAL
    }
}

/// Member names dropped at every depth with their subtree.
const IGNORED_KEY: &str = "frame_mode";
/// Member name of the signature, removed from objects reached through objects only.
pub(crate) const SIGNATURE_KEY: &str = "signature";

#[derive(Clone, Copy)]
enum Leaf<'v> {
    Text(&'v str),
    Float(&'v str),
    Bool(bool),
    Null,
}

struct Entry<'v> {
    path_start: u32,
    path_end: u32,
    leaf: Leaf<'v>,
}

/// A message flattened into `path` + leaf records, paths written for one colon mode.
pub(crate) struct Flat<'v> {
    paths: String,
    entries: Vec<Entry<'v>>,
    pub(crate) has_colon_key: bool,
    pub(crate) has_float: bool,
}

/// Path segments are written into a reusable prefix buffer.
struct Flattener<'v> {
    colon: ColonMode,
    reject_floats: bool,
    prefix: String,
    flat: Flat<'v>,
}

impl<'v> Flat<'v> {
    /// Flattens an object, leaving out `signature` members per §2.4 step 3 and `frame_mode`
    /// members everywhere. With `reject_floats`, a non-integer number is an error naming its path.
    pub(crate) fn build(
        root: &'v Value<'v>,
        colon: ColonMode,
        reject_floats: bool,
    ) -> Result<Flat<'v>> {
        let mut f = Flattener {
            colon,
            reject_floats,
            prefix: String::with_capacity(64),
            flat: Flat {
                paths: String::with_capacity(256),
                entries: Vec::with_capacity(32),
                has_colon_key: false,
                has_float: false,
            },
        };
        f.walk(root, true)?;
        Ok(f.flat)
    }

    fn path(&self, e: &Entry<'_>) -> &str {
        &self.paths[e.path_start as usize..e.path_end as usize]
    }

    /// Entry order for `order`; stable, so equal paths keep document order.
    fn ordered(&self, order: SortOrder) -> Vec<u32> {
        let mut idx: Vec<u32> = (0..self.entries.len() as u32).collect();
        let key = |i: &u32| self.path(&self.entries[*i as usize]).as_bytes();
        match order {
            SortOrder::Byte => idx.sort_by(|a, b| key(a).cmp(key(b))),
            SortOrder::Natural => idx.sort_by(|a, b| strnatcmp(key(a), key(b))),
        }
        idx
    }

    /// True when natural order and byte order give different sequences of paths.
    pub(crate) fn natural_differs(&self) -> bool {
        let byte = self.ordered(SortOrder::Byte);
        let nat = self.ordered(SortOrder::Natural);
        byte.iter().zip(nat.iter()).any(|(a, b)| {
            self.path(&self.entries[*a as usize]) != self.path(&self.entries[*b as usize])
        })
    }

    /// Writes the stamp: `path:value` entries in `order`, joined by `;`.
    pub(crate) fn render(&self, order: SortOrder, numbers: NumberRendering) -> String {
        let idx = self.ordered(order);
        let mut out = String::with_capacity(self.paths.len() + self.entries.len() * 16);
        for (n, i) in idx.iter().enumerate() {
            let e = &self.entries[*i as usize];
            if n > 0 {
                out.push(';');
            }
            out.push_str(self.path(e));
            out.push(':');
            match e.leaf {
                Leaf::Text(t) => out.push_str(t),
                Leaf::Bool(true) => out.push('1'),
                Leaf::Bool(false) => out.push('0'),
                Leaf::Null => {}
                Leaf::Float(t) => match numbers {
                    NumberRendering::Exact => out.push_str(t),
                    NumberRendering::Python => out.push_str(&python_float_text(t)),
                    NumberRendering::Php => out.push_str(&php_float_text(t)),
                },
            }
        }
        out
    }
}

impl<'v> Flattener<'v> {
    fn walk(&mut self, v: &'v Value<'v>, skip_signature: bool) -> Result<()> {
        match v {
            Value::Object(members) => {
                for (k, child) in members {
                    if k == IGNORED_KEY || (skip_signature && k == SIGNATURE_KEY) {
                        continue;
                    }
                    let mark = self.prefix.len();
                    if mark > 0 {
                        self.prefix.push(':');
                    }
                    self.push_key(k);
                    let child_skips = skip_signature && matches!(child, Value::Object(_));
                    self.walk(child, child_skips)?;
                    self.prefix.truncate(mark);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let mark = self.prefix.len();
                    if mark > 0 {
                        self.prefix.push(':');
                    }
                    push_index(&mut self.prefix, i);
                    self.walk(child, false)?;
                    self.prefix.truncate(mark);
                }
            }
            Value::String(s) => self.leaf(Leaf::Text(s)),
            Value::Number(t) => {
                if is_integer_text(t) {
                    self.leaf(Leaf::Text(t))
                } else if self.reject_floats {
                    return Err(Error::field(
                        self.prefix.clone(),
                        "floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)",
                    ));
                } else {
                    self.flat.has_float = true;
                    self.leaf(Leaf::Float(t))
                }
            }
            Value::Bool(b) => self.leaf(Leaf::Bool(*b)),
            Value::Null => self.leaf(Leaf::Null),
        }
        Ok(())
    }

    fn push_key(&mut self, k: &Cow<'_, str>) {
        if k.contains(':') {
            self.flat.has_colon_key = true;
            if self.colon == ColonMode::Escaped {
                self.prefix.push_str(&k.replace(':', "::"));
                return;
            }
        }
        self.prefix.push_str(k);
    }

    fn leaf(&mut self, leaf: Leaf<'v>) {
        let start = self.flat.paths.len() as u32;
        self.flat.paths.push_str(&self.prefix);
        let end = self.flat.paths.len() as u32;
        self.flat.entries.push(Entry {
            path_start: start,
            path_end: end,
            leaf,
        });
    }
}

fn push_index(out: &mut String, i: usize) {
    use std::fmt::Write;
    let _ = write!(out, "{i}");
}

/// The canonical stamp of a message (byte order, `::` escaping, exact number text),
/// without `signature` members and `frame_mode`.
pub fn canonical_stamp(root: &Value<'_>) -> Result<String> {
    let flat = Flat::build(root, ColonMode::Escaped, false)?;
    Ok(flat.render(SortOrder::Byte, NumberRendering::Exact))
}

/// The stamp used for signing: canonical, and floats anywhere are an error naming the path.
pub fn signing_stamp(root: &Value<'_>) -> Result<String> {
    let flat = Flat::build(root, ColonMode::Escaped, true)?;
    Ok(flat.render(SortOrder::Byte, NumberRendering::Exact))
}

/// Every distinct stamp a verifier accepts for this message, canonical first, each with the
/// variant that produced it. At most 12 candidates; only variants that change the stamp.
pub fn candidate_stamps(root: &Value<'_>) -> Result<Vec<(StampVariant, String)>> {
    let escaped = Flat::build(root, ColonMode::Escaped, false)?;
    let mut out: Vec<(StampVariant, String)> = Vec::with_capacity(4);
    out.push((
        StampVariant::CANONICAL,
        escaped.render(SortOrder::Byte, NumberRendering::Exact),
    ));
    let unescaped = if escaped.has_colon_key {
        Some(Flat::build(root, ColonMode::Unescaped, false)?)
    } else {
        None
    };
    let mut flats: Vec<(ColonMode, &Flat<'_>)> = vec![(ColonMode::Escaped, &escaped)];
    if let Some(u) = unescaped.as_ref() {
        flats.push((ColonMode::Unescaped, u));
    }
    let numbers: &[NumberRendering] = if escaped.has_float {
        &[
            NumberRendering::Exact,
            NumberRendering::Python,
            NumberRendering::Php,
        ]
    } else {
        &[NumberRendering::Exact]
    };
    for (colon, flat) in flats {
        let orders: &[SortOrder] = if flat.natural_differs() {
            &[SortOrder::Byte, SortOrder::Natural]
        } else {
            &[SortOrder::Byte]
        };
        for &order in orders {
            for &num in numbers {
                let variant = StampVariant {
                    order,
                    colon,
                    numbers: num,
                };
                if variant.is_canonical() {
                    continue;
                }
                let s = flat.render(order, num);
                if !out.iter().any(|(_, existing)| *existing == s) {
                    out.push((variant, s));
                }
            }
        }
    }
    Ok(out)
}

/// Byte-order comparison of two paths (exposed for tests and documentation).
pub fn byte_order(a: &str, b: &str) -> Ordering {
    a.as_bytes().cmp(b.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::json::{parse_object, JsonLimits};

    fn stamp(s: &str) -> String {
        let v = parse_object(s.as_bytes(), &JsonLimits::default()).unwrap();
        canonical_stamp(&v).unwrap()
    }

    #[test]
    fn illustration_from_the_rules() {
        assert_eq!(
            stamp(
                r#"{"b":{"y":null,"x":true},"a":["p",{}],"frame_mode":"popup","n":[],"big":12345678901234567890}"#
            ),
            "a:0:p;b:x:1;b:y:;big:12345678901234567890"
        );
    }

    #[test]
    fn signature_removed_only_through_objects() {
        assert_eq!(
            stamp(
                r#"{"signature":"x","general":{"signature":"y","project_id":1},"list":[{"signature":"kept"}]}"#
            ),
            "general:project_id:1;list:0:signature:kept"
        );
    }

    #[test]
    fn colons_escaped_and_prefix_sorts_first() {
        assert_eq!(
            stamp(r#"{"big":1,"b":{"x":2},"a:b":3}"#),
            "a::b:3;b:x:2;big:1"
        );
    }

    #[test]
    fn floats_rejected_when_signing() {
        let v = parse_object(br#"{"a":{"b":[1,2.5]}}"#, &JsonLimits::default()).unwrap();
        let e = signing_stamp(&v).unwrap_err();
        assert_eq!(e.path(), Some("a:b:1"));
    }

    #[test]
    fn candidates_only_when_they_differ() {
        let v = parse_object(br#"{"a":1,"b":"x"}"#, &JsonLimits::default()).unwrap();
        assert_eq!(candidate_stamps(&v).unwrap().len(), 1);
        let v = parse_object(br#"{"a:b":1.10}"#, &JsonLimits::default()).unwrap();
        let c = candidate_stamps(&v).unwrap();
        let stamps: Vec<&str> = c.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(stamps, ["a::b:1.10", "a::b:1.1", "a:b:1.10", "a:b:1.1"]);
        let v = parse_object(br#"{"e":[0,1,2,3,4,5,6,7,8,9,10]}"#, &JsonLimits::default()).unwrap();
        let c = candidate_stamps(&v).unwrap();
        assert_eq!(c.len(), 2);
        assert!(c[1].1.ends_with("e:9:9;e:10:10"));
    }
}
