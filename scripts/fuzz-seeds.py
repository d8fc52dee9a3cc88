#!/usr/bin/env python3
"""Extracts the shared test vectors into the cargo-fuzz seed corpora (fuzz/corpus/<target>/).

Reproducible: every seed is named by the SHA-1 of its bytes (as libFuzzer names its own
inputs), so re-running adds nothing new and never removes what fuzzing found. The corpus
directories are git-ignored; the vectors are the source of truth.

  tests/vectors/gate/*.json   input / input_b64 -> gate_json; op=account_check -> gate_account_check;
                              op=callback -> gate_callback; op=payout_response / status_response ->
                              gate_response (with its 4-byte header + payment_id, see the target)
  tests/vectors/cqr/*.json    input_xml / input_base64 -> cqr_parse;  tests/vectors/cqr/*.xml -> cqr_parse
  tests/adversarial/cases.json  small file-based cases (< 64 KiB) -> the target of their entry
  capi                        the Gate and CQR inputs above behind a selector byte (see fuzz_targets/capi.rs),
                              the CQR initiate inputs (JSON) behind the builder's selector
  tests/vectors/settlement/   capi selectors 16 (Gate record FF FE message) and 17 (CQR order FF FE
                              notification / getPayments answer)

Usage: scripts/fuzz-seeds.py [--root DIR]   (prints a count per target)
"""
import base64
import glob
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if len(sys.argv) == 3 and sys.argv[1] == "--root":
    ROOT = os.path.abspath(sys.argv[2])
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
MAX_SEED = 64 * 1024

counts = {}


def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > MAX_SEED:
        return
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, hashlib.sha1(data).hexdigest())
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)
    counts[target] = counts.get(target, 0) + 1


def response_seed(status, payment_id, resend, body):
    pid = payment_id.encode()[:255]
    head = bytes([(status >> 8) & 0xFF, status & 0xFF, 1 if resend else 0, len(pid)])
    return head + pid + body.encode("utf-8", "surrogatepass")


def case_input(c):
    if isinstance(c.get("input"), str):
        return c["input"].encode("utf-8", "surrogatepass")
    if isinstance(c.get("input_b64"), str):
        return base64.b64decode(c["input_b64"])
    return None


def gate():
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "vectors", "gate", "*.json"))):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for c in doc.get("cases", []):
            data = case_input(c)
            if data is None:
                continue
            op = c.get("op")
            put("gate_json", data)
            for sel in (0, 1, 3, 4, 5, 7):
                put("capi", bytes([sel]) + data)
            if op == "account_check":
                put("gate_account_check", data)
            elif op == "callback":
                put("gate_callback", data)
                put("gate_response", response_seed(200, "", False, data.decode("utf-8", "replace")))
            elif op == "payout_response":
                put("gate_response", response_seed(int(c.get("http_status", 200)), c.get("payment_id", ""),
                                                   bool(c.get("resend")), data.decode("utf-8", "replace")))
            elif op == "status_response":
                put("gate_response", response_seed(200, "", False, data.decode("utf-8", "replace")))


def cqr():
    d = os.path.join(ROOT, "tests", "vectors", "cqr")
    for path in sorted(glob.glob(os.path.join(d, "*.json"))):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        items = [doc] + [c for c in doc.get("cases", []) if isinstance(c, dict)]
        for c in items:
            if isinstance(c.get("input_xml"), str):
                put("cqr_parse", c["input_xml"])
                for sel in (10, 11, 14):
                    put("capi", bytes([sel]) + c["input_xml"].encode("utf-8"))
            if isinstance(c.get("input_base64"), str):
                put("cqr_parse", base64.b64decode(c["input_base64"]))
            if c.get("kind") == "ack" and isinstance(c.get("expect_xml"), str):
                put("cqr_parse", c["expect_xml"])  # the shop's answer, read by parse_ack
            if c.get("kind") == "initiate" and isinstance(c.get("input"), dict):
                put("capi", bytes([12]) + json.dumps(c["input"]).encode("utf-8"))
    for path in sorted(glob.glob(os.path.join(d, "*.xml"))):
        with open(path, "rb") as f:
            x = f.read()
        put("cqr_parse", x)
        for sel in (10, 11, 14):
            put("capi", bytes([sel]) + x)


ENTRY_TARGET = {
    "gate_verify": "gate_json", "gate_stamp": "gate_json", "gate_account_check": "gate_account_check",
    "gate_callback": "gate_callback", "gate_status_response": "gate_json", "gate_payout_response": "gate_json",
    "cqr_parse": "cqr_parse", "cqr_notification": "cqr_parse", "cqr_initiate_answer": "cqr_parse",
    "cqr_get_payments_answer": "cqr_parse", "cqr_initiate_request": "cqr_parse",
}


def adversarial():
    base = os.path.join(ROOT, "tests", "adversarial")
    path = os.path.join(base, "cases.json")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    for c in doc.get("cases", []):
        target = ENTRY_TARGET.get(c.get("entry"))
        if target and isinstance(c.get("file"), str):
            with open(os.path.join(base, c["file"]), "rb") as f:
                put(target, f.read())


def settlement():
    d = os.path.join(ROOT, "tests", "vectors", "settlement")
    sep = b"\xff\xfe"
    for name, sel, doc_key, message_keys in (
        ("gate.json", 16, "record", ("callback", "status_answer")),
        ("cqr.json", 17, "order", ("notification", "get_payments", "poll")),
    ):
        path = os.path.join(d, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for c in doc.get("cases", []):
            record = c.get(doc_key)
            head = b"" if record is None else json.dumps(record, separators=(",", ":")).encode()
            for step in c.get("steps", []):
                for k in message_keys:
                    if isinstance(step.get(k), str):
                        put("capi", bytes([sel]) + head + sep + step[k].encode("utf-8"))


gate()
cqr()
settlement()
adversarial()
for t in sorted(counts):
    print(f"fuzz-seeds: {t}: {counts[t]} seeds")
