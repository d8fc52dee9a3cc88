//! Secret material: redacted in every formatting path, wiped from memory on drop.

use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A shared secret (Gate project secret key, Basic-auth password).
///
/// `Debug` and `Display` never show the bytes; the buffer is zeroized when dropped.
/// There is deliberately no `Serialize`, `PartialEq` or `as_str`.
#[derive(Clone)]
pub struct SecretKey(Zeroizing<Vec<u8>>);

impl SecretKey {
    /// Takes the secret's bytes (moved in, never copied by the library; wiped on drop).
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        SecretKey(Zeroizing::new(bytes.into()))
    }

    /// Only for computing MACs and constant-time comparisons inside the crate.
    pub(crate) fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Whether the secret has no bytes (the signers refuse an empty one).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The secret's length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl From<&str> for SecretKey {
    fn from(s: &str) -> Self {
        SecretKey::new(s.as_bytes().to_vec())
    }
}

impl From<&[u8]> for SecretKey {
    fn from(s: &[u8]) -> Self {
        SecretKey::new(s.to_vec())
    }
}

impl From<String> for SecretKey {
    fn from(s: String) -> Self {
        SecretKey::new(s.into_bytes())
    }
}

/// Wipes the bytes now (the key is empty afterwards). Dropping a `SecretKey` does the same.
impl Zeroize for SecretKey {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

/// The buffer is wiped on drop (it is held in [`Zeroizing`]).
impl ZeroizeOnDrop for SecretKey {}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_never_shows_secret() {
        let s = SecretKey::from("hunter2-very-secret");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!format!("{s}").contains("hunter2"));
        assert!(!format!("{s:#?}").contains("hunter2"));
        assert_eq!(s.expose(), b"hunter2-very-secret");
    }

    #[test]
    fn zeroizing_wrapper_wipes_buffer() {
        let mut v = Zeroizing::new(b"abc".to_vec());
        v.zeroize();
        assert!(v.iter().all(|b| *b == 0));
    }
}
