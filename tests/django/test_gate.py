"""Gate account check and callbacks through the views (Django test client)."""

import json

import pytest

from qiwi_merchant.django.models import GateCallback, GateDeposit

pytestmark = pytest.mark.django_db(transaction=False)

AC = "/qiwi/gate/account-check/"
CB = "/qiwi/gate/callback/"


def post(client, url, body, **extra):
    return client.post(url, data=body, content_type="application/json", **extra)


def answer(resp):
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(resp.content)


def deposit(client, gate_side, customer="demo-1", amount=10000):
    doc = answer(post(client, AC, gate_side.check_deposit(customer, amount)))
    assert doc["code"] == 0, doc
    return doc["payment_id"]


def test_verify_known_and_unknown(client, gate_side):
    assert answer(post(client, AC, gate_side.verify_request("demo-1"))) == {"code": 0, "currency": "KZT"}
    assert answer(post(client, AC, gate_side.verify_request("nobody")))["code"] == 404


def test_account_check_rejections_are_the_cores(client, gate_side):
    body = gate_side.verify_request("demo-1")
    assert answer(post(client, AC, body.replace(b"demo-1", b"demo-2")))["code"] == 400  # altered
    assert answer(post(client, AC, b"{not json"))["code"] == 500
    unsigned = json.dumps({"type": "verify", "project_id": 111, "customer_id": "demo-1"}).encode()
    assert answer(post(client, AC, unsigned))["code"] == 400
    from qiwi_merchant.simulator.messages import GateSide

    foreign = GateSide("test-gate-secret-0123456789", 112).verify_request("demo-1")
    assert answer(post(client, AC, foreign))["code"] == 400
    assert GateDeposit.objects.count() == 0


def test_account_check_wrong_method(client):
    assert client.get(AC).status_code == 405


def test_check_deposit_creates_a_new_pending_deposit_each_time(client, gate_side, balances):
    before = balances()
    p1 = deposit(client, gate_side)
    p2 = deposit(client, gate_side)
    assert p1 != p2
    rows = {d.payment_id: d for d in GateDeposit.objects.all()}
    assert rows[p1].status == "pending" and rows[p1].amount == 10000 and rows[p1].currency == "KZT"
    assert rows[p1].customer_id == "demo-1"
    assert balances() == before
    assert answer(post(client, AC, gate_side.check_deposit("nobody", 100)))["code"] == 404
    assert answer(post(client, AC, gate_side.check_deposit("demo-1", 100, "USD")))["code"] == 500
    assert GateDeposit.objects.count() == 2


def test_success_callback_credits_exactly_once(client, gate_side, balances, signal_log):
    pid = deposit(client, gate_side, "demo-2", 5000)
    before = balances()
    cb = gate_side.callback(pid, 5000)
    for _ in range(3):
        assert post(client, CB, cb).status_code == 200
    after = balances()
    assert after["demo-2"] - before["demo-2"] == 5000
    assert signal_log.events == [("deposit_completed", pid)]
    states = sorted(GateCallback.objects.values_list("state", flat=True))
    assert states == ["applied", "duplicate", "duplicate"]
    d = GateDeposit.objects.get(payment_id=pid)
    assert d.status == "completed" and d.settled_at is not None and d.operation_id == "1"


def test_out_of_order_and_decline(client, gate_side, balances, signal_log):
    p1 = deposit(client, gate_side, "demo-3", 700)
    p2 = deposit(client, gate_side, "demo-3", 300)
    before = balances()
    assert post(client, CB, gate_side.callback(p1, 700, "processing")).status_code == 200
    assert post(client, CB, gate_side.callback(p1, 700)).status_code == 200
    assert post(client, CB, gate_side.callback(p1, 700, "processing")).status_code == 200  # late
    assert post(client, CB, gate_side.callback(p2, 300, "decline")).status_code == 200
    assert post(client, CB, gate_side.callback(p2, 300)).status_code == 200  # success after decline
    assert balances()["demo-3"] - before["demo-3"] == 700
    assert signal_log.events == [("deposit_completed", p1), ("deposit_failed", p2)]
    d2 = GateDeposit.objects.get(payment_id=p2)
    assert d2.status == "failed" and d2.flagged


@pytest.mark.parametrize("case,status", [
    ("bad_signature", 400), ("unsigned", 400), ("bad_json", 400), ("not_object", 400),
    ("unknown_payment", 200), ("amount_mismatch", 200), ("currency_mismatch", 200), ("foreign_project", 200),
])
def test_bad_callbacks_change_nothing(client, gate_side, balances, signal_log, case, status):
    pid = deposit(client, gate_side, "demo-4", 1000)
    before = balances()
    body = {
        "bad_signature": gate_side.callback(pid, 1000).replace(b'"amount":1000', b'"amount":1001', 1),
        "unsigned": json.dumps({"payment": {"id": pid, "status": "success"}}).encode(),
        "bad_json": b'{"payment": {',
        "not_object": b"[1,2]",
        "unknown_payment": gate_side.callback("never-issued", 1000),
        "amount_mismatch": gate_side.callback(pid, 100000),
        "currency_mismatch": gate_side.callback(pid, 1000, currency="USD"),
        "foreign_project": __import__("qiwi_merchant.simulator.messages", fromlist=["GateSide"]).GateSide(
            "test-gate-secret-0123456789", 999).callback(pid, 1000),
    }[case]
    assert post(client, CB, body).status_code == status
    assert balances() == before
    assert signal_log.events == []
    assert GateDeposit.objects.get(payment_id=pid).status == "pending"
    row = GateCallback.objects.get()
    assert bytes(row.raw_body) == body  # stored raw, whatever it was
    assert row.state == {400: "rejected"}.get(status, "unmatched" if case == "unknown_payment" else "flagged")


def test_callback_wrong_method(client):
    assert client.get(CB).status_code == 405
    assert client.put(CB, data=b"{}").status_code == 405
    assert GateCallback.objects.count() == 0


def test_failing_receiver_rolls_back_and_answers_503(client, gate_side, balances, signal_log):
    from qiwi_merchant.django import signals

    pid = deposit(client, gate_side, "demo-5", 900)
    before = balances()

    def boom(**kw):
        raise RuntimeError("ledger down")

    signals.deposit_completed.connect(boom)
    try:
        assert post(client, CB, gate_side.callback(pid, 900)).status_code == 503
    finally:
        signals.deposit_completed.disconnect(boom)
    assert balances() == before
    assert GateDeposit.objects.get(payment_id=pid).status == "pending"
    assert GateCallback.objects.get().state == "failed"
    # the platform retries: now it applies, once
    assert post(client, CB, gate_side.callback(pid, 900)).status_code == 200
    assert balances()["demo-5"] - before["demo-5"] == 900


def test_reprocess_command_applies_failed_rows(client, gate_side, balances):
    from django.core.management import call_command

    from qiwi_merchant.django import signals

    pid = deposit(client, gate_side, "demo-1", 1234)
    before = balances()

    def boom(**kw):
        raise RuntimeError("temporary")

    signals.deposit_completed.connect(boom)
    try:
        assert post(client, CB, gate_side.callback(pid, 1234)).status_code == 503
    finally:
        signals.deposit_completed.disconnect(boom)
    call_command("qiwi_merchant_reprocess")
    assert balances()["demo-1"] - before["demo-1"] == 1234
    assert GateCallback.objects.get().state == "applied"
    call_command("qiwi_merchant_reprocess")  # nothing left
    assert balances()["demo-1"] - before["demo-1"] == 1234
