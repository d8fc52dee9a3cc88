"""Our calls to PXP: initiatePayment for a QiwiDeposit, getPayments for the confirmation and for
polling an order (cqr.md §2, §8): the I/O. Bodies are built and answers read by the core; the
rows are ``services``' (the initiate answer's paymentID is bound with
``qiwi_merchant.cqr.bind_attempt``; a polled getPayments answer is settled with
``qiwi_merchant.cqr.settle_get_payments``)."""

from __future__ import annotations

import secrets
from typing import Optional, Tuple

from qiwi_merchant import cqr

from . import conf, services
from .conf import get_config
from .models import CqrPayment
from .transport import Transport, post


def _post(operation: str, body: bytes, transport: Optional[Transport]) -> Tuple[int, bytes]:
    headers = {"Content-Type": cqr.CONTENT_TYPE, "Authorization": conf.cqr_authorization()}
    return post(conf.cqr_url(operation), body, headers, transport)


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
    body = cqr.build_initiate_request(fields).body
    pay = services.store_cqr_order(merchant_transaction_id=mtid, customer_id=customer_id, amount=int(amount),
                                   currency=currency)
    try:
        _status, answer = _post("initiatePayment", body, transport)
        parsed = cqr.parse_initiate_answer(answer)  # the core reads the root: response or exception
    except Exception as exc:  # noqa: BLE001 - unknown outcome: keep pending, confirm later
        return services.record_initiate_answer(pay, None, type(exc).__name__)
    return services.record_initiate_answer(pay, parsed)


def fetch_get_payments(merchant_transaction_id: str, transport: Optional[Transport] = None) -> bytes:
    """getPayments for one order: PXP's answer as raw XML bytes (raises when none arrived). The
    services hand it to the engine for the confirmation of a completed state."""
    cfg = get_config()
    body = cqr.build_get_payments_request(cfg.CQR_MERCHANT_ID, cfg.CQR_SHOP_ID, merchant_transaction_id)
    _status, answer = _post("getPayments", body.encode("utf-8"), transport)
    return answer


def poll_payment(payment: CqrPayment, transport: Optional[Transport] = None) -> services.CqrResult:
    """Ask PXP for the order's payments (the browser came back, a timer, "check status now") and
    settle the answer like a notification (``qiwi_merchant.cqr.settle_get_payments``): stored raw
    as a CqrNotification (source ``get_payments``), decided under the row lock, effects booked and
    signals sent exactly as for a notification. Raises when no answer arrived."""
    return services.receive_get_payments(payment, fetch_get_payments(payment.merchant_transaction_id, transport))
