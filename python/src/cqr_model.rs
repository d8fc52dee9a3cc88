//! The CQR result classes of `qiwi_merchant.cqr`: one frozen `#[pyclass]` per parsed record,
//! each holding the core's parsed value, the same binding style as the Gate results.
//!
//! Nothing is converted up front: parsing makes one object around the core's value. A field's
//! Python object is built when it is first read; nested records, `Decimal`s and tuples are then
//! kept (so `n.payment is n.payment`), strings and numbers are made on each read (cheaper than a
//! cache). A nested record owns a copy of its part of the core value, so no object refers back
//! to its parent (no reference cycles). `raw` of a message is the body the caller passed (the
//! `bytes` object itself; a `str` body as its UTF-8 bytes); `to_dict()` is the JSON shape of
//! docs/cqr.md §4, written by the core's serde names. Every decision (effective outcome, amount
//! check, confirmation, idempotency key, redirect URL) is a call into the core.

use crate::enums::{CONFIRMATION, CQR_OUTCOME};
use crate::errors::IntoPy;
use crate::to_py::to_py;
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple};
use pyo3::PyClass;
use qiwi_merchant::cqr as core;
use qiwi_merchant::{Amount, Currency};
use serde::Serialize;

/// `==` of the result classes that wrap one core value (`inner`): the core value's equality
/// (the `eq` of each `#[pyclass(eq)]`).
macro_rules! compares_by_inner {
    ($($class:ident),+ $(,)?) => {
        $(impl PartialEq for $class {
            fn eq(&self, other: &Self) -> bool {
                self.inner == other.inner
            }
        })+
    };
}

compares_by_inner!(
    CodeName,
    Money,
    Timestamp,
    Detail,
    ProviderCode,
    PaymentState,
    CqrPayment,
    InitiateResult,
    InitiateResponse,
    GetPaymentsResponse,
    ExecutePaymentActionResponse,
    ServiceException,
    Ack,
    Warning,
);

/// One lazily built field.
type Cache = GILOnceCell<PyObject>;

fn cached(
    py: Python<'_>,
    cell: &Cache,
    build: impl FnOnce() -> PyResult<PyObject>,
) -> PyResult<PyObject> {
    cell.get_or_try_init(py, build).map(|o| o.clone_ref(py))
}

static DECIMAL: GILOnceCell<PyObject> = GILOnceCell::new();

/// `decimal.Decimal(text)`: exact, from the text the core validated.
fn decimal(py: Python<'_>, text: &str) -> PyResult<PyObject> {
    let cls = DECIMAL.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("decimal")?.getattr("Decimal")?.unbind())
    })?;
    Ok(cls.bind(py).call1((text,))?.unbind())
}

/// The core value's JSON shape as Python objects (a new dict on every call).
fn shape<T: Serialize + ?Sized>(py: Python<'_>, value: &T) -> PyResult<PyObject> {
    Ok(to_py(py, value)?.unbind())
}

/// The serde name of a unit variant (`value_type`, `source`...), as the core writes it.
fn wire_name<T: Serialize>(py: Python<'_>, value: &T) -> PyResult<PyObject> {
    shape(py, value)
}

/// `repr()` text of an optional string.
fn r(o: Option<&str>) -> String {
    match o {
        Some(s) => format!("{s:?}"),
        None => "None".to_string(),
    }
}

fn new<T: PyClass + Into<pyo3::PyClassInitializer<T>>>(
    py: Python<'_>,
    value: T,
) -> PyResult<PyObject> {
    Ok(Py::new(py, value)?.into_any())
}

fn opt_new<T, C>(py: Python<'_>, value: Option<&C>, wrap: impl FnOnce(C) -> T) -> PyResult<PyObject>
where
    T: PyClass + Into<pyo3::PyClassInitializer<T>>,
    C: Clone,
{
    match value {
        Some(v) => new(py, wrap(v.clone())),
        None => Ok(py.None()),
    }
}

fn tuple_of<T, C>(py: Python<'_>, items: &[C], wrap: impl Fn(C) -> T) -> PyResult<PyObject>
where
    T: PyClass + Into<pyo3::PyClassInitializer<T>>,
    C: Clone,
{
    let objs = items
        .iter()
        .map(|c| Py::new(py, wrap(c.clone())))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyTuple::new(py, objs)?.into_any().unbind())
}

fn details(py: Python<'_>, items: Option<&Vec<core::Detail>>) -> PyResult<PyObject> {
    match items {
        Some(items) => tuple_of(py, items, Detail::from),
        None => Ok(py.None()),
    }
}

// ---------------------------------------------------------------------------- small records

/// A code/name pair (`payment_method`, `payment_provider`, `creation_type`).
#[pyclass(frozen, eq, module = "qiwi_merchant.cqr")]
pub struct CodeName {
    inner: core::CodeName,
}

#[pymethods]
impl CodeName {
    #[getter]
    fn key(&self) -> &str {
        &self.inner.key
    }
    #[getter]
    fn value(&self) -> Option<&str> {
        self.inner.value.as_deref()
    }
    /// The JSON shape (docs/cqr.md §4).
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        shape(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "CodeName(key={:?}, value={})",
            self.inner.key,
            r(self.inner.value.as_deref())
        )
    }
}

/// An amount: exact `value` (Decimal), `currency` as received, `minor` units when the currency
/// has a minor unit and the value is exact at it (else None).
#[pyclass(frozen, eq, module = "qiwi_merchant.cqr")]
pub struct Money {
    inner: core::Money,
    value: Cache,
}

impl From<core::Money> for Money {
    fn from(inner: core::Money) -> Self {
        Money {
            inner,
            value: Cache::new(),
        }
    }
}

#[pymethods]
impl Money {
    /// The exact value (`decimal.Decimal`).
    #[getter]
    fn value(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.value, || decimal(py, self.inner.value.text()))
    }
    /// The value's text as received (trimmed).
    #[getter]
    fn text(&self) -> &str {
        self.inner.value.text()
    }
    #[getter]
    fn currency(&self) -> &str {
        &self.inner.currency
    }
    #[getter]
    fn minor(&self) -> Option<i64> {
        self.inner.minor
    }
    /// The JSON shape (docs/cqr.md §4).
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        shape(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "Money(value={:?}, currency={:?})",
            self.inner.value.text(),
            self.inner.currency
        )
    }
}

/// A date-time as received: `raw_text`, `date`, `time`, `nanos` and `offset_minutes` (None when
/// the text has no offset; never converted).
#[pyclass(frozen, eq, str, module = "qiwi_merchant.cqr")]
pub struct Timestamp {
    inner: core::Timestamp,
}

impl From<core::Timestamp> for Timestamp {
    fn from(inner: core::Timestamp) -> Self {
        Timestamp { inner }
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.inner.raw())
    }
}

#[pymethods]
impl Timestamp {
    /// The text as written (trimmed of XML whitespace).
    #[getter]
    fn raw_text(&self) -> &str {
        self.inner.raw()
    }
    /// `YYYY-MM-DD`.
    #[getter]
    fn date(&self) -> String {
        self.inner.date_string()
    }
    /// `hh:mm:ss`.
    #[getter]
    fn time(&self) -> String {
        self.inner.time_string()
    }
    /// Fraction of the second in nanoseconds.
    #[getter]
    fn nanos(&self) -> u32 {
        self.inner.nanos()
    }
    /// Offset from UTC in minutes (0 for `Z`); None when the text has none.
    #[getter]
    fn offset_minutes(&self) -> Option<i16> {
        self.inner.offset_minutes()
    }
    /// The JSON shape (docs/cqr.md §4).
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        shape(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!("Timestamp({:?})", self.inner.raw())
    }
}

/// A typed key/value item (state details, payment details, action results).
#[pyclass(frozen, eq, module = "qiwi_merchant.cqr")]
pub struct Detail {
    inner: core::Detail,
    value: Cache,
}

impl From<core::Detail> for Detail {
    fn from(inner: core::Detail) -> Self {
        Detail {
            inner,
            value: Cache::new(),
        }
    }
}

#[pymethods]
impl Detail {
    #[getter]
    fn key(&self) -> &str {
        &self.inner.key
    }
    /// The `xsi:type` as written (`keyIntValuePair`...).
    #[getter(r#type)]
    fn type_name(&self) -> Option<&str> {
        self.inner.type_name.as_deref()
    }
    /// `string`, `int`, `decimal`, `boolean`, `date_time` or `unknown`.
    #[getter]
    fn value_type(&self, py: Python<'_>) -> PyResult<PyObject> {
        wire_name(py, &self.inner.value_type)
    }
    /// The value element's exact text (None when missing or nil).
    #[getter]
    fn raw_value(&self) -> Option<&str> {
        self.inner.raw()
    }
    /// The typed value: str, int, Decimal, bool, Timestamp, or None when absent, empty, or when
    /// the raw text does not fit the declared type (`raw_value` is kept; such an item never
    /// fails the message).
    #[getter]
    fn value(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.value, || {
            Ok(match &self.inner.value {
                core::DetailValue::Absent => py.None(),
                core::DetailValue::String(s) => PyString::new(py, s).into_any().unbind(),
                core::DetailValue::Int(i) => i.into_pyobject(py)?.into_any().unbind(),
                core::DetailValue::Decimal(d) => decimal(py, d.text())?,
                core::DetailValue::Boolean(b) => {
                    b.into_pyobject(py)?.to_owned().into_any().unbind()
                }
                core::DetailValue::DateTime(t) => new(py, Timestamp::from(t.clone()))?,
            })
        })
    }
    /// The JSON shape (docs/cqr.md §4).
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        shape(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "Detail(key={:?}, raw_value={})",
            self.inner.key,
            r(self.inner.raw())
        )
    }
}

/// An Envoy provider code found in the state or payment details.
#[pyclass(frozen, eq, module = "qiwi_merchant.cqr")]
pub struct ProviderCode {
    inner: core::ProviderCode,
}

impl From<core::ProviderCode> for ProviderCode {
    fn from(inner: core::ProviderCode) -> Self {
        ProviderCode { inner }
    }
}

#[pymethods]
impl ProviderCode {
    /// `payment_state_details` or `payment_details`.
    #[getter]
    fn source(&self, py: Python<'_>) -> PyResult<PyObject> {
        wire_name(py, &self.inner.source)
    }
    /// `provider_response` or `provider_status`.
    #[getter]
    fn item(&self, py: Python<'_>) -> PyResult<PyObject> {
        wire_name(py, &self.inner.item)
    }
    #[getter]
    fn code(&self) -> &str {
        &self.inner.code
    }
    #[getter]
    fn code_int(&self) -> Option<i64> {
        self.inner.code_int
    }
    #[getter]
    fn message(&self) -> Option<&str> {
        self.inner.message.as_deref()
    }
    /// The Envoy table's text for the code, if known.
    #[getter]
    fn known_message(&self) -> Option<&'static str> {
        self.inner.known_message
    }
    /// The JSON shape (docs/cqr.md §4).
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        shape(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "ProviderCode(code={:?}, message={})",
            self.inner.code,
            r(self.inner.message.as_deref())
        )
    }
}

/// A payment's state: the `key` decides (`outcome`); `value` is PXP's name.
#[pyclass(frozen, eq, module = "qiwi_merchant.cqr")]
pub struct PaymentState {
    inner: core::PaymentState,
    created_on: Cache,
    details: Cache,
}

impl From<core::PaymentState> for PaymentState {
    fn from(inner: core::PaymentState) -> Self {
        PaymentState {
            inner,
            created_on: Cache::new(),
            details: Cache::new(),
        }
    }
}

#[pymethods]
impl PaymentState {
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    #[getter]
    fn key(&self) -> i64 {
        self.inner.key.value
    }
    #[getter]
    fn value(&self) -> Option<&str> {
        self.inner.value.as_deref()
    }
    /// The library's name for the key (None when unknown).
    #[getter]
    fn name(&self) -> Option<&'static str> {
        self.inner.name
    }
    /// The class of the key (`Outcome`).
    #[getter]
    fn outcome(&self, py: Python<'_>) -> PyResult<PyObject> {
        CQR_OUTCOME.get(py, self.inner.outcome)
    }
    #[getter]
    fn created_on(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.created_on, || {
            opt_new(py, self.inner.created_on.as_ref(), Timestamp::from)
        })
    }
    #[getter]
    fn description(&self) -> Option<&str> {
        self.inner.description.as_deref()
    }
    /// `paymentStateDetails` (None when missing or nil).
    #[getter]
    fn details(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.details, || {
            details(py, self.inner.details.as_ref())
        })
    }
    /// The JSON shape (docs/cqr.md §4).
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        shape(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "PaymentState(key={}, value={}, outcome={:?})",
            self.inner.key.value,
            r(self.inner.value.as_deref()),
            self.inner.outcome.as_str()
        )
    }
}

/// Result of `Payment.check_amount`: `result` (`AmountCheckResult`) and, for a mismatch,
/// `reason`.
#[pyclass(frozen, eq, module = "qiwi_merchant.cqr")]
#[derive(PartialEq)]
pub struct AmountCheck {
    inner: core::AmountCheck,
}

impl AmountCheck {
    /// The core's name of the result (the `result` member of its JSON shape).
    fn result_name(&self, py: Python<'_>) -> PyResult<String> {
        let d = to_py(py, &self.inner)?;
        d.get_item("result")?.extract()
    }
}

#[pymethods]
impl AmountCheck {
    /// `match`, `match_with_shop_fee` or `mismatch` (`AmountCheckResult`).
    #[getter]
    fn result(&self, py: Python<'_>) -> PyResult<PyObject> {
        crate::enums::member(py, "AmountCheckResult", &self.result_name(py)?)
    }
    /// Why the amount does not match (None otherwise).
    #[getter]
    fn reason(&self) -> Option<&str> {
        match &self.inner {
            core::AmountCheck::Mismatch { reason } => Some(reason),
            _ => None,
        }
    }
    /// True for `match` and `match_with_shop_fee`.
    #[getter]
    fn ok(&self) -> bool {
        !matches!(self.inner, core::AmountCheck::Mismatch { .. })
    }
    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::mem::discriminant(&self.inner).hash(&mut h);
        self.reason().hash(&mut h);
        h.finish()
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "AmountCheck(result={:?}, reason={})",
            self.result_name(py)?,
            r(self.reason())
        ))
    }
}

// ------------------------------------------------------------------------------- the payment

/// One `payment` element. Ids are strings; amounts are exact (`Money`).
#[pyclass(frozen, eq, name = "Payment", module = "qiwi_merchant.cqr")]
pub struct CqrPayment {
    inner: core::Payment,
    payment_method: Cache,
    payment_provider: Cache,
    amount: Cache,
    shop_fee: Cache,
    creation_type: Cache,
    state: Cache,
    base_amount: Cache,
    payment_details: Cache,
    provider_codes: Cache,
}

impl From<core::Payment> for CqrPayment {
    fn from(inner: core::Payment) -> Self {
        CqrPayment {
            inner,
            payment_method: Cache::new(),
            payment_provider: Cache::new(),
            amount: Cache::new(),
            shop_fee: Cache::new(),
            creation_type: Cache::new(),
            state: Cache::new(),
            base_amount: Cache::new(),
            payment_details: Cache::new(),
            provider_codes: Cache::new(),
        }
    }
}

/// `Payment.check_amount` / `Notification.check_amount`: the core's comparison with the order's
/// amount in minor units of `currency`.
fn check_amount(
    py: Python<'_>,
    payment: &core::Payment,
    expected_minor: i64,
    currency: &str,
) -> PyResult<AmountCheck> {
    let currency = Currency::for_amounts(currency).py_err(py)?;
    let expected = Amount::from_minor(expected_minor, currency).py_err(py)?;
    Ok(AmountCheck {
        inner: core::check_amount(payment, &expected),
    })
}

#[pymethods]
impl CqrPayment {
    /// `xsi:type` of the element (`paymentWithState`...).
    #[getter(r#type)]
    fn payment_type(&self) -> Option<&str> {
        self.inner.payment_type.as_deref()
    }
    #[getter]
    fn merchant_id(&self) -> &str {
        &self.inner.merchant_id
    }
    #[getter]
    fn shop_id(&self) -> &str {
        &self.inner.shop_id
    }
    #[getter]
    fn payment_method(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.payment_method, || {
            opt_new(py, self.inner.payment_method.as_ref(), |inner| CodeName {
                inner,
            })
        })
    }
    #[getter]
    fn merchant_transaction_id(&self) -> &str {
        &self.inner.merchant_transaction_id
    }
    #[getter]
    fn payment_id(&self) -> &str {
        &self.inner.payment_id
    }
    #[getter]
    fn user_id(&self) -> Option<&str> {
        self.inner.user_id.as_deref()
    }
    #[getter]
    fn payment_provider(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.payment_provider, || {
            opt_new(py, self.inner.payment_provider.as_ref(), |inner| CodeName {
                inner,
            })
        })
    }
    #[getter]
    fn amount(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.amount, || {
            new(py, Money::from(self.inner.amount.clone()))
        })
    }
    #[getter]
    fn shop_fee(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.shop_fee, || {
            opt_new(py, self.inner.shop_fee.as_ref(), Money::from)
        })
    }
    #[getter]
    fn creation_type(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.creation_type, || {
            opt_new(py, self.inner.creation_type.as_ref(), |inner| CodeName {
                inner,
            })
        })
    }
    #[getter]
    fn user_ip(&self) -> Option<&str> {
        self.inner.user_ip.as_deref()
    }
    #[getter]
    fn state(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.state, || {
            new(py, PaymentState::from(self.inner.state.clone()))
        })
    }
    #[getter]
    fn is_executed(&self) -> Option<bool> {
        self.inner.is_executed
    }
    /// The merchant's accounting amount; informative, never used for crediting.
    #[getter]
    fn base_amount(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.base_amount, || {
            opt_new(py, self.inner.base_amount.as_ref(), Money::from)
        })
    }
    /// `paymentDetails` (None when missing or nil).
    #[getter]
    fn payment_details(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.payment_details, || {
            details(py, self.inner.payment_details.as_ref())
        })
    }
    #[getter]
    fn payment_account_id(&self) -> Option<&str> {
        self.inner.payment_account_id.as_deref()
    }
    /// The Envoy codes found in the state and payment details.
    #[getter]
    fn provider_codes(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.provider_codes, || {
            tuple_of(py, &self.inner.provider_codes, ProviderCode::from)
        })
    }
    /// The state's class (from the state key).
    #[getter]
    fn outcome(&self, py: Python<'_>) -> PyResult<PyObject> {
        CQR_OUTCOME.get(py, self.inner.outcome())
    }
    /// What to act on: a completed state whose `is_executed` is not True is pending.
    #[getter]
    fn effective_outcome(&self, py: Python<'_>) -> PyResult<PyObject> {
        CQR_OUTCOME.get(py, core::effective_outcome(&self.inner))
    }
    /// Whether `is_executed` agrees with the state (flag it when not).
    #[getter]
    fn is_executed_consistent(&self) -> bool {
        core::is_executed_consistent(&self.inner)
    }
    /// Compares by value with the order's amount (minor units of `currency`): `match`,
    /// `match_with_shop_fee` (amount + shop fee) or `mismatch`.
    fn check_amount(
        &self,
        py: Python<'_>,
        expected_minor: i64,
        currency: &str,
    ) -> PyResult<AmountCheck> {
        check_amount(py, &self.inner, expected_minor, currency)
    }
    /// The JSON shape (docs/cqr.md §4).
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        shape(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "Payment(payment_id={:?}, merchant_transaction_id={:?}, state_key={})",
            self.inner.payment_id, self.inner.merchant_transaction_id, self.inner.state.key.value
        )
    }
}

// -------------------------------------------------------------------------------- messages

/// The body as the caller passed it: the `bytes` object itself, anything else as bytes.
pub fn raw_body(py: Python<'_>, obj: &Bound<'_, PyAny>, data: &[u8]) -> Py<PyBytes> {
    match obj.downcast::<PyBytes>() {
        Ok(b) => b.clone().unbind(),
        Err(_) => PyBytes::new(py, data).unbind(),
    }
}

/// The JSON shape of a whole message: `kind` first, then the message's own shape.
fn message_dict<T: Serialize + ?Sized>(
    py: Python<'_>,
    kind: &'static str,
    value: &T,
) -> PyResult<PyObject> {
    let d = PyDict::new(py);
    d.set_item("kind", kind)?;
    let body = to_py(py, value)?;
    d.update(body.downcast::<PyDict>()?.as_mapping())?;
    Ok(d.into_any().unbind())
}

fn kind(py: Python<'_>, kind: &str) -> PyResult<PyObject> {
    crate::enums::member(py, "MessageKind", kind)
}

/// A `handlePaymentStateChangedNotificationRequest`: answer it with `build_ack` (or settle it).
#[pyclass(frozen, eq, module = "qiwi_merchant.cqr")]
pub struct Notification {
    kind: &'static str,
    payment: Py<CqrPayment>,
    raw: Py<PyBytes>,
}

impl PartialEq for Notification {
    fn eq(&self, other: &Self) -> bool {
        self.payment.get().inner == other.payment.get().inner
    }
}

impl Notification {
    fn core(&self) -> &core::Payment {
        &self.payment.get().inner
    }
}

#[pymethods]
impl Notification {
    /// Which message this is (`MessageKind`, decided by the root element).
    #[getter]
    fn kind(&self, py: Python<'_>) -> PyResult<PyObject> {
        kind(py, self.kind)
    }
    /// The body as received (bytes).
    #[getter]
    fn raw(&self, py: Python<'_>) -> Py<PyBytes> {
        self.raw.clone_ref(py)
    }
    #[getter]
    fn payment(&self, py: Python<'_>) -> Py<CqrPayment> {
        self.payment.clone_ref(py)
    }
    /// The state's class (same as `payment.outcome`).
    #[getter]
    fn outcome(&self, py: Python<'_>) -> PyResult<PyObject> {
        CQR_OUTCOME.get(py, self.core().outcome())
    }
    /// What to act on (a completed state without isExecuted=true stays pending).
    #[getter]
    fn effective_outcome(&self, py: Python<'_>) -> PyResult<PyObject> {
        CQR_OUTCOME.get(py, core::effective_outcome(self.core()))
    }
    #[getter]
    fn is_executed_consistent(&self) -> bool {
        core::is_executed_consistent(self.core())
    }
    /// `paymentID/stateKey/stateID` (`%` and `/` in ids escaped): store it and answer
    /// `processed` to a repeat.
    #[getter]
    fn idempotency_key(&self) -> String {
        self.core().idempotency_key().to_key_string()
    }
    /// Same as `payment.check_amount`.
    fn check_amount(
        &self,
        py: Python<'_>,
        expected_minor: i64,
        currency: &str,
    ) -> PyResult<AmountCheck> {
        check_amount(py, self.core(), expected_minor, currency)
    }
    /// The JSON shape (docs/cqr.md §4), `kind` included.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        shape(
            py,
            &core::Message::Notification(core::Notification {
                payment: self.core().clone(),
            }),
        )
    }
    fn __repr__(&self) -> String {
        let p = self.core();
        format!(
            "Notification(payment_id={:?}, merchant_transaction_id={:?}, state_key={}, outcome={:?})",
            p.payment_id,
            p.merchant_transaction_id,
            p.state.key.value,
            p.outcome().as_str()
        )
    }
}

/// What an initiatePaymentResponse means: `type` is `redirect` (with `url`), `protocol_error`
/// (with `message`), `duplicate`, `failed`, `completed` or `pending` (each with `state_key`).
#[pyclass(frozen, eq, module = "qiwi_merchant.cqr")]
pub struct InitiateResult {
    inner: core::InitiateResult,
}

#[pymethods]
impl InitiateResult {
    #[getter(r#type)]
    fn result_type(&self, py: Python<'_>) -> PyResult<PyObject> {
        let d = to_py(py, &self.inner)?;
        Ok(d.get_item("type")?.unbind())
    }
    #[getter]
    fn url(&self) -> Option<&str> {
        match &self.inner {
            core::InitiateResult::Redirect { url } => Some(url),
            _ => None,
        }
    }
    #[getter]
    fn state_key(&self) -> Option<i64> {
        match &self.inner {
            core::InitiateResult::Duplicate { state_key }
            | core::InitiateResult::Failed { state_key }
            | core::InitiateResult::Completed { state_key }
            | core::InitiateResult::Pending { state_key } => Some(*state_key),
            core::InitiateResult::Redirect { .. } | core::InitiateResult::ProtocolError { .. } => {
                None
            }
        }
    }
    #[getter]
    fn message(&self) -> Option<&str> {
        match &self.inner {
            core::InitiateResult::ProtocolError { message, .. } => Some(message),
            _ => None,
        }
    }
    /// The JSON shape (docs/cqr.md §4).
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        shape(py, &self.inner)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "InitiateResult({})",
            self.to_dict(py)?.bind(py).repr()?
        ))
    }
}

/// A parsed `initiatePaymentResponse`.
#[pyclass(frozen, eq, module = "qiwi_merchant.cqr")]
pub struct InitiateResponse {
    kind: &'static str,
    inner: core::InitiateResponse,
    result: Cache,
    payment: Cache,
    raw: Py<PyBytes>,
}

#[pymethods]
impl InitiateResponse {
    /// Which message this is (`MessageKind`, decided by the root element).
    #[getter]
    fn kind(&self, py: Python<'_>) -> PyResult<PyObject> {
        kind(py, self.kind)
    }
    /// The body as received (bytes).
    #[getter]
    fn raw(&self, py: Python<'_>) -> Py<PyBytes> {
        self.raw.clone_ref(py)
    }
    #[getter]
    fn result(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.result, || {
            new(
                py,
                InitiateResult {
                    inner: self.inner.result.clone(),
                },
            )
        })
    }
    #[getter]
    fn token(&self) -> Option<&str> {
        self.inner.token.as_deref()
    }
    #[getter]
    fn provider_external_id(&self) -> Option<&str> {
        self.inner.provider_external_id.as_deref()
    }
    #[getter]
    fn payment(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.payment, || {
            new(py, CqrPayment::from(self.inner.payment.clone()))
        })
    }
    /// The payment state's class.
    #[getter]
    fn outcome(&self, py: Python<'_>) -> PyResult<PyObject> {
        CQR_OUTCOME.get(py, self.inner.payment.outcome())
    }
    /// The URL to send the browser to; raises `ProtocolError` when there is none.
    #[getter]
    fn redirect_url(&self, py: Python<'_>) -> PyResult<String> {
        self.inner.redirect_url().map(str::to_string).py_err(py)
    }
    /// The JSON shape (docs/cqr.md §4), `kind` included.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        message_dict(py, self.kind, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "InitiateResponse(payment_id={:?}, state_key={})",
            self.inner.payment.payment_id, self.inner.payment.state.key.value
        )
    }
}

/// A parsed `getPaymentsResponse`: every payment, in order.
#[pyclass(frozen, eq, module = "qiwi_merchant.cqr")]
pub struct GetPaymentsResponse {
    kind: &'static str,
    inner: core::GetPaymentsResponse,
    payments: GILOnceCell<Vec<Py<CqrPayment>>>,
    raw: Py<PyBytes>,
}

impl GetPaymentsResponse {
    fn payment_objects(&self, py: Python<'_>) -> PyResult<&Vec<Py<CqrPayment>>> {
        self.payments.get_or_try_init(py, || {
            self.inner
                .payments
                .iter()
                .map(|p| Py::new(py, CqrPayment::from(p.clone())))
                .collect()
        })
    }
}

#[pymethods]
impl GetPaymentsResponse {
    /// Which message this is (`MessageKind`, decided by the root element).
    #[getter]
    fn kind(&self, py: Python<'_>) -> PyResult<PyObject> {
        kind(py, self.kind)
    }
    /// The body as received (bytes).
    #[getter]
    fn raw(&self, py: Python<'_>) -> Py<PyBytes> {
        self.raw.clone_ref(py)
    }
    #[getter]
    fn payments<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(
            py,
            self.payment_objects(py)?.iter().map(|p| p.clone_ref(py)),
        )
    }
    /// The (first) payment with this paymentID, or None.
    fn find(&self, py: Python<'_>, payment_id: &str) -> PyResult<Option<Py<CqrPayment>>> {
        let Some(found) = self.inner.find(payment_id) else {
            return Ok(None);
        };
        let index = self
            .inner
            .payments
            .iter()
            .position(|p| std::ptr::eq(p, found));
        Ok(index.and_then(|i| {
            self.payment_objects(py)
                .ok()
                .and_then(|v| v.get(i).map(|p| p.clone_ref(py)))
        }))
    }
    /// `completed`, `pending`, `failed` or `not_found` for a paymentID (`Confirmation`; a
    /// completed state whose isExecuted is not true is pending).
    fn confirmation(&self, py: Python<'_>, payment_id: &str) -> PyResult<PyObject> {
        CONFIRMATION.get(py, self.inner.confirmation(payment_id))
    }
    /// The JSON shape (docs/cqr.md §4), `kind` included.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        message_dict(py, self.kind, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "GetPaymentsResponse(payments={})",
            self.inner.payments.len()
        )
    }
}

/// A parsed `executePaymentActionResponse`.
#[pyclass(frozen, eq, module = "qiwi_merchant.cqr")]
pub struct ExecutePaymentActionResponse {
    kind: &'static str,
    inner: core::ExecutePaymentActionResponse,
    action_results: Cache,
    raw: Py<PyBytes>,
}

#[pymethods]
impl ExecutePaymentActionResponse {
    /// Which message this is (`MessageKind`, decided by the root element).
    #[getter]
    fn kind(&self, py: Python<'_>) -> PyResult<PyObject> {
        kind(py, self.kind)
    }
    /// The body as received (bytes).
    #[getter]
    fn raw(&self, py: Python<'_>) -> Py<PyBytes> {
        self.raw.clone_ref(py)
    }
    #[getter]
    fn status_code(&self) -> i64 {
        self.inner.status_code.value
    }
    #[getter]
    fn ok(&self) -> bool {
        self.inner.ok
    }
    #[getter]
    fn action_results(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.action_results, || {
            tuple_of(py, &self.inner.action_results, Detail::from)
        })
    }
    /// The JSON shape (docs/cqr.md §4), `kind` included.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        message_dict(py, self.kind, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "ExecutePaymentActionResponse(status_code={}, ok={})",
            self.inner.status_code.value,
            if self.inner.ok { "True" } else { "False" }
        )
    }
}

/// A `paymentServiceException`: the request was rejected, nothing was created.
#[pyclass(frozen, eq, module = "qiwi_merchant.cqr")]
pub struct ServiceException {
    kind: &'static str,
    inner: core::ServiceException,
    raw: Py<PyBytes>,
}

#[pymethods]
impl ServiceException {
    /// Which message this is (`MessageKind`, decided by the root element).
    #[getter]
    fn kind(&self, py: Python<'_>) -> PyResult<PyObject> {
        kind(py, self.kind)
    }
    /// The body as received (bytes).
    #[getter]
    fn raw(&self, py: Python<'_>) -> Py<PyBytes> {
        self.raw.clone_ref(py)
    }
    #[getter]
    fn id(&self) -> Option<&str> {
        self.inner.id.as_deref()
    }
    #[getter]
    fn error_code(&self) -> Option<i64> {
        self.inner.error_code.as_ref().map(|c| c.value)
    }
    /// The documented meaning of the code, if known.
    #[getter]
    fn error_name(&self) -> Option<&'static str> {
        self.inner.error_name
    }
    #[getter]
    fn error_message(&self) -> Option<&str> {
        self.inner.error_message.as_deref()
    }
    /// The JSON shape (docs/cqr.md §4), `kind` included.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        message_dict(py, self.kind, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "ServiceException(error_code={}, error_name={})",
            self.inner
                .error_code
                .as_ref()
                .map_or_else(|| "None".to_string(), |c| c.value.to_string()),
            r(self.inner.error_name)
        )
    }
}

/// The shop's answer to a notification (`handlePaymentStateChangedNotificationResponse`), as
/// `parse_ack` reads it: `code` and `name` (`resultCode`), the decision the documented codes
/// give that code (`result`: `processed`, `unknown_state`, `error_processing_event`, or None),
/// and `message` (`resultMessage`, empty when none).
#[pyclass(frozen, eq, module = "qiwi_merchant.cqr")]
pub struct Ack {
    inner: core::Ack,
}

impl From<core::Ack> for Ack {
    fn from(inner: core::Ack) -> Self {
        Ack { inner }
    }
}

#[pymethods]
impl Ack {
    /// `resultCode` `key`.
    #[getter]
    fn code(&self) -> i64 {
        self.inner.result_code.code
    }
    /// `resultCode` `value` (the code's name, as written).
    #[getter]
    fn name(&self) -> &str {
        &self.inner.result_code.name
    }
    /// The ack result name of a documented code (`processed`, `unknown_state`,
    /// `error_processing_event`, what `ack()` takes), None for any other code.
    #[getter]
    fn result(&self) -> Option<&'static str> {
        self.inner.result.map(core::AckResult::as_str)
    }
    /// `resultMessage` verbatim ("" when empty or missing).
    #[getter]
    fn message(&self) -> &str {
        &self.inner.message
    }
    /// `{"result_code": {"code", "name"}, "result", "message"}`, the core's serde shape.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        shape(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "Ack(code={}, name={:?}, result={})",
            self.inner.result_code.code,
            self.inner.result_code.name,
            r(self.inner.result.map(core::AckResult::as_str))
        )
    }
}

// -------------------------------------------------------------------------- built requests

/// A non-fatal remark about the initiate input (`field`, `message`).
#[pyclass(frozen, eq, module = "qiwi_merchant.cqr")]
pub struct Warning {
    inner: core::Warning,
}

#[pymethods]
impl Warning {
    #[getter]
    fn field(&self) -> &str {
        &self.inner.field
    }
    #[getter]
    fn message(&self) -> &str {
        &self.inner.message
    }
    fn __repr__(&self) -> String {
        format!(
            "Warning(field={:?}, message={:?})",
            self.inner.field, self.inner.message
        )
    }
}

/// A built request body: `xml` (str), `body` (its UTF-8 bytes) and `warnings`.
#[pyclass(frozen, module = "qiwi_merchant.cqr")]
pub struct BuiltRequest {
    inner: core::BuiltRequest,
    warnings: Cache,
}

impl From<core::BuiltRequest> for BuiltRequest {
    fn from(inner: core::BuiltRequest) -> Self {
        BuiltRequest {
            inner,
            warnings: Cache::new(),
        }
    }
}

#[pymethods]
impl BuiltRequest {
    #[getter]
    fn xml(&self) -> &str {
        &self.inner.xml
    }
    /// The body to POST (UTF-8).
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.xml.as_bytes())
    }
    #[getter]
    fn warnings(&self, py: Python<'_>) -> PyResult<PyObject> {
        cached(py, &self.warnings, || {
            tuple_of(py, &self.inner.warnings, |inner| Warning { inner })
        })
    }
    fn __repr__(&self) -> String {
        let head: String = self.inner.xml.chars().take(60).collect();
        format!(
            "BuiltRequest(xml={head:?}..., warnings={})",
            self.inner.warnings.len()
        )
    }
}

// ------------------------------------------------------------------------------ construction

/// The typed object of a parsed message; `kind` is the core's name of it.
pub fn message_object(py: Python<'_>, m: core::Message, raw: Py<PyBytes>) -> PyResult<PyObject> {
    let kind = m.kind();
    match m {
        core::Message::Notification(n) => new(
            py,
            Notification {
                kind,
                // The message is its payment: moved into the payment's object, not copied.
                payment: Py::new(py, CqrPayment::from(n.payment))?,
                raw,
            },
        ),
        core::Message::InitiateResponse(inner) => new(
            py,
            InitiateResponse {
                kind,
                inner,
                result: Cache::new(),
                payment: Cache::new(),
                raw,
            },
        ),
        core::Message::GetPaymentsResponse(inner) => new(
            py,
            GetPaymentsResponse {
                kind,
                inner,
                payments: GILOnceCell::new(),
                raw,
            },
        ),
        core::Message::ExecutePaymentActionResponse(inner) => new(
            py,
            ExecutePaymentActionResponse {
                kind,
                inner,
                action_results: Cache::new(),
                raw,
            },
        ),
        core::Message::PaymentServiceException(inner) => {
            new(py, ServiceException { kind, inner, raw })
        }
    }
}
