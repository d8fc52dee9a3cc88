//! The hardened XML reader: bytes → a flat, read-only element tree.
//!
//! * Size is checked before anything else; depth, element count and string length while reading.
//! * UTF-8 (BOM optional) is required unless the input starts with a UTF-16 BOM; the encoding
//!   named in the XML declaration is ignored.
//! * Any DOCTYPE is rejected; only the five predefined entities and character references are
//!   expanded; any other `&name;` is an error.
//! * Elements and attributes are known by their **local** name; namespace declarations are skipped
//!   and undeclared prefixes are tolerated.
//! * The reader is event based (quick-xml) and builds the tree with an explicit stack: nothing
//!   recurses in proportion to the input's depth.

use crate::error::{Error, Limit, Result};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::borrow::Cow;

/// Default maximum body size: 1 MiB.
pub(crate) const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;
/// Default maximum element nesting depth (the root is depth 1).
pub(crate) const DEFAULT_MAX_DEPTH: usize = 64;
/// Default maximum number of elements in one document.
pub(crate) const DEFAULT_MAX_ITEMS: usize = 20_000;
/// Default maximum length of one text or attribute value, in UTF-8 bytes after unescaping.
pub(crate) const DEFAULT_MAX_STRING_BYTES: usize = 64 * 1024;

/// Resource limits applied to every inbound XML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseLimits {
    /// Largest accepted body, in bytes (checked before reading). Default 1 MiB.
    pub max_body_bytes: usize,
    /// Deepest accepted element nesting; the root element is depth 1. Default 64; at most
    /// [`MAX_DEPTH_CEILING`](crate::error::MAX_DEPTH_CEILING) whatever is set.
    pub max_depth: usize,
    /// Most elements (and attributes per element) accepted in one document. Default 20,000.
    pub max_items: usize,
    /// Longest accepted text content or attribute value, in UTF-8 bytes. Default 64 KiB.
    pub max_string_bytes: usize,
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            max_items: DEFAULT_MAX_ITEMS,
            max_string_bytes: DEFAULT_MAX_STRING_BYTES,
        }
    }
}

/// Alias used by the CQR parsers.
pub type CqrLimits = ParseLimits;

impl ParseLimits {
    /// Checks a body length (e.g. an HTTP `Content-Length`) against the size limit, so a host can
    /// refuse a huge body before reading it.
    pub fn check_body_size(&self, len: usize) -> Result<()> {
        if len > self.max_body_bytes {
            return Err(Error::limit(
                Limit::BodySize,
                format!(
                    "body of {len} bytes exceeds the limit of {} bytes",
                    self.max_body_bytes
                ),
            ));
        }
        Ok(())
    }
}

pub(crate) const NONE: u32 = u32::MAX;

/// Index of an element in a [`Document`].
pub(crate) type NodeId = u32;

#[derive(Debug)]
struct Node<'a> {
    name: &'a str,
    parent: u32,
    first_child: u32,
    last_child: u32,
    next_sibling: u32,
    text: Cow<'a, str>,
    attr_start: u32,
    attr_end: u32,
}

#[derive(Debug)]
struct Attr<'a> {
    /// Local name (what lookups match).
    name: &'a str,
    /// Name as written, prefix included: two attributes are duplicates only when this is equal
    /// (same prefix and local name; `xsi:type` and `type` are two attributes).
    qname: &'a str,
    value: Cow<'a, str>,
}

impl Attr<'_> {
    fn is_prefixed(&self) -> bool {
        self.qname.len() != self.name.len()
    }
}

/// A parsed document: elements by local name, their direct text content and attributes.
#[derive(Debug)]
pub(crate) struct Document<'a> {
    nodes: Vec<Node<'a>>,
    attrs: Vec<Attr<'a>>,
}

/// Decodes `input` per the encoding rules, parses it, and hands the document to `f`.
pub(crate) fn with_document<R>(
    input: &[u8],
    limits: &ParseLimits,
    f: impl FnOnce(&Document<'_>) -> Result<R>,
) -> Result<R> {
    limits.check_body_size(input.len())?;
    let text = decode(input)?;
    let doc = Document::parse(&text, limits)?;
    f(&doc)
}

/// UTF-8 (optional BOM) or, only with a BOM, UTF-16 LE/BE.
fn decode(input: &[u8]) -> Result<Cow<'_, str>> {
    match input {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => utf8(input),
    }
}

fn utf8(bytes: &[u8]) -> Result<Cow<'_, str>> {
    std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
        Error::malformed(format!(
            "input is not valid UTF-8 (at byte {})",
            e.valid_up_to()
        ))
    })
}

fn utf16(bytes: &[u8], conv: fn([u8; 2]) -> u16) -> Result<Cow<'static, str>> {
    if bytes.len() % 2 != 0 {
        return Err(Error::malformed("UTF-16 input has an odd number of bytes"));
    }
    let units = bytes.chunks_exact(2).map(|c| conv([c[0], c[1]]));
    let mut out = String::with_capacity(bytes.len() / 2);
    for ch in char::decode_utf16(units) {
        match ch {
            Ok(c) => out.push(c),
            Err(_) => {
                return Err(Error::malformed(
                    "input is not valid UTF-16 (unpaired surrogate)",
                ))
            }
        }
    }
    Ok(Cow::Owned(out))
}

/// The part of a qualified name after the last `:` (names are short: a plain loop beats memchr).
fn local_part(qname: &[u8]) -> &[u8] {
    match qname.iter().rposition(|&b| b == b':') {
        Some(i) => qname.get(i + 1..).unwrap_or(b""),
        None => qname,
    }
}

/// Maps a slice produced by quick-xml back into the input so it keeps the input's lifetime.
fn reborrow<'a>(input: &'a str, part: &[u8]) -> Option<&'a str> {
    let start = (part.as_ptr() as usize).checked_sub(input.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    input.get(start..end)
}

fn to_str<'a>(input: &'a str, part: Cow<'_, [u8]>) -> Result<Cow<'a, str>> {
    if let Some(s) = reborrow(input, &part) {
        return Ok(Cow::Borrowed(s));
    }
    String::from_utf8(part.into_owned())
        .map(Cow::Owned)
        .map_err(|_| Error::malformed("invalid UTF-8 in markup"))
}

/// Trims XML whitespace (space, tab, LF, CR) only.
pub(crate) fn trim_xml(s: &str) -> &str {
    // The four whitespace characters are ASCII, so byte positions are char boundaries.
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let b = s.as_bytes();
    let Some(start) = b.iter().position(|c| !ws(c)) else {
        return "";
    };
    let end = b.iter().rposition(|c| !ws(c)).map_or(start, |e| e + 1);
    s.get(start..end).unwrap_or("")
}

fn xml_char_ok(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// Expands the predefined entities and character references, normalises line ends (and, in
/// attributes, whitespace), and rejects characters XML 1.0 does not allow.
///
/// `checked` says the caller has already verified that the whole input holds no character XML
/// forbids, so only `&`, CR (and, in attributes, TAB/LF) need attention.
fn unescape(raw: &str, attr: bool, checked: bool) -> std::result::Result<Cow<'_, str>, String> {
    let needs_work = if checked {
        if attr {
            raw.bytes()
                .any(|b| matches!(b, b'&' | b'\r' | b'\n' | b'\t'))
        } else {
            raw.bytes().any(|b| matches!(b, b'&' | b'\r'))
        }
    } else {
        raw.bytes()
            .any(|b| b < 0x20 && (attr || (b != b'\t' && b != b'\n')) || b == b'&' || b == 0xEF)
    };
    if !needs_work {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            '&' => {
                let end = rest
                    .find(';')
                    .filter(|&i| i <= 10)
                    .ok_or_else(|| "an '&' that does not start a reference".to_string())?;
                let name = &rest[..end];
                rest = &rest[end + 1..];
                let expanded = match name {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "apos" => '\'',
                    "quot" => '"',
                    _ => char_ref(name)?,
                };
                out.push(expanded);
            }
            '\r' => {
                if rest.starts_with('\n') {
                    rest = &rest[1..];
                }
                out.push(if attr { ' ' } else { '\n' });
            }
            '\t' | '\n' if attr => out.push(' '),
            c if !xml_char_ok(c) => {
                return Err(format!(
                    "character U+{:04X} is not allowed in XML",
                    u32::from(c)
                ))
            }
            c => out.push(c),
        }
    }
    Ok(Cow::Owned(out))
}

/// One pass over the whole input (branch-free so it vectorises): whether it is free of
/// characters XML 1.0 forbids (C0 controls other than TAB, LF, CR; U+FFFE; U+FFFF), and whether
/// it contains any `&` or CR at all (when it does not, no text needs unescaping).
fn scan_input(input: &str) -> (bool, bool) {
    let bytes = input.as_bytes();
    let mut bad = 0u8;
    let mut ef = 0u8;
    let mut amp_cr = 0u8;
    for chunk in bytes.chunks(64) {
        for &b in chunk {
            bad |= u8::from(b < 0x20)
                & u8::from(b != b'\t')
                & u8::from(b != b'\n')
                & u8::from(b != b'\r');
            ef |= u8::from(b == 0xEF);
            amp_cr |= u8::from(b == b'&') | u8::from(b == b'\r');
        }
    }
    // U+FFFE/U+FFFF are encoded EF BF BE / EF BF BF; look closer only when an EF byte exists.
    let ok = bad == 0 && (ef == 0 || !input.chars().any(|c| c == '\u{FFFE}' || c == '\u{FFFF}'));
    (ok, amp_cr != 0)
}

fn char_ref(name: &str) -> std::result::Result<char, String> {
    let code = if let Some(hex) = name.strip_prefix("#x") {
        if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            None
        } else {
            u32::from_str_radix(hex, 16).ok()
        }
    } else if let Some(dec) = name.strip_prefix('#') {
        if dec.is_empty() || !dec.bytes().all(|b| b.is_ascii_digit()) {
            None
        } else {
            dec.parse::<u32>().ok()
        }
    } else {
        return Err(format!(
            "entity reference &{};: only the five predefined entities are allowed",
            crate::money::truncate_for_message(name)
        ));
    };
    match code.and_then(char::from_u32) {
        Some(c) if xml_char_ok(c) => Ok(c),
        _ => Err(format!(
            "character reference &{name}; is not an allowed XML character"
        )),
    }
}

struct Builder<'a, 'l> {
    input: &'a str,
    limits: &'l ParseLimits,
    nodes: Vec<Node<'a>>,
    attrs: Vec<Attr<'a>>,
    stack: Vec<u32>,
    root_done: bool,
    checked: bool,
    /// Whether `&` or CR occurs anywhere in the input.
    amp_cr: bool,
}

impl<'a> Builder<'a, '_> {
    fn path(&self) -> String {
        let mut p = String::new();
        for &i in &self.stack {
            p.push('/');
            if let Some(n) = self.nodes.get(i as usize) {
                p.push_str(n.name);
            }
        }
        if p.is_empty() {
            p.push('/');
        }
        p
    }

    fn malformed(&self, msg: impl Into<String>) -> Error {
        Error::malformed(msg).with_path(self.path())
    }

    fn open(&mut self, e: &quick_xml::events::BytesStart<'_>) -> Result<u32> {
        if self.root_done {
            return Err(self.malformed("more than one root element"));
        }
        let max_depth = Limit::effective_depth(self.limits.max_depth);
        if self.stack.len() >= max_depth {
            return Err(Error::limit(
                Limit::Depth,
                format!("elements nested deeper than {max_depth}"),
            )
            .with_path(self.path()));
        }
        if self.nodes.len() >= self.limits.max_items {
            return Err(Error::limit(
                Limit::Items,
                format!("more than {} elements", self.limits.max_items),
            )
            .with_path(self.path()));
        }
        let qname = e.name();
        let name = reborrow(self.input, local_part(qname.as_ref()))
            .ok_or_else(|| self.malformed("element name is not part of the input"))?;
        if name.is_empty() {
            return Err(self.malformed("empty element name"));
        }
        let id = self.nodes.len() as u32;
        let parent = self.stack.last().copied().unwrap_or(NONE);
        let attr_start = self.attrs.len() as u32;
        let has_attrs = e.attributes_raw().iter().any(|b| !b.is_ascii_whitespace());
        // Duplicate names (same prefix and local name, i.e. the same name as written): a linear
        // scan for the usual few attributes, a set past that, so that an element with thousands
        // of attributes costs linear, not quadratic, time.
        let mut seen: Option<std::collections::HashSet<&'a str>> = None;
        for a in e.attributes().with_checks(false).filter(|_| has_attrs) {
            let a = a.map_err(|err| self.malformed(format!("bad attribute: {err}")))?;
            let key = a.key.as_ref();
            if key == b"xmlns" || key.starts_with(b"xmlns:") {
                continue;
            }
            let qname = reborrow(self.input, key)
                .ok_or_else(|| self.malformed("attribute name is not part of the input"))?;
            let aname = reborrow(self.input, local_part(key))
                .ok_or_else(|| self.malformed("attribute name is not part of the input"))?;
            let earlier = &self.attrs[attr_start as usize..];
            let duplicate = if earlier.len() < 8 {
                earlier.iter().any(|x| x.qname == qname)
            } else {
                !seen
                    .get_or_insert_with(|| earlier.iter().map(|x| x.qname).collect())
                    .insert(qname)
            };
            if duplicate {
                return Err(self.malformed(format!(
                    "duplicate attribute {:?}",
                    crate::money::truncate_for_message(qname)
                )));
            }
            if self.attrs.len() - attr_start as usize >= self.limits.max_items {
                return Err(
                    Error::limit(Limit::Items, "too many attributes").with_path(self.path())
                );
            }
            let raw = to_str(self.input, a.value)?;
            let value = match raw {
                Cow::Borrowed(s) => {
                    unescape(s, true, self.checked).map_err(|m| self.malformed(m))?
                }
                Cow::Owned(s) => Cow::Owned(
                    unescape(&s, true, self.checked)
                        .map_err(|m| self.malformed(m))?
                        .into_owned(),
                ),
            };
            if value.len() > self.limits.max_string_bytes {
                return Err(Error::limit(
                    Limit::StringLength,
                    format!(
                        "attribute longer than {} bytes",
                        self.limits.max_string_bytes
                    ),
                )
                .with_path(self.path()));
            }
            self.attrs.push(Attr {
                name: aname,
                qname,
                value,
            });
        }
        let attr_end = self.attrs.len() as u32;
        self.nodes.push(Node {
            name,
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            text: Cow::Borrowed(""),
            attr_start,
            attr_end,
        });
        if parent != NONE {
            let last = self
                .nodes
                .get(parent as usize)
                .map(|p| p.last_child)
                .unwrap_or(NONE);
            if last == NONE {
                if let Some(p) = self.nodes.get_mut(parent as usize) {
                    p.first_child = id;
                }
            } else if let Some(l) = self.nodes.get_mut(last as usize) {
                l.next_sibling = id;
            }
            if let Some(p) = self.nodes.get_mut(parent as usize) {
                p.last_child = id;
            }
        }
        Ok(id)
    }

    fn close(&mut self) {
        self.stack.pop();
        if self.stack.is_empty() {
            self.root_done = true;
        }
    }

    fn text(&mut self, content: Cow<'a, str>) -> Result<()> {
        let Some(&cur) = self.stack.last() else {
            if trim_xml(&content).is_empty() {
                return Ok(());
            }
            return Err(self.malformed(if self.root_done {
                "text after the root element"
            } else {
                "text before the root element"
            }));
        };
        let max = self.limits.max_string_bytes;
        let Some(node) = self.nodes.get_mut(cur as usize) else {
            return Ok(());
        };
        if node.text.is_empty() {
            node.text = content;
        } else if node.first_child != NONE && trim_xml(&content).is_empty() {
            // Formatting whitespace between child elements: not content.
            return Ok(());
        } else {
            node.text.to_mut().push_str(&content);
        }
        if node.text.len() > max {
            return Err(
                Error::limit(Limit::StringLength, format!("text longer than {max} bytes"))
                    .with_path(self.path()),
            );
        }
        Ok(())
    }
}

impl<'a> Document<'a> {
    /// Parses an already decoded document. Most callers want [`with_document`].
    pub(crate) fn parse(input: &'a str, limits: &ParseLimits) -> Result<Document<'a>> {
        limits.check_body_size(input.len())?;
        let mut reader = Reader::from_str(input);
        {
            let cfg = reader.config_mut();
            cfg.trim_text(false);
            cfg.check_end_names = true;
            cfg.expand_empty_elements = false;
            cfg.check_comments = true;
        }
        let (checked, amp_cr) = scan_input(input);
        let mut b = Builder {
            input,
            limits,
            nodes: Vec::with_capacity((input.len() / 48).clamp(16, 4096)),
            attrs: Vec::with_capacity(32),
            stack: Vec::with_capacity(16),
            root_done: false,
            checked,
            amp_cr,
        };
        let mut first = true;
        loop {
            let ev = match reader.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    let msg = crate::money::truncate_for_message(&e.to_string());
                    return Err(b.malformed(format!(
                        "not well-formed XML at byte {}: {msg}",
                        reader.error_position()
                    )));
                }
            };
            let was_first = first;
            first = false;
            match ev {
                Event::Decl(_) => {
                    if !was_first {
                        return Err(b.malformed("XML declaration not at the start"));
                    }
                }
                Event::DocType(_) => return Err(b.malformed("DOCTYPE is not allowed")),
                Event::PI(_) | Event::Comment(_) => {}
                Event::Start(e) => {
                    let id = b.open(&e)?;
                    b.stack.push(id);
                }
                Event::Empty(e) => {
                    b.open(&e)?;
                    if b.stack.is_empty() {
                        b.root_done = true;
                    }
                }
                Event::End(_) => {
                    if b.stack.is_empty() {
                        return Err(b.malformed("end tag without a start tag"));
                    }
                    b.close();
                }
                Event::Text(t) => {
                    let raw = to_str(input, t.into_inner())?;
                    let content = match raw {
                        Cow::Borrowed(s) if b.checked && !b.amp_cr => Cow::Borrowed(s),
                        Cow::Borrowed(s) => {
                            unescape(s, false, b.checked).map_err(|m| b.malformed(m))?
                        }
                        Cow::Owned(s) => Cow::Owned(
                            unescape(&s, false, b.checked)
                                .map_err(|m| b.malformed(m))?
                                .into_owned(),
                        ),
                    };
                    b.text(content)?;
                }
                Event::CData(t) => {
                    if b.stack.is_empty() {
                        return Err(b.malformed("CDATA outside the root element"));
                    }
                    let raw = to_str(input, t.into_inner())?;
                    if let Some(c) = raw.chars().find(|&c| !b.checked && !xml_char_ok(c)) {
                        return Err(b.malformed(format!(
                            "character U+{:04X} is not allowed in XML",
                            u32::from(c)
                        )));
                    }
                    let content = if raw.contains('\r') {
                        Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
                    } else {
                        raw
                    };
                    b.text(content)?;
                }
                Event::Eof => break,
            }
        }
        if !b.stack.is_empty() {
            return Err(b.malformed("unclosed element at end of input"));
        }
        if !b.checked {
            // The forbidden character was not in any text or attribute value: it is in markup.
            return Err(Error::malformed(
                "a character XML 1.0 does not allow appears in markup",
            ));
        }
        if b.nodes.is_empty() {
            return Err(Error::malformed("no root element"));
        }
        Ok(Document {
            nodes: b.nodes,
            attrs: b.attrs,
        })
    }

    /// The root element.
    pub(crate) fn root(&self) -> NodeId {
        0
    }

    fn node(&self, id: NodeId) -> Option<&Node<'a>> {
        self.nodes.get(id as usize)
    }

    /// Local name of an element.
    pub(crate) fn name(&self, id: NodeId) -> &str {
        self.node(id).map(|n| n.name).unwrap_or("")
    }

    /// Direct text content, unescaped, not trimmed.
    pub(crate) fn text(&self, id: NodeId) -> &str {
        self.node(id).map(|n| n.text.as_ref()).unwrap_or("")
    }

    fn attrs_of(&self, id: NodeId) -> &[Attr<'a>] {
        self.node(id)
            .and_then(|n| self.attrs.get(n.attr_start as usize..n.attr_end as usize))
            .unwrap_or(&[])
    }

    /// Attribute value by local name. When several attributes share the local name (different
    /// prefixes), the unprefixed one wins, else the first one.
    pub(crate) fn attr(&self, id: NodeId, local: &str) -> Option<&str> {
        self.attr_preferring(id, local, false)
    }

    /// An `xsi:` attribute by local name: a prefixed attribute wins over an unprefixed one of
    /// the same local name (`xsi:type="keyIntValuePair" type="…"` reads `keyIntValuePair`);
    /// any prefix is accepted (namespaces are not checked), and an unprefixed one is the
    /// fallback.
    fn xsi_attr(&self, id: NodeId, local: &str) -> Option<&str> {
        self.attr_preferring(id, local, true)
    }

    fn attr_preferring(&self, id: NodeId, local: &str, prefixed: bool) -> Option<&str> {
        let attrs = self.attrs_of(id);
        attrs
            .iter()
            .find(|a| a.name == local && a.is_prefixed() == prefixed)
            .or_else(|| attrs.iter().find(|a| a.name == local))
            .map(|a| a.value.as_ref())
    }

    /// `xsi:nil="true"` (or `1`), matched by local name.
    pub(crate) fn is_nil(&self, id: NodeId) -> bool {
        matches!(
            self.xsi_attr(id, "nil").map(trim_xml),
            Some("true") | Some("1")
        )
    }

    /// `xsi:type`, matched by local name, trimmed.
    pub(crate) fn xsi_type(&self, id: NodeId) -> Option<&str> {
        self.xsi_attr(id, "type").map(trim_xml)
    }

    /// Child elements in document order.
    pub(crate) fn children(&self, id: NodeId) -> Children<'_, 'a> {
        Children {
            doc: self,
            next: self.node(id).map(|n| n.first_child).unwrap_or(NONE),
        }
    }

    /// First child with this local name.
    pub(crate) fn child(&self, id: NodeId, local: &str) -> Option<NodeId> {
        self.children(id).find(|&c| self.name(c) == local)
    }

    /// `/root/a/b` path of an element, for error messages.
    pub(crate) fn path(&self, id: NodeId) -> String {
        let mut names = Vec::new();
        let mut cur = id;
        while let Some(n) = self.node(cur) {
            names.push(n.name);
            cur = n.parent;
            if names.len() > self.nodes.len() {
                break;
            }
        }
        let mut p = String::new();
        for n in names.iter().rev() {
            p.push('/');
            p.push_str(n);
        }
        p
    }
}

/// Iterator over child elements.
pub(crate) struct Children<'d, 'a> {
    doc: &'d Document<'a>,
    next: u32,
}

impl Iterator for Children<'_, '_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        self.next = self.doc.node(id).map(|n| n.next_sibling).unwrap_or(NONE);
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn parse(s: &str) -> Result<()> {
        with_document(s.as_bytes(), &ParseLimits::default(), |_| Ok(()))
    }

    #[test]
    fn tree_basics() {
        let x = r#"<?xml version="1.0" encoding="utf-16"?><p:a xmlns:p="urn:x" q:t="v"><b>1 &amp; &#x41;&#66;</b><c/><b>2</b></p:a>"#;
        with_document(x.as_bytes(), &ParseLimits::default(), |d| {
            let r = d.root();
            assert_eq!(d.name(r), "a");
            assert_eq!(d.attr(r, "t"), Some("v"));
            let kids: Vec<_> = d.children(r).map(|c| d.name(c).to_string()).collect();
            assert_eq!(kids, ["b", "c", "b"]);
            let b = d.child(r, "b").unwrap();
            assert_eq!(d.text(b), "1 & AB");
            assert_eq!(d.path(b), "/a/b");
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn rejects() {
        for bad in [
            "<!DOCTYPE a><a/>",
            "<a>&foo;</a>",
            "<a>&#0;</a>",
            "<a>",
            "<a/><b/>",
            "<a/>junk",
            "junk<a/>",
            "<a></b>",
            "",
            "<a>\u{1}</a>",
            "<a x='1' x='2'/>",
            "<a xsi:type='1' xsi:type='2'/>",
            "<a p:x='1' q:y='2' p:x='3'/>",
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::MalformedInput, "{bad}: {e}");
        }
    }

    #[test]
    fn attributes_differ_by_prefix_or_local_name() {
        let x = r#"<a xsi:type="T" type="t" xsi:nil="false" nil="true" p:c="1" q:c="2" c="3"/>"#;
        with_document(x.as_bytes(), &ParseLimits::default(), |d| {
            let r = d.root();
            assert_eq!(d.xsi_type(r), Some("T"));
            assert!(!d.is_nil(r));
            assert_eq!(d.attr(r, "type"), Some("t"));
            assert_eq!(d.attr(r, "c"), Some("3"));
            Ok(())
        })
        .unwrap();
        with_document(br#"<a type="t" p:c="1"/>"#, &ParseLimits::default(), |d| {
            assert_eq!(d.xsi_type(d.root()), Some("t"));
            assert_eq!(d.attr(d.root(), "c"), Some("1"));
            Ok(())
        })
        .unwrap();
        // Past eight attributes the duplicate check uses a set: same rules.
        let many: String = (0..20).map(|i| format!(" a{i}=\"\" p:a{i}=\"\"")).collect();
        parse(&format!("<a{many}/>")).unwrap();
        let e = parse(&format!("<a{many} p:a7=\"x\"/>")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MalformedInput);
    }

    #[test]
    fn limits() {
        let deep = "<a>".repeat(65) + &"</a>".repeat(65);
        assert_eq!(parse(&deep).unwrap_err().limit_hit(), Some(Limit::Depth));
        let ok = "<a>".repeat(64) + &"</a>".repeat(64);
        parse(&ok).unwrap();
    }

    #[test]
    fn utf16_with_bom() {
        let s = "<?xml version=\"1.0\" encoding=\"utf-16\"?><a>я</a>";
        let mut b = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        with_document(&b, &ParseLimits::default(), |d| {
            assert_eq!(d.text(d.root()), "я");
            Ok(())
        })
        .unwrap();
        let e =
            with_document(&[0x3C, 0xFF, 0x3E], &ParseLimits::default(), |_| Ok(())).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MalformedInput);
    }

    #[test]
    fn line_ends() {
        with_document(b"<a>x\r\ny\rz&#xD;</a>", &ParseLimits::default(), |d| {
            assert_eq!(d.text(d.root()), "x\ny\nz\r");
            Ok(())
        })
        .unwrap();
    }
}
