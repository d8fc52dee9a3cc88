//! Every request the builders write reads back to the same values (through the library's own
//! parsers, and its element order and items through an independent XML reader, quick-xml);
//! arbitrary text survives escaping.

use proptest::prelude::*;
use qiwi_merchant::cqr::{self, Address, InitiatePaymentRequest, UserData};
use qiwi_merchant::Currency;
use quick_xml::events::Event;

/// One element as an independent reader (quick-xml, not the crate's XML layer) sees it.
#[derive(Debug, Default)]
struct Element {
    name: String,
    xsi_type: Option<String>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn child(&self, name: &str) -> &Element {
        self.children
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("<{name}> missing in <{}>", self.name))
    }

    fn child_names(&self) -> Vec<&str> {
        self.children.iter().map(|c| c.name.as_str()).collect()
    }
}

/// The root element of `xml`, read with quick-xml (text unescaped, not trimmed).
fn read_tree(xml: &str) -> Element {
    fn start(e: &quick_xml::events::BytesStart<'_>) -> Element {
        let xsi_type = e
            .attributes()
            .map(|a| a.expect("attribute"))
            .find(|a| a.key.as_ref() == b"xsi:type")
            .map(|a| a.unescape_value().expect("attribute value").into_owned());
        Element {
            name: String::from_utf8(e.local_name().as_ref().to_vec()).expect("utf-8 name"),
            xsi_type,
            ..Element::default()
        }
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut open: Vec<Element> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => open.push(start(&e)),
            Event::Empty(e) => {
                let el = start(&e);
                match open.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return el,
                }
            }
            Event::End(_) => {
                let el = open.pop().expect("balanced");
                match open.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return el,
                }
            }
            Event::Text(t) => {
                if let Some(el) = open.last_mut() {
                    el.text.push_str(&t.unescape().expect("text"));
                }
            }
            Event::CData(c) => {
                if let Some(el) = open.last_mut() {
                    el.text
                        .push_str(std::str::from_utf8(&c).expect("utf-8 CDATA"));
                }
            }
            Event::Eof => panic!("no root element"),
            _ => {}
        }
    }
}

fn xml_ok(c: char) -> bool {
    !((c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}')
}

fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => prop::sample::select(vec!['<', '&', '>', '"', '\'', '\r', '\n', '\t', ' ', ';', '#', 'я', '☃', '\u{10FFFF}']),
        2 => prop::char::range('a', 'z'),
    ]
    .prop_filter("xml char", |c| xml_ok(*c))
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any_char(), 1..max).prop_map(|v| v.into_iter().collect())
}

/// Non-empty, no surrounding XML whitespace.
fn id() -> impl Strategy<Value = String> {
    text(60)
        .prop_map(|s| s.trim_matches([' ', '\t', '\n', '\r']).to_string())
        .prop_filter("non-empty", |s| !s.is_empty())
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text(40))
}

fn url() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["http", "https", "HTTPS"]),
        "[a-z0-9.-]{1,30}",
        prop::collection::vec(any_char(), 0..200),
    )
        .prop_map(|(scheme, host, path)| {
            let path: String = path
                .into_iter()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect();
            let u = format!("{scheme}://{host}/{path}");
            u.chars().take(300).collect()
        })
}

fn email() -> impl Strategy<Value = String> {
    (text(100), text(100)).prop_map(|(a, b)| {
        let a: String = a.replace('@', "a");
        let b: String = b.replace('@', "b");
        format!("{a}x@x{b}")
    })
}

fn currency() -> impl Strategy<Value = &'static str> {
    let codes: Vec<&'static str> = Currency::all()
        .filter(|c| c.exponent().is_some())
        .map(|c| c.code())
        .collect();
    prop::sample::select(codes)
}

fn address() -> impl Strategy<Value = Address> {
    (
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
        opt_text(),
    )
        .prop_map(
            |(
                street,
                house_name,
                house_number,
                house_number_extension,
                postal_code,
                city,
                state,
                country_code2,
                telephone_number,
            )| Address {
                street,
                house_name,
                house_number,
                house_number_extension,
                postal_code,
                city,
                state,
                country_code2,
                telephone_number,
            },
        )
}

fn user_data() -> impl Strategy<Value = UserData> {
    (
        (opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        (
            opt_text(),
            prop::option::of(address()),
            opt_text(),
            opt_text(),
            opt_text(),
        ),
    )
        .prop_map(
            |(
                (username, firstname, lastname, currency_code, language_code),
                (email, address, date_of_birth, gender, identification_number),
            )| {
                UserData {
                    username,
                    firstname,
                    lastname,
                    currency_code,
                    language_code,
                    email,
                    address,
                    date_of_birth,
                    gender,
                    identification_number,
                }
            },
        )
}

fn request() -> impl Strategy<Value = InitiatePaymentRequest> {
    (
        (
            id(),
            id(),
            id(),
            1i64..=i64::MAX,
            currency(),
            id(),
            prop::option::of(user_data()),
        ),
        (
            prop::option::of(prop_oneof![
                Just("127.0.0.1".to_string()),
                Just("2001:db8::1".to_string()),
                Just("::ffff:10.0.0.1".to_string())
            ]),
            id(),
            prop::option::of(1i64..=i64::MAX),
            prop::option::of(url()),
            (url(), url(), url()),
            (prop::option::of(url()), prop::option::of(url())),
        ),
        (
            prop::option::of("[a-zA-Z]{2}"),
            email(),
            prop::sample::select(vec!["RU", "ua", "Kz"]),
            prop::option::of(
                prop::collection::vec(any_char(), 1..=20)
                    .prop_map(|v| v.into_iter().collect::<String>()),
            ),
        ),
    )
        .prop_map(|(a, b, c)| {
            let (
                merchant_id,
                shop_id,
                merchant_transaction_id,
                amount_minor,
                currency,
                user_id,
                user_data,
            ) = a;
            let (user_ip, user_session_id, creation_type_id, mnu, (s, e, cx), (pending, home)) = b;
            let (language_code, email_address, country, telephone_number) = c;
            InitiatePaymentRequest {
                merchant_id: Some(merchant_id),
                shop_id: Some(shop_id),
                merchant_transaction_id: Some(merchant_transaction_id),
                amount_minor: Some(amount_minor),
                currency: Some(currency.to_string()),
                user_id: Some(user_id),
                user_data,
                user_ip,
                user_session_id: Some(user_session_id),
                creation_type_id,
                merchant_notification_url: mnu,
                success_page_url: Some(s),
                error_page_url: Some(e),
                cancel_page_url: Some(cx),
                pending_page_url: pending,
                home_page_url: home,
                language_code,
                email_address: Some(email_address),
                country_code2: Some(country.to_string()),
                telephone_number,
            }
        })
}

/// What the builder is expected to have written, in the input shape.
fn normalised(mut r: InitiatePaymentRequest) -> InitiatePaymentRequest {
    r.country_code2 = r.country_code2.map(|c| c.to_ascii_uppercase());
    r.creation_type_id = Some(r.creation_type_id.unwrap_or(1));
    if let Some(u) = &mut r.user_data {
        if u.address.as_ref().is_some_and(|a| *a == Address::default()) {
            u.address = None;
        }
        if *u == UserData::default() {
            r.user_data = None;
        }
    }
    r
}

const ORDER: [&str; 10] = [
    "merchantID",
    "shopID",
    "merchantTransactionID",
    "paymentMethodID",
    "amount",
    "userID",
    "userData",
    "userIP",
    "userSessionID",
    "creationTypeID",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn initiate_roundtrip(req in request()) {
        let built = req.build().map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(built.xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<initiatePaymentRequest "));
        let back = cqr::parse_initiate_request(built.xml.as_bytes()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, normalised(req));
        // Element order and the provider item, read with an independent XML reader.
        let root = read_tree(&built.xml);
        let names = root.child_names();
        let mut last = 0;
        for n in names.iter().filter(|n| **n != "specificPaymentData") {
            let pos = ORDER.iter().position(|o| o == n).expect("known element");
            prop_assert!(pos >= last, "order: {:?}", names);
            last = pos;
        }
        prop_assert_eq!(names.last(), Some(&"specificPaymentData"));
        let last_item = root.child("specificPaymentData").children.last().expect("an item");
        prop_assert_eq!(last_item.xsi_type.as_deref(), Some("keyIntValuePair"));
        prop_assert_eq!(&last_item.child("key").text, "PaymentProviderID");
        prop_assert_eq!(&last_item.child("value").text, "90");
    }

    #[test]
    fn get_payments_roundtrip(m in id(), s in id(), t in id(), e in prop::option::of(any::<bool>())) {
        let req = cqr::GetPaymentsRequest { merchant_id: Some(m.clone()), shop_id: Some(s.clone()), merchant_transaction_id: Some(t.clone()), is_executed: e };
        let xml = req.build().unwrap();
        let r = read_tree(&xml);
        prop_assert_eq!(&r.name, "getPaymentsRequest");
        let mut want = vec!["merchantID", "shopID", "merchantTransactionID"];
        if e.is_some() { want.push("isExecuted"); }
        prop_assert_eq!(r.child_names(), want);
        prop_assert_eq!(&r.child("merchantID").text, &m);
        prop_assert_eq!(&r.child("shopID").text, &s);
        prop_assert_eq!(&r.child("merchantTransactionID").text, &t);
    }

    #[test]
    fn ack_roundtrip(code in 1i64..1000, reason in text(300)) {
        let xml = cqr::build_ack(code, "Name", &reason).unwrap();
        let want: String = reason.chars().take(cqr::MAX_RESULT_MESSAGE_CHARS).collect();
        let root = read_tree(&xml);
        prop_assert_eq!(&root.child("resultCode").child("key").text, &code.to_string());
        prop_assert_eq!(&root.child("resultMessage").text, &want);
    }
}

#[test]
fn seed_request_shape() {
    let req: InitiatePaymentRequest = serde_json::from_str(
        r#"{"merchant_id":"YourMerchantID","shop_id":"YourShopID","merchant_transaction_id":"07035099-e34f-4f24-b912-862296a8fecc","amount_minor":2100,"currency":"USD","user_id":"b875a110-b120-43d3-8711-1f5cfa","user_data":{"username":"b875a110-b120-43d3-8711-1f5cfa"},"user_ip":"127.0.0.1","user_session_id":"057e71ad-947a-4562-9ce2-a89be7966247","merchant_notification_url":"https://merchantNotificationURL","language_code":"RU","email_address":"customer@example.com","country_code2":"RU","telephone_number":"0123456789"}"#,
    )
    .unwrap();
    let built = req.build().unwrap();
    // Same elements, same order, same values as the published example (modulo whitespace and
    // the xsi declaration the example forgets).
    let seed = include_str!("vectors/cqr/seed_initiate_request.xml")
        .replace("[email\u{a0}protected]", "customer@example.com");
    let compact: String = seed.lines().map(str::trim).collect();
    let compact = compact.replacen(
        "<initiatePaymentRequest xmlns=\"http://www.cqrpayments.com/PaymentProcessing\">",
        "<initiatePaymentRequest xmlns=\"http://www.cqrpayments.com/PaymentProcessing\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
        1,
    );
    assert_eq!(
        built.xml,
        format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{compact}")
    );
}
