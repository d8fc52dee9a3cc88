//! Exact money: the ISO 4217 exponent table, integer minor units, and exact decimals.
//! No floating point anywhere.

use crate::error::{Error, ErrorKind, Result};
use std::cmp::Ordering;
use std::fmt;

/// An ISO 4217 currency with its minor-unit exponent (`None` for funds, metals and test codes,
/// which are not accepted for amounts).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    code: &'static str,
    exponent: Option<u8>,
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

/// ISO 4217 List One, active alphabetic codes (state of 2025), sorted for binary search.
/// Exponent 2 unless listed otherwise; `None` = no minor unit defined ("N.A." in the list).
const CURRENCIES: &[(&str, Option<u8>)] = &[
    ("AED", Some(2)),
    ("AFN", Some(2)),
    ("ALL", Some(2)),
    ("AMD", Some(2)),
    ("ANG", Some(2)),
    ("AOA", Some(2)),
    ("ARS", Some(2)),
    ("AUD", Some(2)),
    ("AWG", Some(2)),
    ("AZN", Some(2)),
    ("BAM", Some(2)),
    ("BBD", Some(2)),
    ("BDT", Some(2)),
    ("BGN", Some(2)),
    ("BHD", Some(3)),
    ("BIF", Some(0)),
    ("BMD", Some(2)),
    ("BND", Some(2)),
    ("BOB", Some(2)),
    ("BOV", Some(2)),
    ("BRL", Some(2)),
    ("BSD", Some(2)),
    ("BTN", Some(2)),
    ("BWP", Some(2)),
    ("BYN", Some(2)),
    ("BZD", Some(2)),
    ("CAD", Some(2)),
    ("CDF", Some(2)),
    ("CHE", Some(2)),
    ("CHF", Some(2)),
    ("CHW", Some(2)),
    ("CLF", Some(4)),
    ("CLP", Some(0)),
    ("CNY", Some(2)),
    ("COP", Some(2)),
    ("COU", Some(2)),
    ("CRC", Some(2)),
    ("CUP", Some(2)),
    ("CVE", Some(2)),
    ("CZK", Some(2)),
    ("DJF", Some(0)),
    ("DKK", Some(2)),
    ("DOP", Some(2)),
    ("DZD", Some(2)),
    ("EGP", Some(2)),
    ("ERN", Some(2)),
    ("ETB", Some(2)),
    ("EUR", Some(2)),
    ("FJD", Some(2)),
    ("FKP", Some(2)),
    ("GBP", Some(2)),
    ("GEL", Some(2)),
    ("GHS", Some(2)),
    ("GIP", Some(2)),
    ("GMD", Some(2)),
    ("GNF", Some(0)),
    ("GTQ", Some(2)),
    ("GYD", Some(2)),
    ("HKD", Some(2)),
    ("HNL", Some(2)),
    ("HTG", Some(2)),
    ("HUF", Some(2)),
    ("IDR", Some(2)),
    ("ILS", Some(2)),
    ("INR", Some(2)),
    ("IQD", Some(3)),
    ("IRR", Some(2)),
    ("ISK", Some(0)),
    ("JMD", Some(2)),
    ("JOD", Some(3)),
    ("JPY", Some(0)),
    ("KES", Some(2)),
    ("KGS", Some(2)),
    ("KHR", Some(2)),
    ("KMF", Some(0)),
    ("KPW", Some(2)),
    ("KRW", Some(0)),
    ("KWD", Some(3)),
    ("KYD", Some(2)),
    ("KZT", Some(2)),
    ("LAK", Some(2)),
    ("LBP", Some(2)),
    ("LKR", Some(2)),
    ("LRD", Some(2)),
    ("LSL", Some(2)),
    ("LYD", Some(3)),
    ("MAD", Some(2)),
    ("MDL", Some(2)),
    ("MGA", Some(2)),
    ("MKD", Some(2)),
    ("MMK", Some(2)),
    ("MNT", Some(2)),
    ("MOP", Some(2)),
    ("MRU", Some(2)),
    ("MUR", Some(2)),
    ("MVR", Some(2)),
    ("MWK", Some(2)),
    ("MXN", Some(2)),
    ("MXV", Some(2)),
    ("MYR", Some(2)),
    ("MZN", Some(2)),
    ("NAD", Some(2)),
    ("NGN", Some(2)),
    ("NIO", Some(2)),
    ("NOK", Some(2)),
    ("NPR", Some(2)),
    ("NZD", Some(2)),
    ("OMR", Some(3)),
    ("PAB", Some(2)),
    ("PEN", Some(2)),
    ("PGK", Some(2)),
    ("PHP", Some(2)),
    ("PKR", Some(2)),
    ("PLN", Some(2)),
    ("PYG", Some(0)),
    ("QAR", Some(2)),
    ("RON", Some(2)),
    ("RSD", Some(2)),
    ("RUB", Some(2)),
    ("RWF", Some(0)),
    ("SAR", Some(2)),
    ("SBD", Some(2)),
    ("SCR", Some(2)),
    ("SDG", Some(2)),
    ("SEK", Some(2)),
    ("SGD", Some(2)),
    ("SHP", Some(2)),
    ("SLE", Some(2)),
    ("SOS", Some(2)),
    ("SRD", Some(2)),
    ("SSP", Some(2)),
    ("STN", Some(2)),
    ("SVC", Some(2)),
    ("SYP", Some(2)),
    ("SZL", Some(2)),
    ("THB", Some(2)),
    ("TJS", Some(2)),
    ("TMT", Some(2)),
    ("TND", Some(3)),
    ("TOP", Some(2)),
    ("TRY", Some(2)),
    ("TTD", Some(2)),
    ("TWD", Some(2)),
    ("TZS", Some(2)),
    ("UAH", Some(2)),
    ("UGX", Some(0)),
    ("USD", Some(2)),
    ("USN", Some(2)),
    ("UYI", Some(0)),
    ("UYU", Some(2)),
    ("UYW", Some(4)),
    ("UZS", Some(2)),
    ("VED", Some(2)),
    ("VES", Some(2)),
    ("VND", Some(0)),
    ("VUV", Some(0)),
    ("WST", Some(2)),
    ("XAF", Some(0)),
    ("XAG", None),
    ("XAU", None),
    ("XBA", None),
    ("XBB", None),
    ("XBC", None),
    ("XBD", None),
    ("XCD", Some(2)),
    ("XCG", Some(2)),
    ("XDR", None),
    ("XOF", Some(0)),
    ("XPD", None),
    ("XPF", Some(0)),
    ("XPT", None),
    ("XSU", None),
    ("XTS", None),
    ("XUA", None),
    ("XXX", None),
    ("YER", Some(2)),
    ("ZAR", Some(2)),
    ("ZMW", Some(2)),
    ("ZWG", Some(2)),
];

impl Currency {
    /// Looks up an alphabetic code. Codes are case-sensitive upper-case, as ISO writes them.
    pub fn lookup(code: &str) -> Option<Currency> {
        CURRENCIES
            .binary_search_by(|(c, _)| c.cmp(&code))
            .ok()
            .map(|i| Currency {
                code: CURRENCIES[i].0,
                exponent: CURRENCIES[i].1,
            })
    }

    /// Looks up a code that must carry a minor-unit exponent (usable for amounts).
    pub fn for_amounts(code: &str) -> Result<Currency> {
        match Currency::lookup(code) {
            Some(c) if c.exponent.is_some() => Ok(c),
            Some(c) => Err(Error::new(
                ErrorKind::Unsupported,
                format!(
                    "currency {} has no minor unit and is not accepted for amounts",
                    c.code
                ),
            )),
            None => Err(Error::validation(format!(
                "unknown currency {:?}",
                truncate_for_message(code)
            ))),
        }
    }

    /// The ISO 4217 alpha-3 code (`KZT`).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Minor-unit exponent; `None` for codes that are not accepted for amounts.
    pub fn exponent(&self) -> Option<u8> {
        self.exponent
    }

    /// Every code in the table, with its exponent.
    pub fn all() -> impl Iterator<Item = Currency> {
        CURRENCIES.iter().map(|(code, exponent)| Currency {
            code,
            exponent: *exponent,
        })
    }

    fn exponent_for_amounts(&self) -> Result<u32> {
        self.exponent.map(u32::from).ok_or_else(|| {
            Error::new(
                ErrorKind::Unsupported,
                format!(
                    "currency {} has no minor unit and is not accepted for amounts",
                    self.code
                ),
            )
        })
    }
}

pub(crate) fn truncate_for_message(s: &str) -> String {
    const MAX: usize = 64;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

/// An amount in integer minor units of a currency that has a minor-unit exponent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Amount {
    minor: i64,
    currency: Currency,
}

impl Amount {
    /// `minor` units of `currency` (2100 USD = 21.00); `Unsupported` for a currency without a
    /// minor-unit exponent.
    pub fn from_minor(minor: i64, currency: Currency) -> Result<Amount> {
        currency.exponent_for_amounts()?;
        Ok(Amount { minor, currency })
    }

    /// Parses a decimal text in major units (`"21.00"`, `"100"`) exactly; a value that would
    /// need more fraction digits than the currency has is an error, never rounded.
    pub fn from_major_str(text: &str, currency: Currency) -> Result<Amount> {
        let d = Decimal::parse(text)?;
        Ok(Amount {
            minor: d.to_minor(currency)?,
            currency,
        })
    }

    /// The amount in minor units.
    pub fn minor(&self) -> i64 {
        self.minor
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Major units written with exactly the currency's exponent (`2100` USD → `"21.00"`).
    pub fn to_major_string(&self) -> String {
        format_minor(self.minor, self.currency.exponent.unwrap_or(0))
    }

    /// The amount as an exact decimal at the currency's exponent.
    pub fn to_decimal(&self) -> Decimal {
        Decimal {
            mantissa: i128::from(self.minor),
            scale: u32::from(self.currency.exponent.unwrap_or(0)),
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_major_string(), self.currency.code)
    }
}

/// Writes `minor` with `exponent` fraction digits (`2100`, 2 → `"21.00"`; `-5`, 3 → `"-0.005"`).
pub fn format_minor(minor: i64, exponent: u8) -> String {
    let digits = minor.unsigned_abs().to_string();
    let exp = usize::from(exponent);
    let mut out = String::with_capacity(digits.len() + exp + 3);
    if minor < 0 {
        out.push('-');
    }
    if exp == 0 {
        out.push_str(&digits);
        return out;
    }
    if digits.len() <= exp {
        out.push_str("0.");
        out.extend(std::iter::repeat('0').take(exp - digits.len()));
        out.push_str(&digits);
    } else {
        let (int, frac) = digits.split_at(digits.len() - exp);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Converts major-unit decimal text to minor units exactly (`"21.5"`, USD → `2150`).
pub fn parse_major_to_minor(text: &str, currency: Currency) -> Result<i64> {
    Decimal::parse(text)?.to_minor(currency)
}

/// Maximum significant digits an exact decimal may carry (fits an i128 with room).
pub const MAX_DECIMAL_DIGITS: usize = 38;

/// An exact decimal number `mantissa × 10^-scale`, parsed from text such as `99.9500`.
/// Equality and ordering compare values (`21.00 == 21.0000`).
#[derive(Debug, Clone, Copy)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

impl Decimal {
    /// Parses the xs:decimal lexical form: optional sign, digits, optional `.` and fraction
    /// digits (at least one digit overall). No exponent, no spaces, no negative zero,
    /// at most 38 digits.
    pub fn parse(text: &str) -> Result<Decimal> {
        let bad = |why: &str| {
            Error::validation(format!(
                "invalid decimal {:?}: {why}",
                truncate_for_message(text)
            ))
        };
        let bytes = text.as_bytes();
        let (negative, rest) = match bytes.first() {
            Some(b'-') => (true, &bytes[1..]),
            Some(b'+') => (false, &bytes[1..]),
            _ => (false, bytes),
        };
        let mut mantissa: i128 = 0;
        let mut scale: u32 = 0;
        let mut seen_dot = false;
        let mut digits = 0usize;
        for &b in rest {
            match b {
                b'0'..=b'9' => {
                    digits += 1;
                    if digits > MAX_DECIMAL_DIGITS {
                        return Err(bad("too many digits"));
                    }
                    mantissa = mantissa * 10 + i128::from(b - b'0');
                    if seen_dot {
                        scale += 1;
                    }
                }
                // At least one integer digit before the point (`.5` is refused).
                b'.' if !seen_dot && digits > 0 => seen_dot = true,
                b'.' if !seen_dot => return Err(bad("a digit must precede the decimal point")),
                b'.' => return Err(bad("more than one decimal point")),
                b'e' | b'E' => return Err(bad("exponents are not allowed")),
                _ => return Err(bad("unexpected character")),
            }
        }
        if digits == 0 {
            return Err(bad("no digits"));
        }
        if negative {
            if mantissa == 0 {
                return Err(bad("negative zero"));
            }
            mantissa = -mantissa;
        }
        Ok(Decimal { mantissa, scale })
    }

    /// `mantissa × 10^-scale`.
    pub fn from_parts(mantissa: i128, scale: u32) -> Decimal {
        Decimal { mantissa, scale }
    }

    /// The digits as an integer (`9950` for `99.50`).
    pub fn mantissa(&self) -> i128 {
        self.mantissa
    }

    /// How many of the digits are after the point (`2` for `99.50`).
    pub fn scale(&self) -> u32 {
        self.scale
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    /// Whether the value is zero (`0.00` included).
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// Converts to minor units of `currency`; fails when the value has more significant
    /// fraction digits than the currency's exponent, or does not fit an i64.
    pub fn to_minor(&self, currency: Currency) -> Result<i64> {
        let exp = currency.exponent_for_amounts()?;
        self.to_scaled(exp).ok_or_else(|| {
            Error::validation(format!(
                "{self} is not representable in minor units of {}",
                currency.code
            ))
        })
    }

    /// The value × 10^exp as an i64 when exact.
    fn to_scaled(self, exp: u32) -> Option<i64> {
        let v = if self.scale <= exp {
            let factor = 10i128.checked_pow(exp - self.scale)?;
            self.mantissa.checked_mul(factor)?
        } else {
            let factor = 10i128.checked_pow(self.scale - exp)?;
            if self.mantissa % factor != 0 {
                return None;
            }
            self.mantissa / factor
        };
        i64::try_from(v).ok()
    }

    /// Sum, when it does not overflow.
    pub fn checked_add(&self, other: &Decimal) -> Option<Decimal> {
        let scale = self.scale.max(other.scale);
        let a = self
            .mantissa
            .checked_mul(10i128.checked_pow(scale - self.scale)?)?;
        let b = other
            .mantissa
            .checked_mul(10i128.checked_pow(scale - other.scale)?)?;
        Some(Decimal {
            mantissa: a.checked_add(b)?,
            scale,
        })
    }

    /// Same value with trailing fraction zeros removed.
    pub fn normalized(&self) -> Decimal {
        let mut d = *self;
        while d.scale > 0 && d.mantissa % 10 == 0 {
            d.mantissa /= 10;
            d.scale -= 1;
        }
        d
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let a = self.normalized();
        let b = other.normalized();
        let scale = a.scale.max(b.scale);
        // Normalized mantissas have at most 38 digits; scaling both to the larger scale can
        // overflow only when the integer parts differ wildly, so fall back to sign/magnitude.
        let pa = 10i128
            .checked_pow(scale - a.scale)
            .and_then(|f| a.mantissa.checked_mul(f));
        let pb = 10i128
            .checked_pow(scale - b.scale)
            .and_then(|f| b.mantissa.checked_mul(f));
        match (pa, pb) {
            (Some(x), Some(y)) => x.cmp(&y),
            // The side that overflowed has the larger magnitude.
            (None, Some(_)) => {
                if a.mantissa < 0 {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (Some(_), None) => {
                if b.mantissa < 0 {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (None, None) => a.mantissa.signum().cmp(&b.mantissa.signum()),
        }
    }
}

impl fmt::Display for Decimal {
    /// Writes the value with exactly `scale` fraction digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        if self.mantissa < 0 {
            f.write_str("-")?;
        }
        if scale == 0 {
            return f.write_str(&digits);
        }
        if digits.len() <= scale {
            write!(f, "0.{}{}", "0".repeat(scale - digits.len()), digits)
        } else {
            let (i, fr) = digits.split_at(digits.len() - scale);
            write!(f, "{i}.{fr}")
        }
    }
}

impl std::str::FromStr for Decimal {
    type Err = Error;
    fn from_str(s: &str) -> Result<Decimal> {
        Decimal::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(c: &str) -> Currency {
        Currency::lookup(c).unwrap()
    }

    #[test]
    fn table_is_sorted_and_unique() {
        for w in CURRENCIES.windows(2) {
            assert!(w[0].0 < w[1].0, "{} !< {}", w[0].0, w[1].0);
        }
    }

    #[test]
    fn exponents() {
        assert_eq!(cur("KZT").exponent(), Some(2));
        assert_eq!(cur("JPY").exponent(), Some(0));
        assert_eq!(cur("KWD").exponent(), Some(3));
        assert_eq!(cur("CLF").exponent(), Some(4));
        assert_eq!(cur("XAU").exponent(), None);
        assert!(Currency::lookup("kzt").is_none());
        assert!(Currency::lookup("ABC").is_none());
        assert_eq!(
            Currency::for_amounts("XAU").unwrap_err().kind(),
            ErrorKind::Unsupported
        );
        assert_eq!(
            Currency::for_amounts("QQQ").unwrap_err().kind(),
            ErrorKind::Validation
        );
    }

    #[test]
    fn minor_to_major() {
        assert_eq!(format_minor(2100, 2), "21.00");
        assert_eq!(format_minor(5, 2), "0.05");
        assert_eq!(format_minor(-5, 3), "-0.005");
        assert_eq!(format_minor(500, 0), "500");
        assert_eq!(format_minor(i64::MIN, 2), "-92233720368547758.08");
        assert_eq!(
            Amount::from_minor(10000, cur("KZT"))
                .unwrap()
                .to_major_string(),
            "100.00"
        );
        assert_eq!(
            Amount::from_minor(1234, cur("KWD"))
                .unwrap()
                .to_major_string(),
            "1.234"
        );
    }

    #[test]
    fn major_to_minor_exact() {
        assert_eq!(parse_major_to_minor("21.00", cur("USD")).unwrap(), 2100);
        assert_eq!(parse_major_to_minor("99.9500", cur("USD")).unwrap(), 9995);
        assert_eq!(parse_major_to_minor("21", cur("USD")).unwrap(), 2100);
        assert_eq!(parse_major_to_minor("500", cur("JPY")).unwrap(), 500);
        assert!(parse_major_to_minor("0.0400", cur("EUR")).unwrap() == 4);
        assert!(parse_major_to_minor("21.005", cur("USD")).is_err());
        assert!(parse_major_to_minor("1.5", cur("JPY")).is_err());
        assert!(parse_major_to_minor("99999999999999999999", cur("USD")).is_err());
    }

    #[test]
    fn decimal_grammar() {
        for ok in ["0", "1", "+1", "-1.5", "21.", "0.0000", "99.9500"] {
            assert!(Decimal::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "-",
            ".",
            "1e5",
            "1E5",
            "1.2.3",
            "-0",
            "-0.00",
            " 1",
            "1 ",
            "0x10",
            "1234567890123456789012345678901234567890",
            "NaN",
            "inf",
            "1,5",
        ] {
            assert!(Decimal::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn decimal_compares_by_value() {
        let a = Decimal::parse("21.00").unwrap();
        let b = Decimal::parse("21.0000").unwrap();
        let c = Decimal::parse("21.01").unwrap();
        assert_eq!(a, b);
        assert!(a < c);
        assert!(Decimal::parse("-1").unwrap() < Decimal::parse("0.5").unwrap());
        assert_eq!(a.to_string(), "21.00");
        assert_eq!(
            Decimal::parse("99.9500")
                .unwrap()
                .checked_add(&Decimal::parse("0.0500").unwrap())
                .unwrap(),
            Decimal::parse("100").unwrap()
        );
    }
}
