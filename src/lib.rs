//! qiwi-merchant: the merchant side of QIWI payments, sans-IO.
//!
//! * [`gate`]: JetPay Gate, method `qiwi-kz` (JSON, HMAC-SHA512 signatures).
//! * [`cqr`]: CQR / Kalixa PaymentService XML, method 163 `QiwiDeposit` (Envoy 90).
//! * [`settle`]: the settlement engine: every money decision for both protocols.
//!
//! The core never performs I/O: it parses bytes, verifies, decides and builds bytes.
// `unsafe` lives only in `capi` (the C ABI). The crate root denies it so that `capi` alone can
// allow it; every other module forbids it outright, so no nested `allow` can sneak it back in.
#![deny(unsafe_code)]
// Every public item says what it is on the wire (tests: `make test-doc`, `cargo doc -D warnings`).
#![deny(missing_docs)]

// The C ABI is not a Rust API: its `#[no_mangle] extern "C"` functions are exported from the
// C libraries whatever the module's visibility. One declaration only: cbindgen reads every
// `mod` item whatever its cfg, and a second one would emit every C type twice.
#[cfg(feature = "capi")]
mod capi;
/// The C ABI's Rust items, for the cargo-fuzz build only (`--cfg fuzzing`), which calls the
/// entry points in-process (fuzz/fuzz_targets/capi.rs).
#[cfg(all(feature = "capi", fuzzing))]
#[doc(hidden)]
#[allow(missing_docs)]
pub mod fuzz_capi {
    pub use crate::capi::*;
}
#[forbid(unsafe_code)]
pub mod cqr;
#[forbid(unsafe_code)]
mod document;
#[forbid(unsafe_code)]
mod error;
#[forbid(unsafe_code)]
pub mod gate;
#[forbid(unsafe_code)]
mod limits;
#[forbid(unsafe_code)]
mod money;
#[forbid(unsafe_code)]
mod secret;
#[forbid(unsafe_code)]
pub mod settle;
#[forbid(unsafe_code)]
mod wire;

pub use document::{
    document_from_json, document_member_from_json, refuse_floats, HostDocument,
    FLOAT_IN_PARAMETERS, MAX_DOCUMENT_BYTES,
};
pub use error::{Error, ErrorKind, FieldError, Limit, Result, MAX_DEPTH_CEILING};
pub use limits::{LimitOverrides, LimitValue};
pub use money::{
    format_minor, parse_major_to_minor, Amount, Currency, Decimal, MAX_DECIMAL_DIGITS,
};
pub use secret::SecretKey;

/// The README's Rust examples, compiled and run by `cargo test` (doctests) so that they never rot.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The library version (same as the crate version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
