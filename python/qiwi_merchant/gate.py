"""JetPay Gate, payment method ``qiwi-kz``: signatures, callbacks, the account check, payouts
and status requests (rules: docs/gate.md; all logic is in the Rust core).

Typical use::

    from qiwi_merchant.gate import Signer, Outcome

    signer = Signer(secret)                 # one per project; thread-safe, share it
    cb = signer.parse_callback(request_body)   # raises SignatureError when not authentic
    if cb.outcome is Outcome.COMPLETED: ...

Amounts are integers in minor units with a currency code. Every error is a
``qiwi_merchant.QiwiMerchantError`` subclass carrying the core's stable code.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Union

from . import _core
from ._core import (
    AccountCheckResponse,
    Callback,
    CallbackError,
    CheckDepositRequest,
    Operation,
    Payment,
    PayoutResponse,
    Provider,
    Signer,
    StatusResponse,
    Sum,
    VerifyRequest,
)
from ._enums import Outcome, PaymentStatus, PayoutOutcome, StatusOutcome

__all__ = [
    "stamp",
    "transition",
    "Signer",
    "Callback",
    "CallbackError",
    "Payment",
    "Operation",
    "Provider",
    "Sum",
    "VerifyRequest",
    "CheckDepositRequest",
    "AccountCheckRequest",
    "AccountCheckResponse",
    "PayoutResponse",
    "StatusResponse",
    "Outcome",
    "PaymentStatus",
    "PayoutOutcome",
    "StatusOutcome",
    "PAYOUT_PATH",
    "STATUS_PATH",
    "PAYOUT_CURRENCY",
    "CONTENT_TYPE",
    "ACCOUNT_CHECK_CONTENT_TYPE",
    "ACCOUNT_CHECK_HTTP_STATUS",
]

#: Path of the QIWI Kazakhstan payout request (append to the Gate base URL).
PAYOUT_PATH = "/v2/payment/wallet/qiwi-kz/payout"
#: Path of the payment status request.
STATUS_PATH = "/v2/payment/status"
#: The only payout currency of qiwi-kz.
PAYOUT_CURRENCY = "KZT"
#: Content type of Gate requests the shop sends.
CONTENT_TYPE = "application/json"
#: Content type of every account-check answer.
ACCOUNT_CHECK_CONTENT_TYPE = "application/json; charset=utf-8"
#: HTTP status of every account-check answer (the outcome is in the body's ``code``).
ACCOUNT_CHECK_HTTP_STATUS = 200

#: What ``Signer.parse_account_check`` returns: a request to look up, or a ready answer.
AccountCheckRequest = Union[VerifyRequest, CheckDepositRequest, AccountCheckResponse]


def stamp(
    params: Union[Mapping[str, Any], bytes, str], *, limits: Optional[Mapping[str, int]] = None
) -> str:
    """The canonical stamp (the string that is HMAC-signed) of ``params``.

    ``params`` is a Mapping (str keys; values str, int, bool, None, dicts and lists) or a JSON
    object as bytes/str. ``signature`` members and ``frame_mode`` are left out; paths are sorted
    by bytes; ``:`` in names is written ``::``; numbers keep their exact text.

    ``limits`` bounds the parse of a bytes/str body, like ``Signer(secret, limits=...)``: any
    of ``max_body_bytes`` (default 1 MiB), ``max_depth`` (64), ``max_items`` (100000 values),
    ``max_string_bytes`` (65536 per string, key or number token); over one raises
    ``LimitExceededError`` naming it in ``.limit``. An unknown key or a value that is not a
    positive int is a ``ValidationError`` (checked for Mapping ``params`` too).
    """
    return _core.stamp(params, limits=limits)


def transition(current: Union[Outcome, str], incoming: Union[Outcome, str]) -> str:
    """What to do with an authentic callback given the payment's stored outcome (gate.md §4.3
    step 6): ``"apply"``, ``"no_change"`` or ``"flag"``."""
    return _core.gate_transition(str(current), str(incoming))
