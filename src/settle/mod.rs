//! The settlement engine: every money decision, made once, for every host (gate.md §4.5,
//! cqr.md §5.2 steps 5–10).
//!
//! A host keeps one record per payment (Gate) or order (CQR). For each verified message it
//! takes the record under a row lock, asks [`gate::settle_callback`] / [`cqr::settle_notification`]
//! (or the status / getPayments variants) for a [`Decision`], and stores the decision's record
//! and money effects in the same transaction. The host decides nothing itself: which transition
//! is allowed, how much is credited or debited, whether a message is a duplicate, and what the
//! platform is answered all come from here.
//!
//! The engine is pure: no I/O, no clock, no randomness. The same record and message always give
//! the same decision, which is what the shared vectors in `tests/vectors/settlement/` pin.

pub mod cqr;
pub mod gate;
mod json;

pub use json::{parse_cqr_order, parse_cqr_settings, parse_gate_record};

use serde::Serialize;

/// What the host does with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Store the new record and every money effect (one transaction).
    Apply,
    /// Already applied: store the delivery, change nothing.
    Duplicate,
    /// Nothing to apply (e.g. pending → pending); store the delivery and the record (a pending
    /// record may take the message's raw status or binding).
    NoChange,
    /// Store the delivery and flag the record for review; the record's money state does not change.
    Flag,
    /// No record for this payment (or not our merchant): store the delivery as unmatched.
    Unmatched,
    /// Change nothing now; the platform must send again (storage failed, confirmation missing).
    Retry,
}

crate::wire::wire_names!(Action, "action", {
    Apply => "apply",
    Duplicate => "duplicate",
    NoChange => "no_change",
    Flag => "flag",
    Unmatched => "unmatched",
    Retry => "retry",
});

/// Which way money moves for the shop's customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EffectKind {
    /// A deposit arrived: credit the customer.
    Credit,
    /// A deposit was refunded or reversed (in full or in part): debit the customer.
    Debit,
    /// A payout was paid out to the wallet.
    PayoutPaid,
    /// A paid-out payout came back (refunded / reversed by the platform).
    PayoutReturned,
}

crate::wire::wire_names!(EffectKind, "effect kind", {
    Credit => "credit",
    Debit => "debit",
    PayoutPaid => "payout_paid",
    PayoutReturned => "payout_returned",
});

/// One money effect the host must book. `idempotency_key` is stable across redeliveries of the
/// same event; a host keeps it UNIQUE in its ledger so that no effect is booked twice even if
/// its own state went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Effect {
    /// What to book.
    pub kind: EffectKind,
    /// Minor units of `currency`, always > 0.
    pub amount: i64,
    /// ISO 4217 alpha-3 code of `amount`.
    pub currency: String,
    /// Stable across redeliveries of the same event; keep it UNIQUE in the ledger.
    pub idempotency_key: String,
}

/// Why the engine decided as it did: a stable machine name next to the human `reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// Pending → completed: credited (or paid out).
    Completed,
    /// Pending → failed.
    Failed,
    /// Full refund / reversal applied.
    Refunded,
    /// Full reversal applied.
    Reversed,
    /// Partial refund / reversal applied.
    PartiallyRefunded,
    /// Partial reversal applied.
    PartiallyReversed,
    /// Pending → pending.
    StillPending,
    /// The event (operation id, idempotency key) was applied before.
    AlreadyApplied,
    /// The same final outcome again.
    SameOutcome,
    /// No record for the payment id / merchantTransactionID.
    UnknownPayment,
    /// Another merchant, shop or project.
    NotOurs,
    /// Crediting with another amount or currency than expected.
    AmountMismatch,
    /// A refund / reversal in another currency than the payment's.
    CurrencyMismatch,
    /// A partial refund without an amount, or with a non-positive one.
    RefundAmountMissing,
    /// A partial refund without an operation id cannot be told from another one.
    OperationIdMissing,
    /// Debits would exceed what was credited.
    DebitExceedsCredit,
    /// A final outcome followed by a pending one.
    FinalToPending,
    /// Any other change of a final outcome (failed → completed, completed → failed in Gate, …).
    NotAllowed,
    /// A payout message for a deposit record or the other way round.
    KindMismatch,
    /// CQR: a notification for another attempt (paymentID) than the one the order is bound to.
    OtherAttempt,
    /// CQR: isExecuted disagrees with the state.
    IsExecutedInconsistent,
    /// CQR: crediting needs a getPayments confirmation that was not given or not conclusive.
    ConfirmationPending,
    /// The host could not store the result.
    StorageFailed,
    /// Gate status answer without payment data (not found, error answer).
    NoPaymentData,
}

crate::wire::wire_names!(ReasonCode, "reason code", {
    Completed => "completed",
    Failed => "failed",
    Refunded => "refunded",
    Reversed => "reversed",
    PartiallyRefunded => "partially_refunded",
    PartiallyReversed => "partially_reversed",
    StillPending => "still_pending",
    AlreadyApplied => "already_applied",
    SameOutcome => "same_outcome",
    UnknownPayment => "unknown_payment",
    NotOurs => "not_ours",
    AmountMismatch => "amount_mismatch",
    CurrencyMismatch => "currency_mismatch",
    RefundAmountMissing => "refund_amount_missing",
    OperationIdMissing => "operation_id_missing",
    DebitExceedsCredit => "debit_exceeds_credit",
    FinalToPending => "final_to_pending",
    NotAllowed => "not_allowed",
    KindMismatch => "kind_mismatch",
    OtherAttempt => "other_attempt",
    IsExecutedInconsistent => "is_executed_inconsistent",
    ConfirmationPending => "confirmation_pending",
    StorageFailed => "storage_failed",
    NoPaymentData => "no_payment_data",
});

/// What the platform is answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// HTTP status (Gate: 200, or 503 to be sent again; CQR: always 200, the code is in the body).
    pub http_status: u16,
    /// CQR only: the `resultCode` key and name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_code: Option<i64>,
    /// CQR only: the `resultCode` value (`ProcessedSuccessfully`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_name: Option<String>,
    /// CQR only: the answer body (`handlePaymentStateChangedNotificationResponse`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// One decision. `record` is what the host stores for the payment afterwards (absent when there
/// is no record); `effects` are booked with it, in the same transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision<R> {
    /// What the host does.
    pub action: Action,
    /// Why, as a stable name.
    pub reason_code: ReasonCode,
    /// One line for people (logs, the admin); never contains a secret.
    pub reason: String,
    /// The record to store afterwards; `None` when there is none (unknown payment).
    pub record: Option<R>,
    /// Money effects to book with the record, in the same transaction.
    pub effects: Vec<Effect>,
    /// What to answer the platform (flattened into the JSON form).
    #[serde(flatten)]
    pub answer: Answer,
}

impl<R: Serialize> Decision<R> {
    /// The decision as JSON (the form the CLI, the C ABI and the vectors use).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl<R> Decision<R> {
    /// True when the host must flag the record for review.
    pub fn is_flagged(&self) -> bool {
        self.action == Action::Flag
    }
}

/// An amount for a `reason` line, in major units as people read it (`122.00 KZT`); a currency
/// without an exponent is written in minor units and says so.
pub(crate) fn display_amount(minor: i64, currency: &str) -> String {
    let currency = crate::money::truncate_for_message(currency);
    match crate::money::Currency::lookup(&currency).and_then(|c| c.exponent()) {
        Some(exponent) => format!("{} {currency}", crate::money::format_minor(minor, exponent)),
        None => format!("{minor} {currency} (minor units)"),
    }
}

/// Writes one part of an idempotency key: `%` → `%25`, `/` → `%2F`, so that parts joined with
/// `/` can never run into each other.
pub(crate) fn push_key_part(out: &mut String, part: &str) {
    for c in part.chars() {
        match c {
            '%' => out.push_str("%25"),
            '/' => out.push_str("%2F"),
            c => out.push(c),
        }
    }
}

/// `prefix/part/part/...` with each part escaped.
pub(crate) fn idempotency_key(prefix: &str, parts: &[&str]) -> String {
    let mut s =
        String::with_capacity(prefix.len() + parts.iter().map(|p| p.len() + 1).sum::<usize>());
    s.push_str(prefix);
    for p in parts {
        s.push('/');
        push_key_part(&mut s, p);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_agree_with_serde() {
        use crate::wire::tests::check_serde_agrees;
        check_serde_agrees(Action::ALL);
        check_serde_agrees(EffectKind::ALL);
        check_serde_agrees(ReasonCode::ALL);
        check_serde_agrees(gate::PaymentKind::ALL);
        check_serde_agrees(gate::RecordStatus::ALL);
        check_serde_agrees(cqr::OrderStatus::ALL);
        check_serde_agrees(crate::cqr::Confirmation::ALL);
    }

    #[test]
    fn reasons_show_major_units() {
        assert_eq!(display_amount(12200, "KZT"), "122.00 KZT");
        assert_eq!(display_amount(500, "JPY"), "500 JPY");
        assert_eq!(display_amount(1, "KWD"), "0.001 KWD");
        assert_eq!(display_amount(7, "XAU"), "7 XAU (minor units)");
        assert_eq!(display_amount(7, "??"), "7 ?? (minor units)");
    }

    #[test]
    fn keys_are_unambiguous() {
        assert_eq!(
            idempotency_key("gate", &["a/b", "1", "debit"]),
            "gate/a%2Fb/1/debit"
        );
        assert_ne!(
            idempotency_key("gate", &["a/b", "c"]),
            idempotency_key("gate", &["a", "b/c"])
        );
        assert_eq!(idempotency_key("cqr", &["%2F"]), "cqr/%252F");
    }
}
