//! Escaping for the XML the library writes, and the XML 1.0 character check.

/// Namespace of every CQR message.
pub(crate) const NS: &str = "http://www.cqrpayments.com/PaymentProcessing";
/// The XML Schema instance namespace.
pub(crate) const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The declaration every body starts with (followed by a newline).
pub(crate) const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

/// The first character XML 1.0 does not allow (C0 controls other than TAB, LF, CR; U+FFFE,
/// U+FFFF), if any.
pub(crate) fn forbidden_char(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    })
}

/// Appends text content: `&` `<` `>` escaped, CR as `&#xD;` (so it survives line-end
/// normalisation).
pub(crate) fn push_text(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'\r' => "&#xD;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// Appends an attribute value (double-quoted): as text plus `"`, and TAB/LF as references.
pub(crate) fn push_attr(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\r' => "&#xD;",
            b'\n' => "&#xA;",
            b'\t' => "&#x9;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// Appends `<name>text</name>`.
/// The text of an optional field; an absent one is written as an empty element (the builders
/// have already reported every required field that is missing).
pub(crate) fn or_empty(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

pub(crate) fn push_element(out: &mut String, name: &str, text: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    push_text(out, text);
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let mut s = String::new();
        push_text(&mut s, "a&b<c>d\"e'\r\nя");
        assert_eq!(s, "a&amp;b&lt;c&gt;d\"e'&#xD;\nя");
        let mut s = String::new();
        push_attr(&mut s, "\"x\"\t");
        assert_eq!(s, "&quot;x&quot;&#x9;");
        assert_eq!(forbidden_char("ok\t\n\r"), None);
        assert_eq!(forbidden_char("a\u{1}"), Some('\u{1}'));
        assert_eq!(forbidden_char("\u{FFFE}"), Some('\u{FFFE}'));
    }
}
