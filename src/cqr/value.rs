//! Typed values read from the element tree: exact decimals, money, integers, booleans,
//! code/name pairs and typed key/value items.

use crate::cqr::timestamp::Timestamp;
use crate::cqr::xml::{trim_xml, Document, NodeId};
use crate::error::{Error, Result};
use crate::money::{truncate_for_message, Currency, Decimal};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::borrow::Cow;

/// An exact decimal with the text it was read from (trimmed). Serialises as that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecimalValue {
    text: String,
    value: Decimal,
}

impl DecimalValue {
    /// Reads an `xs:decimal` (XML whitespace trimmed); a validation error for anything else.
    pub fn parse(text: &str) -> Result<DecimalValue> {
        let t = trim_xml(text);
        Ok(DecimalValue {
            value: Decimal::parse(t)?,
            text: t.to_string(),
        })
    }
    /// The text as received (trimmed of XML whitespace).
    pub fn text(&self) -> &str {
        &self.text
    }
    /// The exact value; compares by value (`21.00 == 21.0000`).
    pub fn value(&self) -> Decimal {
        self.value
    }
}

impl Serialize for DecimalValue {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// An amount element: exact value, currency code as received, and minor units when the code is
/// an ISO 4217 currency with an exponent and the value is exact at that exponent.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Money {
    /// The element's text as an exact decimal (`21.00`).
    pub value: DecimalValue,
    /// The `currencyCode` as received (trimmed).
    pub currency: Cow<'static, str>,
    /// The value in minor units (`2100` for `21.00` USD); `None` for an unknown currency or a
    /// value with more decimals than the currency's exponent.
    pub minor: Option<i64>,
}

impl Money {
    /// An amount in `currency`; `minor` is set when the code is an ISO 4217 currency with an
    /// exponent and the value is exact at it.
    pub fn new(value: DecimalValue, currency: &str) -> Money {
        match Currency::lookup(currency) {
            Some(c) => Money {
                minor: value.value().to_minor(c).ok(),
                value,
                currency: Cow::Borrowed(c.code()),
            },
            None => Money {
                value,
                currency: Cow::Owned(currency.to_string()),
                minor: None,
            },
        }
    }
}

/// A 64-bit integer with the text it was read from. Serialises as a JSON number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IntValue {
    /// The value.
    pub value: i64,
    /// The text it was read from (trimmed), as received.
    pub text: String,
}

impl IntValue {
    /// Reads an `xs:long` (XML whitespace trimmed); a validation error for anything else.
    pub fn parse(text: &str) -> Result<IntValue> {
        let t = trim_xml(text);
        Ok(IntValue {
            value: parse_i64(t)?,
            text: t.to_string(),
        })
    }
}

/// An `xs:long`: optional sign and digits (XML whitespace trimmed), within 64 bits.
pub(crate) fn parse_i64(text: &str) -> Result<i64> {
    let t = trim_xml(text);
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    let ok = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    match if ok { t.parse::<i64>().ok() } else { None } {
        Some(v) => Ok(v),
        None => Err(Error::validation(format!(
            "invalid integer {:?}",
            truncate_for_message(t)
        ))),
    }
}

impl Serialize for IntValue {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_i64(self.value)
    }
}

/// `true`/`false`/`1`/`0`.
pub(crate) fn parse_bool(text: &str) -> Result<bool> {
    match trim_xml(text) {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        t => Err(Error::validation(format!(
            "invalid boolean {:?}",
            truncate_for_message(t)
        ))),
    }
}

/// A `{key, value}` pair such as `paymentMethod` (163 / QiwiDeposit); both trimmed strings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CodeName {
    /// `key`, trimmed.
    pub key: String,
    /// `value`, trimmed; `None` when missing or nil.
    pub value: Option<String>,
}

/// The `xsi:type` of a key/value item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    /// `keyStringValuePair`.
    String,
    /// `keyIntValuePair` (`xs:long`).
    Int,
    /// `keyDecimalValuePair` (`xs:decimal`).
    Decimal,
    /// `keyBooleanValuePair` (`true`/`false`/`1`/`0`).
    Boolean,
    /// `keyDateTimeValuePair` (`xs:dateTime`).
    DateTime,
    /// Missing or not one of the five known types (the raw name is kept in `Detail::type_name`).
    Unknown,
}

impl ValueType {
    /// From an `xsi:type` value, prefix ignored.
    pub fn from_xsi(name: Option<&str>) -> ValueType {
        let local = name.map(|n| n.rsplit(':').next().unwrap_or(n));
        match local {
            Some("keyStringValuePair") => ValueType::String,
            Some("keyIntValuePair") => ValueType::Int,
            Some("keyDecimalValuePair") => ValueType::Decimal,
            Some("keyBooleanValuePair") => ValueType::Boolean,
            Some("keyDateTimeValuePair") => ValueType::DateTime,
            _ => ValueType::Unknown,
        }
    }
}

/// The typed value of a key/value item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailValue {
    /// No `value` element, `xsi:nil`, an empty typed value, or a text that does not fit the
    /// declared type (`keyIntValuePair` `735871.0`; the raw text is kept, cqr.md §3.10).
    Absent,
    /// A string value, verbatim.
    String(String),
    /// An integer value.
    Int(i64),
    /// An exact decimal value.
    Decimal(DecimalValue),
    /// A boolean value.
    Boolean(bool),
    /// A date-time, as written.
    DateTime(Timestamp),
}

impl Serialize for DetailValue {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            DetailValue::Absent => s.serialize_none(),
            DetailValue::String(v) => s.serialize_str(v),
            DetailValue::Int(v) => s.serialize_i64(*v),
            DetailValue::Decimal(v) => v.serialize(s),
            DetailValue::Boolean(v) => s.serialize_bool(*v),
            DetailValue::DateTime(v) => v.serialize(s),
        }
    }
}

/// One key/value item of `paymentStateDetails`, `paymentDetails`, `actionResults` or
/// `specificPaymentData`, kept in order with its type and raw text. Lenient (cqr.md §3.10): a
/// text that does not fit the declared `xsi:type` keeps its raw text, has no typed value
/// ([`DetailValue::Absent`]) and never fails the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    /// The key, trimmed.
    pub key: String,
    /// The `xsi:type` as written (trimmed), if any.
    pub type_name: Option<Cow<'static, str>>,
    /// The type the `xsi:type` names ([`ValueType::Unknown`] when missing or unknown).
    pub value_type: ValueType,
    /// The raw text for typed values; for string (and unknown) types the raw text is the value
    /// itself and is not stored twice.
    raw_typed: Option<String>,
    /// The value read as that type, or [`DetailValue::Absent`].
    pub value: DetailValue,
}

impl Detail {
    /// The value element's text exactly as received; `None` when missing or nil.
    pub fn raw(&self) -> Option<&str> {
        match &self.value {
            DetailValue::String(s) => Some(s),
            _ => self.raw_typed.as_deref(),
        }
    }

    /// The value as text: the string value, or the trimmed raw text for other types.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            DetailValue::String(s) => Some(s),
            _ => self.raw_typed.as_deref().map(trim_xml),
        }
    }
}

impl Serialize for Detail {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Detail", 5)?;
        st.serialize_field("key", &self.key)?;
        st.serialize_field("type", &self.type_name)?;
        st.serialize_field("value_type", &self.value_type)?;
        st.serialize_field("raw", &self.raw())?;
        st.serialize_field("value", &self.value)?;
        st.end()
    }
}

/// Finds the first item with this key.
pub(crate) fn find_detail<'d>(items: &'d [Detail], key: &str) -> Option<&'d Detail> {
    items.iter().find(|d| d.key == key)
}

// ---- reading helpers over the tree -------------------------------------------------------

pub(crate) fn at(doc: &Document<'_>, id: NodeId, e: Error) -> Error {
    e.with_path(doc.path(id))
}

pub(crate) fn missing(doc: &Document<'_>, parent: NodeId, name: &str) -> Error {
    Error::validation(format!("missing element {name}"))
        .with_path(format!("{}/{name}", doc.path(parent)))
}

pub(crate) fn duplicate(doc: &Document<'_>, id: NodeId) -> Error {
    Error::malformed(format!("duplicate element {}", doc.name(id))).with_path(doc.path(id))
}

/// Sets a child slot once; a second occurrence is an error.
pub(crate) fn put(doc: &Document<'_>, slot: &mut Option<NodeId>, id: NodeId) -> Result<()> {
    if slot.is_some() {
        return Err(duplicate(doc, id));
    }
    *slot = Some(id);
    Ok(())
}

/// Text of a free-text element: `None` when nil; otherwise verbatim (empty allowed).
pub(crate) fn free_text(doc: &Document<'_>, id: Option<NodeId>) -> Option<String> {
    let id = id?;
    if doc.is_nil(id) {
        return None;
    }
    Some(doc.text(id).to_string())
}

/// Text of a typed element (id, code): trimmed; `None` when nil or empty.
pub(crate) fn token<'d>(doc: &'d Document<'_>, id: Option<NodeId>) -> Option<&'d str> {
    let id = id?;
    if doc.is_nil(id) {
        return None;
    }
    let t = trim_xml(doc.text(id));
    (!t.is_empty()).then_some(t)
}

/// A required id (trimmed, non-empty).
pub(crate) fn required_id(
    doc: &Document<'_>,
    parent: NodeId,
    id: Option<NodeId>,
    name: &str,
) -> Result<String> {
    token(doc, id)
        .map(str::to_string)
        .ok_or_else(|| missing(doc, parent, name))
}

pub(crate) fn opt_id(doc: &Document<'_>, id: Option<NodeId>) -> Option<String> {
    token(doc, id).map(str::to_string)
}

pub(crate) fn opt_int(doc: &Document<'_>, id: Option<NodeId>) -> Result<Option<IntValue>> {
    match (id, token(doc, id)) {
        (Some(n), Some(t)) => IntValue::parse(t).map(Some).map_err(|e| at(doc, n, e)),
        _ => Ok(None),
    }
}

pub(crate) fn opt_bool(doc: &Document<'_>, id: Option<NodeId>) -> Result<Option<bool>> {
    match (id, token(doc, id)) {
        (Some(n), Some(t)) => parse_bool(t).map(Some).map_err(|e| at(doc, n, e)),
        _ => Ok(None),
    }
}

pub(crate) fn opt_timestamp(doc: &Document<'_>, id: Option<NodeId>) -> Result<Option<Timestamp>> {
    match (id, token(doc, id)) {
        (Some(n), Some(t)) => Timestamp::parse(t).map(Some).map_err(|e| at(doc, n, e)),
        _ => Ok(None),
    }
}

/// An amount element with its `currencyCode` attribute; `None` when nil or empty.
pub(crate) fn opt_money(doc: &Document<'_>, id: Option<NodeId>) -> Result<Option<Money>> {
    let (Some(n), Some(t)) = (id, token(doc, id)) else {
        return Ok(None);
    };
    let value = DecimalValue::parse(t).map_err(|e| at(doc, n, e))?;
    let currency = doc.attr(n, "currencyCode").map(trim_xml).unwrap_or("");
    if currency.is_empty() {
        return Err(at(
            doc,
            n,
            Error::validation("missing currencyCode attribute"),
        ));
    }
    Ok(Some(Money::new(value, currency)))
}

/// A `{key, value}` pair element.
pub(crate) fn opt_code_name(doc: &Document<'_>, id: Option<NodeId>) -> Result<Option<CodeName>> {
    let Some(n) = id else { return Ok(None) };
    if doc.is_nil(n) {
        return Ok(None);
    }
    let (mut key, mut value) = (None, None);
    for c in doc.children(n) {
        match doc.name(c) {
            "key" => put(doc, &mut key, c)?,
            "value" => put(doc, &mut value, c)?,
            _ => {}
        }
    }
    let Some(key) = token(doc, key) else {
        return Ok(None);
    };
    Ok(Some(CodeName {
        key: key.to_string(),
        value: token(doc, value).map(str::to_string),
    }))
}

/// A key/value list; `None` when the element is missing or nil.
pub(crate) fn opt_details(doc: &Document<'_>, id: Option<NodeId>) -> Result<Option<Vec<Detail>>> {
    let Some(n) = id else { return Ok(None) };
    if doc.is_nil(n) {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(doc.children(n).count());
    for item in doc.children(n) {
        out.push(detail(doc, item)?);
    }
    Ok(Some(out))
}

const KNOWN_TYPES: [&str; 5] = [
    "keyStringValuePair",
    "keyIntValuePair",
    "keyDecimalValuePair",
    "keyBooleanValuePair",
    "keyDateTimeValuePair",
];

fn detail(doc: &Document<'_>, item: NodeId) -> Result<Detail> {
    let type_attr = doc.xsi_type(item);
    let value_type = ValueType::from_xsi(type_attr);
    let type_name = type_attr.map(|t| match KNOWN_TYPES.iter().find(|k| **k == t) {
        Some(k) => Cow::Borrowed(*k),
        None => Cow::Owned(t.to_string()),
    });
    let (mut key, mut value) = (None, None);
    for c in doc.children(item) {
        match doc.name(c) {
            "key" => put(doc, &mut key, c)?,
            "value" => put(doc, &mut value, c)?,
            _ => {}
        }
    }
    let key = token(doc, key).unwrap_or("").to_string();
    let raw = value.filter(|&v| !doc.is_nil(v)).map(|v| doc.text(v));
    let (typed, raw_typed) = match raw {
        None => (DetailValue::Absent, None),
        Some(r) => {
            let t = trim_xml(r);
            // A text that does not fit the declared type has no typed value; the raw text is
            // kept and the message never fails on it (cqr.md §3.10).
            let typed = match value_type {
                ValueType::String | ValueType::Unknown => {
                    return Ok(Detail {
                        key,
                        type_name,
                        value_type,
                        raw_typed: None,
                        value: DetailValue::String(r.to_string()),
                    })
                }
                _ if t.is_empty() => Ok(DetailValue::Absent),
                ValueType::Int => parse_i64(t).map(DetailValue::Int),
                ValueType::Decimal => DecimalValue::parse(t).map(DetailValue::Decimal),
                ValueType::Boolean => parse_bool(t).map(DetailValue::Boolean),
                ValueType::DateTime => Timestamp::parse(t).map(DetailValue::DateTime),
            }
            .unwrap_or(DetailValue::Absent);
            (typed, Some(r.to_string()))
        }
    };
    Ok(Detail {
        key,
        type_name,
        value_type,
        raw_typed,
        value: typed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints() {
        assert_eq!(IntValue::parse(" -839 ").unwrap().value, -839);
        assert_eq!(IntValue::parse("+5").unwrap().value, 5);
        for bad in ["", "-", "+", "1.0", "0x1", "99999999999999999999", "1 2"] {
            assert!(IntValue::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn items_that_do_not_fit_their_type_keep_the_raw_text() {
        use crate::cqr::xml::{with_document, ParseLimits};
        let x = r#"<l xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <d xsi:type="keyIntValuePair"><key>PaymentScoring</key><value>735871.0</value></d>
            <d xsi:type="keyDecimalValuePair"><key>BaseShopFeeAmount</key><value>4E-2</value></d>
            <d xsi:type="keyDateTimeValuePair"><key>At</key><value>2015-01-21T10:55:27.12345678</value></d>
            <d xsi:type="keyBooleanValuePair"><key>B</key><value> yes </value></d>
            <d xsi:type="keyIntValuePair" type="keyStringValuePair"><key>Ok</key><value> 7 </value></d>
        </l>"#;
        with_document(x.as_bytes(), &ParseLimits::default(), |doc| {
            let items = opt_details(doc, Some(doc.root()))?.unwrap_or_default();
            let got: Vec<(&str, Option<&str>, bool)> = items
                .iter()
                .map(|d| (d.key.as_str(), d.raw(), d.value == DetailValue::Absent))
                .collect();
            assert_eq!(
                got,
                [
                    ("PaymentScoring", Some("735871.0"), true),
                    ("BaseShopFeeAmount", Some("4E-2"), true),
                    ("At", Some("2015-01-21T10:55:27.12345678"), true),
                    ("B", Some(" yes "), true),
                    ("Ok", Some(" 7 "), false),
                ]
            );
            assert_eq!(items[0].value_type, ValueType::Int);
            assert_eq!(items[0].text(), Some("735871.0"));
            assert_eq!(items[3].text(), Some("yes"));
            assert_eq!(items[4].value, DetailValue::Int(7));
            assert_eq!(items[4].type_name.as_deref(), Some("keyIntValuePair"));
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn money_minor() {
        let m = Money::new(DecimalValue::parse("99.9500").unwrap(), "USD");
        assert_eq!(m.minor, Some(9995));
        let m = Money::new(DecimalValue::parse("1.005").unwrap(), "USD");
        assert_eq!(m.minor, None);
        let m = Money::new(DecimalValue::parse("1").unwrap(), "QQQ");
        assert_eq!(m.minor, None);
    }
}
