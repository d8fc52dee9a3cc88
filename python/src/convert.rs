//! Conversions between Python objects and the core's data: params (Mapping) → the core's JSON
//! `Value` tree, request bodies (bytes | str) → bytes, and the core's JSON tree → Python objects.

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

pub fn is_mapping(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
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
        return Ok(Value::Number(Cow::Owned(int_text(obj)?)));
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

/// An exact Python `int` from JSON integer text (`-?digits`, any length), never through
/// `int(str)`: CPython refuses decimal texts over `sys.get_int_max_str_digits()` (4300 by
/// default) and converts them in quadratic time. Up to 18 digits go straight to a machine
/// integer; longer texts are split in halves, `hi * 10**k + lo`, with Python's own
/// (Karatsuba) multiplication and one cached `10**k` per split size, so a 64 KiB number (the
/// default string limit) costs a few thousand small operations.
pub fn int_from_text<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "not a JSON integer",
        ));
    }
    let mut powers = Vec::new();
    let v = digits_to_int(py, digits.as_bytes(), &mut powers)?;
    if negative {
        v.neg()
    } else {
        Ok(v)
    }
}

/// Digits per machine-integer leaf (10**18 < 2**63).
const LEAF_DIGITS: usize = 18;

type Powers<'py> = Vec<(usize, Bound<'py, PyAny>)>;

fn digits_to_int<'py>(
    py: Python<'py>,
    digits: &[u8],
    powers: &mut Powers<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    if digits.len() <= LEAF_DIGITS {
        let n = digits
            .iter()
            .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
        return Ok(n.into_pyobject(py)?.into_any());
    }
    let k = digits.len() / 2;
    let (hi, lo) = digits.split_at(digits.len() - k);
    let hi = digits_to_int(py, hi, powers)?;
    let lo = digits_to_int(py, lo, powers)?;
    hi.mul(pow10(py, k, powers)?)?.add(lo)
}

/// The decimal digits of a Python `int` (any size), never through `int.__repr__`, which
/// refuses values over `sys.get_int_max_str_digits()` digits: halves by `divmod(n, 10**k)`
/// down to machine integers.
pub fn int_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(i) = obj.extract::<i64>() {
        return Ok(i.to_string());
    }
    let negative = obj.lt(0)?;
    let abs = if negative { obj.neg()? } else { obj.clone() };
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    let mut powers = Vec::new();
    write_digits(&abs, None, &mut out, &mut powers)?;
    Ok(out)
}

/// Writes `n` (>= 0) in decimal, left-padded with zeros to `width` digits when given (the
/// lower half of a split; `n < 10**width` then).
fn write_digits<'py>(
    n: &Bound<'py, PyAny>,
    width: Option<usize>,
    out: &mut String,
    powers: &mut Powers<'py>,
) -> PyResult<()> {
    use std::fmt::Write;
    if let Ok(v) = n.extract::<u64>() {
        let _ = match width {
            Some(w) => write!(out, "{v:0w$}"),
            None => write!(out, "{v}"),
        };
        return Ok(());
    }
    // n >= 2**64: at least 20 digits; log10(2) < 0.30103 keeps the estimate from above.
    let bits: u64 = n.call_method0("bit_length")?.extract()?;
    let digits = usize::try_from(bits.saturating_mul(30103) / 100_000 + 1).unwrap_or(usize::MAX);
    let k = digits / 2;
    let (q, r): (Bound<'py, PyAny>, Bound<'py, PyAny>) =
        n.divmod(pow10(n.py(), k, powers)?)?.extract()?;
    write_digits(&q, width.map(|w| w - k), out, powers)?;
    write_digits(&r, Some(k), out, powers)
}

/// `10**k` as a Python int, cached per `k` for one conversion.
fn pow10<'py>(py: Python<'py>, k: usize, powers: &mut Powers<'py>) -> PyResult<Bound<'py, PyAny>> {
    if let Some((_, p)) = powers.iter().find(|(n, _)| *n == k) {
        return Ok(p.clone());
    }
    // At most two sizes per level of halving: the list stays ~2·log2(digits) long.
    let p = 10u64.into_pyobject(py)?.pow(k, py.None())?;
    powers.push((k, p.clone()));
    Ok(p)
}

/// A number token's exact text → Python: integers exact (`int`), anything else `float`.
pub fn number_to_py<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    if qiwi_merchant::gate::is_integer_text(text) {
        if let Ok(i) = text.parse::<i64>() {
            return Ok(i.into_pyobject(py)?.into_any());
        }
        return int_from_text(py, text);
    }
    py.get_type::<PyFloat>().call1((text,))
}

/// The core's JSON tree → Python (dict keeps order; like `json.loads`, but with exact integers
/// of any length; other numbers `float`).
pub fn value_to_py(py: Python<'_>, v: &Value<'_>) -> PyResult<PyObject> {
    Ok(match v {
        Value::Null => py.None(),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any().unbind(),
        Value::Number(t) => number_to_py(py, t)?.unbind(),
        Value::String(s) => PyString::new(py, s).into_any().unbind(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(value_to_py(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Value::Object(members) => {
            let d = PyDict::new(py);
            for (k, item) in members {
                d.set_item(k.as_ref(), value_to_py(py, item)?)?;
            }
            d.into_any().unbind()
        }
    })
}

/// Limits for re-reading a body the core has already accepted (under the caller's limits).
const VALIDATED: qiwi_merchant::gate::JsonLimits = qiwi_merchant::gate::JsonLimits {
    max_body_bytes: usize::MAX,
    max_depth: usize::MAX,
    max_items: usize::MAX,
    max_string_bytes: usize::MAX,
};

/// A JSON body the core already validated → Python (the `raw` of results), in place of
/// `json.loads`, whose `int` conversion fails on integers over 4300 digits.
pub fn validated_json_to_py(py: Python<'_>, text: &str) -> PyResult<PyObject> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let tree = qiwi_merchant::gate::parse_json(text.as_bytes(), &VALIDATED)
        .map_err(|e| crate::errors::to_pyerr(py, &e))?;
    value_to_py(py, &tree)
}

/// A Python value → serde JSON (through the core tree, so the same rules apply).
pub fn py_to_json(obj: &Bound<'_, PyAny>) -> Result<serde_json::Value, ConvError> {
    Ok(tree_to_serde(&to_value(obj, &Path::ROOT, 0)?))
}

/// The core's tree as a `serde_json::Value` (numbers keep their exact text), for the serde
/// inputs of the core (payout customer, settlement documents).
fn tree_to_serde(v: &Value<'_>) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(t) => match t.parse::<serde_json::Number>() {
            Ok(n) => serde_json::Value::Number(n),
            Err(_) => serde_json::Value::String(t.to_string()),
        },
        Value::String(s) => serde_json::Value::String(s.to_string()),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(tree_to_serde).collect()),
        Value::Object(members) => serde_json::Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.to_string(), tree_to_serde(v)))
                .collect(),
        ),
    }
}
