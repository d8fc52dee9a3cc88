"""Our calls to PXP: initiatePayment for a QiwiDeposit, getPayments for the confirmation and for
polling an order (cqr.md §2, §8). Decisions are the settlement engine's: the initiate answer's
paymentID is bound with ``qiwi_merchant.cqr.bind_attempt``; a polled getPayments answer is settled
with ``qiwi_merchant.cqr.settle_get_payments`` (services.receive_get_payments)."""

from __future__ import annotations

import logging
import secrets
from typing import Optional, Tuple

from django.db import transaction

from . import core, services
from .conf import get_config
from .models import CqrPayment, Outcome
from .payouts import Transport, _transport

XML = "application/xml; charset=utf-8"
log = logging.getLogger("qiwi_merchant.django")


def _post(operation: str, body: bytes, transport: Optional[Transport]) -> Tuple[int, bytes]:
    headers = {"Content-Type": XML, "Authorization": core.cqr_authorization()}
    return _transport(transport)(core.cqr_url(operation), body, headers, float(get_config().HTTP_TIMEOUT))


def initiate_deposit(*, customer_id: str, amount: int, currency: str, email: str, country_code2: str,
                     return_url: str, session_id: str, user_ip: Optional[str] = None,
                     language_code: Optional[str] = None, transport: Optional[Transport] = None) -> CqrPayment:
    """Create the order row (pending), send initiatePayment, record PXP's answer.

    ``redirect_url`` is set when PXP answered with a redirect, and the order is bound to the
    answer's paymentID (``qiwi_merchant.cqr.bind_attempt``). A timeout leaves the order pending
    with an empty redirect: :func:`poll_payment` (getPayments) before any retry (§1). An answer
    that created no usable payment (``failed``, ``rejected``) marks a pending order failed: no
    money was moved, and a failed order may start another attempt.
    """
    cfg = get_config()
    mtid = f"{cfg.PAYMENT_ID_PREFIX}-{secrets.token_hex(10)}"
    fields = {
        "merchant_id": cfg.CQR_MERCHANT_ID, "shop_id": cfg.CQR_SHOP_ID,
        "merchant_transaction_id": mtid, "amount_minor": int(amount), "currency": currency,
        "user_id": customer_id, "user_session_id": session_id,
        "merchant_notification_url": return_url, "email_address": email, "country_code2": country_code2,
    }
    if user_ip:
        fields["user_ip"] = user_ip
    if language_code:
        fields["language_code"] = language_code
    body = core.build_initiate(fields)
    pay: CqrPayment = CqrPayment.objects.create(merchant_transaction_id=mtid, customer_id=customer_id,
                                    amount=int(amount), currency=currency)
    try:
        _status, answer = _post("initiatePayment", body, transport)
        res = core.parse_initiate_answer(answer)
    except Exception as exc:  # noqa: BLE001 - unknown outcome: keep pending, confirm later
        pay.initiate_result = f'{{"result":"unknown","error":"{type(exc).__name__}"}}'
        pay.save(update_fields=["initiate_result", "updated_at"])
        return pay
    with transaction.atomic():
        p: CqrPayment = CqrPayment.objects.select_for_update().get(pk=pay.pk)
        p.initiate_result = res.detail[:8000]
        p.redirect_url = res.redirect_url if res.kind == "redirect" else ""
        if res.payment_id and p.pxp_payment_id != res.payment_id:
            try:
                bound = core.bind_attempt(services.cqr_order(p), res.payment_id)
                p.status, p.pxp_payment_id = bound["status"], bound["payment_id"] or ""
            except core.QiwiMerchantError as exc:  # settled meanwhile: the engine keeps its binding
                log.warning("qiwi_merchant: order %s not bound to %s: %s", mtid, res.payment_id, exc)
        if res.state_key is not None:
            p.state_key = res.state_key
        if res.kind in ("failed", "rejected") and p.status == Outcome.PENDING:
            p.status = Outcome.FAILED
        p.save()
    return p


def fetch_get_payments(merchant_transaction_id: str, transport: Optional[Transport] = None) -> bytes:
    """getPayments for one order: PXP's answer as raw XML bytes (raises when none arrived). The
    services hand it to the engine for the confirmation of a completed state."""
    _status, answer = _post("getPayments", core.build_get_payments(merchant_transaction_id), transport)
    return answer


def poll_payment(payment: CqrPayment, transport: Optional[Transport] = None) -> "services.CqrResult":
    """Ask PXP for the order's payments (the browser came back, a timer, "check status now") and
    settle the answer like a notification (``qiwi_merchant.cqr.settle_get_payments``): stored raw
    as a CqrNotification (source ``get_payments``), decided under the row lock, effects booked and
    signals sent exactly as for a notification. Raises when no answer arrived."""
    return services.receive_get_payments(payment, fetch_get_payments(payment.merchant_transaction_id, transport))
