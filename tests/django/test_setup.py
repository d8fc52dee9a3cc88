"""System checks and the self-test command."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from qiwi_merchant.django.checks import check_settings


def ids(settings_dict):
    with override_settings(QIWI_MERCHANT=settings_dict):
        return {m.id for m in check_settings()}


def test_checks_clean_with_test_settings(settings):
    assert not [i for i in ids(settings.QIWI_MERCHANT) if ".E" in i]


def test_checks_report_unsafe_settings(settings):
    base = dict(settings.QIWI_MERCHANT)
    assert "qiwi_merchant.E002" in ids(dict(base, GATE_SECRET=""))
    assert "qiwi_merchant.E003" in ids(dict(base, GATE_PROJECT_ID=None))
    assert "qiwi_merchant.E004" in ids(dict(base, ACCOUNT_RESOLVER=None))
    assert "qiwi_merchant.E005" in ids(dict(base, ACCOUNT_RESOLVER="no.such.module.resolve"))
    assert "qiwi_merchant.E007" in ids(dict(base, CQR_NOTIFY_PASSWORD=""))
    assert "qiwi_merchant.W008" in ids(dict(base, CQR_ALLOWED_IPS=None))


@pytest.mark.django_db
def test_selftest_prints_urls(settings):
    out = io.StringIO()
    call_command("qiwi_merchant_selftest", stdout=out)
    text = out.getvalue()
    assert "https://shop.test.invalid/qiwi/gate/account-check/" in text
    assert "https://shop.test.invalid/qiwi/gate/callback/" in text
    assert "https://shop.test.invalid/qiwi/cqr/notification/" in text
    assert "signature round trip" in text and "selftest passed" in text
    assert settings.QIWI_MERCHANT["GATE_SECRET"] not in text


@pytest.mark.django_db
def test_selftest_fails_on_errors(settings):
    with override_settings(QIWI_MERCHANT=dict(settings.QIWI_MERCHANT, GATE_SECRET="")):
        with pytest.raises(CommandError):
            call_command("qiwi_merchant_selftest", stdout=io.StringIO())


@pytest.mark.django_db
def test_migrations_are_committed():
    out = io.StringIO()
    call_command("makemigrations", "qiwi_merchant", "shop", "--check", "--dry-run", stdout=out)
