//! `qiwi_merchant.cqr` functions: XML in, the typed result objects of `cqr_model` out (no
//! intermediate dict), request and answer bodies built by the core, and the notification
//! listener's access checks.

use crate::convert::{body, py_to_json, run};
use crate::cqr_model::{message_object, raw_body, Ack, BuiltRequest, Notification};
use crate::errors::IntoPy;
use crate::limits::limits_arg;
use crate::to_py::to_py;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use qiwi_merchant::cqr::{self as core, Message};
use qiwi_merchant::{Error, SecretKey};

/// Parses any inbound CQR message (bytes or str) into its typed object; `.kind` says which.
/// Raises `MalformedInputError` (not XML, DOCTYPE, unknown root...), `ValidationError` (bad
/// values, with `.path`) or `LimitExceededError` (`limits`: the `qiwi_merchant.cqr` docs).
#[pyfunction]
#[pyo3(signature = (xml, *, limits = None))]
pub fn cqr_parse(
    py: Python<'_>,
    xml: &Bound<'_, PyAny>,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyObject> {
    let limits = limits_arg(py, limits)?.xml();
    let data = body(xml)?;
    let m = run(py, &data, |d| core::parse_message_with(d, &limits)).py_err(py)?;
    message_object(py, m, raw_body(py, xml, &data))
}

/// Parses a notification; any other root is `MalformedInputError`.
#[pyfunction]
#[pyo3(signature = (xml, *, limits = None))]
pub fn cqr_parse_notification(
    py: Python<'_>,
    xml: &Bound<'_, PyAny>,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<Notification>> {
    let limits = limits_arg(py, limits)?.xml();
    let data = body(xml)?;
    let n = run(py, &data, |d| core::parse_notification_with(d, &limits)).py_err(py)?;
    let obj = message_object(py, Message::Notification(n), raw_body(py, xml, &data))?;
    Ok(obj.downcast_bound::<Notification>(py)?.clone().unbind())
}

/// Parses PXP's answer to `initiatePayment`: an `InitiateResponse` (its `result` says
/// redirect, duplicate, failed...) or a `ServiceException` (rejected: the payment was not
/// created). Any other root is `MalformedInputError`; otherwise as `parse`.
#[pyfunction]
#[pyo3(signature = (xml, *, limits = None))]
pub fn cqr_parse_initiate_answer(
    py: Python<'_>,
    xml: &Bound<'_, PyAny>,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyObject> {
    let limits = limits_arg(py, limits)?.xml();
    let data = body(xml)?;
    let a = run(py, &data, |d| core::parse_initiate_answer_with(d, &limits)).py_err(py)?;
    let m = match a {
        core::InitiateAnswer::InitiateResponse(r) => Message::InitiateResponse(r),
        core::InitiateAnswer::PaymentServiceException(e) => Message::PaymentServiceException(e),
    };
    message_object(py, m, raw_body(py, xml, &data))
}

/// Parses PXP's answer to `getPayments`: a `GetPaymentsResponse` or a `ServiceException`. Any
/// other root is `MalformedInputError`; otherwise as `parse`.
#[pyfunction]
#[pyo3(signature = (xml, *, limits = None))]
pub fn cqr_parse_get_payments_answer(
    py: Python<'_>,
    xml: &Bound<'_, PyAny>,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyObject> {
    let limits = limits_arg(py, limits)?.xml();
    let data = body(xml)?;
    let a = run(py, &data, |d| {
        core::parse_get_payments_answer_with(d, &limits)
    })
    .py_err(py)?;
    let m = match a {
        core::GetPaymentsAnswer::GetPaymentsResponse(r) => Message::GetPaymentsResponse(r),
        core::GetPaymentsAnswer::PaymentServiceException(e) => Message::PaymentServiceException(e),
    };
    message_object(py, m, raw_body(py, xml, &data))
}

/// Builds an `initiatePaymentRequest` body (docs/cqr.md §2 lists the fields and rules) from
/// one Mapping and/or keyword arguments (the JSON input shape: `merchant_id`, `shop_id`,
/// `merchant_transaction_id`, `amount_minor`, `currency`, `user_id`, `user_session_id`,
/// `email_address`, `country_code2`, the page URLs...). Every failed rule is reported at once
/// in one `ValidationError` (`.fields`). POST the body to `url("initiatePayment", base)` with
/// `Content-Type: CONTENT_TYPE`.
#[pyfunction]
#[pyo3(signature = (request = None, /, **fields))]
pub fn cqr_build_initiate(
    py: Python<'_>,
    request: Option<&Bound<'_, PyAny>>,
    fields: Option<&Bound<'_, PyDict>>,
) -> PyResult<BuiltRequest> {
    let merged = PyDict::new(py);
    if let Some(r) = request.filter(|r| !r.is_none()) {
        merged.call_method1("update", (r,))?;
    }
    if let Some(f) = fields {
        merged.update(f.as_mapping())?;
    }
    let json = py_to_json(merged.as_any()).map_err(|e| e.into_pyerr(py))?;
    // Written as JSON text so that its errors are exactly the C ABI's for the same document.
    let doc = serde_json::to_vec(&json)
        .map_err(|e| Error::malformed(e.to_string()))
        .py_err(py)?;
    let req: core::InitiatePaymentRequest =
        qiwi_merchant::document_from_json("initiate", &doc).py_err(py)?;
    Ok(BuiltRequest::from(req.build().py_err(py)?))
}

/// Reads an `initiatePaymentRequest` back into its input shape (a dict; for tests and logs).
#[pyfunction]
#[pyo3(signature = (xml, *, limits = None))]
pub fn cqr_parse_initiate_request(
    py: Python<'_>,
    xml: &Bound<'_, PyAny>,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyObject> {
    let limits = limits_arg(py, limits)?.xml();
    let data = body(xml)?;
    let req = run(py, &data, |d| core::parse_initiate_request_with(d, &limits)).py_err(py)?;
    Ok(to_py(py, &req)?.unbind())
}

/// The notification answer (HTTP 200, `Content-Type: CONTENT_TYPE`): result `code` (0
/// ProcessedSuccessfully, 2 UnknownState, 3 RefusedByRiskManagement, 10 ErrorProcessingEvent,
/// 15 BlockedByMerchant; other codes need `name`) and, for codes other than 0, the reason
/// (escaped, cut to 200 characters).
#[pyfunction]
#[pyo3(signature = (code = 0, name = None, message = ""))]
pub fn cqr_build_ack(
    py: Python<'_>,
    code: i64,
    name: Option<&str>,
    message: &str,
) -> PyResult<String> {
    let name = core::ack_result_name(code, name).py_err(py)?;
    core::build_ack(code, name, message).py_err(py)
}

/// Reads a shop's answer to a notification (what `build_ack` / `ack` write) into an `Ack`.
/// Another root, a DOCTYPE or bad XML raises `MalformedInputError`; a missing or bad
/// `resultCode` part `ValidationError` (with `.path`); `limits` as for `parse`.
#[pyfunction]
#[pyo3(signature = (xml, *, limits = None))]
pub fn cqr_parse_ack(
    py: Python<'_>,
    xml: &Bound<'_, PyAny>,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<Ack> {
    let limits = limits_arg(py, limits)?.xml();
    let data = body(xml)?;
    let ack = run(py, &data, |d| core::parse_ack_with(d, &limits)).py_err(py)?;
    Ok(Ack::from(ack))
}

/// The answer for a host decision with the documented codes: `processed` (0
/// ProcessedSuccessfully: only once the change is durably stored, or was before),
/// `unknown_state` (2: another merchant/shop, or an unknown order) or `error_processing_event`
/// (10: a transient failure, PXP sends again), with `reason` (ignored for `processed`).
#[pyfunction]
#[pyo3(signature = (result, reason = ""))]
pub fn cqr_ack(py: Python<'_>, result: &str, reason: &str) -> PyResult<String> {
    let result: core::AckResult = result
        .parse()
        .map_err(|e: Error| e.with_path("result"))
        .py_err(py)?;
    core::AckCodes::default().answer(result, reason).py_err(py)
}

/// The getPaymentsRequest body.
#[pyfunction]
#[pyo3(signature = (merchant_id, shop_id, merchant_transaction_id, is_executed = None))]
pub fn cqr_get_payments_request(
    py: Python<'_>,
    merchant_id: Option<String>,
    shop_id: Option<String>,
    merchant_transaction_id: Option<String>,
    is_executed: Option<bool>,
) -> PyResult<String> {
    core::GetPaymentsRequest {
        merchant_id,
        shop_id,
        merchant_transaction_id,
        is_executed,
    }
    .build()
    .py_err(py)
}

/// The library's name for a state key (None when unknown).
#[pyfunction]
pub fn cqr_state_name(key: i64) -> Option<&'static str> {
    core::state_name(key)
}

/// The class of a state key (`Outcome`; unknown keys are pending).
#[pyfunction]
pub fn cqr_outcome_of(py: Python<'_>, key: i64) -> PyResult<PyObject> {
    crate::enums::CQR_OUTCOME.get(py, core::outcome_of(key))
}

/// The Envoy table's text for a provider code.
#[pyfunction]
pub fn cqr_envoy_message(code: i64) -> Option<&'static str> {
    core::envoy_message(code)
}

/// Number of codes in the Envoy table.
#[pyfunction]
pub fn cqr_envoy_code_count() -> usize {
    core::ENVOY_CODES.len()
}

/// `{base}{operation}`; `base` None = the documented test base URL.
#[pyfunction]
#[pyo3(signature = (operation, base = None))]
pub fn cqr_url(py: Python<'_>, operation: &str, base: Option<&str>) -> PyResult<String> {
    let ep = match base {
        Some(b) => core::Endpoint::new(b).py_err(py)?,
        None => core::Endpoint::test(),
    };
    ep.url_of(operation).py_err(py)
}

/// The `Authorization` header value `Basic base64(user:password)` for requests to PXP.
#[pyfunction]
pub fn cqr_basic_authorization(py: Python<'_>, user: &str, password: &str) -> PyResult<String> {
    let h = core::basic_authorization(user, &SecretKey::from(password)).py_err(py)?;
    Ok(h.as_str().to_string())
}

/// The Basic credentials PXP must present on notifications. Compared in constant time;
/// `repr()` never shows the password. An empty user name or password raises `ValidationError`
/// (such a pair would let `Basic Og==` authenticate).
#[pyclass(frozen, module = "qiwi_merchant.cqr")]
pub struct BasicCredentials {
    inner: core::BasicCredentials,
}

#[pymethods]
impl BasicCredentials {
    #[new]
    fn new(py: Python<'_>, user: &str, password: &str) -> PyResult<Self> {
        Ok(BasicCredentials {
            inner: core::BasicCredentials::new(user, SecretKey::from(password)).py_err(py)?,
        })
    }
    /// The configured user name.
    #[getter]
    fn user(&self) -> &str {
        self.inner.user()
    }
    /// True when the `Authorization` header value (None when absent) carries these credentials.
    #[pyo3(signature = (authorization))]
    fn verify(&self, py: Python<'_>, authorization: Option<&str>) -> bool {
        let _ = py;
        self.inner.verify(authorization)
    }
    /// Like `verify`, but raises `UnauthorizedError` instead of returning False.
    fn check(&self, py: Python<'_>, authorization: Option<&str>) -> PyResult<()> {
        self.inner.check(authorization).py_err(py)
    }
    fn __repr__(&self) -> String {
        format!(
            "BasicCredentials(user={:?}, password=<redacted>)",
            self.inner.user()
        )
    }
}

/// Allowed source addresses of notifications and the proxies whose forwarding header is
/// believed. Entries are addresses or CIDR blocks.
#[pyclass(frozen, module = "qiwi_merchant.cqr")]
pub struct IpAllowList {
    inner: core::IpAllowList,
}

#[pymethods]
impl IpAllowList {
    /// `header` is `"x-forwarded-for"` (default) or `"forwarded"` (RFC 7239).
    #[new]
    #[pyo3(signature = (allowed, trusted_proxies = Vec::new(), header = "x-forwarded-for"))]
    fn new(
        py: Python<'_>,
        allowed: Vec<String>,
        trusted_proxies: Vec<String>,
        header: &str,
    ) -> PyResult<Self> {
        let a: Vec<&str> = allowed.iter().map(String::as_str).collect();
        let t: Vec<&str> = trusted_proxies.iter().map(String::as_str).collect();
        let mut inner = core::IpAllowList::new(&a, &t).py_err(py)?;
        inner.header = header.parse().py_err(py)?;
        Ok(IpAllowList { inner })
    }
    /// PXP's published test address, no proxies.
    #[staticmethod]
    fn pxp_test() -> Self {
        IpAllowList {
            inner: core::IpAllowList::pxp_test(),
        }
    }
    /// PXP's published production address, no proxies.
    #[staticmethod]
    fn pxp_production() -> Self {
        IpAllowList {
            inner: core::IpAllowList::pxp_production(),
        }
    }
    /// `(allowed, client)`: the TCP `peer` address and every value of the forwarding header
    /// (only read when the peer is a trusted proxy). `client` is None when unreadable.
    #[pyo3(signature = (peer, headers = Vec::new()))]
    fn decide<'py>(
        &self,
        py: Python<'py>,
        peer: &str,
        headers: Vec<String>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let peer = core::parse_peer(peer).py_err(py)?;
        let h: Vec<&str> = headers.iter().map(String::as_str).collect();
        let d = self.inner.decide(peer, &h);
        let client = d.client.map(|c| c.to_string());
        (d.allowed, client).into_pyobject(py)
    }
    fn __repr__(&self) -> String {
        format!(
            "IpAllowList(allowed={}, trusted_proxies={})",
            self.inner.allowed.len(),
            self.inner.trusted_proxies.len()
        )
    }
}
