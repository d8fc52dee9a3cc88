"""python -m qiwi_merchant.simulator [--shop URL] [--count N --concurrency C]

Functional mode (default): plays JetPay (verify, check_deposit, success callback with duplicate
and out-of-order deliveries, a declined deposit, forged/unknown/mismatched/oversized callbacks, a
payout and its callback) and PXP (initiatePayment answer, notifications with Basic auth) against
a running shop, then checks the shop's balances and prints a summary table.

No built-in secrets: the Gate secret, the CQR credentials and the shop's demo token come from the
same environment variables the example shop reads (QIWI_MERCHANT_GATE_SECRET,
QIWI_MERCHANT_CQR_API_USER/_API_PASSWORD/_NOTIFY_USER/_NOTIFY_PASSWORD, QIWI_MERCHANT_DEMO_TOKEN)
or from the flags. Without CQR credentials the CQR part is skipped (the shop has CQR off too).

Load mode (--count N): N check_deposits, then every success callback delivered --duplicates
times by C concurrent clients; reports callbacks per second and checks that every deposit was
credited exactly once. Exit status 0 only when every check passed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Mapping, Optional, Tuple
from urllib.parse import urlsplit

from qiwi_merchant import cqr

from . import messages as m

#: (status, lower-cased headers, body)
Response = Tuple[int, Dict[str, str], bytes]

DEMO_CUSTOMERS = [f"demo-{i}" for i in range(1, 6)]

#: The core's default body limit (1 MiB); the shop must answer 413 to anything longer.
MAX_BODY_BYTES = 1024 * 1024


# ----------------------------------------------------------------------------- HTTP client

class Client:
    """One keep-alive connection per thread. Requests to the shop's demo endpoints (/shop/...)
    carry ``Authorization: Bearer <demo_token>`` unless they set an Authorization themselves."""

    def __init__(self, base: str, timeout: float = 30.0, demo_token: Optional[str] = None):
        u = urlsplit(base)
        self.host, self.port = u.hostname or "127.0.0.1", u.port or 80
        self.prefix = u.path.rstrip("/")
        self.timeout = timeout
        self.demo_token = demo_token
        self.local = threading.local()

    def _conn(self) -> http.client.HTTPConnection:
        c: Optional[http.client.HTTPConnection] = getattr(self.local, "conn", None)
        if c is None:
            c = self.local.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return c

    def request(self, method: str, path: str, body: bytes = b"",
                headers: Optional[Mapping[str, str]] = None) -> Response:
        headers = dict(headers or {})
        if self.demo_token and path.startswith("/shop/") and "Authorization" not in headers:
            headers["Authorization"] = "Bearer " + self.demo_token
        for attempt in (1, 2):
            c = self._conn()
            try:
                c.request(method, self.prefix + path, body=body if method != "GET" else None, headers=headers)
                r = c.getresponse()
                data = r.read()
                if r.getheader("Connection", "").lower() == "close":
                    c.close()
                    self.local.conn = None
                return r.status, {k.lower(): v for k, v in r.getheaders()}, data
            except (ConnectionError, http.client.HTTPException, OSError):
                c.close()
                self.local.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def post(self, path: str, body: bytes, content_type: str = "application/json", **headers: str) -> Response:
        headers["Content-Type"] = content_type
        return self.request("POST", path, body, headers)

    def get_json(self, path: str) -> Tuple[int, Any]:
        status, _h, data = self.request("GET", path)
        return status, (json.loads(data) if data[:1] in (b"{", b"[") else None)


# ---------------------------------------------------------------------- fake Gate + PXP

class Platform:
    """The platform's own HTTP side: Gate payout/status endpoints and PXP's PaymentService."""

    def __init__(self, sim: "Simulator", listen: str):
        self.sim = sim
        host, _, port = listen.rpartition(":")
        self.addr = (host or "127.0.0.1", int(port))
        self.payouts: Dict[str, Any] = {}  # payment_id -> request json
        self.initiated: Dict[str, Tuple[str, int, str]] = {}  # mtid -> (payment_id, amount, currency)
        self.lock = threading.Lock()
        self.server: Optional[ThreadingHTTPServer] = None

    def start(self) -> None:
        platform = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, ctype, out = platform.handle(self.path, self.headers, body)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

        self.server = server = ThreadingHTTPServer(self.addr, Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def handle(self, path: str, headers: Any, body: bytes) -> Tuple[int, str, bytes]:
        sim = self.sim
        if path.endswith("/v2/payment/wallet/qiwi-kz/payout"):
            try:
                sim.gate.signer.parse_callback  # noqa: B018 - the core is loaded
                req = json.loads(body)
                ok = sim.gate_verify(body)
            except ValueError:
                return 400, "application/json", b'{"status":"error","message":"bad json"}'
            if not ok:
                return 400, "application/json", b'{"status":"error","code":"1001","message":"bad signature"}'
            pid = req["general"]["payment_id"]
            with self.lock:
                self.payouts[pid] = req
            return 200, "application/json", json.dumps({"status": "success", "request_id": "sim-" + pid,
                                                        "project_id": req["general"]["project_id"],
                                                        "payment_id": pid}).encode()
        if path.endswith("/initiatePayment"):
            if not sim.cqr_api_auth_ok(headers.get("Authorization")):
                return 401, "text/plain", b"unauthorized"
            fields = sim.parse_initiate(body)
            pay_id = str(uuid.uuid4())
            with self.lock:
                self.initiated[fields["mtid"]] = (pay_id, fields["amount_minor"], fields["currency"])
            return 200, "application/xml; charset=utf-8", m.initiate_response(
                redirect_url=f"https://pxp.invalid/redirect/{pay_id}", merchant_id=fields["merchant_id"],
                shop_id=fields["shop_id"], mtid=fields["mtid"], payment_id=pay_id,
                amount_minor=fields["amount_minor"], currency=fields["currency"], state_id=str(uuid.uuid4()))
        return 404, "text/plain", b"not found"


# ------------------------------------------------------------------------------ simulator

class Simulator:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.shop = Client(args.shop, timeout=args.timeout, demo_token=args.demo_token)
        self.gate = m.GateSide(args.gate_secret, args.project_id)
        self.results: List[Tuple[str, str, bool, str]] = []  # (group, check, ok, detail)
        self.expected: Dict[str, int] = {c: 0 for c in args.customers}

    # helpers
    def check(self, group: str, name: str, ok: Any, detail: str = "") -> Any:
        self.results.append((group, name, bool(ok), detail))
        return ok

    def gate_verify(self, body: bytes) -> bool:
        from qiwi_merchant import exceptions

        try:
            self.gate.signer.verify(body)
            return True
        except exceptions.QiwiMerchantError:
            return False

    def cqr_api_auth_ok(self, header: Optional[str]) -> bool:
        """The shop's Basic credentials for PXP, checked by the core (constant time)."""
        return bool(cqr.BasicCredentials(self.args.cqr_api_user, self.args.cqr_api_password).verify(header))

    @staticmethod
    def parse_initiate(body: bytes) -> Dict[str, Any]:
        """The initiatePaymentRequest the shop sent, read by the package (the amount in minor
        units of its currency, whatever the currency's exponent)."""
        req = cqr.parse_initiate_request(body)
        return {"merchant_id": req["merchant_id"], "shop_id": req["shop_id"],
                "mtid": req["merchant_transaction_id"], "amount_minor": req["amount_minor"],
                "currency": req["currency"]}

    def balances(self) -> Dict[str, int]:
        out: Dict[str, int] = {}
        for c in self.args.customers:
            status, data = self.shop.get_json(f"/shop/customers/{c}/balance/")
            if status != 200 or not data:
                raise RuntimeError(f"balance of {c}: HTTP {status}")
            out[c] = data["balance"]
        return out

    def account_check(self, body: bytes) -> Tuple[int, str, Any]:
        status, headers, data = self.shop.post("/qiwi/gate/account-check/", body)
        try:
            doc = json.loads(data)
        except ValueError:
            doc = {}
        return status, headers.get("content-type", ""), doc

    def deposit(self, customer: str, amount: int) -> Any:
        status, _ct, doc = self.account_check(self.gate.check_deposit(customer, amount))
        if status != 200 or doc.get("code") != 0:
            raise RuntimeError(f"check_deposit for {customer}: HTTP {status} {doc}")
        return doc["payment_id"]

    def callback(self, body: bytes) -> int:
        status, _h, _d = self.shop.post("/qiwi/gate/callback/", body)
        return status

    def notify(self, body: bytes, user: Optional[str] = None, password: Optional[str] = None,
               **headers: str) -> Tuple[int, Optional[int]]:
        user = self.args.notify_user if user is None else user
        password = self.args.notify_password if password is None else password
        auth = cqr.basic_authorization(user, password)
        status, _h, data = self.shop.post("/qiwi/cqr/notification/", body, "application/xml; charset=utf-8",
                                          Authorization=auth, **headers)
        return status, m.ack_code(data) if status == 200 else None

    # ------------------------------------------------------------------ functional scenario
    def run_gate(self) -> None:
        g = "gate"
        c1, c2, c3 = self.args.customers[0], self.args.customers[1], self.args.customers[2]
        st, ct, doc = self.account_check(self.gate.verify_request(c1))
        self.check(g, f"verify {c1} -> code 0 KZT", st == 200 and doc == {"code": 0, "currency": "KZT"} and
                   ct.startswith("application/json; charset=utf-8"), f"{st} {doc}")
        st, _, doc = self.account_check(self.gate.verify_request("no-such-customer"))
        self.check(g, "verify unknown customer -> code 404", st == 200 and doc.get("code") == 404, f"{st} {doc}")
        tampered = self.gate.verify_request(c1).replace(c1.encode(), b"mallory")
        st, _, doc = self.account_check(tampered)
        self.check(g, "altered verify -> code 400", st == 200 and doc.get("code") == 400, f"{st} {doc}")

        # success, with duplicate deliveries (sequential and a concurrent burst)
        p1 = self.deposit(c1, 10000)
        self.check(g, "check_deposit -> fresh payment_id", bool(p1), p1)
        p1b = self.deposit(c1, 10000)
        self.check(g, "repeated check_deposit -> another payment_id", p1b != p1, p1b)
        cb = self.gate.callback(p1, 10000, operation_id=1001)
        self.check(g, "success callback -> 200", self.callback(cb) == 200)
        self.expected[c1] += 10000
        with ThreadPoolExecutor(8) as ex:
            sts = list(ex.map(lambda _: self.callback(cb), range(8)))
        self.check(g, "8 concurrent duplicates -> 200, no effect", all(s == 200 for s in sts), str(sorted(set(sts))))

        # out of order: success first, then a late 'processing'; and processing -> success
        p2 = self.deposit(c2, 5000)
        self.check(g, "success before late 'processing' -> 200", self.callback(self.gate.callback(p2, 5000, operation_id=1002)) == 200)
        self.expected[c2] += 5000
        self.check(g, "late 'processing' after success -> 200, no change",
                   self.callback(self.gate.callback(p2, 5000, "processing", operation_id=1002)) == 200)
        p3 = self.deposit(c2, 2500)
        self.check(g, "'processing' then 'success' -> 200, 200",
                   self.callback(self.gate.callback(p3, 2500, "processing", operation_id=1003)) == 200 and
                   self.callback(self.gate.callback(p3, 2500, operation_id=1003)) == 200)
        self.expected[c2] += 2500

        # declined deposit, then a (suspicious) success for it: flagged, never credited
        p4 = self.deposit(c3, 7000)
        self.check(g, "declined deposit -> 200, not credited",
                   self.callback(self.gate.callback(p4, 7000, "decline", operation_id=1004, code="20000")) == 200)
        self.check(g, "success after decline -> 200, flagged, not credited",
                   self.callback(self.gate.callback(p4, 7000, operation_id=1004)) == 200)

        # hostile or odd deliveries
        forged = self.gate.callback(p3, 2500, operation_id=1003).replace(b'"amount":2500', b'"amount":9999', 1)
        self.check(g, "forged callback (altered after signing) -> 400", self.callback(forged) == 400)
        self.check(g, "malformed JSON -> 400", self.callback(b'{"payment":') == 400)
        st, _h, _d = self.shop.request("GET", "/qiwi/gate/callback/")
        self.check(g, "GET on the callback URL -> 405", st == 405)
        stored = self.stored_callbacks()
        big = self.gate.callback(p3, 2500, operation_id=1003)
        big = big[:-1] + b',"padding":"' + b"x" * (2 * MAX_BODY_BYTES - len(big) - 13) + b'"}'  # 2 MiB
        st = self.callback(big)
        self.check(g, "2 MiB callback -> 413, not stored", st == 413 and self.stored_callbacks() == stored,
                   f"HTTP {st}, stored callbacks {stored} -> {self.stored_callbacks()}")
        self.check(g, "unknown payment_id -> 200, unmatched",
                   self.callback(self.gate.callback("never-issued", 100, operation_id=1005)) == 200)
        p5 = self.deposit(c3, 4000)
        self.check(g, "amount mismatch -> 200, flagged, not credited",
                   self.callback(self.gate.callback(p5, 40000, operation_id=1006)) == 200)

    def stored_callbacks(self) -> int:
        st, stats = self.shop.get_json("/shop/stats/")
        return int(sum(stats["gate_callbacks"].values())) if st == 200 and stats else -1

    def run_demo_auth(self) -> None:
        g = "demo API"
        path = f"/shop/customers/{self.args.customers[0]}/balance/"
        st, _h, _d = self.shop.request("GET", path, headers={"Authorization": "Bearer wrong-token"})
        self.check(g, "wrong demo token -> 401", st == 401, f"HTTP {st}")
        st, _h, _d = self.shop.request("GET", path, headers={"Authorization": ""})
        self.check(g, "no demo token -> 401", st == 401, f"HTTP {st}")

    def run_payout(self) -> None:
        g = "gate payout"
        c = self.args.customers[0]
        have = self.balances()[c]
        st, _h, data = self.shop.post(f"/shop/customers/{c}/payouts/", json.dumps({"amount": have + 1}).encode())
        self.check(g, "payout over the balance -> 409, nothing debited",
                   st == 409 and self.balances()[c] == have, f"HTTP {st} {data[:200]!r}")
        st, _h, data = self.shop.post(f"/shop/customers/{c}/payouts/", json.dumps({"amount": 3000, "account_number": "77011234567"}).encode())
        doc = json.loads(data) if data[:1] == b"{" else {}
        ok = self.check(g, "shop sends a signed payout request; Gate accepts", st == 200 and doc.get("send_state") == "accepted", f"{st} {doc}")
        if not ok:
            return
        self.expected[c] -= 3000
        self.check(g, "balance debited when the payout is created", self.balances()[c] == have - 3000)
        pid = doc["payment_id"]
        req = self.platform.payouts.get(pid)
        self.check(g, "payout request verified by the simulated Gate", req is not None and req["payment"]["amount"] == 3000)
        cb = self.gate.callback(pid, 3000, ptype="payout", account="77011234567", operation_id=2001)
        self.check(g, "payout success callback -> 200", self.callback(cb) == 200)
        self.check(g, "payout callback duplicate -> 200", self.callback(cb) == 200)

    def run_cqr(self) -> None:
        g = "cqr"
        c = self.args.customers[3]
        a = self.args
        st, _h, data = self.shop.post(f"/shop/customers/{c}/cqr-deposits/", json.dumps({"amount": 20000}).encode())
        doc = json.loads(data) if data[:1] == b"{" else {}
        ok = self.check(g, "initiatePayment -> redirect URL handed to the shop",
                        st == 200 and str(doc.get("redirect_url", "")).startswith("https://pxp.invalid/redirect/"), f"{st} {doc}")
        if not ok:
            return
        mtid = doc["merchant_transaction_id"]
        pay_id, amount, cur = self.platform.initiated[mtid]
        base = dict(merchant_id=a.cqr_merchant_id, shop_id=a.cqr_shop_id, mtid=mtid, payment_id=pay_id,
                    amount_minor=amount, currency=cur)
        pending = m.notification(state_key=120, state_name="PendingOnProvider", state_id=str(uuid.uuid4()), **base)
        done = m.notification(state_key=29, state_name="DepositedByProvider", state_id=str(uuid.uuid4()),
                              is_executed=True, **base)
        self.check(g, "wrong Basic password -> 401", self.notify(done, password="wrong")[0] == 401)
        self.check(g, "pending notification (120) -> resultCode 0", self.notify(pending) == (200, 0))
        self.check(g, "completed notification (29) -> resultCode 0", self.notify(done) == (200, 0))
        self.expected[c] += amount
        with ThreadPoolExecutor(4) as ex:
            res = list(ex.map(lambda _: self.notify(done), range(4)))
        self.check(g, "4 concurrent re-sends -> resultCode 0, no effect", all(r == (200, 0) for r in res), str(res))
        foreign = m.notification(state_key=29, state_name="DepositedByProvider", state_id=str(uuid.uuid4()),
                                 is_executed=True, **dict(base, merchant_id="SomeoneElse"))
        self.check(g, "foreign merchantID -> resultCode 2", self.notify(foreign) == (200, 2))
        unknown = m.notification(state_key=29, state_name="DepositedByProvider", state_id=str(uuid.uuid4()),
                                 is_executed=True, **dict(base, mtid="never-initiated"))
        self.check(g, "unknown merchantTransactionID -> resultCode 2", self.notify(unknown) == (200, 2))
        self.check(g, "malformed XML -> 400", self.notify(b"<handlePaymentStateChangedNotificationRequest>")[0] == 400)

    def summary(self, title: str) -> int:
        width = max(len(r[1]) for r in self.results) if self.results else 10
        print(f"\n{title}")
        print(f"  {'group':12} {'check':{width}}  result")
        print(f"  {'-' * 12} {'-' * width}  ------")
        for group, name, ok, detail in self.results:
            print(f"  {group:12} {name:{width}}  {'ok' if ok else 'FAIL'}" + ("" if ok or not detail else f"  ({detail[:160]})"))
        failed = sum(1 for r in self.results if not r[2])
        print(f"\n{len(self.results) - failed} passed, {failed} failed")
        return failed

    def run_functional(self) -> int:
        self.platform = Platform(self, self.args.platform_listen)
        self.platform.start()
        try:
            before = self.balances()
            self.run_demo_auth()
            self.run_gate()
            self.run_payout()
            if self.args.cqr_api_user:
                self.run_cqr()
            else:
                print("simulator: no CQR credentials (QIWI_MERCHANT_CQR_*): CQR part skipped", file=sys.stderr)
            after = self.balances()
        finally:
            self.platform.stop()
        for c in self.args.customers:
            self.check("balances", f"{c}: {before[c]} -> {after[c]} (expected {before[c] + self.expected[c]})",
                       after[c] - before[c] == self.expected[c])
        st, stats = self.shop.get_json("/shop/stats/")
        if st == 200 and stats:
            self.check("balances", "no payment credited twice (shop ledger)", stats.get("double_credits") == 0, str(stats))
            self.check("balances", "no negative balance", stats.get("negative_balances", 0) == 0, str(stats))
        return self.summary("Simulator summary (JetPay Gate + PXP against %s)" % self.args.shop)

    # ------------------------------------------------------------------------------ load
    def run_load(self) -> int:
        a = self.args
        rnd = random.Random(a.seed)
        before = self.balances()
        plan = [(rnd.choice(a.customers), rnd.randint(1, 500) * 100) for _ in range(a.count)]
        t0 = time.perf_counter()
        with ThreadPoolExecutor(a.concurrency) as ex:
            ids = list(ex.map(lambda p: self.deposit(*p), plan))
        t_dep = time.perf_counter() - t0
        deliveries: List[bytes] = []
        for i, (pid, (cust, amount)) in enumerate(zip(ids, plan)):
            body = self.gate.callback(pid, amount, operation_id=100000 + i)
            deliveries += [body] * a.duplicates
        rnd.shuffle(deliveries)
        statuses: Dict[int, int] = {}
        lock = threading.Lock()

        def send(body: bytes) -> None:
            s = self.callback(body)
            with lock:
                statuses[s] = statuses.get(s, 0) + 1

        t0 = time.perf_counter()
        with ThreadPoolExecutor(a.concurrency) as ex:
            list(ex.map(send, deliveries))
        t_cb = time.perf_counter() - t0
        after = self.balances()
        want = dict.fromkeys(a.customers, 0)
        for cust, amount in plan:
            want[cust] += amount
        rate = len(deliveries) / t_cb if t_cb else 0.0
        self.check("load", f"{len(deliveries)} callback deliveries answered 200", statuses == {200: len(deliveries)}, str(statuses))
        for c in a.customers:
            self.check("load", f"{c} credited exactly once per deposit (+{want[c]})", after[c] - before[c] == want[c],
                       f"got +{after[c] - before[c]}")
        st, stats = self.shop.get_json("/shop/stats/")
        self.check("load", "no double credits in the shop ledger", st == 200 and stats and stats.get("double_credits") == 0, str(stats))
        print(f"\nload: {a.count} check_deposit in {t_dep:.2f}s ({a.count / t_dep:.0f}/s); "
              f"{len(deliveries)} callbacks ({a.count} unique x {a.duplicates}) in {t_cb:.2f}s "
              f"with concurrency {a.concurrency}: {rate:.0f} callbacks/s")
        failed = self.summary("Load summary")
        if a.json_out:
            with open(a.json_out, "w") as f:
                json.dump({"count": a.count, "duplicates": a.duplicates, "concurrency": a.concurrency,
                           "callbacks": len(deliveries), "seconds": t_cb, "callbacks_per_second": rate,
                           "check_deposit_per_second": a.count / t_dep, "failed_checks": failed}, f)
        if a.min_rate and rate < a.min_rate:
            print(f"load: {rate:.0f} callbacks/s is below the floor --min-rate {a.min_rate}")
            failed += 1
        return failed


def main(argv: Optional[List[str]] = None) -> int:
    env = os.environ.get
    p = argparse.ArgumentParser(prog="python -m qiwi_merchant.simulator", description=__doc__.split("\n\n")[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shop", default=env("SHOP_URL", "http://127.0.0.1:" + env("PORT", "8000")))
    p.add_argument("--platform-listen", default=env("QIWI_MERCHANT_SIMULATOR_LISTEN", "127.0.0.1:8799"),
                   help="where the simulated Gate/PXP API listens (the shop's GATE_BASE_URL / CQR_BASE_URL)")
    # no built-in secrets: the example shop's environment variables, or the flags
    p.add_argument("--gate-secret", default=env("QIWI_MERCHANT_GATE_SECRET"),
                   help="the Gate project secret (default: $QIWI_MERCHANT_GATE_SECRET; required)")
    p.add_argument("--demo-token", default=env("QIWI_MERCHANT_DEMO_TOKEN"),
                   help="bearer token of the shop's /shop/ demo endpoints (default: $QIWI_MERCHANT_DEMO_TOKEN; required)")
    p.add_argument("--project-id", type=int, default=int(env("QIWI_MERCHANT_GATE_PROJECT_ID", "111")))
    p.add_argument("--cqr-merchant-id", default=env("QIWI_MERCHANT_CQR_MERCHANT_ID", "DemoMerchant"))
    p.add_argument("--cqr-shop-id", default=env("QIWI_MERCHANT_CQR_SHOP_ID", "DemoShop"))
    p.add_argument("--cqr-api-user", default=env("QIWI_MERCHANT_CQR_API_USER"))
    p.add_argument("--cqr-api-password", default=env("QIWI_MERCHANT_CQR_API_PASSWORD"))
    p.add_argument("--notify-user", default=env("QIWI_MERCHANT_CQR_NOTIFY_USER"))
    p.add_argument("--notify-password", default=env("QIWI_MERCHANT_CQR_NOTIFY_PASSWORD"))
    p.add_argument("--customers", default=",".join(DEMO_CUSTOMERS))
    p.add_argument("--count", type=int, default=0, help="load mode: number of deposits")
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--duplicates", type=int, default=2, help="load mode: deliveries of each callback")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--min-rate", type=float, default=0.0, help="load mode: fail below this many callbacks/s")
    p.add_argument("--json-out", help="load mode: write the figures to this file")
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("--wait", type=float, default=0.0, help="wait up to this many seconds for the shop to answer")
    p.add_argument("--target", choices=("django", "opencart"), default=env("QIWI_MERCHANT_SIMULATOR_TARGET", "django"),
                   help="opencart: the OpenCart 4 plug-in's routes and checkout (simulator/opencart.py)")
    p.add_argument("--admin-user", default=env("OPENCART_ADMIN_USER"), help="opencart: read order statuses from the admin")
    p.add_argument("--admin-password", default=env("OPENCART_ADMIN_PASSWORD"))
    args = p.parse_args(argv)
    if not args.gate_secret:
        p.error("no Gate secret: set QIWI_MERCHANT_GATE_SECRET (the shop's) or pass --gate-secret")
    if not args.demo_token and args.target != "opencart":
        p.error("no demo token: set QIWI_MERCHANT_DEMO_TOKEN (the shop's) or pass --demo-token")
    cqr_creds = {"QIWI_MERCHANT_CQR_API_USER / --cqr-api-user": args.cqr_api_user,
                 "QIWI_MERCHANT_CQR_API_PASSWORD / --cqr-api-password": args.cqr_api_password,
                 "QIWI_MERCHANT_CQR_NOTIFY_USER / --notify-user": args.notify_user,
                 "QIWI_MERCHANT_CQR_NOTIFY_PASSWORD / --notify-password": args.notify_password}
    if any(cqr_creds.values()) and not all(cqr_creds.values()):
        p.error("CQR credentials incomplete, missing: " + ", ".join(k for k, v in cqr_creds.items() if not v))
    args.customers = [c for c in args.customers.split(",") if c]
    sim = Simulator(args)
    if args.target == "opencart":
        from . import opencart

        return 1 if opencart.run(sim) else 0
    deadline = time.monotonic() + args.wait
    while True:
        try:
            sim.balances()
            break
        except Exception as exc:  # noqa: BLE001
            if time.monotonic() >= deadline:
                print(f"simulator: shop at {args.shop} not reachable: {exc}", file=sys.stderr)
                return 2
            time.sleep(0.3)
    failed = sim.run_load() if args.count else sim.run_functional()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
