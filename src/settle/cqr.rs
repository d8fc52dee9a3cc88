//! CQR settlement (cqr.md §5.2 steps 5–10 and the settlement paragraph after them).

use super::{
    display_amount, idempotency_key, Action, Answer, Decision, Effect, EffectKind, ReasonCode,
};
use crate::cqr::notify::{check_amount, is_executed_consistent, AckCodes, AckResult, AmountCheck};
use crate::cqr::{Confirmation, GetPaymentsAnswer, Notification, Outcome, Payment};
use crate::error::{Error, Result};
use crate::money::{truncate_for_message as truncate, Amount, Currency};
use serde::{Deserialize, Serialize};

/// The status a host stores for a CQR order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// No final state yet (also after a failed attempt that was retried).
    Pending,
    /// Credited.
    Completed,
    /// The bound attempt failed; nothing credited.
    Failed,
    /// Completed, then a failed state of the bound attempt: the credit was taken back.
    Reversed,
}

crate::wire::wire_names!(OrderStatus, "order status", {
    Pending => "pending",
    Completed => "completed",
    Failed => "failed",
    Reversed => "reversed",
});

/// What a host stores per CQR order (one `merchantTransactionID`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CqrOrder {
    /// The status the order is in.
    pub status: OrderStatus,
    /// Expected amount in minor units of `currency`.
    pub amount: i64,
    /// Expected currency (ISO 4217 alpha-3).
    pub currency: String,
    /// Minor units credited so far.
    #[serde(default)]
    pub credited: i64,
    /// Minor units taken back so far (a reversal).
    #[serde(default)]
    pub debited: i64,
    /// The PXP `paymentID` the order is bound to (initiate response, or the first notification).
    #[serde(default)]
    pub payment_id: Option<String>,
    /// Idempotency keys (`paymentID/stateKey/stateID`) of the notifications already processed.
    #[serde(default)]
    pub applied_keys: Vec<String>,
}

impl CqrOrder {
    /// A new pending, unbound order.
    pub fn pending(amount: i64, currency: &str) -> CqrOrder {
        CqrOrder {
            status: OrderStatus::Pending,
            amount,
            currency: currency.to_string(),
            credited: 0,
            debited: 0,
            payment_id: None,
            applied_keys: Vec::new(),
        }
    }

    /// Minor units still credited.
    pub fn outstanding(&self) -> i64 {
        self.credited.saturating_sub(self.debited)
    }
}

/// The host's CQR configuration that decisions depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CqrSettings {
    /// The configured `merchantID`; notifications for another are not ours.
    pub merchant_id: String,
    /// The configured `shopID`; notifications for another are not ours.
    pub shop_id: String,
    /// Confirm a completed state with getPayments before crediting (cqr.md §5.2 step 9).
    pub confirm_with_get_payments: bool,
    /// The resultCodes answered (defaults 0, 2, 10).
    pub codes: AckCodes,
}

impl CqrSettings {
    /// Settings for one shop: no getPayments confirmation, the documented result codes.
    pub fn new(merchant_id: &str, shop_id: &str) -> CqrSettings {
        CqrSettings {
            merchant_id: merchant_id.to_string(),
            shop_id: shop_id.to_string(),
            confirm_with_get_payments: false,
            codes: AckCodes::default(),
        }
    }

    fn is_ours(&self, p: &Payment) -> bool {
        p.merchant_id == self.merchant_id && p.shop_id == self.shop_id
    }
}

/// Binds an order to the `paymentID` of a new attempt the shop started (the initiate response's):
/// a pending or failed order becomes pending and bound to it. A completed or reversed order
/// cannot start another attempt (validation error): it was paid.
pub fn bind_attempt(order: &CqrOrder, payment_id: &str) -> Result<CqrOrder> {
    if payment_id.trim().is_empty() {
        return Err(Error::field("payment_id", "is required"));
    }
    match order.status {
        OrderStatus::Pending | OrderStatus::Failed => {
            let mut next = order.clone();
            next.status = OrderStatus::Pending;
            next.payment_id = Some(payment_id.to_string());
            Ok(next)
        }
        s => Err(Error::field(
            "status",
            format!("a {} order cannot start another attempt", s.as_str()),
        )),
    }
}

/// Decides what a parsed notification does to the order (cqr.md §5.2 steps 5–10).
///
/// `order` is the host's order for the notification's `merchantTransactionID` (None: unknown).
/// `confirmation` is the getPayments answer the host fetched for this order when
/// `settings.confirm_with_get_payments` is on and the notification's state is completed (fetch it
/// before taking the row lock); without it such a notification is answered 10 (sent again).
pub fn settle_notification(
    settings: &CqrSettings,
    order: Option<&CqrOrder>,
    notification: &Notification,
    confirmation: Option<&GetPaymentsAnswer>,
) -> Decision<CqrOrder> {
    let p = &notification.payment;
    if !settings.is_ours(p) {
        return unchanged(
            settings,
            Action::Unmatched,
            ReasonCode::NotOurs,
            format!(
                "merchantID/shopID {}/{} are not ours",
                truncate(&p.merchant_id),
                truncate(&p.shop_id)
            ),
            order,
        );
    }
    let Some(order) = order else {
        return unchanged(
            settings,
            Action::Unmatched,
            ReasonCode::UnknownPayment,
            format!(
                "unknown merchantTransactionID {}",
                truncate(&p.merchant_transaction_id)
            ),
            None,
        );
    };
    let confirm = if settings.confirm_with_get_payments {
        Confirm::Required(confirmation)
    } else {
        Confirm::NotRequired
    };
    decide(settings, order, p, confirm)
}

/// Decides what a getPayments answer does to the order when the host polls it ("check status
/// now", a timer): the same rules as a notification of the chosen payment's state, without a
/// further confirmation. In a pending order a completed attempt decides; otherwise the bound
/// attempt (or, for an unbound order, the last one).
pub fn settle_get_payments(
    settings: &CqrSettings,
    order: &CqrOrder,
    answer: &GetPaymentsAnswer,
) -> Decision<CqrOrder> {
    let response = match answer {
        GetPaymentsAnswer::GetPaymentsResponse(r) => r,
        GetPaymentsAnswer::PaymentServiceException(e) => {
            return unchanged(
                settings,
                Action::Retry,
                ReasonCode::ConfirmationPending,
                format!(
                    "getPayments failed: {} {}",
                    e.error_code.as_ref().map_or("", |c| c.text.as_str()),
                    truncate(e.error_message.as_deref().unwrap_or(""))
                ),
                Some(order),
            )
        }
    };
    let ours: Vec<&Payment> = response
        .payments
        .iter()
        .filter(|p| settings.is_ours(p))
        .collect();
    let bound = order
        .payment_id
        .as_deref()
        .and_then(|id| ours.iter().copied().find(|p| p.payment_id == id));
    let completed = ours
        .iter()
        .copied()
        .find(|p| crate::cqr::notify::effective_outcome(p) == Outcome::Completed);
    let chosen = if order.status == OrderStatus::Pending {
        completed.or(bound).or_else(|| {
            if order.payment_id.is_none() {
                ours.last().copied()
            } else {
                None
            }
        })
    } else {
        bound
    };
    match chosen {
        Some(p) => decide(settings, order, p, Confirm::NotRequired),
        None => unchanged(
            settings,
            Action::NoChange,
            ReasonCode::NoPaymentData,
            "getPayments has no payment of this order to act on".into(),
            Some(order),
        ),
    }
}

/// The decision for a notification the host could not store: resultCode 10, PXP sends again.
pub fn storage_failed(settings: &CqrSettings, order: Option<&CqrOrder>) -> Decision<CqrOrder> {
    unchanged(
        settings,
        Action::Retry,
        ReasonCode::StorageFailed,
        "the result could not be stored".into(),
        order,
    )
}

enum Confirm<'a> {
    NotRequired,
    Required(Option<&'a GetPaymentsAnswer>),
}

fn decide(
    settings: &CqrSettings,
    order: &CqrOrder,
    p: &Payment,
    confirm: Confirm<'_>,
) -> Decision<CqrOrder> {
    let key = p.idempotency_key().to_key_string();
    if order.applied_keys.contains(&key) {
        return unchanged(
            settings,
            Action::Duplicate,
            ReasonCode::AlreadyApplied,
            format!("notification {} was processed before", truncate(&key)),
            Some(order),
        );
    }
    let flag = |code: ReasonCode, reason: String| {
        unchanged(settings, Action::Flag, code, reason, Some(order))
    };
    let mut incoming = p.outcome();
    let other_attempt = order
        .payment_id
        .as_deref()
        .is_some_and(|bound| bound != p.payment_id);
    let other_attempt_flag = || {
        flag(
            ReasonCode::OtherAttempt,
            format!(
                "state {} of attempt {} for an order bound to {} ({})",
                p.state.key.text,
                truncate(&p.payment_id),
                truncate(order.payment_id.as_deref().unwrap_or("")),
                order.status.as_str()
            ),
        )
    };
    // 6b: another attempt may only complete a pending order.
    if other_attempt && (order.status != OrderStatus::Pending || incoming != Outcome::Completed) {
        return other_attempt_flag();
    }
    // 7: isExecuted must agree with the state.
    if !is_executed_consistent(p) {
        return flag(
            ReasonCode::IsExecutedInconsistent,
            format!(
                "isExecuted {} disagrees with state {}",
                p.is_executed
                    .map_or("absent", |b| if b { "true" } else { "false" }),
                p.state.key.text
            ),
        );
    }
    // 8: the amount must be the order's.
    let expected =
        Currency::for_amounts(&order.currency).and_then(|c| Amount::from_minor(order.amount, c));
    let mismatch = match &expected {
        Ok(expected) => match check_amount(p, expected) {
            AmountCheck::Mismatch { reason } => Some(reason),
            AmountCheck::Match | AmountCheck::MatchWithShopFee => None,
        },
        Err(e) => Some(format!("the order's amount is not usable: {e}")),
    };
    if let Some(reason) = mismatch {
        return flag(ReasonCode::AmountMismatch, reason);
    }
    // 9: confirmation by getPayments before crediting.
    if incoming == Outcome::Completed && order.status == OrderStatus::Pending {
        if let Confirm::Required(answer) = confirm {
            let confirmed = match answer {
                Some(GetPaymentsAnswer::GetPaymentsResponse(r)) => r.confirmation(&p.payment_id),
                Some(GetPaymentsAnswer::PaymentServiceException(_)) | None => {
                    Confirmation::NotFound
                }
            };
            match confirmed {
                Confirmation::Completed => {}
                Confirmation::Failed if other_attempt => return other_attempt_flag(),
                Confirmation::Failed => incoming = Outcome::Failed,
                Confirmation::Pending | Confirmation::NotFound => {
                    return unchanged(
                        settings,
                        Action::Retry,
                        ReasonCode::ConfirmationPending,
                        format!(
                            "getPayments does not confirm attempt {} as completed ({})",
                            truncate(&p.payment_id),
                            if answer.is_some() {
                                confirmed.as_str()
                            } else {
                                "no answer"
                            }
                        ),
                        Some(order),
                    );
                }
            }
        }
    }
    // 10: the transition and its money effect.
    use OrderStatus as S;
    use Outcome as O;
    let mut next = order.clone();
    next.applied_keys.push(key);
    if next.payment_id.is_none() || (incoming == O::Completed && order.status == S::Pending) {
        next.payment_id = Some(p.payment_id.clone());
    }
    let state = format!("state {}", p.state.key.text);
    match (order.status, incoming) {
        (S::Pending, O::Pending) => decision(
            settings,
            Action::NoChange,
            ReasonCode::StillPending,
            format!("pending -> pending ({state})"),
            next,
            Vec::new(),
        ),
        (S::Pending, O::Completed) => {
            next.status = S::Completed;
            next.credited = order.credited.saturating_add(order.amount);
            let effect = Effect {
                kind: EffectKind::Credit,
                amount: order.amount,
                currency: order.currency.clone(),
                idempotency_key: idempotency_key("cqr", &[&p.merchant_transaction_id, "credit"]),
            };
            decision(
                settings,
                Action::Apply,
                ReasonCode::Completed,
                format!(
                    "pending -> completed ({state}): credit {}",
                    display_amount(order.amount, &order.currency)
                ),
                next,
                vec![effect],
            )
        }
        (S::Pending, O::Failed) => {
            next.status = S::Failed;
            decision(
                settings,
                Action::Apply,
                ReasonCode::Failed,
                format!("pending -> failed ({state})"),
                next,
                Vec::new(),
            )
        }
        (S::Completed, O::Failed) => {
            let amount = order.outstanding();
            next.status = S::Reversed;
            next.debited = order.debited.saturating_add(amount);
            let effects = if amount > 0 {
                vec![Effect {
                    kind: EffectKind::Debit,
                    amount,
                    currency: order.currency.clone(),
                    idempotency_key: idempotency_key(
                        "cqr",
                        &[&p.merchant_transaction_id, "reversal"],
                    ),
                }]
            } else {
                Vec::new()
            };
            decision(
                settings,
                Action::Apply,
                ReasonCode::Reversed,
                format!(
                    "completed -> reversed ({state}): debit {}",
                    display_amount(amount, &order.currency)
                ),
                next,
                effects,
            )
        }
        (S::Completed, O::Completed) | (S::Failed | S::Reversed, O::Failed) => unchanged(
            settings,
            Action::Duplicate,
            ReasonCode::SameOutcome,
            format!("{} again ({state})", order.status.as_str()),
            Some(order),
        ),
        (current, O::Pending) => flag(
            ReasonCode::FinalToPending,
            format!("{} -> pending ({state}) is not allowed", current.as_str()),
        ),
        (current, incoming) => flag(
            ReasonCode::NotAllowed,
            format!(
                "{} -> {} ({state}) is not an allowed change",
                current.as_str(),
                incoming.name()
            ),
        ),
    }
}

fn decision(
    settings: &CqrSettings,
    action: Action,
    reason_code: ReasonCode,
    reason: String,
    record: CqrOrder,
    effects: Vec<Effect>,
) -> Decision<CqrOrder> {
    let answer = answer(settings, action, &reason);
    Decision {
        action,
        reason_code,
        reason,
        record: Some(record),
        effects,
        answer,
    }
}

fn unchanged(
    settings: &CqrSettings,
    action: Action,
    reason_code: ReasonCode,
    reason: String,
    record: Option<&CqrOrder>,
) -> Decision<CqrOrder> {
    let answer = answer(settings, action, &reason);
    Decision {
        action,
        reason_code,
        reason,
        record: record.cloned(),
        effects: Vec::new(),
        answer,
    }
}

/// resultCode 0 once stored (applied, duplicate, flagged: processed), 2 for what is not ours,
/// 10 to be sent again; always HTTP 200 (cqr.md §5.3).
fn answer(settings: &CqrSettings, action: Action, reason: &str) -> Answer {
    let result = match action {
        Action::Unmatched => AckResult::UnknownState,
        Action::Retry => AckResult::ErrorProcessingEvent,
        Action::Apply | Action::Duplicate | Action::NoChange | Action::Flag => AckResult::Processed,
    };
    let code = settings.codes.code(result);
    Answer {
        http_status: 200,
        result_code: Some(code.code),
        result_name: Some(code.name.clone()),
        body: settings.codes.answer(result, reason).ok(),
    }
}
