import os

import pytest
from django.db import connection

from qiwi_merchant.simulator import messages as m

SECRET = "test-gate-secret-0123456789"
PROJECT = 111


def pytest_collection_modifyitems(config, items):
    on_pg = os.environ.get("QIWI_TEST_DB") == "postgres"
    for item in items:
        if "postgres" in item.keywords and not on_pg:
            item.add_marker(pytest.mark.skip(reason="PostgreSQL run only (QIWI_TEST_DB=postgres)"))


@pytest.fixture(scope="session", autouse=True)
def _database_is_the_requested_one(django_db_setup, django_db_blocker):
    want = os.environ.get("QIWI_TEST_DB", "sqlite")
    with django_db_blocker.unblock():
        vendor = connection.vendor
    assert vendor == ("postgresql" if want == "postgres" else "sqlite"), vendor


@pytest.fixture
def gate_side():
    return m.GateSide(SECRET, PROJECT)


@pytest.fixture
def balances(db):
    from shop.models import Customer

    # transactional tests flush the tables (and with them the migration's demo customers)
    for i in range(1, 6):
        Customer.objects.get_or_create(customer_id=f"demo-{i}", defaults={"balance": 0, "currency": "KZT"})

    def get():
        return {c.customer_id: c.balance for c in Customer.objects.all()}

    return get


class SignalLog:
    def __init__(self):
        from qiwi_merchant.django import signals

        self.events = []
        self._sigs = [(getattr(signals, n), n) for n in (
            "deposit_completed", "deposit_failed", "deposit_reversed", "payout_completed", "payout_failed",
            "cqr_payment_completed", "cqr_payment_failed", "cqr_payment_reversed")]
        self._handlers = []
        for sig, name in self._sigs:
            def h(sender, _name=name, **kw):
                obj = kw.get("deposit") or kw.get("payout") or kw.get("payment")
                self.events.append((_name, getattr(obj, "payment_id", None) or getattr(obj, "merchant_transaction_id", None)))
            sig.connect(h, weak=False)
            self._handlers.append((sig, h))

    def close(self):
        for sig, h in self._handlers:
            sig.disconnect(h)


@pytest.fixture
def signal_log():
    log = SignalLog()
    yield log
    log.close()
