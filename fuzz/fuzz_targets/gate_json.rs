//! Gate JSON parsing, the canonical stamp and verification on arbitrary bytes.
//!
//! Invariants: no panic; errors are well formed; the stamp is deterministic; stamping and
//! verifying agree on what parses; a raw input never verifies under the fuzzing key; tighter
//! limits only ever add `LimitExceeded` (naming the limit) and never change a result; a
//! re-signed input verifies canonically, keeps its stamp, and fails once the MAC is altered.
#![no_main]

mod common;

use common::*;
use libfuzzer_sys::fuzz_target;
use qiwi_merchant::gate::{self, JsonLimits};
use qiwi_merchant::{ErrorKind, Limit};

fuzz_target!(|data: &[u8]| {
    set_input(data);
    let signer = signer();
    let stamp = gate::stamp(data);
    match &stamp {
        Ok(s) => assert_eq!(gate::stamp(data).as_ref(), Ok(s), "stamp not deterministic"),
        Err(e) => check_error(e),
    }

    // A raw input can't carry a MAC made with the fuzzing key.
    match signer.verify_json(data) {
        Ok(v) => panic!("verified without the key: {v:?}"),
        Err(e) => {
            check_error(&e);
            match &stamp {
                Ok(_) => assert!(is_signature_error(&e), "stamp ok but verify: {e:?}"),
                Err(se) => assert_eq!(se.kind(), e.kind(), "stamp {se:?} vs verify {e:?}"),
            }
        }
    }

    // Tighter limits.
    let tiny = gate::stamp_with_limits(data, &TINY);
    if data.len() > TINY.max_body_bytes {
        assert_limit(tiny.as_ref().unwrap_err(), Limit::BodySize);
    }
    match (&tiny, &stamp) {
        (Ok(t), Ok(s)) => assert_eq!(t, s),
        (Ok(_), Err(e)) => panic!("tiny limits accepted what the defaults refused: {e:?}"),
        (Err(e), Ok(_)) => assert_limit(e, e.limit_hit().unwrap_or(Limit::BodySize)),
        (Err(e), Err(_)) => check_error(e),
    }
    let unlimited = JsonLimits {
        max_body_bytes: usize::MAX,
        max_depth: 1 << 20,
        max_items: usize::MAX,
        max_string_bytes: usize::MAX,
    };
    if let Ok(s) = &stamp {
        assert_eq!(gate::stamp_with_limits(data, &unlimited).as_ref(), Ok(s));
    }

    // Re-signed with the fuzzing key: must verify, canonically, with the same stamp.
    if let Some(body) = resign(data) {
        let v = signer
            .verify_json(body.as_bytes())
            .unwrap_or_else(|e| panic!("re-signed body does not verify: {e:?}\n{body}"));
        assert!(v.is_canonical(), "{v:?}");
        assert_eq!(
            other_signer()
                .verify_json(body.as_bytes())
                .unwrap_err()
                .kind(),
            ErrorKind::SignatureMismatch
        );
        if let Ok(s) = &stamp {
            assert_eq!(gate::stamp(body.as_bytes()).as_ref(), Ok(s), "{body}");
        }
        let tampered = resign_with(data, flip_first).expect("signable once");
        assert_eq!(
            signer.verify_json(tampered.as_bytes()).unwrap_err().kind(),
            ErrorKind::SignatureMismatch
        );
    }
});
