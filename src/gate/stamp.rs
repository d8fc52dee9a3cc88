//! The canonical stamp (gate.md §2.3) and the bounded set of variant stamps accepted on
//! verification (§2.4 step 4).
//!
//! Flattening writes every `path:value` entry once into one arena string; sorting permutes
//! small index records, so building a stamp costs one pass plus a sort, with no per-item
//! allocation.

use super::json::{drive, is_integer_text, replay, JsonLimits, Scalar, Sink, Value};
use super::natural::strnatcmp;
use super::numbers::{php_float_text, python_float_text};
use crate::error::{Error, Result};
use std::borrow::Cow;

/// How the flattened paths are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Byte order of the UTF-8 paths (canonical; Python SDK).
    Byte,
    /// PHP `ksort(..., SORT_NATURAL)` order (PHP SDK), accepted on input only.
    Natural,
}

/// How non-integer number tokens are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberRendering {
    /// The exact received text (canonical).
    Exact,
    /// Python's `repr(float)`.
    Python,
    /// PHP's `(string)$float` with precision 14.
    Php,
}

/// One way of writing the stamp. A `:` inside a member name is always written `::`: the
/// unescaped form is not accepted (gate.md §2.3), because it lets `{"a:b":x}` and
/// `{"a":{"b":x}}` share a stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct StampVariant {
    /// How the paths are ordered.
    pub order: SortOrder,
    /// How non-integer numbers are written.
    pub numbers: NumberRendering,
}

impl StampVariant {
    /// The stamp every sender should write: byte order, exact number text (gate.md §2.3).
    pub const CANONICAL: StampVariant = StampVariant {
        order: SortOrder::Byte,
        numbers: NumberRendering::Exact,
    };

    /// True for [`StampVariant::CANONICAL`].
    pub fn is_canonical(&self) -> bool {
        *self == Self::CANONICAL
    }
}

/// Member names dropped at every depth with their subtree.
pub(super) const IGNORED_KEY: &str = "frame_mode";
/// Member name of the signature, removed from objects reached through objects only.
pub(crate) const SIGNATURE_KEY: &str = "signature";
/// The root member whose `signature` a received message may carry instead (gate.md §2.4
/// step 2).
pub(crate) const GENERAL_KEY: &str = "general";

/// A flattened leaf.
#[derive(Debug, Clone)]
pub(crate) enum Leaf<'v> {
    Str(Cow<'v, str>),
    Int(&'v str),
    Float(&'v str),
    Bool(bool),
    Null,
}

/// A static map of member paths to slots: flattening records which entry sits at each
/// known path, so typed readers need no lookups afterwards.
pub(crate) struct SchemaNode {
    pub key: &'static str,
    /// The key's first 16 bytes, big-endian, zero-padded ([`prefix_key`] at compile time):
    /// with the length, the whole key up to 16 bytes, so matching a member name needs no
    /// byte comparison.
    pub fingerprint: u128,
    pub slot: u8,
    pub children: &'static [SchemaNode],
    /// Each child's position in byte order of the children's keys, when that order holds
    /// whatever the members hold (no key is a prefix of another, at most
    /// [`MAX_RANKED_CHILDREN`] children): the fast path then orders an object whose members all
    /// matched the schema by these ranks instead of comparing names.
    pub ranks: Option<[u8; MAX_RANKED_CHILDREN]>,
    /// The key has a meaning of its own while flattening (`signature`, `frame_mode`,
    /// `general`): the fast path gives such members its full treatment.
    pub special: bool,
}

/// [`SchemaNode::rank`] of a child whose siblings are not ranked.
pub(crate) const NO_RANK: u8 = u8::MAX;

/// Children a schema node ranks (see [`SchemaNode::ranks`]).
pub(crate) const MAX_RANKED_CHILDREN: usize = 16;

impl SchemaNode {
    /// A node for `key` at `slot` with `children` (none for a leaf).
    pub(crate) const fn new(
        key: &'static str,
        slot: u8,
        children: &'static [SchemaNode],
    ) -> SchemaNode {
        assert!(
            distinct_keys(children),
            "a schema node's children have distinct keys"
        );
        SchemaNode {
            key,
            fingerprint: const_prefix_key(key),
            slot,
            children,
            ranks: child_ranks(children),
            special: const_eq(key, SIGNATURE_KEY)
                || const_eq(key, IGNORED_KEY)
                || const_eq(key, GENERAL_KEY),
        }
    }

    /// The rank of child `i` ([`SchemaNode::ranks`]), or [`NO_RANK`] when the children are
    /// not ranked.
    #[inline]
    pub(crate) fn rank(&self, i: usize) -> u8 {
        self.ranks
            .and_then(|r| r.get(i).copied())
            .unwrap_or(NO_RANK)
    }

    /// The child named `name` (whose [`prefix_key`] is `fingerprint`), trying child `next`
    /// first: members usually come in schema order.
    #[inline(always)]
    pub(crate) fn find_child(&self, next: u8, name: &[u8], fingerprint: u128) -> Option<usize> {
        let at = usize::from(next);
        match self.children.get(at) {
            Some(child) if child.is_named(name, fingerprint) => Some(at),
            _ => self
                .children
                .iter()
                .position(|c| c.is_named(name, fingerprint)),
        }
    }

    /// True when this node's key is `name` (whose [`prefix_key`] is `fingerprint`).
    #[inline]
    pub(crate) fn is_named(&self, name: &[u8], fingerprint: u128) -> bool {
        self.fingerprint == fingerprint
            && self.key.len() == name.len()
            && (name.len() <= 16 || self.key.as_bytes() == name)
    }
}

/// `a == b`, at compile time.
const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// No two of `children` have the same key (the fast path's duplicate check for members
/// that matched the schema relies on it), at compile time.
const fn distinct_keys(children: &[SchemaNode]) -> bool {
    let mut i = 0;
    while i < children.len() {
        let mut j = i + 1;
        while j < children.len() {
            if const_eq(children[i].key, children[j].key) {
                return false;
            }
            j += 1;
        }
        i += 1;
    }
    true
}

/// [`SchemaNode::ranks`] of `children`, at compile time. Between two member names neither of
/// which is a prefix of the other, the first differing byte lies inside both, so byte order of
/// the names is the order of their paths (a container's `:` never decides it).
const fn child_ranks(children: &[SchemaNode]) -> Option<[u8; MAX_RANKED_CHILDREN]> {
    if children.len() > MAX_RANKED_CHILDREN {
        return None;
    }
    let mut ranks = [0u8; MAX_RANKED_CHILDREN];
    let mut i = 0;
    while i < children.len() {
        let mut j = 0;
        while j < children.len() {
            if j != i {
                let (a, b) = (children[j].key.as_bytes(), children[i].key.as_bytes());
                let mut k = 0;
                while k < a.len() && k < b.len() && a[k] == b[k] {
                    k += 1;
                }
                if k == a.len() || k == b.len() {
                    // One key is a prefix of the other (or they are equal).
                    return None;
                }
                if a[k] < b[k] {
                    ranks[i] += 1;
                }
            }
            j += 1;
        }
        i += 1;
    }
    Some(ranks)
}

/// [`prefix_key`] in a constant.
pub(crate) const fn const_prefix_key(name: &str) -> u128 {
    let bytes = name.as_bytes();
    let mut v = 0u128;
    let mut i = 0;
    while i < bytes.len() && i < 16 {
        v |= (bytes[i] as u128) << (8 * (15 - i));
        i += 1;
    }
    v
}

/// Slots available to a schema.
pub(crate) const MAX_SLOTS: usize = 64;
pub(super) const NO_ENTRY: u32 = u32::MAX;

/// Where an entry's path is in `Flat::paths` (general path only).
struct PathRange {
    start: u32,
    end: u32,
}

/// Where the received signature was found while flattening.
#[derive(Debug, Clone, Default)]
pub(super) enum SigSlot<'v> {
    #[default]
    Absent,
    NotAString,
    Text(Cow<'v, str>),
}

/// A message flattened into `path` + leaf records (a `:` in a member name written `::`), with
/// the received signature picked up on the way (§2.4 steps 2–3).
pub(crate) struct Flat<'v> {
    paths: String,
    /// Each entry's path in `paths` (parallel to `leaves`; empty after the fast path).
    path_ranges: Vec<PathRange>,
    /// Each entry's value, in document order.
    pub(super) leaves: Vec<Leaf<'v>>,
    pub(crate) has_float: bool,
    pub(super) first_float_path: Option<String>,
    pub(super) root_signature: SigSlot<'v>,
    pub(super) general_signature: SigSlot<'v>,
    /// Entry indexes in byte order of their paths (ties in document order).
    byte_order: Vec<u32>,
    /// Entry index at each schema slot (`NO_ENTRY` when absent).
    pub(super) slots: [u32; MAX_SLOTS],
    /// Bit per schema slot: the member held an object or array with members.
    pub(super) containers: u64,
    /// The canonical stamp, when the flattening fast path (`gate::flat_fast`) wrote it
    /// directly (UTF-8: it is written from whole pieces of the checked input); the entries'
    /// paths are then not kept, and variant stamps need the general path.
    stamp: Option<Vec<u8>>,
    /// The message text (UTF-8 checked, byte-order mark removed) when parsed from bytes, so
    /// that readers need not check it again.
    text: Option<&'v str>,
}

#[derive(Clone, Copy)]
struct Frame {
    /// `signature` members of this object are dropped (objects reached through objects).
    drops_signature: bool,
    /// 0 = not a capture target, 1 = the root object, 2 = the root's `general` object.
    capture: u8,
    /// The schema node of this container, when it is at a known path.
    node: Option<&'static SchemaNode>,
}

/// Turns parse events into flat entries.
struct FlatSink<'v> {
    prefix: String,
    /// Prefix length to restore after each member/element; `usize::MAX` for ignored ones.
    marks: Vec<usize>,
    frames: Vec<Frame>,
    /// Open containers of an ignored value, plus one while the value itself is pending.
    ignore: usize,
    /// Which signature slot the pending ignored value fills (0 = none).
    capturing: u8,
    /// Settings for the next object opened as a member value.
    next_drops_signature: bool,
    next_is_general: bool,
    /// Set by the first event: whether the top-level value is an object.
    root_is_object: Option<bool>,
    /// Schema node of each open member/element (parallel to `marks`).
    nodes: Vec<Option<&'static SchemaNode>>,
    root_schema: Option<&'static SchemaNode>,
    flat: Flat<'v>,
}

impl<'v> FlatSink<'v> {
    fn new(size_hint: usize, schema: Option<&'static SchemaNode>) -> FlatSink<'v> {
        FlatSink {
            prefix: String::with_capacity(64),
            marks: Vec::with_capacity(16),
            frames: Vec::with_capacity(8),
            ignore: 0,
            capturing: 0,
            next_drops_signature: true,
            next_is_general: false,
            root_is_object: None,
            nodes: Vec::with_capacity(16),
            root_schema: schema,
            flat: Flat {
                paths: String::with_capacity(size_hint.min(1 << 16)),
                path_ranges: Vec::with_capacity(32),
                leaves: Vec::with_capacity(32),
                has_float: false,
                first_float_path: None,
                root_signature: SigSlot::Absent,
                general_signature: SigSlot::Absent,
                byte_order: Vec::new(),
                slots: [NO_ENTRY; MAX_SLOTS],
                containers: 0,
                stamp: None,
                text: None,
            },
        }
    }

    fn capture(&mut self, slot: SigSlot<'v>) {
        match self.capturing {
            1 => self.flat.root_signature = slot,
            2 => self.flat.general_signature = slot,
            _ => {}
        }
        self.capturing = 0;
    }

    fn open_container(&mut self, is_object: bool) {
        if self.ignore > 0 {
            if self.ignore == 1 {
                self.capture(SigSlot::NotAString);
            }
            self.ignore += 1;
            return;
        }
        let depth = self.frames.len();
        if self.root_is_object.is_none() {
            self.root_is_object = Some(is_object);
        }
        let node = if depth == 0 {
            self.root_schema
        } else {
            self.nodes.last().copied().flatten()
        };
        let frame = if is_object {
            Frame {
                drops_signature: depth == 0 || self.next_drops_signature,
                capture: if depth == 0 {
                    1
                } else if depth == 1 && self.next_is_general {
                    2
                } else {
                    0
                },
                node,
            }
        } else {
            Frame {
                drops_signature: false,
                capture: 0,
                node,
            }
        };
        self.frames.push(frame);
        self.next_drops_signature = false;
        self.next_is_general = false;
    }

    fn close_container(&mut self) {
        if self.ignore > 0 {
            self.ignore -= 1;
            if self.ignore == 1 {
                self.ignore = 0;
            }
            return;
        }
        self.frames.pop();
    }

    /// Remembers the prefix length and adds the `:` separator, except before a root member:
    /// paths are the keys from the root joined with `:`, so an empty key still adds one.
    fn push_segment_mark(&mut self) -> usize {
        let mark = self.prefix.len();
        if self.frames.len() > 1 {
            self.prefix.push(':');
        }
        mark
    }
}

impl<'v> Sink<'v> for FlatSink<'v> {
    fn begin_object(&mut self) {
        self.open_container(true);
    }

    fn member(&mut self, key: Cow<'v, str>) {
        if self.ignore > 0 {
            self.marks.push(usize::MAX);
            self.nodes.push(None);
            return;
        }
        let frame = self.frames.last().copied().unwrap_or(Frame {
            drops_signature: false,
            capture: 0,
            node: None,
        });
        if key == IGNORED_KEY || (frame.drops_signature && key == SIGNATURE_KEY) {
            self.marks.push(usize::MAX);
            self.nodes.push(None);
            self.ignore = 1;
            self.capturing = if key == SIGNATURE_KEY {
                frame.capture
            } else {
                0
            };
            return;
        }
        let mark = self.push_segment_mark();
        self.marks.push(mark);
        let node = frame.node.and_then(|parent| {
            self.flat.containers |= 1u64 << parent.slot;
            parent.children.iter().find(|c| c.key == key)
        });
        self.nodes.push(node);
        if key.as_bytes().contains(&b':') {
            for (i, part) in key.split(':').enumerate() {
                if i > 0 {
                    self.prefix.push_str("::");
                }
                self.prefix.push_str(part);
            }
        } else {
            self.prefix.push_str(&key);
        }
        self.next_drops_signature = frame.drops_signature;
        self.next_is_general = frame.capture == 1 && key == GENERAL_KEY;
    }

    fn end_member(&mut self) {
        self.nodes.pop();
        if let Some(mark) = self.marks.pop() {
            if mark != usize::MAX {
                self.prefix.truncate(mark);
            }
        }
    }

    fn end_object(&mut self) {
        self.close_container();
    }

    fn begin_array(&mut self) {
        self.open_container(false);
    }

    fn element(&mut self, index: usize) {
        if self.ignore > 0 {
            self.marks.push(usize::MAX);
            self.nodes.push(None);
            return;
        }
        if let Some(parent) = self.frames.last().and_then(|f| f.node) {
            self.flat.containers |= 1u64 << parent.slot;
        }
        self.nodes.push(None);
        let mark = self.push_segment_mark();
        self.marks.push(mark);
        push_index(&mut self.prefix, index);
        self.next_drops_signature = false;
        self.next_is_general = false;
    }

    fn end_element(&mut self) {
        self.end_member();
    }

    fn end_array(&mut self) {
        self.close_container();
    }

    fn scalar(&mut self, value: Scalar<'v>) {
        if self.root_is_object.is_none() {
            self.root_is_object = Some(false);
        }
        if self.ignore > 0 {
            if self.ignore == 1 {
                let slot = match value {
                    Scalar::String(s) => SigSlot::Text(s),
                    _ => SigSlot::NotAString,
                };
                self.capture(slot);
                self.ignore = 0;
            }
            return;
        }
        let leaf = match value {
            Scalar::Null => Leaf::Null,
            Scalar::Bool(b) => Leaf::Bool(b),
            Scalar::String(s) => Leaf::Str(s),
            Scalar::Number(t) if is_integer_text(t) => Leaf::Int(t),
            Scalar::Number(t) => {
                self.flat.has_float = true;
                if self.flat.first_float_path.is_none() {
                    self.flat.first_float_path = Some(self.prefix.clone());
                }
                Leaf::Float(t)
            }
        };
        if let Some(Some(node)) = self.nodes.last() {
            self.flat.slots[usize::from(node.slot)] = self.flat.leaves.len() as u32;
        }
        let start = self.flat.paths.len() as u32;
        self.flat.paths.push_str(&self.prefix);
        let end = self.flat.paths.len() as u32;
        self.flat.path_ranges.push(PathRange { start, end });
        self.flat.leaves.push(leaf);
    }
}

fn push_index(out: &mut String, i: usize) {
    if i < 10 {
        out.push(char::from(b'0' + i as u8));
    } else {
        use std::fmt::Write;
        let _ = write!(out, "{i}");
    }
}

/// The first 16 bytes of a path as a big-endian integer: compares like the bytes themselves,
/// so most comparisons never reach memcmp.
pub(super) fn prefix_key(path: &[u8]) -> u128 {
    let mut buf = [0u8; 16];
    let n = path.len().min(16);
    buf[..n].copy_from_slice(&path[..n]);
    u128::from_be_bytes(buf)
}

impl<'v> Flat<'v> {
    fn finish(mut flat: Flat<'v>) -> Flat<'v> {
        let mut keyed: Vec<(u128, u32)> = (0..flat.leaves.len() as u32)
            .map(|i| (prefix_key(flat.path(i).as_bytes()), i))
            .collect();
        keyed.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0).then_with(|| {
                let pa = flat.path(a.1).as_bytes();
                let pb = flat.path(b.1).as_bytes();
                pa.cmp(pb).then(a.1.cmp(&b.1))
            })
        });
        flat.byte_order = keyed.into_iter().map(|(_, i)| i).collect();
        flat
    }

    /// Parses and flattens raw bytes in one pass.
    pub(crate) fn parse(
        input: &'v [u8],
        limits: &JsonLimits,
        schema: Option<&'static SchemaNode>,
    ) -> Result<Flat<'v>> {
        let mut flat = Flat::empty(None);
        if super::flat_fast::flatten_into(input, limits, schema, &mut flat).is_some() {
            return Ok(flat);
        }
        Flat::parse_general(input, limits, schema)
    }

    /// [`Flat::parse`] through the general parser: every input, every error.
    pub(crate) fn parse_general(
        input: &'v [u8],
        limits: &JsonLimits,
        schema: Option<&'static SchemaNode>,
    ) -> Result<Flat<'v>> {
        let mut sink = FlatSink::new(input.len(), schema);
        drive(input, limits, &mut sink)?;
        if sink.root_is_object != Some(true) {
            return Err(Error::malformed("the top level must be a JSON object"));
        }
        // `drive` accepted the input, so it is UTF-8.
        sink.flat.text = Some(super::json::body_text(input));
        Ok(Flat::finish(sink.flat))
    }

    /// Flattens an already parsed tree.
    pub(crate) fn build(
        root: &'v Value<'v>,
        schema: Option<&'static SchemaNode>,
    ) -> Result<Flat<'v>> {
        if !matches!(root, Value::Object(_)) {
            return Err(Error::malformed("the top level must be a JSON object"));
        }
        let mut sink = FlatSink::new(256, schema);
        replay(root, &mut sink);
        Ok(Flat::finish(sink.flat))
    }

    /// A flat with no entries, for the fast path to fill.
    pub(super) fn empty(stamp: Option<Vec<u8>>) -> Flat<'v> {
        Flat {
            paths: String::new(),
            path_ranges: Vec::new(),
            leaves: Vec::with_capacity(32),
            has_float: false,
            first_float_path: None,
            root_signature: SigSlot::Absent,
            general_signature: SigSlot::Absent,
            byte_order: Vec::new(),
            slots: [NO_ENTRY; MAX_SLOTS],
            containers: 0,
            stamp,
            text: None,
        }
    }

    pub(super) fn set_stamp(&mut self, stamp: Vec<u8>) {
        self.stamp = Some(stamp);
    }

    pub(super) fn set_text(&mut self, text: &'v str) {
        self.text = Some(text);
    }

    /// The message text when the flat was parsed from bytes (UTF-8 checked, byte-order mark
    /// removed); `None` for a flattened tree.
    pub(crate) fn text(&self) -> Option<&'v str> {
        self.text
    }

    /// Entry `i`'s path ("" after the fast path, which keeps none).
    fn path(&self, i: u32) -> &str {
        self.path_ranges
            .get(i as usize)
            .and_then(|r| self.paths.get(r.start as usize..r.end as usize))
            .unwrap_or("")
    }

    /// The received signature per §2.4 step 2: `signature`, else `general.signature`;
    /// `None` when absent, not a string, or empty.
    pub(crate) fn received_signature(&self) -> Option<&str> {
        let slot = match &self.root_signature {
            SigSlot::Absent => &self.general_signature,
            other => other,
        };
        match slot {
            SigSlot::Text(s) if !s.is_empty() => Some(s),
            _ => None,
        }
    }

    /// Fails with the path of the first non-integer number (signing refuses floats).
    pub(crate) fn reject_floats(&self) -> Result<()> {
        match &self.first_float_path {
            None => Ok(()),
            Some(path) => Err(Error::field(
                path.clone(),
                crate::document::FLOAT_IN_PARAMETERS,
            )),
        }
    }

    /// The leaf recorded at a schema slot.
    pub(crate) fn slot(&self, slot: u8) -> Option<&Leaf<'v>> {
        let i = *self.slots.get(usize::from(slot))?;
        self.leaves.get(i as usize)
    }

    /// True when the member at a schema slot held an object or array with members.
    pub(crate) fn slot_has_members(&self, slot: u8) -> bool {
        slot < 64 && self.containers & (1u64 << slot) != 0
    }

    /// Entry order for `order`; stable, so equal paths keep document order.
    fn ordered(&self, order: SortOrder) -> Cow<'_, [u32]> {
        match order {
            SortOrder::Byte => Cow::Borrowed(&self.byte_order),
            SortOrder::Natural => {
                let mut idx: Vec<u32> = (0..self.leaves.len() as u32).collect();
                idx.sort_by(|a, b| strnatcmp(self.path(*a).as_bytes(), self.path(*b).as_bytes()));
                Cow::Owned(idx)
            }
        }
    }

    /// True when natural order and byte order give different sequences of paths.
    pub(crate) fn natural_differs(&self) -> bool {
        let nat = self.ordered(SortOrder::Natural);
        self.byte_order
            .iter()
            .zip(nat.iter())
            .any(|(a, b)| self.path(*a) != self.path(*b))
    }

    /// Writes the stamp: `path:value` entries in `order`, joined by `;`.
    pub(crate) fn render(&self, order: SortOrder, numbers: NumberRendering) -> String {
        let idx = self.ordered(order);
        let mut out = String::with_capacity(self.paths.len() + self.leaves.len() * 24);
        for (n, &i) in idx.iter().enumerate() {
            let Some(leaf) = self.leaves.get(i as usize) else {
                continue;
            };
            if n > 0 {
                out.push(';');
            }
            out.push_str(self.path(i));
            out.push(':');
            match leaf {
                Leaf::Str(t) => out.push_str(t),
                Leaf::Int(t) => out.push_str(t),
                Leaf::Bool(true) => out.push('1'),
                Leaf::Bool(false) => out.push('0'),
                Leaf::Null => {}
                Leaf::Float(t) => match numbers {
                    NumberRendering::Exact => out.push_str(t),
                    NumberRendering::Python => out.push_str(&python_float_text(t)),
                    NumberRendering::Php => out.push_str(&php_float_text(t)),
                },
            }
        }
        out
    }

    /// The canonical stamp (byte order, exact numbers).
    pub(crate) fn canonical(&self) -> Cow<'_, str> {
        match &self.stamp {
            Some(stamp) => String::from_utf8_lossy(stamp),
            None => Cow::Owned(self.render(SortOrder::Byte, NumberRendering::Exact)),
        }
    }

    /// [`Flat::canonical`] as bytes, what the HMAC reads: the fast path's stamp without a
    /// UTF-8 check.
    pub(crate) fn canonical_bytes(&self) -> Cow<'_, [u8]> {
        match &self.stamp {
            Some(stamp) => Cow::Borrowed(stamp),
            None => Cow::Owned(
                self.render(SortOrder::Byte, NumberRendering::Exact)
                    .into_bytes(),
            ),
        }
    }

    /// [`Flat::canonical`], without copying a stamp the fast path wrote.
    pub(crate) fn into_canonical(self) -> String {
        match self.stamp {
            Some(stamp) => match String::from_utf8(stamp) {
                Ok(text) => text,
                // Not reached: the fast path writes whole pieces of checked text.
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            },
            None => self.render(SortOrder::Byte, NumberRendering::Exact),
        }
    }

    /// True when the entries' paths are kept, so that every stamp variant can be written
    /// (not after the fast path, which writes the canonical stamp only).
    pub(crate) fn has_paths(&self) -> bool {
        self.stamp.is_none()
    }
}

/// The canonical stamp of a message (byte order, `::` escaping, exact number text),
/// without `signature` members and `frame_mode`.
pub fn canonical_stamp(root: &Value<'_>) -> Result<String> {
    Ok(Flat::build(root, None)?.canonical().into_owned())
}

/// The stamp used for signing: canonical, and floats anywhere are an error naming the path.
pub fn signing_stamp(root: &Value<'_>) -> Result<String> {
    let flat = Flat::build(root, None)?;
    flat.reject_floats()?;
    Ok(flat.canonical().into_owned())
}

/// The canonical stamp of raw bytes, parsed and flattened in one pass.
pub fn canonical_stamp_of_bytes(input: &[u8], limits: &JsonLimits) -> Result<String> {
    Ok(Flat::parse(input, limits, None)?.into_canonical())
}

/// Every distinct stamp a verifier accepts for this message, canonical first, each with the
/// variant that produced it. At most 6 candidates (byte or natural order, times exact, Python or
/// PHP numbers); only variants that change the stamp. Member names are always written with
/// `::` for a `:` (there is no unescaped variant: gate.md §2.3, §2.4 step 4).
pub fn candidate_stamps(root: &Value<'_>) -> Result<Vec<(StampVariant, String)>> {
    Ok(candidates_from(&Flat::build(root, None)?))
}

pub(crate) fn candidates_from(flat: &Flat<'_>) -> Vec<(StampVariant, String)> {
    let mut out: Vec<(StampVariant, String)> = Vec::with_capacity(4);
    out.push((StampVariant::CANONICAL, flat.canonical().into_owned()));
    if !flat.has_paths() {
        // Only the canonical stamp is known; `Signer::verify_flat_with` re-flattens through
        // the general path for the variants.
        return out;
    }
    let numbers: &[NumberRendering] = if flat.has_float {
        &[
            NumberRendering::Exact,
            NumberRendering::Python,
            NumberRendering::Php,
        ]
    } else {
        &[NumberRendering::Exact]
    };
    let orders: &[SortOrder] = if flat.natural_differs() {
        &[SortOrder::Byte, SortOrder::Natural]
    } else {
        &[SortOrder::Byte]
    };
    for &order in orders {
        for &num in numbers {
            let variant = StampVariant {
                order,
                numbers: num,
            };
            if variant.is_canonical() {
                continue;
            }
            let s = flat.render(order, num);
            if !out.iter().any(|(_, existing)| *existing == s) {
                out.push((variant, s));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::json::{parse_object, JsonLimits};

    fn stamp(s: &str) -> String {
        let v = parse_object(s.as_bytes(), &JsonLimits::default()).unwrap();
        canonical_stamp(&v).unwrap()
    }

    #[test]
    fn illustration_from_the_rules() {
        assert_eq!(
            stamp(
                r#"{"b":{"y":null,"x":true},"a":["p",{}],"frame_mode":"popup","n":[],"big":12345678901234567890}"#
            ),
            "a:0:p;b:x:1;b:y:;big:12345678901234567890"
        );
    }

    #[test]
    fn signature_removed_only_through_objects() {
        assert_eq!(
            stamp(
                r#"{"signature":"x","general":{"signature":"y","project_id":1},"list":[{"signature":"kept"}]}"#
            ),
            "general:project_id:1;list:0:signature:kept"
        );
    }

    #[test]
    fn colons_escaped_and_prefix_sorts_first() {
        assert_eq!(
            stamp(r#"{"big":1,"b":{"x":2},"a:b":3}"#),
            "a::b:3;b:x:2;big:1"
        );
    }

    #[test]
    fn floats_rejected_when_signing() {
        let v = parse_object(br#"{"a":{"b":[1,2.5]}}"#, &JsonLimits::default()).unwrap();
        let e = signing_stamp(&v).unwrap_err();
        assert_eq!(e.path(), Some("a:b:1"));
    }

    #[test]
    fn candidates_only_when_they_differ() {
        let v = parse_object(br#"{"a":1,"b":"x"}"#, &JsonLimits::default()).unwrap();
        assert_eq!(candidate_stamps(&v).unwrap().len(), 1);
        // A `:` in a name is only ever written `::`: no unescaped candidate (gate.md §2.3).
        let v = parse_object(br#"{"a:b":1.10}"#, &JsonLimits::default()).unwrap();
        let c = candidate_stamps(&v).unwrap();
        let stamps: Vec<&str> = c.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(stamps, ["a::b:1.10", "a::b:1.1"]);
        let v = parse_object(br#"{"a:b":1,"k:2":"x","k:10":"y"}"#, &JsonLimits::default()).unwrap();
        for (_, s) in candidate_stamps(&v).unwrap() {
            assert!(s.starts_with("a::b:1;"), "{s}");
        }
        let v = parse_object(br#"{"e":[0,1,2,3,4,5,6,7,8,9,10]}"#, &JsonLimits::default()).unwrap();
        let c = candidate_stamps(&v).unwrap();
        assert_eq!(c.len(), 2);
        assert!(c[1].1.ends_with("e:9:9;e:10:10"));
    }
}
