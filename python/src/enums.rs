//! Members of the Python enums of `qiwi_merchant._enums`, looked up by the core's wire names.
//!
//! The enum classes are Python's (`str` enums users compare and match on); their values are the
//! core's wire names. A member is found by calling the class with the core's name once per
//! process and kept: a core name the Python enum lacks fails loudly (`ValueError`) the first
//! time it is read, so the two cannot drift silently.

use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::PyDict;

static ENUMS: GILOnceCell<Py<PyModule>> = GILOnceCell::new();

fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    ENUMS
        .get_or_try_init(py, || py.import("qiwi_merchant._enums").map(Bound::unbind))?
        .bind(py)
        .getattr(name)
}

/// A member by its value, for enums whose values are not a fixed core table (`PaymentStatus`
/// keeps unknown texts as pseudo-members).
pub fn member(py: Python<'_>, class_name: &str, value: &str) -> PyResult<PyObject> {
    let cls = class(py, class_name)?;
    let map = cls.getattr("_value2member_map_")?;
    if let Ok(map) = map.downcast::<PyDict>() {
        if let Some(m) = map.get_item(value)? {
            return Ok(m.unbind());
        }
    }
    Ok(cls.call1((value,))?.unbind())
}

/// The members of one Python enum for every value of a core wire enum, in the core's `ALL`
/// order, built on first use.
pub struct Members<T: 'static> {
    class: &'static str,
    all: &'static [T],
    name: fn(T) -> &'static str,
    members: GILOnceCell<Vec<PyObject>>,
}

impl<T: Copy + PartialEq + 'static> Members<T> {
    pub const fn new(class: &'static str, all: &'static [T], name: fn(T) -> &'static str) -> Self {
        Members {
            class,
            all,
            name,
            members: GILOnceCell::new(),
        }
    }

    /// The Python member for `value`.
    pub fn get(&self, py: Python<'_>, value: T) -> PyResult<PyObject> {
        let members = self.members.get_or_try_init(py, || {
            let cls = class(py, self.class)?;
            self.all
                .iter()
                .map(|v| cls.call1(((self.name)(*v),)).map(Bound::unbind))
                .collect::<PyResult<Vec<_>>>()
        })?;
        match self.all.iter().position(|v| *v == value) {
            Some(i) => Ok(members[i].clone_ref(py)),
            // `ALL` lists every value; a value outside it would be a core bug.
            None => Err(pyo3::exceptions::PyRuntimeError::new_err(format!(
                "{}: a value outside the core's table",
                self.class
            ))),
        }
    }
}

use qiwi_merchant::cqr::{Confirmation as CqrConfirmation, Outcome as CqrOutcome};
use qiwi_merchant::gate::Outcome as GateOutcome;

/// `qiwi_merchant.gate.Outcome`.
pub static GATE_OUTCOME: Members<GateOutcome> =
    Members::new("Outcome", GateOutcome::ALL, GateOutcome::as_str);
/// `qiwi_merchant.cqr.Outcome`.
pub static CQR_OUTCOME: Members<CqrOutcome> =
    Members::new("CqrOutcome", CqrOutcome::ALL, CqrOutcome::as_str);
/// `qiwi_merchant.cqr.Confirmation`.
pub static CONFIRMATION: Members<CqrConfirmation> = Members::new(
    "Confirmation",
    CqrConfirmation::ALL,
    CqrConfirmation::as_str,
);
