//! Inbound messages: root dispatch and the typed message values.
//!
//! The root element decides what a body is, whatever the HTTP status. A root that is none of
//! the five known ones is a `MalformedInput` error (the body is not a CQR message), as is a
//! known root handed to a parser that expects another one.

use crate::cqr::notify::{Ack, AckCodes, ResultCode};
use crate::cqr::payment::{parse_payment, Payment};
use crate::cqr::state::{is_duplicate, IdempotencyKey, Outcome, STATE_REDIRECT_URL_CREATED};
use crate::cqr::value::{free_text, missing, opt_details, opt_id, opt_int, put, Detail, IntValue};
use crate::cqr::xml::{trim_xml, with_document, Document, NodeId, ParseLimits};
use crate::error::{Error, ErrorKind, Result};
use serde::Serialize;

/// Root element names.
pub(crate) const ROOT_INITIATE_RESPONSE: &str = "initiatePaymentResponse";
pub(crate) const ROOT_NOTIFICATION: &str = "handlePaymentStateChangedNotificationRequest";
pub(crate) const ROOT_GET_PAYMENTS_RESPONSE: &str = "getPaymentsResponse";
pub(crate) const ROOT_EXECUTE_ACTION_RESPONSE: &str = "executePaymentActionResponse";
pub(crate) const ROOT_EXCEPTION: &str = "paymentServiceException";
/// Root of the shop's answer to a notification (read by [`parse_ack`]; not a PXP message).
pub(crate) const ROOT_ACK: &str = "handlePaymentStateChangedNotificationResponse";

/// Any inbound CQR message. Serialises with a `kind` tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Message {
    /// `initiatePaymentResponse`: the answer to an initiation.
    InitiateResponse(InitiateResponse),
    /// `handlePaymentStateChangedNotificationRequest`: PXP reports a payment's new state.
    Notification(Notification),
    /// `getPaymentsResponse`: the payments of one `merchantTransactionID`.
    GetPaymentsResponse(GetPaymentsResponse),
    /// `executePaymentActionResponse`: the answer to a payment action (parsed, never built).
    ExecutePaymentActionResponse(ExecutePaymentActionResponse),
    /// `paymentServiceException`: PXP rejected the request; nothing was created.
    PaymentServiceException(ServiceException),
}

impl Message {
    /// The `kind` name used in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Message::InitiateResponse(_) => "initiate_response",
            Message::Notification(_) => "notification",
            Message::GetPaymentsResponse(_) => "get_payments_response",
            Message::ExecutePaymentActionResponse(_) => "execute_payment_action_response",
            Message::PaymentServiceException(_) => "payment_service_exception",
        }
    }
}

/// What an `initiatePaymentResponse` means for the host (cqr.md §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InitiateResult {
    /// State 30 with a `RedirectionUrl`: send the browser there; the payment stays pending.
    Redirect {
        /// `paymentDetails` `RedirectionUrl`: an absolute http(s) URL.
        url: String,
    },
    /// State 30 without a usable `RedirectionUrl`: a protocol error; the payment stays pending
    /// (confirm with getPayments). `error_kind` is always `protocol`.
    ProtocolError {
        /// Always `protocol` (the [`ErrorKind`] name the bindings raise).
        error_kind: &'static str,
        /// What was wrong with the answer.
        message: String,
    },
    /// State 368/369: a payment with this merchantTransactionID already exists; call getPayments.
    Duplicate {
        /// `state/definition/key` (368 or 369).
        state_key: i64,
    },
    /// State 4 or another failed state.
    Failed {
        /// `state/definition/key`.
        state_key: i64,
    },
    /// A completed state (unexpected here, classified by the state table).
    Completed {
        /// `state/definition/key`.
        state_key: i64,
    },
    /// Any other state: pending.
    Pending {
        /// `state/definition/key`.
        state_key: i64,
    },
}

/// A parsed `initiatePaymentResponse`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InitiateResponse {
    /// What the answer means for the host, from `payment/state/definition/key`.
    pub result: InitiateResult,
    /// `paymentDetails` `Token`.
    pub token: Option<String>,
    /// `paymentDetails` `ProviderExternalID`.
    pub provider_external_id: Option<String>,
    /// The `payment` element PXP created (its `paymentID` names it in notifications).
    pub payment: Payment,
}

impl InitiateResponse {
    /// The redirect URL, or a `Protocol` error when state 30 came without one, or a `Protocol`
    /// error naming the state when the payment was not redirected.
    pub fn redirect_url(&self) -> Result<&str> {
        match &self.result {
            InitiateResult::Redirect { url } => Ok(url),
            InitiateResult::ProtocolError { message, .. } => {
                Err(Error::new(ErrorKind::Protocol, message.clone()))
            }
            other => Err(Error::new(
                ErrorKind::Protocol,
                format!("no redirect: initiate answered {:?}", other),
            )),
        }
    }
}

/// A parsed `handlePaymentStateChangedNotificationRequest`. Serialises as
/// `{"outcome", "idempotency_key", "payment"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// The `payment` element with its new `state`.
    pub payment: Payment,
}

impl Notification {
    /// The state's class (same as `payment.state.outcome`).
    pub fn outcome(&self) -> Outcome {
        self.payment.outcome()
    }

    /// (paymentID, state key, state id); its text form is stable.
    pub fn idempotency_key(&self) -> IdempotencyKey {
        self.payment.idempotency_key()
    }
}

impl Serialize for Notification {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Notification", 5)?;
        st.serialize_field("outcome", &self.outcome())?;
        // What to act on: a completed state without isExecuted=true stays pending (flag it).
        st.serialize_field(
            "effective_outcome",
            &crate::cqr::notify::effective_outcome(&self.payment),
        )?;
        st.serialize_field(
            "is_executed_consistent",
            &crate::cqr::notify::is_executed_consistent(&self.payment),
        )?;
        st.serialize_field("idempotency_key", &self.idempotency_key())?;
        st.serialize_field("payment", &self.payment)?;
        st.end()
    }
}

/// A parsed `getPaymentsResponse`: every payment, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GetPaymentsResponse {
    /// The `payments` children in document order (empty when PXP knows no payment).
    pub payments: Vec<Payment>,
}

/// The getPayments answer for one `paymentID` (cqr.md §5.2 step 9, §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confirmation {
    /// The payment is completed: a completed state with `isExecuted` = `true`.
    Completed,
    /// Still pending (including a completed state without `isExecuted` = `true`).
    Pending,
    /// The payment failed (a failed state, such as 4 or 368/369).
    Failed,
    /// No payment with that id in the answer.
    NotFound,
}

crate::wire::wire_names!(Confirmation, "confirmation", {
    Completed => "completed",
    Pending => "pending",
    Failed => "failed",
    NotFound => "not_found",
});

impl GetPaymentsResponse {
    /// The payment with this `paymentID` (the first one, if the answer repeats it).
    pub fn find(&self, payment_id: &str) -> Option<&Payment> {
        self.payments.iter().find(|p| p.payment_id == payment_id)
    }

    /// The class of the payment with this `paymentID`, or `NotFound`. A completed state whose
    /// `isExecuted` is not `true` is reported as pending.
    pub fn confirmation(&self, payment_id: &str) -> Confirmation {
        match self.find(payment_id) {
            None => Confirmation::NotFound,
            Some(p) => match crate::cqr::notify::effective_outcome(p) {
                Outcome::Completed => Confirmation::Completed,
                Outcome::Failed => Confirmation::Failed,
                Outcome::Pending => Confirmation::Pending,
            },
        }
    }
}

/// A parsed `executePaymentActionResponse`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExecutePaymentActionResponse {
    /// `statusCode`: 0 when the action was executed.
    pub status_code: IntValue,
    /// `status_code == 0`.
    pub ok: bool,
    /// `actionResults` items (empty when missing or nil).
    pub action_results: Vec<Detail>,
}

/// A parsed `paymentServiceException` (the request was rejected; nothing was created).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceException {
    /// `id`: PXP's id of the exception, for support requests.
    pub id: Option<String>,
    /// `errorCode` (100 validation, 201 merchant not found, 800 schema validation, …);
    /// [`error_name`](Self::error_name) has the documented meaning.
    pub error_code: Option<IntValue>,
    /// The documented meaning of the code, if known.
    pub error_name: Option<&'static str>,
    /// Verbatim; may span lines.
    pub error_message: Option<String>,
}

/// Documented `paymentServiceException` codes.
pub(crate) fn exception_code_name(code: i64) -> Option<&'static str> {
    Some(match code {
        100 => "general validation error",
        201 => "merchant not found",
        202 => "shop not found",
        203 => "user not found",
        204 => "country error",
        205 => "currency error",
        206 => "language error",
        207 => "payment method error",
        208 => "payment account error",
        209 => "payment error",
        210 => "payment limit error",
        211 => "payment recurrence error",
        212 => "VAN error",
        213 => "payment batch type error",
        301 => "user already registered",
        700 => "action not allowed for the payment",
        800 => "schema validation failed",
        _ => return None,
    })
}

/// What an `initiatePayment` call got back.
#[allow(clippy::large_enum_variant)] // parsed once per call; boxing would only add an allocation
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InitiateAnswer {
    /// `initiatePaymentResponse`: the payment was created.
    InitiateResponse(InitiateResponse),
    /// `paymentServiceException`: rejected, the payment is treated as not created.
    PaymentServiceException(ServiceException),
}

/// What a `getPayments` call got back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GetPaymentsAnswer {
    /// `getPaymentsResponse`: the payments PXP has for the order.
    GetPaymentsResponse(GetPaymentsResponse),
    /// `paymentServiceException`: the query was rejected.
    PaymentServiceException(ServiceException),
}

/// Parses any inbound CQR message with the default limits.
pub fn parse_message(xml: &[u8]) -> Result<Message> {
    parse_message_with(xml, &ParseLimits::default())
}

/// Parses any inbound CQR message.
pub fn parse_message_with(xml: &[u8], limits: &ParseLimits) -> Result<Message> {
    with_document(xml, limits, |doc| {
        let root = doc.root();
        Ok(match doc.name(root) {
            ROOT_INITIATE_RESPONSE => Message::InitiateResponse(initiate_response(doc, root)?),
            ROOT_NOTIFICATION => Message::Notification(notification(doc, root)?),
            ROOT_GET_PAYMENTS_RESPONSE => Message::GetPaymentsResponse(get_payments(doc, root)?),
            ROOT_EXECUTE_ACTION_RESPONSE => {
                Message::ExecutePaymentActionResponse(execute_action(doc, root)?)
            }
            ROOT_EXCEPTION => Message::PaymentServiceException(exception(doc, root)?),
            other => return Err(unexpected_root(other)),
        })
    })
}

fn unexpected_root(name: &str) -> Error {
    Error::malformed(format!(
        "unexpected root element {:?}",
        crate::money::truncate_for_message(name)
    ))
    .with_path(format!("/{}", crate::money::truncate_for_message(name)))
}

/// Parses a notification body (root `handlePaymentStateChangedNotificationRequest`).
pub fn parse_notification(xml: &[u8]) -> Result<Notification> {
    parse_notification_with(xml, &ParseLimits::default())
}

/// Parses a notification body (root `handlePaymentStateChangedNotificationRequest`) within
/// `limits`.
pub fn parse_notification_with(xml: &[u8], limits: &ParseLimits) -> Result<Notification> {
    with_document(xml, limits, |doc| {
        let root = doc.root();
        match doc.name(root) {
            ROOT_NOTIFICATION => notification(doc, root),
            other => Err(unexpected_root(other)),
        }
    })
}

/// Parses the answer to `initiatePayment`.
pub fn parse_initiate_answer(xml: &[u8]) -> Result<InitiateAnswer> {
    parse_initiate_answer_with(xml, &ParseLimits::default())
}

/// Parses the answer to `initiatePayment` with explicit limits.
pub fn parse_initiate_answer_with(xml: &[u8], limits: &ParseLimits) -> Result<InitiateAnswer> {
    match parse_message_with(xml, limits)? {
        Message::InitiateResponse(r) => Ok(InitiateAnswer::InitiateResponse(r)),
        Message::PaymentServiceException(e) => Ok(InitiateAnswer::PaymentServiceException(e)),
        other => Err(unexpected_root(root_name(&other))),
    }
}

/// Parses the answer to `getPayments`.
pub fn parse_get_payments_answer(xml: &[u8]) -> Result<GetPaymentsAnswer> {
    parse_get_payments_answer_with(xml, &ParseLimits::default())
}

/// Parses the answer to `getPayments` with explicit limits.
pub fn parse_get_payments_answer_with(
    xml: &[u8],
    limits: &ParseLimits,
) -> Result<GetPaymentsAnswer> {
    match parse_message_with(xml, limits)? {
        Message::GetPaymentsResponse(r) => Ok(GetPaymentsAnswer::GetPaymentsResponse(r)),
        Message::PaymentServiceException(e) => Ok(GetPaymentsAnswer::PaymentServiceException(e)),
        other => Err(unexpected_root(root_name(&other))),
    }
}

/// Parses the shop's answer to a notification (what [`build_ack`](crate::cqr::build_ack)
/// writes) with the default limits.
pub fn parse_ack(xml: &[u8]) -> Result<Ack> {
    parse_ack_with(xml, &ParseLimits::default())
}

/// Parses the shop's answer to a notification, through the same hardened reader as every
/// message (size, depth and item limits, no DOCTYPE). Another root is a `MalformedInput` error,
/// as is a repeated element; a missing (or nil) `resultCode`, `key` or `value`, an empty
/// `value` or a `key` that is not a 64-bit integer is a `Validation` error at that element.
pub fn parse_ack_with(xml: &[u8], limits: &ParseLimits) -> Result<Ack> {
    with_document(xml, limits, |doc| {
        let root = doc.root();
        if doc.name(root) != ROOT_ACK {
            return Err(unexpected_root(doc.name(root)));
        }
        let (mut code, mut message) = (None, None);
        for c in doc.children(root) {
            match doc.name(c) {
                "resultCode" => put(doc, &mut code, c)?,
                "resultMessage" => put(doc, &mut message, c)?,
                _ => {}
            }
        }
        let code = code
            .filter(|&c| !doc.is_nil(c))
            .ok_or_else(|| missing(doc, root, "resultCode"))?;
        let (mut key, mut value) = (None, None);
        for c in doc.children(code) {
            match doc.name(c) {
                "key" => put(doc, &mut key, c)?,
                "value" => put(doc, &mut value, c)?,
                _ => {}
            }
        }
        let key = opt_int(doc, key)?.ok_or_else(|| missing(doc, code, "key"))?;
        let name = value
            .filter(|&v| !doc.is_nil(v))
            .map(|v| doc.text(v))
            .filter(|name| !trim_xml(name).is_empty())
            .ok_or_else(|| missing(doc, code, "value"))?;
        Ok(Ack {
            result: AckCodes::default().result_of(key.value),
            result_code: ResultCode::new(key.value, name),
            message: free_text(doc, message).unwrap_or_default(),
        })
    })
}

fn root_name(m: &Message) -> &'static str {
    match m {
        Message::InitiateResponse(_) => ROOT_INITIATE_RESPONSE,
        Message::Notification(_) => ROOT_NOTIFICATION,
        Message::GetPaymentsResponse(_) => ROOT_GET_PAYMENTS_RESPONSE,
        Message::ExecutePaymentActionResponse(_) => ROOT_EXECUTE_ACTION_RESPONSE,
        Message::PaymentServiceException(_) => ROOT_EXCEPTION,
    }
}

fn single_payment(doc: &Document<'_>, root: NodeId) -> Result<Payment> {
    let mut p = None;
    for c in doc.children(root) {
        if doc.name(c) == "payment" {
            put(doc, &mut p, c)?;
        }
    }
    match p.filter(|&p| !doc.is_nil(p)) {
        Some(p) => parse_payment(doc, p),
        None => Err(missing(doc, root, "payment")),
    }
}

fn notification(doc: &Document<'_>, root: NodeId) -> Result<Notification> {
    Ok(Notification {
        payment: single_payment(doc, root)?,
    })
}

fn initiate_response(doc: &Document<'_>, root: NodeId) -> Result<InitiateResponse> {
    let payment = single_payment(doc, root)?;
    let key = payment.state_key();
    let result = if key == STATE_REDIRECT_URL_CREATED {
        match payment.redirection_url() {
            Some(url) => InitiateResult::Redirect { url: url.to_string() },
            None => InitiateResult::ProtocolError {
                error_kind: ErrorKind::Protocol.name(),
                message: "state 30 RedirectURLCreated without a RedirectionUrl in paymentStateDetails; the payment stays pending".into(),
            },
        }
    } else if is_duplicate(key) {
        InitiateResult::Duplicate { state_key: key }
    } else {
        match payment.outcome() {
            Outcome::Failed => InitiateResult::Failed { state_key: key },
            Outcome::Completed => InitiateResult::Completed { state_key: key },
            Outcome::Pending => InitiateResult::Pending { state_key: key },
        }
    };
    Ok(InitiateResponse {
        result,
        token: payment.token().map(str::to_string),
        provider_external_id: payment.provider_external_id().map(str::to_string),
        payment,
    })
}

fn get_payments(doc: &Document<'_>, root: NodeId) -> Result<GetPaymentsResponse> {
    let mut list = None;
    for c in doc.children(root) {
        if doc.name(c) == "payments" {
            put(doc, &mut list, c)?;
        }
    }
    let mut payments = Vec::new();
    if let Some(list) = list.filter(|&l| !doc.is_nil(l)) {
        for c in doc.children(list) {
            if doc.name(c) == "payment" && !doc.is_nil(c) {
                payments.push(parse_payment(doc, c)?);
            }
        }
    }
    Ok(GetPaymentsResponse { payments })
}

fn execute_action(doc: &Document<'_>, root: NodeId) -> Result<ExecutePaymentActionResponse> {
    let (mut status, mut results) = (None, None);
    for c in doc.children(root) {
        match doc.name(c) {
            "statusCode" => put(doc, &mut status, c)?,
            "actionResults" => put(doc, &mut results, c)?,
            _ => {}
        }
    }
    let status_code = opt_int(doc, status)?.ok_or_else(|| missing(doc, root, "statusCode"))?;
    Ok(ExecutePaymentActionResponse {
        ok: status_code.value == 0,
        status_code,
        action_results: opt_details(doc, results)?.unwrap_or_default(),
    })
}

fn exception(doc: &Document<'_>, root: NodeId) -> Result<ServiceException> {
    let (mut id, mut code, mut msg) = (None, None, None);
    for c in doc.children(root) {
        match doc.name(c) {
            "id" => put(doc, &mut id, c)?,
            "errorCode" => put(doc, &mut code, c)?,
            "errorMessage" => put(doc, &mut msg, c)?,
            _ => {}
        }
    }
    let error_code = opt_int(doc, code)?;
    Ok(ServiceException {
        id: opt_id(doc, id),
        error_name: error_code
            .as_ref()
            .and_then(|c| exception_code_name(c.value)),
        error_code,
        error_message: free_text(doc, msg),
    })
}
