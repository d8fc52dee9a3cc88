//! C exports for money conversions (`qm_money_*`, `qm_currency_*`).

use super::{call, out_ptr, text, write, write_buffer};
use super::{qm_buffer, qm_result};
use crate::money::{Amount, Currency};

/// The minor-unit exponent of an ISO 4217 currency code (upper case): `"USD"` → 2, `"JPY"` → 0,
/// `"KWD"` → 3. On `QM_OK`, `*out_exponent` holds it. `QM_VALIDATION`: unknown code;
/// `QM_UNSUPPORTED`: a code without a minor unit (e.g. `"XAU"`). Thread-safe.
///
/// # Safety
/// `code` points to `len` readable bytes; `out_exponent` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_currency_exponent(
    code: *const u8,
    len: usize,
    out_exponent: *mut u8,
) -> qm_result {
    call("qm_currency_exponent", || {
        let out = out_ptr(out_exponent, "out_exponent")?;
        // SAFETY: caller guarantee.
        let c = Currency::for_amounts(unsafe { text(code, len, "currency") }?)?;
        // SAFETY: checked non-NULL.
        unsafe { write(out, c.exponent().unwrap_or(0)) };
        Ok(())
    })
}

/// Minor units → the decimal text in major units with exactly the currency's exponent
/// (`2100`, `"USD"` → `"21.00"`; `-5`, `"KWD"` → `"-0.005"`). Errors as for
/// `qm_currency_exponent`.
///
/// # Safety
/// `currency` points to `currency_len` readable bytes; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_money_minor_to_decimal(
    minor: i64,
    currency: *const u8,
    currency_len: usize,
    out: *mut qm_buffer,
) -> qm_result {
    call("qm_money_minor_to_decimal", || {
        let out = out_ptr(out, "out")?;
        // SAFETY: caller guarantee.
        let c = Currency::for_amounts(unsafe { text(currency, currency_len, "currency") }?)?;
        let s = Amount::from_minor(minor, c)?.to_major_string();
        // SAFETY: checked non-NULL.
        unsafe { write_buffer(out, s.into_bytes()) };
        Ok(())
    })
}

/// A decimal text in major units → minor units, exactly (`"21.00"` or `"21"` USD → 2100).
/// A value needing more fraction digits than the currency has (`"21.005"` USD) is an error,
/// never rounded. `QM_VALIDATION`: not a decimal, inexact or out of range; errors about the
/// currency as for `qm_currency_exponent`.
///
/// # Safety
/// `text_` and `currency` point to their lengths of readable bytes; `out_minor` is writable.
#[no_mangle]
pub unsafe extern "C" fn qm_money_decimal_to_minor(
    text_: *const u8,
    text_len: usize,
    currency: *const u8,
    currency_len: usize,
    out_minor: *mut i64,
) -> qm_result {
    call("qm_money_decimal_to_minor", || {
        let out = out_ptr(out_minor, "out_minor")?;
        // SAFETY: caller guarantee.
        let c = Currency::for_amounts(unsafe { text(currency, currency_len, "currency") }?)?;
        // SAFETY: caller guarantee.
        let t = unsafe { text(text_, text_len, "text") }?;
        let minor = Amount::from_major_str(t, c)?.minor();
        // SAFETY: checked non-NULL.
        unsafe { write(out, minor) };
        Ok(())
    })
}
