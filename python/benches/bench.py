#!/usr/bin/env python3
"""qiwi_merchant vs the pure-Python way, side by side on the same inputs (make bench-python).

* Gate callback verification: ``Signer.parse_callback`` (parse + verify + typed model) and
  ``Signer.verify`` vs jetpay-sdk 1.0.0 ``Callback(body, SignatureHandler(secret))``.
* Signing a params dict: ``Signer.sign`` vs ``SignatureHandler.sign``.
* CQR notification parsing: ``qiwi_merchant.cqr.parse`` (typed, validated) vs
  ``xml.etree.ElementTree.fromstring`` turned into a dict by a plain recursive walk.

Each measurement is the best of several rounds (``timeit``), rounds of the two sides
interleaved so that machine load hits both. Prints µs/op and ratios; exits 1 when a target is
missed and QIWI_BENCH_STRICT=1.
"""

from __future__ import annotations

import json
import os
import sys
import timeit
import xml.etree.ElementTree as ET
from typing import Any, Callable, Dict, List, Tuple

from payment_page_sdk.callback import Callback as SdkCallback
from payment_page_sdk.signature_handler import SignatureHandler

import qiwi_merchant
from qiwi_merchant import cqr, gate

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SECRET = "bench-secret-key"
ROUNDS = int(os.environ.get("QIWI_BENCH_ROUNDS", "7"))


def seed_callback_params() -> Dict[str, Any]:
    with open(os.path.join(ROOT, "tests/vectors/gate/callback.json"), encoding="utf-8") as f:
        doc = json.load(f)
    case = next(c for c in doc["cases"] if c["name"] == "seed_kiosk_purchase")
    params: Dict[str, Any] = json.loads(case["input"])
    params.pop("signature", None)
    return params


def etree_to_dict(el: ET.Element) -> Any:
    """A fair, straightforward ElementTree → dict: local names, attributes, text, children
    (repeated names become lists)."""
    tag = el.tag.rsplit("}", 1)[-1]
    node: Dict[str, Any] = {}
    for k, v in el.attrib.items():
        node["@" + k.rsplit("}", 1)[-1]] = v
    for child in el:
        ctag, cval = etree_to_dict(child).popitem()
        if ctag in node:
            if not isinstance(node[ctag], list):
                node[ctag] = [node[ctag]]
            node[ctag].append(cval)
        else:
            node[ctag] = cval
    text = (el.text or "").strip()
    if text:
        if node:
            node["#text"] = text
        else:
            return {tag: text}
    return {tag: node or None}


def per_op_us(fn: Callable[[], Any], number: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=1)) / number * 1e6


def measure(pairs: List[Tuple[str, Callable[[], Any]]], number: int) -> Dict[str, float]:
    best = {name: float("inf") for name, _ in pairs}
    for fn_name, fn in pairs:  # warm-up
        fn()
    for _ in range(ROUNDS):
        for name, fn in pairs:
            best[name] = min(best[name], per_op_us(fn, number))
    return best


def main() -> int:
    print(f"qiwi_merchant {qiwi_merchant.__version__}, Python {sys.version.split()[0]}, best of {ROUNDS} rounds")
    params = seed_callback_params()
    signer = gate.Signer(SECRET)
    handler = SignatureHandler(SECRET)
    body = json.dumps({**params, "signature": signer.sign(params)})
    body_bytes = body.encode()
    # Same inputs verify on both sides.
    SdkCallback(body, handler)
    cb = signer.parse_callback(body_bytes)
    assert cb.payment.status == "success" and signer.verify(body_bytes)
    assert handler.sign(json.loads(json.dumps(params))) == signer.sign(params)
    before = json.dumps(params)
    handler.sign(params)
    assert json.dumps(params) == before, "the SDK must not mutate its input"

    with open(os.path.join(ROOT, "tests/vectors/cqr/seed_notification.xml"), "rb") as f:
        xml = f.read()
    assert cqr.parse(xml).kind == "notification"
    etree_to_dict(ET.fromstring(xml))

    results: List[Tuple[str, str, float, float, float]] = []

    r = measure(
        [
            ("ours_parse", lambda: signer.parse_callback(body_bytes)),
            ("ours_verify", lambda: signer.verify(body_bytes)),
            ("sdk", lambda: SdkCallback(body, SignatureHandler(SECRET))),
        ],
        number=2000,
    )
    results.append(("callback: Signer.parse_callback vs jetpay Callback()", "25x", r["ours_parse"], r["sdk"], 25.0))
    results.append(("callback: Signer.verify vs jetpay Callback()", "25x", r["ours_verify"], r["sdk"], 25.0))

    r = measure(
        [
            ("ours", lambda: signer.sign(params)),
            ("sdk", lambda: handler.sign(params)),
        ],
        number=2000,
    )
    results.append(("sign: Signer.sign vs SignatureHandler.sign", "-", r["ours"], r["sdk"], 0.0))

    r = measure(
        [
            ("ours", lambda: cqr.parse(xml)),
            ("etree", lambda: etree_to_dict(ET.fromstring(xml))),
        ],
        number=1000,
    )
    results.append(("CQR notification: cqr.parse vs ElementTree->dict", "5x", r["ours"], r["etree"], 5.0))

    print(f"{'benchmark':<58} {'ours µs':>9} {'theirs µs':>10} {'ratio':>7}  target")
    missed = 0
    for name, target, ours, theirs, need in results:
        ratio = theirs / ours
        ok = "" if need == 0 else ("ok" if ratio >= need else "MISSED")
        missed += ok == "MISSED"
        print(f"{name:<58} {ours:9.2f} {theirs:10.2f} {ratio:6.1f}x  {target} {ok}")
    if missed and os.environ.get("QIWI_BENCH_STRICT") == "1":
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
