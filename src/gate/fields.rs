//! Typed reads of members of a parsed message, with errors that name the path.

use super::json::{is_integer_text, Value};
use crate::error::{Error, Result};

/// Member `key` of `obj` (None when `obj` is not an object or the member is absent).
pub(crate) fn member<'v, 'a>(obj: &'v Value<'a>, key: &str) -> Option<&'v Value<'a>> {
    obj.get(key)
}

/// Text of a string, or the digits of an integer; `null`/absent → None.
pub(crate) fn opt_text(v: Option<&Value<'_>>, path: &str) -> Result<Option<String>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.to_string())),
        Some(Value::Number(t)) if is_integer_text(t) => Ok(Some(t.to_string())),
        Some(other) => Err(Error::field(
            path,
            format!("expected a string, found {}", other.type_name()),
        )),
    }
}

pub(crate) fn describe(v: &Value<'_>) -> String {
    match v {
        Value::String(s) => format!("the string {:?}", crate::money::truncate_for_message(s)),
        Value::Number(t) => format!("the number {}", crate::money::truncate_for_message(t)),
        other => other.type_name().to_string(),
    }
}

/// Canonical digits of an unsigned integer given as a JSON integer or an ASCII-digit string
/// (leading zeros removed). `Err` with a description when it is not one; negative integers
/// come back with their sign so that they compare unequal to any configured id.
pub(crate) fn integer_digits(v: &Value<'_>) -> Option<String> {
    let t: &str = match v {
        Value::Number(t) if is_integer_text(t) => t,
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s,
        _ => return None,
    };
    let (neg, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t),
    };
    let trimmed = digits.trim_start_matches('0');
    let trimmed = if trimmed.is_empty() { "0" } else { trimmed };
    Some(if neg && trimmed != "0" {
        format!("-{trimmed}")
    } else {
        trimmed.to_string()
    })
}
