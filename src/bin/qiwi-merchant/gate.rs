//! `qiwi-merchant gate ...`: the JetPay Gate commands.

use crate::common::{
    load_secret, print_line, read_file, read_stdin, Args, CmdResult, Failure, EXIT_MISMATCH,
    EXIT_OK,
};
use qiwi_merchant::gate::{self, Callback, PayoutRequest, PayoutResponse, SignedRequest, Signer};
use qiwi_merchant::settle::{self, gate as sgate};
use qiwi_merchant::ErrorKind;

/// Bodies larger than this are refused before parsing (the parsers have their own limits).
const MAX_STDIN: usize = 16 << 20;

pub fn run(cmd: &str, mut args: Args) -> CmdResult {
    match cmd {
        "stamp" => {
            args.finish()?;
            let input = read_stdin(MAX_STDIN)?;
            print_line(gate::stamp(&input)?.as_bytes());
            Ok(EXIT_OK)
        }
        "sign" => {
            let signer = signer(&mut args)?;
            args.finish()?;
            let input = read_stdin(MAX_STDIN)?;
            print_line(signer.sign_json(&input)?.as_bytes());
            Ok(EXIT_OK)
        }
        "verify" => {
            let signer = signer(&mut args)?;
            args.finish()?;
            verify(&signer, &read_stdin(MAX_STDIN)?)
        }
        "callback" => {
            let signer = signer(&mut args)?;
            args.finish()?;
            let cb = Callback::parse(&signer, &read_stdin(MAX_STDIN)?)?;
            print_line(cb.to_json().as_bytes());
            Ok(EXIT_OK)
        }
        "account-check" => {
            let signer = signer(&mut args)?;
            let project_id = required_u64(&mut args, "project-id")?;
            args.finish()?;
            match gate::parse_account_check(&signer, project_id, &read_stdin(MAX_STDIN)?) {
                Ok(request) => {
                    print_line(request.to_json().as_bytes());
                    Ok(EXIT_OK)
                }
                Err(rejection) => {
                    print_line(&rejection.response.body);
                    eprintln!(
                        "error[{}]: {}",
                        rejection.error.kind().name(),
                        rejection.error.message().replace(['\n', '\r'], " ")
                    );
                    Ok(EXIT_MISMATCH)
                }
            }
        }
        "payout" => {
            let signer = signer(&mut args)?;
            args.finish()?;
            let input = read_stdin(MAX_STDIN)?;
            let request: PayoutRequest = qiwi_merchant::document_from_json("payout", &input)?;
            print_signed(&request.build(&signer)?);
            Ok(EXIT_OK)
        }
        "status-request" => {
            let signer = signer(&mut args)?;
            let project_id = required_u64(&mut args, "project-id")?;
            let payment_id = args
                .value("payment-id")?
                .ok_or_else(|| Failure::Usage("--payment-id is required".into()))?;
            args.finish()?;
            print_signed(&gate::status_request(&signer, project_id, &payment_id)?);
            Ok(EXIT_OK)
        }
        "payout-response" => {
            let signer = signer(&mut args)?;
            let http_status = required_u64(&mut args, "http-status")?;
            let payment_id = args
                .value("payment-id")?
                .ok_or_else(|| Failure::Usage("--payment-id is required".into()))?;
            let resend = args.flag("resend");
            args.finish()?;
            let http_status = u16::try_from(http_status)
                .map_err(|_| Failure::Usage("--http-status must be an HTTP status code".into()))?;
            let result = gate::parse_payout_response(&signer, http_status, &read_stdin(MAX_STDIN)?, &payment_id, resend);
            print_line(result.to_json().as_bytes());
            Ok(match result {
                PayoutResponse::Accepted { .. } => EXIT_OK,
                _ => EXIT_MISMATCH,
            })
        }
        "status-response" => {
            let signer = signer(&mut args)?;
            args.finish()?;
            let result = gate::parse_status_response(&signer, &read_stdin(MAX_STDIN)?)?;
            print_line(result.to_json().as_bytes());
            Ok(EXIT_OK)
        }
        "settle" => settle(args),
        other => Err(Failure::Usage(format!(
            "unknown gate command {other:?} (stamp, sign, verify, callback, account-check, payout, status-request, payout-response, status-response, settle)"
        ))),
    }
}

/// `gate settle [--record FILE] [--project-id N] [--status-answer | --storage-failed]`: the
/// settlement decision (gate.md §4.5) for the callback on stdin (with `--status-answer`: a
/// status answer) and the payment's record (no `--record`: no record has this payment id).
/// `--storage-failed` reads nothing and prints the retry decision. Prints the decision JSON and
/// exits 0 whatever the action; a bad record or message is an error (exit 2, or 1 for a
/// signature problem).
fn settle(mut args: Args) -> CmdResult {
    let record = args.value("record")?;
    let project_id = match args.value("project-id")? {
        None => None,
        Some(v) => Some(
            v.parse::<i64>()
                .map_err(|_| Failure::Usage("--project-id must be an integer".into()))?,
        ),
    };
    let status_answer = args.flag("status-answer");
    let storage_failed = args.flag("storage-failed");
    if status_answer && storage_failed {
        return Err(Failure::Usage(
            "--status-answer and --storage-failed exclude each other".into(),
        ));
    }
    if storage_failed {
        if project_id.is_some() {
            return Err(Failure::Usage(
                "--storage-failed takes no --project-id (no message is read)".into(),
            ));
        }
        // No message is read, so no secret is needed (a script may pass it anyway).
        let _ = args.value("secret-file")?;
        args.finish()?;
        let record = gate_record(record.as_deref())?;
        print_line(sgate::storage_failed(record.as_ref()).to_json().as_bytes());
        return Ok(EXIT_OK);
    }
    let signer = signer(&mut args)?;
    args.finish()?;
    let record = gate_record(record.as_deref())?;
    let body = read_stdin(MAX_STDIN)?;
    let decision = if status_answer {
        let answer = gate::parse_status_response(&signer, &body)?;
        sgate::settle_status(record.as_ref(), &answer, project_id)
    } else {
        let cb = Callback::parse(&signer, &body)?;
        sgate::settle_callback(record.as_ref(), &cb, project_id)
    };
    print_line(decision.to_json().as_bytes());
    Ok(EXIT_OK)
}

fn gate_record(path: Option<&str>) -> Result<Option<sgate::GateRecord>, Failure> {
    match path {
        None => Ok(None),
        Some(p) => Ok(Some(settle::parse_gate_record(&read_file(
            "record", p, MAX_STDIN,
        )?)?)),
    }
}

fn signer(args: &mut Args) -> Result<Signer, Failure> {
    Ok(Signer::new(load_secret(args)?)?)
}

fn required_u64(args: &mut Args, name: &str) -> Result<u64, Failure> {
    let v = args
        .value(name)?
        .ok_or_else(|| Failure::Usage(format!("--{name} is required")))?;
    v.parse::<u64>()
        .map_err(|_| Failure::Usage(format!("--{name} must be a non-negative integer")))
}

fn print_signed(req: &SignedRequest) {
    let mut out = String::from("{\"path\":");
    // A `&str` always serializes; the path is one of the crate's constants.
    out.push_str(&serde_json::to_string(req.path).unwrap_or_default());
    out.push_str(",\"body\":");
    out.push_str(std::str::from_utf8(&req.body).unwrap_or("null"));
    out.push('}');
    print_line(out.as_bytes());
}

/// Prints `{"valid":true,...}` and exits 0, or on a mismatch prints the stamp this side
/// computed (never the expected signature) and exits 1.
fn verify(signer: &Signer, input: &[u8]) -> CmdResult {
    match signer.verify_json(input) {
        Ok(v) => {
            let json = serde_json::json!({"valid": true, "canonical": v.is_canonical(), "variant": v.variant});
            print_line(json.to_string().as_bytes());
            Ok(EXIT_OK)
        }
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::SignatureMismatch | ErrorKind::MissingSignature
            ) =>
        {
            let stamp = gate::stamp(input)?;
            let json =
                serde_json::json!({"valid": false, "error": e.kind().name(), "stamp": stamp});
            print_line(json.to_string().as_bytes());
            Err(Failure::Core(e))
        }
        Err(e) => Err(Failure::Core(e)),
    }
}
