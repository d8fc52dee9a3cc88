//! Envoy (Worldpay) provider response codes for method 163 and their lookup in key/value lists.

use serde::Serialize;

/// Envoy codes and messages, in the order of the public list, duplicates collapsed (−841…−849
/// appear twice there; −520 and −843 are read as documented in docs/cqr.md).
pub const ENVOY_CODES: &[(i64, &str)] = &[
    (-100, "An unexpected error occurred"),
    (-101, "Unexpected system error"),
    (-103, "The operation timed out"),
    (-200, "Authentication failed"),
    (-519, "Invalid epacsReference"),
    (-520, "epacsReference could not be found"),
    (
        -800,
        "There was a problem processing the payment instructions",
    ),
    (-835, "BankCode field cannot exceed 50 characters in length"),
    (
        -836,
        "AccountNumber field cannot exceed 255 characters in length",
    ),
    (
        -837,
        "AccountPassword field cannot exceed 255 characters in length",
    ),
    (
        -838,
        "PaymentChannel field cannot exceed 50 characters in length",
    ),
    (-839, "LanguageCode field should be 2 characters in length"),
    (
        -840,
        "FirstName field cannot exceed 50 characters in length",
    ),
    (-841, "LastName field cannot exceed 50 characters in length"),
    (-842, "Phone field cannot exceed 20 characters in length"),
    (
        -843,
        "Address1 field cannot exceed 100 characters in length",
    ),
    (
        -844,
        "Address2 field cannot exceed 100 characters in length",
    ),
    (-845, "City field cannot exceed 50 characters in length"),
    (-846, "State field cannot exceed 50 characters in length"),
    (
        -847,
        "Customer Country field should be empty or 2 characters in length",
    ),
    (-848, "Postcode field cannot exceed 20 characters in length"),
    (
        -849,
        "CustomerRef field cannot exceed 50 characters in length",
    ),
    (-868, "Authentication field is required"),
    (-869, "Username field is required"),
    (-870, "Password field is required"),
    (-871, "OneClickServiceInfo field is required"),
    (-872, "ServiceName field is required"),
    (-873, "ServiceName field failed validation check"),
    (-874, "PaymentData field is required"),
    (-875, "CustomerRef field is required"),
    (-876, "Country field is required"),
    (-877, "Country field should be 2 characters in length"),
    (-878, "Country field failed validation check"),
    (
        -879,
        "Amount and ReceiveAmount should be zero or a positive value",
    ),
    (
        -880,
        "Only one of Amount or ReceiveAmount fields should have a value",
    ),
    (-881, "Currency field is required"),
    (-882, "Currency field should be 3 characters in length"),
    (-883, "Currency field failed validation check"),
    (-884, "ReceiveCurrency field is required"),
    (
        -885,
        "ReceiveCurrency field should be 3 characters in length",
    ),
    (-886, "ReceiveCurrency field failed validation check"),
    (-887, "CustomerData field is required"),
    (-888, "Email field is required"),
    (-889, "Email field failed validation check"),
    (
        -890,
        "Email field should be between 5 and 255 characters in length",
    ),
    (-891, "SuccessUrl field is required"),
    (-892, "CancelUrl field is required"),
    (-893, "ErrorUrl field is required"),
    (
        -894,
        "CustomerLevel field cannot exceed 50 characters in length",
    ),
    (
        -895,
        "CustomerId field cannot exceed 50 characters in length",
    ),
    (
        -896,
        "ServiceName field cannot exceed 50 characters in length",
    ),
    (
        -897,
        "successUrl field cannot exceed 300 characters in length",
    ),
    (
        -898,
        "cancelUrl field cannot exceed 300 characters in length",
    ),
    (
        -899,
        "errorUrl field cannot exceed 300 characters in length",
    ),
];

/// The table's message for an Envoy code.
pub fn envoy_message(code: i64) -> Option<&'static str> {
    ENVOY_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, m)| *m)
}

/// Where a provider code was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeSource {
    /// `state/paymentStateDetails`.
    PaymentStateDetails,
    /// `paymentDetails`.
    PaymentDetails,
}

/// Which pair of items carried the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeItem {
    /// `ProviderResponseCode` / `ProviderResponseMessage`.
    ProviderResponse,
    /// `ProviderStatus` / `ProviderStatusMessage`.
    ProviderStatus,
}

impl CodeItem {
    /// The key of the code item (`ProviderResponseCode`, `ProviderStatus`).
    pub fn code_key(self) -> &'static str {
        match self {
            CodeItem::ProviderResponse => "ProviderResponseCode",
            CodeItem::ProviderStatus => "ProviderStatus",
        }
    }
    /// The key of the message item (`ProviderResponseMessage`, `ProviderStatusMessage`).
    pub fn message_key(self) -> &'static str {
        match self {
            CodeItem::ProviderResponse => "ProviderResponseMessage",
            CodeItem::ProviderStatus => "ProviderStatusMessage",
        }
    }
}

/// A provider code found in a payment's key/value lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderCode {
    /// Which list the code was found in.
    pub source: CodeSource,
    /// Which pair of items carried it.
    pub item: CodeItem,
    /// The code's text as received (trimmed).
    pub code: String,
    /// The code as an integer, when it is one.
    pub code_int: Option<i64>,
    /// The accompanying message item as received, if present.
    pub message: Option<String>,
    /// The Envoy table's message for this code, if the code is in the table.
    pub known_message: Option<&'static str>,
}
