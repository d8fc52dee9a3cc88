"""Stored payments, every inbound delivery (raw bytes first, verification and processing after)
and the ledger of money effects.

A payment row holds the settlement engine's record (gate.md §4.5, cqr.md §5.2): status, expected
amount and currency, ``credited``, ``debited``, the applied operation ids (Gate) or idempotency
keys (CQR) and the bound PXP paymentID. The services build the record from the row, ask the
engine, and write back exactly the record the decision returns; each money effect of the
decision is one :class:`LedgerEntry` (its ``idempotency_key`` UNIQUE).
"""

from django.db import models


class Outcome(models.TextChoices):
    """A payment's status: the engine record's ``status`` (Gate uses all; CQR pending, completed,
    failed and reversed)."""

    PENDING = "pending"
    COMPLETED = "completed"
    FAILED = "failed"
    PARTIALLY_REFUNDED = "partially_refunded"
    PARTIALLY_REVERSED = "partially_reversed"
    REFUNDED = "refunded"
    REVERSED = "reversed"


#: The same choices under the name the engine uses.
Status = Outcome


class GateDeposit(models.Model):
    """A kiosk / e-wallet purchase: created pending by `check_deposit`, settled by its callback."""

    payment_id = models.CharField(max_length=64, unique=True)
    project_id = models.BigIntegerField()
    customer_id = models.CharField(max_length=255, db_index=True)
    amount = models.BigIntegerField(help_text="expected amount, minor units")
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=32, choices=Outcome.choices, default=Outcome.PENDING, db_index=True)
    credited = models.BigIntegerField(default=0, help_text="minor units credited so far (the engine's record)")
    debited = models.BigIntegerField(default=0, help_text="minor units refunded / reversed so far")
    applied_operations = models.JSONField(default=list, blank=True, help_text="operation ids whose effect is stored")
    raw_status = models.TextField(null=True, blank=True, default=None, help_text="the last raw status applied or seen while pending")
    operation_id = models.CharField(max_length=40, blank=True, default="", help_text="the last applied operation id (display)")
    flagged = models.BooleanField(default=False, db_index=True)
    flag_reason = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"deposit {self.payment_id} {self.customer_id} {self.amount} {self.currency} {self.status}"


class GatePayout(models.Model):
    class Sent(models.TextChoices):
        NOT_SENT = "not_sent"
        ACCEPTED = "accepted"
        REJECTED = "rejected"
        UNKNOWN = "unknown"

    payment_id = models.CharField(max_length=64, unique=True)
    project_id = models.BigIntegerField()
    customer_id = models.CharField(max_length=255, db_index=True, help_text="the shop's customer")
    account_number = models.CharField(max_length=64, help_text="QIWI wallet number")
    amount = models.BigIntegerField(help_text="minor units")
    currency = models.CharField(max_length=3, default="KZT")
    status = models.CharField(max_length=32, choices=Outcome.choices, default=Outcome.PENDING, db_index=True)
    credited = models.BigIntegerField(default=0, help_text="minor units paid out (the engine's record)")
    debited = models.BigIntegerField(default=0, help_text="minor units that came back (refunded / reversed payout)")
    applied_operations = models.JSONField(default=list, blank=True, help_text="operation ids whose effect is stored")
    raw_status = models.TextField(null=True, blank=True, default=None, help_text="the last raw status applied or seen while pending")
    send_state = models.CharField(max_length=16, choices=Sent.choices, default=Sent.NOT_SENT, db_index=True)
    send_count = models.PositiveIntegerField(default=0)
    request_path = models.CharField(max_length=200, blank=True, default="")
    request_body = models.BinaryField(default=b"")
    response_http_status = models.IntegerField(null=True, blank=True)
    response_body = models.BinaryField(null=True, blank=True)
    response_detail = models.TextField(blank=True, default="", help_text="the core's classification (JSON)")
    request_id = models.CharField(max_length=128, blank=True, default="")
    operation_id = models.CharField(max_length=40, blank=True, default="")
    flagged = models.BooleanField(default=False, db_index=True)
    flag_reason = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"payout {self.payment_id} {self.amount} {self.currency} {self.status}"


class ProcessingState(models.TextChoices):
    RECEIVED = "received", "received (not processed yet)"
    APPLIED = "applied", "applied"
    DUPLICATE = "duplicate", "duplicate (already applied)"
    NO_CHANGE = "no_change", "stored, no state change"
    UNMATCHED = "unmatched", "unmatched (no such payment)"
    FLAGGED = "flagged", "flagged (stored, not applied)"
    REJECTED = "rejected", "rejected (not authentic or malformed)"
    FAILED = "failed", "failed (will be retried)"


class Verification(models.TextChoices):
    PENDING = "pending"
    VALID = "valid"
    INVALID = "invalid"
    MISSING = "missing"
    MALFORMED = "malformed"
    NOT_APPLICABLE = "n/a"


class GateCallback(models.Model):
    """One delivery of a Gate callback, stored raw before it is verified."""

    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    remote_addr = models.CharField(max_length=64, blank=True, default="")
    raw_body = models.BinaryField()
    source = models.CharField(max_length=16, default="callback", help_text="callback or status_request")
    verification = models.CharField(max_length=16, choices=Verification.choices, default=Verification.PENDING)
    signature_variant = models.CharField(max_length=80, blank=True, default="")
    payment_id = models.CharField(max_length=64, blank=True, default="", db_index=True)
    payment_type = models.CharField(max_length=32, blank=True, default="")
    raw_status = models.CharField(max_length=64, blank=True, default="")
    outcome = models.CharField(max_length=16, blank=True, default="")
    operation_id = models.CharField(max_length=40, blank=True, default="", db_index=True)
    amount = models.BigIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, default="")
    state = models.CharField(max_length=16, choices=ProcessingState.choices, default=ProcessingState.RECEIVED, db_index=True)
    reason_code = models.CharField(max_length=32, blank=True, default="", help_text="the engine's reason code")
    error = models.TextField(blank=True, default="", help_text="why it was rejected, flagged, unmatched or failed")
    attempts = models.PositiveIntegerField(default=0)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"gate callback #{self.pk} {self.payment_id or '?'} {self.state}"


class CqrPayment(models.Model):
    """A QiwiDeposit order, keyed by our merchantTransactionID."""

    merchant_transaction_id = models.CharField(max_length=64, unique=True)
    customer_id = models.CharField(max_length=255, db_index=True)
    amount = models.BigIntegerField(help_text="expected amount, minor units")
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=32, choices=Outcome.choices, default=Outcome.PENDING, db_index=True)
    credited = models.BigIntegerField(default=0, help_text="minor units credited so far (the engine's record)")
    debited = models.BigIntegerField(default=0, help_text="minor units reversed so far")
    pxp_payment_id = models.CharField(max_length=255, blank=True, default="", db_index=True,
                                      help_text="the PXP paymentID the order is bound to (empty: unbound)")
    applied_keys = models.JSONField(default=list, blank=True,
                                    help_text="paymentID/stateKey/stateID of the notifications processed")
    state_key = models.IntegerField(null=True, blank=True)
    state_name = models.CharField(max_length=80, blank=True, default="")
    redirect_url = models.TextField(blank=True, default="")
    initiate_result = models.TextField(blank=True, default="", help_text="the core's reading of the initiate answer (JSON)")
    flagged = models.BooleanField(default=False, db_index=True)
    flag_reason = models.TextField(blank=True, default="")
    reversed = models.BooleanField(default=False, help_text="status is reversed (kept for filters)")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"cqr {self.merchant_transaction_id} {self.amount} {self.currency} {self.status}"


class CqrNotification(models.Model):
    """One delivery of a PXP state-change notification, stored raw after the access checks."""

    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    remote_addr = models.CharField(max_length=64, blank=True, default="")
    raw_body = models.BinaryField()
    source = models.CharField(max_length=16, default="notification", help_text="notification or get_payments (a poll)")
    merchant_transaction_id = models.CharField(max_length=64, blank=True, default="", db_index=True)
    pxp_payment_id = models.CharField(max_length=64, blank=True, default="")
    state_key = models.IntegerField(null=True, blank=True)
    state_id = models.CharField(max_length=64, blank=True, default="")
    idempotency_key = models.CharField(max_length=300, blank=True, default="", db_index=True)
    outcome = models.CharField(max_length=16, blank=True, default="")
    state = models.CharField(max_length=16, choices=ProcessingState.choices, default=ProcessingState.RECEIVED, db_index=True)
    result_code = models.IntegerField(null=True, blank=True)
    reason_code = models.CharField(max_length=32, blank=True, default="", help_text="the engine's reason code")
    error = models.TextField(blank=True, default="", help_text="why it was rejected, flagged, unmatched or failed")
    attempts = models.PositiveIntegerField(default=0)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"cqr notification #{self.pk} {self.merchant_transaction_id or '?'} {self.state}"


class LedgerEntry(models.Model):
    """One money effect of a settlement decision, booked in the transaction that stored the
    decision. ``idempotency_key`` is the engine's (stable across redeliveries) and UNIQUE: an
    effect can never be booked twice, whatever state the payment rows are in."""

    class Kind(models.TextChoices):
        CREDIT = "credit", "credit (deposit arrived)"
        DEBIT = "debit", "debit (refund / reversal)"
        PAYOUT_PAID = "payout_paid", "payout paid out"
        PAYOUT_RETURNED = "payout_returned", "payout returned"

    source = models.CharField(max_length=8, help_text="gate or cqr")
    reference = models.CharField(max_length=64, db_index=True, help_text="payment_id (Gate) or merchantTransactionID (CQR)")
    customer_id = models.CharField(max_length=255, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    amount = models.BigIntegerField(help_text="minor units, > 0 (kind gives the direction)")
    currency = models.CharField(max_length=3)
    idempotency_key = models.CharField(max_length=255, unique=True)
    delivery_id = models.BigIntegerField(null=True, blank=True, help_text="the GateCallback / CqrNotification row")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "ledger entries"

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.currency} {self.reference}"
