"""qiwi_merchant: the merchant side of QIWI payments (JetPay Gate ``qiwi-kz`` and CQR/Kalixa
QiwiDeposit), a typed Python layer over the Rust core.

* :mod:`qiwi_merchant.gate` — signatures, callbacks, the account check, payouts, status.
* :mod:`qiwi_merchant.cqr` — CQR XML: initiate, notifications, getPayments, auth checks.
* :mod:`qiwi_merchant.money` — amounts between major-unit text and minor units (exact).
* :mod:`qiwi_merchant.testing` — build signed messages for the shop's own tests.

Errors are :class:`QiwiMerchantError` subclasses (all ``ValueError``) with the core's stable
``code`` and ``kind``.
"""

from __future__ import annotations

from . import _core
from .exceptions import (
    LimitExceededError,
    MalformedInputError,
    ProtocolError,
    QiwiMerchantError,
    SignatureError,
    UnauthorizedError,
    UnsupportedError,
    ValidationError,
)

#: The package version (same as the Rust core's).
__version__: str = _core.__version__

from . import cqr, gate, money  # noqa: E402  (after the exceptions: they import nothing from here)
from .gate import Signer  # noqa: E402

__all__ = [
    "__version__",
    "gate",
    "cqr",
    "money",
    "Signer",
    "QiwiMerchantError",
    "MalformedInputError",
    "ValidationError",
    "SignatureError",
    "LimitExceededError",
    "UnsupportedError",
    "ProtocolError",
    "UnauthorizedError",
]
