"""Bodies over the core's limit get 413 before anything is read into memory or stored."""

import base64

import pytest
from django.test import RequestFactory

from qiwi_merchant import cqr, exceptions
from qiwi_merchant.django import conf, views
from qiwi_merchant.django.models import CqrNotification, GateCallback, GateDeposit

pytestmark = pytest.mark.django_db

LIMIT = conf.GATE_MAX_BODY_BYTES
TWO_MIB = 2 * 1024 * 1024
AUTH = "Basic " + base64.b64encode(b"pxp:notify-secret").decode()


def test_the_constant_is_the_cores_limit(gate_side):
    # one byte over: the parsers' own body_size limit; at the limit: parsed (and malformed)
    assert conf.CQR_MAX_BODY_BYTES == LIMIT
    for parse in (gate_side.signer.parse_callback, cqr.parse_notification):
        with pytest.raises(exceptions.LimitExceededError) as exc:
            parse(b" " * (LIMIT + 1))
        assert exc.value.limit == "body_size"
        with pytest.raises(exceptions.QiwiMerchantError) as exc:
            parse(b" " * LIMIT)
        assert not isinstance(exc.value, exceptions.LimitExceededError)
    assert LIMIT == 1024 * 1024


def test_2mib_callback_is_413_and_not_stored(client, gate_side):
    body = gate_side.callback("qm-big", 100)
    body = body[:-1] + b',"padding":"' + b"x" * (TWO_MIB - len(body) - 13) + b'"}'
    assert len(body) == TWO_MIB
    r = client.post("/qiwi/gate/callback/", body, content_type="application/json")
    assert r.status_code == 413
    assert not GateCallback.objects.exists()


def test_callback_at_the_limit_is_read_and_stored(client):
    r = client.post("/qiwi/gate/callback/", b" " * LIMIT, content_type="application/json")
    assert r.status_code == 400  # malformed, but read and stored as rejected
    assert GateCallback.objects.get().state == "rejected"


def test_2mib_account_check_is_413_and_creates_nothing(client):
    r = client.post("/qiwi/gate/account-check/", b"{" + b" " * TWO_MIB, content_type="application/json")
    assert r.status_code == 413
    assert not GateDeposit.objects.exists()


@pytest.mark.parametrize("auth", [AUTH, None])
def test_2mib_cqr_notification_is_413_and_not_stored(client, auth):
    extra = {"HTTP_AUTHORIZATION": auth} if auth else {}
    r = client.post("/qiwi/cqr/notification/", b"<a>" + b" " * TWO_MIB, content_type="application/xml", **extra)
    assert r.status_code == 413  # the declared length is checked before the access checks
    assert not CqrNotification.objects.exists()


@pytest.mark.parametrize("view", [views.gate_callback, views.gate_account_check, views.cqr_notification])
def test_without_content_length_the_read_is_bounded(view):
    request = RequestFactory().post("/x/", b" " * (LIMIT + 10), content_type="application/octet-stream",
                                    HTTP_AUTHORIZATION=AUTH)
    del request.META["CONTENT_LENGTH"]  # the stream still holds the whole body
    reads = []
    read = request.read
    request.read = lambda n=-1: reads.append(n) or read(n)
    assert view(request).status_code == 413
    assert reads == [LIMIT + 1]
    assert not GateCallback.objects.exists() and not GateDeposit.objects.exists()
    assert not CqrNotification.objects.exists()
