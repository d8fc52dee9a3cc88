#!/usr/bin/env python3
"""Writes the adversarial corpus manifest (tests/adversarial/cases.json) and its small files
(tests/adversarial/files/). Format: tests/adversarial/README.md.

Big inputs are never stored: they are generator specs the runners expand. Expected kinds were
decided from the rules (docs/gate.md, docs/cqr.md, SECURITY.md) and confirmed with the Rust
runner (tests/adversarial.rs). Re-run after editing: python3 tests/adversarial/generate.py
"""
import base64
import hashlib
import hmac
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SECRET = "qiwi-merchant-test-secret"
PROJECT_ID = 111
MiB = 1 << 20

GATE_ALL = ["gate_stamp", "gate_verify", "gate_account_check", "gate_callback",
            "gate_status_response", "gate_payout_response"]
CQR_ALL = ["cqr_parse", "cqr_notification", "cqr_initiate_answer", "cqr_get_payments_answer",
           "cqr_initiate_request"]

cases = []


def case(name, entries, gen=None, file=None, kind=None, limit=None, limits=None, note=None, kinds=None):
    """One case per entry. `kinds` maps entry -> kind where entries differ."""
    assert (gen is None) != (file is None)
    for entry in entries:
        k = (kinds or {}).get(entry, kind)
        c = {"name": f"{name}@{entry}", "entry": entry}
        if gen is not None:
            c["generator"] = gen
        else:
            c["file"] = file
        c["expect_kind"] = k
        if limit is not None and k == "limit_exceeded" and entry != "gate_payout_response":
            c["expect_limit"] = limit
        if limits is not None:
            c["limits"] = limits
        if note:
            c["note"] = note
        cases.append(c)


def rep(g, n, then=None):
    d = {"repeat": g, "times": n}
    if then is not None:
        d["then"] = then
    return d


def cat(*parts):
    return {"concat": list(parts)}


def hexb(h):
    return {"hex": h}


def numbered(count, before, after, sep):
    return {"numbered": {"count": count, "before": before, "after": after, "separator": sep}}


def gate_sig(stamp):
    """Base64 HMAC-SHA512 of a hand-written canonical stamp (docs/gate.md §2.3) under SECRET."""
    return base64.b64encode(hmac.new(SECRET.encode(), stamp.encode(), hashlib.sha512).digest()).decode()


def file(name, data):
    with open(os.path.join(HERE, "files", name), "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)
    return "files/" + name


# ------------------------------------------------------------------------------------- JSON
SIG = '"signature":"x"'

case("json_depth_1e6_arrays", GATE_ALL, rep("[", 1_000_000, then=rep("]", 1_000_000)),
     kind="limit_exceeded", limit="body_size", note="2,000,000 bytes: over the 1 MiB body limit first")
case("json_depth_1e6_arrays_open", GATE_ALL, cat('{"a":', rep("[", 1_000_000)),
     kind="limit_exceeded", limit="depth", note="1,000,005 bytes (< 1 MiB): the depth limit (64) stops it")
case("json_depth_1e6_objects", GATE_ALL, rep('{"a":', 1_000_000, then=rep("}", 1_000_000)),
     kind="limit_exceeded", limit="depth", limits={"max_body_bytes": 8 * MiB},
     note="6 MB with the body limit raised: depth (64) is hit after 64 levels")
case("json_depth_65", GATE_ALL, cat(rep('{"a":', 65), "1", rep("}", 65)),
     kind="limit_exceeded", limit="depth")
case("json_depth_64_ok", ["gate_stamp"], cat(rep('{"a":', 63), "1", rep("}", 63)), kind="ok",
     note="63 nested objects inside the root = depth 64, the limit itself")
case("json_body_100mb", GATE_ALL, cat('{"a":"', rep("x", 100 * MiB), '"}'),
     kind="limit_exceeded", limit="body_size")
case("json_body_just_over", GATE_ALL, cat('{"a":"', rep("x", MiB - 8 + 1), '"}'),
     kind="limit_exceeded", limit="body_size", note="1 MiB + 1 byte")
case("json_string_64k_plus_1", GATE_ALL, cat('{"a":"', rep("x", 64 * 1024 + 1), '","signature":"x"}'),
     kind="limit_exceeded", limit="string_length")
case("json_key_1mb", GATE_ALL, cat('{"', rep("k", 1_000_000), '":1}'),
     kind="limit_exceeded", limit="string_length")
case("json_1e6_keys", GATE_ALL, cat("{", numbered(1_000_000, '"k', '":0', ","), "}"),
     kind="limit_exceeded", limit="body_size", note="about 11.9 MB")
case("json_1e6_keys_raised_body", ["gate_stamp", "gate_verify", "gate_callback"],
     cat("{", numbered(1_000_000, '"k', '":0', ","), "}"),
     kind="limit_exceeded", limit="items", limits={"max_body_bytes": 16 * MiB},
     note="the item limit (100,000) stops it; duplicate detection must stay linear")
case("json_99999_unique_keys", ["gate_stamp"], cat("{", numbered(99_999, '"', '":0', ","), "}"), kind="ok",
     note="just under the item limit, all names unique: duplicate-key detection at scale")
case("json_99999_keys_last_duplicate", ["gate_stamp"],
     cat("{", numbered(99_998, '"', '":0', ","), ',"5":1}'), kind="malformed_input")
case("json_items_array", GATE_ALL, cat('{"a":[', rep("0,", 199_999), "0]}"),
     kind="limit_exceeded", limit="items", note="200,000 elements in 400 KB")
case("json_number_10000_digits", ["gate_stamp"], cat('{"n":', rep("9", 10_000), "}"), kind="ok",
     note="exact text kept")
case("json_number_10000_digits_verify", ["gate_verify", "gate_account_check"],
     cat('{"n":', rep("9", 10_000), "," + SIG + "}"), kind="signature_mismatch")
case("json_number_10000_digits_amount", ["gate_callback"],
     cat('{"payment":{"id":"p","sum":{"amount":', rep("9", 10_000), ',"currency":"KZT"}},' + SIG + "}"),
     kind="signature_mismatch", note="the MAC is checked before any field is interpreted")
case("json_number_100000_digits", ["gate_stamp", "gate_verify"], cat('{"n":', rep("9", 100_000), "}"),
     kind="limit_exceeded", limit="string_length")
# Integers longer than CPython's int(str) limit (4300 digits): accepted by the core (exact text);
# a binding must hand them on exactly (a Python int, never a float, never a ValueError).
INT5000 = "9" * 5000
INT5000_STAMP = (f"customer_id:c;m:-{INT5000};n:{INT5000};payment:id:p;payment:status:success;"
                 "project_id:111;type:verify")
case("json_int_5000_digits_signed", ["gate_stamp", "gate_verify", "gate_account_check", "gate_callback",
                                     "gate_status_response"],
     cat('{"customer_id":"c","m":-', rep("9", 5000), ',"n":', rep("9", 5000),
         ',"payment":{"id":"p","status":"success"},"project_id":111,"type":"verify","signature":"'
         + gate_sig(INT5000_STAMP) + '"}'),
     kind="ok", note="signed (stamp " + INT5000_STAMP.replace(INT5000, "9…9") + "): a verify account "
     "check, a completed callback, a found status; the results carry both integers")
case("json_int_5000_digits", ["gate_payout_response"],
     cat('{"status":"success","request_id":"r","payment_id":"p","n":', rep("9", 5000), ',"m":-',
         rep("9", 5000), "}"),
     kind="ok", note="unsigned accepted payout answer: raw keeps both integers")
case("json_int_5000_digits_status_error", ["gate_status_response"],
     cat('{"status":"error","code":"3","n":', rep("9", 5000), "}"),
     kind="ok", note="unsigned error answer (no payment): raw keeps the integer")
case("json_fraction_10000_digits", ["gate_stamp"], cat('{"n":0.', rep("1", 10_000), "}"), kind="ok")
case("json_exponent_huge", ["gate_stamp"], '{"n":1e999999999999999999999}', kind="ok")
case("json_minus_zero", ["gate_stamp"], '{"n":-0}', kind="ok")
case("json_minus_zero_verify", ["gate_verify"], '{"n":-0,' + SIG + "}", kind="signature_mismatch")
case("json_1e999", ["gate_stamp"], '{"n":1e999}', kind="ok")
case("json_1e999_verify", ["gate_verify", "gate_callback", "gate_account_check"], '{"n":1e999,' + SIG + "}",
     kind="signature_mismatch")
case("json_leading_zero", GATE_ALL, '{"n":01}', kind="malformed_input")
case("json_bare_minus", GATE_ALL, '{"n":-}', kind="malformed_input")
case("json_nan", GATE_ALL, '{"n":NaN}', kind="malformed_input")
case("json_infinity", GATE_ALL, '{"n":Infinity}', kind="malformed_input")
case("json_plus_sign", GATE_ALL, '{"n":+1}', kind="malformed_input")
case("json_lone_high_surrogate", GATE_ALL, '{"a":"\\ud800"}', kind="malformed_input")
case("json_lone_low_surrogate", GATE_ALL, '{"a":"\\udc00"}', kind="malformed_input")
case("json_high_surrogate_then_letter", GATE_ALL, '{"a":"\\ud800\\u0041"}', kind="malformed_input")
case("json_reversed_surrogates", GATE_ALL, '{"a":"\\udc00\\ud800"}', kind="malformed_input")
case("json_surrogate_in_key", GATE_ALL, '{"\\ud800":1}', kind="malformed_input")
case("json_bad_escape", GATE_ALL, '{"a":"\\x41"}', kind="malformed_input")
case("json_short_unicode_escape", GATE_ALL, '{"a":"\\u00"}', kind="malformed_input")
case("json_invalid_utf8", GATE_ALL, cat('{"a":"', hexb("ff"), '"}'), kind="malformed_input")
case("json_invalid_utf8_continuation", GATE_ALL, cat('{"a":"', hexb("c328"), '"}'), kind="malformed_input")
case("json_overlong_slash", GATE_ALL, cat('{"a":"', hexb("c0af"), '"}'), kind="malformed_input",
     note="overlong 2-byte encoding of '/'")
case("json_overlong_3byte", GATE_ALL, cat('{"a":"', hexb("e080af"), '"}'), kind="malformed_input")
case("json_overlong_nul", GATE_ALL, cat('{"a":"', hexb("c080"), '"}'), kind="malformed_input",
     note="modified-UTF-8 NUL")
case("json_utf8_surrogate", GATE_ALL, cat('{"a":"', hexb("eda080"), '"}'), kind="malformed_input",
     note="U+D800 encoded in UTF-8")
case("json_above_10ffff", GATE_ALL, cat('{"a":"', hexb("f4908080"), '"}'), kind="malformed_input")
case("json_invalid_utf8_in_key", GATE_ALL, cat('{"', hexb("fe"), '":1}'), kind="malformed_input")
case("json_truncated_utf8", GATE_ALL, cat('{"a":"', hexb("e282"), '"}'), kind="malformed_input")
case("json_utf16_bom", GATE_ALL, cat(hexb("fffe"), '{"a":1}'), kind="malformed_input")
case("json_raw_nul_in_string", GATE_ALL, cat('{"a":"x', hexb("00"), 'y"}'), kind="malformed_input")
case("json_raw_nul_outside", GATE_ALL, cat('{"a":1}', hexb("00")), kind="malformed_input")
case("json_escaped_nul", ["gate_stamp"], '{"a":"x\\u0000y"}', kind="ok", note="an escaped NUL is a character")
case("json_escaped_nul_verify", ["gate_verify"], '{"a":"x\\u0000y",' + SIG + "}", kind="signature_mismatch")
case("json_duplicate_keys", GATE_ALL, '{"a":1,"a":2}', kind="malformed_input")
case("json_duplicate_after_unescape", GATE_ALL, '{"a":1,"\\u0061":2}', kind="malformed_input")
case("json_duplicate_signature", GATE_ALL, '{"a":1,"signature":"x","signature":"y"}', kind="malformed_input")
case("json_duplicate_nested", GATE_ALL, '{"payment":{"id":"p","id":"q"},"signature":"x"}', kind="malformed_input")
case("json_duplicate_deep", GATE_ALL, cat(rep('{"a":', 30), '{"b":1,"b":1}', rep("}", 30)), kind="malformed_input")
case("json_top_level_array", GATE_ALL, '[{"signature":"x"}]', kind="malformed_input")
case("json_top_level_string", GATE_ALL, '"signature"', kind="malformed_input")
case("json_top_level_number", GATE_ALL, "1", kind="malformed_input")
case("json_top_level_null", GATE_ALL, "null", kind="malformed_input")
case("json_empty", GATE_ALL, "", kind="malformed_input")
case("json_whitespace_only", GATE_ALL, rep(" ", 1000), kind="malformed_input")
case("json_trailing_garbage", GATE_ALL, '{"a":1} {"b":2}', kind="malformed_input")
case("json_trailing_comma", GATE_ALL, '{"a":1,}', kind="malformed_input")
case("json_comment", GATE_ALL, '{"a":1 /* c */}', kind="malformed_input")
case("json_single_quotes", GATE_ALL, "{'a':1}", kind="malformed_input")
case("json_unquoted_key", GATE_ALL, "{a:1}", kind="malformed_input")
case("json_unterminated_string", GATE_ALL, cat('{"a":"', rep("x", 100_000)), kind="malformed_input",
     note="the closing quote is looked for first: unterminated, whatever the length")
case("json_exactly_1mib", ["gate_stamp"], cat(rep(" ", MiB - 2), "{}"), kind="ok",
     note="exactly 1 MiB of whitespace and an empty object: the body limit is inclusive")
case("json_1mib_plus_1", GATE_ALL, cat(rep(" ", MiB - 1), "{}"), kind="limit_exceeded", limit="body_size")
# signature member of the wrong type
for label, v in [("number", "12"), ("null", "null"), ("true", "true"), ("object", '{"v":"x"}'),
                 ("array", '["x"]'), ("empty", '""')]:
    case(f"json_signature_{label}", ["gate_verify", "gate_callback"], '{"payment":{"id":"p"},"signature":' + v + "}",
         kind="missing_signature")
    case(f"json_signature_{label}_account_check", ["gate_account_check"],
         '{"type":"verify","project_id":111,"customer_id":"c","signature":' + v + "}", kind="missing_signature")
case("json_general_is_array", ["gate_verify"], '{"general":["signature"]}', kind="missing_signature")
case("json_general_signature_number", ["gate_verify"], '{"general":{"signature":5}}', kind="missing_signature")
case("json_signature_only_in_array", ["gate_verify"], '{"a":[{"signature":"x"}]}', kind="missing_signature")
case("json_signature_not_base64", ["gate_verify"], '{"a":1,"signature":"%%%"}', kind="signature_mismatch")
case("json_signature_1mb", ["gate_verify"], cat('{"a":1,"signature":"', rep("A", 1_000_000), '"}'),
     kind="limit_exceeded", limit="string_length")
case("json_signature_64k", ["gate_verify"], cat('{"a":1,"signature":"', rep("A", 65_000), '"}'),
     kind="signature_mismatch", note="long but within the string limit: compared, never matches")
# arrays or scalars where objects are expected
case("callback_payment_is_array", ["gate_callback"], '{"payment":[{"id":"p"}],' + SIG + "}",
     kind="signature_mismatch", note="authenticity first: the shape is judged only after the MAC")
case("account_check_array_body", ["gate_account_check"], '[{"type":"verify"}]', kind="malformed_input")
case("status_payment_is_array", ["gate_status_response"], '{"payment":["x"],"code":"0"}', kind="ok",
     note="no payment object and no signature: an error answer, not Found")
case("status_payment_unsigned", ["gate_status_response"], '{"payment":{"id":"p","status":"success"}}',
     kind="missing_signature", note="payment data is only trusted when signed")
case("status_code_object", ["gate_status_response"], '{"code":{"x":1}}', kind="validation")
case("payout_unsigned_ok", ["gate_payout_response"], '{"status":"success","payment_id":"p"}', kind="ok")
case("payout_bad_signature", ["gate_payout_response"], '{"status":"success","payment_id":"p",' + SIG + "}",
     kind="signature_mismatch")
case("payout_other_payment_id", ["gate_payout_response"], '{"status":"success","payment_id":"q"}', kind="protocol")

# --------------------------------------------------------------------------------------- XML
NOTIF = "handlePaymentStateChangedNotificationRequest"
DECL = '<?xml version="1.0" encoding="utf-8"?>'
lol = ['<?xml version="1.0"?>', '<!DOCTYPE lolz [', '<!ENTITY lol "lol">']
for i in range(1, 10):
    prev = "lol" if i == 1 else f"lol{i - 1}"
    lol.append(f'<!ENTITY lol{i} "{("&" + prev + ";") * 10}">')
lol.append(f"]>\n<{NOTIF}>&lol9;</{NOTIF}>\n")
f_lol = file("billion_laughs.xml", "\n".join(lol))
f_xxe = file("xxe_file.xml", f'<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<{NOTIF}><payment>&xxe;</payment></{NOTIF}>\n')
f_xxe_param = file("xxe_parameter.xml", '<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY % ext SYSTEM "http://127.0.0.1:9/evil.dtd"> %ext;]>\n<getPaymentsResponse/>\n')
f_ext_dtd = file("external_dtd.xml", '<?xml version="1.0"?>\n<!DOCTYPE getPaymentsResponse SYSTEM "http://127.0.0.1:9/x.dtd">\n<getPaymentsResponse/>\n')
f_doctype = file("doctype_plain.xml", f'<!DOCTYPE {NOTIF}>\n<{NOTIF}/>\n')
f_undeclared = file("undeclared_entity.xml", f"<{NOTIF}>&xxe;</{NOTIF}>\n")
f_xinclude = file("xinclude.xml", f'<{NOTIF} xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/></{NOTIF}>\n')
f_json_sig_types = file("callback_signature_object.json", '{"payment":{"id":"p"},"signature":{"signature":"x"}}')

case("xml_billion_laughs", CQR_ALL, file=f_lol, kind="malformed_input")
case("xml_xxe_system_file", CQR_ALL, file=f_xxe, kind="malformed_input")
case("xml_xxe_parameter_entity", CQR_ALL, file=f_xxe_param, kind="malformed_input")
case("xml_external_dtd", CQR_ALL, file=f_ext_dtd, kind="malformed_input")
case("xml_doctype_plain", CQR_ALL, file=f_doctype, kind="malformed_input")
case("xml_undeclared_entity", CQR_ALL, file=f_undeclared, kind="malformed_input")
case("xml_xinclude_not_followed", ["cqr_notification", "cqr_parse"], file=f_xinclude, kind="validation",
     note="XInclude is not processed: the element is ignored and the payment is missing")
case("callback_signature_object_file", ["gate_verify"], file=f_json_sig_types, kind="missing_signature")
case("xml_quadratic_blowup", CQR_ALL,
     cat(f'<?xml version="1.0"?><!DOCTYPE kaboom [<!ENTITY a "', rep("a", 50_000), f'">]><{NOTIF}>',
         rep("&a;", 50_000), f"</{NOTIF}>"),
     kind="malformed_input", note="about 300 KB that would expand to 2.5 GB")
case("xml_depth_1e6", CQR_ALL, rep("<a>", 1_000_000, then=rep("</a>", 1_000_000)),
     kind="limit_exceeded", limit="body_size")
case("xml_depth_1e6_raised_body", CQR_ALL, rep("<a>", 1_000_000, then=rep("</a>", 1_000_000)),
     kind="limit_exceeded", limit="depth", limits={"max_body_bytes": 8 * MiB})
case("xml_depth_300000_open", CQR_ALL, rep("<a>", 300_000), kind="limit_exceeded", limit="depth",
     note="900 KB, never closed")
case("xml_depth_65", ["cqr_parse"], cat(rep("<a>", 65), rep("</a>", 65)), kind="limit_exceeded", limit="depth")
case("xml_body_100mb", CQR_ALL, cat(f"<{NOTIF}>", rep("x", 100 * MiB), f"</{NOTIF}>"),
     kind="limit_exceeded", limit="body_size")
case("xml_text_64k_plus_1", CQR_ALL, cat(f"<{NOTIF}><payment><description>", rep("x", 64 * 1024 + 1),
                                         f"</description></payment></{NOTIF}>"),
     kind="limit_exceeded", limit="string_length")
case("xml_entity_expansion_string", CQR_ALL, cat(f"<{NOTIF}>", rep("&amp;", 100_000), f"</{NOTIF}>"),
     kind="limit_exceeded", limit="string_length", note="500 KB of &amp; = 100,000 bytes of text after unescaping")
case("xml_attr_1mb", CQR_ALL, cat(f'<{NOTIF} a="', rep("v", 1_000_000), f'"/>'),
     kind="limit_exceeded", limit="string_length")
case("xml_many_siblings", CQR_ALL, cat(f"<{NOTIF}>", rep("<x/>", 100_000), f"</{NOTIF}>"),
     kind="limit_exceeded", limit="items", note="100,000 elements in 400 KB (limit 20,000)")
case("xml_many_attributes", CQR_ALL, cat(f"<{NOTIF} ", numbered(60_000, "a", '=""', " "), "/>"),
     kind="limit_exceeded", limit="items", note="60,000 distinct attributes on one element (about 530 KB)")
case("xml_duplicate_attributes", CQR_ALL, cat(f'<{NOTIF} a="1" a="2"/>'), kind="malformed_input")
case("xml_many_namespaces", CQR_ALL, cat(f"<{NOTIF} ", numbered(30_000, "xmlns:p", '="u"', " "), "/>"),
     kind="validation", kinds={"cqr_initiate_request": "malformed_input"},
     note="namespace declarations are skipped (not stored, not counted): linear; no payment follows")
case("xml_attributes_long_names", CQR_ALL,
     cat(f"<{NOTIF} ", numbered(19_000, "a" * 40, '=""', " "), "/>"),
     kind="validation", kinds={"cqr_initiate_request": "malformed_input"},
     note="19,000 distinct 44-byte attribute names (under the item limit): duplicate detection must be linear")
case("xml_duplicate_attribute_in_first_eight", CQR_ALL,
     cat(f"<{NOTIF} ", numbered(6, "a", '=""', " "), ' a3="x"/>'), kind="malformed_input")
case("xml_duplicate_attribute_after_many", CQR_ALL,
     cat(f"<{NOTIF} ", numbered(50, "a", '=""', " "), ' a7="x"/>'), kind="malformed_input")
case("xml_comment_1mb", CQR_ALL, cat("<!--", rep("c", 1_000_000), "-->", f"<{NOTIF}/>"),
     kind="validation", kinds={"cqr_initiate_request": "malformed_input"}, note="a comment is skipped whole; what is left has no payment")
case("xml_cdata_1mb", CQR_ALL, cat(f"<{NOTIF}><![CDATA[", rep("c", 1_000_000), f"]]></{NOTIF}>"),
     kind="limit_exceeded", limit="string_length")
case("xml_pi_1mb", CQR_ALL, cat("<?pi ", rep("c", 1_000_000), "?>", f"<{NOTIF}/>"), kind="validation",
     kinds={"cqr_initiate_request": "malformed_input"})
case("xml_invalid_utf8", CQR_ALL, cat(f"<{NOTIF}>", hexb("ff"), f"</{NOTIF}>"), kind="malformed_input")
case("xml_overlong_lt", CQR_ALL, cat(f"<{NOTIF}>", hexb("c0bc"), f"</{NOTIF}>"), kind="malformed_input",
     note="overlong encoding of '<'")
case("xml_overlong_3byte", CQR_ALL, cat(f"<{NOTIF}>", hexb("e080bc"), f"</{NOTIF}>"), kind="malformed_input")
case("xml_utf8_surrogate", CQR_ALL, cat(f"<{NOTIF}>", hexb("eda080"), f"</{NOTIF}>"), kind="malformed_input")
case("xml_utf16_no_bom", CQR_ALL, {"utf16le": f"<{NOTIF}/>"}, kind="malformed_input",
     note="UTF-16 is only read with a BOM")
case("xml_utf16_lone_surrogate", CQR_ALL, cat(hexb("fffe"), {"utf16le": f"<{NOTIF}>"}, hexb("00d8"),
                                              {"utf16le": f"</{NOTIF}>"}), kind="malformed_input")
case("xml_utf16_odd_length", CQR_ALL, cat(hexb("fffe"), {"utf16le": f"<{NOTIF}/>"}, hexb("00")),
     kind="malformed_input")
case("xml_raw_nul", CQR_ALL, cat(f"<{NOTIF}>", hexb("00"), f"</{NOTIF}>"), kind="malformed_input")
case("xml_char_ref_nul", CQR_ALL, f"<{NOTIF}>&#0;</{NOTIF}>", kind="malformed_input")
case("xml_char_ref_surrogate", CQR_ALL, f"<{NOTIF}>&#xD800;</{NOTIF}>", kind="malformed_input")
case("xml_char_ref_too_big", CQR_ALL, f"<{NOTIF}>&#x110000;</{NOTIF}>", kind="malformed_input")
case("xml_char_ref_10000_digits", CQR_ALL, cat(f"<{NOTIF}>&#", rep("9", 10_000), f";</{NOTIF}>"),
     kind="malformed_input")
case("xml_unclosed", CQR_ALL, f"<{NOTIF}><payment>", kind="malformed_input")
case("xml_mismatched_end", CQR_ALL, f"<{NOTIF}></payment>", kind="malformed_input")
case("xml_two_roots", CQR_ALL, f"<{NOTIF}/><{NOTIF}/>", kind="malformed_input")
case("xml_empty", CQR_ALL, "", kind="malformed_input")
case("xml_text_only", CQR_ALL, "hello", kind="malformed_input")
case("xml_unknown_root", CQR_ALL, "<evil/>", kind="malformed_input")
case("xml_amount_10000_digits", ["cqr_notification"],
     cat(f"<{NOTIF}><payment><amount currencyCode=\"USD\">", rep("9", 10_000), f"</amount></payment></{NOTIF}>"),
     kind="validation")

# ----------------------------------------------------------------------------------- write
names = [c["name"] for c in cases]
assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
doc = {
    "description": "Adversarial inputs for every entry point (issue 8). Format: tests/adversarial/README.md.",
    "version": 1,
    "secret": SECRET,
    "project_id": PROJECT_ID,
    "sent_payment_id": "p",
    "cases": cases,
}
with open(os.path.join(HERE, "cases.json"), "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(f"{len(cases)} cases")
