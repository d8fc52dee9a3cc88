"""Checks QIWI_MERCHANT, round-trips a Gate signature and prints the URLs to register."""

import json
from typing import Any, Optional, cast

from django.core.checks import run_checks
from django.core.management.base import BaseCommand, CommandError
from django.urls import NoReverseMatch, reverse


from qiwi_merchant.exceptions import SignatureError

from ... import conf, services
from ...conf import get_config, get_resolver


class Command(BaseCommand):
    help = "Check the qiwi_merchant configuration and print the URLs to register with JetPay and PXP."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--base-url", help="public base URL of this shop (default: QIWI_MERCHANT['SITE_URL'])")

    def handle(self, *args: Any, base_url: Optional[str] = None, **opts: Any) -> None:
        cfg = get_config()
        problems = [m for m in run_checks(tags=["qiwi_merchant"]) if m.id and m.id.startswith("qiwi_merchant.")]
        errors = [m for m in problems if m.is_serious()]
        for m in problems:
            self.stdout.write(f"{'ERROR' if m.is_serious() else 'warning'} {m.id}: {m.msg}" + (f" ({m.hint})" if m.hint else ""))
        if cfg.GATE_SECRET and cfg.GATE_PROJECT_ID:
            # round trip: sign a callback-shaped message with the configured secret and verify it
            probe = {"project_id": int(cfg.GATE_PROJECT_ID), "payment": {"id": "selftest", "type": "purchase",
                     "status": "success", "sum": {"amount": 100, "currency": "KZT"}},
                     "operation": {"id": 1, "type": "sale", "status": "success"}}
            sig = conf.signer().sign(probe)
            body = json.dumps(dict(probe, signature=sig)).encode()
            info = services.read_callback(body)
            tampered = body.replace(b'"amount": 100', b'"amount": 101')
            try:
                services.read_callback(tampered)
                errors.append("tampered message verified")
                self.stdout.write("ERROR signature round trip: a tampered message verified")
            except SignatureError:
                self.stdout.write(f"ok    Gate signature round trip (HMAC-SHA512, outcome {info.outcome}; tampering detected)")
        resolver = None
        try:
            resolver = get_resolver()
        except ImportError:
            pass
        if resolver is not None:
            self.stdout.write(f"ok    account resolver {cfg.ACCOUNT_RESOLVER}")
        base = (base_url or cfg.SITE_URL or "https://YOUR-SHOP").rstrip("/")
        self.stdout.write("")
        self.stdout.write("Register with JetPay (project %s):" % cfg.GATE_PROJECT_ID)
        for label, name in (("account check (verify / check_deposit)", "gate-account-check"),
                            ("callback URL", "gate-callback")):
            self.stdout.write(f"  {label:40} {base}{self._url(name)}")
        self.stdout.write(f"Register with PXP (merchant {cfg.CQR_MERCHANT_ID}, shop {cfg.CQR_SHOP_ID}):")
        self.stdout.write(f"  {'notification listener':40} {base}{self._url('cqr-notification')}")
        self.stdout.write(f"  {'Basic user':40} {cfg.CQR_NOTIFY_USER or '(not set)'}")
        self.stdout.write(f"  {'allowed source IPs':40} {', '.join(cfg.CQR_ALLOWED_IPS or []) or '(any)'}")
        if errors:
            raise CommandError(f"{len(errors)} problem(s) found")
        self.stdout.write(self.style.SUCCESS("selftest passed"))

    @staticmethod
    def _url(name: str) -> str:
        for n in (f"qiwi_merchant:{name}", name):
            try:
                return cast(str, reverse(n))
            except NoReverseMatch:
                continue
        return "(not routed: include qiwi_merchant.django.urls)"
