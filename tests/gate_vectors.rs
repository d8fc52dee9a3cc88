//! Runs every shared Gate vector in tests/vectors/gate/ through the Rust API.
//! The C, Python and PHP suites run the same files.

use base64::Engine;
use qiwi_merchant::gate::{self, Callback, PayoutRequest, Signer};
use serde_json::Value as J;
use std::path::Path;

fn input_bytes(case: &J) -> Vec<u8> {
    if let Some(s) = case.get("input").and_then(J::as_str) {
        return s.as_bytes().to_vec();
    }
    let b64 = case["input_b64"].as_str().expect("input or input_b64");
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap()
}

/// Every member of `expected` is present and equal in `actual` (recursively for objects).
fn assert_subset(expected: &J, actual: &J, path: &str, name: &str) {
    match (expected, actual) {
        (J::Object(e), J::Object(a)) => {
            for (k, ev) in e {
                let av = a.get(k).unwrap_or(&J::Null);
                assert_subset(ev, av, &format!("{path}.{k}"), name);
            }
        }
        _ => assert_eq!(expected, actual, "{name}: mismatch at {path}"),
    }
}

fn signer(case: &J) -> Signer {
    Signer::new(case["secret"].as_str().unwrap()).unwrap()
}

fn check_error(case: &J, err: &qiwi_merchant::Error, name: &str) {
    let want = case["error"].as_str().unwrap();
    assert_eq!(err.kind().name(), want, "{name}: wrong error kind ({err})");
    if let Some(limit) = case.get("limit").and_then(J::as_str) {
        assert_eq!(err.limit_hit().map(|l| l.name()), Some(limit), "{name}");
    }
    if let Some(path) = case.get("path").and_then(J::as_str) {
        assert_eq!(err.path(), Some(path), "{name}");
    }
    if let Some(fields) = case.get("error_fields").and_then(J::as_array) {
        let got: Vec<&str> = err
            .field_errors()
            .iter()
            .map(|f| f.field.as_str())
            .collect();
        let want: Vec<&str> = fields.iter().map(|f| f.as_str().unwrap()).collect();
        assert_eq!(got, want, "{name}");
    }
}

fn run_case(case: &J) {
    let name = case["name"].as_str().unwrap_or("?");
    let op = case["op"].as_str().unwrap();
    match op {
        "stamp" => match gate::stamp(&input_bytes(case)) {
            Ok(s) => assert_eq!(Some(s.as_str()), case["stamp"].as_str(), "{name}"),
            Err(e) => check_error(case, &e, name),
        },
        "sign" => match signer(case).sign_json(&input_bytes(case)) {
            Ok(sig) => {
                assert_eq!(Some(sig.as_str()), case["signature"].as_str(), "{name}");
                let stamp = gate::stamp(&input_bytes(case)).unwrap();
                assert_eq!(Some(stamp.as_str()), case["stamp"].as_str(), "{name}");
            }
            Err(e) => check_error(case, &e, name),
        },
        "verify" => match signer(case).verify_json(&input_bytes(case)) {
            Ok(v) => {
                assert!(
                    case.get("error").is_none(),
                    "{name}: verified but expected {}",
                    case["error"]
                );
                assert_eq!(serde_json::to_value(v).unwrap(), case["variant"], "{name}");
            }
            Err(e) => check_error(case, &e, name),
        },
        "account_check" => {
            let pid = case["project_id"].as_u64().unwrap();
            match gate::parse_account_check(&signer(case), pid, &input_bytes(case)) {
                Ok(req) => {
                    let expected = case.get("request").unwrap_or_else(|| {
                        panic!("{name}: accepted, expected code {}", case["response_code"])
                    });
                    assert_subset(expected, &serde_json::to_value(&req).unwrap(), "", name);
                }
                Err(rej) => {
                    let code = case
                        .get("response_code")
                        .unwrap_or_else(|| panic!("{name}: rejected: {}", rej.error));
                    assert_eq!(
                        u64::from(rej.response.code),
                        code.as_u64().unwrap(),
                        "{name}: {}",
                        rej.error
                    );
                    let body: J = serde_json::from_slice(&rej.response.body).unwrap();
                    assert_eq!(body["code"], *code, "{name}");
                    let msg = body["message"].as_str().unwrap();
                    assert!(!msg.is_empty(), "{name}");
                    if let Some(part) = case.get("message_contains").and_then(J::as_str) {
                        assert!(msg.contains(part), "{name}: {msg:?} lacks {part:?}");
                    }
                    if let Some(exact) = case.get("message").and_then(J::as_str) {
                        assert_eq!(msg, exact, "{name}");
                        assert_eq!(rej.error.message(), exact, "{name}");
                    }
                    assert!(
                        rej.response.body.starts_with(b"{\"code\":"),
                        "{name}: code first"
                    );
                }
            }
        }
        "account_check_response" => {
            let args = &case["args"];
            let s = |k: &str| args.get(k).and_then(J::as_str);
            let result = match case["builder"].as_str().unwrap() {
                "verify_ok" => gate::AccountCheckResponse::verify_ok(
                    s("currency").unwrap(),
                    s("additional_customer_id"),
                ),
                "check_deposit_ok" => {
                    gate::AccountCheckResponse::check_deposit_ok(s("payment_id").unwrap())
                }
                "not_found" => Ok(gate::AccountCheckResponse::not_found(s("message"))),
                "general_error" => Ok(gate::AccountCheckResponse::general_error(
                    s("message").unwrap(),
                )),
                other => panic!("unknown builder {other}"),
            };
            match result {
                Ok(r) => assert_eq!(Some(r.body_str()), case["body"].as_str(), "{name}"),
                Err(e) => check_error(case, &e, name),
            }
        }
        "callback" => match Callback::parse(&signer(case), &input_bytes(case)) {
            Ok(cb) => {
                assert!(
                    case.get("error").is_none(),
                    "{name}: parsed but expected {}",
                    case["error"]
                );
                assert_subset(
                    &case["callback"],
                    &serde_json::to_value(&cb).unwrap(),
                    "",
                    name,
                );
            }
            Err(e) => check_error(case, &e, name),
        },
        "payout" => {
            let req: PayoutRequest = serde_json::from_value(case["request"].clone()).unwrap();
            match req.build(&signer(case)) {
                Ok(signed) => {
                    assert_eq!(Some(signed.path), case["path"].as_str(), "{name}");
                    assert_eq!(
                        std::str::from_utf8(&signed.body).ok(),
                        case["body"].as_str(),
                        "{name}"
                    );
                    assert_eq!(
                        gate::stamp(&signed.body).ok().as_deref(),
                        case["stamp"].as_str(),
                        "{name}"
                    );
                }
                Err(e) => check_error(case, &e, name),
            }
        }
        "status_request" => {
            let pid = case["project_id"].as_u64().unwrap();
            match gate::status_request(&signer(case), pid, case["payment_id"].as_str().unwrap()) {
                Ok(signed) => {
                    assert_eq!(Some(signed.path), case["path"].as_str(), "{name}");
                    assert_eq!(
                        std::str::from_utf8(&signed.body).ok(),
                        case["body"].as_str(),
                        "{name}"
                    );
                }
                Err(e) => check_error(case, &e, name),
            }
        }
        "payout_response" => {
            let r = gate::parse_payout_response(
                &signer(case),
                case["http_status"].as_u64().unwrap() as u16,
                &input_bytes(case),
                case["payment_id"].as_str().unwrap(),
                case["resend"].as_bool().unwrap(),
            );
            let v = serde_json::to_value(&r).unwrap();
            assert_eq!(v["result"], case["result"], "{name}: {v}");
            if let Some(id) = case.get("request_id") {
                assert_eq!(&v["request_id"], id, "{name}");
            }
            if let Some(e) = case.get("error") {
                assert_eq!(&v["error"], e, "{name}");
            }
        }
        "status_response" => match gate::parse_status_response(&signer(case), &input_bytes(case)) {
            Ok(r) => {
                assert!(
                    case.get("error").is_none(),
                    "{name}: parsed but expected {}",
                    case["error"]
                );
                let v = serde_json::to_value(&r).unwrap();
                assert_eq!(v["result"], case["result"], "{name}");
                if let Some(cb) = case.get("callback") {
                    assert_subset(cb, &v["callback"], "", name);
                }
            }
            Err(e) => check_error(case, &e, name),
        },
        other => panic!("{name}: unknown op {other}"),
    }
}

#[test]
fn all_gate_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/gate");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 6, "vector files missing");
    let mut count = 0;
    for f in files {
        let doc: J = serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            run_case(case);
            count += 1;
        }
    }
    assert!(count > 150, "only {count} cases");
    eprintln!("ran {count} gate vectors");
}
