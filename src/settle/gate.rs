//! Gate settlement (gate.md §4.3 steps 4–7 and the table in §4.5).

use super::{
    display_amount, idempotency_key, Action, Answer, Decision, Effect, EffectKind, ReasonCode,
};
use crate::gate::{check_sum, Callback, Outcome, StatusKind, StatusResponse, Sum, SumCheck};
use serde::{Deserialize, Serialize};

/// A deposit (kiosk / e-wallet purchase created by `check_deposit`) or a payout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    /// Money in: a deposit the shop accepted with `check_deposit`.
    Deposit,
    /// Money out: a payout the shop requested.
    Payout,
}

/// The status a host stores for a Gate payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    /// No final outcome yet.
    Pending,
    /// Credited (payouts: paid out).
    Completed,
    /// Ended without money.
    Failed,
    /// Part of the credited amount was refunded; the rest is still credited.
    PartiallyRefunded,
    /// Part of the credited amount was reversed; the rest is still credited.
    PartiallyReversed,
    /// Nothing credited is left.
    Refunded,
    /// Nothing credited is left after reversals.
    Reversed,
}

crate::wire::wire_names!(PaymentKind, "payment kind", {
    Deposit => "deposit",
    Payout => "payout",
});

crate::wire::wire_names!(RecordStatus, "record status", {
    Pending => "pending",
    Completed => "completed",
    Failed => "failed",
    PartiallyRefunded => "partially_refunded",
    PartiallyReversed => "partially_reversed",
    Refunded => "refunded",
    Reversed => "reversed",
});

impl RecordStatus {
    /// Statuses from which a refund or reversal may debit: money is (or was) credited.
    fn holds_credit(self) -> bool {
        matches!(
            self,
            RecordStatus::Completed
                | RecordStatus::PartiallyRefunded
                | RecordStatus::PartiallyReversed
        )
    }
}

/// What a host stores per Gate payment (gate.md §4.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateRecord {
    /// Deposit or payout.
    pub kind: PaymentKind,
    /// The status the record is in.
    pub status: RecordStatus,
    /// Expected amount in minor units (the `check_deposit` amount or the payout request's).
    pub amount: i64,
    /// Expected currency (ISO 4217 alpha-3).
    pub currency: String,
    /// Minor units credited so far (payouts: paid out).
    #[serde(default)]
    pub credited: i64,
    /// Minor units debited so far (refunds and reversals; payouts: returned).
    #[serde(default)]
    pub debited: i64,
    /// Operation ids whose effect is stored.
    #[serde(default)]
    pub applied_operations: Vec<String>,
    /// The last raw status applied or seen while pending.
    #[serde(default)]
    pub raw_status: Option<String>,
}

impl GateRecord {
    /// A new pending record (what `check_deposit` or a payout request creates).
    pub fn pending(kind: PaymentKind, amount: i64, currency: &str) -> GateRecord {
        GateRecord {
            kind,
            status: RecordStatus::Pending,
            amount,
            currency: currency.to_string(),
            credited: 0,
            debited: 0,
            applied_operations: Vec::new(),
            raw_status: None,
        }
    }

    /// Minor units still credited (what a full refund debits).
    pub fn outstanding(&self) -> i64 {
        self.credited.saturating_sub(self.debited)
    }
}

/// What the engine reads from a callback or a status answer.
struct Event<'a> {
    payment_id: &'a str,
    payment_type: Option<&'a str>,
    raw_status: Option<&'a str>,
    outcome: Outcome,
    partial: bool,
    sum: Option<&'a Sum>,
    operation_id: Option<&'a str>,
    /// The operation's own amount: `sum_initial`, else `sum_converted`.
    operation_sum: Option<&'a Sum>,
}

impl<'a> Event<'a> {
    fn of(cb: &'a Callback) -> Event<'a> {
        let status = cb.status();
        let op = cb.operation();
        Event {
            payment_id: &cb.payment().id,
            payment_type: cb.payment().kind.as_deref(),
            raw_status: status.map(|s| s.raw.as_str()),
            outcome: cb.outcome(),
            partial: status.is_some_and(|s| {
                matches!(
                    s.kind,
                    StatusKind::PartiallyRefunded | StatusKind::PartiallyReversed
                )
            }),
            sum: cb.payment().sum.as_ref(),
            operation_id: op.and_then(|o| o.id.as_deref()).filter(|s| !s.is_empty()),
            operation_sum: op.and_then(|o| o.sum_initial.as_ref().or(o.sum_converted.as_ref())),
        }
    }
}

/// Decides what a verified callback does to the payment's record (gate.md §4.5).
///
/// `record` is the host's record for `callback.payment.id` (None: no such payment);
/// `project_id` the configured project (None: not checked).
pub fn settle_callback(
    record: Option<&GateRecord>,
    callback: &Callback,
    project_id: Option<i64>,
) -> Decision<GateRecord> {
    if let (Some(ours), Some(theirs)) = (project_id, callback.project_id()) {
        if theirs.parse::<i64>().ok() != Some(ours) {
            return unchanged(
                Action::Flag,
                ReasonCode::NotOurs,
                format!("project_id {} is not ours", truncate(theirs)),
                record,
            );
        }
    }
    let Some(record) = record else {
        return unchanged(
            Action::Unmatched,
            ReasonCode::UnknownPayment,
            format!("no payment with id {}", truncate(&callback.payment().id)),
            None,
        );
    };
    decide(record, &Event::of(callback))
}

/// Decides what a status answer (gate.md §6) does: payment data is read like a callback; an
/// answer without it (not found, error) changes nothing.
pub fn settle_status(
    record: Option<&GateRecord>,
    answer: &StatusResponse,
    project_id: Option<i64>,
) -> Decision<GateRecord> {
    match answer {
        StatusResponse::Found { callback } => settle_callback(record, callback, project_id),
        StatusResponse::NotFound { .. } => unchanged(
            Action::NoChange,
            ReasonCode::NoPaymentData,
            "the platform does not know this payment (3061)".into(),
            record,
        ),
        StatusResponse::Error { .. } => unchanged(
            Action::NoChange,
            ReasonCode::NoPaymentData,
            "the status answer carries no payment data".into(),
            record,
        ),
    }
}

/// The decision for a delivery the host could not store: answer 503 so the platform retries.
pub fn storage_failed(record: Option<&GateRecord>) -> Decision<GateRecord> {
    unchanged(
        Action::Retry,
        ReasonCode::StorageFailed,
        "the result could not be stored".into(),
        record,
    )
}

fn decide(rec: &GateRecord, ev: &Event<'_>) -> Decision<GateRecord> {
    let payout_message = ev.payment_type.map(|t| t.eq_ignore_ascii_case("payout"));
    if matches!(
        (rec.kind, payout_message),
        (PaymentKind::Deposit, Some(true)) | (PaymentKind::Payout, Some(false))
    ) {
        return unchanged(
            Action::Flag,
            ReasonCode::KindMismatch,
            format!(
                "a {} message for a {} record",
                truncate(ev.payment_type.unwrap_or("")),
                rec.kind.as_str()
            ),
            Some(rec),
        );
    }
    if let Some(op) = ev.operation_id {
        if rec.applied_operations.iter().any(|a| a == op) {
            return unchanged(
                Action::Duplicate,
                ReasonCode::AlreadyApplied,
                format!("operation {} was applied before", truncate(op)),
                Some(rec),
            );
        }
    }
    use Outcome as O;
    use RecordStatus as S;
    match (rec.status, ev.outcome) {
        (S::Pending, O::Pending) => {
            let mut next = rec.clone();
            if let Some(raw) = ev.raw_status {
                next.raw_status = Some(raw.to_string());
            }
            decision(
                Action::NoChange,
                ReasonCode::StillPending,
                "pending -> pending".into(),
                next,
                Vec::new(),
            )
        }
        (S::Pending, O::Completed) => complete(rec, ev),
        (S::Pending, O::Failed) => applied(
            rec,
            ev,
            S::Failed,
            0,
            Vec::new(),
            ReasonCode::Failed,
            "pending -> failed".into(),
        ),
        (S::Pending, O::Refunded | O::Reversed) => unchanged(
            Action::Flag,
            ReasonCode::DebitExceedsCredit,
            format!("pending -> {}: nothing was credited", ev.outcome.as_str()),
            Some(rec),
        ),
        (S::Completed, O::Completed) | (S::Failed, O::Failed) => unchanged(
            Action::Duplicate,
            ReasonCode::SameOutcome,
            format!("{} again", rec.status.as_str()),
            Some(rec),
        ),
        (S::Refunded, O::Refunded) | (S::Reversed, O::Reversed) if !ev.partial => unchanged(
            Action::Duplicate,
            ReasonCode::SameOutcome,
            format!("{} again", rec.status.as_str()),
            Some(rec),
        ),
        (_, O::Pending) => unchanged(
            Action::Flag,
            ReasonCode::FinalToPending,
            format!("{} -> pending is not allowed", rec.status.as_str()),
            Some(rec),
        ),
        (S::Completed | S::PartiallyRefunded | S::PartiallyReversed, O::Refunded | O::Reversed)
        | (S::Refunded | S::Reversed, O::Refunded | O::Reversed) => debit(rec, ev),
        (current, incoming) => unchanged(
            Action::Flag,
            ReasonCode::NotAllowed,
            format!(
                "{} -> {} is not an allowed change",
                current.as_str(),
                incoming.as_str()
            ),
            Some(rec),
        ),
    }
}

/// Pending → completed: the sum must be exactly the expected amount and currency.
fn complete(rec: &GateRecord, ev: &Event<'_>) -> Decision<GateRecord> {
    if check_sum(ev.sum, rec.amount, &rec.currency) != SumCheck::Match {
        let got = ev
            .sum
            .map(|s| display_amount(s.amount, &s.currency))
            .unwrap_or_else(|| "no sum".into());
        return unchanged(
            Action::Flag,
            ReasonCode::AmountMismatch,
            format!(
                "completed with {got} instead of {}",
                display_amount(rec.amount, &rec.currency)
            ),
            Some(rec),
        );
    }
    let (kind, verb, key_effect) = match rec.kind {
        PaymentKind::Deposit => (EffectKind::Credit, "credit", "credit"),
        PaymentKind::Payout => (EffectKind::PayoutPaid, "paid out", "payout"),
    };
    let effect = Effect {
        kind,
        amount: rec.amount,
        currency: rec.currency.clone(),
        // One credit per payment, whatever operation reports it.
        idempotency_key: idempotency_key("gate", &[ev.payment_id, key_effect]),
    };
    applied(
        rec,
        ev,
        RecordStatus::Completed,
        rec.amount,
        vec![effect],
        ReasonCode::Completed,
        format!(
            "pending -> completed: {verb} {}",
            display_amount(rec.amount, &rec.currency)
        ),
    )
}

/// A refund or reversal of a record that holds (or held) credit.
fn debit(rec: &GateRecord, ev: &Event<'_>) -> Decision<GateRecord> {
    let reversal = ev.outcome == Outcome::Reversed;
    if !rec.status.holds_credit() && !ev.partial {
        // Refunded / reversed already (the same full outcome again is a duplicate, decided
        // before): a full refund of the other kind is not a change we apply.
        return unchanged(
            Action::Flag,
            ReasonCode::NotAllowed,
            format!(
                "{} -> {} is not an allowed change",
                rec.status.as_str(),
                ev.outcome.as_str()
            ),
            Some(rec),
        );
    }
    let currency_ok = |s: &Sum| s.currency == rec.currency;
    if let Some(s) = ev.operation_sum.or(if ev.partial { None } else { ev.sum }) {
        if !currency_ok(s) {
            return unchanged(
                Action::Flag,
                ReasonCode::CurrencyMismatch,
                format!(
                    "{} in {} for a payment in {}",
                    ev.outcome.as_str(),
                    truncate(&s.currency),
                    rec.currency
                ),
                Some(rec),
            );
        }
    }
    let outstanding = rec.outstanding();
    let amount = if ev.partial {
        let Some(amount) = ev.operation_sum.map(|s| s.amount).filter(|a| *a > 0) else {
            return unchanged(
                Action::Flag,
                ReasonCode::RefundAmountMissing,
                "a partial refund or reversal without a positive operation amount".into(),
                Some(rec),
            );
        };
        if ev.operation_id.is_none() {
            return unchanged(
                Action::Flag,
                ReasonCode::OperationIdMissing,
                "a partial refund or reversal without an operation id".into(),
                Some(rec),
            );
        }
        amount
    } else {
        // A full refund debits what is still credited; an operation amount above it is wrong.
        match ev.operation_sum {
            Some(s) if s.amount > outstanding => s.amount,
            _ => outstanding,
        }
    };
    if amount > outstanding {
        return unchanged(
            Action::Flag,
            ReasonCode::DebitExceedsCredit,
            format!(
                "debit of {} exceeds the {} still credited",
                display_amount(amount, &rec.currency),
                display_amount(outstanding, &rec.currency)
            ),
            Some(rec),
        );
    }
    let left = outstanding - amount;
    let (status, code) = match (reversal, left == 0) {
        (false, true) => (RecordStatus::Refunded, ReasonCode::Refunded),
        (true, true) => (RecordStatus::Reversed, ReasonCode::Reversed),
        (false, false) => (
            RecordStatus::PartiallyRefunded,
            ReasonCode::PartiallyRefunded,
        ),
        (true, false) => (
            RecordStatus::PartiallyReversed,
            ReasonCode::PartiallyReversed,
        ),
    };
    let mut effects = Vec::new();
    if amount > 0 {
        effects.push(Effect {
            kind: match rec.kind {
                PaymentKind::Deposit => EffectKind::Debit,
                PaymentKind::Payout => EffectKind::PayoutReturned,
            },
            amount,
            currency: rec.currency.clone(),
            idempotency_key: idempotency_key(
                "gate",
                &[ev.payment_id, ev.operation_id.unwrap_or("-"), "debit"],
            ),
        });
    }
    let reason = format!(
        "{} -> {}: debit {}",
        rec.status.as_str(),
        status.as_str(),
        display_amount(amount, &rec.currency)
    );
    let mut d = applied(rec, ev, status, 0, effects, code, reason);
    if let Some(next) = d.record.as_mut() {
        next.debited = rec.debited.saturating_add(amount);
    }
    d
}

/// An applied change: new status, credit added, the operation id remembered.
fn applied(
    rec: &GateRecord,
    ev: &Event<'_>,
    status: RecordStatus,
    credit: i64,
    effects: Vec<Effect>,
    code: ReasonCode,
    reason: String,
) -> Decision<GateRecord> {
    let mut next = rec.clone();
    next.status = status;
    next.credited = rec.credited.saturating_add(credit);
    if let Some(raw) = ev.raw_status {
        next.raw_status = Some(raw.to_string());
    }
    if let Some(op) = ev.operation_id {
        next.applied_operations.push(op.to_string());
    }
    decision(Action::Apply, code, reason, next, effects)
}

fn decision(
    action: Action,
    reason_code: ReasonCode,
    reason: String,
    record: GateRecord,
    effects: Vec<Effect>,
) -> Decision<GateRecord> {
    Decision {
        action,
        reason_code,
        reason,
        record: Some(record),
        effects,
        answer: answer(action),
    }
}

/// A decision that leaves the record as it is.
fn unchanged(
    action: Action,
    reason_code: ReasonCode,
    reason: String,
    record: Option<&GateRecord>,
) -> Decision<GateRecord> {
    Decision {
        action,
        reason_code,
        reason,
        record: record.cloned(),
        effects: Vec::new(),
        answer: answer(action),
    }
}

/// 200 once the decision is stored; 503 to be sent again (gate.md §4.3 step 7).
fn answer(action: Action) -> Answer {
    Answer {
        http_status: if action == Action::Retry { 503 } else { 200 },
        result_code: None,
        result_name: None,
        body: None,
    }
}

fn truncate(s: &str) -> String {
    crate::money::truncate_for_message(s)
}
