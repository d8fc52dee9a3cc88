//! `qiwi_merchant.cqr` functions: XML in, plain Python data out (the JSON shapes of
//! docs/cqr.md §4), plus handles on the parsed payments for the core's decisions.

use crate::convert::{body, json_to_py, py_to_json, run};
use crate::errors::IntoPy;
use crate::limits::limits_arg;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use qiwi_merchant::cqr::{self as core, Message, Payment};
use qiwi_merchant::{Amount, Currency, Error, SecretKey};
use std::net::IpAddr;

/// The payments of one parsed message, kept for the core's decisions (amount check,
/// effective outcome, confirmation).
#[pyclass(frozen, module = "qiwi_merchant._core")]
pub struct CqrPayments {
    inner: core::GetPaymentsResponse,
}

impl CqrPayments {
    fn get(&self, index: usize) -> PyResult<&Payment> {
        self.inner
            .payments
            .get(index)
            .ok_or_else(|| PyValueError::new_err("no payment at this index"))
    }
}

#[pymethods]
impl CqrPayments {
    fn __len__(&self) -> usize {
        self.inner.payments.len()
    }
    /// `(result, reason)`: `match`, `match_with_shop_fee` or `mismatch` (with a reason).
    fn check_amount(
        &self,
        py: Python<'_>,
        index: usize,
        expected_minor: i64,
        currency: &str,
    ) -> PyResult<(String, Option<String>)> {
        let cur = Currency::for_amounts(currency).py_err(py)?;
        let amount = Amount::from_minor(expected_minor, cur).py_err(py)?;
        Ok(match core::check_amount(self.get(index)?, &amount) {
            core::AmountCheck::Match => ("match".into(), None),
            core::AmountCheck::MatchWithShopFee => ("match_with_shop_fee".into(), None),
            core::AmountCheck::Mismatch { reason } => ("mismatch".into(), Some(reason)),
        })
    }
    /// The outcome to act on (completed without isExecuted=true is pending).
    fn effective_outcome(&self, index: usize) -> PyResult<&'static str> {
        Ok(core::effective_outcome(self.get(index)?).name())
    }
    /// Whether isExecuted agrees with the state.
    fn is_executed_consistent(&self, index: usize) -> PyResult<bool> {
        Ok(core::is_executed_consistent(self.get(index)?))
    }
    /// `completed`, `pending`, `failed` or `not_found` for a paymentID.
    fn confirmation(&self, payment_id: &str) -> String {
        serde_json::to_value(self.inner.confirmation(payment_id))
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

fn payments_of(m: Message) -> Vec<Payment> {
    match m {
        Message::InitiateResponse(r) => vec![r.payment],
        Message::Notification(n) => vec![n.payment],
        Message::GetPaymentsResponse(g) => g.payments,
        Message::ExecutePaymentActionResponse(_) | Message::PaymentServiceException(_) => vec![],
    }
}

fn message_to_py(py: Python<'_>, m: Message) -> PyResult<(PyObject, CqrPayments)> {
    // Straight from the typed message to Python objects (no intermediate JSON tree; see
    // to_py.rs); the CQR shapes hold only strings, integers, booleans, lists and maps.
    let dict = crate::to_py::to_py(py, &m)
        .map_err(|e| Error::malformed(e.to_string()))
        .py_err(py)?
        .unbind();
    Ok((
        dict,
        CqrPayments {
            inner: core::GetPaymentsResponse {
                payments: payments_of(m),
            },
        },
    ))
}

/// Parses any CQR message: `(shape, payments)` where `shape` is the JSON shape with `kind`.
#[pyfunction]
#[pyo3(signature = (xml, *, limits = None))]
pub fn cqr_parse(
    py: Python<'_>,
    xml: &Bound<'_, PyAny>,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<(PyObject, CqrPayments)> {
    let limits = limits_arg(py, limits)?.xml();
    let data = body(xml)?;
    let m = run(py, &data, |d| core::parse_message_with(d, &limits)).py_err(py)?;
    message_to_py(py, m)
}

/// Parses a notification only (other roots are `MalformedInputError`).
#[pyfunction]
#[pyo3(signature = (xml, *, limits = None))]
pub fn cqr_parse_notification(
    py: Python<'_>,
    xml: &Bound<'_, PyAny>,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<(PyObject, CqrPayments)> {
    let limits = limits_arg(py, limits)?.xml();
    let data = body(xml)?;
    let n = run(py, &data, |d| core::parse_notification_with(d, &limits)).py_err(py)?;
    message_to_py(py, Message::Notification(n))
}

/// Parses the answer to initiatePayment: an initiatePaymentResponse or a
/// paymentServiceException (other roots are `MalformedInputError`); same result as `cqr_parse`.
#[pyfunction]
#[pyo3(signature = (xml, *, limits = None))]
pub fn cqr_parse_initiate_answer(
    py: Python<'_>,
    xml: &Bound<'_, PyAny>,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<(PyObject, CqrPayments)> {
    let limits = limits_arg(py, limits)?.xml();
    let data = body(xml)?;
    let a = run(py, &data, |d| core::parse_initiate_answer_with(d, &limits)).py_err(py)?;
    message_to_py(
        py,
        match a {
            core::InitiateAnswer::InitiateResponse(r) => Message::InitiateResponse(r),
            core::InitiateAnswer::PaymentServiceException(e) => Message::PaymentServiceException(e),
        },
    )
}

/// Parses the answer to getPayments: a getPaymentsResponse or a paymentServiceException
/// (other roots are `MalformedInputError`); same result as `cqr_parse`.
#[pyfunction]
#[pyo3(signature = (xml, *, limits = None))]
pub fn cqr_parse_get_payments_answer(
    py: Python<'_>,
    xml: &Bound<'_, PyAny>,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<(PyObject, CqrPayments)> {
    let limits = limits_arg(py, limits)?.xml();
    let data = body(xml)?;
    let a = run(py, &data, |d| {
        core::parse_get_payments_answer_with(d, &limits)
    })
    .py_err(py)?;
    message_to_py(
        py,
        match a {
            core::GetPaymentsAnswer::GetPaymentsResponse(r) => Message::GetPaymentsResponse(r),
            core::GetPaymentsAnswer::PaymentServiceException(e) => {
                Message::PaymentServiceException(e)
            }
        },
    )
}

/// Builds an initiatePaymentRequest from its input shape: `(xml, [(field, message), ...])`.
#[pyfunction]
pub fn cqr_build_initiate(
    py: Python<'_>,
    request: &Bound<'_, PyAny>,
) -> PyResult<(String, Vec<(String, String)>)> {
    let json = py_to_json(request).map_err(|e| e.into_pyerr(py))?;
    let req: core::InitiatePaymentRequest = serde_json::from_value(json)
        .map_err(|e| Error::malformed(e.to_string()))
        .py_err(py)?;
    let built = req.build().py_err(py)?;
    Ok((
        built.xml,
        built
            .warnings
            .into_iter()
            .map(|w| (w.field, w.message))
            .collect(),
    ))
}

/// Reads an initiatePaymentRequest back into its input shape (dict).
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
    let value = serde_json::to_value(&req)
        .map_err(|e| Error::malformed(e.to_string()))
        .py_err(py)?;
    json_to_py(py, &value)
}

/// The notification answer body.
#[pyfunction]
pub fn cqr_build_ack(py: Python<'_>, code: i64, name: &str, message: &str) -> PyResult<String> {
    core::build_ack(code, name, message).py_err(py)
}

/// The documented name of a result code, if known.
#[pyfunction]
pub fn cqr_default_result_name(code: i64) -> Option<&'static str> {
    core::notify::default_result_name(code)
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

/// `(name or None, outcome)` of a state key.
#[pyfunction]
pub fn cqr_state(key: i64) -> (Option<&'static str>, &'static str) {
    (core::state_name(key), core::outcome_of(key).name())
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
    let op = match operation {
        "initiatePayment" => core::Operation::InitiatePayment,
        "getPayments" => core::Operation::GetPayments,
        "executePaymentAction" => core::Operation::ExecutePaymentAction,
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown operation {other:?}"
            )))
        }
    };
    Ok(ep.url(op))
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
        inner.header = match header.to_ascii_lowercase().as_str() {
            "x-forwarded-for" => core::ProxyHeader::XForwardedFor,
            "forwarded" => core::ProxyHeader::Forwarded,
            other => {
                return Err(PyValueError::new_err(format!(
                    "header must be 'x-forwarded-for' or 'forwarded', not {other:?}"
                )))
            }
        };
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
        let peer: IpAddr = peer
            .trim()
            .parse()
            .map_err(|_| PyValueError::new_err(format!("not an IP address: {peer:?}")))?;
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
