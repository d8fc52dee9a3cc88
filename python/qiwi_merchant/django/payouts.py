"""Payouts to QIWI wallets (gate.md §5) and the status-request fallback (§6): the I/O.

The requests are built and signed by the core, sent with a transport (``transport.py``: any
callable ``transport(url, body, headers, timeout) -> (http_status, body)``; the default uses
``urllib.request`` with ``QIWI_MERCHANT['HTTP_TIMEOUT']``), and what comes back is classified by
the core and recorded by ``services``.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, cast

from qiwi_merchant import gate

from . import conf, services
from .conf import get_config
from .models import GateDeposit, GatePayout, Outcome, ProcessingState
from .transport import Transport, post

log = logging.getLogger("qiwi_merchant.django")

__all__ = ["Transport", "create_payout", "send_payout", "poll_status", "overdue"]


def create_payout(*, customer_id: str, account_number: str, amount: int, first_name: str, last_name: str,
                  email: str, ip_address: str, currency: str = "KZT", extra: Optional[Dict[str, Any]] = None) -> GatePayout:
    """Store a payout with a new unique ``payment_id`` and its signed request (not sent yet)."""
    cfg = get_config()
    payment_id = conf.new_payment_id()
    path, body = conf.signer().payout_request(
        project_id=cfg.GATE_PROJECT_ID, payment_id=payment_id,
        customer={"id": customer_id, "ip_address": ip_address, "first_name": first_name,
                  "last_name": last_name, "email": email},
        account_number=account_number, amount=amount, currency=currency, extra=extra)
    return services.store_payout(payment_id=payment_id, project_id=cfg.GATE_PROJECT_ID, customer_id=customer_id,
                                 account_number=account_number, amount=amount, currency=currency,
                                 request_path=path, request_body=bytes(body))


def send_payout(payout: GatePayout, transport: Optional[Transport] = None) -> GatePayout:
    """POST the stored request (identical bytes on every resend) and record Gate's answer.

    accepted → wait for the callback; rejected (first send only) → failed + ``payout_failed``;
    unknown (timeout, 5xx, bad signature, resend refused) → resend the same request later or
    poll with :func:`poll_status`; never create a new payment_id for it.
    """
    if payout.status != Outcome.PENDING:
        return payout
    resend = payout.send_count > 0
    url = conf.gate_url(payout.request_path)
    status: Optional[int] = None
    answer: Optional[bytes] = None
    try:
        status, answer = post(url, bytes(payout.request_body), {"Content-Type": gate.CONTENT_TYPE}, transport)
        result = conf.signer().parse_payout_response(status, answer, payout.payment_id, resend)
    except Exception as exc:  # noqa: BLE001 - no answer: the outcome is unknown
        log.warning("qiwi_merchant: payout %s: no usable answer: %s", payout.payment_id, exc)
        return services.record_payout_answer(payout, status, answer, None, type(exc).__name__)
    return services.record_payout_answer(payout, status, answer, result)


def poll_status(obj: Any, transport: Optional[Transport] = None) -> str:
    """Ask Gate for the status of a deposit or payout whose callback did not arrive (§6).

    The answer is stored as a GateCallback (source ``status_request``) and settled by the engine
    exactly like a callback (``qiwi_merchant.gate.settle_status``) under the row lock. Returns the
    processing state (``applied``, ``duplicate``, ``no_change``, ``flagged``, ``failed``),
    ``not_found`` (Gate does not know the payment) or ``error`` (an answer not trusted).
    """
    if not isinstance(obj, (GateDeposit, GatePayout)):
        raise TypeError("poll_status takes a GateDeposit or GatePayout")
    path, body = conf.signer().status_request(int(get_config().GATE_PROJECT_ID), obj.payment_id)
    status, answer = post(conf.gate_url(path), bytes(body), {"Content-Type": gate.CONTENT_TYPE}, transport)
    result = services.receive_gate_status_answer(obj, answer or b"", status)
    if result.http_status == 400:
        return "error"
    if result.status_kind in ("not_found", "error") and result.state != ProcessingState.FAILED:
        return result.status_kind
    return cast(str, result.state)


def overdue(model: Any, older_than: Any) -> List[Any]:
    """Pending rows created before ``older_than`` (a datetime): candidates for :func:`poll_status`."""
    return list(model.objects.filter(status=Outcome.PENDING, created_at__lt=older_than))
