"""The one place where qiwi_merchant.django talks to the core (``qiwi_merchant.gate`` / ``.cqr``).

Everything protocol-related (signatures, parsing, answers, classification, auth checks) is the
core's; this module only adapts its Python API to the few shapes the views and services use, and
caches the configured objects (Signer, credentials, allow-list).
"""

from __future__ import annotations

import functools
import json
import secrets
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Tuple, Union, cast

from qiwi_merchant import cqr, gate
from qiwi_merchant import exceptions as qx

from .conf import get_config


class ConfigError(Exception):
    """QIWI_MERCHANT is missing something this operation needs."""


#: The core's default body limit (``max_body_bytes``, 1 MiB) for Gate JSON and CQR XML alike. The
#: binding does not export the number, so it is named once here; tests/django checks it against
#: the parsers (a body one byte longer fails with ``LimitExceededError``, limit ``body_size``).
#: The views answer 413 to anything longer before reading or storing it.
MAX_BODY_BYTES = 1024 * 1024


# Core error classes, re-exported for the services.
QiwiMerchantError = qx.QiwiMerchantError
SignatureError = qx.SignatureError
InputError = qx.QiwiMerchantError  # malformed, validation, limits: anything but a signature error


def is_missing_signature(exc: Exception) -> bool:
    return getattr(exc, "kind", "") == "missing_signature"


def clear_caches() -> None:
    signer.cache_clear()
    _cqr_auth.cache_clear()
    _allow_list.cache_clear()


# ------------------------------------------------------------------------------------ Gate


@functools.lru_cache(maxsize=1)
def signer() -> gate.Signer:
    secret = get_config().GATE_SECRET
    if not secret:
        raise ConfigError("QIWI_MERCHANT['GATE_SECRET'] is not set")
    return gate.Signer(secret)


def _project_id() -> int:
    pid = get_config().GATE_PROJECT_ID
    if not pid:
        raise ConfigError("QIWI_MERCHANT['GATE_PROJECT_ID'] is not set")
    return int(pid)


def new_payment_id() -> str:
    """A fresh payment id, unique within the project (random 96 bits + prefix)."""
    return f"{get_config().PAYMENT_ID_PREFIX}-{secrets.token_hex(12)}"


@dataclass
class ReadyResponse:
    body: bytes
    code: int


@dataclass
class AccountRequest:
    type: str  # "verify" | "check_deposit"
    customer_id: str
    amount: Optional[int] = None
    currency: Optional[str] = None


def parse_account_check(body: bytes) -> Union[AccountRequest, ReadyResponse]:
    """AccountRequest, or ReadyResponse (the core's rejection, sent as is)."""
    res = signer().parse_account_check(body, _project_id())
    if isinstance(res, gate.CheckDepositRequest):
        return AccountRequest("check_deposit", str(res.customer_id), int(res.amount), str(res.currency))
    if isinstance(res, gate.VerifyRequest):
        return AccountRequest("verify", str(res.customer_id))
    return ReadyResponse(bytes(res.body), int(res.code))


def verify_ok(currency: str, additional_customer_id: Optional[str] = None) -> bytes:
    return bytes(gate.AccountCheckResponse.verify_ok(currency, additional_customer_id).body)


def check_deposit_ok(payment_id: str) -> bytes:
    return bytes(gate.AccountCheckResponse.check_deposit_ok(payment_id).body)


def not_found() -> bytes:
    return bytes(gate.AccountCheckResponse.not_found().body)


def general_error(message: str) -> bytes:
    return bytes(gate.AccountCheckResponse.general_error(message).body)


@dataclass
class CallbackInfo:
    project_id: Optional[str]
    payment_id: str
    payment_type: str
    raw_status: str
    outcome: str
    amount: Optional[int]
    currency: str
    operation_id: str
    signature_variant: str


def _callback_info(cb: Any) -> CallbackInfo:
    payment = cb.payment
    status = cb.status  # payment.status, else operation.status (a PaymentStatus, raw text kept)
    sig = "" if cb.signature_is_canonical else ",".join(f"{k}={v}" for k, v in dict(cb.signature_variant).items())
    total = payment.sum
    op = cb.operation
    return CallbackInfo(
        project_id=cb.project_id,
        payment_id=str(payment.id),
        payment_type=str(payment.type or ""),
        raw_status="" if status is None else str(status.raw),
        outcome=str(cb.outcome),
        amount=None if total is None else int(total.amount),
        currency="" if total is None else str(total.currency),
        operation_id="" if op is None or op.id is None else str(op.id),
        signature_variant=sig,
    )


def parse_callback(body: bytes) -> CallbackInfo:
    """Parse + verify in one pass (SignatureError / other QiwiMerchantError on failure)."""
    return _callback_info(signer().parse_callback(body))


def build_payout(*, project_id: int, payment_id: str, customer: Mapping[str, str], account_number: str,
                 amount: int, currency: str, extra: Optional[Mapping[str, Any]] = None) -> Tuple[str, bytes]:
    """(path, body bytes) of the signed payout request."""
    path, body = signer().payout_request(
        project_id=project_id, payment_id=payment_id, customer=customer,
        account_number=account_number, amount=amount, currency=currency, extra=extra)
    return path, bytes(body)


@dataclass
class PayoutResult:
    kind: str  # accepted | rejected | unknown
    request_id: Optional[str]
    detail: str  # the core's classification as JSON text


def parse_payout_response(http_status: int, body: bytes, payment_id: str, resend: bool) -> PayoutResult:
    r = signer().parse_payout_response(http_status, body, payment_id, resend)
    detail = {k: getattr(r, k) for k in ("outcome", "request_id", "status", "code", "message", "reason", "error")}
    return PayoutResult(str(r.outcome), r.request_id, _json_of(detail))


def _json_of(obj: Any) -> str:
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict):
        obj = to_dict()
    try:
        return json.dumps(obj, default=str, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(obj)


def build_status_request(project_id: int, payment_id: str) -> Tuple[str, bytes]:
    path, body = signer().status_request(int(project_id), payment_id)
    return path, bytes(body)


@dataclass
class StatusResult:
    kind: str  # found | not_found | error
    callback: Optional[CallbackInfo]
    detail: str


def parse_status_response(body: bytes) -> StatusResult:
    r = signer().parse_status_response(body)
    detail = {k: getattr(r, k) for k in ("outcome", "status", "code", "message")}
    return StatusResult(str(r.outcome), _callback_info(r.callback) if r.callback is not None else None, _json_of(detail))


# ------------------------------------------------------------------------------------- CQR


@functools.lru_cache(maxsize=1)
def _cqr_auth() -> Optional[cqr.BasicCredentials]:
    cfg = get_config()
    if not cfg.CQR_NOTIFY_USER or not cfg.CQR_NOTIFY_PASSWORD:
        return None
    return cqr.BasicCredentials(cfg.CQR_NOTIFY_USER, cfg.CQR_NOTIFY_PASSWORD)


def basic_ok(header: Optional[str]) -> bool:
    auth = _cqr_auth()
    if auth is None:
        return False  # never accept notifications without configured credentials
    return bool(header) and bool(auth.verify(header))


@functools.lru_cache(maxsize=1)
def _allow_list() -> Optional[cqr.IpAllowList]:
    cfg = get_config()
    if not cfg.CQR_ALLOWED_IPS:
        return None
    try:
        return cqr.IpAllowList(list(cfg.CQR_ALLOWED_IPS), list(cfg.TRUSTED_PROXIES or []),
                               header=str(cfg.FORWARDED_HEADER).lower())
    except ValueError as exc:  # QiwiMerchantError is a ValueError too
        raise ConfigError(f"CQR_ALLOWED_IPS / TRUSTED_PROXIES: {exc}") from exc


def ip_decision(peer: str, meta: Mapping[str, Any]) -> Tuple[bool, str]:
    """(allowed, client address) per cqr.md §5.2 step 2; (True, peer) when no list is configured."""
    allow = _allow_list()
    if allow is None:
        return True, peer
    header_name = get_config().FORWARDED_HEADER
    header = meta.get("HTTP_" + header_name.upper().replace("-", "_"))
    try:
        allowed, client = allow.decide(peer, [header] if header else [])
    except ValueError:  # unreadable peer address
        return False, ""
    return bool(allowed), client or ""


@dataclass
class NotificationInfo:
    """What the services record on the delivery row (and the order to lock); the decision is the
    engine's (:func:`settle_notification`)."""

    merchant_id: str
    shop_id: str
    merchant_transaction_id: str
    payment_id: str
    state_key: Optional[int]
    state_id: str
    state_name: str
    idempotency_key: str
    outcome: str  # effective outcome (completed only with isExecuted = true)


def parse_notification(body: bytes) -> NotificationInfo:
    n = cqr.parse_notification(body)
    p = n.payment
    state = p.state
    return NotificationInfo(
        merchant_id=str(p.merchant_id),
        shop_id=str(p.shop_id),
        merchant_transaction_id=str(p.merchant_transaction_id),
        payment_id=str(p.payment_id),
        state_key=int(state.key),
        state_id=str(state.id),
        state_name=str(state.value or state.name or ""),
        idempotency_key=str(n.idempotency_key),
        outcome=str(n.effective_outcome),
    )


def ack(code: int, reason: str = "") -> bytes:
    return cqr.build_ack(int(code), message=reason if code else "").encode("utf-8")


def cqr_authorization() -> str:
    cfg = get_config()
    if not cfg.CQR_API_USER or not cfg.CQR_API_PASSWORD:
        raise ConfigError("QIWI_MERCHANT['CQR_API_USER'] / ['CQR_API_PASSWORD'] are not set")
    return cqr.basic_authorization(cfg.CQR_API_USER, cfg.CQR_API_PASSWORD)


def cqr_url(operation: str) -> str:
    base = get_config().CQR_BASE_URL
    if not base:
        raise ConfigError("QIWI_MERCHANT['CQR_BASE_URL'] is not set")
    return str(base).rstrip("/") + "/" + operation


def build_initiate(fields: Dict[str, Any]) -> bytes:
    return cqr.build_initiate_request(fields).body


@dataclass
class InitiateOutcome:
    kind: str  # redirect | duplicate | failed | protocol_error | pending | completed | rejected
    redirect_url: str
    payment_id: str
    state_key: Optional[int]
    detail: str


def parse_initiate_answer(body: bytes) -> InitiateOutcome:
    m = cqr.parse(body)
    if m.kind == cqr.MessageKind.PAYMENT_SERVICE_EXCEPTION:
        return InitiateOutcome("rejected", "", "", None, _json_of(m))
    if m.kind != cqr.MessageKind.INITIATE_RESPONSE:
        raise qx.ProtocolError(f"unexpected answer {m.kind} to initiatePayment")
    r = cast(cqr.InitiateResponse, m)  # INITIATE_RESPONSE (mypy does not narrow on .kind)
    result = r.result
    return InitiateOutcome(
        kind=str(result.type), redirect_url=str(result.url or ""),
        payment_id=str(r.payment.payment_id), state_key=int(r.payment.state.key),
        detail=_json_of({"result": result.to_dict(), "payment_id": r.payment.payment_id,
                         "state": r.payment.state.key, "token": r.token}))


def build_get_payments(merchant_transaction_id: str) -> bytes:
    cfg = get_config()
    return cqr.build_get_payments_request(cfg.CQR_MERCHANT_ID, cfg.CQR_SHOP_ID,
                                          merchant_transaction_id).encode("utf-8")


# ------------------------------------------------------------------------ settlement engine
# Every money and transition decision is the core's (qiwi_merchant.gate.settle / .cqr.settle):
# the services hand over the stored record and the raw message and store what comes back.

Decision = gate.Decision
Effect = gate.Effect


def settle_callback(record: Optional[Mapping[str, Any]], body: bytes) -> Decision:
    """Verify + parse the callback and decide (gate.md §4.5); the project id is checked."""
    return gate.settle(signer(), record, body, get_config().GATE_PROJECT_ID)


def settle_status_answer(record: Optional[Mapping[str, Any]], body: bytes) -> Decision:
    """A status answer (gate.md §6) settled like a callback."""
    return gate.settle_status(signer(), record, body, get_config().GATE_PROJECT_ID)


def gate_storage_failed(record: Optional[Mapping[str, Any]]) -> Decision:
    """The engine's answer when the decision could not be stored (HTTP 503)."""
    try:
        return gate.storage_failed(record)
    except qx.QiwiMerchantError:  # a stored record the core refuses: the answer is the same
        return gate.storage_failed(None)


def cqr_settings() -> Dict[str, Any]:
    """The settings document of the CQR decisions (merchant, shop, confirmation)."""
    cfg = get_config()
    return {"merchant_id": cfg.CQR_MERCHANT_ID or "", "shop_id": cfg.CQR_SHOP_ID or "",
            "confirm_with_get_payments": bool(cfg.CQR_CONFIRM_WITH_GET_PAYMENTS)}


def settle_notification(order: Optional[Mapping[str, Any]], body: bytes,
                        get_payments: Optional[bytes] = None) -> Decision:
    """Parse the notification and decide (cqr.md §5.2 steps 5–10). ``get_payments`` is the
    getPayments answer fetched for the confirmation; one that cannot be read confirms nothing
    (passed as absent: the engine answers 10 when it needed it)."""
    if get_payments is not None:
        try:
            cqr.parse_get_payments_answer(get_payments)
        except qx.QiwiMerchantError:
            get_payments = None
    return cqr.settle(cqr_settings(), order, body, get_payments)


def check_get_payments(body: bytes) -> None:
    """Raises (``QiwiMerchantError``) when ``body`` is not a readable getPayments answer."""
    cqr.parse_get_payments_answer(body)


def settle_get_payments(order: Mapping[str, Any], body: bytes) -> Decision:
    """A getPayments answer fetched for ``order`` (a poll), decided like its notification."""
    return cqr.settle_get_payments(cqr_settings(), order, body)


def cqr_storage_failed(order: Optional[Mapping[str, Any]]) -> Decision:
    """The engine's answer when a notification could not be stored (resultCode 10)."""
    try:
        return cqr.storage_failed(cqr_settings(), order)
    except qx.QiwiMerchantError:  # settings or a stored order the core refuses
        return cqr.storage_failed({"merchant_id": "unconfigured", "shop_id": "unconfigured"}, None)


def bind_attempt(order: Mapping[str, Any], payment_id: str) -> Dict[str, Any]:
    """The order bound to a new attempt's paymentID (the engine's rule)."""
    return cqr.bind_attempt(order, payment_id)
