//! Hostile inputs: each must fail with the right error kind, quickly, without panicking.

use qiwi_merchant::cqr::{self, ParseLimits};
use qiwi_merchant::{ErrorKind, Limit};
use std::time::{Duration, Instant};

const NOTIFICATION: &str = include_str!("vectors/cqr/seed_notification.xml");

fn timed<T>(f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let r = f();
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "took {:?}",
        start.elapsed()
    );
    r
}

fn expect_kind(input: &[u8], kind: ErrorKind) -> qiwi_merchant::Error {
    let e = timed(|| cqr::parse_message(input)).expect_err("must fail");
    assert_eq!(e.kind(), kind, "{e}");
    e
}

#[test]
fn billion_laughs() {
    let mut x = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        x.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    x.push_str("]>\n<handlePaymentStateChangedNotificationRequest>&lol9;</handlePaymentStateChangedNotificationRequest>");
    expect_kind(x.as_bytes(), ErrorKind::MalformedInput);
    // The same references without a DOCTYPE are undeclared entities.
    expect_kind(
        b"<paymentServiceException><errorMessage>&lol9;</errorMessage></paymentServiceException>",
        ErrorKind::MalformedInput,
    );
}

#[test]
fn external_entity() {
    let x = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><paymentServiceException><errorMessage>&xxe;</errorMessage></paymentServiceException>";
    expect_kind(x.as_bytes(), ErrorKind::MalformedInput);
    let x = "<!DOCTYPE r SYSTEM \"http://evil.example/x.dtd\"><paymentServiceException/>";
    expect_kind(x.as_bytes(), ErrorKind::MalformedInput);
}

#[test]
fn doctype_alone() {
    expect_kind(
        b"<!DOCTYPE paymentServiceException><paymentServiceException/>",
        ErrorKind::MalformedInput,
    );
    expect_kind(b"<!DOCTYPE x>", ErrorKind::MalformedInput);
}

#[test]
fn structure() {
    for bad in [
        &b"<paymentServiceException><errorMessage>x</errorMessage>"[..],
        b"<paymentServiceException><errorMessage>x",
        b"<paymentServiceException",
        b"<paymentServiceException/><paymentServiceException/>",
        b"<paymentServiceException/>trailing",
        b"<paymentServiceException/><!-- ok --> <x",
        b"</paymentServiceException>",
        b"",
        b"   ",
        b"\xEF\xBB\xBF",
    ] {
        expect_kind(bad, ErrorKind::MalformedInput);
    }
    // A comment or whitespace after the root is fine.
    assert!(cqr::parse_message(b"<paymentServiceException/><!-- ok -->\n").is_ok());
}

#[test]
fn huge_body_rejected_by_size_before_reading() {
    let body = vec![b'a'; 100 * 1024 * 1024];
    let e = expect_kind(&body, ErrorKind::LimitExceeded);
    assert_eq!(e.limit_hit(), Some(Limit::BodySize));
    // A host can refuse by Content-Length alone.
    let e = ParseLimits::default()
        .check_body_size(100 * 1024 * 1024)
        .unwrap_err();
    assert_eq!(e.limit_hit(), Some(Limit::BodySize));
    // Exactly the limit is not a size error.
    let mut ok = b"<paymentServiceException/><!--".to_vec();
    ok.resize(1024 * 1024 - 3, b'x');
    ok.extend_from_slice(b"-->");
    assert_eq!(ok.len(), 1024 * 1024);
    assert!(timed(|| cqr::parse_message(&ok)).is_ok());
}

#[test]
fn deep_nesting() {
    let deep = "<a>".repeat(10_000) + &"</a>".repeat(10_000);
    let e = expect_kind(deep.as_bytes(), ErrorKind::LimitExceeded);
    assert_eq!(e.limit_hit(), Some(Limit::Depth));
    let unclosed = "<a>".repeat(200_000);
    let e = expect_kind(unclosed.as_bytes(), ErrorKind::LimitExceeded);
    assert_eq!(e.limit_hit(), Some(Limit::Depth));
    // A larger configured depth is capped at the ceiling: up to it the document is read (root
    // "a" is not a CQR message), beyond it the depth limit holds.
    let limits = ParseLimits {
        max_depth: 1_000_000,
        max_items: 1_000_000,
        ..ParseLimits::default()
    };
    let e = timed(|| cqr::parse_message_with(deep.as_bytes(), &limits)).unwrap_err();
    assert_eq!(e.limit_hit(), Some(Limit::Depth));
    let n = qiwi_merchant::MAX_DEPTH_CEILING;
    let at_ceiling = "<a>".repeat(n) + &"</a>".repeat(n);
    let e = timed(|| cqr::parse_message_with(at_ceiling.as_bytes(), &limits)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MalformedInput);
}

#[test]
fn item_and_string_limits() {
    let many = format!("<payments>{}</payments>", "<x/>".repeat(30_000));
    let e = expect_kind(many.as_bytes(), ErrorKind::LimitExceeded);
    assert_eq!(e.limit_hit(), Some(Limit::Items));
    let long = format!(
        "<paymentServiceException><errorMessage>{}</errorMessage></paymentServiceException>",
        "x".repeat(70_000)
    );
    let e = expect_kind(long.as_bytes(), ErrorKind::LimitExceeded);
    assert_eq!(e.limit_hit(), Some(Limit::StringLength));
    assert_eq!(e.path(), Some("/paymentServiceException/errorMessage"));
    let tight = ParseLimits {
        max_body_bytes: 100,
        ..ParseLimits::default()
    };
    let e = cqr::parse_message_with(NOTIFICATION.as_bytes(), &tight).unwrap_err();
    assert_eq!(e.limit_hit(), Some(Limit::BodySize));
}

#[test]
fn invalid_utf8() {
    expect_kind(
        b"<paymentServiceException><errorMessage>\xC3\x28</errorMessage></paymentServiceException>",
        ErrorKind::MalformedInput,
    );
    expect_kind(b"\xFF\xFE<\x00", ErrorKind::MalformedInput);
    // Unpaired surrogate in UTF-16.
    let mut b = vec![0xFF, 0xFE];
    for u in "<a>"
        .encode_utf16()
        .chain([0xD800u16])
        .chain("</a>".encode_utf16())
    {
        b.extend_from_slice(&u.to_le_bytes());
    }
    expect_kind(&b, ErrorKind::MalformedInput);
}

#[test]
fn bad_decimals_in_amount() {
    for bad in [
        "1e5",
        "1.2.3",
        "-0",
        "1234567890123456789012345678901234567890",
        "",
        "abc",
        "1 000",
        "0x10",
        "+-1",
    ] {
        let x = NOTIFICATION.replace(
            "<amount currencyCode=\"USD\">99.9500</amount>",
            &format!("<amount currencyCode=\"USD\">{bad}</amount>"),
        );
        let e = timed(|| cqr::parse_notification(x.as_bytes())).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation, "{bad}: {e}");
        assert_eq!(
            e.path(),
            Some("/handlePaymentStateChangedNotificationRequest/payment/amount"),
            "{bad}"
        );
    }
}

#[test]
fn wrong_root_for_specific_parsers() {
    let e = cqr::parse_notification(b"<paymentServiceException/>").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MalformedInput);
    let e = cqr::parse_initiate_answer(NOTIFICATION.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MalformedInput);
    assert!(matches!(
        cqr::parse_initiate_answer(
            b"<paymentServiceException><errorCode>100</errorCode></paymentServiceException>"
        ),
        Ok(cqr::InitiateAnswer::PaymentServiceException(_))
    ));
}

#[test]
fn random_garbage_never_panics() {
    // Every prefix of a real message, and byte flips, must return (not panic) quickly.
    let bytes = NOTIFICATION.as_bytes();
    for i in (0..bytes.len()).step_by(7) {
        let _ = timed(|| cqr::parse_message(&bytes[..i]));
    }
    let mut seed = 0x2545F4914F6CDD1Du64;
    for _ in 0..500 {
        let mut b = bytes.to_vec();
        for _ in 0..4 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let i = (seed as usize) % b.len();
            b[i] = (seed >> 32) as u8;
        }
        let _ = timed(|| cqr::parse_message(&b));
    }
}

// ---- the shop's notification answer (cqr::parse_ack) ------------------------------------------

fn ack_error(input: &[u8], limits: &ParseLimits) -> qiwi_merchant::Error {
    timed(|| cqr::parse_ack_with(input, limits)).expect_err("must fail")
}

#[test]
fn ack_round_trips_every_result_and_code() {
    let codes = cqr::AckCodes::default();
    for &result in cqr::AckResult::ALL {
        let body = codes
            .answer(result, "row lock timeout & retry <later>")
            .unwrap();
        let ack = cqr::parse_ack(body.as_bytes()).unwrap();
        assert_eq!(&ack.result_code, codes.code(result));
        assert_eq!(ack.result, Some(result));
        let message = if result == cqr::AckResult::Processed {
            ""
        } else {
            "row lock timeout & retry <later>"
        };
        assert_eq!(ack.message, message);
    }
    // Codes outside the three decisions keep their code and name, with no decision.
    for (code, name) in [
        (3, "RefusedByRiskManagement"),
        (15, "BlockedByMerchant"),
        (-7, "Custom"),
    ] {
        let body = cqr::build_ack(code, name, "why").unwrap();
        let ack = cqr::parse_ack(body.as_bytes()).unwrap();
        assert_eq!(ack.result_code, cqr::ResultCode::new(code, name));
        assert_eq!((ack.result, ack.message.as_str()), (None, "why"));
    }
    assert_eq!(
        cqr::parse_ack(cqr::ack_processed().as_bytes())
            .unwrap()
            .result,
        Some(cqr::AckResult::Processed)
    );
    // Whitespace, a carriage return (written as a reference) and markup characters survive.
    for (name, message) in [
        (" Spaced Name ", "a\r\nb"),
        ("A&B<C>", "  x  "),
        ("Я", "\t"),
    ] {
        let body = cqr::build_ack(1, name, message).unwrap();
        let ack = cqr::parse_ack(body.as_bytes()).unwrap();
        assert_eq!(
            (ack.result_code.name.as_str(), ack.message.as_str()),
            (name, message),
            "{body}"
        );
    }
}

#[test]
fn ack_hostile_inputs_fail_typed() {
    let good = cqr::ack_processed();
    let d = ParseLimits::default();
    // A DOCTYPE (entity expansion) is refused before anything is read.
    let dtd = good.replacen("?>", "?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>", 1);
    assert_eq!(
        ack_error(dtd.as_bytes(), &d).kind(),
        ErrorKind::MalformedInput
    );
    // Cut anywhere: never a value, never a panic.
    for end in 0..good.len() {
        let e = ack_error(&good.as_bytes()[..end], &d);
        assert!(
            matches!(e.kind(), ErrorKind::MalformedInput | ErrorKind::Validation),
            "cut at {end}: {e}"
        );
    }
    // Another message's root.
    let e = ack_error(NOTIFICATION.as_bytes(), &d);
    assert_eq!(e.kind(), ErrorKind::MalformedInput, "{e}");
    assert_eq!(
        e.path(),
        Some("/handlePaymentStateChangedNotificationRequest")
    );
    // Too big, too deep, a string too long.
    let huge = good.replace(
        "<resultMessage/>",
        &format!("<resultMessage>{}</resultMessage>", "x".repeat(2 << 20)),
    );
    let e = ack_error(huge.as_bytes(), &d);
    assert!(matches!(e.kind(), ErrorKind::LimitExceeded), "{e}");
    let deep = good.replace(
        "<resultMessage/>",
        &format!("{}{}", "<a>".repeat(100), "</a>".repeat(100)),
    );
    assert_eq!(
        ack_error(deep.as_bytes(), &d).kind(),
        ErrorKind::LimitExceeded
    );
    let tight = ParseLimits {
        max_string_bytes: 4,
        ..d
    };
    let long_name = cqr::build_ack(0, "ProcessedSuccessfully", "").unwrap();
    assert_eq!(
        ack_error(long_name.as_bytes(), &tight).kind(),
        ErrorKind::LimitExceeded
    );
}

#[test]
fn ack_missing_or_bad_parts_are_validation_errors_at_the_element() {
    let root = "handlePaymentStateChangedNotificationResponse";
    let wrap = |inner: &str| format!("<{root}>{inner}</{root}>");
    let d = ParseLimits::default();
    for (inner, kind, path) in [
        (
            "<resultMessage/>",
            ErrorKind::Validation,
            format!("/{root}/resultCode"),
        ),
        (
            "<resultCode><value>X</value></resultCode>",
            ErrorKind::Validation,
            format!("/{root}/resultCode/key"),
        ),
        (
            "<resultCode><key>0</key></resultCode>",
            ErrorKind::Validation,
            format!("/{root}/resultCode/value"),
        ),
        (
            "<resultCode><key>0</key><value> </value></resultCode>",
            ErrorKind::Validation,
            format!("/{root}/resultCode/value"),
        ),
        (
            "<resultCode><key>zero</key><value>X</value></resultCode>",
            ErrorKind::Validation,
            format!("/{root}/resultCode/key"),
        ),
        (
            "<resultCode><key>99999999999999999999</key><value>X</value></resultCode>",
            ErrorKind::Validation,
            format!("/{root}/resultCode/key"),
        ),
        (
            "<resultCode><key>0</key><value>X</value></resultCode><resultCode/>",
            ErrorKind::MalformedInput,
            format!("/{root}/resultCode"),
        ),
    ] {
        let e = ack_error(wrap(inner).as_bytes(), &d);
        assert_eq!(
            (e.kind(), e.path()),
            (kind, Some(path.as_str())),
            "{inner}: {e}"
        );
    }
    // A missing resultMessage is an empty message, not an error.
    let ack = cqr::parse_ack(
        wrap("<resultCode><key>2</key><value>UnknownState</value></resultCode>").as_bytes(),
    )
    .unwrap();
    assert_eq!(
        (ack.result, ack.message.as_str()),
        (Some(cqr::AckResult::UnknownState), "")
    );
}
