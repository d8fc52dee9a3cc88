//! C exports for CQR / Kalixa QiwiDeposit (`qm_cqr_*`). JSON shapes: docs/cqr.md §4.

use super::gate::opt_limits;
use super::{
    bytes, call, call_value, cstr, from_json, opt_bytes, opt_text, out_ptr, text, to_json, utf8,
    write, write_buffer, Outcome,
};
use super::{qm_buffer, qm_result};
use crate::cqr::{
    self, BasicCredentials, Endpoint, GetPaymentsAnswer, GetPaymentsRequest,
    InitiatePaymentRequest, IpAllowList, ParseLimits, ProxyHeader,
};
use crate::error::Error;
use crate::money::{Amount, Currency};
use crate::secret::SecretKey;
use std::ffi::CString;
use std::os::raw::c_char;
use std::sync::OnceLock;

fn put_json<T: serde::Serialize + ?Sized>(out: *mut qm_buffer, v: &T) -> Outcome<()> {
    let j = to_json(v)?;
    // SAFETY: every caller checked `out` with out_ptr; the C caller guarantees it is writable.
    unsafe { write_buffer(out, j) };
    Ok(())
}

/// Builds an `initiatePaymentRequest` body from the initiate input JSON (docs/cqr.md §4
/// "Initiate input"; unknown members rejected).
///
/// On `QM_OK`, `*out_xml` is the request body and, when `out_warnings_json` is not NULL,
/// `*out_warnings_json` is a JSON array of warnings `[{"field":"user_id","message":"…"}]`
/// (often `[]`). `QM_MALFORMED_INPUT`: not that JSON shape (wrong types, unknown members).
/// `QM_VALIDATION`: one or more rules failed; all failed fields are in `qm_last_error_json`.
/// Thread-safe.
///
/// # Safety
/// `json` points to `len` readable bytes; `out_xml` is writable; `out_warnings_json` is NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_initiate_build(
    json: *const u8,
    len: usize,
    out_xml: *mut qm_buffer,
    out_warnings_json: *mut qm_buffer,
) -> qm_result {
    call("qm_cqr_initiate_build", || {
        let out = out_ptr(out_xml, "out_xml")?;
        // SAFETY: caller guarantee.
        let req: InitiatePaymentRequest =
            from_json(unsafe { bytes(json, len, "json") }?, "initiate")?;
        let built = req.build()?;
        let warnings = to_json(&built.warnings)?;
        // SAFETY: checked non-NULL; the optional output is checked here.
        unsafe {
            write_buffer(out, built.xml.into_bytes());
            if !out_warnings_json.is_null() {
                write_buffer(out_warnings_json, warnings);
            }
        }
        Ok(())
    })
}

/// The body of every `qm_cqr_parse_*` function: checks `out_json`, reads the optional limits
/// document (NULL: the defaults), runs `parse` on the XML and writes its JSON.
///
/// # Safety
/// `xml` points to `len` readable bytes; `limits_json` is NULL or points to `limits_len`
/// readable bytes; `out_json` is writable.
unsafe fn parse_into<T: serde::Serialize>(
    function: &str,
    xml: *const u8,
    len: usize,
    limits_json: *const u8,
    limits_len: usize,
    out_json: *mut qm_buffer,
    parse: impl FnOnce(&[u8], &ParseLimits) -> crate::error::Result<T>,
) -> qm_result {
    call(function, || {
        let out = out_ptr(out_json, "out_json")?;
        // SAFETY: caller guarantee.
        let limits = unsafe { opt_limits(limits_json, limits_len) }?.xml();
        // SAFETY: caller guarantee.
        let v = parse(unsafe { bytes(xml, len, "xml") }?, &limits)?;
        put_json(out, &v)
    })
}

fn notification_with(xml: &[u8], limits: &ParseLimits) -> crate::error::Result<cqr::Message> {
    cqr::parse_notification_with(xml, limits).map(cqr::Message::Notification)
}

/// Reads an `initiatePaymentRequest` XML back into the initiate input JSON (for logs and
/// tests). `QM_MALFORMED_INPUT` / `QM_VALIDATION` / `QM_LIMIT_EXCEEDED` as for parsing; the
/// limits as for `qm_cqr_parse_message`.
///
/// # Safety
/// `xml` points to `len` readable bytes; `limits_json` is NULL or points to `limits_len`
/// readable bytes; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_parse_initiate_request(
    xml: *const u8,
    len: usize,
    limits_json: *const u8,
    limits_len: usize,
    out_json: *mut qm_buffer,
) -> qm_result {
    // SAFETY: caller guarantee.
    unsafe {
        parse_into(
            "qm_cqr_parse_initiate_request",
            xml,
            len,
            limits_json,
            limits_len,
            out_json,
            cqr::parse_initiate_request_with,
        )
    }
}

/// Parses any inbound CQR message. On `QM_OK`, `*out_json` is the message JSON with its `kind`
/// (`initiate_response`, `notification`, `get_payments_response`,
/// `execute_payment_action_response`, `payment_service_exception`; docs/cqr.md §4).
/// `QM_MALFORMED_INPUT`: not XML, DOCTYPE, unknown root...; `QM_VALIDATION`: a value breaks a
/// rule (the error path names the element); `QM_LIMIT_EXCEEDED`: a limit was hit (the last
/// error's `limit` names it). Thread-safe.
///
/// `limits_json` is optional: NULL (with `limits_len` 0) uses the default limits (1 MiB,
/// depth 64, 20,000 elements, 64 KiB strings); given, it is
/// `{"max_body_bytes":N,"max_depth":N,"max_items":N,"max_string_bytes":N}`, every member
/// optional, each a positive integer (a bad one is `QM_VALIDATION` naming the member,
/// `limits:max_depth`; not JSON, `QM_MALFORMED_INPUT`). Every `qm_cqr_parse_*` takes it.
///
/// # Safety
/// `xml` points to `len` readable bytes; `limits_json` is NULL or points to `limits_len`
/// readable bytes; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_parse_message(
    xml: *const u8,
    len: usize,
    limits_json: *const u8,
    limits_len: usize,
    out_json: *mut qm_buffer,
) -> qm_result {
    // SAFETY: caller guarantee.
    unsafe {
        parse_into(
            "qm_cqr_parse_message",
            xml,
            len,
            limits_json,
            limits_len,
            out_json,
            cqr::parse_message_with,
        )
    }
}

/// Parses a `handlePaymentStateChangedNotificationRequest` (any other root is
/// `QM_MALFORMED_INPUT`). `*out_json` is `{"kind":"notification","outcome",
/// "idempotency_key","payment"}`. The limits as for `qm_cqr_parse_message`.
///
/// # Safety
/// `xml` points to `len` readable bytes; `limits_json` is NULL or points to `limits_len`
/// readable bytes; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_parse_notification(
    xml: *const u8,
    len: usize,
    limits_json: *const u8,
    limits_len: usize,
    out_json: *mut qm_buffer,
) -> qm_result {
    // SAFETY: caller guarantee.
    unsafe {
        parse_into(
            "qm_cqr_parse_notification",
            xml,
            len,
            limits_json,
            limits_len,
            out_json,
            notification_with,
        )
    }
}

/// Parses the answer to `initiatePayment`: `*out_json` is an `initiate_response` or a
/// `payment_service_exception` message (other roots: `QM_MALFORMED_INPUT`). The limits as for
/// `qm_cqr_parse_message`.
///
/// # Safety
/// `xml` points to `len` readable bytes; `limits_json` is NULL or points to `limits_len`
/// readable bytes; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_parse_initiate_answer(
    xml: *const u8,
    len: usize,
    limits_json: *const u8,
    limits_len: usize,
    out_json: *mut qm_buffer,
) -> qm_result {
    // SAFETY: caller guarantee.
    unsafe {
        parse_into(
            "qm_cqr_parse_initiate_answer",
            xml,
            len,
            limits_json,
            limits_len,
            out_json,
            cqr::parse_initiate_answer_with,
        )
    }
}

/// Parses the answer to `getPayments`: `*out_json` is a `get_payments_response` or a
/// `payment_service_exception` message (other roots: `QM_MALFORMED_INPUT`). The limits as for
/// `qm_cqr_parse_message`.
///
/// # Safety
/// `xml` points to `len` readable bytes; `limits_json` is NULL or points to `limits_len`
/// readable bytes; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_parse_get_payments_answer(
    xml: *const u8,
    len: usize,
    limits_json: *const u8,
    limits_len: usize,
    out_json: *mut qm_buffer,
) -> qm_result {
    // SAFETY: caller guarantee.
    unsafe {
        parse_into(
            "qm_cqr_parse_get_payments_answer",
            xml,
            len,
            limits_json,
            limits_len,
            out_json,
            cqr::parse_get_payments_answer_with,
        )
    }
}

/// Confirmation before crediting: parses a `getPayments` answer and reports the class of the
/// payment `payment_id` in `*out_name`: `"completed"`, `"pending"` (also a completed state whose
/// isExecuted is not true), `"failed"` or `"not_found"` (static strings, never freed). A
/// `paymentServiceException` answer is `QM_PROTOCOL` (treat as pending/transport error).
///
/// # Safety
/// `xml` and `payment_id` point to their lengths of readable bytes; `out_name` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_confirmation(
    xml: *const u8,
    len: usize,
    payment_id: *const u8,
    payment_id_len: usize,
    out_name: *mut *const c_char,
) -> qm_result {
    call("qm_cqr_confirmation", || {
        let out = out_ptr(out_name, "out_name")?;
        // SAFETY: caller guarantee.
        let id = unsafe { text(payment_id, payment_id_len, "payment_id") }?;
        // SAFETY: caller guarantee.
        let answer = cqr::parse_get_payments_answer(unsafe { bytes(xml, len, "xml") }?)?;
        let r = match answer {
            GetPaymentsAnswer::GetPaymentsResponse(r) => r,
            GetPaymentsAnswer::PaymentServiceException(_) => {
                return Err(Error::new(
                    crate::ErrorKind::Protocol,
                    "getPayments answered with a paymentServiceException",
                )
                .into())
            }
        };
        let name = match r.confirmation(id) {
            cqr::Confirmation::Completed => cstr(b"completed\0"),
            cqr::Confirmation::Pending => cstr(b"pending\0"),
            cqr::Confirmation::Failed => cstr(b"failed\0"),
            cqr::Confirmation::NotFound => cstr(b"not_found\0"),
        };
        // SAFETY: checked non-NULL.
        unsafe { write(out, name) };
        Ok(())
    })
}

/// Reads a notification answer `handlePaymentStateChangedNotificationResponse` (what
/// `qm_cqr_ack` writes; the platform's side, tests, simulators). `*out_json` is
/// `{"result_code":{"code","name"},"result","message"}`: `result` is `processed`,
/// `unknown_state` or `error_processing_event` for the default codes 0, 2, 10 and null for any
/// other code; `message` is the `resultMessage` ("" when empty or missing). Another root, a
/// DOCTYPE or bad XML is `QM_MALFORMED_INPUT`; a missing or bad `resultCode`, `key` or `value`
/// is `QM_VALIDATION` with the element's path. The limits as for `qm_cqr_parse_message`.
///
/// # Safety
/// `xml` points to `len` readable bytes; `limits_json` is NULL or points to `limits_len`
/// readable bytes; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_parse_ack(
    xml: *const u8,
    len: usize,
    limits_json: *const u8,
    limits_len: usize,
    out_json: *mut qm_buffer,
) -> qm_result {
    // SAFETY: caller guarantee.
    unsafe {
        parse_into(
            "qm_cqr_parse_ack",
            xml,
            len,
            limits_json,
            limits_len,
            out_json,
            cqr::parse_ack_with,
        )
    }
}

/// The notification answer `handlePaymentStateChangedNotificationResponse` (send it with HTTP
/// 200). `name` is optional: NULL uses the default name of `code` (0 ProcessedSuccessfully,
/// 2 UnknownState, 3 RefusedByRiskManagement, 10 ErrorProcessingEvent, 15 BlockedByMerchant;
/// another code without a name is `QM_VALIDATION`). `reason` is written (escaped, cut to 200
/// characters) for codes other than 0; NULL or empty gives `<resultMessage/>`.
///
/// # Safety
/// `name` and `reason` are NULL or point to their lengths of readable bytes; `out_xml` is
/// writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_ack(
    code: i64,
    name: *const u8,
    name_len: usize,
    reason: *const u8,
    reason_len: usize,
    out_xml: *mut qm_buffer,
) -> qm_result {
    call("qm_cqr_ack", || {
        let out = out_ptr(out_xml, "out_xml")?;
        // SAFETY: caller guarantee.
        let name = cqr::ack_result_name(code, unsafe { opt_text(name, name_len, "name") }?)?;
        // SAFETY: caller guarantee.
        let reason = unsafe { opt_text(reason, reason_len, "reason") }?.unwrap_or("");
        let xml = cqr::build_ack(code, name, reason)?;
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, xml.into_bytes()) };
        Ok(())
    })
}

/// Builds a `getPaymentsRequest` body from `{"merchant_id":"…","shop_id":"…",
/// "merchant_transaction_id":"…","is_executed":true|false|null}`. `QM_MALFORMED_INPUT`: not
/// that shape; `QM_VALIDATION`: missing or empty ids (all listed).
///
/// # Safety
/// `json` points to `len` readable bytes; `out_xml` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_get_payments_request(
    json: *const u8,
    len: usize,
    out_xml: *mut qm_buffer,
) -> qm_result {
    call("qm_cqr_get_payments_request", || {
        let out = out_ptr(out_xml, "out_xml")?;
        // SAFETY: caller guarantee.
        let req: GetPaymentsRequest =
            from_json(unsafe { bytes(json, len, "json") }?, "get_payments")?;
        let xml = req.build()?;
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, xml.into_bytes()) };
        Ok(())
    })
}

/// Checks an inbound `Authorization` header against the configured Basic credentials, in
/// constant time. `header` is optional: NULL means the header is missing. `QM_OK`: the
/// credentials match. `QM_UNAUTHORIZED`: missing, garbled, non-Basic or wrong (answer 401 with
/// `WWW-Authenticate: Basic`; the message never says which part failed). `QM_VALIDATION`: the
/// configured `user` or `password` is empty (such a pair is refused whatever the header, so
/// that `Basic Og==` can never authenticate; the error's fields name the empty ones).
///
/// # Safety
/// `user`, `password` and `header` (NULL allowed) point to their lengths of readable bytes.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_basic_auth_check(
    user: *const u8,
    user_len: usize,
    password: *const u8,
    password_len: usize,
    header: *const u8,
    header_len: usize,
) -> qm_result {
    call("qm_cqr_basic_auth_check", || {
        // SAFETY: caller guarantee.
        let user = unsafe { text(user, user_len, "user") }?;
        // SAFETY: caller guarantee.
        let password = unsafe { bytes(password, password_len, "password") }?;
        // SAFETY: caller guarantee.
        let header = unsafe { opt_bytes(header, header_len, "header") }?;
        let creds = BasicCredentials::new(user, SecretKey::new(password.to_vec()))?;
        // A header that is not UTF-8 cannot be valid Basic credentials: treat it as garbled.
        let header = match header {
            None => None,
            Some(h) => Some(std::str::from_utf8(h).unwrap_or("")),
        };
        creds.check(header)?;
        Ok(())
    })
}

/// The outbound `Authorization` header value for calls to PXP: `Basic base64(user:password)`.
/// `QM_VALIDATION`: the user contains `:` or is empty. The output holds the password
/// (encoded): wipe it after use.
///
/// # Safety
/// `user` and `password` point to their lengths of readable bytes; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_basic_authorization(
    user: *const u8,
    user_len: usize,
    password: *const u8,
    password_len: usize,
    out: *mut qm_buffer,
) -> qm_result {
    call("qm_cqr_basic_authorization", || {
        let out = out_ptr(out, "out")?;
        // SAFETY: caller guarantee.
        let user = unsafe { text(user, user_len, "user") }?;
        // SAFETY: caller guarantee.
        let password = unsafe { bytes(password, password_len, "password") }?;
        let h = cqr::basic_authorization(user, &SecretKey::new(password.to_vec()))?;
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, h.as_str().as_bytes().to_vec()) };
        Ok(())
    })
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct IpInput {
    allowed: Vec<String>,
    #[serde(default)]
    trusted_proxies: Vec<String>,
    #[serde(default)]
    header: Option<String>,
    peer: String,
    #[serde(default)]
    headers: Vec<String>,
}

/// Decides whether a notification's source address is allowed. `json` is
/// `{"allowed":["195.69.175.15","10.0.0.0/8",…],"trusted_proxies":[…],
/// "header":"x-forwarded-for"|"forwarded","peer":"<TCP peer address>",
/// "headers":["<each occurrence of the forwarding header>",…]}` (`trusted_proxies`, `header`
/// and `headers` optional). On `QM_OK`, `*out_json` is `{"allowed":bool,"client":"addr"|null}`
/// and `*out_allowed` (if not NULL) the same boolean: a denial is still `QM_OK` (answer 403).
/// `QM_MALFORMED_INPUT`: not that shape; `QM_VALIDATION`: an unreadable list entry, peer or
/// header name, the path naming it (`allowed:0`, `trusted_proxies:1`, `peer`, `header`; header
/// names are ASCII case-insensitive).
///
/// # Safety
/// `json` points to `len` readable bytes; `out_json` is writable; `out_allowed` is NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_ip_decide(
    json: *const u8,
    len: usize,
    out_json: *mut qm_buffer,
    out_allowed: *mut bool,
) -> qm_result {
    call("qm_cqr_ip_decide", || {
        let out = out_ptr(out_json, "out_json")?;
        // SAFETY: caller guarantee.
        let input: IpInput = from_json(unsafe { bytes(json, len, "json") }?, "ip_allow_list")?;
        let allowed: Vec<&str> = input.allowed.iter().map(String::as_str).collect();
        let proxies: Vec<&str> = input.trusted_proxies.iter().map(String::as_str).collect();
        let mut list = IpAllowList::new(&allowed, &proxies)?;
        list.header = match input.header.as_deref() {
            None => ProxyHeader::XForwardedFor,
            Some(name) => name.parse()?,
        };
        let peer = cqr::parse_peer(&input.peer)?;
        let headers: Vec<&str> = input.headers.iter().map(String::as_str).collect();
        let d = list.decide(peer, &headers);
        let j =
            serde_json::json!({"allowed": d.allowed, "client": d.client.map(|c| c.to_string())});
        put_json(out, &j)?;
        if !out_allowed.is_null() {
            // SAFETY: caller guarantee: writable when not NULL.
            unsafe { write(out_allowed, d.allowed) };
        }
        Ok(())
    })
}

fn envoy_table() -> &'static [(i64, CString)] {
    static TABLE: OnceLock<Vec<(i64, CString)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        cqr::ENVOY_CODES
            .iter()
            .filter_map(|(c, m)| CString::new(*m).ok().map(|s| (*c, s)))
            .collect()
    })
}

fn state_table() -> &'static [(i64, CString)] {
    static TABLE: OnceLock<Vec<(i64, CString)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        cqr::state::STATES
            .iter()
            .filter_map(|(k, n, _)| CString::new(*n).ok().map(|s| (*k, s)))
            .collect()
    })
}

/// The Envoy table's text for a provider code (e.g. -839), or NULL when the code is not in the
/// table. Static string: never free it. Thread-safe.
#[no_mangle]
pub extern "C" fn qm_cqr_envoy_message(code: i64) -> *const c_char {
    call_value("qm_cqr_envoy_message", std::ptr::null(), || {
        envoy_table()
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(std::ptr::null(), |(_, m)| m.as_ptr())
    })
}

/// Number of codes in the Envoy table.
#[no_mangle]
pub extern "C" fn qm_cqr_envoy_code_count() -> usize {
    call_value("qm_cqr_envoy_code_count", 0, || cqr::ENVOY_CODES.len())
}

/// The library's name of a payment state key (e.g. 29 → "DepositedByProvider"), or NULL for
/// an unknown key. Static string: never free it. Thread-safe.
#[no_mangle]
pub extern "C" fn qm_cqr_state_name(key: i64) -> *const c_char {
    call_value("qm_cqr_state_name", std::ptr::null(), || {
        state_table()
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(std::ptr::null(), |(_, n)| n.as_ptr())
    })
}

fn outcome_cstr(o: cqr::Outcome) -> *const c_char {
    match o {
        cqr::Outcome::Completed => cstr(b"completed\0"),
        cqr::Outcome::Failed => cstr(b"failed\0"),
        cqr::Outcome::Pending => cstr(b"pending\0"),
    }
}

/// The outcome class of a state key: "completed", "failed" or "pending" (every unknown key is
/// pending). Static string: never NULL, never free it. Thread-safe.
#[no_mangle]
pub extern "C" fn qm_cqr_state_outcome(key: i64) -> *const c_char {
    call_value("qm_cqr_state_outcome", cstr(b"pending\0"), || {
        outcome_cstr(cqr::outcome_of(key))
    })
}

/// The pure decisions about a notification body: parses it and answers `*out_json` =
/// `{"outcome":"…","effective_outcome":"…","is_executed_consistent":bool,
/// "idempotency_key":"…","amount_check":{"result":"match"|"match_with_shop_fee"|"mismatch",
/// "reason":"…"?}}` where the amount is compared with the order's `expected_minor` units of
/// `currency`. Parse errors as for `qm_cqr_parse_notification`; `QM_VALIDATION` /
/// `QM_UNSUPPORTED`: the currency is unknown or has no minor unit.
///
/// # Safety
/// `xml` and `currency` point to their lengths of readable bytes; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_check_notification(
    xml: *const u8,
    len: usize,
    expected_minor: i64,
    currency: *const u8,
    currency_len: usize,
    out_json: *mut qm_buffer,
) -> qm_result {
    call("qm_cqr_check_notification", || {
        let out = out_ptr(out_json, "out_json")?;
        // SAFETY: caller guarantee.
        let code = unsafe { text(currency, currency_len, "currency") }?;
        let expected = Amount::from_minor(expected_minor, Currency::for_amounts(code)?)?;
        // SAFETY: caller guarantee.
        let n = cqr::parse_notification(unsafe { bytes(xml, len, "xml") }?)?;
        let j = serde_json::json!({
            "outcome": n.outcome(),
            "effective_outcome": cqr::effective_outcome(&n.payment),
            "is_executed_consistent": cqr::is_executed_consistent(&n.payment),
            "idempotency_key": n.idempotency_key(),
            "amount_check": cqr::check_amount(&n.payment, &expected),
        });
        put_json(out, &j)
    })
}

/// The URL of a PaymentService operation: `{base}{operation}`. `base` is optional (NULL = the
/// documented test base URL); `operation` is "initiatePayment", "getPayments" or
/// "executePaymentAction". `QM_VALIDATION`: a bad base URL or operation name.
///
/// # Safety
/// `base` (NULL allowed) and `operation` point to their lengths of readable bytes; `out` is
/// writable.
#[no_mangle]
pub unsafe extern "C" fn qm_cqr_operation_url(
    base: *const u8,
    base_len: usize,
    operation: *const u8,
    operation_len: usize,
    out: *mut qm_buffer,
) -> qm_result {
    call("qm_cqr_operation_url", || {
        let out = out_ptr(out, "out")?;
        // SAFETY: caller guarantee.
        let base = unsafe { opt_bytes(base, base_len, "base") }?;
        // SAFETY: caller guarantee.
        let op = unsafe { text(operation, operation_len, "operation") }?;
        let ep = match base {
            None => Endpoint::test(),
            Some(b) => Endpoint::new(utf8(b, "base")?)?,
        };
        let url = ep.url_of(op)?;
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, url.into_bytes()) };
        Ok(())
    })
}
