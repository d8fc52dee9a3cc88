"""The same store served by a second `php -S` whose PHP does NOT load the qiwi_merchant extension:
the admin says so plainly (settings page, order panel, "check status now"), checkout offers
neither QIWI method, the platform routes and cron answer 503 without any PHP error, and nothing is
stored."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.parse
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

from conftest import free_port
from qiwi_merchant.simulator.opencart import CQR_CODE, GATE_CODE, ROUTE, Storefront, fetch

NOISE = ("Warning:", "Notice:", "Deprecated:", "Fatal error", "Stack trace", "Uncaught")
MISSING = "The qiwi_merchant PHP extension is NOT loaded"


def clean(text: str) -> str:
    for w in NOISE:
        assert w not in text, text[:400]
    return text


@pytest.fixture(scope="module")
def bare(cfg: Dict[str, Any]) -> Iterator[Dict[str, Any]]:
    """php -S on another loopback port over the store's web root, without the extension."""
    port = free_port()
    docroot = Path(cfg["dir"])
    php = ["php", "-d", "memory_limit=256M", "-d", "variables_order=EGPCS"]
    probe = subprocess.run(php + ["-r", "echo extension_loaded('qiwi_merchant') ? 'loaded' : 'absent';"],
                           capture_output=True, text=True, check=True).stdout
    assert probe == "absent", "the CLI PHP loads qiwi_merchant from php.ini: cannot serve the store without it"
    log_path = docroot.parent / "php-no-extension.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen(php + ["-S", f"127.0.0.1:{port}", "-t", str(docroot)], cwd=docroot, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "PHP_CLI_SERVER_WORKERS": "2"})
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                if fetch("GET", base + "index.php?route=common/home", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            pytest.fail(f"php -S without the extension did not answer (see {log_path})")
        yield {"url": base, "log": log_path}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def test_admin_says_so_plainly(bare: Dict[str, Any], cfg: Dict[str, Any], db: Any, browser: Any) -> None:
    from ocadmin import Admin

    admin = Admin(bare["url"], cfg["admin_user"], cfg["admin_password"])
    for code in ("qiwi_merchant_gate", "qiwi_merchant_cqr"):
        st, page = admin.get(f"extension/qiwi_merchant/payment/{code}")
        assert st == 200
        clean(page)
        assert 'id="qiwi-merchant-extension-missing"' in page and MISSING in page
        assert "both QIWI methods are hidden at checkout" in page
        assert "extension is loaded" not in page
    # an order paid with a QIWI method: the panel says it too, "check status now" refuses plainly
    order = int(db.value("SELECT MAX(order_id) FROM oc_qiwi_merchant_gate_payment"))
    st, page = admin.get("sale/order.info", order_id=order)
    assert st == 200
    clean(page)
    assert MISSING in page and 'id="qiwi-merchant-panel"' in page
    doc = admin.json(admin.post("extension/qiwi_merchant/payment/qiwi_merchant_gate.check", {}, order_id=order))
    assert MISSING in doc.get("error", ""), doc
    # saving the settings still works (nothing in it needs the extension)
    doc = admin.json(admin.post("extension/qiwi_merchant/payment/qiwi_merchant_gate.save",
                                admin.settings_from_env(dict(os.environ))))
    assert "success" in doc, doc

    # What a person sees: the settings page in a real browser. The store's pages name the store's
    # own address (<base href>), so the browser logs in there; the session cookie is the same for
    # both ports, and the page itself is made by the server without the extension.
    # Its fonts then come from the store's port: they get the CORS header a single server would not need.
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})

    def font(route: Any) -> None:
        r = route.fetch()
        route.fulfill(response=r, headers={**r.headers, "access-control-allow-origin": "*"})

    ctx.route(re.compile(r".*\.(woff2?|ttf)(\?.*)?$"), font)
    page = ctx.new_page()
    page.goto(cfg["url"] + "admin/index.php?route=common/login")
    page.fill("#input-username", cfg["admin_user"])
    page.fill("#input-password", cfg["admin_password"])
    page.click("#form-login button[type=submit]")
    page.wait_for_url(re.compile(r"user_token="))
    token = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["user_token"][0]
    page.goto(bare["url"] + f"admin/index.php?route=extension/qiwi_merchant/payment/qiwi_merchant_gate&user_token={token}")
    page.wait_for_selector("#qiwi-merchant-extension-missing")
    assert MISSING in page.inner_text("#qiwi-merchant-extension-missing")
    assert page.locator("#qiwi-merchant-extension-missing").is_visible()
    page.screenshot(path=str(cfg["shots"] / "admin-settings-no-extension.png"), full_page=True)
    ctx.close()


def test_checkout_offers_neither_method(bare: Dict[str, Any], cfg: Dict[str, Any]) -> None:
    def options(base: str) -> Any:
        sf = Storefront(base)
        sf.call("checkout/cart.add", {"product_id": 36, "quantity": 1})
        sf.call("checkout/register.save", {"account": 0, "customer_group_id": 1, "firstname": "A", "lastname": "B",
                                           "email": "nobody@example.com", "telephone": "+77011234567"})
        return sf, sf.call("checkout/payment_method.getMethods", method="GET")

    _sf, with_ext = options(cfg["url"])
    codes = [o["code"] for m in with_ext["payment_methods"].values() for o in m["option"].values()]
    assert GATE_CODE in codes and CQR_CODE in codes  # the same store, with the extension
    sf, without = options(bare["url"])
    codes = [o["code"] for m in without.get("payment_methods", {}).values() for o in m["option"].values()]
    assert GATE_CODE not in codes and CQR_CODE not in codes, without
    # choosing one anyway is refused by OpenCart, and the confirm actions refuse too
    r = sf.call("checkout/payment_method.save", {"payment_method": GATE_CODE, "agree": 1})
    assert r.get("error"), r
    for route in ("qiwi_merchant_gate", "qiwi_merchant_cqr"):
        r = sf.call(f"extension/qiwi_merchant/payment/{route}.confirm")
        assert isinstance(r, dict) and r.get("error") and "redirect" not in r, r


def test_platform_routes_answer_503(bare: Dict[str, Any], db: Any, gate: Any) -> None:
    stored = db.count("oc_qiwi_merchant_delivery")
    url = bare["url"] + ROUTE
    bodies = {"qiwi_merchant_gate.account_check": gate.verify_request("1"),
              "qiwi_merchant_gate.callback": gate.callback("qm-x", 100, operation_id=1),
              "qiwi_merchant_cqr.notification": b"<handlePaymentStateChangedNotificationRequest/>"}
    for action, body in bodies.items():
        st, h, data = fetch("POST", url + action, body, {"Content-Type": "application/json"})
        assert st == 503, (action, st, data[:200])
        clean(data.decode("utf-8", "replace"))
        assert b"not loaded" in data
        st, h, data = fetch("GET", url + action)
        assert st == 405 and "POST" in h.get("allow", "")
    token = db.value("SELECT value FROM oc_setting WHERE `key` = 'payment_qiwi_merchant_cron_token'")
    st, _h, data = fetch("GET", url + "qiwi_merchant_gate.cron&token=" + token)
    assert st == 503 and b"not loaded" in data
    assert db.count("oc_qiwi_merchant_delivery") == stored


def test_no_php_error_in_its_log(bare: Dict[str, Any]) -> None:
    log = Path(bare["log"]).read_bytes()
    assert not re.search(rb"PHP (Warning|Notice|Deprecated|Fatal|Parse)|Uncaught", log), log[-2000:]
