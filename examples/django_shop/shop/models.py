from django.db import models


class Customer(models.Model):
    customer_id = models.CharField(max_length=64, unique=True)
    balance = models.BigIntegerField(default=0, help_text="minor units")
    currency = models.CharField(max_length=3, default="KZT")

    def __str__(self):
        return f"{self.customer_id}: {self.balance} {self.currency}"


class LedgerEntry(models.Model):
    """Every balance change, with the payment that caused it (not unique on purpose: a double
    credit would show up here and in /shop/stats/)."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="ledger", to_field="customer_id")
    amount = models.BigIntegerField(help_text="signed, minor units")
    kind = models.CharField(max_length=32)
    reference = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
