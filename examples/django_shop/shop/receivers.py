"""Balances move only here, through the exactly-once signals of qiwi_merchant.django.

The signals are sent inside the transaction that records the payment's new state, so these
updates commit or roll back together with it.
"""

from django.db.models import F
from django.dispatch import receiver

from qiwi_merchant.django import signals

from .models import Customer, LedgerEntry


def _move(customer_id: str, amount: int, kind: str, reference: str) -> None:
    if Customer.objects.filter(customer_id=customer_id).update(balance=F("balance") + amount) != 1:
        raise LookupError(f"customer {customer_id!r} does not exist")  # rolls the apply back
    LedgerEntry.objects.create(customer_id=customer_id, amount=amount, kind=kind, reference=reference)


@receiver(signals.deposit_completed)
def credit_gate_deposit(sender, deposit, **kwargs):
    _move(deposit.customer_id, deposit.amount, "gate_deposit", deposit.payment_id)


@receiver(signals.deposit_reversed)
def debit_reversed_gate_deposit(sender, deposit, **kwargs):
    _move(deposit.customer_id, -deposit.amount, "gate_reversal", deposit.payment_id)


@receiver(signals.payout_completed)
def debit_payout(sender, payout, **kwargs):
    _move(payout.customer_id, -payout.amount, "gate_payout", payout.payment_id)


@receiver(signals.cqr_payment_completed)
def credit_cqr_deposit(sender, payment, **kwargs):
    _move(payment.customer_id, payment.amount, "cqr_deposit", payment.merchant_transaction_id)


@receiver(signals.cqr_payment_reversed)
def debit_cqr_reversal(sender, payment, **kwargs):
    _move(payment.customer_id, -payment.amount, "cqr_reversal", payment.merchant_transaction_id)
