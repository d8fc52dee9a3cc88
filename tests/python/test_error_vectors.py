"""The shared error vectors (tests/vectors/errors/) through the Python package.

* kinds.json: the binding's exception map (``_core.error_kinds()``, built from the core's
  ``ErrorKind::ALL``) equals the table, and every class exists in ``qiwi_merchant.exceptions``
  with that code and kind: a kind missing, added or mapped elsewhere fails here.
* arguments.json: every bad argument raises the table's exception class with the expected
  ``kind``, ``code`` and ``path`` (the Rust, C and PHP runners check the same cases).
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Dict, List

import pytest

import qiwi_merchant
from qiwi_merchant import _core, cqr, exceptions, gate
from qiwi_merchant.exceptions import QiwiMerchantError

from conftest import ROOT

ERROR_VECTORS = os.path.join(ROOT, "tests", "vectors", "errors")


def _load(name: str) -> Dict[str, Any]:
    with open(os.path.join(ERROR_VECTORS, name), encoding="utf-8") as f:
        return json.load(f)  # type: ignore[no-any-return]


KINDS: List[Dict[str, Any]] = _load("kinds.json")["kinds"]
CASES: List[Dict[str, Any]] = _load("arguments.json")["cases"]


def test_the_binding_maps_exactly_the_core_kinds() -> None:
    assert [(k["code"], k["kind"], k["python"]) for k in KINDS] == list(_core.error_kinds())


@pytest.mark.parametrize("row", KINDS, ids=[k["kind"] for k in KINDS])
def test_each_kind_has_its_class(row: Dict[str, Any]) -> None:
    cls = getattr(exceptions, row["python"])
    assert issubclass(cls, QiwiMerchantError)
    assert row["python"] in exceptions.__all__ and row["python"] in qiwi_merchant.__all__
    assert getattr(qiwi_merchant, row["python"]) is cls
    # A class of one kind defaults to it; a shared class (SignatureError: 3 and 6) to one of its.
    shared = [k for k in KINDS if k["python"] == row["python"]]
    assert (cls.default_code, cls.default_kind) in [(k["code"], k["kind"]) for k in shared]
    # An instance made the way the binding makes one carries the kind's code and name.
    e = cls("message", code=row["code"], kind=row["kind"])
    assert (e.code, e.kind, str(e)) == (row["code"], row["kind"], "message")


def test_every_exception_class_is_in_the_table() -> None:
    classes = {name for name in exceptions.__all__ if name != "QiwiMerchantError"}
    assert classes == {k["python"] for k in KINDS}


def _call(call: str, i: Dict[str, Any]) -> Callable[[], object]:
    calls: Dict[str, Callable[[], object]] = {
        "gate_signer": lambda: gate.Signer(i["secret"], limits=i.get("limits")),
        "gate_stamp": lambda: gate.stamp(i["params"], limits=i.get("limits")),
        "gate_sign": lambda: gate.Signer(i["secret"]).sign(i["params"]),
        "cqr_parse": lambda: cqr.parse(i["xml"], limits=i.get("limits")),
        "cqr_ack": lambda: cqr.build_ack(i["code"], i.get("name")),
        "cqr_ip_decide": lambda: cqr.IpAllowList(
            i["allowed"], i.get("trusted_proxies", []), i.get("header", "x-forwarded-for")
        ).decide(i["peer"], i.get("headers", [])),
        "cqr_basic_authorization": lambda: cqr.basic_authorization(i["user"], i["password"]),
        "cqr_url": lambda: cqr.url(i["operation"], i.get("base")),
        "cqr_initiate": lambda: cqr.build_initiate_request(i.get("document")),
        # The payout document's members are keyword arguments here; its customer is a mapping.
        "gate_payout": lambda: gate.Signer(i["secret"]).payout_request(**i["document"]),
        "gate_storage_failed": lambda: gate.storage_failed(i["record"]),
    }
    assert call in calls, f"unknown call {call}: add it to every runner and the README"
    return calls[call]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_argument_error(case: Dict[str, Any]) -> None:
    want = case["expect_error"]
    cls = getattr(exceptions, next(k["python"] for k in KINDS if k["kind"] == want["kind"]))
    with pytest.raises(cls) as info:
        _call(case["call"], case["input"])()
    e = info.value
    assert (e.kind, e.code) == (want["kind"], want["code"]), e
    if "path" in want:
        assert e.path == want["path"], e


def test_every_call_has_cases() -> None:
    assert len(CASES) >= 40
    assert {c["call"] for c in CASES} == {
        "gate_signer",
        "gate_stamp",
        "gate_sign",
        "cqr_parse",
        "cqr_ack",
        "cqr_ip_decide",
        "cqr_basic_authorization",
        "cqr_url",
        "cqr_initiate",
        "gate_payout",
        "gate_storage_failed",
    }
