//! What an HTTP client needs to send a request: the operation URL, the `Authorization`
//! header, the content type. The library performs no I/O.

use crate::error::{Error, Result};
use crate::secret::SecretKey;
use base64::Engine;
use std::fmt;
use zeroize::Zeroizing;

/// The documented test base URL. There is deliberately no production default: confirm it with PXP.
pub const TEST_BASE_URL: &str =
    "https://api.test.kalixa.com/PaymentRedirectionService/PaymentService.svc/pox/";

/// `Content-Type` of every request and of the notification answer.
pub const CONTENT_TYPE: &str = "application/xml; charset=utf-8";

/// The operations this library builds bodies for (or parses answers of).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `initiatePayment`: create a payment and get the redirect URL.
    InitiatePayment,
    /// `getPayments`: the payments of one `merchantTransactionID`.
    GetPayments,
    /// `executePaymentAction`: an action on an existing payment.
    ExecutePaymentAction,
}

crate::wire::wire_names!(Operation, "operation", {
    InitiatePayment => "initiatePayment",
    GetPayments => "getPayments",
    ExecutePaymentAction => "executePaymentAction",
});

impl Operation {
    /// The operation's name in the URL (`initiatePayment`), as [`as_str`](Self::as_str).
    pub fn name(self) -> &'static str {
        self.as_str()
    }
}

/// A configured base URL (`…/PaymentService.svc/pox/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    base: String,
}

impl Endpoint {
    /// Accepts an absolute http(s) URL without whitespace; a missing trailing `/` is added.
    pub fn new(base: &str) -> Result<Endpoint> {
        if let Some(why) =
            crate::cqr::initiate::url_problem(base).filter(|w| !w.starts_with("longer"))
        {
            return Err(Error::field("base_url", why));
        }
        let mut b = base.to_string();
        if !b.ends_with('/') {
            b.push('/');
        }
        Ok(Endpoint { base: b })
    }

    /// The documented test endpoint.
    pub fn test() -> Endpoint {
        Endpoint {
            base: TEST_BASE_URL.to_string(),
        }
    }

    /// The base URL, always ending in `/`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// `{base}{operation}`.
    pub fn url(&self, op: Operation) -> String {
        format!("{}{}", self.base, op.name())
    }

    /// `{base}{operation}` for an operation given by name, as the bindings take it: a name
    /// other than `initiatePayment`, `getPayments` or `executePaymentAction` is a `Validation`
    /// error with path `operation`.
    pub fn url_of(&self, operation: &str) -> Result<String> {
        let op: Operation = operation
            .parse()
            .map_err(|e: Error| e.with_path("operation"))?;
        Ok(self.url(op))
    }
}

/// An `Authorization` header value; redacted in `Debug`/`Display`, wiped on drop.
#[derive(Clone)]
pub struct AuthorizationHeader(Zeroizing<String>);

impl AuthorizationHeader {
    /// The header value to send (`Basic …`). Treat it as a secret.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AuthorizationHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthorizationHeader(<redacted>)")
    }
}

/// `Basic base64(user:password)` (RFC 7617). The user name must be non-empty and contain no `:`
/// or control characters; the password must be non-empty (the inbound check,
/// [`BasicCredentials`](crate::cqr::BasicCredentials), refuses empty credentials too).
pub fn basic_authorization(user: &str, password: &SecretKey) -> Result<AuthorizationHeader> {
    if user.is_empty() {
        return Err(Error::field("user", "required"));
    }
    if password.is_empty() {
        return Err(Error::field("password", "required"));
    }
    if user.contains(':') || user.chars().any(char::is_control) {
        return Err(Error::field(
            "user",
            "must not contain ':' or control characters",
        ));
    }
    if password.expose().iter().any(|&b| b < 0x20 || b == 0x7F) {
        return Err(Error::field(
            "password",
            "must not contain control characters",
        ));
    }
    let mut raw = Zeroizing::new(Vec::with_capacity(user.len() + 1 + password.len()));
    raw.extend_from_slice(user.as_bytes());
    raw.push(b':');
    raw.extend_from_slice(password.expose());
    let mut out = Zeroizing::new(String::from("Basic "));
    base64::engine::general_purpose::STANDARD.encode_string(&*raw, &mut out);
    Ok(AuthorizationHeader(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_by_name() {
        let ep = Endpoint::test();
        for op in Operation::ALL {
            assert_eq!(ep.url_of(op.as_str()).unwrap(), ep.url(*op));
        }
        for bad in ["", "InitiatePayment", "refund"] {
            let e = ep.url_of(bad).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Validation);
            assert_eq!(e.path(), Some("operation"));
        }
    }

    #[test]
    fn urls_and_header() {
        assert_eq!(
            Endpoint::test().url(Operation::GetPayments),
            "https://api.test.kalixa.com/PaymentRedirectionService/PaymentService.svc/pox/getPayments"
        );
        assert_eq!(
            Endpoint::new("https://x/pox")
                .unwrap()
                .url(Operation::InitiatePayment),
            "https://x/pox/initiatePayment"
        );
        assert!(Endpoint::new("ftp://x/").is_err());
        let h = basic_authorization("Aladdin", &SecretKey::from("open sesame")).unwrap();
        assert_eq!(h.as_str(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert!(!format!("{h:?}").contains("QWxh"));
        assert!(basic_authorization("a:b", &SecretKey::from("x")).is_err());
        for (user, password, path) in [
            ("", "pw", "user"),
            ("pxp", "", "password"),
            ("", "", "user"),
        ] {
            let e = basic_authorization(user, &SecretKey::from(password)).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Validation);
            assert_eq!(e.path(), Some(path));
        }
    }
}
