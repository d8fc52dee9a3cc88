//! A host's choice of parse limits, as the bindings take it (C: a JSON document; Python: a
//! mapping; PHP: an array through C): any subset of the four, the rest keep the defaults of
//! the parser they are applied to. Gate JSON and CQR XML share the names but not every
//! default (`max_items`: 100,000 values vs 20,000 elements), so one choice yields both.

use crate::cqr::ParseLimits;
use crate::gate::JsonLimits;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitOverrides {
    pub max_body_bytes: Option<usize>,
    pub max_depth: Option<usize>,
    pub max_items: Option<usize>,
    pub max_string_bytes: Option<usize>,
}

impl LimitOverrides {
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
