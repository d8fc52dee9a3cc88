"""Outbound HTTP to Gate and PXP: the transport the I/O modules (``payouts``, ``cqr_client``) use.

A transport is any callable ``transport(url, body: bytes, headers: dict, timeout: float) ->
(http_status: int, body: bytes)``; it raises ``OSError`` (or anything) when no answer arrived.
The default uses ``urllib.request``; ``QIWI_MERCHANT['TRANSPORT']`` (a callable or its dotted
path) replaces it for the whole app (tests, proxies), a ``transport=`` argument for one call.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Callable, Dict, Optional, Tuple, cast

from django.utils.module_loading import import_string

from .conf import get_config

Transport = Callable[[str, bytes, Dict[str, str], float], Tuple[int, bytes]]


def urllib_transport(url: str, body: bytes, headers: Dict[str, str], timeout: float) -> Tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - configured https URL
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:  # 4xx/5xx with a body: the core classifies it
        return exc.code, exc.read() or b""


def resolve(transport: Optional[Transport] = None) -> Transport:
    """``transport`` when given, else the configured one, else :func:`urllib_transport`."""
    if transport is not None:
        return transport
    path = get_config().TRANSPORT
    if path:
        return cast(Transport, path if callable(path) else import_string(path))
    return urllib_transport


def post(url: str, body: bytes, headers: Dict[str, str], transport: Optional[Transport] = None) -> Tuple[int, bytes]:
    """POST ``body`` with the resolved transport and ``QIWI_MERCHANT['HTTP_TIMEOUT']``."""
    return resolve(transport)(url, body, headers, float(get_config().HTTP_TIMEOUT))
