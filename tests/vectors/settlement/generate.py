#!/usr/bin/env python3
"""Generates the shared settlement vectors (tests/vectors/settlement/gate.json, cqr.json).

Every expectation is written here by hand from the rules (gate.md §4.5, cqr.md §5.2), never
produced by the library under test. Gate callbacks are signed independently with Python's hmac
over a stamp built here (the messages only hold strings and integers). Format: README.md.
Re-run after editing: python3 tests/vectors/settlement/generate.py
"""
import base64
import hashlib
import hmac
import json
import os
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SECRET = "settlement-vectors-secret"
PROJECT = 111


# ------------------------------------------------------------------------------------ Gate
def flatten(value, path, out):
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "frame_mode" or (k == "signature" and path in ("", "general")):
                continue
            key = k.replace(":", "::")
            flatten(v, f"{path}:{key}" if path else key, out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            flatten(v, f"{path}:{i}", out)
    elif value is None:
        out.append((path, ""))
    elif isinstance(value, bool):
        out.append((path, "1" if value else "0"))
    else:
        assert isinstance(value, (int, str)), value
        out.append((path, str(value)))


def sign(message):
    items = []
    flatten(message, "", items)
    # By full path, comparing UTF-8 bytes (a proper prefix sorts first).
    stamp = ";".join(f"{p}:{v}" for p, v in sorted(items, key=lambda item: item[0].encode()))
    mac = hmac.new(SECRET.encode(), stamp.encode(), hashlib.sha512).digest()
    body = dict(message)
    body["signature"] = base64.b64encode(mac).decode()
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def callback(status="success", *, pid="dep-1", amount=10000, currency="KZT", op=5001, op_amount=None,
             op_currency=None, op_sum="initial", ptype="purchase", project=PROJECT, op_status=None,
             no_payment_status=False, no_sum=False, no_op_id=False):
    """A signed callback. op_amount: the operation's own sum (refunds); None = the payment sum."""
    payment = {"id": pid, "type": ptype, "status": status, "date": "2026-01-01T00:00:00+0000",
               "method": "Qiwi Kz Kiosk", "sum": {"amount": amount, "currency": currency}, "description": ""}
    if no_payment_status:
        del payment["status"]
    if no_sum:
        del payment["sum"]
    operation = {"id": op, "type": "sale", "status": op_status or status, "date": "2026-01-01T00:00:00+0000",
                 "code": "0", "message": "Success"}
    if no_op_id:
        del operation["id"]
    sum_ = {"amount": op_amount if op_amount is not None else amount, "currency": op_currency or currency}
    if op_sum == "initial":
        operation["sum_initial"] = sum_
    elif op_sum == "converted":
        operation["sum_converted"] = sum_
    return sign({"project_id": project, "payment": payment, "account": {"number": "customer-7"},
                 "operation": operation})


def refund(status, op, op_amount, **kw):
    kw.setdefault("amount", 10000)
    return callback(status, op=op, op_amount=op_amount, **kw)


def G(status="pending", credited=0, debited=0, ops=(), raw=None, kind="deposit", amount=10000, currency="KZT"):
    return {"kind": kind, "status": status, "amount": amount, "currency": currency, "credited": credited,
            "debited": debited, "applied_operations": list(ops), "raw_status": raw}


def fx(kind, amount, key, currency="KZT"):
    return {"kind": kind, "amount": amount, "currency": currency, "idempotency_key": key}


def E(action, reason_code, record, effects=(), http_status=None):
    e = {"action": action, "reason_code": reason_code, "record": record, "effects": list(effects),
         "http_status": http_status if http_status is not None else (503 if action == "retry" else 200)}
    return e


def step(body, expect, **extra):
    s = {"callback": body, "expect": expect}
    s.update(extra)
    return s


COMPLETED = G("completed", 10000, 0, ["5001"], "success")
CREDIT = fx("credit", 10000, "gate/dep-1/credit")

gate_cases = [
    dict(name="unknown_payment_unmatched", row="no record for payment.id", record=None,
         steps=[step(callback(), E("unmatched", "unknown_payment", None))]),
    dict(name="project_not_ours_flag", row="project_id not ours (validly signed)", record=G(),
         steps=[step(callback(project=222), E("flag", "not_ours", G()))]),
    dict(name="pending_to_completed_credit", row="pending -> completed", record=G(),
         steps=[step(callback(), E("apply", "completed", COMPLETED, [CREDIT]))]),
    dict(name="status_from_operation_when_payment_status_absent", row="pending -> completed", record=G(),
         steps=[step(callback(no_payment_status=True, op_status="success"),
                     E("apply", "completed", G("completed", 10000, 0, ["5001"], "success"), [CREDIT]))]),
    dict(name="same_callback_twice_duplicate", row="operation id already applied", record=G(),
         steps=[step(callback(), E("apply", "completed", COMPLETED, [CREDIT])),
                step(callback(), E("duplicate", "already_applied", COMPLETED))]),
    dict(name="completed_again_other_operation_duplicate", row="same final outcome again", record=COMPLETED,
         steps=[step(callback(op=5009), E("duplicate", "same_outcome", COMPLETED))]),
    dict(name="amount_mismatch_flag", row="crediting with payment.sum != expected amount", record=G(),
         steps=[step(callback(amount=9999), E("flag", "amount_mismatch", G()))]),
    dict(name="currency_mismatch_when_crediting_flag", row="crediting with payment.sum != expected currency",
         record=G(), steps=[step(callback(currency="USD"), E("flag", "amount_mismatch", G()))]),
    dict(name="missing_sum_when_crediting_flag", row="crediting without payment.sum", record=G(),
         steps=[step(callback(no_sum=True), E("flag", "amount_mismatch", G()))]),
    dict(name="pending_to_pending_keeps_raw_status", row="pending -> pending (other raw status)",
         record=G(raw="processing"),
         steps=[step(callback("awaiting customer"), E("no_change", "still_pending", G(raw="awaiting customer")))]),
    dict(name="unknown_status_is_pending", row="pending -> pending (unknown status kept)", record=G(),
         steps=[step(callback("brand new status"), E("no_change", "still_pending", G(raw="brand new status")))]),
    dict(name="processing_then_success_same_operation", row="pending -> pending, then pending -> completed",
         record=G(),
         steps=[step(callback("processing"), E("no_change", "still_pending", G(raw="processing"))),
                step(callback(), E("apply", "completed", COMPLETED, [CREDIT]))]),
    dict(name="pending_to_failed", row="pending -> failed", record=G(),
         steps=[step(callback("decline"), E("apply", "failed", G("failed", 0, 0, ["5001"], "decline")))]),
    dict(name="failed_again_duplicate", row="same final outcome again", record=G("failed", ops=["5001"], raw="decline"),
         steps=[step(callback("expired", op=5002), E("duplicate", "same_outcome", G("failed", ops=["5001"], raw="decline")))]),
    dict(name="failed_to_completed_flag", row="failed -> completed", record=G("failed", ops=["5001"], raw="decline"),
         steps=[step(callback(op=5002), E("flag", "not_allowed", G("failed", ops=["5001"], raw="decline")))]),
    dict(name="completed_to_failed_flag", row="any other change of a final outcome", record=COMPLETED,
         steps=[step(callback("decline", op=5002), E("flag", "not_allowed", COMPLETED))]),
    dict(name="completed_to_pending_flag", row="final -> pending", record=COMPLETED,
         steps=[step(callback("processing", op=5002), E("flag", "final_to_pending", COMPLETED))]),
    dict(name="failed_to_pending_flag", row="final -> pending", record=G("failed", ops=["5001"], raw="decline"),
         steps=[step(callback("processing", op=5002), E("flag", "final_to_pending", G("failed", ops=["5001"], raw="decline")))]),
    dict(name="full_refund_debits_what_is_credited", row="completed -> refunded, full", record=COMPLETED,
         steps=[step(refund("refunded", 6001, 10000),
                     E("apply", "refunded", G("refunded", 10000, 10000, ["5001", "6001"], "refunded"),
                       [fx("debit", 10000, "gate/dep-1/6001/debit")]))]),
    dict(name="full_reversal", row="completed -> reversed, full", record=COMPLETED,
         steps=[step(refund("reversed", 6001, 10000),
                     E("apply", "reversed", G("reversed", 10000, 10000, ["5001", "6001"], "reversed"),
                       [fx("debit", 10000, "gate/dep-1/6001/debit")]))]),
    dict(name="two_partials_then_the_rest", row="partial refunds, then full", record=COMPLETED,
         steps=[step(refund("partially refunded", 6001, 3000),
                     E("apply", "partially_refunded",
                       G("partially_refunded", 10000, 3000, ["5001", "6001"], "partially refunded"),
                       [fx("debit", 3000, "gate/dep-1/6001/debit")])),
                step(refund("partially refunded", 6002, 2000),
                     E("apply", "partially_refunded",
                       G("partially_refunded", 10000, 5000, ["5001", "6001", "6002"], "partially refunded"),
                       [fx("debit", 2000, "gate/dep-1/6002/debit")])),
                step(refund("refunded", 6003, 5000),
                     E("apply", "refunded", G("refunded", 10000, 10000, ["5001", "6001", "6002", "6003"], "refunded"),
                       [fx("debit", 5000, "gate/dep-1/6003/debit")]))]),
    dict(name="same_partial_twice_duplicate", row="operation id already applied", record=COMPLETED,
         steps=[step(refund("partially refunded", 6001, 3000),
                     E("apply", "partially_refunded",
                       G("partially_refunded", 10000, 3000, ["5001", "6001"], "partially refunded"),
                       [fx("debit", 3000, "gate/dep-1/6001/debit")])),
                step(refund("partially refunded", 6001, 3000),
                     E("duplicate", "already_applied",
                       G("partially_refunded", 10000, 3000, ["5001", "6001"], "partially refunded")))]),
    dict(name="partials_that_use_up_the_credit_end_refunded", row="partial refund leaving nothing",
         record=COMPLETED,
         steps=[step(refund("partially refunded", 6001, 4000),
                     E("apply", "partially_refunded",
                       G("partially_refunded", 10000, 4000, ["5001", "6001"], "partially refunded"),
                       [fx("debit", 4000, "gate/dep-1/6001/debit")])),
                step(refund("partially refunded", 6002, 6000),
                     E("apply", "refunded", G("refunded", 10000, 10000, ["5001", "6001", "6002"], "partially refunded"),
                       [fx("debit", 6000, "gate/dep-1/6002/debit")]))]),
    dict(name="partial_refund_above_credit_flag", row="debits would exceed credits", record=COMPLETED,
         steps=[step(refund("partially refunded", 6001, 12000), E("flag", "debit_exceeds_credit", COMPLETED))]),
    dict(name="second_partial_above_rest_flag", row="debits would exceed credits", record=COMPLETED,
         steps=[step(refund("partially refunded", 6001, 7000),
                     E("apply", "partially_refunded",
                       G("partially_refunded", 10000, 7000, ["5001", "6001"], "partially refunded"),
                       [fx("debit", 7000, "gate/dep-1/6001/debit")])),
                step(refund("partially refunded", 6002, 4000),
                     E("flag", "debit_exceeds_credit",
                       G("partially_refunded", 10000, 7000, ["5001", "6001"], "partially refunded")))]),
    dict(name="full_refund_amount_above_rest_flag", row="debits would exceed credits",
         record=G("partially_refunded", 10000, 7000, ["5001", "6001"], "partially refunded"),
         steps=[step(refund("refunded", 6002, 10000), E("flag", "debit_exceeds_credit",
                                                         G("partially_refunded", 10000, 7000, ["5001", "6001"], "partially refunded")))]),
    dict(name="partial_refund_other_currency_flag", row="a refund in another currency", record=COMPLETED,
         steps=[step(refund("partially refunded", 6001, 3000, op_currency="USD"), E("flag", "currency_mismatch", COMPLETED))]),
    dict(name="full_refund_other_currency_flag", row="a refund in another currency", record=COMPLETED,
         steps=[step(refund("refunded", 6001, 10000, op_currency="USD"), E("flag", "currency_mismatch", COMPLETED))]),
    dict(name="partial_refund_without_amount_flag", row="partial refund: missing amount", record=COMPLETED,
         steps=[step(refund("partially refunded", 6001, 3000, op_sum=None), E("flag", "refund_amount_missing", COMPLETED))]),
    dict(name="partial_refund_without_operation_id_flag", row="partial refund: no operation id to tell it apart",
         record=COMPLETED,
         steps=[step(refund("partially refunded", 6001, 3000, no_op_id=True), E("flag", "operation_id_missing", COMPLETED))]),
    dict(name="partial_refund_amount_from_sum_converted", row="partial refund: sum_converted when no sum_initial",
         record=COMPLETED,
         steps=[step(refund("partially refunded", 6001, 2500, op_sum="converted"),
                     E("apply", "partially_refunded",
                       G("partially_refunded", 10000, 2500, ["5001", "6001"], "partially refunded"),
                       [fx("debit", 2500, "gate/dep-1/6001/debit")]))]),
    dict(name="partial_reversal_then_full_reversal", row="partial reversal, then full", record=COMPLETED,
         steps=[step(refund("partially reversed", 6001, 2500),
                     E("apply", "partially_reversed",
                       G("partially_reversed", 10000, 2500, ["5001", "6001"], "partially reversed"),
                       [fx("debit", 2500, "gate/dep-1/6001/debit")])),
                step(refund("reversed", 6002, 7500),
                     E("apply", "reversed", G("reversed", 10000, 10000, ["5001", "6001", "6002"], "reversed"),
                       [fx("debit", 7500, "gate/dep-1/6002/debit")]))]),
    dict(name="refunded_again_duplicate", row="same final outcome again",
         record=G("refunded", 10000, 10000, ["5001", "6001"], "refunded"),
         steps=[step(refund("refunded", 6002, 10000), E("duplicate", "same_outcome",
                                                        G("refunded", 10000, 10000, ["5001", "6001"], "refunded")))]),
    dict(name="partial_after_full_refund_flag", row="debits would exceed credits",
         record=G("refunded", 10000, 10000, ["5001", "6001"], "refunded"),
         steps=[step(refund("partially refunded", 6002, 1000), E("flag", "debit_exceeds_credit",
                                                                 G("refunded", 10000, 10000, ["5001", "6001"], "refunded")))]),
    dict(name="refunded_then_reversed_flag", row="any other change of a final outcome",
         record=G("refunded", 10000, 10000, ["5001", "6001"], "refunded"),
         steps=[step(refund("reversed", 6002, 10000), E("flag", "not_allowed",
                                                        G("refunded", 10000, 10000, ["5001", "6001"], "refunded")))]),
    dict(name="refunded_to_completed_flag", row="any other change of a final outcome",
         record=G("refunded", 10000, 10000, ["5001", "6001"], "refunded"),
         steps=[step(callback(op=5002), E("flag", "not_allowed", G("refunded", 10000, 10000, ["5001", "6001"], "refunded")))]),
    dict(name="refund_of_pending_payment_flag", row="debits would exceed credits (nothing credited)", record=G(),
         steps=[step(refund("refunded", 6001, 10000), E("flag", "debit_exceeds_credit", G()))]),
    dict(name="payout_completed_paid_out", row="pending -> completed (payout: mark paid out)",
         record=G(kind="payout", amount=50000),
         steps=[step(callback(pid="po-1", ptype="payout", amount=50000, op=7001),
                     E("apply", "completed", G("completed", 50000, 0, ["7001"], "success", kind="payout", amount=50000),
                       [fx("payout_paid", 50000, "gate/po-1/payout")]))]),
    dict(name="payout_failed", row="pending -> failed", record=G(kind="payout", amount=50000),
         steps=[step(callback("decline", pid="po-1", ptype="payout", amount=50000, op=7001),
                     E("apply", "failed", G("failed", 0, 0, ["7001"], "decline", kind="payout", amount=50000)))]),
    dict(name="payout_message_for_deposit_flag", row="kind mismatch", record=G(),
         steps=[step(callback(ptype="payout"), E("flag", "kind_mismatch", G()))]),
    dict(name="operation_id_beyond_64_bits_kept_exact", row="pending -> completed", record=G(),
         steps=[step(callback(op=123456789012345678901234567890),
                     E("apply", "completed", G("completed", 10000, 0, ["123456789012345678901234567890"], "success"),
                       [CREDIT])),
                step(callback(op=123456789012345678901234567890),
                     E("duplicate", "already_applied",
                       G("completed", 10000, 0, ["123456789012345678901234567890"], "success")))]),
    dict(name="payment_id_with_slash_escaped_in_keys", row="idempotency keys are unambiguous",
         record=G(),
         steps=[step(callback(pid="a/b%c"), E("apply", "completed", COMPLETED, [fx("credit", 10000, "gate/a%2Fb%25c/credit")]))]),
    dict(name="storage_failure_retry", row="storage failed", record=G(),
         steps=[{"storage_failed": True, "expect": E("retry", "storage_failed", G())}]),
]

# Gate status answers (gate.md §6) go through the same rows.
status_found = callback()
gate_cases += [
    dict(name="status_answer_with_payment_data_applies", row="status answer read like a callback", record=G(),
         steps=[{"status_answer": status_found, "expect": E("apply", "completed", COMPLETED, [CREDIT])}]),
    dict(name="status_answer_not_found_no_change", row="status answer 3061", record=G(),
         steps=[{"status_answer": '{"status":"error","code":"3061","message":"Transaction not found"}',
                 "expect": E("no_change", "no_payment_data", G())}]),
]


# ------------------------------------------------------------------------------------ CQR
MERCHANT, SHOP = "TestMerchant", "TestShop"
MTID = "1001-1"
A = "aaaaaaaa-0000-0000-0000-00000000000a"
B = "bbbbbbbb-0000-0000-0000-00000000000b"


def payment_xml(pid, key, state_id, *, amount="100.00", currency="KZT", executed=None, merchant=MERCHANT,
                shop=SHOP, mtid=MTID, fee=None, details=""):
    if executed is None:
        executed = key == 29
    fee_xml = f'<shopFee currencyCode="{currency}">{fee}</shopFee>' if fee is not None else ""
    exe = "" if executed == "absent" else f"<isExecuted>{'true' if executed else 'false'}</isExecuted>"
    return (f'<payment xsi:type="paymentWithPaymentAccount"><merchantID>{escape(merchant)}</merchantID>'
            f'<shopID>{escape(shop)}</shopID><paymentMethod><key>163</key><value>QiwiDeposit</value></paymentMethod>'
            f'<merchantTransactionID>{escape(mtid)}</merchantTransactionID><paymentID>{escape(pid)}</paymentID>'
            f'<userID>user-1</userID><paymentProvider><key>90</key><value>Envoy</value></paymentProvider>'
            f'<amount currencyCode="{currency}">{amount}</amount>{fee_xml}'
            f'<state><id>{escape(state_id)}</id><definition><key>{key}</key><value>S{key}</value></definition>'
            f'<createdOn>2026-01-01T00:00:00</createdOn>{details}</state>{exe}</payment>')


NS = ('xmlns="http://www.cqrpayments.com/PaymentProcessing" '
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')


def notification(pid, key, state_id="s-1", **kw):
    return (f'<?xml version="1.0" encoding="utf-8"?><handlePaymentStateChangedNotificationRequest {NS}>'
            + payment_xml(pid, key, state_id, **kw) + "</handlePaymentStateChangedNotificationRequest>")


def get_payments(*payments):
    return (f'<?xml version="1.0" encoding="utf-8"?><getPaymentsResponse {NS}><payments>'
            + "".join(payment_xml(*p[:3], **(p[3] if len(p) > 3 else {})) for p in payments)
            + "</payments></getPaymentsResponse>")


SERVICE_EXCEPTION = ('<?xml version="1.0" encoding="utf-8"?><paymentServiceException '
                     'xmlns="http://www.cqrpayments.com/PaymentProcessing"><id>x</id><errorCode>100</errorCode>'
                     '<errorMessage>general validation error</errorMessage></paymentServiceException>')


def O(status="pending", credited=0, debited=0, pid=None, keys=(), amount=10000, currency="KZT"):
    return {"status": status, "amount": amount, "currency": currency, "credited": credited, "debited": debited,
            "payment_id": pid, "applied_keys": list(keys)}


def C(action, reason_code, record, effects=(), result_code=None):
    if result_code is None:
        result_code = {"unmatched": 2, "retry": 10}.get(action, 0)
    return {"action": action, "reason_code": reason_code, "record": record, "effects": list(effects),
            "http_status": 200, "result_code": result_code}


def key(pid, state, sid):
    return f"{pid}/{state}/{sid}"


def n(xml, expect, get_payments_xml=None):
    s = {"notification": xml, "expect": expect}
    if get_payments_xml is not None:
        s["get_payments"] = get_payments_xml
    return s


CQR_CREDIT = fx("credit", 10000, f"cqr/{MTID}/credit")
PAID_A = O("completed", 10000, 0, A, [key(A, 29, "s-29")])
SETTINGS = {"merchant_id": MERCHANT, "shop_id": SHOP, "confirm_with_get_payments": False}
CONFIRMING = dict(SETTINGS, confirm_with_get_payments=True)

cqr_cases = [
    dict(name="unknown_order_unknown_state", row="merchantTransactionID unknown", order=None,
         steps=[n(notification(A, 29, "s-29"), C("unmatched", "unknown_payment", None))]),
    dict(name="other_merchant_unknown_state", row="merchantID not ours", order=O(pid=A),
         steps=[n(notification(A, 29, "s-29", merchant="Other"), C("unmatched", "not_ours", O(pid=A)))]),
    dict(name="other_shop_unknown_state", row="shopID not ours", order=O(pid=A),
         steps=[n(notification(A, 29, "s-29", shop="Other"), C("unmatched", "not_ours", O(pid=A)))]),
    dict(name="bound_attempt_completes", row="bound A completes", order=O(pid=A),
         steps=[n(notification(A, 29, "s-29"), C("apply", "completed", PAID_A, [CQR_CREDIT]))]),
    dict(name="first_notification_binds_unbound_order", row="first notification of an unbound order binds it",
         order=O(),
         steps=[n(notification(A, 120, "s-120"), C("no_change", "still_pending", O(pid=A, keys=[key(A, 120, "s-120")]))),
                n(notification(A, 29, "s-29"),
                  C("apply", "completed", O("completed", 10000, 0, A, [key(A, 120, "s-120"), key(A, 29, "s-29")]),
                    [CQR_CREDIT]))]),
    dict(name="same_notification_twice_duplicate", row="idempotency key already processed", order=O(pid=A),
         steps=[n(notification(A, 29, "s-29"), C("apply", "completed", PAID_A, [CQR_CREDIT])),
                n(notification(A, 29, "s-29"), C("duplicate", "already_applied", PAID_A))]),
    dict(name="completed_again_other_state_id_duplicate", row="same final class again", order=PAID_A,
         steps=[n(notification(A, 29, "s-29b"), C("duplicate", "same_outcome", PAID_A))]),
    dict(name="pending_to_failed", row="pending -> failed", order=O(pid=A),
         steps=[n(notification(A, 100, "s-100"), C("apply", "failed", O("failed", pid=A, keys=[key(A, 100, "s-100")])))]),
    dict(name="failed_to_completed_flag", row="failed -> completed",
         order=O("failed", pid=A, keys=[key(A, 100, "s-100")]),
         steps=[n(notification(A, 29, "s-29"), C("flag", "not_allowed", O("failed", pid=A, keys=[key(A, 100, "s-100")])))]),
    dict(name="completed_to_pending_flag", row="final -> pending", order=PAID_A,
         steps=[n(notification(A, 120, "s-120"), C("flag", "final_to_pending", PAID_A))]),
    dict(name="reversal_of_bound_attempt", row="completed -> failed of the bound attempt: reversal", order=PAID_A,
         steps=[n(notification(A, 113, "s-113"),
                  C("apply", "reversed", O("reversed", 10000, 10000, A, [key(A, 29, "s-29"), key(A, 113, "s-113")]),
                    [fx("debit", 10000, f"cqr/{MTID}/reversal")]))]),
    dict(name="reversed_then_failed_again_duplicate", row="same final class again",
         order=O("reversed", 10000, 10000, A, [key(A, 29, "s-29"), key(A, 113, "s-113")]),
         steps=[n(notification(A, 102, "s-102"),
                  C("duplicate", "same_outcome", O("reversed", 10000, 10000, A, [key(A, 29, "s-29"), key(A, 113, "s-113")])))]),
    dict(name="b_fails_before_a_completes", row="attempt B fails while A is pending; then A completes",
         order=O(pid=A),
         steps=[n(notification(B, 369, "s-369"), C("flag", "other_attempt", O(pid=A))),
                n(notification(A, 29, "s-29"), C("apply", "completed", PAID_A, [CQR_CREDIT]))]),
    dict(name="b_fails_after_a_paid", row="attempt B fails after A paid", order=PAID_A,
         steps=[n(notification(B, 113, "s-113"), C("flag", "other_attempt", PAID_A))]),
    dict(name="b_completes_while_a_pending", row="attempt B completes while A is pending: rebinds", order=O(pid=A),
         steps=[n(notification(B, 29, "s-29"),
                  C("apply", "completed", O("completed", 10000, 0, B, [key(B, 29, "s-29")]), [CQR_CREDIT])),
                n(notification(A, 100, "s-100"),
                  C("flag", "other_attempt", O("completed", 10000, 0, B, [key(B, 29, "s-29")])))]),
    dict(name="b_completes_after_a_paid", row="attempt B completes after A paid", order=PAID_A,
         steps=[n(notification(B, 29, "s-29"), C("flag", "other_attempt", PAID_A))]),
    dict(name="b_pending_while_a_pending_flag", row="another attempt that does not complete", order=O(pid=A),
         steps=[n(notification(B, 120, "s-120"), C("flag", "other_attempt", O(pid=A)))]),
    dict(name="amount_mismatch_flag", row="amount mismatch", order=O(pid=A),
         steps=[n(notification(A, 29, "s-29", amount="99.99"), C("flag", "amount_mismatch", O(pid=A)))]),
    dict(name="currency_mismatch_flag", row="currency mismatch", order=O(pid=A),
         steps=[n(notification(A, 29, "s-29", currency="USD"), C("flag", "amount_mismatch", O(pid=A)))]),
    dict(name="amount_plus_shop_fee_matches", row="amount + shopFee = expected", order=O(pid=A),
         steps=[n(notification(A, 29, "s-29", amount="99.50", fee="0.50"), C("apply", "completed", PAID_A, [CQR_CREDIT]))]),
    dict(name="amount_compared_by_value", row="21.00 = 21.0000", order=O(pid=A),
         steps=[n(notification(A, 29, "s-29", amount="100.0000"), C("apply", "completed", PAID_A, [CQR_CREDIT]))]),
    dict(name="completed_without_is_executed_flag", row="isExecuted disagrees", order=O(pid=A),
         steps=[n(notification(A, 29, "s-29", executed=False), C("flag", "is_executed_inconsistent", O(pid=A)))]),
    dict(name="completed_is_executed_absent_flag", row="isExecuted disagrees", order=O(pid=A),
         steps=[n(notification(A, 29, "s-29", executed="absent"), C("flag", "is_executed_inconsistent", O(pid=A)))]),
    dict(name="failed_with_is_executed_true_flag", row="isExecuted disagrees", order=O(pid=A),
         steps=[n(notification(A, 100, "s-100", executed=True), C("flag", "is_executed_inconsistent", O(pid=A)))]),
    dict(name="unknown_state_is_pending", row="pending -> pending", order=O(pid=A),
         steps=[n(notification(A, 777, "s-777"), C("no_change", "still_pending", O(pid=A, keys=[key(A, 777, "s-777")])))]),
    dict(name="confirmation_completed_credits", row="getPayments confirms completed", order=O(pid=A),
         settings=CONFIRMING,
         steps=[n(notification(A, 29, "s-29"), C("apply", "completed", PAID_A, [CQR_CREDIT]),
                  get_payments((A, 29, "s-29")))]),
    dict(name="confirmation_missing_retry", row="confirmation required but not given", order=O(pid=A),
         settings=CONFIRMING,
         steps=[n(notification(A, 29, "s-29"), C("retry", "confirmation_pending", O(pid=A)))]),
    dict(name="confirmation_pending_retry", row="getPayments says pending -> retry (10)", order=O(pid=A),
         settings=CONFIRMING,
         steps=[n(notification(A, 29, "s-29"), C("retry", "confirmation_pending", O(pid=A)),
                  get_payments((A, 120, "s-120")))]),
    dict(name="confirmation_not_found_retry", row="getPayments does not have the payment -> retry", order=O(pid=A),
         settings=CONFIRMING,
         steps=[n(notification(A, 29, "s-29"), C("retry", "confirmation_pending", O(pid=A)),
                  get_payments((B, 29, "s-29")))]),
    dict(name="confirmation_exception_retry", row="getPayments failed -> retry", order=O(pid=A),
         settings=CONFIRMING,
         steps=[n(notification(A, 29, "s-29"), C("retry", "confirmation_pending", O(pid=A)), SERVICE_EXCEPTION)]),
    dict(name="confirmation_failed_applies_failure", row="getPayments says failed -> apply the failure",
         order=O(pid=A), settings=CONFIRMING,
         steps=[n(notification(A, 29, "s-29"), C("apply", "failed", O("failed", pid=A, keys=[key(A, 29, "s-29")])),
                  get_payments((A, 100, "s-100")))]),
    dict(name="failure_needs_no_confirmation", row="confirmation only before crediting", order=O(pid=A),
         settings=CONFIRMING,
         steps=[n(notification(A, 100, "s-100"), C("apply", "failed", O("failed", pid=A, keys=[key(A, 100, "s-100")])))]),
    dict(name="poll_completed", row="getPayments poll: completed", order=O(pid=A),
         steps=[{"poll": get_payments((A, 29, "s-29")), "expect": C("apply", "completed", PAID_A, [CQR_CREDIT])}]),
    dict(name="poll_pending_no_change", row="getPayments poll: pending", order=O(pid=A),
         steps=[{"poll": get_payments((A, 120, "s-120")),
                 "expect": C("no_change", "still_pending", O(pid=A, keys=[key(A, 120, "s-120")]))}]),
    dict(name="poll_failed", row="getPayments poll: failed", order=O(pid=A),
         steps=[{"poll": get_payments((A, 100, "s-100")),
                 "expect": C("apply", "failed", O("failed", pid=A, keys=[key(A, 100, "s-100")]))}]),
    dict(name="poll_other_attempt_completed_rebinds", row="getPayments poll: B completed while A pending",
         order=O(pid=A),
         steps=[{"poll": get_payments((A, 100, "s-100"), (B, 29, "s-29")),
                 "expect": C("apply", "completed", O("completed", 10000, 0, B, [key(B, 29, "s-29")]), [CQR_CREDIT])}]),
    dict(name="poll_after_notification_duplicate", row="the same state by poll and by notification",
         order=PAID_A,
         steps=[{"poll": get_payments((A, 29, "s-29")), "expect": C("duplicate", "already_applied", PAID_A)}]),
    dict(name="poll_exception_retry", row="getPayments failed", order=O(pid=A),
         steps=[{"poll": SERVICE_EXCEPTION, "expect": C("retry", "confirmation_pending", O(pid=A))}]),
    dict(name="odd_informative_details_never_reject", row="odd details are kept raw", order=O(pid=A),
         steps=[n(notification(A, 29, "s-29", details=(
             '<paymentStateDetails><detail xsi:type="keyIntValuePair"><key>PaymentScoring</key><value>735871.0</value></detail>'
             '<detail xsi:type="keyDecimalValuePair"><key>BaseShopFeeAmount</key><value>4E-2</value></detail>'
             '<detail xsi:type="keyDateTimeValuePair"><key>When</key><value>2026-01-01T00:00:00.12345678</value></detail>'
             '</paymentStateDetails>')), C("apply", "completed", PAID_A, [CQR_CREDIT]))]),
    dict(name="storage_failure_retry", row="storage failed", order=O(pid=A),
         steps=[{"storage_failed": True, "expect": C("retry", "storage_failed", O(pid=A))}]),
]


def write(name, description, extra, cases):
    doc = {"description": description}
    doc.update(extra)
    doc["cases"] = cases
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    write("gate.json", "Gate settlement (gate.md §4.5). Each case: the host's record, then steps; a step's "
          "decision record is the next step's input. See README.md.",
          {"secret": SECRET, "project_id": PROJECT}, gate_cases)
    for c in cqr_cases:
        c.setdefault("settings", SETTINGS)
    write("cqr.json", "CQR settlement (cqr.md §5.2 steps 5-10). Each case: settings, the host's order, then "
          "steps; a step's decision record is the next step's input. See README.md.", {}, cqr_cases)
