//! Rust-side tests of the C ABI (also run under miri: `cargo +nightly miri test --features capi capi::`).

use super::gate::*;
use super::*;
use crate::error::{Error, ErrorKind};
use std::ffi::CStr;
use std::ptr;

fn empty() -> qm_buffer {
    qm_buffer {
        data: ptr::null_mut(),
        len: 0,
    }
}

fn take(mut b: qm_buffer) -> String {
    assert!(!b.data.is_null());
    // SAFETY: filled by the library: len bytes + NUL.
    let s = unsafe {
        assert_eq!(*b.data.add(b.len), 0);
        String::from_utf8(std::slice::from_raw_parts(b.data, b.len).to_vec()).unwrap()
    };
    unsafe { qm_buffer_free(&mut b) };
    assert!(b.data.is_null() && b.len == 0);
    unsafe { qm_buffer_free(&mut b) };
    s
}

fn last_message() -> String {
    let mut n = 0usize;
    assert_eq!(
        unsafe { qm_last_error_message(ptr::null_mut(), 0, &mut n) },
        qm_result::QM_OK
    );
    let mut buf = vec![0 as c_char; n + 1];
    assert_eq!(
        unsafe { qm_last_error_message(buf.as_mut_ptr(), buf.len(), &mut n) },
        qm_result::QM_OK
    );
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_str()
        .unwrap()
        .to_string()
}

fn signer(secret: &str) -> *mut qm_gate_signer {
    let mut s = ptr::null_mut();
    let r = unsafe { qm_gate_signer_new(secret.as_ptr(), secret.len(), ptr::null(), 0, &mut s) };
    assert_eq!(r, qm_result::QM_OK);
    s
}

#[test]
fn result_values_are_fixed() {
    assert_eq!(qm_result::QM_OK as u32, 0);
    for k in ErrorKind::ALL {
        assert_eq!(qm_result::from_kind(k) as u32, k.code());
        let name = unsafe { CStr::from_ptr(qm_result_name(k.code())) };
        assert_eq!(name.to_str().unwrap(), k.name());
    }
    assert_eq!(qm_result::QM_NULL_PARAMETER as u32, 100);
    assert_eq!(qm_result::QM_PANIC as u32, 101);
    let unknown = unsafe { CStr::from_ptr(qm_result_name(55)) };
    assert_eq!(unknown.to_str().unwrap(), "unknown");
    let v = unsafe { CStr::from_ptr(qm_version()) };
    assert_eq!(v.to_str().unwrap(), crate::VERSION);
    let profile = unsafe { CStr::from_ptr(qm_build_profile()) };
    let expected = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    assert_eq!(profile.to_str().unwrap(), expected);
}

#[test]
fn sign_verify_roundtrip_and_errors() {
    let s = signer("secret");
    let msg = br#"{"a":1,"b":"x"}"#;
    let mut out = empty();
    assert_eq!(
        unsafe { qm_gate_sign(s, msg.as_ptr(), msg.len(), &mut out) },
        qm_result::QM_OK
    );
    let sig = take(out);
    let signed = format!(r#"{{"a":1,"b":"x","signature":"{sig}"}}"#);
    assert_eq!(
        unsafe { qm_gate_verify(s, signed.as_ptr(), signed.len()) },
        qm_result::QM_OK
    );
    let bad = r#"{"a":2,"b":"x","signature":"AAAA"}"#;
    assert_eq!(
        unsafe { qm_gate_verify(s, bad.as_ptr(), bad.len()) },
        qm_result::QM_SIGNATURE_MISMATCH
    );
    assert!(!last_message().is_empty());
    assert_eq!(qm_last_error_result(), qm_result::QM_SIGNATURE_MISMATCH);
    // A success clears the last error.
    assert_eq!(
        unsafe { qm_gate_verify(s, signed.as_ptr(), signed.len()) },
        qm_result::QM_OK
    );
    assert_eq!(last_message(), "");
    // NULL handling.
    assert_eq!(
        unsafe { qm_gate_verify(ptr::null(), signed.as_ptr(), signed.len()) },
        qm_result::QM_NULL_PARAMETER
    );
    assert_eq!(
        unsafe { qm_gate_verify(s, ptr::null(), 3) },
        qm_result::QM_NULL_PARAMETER
    );
    assert_eq!(
        unsafe { qm_gate_verify(s, ptr::null(), 0) },
        qm_result::QM_MALFORMED_INPUT
    );
    let mut out = empty();
    assert_eq!(
        unsafe { qm_gate_sign(s, ptr::null(), 0, &mut out) },
        qm_result::QM_MALFORMED_INPUT
    );
    assert!(out.data.is_null(), "outputs untouched on failure");
    assert_eq!(
        unsafe { qm_gate_sign(s, msg.as_ptr(), msg.len(), ptr::null_mut()) },
        qm_result::QM_NULL_PARAMETER
    );
    unsafe { qm_gate_signer_free(s) };
    unsafe { qm_gate_signer_free(ptr::null_mut()) };
}

#[test]
fn empty_secret_is_refused() {
    let mut s = ptr::null_mut();
    assert_eq!(
        unsafe { qm_gate_signer_new(ptr::null(), 0, ptr::null(), 0, &mut s) },
        qm_result::QM_VALIDATION
    );
    assert!(s.is_null());
    assert_eq!(
        unsafe { qm_gate_signer_new(ptr::null(), 0, ptr::null(), 0, ptr::null_mut()) },
        qm_result::QM_NULL_PARAMETER
    );
}

#[test]
fn message_truncates_on_char_boundary() {
    let e = Error::validation("ab\u{e9}cd"); // 'é' is 2 bytes at offsets 2..4
    record(Failure::Core(e));
    let mut buf = [0x7f as c_char; 4];
    let mut n = 0;
    assert_eq!(
        unsafe { qm_last_error_message(buf.as_mut_ptr(), buf.len(), &mut n) },
        qm_result::QM_OK
    );
    assert_eq!(n, 6);
    // cap 4 → at most 3 bytes, but byte 3 is inside 'é': 2 bytes copied.
    assert_eq!(buf[2], 0);
    assert_eq!(
        unsafe { qm_last_error_message(ptr::null_mut(), 5, &mut n) },
        qm_result::QM_NULL_PARAMETER
    );
    let mut j = empty();
    assert_eq!(unsafe { qm_last_error_json(&mut j) }, qm_result::QM_OK);
    let v: serde_json::Value = serde_json::from_str(&take(j)).unwrap();
    assert_eq!(v["kind"], "validation");
    assert_eq!(v["code"], 2);
}

#[test]
fn panics_become_qm_panic() {
    let r = call("test", || panic!("boom"));
    assert_eq!(r, qm_result::QM_PANIC);
    assert!(last_message().contains("panicked"));
    assert_eq!(call_value("test", 7, || panic!("boom")), 7);
}

#[test]
fn account_check_rejection_is_ok_with_body() {
    let s = signer("secret");
    let body = br#"{"type":"verify","project_id":1,"customer_id":"c"}"#;
    let mut j = empty();
    let mut resp = empty();
    let mut code = 7u16;
    let r = unsafe {
        qm_gate_account_check(
            s,
            1,
            body.as_ptr(),
            body.len(),
            &mut j,
            &mut resp,
            &mut code,
        )
    };
    assert_eq!(r, qm_result::QM_OK);
    assert_eq!(code, 400);
    let v: serde_json::Value = serde_json::from_str(&take(j)).unwrap();
    assert_eq!(v["accepted"], false);
    assert_eq!(v["error"]["kind"], "missing_signature");
    assert_eq!(v["body"].as_str().unwrap(), take(resp));
    unsafe { qm_gate_signer_free(s) };
}

#[test]
fn cqr_and_money_basics() {
    let mut out = empty();
    let r = unsafe { cqr::qm_cqr_ack(0, ptr::null(), 0, ptr::null(), 0, &mut out) };
    assert_eq!(r, qm_result::QM_OK);
    assert!(take(out).contains("ProcessedSuccessfully"));
    let mut out = empty();
    assert_eq!(
        unsafe { cqr::qm_cqr_ack(99, ptr::null(), 0, ptr::null(), 0, &mut out) },
        qm_result::QM_VALIDATION
    );
    let bad = b"<a><b></a>";
    assert_eq!(
        unsafe { cqr::qm_cqr_parse_message(bad.as_ptr(), bad.len(), ptr::null(), 0, &mut out) },
        qm_result::QM_MALFORMED_INPUT
    );
    let usd = b"USD";
    assert_eq!(
        unsafe { money::qm_money_minor_to_decimal(2100, usd.as_ptr(), 3, &mut out) },
        qm_result::QM_OK
    );
    assert_eq!(take(out), "21.00");
    let mut minor = 0i64;
    let t = b"21.5";
    assert_eq!(
        unsafe {
            money::qm_money_decimal_to_minor(t.as_ptr(), t.len(), usd.as_ptr(), 3, &mut minor)
        },
        qm_result::QM_OK
    );
    assert_eq!(minor, 2150);
    let mut e = 0u8;
    let kwd = b"KWD";
    assert_eq!(
        unsafe { money::qm_currency_exponent(kwd.as_ptr(), 3, &mut e) },
        qm_result::QM_OK
    );
    assert_eq!(e, 3);
    let name = cqr::qm_cqr_state_name(29);
    assert_eq!(
        unsafe { CStr::from_ptr(name) }.to_str().unwrap(),
        "DepositedByProvider"
    );
    assert!(cqr::qm_cqr_state_name(123456).is_null());
    assert!(cqr::qm_cqr_envoy_code_count() > 0);
    assert!(!cqr::qm_cqr_envoy_message(-839).is_null());
    assert!(cqr::qm_cqr_envoy_message(1).is_null());
}

#[test]
fn signer_is_shared_between_threads() {
    struct P(*mut qm_gate_signer);
    // SAFETY: the signer is immutable and Sync; the pointer is only read.
    unsafe impl Send for P {}
    unsafe impl Sync for P {}
    let p = std::sync::Arc::new(P(signer("k")));
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let p = p.clone();
            std::thread::spawn(move || {
                let msg = format!(r#"{{"i":{i}}}"#);
                let mut out = empty();
                let r = unsafe { qm_gate_sign(p.0, msg.as_ptr(), msg.len(), &mut out) };
                assert_eq!(r, qm_result::QM_OK);
                take(out)
            })
        })
        .collect();
    let sigs: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(sigs.len(), 4);
    unsafe { qm_gate_signer_free(p.0) };
}

fn last_limit() -> Option<String> {
    let mut j = empty();
    assert_eq!(unsafe { qm_last_error_json(&mut j) }, qm_result::QM_OK);
    let v: serde_json::Value = serde_json::from_str(&take(j)).unwrap();
    v["limit"].as_str().map(str::to_string)
}

fn last_path() -> String {
    let mut j = empty();
    assert_eq!(unsafe { qm_last_error_json(&mut j) }, qm_result::QM_OK);
    let v: serde_json::Value = serde_json::from_str(&take(j)).unwrap();
    v["path"].as_str().unwrap_or_default().to_string()
}

#[test]
fn stamp_limits_document() {
    let msg = br#"{"a":{"bc":1}}"#;
    let stamp = |limits: Option<&[u8]>| {
        let (p, n) = limits.map_or((ptr::null(), 0), |l| (l.as_ptr(), l.len()));
        let mut out = empty();
        let r = unsafe { qm_gate_stamp(msg.as_ptr(), msg.len(), p, n, &mut out) };
        (r, (r == qm_result::QM_OK).then(|| take(out)))
    };
    // NULL limits are the defaults, as an empty document is.
    let (r, plain) = stamp(None);
    assert_eq!(r, qm_result::QM_OK);
    assert_eq!(plain.as_deref(), Some("a:bc:1"));
    assert_eq!(stamp(Some(b"{}")), (qm_result::QM_OK, plain));
    for (limits, name) in [
        (r#"{"max_depth":1}"#, "depth"),
        (r#"{"max_body_bytes":5}"#, "body_size"),
        (r#"{"max_items":1}"#, "items"),
        (r#"{"max_string_bytes":1}"#, "string_length"),
    ] {
        assert_eq!(
            stamp(Some(limits.as_bytes())),
            (qm_result::QM_LIMIT_EXCEEDED, None),
            "{limits}"
        );
        assert_eq!(last_limit().as_deref(), Some(name), "{limits}");
    }
    // The core's rule for a limits document (src/limits.rs): a bad member is a validation
    // error naming it; only bytes that are not JSON are malformed.
    for (bad, result) in [
        (&b"{\"max_depth\":-1}"[..], qm_result::QM_VALIDATION),
        (b"{\"max_string_bytes\":0}", qm_result::QM_VALIDATION),
        (b"{\"depth\":3}", qm_result::QM_VALIDATION),
        (b"[]", qm_result::QM_VALIDATION),
        (b"", qm_result::QM_MALFORMED_INPUT),
        (b"not json", qm_result::QM_MALFORMED_INPUT),
    ] {
        assert_eq!(stamp(Some(bad)).0, result);
        if result == qm_result::QM_VALIDATION {
            assert!(last_path().starts_with("limits"), "{}", last_path());
        }
    }
    let mut out = empty();
    assert_eq!(
        unsafe { qm_gate_stamp(msg.as_ptr(), msg.len(), ptr::null(), 2, &mut out) },
        qm_result::QM_NULL_PARAMETER
    );
    assert_eq!(last_message(), "limits_json is NULL");
    assert_eq!(
        unsafe { qm_gate_stamp(msg.as_ptr(), msg.len(), ptr::null(), 0, ptr::null_mut()) },
        qm_result::QM_NULL_PARAMETER
    );
}

#[test]
fn signer_limits_document() {
    let deep = br#"{"a":{"b":{"c":1}},"signature":"x"}"#;
    let verify = |limits: Option<&[u8]>| {
        let (p, n) = limits.map_or((ptr::null(), 0), |l| (l.as_ptr(), l.len()));
        let mut s = ptr::null_mut();
        let r = unsafe { qm_gate_signer_new(b"k".as_ptr(), 1, p, n, &mut s) };
        if r != qm_result::QM_OK {
            assert!(s.is_null());
            return r;
        }
        let v = unsafe { qm_gate_verify(s, deep.as_ptr(), deep.len()) };
        unsafe { qm_gate_signer_free(s) };
        v
    };
    // NULL: the defaults (depth 64): the message is read and its signature is wrong.
    assert_eq!(verify(None), qm_result::QM_SIGNATURE_MISMATCH);
    assert_eq!(verify(Some(b"{}")), qm_result::QM_SIGNATURE_MISMATCH);
    assert_eq!(
        verify(Some(br#"{"max_depth":2}"#)),
        qm_result::QM_LIMIT_EXCEEDED
    );
    assert_eq!(verify(Some(br#"{"nope":1}"#)), qm_result::QM_VALIDATION);
    let mut s = ptr::null_mut();
    assert_eq!(
        unsafe { qm_gate_signer_new(b"k".as_ptr(), 1, ptr::null(), 3, &mut s) },
        qm_result::QM_NULL_PARAMETER
    );
    assert!(s.is_null());
}

type ParseFn =
    unsafe extern "C" fn(*const u8, usize, *const u8, usize, *mut qm_buffer) -> qm_result;

#[test]
fn cqr_parsers_limits_document() {
    let notification = br#"<handlePaymentStateChangedNotificationRequest><x/></handlePaymentStateChangedNotificationRequest>"#;
    let request = br#"<initiatePaymentRequest><x/></initiatePaymentRequest>"#;
    let exception = br#"<paymentServiceException><x/></paymentServiceException>"#;
    let cases: [(&str, ParseFn, &[u8]); 5] = [
        ("message", cqr::qm_cqr_parse_message, exception),
        ("notification", cqr::qm_cqr_parse_notification, notification),
        (
            "initiate_answer",
            cqr::qm_cqr_parse_initiate_answer,
            exception,
        ),
        (
            "get_payments_answer",
            cqr::qm_cqr_parse_get_payments_answer,
            exception,
        ),
        (
            "initiate_request",
            cqr::qm_cqr_parse_initiate_request,
            request,
        ),
    ];
    for (name, parse, xml) in cases {
        // Whatever the parser says about this input with NULL limits (the defaults; the bodies
        // are not valid messages), an empty limits document says the same.
        let mut out = empty();
        let r0 = unsafe { parse(xml.as_ptr(), xml.len(), ptr::null(), 0, &mut out) };
        let got0 = (r0 == qm_result::QM_OK).then(|| take(out));
        let mut out = empty();
        let r1 = unsafe { parse(xml.as_ptr(), xml.len(), b"{}".as_ptr(), 2, &mut out) };
        let got1 = (r1 == qm_result::QM_OK).then(|| take(out));
        assert_eq!((r0, got0), (r1, got1), "{name}");
        assert_ne!(r0, qm_result::QM_LIMIT_EXCEEDED, "{name}");
        for (limits, limit) in [
            (r#"{"max_depth":1}"#, "depth"),
            (r#"{"max_body_bytes":10}"#, "body_size"),
        ] {
            let mut out = empty();
            let r = unsafe {
                parse(
                    xml.as_ptr(),
                    xml.len(),
                    limits.as_ptr(),
                    limits.len(),
                    &mut out,
                )
            };
            assert_eq!(r, qm_result::QM_LIMIT_EXCEEDED, "{name} {limits}");
            assert_eq!(last_limit().as_deref(), Some(limit), "{name} {limits}");
            assert!(out.data.is_null());
        }
        let bad = br#"{"max_depth":"3"}"#;
        let mut out = empty();
        let r = unsafe { parse(xml.as_ptr(), xml.len(), bad.as_ptr(), bad.len(), &mut out) };
        assert_eq!(r, qm_result::QM_VALIDATION, "{name}");
        assert_eq!(last_path(), "limits:max_depth", "{name}");
        assert_eq!(
            unsafe { parse(xml.as_ptr(), xml.len(), ptr::null(), 1, &mut out) },
            qm_result::QM_NULL_PARAMETER,
            "{name}"
        );
        assert_eq!(
            unsafe { parse(xml.as_ptr(), xml.len(), ptr::null(), 0, ptr::null_mut()) },
            qm_result::QM_NULL_PARAMETER,
            "{name}"
        );
    }
}

#[test]
fn results_leave_the_message_to_the_caller() {
    let s = signer("k");
    let core = crate::gate::Signer::new("k").unwrap();
    let mut msg = serde_json::json!({"payment": {"id": "p1", "status": "success"},
        "errors": [{"code": "1", "extra": 1.50}]});
    let sig = core.sign_json(msg.to_string().as_bytes());
    assert!(sig.is_err(), "floats are refused when signing");
    msg["errors"][0]["extra"] = serde_json::json!(150);
    let sig = core.sign_json(msg.to_string().as_bytes()).unwrap();
    msg["signature"] = serde_json::json!(sig);
    let body = msg.to_string();
    let mut out = empty();
    assert_eq!(
        unsafe { qm_gate_parse_callback(s, body.as_ptr(), body.len(), &mut out) },
        qm_result::QM_OK
    );
    let v: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
    assert!(v.get("raw").is_none(), "{v}");
    // Each error item stays whole: it is part of the model.
    assert_eq!(v["errors"][0]["raw"], msg["errors"][0]);
    assert_eq!(v["payment"]["id"], "p1");
    // Every other member of the core's model is there, under its serde name.
    let full = serde_json::to_value(crate::gate::Callback::parse(&core, body.as_bytes()).unwrap())
        .unwrap();
    let mut without_raw = full.as_object().unwrap().clone();
    without_raw.remove("raw");
    assert_eq!(v, serde_json::Value::Object(without_raw));

    // The same model kept behind a handle, written when asked for.
    let mut cb = ptr::null_mut();
    assert_eq!(
        unsafe { qm_gate_callback_parse(s, body.as_ptr(), body.len(), &mut cb) },
        qm_result::QM_OK
    );
    for _ in 0..2 {
        let mut out = empty();
        assert_eq!(
            unsafe { qm_gate_callback_json(cb, &mut out) },
            qm_result::QM_OK
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&take(out)).unwrap(),
            v
        );
    }
    let mut out = empty();
    assert_eq!(
        unsafe { qm_gate_callback_json(ptr::null(), &mut out) },
        qm_result::QM_NULL_PARAMETER
    );
    assert_eq!(
        unsafe { qm_gate_callback_json(cb, ptr::null_mut()) },
        qm_result::QM_NULL_PARAMETER
    );
    // And as events: the same document, member for member, valid until the callback is freed.
    let mut events = ptr::null();
    let mut count = 0usize;
    for _ in 0..2 {
        assert_eq!(
            unsafe { qm_gate_callback_events(cb, &mut events, &mut count) },
            qm_result::QM_OK
        );
        let list = unsafe { std::slice::from_raw_parts(events, count) };
        let back: serde_json::Value =
            serde_json::from_str(&super::events::tests::to_json(list)).unwrap();
        assert_eq!(back, v);
    }
    assert_eq!(
        unsafe { qm_gate_callback_events(ptr::null(), &mut events, &mut count) },
        qm_result::QM_NULL_PARAMETER
    );
    assert_eq!(
        unsafe { qm_gate_callback_events(cb, ptr::null_mut(), &mut count) },
        qm_result::QM_NULL_PARAMETER
    );
    unsafe { qm_gate_callback_free(cb) };
    unsafe { qm_gate_callback_free(ptr::null_mut()) };
    // It fails as qm_gate_parse_callback fails, writing nothing.
    let mut cb = ptr::null_mut();
    let forged = body.replace("p1", "p2");
    assert_eq!(
        unsafe { qm_gate_callback_parse(s, forged.as_ptr(), forged.len(), &mut cb) },
        qm_result::QM_SIGNATURE_MISMATCH
    );
    assert!(cb.is_null());
    assert_eq!(
        unsafe { qm_gate_callback_parse(s, body.as_ptr(), body.len(), ptr::null_mut()) },
        qm_result::QM_NULL_PARAMETER
    );

    let answers: [(u16, &str, serde_json::Value); 4] = [
        (
            200,
            r#"{"status":"success","request_id":"r","payment_id":"p"}"#,
            serde_json::json!({"result":"accepted","request_id":"r","body_read":true}),
        ),
        (
            400,
            r#"{"status":"error","code":"3","message":"m","errors":{"a":[1]}}"#,
            serde_json::json!({"result":"rejected","status":"error","code":"3","message":"m",
                "errors":{"a":[1]},"body_read":true}),
        ),
        (
            503,
            r#"{"status":"success"}"#,
            serde_json::json!({"result":"unknown","reason":"HTTP 503 from Gate","error":null,
                "body_read":false}),
        ),
        (
            202,
            r#"{"status":"processing"}"#,
            serde_json::json!({"result":"unknown",
                "reason":"the answer's status \"processing\" is neither success nor error",
                "error":null,"body_read":true}),
        ),
    ];
    for (status, answer, want) in answers {
        let mut out = empty();
        let r = unsafe {
            qm_gate_parse_payout_response(
                s,
                status,
                answer.as_ptr(),
                answer.len(),
                b"p".as_ptr(),
                1,
                false,
                &mut out,
            )
        };
        assert_eq!(r, qm_result::QM_OK);
        let got: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
        assert_eq!(got, want, "{answer}");
    }
    let mut out = empty();
    let nf = br#"{"status":"error","code":"3061","message":"Transaction not found"}"#;
    assert_eq!(
        unsafe { qm_gate_parse_status_response(s, nf.as_ptr(), nf.len(), &mut out) },
        qm_result::QM_OK
    );
    assert_eq!(take(out), r#"{"result":"not_found"}"#);
    let mut out = empty();
    assert_eq!(
        unsafe { qm_gate_parse_status_response(s, body.as_ptr(), body.len(), &mut out) },
        qm_result::QM_OK
    );
    let found: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
    assert_eq!(found, serde_json::json!({"result": "found", "callback": v}));
    unsafe { qm_gate_signer_free(s) };
}

#[test]
fn answer_builders_give_their_code() {
    type Build = unsafe extern "C" fn(*const u8, usize, *mut qm_buffer, *mut u16) -> qm_result;
    let builders: [(Build, &[u8], u16); 4] = [
        (qm_gate_response_check_deposit_ok, b"pay-1", 0),
        (qm_gate_response_not_found, b"", 404),
        (qm_gate_response_general_error, b"db down", 500),
        (qm_gate_response_invalid_signature, b"", 400),
    ];
    for (build, arg, want) in builders {
        let mut out = empty();
        let mut code = u16::MAX;
        assert_eq!(
            unsafe { build(arg.as_ptr(), arg.len(), &mut out, &mut code) },
            qm_result::QM_OK
        );
        assert_eq!(code, want);
        let body: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
        assert_eq!(body["code"], want);
        // The code is optional.
        let mut out = empty();
        assert_eq!(
            unsafe { build(arg.as_ptr(), arg.len(), &mut out, ptr::null_mut()) },
            qm_result::QM_OK
        );
        drop(take(out));
    }
    let mut out = empty();
    let mut code = u16::MAX;
    assert_eq!(
        unsafe {
            qm_gate_response_verify_ok(b"KZT".as_ptr(), 3, ptr::null(), 0, &mut out, &mut code)
        },
        qm_result::QM_OK
    );
    assert_eq!(
        (take(out), code),
        (r#"{"code":0,"currency":"KZT"}"#.to_string(), 0)
    );
    let mut out = empty();
    let mut code = u16::MAX;
    assert_eq!(
        unsafe {
            qm_gate_response_verify_ok(b"XYZ".as_ptr(), 3, ptr::null(), 0, &mut out, &mut code)
        },
        qm_result::QM_VALIDATION
    );
    assert_eq!(code, u16::MAX, "outputs untouched by a failure");
}

#[test]
fn host_documents_refuse_floats_with_their_path() {
    use super::document::{qm_document, qm_document_refuse_floats};
    let check = |doc: &str, kind: qm_document| unsafe {
        qm_document_refuse_floats(doc.as_ptr(), doc.len(), kind as u32)
    };
    assert_eq!(
        check(
            r#"{"a":[1,"2.5",true]}"#,
            qm_document::QM_DOCUMENT_PARAMETERS
        ),
        qm_result::QM_OK
    );
    assert_eq!(
        check(r#"{"a:b":[1,2.5]}"#, qm_document::QM_DOCUMENT_PARAMETERS),
        qm_result::QM_VALIDATION
    );
    assert_eq!(last_path(), "a::b:1");
    assert!(last_message().starts_with("a::b:1: floating-point numbers are not allowed in signed"));
    assert_eq!(
        check(
            r#"{"extra":{"payment":{"fee":0.5}}}"#,
            qm_document::QM_DOCUMENT_PAYOUT
        ),
        qm_result::QM_VALIDATION
    );
    assert_eq!(last_path(), "payment:fee");
    assert_eq!(
        check(r#"{"amount":1e3}"#, qm_document::QM_DOCUMENT_RECORD),
        qm_result::QM_VALIDATION
    );
    assert!(last_message().contains("in a record"));
    assert_eq!(
        unsafe { qm_document_refuse_floats(b"{}".as_ptr(), 2, 5) },
        qm_result::QM_VALIDATION
    );
    assert_eq!(last_path(), "document");
}

fn expect_members(expected: &serde_json::Value, decision: &serde_json::Value, what: &str) {
    for (k, v) in expected.as_object().unwrap() {
        assert_eq!(&decision[k], v, "{what}: `{k}`; decision: {decision}");
    }
}

#[test]
fn settlement_gate() {
    use super::settle::*;
    let file: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/vectors/settlement/gate.json")).unwrap();
    let s = signer(file["secret"].as_str().unwrap());
    let project = file["project_id"].as_i64().unwrap();
    let case = file["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| !c["record"].is_null() && c["steps"][0]["expect"]["action"] == "apply")
        .unwrap();
    let record = serde_json::to_vec(&case["record"]).unwrap();
    let body = case["steps"][0]["callback"].as_str().unwrap();
    let settle = |record: Option<&[u8]>, body: &str, project: Option<&i64>, out: &mut qm_buffer| unsafe {
        qm_gate_settle(
            s,
            record.map_or(ptr::null(), |r| r.as_ptr()),
            record.map_or(0, |r| r.len()),
            body.as_ptr(),
            body.len(),
            project.map_or(ptr::null(), |p| p as *const i64),
            out,
        )
    };
    let mut out = empty();
    assert_eq!(
        settle(Some(&record), body, Some(&project), &mut out),
        qm_result::QM_OK
    );
    let d: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
    expect_members(&case["steps"][0]["expect"], &d, "apply");
    // No record: unmatched. No project: not checked.
    let mut out = empty();
    assert_eq!(settle(None, body, None, &mut out), qm_result::QM_OK);
    let d: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
    assert_eq!(d["action"], "unmatched");
    assert!(d["record"].is_null());
    // Another project: flagged.
    let mut out = empty();
    assert_eq!(
        settle(Some(&record), body, Some(&(project + 1)), &mut out),
        qm_result::QM_OK
    );
    let d: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
    assert_eq!(d["reason_code"], "not_ours");
    // Errors: the output is never written.
    let mut out = empty();
    let bad = br#"{"kind":"deposit","status":"pending","amount":0,"currency":"KZT"}"#;
    assert_eq!(
        settle(Some(bad), body, None, &mut out),
        qm_result::QM_VALIDATION
    );
    assert!(out.data.is_null());
    assert!(last_message().contains("must be > 0"), "{}", last_message());
    assert_eq!(
        settle(Some(b"{"), body, None, &mut out),
        qm_result::QM_MALFORMED_INPUT
    );
    let tampered = body.replace("\"signature\":\"", "\"signature\":\"A");
    assert_ne!(
        settle(Some(&record), &tampered, None, &mut out),
        qm_result::QM_OK
    );
    assert_eq!(
        unsafe {
            qm_gate_settle(
                s,
                ptr::null(),
                0,
                body.as_ptr(),
                body.len(),
                ptr::null(),
                ptr::null_mut(),
            )
        },
        qm_result::QM_NULL_PARAMETER
    );
    assert_eq!(
        unsafe {
            qm_gate_settle(
                ptr::null(),
                ptr::null(),
                0,
                body.as_ptr(),
                body.len(),
                ptr::null(),
                &mut out,
            )
        },
        qm_result::QM_NULL_PARAMETER
    );
    assert_eq!(
        unsafe {
            qm_gate_settle(
                s,
                ptr::null(),
                3,
                body.as_ptr(),
                body.len(),
                ptr::null(),
                &mut out,
            )
        },
        qm_result::QM_NULL_PARAMETER
    );
    assert!(out.data.is_null());
    // A status answer without payment data changes nothing; storage failure answers 503.
    let status = r#"{"status":"error","code":"3061","message":"Transaction not found"}"#;
    let r = unsafe {
        qm_gate_settle_status(
            s,
            record.as_ptr(),
            record.len(),
            status.as_ptr(),
            status.len(),
            ptr::null(),
            &mut out,
        )
    };
    assert_eq!(r, qm_result::QM_OK, "{}", last_message());
    let d: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
    assert_eq!(d["reason_code"], "no_payment_data");
    let mut out = empty();
    assert_eq!(
        unsafe { qm_gate_settle_storage_failed(record.as_ptr(), record.len(), &mut out) },
        qm_result::QM_OK
    );
    let d: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
    assert_eq!(
        (d["action"].as_str(), d["http_status"].as_i64()),
        (Some("retry"), Some(503))
    );
    assert_eq!(d["record"], case["record"]);
    unsafe { qm_gate_signer_free(s) };
}

#[test]
fn settlement_cqr() {
    use super::settle::*;
    let file: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/vectors/settlement/cqr.json")).unwrap();
    let case = file["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            !c["order"].is_null()
                && c["steps"][0]["notification"].is_string()
                && c["steps"][0]["get_payments"].is_null()
                && c["steps"][0]["expect"]["action"] == "apply"
        })
        .unwrap();
    let settings = serde_json::to_vec(&case["settings"]).unwrap();
    let order = serde_json::to_vec(&case["order"]).unwrap();
    let xml = case["steps"][0]["notification"].as_str().unwrap();
    let mut out = empty();
    let r = unsafe {
        qm_cqr_settle(
            settings.as_ptr(),
            settings.len(),
            order.as_ptr(),
            order.len(),
            xml.as_ptr(),
            xml.len(),
            ptr::null(),
            0,
            &mut out,
        )
    };
    assert_eq!(r, qm_result::QM_OK, "{}", last_message());
    let d: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
    expect_members(&case["steps"][0]["expect"], &d, "cqr apply");
    assert!(d["body"].as_str().unwrap().contains("<key>0</key>"));
    // Unknown order (NULL): unmatched.
    let mut out = empty();
    let r = unsafe {
        qm_cqr_settle(
            settings.as_ptr(),
            settings.len(),
            ptr::null(),
            0,
            xml.as_ptr(),
            xml.len(),
            ptr::null(),
            0,
            &mut out,
        )
    };
    assert_eq!(r, qm_result::QM_OK);
    let d: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
    assert_eq!(d["action"], "unmatched");
    // Storage failure: resultCode 10.
    let mut out = empty();
    let r = unsafe {
        qm_cqr_settle_storage_failed(settings.as_ptr(), settings.len(), ptr::null(), 0, &mut out)
    };
    assert_eq!(r, qm_result::QM_OK);
    let d: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
    assert_eq!(
        (d["action"].as_str(), d["result_code"].as_i64()),
        (Some("retry"), Some(10))
    );
    // Bad settings name the member.
    let mut out = empty();
    let bad = br#"{"merchant_id":"","shop_id":"s"}"#;
    let r =
        unsafe { qm_cqr_settle_storage_failed(bad.as_ptr(), bad.len(), ptr::null(), 0, &mut out) };
    assert_eq!(r, qm_result::QM_VALIDATION);
    assert!(out.data.is_null());
    // getPayments polling with an exception answer: retry.
    let mut out = empty();
    let exc = "<paymentServiceException><errorCode>800</errorCode></paymentServiceException>";
    let r = unsafe {
        qm_cqr_settle_get_payments(
            settings.as_ptr(),
            settings.len(),
            order.as_ptr(),
            order.len(),
            exc.as_ptr(),
            exc.len(),
            &mut out,
        )
    };
    assert_eq!(r, qm_result::QM_OK, "{}", last_message());
    let d: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
    assert_eq!(d["action"], "retry");
    // bind_attempt
    let pending = br#"{"status":"failed","amount":100,"currency":"KZT"}"#;
    let mut out = empty();
    let r = unsafe {
        qm_cqr_bind_attempt(
            pending.as_ptr(),
            pending.len(),
            b"pay-2".as_ptr(),
            5,
            &mut out,
        )
    };
    assert_eq!(r, qm_result::QM_OK);
    let o: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
    assert_eq!(
        (o["status"].as_str(), o["payment_id"].as_str()),
        (Some("pending"), Some("pay-2"))
    );
    let paid = br#"{"status":"completed","amount":100,"currency":"KZT","credited":100}"#;
    let mut out = empty();
    let r =
        unsafe { qm_cqr_bind_attempt(paid.as_ptr(), paid.len(), b"pay-2".as_ptr(), 5, &mut out) };
    assert_eq!(r, qm_result::QM_VALIDATION);
    let r =
        unsafe { qm_cqr_bind_attempt(pending.as_ptr(), pending.len(), b" ".as_ptr(), 1, &mut out) };
    assert_eq!(r, qm_result::QM_VALIDATION);
    let r = unsafe {
        qm_cqr_bind_attempt(
            pending.as_ptr(),
            pending.len(),
            b"p".as_ptr(),
            1,
            ptr::null_mut(),
        )
    };
    assert_eq!(r, qm_result::QM_NULL_PARAMETER);
    assert!(out.data.is_null());
}

/// The C side of the error model equals the shared table (tests/vectors/errors/kinds.json):
/// each kind's `qm_result` constant has the table's name and the kind's code, `qm_result_name`
/// names exactly the table's codes below 100, and no other code is a kind.
#[test]
fn result_constants_match_the_kind_table() {
    let table: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/vectors/errors/kinds.json")).unwrap();
    let rows = table["kinds"].as_array().unwrap();
    assert_eq!(rows.len(), ErrorKind::ALL.len());
    for (row, kind) in rows.iter().zip(ErrorKind::ALL) {
        let result = qm_result::from_kind(kind);
        assert_eq!(Some(format!("{result:?}").as_str()), row["c"].as_str());
        assert_eq!(u64::from(result as u32), row["code"].as_u64().unwrap());
    }
    for code in 1..100u32 {
        let name = unsafe { CStr::from_ptr(qm_result_name(code)) }
            .to_str()
            .unwrap();
        let row = rows
            .iter()
            .find(|r| r["code"].as_u64() == Some(u64::from(code)));
        match row {
            Some(row) => assert_eq!(Some(name), row["kind"].as_str(), "{code}"),
            None => assert_eq!(name, "unknown", "{code} is named but is no kind"),
        }
    }
}
