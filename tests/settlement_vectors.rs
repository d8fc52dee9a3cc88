//! Runs the shared settlement vectors (tests/vectors/settlement/) through the Rust API. Records
//! and settings go in as JSON documents, exactly as the C ABI, PHP and the CLI hand them over;
//! each step's decision record is the next step's input. The C, Python and PHP suites run the
//! same files.

use qiwi_merchant::cqr::{parse_get_payments_answer, parse_notification};
use qiwi_merchant::gate::{parse_status_response, Callback, Signer};
use qiwi_merchant::settle::{self, cqr as scqr, gate as sgate};
use serde_json::Value as J;
use std::path::Path;

fn load(name: &str) -> J {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors/settlement")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every member of `expected` equals the decision's member of the same name.
fn check(expected: &J, decision: &J, what: &str) {
    let e = expected.as_object().unwrap();
    assert!(!e.is_empty(), "{what}: empty expectation");
    for (k, v) in e {
        assert_eq!(
            decision.get(k).unwrap_or(&J::Null),
            v,
            "{what}: `{k}` differs; decision: {decision}"
        );
    }
}

fn doc(v: &J) -> Option<Vec<u8>> {
    (!v.is_null()).then(|| serde_json::to_vec(v).unwrap())
}

#[test]
fn gate_settlement_vectors() {
    let file = load("gate.json");
    let signer = Signer::new(file["secret"].as_str().unwrap()).unwrap();
    let project = file["project_id"].as_i64();
    let mut steps = 0;
    for case in file["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let mut record = doc(&case["record"]).map(|d| settle::parse_gate_record(&d).unwrap());
        for (i, step) in case["steps"].as_array().unwrap().iter().enumerate() {
            let what = format!("{name} step {i}");
            let decision = if let Some(body) = step["callback"].as_str() {
                let cb = Callback::parse(&signer, body.as_bytes()).unwrap();
                sgate::settle_callback(record.as_ref(), &cb, project)
            } else if let Some(body) = step["status_answer"].as_str() {
                let answer = parse_status_response(&signer, body.as_bytes()).unwrap();
                sgate::settle_status(record.as_ref(), &answer, project)
            } else {
                assert_eq!(step["storage_failed"], J::Bool(true), "{what}");
                sgate::storage_failed(record.as_ref())
            };
            let json: J = serde_json::from_str(&decision.to_json()).unwrap();
            check(&step["expect"], &json, &what);
            record = decision.record;
            steps += 1;
        }
    }
    assert!(steps >= 50, "only {steps} steps ran");
}

#[test]
fn cqr_settlement_vectors() {
    let file = load("cqr.json");
    let mut steps = 0;
    for case in file["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let settings = settle::parse_cqr_settings(&doc(&case["settings"]).unwrap()).unwrap();
        let mut order = doc(&case["order"]).map(|d| settle::parse_cqr_order(&d).unwrap());
        for (i, step) in case["steps"].as_array().unwrap().iter().enumerate() {
            let what = format!("{name} step {i}");
            let decision = if let Some(xml) = step["notification"].as_str() {
                let n =
                    parse_notification(xml.as_bytes()).unwrap_or_else(|e| panic!("{what}: {e}"));
                let confirmation = step["get_payments"]
                    .as_str()
                    .map(|x| parse_get_payments_answer(x.as_bytes()).unwrap());
                scqr::settle_notification(&settings, order.as_ref(), &n, confirmation.as_ref())
            } else if let Some(xml) = step["poll"].as_str() {
                let answer = parse_get_payments_answer(xml.as_bytes()).unwrap();
                scqr::settle_get_payments(&settings, order.as_ref().unwrap(), &answer)
            } else {
                assert_eq!(step["storage_failed"], J::Bool(true), "{what}");
                scqr::storage_failed(&settings, order.as_ref())
            };
            let json: J = serde_json::from_str(&decision.to_json()).unwrap();
            check(&step["expect"], &json, &what);
            // The answer body is the ack for the result code.
            let body = json["body"].as_str().unwrap();
            let code = step["expect"]["result_code"].as_i64().unwrap();
            assert!(body.contains(&format!("<key>{code}</key>")), "{what}");
            order = decision.record;
            steps += 1;
        }
    }
    assert!(steps >= 44, "only {steps} steps ran");
}

#[test]
fn record_documents_are_checked() {
    use qiwi_merchant::ErrorKind;
    let bad = [
        (
            r#"{"kind":"deposit","status":"pending","amount":0,"currency":"KZT"}"#,
            "amount",
        ),
        (
            r#"{"kind":"deposit","status":"pending","amount":1,"currency":"XAU"}"#,
            "currency",
        ),
        (
            r#"{"kind":"deposit","status":"pending","amount":1,"currency":"KZT","credited":1,"debited":2}"#,
            "debited",
        ),
        (
            r#"{"kind":"deposit","status":"pending","amount":1,"currency":"KZT","credit":5}"#,
            "credit",
        ),
        (
            r#"{"kind":"deposit","status":"settled","amount":1,"currency":"KZT"}"#,
            "status",
        ),
        (
            r#"{"kind":"deposit","status":"pending","currency":"KZT"}"#,
            "amount",
        ),
        (
            r#"{"kind":"deposit","status":"pending","amount":"1","currency":"KZT"}"#,
            "amount",
        ),
        (
            r#"{"kind":"deposit","status":"pending","amount":1.5,"currency":"KZT"}"#,
            "amount",
        ),
        (
            r#"{"kind":"deposit","status":"pending","amount":1,"currency":"KZT","applied_operations":["a",7]}"#,
            "applied_operations:1",
        ),
        (r#"[]"#, "record"),
        (r#""x""#, "record"),
        (
            r#"{"kind":"deposit","status":"pending","amount":1,"currency":"KZT","applied_operations":[""]}"#,
            "applied_operations",
        ),
    ];
    for (json, field) in bad {
        let e = settle::parse_gate_record(json.as_bytes()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation, "{json}");
        assert_eq!(e.path(), Some(field), "{json}: {e}");
    }
    for malformed in [
        &b"{"[..],
        br#"{"kind":"deposit","status":"pending","amount":1,"currency":"KZT"} x"#,
        b"",
        b"\xff",
    ] {
        let e = settle::parse_gate_record(malformed).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MalformedInput, "{malformed:?}");
    }
    let e = settle::parse_cqr_order(
        br#"{"status":"pending","amount":1,"currency":"KZT","payment_id":" "}"#,
    )
    .unwrap_err();
    assert_eq!(e.path(), Some("payment_id"));
    let e = settle::parse_cqr_settings(br#"{"merchant_id":"","shop_id":"s"}"#).unwrap_err();
    assert_eq!(e.path(), Some("merchant_id"));
    let e = settle::parse_gate_record(
        br#"{"kind":"payout","status":"completed","amount":5,"currency":"kzt","credited":5}"#,
    )
    .unwrap_err();
    assert_eq!(e.path(), Some("currency"));
}
