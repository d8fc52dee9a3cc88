"""Example shop settings, all from the environment. There is no built-in secret or credential:

* QIWI_MERCHANT_GATE_SECRET (required): the Gate project's secret key. Unset, the shop refuses to
  start (ImproperlyConfigured naming the variable; scripts/django-shop.sh checks it first).
* CQR is off unless one of QIWI_MERCHANT_CQR_API_USER, _API_PASSWORD, _NOTIFY_USER,
  _NOTIFY_PASSWORD is set; then all four are required (the shop refuses to start naming the
  missing ones). Off, every notification is refused (401, the app never accepts one without
  credentials) and the demo CQR deposit endpoint answers 404.
* QIWI_MERCHANT_DEMO_TOKEN: the bearer token of the shop's own demo endpoints (/shop/...).
  Unset, they are off (404).
* DJANGO_SECRET_KEY: unset, a random key per process (sessions and admin logins do not survive
  a restart; set one for anything but a demo).

`make demo` generates random values for its run. DATABASE_URL=postgres://user:pass@host:port/dbname
selects PostgreSQL; otherwise SQLite in SHOP_DATA_DIR (default: examples/django_shop/var/).
"""

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = os.environ.get


def required(name: str, why: str) -> str:
    value = env(name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} is not set: {why} (the example shop has no built-in value; "
                                   "`make demo` generates one for its run)")
    return value


SECRET_KEY = env("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50)
DEBUG = env("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"] + [
    h for h in env("DJANGO_ALLOWED_HOSTS", "").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "qiwi_merchant.django",
    "shop",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]


def database_from_url(url: str) -> dict:
    """postgres://user:password@host:port/name?sslmode=... (the subset this example needs)."""
    u = urlsplit(url)
    if u.scheme not in ("postgres", "postgresql", "pgsql"):
        raise ValueError(f"DATABASE_URL: unsupported scheme {u.scheme!r} (postgres:// only)")
    options = {}
    for part in filter(None, u.query.split("&")):
        k, _, v = part.partition("=")
        options[k] = unquote(v)
    if "server_side_binding" in options:  # Django wants the boolean True
        options["server_side_binding"] = options["server_side_binding"].lower() in ("1", "true", "on", "yes")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(u.path.lstrip("/")),
        "USER": unquote(u.username or ""),
        "PASSWORD": unquote(u.password or ""),
        "HOST": u.hostname or "",
        "PORT": str(u.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": int(env("DATABASE_CONN_MAX_AGE", "60")),
    }


DATA_DIR = Path(env("SHOP_DATA_DIR", str(BASE_DIR / "var")))
if env("DATABASE_URL"):
    DATABASES = {"default": database_from_url(env("DATABASE_URL"))}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "shop.sqlite3"),
            # several server threads write: take the write lock at BEGIN (no upgrade deadlocks)
            # and wait for it instead of failing at once; WAL lets readers run meanwhile
            "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE",
                        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "static/"

PLATFORM = env("QIWI_MERCHANT_SIMULATOR_URL", "http://127.0.0.1:8799")
QIWI_MERCHANT = {
    "GATE_PROJECT_ID": int(env("QIWI_MERCHANT_GATE_PROJECT_ID", "111")),
    "GATE_SECRET": required("QIWI_MERCHANT_GATE_SECRET", "the Gate project's secret key"),
    "GATE_BASE_URL": env("QIWI_MERCHANT_GATE_BASE_URL", PLATFORM + "/gate"),
    "ACCOUNT_RESOLVER": "shop.accounts.resolve",
    "TRUSTED_PROXIES": env("QIWI_MERCHANT_TRUSTED_PROXIES", ""),
    "SITE_URL": env("SHOP_SITE_URL", "http://127.0.0.1:" + env("PORT", "8000")),
    "HTTP_TIMEOUT": float(env("QIWI_MERCHANT_HTTP_TIMEOUT", "10")),
}

# CQR: on only when credentials are given, and then all of them (never a built-in fallback).
CQR_CREDENTIALS = ("QIWI_MERCHANT_CQR_API_USER", "QIWI_MERCHANT_CQR_API_PASSWORD",
                   "QIWI_MERCHANT_CQR_NOTIFY_USER", "QIWI_MERCHANT_CQR_NOTIFY_PASSWORD")
SHOP_CQR_ENABLED = any(env(name) for name in CQR_CREDENTIALS)
if SHOP_CQR_ENABLED:
    _missing = [name for name in CQR_CREDENTIALS if not env(name)]
    if _missing:
        raise ImproperlyConfigured(
            f"{', '.join(_missing)} not set: CQR is enabled by the other CQR credentials and needs all four "
            f"({', '.join(CQR_CREDENTIALS)}); unset them all to run without CQR")
    QIWI_MERCHANT.update({
        "CQR_MERCHANT_ID": env("QIWI_MERCHANT_CQR_MERCHANT_ID", "DemoMerchant"),
        "CQR_SHOP_ID": env("QIWI_MERCHANT_CQR_SHOP_ID", "DemoShop"),
        "CQR_BASE_URL": env("QIWI_MERCHANT_CQR_BASE_URL", PLATFORM + "/cqr/PaymentService.svc/pox/"),
        "CQR_API_USER": env("QIWI_MERCHANT_CQR_API_USER"),
        "CQR_API_PASSWORD": env("QIWI_MERCHANT_CQR_API_PASSWORD"),
        "CQR_NOTIFY_USER": env("QIWI_MERCHANT_CQR_NOTIFY_USER"),
        "CQR_NOTIFY_PASSWORD": env("QIWI_MERCHANT_CQR_NOTIFY_PASSWORD"),
        # comma-separated; unset = no source-address filtering in this example
        "CQR_ALLOWED_IPS": env("QIWI_MERCHANT_CQR_ALLOWED_IPS") or None,
    })

# The shop's own demo endpoints (/shop/...: balance, stats, payouts, CQR deposits) answer only
# `Authorization: Bearer <QIWI_MERCHANT_DEMO_TOKEN>` (401 otherwise); unset, they are off (404).
SHOP_DEMO_TOKEN = env("QIWI_MERCHANT_DEMO_TOKEN") or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "qiwi_merchant.django": {"handlers": ["console"], "level": env("SHOP_LOG_LEVEL", "WARNING")},
        "django.request": {"handlers": ["console"], "level": "ERROR"},
    },
}
