"""Processing of Gate callbacks and CQR notifications on the settlement engine.

The core decides, this module persists. For each delivery, in ONE transaction:

1. the raw bytes are stored (a GateCallback / CqrNotification row);
2. the message is verified and read (a bad one is answered 400 and changes nothing);
3. in a savepoint, the payment row is taken with ``select_for_update()``, its record (the
   engine's document: status, amounts, credited, debited, applied operation ids / keys, bound
   paymentID) is built from the row, and the engine (``qiwi_merchant.gate.settle`` /
   ``qiwi_merchant.cqr.settle``) returns a decision;
4. exactly what the decision says is stored: the record's fields, the flag and its reason, one
   :class:`~qiwi_merchant.django.models.LedgerEntry` per money effect (its idempotency key
   UNIQUE), the delivery's processing state; then the signals are sent, carrying the effect.

If anything in step 3–4 fails (a database error, a ledger key booked before, a receiver that
raises), the savepoint is rolled back and the engine's ``storage_failed`` decision is answered
(Gate HTTP 503, CQR resultCode 10); the raw row records the failure and still commits, and the
platform sends again. No money or transition rule lives here: which change is allowed, how much
is credited or debited, what is a duplicate and what the platform is answered all come from the
engine. The functions are what the views call and work on their own (management commands,
Celery tasks, tests).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

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
    LedgerEntry,
    Outcome,
    ProcessingState,
    Verification,
)

log = logging.getLogger("qiwi_merchant.django")

#: A ProcessingState member (a str at runtime). Django ships no type information, and mypy
#: reads the (value, label) tuples of the choices class as tuples: typed Any.
State = Any
#: Called with a merchantTransactionID; returns PXP's getPayments answer for that order (the raw
#: XML bytes), like :func:`qiwi_merchant.django.cqr_client.fetch_get_payments`. Raises when no
#: answer arrived.
FetchGetPayments = Callable[[str], bytes]
GateObject = Union[GateDeposit, GatePayout]

#: The delivery's processing state for each engine action.
ACTION_STATE: Dict[str, State] = {
    "apply": ProcessingState.APPLIED,
    "duplicate": ProcessingState.DUPLICATE,
    "no_change": ProcessingState.NO_CHANGE,
    "flag": ProcessingState.FLAGGED,
    "unmatched": ProcessingState.UNMATCHED,
    "retry": ProcessingState.FAILED,
}
#: Actions whose reason is kept in the delivery's ``error`` (they need a look).
_NOTEWORTHY = ("flag", "unmatched", "retry")

RESULT_PROCESSED = 0
RESULT_UNKNOWN_STATE = 2
RESULT_ERROR = 10


# --------------------------------------------------------------------------------------------
# Records: the engine's documents, built from the rows and written back


def gate_record(obj: GateObject) -> Dict[str, Any]:
    """The engine's Gate record of a deposit or payout row (gate.md §4.5)."""
    return {
        "kind": "payout" if isinstance(obj, GatePayout) else "deposit",
        "status": str(obj.status),
        "amount": int(obj.amount),
        "currency": str(obj.currency),
        "credited": int(obj.credited),
        "debited": int(obj.debited),
        "applied_operations": list(obj.applied_operations or ()),
        "raw_status": obj.raw_status,
    }


def cqr_order(pay: CqrPayment) -> Dict[str, Any]:
    """The engine's CQR order of a CqrPayment row (cqr.md §5.2); an empty paymentID is unbound."""
    return {
        "status": str(pay.status),
        "amount": int(pay.amount),
        "currency": str(pay.currency),
        "credited": int(pay.credited),
        "debited": int(pay.debited),
        "payment_id": pay.pxp_payment_id or None,
        "applied_keys": list(pay.applied_keys or ()),
    }


def _set(obj: Any, changed: List[str], field: str, value: Any) -> None:
    if getattr(obj, field) != value:
        setattr(obj, field, value)
        changed.append(field)


def _write_gate_record(obj: GateObject, record: Dict[str, Any], changed: List[str]) -> None:
    """The decision's record onto the row (only the fields that differ are written)."""
    before = obj.status
    _set(obj, changed, "status", record["status"])
    _set(obj, changed, "credited", record["credited"])
    _set(obj, changed, "debited", record["debited"])
    _set(obj, changed, "applied_operations", list(record["applied_operations"]))
    _set(obj, changed, "raw_status", record["raw_status"])
    if record["applied_operations"]:
        _set(obj, changed, "operation_id", str(record["applied_operations"][-1])[:40])
    if before == Outcome.PENDING and obj.status != Outcome.PENDING:
        _set(obj, changed, "settled_at", timezone.now())


def _write_cqr_order(pay: CqrPayment, order: Dict[str, Any], changed: List[str],
                     state: Optional[Tuple[Optional[int], str]]) -> None:
    """The decision's order onto the row. ``state`` (key, name) is recorded when the decision took
    the notification in (its key joined ``applied_keys``)."""
    before_status, before_keys = pay.status, len(pay.applied_keys or ())
    _set(pay, changed, "status", order["status"])
    _set(pay, changed, "credited", order["credited"])
    _set(pay, changed, "debited", order["debited"])
    _set(pay, changed, "pxp_payment_id", order["payment_id"] or "")
    _set(pay, changed, "applied_keys", list(order["applied_keys"]))
    _set(pay, changed, "reversed", order["status"] == Outcome.REVERSED)
    if state is not None and len(order["applied_keys"]) > before_keys:
        _set(pay, changed, "state_key", state[0])
        _set(pay, changed, "state_name", state[1][:80])
    if before_status == Outcome.PENDING and pay.status != Outcome.PENDING:
        _set(pay, changed, "settled_at", timezone.now())


def _flag(obj: Any, reason: str, changed: List[str]) -> None:
    obj.flagged = True
    obj.flag_reason = (obj.flag_reason + "\n" if obj.flag_reason else "") + reason
    changed += ["flagged", "flag_reason"]


def _save(obj: Any, changed: List[str]) -> None:
    if changed:
        obj.save(update_fields=sorted(set(changed)) + ["updated_at"])


def _book(effects: Sequence[core.Effect], *, source: str, reference: str, customer_id: str,
          delivery_id: Optional[int]) -> List[LedgerEntry]:
    """One ledger row per money effect, in the decision's transaction. A key booked before
    raises IntegrityError: the savepoint rolls back and the delivery is answered "retry"."""
    return [
        LedgerEntry.objects.create(source=source, reference=reference[:64], customer_id=customer_id,
                                   kind=e.kind, amount=e.amount, currency=e.currency,
                                   idempotency_key=e.idempotency_key, delivery_id=delivery_id)
        for e in effects
    ]


# --------------------------------------------------------------------------------------------
# Delivery rows


_PROCESSED_FIELDS: Dict[Any, List[str]] = {}


def _processed_fields(row: Any) -> List[str]:
    """Every column but the raw body (stored once, never rewritten) and the receipt time."""
    model = type(row)
    fields = _PROCESSED_FIELDS.get(model)
    if fields is None:
        fields = _PROCESSED_FIELDS[model] = [
            f.attname for f in model._meta.concrete_fields if f.attname not in ("id", "raw_body", "received_at")]
    return fields


def _finish(row: Any, state: State, error: str = "", reason_code: str = "") -> None:
    row.state = state
    row.error = error[:2000]
    row.reason_code = reason_code[:32]
    row.processed_at = timezone.now()
    if row.pk is None:
        row.save()
    else:
        row.save(update_fields=_processed_fields(row))


def _finish_decided(row: Any, decision: core.Decision) -> None:
    noteworthy = decision.action in _NOTEWORTHY
    _finish(row, ACTION_STATE[decision.action], decision.reason if noteworthy else "", decision.reason_code)


def _mark_failed(row: Any, error: str, reason_code: str = "storage_failed") -> None:
    """After the savepoint was rolled back: record the failure on the raw row.

    Inside the delivery's transaction an error here propagates: the whole transaction rolls back,
    nothing is stored and the caller answers 503 / 10 (the platform retries). Outside one (the
    raw row was committed on its own) the row is already durable and the error is only logged.
    """
    row.state = ProcessingState.FAILED
    row.error = error[:2000]
    row.reason_code = reason_code
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


# --------------------------------------------------------------------------------------------
# Gate callbacks


@dataclass
class GateResult:
    """``http_status`` is the answer (the decision's; 400 for a message that is not authentic or
    not readable); ``decision`` is None when the engine was not reached (rejected)."""

    http_status: int
    state: State
    row: Optional[GateCallback]
    detail: str = ""
    decision: Optional[core.Decision] = None
    #: For status answers: ``found``, ``not_found`` or ``error`` (Gate's answer kind).
    status_kind: str = ""


def receive_gate_callback(body: bytes, remote_addr: str = "") -> GateResult:
    """Store the raw delivery, verify it and settle it: one transaction, committed before
    returning. Raises only when nothing could be committed (the caller answers 503)."""
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
    return _settle_gate(row, body, info.payment_id, info.payment_type, status_answer=False)


def _reject(row: GateCallback, error: str) -> GateResult:
    _finish(row, ProcessingState.REJECTED, error)
    return GateResult(400, row.state, row, error)


def _fill_gate_row(row: GateCallback, info: core.CallbackInfo) -> None:
    row.verification = Verification.VALID
    row.signature_variant = info.signature_variant
    row.payment_id = info.payment_id[:64]
    row.payment_type = (info.payment_type or "")[:32]
    row.raw_status = (info.raw_status or "")[:64]
    row.outcome = info.outcome
    row.operation_id = (info.operation_id or "")[:40]
    row.amount = info.amount
    row.currency = (info.currency or "")[:3]


def _lock_gate_object(payment_id: str, payment_type: str) -> Optional[GateObject]:
    """The deposit or payout row with this payment id, locked (``select_for_update``). The
    message's type only says which table is looked in first; a payout message for a deposit
    (or the other way round) finds that record and the engine flags it."""
    models: Tuple[Any, Any] = ((GatePayout, GateDeposit) if (payment_type or "").lower() == "payout"
                               else (GateDeposit, GatePayout))
    for model in models:
        obj: Optional[GateObject] = model.objects.select_for_update().filter(payment_id=payment_id).first()
        if obj is not None:
            return obj
    return None


def _settle_gate(row: GateCallback, body: bytes, payment_id: str, payment_type: str, *,
                 status_answer: bool) -> GateResult:
    record: Optional[Dict[str, Any]] = None
    try:
        # a savepoint inside the delivery's transaction (a transaction of its own when called
        # outside one): a failure undoes everything stored for the decision, not the raw row
        with transaction.atomic():
            obj = _lock_gate_object(payment_id, payment_type)
            record = None if obj is None else gate_record(obj)
            settle = core.settle_status_answer if status_answer else core.settle_callback
            decision = settle(record, body)
            _store_gate(row, obj, decision)
    except Exception as exc:  # noqa: BLE001 - any failure: the engine's retry answer (503)
        log.exception("qiwi_merchant: storing the decision for Gate callback #%s failed", row.pk)
        decision = core.gate_storage_failed(record)
        _mark_failed(row, f"{type(exc).__name__}: {exc}", decision.reason_code)
        return GateResult(decision.http_status, ProcessingState.FAILED, row, str(exc), decision)
    return GateResult(decision.http_status, row.state, row, decision.reason, decision)


def _store_gate(row: GateCallback, obj: Optional[GateObject], decision: core.Decision) -> None:
    """Inside the savepoint: exactly what the decision says."""
    entries: List[LedgerEntry] = []
    if obj is not None:
        changed: List[str] = []
        record = decision.record
        if record is not None:
            _write_gate_record(obj, record, changed)
        if decision.is_flagged:
            _flag(obj, decision.reason, changed)
        _save(obj, changed)
        entries = _book(decision.effects, source="gate", reference=obj.payment_id, customer_id=obj.customer_id,
                        delivery_id=row.pk)
    _finish_decided(row, decision)
    if obj is not None:
        _send_gate_signals(obj, decision, entries, row if row.source == "callback" else None)


def _send_gate_signals(obj: GateObject, decision: core.Decision, entries: List[LedgerEntry],
                       callback: Optional[GateCallback]) -> None:
    """One signal per booked effect (with it), and the failure signals (no effect)."""
    is_payout = isinstance(obj, GatePayout)
    for entry in entries:
        if entry.kind == LedgerEntry.Kind.CREDIT:
            signals.deposit_completed.send(sender=GateDeposit, deposit=obj, callback=callback, effect=entry,
                                           decision=decision)
        elif entry.kind == LedgerEntry.Kind.DEBIT:
            signals.deposit_reversed.send(sender=GateDeposit, deposit=obj, callback=callback, effect=entry,
                                          decision=decision)
        elif entry.kind == LedgerEntry.Kind.PAYOUT_PAID:
            signals.payout_completed.send(sender=GatePayout, payout=obj, callback=callback, effect=entry,
                                          decision=decision)
        elif entry.kind == LedgerEntry.Kind.PAYOUT_RETURNED:
            signals.payout_returned.send(sender=GatePayout, payout=obj, callback=callback, effect=entry,
                                         decision=decision)
    if decision.action == "apply" and decision.reason_code == "failed":
        if is_payout:
            signals.payout_failed.send(sender=GatePayout, payout=obj, callback=callback, effect=None,
                                       decision=decision)
        else:
            signals.deposit_failed.send(sender=GateDeposit, deposit=obj, callback=callback, effect=None,
                                        decision=decision)


def receive_gate_status_answer(obj: GateObject, body: bytes, http_status: Optional[int] = None) -> GateResult:
    """Gate's answer to a status request for ``obj`` (payouts.poll_status): stored raw (source
    ``status_request``), verified, and settled like a callback under the row lock. An answer
    that is not authentic, not readable or about another payment is rejected (400, no change)."""
    with transaction.atomic():
        row = GateCallback.objects.create(raw_body=body, source="status_request", remote_addr="")
        row.attempts += 1
        try:
            found = core.parse_status_response(body)
        except (core.SignatureError, core.InputError) as exc:
            is_sig = isinstance(exc, core.SignatureError)
            row.verification = Verification.INVALID if is_sig else Verification.MALFORMED
            return _reject(row, f"status answer (HTTP {http_status}) not trusted: {exc}")
        if found.callback is not None:
            if found.callback.payment_id != obj.payment_id:
                row.verification = Verification.VALID
                return _reject(row, f"status answer is about {found.callback.payment_id!r}, not {obj.payment_id!r}")
            _fill_gate_row(row, found.callback)
        else:
            row.verification = Verification.NOT_APPLICABLE
            row.payment_id = obj.payment_id[:64]
        kind = "payout" if isinstance(obj, GatePayout) else "purchase"
        result = _settle_gate(row, body, obj.payment_id, kind, status_answer=True)
        result.status_kind = found.kind
        return result


def gate_storage_failed_status() -> int:
    """The HTTP status the engine answers when nothing could be stored (503)."""
    return core.gate_storage_failed(None).http_status


# --------------------------------------------------------------------------------------------
# CQR notifications


@dataclass
class CqrResult:
    """``answer`` is the body to send (HTTP ``http_status``): the decision's ack, or for a
    malformed notification (400) a short text. ``decision`` is None when the engine was not
    reached."""

    http_status: int
    result_code: Optional[int]
    reason: str
    row: Optional[CqrNotification]
    answer: bytes = b""
    decision: Optional[core.Decision] = None


def receive_cqr_notification(body: bytes, remote_addr: str = "",
                             fetch_get_payments: Optional[FetchGetPayments] = None) -> CqrResult:
    """Access checks are the view's; this stores the raw body, parses it and settles it.

    One transaction, committed before returning. With CQR_CONFIRM_WITH_GET_PAYMENTS the raw row is
    committed on its own first instead: no transaction is held open across the getPayments call,
    which is made before the row lock is taken.
    """
    if get_config().CQR_CONFIRM_WITH_GET_PAYMENTS:
        row = CqrNotification.objects.create(raw_body=body, remote_addr=remote_addr or "")
        return _process_cqr(row, body, fetch_get_payments)
    with transaction.atomic():
        row = CqrNotification.objects.create(raw_body=body, remote_addr=remote_addr or "")
        return _process_cqr(row, body, fetch_get_payments)


def process_cqr_notification(row: CqrNotification, body: Optional[bytes] = None,
                             fetch_get_payments: Optional[FetchGetPayments] = None) -> CqrResult:
    """(Re)process a stored delivery (``qiwi_merchant_reprocess``)."""
    if body is None:
        body = bytes(row.raw_body)
    if get_config().CQR_CONFIRM_WITH_GET_PAYMENTS:
        return _process_cqr(row, body, fetch_get_payments)
    with transaction.atomic():
        return _process_cqr(row, body, fetch_get_payments)


def _process_cqr(row: CqrNotification, body: bytes, fetch: Optional[FetchGetPayments]) -> CqrResult:
    row.attempts += 1
    try:
        n = core.parse_notification(body)
    except core.InputError as exc:
        _finish(row, ProcessingState.REJECTED, str(exc))
        return CqrResult(400, None, str(exc), row, b"malformed notification\n")
    _fill_cqr_row(row, n)
    # The confirmation (getPayments) is network I/O: fetched before the row lock is taken (and,
    # from receive_cqr_notification, outside any transaction). The engine says whether it needs
    # it; without a usable answer it answers 10 and PXP sends again.
    get_payments: Optional[bytes] = None
    if get_config().CQR_CONFIRM_WITH_GET_PAYMENTS and n.outcome == Outcome.COMPLETED:
        try:
            if fetch is None:
                from . import cqr_client

                fetch = cqr_client.fetch_get_payments
            get_payments = fetch(n.merchant_transaction_id)
        except Exception as exc:  # noqa: BLE001 - no answer: the engine decides without one
            log.warning("qiwi_merchant: getPayments for the confirmation failed: %s", exc)
    return _settle_cqr(row, n.merchant_transaction_id, (n.state_key, n.state_name),
                       lambda order: core.settle_notification(order, body, get_payments))


def _fill_cqr_row(row: CqrNotification, n: core.NotificationInfo) -> None:
    row.merchant_transaction_id = (n.merchant_transaction_id or "")[:64]
    row.pxp_payment_id = (n.payment_id or "")[:64]
    row.state_key = n.state_key
    row.state_id = (n.state_id or "")[:64]
    row.idempotency_key = n.idempotency_key[:300]
    row.outcome = n.outcome


def _settle_cqr(row: CqrNotification, merchant_transaction_id: str, state: Optional[Tuple[Optional[int], str]],
                decide: Callable[[Optional[Dict[str, Any]]], core.Decision]) -> CqrResult:
    order: Optional[Dict[str, Any]] = None
    try:
        with transaction.atomic():  # a savepoint, or a transaction of its own (confirmation on)
            pay: Optional[CqrPayment] = (CqrPayment.objects.select_for_update()
                                         .filter(merchant_transaction_id=merchant_transaction_id).first())
            order = None if pay is None else cqr_order(pay)
            decision = decide(order)
            _store_cqr(row, pay, decision, state)
    except Exception as exc:  # noqa: BLE001 - any failure: the engine's retry answer (10)
        log.exception("qiwi_merchant: storing the decision for CQR notification #%s failed", row.pk)
        decision = core.cqr_storage_failed(order)
        row.result_code = decision.result_code
        _mark_failed(row, f"{type(exc).__name__}: {exc}", decision.reason_code)
        return _cqr_result(row, decision)
    return _cqr_result(row, decision)


def _cqr_result(row: CqrNotification, decision: core.Decision) -> CqrResult:
    return CqrResult(decision.http_status, decision.result_code, decision.reason, row,
                     (decision.body or "").encode("utf-8"), decision)


def _store_cqr(row: CqrNotification, pay: Optional[CqrPayment], decision: core.Decision,
               state: Optional[Tuple[Optional[int], str]]) -> None:
    """Inside the savepoint: exactly what the decision says."""
    entries: List[LedgerEntry] = []
    if pay is not None:
        changed: List[str] = []
        order = decision.record
        if order is not None:
            _write_cqr_order(pay, order, changed, state)
        if decision.is_flagged:
            _flag(pay, decision.reason, changed)
        _save(pay, changed)
        entries = _book(decision.effects, source="cqr", reference=pay.merchant_transaction_id,
                        customer_id=pay.customer_id, delivery_id=row.pk)
    row.result_code = decision.result_code
    _finish_decided(row, decision)
    if pay is not None:
        _send_cqr_signals(pay, decision, entries, row)


def _send_cqr_signals(pay: CqrPayment, decision: core.Decision, entries: List[LedgerEntry],
                      row: CqrNotification) -> None:
    for entry in entries:
        sig = signals.cqr_payment_completed if entry.kind == LedgerEntry.Kind.CREDIT else signals.cqr_payment_reversed
        sig.send(sender=CqrPayment, payment=pay, notification=row, effect=entry, decision=decision)
    if decision.action == "apply" and decision.reason_code == "failed":
        signals.cqr_payment_failed.send(sender=CqrPayment, payment=pay, notification=row, effect=None,
                                        decision=decision)


def receive_get_payments(pay: CqrPayment, body: bytes) -> CqrResult:
    """PXP's getPayments answer for ``pay`` (cqr_client.poll_payment): stored raw (a CqrNotification
    row with source ``get_payments``) and settled under the row lock like a notification of the
    chosen payment's state (``qiwi_merchant.cqr.settle_get_payments``). A malformed answer is
    rejected (no change)."""
    with transaction.atomic():
        row = CqrNotification.objects.create(raw_body=body, source="get_payments", remote_addr="",
                                             merchant_transaction_id=pay.merchant_transaction_id[:64])
        row.attempts += 1
        try:
            core.check_get_payments(body)
        except core.InputError as exc:
            _finish(row, ProcessingState.REJECTED, str(exc))
            return CqrResult(400, None, str(exc), row)

        def decide(order: Optional[Dict[str, Any]]) -> core.Decision:
            if order is None:  # the order row went away: nothing to settle against
                raise LookupError(f"no order {pay.merchant_transaction_id!r}")
            return core.settle_get_payments(order, body)

        return _settle_cqr(row, pay.merchant_transaction_id, None, decide)


def cqr_storage_failed_answer() -> bytes:
    """The engine's ack when a notification could not even be stored (resultCode 10)."""
    return (core.cqr_storage_failed(None).body or "").encode("utf-8")
