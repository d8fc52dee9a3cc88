//! The account check: the platform's signed `verify` and `check_deposit` requests and the
//! shop's answers (gate.md §3). Parsing never leaves the host without an answer: a request
//! that must be refused comes back as a ready response.

use super::fields::{describe, integer_digits, member};
use super::json::{is_integer_text, parse_object, write_json_string, RawJson, Value};
use super::signer::{Signer, Verified};
use super::stamp::SIGNATURE_KEY;
use crate::error::{Error, ErrorKind, Result};
use crate::money::{truncate_for_message, Amount, Currency};
use serde::Serialize;

/// The payment method every `check_deposit` must name.
pub const PAYMENT_METHOD: &str = "qiwi-kz";

/// Answer codes of the account check.
pub mod code {
    /// 0: the account exists (`verify`) or the deposit is accepted (`check_deposit`).
    pub const OK: u16 = 0;
    /// 400: the request's signature is missing or does not match.
    pub const INVALID_SIGNATURE: u16 = 400;
    /// 404: no such customer account.
    pub const NOT_FOUND: u16 = 404;
    /// 500: any other refusal; the answer's `message` says why.
    pub const GENERAL_ERROR: u16 = 500;
}

/// `verify`: does this customer account exist?
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifyRequest {
    /// `project_id`: the shop's project at the platform (checked against the configured one).
    pub project_id: u64,
    /// `customer_id`: the account to look up (an integer is kept as its digits).
    pub customer_id: String,
    /// Members beyond the known ones (signed, passed through) as one JSON object, without the
    /// signature members (`general.signature`, and any `signature` in an object reached
    /// through objects).
    pub extra: RawJson,
    /// How the signature matched (canonical stamp or a tolerated variant).
    pub signature: Verified,
}

/// `check_deposit`: give me a payment id for this deposit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckDepositRequest {
    /// `project_id`: the shop's project at the platform (checked against the configured one).
    pub project_id: u64,
    /// `customer_id`: the account to credit (an integer is kept as its digits).
    pub customer_id: String,
    /// Minor units of `currency`.
    pub amount: i64,
    /// `currency`: ISO 4217 code of `amount`.
    pub currency: String,
    /// `payment_method`: always [`PAYMENT_METHOD`] (`qiwi-kz`) once accepted.
    pub payment_method: String,
    /// As [`VerifyRequest::extra`].
    pub extra: RawJson,
    /// How the signature matched (canonical stamp or a tolerated variant).
    pub signature: Verified,
}

impl CheckDepositRequest {
    /// The deposit amount as a typed amount.
    pub fn money(&self) -> Result<Amount> {
        Amount::from_minor(self.amount, Currency::for_amounts(&self.currency)?)
    }
}

/// A verified account-check request, ready for the shop's lookup.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AccountCheckRequest {
    /// `verify`: does this customer account exist?
    Verify(VerifyRequest),
    /// `check_deposit`: may this deposit be made, and under which payment id?
    CheckDeposit(CheckDepositRequest),
}

impl AccountCheckRequest {
    /// `customer_id` of either request.
    pub fn customer_id(&self) -> &str {
        match self {
            AccountCheckRequest::Verify(r) => &r.customer_id,
            AccountCheckRequest::CheckDeposit(r) => &r.customer_id,
        }
    }

    /// The request as JSON (`{"type": "verify" | "check_deposit", ...}`; docs/gate.md §3).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// An answer body for the platform. Always sent with HTTP 200 and
/// `Content-Type: application/json; charset=utf-8`; the outcome is in `code`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountCheckResponse {
    /// The answer's `code` (one of [`code`]); the HTTP status is always [`HTTP_STATUS`].
    pub code: u16,
    /// The JSON body to send, UTF-8.
    pub body: Vec<u8>,
}

/// HTTP status of every account-check answer (gate.md §3.3).
pub const HTTP_STATUS: u16 = 200;
/// Content type of every account-check answer.
pub const CONTENT_TYPE: &str = "application/json; charset=utf-8";

impl AccountCheckResponse {
    fn with_fields(code: u16, fields: &[(&str, &str)]) -> AccountCheckResponse {
        let mut out = String::with_capacity(64);
        out.push_str("{\"code\":");
        out.push_str(&code.to_string());
        for (k, v) in fields {
            out.push(',');
            write_json_string(&mut out, k);
            out.push(':');
            write_json_string(&mut out, v);
        }
        out.push('}');
        AccountCheckResponse {
            code,
            body: out.into_bytes(),
        }
    }

    /// `verify` success: `{"code":0,"currency":"KZT"[,"additional_customer_id":"…"]}`.
    /// The currency must be a known ISO 4217 code.
    pub fn verify_ok(
        currency: &str,
        additional_customer_id: Option<&str>,
    ) -> Result<AccountCheckResponse> {
        Currency::for_amounts(currency).map_err(|e| Error::field("currency", e.message()))?;
        let mut fields = vec![("currency", currency)];
        if let Some(extra) = additional_customer_id {
            if extra.is_empty() {
                return Err(Error::field(
                    "additional_customer_id",
                    "must not be empty when given",
                ));
            }
            fields.push(("additional_customer_id", extra));
        }
        Ok(Self::with_fields(code::OK, &fields))
    }

    /// `check_deposit` success: `{"code":0,"payment_id":"…"}`; the id must be non-empty.
    pub fn check_deposit_ok(payment_id: &str) -> Result<AccountCheckResponse> {
        if payment_id.is_empty() {
            return Err(Error::field("payment_id", "must not be empty"));
        }
        Ok(Self::with_fields(code::OK, &[("payment_id", payment_id)]))
    }

    /// 400: the signature is missing or invalid, or the request is for another project.
    pub fn invalid_signature(message: &str) -> AccountCheckResponse {
        Self::with_fields(
            code::INVALID_SIGNATURE,
            &[("message", non_empty(message, "signature is invalid"))],
        )
    }

    /// 404: the account does not exist.
    pub fn not_found(message: Option<&str>) -> AccountCheckResponse {
        Self::with_fields(
            code::NOT_FOUND,
            &[(
                "message",
                non_empty(message.unwrap_or(""), "account does not exist"),
            )],
        )
    }

    /// 500: general error; `message` says why (always present).
    pub fn general_error(message: &str) -> AccountCheckResponse {
        Self::with_fields(
            code::GENERAL_ERROR,
            &[("message", non_empty(message, "general error"))],
        )
    }

    /// The body as text.
    pub fn body_str(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap_or("")
    }
}

fn non_empty<'s>(s: &'s str, fallback: &'s str) -> &'s str {
    if s.is_empty() {
        fallback
    } else {
        s
    }
}

/// A request the shop must refuse, with the ready answer and the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The answer to send (400 or 500).
    pub response: AccountCheckResponse,
    /// Why the request was refused, for the shop's log.
    pub error: Error,
}

impl Rejection {
    fn new(error: Error) -> Rejection {
        let response = match error.kind() {
            ErrorKind::MissingSignature
            | ErrorKind::SignatureMismatch
            | ErrorKind::Unauthorized => AccountCheckResponse::invalid_signature(error.message()),
            _ => AccountCheckResponse::general_error(error.message()),
        };
        Rejection { response, error }
    }
}

/// Parses and verifies an account-check request in the order of gate.md §3.2; the first
/// failed check decides the answer.
pub fn parse_account_check(
    signer: &Signer,
    project_id: u64,
    body: &[u8],
) -> std::result::Result<AccountCheckRequest, Rejection> {
    let root = parse_object(body, signer.limits()).map_err(|e| {
        // The parser's own messages mostly start with "malformed JSON" already; say it once.
        let e = if e.kind() == ErrorKind::MalformedInput
            && !e.message().starts_with(MALFORMED_PREFIX)
        {
            Error::malformed(format!("{MALFORMED_PREFIX}: {}", e.message()))
        } else {
            e
        };
        Rejection::new(e)
    })?;
    let signature = signer.verify_value(&root).map_err(|e| {
        let msg = match e.kind() {
            ErrorKind::MissingSignature => "signature is missing",
            ErrorKind::SignatureMismatch => "signature is invalid",
            _ => return Rejection::new(e),
        };
        Rejection::new(Error::new(e.kind(), msg))
    })?;
    interpret(&root, project_id, signature).map_err(Rejection::new)
}

const MALFORMED_PREFIX: &str = "malformed JSON";

const KNOWN: &[&str] = &[
    "type",
    "project_id",
    "customer_id",
    "amount",
    "currency",
    "payment_method",
    "signature",
];

fn interpret(
    root: &Value<'_>,
    project_id: u64,
    signature: Verified,
) -> Result<AccountCheckRequest> {
    let pid =
        member(root, "project_id").ok_or_else(|| Error::field("project_id", "is required"))?;
    let digits = integer_digits(pid).ok_or_else(|| {
        Error::field(
            "project_id",
            format!("must be an integer, found {}", describe(pid)),
        )
    })?;
    if digits != project_id.to_string() {
        return Err(Error::new(
            ErrorKind::Unauthorized,
            format!(
                "project_id {} is not this shop's project",
                truncate_for_message(&digits)
            ),
        )
        .with_path("project_id"));
    }
    let kind = match member(root, "type") {
        Some(Value::String(s)) if s == "verify" || s == "check_deposit" => s.to_string(),
        Some(Value::String(s)) => {
            return Err(Error::field(
                "type",
                format!("unknown type {:?}", truncate_for_message(s)),
            ))
        }
        Some(other) => {
            return Err(Error::field(
                "type",
                format!("unknown type: expected a string, found {}", describe(other)),
            ))
        }
        None => return Err(Error::field("type", "unknown type: the member is missing")),
    };
    let customer_id = match member(root, "customer_id") {
        Some(Value::String(s)) if !s.is_empty() => s.to_string(),
        Some(Value::Number(t)) if is_integer_text(t) => t.to_string(),
        Some(Value::String(_)) => return Err(Error::field("customer_id", "must not be empty")),
        Some(other) => {
            return Err(Error::field(
                "customer_id",
                format!("must be a non-empty string, found {}", describe(other)),
            ))
        }
        None => return Err(Error::field("customer_id", "is required")),
    };
    let extra = RawJson::from_value(&Value::Object(
        root.as_object()
            .unwrap_or(&[])
            .iter()
            .filter(|(k, _)| !KNOWN.contains(&k.as_ref()))
            .map(|(k, v)| (k.clone(), without_signatures(v)))
            .collect(),
    ));
    if kind == "verify" {
        return Ok(AccountCheckRequest::Verify(VerifyRequest {
            project_id,
            customer_id,
            extra,
            signature,
        }));
    }
    let payment_method = match member(root, "payment_method") {
        Some(Value::String(s)) if s == PAYMENT_METHOD => s.to_string(),
        Some(Value::String(s)) => {
            return Err(Error::field(
                "payment_method",
                format!(
                    "must be \"{PAYMENT_METHOD}\", found {:?}",
                    truncate_for_message(s)
                ),
            ))
        }
        Some(other) => {
            return Err(Error::field(
                "payment_method",
                format!("must be \"{PAYMENT_METHOD}\", found {}", describe(other)),
            ))
        }
        None => return Err(Error::field("payment_method", "is required")),
    };
    let amount = parse_positive_amount(member(root, "amount"))?;
    let currency = match member(root, "currency") {
        Some(Value::String(s)) => match Currency::lookup(s) {
            Some(c) if c.exponent().is_some() => c.code().to_string(),
            _ => {
                return Err(Error::field(
                    "currency",
                    format!("unknown currency {:?}", truncate_for_message(s)),
                ))
            }
        },
        Some(other) => {
            return Err(Error::field(
                "currency",
                format!(
                    "unknown currency: expected an ISO 4217 code, found {}",
                    describe(other)
                ),
            ))
        }
        None => {
            return Err(Error::field(
                "currency",
                "unknown currency: the member is missing",
            ))
        }
    };
    Ok(AccountCheckRequest::CheckDeposit(CheckDepositRequest {
        project_id,
        customer_id,
        amount,
        currency,
        payment_method,
        extra,
        signature,
    }))
}

/// A member's value as signed data: `signature` members are left out of every object reached
/// through objects (`general.signature` among them), as in the stamp (gate.md §2.4 step 3);
/// inside arrays they are data and stay.
fn without_signatures<'a>(v: &Value<'a>) -> Value<'a> {
    match v {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(k, _)| k != SIGNATURE_KEY)
                .map(|(k, v)| (k.clone(), without_signatures(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn parse_positive_amount(v: Option<&Value<'_>>) -> Result<i64> {
    let v = v.ok_or_else(|| Error::field("amount", "is required"))?;
    let digits = match v {
        Value::Number(t) if v.is_integer_number() => t.as_ref(),
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.as_ref(),
        other => {
            return Err(Error::field(
                "amount",
                format!(
                    "must be a positive integer in minor units, found {}",
                    describe(other)
                ),
            ))
        }
    };
    if digits.starts_with('-') {
        return Err(Error::field(
            "amount",
            "must be a positive integer in minor units",
        ));
    }
    let value: i64 = digits.parse().map_err(|_| {
        Error::field(
            "amount",
            "is too large (more than 9223372036854775807 minor units)",
        )
    })?;
    if value <= 0 {
        return Err(Error::field(
            "amount",
            "must be a positive integer in minor units",
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(signer: &Signer, json: &str) -> Vec<u8> {
        let v = parse_object(json.as_bytes(), signer.limits()).unwrap();
        let sig = signer.sign_value(&v).unwrap();
        let mut s = json.trim_end_matches('}').to_string();
        s.push_str(&format!(",\"signature\":\"{sig}\"}}"));
        s.into_bytes()
    }

    #[test]
    fn verify_and_check_deposit() {
        let s = Signer::new("k").unwrap();
        let body = signed(
            &s,
            r#"{"type":"verify","project_id":111,"customer_id":"johndoe@example.com"}"#,
        );
        match parse_account_check(&s, 111, &body).unwrap() {
            AccountCheckRequest::Verify(r) => assert_eq!(r.customer_id, "johndoe@example.com"),
            other => panic!("{other:?}"),
        }
        let body = signed(
            &s,
            r#"{"type":"check_deposit","project_id":111,"customer_id":"c","amount":10000,"currency":"KZT","payment_method":"qiwi-kz"}"#,
        );
        match parse_account_check(&s, 111, &body).unwrap() {
            AccountCheckRequest::CheckDeposit(r) => {
                assert_eq!((r.amount, r.currency.as_str()), (10000, "KZT"));
            }
            other => panic!("{other:?}"),
        }
        let r = parse_account_check(&s, 112, &body).unwrap_err();
        assert_eq!(r.response.code, 400);
    }

    #[test]
    fn extra_never_carries_signature_members() {
        let s = Signer::new("k").unwrap();
        let json = r#"{"type":"verify","project_id":111,"customer_id":"c","general":{"project_id":111,"payment_id":"p","signature":"SIG"},"note":{"signature":"x","deep":{"signature":"y","k":1}},"list":[{"signature":"data"}]}"#;
        // Signed at general.signature (no top-level one), as Gate requests are.
        let v = parse_object(json.as_bytes(), s.limits()).unwrap();
        let sig = s.sign_value(&v).unwrap();
        let body = json.replace("SIG", &sig);
        let r = match parse_account_check(&s, 111, body.as_bytes()).unwrap() {
            AccountCheckRequest::Verify(r) => r,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            r.extra.as_str(),
            r#"{"general":{"project_id":111,"payment_id":"p"},"note":{"deep":{"k":1}},"list":[{"signature":"data"}]}"#
        );
        assert!(!r.extra.as_str().contains(&sig));
        // A top-level signature is not in extra either.
        let body = signed(
            &s,
            r#"{"type":"verify","project_id":111,"customer_id":"c","x":1}"#,
        );
        let r = parse_account_check(&s, 111, &body).unwrap();
        assert_eq!(
            serde_json::to_value(&r).unwrap()["extra"],
            serde_json::json!({"x": 1})
        );
    }

    #[test]
    fn malformed_json_said_once() {
        let s = Signer::new("k").unwrap();
        for body in [
            &b"{\"type\":\"verify\","[..],
            b"",
            b"[1,2]",
            b"{\"a\":1,\"a\":2}",
            b"{\"a\":\"\xff\"}",
        ] {
            let r = parse_account_check(&s, 111, body).unwrap_err();
            assert_eq!(r.error.kind(), ErrorKind::MalformedInput);
            let msg = r.error.message();
            assert_eq!(msg.matches("malformed JSON").count(), 1, "{msg}");
            assert!(msg.starts_with("malformed JSON"), "{msg}");
            let answer: serde_json::Value = serde_json::from_slice(&r.response.body).unwrap();
            assert_eq!(answer["message"], msg);
        }
    }

    #[test]
    fn responses() {
        assert_eq!(
            AccountCheckResponse::verify_ok("KZT", Some("HFVDW42345"))
                .unwrap()
                .body_str(),
            r#"{"code":0,"currency":"KZT","additional_customer_id":"HFVDW42345"}"#
        );
        assert_eq!(
            AccountCheckResponse::check_deposit_ok("Asfdsaf3252345")
                .unwrap()
                .body_str(),
            r#"{"code":0,"payment_id":"Asfdsaf3252345"}"#
        );
        assert!(AccountCheckResponse::verify_ok("XYZ", None).is_err());
        assert_eq!(
            AccountCheckResponse::not_found(None).body_str(),
            r#"{"code":404,"message":"account does not exist"}"#
        );
    }
}
