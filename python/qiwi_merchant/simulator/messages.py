"""Platform-side messages: signed Gate requests/callbacks and CQR XML documents."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Optional
from xml.sax.saxutils import escape

from qiwi_merchant import gate

NS = "http://www.cqrpayments.com/PaymentProcessing"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


class GateSide:
    def __init__(self, secret: str, project_id: int):
        self.signer = gate.Signer(secret)
        self.project_id = project_id

    def signed(self, msg: dict[str, Any]) -> bytes:
        sig = self.signer.sign(msg)
        return json.dumps(dict(msg, signature=sig), separators=(",", ":")).encode()

    def verify_request(self, customer_id: str) -> bytes:
        return self.signed({"type": "verify", "project_id": self.project_id, "customer_id": customer_id})

    def check_deposit(self, customer_id: str, amount: int, currency: str = "KZT") -> bytes:
        return self.signed({"type": "check_deposit", "project_id": self.project_id, "customer_id": customer_id,
                            "amount": amount, "currency": currency, "payment_method": "qiwi-kz"})

    def callback(self, payment_id: str, amount: int, status: str = "success", *, ptype: str = "purchase",
                 account: str = "", operation_id: int = 1, currency: str = "KZT", code: str = "0") -> bytes:
        op_status = {"success": "success", "decline": "decline"}.get(status, "processing")
        return self.signed({
            "project_id": self.project_id,
            "payment": {"id": payment_id, "type": ptype, "status": status, "date": "2026-01-01T00:00:00+0000",
                        "method": "Qiwi Kz Kiosk" if ptype == "purchase" else "qiwi-kz",
                        "sum": {"amount": amount, "currency": currency}, "description": ""},
            "account": {"number": account},
            "operation": {"id": operation_id, "type": "sale" if ptype == "purchase" else "payout",
                          "status": op_status, "date": "2026-01-01T00:00:01+0000",
                          "created_date": "2026-01-01T00:00:00+0000", "request_id": f"req-{operation_id}",
                          "sum_initial": {"amount": amount, "currency": currency},
                          "sum_converted": {"amount": amount, "currency": currency},
                          "code": code, "message": "Success" if code == "0" else "General decline",
                          "provider": {"id": 1234, "payment_id": f"prov-{operation_id}", "auth_code": ""}},
        })


def major(minor: int, exponent: int = 2) -> str:
    return f"{Decimal(minor).scaleb(-exponent):.{exponent}f}"


def _payment_xml(*, merchant_id: str, shop_id: str, mtid: str, payment_id: str, amount_minor: int, currency: str,
                 state_key: int, state_name: str, state_id: str, details: str = "",
                 is_executed: Optional[bool] = None, user_id: str = "user") -> str:
    parts = [
        f'<payment xsi:type="paymentWithPaymentAccount"><merchantID>{escape(merchant_id)}</merchantID>',
        f"<shopID>{escape(shop_id)}</shopID><paymentMethod><key>163</key><value>QiwiDeposit</value></paymentMethod>",
        f"<merchantTransactionID>{escape(mtid)}</merchantTransactionID><paymentID>{escape(payment_id)}</paymentID>",
        f"<userID>{escape(user_id)}</userID><paymentProvider><key>90</key><value>Envoy</value></paymentProvider>",
        f'<amount currencyCode="{currency}">{major(amount_minor)}</amount>',
        "<creationType><key>1</key><value>User</value></creationType>",
        f"<state><id>{escape(state_id)}</id><definition><key>{state_key}</key><value>{state_name}</value></definition>",
        f"<createdOn>2026-01-01T10:00:00.00</createdOn>",
        (f"<paymentStateDetails>{details}</paymentStateDetails>" if details else '<paymentStateDetails xsi:nil="true"/>'),
        "</state>",
    ]
    if is_executed is not None:
        parts.append(f"<isExecuted>{'true' if is_executed else 'false'}</isExecuted>")
    parts.append("</payment>")
    return "".join(parts)


def notification(**kw: Any) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<handlePaymentStateChangedNotificationRequest xmlns="{NS}" '
            f'xmlns:xsi="{XSI}">{_payment_xml(**kw)}</handlePaymentStateChangedNotificationRequest>').encode()


def initiate_response(*, redirect_url: str, **kw: Any) -> bytes:
    details = (f'<detail xsi:type="keyStringValuePair"><key>RedirectionUrl</key>'
               f"<value>{escape(redirect_url)}</value></detail>")
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<initiatePaymentResponse xmlns="{NS}" xmlns:xsi="{XSI}">'
            f"{_payment_xml(details=details, state_key=30, state_name='RedirectURLCreated', is_executed=False, **kw)}"
            "</initiatePaymentResponse>").encode()


def get_payments_response(payments_xml: list[str]) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<getPaymentsResponse xmlns="{NS}" xmlns:xsi="{XSI}">'
            f"<payments>{''.join(payments_xml)}</payments></getPaymentsResponse>").encode()
