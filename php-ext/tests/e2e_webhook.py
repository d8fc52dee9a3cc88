#!/usr/bin/env python3
"""End-to-end test of php-ext/examples/webhook.php: starts `php -S` (4 workers) with the
extension loaded, sends real HTTP requests and checks status codes, bodies and the SQLite rows.
The settlement vectors (tests/vectors/settlement/) run through the webhook's real storage: each
case's record is seeded (`php webhook.php seed`), each step delivered over HTTP (status answers
and getPayments answers served by a fake Gate / PXP), and the answer, the stored record fields,
the flag and the ledger rows are compared with the vector.

    python3 php-ext/tests/e2e_webhook.py path/to/qiwi_merchant.so

Signatures are computed here with hmac/hashlib (docs/gate.md's algorithm for simple messages),
independently of the extension. Standard library only.
"""

import base64
import concurrent.futures
import hashlib
import hmac
import http.server
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
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
DEMO_TOKEN = "e2e-demo-token"
DEMO_AUTH = {"Authorization": f"Bearer {DEMO_TOKEN}"}
MAX_BODY_BYTES = 1024 * 1024  # the core's default body limit, webhook.php's MAX_BODY_BYTES

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


def sign(obj, secret=SECRET):
    text = ";".join(f"{p}:{v}" for p, v in sorted(stamp(obj), key=lambda i: i[0].encode()))
    return base64.b64encode(hmac.new(secret.encode(), text.encode(), hashlib.sha512).digest()).decode()


def signed(obj, secret=SECRET):
    return json.dumps({**obj, "signature": sign(obj, secret)}).encode()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, ext, db, **overrides):
        """overrides: environment changes (None removes a variable)."""
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("QIWI_MERCHANT_")}
        env.update({
            "QIWI_MERCHANT_DB": db,
            "QIWI_MERCHANT_GATE_PROJECT_ID": str(PROJECT),
            "QIWI_MERCHANT_GATE_SECRET": SECRET,
            "QIWI_MERCHANT_CQR_MERCHANT_ID": "E2EMerchant",
            "QIWI_MERCHANT_CQR_SHOP_ID": "E2EShop",
            "QIWI_MERCHANT_CQR_NOTIFY_USER": NOTIFY_USER,
            "QIWI_MERCHANT_CQR_NOTIFY_PASSWORD": NOTIFY_PASSWORD,
            "QIWI_MERCHANT_DEMO_TOKEN": DEMO_TOKEN,
            "PHP_CLI_SERVER_WORKERS": "4",
        })
        for k, v in overrides.items():
            if v is None:
                env.pop(k, None)
            else:
                env[k] = v
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            ["php", "-d", f"extension={ext}", "-d", "display_errors=stderr", "-S", f"127.0.0.1:{self.port}", WEBHOOK],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 20
        while True:
            try:
                if self.get("/shop/customers/demo-1/balance/")[0] in (200, 401, 404):
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

    def get(self, path, headers=None):
        return self.request("GET", path, None, {**(DEMO_AUTH if path.startswith("/shop/") else {}), **(headers or {})})

    def post(self, path, body, headers=None):
        demo = DEMO_AUTH if path.startswith("/shop/") else {}
        return self.request("POST", path, body, {"Content-Type": "application/json", **demo, **(headers or {})})

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if exc[0] is not None:
            print(self.output(), file=sys.stderr)
        self.stop()


def post_chunked(srv, path, body):
    """POST without Content-Length (Transfer-Encoding: chunked); returns the status code."""
    with socket.create_connection(("127.0.0.1", srv.port), timeout=20) as s:
        s.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                  "Content-Type: application/json\r\nConnection: close\r\n\r\n".encode())
        for i in range(0, len(body), 65536):
            chunk = body[i:i + 65536]
            s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
        s.sendall(b"0\r\n\r\n")
        answer = b""
        while True:
            data = s.recv(65536)
            if not data:
                break
            answer += data
    return int(answer.split(b" ", 2)[1])


def no_trace(body):
    """No PHP error text or stack trace in a response."""
    text = body.decode(errors="replace")
    return not any(w in text for w in ("Fatal error", "Stack trace", "Uncaught", "Warning:", "#0 ", ".php"))


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
    attempt = re.search(rb"<paymentID>([^<]*)</paymentID>", xml).group(1).decode()
    st, body, _ = srv.post(f"/shop/cqr/orders/{order['merchant_transaction_id']}/attempt/", json.dumps({"payment_id": attempt}).encode())
    check(st == 200 and json.loads(body) == {"merchant_transaction_id": order["merchant_transaction_id"], "status": "pending",
                                              "payment_id": attempt}, f"bind the attempt: {st} {body}")
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
    st, body, _ = srv.post(f"/shop/cqr/orders/{order['merchant_transaction_id']}/attempt/", b'{"payment_id":"another"}')
    check(st == 409 and json.loads(body)["path"] == "status", f"a paid order starts no other attempt: {st} {body}")
    st, body, _ = srv.post("/qiwi/cqr/notification/", b"<notxml", {**xml_headers, "Authorization": good})
    check(st == 400, f"malformed notification: {st}")
    unknown = xml.replace(order["merchant_transaction_id"].encode(), b"ord-unknown").replace(b"0142948b-", b"0142948c-")
    st, body, _ = srv.post("/qiwi/cqr/notification/", unknown, {**xml_headers, "Authorization": good})
    check(st == 200 and b"<key>2</key><value>UnknownState</value>" in body, f"unknown order: {st} {body}")
    st, _, _ = srv.get("/qiwi/gate/callback/")
    check(st == 405, "GET on a webhook is 405")

    # --- a library exception inside a transaction: rolled back, the documented answer, no trace
    st, body, _ = srv.post("/shop/cqr/orders/", json.dumps({"customer_id": "demo-4", "amount_minor": 99950}).encode())
    order4 = json.loads(body)["merchant_transaction_id"]
    xml4 = xml.replace(order["merchant_transaction_id"].encode(), order4.encode()).replace(b"0142948b-", b"0142948d-")
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE payments SET currency = 'K1' WHERE source = 'cqr' AND payment_id = ?", (order4,))  # the engine refuses the order
    st, body, _ = srv.post("/qiwi/cqr/notification/", xml4, {**xml_headers, "Authorization": good})
    check(st == 200 and b"<key>10</key><value>ErrorProcessingEvent</value>" in body and no_trace(body),
          f"library exception in the CQR transaction: {st} {body}")
    with con:
        con.execute("UPDATE payments SET currency = 'KZT' WHERE source = 'cqr' AND payment_id = ?", (order4,))
    st, body, _ = srv.post("/qiwi/cqr/notification/", xml4, {**xml_headers, "Authorization": good})
    check(st == 200 and b"<key>0</key>" in body, f"the rolled-back notification applies on retry: {st} {body}")
    check(balance(srv, "demo-4") == 99950, "credited once, after the retry")
    with con:
        con.execute("UPDATE customers SET currency = 'K1' WHERE customer_id = 'demo-5'")  # verifyOk throws
    st, body, _ = srv.post("/qiwi/gate/account-check/", signed({"type": "verify", "project_id": PROJECT, "customer_id": "demo-5"}))
    check(st == 503 and json.loads(body) == {"error": "temporarily unavailable"} and no_trace(body),
          f"library exception in the account-check transaction: {st} {body}")
    with con:
        con.execute("UPDATE customers SET currency = 'KZT' WHERE customer_id = 'demo-5'")
    con.close()

    # --- bodies over the core's limit: 413 before anything is stored
    con = sqlite3.connect(db)
    deliveries = con.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
    big = signed(cb)[:-1] + b',"padding":"'
    big += b"x" * (2 * MAX_BODY_BYTES - len(big) - 2) + b'"}'
    check(len(big) == 2 * MAX_BODY_BYTES, "2 MiB body")
    st, body, _ = srv.post("/qiwi/gate/callback/", big)
    check(st == 413, f"2 MiB callback: {st} {body[:200]}")
    st, _, _ = srv.post("/qiwi/gate/account-check/", big)
    check(st == 413, f"2 MiB account check: {st}")
    st, _, _ = srv.post("/qiwi/cqr/notification/", b"<a>" + b" " * (2 * MAX_BODY_BYTES), {**xml_headers, "Authorization": good})
    check(st == 413, f"2 MiB notification: {st}")
    check(post_chunked(srv, "/qiwi/gate/callback/", big) == 413, "2 MiB chunked callback (no Content-Length): bounded read")
    st, _, _ = srv.post("/qiwi/gate/callback/", b" " * MAX_BODY_BYTES)
    check(st == 400, f"a body at the limit is read (and rejected as malformed): {st}")
    n = con.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
    check(n == deliveries + 1, f"only the body at the limit was stored: {deliveries} -> {n}")
    con.close()

    # --- the demo token
    for path, method in (("/shop/customers/demo-1/balance/", "GET"), ("/shop/cqr/orders/", "POST")):
        for auth in (None, "", "Bearer wrong", f"Basic {DEMO_TOKEN}", f"Bearer {DEMO_TOKEN}x"):
            st, body, hdr = srv.request(method, path, b"{}" if method == "POST" else None,
                                        {} if auth is None else {"Authorization": auth})
            check(st == 401 and hdr.get("WWW-Authenticate", "").startswith("Bearer"), f"{method} {path} with {auth!r}: {st}")

    # --- the SQLite rows
    con = sqlite3.connect(db)
    rows = dict(con.execute("SELECT payment_id, status FROM payments").fetchall())
    check(rows[pid] == "completed" and rows[pid3] == "completed" and rows[order["merchant_transaction_id"]] == "completed", f"payments {rows}")
    ledger = con.execute("SELECT payment_id, kind, amount FROM ledger ORDER BY id").fetchall()
    check(ledger == [(pid, "credit", 10000), (pid3, "credit", 500), (order["merchant_transaction_id"], "credit", 99950), (order4, "credit", 99950)],
          f"one ledger row per credit (demo-4's after its rolled-back first delivery): {ledger}")
    n = con.execute("SELECT COUNT(*) FROM settlements WHERE payment_id = ? AND action = 'duplicate'", (pid3,)).fetchone()[0]
    check(n == 15, f"the 15 concurrent duplicates are stored as such: {n}")
    balances = dict(con.execute("SELECT customer_id, balance FROM customers").fetchall())
    check(balances == {"demo-1": 10000, "demo-2": 99950, "demo-3": 500, "demo-4": 99950, "demo-5": 0}, f"balances {balances}")
    n400 = con.execute("SELECT COUNT(*) FROM deliveries WHERE status = 400").fetchone()[0]
    check(n400 == 4, f"deliveries answered 400: {n400}")
    con.close()


def run_secure_defaults(ext, tmp):
    """Servers started without secrets / CQR / the demo token, and with an IP allow-list."""
    verify = signed({"type": "verify", "project_id": PROJECT, "customer_id": "demo-1"})
    db = os.path.join(tmp, "defaults.sqlite3")
    with Server(ext, db, QIWI_MERCHANT_GATE_SECRET=None, QIWI_MERCHANT_DEMO_TOKEN=None,
                QIWI_MERCHANT_CQR_NOTIFY_USER=None, QIWI_MERCHANT_CQR_NOTIFY_PASSWORD=None) as srv:
        for path in ("/qiwi/gate/account-check/", "/qiwi/gate/callback/"):
            st, body, _ = srv.post(path, verify)
            check(st == 503 and b"QIWI_MERCHANT_GATE_SECRET is not set" in body and no_trace(body), f"no secret, {path}: {st} {body}")
        st, body, hdr = srv.post("/qiwi/cqr/notification/", b"<x/>", {"Authorization": "Basic " + base64.b64encode(b":").decode()})
        check(st == 401 and hdr.get("WWW-Authenticate", "").startswith("Basic"), f"CQR off: notification {st} {body}")
        for path, method in (("/shop/customers/demo-1/balance/", "GET"), ("/shop/cqr/orders/", "POST")):
            st, _, _ = srv.request(method, path, b"{}" if method == "POST" else None, DEMO_AUTH)
            check(st == 404, f"no demo token: {method} {path} is off: {st}")
    with Server(ext, db, QIWI_MERCHANT_CQR_NOTIFY_USER=None, QIWI_MERCHANT_CQR_NOTIFY_PASSWORD=None) as srv:
        st, body, _ = srv.post("/shop/cqr/orders/", json.dumps({"customer_id": "demo-2", "amount_minor": 100}).encode())
        check(st == 404 and b"CQR is disabled" in body, f"CQR off: order {st} {body}")
    with Server(ext, db, QIWI_MERCHANT_CQR_NOTIFY_PASSWORD=None) as srv:
        st, body, _ = srv.post("/qiwi/cqr/notification/", b"<x/>")
        check(st == 503 and b"QIWI_MERCHANT_CQR_NOTIFY_PASSWORD is not set" in body, f"half the CQR credentials: {st} {body}")

    # the allow-list through the core's proxy-aware decision (Cqr\ipDecide)
    good = {"Content-Type": "application/xml", "Authorization": "Basic " + base64.b64encode(b"x:y").decode()}
    with Server(ext, db, QIWI_MERCHANT_CQR_ALLOWED_IPS="195.69.175.15") as srv:  # no trusted proxy
        st, _, _ = srv.post("/qiwi/cqr/notification/", b"<x/>", {**good, "X-Forwarded-For": "195.69.175.15"})
        check(st == 403, f"forwarding header from an untrusted peer is ignored: {st}")
    with Server(ext, db, QIWI_MERCHANT_CQR_ALLOWED_IPS="195.69.175.15", QIWI_MERCHANT_TRUSTED_PROXIES="127.0.0.1") as srv:
        st, _, _ = srv.post("/qiwi/cqr/notification/", b"<x/>", {**good, "X-Forwarded-For": "195.69.175.15"})
        check(st == 401, f"allowed client behind a trusted proxy reaches the Basic check: {st}")
        st, _, _ = srv.post("/qiwi/cqr/notification/", b"<x/>", {**good, "X-Forwarded-For": "203.0.113.9"})
        check(st == 403, f"other client behind a trusted proxy: {st}")
        st, _, _ = srv.post("/qiwi/cqr/notification/", b"<x/>", {**good, "X-Forwarded-For": "195.69.175.15, 203.0.113.9"})
        check(st == 403, f"right-most untrusted entry decides: {st}")
        st, _, _ = srv.post("/qiwi/cqr/notification/", b"<x/>", good)
        check(st == 403, f"the proxy itself is not allowed: {st}")
    with Server(ext, db, QIWI_MERCHANT_CQR_ALLOWED_IPS="not-an-ip") as srv:
        st, body, _ = srv.post("/qiwi/cqr/notification/", b"<x/>", good)
        check(st == 503 and no_trace(body), f"bad allow-list: {st} {body}")

    # make php-shop refuses to start without the secret (checked before building anything)
    env = {k: v for k, v in os.environ.items() if not k.startswith("QIWI_MERCHANT_")}
    r = subprocess.run([os.path.join(ROOT, "scripts", "php-ext.sh"), "shop"], env=env, capture_output=True, text=True, timeout=60)
    check(r.returncode == 1 and "QIWI_MERCHANT_GATE_SECRET is not set" in r.stderr, f"php-ext.sh shop: {r.returncode} {r.stderr}")


# --- the settlement vectors through the webhook's storage

VECTORS = os.path.join(ROOT, "tests", "vectors", "settlement")
GATE_STATUS_PATH = "/v2/payment/status"  # Gate\STATUS_PATH
BALANCE_SIGN = {"credit": 1, "debit": -1, "payout_paid": -1, "payout_returned": 1}  # webhook.php's receivers
API_USER, API_PASSWORD = "pxp-api", "api: password"


class FakePlatform:
    """Gate's status endpoint (/gate/v2/payment/status) and PXP's getPayments (/cqr/getPayments):
    each POST is answered with the next queued body for its path; none queued: 503, empty body."""

    def __init__(self):
        self.queue = {"/gate" + GATE_STATUS_PATH: [], "/cqr/getPayments": []}
        self.requests = []
        platform = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                platform.requests.append((self.path, dict(self.headers), body))
                queued = platform.queue.get(self.path)
                answer = queued.pop(0).encode() if queued else b""
                self.send_response(200 if answer else 503)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self, path, body):
        self.queue[path].append(body)

    def drained(self):
        return all(not q for q in self.queue.values())

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def seed(ext, db, source, payment_id, customer, record):
    doc = json.dumps({"source": source, "payment_id": payment_id, "customer_id": customer, "record": record})
    env = {k: v for k, v in os.environ.items() if not k.startswith("QIWI_MERCHANT_")}
    r = subprocess.run(["php", "-d", f"extension={ext}", WEBHOOK, "seed"], input=doc, env={**env, "QIWI_MERCHANT_DB": db},
                       capture_output=True, text=True, timeout=60)
    check(r.returncode == 0, f"seed {source} {payment_id}: {r.returncode} {r.stdout} {r.stderr}")


def stored(db, source, payment_id):
    """(record as the engine's document or None, flag code, ledger rows, customer balance, last settlement)."""
    con = sqlite3.connect(db)
    try:
        row = con.execute("SELECT kind, status, amount, currency, credited, debited, applied, raw_status, pxp_payment_id, flag_code, "
                          "flagged, customer_id FROM payments WHERE source = ? AND payment_id = ?", (source, payment_id)).fetchone()
        ledger = [dict(zip(("kind", "amount", "currency", "idempotency_key"), r)) for r in con.execute(
            "SELECT kind, amount, currency, idempotency_key FROM ledger WHERE source = ? AND payment_id = ? ORDER BY id", (source, payment_id))]
        last = con.execute("SELECT id, action, reason_code FROM settlements WHERE source = ? AND payment_id = ? ORDER BY id DESC LIMIT 1",
                           (source, payment_id)).fetchone()
        if row is None:
            return None, None, ledger, None, last
        kind, status, amount, currency, credited, debited, applied, raw_status, bound, flag_code, flagged, customer = row
        check(flag_code is None or flagged, f"a flag without its reason: {row}")
        record = {"status": status, "amount": amount, "currency": currency, "credited": credited, "debited": debited}
        if source == "gate":
            record = {"kind": kind, **record, "applied_operations": json.loads(applied), "raw_status": raw_status}
        else:
            record = {**record, "payment_id": bound, "applied_keys": json.loads(applied)}
        balance = con.execute("SELECT balance FROM customers WHERE customer_id = ?", (customer,)).fetchone()[0]
        return record, flag_code, ledger, balance, last
    finally:
        con.close()


def exact(a, b):
    """Equal, with bools and ints not confused (1 == True in Python)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(exact(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(exact(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def storage_fails(db, on):
    """A trigger that makes every settlement insert fail (the webhook's transaction rolls back)."""
    con = sqlite3.connect(db)
    with con:
        con.execute("DROP TRIGGER IF EXISTS e2e_storage_fails")
        if on:
            con.execute("CREATE TRIGGER e2e_storage_fails BEFORE INSERT ON settlements BEGIN SELECT RAISE(ABORT, 'e2e: storage failed'); END")
    con.close()


def deliver(srv, platform, source, payment_id, step, storage_message):
    """Delivers one step over HTTP; returns (http status, the answer's action, reason_code, result_code)."""
    xml_auth = {"Content-Type": "application/xml",
                "Authorization": "Basic " + base64.b64encode(f"{NOTIFY_USER}:{NOTIFY_PASSWORD}".encode()).decode()}
    if "callback" in step or (source == "gate" and step.get("storage_failed")):
        body = step["callback"].encode() if "callback" in step else storage_message
        st, answer, _ = srv.post("/qiwi/gate/callback/", body)
        a = json.loads(answer)
        return st, a["decision"], a["reason_code"], None
    if "status_answer" in step:
        platform.take("/gate" + GATE_STATUS_PATH, step["status_answer"])
        before = len(platform.requests)
        st, answer, _ = srv.post(f"/shop/gate/payments/{payment_id}/check/", b"")
        sent = [r for r in platform.requests[before:] if r[0] == "/gate" + GATE_STATUS_PATH]
        check(len(sent) == 1 and json.loads(sent[0][2])["general"]["payment_id"] == payment_id, f"status request {sent}")
        a = json.loads(answer)
        return st, a["decision"], a["reason_code"], None
    if "poll" in step:
        platform.take("/cqr/getPayments", step["poll"])
        st, answer, _ = srv.post(f"/shop/cqr/orders/{payment_id}/check/", b"")
        a = json.loads(answer)
        return st, a["decision"], a["reason_code"], a["result_code"]
    if "get_payments" in step:
        platform.take("/cqr/getPayments", step["get_payments"])
    body = step["notification"].encode() if "notification" in step else storage_message
    st, answer, hdr = srv.post("/qiwi/cqr/notification/", body, xml_auth)
    check(hdr.get("Content-Type", "").startswith("application/xml"), f"ack content type {hdr}")
    code = re.search(rb"<resultCode><key>(\d+)</key>", answer)
    return st, None, None, int(code.group(1)) if code else answer


def run_settlement_case(ext, db, srv, platform, source, case, number, payment_id, storage_message):
    customer = f"vec-{source}-{number}"
    first = case["record" if source == "gate" else "order"]
    seed(ext, db, source, payment_id, customer, first)
    record = first
    for i, step in enumerate(case["steps"]):
        what = f"{source} {case['name']} step {i}"
        expect = step["expect"]
        before_record, before_flag, before_ledger, before_balance, before_last = stored(db, source, payment_id)
        check(exact(before_record, record), f"{what}: the stored record is the previous decision's: {before_record} != {record}")
        storage_fails(db, step.get("storage_failed", False))
        try:
            st, action, reason_code, result_code = deliver(srv, platform, source, payment_id, step, storage_message)
        finally:
            storage_fails(db, False)
        check(platform.drained(), f"{what}: the webhook fetched every answer provided (and only those): {platform.queue}")
        check(st == expect["http_status"], f"{what}: HTTP {st}, want {expect['http_status']}")
        if action is not None:
            check(action == expect["action"] and reason_code == expect["reason_code"], f"{what}: answered {action} {reason_code}")
        if "result_code" in expect:
            check(result_code == expect["result_code"], f"{what}: resultCode {result_code}, want {expect['result_code']}")
        got_record, flag, ledger, balance, last = stored(db, source, payment_id)
        check(exact(got_record, expect["record"]), f"{what}: stored {got_record}, want {expect['record']}")
        new_rows = ledger[len(before_ledger):]
        check(ledger[:len(before_ledger)] == before_ledger and exact(new_rows, expect["effects"]),
              f"{what}: ledger rows {new_rows}, want {expect['effects']}")
        if got_record is not None:
            delta = sum(BALANCE_SIGN[e["kind"]] * e["amount"] for e in expect["effects"])
            check(balance - (before_balance or 0) == delta, f"{what}: balance {before_balance} -> {balance}, want {delta:+}")
            check(balance == sum(BALANCE_SIGN[e["kind"]] * e["amount"] for e in ledger), f"{what}: balance {balance} != ledger {ledger}")
            want_flag = expect["reason_code"] if expect["action"] == "flag" else before_flag
            check(flag == want_flag, f"{what}: flag {flag}, want {want_flag}")
        if expect["action"] == "retry" and expect["reason_code"] == "storage_failed":
            check(last == before_last, f"{what}: a failed transaction stores no settlement: {last}")
        else:
            check(last is not None and last != before_last and last[1:] == (expect["action"], expect["reason_code"]),
                  f"{what}: settlement row {last}, want {expect['action']} {expect['reason_code']}")
        record = expect["record"]
    return len(case["steps"])


def run_settlement_vectors(ext, tmp):
    gate = json.load(open(os.path.join(VECTORS, "gate.json"), encoding="utf-8"))
    cqr = json.load(open(os.path.join(VECTORS, "cqr.json"), encoding="utf-8"))
    shops = {(c["settings"]["merchant_id"], c["settings"]["shop_id"]) for c in cqr["cases"]}
    check(len(shops) == 1, f"one merchant/shop in cqr.json: {shops}")
    (merchant, shop), = shops
    db = os.path.join(tmp, "settlement.sqlite3")
    platform = FakePlatform()
    env = dict(QIWI_MERCHANT_GATE_SECRET=gate["secret"], QIWI_MERCHANT_GATE_PROJECT_ID=str(gate["project_id"]),
               QIWI_MERCHANT_GATE_BASE_URL=platform.base + "/gate", QIWI_MERCHANT_CQR_BASE_URL=platform.base + "/cqr/",
               QIWI_MERCHANT_CQR_MERCHANT_ID=merchant, QIWI_MERCHANT_CQR_SHOP_ID=shop,
               QIWI_MERCHANT_CQR_API_USER=API_USER, QIWI_MERCHANT_CQR_API_PASSWORD=API_PASSWORD)
    # what a storage_failed step delivers: a message that would change the record
    def gate_storage_message(record, payment_id):
        return signed({"project_id": gate["project_id"], "payment": {"id": payment_id, "status": "success",
                       "sum": {"amount": record["amount"], "currency": record["currency"]}}}, gate["secret"])
    cqr_storage_message = next(s["notification"] for c in cqr["cases"] for s in c["steps"]
                               if "notification" in s and s["expect"]["action"] == "apply"
                               and s["expect"]["reason_code"] == "completed").encode()
    steps = 0
    try:
        with Server(ext, db, **env) as plain, Server(ext, db, **env, QIWI_MERCHANT_CQR_CONFIRM="1") as confirming:
            for n, case in enumerate(gate["cases"]):
                ids = [json.loads(s.get("callback") or s["status_answer"]).get("payment", {}).get("id")
                       for s in case["steps"] if "callback" in s or "status_answer" in s]
                payment_id = next((i for i in ids if i), "dep-1")
                message = gate_storage_message(case["record"], payment_id) if case["record"] else None
                steps += run_settlement_case(ext, db, plain, platform, "gate", case, n, payment_id, message)
            for n, case in enumerate(cqr["cases"]):
                ids = [re.search(r"<merchantTransactionID>([^<]*)</merchantTransactionID>", s.get("notification") or s["poll"])
                       for s in case["steps"] if "notification" in s or "poll" in s]
                order_id = next((m.group(1) for m in ids if m), "1001-1")
                srv = confirming if case["settings"]["confirm_with_get_payments"] else plain
                steps += run_settlement_case(ext, db, srv, platform, "cqr", case, n, order_id, cqr_storage_message)
            # the getPayments requests carried PXP's Basic credentials and the order
            api_auth = "Basic " + base64.b64encode(f"{API_USER}:{API_PASSWORD}".encode()).decode()
            gp = [r for r in platform.requests if r[0] == "/cqr/getPayments"]
            check(gp and all(r[1].get("Authorization") == api_auth and b"<merchantTransactionID>" in r[2] for r in gp),
                  f"getPayments requests {gp[:1]}")
    finally:
        platform.stop()
    want = sum(len(c["steps"]) for c in gate["cases"] + cqr["cases"])
    check(steps == want, f"settlement steps {steps} of {want}")
    print(f"e2e webhook: settlement vectors: {len(gate['cases'])} Gate + {len(cqr['cases'])} CQR cases, {steps} steps")


def main():
    ext = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "php-ext", "modules", "qiwi_merchant.so"))
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "shop.sqlite3")
        with Server(ext, db) as srv:
            run(srv, db)
        run_settlement_vectors(ext, tmp)
        run_secure_defaults(ext, tmp)
    print(f"e2e webhook: {checks} checks passed")


if __name__ == "__main__":
    main()
