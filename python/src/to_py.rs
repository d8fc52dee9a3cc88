//! A serde `Serializer` that builds Python objects directly from the core's typed values
//! (used for the CQR shapes). It maps exactly as `pythonize` did: structs and maps become
//! dicts, sequences lists, tuples tuples, `None`/unit `None`, unit variants their name,
//! newtype and struct variants `{variant: value}`, bytes `bytes`, numbers `int`/`float`.
//!
//! Why not `pythonize`: it creates a fresh `str` for every dict key, which was about a fifth
//! of `cqr.parse`. Struct field and variant names are `&'static str`, so here they become
//! interned Python strings once per thread, cached by the address and length of the static
//! string (a static string never moves or is freed, so the key cannot be reused).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use pyo3::IntoPyObjectExt;
use serde::ser::{self, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// Converts `value` to Python objects.
pub fn to_py<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T) -> Result<Bound<'py, PyAny>> {
    value.serialize(ToPy { py })
}

/// A conversion failure (a Python error, or a value the serializer does not support).
#[derive(Debug)]
pub struct ToPyError(PyErr);

impl fmt::Display for ToPyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for ToPyError {}

impl ser::Error for ToPyError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ToPyError(PyValueError::new_err(msg.to_string()))
    }
}

impl From<PyErr> for ToPyError {
    fn from(e: PyErr) -> Self {
        ToPyError(e)
    }
}

impl From<ToPyError> for PyErr {
    fn from(e: ToPyError) -> Self {
        e.0
    }
}

type Result<T> = std::result::Result<T, ToPyError>;

/// Hashes the (address, length) keys of the name cache with one multiply per word; the
/// keys are not attacker-controlled.
#[derive(Default)]
struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type NameCache = HashMap<(usize, usize), Py<PyString>, BuildHasherDefault<AddrHasher>>;

thread_local! {
    static NAMES: RefCell<NameCache> = RefCell::default();
}

/// The interned Python string of a static name (struct field, variant), created once.
fn name<'py>(py: Python<'py>, s: &'static str) -> Bound<'py, PyString> {
    let key = (s.as_ptr() as usize, s.len());
    NAMES.with(|names| {
        names
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| PyString::intern(py, s).unbind())
            .bind(py)
            .clone()
    })
}

struct ToPy<'py> {
    py: Python<'py>,
}

/// Sequences and tuples: the elements, made a list or a tuple at the end.
pub struct Seq<'py> {
    py: Python<'py>,
    items: Vec<Bound<'py, PyAny>>,
}

/// Structs and maps: a dict filled in place.
pub struct Dict<'py> {
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

/// Tuple and struct variants: the inner value, wrapped in `{variant: value}` at the end.
pub struct Variant<I> {
    variant: &'static str,
    inner: I,
}

fn wrap<'py>(
    py: Python<'py>,
    variant: &'static str,
    value: Bound<'py, PyAny>,
) -> Result<Bound<'py, PyAny>> {
    let d = PyDict::new(py);
    d.set_item(name(py, variant), value)?;
    Ok(d.into_any())
}

/// Booleans and numbers, through PyO3's own conversions (as `pythonize` does).
fn prim<'py, T: IntoPyObject<'py>>(py: Python<'py>, v: T) -> Result<Bound<'py, PyAny>>
where
    T::Error: Into<PyErr>,
{
    Ok(v.into_bound_py_any(py)?)
}

impl<'py> ser::Serializer for ToPy<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    type SerializeSeq = Seq<'py>;
    type SerializeTuple = Seq<'py>;
    type SerializeTupleStruct = Seq<'py>;
    type SerializeTupleVariant = Variant<Seq<'py>>;
    type SerializeMap = Dict<'py>;
    type SerializeStruct = Dict<'py>;
    type SerializeStructVariant = Variant<Dict<'py>>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok> {
        prim(self.py, v)
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok> {
        prim(self.py, v)
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok> {
        prim(self.py, v)
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok> {
        prim(self.py, v)
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok> {
        prim(self.py, v)
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok> {
        prim(self.py, v)
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok> {
        prim(self.py, v)
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok> {
        prim(self.py, v)
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok> {
        prim(self.py, v)
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok> {
        prim(self.py, v)
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok> {
        prim(self.py, v)
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok> {
        Ok(PyString::new(self.py, v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok> {
        Ok(PyBytes::new(self.py, v).into_any())
    }
    fn serialize_none(self) -> Result<Self::Ok> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok> {
        Ok(name(self.py, variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        let py = self.py;
        wrap(py, variant, value.serialize(self)?)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'py>> {
        Ok(Seq {
            py: self.py,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'py>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Seq<'py>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<Seq<'py>>> {
        Ok(Variant {
            variant,
            inner: self.serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Dict<'py>> {
        Ok(Dict {
            dict: PyDict::new(self.py),
            key: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Dict<'py>> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<Dict<'py>>> {
        Ok(Variant {
            variant,
            inner: self.serialize_map(Some(len))?,
        })
    }
}

impl<'py> Seq<'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.items.push(to_py(self.py, value)?);
        Ok(())
    }
    fn tuple(self) -> Result<Bound<'py, PyAny>> {
        Ok(PyTuple::new(self.py, self.items)?.into_any())
    }
}

impl<'py> ser::SerializeSeq for Seq<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(PyList::new(self.py, self.items)?.into_any())
    }
}

impl<'py> ser::SerializeTuple for Seq<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.tuple()
    }
}

impl<'py> ser::SerializeTupleStruct for Seq<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.tuple()
    }
}

impl<'py> ser::SerializeTupleVariant for Variant<Seq<'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.inner.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        let py = self.inner.py;
        wrap(py, self.variant, self.inner.tuple()?)
    }
}

impl<'py> Dict<'py> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        let py = self.dict.py();
        self.dict.set_item(name(py, key), to_py(py, value)?)?;
        Ok(())
    }
}

impl<'py> ser::SerializeMap for Dict<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.key = Some(to_py(self.dict.py(), key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let key = self
            .key
            .take()
            .ok_or_else(|| PyValueError::new_err("map value without a key"))?;
        self.dict.set_item(key, to_py(self.dict.py(), value)?)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeStruct for Dict<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeStructVariant for Variant<Dict<'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPyError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.inner.field(key, value)
    }
    fn end(self) -> Result<Self::Ok> {
        let py = self.inner.dict.py();
        wrap(py, self.variant, self.inner.dict.into_any())
    }
}
