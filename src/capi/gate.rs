//! C exports for JetPay Gate (`qm_gate_*`).

use super::events::{qm_event, Events};
use super::{
    bytes, call, call_value, core_error_json, cstr, from_json, opt_bytes, opt_text, out_ptr, text,
    to_json, write, write_buffer, Failure, Outcome,
};
use super::{qm_buffer, qm_result};
use crate::gate::json::RawJson;
use crate::gate::{
    self, AccountCheckResponse, Callback, CallbackError, Operation, Outcome as CallbackOutcome,
    Payment, PayoutRequest, PayoutResponse, Signer, StatusResponse, Verified,
};
use crate::limits::LimitOverrides;
use crate::secret::SecretKey;
use std::os::raw::c_char;
use std::sync::OnceLock;

/// A Gate signer: one project's secret key plus parse limits.
///
/// Opaque. Created by `qm_gate_signer_new`, released with `qm_gate_signer_free`. Immutable
/// after creation: one signer may be used by any number of threads at the same time. The
/// secret is wiped from memory when the signer is freed.
pub struct qm_gate_signer {
    inner: Signer,
}

/// # Safety
/// `p` is NULL or a live signer from `qm_gate_signer_new`.
pub(crate) unsafe fn signer<'a>(p: *const qm_gate_signer) -> Outcome<&'a Signer> {
    if p.is_null() {
        return Err(Failure::Null("signer"));
    }
    // SAFETY: caller guarantee: a live signer, only read (it is immutable and Sync).
    Ok(unsafe { &(*p).inner })
}

/// The callback model as C receives it: every member of `gate::Callback` but the message
/// itself (`raw`), which is the caller's body.
#[derive(serde::Serialize)]
struct CallbackModel<'a> {
    project_id: Option<&'a str>,
    payment: &'a Payment,
    account_number: Option<&'a str>,
    customer_id: Option<&'a str>,
    operation: Option<&'a Operation>,
    errors: &'a [CallbackError],
    outcome: CallbackOutcome,
    signature: Verified,
}

impl<'a> CallbackModel<'a> {
    /// Every accessor but `raw` (the caller's body): a new member in the core must be placed
    /// here (or left out) on purpose. Reading them builds the callback's typed members.
    fn of(cb: &'a Callback) -> CallbackModel<'a> {
        CallbackModel {
            project_id: cb.project_id(),
            payment: cb.payment(),
            account_number: cb.account_number(),
            customer_id: cb.customer_id(),
            operation: cb.operation(),
            errors: cb.errors(),
            outcome: cb.outcome(),
            signature: cb.signature(),
        }
    }
}

/// `gate::PayoutResponse` as C receives it: the answer itself (`raw`) is the caller's body;
/// `body_read` says whether the core read it as the answer.
#[derive(serde::Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
enum PayoutAnswer<'a> {
    Accepted {
        request_id: &'a Option<String>,
        body_read: bool,
    },
    Rejected {
        status: &'a Option<String>,
        code: &'a Option<String>,
        message: &'a Option<String>,
        errors: &'a Option<RawJson>,
        body_read: bool,
    },
    Unknown {
        reason: &'a str,
        error: &'a Option<String>,
        body_read: bool,
    },
}

impl<'a> PayoutAnswer<'a> {
    fn of(r: &'a PayoutResponse) -> PayoutAnswer<'a> {
        match r {
            PayoutResponse::Accepted { request_id, raw: _ } => PayoutAnswer::Accepted {
                request_id,
                body_read: true,
            },
            PayoutResponse::Rejected {
                status,
                code,
                message,
                errors,
                raw: _,
            } => PayoutAnswer::Rejected {
                status,
                code,
                message,
                errors,
                body_read: true,
            },
            PayoutResponse::Unknown { reason, error, raw } => PayoutAnswer::Unknown {
                reason,
                error,
                body_read: raw.is_some(),
            },
        }
    }
}

/// `gate::StatusResponse` as C receives it: the answer itself (`raw`) is the caller's body.
#[derive(serde::Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
enum StatusAnswer<'a> {
    Found {
        callback: CallbackModel<'a>,
    },
    NotFound {},
    Error {
        status: &'a Option<String>,
        code: &'a Option<String>,
        message: &'a Option<String>,
    },
}

impl<'a> StatusAnswer<'a> {
    fn of(r: &'a StatusResponse) -> StatusAnswer<'a> {
        match r {
            StatusResponse::Found { callback } => StatusAnswer::Found {
                callback: CallbackModel::of(callback),
            },
            StatusResponse::NotFound { raw: _ } => StatusAnswer::NotFound {},
            StatusResponse::Error {
                status,
                code,
                message,
                raw: _,
            } => StatusAnswer::Error {
                status,
                code,
                message,
            },
        }
    }
}

/// Reads a limits document (`{"max_body_bytes":…,"max_depth":…,"max_items":…,
/// "max_string_bytes":…}`, every member optional; missing ones keep the parser's defaults)
/// under the core's rule: not JSON is `QM_MALFORMED_INPUT`; an unknown member, a value that is
/// not a positive integer, or a document that is not an object is `QM_VALIDATION` whose path
/// names it (`limits:max_depth`, `limits`).
pub(crate) fn limits_doc(b: &[u8]) -> Outcome<LimitOverrides> {
    Ok(LimitOverrides::from_json(b)?)
}

/// Reads an optional limits document: NULL (with length 0) is the defaults of every parser.
///
/// # Safety
/// `ptr` is NULL or points to `len` readable bytes.
pub(crate) unsafe fn opt_limits(ptr: *const u8, len: usize) -> Outcome<LimitOverrides> {
    // SAFETY: forwarded caller guarantee.
    match unsafe { opt_bytes(ptr, len, "limits_json") }? {
        None => Ok(LimitOverrides::default()),
        Some(doc) => limits_doc(doc),
    }
}

/// Creates a signer for a project's secret key (any bytes; copied, so the caller may wipe its
/// copy right after) with the limits for every JSON body this signer parses.
///
/// `limits_json` is optional: NULL (with `limits_len` 0) keeps the defaults (1 MiB body,
/// depth 64, 100,000 items, 64 KiB strings); given, it is
/// `{"max_body_bytes":N,"max_depth":N,"max_items":N,"max_string_bytes":N}`, each member
/// optional (missing ones keep their defaults), each a positive integer.
///
/// On `QM_OK`, `*out` receives a new signer owned by the caller (free it with
/// `qm_gate_signer_free`). `QM_VALIDATION`: the secret is empty, or the limits document has an
/// unknown member, a value that is not a positive integer, or is not an object (the path names
/// it: `limits:max_depth`); `QM_MALFORMED_INPUT`: the limits document is not JSON.
/// `QM_NULL_PARAMETER`: `out` is NULL, or an input is NULL with a length > 0.
///
/// # Safety
/// `secret` points to `secret_len` readable bytes (or is NULL with 0); `limits_json` is NULL or
/// points to `limits_len` readable bytes; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_signer_new(
    secret: *const u8,
    secret_len: usize,
    limits_json: *const u8,
    limits_len: usize,
    out: *mut *mut qm_gate_signer,
) -> qm_result {
    call("qm_gate_signer_new", || {
        let out = out_ptr(out, "out")?;
        // SAFETY: caller guarantee.
        let secret = unsafe { bytes(secret, secret_len, "secret") }?;
        // SAFETY: caller guarantee.
        let limits = unsafe { opt_limits(limits_json, limits_len) }?.json();
        let signer = Signer::new(SecretKey::new(secret.to_vec()))?.with_limits(limits);
        // SAFETY: checked non-NULL, caller guarantees writable.
        unsafe {
            write(
                out,
                Box::into_raw(Box::new(qm_gate_signer { inner: signer })),
            )
        };
        Ok(())
    })
}

/// Releases a signer and wipes its secret. NULL is accepted (no-op). The signer must not be in
/// use by another thread, and must not be used afterwards.
///
/// # Safety
/// `signer` is NULL or a signer from `qm_gate_signer_new` not yet freed.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_signer_free(signer: *mut qm_gate_signer) {
    call_value("qm_gate_signer_free", (), || {
        if !signer.is_null() {
            // SAFETY: caller guarantee: came from Box::into_raw in new_signer, freed once.
            drop(unsafe { Box::from_raw(signer) });
        }
    })
}

/// The canonical stamp of a JSON object (the text that is signed): signature members and
/// `frame_mode` left out, byte order, `::` escaping, exact number text.
///
/// `limits_json` is optional: NULL (with `limits_len` 0) uses the default limits (1 MiB,
/// depth 64, 100,000 items, 64 KiB strings); given, it is the limits document of
/// `qm_gate_signer_new` (a bad one is `QM_VALIDATION` naming the member).
///
/// On `QM_OK`, `*out` holds the stamp (UTF-8, caller frees). `QM_MALFORMED_INPUT`: not a JSON
/// object; `QM_LIMIT_EXCEEDED`: a limit was hit (the last error's `limit` names it).
/// Thread-safe.
///
/// # Safety
/// `json` points to `len` readable bytes (or is NULL with 0); `limits_json` is NULL or points
/// to `limits_len` readable bytes; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_stamp(
    json: *const u8,
    len: usize,
    limits_json: *const u8,
    limits_len: usize,
    out: *mut qm_buffer,
) -> qm_result {
    call("qm_gate_stamp", || {
        let out = out_ptr(out, "out")?;
        // SAFETY: caller guarantee.
        let limits = unsafe { opt_limits(limits_json, limits_len) }?.json();
        // SAFETY: caller guarantee.
        let input = unsafe { bytes(json, len, "json") }?;
        let stamp = gate::stamp_with_limits(input, &limits)?;
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, stamp.into_bytes()) };
        Ok(())
    })
}

/// Signs a JSON object: `*out` receives the base64 HMAC-SHA512 signature of its canonical
/// stamp (any signature members in the input are ignored).
///
/// `QM_MALFORMED_INPUT` / `QM_LIMIT_EXCEEDED` as for `qm_gate_stamp`. Thread-safe; the signer
/// may be shared.
///
/// # Safety
/// `signer` is a live signer; `json` points to `len` readable bytes; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_sign(
    signer: *const qm_gate_signer,
    json: *const u8,
    len: usize,
    out: *mut qm_buffer,
) -> qm_result {
    call("qm_gate_sign", || {
        // SAFETY: caller guarantee.
        let s = unsafe { self::signer(signer) }?;
        let out = out_ptr(out, "out")?;
        // SAFETY: caller guarantee.
        let input = unsafe { bytes(json, len, "json") }?;
        let sig = s.sign_json(input)?;
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, sig.into_bytes()) };
        Ok(())
    })
}

/// Verifies a signed JSON message; the signature is read from the message (top-level
/// `signature`, else `general.signature`).
///
/// `QM_OK`: valid. `QM_SIGNATURE_MISMATCH`: present but wrong. `QM_MISSING_SIGNATURE`: absent
/// or empty. `QM_MALFORMED_INPUT` / `QM_LIMIT_EXCEEDED`: not a readable JSON object.
/// Thread-safe.
///
/// # Safety
/// `signer` is a live signer; `json` points to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_verify(
    signer: *const qm_gate_signer,
    json: *const u8,
    len: usize,
) -> qm_result {
    call("qm_gate_verify", || {
        // SAFETY: caller guarantee.
        let s = unsafe { self::signer(signer) }?;
        // SAFETY: caller guarantee.
        let input = unsafe { bytes(json, len, "json") }?;
        s.verify_json(input)?;
        Ok(())
    })
}

/// Like `qm_gate_verify`, and on `QM_OK` `*out_json` tells which accepted way of writing the
/// stamp matched: the serde shape of `gate::Verified`, e.g.
/// `{"order":"byte","numbers":"exact"}` (a `:` in a member name is only ever accepted as `::`).
///
/// # Safety
/// As `qm_gate_verify`; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_verify_detail(
    signer: *const qm_gate_signer,
    json: *const u8,
    len: usize,
    out_json: *mut qm_buffer,
) -> qm_result {
    call("qm_gate_verify_detail", || {
        // SAFETY: caller guarantee.
        let s = unsafe { self::signer(signer) }?;
        let out = out_ptr(out_json, "out_json")?;
        // SAFETY: caller guarantee.
        let input = unsafe { bytes(json, len, "json") }?;
        let v = s.verify_json(input)?;
        let j = to_json(&v)?;
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, j) };
        Ok(())
    })
}

/// Parses and verifies a Gate callback body. On `QM_OK`, `*out_json` is the `gate::Callback`
/// JSON (project_id, payment, operation, customer, provider, errors, status, outcome,
/// signature...; see docs/c-api.md) without the message itself: that is `body`, the caller's
/// bytes.
///
/// Errors: `QM_MISSING_SIGNATURE`, `QM_SIGNATURE_MISMATCH` (answer 400 and do not process),
/// `QM_MALFORMED_INPUT`, `QM_LIMIT_EXCEEDED`, `QM_VALIDATION` (a signed body missing a required
/// member). Thread-safe.
///
/// # Safety
/// `signer` is a live signer; `body` points to `len` readable bytes; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_parse_callback(
    signer: *const qm_gate_signer,
    body: *const u8,
    len: usize,
    out_json: *mut qm_buffer,
) -> qm_result {
    call("qm_gate_parse_callback", || {
        // SAFETY: caller guarantee.
        let s = unsafe { self::signer(signer) }?;
        let out = out_ptr(out_json, "out_json")?;
        // SAFETY: caller guarantee.
        let input = unsafe { bytes(body, len, "body") }?;
        let cb = Callback::parse(s, input)?;
        let j = to_json(&CallbackModel::of(&cb))?;
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, j) };
        Ok(())
    })
}

/// A verified Gate callback: the core's typed model of one callback, kept so that the host
/// reads it when (and if) it needs it.
///
/// Opaque. Created by `qm_gate_callback_parse`, read with `qm_gate_callback_json`, released with
/// `qm_gate_callback_free`. Immutable: it may be read from any number of threads at once.
pub struct qm_gate_callback {
    inner: Callback,
    /// The model as events, made on the first `qm_gate_callback_events`.
    events: OnceLock<Events>,
}

/// Parses and verifies a Gate callback body exactly as `qm_gate_parse_callback` (same errors),
/// keeping the model instead of writing it: on `QM_OK`, `*out` receives a new callback owned by
/// the caller (read it with `qm_gate_callback_json`, free it with `qm_gate_callback_free`). For
/// hosts that decide from the verification alone or read the model later; nothing is
/// serialised until asked for. Thread-safe.
///
/// # Safety
/// `signer` is a live signer; `body` points to `len` readable bytes; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_callback_parse(
    signer: *const qm_gate_signer,
    body: *const u8,
    len: usize,
    out: *mut *mut qm_gate_callback,
) -> qm_result {
    call("qm_gate_callback_parse", || {
        // SAFETY: caller guarantee.
        let s = unsafe { self::signer(signer) }?;
        let out = out_ptr(out, "out")?;
        // SAFETY: caller guarantee.
        let input = unsafe { bytes(body, len, "body") }?;
        let cb = Callback::parse(s, input)?;
        // SAFETY: checked non-NULL, caller guarantees writable.
        let kept = qm_gate_callback {
            inner: cb,
            events: OnceLock::new(),
        };
        // SAFETY: checked non-NULL, caller guarantees writable.
        unsafe { write(out, Box::into_raw(Box::new(kept))) };
        Ok(())
    })
}

/// The model of a callback from `qm_gate_callback_parse`: on `QM_OK`, `*out_json` is the JSON
/// `qm_gate_parse_callback` writes for the same body (caller frees). `QM_NULL_PARAMETER`: a
/// pointer is NULL. Thread-safe.
///
/// # Safety
/// `callback` is a live callback from `qm_gate_callback_parse`; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_callback_json(
    callback: *const qm_gate_callback,
    out_json: *mut qm_buffer,
) -> qm_result {
    call("qm_gate_callback_json", || {
        if callback.is_null() {
            return Err(Failure::Null("callback"));
        }
        let out = out_ptr(out_json, "out_json")?;
        // SAFETY: caller guarantee: a live callback, only read.
        let cb = unsafe { &(*callback).inner };
        let j = to_json(&CallbackModel::of(cb))?;
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, j) };
        Ok(())
    })
}

/// The model of a callback from `qm_gate_callback_parse` as a list of events (the document of
/// `qm_gate_callback_json`, member for member, in the same order: see `qm_event`), for a host
/// that maps it into its own values without writing and reading JSON text. On `QM_OK`,
/// `*out_events` points to `*out_count` events owned by the callback: valid, and unchanged,
/// until `qm_gate_callback_free` (made on the first call, shared by later ones).
/// `QM_NULL_PARAMETER`: a pointer is NULL. Thread-safe.
///
/// # Safety
/// `callback` is a live callback from `qm_gate_callback_parse`; the outputs are writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_callback_events(
    callback: *const qm_gate_callback,
    out_events: *mut *const qm_event,
    out_count: *mut usize,
) -> qm_result {
    call("qm_gate_callback_events", || {
        if callback.is_null() {
            return Err(Failure::Null("callback"));
        }
        let out_events = out_ptr(out_events, "out_events")?;
        let out_count = out_ptr(out_count, "out_count")?;
        // SAFETY: caller guarantee: a live callback, only read (the events are set once).
        let cb = unsafe { &*callback };
        if cb.events.get().is_none() {
            // Another thread may set them first: either list is the same.
            let _ = cb.events.set(Events::of(&CallbackModel::of(&cb.inner))?);
        }
        let events = cb.events.get().map(Events::as_slice).unwrap_or(&[]);
        // SAFETY: checked non-NULL, caller guarantees writable.
        unsafe {
            write(out_events, events.as_ptr());
            write(out_count, events.len());
        }
        Ok(())
    })
}

/// Releases a callback from `qm_gate_callback_parse`. NULL is accepted (no-op). It must not be
/// in use by another thread, and must not be used afterwards.
///
/// # Safety
/// `callback` is NULL or a callback from `qm_gate_callback_parse` not yet freed.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_callback_free(callback: *mut qm_gate_callback) {
    call_value("qm_gate_callback_free", (), || {
        if !callback.is_null() {
            // SAFETY: caller guarantee: came from Box::into_raw in qm_gate_callback_parse, freed
            // once.
            drop(unsafe { Box::from_raw(callback) });
        }
    })
}

/// Parses and verifies a callback like `qm_gate_parse_callback`, then compares its
/// `payment.sum` with the amount the shop expects (`expected_amount` minor units of
/// `currency`): `*out_json` = `{"result":"match"}` or `{"result":"mismatch","expected":{…},
/// "received":{…}|null}` (a mismatch is stored and flagged, never credited). Errors as for
/// `qm_gate_parse_callback`. `qm_gate_settle` makes this check itself (with every other rule);
/// this function is for hosts that only want the comparison.
///
/// # Safety
/// `signer` is a live signer; `body` and `currency` point to their lengths of readable bytes;
/// `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_check_sum(
    signer: *const qm_gate_signer,
    body: *const u8,
    len: usize,
    expected_amount: i64,
    currency: *const u8,
    currency_len: usize,
    out_json: *mut qm_buffer,
) -> qm_result {
    call("qm_gate_check_sum", || {
        // SAFETY: caller guarantee.
        let s = unsafe { self::signer(signer) }?;
        let out = out_ptr(out_json, "out_json")?;
        // SAFETY: caller guarantee.
        let input = unsafe { bytes(body, len, "body") }?;
        // SAFETY: caller guarantee.
        let cur = unsafe { text(currency, currency_len, "currency") }?;
        let cb = Callback::parse(s, input)?;
        let j = to_json(&gate::check_sum(
            cb.payment().sum.as_ref(),
            expected_amount,
            cur,
        ))?;
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, j) };
        Ok(())
    })
}

/// Parses and verifies an account-check request (`verify` or `check_deposit`) for
/// `project_id`. The request is never left without an answer:
///
/// * accepted: returns `QM_OK`, `*out_json` = `{"accepted":true,"request":{…}}` where `request`
///   is the `gate::AccountCheckRequest` JSON (`{"type":"verify"|"check_deposit",…}`), `*out_code`
///   = 0 and `*out_response` is an empty (but allocated) buffer: the shop looks the account up
///   and answers with a `qm_gate_response_*` body;
/// * refused: also returns `QM_OK`, `*out_json` = `{"accepted":false,"code":400|500,
///   "body":"<exact response body>","error":{"kind","code","message","path","limit","fields"}}`,
///   `*out_code` = the answer code and `*out_response` = the exact body to send (HTTP 200,
///   `Content-Type: application/json; charset=utf-8`).
///
/// `out_response` and `out_code` may be NULL when not wanted. Other results:
/// `QM_NULL_PARAMETER` only. Thread-safe.
///
/// # Safety
/// `signer` is a live signer; `body` points to `len` readable bytes; the outputs are writable
/// (or NULL where allowed).
#[no_mangle]
pub unsafe extern "C" fn qm_gate_account_check(
    signer: *const qm_gate_signer,
    project_id: u64,
    body: *const u8,
    len: usize,
    out_json: *mut qm_buffer,
    out_response: *mut qm_buffer,
    out_code: *mut u16,
) -> qm_result {
    call("qm_gate_account_check", || {
        // SAFETY: caller guarantee.
        let s = unsafe { self::signer(signer) }?;
        let out = out_ptr(out_json, "out_json")?;
        // SAFETY: caller guarantee.
        let input = unsafe { bytes(body, len, "body") }?;
        let (json, response, code) = match gate::parse_account_check(s, project_id, input) {
            Ok(req) => (
                serde_json::json!({"accepted": true, "request": req}),
                Vec::new(),
                0u16,
            ),
            Err(rej) => (
                serde_json::json!({
                    "accepted": false,
                    "code": rej.response.code,
                    "body": rej.response.body_str(),
                    "error": core_error_json(&rej.error),
                }),
                rej.response.body.clone(),
                rej.response.code,
            ),
        };
        let j = to_json(&json)?;
        // SAFETY: checked non-NULL; the optional ones are checked here.
        unsafe {
            write_buffer(out, j);
            if !out_response.is_null() {
                write_buffer(out_response, response);
            }
            if !out_code.is_null() {
                write(out_code, code);
            }
        }
        Ok(())
    })
}

/// Writes an account-check answer: its body to `out`, its `code` to `out_code` (when not NULL).
fn response_out(out: *mut qm_buffer, out_code: *mut u16, r: AccountCheckResponse) {
    // SAFETY: every caller checked `out` with out_ptr; the C caller guarantees it is writable,
    // and `out_code` NULL or writable.
    unsafe {
        if !out_code.is_null() {
            write(out_code, r.code);
        }
        write_buffer(out, r.body)
    }
}

/// The `verify` success answer `{"code":0,"currency":"KZT"[,"additional_customer_id":"…"]}`.
/// `additional_customer_id` is optional: NULL (with length 0) leaves it out; given, it must not
/// be empty. `QM_VALIDATION`: unknown currency, or an empty additional id. Thread-safe.
///
/// Every `qm_gate_response_*` writes the answer's body to `*out` and, when `out_code` is not
/// NULL, its `code` (here 0) to `*out_code`: the host needs no JSON reader to know it.
///
/// # Safety
/// The inputs point to their lengths of readable bytes; `out` is writable; `out_code` is NULL
/// or writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_response_verify_ok(
    currency: *const u8,
    currency_len: usize,
    additional_customer_id: *const u8,
    additional_customer_id_len: usize,
    out: *mut qm_buffer,
    out_code: *mut u16,
) -> qm_result {
    call("qm_gate_response_verify_ok", || {
        let out = out_ptr(out, "out")?;
        // SAFETY: caller guarantee.
        let cur = unsafe { text(currency, currency_len, "currency") }?;
        // SAFETY: caller guarantee.
        let extra = unsafe {
            opt_text(
                additional_customer_id,
                additional_customer_id_len,
                "additional_customer_id",
            )
        }?;
        response_out(out, out_code, AccountCheckResponse::verify_ok(cur, extra)?);
        Ok(())
    })
}

/// The `check_deposit` success answer `{"code":0,"payment_id":"…"}` (`*out_code` 0).
/// `QM_VALIDATION`: empty id.
///
/// # Safety
/// `payment_id` points to `len` readable bytes; `out` is writable; `out_code` is NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_response_check_deposit_ok(
    payment_id: *const u8,
    len: usize,
    out: *mut qm_buffer,
    out_code: *mut u16,
) -> qm_result {
    call("qm_gate_response_check_deposit_ok", || {
        let out = out_ptr(out, "out")?;
        // SAFETY: caller guarantee.
        let id = unsafe { text(payment_id, len, "payment_id") }?;
        response_out(out, out_code, AccountCheckResponse::check_deposit_ok(id)?);
        Ok(())
    })
}

/// The 404 answer `{"code":404,"message":"…"}` (`*out_code` 404); `message` is optional (NULL or empty gives
/// "account does not exist").
///
/// # Safety
/// `message` is NULL or points to `len` readable bytes; `out` is writable; `out_code` is NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_response_not_found(
    message: *const u8,
    len: usize,
    out: *mut qm_buffer,
    out_code: *mut u16,
) -> qm_result {
    call("qm_gate_response_not_found", || {
        let out = out_ptr(out, "out")?;
        // SAFETY: caller guarantee.
        let m = unsafe { opt_text(message, len, "message") }?;
        response_out(out, out_code, AccountCheckResponse::not_found(m));
        Ok(())
    })
}

/// The 500 answer `{"code":500,"message":"…"}` (`*out_code` 500; an empty message gives
/// "general error").
///
/// # Safety
/// `message` points to `len` readable bytes (or NULL with 0); `out` is writable; `out_code` is NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_response_general_error(
    message: *const u8,
    len: usize,
    out: *mut qm_buffer,
    out_code: *mut u16,
) -> qm_result {
    call("qm_gate_response_general_error", || {
        let out = out_ptr(out, "out")?;
        // SAFETY: caller guarantee.
        let m = unsafe { text(message, len, "message") }?;
        response_out(out, out_code, AccountCheckResponse::general_error(m));
        Ok(())
    })
}

/// The 400 answer `{"code":400,"message":"…"}` (`*out_code` 400; an empty message gives
/// "signature is invalid").
///
/// # Safety
/// `message` points to `len` readable bytes (or NULL with 0); `out` is writable; `out_code` is NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_response_invalid_signature(
    message: *const u8,
    len: usize,
    out: *mut qm_buffer,
    out_code: *mut u16,
) -> qm_result {
    call("qm_gate_response_invalid_signature", || {
        let out = out_ptr(out, "out")?;
        // SAFETY: caller guarantee.
        let m = unsafe { text(message, len, "message") }?;
        response_out(out, out_code, AccountCheckResponse::invalid_signature(m));
        Ok(())
    })
}

/// The payout request path, `/v2/payment/wallet/qiwi-kz/payout` (append to the configured Gate
/// base URL). Static string: never NULL, never free it.
#[no_mangle]
pub extern "C" fn qm_gate_payout_path() -> *const c_char {
    cstr(b"/v2/payment/wallet/qiwi-kz/payout\0")
}

/// The status request path, `/v2/payment/status`. Static string: never NULL, never free it.
#[no_mangle]
pub extern "C" fn qm_gate_status_path() -> *const c_char {
    cstr(b"/v2/payment/status\0")
}

/// Builds and signs a payout request. `json` is the `gate::PayoutRequest` document
/// (`{"project_id":N,"payment_id":"…","customer":{"id","ip_address","first_name","last_name",
/// "email"},"account_number":"…","amount":N,"currency":"KZT","extra":{…}?}`, unknown members
/// rejected). On `QM_OK`, `*out_body` is the exact JSON body to POST to `qm_gate_payout_path()`
/// with `Content-Type: application/json`.
///
/// `QM_MALFORMED_INPUT`: not that JSON shape. `QM_VALIDATION`: a rule failed (every failed
/// field is listed in `qm_last_error_json`). Thread-safe.
///
/// # Safety
/// `signer` is a live signer; `json` points to `len` readable bytes; `out_body` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_payout_request(
    signer: *const qm_gate_signer,
    json: *const u8,
    len: usize,
    out_body: *mut qm_buffer,
) -> qm_result {
    call("qm_gate_payout_request", || {
        // SAFETY: caller guarantee.
        let s = unsafe { self::signer(signer) }?;
        let out = out_ptr(out_body, "out_body")?;
        // SAFETY: caller guarantee.
        let req: PayoutRequest = from_json(unsafe { bytes(json, len, "json") }?, "payout")?;
        let signed = req.build(s)?;
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, signed.body) };
        Ok(())
    })
}

/// Builds and signs a status request for `payment_id`; `*out_body` is the JSON body to POST to
/// `qm_gate_status_path()`. `QM_VALIDATION`: `project_id` 0 or an empty payment id.
///
/// # Safety
/// `signer` is a live signer; `payment_id` points to `len` readable bytes; `out_body` is
/// writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_status_request(
    signer: *const qm_gate_signer,
    project_id: u64,
    payment_id: *const u8,
    len: usize,
    out_body: *mut qm_buffer,
) -> qm_result {
    call("qm_gate_status_request", || {
        // SAFETY: caller guarantee.
        let s = unsafe { self::signer(signer) }?;
        let out = out_ptr(out_body, "out_body")?;
        // SAFETY: caller guarantee.
        let id = unsafe { text(payment_id, len, "payment_id") }?;
        let signed = gate::status_request(s, project_id, id)?;
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, signed.body) };
        Ok(())
    })
}

/// Classifies Gate's answer to a payout request. `http_status` is the HTTP status received,
/// `sent_payment_id` the payment id that was sent, `resend` true when that id had been sent
/// before. Always `QM_OK` (unless a parameter is NULL): `*out_json` is the
/// `gate::PayoutResponse` JSON without the answer itself (that is `body`, the caller's bytes):
/// `{"result":"accepted","request_id":…,"body_read":true}`,
/// `{"result":"rejected","status","code","message","errors","body_read":true}` or
/// `{"result":"unknown","reason":"…","error":"<kind>"|null,"body_read":bool}`. `body_read` is
/// true when `body` was read as the answer's JSON object, false when it was not (HTTP 5xx, or
/// not a JSON object).
///
/// # Safety
/// `signer` is a live signer; `body` and `sent_payment_id` point to their lengths of readable
/// bytes; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_parse_payout_response(
    signer: *const qm_gate_signer,
    http_status: u16,
    body: *const u8,
    len: usize,
    sent_payment_id: *const u8,
    sent_payment_id_len: usize,
    resend: bool,
    out_json: *mut qm_buffer,
) -> qm_result {
    call("qm_gate_parse_payout_response", || {
        // SAFETY: caller guarantee.
        let s = unsafe { self::signer(signer) }?;
        let out = out_ptr(out_json, "out_json")?;
        // SAFETY: caller guarantee.
        let input = unsafe { bytes(body, len, "body") }?;
        // SAFETY: caller guarantee.
        let sent = unsafe { text(sent_payment_id, sent_payment_id_len, "sent_payment_id") }?;
        let r = gate::parse_payout_response(s, http_status, input, sent, resend);
        let j = to_json(&PayoutAnswer::of(&r))?;
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, j) };
        Ok(())
    })
}

/// Parses Gate's answer to a status request. On `QM_OK`, `*out_json` is the
/// `gate::StatusResponse` JSON without the answer itself (that is `body`, the caller's bytes):
/// `{"result":"found","callback":{…}}` (the callback shape of `qm_gate_parse_callback`),
/// `{"result":"not_found"}` or `{"result":"error","status":…,"code":…,"message":…}`.
/// Errors as for `qm_gate_parse_callback`.
///
/// # Safety
/// `signer` is a live signer; `body` points to `len` readable bytes; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_parse_status_response(
    signer: *const qm_gate_signer,
    body: *const u8,
    len: usize,
    out_json: *mut qm_buffer,
) -> qm_result {
    call("qm_gate_parse_status_response", || {
        // SAFETY: caller guarantee.
        let s = unsafe { self::signer(signer) }?;
        let out = out_ptr(out_json, "out_json")?;
        // SAFETY: caller guarantee.
        let input = unsafe { bytes(body, len, "body") }?;
        let r = gate::parse_status_response(s, input)?;
        let j = to_json(&StatusAnswer::of(&r))?;
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, j) };
        Ok(())
    })
}
