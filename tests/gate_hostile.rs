//! Bad and hostile input through every Gate entry point: the right error kind, quickly,
//! never a panic or a stack overflow.

use qiwi_merchant::gate::{self, Callback, JsonLimits, Signer};
use qiwi_merchant::{ErrorKind, Limit};
use std::time::{Duration, Instant};

const BOUND: Duration = Duration::from_millis(900);

fn signer() -> Signer {
    Signer::new("hostile-secret").unwrap()
}

/// Runs `f` on `input` through stamp, verify and callback parsing; all must fail with `kind`.
fn all_fail(input: &[u8], kind: ErrorKind, what: &str) {
    let t = Instant::now();
    assert_eq!(
        gate::stamp(input).unwrap_err().kind(),
        kind,
        "stamp: {what}"
    );
    assert_eq!(
        signer().verify_json(input).unwrap_err().kind(),
        kind,
        "verify: {what}"
    );
    assert_eq!(
        Callback::parse(&signer(), input).unwrap_err().kind(),
        kind,
        "callback: {what}"
    );
    let rej = gate::parse_account_check(&signer(), 1, input).unwrap_err();
    assert_eq!(rej.error.kind(), kind, "account check: {what}");
    assert_eq!(rej.response.code, 500, "account check code: {what}");
    assert!(t.elapsed() < BOUND, "{what} took {:?}", t.elapsed());
}

#[test]
fn truncated_json() {
    let full = br#"{"payment":{"id":"p","sum":{"amount":1,"currency":"KZT"}},"signature":"x"}"#;
    for cut in 0..full.len() {
        all_fail(
            &full[..cut],
            ErrorKind::MalformedInput,
            &format!("cut at {cut}"),
        );
    }
}

#[test]
fn duplicate_keys() {
    all_fail(
        br#"{"a":1,"b":{"c":1,"c":2},"signature":"x"}"#,
        ErrorKind::MalformedInput,
        "dup",
    );
}

#[test]
fn invalid_utf8_and_surrogates() {
    all_fail(
        b"{\"a\":\"\xed\xa0\x80\"}",
        ErrorKind::MalformedInput,
        "encoded surrogate",
    );
    all_fail(
        b"{\"a\":\"\xc0\xaf\"}",
        ErrorKind::MalformedInput,
        "overlong",
    );
    all_fail(b"{\"a\":\"\xff\"}", ErrorKind::MalformedInput, "0xff");
    all_fail(
        br#"{"a":"\ud83d"}"#,
        ErrorKind::MalformedInput,
        "lone surrogate",
    );
    all_fail(b"{\"a\":\"x\x00y\"}", ErrorKind::MalformedInput, "raw NUL");
}

#[test]
fn deep_nesting() {
    for depth in [65usize, 10_000, 1_000_000] {
        let body = "[".repeat(depth) + &"]".repeat(depth);
        all_fail(
            format!("{{\"a\":{body}}}").as_bytes(),
            ErrorKind::LimitExceeded,
            &format!("depth {depth}"),
        );
        let open_only = "{\"a\":".repeat(depth);
        all_fail(
            open_only.as_bytes(),
            ErrorKind::LimitExceeded,
            &format!("open depth {depth}"),
        );
    }
}

#[test]
fn hundred_megabyte_body() {
    let mut body = Vec::with_capacity(100 << 20);
    body.extend_from_slice(b"{\"a\":\"");
    body.resize((100 << 20) - 2, b'x');
    body.extend_from_slice(b"\"}");
    let t = Instant::now();
    let e = signer().verify_json(&body).unwrap_err();
    assert_eq!(e.limit_hit(), Some(Limit::BodySize));
    all_fail(&body, ErrorKind::LimitExceeded, "100 MB");
    assert!(t.elapsed() < BOUND);
}

#[test]
fn configurable_limits_name_the_limit() {
    let s = signer().with_limits(JsonLimits {
        max_items: 10,
        ..JsonLimits::default()
    });
    let body = format!(
        "{{{}}}",
        (0..20)
            .map(|i| format!("\"k{i}\":1"))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert_eq!(
        s.verify_json(body.as_bytes()).unwrap_err().limit_hit(),
        Some(Limit::Items)
    );
    let s = signer().with_limits(JsonLimits {
        max_string_bytes: 8,
        ..JsonLimits::default()
    });
    assert_eq!(
        s.verify_json(br#"{"k":"0123456789"}"#)
            .unwrap_err()
            .limit_hit(),
        Some(Limit::StringLength)
    );
    let e = s.verify_json(br#"{"k":"0123456789"}"#).unwrap_err();
    assert!(e.message().contains("8 bytes"), "{e}");
}

#[test]
fn huge_integers() {
    let digits = "9".repeat(10_000);
    let body = format!(r#"{{"n":{digits}}}"#);
    // Kept exactly in the stamp.
    assert_eq!(gate::stamp(body.as_bytes()).unwrap(), format!("n:{digits}"));
    // Too large for an amount.
    let s = signer();
    let msg = format!(
        r#"{{"type":"check_deposit","project_id":1,"customer_id":"c","amount":{digits},"currency":"KZT","payment_method":"qiwi-kz"}}"#
    );
    let sig = s.sign_json(msg.as_bytes()).unwrap();
    let signed = msg.strip_suffix('}').unwrap().to_string() + &format!(r#","signature":"{sig}"}}"#);
    let rej = gate::parse_account_check(&s, 1, signed.as_bytes()).unwrap_err();
    assert_eq!(rej.response.code, 500);
    let cb = format!(r#"{{"payment":{{"id":"p","sum":{{"amount":{digits},"currency":"KZT"}}}}}}"#);
    let sig = s.sign_json(cb.as_bytes()).unwrap();
    let signed = cb.strip_suffix('}').unwrap().to_string() + &format!(r#","signature":"{sig}"}}"#);
    assert_eq!(
        Callback::parse(&s, signed.as_bytes()).unwrap_err().kind(),
        ErrorKind::Validation
    );
}

#[test]
fn wrong_types_and_missing_fields() {
    let s = signer();
    let sign = |body: &str| {
        let sig = s.sign_json(body.as_bytes()).unwrap();
        body.strip_suffix('}').unwrap().to_string() + &format!(r#","signature":"{sig}"}}"#)
    };
    for body in [
        r#"{"payment":"p"}"#,
        r#"{"payment":{"id":{"x":1}}}"#,
        r#"{"payment":{"id":"p","sum":[1]}}"#,
        r#"{"payment":{"id":"p","sum":{"amount":1}}}"#,
        r#"{"payment":{"id":"p","status":true}}"#,
        r#"{"payment":{"id":"p"},"operation":"x"}"#,
        r#"{"payment":{"id":""}}"#,
        r#"{"operation":{"id":1}}"#,
    ] {
        let e = Callback::parse(&s, sign(body).as_bytes()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation, "{body}: {e}");
    }
}

#[test]
fn odd_numbers_are_handled() {
    // -0, 1e999 and long fractions are valid JSON: kept exactly in the stamp.
    assert_eq!(
        gate::stamp(br#"{"a":-0,"b":1e999,"c":0.1000000000000000000001}"#).unwrap(),
        "a:-0;b:1e999;c:0.1000000000000000000001"
    );
    // Signing refuses them (floats) with the path.
    assert_eq!(
        signer().sign_json(br#"{"b":1e999}"#).unwrap_err().path(),
        Some("b")
    );
}

#[test]
fn many_keys_and_big_keys() {
    let s = signer().with_limits(JsonLimits {
        max_body_bytes: 64 << 20,
        max_items: 2_000_000,
        max_string_bytes: 2 << 20,
        ..JsonLimits::default()
    });
    let mut body = String::from("{");
    for i in 0..1_000_000 {
        body.push_str(&format!("\"{i}\":1,"));
    }
    body.push_str("\"signature\":\"x\"}");
    let t = Instant::now();
    assert_eq!(
        s.verify_json(body.as_bytes()).unwrap_err().kind(),
        ErrorKind::SignatureMismatch
    );
    // A guard against super-linear work, not a performance figure (benches measure those):
    // linear work takes a few seconds in a debug build, a quadratic walk over 1M keys would
    // take hours, so the bound is generous enough that a loaded machine never trips it.
    assert!(
        t.elapsed() < Duration::from_secs(60),
        "1M keys took {:?}",
        t.elapsed()
    );
    // A 1 MB key is refused by the default limits.
    let big = format!("{{\"{}\":1}}", "k".repeat(1 << 20));
    assert_eq!(
        signer().verify_json(big.as_bytes()).unwrap_err().kind(),
        ErrorKind::LimitExceeded
    );
}
