"""200,000 calls of each main function; the resident set must stay flat (after a warm-up)."""

from __future__ import annotations

import gc
import os
from typing import Callable

import pytest

from conftest import read_seed
from qiwi_merchant import QiwiMerchantError, cqr, gate, testing

N = int(os.environ.get("QIWI_LEAK_CALLS", "200000"))
SLACK_KIB = 8 * 1024  # allocator noise; a leak of even 40 bytes per call would be ~8 MiB


def rss_kib() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


SECRET = "leak-secret"
SIGNER = gate.Signer(SECRET)
CALLBACK = testing.gate_callback(SECRET, payment_id="leak", status="brand new status")
BAD = testing.gate_callback("other", payment_id="leak")
NOTIFICATION = read_seed("seed_notification.xml")


def parse_callback() -> None:
    cb = SIGNER.parse_callback(CALLBACK)
    cb.payment.status, cb.outcome, cb.raw, cb.operation.sum_initial  # type: ignore[union-attr]


def bad_callback() -> None:
    try:
        SIGNER.parse_callback(BAD)
    except QiwiMerchantError:
        pass


def sign() -> None:
    SIGNER.sign({"a": {"b": [1, "x", None, True, 10**30]}})


def bad_params() -> None:
    try:
        SIGNER.sign({"a": {"b": 1.5}})
    except QiwiMerchantError:
        pass


def cqr_parse() -> None:
    n = cqr.parse(NOTIFICATION)
    n.payment.amount.value, n.check_amount(9995, "USD")  # type: ignore[union-attr]


def account_check() -> None:
    SIGNER.parse_account_check(b'{"type":"verify","project_id":1,"customer_id":"c"}', 1)


@pytest.mark.parametrize(
    "fn", [parse_callback, bad_callback, sign, bad_params, cqr_parse, account_check], ids=lambda f: f.__name__
)
def test_no_leak(fn: Callable[[], None]) -> None:
    for _ in range(min(N, 20000)):
        fn()
    gc.collect()
    before = rss_kib()
    for _ in range(N):
        fn()
    gc.collect()
    grown = rss_kib() - before
    assert grown < SLACK_KIB, f"{fn.__name__}: RSS grew {grown} KiB over {N} calls"
