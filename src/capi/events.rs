//! A result as a flat list of events (`qm_event`): the form a binding maps straight into its own
//! values, with no JSON text to write and read again. The events are made by serde from the
//! same model (and the same member names) as the JSON results, so both say the same thing.

use super::error::Outcome;
use crate::error::{Error, MAX_DEPTH_CEILING};
use crate::gate::json::{is_integer_text, parse, JsonLimits, Value};
use serde::ser::{self, Serialize};

/// What a `qm_event` is. (In C, `qm_event_kind` is a `uint32_t`.)
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum qm_event_kind {
    /// An object starts; `value` is its number of members. Members follow as a `QM_EVENT_KEY`
    /// and the member's value each, then `QM_EVENT_END`.
    QM_EVENT_BEGIN_OBJECT = 1,
    /// An array starts; `value` is its number of elements, which follow, then `QM_EVENT_END`.
    QM_EVENT_BEGIN_ARRAY = 2,
    /// The innermost open object or array ends.
    QM_EVENT_END = 3,
    /// A member name: `text`, `len` (UTF-8).
    QM_EVENT_KEY = 4,
    /// A string: `text`, `len` (UTF-8).
    QM_EVENT_STRING = 5,
    /// An integer that fits 64 bits: `value`.
    QM_EVENT_INTEGER = 6,
    /// Any other number, as its exact JSON text in `text`, `len`: `value` is 1 for an integer
    /// beyond 64 bits, 0 for a number with a fraction or an exponent.
    QM_EVENT_NUMBER = 7,
    /// `true` (`value` 1) or `false` (`value` 0).
    QM_EVENT_BOOL = 8,
    /// `null`.
    QM_EVENT_NULL = 9,
}

/// One event of a result. `text` (with `len` bytes, not NUL-terminated) is set for keys,
/// strings and numbers, NULL otherwise; it stays valid as long as the object the events were
/// read from.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct qm_event {
    /// What the event is.
    pub kind: qm_event_kind,
    /// Keys, strings and numbers: the text (UTF-8, not NUL-terminated); NULL otherwise.
    pub text: *const u8,
    /// The length of `text` in bytes (0 when there is none).
    pub len: usize,
    /// Integers: the value; `BEGIN_*`: the number of members or elements; bools: 0 or 1;
    /// numbers: 1 for an integer beyond 64 bits, else 0.
    pub value: i64,
}

/// The events of one value, with the text they point into.
pub(crate) struct Events {
    /// Text the events point into; never changed once the events are made.
    _arena: String,
    events: Vec<qm_event>,
}

// SAFETY: the events only point into `_arena` (owned, never changed after construction) or into
// `&'static` member names; reading them from several threads is reading immutable memory.
unsafe impl Send for Events {}
// SAFETY: as for Send: nothing is ever written through the pointers.
unsafe impl Sync for Events {}

impl Events {
    /// The events of `value`, as serde describes it.
    pub(crate) fn of<T: Serialize + ?Sized>(value: &T) -> Outcome<Events> {
        let mut w = Writer::default();
        value
            .serialize(&mut w)
            .map_err(|e| Error::malformed(format!("cannot describe the result: {}", e.0)))?;
        Ok(w.finish())
    }

    pub(crate) fn as_slice(&self) -> &[qm_event] {
        &self.events
    }
}

/// Where an event's text is, until the arena stops growing.
#[derive(Clone, Copy)]
enum Text {
    None,
    Arena(usize, usize),
    Static(&'static str),
}

#[derive(Default)]
struct Writer {
    arena: String,
    events: Vec<(qm_event_kind, Text, i64)>,
    /// Index of the `BEGIN_*` event of each open container, to fill in its count at the end.
    open: Vec<usize>,
}

impl Writer {
    fn push(&mut self, kind: qm_event_kind, text: Text, value: i64) {
        self.events.push((kind, text, value));
    }

    fn text(&mut self, kind: qm_event_kind, s: &str, value: i64) {
        let start = self.arena.len();
        self.arena.push_str(s);
        self.push(kind, Text::Arena(start, s.len()), value);
    }

    fn begin(&mut self, kind: qm_event_kind) {
        self.open.push(self.events.len());
        self.push(kind, Text::None, 0);
    }

    /// A member or an element was written in the innermost open container.
    fn counted(&mut self) {
        if let Some(&i) = self.open.last() {
            self.events[i].2 += 1;
        }
    }

    fn end(&mut self) {
        self.open.pop();
        self.push(qm_event_kind::QM_EVENT_END, Text::None, 0);
    }

    fn integer(&mut self, v: i128) {
        match i64::try_from(v) {
            Ok(v) => self.push(qm_event_kind::QM_EVENT_INTEGER, Text::None, v),
            Err(_) => self.text(qm_event_kind::QM_EVENT_NUMBER, &v.to_string(), 1),
        }
    }

    /// A JSON value held as text (a `RawJson`), as events.
    fn json(&mut self, text: &str) -> Result<(), WriteError> {
        let limits = JsonLimits {
            max_body_bytes: usize::MAX,
            max_depth: MAX_DEPTH_CEILING,
            max_items: usize::MAX,
            max_string_bytes: usize::MAX,
        };
        let tree = parse(text.as_bytes(), &limits).map_err(|e| WriteError(e.message().into()))?;
        self.tree(&tree);
        Ok(())
    }

    fn tree(&mut self, v: &Value<'_>) {
        match v {
            Value::Null => self.push(qm_event_kind::QM_EVENT_NULL, Text::None, 0),
            Value::Bool(b) => self.push(qm_event_kind::QM_EVENT_BOOL, Text::None, i64::from(*b)),
            Value::Number(t) => match t.parse::<i64>() {
                Ok(i) if is_integer_text(t) => {
                    self.push(qm_event_kind::QM_EVENT_INTEGER, Text::None, i)
                }
                _ => self.text(
                    qm_event_kind::QM_EVENT_NUMBER,
                    t,
                    i64::from(is_integer_text(t)),
                ),
            },
            Value::String(s) => self.text(qm_event_kind::QM_EVENT_STRING, s, 0),
            Value::Array(items) => {
                self.begin(qm_event_kind::QM_EVENT_BEGIN_ARRAY);
                for item in items {
                    self.counted();
                    self.tree(item);
                }
                self.end();
            }
            Value::Object(members) => {
                self.begin(qm_event_kind::QM_EVENT_BEGIN_OBJECT);
                for (k, item) in members {
                    self.counted();
                    self.text(qm_event_kind::QM_EVENT_KEY, k, 0);
                    self.tree(item);
                }
                self.end();
            }
        }
    }

    fn finish(self) -> Events {
        let base = self.arena.as_ptr();
        let events = self
            .events
            .into_iter()
            .map(|(kind, text, value)| {
                let (text, len) = match text {
                    Text::None => (std::ptr::null(), 0),
                    // `start + len` is within the arena, which is not changed from here on.
                    Text::Arena(start, len) => (base.wrapping_add(start), len),
                    Text::Static(s) => (s.as_ptr(), s.len()),
                };
                qm_event {
                    kind,
                    text,
                    len,
                    value,
                }
            })
            .collect();
        Events {
            _arena: self.arena,
            events,
        }
    }
}

#[derive(Debug)]
struct WriteError(String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        WriteError(msg.to_string())
    }
}

/// serde_json writes a `RawValue` (how `RawJson` serialises) as a struct of this name with one
/// field, its JSON text; the writer reads that text as a JSON value.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

type WResult = Result<(), WriteError>;

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = StructWriter<'a>;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> WResult {
        self.push(qm_event_kind::QM_EVENT_BOOL, Text::None, i64::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> WResult {
        self.integer(v.into());
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> WResult {
        self.integer(v.into());
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> WResult {
        self.integer(v.into());
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> WResult {
        self.integer(v.into());
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> WResult {
        self.integer(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> WResult {
        self.integer(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> WResult {
        self.integer(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> WResult {
        self.integer(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> WResult {
        self.integer(v.into());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> WResult {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> WResult {
        if !v.is_finite() {
            return Err(WriteError("a non-finite number".into()));
        }
        self.text(qm_event_kind::QM_EVENT_NUMBER, &format!("{v:?}"), 0);
        Ok(())
    }
    fn serialize_char(self, v: char) -> WResult {
        self.text(
            qm_event_kind::QM_EVENT_STRING,
            v.encode_utf8(&mut [0; 4]),
            0,
        );
        Ok(())
    }
    fn serialize_str(self, v: &str) -> WResult {
        self.text(qm_event_kind::QM_EVENT_STRING, v, 0);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> WResult {
        self.begin(qm_event_kind::QM_EVENT_BEGIN_ARRAY);
        for b in v {
            self.counted();
            self.integer((*b).into());
        }
        self.end();
        Ok(())
    }
    fn serialize_none(self) -> WResult {
        self.push(qm_event_kind::QM_EVENT_NULL, Text::None, 0);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> WResult {
        value.serialize(self)
    }
    fn serialize_unit(self) -> WResult {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> WResult {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> WResult {
        self.push(qm_event_kind::QM_EVENT_STRING, Text::Static(variant), 0);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> WResult {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> WResult {
        self.begin(qm_event_kind::QM_EVENT_BEGIN_OBJECT);
        self.counted();
        self.push(qm_event_kind::QM_EVENT_KEY, Text::Static(variant), 0);
        value.serialize(&mut *self)?;
        self.end();
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, WriteError> {
        self.begin(qm_event_kind::QM_EVENT_BEGIN_ARRAY);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, WriteError> {
        self.begin(qm_event_kind::QM_EVENT_BEGIN_OBJECT);
        self.counted();
        self.push(qm_event_kind::QM_EVENT_KEY, Text::Static(variant), 0);
        self.begin(qm_event_kind::QM_EVENT_BEGIN_ARRAY);
        Ok(self)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self, WriteError> {
        self.begin(qm_event_kind::QM_EVENT_BEGIN_OBJECT);
        Ok(self)
    }
    fn serialize_struct(
        self,
        name: &'static str,
        _len: usize,
    ) -> Result<StructWriter<'a>, WriteError> {
        if name == RAW_VALUE_TOKEN {
            return Ok(StructWriter { w: self, raw: true });
        }
        self.begin(qm_event_kind::QM_EVENT_BEGIN_OBJECT);
        Ok(StructWriter {
            w: self,
            raw: false,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, WriteError> {
        self.begin(qm_event_kind::QM_EVENT_BEGIN_OBJECT);
        self.counted();
        self.push(qm_event_kind::QM_EVENT_KEY, Text::Static(variant), 0);
        self.begin(qm_event_kind::QM_EVENT_BEGIN_OBJECT);
        Ok(self)
    }
}

impl ser::SerializeSeq for &mut Writer {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> WResult {
        self.counted();
        value.serialize(&mut **self)
    }
    fn end(self) -> WResult {
        Writer::end(self);
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Writer {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> WResult {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> WResult {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for &mut Writer {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> WResult {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> WResult {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for &mut Writer {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> WResult {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> WResult {
        Writer::end(self); // the array
        Writer::end(self); // the object around it
        Ok(())
    }
}

impl ser::SerializeMap for &mut Writer {
    type Ok = ();
    type Error = WriteError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> WResult {
        self.counted();
        key.serialize(KeyWriter(self))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> WResult {
        value.serialize(&mut **self)
    }
    fn end(self) -> WResult {
        Writer::end(self);
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Writer {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> WResult {
        self.counted();
        self.push(qm_event_kind::QM_EVENT_KEY, Text::Static(key), 0);
        value.serialize(&mut **self)
    }
    fn end(self) -> WResult {
        Writer::end(self); // the fields
        Writer::end(self); // the object around them
        Ok(())
    }
}

/// A struct being written; `raw`: a `RawValue` whose one field is JSON text.
struct StructWriter<'a> {
    w: &'a mut Writer,
    raw: bool,
}

impl ser::SerializeStruct for StructWriter<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> WResult {
        if self.raw {
            let mut text = String::new();
            value.serialize(TextCapture(&mut text))?;
            return self.w.json(&text);
        }
        self.w.counted();
        self.w
            .push(qm_event_kind::QM_EVENT_KEY, Text::Static(key), 0);
        value.serialize(&mut *self.w)
    }
    fn end(self) -> WResult {
        if !self.raw {
            self.w.end();
        }
        Ok(())
    }
}

/// Writes a map key: text, or an integer as its decimal text (as JSON writes it).
struct KeyWriter<'a>(&'a mut Writer);

/// Takes the text of a `RawValue`'s one field.
struct TextCapture<'a>(&'a mut String);

macro_rules! only {
    ($what:literal; $($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> WResult {
            Err(WriteError(concat!("expected ", $what).into()))
        })*
    };
}

macro_rules! unsupported_compound {
    ($what:literal) => {
        fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> WResult {
            Err(WriteError(concat!("expected ", $what).into()))
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: &T,
        ) -> WResult {
            Err(WriteError(concat!("expected ", $what).into()))
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> WResult {
            Err(WriteError(concat!("expected ", $what).into()))
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, WriteError> {
            Err(WriteError(concat!("expected ", $what).into()))
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, WriteError> {
            Err(WriteError(concat!("expected ", $what).into()))
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, WriteError> {
            Err(WriteError(concat!("expected ", $what).into()))
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, WriteError> {
            Err(WriteError(concat!("expected ", $what).into()))
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, WriteError> {
            Err(WriteError(concat!("expected ", $what).into()))
        }
        fn serialize_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStruct, WriteError> {
            Err(WriteError(concat!("expected ", $what).into()))
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, WriteError> {
            Err(WriteError(concat!("expected ", $what).into()))
        }
    };
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = ser::Impossible<(), WriteError>;
    type SerializeTuple = ser::Impossible<(), WriteError>;
    type SerializeTupleStruct = ser::Impossible<(), WriteError>;
    type SerializeTupleVariant = ser::Impossible<(), WriteError>;
    type SerializeMap = ser::Impossible<(), WriteError>;
    type SerializeStruct = ser::Impossible<(), WriteError>;
    type SerializeStructVariant = ser::Impossible<(), WriteError>;

    fn serialize_str(self, v: &str) -> WResult {
        self.0.text(qm_event_kind::QM_EVENT_KEY, v, 0);
        Ok(())
    }
    fn serialize_char(self, v: char) -> WResult {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> WResult {
        self.0
            .push(qm_event_kind::QM_EVENT_KEY, Text::Static(variant), 0);
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> WResult {
        self.serialize_str(&v.to_string())
    }
    fn serialize_u64(self, v: u64) -> WResult {
        self.serialize_str(&v.to_string())
    }
    fn serialize_i32(self, v: i32) -> WResult {
        self.serialize_i64(v.into())
    }
    fn serialize_u32(self, v: u32) -> WResult {
        self.serialize_u64(v.into())
    }
    fn serialize_i16(self, v: i16) -> WResult {
        self.serialize_i64(v.into())
    }
    fn serialize_u16(self, v: u16) -> WResult {
        self.serialize_u64(v.into())
    }
    fn serialize_i8(self, v: i8) -> WResult {
        self.serialize_i64(v.into())
    }
    fn serialize_u8(self, v: u8) -> WResult {
        self.serialize_u64(v.into())
    }
    only!("a string key"; serialize_bool(bool), serialize_f32(f32), serialize_f64(f64),
        serialize_bytes(&[u8]), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str));
    unsupported_compound!("a string key");
}

impl ser::Serializer for TextCapture<'_> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = ser::Impossible<(), WriteError>;
    type SerializeTuple = ser::Impossible<(), WriteError>;
    type SerializeTupleStruct = ser::Impossible<(), WriteError>;
    type SerializeTupleVariant = ser::Impossible<(), WriteError>;
    type SerializeMap = ser::Impossible<(), WriteError>;
    type SerializeStruct = ser::Impossible<(), WriteError>;
    type SerializeStructVariant = ser::Impossible<(), WriteError>;

    fn serialize_str(self, v: &str) -> WResult {
        self.0.push_str(v);
        Ok(())
    }
    only!("JSON text"; serialize_bool(bool), serialize_i8(i8), serialize_i16(i16),
        serialize_i32(i32), serialize_i64(i64), serialize_u8(u8), serialize_u16(u16),
        serialize_u32(u32), serialize_u64(u64), serialize_f32(f32), serialize_f64(f64),
        serialize_char(char), serialize_bytes(&[u8]), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str));
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> WResult {
        Err(WriteError("expected JSON text".into()))
    }
    unsupported_compound!("JSON text");
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The events back as JSON text (keys and strings escaped as the core writes them).
    pub(crate) fn to_json(events: &[qm_event]) -> String {
        let mut out = String::new();
        // Per open container: (is_object, members written so far).
        let mut open: Vec<(bool, usize)> = Vec::new();
        let mut after_key = false;
        for e in events {
            let text = || {
                // SAFETY: `text`/`len` describe live UTF-8 text (the events' contract).
                let b = unsafe { std::slice::from_raw_parts(e.text, e.len) };
                std::str::from_utf8(b).unwrap().to_string()
            };
            if e.kind != qm_event_kind::QM_EVENT_END && !after_key {
                if let Some((_, n)) = open.last_mut() {
                    if *n > 0 {
                        out.push(',');
                    }
                    *n += 1;
                }
            }
            after_key = false;
            match e.kind {
                qm_event_kind::QM_EVENT_BEGIN_OBJECT => {
                    out.push('{');
                    open.push((true, 0));
                }
                qm_event_kind::QM_EVENT_BEGIN_ARRAY => {
                    out.push('[');
                    open.push((false, 0));
                }
                qm_event_kind::QM_EVENT_END => {
                    let (object, _) = open.pop().unwrap();
                    out.push(if object { '}' } else { ']' });
                }
                qm_event_kind::QM_EVENT_KEY => {
                    crate::gate::json::write_json_string(&mut out, &text());
                    out.push(':');
                    after_key = true;
                }
                qm_event_kind::QM_EVENT_STRING => {
                    crate::gate::json::write_json_string(&mut out, &text())
                }
                qm_event_kind::QM_EVENT_INTEGER => out.push_str(&e.value.to_string()),
                qm_event_kind::QM_EVENT_NUMBER => out.push_str(&text()),
                qm_event_kind::QM_EVENT_BOOL => {
                    out.push_str(if e.value != 0 { "true" } else { "false" })
                }
                qm_event_kind::QM_EVENT_NULL => out.push_str("null"),
            }
        }
        out
    }

    #[test]
    fn events_say_what_the_json_says() {
        let raw = crate::gate::json::RawJson::from_value(
            &parse(
                br#"{"a":[1,-7,12345678901234567890,1.50,-2e3,true,null,"\u00e9\"x"],"":{}}"#,
                &JsonLimits::default(),
            )
            .unwrap(),
        );
        #[derive(serde::Serialize)]
        #[serde(tag = "result", rename_all = "snake_case")]
        enum Answer {
            Found {
                raw: crate::gate::json::RawJson,
                n: Option<u64>,
                list: Vec<i64>,
            },
        }
        let v = Answer::Found {
            raw,
            n: Some(u64::MAX),
            list: vec![i64::MIN, 0],
        };
        let events = Events::of(&v).ok().unwrap();
        let json = serde_json::to_string(&v).unwrap();
        let back: serde_json::Value = serde_json::from_str(&to_json(events.as_slice())).unwrap();
        assert_eq!(
            back,
            serde_json::from_str::<serde_json::Value>(&json).unwrap()
        );
        // Counts, and the number forms.
        let e = events.as_slice();
        assert_eq!(
            (e[0].kind, e[0].value),
            (qm_event_kind::QM_EVENT_BEGIN_OBJECT, 4)
        );
        let numbers: Vec<(i64, String)> = e
            .iter()
            .filter(|e| e.kind == qm_event_kind::QM_EVENT_NUMBER)
            .map(|e| {
                // SAFETY: as in to_json.
                let b = unsafe { std::slice::from_raw_parts(e.text, e.len) };
                (e.value, String::from_utf8(b.to_vec()).unwrap())
            })
            .collect();
        assert_eq!(
            numbers,
            [
                (1, "12345678901234567890".to_string()),
                (0, "1.50".to_string()),
                (0, "-2e3".to_string()),
                (1, u64::MAX.to_string()),
            ]
        );
        // An integer written `-0` is the integer 0 (as JSON readers give it).
        let zero = Events::of(&crate::gate::json::RawJson::from_value(&Value::Number(
            "-0".into(),
        )))
        .ok()
        .unwrap();
        let e = zero.as_slice();
        assert_eq!(
            (e.len(), e[0].kind, e[0].value),
            (1, qm_event_kind::QM_EVENT_INTEGER, 0)
        );
    }
}
