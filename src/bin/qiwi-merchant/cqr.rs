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
//! * `settle --merchant-id M --shop-id S [--order FILE] [--confirm-with FILE | --require-confirmation]
//!   [--get-payments | --storage-failed]` — the settlement decision (cqr.md §5.2 steps 5–10) for
//!   the notification on stdin (with `--get-payments`: a getPayments answer for the polled order).

use crate::common::{print_line, read_file, read_stdin, Args, CmdResult, Failure, EXIT_OK};
use qiwi_merchant::cqr::{self, GetPaymentsRequest, InitiatePaymentRequest, ParseLimits};
use qiwi_merchant::settle::{self, cqr as scqr};
use qiwi_merchant::Error;

pub fn run(cmd: &str, args: Args) -> CmdResult {
    match cmd {
        "initiate" => initiate(args),
        "parse" => parse(args),
        "ack" => ack(args),
        "get-payments" => get_payments(args),
        "url" => url(args),
        "settle" => settle_cmd(args),
        _ => Err(Failure::Usage(format!(
            "unknown cqr command {cmd:?} (initiate, parse, ack, get-payments, url, settle)"
        ))),
    }
}

fn initiate(args: Args) -> CmdResult {
    args.finish()?;
    let input = read_stdin(ParseLimits::default().max_body_bytes)?;
    let req: InitiatePaymentRequest = qiwi_merchant::document_from_json("initiate", &input)?;
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
        None => cqr::default_result_name(code)
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

/// `cqr settle`: prints the decision JSON (with the answer `body` to send) and exits 0 whatever
/// the action. `--order FILE`: the order JSON (absent: unknown merchantTransactionID; required
/// with `--get-payments`). `--confirm-with FILE`: the getPayments answer fetched to confirm a
/// completed state (turns confirmation on); `--require-confirmation`: confirmation on, none
/// fetched (a completed state is then answered 10). `--storage-failed`: the retry decision,
/// nothing read.
fn settle_cmd(mut args: Args) -> CmdResult {
    let merchant_id = args
        .value("merchant-id")?
        .ok_or_else(|| Failure::Usage("--merchant-id is required".into()))?;
    let shop_id = args
        .value("shop-id")?
        .ok_or_else(|| Failure::Usage("--shop-id is required".into()))?;
    let order = args.value("order")?;
    let confirm_with = args.value("confirm-with")?;
    let require_confirmation = args.flag("require-confirmation");
    let poll = args.flag("get-payments");
    let storage_failed = args.flag("storage-failed");
    args.finish()?;
    if poll && storage_failed {
        return Err(Failure::Usage(
            "--get-payments and --storage-failed exclude each other".into(),
        ));
    }
    if (poll || storage_failed) && (confirm_with.is_some() || require_confirmation) {
        return Err(Failure::Usage(
            "--confirm-with / --require-confirmation only apply to a notification".into(),
        ));
    }
    if poll && order.is_none() {
        return Err(Failure::Usage("--get-payments needs --order FILE".into()));
    }
    let max = ParseLimits::default().max_body_bytes;
    // The settings document goes through the same checks as in every binding.
    let settings_doc = serde_json::json!({
        "merchant_id": merchant_id,
        "shop_id": shop_id,
        "confirm_with_get_payments": confirm_with.is_some() || require_confirmation,
    });
    let settings = settle::parse_cqr_settings(settings_doc.to_string().as_bytes())?;
    let order = match order {
        None => None,
        Some(p) => Some(settle::parse_cqr_order(&read_file("order", &p, max)?)?),
    };
    let confirmation = match confirm_with {
        None => None,
        Some(p) => Some(cqr::parse_get_payments_answer(&read_file(
            "confirm-with",
            &p,
            max,
        )?)?),
    };
    let decision = if storage_failed {
        scqr::storage_failed(&settings, order.as_ref())
    } else if poll {
        let answer = cqr::parse_get_payments_answer(&read_stdin(max)?)?;
        // Checked above: polling needs the order.
        let order = order
            .as_ref()
            .ok_or_else(|| Failure::Usage("--get-payments needs --order FILE".into()))?;
        scqr::settle_get_payments(&settings, order, &answer)
    } else {
        let n = cqr::parse_notification(&read_stdin(max)?)?;
        scqr::settle_notification(&settings, order.as_ref(), &n, confirmation.as_ref())
    };
    print_line(decision.to_json().as_bytes());
    Ok(EXIT_OK)
}
