"""Real concurrency on PostgreSQL: threads with their own connections, real row locks."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from qiwi_merchant.django.models import GateCallback, GateDeposit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_threads(n, target):
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def worker(i):
        try:
            barrier.wait(timeout=30)
            results[i] = target(i)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    return results


def test_is_postgres():
    assert connection.vendor == "postgresql"


def test_50_concurrent_deliveries_of_one_callback_credit_once(gate_side, balances, signal_log):
    d = GateDeposit.objects.create(payment_id="race-1", project_id=111, customer_id="demo-1", amount=12345, currency="KZT")
    before = balances()
    body = gate_side.callback(d.payment_id, 12345, operation_id=424242)

    def deliver(_i):
        return Client().post("/qiwi/gate/callback/", body, content_type="application/json").status_code

    statuses = run_threads(50, deliver)
    assert statuses == [200] * 50
    assert balances()["demo-1"] - before["demo-1"] == 12345
    assert signal_log.events == [("deposit_completed", "race-1")]
    states = list(GateCallback.objects.values_list("state", flat=True))
    assert len(states) == 50 and states.count("applied") == 1 and states.count("duplicate") == 49
    from shop.models import LedgerEntry

    assert LedgerEntry.objects.filter(reference="race-1").count() == 1


def test_concurrent_distinct_callbacks_all_apply(gate_side, balances):
    n = 40
    for i in range(n):
        GateDeposit.objects.create(payment_id=f"par-{i}", project_id=111, customer_id=f"demo-{i % 5 + 1}",
                                   amount=100 + i, currency="KZT")
    before = balances()
    bodies = [gate_side.callback(f"par-{i}", 100 + i, operation_id=5000 + i) for i in range(n)]

    def deliver(i):
        c = Client()
        # each one twice, interleaved with the others
        return [c.post("/qiwi/gate/callback/", bodies[i], content_type="application/json").status_code
                for _ in range(2)]

    assert run_threads(n, deliver) == [[200, 200]] * n
    after = balances()
    for k in range(1, 6):
        want = sum(100 + i for i in range(n) if i % 5 + 1 == k)
        assert after[f"demo-{k}"] - before[f"demo-{k}"] == want
    assert GateDeposit.objects.filter(status="completed").count() == n


def test_concurrent_cqr_duplicates_credit_once(balances):
    import base64
    import uuid

    from qiwi_merchant.django.models import CqrPayment
    from qiwi_merchant.simulator import messages as m

    p = CqrPayment.objects.create(merchant_transaction_id="race-cqr", customer_id="demo-4", amount=5000, currency="KZT")
    before = balances()
    body = m.notification(merchant_id="TestMerchant", shop_id="TestShop", mtid=p.merchant_transaction_id,
                          payment_id="pxp-1", amount_minor=5000, currency="KZT", state_key=29,
                          state_name="DepositedByProvider", state_id=str(uuid.uuid4()), is_executed=True)
    auth = "Basic " + base64.b64encode(b"pxp:notify-secret").decode()

    def deliver(_i):
        r = Client().post("/qiwi/cqr/notification/", body, content_type="application/xml",
                          HTTP_AUTHORIZATION=auth)
        return r.status_code, b"<key>0</key>" in r.content

    assert run_threads(20, deliver) == [(200, True)] * 20
    assert balances()["demo-4"] - before["demo-4"] == 5000
