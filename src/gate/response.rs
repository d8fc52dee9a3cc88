//! Gate's synchronous answers: the payout response (gate.md §5.2) and the status response (§6).

use super::callback::Callback;
use super::fields::{member, opt_text};
use super::json::{parse_object, RawJson, Value};
use super::signer::{received_signature, Signer};
use crate::error::{Error, ErrorKind};
use crate::money::truncate_for_message;
use serde::Serialize;

/// What the shop knows after sending a payout request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum PayoutResponse {
    /// The request was accepted; the outcome comes later by callback.
    Accepted {
        /// `request_id` the platform gave the request, if any.
        request_id: Option<String>,
        /// The answer as received (compact, numbers with their exact text).
        raw: RawJson,
    },
    /// The platform refused this request (`status` = `error`, or HTTP 4xx with a JSON body); the
    /// payout failed (first send only).
    Rejected {
        /// `status` as received (`error`).
        status: Option<String>,
        /// `code`: the platform's unified error code, as text.
        code: Option<String>,
        /// `message`: the platform's explanation.
        message: Option<String>,
        /// `errors`: per-field errors, when the platform lists them.
        errors: Option<RawJson>,
        /// The answer as received (compact, numbers with their exact text).
        raw: RawJson,
    },
    /// Not known (HTTP 5xx, non-JSON, a 2xx whose `status` is missing or neither `success` nor
    /// `error`, a bad signature, another `payment_id`): do not retry with a new payment_id;
    /// resend the same request or ask for the status.
    Unknown {
        /// Why the outcome is unknown, for the shop's log.
        reason: String,
        /// Error kind name when the answer broke a rule (`signature_mismatch`, `protocol`, ...).
        error: Option<String>,
        /// The answer when it was read as a JSON object (not for HTTP 5xx or a body that is
        /// not one).
        raw: Option<RawJson>,
    },
}

impl PayoutResponse {
    /// For the host's transport failures (timeout, connection lost).
    pub fn transport_failure(reason: &str) -> PayoutResponse {
        PayoutResponse::Unknown {
            reason: reason.to_string(),
            error: None,
            raw: None,
        }
    }

    /// The answer as JSON (`{"result": "accepted" | "rejected" | "unknown", ...}`).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn unknown(
    reason: impl Into<String>,
    error: Option<&Error>,
    raw: Option<RawJson>,
) -> PayoutResponse {
    PayoutResponse::Unknown {
        reason: reason.into(),
        error: error.map(|e| e.kind().name().to_string()),
        raw,
    }
}

/// The answer's `payment_id` (top level or in `general`).
fn answered_payment_id(root: &Value<'_>) -> Option<String> {
    let direct = opt_text(member(root, "payment_id"), "payment_id")
        .ok()
        .flatten();
    direct.or_else(|| {
        member(root, "general").and_then(|g| {
            opt_text(member(g, "payment_id"), "general.payment_id")
                .ok()
                .flatten()
        })
    })
}

/// Classifies a payout answer (gate.md §5.2). `resend` is true when this `payment_id` was sent
/// before (a rejection then says nothing certain about the earlier send).
///
/// A 2xx answer is `Accepted` only with `status` `success` and `Rejected` only with `status`
/// `error` (ASCII case-insensitive); any other or a missing `status` (e.g. `processing`) is
/// `Unknown`, since treating it as a refusal would invite a second payout under a new id.
pub fn parse_payout_response(
    signer: &Signer,
    http_status: u16,
    body: &[u8],
    sent_payment_id: &str,
    resend: bool,
) -> PayoutResponse {
    if http_status >= 500 {
        return unknown(format!("HTTP {http_status} from Gate"), None, None);
    }
    let root = match parse_object(body, signer.limits()) {
        Ok(r) => r,
        Err(e) => {
            return unknown(
                format!("the answer is not a JSON object: {}", e.message()),
                Some(&e),
                None,
            )
        }
    };
    let raw = RawJson::from_value(&root);
    if received_signature(&root).is_some() {
        if let Err(e) = signer.verify_value(&root) {
            return unknown(
                format!("the answer's signature does not verify: {}", e.message()),
                Some(&e),
                Some(raw),
            );
        }
    }
    if let Some(answered) = answered_payment_id(&root) {
        if answered != sent_payment_id {
            let e = Error::new(ErrorKind::Protocol, "the answer names another payment_id");
            return unknown(e.message().to_string(), Some(&e), Some(raw));
        }
    }
    let status = opt_text(member(&root, "status"), "status").ok().flatten();
    let is = |word: &str| {
        status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case(word))
    };
    match http_status {
        200..=299 if is("success") => PayoutResponse::Accepted {
            request_id: opt_text(member(&root, "request_id"), "request_id")
                .ok()
                .flatten(),
            raw,
        },
        200..=299 if status.is_none() => unknown("the answer has no status", None, Some(raw)),
        200..=299 if !is("error") => unknown(
            format!(
                "the answer's status {:?} is neither success nor error",
                truncate_for_message(status.as_deref().unwrap_or(""))
            ),
            None,
            Some(raw),
        ),
        200..=299 | 400..=499 => {
            if resend {
                return unknown(
                    "a resend was refused; the first send may still be processed",
                    None,
                    Some(raw),
                );
            }
            PayoutResponse::Rejected {
                status,
                code: opt_text(member(&root, "code"), "code").ok().flatten(),
                message: opt_text(member(&root, "message"), "message").ok().flatten(),
                errors: member(&root, "errors").map(RawJson::from_value),
                raw,
            }
        }
        other => unknown(
            format!("unexpected HTTP {other} from Gate"),
            None,
            Some(raw),
        ),
    }
}

/// The unified code Gate uses for "Transaction not found".
pub const TRANSACTION_NOT_FOUND: &str = "3061";

/// What a status request told the shop.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum StatusResponse {
    /// Signed payment data, read like a callback.
    Found {
        /// The verified payment data, with the same fields as a callback.
        callback: Box<Callback>,
    },
    /// Code 3061: the platform does not know this payment; the host decides.
    NotFound {
        /// The answer as received.
        raw: RawJson,
    },
    /// An error answer without payment data.
    Error {
        /// `status` as received.
        status: Option<String>,
        /// `code`: the platform's unified error code, as text.
        code: Option<String>,
        /// `message`: the platform's explanation.
        message: Option<String>,
        /// The answer as received.
        raw: RawJson,
    },
}

impl StatusResponse {
    /// The answer as JSON (`{"result": "found" | "not_found" | "error", ...}`).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Parses a status answer. Payment data must carry a valid signature, else the answer is an
/// error (`MissingSignature` / `SignatureMismatch`) and must not be trusted.
pub fn parse_status_response(signer: &Signer, body: &[u8]) -> Result<StatusResponse, Error> {
    let root = parse_object(body, signer.limits())?;
    let code = opt_text(member(&root, "code"), "code")?.or_else(|| {
        member(&root, "operation")
            .and_then(|o| opt_text(member(o, "code"), "operation.code").ok().flatten())
    });
    let has_payment = matches!(member(&root, "payment"), Some(Value::Object(_)));
    if received_signature(&root).is_some() || has_payment {
        signer.verify_value(&root).and_then(|verified| {
            if code.as_deref() == Some(TRANSACTION_NOT_FOUND) && !has_payment {
                return Ok(StatusResponse::NotFound {
                    raw: RawJson::from_value(&root),
                });
            }
            if has_payment {
                Ok(StatusResponse::Found {
                    callback: Box::new(Callback::from_verified(&root, verified)?),
                })
            } else {
                Ok(error_answer(&root, code.clone()))
            }
        })
    } else if code.as_deref() == Some(TRANSACTION_NOT_FOUND) {
        Ok(StatusResponse::NotFound {
            raw: RawJson::from_value(&root),
        })
    } else {
        Ok(error_answer(&root, code))
    }
}

fn error_answer(root: &Value<'_>, code: Option<String>) -> StatusResponse {
    StatusResponse::Error {
        status: opt_text(member(root, "status"), "status").ok().flatten(),
        code,
        message: opt_text(member(root, "message"), "message").ok().flatten(),
        raw: RawJson::from_value(root),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payout_answers() {
        let s = Signer::new("k").unwrap();
        let ok = br#"{"status":"success","request_id":"r1","project_id":35,"payment_id":"p1"}"#;
        assert!(
            matches!(parse_payout_response(&s, 200, ok, "p1", false), PayoutResponse::Accepted { request_id: Some(ref r), .. } if r == "r1")
        );
        assert!(matches!(
            parse_payout_response(&s, 200, ok, "p2", false),
            PayoutResponse::Unknown { .. }
        ));
        let err = br#"{"status":"error","code":"3","message":"bad"}"#;
        assert!(matches!(
            parse_payout_response(&s, 400, err, "p1", false),
            PayoutResponse::Rejected { .. }
        ));
        assert!(matches!(
            parse_payout_response(&s, 400, err, "p1", true),
            PayoutResponse::Unknown { .. }
        ));
        assert!(matches!(
            parse_payout_response(&s, 502, b"<html>", "p1", false),
            PayoutResponse::Unknown { .. }
        ));
        assert!(matches!(
            parse_payout_response(&s, 400, b"<html>", "p1", false),
            PayoutResponse::Unknown { .. }
        ));
        // 2xx: only `error` is a refusal; another or a missing status is not known (§5.2).
        assert!(matches!(
            parse_payout_response(&s, 200, err, "p1", false),
            PayoutResponse::Rejected { .. }
        ));
        assert!(matches!(
            parse_payout_response(&s, 200, br#"{"status":"ERROR"}"#, "p1", false),
            PayoutResponse::Rejected { .. }
        ));
        for body in [
            &br#"{"status":"processing"}"#[..],
            br#"{"status":"pending","payment_id":"p1"}"#,
            br#"{"status":""}"#,
            br#"{"status":7}"#,
            br#"{"status":null}"#,
            br#"{"request_id":"r"}"#,
            br#"{}"#,
        ] {
            for resend in [false, true] {
                assert!(
                    matches!(
                        parse_payout_response(&s, 202, body, "p1", resend),
                        PayoutResponse::Unknown {
                            error: None,
                            raw: Some(_),
                            ..
                        }
                    ),
                    "{}",
                    String::from_utf8_lossy(body)
                );
            }
        }
        // 4xx with a JSON body stays a refusal whatever its status.
        assert!(matches!(
            parse_payout_response(&s, 400, br#"{"status":"processing"}"#, "p1", false),
            PayoutResponse::Rejected { .. }
        ));
        let forged = br#"{"status":"success","payment_id":"p1","signature":"AAAA"}"#;
        assert!(
            matches!(parse_payout_response(&s, 200, forged, "p1", false), PayoutResponse::Unknown { error: Some(ref e), .. } if e == "signature_mismatch")
        );
    }

    #[test]
    fn status_answers() {
        let s = Signer::new("k").unwrap();
        let nf = br#"{"status":"error","code":"3061","message":"Transaction not found"}"#;
        assert!(matches!(
            parse_status_response(&s, nf).unwrap(),
            StatusResponse::NotFound { .. }
        ));
        let unsigned = br#"{"payment":{"id":"p","status":"success"}}"#;
        assert_eq!(
            parse_status_response(&s, unsigned).unwrap_err().kind(),
            ErrorKind::MissingSignature
        );
    }
}
