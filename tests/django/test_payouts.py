"""Payout service and status polling with injected transports (no network)."""

import json

import pytest

from qiwi_merchant.django import payouts
from qiwi_merchant.django.models import GateCallback, GateDeposit, GatePayout

pytestmark = pytest.mark.django_db


def new_payout(amount=3000):
    return payouts.create_payout(customer_id="demo-1", account_number="77011234567", amount=amount,
                                 first_name="A", last_name="B", email="a@example.com", ip_address="127.0.0.1")


def test_create_payout_stores_a_signed_request(gate_side):
    p = new_payout()
    assert p.request_path == "/v2/payment/wallet/qiwi-kz/payout"
    body = json.loads(bytes(p.request_body))
    assert body["general"]["payment_id"] == p.payment_id and body["general"]["project_id"] == 111
    assert body["payment"] == {"amount": 3000, "currency": "KZT"}
    gate_side.signer.verify(bytes(p.request_body))  # raises when not authentic


def debited_payout(amount=3000):
    from shop.receivers import create_debited_payout

    return create_debited_payout(customer_id="demo-1", account_number="77011234567", amount=amount,
                                 first_name="A", last_name="B", email="a@example.com", ip_address="127.0.0.1")


def ledger(payment_id):
    from shop.models import LedgerEntry

    return sorted((e.kind, e.amount) for e in LedgerEntry.objects.filter(reference=payment_id))


def test_accepted_then_callback_completes(client, gate_side, balances, signal_log):
    from shop.models import Customer

    Customer.objects.filter(customer_id="demo-1").update(balance=10000)
    p = debited_payout()
    assert balances()["demo-1"] == 7000  # debited when created, not when completed
    seen = []

    def transport(url, body, headers, timeout):
        seen.append((url, body, headers, timeout))
        return 200, json.dumps({"status": "success", "request_id": "r-1", "project_id": 111,
                                "payment_id": p.payment_id}).encode()

    p = payouts.send_payout(p, transport)
    assert seen[0][0] == "https://gate.test.invalid/v2/payment/wallet/qiwi-kz/payout"
    assert seen[0][1] == bytes(p.request_body) and seen[0][3] > 0
    assert p.send_state == "accepted" and p.request_id == "r-1" and p.status == "pending"
    cb = gate_side.callback(p.payment_id, 3000, ptype="payout", account="77011234567")
    assert client.post("/qiwi/gate/callback/", cb, content_type="application/json").status_code == 200
    assert client.post("/qiwi/gate/callback/", cb, content_type="application/json").status_code == 200
    assert balances()["demo-1"] == 7000
    assert signal_log.events == [("payout_completed", p.payment_id)]
    assert ledger(p.payment_id) == [("gate_payout", -3000)]


def test_rejected_fails_the_payout(signal_log):
    p = new_payout()
    p = payouts.send_payout(p, lambda *a: (400, b'{"status":"error","code":"3","message":"bad wallet"}'))
    assert p.send_state == "rejected" and p.status == "failed"
    assert signal_log.events == [("payout_failed", p.payment_id)]
    assert ledger(p.payment_id) == []  # created without the shop's debit: nothing to give back


def test_insufficient_balance_refuses_and_stores_nothing(balances):
    from shop.models import Customer
    from shop.receivers import InsufficientBalance

    Customer.objects.filter(customer_id="demo-1").update(balance=2999)
    with pytest.raises(InsufficientBalance):
        debited_payout(3000)
    assert balances()["demo-1"] == 2999
    assert not GatePayout.objects.exists()
    p = debited_payout(2999)  # the whole balance is fine
    assert balances()["demo-1"] == 0 and ledger(p.payment_id) == [("gate_payout", -2999)]


def test_rejected_payout_gives_the_money_back(balances, signal_log):
    from shop.models import Customer

    Customer.objects.filter(customer_id="demo-1").update(balance=10000)
    p = debited_payout()
    assert balances()["demo-1"] == 7000
    p = payouts.send_payout(p, lambda *a: (400, b'{"status":"error","code":"3","message":"bad wallet"}'))
    assert p.status == "failed" and balances()["demo-1"] == 10000
    assert payouts.send_payout(p, lambda *a: (400, b"{}")).status == "failed"  # no second refund
    assert balances()["demo-1"] == 10000
    assert ledger(p.payment_id) == [("gate_payout", -3000), ("gate_payout_refund", 3000)]


def test_declined_payout_callback_gives_the_money_back(client, gate_side, balances, signal_log):
    from shop.models import Customer

    Customer.objects.filter(customer_id="demo-1").update(balance=5000)
    p = debited_payout()
    p = payouts.send_payout(p, lambda *a: (200, json.dumps(
        {"status": "success", "request_id": "r-2", "project_id": 111, "payment_id": p.payment_id}).encode()))
    assert p.send_state == "accepted" and balances()["demo-1"] == 2000
    cb = gate_side.callback(p.payment_id, 3000, "decline", ptype="payout", account="77011234567", code="20000")
    for _ in range(2):  # a duplicate refunds nothing more
        assert client.post("/qiwi/gate/callback/", cb, content_type="application/json").status_code == 200
    assert balances()["demo-1"] == 5000
    assert signal_log.events == [("payout_failed", p.payment_id)]


@pytest.mark.parametrize("transport", [
    lambda *a: (_ for _ in ()).throw(TimeoutError("timed out")),
    lambda *a: (502, b"<html>bad gateway</html>"),
    lambda *a: (200, b'{"status":"success","payment_id":"someone-else"}'),
])
def test_unknown_keeps_pending_and_resend_is_identical(transport, signal_log):
    p = new_payout()
    p = payouts.send_payout(p, transport)
    assert p.send_state == "unknown" and p.status == "pending"
    sent = []
    p = payouts.send_payout(p, lambda url, body, h, t: sent.append(body) or (400, b'{"status":"error"}'))
    assert sent == [bytes(p.request_body)]
    assert p.status == "pending" and p.send_state == "unknown"  # a refused resend is not a failure
    assert p.send_count == 2
    assert signal_log.events == []


def test_status_poll_applies_like_a_callback(gate_side, balances, signal_log):
    d = GateDeposit.objects.create(payment_id="poll-1", project_id=111, customer_id="demo-3", amount=4200, currency="KZT")
    before = balances()
    answer = gate_side.callback("poll-1", 4200, operation_id=77)
    calls = []

    def transport(url, body, headers, timeout):
        calls.append(url)
        return 200, answer

    assert payouts.poll_status(d, transport) == "applied"
    assert payouts.poll_status(d, transport) == "duplicate"
    assert calls == ["https://gate.test.invalid/v2/payment/status"] * 2
    assert balances()["demo-3"] - before["demo-3"] == 4200
    assert signal_log.events == [("deposit_completed", "poll-1")]
    assert GateCallback.objects.filter(source="status_request").count() == 2


def test_status_poll_untrusted_answer(gate_side, balances):
    d = GateDeposit.objects.create(payment_id="poll-2", project_id=111, customer_id="demo-3", amount=100, currency="KZT")
    before = balances()
    forged = gate_side.callback("poll-2", 100).replace(b'"amount":100', b'"amount":101', 1)
    assert payouts.poll_status(d, lambda *a: (200, forged)) == "error"
    assert balances() == before
    d.refresh_from_db()
    assert d.status == "pending"
