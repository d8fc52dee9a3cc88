//! Payout requests to `/v2/payment/wallet/qiwi-kz/payout` and status requests to
//! `/v2/payment/status` (gate.md §5.1, §6), built and signed.

use super::json::{RawJson, Value};
use super::signer::Signer;
use crate::error::{Error, FieldError, Result};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::net::IpAddr;

/// Path of the QIWI Kazakhstan payout request (append to the configured Gate base URL).
pub const PAYOUT_PATH: &str = "/v2/payment/wallet/qiwi-kz/payout";
/// Path of the payment status request.
pub const STATUS_PATH: &str = "/v2/payment/status";
/// The only payout currency.
pub const PAYOUT_CURRENCY: &str = "KZT";

/// A signed request ready to POST with `Content-Type: application/json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The path to append to the configured Gate base URL ([`PAYOUT_PATH`] or [`STATUS_PATH`]).
    pub path: &'static str,
    /// The signed JSON body.
    pub body: Vec<u8>,
}

/// The payout's `customer` object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayoutCustomer {
    /// `customer.id`: the customer's id at the shop (non-empty).
    pub id: String,
    /// `customer.ip_address`: the customer's IPv4 or IPv6 address.
    pub ip_address: String,
    /// `customer.first_name` (non-empty).
    pub first_name: String,
    /// `customer.last_name` (non-empty).
    pub last_name: String,
    /// `customer.email`: one `@` with text on both sides.
    pub email: String,
}

/// The payout parameters. `extra` holds any additional Gate parameters as a JSON object
/// (e.g. `{"payment":{"description":"…"}}`); it is merged into the body and signed, and may
/// not replace a required member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayoutRequest {
    /// `general.project_id`: the shop's project (positive).
    pub project_id: u64,
    /// `general.payment_id`: the shop's id for this payout (non-empty); resend the same id
    /// when the outcome is unknown, never a new one.
    pub payment_id: String,
    /// `customer`: who receives the money.
    pub customer: PayoutCustomer,
    /// `account.number`: the receiving QIWI wallet (non-empty).
    pub account_number: String,
    /// Minor units (tiyn for KZT).
    pub amount: i64,
    /// `payment.currency`: must be [`PAYOUT_CURRENCY`] (KZT).
    pub currency: String,
    /// Further Gate parameters as a JSON object, merged into the body and signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<RawJson>,
}

fn s(v: &str) -> Value<'static> {
    Value::String(Cow::Owned(v.to_string()))
}

fn obj(members: Vec<(&'static str, Value<'static>)>) -> Value<'static> {
    Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (Cow::Borrowed(k), v))
            .collect(),
    )
}

fn valid_email(e: &str) -> bool {
    let mut parts = e.split('@');
    matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None) if !a.is_empty() && !b.is_empty())
}

impl PayoutRequest {
    /// Every rule of gate.md §5.1, all failures at once.
    pub fn validate(&self) -> Result<()> {
        let mut errs = Vec::new();
        let mut fail = |field: &str, reason: &str| {
            errs.push(FieldError {
                field: field.to_string(),
                reason: reason.to_string(),
            })
        };
        if self.project_id == 0 {
            fail("general.project_id", "must be a positive integer");
        }
        if self.payment_id.is_empty() {
            fail("general.payment_id", "must not be empty");
        }
        if self.customer.id.is_empty() {
            fail("customer.id", "must not be empty");
        }
        if self.customer.ip_address.parse::<IpAddr>().is_err() {
            fail(
                "customer.ip_address",
                "must be a valid IPv4 or IPv6 address",
            );
        }
        if self.customer.first_name.trim().is_empty() {
            fail("customer.first_name", "must not be empty");
        }
        if self.customer.last_name.trim().is_empty() {
            fail("customer.last_name", "must not be empty");
        }
        if !valid_email(&self.customer.email) {
            fail(
                "customer.email",
                "must contain one @ with text on both sides",
            );
        }
        if self.account_number.is_empty() {
            fail("account.number", "must not be empty");
        }
        if self.amount <= 0 {
            fail(
                "payment.amount",
                "must be a positive integer in minor units",
            );
        }
        if self.currency != PAYOUT_CURRENCY {
            fail(
                "payment.currency",
                "must be KZT (the only payout currency of qiwi-kz)",
            );
        }
        if self.extra.as_ref().is_some_and(|e| !e.is_object()) {
            fail("extra", "must be a JSON object");
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(Error::fields(errs))
        }
    }

    /// The unsigned body tree, required members first, extras merged in.
    pub fn to_value(&self) -> Result<Value<'static>> {
        self.validate()?;
        let mut root = obj(vec![
            (
                "general",
                obj(vec![
                    (
                        "project_id",
                        Value::Number(Cow::Owned(self.project_id.to_string())),
                    ),
                    ("payment_id", s(&self.payment_id)),
                ]),
            ),
            (
                "customer",
                obj(vec![
                    ("id", s(&self.customer.id)),
                    ("ip_address", s(&self.customer.ip_address)),
                    ("first_name", s(&self.customer.first_name)),
                    ("last_name", s(&self.customer.last_name)),
                    ("email", s(&self.customer.email)),
                ]),
            ),
            ("account", obj(vec![("number", s(&self.account_number))])),
            (
                "payment",
                obj(vec![
                    ("amount", Value::Number(Cow::Owned(self.amount.to_string()))),
                    ("currency", s(&self.currency)),
                ]),
            ),
        ]);
        if let Some(extra) = &self.extra {
            merge_extra(&mut root, &extra.to_tree()?.into_owned(), "")?;
        }
        Ok(root)
    }

    /// Validates, signs (`general.signature`) and serialises the request.
    pub fn build(&self, signer: &Signer) -> Result<SignedRequest> {
        let body = signer.sign_request(self.to_value()?)?;
        Ok(SignedRequest {
            path: PAYOUT_PATH,
            body: body.into_bytes(),
        })
    }
}

/// Deep-merges `extra` into `target`; a leaf already present is a conflict.
fn merge_extra(target: &mut Value<'static>, extra: &Value<'static>, path: &str) -> Result<()> {
    let (Value::Object(t), Value::Object(e)) = (target, extra) else {
        return Err(Error::field(path, "extra parameters must be an object"));
    };
    for (k, v) in e {
        let child_path = if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        };
        if k == "signature" {
            return Err(Error::field(
                child_path,
                "the signature is computed by the library",
            ));
        }
        match t.iter_mut().find(|(tk, _)| tk == k) {
            Some((_, existing @ Value::Object(_))) if matches!(v, Value::Object(_)) => {
                merge_extra(existing, v, &child_path)?
            }
            Some(_) => {
                return Err(Error::field(
                    child_path,
                    "extra parameter would replace a required member",
                ))
            }
            None => t.push((k.clone(), v.clone())),
        }
    }
    Ok(())
}

/// Builds the signed status request for one payment (§6).
pub fn status_request(signer: &Signer, project_id: u64, payment_id: &str) -> Result<SignedRequest> {
    let mut errs = Vec::new();
    if project_id == 0 {
        errs.push(FieldError {
            field: "general.project_id".into(),
            reason: "must be a positive integer".into(),
        });
    }
    if payment_id.is_empty() {
        errs.push(FieldError {
            field: "general.payment_id".into(),
            reason: "must not be empty".into(),
        });
    }
    if !errs.is_empty() {
        return Err(Error::fields(errs));
    }
    let root = obj(vec![(
        "general",
        obj(vec![
            (
                "project_id",
                Value::Number(Cow::Owned(project_id.to_string())),
            ),
            ("payment_id", s(payment_id)),
        ]),
    )]);
    Ok(SignedRequest {
        path: STATUS_PATH,
        body: signer.sign_request(root)?.into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::json::{parse_object, JsonLimits};

    fn sample() -> PayoutRequest {
        PayoutRequest {
            project_id: 35,
            payment_id: "test_123".into(),
            customer: PayoutCustomer {
                id: "12345".into(),
                ip_address: "198.51.100.47".into(),
                first_name: "John".into(),
                last_name: "Doe".into(),
                email: "johndoe@example.com".into(),
            },
            account_number: "9182221133".into(),
            amount: 100,
            currency: "KZT".into(),
            extra: None,
        }
    }

    #[test]
    fn builds_signed_body() {
        let signer = Signer::new("secret").unwrap();
        let req = sample().build(&signer).unwrap();
        assert_eq!(req.path, PAYOUT_PATH);
        let body = String::from_utf8(req.body).unwrap();
        assert!(body
            .starts_with(r#"{"general":{"project_id":35,"payment_id":"test_123","signature":""#));
        signer.verify_json(body.as_bytes()).unwrap();
    }

    #[test]
    fn all_errors_at_once() {
        let mut r = sample();
        r.currency = "USD".into();
        r.amount = 0;
        r.customer.ip_address = "999.1.1.1".into();
        let e = r.validate().unwrap_err();
        let fields: Vec<&str> = e.field_errors().iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            ["customer.ip_address", "payment.amount", "payment.currency"]
        );
    }

    #[test]
    fn extras_merge_and_cannot_override() {
        let signer = Signer::new("secret").unwrap();
        let mut r = sample();
        let extra = |json: &str| {
            Some(RawJson::from_value(
                &crate::gate::json::parse(json.as_bytes(), &JsonLimits::default()).unwrap(),
            ))
        };
        r.extra = extra(
            r#"{"payment": {"description": "x"}, "general": {"merchant_callback_url": "https://x"}}"#,
        );
        let body = r.build(&signer).unwrap().body;
        let v = parse_object(&body, &JsonLimits::default()).unwrap();
        assert_eq!(
            v.get("payment")
                .unwrap()
                .get("description")
                .unwrap()
                .as_str(),
            Some("x")
        );
        r.extra = extra(r#"{"payment": {"amount": 5}}"#);
        assert!(r.build(&signer).is_err());
        r.extra = extra(r#"{"payment": {"fee": 1.5}}"#);
        assert_eq!(r.build(&signer).unwrap_err().path(), Some("payment:fee"));
        r.extra = extra("[1]");
        assert_eq!(r.build(&signer).unwrap_err().path(), Some("extra"));
        // From a host's input document (the C ABI's), the member's text is read by the core.
        let doc = r#"{"project_id":35,"payment_id":"p","customer":{"id":"1","ip_address":"1.2.3.4","first_name":"A","last_name":"B","email":"a@b"},"account_number":"9","amount":1,"currency":"KZT","extra":{"payment":{"description":"d","description":"e"}}}"#;
        let r: PayoutRequest = serde_json::from_str(doc).unwrap();
        assert_eq!(
            r.build(&signer).unwrap_err().kind(),
            crate::error::ErrorKind::MalformedInput
        );
    }
}
