//! Shared helpers for the fuzz targets: the fixed fuzzing key, error-shape checks and re-signing.
#![allow(dead_code)]

use qiwi_merchant::gate::parse_json_object as parse_object;
use qiwi_merchant::gate::{JsonLimits, Signer, Value};
use qiwi_merchant::{Error, ErrorKind, Limit};
use std::borrow::Cow;
use std::cell::Cell;
use std::sync::OnceLock;

thread_local! {
    /// Whether the current input itself contains the secret (libFuzzer's comparison tracing
    /// can lift it from the harness's own checks); then an error echoing the input is no leak.
    static INPUT_HAS_SECRET: Cell<bool> = const { Cell::new(false) };
}

pub fn input_has_secret() -> bool {
    INPUT_HAS_SECRET.with(Cell::get)
}

/// Call first in every target with the raw input.
pub fn set_input(data: &[u8]) {
    let has = data.windows(SECRET.len()).any(|w| w == SECRET.as_bytes());
    INPUT_HAS_SECRET.with(|c| c.set(has));
}

/// The fuzzing key. It appears in no vector or corpus file, so no raw fuzz input can carry a
/// valid MAC for it: a raw input that verifies is a forgery.
pub const SECRET: &str = "fuzz-only-secret-7f3a9c1e-never-in-a-corpus";

pub fn signer() -> &'static Signer {
    static S: OnceLock<Signer> = OnceLock::new();
    S.get_or_init(|| Signer::new(SECRET).expect("non-empty secret"))
}

/// A second key, for "verifies only under the key that signed" checks.
pub fn other_signer() -> &'static Signer {
    static S: OnceLock<Signer> = OnceLock::new();
    S.get_or_init(|| Signer::new("another-fuzz-secret").expect("non-empty secret"))
}

/// Small limits, so the limit paths are hit by small inputs.
pub const TINY: JsonLimits = JsonLimits {
    max_body_bytes: 512,
    max_depth: 4,
    max_items: 24,
    max_string_bytes: 24,
};

/// Every error has a known kind, a non-empty message without the secret, and names a limit
/// exactly when it is `LimitExceeded`.
pub fn check_error(e: &Error) {
    assert!(ErrorKind::ALL.contains(&e.kind()), "unknown kind {e:?}");
    assert_eq!(ErrorKind::from_code(e.code()), Some(e.kind()));
    assert!(!e.message().is_empty(), "empty message: {e:?}");
    assert_eq!(
        e.kind() == ErrorKind::LimitExceeded,
        e.limit_hit().is_some(),
        "limit named iff LimitExceeded: {e:?}"
    );
    if !input_has_secret() {
        let text = format!("{e} {e:?}");
        assert!(!text.contains(SECRET), "secret in error: {text}");
    }
}

/// A limit error naming `limit`.
pub fn assert_limit(e: &Error, limit: Limit) {
    assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{e:?}");
    assert_eq!(e.limit_hit(), Some(limit), "{e:?}");
}

/// Signature failures: what a mutated or unsigned message may legitimately produce.
pub fn is_signature_error(e: &Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::MissingSignature | ErrorKind::SignatureMismatch
    )
}

/// Re-signs a JSON object with [`signer`]: parses it, drops the top-level `signature`,
/// signs, and appends the fresh signature as the top-level `signature` member (as Gate sends
/// callbacks). `None` when the input is not a signable object.
pub fn resign(data: &[u8]) -> Option<String> {
    resign_with(data, |sig| sig.to_string())
}

/// Like [`resign`] but stores `tamper(signature)` instead of the signature.
pub fn resign_with(data: &[u8], tamper: impl FnOnce(&str) -> String) -> Option<String> {
    let mut root = parse_object(data, &JsonLimits::default()).ok()?;
    if let Value::Object(members) = &mut root {
        members.retain(|(k, _)| k != "signature");
    }
    let sig = signer().sign_value(&root).ok()?;
    if let Value::Object(members) = &mut root {
        members.push((
            Cow::Borrowed("signature"),
            Value::String(Cow::Owned(tamper(&sig))),
        ));
    }
    Some(root.to_json())
}

/// A different but well-formed Base64 signature (first character changed).
pub fn flip_first(sig: &str) -> String {
    let mut s = sig.to_string();
    let first = if s.starts_with('A') { "B" } else { "A" };
    s.replace_range(0..1, first);
    s
}

/// The JSON texts the library writes must be valid JSON.
pub fn assert_json(text: &str) {
    if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
        panic!("library wrote invalid JSON ({e}): {text}");
    }
}
