//! HMAC-SHA512 signing and verification of Gate messages (gate.md §2.4, §2.5).

use super::flat_fast::flatten_into;
use super::json::{parse_object, JsonLimits, Value};
use super::stamp::{
    candidates_from, signing_stamp, Flat, SchemaNode, StampVariant, GENERAL_KEY, SIGNATURE_KEY,
};
use crate::error::{Error, ErrorKind, Result};
use crate::secret::SecretKey;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha512;
use std::borrow::Cow;
use subtle::ConstantTimeEq;

/// Proof that a message verified, and which accepted way of writing the stamp matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Verified {
    /// The stamp variant whose signature matched ([`StampVariant::CANONICAL`] for a
    /// conforming sender).
    #[serde(flatten)]
    pub variant: StampVariant,
}

impl Verified {
    /// True when the canonical stamp matched (byte order, exact numbers).
    pub fn is_canonical(&self) -> bool {
        self.variant.is_canonical()
    }
}

/// Signs and verifies with one project's secret key. Immutable; share it freely between
/// threads.
#[derive(Clone)]
pub struct Signer {
    key: SecretKey,
    limits: JsonLimits,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("key", &self.key)
            .field("limits", &self.limits)
            .finish()
    }
}

/// The received signature: top-level `signature`, else `general.signature` (§2.4 step 2).
/// `None` when absent, not a string, or empty.
pub fn received_signature<'v>(root: &'v Value<'_>) -> Option<&'v str> {
    if !matches!(root, Value::Object(_)) {
        return None;
    }
    let found = match root.get(SIGNATURE_KEY) {
        Some(v) => v,
        None => root.get(GENERAL_KEY)?.get(SIGNATURE_KEY)?,
    };
    match found {
        Value::String(s) if !s.is_empty() => Some(s),
        _ => None,
    }
}

impl Signer {
    /// A signer for `secret` (the project's secret key). An empty secret is refused.
    pub fn new(secret: impl Into<SecretKey>) -> Result<Signer> {
        let key = secret.into();
        if key.is_empty() {
            return Err(Error::validation("the secret key must not be empty").with_path("secret"));
        }
        Ok(Signer {
            key,
            limits: JsonLimits::default(),
        })
    }

    /// Replaces the parse limits used by the `*_json` methods and the message parsers.
    pub fn with_limits(mut self, limits: JsonLimits) -> Signer {
        self.limits = limits;
        self
    }

    /// The parse limits the signer applies to messages it reads.
    pub fn limits(&self) -> &JsonLimits {
        &self.limits
    }

    fn mac(&self, stamp: &[u8]) -> [u8; 64] {
        // new_from_slice accepts any key length for HMAC; the fallback is unreachable.
        let mut mac = match Hmac::<Sha512>::new_from_slice(self.key.expose()) {
            Ok(m) => m,
            Err(_) => return [0u8; 64],
        };
        mac.update(stamp);
        mac.finalize().into_bytes().into()
    }

    /// Base64 HMAC-SHA512 of an already built stamp.
    pub fn sign_stamp(&self, stamp: &str) -> String {
        STANDARD.encode(self.mac(stamp.as_bytes()))
    }

    /// Signs a host data tree: floats are refused, `signature` members are left out.
    pub fn sign_value(&self, root: &Value<'_>) -> Result<String> {
        if !matches!(root, Value::Object(_)) {
            return Err(Error::validation("signed parameters must be a JSON object"));
        }
        Ok(self.sign_stamp(&signing_stamp(root)?))
    }

    /// Signs a JSON object given as text.
    pub fn sign_json(&self, json: &[u8]) -> Result<String> {
        let root = parse_object(json, &self.limits)?;
        self.sign_value(&root)
    }

    /// Signs `root` and stores the signature at `general.signature` (Gate requests, §2.5 step 3).
    /// Returns the serialised body.
    ///
    /// A top-level `signature` member is dropped from the body: it is not signed data (§2.5
    /// step 1), and verification reads it before `general.signature` (§2.4 step 2), so a stale
    /// one left in place would make the request we send fail its own verification.
    pub fn sign_request(&self, mut root: Value<'_>) -> Result<String> {
        let signature = self.sign_value(&root)?;
        let members = match &mut root {
            Value::Object(m) => m,
            _ => return Err(Error::validation("a Gate request must be a JSON object")),
        };
        members.retain(|(k, _)| k != SIGNATURE_KEY);
        let general = match members.iter_mut().find(|(k, _)| k == "general") {
            Some((_, v)) => v,
            None => {
                members.insert(0, (Cow::Borrowed("general"), Value::Object(Vec::new())));
                &mut members[0].1
            }
        };
        match general {
            Value::Object(g) => {
                g.retain(|(k, _)| k != SIGNATURE_KEY);
                g.push((
                    Cow::Borrowed(SIGNATURE_KEY),
                    Value::String(Cow::Owned(signature)),
                ));
            }
            _ => return Err(Error::field("general", "must be an object")),
        }
        Ok(root.to_json())
    }

    /// Verifies a parsed message against its own signature (§2.4). `MissingSignature` or
    /// `SignatureMismatch` when it does not verify; the message never says what was expected.
    pub fn verify_value(&self, root: &Value<'_>) -> Result<Verified> {
        let flat = Flat::build(root, None)?;
        self.verify_flat(&flat, || candidates_from(&flat))
    }

    /// Parses and verifies a raw body.
    pub fn verify_json(&self, json: &[u8]) -> Result<Verified> {
        self.verify_flat_with(json, None, |verified, _| Ok(verified))
    }

    /// Parses, flattens and verifies raw bytes in one pass, then hands the flat entries to
    /// `read` for typed extraction (the entries stay where they were built).
    pub(crate) fn verify_flat_with<'b, T>(
        &self,
        json: &'b [u8],
        schema: Option<&'static SchemaNode>,
        read: impl FnOnce(Verified, &Flat<'b>) -> Result<T>,
    ) -> Result<T> {
        let mut fast = Flat::empty(None);
        let general;
        let flat = if flatten_into(json, &self.limits, schema, &mut fast).is_some() {
            &fast
        } else {
            general = Flat::parse_general(json, &self.limits, schema)?;
            &general
        };
        let verified = self.verify_flat(flat, || {
            if flat.has_paths() {
                return candidates_from(flat);
            }
            // The fast path kept the canonical stamp only: the variants come from the
            // general path (only reached when the canonical stamp did not match).
            match Flat::parse_general(json, &self.limits, schema) {
                Ok(full) => candidates_from(&full),
                Err(_) => Vec::new(),
            }
        })?;
        read(verified, flat)
    }

    /// Checks the canonical stamp first; only on a mismatch are the variants computed.
    fn verify_flat<F>(&self, flat: &Flat<'_>, variants: F) -> Result<Verified>
    where
        F: FnOnce() -> Vec<(StampVariant, String)>,
    {
        let received = flat.received_signature().ok_or_else(|| {
            Error::new(
                ErrorKind::MissingSignature,
                "the message has no signature (expected a non-empty string at `signature` or `general.signature`)",
            )
        })?;
        let received = received.as_bytes();
        if self.matches(&flat.canonical_bytes(), received) {
            return Ok(Verified {
                variant: StampVariant::CANONICAL,
            });
        }
        // Every candidate is compared, so the time taken does not depend on which one matched.
        let mut found = None;
        for (variant, stamp) in variants().into_iter().skip(1) {
            if self.matches(&stamp, received) && found.is_none() {
                found = Some(variant);
            }
        }
        found
            .map(|variant| Verified { variant })
            .ok_or_else(|| Error::new(ErrorKind::SignatureMismatch, "signature does not match"))
    }

    fn matches(&self, stamp: &(impl AsRef<[u8]> + ?Sized), received: &[u8]) -> bool {
        let mut expected = [0u8; SIGNATURE_LEN];
        let n = STANDARD
            .encode_slice(self.mac(stamp.as_ref()), &mut expected)
            .unwrap_or(0);
        // Lengths are public (always 88 for a correct signature); the content is compared
        // in constant time, eight bytes at a time.
        if n != SIGNATURE_LEN || received.len() != SIGNATURE_LEN {
            return false;
        }
        let expected = words(&expected);
        let received = &words(received)[..];
        bool::from(expected[..].ct_eq(received))
    }
}

/// Length of a Base64 HMAC-SHA512 signature.
const SIGNATURE_LEN: usize = 88;

/// A signature's bytes as words, for the constant-time comparison (`bytes` is
/// `SIGNATURE_LEN` long; a shorter tail would be zero-filled).
fn words(bytes: &[u8]) -> [u64; SIGNATURE_LEN / 8] {
    let mut out = [0u64; SIGNATURE_LEN / 8];
    for (word, chunk) in out.iter_mut().zip(bytes.chunks(8)) {
        let mut b = [0u8; 8];
        b[..chunk.len()].copy_from_slice(chunk);
        *word = u64::from_le_bytes(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secret() {
        let s = Signer::new("top-secret-value").unwrap();
        assert!(!format!("{s:?}").contains("top-secret"));
    }

    #[test]
    fn empty_secret_refused() {
        assert_eq!(Signer::new("").unwrap_err().kind(), ErrorKind::Validation);
    }

    #[test]
    fn sign_then_verify() {
        let s = Signer::new("secret").unwrap();
        let body = s
            .sign_request(
                parse_object(
                    br#"{"general":{"project_id":1,"payment_id":"p"},"x":[1,true,null]}"#,
                    &JsonLimits::default(),
                )
                .unwrap(),
            )
            .unwrap();
        let v = s.verify_json(body.as_bytes()).unwrap();
        assert!(v.is_canonical());
        let tampered = body.replace("\"p\"", "\"q\"");
        assert_eq!(
            s.verify_json(tampered.as_bytes()).unwrap_err().kind(),
            ErrorKind::SignatureMismatch
        );
    }

    #[test]
    fn sign_request_drops_a_stale_top_level_signature() {
        let s = Signer::new("secret").unwrap();
        let stale = br#"{"signature":"stale","general":{"project_id":1,"signature":"old"},"x":1}"#;
        let body = s
            .sign_request(parse_object(stale, &JsonLimits::default()).unwrap())
            .unwrap();
        assert!(
            !body.contains("stale") && !body.contains("\"old\""),
            "{body}"
        );
        assert!(s.verify_json(body.as_bytes()).unwrap().is_canonical());
    }

    #[test]
    fn missing_signature_kinds() {
        let s = Signer::new("secret").unwrap();
        for body in [
            r#"{"a":1}"#,
            r#"{"signature":""}"#,
            r#"{"signature":5}"#,
            r#"{"general":{"signature":null}}"#,
            r#"{"signature":null,"general":{"signature":"x"}}"#,
        ] {
            assert_eq!(
                s.verify_json(body.as_bytes()).unwrap_err().kind(),
                ErrorKind::MissingSignature,
                "{body}"
            );
        }
    }
}
