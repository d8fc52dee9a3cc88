"""Helpers for the shop's own tests: build correctly signed Gate callbacks and account-check
requests, and PXP's CQR messages (notifications, initiate and getPayments answers), from a few
arguments. Not for production traffic. The platform simulator builds its messages here too.

    from qiwi_merchant import testing
    body = testing.gate_callback("secret", payment_id="order-1", amount=2000)
    cb = Signer("secret").parse_callback(body)
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Dict, Mapping, Optional, Sequence, Union
from xml.sax.saxutils import escape

from . import cqr, money
from .cqr import PXP_TEST_IP
from .gate import Signer

__all__ = [
    "sign_message",
    "gate_callback",
    "account_check_request",
    "cqr_payment_xml",
    "cqr_notification",
    "cqr_initiate_response",
    "cqr_get_payments_response",
    "basic_auth_header",
    "CQR_NS",
    "XSI_NS",
    "PXP_TEST_IP",
]


def _signer(secret: Union[str, bytes, Signer]) -> Signer:
    return secret if isinstance(secret, Signer) else Signer(secret)


def sign_message(secret: Union[str, bytes, Signer], params: Mapping[str, Any]) -> bytes:
    """``params`` as a JSON body with its signature added as top-level ``signature`` (the way
    the platform signs callbacks and account-check requests)."""
    message: Dict[str, Any] = dict(params)
    message.pop("signature", None)
    message["signature"] = _signer(secret).sign(message)
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def gate_callback(
    secret: Union[str, bytes, Signer],
    *,
    payment_id: str,
    status: str = "success",
    amount: int = 1000,
    currency: str = "KZT",
    payment_type: str = "purchase",
    project_id: int = 1,
    account_number: Optional[str] = "user1",
    operation_id: int = 1,
    operation_status: Optional[str] = None,
    operation_type: str = "sale",
    extra: Optional[Mapping[str, Any]] = None,
) -> bytes:
    """A signed Gate callback body (gate.md §4) for one payment."""
    params: Dict[str, Any] = {
        "project_id": project_id,
        "payment": {
            "id": payment_id,
            "type": payment_type,
            "status": status,
            "date": "2024-01-01T00:00:00+0000",
            "method": "Qiwi Kz Kiosk",
            "sum": {"amount": amount, "currency": currency},
            "description": "",
        },
        "operation": {
            "id": operation_id,
            "type": operation_type,
            "status": operation_status if operation_status is not None else status,
            "date": "2024-01-01T00:00:00+0000",
            "created_date": "2024-01-01T00:00:00+0000",
            "request_id": f"req-{payment_id}",
            "sum_initial": {"amount": amount, "currency": currency},
            "sum_converted": {"amount": amount, "currency": currency},
            "code": "0",
            "message": "Success",
        },
    }
    if account_number is not None:
        params["account"] = {"number": account_number}
    if extra:
        params.update(extra)
    return sign_message(secret, params)


def account_check_request(
    secret: Union[str, bytes, Signer],
    *,
    project_id: int,
    customer_id: str,
    type: str = "verify",  # noqa: A002 - the wire name
    amount: Optional[int] = None,
    currency: Optional[str] = None,
    payment_method: str = "qiwi-kz",
    extra: Optional[Mapping[str, Any]] = None,
) -> bytes:
    """A signed account-check request body (gate.md §3): ``verify``, or ``check_deposit``
    when ``amount`` and ``currency`` are given (or ``type="check_deposit"``)."""
    params: Dict[str, Any] = {"type": type, "project_id": project_id, "customer_id": customer_id}
    if amount is not None or currency is not None or type == "check_deposit":
        params["type"] = "check_deposit"
        params["amount"] = amount if amount is not None else 10000
        params["currency"] = currency if currency is not None else "KZT"
        params["payment_method"] = payment_method
    if extra:
        params.update(extra)
    return sign_message(secret, params)


#: The namespaces of PXP's PaymentService messages.
CQR_NS = "http://www.cqrpayments.com/PaymentProcessing"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


def _text(value: str) -> str:
    return escape(value)


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _element(name: str, text: str) -> str:
    return f"<{name}>{_text(text)}</{name}>"


def _major(amount: Union[str, Decimal, None], amount_minor: Optional[int], currency: str) -> str:
    """The amount element's text: ``amount`` as given (major units), or ``amount_minor``
    written by the core with the currency's own fraction digits (``money.to_major``)."""
    if amount_minor is not None:
        if amount is not None:
            raise TypeError("give amount or amount_minor, not both")
        return money.to_major(amount_minor, currency)
    return str(amount if amount is not None else "10.00")


def cqr_payment_xml(
    *,
    payment_id: str,
    merchant_transaction_id: str,
    amount: Union[str, Decimal, None] = None,
    amount_minor: Optional[int] = None,
    currency: str = "USD",
    state_key: int = 29,
    state_value: str = "DepositedByProvider",
    state_id: str = "00000000-0000-0000-0000-000000000001",
    is_executed: Optional[bool] = True,
    merchant_id: str = "TestMerchant",
    shop_id: str = "TestShop",
    shop_fee: Optional[Union[str, Decimal]] = None,
    user_id: str = "test-user",
    state_details: Optional[Mapping[str, str]] = None,
    created_on: str = "2024-01-01T00:00:00",
) -> str:
    """One ``payment`` element as PXP writes it (QiwiDeposit 163 via Envoy 90), for
    :func:`cqr_notification`, :func:`cqr_initiate_response` and
    :func:`cqr_get_payments_response`. The amount is ``amount`` (major-unit text, default
    ``"10.00"``) or ``amount_minor`` (minor units of ``currency``); ``state_details`` are the
    state's ``keyStringValuePair`` items (``{"RedirectionUrl": ...}``); ``is_executed`` None
    leaves ``isExecuted`` out."""
    fee = ""
    if shop_fee is not None:
        fee = f'<shopFee currencyCode="{_attr(currency)}">{_text(str(shop_fee))}</shopFee>'
    if state_details:
        items = "".join(
            f'<detail xsi:type="keyStringValuePair">{_element("key", k)}{_element("value", v)}</detail>'
            for k, v in state_details.items()
        )
        details = f"<paymentStateDetails>{items}</paymentStateDetails>"
    else:
        details = '<paymentStateDetails xsi:nil="true"/>'
    executed = "" if is_executed is None else _element("isExecuted", "true" if is_executed else "false")
    return (
        '<payment xsi:type="paymentWithPaymentAccount">'
        + _element("merchantID", merchant_id)
        + _element("shopID", shop_id)
        + "<paymentMethod><key>163</key><value>QiwiDeposit</value></paymentMethod>"
        + _element("merchantTransactionID", merchant_transaction_id)
        + _element("paymentID", payment_id)
        + _element("userID", user_id)
        + "<paymentProvider><key>90</key><value>Envoy</value></paymentProvider>"
        + f'<amount currencyCode="{_attr(currency)}">{_text(_major(amount, amount_minor, currency))}</amount>'
        + fee
        + "<creationType><key>1</key><value>User</value></creationType>"
        + "<state>"
        + _element("id", state_id)
        + f"<definition><key>{int(state_key)}</key>{_element('value', state_value)}</definition>"
        + _element("createdOn", created_on)
        + details
        + "</state>"
        + executed
        + "</payment>"
    )


def _document(root: str, content: str) -> bytes:
    return (f'{_DECLARATION}<{root} xmlns="{CQR_NS}" xmlns:xsi="{XSI_NS}">{content}</{root}>').encode("utf-8")


def cqr_notification(**payment: Any) -> bytes:
    """A CQR ``handlePaymentStateChangedNotificationRequest`` body (UTF-8 XML) for one payment:
    the arguments of :func:`cqr_payment_xml`."""
    return _document("handlePaymentStateChangedNotificationRequest", cqr_payment_xml(**payment))


def cqr_initiate_response(*, redirect_url: str, **payment: Any) -> bytes:
    """PXP's ``initiatePaymentResponse`` with a redirect: state 30 RedirectURLCreated, the URL
    in the state details, ``isExecuted`` false; the other arguments as :func:`cqr_payment_xml`."""
    payment.setdefault("state_key", 30)
    payment.setdefault("state_value", "RedirectURLCreated")
    payment.setdefault("is_executed", False)
    payment["state_details"] = {"RedirectionUrl": redirect_url, **(payment.get("state_details") or {})}
    return _document("initiatePaymentResponse", cqr_payment_xml(**payment))


def cqr_get_payments_response(payments: Sequence[str]) -> bytes:
    """PXP's ``getPaymentsResponse`` listing ``payments`` (elements of :func:`cqr_payment_xml`)."""
    return _document("getPaymentsResponse", f"<payments>{''.join(payments)}</payments>")


def basic_auth_header(user: str, password: str) -> str:
    """An ``Authorization`` header value as PXP sends it (the core's
    ``cqr.basic_authorization``)."""
    return cqr.basic_authorization(user, password)
