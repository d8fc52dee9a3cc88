//! Callbacks (`gate::Callback::parse`) on arbitrary bytes, raw and re-signed.
//!
//! Invariants: no panic; a raw input never parses (no MAC under the fuzzing key); errors are
//! well formed; a re-signed input is never refused for its signature; the one-pass parser and
//! the tree path (`parse_object` + `verify_value` + `Callback::from_verified`) agree; accepted
//! callbacks serialise to valid JSON; tighter limits only add `LimitExceeded`.
#![no_main]

mod common;

use common::*;
use libfuzzer_sys::fuzz_target;
use qiwi_merchant::gate::parse_json_object as parse_object;
use qiwi_merchant::gate::{check_sum, Callback, Signer};
use qiwi_merchant::ErrorKind;

fuzz_target!(|data: &[u8]| {
    set_input(data);
    let signer = signer();
    match Callback::parse(signer, data) {
        Ok(cb) => panic!("accepted without the key: {cb:?}"),
        Err(e) => check_error(&e),
    }

    let Some(body) = resign(data) else { return };
    let fast = Callback::parse(signer, body.as_bytes());
    let tree = parse_object(body.as_bytes(), signer.limits()).and_then(|root| {
        let verified = signer.verify_value(&root)?;
        Callback::from_verified(&root, verified)
    });
    match (&fast, &tree) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "one-pass and tree callbacks differ\n{body}"),
        (Err(a), Err(b)) => {
            check_error(a);
            assert_eq!(a.kind(), b.kind(), "{a:?} vs {b:?}\n{body}");
        }
        _ => panic!("one-pass {fast:?} vs tree {tree:?}\n{body}"),
    }
    match &fast {
        Ok(cb) => {
            assert_json(&cb.to_json());
            let _ = cb.status();
            let _ = check_sum(cb.payment().sum.as_ref(), 2000, "KZT");
            let tiny = Signer::new(SECRET).unwrap().with_limits(TINY);
            match Callback::parse(&tiny, body.as_bytes()) {
                Ok(t) => assert_eq!(&t, cb),
                Err(e) => assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{e:?}"),
            }
        }
        Err(e) => assert!(!is_signature_error(e), "re-signed but {e:?}\n{body}"),
    }
    if let Some(tampered) = resign_with(data, flip_first) {
        let e = Callback::parse(signer, tampered.as_bytes()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::SignatureMismatch, "{e:?}");
    }
});
