//! C exports of the settlement engine (`src/settle`): `qm_gate_settle*`, `qm_cqr_settle*`,
//! `qm_cqr_bind_attempt`. Guide: docs/c-api.md "Settlement".
//!
//! Records, orders and settings go in as the JSON documents of `settle::parse_gate_record`,
//! `settle::parse_cqr_order` and `settle::parse_cqr_settings`; messages go in as the raw bytes
//! received (verified and parsed here). The decision comes back as the JSON of
//! `Decision::to_json()`. Pointers are checked first (`QM_NULL_PARAMETER`), then the documents
//! and the message are parsed in parameter order; the first failure is reported.

use super::gate::signer;
use super::{bytes, call, opt_bytes, out_ptr, text, to_json, write_buffer, Outcome};
use super::{qm_buffer, qm_result};
use crate::cqr::{parse_get_payments_answer, parse_notification};
use crate::gate::{parse_status_response, Callback};
use crate::settle::{self, cqr as scqr, gate as sgate, Decision};
use serde::Serialize;

fn put_decision<R: Serialize>(out: *mut qm_buffer, d: &Decision<R>) {
    // SAFETY: every caller checked `out` with out_ptr; the C caller guarantees it is writable.
    unsafe { write_buffer(out, d.to_json().into_bytes()) }
}

fn gate_record(b: Option<&[u8]>) -> Outcome<Option<sgate::GateRecord>> {
    Ok(b.map(settle::parse_gate_record).transpose()?)
}

fn cqr_order(b: Option<&[u8]>) -> Outcome<Option<scqr::CqrOrder>> {
    Ok(b.map(settle::parse_cqr_order).transpose()?)
}

/// Which Gate message `gate_settle` reads.
#[derive(Clone, Copy)]
enum GateMessage {
    Callback,
    StatusAnswer,
}

/// The body of `qm_gate_settle` and `qm_gate_settle_status`.
///
/// # Safety
/// As `qm_gate_settle`.
#[allow(clippy::too_many_arguments)]
unsafe fn gate_settle(
    function: &str,
    message: GateMessage,
    signer_ptr: *const super::gate::qm_gate_signer,
    record_json: *const u8,
    record_len: usize,
    body: *const u8,
    body_len: usize,
    project_id: *const i64,
    decision_out: *mut qm_buffer,
) -> qm_result {
    call(function, || {
        // SAFETY: caller guarantee.
        let s = unsafe { signer(signer_ptr) }?;
        let out = out_ptr(decision_out, "decision_out")?;
        // SAFETY: caller guarantee.
        let record = unsafe { opt_bytes(record_json, record_len, "record_json") }?;
        // SAFETY: caller guarantee.
        let input = unsafe { bytes(body, body_len, "body") }?;
        // SAFETY: caller guarantee: NULL or a readable int64_t.
        let project = (!project_id.is_null()).then(|| unsafe { project_id.read() });
        let record = gate_record(record)?;
        let decision = match message {
            GateMessage::Callback => {
                let cb = Callback::parse(s, input)?;
                sgate::settle_callback(record.as_ref(), &cb, project)
            }
            GateMessage::StatusAnswer => {
                let answer = parse_status_response(s, input)?;
                sgate::settle_status(record.as_ref(), &answer, project)
            }
        };
        put_decision(out, &decision);
        Ok(())
    })
}

/// Settles a Gate callback (docs/gate.md §4.5): verifies and parses `body` (the callback's raw
/// bytes, as `qm_gate_parse_callback` does) and decides what it does to the payment's record.
///
/// * `record_json` (optional): the host's record for the callback's `payment.id`,
///   `{"kind":"deposit"|"payout","status":"pending"|"completed"|"failed"|"partially_refunded"|
///   "partially_reversed"|"refunded"|"reversed","amount":N,"currency":"KZT","credited":N,
///   "debited":N,"applied_operations":["…"],"raw_status":"…"|null}` (the last four optional,
///   unknown members refused). NULL (with length 0): no record has this payment id.
/// * `project_id` (optional): the configured project; NULL: not checked.
///
/// On `QM_OK`, `*decision_out` is the decision JSON: `{"action":"apply"|"duplicate"|
/// "no_change"|"flag"|"unmatched"|"retry","reason_code":"…","reason":"…","record":{…}|null,
/// "effects":[{"kind":"credit"|"debit"|"payout_paid"|"payout_returned","amount":N,
/// "currency":"…","idempotency_key":"…"}],"http_status":200|503}`. The host stores `record`
/// and books every effect in one transaction (the idempotency key UNIQUE in its ledger), then
/// answers `http_status`.
///
/// Errors (checked in parameter order): `QM_MALFORMED_INPUT` / `QM_VALIDATION` /
/// `QM_LIMIT_EXCEEDED`: the record document is not of that shape or breaks a rule (the last
/// error's path and fields name the member); then every error of `qm_gate_parse_callback`
/// (`QM_SIGNATURE_MISMATCH`, `QM_MISSING_SIGNATURE`, …). Thread-safe.
///
/// # Safety
/// `signer` is a live signer; `record_json` is NULL or points to `record_len` readable bytes;
/// `body` points to `body_len` readable bytes; `project_id` is NULL or points to a readable
/// `int64_t`; `decision_out` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_settle(
    signer: *const super::gate::qm_gate_signer,
    record_json: *const u8,
    record_len: usize,
    body: *const u8,
    body_len: usize,
    project_id: *const i64,
    decision_out: *mut qm_buffer,
) -> qm_result {
    // SAFETY: forwarded caller guarantee.
    unsafe {
        gate_settle(
            "qm_gate_settle",
            GateMessage::Callback,
            signer,
            record_json,
            record_len,
            body,
            body_len,
            project_id,
            decision_out,
        )
    }
}

/// Settles Gate's answer to a status request (docs/gate.md §6) like a callback: `body` is the
/// answer's raw bytes (verified and parsed as `qm_gate_parse_status_response` does). An answer
/// with payment data is decided as `qm_gate_settle` decides a callback; an answer without it
/// (not found, an error answer) is `"no_change"` with `"reason_code":"no_payment_data"`.
/// Parameters, decision JSON and errors as for `qm_gate_settle`. Thread-safe.
///
/// # Safety
/// As `qm_gate_settle`.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_settle_status(
    signer: *const super::gate::qm_gate_signer,
    record_json: *const u8,
    record_len: usize,
    body: *const u8,
    body_len: usize,
    project_id: *const i64,
    decision_out: *mut qm_buffer,
) -> qm_result {
    // SAFETY: forwarded caller guarantee.
    unsafe {
        gate_settle(
            "qm_gate_settle_status",
            GateMessage::StatusAnswer,
            signer,
            record_json,
            record_len,
            body,
            body_len,
            project_id,
            decision_out,
        )
    }
}

/// The decision for a Gate delivery the host could not store: `"action":"retry"`,
/// `"reason_code":"storage_failed"`, `"http_status":503` (the platform sends it again), the
/// record unchanged. `record_json` is optional as in `qm_gate_settle` (NULL: no record).
/// `QM_MALFORMED_INPUT` / `QM_VALIDATION`: a bad record document. Thread-safe.
///
/// # Safety
/// `record_json` is NULL or points to `record_len` readable bytes; `decision_out` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_gate_settle_storage_failed(
    record_json: *const u8,
    record_len: usize,
    decision_out: *mut qm_buffer,
) -> qm_result {
    call("qm_gate_settle_storage_failed", || {
        let out = out_ptr(decision_out, "decision_out")?;
        // SAFETY: caller guarantee.
        let record = gate_record(unsafe { opt_bytes(record_json, record_len, "record_json") }?)?;
        put_decision(out, &sgate::storage_failed(record.as_ref()));
        Ok(())
    })
}

/// Settles a CQR `handlePaymentStateChangedNotificationRequest` (docs/cqr.md §5.2 steps 5–10).
///
/// * `settings_json`: `{"merchant_id":"…","shop_id":"…","confirm_with_get_payments":bool}`
///   (the last optional, default false).
/// * `order_json` (optional): the host's order for the notification's `merchantTransactionID`,
///   `{"status":"pending"|"completed"|"failed"|"reversed","amount":N,"currency":"…",
///   "credited":N,"debited":N,"payment_id":"…"|null,"applied_keys":["…"]}` (the last four
///   optional, unknown members refused). NULL (with length 0): unknown order.
/// * `notification_xml`: the notification's raw bytes (parsed as `qm_cqr_parse_notification`
///   does; authenticate the request first: Basic auth, IP allow-list).
/// * `get_payments_xml` (optional): the getPayments answer the host fetched to confirm a
///   completed state when `confirm_with_get_payments` is on (fetch it before taking the row
///   lock); NULL: none (such a notification is then answered 10, sent again).
///
/// On `QM_OK`, `*decision_out` is the decision JSON as for `qm_gate_settle` plus
/// `"result_code":N,"result_name":"…","body":"<the exact answer XML>"`; `http_status` is
/// always 200 (the code is in the body).
///
/// Errors (checked in parameter order): `QM_MALFORMED_INPUT` / `QM_VALIDATION`: a bad settings
/// or order document (the last error names the member); then every error of
/// `qm_cqr_parse_notification` and `qm_cqr_parse_get_payments_answer`. Thread-safe.
///
/// # Safety
/// Each input is NULL (where optional, or with length 0) or points to its length of readable
/// bytes; `decision_out` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_settle(
    settings_json: *const u8,
    settings_len: usize,
    order_json: *const u8,
    order_len: usize,
    notification_xml: *const u8,
    notification_len: usize,
    get_payments_xml: *const u8,
    get_payments_len: usize,
    decision_out: *mut qm_buffer,
) -> qm_result {
    call("qm_cqr_settle", || {
        let out = out_ptr(decision_out, "decision_out")?;
        // SAFETY: caller guarantee.
        let settings = unsafe { bytes(settings_json, settings_len, "settings_json") }?;
        // SAFETY: caller guarantee.
        let order = unsafe { opt_bytes(order_json, order_len, "order_json") }?;
        // SAFETY: caller guarantee.
        let xml = unsafe { bytes(notification_xml, notification_len, "notification_xml") }?;
        // SAFETY: caller guarantee.
        let gp = unsafe { opt_bytes(get_payments_xml, get_payments_len, "get_payments_xml") }?;
        let settings = settle::parse_cqr_settings(settings)?;
        let order = cqr_order(order)?;
        let notification = parse_notification(xml)?;
        let confirmation = gp.map(parse_get_payments_answer).transpose()?;
        put_decision(
            out,
            &scqr::settle_notification(
                &settings,
                order.as_ref(),
                &notification,
                confirmation.as_ref(),
            ),
        );
        Ok(())
    })
}

/// Settles a getPayments answer the host fetched while polling an order ("check status now", a
/// timer): the same rules as a notification of the chosen payment's state, without a further
/// confirmation. `order_json` is required here (the order polled). Decision JSON as for
/// `qm_cqr_settle`; errors as for `qm_cqr_settle` (the answer parsed as
/// `qm_cqr_parse_get_payments_answer` does). Thread-safe.
///
/// # Safety
/// Each input points to its length of readable bytes; `decision_out` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_settle_get_payments(
    settings_json: *const u8,
    settings_len: usize,
    order_json: *const u8,
    order_len: usize,
    get_payments_xml: *const u8,
    get_payments_len: usize,
    decision_out: *mut qm_buffer,
) -> qm_result {
    call("qm_cqr_settle_get_payments", || {
        let out = out_ptr(decision_out, "decision_out")?;
        // SAFETY: caller guarantee.
        let settings = unsafe { bytes(settings_json, settings_len, "settings_json") }?;
        // SAFETY: caller guarantee.
        let order = unsafe { bytes(order_json, order_len, "order_json") }?;
        // SAFETY: caller guarantee.
        let xml = unsafe { bytes(get_payments_xml, get_payments_len, "get_payments_xml") }?;
        let settings = settle::parse_cqr_settings(settings)?;
        let order = settle::parse_cqr_order(order)?;
        let answer = parse_get_payments_answer(xml)?;
        put_decision(out, &scqr::settle_get_payments(&settings, &order, &answer));
        Ok(())
    })
}

/// The decision for a CQR notification the host could not store: `"action":"retry"`,
/// `"reason_code":"storage_failed"`, `"result_code":10` (PXP sends it again), the order
/// unchanged. `order_json` is optional (NULL: unknown order). Errors: a bad settings or order
/// document. Thread-safe.
///
/// # Safety
/// `settings_json` points to `settings_len` readable bytes; `order_json` is NULL or points to
/// `order_len` readable bytes; `decision_out` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_settle_storage_failed(
    settings_json: *const u8,
    settings_len: usize,
    order_json: *const u8,
    order_len: usize,
    decision_out: *mut qm_buffer,
) -> qm_result {
    call("qm_cqr_settle_storage_failed", || {
        let out = out_ptr(decision_out, "decision_out")?;
        // SAFETY: caller guarantee.
        let settings = unsafe { bytes(settings_json, settings_len, "settings_json") }?;
        // SAFETY: caller guarantee.
        let order = unsafe { opt_bytes(order_json, order_len, "order_json") }?;
        let settings = settle::parse_cqr_settings(settings)?;
        let order = cqr_order(order)?;
        put_decision(out, &scqr::storage_failed(&settings, order.as_ref()));
        Ok(())
    })
}

/// Binds an order to the `paymentID` of a new attempt the shop started (the initiate
/// response's): a pending or failed order becomes pending and bound to it. On `QM_OK`,
/// `*order_out` is the order JSON to store (the shape of `order_json`).
///
/// `QM_MALFORMED_INPUT` / `QM_VALIDATION`: a bad order document; `QM_VALIDATION` with path
/// `payment_id`: an empty (or blank) payment id; with path `status`: a completed or reversed
/// order cannot start another attempt (it was paid). Thread-safe.
///
/// # Safety
/// `order_json` and `payment_id` point to their lengths of readable bytes; `order_out` is
/// writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_bind_attempt(
    order_json: *const u8,
    order_len: usize,
    payment_id: *const u8,
    payment_id_len: usize,
    order_out: *mut qm_buffer,
) -> qm_result {
    call("qm_cqr_bind_attempt", || {
        let out = out_ptr(order_out, "order_out")?;
        // SAFETY: caller guarantee.
        let order = unsafe { bytes(order_json, order_len, "order_json") }?;
        // SAFETY: caller guarantee.
        let id = unsafe { text(payment_id, payment_id_len, "payment_id") }?;
        let order = settle::parse_cqr_order(order)?;
        let next = scqr::bind_attempt(&order, id)?;
        let j = to_json(&next)?;
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, j) };
        Ok(())
    })
}
