//! The C ABI entry points (`src/capi`, feature `capi`) with arbitrary bytes.
//!
//! Input: byte 0 selects the entry point; the rest is split at the first `0xFF 0xFE` pair into a
//! main input and a second one (payment id, limits JSON, header, ...).
//!
//! Invariants: never `QM_PANIC`; the result is a documented code; on success every output buffer
//! is non-NULL and NUL-terminated (JSON outputs are valid JSON); on failure outputs are left
//! empty and the thread's last error has the same code, a message without the secret, and valid
//! JSON; the C layer agrees with the Rust core (same kind for the same bytes); results never
//! repeat the received message (no `raw`); every buffer is released (LeakSanitizer checks),
//! double frees are no-ops.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qiwi_merchant::fuzz_capi::cqr::*;
use qiwi_merchant::fuzz_capi::document::qm_document_refuse_floats;
use qiwi_merchant::fuzz_capi::gate::*;
use qiwi_merchant::fuzz_capi::settle::*;
use qiwi_merchant::fuzz_capi::*;
use qiwi_merchant::{refuse_floats, HostDocument};
use qiwi_merchant::gate::{self, Signer};
use qiwi_merchant::settle::{self, cqr as scqr, gate as sgate};
use qiwi_merchant::{cqr, Error};
use std::ptr;
use std::sync::OnceLock;

const SECRET: &[u8] = b"fuzz-capi-secret-0b7e5d2a";

struct SignerPtr(*mut qm_gate_signer);
// SAFETY: the C ABI documents signers as immutable and shareable between threads.
unsafe impl Send for SignerPtr {}
unsafe impl Sync for SignerPtr {}

fn c_signer() -> *const qm_gate_signer {
    static S: OnceLock<SignerPtr> = OnceLock::new();
    S.get_or_init(|| {
        let mut out = ptr::null_mut();
        // SAFETY: valid secret view and out pointer.
        let rc =
            unsafe { qm_gate_signer_new(SECRET.as_ptr(), SECRET.len(), ptr::null(), 0, &mut out) };
        assert_eq!(rc, qm_result::QM_OK);
        SignerPtr(out)
    })
    .0
}

fn rust_signer() -> &'static Signer {
    static S: OnceLock<Signer> = OnceLock::new();
    S.get_or_init(|| Signer::new(SECRET).unwrap())
}

type ParseFn =
    unsafe extern "C" fn(*const u8, usize, *const u8, usize, *mut qm_buffer) -> qm_result;

fn code_of<T>(r: &Result<T, Error>) -> u32 {
    r.as_ref().map_or_else(|e| e.code(), |_| 0)
}

fn empty() -> qm_buffer {
    qm_buffer {
        data: ptr::null_mut(),
        len: 0,
    }
}

/// Checks and releases a buffer; returns its bytes.
fn take(buf: &mut qm_buffer, ok: bool, json: bool) -> Vec<u8> {
    if !ok {
        assert!(
            buf.data.is_null() && buf.len == 0,
            "output written on failure"
        );
        return Vec::new();
    }
    assert!(!buf.data.is_null(), "NULL output on success");
    // SAFETY: the library promises `len` bytes plus a NUL at `data`.
    let bytes = unsafe { std::slice::from_raw_parts(buf.data, buf.len + 1) }.to_vec();
    assert_eq!(bytes[buf.len], 0, "output not NUL-terminated");
    let bytes = bytes[..buf.len].to_vec();
    if json {
        let text = std::str::from_utf8(&bytes).expect("JSON output is UTF-8");
        serde_json::from_str::<serde_json::Value>(text)
            .unwrap_or_else(|e| panic!("invalid JSON output ({e}): {text}"));
    }
    // SAFETY: a buffer filled by the library; freeing twice is documented as a no-op.
    unsafe {
        qm_buffer_free(buf);
        assert!(buf.data.is_null() && buf.len == 0);
        qm_buffer_free(buf);
    }
    bytes
}

/// An optional document: absent (NULL) when empty.
fn opt(b: &[u8]) -> (*const u8, usize) {
    if b.is_empty() {
        (ptr::null(), 0)
    } else {
        (b.as_ptr(), b.len())
    }
}

/// The settings the CQR settlement selector uses (the fuzzed bytes are the order and message).
const CQR_SETTINGS: &[u8] = br#"{"merchant_id":"m","shop_id":"s"}"#;

fn check_rc(rc: qm_result, input: &[u8]) {
    assert_ne!(rc, qm_result::QM_PANIC, "the library panicked");
    let code = rc as u32;
    assert!(code <= 8 || code == 100, "undocumented result {code}");
    assert_eq!(
        qm_last_error_result(),
        rc,
        "last error does not match the result"
    );
    if rc == qm_result::QM_OK {
        return;
    }
    let mut msg = vec![0u8; 4096];
    let mut len = 0usize;
    // SAFETY: `msg` has 4096 writable bytes.
    let r = unsafe { qm_last_error_message(msg.as_mut_ptr().cast(), msg.len(), &mut len) };
    assert_eq!(r, qm_result::QM_OK);
    assert!(len > 0, "empty error message");
    let shown = &msg[..len.min(msg.len() - 1)];
    // (Unless the input carries it: libFuzzer can lift it from this very check.)
    let has = |b: &[u8]| b.windows(SECRET.len()).any(|w| w == SECRET);
    assert!(!has(shown) || has(input), "secret in error message");
    let mut j = empty();
    // SAFETY: valid out pointer.
    assert_eq!(unsafe { qm_last_error_json(&mut j) }, qm_result::QM_OK);
    let _ = take(&mut j, true, true);
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let (a, b) = match rest.windows(2).position(|w| w == [0xFF, 0xFE]) {
        Some(i) => (&rest[..i], &rest[i + 2..]),
        None => (rest, &[][..]),
    };
    let signer = c_signer();
    let mut out = empty();
    let mut out2 = empty();
    // SAFETY (all calls below): every pointer is a valid view of `a`/`b` with its length, or a
    // valid out pointer; the signer is live for the whole run.
    unsafe {
        match sel % 18 {
            0 => {
                // NULL limits: the defaults, as the core's stamp.
                let rc = qm_gate_stamp(a.as_ptr(), a.len(), ptr::null(), 0, &mut out);
                check_rc(rc, data);
                assert_eq!(rc as u32, code_of(&gate::stamp(a)));
                let got = take(&mut out, rc == qm_result::QM_OK, false);
                if let Ok(s) = gate::stamp(a) {
                    assert_eq!(got, s.into_bytes());
                }
                let rc = qm_gate_stamp(a.as_ptr(), a.len(), b.as_ptr(), b.len(), &mut out);
                check_rc(rc, data);
                take(&mut out, rc == qm_result::QM_OK, false);
                // A host document's floats: the C layer agrees with the core.
                let kind = u32::from(b.first().copied().unwrap_or(0) % 6);
                let rc = qm_document_refuse_floats(a.as_ptr(), a.len(), kind);
                check_rc(rc, data);
                let core_kind = [
                    HostDocument::Parameters,
                    HostDocument::Payout,
                    HostDocument::Record,
                    HostDocument::Order,
                    HostDocument::Settings,
                ]
                .get(kind as usize);
                match core_kind {
                    Some(&k) => assert_eq!(rc as u32, code_of(&refuse_floats(a, k))),
                    None => assert_eq!(rc, qm_result::QM_VALIDATION),
                }
            }
            1 => {
                let rc = qm_gate_verify(signer, a.as_ptr(), a.len());
                check_rc(rc, data);
                assert_ne!(rc, qm_result::QM_OK, "verified without the key");
                assert_eq!(rc as u32, code_of(&rust_signer().verify_json(a)));
            }
            2 => {
                let rc = qm_gate_verify_detail(signer, a.as_ptr(), a.len(), &mut out);
                check_rc(rc, data);
                assert_ne!(rc, qm_result::QM_OK, "verified without the key");
                take(&mut out, rc == qm_result::QM_OK, true);
            }
            3 => {
                let rc = qm_gate_sign(signer, a.as_ptr(), a.len(), &mut out);
                check_rc(rc, data);
                assert_eq!(rc as u32, code_of(&rust_signer().sign_json(a)));
                let sig = take(&mut out, rc == qm_result::QM_OK, false);
                if rc == qm_result::QM_OK {
                    assert_eq!(sig, rust_signer().sign_json(a).unwrap().into_bytes());
                }
            }
            4 => {
                let rc = qm_gate_parse_callback(signer, a.as_ptr(), a.len(), &mut out);
                check_rc(rc, data);
                assert_ne!(rc, qm_result::QM_OK, "accepted without the key");
                assert_eq!(rc as u32, code_of(&gate::Callback::parse(rust_signer(), a)));
                take(&mut out, false, true);
                let mut kept = ptr::null_mut();
                let rc2 = qm_gate_callback_parse(signer, a.as_ptr(), a.len(), &mut kept);
                check_rc(rc2, data);
                assert_eq!(rc2, rc, "the handle and the JSON parser disagree");
                assert!(kept.is_null());
            }
            5 => {
                let mut code = 0u16;
                let rc = qm_gate_account_check(
                    signer,
                    111,
                    a.as_ptr(),
                    a.len(),
                    &mut out,
                    &mut out2,
                    &mut code,
                );
                check_rc(rc, data);
                take(&mut out, rc == qm_result::QM_OK, true);
                // The ready answer may be written on a refusal too (as the core's Rejection).
                if !out2.data.is_null() {
                    take(&mut out2, true, true);
                }
            }
            6 => {
                let rc = qm_gate_parse_payout_response(
                    signer,
                    u16::from_le_bytes([b.first().copied().unwrap_or(200), 0]),
                    a.as_ptr(),
                    a.len(),
                    b.as_ptr(),
                    b.len(),
                    b.len() % 2 == 1,
                    &mut out,
                );
                check_rc(rc, data);
                let answer = take(&mut out, rc == qm_result::QM_OK, true);
                if rc == qm_result::QM_OK {
                    let v: serde_json::Value = serde_json::from_slice(&answer).unwrap();
                    assert!(v.get("raw").is_none(), "the result repeats the answer");
                    assert!(v["body_read"].is_boolean());
                }
            }
            7 => {
                let rc = qm_gate_parse_status_response(signer, a.as_ptr(), a.len(), &mut out);
                check_rc(rc, data);
                assert_eq!(
                    rc as u32,
                    code_of(&gate::parse_status_response(rust_signer(), a))
                );
                let answer = take(&mut out, rc == qm_result::QM_OK, true);
                if rc == qm_result::QM_OK {
                    let v: serde_json::Value = serde_json::from_slice(&answer).unwrap();
                    assert!(v.get("raw").is_none(), "the result repeats the answer");
                }
            }
            8 => {
                let mut s = ptr::null_mut();
                let rc = qm_gate_signer_new(b.as_ptr(), b.len(), a.as_ptr(), a.len(), &mut s);
                check_rc(rc, data);
                if rc == qm_result::QM_OK {
                    assert!(!s.is_null());
                    let rc2 = qm_gate_verify(s, b.as_ptr(), b.len());
                    check_rc(rc2, data);
                    qm_gate_signer_free(s);
                } else {
                    assert!(s.is_null());
                }
            }
            9 => {
                let rc = qm_gate_payout_request(signer, a.as_ptr(), a.len(), &mut out);
                check_rc(rc, data);
                take(&mut out, rc == qm_result::QM_OK, true);
                let rc = qm_gate_status_request(signer, 35, b.as_ptr(), b.len(), &mut out);
                check_rc(rc, data);
                take(&mut out, rc == qm_result::QM_OK, true);
            }
            10 => {
                let rc = qm_cqr_parse_message(a.as_ptr(), a.len(), ptr::null(), 0, &mut out);
                check_rc(rc, data);
                assert_eq!(rc as u32, code_of(&cqr::parse_message(a)));
                take(&mut out, rc == qm_result::QM_OK, true);
                let rc = qm_cqr_parse_message(a.as_ptr(), a.len(), b.as_ptr(), b.len(), &mut out);
                check_rc(rc, data);
                take(&mut out, rc == qm_result::QM_OK, true);
            }
            11 => {
                for f in [
                    qm_cqr_parse_notification as ParseFn,
                    qm_cqr_parse_initiate_answer,
                    qm_cqr_parse_get_payments_answer,
                    qm_cqr_parse_initiate_request,
                ] {
                    let rc = f(a.as_ptr(), a.len(), ptr::null(), 0, &mut out);
                    check_rc(rc, data);
                    take(&mut out, rc == qm_result::QM_OK, true);
                    let rc = f(a.as_ptr(), a.len(), b.as_ptr(), b.len(), &mut out);
                    check_rc(rc, data);
                    take(&mut out, rc == qm_result::QM_OK, true);
                }
                assert_eq!(
                    qm_cqr_parse_notification(a.as_ptr(), a.len(), ptr::null(), 0, &mut out) as u32,
                    code_of(&cqr::parse_notification(a))
                );
                take(&mut out, cqr::parse_notification(a).is_ok(), true);
            }
            12 => {
                let rc = qm_cqr_initiate_build(a.as_ptr(), a.len(), &mut out, &mut out2);
                check_rc(rc, data);
                let xml = take(&mut out, rc == qm_result::QM_OK, false);
                take(&mut out2, rc == qm_result::QM_OK, true);
                if rc == qm_result::QM_OK {
                    let rc = qm_cqr_parse_initiate_request(
                        xml.as_ptr(),
                        xml.len(),
                        ptr::null(),
                        0,
                        &mut out,
                    );
                    assert_eq!(rc, qm_result::QM_OK, "built XML does not parse back");
                    take(&mut out, true, true);
                }
                let rc = qm_cqr_get_payments_request(a.as_ptr(), a.len(), &mut out);
                check_rc(rc, data);
                take(&mut out, rc == qm_result::QM_OK, false);
            }
            13 => {
                let (user, pass) = a.split_at(a.len() / 2);
                let rc = qm_cqr_basic_auth_check(
                    user.as_ptr(),
                    user.len(),
                    pass.as_ptr(),
                    pass.len(),
                    b.as_ptr(),
                    b.len(),
                );
                check_rc(rc, data);
                let rc = qm_cqr_ip_decide(a.as_ptr(), a.len(), &mut out, &mut false);
                check_rc(rc, data);
                take(&mut out, rc == qm_result::QM_OK, true);
            }
            14 => {
                let rc = qm_cqr_check_notification(
                    a.as_ptr(),
                    a.len(),
                    b.len() as i64,
                    b.as_ptr(),
                    b.len(),
                    &mut out,
                );
                check_rc(rc, data);
                take(&mut out, rc == qm_result::QM_OK, true);
                let mut name: *const std::os::raw::c_char = ptr::null();
                let rc = qm_cqr_confirmation(a.as_ptr(), a.len(), b.as_ptr(), b.len(), &mut name);
                check_rc(rc, data);
                if rc == qm_result::QM_OK {
                    assert!(!name.is_null());
                }
            }
            16 => {
                // Gate settlement: `a` the record (empty = none), `b` the message.
                let (rp, rl) = opt(a);
                let record = (!a.is_empty()).then(|| settle::parse_gate_record(a));
                let record_code = record.as_ref().map_or(0, code_of);
                let project = i64::from(b.len() as u8);
                for (status, project) in [(false, ptr::null()), (true, &project as *const i64)] {
                    let rc = if status {
                        qm_gate_settle_status(
                            signer,
                            rp,
                            rl,
                            b.as_ptr(),
                            b.len(),
                            project,
                            &mut out,
                        )
                    } else {
                        qm_gate_settle(signer, rp, rl, b.as_ptr(), b.len(), project, &mut out)
                    };
                    check_rc(rc, data);
                    let want = if record_code != 0 {
                        record_code
                    } else if status {
                        code_of(&gate::parse_status_response(rust_signer(), b))
                    } else {
                        code_of(&gate::Callback::parse(rust_signer(), b))
                    };
                    assert_eq!(rc as u32, want, "C and Rust disagree");
                    if !status {
                        assert_ne!(rc, qm_result::QM_OK, "settled a callback without the key");
                    }
                    take(&mut out, rc == qm_result::QM_OK, true);
                }
                let rc = qm_gate_settle_storage_failed(rp, rl, &mut out);
                check_rc(rc, data);
                assert_eq!(rc as u32, record_code);
                let got = take(&mut out, rc == qm_result::QM_OK, true);
                if rc == qm_result::QM_OK {
                    let r = record.map(Result::unwrap);
                    assert_eq!(
                        got,
                        sgate::storage_failed(r.as_ref()).to_json().into_bytes()
                    );
                }
            }
            17 => {
                // CQR settlement: `a` the order (empty = unknown), `b` the notification, the
                // getPayments answer, the payment id, or (for storage_failed) the settings.
                let settings = settle::parse_cqr_settings(CQR_SETTINGS).unwrap();
                let (op, ol) = opt(a);
                let order = (!a.is_empty()).then(|| settle::parse_cqr_order(a));
                let order_code = order.as_ref().map_or(0, code_of);
                let order = order.and_then(Result::ok);
                let rc = qm_cqr_settle(
                    CQR_SETTINGS.as_ptr(),
                    CQR_SETTINGS.len(),
                    op,
                    ol,
                    b.as_ptr(),
                    b.len(),
                    ptr::null(),
                    0,
                    &mut out,
                );
                check_rc(rc, data);
                let n = cqr::parse_notification(b);
                let want = if order_code != 0 {
                    order_code
                } else {
                    code_of(&n)
                };
                assert_eq!(rc as u32, want, "C and Rust disagree");
                let got = take(&mut out, rc == qm_result::QM_OK, true);
                if rc == qm_result::QM_OK {
                    let d = scqr::settle_notification(&settings, order.as_ref(), &n.unwrap(), None);
                    assert_eq!(got, d.to_json().into_bytes());
                }
                let rc = qm_cqr_settle_get_payments(
                    CQR_SETTINGS.as_ptr(),
                    CQR_SETTINGS.len(),
                    a.as_ptr(),
                    a.len(),
                    b.as_ptr(),
                    b.len(),
                    &mut out,
                );
                check_rc(rc, data);
                take(&mut out, rc == qm_result::QM_OK, true);
                let rc = qm_cqr_settle_storage_failed(b.as_ptr(), b.len(), op, ol, &mut out);
                check_rc(rc, data);
                take(&mut out, rc == qm_result::QM_OK, true);
                let rc = qm_cqr_bind_attempt(a.as_ptr(), a.len(), b.as_ptr(), b.len(), &mut out);
                check_rc(rc, data);
                let got = take(&mut out, rc == qm_result::QM_OK, true);
                if rc == qm_result::QM_OK {
                    // Bound to the id; the result is itself a valid order.
                    settle::parse_cqr_order(&got).expect("bound order does not parse back");
                }
            }
            _ => {
                let code = i64::from(b.first().copied().unwrap_or(0)) - 10;
                let rc = qm_cqr_ack(code, a.as_ptr(), a.len(), b.as_ptr(), b.len(), &mut out);
                check_rc(rc, data);
                take(&mut out, rc == qm_result::QM_OK, false);
            }
        }
    }
});
