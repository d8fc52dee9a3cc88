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

#[cfg(feature = "capi")]
pub mod capi;
#[forbid(unsafe_code)]
pub mod cqr;
#[forbid(unsafe_code)]
pub mod document;
#[forbid(unsafe_code)]
pub mod error;
#[forbid(unsafe_code)]
pub mod gate;
#[forbid(unsafe_code)]
pub mod limits;
#[forbid(unsafe_code)]
pub mod money;
#[forbid(unsafe_code)]
pub mod secret;
#[forbid(unsafe_code)]
pub mod settle;
#[forbid(unsafe_code)]
mod wire;

pub use error::{Error, ErrorKind, Limit, Result};
pub use limits::LimitOverrides;
pub use money::{Amount, Currency, Decimal};
pub use secret::SecretKey;

/// The library version (same as the crate version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
