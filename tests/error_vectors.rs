//! Runs the shared error vectors (tests/vectors/errors/) through the Rust API: the table of
//! error kinds must equal `ErrorKind`, and every bad-argument case must fail with its kind, code
//! and path through the core function each binding calls for it (the C, Python and PHP runners
//! check the same cases through their bindings).

use qiwi_merchant::cqr::{self, Endpoint, IpAllowList, ProxyHeader};
use qiwi_merchant::gate::{self, Signer};
use qiwi_merchant::{Error, ErrorKind, LimitOverrides, SecretKey};
use serde_json::Value as J;
use std::collections::BTreeSet;
use std::path::Path;

fn load(name: &str) -> J {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors/errors")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn text<'a>(input: &'a J, key: &str) -> &'a str {
    input[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {input}"))
}

fn opt_text<'a>(input: &'a J, key: &str) -> Option<&'a str> {
    input.get(key).and_then(J::as_str)
}

fn texts<'a>(input: &'a J, key: &str) -> Vec<&'a str> {
    input
        .get(key)
        .and_then(J::as_array)
        .map(|a| a.iter().map(|v| v.as_str().unwrap()).collect())
        .unwrap_or_default()
}

/// The limits argument as the C ABI and PHP hand it to the core: the JSON document, exact
/// number text kept (serde_json's arbitrary_precision). Absent or null: the defaults.
fn limits(input: &J) -> Result<LimitOverrides, Error> {
    match input.get("limits") {
        None | Some(J::Null) => Ok(LimitOverrides::default()),
        Some(doc) => LimitOverrides::from_json(&serde_json::to_vec(doc).unwrap()),
    }
}

/// Runs one case's call; `Ok` means the call did not fail.
fn run(call: &str, input: &J) -> Result<(), Error> {
    match call {
        "gate_signer" => {
            let limits = limits(input)?;
            Signer::new(SecretKey::from(text(input, "secret")))?.with_limits(limits.json());
        }
        "gate_stamp" => {
            let limits = limits(input)?;
            let params = serde_json::to_vec(&input["params"]).unwrap();
            gate::stamp_with_limits(&params, &limits.json())?;
        }
        "gate_sign" => {
            let signer = Signer::new(SecretKey::from(text(input, "secret")))?;
            signer.sign_json(&serde_json::to_vec(&input["params"]).unwrap())?;
        }
        "cqr_parse" => {
            let limits = limits(input)?;
            cqr::parse_message_with(text(input, "xml").as_bytes(), &limits.xml())?;
        }
        "cqr_ack" => {
            let code = input["code"].as_i64().unwrap();
            let name = cqr::ack_result_name(code, opt_text(input, "name"))?;
            cqr::build_ack(code, name, "")?;
        }
        "cqr_ip_decide" => {
            let mut list =
                IpAllowList::new(&texts(input, "allowed"), &texts(input, "trusted_proxies"))?;
            if let Some(header) = opt_text(input, "header") {
                list.header = header.parse::<ProxyHeader>()?;
            }
            let peer = cqr::parse_peer(text(input, "peer"))?;
            list.decide(peer, &texts(input, "headers"));
        }
        "cqr_basic_authorization" => {
            cqr::basic_authorization(
                text(input, "user"),
                &SecretKey::from(text(input, "password")),
            )?;
        }
        "cqr_url" => {
            let endpoint = match opt_text(input, "base") {
                Some(base) => Endpoint::new(base)?,
                None => Endpoint::test(),
            };
            endpoint.url_of(text(input, "operation"))?;
        }
        "cqr_initiate" => {
            let doc = serde_json::to_vec(&input["document"]).unwrap();
            qiwi_merchant::document_from_json::<cqr::InitiatePaymentRequest>("initiate", &doc)?
                .build()?;
        }
        "gate_payout" => {
            let signer = Signer::new(SecretKey::from(text(input, "secret")))?;
            let doc = serde_json::to_vec(&input["document"]).unwrap();
            qiwi_merchant::document_from_json::<gate::PayoutRequest>("payout", &doc)?
                .build(&signer)?;
        }
        "gate_storage_failed" => {
            let doc = serde_json::to_vec(&input["record"]).unwrap();
            let record = qiwi_merchant::settle::parse_gate_record(&doc)?;
            qiwi_merchant::settle::gate::storage_failed(Some(&record));
        }
        other => panic!("unknown call {other:?}: add it to every runner and the README"),
    }
    Ok(())
}

#[test]
fn the_kind_table_is_error_kind() {
    let file = load("kinds.json");
    let table = file["kinds"].as_array().unwrap();
    assert_eq!(
        table.len(),
        ErrorKind::ALL.len(),
        "kinds.json and ErrorKind::ALL list different kinds"
    );
    for (row, kind) in table.iter().zip(ErrorKind::ALL) {
        assert_eq!(row["code"].as_u64(), Some(u64::from(kind.code())), "{row}");
        assert_eq!(row["kind"].as_str(), Some(kind.name()), "{row}");
        assert_eq!(ErrorKind::from_code(kind.code()), Some(kind));
        for binding in ["c", "python", "php"] {
            assert!(
                row[binding].as_str().is_some_and(|s| !s.is_empty()),
                "{row}"
            );
        }
    }
    // One C constant per kind; classes may be shared (3 and 6 are both a signature error).
    let constants: BTreeSet<&str> = table.iter().filter_map(|r| r["c"].as_str()).collect();
    assert_eq!(constants.len(), table.len());
}

#[test]
fn argument_errors() {
    let file = load("arguments.json");
    let kinds: Vec<J> = load("kinds.json")["kinds"].as_array().unwrap().clone();
    let mut names = BTreeSet::new();
    let mut calls = BTreeSet::new();
    let cases = file["cases"].as_array().unwrap();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        assert!(names.insert(name), "duplicate case name {name}");
        let call = case["call"].as_str().unwrap();
        calls.insert(call);
        let want = &case["expect_error"];
        let e = match run(call, &case["input"]) {
            Ok(()) => panic!("{name}: no error"),
            Err(e) => e,
        };
        assert_eq!(Some(e.kind().name()), want["kind"].as_str(), "{name}: {e}");
        assert_eq!(
            Some(u64::from(e.code())),
            want["code"].as_u64(),
            "{name}: {e}"
        );
        // The expected code is the kind's code in the table (the vectors cannot disagree).
        let row = kinds.iter().find(|k| k["kind"] == want["kind"]).unwrap();
        assert_eq!(row["code"], want["code"], "{name}");
        if let Some(path) = want.get("path") {
            assert_eq!(e.path(), path.as_str(), "{name}: {e}");
        }
    }
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let expected: BTreeSet<&str> = [
        "gate_signer",
        "gate_stamp",
        "gate_sign",
        "cqr_parse",
        "cqr_ack",
        "cqr_ip_decide",
        "cqr_basic_authorization",
        "cqr_url",
        "cqr_initiate",
        "gate_payout",
        "gate_storage_failed",
    ]
    .into_iter()
    .collect();
    assert_eq!(calls, expected, "every call has cases");
}

/// The calls succeed with good arguments, so each case fails for the reason it names.
#[test]
fn good_arguments_pass() {
    let good = [
        (
            "gate_signer",
            r#"{"secret":"k","limits":{"max_body_bytes":1024,"max_depth":8,"max_items":100,"max_string_bytes":64}}"#,
        ),
        ("gate_signer", r#"{"secret":"k","limits":{}}"#),
        (
            "gate_stamp",
            r#"{"params":{"a":1},"limits":{"max_depth":2}}"#,
        ),
        (
            "gate_sign",
            r#"{"secret":"k","params":{"payment":{"amount":1050}}}"#,
        ),
        ("cqr_ack", r#"{"code":7,"name":"Custom"}"#),
        ("cqr_ack", r#"{"code":10,"name":null}"#),
        (
            "cqr_ip_decide",
            r#"{"allowed":["10.0.0.0/8"],"trusted_proxies":["192.168.0.1"],"peer":"10.0.0.1","header":"X-Forwarded-For"}"#,
        ),
        (
            "cqr_basic_authorization",
            r#"{"user":"pxp","password":"pw"}"#,
        ),
        (
            "cqr_url",
            r#"{"operation":"getPayments","base":"https://pxp.example/pox"}"#,
        ),
        // The documents of the initiate_* and payout_* cases without their one bad member.
        (
            "cqr_initiate",
            r#"{"document": {"merchant_id": "YourMerchantID", "shop_id": "YourShopID", "merchant_transaction_id": "07035099-e34f-4f24-b912-862296a8fecc", "amount_minor": 2100, "currency": "USD", "user_id": "b875a110-b120-43d3-8711-1f5cfa", "user_data": {"username": "b875a110-b120-43d3-8711-1f5cfa"}, "user_ip": "127.0.0.1", "user_session_id": "057e71ad-947a-4562-9ce2-a89be7966247", "creation_type_id": 1, "merchant_notification_url": "https://merchantNotificationURL", "language_code": "RU", "email_address": "customer@example.com", "country_code2": "RU", "telephone_number": "0123456789"}}"#,
        ),
        (
            "gate_payout",
            r#"{"secret": "qiwi-merchant-test-secret", "document": {"project_id": 1, "payment_id": "p-1", "customer": {"id": "c-1", "ip_address": "203.0.113.7", "first_name": "A", "last_name": "B", "email": "a@example.com"}, "account_number": "4000000000000002", "amount": 1000, "currency": "KZT"}}"#,
        ),
        (
            "gate_storage_failed",
            r#"{"record": {"kind": "deposit", "status": "pending", "amount": 1000, "currency": "KZT", "credited": 0, "debited": 0, "applied_operations": ["op-1"], "raw_status": "pending"}}"#,
        ),
    ];
    for (call, input) in good {
        let input: J = serde_json::from_str(input).unwrap();
        if let Err(e) = run(call, &input) {
            panic!("{call} {input}: {e}");
        }
    }
    let xml = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/cqr/seed_notification.xml"),
    )
    .unwrap();
    let limits = LimitOverrides::from_json(br#"{"max_depth":16}"#).unwrap();
    cqr::parse_message_with(&xml, &limits.xml()).unwrap();
}
