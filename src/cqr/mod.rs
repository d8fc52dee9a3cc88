//! CQR / Kalixa (PXP) PaymentService v3 XML for QiwiDeposit (method 163, provider Envoy 90).
//!
//! Sans-IO: build request bodies ([`InitiatePaymentRequest`], [`GetPaymentsRequest`]), parse
//! every answer and notification into typed values ([`parse_message`], [`parse_notification`]),
//! decide what a state means ([`Outcome`]), authenticate PXP's notifications
//! ([`BasicCredentials`], [`IpAllowList`]) and write the notification answer ([`build_ack`]).
//! See `docs/cqr.md` for the flow, the rules and the JSON shapes.

mod auth;
mod envoy;
mod escape;
mod get_payments;
mod initiate;
pub(crate) mod notify;
mod parse;
mod payment;
pub(crate) mod state;
mod timestamp;
mod transport;
mod value;
mod xml;

pub use auth::{
    parse_peer, BasicCredentials, IpAllowList, IpDecision, IpNet, ProxyHeader, PXP_PRODUCTION_IP,
    PXP_TEST_IP,
};
pub use envoy::{envoy_message, CodeItem, CodeSource, ProviderCode, ENVOY_CODES};
pub use get_payments::GetPaymentsRequest;
pub use initiate::{
    build_initiate_request, parse_initiate_request, parse_initiate_request_with, Address,
    BuiltRequest, InitiatePaymentRequest, UserData, Warning,
};
pub use notify::{
    ack_processed, ack_result_name, build_ack, check_amount, default_result_name,
    effective_outcome, is_executed_consistent, Ack, AckCodes, AckResult, AmountCheck, ResultCode,
    MAX_RESULT_MESSAGE_CHARS,
};
pub use parse::{
    parse_ack, parse_ack_with, parse_get_payments_answer, parse_get_payments_answer_with,
    parse_initiate_answer, parse_initiate_answer_with, parse_message, parse_message_with,
    parse_notification, parse_notification_with, Confirmation, ExecutePaymentActionResponse,
    GetPaymentsAnswer, GetPaymentsResponse, InitiateAnswer, InitiateResponse, InitiateResult,
    Message, Notification, ServiceException,
};
pub use payment::{Payment, PaymentState};
pub use state::{outcome_of, state_name, IdempotencyKey, Outcome};
pub use timestamp::Timestamp;
pub use transport::{
    basic_authorization, AuthorizationHeader, Endpoint, Operation, CONTENT_TYPE, TEST_BASE_URL,
};
pub use value::{CodeName, DecimalValue, Detail, DetailValue, IntValue, Money, ValueType};
pub use xml::{CqrLimits, ParseLimits};
