//! The settlement engine (`qiwi_merchant::settle`) for Python: `gate_settle`,
//! `gate_settle_status`, `gate_storage_failed`, `cqr_settle`, `cqr_settle_get_payments`,
//! `cqr_storage_failed`, `cqr_bind_attempt`, and the frozen `Decision` / `Effect` they return.
//! Conversion only: the message goes in as raw bytes (verified and parsed by the core), records
//! and settings as Mappings turned into the JSON documents the core parses and checks (the same
//! documents the C ABI, PHP and the CLI hand over), and every decision is the core's.

use crate::convert::{body, is_mapping, py_to_json, run};
use crate::errors::IntoPy;
use crate::gate::Signer;
use crate::to_py::to_py;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use qiwi_merchant::settle::{self, cqr as scqr, gate as sgate};
use qiwi_merchant::{cqr, gate, Error};

/// One money effect to book with the decision: `kind` (`credit`, `debit`, `payout_paid`,
/// `payout_returned`), `amount` (minor units of `currency`, > 0) and `idempotency_key` (stable
/// across redeliveries: keep it UNIQUE in the ledger).
#[pyclass(frozen, eq, hash, module = "qiwi_merchant._core")]
#[derive(PartialEq, Eq, Hash)]
pub struct Effect {
    #[pyo3(get)]
    kind: &'static str,
    #[pyo3(get)]
    amount: i64,
    #[pyo3(get)]
    currency: String,
    #[pyo3(get)]
    idempotency_key: String,
}

#[pymethods]
impl Effect {
    /// The effect as a dict (the decision JSON's shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("kind", self.kind)?;
        d.set_item("amount", self.amount)?;
        d.set_item("currency", &self.currency)?;
        d.set_item("idempotency_key", &self.idempotency_key)?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!(
            "Effect(kind={:?}, amount={}, currency={:?}, idempotency_key={:?})",
            self.kind, self.amount, self.currency, self.idempotency_key
        )
    }
}

/// What the host does with a message (gate.md §4.5, cqr.md §5.2): store `record` (None: there
/// is none) and book every effect of `effects` in the same transaction, flag the record when
/// `is_flagged`, and answer `http_status` (CQR: `body`, the ack with `result_code`).
#[pyclass(frozen, module = "qiwi_merchant._core")]
pub struct Decision {
    /// `apply`, `duplicate`, `no_change`, `flag`, `unmatched` or `retry`.
    #[pyo3(get)]
    action: &'static str,
    /// Why, as a stable name (`completed`, `already_applied`, `amount_mismatch`, ...).
    #[pyo3(get)]
    reason_code: String,
    /// Why, for people (logs, the admin); never contains a secret.
    #[pyo3(get)]
    reason: String,
    record: Option<Record>,
    effects: Vec<Py<Effect>>,
    /// 200, or 503 (Gate: the platform must send again).
    #[pyo3(get)]
    http_status: u16,
    /// CQR: the resultCode answered (0, 2, 10); None for Gate.
    #[pyo3(get)]
    result_code: Option<i64>,
    /// CQR: its name (`ProcessedSuccessfully`, ...); None for Gate.
    #[pyo3(get)]
    result_name: Option<String>,
    /// CQR: the answer body (send with HTTP 200, `application/xml; charset=utf-8`).
    #[pyo3(get)]
    body: Option<String>,
}

/// The record a decision hands back, kept typed (a dict is written on each read).
enum Record {
    Gate(sgate::GateRecord),
    Cqr(scqr::CqrOrder),
}

impl From<sgate::GateRecord> for Record {
    fn from(r: sgate::GateRecord) -> Self {
        Record::Gate(r)
    }
}

impl From<scqr::CqrOrder> for Record {
    fn from(r: scqr::CqrOrder) -> Self {
        Record::Cqr(r)
    }
}

impl Decision {
    fn from_core<R: Into<Record>>(py: Python<'_>, d: settle::Decision<R>) -> PyResult<Decision> {
        let record = d.record.map(Into::into);
        let effects = d
            .effects
            .into_iter()
            .map(|e| {
                Py::new(
                    py,
                    Effect {
                        kind: e.kind.as_str(),
                        amount: e.amount,
                        currency: e.currency,
                        idempotency_key: e.idempotency_key,
                    },
                )
            })
            .collect::<PyResult<Vec<_>>>()?;
        Ok(Decision {
            action: d.action.as_str(),
            reason_code: d.reason_code.as_str().to_string(),
            reason: d.reason,
            record,
            effects,
            http_status: d.answer.http_status,
            result_code: d.answer.result_code,
            result_name: d.answer.result_name,
            body: d.answer.body,
        })
    }
}

#[pymethods]
impl Decision {
    /// The record to store afterwards (a new dict on every access), or None.
    #[getter]
    fn record(&self, py: Python<'_>) -> PyResult<PyObject> {
        Ok(match &self.record {
            Some(Record::Gate(r)) => to_py(py, r)?.unbind(),
            Some(Record::Cqr(r)) => to_py(py, r)?.unbind(),
            None => py.None(),
        })
    }
    /// The money effects to book (a tuple of `Effect`, empty when nothing moves).
    #[getter]
    fn effects<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.effects.iter().map(|e| e.clone_ref(py)))
    }
    /// True when the host must flag the record for review (`action == "flag"`).
    #[getter]
    fn is_flagged(&self) -> bool {
        self.action == settle::Action::Flag.as_str()
    }
    /// The decision as a dict, the shape of the core's decision JSON (the shared vectors').
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("action", self.action)?;
        d.set_item("reason_code", &self.reason_code)?;
        d.set_item("reason", &self.reason)?;
        d.set_item("record", self.record(py)?)?;
        let effects = self
            .effects
            .iter()
            .map(|e| e.get().to_dict(py))
            .collect::<PyResult<Vec<_>>>()?;
        d.set_item("effects", effects)?;
        d.set_item("http_status", self.http_status)?;
        if self.result_code.is_some() {
            d.set_item("result_code", self.result_code)?;
            d.set_item("result_name", &self.result_name)?;
            d.set_item("body", &self.body)?;
        }
        Ok(d)
    }
    fn __repr__(&self) -> String {
        let code = self
            .result_code
            .map(|c| format!(", result_code={c}"))
            .unwrap_or_default();
        format!(
            "Decision(action={:?}, reason_code={:?}, http_status={}{code}, effects={})",
            self.action,
            self.reason_code,
            self.http_status,
            self.effects.len()
        )
    }
}

/// A Mapping (or None) → the JSON document the core parses, as bytes. Anything but a Mapping
/// is a `ValidationError` naming the document (`record`, `order`, `settings`).
fn document(what: &str, obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<u8>>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let py = obj.py();
    if !(obj.is_instance_of::<PyDict>() || is_mapping(obj)?) {
        let found = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "object".into());
        return Err(Error::field(
            what,
            format!("must be a mapping (dict), found {found}"),
        ))
        .py_err(py);
    }
    let value = py_to_json(obj).map_err(|e| e.into_pyerr(py))?;
    serde_json::to_vec(&value)
        .map(Some)
        .map_err(|e| Error::malformed(e.to_string()))
        .py_err(py)
}

fn gate_record(
    py: Python<'_>,
    record: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<sgate::GateRecord>> {
    document("record", record)?
        .map(|d| settle::parse_gate_record(&d))
        .transpose()
        .py_err(py)
}

fn cqr_order(py: Python<'_>, order: Option<&Bound<'_, PyAny>>) -> PyResult<Option<scqr::CqrOrder>> {
    document("order", order)?
        .map(|d| settle::parse_cqr_order(&d))
        .transpose()
        .py_err(py)
}

fn cqr_settings(py: Python<'_>, settings: &Bound<'_, PyAny>) -> PyResult<scqr::CqrSettings> {
    let doc = document("settings", Some(settings))?.unwrap_or_else(|| b"null".to_vec());
    settle::parse_cqr_settings(&doc).py_err(py)
}

fn required_order(py: Python<'_>, order: &Bound<'_, PyAny>) -> PyResult<scqr::CqrOrder> {
    cqr_order(py, Some(order))?
        .ok_or_else(|| Error::field("order", "is required"))
        .py_err(py)
}

/// Verifies and parses a Gate callback body with `signer`, then settles it against `record`
/// (gate.md §4.5).
#[pyfunction]
#[pyo3(signature = (signer, record, body, project_id = None))]
pub fn gate_settle(
    py: Python<'_>,
    signer: &Signer,
    record: Option<&Bound<'_, PyAny>>,
    body: &Bound<'_, PyAny>,
    project_id: Option<i64>,
) -> PyResult<Decision> {
    let record = gate_record(py, record)?;
    let data = crate::convert::body(body)?;
    let cb = run(py, &data, |d| gate::Callback::parse(signer.core(), d)).py_err(py)?;
    Decision::from_core(py, sgate::settle_callback(record.as_ref(), &cb, project_id))
}

/// Parses a status answer (gate.md §6; payment data must be signed) and settles it like a
/// callback.
#[pyfunction]
#[pyo3(signature = (signer, record, body, project_id = None))]
pub fn gate_settle_status(
    py: Python<'_>,
    signer: &Signer,
    record: Option<&Bound<'_, PyAny>>,
    body: &Bound<'_, PyAny>,
    project_id: Option<i64>,
) -> PyResult<Decision> {
    let record = gate_record(py, record)?;
    let data = crate::convert::body(body)?;
    let answer = run(py, &data, |d| gate::parse_status_response(signer.core(), d)).py_err(py)?;
    Decision::from_core(
        py,
        sgate::settle_status(record.as_ref(), &answer, project_id),
    )
}

/// The decision for a delivery the host could not store (retry, HTTP 503).
#[pyfunction]
#[pyo3(signature = (record))]
pub fn gate_storage_failed(
    py: Python<'_>,
    record: Option<&Bound<'_, PyAny>>,
) -> PyResult<Decision> {
    let record = gate_record(py, record)?;
    Decision::from_core(py, sgate::storage_failed(record.as_ref()))
}

/// Parses a notification (and the getPayments answer fetched for its confirmation, when given)
/// and settles it against `order` (cqr.md §5.2 steps 5–10).
#[pyfunction]
#[pyo3(signature = (settings, order, notification, get_payments = None))]
pub fn cqr_settle(
    py: Python<'_>,
    settings: &Bound<'_, PyAny>,
    order: Option<&Bound<'_, PyAny>>,
    notification: &Bound<'_, PyAny>,
    get_payments: Option<&Bound<'_, PyAny>>,
) -> PyResult<Decision> {
    let settings = cqr_settings(py, settings)?;
    let order = cqr_order(py, order)?;
    let data = body(notification)?;
    let n = run(py, &data, cqr::parse_notification).py_err(py)?;
    let confirmation = match get_payments.filter(|g| !g.is_none()) {
        Some(g) => {
            let data = body(g)?;
            Some(run(py, &data, cqr::parse_get_payments_answer).py_err(py)?)
        }
        None => None,
    };
    Decision::from_core(
        py,
        scqr::settle_notification(&settings, order.as_ref(), &n, confirmation.as_ref()),
    )
}

/// Settles a getPayments answer the host fetched for `order` (polling).
#[pyfunction]
#[pyo3(signature = (settings, order, get_payments))]
pub fn cqr_settle_get_payments(
    py: Python<'_>,
    settings: &Bound<'_, PyAny>,
    order: &Bound<'_, PyAny>,
    get_payments: &Bound<'_, PyAny>,
) -> PyResult<Decision> {
    let settings = cqr_settings(py, settings)?;
    let order = required_order(py, order)?;
    let data = body(get_payments)?;
    let answer = run(py, &data, cqr::parse_get_payments_answer).py_err(py)?;
    Decision::from_core(py, scqr::settle_get_payments(&settings, &order, &answer))
}

/// The decision for a notification the host could not store (resultCode 10).
#[pyfunction]
#[pyo3(signature = (settings, order))]
pub fn cqr_storage_failed(
    py: Python<'_>,
    settings: &Bound<'_, PyAny>,
    order: Option<&Bound<'_, PyAny>>,
) -> PyResult<Decision> {
    let settings = cqr_settings(py, settings)?;
    let order = cqr_order(py, order)?;
    Decision::from_core(py, scqr::storage_failed(&settings, order.as_ref()))
}

/// The order bound to a new attempt's paymentID (pending); a paid order raises ValidationError.
#[pyfunction]
#[pyo3(signature = (order, payment_id))]
pub fn cqr_bind_attempt(
    py: Python<'_>,
    order: &Bound<'_, PyAny>,
    payment_id: &str,
) -> PyResult<PyObject> {
    let order = required_order(py, order)?;
    let next = scqr::bind_attempt(&order, payment_id).py_err(py)?;
    Ok(to_py(py, &next)?.unbind())
}
