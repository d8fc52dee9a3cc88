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

Layering: this module keeps the database state and talks to the core; it does no network I/O.
The getPayments confirmation is fetched by whoever calls it: pass ``fetch_get_payments`` (the
views pass :func:`qiwi_merchant.django.cqr_client.fetch_get_payments`). The I/O modules
(``payouts``, ``cqr_client``) sit above it and record their answers through its functions.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union, cast

from django.db import transaction
from django.utils import timezone

from qiwi_merchant import cqr, gate
from qiwi_merchant.exceptions import QiwiMerchantError, SignatureError

from . import conf, signals
from .conf import AccountRefused, ConfigError, get_config, get_resolver
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
Decision = gate.Decision
Effect = gate.Effect
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



# --------------------------------------------------------------------------------------------
# What the delivery rows record of a message (read by the core)


@dataclass
class CallbackInfo:
    """The Gate message's fields a GateCallback row records (and the payment row to lock)."""

    project_id: Optional[str]
    payment_id: str
    payment_type: str
    raw_status: str
    outcome: str
    amount: Optional[int]
    currency: str
    operation_id: str
    signature_variant: str


def _callback_info(cb: gate.Callback) -> CallbackInfo:
    payment = cb.payment
    status = cb.status  # the core's: payment.status, else operation.status (raw text kept)
    sig = "" if cb.signature_is_canonical else ",".join(f"{k}={v}" for k, v in dict(cb.signature_variant).items())
    total = payment.sum
    op = cb.operation
    return CallbackInfo(
        project_id=cb.project_id,
        payment_id=str(payment.id),
        payment_type=str(payment.type or ""),
        raw_status="" if status is None else str(status.raw),
        outcome=str(cb.outcome),
        amount=None if total is None else int(total.amount),
        currency="" if total is None else str(total.currency),
        operation_id="" if op is None or op.id is None else str(op.id),
        signature_variant=sig,
    )


def read_callback(body: bytes) -> CallbackInfo:
    """Verify and read a callback (``SignatureError`` / another ``QiwiMerchantError`` when it is
    not authentic or not readable; ``ConfigError`` without a secret)."""
    return _callback_info(conf.signer().parse_callback(body))


@dataclass
class NotificationInfo:
    """The notification's fields a CqrNotification row records (and the order to lock); the
    decision is the engine's."""

    merchant_transaction_id: str
    payment_id: str
    state_key: int
    state_id: str
    state_name: str
    idempotency_key: str
    outcome: str  # effective outcome (completed only with isExecuted = true)


def read_notification(body: bytes) -> NotificationInfo:
    """Read a notification (``QiwiMerchantError`` when it is not one)."""
    n = cqr.parse_notification(body)
    p = n.payment
    state = p.state
    return NotificationInfo(
        merchant_transaction_id=p.merchant_transaction_id,
        payment_id=p.payment_id,
        state_key=state.key,
        state_id=state.id,
        state_name=str(state.value or state.name or ""),
        idempotency_key=n.idempotency_key,
        outcome=str(n.effective_outcome),
    )


def _gate_storage_failed(record: Optional[Dict[str, Any]]) -> Decision:
    """The engine's answer when the decision could not be stored (HTTP 503)."""
    try:
        return gate.storage_failed(record)
    except QiwiMerchantError:  # a stored record the core refuses: the answer is the same
        return gate.storage_failed(None)


def _cqr_storage_failed(order: Optional[Dict[str, Any]]) -> Decision:
    """The engine's answer when a notification could not be stored (resultCode 10)."""
    try:
        return cqr.storage_failed(conf.cqr_settings(), order)
    except QiwiMerchantError:  # settings or a stored order the core refuses
        return cqr.storage_failed({"merchant_id": "unconfigured", "shop_id": "unconfigured"}, None)


def _settle_notification(order: Optional[Dict[str, Any]], body: bytes, get_payments: Optional[bytes]) -> Decision:
    """The engine's decision on a notification. A getPayments answer the core cannot read
    confirms nothing: decided again without it (the engine answers 10 when it needed one)."""
    settings = conf.cqr_settings()
    try:
        return cqr.settle(settings, order, body, get_payments)
    except QiwiMerchantError:
        if get_payments is None:
            raise
        log.warning("qiwi_merchant: the getPayments answer for the confirmation is not readable")
        return cqr.settle(settings, order, body, None)


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


def _book(effects: Sequence[Effect], *, source: str, reference: str, customer_id: str,
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


def _finish_decided(row: Any, decision: Decision) -> None:
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
# Gate account checks


def _general_error(message: str) -> bytes:
    return gate.AccountCheckResponse.general_error(message).body


def answer_account_check(body: bytes) -> bytes:
    """The answer body to a ``verify`` / ``check_deposit`` request (gate.md §3; always HTTP
    200, the outcome in ``code``): the core's refusal as it is (bad signature, other project,
    bad fields), 404 when the resolver knows no such account, 500 when it refuses it or the
    currency is not the account's; for ``check_deposit`` a NEW pending GateDeposit, stored
    durably before code 0 is answered (§3.4)."""
    try:
        parsed = conf.signer().parse_account_check(body, conf.project_id())
    except ConfigError as exc:
        log.error("qiwi_merchant: account check not configured: %s", exc)
        return _general_error("service not configured")
    if isinstance(parsed, gate.AccountCheckResponse):
        return parsed.body
    resolver = get_resolver()
    try:
        account = resolver(parsed.customer_id) if resolver else None
    except AccountRefused as exc:
        return _general_error(str(exc) or "account refused")
    except Exception:  # noqa: BLE001
        log.exception("qiwi_merchant: account resolver failed for %r", parsed.customer_id)
        return _general_error("temporary error, try again")
    if account is None:
        return gate.AccountCheckResponse.not_found().body
    cfg = get_config()
    currency = (getattr(account, "currency", None) or cfg.GATE_CURRENCY).upper()
    if isinstance(parsed, gate.VerifyRequest):
        return gate.AccountCheckResponse.verify_ok(currency, getattr(account, "additional_customer_id", None)).body
    if parsed.currency.upper() != currency:
        return _general_error(f"currency {parsed.currency} is not served for this account")
    try:
        deposit = GateDeposit.objects.create(
            payment_id=conf.new_payment_id(),
            project_id=cfg.GATE_PROJECT_ID,
            customer_id=parsed.customer_id,
            amount=parsed.amount,
            currency=parsed.currency.upper(),
        )
    except Exception:  # noqa: BLE001
        log.exception("qiwi_merchant: storing a pending deposit failed")
        return _general_error("temporary error, try again")
    return gate.AccountCheckResponse.check_deposit_ok(deposit.payment_id).body


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
    decision: Optional[Decision] = None
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
        info = read_callback(body)
    except SignatureError as exc:
        row.verification = Verification.MISSING if exc.kind == "missing_signature" else Verification.INVALID
        return _reject(row, str(exc))
    except QiwiMerchantError as exc:
        row.verification = Verification.MALFORMED
        return _reject(row, str(exc))
    _fill_gate_row(row, info)
    return _settle_gate(row, body, info.payment_id, info.payment_type, status_answer=False)


def _reject(row: GateCallback, error: str) -> GateResult:
    _finish(row, ProcessingState.REJECTED, error)
    return GateResult(400, row.state, row, error)


def _fill_gate_row(row: GateCallback, info: CallbackInfo) -> None:
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
            settle = gate.settle_status if status_answer else gate.settle
            decision = settle(conf.signer(), record, body, get_config().GATE_PROJECT_ID)
            _store_gate(row, obj, decision)
    except Exception as exc:  # noqa: BLE001 - any failure: the engine's retry answer (503)
        log.exception("qiwi_merchant: storing the decision for Gate callback #%s failed", row.pk)
        decision = _gate_storage_failed(record)
        _mark_failed(row, f"{type(exc).__name__}: {exc}", decision.reason_code)
        return GateResult(decision.http_status, ProcessingState.FAILED, row, str(exc), decision)
    return GateResult(decision.http_status, row.state, row, decision.reason, decision)


def _store_gate(row: GateCallback, obj: Optional[GateObject], decision: Decision) -> None:
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


def _send_gate_signals(obj: GateObject, decision: Decision, entries: List[LedgerEntry],
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
            found = conf.signer().parse_status_response(body)
        except QiwiMerchantError as exc:
            is_sig = isinstance(exc, SignatureError)
            row.verification = Verification.INVALID if is_sig else Verification.MALFORMED
            return _reject(row, f"status answer (HTTP {http_status}) not trusted: {exc}")
        if found.callback is not None:
            info = _callback_info(found.callback)
            if info.payment_id != obj.payment_id:
                row.verification = Verification.VALID
                return _reject(row, f"status answer is about {info.payment_id!r}, not {obj.payment_id!r}")
            _fill_gate_row(row, info)
        else:
            row.verification = Verification.NOT_APPLICABLE
            row.payment_id = obj.payment_id[:64]
        kind = "payout" if isinstance(obj, GatePayout) else "purchase"
        result = _settle_gate(row, body, obj.payment_id, kind, status_answer=True)
        result.status_kind = str(found.outcome)
        return result


def gate_storage_failed_status() -> int:
    """The HTTP status the engine answers when nothing could be stored (503)."""
    return _gate_storage_failed(None).http_status


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
    decision: Optional[Decision] = None


def receive_cqr_notification(body: bytes, remote_addr: str = "",
                             fetch_get_payments: Optional[FetchGetPayments] = None) -> CqrResult:
    """Access checks are the view's; this stores the raw body, parses it and settles it.
    ``fetch_get_payments`` gets the confirmation with CQR_CONFIRM_WITH_GET_PAYMENTS (the views
    pass ``cqr_client.fetch_get_payments``); without it nothing confirms a completed state and
    the engine answers 10.

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
        n = read_notification(body)
    except QiwiMerchantError as exc:
        _finish(row, ProcessingState.REJECTED, str(exc))
        return CqrResult(400, None, str(exc), row, b"malformed notification\n")
    _fill_cqr_row(row, n)
    # The confirmation (getPayments) is network I/O: fetched before the row lock is taken (and,
    # from receive_cqr_notification, outside any transaction). The engine says whether it needs
    # it; without a usable answer it answers 10 and PXP sends again.
    get_payments: Optional[bytes] = None
    if get_config().CQR_CONFIRM_WITH_GET_PAYMENTS and n.outcome == Outcome.COMPLETED:
        if fetch is None:
            log.warning("qiwi_merchant: CQR_CONFIRM_WITH_GET_PAYMENTS is on but no fetch_get_payments was "
                        "given: nothing confirms notification #%s", row.pk)
        else:
            try:
                get_payments = fetch(n.merchant_transaction_id)
            except Exception as exc:  # noqa: BLE001 - no answer: the engine decides without one
                log.warning("qiwi_merchant: getPayments for the confirmation failed: %s", exc)
    return _settle_cqr(row, n.merchant_transaction_id, (n.state_key, n.state_name),
                       lambda order: _settle_notification(order, body, get_payments))


def _fill_cqr_row(row: CqrNotification, n: NotificationInfo) -> None:
    row.merchant_transaction_id = (n.merchant_transaction_id or "")[:64]
    row.pxp_payment_id = (n.payment_id or "")[:64]
    row.state_key = n.state_key
    row.state_id = (n.state_id or "")[:64]
    row.idempotency_key = n.idempotency_key[:300]
    row.outcome = n.outcome


def _settle_cqr(row: CqrNotification, merchant_transaction_id: str, state: Optional[Tuple[Optional[int], str]],
                decide: Callable[[Optional[Dict[str, Any]]], Decision]) -> CqrResult:
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
        decision = _cqr_storage_failed(order)
        row.result_code = decision.result_code
        _mark_failed(row, f"{type(exc).__name__}: {exc}", decision.reason_code)
        return _cqr_result(row, decision)
    return _cqr_result(row, decision)


def _cqr_result(row: CqrNotification, decision: Decision) -> CqrResult:
    return CqrResult(decision.http_status, decision.result_code, decision.reason, row,
                     (decision.body or "").encode("utf-8"), decision)


def _store_cqr(row: CqrNotification, pay: Optional[CqrPayment], decision: Decision,
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


def _send_cqr_signals(pay: CqrPayment, decision: Decision, entries: List[LedgerEntry],
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
            cqr.parse_get_payments_answer(body)  # the core decides what it is; unreadable: rejected
        except QiwiMerchantError as exc:
            _finish(row, ProcessingState.REJECTED, str(exc))
            return CqrResult(400, None, str(exc), row)

        def decide(order: Optional[Dict[str, Any]]) -> Decision:
            if order is None:  # the order row went away: nothing to settle against
                raise LookupError(f"no order {pay.merchant_transaction_id!r}")
            return cqr.settle_get_payments(conf.cqr_settings(), order, body)

        return _settle_cqr(row, pay.merchant_transaction_id, None, decide)


def cqr_storage_failed_answer() -> bytes:
    """The engine's ack when a notification could not even be stored (resultCode 10)."""
    return (_cqr_storage_failed(None).body or "").encode("utf-8")


# --------------------------------------------------------------------------------------------
# Payouts (gate.md §5): the rows; sending is qiwi_merchant.django.payouts'


def _json_of(obj: Any) -> str:
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict):
        obj = to_dict()
    try:
        return json.dumps(obj, default=str, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(obj)


def store_payout(*, payment_id: str, project_id: int, customer_id: str, account_number: str, amount: int,
                 currency: str, request_path: str, request_body: bytes) -> GatePayout:
    """A new pending payout with its signed request (sent later, identical on every resend)."""
    return cast(GatePayout, GatePayout.objects.create(
        payment_id=payment_id, project_id=project_id, customer_id=customer_id, account_number=account_number,
        amount=amount, currency=currency, request_path=request_path, request_body=request_body))


def record_payout_answer(payout: GatePayout, http_status: Optional[int], answer: Optional[bytes],
                         result: Optional[gate.PayoutResponse], error: str = "") -> GatePayout:
    """What one send of ``payout`` got back, under the row lock: Gate's answer as classified by
    the core (``result``; None when no answer arrived, ``error`` says why: unknown). Accepted →
    wait for the callback; rejected on the first send → failed + ``payout_failed`` (nothing was
    paid out: no engine decision, no effect); unknown → resend or poll later."""
    if result is None:
        kind, request_id = "unknown", None
        detail = json.dumps({"result": "unknown", "error": error})
    else:
        kind, request_id = str(result.outcome), result.request_id
        detail = _json_of({k: getattr(result, k)
                           for k in ("outcome", "request_id", "status", "code", "message", "reason", "error")})
    with transaction.atomic():
        p: GatePayout = GatePayout.objects.select_for_update().get(pk=payout.pk)
        p.send_count += 1
        p.sent_at = timezone.now()
        p.response_http_status = http_status
        p.response_body = answer
        p.response_detail = detail[:4000]
        fields = ["send_count", "sent_at", "response_http_status", "response_body", "response_detail", "send_state",
                  "updated_at"]
        if kind == "accepted":
            p.send_state = GatePayout.Sent.ACCEPTED
            p.request_id = (request_id or "")[:128]
            fields.append("request_id")
        elif kind == "rejected":
            p.send_state = GatePayout.Sent.REJECTED
            if p.status == Outcome.PENDING:
                p.status = Outcome.FAILED
                p.settled_at = timezone.now()
                fields += ["status", "settled_at"]
                p.save(update_fields=fields)
                signals.payout_failed.send(sender=GatePayout, payout=p, callback=None, effect=None, decision=None)
                return p
        else:
            p.send_state = GatePayout.Sent.UNKNOWN
        p.save(update_fields=fields)
    return p


# --------------------------------------------------------------------------------------------
# CQR orders (cqr.md §2): the rows; initiatePayment is qiwi_merchant.django.cqr_client's


def store_cqr_order(*, merchant_transaction_id: str, customer_id: str, amount: int, currency: str) -> CqrPayment:
    """A new pending CQR order (before initiatePayment is sent)."""
    return cast(CqrPayment, CqrPayment.objects.create(
        merchant_transaction_id=merchant_transaction_id, customer_id=customer_id, amount=int(amount),
        currency=currency))


def record_initiate_answer(pay: CqrPayment, answer: Union[cqr.InitiateResponse, cqr.ServiceException, None],
                           error: str = "") -> CqrPayment:
    """PXP's answer to initiatePayment for ``pay`` (None: no usable answer, ``error`` says why;
    the order stays pending: poll it with getPayments before any retry, §1). A redirect sets
    ``redirect_url``; the order is bound to the answer's paymentID by the engine
    (``cqr.bind_attempt``); an answer that created no usable payment (``failed``, a
    paymentServiceException) marks a pending order failed: no money moved, and a failed order
    may start another attempt."""
    if answer is None:
        pay.initiate_result = json.dumps({"result": "unknown", "error": error})
        pay.save(update_fields=["initiate_result", "updated_at"])
        return pay
    if isinstance(answer, cqr.ServiceException):
        kind, redirect_url, payment_id, state_key, detail = "rejected", "", "", None, _json_of(answer)
    else:
        result = answer.result
        kind, redirect_url = str(result.type), str(result.url or "")
        payment_id, state_key = answer.payment.payment_id, answer.payment.state.key
        detail = _json_of({"result": result.to_dict(), "payment_id": payment_id, "state": state_key,
                           "token": answer.token})
    with transaction.atomic():
        p: CqrPayment = CqrPayment.objects.select_for_update().get(pk=pay.pk)
        p.initiate_result = detail[:8000]
        p.redirect_url = redirect_url if kind == "redirect" else ""
        if payment_id and p.pxp_payment_id != payment_id:
            try:
                bound = cqr.bind_attempt(cqr_order(p), payment_id)
                p.status, p.pxp_payment_id = bound["status"], bound["payment_id"] or ""
            except QiwiMerchantError as exc:  # settled meanwhile: the engine keeps its binding
                log.warning("qiwi_merchant: order %s not bound to %s: %s", p.merchant_transaction_id, payment_id, exc)
        if state_key is not None:
            p.state_key = state_key
        if kind in ("failed", "rejected") and p.status == Outcome.PENDING:
            p.status = Outcome.FAILED
        p.save()
    return p
