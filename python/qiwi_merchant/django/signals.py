"""Exactly-once business signals, carrying the money effect.

Every signal is sent **inside** the database transaction that stores the settlement engine's
decision, as its last step, after the payment row was locked with ``select_for_update()``, its
record updated and the effect booked in :class:`~qiwi_merchant.django.models.LedgerEntry`. A
receiver that writes to the database therefore commits or rolls back together with the decision:
if it raises, nothing is stored, the platform gets 503 / resultCode 10 and delivers again, and
the signal is sent again on that retry. A signal is never sent for a decision that was rolled
back, and never twice for a committed effect (the ledger's idempotency key is UNIQUE). Receivers
with effects outside the database (e-mail, queues) should wrap them in ``transaction.on_commit``.

Move money by ``effect.amount`` (minor units of ``effect.currency``, always > 0), never by the
payment's amount: a partial refund debits only the refunded part. Keyword arguments (``sender``
is the model class):

* ``effect``: the booked :class:`LedgerEntry` (``kind``, ``amount``, ``currency``,
  ``idempotency_key``, ``reference``, ``customer_id``), or None for the failure signals
* ``decision``: the engine's ``Decision`` (``action``, ``reason_code``, ``reason``, ``record``),
  or None for a payout refused synchronously by Gate (no engine decision)
* ``deposit_completed`` (effect ``credit``) / ``deposit_failed`` / ``deposit_reversed`` (effect
  ``debit``: a refund or reversal, in full or in part): ``deposit`` (GateDeposit), ``callback``
  (GateCallback, or None when the answer to a status request settled it)
* ``payout_completed`` (effect ``payout_paid``) / ``payout_failed`` / ``payout_returned`` (effect
  ``payout_returned``: a paid-out payout refunded or reversed by the platform): ``payout``
  (GatePayout), ``callback`` (GateCallback or None: a synchronous rejection or a status request)
* ``cqr_payment_completed`` (effect ``credit``) / ``cqr_payment_failed`` / ``cqr_payment_reversed``
  (effect ``debit``): ``payment`` (CqrPayment), ``notification`` (CqrNotification; source
  ``get_payments`` when a poll settled it)
"""

from django.dispatch import Signal

deposit_completed = Signal()
deposit_failed = Signal()
deposit_reversed = Signal()
payout_completed = Signal()
payout_failed = Signal()
payout_returned = Signal()
cqr_payment_completed = Signal()
cqr_payment_failed = Signal()
cqr_payment_reversed = Signal()
