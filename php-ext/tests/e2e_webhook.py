#!/usr/bin/env python3
"""End-to-end test of php-ext/examples/webhook.php: starts `php -S` (4 workers) with the
extension loaded, sends real HTTP requests and checks status codes, bodies and the SQLite rows.

    python3 php-ext/tests/e2e_webhook.py path/to/qiwi_merchant.so

Signatures are computed here with hmac/hashlib (docs/gate.md's algorithm for simple messages),
independently of the extension. Standard library only.
"""

import base64
import concurrent.futures
import hashlib
import hmac
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WEBHOOK = os.path.join(ROOT, "php-ext", "examples", "webhook.php")
SEED_NOTIFICATION = os.path.join(ROOT, "tests", "vectors", "cqr", "seed_notification.xml")

SECRET = "e2e-gate-secret"
PROJECT = 4242
NOTIFY_USER, NOTIFY_PASSWORD = "pxp-e2e", "e2e:notify password"

checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        raise AssertionError(what)


def stamp(obj, prefix=""):
    items = []
    for k, v in obj.items():
        if k in ("signature", "frame_mode"):
            continue
        path = prefix + k.replace(":", "::")
        if isinstance(v, dict):
            items += stamp(v, path + ":")
        elif isinstance(v, bool):
            items.append((path, "1" if v else "0"))
        else:
            items.append((path, "" if v is None else str(v)))
    return items


def sign(obj):
    text = ";".join(f"{p}:{v}" for p, v in sorted(stamp(obj), key=lambda i: i[0].encode()))
    return base64.b64encode(hmac.new(SECRET.encode(), text.encode(), hashlib.sha512).digest()).decode()


def signed(obj):
    return json.dumps({**obj, "signature": sign(obj)}).encode()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, ext, db):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        env.update({
            "QIWI_MERCHANT_DB": db,
            "QIWI_MERCHANT_GATE_PROJECT_ID": str(PROJECT),
            "QIWI_MERCHANT_GATE_SECRET": SECRET,
            "QIWI_MERCHANT_CQR_MERCHANT_ID": "E2EMerchant",
            "QIWI_MERCHANT_CQR_SHOP_ID": "E2EShop",
            "QIWI_MERCHANT_CQR_NOTIFY_USER": NOTIFY_USER,
            "QIWI_MERCHANT_CQR_NOTIFY_PASSWORD": NOTIFY_PASSWORD,
            "PHP_CLI_SERVER_WORKERS": "4",
        })
        env.pop("QIWI_MERCHANT_CQR_ALLOWED_IPS", None)
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            ["php", "-d", f"extension={ext}", "-d", "display_errors=stderr", "-S", f"127.0.0.1:{self.port}", WEBHOOK],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 20
        while True:
            try:
                if self.get("/shop/customers/demo-1/balance/")[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                self.stop()
                raise RuntimeError("php -S did not become ready:\n" + self.output())
            time.sleep(0.1)

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)  # the server and its workers (own session)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait()

    def request(self, method, path, body=None, headers=None):
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=20) as r:
                return r.status, r.read(), dict(r.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read(), dict(e.headers)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, body, headers=None):
        return self.request("POST", path, body, {"Content-Type": "application/json", **(headers or {})})


def balance(srv, customer):
    status, body, _ = srv.get(f"/shop/customers/{customer}/balance/")
    check(status == 200, f"balance status {status}")
    data = json.loads(body)
    check(data["customer_id"] == customer and data["currency"] == "KZT", f"balance body {data}")
    return data["balance"]


def run(srv, db):
    # --- Gate account check
    st, body, hdr = srv.post("/qiwi/gate/account-check/", signed({"type": "verify", "project_id": PROJECT, "customer_id": "demo-1"}))
    check(st == 200 and json.loads(body) == {"code": 0, "currency": "KZT"}, f"verify: {st} {body}")
    check(hdr.get("Content-Type", "").startswith("application/json"), f"content type {hdr}")
    st, body, _ = srv.post("/qiwi/gate/account-check/", signed({"type": "verify", "project_id": PROJECT, "customer_id": "nobody"}))
    check(st == 200 and json.loads(body)["code"] == 404, f"verify unknown: {st} {body}")
    st, body, _ = srv.post("/qiwi/gate/account-check/", json.dumps({"type": "verify", "project_id": PROJECT, "customer_id": "demo-1", "signature": "AAAA"}).encode())
    check(st == 200 and json.loads(body) == {"code": 400, "message": "signature is invalid"}, f"verify bad sig: {st} {body}")
    st, body, _ = srv.post("/qiwi/gate/account-check/", signed({"type": "check_deposit", "project_id": PROJECT, "customer_id": "demo-1",
                                                                 "amount": 10000, "currency": "KZT", "payment_method": "qiwi-kz"}))
    ans = json.loads(body)
    check(st == 200 and ans["code"] == 0 and ans["payment_id"].startswith("qm-"), f"check_deposit: {st} {body}")
    pid = ans["payment_id"]
    check(balance(srv, "demo-1") == 0, "nothing credited at check_deposit")

    # --- Gate callback, the same callback again, a bad signature
    cb = {"project_id": PROJECT, "payment": {"id": pid, "type": "purchase", "status": "success", "sum": {"amount": 10000, "currency": "KZT"}},
          "account": {"number": "demo-1"}, "customer": {"id": "demo-1"},
          "operation": {"id": 36425000001206999, "type": "sale", "status": "success", "code": "0", "message": "Success"}}
    body_cb = signed(cb)
    st, body, _ = srv.post("/qiwi/gate/callback/", body_cb)
    check(st == 200 and json.loads(body)["decision"] == "apply", f"callback: {st} {body}")
    check(balance(srv, "demo-1") == 10000, "credited once")
    st, body, _ = srv.post("/qiwi/gate/callback/", body_cb)
    check(st == 200 and json.loads(body)["decision"] == "duplicate", f"callback again: {st} {body}")
    check(balance(srv, "demo-1") == 10000, "not credited twice")
    bad = json.loads(body_cb)
    bad["payment"]["sum"]["amount"] = 99999999
    st, body, _ = srv.post("/qiwi/gate/callback/", json.dumps(bad).encode())
    check(st == 400 and json.loads(body)["error"] == "signature_mismatch", f"bad signature: {st} {body}")
    st, body, _ = srv.post("/qiwi/gate/callback/", json.dumps(cb).encode())
    check(st == 400 and json.loads(body)["error"] == "missing_signature", f"no signature: {st} {body}")
    check(balance(srv, "demo-1") == 10000, "bad deliveries change nothing")

    # --- the same new callback delivered concurrently: applied exactly once
    st, body, _ = srv.post("/qiwi/gate/account-check/", signed({"type": "check_deposit", "project_id": PROJECT, "customer_id": "demo-3",
                                                                 "amount": 500, "currency": "KZT", "payment_method": "qiwi-kz"}))
    pid3 = json.loads(body)["payment_id"]
    cb3 = signed({"project_id": PROJECT, "payment": {"id": pid3, "status": "success", "sum": {"amount": 500, "currency": "KZT"}}})
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: srv.post("/qiwi/gate/callback/", cb3), range(16)))
    decisions = sorted(json.loads(b)["decision"] for s, b, _ in results if s == 200)
    check(len(decisions) == 16 and decisions.count("apply") == 1 and decisions.count("duplicate") == 15, f"concurrent: {results}")
    check(balance(srv, "demo-3") == 500, "concurrent deliveries credited once")

    # --- CQR: an order, then its notification without/with wrong/with valid Basic auth, twice
    st, body, _ = srv.post("/shop/cqr/orders/", json.dumps({"customer_id": "demo-2", "amount_minor": 99950, "currency": "KZT"}).encode())
    order = json.loads(body)
    check(st == 201 and order["initiate_xml"].startswith("<?xml"), f"order: {st} {body}")
    xml = open(SEED_NOTIFICATION, encoding="utf-8").read()
    xml = re.sub(r"<merchantID>[^<]*</merchantID>", "<merchantID>E2EMerchant</merchantID>", xml)
    xml = re.sub(r"<shopID>[^<]*</shopID>", "<shopID>E2EShop</shopID>", xml)
    xml = re.sub(r"<merchantTransactionID>[^<]*</merchantTransactionID>", f"<merchantTransactionID>{order['merchant_transaction_id']}</merchantTransactionID>", xml)
    xml = re.sub(r'<amount currencyCode="USD">[^<]*</amount>', '<amount currencyCode="KZT">999.50</amount>', xml)
    xml = re.sub(r"<shopFee [^>]*>[^<]*</shopFee>", "", xml).encode()
    good = "Basic " + base64.b64encode(f"{NOTIFY_USER}:{NOTIFY_PASSWORD}".encode()).decode()
    wrong = "Basic " + base64.b64encode(f"{NOTIFY_USER}:nope".encode()).decode()
    xml_headers = {"Content-Type": "application/xml"}
    st, body, hdr = srv.post("/qiwi/cqr/notification/", xml, xml_headers)
    check(st == 401 and hdr.get("WWW-Authenticate", "").startswith("Basic"), f"no auth: {st} {hdr}")
    st, body, _ = srv.post("/qiwi/cqr/notification/", xml, {**xml_headers, "Authorization": wrong})
    check(st == 401, f"wrong auth: {st}")
    check(balance(srv, "demo-2") == 0, "unauthenticated notifications change nothing")
    for attempt in (1, 2):
        st, body, hdr = srv.post("/qiwi/cqr/notification/handlePaymentStateChangedNotification", xml, {**xml_headers, "Authorization": good})
        check(st == 200 and b"<key>0</key><value>ProcessedSuccessfully</value>" in body, f"notification {attempt}: {st} {body}")
        check(hdr.get("Content-Type", "").startswith("application/xml"), f"ack content type {hdr}")
        check(balance(srv, "demo-2") == 99950, f"CQR credited once (attempt {attempt})")
    st, body, _ = srv.post("/qiwi/cqr/notification/", b"<notxml", {**xml_headers, "Authorization": good})
    check(st == 400, f"malformed notification: {st}")
    unknown = xml.replace(order["merchant_transaction_id"].encode(), b"ord-unknown").replace(b"0142948b-", b"0142948c-")
    st, body, _ = srv.post("/qiwi/cqr/notification/", unknown, {**xml_headers, "Authorization": good})
    check(st == 200 and b"<key>2</key><value>UnknownState</value>" in body, f"unknown order: {st} {body}")
    st, _, _ = srv.get("/qiwi/gate/callback/")
    check(st == 405, "GET on a webhook is 405")

    # --- the SQLite rows
    con = sqlite3.connect(db)
    rows = dict(con.execute("SELECT payment_id, outcome FROM deposits").fetchall())
    check(rows[pid] == "completed" and rows[pid3] == "completed" and rows[order["merchant_transaction_id"]] == "completed", f"deposits {rows}")
    n = con.execute("SELECT COUNT(*) FROM processed WHERE payment_id = ?", (pid,)).fetchone()[0]
    check(n == 1, f"processed rows for {pid}: {n}")
    n = con.execute("SELECT COUNT(*) FROM processed WHERE payment_id = ?", (pid3,)).fetchone()[0]
    check(n == 1, f"processed rows for {pid3}: {n}")
    n = con.execute("SELECT COUNT(*) FROM processed WHERE source = 'cqr'").fetchone()[0]
    check(n == 1, f"processed cqr rows: {n}")
    balances = dict(con.execute("SELECT customer_id, balance FROM customers").fetchall())
    check(balances == {"demo-1": 10000, "demo-2": 99950, "demo-3": 500, "demo-4": 0, "demo-5": 0}, f"balances {balances}")
    n400 = con.execute("SELECT COUNT(*) FROM deliveries WHERE status = 400").fetchone()[0]
    check(n400 == 3, f"deliveries answered 400: {n400}")
    con.close()


def main():
    ext = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "php-ext", "modules", "qiwi_merchant.so"))
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "shop.sqlite3")
        srv = Server(ext, db)
        try:
            run(srv, db)
        except Exception:
            print(srv.output(), file=sys.stderr)
            raise
        finally:
            srv.stop()
    print(f"e2e webhook: {checks} checks passed")


if __name__ == "__main__":
    main()
