//! The `payment` element (`paymentWithState` / `paymentWithPaymentAccount`).

use crate::cqr::envoy::{envoy_message, CodeItem, CodeSource, ProviderCode};
use crate::cqr::state::{outcome_of, state_name, IdempotencyKey, Outcome};
use crate::cqr::timestamp::Timestamp;
use crate::cqr::value::{
    find_detail, missing, opt_bool, opt_code_name, opt_details, opt_id, opt_int, opt_money,
    opt_timestamp, put, required_id, CodeName, Detail, IntValue, Money,
};
use crate::cqr::xml::{Document, NodeId};
use crate::error::Result;
use serde::Serialize;

/// A payment's current state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentState {
    /// `state/id` (a string; not necessarily a GUID).
    pub id: String,
    /// `state/definition/key`.
    pub key: IntValue,
    /// `state/definition/value` as received.
    pub value: Option<String>,
    /// The library's name for the key, `None` for unknown keys.
    pub name: Option<&'static str>,
    /// The class derived from the key.
    pub outcome: Outcome,
    /// `state/createdOn`: when PXP entered the state, as written (never converted between zones).
    pub created_on: Option<Timestamp>,
    /// Free text, verbatim.
    pub description: Option<String>,
    /// `paymentStateDetails`; `None` when missing or nil.
    pub details: Option<Vec<Detail>>,
}

/// One `payment` element. Ids are strings; amounts are exact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payment {
    /// `xsi:type` of the element (`paymentWithState`, `paymentWithPaymentAccount`), as written.
    #[serde(rename = "type")]
    pub payment_type: Option<String>,
    /// `merchantID`: the merchant account (required).
    pub merchant_id: String,
    /// `shopID`: the shop (required).
    pub shop_id: String,
    /// `paymentMethod` (`163` / `QiwiDeposit`).
    pub payment_method: Option<CodeName>,
    /// `merchantTransactionID`: the host's order id (required).
    pub merchant_transaction_id: String,
    /// `paymentID`: PXP's id of the payment (required; a string, not necessarily a GUID).
    pub payment_id: String,
    /// `userID`: the customer id the shop sent.
    pub user_id: Option<String>,
    /// `paymentProvider` (`90` / `Envoy`).
    pub payment_provider: Option<CodeName>,
    /// `amount` with its `currencyCode` (required): the amount to check against the order.
    pub amount: Money,
    /// `shopFee`: the fee PXP kept; `amount + shopFee` may equal the order's amount.
    pub shop_fee: Option<Money>,
    /// `creationType` (`1` / `User`).
    pub creation_type: Option<CodeName>,
    /// `userIP` as received.
    pub user_ip: Option<String>,
    /// `state` (required): the state this message reports.
    pub state: PaymentState,
    /// `isExecuted`: `true` once the money moved; a completed state without it stays pending.
    pub is_executed: Option<bool>,
    /// The merchant's accounting amount; informative, never used for crediting.
    pub base_amount: Option<Money>,
    /// `paymentDetails`; `None` when missing or nil.
    pub payment_details: Option<Vec<Detail>>,
    /// `paymentAccountID` (`paymentWithPaymentAccount` only).
    pub payment_account_id: Option<String>,
    /// Envoy codes found in the state details and payment details.
    pub provider_codes: Vec<ProviderCode>,
}

impl Payment {
    /// The state key (e.g. 29).
    pub fn state_key(&self) -> i64 {
        self.state.key.value
    }

    /// The derived outcome.
    pub fn outcome(&self) -> Outcome {
        self.state.outcome
    }

    /// (`paymentID`, state key, `state/id`).
    pub fn idempotency_key(&self) -> IdempotencyKey {
        IdempotencyKey {
            payment_id: self.payment_id.clone(),
            state_key: self.state.key.value,
            state_id: self.state.id.clone(),
        }
    }

    /// An item of `paymentStateDetails` by key.
    pub fn state_detail(&self, key: &str) -> Option<&Detail> {
        find_detail(self.state.details.as_deref()?, key)
    }

    /// An item of `paymentDetails` by key.
    pub fn payment_detail(&self, key: &str) -> Option<&Detail> {
        find_detail(self.payment_details.as_deref()?, key)
    }

    /// `paymentDetails` `Token` (Envoy id).
    pub fn token(&self) -> Option<&str> {
        self.payment_detail("Token").and_then(Detail::text)
    }

    /// `paymentDetails` `ProviderExternalID`.
    pub fn provider_external_id(&self) -> Option<&str> {
        self.payment_detail("ProviderExternalID")
            .and_then(Detail::text)
    }

    /// `paymentStateDetails` `RedirectionUrl`, trimmed, when non-empty.
    pub fn redirection_url(&self) -> Option<&str> {
        self.state_detail("RedirectionUrl")
            .and_then(Detail::text)
            .map(crate::cqr::xml::trim_xml)
            .filter(|s| !s.is_empty())
    }
}

fn provider_codes(source: CodeSource, items: Option<&[Detail]>, out: &mut Vec<ProviderCode>) {
    let Some(items) = items else { return };
    for item in [CodeItem::ProviderResponse, CodeItem::ProviderStatus] {
        let Some(code) = find_detail(items, item.code_key()).and_then(Detail::text) else {
            continue;
        };
        let code = crate::cqr::xml::trim_xml(code).to_string();
        let code_int = IntValue::parse(&code).ok().map(|v| v.value);
        out.push(ProviderCode {
            source,
            item,
            code_int,
            known_message: code_int.and_then(envoy_message),
            message: find_detail(items, item.message_key())
                .and_then(Detail::text)
                .map(str::to_string),
            code,
        });
    }
}

fn parse_state(doc: &Document<'_>, n: NodeId) -> Result<PaymentState> {
    let (mut id, mut def, mut created, mut desc, mut details) = (None, None, None, None, None);
    for c in doc.children(n) {
        match doc.name(c) {
            "id" => put(doc, &mut id, c)?,
            "definition" => put(doc, &mut def, c)?,
            "createdOn" => put(doc, &mut created, c)?,
            "description" => put(doc, &mut desc, c)?,
            "paymentStateDetails" => put(doc, &mut details, c)?,
            _ => {}
        }
    }
    let sid = required_id(doc, n, id, "id")?;
    let def = def
        .filter(|&d| !doc.is_nil(d))
        .ok_or_else(|| missing(doc, n, "definition"))?;
    let (mut key, mut value) = (None, None);
    for c in doc.children(def) {
        match doc.name(c) {
            "key" => put(doc, &mut key, c)?,
            "value" => put(doc, &mut value, c)?,
            _ => {}
        }
    }
    let key = opt_int(doc, key)?.ok_or_else(|| missing(doc, def, "key"))?;
    Ok(PaymentState {
        id: sid,
        name: state_name(key.value),
        outcome: outcome_of(key.value),
        key,
        value: opt_id(doc, value),
        created_on: informative(opt_timestamp(doc, created)),
        description: crate::cqr::value::free_text(doc, desc),
        details: opt_details(doc, details)?,
    })
}

/// Reads a `payment` element. Required: `merchantID`, `shopID`, `merchantTransactionID`,
/// `paymentID`, `amount` (with `currencyCode`), `state` with `id` and `definition/key`.
pub(crate) fn parse_payment(doc: &Document<'_>, n: NodeId) -> Result<Payment> {
    let mut s: [Option<NodeId>; 17] = [None; 17];

    for c in doc.children(n) {
        let i = match doc.name(c) {
            "merchantID" => 0,
            "shopID" => 1,
            "paymentMethod" => 2,
            "merchantTransactionID" => 3,
            "paymentID" => 4,
            "userID" => 5,
            "paymentProvider" => 6,
            "amount" => 7,
            "shopFee" => 8,
            "creationType" => 9,
            "userIP" => 10,
            "state" => 11,
            "isExecuted" => 12,
            "baseAmount" => 13,
            "paymentDetails" => 14,
            "paymentAccount" => 15,
            "paymentAccountID" => 16,
            _ => continue,
        };
        if let Some(slot) = s.get_mut(i) {
            put(doc, slot, c)?;
        }
    }
    let [merchant, shop, method, mtid, pid, user, provider, amount, fee, creation, ip, state, executed, base, details, account, account_id] =
        s;
    let state_node = state
        .filter(|&x| !doc.is_nil(x))
        .ok_or_else(|| missing(doc, n, "state"))?;
    let amount = opt_money(doc, amount)?.ok_or_else(|| missing(doc, n, "amount"))?;
    let account_id = match account.filter(|&a| !doc.is_nil(a)) {
        Some(a) => opt_id(doc, doc.child(a, "paymentAccountID")),
        None => opt_id(doc, account_id),
    };
    let state = parse_state(doc, state_node)?;
    let payment_details = opt_details(doc, details)?;
    let mut codes = Vec::new();
    provider_codes(
        CodeSource::PaymentStateDetails,
        state.details.as_deref(),
        &mut codes,
    );
    provider_codes(
        CodeSource::PaymentDetails,
        payment_details.as_deref(),
        &mut codes,
    );
    Ok(Payment {
        payment_type: doc.xsi_type(n).map(str::to_string),
        merchant_id: required_id(doc, n, merchant, "merchantID")?,
        shop_id: required_id(doc, n, shop, "shopID")?,
        payment_method: informative(opt_code_name(doc, method)),
        merchant_transaction_id: required_id(doc, n, mtid, "merchantTransactionID")?,
        payment_id: required_id(doc, n, pid, "paymentID")?,
        user_id: opt_id(doc, user),
        payment_provider: informative(opt_code_name(doc, provider)),
        amount,
        shop_fee: informative(opt_money(doc, fee)),
        creation_type: informative(opt_code_name(doc, creation)),
        user_ip: opt_id(doc, ip),
        state,
        is_executed: opt_bool(doc, executed)?,
        base_amount: informative(opt_money(doc, base)),
        payment_details,
        payment_account_id: account_id,
        provider_codes: codes,
    })
}

/// An informative element the decisions do not use (`createdOn`, `paymentMethod`,
/// `paymentProvider`, `creationType`, `shopFee`, `baseAmount`): when its text does not fit its
/// type it is left out instead of failing the message (cqr.md §3.10, revised: a rejected
/// notification spends PXP's few retries). The raw body keeps it. A `shopFee` left out only
/// makes the amount check stricter (`amount` alone must match).
fn informative<T>(parsed: Result<Option<T>>) -> Option<T> {
    parsed.ok().flatten()
}
