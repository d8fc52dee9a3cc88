"""A real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) in the store: a guest
checks out with each QIWI method, the platform simulator plays JetPay and PXP, and the admin sees
the order history and the QIWI panel change. Screenshots go to target/opencart/."""

from __future__ import annotations

import re
from typing import Any, Dict

import pytest

from qiwi_merchant.simulator.opencart import CQR_CODE, GATE_CODE, PRODUCT_NO_SHIPPING

GATE_NAME = "QIWI Kazakhstan kiosk / e-wallet"
CQR_NAME = "QIWI Wallet"
TIMEOUT = 30_000


def new_page(browser: Any) -> Any:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(TIMEOUT)
    page = ctx.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
    return page


def no_php_noise(html: str) -> None:
    for word in ("Warning:", "Notice:", "Deprecated:", "Fatal error", "Stack trace"):
        assert word not in html, f"PHP says {word!r} in the page"


def dismiss_alerts(page: Any) -> None:
    """Close OpenCart's notices (they float over the checkout until closed), as a shopper would."""
    for button in page.locator("#alert .btn-close").all():
        if button.is_visible():
            button.click()
    page.wait_for_function("document.querySelectorAll('#alert .alert').length === 0")


def guest_checkout(cfg: Dict[str, Any], browser: Any, method_code: str, method_name: str, shot: str) -> Any:
    page = new_page(browser)
    base = cfg["url"]
    page.goto(f"{base}index.php?route=product/product&language=en-gb&product_id={PRODUCT_NO_SHIPPING}")
    page.click("#button-cart")
    page.wait_for_selector("#alert .alert-success")
    page.goto(f"{base}index.php?route=checkout/checkout&language=en-gb")
    page.check("#input-guest")
    page.fill("#input-firstname", "Aigerim")
    page.fill("#input-lastname", "Browser")
    page.fill("#input-email", "aigerim@example.com")
    if page.locator("#input-telephone").is_visible():
        page.fill("#input-telephone", "+77011234567")
    # OpenCart 4.1.0.3 shows its address fieldset even when the cart needs no shipping: a shopper
    # fills it in (an address in Almaty), as they would.
    for kind in ("payment", "shipping"):
        if page.locator(f"#input-{kind}-address-1").is_visible():
            page.fill(f"#input-{kind}-address-1", "Abay 1")
            page.fill(f"#input-{kind}-city", "Almaty")
            page.fill(f"#input-{kind}-postcode", "050000")
            page.select_option(f"#input-{kind}-country", "109")
            page.wait_for_function(f"document.querySelectorAll('#input-{kind}-zone option').length > 2")
            page.select_option(f"#input-{kind}-zone", label="Almaty")
    page.click("#button-register")
    page.wait_for_selector("#alert .alert-success")
    dismiss_alerts(page)
    page.click("#button-payment-methods")
    page.wait_for_selector("#modal-payment")
    labels = page.locator("#modal-payment label").all_inner_texts()
    assert method_name in labels, labels
    page.check(f"#modal-payment input[value='{method_code}']")
    page.click("#button-payment-method")
    page.wait_for_selector(f"#checkout-payment #button-confirm, #button-confirm")
    page.wait_for_selector("#alert .alert-success")
    dismiss_alerts(page)
    assert method_name in page.input_value("#input-payment-method")
    page.screenshot(path=str(cfg["shots"] / shot), full_page=True)
    no_php_noise(page.content())
    return page


def test_admin_extension_page_and_settings(cfg: Dict[str, Any], browser: Any) -> None:
    page = admin_login(cfg, browser)
    token = re.search(r"user_token=(\w+)", page.url).group(1)  # type: ignore[union-attr]
    page.goto(f"{cfg['url']}admin/index.php?route=marketplace/extension&type=payment&user_token={token}")
    page.wait_for_selector("text=QIWI Wallet (CQR / PXP)")
    body = page.content()
    assert "QIWI Kazakhstan kiosk / e-wallet (JetPay Gate)" in body
    page.goto(f"{cfg['url']}admin/index.php?route=extension/qiwi_merchant/payment/qiwi_merchant_gate&user_token={token}")
    page.wait_for_selector("#qiwi-merchant-selftest")
    selftest = page.inner_text("#qiwi-merchant-selftest")
    assert "extension is loaded" in selftest and "settlement engine" in selftest and "round trip" in selftest, selftest
    assert re.search(r"core version \d+\.\d+\.\d+", selftest), selftest
    assert "qiwi_merchant_gate.callback" in page.inner_text("#url-callback")
    assert "qiwi_merchant_gate.cron&token=" in page.inner_text("#url-cron")
    assert "qiwi_merchant_gate.account_check" in page.inner_text("#url-account-check")
    assert "qiwi_merchant_cqr.notification" in page.inner_text("#url-notification")
    page.screenshot(path=str(cfg["shots"] / "admin-settings.png"), full_page=True)
    html = page.content()
    no_php_noise(html)
    assert cfg["secret"] not in html
    assert cfg["notify_password"] not in html and cfg["api_password"] not in html
    assert page.input_value("#input-gate-secret") == ""


def admin_login(cfg: Dict[str, Any], browser: Any) -> Any:
    page = new_page(browser)
    page.goto(f"{cfg['url']}admin/index.php?route=common/login")
    page.fill("#input-username", cfg["admin_user"])
    page.fill("#input-password", cfg["admin_password"])
    page.click("#form-login button[type=submit]")
    page.wait_for_url(re.compile(r"user_token="))
    return page


def test_gate_checkout_then_jetpay_then_admin(cfg: Dict[str, Any], browser: Any, shop: Any, gate: Any, db: Any) -> None:
    page = guest_checkout(cfg, browser, GATE_CODE, GATE_NAME, "checkout-gate.png")
    page.click("#button-confirm")
    page.wait_for_selector("#qiwi-merchant-order-number")
    order = int(page.inner_text("#qiwi-merchant-order-number"))
    amount_text = page.inner_text("#qiwi-merchant-amount")
    page.screenshot(path=str(cfg["shots"] / "success-gate.png"), full_page=True)
    no_php_noise(page.content())
    assert not page.errors  # type: ignore[attr-defined]
    assert db.order_status(order) == "Pending"
    minor = int(round(float(amount_text) * 100))
    assert re.fullmatch(r"\d+\.\d\d", amount_text)

    # JetPay: verify -> check_deposit -> callback (the platform simulator's messages)
    st, doc = shop.account_check(gate.verify_request(str(order)))
    assert (st, doc) == (200, {"code": 0, "currency": "KZT"})
    st, doc = shop.account_check(gate.check_deposit(str(order), minor))
    assert doc["code"] == 0, doc
    assert shop.callback(gate.callback(doc["payment_id"], minor, operation_id=70001)) == 200
    assert db.order_status(order) == "Processing"

    page = admin_login(cfg, browser)
    token = re.search(r"user_token=(\w+)", page.url).group(1)  # type: ignore[union-attr]
    page.goto(f"{cfg['url']}admin/index.php?route=sale/order.info&order_id={order}&user_token={token}")
    page.wait_for_selector("#qiwi-merchant-panel", state="attached")
    page.click("a[href='#tab-qiwi_merchant_gate']")
    page.wait_for_selector("#qiwi-deliveries")
    panel = page.inner_text("#qiwi-merchant-panel")
    assert "gate_callback" in panel and "apply" in panel and "credit" in panel, panel
    page.screenshot(path=str(cfg["shots"] / "admin-order-gate.png"), full_page=True)
    history = page.inner_text("#history")
    assert "Processing" in history, history
    no_php_noise(page.content())


def test_cqr_checkout_ends_on_pxp_page_then_notifications(cfg: Dict[str, Any], browser: Any, shop: Any,
                                                          platform: Any, db: Any) -> None:
    page = guest_checkout(cfg, browser, CQR_CODE, CQR_NAME, "checkout-cqr.png")
    page.click("#button-confirm")
    page.wait_for_url(re.compile(re.escape(platform.base) + r"/redirect/"))
    page.wait_for_selector("#pxp-simulator")
    mtid = page.inner_text("#pxp-mtid")
    page.screenshot(path=str(cfg["shots"] / "pxp-redirect-cqr.png"), full_page=True)
    order = int(mtid.split("-")[0])
    assert mtid == f"{order}-1"
    assert db.order_status(order) == "Pending"
    sent = platform.initiated[mtid]
    assert sent["currency"] == "KZT"

    assert shop.notify(platform.notification(mtid, 120, "PendingOnProvider")) == (200, 0)
    assert db.order_status(order) == "Pending"
    assert shop.notify(platform.notification(mtid, 29, "DepositedByProvider", True)) == (200, 0)
    assert db.order_status(order) == "Processing"

    # the customer comes back: the return page asks getPayments and shows the state
    ret = [u for u in re.findall(rb"<value>([^<]*)</value>", sent["body"]) if b"return_page" in u]
    assert ret, "MerchantNotificationUrl is the plug-in's return page"
    page.goto(ret[0].decode().replace("&amp;", "&"))
    page.wait_for_selector("#qiwi-merchant-state")
    assert page.get_attribute("#qiwi-merchant-state", "data-state") == "paid"
    assert f"order {order} has been received" in page.inner_text("#qiwi-merchant-state")
    page.screenshot(path=str(cfg["shots"] / "return-cqr.png"), full_page=True)
    no_php_noise(page.content())

    page = admin_login(cfg, browser)
    token = re.search(r"user_token=(\w+)", page.url).group(1)  # type: ignore[union-attr]
    page.goto(f"{cfg['url']}admin/index.php?route=sale/order.info&order_id={order}&user_token={token}")
    page.click("a[href='#tab-qiwi_merchant_cqr']")
    page.wait_for_selector("#qiwi-deliveries")
    panel = page.inner_text("#qiwi-merchant-panel")
    assert "cqr_notification" in panel and "credit" in panel, panel
    page.screenshot(path=str(cfg["shots"] / "admin-order-cqr.png"), full_page=True)
    no_php_noise(page.content())


def test_admin_check_status_now(cfg: Dict[str, Any], browser: Any, storefront: Any, platform: Any, db: Any) -> None:
    """A payment completed at PXP whose notification never came: the admin's button asks
    getPayments, the panel and OpenCart's history list show the change without a reload."""
    r = storefront.checkout(CQR_CODE, email="check-now@example.com")
    mtid = next(k for k, v in platform.initiated.items() if r["redirect"].endswith(v["payment_id"]))
    order = int(mtid.split("-")[0])
    platform.states[mtid] = (29, "DepositedByProvider", True)
    page = admin_login(cfg, browser)
    token = re.search(r"user_token=(\w+)", page.url).group(1)  # type: ignore[union-attr]
    page.goto(f"{cfg['url']}admin/index.php?route=sale/order.info&order_id={order}&user_token={token}")
    page.click("a[href='#tab-qiwi_merchant_cqr']")
    page.wait_for_selector("#qiwi-deliveries")
    assert "No delivery" in page.inner_text("#qiwi-deliveries")
    page.click("#button-qiwi-check")
    page.wait_for_selector("#qiwi-check-result .alert-success")
    assert f"{mtid}: apply" in page.inner_text("#qiwi-check-result")
    panel = page.inner_text("#qiwi-merchant-panel")
    assert "cqr_get_payments" in panel and re.search(r"credit \d+\.\d\d KZT", panel), panel
    page.wait_for_function("document.querySelector('#history').innerText.includes('Processing')")
    assert db.order_status(order) == "Processing"
    page.screenshot(path=str(cfg["shots"] / "admin-order-check-now.png"), full_page=True)
    no_php_noise(page.content())
    assert not page.errors  # type: ignore[attr-defined]


def test_gate_hidden_for_other_currencies(cfg: Dict[str, Any], storefront: Any) -> None:
    storefront.call("common/currency.save", {"code": "USD", "redirect": cfg["url"]})
    with pytest.raises(RuntimeError):
        storefront.checkout(GATE_CODE)
    names = [o["code"] for mth in storefront.methods.values() for o in mth["option"].values()]
    assert GATE_CODE not in names and CQR_CODE in names, names


def test_failed_payment_try_again(cfg: Dict[str, Any], browser: Any, storefront: Any, shop: Any, platform: Any,
                                  db: Any) -> None:
    """PXP refused the payment: the return page says so and offers "Try again", which starts a new
    attempt (ORDERID-2) and sends the customer to PXP again."""
    r = storefront.checkout(CQR_CODE, email="try-again@example.com")
    mtid = next(k for k, v in platform.initiated.items() if r["redirect"].endswith(v["payment_id"]))
    order = int(mtid.split("-")[0])
    assert shop.notify(platform.notification(mtid, 100, "RefusedByProvider")) == (200, 0)
    assert db.order_status(order) == "Failed"
    ret = [u for u in re.findall(rb"<value>([^<]*)</value>", platform.initiated[mtid]["body"]) if b"return_page" in u]
    page = new_page(browser)
    page.goto(ret[0].decode().replace("&amp;", "&"))
    page.wait_for_selector("#qiwi-merchant-state")
    assert page.get_attribute("#qiwi-merchant-state", "data-state") == "failed"
    page.screenshot(path=str(cfg["shots"] / "return-cqr-failed.png"), full_page=True)
    no_php_noise(page.content())
    page.click("#button-qiwi-merchant-retry")
    page.wait_for_url(re.compile(re.escape(platform.base) + r"/redirect/"))
    assert page.inner_text("#pxp-mtid") == f"{order}-2"
    assert db.order_status(order) == "Pending"
    assert not page.errors  # type: ignore[attr-defined]
