//! How other SDKs write a JSON non-integer number after decoding it to a float, so that
//! messages they signed can be verified (gate.md §2.3, "Non-integer numbers").

/// Shortest round-trip digits and decimal-point position: value = 0.DIGITS × 10^decpt.
fn shortest(v: f64) -> (String, i32) {
    decompose(&format!("{:e}", v.abs()))
}

/// Digits rounded to `n` significant digits, trailing zeros removed.
fn rounded(v: f64, n: usize) -> (String, i32) {
    let (mut digits, decpt) = decompose(&format!("{:.*e}", n.saturating_sub(1), v.abs()));
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    (digits, decpt)
}

fn decompose(sci: &str) -> (String, i32) {
    let (mant, exp) = sci.split_once('e').unwrap_or((sci, "0"));
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let exp: i32 = exp.parse().unwrap_or(0);
    (digits, exp + 1)
}

fn parse(text: &str) -> f64 {
    // Every JSON number token is a valid Rust float literal; overflow gives ±inf as in
    // Python's and PHP's decoders.
    text.parse::<f64>().unwrap_or(f64::NAN)
}

/// Python 3 `repr(float(text))`: `1.10` → `1.1`, `1.0` → `1.0`, `1.5e-7` → `1.5e-07`, `1e999` → `inf`.
pub fn python_float_text(text: &str) -> String {
    let v = parse(text);
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v < 0.0 { "-inf".into() } else { "inf".into() };
    }
    let sign = if v.is_sign_negative() { "-" } else { "" };
    if v == 0.0 {
        return format!("{sign}0.0");
    }
    let (digits, decpt) = shortest(v);
    let n = digits.len() as i32;
    if decpt <= -4 || decpt > 16 {
        let exp = decpt - 1;
        let (first, rest) = digits.split_at(1);
        let mant = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mant}e{esign}{:02}", exp.abs())
    } else if decpt <= 0 {
        format!("{sign}0.{}{digits}", "0".repeat((-decpt) as usize))
    } else if decpt >= n {
        format!("{sign}{digits}{}.0", "0".repeat((decpt - n) as usize))
    } else {
        let (i, f) = digits.split_at(decpt as usize);
        format!("{sign}{i}.{f}")
    }
}

/// PHP 8 `(string)(float)` with the default `precision=14` (`zend_gcvt`):
/// `1.0` → `1`, `1.5e-7` → `1.5E-7`, `1e15` → `1.0E+15`, `1e999` → `INF`.
pub fn php_float_text(text: &str) -> String {
    const PRECISION: i32 = 14;
    let v = parse(text);
    if v.is_nan() {
        return "NAN".into();
    }
    if v.is_infinite() {
        return if v < 0.0 { "-INF".into() } else { "INF".into() };
    }
    let sign = if v.is_sign_negative() { "-" } else { "" };
    if v == 0.0 {
        return format!("{sign}0");
    }
    let (digits, decpt) = rounded(v, PRECISION as usize);
    if if decpt < 0 {
        decpt < -3
    } else {
        decpt > PRECISION
    } {
        let exp = decpt - 1;
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() { "0" } else { rest };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{first}.{rest}E{esign}{}", exp.abs())
    } else if decpt < 0 {
        format!("{sign}0.{}{digits}", "0".repeat((-decpt) as usize))
    } else {
        let n = digits.len() as i32;
        if decpt >= n {
            format!("{sign}{digits}{}", "0".repeat((decpt - n) as usize))
        } else if decpt == 0 {
            format!("{sign}0.{digits}")
        } else {
            let (i, f) = digits.split_at(decpt as usize);
            format!("{sign}{i}.{f}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_repr() {
        for (input, want) in [
            ("1.10", "1.1"),
            ("1.0", "1.0"),
            ("1.5e-7", "1.5e-07"),
            ("100.0", "100.0"),
            ("1e2", "100.0"),
            ("1e16", "1e+16"),
            ("1e15", "1000000000000000.0"),
            ("0.0001", "0.0001"),
            ("0.00001", "1e-05"),
            ("-0.0", "-0.0"),
            ("1e999", "inf"),
            ("-1e999", "-inf"),
            ("0.30000000000000004", "0.30000000000000004"),
            ("123456789.123", "123456789.123"),
            ("1.5E+20", "1.5e+20"),
            ("0.5", "0.5"),
            ("12345678901234567.0", "1.2345678901234568e+16"),
            ("0e0", "0.0"),
        ] {
            assert_eq!(python_float_text(input), want, "{input}");
        }
    }

    #[test]
    fn php_string() {
        for (input, want) in [
            ("1.10", "1.1"),
            ("1.0", "1"),
            ("1.5e-7", "1.5E-7"),
            ("100.0", "100"),
            ("1e15", "1.0E+15"),
            ("1e14", "1.0E+14"),
            ("1e13", "10000000000000"),
            ("0.0001", "0.0001"),
            ("0.00001", "1.0E-5"),
            ("-0.0", "-0"),
            ("1e999", "INF"),
            ("0.30000000000000004", "0.3"),
            ("0.5", "0.5"),
            ("-2.5", "-2.5"),
            ("123456789.123456789", "123456789.12346"),
            ("1.5e300", "1.5E+300"),
        ] {
            assert_eq!(php_float_text(input), want, "{input}");
        }
    }
}
