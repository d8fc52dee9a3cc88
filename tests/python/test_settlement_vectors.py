"""The shared settlement vectors (tests/vectors/settlement/) through the Python API, as the Rust
runner tests/settlement_vectors.rs runs them: records and settings go in as dicts, each message
as its raw bytes; every member of a step's ``expect`` must equal the decision's (``action``,
``reason_code``, ``record``, ``effects``, ``http_status``, ``result_code``), and the decision's
record is the next step's input. Then the error paths: bad records, settings and messages raise
the core's errors through the package's exception classes."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Tuple

import pytest

from conftest import ROOT
from qiwi_merchant import (
    LimitExceededError,
    MalformedInputError,
    QiwiMerchantError,
    SignatureError,
    ValidationError,
    cqr,
    gate,
)
from qiwi_merchant.gate import Signer

VECTORS = os.path.join(ROOT, "tests", "vectors", "settlement")


def load(name: str) -> Dict[str, Any]:
    with open(os.path.join(VECTORS, name), encoding="utf-8") as f:
        doc: Dict[str, Any] = json.load(f)
    return doc


GATE = load("gate.json")
CQR = load("cqr.json")


def cases(doc: Dict[str, Any]) -> List[Tuple[str, Dict[str, Any]]]:
    return [(c["name"], c) for c in doc["cases"]]


def check(expected: Dict[str, Any], decision: gate.Decision, what: str) -> None:
    """Every member of ``expected`` equals the decision's member of the same name, read both from
    the attributes and from ``to_dict()``."""
    assert expected, f"{what}: empty expectation"
    as_dict = decision.to_dict()
    for key, want in expected.items():
        if key == "effects":
            got: Any = [e.to_dict() for e in decision.effects]
        else:
            got = getattr(decision, key)
        assert got == want, f"{what}: `{key}` differs: {got!r} != {want!r}; decision: {as_dict}"
        assert as_dict.get(key) == want, f"{what}: to_dict()[{key!r}] differs"


def test_vector_files_are_big_enough() -> None:
    assert len(GATE["cases"]) >= 40 and len(CQR["cases"]) >= 35
    assert sum(len(c["steps"]) for c in GATE["cases"]) >= 50
    assert sum(len(c["steps"]) for c in CQR["cases"]) >= 40


@pytest.mark.parametrize("name,case", cases(GATE), ids=[n for n, _ in cases(GATE)])
def test_gate_settlement_vector(name: str, case: Dict[str, Any]) -> None:
    signer = Signer(GATE["secret"])
    project: Optional[int] = GATE["project_id"]
    record: Optional[Dict[str, Any]] = case["record"]
    for i, step in enumerate(case["steps"]):
        what = f"{name} step {i}"
        if "callback" in step:
            decision = gate.settle(signer, record, step["callback"].encode("utf-8"), project)
        elif "status_answer" in step:
            decision = gate.settle_status(signer, record, step["status_answer"].encode("utf-8"), project)
        else:
            assert step["storage_failed"] is True, what
            decision = gate.storage_failed(record)
        check(step["expect"], decision, what)
        assert decision.result_code is None and decision.body is None, what
        assert decision.is_flagged == (decision.action == "flag"), what
        record = decision.record


@pytest.mark.parametrize("name,case", cases(CQR), ids=[n for n, _ in cases(CQR)])
def test_cqr_settlement_vector(name: str, case: Dict[str, Any]) -> None:
    settings = case["settings"]
    order: Optional[Dict[str, Any]] = case["order"]
    for i, step in enumerate(case["steps"]):
        what = f"{name} step {i}"
        if "notification" in step:
            gp = step.get("get_payments")
            decision = cqr.settle(settings, order, step["notification"].encode("utf-8"),
                                  None if gp is None else gp.encode("utf-8"))
        elif "poll" in step:
            assert order is not None, what
            decision = cqr.settle_get_payments(settings, order, step["poll"].encode("utf-8"))
        else:
            assert step["storage_failed"] is True, what
            decision = cqr.storage_failed(settings, order)
        check(step["expect"], decision, what)
        # the answer body is the ack of the result code, HTTP 200 always
        code = step["expect"]["result_code"]
        assert decision.body is not None and f"<key>{code}</key>" in decision.body, what
        assert decision.http_status == 200 and decision.result_name, what
        order = decision.record


# ----------------------------------------------------------------------------- the API shape

GATE_RECORD: Dict[str, Any] = {"kind": "deposit", "status": "pending", "amount": 10000, "currency": "KZT"}
SETTINGS: Dict[str, Any] = {"merchant_id": "TestMerchant", "shop_id": "TestShop"}


def first_step(doc: Dict[str, Any], name: str) -> Dict[str, Any]:
    step: Dict[str, Any] = next(c for c in doc["cases"] if c["name"] == name)["steps"][0]
    return step


def test_decision_and_effect_are_frozen_and_typed() -> None:
    signer = Signer(GATE["secret"])
    body = first_step(GATE, "pending_to_completed_credit")["callback"]
    d = gate.settle(signer, GATE_RECORD, body, 111)
    assert isinstance(d, gate.Decision) and gate.Decision is cqr.Decision
    assert (d.action, d.reason_code, d.http_status, d.is_flagged) == ("apply", "completed", 200, False)
    assert d.reason and "completed" in d.reason
    (e,) = d.effects
    assert isinstance(e, gate.Effect) and gate.Effect is cqr.Effect
    assert (e.kind, e.amount, e.currency, e.idempotency_key) == ("credit", 10000, "KZT", "gate/dep-1/credit")
    assert e == gate.settle(signer, GATE_RECORD, body, 111).effects[0] and hash(e) == hash(e)
    assert "credit" in repr(e) and "apply" in repr(d)
    for obj, attr in ((d, "action"), (d, "record"), (e, "amount")):
        with pytest.raises(AttributeError):
            setattr(obj, attr, None)
    # the record is a fresh dict on every access: changing one changes nothing in the decision
    rec = d.record
    assert rec is not None and rec["status"] == "completed"
    rec["status"] = "failed"
    assert d.record is not None and d.record["status"] == "completed"
    # str bodies, project_id left out (not checked), no record (unmatched)
    assert gate.settle(signer, GATE_RECORD, body.decode() if isinstance(body, bytes) else body).action == "apply"
    u = gate.settle(signer, None, body)
    assert (u.action, u.reason_code, u.record, u.effects) == ("unmatched", "unknown_payment", None, ())


def test_storage_failed_decisions() -> None:
    g = gate.storage_failed(GATE_RECORD)
    assert (g.action, g.reason_code, g.http_status, g.effects) == ("retry", "storage_failed", 503, ())
    assert g.record is not None and g.record["status"] == "pending" and g.record["credited"] == 0
    assert gate.storage_failed(None).record is None
    c = cqr.storage_failed(SETTINGS, None)
    assert (c.action, c.result_code, c.result_name, c.http_status) == ("retry", 10, "ErrorProcessingEvent", 200)
    assert c.body is not None and "<key>10</key>" in c.body


def test_bind_attempt() -> None:
    order = {"status": "failed", "amount": 500, "currency": "KZT", "payment_id": "pxp-a"}
    bound = cqr.bind_attempt(order, "pxp-b")
    assert bound == {"status": "pending", "amount": 500, "currency": "KZT", "credited": 0, "debited": 0,
                     "payment_id": "pxp-b", "applied_keys": []}
    with pytest.raises(ValidationError) as ve:
        cqr.bind_attempt(dict(order, status="completed", credited=500), "pxp-c")
    assert ve.value.path == "status"
    with pytest.raises(ValidationError) as ve:
        cqr.bind_attempt(order, " ")
    assert ve.value.path == "payment_id"


# ----------------------------------------------------------------------------- error paths


@pytest.mark.parametrize("record,path", [
    (dict(GATE_RECORD, amount=0), "amount"),
    (dict(GATE_RECORD, currency="XAU"), "currency"),
    (dict(GATE_RECORD, currency="kzt"), "currency"),
    (dict(GATE_RECORD, credited=1, debited=2), "debited"),
    (dict(GATE_RECORD, credited=-1), "credited"),
    (dict(GATE_RECORD, applied_operations=[""]), "applied_operations"),
    (dict(GATE_RECORD, applied_operations=["1", 2]), "applied_operations:1"),  # wrong type in a list
    (dict(GATE_RECORD, credit=5), "credit"),  # unknown member
    (dict(GATE_RECORD, status="settled"), "status"),  # unknown status
    (dict(GATE_RECORD, amount="100"), "amount"),  # wrong type
    ({"status": "pending", "amount": 1, "currency": "KZT"}, "kind"),  # kind missing
])
def test_bad_gate_record_is_a_validation_error_naming_the_field(record: Dict[str, Any], path: str) -> None:
    signer = Signer(GATE["secret"])
    body = first_step(GATE, "pending_to_completed_credit")["callback"]
    for call in (lambda: gate.settle(signer, record, body, 111),
                 lambda: gate.settle_status(signer, record, body, 111),
                 lambda: gate.storage_failed(record)):
        with pytest.raises(ValidationError) as ve:
            call()
        assert ve.value.path == path, ve.value
        assert ve.value.code == 2 and ve.value.kind == "validation"


def test_record_values_that_are_not_json() -> None:
    from decimal import Decimal

    with pytest.raises(ValidationError) as ve:
        gate.storage_failed(dict(GATE_RECORD, amount=Decimal("1")))
    assert ve.value.path == "amount"
    for not_a_mapping in ([1, 2], "x", 5):
        with pytest.raises(ValidationError) as ve:
            gate.storage_failed(not_a_mapping)  # type: ignore[arg-type]
        assert ve.value.path == "record"
    with pytest.raises(ValidationError) as ve:
        cqr.storage_failed(None, None)  # type: ignore[arg-type]
    assert ve.value.path == "settings"
    with pytest.raises(ValidationError) as ve:
        cqr.bind_attempt(["pending"], "p")  # type: ignore[arg-type]
    assert ve.value.path == "order"


def test_gate_message_errors() -> None:
    signer = Signer(GATE["secret"])
    body: str = first_step(GATE, "pending_to_completed_credit")["callback"]
    tampered = body.replace('"amount":10000', '"amount":10001', 1)
    assert tampered != body
    with pytest.raises(SignatureError) as se:
        gate.settle(signer, GATE_RECORD, tampered, 111)
    assert se.value.kind == "signature_mismatch"
    with pytest.raises(SignatureError) as se:
        gate.settle(Signer("another-secret"), GATE_RECORD, body, 111)
    with pytest.raises(SignatureError) as se:
        gate.settle(signer, GATE_RECORD, b'{"payment":{"id":"p","status":"success"}}', 111)
    assert se.value.is_missing
    with pytest.raises(MalformedInputError):
        gate.settle(signer, GATE_RECORD, b'{"payment":', 111)
    with pytest.raises(LimitExceededError) as le:
        gate.settle(Signer(GATE["secret"], limits={"max_body_bytes": 64}), GATE_RECORD, body, 111)
    assert le.value.limit == "body_size"
    with pytest.raises(SignatureError):
        gate.settle_status(signer, GATE_RECORD, tampered, 111)
    with pytest.raises(TypeError):
        gate.settle(signer, GATE_RECORD, 12, 111)  # type: ignore[arg-type]


@pytest.mark.parametrize("settings,path", [
    ({"merchant_id": "", "shop_id": "s"}, "merchant_id"),
    ({"merchant_id": "m", "shop_id": " "}, "shop_id"),
    ({"merchant_id": "m"}, "shop_id"),
    ({"merchant_id": "m", "shop_id": "s", "confirm": True}, "confirm"),
    ({"merchant_id": "m", "shop_id": "s", "confirm_with_get_payments": "yes"}, "confirm_with_get_payments"),
])
def test_bad_cqr_settings(settings: Dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as ve:
        cqr.storage_failed(settings, None)
    assert ve.value.path == path


@pytest.mark.parametrize("order,path", [
    ({"status": "pending", "amount": 1, "currency": "KZT", "payment_id": " "}, "payment_id"),
    ({"status": "pending", "amount": -1, "currency": "KZT"}, "amount"),
    ({"status": "pending", "amount": 1, "currency": "KZT", "applied_keys": [""]}, "applied_keys"),
    ({"status": "refunded", "amount": 1, "currency": "KZT"}, "status"),
    ({"status": "pending", "amount": 1, "currency": "KZT", "reversed": True}, "reversed"),
])
def test_bad_cqr_order(order: Dict[str, Any], path: str) -> None:
    step = first_step(CQR, "bound_attempt_completes")
    for call in (lambda: cqr.settle(SETTINGS, order, step["notification"]),
                 lambda: cqr.storage_failed(SETTINGS, order),
                 lambda: cqr.bind_attempt(order, "pxp-1")):
        with pytest.raises(ValidationError) as ve:
            call()
        assert ve.value.path == path, ve.value


def test_cqr_message_errors() -> None:
    order = {"status": "pending", "amount": 1, "currency": "KZT"}
    with pytest.raises(MalformedInputError):
        cqr.settle(SETTINGS, order, b"<notxml")
    with pytest.raises(MalformedInputError):
        cqr.settle(SETTINGS, order, b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    step = first_step(CQR, "confirmation_completed_credits")
    with pytest.raises(MalformedInputError):  # a getPayments answer that is not one
        cqr.settle(dict(SETTINGS, confirm_with_get_payments=True), order, step["notification"], step["notification"])
    with pytest.raises(MalformedInputError):
        cqr.settle_get_payments(SETTINGS, order, b"<getPaymentsResponse")
    with pytest.raises(QiwiMerchantError):
        cqr.settle_get_payments(SETTINGS, None, step["get_payments"])  # type: ignore[arg-type]
