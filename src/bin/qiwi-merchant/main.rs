//! `qiwi-merchant`: a debugging CLI over the core. JSON/XML on stdin, results on stdout,
//! errors on stderr as `error[<kind>]: <message>`. Exit: 0 ok, 1 signature mismatch, 2 bad input.
#![forbid(unsafe_code)]

mod common;
mod cqr;
mod gate;

use common::{report, Args, Failure};

const USAGE: &str = "usage:
  qiwi-merchant gate stamp|sign|verify|callback|account-check|payout|status-request|settle [options] < input.json
  qiwi-merchant gate settle [--record FILE] [--project-id N] [--status-answer | --storage-failed] < callback.json
  qiwi-merchant cqr initiate|parse|ack|get-payments|url [options] < input
  qiwi-merchant cqr settle --merchant-id M --shop-id S [--order FILE] [--confirm-with FILE.xml]
                           [--get-payments | --storage-failed] < notification.xml
  qiwi-merchant --version
The Gate secret comes from --secret-file PATH or QIWI_MERCHANT_SECRET (never from argv).";

fn main() {
    let mut argv: Vec<String> = std::env::args().skip(1).collect();
    let code = match run(&mut argv) {
        Ok(code) => code,
        Err(f) => report(f),
    };
    std::process::exit(code);
}

fn run(argv: &mut Vec<String>) -> common::CmdResult {
    if argv.is_empty() {
        return Err(Failure::Usage(USAGE.into()));
    }
    let group = argv.remove(0);
    match group.as_str() {
        "--version" | "-V" => {
            println!("qiwi-merchant {}", qiwi_merchant::VERSION);
            Ok(0)
        }
        "--help" | "-h" | "help" => {
            println!("{USAGE}");
            Ok(0)
        }
        "gate" | "cqr" => {
            if argv.is_empty() {
                return Err(Failure::Usage(USAGE.into()));
            }
            let cmd = argv.remove(0);
            let args = Args::new(std::mem::take(argv));
            if group == "gate" {
                gate::run(&cmd, args)
            } else {
                cqr::run(&cmd, args)
            }
        }
        other => Err(Failure::Usage(format!(
            "unknown command {other:?}\n{USAGE}"
        ))),
    }
}
