//! CQR benchmarks: a bare quick-xml scan of the seed notification (the floor), the typed
//! notification parse, and the initiate builder. After the criterion groups the ratio
//! `parse_notification / xml_scan_floor` is measured with a plain timing loop and printed
//! (target: ≤ 3), next to the settlement engine's decision for that notification
//! (`settle_notification`, target < 0.2 × parse_notification).

use criterion::{black_box, Criterion};
use qiwi_merchant::cqr::{self, InitiatePaymentRequest};
use qiwi_merchant::settle::cqr::{settle_notification, CqrOrder, CqrSettings};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::time::{Duration, Instant};

const NOTIFICATION: &str = include_str!("../tests/vectors/cqr/seed_notification.xml");

/// Reads every event and builds nothing.
fn scan_floor(xml: &str) -> usize {
    let mut r = Reader::from_str(xml);
    let mut n = 0usize;
    loop {
        match r.read_event() {
            Ok(Event::Eof) => break,
            Ok(_) => n += 1,
            Err(_) => break,
        }
    }
    n
}

fn request() -> InitiatePaymentRequest {
    serde_json::from_str(
        r#"{"merchant_id":"YourMerchantID","shop_id":"YourShopID","merchant_transaction_id":"07035099-e34f-4f24-b912-862296a8fecc","amount_minor":2100,"currency":"USD","user_id":"b875a110-b120-43d3-8711-1f5cfa","user_data":{"username":"b875a110-b120-43d3-8711-1f5cfa"},"user_ip":"127.0.0.1","user_session_id":"057e71ad-947a-4562-9ce2-a89be7966247","merchant_notification_url":"https://merchantNotificationURL","language_code":"RU","email_address":"customer@example.com","country_code2":"RU","telephone_number":"0123456789"}"#,
    )
    .expect("request JSON")
}

/// Mean time per call over one timed round (after a short warm-up).
fn mean_ns(mut f: impl FnMut(), round: Duration) -> f64 {
    for _ in 0..50 {
        f();
    }
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < round {
        for _ in 0..50 {
            f();
        }
        n += 50;
    }
    start.elapsed().as_nanos() as f64 / n as f64
}

fn main() {
    // `CQR_PROFILE_PARSE=1 target/release/deps/cqr-… --bench` loops the parser alone (for perf).
    if std::env::var_os("CQR_PROFILE_PARSE").is_some() {
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(3) {
            let _ = black_box(cqr::parse_notification(black_box(NOTIFICATION.as_bytes())));
        }
        return;
    }
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let bytes = NOTIFICATION.as_bytes();
    assert!(cqr::parse_notification(bytes).is_ok());
    let req = request();
    let notification = cqr::parse_notification(bytes).unwrap();
    let settings = CqrSettings::new("Gaming_PP_B2B_noRCheck", "Gaming_PP_B2B_noRCheck");
    let order = CqrOrder::pending(10000, "USD");
    let decide = || settle_notification(&settings, Some(&order), &notification, None);
    assert_eq!(
        decide().effects.len(),
        1,
        "the seed notification credits the order"
    );
    c.bench_function("xml_scan_floor", |b| {
        b.iter(|| scan_floor(black_box(NOTIFICATION)))
    });
    c.bench_function("parse_notification", |b| {
        b.iter(|| cqr::parse_notification(black_box(bytes)))
    });
    c.bench_function("build_initiate", |b| b.iter(|| black_box(&req).build()));
    c.bench_function("settle_notification", |b| b.iter(|| black_box(decide())));
    c.final_summary();

    // Interleaved rounds so both sides see the same machine load; the fastest round counts.
    let mut floor = f64::MAX;
    let mut parse = f64::MAX;
    let mut build = f64::MAX;
    let mut settle = f64::MAX;
    let round = Duration::from_millis(120);
    for _ in 0..12 {
        floor = floor.min(mean_ns(
            || {
                black_box(scan_floor(black_box(NOTIFICATION)));
            },
            round,
        ));
        parse = parse.min(mean_ns(
            || {
                let _ = black_box(cqr::parse_notification(black_box(bytes)));
            },
            round,
        ));
        build = build.min(mean_ns(
            || {
                let _ = black_box(black_box(&req).build());
            },
            round,
        ));
        settle = settle.min(mean_ns(
            || {
                black_box(decide());
            },
            round,
        ));
    }
    println!("xml_scan_floor      {floor:>10.0} ns");
    println!("parse_notification  {parse:>10.0} ns");
    println!("build_initiate      {build:>10.0} ns");
    println!(
        "ratio parse_notification / xml_scan_floor = {:.2} (target <= 3)",
        parse / floor
    );
    println!(
        "settle_notification {settle:>10.0} ns   ratio to parse_notification {:.3} (target < 0.20)",
        settle / parse
    );
}
