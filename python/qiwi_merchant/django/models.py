"""Stored payments and every inbound delivery (raw bytes first, verification and processing after)."""

from django.db import models


class Outcome(models.TextChoices):
    PENDING = "pending"
    COMPLETED = "completed"
    FAILED = "failed"
    REFUNDED = "refunded"
    REVERSED = "reversed"


class GateDeposit(models.Model):
    """A kiosk / e-wallet purchase: created pending by `check_deposit`, settled by its callback."""

    payment_id = models.CharField(max_length=64, unique=True)
    project_id = models.BigIntegerField()
    customer_id = models.CharField(max_length=255, db_index=True)
    amount = models.BigIntegerField(help_text="minor units")
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING, db_index=True)
    raw_status = models.CharField(max_length=64, blank=True, default="")
    operation_id = models.CharField(max_length=40, blank=True, default="")
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
    status = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING, db_index=True)
    raw_status = models.CharField(max_length=64, blank=True, default="")
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
    error = models.TextField(blank=True, default="")
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
    amount = models.BigIntegerField(help_text="minor units")
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING, db_index=True)
    pxp_payment_id = models.CharField(max_length=64, blank=True, default="", db_index=True)
    state_key = models.IntegerField(null=True, blank=True)
    state_name = models.CharField(max_length=80, blank=True, default="")
    redirect_url = models.TextField(blank=True, default="")
    initiate_result = models.TextField(blank=True, default="", help_text="the core's reading of the initiate answer (JSON)")
    flagged = models.BooleanField(default=False, db_index=True)
    flag_reason = models.TextField(blank=True, default="")
    reversed = models.BooleanField(default=False)
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
    merchant_transaction_id = models.CharField(max_length=64, blank=True, default="", db_index=True)
    pxp_payment_id = models.CharField(max_length=64, blank=True, default="")
    state_key = models.IntegerField(null=True, blank=True)
    state_id = models.CharField(max_length=64, blank=True, default="")
    idempotency_key = models.CharField(max_length=300, blank=True, default="", db_index=True)
    outcome = models.CharField(max_length=16, blank=True, default="")
    state = models.CharField(max_length=16, choices=ProcessingState.choices, default=ProcessingState.RECEIVED, db_index=True)
    result_code = models.IntegerField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    attempts = models.PositiveIntegerField(default=0)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"cqr notification #{self.pk} {self.merchant_transaction_id or '?'} {self.state}"
