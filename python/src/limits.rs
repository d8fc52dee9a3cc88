//! The `limits=` argument of the parsers: one Mapping with any subset of `max_body_bytes`,
//! `max_depth`, `max_items`, `max_string_bytes` (positive ints; the others keep the parser's
//! defaults), the same shape as PHP's `$limits` array and the C ABI's limits JSON. The rule is
//! the core's (`LimitOverrides::set`): this module only says what each Python value is.

use crate::errors::to_pyerr;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};
use qiwi_merchant::{Error, LimitOverrides, LimitValue};

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string())
}

/// Reads the `limits=` argument: None → the defaults. Anything but a Mapping, a key other than
/// the four, or a value that is not a positive `int` (bool is refused) is a `ValidationError`
/// naming the offending key (`limits:max_depth`), as in every binding.
pub fn limits_arg(py: Python<'_>, obj: Option<&Bound<'_, PyAny>>) -> PyResult<LimitOverrides> {
    let obj = match obj {
        None => return Ok(LimitOverrides::default()),
        Some(o) if o.is_none() => return Ok(LimitOverrides::default()),
        Some(o) => o,
    };
    read(obj).map_err(|e| match e {
        Failure::Core(e) => to_pyerr(py, &e),
        Failure::Py(e) => e,
    })
}

enum Failure {
    Core(Error),
    Py(PyErr),
}

impl From<PyErr> for Failure {
    fn from(e: PyErr) -> Self {
        Failure::Py(e)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

fn read(obj: &Bound<'_, PyAny>) -> Result<LimitOverrides, Failure> {
    let items: Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)> = if let Ok(d) = obj.downcast::<PyDict>() {
        d.iter().collect()
    } else if crate::convert::is_mapping(obj)? {
        obj.call_method0("items")?
            .try_iter()?
            .map(|item| item.and_then(|i| i.extract()))
            .collect::<PyResult<_>>()?
    } else {
        return Err(LimitOverrides::not_an_object(&type_name(obj)).into());
    };
    let mut out = LimitOverrides::default();
    for (k, v) in items {
        let key = match k.downcast::<PyString>() {
            Ok(s) => s.to_cow()?.into_owned(),
            // A JSON or PHP key is always text; a Python key that is not has no limit's name.
            Err(_) => {
                return Err(Error::field(
                    "limits",
                    format!("keys must be str, found {}", type_name(&k)),
                )
                .into())
            }
        };
        let found = type_name(&v);
        let value = if v.is_instance_of::<PyBool>() || !v.is_instance_of::<PyInt>() {
            LimitValue::Other(&found)
        } else {
            v.extract::<i128>()
                .map_or(LimitValue::IntegerOutOfRange, LimitValue::Integer)
        };
        out.set(&key, value)?;
    }
    Ok(out)
}
