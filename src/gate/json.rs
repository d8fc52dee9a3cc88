//! A small JSON reader for signed messages: one pass, borrows from the input, keeps the exact
//! text of every number, rejects duplicate member names, lone surrogates and invalid UTF-8,
//! and enforces size, depth, item and string-length limits before they can hurt.

use crate::error::{Error, Limit, Result};
use std::borrow::Cow;

/// Resource limits for every JSON parse. Exceeding one is `ErrorKind::LimitExceeded`
/// naming the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonLimits {
    /// Maximum body size in bytes (default 1 MiB).
    pub max_body_bytes: usize,
    /// Maximum nesting depth of objects and arrays (default 64; at most
    /// [`MAX_DEPTH_CEILING`](crate::error::MAX_DEPTH_CEILING) whatever is set).
    pub max_depth: usize,
    /// Maximum number of values (members and elements) in the whole document (default 100,000).
    pub max_items: usize,
    /// Maximum length in bytes of one string, key or number token (default 64 KiB).
    pub max_string_bytes: usize,
}

impl Default for JsonLimits {
    fn default() -> Self {
        JsonLimits {
            max_body_bytes: 1 << 20,
            max_depth: 64,
            max_items: 100_000,
            max_string_bytes: 64 << 10,
        }
    }
}

/// A parsed JSON value borrowing from the input where no unescaping was needed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// The exact number token as written (`12345678901234567890`, `1.10`, `-0`).
    Number(Cow<'a, str>),
    /// A string, unescaped (borrowed from the input when it had no escapes).
    String(Cow<'a, str>),
    /// Elements in document order.
    Array(Vec<Value<'a>>),
    /// Members in document order; names are unique.
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// Member of an object by name.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string value; `None` for any other value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members of an object, in document order; `None` for any other value.
    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, Value<'a>)]> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// True for a number token that is `-?digits` (no fraction, no exponent).
    pub fn is_integer_number(&self) -> bool {
        matches!(self, Value::Number(t) if is_integer_text(t))
    }

    /// The JSON type name, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(t) if is_integer_text(t) => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// Copies every borrowed string so the value outlives the input.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(t) => Value::Number(Cow::Owned(t.into_owned())),
            Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
            Value::Array(items) => Value::Array(items.into_iter().map(Value::into_owned).collect()),
            Value::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                    .collect(),
            ),
        }
    }

    /// Serialises compactly; numbers are written with their exact text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    /// Appends the compact JSON text of the value to `out` (numbers with their exact text).
    pub fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(true) => out.push_str("true"),
            Value::Bool(false) => out.push_str("false"),
            Value::Number(t) => out.push_str(t),
            Value::String(s) => write_json_string(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write_json(out);
                }
                out.push(']');
            }
            Value::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(out, k);
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON document kept as its text (already validated), serialised verbatim.
/// Cheaper than a tree when the host only stores or forwards the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawJson(String);

impl RawJson {
    /// Wraps text that is known to be one valid JSON value.
    pub(crate) fn new_unchecked(text: String) -> RawJson {
        RawJson(text)
    }

    /// The compact text of a tree (numbers with their exact text).
    pub fn from_value(value: &Value<'_>) -> RawJson {
        RawJson(value.to_json())
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses the text into the core's tree (duplicate names and lone surrogates refused, as
    /// in any message; no size limits: the text is already in memory).
    pub fn to_tree(&self) -> Result<Value<'_>> {
        let limits = JsonLimits {
            max_body_bytes: usize::MAX,
            max_depth: crate::error::MAX_DEPTH_CEILING,
            max_items: usize::MAX,
            max_string_bytes: usize::MAX,
        };
        parse(self.0.as_bytes(), &limits)
    }

    /// True when the text is a JSON object.
    pub fn is_object(&self) -> bool {
        self.0.trim_start().starts_with('{')
    }
}

/// Reads any JSON value through serde (e.g. a member of a host's input document); its text is
/// kept as written, checked by the core's parser where it is used.
impl<'de> serde::Deserialize<'de> for RawJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw: Box<serde_json::value::RawValue> = serde::Deserialize::deserialize(d)?;
        Ok(RawJson(raw.get().to_string()))
    }
}

impl serde::Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match serde_json::value::RawValue::from_string(self.0.clone()) {
            Ok(raw) => raw.serialize(s),
            Err(_) => s.serialize_none(),
        }
    }
}

/// The text of a validated body without a leading BOM.
pub(crate) fn body_text(input: &[u8]) -> &str {
    let text = std::str::from_utf8(input).unwrap_or("");
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// `-?digits`: the JSON integer form.
pub fn is_integer_text(t: &str) -> bool {
    let digits = t.strip_prefix('-').unwrap_or(t);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Writes a JSON string literal with the minimal escapes.
pub fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0x00..=0x1f => None,
            _ => continue,
        };
        out.push_str(&s[start..i]);
        match esc {
            Some(e) => out.push_str(e),
            None => {
                out.push_str("\\u00");
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Parses a whole document whose top level must be an object. A leading UTF-8 BOM is ignored.
pub fn parse_object<'a>(input: &'a [u8], limits: &JsonLimits) -> Result<Value<'a>> {
    let v = parse(input, limits)?;
    match v {
        Value::Object(_) => Ok(v),
        other => Err(Error::malformed(format!(
            "the top level must be a JSON object, not {}",
            other.type_name()
        ))),
    }
}

/// Parses a whole JSON document into a tree.
pub fn parse<'a>(input: &'a [u8], limits: &JsonLimits) -> Result<Value<'a>> {
    let mut sink = TreeSink::default();
    drive(input, limits, &mut sink)?;
    sink.result
        .ok_or_else(|| Error::malformed("malformed JSON: no value"))
}

/// A leaf value as the parser reports it.
#[derive(Debug, Clone)]
pub(crate) enum Scalar<'a> {
    Null,
    Bool(bool),
    Number(&'a str),
    String(Cow<'a, str>),
}

/// Receives parse events in document order. Every `member`/`element` is matched by one
/// `end_member`/`end_element` after its value.
pub(crate) trait Sink<'a> {
    fn begin_object(&mut self);
    fn member(&mut self, key: Cow<'a, str>);
    fn end_member(&mut self);
    fn end_object(&mut self);
    fn begin_array(&mut self);
    fn element(&mut self, index: usize);
    fn end_element(&mut self);
    fn end_array(&mut self);
    fn scalar(&mut self, value: Scalar<'a>);
}

/// Validates the whole document against the limits and grammar, reporting events to `sink`.
/// Iterative: nesting costs heap, never stack, whatever the configured depth limit.
pub(crate) fn drive<'a, S: Sink<'a>>(
    input: &'a [u8],
    limits: &JsonLimits,
    sink: &mut S,
) -> Result<()> {
    if input.len() > limits.max_body_bytes {
        return Err(Error::limit(
            Limit::BodySize,
            format!(
                "body of {} bytes exceeds the limit of {} bytes",
                input.len(),
                limits.max_body_bytes
            ),
        ));
    }
    let text = std::str::from_utf8(input)
        .map_err(|e| Error::malformed(format!("invalid UTF-8 at byte {}", e.valid_up_to())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser {
        src: text,
        bytes: text.as_bytes(),
        pos: 0,
        items: 0,
        limits,
        stack: Vec::with_capacity(8),
        keys: Vec::with_capacity(32),
        key_base: Vec::with_capacity(8),
    };
    p.run(sink)
}

/// Bytes that end the fast scan of a string: `"`, `\\` and control characters.
static STRING_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// Length of the run before the first `"`, `\\` or control character (or the whole slice).
/// Eight bytes at a time: a word is tested for the three conditions at once (SWAR); the
/// lowest flagged byte is always exact, so `trailing_zeros` finds the first stop.
pub(crate) fn scan_string(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        let quote = v ^ (ONES * u64::from(b'"'));
        let backslash = v ^ (ONES * u64::from(b'\\'));
        let zero_in = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
        let control = v.wrapping_sub(ONES * 0x20) & !v & HIGH;
        let hit = zero_in(quote) | zero_in(backslash) | control;
        if hit != 0 {
            return i + (hit.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if STRING_STOP[usize::from(b)] {
            return i;
        }
        i += 1;
    }
    i
}

/// The string token whose opening quote is at `quote`, and the position after it: how the
/// flattening fast path (`gate::flat_fast`) reads a string with escapes. `None` on any error
/// (that path then hands the whole input to [`drive`], which reports it).
pub(crate) fn string_token<'a>(
    src: &'a str,
    quote: usize,
    limits: &JsonLimits,
) -> Option<(Cow<'a, str>, usize)> {
    let mut p = Parser::at(src, quote, limits);
    let s = p.string().ok()?;
    Some((s, p.pos))
}

#[derive(Clone, Copy)]
enum Frame {
    Object,
    Array(usize),
}

struct Parser<'a, 'l> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    items: usize,
    limits: &'l JsonLimits,
    stack: Vec<Frame>,
    /// Member names of every open object (with a cheap fingerprint), for the duplicate check.
    keys: Vec<(u64, Cow<'a, str>)>,
    key_base: Vec<usize>,
}

impl<'a, 'l> Parser<'a, 'l> {
    /// A parser positioned at `pos` for reading one token (no container state).
    fn at(src: &'a str, pos: usize, limits: &'l JsonLimits) -> Parser<'a, 'l> {
        Parser {
            src,
            bytes: src.as_bytes(),
            pos,
            items: 0,
            limits,
            stack: Vec::new(),
            keys: Vec::new(),
            key_base: Vec::new(),
        }
    }
}

impl<'a> Parser<'a, '_> {
    fn err(&self, what: &str) -> Error {
        Error::malformed(format!("malformed JSON at byte {}: {what}", self.pos))
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn count_item(&mut self) -> Result<()> {
        self.items += 1;
        if self.items > self.limits.max_items {
            return Err(Error::limit(
                Limit::Items,
                format!("more than {} values in the document", self.limits.max_items),
            ));
        }
        Ok(())
    }

    fn enter(&self) -> Result<()> {
        let max_depth = Limit::effective_depth(self.limits.max_depth);
        if self.stack.len() >= max_depth {
            return Err(Error::limit(
                Limit::Depth,
                format!("nesting deeper than {max_depth} levels"),
            ));
        }
        Ok(())
    }

    /// Reads `"name" :` and reports the member.
    fn member_name<S: Sink<'a>>(&mut self, sink: &mut S) -> Result<()> {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return Err(self.err("expected a member name"));
        }
        let key = self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.err("expected ':'"));
        }
        self.pos += 1;
        self.count_item()?;
        self.keys.push((fingerprint(&key), key.clone()));
        sink.member(key);
        Ok(())
    }

    fn close_object<S: Sink<'a>>(&mut self, sink: &mut S) -> Result<()> {
        let base = self.key_base.pop().unwrap_or(0);
        check_unique(&self.keys[base..])?;
        self.keys.truncate(base);
        self.stack.pop();
        sink.end_object();
        Ok(())
    }

    fn run<S: Sink<'a>>(&mut self, sink: &mut S) -> Result<()> {
        loop {
            // A value starts here.
            self.skip_ws();
            let complete = match self.peek() {
                Some(b'{') => {
                    self.enter()?;
                    self.pos += 1;
                    sink.begin_object();
                    self.stack.push(Frame::Object);
                    self.key_base.push(self.keys.len());
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        self.close_object(sink)?;
                        true
                    } else {
                        self.member_name(sink)?;
                        false
                    }
                }
                Some(b'[') => {
                    self.enter()?;
                    self.pos += 1;
                    sink.begin_array();
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        sink.end_array();
                        true
                    } else {
                        self.stack.push(Frame::Array(0));
                        self.count_item()?;
                        sink.element(0);
                        false
                    }
                }
                Some(b'"') => {
                    let s = self.string()?;
                    sink.scalar(Scalar::String(s));
                    true
                }
                Some(b't') => self.literal("true", Scalar::Bool(true), sink)?,
                Some(b'f') => self.literal("false", Scalar::Bool(false), sink)?,
                Some(b'n') => self.literal("null", Scalar::Null, sink)?,
                Some(b'-' | b'0'..=b'9') => {
                    let n = self.number()?;
                    sink.scalar(Scalar::Number(n));
                    true
                }
                Some(_) => return Err(self.err("expected a value")),
                None => return Err(self.err("unexpected end of input")),
            };
            if !complete {
                continue;
            }
            // A value ended: close every container it completes, then find the next value.
            loop {
                match self.stack.last().copied() {
                    None => {
                        self.skip_ws();
                        if self.pos != self.bytes.len() {
                            return Err(self.err("unexpected data after the JSON value"));
                        }
                        return Ok(());
                    }
                    Some(Frame::Object) => {
                        sink.end_member();
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.member_name(sink)?;
                                break;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                self.close_object(sink)?;
                            }
                            _ => return Err(self.err("expected ',' or '}'")),
                        }
                    }
                    Some(Frame::Array(n)) => {
                        sink.end_element();
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.count_item()?;
                                if let Some(Frame::Array(count)) = self.stack.last_mut() {
                                    *count = n + 1;
                                }
                                sink.element(n + 1);
                                break;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                self.stack.pop();
                                sink.end_array();
                            }
                            _ => return Err(self.err("expected ',' or ']'")),
                        }
                    }
                }
            }
        }
    }

    fn literal<S: Sink<'a>>(&mut self, word: &str, v: Scalar<'a>, sink: &mut S) -> Result<bool> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            sink.scalar(v);
            Ok(true)
        } else {
            Err(self.err("invalid literal"))
        }
    }

    fn check_len(&self, start: usize) -> Result<()> {
        if self.pos - start > self.limits.max_string_bytes {
            return Err(Error::limit(
                Limit::StringLength,
                format!(
                    "a string or number longer than {} bytes",
                    self.limits.max_string_bytes
                ),
            ));
        }
        Ok(())
    }

    fn number(&mut self) -> Result<&'a str> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.err("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid number: digit expected after '.'"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid number: digit expected in exponent"));
            }
            self.digits();
        }
        self.check_len(start)?;
        Ok(&self.src[start..self.pos])
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn string(&mut self) -> Result<Cow<'a, str>> {
        self.pos += 1; // opening quote
        let start = self.pos;
        // Fast path: no escapes.
        self.pos += scan_string(&self.bytes[self.pos..]);
        match self.peek() {
            Some(b'"') => {
                let s = &self.src[start..self.pos];
                self.pos += 1;
                self.check_len(start + 1)?;
                return Ok(Cow::Borrowed(s));
            }
            Some(b'\\') => {}
            Some(_) => return Err(self.err("control character in string")),
            None => return Err(self.err("unterminated string")),
        }
        let mut out = String::with_capacity(self.pos - start + 16);
        out.push_str(&self.src[start..self.pos]);
        loop {
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.src[run_start..self.pos]);
            if out.len() > self.limits.max_string_bytes {
                return Err(Error::limit(
                    Limit::StringLength,
                    format!(
                        "a string or number longer than {} bytes",
                        self.limits.max_string_bytes
                    ),
                ));
            }
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(_) => return Err(self.err("control character in string")),
                None => return Err(self.err("unterminated string")),
            }
        }
    }

    fn escape(&mut self) -> Result<char> {
        let b = self.peek().ok_or_else(|| self.err("unterminated escape"))?;
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                if (0xD800..0xDC00).contains(&hi) {
                    if !self.bytes[self.pos..].starts_with(b"\\u") {
                        return Err(self.err("lone surrogate in \\u escape"));
                    }
                    self.pos += 2;
                    let lo = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return Err(self.err("lone surrogate in \\u escape"));
                    }
                    let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    char::from_u32(cp).ok_or_else(|| self.err("invalid \\u escape"))?
                } else if (0xDC00..0xE000).contains(&hi) {
                    return Err(self.err("lone surrogate in \\u escape"));
                } else {
                    char::from_u32(hi).ok_or_else(|| self.err("invalid \\u escape"))?
                }
            }
            _ => return Err(self.err("invalid escape")),
        })
    }

    fn hex4(&mut self) -> Result<u32> {
        let chunk = self
            .bytes
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.err("truncated \\u escape"))?;
        let mut v = 0u32;
        for &b in chunk {
            let d = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => return Err(self.err("invalid hex digit in \\u escape")),
            };
            v = v * 16 + u32::from(d);
        }
        self.pos += 4;
        Ok(v)
    }
}

/// Length, first and last byte of a key: equal keys have equal fingerprints.
fn fingerprint(k: &str) -> u64 {
    let b = k.as_bytes();
    let first = b.first().copied().unwrap_or(0);
    let last = b.last().copied().unwrap_or(0);
    ((b.len() as u64) << 16) | (u64::from(first) << 8) | u64::from(last)
}

fn check_unique(keys: &[(u64, Cow<'_, str>)]) -> Result<()> {
    let dup = |k: &str| {
        Error::malformed(format!(
            "duplicate member name {:?}",
            crate::money::truncate_for_message(k)
        ))
    };
    if keys.len() <= 16 {
        for (i, (fp, k)) in keys.iter().enumerate() {
            if keys[..i].iter().any(|(ofp, other)| ofp == fp && other == k) {
                return Err(dup(k));
            }
        }
        return Ok(());
    }
    let mut sorted: Vec<&str> = keys.iter().map(|(_, k)| k.as_ref()).collect();
    sorted.sort_unstable();
    for w in sorted.windows(2) {
        if w[0] == w[1] {
            return Err(dup(w[0]));
        }
    }
    Ok(())
}

/// Builds a `Value` tree from parse events.
#[derive(Default)]
struct TreeSink<'a> {
    stack: Vec<Partial<'a>>,
    keys: Vec<Cow<'a, str>>,
    result: Option<Value<'a>>,
}

enum Partial<'a> {
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
    Array(Vec<Value<'a>>),
}

impl<'a> TreeSink<'a> {
    fn attach(&mut self, v: Value<'a>) {
        match self.stack.last_mut() {
            Some(Partial::Object(members)) => {
                let key = self.keys.pop().unwrap_or(Cow::Borrowed(""));
                members.push((key, v));
            }
            Some(Partial::Array(items)) => items.push(v),
            None => self.result = Some(v),
        }
    }
}

impl<'a> Sink<'a> for TreeSink<'a> {
    fn begin_object(&mut self) {
        self.stack.push(Partial::Object(Vec::with_capacity(8)));
    }
    fn member(&mut self, key: Cow<'a, str>) {
        self.keys.push(key);
    }
    fn end_member(&mut self) {}
    fn end_object(&mut self) {
        if let Some(Partial::Object(m)) = self.stack.pop() {
            self.attach(Value::Object(m));
        }
    }
    fn begin_array(&mut self) {
        self.stack.push(Partial::Array(Vec::with_capacity(4)));
    }
    fn element(&mut self, _index: usize) {}
    fn end_element(&mut self) {}
    fn end_array(&mut self) {
        if let Some(Partial::Array(items)) = self.stack.pop() {
            self.attach(Value::Array(items));
        }
    }
    fn scalar(&mut self, value: Scalar<'a>) {
        let v = match value {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Number(t) => Value::Number(Cow::Borrowed(t)),
            Scalar::String(s) => Value::String(s),
        };
        self.attach(v);
    }
}

/// Replays a tree as parse events (for flattening host data with the same code path).
pub(crate) fn replay<'a, S: Sink<'a>>(v: &'a Value<'a>, sink: &mut S) {
    // Explicit stack: host trees may be deep.
    enum Step<'v, 'a> {
        Value(&'v Value<'a>),
        EndMember,
        EndElement,
        EndObject,
        EndArray,
        Member(&'v Cow<'a, str>),
        Element(usize),
    }
    let mut todo: Vec<Step<'a, 'a>> = vec![Step::Value(v)];
    while let Some(step) = todo.pop() {
        match step {
            Step::Value(Value::Object(members)) => {
                sink.begin_object();
                todo.push(Step::EndObject);
                for (k, child) in members.iter().rev() {
                    todo.push(Step::EndMember);
                    todo.push(Step::Value(child));
                    todo.push(Step::Member(k));
                }
            }
            Step::Value(Value::Array(items)) => {
                sink.begin_array();
                todo.push(Step::EndArray);
                for (i, child) in items.iter().enumerate().rev() {
                    todo.push(Step::EndElement);
                    todo.push(Step::Value(child));
                    todo.push(Step::Element(i));
                }
            }
            Step::Value(Value::Null) => sink.scalar(Scalar::Null),
            Step::Value(Value::Bool(b)) => sink.scalar(Scalar::Bool(*b)),
            Step::Value(Value::Number(t)) => sink.scalar(Scalar::Number(t)),
            Step::Value(Value::String(s)) => sink.scalar(Scalar::String(Cow::Borrowed(s))),
            Step::Member(k) => sink.member(Cow::Borrowed(k)),
            Step::Element(i) => sink.element(i),
            Step::EndMember => sink.end_member(),
            Step::EndElement => sink.end_element(),
            Step::EndObject => sink.end_object(),
            Step::EndArray => sink.end_array(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn p(s: &str) -> Result<Value<'_>> {
        parse(s.as_bytes(), &JsonLimits::default())
    }

    #[test]
    fn keeps_number_text() {
        let v = p(r#"{"a":12345678901234567890,"b":1.10,"c":-0,"d":1e2}"#).unwrap();
        assert_eq!(
            v.get("a"),
            Some(&Value::Number("12345678901234567890".into()))
        );
        assert_eq!(v.get("b"), Some(&Value::Number("1.10".into())));
        assert!(v.get("c").unwrap().is_integer_number());
        assert!(!v.get("d").unwrap().is_integer_number());
    }

    #[test]
    fn unescapes_and_borrows() {
        let v = p(r#"{"k":"plain","e":"\u0041\n\ud83d\ude00"}"#).unwrap();
        assert!(matches!(
            v.get("k"),
            Some(Value::String(Cow::Borrowed("plain")))
        ));
        assert_eq!(v.get("e").unwrap().as_str(), Some("A\n😀"));
    }

    #[test]
    fn rejects_bad_input() {
        for bad in [
            r#"{"a":1,"a":2}"#,
            r#"{"a":"\ud800"}"#,
            r#"{"a":"\udc00x"}"#,
            r#"{"a":01}"#,
            r#"{"a":1,}"#,
            r#"{"a":.5}"#,
            r#"{"a":1"#,
            r#"{"a":"x"} x"#,
            r#"{"a":tru}"#,
            "{\"a\":\"\u{1}\"}",
            r#"{"a":-}"#,
            r#"{"a":1.}"#,
            r#"{"a":1e}"#,
            "",
        ] {
            let e = p(bad).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::MalformedInput, "{bad}: {e}");
        }
        assert_eq!(
            parse(b"{\"a\":\"\xff\"}", &JsonLimits::default())
                .unwrap_err()
                .kind(),
            ErrorKind::MalformedInput
        );
        assert_eq!(
            parse_object(b"[1]", &JsonLimits::default())
                .unwrap_err()
                .kind(),
            ErrorKind::MalformedInput
        );
    }

    #[test]
    fn bom_is_ignored() {
        assert!(parse_object("\u{feff}{}".as_bytes(), &JsonLimits::default()).is_ok());
    }

    #[test]
    fn limits() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let e = p(&deep).unwrap_err();
        assert_eq!(e.limit_hit(), Some(Limit::Depth));
        let ok = "[".repeat(64) + &"]".repeat(64);
        assert!(p(&ok).is_ok());
        let too = "[".repeat(65) + &"]".repeat(65);
        assert_eq!(p(&too).unwrap_err().limit_hit(), Some(Limit::Depth));
        let limits = JsonLimits {
            max_items: 3,
            ..JsonLimits::default()
        };
        assert_eq!(
            parse(b"[1,2,3,4]", &limits).unwrap_err().limit_hit(),
            Some(Limit::Items)
        );
        let limits = JsonLimits {
            max_string_bytes: 4,
            ..JsonLimits::default()
        };
        assert_eq!(
            parse(b"[\"12345\"]", &limits).unwrap_err().limit_hit(),
            Some(Limit::StringLength)
        );
        assert_eq!(
            parse(b"[\"1\\n345\"]", &limits).unwrap_err().limit_hit(),
            Some(Limit::StringLength)
        );
        let limits = JsonLimits {
            max_body_bytes: 4,
            ..JsonLimits::default()
        };
        assert_eq!(
            parse(b"[1,2]", &limits).unwrap_err().limit_hit(),
            Some(Limit::BodySize)
        );
    }

    #[test]
    fn many_keys_duplicate_detected() {
        let mut s = String::from("{");
        for i in 0..1000 {
            s.push_str(&format!("\"k{i}\":1,"));
        }
        s.push_str("\"k500\":2}");
        assert_eq!(p(&s).unwrap_err().kind(), ErrorKind::MalformedInput);
    }

    #[test]
    fn writes_back() {
        let src = r#"{"a":[1,"x\"y",null,true,{}],"b":1.10}"#;
        assert_eq!(p(src).unwrap().to_json(), src);
    }
}
