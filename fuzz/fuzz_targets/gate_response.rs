//! Gate answers: `parse_payout_response` and `parse_status_response` on arbitrary bytes.
//!
//! Input layout (so the shared vectors can seed it): byte 0-1 HTTP status (big endian, taken
//! modulo 600), byte 2 bit 0 `resend`, byte 3 = n, bytes 4..4+n the sent `payment_id` (lossy
//! UTF-8), the rest the body.
//!
//! Invariants: no panic; the payout classification is deterministic and serialises to valid
//! JSON; status errors are well formed; unsigned or forged payment data is never `Found`; a
//! re-signed answer is never refused for its signature.
#![no_main]

mod common;

use common::*;
use libfuzzer_sys::fuzz_target;
use qiwi_merchant::gate::{parse_payout_response, parse_status_response, StatusResponse};

fuzz_target!(|data: &[u8]| {
    set_input(data);
    if data.len() < 4 {
        return;
    }
    let status = u16::from_be_bytes([data[0], data[1]]) % 600;
    let resend = data[2] & 1 == 1;
    let n = usize::from(data[3]).min(data.len() - 4);
    let payment_id = String::from_utf8_lossy(&data[4..4 + n]).into_owned();
    let body = &data[4 + n..];
    let signer = signer();

    let payout = parse_payout_response(signer, status, body, &payment_id, resend);
    assert_json(&payout.to_json());
    if !data.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()) {
        assert!(!payout.to_json().contains(SECRET));
    }
    assert_eq!(
        parse_payout_response(signer, status, body, &payment_id, resend),
        payout
    );

    match parse_status_response(signer, body) {
        Ok(StatusResponse::Found { callback }) => {
            panic!("payment data accepted without the key: {callback:?}")
        }
        Ok(other) => assert_json(&other.to_json()),
        Err(e) => check_error(&e),
    }

    if let Some(signed) = resign(body) {
        match parse_status_response(signer, signed.as_bytes()) {
            Ok(r) => assert_json(&r.to_json()),
            Err(e) => {
                check_error(&e);
                assert!(!is_signature_error(&e), "re-signed but {e:?}\n{signed}");
            }
        }
        let p = parse_payout_response(signer, status, signed.as_bytes(), &payment_id, resend);
        assert_json(&p.to_json());
        if let Some(tampered) = resign_with(body, flip_first) {
            // A signature is present, so it is checked: a wrong one never yields a result.
            match parse_status_response(signer, tampered.as_bytes()) {
                Ok(r) => panic!("tampered answer accepted: {r:?}\n{tampered}"),
                Err(e) => check_error(&e),
            }
        }
    }
});
