"""The three endpoints: Gate account check, Gate callback, CQR notification.

All are POST only and CSRF-exempt, read the raw body and hand the bytes to the core before
anything is interpreted. A body over the core's limit (``conf.GATE_MAX_BODY_BYTES`` /
``conf.CQR_MAX_BODY_BYTES``, 1 MiB) is answered
413 before anything is stored: a declared ``Content-Length`` over it before anything is read, and
the body itself is read with a bound (at most the limit + 1 bytes, never ``request.body``, which
would buffer whatever arrives). They are excluded from ``ATOMIC_REQUESTS`` because the
services manage the transaction themselves: raw row first, processing in a savepoint, a failure
recorded on the raw row, and the answer built only after the commit returned.
"""

from __future__ import annotations

import logging
from typing import Any, Optional, Tuple, cast

from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from . import conf, cqr_client, services

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


def _source(request: Any) -> Tuple[bool, str]:
    """(allowed, client address) by the core's allow-list (cqr.md §5.2 step 2); (True, peer)
    when no list is configured. An unreadable peer address is not allowed."""
    peer = _peer(request)
    allow = conf.allow_list()
    if allow is None:
        return True, peer
    header = request.META.get("HTTP_" + str(conf.get_config().FORWARDED_HEADER).upper().replace("-", "_"))
    try:
        allowed, client = allow.decide(peer, [header] if header else [])
    except ValueError:  # QiwiMerchantError: the peer is not an IP address
        return False, ""
    return bool(allowed), client or ""


def _declared_too_large(request: Any, limit: int) -> bool:
    """``Content-Length`` says the body is over ``limit`` (nothing read yet)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limit
    except ValueError:
        return False  # Django reads an unparseable length as no body at all


def _read_body(request: Any, limit: int) -> Optional[bytes]:
    """The raw body, read with a bound; None when it is over ``limit`` (answer 413).

    The length is checked first; then at most limit + 1 bytes are read, so a body sent without a
    (truthful) length cannot make the view buffer more than that.
    """
    if _declared_too_large(request, limit):
        return None
    if hasattr(request, "_body"):  # a middleware read it already (request.body caches it there)
        body = bytes(request._body)
    else:
        body = request.read(limit + 1)
    return None if len(body) > limit else body


def _too_large(limit: int) -> HttpResponse:
    return _plain(413, f"body too large (limit {limit} bytes)")


@csrf_exempt
@transaction.non_atomic_requests
def gate_account_check(request: Any) -> HttpResponse:
    """`verify` / `check_deposit` (gate.md §3). HTTP 200 with the outcome in `code` (413 over the body limit)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    body = _read_body(request, conf.GATE_MAX_BODY_BYTES)
    if body is None:
        return _too_large(conf.GATE_MAX_BODY_BYTES)
    return _json(services.answer_account_check(body))


@csrf_exempt
@transaction.non_atomic_requests
def gate_callback(request: Any) -> HttpResponse:
    """Gate result callback (gate.md §4.3): 200 stored/applied/duplicate, 400 not authentic, 503 retry,
    413 over the body limit (not stored)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    body = _read_body(request, conf.GATE_MAX_BODY_BYTES)
    if body is None:
        return _too_large(conf.GATE_MAX_BODY_BYTES)
    try:
        result = services.receive_gate_callback(body, _peer(request))
    except conf.ConfigError as exc:
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
    limit = conf.CQR_MAX_BODY_BYTES
    if _declared_too_large(request, limit):
        return _too_large(limit)
    try:
        allowed, client = _source(request)
    except conf.ConfigError as exc:
        log.error("qiwi_merchant: CQR allow-list misconfigured: %s", exc)
        return _plain(503, "not configured")
    if not allowed:
        return _plain(403, "forbidden")
    credentials = conf.notify_credentials()  # none configured: no notification is accepted
    if credentials is None or not credentials.verify(request.META.get("HTTP_AUTHORIZATION")):
        return _plain(401, "authentication required", WWW_Authenticate='Basic realm="qiwi-merchant", charset="UTF-8"')
    body = _read_body(request, limit)  # after the access checks: an outsider's body is never read
    if body is None:
        return _too_large(limit)
    try:
        result = services.receive_cqr_notification(body, client or _peer(request),
                                                   fetch_get_payments=cqr_client.fetch_get_payments)
    except Exception:  # noqa: BLE001 - the raw row could not be stored
        log.exception("qiwi_merchant: storing a CQR notification failed")
        return HttpResponse(services.cqr_storage_failed_answer(), content_type=XML, status=200)  # resultCode 10
    if result.http_status == 400:
        return _plain(400, "malformed notification")
    # the engine's decision: its ack (resultCode and reason), HTTP 200
    return HttpResponse(result.answer, content_type=XML, status=result.http_status)
