//! qiwi-merchant: the merchant side of QIWI payments, sans-IO.
//!
//! * [`gate`]: JetPay Gate, method `qiwi-kz` (JSON, HMAC-SHA512 signatures).
//! * [`cqr`]: CQR / Kalixa PaymentService XML, method 163 `QiwiDeposit` (Envoy 90).
//!
//! The core never performs I/O: it parses bytes, verifies, decides and builds bytes.
#![deny(unsafe_code)]

#[cfg(feature = "capi")]
pub mod capi;
pub mod cqr;
pub mod error;
pub mod gate;
pub mod money;
pub mod secret;

pub use error::{Error, ErrorKind, Limit, Result};
pub use money::{Amount, Currency, Decimal};
pub use secret::SecretKey;

/// The library version (same as the crate version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
