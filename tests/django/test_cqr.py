"""CQR notifications through the view: access checks, result codes, exactly-once crediting."""

import base64
import uuid

import pytest
from django.test import override_settings

from qiwi_merchant.django.conf import clear_caches
from qiwi_merchant.django.models import CqrNotification, CqrPayment
from qiwi_merchant.simulator import messages as m

pytestmark = pytest.mark.django_db

URL = "/qiwi/cqr/notification/"


def auth(user="pxp", password="notify-secret"):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture
def order(db):
    return CqrPayment.objects.create(merchant_transaction_id="order-" + uuid.uuid4().hex[:8], customer_id="demo-2",
                                     amount=20000, currency="KZT")


def note(order, key=29, name="DepositedByProvider", state_id=None, executed=True, **over):
    kw = dict(merchant_id="TestMerchant", shop_id="TestShop", mtid=order.merchant_transaction_id,
              payment_id="pxp-" + order.merchant_transaction_id, amount_minor=order.amount, currency=order.currency,
              state_key=key, state_name=name, state_id=state_id or str(uuid.uuid4()),
              is_executed=executed if key == 29 else None)
    kw.update(over)
    return m.notification(**kw)


def send(client, body, authorization=None, **extra):
    return client.post(URL, data=body, content_type="application/xml; charset=utf-8",
                       HTTP_AUTHORIZATION=authorization if authorization is not None else auth(), **extra)


def code(resp):
    assert resp.status_code == 200, resp.content
    assert resp["Content-Type"] == "application/xml; charset=utf-8"
    return int(resp.content.split(b"<key>", 1)[1].split(b"</key>", 1)[0])


def test_completed_credits_once_and_duplicates_answer_0(client, order, balances, signal_log):
    before = balances()
    body = note(order)
    assert code(send(client, body)) == 0
    assert code(send(client, body)) == 0
    assert balances()["demo-2"] - before["demo-2"] == 20000
    assert signal_log.events == [("cqr_payment_completed", order.merchant_transaction_id)]
    order.refresh_from_db()
    assert order.status == "completed" and order.state_key == 29 and order.pxp_payment_id
    assert sorted(CqrNotification.objects.values_list("state", flat=True)) == ["applied", "duplicate"]
    ack = send(client, body).content
    assert ack.endswith(b"<resultCode><key>0</key><value>ProcessedSuccessfully</value></resultCode><resultMessage/>"
                        b"</handlePaymentStateChangedNotificationResponse>")


def test_pending_then_completed_then_reversal(client, order, balances, signal_log):
    before = balances()
    assert code(send(client, note(order, 120, "PendingOnProvider"))) == 0
    assert balances() == before
    assert code(send(client, note(order))) == 0
    assert code(send(client, note(order, 113, "Cancelled"))) == 0
    assert balances() == before  # shop debits the reversal
    assert [e[0] for e in signal_log.events] == ["cqr_payment_completed", "cqr_payment_reversed"]


def test_completed_without_is_executed_stays_pending(client, order, balances):
    before = balances()
    assert code(send(client, note(order, executed=False))) == 0
    assert balances() == before
    order.refresh_from_db()
    assert order.status == "pending"


@pytest.mark.parametrize("case,result", [
    ("foreign_merchant", 2), ("foreign_shop", 2), ("unknown_order", 2), ("amount_mismatch", 0),
])
def test_result_codes_without_effect(client, order, balances, signal_log, case, result):
    before = balances()
    over = {"foreign_merchant": {"merchant_id": "Other"}, "foreign_shop": {"shop_id": "Other"},
            "unknown_order": {"mtid": "never-initiated"}, "amount_mismatch": {"amount_minor": 20001}}[case]
    assert code(send(client, note(order, **over))) == result
    assert balances() == before
    assert signal_log.events == []
    order.refresh_from_db()
    assert order.status == "pending"
    assert order.flagged == (case == "amount_mismatch")


@pytest.mark.parametrize("authorization", ["", "Basic " + base64.b64encode(b"pxp:wrong").decode(),
                                           "Basic " + base64.b64encode(b"other:notify-secret").decode(), "Bearer x"])
def test_bad_credentials_401(client, order, balances, authorization):
    before = balances()
    r = send(client, note(order), authorization=authorization)
    assert r.status_code == 401
    assert r["WWW-Authenticate"].startswith("Basic")
    assert balances() == before
    assert CqrNotification.objects.count() == 0


def test_wrong_method_405(client):
    assert client.get(URL, HTTP_AUTHORIZATION=auth()).status_code == 405


def test_malformed_xml_400(client, order, balances):
    before = balances()
    for body in (b"<notxml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', b"<other/>"):
        assert send(client, body).status_code == 400
    assert balances() == before


def test_ip_allow_list_and_trusted_proxy(client, order, balances, settings):
    before = balances()
    cfg = dict(settings.QIWI_MERCHANT, CQR_ALLOWED_IPS=["195.69.175.192"], TRUSTED_PROXIES=["10.0.0.1"])
    with override_settings(QIWI_MERCHANT=cfg):
        # direct peer not allowed
        assert send(client, note(order), REMOTE_ADDR="203.0.113.9").status_code == 403
        # a forged X-Forwarded-For from an untrusted peer is ignored
        assert send(client, note(order), REMOTE_ADDR="203.0.113.9",
                    HTTP_X_FORWARDED_FOR="195.69.175.192").status_code == 403
        # through the trusted proxy, the right-most untrusted entry is the client
        assert send(client, note(order), REMOTE_ADDR="10.0.0.1",
                    HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9").status_code == 403
        assert balances() == before
        assert code(send(client, note(order), REMOTE_ADDR="10.0.0.1",
                         HTTP_X_FORWARDED_FOR="1.2.3.4, 195.69.175.192")) == 0
        assert code(send(client, note(order, state_id="x"), REMOTE_ADDR="195.69.175.192")) == 0
    clear_caches()
    assert balances()["demo-2"] - before["demo-2"] == 20000


def test_processing_failure_answers_10_then_retry_applies(client, order, balances):
    from qiwi_merchant.django import signals

    before = balances()

    def boom(**kw):
        raise RuntimeError("down")

    signals.cqr_payment_completed.connect(boom)
    try:
        assert code(send(client, note(order, state_id="s1"))) == 10
    finally:
        signals.cqr_payment_completed.disconnect(boom)
    assert balances() == before
    assert code(send(client, note(order, state_id="s1"))) == 0
    assert balances()["demo-2"] - before["demo-2"] == 20000


def get_payments(order, key, name, executed=None, payment_id=None):
    """PXP's getPayments answer with one payment of the order in state `key`."""
    return m.get_payments_response([m._payment_xml(
        merchant_id="TestMerchant", shop_id="TestShop", mtid=order.merchant_transaction_id,
        payment_id=payment_id or "pxp-" + order.merchant_transaction_id, amount_minor=order.amount,
        currency=order.currency, state_key=key, state_name=name, state_id=str(uuid.uuid4()), is_executed=executed)])


def test_confirmation_with_get_payments(client, order, balances, settings):
    from qiwi_merchant.django import services

    before = balances()
    cfg = dict(settings.QIWI_MERCHANT, CQR_CONFIRM_WITH_GET_PAYMENTS=True)
    asked = []

    def fetch(answer):
        def f(mtid):
            asked.append(mtid)
            if isinstance(answer, Exception):
                raise answer
            return answer
        return f

    with override_settings(QIWI_MERCHANT=cfg):
        for answer in (get_payments(order, 120, "PendingOnProvider"), TimeoutError("no answer"), b"<not xml"):
            r = services.receive_cqr_notification(note(order, state_id="a"), fetch_get_payments=fetch(answer))
            assert r.result_code == 10 and r.decision.reason_code == "confirmation_pending", r.reason
            assert b"<key>10</key>" in r.answer
            assert balances() == before
        r = services.receive_cqr_notification(note(order, state_id="a"),
                                              fetch_get_payments=fetch(get_payments(order, 29, "Deposited", True)))
        assert r.result_code == 0 and r.decision.action == "apply"
        # a pending state needs no confirmation: nothing is fetched
        n = len(asked)
        assert services.receive_cqr_notification(note(order, 120, "PendingOnProvider"),
                                                 fetch_get_payments=fetch(b"")).result_code == 0
        assert len(asked) == n
    assert asked == [order.merchant_transaction_id] * 4
    assert balances()["demo-2"] - before["demo-2"] == 20000


def test_other_attempt_never_fails_or_reverses_a_paid_order(client, order, balances, signal_log):
    before = balances()
    assert code(send(client, note(order))) == 0  # attempt A pays (and binds) the order
    assert code(send(client, note(order, 113, "Cancelled", payment_id="pxp-B"))) == 0  # attempt B fails
    assert balances()["demo-2"] - before["demo-2"] == 20000
    assert signal_log.events == [("cqr_payment_completed", order.merchant_transaction_id)]
    order.refresh_from_db()
    assert order.status == "completed" and order.flagged and order.pxp_payment_id == "pxp-" + order.merchant_transaction_id
    assert list(CqrNotification.objects.order_by("id").values_list("state", "reason_code")) == [
        ("applied", "completed"), ("flagged", "other_attempt")]


def test_poll_settles_like_a_notification(client, order, balances, signal_log, settings):
    from qiwi_merchant.django import cqr_client

    before = balances()
    urls = []

    def transport(url, body, headers, timeout):
        urls.append(url)
        return 200, get_payments(order, 29, "DepositedByProvider", True)

    r = cqr_client.poll_payment(order, transport)
    assert (r.result_code, r.decision.action, r.decision.reason_code) == (0, "apply", "completed")
    assert cqr_client.poll_payment(order, transport).decision.action == "duplicate"
    assert urls == ["https://pxp.test.invalid/PaymentService.svc/pox/getPayments"] * 2
    assert balances()["demo-2"] - before["demo-2"] == 20000
    assert signal_log.events == [("cqr_payment_completed", order.merchant_transaction_id)]
    assert set(CqrNotification.objects.values_list("source", flat=True)) == {"get_payments"}
    order.refresh_from_db()
    assert order.status == "completed" and order.credited == 20000
