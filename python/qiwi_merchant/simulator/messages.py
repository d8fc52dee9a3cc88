"""Platform-side messages: signed Gate requests/callbacks and CQR XML documents."""

from __future__ import annotations

import json
from typing import Any, Dict, Mapping, Optional, Union

from qiwi_merchant import cqr, gate, money, testing
from qiwi_merchant.exceptions import QiwiMerchantError

NS = testing.CQR_NS
XSI = testing.XSI_NS


def ack_code(body: bytes) -> Optional[int]:
    """The ``resultCode`` of the shop's notification answer, read by the core; None when the body
    is not such an answer (the scenario check expecting a code then fails with the status)."""
    try:
        return cqr.parse_ack(body).code
    except QiwiMerchantError:
        return None


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


def major(minor: int, currency: str = "KZT") -> str:
    """``minor`` units of ``currency`` as major-unit text (the core's, with the currency's own
    fraction digits)."""
    return money.to_major(minor, currency)


def _args(*, merchant_id: str, shop_id: str, mtid: str, payment_id: str, amount_minor: int, currency: str,
          state_key: int, state_name: str, state_id: str, details: Union[Mapping[str, str], str, None] = None,
          is_executed: Optional[bool] = None, user_id: str = "user") -> Dict[str, Any]:
    """The simulator's payment fields as ``qiwi_merchant.testing.cqr_payment_xml`` arguments;
    ``details`` are the state's items (a mapping; ``""`` or None for none), ``is_executed``
    None leaves ``isExecuted`` out."""
    if isinstance(details, str):
        if details:
            raise TypeError("state details are a mapping of key -> value")
        details = None
    return dict(merchant_id=merchant_id, shop_id=shop_id, merchant_transaction_id=mtid, payment_id=payment_id,
                amount_minor=amount_minor, currency=currency, state_key=state_key, state_value=state_name,
                state_id=state_id, state_details=details, is_executed=is_executed, user_id=user_id,
                created_on="2026-01-01T10:00:00.00")


def _payment_xml(**kw: Any) -> str:
    """One ``payment`` element (for getPayments answers), built by ``qiwi_merchant.testing``, the
    one CQR message builder."""
    return testing.cqr_payment_xml(**_args(**kw))


def notification(**kw: Any) -> bytes:
    return testing.cqr_notification(**_args(**kw))


def initiate_response(*, redirect_url: str, **kw: Any) -> bytes:
    return testing.cqr_initiate_response(
        redirect_url=redirect_url,
        **_args(state_key=30, state_name="RedirectURLCreated", is_executed=False, **kw))


def get_payments_response(payments_xml: list[str]) -> bytes:
    return testing.cqr_get_payments_response(payments_xml)
