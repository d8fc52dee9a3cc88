//! The CQR `initiatePaymentRequest` builder fed arbitrary field values.
//!
//! Each field is absent, a valid template value, the template with arbitrary text spliced in,
//! or arbitrary text, so that both validation failures and successful builds are common.
//! Invariants: no panic; a failed build is one `Validation` error listing fields; a successful
//! build is deterministic and its XML parses back (`parse_initiate_request`) to the same values
//! (country upper-cased, `creation_type_id` defaulted, empty `user_data` dropped).
#![no_main]

mod common;

use arbitrary::Arbitrary;
use common::*;
use libfuzzer_sys::fuzz_target;
use qiwi_merchant::cqr::{self, Address, InitiatePaymentRequest, UserData};
use qiwi_merchant::ErrorKind;

#[derive(Arbitrary, Debug)]
enum F {
    Absent,
    Template,
    /// Template with text appended (ids, free text) or spliced into the path/local part.
    Spliced(String),
    Any(String),
}

#[derive(Arbitrary, Debug)]
enum N {
    Absent,
    Template,
    Any(i64),
}

#[derive(Arbitrary, Debug)]
struct FAddress([F; 9]);

#[derive(Arbitrary, Debug)]
struct FUserData {
    fields: [F; 9],
    address: Option<FAddress>,
}

#[derive(Arbitrary, Debug)]
struct FReq {
    merchant_id: F,
    shop_id: F,
    merchant_transaction_id: F,
    amount_minor: N,
    currency: F,
    user_id: F,
    user_data: Option<FUserData>,
    user_ip: F,
    user_session_id: F,
    creation_type_id: N,
    urls: [F; 6],
    language_code: F,
    email_address: F,
    country_code2: F,
    telephone_number: F,
}

enum Shape {
    /// Text appended.
    Suffix,
    /// URL: text goes in the path.
    Url,
    /// Email: text goes in the local part.
    Email,
}

fn s(f: &F, template: &str, shape: Shape) -> Option<String> {
    match f {
        F::Absent => None,
        F::Template => Some(template.to_string()),
        F::Spliced(t) => Some(match shape {
            Shape::Suffix => format!("{template}{t}"),
            Shape::Url => format!("{template}/{t}"),
            Shape::Email => format!("{t}{template}"),
        }),
        F::Any(t) => Some(t.clone()),
    }
}

fn n(v: &N, template: i64) -> Option<i64> {
    match v {
        N::Absent => None,
        N::Template => Some(template),
        N::Any(i) => Some(*i),
    }
}

const URL_NAMES: [&str; 6] = ["notify", "success", "error", "cancel", "pending", "home"];

fn request(f: &FReq) -> InitiatePaymentRequest {
    let url = |i: usize| {
        s(
            &f.urls[i],
            &format!("https://shop.example/{}", URL_NAMES[i]),
            Shape::Url,
        )
    };
    let free = |fs: &[F; 9], i: usize| s(&fs[i], "text", Shape::Suffix);
    InitiatePaymentRequest {
        merchant_id: s(&f.merchant_id, "M1", Shape::Suffix),
        shop_id: s(&f.shop_id, "S1", Shape::Suffix),
        merchant_transaction_id: s(&f.merchant_transaction_id, "T1", Shape::Suffix),
        amount_minor: n(&f.amount_minor, 2100),
        currency: s(&f.currency, "USD", Shape::Suffix),
        user_id: s(&f.user_id, "U1", Shape::Suffix),
        user_data: f.user_data.as_ref().map(|u| UserData {
            username: free(&u.fields, 0),
            firstname: free(&u.fields, 1),
            lastname: free(&u.fields, 2),
            currency_code: free(&u.fields, 3),
            language_code: free(&u.fields, 4),
            email: free(&u.fields, 5),
            address: u.address.as_ref().map(|a| Address {
                street: free(&a.0, 0),
                house_name: free(&a.0, 1),
                house_number: free(&a.0, 2),
                house_number_extension: free(&a.0, 3),
                postal_code: free(&a.0, 4),
                city: free(&a.0, 5),
                state: free(&a.0, 6),
                country_code2: free(&a.0, 7),
                telephone_number: free(&a.0, 8),
            }),
            date_of_birth: free(&u.fields, 6),
            gender: free(&u.fields, 7),
            identification_number: free(&u.fields, 8),
        }),
        user_ip: s(&f.user_ip, "127.0.0.1", Shape::Suffix),
        user_session_id: s(&f.user_session_id, "SESSION", Shape::Suffix),
        creation_type_id: n(&f.creation_type_id, 1),
        merchant_notification_url: url(0),
        success_page_url: url(1),
        error_page_url: url(2),
        cancel_page_url: url(3),
        pending_page_url: url(4),
        home_page_url: url(5),
        language_code: s(&f.language_code, "RU", Shape::Suffix),
        email_address: s(&f.email_address, "@example.com", Shape::Email),
        country_code2: s(&f.country_code2, "kz", Shape::Suffix),
        telephone_number: s(&f.telephone_number, "0123456789", Shape::Suffix),
    }
}

/// What the builder writes, in the input shape (as tests/cqr_roundtrip.rs).
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

fuzz_target!(|f: FReq| {
    // Field text may carry anything, including the fuzzing secret: errors may quote it.
    set_input(SECRET.as_bytes());
    let req = request(&f);
    match req.build() {
        Ok(built) => {
            assert_eq!(req.build().as_ref(), Ok(&built), "not deterministic");
            assert_eq!(cqr::build_initiate_request(&req).as_ref(), Ok(&built));
            let back = cqr::parse_initiate_request(built.xml.as_bytes())
                .unwrap_or_else(|e| panic!("built XML does not parse: {e:?}\n{}", built.xml));
            assert_eq!(back, normalised(req.clone()), "{}", built.xml);
            // The generic parser reads it too (as a message it is an unknown root).
            let _ = cqr::parse_message(built.xml.as_bytes());
        }
        Err(e) => {
            check_error(&e);
            assert_eq!(e.kind(), ErrorKind::Validation, "{e:?}");
            assert!(!e.field_errors().is_empty(), "{e:?}");
            assert!(req.validate().is_err());
        }
    }
});
