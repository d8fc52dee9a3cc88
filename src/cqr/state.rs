//! QiwiDeposit payment states: known names, the derived outcome, and the idempotency key.

use serde::Serialize;
use std::fmt;

/// The class a state key belongs to. The key decides; the name is informative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 29 DepositedByProvider: the money arrived.
    Completed,
    /// A final failure (4, 100, 102, 113, 152, 225, 229, 368, 369, 121, 202, 212, 213, 276).
    Failed,
    /// Not final: 30, 120, 232, 233, 321 and every unknown key.
    Pending,
}

crate::wire::wire_names!(Outcome, "outcome", {
    Completed => "completed",
    Failed => "failed",
    Pending => "pending",
});

impl Outcome {
    /// The wire name (same as `as_str`).
    pub fn name(self) -> &'static str {
        self.as_str()
    }

    /// Completed and failed are final classes.
    pub fn is_final(self) -> bool {
        !matches!(self, Outcome::Pending)
    }
}

/// Known state keys, their names and classes (sorted by key).
pub(crate) const STATES: &[(i64, &str, Outcome)] = &[
    (4, "InitiateErrorReportedByProvider", Outcome::Failed),
    (29, "DepositedByProvider", Outcome::Completed),
    (30, "RedirectURLCreated", Outcome::Pending),
    (100, "RefusedByProvider", Outcome::Failed),
    (102, "Expired", Outcome::Failed),
    (113, "Cancelled", Outcome::Failed),
    (120, "PendingOnProvider", Outcome::Pending),
    (121, "RefusedByPaymentScoring", Outcome::Failed),
    (152, "DepositErrorReportedByProvider", Outcome::Failed),
    (202, "BlockedByPaymentScoring", Outcome::Failed),
    (212, "BlockedByMerchantScoring", Outcome::Failed),
    (213, "RefusedByMerchantScoring", Outcome::Failed),
    (225, "ValidationFailed", Outcome::Failed),
    (
        229,
        "RefusedByProviderUserEnteredWrongData",
        Outcome::Failed,
    ),
    (232, "Created", Outcome::Pending),
    (233, "ProviderCommunicationErrorOccurred", Outcome::Pending),
    (276, "RefusedByPaymentScoringPhase2", Outcome::Failed),
    (
        321,
        "QueryPaymentStateCommunicationErrorOccurred",
        Outcome::Pending,
    ),
    (368, "DuplicatePaymentValidationFailed", Outcome::Failed),
    (369, "DuplicatePaymentValidationFailed", Outcome::Failed),
];

/// State 30, the redirect URL was created.
pub(crate) const STATE_REDIRECT_URL_CREATED: i64 = 30;

fn lookup(key: i64) -> Option<&'static (i64, &'static str, Outcome)> {
    STATES
        .binary_search_by(|(k, _, _)| k.cmp(&key))
        .ok()
        .and_then(|i| STATES.get(i))
}

/// The library's name for a known state key.
pub fn state_name(key: i64) -> Option<&'static str> {
    lookup(key).map(|s| s.1)
}

/// The class of a state key; unknown keys are pending.
pub fn outcome_of(key: i64) -> Outcome {
    lookup(key).map(|s| s.2).unwrap_or(Outcome::Pending)
}

/// Whether the key is 368 or 369 (a payment with this merchantTransactionID already exists).
pub(crate) fn is_duplicate(key: i64) -> bool {
    matches!(key, 368 | 369)
}

/// Identifies one state change of one payment: (`paymentID`, state key, `state/id`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdempotencyKey {
    /// `paymentID`.
    pub payment_id: String,
    /// `state/definition/key`.
    pub state_key: i64,
    /// `state/id`: PXP's id of this state change.
    pub state_id: String,
}

fn escape_part(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '/' => out.push_str("%2F"),
            c => out.push(c),
        }
    }
}

impl IdempotencyKey {
    /// Stable text form `paymentID/stateKey/stateID`, with `%` and `/` inside the ids written
    /// as `%25` and `%2F` so the form is unambiguous.
    pub fn to_key_string(&self) -> String {
        let mut s = String::with_capacity(self.payment_id.len() + self.state_id.len() + 8);
        escape_part(&self.payment_id, &mut s);
        s.push('/');
        s.push_str(&self.state_key.to_string());
        s.push('/');
        escape_part(&self.state_id, &mut s);
        s
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_key_string())
    }
}

impl Serialize for IdempotencyKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_key_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_agree_with_serde() {
        crate::wire::tests::check_serde_agrees(Outcome::ALL);
    }

    #[test]
    fn table() {
        for w in STATES.windows(2) {
            assert!(w[0].0 < w[1].0);
        }
        assert_eq!(outcome_of(29), Outcome::Completed);
        assert_eq!(outcome_of(369), Outcome::Failed);
        assert_eq!(outcome_of(321), Outcome::Pending);
        assert_eq!(outcome_of(999), Outcome::Pending);
        assert_eq!(outcome_of(-1), Outcome::Pending);
        assert_eq!(state_name(113), Some("Cancelled"));
        assert_eq!(state_name(7), None);
        let failed = [
            4, 100, 102, 113, 152, 225, 229, 368, 369, 121, 202, 212, 213, 276,
        ];
        assert!(failed.iter().all(|&k| outcome_of(k) == Outcome::Failed));
        assert!([30, 120, 232, 233, 321]
            .iter()
            .all(|&k| outcome_of(k) == Outcome::Pending));
    }

    #[test]
    fn key_string() {
        let k = IdempotencyKey {
            payment_id: "a/b%".into(),
            state_key: 29,
            state_id: "x".into(),
        };
        assert_eq!(k.to_key_string(), "a%2Fb%25/29/x");
    }
}
