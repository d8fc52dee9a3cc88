//! Gate callbacks (gate.md §4): parse and verify the raw body into a typed model, derive the
//! outcome, and the sum check of §4.3. What a callback does to a payment is the settlement
//! engine's decision (`crate::settle::gate`).

use super::fields::{member, opt_text};
use super::json::{body_text, parse_object, RawJson, Value};
use super::signer::{Signer, Verified};
use super::stamp::{Flat, Leaf, SchemaNode};
use super::status::classify;
use super::status::{Outcome, Status};
use crate::error::{Error, Result};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::OnceLock;

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
///
/// Parsing verifies the signature and validates every member the model reads (each error is
/// given at parse time), keeps the received text and where each member's value sits in it,
/// and derives the outcome; the typed pieces ([`Payment`], [`Operation`], their texts) are
/// built on first read and kept. A callback that is only verified and settled by outcome
/// allocates nothing but the text and, for declines, the `errors` list.
#[derive(Clone)]
pub struct Callback {
    /// The whole message as received (signature included), numbers with their exact text.
    raw: RawJson,
    /// Each schema slot's text (a string or an integer's digits), where the model reads one.
    texts: [Span; SLOT_COUNT],
    /// Texts that are not in `raw` verbatim (escaped strings, or a model built from a tree);
    /// empty (no allocation) for a typical callback.
    owned: Vec<Box<str>>,
    /// Bit per schema slot: the member held an object or array with members.
    containers: u64,
    /// The validated amounts of `payment.sum`, `operation.sum_initial` and
    /// `operation.sum_converted` (present only with their currency).
    amounts: [Option<i64>; 3],
    /// The `errors` list (empty when absent; declines only, so built at parse time).
    errors: Vec<CallbackError>,
    outcome: Outcome,
    signature: Verified,
    /// The typed members, built on first read (boxed: a parsed callback stays small to move).
    model: OnceLock<Box<Model>>,
}

/// Where a slot's text is: `start..end` of [`Callback::raw`]; with `start` [`Span::OWNED`],
/// `end` indexes `Callback::owned`; with `start` [`Span::NONE`], no text. Eight bytes a slot,
/// so that a parsed callback is cheap to make and move.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    const NONE: u32 = u32::MAX;
    const OWNED: u32 = u32::MAX - 1;
    const ABSENT: Span = Span {
        start: Span::NONE,
        end: 0,
    };
}

/// The typed members of a callback, built from the slots on first read.
#[derive(Debug, Clone, PartialEq)]
struct Model {
    project_id: Option<String>,
    payment: Payment,
    account_number: Option<String>,
    customer_id: Option<String>,
    operation: Option<Operation>,
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

/// Slots in [`CALLBACK_SCHEMA`].
const SLOT_COUNT: usize = slot::ERRORS as usize + 1;

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

/// Where the model's members live in a callback (and in a status answer). Members are listed
/// in the order of the documented callback (the fast path tries the next one first).
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
                SchemaNode::new(
                    "provider",
                    slot::OP_PROVIDER,
                    &[
                        leaf("id", slot::PROVIDER_ID),
                        leaf("payment_id", slot::PROVIDER_PAYMENT_ID),
                        leaf("auth_code", slot::PROVIDER_AUTH_CODE),
                    ],
                ),
                leaf("code", slot::OP_CODE),
                leaf("message", slot::OP_MESSAGE),
            ],
        ),
        SchemaNode::new("customer", slot::CUSTOMER, &[leaf("id", slot::CUSTOMER_ID)]),
        leaf("errors", slot::ERRORS),
    ],
);

impl Callback {
    /// Parses and verifies a raw callback body in one pass. `MalformedInput`, `LimitExceeded`,
    /// `MissingSignature` and `SignatureMismatch` mean "answer 400, change nothing";
    /// `Validation` (e.g. no `payment.id`) likewise. Every member is validated here; the
    /// typed pieces are built when first read.
    pub fn parse(signer: &Signer, body: &[u8]) -> Result<Callback> {
        signer.verify_flat_with(body, Some(&CALLBACK_SCHEMA), |signature, flat| {
            let errors = if flat.slot(slot::ERRORS).is_some() || flat.slot_has_members(slot::ERRORS)
            {
                // Rare (declines): the error objects are kept whole, so read them from a
                // tree.
                errors_from(&parse_object(body, signer.limits())?)?
            } else {
                Vec::new()
            };
            let text = flat.text().unwrap_or_else(|| body_text(body));
            Callback::validated(flat, signature, text, text.to_string(), errors)
        })
    }

    /// Builds the model from an already verified message (equal to what [`Callback::parse`]
    /// gives for the same message).
    pub fn from_verified(root: &Value<'_>, signature: Verified) -> Result<Callback> {
        let flat = Flat::build(root, Some(&CALLBACK_SCHEMA))?;
        let errors = errors_from(root)?;
        // The leaves borrow from the tree, not from this text: each is copied.
        Callback::validated(&flat, signature, "", root.to_json(), errors)
    }

    /// Validates the members (the errors `parse` has always given, in the same order) and
    /// keeps where each text is. `text` is what `raw` copies: a leaf inside it is kept as a
    /// range, any other as its own copy.
    fn validated(
        f: &Flat<'_>,
        signature: Verified,
        text: &str,
        raw: String,
        errors: Vec<CallbackError>,
    ) -> Result<Callback> {
        let mut spans = Spans {
            texts: [Span::ABSENT; SLOT_COUNT],
            owned: Vec::new(),
            text,
        };
        let checked = validate(f, &mut spans)?;
        let Spans { texts, owned, .. } = spans;
        Ok(Callback {
            raw: RawJson::new_unchecked(raw),
            texts,
            owned,
            containers: f.containers,
            amounts: checked.amounts,
            errors,
            outcome: checked.outcome,
            signature,
            model: OnceLock::new(),
        })
    }

    fn model(&self) -> &Model {
        self.model.get_or_init(|| Box::new(self.build()))
    }

    /// A slot's text (validated at parse time).
    fn text(&self, at: u8) -> Option<&str> {
        let span = self.texts.get(usize::from(at))?;
        match span.start {
            Span::NONE => None,
            Span::OWNED => self.owned.get(span.end as usize).map(|text| &**text),
            start => self.raw.as_str().get(start as usize..span.end as usize),
        }
    }

    fn owned(&self, at: u8) -> Option<String> {
        self.text(at).map(str::to_string)
    }

    fn has_members(&self, at: u8) -> bool {
        self.containers & (1u64 << at) != 0
    }

    /// A validated `{amount, currency}`: the amount is kept only with its currency.
    fn sum(&self, amount: Option<i64>, currency: u8) -> Option<Sum> {
        amount
            .zip(self.owned(currency))
            .map(|(amount, currency)| Sum { amount, currency })
    }

    /// The typed members from the validated slots (nothing here can fail: `validate` checked
    /// every type and requirement).
    fn build(&self) -> Model {
        let payment = Payment {
            id: self.owned(slot::PAYMENT_ID).unwrap_or_default(),
            kind: self.owned(slot::PAYMENT_TYPE),
            status: self.text(slot::PAYMENT_STATUS).map(Status::parse),
            date: self.owned(slot::PAYMENT_DATE),
            method: self.owned(slot::PAYMENT_METHOD),
            sum: self.sum(self.amounts[0], slot::PAYMENT_SUM_CURRENCY),
            description: self.owned(slot::PAYMENT_DESCRIPTION),
        };
        let operation = self.has_members(slot::OPERATION).then(|| Operation {
            id: self.owned(slot::OP_ID),
            kind: self.owned(slot::OP_TYPE),
            status: self.text(slot::OP_STATUS).map(Status::parse),
            date: self.owned(slot::OP_DATE),
            created_date: self.owned(slot::OP_CREATED_DATE),
            request_id: self.owned(slot::OP_REQUEST_ID),
            sum_initial: self.sum(self.amounts[1], slot::OP_SUM_INITIAL_CURRENCY),
            sum_converted: self.sum(self.amounts[2], slot::OP_SUM_CONVERTED_CURRENCY),
            code: self.owned(slot::OP_CODE),
            message: self.owned(slot::OP_MESSAGE),
            provider: self.has_members(slot::OP_PROVIDER).then(|| Provider {
                id: self.owned(slot::PROVIDER_ID),
                payment_id: self.owned(slot::PROVIDER_PAYMENT_ID),
                auth_code: self.owned(slot::PROVIDER_AUTH_CODE),
            }),
        });
        Model {
            project_id: self.owned(slot::PROJECT_ID),
            payment,
            account_number: self.owned(slot::ACCOUNT_NUMBER),
            customer_id: self.owned(slot::CUSTOMER_ID),
            operation,
        }
    }

    /// `project_id` as text (checked against the shop's by the settlement engine).
    pub fn project_id(&self) -> Option<&str> {
        self.model().project_id.as_deref()
    }

    /// The `payment` object (`payment.id` is required).
    pub fn payment(&self) -> &Payment {
        &self.model().payment
    }

    /// `account.number`: the customer for purchases, the wallet for payouts.
    pub fn account_number(&self) -> Option<&str> {
        self.model().account_number.as_deref()
    }

    /// `customer.id`: the shop's customer id, when the platform sends it.
    pub fn customer_id(&self) -> Option<&str> {
        self.model().customer_id.as_deref()
    }

    /// The `operation` object, when it has members.
    pub fn operation(&self) -> Option<&Operation> {
        self.model().operation.as_ref()
    }

    /// The `errors` list (empty when absent).
    pub fn errors(&self) -> &[CallbackError] {
        &self.errors
    }

    /// Derived from `payment.status`, else `operation.status`; pending when neither is known
    /// (decided at parse time, without building the model).
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// Which accepted stamp form matched.
    pub fn signature(&self) -> Verified {
        self.signature
    }

    /// The whole message as received (signature included), numbers with their exact text.
    pub fn raw(&self) -> &RawJson {
        &self.raw
    }

    /// The status that decided the outcome.
    pub fn status(&self) -> Option<&Status> {
        self.payment()
            .status
            .as_ref()
            .or(self.operation().and_then(|o| o.status.as_ref()))
    }

    /// The model as JSON text (the shape the C ABI's callback events come from).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl PartialEq for Callback {
    /// Equal messages, signatures and typed members (however the callbacks were made).
    fn eq(&self, other: &Callback) -> bool {
        self.raw == other.raw
            && self.signature == other.signature
            && self.outcome == other.outcome
            && self.errors == other.errors
            && self.model() == other.model()
    }
}

impl fmt::Debug for Callback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let model = self.model();
        f.debug_struct("Callback")
            .field("project_id", &model.project_id)
            .field("payment", &model.payment)
            .field("account_number", &model.account_number)
            .field("customer_id", &model.customer_id)
            .field("operation", &model.operation)
            .field("errors", &self.errors)
            .field("outcome", &self.outcome)
            .field("signature", &self.signature)
            .field("raw", &self.raw)
            .finish()
    }
}

impl Serialize for Callback {
    /// The members in the order (and shape) of the model's fields before they were built
    /// lazily: shared vectors, the C ABI's events and the CLI pin this text.
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let model = self.model();
        let mut out = serializer.serialize_struct("Callback", 9)?;
        out.serialize_field("project_id", &model.project_id)?;
        out.serialize_field("payment", &model.payment)?;
        out.serialize_field("account_number", &model.account_number)?;
        out.serialize_field("customer_id", &model.customer_id)?;
        out.serialize_field("operation", &model.operation)?;
        out.serialize_field("errors", &self.errors)?;
        out.serialize_field("outcome", &self.outcome)?;
        out.serialize_field("signature", &self.signature)?;
        out.serialize_field("raw", &self.raw)?;
        out.end()
    }
}

/// What validation keeps: the amounts (parsed once) and the outcome.
struct Checked {
    amounts: [Option<i64>; 3],
    outcome: Outcome,
}

/// Where the texts the model reads are, recorded as they are validated. `text` is what `raw`
/// copies: a leaf inside it is kept as a range, any other (an escaped string, decoded into its
/// own buffer, or a leaf of a tree) as its own copy.
struct Spans<'t> {
    texts: [Span; SLOT_COUNT],
    owned: Vec<Box<str>>,
    text: &'t str,
}

impl Spans<'_> {
    #[inline(always)]
    fn keep(&mut self, at: u8, s: &str) {
        let start = (s.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        let span = match start.checked_add(s.len()) {
            Some(end) if end <= self.text.len() => match (u32::try_from(start), u32::try_from(end))
            {
                (Ok(start), Ok(end)) if start < Span::OWNED => Some(Span { start, end }),
                _ => None,
            },
            _ => None,
        };
        let span = span.unwrap_or_else(|| {
            self.owned.push(s.into());
            Span {
                start: Span::OWNED,
                end: (self.owned.len() - 1) as u32,
            }
        });
        if let Some(place) = self.texts.get_mut(usize::from(at)) {
            *place = span;
        }
    }
}

/// Every check the typed model makes, in the order it has always made them, without
/// allocating (errors aside); each text read is kept in `spans`.
fn validate(f: &Flat<'_>, spans: &mut Spans<'_>) -> Result<Checked> {
    expect_object(f, slot::PAYMENT, "payment")?;
    if text_ref(f, spans, slot::PAYMENT_ID, "payment.id")?
        .filter(|s| !s.is_empty())
        .is_none()
    {
        return Err(Error::field("payment.id", "is required"));
    }
    text_ref(f, spans, slot::PAYMENT_TYPE, "payment.type")?;
    let payment_status = text_ref(f, spans, slot::PAYMENT_STATUS, "payment.status")?;
    text_ref(f, spans, slot::PAYMENT_DATE, "payment.date")?;
    text_ref(f, spans, slot::PAYMENT_METHOD, "payment.method")?;
    let payment_sum = sum(
        f,
        spans,
        [
            slot::PAYMENT_SUM,
            slot::PAYMENT_SUM_AMOUNT,
            slot::PAYMENT_SUM_CURRENCY,
        ],
        ["payment.sum", "payment.sum.amount", "payment.sum.currency"],
    )?;
    text_ref(f, spans, slot::PAYMENT_DESCRIPTION, "payment.description")?;
    expect_object(f, slot::OPERATION, "operation")?;
    let (operation_status, operation_sums) = if f.slot_has_members(slot::OPERATION) {
        operation(f, spans)?
    } else {
        (None, [None, None])
    };
    expect_object(f, slot::ACCOUNT, "account")?;
    expect_object(f, slot::CUSTOMER, "customer")?;
    text_ref(f, spans, slot::PROJECT_ID, "project_id")?;
    text_ref(f, spans, slot::ACCOUNT_NUMBER, "account.number")?;
    text_ref(f, spans, slot::CUSTOMER_ID, "customer.id")?;
    let outcome = payment_status
        .or(operation_status)
        .map(|s| classify(s).1)
        .unwrap_or(Outcome::Pending);
    Ok(Checked {
        amounts: [payment_sum, operation_sums[0], operation_sums[1]],
        outcome,
    })
}

/// A member that must be an object when present: a leaf there is a type error.
#[inline(always)]
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
/// there is a type error (borrowed from the message: no copy).
#[inline(always)]
fn text_ref<'f>(
    f: &'f Flat<'_>,
    spans: &mut Spans<'_>,
    at: u8,
    name: &str,
) -> Result<Option<&'f str>> {
    let text: &str = match f.slot(at) {
        None if f.slot_has_members(at) => {
            return Err(Error::field(name, "expected a string, found a container"))
        }
        None | Some(Leaf::Null) => return Ok(None),
        Some(Leaf::Str(s)) => s,
        Some(Leaf::Int(t)) => t,
        Some(other) => {
            return Err(Error::field(
                name,
                format!("expected a string, found {}", leaf_type(other)),
            ))
        }
    };
    spans.keep(at, text);
    Ok(Some(text))
}

/// An integer given as a JSON integer or an ASCII-digit string.
#[inline(always)]
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
/// The amount when both are present (the currency is read from its slot when built).
#[inline(always)]
fn sum(f: &Flat<'_>, spans: &mut Spans<'_>, at: [u8; 3], names: [&str; 3]) -> Result<Option<i64>> {
    expect_object(f, at[0], names[0])?;
    let amount = integer(f, at[1], names[1])?;
    let currency = text_ref(f, spans, at[2], names[2])?;
    match (amount, currency) {
        (Some(amount), Some(_)) => Ok(Some(amount)),
        (None, None) if f.slot_has_members(at[0]) => Err(Error::field(
            names[0],
            "must be an object with amount and currency",
        )),
        (None, None) => Ok(None),
        (None, Some(_)) => Err(Error::field(names[1], "is required with a currency")),
        (Some(_), None) => Err(Error::field(names[2], "is required with an amount")),
    }
}

/// The `operation` object's checks: its status and the amounts of its two sums.
fn operation<'f>(
    f: &'f Flat<'_>,
    spans: &mut Spans<'_>,
) -> Result<(Option<&'f str>, [Option<i64>; 2])> {
    expect_object(f, slot::OP_PROVIDER, "operation.provider")?;
    if f.slot_has_members(slot::OP_PROVIDER) {
        text_ref(f, spans, slot::PROVIDER_ID, "operation.provider.id")?;
        text_ref(
            f,
            spans,
            slot::PROVIDER_PAYMENT_ID,
            "operation.provider.payment_id",
        )?;
        text_ref(
            f,
            spans,
            slot::PROVIDER_AUTH_CODE,
            "operation.provider.auth_code",
        )?;
    }
    text_ref(f, spans, slot::OP_ID, "operation.id")?;
    text_ref(f, spans, slot::OP_TYPE, "operation.type")?;
    let status = text_ref(f, spans, slot::OP_STATUS, "operation.status")?;
    text_ref(f, spans, slot::OP_DATE, "operation.date")?;
    text_ref(f, spans, slot::OP_CREATED_DATE, "operation.created_date")?;
    text_ref(f, spans, slot::OP_REQUEST_ID, "operation.request_id")?;
    let sum_initial = sum(
        f,
        spans,
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
    )?;
    let sum_converted = sum(
        f,
        spans,
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
    )?;
    text_ref(f, spans, slot::OP_CODE, "operation.code")?;
    text_ref(f, spans, slot::OP_MESSAGE, "operation.message")?;
    Ok((status, [sum_initial, sum_converted]))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn signed(signer: &Signer, json: &str) -> Vec<u8> {
        let v = parse_object(json.as_bytes(), signer.limits()).unwrap();
        let sig = signer.sign_value(&v).unwrap();
        let mut s = json.strip_suffix('}').unwrap().to_string();
        s.push_str(&format!(",\"signature\":\"{sig}\"}}"));
        s.into_bytes()
    }

    fn parse(json: &str) -> Result<Callback> {
        let signer = Signer::new("k").unwrap();
        Callback::parse(&signer, &signed(&signer, json))
    }

    /// The Python binding keeps a callback in a frozen class, the C ABI behind a handle.
    #[test]
    fn a_callback_is_send_and_sync() {
        fn shared<T: Send + Sync>() {}
        shared::<Callback>();
    }

    /// Members the model has not built yet are still checked by `parse`.
    #[test]
    fn every_member_is_validated_before_it_is_read() {
        let cases = [
            (r#"{"payment":{"type":"purchase"}}"#, "payment.id"),
            (r#"{"payment":{"id":""}}"#, "payment.id"),
            (
                r#"{"payment":{"id":"p"},"operation":{"provider":{"auth_code":true}}}"#,
                "operation.provider.auth_code",
            ),
            (
                r#"{"payment":{"id":"p"},"operation":{"sum_converted":{"amount":"1x","currency":"KZT"}}}"#,
                "operation.sum_converted.amount",
            ),
            (
                r#"{"payment":{"id":"p","sum":{"amount":5}}}"#,
                "payment.sum.currency",
            ),
            (
                r#"{"payment":{"id":"p"},"customer":{"id":[1]}}"#,
                "customer.id",
            ),
            (
                r#"{"payment":{"id":"p"},"project_id":{"a":1}}"#,
                "project_id",
            ),
        ];
        for (json, path) in cases {
            let err = parse(json).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Validation, "{json}");
            assert!(err.to_string().contains(path), "{json}: {err}");
        }
    }

    /// Texts read in place, texts with escapes (decoded into their own copy) and a model
    /// from a tree (whose `raw` is the tree's compact text: the same here) give the same
    /// members.
    #[test]
    fn built_members_match_the_message() {
        let json = r#"{"project_id":111,"payment":{"id":"pé-1","status":"SUCCESS","sum":{"amount":"2000","currency":"KZT"},"description":"a \"quoted\" text"},"account":{"number":"77"},"operation":{"id":12345678901234567890,"status":"decline","provider":{"id":"1197"}}}"#;
        let cb = parse(json).unwrap();
        assert_eq!(cb.outcome(), Outcome::Completed);
        assert_eq!(cb.project_id(), Some("111"));
        assert_eq!(cb.payment().id, "pé-1");
        assert_eq!(
            cb.payment().description.as_deref(),
            Some("a \"quoted\" text")
        );
        assert_eq!(
            cb.payment().sum,
            Some(Sum {
                amount: 2000,
                currency: "KZT".into()
            })
        );
        assert_eq!(cb.account_number(), Some("77"));
        assert_eq!(cb.customer_id(), None);
        let op = cb.operation().unwrap();
        assert_eq!(op.id.as_deref(), Some("12345678901234567890"));
        assert_eq!(
            op.provider.as_ref().and_then(|p| p.id.as_deref()),
            Some("1197")
        );
        assert_eq!(cb.status().map(Status::as_str), Some("SUCCESS"));

        let tree = cb.raw().to_tree().unwrap();
        let from_tree = Callback::from_verified(&tree, cb.signature()).unwrap();
        assert_eq!(from_tree, cb);
        assert_eq!(from_tree.to_json(), cb.to_json());
        assert_eq!(format!("{from_tree:?}"), format!("{cb:?}"));
        // A copy made before the members were built builds the same ones.
        let fresh = parse(json).unwrap();
        let copy = fresh.clone();
        assert_eq!(copy.to_json(), cb.to_json());
    }

    /// The outcome is decided without building: the operation's status when the payment has
    /// none, pending when neither has one.
    #[test]
    fn the_outcome_needs_no_model() {
        let cb = parse(r#"{"payment":{"id":"p"},"operation":{"status":"refunded"}}"#).unwrap();
        assert_eq!(cb.outcome(), Outcome::Refunded);
        assert!(cb.model.get().is_none());
        let cb = parse(r#"{"payment":{"id":"p"},"operation":{}}"#).unwrap();
        assert_eq!(cb.outcome(), Outcome::Pending);
        assert!(cb.operation().is_none());
    }
}
