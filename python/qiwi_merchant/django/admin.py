from typing import Any

from django.contrib import admin

from .models import CqrNotification, CqrPayment, GateCallback, GateDeposit, GatePayout, LedgerEntry


class ReadOnlyRaw(admin.ModelAdmin):
    """Stored deliveries are evidence: viewable, never edited."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    @admin.display(description="raw body")
    def raw_text(self, obj: Any) -> str:
        return bytes(obj.raw_body or b"").decode("utf-8", "replace")


#: The settlement engine's record: written only by the services, from the engine's decisions.
GATE_RECORD_FIELDS = ("status", "credited", "debited", "applied_operations", "raw_status", "operation_id")
CQR_RECORD_FIELDS = ("status", "credited", "debited", "pxp_payment_id", "applied_keys", "reversed")


@admin.register(GateDeposit)
class GateDepositAdmin(admin.ModelAdmin):
    list_display = ("payment_id", "customer_id", "amount", "currency", "status", "credited", "debited", "flagged",
                    "created_at", "settled_at")
    list_filter = ("status", "flagged", "currency", "created_at")
    search_fields = ("payment_id", "customer_id", "operation_id")
    readonly_fields = ("payment_id", "project_id", "customer_id", "amount", "currency", *GATE_RECORD_FIELDS,
                       "created_at", "updated_at", "settled_at")
    date_hierarchy = "created_at"


@admin.register(GatePayout)
class GatePayoutAdmin(admin.ModelAdmin):
    list_display = ("payment_id", "customer_id", "account_number", "amount", "currency", "status", "send_state", "send_count", "flagged", "created_at")
    list_filter = ("status", "send_state", "flagged", "created_at")
    search_fields = ("payment_id", "customer_id", "account_number", "request_id")
    exclude = ("request_body", "response_body")
    readonly_fields = ("payment_id", "project_id", "amount", "currency", *GATE_RECORD_FIELDS, "request_path",
                       "response_http_status", "response_detail", "request_id", "created_at", "updated_at",
                       "sent_at", "settled_at")


@admin.register(GateCallback)
class GateCallbackAdmin(ReadOnlyRaw):
    list_display = ("id", "received_at", "payment_id", "payment_type", "raw_status", "outcome", "verification", "state", "reason_code", "attempts")
    list_filter = ("state", "verification", "outcome", "payment_type", "source", "received_at")
    search_fields = ("payment_id", "operation_id", "remote_addr")
    exclude = ("raw_body",)
    readonly_fields = ("raw_text",)


@admin.register(CqrPayment)
class CqrPaymentAdmin(admin.ModelAdmin):
    list_display = ("merchant_transaction_id", "customer_id", "amount", "currency", "status", "credited", "debited", "state_key", "pxp_payment_id", "flagged", "created_at")
    list_filter = ("status", "flagged", "reversed", "currency", "created_at")
    search_fields = ("merchant_transaction_id", "customer_id", "pxp_payment_id")
    readonly_fields = ("merchant_transaction_id", "amount", "currency", *CQR_RECORD_FIELDS, "initiate_result",
                       "created_at", "updated_at", "settled_at")


@admin.register(CqrNotification)
class CqrNotificationAdmin(ReadOnlyRaw):
    list_display = ("id", "received_at", "source", "merchant_transaction_id", "state_key", "outcome", "state", "result_code", "reason_code", "attempts")
    list_filter = ("state", "outcome", "result_code", "source", "received_at")
    search_fields = ("merchant_transaction_id", "pxp_payment_id", "idempotency_key", "remote_addr")
    exclude = ("raw_body",)
    readonly_fields = ("raw_text",)


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """The booked money effects: evidence, never edited."""

    list_display = ("id", "created_at", "source", "reference", "customer_id", "kind", "amount", "currency", "idempotency_key")
    list_filter = ("source", "kind", "currency", "created_at")
    search_fields = ("reference", "customer_id", "idempotency_key")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
