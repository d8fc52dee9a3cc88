//! Gate payment statuses and the outcome derived from them (gate.md §4.4).

use serde::Serialize;

/// What a status means for the shop's books.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The payment or payout went through (`success`).
    Completed,
    /// The payment ended without money (`decline`, `error`, `canceled`, `expired`, …).
    Failed,
    /// Not decided yet (`awaiting …`, `processing`, or a status the library does not know).
    Pending,
    /// Money went back to the customer in full or in part (`refunded`, `partially refunded`).
    Refunded,
    /// The payment was reversed in full or in part (`reversed`, `partially reversed`).
    Reversed,
}

crate::wire::wire_names!(Outcome, "outcome", {
    Completed => "completed",
    Failed => "failed",
    Pending => "pending",
    Refunded => "refunded",
    Reversed => "reversed",
});

impl Outcome {
    /// True for outcomes that end the payment (everything but pending).
    pub fn is_final(self) -> bool {
        self != Outcome::Pending
    }
}

/// Known Gate statuses; `Unknown` keeps anything else (never an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    /// `success` → completed.
    Success,
    /// `decline` → failed.
    Decline,
    /// `error` → failed.
    Error,
    /// `canceled` → failed.
    Canceled,
    /// `cancelled` (British spelling, also sent) → failed.
    Cancelled,
    /// `expired` → failed.
    Expired,
    /// `internal error` → failed.
    InternalError,
    /// `external error` → failed.
    ExternalError,
    /// `awaiting 3ds result` → pending.
    Awaiting3dsResult,
    /// `awaiting redirect result` → pending.
    AwaitingRedirectResult,
    /// `awaiting customer` → pending.
    AwaitingCustomer,
    /// `awaiting clarification` → pending.
    AwaitingClarification,
    /// `awaiting capture` → pending.
    AwaitingCapture,
    /// `processing` → pending.
    Processing,
    /// `refunded` → refunded.
    Refunded,
    /// `partially refunded` → refunded.
    PartiallyRefunded,
    /// `reversed` → reversed.
    Reversed,
    /// `partially reversed` → reversed.
    PartiallyReversed,
    /// Any other text (kept in [`Status::raw`]) → pending; never an error.
    Unknown,
}

crate::wire::wire_names!(StatusKind, "status kind", {
    Success => "success",
    Decline => "decline",
    Error => "error",
    Canceled => "canceled",
    Cancelled => "cancelled",
    Expired => "expired",
    InternalError => "internal_error",
    ExternalError => "external_error",
    Awaiting3dsResult => "awaiting3ds_result",
    AwaitingRedirectResult => "awaiting_redirect_result",
    AwaitingCustomer => "awaiting_customer",
    AwaitingClarification => "awaiting_clarification",
    AwaitingCapture => "awaiting_capture",
    Processing => "processing",
    Refunded => "refunded",
    PartiallyRefunded => "partially_refunded",
    Reversed => "reversed",
    PartiallyReversed => "partially_reversed",
    Unknown => "unknown",
});

const TABLE: &[(&str, StatusKind, Outcome)] = &[
    ("success", StatusKind::Success, Outcome::Completed),
    ("decline", StatusKind::Decline, Outcome::Failed),
    ("error", StatusKind::Error, Outcome::Failed),
    ("canceled", StatusKind::Canceled, Outcome::Failed),
    ("cancelled", StatusKind::Cancelled, Outcome::Failed),
    ("expired", StatusKind::Expired, Outcome::Failed),
    ("internal error", StatusKind::InternalError, Outcome::Failed),
    ("external error", StatusKind::ExternalError, Outcome::Failed),
    (
        "awaiting 3ds result",
        StatusKind::Awaiting3dsResult,
        Outcome::Pending,
    ),
    (
        "awaiting redirect result",
        StatusKind::AwaitingRedirectResult,
        Outcome::Pending,
    ),
    (
        "awaiting customer",
        StatusKind::AwaitingCustomer,
        Outcome::Pending,
    ),
    (
        "awaiting clarification",
        StatusKind::AwaitingClarification,
        Outcome::Pending,
    ),
    (
        "awaiting capture",
        StatusKind::AwaitingCapture,
        Outcome::Pending,
    ),
    ("processing", StatusKind::Processing, Outcome::Pending),
    ("refunded", StatusKind::Refunded, Outcome::Refunded),
    (
        "partially refunded",
        StatusKind::PartiallyRefunded,
        Outcome::Refunded,
    ),
    ("reversed", StatusKind::Reversed, Outcome::Reversed),
    (
        "partially reversed",
        StatusKind::PartiallyReversed,
        Outcome::Reversed,
    ),
];

/// A status as received (raw text kept) with its classification.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Status {
    /// The value exactly as the platform sent it.
    pub raw: String,
    /// Which known status it is ([`StatusKind::Unknown`] for any other text).
    pub kind: StatusKind,
    /// What it means for the shop's books.
    pub outcome: Outcome,
}

impl Status {
    /// Classifies a status, comparing ASCII case-insensitively. Unknown → pending.
    pub fn parse(raw: &str) -> Status {
        let (kind, outcome) = classify(raw);
        Status {
            raw: raw.to_string(),
            kind,
            outcome,
        }
    }

    /// The status text exactly as received.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Whether the library knows the status (an unknown one is treated as pending).
    pub fn is_known(&self) -> bool {
        self.kind != StatusKind::Unknown
    }

    /// The platform's own spelling of a known status (`"SUCCESS"` → `"success"`,
    /// `"Internal Error"` → `"internal error"`); `None` for an unknown status. Bindings map a
    /// status to their enum member with this text instead of folding case themselves.
    pub fn canonical(&self) -> Option<&'static str> {
        self.kind.wire_text()
    }
}

/// A status text's kind and outcome, without keeping the text (no allocation: the callback
/// derives its outcome at parse time and builds the [`Status`] only when read).
pub(crate) fn classify(raw: &str) -> (StatusKind, Outcome) {
    TABLE
        .iter()
        .find(|(name, _, _)| name.eq_ignore_ascii_case(raw))
        .map(|(_, k, o)| (*k, *o))
        .unwrap_or((StatusKind::Unknown, Outcome::Pending))
}

impl StatusKind {
    /// The status text the platform sends for this kind (`"internal error"` for
    /// `InternalError`; `as_str` is the snake_case name); `None` for `Unknown`.
    pub fn wire_text(self) -> Option<&'static str> {
        TABLE
            .iter()
            .find(|(_, kind, _)| *kind == self)
            .map(|(text, _, _)| *text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_agree_with_serde() {
        crate::wire::tests::check_serde_agrees(Outcome::ALL);
        crate::wire::tests::check_serde_agrees(StatusKind::ALL);
    }

    #[test]
    fn every_known_kind_has_wire_text_that_parses_back_to_it() {
        for &kind in StatusKind::ALL {
            match kind.wire_text() {
                Some(text) => assert_eq!(Status::parse(text).kind, kind, "{text}"),
                None => assert_eq!(kind, StatusKind::Unknown),
            }
        }
    }

    #[test]
    fn classification() {
        assert_eq!(Status::parse("success").outcome, Outcome::Completed);
        assert_eq!(Status::parse("SUCCESS").outcome, Outcome::Completed);
        assert_eq!(Status::parse("SUCCESS").raw, "SUCCESS");
        assert_eq!(Status::parse("Canceled").outcome, Outcome::Failed);
        assert_eq!(Status::parse("cancelled").outcome, Outcome::Failed);
        assert_eq!(
            Status::parse("awaiting 3ds result").outcome,
            Outcome::Pending
        );
        assert_eq!(
            Status::parse("partially refunded").outcome,
            Outcome::Refunded
        );
        assert_eq!(
            Status::parse("partially reversed").outcome,
            Outcome::Reversed
        );
        assert_eq!(
            Status::parse("Internal ERROR").canonical(),
            Some("internal error")
        );
        assert_eq!(Status::parse("brand new").canonical(), None);
        let u = Status::parse("brand new");
        assert_eq!((u.kind, u.outcome), (StatusKind::Unknown, Outcome::Pending));
        assert_eq!(Status::parse(" success").kind, StatusKind::Unknown);
    }
}
