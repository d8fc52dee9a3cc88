"""The simulator's OpenCart target: JetPay Gate and PXP against the OpenCart 4 plug-in.

``python -m qiwi_merchant.simulator --target opencart --shop http://127.0.0.1:8080/`` (``make demo``
runs it against ``make opencart-shop``'s store). A guest shopper checks out over HTTP with each
method, then JetPay plays verify -> check_deposit -> callback (with duplicates) and PXP plays its
notifications; with ``--admin-user`` / ``--admin-password`` the order statuses are read back from
the admin. The pieces (``Storefront``, ``OpenCartPlatform``, ``ShopEndpoints``) are also what
``tests/opencart`` uses.
"""

from __future__ import annotations

from http.cookiejar import CookieJar
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple

from qiwi_merchant import cqr, money

from . import messages as m

ROUTE = "index.php?route=extension/qiwi_merchant/payment/"
GATE_CODE = "qiwi_merchant_gate.qiwi_merchant_gate"
CQR_CODE = "qiwi_merchant_cqr.qiwi_merchant_cqr"
#: a sample-data product that needs no shipping (OpenCart 4.1.0.3 "iPod Nano", no options)
PRODUCT_NO_SHIPPING = 36
PXP_PAGE_CSS = ("body{margin:0;background:#f4f5f7;font:16px/1.5 system-ui,sans-serif;color:#222}"
                "main{max-width:560px;margin:64px auto;background:#fff;border-radius:12px;padding:32px 40px;"
                "box-shadow:0 2px 12px rgba(0,0,0,.08)}h1{font-size:24px;margin:0 0 24px;color:#ff8c00}"
                ".tag{display:inline-block;margin:0 0 12px;padding:2px 10px;border-radius:10px;background:#fff3cd;"
                "color:#856404;font-size:13px}dl{display:grid;grid-template-columns:max-content 1fr;gap:8px 24px;margin:0}"
                "dt{color:#666}dd{margin:0;font-weight:600}code{font-size:13px}.note{margin:24px 0 0;color:#666;font-size:14px}")


def fetch(method: str, url: str, body: Optional[bytes] = None, headers: Optional[Dict[str, str]] = None,
         opener: Optional[urllib.request.OpenerDirector] = None, timeout: float = 60.0) -> Tuple[int, Dict[str, str], bytes]:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with (opener or urllib.request.build_opener()).open(req, timeout=timeout) as r:
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


class Storefront:
    """One guest shopper (its own cookie session) doing what the checkout page's scripts do."""

    def __init__(self, base: str):
        self.base = base.rstrip("/") + "/"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def call(self, route: str, fields: Optional[Dict[str, Any]] = None, method: str = "POST") -> Any:
        url = self.base + "index.php?route=" + route + "&language=en-gb"
        body = urllib.parse.urlencode(fields or {}).encode() if method == "POST" else None
        st, _h, data = fetch(method, url, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                 "X-Requested-With": "XMLHttpRequest"}, self.opener)
        text = data.decode("utf-8", "replace")
        if text[:1] in "{[":
            return json.loads(text)
        return text

    def checkout(self, payment_code: str, product_id: int = PRODUCT_NO_SHIPPING, quantity: int = 1,
                 email: str = "guest@example.com") -> Dict[str, Any]:
        """Cart, guest details (customer_group_id posted: 4.1.0.3 needs it), payment method, the
        order (checkout/confirm), then the method's confirm. Returns the confirm JSON."""
        fetch("GET", self.base + "index.php?route=common/home&language=en-gb", opener=self.opener)
        r = self.call("checkout/cart.add", {"product_id": product_id, "quantity": quantity})
        if not isinstance(r, dict) or "success" not in r:
            raise RuntimeError(f"cart.add: {r}")
        r = self.call("checkout/register.save", {
            "account": 0, "customer_group_id": 1, "firstname": "Aigerim", "lastname": "Guest", "email": email,
            "telephone": "+77011234567", "payment_firstname": "Aigerim", "payment_lastname": "Guest",
            "payment_address_1": "Abay 1", "payment_city": "Almaty", "payment_postcode": "050000",
            "payment_country_id": 109, "payment_zone_id": 1716, "address_match": 1})
        if not isinstance(r, dict) or r.get("error"):
            raise RuntimeError(f"register.save: {r}")
        r = self.call("checkout/payment_method.getMethods", method="GET")
        if not isinstance(r, dict) or "payment_methods" not in r:
            raise RuntimeError(f"payment_method.getMethods: {r}")
        self.methods = r["payment_methods"]
        r = self.call("checkout/payment_method.save", {"payment_method": payment_code, "agree": 1})
        if not isinstance(r, dict) or r.get("error"):
            raise RuntimeError(f"payment_method.save {payment_code}: {r}")
        page = self.call("checkout/confirm.confirm", method="GET")
        if "button-confirm" not in str(page):
            raise RuntimeError(f"checkout/confirm has no confirm button: {str(page)[:400]}")
        route = payment_code.split(".")[0]
        r = self.call(f"extension/qiwi_merchant/payment/{route}.confirm")
        if not isinstance(r, dict):
            raise RuntimeError(f"{route}.confirm: {str(r)[:400]}")
        return r

    def page(self, url: str) -> Tuple[int, str]:
        st, _h, data = fetch("GET", url, opener=self.opener)
        return st, data.decode("utf-8", "replace")

    def gate_order(self, email: str = "guest@example.com") -> Tuple[int, int]:
        """Gate checkout to the success page: (order number, amount in minor units) as shown."""
        r = self.checkout(GATE_CODE, email=email)
        if "redirect" not in r:
            raise RuntimeError(f"gate confirm: {r}")
        _st, html = self.page(r["redirect"].replace("&amp;", "&"))
        num = re.search(r'id="qiwi-merchant-order-number">(\d+)<', html)
        amount = re.search(r'id="qiwi-merchant-amount">([0-9.]+)<', html)
        if not num or not amount:
            raise RuntimeError("success page without the order number / amount")
        return int(num.group(1)), money.to_minor(amount.group(1), "KZT")  # Gate (qiwi-kz) is KZT


class ShopEndpoints:
    """The plug-in's three platform URLs, spoken as JetPay and PXP speak them."""

    def __init__(self, base: str, gate: m.GateSide, notify_user: str, notify_password: str):
        self.base = base.rstrip("/") + "/"
        self.gate = gate
        self.notify_user, self.notify_password = notify_user, notify_password

    def url(self, action: str) -> str:
        return self.base + ROUTE + action

    def post(self, action: str, body: bytes, ctype: str = "application/json", **headers: str) -> Tuple[int, Dict[str, str], bytes]:
        return fetch("POST", self.url(action), body, {"Content-Type": ctype, **headers})

    def account_check(self, body: bytes) -> Tuple[int, Any]:
        st, _h, data = self.post("qiwi_merchant_gate.account_check", body)
        try:
            return st, json.loads(data)
        except ValueError:
            return st, data

    def callback(self, body: bytes) -> int:
        return self.post("qiwi_merchant_gate.callback", body)[0]

    def notify(self, body: bytes, user: Optional[str] = None, password: Optional[str] = None) -> Tuple[int, Optional[int]]:
        auth = cqr.basic_authorization(user if user is not None else self.notify_user,
                                       password if password is not None else self.notify_password)
        st, _h, data = self.post("qiwi_merchant_cqr.notification", body, "application/xml; charset=utf-8", Authorization=auth)
        return st, m.ack_code(data) if st == 200 else None


class OpenCartPlatform:
    """Simulated PXP PaymentService (initiatePayment, getPayments), its payment page, and the
    Gate status endpoint, on one loopback address. ``initiate_mode`` makes the next initiate
    answer a redirect (default), a duplicate (369), a failure (4) or a paymentServiceException."""

    def __init__(self, listen: str, gate: m.GateSide, api_user: str, api_password: str):
        host, _, port = listen.rpartition(":")
        self.addr = (host or "127.0.0.1", int(port))
        self.gate = gate
        # the shop's credentials for PXP, checked by the core (none configured: every call is 401)
        self.credentials = cqr.BasicCredentials(api_user, api_password) if api_user and api_password else None
        self.initiated: Dict[str, Dict[str, Any]] = {}  # mtid -> payment fields
        self.states: Dict[str, Tuple[int, str, bool]] = {}  # mtid -> (state key, name, isExecuted)
        self.gate_status: Dict[str, Tuple[int, str]] = {}  # payment_id -> (amount, status)
        self.initiate_mode = "redirect"
        self.requests: List[Tuple[str, bytes]] = []
        self.lock = threading.Lock()
        self.server: Optional[ThreadingHTTPServer] = None

    @property
    def base(self) -> str:
        return f"http://{self.addr[0]}:{self.addr[1]}"

    def start(self) -> "OpenCartPlatform":
        platform = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a: Any) -> None:
                pass

            def reply(self, status: int, ctype: str, out: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def do_GET(self) -> None:
                mm = re.match(r"^/redirect/([0-9a-f-]+)$", self.path)
                info = next((p for p in platform.initiated.values() if mm and p["payment_id"] == mm.group(1)), None)
                if not info:
                    return self.reply(404, "text/plain", b"not found")
                page = (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>QIWI Wallet (PXP simulator)</title>"
                        f"<style>{PXP_PAGE_CSS}</style></head><body><main>"
                        f"<p class=\"tag\">simulator &mdash; not a real payment page</p>"
                        f"<h1 id=\"pxp-simulator\">QIWI Wallet payment page (PXP simulator)</h1>"
                        f"<dl><dt>Order (merchantTransactionID)</dt><dd id=\"pxp-mtid\">{info['mtid']}</dd>"
                        f"<dt>Amount</dt><dd id=\"pxp-amount\">{m.major(info['amount_minor'], info['currency'])} {info['currency']}</dd>"
                        f"<dt>paymentID</dt><dd><code>{info['payment_id']}</code></dd></dl>"
                        f"<p class=\"note\">The platform simulator sends PXP's notifications to the shop.</p>"
                        f"</main></body></html>")
                self.reply(200, "text/html; charset=utf-8", page.encode())

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with platform.lock:
                    platform.requests.append((self.path, body))
                self.reply(*platform.handle(self.path, self.headers.get("Authorization"), body))

        self.server = ThreadingHTTPServer(self.addr, Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    @staticmethod
    def field(xml: bytes, name: str) -> str:
        mm = re.search(rb"<(?:\w+:)?" + name.encode() + rb"(?:\s[^>]*)?>([^<]*)<", xml)
        return mm.group(1).decode() if mm else ""

    def payment_xml(self, mtid: str, state: Tuple[int, str, Optional[bool]], details: str = "") -> str:
        p = self.initiated[mtid]
        return m._payment_xml(merchant_id=p["merchant_id"], shop_id=p["shop_id"], mtid=mtid, payment_id=p["payment_id"],
                              amount_minor=p["amount_minor"], currency=p["currency"], state_key=state[0],
                              state_name=state[1], state_id=str(uuid.uuid4()), is_executed=state[2], details=details)

    def handle(self, path: str, auth: Optional[str], body: bytes) -> Tuple[int, str, bytes]:
        xml = "application/xml; charset=utf-8"
        if path.endswith("/initiatePayment") or path.endswith("/getPayments"):
            if self.credentials is None or not self.credentials.verify(auth):
                return 401, "text/plain", b"unauthorized"
        if path.endswith("/initiatePayment"):
            # read by the package: the amount in minor units of its currency, whatever its exponent
            req = cqr.parse_initiate_request(body)
            mtid = req["merchant_transaction_id"]
            info: Dict[str, Any] = {"mtid": mtid, "merchant_id": req["merchant_id"], "shop_id": req["shop_id"],
                                    "payment_id": str(uuid.uuid4()), "currency": req["currency"],
                                    "amount_minor": req["amount_minor"], "body": body}
            mode = self.initiate_mode
            if mode == "exception":
                return 422, xml, (f'<?xml version="1.0" encoding="utf-8"?><paymentServiceException xmlns="{m.NS}">'
                                  "<id>sim</id><errorCode>100</errorCode><errorMessage>general validation error"
                                  "</errorMessage></paymentServiceException>").encode()
            with self.lock:
                self.initiated[mtid] = info
                self.states.setdefault(mtid, (30, "RedirectURLCreated", False))
            if mode == "duplicate":
                state: Tuple[int, str, Optional[bool]] = (369, "DuplicatePaymentValidationFailed", False)
                return 200, xml, self.answer("initiatePaymentResponse", self.payment_xml(mtid, state))
            if mode == "failed":
                return 200, xml, self.answer("initiatePaymentResponse", self.payment_xml(mtid, (4, "InitiateErrorReportedByProvider", False)))
            return 200, xml, m.initiate_response(redirect_url=f"{self.base}/redirect/{info['payment_id']}",
                                                 merchant_id=info["merchant_id"], shop_id=info["shop_id"], mtid=mtid,
                                                 payment_id=info["payment_id"], amount_minor=info["amount_minor"],
                                                 currency=info["currency"], state_id=str(uuid.uuid4()))
        if path.endswith("/getPayments"):
            mtid = self.field(body, "merchantTransactionID")
            if mtid not in self.initiated:
                return 200, xml, m.get_payments_response([])
            return 200, xml, m.get_payments_response([self.payment_xml(mtid, self.states[mtid])])
        if path.endswith("/v2/payment/status"):
            req = json.loads(body)
            pid = req["general"]["payment_id"]
            if pid not in self.gate_status:
                return 200, "application/json", json.dumps({"status": "error", "code": "3061",
                                                            "message": "Transaction not found"}).encode()
            sum_minor, status = self.gate_status[pid]
            return 200, "application/json", self.gate.callback(pid, sum_minor, status, operation_id=900000 + len(pid))
        return 404, "text/plain", b"not found"

    @staticmethod
    def answer(root: str, payment: str) -> bytes:
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<{root} xmlns="{m.NS}" xmlns:xsi="{m.XSI}">'
                f"{payment}</{root}>").encode()

    def notification(self, of: str, state_key: int, state_name: str, is_executed: Optional[bool] = None,
                     **override: Any) -> bytes:
        """A notification for the payment initiated as merchantTransactionID ``of``; ``override``
        changes fields (then the simulated state is left as it was)."""
        mtid = of
        p = self.initiated[mtid]
        kw = dict(merchant_id=p["merchant_id"], shop_id=p["shop_id"], mtid=mtid, payment_id=p["payment_id"],
                  amount_minor=p["amount_minor"], currency=p["currency"], state_key=state_key, state_name=state_name,
                  state_id=str(uuid.uuid4()), is_executed=is_executed)
        kw.update(override)
        with self.lock:
            if not override:
                self.states[mtid] = (state_key, state_name, bool(is_executed))
        return m.notification(**kw)


class AdminReader:
    """Reads an order's status history from the OpenCart admin (sale/order.history)."""

    def __init__(self, base: str, user: str, password: str):
        self.base = base.rstrip("/") + "/"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        _st, _h, page = fetch("GET", self.base + "admin/index.php?route=common/login", opener=self.opener)
        tok = re.search(rb"login_token=([0-9a-zA-Z]+)", page)
        if not tok:
            raise RuntimeError("admin login page without login_token")
        _st, _h, data = fetch("POST", self.base + "admin/index.php?route=common/login.login&login_token=" + tok.group(1).decode(),
                             urllib.parse.urlencode({"username": user, "password": password}).encode(),
                             {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "qiwi-merchant-simulator"},
                             self.opener)
        mm = re.search(r"user_token=([0-9a-zA-Z]+)", json.loads(data).get("redirect", ""))
        if not mm:
            raise RuntimeError("admin login failed")
        self.token = mm.group(1)

    def history(self, order_id: int) -> List[str]:
        _st, _h, data = fetch("GET", self.base + f"admin/index.php?route=sale/order.history&user_token={self.token}&order_id={order_id}",
                             opener=self.opener)
        rows = re.findall(rb"<tr>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>([^<]*)</td>", data, re.S)
        return [re.sub(rb"<[^>]+>", b"", r[1]).decode().strip() for r in rows]

    def status(self, order_id: int) -> str:
        """The order's current status, as its admin page shows it selected (the history list is
        newest first by the second, so entries of the same second come in no fixed order)."""
        _st, _h, data = fetch("GET", self.base + f"admin/index.php?route=sale/order.info&user_token={self.token}&order_id={order_id}",
                             opener=self.opener)
        sel = re.search(rb'<select name="order_status_id" id="input-order-status".*?</select>', data, re.S)
        chosen = re.search(rb'<option value="\d+" selected>([^<]*)</option>', sel.group(0)) if sel else None
        return chosen.group(1).decode() if chosen else ""


def run(sim: Any) -> int:
    """The OpenCart scenario for ``python -m qiwi_merchant.simulator --target opencart``."""
    a = sim.args
    shop = ShopEndpoints(a.shop, sim.gate, a.notify_user, a.notify_password)
    admin = AdminReader(a.shop, a.admin_user, a.admin_password) if a.admin_user and a.admin_password else None
    platform = OpenCartPlatform(a.platform_listen, sim.gate, a.cqr_api_user, a.cqr_api_password).start()
    try:
        g = "opencart gate"
        order, amount = Storefront(a.shop).gate_order()
        sim.check(g, f"guest checkout -> success page shows order {order} and {amount} minor KZT", order > 0)
        st, doc = shop.account_check(sim.gate.verify_request(str(order)))
        sim.check(g, "verify order -> code 0 KZT", st == 200 and doc == {"code": 0, "currency": "KZT"}, f"{st} {doc}")
        st, doc = shop.account_check(sim.gate.verify_request("999999"))
        sim.check(g, "verify unknown order -> code 404", st == 200 and doc.get("code") == 404, f"{st} {doc}")
        st, doc = shop.account_check(sim.gate.check_deposit(str(order), amount + 100))
        sim.check(g, "check_deposit, another amount -> code 500", doc.get("code") == 500, f"{st} {doc}")
        st, doc = shop.account_check(sim.gate.check_deposit(str(order), amount))
        pid = doc.get("payment_id", "")
        sim.check(g, "check_deposit, the order total -> code 0 + payment_id", doc.get("code") == 0 and pid, f"{st} {doc}")
        cb = sim.gate.callback(pid, amount, operation_id=5001)
        sim.check(g, "success callback -> 200", shop.callback(cb) == 200)
        with ThreadPoolExecutor(8) as ex:
            sts = list(ex.map(lambda _: shop.callback(cb), range(8)))
        sim.check(g, "8 concurrent duplicates -> 200", all(s == 200 for s in sts), str(sts))
        forged = cb.replace(f'"amount":{amount}'.encode(), f'"amount":{amount + 1}'.encode(), 1)
        sim.check(g, "forged callback -> 400", shop.callback(forged) == 400)
        if admin:
            sim.check(g, "admin: order history ends in Processing", admin.status(order) == "Processing", str(admin.history(order)))

        c = "opencart cqr"
        r = Storefront(a.shop).checkout(CQR_CODE)
        url = r.get("redirect", "")
        sim.check(c, "guest checkout -> redirect to the PXP payment page", url.startswith(platform.base + "/redirect/"), str(r))
        if url:
            mtid = next(k for k, v in platform.initiated.items() if url.endswith(v["payment_id"]))
            corder = int(mtid.split("-")[0])
            st, _h, _d = fetch("GET", url)
            sim.check(c, f"PXP page for {mtid} answers", st == 200)
            sim.check(c, "wrong Basic password -> 401", shop.notify(platform.notification(mtid, 29, "DepositedByProvider", True), password="wrong")[0] == 401)
            sim.check(c, "pending (120) -> resultCode 0", shop.notify(platform.notification(mtid, 120, "PendingOnProvider")) == (200, 0))
            done = platform.notification(mtid, 29, "DepositedByProvider", True)
            sim.check(c, "completed (29) -> resultCode 0", shop.notify(done) == (200, 0))
            with ThreadPoolExecutor(4) as ex:
                res = list(ex.map(lambda _: shop.notify(done), range(4)))
            sim.check(c, "4 concurrent re-sends -> resultCode 0", all(x == (200, 0) for x in res), str(res))
            foreign = platform.notification(mtid, 29, "DepositedByProvider", True, merchant_id="SomeoneElse")
            sim.check(c, "foreign merchantID -> resultCode 2", shop.notify(foreign) == (200, 2))
            unknown = platform.notification(mtid, 29, "DepositedByProvider", True, mtid="999999-1")
            sim.check(c, "unknown merchantTransactionID -> resultCode 2", shop.notify(unknown) == (200, 2))
            sim.check(c, "malformed XML -> 400", shop.notify(b"<handlePaymentStateChangedNotificationRequest>")[0] == 400)
            if admin:
                sim.check(c, "admin: order history ends in Processing", admin.status(corder) == "Processing", str(admin.history(corder)))
        st, _h, _d = fetch("GET", shop.url("qiwi_merchant_gate.callback"))
        sim.check("opencart", "GET on a platform URL -> 405", st == 405)
        st, _h, _d = shop.post("qiwi_merchant_gate.callback", b"{" + b" " * (2 << 20) + b"}")
        sim.check("opencart", "2 MiB body -> 413", st == 413)
    finally:
        platform.stop()
    return int(sim.summary(f"Simulator summary (JetPay Gate + PXP against the OpenCart store at {a.shop})"))


class _Results:
    """check() / summary() for the standalone entry point (same output as the main simulator)."""

    def __init__(self, args: Any):
        self.args = args
        self.gate = m.GateSide(args.gate_secret, args.project_id)
        self.results: List[Tuple[str, str, bool, str]] = []

    def check(self, group: str, name: str, ok: Any, detail: str = "") -> Any:
        self.results.append((group, name, bool(ok), detail))
        return ok

    def summary(self, title: str) -> int:
        width = max((len(r[1]) for r in self.results), default=10)
        print(f"\n{title}")
        for group, name, ok, detail in self.results:
            print(f"  {group:13} {name:{width}}  {'ok' if ok else 'FAIL'}" + ("" if ok or not detail else f"  ({detail[:160]})"))
        failed = sum(1 for r in self.results if not r[2])
        print(f"\n{len(self.results) - failed} passed, {failed} failed")
        return failed


def main(argv: Optional[List[str]] = None) -> int:
    """``python -m qiwi_merchant.simulator.opencart`` (the same as ``--target opencart``)."""
    import argparse
    import os

    env = os.environ.get
    p = argparse.ArgumentParser(prog="python -m qiwi_merchant.simulator.opencart", description=__doc__.split("\n\n")[0])
    p.add_argument("--shop", default=env("OPENCART_URL", "http://127.0.0.1:" + env("PORT", "8080") + "/"))
    p.add_argument("--platform-listen", default=env("QIWI_MERCHANT_SIMULATOR_LISTEN", "127.0.0.1:8799"))
    p.add_argument("--gate-secret", default=env("QIWI_MERCHANT_GATE_SECRET"))
    p.add_argument("--project-id", type=int, default=int(env("QIWI_MERCHANT_GATE_PROJECT_ID", "111")))
    p.add_argument("--cqr-api-user", default=env("QIWI_MERCHANT_CQR_API_USER", ""))
    p.add_argument("--cqr-api-password", default=env("QIWI_MERCHANT_CQR_API_PASSWORD", ""))
    p.add_argument("--notify-user", default=env("QIWI_MERCHANT_CQR_NOTIFY_USER", ""))
    p.add_argument("--notify-password", default=env("QIWI_MERCHANT_CQR_NOTIFY_PASSWORD", ""))
    p.add_argument("--admin-user", default=env("OPENCART_ADMIN_USER"))
    p.add_argument("--admin-password", default=env("OPENCART_ADMIN_PASSWORD"))
    args = p.parse_args(argv)
    if not args.gate_secret:
        p.error("no Gate secret: set QIWI_MERCHANT_GATE_SECRET (the store's) or pass --gate-secret")
    return 1 if run(_Results(args)) else 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
