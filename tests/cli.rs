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
    // The prefix is said once, in the answer and on stderr (it used to read
    // "malformed JSON: malformed JSON at byte …").
    let message = v["message"].as_str().unwrap();
    assert!(message.starts_with("malformed JSON at byte "), "{message}");
    let err = text(&out.stderr);
    assert_eq!(err.matches("malformed JSON").count(), 1, "{err}");
    // A signed `general.signature` is not passed on in `extra`.
    let body =
        r#"{"type":"verify","project_id":111,"customer_id":"c1","general":{"payment_id":"p"}}"#;
    let sig = text(&run(&["gate", "sign"], body.as_bytes(), true).stdout);
    let msg = body.replace(
        r#""payment_id":"p""#,
        &format!(r#""payment_id":"p","signature":"{}""#, sig.trim()),
    );
    let out = run(
        &["gate", "account-check", "--project-id", "111"],
        msg.as_bytes(),
        true,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["extra"],
        serde_json::json!({"general": {"payment_id": "p"}})
    );
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

/// A scratch directory removed on drop.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("qm-cli-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

fn settlement_file(name: &str) -> serde_json::Value {
    let path = format!(
        "{}/tests/vectors/settlement/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Runs a settle command and checks the step's expectation; returns the decision.
fn settle_step(
    args: &[&str],
    stdin: &[u8],
    expect: &serde_json::Value,
    what: &str,
) -> serde_json::Value {
    let out = run(args, stdin, false);
    assert_eq!(out.status.code(), Some(0), "{what}: {}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{what}: {}", text(&out.stderr));
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (k, v) in expect.as_object().unwrap() {
        assert_eq!(
            d.get(k).unwrap_or(&serde_json::Value::Null),
            v,
            "{what}: `{k}`; {d}"
        );
    }
    d
}

/// The shared settlement vectors through `gate settle` and `cqr settle`: the record / order
/// goes in as a file, each decision's record is written back for the next step.
#[test]
fn settle_runs_the_settlement_vectors() {
    let dir = Scratch::new("settle");
    let gate = settlement_file("gate.json");
    let secret = dir.file("secret", gate["secret"].as_str().unwrap().as_bytes());
    let project = gate["project_id"].to_string();
    let mut steps = 0;
    for case in gate["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let mut record = case["record"].clone();
        for (i, step) in case["steps"].as_array().unwrap().iter().enumerate() {
            let what = format!("gate {name} step {i}");
            let path = dir.file("record.json", record.to_string().as_bytes());
            let mut args = vec!["gate", "settle"];
            if !record.is_null() {
                args.extend(["--record", path.as_str()]);
            }
            let stdin = if let Some(body) = step["callback"].as_str() {
                args.extend(["--secret-file", &secret, "--project-id", &project]);
                body
            } else if let Some(body) = step["status_answer"].as_str() {
                args.extend([
                    "--secret-file",
                    &secret,
                    "--project-id",
                    &project,
                    "--status-answer",
                ]);
                body
            } else {
                args.push("--storage-failed");
                ""
            };
            let d = settle_step(&args, stdin.as_bytes(), &step["expect"], &what);
            record = d["record"].clone();
            steps += 1;
        }
    }
    let cqr = settlement_file("cqr.json");
    for case in cqr["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let settings = &case["settings"];
        let confirm = settings["confirm_with_get_payments"] == true;
        let mut order = case["order"].clone();
        for (i, step) in case["steps"].as_array().unwrap().iter().enumerate() {
            let what = format!("cqr {name} step {i}");
            let path = dir.file("order.json", order.to_string().as_bytes());
            let mut args = vec![
                "cqr",
                "settle",
                "--merchant-id",
                settings["merchant_id"].as_str().unwrap(),
                "--shop-id",
                settings["shop_id"].as_str().unwrap(),
            ];
            if !order.is_null() {
                args.extend(["--order", path.as_str()]);
            }
            let answer;
            let stdin = if let Some(xml) = step["notification"].as_str() {
                if let Some(gp) = step["get_payments"].as_str() {
                    answer = dir.file("get_payments.xml", gp.as_bytes());
                    args.extend(["--confirm-with", answer.as_str()]);
                } else if confirm {
                    args.push("--require-confirmation");
                }
                xml
            } else if let Some(xml) = step["poll"].as_str() {
                args.push("--get-payments");
                xml
            } else {
                args.push("--storage-failed");
                ""
            };
            let d = settle_step(&args, stdin.as_bytes(), &step["expect"], &what);
            let code = step["expect"]["result_code"].as_i64().unwrap();
            assert!(
                d["body"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("<key>{code}</key>")),
                "{what}"
            );
            order = d["record"].clone();
            steps += 1;
        }
    }
    assert!(steps >= 90, "only {steps} steps ran");
}

#[test]
fn settle_errors_and_exit_codes() {
    let dir = Scratch::new("settle-errors");
    let body = signed(
        r#"{"project_id":7,"payment":{"id":"p1","type":"purchase","status":"success","sum":{"amount":2000,"currency":"KZT"}},"operation":{"id":1,"type":"sale","status":"success","sum_initial":{"amount":2000,"currency":"KZT"}}}"#,
    );
    let good = dir.file(
        "good.json",
        br#"{"kind":"deposit","status":"pending","amount":2000,"currency":"KZT"}"#,
    );
    let out = run(
        &["gate", "settle", "--record", &good, "--project-id", "7"],
        body.as_bytes(),
        true,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["action"], "apply");
    assert_eq!(d["effects"][0]["kind"], "credit");
    // No record: unmatched (still exit 0: the decision is the result).
    let out = run(&["gate", "settle"], body.as_bytes(), true);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["action"],
        "unmatched"
    );
    // A record that breaks a rule: exit 2, one line naming the problem.
    let bad = dir.file(
        "bad.json",
        br#"{"kind":"deposit","status":"pending","amount":0,"currency":"KZT"}"#,
    );
    let out = run(&["gate", "settle", "--record", &bad], body.as_bytes(), true);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("error[validation]: ") && err.contains("amount"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert!(out.stdout.is_empty());
    let broken = dir.file("broken.json", b"{");
    let out = run(
        &["gate", "settle", "--record", &broken],
        body.as_bytes(),
        true,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("error[malformed_input]: "));
    // A forged callback: exit 1.
    let forged = body.replace(r#""sum":{"amount":2000"#, r#""sum":{"amount":9000"#);
    assert_ne!(forged, body);
    let out = run(
        &["gate", "settle", "--record", &good],
        forged.as_bytes(),
        true,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("error[signature_mismatch]: "));
    assert!(out.stdout.is_empty());
    // Usage: a missing file, a bad project id, no secret, exclusive options.
    for args in [
        &["gate", "settle", "--record", "/nonexistent/record.json"][..],
        &["gate", "settle", "--project-id", "seven"][..],
        &["gate", "settle", "--status-answer", "--storage-failed"][..],
        &["cqr", "settle", "--shop-id", "s"][..],
        &[
            "cqr",
            "settle",
            "--merchant-id",
            "m",
            "--shop-id",
            "s",
            "--get-payments",
        ][..],
    ] {
        let out = run(args, body.as_bytes(), true);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).starts_with("error[usage]: "),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    let out = run(&["gate", "settle"], body.as_bytes(), false);
    assert_eq!(out.status.code(), Some(2));
    // Storage failure needs no secret and reads nothing.
    let out = run(
        &["gate", "settle", "--storage-failed", "--record", &good],
        b"",
        false,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (d["action"].as_str(), d["http_status"].as_i64()),
        (Some("retry"), Some(503))
    );
    // CQR: a bad order names its field; an empty merchant id is refused like in every binding.
    let xml = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/cqr/seed_notification.xml"
    ))
    .unwrap();
    let order = dir.file(
        "order.json",
        br#"{"status":"pending","amount":1,"currency":"KZT","payment_id":" "}"#,
    );
    let out = run(
        &[
            "cqr",
            "settle",
            "--merchant-id",
            "m",
            "--shop-id",
            "s",
            "--order",
            &order,
        ],
        &xml,
        false,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("error[validation]: "),
        "{}",
        text(&out.stderr)
    );
    let out = run(
        &["cqr", "settle", "--merchant-id", " ", "--shop-id", "s"],
        &xml,
        false,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("merchant_id"),
        "{}",
        text(&out.stderr)
    );
    // Not our merchant: unmatched, answered with a result code.
    let out = run(
        &["cqr", "settle", "--merchant-id", "m", "--shop-id", "s"],
        &xml,
        false,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["action"], "unmatched");
    assert!(d["body"].as_str().unwrap().contains("<resultCode>"));
    let out = run(
        &["cqr", "settle", "--merchant-id", "m", "--shop-id", "s"],
        b"<getPaymentsRequest/>",
        false,
    );
    assert_eq!(out.status.code(), Some(2));
}
