//! CQR / Kalixa QiwiDeposit, end to end without I/O: initiate → redirect → notification → ack.
//! Run with `cargo run --example cqr_flow`.

use qiwi_merchant::cqr::{
    self, AckCodes, AckResult, AmountCheck, BasicCredentials, Endpoint, InitiateAnswer,
    InitiatePaymentRequest, InitiateResult, IpAllowList, Operation, Outcome,
};
use qiwi_merchant::{Amount, Currency, SecretKey};

fn main() -> Result<(), qiwi_merchant::Error> {
    // 1. Build the initiatePaymentRequest (validation reports every problem at once).
    let request = InitiatePaymentRequest {
        merchant_id: Some("YourMerchantID".into()),
        shop_id: Some("YourShopID".into()),
        merchant_transaction_id: Some("order-42".into()),
        amount_minor: Some(2100),
        currency: Some("USD".into()),
        user_id: Some("customer-7".into()),
        user_session_id: Some("session-abc".into()),
        user_ip: Some("203.0.113.10".into()),
        merchant_notification_url: Some("https://shop.example/cqr/return".into()),
        email_address: Some("customer@example.com".into()),
        country_code2: Some("RU".into()),
        language_code: Some("RU".into()),
        ..Default::default()
    };
    let built = request.build()?;
    let endpoint = Endpoint::test(); // production base: from configuration
    let auth = cqr::basic_authorization("api-user", &SecretKey::from("api-password"))?;
    println!(
        "POST {} ({} bytes, Authorization: {:?})",
        endpoint.url(Operation::InitiatePayment),
        built.xml.len(),
        auth
    );

    // 2. The answer (here: the published example) decides by its root element.
    let answer = include_str!("../tests/vectors/cqr/seed_initiate_response.xml");
    match cqr::parse_initiate_answer(answer.as_bytes())? {
        InitiateAnswer::InitiateResponse(r) => match &r.result {
            InitiateResult::Redirect { url } => println!("redirect the browser to {url}"),
            InitiateResult::Duplicate { .. } => println!("order exists already: call getPayments"),
            other => println!("not redirected: {other:?}"),
        },
        InitiateAnswer::PaymentServiceException(e) => println!("rejected: {:?}", e.error_message),
    }

    // 3. PXP notifies the listener: source address, Basic credentials, then the body.
    let allow = IpAllowList::pxp_test();
    let decision = allow.decide("195.69.175.192".parse().expect("ip"), &[]);
    let creds = BasicCredentials::new("pxp", SecretKey::from("listener-secret"))?;
    let header = cqr::basic_authorization("pxp", &SecretKey::from("listener-secret"))?;
    if !decision.allowed || !creds.verify(Some(header.as_str())) {
        println!("answer 403/401");
        return Ok(());
    }
    let body = include_str!("../tests/vectors/cqr/seed_notification.xml");
    let n = cqr::parse_notification(body.as_bytes())?;
    println!("notification {} → {}", n.idempotency_key(), n.outcome());

    // 4. Pure decisions: amount (99.95 + shop fee 0.05 = 100.00 USD) and effective outcome.
    let expected = Amount::from_minor(10000, Currency::for_amounts("USD")?)?;
    let amount_ok = !matches!(
        cqr::check_amount(&n.payment, &expected),
        AmountCheck::Mismatch { .. }
    );
    let credit = amount_ok && cqr::effective_outcome(&n.payment) == Outcome::Completed;
    println!("credit the order: {credit} (confirm with getPayments first)");

    // 5. Acknowledge once the change is stored durably.
    println!("{}", AckCodes::default().answer(AckResult::Processed, "")?);
    Ok(())
}
