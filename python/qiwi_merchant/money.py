"""Amounts between major-unit text and integer minor units, by the core's ISO 4217 table.

Exact both ways: never a float, never rounded, each currency with its own number of fraction
digits (2 for KZT and USD, 0 for JPY, 3 for KWD)::

    money.to_minor("21.50", "USD")   # 2150
    money.to_major(2150, "USD")      # "21.50"
    money.to_minor("22", "JPY")      # 22
    money.exponent("KWD")            # 3

An amount with more fraction digits than its currency has, or a float, is a
``ValidationError``; an unknown currency code is a ``ValidationError``, a code without a minor
unit (``XAU``...) an ``UnsupportedError``.
"""

from __future__ import annotations

from ._core import money_exponent as exponent
from ._core import money_to_major as to_major
from ._core import money_to_minor as to_minor

__all__ = ["to_minor", "to_major", "exponent"]
