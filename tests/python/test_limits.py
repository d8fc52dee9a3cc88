"""Parser limits (``limits=``), the per-answer CQR parsers, and integers of any length in both
directions (JSON → Python ``int`` and back), independent of ``sys.set_int_max_str_digits``."""

from __future__ import annotations

import json
import sys
from typing import Any, Callable, Dict, Iterator

import pytest

from qiwi_merchant import LimitExceededError, MalformedInputError, ValidationError, cqr, gate, testing
from qiwi_merchant.gate import AccountCheckResponse, Signer, VerifyRequest

from conftest import CQR_VECTORS, read_seed

SECRET = "shop-secret"
BIG = 10**5000 - 1  # 5000 digits: over CPython's default int(str) limit of 4300


@pytest.fixture(autouse=True)
def default_int_digit_limit() -> Iterator[None]:
    """Every test here runs with CPython's default digit limit (4300), whatever was set."""
    get = getattr(sys, "get_int_max_str_digits", None)
    if get is None:  # Python < 3.11: no limit at all
        yield
        return
    old = get()
    sys.set_int_max_str_digits(4300)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(old)


def _cqr_input(name: str) -> str:
    with open(f"{CQR_VECTORS}/{name}", encoding="utf-8") as f:
        return str(json.load(f)["input_xml"])


# ---- limits= ----------------------------------------------------------------------------------

GATE_DEEP = b'{"a":{"b":{"c":1}},"signature":"x"}'  # depth 3


@pytest.mark.parametrize(
    "limits, name",
    [
        ({"max_foo": 1}, "limits:max_foo"),
        ({"max_depth": 0}, "limits:max_depth"),
        ({"max_depth": -5}, "limits:max_depth"),
        ({"max_items": True}, "limits:max_items"),
        ({"max_string_bytes": 1.0}, "limits:max_string_bytes"),
        ({"max_body_bytes": "10"}, "limits:max_body_bytes"),
        ({"max_body_bytes": 2**80}, "limits:max_body_bytes"),
        ({1: 2}, "limits"),
        ([("max_depth", 2)], "limits"),
    ],
)
def test_bad_limits_name_the_key(limits: Any, name: str) -> None:
    calls: Dict[str, Callable[[], object]] = {
        "Signer": lambda: Signer(SECRET, limits=limits),
        "stamp": lambda: gate.stamp(b"{}", limits=limits),
        "stamp(mapping)": lambda: gate.stamp({"a": 1}, limits=limits),
        "cqr.parse": lambda: cqr.parse(b"<x/>", limits=limits),
        "parse_notification": lambda: cqr.parse_notification(b"<x/>", limits=limits),
        "parse_initiate_answer": lambda: cqr.parse_initiate_answer(b"<x/>", limits=limits),
        "parse_get_payments_answer": lambda: cqr.parse_get_payments_answer(b"<x/>", limits=limits),
        "parse_initiate_request": lambda: cqr.parse_initiate_request(b"<x/>", limits=limits),
    }
    for what, call in calls.items():
        with pytest.raises(ValidationError) as ei:
            call()
        assert ei.value.path == name, what
        assert name in str(ei.value), what


def test_gate_limits_apply_to_every_parse() -> None:
    s = Signer(SECRET, limits={"max_depth": 2})
    body = testing.gate_callback(SECRET, payment_id="p")  # payment:sum is depth 3
    for call in (s.verify, s.check_signature, s.parse_callback, s.parse_status_response, s.sign):
        with pytest.raises(LimitExceededError) as ei:
            call(body)
        assert ei.value.limit == "depth"
    r = s.parse_account_check(testing.account_check_request(SECRET, project_id=1, customer_id="c",
                                                             extra={"x": {"y": {"z": 1}}}), 1)
    assert isinstance(r, AccountCheckResponse) and r.error is not None and r.error.limit == "depth"
    pr = s.parse_payout_response(200, b'{"status":"success","payment_id":"p","x":{"y":{"z":1}}}', "p")
    assert pr.outcome is gate.PayoutOutcome.UNKNOWN and pr.error == "limit_exceeded"
    # The defaults still hold for the keys left out; a raised limit lets the body through.
    assert Signer(SECRET).parse_callback(body).payment.id == "p"
    assert Signer(SECRET, limits={"max_depth": 3}).parse_callback(body).payment.id == "p"
    small = Signer(SECRET, limits={"max_body_bytes": 10, "max_items": 1000, "max_string_bytes": 100})
    with pytest.raises(LimitExceededError) as ei:
        small.verify(body)
    assert ei.value.limit == "body_size"
    with pytest.raises(LimitExceededError) as ei:
        Signer(SECRET, limits={"max_items": 3}).verify(body)
    assert ei.value.limit == "items"
    with pytest.raises(LimitExceededError) as ei:
        Signer(SECRET, limits={"max_string_bytes": 4}).verify(body)
    assert ei.value.limit == "string_length"
    assert Signer(SECRET, limits=None).verify(body)


def test_stamp_limits() -> None:
    assert gate.stamp(GATE_DEEP) == "a:b:c:1"
    with pytest.raises(LimitExceededError) as ei:
        gate.stamp(GATE_DEEP, limits={"max_depth": 2})
    assert ei.value.limit == "depth"
    with pytest.raises(LimitExceededError) as ei:
        gate.stamp(GATE_DEEP.decode(), limits={"max_body_bytes": 8})
    assert ei.value.limit == "body_size"
    # A Mapping is not parsed: the limits are only validated.
    assert gate.stamp({"a": {"b": {"c": 1}}}, limits={"max_depth": 1}) == "a:b:c:1"


def test_raised_depth_is_capped_at_256() -> None:
    """A huge max_depth acts as the core's ceiling (256): deeper answers are refused with the
    depth limit instead of overflowing the stack in the tree walks (20,000 levels crashed)."""
    signer = Signer(SECRET, limits={"max_depth": 20005, "max_body_bytes": 8 << 20})

    def answer(depth: int) -> bytes:
        # the root object is level 1, "x" opens level 2
        n = depth - 1
        return b'{"status":"success","request_id":"r","payment_id":"p","x":' + b"[" * n + b"]" * n + b"}"

    ok = signer.parse_payout_response(200, answer(256), "p")
    assert ok.outcome == "accepted"
    assert ok.raw is not None
    for depth in (257, 20000):
        r = signer.parse_payout_response(200, answer(depth), "p")
        assert r.outcome == "unknown" and r.error == "limit_exceeded", r
    with pytest.raises(LimitExceededError) as ei:
        gate.stamp(answer(20000), limits={"max_depth": 1 << 30, "max_body_bytes": 8 << 20})
    assert ei.value.limit == "depth"
    with pytest.raises(LimitExceededError) as ei:
        cqr.parse(b"<a>" * 300 + b"</a>" * 300, limits={"max_depth": 1 << 30})
    assert ei.value.limit == "depth"


def test_cqr_limits(seed_notification: bytes) -> None:
    parsers: Dict[str, Callable[..., object]] = {
        "parse": cqr.parse,
        "parse_notification": cqr.parse_notification,
        "parse_initiate_answer": cqr.parse_initiate_answer,
        "parse_get_payments_answer": cqr.parse_get_payments_answer,
        "parse_initiate_request": cqr.parse_initiate_request,
    }
    for what, parse in parsers.items():
        for limits, limit in (
            ({"max_body_bytes": 100}, "body_size"),
            ({"max_depth": 2}, "depth"),
            ({"max_items": 5}, "items"),
            ({"max_string_bytes": 3}, "string_length"),
        ):
            with pytest.raises(LimitExceededError) as ei:
                parse(seed_notification, limits=limits)
            assert ei.value.limit == limit, (what, limits)
    # Raised limits and the defaults accept it.
    assert cqr.parse_notification(seed_notification, limits={"max_body_bytes": 1 << 24}).payment
    assert cqr.parse(seed_notification, limits={}) == cqr.parse(seed_notification)


# ---- the per-answer CQR parsers ---------------------------------------------------------------


def test_parse_initiate_answer() -> None:
    xml = read_seed("seed_initiate_response.xml")
    a = cqr.parse_initiate_answer(xml)
    assert isinstance(a, cqr.InitiateResponse) and a.kind is cqr.MessageKind.INITIATE_RESPONSE
    assert a == cqr.parse(xml)
    exc = _cqr_input("parse_exception_namespace.json")
    e = cqr.parse_initiate_answer(exc)
    assert isinstance(e, cqr.ServiceException) and e.error_code == 800
    assert e == cqr.parse(exc)
    for other in (read_seed("seed_notification.xml"), _cqr_input("parse_get_payments_two.json")):
        with pytest.raises(MalformedInputError):
            cqr.parse_initiate_answer(other)


def test_parse_get_payments_answer() -> None:
    xml = _cqr_input("parse_get_payments_two.json")
    g = cqr.parse_get_payments_answer(xml)
    assert isinstance(g, cqr.GetPaymentsResponse) and len(g.payments) == 2
    assert g == cqr.parse(xml)
    assert g.confirmation(g.payments[0].payment_id) is not None
    e = cqr.parse_get_payments_answer(_cqr_input("parse_exception_no_namespace.json").encode())
    assert isinstance(e, cqr.ServiceException) and e.kind is cqr.MessageKind.PAYMENT_SERVICE_EXCEPTION
    for other in (read_seed("seed_notification.xml"), read_seed("seed_initiate_response.xml")):
        with pytest.raises(MalformedInputError):
            cqr.parse_get_payments_answer(other)


# ---- integers of any length -------------------------------------------------------------------


def test_payout_answer_big_integers() -> None:
    body = (
        b'{"status":"success","request_id":"r","payment_id":"p","n":' + b"9" * 5000
        + b',"m":-' + b"9" * 5000 + b',"z":-0,"e":1e400,"x":[12345678901234567890123]}'
    )
    r = Signer("k").parse_payout_response(200, body, "p")
    assert r.outcome is gate.PayoutOutcome.ACCEPTED and r.raw is not None
    assert r.raw["n"] == BIG and r.raw["m"] == -BIG
    assert type(r.raw["n"]) is int and r.raw["z"] == 0 and r.raw["e"] == float("inf")
    assert r.raw["x"] == [12345678901234567890123]
    # Unknown and rejected answers keep their raw dict too.
    r = Signer("k").parse_payout_response(200, b'{"n":' + b"7" * 6000 + b"}", "p")
    assert r.outcome is gate.PayoutOutcome.UNKNOWN and r.raw == {"n": _sevens(6000)}
    r = Signer("k").parse_payout_response(
        400, b'{"status":"error","code":"1","errors":[{"n":' + b"7" * 6000 + b"}]}", "p"
    )
    assert r.outcome is gate.PayoutOutcome.REJECTED and r.errors == [{"n": _sevens(6000)}]


def _sevens(n: int) -> int:
    return 7 * (10**n - 1) // 9


def _signed(fields: bytes) -> bytes:
    """``{fields}`` with its top-level signature (``testing.sign_message`` uses json.dumps,
    which cannot write such integers)."""
    body = b"{" + fields + b"}"
    return body[:-1] + b',"signature":"' + Signer(SECRET).sign(body).encode() + b'"}'


def test_callback_raw_big_integers() -> None:
    body = _signed(
        b'"payment":{"id":"p","status":"success","sum":{"amount":100,"currency":"KZT"}},'
        b'"n":' + b"9" * 5000 + b',"m":-' + b"9" * 5000
    )
    cb = Signer(SECRET).parse_callback(body)
    assert cb.raw["n"] == BIG and cb.raw["m"] == -BIG and cb.raw["payment"]["id"] == "p"
    sr = Signer(SECRET).parse_status_response(body)
    assert sr.callback is not None and sr.callback.raw["n"] == BIG


def test_account_check_big_integers() -> None:
    body = _signed(b'"type":"verify","project_id":7,"customer_id":"c","n":' + b"9" * 5000)
    r = Signer(SECRET).parse_account_check(body, 7)
    assert isinstance(r, VerifyRequest)
    assert r.raw["n"] == BIG and r.extra["n"] == BIG


def test_sign_and_stamp_big_integers() -> None:
    for n in (BIG, -BIG, 2**64, -(2**64), 10**19, 10**40 + 7, _sevens(4301)):
        assert gate.stamp({"n": n}) == "n:" + _digits(n)
    s = Signer(SECRET)
    body = s.sign_request({"n": BIG, "general": {"project_id": 1}})
    assert b"9" * 5000 in body and s.verify(body)
    assert s.sign({"n": BIG}) == s.sign(b'{"n":' + b"9" * 5000 + b"}")


def _digits(n: int) -> str:
    """Decimal text without ``str(int)`` (limited to 4300 digits here)."""
    sign, n = ("-", -n) if n < 0 else ("", n)
    out = []
    while n:
        n, r = divmod(n, 10**100)
        out.append(f"{r:0100d}" if n else str(r))
    return sign + "".join(reversed(out)) if out else "0"
