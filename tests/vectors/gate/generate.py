#!/usr/bin/env python3
"""Generates the shared Gate vectors (tests/vectors/gate/*.json).

Expected stamps are written here by hand from the rules (docs/gate.md); signatures are
computed independently with Python's hmac over those hand-written stamps, never by the
library under test. Re-run after editing: python3 tests/vectors/gate/generate.py
"""
import base64
import hashlib
import hmac
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SECRET = "qiwi-merchant-test-secret"


def sig(stamp, secret=SECRET):
    return base64.b64encode(hmac.new(secret.encode(), stamp.encode(), hashlib.sha512).digest()).decode()


def with_sig(body_text, signature, where="root"):
    """Appends a signature member to a JSON object text without re-serialising it."""
    assert body_text.rstrip().endswith("}")
    if where == "root":
        t = body_text.rstrip()[:-1].rstrip()
        sep = "" if t.endswith("{") else ","
        return t + sep + '"signature":' + json.dumps(signature) + "}"
    raise ValueError(where)


def write(name, description, cases):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump({"description": description, "cases": cases}, f, ensure_ascii=False, indent=1)
        f.write("\n")


# ---------------------------------------------------------------- stamp rules
stamp_cases = [
    dict(name="illustration", input='{"b":{"y":null,"x":true},"a":["p",{}],"frame_mode":"popup","n":[],"big":12345678901234567890}',
         stamp="a:0:p;b:x:1;b:y:;big:12345678901234567890"),
    dict(name="array_indexes", input='{"errors":[{"code":"1","message":"a"},{"code":"2","message":"b"}]}',
         stamp="errors:0:code:1;errors:0:message:a;errors:1:code:2;errors:1:message:b"),
    dict(name="eleven_items_byte_order", input='{"e":[0,1,2,3,4,5,6,7,8,9,10]}',
         stamp="e:0:0;e:1:1;e:10:10;e:2:2;e:3:3;e:4:4;e:5:5;e:6:6;e:7:7;e:8:8;e:9:9"),  # the path "e:1" is a prefix of "e:10"
    dict(name="empty_containers_omitted", input='{"a":{},"b":[],"c":[{}],"d":{"e":{}},"f":1}', stamp="f:1"),
    dict(name="null_bool_strings", input='{"n":null,"t":true,"f":false,"st":"true","sf":"false"}',
         stamp="f:0;n:;sf:false;st:true;t:1"),
    dict(name="integers_exact", input='{"big":123456789012345678901234567890,"neg":-42,"zero":0,"s":"123","i":123,"negzero":-0}',
         stamp="big:123456789012345678901234567890;i:123;neg:-42;negzero:-0;s:123;zero:0"),
    dict(name="non_integer_exact_text", input='{"a":1.10,"b":1e2,"c":-0.0,"d":1.5E-7}', stamp="a:1.10;b:1e2;c:-0.0;d:1.5E-7"),
    dict(name="key_case_kept", input='{"AuthCode":"x","authcode":"y"}', stamp="AuthCode:x;authcode:y"),
    dict(name="colon_in_key_escaped", input='{"a:b":1,"c":{"d:e:f":2}}', stamp="a::b:1;c:d::e::f:2"),
    dict(name="frame_mode_dropped_everywhere", input='{"frame_mode":"popup","x":{"frame_mode":{"deep":1},"y":1},"l":[{"frame_mode":"iframe","z":2}]}',
         stamp="l:0:z:2;x:y:1"),
    dict(name="prefix_sorts_first", input='{"big":1,"b":{"x":2},"b_":3,"b0":4}', stamp="b0:4;b:x:2;b_:3;big:1"),
    dict(name="utf8_byte_order", input='{"z":1,"é":2,"Z":3,"ё":4,"a":5}', stamp="Z:3;a:5;z:1;é:2;ё:4"),
    dict(name="strings_verbatim", input='{"s":"a;b:c\\nd  ","u":"\\u0041\\u00e9\\ud83d\\ude00","q":"\\"\\\\/"}',
         stamp="q:\"\\/;s:a;b:c\nd  ;u:Aé😀"),
    dict(name="signature_removal", input='{"signature":"x","general":{"project_id":1,"payment_id":"p","signature":"y"},"deep":{"a":{"signature":"z","b":1}},"list":[{"signature":"kept"}]}',
         stamp="deep:a:b:1;general:payment_id:p;general:project_id:1;list:0:signature:kept"),
    dict(name="bom_ignored", input='\ufeff{"a":1}', stamp="a:1"),
    dict(name="whitespace_insensitive", input=' {\n "b" : [ 1 , 2 ] ,\t"a" : "x" }\r\n', stamp="a:x;b:0:1;b:1:2"),
    dict(name="nested_four_levels", input='{"a":{"b":{"c":{"d":"v"}}}}', stamp="a:b:c:d:v"),
    dict(name="empty_object", input='{}', stamp=""),
    dict(name="top_level_array", input='[1,2]', error="malformed_input"),
    dict(name="top_level_string", input='"x"', error="malformed_input"),
    dict(name="duplicate_keys", input='{"a":1,"a":2}', error="malformed_input"),
    dict(name="duplicate_nested_keys", input='{"x":{"a":1,"b":2,"a":3}}', error="malformed_input"),
    dict(name="duplicate_after_unescape", input='{"a":1,"\\u0061":2}', error="malformed_input"),
    dict(name="lone_high_surrogate", input='{"a":"\\ud800"}', error="malformed_input"),
    dict(name="lone_low_surrogate", input='{"a":"\\udc00"}', error="malformed_input"),
    dict(name="truncated", input='{"a":{"b":1}', error="malformed_input"),
    dict(name="trailing_comma", input='{"a":1,}', error="malformed_input"),
    dict(name="leading_zero", input='{"a":01}', error="malformed_input"),
    dict(name="nan_literal", input='{"a":NaN}', error="malformed_input"),
    dict(name="single_quotes", input="{'a':1}", error="malformed_input"),
    dict(name="trailing_garbage", input='{"a":1}x', error="malformed_input"),
    dict(name="raw_control_char", input='{"a":"x\ty"}', error="malformed_input"),
    dict(name="empty_body", input='', error="malformed_input"),
    dict(name="invalid_utf8", input_b64=base64.b64encode(b'{"a":"\xff"}').decode(), error="malformed_input"),
    dict(name="overlong_utf8", input_b64=base64.b64encode(b'{"a":"\xc0\xaf"}').decode(), error="malformed_input"),
    dict(name="depth_64_ok", input='{"a":' * 63 + '{}' + '}' * 63, stamp=""),
    dict(name="depth_65_limit", input='{"a":' * 64 + '{}' + '}' * 64, error="limit_exceeded", limit="depth"),
    dict(name="depth_10000_limit", input='[' * 10000 + ']' * 10000, error="limit_exceeded", limit="depth"),
]
write("stamp.json", "Canonical stamp rules (docs/gate.md, Stamp). op=stamp: input (or input_b64) -> stamp | error kind.",
      [dict(op="stamp", **c) for c in stamp_cases])

# ---------------------------------------------------------------- signing
seed_payout_body = '{"general":{"project_id":35,"payment_id":"test_123"},"customer":{"ip_address":"198.51.100.47","id":"12345","first_name":"John","last_name":"Doe","email":"johndoe@example.com"},"account":{"number":"9182221133"},"payment":{"amount":100,"currency":"KZT"}}'
seed_payout_stamp = "account:number:9182221133;customer:email:johndoe@example.com;customer:first_name:John;customer:id:12345;customer:ip_address:198.51.100.47;customer:last_name:Doe;general:payment_id:test_123;general:project_id:35;payment:amount:100;payment:currency:KZT"
verify_req = '{"type":"verify","project_id":111,"customer_id":"johndoe@example.com"}'
verify_stamp = "customer_id:johndoe@example.com;project_id:111;type:verify"
sign_cases = [
    dict(name="seed_payout", input=seed_payout_body, secret=SECRET, stamp=seed_payout_stamp, signature=sig(seed_payout_stamp)),
    dict(name="seed_verify_request", input=verify_req, secret=SECRET, stamp=verify_stamp, signature=sig(verify_stamp)),
    dict(name="other_secret", input=verify_req, secret="другой-секрет", stamp=verify_stamp, signature=sig(verify_stamp, "другой-секрет")),
    dict(name="existing_signatures_ignored", input='{"signature":"old","general":{"signature":"old","project_id":1},"a":[{"signature":"data"}]}', secret=SECRET,
         stamp="a:0:signature:data;general:project_id:1", signature=sig("a:0:signature:data;general:project_id:1")),
    dict(name="colon_key_escaped_when_signing", input='{"a:b":"x"}', secret=SECRET, stamp="a::b:x", signature=sig("a::b:x")),
    dict(name="float_rejected", input='{"payment":{"amount":10.5}}', secret=SECRET, error="validation", path="payment:amount"),
    dict(name="float_in_array_rejected", input='{"a":[1,{"b":1e3}]}', secret=SECRET, error="validation", path="a:1:b"),
    dict(name="array_top_level_rejected", input='[1]', secret=SECRET, error="malformed_input"),
]
write("sign.json", "Signing (docs/gate.md, Signing). op=sign: input + secret -> stamp + signature | error kind (+ path).",
      [dict(op="sign", **c) for c in sign_cases])

# ---------------------------------------------------------------- verification incl. variants
def v(name, body, signature, expect=None, error=None, secret=SECRET, where="root"):
    if signature is not None:
        if where == "root":
            body = with_sig(body, signature)
        else:
            body = body.replace('"general":{', '"general":{"signature":' + json.dumps(signature) + ",", 1)
    d = dict(op="verify", name=name, input=body, secret=secret)
    if expect:
        d["variant"] = dict(zip(("order", "numbers"), expect))
    if error:
        d["error"] = error
    return d

CANON = ("byte", "exact")
# A message whose signature contains '+' or '/', so the URL-safe alphabet really differs.
URLSAFE_BODY = next('{"x":"y%d"}' % i for i in range(1000) if any(ch in sig("x:y%d" % i) for ch in "+/"))
URLSAFE_STAMP = "x:" + json.loads(URLSAFE_BODY)["x"]
nat_body = '{"errors":[' + ",".join('{"code":"%d"}' % i for i in range(12)) + ']}'
byte_stamp = ";".join("errors:%d:code:%d" % (i, i) for i in sorted(range(12), key=lambda i: ("errors:%d:code" % i).encode()))
assert byte_stamp.startswith("errors:0:code:0;errors:10:code:10;errors:11:code:11;errors:1:code:1;errors:2:code:2"), byte_stamp
nat_stamp = ";".join("errors:%d:code:%d" % (i, i) for i in range(12))
verify_cases = [
    v("canonical_root", verify_req, sig(verify_stamp), CANON),
    v("canonical_general", seed_payout_body, sig(seed_payout_stamp), CANON, where="general"),
    v("natural_order", nat_body, sig(nat_stamp), ("natural", "exact")),
    v("byte_order_eleven", nat_body, sig(byte_stamp), CANON),
    v("natural_item_keys", '{"item2":"a","item10":"b"}', sig("item2:a;item10:b"), ("natural", "exact")),
    # A `:` in a name is accepted only as `::` (revised: the unescaped form is ambiguous, see colon_restructure.json)
    v("unescaped_colon", '{"a:b":1,"c":2}', sig("a:b:1;c:2"), error="signature_mismatch"),
    v("escaped_colon", '{"a:b":1,"c":2}', sig("a::b:1;c:2"), CANON),
    v("python_float", '{"amount":1.10,"n":1.0,"e":1.5e-7}', sig("amount:1.1;e:1.5e-07;n:1.0"), ("byte", "python")),
    v("php_float", '{"amount":1.10,"n":1.0,"e":1.5e-7}', sig("amount:1.1;e:1.5E-7;n:1"), ("byte", "php")),
    v("exact_float", '{"amount":1.10,"n":1.0}', sig("amount:1.10;n:1.0"), CANON),
    v("php_float_large", '{"x":1e15}', sig("x:1.0E+15"), ("byte", "php")),
    v("python_float_large", '{"x":1e16}', sig("x:1e+16"), ("byte", "python")),
    v("python_float_overflow", '{"x":1e999}', sig("x:inf"), ("byte", "python")),
    v("php_float_overflow", '{"x":1e999}', sig("x:INF"), ("byte", "php")),
    v("combined_unescaped_natural_python", '{"k:2":1.50,"k:10":2}', sig("k:2:1.5;k:10:2"), error="signature_mismatch"),
    v("combined_escaped_natural_python", '{"k:2":1.50,"k:10":2}', sig("k::2:1.5;k::10:2"), ("natural", "python")),
    v("wrong_secret", verify_req, sig(verify_stamp, "wrong"), error="signature_mismatch"),
    v("tampered_value", verify_req.replace("johndoe", "janedoe"), sig(verify_stamp), error="signature_mismatch"),
    v("seed_space_in_signature", verify_req, sig(verify_stamp)[:40] + " " + sig(verify_stamp)[40:], error="signature_mismatch"),
    v("urlsafe_alphabet", URLSAFE_BODY, sig(URLSAFE_STAMP).replace("+", "-").replace("/", "_"), error="signature_mismatch"),
    v("missing_padding", verify_req, sig(verify_stamp).rstrip("="), error="signature_mismatch"),
    v("trailing_space", verify_req, sig(verify_stamp) + " ", error="signature_mismatch"),
    v("lowercased", verify_req, sig(verify_stamp).lower(), error="signature_mismatch"),
    v("absent", verify_req, None, error="missing_signature"),
    v("empty", verify_req, "", error="missing_signature"),
    dict(op="verify", name="number_signature", input='{"a":1,"signature":12}', secret=SECRET, error="missing_signature"),
    dict(op="verify", name="null_signature", input='{"a":1,"signature":null}', secret=SECRET, error="missing_signature"),
    dict(op="verify", name="object_signature", input='{"a":1,"signature":{"v":"x"}}', secret=SECRET, error="missing_signature"),
    dict(op="verify", name="array_signature", input='{"a":1,"signature":["x"]}', secret=SECRET, error="missing_signature"),
    dict(op="verify", name="signature_only_in_array", input='{"a":[{"signature":"%s"}]}' % sig("a:0:signature:x"), secret=SECRET, error="missing_signature"),
    dict(op="verify", name="malformed", input='{"a":1,"signature":"x"', secret=SECRET, error="malformed_input"),
    dict(op="verify", name="duplicate_signature", input='{"a":1,"signature":"x","signature":"y"}', secret=SECRET, error="malformed_input"),
]
write("verify.json", "Verification with the accepted variants (docs/gate.md, Verification). op=verify: input + secret -> variant {order, numbers} | error kind.",
      verify_cases)

# ---------------------------------------------------------------- account check
PID = 111
def ac(name, fields_json, expect=None, code=None, message_contains=None, signature="auto", secret=SECRET, raw=None, message=None):
    if raw is not None:
        body = raw
    else:
        obj = json.loads(fields_json)
        if signature == "auto":
            body = with_sig(fields_json, sig(stamp_of(obj)))
        elif signature is None:
            body = fields_json
        else:
            body = with_sig(fields_json, signature)
    d = dict(op="account_check", name=name, project_id=PID, secret=secret, input=body)
    if expect is not None:
        d["request"] = expect
    else:
        d["response_code"] = code
        if message_contains:
            d["message_contains"] = message_contains
        if message is not None:
            d["message"] = message
    return d

def stamp_of(obj, prefix="", escape=False):
    """Reference flattener for simple vectors (no floats, no frame_mode). A `:` in a name is
    left as is unless escape=True (then `::`, the canonical form)."""
    items = []
    def walk(v, path, top):
        if isinstance(v, dict):
            for k, c in v.items():
                if top and k == "signature":
                    continue
                walk(c, (path + ":" if path else "") + (k.replace(":", "::") if escape else k), top and isinstance(c, dict))
        elif isinstance(v, list):
            for i, c in enumerate(v):
                walk(c, (path + ":" if path else "") + str(i), False)
        elif v is None:
            items.append((path, ""))
        elif v is True:
            items.append((path, "1"))
        elif v is False:
            items.append((path, "0"))
        else:
            items.append((path, str(v)))
    walk(obj, "", True)
    items.sort(key=lambda kv: kv[0].encode())
    return ";".join(k + ":" + x for k, x in items)

cd = '{"type":"check_deposit","project_id":111,"customer_id":"johndoe@example.com","amount":10000,"currency":"KZT","payment_method":"qiwi-kz"}'
def cd_with(**kw):
    o = json.loads(cd)
    for k, val in kw.items():
        if val is ...:
            o.pop(k)
        else:
            o[k] = val
    return json.dumps(o, ensure_ascii=False, separators=(",", ":"))

account_cases = [
    ac("seed_verify", verify_req, expect={"type": "verify", "project_id": 111, "customer_id": "johndoe@example.com"}),
    ac("seed_check_deposit", cd, expect={"type": "check_deposit", "project_id": 111, "customer_id": "johndoe@example.com", "amount": 10000, "currency": "KZT", "payment_method": "qiwi-kz"}),
    ac("project_id_as_string", '{"type":"verify","project_id":"111","customer_id":"c1"}', expect={"type": "verify", "project_id": 111, "customer_id": "c1"}),
    ac("customer_id_integer", '{"type":"verify","project_id":111,"customer_id":98765432109876543210}', expect={"type": "verify", "customer_id": "98765432109876543210"}),
    ac("amount_as_digit_string", cd_with(amount="500"), expect={"type": "check_deposit", "amount": 500}),
    ac("extra_members_passed", '{"type":"verify","project_id":111,"customer_id":"c1","note":"x","nested":{"k":[1,2]}}', expect={"type": "verify", "extra": {"note": "x", "nested": {"k": [1, 2]}}}),
    ac("jpy_deposit", cd_with(currency="JPY", amount=500), expect={"type": "check_deposit", "amount": 500, "currency": "JPY"}),
    ac("malformed_json", None, raw='{"type":"verify",', code=500, message_contains="malformed"),
    # the answer's message says "malformed JSON" once (it used to read "malformed JSON: malformed JSON at byte …")
    ac("malformed_json_message", None, raw='{"type":"verify",', code=500, message="malformed JSON at byte 17: expected a member name"),
    ac("top_level_array_message", None, raw='[1,2]', code=500, message="malformed JSON: the top level must be a JSON object, not array"),
    ac("top_level_array", None, raw='[1,2]', code=500),
    ac("duplicate_keys", None, raw='{"type":"verify","type":"verify","project_id":111,"customer_id":"c","signature":"x"}', code=500),
    ac("missing_signature", verify_req, signature=None, code=400),
    ac("empty_signature", verify_req, signature="", code=400),
    ac("bad_signature", verify_req, signature=sig("nope"), code=400),
    ac("wrong_secret", verify_req, signature=sig(verify_stamp, "other"), code=400),
    ac("missing_project_id", '{"type":"verify","customer_id":"c1"}', code=500),
    ac("project_id_float", '{"type":"verify","project_id":"111.0","customer_id":"c1"}', code=500),
    ac("project_id_object", '{"type":"verify","project_id":{"id":111},"customer_id":"c1"}', code=500),
    ac("foreign_project", '{"type":"verify","project_id":112,"customer_id":"c1"}', code=400, message_contains="project"),
    ac("foreign_project_string", '{"type":"verify","project_id":"0112","customer_id":"c1"}', code=400),
    ac("unknown_type", '{"type":"refund","project_id":111,"customer_id":"c1"}', code=500, message_contains="unknown type"),
    ac("type_not_string", '{"type":1,"project_id":111,"customer_id":"c1"}', code=500, message_contains="unknown type"),
    ac("missing_type", '{"project_id":111,"customer_id":"c1"}', code=500, message_contains="unknown type"),
    ac("missing_customer", '{"type":"verify","project_id":111}', code=500, message_contains="customer_id"),
    ac("empty_customer", '{"type":"verify","project_id":111,"customer_id":""}', code=500, message_contains="customer_id"),
    ac("customer_bool", '{"type":"verify","project_id":111,"customer_id":true}', code=500, message_contains="customer_id"),
    ac("wrong_method", cd_with(payment_method="card"), code=500, message_contains="payment_method"),
    ac("missing_method", cd_with(payment_method=...), code=500, message_contains="payment_method"),
    ac("zero_amount", cd_with(amount=0), code=500, message_contains="amount"),
    ac("negative_amount", cd_with(amount=-5), code=500, message_contains="amount"),
    ac("missing_amount", cd_with(amount=...), code=500, message_contains="amount"),
    ac("amount_signed_string", cd_with(amount="-5"), code=500, message_contains="amount"),
    ac("amount_huge", cd_with(amount=10**30), code=500, message_contains="amount"),
    ac("unknown_currency", cd_with(currency="XYZ"), code=500, message_contains="unknown currency"),
    ac("lowercase_currency", cd_with(currency="kzt"), code=500, message_contains="unknown currency"),
    ac("metal_currency", cd_with(currency="XAU"), code=500, message_contains="currency"),
    ac("missing_currency", cd_with(currency=...), code=500, message_contains="currency"),
    # order of checks: a bad signature wins over every field problem
    ac("bad_signature_beats_fields", '{"type":"refund","project_id":999}', signature=sig("x"), code=400),
    ac("foreign_project_beats_type", '{"type":"refund","project_id":5,"customer_id":"c"}', code=400),
]
# extra carries signed data only: no general.signature (signed there), no signature member of an
# object reached through objects; inside arrays `signature` is data and stays (gate.md §2.4 step 3)
extra_body = '{"type":"verify","project_id":111,"customer_id":"c1","general":{"project_id":111,"payment_id":"p7"},"meta":{"signature":"inner","k":{"signature":"deep","v":1}},"list":[{"signature":"data"}]}'
extra_sig = sig(stamp_of(json.loads(extra_body)))
assert "meta:k:v:1" in stamp_of(json.loads(extra_body)) and "list:0:signature:data" in stamp_of(json.loads(extra_body))
account_cases.append(ac("extra_without_signatures_general", None, raw=extra_body.replace('"general":{', '"general":{"signature":"%s",' % extra_sig, 1),
                        expect={"type": "verify", "extra": {"general": {"project_id": 111, "payment_id": "p7", "signature": None},
                                                            "meta": {"signature": None, "k": {"signature": None, "v": 1}},
                                                            "list": [{"signature": "data"}]}}))
account_cases.append(ac("extra_without_signatures_root", extra_body,
                        expect={"type": "verify", "extra": {"general": {"project_id": 111, "payment_id": "p7", "signature": None},
                                                            "meta": {"signature": None, "k": {"signature": None, "v": 1}},
                                                            "list": [{"signature": "data"}], "signature": None}}))
# float amount signed by a PHP-style platform still verifies, then fails the integer rule
float_amount = '{"type":"check_deposit","project_id":111,"customer_id":"c","amount":100.5,"currency":"KZT","payment_method":"qiwi-kz"}'
account_cases.append(ac("float_amount", float_amount, signature=sig("amount:100.5;currency:KZT;customer_id:c;payment_method:qiwi-kz;project_id:111;type:check_deposit"), code=500, message_contains="amount"))
account_cases.append(dict(op="account_check_response", name="verify_ok", builder="verify_ok", args={"currency": "KZT", "additional_customer_id": "HFVDW42345"},
                          body='{"code":0,"currency":"KZT","additional_customer_id":"HFVDW42345"}'))
account_cases.append(dict(op="account_check_response", name="verify_ok_plain", builder="verify_ok", args={"currency": "KZT"}, body='{"code":0,"currency":"KZT"}'))
account_cases.append(dict(op="account_check_response", name="check_deposit_ok", builder="check_deposit_ok", args={"payment_id": "Asfdsaf3252345"}, body='{"code":0,"payment_id":"Asfdsaf3252345"}'))
account_cases.append(dict(op="account_check_response", name="not_found", builder="not_found", args={}, body='{"code":404,"message":"account does not exist"}'))
account_cases.append(dict(op="account_check_response", name="general_error", builder="general_error", args={"message": "currency not served"}, body='{"code":500,"message":"currency not served"}'))
account_cases.append(dict(op="account_check_response", name="escaping", builder="check_deposit_ok", args={"payment_id": "a\"b\\c\n"}, body='{"code":0,"payment_id":"a\\"b\\\\c\\n"}'))
account_cases.append(dict(op="account_check_response", name="verify_unknown_currency", builder="verify_ok", args={"currency": "XYZ"}, error="validation"))
account_cases.append(dict(op="account_check_response", name="empty_payment_id", builder="check_deposit_ok", args={"payment_id": ""}, error="validation"))
write("account_check.json", "Account check (docs/gate.md, Account check). op=account_check: input + secret + project_id -> request subset (a null member: absent or null) | response_code (+ message_contains, or the exact message). op=account_check_response: builder + args -> body | error.",
      account_cases)

# ---------------------------------------------------------------- callbacks (seed examples, re-signed)
kiosk = '{ "project_id": 238, "payment": { "id": "1554967098", "type": "purchase", "status": "success", "date": "2019-04-11T07:18:20+0000", "method": "Qiwi Kz Kiosk", "sum": { "amount": 2000, "currency": "KZT" }, "description": "" }, "account": { "number": "user9876" }, "operation": { "id": 36425000001206, "type": "sale", "status": "success", "date": "2019-04-11T07:18:20+0000", "created_date": "2019-04-11T07:18:19+0000", "request_id": "25f3114242a16ab1e010ebab4fe816b9d105ff33b90281", "sum_initial": { "amount": 2000, "currency": "KZT" }, "sum_converted": { "amount": 2000, "currency": "KZT" }, "provider": { "id": 1197, "payment_id": "999990000001a1", "auth_code": "" }, "code": "0", "message": "Success" } }'
ewallet = kiosk.replace("Qiwi Kz Kiosk", "Qiwi Kz Terminal")
payout_ok = '{ "project_id": 1234, "payment": { "id": "payment_48", "type": "payout", "status": "success", "date": "2022-03-25T11:08:45+0000", "method": "qiwi-kz", "sum": { "amount": 10000, "currency": "KZT" }, "description": "" }, "operation": { "id": 29, "type": "payout", "status": "success", "date": "2022-03-25T11:08:45+0000", "created_date": "2022-03-25T11:08:05+0000", "request_id": "9e32835fb27907e0b08569d7d150e387a16a80e336c5117242b5cf60a4e17839", "sum_initial": { "amount": 10000, "currency": "KZT" }, "sum_converted": { "amount": 10000, "currency": "KZT" }, "code": "0", "message": "Success", "provider": { "id": 12345, "payment_id": "123abc123-123", "auth_code": "" } } }'
payout_decline = '{ "project_id": 1234, "payment": { "id": "payment_48", "type": "payout", "status": "decline", "date": "2022-03-25T11:20:30+0000", "method": "qiwi-kz", "sum": { "amount": 10000, "currency": "KZT" }, "description": "" }, "operation": { "id": 29, "type": "payout", "status": "decline", "date": "2022-03-25T11:20:30+0000", "created_date": "2022-03-25T11:19:53+0000", "request_id": "fff3d5f8d5d31bc460b68b57dc63f4b482e906eb", "sum_initial": { "amount": 10000, "currency": "KZT" }, "sum_converted": { "amount": 10000, "currency": "KZT" }, "code": "20000", "message": "General decline", "provider": { "id": 12345, "payment_id": "123abc123-123", "auth_code": "" } } }'

def cb(name, body, expect=None, error=None, signature="auto", secret=SECRET):
    if signature == "auto":
        body = with_sig(body, sig(stamp_of(json.loads(body))))
    elif signature is not None:
        body = with_sig(body, signature)
    d = dict(op="callback", name=name, secret=secret, input=body)
    if expect is not None:
        d["callback"] = expect
    if error:
        d["error"] = error
    return d

kiosk_stamp = "account:number:user9876;operation:code:0;operation:created_date:2019-04-11T07:18:19+0000;operation:date:2019-04-11T07:18:20+0000;operation:id:36425000001206;operation:message:Success;operation:provider:auth_code:;operation:provider:id:1197;operation:provider:payment_id:999990000001a1;operation:request_id:25f3114242a16ab1e010ebab4fe816b9d105ff33b90281;operation:status:success;operation:sum_converted:amount:2000;operation:sum_converted:currency:KZT;operation:sum_initial:amount:2000;operation:sum_initial:currency:KZT;operation:type:sale;payment:date:2019-04-11T07:18:20+0000;payment:description:;payment:id:1554967098;payment:method:Qiwi Kz Kiosk;payment:status:success;payment:sum:amount:2000;payment:sum:currency:KZT;payment:type:purchase;project_id:238"
assert stamp_of(json.loads(kiosk)) == kiosk_stamp, stamp_of(json.loads(kiosk))

def status(raw, kind, outcome):
    return {"raw": raw, "kind": kind, "outcome": outcome}

callback_cases = [
    dict(op="stamp", name="seed_kiosk_stamp", input=kiosk, stamp=kiosk_stamp),
    cb("seed_kiosk_purchase", kiosk, expect={"project_id": "238", "outcome": "completed", "account_number": "user9876",
        "payment": {"id": "1554967098", "type": "purchase", "status": status("success", "success", "completed"), "method": "Qiwi Kz Kiosk",
                    "sum": {"amount": 2000, "currency": "KZT"}, "description": "", "date": "2019-04-11T07:18:20+0000"},
        "operation": {"id": "36425000001206", "type": "sale", "code": "0", "message": "Success", "request_id": "25f3114242a16ab1e010ebab4fe816b9d105ff33b90281",
                      "provider": {"id": "1197", "payment_id": "999990000001a1", "auth_code": ""},
                      "sum_initial": {"amount": 2000, "currency": "KZT"}, "sum_converted": {"amount": 2000, "currency": "KZT"}},
        "signature": {"order": "byte", "numbers": "exact"}}),
    cb("seed_ewallet_purchase", ewallet, expect={"outcome": "completed", "payment": {"method": "Qiwi Kz Terminal"}}),
    cb("seed_payout_success", payout_ok, expect={"outcome": "completed", "payment": {"id": "payment_48", "type": "payout", "sum": {"amount": 10000, "currency": "KZT"}},
                                               "operation": {"id": "29", "code": "0"}, "account_number": None}),
    cb("seed_payout_decline", payout_decline, expect={"outcome": "failed", "payment": {"status": status("decline", "decline", "failed")}, "operation": {"code": "20000", "message": "General decline"}}),
    cb("seed_kiosk_broken_brace", with_sig(kiosk, sig(kiosk_stamp)) + "}", signature=None, error="malformed_input"),
    cb("seed_signature_with_space", kiosk, signature="HRcDJN84ghAJL2hPW9yUbVMm7SRPewQJuH+mz4gcipXc8sI dToQunzSUEiy7w5vA3+MVIO8xHSNsQB5qCCm5kXA==", error="signature_mismatch"),
    cb("unsigned", kiosk, signature=None, error="missing_signature"),
    cb("wrong_secret", kiosk, signature=sig(kiosk_stamp, "other"), error="signature_mismatch"),
    cb("tampered_amount", kiosk.replace('"amount": 2000, "currency": "KZT" }, "description"', '"amount": 200000, "currency": "KZT" }, "description"'), signature=sig(kiosk_stamp), error="signature_mismatch"),
    cb("status_uppercase", '{"payment":{"id":"p1","status":"SUCCESS"}}', expect={"outcome": "completed", "payment": {"status": status("SUCCESS", "success", "completed")}}),
    cb("status_canceled", '{"payment":{"id":"p1","status":"canceled"}}', expect={"outcome": "failed"}),
    cb("status_cancelled", '{"payment":{"id":"p1","status":"cancelled"}}', expect={"outcome": "failed"}),
    cb("status_expired", '{"payment":{"id":"p1","status":"expired"}}', expect={"outcome": "failed"}),
    cb("status_internal_error", '{"payment":{"id":"p1","status":"internal error"}}', expect={"outcome": "failed"}),
    cb("status_external_error", '{"payment":{"id":"p1","status":"external error"}}', expect={"outcome": "failed"}),
    cb("status_error", '{"payment":{"id":"p1","status":"error"}}', expect={"outcome": "failed"}),
    cb("status_processing", '{"payment":{"id":"p1","status":"processing"}}', expect={"outcome": "pending"}),
    cb("status_awaiting_customer", '{"payment":{"id":"p1","status":"awaiting customer"}}', expect={"outcome": "pending"}),
    cb("status_refunded", '{"payment":{"id":"p1","status":"refunded"}}', expect={"outcome": "refunded"}),
    cb("status_partially_refunded", '{"payment":{"id":"p1","status":"partially refunded"}}', expect={"outcome": "refunded"}),
    cb("status_reversed", '{"payment":{"id":"p1","status":"reversed"}}', expect={"outcome": "reversed"}),
    cb("status_partially_reversed", '{"payment":{"id":"p1","status":"partially reversed"}}', expect={"outcome": "reversed"}),
    cb("status_unknown_kept", '{"payment":{"id":"p1","status":"on hold"}}', expect={"outcome": "pending", "payment": {"status": status("on hold", "unknown", "pending")}}),
    cb("status_from_operation", '{"payment":{"id":"p1"},"operation":{"status":"decline"}}', expect={"outcome": "failed", "payment": {"status": None}}),
    cb("no_status_pending", '{"payment":{"id":"p1"}}', expect={"outcome": "pending"}),
    cb("payment_id_integer", '{"payment":{"id":12345,"status":"success"}}', expect={"payment": {"id": "12345"}}),
    cb("extra_members_tolerated", '{"payment":{"id":"p1","status":"success","x":{"y":[1]}},"unknown":true,"customer":{"id":"cust-7"}}', expect={"outcome": "completed", "customer_id": "cust-7"}),
    cb("errors_list", '{"payment":{"id":"p1","status":"decline"},"errors":[{"code":"1001","message":"bad","field":"x"}]}', expect={"errors": [{"code": "1001", "message": "bad", "raw": {"code": "1001", "message": "bad", "field": "x"}}]}),
    cb("signature_in_general", '{"general":{"project_id":1},"payment":{"id":"p1","status":"success"}}', signature=None, error="missing_signature"),
    cb("missing_payment_id", '{"payment":{"status":"success"}}', error="validation"),
    cb("missing_payment", '{"operation":{"status":"success"}}', error="validation"),
    cb("payment_not_object", '{"payment":[1]}', error="validation"),
    cb("amount_not_integer", '{"payment":{"id":"p1","sum":{"amount":"12x","currency":"KZT"}}}', error="validation"),
    dict(op="callback", name="top_level_array", secret=SECRET, input='[{"payment":{"id":"p"}}]', error="malformed_input"),
    dict(op="callback", name="nesting_bomb", secret=SECRET, input='{"a":' + '[' * 10000 + ']' * 10000 + '}', error="limit_exceeded"),
]
# the same callback signed with general.signature
gen_body = '{"general":{"project_id":238,"payment_id":"p9"},"payment":{"id":"p9","status":"success","sum":{"amount":5,"currency":"KZT"}}}'
gen_stamp = "general:payment_id:p9;general:project_id:238;payment:id:p9;payment:status:success;payment:sum:amount:5;payment:sum:currency:KZT"
callback_cases.append(dict(op="callback", name="signature_in_general_valid", secret=SECRET,
                           input=gen_body.replace('"general":{', '"general":{"signature":"%s",' % sig(gen_stamp), 1), callback={"outcome": "completed", "payment": {"id": "p9"}}))
# ---------------------------------------------------------------- `:` in names: only `::` verifies
# A canonically signed callback restructured so that signed members leave the model's sight:
# payment.status -> top-level "payment:status", payment.sum.amount -> top-level "payment:sum:amount".
# Written with an unescaped `:` these give exactly the original items (stamp_of does not escape),
# so the original signature would verify if the unescaped variant were accepted. It is not.
def restructured(body, moves):
    obj = json.loads(body)
    for path in moves:
        parent = obj
        for k in path[:-1]:
            parent = parent[k]
        obj[":".join(path)] = parent.pop(path[-1])
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))

kiosk_moved = restructured(kiosk, [("payment", "status"), ("payment", "sum", "amount")])
assert '"payment:status":"success"' in kiosk_moved and '"payment:sum:amount":2000' in kiosk_moved, kiosk_moved
assert stamp_of(json.loads(kiosk_moved)) == kiosk_stamp  # the unescaped stamp is the original one
kiosk_moved_escaped = stamp_of(json.loads(kiosk_moved), escape=True)
assert "payment::status:success;payment::sum::amount:2000;payment:date:" in kiosk_moved_escaped, kiosk_moved_escaped
decline_moved = restructured(payout_decline, [("payment", "status")])
decline_stamp = stamp_of(json.loads(payout_decline))
assert stamp_of(json.loads(decline_moved)) == decline_stamp
colon_cases = [
    dict(op="callback", name="restructured_status_and_amount", secret=SECRET, input=with_sig(kiosk_moved, sig(kiosk_stamp)), error="signature_mismatch"),
    dict(op="verify", name="restructured_status_and_amount_verify", secret=SECRET, input=with_sig(kiosk_moved, sig(kiosk_stamp)), error="signature_mismatch"),
    dict(op="callback", name="restructured_decline_status", secret=SECRET, input=with_sig(decline_moved, sig(decline_stamp)), error="signature_mismatch"),
    dict(op="verify", name="restructured_decline_status_verify", secret=SECRET, input=with_sig(decline_moved, sig(decline_stamp)), error="signature_mismatch"),
    # the original, canonically signed callback still verifies
    dict(op="callback", name="original_before_restructuring", secret=SECRET, input=with_sig(kiosk, sig(kiosk_stamp)),
         callback={"outcome": "completed", "payment": {"status": status("success", "success", "completed"), "sum": {"amount": 2000, "currency": "KZT"}},
                   "signature": {"order": "byte", "numbers": "exact"}}),
    # the restructured body's canonical stamp writes the moved names with `::`
    dict(op="stamp", name="restructured_stamp_escaped", input=kiosk_moved, stamp=kiosk_moved_escaped),
    # signed over that stamp it is a message of its own, and the model sees the members gone:
    # payment.sum without its amount is refused; without payment.status the outcome comes from
    # operation.status
    dict(op="callback", name="restructured_signed_escaped", secret=SECRET, input=with_sig(kiosk_moved, sig(kiosk_moved_escaped)), error="validation"),
    dict(op="callback", name="restructured_decline_signed_escaped", secret=SECRET,
         input=with_sig(decline_moved, sig(stamp_of(json.loads(decline_moved), escape=True))),
         callback={"outcome": "failed", "payment": {"status": None}, "operation": {"code": "20000"}}),
]
write("colon_restructure.json", "Signed members moved out of the model by renaming (docs/gate.md, Verifying; gate.md §2.3 revised): "
      "the unescaped-`:` stamp of the restructured body equals the original stamp, and the original signature must not verify "
      "(error kind signature_mismatch). op=callback / op=verify / op=stamp as in callback.json and verify.json.",
      colon_cases)

write("callback.json", "Callbacks (docs/gate.md, Callbacks): the seed's kiosk, e-wallet and payout examples (brace fixed, re-signed with the test secret) and status variants. op=callback: input + secret -> callback subset | error kind.",
      callback_cases)

# ---------------------------------------------------------------- payouts and status requests
payout_req = {"project_id": 35, "payment_id": "test_123", "customer": {"id": "12345", "ip_address": "198.51.100.47", "first_name": "John", "last_name": "Doe", "email": "johndoe@example.com"},
              "account_number": "9182221133", "amount": 100, "currency": "KZT"}
payout_body_unsigned = '{"general":{"project_id":35,"payment_id":"test_123"},"customer":{"id":"12345","ip_address":"198.51.100.47","first_name":"John","last_name":"Doe","email":"johndoe@example.com"},"account":{"number":"9182221133"},"payment":{"amount":100,"currency":"KZT"}}'
def pv(name, mutate=None, error_fields=None, extra=None, expect_body=None, expect_stamp=None):
    req = json.loads(json.dumps(payout_req))
    if mutate:
        mutate(req)
    if extra is not None:
        req["extra"] = extra
    d = dict(op="payout", name=name, secret=SECRET, request=req)
    if error_fields:
        d["error"] = "validation"
        d["error_fields"] = error_fields
    else:
        d["path"] = "/v2/payment/wallet/qiwi-kz/payout"
        d["stamp"] = expect_stamp
        d["body"] = expect_body.replace('},"customer"', ',"signature":"%s"},"customer"' % sig(expect_stamp), 1)
    return d

def setk(path, val):
    def m(r):
        o = r
        for p in path[:-1]:
            o = o[p]
        o[path[-1]] = val
    return m

payout_cases = [
    pv("seed_payout", expect_body=payout_body_unsigned, expect_stamp=seed_payout_stamp),
    pv("with_extras", extra={"payment": {"description": "Withdrawal #1"}, "general": {"merchant_callback_url": "https://shop.example/cb"}},
       expect_body=payout_body_unsigned.replace('"payment_id":"test_123"}', '"payment_id":"test_123","merchant_callback_url":"https://shop.example/cb"}').replace('"currency":"KZT"}}', '"currency":"KZT","description":"Withdrawal #1"}}'),
       expect_stamp=";".join(sorted(seed_payout_stamp.split(";") + ["payment:description:Withdrawal #1", "general:merchant_callback_url:https://shop.example/cb"], key=lambda s: s.encode()))),
    pv("ipv6_ok", setk(["customer", "ip_address"], "2001:db8::1"),
       expect_body=payout_body_unsigned.replace("198.51.100.47", "2001:db8::1"), expect_stamp=seed_payout_stamp.replace("198.51.100.47", "2001:db8::1")),
    pv("usd_refused", setk(["currency"], "USD"), error_fields=["payment.currency"]),
    pv("zero_amount", setk(["amount"], 0), error_fields=["payment.amount"]),
    pv("negative_amount", setk(["amount"], -100), error_fields=["payment.amount"]),
    pv("bad_ip", setk(["customer", "ip_address"], "300.1.2.3"), error_fields=["customer.ip_address"]),
    pv("ip_with_port", setk(["customer", "ip_address"], "198.51.100.47:80"), error_fields=["customer.ip_address"]),
    pv("empty_names", lambda r: (setk(["customer", "first_name"], "")(r), setk(["customer", "last_name"], " ")(r)), error_fields=["customer.first_name", "customer.last_name"]),
    pv("bad_email", setk(["customer", "email"], "john.example.com"), error_fields=["customer.email"]),
    pv("two_at_email", setk(["customer", "email"], "a@b@c"), error_fields=["customer.email"]),
    pv("empty_account", setk(["account_number"], ""), error_fields=["account.number"]),
    pv("empty_payment_id", setk(["payment_id"], ""), error_fields=["general.payment_id"]),
    pv("empty_customer_id", setk(["customer", "id"], ""), error_fields=["customer.id"]),
    pv("everything_wrong", lambda r: (setk(["currency"], "EUR")(r), setk(["amount"], 0)(r), setk(["account_number"], "")(r)), error_fields=["account.number", "payment.amount", "payment.currency"]),
    pv("extra_overrides_required", extra={"payment": {"amount": 1}}, error_fields=["payment.amount"]),
    pv("extra_float", extra={"payment": {"fee": 0.5}}, error_fields=["payment:fee"]),
    dict(op="status_request", name="status_request", secret=SECRET, project_id=35, payment_id="test_123", path="/v2/payment/status",
         stamp="general:payment_id:test_123;general:project_id:35",
         body='{"general":{"project_id":35,"payment_id":"test_123","signature":"%s"}}' % sig("general:payment_id:test_123;general:project_id:35")),
    dict(op="status_request", name="status_request_empty_id", secret=SECRET, project_id=35, payment_id="", error="validation"),
]
write("payout.json", "Payout and status requests (docs/gate.md, Payouts). op=payout: request -> path + stamp + exact body | error + error_fields. op=status_request likewise.",
      payout_cases)

# ---------------------------------------------------------------- Gate responses
signed_status = '{"project_id":35,"payment":{"id":"test_123","type":"payout","status":"success","sum":{"amount":100,"currency":"KZT"}},"operation":{"id":77,"status":"success","code":"0"}}'
signed_status_stamp = stamp_of(json.loads(signed_status))
resp_cases = [
    dict(op="payout_response", name="accepted", secret=SECRET, http_status=200, payment_id="test_123", resend=False,
         input='{"status":"success","request_id":"abc-1","project_id":35,"payment_id":"test_123"}', result="accepted", request_id="abc-1"),
    dict(op="payout_response", name="accepted_signed", secret=SECRET, http_status=200, payment_id="p1", resend=False,
         input=with_sig('{"status":"success","request_id":"r","project_id":35,"payment_id":"p1"}', sig("payment_id:p1;project_id:35;request_id:r;status:success")), result="accepted"),
    dict(op="payout_response", name="bad_signature", secret=SECRET, http_status=200, payment_id="p1", resend=False,
         input=with_sig('{"status":"success","request_id":"r","project_id":35,"payment_id":"p1"}', sig("x")), result="unknown", error="signature_mismatch"),
    dict(op="payout_response", name="other_payment_id", secret=SECRET, http_status=200, payment_id="p1", resend=False,
         input='{"status":"success","request_id":"r","payment_id":"p2"}', result="unknown", error="protocol"),
    dict(op="payout_response", name="status_error_200", secret=SECRET, http_status=200, payment_id="p1", resend=False,
         input='{"status":"error","code":"3","message":"Invalid request"}', result="rejected"),
    dict(op="payout_response", name="http_400_json", secret=SECRET, http_status=400, payment_id="p1", resend=False,
         input='{"status":"error","errors":[{"code":"3","message":"Field required","field":"customer.email"}]}', result="rejected"),
    dict(op="payout_response", name="rejected_resend_is_unknown", secret=SECRET, http_status=400, payment_id="p1", resend=True,
         input='{"status":"error","code":"3","message":"duplicate"}', result="unknown"),
    dict(op="payout_response", name="http_500", secret=SECRET, http_status=500, payment_id="p1", resend=False, input='{"status":"error"}', result="unknown"),
    dict(op="payout_response", name="http_502_html", secret=SECRET, http_status=502, payment_id="p1", resend=False, input='<html>Bad gateway</html>', result="unknown"),
    dict(op="payout_response", name="http_400_not_json", secret=SECRET, http_status=400, payment_id="p1", resend=False, input='Bad request', result="unknown"),
    dict(op="payout_response", name="no_status", secret=SECRET, http_status=200, payment_id="p1", resend=False, input='{"request_id":"r"}', result="unknown"),
    # 2xx with a status other than success / error is not known (revised gate.md §5.2): rejecting it
    # would invite a second payout under a new payment_id
    dict(op="payout_response", name="status_processing_200", secret=SECRET, http_status=200, payment_id="p1", resend=False,
         input='{"status":"processing","request_id":"r","payment_id":"p1"}', result="unknown"),
    dict(op="payout_response", name="status_pending_202", secret=SECRET, http_status=202, payment_id="p1", resend=False, input='{"status":"pending"}', result="unknown"),
    dict(op="payout_response", name="status_empty_200", secret=SECRET, http_status=200, payment_id="p1", resend=False, input='{"status":""}', result="unknown"),
    dict(op="payout_response", name="status_null_200", secret=SECRET, http_status=200, payment_id="p1", resend=False, input='{"status":null,"code":"3"}', result="unknown"),
    dict(op="payout_response", name="status_number_200", secret=SECRET, http_status=200, payment_id="p1", resend=False, input='{"status":1}', result="unknown"),
    dict(op="payout_response", name="empty_object_200", secret=SECRET, http_status=200, payment_id="p1", resend=False, input='{}', result="unknown"),
    dict(op="payout_response", name="status_processing_signed", secret=SECRET, http_status=200, payment_id="p1", resend=False,
         input=with_sig('{"status":"processing","payment_id":"p1"}', sig("payment_id:p1;status:processing")), result="unknown"),
    dict(op="payout_response", name="status_error_uppercase_200", secret=SECRET, http_status=200, payment_id="p1", resend=False, input='{"status":"ERROR"}', result="rejected"),
    dict(op="payout_response", name="status_success_uppercase_200", secret=SECRET, http_status=200, payment_id="p1", resend=False, input='{"status":"Success","request_id":"r"}', result="accepted", request_id="r"),
    dict(op="payout_response", name="http_400_status_processing", secret=SECRET, http_status=400, payment_id="p1", resend=False, input='{"status":"processing"}', result="rejected"),
    dict(op="status_response", name="found_signed", secret=SECRET, input=with_sig(signed_status, sig(signed_status_stamp)), result="found",
         callback={"outcome": "completed", "payment": {"id": "test_123"}, "operation": {"id": "77"}}),
    dict(op="status_response", name="found_unsigned_untrusted", secret=SECRET, input=signed_status, error="missing_signature"),
    dict(op="status_response", name="found_bad_signature", secret=SECRET, input=with_sig(signed_status, sig("forged")), error="signature_mismatch"),
    dict(op="status_response", name="not_found", secret=SECRET, input='{"status":"error","code":"3061","message":"Transaction not found"}', result="not_found"),
    dict(op="status_response", name="error_answer", secret=SECRET, input='{"status":"error","code":"1","message":"x"}', result="error"),
]
write("response.json", "Gate answers (docs/gate.md, Responses). op=payout_response: http_status + input + payment_id + resend -> result (+ request_id, error). op=status_response: input -> result | error.",
      resp_cases)
print("ok")
