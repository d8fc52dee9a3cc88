//! The listener side: the answer to a notification, and the pure checks of processing it
//! (amount check, isExecuted consistency). What a notification does to an order is the
//! settlement engine's decision (`crate::settle::cqr`).

use crate::cqr::escape::{forbidden_char, push_element, push_text, DECLARATION, NS};
use crate::cqr::payment::Payment;
use crate::cqr::state::Outcome;
use crate::error::{Error, Result};
use crate::money::{Amount, Decimal};
use serde::Serialize;

/// A `resultCode` (`key` and `value`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultCode {
    /// `resultCode/key`: the number PXP acts on.
    pub code: i64,
    /// `resultCode/value`: its name (`ProcessedSuccessfully`).
    pub name: String,
}

impl ResultCode {
    /// A result code with its name.
    pub fn new(code: i64, name: impl Into<String>) -> Self {
        ResultCode {
            code,
            name: name.into(),
        }
    }
}

/// What the host decided about a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AckResult {
    /// Processed and durably stored (or already processed before).
    Processed,
    /// Not ours: other merchant/shop, or unknown merchantTransactionID.
    UnknownState,
    /// Transient failure; PXP should send again.
    ErrorProcessingEvent,
}

crate::wire::wire_names!(AckResult, "ack result", {
    Processed => "processed",
    UnknownState => "unknown_state",
    ErrorProcessingEvent => "error_processing_event",
});

/// A parsed notification answer (`handlePaymentStateChangedNotificationResponse`, what
/// [`build_ack`] writes), as a platform or a test reads the shop's reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ack {
    /// `resultCode`: `key` and `value` as the shop wrote them.
    pub result_code: ResultCode,
    /// The decision the documented codes give `result_code.code` ([`AckCodes::default`]):
    /// `None` for any other code (3 RefusedByRiskManagement, 15 BlockedByMerchant, custom).
    pub result: Option<AckResult>,
    /// `resultMessage` verbatim; empty for `<resultMessage/>`, a nil or a missing element.
    pub message: String,
}

/// The configured result codes (defaults 0 ProcessedSuccessfully, 2 UnknownState,
/// 10 ErrorProcessingEvent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AckCodes {
    /// Answered when the notification was processed (default 0 `ProcessedSuccessfully`).
    pub processed: ResultCode,
    /// Answered for an order or state the shop does not know (default 2 `UnknownState`).
    pub unknown_state: ResultCode,
    /// Answered when processing failed and PXP should retry (default 10 `ErrorProcessingEvent`).
    pub error_processing_event: ResultCode,
}

impl Default for AckCodes {
    fn default() -> Self {
        AckCodes {
            processed: ResultCode::new(0, "ProcessedSuccessfully"),
            unknown_state: ResultCode::new(2, "UnknownState"),
            error_processing_event: ResultCode::new(10, "ErrorProcessingEvent"),
        }
    }
}

impl AckCodes {
    /// The configured code for a decision.
    pub fn code(&self, r: AckResult) -> &ResultCode {
        match r {
            AckResult::Processed => &self.processed,
            AckResult::UnknownState => &self.unknown_state,
            AckResult::ErrorProcessingEvent => &self.error_processing_event,
        }
    }

    /// The decision these codes answer with `code` (`None` for a code none of them has, such as
    /// 3 RefusedByRiskManagement or 15 BlockedByMerchant with the defaults).
    pub fn result_of(&self, code: i64) -> Option<AckResult> {
        AckResult::ALL
            .iter()
            .copied()
            .find(|&r| self.code(r).code == code)
    }

    /// The answer body for a decision; `reason` is ignored for `Processed`.
    pub fn answer(&self, r: AckResult, reason: &str) -> Result<String> {
        let c = self.code(r);
        let reason = if r == AckResult::Processed {
            ""
        } else {
            reason
        };
        build_ack(c.code, &c.name, reason)
    }
}

/// Longest `resultMessage` written, in characters (longer reasons are cut).
pub const MAX_RESULT_MESSAGE_CHARS: usize = 200;

/// Known result code names (cqr.md §5.1), for a code given without a name.
pub fn default_result_name(code: i64) -> Option<&'static str> {
    Some(match code {
        0 => "ProcessedSuccessfully",
        2 => "UnknownState",
        3 => "RefusedByRiskManagement",
        10 => "ErrorProcessingEvent",
        15 => "BlockedByMerchant",
        _ => return None,
    })
}

/// The result name an answer with `code` carries: `name` when given, else the code's default
/// name. A code without a default and no name is a `Validation` error with path `name`.
pub fn ack_result_name(code: i64, name: Option<&str>) -> Result<&str> {
    match name {
        Some(n) => Ok(n),
        None => default_result_name(code).ok_or_else(|| {
            Error::field("name", format!("code {code} has no default name; pass one"))
        }),
    }
}

/// `handlePaymentStateChangedNotificationResponse`. For code 0 the message is always empty
/// (`<resultMessage/>`); otherwise the reason is written escaped, cut to 200 characters, with
/// characters XML does not allow replaced by U+FFFD. The name must be non-empty and XML-clean.
pub fn build_ack(code: i64, name: &str, reason: &str) -> Result<String> {
    if name.trim().is_empty() {
        return Err(Error::field("name", "required"));
    }
    if let Some(c) = forbidden_char(name) {
        return Err(Error::field(
            "name",
            format!(
                "contains U+{:04X}, which XML 1.0 does not allow",
                u32::from(c)
            ),
        ));
    }
    let mut x = String::with_capacity(320);
    x.push_str(DECLARATION);
    x.push_str("<handlePaymentStateChangedNotificationResponse xmlns=\"");
    x.push_str(NS);
    x.push_str("\"><resultCode>");
    push_element(&mut x, "key", &code.to_string());
    push_element(&mut x, "value", name);
    x.push_str("</resultCode>");
    let msg: String = if code == 0 {
        String::new()
    } else {
        reason
            .chars()
            .take(MAX_RESULT_MESSAGE_CHARS)
            .map(|c| {
                if forbidden_char(c.encode_utf8(&mut [0; 4])).is_some() {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect()
    };
    if msg.is_empty() {
        x.push_str("<resultMessage/>");
    } else {
        x.push_str("<resultMessage>");
        push_text(&mut x, &msg);
        x.push_str("</resultMessage>");
    }
    x.push_str("</handlePaymentStateChangedNotificationResponse>");
    Ok(x)
}

/// The success answer (code 0, `ProcessedSuccessfully`).
pub fn ack_processed() -> String {
    build_ack(0, "ProcessedSuccessfully", "").unwrap_or_default()
}

/// Result of comparing a payment's amount with the order (cqr.md §5.2 step 8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum AmountCheck {
    /// `amount` equals the expected amount.
    Match,
    /// `amount + shopFee` (same currency) equals the expected amount.
    MatchWithShopFee,
    /// Record and flag; never credit.
    Mismatch {
        /// Why they differ, for the record (`amount 20.00 USD instead of 21.00 USD`).
        reason: String,
    },
}

/// Compares by value: `amount` = expected, or `amount + shopFee` (same currency) = expected.
pub fn check_amount(payment: &Payment, expected: &Amount) -> AmountCheck {
    let code = expected.currency().code();
    if payment.amount.currency != code {
        return AmountCheck::Mismatch {
            reason: format!(
                "currency {} instead of {code}",
                crate::money::truncate_for_message(&payment.amount.currency)
            ),
        };
    }
    let want = expected.to_decimal();
    let got: Decimal = payment.amount.value.value();
    if got == want {
        return AmountCheck::Match;
    }
    if let Some(fee) = &payment.shop_fee {
        if fee.currency == code {
            if let Some(sum) = got.checked_add(&fee.value.value()) {
                if sum == want {
                    return AmountCheck::MatchWithShopFee;
                }
            }
        }
    }
    AmountCheck::Mismatch {
        reason: format!(
            "amount {} {} instead of {}",
            payment.amount.value.text(),
            payment.amount.currency,
            expected
        ),
    }
}

/// Whether `isExecuted` agrees with the state: completed needs `true`; other classes need it
/// not to be `true`.
pub fn is_executed_consistent(payment: &Payment) -> bool {
    match payment.outcome() {
        Outcome::Completed => payment.is_executed == Some(true),
        _ => payment.is_executed != Some(true),
    }
}

/// The class to act on: a completed state whose `isExecuted` is not `true` stays pending
/// (flag it); otherwise the state's class.
pub fn effective_outcome(payment: &Payment) -> Outcome {
    match payment.outcome() {
        Outcome::Completed if payment.is_executed != Some(true) => Outcome::Pending,
        o => o,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_agree_with_serde() {
        crate::wire::tests::check_serde_agrees(AckResult::ALL);
    }

    #[test]
    fn ack_exact() {
        assert_eq!(
            ack_processed(),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<handlePaymentStateChangedNotificationResponse xmlns=\"http://www.cqrpayments.com/PaymentProcessing\"><resultCode><key>0</key><value>ProcessedSuccessfully</value></resultCode><resultMessage/></handlePaymentStateChangedNotificationResponse>"
        );
        let x = AckCodes::default()
            .answer(AckResult::ErrorProcessingEvent, "db <down> & out\u{1}")
            .unwrap();
        assert!(x.contains("<key>10</key><value>ErrorProcessingEvent</value></resultCode><resultMessage>db &lt;down&gt; &amp; out\u{FFFD}</resultMessage>"));
    }
}
