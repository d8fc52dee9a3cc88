//! Concurrency stress (issue 8): many threads share one `Signer`, one `BasicCredentials` and
//! the parsers, under load, for a bounded number of rounds (a few seconds in debug). Every
//! result must equal the one computed on a single thread beforehand. Also run under
//! ThreadSanitizer by `make test-tsan` (see SECURITY.md).

use qiwi_merchant::cqr::{self, BasicCredentials};
use qiwi_merchant::gate::{self, Callback, Signer};
use qiwi_merchant::SecretKey;
use serde_json::Value as J;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

const THREADS: usize = 8;
/// Rounds per thread; `STRESS_ROUNDS` overrides (the TSan run uses fewer).
fn rounds() -> usize {
    std::env::var("STRESS_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6)
}

const SECRET: &str = "qiwi-merchant-test-secret";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One unit of work and its single-threaded answer.
struct Job {
    what: String,
    run: Box<dyn Fn(&Shared) -> String + Send + Sync>,
    expected: String,
}

struct Shared {
    signer: Signer,
    creds: BasicCredentials,
}

fn gate_inputs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for file in ["verify", "callback", "account_check", "response", "stamp"] {
        let doc: J = serde_json::from_slice(
            &std::fs::read(root().join(format!("tests/vectors/gate/{file}.json"))).unwrap(),
        )
        .unwrap();
        for c in doc["cases"].as_array().unwrap() {
            if let Some(s) = c.get("input").and_then(J::as_str) {
                out.push((format!("{file}/{}", c["name"]), s.to_string()));
            }
        }
    }
    out
}

fn cqr_inputs() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let dir = root().join("tests/vectors/cqr");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".xml") {
            out.push((name, std::fs::read(&p).unwrap()));
        } else if name.ends_with(".json") {
            let doc: J = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            if let Some(x) = doc.get("input_xml").and_then(J::as_str) {
                out.push((name, x.as_bytes().to_vec()));
            }
        }
    }
    out
}

fn jobs(shared: &Shared) -> Vec<Job> {
    let mut jobs: Vec<Job> = Vec::new();
    let mut add = |what: String, run: Box<dyn Fn(&Shared) -> String + Send + Sync>| {
        let expected = run(shared);
        jobs.push(Job {
            what,
            run,
            expected,
        });
    };
    for (name, input) in gate_inputs() {
        let i = input.clone();
        add(
            format!("verify {name}"),
            Box::new(move |s| format!("{:?}", s.signer.verify_json(i.as_bytes()))),
        );
        let i = input.clone();
        add(
            format!("callback {name}"),
            Box::new(move |s| format!("{:?}", Callback::parse(&s.signer, i.as_bytes()))),
        );
        let i = input.clone();
        add(
            format!("account check {name}"),
            Box::new(move |s| {
                format!(
                    "{:?}",
                    gate::parse_account_check(&s.signer, 111, i.as_bytes())
                )
            }),
        );
        let i = input.clone();
        add(
            format!("status {name}"),
            Box::new(move |s| {
                format!("{:?}", gate::parse_status_response(&s.signer, i.as_bytes()))
            }),
        );
        let i = input.clone();
        add(
            format!("stamp+sign {name}"),
            Box::new(move |s| {
                format!(
                    "{:?} {:?}",
                    gate::stamp(i.as_bytes()),
                    s.signer.sign_json(i.as_bytes())
                )
            }),
        );
    }
    for (name, xml) in cqr_inputs() {
        let x = xml.clone();
        add(
            format!("cqr parse {name}"),
            Box::new(move |_| format!("{:?}", cqr::parse_message(&x))),
        );
        let x = xml.clone();
        add(
            format!("cqr initiate request {name}"),
            Box::new(move |_| format!("{:?}", cqr::parse_initiate_request(&x))),
        );
    }
    for (user, pass) in [("merchant", "pw-1"), ("merchant", "wrong"), ("x", "pw-1")] {
        let h = cqr::basic_authorization(user, &SecretKey::from(pass))
            .unwrap()
            .as_str()
            .to_string();
        add(
            format!("basic auth {user}"),
            Box::new(move |s| format!("{}", s.creds.verify(Some(&h)))),
        );
    }
    jobs
}

#[test]
fn threads_share_signer_and_parsers() {
    let shared = Shared {
        signer: Signer::new(SECRET).unwrap(),
        creds: BasicCredentials::new("merchant", SecretKey::from("pw-1")).unwrap(),
    };
    let jobs = jobs(&shared);
    assert!(jobs.len() > 200, "only {} jobs", jobs.len());
    // Sanity: the shared secret verifies the vectors signed with it.
    assert!(jobs.iter().any(|j| j.expected.starts_with("Ok(Verified")));
    let done = AtomicUsize::new(0);
    let rounds = rounds();
    std::thread::scope(|scope| {
        for t in 0..THREADS {
            let (jobs, shared, done) = (&jobs, &shared, &done);
            scope.spawn(move || {
                for r in 0..rounds {
                    // Each thread walks the jobs from a different offset and direction, so
                    // different work runs at the same time.
                    let n = jobs.len();
                    for k in 0..n {
                        let i = if (t + r) % 2 == 0 {
                            (k + t * 37) % n
                        } else {
                            n - 1 - (k + t * 53) % n
                        };
                        let job = &jobs[i];
                        let got = (job.run)(shared);
                        assert_eq!(got, job.expected, "thread {t} round {r}: {}", job.what);
                        done.fetch_add(1, Relaxed);
                    }
                }
            });
        }
        // Meanwhile, this thread signs and verifies fresh messages with the same signer.
        for i in 0..(rounds * 200) {
            let body = format!(
                r#"{{"general":{{"project_id":{i},"payment_id":"p{i}"}},"n":[{i},"x:{i}"]}}"#
            );
            let sig = shared.signer.sign_json(body.as_bytes()).unwrap();
            let signed = format!("{},\"signature\":\"{sig}\"}}", &body[..body.len() - 1]);
            assert!(shared
                .signer
                .verify_json(signed.as_bytes())
                .unwrap()
                .is_canonical());
            done.fetch_add(1, Relaxed);
        }
    });
    assert_eq!(
        done.load(Relaxed),
        THREADS * rounds * jobs.len() + rounds * 200
    );
}
