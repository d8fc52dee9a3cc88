"""Every shared settlement vector (tests/vectors/settlement/) through the real views, services and
database (SQLite and PostgreSQL: scripts/test-django.sh runs both).

For each case the stored row is created from the case's record / order; each step is delivered
the way the platform delivers it (a Gate callback POSTed to the callback view; a CQR
notification POSTed to the notification view with Basic auth, the getPayments confirmation
answered by an injected transport; a status answer or a getPayments poll through
payouts.poll_status / cqr_client.poll_payment with an injected transport; a storage failure by
making the payment row's save fail). Then: the HTTP answer (and CQR resultCode), the record
built from the stored row equals the expected record, the delivery row's state and reason code
are the decision's, and the ledger holds exactly the expected effects so far (keys unique); the
shop's balance moved by exactly the effects' amounts (the signals carry them).
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any, Dict, List, Optional
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import override_settings

from qiwi_merchant import cqr
from qiwi_merchant.django import cqr_client, payouts, services
from qiwi_merchant.django.models import (
    CqrNotification,
    CqrPayment,
    GateCallback,
    GateDeposit,
    GatePayout,
    LedgerEntry,
)
from qiwi_merchant.simulator import messages as m

pytestmark = pytest.mark.django_db

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VECTORS = os.path.join(ROOT, "tests", "vectors", "settlement")
CUSTOMER = "demo-1"
STATE = {"apply": "applied", "duplicate": "duplicate", "no_change": "no_change", "flag": "flagged",
         "unmatched": "unmatched", "retry": "failed"}
# how each effect kind moves the shop's balance (examples/django_shop/shop/receivers.py)
BALANCE = {"credit": 1, "debit": -1, "payout_paid": 0, "payout_returned": 1}


def load(name: str) -> Dict[str, Any]:
    with open(os.path.join(VECTORS, name), encoding="utf-8") as f:
        return json.load(f)


GATE = load("gate.json")
CQR = load("cqr.json")


def ids(doc):
    return [c["name"] for c in doc["cases"]]


def ledger(reference: str) -> List[Dict[str, Any]]:
    return [{"kind": e.kind, "amount": e.amount, "currency": e.currency, "idempotency_key": e.idempotency_key}
            for e in LedgerEntry.objects.filter(reference=reference).order_by("id")]


def check_ledger(reference: str, expected: List[Dict[str, Any]], what: str) -> None:
    rows = ledger(reference)
    assert rows == expected, f"{what}: ledger {rows} != {expected}"
    keys = [r["idempotency_key"] for r in rows]
    assert len(keys) == len(set(keys)), what


def balance_change(effects: List[Dict[str, Any]]) -> int:
    return sum(BALANCE[e["kind"]] * e["amount"] for e in effects)


# ------------------------------------------------------------------------------------- Gate


def gate_payment_id(case: Dict[str, Any]) -> str:
    for step in case["steps"]:
        body = step.get("callback") or step.get("status_answer")
        if body:
            doc = json.loads(body)
            if "payment" in doc:
                return str(doc["payment"]["id"])
    return "dep-1"


def gate_row(case: Dict[str, Any], payment_id: str):
    r = case["record"]
    if r is None:
        return None
    common = dict(payment_id=payment_id, project_id=GATE["project_id"], customer_id=CUSTOMER, amount=r["amount"],
                  currency=r["currency"], status=r["status"], credited=r["credited"], debited=r["debited"],
                  applied_operations=r["applied_operations"], raw_status=r["raw_status"])
    if r["kind"] == "payout":
        return GatePayout.objects.create(account_number="77011234567", **common)
    return GateDeposit.objects.create(**common)


def stored_gate(payment_id: str):
    return (GateDeposit.objects.filter(payment_id=payment_id).first()
            or GatePayout.objects.filter(payment_id=payment_id).first())


@pytest.fixture
def vector_gate(settings):
    cfg = dict(settings.QIWI_MERCHANT, GATE_SECRET=GATE["secret"], GATE_PROJECT_ID=GATE["project_id"])
    with override_settings(QIWI_MERCHANT=cfg):
        yield m.GateSide(GATE["secret"], GATE["project_id"])


@pytest.mark.parametrize("case", GATE["cases"], ids=ids(GATE))
def test_gate_settlement_vector(client, balances, vector_gate, case):
    pid = gate_payment_id(case)
    obj = gate_row(case, pid)
    start = balances()[CUSTOMER]
    booked: List[Dict[str, Any]] = []
    flagged = False
    for i, step in enumerate(case["steps"]):
        what = f"{case['name']} step {i}"
        expect = step["expect"]
        rows_before = GateCallback.objects.count()
        record_before = None if obj is None else services.gate_record(stored_gate(pid))
        if "callback" in step:
            resp = client.post("/qiwi/gate/callback/", step["callback"].encode(), content_type="application/json")
            assert resp.status_code == expect["http_status"], f"{what}: HTTP {resp.status_code} {resp.content!r}"
        elif "status_answer" in step:
            answer = step["status_answer"].encode()
            state = payouts.poll_status(stored_gate(pid), lambda url, body, headers, timeout: (200, answer))
            assert state in ("not_found", STATE[expect["action"]]), f"{what}: {state}"
        else:
            assert step["storage_failed"] is True
            r = case["record"]
            body = vector_gate.callback(pid, r["amount"], ptype="payout" if r["kind"] == "payout" else "purchase",
                                        operation_id=990001, currency=r["currency"])
            model = type(obj)
            with mock.patch.object(model, "save", side_effect=DatabaseError("disk full")):
                resp = client.post("/qiwi/gate/callback/", body, content_type="application/json")
            assert resp.status_code == expect["http_status"] == 503, what
        # the delivery row: stored raw, with the decision's state and reason code
        assert GateCallback.objects.count() == rows_before + 1, what
        row = GateCallback.objects.order_by("-id").first()
        assert (row.state, row.reason_code) == (STATE[expect["action"]], expect["reason_code"]), \
            f"{what}: {row.state} {row.reason_code} {row.error}"
        # the stored record is the decision's record
        if expect["record"] is None:
            assert stored_gate(pid) is None, what
        else:
            stored = stored_gate(pid)
            assert services.gate_record(stored) == expect["record"], f"{what}: {services.gate_record(stored)}"
            flagged = flagged or expect["action"] == "flag"
            assert stored.flagged == flagged, what
            if expect["action"] == "retry":
                assert services.gate_record(stored) == record_before, what
        booked += expect["effects"]
        check_ledger(pid, booked, what)
        assert balances()[CUSTOMER] - start == balance_change(booked), what


# -------------------------------------------------------------------------------------- CQR


def auth() -> str:
    return "Basic " + base64.b64encode(b"pxp:notify-secret").decode()


def cqr_mtid(case: Dict[str, Any]) -> str:
    for step in case["steps"]:
        if "notification" in step:
            return cqr.parse_notification(step["notification"].encode()).payment.merchant_transaction_id
        if "poll" in step:
            answer = cqr.parse_get_payments_answer(step["poll"].encode())
            if isinstance(answer, cqr.GetPaymentsResponse) and answer.payments:
                return answer.payments[0].merchant_transaction_id
    return "1001-1"


def cqr_row(case: Dict[str, Any], mtid: str) -> Optional[CqrPayment]:
    o = case["order"]
    if o is None:
        return None
    return CqrPayment.objects.create(merchant_transaction_id=mtid, customer_id=CUSTOMER, amount=o["amount"],
                                     currency=o["currency"], status=o["status"], credited=o["credited"],
                                     debited=o["debited"], pxp_payment_id=o["payment_id"] or "",
                                     applied_keys=o["applied_keys"], reversed=o["status"] == "reversed")


def result_code(content: bytes) -> int:
    return int(content.split(b"<key>", 1)[1].split(b"</key>", 1)[0])


@pytest.mark.parametrize("case", CQR["cases"], ids=ids(CQR))
def test_cqr_settlement_vector(client, balances, settings, case):
    s = case["settings"]
    assert (s["merchant_id"], s["shop_id"]) == (settings.QIWI_MERCHANT["CQR_MERCHANT_ID"],
                                                settings.QIWI_MERCHANT["CQR_SHOP_ID"])
    mtid = cqr_mtid(case)
    cqr_row(case, mtid)
    start = balances()[CUSTOMER]
    booked: List[Dict[str, Any]] = []
    fetched: List[str] = []
    for i, step in enumerate(case["steps"]):
        what = f"{case['name']} step {i}"
        expect = step["expect"]
        rows_before = CqrNotification.objects.count()
        order_before = None if case["order"] is None else services.cqr_order(CqrPayment.objects.get(merchant_transaction_id=mtid))
        gp = step.get("get_payments")

        def transport(url, body, headers, timeout, gp=gp):
            # PXP's getPayments for the confirmation; none in the step: no answer arrives
            assert url.endswith("/getPayments"), url
            fetched.append(url)
            if gp is None:
                raise TimeoutError("no answer")
            return 200, gp.encode()

        cfg = dict(settings.QIWI_MERCHANT, CQR_CONFIRM_WITH_GET_PAYMENTS=s["confirm_with_get_payments"],
                   TRANSPORT=transport)
        with override_settings(QIWI_MERCHANT=cfg):
            if "notification" in step:
                resp = client.post("/qiwi/cqr/notification/", step["notification"].encode(),
                                   content_type="application/xml; charset=utf-8", HTTP_AUTHORIZATION=auth())
                status, content = resp.status_code, resp.content
            elif "poll" in step:
                poll = step["poll"].encode()
                res = cqr_client.poll_payment(CqrPayment.objects.get(merchant_transaction_id=mtid),
                                              lambda url, body, headers, timeout: (200, poll))
                status, content = res.http_status, res.answer
            else:
                assert step["storage_failed"] is True
                o = case["order"]
                body = m.notification(merchant_id=s["merchant_id"], shop_id=s["shop_id"], mtid=mtid,
                                      payment_id=o["payment_id"] or "pxp-storage", amount_minor=o["amount"],
                                      currency=o["currency"], state_key=29, state_name="DepositedByProvider",
                                      state_id="s-storage", is_executed=True)
                with mock.patch.object(CqrPayment, "save", side_effect=DatabaseError("disk full")):
                    resp = client.post("/qiwi/cqr/notification/", body, content_type="application/xml; charset=utf-8",
                                       HTTP_AUTHORIZATION=auth())
                status, content = resp.status_code, resp.content
        assert status == expect["http_status"], f"{what}: HTTP {status} {content!r}"
        assert result_code(content) == expect["result_code"], f"{what}: {content!r}"
        if "notification" in step and s["confirm_with_get_payments"] and gp is not None:
            assert fetched, f"{what}: the confirmation was not fetched"
        row = CqrNotification.objects.order_by("-id").first()
        assert CqrNotification.objects.count() == rows_before + 1, what
        assert (row.state, row.reason_code, row.result_code) == (
            STATE[expect["action"]], expect["reason_code"], expect["result_code"]), f"{what}: {row.error}"
        if case["order"] is None:
            assert not CqrPayment.objects.filter(merchant_transaction_id=mtid).exists(), what
        else:
            stored = CqrPayment.objects.get(merchant_transaction_id=mtid)
            if expect["record"] is not None:
                assert services.cqr_order(stored) == expect["record"], f"{what}: {services.cqr_order(stored)}"
            else:  # not ours: the order is not touched
                assert services.cqr_order(stored) == order_before, what
            if expect["action"] == "flag":
                assert stored.flagged, what
            if expect["action"] == "retry":
                assert services.cqr_order(stored) == order_before, what
        booked += expect["effects"]
        check_ledger(mtid, booked, what)
        assert balances()[CUSTOMER] - start == balance_change(booked), what
