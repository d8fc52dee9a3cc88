"""The platform simulator's PXP side reads what the shop sends through the package: the
initiatePaymentRequest by ``cqr.parse_initiate_request`` (amounts exact for 0-, 2- and 3-digit
currencies), Basic credentials by the core; its answers are built by ``qiwi_merchant.testing``
and read back by the package (the OpenCart target's ``OpenCartPlatform``, driven without a
store)."""

from __future__ import annotations

import pytest

from qiwi_merchant import cqr, money
from qiwi_merchant.simulator import messages as m
from qiwi_merchant.simulator.opencart import OpenCartPlatform


def initiate_request(amount_minor: int, currency: str) -> bytes:
    return cqr.build_initiate_request(
        merchant_id="M", shop_id="S", merchant_transaction_id=f"o-{currency}", amount_minor=amount_minor,
        currency=currency, user_id="u", user_session_id="s", email_address="a@example.com", country_code2="KZ",
        merchant_notification_url="https://shop.example/n").body


@pytest.mark.parametrize("currency", ["KZT", "JPY", "KWD"])
def test_opencart_platform_initiate_and_get_payments(currency: str) -> None:
    platform = OpenCartPlatform("127.0.0.1:0", m.GateSide("secret", 1), "api", "api-pw")
    auth = cqr.basic_authorization("api", "api-pw")
    body = initiate_request(12345, currency)
    assert platform.handle("/pox/initiatePayment", cqr.basic_authorization("api", "wrong"), body)[0] == 401
    assert platform.handle("/pox/initiatePayment", None, body)[0] == 401
    status, _ctype, answer = platform.handle("/pox/initiatePayment", auth, body)
    assert status == 200
    info = platform.initiated[f"o-{currency}"]
    assert (info["amount_minor"], info["currency"], info["merchant_id"], info["shop_id"]) == (12345, currency, "M", "S")
    r = cqr.parse_initiate_answer(answer)
    assert isinstance(r, cqr.InitiateResponse) and r.redirect_url.endswith("/redirect/" + info["payment_id"])
    assert r.payment.amount.minor == 12345 and r.payment.amount.text == money.to_major(12345, currency)
    status, _ctype, answer = platform.handle("/pox/getPayments", auth, cqr.build_get_payments_request("M", "S", f"o-{currency}").encode())
    g = cqr.parse_get_payments_answer(answer)
    assert isinstance(g, cqr.GetPaymentsResponse) and g.payments[0].amount.minor == 12345
    n = cqr.parse_notification(platform.notification(f"o-{currency}", 29, "DepositedByProvider", True))
    assert n.check_amount(12345, currency).ok and n.payment.is_executed is True


def test_opencart_platform_without_credentials_refuses() -> None:
    platform = OpenCartPlatform("127.0.0.1:0", m.GateSide("secret", 1), "", "")
    status, _ctype, _body = platform.handle("/pox/initiatePayment", "Basic Og==", initiate_request(100, "USD"))
    assert status == 401


def test_major_text_uses_the_currency() -> None:
    assert (m.major(12345, "KZT"), m.major(12345, "JPY"), m.major(12345, "KWD")) == ("123.45", "12345", "12.345")
