//! Account-check requests (`gate::parse_account_check`) on arbitrary bytes, raw and re-signed.
//!
//! Invariants: no panic; a raw input is always rejected (no MAC under the fuzzing key); every
//! rejection carries a well-formed error and a ready answer that is valid JSON with the code the
//! error kind implies; a re-signed input is never rejected for its signature; accepted requests
//! serialise to valid JSON; tighter limits only add `LimitExceeded`.
#![no_main]

mod common;

use common::*;
use libfuzzer_sys::fuzz_target;
use qiwi_merchant::gate::{account_check_code, parse_account_check, Rejection, Signer};
use qiwi_merchant::ErrorKind;

const PROJECT_ID: u64 = 111;

fn check_rejection(r: &Rejection) {
    check_error(&r.error);
    let body = std::str::from_utf8(&r.response.body).expect("UTF-8 answer");
    assert_json(body);
    if !input_has_secret() {
        assert!(!body.contains(SECRET));
    }
    let want = match r.error.kind() {
        ErrorKind::MissingSignature | ErrorKind::SignatureMismatch | ErrorKind::Unauthorized => {
            account_check_code::INVALID_SIGNATURE
        }
        _ => account_check_code::GENERAL_ERROR,
    };
    assert_eq!(r.response.code, want, "{r:?}");
}

fuzz_target!(|data: &[u8]| {
    set_input(data);
    let signer = signer();
    match parse_account_check(signer, PROJECT_ID, data) {
        Ok(req) => panic!("accepted without the key: {req:?}"),
        Err(r) => check_rejection(&r),
    }

    if let Some(body) = resign(data) {
        let full = parse_account_check(signer, PROJECT_ID, body.as_bytes());
        match &full {
            Ok(req) => {
                assert_json(&req.to_json());
                // Tighter limits: same answer or a limit.
                let tiny = Signer::new(SECRET).unwrap().with_limits(TINY);
                match parse_account_check(&tiny, PROJECT_ID, body.as_bytes()) {
                    Ok(t) => assert_eq!(&t, req),
                    Err(r) => assert_eq!(r.error.kind(), ErrorKind::LimitExceeded, "{r:?}"),
                }
            }
            Err(r) => {
                check_rejection(r);
                assert!(!is_signature_error(&r.error), "re-signed but {r:?}\n{body}");
            }
        }
        // Deterministic.
        assert_eq!(
            parse_account_check(signer, PROJECT_ID, body.as_bytes()),
            full
        );
        if let Some(tampered) = resign_with(data, flip_first) {
            let r = parse_account_check(signer, PROJECT_ID, tampered.as_bytes()).unwrap_err();
            assert_eq!(r.error.kind(), ErrorKind::SignatureMismatch, "{r:?}");
            check_rejection(&r);
        }
    }
});
