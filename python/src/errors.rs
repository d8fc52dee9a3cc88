//! The one place where core errors become Python exceptions, chosen by the stable code.

use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyDict, PyTuple};
use qiwi_merchant::{Error, ErrorKind};

static EXCEPTIONS: GILOnceCell<Py<PyModule>> = GILOnceCell::new();

/// The exception class name (in `qiwi_merchant.exceptions`) for a core error kind.
pub fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::MalformedInput => "MalformedInputError",
        ErrorKind::Validation => "ValidationError",
        ErrorKind::SignatureMismatch | ErrorKind::MissingSignature => "SignatureError",
        ErrorKind::LimitExceeded => "LimitExceededError",
        ErrorKind::Unsupported => "UnsupportedError",
        ErrorKind::Protocol => "ProtocolError",
        ErrorKind::Unauthorized => "UnauthorizedError",
    }
}

/// `[(code, kind, class name), ...]` for every core error kind in code order: the map above as
/// data, so that a test fails when it drifts from `ErrorKind` (tests/python/test_error_vectors.py
/// against tests/vectors/errors/kinds.json).
#[pyfunction]
pub fn error_kinds() -> Vec<(u32, &'static str, &'static str)> {
    ErrorKind::ALL
        .iter()
        .map(|k| (k.code(), k.name(), class_name(*k)))
        .collect()
}

fn exceptions(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    Ok(EXCEPTIONS
        .get_or_try_init(py, || {
            py.import("qiwi_merchant.exceptions").map(Bound::unbind)
        })?
        .bind(py))
}

/// The exception instance for a core error (same message text as the core).
pub fn exception<'py>(py: Python<'py>, e: &Error) -> PyResult<Bound<'py, PyAny>> {
    let cls = exceptions(py)?.getattr(class_name(e.kind()))?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("code", e.code())?;
    kwargs.set_item("kind", e.kind().name())?;
    kwargs.set_item("path", e.path())?;
    kwargs.set_item("limit", e.limit_hit().map(|l| l.name()))?;
    let fields = e
        .field_errors()
        .iter()
        .map(|f| PyTuple::new(py, [f.field.as_str(), f.reason.as_str()]))
        .collect::<PyResult<Vec<_>>>()?;
    kwargs.set_item("fields", PyTuple::new(py, fields)?)?;
    cls.call((e.message(),), Some(&kwargs))
}

/// Converts a core error into a `PyErr` of the matching `QiwiMerchantError` subclass.
pub fn to_pyerr(py: Python<'_>, e: &Error) -> PyErr {
    match exception(py, e) {
        Ok(exc) => PyErr::from_value(exc),
        Err(err) => err,
    }
}

/// `Result<T, Error>` → `PyResult<T>`.
pub trait IntoPy<T> {
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, Error> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_pyerr(py, &e))
    }
}
