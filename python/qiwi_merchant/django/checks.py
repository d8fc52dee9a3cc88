"""System checks for ``settings.QIWI_MERCHANT`` (``manage.py check``)."""

from typing import Any, List

from django.core.checks import Error, Tags, Warning, register

from .conf import get_config, get_resolver

WEAK_SECRETS = {"", "secret", "changeme", "change-me", "password", "test"}


@register(Tags.security, "qiwi_merchant")
def check_settings(app_configs: Any = None, **kwargs: Any) -> List[Any]:
    from django.conf import settings

    msgs: List[Any] = []
    if not hasattr(settings, "QIWI_MERCHANT"):
        return [Error("settings.QIWI_MERCHANT is missing", hint="see docs/django.md", id="qiwi_merchant.E001")]
    cfg = get_config()
    secret = cfg.GATE_SECRET
    if not secret:
        msgs.append(Error(
            "QIWI_MERCHANT['GATE_SECRET'] is empty: Gate account checks and callbacks cannot be verified",
            hint="set the project's secret key; unsigned callbacks are never accepted", id="qiwi_merchant.E002"))
    elif str(secret).lower() in WEAK_SECRETS or len(str(secret)) < 12:
        msgs.append(Warning("QIWI_MERCHANT['GATE_SECRET'] looks like a placeholder", id="qiwi_merchant.W002"))
    if not cfg.GATE_PROJECT_ID or int(cfg.GATE_PROJECT_ID) <= 0:
        msgs.append(Error("QIWI_MERCHANT['GATE_PROJECT_ID'] must be a positive integer", id="qiwi_merchant.E003"))
    try:
        if get_resolver() is None:
            msgs.append(Error("QIWI_MERCHANT['ACCOUNT_RESOLVER'] is not set: every account check would answer 404",
                              hint="dotted path to resolve(customer_id) -> Account | None", id="qiwi_merchant.E004"))
    except ImportError as exc:
        msgs.append(Error(f"QIWI_MERCHANT['ACCOUNT_RESOLVER'] cannot be imported: {exc}", id="qiwi_merchant.E005"))
    cqr_any = any(cfg.raw.get(k) for k in ("CQR_MERCHANT_ID", "CQR_SHOP_ID", "CQR_NOTIFY_USER", "CQR_NOTIFY_PASSWORD"))
    if cqr_any:
        for key in ("CQR_MERCHANT_ID", "CQR_SHOP_ID"):
            if not cfg.raw.get(key):
                msgs.append(Error(f"QIWI_MERCHANT['{key}'] is empty while CQR is configured", id="qiwi_merchant.E006"))
        if not cfg.CQR_NOTIFY_USER or not cfg.CQR_NOTIFY_PASSWORD:
            msgs.append(Error(
                "CQR notifications would be accepted without Basic credentials",
                hint="set CQR_NOTIFY_USER and CQR_NOTIFY_PASSWORD (agreed with PXP)", id="qiwi_merchant.E007"))
        if not cfg.CQR_ALLOWED_IPS:
            msgs.append(Warning(
                "CQR notifications are accepted from any source address",
                hint="set CQR_ALLOWED_IPS (PXP: 195.69.175.192 test, 195.69.175.15 production)", id="qiwi_merchant.W008"))
    for key in ("GATE_BASE_URL", "CQR_BASE_URL", "SITE_URL"):
        url = cfg.raw.get(key)
        if url and not str(url).startswith("https://") and not settings.DEBUG and "127.0.0.1" not in str(url) and "localhost" not in str(url):
            msgs.append(Warning(f"QIWI_MERCHANT['{key}'] is not https: {url}", id="qiwi_merchant.W009"))
    if cfg.TRUSTED_PROXIES and not cfg.CQR_ALLOWED_IPS:
        msgs.append(Warning("TRUSTED_PROXIES is set but no CQR_ALLOWED_IPS: the proxies are not used", id="qiwi_merchant.W010"))
    return msgs
