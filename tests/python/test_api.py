"""The Python API beyond the vectors: types, enums, errors, conversion rules, helpers."""

from __future__ import annotations

import json
import pickle
import re
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any, List

import pytest

import qiwi_merchant
from qiwi_merchant import _core
from qiwi_merchant import (
    LimitExceededError,
    MalformedInputError,
    QiwiMerchantError,
    SignatureError,
    ValidationError,
    cqr,
    gate,
    testing,
)
from qiwi_merchant.gate import AccountCheckResponse, CheckDepositRequest, Outcome, PaymentStatus, Signer, VerifyRequest

SECRET = "shop-secret"


def test_version_and_exports() -> None:
    # the core crate's version (the package and the core are released together)
    cargo = (Path(__file__).resolve().parents[2] / "Cargo.toml").read_text(encoding="utf-8")
    version = re.search(r'^version = "([^"]+)"', cargo, re.M)
    assert version is not None and qiwi_merchant.__version__ == version.group(1)
    for name in qiwi_merchant.__all__:
        assert hasattr(qiwi_merchant, name), name
    for mod in (gate, cqr, testing, qiwi_merchant.money):
        for name in mod.__all__:
            assert hasattr(mod, name), f"{mod.__name__}.{name}"
            obj = getattr(mod, name)
            if isinstance(obj, type) or callable(obj) and not hasattr(obj, "__origin__"):
                assert obj.__doc__, f"{mod.__name__}.{name} has no docstring"


def test_error_hierarchy_and_codes() -> None:
    for cls, code, kind in [
        (MalformedInputError, 1, "malformed_input"),
        (ValidationError, 2, "validation"),
        (SignatureError, 3, "signature_mismatch"),
        (LimitExceededError, 4, "limit_exceeded"),
        (qiwi_merchant.UnsupportedError, 5, "unsupported"),
        (qiwi_merchant.ProtocolError, 7, "protocol"),
        (qiwi_merchant.UnauthorizedError, 8, "unauthorized"),
    ]:
        assert issubclass(cls, QiwiMerchantError) and issubclass(cls, ValueError)
        e = cls("x")
        assert (e.code, e.kind) == (code, kind)
    e2 = pickle.loads(pickle.dumps(ValidationError("m", path="a", fields=[("a", "b")])))
    assert (e2.message, e2.path, e2.fields, e2.code) == ("m", "a", (("a", "b"),), 2)


def test_signer_repr_hides_secret() -> None:
    s = Signer("top-secret-value")
    assert "top-secret" not in repr(s) and "top-secret" not in str(s)
    with pytest.raises(TypeError):
        pickle.dumps(s)
    with pytest.raises(ValidationError):
        Signer("")
    assert Signer(b"top-secret-value").sign({"a": 1}) == s.sign({"a": 1})


def test_callback_typed() -> None:
    s = Signer(SECRET)
    body = testing.gate_callback(SECRET, payment_id="order-1", amount=2000)
    cb = s.parse_callback(body)
    assert cb.payment.id == "order-1"
    assert cb.payment.status == "success"
    assert cb.payment.status is PaymentStatus.SUCCESS
    assert isinstance(cb.payment.status, str)
    assert cb.outcome is Outcome.COMPLETED and cb.outcome == "completed" and cb.outcome.is_final
    assert cb.payment.sum is not None and (cb.payment.sum.amount, cb.payment.sum.currency) == (2000, "KZT")
    assert cb.payment.sum == gate.Sum(2000, "KZT")
    assert cb.raw["payment"]["id"] == "order-1"
    assert cb.raw is cb.raw  # cached
    assert cb.signature_is_canonical
    assert cb.errors == ()
    with pytest.raises(AttributeError):
        cb.payment = None  # type: ignore[misc]
    # Works on str too, and with the GIL released on large bodies.
    assert s.parse_callback(body.decode()).payment.id == "order-1"
    big = testing.gate_callback(SECRET, payment_id="order-2", extra={"pad": "x" * 5000})
    assert s.parse_callback(big).payment.id == "order-2"


def test_callback_status_is_the_cores() -> None:
    """``status`` is the core's choice: payment.status, else operation.status, else None."""
    s = Signer(SECRET)
    cb = s.parse_callback(testing.gate_callback(SECRET, payment_id="p", status="success", operation_status="processing"))
    assert cb.status is PaymentStatus.SUCCESS and cb.outcome is Outcome.COMPLETED
    body = testing.sign_message(SECRET, {"payment": {"id": "p"}, "operation": {"id": 1, "status": "Decline"}})
    cb = s.parse_callback(body)
    assert cb.payment.status is None and cb.operation is not None and cb.operation.status == "Decline"
    assert cb.status == "Decline" and cb.status.kind is PaymentStatus.DECLINE and cb.outcome is Outcome.FAILED
    bare = testing.sign_message(SECRET, {"payment": {"id": "p"}})
    cb = s.parse_callback(bare)
    assert cb.status is None and cb.outcome is Outcome.PENDING
    # raw_text is the body as received (a UTF-8 BOM dropped), raw the same message as a dict
    assert cb.raw_text == bare.decode() and cb.raw == json.loads(bare)
    bom = s.parse_callback(b"\xef\xbb\xbf" + body)
    assert bom.raw_text == body.decode() and bom.raw == json.loads(body)


def test_unknown_status_preserved() -> None:
    s = Signer(SECRET)
    cb = s.parse_callback(testing.gate_callback(SECRET, payment_id="p", status="brand new"))
    st = cb.payment.status
    assert st is not None
    assert st == "brand new" and st.raw == "brand new" and st.name == "UNKNOWN"
    assert not st.is_known and st.kind is None and st.outcome is Outcome.PENDING
    assert cb.outcome is Outcome.PENDING
    up = PaymentStatus("SUCCESS")
    assert up.raw == "SUCCESS" and up.kind is PaymentStatus.SUCCESS and up.outcome is Outcome.COMPLETED
    assert str(PaymentStatus.AWAITING_3DS_RESULT) == "awaiting 3ds result"
    for m in PaymentStatus:
        assert m.is_known and m.kind is m


def test_mixed_case_status_is_the_cores_canonical_member() -> None:
    # The member is the one the core names (gate_status_canonical), not a case fold done here.
    for text, member in [
        ("Awaiting 3DS Result", PaymentStatus.AWAITING_3DS_RESULT),
        ("INTERNAL error", PaymentStatus.INTERNAL_ERROR),
        ("Cancelled", PaymentStatus.CANCELLED),
        ("pArTiAlLy ReFuNdEd", PaymentStatus.PARTIALLY_REFUNDED),
    ]:
        st = PaymentStatus(text)
        assert _core.gate_status_canonical(text) == member.value
        assert st.kind is member and st.name == member.name and st.raw == text and st == text
        assert st.is_known and st.outcome is member.outcome
    for m in PaymentStatus:
        assert PaymentStatus(m.value.upper()).kind is m
    # Not a known status for the core (surrounding space, non-ASCII case): unknown, pending.
    for text in [" success", "SUCCESS\n", "\u0130nternal error"]:
        st = PaymentStatus(text)
        assert _core.gate_status_canonical(text) is None
        assert st.kind is None and st.name == "UNKNOWN" and st.outcome is Outcome.PENDING


def test_signature_errors() -> None:
    s = Signer(SECRET)
    body = testing.gate_callback("other-secret", payment_id="p")
    with pytest.raises(SignatureError) as ei:
        s.parse_callback(body)
    assert ei.value.kind == "signature_mismatch" and ei.value.code == 3 and not ei.value.is_missing
    with pytest.raises(SignatureError) as ei:
        s.parse_callback(b'{"payment":{"id":"p"}}')
    assert ei.value.kind == "missing_signature" and ei.value.code == 6 and ei.value.is_missing
    assert s.verify(body) is False
    assert s.verify(b'{"a":1}') is False
    with pytest.raises(MalformedInputError):
        s.verify(b"{not json")
    with pytest.raises(MalformedInputError):
        s.parse_callback(b'{"a":1,"a":2}')
    with pytest.raises(ValidationError):
        s.verify(12)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "params,path",
    [
        ({"a": 1.5}, "a"),
        ({"a": {"b": [1, Decimal("1.5")]}}, "a:b:1"),
        ({"a": [b"x"]}, "a:0"),
        ({"a": {"b": object()}}, "a:b"),
        ({"a": float("nan")}, "a"),
        ({"a": {1: "x"}}, "a"),
    ],
)
def test_non_json_values_rejected_with_path(params: Any, path: str) -> None:
    with pytest.raises(ValidationError) as ei:
        Signer(SECRET).sign(params)
    assert ei.value.path == path
    assert ei.value.message.startswith(path + ": ")


def test_conversion_rules() -> None:
    s = Signer(SECRET)
    # bool before int, big ints exact, tuples are lists, None is null.
    assert gate.stamp({"t": True, "f": False, "n": None}) == "f:0;n:;t:1"
    assert gate.stamp({"big": 10**30, "neg": -(10**25)}) == "big:" + str(10**30) + ";neg:" + str(-(10**25))
    assert gate.stamp({"l": (1, "x")}) == "l:0:1;l:1:x"
    assert s.sign({"a": 1}) == s.sign(b'{"a":1}') == s.sign('{"a": 1}')
    deep: Any = {}
    cur = deep
    for _ in range(100):
        cur["x"] = {}
        cur = cur["x"]
    with pytest.raises(LimitExceededError):
        s.sign(deep)
    with pytest.raises(ValidationError):
        s.sign([1, 2])  # type: ignore[arg-type]


def test_sign_request_puts_signature_in_general() -> None:
    s = Signer(SECRET)
    body = s.sign_request({"general": {"project_id": 1, "payment_id": "p"}})
    d = json.loads(body)
    assert d["general"]["signature"] == s.sign({"general": {"project_id": 1, "payment_id": "p"}})
    assert s.verify(body)


def test_account_check_flow() -> None:
    s = Signer(SECRET)
    r = s.parse_account_check(testing.account_check_request(SECRET, project_id=7, customer_id="c1"), 7)
    assert isinstance(r, VerifyRequest) and r.customer_id == "c1" and r.type == "verify"
    answer = AccountCheckResponse.verify_ok("KZT")
    assert (answer.code, answer.body, answer.http_status) == (0, b'{"code":0,"currency":"KZT"}', 200)
    r2 = s.parse_account_check(testing.account_check_request(SECRET, project_id=7, customer_id="c1", amount=500, currency="KZT"), 7)
    assert isinstance(r2, CheckDepositRequest) and (r2.amount, r2.currency) == (500, "KZT")
    r3 = s.parse_account_check(testing.account_check_request("wrong", project_id=7, customer_id="c1"), 7)
    assert isinstance(r3, AccountCheckResponse) and r3.code == 400
    assert isinstance(r3.error, SignatureError)
    r4 = s.parse_account_check(testing.account_check_request(SECRET, project_id=8, customer_id="c1"), 7)
    assert isinstance(r4, AccountCheckResponse) and r4.code == 400
    with pytest.raises(ValidationError):
        AccountCheckResponse.verify_ok("XYZ")
    # "malformed JSON" is said once in the answer and the error
    r5 = s.parse_account_check(b'{"type":"verify",', 7)
    assert isinstance(r5, AccountCheckResponse) and r5.code == 500
    assert isinstance(r5.error, MalformedInputError)
    message = json.loads(r5.body)["message"]
    assert message.startswith("malformed JSON at byte ") and message.count("malformed JSON") == 1
    assert str(r5.error).count("malformed JSON") == 1


def test_account_check_extra_without_signatures() -> None:
    s = Signer(SECRET)
    params = {"type": "verify", "project_id": 7, "customer_id": "c1", "general": {"payment_id": "p"},
              "note": {"signature": "inner", "k": 1}, "list": [{"signature": "data"}]}
    body = json.loads(s.sign_request(params))  # signed at general.signature
    assert "signature" in body["general"]
    r = s.parse_account_check(json.dumps(body), 7)
    assert isinstance(r, VerifyRequest)
    assert r.extra == {"general": {"payment_id": "p"}, "note": {"k": 1}, "list": [{"signature": "data"}]}
    assert r.raw["general"]["signature"] == body["general"]["signature"]  # raw keeps the message as received


def test_payout_and_status() -> None:
    s = Signer(SECRET)
    path, body = s.payout_request(
        project_id=35,
        payment_id="p1",
        customer={"id": "1", "ip_address": "198.51.100.47", "first_name": "J", "last_name": "D", "email": "j@d.kz"},
        account_number="9182221133",
        amount=100,
        extra={"payment": {"description": "x"}},
    )
    assert path == gate.PAYOUT_PATH and s.verify(body)
    with pytest.raises(ValidationError) as ei:
        s.payout_request(
            project_id=35,
            payment_id="",
            customer={"id": "1", "ip_address": "bad", "first_name": "J", "last_name": "D", "email": "j@d.kz"},
            account_number="1",
            amount=0,
        )
    assert ei.value.field_names == ("general.payment_id", "customer.ip_address", "payment.amount")
    with pytest.raises(ValidationError) as ei:
        s.payout_request(
            project_id=35, payment_id="p", account_number="1", amount=1,
            customer={"id": "1", "ip_address": "1.2.3.4", "first_name": "J", "last_name": "D", "email": "j@d.kz"},
            extra={"payment": {"fee": 0.5}},
        )
    assert ei.value.path == "payment:fee"
    path, body = s.status_request(35, "p1")
    assert path == gate.STATUS_PATH and s.verify(body)
    pr = s.parse_payout_response(200, b'{"status":"success","request_id":"r","payment_id":"p1"}', "p1")
    assert pr.outcome is gate.PayoutOutcome.ACCEPTED and pr.request_id == "r"
    pr = s.parse_payout_response(504, b"", "p1")
    assert pr.outcome is gate.PayoutOutcome.UNKNOWN and pr.reason
    # 2xx: only "error" is a refusal; another or a missing status is not known
    pr = s.parse_payout_response(200, b'{"status":"processing","payment_id":"p1"}', "p1")
    assert pr.outcome is gate.PayoutOutcome.UNKNOWN and pr.reason is not None and "processing" in pr.reason
    pr = s.parse_payout_response(200, b"{}", "p1")
    assert pr.outcome is gate.PayoutOutcome.UNKNOWN
    pr = s.parse_payout_response(200, b'{"status":"error","code":"3"}', "p1")
    assert pr.outcome is gate.PayoutOutcome.REJECTED
    sr = s.parse_status_response(testing.gate_callback(SECRET, payment_id="p1"))
    assert sr.outcome is gate.StatusOutcome.FOUND and sr.callback is not None
    assert sr.callback.payment.id == "p1"


def test_cqr_flow(seed_notification: bytes) -> None:
    n = cqr.parse(seed_notification)
    assert isinstance(n, cqr.Notification) and n.kind is cqr.MessageKind.NOTIFICATION
    assert n.outcome is cqr.Outcome.COMPLETED
    p = n.payment
    assert p.amount.value == Decimal("99.95") and p.amount.currency == "USD" and p.amount.minor == 9995
    assert p.shop_fee is not None and p.shop_fee.value == Decimal("0.05")
    assert p.state.key == 29 and p.state.created_on is not None and p.state.created_on.nanos == 710000000
    assert n.check_amount(9995, "USD").result is cqr.AmountCheckResult.MATCH
    assert n.check_amount(10000, "USD").result is cqr.AmountCheckResult.MATCH_WITH_SHOP_FEE
    mm = n.check_amount(1, "USD")
    assert not mm.ok and mm.reason
    assert p.effective_outcome is cqr.Outcome.COMPLETED and p.is_executed_consistent
    assert cqr.parse_notification(seed_notification.decode("utf-8")) == n
    with pytest.raises(AttributeError):
        n.kind = "x"  # type: ignore[misc]
    ack = cqr.ack_processed()
    assert "<key>0</key><value>ProcessedSuccessfully</value>" in ack
    assert "<resultMessage>retry</resultMessage>" in cqr.ack_error_processing_event("retry")
    own = testing.cqr_notification(payment_id="p-1", merchant_transaction_id="o-1", amount="12.30", currency="USD")
    m = cqr.parse_notification(own)
    assert m.payment.amount.value == Decimal("12.30") and m.check_amount(1230, "USD").ok
    gp = cqr.build_get_payments_request("m", "s", "o-1")
    assert "<merchantTransactionID>o-1</merchantTransactionID>" in gp
    creds = cqr.BasicCredentials("pxp", "pw")
    assert creds.verify(testing.basic_auth_header("pxp", "pw")) and not creds.verify(None)
    assert not creds.verify("Basic Og==")
    # an empty user name or password is refused when constructed: `Basic Og==` never authenticates
    for user, password, fields in [("", "", ("user", "password")), ("", "pw", ("user",)), ("pxp", "", ("password",))]:
        with pytest.raises(ValidationError) as ve:
            cqr.BasicCredentials(user, password)
        assert ve.value.code == 2 and ve.value.kind == "validation" and ve.value.field_names == fields
    assert cqr.IpAllowList.pxp_test().decide(cqr.PXP_TEST_IP) == (True, cqr.PXP_TEST_IP)
    with pytest.raises(MalformedInputError):
        cqr.parse(b"<!DOCTYPE x><x/>")


def test_signer_shared_between_threads() -> None:
    s = Signer(SECRET)
    small = testing.gate_callback(SECRET, payment_id="t-small")
    big = testing.gate_callback(SECRET, payment_id="t-big", extra={"pad": "y" * 4096})
    bad = testing.gate_callback("nope", payment_id="t-bad")
    errors: List[BaseException] = []

    def work() -> None:
        try:
            for _ in range(300):
                assert s.parse_callback(small).payment.id == "t-small"
                assert s.parse_callback(big).payment.id == "t-big"
                assert s.verify(big) and not s.verify(bad)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]


@pytest.mark.parametrize(
    "major,currency,minor",
    [("21.50", "USD", 2150), ("21.5", "KZT", 2150), ("22", "JPY", 22), ("21.5", "KWD", 21500), ("-0.005", "KWD", -5)],
)
def test_money_exact(major: str, currency: str, minor: int) -> None:
    assert qiwi_merchant.money.to_minor(major, currency) == minor
    assert qiwi_merchant.money.to_minor(Decimal(major), currency) == minor
    back = qiwi_merchant.money.to_major(minor, currency)
    assert Decimal(back) == Decimal(major) and len(back.partition(".")[2]) == qiwi_merchant.money.exponent(currency)


def test_money_refusals() -> None:
    assert qiwi_merchant.money.to_minor(Decimal("1E+2"), "USD") == 10000 and qiwi_merchant.money.to_minor(7, "JPY") == 7
    for bad, currency in [("1.005", "USD"), ("1.5", "JPY"), ("x", "USD"), ("1", "ZZZ")]:
        with pytest.raises(ValidationError):
            qiwi_merchant.money.to_minor(bad, currency)
    for not_exact in (1.5, True, None, b"1"):
        with pytest.raises(ValidationError) as ei:
            qiwi_merchant.money.to_minor(not_exact, "USD")  # type: ignore[arg-type]
        assert ei.value.path == "amount"


@pytest.mark.parametrize("currency,minor", [("USD", 2150), ("JPY", 2150), ("KWD", 2150)])
def test_cqr_builders_and_the_simulator_read_amounts_exactly(currency: str, minor: int) -> None:
    """testing's builders write amount_minor with the currency's digits; the simulator reads
    the shop's initiatePaymentRequest through the package (not a hard-coded x100)."""
    from qiwi_merchant.simulator.__main__ import Simulator

    n = cqr.parse_notification(testing.cqr_notification(
        payment_id="p", merchant_transaction_id="o", amount_minor=minor, currency=currency, shop_fee="0"))
    assert n.payment.amount.minor == minor and n.check_amount(minor, currency).ok
    r = cqr.parse_initiate_answer(testing.cqr_initiate_response(
        redirect_url="https://pxp.invalid/r?a=1&b=2", payment_id="p", merchant_transaction_id="o",
        amount_minor=minor, currency=currency))
    assert isinstance(r, cqr.InitiateResponse) and r.redirect_url == "https://pxp.invalid/r?a=1&b=2"
    assert r.payment.is_executed is False and r.payment.state.key == 30
    g = cqr.parse_get_payments_answer(testing.cqr_get_payments_response([
        testing.cqr_payment_xml(payment_id=f"p{i}", merchant_transaction_id="o", amount_minor=minor, currency=currency)
        for i in range(2)]))
    assert isinstance(g, cqr.GetPaymentsResponse) and [p.payment_id for p in g.payments] == ["p0", "p1"]
    assert g.confirmation("p1") is cqr.Confirmation.COMPLETED and g.confirmation("p9") is cqr.Confirmation.NOT_FOUND
    request = cqr.build_initiate_request(
        merchant_id="M", shop_id="S", merchant_transaction_id="o-1", amount_minor=minor, currency=currency,
        user_id="u", user_session_id="s", email_address="a@example.com", country_code2="KZ",
        merchant_notification_url="https://shop.example/n")
    assert Simulator.parse_initiate(request.body) == {
        "merchant_id": "M", "shop_id": "S", "mtid": "o-1", "amount_minor": minor, "currency": currency}
    assert testing.basic_auth_header("pxp", "pw") == cqr.basic_authorization("pxp", "pw") == "Basic cHhwOnB3"


def test_parse_ack_reads_every_answer_back() -> None:
    # Each documented decision, through the core's builder and back.
    for result, code, name in [
        ("processed", 0, "ProcessedSuccessfully"),
        ("unknown_state", 2, "UnknownState"),
        ("error_processing_event", 10, "ErrorProcessingEvent"),
    ]:
        ack = cqr.parse_ack(cqr.ack(result, "db <down> & retry"))
        assert (ack.code, ack.name, ack.result) == (code, name, result)
        assert ack.message == ("" if code == 0 else "db <down> & retry")
        assert ack.to_dict() == {
            "result_code": {"code": code, "name": name},
            "result": result,
            "message": ack.message,
        }
        assert repr(ack) == f"Ack(code={code}, name={name!r}, result={result!r})".replace("'", '"')
    custom = cqr.parse_ack(cqr.build_ack(15, message="blocked").encode())
    assert (custom.code, custom.name, custom.result, custom.message) == (15, "BlockedByMerchant", None, "blocked")
    assert cqr.parse_ack(cqr.ack_processed()) == cqr.parse_ack(cqr.ack_processed().encode())


def test_parse_ack_hostile_inputs_are_typed_errors() -> None:
    good = cqr.ack_processed()
    with pytest.raises(qiwi_merchant.MalformedInputError):
        cqr.parse_ack(good.replace("?>", '?><!DOCTYPE x [<!ENTITY a "b">]>', 1))
    with pytest.raises(qiwi_merchant.MalformedInputError) as mi:
        cqr.parse_ack(testing.cqr_notification(payment_id="1", merchant_transaction_id="m"))
    assert mi.value.path == "/handlePaymentStateChangedNotificationRequest"
    for end in range(len(good)):
        with pytest.raises((qiwi_merchant.MalformedInputError, qiwi_merchant.ValidationError)):
            cqr.parse_ack(good[:end])
    with pytest.raises(qiwi_merchant.ValidationError) as vi:
        cqr.parse_ack(good.replace("<key>0</key>", "<key>zero</key>"))
    assert vi.value.path == "/handlePaymentStateChangedNotificationResponse/resultCode/key"
    with pytest.raises(LimitExceededError) as li:
        cqr.parse_ack(good.encode() + b" " * 100, limits={"max_body_bytes": 100})
    assert li.value.limit == "body_size"
