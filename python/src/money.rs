//! `qiwi_merchant.money`: amounts between major-unit text and integer minor units by the core's
//! ISO 4217 table (`qiwi_merchant::money`): exact both ways, never a float, never rounded, with
//! each currency's own exponent (2 for KZT, 0 for JPY, 3 for KWD).

use crate::errors::IntoPy;
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyBool, PyInt, PyString};
use qiwi_merchant::{Amount, Currency, Error};

static DECIMAL: GILOnceCell<PyObject> = GILOnceCell::new();

/// The text of a major-unit amount: a `str` as it is, a `Decimal` in positional notation, an
/// `int` in decimal. A float (inexact) or anything else is a `ValidationError` naming `amount`.
fn major_text(amount: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = amount.py();
    if let Ok(s) = amount.downcast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if amount.is_instance_of::<PyInt>() && !amount.is_instance_of::<PyBool>() {
        return Ok(amount.str()?.to_cow()?.into_owned());
    }
    let decimal = DECIMAL.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("decimal")?.getattr("Decimal")?.unbind())
    })?;
    if amount.is_instance(decimal.bind(py))? {
        // positional ("1E+2" → "100"): the core reads plain decimal text
        return py
            .import("builtins")?
            .getattr("format")?
            .call1((amount, "f"))?
            .extract();
    }
    let found = amount
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into());
    Err(Error::field(
        "amount",
        format!("must be str, int or Decimal (exact), found {found}"),
    ))
    .py_err(py)
}

/// Integer minor units of a major-unit amount (`"21.50"`, `Decimal("21.5")`, `21`) in
/// `currency` (`2150` for USD, `22` for JPY `"22"`, `21500` for KWD `"21.5"`). More fraction
/// digits than the currency has is a `ValidationError` (never rounded); an unknown currency a
/// `ValidationError`, a currency without a minor unit (XAU...) an `UnsupportedError`.
#[pyfunction]
pub fn money_to_minor(py: Python<'_>, amount: &Bound<'_, PyAny>, currency: &str) -> PyResult<i64> {
    let text = major_text(amount)?;
    let currency = Currency::for_amounts(currency).py_err(py)?;
    Amount::from_major_str(&text, currency)
        .map(|a| a.minor())
        .py_err(py)
}

/// The major-unit text of `minor` units of `currency`, with exactly the currency's fraction
/// digits (`2150` USD → `"21.50"`, `22` JPY → `"22"`, `21500` KWD → `"21.500"`).
#[pyfunction]
pub fn money_to_major(py: Python<'_>, minor: i64, currency: &str) -> PyResult<String> {
    let currency = Currency::for_amounts(currency).py_err(py)?;
    Amount::from_minor(minor, currency)
        .map(|a| a.to_major_string())
        .py_err(py)
}

/// The number of fraction digits of `currency` (2 for KZT and USD, 0 for JPY, 3 for KWD).
#[pyfunction]
pub fn money_exponent(py: Python<'_>, currency: &str) -> PyResult<u8> {
    let currency = Currency::for_amounts(currency).py_err(py)?;
    Ok(currency.exponent().unwrap_or(0))
}
