"""The admin settings, each saved through the plug-in's settings page (its save action, as the form
posts it) and checked by what it changes: order statuses per outcome and their defaults, enable /
sort order / geo zone per method, the CQR allow-list and trusted proxies (the core's
Cqr\\ipDecide), getPayments confirmation end to end, and the refusal of values the core does not
take. Every test puts the settings back."""

from __future__ import annotations

import base64
import re
from typing import Any, Dict, List, Tuple

from conftest import DEFAULT_STATUS_IDS, STATUS_DEFAULTS
from qiwi_merchant.simulator.opencart import CQR_CODE, GATE_CODE, Storefront


def cqr_order(storefront: Any, platform: Any) -> Tuple[int, str]:
    r = storefront.checkout(CQR_CODE)
    assert r.get("redirect", "").startswith(platform.base + "/redirect/"), r
    mtid = next(k for k, v in platform.initiated.items() if r["redirect"].endswith(v["payment_id"]))
    return int(mtid.split("-")[0]), mtid


def offered(cfg: Dict[str, Any]) -> List[str]:
    """The payment options a fresh guest is offered at checkout, in the order shown."""
    sf = Storefront(cfg["url"])
    sf.call("checkout/cart.add", {"product_id": 36, "quantity": 1})
    r = sf.call("checkout/register.save", {
        "account": 0, "customer_group_id": 1, "firstname": "Aigerim", "lastname": "Guest", "email": "guest@example.com",
        "telephone": "+77011234567", "payment_firstname": "Aigerim", "payment_lastname": "Guest",
        "payment_address_1": "Abay 1", "payment_city": "Almaty", "payment_postcode": "050000",
        "payment_country_id": 109, "payment_zone_id": 1716, "address_match": 1})
    assert isinstance(r, dict) and not r.get("error"), r
    r = sf.call("checkout/payment_method.getMethods", method="GET")
    return [o["code"] for m in r.get("payment_methods", {}).values() for o in m["option"].values()]


def test_order_status_defaults_and_mapping(settings: Any, admin: Any, db: Any, storefront: Any, shop: Any, gate: Any) -> None:
    # the defaults the issue names, chosen at install and shown selected on the page
    _st, page = admin.get("extension/qiwi_merchant/payment/qiwi_merchant_cqr")
    for outcome, name in STATUS_DEFAULTS.items():
        sel = re.search(rf'<select name="payment_qiwi_merchant_order_status_{outcome}".*?</select>', page, re.S)
        assert sel, outcome
        chosen = re.search(r'<option value="(\d+)" selected>([^<]*)</option>', sel.group(0))
        assert chosen and chosen.group(2) == name and chosen.group(1) == DEFAULT_STATUS_IDS[outcome], (outcome, chosen)
    # "paid" mapped to Complete: a paid order gets it
    complete = db.value("SELECT order_status_id FROM oc_order_status WHERE name = 'Complete' AND language_id = 1")
    settings.set(order_status_paid=complete)
    order, amount = storefront.gate_order()
    st, doc = shop.account_check(gate.check_deposit(str(order), amount))
    assert shop.callback(gate.callback(doc["payment_id"], amount, operation_id=97001)) == 200
    assert db.order_status(order) == "Complete"


def test_enable_and_sort_order_per_method(settings: Any, cfg: Dict[str, Any]) -> None:
    assert offered(cfg) == [GATE_CODE, CQR_CODE]  # sort orders 1, 2
    settings.set(gate_sort_order="5", cqr_sort_order="1")
    assert offered(cfg) == [CQR_CODE, GATE_CODE]
    settings.set(gate_status="0")
    assert offered(cfg) == [CQR_CODE]
    settings.set(cqr_status="0")
    assert CQR_CODE not in offered(cfg) and GATE_CODE in offered(cfg)


def test_geo_zone_per_method(settings: Any, cfg: Dict[str, Any], db: Any) -> None:
    """With the payment address asked at checkout, a method limited to a geo zone is offered only
    to addresses in it (the guest's address is in Almaty, Kazakhstan)."""
    db.query("INSERT INTO oc_geo_zone (name, description) VALUES ('KZ (test)', 'Kazakhstan')")
    kz = db.value("SELECT MAX(geo_zone_id) FROM oc_geo_zone")
    db.query(f"INSERT INTO oc_zone_to_geo_zone (country_id, zone_id, geo_zone_id) VALUES (109, 0, {kz})")
    uk = db.value("SELECT geo_zone_id FROM oc_geo_zone WHERE name = 'UK VAT Zone'")
    db.set_config("config_checkout_payment_address", "1")
    try:
        settings.set(gate_geo_zone_id=uk)
        assert offered(cfg) == [CQR_CODE]
        settings.set(gate_geo_zone_id=kz, cqr_geo_zone_id=uk)
        assert offered(cfg) == [GATE_CODE]
    finally:
        db.set_config("config_checkout_payment_address", "0")
        db.query(f"DELETE FROM oc_zone_to_geo_zone WHERE geo_zone_id = {kz}; DELETE FROM oc_geo_zone WHERE geo_zone_id = {kz}")


def notify_from(shop: Any, body: bytes, forwarded: str = "") -> int:
    auth = "Basic " + base64.b64encode(f"{shop.notify_user}:{shop.notify_password}".encode()).decode()
    headers = {"Authorization": auth, **({"X-Forwarded-For": forwarded} if forwarded else {})}
    st, _h, _d = shop.post("qiwi_merchant_cqr.notification", body, "application/xml; charset=utf-8", **headers)
    return int(st)


def test_allowed_ips_and_trusted_proxies(settings: Any, shop: Any, storefront: Any, platform: Any, db: Any) -> None:
    """The allow-list sees the TCP peer (here 127.0.0.1); X-Forwarded-For is believed only from a
    trusted proxy. Refused notifications are not stored."""
    pxp = "195.69.175.192"
    _order, mtid = cqr_order(storefront, platform)
    body = platform.notification(mtid, 120, "PendingOnProvider")
    settings.set(cqr_allowed_ips=pxp, cqr_trusted_proxies="")
    stored = db.count("oc_qiwi_merchant_delivery")
    assert notify_from(shop, body) == 403
    assert notify_from(shop, body, forwarded=pxp) == 403  # the peer is no proxy of ours
    assert db.count("oc_qiwi_merchant_delivery") == stored
    settings.set(cqr_allowed_ips=pxp, cqr_trusted_proxies="127.0.0.1")
    assert notify_from(shop, body, forwarded=pxp) == 200
    assert notify_from(shop, body, forwarded=f"10.9.8.7, {pxp}") == 200  # the proxy's own entry is the last one
    assert notify_from(shop, body, forwarded="203.0.113.9") == 403
    assert notify_from(shop, body) == 403
    settings.set(cqr_allowed_ips="127.0.0.0/8, 10.0.0.0/8", cqr_trusted_proxies="")
    assert notify_from(shop, body) == 200


def test_values_the_core_does_not_take_are_refused(settings: Any, admin: Any) -> None:
    doc = settings.save(cqr_allowed_ips="195.69.175.192, 10.0.0.0/33")
    assert "success" not in doc and "10.0.0.0/33" in doc["error"]["cqr-allowed-ips"], doc
    doc = settings.save(cqr_trusted_proxies="proxy.example")
    assert "success" not in doc and "cqr-trusted-proxies" in doc["error"], doc
    doc = settings.save(gate_sort_order="first")
    assert "success" not in doc and "gate-sort-order" in doc["error"], doc
    doc = settings.save(gate_project_id="11a")
    assert "success" not in doc and "gate-project-id" in doc["error"], doc
    # nothing of a refused save was kept
    _st, page = admin.get("extension/qiwi_merchant/payment/qiwi_merchant_gate")
    assert "10.0.0.0/33" not in page and "proxy.example" not in page


def test_get_payments_confirmation(settings: Any, shop: Any, storefront: Any, platform: Any, db: Any) -> None:
    """Confirmation on: a completed notification is credited only when PXP's getPayments says so."""
    settings.set(cqr_confirm_get_payments="1")
    # getPayments says pending: resultCode 10 (PXP sends it again), nothing applied
    order, mtid = cqr_order(storefront, platform)
    done = platform.notification(mtid, 29, "DepositedByProvider", True)
    platform.states[mtid] = (120, "PendingOnProvider", False)
    before = db.snapshot(order)
    asked = len([r for r in platform.requests if r[0].endswith("/getPayments")])
    assert shop.notify(done) == (200, 10)
    assert len([r for r in platform.requests if r[0].endswith("/getPayments")]) == asked + 1
    assert db.snapshot(order) == before and before["status"] == "Pending" and before["ledger"] == []
    assert db.value(f"SELECT action FROM oc_qiwi_merchant_delivery WHERE reference = '{mtid}' ORDER BY delivery_id DESC LIMIT 1") == "retry"
    # PXP now has it completed: the same notification is credited
    platform.states[mtid] = (29, "DepositedByProvider", True)
    assert shop.notify(done) == (200, 0)
    assert db.order_status(order) == "Processing"
    assert [r[0] for r in db.ledger(order)] == ["credit"]
    assert len(db.notified(order)) == 1

    # getPayments says failed: the failure is applied, no money (the same shopper: a new order,
    # the paid one is not touched)
    paid = order
    order, mtid = cqr_order(storefront, platform)
    assert order != paid
    done = platform.notification(mtid, 29, "DepositedByProvider", True)
    platform.states[mtid] = (100, "RefusedByProvider", False)
    assert shop.notify(done) == (200, 0)
    assert db.order_status(order) == "Failed"
    assert db.ledger(order) == []
    assert len(db.notified(order)) == 1
    assert db.order_status(paid) == "Processing"

    # off again: no getPayments call, credited from the notification alone
    settings.set(cqr_confirm_get_payments="0")
    order, mtid = cqr_order(storefront, platform)
    done = platform.notification(mtid, 29, "DepositedByProvider", True)
    platform.states[mtid] = (120, "PendingOnProvider", False)
    asked = len([r for r in platform.requests if r[0].endswith("/getPayments")])
    assert shop.notify(done) == (200, 0)
    assert len([r for r in platform.requests if r[0].endswith("/getPayments")]) == asked
    assert db.order_status(order) == "Processing"
