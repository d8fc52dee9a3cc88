"""``settings.QIWI_MERCHANT``: defaults, normalisation and the cached objects built from it."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional, cast

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

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


def clear_caches(**_kwargs: Any) -> None:
    get_config.cache_clear()
    get_resolver.cache_clear()
    from . import core

    core.clear_caches()


def _on_setting_changed(setting: str, **kwargs: Any) -> None:
    if setting == "QIWI_MERCHANT":
        clear_caches()


setting_changed.connect(_on_setting_changed)
