"""Every CQR vector (tests/vectors/cqr/*.json, format in its README) through the Python API,
with the same expectations as the Rust runner tests/cqr_vectors.rs."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any, Dict, List

import pytest

from conftest import cqr_files
from qiwi_merchant import MalformedInputError, QiwiMerchantError, ValidationError, cqr

FILES = cqr_files()


def test_vector_files_present() -> None:
    assert len(FILES) > 50


def xml_input(v: Dict[str, Any]) -> bytes:
    if "input_xml" in v:
        return v["input_xml"].encode("utf-8")  # type: ignore[no-any-return]
    return base64.b64decode(v["input_base64"])


def check_error(e: QiwiMerchantError, want: Dict[str, Any]) -> None:
    assert e.kind == want["kind"], str(e)
    if "path" in want:
        assert e.path == want["path"]
    if "limit" in want:
        assert e.limit == want["limit"]
    if "fields" in want:
        assert list(e.field_names) == want["fields"]


def drop_none(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: drop_none(x) for k, x in v.items() if x is not None}
    return v


#: Shape members read under another attribute name (the shape's ``raw`` is the text as written).
RENAMED = {"Timestamp": {"raw": "raw_text"}, "Detail": {"raw": "raw_value"}}
#: Shape members the objects do not model (always ``protocol`` for a protocol error).
SHAPE_ONLY = {"InitiateResult": {"error_kind"}}


def check_value(got: Any, want: Any, where: str) -> None:
    """One attribute against its shape member: records recursively, Decimals by value and by
    their exact text, enums and scalars by equality and type."""
    if isinstance(got, tuple):
        assert isinstance(want, list) and len(got) == len(want), where
        for i, (g, w) in enumerate(zip(got, want)):
            check_value(g, w, f"{where}[{i}]")
    elif hasattr(got, "to_dict"):
        assert got.to_dict() == want, where
        check_object(got, want, where)
    elif isinstance(got, Decimal):
        assert isinstance(want, str) and str(got) == want and got == Decimal(want), where
    elif isinstance(got, str):  # str enums too: equal to the wire name
        assert isinstance(want, str) and got == want, where
    else:
        assert got == want and type(got) is type(want), f"{where}: {got!r} != {want!r}"


def check_object(obj: Any, shape: Dict[str, Any], where: str) -> None:
    """Every member of ``shape`` read through the typed object's attributes."""
    name = type(obj).__name__
    for key, want in shape.items():
        if key in SHAPE_ONLY.get(name, ()):
            continue
        attr = RENAMED.get(name, {}).get(key, key)
        if name == "Money" and key == "value":
            assert obj.text == want, where
        got = getattr(obj, attr)
        check_value(got, want, f"{where}.{attr}")
        if hasattr(got, "to_dict"):
            assert getattr(obj, attr) is got, f"{where}.{attr} is built once"


def check_typed(msg: cqr.Message, want: Dict[str, Any]) -> None:
    """The typed attributes agree with the shape, member by member."""
    assert msg.kind == want["kind"]
    check_object(msg, want, want["kind"])
    payments: List[cqr.Payment] = []
    if isinstance(msg, (cqr.Notification, cqr.InitiateResponse)):
        payments = [msg.payment]
    elif isinstance(msg, cqr.GetPaymentsResponse):
        payments = list(msg.payments)
        for p in payments:
            assert msg.find(p.payment_id) is next(q for q in payments if q.payment_id == p.payment_id)
    for p in payments:
        if p.payment_details is not None:
            for item in p.payment_details:
                if item.value_type == "decimal" and item.value is not None:
                    assert isinstance(item.value, Decimal)
    if isinstance(msg, cqr.Notification):
        assert msg.outcome == want["outcome"]
        assert msg.idempotency_key == want["idempotency_key"]
        assert msg.payment.effective_outcome == want["effective_outcome"]


@pytest.mark.parametrize("name,v", FILES, ids=[f[0] for f in FILES])
def test_cqr_vector(name: str, v: Dict[str, Any]) -> None:
    assert isinstance(v["description"], str)
    kind = v["kind"]
    if kind == "parse":
        if "expect_error" in v:
            with pytest.raises(QiwiMerchantError) as ei:
                cqr.parse(xml_input(v))
            check_error(ei.value, v["expect_error"])
        else:
            msg = cqr.parse(xml_input(v))
            assert msg.to_dict() == v["expect"]
            assert msg.raw == xml_input(v)  # the body as received
            check_typed(msg, v["expect"])
            if v["expect"]["kind"] == "notification":
                assert cqr.parse_notification(xml_input(v)).to_dict() == v["expect"]
            else:
                with pytest.raises(MalformedInputError):
                    cqr.parse_notification(xml_input(v))
    elif kind == "parse_initiate_request":
        got = cqr.parse_initiate_request(xml_input(v))
        assert drop_none(got) == drop_none(v["expect"])
    elif kind == "initiate":
        if "expect_error" in v:
            with pytest.raises(QiwiMerchantError) as ei:
                cqr.build_initiate_request(v["input"])
            check_error(ei.value, v["expect_error"])
            return
        built = cqr.build_initiate_request(v["input"])
        assert built.xml == v["expect_xml"]
        assert [w.field for w in built.warnings] == v["expect_warnings"]
        back = drop_none(cqr.parse_initiate_request(built.body))
        expect = dict(v["input"])
        if expect.get("country_code2") is not None:
            expect["country_code2"] = expect["country_code2"].upper()
        expect["creation_type_id"] = expect.get("creation_type_id") or 1
        ud = expect.get("user_data")
        if ud is not None and not drop_none({k: x for k, x in ud.items() if k != "address"}) and not drop_none(
            ud.get("address") or {}
        ):
            del expect["user_data"]
        assert back == drop_none(expect)
    elif kind == "ack":
        i = v["input"]
        assert cqr.build_ack(i["code"], i.get("name"), i.get("message", "")) == v["expect_xml"]
        # The platform's side reads it back (cqr.parse_ack), and it writes out unchanged.
        ack = cqr.parse_ack(v["expect_xml"])
        assert ack.code == i["code"] and (i.get("name") is None or ack.name == i["name"])
        assert cqr.build_ack(ack.code, ack.name, ack.message) == v["expect_xml"]
    elif kind == "get_payments_request":
        i = v["input"]
        args = (i.get("merchant_id"), i.get("shop_id"), i.get("merchant_transaction_id"), i.get("is_executed"))
        if "expect_error" in v:
            with pytest.raises(QiwiMerchantError) as ei:
                cqr.build_get_payments_request(*args)  # type: ignore[arg-type]
            check_error(ei.value, v["expect_error"])
        else:
            assert cqr.build_get_payments_request(*args) == v["expect_xml"]  # type: ignore[arg-type]
    elif kind == "basic_auth":
        i = v["input"]
        if "expect_error" in v:
            # an empty configured user or password is refused when constructed (cqr.md 5.2 step 3)
            with pytest.raises(ValidationError) as ve:
                cqr.BasicCredentials(i["user"], i["password"])
            check_error(ve.value, v["expect_error"])
            return
        creds = cqr.BasicCredentials(i["user"], i["password"])
        assert creds.verify(i["header"]) is v["expect"]
        if v["expect"]:
            creds.check(i["header"])
        else:
            with pytest.raises(QiwiMerchantError) as ei:
                creds.check(i["header"])
            assert ei.value.kind == "unauthorized"
        assert i["password"] not in repr(creds)
    elif kind == "ip_allow":
        i = v["input"]
        lst = cqr.IpAllowList(i["allowed"], i["trusted_proxies"], i["header"])
        allowed, client = lst.decide(i["peer"], i["headers"])
        assert {"allowed": allowed, "client": client} == v["expect"]
    elif kind == "envoy_code":
        i = v["input"]
        if "count" in i:
            from qiwi_merchant import _core

            assert _core.cqr_envoy_code_count() == v["expect"]["count"]
        else:
            assert cqr.envoy_message(i["code"]) == v["expect"]["message"]
    elif kind == "states":
        for c in v["cases"]:
            assert cqr.state_name(c["key"]) == c["name"]
            assert cqr.outcome_of(c["key"]) == c["outcome"]
    elif kind == "operation_url":
        for c in v["cases"]:
            assert cqr.url(c["operation"], c["base"]) == c["expect"]
    elif kind == "amount_check":
        n = cqr.parse_notification(xml_input(v))
        for c in v["cases"]:
            assert n.check_amount(c["expected_minor"], c["currency"]).result == c["expect"], c
    else:
        raise AssertionError(f"unknown vector kind {kind}")
