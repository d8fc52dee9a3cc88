//! Properties of the settlement engine over random message sequences (both protocols): money
//! never appears or vanishes, nothing is booked twice, and the record's status always agrees
//! with its money.

use proptest::prelude::*;
use qiwi_merchant::cqr::parse_notification;
use qiwi_merchant::gate::{Callback, Signer};
use qiwi_merchant::settle::cqr::{settle_notification, CqrOrder, CqrSettings, OrderStatus};
use qiwi_merchant::settle::gate::{settle_callback, GateRecord, PaymentKind, RecordStatus};
use qiwi_merchant::settle::{Action, Decision, EffectKind};
use std::collections::HashSet;

const AMOUNT: i64 = 10_000;

fn gate_message() -> impl Strategy<Value = String> {
    let status = prop::sample::select(vec![
        "success",
        "decline",
        "processing",
        "refunded",
        "partially refunded",
        "reversed",
        "partially reversed",
        "expired",
        "whatever",
    ]);
    let op = prop::option::weighted(0.9, 1u32..6);
    let op_amount = prop::option::weighted(
        0.9,
        prop::sample::select(vec![1i64, 2500, 5000, 7500, 10_000, 12_000]),
    );
    let sum = prop::sample::select(vec![AMOUNT, AMOUNT, AMOUNT, 9_999]);
    let currency = prop::sample::select(vec!["KZT", "KZT", "KZT", "USD"]);
    (status, op, op_amount, sum, currency).prop_map(|(status, op, op_amount, sum, currency)| {
        let mut operation = serde_json::json!({"type": "sale", "status": status});
        if let Some(op) = op {
            operation["id"] = op.into();
        }
        if let Some(a) = op_amount {
            operation["sum_initial"] = serde_json::json!({"amount": a, "currency": currency});
        }
        serde_json::json!({
            "project_id": 1,
            "payment": {"id": "p-1", "type": "purchase", "status": status,
                        "sum": {"amount": sum, "currency": currency}},
            "operation": operation,
        })
        .to_string()
    })
}

fn signed(signer: &Signer, json: &str) -> Vec<u8> {
    let sig = signer.sign_json(json.as_bytes()).unwrap();
    let body = json.strip_suffix('}').unwrap();
    format!("{body},\"signature\":\"{sig}\"}}").into_bytes()
}

/// Checks one decision against the record it was made from, and books its effects.
fn book<R>(d: &Decision<R>, keys: &mut HashSet<String>, credits: &mut i64, debits: &mut i64) {
    if d.action != Action::Apply {
        assert!(d.effects.is_empty(), "{:?} with effects", d.action);
    }
    for e in &d.effects {
        assert!(e.amount > 0);
        assert!(
            keys.insert(e.idempotency_key.clone()),
            "key {} twice",
            e.idempotency_key
        );
        match e.kind {
            EffectKind::Credit | EffectKind::PayoutPaid => *credits += e.amount,
            EffectKind::Debit | EffectKind::PayoutReturned => *debits += e.amount,
        }
    }
}

fn gate_invariants(r: &GateRecord) {
    use RecordStatus as S;
    assert!(
        0 <= r.debited && r.debited <= r.credited && r.credited <= AMOUNT,
        "{r:?}"
    );
    match r.status {
        S::Pending | S::Failed => assert_eq!((r.credited, r.debited), (0, 0), "{r:?}"),
        S::Completed => assert_eq!((r.credited, r.debited), (AMOUNT, 0), "{r:?}"),
        S::PartiallyRefunded | S::PartiallyReversed => {
            assert!(
                r.credited == AMOUNT && 0 < r.debited && r.debited < AMOUNT,
                "{r:?}"
            )
        }
        S::Refunded | S::Reversed => assert_eq!((r.credited, r.debited), (AMOUNT, AMOUNT), "{r:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn gate_money_is_conserved(messages in prop::collection::vec(gate_message(), 1..14)) {
        let signer = Signer::new("props-secret").unwrap();
        let mut record = GateRecord::pending(PaymentKind::Deposit, AMOUNT, "KZT");
        let (mut keys, mut credits, mut debits) = (HashSet::new(), 0, 0);
        for json in &messages {
            let cb = Callback::parse(&signer, &signed(&signer, json)).unwrap();
            let d = settle_callback(Some(&record), &cb, Some(1));
            book(&d, &mut keys, &mut credits, &mut debits);
            let next = d.record.clone().unwrap();
            if d.action != Action::Apply {
                prop_assert_eq!((next.status, next.credited, next.debited), (record.status, record.credited, record.debited));
            }
            gate_invariants(&next);
            prop_assert_eq!((credits, debits), (next.credited, next.debited));
            // The same delivery again never moves money.
            let again = settle_callback(Some(&next), &cb, Some(1));
            prop_assert!(again.effects.is_empty(), "redelivery booked {:?}", again.effects);
            record = next;
        }
    }
}

fn cqr_message() -> impl Strategy<Value = (String, i64, String, String, Option<bool>)> {
    (
        prop::sample::select(vec!["A", "A", "B"]),
        prop::sample::select(vec![29i64, 30, 120, 100, 113, 369, 777]),
        prop::sample::select(vec!["s1", "s2"]),
        prop::sample::select(vec!["100.00", "100.00", "100.0000", "99.00"]),
        prop::sample::select(vec![None, Some(true), Some(false)]),
    )
        .prop_map(|(pid, key, sid, amount, executed)| {
            (
                pid.to_string(),
                key,
                sid.to_string(),
                amount.to_string(),
                executed,
            )
        })
}

fn notification(pid: &str, key: i64, sid: &str, amount: &str, executed: Option<bool>) -> Vec<u8> {
    let executed = match executed.or(Some(key == 29)) {
        Some(b) => format!("<isExecuted>{b}</isExecuted>"),
        None => String::new(),
    };
    format!(
        "<handlePaymentStateChangedNotificationRequest><payment><merchantID>M</merchantID>\
         <shopID>S</shopID><merchantTransactionID>o-1</merchantTransactionID><paymentID>{pid}</paymentID>\
         <amount currencyCode=\"KZT\">{amount}</amount><state><id>{sid}</id><definition><key>{key}</key>\
         </definition></state>{executed}</payment></handlePaymentStateChangedNotificationRequest>"
    )
    .into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn cqr_money_is_conserved(messages in prop::collection::vec(cqr_message(), 1..14), bound in any::<bool>()) {
        let settings = CqrSettings::new("M", "S");
        let mut order = CqrOrder::pending(AMOUNT, "KZT");
        if bound {
            order.payment_id = Some("A".into());
        }
        let (mut keys, mut credits, mut debits) = (HashSet::new(), 0, 0);
        for (pid, key, sid, amount, executed) in &messages {
            let n = parse_notification(&notification(pid, *key, sid, amount, *executed)).unwrap();
            let d = settle_notification(&settings, Some(&order), &n, None);
            book(&d, &mut keys, &mut credits, &mut debits);
            let next = d.record.clone().unwrap();
            prop_assert_eq!((credits, debits), (next.credited, next.debited));
            prop_assert!(next.debited <= next.credited && next.credited <= AMOUNT);
            match next.status {
                OrderStatus::Pending | OrderStatus::Failed => prop_assert_eq!(next.credited, 0),
                OrderStatus::Completed => prop_assert_eq!((next.credited, next.debited), (AMOUNT, 0)),
                OrderStatus::Reversed => prop_assert_eq!((next.credited, next.debited), (AMOUNT, AMOUNT)),
            }
            // Another attempt never fails or reverses the order, and never moves a settled one.
            let other = order.payment_id.as_deref().is_some_and(|b| b != pid);
            if other && (order.status != OrderStatus::Pending || next.status != OrderStatus::Completed) {
                prop_assert_eq!(next.status, order.status);
                prop_assert_eq!(&next.payment_id, &order.payment_id);
            }
            let again = settle_notification(&settings, Some(&next), &n, None);
            prop_assert!(again.effects.is_empty());
            order = next;
        }
    }
}
