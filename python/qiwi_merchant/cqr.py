"""CQR / Kalixa (PXP) PaymentService XML for QiwiDeposit (method 163, provider Envoy 90).

Build request bodies (:func:`build_initiate_request`, :func:`build_get_payments_request`),
parse every answer and notification (:func:`parse`, :func:`parse_notification`,
:func:`parse_initiate_answer`, :func:`parse_get_payments_answer`) into typed, read-only objects, authenticate PXP's notifications (:class:`BasicCredentials`,
:class:`IpAllowList`) and answer them (:func:`build_ack`). Amounts are ``decimal.Decimal``
(exact) with their currency and, when exact, integer minor units. Flow and rules:
docs/cqr.md. Every object keeps the whole parsed shape as a dict in ``.raw``.

Every parser takes ``limits=``: a Mapping with any of ``max_body_bytes`` (default 1 MiB =
1048576, checked before decoding), ``max_depth`` (64; the root element is depth 1),
``max_items`` (20000 elements per document, and attributes per element) and
``max_string_bytes`` (65536 per text or attribute value, after unescaping); the keys left out
keep their defaults. Going over one raises ``LimitExceededError`` whose ``.limit`` names it
(``body_size``, ``depth``, ``items``, ``string_length``); an unknown key or a value that is not
a positive int is a ``ValidationError`` naming the key.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Dict, List, Mapping, NoReturn, Optional, Sequence, Tuple, Union

from . import _core
from ._core import BasicCredentials, Decision, Effect, IpAllowList
from ._enums import AmountCheckResult, Confirmation, MessageKind
from ._enums import CqrOutcome as Outcome
from .exceptions import ProtocolError

__all__ = [
    "parse",
    "parse_notification",
    "parse_initiate_answer",
    "parse_get_payments_answer",
    "parse_initiate_request",
    "build_initiate_request",
    "build_get_payments_request",
    "build_ack",
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
    "TEST_BASE_URL",
    "CONTENT_TYPE",
    "PXP_TEST_IP",
    "PXP_PRODUCTION_IP",
]

#: The documented test base URL (there is no production default: configure it).
TEST_BASE_URL = "https://api.test.kalixa.com/PaymentRedirectionService/PaymentService.svc/pox/"
#: Content type of CQR requests and answers.
CONTENT_TYPE = "application/xml; charset=utf-8"
#: PXP's published source addresses (they may change: keep them configurable).
PXP_TEST_IP = "195.69.175.192"
PXP_PRODUCTION_IP = "195.69.175.15"

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


class _Record:
    """A read-only view of one parsed JSON shape (docs/cqr.md §4); ``raw`` is that dict."""

    __slots__ = ("_d",)
    _d: Dict[str, Any]

    def __init__(self, shape: Dict[str, Any]) -> None:
        object.__setattr__(self, "_d", shape)

    @property
    def raw(self) -> Dict[str, Any]:
        """The parsed shape as a dict (docs/cqr.md §4); also the fields not modelled here."""
        return self._d

    def to_dict(self) -> Dict[str, Any]:
        """Same as ``raw``."""
        return self._d

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._d == self._d

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._d!r})"


def _opt(cls: Any, v: Any) -> Any:
    return None if v is None else cls(v)


class CodeName(_Record):
    """A code/name pair (``payment_method``, ``payment_provider``, ``creation_type``)."""

    __slots__ = ()

    @property
    def key(self) -> str:
        return str(self._d["key"])

    @property
    def value(self) -> Optional[str]:
        v = self._d["value"]
        return None if v is None else str(v)


class Money(_Record):
    """An amount: exact ``value`` (Decimal), ``currency`` as received, ``minor`` units when the
    currency has a minor unit and the value is exact at it (else None)."""

    __slots__ = ()

    @property
    def value(self) -> Decimal:
        return Decimal(self._d["value"])

    @property
    def text(self) -> str:
        """The value's text as received (trimmed)."""
        return str(self._d["value"])

    @property
    def currency(self) -> str:
        return str(self._d["currency"])

    @property
    def minor(self) -> Optional[int]:
        m = self._d["minor"]
        return None if m is None else int(m)


class Timestamp(_Record):
    """A date-time as received: ``raw_text``, ``date``, ``time``, ``nanos`` and
    ``offset_minutes`` (None when the text has no offset; never converted)."""

    __slots__ = ()

    @property
    def raw_text(self) -> str:
        return str(self._d["raw"])

    @property
    def date(self) -> str:
        return str(self._d["date"])

    @property
    def time(self) -> str:
        return str(self._d["time"])

    @property
    def nanos(self) -> int:
        return int(self._d["nanos"])

    @property
    def offset_minutes(self) -> Optional[int]:
        o = self._d["offset_minutes"]
        return None if o is None else int(o)

    def __str__(self) -> str:
        return self.raw_text


class Detail(_Record):
    """A typed key/value item (state details, payment details, action results)."""

    __slots__ = ()

    @property
    def key(self) -> str:
        return str(self._d["key"])

    @property
    def type(self) -> Optional[str]:
        """The ``xsi:type`` as written (``keyIntValuePair``...)."""
        t = self._d["type"]
        return None if t is None else str(t)

    @property
    def value_type(self) -> str:
        """``string``, ``int``, ``decimal``, ``boolean``, ``date_time`` or ``unknown``."""
        return str(self._d["value_type"])

    @property
    def raw_value(self) -> Optional[str]:
        """The value element's exact text (None when missing or nil)."""
        r = self._d["raw"]
        return None if r is None else str(r)

    @property
    def value(self) -> Union[str, int, bool, Decimal, Timestamp, None]:
        """The typed value: str, int, Decimal, bool, Timestamp, or None when absent, empty, or
        when the raw text does not fit the declared type (``raw_value`` is kept; such an item
        never fails the message)."""
        v = self._d["value"]
        if v is None:
            return None
        vt = self._d["value_type"]
        if vt == "decimal":
            return Decimal(v)
        if vt == "date_time":
            return Timestamp(v)
        return v  # type: ignore[no-any-return]


class ProviderCode(_Record):
    """An Envoy provider code found in the state or payment details."""

    __slots__ = ()

    @property
    def source(self) -> str:
        return str(self._d["source"])

    @property
    def item(self) -> str:
        return str(self._d["item"])

    @property
    def code(self) -> str:
        return str(self._d["code"])

    @property
    def code_int(self) -> Optional[int]:
        c = self._d["code_int"]
        return None if c is None else int(c)

    @property
    def message(self) -> Optional[str]:
        m = self._d["message"]
        return None if m is None else str(m)

    @property
    def known_message(self) -> Optional[str]:
        """The Envoy table's text for the code, if known."""
        m = self._d["known_message"]
        return None if m is None else str(m)


def _details(v: Optional[List[Dict[str, Any]]]) -> Optional[Tuple[Detail, ...]]:
    return None if v is None else tuple(Detail(d) for d in v)


class PaymentState(_Record):
    """A payment's state: the ``key`` decides (``outcome``); ``value`` is PXP's name."""

    __slots__ = ()

    @property
    def id(self) -> str:
        return str(self._d["id"])

    @property
    def key(self) -> int:
        return int(self._d["key"])

    @property
    def value(self) -> Optional[str]:
        v = self._d["value"]
        return None if v is None else str(v)

    @property
    def name(self) -> Optional[str]:
        """The library's name for the key (None when unknown)."""
        v = self._d["name"]
        return None if v is None else str(v)

    @property
    def outcome(self) -> Outcome:
        return Outcome(self._d["outcome"])

    @property
    def created_on(self) -> Optional[Timestamp]:
        return _opt(Timestamp, self._d["created_on"])  # type: ignore[no-any-return]

    @property
    def description(self) -> Optional[str]:
        v = self._d["description"]
        return None if v is None else str(v)

    @property
    def details(self) -> Optional[Tuple[Detail, ...]]:
        return _details(self._d["details"])


class AmountCheck:
    """Result of :meth:`Payment.check_amount`: ``result`` and, for a mismatch, ``reason``."""

    __slots__ = ("result", "reason")
    result: AmountCheckResult
    reason: Optional[str]

    def __init__(self, result: AmountCheckResult, reason: Optional[str]) -> None:
        object.__setattr__(self, "result", result)
        object.__setattr__(self, "reason", reason)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError("AmountCheck is read-only")

    @property
    def ok(self) -> bool:
        """True for ``match`` and ``match_with_shop_fee``."""
        return self.result is not AmountCheckResult.MISMATCH

    def __eq__(self, other: object) -> bool:
        if isinstance(other, AmountCheck):
            return (self.result, self.reason) == (other.result, other.reason)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.result, self.reason))

    def __repr__(self) -> str:
        return f"AmountCheck(result={self.result.value!r}, reason={self.reason!r})"


class Payment(_Record):
    """One ``payment`` element. Ids are strings; amounts are exact (:class:`Money`)."""

    __slots__ = ("_h", "_i")
    _h: _core.CqrPayments
    _i: int

    def __init__(self, shape: Dict[str, Any], handles: _core.CqrPayments, index: int) -> None:
        super().__init__(shape)
        object.__setattr__(self, "_h", handles)
        object.__setattr__(self, "_i", index)

    @property
    def type(self) -> Optional[str]:
        """``xsi:type`` of the element (``paymentWithState``...)."""
        v = self._d["type"]
        return None if v is None else str(v)

    @property
    def merchant_id(self) -> str:
        return str(self._d["merchant_id"])

    @property
    def shop_id(self) -> str:
        return str(self._d["shop_id"])

    @property
    def payment_method(self) -> Optional[CodeName]:
        return _opt(CodeName, self._d["payment_method"])  # type: ignore[no-any-return]

    @property
    def merchant_transaction_id(self) -> str:
        return str(self._d["merchant_transaction_id"])

    @property
    def payment_id(self) -> str:
        return str(self._d["payment_id"])

    @property
    def user_id(self) -> Optional[str]:
        v = self._d["user_id"]
        return None if v is None else str(v)

    @property
    def payment_provider(self) -> Optional[CodeName]:
        return _opt(CodeName, self._d["payment_provider"])  # type: ignore[no-any-return]

    @property
    def amount(self) -> Money:
        return Money(self._d["amount"])

    @property
    def shop_fee(self) -> Optional[Money]:
        return _opt(Money, self._d["shop_fee"])  # type: ignore[no-any-return]

    @property
    def creation_type(self) -> Optional[CodeName]:
        return _opt(CodeName, self._d["creation_type"])  # type: ignore[no-any-return]

    @property
    def user_ip(self) -> Optional[str]:
        v = self._d["user_ip"]
        return None if v is None else str(v)

    @property
    def state(self) -> PaymentState:
        return PaymentState(self._d["state"])

    @property
    def is_executed(self) -> Optional[bool]:
        v = self._d["is_executed"]
        return None if v is None else bool(v)

    @property
    def base_amount(self) -> Optional[Money]:
        """The merchant's accounting amount; informative, never used for crediting."""
        return _opt(Money, self._d["base_amount"])  # type: ignore[no-any-return]

    @property
    def payment_details(self) -> Optional[Tuple[Detail, ...]]:
        return _details(self._d["payment_details"])

    @property
    def payment_account_id(self) -> Optional[str]:
        v = self._d["payment_account_id"]
        return None if v is None else str(v)

    @property
    def provider_codes(self) -> Tuple[ProviderCode, ...]:
        return tuple(ProviderCode(c) for c in self._d["provider_codes"])

    @property
    def outcome(self) -> Outcome:
        """The state's class (from the state key)."""
        return Outcome(self._d["state"]["outcome"])

    @property
    def effective_outcome(self) -> Outcome:
        """What to act on: a completed state whose ``is_executed`` is not True is pending."""
        return Outcome(self._h.effective_outcome(self._i))

    @property
    def is_executed_consistent(self) -> bool:
        """Whether ``is_executed`` agrees with the state (flag it when not)."""
        return self._h.is_executed_consistent(self._i)

    def check_amount(self, expected_minor: int, currency: str) -> AmountCheck:
        """Compares by value with the order's amount (minor units of ``currency``):
        ``match``, ``match_with_shop_fee`` (amount + shop fee) or ``mismatch``."""
        result, reason = self._h.check_amount(self._i, expected_minor, currency)
        return AmountCheck(AmountCheckResult(result), reason)


class _Message(_Record):
    __slots__ = ("_h",)
    _h: _core.CqrPayments

    def __init__(self, shape: Dict[str, Any], handles: _core.CqrPayments) -> None:
        super().__init__(shape)
        object.__setattr__(self, "_h", handles)

    @property
    def kind(self) -> MessageKind:
        """Which message this is (decided by the root element)."""
        return MessageKind(self._d["kind"])


class Notification(_Message):
    """A ``handlePaymentStateChangedNotificationRequest``: answer it with :func:`build_ack`."""

    __slots__ = ()

    @property
    def payment(self) -> Payment:
        return Payment(self._d["payment"], self._h, 0)

    @property
    def outcome(self) -> Outcome:
        """The state's class (same as ``payment.outcome``)."""
        return Outcome(self._d["outcome"])

    @property
    def effective_outcome(self) -> Outcome:
        """What to act on (a completed state without isExecuted=true stays pending)."""
        return Outcome(self._d["effective_outcome"])

    @property
    def is_executed_consistent(self) -> bool:
        return bool(self._d["is_executed_consistent"])

    @property
    def idempotency_key(self) -> str:
        """``paymentID/stateKey/stateID`` (``%`` and ``/`` in ids escaped): store it and
        answer ``processed`` to a repeat."""
        return str(self._d["idempotency_key"])

    def check_amount(self, expected_minor: int, currency: str) -> AmountCheck:
        """Same as ``payment.check_amount``."""
        return self.payment.check_amount(expected_minor, currency)


class InitiateResult(_Record):
    """What an initiatePaymentResponse means: ``type`` is ``redirect`` (with ``url``),
    ``protocol_error`` (with ``message``), ``duplicate``, ``failed``, ``completed`` or
    ``pending`` (each with ``state_key``)."""

    __slots__ = ()

    @property
    def type(self) -> str:
        return str(self._d["type"])

    @property
    def url(self) -> Optional[str]:
        v = self._d.get("url")
        return None if v is None else str(v)

    @property
    def state_key(self) -> Optional[int]:
        v = self._d.get("state_key")
        return None if v is None else int(v)

    @property
    def message(self) -> Optional[str]:
        v = self._d.get("message")
        return None if v is None else str(v)


class InitiateResponse(_Message):
    """A parsed ``initiatePaymentResponse``."""

    __slots__ = ()

    @property
    def result(self) -> InitiateResult:
        return InitiateResult(self._d["result"])

    @property
    def token(self) -> Optional[str]:
        v = self._d["token"]
        return None if v is None else str(v)

    @property
    def provider_external_id(self) -> Optional[str]:
        v = self._d["provider_external_id"]
        return None if v is None else str(v)

    @property
    def payment(self) -> Payment:
        return Payment(self._d["payment"], self._h, 0)

    @property
    def outcome(self) -> Outcome:
        """The payment state's class."""
        return Outcome(self._d["payment"]["state"]["outcome"])

    @property
    def redirect_url(self) -> str:
        """The URL to send the browser to; raises ``ProtocolError`` when there is none."""
        r = self._d["result"]
        if r["type"] == "redirect":
            return str(r["url"])
        if r["type"] == "protocol_error":
            raise ProtocolError(str(r["message"]))
        raise ProtocolError(f"no redirect: initiate answered {r['type']} (state {r.get('state_key')})")


class GetPaymentsResponse(_Message):
    """A parsed ``getPaymentsResponse``: every payment, in order."""

    __slots__ = ()

    @property
    def payments(self) -> Tuple[Payment, ...]:
        return tuple(Payment(p, self._h, i) for i, p in enumerate(self._d["payments"]))

    def find(self, payment_id: str) -> Optional[Payment]:
        """The (first) payment with this paymentID."""
        for p in self.payments:
            if p.payment_id == payment_id:
                return p
        return None

    def confirmation(self, payment_id: str) -> Confirmation:
        """``completed``, ``pending``, ``failed`` or ``not_found`` for a paymentID (a completed
        state whose isExecuted is not true is pending)."""
        return Confirmation(self._h.confirmation(payment_id))


class ExecutePaymentActionResponse(_Message):
    """A parsed ``executePaymentActionResponse``."""

    __slots__ = ()

    @property
    def status_code(self) -> int:
        return int(self._d["status_code"])

    @property
    def ok(self) -> bool:
        return bool(self._d["ok"])

    @property
    def action_results(self) -> Tuple[Detail, ...]:
        return tuple(Detail(d) for d in self._d["action_results"])


class ServiceException(_Message):
    """A ``paymentServiceException``: the request was rejected, nothing was created."""

    __slots__ = ()

    @property
    def id(self) -> Optional[str]:
        v = self._d["id"]
        return None if v is None else str(v)

    @property
    def error_code(self) -> Optional[int]:
        v = self._d["error_code"]
        return None if v is None else int(v)

    @property
    def error_name(self) -> Optional[str]:
        """The documented meaning of the code, if known."""
        v = self._d["error_name"]
        return None if v is None else str(v)

    @property
    def error_message(self) -> Optional[str]:
        v = self._d["error_message"]
        return None if v is None else str(v)


#: Any parsed CQR message.
Message = Union[
    InitiateResponse, Notification, GetPaymentsResponse, ExecutePaymentActionResponse, ServiceException
]

_KINDS: Dict[str, Any] = {
    "initiate_response": InitiateResponse,
    "notification": Notification,
    "get_payments_response": GetPaymentsResponse,
    "execute_payment_action_response": ExecutePaymentActionResponse,
    "payment_service_exception": ServiceException,
}


#: What :func:`parse_initiate_answer` returns.
InitiateAnswer = Union[InitiateResponse, ServiceException]
#: What :func:`parse_get_payments_answer` returns.
GetPaymentsAnswer = Union[GetPaymentsResponse, ServiceException]


def parse(xml: Body, *, limits: Optional[Limits] = None) -> Message:
    """Parses any inbound CQR message (bytes or str) into its typed object; ``.kind`` says
    which. Raises ``MalformedInputError`` (not XML, DOCTYPE, unknown root...),
    ``ValidationError`` (bad values, with ``.path``) or ``LimitExceededError`` (``limits``:
    module docstring)."""
    shape, handles = _core.cqr_parse(xml, limits=limits)
    return _KINDS[shape["kind"]](shape, handles)  # type: ignore[no-any-return]


def parse_notification(xml: Body, *, limits: Optional[Limits] = None) -> Notification:
    """Parses a notification; any other root is ``MalformedInputError``."""
    shape, handles = _core.cqr_parse_notification(xml, limits=limits)
    return Notification(shape, handles)


def parse_initiate_answer(xml: Body, *, limits: Optional[Limits] = None) -> InitiateAnswer:
    """Parses PXP's answer to ``initiatePayment``: an :class:`InitiateResponse` (its
    ``result`` says redirect, duplicate, failed...) or a :class:`ServiceException` (rejected:
    the payment was not created). Any other root is ``MalformedInputError``; otherwise the
    same object and errors as :func:`parse`."""
    shape, handles = _core.cqr_parse_initiate_answer(xml, limits=limits)
    if shape["kind"] == "initiate_response":
        return InitiateResponse(shape, handles)
    return ServiceException(shape, handles)


def parse_get_payments_answer(xml: Body, *, limits: Optional[Limits] = None) -> GetPaymentsAnswer:
    """Parses PXP's answer to ``getPayments``: a :class:`GetPaymentsResponse` or a
    :class:`ServiceException`. Any other root is ``MalformedInputError``; otherwise the same
    object and errors as :func:`parse`."""
    shape, handles = _core.cqr_parse_get_payments_answer(xml, limits=limits)
    if shape["kind"] == "get_payments_response":
        return GetPaymentsResponse(shape, handles)
    return ServiceException(shape, handles)


def parse_initiate_request(xml: Body, *, limits: Optional[Limits] = None) -> Dict[str, Any]:
    """Reads an initiatePaymentRequest back into its input shape (for tests and logs)."""
    return _core.cqr_parse_initiate_request(xml, limits=limits)


class Warning(_Record):  # noqa: A001 - the domain name
    """A non-fatal remark about the initiate input (``field``, ``message``)."""

    __slots__ = ()

    @property
    def field(self) -> str:
        return str(self._d["field"])

    @property
    def message(self) -> str:
        return str(self._d["message"])


class BuiltRequest:
    """A built request body: ``xml`` (str), ``body`` (UTF-8 bytes) and ``warnings``."""

    __slots__ = ("xml", "warnings")
    xml: str
    warnings: Tuple[Warning, ...]

    def __init__(self, xml: str, warnings: Sequence[Tuple[str, str]]) -> None:
        object.__setattr__(self, "xml", xml)
        object.__setattr__(self, "warnings", tuple(Warning({"field": f, "message": m}) for f, m in warnings))

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError("BuiltRequest is read-only")

    @property
    def body(self) -> bytes:
        return self.xml.encode("utf-8")

    def __repr__(self) -> str:
        return f"BuiltRequest(xml={self.xml[:60]!r}..., warnings={list(self.warnings)!r})"


def build_initiate_request(request: Optional[Mapping[str, Any]] = None, /, **fields: Any) -> BuiltRequest:
    """Builds an ``initiatePaymentRequest`` body (docs/cqr.md §2 lists the fields and rules).

    Give the fields as keyword arguments or one Mapping (the JSON input shape:
    ``merchant_id``, ``shop_id``, ``merchant_transaction_id``, ``amount_minor``, ``currency``,
    ``user_id``, ``user_session_id``, ``email_address``, ``country_code2``, the page URLs...).
    Every failed rule is reported at once in one ``ValidationError`` (``.fields``). POST the
    body to ``url("initiatePayment", base)`` with ``Content-Type: CONTENT_TYPE``.
    """
    data: Dict[str, Any] = dict(request or {})
    data.update(fields)
    xml, warnings = _core.cqr_build_initiate(data)
    return BuiltRequest(xml, warnings)


def build_get_payments_request(
    merchant_id: str,
    shop_id: str,
    merchant_transaction_id: str,
    is_executed: Optional[bool] = None,
) -> str:
    """A ``getPaymentsRequest`` body for one order (``is_executed`` filter only when given)."""
    return _core.cqr_get_payments_request(merchant_id, shop_id, merchant_transaction_id, is_executed)


def build_ack(code: int = 0, name: Optional[str] = None, message: str = "") -> str:
    """The notification answer (HTTP 200, ``Content-Type: CONTENT_TYPE``): result ``code``
    (0 ProcessedSuccessfully, 2 UnknownState, 3 RefusedByRiskManagement, 10
    ErrorProcessingEvent, 15 BlockedByMerchant; other codes need ``name``) and, for codes other
    than 0, the reason (escaped, cut to 200 characters)."""
    if name is None:
        name = _core.cqr_default_result_name(code)
        if name is None:
            from .exceptions import ValidationError

            raise ValidationError("name: required for a result code without a documented name",
                                  path="name", fields=[("name", "required for a result code without a documented name")])
    return _core.cqr_build_ack(code, name, message)


def ack_processed() -> str:
    """``0 ProcessedSuccessfully``: only once the change is durably stored (or was before)."""
    return build_ack(0)


def ack_unknown_state(reason: str = "") -> str:
    """``2 UnknownState``: another merchant/shop, or an unknown order."""
    return build_ack(2, message=reason)


def ack_error_processing_event(reason: str = "") -> str:
    """``10 ErrorProcessingEvent``: a transient failure, PXP should send again."""
    return build_ack(10, message=reason)


def basic_authorization(user: str, password: str) -> str:
    """The ``Authorization`` header value for requests to PXP (``Basic base64(user:pass)``)."""
    return _core.cqr_basic_authorization(user, password)


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


def state_name(key: int) -> Optional[str]:
    """The library's name for a state key (None when unknown)."""
    return _core.cqr_state(key)[0]


def outcome_of(key: int) -> Outcome:
    """The class of a state key (unknown keys are pending)."""
    return Outcome(_core.cqr_state(key)[1])


def envoy_message(code: int) -> Optional[str]:
    """The Envoy table's text for a provider code (e.g. -839), or None."""
    return _core.cqr_envoy_message(code)


def url(operation: str, base: Optional[str] = None) -> str:
    """``{base}{operation}`` for ``initiatePayment``, ``getPayments`` or
    ``executePaymentAction``; ``base`` None = ``TEST_BASE_URL``."""
    return _core.cqr_url(operation, base)
