"""Balances move only here: the payout debit, and the exactly-once signals of qiwi_merchant.django.

The signals are sent inside the transaction that records the payment's new state, so these
updates commit or roll back together with it. A payout is debited when it is created
(create_debited_payout, under the customer's row lock), not when it completes, so concurrent
payout requests cannot spend the same money twice; a failed payout gives it back.
"""

from django.db import connection, transaction
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone

from qiwi_merchant.django import payouts, signals
from qiwi_merchant.django.models import GatePayout

from .models import Customer, LedgerEntry


_PG_MOVE = None


def _pg_move_sql() -> str:
    # balance update and ledger row in ONE statement (one round trip, one row lock held from here
    # to the commit): the INSERT takes its customer from the UPDATE's RETURNING, so no row is
    # written when the customer does not exist
    global _PG_MOVE
    if _PG_MOVE is None:
        c, le = Customer._meta, LedgerEntry._meta
        qn = connection.ops.quote_name
        _PG_MOVE = (
            f"WITH c AS (UPDATE {qn(c.db_table)} SET {qn('balance')} = {qn('balance')} + %s "
            f"WHERE {qn('customer_id')} = %s RETURNING {qn('customer_id')}) "
            f"INSERT INTO {qn(le.db_table)} ({qn('customer_id')}, {qn('amount')}, {qn('kind')}, "
            f"{qn('reference')}, {qn('created_at')}) SELECT {qn('customer_id')}, %s, %s, %s, %s FROM c"
        )
    return _PG_MOVE


def _move(customer_id: str, amount: int, kind: str, reference: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(_pg_move_sql(), [amount, customer_id, amount, kind, reference, timezone.now()])
            moved = cur.rowcount
    else:  # the same two steps through the ORM
        moved = Customer.objects.filter(customer_id=customer_id).update(balance=F("balance") + amount)
        if moved == 1:
            LedgerEntry.objects.create(customer_id=customer_id, amount=amount, kind=kind, reference=reference)
    if moved != 1:
        raise LookupError(f"customer {customer_id!r} does not exist")  # rolls the apply back


# Every amount below is the effect's (the settlement engine's decision, booked in
# qiwi_merchant's ledger in the same transaction), never the payment's: a partial refund debits
# only the refunded part.


@receiver(signals.deposit_completed)
def credit_gate_deposit(sender, deposit, effect, **kwargs):
    _move(deposit.customer_id, effect.amount, "gate_deposit", deposit.payment_id)


@receiver(signals.deposit_reversed)
def debit_reversed_gate_deposit(sender, deposit, effect, **kwargs):
    # a refund or reversal, in full or in part: effect.amount is what the engine debits
    _move(deposit.customer_id, -effect.amount, "gate_reversal", deposit.payment_id)


class InsufficientBalance(Exception):
    def __init__(self, balance: int):
        super().__init__(f"balance {balance} does not cover the payout")
        self.balance = balance


def create_debited_payout(*, customer_id: str, amount: int, **fields) -> GatePayout:
    """Store a payout (qiwi_merchant.django.payouts.create_payout) and debit its amount, in ONE
    transaction under the customer's row lock: select_for_update on PostgreSQL; on SQLite the
    shop's transaction_mode=IMMEDIATE makes the transaction BEGIN IMMEDIATE (the writer lock).

    Raises Customer.DoesNotExist, or InsufficientBalance (nothing stored) when the balance does
    not cover `amount`. Send the payout after this returns (no lock held across the network).
    """
    with transaction.atomic():
        c = Customer.objects.select_for_update().get(customer_id=customer_id)
        if amount <= 0 or c.balance < amount:
            raise InsufficientBalance(c.balance)
        p = payouts.create_payout(customer_id=customer_id, amount=amount, currency=c.currency, **fields)
        _move(customer_id, -amount, "gate_payout", p.payment_id)
    return p


@receiver(signals.payout_failed)
def refund_failed_payout(sender, payout, **kwargs):
    # payout_failed is sent once (pending -> failed); give back what create_debited_payout took.
    # Payouts created without the debit (payouts.create_payout directly) have nothing to refund.
    debits = LedgerEntry.objects.filter(reference=payout.payment_id)
    if debits.filter(kind="gate_payout").exists() and not debits.filter(kind="gate_payout_refund").exists():
        _move(payout.customer_id, payout.amount, "gate_payout_refund", payout.payment_id)


# payout_completed: nothing to move, the amount was debited when the payout was created.


@receiver(signals.payout_returned)
def credit_returned_payout(sender, payout, effect, **kwargs):
    # a paid-out payout the platform refunded or reversed: the money is the customer's again
    _move(payout.customer_id, effect.amount, "gate_payout_return", payout.payment_id)


@receiver(signals.cqr_payment_completed)
def credit_cqr_deposit(sender, payment, effect, **kwargs):
    _move(payment.customer_id, effect.amount, "cqr_deposit", payment.merchant_transaction_id)


@receiver(signals.cqr_payment_reversed)
def debit_cqr_reversal(sender, payment, effect, **kwargs):
    _move(payment.customer_id, -effect.amount, "cqr_reversal", payment.merchant_transaction_id)
