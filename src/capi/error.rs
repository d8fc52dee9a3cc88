//! Results and the calling thread's last error: `qm_result`, `qm_result_name` and the
//! `qm_last_error_*` accessors. A failing export records its error here (through
//! [`super::panic::call`]); a successful one clears it.

use super::args::cstr;
use super::buffer::{qm_buffer, write_buffer};
use super::panic::call_value;
use crate::error::{Error, ErrorKind};
use std::cell::RefCell;
use std::os::raw::c_char;

/// The result of every fallible function. Values are fixed forever and never reused:
/// `QM_OK` = 0, 1..8 are the core's `ErrorKind` codes, 100 and 101 are C-layer conditions.
/// (In C, `qm_result` is a `uint32_t`.)
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum qm_result {
    /// Success: outputs were written.
    QM_OK = 0,
    /// Bytes are not the expected format (invalid JSON/XML/UTF-8, duplicate keys, DOCTYPE, a JSON
    /// document that does not have the documented shape).
    QM_MALFORMED_INPUT = 1,
    /// Well-formed input whose values break a rule (missing field, bad amount, bad URL...).
    QM_VALIDATION = 2,
    /// A signature is present but does not match.
    QM_SIGNATURE_MISMATCH = 3,
    /// A configured resource limit (size, depth, items, string length) was hit.
    QM_LIMIT_EXCEEDED = 4,
    /// A value the library deliberately does not handle (e.g. a currency without minor units).
    QM_UNSUPPORTED = 5,
    /// A signed message carries no usable signature.
    QM_MISSING_SIGNATURE = 6,
    /// A peer answered something that breaks the protocol.
    QM_PROTOCOL = 7,
    /// Authentication of an inbound request failed (Basic auth, IP allow-list).
    QM_UNAUTHORIZED = 8,
    /// A required pointer was NULL (or an input pointer was NULL with a length > 0).
    QM_NULL_PARAMETER = 100,
    /// The library panicked (a bug); the call had no effect. Please report it.
    QM_PANIC = 101,
}

impl qm_result {
    pub(crate) fn from_kind(kind: ErrorKind) -> qm_result {
        match kind {
            ErrorKind::MalformedInput => qm_result::QM_MALFORMED_INPUT,
            ErrorKind::Validation => qm_result::QM_VALIDATION,
            ErrorKind::SignatureMismatch => qm_result::QM_SIGNATURE_MISMATCH,
            ErrorKind::LimitExceeded => qm_result::QM_LIMIT_EXCEEDED,
            ErrorKind::Unsupported => qm_result::QM_UNSUPPORTED,
            ErrorKind::MissingSignature => qm_result::QM_MISSING_SIGNATURE,
            ErrorKind::Protocol => qm_result::QM_PROTOCOL,
            ErrorKind::Unauthorized => qm_result::QM_UNAUTHORIZED,
        }
    }
}

/// Why a call failed, before it becomes a `qm_result` and the thread's last error.
pub(crate) enum Failure {
    Core(Error),
    Null(&'static str),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

pub(crate) type Outcome<T> = Result<T, Failure>;

/// The calling thread's last error.
struct LastError {
    result: qm_result,
    message: String,
    path: Option<String>,
    json: String,
}

thread_local! {
    static LAST_ERROR: RefCell<Option<LastError>> = const { RefCell::new(None) };
}

fn set_last_error(e: Option<LastError>) {
    // try_with: during thread teardown the slot may be gone; then there is nobody to tell.
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut s) = slot.try_borrow_mut() {
            *s = e;
        }
    });
}

fn error_json(kind: &str, code: u32, message: &str, e: Option<&Error>) -> String {
    let fields: Vec<serde_json::Value> = e
        .map(|e| {
            e.field_errors()
                .iter()
                .map(|f| serde_json::json!({"field": f.field, "reason": f.reason}))
                .collect()
        })
        .unwrap_or_default();
    serde_json::json!({
        "kind": kind,
        "code": code,
        "message": message,
        "path": e.and_then(Error::path),
        "limit": e.and_then(Error::limit_hit).map(|l| l.name()),
        "fields": fields,
    })
    .to_string()
}

/// Forgets the thread's last error (after a successful call).
pub(crate) fn clear_last_error() {
    set_last_error(None);
}

/// The core error as the JSON document every binding uses
/// (`{"kind","code","message","path","limit","fields"}`).
pub(crate) fn core_error_json(e: &Error) -> serde_json::Value {
    serde_json::from_str(&error_json(e.kind().name(), e.code(), e.message(), Some(e)))
        .unwrap_or(serde_json::Value::Null)
}

/// Records a failure as the thread's last error and gives its result.
pub(crate) fn record(f: Failure) -> qm_result {
    let last = match f {
        Failure::Core(e) => LastError {
            result: qm_result::from_kind(e.kind()),
            json: error_json(e.kind().name(), e.code(), e.message(), Some(&e)),
            message: e.message().to_string(),
            path: e.path().map(str::to_string),
        },
        Failure::Null(param) => {
            let message = format!("{param} is NULL");
            LastError {
                result: qm_result::QM_NULL_PARAMETER,
                json: error_json("null_parameter", 100, &message, None),
                message,
                path: Some(param.to_string()),
            }
        }
    };
    let r = last.result;
    set_last_error(Some(last));
    r
}

/// Records a caught panic of `function` as the thread's last error.
pub(crate) fn record_panic(function: &str) -> qm_result {
    let message = format!("internal error: {function} panicked (a bug in qiwi_merchant)");
    set_last_error(Some(LastError {
        result: qm_result::QM_PANIC,
        json: error_json("panic", 101, &message, None),
        message,
        path: None,
    }));
    qm_result::QM_PANIC
}

/// The name of a result code: `"ok"`, the core's error kind name (`"malformed_input"`,
/// `"validation"`, `"signature_mismatch"`, `"limit_exceeded"`, `"unsupported"`,
/// `"missing_signature"`, `"protocol"`, `"unauthorized"`), `"null_parameter"`, `"panic"`, or
/// `"unknown"` for any other value.
///
/// `result` is a `qm_result` value (any `uint32_t` is accepted). Returns a static
/// NUL-terminated string: never NULL, never free it. Thread-safe.
#[no_mangle]
pub extern "C" fn qm_result_name(result: u32) -> *const c_char {
    cstr(match result {
        0 => b"ok\0",
        1 => b"malformed_input\0",
        2 => b"validation\0",
        3 => b"signature_mismatch\0",
        4 => b"limit_exceeded\0",
        5 => b"unsupported\0",
        6 => b"missing_signature\0",
        7 => b"protocol\0",
        8 => b"unauthorized\0",
        100 => b"null_parameter\0",
        101 => b"panic\0",
        _ => b"unknown\0",
    })
}

fn copy_text(s: &str, buf: *mut c_char, cap: usize, out_len: *mut usize) -> qm_result {
    if cap > 0 && buf.is_null() {
        return qm_result::QM_NULL_PARAMETER;
    }
    if cap > 0 {
        let mut n = s.len().min(cap - 1);
        while n > 0 && !s.is_char_boundary(n) {
            n -= 1;
        }
        // SAFETY: `buf` has `cap` writable bytes (caller guarantee) and `n + 1 <= cap`.
        unsafe {
            std::ptr::copy_nonoverlapping(s.as_ptr(), buf as *mut u8, n);
            *buf.add(n) = 0;
        }
    }
    if !out_len.is_null() {
        // SAFETY: caller guarantee: `out_len` is NULL or writable.
        unsafe { *out_len = s.len() };
    }
    qm_result::QM_OK
}

fn with_last_error<R>(f: impl FnOnce(Option<&LastError>) -> R) -> R {
    // Only called inside `call_value`: a panic here (TLS torn down) is caught there.
    LAST_ERROR.with(|slot| f(slot.borrow().as_ref()))
}

/// Copies the calling thread's last error message into `buf`.
///
/// Copies at most `cap - 1` bytes, cut back to a UTF-8 character boundary, and always writes a
/// terminating NUL when `cap > 0`. `*out_len` (if `out_len` is not NULL) receives the full
/// length in bytes (without NUL), so a caller can query the size with `buf = NULL, cap = 0`.
/// With no error recorded, the message is empty. Does not change the last error.
///
/// Returns `QM_OK`, or `QM_NULL_PARAMETER` when `buf` is NULL with `cap > 0`. Thread-safe (the
/// error is per thread).
///
/// # Safety
/// `buf` is NULL or has `cap` writable bytes; `out_len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn qm_last_error_message(
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> qm_result {
    call_value("qm_last_error_message", qm_result::QM_PANIC, || {
        with_last_error(|e| copy_text(e.map_or("", |e| e.message.as_str()), buf, cap, out_len))
    })
}

/// Copies the path of the calling thread's last error (e.g. `payment.amount`,
/// `/handlePaymentStateChangedNotificationRequest/payment/amount`, a parameter name) into
/// `buf`, with the same rules as `qm_last_error_message`; empty when the error has no path.
///
/// # Safety
/// As `qm_last_error_message`.
#[no_mangle]
pub unsafe extern "C" fn qm_last_error_path(
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> qm_result {
    call_value("qm_last_error_path", qm_result::QM_PANIC, || {
        with_last_error(|e| {
            copy_text(
                e.and_then(|e| e.path.as_deref()).unwrap_or(""),
                buf,
                cap,
                out_len,
            )
        })
    })
}

/// The calling thread's last error as a JSON document:
/// `{"kind":"validation","code":2,"message":"…","path":"…"|null,"limit":"depth"|null,
/// "fields":[{"field":"…","reason":"…"}]}` (`kind` is the `qm_result_name`), or `null` when no
/// error is recorded. Does not change the last error.
///
/// Returns `QM_OK` with `*out` filled (free it with `qm_buffer_free`), or `QM_NULL_PARAMETER`.
///
/// # Safety
/// `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn qm_last_error_json(out: *mut qm_buffer) -> qm_result {
    call_value("qm_last_error_json", qm_result::QM_PANIC, || {
        if out.is_null() {
            return qm_result::QM_NULL_PARAMETER;
        }
        let json = with_last_error(|e| e.map_or_else(|| "null".to_string(), |e| e.json.clone()));
        // SAFETY: checked non-NULL; caller guarantees it is writable.
        unsafe { write_buffer(out, json.into_bytes()) };
        qm_result::QM_OK
    })
}

/// The `qm_result` of the calling thread's last failed call (`QM_OK` when none is recorded).
/// Thread-safe.
#[no_mangle]
pub extern "C" fn qm_last_error_result() -> qm_result {
    call_value("qm_last_error_result", qm_result::QM_PANIC, || {
        with_last_error(|e| e.map_or(qm_result::QM_OK, |e| e.result))
    })
}
