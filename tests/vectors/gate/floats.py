#!/usr/bin/env python3
"""Generates floats.json: messages with non-integer numbers signed the way the Python SDK
(json.loads, str(float)) and the PHP SDK (json_decode, (string)$float) sign them. The Python
renderings come from this interpreter, the PHP ones from the real `php` binary.
Regenerate: python3 tests/vectors/gate/floats.py  (needs php-cli)
"""
import base64
import hashlib
import hmac
import json
import os
import random
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
SECRET = "qiwi-merchant-test-secret"

fixed = ["1.10", "1.0", "0.5", "-2.5", "1e2", "1E2", "1e+2", "1.5e-7", "1.5E-07", "1e15", "1e16",
         "1e22", "1e-5", "0.0001", "0.00001", "-0.0", "0.0", "1e999", "-1e999", "1e-400",
         "0.30000000000000004", "123456789.123456789", "9007199254740993.0", "12345678901234567.0",
         "100.0", "2.50", "99.9500", "3.14159265358979323846", "5e-324", "1.7976931348623157e308"]
rng = random.Random(20261123)
texts = list(fixed)
for _ in range(120):
    mant = str(rng.randint(0, 10 ** rng.randint(1, 18)))
    frac = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 6)))
    t = mant + "." + frac
    if rng.random() < 0.4:
        t += rng.choice(["e", "E"]) + rng.choice(["", "+", "-"]) + str(rng.randint(0, 30))
    if rng.random() < 0.3:
        t = "-" + t
    texts.append(t)

php = subprocess.run(
    ["php", "-r", '$in = json_decode(stream_get_contents(STDIN)); $out = [];'
     ' foreach ($in as $t) { $v = json_decode($t); $out[] = (string)$v; } echo json_encode($out);'],
    input=json.dumps(texts).encode(), capture_output=True, check=True)
php_texts = json.loads(php.stdout)


def py_text(t):
    return str(json.loads(t))


def sig(stamp):
    return base64.b64encode(hmac.new(SECRET.encode(), stamp.encode(), hashlib.sha512).digest()).decode()


cases = []
for i, (t, pt) in enumerate(zip(texts, php_texts)):
    body = '{"amount":%s,"k":"x"}' % t
    pyt = py_text(t)
    for who, rendered in (("python", pyt), ("php", pt)):
        stamp = "amount:%s;k:x" % rendered
        if rendered == t:
            numbers = "exact"
        elif rendered == pyt:
            numbers = "python"
        else:
            numbers = "php"
        cases.append({
            "op": "verify",
            "name": "%s_float_%03d" % (who, i),
            "input": body[:-1] + ',"signature":"%s"}' % sig(stamp),
            "secret": SECRET,
            "variant": {"order": "byte", "numbers": numbers},
        })

with open(os.path.join(HERE, "floats.json"), "w", encoding="utf-8") as f:
    json.dump({"description": "Non-integer numbers as Python (str(float)) and PHP ((string)$float, precision 14) SDKs render them; "
               "verification reports the first matching rendering in the order exact, python, php. op=verify.",
               "cases": cases}, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(len(cases))
