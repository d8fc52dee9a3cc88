//! The panic boundary: every export runs its body inside `catch_unwind`, so no panic unwinds
//! into C; a caught panic answers `QM_PANIC` (or a documented fallback) and is recorded as the
//! thread's last error.

use super::error::{qm_result, record, record_panic, Outcome};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Drops a panic payload; dropping one can itself panic, which must not escape either (the
/// second payload is leaked deliberately).
fn drop_payload(payload: Box<dyn std::any::Any + Send>) {
    if let Err(second) = catch_unwind(AssertUnwindSafe(move || drop(payload))) {
        std::mem::forget(second);
    }
}

/// Runs an export's body: catches panics, maps failures to results and records the last error
/// (a success clears it).
pub(crate) fn call(function: &str, f: impl FnOnce() -> Outcome<()>) -> qm_result {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => {
            super::error::clear_last_error();
            qm_result::QM_OK
        }
        Ok(Err(failure)) => record(failure),
        Err(payload) => {
            drop_payload(payload);
            record_panic(function)
        }
    }
}

/// Like [`call`] for exports that return a value instead of a `qm_result` (a panic gives
/// `fallback` and is recorded as the last error).
pub(crate) fn call_value<T>(function: &str, fallback: T, f: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(payload) => {
            drop_payload(payload);
            record_panic(function);
            fallback
        }
    }
}

/// Test-only export (feature `capi-test-panic`, used by the C test build): panics inside the
/// boundary so tests can check that `QM_PANIC` comes back and nothing unwinds into C.
#[cfg(feature = "capi-test-panic")]
#[no_mangle]
pub extern "C" fn qm_test_panic() -> qm_result {
    call("qm_test_panic", || {
        panic!("qm_test_panic: deliberate panic")
    })
}
