//! Every CQR XML parser on arbitrary bytes: `parse_message`, `parse_notification`,
//! `parse_initiate_answer`, `parse_get_payments_answer`, `parse_initiate_request`, `parse_ack`.
//!
//! Invariants: no panic; errors well formed; the parsers are deterministic and agree with each
//! other (a notification parses iff `parse_message` says notification, etc.); tighter limits only
//! add `LimitExceeded` naming the limit (body size checked first); parsed values serialise to
//! JSON; an `initiatePaymentRequest` that reads back and builds reads back again to the same
//! (normalised) values; a notification answer that reads back is no PXP message, and what
//! `build_ack` writes from it reads back to the same code and name.
#![no_main]

mod common;

use common::*;
use libfuzzer_sys::fuzz_target;
use qiwi_merchant::cqr::{
    self, Address, GetPaymentsAnswer, InitiateAnswer, InitiatePaymentRequest, Message, ParseLimits,
    UserData,
};
use qiwi_merchant::{Amount, Currency, ErrorKind, Limit};

const TINY_XML: ParseLimits = ParseLimits {
    max_body_bytes: 768,
    max_depth: 5,
    max_items: 24,
    max_string_bytes: 24,
};

/// What the builder writes for a request, in the input shape (as tests/cqr_roundtrip.rs).
pub fn normalised(mut r: InitiatePaymentRequest) -> InitiatePaymentRequest {
    r.country_code2 = r.country_code2.map(|c| c.to_ascii_uppercase());
    r.creation_type_id = Some(r.creation_type_id.unwrap_or(1));
    if let Some(u) = &mut r.user_data {
        if u.address.as_ref().is_some_and(|a| *a == Address::default()) {
            u.address = None;
        }
        if *u == UserData::default() {
            r.user_data = None;
        }
    }
    r
}

fuzz_target!(|data: &[u8]| {
    set_input(data);
    let message = cqr::parse_message(data);
    assert_eq!(cqr::parse_message(data), message, "not deterministic");
    match &message {
        Ok(m) => {
            let json = serde_json::to_string(m).expect("serialisable");
            assert_json(&json);
        }
        Err(e) => check_error(e),
    }

    // The specific parsers agree with the general one.
    let notification = cqr::parse_notification(data);
    match (&message, &notification) {
        (Ok(Message::Notification(a)), Ok(b)) => {
            assert_eq!(a, b);
            let _ = b.outcome();
            let _ = b.idempotency_key();
            let _ = cqr::effective_outcome(&b.payment);
            if let Some(c) = Currency::lookup(&b.payment.amount.currency) {
                if let Ok(expected) = Amount::from_minor(100, c) {
                    let _ = cqr::check_amount(&b.payment, &expected);
                }
            }
        }
        (Ok(Message::Notification(_)), Err(e)) => panic!("message ok, notification {e:?}"),
        (Ok(_), Ok(_)) => panic!("notification parsed a non-notification"),
        (Ok(_), Err(e)) => check_error(e),
        // The document-level error is the same; past it, the notification parser only looks
        // at the root, while parse_message may find a problem inside another message type.
        (Err(a), Err(b)) => {
            check_error(b);
            let other_root =
                b.kind() == ErrorKind::MalformedInput && b.message().starts_with("unexpected root");
            assert!(a.kind() == b.kind() || other_root, "{a:?} vs {b:?}");
        }
        (Err(a), Ok(_)) => panic!("notification ok, message {a:?}"),
    }
    let initiate = cqr::parse_initiate_answer(data);
    match (&message, &initiate) {
        (Ok(Message::InitiateResponse(a)), Ok(InitiateAnswer::InitiateResponse(b))) => {
            assert_eq!(a, b);
            if let Err(e) = b.redirect_url() {
                check_error(&e);
            }
        }
        (
            Ok(Message::PaymentServiceException(a)),
            Ok(InitiateAnswer::PaymentServiceException(b)),
        ) => {
            assert_eq!(a, b)
        }
        (Ok(Message::InitiateResponse(_) | Message::PaymentServiceException(_)), _) => {
            panic!("message {message:?} vs initiate answer {initiate:?}")
        }
        (_, Ok(a)) => panic!("initiate answer {a:?} from message {message:?}"),
        (_, Err(e)) => check_error(e),
    }
    let get_payments = cqr::parse_get_payments_answer(data);
    match (&message, &get_payments) {
        (Ok(Message::GetPaymentsResponse(a)), Ok(GetPaymentsAnswer::GetPaymentsResponse(b))) => {
            assert_eq!(a, b);
            for p in &b.payments {
                let _ = b.confirmation(&p.payment_id);
            }
        }
        (
            Ok(Message::PaymentServiceException(a)),
            Ok(GetPaymentsAnswer::PaymentServiceException(b)),
        ) => assert_eq!(a, b),
        (Ok(Message::GetPaymentsResponse(_) | Message::PaymentServiceException(_)), _) => {
            panic!("message {message:?} vs getPayments answer {get_payments:?}")
        }
        (_, Ok(a)) => panic!("getPayments answer {a:?} from message {message:?}"),
        (_, Err(e)) => check_error(e),
    }

    // Tighter limits.
    let tiny = cqr::parse_message_with(data, &TINY_XML);
    if data.len() > TINY_XML.max_body_bytes {
        assert_limit(tiny.as_ref().unwrap_err(), Limit::BodySize);
    }
    match (&tiny, &message) {
        (Ok(t), Ok(m)) => assert_eq!(t, m),
        (Ok(_), Err(e)) => panic!("tiny limits accepted what the defaults refused: {e:?}"),
        (Err(e), Ok(_)) => assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{e:?}"),
        (Err(e), Err(_)) => check_error(e),
    }
    assert_eq!(
        cqr::parse_notification_with(data, &ParseLimits::default()),
        notification
    );

    // The shop's notification answer: not a message parse_message accepts; read back → build →
    // read back keeps the code, the name and the decision.
    let ack = cqr::parse_ack(data);
    assert_eq!(cqr::parse_ack(data), ack, "not deterministic");
    match &ack {
        Ok(a) => {
            assert!(message.is_err(), "an ack is not a PXP message: {message:?}");
            assert_json(&serde_json::to_string(a).expect("serialisable"));
            if let Ok(xml) = cqr::build_ack(a.result_code.code, &a.result_code.name, &a.message) {
                let back = cqr::parse_ack(xml.as_bytes())
                    .unwrap_or_else(|e| panic!("built ack does not parse: {e:?}\n{xml}"));
                assert_eq!(back.result_code, a.result_code, "{xml}");
                assert_eq!(back.result, a.result, "{xml}");
            }
        }
        Err(e) => check_error(e),
    }
    match (&cqr::parse_ack_with(data, &TINY_XML), &ack) {
        (Ok(t), Ok(a)) => assert_eq!(t, a),
        (Ok(_), Err(e)) => panic!("tiny limits accepted an ack the defaults refused: {e:?}"),
        (Err(e), Ok(_)) => assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{e:?}"),
        (Err(e), Err(_)) => check_error(e),
    }

    // initiatePaymentRequest read back → build → read back.
    match cqr::parse_initiate_request(data) {
        Ok(req) => {
            if let Ok(built) = req.build() {
                let back = cqr::parse_initiate_request(built.xml.as_bytes()).unwrap_or_else(|e| {
                    panic!("built request does not parse: {e:?}\n{}", built.xml)
                });
                assert_eq!(back, normalised(req), "{}", built.xml);
            }
        }
        Err(e) => check_error(&e),
    }
});
