"""Helpers for the shop's own tests: build correctly signed Gate callbacks and account-check
requests, and CQR notifications, from a few arguments. Not for production traffic.

    from qiwi_merchant import testing
    body = testing.gate_callback("secret", payment_id="order-1", amount=2000)
    cb = Signer("secret").parse_callback(body)
"""

from __future__ import annotations

import base64
import json
from decimal import Decimal
from typing import Any, Dict, Mapping, Optional, Union
from xml.sax.saxutils import escape

from .cqr import PXP_TEST_IP
from .gate import Signer

__all__ = [
    "sign_message",
    "gate_callback",
    "account_check_request",
    "cqr_notification",
    "basic_auth_header",
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


def cqr_notification(
    *,
    payment_id: str,
    merchant_transaction_id: str,
    amount: Union[str, Decimal] = "10.00",
    currency: str = "USD",
    state_key: int = 29,
    state_value: str = "DepositedByProvider",
    state_id: str = "00000000-0000-0000-0000-000000000001",
    is_executed: Optional[bool] = True,
    merchant_id: str = "TestMerchant",
    shop_id: str = "TestShop",
    shop_fee: Optional[Union[str, Decimal]] = None,
) -> bytes:
    """A CQR ``handlePaymentStateChangedNotificationRequest`` body (UTF-8 XML)."""

    def el(name: str, text: str) -> str:
        return f"<{name}>{escape(text)}</{name}>"

    fee = ""
    if shop_fee is not None:
        fee = f'<shopFee currencyCode="{escape(currency)}">{escape(str(shop_fee))}</shopFee>'
    executed = "" if is_executed is None else el("isExecuted", "true" if is_executed else "false")
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<handlePaymentStateChangedNotificationRequest xmlns="http://www.cqrpayments.com/PaymentProcessing" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<payment xsi:type="paymentWithPaymentAccount">'
        + el("merchantID", merchant_id)
        + el("shopID", shop_id)
        + "<paymentMethod><key>163</key><value>QiwiDeposit</value></paymentMethod>"
        + el("merchantTransactionID", merchant_transaction_id)
        + el("paymentID", payment_id)
        + el("userID", "test-user")
        + "<paymentProvider><key>90</key><value>Envoy</value></paymentProvider>"
        + f'<amount currencyCode="{escape(currency)}">{escape(str(amount))}</amount>'
        + fee
        + "<state>"
        + el("id", state_id)
        + f"<definition><key>{int(state_key)}</key>{el('value', state_value)}</definition>"
        + "<createdOn>2024-01-01T00:00:00</createdOn>"
        + "</state>"
        + executed
        + "</payment></handlePaymentStateChangedNotificationRequest>"
    )
    return xml.encode("utf-8")


def basic_auth_header(user: str, password: str) -> str:
    """An ``Authorization`` header value as PXP sends it."""
    token = base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
    return f"Basic {token}"
