"""Checks over everything the session did (this module runs last): every applied change left an
order history entry with the customer notified, and neither PHP nor OpenCart logged a warning."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Dict

import pytest


def test_every_applied_change_has_a_notified_history_entry(db: Any) -> None:
    applied = dict(db.query("SELECT order_id, COUNT(*) FROM oc_qiwi_merchant_delivery WHERE action = 'apply' "
                            "AND order_id IS NOT NULL GROUP BY order_id"))
    assert len(applied) >= 10, applied  # the session applied changes to many orders, by every path
    # entries the plug-in made for applied changes: notified, except where the mail server failed
    # (test_history.py breaks it on purpose; the entry says so)
    entries = dict(db.query("SELECT order_id, COUNT(*) FROM oc_order_history WHERE comment LIKE 'QIWI %' "
                            "AND comment NOT LIKE '%held for review%' GROUP BY order_id"))
    notified = dict(db.query("SELECT order_id, COUNT(*) FROM oc_order_history WHERE comment LIKE 'QIWI %' "
                             "AND comment NOT LIKE '%held for review%' AND (notify = 1 OR comment LIKE "
                             "'%[customer notification failed:%') GROUP BY order_id"))
    assert entries == applied
    assert notified == applied
    sources = {r[0] for r in db.query("SELECT DISTINCT source FROM oc_qiwi_merchant_delivery WHERE action = 'apply'")}
    assert sources == {"gate_callback", "gate_status", "cqr_notification", "cqr_get_payments"}, sources
    # and flags are entries the customer is not told about
    assert db.count("oc_order_history", "comment LIKE '%held for review%' AND notify = 1") == 0


def test_php_log_has_no_warnings(cfg: Dict[str, Any]) -> None:
    if not cfg["php_log"] or not os.path.exists(cfg["php_log"]):
        pytest.fail("OPENCART_PHP_LOG is not set")
    log = Path(cfg["php_log"]).read_bytes()
    assert not re.search(rb"PHP (Warning|Notice|Deprecated|Fatal|Parse)|Uncaught", log), log[-2000:]


def test_opencart_error_log_is_empty(cfg: Dict[str, Any]) -> None:
    """OpenCart's own error handler writes PHP warnings of the store (catalog and admin) here."""
    logs = Path(cfg["dir"]) / "system" / "storage" / "logs"
    for f in logs.glob("*.log"):
        assert f.read_text(errors="replace").strip() == "", f"{f}: {f.read_text(errors='replace')[-2000:]}"
