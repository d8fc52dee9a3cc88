"""Enumerations shared by the Rust layer and the public modules (re-exported there)."""

from __future__ import annotations

import enum
from typing import Optional

from . import _core

__all__ = [
    "Outcome",
    "PaymentStatus",
    "PayoutOutcome",
    "StatusOutcome",
    "CqrOutcome",
    "MessageKind",
    "AmountCheckResult",
    "Confirmation",
]


class _StrEnum(str, enum.Enum):
    """A ``str`` enum whose ``str()`` is the wire value."""

    def __str__(self) -> str:
        return str(self.value)


class Outcome(_StrEnum):
    """What a Gate payment status means for the shop's books (gate.md §4.4)."""

    COMPLETED = "completed"
    FAILED = "failed"
    PENDING = "pending"
    REFUNDED = "refunded"
    REVERSED = "reversed"

    @property
    def is_final(self) -> bool:
        """True for every outcome but pending."""
        return self is not Outcome.PENDING


class PaymentStatus(_StrEnum):
    """A Gate status (``payment.status``, ``operation.status``); equal to the wire text.

    Unknown values never fail: ``PaymentStatus("brand new")`` is a pseudo-member whose
    ``name`` is ``"UNKNOWN"``, whose value (and ``raw``) is the text as received, and whose
    outcome is pending. A known status written in another case (``"SUCCESS"``) keeps its text
    too; ``kind`` gives the canonical member. Classification (``outcome``) is the core's.
    """

    SUCCESS = "success"
    DECLINE = "decline"
    ERROR = "error"
    CANCELED = "canceled"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    INTERNAL_ERROR = "internal error"
    EXTERNAL_ERROR = "external error"
    AWAITING_3DS_RESULT = "awaiting 3ds result"
    AWAITING_REDIRECT_RESULT = "awaiting redirect result"
    AWAITING_CUSTOMER = "awaiting customer"
    AWAITING_CLARIFICATION = "awaiting clarification"
    AWAITING_CAPTURE = "awaiting capture"
    PROCESSING = "processing"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially refunded"
    REVERSED = "reversed"
    PARTIALLY_REVERSED = "partially reversed"

    @classmethod
    def _missing_(cls, value: object) -> Optional["PaymentStatus"]:
        if not isinstance(value, str):
            return None
        canonical = cls._canonical(value)
        member = str.__new__(cls, value)
        member._name_ = canonical.name if canonical is not None else "UNKNOWN"
        member._value_ = value
        return member

    @classmethod
    def _canonical(cls, value: str) -> Optional["PaymentStatus"]:
        # The core decides which known status this is (and how case compares); we only look it up.
        canonical = _core.gate_status_canonical(value)
        return None if canonical is None else cls(canonical)

    @property
    def raw(self) -> str:
        """The status exactly as the platform sent it."""
        return str(self._value_)

    @property
    def kind(self) -> Optional["PaymentStatus"]:
        """The canonical member (``SUCCESS`` for ``"SUCCESS"``), None when unknown."""
        if self.__class__._value2member_map_.get(self._value_) is self:
            return self
        return self._canonical(self._value_)

    @property
    def is_known(self) -> bool:
        """False for a status the library does not know (its outcome is pending)."""
        return self.kind is not None

    @property
    def outcome(self) -> Outcome:
        """The outcome of this status (unknown → pending)."""
        return Outcome(_core.gate_status_outcome(self._value_))


class PayoutOutcome(_StrEnum):
    """Result of a payout request (gate.md §5.2)."""

    ACCEPTED = "accepted"
    """Accepted; the final outcome comes by callback."""
    REJECTED = "rejected"
    """Refused on the first send; the payout failed."""
    UNKNOWN = "unknown"
    """Not known: resend the same request or ask for the status; never a new payment_id."""


class StatusOutcome(_StrEnum):
    """Result of a status request (gate.md §6)."""

    FOUND = "found"
    NOT_FOUND = "not_found"
    ERROR = "error"


class CqrOutcome(_StrEnum):
    """The class of a CQR payment state (cqr.md §5)."""

    COMPLETED = "completed"
    FAILED = "failed"
    PENDING = "pending"


class MessageKind(_StrEnum):
    """The kind of an inbound CQR message (decided by its root element)."""

    INITIATE_RESPONSE = "initiate_response"
    NOTIFICATION = "notification"
    GET_PAYMENTS_RESPONSE = "get_payments_response"
    EXECUTE_PAYMENT_ACTION_RESPONSE = "execute_payment_action_response"
    PAYMENT_SERVICE_EXCEPTION = "payment_service_exception"


class AmountCheckResult(_StrEnum):
    """Result of comparing a CQR payment's amount with the order (cqr.md §6 step 8)."""

    MATCH = "match"
    MATCH_WITH_SHOP_FEE = "match_with_shop_fee"
    MISMATCH = "mismatch"


class Confirmation(_StrEnum):
    """What getPayments says about one paymentID (cqr.md §6 step 9)."""

    COMPLETED = "completed"
    PENDING = "pending"
    FAILED = "failed"
    NOT_FOUND = "not_found"
