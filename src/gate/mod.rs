//! JetPay Gate, payment method `qiwi-kz`: signatures, the account check, callbacks, payouts
//! and status requests. Rules: `docs/gate.md`.
//!
//! Everything here is sans-IO: functions take the raw bytes a host received and return typed
//! values or the bytes to send.

mod account_check;
mod callback;
mod fields;
mod flat_fast;
pub(crate) mod json;
mod natural;
mod numbers;
mod payout;
mod response;
mod signer;
mod stamp;
mod status;

pub use account_check::{
    code as account_check_code, parse_account_check, AccountCheckRequest, AccountCheckResponse,
    CheckDepositRequest, Rejection, VerifyRequest, CONTENT_TYPE, HTTP_STATUS, PAYMENT_METHOD,
};
pub use callback::{
    check_sum, Callback, CallbackError, Operation, Payment, Provider, Sum, SumCheck,
};
pub use json::{
    is_integer_text, parse as parse_json, parse_object as parse_json_object, JsonLimits, RawJson,
    Value,
};
pub use payout::{
    status_request, PayoutCustomer, PayoutRequest, SignedRequest, PAYOUT_CURRENCY, PAYOUT_PATH,
    STATUS_PATH,
};
pub use response::{
    parse_payout_response, parse_status_response, PayoutResponse, StatusResponse,
    TRANSACTION_NOT_FOUND,
};
pub use signer::{received_signature, Signer, Verified};
pub use stamp::{
    candidate_stamps, canonical_stamp, signing_stamp, NumberRendering, SortOrder, StampVariant,
};
pub use status::{Outcome, Status, StatusKind};

use crate::error::Result;

/// The canonical stamp of a JSON object given as text (signature members and `frame_mode`
/// left out, byte order, `::` escaping, exact number text).
pub fn stamp(json: &[u8]) -> Result<String> {
    stamp_with_limits(json, &JsonLimits::default())
}

/// As [`stamp`], within `limits`.
pub fn stamp_with_limits(json: &[u8], limits: &JsonLimits) -> Result<String> {
    stamp::canonical_stamp_of_bytes(json, limits)
}
