"""The plug-in's platform URLs over real HTTP against the test store: the answers of docs/django.md's
tables (docs/opencart.md) and the order statuses that follow. Orders are made by guest checkouts
over HTTP (simulator/opencart.py Storefront)."""

from __future__ import annotations

import base64
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, Tuple

import pytest

from qiwi_merchant.simulator.opencart import CQR_CODE, fetch

NOISE = (b"Warning:", b"Notice:", b"Deprecated:", b"Fatal error", b"Stack trace")


def clean(data: bytes) -> bytes:
    for w in NOISE:
        assert w not in data, data[:300]
    return data


@pytest.fixture
def gate_order(storefront: Any, shop: Any, gate: Any) -> Tuple[int, int]:
    return storefront.gate_order()


def deposit(shop: Any, gate: Any, order: int, amount: int) -> str:
    st, doc = shop.account_check(gate.check_deposit(str(order), amount))
    assert st == 200 and doc.get("code") == 0, doc
    return str(doc["payment_id"])


def cqr_order(storefront: Any, platform: Any) -> Tuple[int, str]:
    r = storefront.checkout(CQR_CODE)
    assert r.get("redirect", "").startswith(platform.base + "/redirect/"), r
    mtid = next(k for k, v in platform.initiated.items() if r["redirect"].endswith(v["payment_id"]))
    return int(mtid.split("-")[0]), mtid


# ------------------------------------------------------------------------------ Gate


def test_account_check_answers(shop: Any, gate: Any, gate_order: Tuple[int, int], db: Any) -> None:
    order, amount = gate_order
    assert shop.account_check(gate.verify_request(str(order))) == (200, {"code": 0, "currency": "KZT"})
    for unknown in ("999999", "abc", "0"):
        st, doc = shop.account_check(gate.verify_request(unknown))
        assert st == 200 and doc["code"] == 404, (unknown, doc)
    st, doc = shop.account_check(gate.verify_request(str(order)).replace(b'"customer_id"', b'"customer_id" ', 1))
    assert doc["code"] in (0, 400)  # same JSON, whitespace: the signature covers values, not layout
    tampered = gate.verify_request(str(order)).replace(str(order).encode(), b"1", 1)
    assert shop.account_check(tampered)[1]["code"] == 400
    # check_deposit: another amount or currency -> 500 with a message, the total -> a new id each time
    st, doc = shop.account_check(gate.check_deposit(str(order), amount + 1))
    assert doc["code"] == 500 and doc.get("message"), doc
    st, doc = shop.account_check(gate.check_deposit(str(order), amount, currency="USD"))
    assert doc["code"] == 500, doc
    p1, p2 = deposit(shop, gate, order, amount), deposit(shop, gate, order, amount)
    assert p1 != p2
    assert db.order_status(order) == "Pending"


def test_callback_duplicates_and_concurrent_duplicates_change_the_order_once(shop: Any, gate: Any, gate_order: Tuple[int, int], db: Any) -> None:
    order, amount = gate_order
    pid = deposit(shop, gate, order, amount)
    cb = gate.callback(pid, amount, operation_id=81001)
    with ThreadPoolExecutor(8) as ex:
        sts = list(ex.map(lambda _: shop.callback(cb), range(12)))
    assert sts == [200] * 12
    assert shop.callback(cb) == 200
    assert db.order_status(order) == "Processing"
    assert [r[0] for r in db.ledger(order)] == ["credit"]
    assert db.value(f"SELECT COUNT(*) FROM oc_order_history WHERE order_id = {order} AND order_status_id = "
                    "(SELECT order_status_id FROM oc_order_status WHERE name = 'Processing' LIMIT 1)") == "1"
    actions = db.query(f"SELECT action, COUNT(*) FROM oc_qiwi_merchant_delivery WHERE reference = '{pid}' AND source = 'gate_callback' GROUP BY action")
    assert dict((a, int(n)) for a, n in actions) == {"apply": 1, "duplicate": 12}
    # the paid order is no longer awaiting payment
    assert shop.account_check(gate.verify_request(str(order)))[1]["code"] == 404


def test_bad_signature_unknown_payment_amount_mismatch(shop: Any, gate: Any, gate_order: Tuple[int, int], db: Any) -> None:
    order, amount = gate_order
    pid = deposit(shop, gate, order, amount)
    forged = gate.callback(pid, amount, operation_id=82001).replace(b'"status":"success"', b'"status":"decline"', 1)
    assert shop.callback(forged) == 400
    assert shop.callback(b'{"payment":') == 400
    assert db.order_status(order) == "Pending"
    assert shop.callback(gate.callback("qm-never-issued", amount, operation_id=82002)) == 200
    assert db.value("SELECT action FROM oc_qiwi_merchant_delivery WHERE reference = 'qm-never-issued'") == "unmatched"
    assert shop.callback(gate.callback(pid, amount + 500, operation_id=82003)) == 200
    assert db.order_status(order) == "QIWI payment review"
    assert db.ledger(order) == []
    assert "instead of" in db.value(f"SELECT flag_reason FROM oc_qiwi_merchant_gate_payment WHERE payment_id = '{pid}'")


def test_declined_then_partial_and_full_refund(shop: Any, gate: Any, storefront: Any, db: Any) -> None:
    order, amount = storefront.gate_order()
    p1 = deposit(shop, gate, order, amount)
    assert shop.callback(gate.callback(p1, amount, "decline", operation_id=83001, code="20000")) == 200
    assert db.order_status(order) == "Failed"
    # a failed order can be paid again (a new check_deposit)
    p2 = deposit(shop, gate, order, amount)
    assert shop.callback(gate.callback(p2, amount, operation_id=83002)) == 200
    assert db.order_status(order) == "Processing"
    part = amount // 4
    refund = json.loads(gate.callback(p2, amount, "partially refunded", operation_id=83003))
    refund["operation"]["type"] = "refund"
    refund["operation"]["sum_initial"] = {"amount": part, "currency": "KZT"}
    refund["operation"]["sum_converted"] = {"amount": part, "currency": "KZT"}
    refund.pop("signature")
    assert shop.callback(gate.signed(refund)) == 200
    assert db.order_status(order) == "Processing"  # partially refunded: the order stays paid
    assert [(r[0], int(r[1])) for r in db.ledger(order)] == [("credit", amount), ("debit", part)]
    assert db.value(f"SELECT status FROM oc_qiwi_merchant_gate_payment WHERE payment_id = '{p2}'") == "partially_refunded"
    full = json.loads(gate.callback(p2, amount, "refunded", operation_id=83004))
    full["operation"]["type"] = "refund"
    full["operation"]["sum_initial"] = {"amount": amount - part, "currency": "KZT"}
    full.pop("signature")
    assert shop.callback(gate.signed(full)) == 200
    assert db.order_status(order) == "Refunded"
    assert [(r[0], int(r[1])) for r in db.ledger(order)] == [("credit", amount), ("debit", part), ("debit", amount - part)]


def test_gate_status_request_check_now(shop: Any, gate: Any, storefront: Any, platform: Any, db: Any, cfg: Dict[str, Any]) -> None:
    """A callback that never arrived: the cron route asks Gate's status endpoint (simulated)."""
    order, amount = storefront.gate_order()
    pid = deposit(shop, gate, order, amount)
    platform.gate_status[pid] = (amount, "success")
    token = db.value("SELECT value FROM oc_setting WHERE `key` = 'payment_qiwi_merchant_cron_token'")
    st, _h, data = fetch("GET", cfg["url"] + "index.php?route=extension/qiwi_merchant/payment/qiwi_merchant_gate.cron&token=" + token)
    assert st == 200, data
    assert pid.encode() in clean(data)
    assert db.order_status(order) == "Processing", data
    st, _h, _d = fetch("GET", cfg["url"] + "index.php?route=extension/qiwi_merchant/payment/qiwi_merchant_gate.cron&token=wrong")
    assert st == 403


# ------------------------------------------------------------------------------- CQR


def test_cqr_notifications(shop: Any, storefront: Any, platform: Any, db: Any) -> None:
    order, mtid = cqr_order(storefront, platform)
    done = platform.notification(mtid, 29, "DepositedByProvider", True)
    assert shop.notify(done, password="wrong")[0] == 401
    assert shop.notify(done, user="someone")[0] == 401
    st, h, _d = shop.post("qiwi_merchant_cqr.notification", done, "application/xml")
    assert st == 401 and h.get("www-authenticate", "").startswith("Basic")
    assert db.order_status(order) == "Pending"
    with ThreadPoolExecutor(6) as ex:
        res = list(ex.map(lambda _: shop.notify(done), range(6)))
    assert res == [(200, 0)] * 6
    assert db.order_status(order) == "Processing"
    assert [r[0] for r in db.ledger(order)] == ["credit"]
    assert shop.notify(platform.notification(mtid, 29, "DepositedByProvider", True, merchant_id="SomeoneElse")) == (200, 2)
    assert shop.notify(platform.notification(mtid, 29, "DepositedByProvider", True, mtid="999999-1")) == (200, 2)
    assert shop.notify(b"<handlePaymentStateChangedNotificationRequest>")[0] == 400
    assert shop.notify(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')[0] == 400
    # completed -> Cancelled (113) of the bound attempt: a reversal
    assert shop.notify(platform.notification(mtid, 113, "Cancelled")) == (200, 0)
    assert db.order_status(order) == "Reversed"
    assert [r[0] for r in db.ledger(order)] == ["credit", "debit"]


def test_cqr_amount_mismatch_is_flagged(shop: Any, storefront: Any, platform: Any, db: Any) -> None:
    order, mtid = cqr_order(storefront, platform)
    wrong = platform.notification(mtid, 29, "DepositedByProvider", True, amount_minor=platform.initiated[mtid]["amount_minor"] + 100)
    assert shop.notify(wrong) == (200, 0)
    assert db.order_status(order) == "QIWI payment review"
    assert db.ledger(order) == []


def return_url(platform: Any, mtid: str) -> str:
    """The return page the plug-in gave PXP for the attempt (MerchantNotificationUrl)."""
    [u] = [u for u in re.findall(rb"<value>([^<]*)</value>", platform.initiated[mtid]["body"]) if b"return_page" in u]
    return u.decode().replace("&amp;", "&")


def test_cqr_another_attempt(shop: Any, storefront: Any, platform: Any, db: Any) -> None:
    """A second attempt ("Try again" on the return page after attempt 1 failed): a new
    merchantTransactionID; attempt 1's late completion cannot pay twice, attempt 2's failure cannot
    fail a paid order."""
    order, mtid1 = cqr_order(storefront, platform)
    # the checkout ended with the redirect to PXP: confirming again is refused, not a re-used order
    assert "error" in storefront.call("extension/qiwi_merchant/payment/qiwi_merchant_cqr.confirm")
    st, page = storefront.page(return_url(platform, mtid1))
    assert st == 200 and 'data-state="pending"' in page and "button-qiwi-merchant-retry" not in page
    assert shop.notify(platform.notification(mtid1, 100, "RefusedByProvider")) == (200, 0)
    assert db.order_status(order) == "Failed"
    st, page = storefront.page(return_url(platform, mtid1))
    assert st == 200 and 'data-state="failed"' in page and "button-qiwi-merchant-retry" in page, page[-3000:]
    retry = re.search(r'<form action="([^"]+)" method="post" id="form-qiwi-merchant-retry"', page)
    assert retry
    # the key is checked, and only POST starts an attempt
    forged = retry.group(1).replace("&amp;", "&").replace("key=", "key=0")
    fetch("POST", forged, b"", opener=storefront.opener)
    st, _h, _d = fetch("GET", retry.group(1).replace("&amp;", "&"), opener=storefront.opener)
    assert f"{order}-2" not in platform.initiated
    st, _h, data = fetch("POST", retry.group(1).replace("&amp;", "&"), b"", opener=storefront.opener)
    assert st == 200 and b'id="pxp-simulator"' in data  # sent to PXP's page of the new attempt
    mtid2 = f"{order}-2"
    assert mtid2 in platform.initiated
    assert db.order_status(order) == "Pending"
    assert shop.notify(platform.notification(mtid2, 29, "DepositedByProvider", True)) == (200, 0)
    assert db.order_status(order) == "Processing"
    assert shop.notify(platform.notification(mtid1, 29, "DepositedByProvider", True)) == (200, 0)
    assert shop.notify(platform.notification(mtid2, 100, "RefusedByProvider", mtid=mtid2, payment_id=str(os.urandom(4).hex()))) == (200, 0)
    assert db.order_status(order) in ("Processing", "QIWI payment review")
    assert [r[0] for r in db.ledger(order)] == ["credit"]


@pytest.mark.parametrize("mode, words", [("duplicate", "already under way"), ("failed", "could not start"),
                                          ("exception", "refused the payment")])
def test_cqr_initiate_failures_keep_the_order_pending(storefront: Any, platform: Any, db: Any, mode: str, words: str) -> None:
    platform.initiate_mode = mode
    try:
        r = storefront.checkout(CQR_CODE)
    finally:
        platform.initiate_mode = "redirect"
    assert words in r.get("error", ""), r
    order = int(db.value("SELECT MAX(order_id) FROM oc_qiwi_merchant_cqr_attempt"))
    assert db.order_status(order) == "Pending"


# --------------------------------------------------------------------- all endpoints


ROUTES = ("qiwi_merchant_gate.account_check", "qiwi_merchant_gate.callback", "qiwi_merchant_cqr.notification")


@pytest.mark.parametrize("route", ROUTES)
def test_get_is_405_and_2mib_is_413_before_storing(shop: Any, db: Any, route: str) -> None:
    for method in ("GET", "PUT", "DELETE"):
        st, h, data = fetch(method, shop.url(route), b"" if method != "GET" else None)
        assert st == 405 and "POST" in h.get("allow", ""), (method, st)
        clean(data)
    before = db.value("SELECT COUNT(*) FROM oc_qiwi_merchant_delivery")
    auth = "Basic " + base64.b64encode(f"{shop.notify_user}:{shop.notify_password}".encode()).decode()
    st, _h, data = shop.post(route, b"<" + b"x" * (2 << 20) + b">", Authorization=auth)
    assert st == 413, st
    clean(data)
    assert db.value("SELECT COUNT(*) FROM oc_qiwi_merchant_delivery") == before


def test_secret_never_in_a_page(cfg: Dict[str, Any], shop: Any) -> None:
    import sys
    sys.path.insert(0, os.path.dirname(__file__))
    from ocadmin import Admin

    admin = Admin(cfg["url"], cfg["admin_user"], cfg["admin_password"])
    pages = [admin.get("extension/qiwi_merchant/payment/qiwi_merchant_gate"),
             admin.get("extension/qiwi_merchant/payment/qiwi_merchant_cqr"),
             admin.get("marketplace/extension", type="payment"),
             admin.get("setting/setting")]
    orders = re.findall(r"order_id=(\d+)", admin.get("sale/order")[1])
    for o in orders[:5]:
        pages.append(admin.get("sale/order.info", order_id=o))
    for st, html in pages:
        assert st == 200
        assert cfg["secret"] not in html
        assert cfg["notify_password"] not in html and cfg["api_password"] not in html
        clean(html.encode())
    # saving the form with the password fields left empty keeps the stored secret
    doc = admin.save_settings({**admin.settings_from_env({k: v for k, v in os.environ.items()}),
                               "payment_qiwi_merchant_gate_secret": "", "payment_qiwi_merchant_cqr_api_password": "",
                               "payment_qiwi_merchant_cqr_notify_password": ""})
    assert "success" in doc

