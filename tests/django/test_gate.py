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
    assert post(client, CB, gate_side.callback(p1, 700, "processing", operation_id=11)).status_code == 200
    assert post(client, CB, gate_side.callback(p1, 700, operation_id=11)).status_code == 200
    # a late 'processing' of the applied operation is a duplicate; of another one, final -> pending: flagged
    assert post(client, CB, gate_side.callback(p1, 700, "processing", operation_id=11)).status_code == 200
    assert not GateDeposit.objects.get(payment_id=p1).flagged
    assert post(client, CB, gate_side.callback(p1, 700, "processing", operation_id=12)).status_code == 200
    d1 = GateDeposit.objects.get(payment_id=p1)
    assert d1.status == "completed" and d1.flagged and "pending" in d1.flag_reason
    assert post(client, CB, gate_side.callback(p2, 300, "decline", operation_id=21)).status_code == 200
    assert post(client, CB, gate_side.callback(p2, 300, operation_id=22)).status_code == 200  # success after decline
    assert balances()["demo-3"] - before["demo-3"] == 700
    assert signal_log.events == [("deposit_completed", p1), ("deposit_failed", p2)]
    d2 = GateDeposit.objects.get(payment_id=p2)
    assert d2.status == "failed" and d2.flagged and d2.credited == 0
    states = list(GateCallback.objects.order_by("id").values_list("state", "reason_code"))
    assert states == [("no_change", "still_pending"), ("applied", "completed"), ("duplicate", "already_applied"),
                      ("flagged", "final_to_pending"), ("applied", "failed"), ("flagged", "not_allowed")]


def refund(gate_side, payment_id, total, refunded, operation_id, status="partially refunded", currency="KZT",
           ptype="purchase"):
    """A signed refund callback: the operation's own amount in sum_initial (gate.md §4.5)."""
    return gate_side.signed({
        "project_id": gate_side.project_id,
        "payment": {"id": payment_id, "type": ptype, "status": status,
                    "sum": {"amount": total, "currency": "KZT"}},
        "operation": {"id": operation_id, "type": "refund", "status": "success",
                      "sum_initial": {"amount": refunded, "currency": currency}},
    })


def test_partial_refunds_debit_exactly_the_refunded_amount(client, gate_side, balances, signal_log):
    from qiwi_merchant.django.models import LedgerEntry
    from qiwi_merchant.django.services import gate_record

    pid = deposit(client, gate_side, "demo-1", 10000)
    before = balances()
    assert post(client, CB, gate_side.callback(pid, 10000, operation_id=1)).status_code == 200
    assert balances()["demo-1"] - before["demo-1"] == 10000
    partial = refund(gate_side, pid, 10000, 3000, 2)
    for _ in range(2):  # a redelivery debits nothing more
        assert post(client, CB, partial).status_code == 200
    assert balances()["demo-1"] - before["demo-1"] == 7000
    d = GateDeposit.objects.get(payment_id=pid)
    assert gate_record(d) == {"kind": "deposit", "status": "partially_refunded", "amount": 10000, "currency": "KZT",
                              "credited": 10000, "debited": 3000, "applied_operations": ["1", "2"],
                              "raw_status": "partially refunded"}
    # more than is left: flagged, nothing moves
    assert post(client, CB, refund(gate_side, pid, 10000, 8000, 3)).status_code == 200
    assert balances()["demo-1"] - before["demo-1"] == 7000
    assert GateDeposit.objects.get(payment_id=pid).flagged
    # the full refund debits what is still credited
    assert post(client, CB, refund(gate_side, pid, 10000, 7000, 4, status="refunded")).status_code == 200
    assert balances()["demo-1"] == before["demo-1"]
    d.refresh_from_db()
    assert (d.status, d.credited, d.debited) == ("refunded", 10000, 10000)
    assert signal_log.events == [("deposit_completed", pid), ("deposit_reversed", pid), ("deposit_reversed", pid)]
    rows = sorted((e.kind, e.amount, e.idempotency_key) for e in LedgerEntry.objects.filter(reference=pid))
    assert rows == [("credit", 10000, f"gate/{pid}/credit"), ("debit", 3000, f"gate/{pid}/2/debit"),
                    ("debit", 7000, f"gate/{pid}/4/debit")]


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


def test_a_ledger_key_booked_before_is_never_booked_again(client, gate_side, balances, signal_log):
    """The ledger's UNIQUE idempotency key: a record that says "not credited" next to a ledger that
    has the credit (a row edited by hand) answers 503 and changes nothing, instead of crediting twice."""
    from qiwi_merchant.django.models import LedgerEntry

    pid = deposit(client, gate_side, "demo-2", 2500)
    LedgerEntry.objects.create(source="gate", reference=pid, customer_id="demo-2", kind="credit", amount=2500,
                               currency="KZT", idempotency_key=f"gate/{pid}/credit")
    before = balances()
    assert post(client, CB, gate_side.callback(pid, 2500, operation_id=5)).status_code == 503
    assert balances() == before and signal_log.events == []
    d = GateDeposit.objects.get(payment_id=pid)
    assert (d.status, d.credited, d.applied_operations) == ("pending", 0, [])
    row = GateCallback.objects.get()
    assert (row.state, row.reason_code) == ("failed", "storage_failed") and "IntegrityError" in row.error
    assert LedgerEntry.objects.filter(reference=pid).count() == 1


def test_returned_payout_signal_carries_the_effect(client, gate_side, balances):
    from qiwi_merchant.django import signals
    from qiwi_merchant.django.models import GatePayout, LedgerEntry
    from shop.models import Customer
    from shop.receivers import create_debited_payout

    Customer.objects.filter(customer_id="demo-4").update(balance=9000)
    p = create_debited_payout(customer_id="demo-4", account_number="77011234567", amount=4000, first_name="A",
                              last_name="B", email="a@example.com", ip_address="127.0.0.1")
    assert balances()["demo-4"] == 5000
    seen = []

    def listen(sender, payout, effect, decision, callback, **kw):
        seen.append((payout.payment_id, effect.kind, effect.amount, effect.idempotency_key, decision.reason_code))

    signals.payout_returned.connect(listen)
    try:
        paid = gate_side.callback(p.payment_id, 4000, ptype="payout", account="77011234567", operation_id=31)
        assert post(client, CB, paid).status_code == 200
        returned = refund(gate_side, p.payment_id, 4000, 4000, 32, status="reversed", ptype="payout")
        for _ in range(2):
            assert post(client, CB, returned).status_code == 200
    finally:
        signals.payout_returned.disconnect(listen)
    assert seen == [(p.payment_id, "payout_returned", 4000, f"gate/{p.payment_id}/32/debit", "reversed")]
    assert balances()["demo-4"] == 9000  # the returned payout is the customer's again, once
    p = GatePayout.objects.get(pk=p.pk)
    assert (p.status, p.credited, p.debited) == ("reversed", 4000, 4000)
    assert sorted((e.kind, e.amount) for e in LedgerEntry.objects.filter(reference=p.payment_id)) == [
        ("payout_paid", 4000), ("payout_returned", 4000)]
