"""Shared helpers of the Python test suite (run with `make test-python`)."""

from __future__ import annotations

import base64
import json
import os
from typing import Any, Dict, Iterator, List, Tuple

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GATE_VECTORS = os.path.join(ROOT, "tests", "vectors", "gate")
CQR_VECTORS = os.path.join(ROOT, "tests", "vectors", "cqr")
SECRET = "qiwi-merchant-test-secret"


def gate_cases() -> List[Tuple[str, Dict[str, Any]]]:
    out = []
    for name in sorted(os.listdir(GATE_VECTORS)):
        if name.endswith(".json"):
            with open(os.path.join(GATE_VECTORS, name), encoding="utf-8") as f:
                doc = json.load(f)
            for case in doc["cases"]:
                out.append((f"{name}:{case['name']}", case))
    return out


def cqr_files() -> List[Tuple[str, Dict[str, Any]]]:
    out = []
    for name in sorted(os.listdir(CQR_VECTORS)):
        if name.endswith(".json"):
            with open(os.path.join(CQR_VECTORS, name), encoding="utf-8") as f:
                out.append((name, json.load(f)))
    return out


def gate_input(case: Dict[str, Any]) -> bytes:
    if "input" in case:
        return case["input"].encode("utf-8")  # type: ignore[no-any-return]
    return base64.b64decode(case["input_b64"])


def read_seed(name: str) -> bytes:
    with open(os.path.join(CQR_VECTORS, name), "rb") as f:
        return f.read()


@pytest.fixture
def seed_notification() -> bytes:
    return read_seed("seed_notification.xml")


def iter_none() -> Iterator[None]:
    yield None


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With QIWI_PYTEST_MIN_TESTS set (make test-python), too few tests is a failure."""
    want = int(os.environ.get("QIWI_PYTEST_MIN_TESTS", "0"))
    if want and session.testscollected < want:
        print(f"\nconftest: only {session.testscollected} tests collected, expected at least {want}")
        session.exitstatus = 1
