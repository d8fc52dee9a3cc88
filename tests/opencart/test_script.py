"""`scripts/opencart.sh` (`make opencart-shop`) itself: it refuses to start without the Gate secret
and names the variable; without OPENCART_ADMIN_PASSWORD it generates an admin password and prints
it; running it again starts from a clean store (a second store on its own ports, stopped after)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, Dict, Iterator, Tuple

import pytest

from conftest import ROOT, Db, free_port
from ocadmin import Admin
from qiwi_merchant.simulator.messages import GateSide
from qiwi_merchant.simulator.opencart import ShopEndpoints, Storefront

SCRIPT = str(ROOT / "scripts" / "opencart.sh")


def script_env(**extra: str) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENCART_ADMIN_PASSWORD", "OPENCART_ADMIN_USER", "PORT")}
    env.update(extra)
    return env


def test_refuses_to_start_without_the_gate_secret() -> None:
    port = free_port()
    env = script_env(PORT=str(port))
    env.pop("QIWI_MERCHANT_GATE_SECRET", None)
    r = subprocess.run([SCRIPT, "shop"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert "QIWI_MERCHANT_GATE_SECRET" in r.stderr, r.stderr
    assert not (ROOT / "target" / "opencart" / f"store-{port}").exists()
    env["QIWI_MERCHANT_GATE_SECRET"] = ""
    r = subprocess.run([SCRIPT, "shop"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "QIWI_MERCHANT_GATE_SECRET" in r.stderr


@pytest.fixture
def second_store() -> Iterator[Dict[str, str]]:
    port, db_port = free_port(), free_port()
    # the extension the test store runs (its own copy): no second build, whatever the checkout's state
    so = Path(os.environ["OPENCART_DIR"]).parent / "qiwi_merchant.so"
    env = script_env(PORT=str(port), OPENCART_DB_PORT=str(db_port), OPENCART_EXT_SO=str(so))
    try:
        yield env
    finally:
        subprocess.run([SCRIPT, "stop"], env=env, capture_output=True, timeout=60)
        shutil.rmtree(ROOT / "target" / "opencart" / f"store-{port}", ignore_errors=True)


def start(env: Dict[str, str]) -> Tuple[str, Dict[str, str]]:
    """`scripts/opencart.sh start`: (the generated admin password as printed, the store's env file)."""
    r = subprocess.run([SCRIPT, "start"], env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    m = re.search(r"admin\s+(\S+)\s+user (\S+)\s+password (\S+) \(generated; set OPENCART_ADMIN_PASSWORD", r.stderr)
    assert m, r.stderr[-2000:]
    assert m.group(2) == "admin"
    assert "QIWI_MERCHANT_GATE_SECRET" not in r.stderr and env["QIWI_MERCHANT_GATE_SECRET"] not in r.stderr + r.stdout
    conf = dict(line.split("=", 1) for line in Path(r.stdout.strip().splitlines()[-1]).read_text().splitlines())
    return m.group(3), conf


TABLES = ["oc_qiwi_merchant_delivery", "oc_qiwi_merchant_ledger", "oc_qiwi_merchant_gate_payment",
          "oc_qiwi_merchant_cqr_order", "oc_qiwi_merchant_cqr_attempt"]


def tables(db: Db) -> list[str]:
    return sorted(r[0] for r in db.query("SHOW TABLES LIKE 'oc_qiwi_merchant_%'"))


def test_generated_admin_login_uninstall_and_a_rerun_starts_clean(second_store: Dict[str, str]) -> None:
    password, conf = start(second_store)
    url = conf["OPENCART_URL"]
    admin = Admin(url, "admin", password)  # the printed password logs in
    order, amount = Storefront(url).gate_order()
    db = Db(conf["OPENCART_DB_SOCKET"])
    assert db.count("oc_order", f"order_id = {order}") == 1
    assert tables(db) == sorted(TABLES) and db.count("oc_qiwi_merchant_delivery") == 0
    gate = GateSide(second_store["QIWI_MERCHANT_GATE_SECRET"], int(second_store["QIWI_MERCHANT_GATE_PROJECT_ID"]))
    st, doc = ShopEndpoints(url, gate, "", "").account_check(gate.check_deposit(str(order), amount))
    assert doc.get("code") == 0, doc

    # Uninstall: the first method leaves everything to the other; the last drops only empty tables.
    for code in ("qiwi_merchant_cqr", "qiwi_merchant_gate"):
        doc = admin.json(admin.get("extension/payment.uninstall", extension="qiwi_merchant", code=code))
        assert "success" in doc, doc
        if code == "qiwi_merchant_cqr":
            assert tables(db) == sorted(TABLES)
    assert tables(db) == ["oc_qiwi_merchant_delivery", "oc_qiwi_merchant_gate_payment"]  # they hold rows
    assert db.count("oc_qiwi_merchant_gate_payment") == 1
    for code in ("qiwi_merchant_gate", "qiwi_merchant_cqr"):
        doc = admin.json(admin.get("extension/payment.install", extension="qiwi_merchant", code=code))
        assert "success" in doc, doc
    assert tables(db) == sorted(TABLES) and db.count("oc_qiwi_merchant_gate_payment") == 1

    again, conf2 = start(second_store)
    assert conf2["OPENCART_URL"] == url and again != password
    with pytest.raises(RuntimeError):
        Admin(url, "admin", password)
    Admin(url, "admin", again)
    db = Db(conf2["OPENCART_DB_SOCKET"])
    assert db.count("oc_order") == 0
    assert db.count("oc_setting", "`key` = 'payment_qiwi_merchant_gate_status' AND value = '1'") == 1  # installed again
