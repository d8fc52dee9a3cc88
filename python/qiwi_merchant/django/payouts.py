"""Payouts to QIWI wallets (gate.md §5) and the status-request fallback (§6).

A transport is any callable ``transport(url, body: bytes, headers: dict, timeout: float) ->
(http_status: int, body: bytes)``; it raises ``OSError`` (or anything) when no answer arrived.
The default uses ``urllib.request`` with ``QIWI_MERCHANT['HTTP_TIMEOUT']``.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from typing import Any, Callable, Dict, List, Optional, Tuple, cast

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from . import core, services, signals
from .conf import get_config
from .models import GateDeposit, GatePayout, Outcome, ProcessingState

log = logging.getLogger("qiwi_merchant.django")

Transport = Callable[[str, bytes, Dict[str, str], float], Tuple[int, bytes]]


def urllib_transport(url: str, body: bytes, headers: Dict[str, str], timeout: float) -> Tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - configured https URL
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:  # 4xx/5xx with a body: the core classifies it
        return exc.code, exc.read() or b""


def _transport(transport: Optional[Transport]) -> Transport:
    if transport is not None:
        return transport
    path = get_config().TRANSPORT
    if path:
        return cast(Transport, path if callable(path) else import_string(path))
    return urllib_transport


def _url(path: str) -> str:
    base = get_config().GATE_BASE_URL
    if not base:
        raise core.ConfigError("QIWI_MERCHANT['GATE_BASE_URL'] is not set")
    return str(base).rstrip("/") + path


def create_payout(*, customer_id: str, account_number: str, amount: int, first_name: str, last_name: str,
                  email: str, ip_address: str, currency: str = "KZT", extra: Optional[Dict[str, Any]] = None) -> GatePayout:
    """Store a payout with a new unique ``payment_id`` and its signed request (not sent yet)."""
    cfg = get_config()
    payment_id = core.new_payment_id()
    path, body = core.build_payout(
        project_id=cfg.GATE_PROJECT_ID, payment_id=payment_id,
        customer={"id": customer_id, "ip_address": ip_address, "first_name": first_name,
                  "last_name": last_name, "email": email},
        account_number=account_number, amount=amount, currency=currency, extra=extra)
    return cast(GatePayout, GatePayout.objects.create(
        payment_id=payment_id, project_id=cfg.GATE_PROJECT_ID, customer_id=customer_id,
        account_number=account_number, amount=amount, currency=currency,
        request_path=path, request_body=body))


def send_payout(payout: GatePayout, transport: Optional[Transport] = None) -> GatePayout:
    """POST the stored request (identical bytes on every resend) and record Gate's answer.

    accepted → wait for the callback; rejected (first send only) → failed + ``payout_failed``;
    unknown (timeout, 5xx, bad signature, resend refused) → resend the same request later or
    poll with :func:`poll_status`; never create a new payment_id for it.
    """
    if payout.status != Outcome.PENDING:
        return payout
    resend = payout.send_count > 0
    url = _url(payout.request_path)
    body = bytes(payout.request_body)
    status: Optional[int] = None
    answer: Optional[bytes] = None
    try:
        status, answer = _transport(transport)(url, body, {"Content-Type": "application/json"},
                                               float(get_config().HTTP_TIMEOUT))
        result = core.parse_payout_response(status, answer, payout.payment_id, resend)
    except Exception as exc:  # noqa: BLE001 - no answer: the outcome is unknown
        log.warning("qiwi_merchant: payout %s: no usable answer: %s", payout.payment_id, exc)
        result = core.PayoutResult("unknown", None, f'{{"result":"unknown","error":"{type(exc).__name__}"}}')
    with transaction.atomic():
        p: GatePayout = GatePayout.objects.select_for_update().get(pk=payout.pk)
        p.send_count += 1
        p.sent_at = timezone.now()
        p.response_http_status = status
        p.response_body = answer
        p.response_detail = result.detail[:4000]
        fields = ["send_count", "sent_at", "response_http_status", "response_body", "response_detail", "send_state", "updated_at"]
        if result.kind == "accepted":
            p.send_state = GatePayout.Sent.ACCEPTED
            p.request_id = (result.request_id or "")[:128]
            fields.append("request_id")
        elif result.kind == "rejected":
            p.send_state = GatePayout.Sent.REJECTED
            if p.status == Outcome.PENDING:
                p.status = Outcome.FAILED
                p.settled_at = timezone.now()
                fields += ["status", "settled_at"]
                p.save(update_fields=fields)
                # refused synchronously: nothing was paid out, no engine decision, no effect
                signals.payout_failed.send(sender=GatePayout, payout=p, callback=None, effect=None, decision=None)
                return p
        else:
            p.send_state = GatePayout.Sent.UNKNOWN
        p.save(update_fields=fields)
    return p


def poll_status(obj: Any, transport: Optional[Transport] = None) -> str:
    """Ask Gate for the status of a deposit or payout whose callback did not arrive (§6).

    The answer is stored as a GateCallback (source ``status_request``) and settled by the engine
    exactly like a callback (``qiwi_merchant.gate.settle_status``) under the row lock. Returns the
    processing state (``applied``, ``duplicate``, ``no_change``, ``flagged``, ``failed``),
    ``not_found`` (Gate does not know the payment) or ``error`` (an answer not trusted).
    """
    if not isinstance(obj, (GateDeposit, GatePayout)):
        raise TypeError("poll_status takes a GateDeposit or GatePayout")
    path, body = core.build_status_request(get_config().GATE_PROJECT_ID, obj.payment_id)
    status, answer = _transport(transport)(_url(path), body, {"Content-Type": "application/json"},
                                           float(get_config().HTTP_TIMEOUT))
    result = services.receive_gate_status_answer(obj, answer or b"", status)
    if result.http_status == 400:
        return "error"
    if result.status_kind in ("not_found", "error") and result.state != ProcessingState.FAILED:
        return result.status_kind
    return cast(str, result.state)


def overdue(model: Any, older_than: Any) -> List[Any]:
    """Pending rows created before ``older_than`` (a datetime): candidates for :func:`poll_status`."""
    return list(model.objects.filter(status=Outcome.PENDING, created_at__lt=older_than))
