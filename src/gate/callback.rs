//! Gate callbacks (gate.md §4): parse and verify the raw body into a typed model, derive the
//! outcome, and the pure decisions of §4.3 (sum check, transitions, acknowledgement).

use super::fields::{member, opt_i64, opt_text};
use super::json::{parse_object, Value};
use super::signer::{Signer, Verified};
use super::status::{Outcome, Status};
use crate::error::{Error, Result};
use serde::Serialize;

/// An amount as the platform sends it: integer minor units and a currency code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sum {
    pub amount: i64,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payment {
    /// The shop's payment id (the `payment_id` it returned or sent).
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub status: Option<Status>,
    pub date: Option<String>,
    pub method: Option<String>,
    pub sum: Option<Sum>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provider {
    pub id: Option<String>,
    pub payment_id: Option<String>,
    pub auth_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// Exact digits (may exceed 2^53).
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub status: Option<Status>,
    pub date: Option<String>,
    pub created_date: Option<String>,
    pub request_id: Option<String>,
    pub sum_initial: Option<Sum>,
    pub sum_converted: Option<Sum>,
    /// Unified code as text (`"0"`, `"20000"`).
    pub code: Option<String>,
    pub message: Option<String>,
    pub provider: Option<Provider>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallbackError {
    pub code: Option<String>,
    pub message: Option<String>,
    pub raw: serde_json::Value,
}

/// A verified callback.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Callback {
    pub project_id: Option<String>,
    pub payment: Payment,
    /// `account.number`: the customer for purchases, the wallet for payouts.
    pub account_number: Option<String>,
    pub customer_id: Option<String>,
    pub operation: Option<Operation>,
    pub errors: Vec<CallbackError>,
    /// Derived from `payment.status`, else `operation.status`; pending when neither is known.
    pub outcome: Outcome,
    /// Which accepted stamp form matched.
    pub signature: Verified,
    /// The whole message (signature included), numbers with their exact text.
    pub raw: serde_json::Value,
}

impl Callback {
    /// Parses and verifies a raw callback body. `MalformedInput`, `LimitExceeded`,
    /// `MissingSignature` and `SignatureMismatch` mean "answer 400, change nothing";
    /// `Validation` (e.g. no `payment.id`) likewise.
    pub fn parse(signer: &Signer, body: &[u8]) -> Result<Callback> {
        let root = parse_object(body, signer.limits())?;
        let signature = signer.verify_value(&root)?;
        Callback::from_verified(&root, signature)
    }

    /// Builds the model from an already verified message.
    pub fn from_verified(root: &Value<'_>, signature: Verified) -> Result<Callback> {
        let payment_v = match member(root, "payment") {
            Some(p @ Value::Object(_)) => p,
            Some(other) => {
                return Err(Error::field(
                    "payment",
                    format!("expected an object, found {}", other.type_name()),
                ))
            }
            None => return Err(Error::field("payment.id", "is required")),
        };
        let id = opt_text(member(payment_v, "id"), "payment.id")?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::field("payment.id", "is required"))?;
        let payment = Payment {
            id,
            kind: opt_text(member(payment_v, "type"), "payment.type")?,
            status: opt_text(member(payment_v, "status"), "payment.status")?
                .map(|s| Status::parse(&s)),
            date: opt_text(member(payment_v, "date"), "payment.date")?,
            method: opt_text(member(payment_v, "method"), "payment.method")?,
            sum: sum(member(payment_v, "sum"), "payment.sum")?,
            description: opt_text(member(payment_v, "description"), "payment.description")?,
        };
        let operation = match member(root, "operation") {
            None | Some(Value::Null) => None,
            Some(op @ Value::Object(_)) => Some(operation(op)?),
            Some(other) => {
                return Err(Error::field(
                    "operation",
                    format!("expected an object, found {}", other.type_name()),
                ))
            }
        };
        let errors = match member(root, "errors") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    Ok(CallbackError {
                        code: opt_text(member(e, "code"), &format!("errors.{i}.code"))
                            .unwrap_or(None),
                        message: opt_text(member(e, "message"), &format!("errors.{i}.message"))
                            .unwrap_or(None),
                        raw: e.to_serde(),
                    })
                })
                .collect::<Result<Vec<_>>>()?,
            Some(other) => {
                return Err(Error::field(
                    "errors",
                    format!("expected an array, found {}", other.type_name()),
                ))
            }
        };
        let outcome = payment
            .status
            .as_ref()
            .or(operation.as_ref().and_then(|o| o.status.as_ref()))
            .map(|s| s.outcome)
            .unwrap_or(Outcome::Pending);
        Ok(Callback {
            project_id: opt_text(member(root, "project_id"), "project_id")?,
            account_number: match member(root, "account") {
                Some(a) => opt_text(member(a, "number"), "account.number")?,
                None => None,
            },
            customer_id: match member(root, "customer") {
                Some(c) => opt_text(member(c, "id"), "customer.id")?,
                None => None,
            },
            payment,
            operation,
            errors,
            outcome,
            signature,
            raw: root.to_serde(),
        })
    }

    /// The status that decided the outcome.
    pub fn status(&self) -> Option<&Status> {
        self.payment
            .status
            .as_ref()
            .or(self.operation.as_ref().and_then(|o| o.status.as_ref()))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn sum(v: Option<&Value<'_>>, path: &str) -> Result<Option<Sum>> {
    let v = match v {
        None | Some(Value::Null) => return Ok(None),
        Some(v @ Value::Object(_)) => v,
        Some(other) => {
            return Err(Error::field(
                path,
                format!("expected an object, found {}", other.type_name()),
            ))
        }
    };
    let amount = opt_i64(member(v, "amount"), &format!("{path}.amount"))?;
    let currency = opt_text(member(v, "currency"), &format!("{path}.currency"))?;
    match (amount, currency) {
        (Some(amount), Some(currency)) => Ok(Some(Sum { amount, currency })),
        (None, None) => Ok(None),
        (None, Some(_)) => Err(Error::field(
            format!("{path}.amount"),
            "is required with a currency",
        )),
        (Some(_), None) => Err(Error::field(
            format!("{path}.currency"),
            "is required with an amount",
        )),
    }
}

fn operation(op: &Value<'_>) -> Result<Operation> {
    let provider = match member(op, "provider") {
        None | Some(Value::Null) => None,
        Some(p @ Value::Object(_)) => Some(Provider {
            id: opt_text(member(p, "id"), "operation.provider.id")?,
            payment_id: opt_text(member(p, "payment_id"), "operation.provider.payment_id")?,
            auth_code: opt_text(member(p, "auth_code"), "operation.provider.auth_code")?,
        }),
        Some(other) => {
            return Err(Error::field(
                "operation.provider",
                format!("expected an object, found {}", other.type_name()),
            ))
        }
    };
    Ok(Operation {
        id: opt_text(member(op, "id"), "operation.id")?,
        kind: opt_text(member(op, "type"), "operation.type")?,
        status: opt_text(member(op, "status"), "operation.status")?.map(|s| Status::parse(&s)),
        date: opt_text(member(op, "date"), "operation.date")?,
        created_date: opt_text(member(op, "created_date"), "operation.created_date")?,
        request_id: opt_text(member(op, "request_id"), "operation.request_id")?,
        sum_initial: sum(member(op, "sum_initial"), "operation.sum_initial")?,
        sum_converted: sum(member(op, "sum_converted"), "operation.sum_converted")?,
        code: opt_text(member(op, "code"), "operation.code")?,
        message: opt_text(member(op, "message"), "operation.message")?,
        provider,
    })
}

/// Result of comparing a callback's `payment.sum` with the stored order (§4.3 step 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum SumCheck {
    Match,
    /// Stored and flagged, never credited.
    Mismatch {
        expected: Sum,
        received: Option<Sum>,
    },
}

/// Compares `payment.sum` with what the shop expects (exact amount and currency).
pub fn check_sum(callback: &Callback, expected_amount: i64, expected_currency: &str) -> SumCheck {
    match &callback.payment.sum {
        Some(s) if s.amount == expected_amount && s.currency == expected_currency => {
            SumCheck::Match
        }
        other => SumCheck::Mismatch {
            expected: Sum {
                amount: expected_amount,
                currency: expected_currency.to_string(),
            },
            received: other.clone(),
        },
    }
}

/// What to do with an authentic callback given the payment's current outcome (§4.3 step 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    /// Apply the new outcome together with its money effect.
    Apply,
    /// Nothing changes (same outcome again, or pending → pending): acknowledge.
    NoChange,
    /// A change of a final outcome that is not allowed: store, flag, do not apply.
    Flag,
}

pub fn transition(current: Outcome, incoming: Outcome) -> Transition {
    use Outcome::*;
    if current == incoming {
        return Transition::NoChange;
    }
    match (current, incoming) {
        (Pending, _) => Transition::Apply,
        (Completed, Refunded | Reversed) => Transition::Apply,
        (_, Pending) => Transition::NoChange,
        _ => Transition::Flag,
    }
}

/// How the shop disposed of a callback, and the HTTP status to answer with (§4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    /// Verified, stored, applied.
    Applied,
    /// Its effect was already stored.
    Duplicate,
    /// Stored as unmatched (unknown payment id), nothing credited.
    Unmatched,
    /// Stored and flagged (sum mismatch, forbidden transition), nothing credited.
    Flagged,
    /// Malformed, unsigned, badly signed, or without `payment.id`: nothing changed.
    Rejected,
    /// Storing failed: the platform must retry.
    StorageFailed,
}

impl Disposition {
    /// 200 only once the result is durably stored; 400 for rejected input; 503 to ask for a retry.
    pub fn http_status(self) -> u16 {
        match self {
            Disposition::Applied
            | Disposition::Duplicate
            | Disposition::Unmatched
            | Disposition::Flagged => 200,
            Disposition::Rejected => 400,
            Disposition::StorageFailed => 503,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Outcome::*;

    #[test]
    fn transitions() {
        assert_eq!(transition(Pending, Completed), Transition::Apply);
        assert_eq!(transition(Pending, Failed), Transition::Apply);
        assert_eq!(transition(Completed, Completed), Transition::NoChange);
        assert_eq!(transition(Completed, Refunded), Transition::Apply);
        assert_eq!(transition(Completed, Failed), Transition::Flag);
        assert_eq!(transition(Failed, Completed), Transition::Flag);
        assert_eq!(transition(Completed, Pending), Transition::NoChange);
    }

    #[test]
    fn dispositions() {
        assert_eq!(Disposition::Applied.http_status(), 200);
        assert_eq!(Disposition::Duplicate.http_status(), 200);
        assert_eq!(Disposition::Rejected.http_status(), 400);
        assert_eq!(Disposition::StorageFailed.http_status(), 503);
    }
}
