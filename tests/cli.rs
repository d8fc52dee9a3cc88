//! The CLI's contract: JSON/XML on stdin, results on stdout, one `error[<kind>]: …` line on
//! stderr, exit 0 ok / 1 signature mismatch or refusal / 2 bad input or usage, and the secret
//! only from the environment or a file.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const SECRET: &str = "cli-test-secret-value";
const BIN: &str = env!("CARGO_BIN_EXE_qiwi-merchant");

fn run(args: &[&str], stdin: &[u8], secret_env: bool) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("QIWI_MERCHANT_SECRET");
    if secret_env {
        cmd.env("QIWI_MERCHANT_SECRET", SECRET);
    }
    let mut child = cmd.spawn().unwrap();
    // A command that fails on its arguments exits without reading stdin: a broken pipe here
    // is expected, not an error.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    let out = child.wait_with_output().unwrap();
    let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
    assert!(
        !String::from_utf8_lossy(&all).contains(SECRET),
        "the secret leaked into the output of {args:?}"
    );
    out
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn signed(body: &str) -> String {
    let sig = text(&run(&["gate", "sign"], body.as_bytes(), true).stdout);
    let open = body.strip_suffix('}').unwrap();
    format!("{open},\"signature\":\"{}\"}}", sig.trim())
}

#[test]
fn stamp_and_sign() {
    let out = run(&["gate", "stamp"], br#"{"b":{"y":null,"x":true},"a":["p",{}],"frame_mode":"popup","n":[],"big":12345678901234567890}"#, false);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout).trim(),
        "a:0:p;b:x:1;b:y:;big:12345678901234567890"
    );
    let out = run(&["gate", "sign"], br#"{"a":1}"#, true);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout).trim().len(), 88);
}

#[test]
fn verify_valid_and_mismatch_shows_stamp_not_signature() {
    let msg = signed(r#"{"type":"verify","project_id":111,"customer_id":"c1"}"#);
    let out = run(&["gate", "verify"], msg.as_bytes(), true);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("\"valid\":true"));

    let tampered = msg.replace("c1", "c2");
    let out = run(&["gate", "verify"], tampered.as_bytes(), true);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("customer_id:c2;project_id:111;type:verify"),
        "{stdout}"
    );
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1);
    assert!(
        stderr.starts_with("error[signature_mismatch]: "),
        "{stderr}"
    );
    // The signature the verifier expected appears nowhere.
    let expected = text(
        &run(
            &["gate", "sign"],
            br#"{"type":"verify","project_id":111,"customer_id":"c2"}"#,
            true,
        )
        .stdout,
    );
    assert!(!stdout.contains(expected.trim()) && !stderr.contains(expected.trim()));
}

#[test]
fn callback_prints_outcome() {
    let msg = signed(
        r#"{"payment":{"id":"p1","status":"success","sum":{"amount":2000,"currency":"KZT"}}}"#,
    );
    let out = run(&["gate", "callback"], msg.as_bytes(), true);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["outcome"], "completed");
    assert_eq!(v["payment"]["sum"]["amount"], 2000);
    let out = run(&["gate", "callback"], br#"{"payment":{"id":"p1"}}"#, true);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("error[missing_signature]: "));
    let out = run(&["gate", "callback"], b"{", true);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("error[malformed_input]: "));
}

#[test]
fn account_check_exit_codes() {
    let msg = signed(r#"{"type":"verify","project_id":111,"customer_id":"c1"}"#);
    let out = run(
        &["gate", "account-check", "--project-id", "111"],
        msg.as_bytes(),
        true,
    );
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["type"], "verify");
    let out = run(
        &["gate", "account-check", "--project-id", "112"],
        msg.as_bytes(),
        true,
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["code"], 400);
    let out = run(
        &["gate", "account-check", "--project-id", "111"],
        b"not json",
        true,
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["code"], 500);
}

#[test]
fn payout_and_status_request() {
    let req = br#"{"project_id":35,"payment_id":"test_123","customer":{"id":"12345","ip_address":"198.51.100.47","first_name":"John","last_name":"Doe","email":"johndoe@example.com"},"account_number":"9182221133","amount":100,"currency":"KZT"}"#;
    let out = run(&["gate", "payout"], req, true);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["path"], "/v2/payment/wallet/qiwi-kz/payout");
    assert_eq!(
        v["body"]["general"]["signature"].as_str().unwrap().len(),
        88
    );
    let bad = text(req).replace("KZT", "USD");
    let out = run(&["gate", "payout"], bad.as_bytes(), true);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("payment.currency"));
    let out = run(
        &[
            "gate",
            "status-request",
            "--project-id",
            "35",
            "--payment-id",
            "test_123",
        ],
        b"",
        true,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("/v2/payment/status"));
}

#[test]
fn secret_never_from_argv() {
    let out = run(&["gate", "sign", "--secret", SECRET], b"{}", false);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("error[usage]: "));
    let out = run(&["gate", "sign"], b"{}", false);
    assert_eq!(out.status.code(), Some(2));
    // --secret-file works, with a trailing newline ignored.
    let dir = std::env::temp_dir().join(format!("qm-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("secret");
    std::fs::write(&file, format!("{SECRET}\n")).unwrap();
    let from_file = run(
        &["gate", "sign", "--secret-file", file.to_str().unwrap()],
        br#"{"a":1}"#,
        false,
    );
    let from_env = run(&["gate", "sign"], br#"{"a":1}"#, true);
    assert_eq!(from_file.stdout, from_env.stdout);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn usage_errors() {
    for args in [
        &["gate", "nope"][..],
        &["frobnicate"][..],
        &["gate", "account-check"][..],
    ] {
        let out = run(args, b"{}", true);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).starts_with("error[usage]: "), "{args:?}");
    }
}

#[test]
fn cqr_commands() {
    let out = run(&["cqr", "ack", "--code", "0"], b"", false);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains(
        "<resultCode><key>0</key><value>ProcessedSuccessfully</value></resultCode><resultMessage/>"
    ));
    let xml = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/cqr/seed_notification.xml"
    ))
    .unwrap();
    let out = run(&["cqr", "parse"], &xml, false);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "notification");
    assert_eq!(v["outcome"], "completed");
    let out = run(&["cqr", "parse"], b"<!DOCTYPE x><x/>", false);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("error[malformed_input]: "));
}
