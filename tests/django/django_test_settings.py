"""Test settings: the example shop, with the database chosen by QIWI_TEST_DB (sqlite | postgres)."""

import os

# shop.settings refuses to load without a Gate secret; the values that matter are set below
os.environ.setdefault("QIWI_MERCHANT_GATE_SECRET", "test-gate-secret-0123456789")
from shop.settings import *  # noqa: E402,F401,F403
from shop.settings import database_from_url  # noqa: E402

TEST_DB = os.environ.get("QIWI_TEST_DB", "sqlite")
if TEST_DB == "postgres":
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("QIWI_TEST_DB=postgres needs DATABASE_URL (scripts/pg-test-server.sh url)")
    DATABASES = {"default": dict(database_from_url(url), CONN_MAX_AGE=0)}
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("QIWI_TEST_DB_NAME", "test_qiwi_merchant")}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
QIWI_MERCHANT = dict(
    QIWI_MERCHANT,  # noqa: F405
    GATE_PROJECT_ID=111,
    GATE_SECRET="test-gate-secret-0123456789",
    GATE_BASE_URL="https://gate.test.invalid",
    CQR_MERCHANT_ID="TestMerchant",
    CQR_SHOP_ID="TestShop",
    CQR_BASE_URL="https://pxp.test.invalid/PaymentService.svc/pox/",
    CQR_API_USER="api-user",
    CQR_API_PASSWORD="api-password",
    CQR_NOTIFY_USER="pxp",
    CQR_NOTIFY_PASSWORD="notify-secret",
    CQR_ALLOWED_IPS=None,
    TRUSTED_PROXIES=[],
    SITE_URL="https://shop.test.invalid",
)
SHOP_CQR_ENABLED = True
SHOP_DEMO_TOKEN = "test-demo-token"
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "loggers": {"qiwi_merchant.django": {"level": "CRITICAL"}, "django.request": {"level": "CRITICAL"}}}
