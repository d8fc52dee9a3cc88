"""The three endpoints: Gate account check, Gate callback, CQR notification.

All are POST only and CSRF-exempt, read the raw body and hand the bytes to the core before
anything is interpreted. A body over the core's limit (``core.MAX_BODY_BYTES``, 1 MiB) is answered
413 before anything is stored: a declared ``Content-Length`` over it before anything is read, and
the body itself is read with a bound (at most the limit + 1 bytes, never ``request.body``, which
would buffer whatever arrives). They are excluded from ``ATOMIC_REQUESTS`` because the
services manage the transaction themselves: raw row first, processing in a savepoint, a failure
recorded on the raw row, and the answer built only after the commit returned.
"""

from __future__ import annotations

import logging
from typing import Any, Optional, cast

from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from . import core, services
from .conf import AccountRefused, get_config, get_resolver
from .models import GateDeposit

log = logging.getLogger("qiwi_merchant.django")

JSON = "application/json; charset=utf-8"
XML = "application/xml; charset=utf-8"


def _json(body: bytes) -> HttpResponse:
    return HttpResponse(body, content_type=JSON, status=200)


def _plain(status: int, text: str, **headers: str) -> HttpResponse:
    resp = HttpResponse(text + "\n", content_type="text/plain; charset=utf-8", status=status)
    for k, v in headers.items():
        resp[k.replace("_", "-")] = v
    return resp


def _peer(request: Any) -> str:
    return cast(str, request.META.get("REMOTE_ADDR", "") or "")


def _declared_too_large(request: Any) -> bool:
    """``Content-Length`` says the body is over the limit (nothing read yet)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > core.MAX_BODY_BYTES
    except ValueError:
        return False  # Django reads an unparseable length as no body at all


def _read_body(request: Any) -> Optional[bytes]:
    """The raw body, read with a bound; None when it is over ``core.MAX_BODY_BYTES`` (answer 413).

    The length is checked first; then at most limit + 1 bytes are read, so a body sent without a
    (truthful) length cannot make the view buffer more than that.
    """
    if _declared_too_large(request):
        return None
    if hasattr(request, "_body"):  # a middleware read it already (request.body caches it there)
        body = bytes(request._body)
    else:
        body = request.read(core.MAX_BODY_BYTES + 1)
    return None if len(body) > core.MAX_BODY_BYTES else body


def _too_large() -> HttpResponse:
    return _plain(413, f"body too large (limit {core.MAX_BODY_BYTES} bytes)")


@csrf_exempt
@transaction.non_atomic_requests
def gate_account_check(request: Any) -> HttpResponse:
    """`verify` / `check_deposit` (gate.md §3). HTTP 200 with the outcome in `code` (413 over the body limit)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    body = _read_body(request)
    if body is None:
        return _too_large()
    try:
        parsed = core.parse_account_check(body)
    except core.ConfigError as exc:
        log.error("qiwi_merchant: account check not configured: %s", exc)
        return _json(core.general_error("service not configured"))
    if isinstance(parsed, core.ReadyResponse):
        return _json(parsed.body)
    resolver = get_resolver()
    try:
        account = resolver(parsed.customer_id) if resolver else None
    except AccountRefused as exc:
        return _json(core.general_error(str(exc) or "account refused"))
    except Exception:  # noqa: BLE001
        log.exception("qiwi_merchant: account resolver failed for %r", parsed.customer_id)
        return _json(core.general_error("temporary error, try again"))
    if account is None:
        return _json(core.not_found())
    cfg = get_config()
    currency = (getattr(account, "currency", None) or cfg.GATE_CURRENCY).upper()
    if parsed.type == "verify":
        return _json(core.verify_ok(currency, getattr(account, "additional_customer_id", None)))
    # check_deposit: a NEW pending deposit, stored durably before code 0 is answered (§3.4)
    if cast(str, parsed.currency).upper() != currency:  # set for check_deposit
        return _json(core.general_error(f"currency {parsed.currency} is not served for this account"))
    try:
        deposit = GateDeposit.objects.create(
            payment_id=core.new_payment_id(),
            project_id=cfg.GATE_PROJECT_ID,
            customer_id=parsed.customer_id,
            amount=parsed.amount,
            currency=cast(str, parsed.currency).upper(),
        )
    except Exception:  # noqa: BLE001
        log.exception("qiwi_merchant: storing a pending deposit failed")
        return _json(core.general_error("temporary error, try again"))
    return _json(core.check_deposit_ok(deposit.payment_id))


@csrf_exempt
@transaction.non_atomic_requests
def gate_callback(request: Any) -> HttpResponse:
    """Gate result callback (gate.md §4.3): 200 stored/applied/duplicate, 400 not authentic, 503 retry,
    413 over the body limit (not stored)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    body = _read_body(request)
    if body is None:
        return _too_large()
    try:
        result = services.receive_gate_callback(body, _peer(request))
    except core.ConfigError as exc:
        log.error("qiwi_merchant: Gate callbacks not configured: %s", exc)
        return _plain(503, "not configured")
    except Exception:  # noqa: BLE001 - e.g. the raw row could not be stored
        log.exception("qiwi_merchant: storing a Gate callback failed")
        return _plain(services.gate_storage_failed_status(), "temporary error")  # the engine's retry: 503
    if result.http_status == 200:
        return _plain(200, "OK")
    if result.http_status == 400:
        return _plain(400, "rejected: " + result.detail[:200])
    return _plain(result.http_status, "temporary error")


@csrf_exempt
@transaction.non_atomic_requests
def cqr_notification(request: Any) -> HttpResponse:
    """PXP state-change notification (cqr.md §5.2)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if _declared_too_large(request):
        return _too_large()
    cfg = get_config()
    try:
        allowed, client = core.ip_decision(_peer(request), request.META)
    except core.ConfigError as exc:
        log.error("qiwi_merchant: CQR allow-list misconfigured: %s", exc)
        return _plain(503, "not configured")
    if not allowed:
        return _plain(403, "forbidden")
    if not core.basic_ok(request.META.get("HTTP_AUTHORIZATION")):
        return _plain(401, "authentication required", WWW_Authenticate='Basic realm="qiwi-merchant", charset="UTF-8"')
    body = _read_body(request)  # after the access checks: an outsider's body is never read
    if body is None:
        return _too_large()
    try:
        result = services.receive_cqr_notification(body, client or _peer(request))
    except Exception:  # noqa: BLE001 - the raw row could not be stored
        log.exception("qiwi_merchant: storing a CQR notification failed")
        return HttpResponse(services.cqr_storage_failed_answer(), content_type=XML, status=200)  # resultCode 10
    if result.http_status == 400:
        return _plain(400, "malformed notification")
    del cfg
    # the engine's decision: its ack (resultCode and reason), HTTP 200
    return HttpResponse(result.answer, content_type=XML, status=result.http_status)
