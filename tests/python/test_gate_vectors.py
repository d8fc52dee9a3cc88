"""Every shared Gate vector (tests/vectors/gate/*.json) through the Python API, with the same
expectations as the Rust runner tests/gate_vectors.rs."""

from __future__ import annotations

import enum
import json
from typing import Any, Dict

import pytest

from conftest import gate_cases, gate_input
from qiwi_merchant import QiwiMerchantError, SignatureError, gate
from qiwi_merchant.gate import AccountCheckResponse, PaymentStatus, Signer

CASES = gate_cases()


def test_vector_files_present() -> None:
    assert len(CASES) > 150, len(CASES)


def check_error(case: Dict[str, Any], err: QiwiMerchantError) -> None:
    assert err.kind == case["error"], f"{case['name']}: {err.kind} {err}"
    if "limit" in case:
        assert err.limit == case["limit"]
    if "path" in case:
        assert err.path == case["path"]
    if "error_fields" in case:
        assert list(err.field_names) == case["error_fields"]


def status_kind_name(s: PaymentStatus) -> str:
    k = s.kind
    if k is None:
        return "unknown"
    return k.name.lower().replace("awaiting_3ds", "awaiting3ds")


def assert_shape(expected: Any, actual: Any, path: str) -> None:
    """Every member of `expected` (the core's JSON shape) matches the Python object."""
    if isinstance(expected, dict):
        if isinstance(actual, PaymentStatus):
            for k, v in expected.items():
                got = {"raw": actual.raw, "kind": status_kind_name(actual), "outcome": actual.outcome.value}[k]
                assert got == v, f"{path}.{k}: {got!r} != {v!r}"
            return
        assert actual is not None, f"{path}: missing"
        for k, v in expected.items():
            if isinstance(actual, dict):
                sub = actual.get(k)
            elif k == "signature":
                sub = actual.signature_variant
            else:
                sub = getattr(actual, k)
            assert_shape(v, sub, f"{path}.{k}")
    elif isinstance(expected, list):
        assert isinstance(actual, (list, tuple)), f"{path}: {actual!r}"
        assert len(expected) == len(actual), path
        for i, (e, a) in enumerate(zip(expected, actual)):
            assert_shape(e, a, f"{path}.{i}")
    else:
        if isinstance(actual, enum.Enum):
            actual = actual.value
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


@pytest.mark.parametrize("name,case", CASES, ids=[c[0] for c in CASES])
def test_gate_vector(name: str, case: Dict[str, Any]) -> None:
    op = case["op"]
    if op == "stamp":
        try:
            assert gate.stamp(gate_input(case)) == case["stamp"]
        except QiwiMerchantError as e:
            check_error(case, e)
        return
    signer = Signer(case.get("secret", "unused"))
    if op == "sign":
        try:
            sig = signer.sign(gate_input(case))
        except QiwiMerchantError as e:
            check_error(case, e)
            return
        assert sig == case["signature"]
        assert gate.stamp(gate_input(case)) == case["stamp"]
        # The parsed dict signs the same (no floats in the successful cases).
        assert signer.sign(json.loads(gate_input(case))) == sig
    elif op == "verify":
        body = gate_input(case)
        try:
            variant = signer.check_signature(body)
        except QiwiMerchantError as e:
            check_error(case, e)
            if isinstance(e, SignatureError):
                assert signer.verify(body) is False
            else:
                with pytest.raises(type(e)):
                    signer.verify(body)
            return
        assert "error" not in case, name
        assert variant == case["variant"]
        assert signer.verify(body) is True
    elif op == "account_check":
        r = signer.parse_account_check(gate_input(case), case["project_id"])
        if isinstance(r, AccountCheckResponse):
            assert "response_code" in case, f"{name}: rejected: {r.error}"
            assert r.code == case["response_code"]
            assert r.http_status == 200
            body = json.loads(r.body)
            assert body["code"] == case["response_code"]
            assert body["message"]
            if "message_contains" in case:
                assert case["message_contains"] in body["message"]
            if "message" in case:
                assert body["message"] == case["message"]
                assert case["message"] in str(r.error)
            assert r.body.startswith(b'{"code":')
            assert isinstance(r.error, QiwiMerchantError)
        else:
            assert "request" in case, f"{name}: accepted, expected {case.get('response_code')}"
            assert_shape(case["request"], r, "request")
            assert r.raw == json.loads(gate_input(case))
    elif op == "account_check_response":
        args = case["args"]
        try:
            b = case["builder"]
            if b == "verify_ok":
                resp = AccountCheckResponse.verify_ok(args["currency"], args.get("additional_customer_id"))
            elif b == "check_deposit_ok":
                resp = AccountCheckResponse.check_deposit_ok(args["payment_id"])
            elif b == "not_found":
                resp = AccountCheckResponse.not_found(args.get("message"))
            else:
                resp = AccountCheckResponse.general_error(args["message"])
        except QiwiMerchantError as e:
            check_error(case, e)
            return
        assert resp.body.decode() == case["body"]
    elif op == "callback":
        try:
            cb = signer.parse_callback(gate_input(case))
        except QiwiMerchantError as e:
            check_error(case, e)
            return
        assert "error" not in case, name
        assert_shape(case["callback"], cb, "callback")
        assert cb.raw == json.loads(gate_input(case).decode("utf-8-sig"))
    elif op == "payout":
        try:
            path, body = signer.payout_request(**case["request"])
        except QiwiMerchantError as e:
            check_error(case, e)
            return
        assert path == case["path"]
        assert body.decode() == case["body"]
        assert gate.stamp(body) == case["stamp"]
    elif op == "status_request":
        try:
            path, body = signer.status_request(case["project_id"], case["payment_id"])
        except QiwiMerchantError as e:
            check_error(case, e)
            return
        assert path == case["path"]
        assert body.decode() == case["body"]
    elif op == "payout_response":
        pr = signer.parse_payout_response(case["http_status"], gate_input(case), case["payment_id"], case["resend"])
        assert pr.outcome == case["result"]
        if "request_id" in case:
            assert pr.request_id == case["request_id"]
        if "error" in case:
            assert pr.error == case["error"]
    elif op == "status_response":
        try:
            sr = signer.parse_status_response(gate_input(case))
        except QiwiMerchantError as e:
            check_error(case, e)
            return
        assert "error" not in case, name
        assert sr.outcome == case["result"]
        if "callback" in case:
            assert_shape(case["callback"], sr.callback, "callback")
    else:
        raise AssertionError(f"unknown op {op}")
