"""Every applied change is an order history entry made by OpenCart's own order-history mechanism
(the catalog model checkout/order->addHistory: status, events, the customer's e-mail) with the
customer notified, from every path: Gate callback, CQR notification, the admin's "check status
now" and the cron route (the return page: test_browser.py). OpenCart's mail engine is pointed at a
loopback SMTP sink, so "notified" is checked on the e-mail itself, not only on the notify flag."""

from __future__ import annotations

import json
import uuid
from typing import Any, Tuple

from conftest import store_mail, free_port
from qiwi_merchant.simulator.opencart import CQR_CODE, fetch

GATE_WHAT = "QIWI Kazakhstan (JetPay Gate) payment"
CQR_WHAT = "QIWI Wallet (CQR)"


def email() -> str:
    return f"buyer-{uuid.uuid4().hex[:10]}@example.com"


def deposit(shop: Any, gate: Any, order: int, amount: int) -> str:
    st, doc = shop.account_check(gate.check_deposit(str(order), amount))
    assert st == 200 and doc.get("code") == 0, doc
    return str(doc["payment_id"])


def cqr_order(storefront: Any, platform: Any, address: str) -> Tuple[int, str]:
    r = storefront.checkout(CQR_CODE, email=address)
    assert r.get("redirect", "").startswith(platform.base + "/redirect/"), r
    mtid = next(k for k, v in platform.initiated.items() if r["redirect"].endswith(v["payment_id"]))
    return int(mtid.split("-")[0]), mtid


def updates(mail: Any, address: str, order: int) -> list[str]:
    """OpenCart's "Order Update" e-mails (mail/order history) for the order."""
    return [m for m in mail.to(address) if f"Order Update {order}" in m]


def test_gate_callback_refund_and_flag(storefront: Any, shop: Any, gate: Any, db: Any, mail: Any) -> None:
    to = email()
    order, amount = storefront.gate_order(email=to)
    pid = deposit(shop, gate, order, amount)
    cb = gate.callback(pid, amount, operation_id=91001)
    assert shop.callback(cb) == 200
    assert db.order_status(order) == "Processing"
    total = f"{amount // 100}.{amount % 100:02d} KZT"
    assert db.notified(order) == [["Processing", f"{GATE_WHAT} {pid}: paid, {total} received."]]
    [sent] = updates(mail, to, order)
    assert "Processing" in sent and f"{total} received" in sent, sent
    # a duplicate changes nothing: no entry, no e-mail
    assert shop.callback(cb) == 200
    assert len(db.notified(order)) == 1 and len(updates(mail, to, order)) == 1
    # a partial refund is an applied change: a second entry, the order stays paid
    part = amount // 4
    refund = json.loads(gate.callback(pid, amount, "partially refunded", operation_id=91002))
    refund["operation"]["type"] = "refund"
    refund["operation"]["sum_initial"] = refund["operation"]["sum_converted"] = {"amount": part, "currency": "KZT"}
    refund.pop("signature")
    assert shop.callback(gate.signed(refund)) == 200
    notified = db.notified(order)
    assert len(notified) == 2 and notified[1][0] == "Processing" and "partially refunded" in notified[1][1], notified
    assert len(updates(mail, to, order)) == 2
    # a flag (a decline after the payment: not allowed) is an entry for the merchant, not a notification
    assert shop.callback(gate.callback(pid, amount, "decline", operation_id=91003)) == 200
    assert db.order_status(order) == "QIWI payment review"
    assert len(db.notified(order)) == 2 and len(updates(mail, to, order)) == 2
    assert db.value(f"SELECT notify FROM oc_order_history WHERE order_id = {order} ORDER BY order_history_id DESC LIMIT 1") == "0"


def test_cqr_notification(storefront: Any, shop: Any, platform: Any, db: Any, mail: Any) -> None:
    to = email()
    order, mtid = cqr_order(storefront, platform, to)
    assert shop.notify(platform.notification(mtid, 120, "PendingOnProvider")) == (200, 0)
    assert db.notified(order) == [] and updates(mail, to, order) == []  # no_change: nothing to tell
    assert shop.notify(platform.notification(mtid, 29, "DepositedByProvider", True)) == (200, 0)
    [[status, comment]] = db.notified(order)
    assert status == "Processing" and comment.startswith(f"{CQR_WHAT} payment {mtid}: paid,"), comment
    [sent] = updates(mail, to, order)
    assert "Processing" in sent
    # completed -> Cancelled: the reversal is applied and told
    assert shop.notify(platform.notification(mtid, 113, "Cancelled")) == (200, 0)
    notified = db.notified(order)
    assert [n[0] for n in notified] == ["Processing", "Reversed"] and "returned" in notified[1][1], notified
    assert len(updates(mail, to, order)) == 2


def test_admin_check_now_goes_through_opencart(storefront: Any, shop: Any, gate: Any, platform: Any, db: Any,
                                               admin: Any, mail: Any) -> None:
    """The admin's check: OpenCart's catalog addHistory in a store instance (the admin's own order
    editor does the same), so the customer gets the same e-mail as from a callback."""
    to = email()
    order, mtid = cqr_order(storefront, platform, to)
    platform.states[mtid] = (29, "DepositedByProvider", True)  # paid at PXP; the notification never came
    doc = admin.json(admin.post("extension/qiwi_merchant/payment/qiwi_merchant_cqr.check", {}, order_id=order))
    assert "success" in doc and f"{mtid}: apply" in doc["success"], doc
    assert db.order_status(order) == "Processing"
    [[status, comment]] = db.notified(order)
    assert status == "Processing" and comment.startswith(f"{CQR_WHAT} getPayments {mtid}: paid,"), comment
    [sent] = updates(mail, to, order)
    assert "Processing" in sent
    assert [r[0] for r in db.ledger(order)] == ["credit"]
    # asked again: nothing pending, nothing added
    doc = admin.json(admin.post("extension/qiwi_merchant/payment/qiwi_merchant_cqr.check", {}, order_id=order))
    assert doc.get("success") == "No pending QIWI payment for this order.", doc
    assert len(db.notified(order)) == 1 and len(updates(mail, to, order)) == 1

    # Gate: the status request
    to = email()
    order, amount = storefront.gate_order(email=to)
    pid = deposit(shop, gate, order, amount)
    platform.gate_status[pid] = (amount, "success")
    doc = admin.json(admin.post("extension/qiwi_merchant/payment/qiwi_merchant_gate.check", {}, order_id=order))
    assert f"{pid}: apply" in doc.get("success", ""), doc
    assert db.order_status(order) == "Processing"
    [[status, _comment]] = db.notified(order)
    assert status == "Processing" and len(updates(mail, to, order)) == 1


def test_cron_for_every_pending_order(storefront: Any, shop: Any, gate: Any, platform: Any, db: Any, mail: Any) -> None:
    """One cron run asks about every order with a pending QIWI payment, both methods."""
    g_to, c_to, w_to = email(), email(), email()
    g_order, amount = storefront.gate_order(email=g_to)
    pid = deposit(shop, gate, g_order, amount)
    platform.gate_status[pid] = (amount, "success")
    c_order, mtid = cqr_order(storefront, platform, c_to)
    platform.states[mtid] = (29, "DepositedByProvider", True)
    w_order, w_mtid = cqr_order(storefront, platform, w_to)  # still waiting at PXP
    token = db.value("SELECT value FROM oc_setting WHERE `key` = 'payment_qiwi_merchant_cron_token'")
    st, _h, data = fetch("GET", shop.base + "index.php?route=extension/qiwi_merchant/payment/qiwi_merchant_gate.cron&token=" + token)
    assert st == 200, data
    text = data.decode()
    assert f"order {g_order}: {pid}: apply" in text and f"order {c_order}: {mtid}: apply" in text, text
    assert f"order {w_order}: {w_mtid}: no_change" in text, text
    assert db.order_status(g_order) == db.order_status(c_order) == "Processing"
    assert db.order_status(w_order) == "Pending"
    assert len(db.notified(g_order)) == len(db.notified(c_order)) == 1 and db.notified(w_order) == []
    assert len(updates(mail, g_to, g_order)) == len(updates(mail, c_to, c_order)) == 1
    assert updates(mail, w_to, w_order) == []


def test_a_broken_mail_server_never_blocks_a_payment(storefront: Any, shop: Any, gate: Any, db: Any) -> None:
    """OpenCart's mail throws (nothing listens on the SMTP port): the change is applied all the same,
    its history entry made without notification and saying so."""
    order, amount = storefront.gate_order(email=email())
    pid = deposit(shop, gate, order, amount)
    with store_mail(db, free_port()):
        assert shop.callback(gate.callback(pid, amount, operation_id=92001)) == 200
    assert db.order_status(order) == "Processing"
    assert [r[0] for r in db.ledger(order)] == ["credit"]
    assert db.notified(order) == []
    row = db.query(f"SELECT notify, comment FROM oc_order_history WHERE order_id = {order} ORDER BY order_history_id DESC LIMIT 1")[0]
    assert row[0] == "0" and "[customer notification failed:" in row[1] and row[1].startswith(f"{GATE_WHAT} {pid}: paid"), row
