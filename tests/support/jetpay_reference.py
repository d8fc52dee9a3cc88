#!/usr/bin/env python3
"""Reference side of tests/gate_differential.rs: JetPay's own Python SDK (PyPI jetpay-sdk 1.0.0).

Usage: jetpay_reference.py SECRET < cases.jsonl > results.jsonl

Input: one JSON object per line (UTF-8, '\n'-separated):
    {"unsigned": "<JSON text of the object>", "signed": "<the same object with our signature
     inserted as top-level \"signature\">"}
Output: one JSON line per input line, ASCII-only:
    {"stamp": str, "signature": str, "accepts_ours": bool}

  stamp        the exact string SignatureHandler.sign() HMACs, for the object after the SDK's
               own callback-style removal of `signature` members (Callback.__remove_param);
  signature    SignatureHandler.sign() of that object (the script asserts that it is the
               HMAC-SHA512 of `stamp`, so the stamp really is what the SDK signs);
  accepts_ours whether the SDK's Callback (json.loads + signature check) accepts `signed`.

Exit 3 when the SDK is not importable or not version 1.0.0 (the Rust test decides whether
that is a skip or a failure); any other problem is a crash with a traceback.
"""
import base64
import copy
import hashlib
import hmac
import json
import sys

EXPECTED_VERSION = "1.0.0"

try:
    from importlib.metadata import version

    from payment_page_sdk.callback import Callback
    from payment_page_sdk.process_exception import ProcessException
    from payment_page_sdk.signature_handler import SignatureHandler

    found = version("jetpay-sdk")
except Exception as e:  # noqa: BLE001 - any import problem means "no reference"
    print(f"jetpay_reference: cannot import jetpay-sdk: {e!r}", file=sys.stderr)
    sys.exit(3)
if found != EXPECTED_VERSION:
    print(f"jetpay_reference: jetpay-sdk {found} installed, {EXPECTED_VERSION} expected", file=sys.stderr)
    sys.exit(3)


def no_floats(text):
    raise ValueError(f"float {text!r} in a differential case (floats are outside the agreeing subset)")


def load(text):
    return json.loads(text, parse_float=no_floats, parse_constant=no_floats)


def sdk_stamp(handler, params):
    """Mirror of SignatureHandler.sign() up to the HMAC, using the SDK's own private flattener."""
    flat = handler._SignatureHandler__get_params_to_sign(params, handler.IGNORE_KEYS)
    # Same two lines as in sign(): order by the dict key (the path), join the "path:value" items.
    ordered = sorted(flat.items(), key=lambda t: t[0])
    return handler.ITEMS_DELIMITER.join(v for _, v in ordered)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    secret = sys.argv[1]
    handler = SignatureHandler(secret)
    # Callback.__remove_param does not use instance state; borrow it without running __init__.
    remover = Callback.__new__(Callback)
    remove_param = remover._Callback__remove_param

    out = sys.stdout
    for n, raw in enumerate(sys.stdin.buffer.read().split(b"\n"), 1):
        if not raw.strip():
            continue
        case = json.loads(raw.decode("utf-8"))
        data = load(case["unsigned"])
        remove_param("signature", data)
        stamp = sdk_stamp(handler, copy.deepcopy(data))
        signature = handler.sign(data)
        mac = hmac.new(secret.encode("utf-8"), stamp.encode("utf-8"), hashlib.sha512).digest()
        if base64.b64encode(mac).decode() != signature:
            raise AssertionError(f"line {n}: reconstructed stamp is not what sign() HMACs")
        try:
            Callback(case["signed"], handler)
            accepts = True
        except ProcessException:
            accepts = False
        out.write(json.dumps({"stamp": stamp, "signature": signature, "accepts_ours": accepts}))
        out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
