//! Argument helpers shared by every export: (pointer, length) input views, UTF-8 text, output
//! pointers, JSON input documents and outputs, static C strings.

use super::error::{Failure, Outcome};
use crate::error::Error;
use std::os::raw::c_char;

/// A (pointer, length) input view. NULL with 0 is empty; NULL with more is an error.
///
/// # Safety
/// When `ptr` is not NULL it must point to `len` readable bytes that stay valid and unchanged
/// for `'a`.
pub(crate) unsafe fn bytes<'a>(
    ptr: *const u8,
    len: usize,
    name: &'static str,
) -> Outcome<&'a [u8]> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::Null(name))
        };
    }
    if len > isize::MAX as usize {
        return Err(Error::validation(format!("{name}: length is too large"))
            .with_path(name)
            .into());
    }
    // SAFETY: the caller guarantees `len` readable bytes at `ptr` (checked non-NULL above).
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// An optional input view: NULL (with length 0) is absent.
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn opt_bytes<'a>(
    ptr: *const u8,
    len: usize,
    name: &'static str,
) -> Outcome<Option<&'a [u8]>> {
    if ptr.is_null() && len == 0 {
        return Ok(None);
    }
    // SAFETY: forwarded caller guarantee.
    unsafe { bytes(ptr, len, name) }.map(Some)
}

/// A UTF-8 text input.
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn text<'a>(ptr: *const u8, len: usize, name: &'static str) -> Outcome<&'a str> {
    // SAFETY: forwarded caller guarantee.
    let b = unsafe { bytes(ptr, len, name) }?;
    utf8(b, name)
}

/// An optional UTF-8 text input (NULL = absent).
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn opt_text<'a>(
    ptr: *const u8,
    len: usize,
    name: &'static str,
) -> Outcome<Option<&'a str>> {
    // SAFETY: forwarded caller guarantee.
    match unsafe { opt_bytes(ptr, len, name) }? {
        None => Ok(None),
        Some(b) => utf8(b, name).map(Some),
    }
}

pub(crate) fn utf8<'a>(b: &'a [u8], name: &'static str) -> Outcome<&'a str> {
    std::str::from_utf8(b).map_err(|_| {
        Failure::Core(Error::malformed(format!("{name} is not valid UTF-8")).with_path(name))
    })
}

/// Checks that an output pointer is not NULL (before any work is done).
pub(crate) fn out_ptr<T>(ptr: *mut T, name: &'static str) -> Outcome<*mut T> {
    if ptr.is_null() {
        Err(Failure::Null(name))
    } else {
        Ok(ptr)
    }
}

/// Writes an output value.
///
/// # Safety
/// `ptr` must be valid for writes of `T` (non-NULL was checked by [`out_ptr`]).
pub(crate) unsafe fn write<T>(ptr: *mut T, v: T) {
    // SAFETY: caller guarantee; `write` does not read or drop the old (maybe uninitialised) value.
    unsafe { ptr.write(v) }
}

/// Parses a JSON input document into a core type with the core's host-document errors: not
/// JSON is `MalformedInput`, a wrong shape a `Validation` error naming the member.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(b: &[u8], what: &str) -> Outcome<T> {
    crate::document_from_json(what, b).map_err(Failure::Core)
}

/// Serialises an output value to JSON bytes.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(v: &T) -> Outcome<Vec<u8>> {
    serde_json::to_vec(v).map_err(|e| {
        Failure::Core(Error::malformed(format!(
            "cannot serialise the result: {e}"
        )))
    })
}

/// A `&'static` NUL-terminated literal as a C string pointer.
pub(crate) fn cstr(s: &'static [u8]) -> *const c_char {
    debug_assert_eq!(s.last(), Some(&0));
    s.as_ptr() as *const c_char
}
