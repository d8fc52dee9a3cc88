//! PHP's `strnatcmp_ex` (php-src `ext/standard/strnatcmp.c`, PHP 8), byte for byte, so that
//! messages signed by the PHP SDK's `ksort(..., SORT_NATURAL)` can be verified.
//! Reads past the end see NUL, as they do on PHP's NUL-terminated strings.

use std::cmp::Ordering;

fn at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn digit_at(s: &[u8], i: usize) -> bool {
    i < s.len() && s[i].is_ascii_digit()
}

/// Right-aligned numbers: the longer run wins, else the first difference.
fn compare_right(a: &[u8], ai: &mut usize, b: &[u8], bi: &mut usize) -> Ordering {
    let mut bias = Ordering::Equal;
    loop {
        let da = digit_at(a, *ai);
        let db = digit_at(b, *bi);
        match (da, db) {
            (false, false) => return bias,
            (false, true) => return Ordering::Less,
            (true, false) => return Ordering::Greater,
            (true, true) => {
                if bias == Ordering::Equal {
                    bias = a[*ai].cmp(&b[*bi]);
                }
            }
        }
        *ai += 1;
        *bi += 1;
    }
}

/// Left-aligned (fractional) numbers: the first different digit wins.
fn compare_left(a: &[u8], ai: &mut usize, b: &[u8], bi: &mut usize) -> Ordering {
    loop {
        let da = digit_at(a, *ai);
        let db = digit_at(b, *bi);
        match (da, db) {
            (false, false) => return Ordering::Equal,
            (false, true) => return Ordering::Less,
            (true, false) => return Ordering::Greater,
            (true, true) => match a[*ai].cmp(&b[*bi]) {
                Ordering::Equal => {}
                other => return other,
            },
        }
        *ai += 1;
        *bi += 1;
    }
}

/// Natural comparison as PHP 8's `strnatcmp` (case-sensitive).
pub fn strnatcmp(a: &[u8], b: &[u8]) -> Ordering {
    if a.is_empty() || b.is_empty() {
        return a.len().cmp(&b.len());
    }
    let (mut ai, mut bi) = (0usize, 0usize);
    let mut leading = true;
    loop {
        let mut ca = at(a, ai);
        let mut cb = at(b, bi);

        while leading && ca == b'0' && ai + 1 < a.len() && a[ai + 1].is_ascii_digit() {
            ai += 1;
            ca = at(a, ai);
        }
        while leading && cb == b'0' && bi + 1 < b.len() && b[bi + 1].is_ascii_digit() {
            bi += 1;
            cb = at(b, bi);
        }
        leading = false;

        while is_space(ca) {
            ai += 1;
            ca = at(a, ai);
        }
        while is_space(cb) {
            bi += 1;
            cb = at(b, bi);
        }

        if ca.is_ascii_digit() && cb.is_ascii_digit() {
            let fractional = ca == b'0' || cb == b'0';
            let result = if fractional {
                compare_left(a, &mut ai, b, &mut bi)
            } else {
                compare_right(a, &mut ai, b, &mut bi)
            };
            if result != Ordering::Equal {
                return result;
            } else if ai >= a.len() && bi >= b.len() {
                return Ordering::Equal;
            } else if ai >= a.len() {
                return Ordering::Less;
            } else if bi >= b.len() {
                return Ordering::Greater;
            }
            ca = at(a, ai);
            cb = at(b, bi);
        }

        match ca.cmp(&cb) {
            Ordering::Equal => {}
            other => return other,
        }
        ai += 1;
        bi += 1;
        if ai >= a.len() && bi >= b.len() {
            return Ordering::Equal;
        } else if ai >= a.len() {
            return Ordering::Less;
        } else if bi >= b.len() {
            return Ordering::Greater;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ordering::*;

    fn c(a: &str, b: &str) -> Ordering {
        strnatcmp(a.as_bytes(), b.as_bytes())
    }

    #[test]
    fn digit_runs_compare_by_value() {
        assert_eq!(c("errors:2:code", "errors:10:code"), Less);
        assert_eq!(c("item10", "item2"), Greater);
        assert_eq!(c("a", "a"), Equal);
        assert_eq!(c("a", "b"), Less);
        assert_eq!(c("", "a"), Less);
        assert_eq!(c("x1", "x01"), Greater);
        assert_eq!(c("x 1", "x1"), Equal);
        assert_eq!(c("b:x", "big"), Less);
        assert_eq!(c("007", "7"), Equal);
        assert_eq!(c("1.10", "1.9"), Greater);
        assert_eq!(c("1.010", "1.09"), Less);
    }
}
