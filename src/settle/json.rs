//! Records and settings as JSON documents: the form hosts outside Rust (the C ABI, PHP, the
//! CLI, the shared vectors) hand to the engine. Each document is checked as a whole; every
//! problem is reported at once, naming its field.

use super::cqr::{CqrOrder, CqrSettings};
use super::gate::GateRecord;
use crate::error::{Error, FieldError, Result};
use crate::money::Currency;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Reads a record, order or settings document with the host-document error model (and size
/// limit, `crate::document::MAX_DOCUMENT_BYTES`) every binding's documents share.
fn from_json<T: DeserializeOwned>(what: &str, json: &[u8]) -> Result<T> {
    crate::document::document_from_json(what, json)
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
