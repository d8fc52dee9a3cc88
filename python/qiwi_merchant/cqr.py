"""CQR / Kalixa (PXP) PaymentService XML for QiwiDeposit (method 163, provider Envoy 90).

Build request bodies (:func:`build_initiate_request`, :func:`build_get_payments_request`),
parse every answer and notification (:func:`parse`, :func:`parse_notification`,
:func:`parse_initiate_answer`, :func:`parse_get_payments_answer`) into typed, read-only objects,
authenticate PXP's notifications (:class:`BasicCredentials`, :class:`IpAllowList`) and answer
them (:func:`build_ack`, :func:`ack`; :func:`parse_ack` reads such an answer back), or let the settlement engine decide (:func:`settle`).
Flow and rules: docs/cqr.md. All logic is in the Rust core; this module only names it.

The parsed objects are frozen and hold the core's parsed value: a field's Python object is built
when it is first read. Amounts are ``decimal.Decimal`` (exact) with their currency and, when
exact, integer minor units. A message's ``raw`` is the body as received (``bytes``); every
object's ``to_dict()`` is its JSON shape (docs/cqr.md §4), the same the CLI and the C ABI write.

Every parser takes ``limits=``: a Mapping with any of ``max_body_bytes`` (default 1 MiB =
1048576, checked before decoding), ``max_depth`` (64; the root element is depth 1),
``max_items`` (20000 elements per document, and attributes per element) and
``max_string_bytes`` (65536 per text or attribute value, after unescaping); the keys left out
keep their defaults. Going over one raises ``LimitExceededError`` whose ``.limit`` names it
(``body_size``, ``depth``, ``items``, ``string_length``); an unknown key or a value that is not
a positive int is a ``ValidationError`` naming the key.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Union

from . import _core
from ._core import (
    Ack,
    AmountCheck,
    BasicCredentials,
    BuiltRequest,
    CodeName,
    Decision,
    Detail,
    Effect,
    ExecutePaymentActionResponse,
    GetPaymentsResponse,
    InitiateResponse,
    InitiateResult,
    IpAllowList,
    Money,
    Notification,
    PaymentState,
    ProviderCode,
    ServiceException,
    Timestamp,
    Warning,
)
from ._core import CqrPayment as Payment
from ._enums import AmountCheckResult, Confirmation, MessageKind
from ._enums import CqrOutcome as Outcome

__all__ = [
    "parse",
    "parse_notification",
    "parse_initiate_answer",
    "parse_get_payments_answer",
    "parse_initiate_request",
    "parse_ack",
    "build_initiate_request",
    "build_get_payments_request",
    "build_ack",
    "ack",
    "ack_processed",
    "ack_unknown_state",
    "ack_error_processing_event",
    "basic_authorization",
    "settle",
    "settle_get_payments",
    "storage_failed",
    "bind_attempt",
    "Decision",
    "Effect",
    "Order",
    "Settings",
    "state_name",
    "outcome_of",
    "envoy_message",
    "url",
    "BasicCredentials",
    "IpAllowList",
    "Outcome",
    "MessageKind",
    "AmountCheckResult",
    "Confirmation",
    "Message",
    "InitiateAnswer",
    "GetPaymentsAnswer",
    "Limits",
    "Notification",
    "InitiateResponse",
    "InitiateResult",
    "GetPaymentsResponse",
    "ExecutePaymentActionResponse",
    "ServiceException",
    "Payment",
    "PaymentState",
    "Money",
    "Timestamp",
    "Detail",
    "CodeName",
    "ProviderCode",
    "AmountCheck",
    "BuiltRequest",
    "Warning",
    "Ack",
    "TEST_BASE_URL",
    "CONTENT_TYPE",
    "PXP_TEST_IP",
    "PXP_PRODUCTION_IP",
    "MAX_BODY_BYTES",
]

#: The documented test base URL (there is no production default: configure it).
TEST_BASE_URL = "https://api.test.kalixa.com/PaymentRedirectionService/PaymentService.svc/pox/"
#: Content type of CQR requests and answers.
CONTENT_TYPE = "application/xml; charset=utf-8"
#: PXP's published source addresses (they may change: keep them configurable).
PXP_TEST_IP = "195.69.175.192"
PXP_PRODUCTION_IP = "195.69.175.15"
#: The parsers' default ``max_body_bytes`` (1 MiB): refuse a longer body before reading it.
MAX_BODY_BYTES: int = _core.CQR_MAX_BODY_BYTES

Body = Union[bytes, str]
#: A CQR order (cqr.md §5.2), the Mapping the settlement functions take and ``Decision.record``
#: gives back: ``status`` (``pending``, ``completed``, ``failed``, ``reversed``), ``amount`` and
#: ``currency`` (expected; minor units), ``credited``, ``debited``, ``payment_id`` (the bound PXP
#: paymentID or None) and ``applied_keys`` (``paymentID/stateKey/stateID`` of the notifications
#: processed; the last four optional). Bad keys or values are a ``ValidationError`` naming the
#: field (``.path``).
Order = Mapping[str, Any]
#: The host's CQR settings the decisions depend on: ``merchant_id``, ``shop_id`` and
#: ``confirm_with_get_payments`` (bool, default False).
Settings = Mapping[str, Any]
#: The ``limits=`` argument: any of ``max_body_bytes``, ``max_depth``, ``max_items``,
#: ``max_string_bytes`` (positive ints).
Limits = Mapping[str, int]

#: Any parsed CQR message (``.kind`` says which).
Message = Union[
    InitiateResponse, Notification, GetPaymentsResponse, ExecutePaymentActionResponse, ServiceException
]
#: What :func:`parse_initiate_answer` returns.
InitiateAnswer = Union[InitiateResponse, ServiceException]
#: What :func:`parse_get_payments_answer` returns.
GetPaymentsAnswer = Union[GetPaymentsResponse, ServiceException]

# Parsing (each raises MalformedInputError / ValidationError / LimitExceededError; docs on the
# functions themselves).
parse = _core.cqr_parse
parse_notification = _core.cqr_parse_notification
parse_initiate_answer = _core.cqr_parse_initiate_answer
parse_get_payments_answer = _core.cqr_parse_get_payments_answer
parse_initiate_request = _core.cqr_parse_initiate_request
#: The shop's answer to a notification (what :func:`build_ack` / :func:`ack` write) as an :class:`Ack`.
parse_ack = _core.cqr_parse_ack

# Building request bodies and answers.
build_initiate_request = _core.cqr_build_initiate
build_get_payments_request = _core.cqr_get_payments_request
build_ack = _core.cqr_build_ack
ack = _core.cqr_ack
basic_authorization = _core.cqr_basic_authorization

# Tables of the core.
state_name = _core.cqr_state_name
outcome_of = _core.cqr_outcome_of
envoy_message = _core.cqr_envoy_message
url = _core.cqr_url


def ack_processed() -> str:
    """``0 ProcessedSuccessfully``: only once the change is durably stored (or was before)."""
    return ack("processed")


def ack_unknown_state(reason: str = "") -> str:
    """``2 UnknownState``: another merchant/shop, or an unknown order."""
    return ack("unknown_state", reason)


def ack_error_processing_event(reason: str = "") -> str:
    """``10 ErrorProcessingEvent``: a transient failure, PXP should send again."""
    return ack("error_processing_event", reason)


def settle(
    settings: Settings,
    order: Optional[Order],
    notification: Body,
    get_payments: Optional[Body] = None,
) -> Decision:
    """Parses the notification and decides what it does to the ``order`` (cqr.md §5.2 steps
    5–10): a frozen :class:`Decision`.

    ``order`` is the host's order for the notification's merchantTransactionID (None: unknown,
    resultCode 2). With ``settings["confirm_with_get_payments"]`` a completed state of a
    pending order is credited only when ``get_payments`` (the getPayments answer the host
    fetched for this order BEFORE taking the row lock) confirms it; without it the answer is
    resultCode 10 (PXP sends again). Store ``decision.record``, set the flag when
    ``decision.is_flagged``, book each of ``decision.effects`` in the same transaction, then
    answer HTTP 200 with ``decision.body`` (the ack of ``decision.result_code``).

    Raises ``MalformedInputError`` / ``ValidationError`` / ``LimitExceededError`` for a bad
    notification or getPayments answer (answer 400 to a bad notification), and
    ``ValidationError`` with ``.path`` naming the field for bad ``settings`` or ``order``.
    """
    return _core.cqr_settle(settings, order, notification, get_payments)


def settle_get_payments(settings: Settings, order: Order, get_payments: Body) -> Decision:
    """Decides what a getPayments answer the host fetched for ``order`` (a poll: "check status
    now", a timer) does to it: the rules of a notification of the chosen payment's state; a
    paymentServiceException is ``retry``, an answer without a payment of this order
    ``no_change``."""
    return _core.cqr_settle_get_payments(settings, order, get_payments)


def storage_failed(settings: Settings, order: Optional[Order]) -> Decision:
    """The decision for a notification the host could not store: ``retry``, resultCode 10
    (PXP sends again); the order and the books stay as they were."""
    return _core.cqr_storage_failed(settings, order)


def bind_attempt(order: Order, payment_id: str) -> Dict[str, Any]:
    """The ``order`` bound to a new attempt's paymentID (the initiate response's): a pending or
    failed order becomes pending and bound to it. A completed or reversed order cannot start
    another attempt (``ValidationError``, path ``status``); an empty ``payment_id`` is a
    ``ValidationError`` too."""
    return _core.cqr_bind_attempt(order, payment_id)
