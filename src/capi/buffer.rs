//! `qm_buffer`: bytes the library produces and the caller owns (one allocation, a trailing NUL
//! not counted in `len`), released with `qm_buffer_free`.

use super::panic::call_value;

/// Bytes owned by the caller, produced by the library. Release with `qm_buffer_free`.
///
/// `data` points to `len` bytes followed by one NUL byte (not counted in `len`), so text
/// outputs (JSON, XML, base64) can be used as C strings. Do not change `data` or `len`, and do
/// not release `data` with `free()`. An all-zero buffer (`{NULL, 0}`) is "empty" and may be
/// passed to `qm_buffer_free`.
#[repr(C)]
#[derive(Debug)]
pub struct qm_buffer {
    /// The bytes (never NULL after a successful call), followed by a NUL byte.
    pub data: *mut u8,
    /// Number of bytes, not counting the trailing NUL.
    pub len: usize,
}

impl qm_buffer {
    fn from_vec(mut v: Vec<u8>) -> qm_buffer {
        let len = v.len();
        v.push(0);
        let boxed: Box<[u8]> = v.into_boxed_slice();
        qm_buffer {
            data: Box::into_raw(boxed) as *mut u8,
            len,
        }
    }
}

/// Writes an output buffer.
///
/// # Safety
/// `ptr` must be valid for writes of a `qm_buffer` (non-NULL was checked by
/// [`super::args::out_ptr`]).
pub(crate) unsafe fn write_buffer(ptr: *mut qm_buffer, bytes: Vec<u8>) {
    // SAFETY: forwarded caller guarantee.
    unsafe { super::args::write(ptr, qm_buffer::from_vec(bytes)) }
}

/// Releases a buffer filled by the library and resets it to `{NULL, 0}`.
///
/// Accepts NULL, an empty buffer (`data == NULL`) and an already released buffer (no-op).
/// Thread-safe for distinct buffers.
///
/// # Safety
/// `buf` is NULL or points to a `qm_buffer` that is either empty or was filled by this library
/// and not modified since.
#[no_mangle]
pub unsafe extern "C" fn qm_buffer_free(buf: *mut qm_buffer) {
    call_value("qm_buffer_free", (), || {
        if buf.is_null() {
            return;
        }
        // SAFETY: caller guarantee: `buf` points to a valid qm_buffer.
        let b = unsafe { &mut *buf };
        if !b.data.is_null() {
            if let Some(total) = b.len.checked_add(1) {
                let slice = std::ptr::slice_from_raw_parts_mut(b.data, total);
                // SAFETY: `data` came from `Box::<[u8]>::into_raw` with `len + 1` bytes.
                drop(unsafe { Box::from_raw(slice) });
            }
        }
        b.data = std::ptr::null_mut();
        b.len = 0;
    })
}
