//! `qiwi-merchant cqr …`: CQR / Kalixa QiwiDeposit.
//!
//! * `initiate` — JSON (the `InitiatePaymentRequest` shape) on stdin → request XML on stdout;
//!   warnings on stderr as `warning[<field>]: <message>`.
//! * `parse [--pretty]` — any inbound CQR XML on stdin → JSON with a `kind` field.
//! * `ack --code N [--name NAME] [--message TEXT]` — the notification answer.
//! * `get-payments --merchant-id X --shop-id Y --merchant-transaction-id Z [--is-executed true|false]`
//!   — the getPayments request XML.
//! * `url --operation initiatePayment|getPayments|executePaymentAction [--base URL]` — the
//!   operation URL (default base: the documented test base).

use crate::common::{print_line, read_stdin, Args, CmdResult, Failure, EXIT_OK};
use qiwi_merchant::cqr::{self, GetPaymentsRequest, InitiatePaymentRequest, ParseLimits};
use qiwi_merchant::Error;

pub fn run(cmd: &str, args: Args) -> CmdResult {
    match cmd {
        "initiate" => initiate(args),
        "parse" => parse(args),
        "ack" => ack(args),
        "get-payments" => get_payments(args),
        "url" => url(args),
        _ => Err(Failure::Usage(format!(
            "unknown cqr command {cmd:?} (initiate, parse, ack, get-payments, url)"
        ))),
    }
}

fn initiate(args: Args) -> CmdResult {
    args.finish()?;
    let input = read_stdin(ParseLimits::default().max_body_bytes)?;
    let req: InitiatePaymentRequest = serde_json::from_slice(&input)
        .map_err(|e| Error::malformed(format!("invalid initiate JSON: {e}")))?;
    let built = req.build()?;
    for w in &built.warnings {
        eprintln!("warning[{}]: {}", w.field, w.message);
    }
    print_line(built.xml.as_bytes());
    Ok(EXIT_OK)
}

fn parse(mut args: Args) -> CmdResult {
    let pretty = args.flag("pretty");
    args.finish()?;
    let limits = ParseLimits::default();
    let input = read_stdin(limits.max_body_bytes)?;
    let msg = cqr::parse_message_with(&input, &limits)?;
    let json = if pretty {
        serde_json::to_string_pretty(&msg)
    } else {
        serde_json::to_string(&msg)
    }
    .map_err(|e| Error::malformed(format!("cannot serialise: {e}")))?;
    print_line(json.as_bytes());
    Ok(EXIT_OK)
}

fn ack(mut args: Args) -> CmdResult {
    let code = args
        .value("code")?
        .ok_or_else(|| Failure::Usage("ack needs --code N".into()))?;
    let code: i64 = code
        .parse()
        .map_err(|_| Failure::Usage(format!("--code must be an integer, got {code:?}")))?;
    let name = match args.value("name")? {
        Some(n) => n,
        None => cqr::notify::default_result_name(code)
            .ok_or_else(|| {
                Failure::Usage(format!("no default name for code {code}; pass --name NAME"))
            })?
            .to_string(),
    };
    let message = args.value("message")?.unwrap_or_default();
    args.finish()?;
    print_line(cqr::build_ack(code, &name, &message)?.as_bytes());
    Ok(EXIT_OK)
}

fn get_payments(mut args: Args) -> CmdResult {
    let is_executed = match args.value("is-executed")?.as_deref() {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(other) => {
            return Err(Failure::Usage(format!(
                "--is-executed must be true or false, got {other:?}"
            )))
        }
    };
    let req = GetPaymentsRequest {
        merchant_id: args.value("merchant-id")?,
        shop_id: args.value("shop-id")?,
        merchant_transaction_id: args.value("merchant-transaction-id")?,
        is_executed,
    };
    args.finish()?;
    print_line(req.build()?.as_bytes());
    Ok(EXIT_OK)
}

fn url(mut args: Args) -> CmdResult {
    let op = match args.value("operation")?.as_deref() {
        Some("initiatePayment") => cqr::Operation::InitiatePayment,
        Some("getPayments") => cqr::Operation::GetPayments,
        Some("executePaymentAction") => cqr::Operation::ExecutePaymentAction,
        other => {
            return Err(Failure::Usage(format!(
                "--operation must be initiatePayment, getPayments or executePaymentAction, got {other:?}"
            )))
        }
    };
    let endpoint = match args.value("base")? {
        Some(b) => cqr::Endpoint::new(&b)?,
        None => cqr::Endpoint::test(),
    };
    args.finish()?;
    print_line(endpoint.url(op).as_bytes());
    Ok(EXIT_OK)
}
