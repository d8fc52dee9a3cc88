//! Conversions between Python objects and the core's data: params (Mapping) → the core's JSON
//! `Value` tree, request bodies (bytes | str) → bytes, and serde JSON → Python objects.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
};
use qiwi_merchant::gate::Value;
use qiwi_merchant::{Error, Limit};
use std::borrow::Cow;

extern "C" {
    // Part of CPython's C API since 3.3 (stable ABI since 3.10); exported by every CPython
    // this package supports (>= 3.9), so it is declared here rather than taken from pyo3's
    // abi3-py39 bindings, which only offer a copying UTF-8 conversion.
    fn PyUnicode_AsUTF8AndSize(
        unicode: *mut pyo3::ffi::PyObject,
        size: *mut pyo3::ffi::Py_ssize_t,
    ) -> *const std::os::raw::c_char;
}

/// The UTF-8 text of a Python `str` without an intermediate `bytes` object (CPython caches
/// the UTF-8 form in the string; for ASCII strings it is the string's own buffer).
pub fn str_of<'a>(s: &'a Bound<'_, PyString>) -> PyResult<&'a str> {
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    // SAFETY: `s` is a live `str` (checked by its type) and we hold the GIL; the returned
    // buffer belongs to the string object, which outlives the borrow `'a` of `s`.
    let data = unsafe { PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut size) };
    if data.is_null() {
        return Err(PyErr::fetch(s.py()));
    }
    // SAFETY: CPython returns `size` bytes of valid UTF-8 (lone surrogates make it fail above).
    let bytes = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), size as usize) };
    // SAFETY: CPython guarantees valid UTF-8 here.
    Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// Deepest nesting accepted in Python params (same as the core's default JSON depth).
const MAX_DEPTH: usize = 64;

static MAPPING_ABC: GILOnceCell<Py<PyAny>> = GILOnceCell::new();

fn is_mapping(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let py = obj.py();
    let abc = MAPPING_ABC.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("collections.abc")?.getattr("Mapping")?.unbind())
    })?;
    obj.is_instance(abc.bind(py))
}

/// Where a value sits (`a:b:0`), rendered only when an error needs it.
#[derive(Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    key: Option<&'a str>,
    index: usize,
}

impl<'a> Path<'a> {
    pub const ROOT: Path<'static> = Path {
        parent: None,
        key: None,
        index: 0,
    };

    fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            key: Some(key),
            index: 0,
        }
    }

    fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            key: None,
            index,
        }
    }

    fn render(&self) -> String {
        let mut parts = Vec::new();
        let mut cur = Some(self);
        while let Some(p) = cur {
            if p.parent.is_some() {
                parts.push(match p.key {
                    Some(k) => k.to_string(),
                    None => p.index.to_string(),
                });
            }
            cur = p.parent;
        }
        parts.reverse();
        if parts.is_empty() {
            "(root)".to_string()
        } else {
            parts.join(":")
        }
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string())
}

/// A conversion failure: a core error (reported like the core's own) or a Python exception
/// raised while reading the object (e.g. by a custom Mapping).
pub enum ConvError {
    Core(Error),
    Py(PyErr),
}

impl From<PyErr> for ConvError {
    fn from(e: PyErr) -> Self {
        ConvError::Py(e)
    }
}

impl ConvError {
    pub fn into_pyerr(self, py: Python<'_>) -> PyErr {
        match self {
            ConvError::Core(e) => crate::errors::to_pyerr(py, &e),
            ConvError::Py(e) => e,
        }
    }
}

/// Python params (a Mapping at the top) → the core's JSON tree. dict/Mapping, list/tuple,
/// str, int (any size, exact digits), bool, None. Floats are passed on with their `repr` text
/// (the core refuses them when signing, naming the path). Anything else is a `ValidationError`
/// naming the path (`a:b:0`).
pub fn params_to_value(obj: &Bound<'_, PyAny>) -> Result<Value<'static>, ConvError> {
    if !(obj.is_instance_of::<PyDict>() || is_mapping(obj)?) {
        return Err(ConvError::Core(Error::validation(format!(
            "signed parameters must be a mapping (dict), found {}",
            type_name(obj)
        ))));
    }
    to_value(obj, &Path::ROOT, 0)
}

/// Any supported Python value → the core's JSON tree.
pub fn to_value(
    obj: &Bound<'_, PyAny>,
    path: &Path<'_>,
    depth: usize,
) -> Result<Value<'static>, ConvError> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = obj.downcast::<PyString>() {
        return Ok(Value::String(Cow::Owned(str_of(s)?.to_owned())));
    }
    // bool before int: bool is an int subclass.
    if let Ok(b) = obj.downcast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::Number(Cow::Owned(i.to_string())));
        }
        let py = obj.py();
        let text = py.get_type::<PyInt>().getattr("__repr__")?.call1((obj,))?;
        return Ok(Value::Number(Cow::Owned(text.extract::<String>()?)));
    }
    if obj.is_instance_of::<PyFloat>() {
        let f: f64 = obj.extract()?;
        if !f.is_finite() {
            return Err(ConvError::Core(Error::field(
                path.render(),
                "a non-finite float is not a JSON value",
            )));
        }
        let py = obj.py();
        let text = py
            .get_type::<PyFloat>()
            .getattr("__repr__")?
            .call1((obj,))?;
        return Ok(Value::Number(Cow::Owned(text.extract::<String>()?)));
    }
    let is_dict = obj.is_instance_of::<PyDict>();
    let is_list = obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>();
    if (is_dict || is_list || is_mapping(obj)?) && depth >= MAX_DEPTH {
        return Err(ConvError::Core(
            Error::limit(
                Limit::Depth,
                format!("nesting deeper than {MAX_DEPTH} levels"),
            )
            .with_path(path.render()),
        ));
    }
    if let Ok(d) = obj.downcast::<PyDict>() {
        let mut members = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = key_text(&k, path)?;
            let value = to_value(&v, &path.key(&key), depth + 1)?;
            members.push((Cow::Owned(key), value));
        }
        return Ok(Value::Object(members));
    }
    if is_list {
        let mut items = Vec::new();
        for (i, v) in obj.try_iter()?.enumerate() {
            items.push(to_value(&v?, &path.index(i), depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    if is_mapping(obj)? {
        let mut members = Vec::new();
        for item in obj.call_method0("items")?.try_iter()? {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
            let key = key_text(&k, path)?;
            let value = to_value(&v, &path.key(&key), depth + 1)?;
            members.push((Cow::Owned(key), value));
        }
        return Ok(Value::Object(members));
    }
    Err(ConvError::Core(Error::field(
        path.render(),
        format!(
            "{} is not a JSON value (use str, int, bool, None, dict or list; send decimals as strings)",
            type_name(obj)
        ),
    )))
}

fn key_text(k: &Bound<'_, PyAny>, path: &Path<'_>) -> Result<String, ConvError> {
    match k.downcast::<PyString>() {
        Ok(s) => Ok(str_of(s)?.to_owned()),
        Err(_) => Err(ConvError::Core(Error::field(
            path.render(),
            format!("keys must be str, found {}", type_name(k)),
        ))),
    }
}

/// A request body: `bytes` (borrowed, no copy), `bytearray`/`memoryview` (copied) or `str`
/// (its UTF-8 encoding).
pub fn body<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(b) = obj.downcast::<PyBytes>() {
        return Ok(Cow::Borrowed(b.as_bytes()));
    }
    if let Ok(s) = obj.downcast::<PyString>() {
        return Ok(Cow::Borrowed(str_of(s)?.as_bytes()));
    }
    if let Ok(b) = obj.downcast::<PyByteArray>() {
        return Ok(Cow::Owned(b.to_vec()));
    }
    if let Ok(v) = obj.extract::<Vec<u8>>() {
        if !obj.is_instance_of::<PyList>() && !obj.is_instance_of::<PyTuple>() {
            return Ok(Cow::Owned(v));
        }
    }
    Err(PyTypeError::new_err(format!(
        "expected bytes or str, found {}",
        type_name(obj)
    )))
}

/// Inputs at least this large are processed with the GIL released.
pub const RELEASE_GIL_AT: usize = 2048;

/// Runs `f` on `data`, releasing the GIL when the input is large.
pub fn run<R: Send>(py: Python<'_>, data: &[u8], f: impl FnOnce(&[u8]) -> R + Send) -> R {
    if data.len() >= RELEASE_GIL_AT {
        py.allow_threads(|| f(data))
    } else {
        f(data)
    }
}

/// A serde JSON value → Python (dict keeps order; integers exact; other numbers float).
pub fn json_to_py(py: Python<'_>, v: &serde_json::Value) -> PyResult<PyObject> {
    Ok(match v {
        serde_json::Value::Null => py.None(),
        serde_json::Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any().unbind(),
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any().unbind()
            } else {
                let text = n.to_string();
                if qiwi_merchant::gate::json::is_integer_text(&text) {
                    py.get_type::<PyInt>().call1((text,))?.unbind()
                } else {
                    py.get_type::<PyFloat>().call1((text,))?.unbind()
                }
            }
        }
        serde_json::Value::String(s) => PyString::new(py, s).into_any().unbind(),
        serde_json::Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any().unbind()
        }
        serde_json::Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, item) in m {
                d.set_item(k, json_to_py(py, item)?)?;
            }
            d.into_any().unbind()
        }
    })
}

/// A Python value → serde JSON (through the core tree, so the same rules apply).
pub fn py_to_json(obj: &Bound<'_, PyAny>) -> Result<serde_json::Value, ConvError> {
    Ok(to_value(obj, &Path::ROOT, 0)?.to_serde())
}
