//! The `limits=` argument of the parsers: one Mapping with any subset of `max_body_bytes`,
//! `max_depth`, `max_items`, `max_string_bytes` (positive ints; the others keep the parser's
//! defaults), the same shape as PHP's `$limits` array and the C ABI's limits JSON. Validated
//! here, once, for every function that takes it.

use crate::errors::to_pyerr;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};
use qiwi_merchant::{Error, LimitOverrides};

/// The accepted keys, in the order the messages list them.
const KEYS: [&str; 4] = [
    "max_body_bytes",
    "max_depth",
    "max_items",
    "max_string_bytes",
];

fn bad(field: String, reason: String) -> Error {
    Error::field(field, reason)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string())
}

/// Reads the `limits=` argument: None → the defaults. Anything but a Mapping, a key other than
/// the four, or a value that is not a positive `int` (bool is refused) is a `ValidationError`
/// naming the offending key (`limits:max_depth`).
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

fn read(obj: &Bound<'_, PyAny>) -> Result<LimitOverrides, Failure> {
    let items: Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)> = if let Ok(d) = obj.downcast::<PyDict>() {
        d.iter().collect()
    } else if crate::convert::is_mapping(obj)? {
        obj.call_method0("items")?
            .try_iter()?
            .map(|item| item.and_then(|i| i.extract()))
            .collect::<PyResult<_>>()?
    } else {
        return Err(Failure::Core(
            Error::validation(format!(
                "limits must be a mapping (dict) of {}, found {}",
                KEYS.join(", "),
                type_name(obj)
            ))
            .with_path("limits"),
        ));
    };
    let mut out = LimitOverrides::default();
    for (k, v) in items {
        let key = match k.downcast::<PyString>() {
            Ok(s) => s.to_cow()?.into_owned(),
            Err(_) => {
                return Err(Failure::Core(bad(
                    "limits".into(),
                    format!("keys must be str, found {}", type_name(&k)),
                )))
            }
        };
        let slot = match key.as_str() {
            "max_body_bytes" => &mut out.max_body_bytes,
            "max_depth" => &mut out.max_depth,
            "max_items" => &mut out.max_items,
            "max_string_bytes" => &mut out.max_string_bytes,
            _ => {
                return Err(Failure::Core(bad(
                    format!("limits:{key}"),
                    format!("unknown limit (expected one of {})", KEYS.join(", ")),
                )))
            }
        };
        let field = format!("limits:{key}");
        if v.is_instance_of::<PyBool>() || !v.is_instance_of::<PyInt>() {
            return Err(Failure::Core(bad(
                field,
                format!("must be a positive int, found {}", type_name(&v)),
            )));
        }
        let n = match v.extract::<i128>() {
            Ok(n) => n,
            Err(_) => {
                return Err(Failure::Core(bad(
                    field,
                    format!("out of range (at most {})", usize::MAX),
                )))
            }
        };
        if n <= 0 {
            return Err(Failure::Core(bad(
                field,
                format!("must be a positive int, found {n}"),
            )));
        }
        *slot = Some(usize::try_from(n).map_err(|_| {
            Failure::Core(bad(field, format!("out of range (at most {})", usize::MAX)))
        })?);
    }
    Ok(out)
}
