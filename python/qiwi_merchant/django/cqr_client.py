"""Our calls to PXP: initiatePayment for a QiwiDeposit, getPayments for confirmation (cqr.md §2, §8)."""

from __future__ import annotations

import secrets
from typing import Optional, Tuple

from django.db import transaction

from . import core
from .conf import get_config
from .models import CqrPayment, Outcome
from .payouts import Transport, _transport

XML = "application/xml; charset=utf-8"


def _post(operation: str, body: bytes, transport: Optional[Transport]) -> Tuple[int, bytes]:
    headers = {"Content-Type": XML, "Authorization": core.cqr_authorization()}
    return _transport(transport)(core.cqr_url(operation), body, headers, float(get_config().HTTP_TIMEOUT))


def initiate_deposit(*, customer_id: str, amount: int, currency: str, email: str, country_code2: str,
                     return_url: str, session_id: str, user_ip: Optional[str] = None,
                     language_code: Optional[str] = None, transport: Optional[Transport] = None) -> CqrPayment:
    """Create the order row (pending), send initiatePayment, record PXP's answer.

    ``redirect_url`` is set when PXP answered with a redirect. A timeout leaves the order pending
    with an empty redirect: call :func:`confirm_payment` / getPayments before any retry (§1).
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
        if res.payment_id and not p.pxp_payment_id:
            p.pxp_payment_id = res.payment_id[:64]
        if res.state_key is not None:
            p.state_key = res.state_key
        if res.kind in ("failed", "rejected") and p.status == Outcome.PENDING:
            p.status = Outcome.FAILED
        p.save()
    return p


def confirm_payment(merchant_transaction_id: str, payment_id: str, transport: Optional[Transport] = None) -> str:
    """getPayments for the order; the state of `payment_id`: completed | pending | failed | not_found."""
    _status, answer = _post("getPayments", core.build_get_payments(merchant_transaction_id), transport)
    return core.confirmation(answer, payment_id)
