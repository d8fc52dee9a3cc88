//! Secret hygiene (issue 8, SECURITY.md "Secret leakage" and "Timing"):
//!
//! * the secret never appears in any `Debug`/`Display` output, error message, error path, field
//!   error, ready-made answer body or serialised result, over many failing inputs (every shared
//!   vector, the small adversarial cases and thousands of mutations of validly signed messages);
//!   nor does the signature the verifier expected;
//! * the CLI never prints it (stdout and stderr) over failing inputs for every subcommand;
//! * `SecretKey` is `Zeroize + ZeroizeOnDrop`, and no heap block holding the secret is ever freed
//!   without being wiped first: a test allocator inspects every block *before* handing it back
//!   to the system allocator (it never reads freed memory) while the library signs, verifies,
//!   clones and drops keys;
//! * signature comparison is constant time on every path: a code-level check that the Gate
//!   verifier compares with `subtle::ConstantTimeEq` and compares every variant candidate
//!   without an early exit, and that CQR Basic auth compares SHA-256 digests in constant time.

use qiwi_merchant::cqr::{self, BasicCredentials};
use qiwi_merchant::gate::{self, Callback, Signer};
use qiwi_merchant::{Error, SecretKey};
use serde_json::Value as J;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Unique enough that it can only be in memory or output because the test put it there.
const SECRET: &str = "hygiene-S3cr3t-6f1d9b27c4e8a0";

// ------------------------------------------------------------------- freed-block inspection

thread_local! {
    /// Only blocks freed on a thread that asked for it are inspected.
    static SCANNING: Cell<bool> = const { Cell::new(false) };
}
static FREED_WITH_SECRET: AtomicUsize = AtomicUsize::new(0);

struct Inspecting;

fn holds_secret(block: &[u8]) -> bool {
    block.windows(SECRET.len()).any(|w| w == SECRET.as_bytes())
}

/// Inspects a block that is still allocated (the caller has not freed it yet).
///
/// # Safety
/// `ptr` must point to a live allocation of at least `size` bytes.
unsafe fn inspect(ptr: *mut u8, size: usize) {
    if size < SECRET.len() || size > (1 << 20) {
        return;
    }
    if !SCANNING.try_with(Cell::get).unwrap_or(false) {
        return;
    }
    // Spare capacity may never have been written; it is read as bytes only to look for the
    // marker (allocator-level code, like a debugging allocator's poison check).
    let block = std::slice::from_raw_parts(ptr, size);
    if holds_secret(block) {
        FREED_WITH_SECRET.fetch_add(1, Relaxed);
    }
}

// SAFETY: every call is delegated unchanged to the system allocator; blocks are only read
// while they are still allocated.
unsafe impl GlobalAlloc for Inspecting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        System.alloc_zeroed(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        inspect(ptr, layout.size());
        System.dealloc(ptr, layout);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A move leaves the old block behind: it must not hold the secret either.
        let had = SCANNING.try_with(Cell::get).unwrap_or(false)
            && layout.size() >= SECRET.len()
            && layout.size() <= (1 << 20)
            && holds_secret(std::slice::from_raw_parts(ptr, layout.size()));
        let p = System.realloc(ptr, layout, new_size);
        if had && !p.is_null() && p != ptr {
            FREED_WITH_SECRET.fetch_add(1, Relaxed);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Inspecting = Inspecting;

/// Runs `f` with freed-block inspection on this thread; returns how many freed blocks held
/// the secret.
fn freed_with_secret(f: impl FnOnce()) -> usize {
    let before = FREED_WITH_SECRET.load(Relaxed);
    SCANNING.with(|s| s.set(true));
    f();
    SCANNING.with(|s| s.set(false));
    FREED_WITH_SECRET.load(Relaxed) - before
}

fn assert_zeroize_on_drop<T: Zeroize + ZeroizeOnDrop>() {}

#[test]
fn secret_key_is_zeroize_on_drop() {
    assert_zeroize_on_drop::<SecretKey>();
    let mut k = SecretKey::from(SECRET);
    assert_eq!(k.len(), SECRET.len());
    k.zeroize();
    assert!(k.is_empty(), "zeroize empties the key");
}

#[test]
fn detector_sees_an_unwiped_copy() {
    // Control: a plain Vec holding the secret is freed as is, and the detector must see it.
    let n = freed_with_secret(|| {
        let v: Vec<u8> = std::hint::black_box(SECRET.as_bytes().to_vec());
        drop(v);
    });
    assert!(n >= 1, "the freed-block detector does not work");
}

#[test]
fn no_heap_copy_of_the_secret_is_freed_unwiped() {
    let body = br#"{"general":{"project_id":1,"payment_id":"p"},"x":[1,"a:b",{"c":null}]}"#;
    let n = freed_with_secret(|| {
        for key in [
            SecretKey::from(SECRET),
            SecretKey::from(SECRET.to_string()),
            SecretKey::from(SECRET.as_bytes()),
            SecretKey::new(SECRET.as_bytes().to_vec()),
        ] {
            let k2 = key.clone();
            drop(key);
            let signer = Signer::new(k2).unwrap();
            let copy = signer.clone();
            let sig = signer.sign_json(body).unwrap();
            let signed = format!(
                "{},\"signature\":\"{sig}\"}}",
                std::str::from_utf8(&body[..body.len() - 1]).unwrap()
            );
            copy.verify_json(signed.as_bytes()).unwrap();
            let _ = copy.verify_json(br#"{"a":1,"signature":"x"}"#);
            let _ = Callback::parse(&copy, signed.as_bytes());
            let _ = gate::parse_account_check(&copy, 1, signed.as_bytes());
            let _ = format!("{signer:?} {copy:?}");
        }
        let mut k = SecretKey::from(SECRET);
        k.zeroize();
        drop(k);
        let creds = BasicCredentials::new("merchant", SecretKey::from(SECRET)).unwrap();
        let good = cqr::basic_authorization("merchant", &SecretKey::from(SECRET)).unwrap();
        assert!(creds.verify(Some(good.as_str())));
        assert!(!creds.verify(Some("Basic bWVyY2hhbnQ6d3Jvbmc=")));
        let _ = format!("{creds:?}");
        drop(creds);
        drop(good);
    });
    // `good` (the header the host would receive) holds the secret only Base64-encoded, and
    // `basic_authorization` builds `user:password` in a buffer that is wiped.
    assert_eq!(n, 0, "{n} heap block(s) held the secret when freed");
}

// ----------------------------------------------------------------- formatting and errors

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn assert_clean(text: &str, forbidden: &[&str], what: &str) {
    for f in forbidden {
        assert!(!text.contains(f), "{what} leaked {f:?}: {text}");
    }
}

fn error_texts(e: &Error) -> String {
    let mut t = format!("{e}\n{e:?}\n{e:#?}\n{}\n", e.message());
    if let Some(p) = e.path() {
        t.push_str(p);
    }
    for f in e.field_errors() {
        t.push_str(&format!("\n{}: {}", f.field, f.reason));
    }
    t
}

#[test]
fn formatting_never_shows_the_secret() {
    let k = SecretKey::from(SECRET);
    let s = Signer::new(SECRET).unwrap();
    let c = BasicCredentials::new("merchant", SecretKey::from(SECRET)).unwrap();
    let out = format!("{k:?} {k} {k:#?} {s:?} {s:#?} {c:?} {c:#?}");
    assert_clean(&out, &[SECRET, &SECRET[..12]], "formatting");
    assert!(out.contains("redacted"));
}

/// Every failing input we can think of, through every Gate entry point with the secret.
fn gate_inputs() -> Vec<Vec<u8>> {
    let mut inputs = Vec::new();
    let dir = root().join("tests/vectors/gate");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for f in files {
        let doc: J = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
        for c in doc["cases"].as_array().unwrap() {
            if let Some(s) = c.get("input").and_then(J::as_str) {
                inputs.push(s.as_bytes().to_vec());
            }
        }
    }
    inputs.extend(small_adversarial(|e| e.starts_with("gate_")));
    inputs
}

fn small_adversarial(keep: impl Fn(&str) -> bool) -> Vec<Vec<u8>> {
    let doc: J = serde_json::from_slice(
        &std::fs::read(root().join("tests/adversarial/cases.json")).unwrap(),
    )
    .unwrap();
    let mut out = Vec::new();
    for c in doc["cases"].as_array().unwrap() {
        if !keep(c["entry"].as_str().unwrap()) {
            continue;
        }
        if let Some(J::String(s)) = c.get("generator") {
            out.push(s.as_bytes().to_vec());
        } else if let Some(f) = c.get("file").and_then(J::as_str) {
            out.push(std::fs::read(root().join("tests/adversarial").join(f)).unwrap());
        }
    }
    out
}

/// Signs `body` (a JSON object text) with a top-level signature.
fn signed(signer: &Signer, body: &str) -> Option<String> {
    let sig = signer.sign_json(body.as_bytes()).ok()?;
    let open = body.trim_end().strip_suffix('}')?;
    let sep = if open.trim_end().ends_with('{') {
        ""
    } else {
        ","
    };
    Some(format!("{open}{sep}\"signature\":\"{sig}\"}}"))
}

/// Byte flips, truncations and signature swaps of a signed message.
fn mutations(msg: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let step = (msg.len() / 40).max(1);
    for i in (0..msg.len()).step_by(step) {
        let mut m = msg.to_vec();
        m[i] ^= 0x01;
        out.push(m);
        out.push(msg[..i].to_vec());
    }
    out
}

#[test]
fn errors_never_show_the_secret_or_the_expected_signature() {
    let signer = Signer::new(SECRET).unwrap();
    let mut checked = 0usize;
    let mut check = |input: &[u8]| {
        // What the verifier would have expected for this body (if it is signable at all).
        let expected = signer.sign_json(input).ok();
        let mut forbidden = vec![SECRET];
        // (A correctly signed input carries it itself, and results may echo the input.)
        if let Some(e) = &expected {
            if !String::from_utf8_lossy(input).contains(e.as_str()) {
                forbidden.push(e.as_str());
            }
        }
        let mut texts = String::new();
        if let Err(e) = gate::stamp(input) {
            texts += &error_texts(&e);
        }
        if let Err(e) = signer.verify_json(input) {
            texts += &error_texts(&e);
        }
        if let Err(e) = Callback::parse(&signer, input) {
            texts += &error_texts(&e);
        }
        match gate::parse_account_check(&signer, 111, input) {
            Err(r) => {
                texts += &error_texts(&r.error);
                texts += &String::from_utf8_lossy(&r.response.body);
                texts += &format!("{r:?}");
            }
            Ok(req) => texts += &req.to_json(),
        }
        match gate::parse_status_response(&signer, input) {
            Err(e) => texts += &error_texts(&e),
            Ok(r) => texts += &r.to_json(),
        }
        let p = gate::parse_payout_response(&signer, 200, input, "p", false);
        texts += &p.to_json();
        texts += &format!("{p:?}");
        assert_clean(&texts, &forbidden, &String::from_utf8_lossy(input));
        checked += 1;
    };
    let inputs = gate_inputs();
    for input in &inputs {
        check(input);
        if let Ok(text) = std::str::from_utf8(input) {
            if let Some(msg) = signed(&signer, text) {
                check(msg.as_bytes());
                for m in mutations(msg.as_bytes()) {
                    check(&m);
                }
            }
        }
    }
    assert!(checked > 2000, "only {checked} inputs checked");
}

fn header(user: &str, password: &str) -> String {
    cqr::basic_authorization(user, &SecretKey::from(password))
        .unwrap()
        .as_str()
        .to_string()
}

#[test]
fn cqr_errors_never_show_the_password() {
    let creds = BasicCredentials::new("merchant", SecretKey::from(SECRET)).unwrap();
    for header in [
        None,
        Some(String::new()),
        Some("Basic".into()),
        Some("Basic !!!".into()),
        Some(header("merchant", "wrong")),
        Some(header("other", SECRET)),
        Some(header("merchant", &SECRET[..SECRET.len() - 1])),
    ] {
        let e = creds.check(header.as_deref()).unwrap_err();
        assert_clean(&error_texts(&e), &[SECRET], "basic auth error");
    }
    let mut inputs = small_adversarial(|e| e.starts_with("cqr_"));
    let dir = root().join("tests/vectors/cqr");
    for f in std::fs::read_dir(&dir).unwrap() {
        let p = f.unwrap().path();
        if p.extension().is_some_and(|e| e == "xml") {
            let x = std::fs::read(&p).unwrap();
            inputs.extend(mutations(&x));
            inputs.push(x);
        }
    }
    for input in inputs {
        for r in [
            cqr::parse_message(&input).err(),
            cqr::parse_notification(&input).err(),
            cqr::parse_initiate_request(&input).err(),
        ]
        .into_iter()
        .flatten()
        {
            assert_clean(&error_texts(&r), &[SECRET], "cqr error");
        }
    }
}

// ---------------------------------------------------------------------------------- CLI

const BIN: &str = env!("CARGO_BIN_EXE_qiwi-merchant");

fn cli(args: &[&str], stdin: &[u8]) -> (Option<i32>, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .env("QIWI_MERCHANT_SECRET", SECRET)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command may exit before reading all of stdin; a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

#[test]
fn cli_never_prints_the_secret() {
    let signer = Signer::new(SECRET).unwrap();
    let mut inputs: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"{".to_vec(),
        b"[]".to_vec(),
        b"{\"a\":1,\"signature\":\"x\"}".to_vec(),
        b"{\"a\":\"\\ud800\"}".to_vec(),
        b"\xff\xfe".to_vec(),
        b"<x/>".to_vec(),
        b"<!DOCTYPE x><x/>".to_vec(),
    ];
    let callback =
        std::fs::read_to_string(root().join("tests/vectors/gate/callback.json")).unwrap();
    let doc: J = serde_json::from_str(&callback).unwrap();
    for c in doc["cases"].as_array().unwrap().iter().take(6) {
        if let Some(s) = c.get("input").and_then(J::as_str) {
            if let Some(msg) = signed(&signer, s) {
                let mut bad = msg.clone().into_bytes();
                let i = bad.len() / 2;
                bad[i] ^= 1;
                inputs.push(bad);
                inputs.push(msg.into_bytes());
            }
            inputs.push(s.as_bytes().to_vec());
        }
    }
    let commands: &[&[&str]] = &[
        &["gate", "stamp"],
        &["gate", "sign"],
        &["gate", "verify"],
        &["gate", "callback"],
        &["gate", "account-check"],
        &["gate", "account-check", "--project-id", "111"],
        &["gate", "payout"],
        &["gate", "status-request"],
        &["cqr", "initiate"],
        &["cqr", "parse"],
        &["cqr", "ack"],
        &["cqr", "get-payments"],
        &["gate"],
        &["gate", "nonsense", "--secret", SECRET],
        &["--help"],
    ];
    let mut runs = 0;
    for args in commands {
        for input in &inputs {
            let (_, text) = cli(args, input);
            assert_clean(&text, &[SECRET], &format!("CLI {args:?}"));
            runs += 1;
        }
    }
    assert!(runs > 100);
}

// -------------------------------------------------------------------- constant time (code)

fn source(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// The body of the first `{ … }` block after `start` (brace matching; the sources checked have
/// no braces inside strings in these spans).
fn block_after<'s>(src: &'s str, start: &str) -> &'s str {
    let at = src
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not found"));
    let open = at + src[at..].find('{').unwrap();
    let mut depth = 0;
    for (i, c) in src[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &src[open..=open + i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced block after {start:?}")
}

#[test]
fn gate_signature_comparison_is_constant_time_over_all_candidates() {
    let src = source("src/gate/signer.rs");
    // The one comparison primitive: MAC → Base64 into a fixed buffer, `ct_eq` with the
    // received text.
    let matches = block_after(&src, "fn matches(");
    assert!(matches.contains(".ct_eq(received)"), "{matches}");
    assert!(!matches.contains("=="), "{matches}");
    // Every variant candidate goes through `matches`, and the loop has no early exit.
    let verify = block_after(&src, "fn verify_flat<");
    let lp = block_after(verify, "for (variant, stamp) in variants()");
    assert!(lp.contains("self.matches(&stamp, received)"), "{lp}");
    for exit in ["break", "return", "?;", "? "] {
        assert!(!lp.contains(exit), "early exit {exit:?} in {lp}");
    }
    // The match result is combined after the comparison, so the comparison always runs.
    assert!(
        lp.find("self.matches").unwrap() < lp.find("found.is_none()").unwrap(),
        "{lp}"
    );
    // The received signature is never compared any other way.
    for bad in ["received ==", "== received", "received.eq(", "received) =="] {
        assert!(!src.contains(bad), "non-constant-time comparison {bad:?}");
    }
}

#[test]
fn gate_verify_accepts_a_non_canonical_variant() {
    // Behavioural side of the check above: a signature over a variant stamp is found among the
    // candidates (so they are computed and compared), and reported as that variant.
    let doc: J = serde_json::from_slice(
        &std::fs::read(root().join("tests/vectors/gate/verify.json")).unwrap(),
    )
    .unwrap();
    let mut seen = 0;
    for c in doc["cases"].as_array().unwrap() {
        let (Some(input), Some(variant)) = (c["input"].as_str(), c.get("variant")) else {
            continue;
        };
        let signer = Signer::new(c["secret"].as_str().unwrap()).unwrap();
        let v = signer.verify_json(input.as_bytes()).unwrap();
        let got = serde_json::to_value(v).unwrap();
        assert_eq!(&got, variant, "{}", c["name"]);
        if !v.is_canonical() {
            seen += 1;
        }
    }
    assert!(seen > 0, "no non-canonical variant vectors");
}

#[test]
fn cqr_basic_auth_compares_digests_in_constant_time() {
    let src = source("src/cqr/auth.rs");
    let verify = block_after(&src, "pub fn verify(&self, authorization");
    assert!(
        verify.contains("Sha256::digest(self.password.expose())"),
        "{verify}"
    );
    assert!(verify.contains(".ct_eq("), "{verify}");
    // User and password are both compared before the result is used (`&`, not `&&`).
    assert!(verify.contains(") & p.as_slice().ct_eq("), "{verify}");
    assert!(!verify.contains("=="), "{verify}");
}
