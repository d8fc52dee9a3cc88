"""Storage faults: when storing fails, the platform is asked to deliver again (Gate HTTP 503, CQR
resultCode 10) and nothing changes: no ledger row, no record change, no order status or history
change. The fault is a MariaDB trigger that raises an error on insert into one table, created and
dropped by the test. After the fault is gone, the same delivery is applied exactly once."""

from __future__ import annotations

import contextlib
from typing import Any, Iterator, Tuple

import pytest

from qiwi_merchant.simulator.opencart import CQR_CODE

NOISE = (b"Warning:", b"Notice:", b"Deprecated:", b"Fatal error", b"Stack trace", b"<b>", b"INSERT", b"SQL")


@contextlib.contextmanager
def fault(db: Any, table: str) -> Iterator[None]:
    """Every INSERT into `table` fails (SQLSTATE 45000) while the block runs."""
    db.query(f"CREATE TRIGGER qm_test_fault BEFORE INSERT ON {table} FOR EACH ROW "
             "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected storage fault'")
    try:
        yield
    finally:
        db.query("DROP TRIGGER IF EXISTS qm_test_fault")


def clean(data: bytes) -> bytes:
    for w in NOISE:
        assert w not in data, data[:300]
    return data


def deposit(shop: Any, gate: Any, order: int, amount: int) -> str:
    st, doc = shop.account_check(gate.check_deposit(str(order), amount))
    assert st == 200 and doc.get("code") == 0, doc
    return str(doc["payment_id"])


def cqr_order(storefront: Any, platform: Any) -> Tuple[int, str]:
    r = storefront.checkout(CQR_CODE)
    assert r.get("redirect", "").startswith(platform.base + "/redirect/"), r
    mtid = next(k for k, v in platform.initiated.items() if r["redirect"].endswith(v["payment_id"]))
    return int(mtid.split("-")[0]), mtid


# The tables whose failure is injected: the ledger (the money effect), the order history (written by
# OpenCart's addHistory inside the same transaction) and the order status (also addHistory).
SETTLE_FAULTS = ["oc_qiwi_merchant_ledger", "oc_order_history"]


@pytest.mark.parametrize("table", SETTLE_FAULTS)
def test_gate_callback_storage_fault_is_503_and_changes_nothing(storefront: Any, shop: Any, gate: Any, db: Any,
                                                                table: str) -> None:
    order, amount = storefront.gate_order()
    pid = deposit(shop, gate, order, amount)
    before = db.snapshot(order)
    cb = gate.callback(pid, amount, operation_id=95001)
    with fault(db, table):
        st, _h, body = shop.post("qiwi_merchant_gate.callback", cb)
        assert st == 503, body
        clean(body)
    assert db.snapshot(order) == before
    assert before["status"] == "Pending" and before["ledger"] == []
    row = db.query(f"SELECT action, http_status, error FROM oc_qiwi_merchant_delivery WHERE reference = '{pid}' "
                   "AND source = 'gate_callback' ORDER BY delivery_id DESC LIMIT 1")[0]
    assert row[0] == "failed" and row[1] == "503" and "injected storage fault" in row[2], row
    # JetPay delivers again once storage works: applied once
    assert shop.callback(cb) == 200
    assert shop.callback(cb) == 200
    assert db.order_status(order) == "Processing"
    assert [r[0] for r in db.ledger(order)] == ["credit"]
    assert len(db.notified(order)) == 1


@pytest.mark.parametrize("table", SETTLE_FAULTS)
def test_cqr_notification_storage_fault_is_result_code_10_and_changes_nothing(storefront: Any, shop: Any, platform: Any,
                                                                             db: Any, table: str) -> None:
    order, mtid = cqr_order(storefront, platform)
    before = db.snapshot(order)
    done = platform.notification(mtid, 29, "DepositedByProvider", True)
    with fault(db, table):
        st, _h, body = shop.post("qiwi_merchant_cqr.notification", done, "application/xml; charset=utf-8",
                                 Authorization=auth(shop))
        assert st == 200 and b"<key>10</key>" in body, body
        clean(body)
    assert db.snapshot(order) == before
    row = db.query(f"SELECT action, result_code, error FROM oc_qiwi_merchant_delivery WHERE reference = '{mtid}' "
                   "AND source = 'cqr_notification' ORDER BY delivery_id DESC LIMIT 1")[0]
    assert row[0] == "failed" and row[1] == "10" and "injected storage fault" in row[2], row
    assert shop.notify(done) == (200, 0)
    assert shop.notify(done) == (200, 0)
    assert db.order_status(order) == "Processing"
    assert [r[0] for r in db.ledger(order)] == ["credit"]
    assert len(db.notified(order)) == 1


def test_raw_delivery_not_stored_is_503_and_result_code_10(storefront: Any, shop: Any, gate: Any, platform: Any,
                                                           db: Any) -> None:
    """Storing the raw delivery is the first step: when it fails, nothing else happens."""
    g_order, amount = storefront.gate_order()
    pid = deposit(shop, gate, g_order, amount)
    c_order, mtid = cqr_order(storefront, platform)
    g_before, c_before = db.snapshot(g_order), db.snapshot(c_order)
    deliveries = db.count("oc_qiwi_merchant_delivery")
    cb = gate.callback(pid, amount, operation_id=95101)
    done = platform.notification(mtid, 29, "DepositedByProvider", True)
    with fault(db, "oc_qiwi_merchant_delivery"):
        st, _h, body = shop.post("qiwi_merchant_gate.callback", cb)
        assert st == 503
        clean(body)
        st, _h, body = shop.post("qiwi_merchant_gate.account_check", gate.check_deposit(str(g_order), amount))
        assert st == 503
        clean(body)
        st, _h, body = shop.post("qiwi_merchant_cqr.notification", done, "application/xml; charset=utf-8",
                                 Authorization=auth(shop))
        assert st == 200 and b"<key>10</key>" in body, body
        clean(body)
    assert db.count("oc_qiwi_merchant_delivery") == deliveries
    assert (db.snapshot(g_order), db.snapshot(c_order)) == (g_before, c_before)
    assert shop.callback(cb) == 200 and shop.notify(done) == (200, 0)
    assert db.order_status(g_order) == db.order_status(c_order) == "Processing"


def test_check_now_storage_fault_changes_nothing(storefront: Any, platform: Any, db: Any, admin: Any) -> None:
    order, mtid = cqr_order(storefront, platform)
    platform.states[mtid] = (29, "DepositedByProvider", True)
    before = db.snapshot(order)
    with fault(db, "oc_qiwi_merchant_ledger"):
        doc = admin.json(admin.post("extension/qiwi_merchant/payment/qiwi_merchant_cqr.check", {}, order_id=order))
    assert f"{mtid}: retry" in doc.get("success", ""), doc
    assert "INSERT" not in str(doc)
    assert db.snapshot(order) == before
    doc = admin.json(admin.post("extension/qiwi_merchant/payment/qiwi_merchant_cqr.check", {}, order_id=order))
    assert f"{mtid}: apply" in doc.get("success", ""), doc
    assert db.order_status(order) == "Processing" and len(db.notified(order)) == 1


def auth(shop: Any) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{shop.notify_user}:{shop.notify_password}".encode()).decode()
