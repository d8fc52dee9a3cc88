//! The flattening fast path for received bytes (what verifying a callback or an answer
//! takes). Two passes over a small token list instead of flattening into `path:value`
//! records and sorting them:
//!
//! 1. one pass over the text validates the JSON and records each member and element (its
//!    name, its leaf value or the extent of its container), the schema slots and the
//!    received signature;
//! 2. a walk over the tokens writes the canonical stamp directly, putting each object's
//!    members in order as it goes.
//!
//! It covers the common shape of a message: member names without escapes or `:`, integers
//! (no fractions or exponents), at most [`MAX_DEPTH`] levels, [`MAX_OBJECT_MEMBERS`] members
//! per object and [`MAX_ARRAY_ELEMENTS`] elements per array. Anything else — and every error,
//! limit included — returns `None`, and the caller flattens through the general path
//! (`json::drive` + `FlatSink`), which gives the exact result or error. On the inputs it takes,
//! the fast path gives the same stamp, slots, leaves and signature as the general path (unit
//! tests below compare them over generated documents and the shared vectors). The `Flat` it
//! returns carries the canonical stamp only: the variant stamps of §2.4 step 4 come from the
//! general path (`Signer` re-flattens when the canonical stamp does not match).
//!
//! Why ordering object by object gives byte order of the whole paths: the entries of one
//! member are contiguous in that order, and between two members of the same object the first
//! differing byte of their paths lies inside their names, or right after the shorter name when
//! it is a prefix of the longer. There a leaf's path ends (and sorts first) and a container's
//! path continues with `:`, while the longer name continues with a byte that is not `:` (names
//! here have none). So members compare as their names followed by `:` for a container; equal
//! names cannot occur (duplicates are refused).

use super::json::{scan_string, string_token, JsonLimits};
use super::stamp::{
    const_prefix_key, prefix_key, Flat, Leaf, SchemaNode, SigSlot, GENERAL_KEY, IGNORED_KEY,
    MAX_RANKED_CHILDREN, NO_RANK, SIGNATURE_KEY,
};
use crate::error::Limit;
use std::borrow::Cow;
use std::cmp::Ordering;

/// Open containers the fast path follows (messages nest three or four deep).
const MAX_DEPTH: usize = 16;
/// Members of one object (the duplicate check compares each name with the earlier ones).
const MAX_OBJECT_MEMBERS: usize = 32;
/// Members of all open objects together.
const MAX_OPEN_MEMBERS: usize = 64;
/// Elements of one array: indexes 0–9 are already in byte order.
const MAX_ARRAY_ELEMENTS: usize = 10;
/// Members and elements in the whole message (a callback has about 35).
const MAX_TOKENS: usize = 128;

/// Odd multiplier spreading a name's fingerprint over the 64 duplicate-check bits.
const NAME_HASH: u64 = 0x9e37_79b9_7f4a_7c15;
const SIGNATURE_FINGERPRINT: u128 = const_prefix_key(SIGNATURE_KEY);
const _: () = assert!(
    SIGNATURE_KEY.len() == 9 && IGNORED_KEY.len() == 10 && GENERAL_KEY.len() == 7,
    "`member` tells these names apart by length"
);
const IGNORED_FINGERPRINT: u128 = const_prefix_key(IGNORED_KEY);
const GENERAL_FINGERPRINT: u128 = const_prefix_key(GENERAL_KEY);

/// `PREFIX_MASKS[n]` keeps the first `n` bytes of a big-endian 16-byte word (a table: a
/// variable 128-bit shift is several instructions).
const PREFIX_MASKS: [u128; 17] = {
    let mut masks = [0u128; 17];
    let mut n = 1;
    while n < 16 {
        masks[n] = !(u128::MAX >> (8 * n));
        n += 1;
    }
    masks[16] = u128::MAX;
    masks
};

/// Length of the run of `bytes` before the first `"`, `\\`, `:` or control character: a
/// member name the fast path takes is that run followed by its closing quote. Eight bytes at a
/// time (SWAR, as `json::scan_string`; the lowest flagged byte is always exact).
#[inline(always)]
fn scan_name(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        let hit = zero_in(v ^ (ONES * u64::from(b'"')))
            | zero_in(v ^ (ONES * u64::from(b'\\')))
            | zero_in(v ^ (ONES * u64::from(b':')))
            | (v.wrapping_sub(ONES * 0x20) & !v & HIGH);
        if hit != 0 {
            return i + (hit.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b == b':' || b < 0x20 {
            return i;
        }
        i += 1;
    }
    i
}

/// One open object or array.
#[derive(Clone, Copy)]
struct Open {
    is_object: bool,
    /// Inside the value of a dropped member (`signature`, `frame_mode`): nothing is recorded.
    dropped: bool,
    /// `signature` members of this object are dropped (objects reached through objects only).
    drops_signature: bool,
    /// 1 = the root object, 2 = the root's `general` object: where a received signature is
    /// read (gate.md §2.4 step 2); 0 = neither.
    capture: u8,
    /// Schema child tried first for the next member (members usually come in schema order).
    cursor: u8,
    node: Option<&'static SchemaNode>,
    /// Index of this container's first member in `names`, and its own token.
    names_base: u32,
    token: u32,
    /// Elements so far (arrays).
    count: u32,
    /// One bit per member name hash (objects): a clear bit means no earlier member has
    /// that name.
    seen: u64,
    /// One bit per schema child already matched by a member (objects with a schema node):
    /// such members are checked for duplicates here, not by name.
    matched: u64,
}

const CLOSED: Open = Open {
    is_object: false,
    dropped: false,
    drops_signature: false,
    capture: 0,
    cursor: 0,
    node: None,
    names_base: 0,
    token: 0,
    count: 0,
    seen: 0,
    matched: 0,
};

/// A member name of an open object, for the duplicate check.
#[derive(Clone, Copy, Default)]
struct Name {
    start: u32,
    len: u32,
}

const LEAF: u8 = 0;
const OBJECT: u8 = 1;
const ARRAY: u8 = 2;

/// A member or element that is part of the stamp (dropped ones have none), in document order.
#[derive(Clone, Copy)]
struct Token {
    /// Members: the name's position in the input. Elements: the index.
    name_start: u32,
    /// Members: the name's length. Elements: `ELEMENT`.
    name_len: u32,
    /// Leaf: where its stamp text starts in the input ([`VALUE_IN_INPUT`]), else its entry.
    /// Container: the token after its subtree.
    value: u32,
    /// Leaf whose stamp text is input text (a string without escapes, an integer): its
    /// length; `VALUE_IN_LEAF` otherwise (`true`, `false`, `null`, an escaped string).
    value_len: u32,
    kind: u8,
    /// Members: the schema rank of the member's name in its object (`SchemaNode::ranks`), or
    /// `NO_RANK`.
    rank: u8,
    /// Objects: their schema node ranks its children.
    ranked_children: bool,
}

const ELEMENT: u32 = u32::MAX;
/// [`Token::value_len`] of a leaf whose stamp text is read from its entry.
const VALUE_IN_LEAF: u32 = u32::MAX;

const NO_TOKEN: Token = Token {
    name_start: 0,
    name_len: 0,
    value: 0,
    value_len: VALUE_IN_LEAF,
    kind: LEAF,
    rank: NO_RANK,
    ranked_children: false,
};

/// The member or element whose value is being read.
#[derive(Clone, Copy)]
struct Pending {
    dropped: bool,
    /// For a dropped `signature`: which received-signature slot its value fills (0 = none).
    capture_slot: u8,
    /// What an object value inherits.
    drops_signature: bool,
    capture: u8,
    node: Option<&'static SchemaNode>,
}

const ROOT: Pending = Pending {
    dropped: false,
    capture_slot: 0,
    drops_signature: true,
    capture: 1,
    node: None,
};

struct Builder<'v, 'l, 'f> {
    src: &'v str,
    bytes: &'v [u8],
    pos: usize,
    limits: &'l JsonLimits,
    max_depth: usize,
    items: usize,
    stack: [Open; MAX_DEPTH],
    depth: usize,
    names: [Name; MAX_OPEN_MEMBERS],
    names_len: usize,
    tokens: Vec<Token>,
    pending: Pending,
    root_schema: Option<&'static SchemaNode>,
    flat: &'f mut Flat<'v>,
}

/// Parses and flattens `input` when it has the common shape; `None` sends the caller to the
/// general path.
#[cfg(test)]
pub(crate) fn flatten<'v>(
    input: &'v [u8],
    limits: &JsonLimits,
    schema: Option<&'static SchemaNode>,
) -> Option<Flat<'v>> {
    let mut flat = Flat::empty(None);
    flatten_into(input, limits, schema, &mut flat)?;
    Some(flat)
}

/// [`flatten`] into `flat` (an empty one), so that a caller keeps it in place (it is a few
/// hundred bytes: no copy on the way back). After `None`, `flat` is not to be read.
pub(crate) fn flatten_into<'v>(
    input: &'v [u8],
    limits: &JsonLimits,
    schema: Option<&'static SchemaNode>,
    flat: &mut Flat<'v>,
) -> Option<()> {
    if input.len() > limits.max_body_bytes {
        return None;
    }
    let text = std::str::from_utf8(input).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut b = Builder {
        src: text,
        bytes: text.as_bytes(),
        pos: 0,
        limits,
        max_depth: Limit::effective_depth(limits.max_depth).min(MAX_DEPTH),
        items: 0,
        stack: [CLOSED; MAX_DEPTH],
        depth: 0,
        names: [Name::default(); MAX_OPEN_MEMBERS],
        names_len: 0,
        tokens: Vec::with_capacity(64),
        pending: ROOT,
        root_schema: schema,
        flat,
    };
    b.run()?;
    let stamp = b.stamp()?;
    b.flat.set_stamp(stamp);
    b.flat.set_text(text);
    Some(())
}

impl<'v> Builder<'v, '_, '_> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        // A local position: storing `self.pos` on every byte would put a store and a reload
        // on the scanner's critical path.
        let mut pos = self.pos;
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(pos) {
            pos += 1;
        }
        self.pos = pos;
    }

    #[inline]
    fn count_item(&mut self) -> Option<()> {
        self.items += 1;
        (self.items <= self.limits.max_items).then_some(())
    }

    /// The first 16 bytes of `bytes[start..start + len]`, big-endian, zero-padded: one load
    /// from the input when 16 bytes are there.
    #[inline(always)]
    fn fingerprint(&self, start: usize, len: usize) -> u128 {
        match self.bytes.get(start..start + 16) {
            Some(chunk) => {
                let mut word = [0u8; 16];
                word.copy_from_slice(chunk);
                u128::from_be_bytes(word) & PREFIX_MASKS[len.min(16)]
            }
            None => self
                .bytes
                .get(start..start + len)
                .map(prefix_key)
                .unwrap_or(0),
        }
    }

    /// A string without escapes at the cursor (on the opening quote): its text. `None` for
    /// anything else.
    #[inline]
    fn plain_string(&mut self) -> Option<&'v str> {
        let start = self.pos + 1;
        let len = scan_string(self.bytes.get(start..)?);
        let end = start + len;
        if self.bytes.get(end) != Some(&b'"') || len > self.limits.max_string_bytes {
            return None;
        }
        self.pos = end + 1;
        self.src.get(start..end)
    }

    /// A string value at the cursor; escapes are decoded by the general parser.
    #[inline]
    fn string_value(&mut self) -> Option<Cow<'v, str>> {
        let start = self.pos;
        match self.plain_string() {
            Some(s) => Some(Cow::Borrowed(s)),
            None => {
                let (s, end) = string_token(self.src, start, self.limits)?;
                self.pos = end;
                Some(s)
            }
        }
    }

    /// An integer at the cursor. Fractions and exponents are left to the general path: its
    /// float rules (variant stamps, the path of the first float) are not repeated here.
    #[inline]
    fn integer(&mut self) -> Option<&'v str> {
        let start = self.pos;
        let mut at = start;
        if self.bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        match self.bytes.get(at) {
            Some(b'0') => at += 1,
            Some(b'1'..=b'9') => {
                at += 1;
                while let Some(b'0'..=b'9') = self.bytes.get(at) {
                    at += 1;
                }
            }
            _ => return None,
        }
        if let Some(b'.' | b'e' | b'E') = self.bytes.get(at) {
            return None;
        }
        if at - start > self.limits.max_string_bytes {
            return None;
        }
        self.pos = at;
        self.src.get(start..at)
    }

    /// Reads `"name" :` in the innermost open object and settles what its value inherits.
    #[inline(always)]
    fn member(&mut self) -> Option<()> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.pos + 1;
        // Names with `:` or escapes are left to the general path: the scan stops there.
        let len = scan_name(self.bytes.get(start..)?);
        let end = start + len;
        if self.bytes.get(end) != Some(&b'"') || len > self.limits.max_string_bytes {
            return None;
        }
        let key = self.bytes.get(start..end)?;
        self.pos = end + 1;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return None;
        }
        self.pos += 1;
        self.count_item()?;
        let fingerprint = self.fingerprint(start, len);
        let d = self.depth.checked_sub(1)?;
        let parent = self.stack.get_mut(d)?;
        // The common case first: a member the parent's schema node names, whose name has no
        // meaning of its own. Schema keys are distinct, so a repeated name is a repeated
        // child: one bit per child finds it, and such members need no name record (no other
        // member can share their name).
        if let Some(p) = parent.node {
            if let Some(i) = p
                .find_child(parent.cursor, key, fingerprint)
                .filter(|&i| i < 64)
            {
                let child = p.children.get(i)?;
                if !child.special {
                    let bit = 1u64 << i;
                    if parent.matched & bit != 0 {
                        return None;
                    }
                    parent.matched |= bit;
                    parent.cursor = (i + 1) as u8;
                    let drops_signature = parent.drops_signature;
                    self.flat.containers |= 1u64 << p.slot;
                    self.push_member(start, len, p.rank(i))?;
                    self.pending = Pending {
                        dropped: false,
                        capture_slot: 0,
                        drops_signature,
                        capture: 0,
                        node: Some(child),
                    };
                    return Some(());
                }
            }
        }
        let parent = self.stack.get_mut(d)?;
        let base = parent.names_base as usize;
        if self.names_len - base >= MAX_OBJECT_MEMBERS || self.names_len >= MAX_OPEN_MEMBERS {
            return None;
        }
        // Duplicate names: the general parser reports them. Each object keeps one bit per
        // name hash; only when the bit is already set are the earlier names compared (up to
        // 16 bytes the fingerprint and the length are the name).
        let (high, low) = ((fingerprint >> 64) as u64, fingerprint as u64);
        let bit = 1u64 << ((low ^ high.rotate_left(29) ^ len as u64).wrapping_mul(NAME_HASH) >> 58);
        let seen = parent.seen & bit != 0;
        parent.seen |= bit;
        // Read the fields, not a copy of the whole entry: a wide load right after the narrow
        // store above would wait for it (store forwarding).
        let (dropped, drops_signature, capture, cursor, node) = (
            parent.dropped,
            parent.drops_signature,
            parent.capture,
            parent.cursor,
            parent.node,
        );
        if seen {
            let earlier = self.names.get(base..self.names_len)?;
            let same = |m: &Name| {
                m.len as usize == len
                    && self.bytes.get(m.start as usize..m.start as usize + len) == Some(key)
            };
            if earlier.iter().any(same) {
                return None;
            }
        }
        *self.names.get_mut(self.names_len)? = Name {
            start: start as u32,
            len: len as u32,
        };
        self.names_len += 1;
        // The three names with a meaning here differ in length: one comparison each at most.
        let (is_signature, is_ignored, is_general) = match len {
            9 => (fingerprint == SIGNATURE_FINGERPRINT, false, false),
            10 => (false, fingerprint == IGNORED_FINGERPRINT, false),
            7 => (false, false, fingerprint == GENERAL_FINGERPRINT),
            _ => (false, false, false),
        };
        if dropped || is_ignored || (drops_signature && is_signature) {
            self.pending = Pending {
                dropped: true,
                capture_slot: if dropped || !is_signature { 0 } else { capture },
                drops_signature: false,
                capture: 0,
                node: None,
            };
            return Some(());
        }
        let (node, rank) = match node {
            Some(p) => {
                self.flat.containers |= 1u64 << p.slot;
                match p.find_child(cursor, key, fingerprint) {
                    Some(i) => {
                        self.stack.get_mut(d)?.cursor = (i + 1) as u8;
                        (p.children.get(i), p.rank(i))
                    }
                    None => (None, NO_RANK),
                }
            }
            None => (None, NO_RANK),
        };
        self.push_member(start, len, rank)?;
        self.pending = Pending {
            dropped: false,
            capture_slot: 0,
            drops_signature,
            capture: if capture == 1 && is_general { 2 } else { 0 },
            node,
        };
        Some(())
    }

    /// Records a member whose name is `input[start..start + len]` (its value comes next).
    #[inline(always)]
    fn push_member(&mut self, start: usize, len: usize, rank: u8) -> Option<()> {
        self.push_token(Token {
            name_start: start as u32,
            name_len: len as u32,
            value: 0,
            value_len: VALUE_IN_LEAF,
            kind: LEAF,
            rank,
            ranked_children: false,
        })
    }

    /// Starts the next element of the innermost open array.
    fn element(&mut self) -> Option<()> {
        self.count_item()?;
        let d = self.depth.checked_sub(1)?;
        let parent = self.stack.get_mut(d)?;
        if parent.count as usize >= MAX_ARRAY_ELEMENTS {
            return None;
        }
        let index = parent.count;
        parent.count += 1;
        let parent = *parent;
        if parent.dropped {
            self.pending = Pending {
                dropped: true,
                capture_slot: 0,
                drops_signature: false,
                capture: 0,
                node: None,
            };
            return Some(());
        }
        if let Some(p) = parent.node {
            self.flat.containers |= 1u64 << p.slot;
        }
        self.push_token(Token {
            name_start: index,
            name_len: ELEMENT,
            value: 0,
            value_len: VALUE_IN_LEAF,
            kind: LEAF,
            rank: NO_RANK,
            ranked_children: false,
        })?;
        self.pending = Pending {
            dropped: false,
            capture_slot: 0,
            drops_signature: false,
            capture: 0,
            node: None,
        };
        Some(())
    }

    #[inline(always)]
    fn push_token(&mut self, token: Token) -> Option<()> {
        if self.tokens.len() >= MAX_TOKENS {
            return None;
        }
        self.tokens.push(token);
        Some(())
    }

    /// Records a leaf value of the pending member or element.
    #[inline(always)]
    fn leaf(&mut self, leaf: Leaf<'v>) -> Option<()> {
        let pending = self.pending;
        if pending.dropped {
            if pending.capture_slot != 0 {
                let slot = match leaf {
                    Leaf::Str(s) => SigSlot::Text(s),
                    _ => SigSlot::NotAString,
                };
                match pending.capture_slot {
                    1 => self.flat.root_signature = slot,
                    _ => self.flat.general_signature = slot,
                }
            }
            return Some(());
        }
        let index = self.flat.leaves.len() as u32;
        if let Some(node) = pending.node {
            self.flat.slots[usize::from(node.slot)] = index;
        }
        // Text borrowed from the input is copied from there into the stamp (see `put`).
        let (value, value_len) = match &leaf {
            Leaf::Str(Cow::Borrowed(text)) | Leaf::Int(text) => {
                let start = (text.as_ptr() as usize).wrapping_sub(self.bytes.as_ptr() as usize);
                match (u32::try_from(start), u32::try_from(text.len())) {
                    (Ok(start), Ok(len)) if start as usize + text.len() <= self.bytes.len() => {
                        (start, len)
                    }
                    _ => (index, VALUE_IN_LEAF),
                }
            }
            _ => (index, VALUE_IN_LEAF),
        };
        self.flat.leaves.push(leaf);
        let token = self.tokens.last_mut()?;
        token.value = value;
        token.value_len = value_len;
        Some(())
    }

    #[inline(always)]
    fn open(&mut self, is_object: bool) -> Option<()> {
        if self.depth >= self.max_depth {
            return None;
        }
        let pending = self.pending;
        if pending.dropped && pending.capture_slot != 0 {
            match pending.capture_slot {
                1 => self.flat.root_signature = SigSlot::NotAString,
                _ => self.flat.general_signature = SigSlot::NotAString,
            }
        }
        let root = self.depth == 0;
        let token = if root {
            self.push_token(Token {
                kind: OBJECT,
                ..NO_TOKEN
            })?;
            0
        } else {
            self.tokens.len().checked_sub(1)?
        };
        let node = if root { self.root_schema } else { pending.node };
        if !pending.dropped {
            let t = self.tokens.get_mut(token)?;
            t.kind = if is_object { OBJECT } else { ARRAY };
            t.ranked_children = is_object && node.is_some_and(|n| n.ranks.is_some());
        }
        *self.stack.get_mut(self.depth)? = Open {
            is_object,
            dropped: pending.dropped,
            drops_signature: is_object && pending.drops_signature,
            capture: if is_object { pending.capture } else { 0 },
            cursor: 0,
            node,
            names_base: self.names_len as u32,
            token: token as u32,
            count: 0,
            seen: 0,
            matched: 0,
        };
        self.depth += 1;
        Some(())
    }

    /// Closes the innermost container.
    #[inline(always)]
    fn close(&mut self) -> Option<()> {
        self.depth = self.depth.checked_sub(1)?;
        let open = *self.stack.get(self.depth)?;
        self.names_len = open.names_base as usize;
        if !open.dropped {
            let end = self.tokens.len() as u32;
            self.tokens.get_mut(open.token as usize)?.value = end;
        }
        Some(())
    }

    fn run(&mut self) -> Option<()> {
        self.skip_ws();
        if self.peek() != Some(b'{') {
            return None;
        }
        loop {
            // A value starts here.
            self.skip_ws();
            let complete = match self.peek()? {
                b'{' => {
                    self.open(true)?;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        self.close()?;
                        true
                    } else {
                        self.member()?;
                        false
                    }
                }
                b'[' => {
                    self.open(false)?;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        self.close()?;
                        true
                    } else {
                        self.element()?;
                        false
                    }
                }
                b'"' => {
                    let s = self.string_value()?;
                    self.leaf(Leaf::Str(s))?;
                    true
                }
                b'-' | b'0'..=b'9' => {
                    let t = self.integer()?;
                    self.leaf(Leaf::Int(t))?;
                    true
                }
                b't' => self.literal(b"true", Leaf::Bool(true))?,
                b'f' => self.literal(b"false", Leaf::Bool(false))?,
                b'n' => self.literal(b"null", Leaf::Null)?,
                _ => return None,
            };
            if !complete {
                continue;
            }
            // A value ended: close every container it completes, then find the next value.
            loop {
                let Some(d) = self.depth.checked_sub(1) else {
                    self.skip_ws();
                    return (self.pos == self.bytes.len()).then_some(());
                };
                let is_object = self.stack.get(d)?.is_object;
                self.skip_ws();
                match (self.peek()?, is_object) {
                    (b',', true) => {
                        self.pos += 1;
                        self.skip_ws();
                        self.member()?;
                        break;
                    }
                    (b',', false) => {
                        self.pos += 1;
                        self.element()?;
                        break;
                    }
                    (b'}', true) | (b']', false) => {
                        self.pos += 1;
                        self.close()?;
                    }
                    _ => return None,
                }
            }
        }
    }

    #[inline]
    fn literal(&mut self, word: &[u8], leaf: Leaf<'v>) -> Option<bool> {
        if !self.bytes.get(self.pos..)?.starts_with(word) {
            return None;
        }
        self.pos += word.len();
        self.leaf(leaf)?;
        Some(true)
    }

    /// A member's name as it is written in paths.
    fn name(&self, t: &Token) -> &'v [u8] {
        self.bytes
            .get(t.name_start as usize..(t.name_start as usize).saturating_add(t.name_len as usize))
            .unwrap_or(&[])
    }

    /// What a member is ordered by: the first 16 bytes of its name followed by `:` for a
    /// container (ties settled on the whole names by [`Builder::member_order`]).
    fn sort_key(&self, t: &Token) -> u128 {
        let len = t.name_len as usize;
        let key = self.fingerprint(t.name_start as usize, len);
        if t.kind != LEAF && len < 16 {
            key | u128::from(b':') << (8 * (15 - len))
        } else {
            key
        }
    }

    /// Order of two members of one object with equal sort keys: their names followed by `:`
    /// for a container.
    fn member_order(&self, a: &Token, b: &Token) -> Ordering {
        let (na, nb) = (self.name(a), self.name(b));
        let n = na.len().min(nb.len());
        na[..n].cmp(&nb[..n]).then_with(|| {
            let next = |name: &[u8], t: &Token| match name.get(n) {
                Some(&b) => Some(b),
                None if t.kind != LEAF => Some(b':'),
                None => None,
            };
            next(na, a).cmp(&next(nb, b))
        })
    }

    /// The children of container token `c` in stamp order, written to `order` from `start`:
    /// how many. `keys` is scratch space for the members' sort keys.
    fn children(
        &self,
        c: usize,
        order: &mut [u16],
        start: usize,
        keys: &mut Vec<u128>,
    ) -> Option<usize> {
        let tokens = &self.tokens[..];
        let container = tokens.get(c)?;
        let mut n = start;
        let mut i = c + 1;
        while i < container.value as usize {
            *order.get_mut(n)? = i as u16;
            n += 1;
            let t = tokens.get(i)?;
            i = if t.kind == LEAF {
                i + 1
            } else {
                t.value as usize
            };
        }
        if container.kind == OBJECT {
            let children = order.get_mut(start..n)?;
            if container.ranked_children && order_by_rank(tokens, children) {
                return Some(n - start);
            }
            if children.len() > MAX_OBJECT_MEMBERS {
                return None;
            }
            keys.clear();
            for &i in children.iter() {
                keys.push(self.sort_key(tokens.get(usize::from(i))?));
            }
            // Insertion: members mostly come in a few ordered runs.
            for k in 1..children.len() {
                let (item, item_key) = (children[k], keys[k]);
                let mut j = k;
                while let Some(&before) = j.checked_sub(1).and_then(|p| keys.get(p)) {
                    // Plain comparisons first: equal keys (names sharing 16 bytes) are rare.
                    let order = if item_key < before {
                        Ordering::Less
                    } else if item_key > before {
                        Ordering::Greater
                    } else {
                        match (
                            tokens.get(usize::from(item)),
                            tokens.get(usize::from(children[j - 1])),
                        ) {
                            (Some(a), Some(b)) => self.member_order(a, b),
                            _ => Ordering::Equal,
                        }
                    };
                    match order {
                        Ordering::Less => {
                            children[j] = children[j - 1];
                            keys[j] = before;
                            j -= 1;
                        }
                        Ordering::Greater => break,
                        Ordering::Equal => return None,
                    }
                }
                children[j] = item;
                keys[j] = item_key;
            }
        }
        Some(n - start)
    }

    /// Pass 2: writes the canonical stamp, object by object in member order.
    fn stamp(&self) -> Option<Vec<u8>> {
        /// A container being written: its children (in `order[start..start + count]`), the
        /// next one to write, and the prefix length to restore afterwards.
        #[derive(Clone, Copy, Default)]
        struct Walk {
            start: usize,
            count: usize,
            next: usize,
            mark: usize,
        }
        let tokens = &self.tokens[..];
        let mut order = [0u16; MAX_TOKENS];
        // Sort keys of an object not ordered by schema ranks (none in a callback).
        let mut keys = Vec::new();
        let mut walks = [Walk::default(); MAX_DEPTH + 1];
        let mut depth: usize = 1;
        // The path of the open container, `:`-terminated below the root; longer paths are left
        // to the general path.
        let mut prefix = Prefix {
            bytes: [0; PREFIX_CAPACITY],
            len: 0,
        };
        // Bytes, so that short pieces are copied 16 at a time (see `put`); every piece is
        // whole UTF-8 text, so the result is too.
        let mut out: Vec<u8> = Vec::with_capacity(self.bytes.len() + 64);
        walks[0].count = self.children(0, &mut order, 0, &mut keys)?;
        while let Some(d) = depth.checked_sub(1) {
            let walk = walks.get_mut(d)?;
            if walk.next == walk.count {
                prefix.len = walk.mark;
                depth = d;
                continue;
            }
            let index = usize::from(*order.get(walk.start + walk.next)?);
            walk.next += 1;
            let end = walk.start + walk.count;
            let t = tokens.get(index)?;
            let mark = prefix.len;
            if t.kind == LEAF {
                if !out.is_empty() {
                    out.push(b';');
                }
                put(&mut out, &prefix.bytes, 0, prefix.len);
                if t.name_len == ELEMENT {
                    push_index_bytes(&mut out, t.name_start);
                } else {
                    put(
                        &mut out,
                        self.bytes,
                        t.name_start as usize,
                        t.name_len as usize,
                    );
                }
                out.push(b':');
                if t.value_len != VALUE_IN_LEAF {
                    put(&mut out, self.bytes, t.value as usize, t.value_len as usize);
                } else {
                    match self.flat.leaves.get(t.value as usize)? {
                        Leaf::Str(s) => out.extend_from_slice(s.as_bytes()),
                        Leaf::Int(n) | Leaf::Float(n) => out.extend_from_slice(n.as_bytes()),
                        Leaf::Bool(true) => out.push(b'1'),
                        Leaf::Bool(false) => out.push(b'0'),
                        Leaf::Null => {}
                    }
                }
            } else {
                // Paths are the names from the root joined with `:` (an empty name still adds
                // one).
                if t.name_len == ELEMENT {
                    prefix.push_index(t.name_start)?;
                } else {
                    let start = t.name_start as usize;
                    prefix.push(self.bytes.get(start..start + t.name_len as usize)?)?;
                }
                prefix.push(b":")?;
                let count = self.children(index, &mut order, end, &mut keys)?;
                *walks.get_mut(depth)? = Walk {
                    start: end,
                    count,
                    next: 0,
                    mark,
                };
                depth += 1;
            }
        }
        Some(out)
    }
}

/// Puts `children` (token indexes of one object's members) in stamp order by their schema
/// ranks when every one of them matched the schema with a distinct rank; false (and
/// `children` unchanged) otherwise.
fn order_by_rank(tokens: &[Token], children: &mut [u16]) -> bool {
    let mut by_rank = [u16::MAX; MAX_RANKED_CHILDREN];
    for &i in children.iter() {
        let Some(t) = tokens.get(usize::from(i)) else {
            return false;
        };
        match by_rank.get_mut(usize::from(t.rank)) {
            Some(place) if *place == u16::MAX => *place = i,
            _ => return false,
        }
    }
    let mut placed = by_rank.iter().filter(|&&i| i != u16::MAX);
    for child in children.iter_mut() {
        match placed.next() {
            Some(&i) => *child = i,
            None => return false,
        }
    }
    true
}

/// Longest container path the fast path writes (deeper or longer names go to the general
/// path); 16 spare bytes let `put` copy from it in one piece.
const PREFIX_CAPACITY: usize = 256 + 16 * BLOCKS;

/// The path of the open container while the stamp is written.
struct Prefix {
    bytes: [u8; PREFIX_CAPACITY],
    len: usize,
}

impl Prefix {
    fn push(&mut self, piece: &[u8]) -> Option<()> {
        let end = self.len + piece.len();
        if end > PREFIX_CAPACITY - 16 * BLOCKS {
            return None;
        }
        self.bytes.get_mut(self.len..end)?.copy_from_slice(piece);
        self.len = end;
        Some(())
    }

    fn push_index(&mut self, i: u32) -> Option<()> {
        if i < 10 {
            self.push(&[b'0' + i as u8])
        } else {
            self.push(i.to_string().as_bytes())
        }
    }
}

/// Appends `src[from..from + len]`. Pieces of up to [`BLOCKS`] × 16 bytes with whole blocks
/// readable at `from` are copied 16 bytes at a time and the excess cut off again: no call to
/// `memcpy` for each short name or path (a callback's stamp has about 60 such pieces).
#[inline(always)]
fn put(out: &mut Vec<u8>, src: &[u8], from: usize, len: usize) {
    let blocks = len.div_ceil(16);
    if blocks <= BLOCKS && from + blocks * 16 <= src.len() {
        let at = out.len();
        for b in 0..blocks {
            let start = from + b * 16;
            if let Some(block) = src
                .get(start..start + 16)
                .and_then(|b| <[u8; 16]>::try_from(b).ok())
            {
                out.extend_from_slice(&block);
            }
        }
        out.truncate(at + len);
        return;
    }
    if let Some(piece) = src.get(from..from + len) {
        out.extend_from_slice(piece);
    }
}

/// Most 16-byte blocks [`put`] copies in one piece.
const BLOCKS: usize = 3;

fn push_index_bytes(out: &mut Vec<u8>, i: u32) {
    if i < 10 {
        out.push(b'0' + i as u8);
    } else {
        out.extend_from_slice(i.to_string().as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a `Flat` tells its users (the stamp, the leaves and slots, the signature), for
    /// comparing the two paths.
    fn dump(f: &Flat<'_>) -> String {
        let leaves: Vec<String> = f.leaves.iter().map(|l| format!("{l:?}")).collect();
        let slots: Vec<String> = f
            .slots
            .iter()
            .enumerate()
            .filter(|(_, e)| **e != crate::gate::stamp::NO_ENTRY)
            .map(|(s, e)| format!("{s}={e}"))
            .collect();
        format!(
            "stamp={:?}\nleaves={leaves:?}\nslots={slots:?} containers={:x}\nfloat={} {:?}\nsig={:?} {:?} received={:?}",
            f.canonical(),
            f.containers,
            f.has_float,
            f.first_float_path,
            f.root_signature,
            f.general_signature,
            f.received_signature(),
        )
    }

    const fn leaf(key: &'static str, slot: u8) -> SchemaNode {
        SchemaNode::new(key, slot, &[])
    }

    /// A schema with the shapes the message models use: nested objects, leaves, a member
    /// that may hold a list.
    static SCHEMA: SchemaNode = SchemaNode::new(
        "",
        0,
        &[
            leaf("a", 1),
            SchemaNode::new("general", 2, &[leaf("id", 3), leaf("signature", 4)]),
            SchemaNode::new(
                "b",
                5,
                &[
                    leaf("x", 6),
                    SchemaNode::new("sum", 7, &[leaf("amount", 8), leaf("currency", 9)]),
                    leaf("y", 10),
                    // `x` is a prefix of `x0`: this object is ordered by comparing names.
                    leaf("x0", 12),
                ],
            ),
            leaf("list", 11),
        ],
    );

    #[test]
    fn schema_ranks_are_byte_order_unless_a_key_is_a_prefix() {
        let ranks = SCHEMA.ranks.unwrap();
        // a, b, general, list
        assert_eq!(ranks[..4], [0, 2, 1, 3]);
        assert!(SCHEMA.children[2].ranks.is_none(), "x / x0");
        assert_eq!(SCHEMA.children[2].children[1].ranks.unwrap()[..2], [0, 1]);
        assert!(crate::gate::callback::CALLBACK_SCHEMA.ranks.is_some());
    }

    /// Fast and general paths agree: same `Flat` whenever the fast path takes the input, and
    /// the fast path never takes an input the general path refuses. True when taken.
    fn agree(input: &[u8], limits: &JsonLimits) -> bool {
        for schema in [
            None,
            Some(&SCHEMA),
            Some(&crate::gate::callback::CALLBACK_SCHEMA),
        ] {
            let general = Flat::parse_general(input, limits, schema);
            match (flatten(input, limits, schema), general) {
                (Some(fast), Ok(general)) => assert_eq!(
                    dump(&fast),
                    dump(&general),
                    "{}",
                    String::from_utf8_lossy(input)
                ),
                (Some(fast), Err(e)) => panic!(
                    "fast path took an input the general path refuses ({e}): {}\n{}",
                    String::from_utf8_lossy(input),
                    dump(&fast)
                ),
                (None, _) => return false,
            }
        }
        true
    }

    fn strings_in(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|i| strings_in(i, out)),
            serde_json::Value::Object(m) => m.values().for_each(|i| strings_in(i, out)),
            _ => {}
        }
    }

    #[test]
    fn agrees_with_the_general_path_on_the_shared_vectors() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/gate");
        let mut inputs = Vec::new();
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let doc: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                strings_in(&doc, &mut inputs);
            }
        }
        let (mut taken, mut tried) = (0, 0);
        for input in inputs
            .iter()
            .filter(|s| s.trim_start().starts_with(['{', '[']))
        {
            tried += 1;
            if agree(input.as_bytes(), &JsonLimits::default()) {
                taken += 1;
            }
            // Every prefix-truncation and a few limits: errors and limits go to the general path.
            let tight = JsonLimits {
                max_depth: 2,
                max_items: 5,
                max_string_bytes: 8,
                max_body_bytes: input.len().saturating_sub(1),
            };
            agree(input.as_bytes(), &tight);
            for cut in (0..input.len()).step_by(7) {
                agree(&input.as_bytes()[..cut], &JsonLimits::default());
            }
        }
        // Many vectors are about floats, `:` in names or errors, which the fast path leaves.
        assert!(tried > 500 && taken * 4 > tried, "{taken} of {tried}");
    }

    #[test]
    fn callback_shape_is_taken_and_ordered() {
        let body = br#"{ "project_id": 238, "payment": { "id": "1554967098", "type": "purchase", "status": "success", "sum": { "amount": 2000, "currency": "KZT" }, "description": "" }, "account": { "number": "user9876" }, "operation": { "id": 36425000001206, "provider": { "id": 1197, "payment_id": "9a1", "auth_code": "" }, "code": "0", "message": "Success" }, "signature": "c2ln" }"#;
        assert!(agree(body, &JsonLimits::default()));
        let flat = flatten(body, &JsonLimits::default(), None).unwrap();
        assert_eq!(
            flat.canonical(),
            "account:number:user9876;operation:code:0;operation:id:36425000001206;\
             operation:message:Success;operation:provider:auth_code:;operation:provider:id:1197;\
             operation:provider:payment_id:9a1;payment:description:;payment:id:1554967098;\
             payment:status:success;payment:sum:amount:2000;payment:sum:currency:KZT;\
             payment:type:purchase;project_id:238"
        );
        assert_eq!(flat.received_signature(), Some("c2ln"));
    }

    #[test]
    fn leaves_what_it_does_not_cover_to_the_general_path() {
        for input in [
            r#"{"a:b":1}"#,
            r#"{"\u0061":1}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"a":[0,1,2,3,4,5,6,7,8,9,10]}"#,
            r#"[1]"#,
            r#"{"a":1} x"#,
            r#"{"a":01}"#,
            r#"{"a":1.5}"#,
            r#"{"a":[1e2]}"#,
        ] {
            assert!(
                flatten(input.as_bytes(), &JsonLimits::default(), None).is_none(),
                "{input}"
            );
            agree(input.as_bytes(), &JsonLimits::default());
        }
        let deep = format!("{}1{}", r#"{"a":"#.repeat(20), "}".repeat(20));
        assert!(flatten(deep.as_bytes(), &JsonLimits::default(), None).is_none());
        // Prefix names: a leaf sorts before a longer name, a container after one whose next
        // byte is below `:`.
        for input in [
            r#"{"a":{"x":1},"a0":2,"a-":3,"a~":4,"":5,"b":{"":{"":6}},"a!":{"y":7}}"#,
            r#"{"k":[{"signature":"kept","frame_mode":1},[true,null,-0]],"k1":"\u00e9\n"}"#,
            r#"{"general":{"signature":"g","id":"7"},"signature":{"x":1}}"#,
            r#"{"general":{"signature":"g"},"signature":""}"#,
            r#"{"abcdefghijklmnopq":{"x":1},"abcdefghijklmnopq0":2,"abcdefghijklmnopq~":3,"abcdefghijklmnopqr":{"y":4},"abcdefghijklmnop":[5]}"#,
            r#"{"general":[{"signature":"g"}],"b":{"sum":{"currency":"KZT","amount":5},"y":null}}"#,
        ] {
            assert!(agree(input.as_bytes(), &JsonLimits::default()), "{input}");
        }
    }

    /// The duplicate check compares names only when their hash bit is already set: with up to
    /// 32 distinct names bits collide, and every repeated name must still be caught whatever
    /// its position and length.
    #[test]
    fn duplicate_names_are_caught_past_hash_collisions() {
        let names: Vec<String> = (0..MAX_OBJECT_MEMBERS)
            .map(|i| match i % 3 {
                0 => format!("k{i}"),
                1 => format!("{i}abcdefghijklmnopqrstuv"),
                _ => "x".repeat(i + 1),
            })
            .collect();
        for n in 1..names.len() {
            let members: Vec<String> = names[..n].iter().map(|k| format!("\"{k}\":1")).collect();
            let distinct = format!("{{{}}}", members.join(","));
            assert!(
                agree(distinct.as_bytes(), &JsonLimits::default()),
                "{distinct}"
            );
            for repeated in &names[..n] {
                let doc = format!("{{{},\"{repeated}\":2}}", members.join(","));
                assert!(
                    flatten(doc.as_bytes(), &JsonLimits::default(), None).is_none(),
                    "{doc}"
                );
                agree(doc.as_bytes(), &JsonLimits::default());
            }
        }
    }

    /// A member the schema names is checked for repeats by its schema child, not by name: a
    /// repeat is caught wherever it comes, and the same name in another object is no repeat.
    #[test]
    fn repeated_schema_members_are_caught() {
        let callback = Some(&crate::gate::callback::CALLBACK_SCHEMA);
        for doc in [
            r#"{"a":1,"a":2}"#,
            r#"{"a":1,"list":[],"a":{}}"#,
            r#"{"b":{"x":1,"y":2,"x":3}}"#,
            r#"{"b":{"sum":{"amount":1,"currency":"KZT","amount":2}}}"#,
            r#"{"general":{"id":"1","id":"2"}}"#,
            r#"{"general":{"signature":"1","signature":"2"}}"#,
            r#"{"payment":{"id":"1","type":"t","id":"1"}}"#,
            r#"{"payment":{"id":"1"},"project_id":1,"payment":{"id":"2"}}"#,
            r#"{"operation":{"provider":{"id":1},"code":"0","provider":{"id":1}}}"#,
        ] {
            for schema in [Some(&SCHEMA), callback] {
                assert!(
                    flatten(doc.as_bytes(), &JsonLimits::default(), schema).is_none(),
                    "{doc}"
                );
            }
            agree(doc.as_bytes(), &JsonLimits::default());
        }
        for doc in [
            r#"{"b":{"x":1,"sum":{"x":2}},"a":{"x":3,"b":{"x":4}}}"#,
            r#"{"payment":{"id":"1","sum":{"amount":1}},"operation":{"id":2,"sum_initial":{"amount":1},"provider":{"id":3}}}"#,
        ] {
            assert!(agree(doc.as_bytes(), &JsonLimits::default()), "{doc}");
        }
    }

    /// Names that exercise the ordering and the special members.
    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[a-c0-9!~é-]{0,3}",
            1 => Just("signature".to_string()),
            1 => Just("frame_mode".to_string()),
            1 => Just("general".to_string()),
            1 => prop::sample::select(vec!["a", "b", "x", "y", "sum", "amount", "currency", "list", "id"]).prop_map(str::to_string),
            1 => Just("a:b".to_string()),
            // Names sharing their first 16 bytes: ordered past the sort key.
            2 => "[a0~-]{0,2}".prop_map(|s| format!("abcdefghijklmnop{s}")),
        ]
    }

    fn json_text() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("null".to_string()),
            Just("true".to_string()),
            Just("false".to_string()),
            any::<i64>().prop_map(|i| i.to_string()),
            prop::sample::select(vec!["-0", "12345678901234567890", "1.10", "0.5E-3"])
                .prop_map(str::to_string),
            "[a-z :é\\\\\"/]{0,6}".prop_map(|s| serde_json::to_string(&s).unwrap()),
            Just(r#""\u00e9\/\n""#.to_string()),
        ];
        leaf.prop_recursive(5, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..12)
                    .prop_map(|items| format!("[{}]", items.join(","))),
                prop::collection::vec((name(), inner), 0..7).prop_map(|members| {
                    let body: Vec<String> = members
                        .into_iter()
                        .map(|(k, v)| format!("{} : {v}", serde_json::to_string(&k).unwrap()))
                        .collect();
                    format!("{{ {} }}", body.join(", "))
                }),
            ]
        })
    }

    fn document() -> impl Strategy<Value = String> {
        prop::collection::vec((name(), json_text()), 0..8).prop_map(|members| {
            let body: Vec<String> = members
                .into_iter()
                .map(|(k, v)| format!("{}:{v}", serde_json::to_string(&k).unwrap()))
                .collect();
            format!("{{{}}}", body.join(","))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn agrees_with_the_general_path(doc in document(), cut in any::<prop::sample::Index>(), byte in any::<u8>()) {
            agree(doc.as_bytes(), &JsonLimits::default());
            // One byte changed: mostly errors, sometimes another valid document.
            let mut changed = doc.clone().into_bytes();
            if !changed.is_empty() {
                let at = cut.index(changed.len());
                changed[at] = byte;
                agree(&changed, &JsonLimits::default());
            }
        }
    }
}
