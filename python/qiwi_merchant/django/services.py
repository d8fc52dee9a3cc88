"""Processing of Gate callbacks and CQR notifications: store raw, verify, apply exactly once.

The functions here are what the views call; they are usable on their own (management commands,
Celery tasks, tests). A delivery is handled in ONE transaction: the raw row is inserted first,
then verification and apply run in a savepoint (nested ``transaction.atomic()``) with
``select_for_update()`` on the payment row, so concurrent deliveries of the same event serialise
on that row and only the first one changes anything. A processing failure rolls back to the
savepoint and records ``failed`` + the error on the raw row, which still commits (the platform
gets 503 / resultCode 10 and retries). The caller answers only after the commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Tuple

from django.db import transaction
from django.utils import timezone

from . import core, signals
from .conf import get_config
from .models import (
    CqrNotification,
    CqrPayment,
    GateCallback,
    GateDeposit,
    GatePayout,
    Outcome,
    ProcessingState,
    Verification,
)

log = logging.getLogger("qiwi_merchant.django")

#: A ProcessingState member (a str at runtime). Django ships no type information, and mypy
#: reads the (value, label) tuples of the choices class as tuples: typed Any.
State = Any
#: Called with (merchant_transaction_id, payment_id); answers like cqr_client.confirm_payment.
Confirm = Callable[[str, str], str]

FINAL = {Outcome.COMPLETED, Outcome.FAILED, Outcome.REFUNDED, Outcome.REVERSED}


def gate_transition(current: str, incoming: str) -> str:
    """gate.md §4.3 step 6: 'apply', 'no_change' (a duplicate) or 'flag'."""
    if current == incoming:
        return "no_change"
    if current == Outcome.PENDING:
        return "apply"
    if current == Outcome.COMPLETED and incoming in (Outcome.REFUNDED, Outcome.REVERSED):
        return "apply"
    if incoming == Outcome.PENDING:
        # a late intermediate status after a final one: stored, nothing to do
        return "no_change"
    return "flag"


# --------------------------------------------------------------------------------------------
# Gate callbacks


@dataclass
class GateResult:
    http_status: int
    state: State
    row: Optional[GateCallback]
    detail: str = ""


def receive_gate_callback(body: bytes, remote_addr: str = "") -> GateResult:
    """Store the raw delivery, verify and apply it: one transaction, committed before returning.

    Raises only when nothing could be committed (the caller answers 503, the platform retries).
    """
    with transaction.atomic():
        row = GateCallback.objects.create(raw_body=body, remote_addr=remote_addr or "")
        return _process_gate(row, body)


def process_gate_callback(row: GateCallback, body: Optional[bytes] = None) -> GateResult:
    """(Re)process a stored delivery (``qiwi_merchant_reprocess``), in one transaction."""
    if body is None:
        body = bytes(row.raw_body)
    with transaction.atomic():
        return _process_gate(row, body)


def _process_gate(row: GateCallback, body: bytes) -> GateResult:
    """Inside the delivery's transaction; the raw row is saved already."""
    row.attempts += 1
    try:
        info = core.parse_callback(body)
    except core.SignatureError as exc:
        row.verification = Verification.MISSING if core.is_missing_signature(exc) else Verification.INVALID
        return _reject(row, str(exc))
    except core.InputError as exc:
        row.verification = Verification.MALFORMED
        return _reject(row, str(exc))
    _fill_gate_row(row, info)
    return _apply_gate_guarded(row, info)


def _reject(row: GateCallback, error: str) -> GateResult:
    _finish(row, ProcessingState.REJECTED, error[:2000])
    return GateResult(400, row.state, row, error)


def _fill_gate_row(row: GateCallback, info: "core.CallbackInfo") -> None:
    row.verification = Verification.VALID
    row.signature_variant = info.signature_variant
    row.payment_id = info.payment_id[:64]
    row.payment_type = (info.payment_type or "")[:32]
    row.raw_status = (info.raw_status or "")[:64]
    row.outcome = info.outcome
    row.operation_id = (info.operation_id or "")[:40]
    row.amount = info.amount
    row.currency = (info.currency or "")[:3]


def _apply_gate_guarded(row: GateCallback, info: "core.CallbackInfo") -> GateResult:
    try:
        # a savepoint inside the delivery's transaction (a transaction of its own when called
        # outside one, e.g. payouts.poll_status): a failure undoes the apply, not the raw row
        with transaction.atomic():
            state, detail = _apply_gate(row, info)
    except Exception as exc:  # noqa: BLE001 - any failure: 503, the platform retries
        log.exception("qiwi_merchant: applying Gate callback #%s failed", row.pk)
        _mark_failed(row, f"{type(exc).__name__}: {exc}")
        return GateResult(503, ProcessingState.FAILED, row, str(exc))
    return GateResult(200, state, row, detail)


def _mark_failed(row: Any, error: str) -> None:
    """After the savepoint was rolled back: record the failure on the raw row.

    Inside the delivery's transaction an error here propagates: the whole transaction rolls back,
    nothing is stored and the caller answers 503 (the platform retries). Outside one (the raw row
    was committed on its own) the row is already durable and the error is only logged.
    """
    row.state = ProcessingState.FAILED
    row.error = error[:2000]
    row.processed_at = timezone.now()
    if row.pk is None:
        return
    if transaction.get_connection(row._state.db or "default").in_atomic_block:
        row.save(update_fields=_processed_fields(row))
        return
    try:
        row.save(update_fields=_processed_fields(row))
    except Exception:  # noqa: BLE001 - the raw row is already stored; nothing more to do
        log.exception("qiwi_merchant: could not record the failure of #%s", row.pk)


_PROCESSED_FIELDS: Dict[Any, List[str]] = {}


def _processed_fields(row: Any) -> List[str]:
    """Every column but the raw body (stored once, never rewritten) and the receipt time."""
    model = type(row)
    fields = _PROCESSED_FIELDS.get(model)
    if fields is None:
        fields = _PROCESSED_FIELDS[model] = [
            f.attname for f in model._meta.concrete_fields if f.attname not in ("id", "raw_body", "received_at")]
    return fields


def _finish(row: Any, state: State, error: str = "") -> None:
    row.state = state
    row.error = error
    row.processed_at = timezone.now()
    if row.pk is None:
        row.save()
    else:
        row.save(update_fields=_processed_fields(row))


def _apply_gate(row: GateCallback, info: "core.CallbackInfo") -> Tuple[State, str]:
    """Inside transaction.atomic(). Returns (processing state, detail)."""
    cfg = get_config()
    if cfg.GATE_PROJECT_ID is not None and info.project_id not in (None, "") and int(info.project_id) != cfg.GATE_PROJECT_ID:
        _finish(row, ProcessingState.FLAGGED, f"project_id {info.project_id} is not ours")
        return row.state, row.error
    is_payout = (info.payment_type or "").lower() == "payout"
    model = GatePayout if is_payout else GateDeposit
    obj = model.objects.select_for_update().filter(payment_id=info.payment_id).first()
    if obj is None:
        _finish(row, ProcessingState.UNMATCHED, f"no {model.__name__} with payment_id {info.payment_id!r}")
        return row.state, row.error
    if info.amount != obj.amount or (info.currency or "").upper() != obj.currency.upper():
        reason = f"sum {info.amount} {info.currency} differs from the stored {obj.amount} {obj.currency}"
        _flag(obj, reason)
        _finish(row, ProcessingState.FLAGGED, reason)
        return row.state, reason
    decision = gate_transition(obj.status, info.outcome)
    if decision == "no_change":
        state = ProcessingState.DUPLICATE if obj.status == info.outcome and obj.status != Outcome.PENDING else ProcessingState.NO_CHANGE
        if obj.status == Outcome.PENDING and info.raw_status and obj.raw_status != info.raw_status:
            obj.raw_status = info.raw_status[:64]
            obj.save(update_fields=["raw_status", "updated_at"])
        _finish(row, state)
        return row.state, ""
    if decision == "flag":
        reason = f"{obj.status} -> {info.outcome} is not an allowed change"
        _flag(obj, reason)
        _finish(row, ProcessingState.FLAGGED, reason)
        return row.state, reason
    previous = obj.status
    obj.status = info.outcome
    obj.raw_status = (info.raw_status or "")[:64]
    if info.operation_id:
        obj.operation_id = info.operation_id[:40]
    fields = ["status", "raw_status", "operation_id", "updated_at"]
    if previous == Outcome.PENDING:
        obj.settled_at = timezone.now()
        fields.append("settled_at")
    obj.save(update_fields=fields)
    _finish(row, ProcessingState.APPLIED)
    _send_gate_signal(obj, is_payout, previous, row if row.source == "callback" else None)
    return row.state, ""


def _flag(obj: Any, reason: str) -> None:
    obj.flagged = True
    obj.flag_reason = (obj.flag_reason + "\n" if obj.flag_reason else "") + reason
    obj.save(update_fields=["flagged", "flag_reason", "updated_at"])


def _send_gate_signal(obj: Any, is_payout: bool, previous: str, callback: Optional[GateCallback]) -> None:
    if is_payout:
        if obj.status == Outcome.COMPLETED:
            signals.payout_completed.send(sender=GatePayout, payout=obj, callback=callback)
        elif obj.status == Outcome.FAILED:
            signals.payout_failed.send(sender=GatePayout, payout=obj, callback=callback)
        return
    if obj.status == Outcome.COMPLETED:
        signals.deposit_completed.send(sender=GateDeposit, deposit=obj, callback=callback)
    elif obj.status == Outcome.FAILED:
        signals.deposit_failed.send(sender=GateDeposit, deposit=obj, callback=callback)
    elif obj.status in (Outcome.REFUNDED, Outcome.REVERSED) and previous == Outcome.COMPLETED:
        signals.deposit_reversed.send(sender=GateDeposit, deposit=obj, callback=callback)


# --------------------------------------------------------------------------------------------
# CQR notifications

RESULT_PROCESSED = 0
RESULT_UNKNOWN_STATE = 2
RESULT_ERROR = 10


@dataclass
class CqrResult:
    http_status: int
    result_code: Optional[int]
    reason: str
    row: Optional[CqrNotification]


def receive_cqr_notification(body: bytes, remote_addr: str = "", confirm: Optional[Confirm] = None) -> CqrResult:
    """Access checks are the view's; this stores the raw body, parses and applies it.

    One transaction, committed before returning. With CQR_CONFIRM_WITH_GET_PAYMENTS the raw row is
    committed on its own first instead: no transaction is held open across the getPayments call.
    """
    if get_config().CQR_CONFIRM_WITH_GET_PAYMENTS:
        row = CqrNotification.objects.create(raw_body=body, remote_addr=remote_addr or "")
        return _process_cqr(row, body, confirm)
    with transaction.atomic():
        row = CqrNotification.objects.create(raw_body=body, remote_addr=remote_addr or "")
        return _process_cqr(row, body, confirm)


def process_cqr_notification(row: CqrNotification, body: Optional[bytes] = None,
                             confirm: Optional[Confirm] = None) -> CqrResult:
    """(Re)process a stored delivery (``qiwi_merchant_reprocess``)."""
    if body is None:
        body = bytes(row.raw_body)
    if get_config().CQR_CONFIRM_WITH_GET_PAYMENTS:
        return _process_cqr(row, body, confirm)
    with transaction.atomic():
        return _process_cqr(row, body, confirm)


def _process_cqr(row: CqrNotification, body: bytes, confirm: Optional[Confirm]) -> CqrResult:
    row.attempts += 1
    try:
        n = core.parse_notification(body)
    except core.InputError as exc:
        _finish(row, ProcessingState.REJECTED, str(exc)[:2000])
        return CqrResult(400, None, str(exc), row)
    row.merchant_transaction_id = (n.merchant_transaction_id or "")[:64]
    row.pxp_payment_id = (n.payment_id or "")[:64]
    row.state_key = n.state_key
    row.state_id = (n.state_id or "")[:64]
    row.idempotency_key = n.idempotency_key[:300]
    row.outcome = n.outcome
    cfg = get_config()
    if n.merchant_id != cfg.CQR_MERCHANT_ID or n.shop_id != cfg.CQR_SHOP_ID:
        return _cqr_done(row, ProcessingState.UNMATCHED, RESULT_UNKNOWN_STATE, "merchantID/shopID not ours")
    # Confirmation (getPayments) is network I/O: done before taking the row lock (and, from
    # receive_cqr_notification, outside any transaction).
    confirmed: Optional[str] = None
    if n.outcome == Outcome.COMPLETED and cfg.CQR_CONFIRM_WITH_GET_PAYMENTS:
        try:
            from .cqr_client import confirm_payment

            confirmed = (confirm or confirm_payment)(n.merchant_transaction_id, n.payment_id)
        except Exception as exc:  # noqa: BLE001 - transport error: PXP must send again
            log.warning("qiwi_merchant: getPayments confirmation failed: %s", exc)
            return _cqr_done(row, ProcessingState.FAILED, RESULT_ERROR, f"confirmation failed: {exc}")
        if confirmed in ("pending", "not_found"):
            return _cqr_done(row, ProcessingState.FAILED, RESULT_ERROR, f"getPayments says {confirmed}")
    try:
        # a savepoint inside the delivery's transaction: a failure undoes the apply, not the raw row
        with transaction.atomic():
            state, code, reason = _apply_cqr(row, n, confirmed)
    except Exception as exc:  # noqa: BLE001
        log.exception("qiwi_merchant: applying CQR notification #%s failed", row.pk)
        row.result_code = RESULT_ERROR
        _mark_failed(row, f"{type(exc).__name__}: {exc}")
        return CqrResult(200, RESULT_ERROR, "processing failed", row)
    return CqrResult(200, code, reason, row)


def _cqr_done(row: Any, state: State, code: int, reason: str = "") -> CqrResult:
    row.result_code = code
    _finish(row, state, reason if state != ProcessingState.APPLIED else "")
    return CqrResult(200, code, reason, row)


DONE_STATES = (ProcessingState.APPLIED, ProcessingState.DUPLICATE, ProcessingState.NO_CHANGE, ProcessingState.FLAGGED)


def _apply_cqr(row: CqrNotification, n: "core.NotificationInfo", confirmed: Optional[str]) -> Tuple[State, int, str]:
    pay = CqrPayment.objects.select_for_update().filter(merchant_transaction_id=n.merchant_transaction_id).first()
    if pay is None:
        _cqr_done(row, ProcessingState.UNMATCHED, RESULT_UNKNOWN_STATE, "unknown merchantTransactionID")
        return row.state, RESULT_UNKNOWN_STATE, row.error
    seen = (
        CqrNotification.objects.filter(idempotency_key=row.idempotency_key, state__in=DONE_STATES)
        .exclude(pk=row.pk)
        .exists()
    )
    if seen:
        _cqr_done(row, ProcessingState.DUPLICATE, RESULT_PROCESSED)
        return row.state, RESULT_PROCESSED, ""
    changed: List[str] = []
    if n.payment_id and pay.pxp_payment_id != n.payment_id:
        if pay.pxp_payment_id and pay.status != Outcome.PENDING:
            pass  # another attempt for a settled order; recorded on the notification row only
        else:
            pay.pxp_payment_id = n.payment_id[:64]
            changed.append("pxp_payment_id")
    if not n.is_executed_consistent:
        reason = f"isExecuted disagrees with state {n.state_key}"
        _flag(pay, reason)
        _save_changed(pay, changed)
        _cqr_done(row, ProcessingState.FLAGGED, RESULT_PROCESSED, reason)
        return row.state, RESULT_PROCESSED, reason
    match = n.amount_matches(pay.amount, pay.currency)
    if not match:
        reason = f"amount {n.amount_text} {n.currency} differs from the order's {pay.amount} {pay.currency} (minor)"
        _flag(pay, reason)
        _save_changed(pay, changed)
        _cqr_done(row, ProcessingState.FLAGGED, RESULT_PROCESSED, reason)
        return row.state, RESULT_PROCESSED, reason
    outcome = n.outcome
    if confirmed == "failed":
        outcome = Outcome.FAILED
    current = pay.status
    if outcome == current or outcome == Outcome.PENDING:
        if current == Outcome.PENDING and n.state_key is not None:
            pay.state_key, pay.state_name = n.state_key, (n.state_name or "")[:80]
            changed += ["state_key", "state_name"]
        _save_changed(pay, changed)
        _cqr_done(row, ProcessingState.NO_CHANGE, RESULT_PROCESSED)
        return row.state, RESULT_PROCESSED, ""
    if current == Outcome.PENDING:
        pay.status = outcome
        pay.state_key, pay.state_name = n.state_key, (n.state_name or "")[:80]
        pay.settled_at = timezone.now()
        changed += ["status", "state_key", "state_name", "settled_at"]
        _save_changed(pay, changed)
        _cqr_done(row, ProcessingState.APPLIED, RESULT_PROCESSED)
        sig = signals.cqr_payment_completed if outcome == Outcome.COMPLETED else signals.cqr_payment_failed
        sig.send(sender=CqrPayment, payment=pay, notification=row)
        return row.state, RESULT_PROCESSED, ""
    if current == Outcome.COMPLETED and outcome == Outcome.FAILED:
        pay.status = Outcome.REVERSED
        pay.reversed = True
        pay.state_key, pay.state_name = n.state_key, (n.state_name or "")[:80]
        changed += ["status", "reversed", "state_key", "state_name"]
        _save_changed(pay, changed)
        _cqr_done(row, ProcessingState.APPLIED, RESULT_PROCESSED, "")
        signals.cqr_payment_reversed.send(sender=CqrPayment, payment=pay, notification=row)
        return row.state, RESULT_PROCESSED, ""
    reason = f"{current} -> {outcome} (state {n.state_key}) is not an allowed change"
    _flag(pay, reason)
    _save_changed(pay, changed)
    _cqr_done(row, ProcessingState.FLAGGED, RESULT_PROCESSED, reason)
    return row.state, RESULT_PROCESSED, reason


def _save_changed(obj: Any, fields: List[str]) -> None:
    if fields:
        obj.save(update_fields=sorted(set(fields)) + ["updated_at"])
