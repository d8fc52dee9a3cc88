//! Every parser's limits are configurable, default to the documented values (SECURITY.md), and
//! each limit, when hit through any entry point, is `LimitExceeded` naming that limit.

use qiwi_merchant::cqr::{self, ParseLimits};
use qiwi_merchant::gate::{self, Callback, JsonLimits, PayoutResponse, Signer};
use qiwi_merchant::{Error, ErrorKind, Limit};

#[test]
fn documented_defaults() {
    assert_eq!(
        JsonLimits::default(),
        JsonLimits {
            max_body_bytes: 1 << 20,
            max_depth: 64,
            max_items: 100_000,
            max_string_bytes: 64 << 10,
        }
    );
    assert_eq!(
        ParseLimits::default(),
        ParseLimits {
            max_body_bytes: 1 << 20,
            max_depth: 64,
            max_items: 20_000,
            max_string_bytes: 64 << 10,
        }
    );
    assert_eq!(
        Signer::new("k").unwrap().limits(),
        &JsonLimits::default(),
        "a signer starts with the default limits"
    );
}

fn limit_of(r: Result<impl std::fmt::Debug, Error>) -> Option<Limit> {
    let e = r.expect_err("must fail");
    assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{e:?}");
    e.limit_hit()
}

const GATE_TINY: JsonLimits = JsonLimits {
    max_body_bytes: 200,
    max_depth: 3,
    max_items: 6,
    max_string_bytes: 10,
};

/// One input per limit, each fine under the defaults.
fn gate_cases() -> Vec<(Limit, String)> {
    vec![
        (
            Limit::BodySize,
            format!("{{\"a\":\"{}\"}}", " ".repeat(300)),
        ),
        (Limit::Depth, r#"{"a":{"b":{"c":{"d":1}}}}"#.to_string()),
        (Limit::Items, r#"{"a":[1,2,3,4,5,6,7]}"#.to_string()),
        (Limit::StringLength, r#"{"a":"12345678901"}"#.to_string()),
        (Limit::StringLength, r#"{"abcdefghijk":1}"#.to_string()),
        (Limit::StringLength, r#"{"a":12345678901}"#.to_string()),
    ]
}

#[test]
fn every_gate_entry_point_honours_its_limits() {
    let signer = Signer::new("k").unwrap().with_limits(GATE_TINY);
    let roomy = Signer::new("k").unwrap();
    for (limit, input) in gate_cases() {
        let b = input.as_bytes();
        let want = Some(limit);
        // Fine with the defaults (fails later, for the signature, or not at all).
        assert!(gate::stamp(b).is_ok(), "{input}");
        assert_ne!(
            roomy.verify_json(b).unwrap_err().kind(),
            ErrorKind::LimitExceeded
        );
        assert_eq!(
            limit_of(gate::stamp_with_limits(b, &GATE_TINY)),
            want,
            "stamp {input}"
        );
        assert_eq!(limit_of(signer.verify_json(b)), want, "verify {input}");
        assert_eq!(limit_of(signer.sign_json(b)), want, "sign {input}");
        assert_eq!(
            limit_of(Callback::parse(&signer, b)),
            want,
            "callback {input}"
        );
        assert_eq!(
            limit_of(gate::parse_account_check(&signer, 1, b).map_err(|r| r.error)),
            want,
            "account check (uses the signer's limits) {input}"
        );
        assert_eq!(
            limit_of(gate::parse_status_response(&signer, b)),
            want,
            "status {input}"
        );
        match gate::parse_payout_response(&signer, 200, b, "p", false) {
            PayoutResponse::Unknown { error, .. } => {
                assert_eq!(error.as_deref(), Some("limit_exceeded"), "payout {input}")
            }
            other => panic!("payout {input}: {other:?}"),
        }
        assert_eq!(
            limit_of(gate::parse_json(b, &GATE_TINY)),
            want,
            "json::parse {input}"
        );
    }
}

const CQR_TINY: ParseLimits = ParseLimits {
    max_body_bytes: 300,
    max_depth: 3,
    max_items: 5,
    max_string_bytes: 10,
};

fn cqr_cases() -> Vec<(Limit, String)> {
    let n = "handlePaymentStateChangedNotificationRequest";
    vec![
        (Limit::BodySize, format!("<{n}>{}</{n}>", " ".repeat(300))),
        (Limit::Depth, format!("<{n}><a><b><c/></b></a></{n}>")),
        (Limit::Items, format!("<{n}><a/><a/><a/><a/><a/></{n}>")),
        (
            Limit::Items,
            format!("<{n} a=\"\" b=\"\" c=\"\" d=\"\" e=\"\" f=\"\"/>"),
        ),
        (Limit::StringLength, format!("<{n}>12345678901</{n}>")),
        (Limit::StringLength, format!("<{n} a=\"12345678901\"/>")),
        (
            Limit::StringLength,
            format!("<{n}>&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;&amp;</{n}>"),
        ),
    ]
}

#[test]
fn every_cqr_entry_point_honours_its_limits() {
    for (limit, input) in cqr_cases() {
        let b = input.as_bytes();
        let want = Some(limit);
        let l = &CQR_TINY;
        // Not a limit problem under the defaults.
        assert_ne!(
            cqr::parse_message(b).unwrap_err().kind(),
            ErrorKind::LimitExceeded,
            "{input}"
        );
        assert_eq!(limit_of(cqr::parse_message_with(b, l)), want, "{input}");
        assert_eq!(limit_of(cqr::parse_notification_with(b, l)), want);
        assert_eq!(limit_of(cqr::parse_initiate_answer_with(b, l)), want);
        assert_eq!(limit_of(cqr::parse_get_payments_answer_with(b, l)), want);
        assert_eq!(limit_of(cqr::parse_initiate_request_with(b, l)), want);
        if limit == Limit::BodySize {
            assert_eq!(limit_of(l.check_body_size(b.len())), want);
        }
    }
    assert!(
        CQR_TINY.check_body_size(300).is_ok(),
        "the limit is inclusive"
    );
}

/// A host may raise `max_depth`, but no parser goes beyond `MAX_DEPTH_CEILING`: the trees are
/// walked recursively afterwards (serialisation, the bindings' conversions, drop). At the
/// ceiling, every walk fits a 1 MiB stack (debug build; 512 KiB also does); one level more is
/// a depth error.
#[test]
fn raised_depth_is_capped_at_the_ceiling_and_fits_a_small_stack() {
    use qiwi_merchant::MAX_DEPTH_CEILING;
    let run = || {
        let raised = JsonLimits {
            max_depth: 1_000_000,
            max_body_bytes: 8 << 20,
            ..JsonLimits::default()
        };
        let signer = Signer::new("k").unwrap().with_limits(raised);
        // The root object is level 1, `x` opens level 2.
        let answer = |depth: usize| {
            let n = depth - 1;
            format!(
                r#"{{"status":"success","request_id":"r","payment_id":"p","x":{}{}}}"#,
                "[".repeat(n),
                "]".repeat(n)
            )
        };
        let at = answer(MAX_DEPTH_CEILING);
        let over = answer(MAX_DEPTH_CEILING + 1);

        let tree = gate::parse_json(at.as_bytes(), &raised).unwrap();
        assert_eq!(
            gate::parse_json(tree.to_json().as_bytes(), &raised),
            Ok(tree.clone())
        );
        let raw = gate::RawJson::from_value(&tree);
        assert_eq!(raw.to_tree(), Ok(tree.clone()));
        assert!(gate::stamp_with_limits(at.as_bytes(), &raised).is_ok());
        let payout = gate::parse_payout_response(&signer, 200, at.as_bytes(), "p", false);
        assert!(
            matches!(payout, PayoutResponse::Accepted { .. }),
            "{payout:?}"
        );
        assert!(serde_json::to_string(&payout).is_ok());
        drop(tree);

        assert_eq!(
            limit_of(gate::parse_json(over.as_bytes(), &raised)),
            Some(Limit::Depth)
        );
        assert_eq!(
            limit_of(signer.verify_json(over.as_bytes())),
            Some(Limit::Depth)
        );

        let xml_raised = ParseLimits {
            max_depth: 1_000_000,
            max_body_bytes: 8 << 20,
            ..ParseLimits::default()
        };
        let n = "handlePaymentStateChangedNotificationRequest";
        let nested = |depth: usize| {
            format!(
                "<{n}>{}{}</{n}>",
                "<a>".repeat(depth - 1),
                "</a>".repeat(depth - 1)
            )
        };
        let at = nested(MAX_DEPTH_CEILING);
        let over = nested(MAX_DEPTH_CEILING + 1);
        if let Ok(m) = cqr::parse_message_with(at.as_bytes(), &xml_raised) {
            assert!(serde_json::to_string(&m).is_ok());
        } else {
            let e = cqr::parse_message_with(at.as_bytes(), &xml_raised).unwrap_err();
            assert_ne!(e.kind(), ErrorKind::LimitExceeded, "{e:?}");
        }
        assert_eq!(
            limit_of(cqr::parse_message_with(over.as_bytes(), &xml_raised)),
            Some(Limit::Depth)
        );
    };
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}
