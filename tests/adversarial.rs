//! Runs the adversarial corpus (tests/adversarial/cases.json, format in
//! tests/adversarial/README.md) through every entry point. For each case it asserts the error
//! kind (and the limit named), a time bound and a memory bound: a counting global allocator
//! measures the peak of live heap bytes during the call, which must stay below
//! 4 × input size + 8 MiB.
//!
//! The bounds hold in the debug profile on a loaded 2-core machine yet catch quadratic
//! behaviour (a case over the time bound is re-run twice and the fastest run counts, so a
//! scheduling stall does not fail it; the quadratic duplicate-attribute check this corpus found
//! took 2–5 s every time).

use qiwi_merchant::cqr::{self, ParseLimits};
use qiwi_merchant::gate::{self, Callback, JsonLimits, PayoutResponse, Signer};
use qiwi_merchant::Error;
use serde_json::Value as J;
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// Counts live heap bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: delegates every call to the system allocator unchanged; only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Per-case wall-clock bound (debug build, shared machine).
const TIME_BOUND: Duration = Duration::from_secs(1);
const MEMORY_SLACK: usize = 8 << 20;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/adversarial")
}

/// Expands a generator spec (README.md, "Generators").
fn expand(g: &J, out: &mut Vec<u8>) {
    match g {
        J::String(s) => out.extend_from_slice(s.as_bytes()),
        J::Object(o) => {
            if let Some(t) = o.get("text") {
                out.extend_from_slice(t.as_str().expect("text is a string").as_bytes());
            } else if let Some(h) = o.get("hex") {
                let h = h.as_str().expect("hex is a string");
                assert!(h.len() % 2 == 0, "odd hex {h}");
                for i in (0..h.len()).step_by(2) {
                    out.push(u8::from_str_radix(&h[i..i + 2], 16).expect("hex digits"));
                }
            } else if let Some(t) = o.get("utf16le") {
                for unit in t.as_str().expect("utf16le is a string").encode_utf16() {
                    out.extend_from_slice(&unit.to_le_bytes());
                }
            } else if let Some(inner) = o.get("repeat") {
                let times = o["times"].as_u64().expect("times") as usize;
                let mut one = Vec::new();
                expand(inner, &mut one);
                out.reserve(one.len() * times);
                for _ in 0..times {
                    out.extend_from_slice(&one);
                }
            } else if let Some(parts) = o.get("concat") {
                for p in parts.as_array().expect("concat is an array") {
                    expand(p, out);
                }
            } else if let Some(n) = o.get("numbered") {
                let count = n["count"].as_u64().expect("count");
                let s = |k: &str| n[k].as_str().expect("string").as_bytes();
                for i in 0..count {
                    if i > 0 {
                        out.extend_from_slice(s("separator"));
                    }
                    out.extend_from_slice(s("before"));
                    out.extend_from_slice(i.to_string().as_bytes());
                    out.extend_from_slice(s("after"));
                }
            } else {
                panic!("unknown generator {g}");
            }
            if let Some(then) = o.get("then") {
                expand(then, out);
            }
        }
        other => panic!("unknown generator {other}"),
    }
}

fn input_of(case: &J) -> Vec<u8> {
    if let Some(g) = case.get("generator") {
        let mut out = Vec::new();
        expand(g, &mut out);
        out
    } else {
        let file = case["file"].as_str().expect("generator or file");
        std::fs::read(dir().join(file)).expect("case file")
    }
}

/// What an entry point returned, reduced to what the manifest can expect.
#[derive(Debug, PartialEq)]
struct Outcome {
    kind: String,
    limit: Option<String>,
}

impl Outcome {
    fn ok() -> Outcome {
        Outcome {
            kind: "ok".into(),
            limit: None,
        }
    }
    fn of<T>(r: Result<T, Error>) -> Outcome {
        match r {
            Ok(_) => Outcome::ok(),
            Err(e) => Outcome {
                kind: e.kind().name().into(),
                limit: e.limit_hit().map(|l| l.name().into()),
            },
        }
    }
}

struct Ctx {
    secret: String,
    project_id: u64,
    sent_payment_id: String,
}

fn limit_override(case: &J, field: &str) -> Option<usize> {
    case.get("limits")?.get(field)?.as_u64().map(|v| v as usize)
}

fn json_limits(case: &J) -> JsonLimits {
    let d = JsonLimits::default();
    JsonLimits {
        max_body_bytes: limit_override(case, "max_body_bytes").unwrap_or(d.max_body_bytes),
        max_depth: limit_override(case, "max_depth").unwrap_or(d.max_depth),
        max_items: limit_override(case, "max_items").unwrap_or(d.max_items),
        max_string_bytes: limit_override(case, "max_string_bytes").unwrap_or(d.max_string_bytes),
    }
}

fn xml_limits(case: &J) -> ParseLimits {
    let d = ParseLimits::default();
    ParseLimits {
        max_body_bytes: limit_override(case, "max_body_bytes").unwrap_or(d.max_body_bytes),
        max_depth: limit_override(case, "max_depth").unwrap_or(d.max_depth),
        max_items: limit_override(case, "max_items").unwrap_or(d.max_items),
        max_string_bytes: limit_override(case, "max_string_bytes").unwrap_or(d.max_string_bytes),
    }
}

/// Everything an entry needs besides the input, built before the measured call.
enum Prepared {
    Gate(Signer, JsonLimits),
    Cqr(ParseLimits),
}

fn prepare(ctx: &Ctx, case: &J, entry: &str) -> Prepared {
    if entry.starts_with("gate_") {
        let limits = json_limits(case);
        let signer = Signer::new(ctx.secret.as_str())
            .unwrap()
            .with_limits(limits);
        Prepared::Gate(signer, limits)
    } else {
        Prepared::Cqr(xml_limits(case))
    }
}

fn run(ctx: &Ctx, entry: &str, p: &Prepared, input: &[u8]) -> Outcome {
    match (entry, p) {
        ("gate_stamp", Prepared::Gate(_, l)) => Outcome::of(gate::stamp_with_limits(input, l)),
        ("gate_verify", Prepared::Gate(s, _)) => Outcome::of(s.verify_json(input)),
        ("gate_account_check", Prepared::Gate(s, _)) => {
            Outcome::of(gate::parse_account_check(s, ctx.project_id, input).map_err(|r| r.error))
        }
        ("gate_callback", Prepared::Gate(s, _)) => Outcome::of(Callback::parse(s, input)),
        ("gate_status_response", Prepared::Gate(s, _)) => {
            Outcome::of(gate::parse_status_response(s, input))
        }
        ("gate_payout_response", Prepared::Gate(s, _)) => {
            match gate::parse_payout_response(s, 200, input, &ctx.sent_payment_id, false) {
                PayoutResponse::Unknown {
                    error: Some(kind), ..
                } => Outcome { kind, limit: None },
                _ => Outcome::ok(),
            }
        }
        ("cqr_parse", Prepared::Cqr(l)) => Outcome::of(cqr::parse_message_with(input, l)),
        ("cqr_notification", Prepared::Cqr(l)) => {
            Outcome::of(cqr::parse_notification_with(input, l))
        }
        ("cqr_initiate_answer", Prepared::Cqr(l)) => {
            Outcome::of(cqr::parse_initiate_answer_with(input, l))
        }
        ("cqr_get_payments_answer", Prepared::Cqr(l)) => {
            Outcome::of(cqr::parse_get_payments_answer_with(input, l))
        }
        ("cqr_initiate_request", Prepared::Cqr(l)) => {
            Outcome::of(cqr::parse_initiate_request_with(input, l))
        }
        _ => panic!("unknown entry {entry}"),
    }
}

#[test]
fn adversarial_corpus() {
    let manifest: J =
        serde_json::from_slice(&std::fs::read(dir().join("cases.json")).unwrap()).unwrap();
    let ctx = Ctx {
        secret: manifest["secret"].as_str().unwrap().to_string(),
        project_id: manifest["project_id"].as_u64().unwrap(),
        sent_payment_id: manifest["sent_payment_id"].as_str().unwrap().to_string(),
    };
    let cases = manifest["cases"].as_array().unwrap();
    assert!(cases.len() > 100, "manifest too small");
    let mut failures = Vec::new();
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    let mut input_cache: Option<(String, Vec<u8>)> = None;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let entry = case["entry"].as_str().unwrap();
        // Cases differing only by entry share their input.
        let base = name.split('@').next().unwrap().to_string();
        if input_cache.as_ref().map(|(b, _)| b) != Some(&base) {
            drop(input_cache.take()); // free the previous input before building the next
            input_cache = Some((base.clone(), input_of(case)));
        }
        let input = &input_cache.as_ref().unwrap().1;
        let want = Outcome {
            kind: case["expect_kind"].as_str().unwrap().to_string(),
            limit: case
                .get("expect_limit")
                .and_then(J::as_str)
                .map(str::to_string),
        };
        let prepared = prepare(&ctx, case, entry);

        let baseline = LIVE.load(Relaxed);
        PEAK.store(baseline, Relaxed);
        let start = Instant::now();
        let got = run(&ctx, entry, &prepared, input);
        let mut elapsed = start.elapsed();
        let peak = PEAK.load(Relaxed).saturating_sub(baseline);
        // A loaded machine can stall one run; quadratic work is slow every time. Over the
        // bound, the case gets two more runs and the fastest counts.
        for _ in 0..2 {
            if elapsed <= TIME_BOUND {
                break;
            }
            let start = Instant::now();
            let _ = run(&ctx, entry, &prepared, input);
            elapsed = elapsed.min(start.elapsed());
        }

        let mut got = got;
        if want.limit.is_none() {
            got.limit = None; // the limit is only compared when the manifest names one
        }
        if got != want {
            failures.push(format!("{name}: expected {want:?}, got {got:?}"));
        }
        if elapsed > TIME_BOUND {
            failures.push(format!("{name}: took {elapsed:?} (bound {TIME_BOUND:?})"));
        }
        let bound = 4 * input.len() + MEMORY_SLACK;
        if peak > bound {
            failures.push(format!(
                "{name}: peak {peak} live bytes for a {}-byte input (bound {bound})",
                input.len()
            ));
        }
        slowest.push((
            elapsed,
            format!("{name} ({} bytes, peak {peak})", input.len()),
        ));
    }
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (d, what) in slowest.iter().take(5) {
        println!("slowest: {d:?} {what}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
