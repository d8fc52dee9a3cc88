//! C export for documents a host builds from its own data (`qm_document_refuse_floats`).

use super::{bytes, call, qm_result};
use crate::document::{refuse_floats, HostDocument};
use crate::error::Error;

/// What a host document is, for `qm_document_refuse_floats`: it decides the error's reason and,
/// for a payout input, how paths are named. (Passed as a `uint32_t`.)
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum qm_document {
    /// Parameters to sign, stamp or verify, and request inputs (a CQR initiate input).
    QM_DOCUMENT_PARAMETERS = 0,
    /// A `qm_gate_payout_request` input: members of `extra` are named by their path in the
    /// signed body (`payment:fee`).
    QM_DOCUMENT_PAYOUT = 1,
    /// A Gate settlement record.
    QM_DOCUMENT_RECORD = 2,
    /// A CQR settlement order.
    QM_DOCUMENT_ORDER = 3,
    /// CQR settlement settings.
    QM_DOCUMENT_SETTINGS = 4,
}

impl qm_document {
    fn from_u32(v: u32) -> Option<HostDocument> {
        // The variants give the numbers (C passes them as a `uint32_t`; Rust never builds one).
        const PARAMETERS: u32 = qm_document::QM_DOCUMENT_PARAMETERS as u32;
        const PAYOUT: u32 = qm_document::QM_DOCUMENT_PAYOUT as u32;
        const RECORD: u32 = qm_document::QM_DOCUMENT_RECORD as u32;
        const ORDER: u32 = qm_document::QM_DOCUMENT_ORDER as u32;
        const SETTINGS: u32 = qm_document::QM_DOCUMENT_SETTINGS as u32;
        Some(match v {
            PARAMETERS => HostDocument::Parameters,
            PAYOUT => HostDocument::Payout,
            RECORD => HostDocument::Record,
            ORDER => HostDocument::Order,
            SETTINGS => HostDocument::Settings,
            _ => return None,
        })
    }
}

/// Refuses a JSON document a host built from its own data (a PHP array, a C struct) when it
/// holds a non-integer number anywhere: money is integer minor units, and a float has lost the
/// exact text a platform would sign, so it is refused, never rounded. Bindings call this before
/// handing such a document to another function; functions that read received messages accept
/// any number.
///
/// `document` is a `qm_document` value. `QM_OK`: no such number. `QM_VALIDATION`: the first one
/// in document order; the last error's path (and its one field) is the number's path, written
/// as signing writes paths (members joined with `:`, a `:` inside a name written `::`, array
/// elements by index), and its message gives the document's reason; also for a `document` value
/// that is not a `qm_document` (path `document`). `QM_MALFORMED_INPUT`: not JSON.
/// `QM_LIMIT_EXCEEDED`: nested deeper than 256. Thread-safe.
///
/// # Safety
/// `json` points to `len` readable bytes (or is NULL with 0).
#[no_mangle]
pub unsafe extern "C" fn qm_document_refuse_floats(
    json: *const u8,
    len: usize,
    document: u32,
) -> qm_result {
    call("qm_document_refuse_floats", || {
        let kind = qm_document::from_u32(document).ok_or_else(|| {
            Error::field("document", format!("{document} is not a qm_document value"))
        })?;
        // SAFETY: caller guarantee.
        let doc = unsafe { bytes(json, len, "json") }?;
        Ok(refuse_floats(doc, kind)?)
    })
}
