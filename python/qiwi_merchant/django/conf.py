"""``settings.QIWI_MERCHANT``: defaults, normalisation and the core objects built from it.

The bottom layer of the app: it imports nothing from the app's other modules (layers, bottom
up: ``conf``, ``transport``, ``models``, ``services``, ``payouts`` / ``cqr_client``, ``views`` /
``admin`` / ``management``; tests/python/test_layers.py keeps it so). The configured objects
(the Gate ``Signer``, PXP's notification credentials, the source allow-list) are built once and
rebuilt when the setting changes.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional, cast

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from qiwi_merchant import cqr, gate

DEFAULTS: Dict[str, Any] = {
    # JetPay Gate, method qiwi-kz
    "GATE_PROJECT_ID": None,  # int: the project id JetPay issued
    "GATE_SECRET": None,  # str: the project's secret key (HMAC-SHA512)
    "GATE_BASE_URL": None,  # str: Gate API base for payouts and status requests (no default host)
    "GATE_CURRENCY": "KZT",  # currency answered to `verify` when the account does not name one
    "ACCOUNT_RESOLVER": None,  # dotted path: resolve(customer_id) -> Account | None
    "PAYMENT_ID_PREFIX": "qm",  # prefix of the payment ids we generate (deposits and payouts)
    # CQR / Kalixa QiwiDeposit
    "CQR_MERCHANT_ID": None,
    "CQR_SHOP_ID": None,
    "CQR_BASE_URL": None,  # PaymentService.svc/pox/ base for initiatePayment / getPayments
    "CQR_API_USER": None,  # Basic credentials for our calls to PXP
    "CQR_API_PASSWORD": None,
    "CQR_NOTIFY_USER": None,  # Basic credentials PXP presents on notifications
    "CQR_NOTIFY_PASSWORD": None,
    "CQR_ALLOWED_IPS": None,  # list of IPs/CIDRs; None = no source-address filtering
    "TRUSTED_PROXIES": [],  # peers whose forwarding header is believed
    "FORWARDED_HEADER": "X-Forwarded-For",  # or "Forwarded" (RFC 7239)
    "CQR_CONFIRM_WITH_GET_PAYMENTS": False,  # call getPayments before crediting a completed state
    # Transport and deployment
    "HTTP_TIMEOUT": 15.0,  # seconds, outbound calls to Gate and PXP
    "SITE_URL": None,  # public base URL of this shop, printed by qiwi_merchant_selftest
    "TRANSPORT": None,  # dotted path of the default transport (tests, proxies); None = urllib
}

#: The core's default body limits (``max_body_bytes``): the views answer 413 to anything longer
#: before reading or storing it (Gate JSON and CQR XML have the same default, 1 MiB).
GATE_MAX_BODY_BYTES: int = gate.MAX_BODY_BYTES
CQR_MAX_BODY_BYTES: int = cqr.MAX_BODY_BYTES


class ConfigError(Exception):
    """QIWI_MERCHANT is missing something this operation needs."""


@dataclass(frozen=True)
class Account:
    """What an account resolver returns for an existing customer."""

    customer_id: str
    currency: str = "KZT"
    additional_customer_id: Optional[str] = None


class AccountRefused(Exception):
    """Raised by a resolver to refuse an existing account (answered code 500 with the message)."""


@dataclass(frozen=True)
class Config:
    raw: Dict[str, Any] = field(repr=False)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.raw[name]
        except KeyError:
            raise AttributeError(name) from None


def _load() -> Config:
    user = getattr(settings, "QIWI_MERCHANT", {}) or {}
    merged = dict(DEFAULTS)
    merged.update(user)
    if merged["GATE_PROJECT_ID"] is not None:
        merged["GATE_PROJECT_ID"] = int(merged["GATE_PROJECT_ID"])
    ips = merged["CQR_ALLOWED_IPS"]
    if isinstance(ips, str):
        merged["CQR_ALLOWED_IPS"] = [p.strip() for p in ips.split(",") if p.strip()] or None
    proxies = merged["TRUSTED_PROXIES"]
    if isinstance(proxies, str):
        merged["TRUSTED_PROXIES"] = [p.strip() for p in proxies.split(",") if p.strip()]
    return Config(merged)


@functools.lru_cache(maxsize=1)
def get_config() -> Config:
    return _load()


@functools.lru_cache(maxsize=1)
def get_resolver() -> Optional[Callable[[str], Optional[Account]]]:
    path = get_config().ACCOUNT_RESOLVER
    if not path:
        return None
    return cast(Callable[[str], Optional[Account]], path if callable(path) else import_string(path))


# --------------------------------------------------------------------------- Gate settings


@functools.lru_cache(maxsize=1)
def signer() -> gate.Signer:
    """The project's signer (``ConfigError`` without ``GATE_SECRET``)."""
    secret = get_config().GATE_SECRET
    if not secret:
        raise ConfigError("QIWI_MERCHANT['GATE_SECRET'] is not set")
    return gate.Signer(secret)


def project_id() -> int:
    """``GATE_PROJECT_ID`` (``ConfigError`` when unset)."""
    pid = get_config().GATE_PROJECT_ID
    if not pid:
        raise ConfigError("QIWI_MERCHANT['GATE_PROJECT_ID'] is not set")
    return int(pid)


def gate_url(path: str) -> str:
    """``GATE_BASE_URL`` + ``path`` (``ConfigError`` when the base is unset)."""
    base = get_config().GATE_BASE_URL
    if not base:
        raise ConfigError("QIWI_MERCHANT['GATE_BASE_URL'] is not set")
    return str(base).rstrip("/") + path


def new_payment_id() -> str:
    """A fresh payment id (or merchantTransactionID), unique within the project (random 96
    bits + ``PAYMENT_ID_PREFIX``)."""
    return f"{get_config().PAYMENT_ID_PREFIX}-{secrets.token_hex(12)}"


# ---------------------------------------------------------------------------- CQR settings


@functools.lru_cache(maxsize=1)
def notify_credentials() -> Optional[cqr.BasicCredentials]:
    """The Basic credentials PXP presents on notifications (None when not configured: then no
    notification is accepted)."""
    cfg = get_config()
    if not cfg.CQR_NOTIFY_USER or not cfg.CQR_NOTIFY_PASSWORD:
        return None
    return cqr.BasicCredentials(cfg.CQR_NOTIFY_USER, cfg.CQR_NOTIFY_PASSWORD)


@functools.lru_cache(maxsize=1)
def allow_list() -> Optional[cqr.IpAllowList]:
    """PXP's allowed source addresses (None: no filtering); ``ConfigError`` for a bad entry."""
    cfg = get_config()
    if not cfg.CQR_ALLOWED_IPS:
        return None
    try:
        return cqr.IpAllowList(list(cfg.CQR_ALLOWED_IPS), list(cfg.TRUSTED_PROXIES or []),
                               header=str(cfg.FORWARDED_HEADER))
    except ValueError as exc:  # QiwiMerchantError is a ValueError too
        raise ConfigError(f"CQR_ALLOWED_IPS / TRUSTED_PROXIES / FORWARDED_HEADER: {exc}") from exc


def cqr_authorization() -> str:
    """The ``Authorization`` header of our calls to PXP."""
    cfg = get_config()
    if not cfg.CQR_API_USER or not cfg.CQR_API_PASSWORD:
        raise ConfigError("QIWI_MERCHANT['CQR_API_USER'] / ['CQR_API_PASSWORD'] are not set")
    return cqr.basic_authorization(cfg.CQR_API_USER, cfg.CQR_API_PASSWORD)


def cqr_url(operation: str) -> str:
    """The PaymentService URL of ``operation`` under ``CQR_BASE_URL``."""
    base = get_config().CQR_BASE_URL
    if not base:
        raise ConfigError("QIWI_MERCHANT['CQR_BASE_URL'] is not set")
    try:
        return cqr.url(operation, str(base))
    except ValueError as exc:  # QiwiMerchantError: not an absolute http(s) URL
        raise ConfigError(f"QIWI_MERCHANT['CQR_BASE_URL']: {exc}") from exc


def cqr_settings() -> Dict[str, Any]:
    """The settings document of the CQR decisions (merchant, shop, confirmation)."""
    cfg = get_config()
    return {"merchant_id": cfg.CQR_MERCHANT_ID or "", "shop_id": cfg.CQR_SHOP_ID or "",
            "confirm_with_get_payments": bool(cfg.CQR_CONFIRM_WITH_GET_PAYMENTS)}


def clear_caches(**_kwargs: Any) -> None:
    """Forget everything built from the setting (it changed)."""
    for cached in (get_config, get_resolver, signer, notify_credentials, allow_list):
        cached.cache_clear()


def _on_setting_changed(setting: str, **kwargs: Any) -> None:
    if setting == "QIWI_MERCHANT":
        clear_caches()


setting_changed.connect(_on_setting_changed)
