"""Fixtures for the OpenCart plug-in tests (run by `scripts/opencart.sh test` / `make test-opencart`,
which starts a fresh store and exports its settings: OPENCART_URL, OPENCART_ADMIN_*,
OPENCART_DB_SOCKET, OPENCART_DIR, QIWI_MERCHANT_*)."""

from __future__ import annotations

import base64
import contextlib
import os
import socket
import socketserver
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from qiwi_merchant.simulator import messages as m  # noqa: E402
from qiwi_merchant.simulator.opencart import OpenCartPlatform, ShopEndpoints, Storefront  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def env(name: str) -> str:
    v = os.environ.get(name)
    if not v:
        pytest.fail(f"{name} is not set: run the tests through `make test-opencart` (scripts/opencart.sh test)")
    return v


@pytest.fixture(scope="session")
def cfg() -> Dict[str, Any]:
    return {
        "url": env("OPENCART_URL"),
        "admin_user": env("OPENCART_ADMIN_USER"),
        "admin_password": env("OPENCART_ADMIN_PASSWORD"),
        "socket": env("OPENCART_DB_SOCKET"),
        "secret": env("QIWI_MERCHANT_GATE_SECRET"),
        "project_id": int(env("QIWI_MERCHANT_GATE_PROJECT_ID")),
        "notify_user": env("QIWI_MERCHANT_CQR_NOTIFY_USER"),
        "notify_password": env("QIWI_MERCHANT_CQR_NOTIFY_PASSWORD"),
        "api_password": env("QIWI_MERCHANT_CQR_API_PASSWORD"),
        "shots": Path(os.environ.get("OPENCART_SCREENSHOTS", str(ROOT / "target" / "opencart"))),
        "php_log": os.environ.get("OPENCART_PHP_LOG", ""),
        "dir": Path(env("OPENCART_DIR")),
    }


@pytest.fixture(scope="session")
def gate(cfg: Dict[str, Any]) -> m.GateSide:
    return m.GateSide(cfg["secret"], cfg["project_id"])


@pytest.fixture(scope="session")
def shop(cfg: Dict[str, Any], gate: m.GateSide) -> ShopEndpoints:
    return ShopEndpoints(cfg["url"], gate, cfg["notify_user"], cfg["notify_password"])


@pytest.fixture(scope="session")
def platform(cfg: Dict[str, Any], gate: m.GateSide) -> Iterator[OpenCartPlatform]:
    p = OpenCartPlatform(env("QIWI_MERCHANT_SIMULATOR_LISTEN"), gate, env("QIWI_MERCHANT_CQR_API_USER"),
                         cfg["api_password"]).start()
    yield p
    p.stop()


@pytest.fixture
def storefront(cfg: Dict[str, Any]) -> Storefront:
    return Storefront(cfg["url"])


class Db:
    def __init__(self, socket: str):
        self.socket = socket

    def query(self, sql: str) -> list[list[str]]:
        out = subprocess.run(["mariadb", "--no-defaults", "-S", self.socket, "-uroot", "-N", "-B", "opencart", "-e", sql],
                             check=True, capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines()]

    def set_config(self, key: str, value: str) -> None:
        """A store setting (oc_setting, code config, store 0), read by OpenCart on every request."""
        k, v = key.replace("'", "''"), value.replace("\\", "\\\\").replace("'", "''")
        self.query(f"DELETE FROM oc_setting WHERE store_id = 0 AND `key` = '{k}'; "
                   f"INSERT INTO oc_setting (store_id, code, `key`, value, serialized) VALUES (0, 'config', '{k}', '{v}', 0)")

    def count(self, table: str, where: str = "1") -> int:
        return int(self.value(f"SELECT COUNT(*) FROM {table} WHERE {where}"))

    def snapshot(self, order_id: int) -> Dict[str, Any]:
        """Everything a delivery for the order could change (and the raw deliveries)."""
        o = int(order_id)
        return {
            "status": self.order_status(o),
            "history": self.query(f"SELECT order_history_id, order_status_id, notify FROM oc_order_history WHERE order_id = {o} ORDER BY 1"),
            "ledger": self.query(f"SELECT * FROM oc_qiwi_merchant_ledger WHERE order_id = {o} ORDER BY 1"),
            "gate": self.query(f"SELECT payment_id, status, credited, debited, applied_operations, raw_status, flag_reason "
                               f"FROM oc_qiwi_merchant_gate_payment WHERE order_id = {o} ORDER BY 1"),
            "cqr": self.query(f"SELECT status, credited, debited, payment_id, applied_keys, flag_reason "
                              f"FROM oc_qiwi_merchant_cqr_order WHERE order_id = {o}"),
        }

    def notified(self, order_id: int) -> list[list[str]]:
        """The order's history entries made for applied changes (the customer notified)."""
        return self.query(f"SELECT os.name, oh.comment FROM oc_order_history oh JOIN oc_order_status os ON "
                          f"os.order_status_id = oh.order_status_id AND os.language_id = 1 WHERE oh.order_id = {int(order_id)} "
                          "AND oh.notify = 1 AND oh.comment LIKE 'QIWI %' ORDER BY oh.order_history_id")

    def value(self, sql: str) -> str:
        rows = self.query(sql)
        return rows[0][0] if rows else ""

    def order_status(self, order_id: int) -> str:
        return self.value("SELECT os.name FROM oc_order o JOIN oc_order_status os ON os.order_status_id = o.order_status_id "
                          f"AND os.language_id = 1 WHERE o.order_id = {int(order_id)}")

    def history_count(self, order_id: int) -> int:
        return int(self.value(f"SELECT COUNT(*) FROM oc_order_history WHERE order_id = {int(order_id)}"))

    def ledger(self, order_id: int) -> list[list[str]]:
        return self.query(f"SELECT kind, amount, currency, idempotency_key FROM oc_qiwi_merchant_ledger WHERE order_id = {int(order_id)} ORDER BY ledger_id")


@pytest.fixture(scope="session")
def db(cfg: Dict[str, Any]) -> Db:
    return Db(cfg["socket"])


@pytest.fixture(scope="session")
def admin(cfg: Dict[str, Any]) -> Any:
    from ocadmin import Admin

    return Admin(cfg["url"], cfg["admin_user"], cfg["admin_password"])


class Settings:
    """The plug-in's settings page, saved through the admin (as its form posts it)."""

    def __init__(self, admin: Any):
        self.admin = admin
        self.base = admin.settings_from_env(dict(os.environ))
        self.changed = False

    def save(self, **overrides: Any) -> Dict[str, Any]:
        fields = {**self.base, **{("payment_qiwi_merchant_" + k if not k.startswith("payment_") else k): v for k, v in overrides.items()}}
        self.changed = True
        doc: Dict[str, Any] = self.admin.json(self.admin.post("extension/qiwi_merchant/payment/qiwi_merchant_gate.save", fields))
        return doc

    def set(self, **overrides: Any) -> None:
        doc = self.save(**overrides)
        assert "success" in doc, doc

    def restore(self) -> None:
        if self.changed:
            self.set(**{f"order_status_{o}": v for o, v in DEFAULT_STATUS_IDS.items()})
            self.changed = False


#: order-status setting -> id of its default (filled in by the `settings` fixture from the store)
DEFAULT_STATUS_IDS: Dict[str, str] = {}
STATUS_DEFAULTS = {"pending": "Pending", "paid": "Processing", "failed": "Failed", "refunded": "Refunded",
                   "reversed": "Reversed", "flagged": "QIWI payment review"}


@pytest.fixture
def settings(admin: Any, db: Db) -> Iterator[Settings]:
    """Settings changed by a test; the environment's settings and the default statuses are put back."""
    if not DEFAULT_STATUS_IDS:
        for outcome, name in STATUS_DEFAULTS.items():
            DEFAULT_STATUS_IDS[outcome] = db.value(f"SELECT order_status_id FROM oc_order_status WHERE name = '{name}' "
                                                   "AND language_id = 1 ORDER BY order_status_id LIMIT 1")
    s = Settings(admin)
    yield s
    s.restore()


class SmtpSink:
    """A loopback SMTP server that takes every message (OpenCart's smtp mail engine: EHLO, AUTH
    LOGIN, MAIL, RCPT, DATA) and keeps it: (recipients, message text)."""

    def __init__(self) -> None:
        self.messages: List[Tuple[List[str], str]] = []
        self.lock = threading.Lock()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                rcpt: List[str] = []
                say = lambda line: self.wfile.write(line.encode() + b"\r\n")  # noqa: E731
                say("220 qiwi-merchant-tests ESMTP")
                while True:
                    raw = self.rfile.readline()
                    if not raw:
                        return
                    cmd = raw.decode("utf-8", "replace").strip()
                    up = cmd.upper()
                    if up.startswith(("EHLO", "HELO")):
                        say("250-qiwi-merchant-tests")
                        say("250 AUTH LOGIN")
                    elif up == "AUTH LOGIN":
                        say("334 VXNlcm5hbWU6")
                        self.rfile.readline()
                        say("334 UGFzc3dvcmQ6")
                        self.rfile.readline()
                        say("235 ok")
                    elif up.startswith("MAIL FROM"):
                        rcpt = []
                        say("250 ok")
                    elif up.startswith("RCPT TO"):
                        rcpt.append(cmd.split(":", 1)[1].strip().strip("<>"))
                        say("250 ok")
                    elif up == "DATA":
                        say("354 go ahead")
                        lines = []
                        while True:
                            line = self.rfile.readline()
                            if not line or line.rstrip(b"\r\n") == b".":
                                break
                            lines.append(line.decode("utf-8", "replace"))
                        with sink.lock:
                            sink.messages.append((rcpt, "".join(lines)))
                        say("250 queued")
                    elif up == "QUIT":
                        say("221 bye")
                        return
                    else:
                        say("250 ok")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def to(self, address: str) -> List[str]:
        """The decoded bodies of the messages sent to address."""
        out = []
        with self.lock:
            msgs = list(self.messages)
        for rcpt, text in msgs:
            if address in rcpt:
                out.append(decode_mail(text))
        return out

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def decode_mail(text: str) -> str:
    """Headers plus the base64 or quoted-printable parts of a MIME message, decoded (for searching)."""
    import email
    from email import policy

    msg = email.message_from_string(text, policy=policy.default)
    parts = [f"Subject: {msg.get('Subject', '')}"]
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            try:
                parts.append(str(part.get_content()))
            except (LookupError, ValueError):
                payload = part.get_payload()
                parts.append(base64.b64decode(payload).decode("utf-8", "replace") if isinstance(payload, str) else "")
    return "\n".join(parts)


MAIL_KEYS = ("config_mail_engine", "config_mail_smtp_hostname", "config_mail_smtp_username", "config_mail_smtp_password",
             "config_mail_smtp_port", "config_mail_smtp_timeout")


@contextlib.contextmanager
def store_mail(db: Db, port: Optional[int]) -> Iterator[None]:
    """OpenCart's mail engine pointed at 127.0.0.1:port (smtp) for the block, then switched off again."""
    values = {"config_mail_engine": "smtp", "config_mail_smtp_hostname": "127.0.0.1", "config_mail_smtp_username": "shop",
              "config_mail_smtp_password": "shop", "config_mail_smtp_port": str(port), "config_mail_smtp_timeout": "5"}
    for k, v in values.items():
        db.set_config(k, v)
    try:
        yield
    finally:
        db.set_config("config_mail_engine", "")


@pytest.fixture
def mail(db: Db) -> Iterator[SmtpSink]:
    """Customer e-mail on: OpenCart's smtp engine sends to a loopback sink for the test."""
    sink = SmtpSink()
    with store_mail(db, sink.port):
        yield sink
    sink.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed in .venv (scripts/opencart.sh test installs tests/opencart/requirements.txt)")
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield b
        b.close()
