//! Gate callbacks (gate.md §4): parse and verify the raw body into a typed model, derive the
//! outcome, and the sum check of §4.3. What a callback does to a payment is the settlement
//! engine's decision (`crate::settle::gate`).

use super::fields::{member, opt_text};
use super::json::{body_text, parse_object, RawJson, Value};
use super::signer::{Signer, Verified};
use super::stamp::{Flat, Leaf, SchemaNode};
use super::status::{Outcome, Status};
use crate::error::{Error, Result};
use serde::Serialize;

/// An amount as the platform sends it: integer minor units and a currency code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sum {
    /// Integer minor units (`2000` is 20.00 KZT).
    pub amount: i64,
    /// ISO 4217 letter code as sent (`"KZT"`).
    pub currency: String,
}

/// A callback's `payment` object: the payment as the platform sees it (gate.md §4.2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payment {
    /// The shop's payment id (the `payment_id` it returned or sent).
    pub id: String,
    /// `payment.type` (`purchase`, `payout`, ...).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// `payment.status`, classified; it decides the callback's outcome when present.
    pub status: Option<Status>,
    /// `payment.date` as sent (`2019-04-11T07:18:20+0000`).
    pub date: Option<String>,
    /// `payment.method`, the platform's name for the method (`Qiwi Kz Kiosk`).
    pub method: Option<String>,
    /// `payment.sum`: what the customer paid, compared with the order by [`check_sum`].
    pub sum: Option<Sum>,
    /// `payment.description` as sent.
    pub description: Option<String>,
}

/// `operation.provider`: the payment provider's side of the operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provider {
    /// The provider's id at the platform, as text (`"1197"`).
    pub id: Option<String>,
    /// The provider's own payment id.
    pub payment_id: Option<String>,
    /// The provider's authorisation code (often empty).
    pub auth_code: Option<String>,
}

/// A callback's `operation` object: the operation (sale, refund, payout...) the callback
/// reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// Exact digits (may exceed 2^53).
    pub id: Option<String>,
    /// `operation.type` (`sale`, `refund`, `reversal`, `payout`, ...).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// `operation.status`, classified; it decides the outcome when `payment.status` is absent.
    pub status: Option<Status>,
    /// `operation.date` as sent.
    pub date: Option<String>,
    /// `operation.created_date` as sent.
    pub created_date: Option<String>,
    /// The platform's request id for the operation.
    pub request_id: Option<String>,
    /// `operation.sum_initial`: the amount in the currency the operation was requested in.
    pub sum_initial: Option<Sum>,
    /// `operation.sum_converted`: the amount after the platform's currency conversion.
    pub sum_converted: Option<Sum>,
    /// Unified code as text (`"0"`, `"20000"`).
    pub code: Option<String>,
    /// The platform's message for the code (`"Success"`).
    pub message: Option<String>,
    /// `operation.provider`.
    pub provider: Option<Provider>,
}

/// One item of a callback's `errors` list (declines carry them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallbackError {
    /// The item's `code`, as text.
    pub code: Option<String>,
    /// The item's `message`.
    pub message: Option<String>,
    /// The whole item as received (numbers with their exact text).
    pub raw: RawJson,
}

/// A verified callback.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Callback {
    /// `project_id` as text (checked against the shop's by the settlement engine).
    pub project_id: Option<String>,
    /// The `payment` object (`payment.id` is required).
    pub payment: Payment,
    /// `account.number`: the customer for purchases, the wallet for payouts.
    pub account_number: Option<String>,
    /// `customer.id`: the shop's customer id, when the platform sends it.
    pub customer_id: Option<String>,
    /// The `operation` object, when it has members.
    pub operation: Option<Operation>,
    /// The `errors` list (empty when absent).
    pub errors: Vec<CallbackError>,
    /// Derived from `payment.status`, else `operation.status`; pending when neither is known.
    pub outcome: Outcome,
    /// Which accepted stamp form matched.
    pub signature: Verified,
    /// The whole message as received (signature included), numbers with their exact text.
    pub raw: RawJson,
}

/// Schema slots of the callback members the model reads.
mod slot {
    pub const ROOT: u8 = 0;
    pub const PROJECT_ID: u8 = 1;
    pub const PAYMENT: u8 = 2;
    pub const PAYMENT_ID: u8 = 3;
    pub const PAYMENT_TYPE: u8 = 4;
    pub const PAYMENT_STATUS: u8 = 5;
    pub const PAYMENT_DATE: u8 = 6;
    pub const PAYMENT_METHOD: u8 = 7;
    pub const PAYMENT_SUM: u8 = 8;
    pub const PAYMENT_SUM_AMOUNT: u8 = 9;
    pub const PAYMENT_SUM_CURRENCY: u8 = 10;
    pub const PAYMENT_DESCRIPTION: u8 = 11;
    pub const ACCOUNT: u8 = 12;
    pub const ACCOUNT_NUMBER: u8 = 13;
    pub const CUSTOMER: u8 = 14;
    pub const CUSTOMER_ID: u8 = 15;
    pub const OPERATION: u8 = 16;
    pub const OP_ID: u8 = 17;
    pub const OP_TYPE: u8 = 18;
    pub const OP_STATUS: u8 = 19;
    pub const OP_DATE: u8 = 20;
    pub const OP_CREATED_DATE: u8 = 21;
    pub const OP_REQUEST_ID: u8 = 22;
    pub const OP_SUM_INITIAL: u8 = 23;
    pub const OP_SUM_INITIAL_AMOUNT: u8 = 24;
    pub const OP_SUM_INITIAL_CURRENCY: u8 = 25;
    pub const OP_SUM_CONVERTED: u8 = 26;
    pub const OP_SUM_CONVERTED_AMOUNT: u8 = 27;
    pub const OP_SUM_CONVERTED_CURRENCY: u8 = 28;
    pub const OP_CODE: u8 = 29;
    pub const OP_MESSAGE: u8 = 30;
    pub const OP_PROVIDER: u8 = 31;
    pub const PROVIDER_ID: u8 = 32;
    pub const PROVIDER_PAYMENT_ID: u8 = 33;
    pub const PROVIDER_AUTH_CODE: u8 = 34;
    pub const ERRORS: u8 = 35;
}

const fn leaf(key: &'static str, slot: u8) -> SchemaNode {
    SchemaNode::new(key, slot, &[])
}

/// A `{amount, currency}` object.
const fn sum_node(key: &'static str, slots: &'static [SchemaNode; 2], slot: u8) -> SchemaNode {
    SchemaNode::new(key, slot, slots)
}

static PAYMENT_SUM: [SchemaNode; 2] = [
    leaf("amount", slot::PAYMENT_SUM_AMOUNT),
    leaf("currency", slot::PAYMENT_SUM_CURRENCY),
];
static OP_SUM_INITIAL: [SchemaNode; 2] = [
    leaf("amount", slot::OP_SUM_INITIAL_AMOUNT),
    leaf("currency", slot::OP_SUM_INITIAL_CURRENCY),
];
static OP_SUM_CONVERTED: [SchemaNode; 2] = [
    leaf("amount", slot::OP_SUM_CONVERTED_AMOUNT),
    leaf("currency", slot::OP_SUM_CONVERTED_CURRENCY),
];

/// Where the model's members live in a callback (and in a status answer).
pub(super) static CALLBACK_SCHEMA: SchemaNode = SchemaNode::new(
    "",
    slot::ROOT,
    &[
        leaf("project_id", slot::PROJECT_ID),
        SchemaNode::new(
            "payment",
            slot::PAYMENT,
            &[
                leaf("id", slot::PAYMENT_ID),
                leaf("type", slot::PAYMENT_TYPE),
                leaf("status", slot::PAYMENT_STATUS),
                leaf("date", slot::PAYMENT_DATE),
                leaf("method", slot::PAYMENT_METHOD),
                sum_node("sum", &PAYMENT_SUM, slot::PAYMENT_SUM),
                leaf("description", slot::PAYMENT_DESCRIPTION),
            ],
        ),
        SchemaNode::new(
            "account",
            slot::ACCOUNT,
            &[leaf("number", slot::ACCOUNT_NUMBER)],
        ),
        SchemaNode::new("customer", slot::CUSTOMER, &[leaf("id", slot::CUSTOMER_ID)]),
        SchemaNode::new(
            "operation",
            slot::OPERATION,
            &[
                leaf("id", slot::OP_ID),
                leaf("type", slot::OP_TYPE),
                leaf("status", slot::OP_STATUS),
                leaf("date", slot::OP_DATE),
                leaf("created_date", slot::OP_CREATED_DATE),
                leaf("request_id", slot::OP_REQUEST_ID),
                sum_node("sum_initial", &OP_SUM_INITIAL, slot::OP_SUM_INITIAL),
                sum_node("sum_converted", &OP_SUM_CONVERTED, slot::OP_SUM_CONVERTED),
                leaf("code", slot::OP_CODE),
                leaf("message", slot::OP_MESSAGE),
                SchemaNode::new(
                    "provider",
                    slot::OP_PROVIDER,
                    &[
                        leaf("id", slot::PROVIDER_ID),
                        leaf("payment_id", slot::PROVIDER_PAYMENT_ID),
                        leaf("auth_code", slot::PROVIDER_AUTH_CODE),
                    ],
                ),
            ],
        ),
        leaf("errors", slot::ERRORS),
    ],
);

impl Callback {
    /// Parses and verifies a raw callback body in one pass. `MalformedInput`, `LimitExceeded`,
    /// `MissingSignature` and `SignatureMismatch` mean "answer 400, change nothing";
    /// `Validation` (e.g. no `payment.id`) likewise.
    pub fn parse(signer: &Signer, body: &[u8]) -> Result<Callback> {
        let (signature, flat) = signer.verify_flat_bytes(body, Some(&CALLBACK_SCHEMA))?;
        let errors = if flat.slot(slot::ERRORS).is_some() || flat.slot_has_members(slot::ERRORS) {
            // Rare (declines): the error objects are kept whole, so read them from a tree.
            errors_from(&parse_object(body, signer.limits())?)?
        } else {
            Vec::new()
        };
        Callback::extract(
            &flat,
            signature,
            RawJson::new_unchecked(flat.text().unwrap_or_else(|| body_text(body)).to_string()),
            errors,
        )
    }

    /// Builds the model from an already verified message.
    pub fn from_verified(root: &Value<'_>, signature: Verified) -> Result<Callback> {
        let flat = Flat::build(root, Some(&CALLBACK_SCHEMA))?;
        Callback::extract(
            &flat,
            signature,
            RawJson::new_unchecked(root.to_json()),
            errors_from(root)?,
        )
    }

    fn extract(
        f: &Flat<'_>,
        signature: Verified,
        raw: RawJson,
        errors: Vec<CallbackError>,
    ) -> Result<Callback> {
        expect_object(f, slot::PAYMENT, "payment")?;
        let id = text(f, slot::PAYMENT_ID, "payment.id")?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::field("payment.id", "is required"))?;
        let payment = Payment {
            id,
            kind: text(f, slot::PAYMENT_TYPE, "payment.type")?,
            status: text_ref(f, slot::PAYMENT_STATUS, "payment.status")?.map(Status::parse),
            date: text(f, slot::PAYMENT_DATE, "payment.date")?,
            method: text(f, slot::PAYMENT_METHOD, "payment.method")?,
            sum: sum(
                f,
                [
                    slot::PAYMENT_SUM,
                    slot::PAYMENT_SUM_AMOUNT,
                    slot::PAYMENT_SUM_CURRENCY,
                ],
                ["payment.sum", "payment.sum.amount", "payment.sum.currency"],
            )?,
            description: text(f, slot::PAYMENT_DESCRIPTION, "payment.description")?,
        };
        expect_object(f, slot::OPERATION, "operation")?;
        let operation = if f.slot_has_members(slot::OPERATION) {
            Some(operation(f)?)
        } else {
            None
        };
        expect_object(f, slot::ACCOUNT, "account")?;
        expect_object(f, slot::CUSTOMER, "customer")?;
        let outcome = payment
            .status
            .as_ref()
            .or(operation.as_ref().and_then(|o| o.status.as_ref()))
            .map(|s| s.outcome)
            .unwrap_or(Outcome::Pending);
        Ok(Callback {
            project_id: text(f, slot::PROJECT_ID, "project_id")?,
            account_number: text(f, slot::ACCOUNT_NUMBER, "account.number")?,
            customer_id: text(f, slot::CUSTOMER_ID, "customer.id")?,
            payment,
            operation,
            errors,
            outcome,
            signature,
            raw,
        })
    }

    /// The status that decided the outcome.
    pub fn status(&self) -> Option<&Status> {
        self.payment
            .status
            .as_ref()
            .or(self.operation.as_ref().and_then(|o| o.status.as_ref()))
    }

    /// The model as JSON text (the shape the C ABI's callback events come from).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A member that must be an object when present: a leaf there is a type error.
fn expect_object(f: &Flat<'_>, at: u8, name: &str) -> Result<()> {
    match f.slot(at) {
        None | Some(Leaf::Null) => Ok(()),
        Some(leaf) => Err(Error::field(
            name,
            format!("expected an object, found {}", leaf_type(leaf)),
        )),
    }
}

fn leaf_type(leaf: &Leaf<'_>) -> &'static str {
    match leaf {
        Leaf::Str(_) => "string",
        Leaf::Int(_) => "integer",
        Leaf::Float(_) => "number",
        Leaf::Bool(_) => "boolean",
        Leaf::Null => "null",
    }
}

/// Text of a string, or the digits of an integer; absent/null → None; an object or array
/// there is a type error.
fn text(f: &Flat<'_>, at: u8, name: &str) -> Result<Option<String>> {
    Ok(text_ref(f, at, name)?.map(str::to_string))
}

/// [`text`] borrowed from the message (no copy when the caller only reads it).
fn text_ref<'f>(f: &'f Flat<'_>, at: u8, name: &str) -> Result<Option<&'f str>> {
    match f.slot(at) {
        None if f.slot_has_members(at) => {
            Err(Error::field(name, "expected a string, found a container"))
        }
        None | Some(Leaf::Null) => Ok(None),
        Some(Leaf::Str(s)) => Ok(Some(s)),
        Some(Leaf::Int(t)) => Ok(Some(t)),
        Some(other) => Err(Error::field(
            name,
            format!("expected a string, found {}", leaf_type(other)),
        )),
    }
}

/// An integer given as a JSON integer or an ASCII-digit string.
fn integer(f: &Flat<'_>, at: u8, name: &str) -> Result<Option<i64>> {
    let digits: &str = match f.slot(at) {
        None if f.slot_has_members(at) => {
            return Err(Error::field(name, "expected an integer, found a container"))
        }
        None | Some(Leaf::Null) => return Ok(None),
        Some(Leaf::Int(t)) => t,
        Some(Leaf::Str(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s,
        Some(other) => {
            return Err(Error::field(
                name,
                format!("expected an integer, found {}", leaf_type(other)),
            ))
        }
    };
    digits
        .parse::<i64>()
        .map(Some)
        .map_err(|_| Error::field(name, "integer out of range"))
}

/// A `{amount, currency}` object: slots and names of the object, its amount, its currency.
fn sum(f: &Flat<'_>, at: [u8; 3], names: [&str; 3]) -> Result<Option<Sum>> {
    expect_object(f, at[0], names[0])?;
    let amount = integer(f, at[1], names[1])?;
    let currency = text(f, at[2], names[2])?;
    match (amount, currency) {
        (Some(amount), Some(currency)) => Ok(Some(Sum { amount, currency })),
        (None, None) if f.slot_has_members(at[0]) => Err(Error::field(
            names[0],
            "must be an object with amount and currency",
        )),
        (None, None) => Ok(None),
        (None, Some(_)) => Err(Error::field(names[1], "is required with a currency")),
        (Some(_), None) => Err(Error::field(names[2], "is required with an amount")),
    }
}

fn operation(f: &Flat<'_>) -> Result<Operation> {
    expect_object(f, slot::OP_PROVIDER, "operation.provider")?;
    let provider = if f.slot_has_members(slot::OP_PROVIDER) {
        Some(Provider {
            id: text(f, slot::PROVIDER_ID, "operation.provider.id")?,
            payment_id: text(
                f,
                slot::PROVIDER_PAYMENT_ID,
                "operation.provider.payment_id",
            )?,
            auth_code: text(f, slot::PROVIDER_AUTH_CODE, "operation.provider.auth_code")?,
        })
    } else {
        None
    };
    Ok(Operation {
        id: text(f, slot::OP_ID, "operation.id")?,
        kind: text(f, slot::OP_TYPE, "operation.type")?,
        status: text_ref(f, slot::OP_STATUS, "operation.status")?.map(Status::parse),
        date: text(f, slot::OP_DATE, "operation.date")?,
        created_date: text(f, slot::OP_CREATED_DATE, "operation.created_date")?,
        request_id: text(f, slot::OP_REQUEST_ID, "operation.request_id")?,
        sum_initial: sum(
            f,
            [
                slot::OP_SUM_INITIAL,
                slot::OP_SUM_INITIAL_AMOUNT,
                slot::OP_SUM_INITIAL_CURRENCY,
            ],
            [
                "operation.sum_initial",
                "operation.sum_initial.amount",
                "operation.sum_initial.currency",
            ],
        )?,
        sum_converted: sum(
            f,
            [
                slot::OP_SUM_CONVERTED,
                slot::OP_SUM_CONVERTED_AMOUNT,
                slot::OP_SUM_CONVERTED_CURRENCY,
            ],
            [
                "operation.sum_converted",
                "operation.sum_converted.amount",
                "operation.sum_converted.currency",
            ],
        )?,
        code: text(f, slot::OP_CODE, "operation.code")?,
        message: text(f, slot::OP_MESSAGE, "operation.message")?,
        provider,
    })
}

/// The `errors` list, each item kept whole.
fn errors_from(root: &Value<'_>) -> Result<Vec<CallbackError>> {
    match member(root, "errors") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items
            .iter()
            .enumerate()
            .map(|(i, e)| CallbackError {
                code: opt_text(member(e, "code"), &format!("errors.{i}.code")).unwrap_or(None),
                message: opt_text(member(e, "message"), &format!("errors.{i}.message"))
                    .unwrap_or(None),
                raw: RawJson::from_value(e),
            })
            .collect()),
        Some(other) => Err(Error::field(
            "errors",
            format!("expected an array, found {}", other.type_name()),
        )),
    }
}

/// Result of comparing a callback's `payment.sum` with the stored order (§4.3 step 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum SumCheck {
    /// Same amount and currency: the callback may credit.
    Match,
    /// Stored and flagged, never credited.
    Mismatch {
        /// What the order says.
        expected: Sum,
        /// What the callback says (`None`: it has no `payment.sum`).
        received: Option<Sum>,
    },
}

/// Compares a callback's `payment.sum` with what the shop expects (exact amount and currency).
pub fn check_sum(sum: Option<&Sum>, expected_amount: i64, expected_currency: &str) -> SumCheck {
    match sum {
        Some(s) if s.amount == expected_amount && s.currency == expected_currency => {
            SumCheck::Match
        }
        other => SumCheck::Mismatch {
            expected: Sum {
                amount: expected_amount,
                currency: expected_currency.to_string(),
            },
            received: other.cloned(),
        },
    }
}
