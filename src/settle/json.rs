//! Records and settings as JSON documents: the form hosts outside Rust (the C ABI, PHP, the
//! CLI, the shared vectors) hand to the engine. Each document is checked as a whole; every
//! problem is reported at once, naming its field.

use super::cqr::{CqrOrder, CqrSettings};
use super::gate::GateRecord;
use crate::error::{Error, FieldError, Limit, Result};
use crate::money::Currency;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Largest record or settings document accepted (a record lists applied operation ids, so it
/// grows with refunds; 1 MiB is far beyond any real one).
pub const MAX_DOCUMENT_BYTES: usize = 1 << 20;

fn from_json<T: DeserializeOwned>(what: &str, json: &[u8]) -> Result<T> {
    if json.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::limit(
            Limit::BodySize,
            format!("{what} larger than {MAX_DOCUMENT_BYTES} bytes"),
        ));
    }
    // serde would read a struct from an array too (members by position): refuse it up front so
    // that such a document gets one clear error naming the document.
    match json.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') | None => {}
        Some(b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
            return Err(Error::field(what, "must be a JSON object"))
        }
        Some(_) => {}
    }
    let mut de = serde_json::Deserializer::from_slice(json);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        use serde_json::error::Category;
        // The member at fault (`amount`, `applied_operations[1]`); the document itself when the
        // problem is its top level (not an object, an unknown or missing member).
        let path = member_path(e.path());
        let inner = e.into_inner();
        match inner.classify() {
            Category::Data => {
                let (field, reason) = match member_named(&inner.to_string()) {
                    Some(name) => (name, inner.to_string()),
                    None if !path.is_empty() => (path, inner.to_string()),
                    None => (what.to_string(), inner.to_string()),
                };
                Error::field(field, reason)
            }
            Category::Syntax | Category::Eof | Category::Io => {
                Error::malformed(format!("{what}: {inner}"))
            }
        }
    })?;
    de.end()
        .map_err(|e| Error::malformed(format!("{what}: {e}")))?;
    Ok(value)
}

/// A member's path the way every core error writes it: keys and indexes joined with `:`
/// (`applied_operations:1`).
fn member_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        let part = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
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
    rest.split('`').next().map(str::to_string)
}

/// Checks the money fields every record shares.
fn check_money(
    currency: &str,
    amount: i64,
    credited: i64,
    debited: i64,
    problems: &mut Vec<FieldError>,
) {
    let mut problem = |field: &str, reason: String| {
        problems.push(FieldError {
            field: field.to_string(),
            reason,
        })
    };
    if let Err(e) = Currency::for_amounts(currency) {
        problem("currency", e.message().to_string());
    }
    if amount <= 0 {
        problem("amount", "must be > 0".into());
    }
    if credited < 0 {
        problem("credited", "must be >= 0".into());
    }
    if debited < 0 {
        problem("debited", "must be >= 0".into());
    }
    if debited > credited {
        problem("debited", "exceeds credited".into());
    }
}

fn check_ids(field: &str, ids: &[String], problems: &mut Vec<FieldError>) {
    if ids.iter().any(|s| s.is_empty()) {
        problems.push(FieldError {
            field: field.to_string(),
            reason: "contains an empty id".into(),
        });
    }
}

fn done<T>(value: T, problems: Vec<FieldError>) -> Result<T> {
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(Error::fields(problems))
    }
}

/// A Gate record from JSON: `{"kind","status","amount","currency","credited","debited",
/// "applied_operations","raw_status"}` (the last four optional; unknown members refused).
pub fn parse_gate_record(json: &[u8]) -> Result<GateRecord> {
    let r: GateRecord = from_json("record", json)?;
    let mut problems = Vec::new();
    check_money(&r.currency, r.amount, r.credited, r.debited, &mut problems);
    check_ids("applied_operations", &r.applied_operations, &mut problems);
    done(r, problems)
}

/// A CQR order from JSON: `{"status","amount","currency","credited","debited","payment_id",
/// "applied_keys"}` (the last four optional; unknown members refused).
pub fn parse_cqr_order(json: &[u8]) -> Result<CqrOrder> {
    let o: CqrOrder = from_json("order", json)?;
    let mut problems = Vec::new();
    check_money(&o.currency, o.amount, o.credited, o.debited, &mut problems);
    check_ids("applied_keys", &o.applied_keys, &mut problems);
    if o.payment_id.as_deref().is_some_and(|s| s.trim().is_empty()) {
        problems.push(FieldError {
            field: "payment_id".into(),
            reason: "must be null or a non-empty id".into(),
        });
    }
    done(o, problems)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsDoc {
    merchant_id: String,
    shop_id: String,
    #[serde(default)]
    confirm_with_get_payments: bool,
}

/// CQR settings from JSON: `{"merchant_id","shop_id","confirm_with_get_payments"}`.
pub fn parse_cqr_settings(json: &[u8]) -> Result<CqrSettings> {
    let d: SettingsDoc = from_json("settings", json)?;
    let mut problems = Vec::new();
    for (field, value) in [("merchant_id", &d.merchant_id), ("shop_id", &d.shop_id)] {
        if value.trim().is_empty() {
            problems.push(FieldError {
                field: field.into(),
                reason: "is required".into(),
            });
        }
    }
    let mut s = CqrSettings::new(&d.merchant_id, &d.shop_id);
    s.confirm_with_get_payments = d.confirm_with_get_payments;
    done(s, problems)
}
