//! One error type for the whole core. `ErrorKind` codes are part of the public ABI
//! (C `qm_result`, Python `.code`, PHP `getCode()`): never renumber or reuse them.

use std::fmt;

/// Stable error categories. The numeric value is the code every binding exposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ErrorKind {
    /// Bytes are not the expected format: invalid JSON/XML/UTF-8, duplicate keys, DOCTYPE, wrong root.
    MalformedInput = 1,
    /// Well-formed input whose values break a rule (missing field, wrong type, bad amount, bad URL...).
    Validation = 2,
    /// A signature is present but does not match.
    SignatureMismatch = 3,
    /// A configured resource limit (size, depth, items, string length) was hit.
    LimitExceeded = 4,
    /// A feature or value the library deliberately does not handle (e.g. a currency without minor units).
    Unsupported = 5,
    /// A signed message carries no usable signature.
    MissingSignature = 6,
    /// A peer answered something that breaks the protocol (e.g. a different payment_id, no redirect URL).
    Protocol = 7,
    /// Authentication of an inbound request failed (Basic auth, IP allow-list).
    Unauthorized = 8,
}

impl ErrorKind {
    /// All kinds, in code order.
    pub const ALL: [ErrorKind; 8] = [
        ErrorKind::MalformedInput,
        ErrorKind::Validation,
        ErrorKind::SignatureMismatch,
        ErrorKind::LimitExceeded,
        ErrorKind::Unsupported,
        ErrorKind::MissingSignature,
        ErrorKind::Protocol,
        ErrorKind::Unauthorized,
    ];

    /// The stable numeric code.
    pub fn code(self) -> u32 {
        self as u32
    }

    /// Looks a kind up by its stable code.
    pub fn from_code(code: u32) -> Option<ErrorKind> {
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }

    /// The stable snake_case name used in CLI output and JSON documents.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::MalformedInput => "malformed_input",
            ErrorKind::Validation => "validation",
            ErrorKind::SignatureMismatch => "signature_mismatch",
            ErrorKind::LimitExceeded => "limit_exceeded",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::MissingSignature => "missing_signature",
            ErrorKind::Protocol => "protocol",
            ErrorKind::Unauthorized => "unauthorized",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which configured limit was exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// `max_body_bytes`: the input is larger than allowed.
    BodySize,
    /// `max_depth`: objects/arrays (JSON) or elements (XML) nest deeper than allowed.
    Depth,
    /// `max_items`: more values (JSON) or elements (XML) than allowed.
    Items,
    /// `max_string_bytes`: one string, key or text longer than allowed, in bytes.
    StringLength,
}

/// The deepest nesting any parser accepts, whatever `max_depth` a host configures. Parsing is
/// iterative, but the trees it builds are walked recursively (serialisation, conversion into
/// Python and PHP values, drop), so an unbounded depth would let a message exhaust the stack.
/// 256 levels fit a 512 KiB stack even in a debug build (a 1 MiB one is tested) against
/// platform messages that nest 5 deep.
pub const MAX_DEPTH_CEILING: usize = 256;

impl Limit {
    /// The depth a parser enforces for a configured `max_depth`: never above
    /// [`MAX_DEPTH_CEILING`].
    pub fn effective_depth(max_depth: usize) -> usize {
        max_depth.min(MAX_DEPTH_CEILING)
    }

    /// The stable snake_case name (`body_size`, `depth`, `items`, `string_length`), as the
    /// bindings and JSON documents show it.
    pub fn name(self) -> &'static str {
        match self {
            Limit::BodySize => "body_size",
            Limit::Depth => "depth",
            Limit::Items => "items",
            Limit::StringLength => "string_length",
        }
    }
}

/// One field-level problem; validation errors can carry several at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The input field at fault, as its JSON name or path (`user_id`, `customer.email`).
    pub field: String,
    /// What is wrong with it (`is required`, `must be a positive integer`).
    pub reason: String,
}

/// The core's error: a stable kind, a human message (never containing secrets or expected
/// signatures), an optional path of the offending value, the limit hit, and field details.
///
/// Boxed so that `Result<T, Error>` stays one word wider than `T` on the hot paths.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.message)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    message: String,
    path: Option<String>,
    limit: Option<Limit>,
    fields: Vec<FieldError>,
}

impl Error {
    /// An error of `kind` with a message for people (never put a secret in it).
    #[cold]
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
            path: None,
            limit: None,
            fields: Vec::new(),
        }))
    }

    /// A [`ErrorKind::MalformedInput`] error.
    #[cold]
    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::MalformedInput, message)
    }

    /// A [`ErrorKind::Validation`] error without field details.
    #[cold]
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Validation, message)
    }

    /// A validation error about one named field; the message reads `field: reason`.
    #[cold]
    pub fn field(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::fields(vec![FieldError {
            field: field.into(),
            reason: reason.into(),
        }])
    }

    /// A validation error listing every failed field at once.
    #[cold]
    pub fn fields(fields: Vec<FieldError>) -> Self {
        let message = fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.reason))
            .collect::<Vec<_>>()
            .join("; ");
        let path = fields.first().map(|f| f.field.clone());
        Error(Box::new(Inner {
            kind: ErrorKind::Validation,
            message,
            path,
            limit: None,
            fields,
        }))
    }

    /// A [`ErrorKind::LimitExceeded`] error naming the limit hit.
    #[cold]
    pub fn limit(limit: Limit, message: impl Into<String>) -> Self {
        let mut e = Self::new(ErrorKind::LimitExceeded, message);
        e.0.limit = Some(limit);
        e
    }

    /// Sets the path of the offending value (see [`path`](Self::path)).
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.0.path = Some(path.into());
        self
    }

    /// The stable category.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The stable numeric code of the kind (what C, Python and PHP expose).
    pub fn code(&self) -> u32 {
        self.0.kind.code()
    }

    /// The message for people; never contains a secret or an expected signature.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Path of the offending value (`payment:sum:amount`, `/payment/state/definition/key`, a field name).
    pub fn path(&self) -> Option<&str> {
        self.0.path.as_deref()
    }

    /// The limit hit, for `LimitExceeded` errors.
    pub fn limit_hit(&self) -> Option<Limit> {
        self.0.limit
    }

    /// Every failed field of a validation error, in input order (empty for other errors).
    pub fn field_errors(&self) -> &[FieldError] {
        &self.0.fields
    }
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        let expected = [
            (ErrorKind::MalformedInput, 1),
            (ErrorKind::Validation, 2),
            (ErrorKind::SignatureMismatch, 3),
            (ErrorKind::LimitExceeded, 4),
            (ErrorKind::Unsupported, 5),
            (ErrorKind::MissingSignature, 6),
            (ErrorKind::Protocol, 7),
            (ErrorKind::Unauthorized, 8),
        ];
        for (kind, code) in expected {
            assert_eq!(kind.code(), code);
            assert_eq!(ErrorKind::from_code(code), Some(kind));
        }
        assert_eq!(ErrorKind::from_code(0), None);
        assert_eq!(ErrorKind::from_code(9), None);
    }

    #[test]
    fn field_errors_join_into_message() {
        let e = Error::fields(vec![
            FieldError {
                field: "a".into(),
                reason: "required".into(),
            },
            FieldError {
                field: "b".into(),
                reason: "too long".into(),
            },
        ]);
        assert_eq!(e.kind(), ErrorKind::Validation);
        assert_eq!(e.to_string(), "a: required; b: too long");
        assert_eq!(e.path(), Some("a"));
    }
}
