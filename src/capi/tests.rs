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
    let r = unsafe { qm_gate_signer_new(secret.as_ptr(), secret.len(), &mut s) };
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
        unsafe { qm_gate_signer_new(ptr::null(), 0, &mut s) },
        qm_result::QM_VALIDATION
    );
    assert!(s.is_null());
    assert_eq!(
        unsafe { qm_gate_signer_new(ptr::null(), 0, ptr::null_mut()) },
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
        unsafe { cqr::qm_cqr_parse_message(bad.as_ptr(), bad.len(), &mut out) },
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
fn stamp_with_limits() {
    let msg = br#"{"a":{"bc":1}}"#;
    let mut out = empty();
    let none = b"{}";
    let r =
        unsafe { qm_gate_stamp_with_limits(msg.as_ptr(), msg.len(), none.as_ptr(), 2, &mut out) };
    assert_eq!(r, qm_result::QM_OK);
    let mut plain = empty();
    assert_eq!(
        unsafe { qm_gate_stamp(msg.as_ptr(), msg.len(), &mut plain) },
        qm_result::QM_OK
    );
    assert_eq!(
        take(out),
        take(plain),
        "an empty limits document keeps the defaults"
    );
    for (limits, name) in [
        (r#"{"max_depth":1}"#, "depth"),
        (r#"{"max_body_bytes":5}"#, "body_size"),
        (r#"{"max_items":1}"#, "items"),
        (r#"{"max_string_bytes":1}"#, "string_length"),
    ] {
        let mut out = empty();
        let r = unsafe {
            qm_gate_stamp_with_limits(
                msg.as_ptr(),
                msg.len(),
                limits.as_ptr(),
                limits.len(),
                &mut out,
            )
        };
        assert_eq!(r, qm_result::QM_LIMIT_EXCEEDED, "{limits}");
        assert_eq!(last_limit().as_deref(), Some(name), "{limits}");
        assert!(out.data.is_null());
    }
    // The core's rule for a limits document (src/limits.rs): a bad member is a validation
    // error naming it; only bytes that are not JSON are malformed.
    for (bad, result) in [
        (&b"{\"max_depth\":-1}"[..], qm_result::QM_VALIDATION),
        (b"{\"max_string_bytes\":0}", qm_result::QM_VALIDATION),
        (b"{\"depth\":3}", qm_result::QM_VALIDATION),
        (b"[]", qm_result::QM_VALIDATION),
        (b"not json", qm_result::QM_MALFORMED_INPUT),
    ] {
        let mut out = empty();
        let r = unsafe {
            qm_gate_stamp_with_limits(msg.as_ptr(), msg.len(), bad.as_ptr(), bad.len(), &mut out)
        };
        assert_eq!(r, result);
        if result == qm_result::QM_VALIDATION {
            assert!(last_path().starts_with("limits"), "{}", last_path());
        }
    }
    let mut out = empty();
    assert_eq!(
        unsafe { qm_gate_stamp_with_limits(msg.as_ptr(), msg.len(), ptr::null(), 2, &mut out) },
        qm_result::QM_NULL_PARAMETER
    );
    assert_eq!(
        unsafe {
            qm_gate_stamp_with_limits(msg.as_ptr(), msg.len(), none.as_ptr(), 2, ptr::null_mut())
        },
        qm_result::QM_NULL_PARAMETER
    );
}

type ParseFn = unsafe extern "C" fn(*const u8, usize, *mut qm_buffer) -> qm_result;
type ParseWithLimitsFn =
    unsafe extern "C" fn(*const u8, usize, *const u8, usize, *mut qm_buffer) -> qm_result;

#[test]
fn cqr_parsers_with_limits() {
    let notification = br#"<handlePaymentStateChangedNotificationRequest><x/></handlePaymentStateChangedNotificationRequest>"#;
    let request = br#"<initiatePaymentRequest><x/></initiatePaymentRequest>"#;
    let exception = br#"<paymentServiceException><x/></paymentServiceException>"#;
    let cases: [(&str, ParseFn, ParseWithLimitsFn, &[u8]); 5] = [
        (
            "message",
            cqr::qm_cqr_parse_message,
            cqr::qm_cqr_parse_message_with_limits,
            exception,
        ),
        (
            "notification",
            cqr::qm_cqr_parse_notification,
            cqr::qm_cqr_parse_notification_with_limits,
            notification,
        ),
        (
            "initiate_answer",
            cqr::qm_cqr_parse_initiate_answer,
            cqr::qm_cqr_parse_initiate_answer_with_limits,
            exception,
        ),
        (
            "get_payments_answer",
            cqr::qm_cqr_parse_get_payments_answer,
            cqr::qm_cqr_parse_get_payments_answer_with_limits,
            exception,
        ),
        (
            "initiate_request",
            cqr::qm_cqr_parse_initiate_request,
            cqr::qm_cqr_parse_initiate_request_with_limits,
            request,
        ),
    ];
    for (name, plain, with_limits, xml) in cases {
        // Whatever the default-limit parser says about this input (the bodies are not valid
        // messages), an empty limits document says the same.
        let mut out = empty();
        let r0 = unsafe { plain(xml.as_ptr(), xml.len(), &mut out) };
        if r0 == qm_result::QM_OK {
            drop(take(out));
        }
        let mut out = empty();
        let r1 = unsafe { with_limits(xml.as_ptr(), xml.len(), b"{}".as_ptr(), 2, &mut out) };
        if r1 == qm_result::QM_OK {
            drop(take(out));
        }
        assert_eq!(r0, r1, "{name}");
        assert_ne!(r0, qm_result::QM_LIMIT_EXCEEDED, "{name}");
        for (limits, limit) in [
            (r#"{"max_depth":1}"#, "depth"),
            (r#"{"max_body_bytes":10}"#, "body_size"),
        ] {
            let mut out = empty();
            let r = unsafe {
                with_limits(
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
        let r = unsafe { with_limits(xml.as_ptr(), xml.len(), bad.as_ptr(), bad.len(), &mut out) };
        assert_eq!(r, qm_result::QM_VALIDATION, "{name}");
        assert_eq!(last_path(), "limits:max_depth", "{name}");
        assert_eq!(
            unsafe { with_limits(xml.as_ptr(), xml.len(), ptr::null(), 1, &mut out) },
            qm_result::QM_NULL_PARAMETER,
            "{name}"
        );
        assert_eq!(
            unsafe { with_limits(xml.as_ptr(), xml.len(), b"{}".as_ptr(), 2, ptr::null_mut()) },
            qm_result::QM_NULL_PARAMETER,
            "{name}"
        );
    }
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
