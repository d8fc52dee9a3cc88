"""Exceptions raised by qiwi_merchant.

Every error comes from the Rust core with a stable numeric ``code`` and ``kind`` name
(``ErrorKind``: 1 malformed_input, 2 validation, 3 signature_mismatch, 4 limit_exceeded,
5 unsupported, 6 missing_signature, 7 protocol, 8 unauthorized) and the core's message text.
All are ``ValueError`` subclasses, so code that already catches ``ValueError`` keeps working.
"""

from __future__ import annotations

from typing import ClassVar, Optional, Sequence, Tuple

__all__ = [
    "QiwiMerchantError",
    "MalformedInputError",
    "ValidationError",
    "SignatureError",
    "LimitExceededError",
    "UnsupportedError",
    "ProtocolError",
    "UnauthorizedError",
]


class QiwiMerchantError(ValueError):
    """Base class of every qiwi_merchant error.

    Attributes: ``code`` (the core's stable ``ErrorKind`` code), ``kind`` (its name),
    ``message`` (the core's text, never containing secrets or expected signatures), ``path``
    (the offending value, e.g. ``payment:sum:amount`` or an XML path), ``limit`` (for
    ``LimitExceededError``: ``body_size``, ``depth``, ``items``, ``string_length``) and
    ``fields`` (``(field, reason)`` pairs of a validation error, all failures at once).
    """

    default_code: ClassVar[int] = 0
    default_kind: ClassVar[str] = ""

    code: int
    kind: str
    message: str
    path: Optional[str]
    limit: Optional[str]
    fields: Tuple[Tuple[str, str], ...]

    def __init__(
        self,
        message: str,
        *,
        code: Optional[int] = None,
        kind: Optional[str] = None,
        path: Optional[str] = None,
        limit: Optional[str] = None,
        fields: Sequence[Tuple[str, str]] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = self.default_code if code is None else code
        self.kind = self.default_kind if kind is None else kind
        self.path = path
        self.limit = limit
        self.fields = tuple((str(f), str(r)) for f, r in fields)

    @property
    def field_names(self) -> Tuple[str, ...]:
        """The names of the failed fields, in order."""
        return tuple(f for f, _ in self.fields)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (_rebuild, (type(self), self.message, self.code, self.kind, self.path, self.limit, self.fields))


def _rebuild(
    cls: type,
    message: str,
    code: int,
    kind: str,
    path: Optional[str],
    limit: Optional[str],
    fields: Tuple[Tuple[str, str], ...],
) -> QiwiMerchantError:
    err: QiwiMerchantError = cls(message, code=code, kind=kind, path=path, limit=limit, fields=fields)
    return err


class MalformedInputError(QiwiMerchantError):
    """Bytes are not the expected format (invalid JSON/XML/UTF-8, duplicate keys, DOCTYPE...)."""

    default_code = 1
    default_kind = "malformed_input"


class ValidationError(QiwiMerchantError):
    """Well-formed input whose values break a rule (missing field, wrong type, float in signed
    params...). ``fields`` lists every failure."""

    default_code = 2
    default_kind = "validation"


class SignatureError(QiwiMerchantError):
    """The signature does not match (``kind == "signature_mismatch"``, code 3) or is missing
    (``kind == "missing_signature"``, code 6)."""

    default_code = 3
    default_kind = "signature_mismatch"

    @property
    def is_missing(self) -> bool:
        """True when the message carried no usable signature at all."""
        return self.kind == "missing_signature"


class LimitExceededError(QiwiMerchantError):
    """A resource limit (size, depth, items, string length) was hit; ``limit`` names it."""

    default_code = 4
    default_kind = "limit_exceeded"


class UnsupportedError(QiwiMerchantError):
    """A value the library deliberately does not handle (e.g. a currency without minor units)."""

    default_code = 5
    default_kind = "unsupported"


class ProtocolError(QiwiMerchantError):
    """A peer answered something that breaks the protocol (e.g. no redirect URL)."""

    default_code = 7
    default_kind = "protocol"


class UnauthorizedError(QiwiMerchantError):
    """Authentication of an inbound request failed (Basic auth, IP allow-list, project id)."""

    default_code = 8
    default_kind = "unauthorized"
