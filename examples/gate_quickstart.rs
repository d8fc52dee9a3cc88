//! The README's Gate quickstart, compiled by `cargo test` so it never rots.
//! Run: `cargo run --example gate_quickstart`.

use qiwi_merchant::gate::{
    self, AccountCheckRequest, AccountCheckResponse, Callback, PayoutCustomer, PayoutRequest,
    Signer,
};
use qiwi_merchant::settle::gate::{settle_callback, GateRecord, PaymentKind};

fn main() -> Result<(), qiwi_merchant::Error> {
    let signer = Signer::new("project-secret-key")?; // shareable between threads
    const PROJECT_ID: u64 = 111;

    // 1. The platform asks whether an account exists (`verify`) or for a payment id
    //    (`check_deposit`). Any refusal comes back as a ready answer.
    let body = signed(
        &signer,
        r#"{"type":"check_deposit","project_id":111,"customer_id":"demo-1","amount":10000,"currency":"KZT","payment_method":"qiwi-kz"}"#,
    );
    let answer = match gate::parse_account_check(&signer, PROJECT_ID, &body) {
        Ok(AccountCheckRequest::Verify(_req)) => AccountCheckResponse::verify_ok("KZT", None)?,
        Ok(AccountCheckRequest::CheckDeposit(req)) => {
            // Store a new pending deposit (customer, amount, currency) durably first.
            println!(
                "pending deposit of {} for {}",
                req.money()?,
                req.customer_id
            );
            AccountCheckResponse::check_deposit_ok("dep-000001")?
        }
        Err(rejection) => rejection.response, // 400 or 500 with a message
    };
    println!("HTTP {} {}", gate::HTTP_STATUS, answer.body_str());

    // 2. The result arrives as a signed callback.
    let body = signed(
        &signer,
        r#"{"project_id":111,"payment":{"id":"dep-000001","type":"purchase","status":"success","sum":{"amount":10000,"currency":"KZT"}},"account":{"number":"demo-1"}}"#,
    );
    let http_status = match Callback::parse(&signer, &body) {
        Ok(cb) => {
            // The deposit stored in step 1, read under a row lock (None: unknown payment id).
            let record = GateRecord::pending(PaymentKind::Deposit, 10000, "KZT");
            let decision = settle_callback(Some(&record), &cb, Some(PROJECT_ID as i64));
            // Store decision.record and book decision.effects in one transaction, then answer.
            for e in &decision.effects {
                println!(
                    "{} {} {} ({})",
                    e.kind.as_str(),
                    e.amount,
                    e.currency,
                    e.idempotency_key
                );
            }
            println!(
                "{} / {:?}: {}",
                decision.action.as_str(),
                decision.reason_code,
                decision.reason
            );
            decision.answer.http_status
        }
        Err(_) => 400, // malformed, unsigned or badly signed: nothing stored
    };
    println!("callback answered with HTTP {http_status}");

    // 3. A payout to a QIWI wallet.
    let payout = PayoutRequest {
        project_id: PROJECT_ID,
        payment_id: "payout-000001".into(),
        customer: PayoutCustomer {
            id: "demo-1".into(),
            ip_address: "198.51.100.47".into(),
            first_name: "John".into(),
            last_name: "Doe".into(),
            email: "john@example.com".into(),
        },
        account_number: "9182221133".into(),
        amount: 100,
        currency: "KZT".into(),
        extra: None,
    }
    .build(&signer)?;
    println!(
        "POST {{base}}{} {}",
        payout.path,
        String::from_utf8_lossy(&payout.body)
    );
    Ok(())
}

/// Plays the platform: appends a valid signature to a JSON object.
fn signed(signer: &Signer, json: &str) -> Vec<u8> {
    let signature = signer.sign_json(json.as_bytes()).expect("valid JSON");
    let open = json.strip_suffix('}').expect("an object");
    format!("{open},\"signature\":\"{signature}\"}}").into_bytes()
}
