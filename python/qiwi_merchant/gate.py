"""JetPay Gate, payment method ``qiwi-kz``: signatures, callbacks, the account check, payouts
and status requests (rules: docs/gate.md; all logic is in the Rust core).

Typical use::

    from qiwi_merchant.gate import Signer, Outcome

    signer = Signer(secret)                 # one per project; thread-safe, share it
    cb = signer.parse_callback(request_body)   # raises SignatureError when not authentic
    if cb.outcome is Outcome.COMPLETED: ...

Money decisions are the settlement engine's (gate.md §4.5): take the payment's record under a
row lock, ``decision = settle(signer, record, body, project_id)``, store ``decision.record`` and
book every ``decision.effects`` in the same transaction, answer ``decision.http_status``.

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
    Decision,
    Effect,
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
    "settle",
    "settle_status",
    "storage_failed",
    "Decision",
    "Effect",
    "Record",
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
    "MAX_BODY_BYTES",
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
#: The parsers' default ``max_body_bytes`` (1 MiB; ``Signer(limits=...)`` changes it): refuse
#: a longer body before reading it.
MAX_BODY_BYTES: int = _core.GATE_MAX_BODY_BYTES

#: A Gate record (gate.md §4.5), the Mapping the settlement functions take and ``Decision.record``
#: gives back: ``kind`` (``deposit`` / ``payout``), ``status`` (``pending``, ``completed``,
#: ``failed``, ``partially_refunded``, ``partially_reversed``, ``refunded``, ``reversed``),
#: ``amount`` and ``currency`` (expected; minor units), ``credited``, ``debited``,
#: ``applied_operations`` (operation ids whose effect is stored) and ``raw_status`` (the last four
#: optional). Unknown keys and bad values are a ``ValidationError`` naming the field (``.path``).
Record = Mapping[str, Any]

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


def settle(
    signer: Signer,
    record: Optional[Record],
    body: Union[bytes, str],
    project_id: Optional[int] = None,
) -> Decision:
    """Verifies and parses the callback ``body`` with ``signer`` and decides what it does to the
    payment's ``record`` (gate.md §4.5): a frozen :class:`Decision`.

    ``record`` is the host's record for the callback's ``payment.id`` (None: no such payment,
    the decision is ``unmatched``); ``project_id`` the configured project (None: not checked; a
    validly signed callback of another project is flagged). Store ``decision.record`` (when not
    None), set the flag when ``decision.is_flagged`` (with ``decision.reason``), book each of
    ``decision.effects`` (its ``idempotency_key`` UNIQUE in the ledger), all in the transaction
    that holds the record's row lock, and answer ``decision.http_status`` after the commit.

    Raises ``SignatureError`` for a missing or wrong signature (answer 400, change nothing),
    ``MalformedInputError`` / ``ValidationError`` / ``LimitExceededError`` for a bad body, and
    ``ValidationError`` with ``.path`` naming the field for a bad ``record``.
    """
    return _core.gate_settle(signer, record, body, project_id)


def settle_status(
    signer: Signer,
    record: Optional[Record],
    body: Union[bytes, str],
    project_id: Optional[int] = None,
) -> Decision:
    """Like :func:`settle` for Gate's answer to a status request (gate.md §6): payment data is
    settled like a callback (it must be signed: ``SignatureError`` otherwise); an answer
    without payment data (3061 not found, an error) is ``no_change``."""
    return _core.gate_settle_status(signer, record, body, project_id)


def storage_failed(record: Optional[Record]) -> Decision:
    """The decision for a delivery the host could not store: ``retry``, HTTP 503 (the platform
    sends it again); the record and the books stay as they were."""
    return _core.gate_storage_failed(record)
