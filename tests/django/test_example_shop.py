"""The example shop's secure defaults: required secrets, the demo token, the payout debit.

In-process tests use the test client; the last ones start the real shop (manage.py runserver on
a SQLite file, the shop's own settings with BEGIN IMMEDIATE) and the scripts in subprocesses.
"""

import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client, override_settings

from qiwi_merchant.django.models import GatePayout
from qiwi_merchant.simulator import messages as m

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHOP_DIR = os.path.join(ROOT, "examples", "django_shop")
TOKEN = "test-demo-token"
BEARER = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
ON_PG = os.environ.get("QIWI_TEST_DB") == "postgres"


def accepting_gate(url, body, headers, timeout):
    pid = json.loads(body)["general"]["payment_id"]
    return 200, json.dumps({"status": "success", "request_id": "r-" + pid, "project_id": 111, "payment_id": pid}).encode()


@pytest.fixture
def gate_accepts(settings):
    with override_settings(QIWI_MERCHANT=dict(settings.QIWI_MERCHANT, TRANSPORT=accepting_gate)):
        yield


def set_balance(customer, amount):
    from shop.models import Customer

    Customer.objects.filter(customer_id=customer).update(balance=amount)


def payout(client, amount, customer="demo-1", **headers):
    return client.post(f"/shop/customers/{customer}/payouts/", json.dumps({"amount": amount}),
                       content_type="application/json", **(headers or BEARER))


# --------------------------------------------------------------------------- the demo token

DEMO_GETS = ["/shop/customers/demo-1/balance/", "/shop/stats/"]
DEMO_POSTS = ["/shop/customers/demo-1/payouts/", "/shop/customers/demo-1/cqr-deposits/"]


@pytest.mark.django_db
@pytest.mark.parametrize("token", [None, ""])
def test_demo_endpoints_are_off_without_a_token(client, token):
    with override_settings(SHOP_DEMO_TOKEN=token):
        for path in DEMO_GETS:
            assert client.get(path, **BEARER).status_code == 404, path
        for path in DEMO_POSTS:
            assert client.post(path, b'{"amount": 1}', content_type="application/json", **BEARER).status_code == 404, path


@pytest.mark.django_db
@pytest.mark.parametrize("auth", [None, "", "Bearer", "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x",
                                  f"Bearer {TOKEN[:-1]}"])
def test_demo_endpoints_refuse_a_missing_or_wrong_token(client, balances, auth):
    extra = {} if auth is None else {"HTTP_AUTHORIZATION": auth}
    for path in DEMO_GETS:
        r = client.get(path, **extra)
        assert r.status_code == 401 and r["WWW-Authenticate"].startswith("Bearer"), (path, r.status_code)
    for path in DEMO_POSTS:
        assert client.post(path, b'{"amount": 1}', content_type="application/json", **extra).status_code == 401, path
    assert balances()["demo-1"] == 0 and not GatePayout.objects.exists()


@pytest.mark.django_db
def test_demo_endpoints_answer_the_token(client, balances):
    for path in DEMO_GETS:
        assert client.get(path, **BEARER).status_code == 200, path
    assert client.get("/shop/customers/demo-1/balance/", HTTP_AUTHORIZATION=f"bearer  {TOKEN}").status_code == 200


@pytest.mark.django_db
def test_cqr_deposit_endpoint_is_off_when_cqr_is(client, balances):
    with override_settings(SHOP_CQR_ENABLED=False):
        r = client.post(DEMO_POSTS[1], b'{"amount": 100}', content_type="application/json", **BEARER)
    assert r.status_code == 404 and "CQR is disabled" in r.json()["error"]


# ------------------------------------------------------------------------- the payout debit

@pytest.mark.django_db
def test_payout_debits_at_creation_and_refuses_overdraft(client, balances, gate_accepts):
    set_balance("demo-1", 5000)
    r = payout(client, 5001)
    assert r.status_code == 409 and r.json()["balance"] == 5000
    assert balances()["demo-1"] == 5000 and not GatePayout.objects.exists()
    r = payout(client, 3000)
    assert r.status_code == 200 and r.json()["send_state"] == "accepted", r.content
    assert balances()["demo-1"] == 2000
    assert payout(client, 2001).status_code == 409
    assert payout(client, 2000).status_code == 200
    assert balances()["demo-1"] == 0
    for bad in (b'{"amount": 0}', b'{"amount": -5}', b'{"amount": "100"}', b'{"amount": true}', b"[1]", b"nope"):
        assert client.post("/shop/customers/demo-1/payouts/", bad, content_type="application/json", **BEARER).status_code == 400
    assert payout(client, 1, customer="nobody").status_code == 400


def run_threads(n, target):
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def worker(i):
        try:
            barrier.wait(timeout=30)
            results[i] = target(i)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_payouts_never_overdraw_on_postgres(balances, gate_accepts):
    from shop.models import LedgerEntry

    set_balance("demo-2", 5000)
    statuses = run_threads(20, lambda _i: payout(Client(), 1000, customer="demo-2").status_code)
    assert sorted(statuses) == [200] * 5 + [409] * 15
    assert balances()["demo-2"] == 0
    assert GatePayout.objects.filter(customer_id="demo-2").count() == 5
    assert LedgerEntry.objects.filter(customer_id="demo-2", kind="gate_payout").count() == 5


# ----------------------------------------------------- the real shop and scripts (subprocesses)

def shop_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("QIWI_MERCHANT_", "DJANGO_", "DATABASE_", "SHOP_", "QIWI_TEST_"))}
    env["DJANGO_SETTINGS_MODULE"] = "shop.settings"
    env.update(extra)
    return env


def manage(env, *args, timeout=120):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=SHOP_DIR, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_shop_refuses_to_start_without_the_gate_secret():
    with tempfile.TemporaryDirectory() as tmp:
        r = manage(shop_env(SHOP_DATA_DIR=tmp), "check")
    assert r.returncode != 0
    assert "QIWI_MERCHANT_GATE_SECRET is not set" in r.stderr


def test_shop_refuses_half_the_cqr_credentials():
    with tempfile.TemporaryDirectory() as tmp:
        r = manage(shop_env(SHOP_DATA_DIR=tmp, QIWI_MERCHANT_GATE_SECRET="s" * 32,
                            QIWI_MERCHANT_CQR_NOTIFY_USER="pxp"), "check")
    assert r.returncode != 0
    assert "QIWI_MERCHANT_CQR_API_USER, QIWI_MERCHANT_CQR_API_PASSWORD, QIWI_MERCHANT_CQR_NOTIFY_PASSWORD not set" in r.stderr


def test_shop_without_cqr_credentials_runs_with_cqr_off():
    with tempfile.TemporaryDirectory() as tmp:
        env = shop_env(SHOP_DATA_DIR=tmp, QIWI_MERCHANT_GATE_SECRET="s" * 32)
        r = manage(env, "shell", "-c", "from django.conf import settings as s; "
                   "print(s.SHOP_CQR_ENABLED, s.SHOP_DEMO_TOKEN, sorted(k for k in s.QIWI_MERCHANT if 'CQR' in k))")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "False None []"


def test_make_shop_script_refuses_without_the_gate_secret():
    r = subprocess.run([os.path.join(ROOT, "scripts", "django-shop.sh"), "serve"], env=shop_env(PORT=str(free_port())),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert "QIWI_MERCHANT_GATE_SECRET is not set" in r.stderr


def test_simulator_has_no_built_in_secret():
    r = subprocess.run([sys.executable, "-m", "qiwi_merchant.simulator", "--shop", "http://127.0.0.1:9"],
                       env=shop_env(QIWI_MERCHANT_DEMO_TOKEN="t"), capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "QIWI_MERCHANT_GATE_SECRET" in r.stderr
    r = subprocess.run([sys.executable, "-m", "qiwi_merchant.simulator", "--shop", "http://127.0.0.1:9"],
                       env=shop_env(QIWI_MERCHANT_GATE_SECRET="s" * 32), capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "QIWI_MERCHANT_DEMO_TOKEN" in r.stderr


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(base, method, path, body=None, headers=None):
    req = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.mark.skipif(ON_PG, reason="starts the shop on SQLite; runs in the SQLite half only")
def test_real_shop_on_sqlite_concurrent_payouts_and_413():
    """The shop's own settings (SQLite, transaction_mode=IMMEDIATE) under runserver's threads."""
    secret, port = "real-shop-secret-" + base64.b16encode(os.urandom(8)).decode(), free_port()
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with tempfile.TemporaryDirectory() as tmp:
        # Gate's payout URL is a closed port: payouts stay pending with send_state "unknown"
        env = shop_env(SHOP_DATA_DIR=tmp, QIWI_MERCHANT_GATE_SECRET=secret, QIWI_MERCHANT_DEMO_TOKEN=TOKEN,
                       QIWI_MERCHANT_GATE_BASE_URL=f"http://127.0.0.1:{free_port()}/gate", PORT=str(port))
        r = manage(env, "migrate", "--noinput", "-v", "0")
        assert r.returncode == 0, r.stderr
        log = open(os.path.join(tmp, "server.log"), "w+")
        proc = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                                cwd=SHOP_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.time() + 60
            while True:
                try:
                    if http(base, "GET", "/shop/customers/demo-1/balance/", headers=auth)[0] == 200:
                        break
                except OSError:
                    pass
                assert proc.poll() is None and time.time() < deadline, "runserver did not start"
                time.sleep(0.2)
            assert http(base, "GET", "/shop/stats/")[0] == 401

            gate = m.GateSide(secret, 111)
            st, body = http(base, "POST", "/qiwi/gate/account-check/", gate.check_deposit("demo-1", 5000),
                            {"Content-Type": "application/json"})
            pid = json.loads(body)["payment_id"]
            assert http(base, "POST", "/qiwi/gate/callback/", gate.callback(pid, 5000, operation_id=7),
                        {"Content-Type": "application/json"})[0] == 200

            def balance():
                return json.loads(http(base, "GET", "/shop/customers/demo-1/balance/", headers=auth)[1])["balance"]

            def stats():
                return json.loads(http(base, "GET", "/shop/stats/", headers=auth)[1])

            assert balance() == 5000
            req = json.dumps({"amount": 1000}).encode()
            with ThreadPoolExecutor(12) as pool:
                statuses = list(pool.map(lambda _i: http(base, "POST", "/shop/customers/demo-1/payouts/", req,
                                                         {"Content-Type": "application/json", **auth})[0], range(12)))
            assert sorted(statuses) == [200] * 5 + [409] * 7, statuses
            assert balance() == 0 and stats()["negative_balances"] == 0

            stored = sum(stats()["gate_callbacks"].values())
            big = gate.callback(pid, 5000, operation_id=7)
            big = big[:-1] + b',"padding":"' + b"x" * (2 * 1024 * 1024 - len(big) - 13) + b'"}'
            assert http(base, "POST", "/qiwi/gate/callback/", big, {"Content-Type": "application/json"})[0] == 413
            assert sum(stats()["gate_callbacks"].values()) == stored
        finally:
            proc.terminate()
            proc.wait(30)
            log.seek(0)
            print(log.read())
            log.close()
