//! `qiwi_merchant.gate` classes: the Signer and the typed results. Conversion only; every rule
//! is the core's (`qiwi_merchant::gate`).

use crate::convert::{self, body, params_to_value, py_to_json, run, validated_json_to_py};
use crate::enums::{member as enum_member, GATE_OUTCOME};
use crate::errors::{exception, IntoPy};
use crate::limits::limits_arg;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyBytes, PyString, PyTuple};
use qiwi_merchant::gate::{self as core, Status};
use qiwi_merchant::ErrorKind;

/// `repr()`-like text of an optional string.
fn r(o: Option<&str>) -> String {
    match o {
        Some(s) => format!("{s:?}"),
        None => "None".to_string(),
    }
}

fn status_obj(py: Python<'_>, s: &Option<Status>) -> PyResult<Option<PyObject>> {
    s.as_ref()
        .map(|s| enum_member(py, "PaymentStatus", &s.raw))
        .transpose()
}

/// Which accepted stamp form matched, as the core's JSON shape (`{"order", "numbers"}`).
fn variant_dict(py: Python<'_>, v: &core::Verified) -> PyResult<PyObject> {
    Ok(crate::to_py::to_py(py, v)?.unbind())
}

/// An amount as Gate sends it: integer minor units and a currency code.
#[pyclass(frozen, eq, module = "qiwi_merchant.gate")]
#[derive(PartialEq)]
pub struct Sum {
    /// Minor units (tiyn for KZT).
    #[pyo3(get)]
    amount: i64,
    /// ISO 4217 code as received.
    #[pyo3(get)]
    currency: String,
}

#[pymethods]
impl Sum {
    #[new]
    fn new(amount: i64, currency: String) -> Self {
        Sum { amount, currency }
    }
    fn __repr__(&self) -> String {
        format!("Sum(amount={}, currency={:?})", self.amount, self.currency)
    }
    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.amount, &self.currency).hash(&mut h);
        h.finish()
    }
}

fn sum_obj(py: Python<'_>, s: &Option<core::Sum>) -> PyResult<Option<Py<Sum>>> {
    s.as_ref()
        .map(|s| {
            Py::new(
                py,
                Sum {
                    amount: s.amount,
                    currency: s.currency.clone(),
                },
            )
        })
        .transpose()
}

/// `payment` of a callback: a view of the callback's own model, made when `Callback.payment`
/// is read (parsing a callback makes no Python object for it).
#[pyclass(frozen, module = "qiwi_merchant.gate")]
pub struct Payment {
    owner: Py<Callback>,
}

impl Payment {
    fn inner(&self) -> &core::Payment {
        self.owner.get().inner.payment()
    }
}

#[pymethods]
impl Payment {
    /// The shop's payment id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner().id
    }
    /// `payment.type` (`purchase`, `payout`, ...).
    #[getter(r#type)]
    fn kind(&self) -> Option<&str> {
        self.inner().kind.as_deref()
    }
    /// `payment.status` as a `PaymentStatus` (a `str` equal to the wire value).
    #[getter]
    fn status(&self, py: Python<'_>) -> PyResult<Option<PyObject>> {
        status_obj(py, &self.inner().status)
    }
    #[getter]
    fn date(&self) -> Option<&str> {
        self.inner().date.as_deref()
    }
    #[getter]
    fn method(&self) -> Option<&str> {
        self.inner().method.as_deref()
    }
    /// `payment.sum` (amount in minor units + currency).
    #[getter]
    fn sum(&self, py: Python<'_>) -> PyResult<Option<Py<Sum>>> {
        sum_obj(py, &self.inner().sum)
    }
    #[getter]
    fn description(&self) -> Option<&str> {
        self.inner().description.as_deref()
    }
    fn __repr__(&self) -> String {
        format!(
            "Payment(id={:?}, type={}, status={})",
            self.inner().id,
            r(self.inner().kind.as_deref()),
            r(self.inner().status.as_ref().map(|s| s.raw.as_str()))
        )
    }
}

/// `operation.provider` of a callback.
#[pyclass(frozen, get_all, module = "qiwi_merchant.gate")]
pub struct Provider {
    id: Option<String>,
    payment_id: Option<String>,
    auth_code: Option<String>,
}

#[pymethods]
impl Provider {
    fn __repr__(&self) -> String {
        format!(
            "Provider(id={}, payment_id={}, auth_code={})",
            r(self.id.as_deref()),
            r(self.payment_id.as_deref()),
            r(self.auth_code.as_deref())
        )
    }
}

/// `operation` of a callback: a view of the callback's own model, made when
/// `Callback.operation` is read (only when the callback has one).
#[pyclass(frozen, module = "qiwi_merchant.gate")]
pub struct Operation {
    owner: Py<Callback>,
}

/// What an `Operation` reads if its callback had none (never: one is only made for a callback
/// with an operation).
static NO_OPERATION: core::Operation = core::Operation {
    id: None,
    kind: None,
    status: None,
    date: None,
    created_date: None,
    request_id: None,
    sum_initial: None,
    sum_converted: None,
    code: None,
    message: None,
    provider: None,
};

impl Operation {
    fn inner(&self) -> &core::Operation {
        self.owner.get().inner.operation().unwrap_or(&NO_OPERATION)
    }
}

#[pymethods]
impl Operation {
    /// Exact digits (may exceed 2**53), as a string.
    #[getter]
    fn id(&self) -> Option<&str> {
        self.inner().id.as_deref()
    }
    #[getter(r#type)]
    fn kind(&self) -> Option<&str> {
        self.inner().kind.as_deref()
    }
    #[getter]
    fn status(&self, py: Python<'_>) -> PyResult<Option<PyObject>> {
        status_obj(py, &self.inner().status)
    }
    #[getter]
    fn date(&self) -> Option<&str> {
        self.inner().date.as_deref()
    }
    #[getter]
    fn created_date(&self) -> Option<&str> {
        self.inner().created_date.as_deref()
    }
    #[getter]
    fn request_id(&self) -> Option<&str> {
        self.inner().request_id.as_deref()
    }
    #[getter]
    fn sum_initial(&self, py: Python<'_>) -> PyResult<Option<Py<Sum>>> {
        sum_obj(py, &self.inner().sum_initial)
    }
    #[getter]
    fn sum_converted(&self, py: Python<'_>) -> PyResult<Option<Py<Sum>>> {
        sum_obj(py, &self.inner().sum_converted)
    }
    /// Unified code as text (`"0"`, `"20000"`).
    #[getter]
    fn code(&self) -> Option<&str> {
        self.inner().code.as_deref()
    }
    #[getter]
    fn message(&self) -> Option<&str> {
        self.inner().message.as_deref()
    }
    #[getter]
    fn provider(&self, py: Python<'_>) -> PyResult<Option<Py<Provider>>> {
        self.inner()
            .provider
            .as_ref()
            .map(|p| {
                Py::new(
                    py,
                    Provider {
                        id: p.id.clone(),
                        payment_id: p.payment_id.clone(),
                        auth_code: p.auth_code.clone(),
                    },
                )
            })
            .transpose()
    }
    fn __repr__(&self) -> String {
        format!(
            "Operation(id={}, type={}, status={})",
            r(self.inner().id.as_deref()),
            r(self.inner().kind.as_deref()),
            r(self.inner().status.as_ref().map(|s| s.raw.as_str()))
        )
    }
}

/// One item of a callback's `errors` list.
#[pyclass(frozen, get_all, module = "qiwi_merchant.gate")]
pub struct CallbackError {
    code: Option<String>,
    message: Option<String>,
    /// The item as received.
    raw: PyObject,
}

#[pymethods]
impl CallbackError {
    fn __repr__(&self) -> String {
        format!(
            "CallbackError(code={}, message={})",
            r(self.code.as_deref()),
            r(self.message.as_deref())
        )
    }
}

/// A verified Gate callback.
#[pyclass(frozen, module = "qiwi_merchant.gate")]
pub struct Callback {
    /// The core's callback, kept in Rust: its typed members are built by the core on first
    /// read, and the `payment` / `operation` objects are views made when read.
    inner: core::Callback,
    /// The message as a dict, made on first read.
    raw: GILOnceCell<PyObject>,
}

impl Callback {
    /// Moves the core's callback in (no Python object is made until a member is read).
    pub fn from_core(cb: core::Callback) -> Callback {
        Callback {
            inner: cb,
            raw: GILOnceCell::new(),
        }
    }
}

#[pymethods]
impl Callback {
    #[getter]
    fn payment(slf: &Bound<'_, Self>) -> PyResult<Py<Payment>> {
        Py::new(
            slf.py(),
            Payment {
                owner: slf.clone().unbind(),
            },
        )
    }
    #[getter]
    fn operation(slf: &Bound<'_, Self>) -> PyResult<Option<Py<Operation>>> {
        if slf.get().inner.operation().is_none() {
            return Ok(None);
        }
        Py::new(
            slf.py(),
            Operation {
                owner: slf.clone().unbind(),
            },
        )
        .map(Some)
    }
    /// `project_id` as text.
    #[getter]
    fn project_id(&self) -> Option<&str> {
        self.inner.project_id()
    }
    /// `account.number`: the customer for purchases, the wallet for payouts.
    #[getter]
    fn account_number(&self) -> Option<&str> {
        self.inner.account_number()
    }
    #[getter]
    fn customer_id(&self) -> Option<&str> {
        self.inner.customer_id()
    }
    /// The `errors` list (empty when absent).
    #[getter]
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let items = self
            .inner
            .errors()
            .iter()
            .map(|e| {
                Py::new(
                    py,
                    CallbackError {
                        code: e.code.clone(),
                        message: e.message.clone(),
                        raw: validated_json_to_py(py, e.raw.as_str())?,
                    },
                )
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyTuple::new(py, items)
    }
    /// What the callback means for the books (`Outcome`), from `payment.status`, else
    /// `operation.status`; pending when neither is known.
    #[getter]
    fn outcome(&self, py: Python<'_>) -> PyResult<PyObject> {
        GATE_OUTCOME.get(py, self.inner.outcome())
    }
    /// The status that decided the outcome (`payment.status`, else `operation.status`).
    #[getter]
    fn status(&self, py: Python<'_>) -> PyResult<Option<PyObject>> {
        self.inner
            .status()
            .map(|s| enum_member(py, "PaymentStatus", &s.raw))
            .transpose()
    }
    /// True when the canonical stamp matched (not a tolerated variant).
    #[getter]
    fn signature_is_canonical(&self) -> bool {
        self.inner.signature().is_canonical()
    }
    /// Which accepted stamp form matched: `{"order", "numbers"}`.
    #[getter]
    fn signature_variant(&self, py: Python<'_>) -> PyResult<PyObject> {
        variant_dict(py, &self.inner.signature())
    }
    /// The message as received, as text.
    #[getter]
    fn raw_text(&self) -> &str {
        self.inner.raw().as_str()
    }
    /// The whole message as a dict (built on first access, then cached; integers exact at
    /// any length, other numbers `float`).
    #[getter]
    fn raw(&self, py: Python<'_>) -> PyResult<PyObject> {
        self.raw
            .get_or_try_init(py, || validated_json_to_py(py, self.inner.raw().as_str()))
            .map(|o| o.clone_ref(py))
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        let _ = py;
        format!(
            "Callback(payment_id={:?}, outcome={:?})",
            self.inner.payment().id,
            self.inner.outcome().as_str()
        )
    }
}

/// A verified `verify` account-check request: does this customer account exist?
#[pyclass(frozen, get_all, module = "qiwi_merchant.gate")]
pub struct VerifyRequest {
    project_id: u64,
    customer_id: String,
    /// Members beyond the known ones (signed, passed through).
    extra: PyObject,
    /// The request as received (dict).
    raw: PyObject,
}

#[pymethods]
impl VerifyRequest {
    /// Always `"verify"`.
    #[getter(r#type)]
    fn kind(&self) -> &'static str {
        "verify"
    }
    fn __repr__(&self) -> String {
        format!(
            "VerifyRequest(project_id={}, customer_id={:?})",
            self.project_id, self.customer_id
        )
    }
}

/// A verified `check_deposit` account-check request: give me a payment id for this deposit.
#[pyclass(frozen, get_all, module = "qiwi_merchant.gate")]
pub struct CheckDepositRequest {
    project_id: u64,
    customer_id: String,
    /// Minor units of `currency`.
    amount: i64,
    currency: String,
    payment_method: String,
    extra: PyObject,
    raw: PyObject,
}

#[pymethods]
impl CheckDepositRequest {
    /// Always `"check_deposit"`.
    #[getter(r#type)]
    fn kind(&self) -> &'static str {
        "check_deposit"
    }
    fn __repr__(&self) -> String {
        format!(
            "CheckDepositRequest(project_id={}, customer_id={:?}, amount={}, currency={:?})",
            self.project_id, self.customer_id, self.amount, self.currency
        )
    }
}

/// An account-check answer: send `body` with HTTP `http_status` (always 200) and
/// `content_type`; the outcome is in `code` (0, 400, 404, 500).
#[pyclass(frozen, module = "qiwi_merchant.gate")]
pub struct AccountCheckResponse {
    inner: core::AccountCheckResponse,
    /// Why the request was refused (None for answers built by the shop).
    #[pyo3(get)]
    error: Option<PyObject>,
}

impl AccountCheckResponse {
    fn wrap(r: core::AccountCheckResponse) -> Self {
        AccountCheckResponse {
            inner: r,
            error: None,
        }
    }
}

#[pymethods]
impl AccountCheckResponse {
    /// The answer code (0 ok, 400 invalid signature, 404 not found, 500 general error).
    #[getter]
    fn code(&self) -> u16 {
        self.inner.code
    }
    /// The JSON body to send.
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.body)
    }
    /// Always 200: the outcome is in the body's `code`.
    #[getter]
    fn http_status(&self) -> u16 {
        core::HTTP_STATUS
    }
    #[getter]
    fn content_type(&self) -> &'static str {
        core::CONTENT_TYPE
    }
    /// `verify` success: `{"code":0,"currency":…[,"additional_customer_id":…]}`.
    #[staticmethod]
    #[pyo3(signature = (currency, additional_customer_id = None))]
    fn verify_ok(
        py: Python<'_>,
        currency: &str,
        additional_customer_id: Option<&str>,
    ) -> PyResult<Self> {
        core::AccountCheckResponse::verify_ok(currency, additional_customer_id)
            .py_err(py)
            .map(Self::wrap)
    }
    /// `check_deposit` success: `{"code":0,"payment_id":…}`.
    #[staticmethod]
    fn check_deposit_ok(py: Python<'_>, payment_id: &str) -> PyResult<Self> {
        core::AccountCheckResponse::check_deposit_ok(payment_id)
            .py_err(py)
            .map(Self::wrap)
    }
    /// 404: the account does not exist.
    #[staticmethod]
    #[pyo3(signature = (message = None))]
    fn not_found(message: Option<&str>) -> Self {
        Self::wrap(core::AccountCheckResponse::not_found(message))
    }
    /// 500: general error; `message` says why.
    #[staticmethod]
    fn general_error(message: &str) -> Self {
        Self::wrap(core::AccountCheckResponse::general_error(message))
    }
    /// 400: the signature is missing or invalid, or the request is for another project.
    #[staticmethod]
    fn invalid_signature(message: &str) -> Self {
        Self::wrap(core::AccountCheckResponse::invalid_signature(message))
    }
    fn __repr__(&self) -> String {
        format!(
            "AccountCheckResponse(code={}, body={:?})",
            self.inner.code,
            self.inner.body_str()
        )
    }
}

/// What the shop knows after sending a payout request.
#[pyclass(frozen, get_all, module = "qiwi_merchant.gate")]
pub struct PayoutResponse {
    /// `PayoutOutcome`: accepted, rejected or unknown.
    outcome: PyObject,
    request_id: Option<String>,
    status: Option<String>,
    code: Option<String>,
    message: Option<String>,
    errors: Option<PyObject>,
    /// Why the outcome is unknown.
    reason: Option<String>,
    /// Error kind name when the answer broke a rule (`signature_mismatch`, `protocol`, ...).
    error: Option<String>,
    raw: Option<PyObject>,
}

#[pymethods]
impl PayoutResponse {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "PayoutResponse(outcome={}, reason={})",
            self.outcome
                .bind(py)
                .str()
                .map(|s| s.to_string())
                .unwrap_or_default(),
            r(self.reason.as_deref())
        )
    }
}

/// What a status request told the shop.
#[pyclass(frozen, get_all, module = "qiwi_merchant.gate")]
pub struct StatusResponse {
    /// `StatusOutcome`: found, not_found or error.
    outcome: PyObject,
    /// The signed payment data, read like a callback (for `found`).
    callback: Option<Py<Callback>>,
    status: Option<String>,
    code: Option<String>,
    message: Option<String>,
    raw: Option<PyObject>,
}

#[pymethods]
impl StatusResponse {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "StatusResponse(outcome={})",
            self.outcome
                .bind(py)
                .str()
                .map(|s| s.to_string())
                .unwrap_or_default()
        )
    }
}

fn secret_bytes(secret: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(s) = secret.downcast::<PyString>() {
        return Ok(s.to_cow()?.as_bytes().to_vec());
    }
    if let Ok(b) = secret.downcast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    Err(PyTypeError::new_err("the secret must be str or bytes"))
}

fn is_text(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyBytes>()
        || obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<pyo3::types::PyByteArray>()
}

/// Signs and verifies Gate messages with one project's secret key. Immutable and thread-safe:
/// share one instance. `repr()` never shows the secret.
///
/// `Signer(secret, *, limits=None)`: `secret` is `str` (used as UTF-8) or `bytes`; an empty
/// secret is a `ValidationError`. `limits` bounds every JSON body this signer parses
/// (`verify`, `check_signature`, `sign` of bytes/str, `parse_callback`,
/// `parse_account_check`, `parse_status_response`, `parse_payout_response`): a Mapping with
/// any of `max_body_bytes` (default 1 MiB = 1048576), `max_depth` (64 nested
/// objects/arrays), `max_items` (100000 values in the document), `max_string_bytes` (65536
/// bytes per string, key or number token); the keys left out keep their defaults. Going over
/// one raises `LimitExceededError` whose `.limit` names it (`body_size`, `depth`, `items`,
/// `string_length`). An unknown key or a value that is not a positive int is a
/// `ValidationError` naming the key.
#[pyclass(frozen, module = "qiwi_merchant.gate")]
pub struct Signer {
    inner: core::Signer,
}

impl Signer {
    /// The core's signer (for the settlement functions, which verify with it).
    pub(crate) fn core(&self) -> &core::Signer {
        &self.inner
    }
}

#[pymethods]
impl Signer {
    #[new]
    #[pyo3(signature = (secret, *, limits = None))]
    fn new(
        py: Python<'_>,
        secret: &Bound<'_, PyAny>,
        limits: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let limits = limits_arg(py, limits)?;
        let key = qiwi_merchant::SecretKey::new(secret_bytes(secret)?);
        Ok(Signer {
            inner: core::Signer::new(key)
                .py_err(py)?
                .with_limits(limits.json()),
        })
    }

    fn __repr__(&self) -> &'static str {
        "Signer(secret=<redacted>)"
    }

    /// The signature (base64 HMAC-SHA512 of the canonical stamp) of `params`: a Mapping, or a
    /// JSON object as bytes/str. Floats, Decimal, bytes and other non-JSON values are a
    /// `ValidationError` naming the path (`a:b:0`); `signature` members are left out.
    fn sign(&self, py: Python<'_>, params: &Bound<'_, PyAny>) -> PyResult<String> {
        if is_text(params) {
            let data = body(params)?;
            return run(py, &data, |d| self.inner.sign_json(d)).py_err(py);
        }
        let root = params_to_value(params).map_err(|e| e.into_pyerr(py))?;
        self.inner.sign_value(&root).py_err(py)
    }

    /// Signs `params` (a Mapping) and returns the JSON body with the signature stored at
    /// `general.signature`, as Gate requests carry it.
    fn sign_request<'py>(
        &self,
        py: Python<'py>,
        params: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let root = params_to_value(params).map_err(|e| e.into_pyerr(py))?;
        let body = self.inner.sign_request(root).py_err(py)?;
        Ok(PyBytes::new(py, body.as_bytes()))
    }

    /// Whether `message` carries a valid signature of itself (top-level `signature`, else
    /// `general.signature`). `message` is the raw body (bytes/str) or an already parsed
    /// Mapping. False when the signature does not match or is missing; malformed input
    /// raises (`MalformedInputError`, `LimitExceededError`, `ValidationError`).
    fn verify(&self, py: Python<'_>, message: &Bound<'_, PyAny>) -> PyResult<bool> {
        let result = if is_text(message) {
            let data = body(message)?;
            run(py, &data, |d| self.inner.verify_json(d))
        } else {
            let root = params_to_value(message).map_err(|e| e.into_pyerr(py))?;
            self.inner.verify_value(&root)
        };
        match result {
            Ok(_) => Ok(true),
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::SignatureMismatch | ErrorKind::MissingSignature
                ) =>
            {
                Ok(false)
            }
            Err(e) => Err(crate::errors::to_pyerr(py, &e)),
        }
    }

    /// Like `verify`, but raises instead of returning False (`SignatureError` with kind
    /// `signature_mismatch` or `missing_signature`) and returns which accepted stamp form
    /// matched: `{"order", "numbers"}` (canonical: byte, exact).
    fn check_signature(&self, py: Python<'_>, message: &Bound<'_, PyAny>) -> PyResult<PyObject> {
        let verified = if is_text(message) {
            let data = body(message)?;
            run(py, &data, |d| self.inner.verify_json(d))
        } else {
            let root = params_to_value(message).map_err(|e| e.into_pyerr(py))?;
            self.inner.verify_value(&root)
        }
        .py_err(py)?;
        variant_dict(py, &verified)
    }

    /// Parses and verifies a callback body into a `Callback`. Raises `SignatureError` when the
    /// signature is missing or does not match, `MalformedInputError` / `ValidationError` /
    /// `LimitExceededError` for bad input.
    fn parse_callback(&self, py: Python<'_>, body: &Bound<'_, PyAny>) -> PyResult<Callback> {
        let data = convert::body(body)?;
        let cb = run(py, &data, |d| core::Callback::parse(&self.inner, d)).py_err(py)?;
        Ok(Callback::from_core(cb))
    }

    /// Handles an account-check request body (gate.md §3): returns a `VerifyRequest` or a
    /// `CheckDepositRequest` for the shop's lookup, or a ready `AccountCheckResponse` when the
    /// request must be refused (its `error` says why).
    fn parse_account_check(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        project_id: u64,
    ) -> PyResult<PyObject> {
        let data = convert::body(body)?;
        match run(py, &data, |d| {
            core::parse_account_check(&self.inner, project_id, d)
        }) {
            Ok(req) => {
                let raw = validated_json_to_py(py, core_text(&data))?;
                Ok(match req {
                    core::AccountCheckRequest::Verify(r) => Py::new(
                        py,
                        VerifyRequest {
                            project_id: r.project_id,
                            customer_id: r.customer_id,
                            extra: validated_json_to_py(py, r.extra.as_str())?,
                            raw,
                        },
                    )?
                    .into_any(),
                    core::AccountCheckRequest::CheckDeposit(r) => Py::new(
                        py,
                        CheckDepositRequest {
                            project_id: r.project_id,
                            customer_id: r.customer_id,
                            amount: r.amount,
                            currency: r.currency,
                            payment_method: r.payment_method,
                            extra: validated_json_to_py(py, r.extra.as_str())?,
                            raw,
                        },
                    )?
                    .into_any(),
                })
            }
            Err(rej) => {
                let error = exception(py, &rej.error)?.unbind();
                Ok(Py::new(
                    py,
                    AccountCheckResponse {
                        inner: rej.response,
                        error: Some(error),
                    },
                )?
                .into_any())
            }
        }
    }

    /// Builds and signs a payout request (gate.md §5.1). Returns `(path, body)`: POST `body`
    /// to the Gate base URL + `path` with `Content-Type: application/json`. `customer` has
    /// `id`, `ip_address`, `first_name`, `last_name`, `email`; `amount` is in minor units;
    /// `extra` (a Mapping) is merged into the body and signed. Every failed rule is reported
    /// at once in one `ValidationError` (`.fields`).
    #[pyo3(signature = (*, project_id, payment_id, customer, account_number, amount, currency = "KZT", extra = None))]
    #[allow(clippy::too_many_arguments)]
    fn payout_request<'py>(
        &self,
        py: Python<'py>,
        project_id: u64,
        payment_id: String,
        customer: &Bound<'py, PyAny>,
        account_number: String,
        amount: i64,
        currency: &str,
        extra: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(&'static str, Bound<'py, PyBytes>)> {
        let customer_json = py_to_json(customer).map_err(|e| e.into_pyerr(py))?;
        // Written as JSON text so that its errors are exactly the C ABI's for the same member.
        let customer_doc = serde_json::to_vec(&customer_json)
            .map_err(|e| qiwi_merchant::Error::malformed(e.to_string()))
            .py_err(py)?;
        let customer: core::PayoutCustomer =
            qiwi_merchant::document_member_from_json("customer", &customer_doc).py_err(py)?;
        let extra = extra
            .map(|e| {
                convert::to_value(e, &convert::Path::ROOT, 0)
                    .map(|v| core::RawJson::from_value(&v))
                    .map_err(|e| e.into_pyerr(py))
            })
            .transpose()?;
        let req = core::PayoutRequest {
            project_id,
            payment_id,
            customer,
            account_number,
            amount,
            currency: currency.to_string(),
            extra,
        };
        let signed = req.build(&self.inner).py_err(py)?;
        Ok((signed.path, PyBytes::new(py, &signed.body)))
    }

    /// Builds and signs the status request for one payment (gate.md §6): `(path, body)`.
    fn status_request<'py>(
        &self,
        py: Python<'py>,
        project_id: u64,
        payment_id: &str,
    ) -> PyResult<(&'static str, Bound<'py, PyBytes>)> {
        let signed = core::status_request(&self.inner, project_id, payment_id).py_err(py)?;
        Ok((signed.path, PyBytes::new(py, &signed.body)))
    }

    /// Classifies Gate's answer to a payout request (never raises for bad answers: those are
    /// `unknown`). `resend` is True when this `payment_id` was sent before.
    #[pyo3(signature = (http_status, body, payment_id, resend = false))]
    fn parse_payout_response(
        &self,
        py: Python<'_>,
        http_status: u16,
        body: &Bound<'_, PyAny>,
        payment_id: &str,
        resend: bool,
    ) -> PyResult<PayoutResponse> {
        let data = convert::body(body)?;
        let r = run(py, &data, |d| {
            core::parse_payout_response(&self.inner, http_status, d, payment_id, resend)
        });
        let opt = |v: Option<core::RawJson>| -> PyResult<Option<PyObject>> {
            v.map(|v| validated_json_to_py(py, v.as_str())).transpose()
        };
        Ok(match r {
            core::PayoutResponse::Accepted { request_id, raw } => PayoutResponse {
                outcome: enum_member(py, "PayoutOutcome", "accepted")?,
                request_id,
                status: None,
                code: None,
                message: None,
                errors: None,
                reason: None,
                error: None,
                raw: opt(Some(raw))?,
            },
            core::PayoutResponse::Rejected {
                status,
                code,
                message,
                errors,
                raw,
            } => PayoutResponse {
                outcome: enum_member(py, "PayoutOutcome", "rejected")?,
                request_id: None,
                status,
                code,
                message,
                errors: opt(errors)?,
                reason: None,
                error: None,
                raw: opt(Some(raw))?,
            },
            core::PayoutResponse::Unknown { reason, error, raw } => PayoutResponse {
                outcome: enum_member(py, "PayoutOutcome", "unknown")?,
                request_id: None,
                status: None,
                code: None,
                message: None,
                errors: None,
                reason: Some(reason),
                error,
                raw: opt(raw)?,
            },
        })
    }

    /// Parses Gate's answer to a status request. Payment data must be signed: a missing or
    /// wrong signature raises `SignatureError`.
    fn parse_status_response(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
    ) -> PyResult<StatusResponse> {
        let data = convert::body(body)?;
        let r = run(py, &data, |d| core::parse_status_response(&self.inner, d)).py_err(py)?;
        Ok(match r {
            core::StatusResponse::Found { callback } => StatusResponse {
                outcome: enum_member(py, "StatusOutcome", "found")?,
                callback: Some(Py::new(py, Callback::from_core(*callback))?),
                status: None,
                code: None,
                message: None,
                raw: None,
            },
            core::StatusResponse::NotFound { raw } => StatusResponse {
                outcome: enum_member(py, "StatusOutcome", "not_found")?,
                callback: None,
                status: None,
                code: Some(core::TRANSACTION_NOT_FOUND.to_string()),
                message: None,
                raw: Some(validated_json_to_py(py, raw.as_str())?),
            },
            core::StatusResponse::Error {
                status,
                code,
                message,
                raw,
            } => StatusResponse {
                outcome: enum_member(py, "StatusOutcome", "error")?,
                callback: None,
                status,
                code,
                message,
                raw: Some(validated_json_to_py(py, raw.as_str())?),
            },
        })
    }
}

/// The body as text for `json.loads` (validated by the core already; BOM dropped).
fn core_text(data: &[u8]) -> &str {
    let t = std::str::from_utf8(data).unwrap_or("");
    t.strip_prefix('\u{feff}').unwrap_or(t)
}

/// The canonical stamp of `params` (a Mapping, or a JSON object as bytes/str). `limits`
/// (validated always) bounds the parse of a bytes/str body, as for `Signer`.
#[pyfunction]
#[pyo3(signature = (params, *, limits = None))]
pub fn stamp(
    py: Python<'_>,
    params: &Bound<'_, PyAny>,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let limits = limits_arg(py, limits)?.json();
    if is_text(params) {
        let data = body(params)?;
        return run(py, &data, |d| core::stamp_with_limits(d, &limits)).py_err(py);
    }
    let root = params_to_value(params).map_err(|e| e.into_pyerr(py))?;
    core::canonical_stamp(&root).py_err(py)
}

/// The outcome name (`completed`, `failed`, `pending`, `refunded`, `reversed`) of a Gate
/// status text, classified by the core (ASCII case-insensitive; unknown → pending).
#[pyfunction]
pub fn gate_status_outcome(raw: &str) -> &'static str {
    Status::parse(raw).outcome.as_str()
}

/// The platform's spelling of a known Gate status (`"SUCCESS"` → `"success"`), chosen by the
/// core (ASCII case-insensitive); None when the core does not know the status.
#[pyfunction]
pub fn gate_status_canonical(raw: &str) -> Option<&'static str> {
    Status::parse(raw).canonical()
}
