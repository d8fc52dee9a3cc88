"""Exactly-once business signals.

Every signal is sent **inside** the database transaction that records the state change, as its
last step, after the payment row was locked with ``select_for_update()`` and updated. A receiver
that writes to the database therefore commits or rolls back together with the change: if it
raises, nothing is stored, the platform gets a 5xx / resultCode 10 and delivers again, and the
signal is sent again on that retry. A signal is never sent for an apply that was rolled back by
the library, and never twice for a committed one. Receivers with effects outside the database
(e-mail, queues) should wrap them in ``transaction.on_commit``.

Keyword arguments (``sender`` is the model class):

* ``deposit_completed`` / ``deposit_failed`` / ``deposit_reversed`` (refunded or reversed after completion): ``deposit`` (GateDeposit), ``callback`` (GateCallback
  or None when the result came from a status request)
* ``payout_completed`` / ``payout_failed``: ``payout`` (GatePayout), ``callback`` (GateCallback or
  None: a synchronous rejection or a status request)
* ``cqr_payment_completed`` / ``cqr_payment_failed`` / ``cqr_payment_reversed``: ``payment``
  (CqrPayment), ``notification`` (CqrNotification)
"""

from django.dispatch import Signal

deposit_completed = Signal()
deposit_failed = Signal()
deposit_reversed = Signal()
payout_completed = Signal()
payout_failed = Signal()
cqr_payment_completed = Signal()
cqr_payment_failed = Signal()
cqr_payment_reversed = Signal()
