//! `initiatePaymentRequest` for QiwiDeposit (method 163, provider Envoy 90): input shape,
//! validation (every failure at once) and serialisation in XSD order.

use crate::cqr::escape::{
    forbidden_char, or_empty, push_attr, push_element, push_text, DECLARATION, NS, XSI_NS,
};
use crate::cqr::value::{opt_details, opt_id, opt_int, put, DetailValue};
use crate::cqr::xml::{trim_xml, with_document, Document, NodeId, ParseLimits};
use crate::error::{Error, FieldError, Result};
use crate::money::{format_minor, Currency};
use serde::{Deserialize, Serialize};

/// `paymentMethodID` of QiwiDeposit.
pub(crate) const PAYMENT_METHOD_QIWI_DEPOSIT: u32 = 163;
/// `PaymentProviderID` of Envoy (Worldpay).
pub(crate) const PAYMENT_PROVIDER_ENVOY: u32 = 90;
/// Longest accepted URL, in characters.
pub(crate) const MAX_URL_CHARS: usize = 300;
/// `userID` above this many characters draws a warning.
pub(crate) const USER_ID_WARN_CHARS: usize = 30;
/// Countries QiwiDeposit accepts in `CountryCode2`.
pub(crate) const COUNTRIES: [&str; 3] = ["RU", "UA", "KZ"];

/// Optional `userData/address` children (written in this order).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Address {
    /// `address/street`.
    pub street: Option<String>,
    /// `address/houseName`.
    pub house_name: Option<String>,
    /// `address/houseNumber`.
    pub house_number: Option<String>,
    /// `address/houseNumberExtension` (e.g. `b` in 12b).
    pub house_number_extension: Option<String>,
    /// `address/postalCode`.
    pub postal_code: Option<String>,
    /// `address/city`.
    pub city: Option<String>,
    /// `address/state` (region or province).
    pub state: Option<String>,
    /// `address/countryCode2`: the customer's ISO 3166 alpha-2 country code.
    pub country_code2: Option<String>,
    /// `address/telephoneNumber`.
    pub telephone_number: Option<String>,
}

/// Optional `userData` children (written in this order).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UserData {
    /// `userData/username`: the customer's login name at the shop.
    pub username: Option<String>,
    /// `userData/firstname`.
    pub firstname: Option<String>,
    /// `userData/lastname`.
    pub lastname: Option<String>,
    /// `userData/currencyCode`: the customer's account currency (ISO 4217); informative, the
    /// amount's currency is [`InitiatePaymentRequest::currency`].
    pub currency_code: Option<String>,
    /// `userData/languageCode`: the customer's language.
    pub language_code: Option<String>,
    /// `userData/email`: the customer's e-mail address.
    pub email: Option<String>,
    /// `userData/address`; written only when given.
    pub address: Option<Address>,
    /// `userData/dateOfBirth`, sent as given.
    pub date_of_birth: Option<String>,
    /// `userData/gender`, sent as given.
    pub gender: Option<String>,
    /// `userData/identificationNumber`: the customer's national id or passport number.
    pub identification_number: Option<String>,
}

/// Everything the host supplies for one QiwiDeposit initiation. Also the JSON input shape
/// (unknown fields rejected). Every field is optional at the type level so that validation can
/// report every missing one at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InitiatePaymentRequest {
    /// `merchantID`: the merchant account PXP issued (configuration); required, non-empty.
    pub merchant_id: Option<String>,
    /// `shopID`: the shop under that merchant (configuration); required, non-empty.
    pub shop_id: Option<String>,
    /// `merchantTransactionID`: the host's order id; required, non-empty. Notifications and
    /// `getPayments` name the order by it.
    pub merchant_transaction_id: Option<String>,
    /// Amount in minor units (> 0).
    pub amount_minor: Option<i64>,
    /// ISO 4217 code with a minor-unit exponent.
    pub currency: Option<String>,
    /// `userID`: the customer's id at the shop; required, non-empty (a [`Warning`] above 30
    /// characters).
    pub user_id: Option<String>,
    /// `userData`: optional customer details; only the given children are written.
    pub user_data: Option<UserData>,
    /// `userIP`: the customer's IPv4 or IPv6 address; optional, validated when given.
    pub user_ip: Option<String>,
    /// `userSessionID`: the customer's session at the shop; required, non-empty.
    pub user_session_id: Option<String>,
    /// Defaults to 1 (User).
    pub creation_type_id: Option<i64>,
    /// `specificPaymentData` `MerchantNotificationUrl`: where the customer's browser returns
    /// (not the server-to-server listener). Required unless all of the success, error and cancel
    /// page URLs are given. Absolute `http(s)` URL, at most 300 characters.
    pub merchant_notification_url: Option<String>,
    /// `SuccessPageUrl`: the browser return URL after a payment; required when
    /// `merchant_notification_url` is absent. Same URL rule.
    pub success_page_url: Option<String>,
    /// `ErrorPageUrl`: the browser return URL after an error; required when
    /// `merchant_notification_url` is absent. Same URL rule.
    pub error_page_url: Option<String>,
    /// `CancelPageUrl`: the browser return URL when the customer cancels; required when
    /// `merchant_notification_url` is absent. Same URL rule.
    pub cancel_page_url: Option<String>,
    /// `PendingPageUrl`: optional browser return URL while the payment is pending. Same URL rule.
    pub pending_page_url: Option<String>,
    /// `HomePageUrl`: optional link back to the shop. Same URL rule.
    pub home_page_url: Option<String>,
    /// `LanguageCode`: the payment page's language, exactly two ASCII letters (`RU`); optional.
    pub language_code: Option<String>,
    /// `EmailAddress`: the customer's e-mail; required, 5–255 characters with one `@` between
    /// text.
    pub email_address: Option<String>,
    /// `CountryCode2`: the customer's country; required, `RU`, `UA` or `KZ` (ASCII input is
    /// upper-cased).
    pub country_code2: Option<String>,
    /// `TelephoneNumber`: the customer's phone; optional, at most 20 characters.
    pub telephone_number: Option<String>,
}

/// A non-fatal remark about the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The JSON field the remark is about (`user_id`).
    pub field: String,
    /// What is unusual about it, for a log line.
    pub message: String,
}

/// The serialised request plus any warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuiltRequest {
    /// The `initiatePaymentRequest` body to POST (UTF-8, declaration included).
    pub xml: String,
    /// Non-fatal remarks about the input (the request is still valid).
    pub warnings: Vec<Warning>,
}

struct Check {
    errors: Vec<FieldError>,
    warnings: Vec<Warning>,
}

impl Check {
    fn fail(&mut self, field: &str, reason: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.to_string(),
            reason: reason.into(),
        });
    }

    /// Any given string: no XML-forbidden characters, not empty.
    fn text(&mut self, field: &str, v: Option<&String>) -> bool {
        let Some(v) = v else { return false };
        if let Some(c) = forbidden_char(v) {
            self.fail(
                field,
                format!(
                    "contains U+{:04X}, which XML 1.0 does not allow",
                    u32::from(c)
                ),
            );
            return false;
        }
        if v.is_empty() {
            self.fail(field, "must not be empty when given");
            return false;
        }
        true
    }

    /// A required identifier: present, non-empty, no surrounding whitespace.
    fn id(&mut self, field: &str, v: Option<&String>) {
        match v {
            None => self.fail(field, "required"),
            Some(s) if trim_xml(s).is_empty() => self.fail(field, "required (empty)"),
            Some(s) => {
                if self.text(field, Some(s)) && trim_xml(s) != s {
                    self.fail(field, "must not start or end with whitespace");
                }
            }
        }
    }

    fn url(&mut self, field: &str, v: Option<&String>) {
        if !self.text(field, v) {
            return;
        }
        let Some(v) = v else { return };
        if let Some(why) = url_problem(v) {
            self.fail(field, why);
        }
    }
}

/// Why a URL breaks the URL rule (absolute http/https, no whitespace, ≤ 300 characters).
pub(crate) fn url_problem(url: &str) -> Option<&'static str> {
    if url.chars().count() > MAX_URL_CHARS {
        return Some("longer than 300 characters");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("must not contain whitespace or control characters");
    }
    let starts = |p: &str| {
        url.as_bytes()
            .get(..p.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(p.as_bytes()))
    };
    let rest = if starts("https://") {
        url.get(8..)
    } else if starts("http://") {
        url.get(7..)
    } else {
        None
    };
    let Some(rest) = rest else {
        return Some("must be an absolute http or https URL");
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if host_port.starts_with('[') {
        host_port
            .split(']')
            .next()
            .unwrap_or("")
            .trim_start_matches('[')
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        return Some("must name a host");
    }
    None
}

fn email_problem(email: &str) -> Option<&'static str> {
    let n = email.chars().count();
    if !(5..=255).contains(&n) {
        return Some("must be between 5 and 255 characters");
    }
    let mut parts = email.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(l), Some(d), None) if !l.is_empty() && !d.is_empty() => None,
        _ => Some("must contain exactly one '@' with text on both sides"),
    }
}

impl InitiatePaymentRequest {
    /// Validates every rule; all failures come back at once as one `Validation` error.
    pub fn validate(&self) -> Result<Vec<Warning>> {
        let mut ck = Check {
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        ck.id("merchant_id", self.merchant_id.as_ref());
        ck.id("shop_id", self.shop_id.as_ref());
        ck.id(
            "merchant_transaction_id",
            self.merchant_transaction_id.as_ref(),
        );
        match self.amount_minor {
            None => ck.fail("amount_minor", "required"),
            Some(a) if a <= 0 => ck.fail("amount_minor", "must be greater than 0"),
            Some(_) => {}
        }
        match self.currency.as_deref() {
            None => ck.fail("currency", "required"),
            Some(c) => match Currency::lookup(c) {
                None => ck.fail("currency", "not an ISO 4217 code (upper-case)"),
                Some(cur) if cur.exponent().is_none() => {
                    ck.fail("currency", "has no minor unit and cannot carry an amount")
                }
                Some(_) => {}
            },
        }
        ck.id("user_id", self.user_id.as_ref());
        if let Some(u) = &self.user_id {
            if u.chars().count() > USER_ID_WARN_CHARS {
                ck.warnings.push(Warning {
                    field: "user_id".into(),
                    message: format!(
                        "longer than {USER_ID_WARN_CHARS} characters; PXP may reject it"
                    ),
                });
            }
        }
        if let Some(ud) = &self.user_data {
            for (name, v) in user_data_fields(ud) {
                ck.text(&format!("user_data.{name}"), v);
            }
            if let Some(a) = &ud.address {
                for (name, v) in address_fields(a) {
                    ck.text(&format!("user_data.address.{name}"), v);
                }
            }
        }
        if ck.text("user_ip", self.user_ip.as_ref()) {
            if let Some(ip) = &self.user_ip {
                if ip.parse::<std::net::IpAddr>().is_err() {
                    ck.fail("user_ip", "not a valid IPv4 or IPv6 address");
                }
            }
        }
        ck.id("user_session_id", self.user_session_id.as_ref());
        if let Some(c) = self.creation_type_id {
            if c <= 0 {
                ck.fail("creation_type_id", "must be a positive integer");
            }
        }
        let pages = [
            ("success_page_url", &self.success_page_url),
            ("error_page_url", &self.error_page_url),
            ("cancel_page_url", &self.cancel_page_url),
        ];
        if self.merchant_notification_url.is_none() {
            for (name, v) in pages {
                if v.is_none() {
                    ck.fail(name, "required when merchant_notification_url is absent");
                }
            }
        }
        ck.url(
            "merchant_notification_url",
            self.merchant_notification_url.as_ref(),
        );
        for (name, v) in pages {
            ck.url(name, v.as_ref());
        }
        ck.url("pending_page_url", self.pending_page_url.as_ref());
        ck.url("home_page_url", self.home_page_url.as_ref());
        if ck.text("language_code", self.language_code.as_ref()) {
            if let Some(l) = &self.language_code {
                if l.len() != 2 || !l.bytes().all(|b| b.is_ascii_alphabetic()) {
                    ck.fail("language_code", "must be exactly 2 ASCII letters");
                }
            }
        }
        match &self.email_address {
            None => ck.fail("email_address", "required"),
            Some(e) => {
                if ck.text("email_address", Some(e)) {
                    if let Some(why) = email_problem(e) {
                        ck.fail("email_address", why);
                    }
                }
            }
        }
        match &self.country_code2 {
            None => ck.fail("country_code2", "required"),
            Some(c) => {
                if ck.text("country_code2", Some(c))
                    && !COUNTRIES.contains(&c.to_ascii_uppercase().as_str())
                {
                    ck.fail("country_code2", "must be RU, UA or KZ");
                }
            }
        }
        if ck.text("telephone_number", self.telephone_number.as_ref()) {
            if let Some(t) = &self.telephone_number {
                if t.chars().count() > 20 {
                    ck.fail("telephone_number", "longer than 20 characters");
                }
            }
        }
        if ck.errors.is_empty() {
            Ok(ck.warnings)
        } else {
            Err(Error::fields(ck.errors))
        }
    }

    /// Validates and writes the request body.
    pub fn build(&self) -> Result<BuiltRequest> {
        let warnings = self.validate()?;
        let currency = self
            .currency
            .as_deref()
            .and_then(Currency::lookup)
            .ok_or_else(|| Error::field("currency", "required"))?;
        let exponent = currency
            .exponent()
            .ok_or_else(|| Error::field("currency", "has no minor unit"))?;
        let mut x = String::with_capacity(2048);
        x.push_str(DECLARATION);
        x.push_str("<initiatePaymentRequest xmlns=\"");
        x.push_str(NS);
        x.push_str("\" xmlns:xsi=\"");
        x.push_str(XSI_NS);
        x.push_str("\">");
        push_element(&mut x, "merchantID", or_empty(&self.merchant_id));
        push_element(&mut x, "shopID", or_empty(&self.shop_id));
        push_element(
            &mut x,
            "merchantTransactionID",
            or_empty(&self.merchant_transaction_id),
        );
        push_element(
            &mut x,
            "paymentMethodID",
            &PAYMENT_METHOD_QIWI_DEPOSIT.to_string(),
        );
        x.push_str("<amount currencyCode=\"");
        push_attr(&mut x, currency.code());
        x.push_str("\">");
        x.push_str(&format_minor(self.amount_minor.unwrap_or(0), exponent));
        x.push_str("</amount>");
        push_element(&mut x, "userID", or_empty(&self.user_id));
        if let Some(ud) = &self.user_data {
            write_user_data(&mut x, ud);
        }
        if let Some(ip) = &self.user_ip {
            push_element(&mut x, "userIP", ip);
        }
        push_element(&mut x, "userSessionID", or_empty(&self.user_session_id));
        push_element(
            &mut x,
            "creationTypeID",
            &self.creation_type_id.unwrap_or(1).to_string(),
        );
        x.push_str("<specificPaymentData>");
        let country = self.country_code2.as_ref().map(|c| c.to_ascii_uppercase());
        let items: [(&str, Option<&String>); 10] = [
            (
                "MerchantNotificationUrl",
                self.merchant_notification_url.as_ref(),
            ),
            ("SuccessPageUrl", self.success_page_url.as_ref()),
            ("ErrorPageUrl", self.error_page_url.as_ref()),
            ("CancelPageUrl", self.cancel_page_url.as_ref()),
            ("PendingPageUrl", self.pending_page_url.as_ref()),
            ("HomePageUrl", self.home_page_url.as_ref()),
            ("LanguageCode", self.language_code.as_ref()),
            ("EmailAddress", self.email_address.as_ref()),
            ("CountryCode2", country.as_ref()),
            ("TelephoneNumber", self.telephone_number.as_ref()),
        ];
        for (key, v) in items {
            if let Some(v) = v {
                push_data(&mut x, "keyStringValuePair", key, v);
            }
        }
        push_data(
            &mut x,
            "keyIntValuePair",
            "PaymentProviderID",
            &PAYMENT_PROVIDER_ENVOY.to_string(),
        );
        x.push_str("</specificPaymentData></initiatePaymentRequest>");
        Ok(BuiltRequest { xml: x, warnings })
    }
}

/// Validates and writes the request body (same as [`InitiatePaymentRequest::build`]).
pub fn build_initiate_request(req: &InitiatePaymentRequest) -> Result<BuiltRequest> {
    req.build()
}

fn push_data(x: &mut String, ty: &str, key: &str, value: &str) {
    x.push_str("<data xsi:type=\"");
    x.push_str(ty);
    x.push_str("\"><key>");
    push_text(x, key);
    x.push_str("</key><value>");
    push_text(x, value);
    x.push_str("</value></data>");
}

fn user_data_fields(u: &UserData) -> [(&'static str, Option<&String>); 9] {
    [
        ("username", u.username.as_ref()),
        ("firstname", u.firstname.as_ref()),
        ("lastname", u.lastname.as_ref()),
        ("currency_code", u.currency_code.as_ref()),
        ("language_code", u.language_code.as_ref()),
        ("email", u.email.as_ref()),
        ("date_of_birth", u.date_of_birth.as_ref()),
        ("gender", u.gender.as_ref()),
        ("identification_number", u.identification_number.as_ref()),
    ]
}

fn address_fields(a: &Address) -> [(&'static str, Option<&String>); 9] {
    [
        ("street", a.street.as_ref()),
        ("house_name", a.house_name.as_ref()),
        ("house_number", a.house_number.as_ref()),
        ("house_number_extension", a.house_number_extension.as_ref()),
        ("postal_code", a.postal_code.as_ref()),
        ("city", a.city.as_ref()),
        ("state", a.state.as_ref()),
        ("country_code2", a.country_code2.as_ref()),
        ("telephone_number", a.telephone_number.as_ref()),
    ]
}

const USER_DATA_XML: [&str; 6] = [
    "username",
    "firstname",
    "lastname",
    "currencyCode",
    "languageCode",
    "email",
];
const USER_DATA_TAIL_XML: [&str; 3] = ["dateOfBirth", "gender", "identificationNumber"];
const ADDRESS_XML: [&str; 9] = [
    "street",
    "houseName",
    "houseNumber",
    "houseNumberExtension",
    "postalCode",
    "city",
    "state",
    "countryCode2",
    "telephoneNumber",
];

fn write_user_data(x: &mut String, u: &UserData) {
    let f = user_data_fields(u);
    let addr = u.address.as_ref().map(address_fields);
    let addr_any = addr
        .as_ref()
        .is_some_and(|a| a.iter().any(|(_, v)| v.is_some()));
    if !addr_any && f.iter().all(|(_, v)| v.is_none()) {
        return;
    }
    x.push_str("<userData>");
    for ((_, v), name) in f.iter().take(6).zip(USER_DATA_XML) {
        if let Some(v) = v {
            push_element(x, name, v);
        }
    }
    if let (true, Some(a)) = (addr_any, addr) {
        x.push_str("<address>");
        for ((_, v), name) in a.iter().zip(ADDRESS_XML) {
            if let Some(v) = v {
                push_element(x, name, v);
            }
        }
        x.push_str("</address>");
    }
    for ((_, v), name) in f.iter().skip(6).zip(USER_DATA_TAIL_XML) {
        if let Some(v) = v {
            push_element(x, name, v);
        }
    }
    x.push_str("</userData>");
}

/// Reads an `initiatePaymentRequest` back into the input shape (for tests, logs and debugging).
/// Ids are trimmed; user data and specific data values are taken verbatim.
pub fn parse_initiate_request(xml: &[u8]) -> Result<InitiatePaymentRequest> {
    parse_initiate_request_with(xml, &ParseLimits::default())
}

/// [`parse_initiate_request`] with explicit limits.
pub fn parse_initiate_request_with(
    xml: &[u8],
    limits: &ParseLimits,
) -> Result<InitiatePaymentRequest> {
    with_document(xml, limits, |doc| {
        let root = doc.root();
        if doc.name(root) != "initiatePaymentRequest" {
            return Err(Error::malformed(format!(
                "unexpected root element {:?}",
                doc.name(root)
            )));
        }
        read_request(doc, root)
    })
}

fn verbatim(doc: &Document<'_>, id: Option<NodeId>) -> Option<String> {
    crate::cqr::value::free_text(doc, id)
}

fn read_request(doc: &Document<'_>, root: NodeId) -> Result<InitiatePaymentRequest> {
    let mut r = InitiatePaymentRequest::default();
    let (mut amount, mut ud, mut spd, mut ct) = (None, None, None, None);
    for c in doc.children(root) {
        match doc.name(c) {
            "merchantID" => r.merchant_id = opt_id(doc, Some(c)),
            "shopID" => r.shop_id = opt_id(doc, Some(c)),
            "merchantTransactionID" => r.merchant_transaction_id = opt_id(doc, Some(c)),
            "amount" => put(doc, &mut amount, c)?,
            "userID" => r.user_id = opt_id(doc, Some(c)),
            "userData" => put(doc, &mut ud, c)?,
            "userIP" => r.user_ip = opt_id(doc, Some(c)),
            "userSessionID" => r.user_session_id = opt_id(doc, Some(c)),
            "creationTypeID" => put(doc, &mut ct, c)?,
            "specificPaymentData" => put(doc, &mut spd, c)?,
            _ => {}
        }
    }
    r.creation_type_id = opt_int(doc, ct)?.map(|v| v.value);
    if let Some(m) = crate::cqr::value::opt_money(doc, amount)? {
        let cur = Currency::for_amounts(&m.currency)?;
        r.amount_minor = Some(m.value.value().to_minor(cur)?);
        r.currency = Some(m.currency.into_owned());
    }
    if let Some(u) = ud {
        let mut d = UserData::default();
        for c in doc.children(u) {
            let v = verbatim(doc, Some(c));
            match doc.name(c) {
                "username" => d.username = v,
                "firstname" => d.firstname = v,
                "lastname" => d.lastname = v,
                "currencyCode" => d.currency_code = v,
                "languageCode" => d.language_code = v,
                "email" => d.email = v,
                "dateOfBirth" => d.date_of_birth = v,
                "gender" => d.gender = v,
                "identificationNumber" => d.identification_number = v,
                "address" => {
                    let mut a = Address::default();
                    for ac in doc.children(c) {
                        let v = verbatim(doc, Some(ac));
                        match doc.name(ac) {
                            "street" => a.street = v,
                            "houseName" => a.house_name = v,
                            "houseNumber" => a.house_number = v,
                            "houseNumberExtension" => a.house_number_extension = v,
                            "postalCode" => a.postal_code = v,
                            "city" => a.city = v,
                            "state" => a.state = v,
                            "countryCode2" => a.country_code2 = v,
                            "telephoneNumber" => a.telephone_number = v,
                            _ => {}
                        }
                    }
                    d.address = Some(a);
                }
                _ => {}
            }
        }
        r.user_data = Some(d);
    }
    for item in opt_details(doc, spd)?.unwrap_or_default() {
        let v = match &item.value {
            DetailValue::String(s) => Some(s.clone()),
            _ => item.raw().map(str::to_string),
        };
        match item.key.as_str() {
            "MerchantNotificationUrl" => r.merchant_notification_url = v,
            "SuccessPageUrl" => r.success_page_url = v,
            "ErrorPageUrl" => r.error_page_url = v,
            "CancelPageUrl" => r.cancel_page_url = v,
            "PendingPageUrl" => r.pending_page_url = v,
            "HomePageUrl" => r.home_page_url = v,
            "LanguageCode" => r.language_code = v,
            "EmailAddress" => r.email_address = v,
            "CountryCode2" => r.country_code2 = v,
            "TelephoneNumber" => r.telephone_number = v,
            _ => {}
        }
    }
    Ok(r)
}
