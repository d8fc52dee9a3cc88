//! `xs:dateTime` as PXP writes it: `YYYY-MM-DDThh:mm:ss`, 0–7 fraction digits, optional `Z` or
//! `±hh:mm`. Kept as written and exposed parsed; never converted between zones.

use crate::error::{Error, Result};
use crate::money::truncate_for_message;
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// Most fraction digits accepted (.NET writes up to 7).
pub(crate) const MAX_FRACTION_DIGITS: usize = 7;

/// A date-time kept as written plus its parsed fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    raw: String,
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    nanos: u32,
    offset_minutes: Option<i16>,
}

fn digits(b: &[u8], from: usize, n: usize) -> Option<u32> {
    let s = b.get(from..from + n)?;
    let mut v = 0u32;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Timestamp {
    /// Parses the text (already trimmed of XML whitespace by the caller, or not: it is trimmed
    /// here too). Field ranges are validated (month, day of month incl. leap years, 00–23 hours,
    /// 00–59 minutes and seconds, offsets up to ±14:00).
    pub fn parse(text: &str) -> Result<Timestamp> {
        let t = crate::cqr::xml::trim_xml(text);
        let bad = |why: &str| {
            Error::validation(format!(
                "invalid date-time {:?}: {why}",
                truncate_for_message(t)
            ))
        };
        let b = t.as_bytes();
        let sep = |i: usize, c: u8| b.get(i) == Some(&c);
        if !(sep(4, b'-') && sep(7, b'-') && sep(10, b'T') && sep(13, b':') && sep(16, b':')) {
            return Err(bad("expected YYYY-MM-DDThh:mm:ss"));
        }
        let field = |from, n| digits(b, from, n).ok_or_else(|| bad("expected digits"));
        let (year, month, day) = (field(0, 4)?, field(5, 2)?, field(8, 2)?);
        let (hour, minute, second) = (field(11, 2)?, field(14, 2)?, field(17, 2)?);
        if year == 0 {
            return Err(bad("year 0000"));
        }
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(bad("no such date"));
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(bad("time out of range"));
        }
        let mut i = 19;
        let mut nanos = 0u32;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
            let n = i - start;
            if n == 0 {
                return Err(bad("'.' without fraction digits"));
            }
            if n > MAX_FRACTION_DIGITS {
                return Err(bad("more than 7 fraction digits"));
            }
            let frac = digits(b, start, n).ok_or_else(|| bad("expected digits"))?;
            nanos = frac * 10u32.pow((9 - n) as u32);
        }
        let offset_minutes = match b.get(i) {
            None => None,
            Some(b'Z') if i + 1 == b.len() => Some(0i16),
            Some(&s @ (b'+' | b'-')) if i + 6 == b.len() && b.get(i + 3) == Some(&b':') => {
                let oh = field(i + 1, 2)?;
                let om = field(i + 4, 2)?;
                if om > 59 || oh > 14 || (oh == 14 && om != 0) {
                    return Err(bad("offset out of range"));
                }
                let m = (oh * 60 + om) as i16;
                Some(if s == b'-' { -m } else { m })
            }
            Some(_) => return Err(bad("unexpected text after the time")),
        };
        Ok(Timestamp {
            raw: t.to_string(),
            year: year as u16,
            month: month as u8,
            day: day as u8,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
            nanos,
            offset_minutes,
        })
    }

    /// The text as written (trimmed of XML whitespace).
    pub fn raw(&self) -> &str {
        &self.raw
    }
    /// Year, as written (in the timestamp's own offset).
    pub fn year(&self) -> u16 {
        self.year
    }
    /// Month, 1–12.
    pub fn month(&self) -> u8 {
        self.month
    }
    /// Day of the month, 1–31.
    pub fn day(&self) -> u8 {
        self.day
    }
    /// Hour, 0–23.
    pub fn hour(&self) -> u8 {
        self.hour
    }
    /// Minute, 0–59.
    pub fn minute(&self) -> u8 {
        self.minute
    }
    /// Second, 0–59.
    pub fn second(&self) -> u8 {
        self.second
    }
    /// Fraction of the second in nanoseconds (`.71` → 710,000,000).
    pub fn nanos(&self) -> u32 {
        self.nanos
    }
    /// Offset from UTC in minutes; `Some(0)` for `Z`; `None` when the text has no offset
    /// ("unspecified", never assumed to be UTC).
    pub fn offset_minutes(&self) -> Option<i16> {
        self.offset_minutes
    }
    /// `YYYY-MM-DD`.
    pub fn date_string(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
    /// `hh:mm:ss`.
    pub fn time_string(&self) -> String {
        format!("{:02}:{:02}:{:02}", self.hour, self.minute, self.second)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Timestamp", 5)?;
        st.serialize_field("raw", &self.raw)?;
        st.serialize_field("date", &self.date_string())?;
        st.serialize_field("time", &self.time_string())?;
        st.serialize_field("nanos", &self.nanos)?;
        st.serialize_field("offset_minutes", &self.offset_minutes)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let t = Timestamp::parse("2012-10-08T08:53:56.8195658Z").unwrap();
        assert_eq!((t.nanos(), t.offset_minutes()), (819_565_800, Some(0)));
        let t = Timestamp::parse("2015-01-21T10:55:27.71").unwrap();
        assert_eq!((t.nanos(), t.offset_minutes()), (710_000_000, None));
        let t = Timestamp::parse("2015-01-21T10:55:27-05:30").unwrap();
        assert_eq!(t.offset_minutes(), Some(-330));
        assert_eq!(t.raw(), "2015-01-21T10:55:27-05:30");
        assert!(Timestamp::parse("2016-02-29T00:00:00").is_ok());
        for bad in [
            "2015-02-29T00:00:00",
            "2015-13-01T00:00:00",
            "2015-01-01T24:00:00",
            "2015-01-01T00:60:00",
            "2015-01-01T00:00:00.",
            "2015-01-01T00:00:00.12345678",
            "2015-01-01T00:00:00+15:00",
            "2015-01-01T00:00:00+0100",
            "2015-01-01 00:00:00",
            "2015-01-01T00:00:00Zjunk",
            "0000-01-01T00:00:00",
            "",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
    }
}
