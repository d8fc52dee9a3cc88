/*
 * Runs every shared vector (the *.json files in tests/vectors/gate and tests/vectors/cqr)
 * through the C ABI. Usage: test_vectors <repo root>. Prints "N passed, M failed"; exit 1 on any failure.
 */
#define _POSIX_C_SOURCE 200809L
#include "qiwi_merchant.h"
#include "json.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;
static const char *current;

static void fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL %s: ", current);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    failed++;
}

#define CHECK(cond, ...) do { if (cond) passed++; else fail(__VA_ARGS__); } while (0)

static const uint8_t *u8(const char *s) { return (const uint8_t *)s; }
static qm_buffer empty_buffer(void) { qm_buffer b = {NULL, 0}; return b; }

/* The last error as parsed JSON (caller frees). */
static jvalue *last_error(void) {
    qm_buffer b = empty_buffer();
    if (qm_last_error_json(&b) != QM_OK) return NULL;
    jvalue *v = json_parse((const char *)b.data, b.len);
    qm_buffer_free(&b);
    return v;
}

/* Checks a failed call against an expected error kind, limit, path and field list. */
static void check_error(qm_result r, const char *kind, const jvalue *limit, const jvalue *path, const jvalue *fields) {
    const char *got = qm_result_name(r);
    CHECK(kind && strcmp(got, kind) == 0, "expected error %s, got %s", kind ? kind : "(none)", got);
    if (r == QM_OK) return;
    /* The message API agrees with the JSON. */
    size_t n = 0;
    CHECK(qm_last_error_message(NULL, 0, &n) == QM_OK && n > 0, "empty error message");
    jvalue *e = last_error();
    CHECK(e != NULL, "qm_last_error_json unreadable");
    if (!e) return;
    CHECK(strcmp(json_str(json_get(e, "kind")), got) == 0, "last error kind differs");
    if (json_is(limit, J_STRING))
        CHECK(json_equal(limit, json_get(e, "limit")), "wrong limit (want %s)", json_str(limit));
    if (json_is(path, J_STRING)) {
        CHECK(json_equal(path, json_get(e, "path")), "wrong path (want %s)", json_str(path));
        char buf[512];
        CHECK(qm_last_error_path(buf, sizeof buf, &n) == QM_OK && strcmp(buf, json_str(path)) == 0, "qm_last_error_path");
    }
    if (json_is(fields, J_ARRAY)) {
        const jvalue *got_fields = json_get(e, "fields");
        bool ok = json_is(got_fields, J_ARRAY) && got_fields->count == fields->count;
        for (size_t i = 0; ok && i < fields->count; i++)
            ok = json_equal(fields->items[i], json_get(got_fields->items[i], "field"));
        CHECK(ok, "wrong error fields");
    }
    json_free(e);
}

/* Input bytes of a case: `input`/`input_xml` text or `input_b64`/`input_base64`. */
static unsigned char *input_of(const jvalue *c, size_t *len) {
    const char *keys[] = {"input", "input_xml"};
    for (int i = 0; i < 2; i++) {
        const jvalue *v = json_get(c, keys[i]);
        if (json_is(v, J_STRING)) {
            unsigned char *out = malloc(v->len + 1);
            memcpy(out, v->str, v->len + 1);
            *len = v->len;
            return out;
        }
    }
    const char *b = json_str(json_get(c, "input_b64"));
    if (!b) b = json_str(json_get(c, "input_base64"));
    return b ? base64_decode(b, len) : NULL;
}

static jvalue *parse_buffer(const qm_buffer *b) { return json_parse((const char *)b->data, b->len); }

/* JSON text of a list of qm_event (caller frees), to compare with the JSON results. */
static char *events_json(const qm_event *ev, size_t n) {
    size_t cap = 256, len = 0;
    char *out = malloc(cap);
    /* Per open container: members written so far; after_key: the next value follows a key. */
    size_t written[300] = {0};
    char closing[300];
    int depth = 0;
    bool after_key = false;
#define PUT(s, l)                                                       \
    do {                                                                \
        while (len + (l) + 8 > cap) out = realloc(out, cap *= 2);       \
        memcpy(out + len, (s), (l));                                    \
        len += (l);                                                     \
    } while (0)
    for (size_t i = 0; i < n; i++) {
        const qm_event *e = &ev[i];
        if (e->kind != QM_EVENT_END && !after_key && depth > 0 && written[depth]++ > 0) PUT(",", 1);
        after_key = false;
        char num[32];
        switch (e->kind) {
        case QM_EVENT_BEGIN_OBJECT: PUT("{", 1); written[++depth] = 0; closing[depth] = '}'; break;
        case QM_EVENT_BEGIN_ARRAY: PUT("[", 1); written[++depth] = 0; closing[depth] = ']'; break;
        case QM_EVENT_END: PUT(&closing[depth], 1); depth--; break;
        case QM_EVENT_INTEGER: snprintf(num, sizeof num, "%lld", (long long)e->value); PUT(num, strlen(num)); break;
        case QM_EVENT_NUMBER: PUT(e->text, e->len); break;
        case QM_EVENT_BOOL: if (e->value) PUT("true", 4); else PUT("false", 5); break;
        case QM_EVENT_NULL: PUT("null", 4); break;
        case QM_EVENT_KEY:
        case QM_EVENT_STRING:
            PUT("\"", 1);
            for (size_t k = 0; k < e->len; k++) {
                unsigned char c = e->text[k];
                if (c == '"' || c == '\\') { PUT("\\", 1); PUT(&c, 1); }
                else if (c < 0x20) { snprintf(num, sizeof num, "\\u%04x", c); PUT(num, 6); }
                else PUT(&c, 1);
            }
            PUT("\"", 1);
            if (e->kind == QM_EVENT_KEY) { PUT(":", 1); after_key = true; }
            break;
        }
    }
#undef PUT
    out[len] = 0;
    return out;
}

static bool buffer_is(const qm_buffer *b, const jvalue *want) {
    return json_is(want, J_STRING) && b->len == want->len && memcmp(b->data, want->str, b->len) == 0;
}

static qm_gate_signer *signer_of(const jvalue *c) {
    const jvalue *s = json_get(c, "secret");
    qm_gate_signer *signer = NULL;
    if (!json_is(s, J_STRING) || qm_gate_signer_new(u8(s->str), s->len, NULL, 0, &signer) != QM_OK) return NULL;
    return signer;
}

/* ------------------------------------------------------------------ Gate */

/* An optional string argument: NULL (absent) when missing or not a string. */
static const uint8_t *arg_ptr(const jvalue *args, const char *k) {
    const jvalue *a = json_get(args, k);
    return json_is(a, J_STRING) ? u8(a->str) : NULL;
}
static size_t arg_len(const jvalue *args, const char *k) {
    const jvalue *a = json_get(args, k);
    return json_is(a, J_STRING) ? a->len : 0;
}

static void gate_case(const jvalue *c) {
    const char *op = json_str(json_get(c, "op"));
    const jvalue *err = json_get(c, "error");
    const char *err_kind = json_str(err);
    size_t len = 0;
    unsigned char *in = input_of(c, &len);
    qm_gate_signer *signer = json_get(c, "secret") ? signer_of(c) : NULL;
    qm_buffer out = empty_buffer();
    qm_result r;
    if (json_get(c, "secret")) CHECK(signer != NULL, "signer");

    if (strcmp(op, "stamp") == 0) {
        r = qm_gate_stamp(in, len, NULL, 0, &out);
        if (r == QM_OK && !err) CHECK(buffer_is(&out, json_get(c, "stamp")), "stamp %s", (char *)out.data);
        else check_error(r, err_kind, json_get(c, "limit"), json_get(c, "path"), NULL);
    } else if (strcmp(op, "sign") == 0) {
        r = qm_gate_sign(signer, in, len, &out);
        if (r == QM_OK && !err) {
            CHECK(buffer_is(&out, json_get(c, "signature")), "signature");
            qm_buffer st = empty_buffer();
            CHECK(qm_gate_stamp(in, len, NULL, 0, &st) == QM_OK && buffer_is(&st, json_get(c, "stamp")), "stamp");
            qm_buffer_free(&st);
        } else {
            check_error(r, err_kind, json_get(c, "limit"), json_get(c, "path"), NULL);
        }
    } else if (strcmp(op, "verify") == 0) {
        r = qm_gate_verify_detail(signer, in, len, &out);
        CHECK(qm_gate_verify(signer, in, len) == r, "verify and verify_detail disagree");
        if (r == QM_OK && !err) {
            jvalue *v = parse_buffer(&out);
            CHECK(json_equal(v, json_get(c, "variant")), "variant %s", (char *)out.data);
            json_free(v);
        } else {
            check_error(r, err_kind, json_get(c, "limit"), json_get(c, "path"), NULL);
        }
    } else if (strcmp(op, "account_check") == 0) {
        qm_buffer resp = empty_buffer();
        uint16_t code = 999;
        r = qm_gate_account_check(signer, (uint64_t)json_int(json_get(c, "project_id")), in, len, &out, &resp, &code);
        CHECK(r == QM_OK, "account_check returned %s", qm_result_name(r));
        jvalue *v = r == QM_OK ? parse_buffer(&out) : NULL;
        const jvalue *want_req = json_get(c, "request");
        if (want_req) {
            CHECK(v && json_get(v, "accepted") && json_get(v, "accepted")->boolean, "not accepted: %s", out.data ? (char *)out.data : "");
            CHECK(v && json_subset(want_req, json_get(v, "request")), "request differs: %s", out.data ? (char *)out.data : "");
            CHECK(code == 0 && resp.len == 0 && resp.data != NULL, "accepted: code 0 and empty response");
        } else if (v) {
            long long want_code = json_int(json_get(c, "response_code"));
            CHECK(code == want_code, "code %u, want %lld", code, want_code);
            CHECK(json_int(json_get(v, "code")) == want_code, "json code");
            CHECK(resp.len > 8 && memcmp(resp.data, "{\"code\":", 8) == 0, "code first");
            CHECK(buffer_is(&resp, json_get(v, "body")), "body in JSON = response buffer");
            jvalue *body = parse_buffer(&resp);
            const char *msg = json_str(json_get(body, "message"));
            CHECK(body && json_int(json_get(body, "code")) == want_code && msg && *msg, "body code/message");
            const char *part = json_str(json_get(c, "message_contains"));
            if (part) CHECK(msg && strstr(msg, part), "message %s lacks %s", msg ? msg : "", part);
            const char *exact = json_str(json_get(c, "message"));
            const jvalue *e = json_get(v, "error");
            if (exact) {
                CHECK(msg && strcmp(msg, exact) == 0, "message %s, want %s", msg ? msg : "", exact);
                const char *emsg = json_str(json_get(e, "message"));
                CHECK(emsg && strcmp(emsg, exact) == 0, "error message %s, want %s", emsg ? emsg : "", exact);
            }
            CHECK(json_is(json_get(e, "kind"), J_STRING) && json_is(json_get(e, "message"), J_STRING), "error object");
            json_free(body);
        }
        json_free(v);
        qm_buffer_free(&resp);
    } else if (strcmp(op, "account_check_response") == 0) {
        const jvalue *args = json_get(c, "args");
        const char *builder = json_str(json_get(c, "builder"));
        uint16_t code = 0xffff;
#define ARG(k) arg_ptr(args, k), arg_len(args, k)
        if (strcmp(builder, "verify_ok") == 0) r = qm_gate_response_verify_ok(ARG("currency"), ARG("additional_customer_id"), &out, &code);
        else if (strcmp(builder, "check_deposit_ok") == 0) r = qm_gate_response_check_deposit_ok(ARG("payment_id"), &out, &code);
        else if (strcmp(builder, "not_found") == 0) r = qm_gate_response_not_found(ARG("message"), &out, &code);
        else if (strcmp(builder, "general_error") == 0) r = qm_gate_response_general_error(ARG("message"), &out, &code);
        else { fail("unknown builder %s", builder); r = QM_PANIC; }
#undef ARG
        if (r == QM_OK && !err) {
            CHECK(buffer_is(&out, json_get(c, "body")), "body %s", (char *)out.data);
            /* The builder gives the answer's code: the one in the body. */
            const jvalue *want_body = json_get(c, "body");
            jvalue *wb = json_parse(want_body->str, want_body->len);
            CHECK(wb && (long long)code == json_int(json_get(wb, "code")), "out_code %u", (unsigned)code);
            json_free(wb);
        } else {
            CHECK(code == 0xffff, "out_code written on failure");
            check_error(r, err_kind, NULL, json_get(c, "path"), json_get(c, "error_fields"));
        }
    } else if (strcmp(op, "callback") == 0) {
        /* The model kept behind a handle fails alike, or writes the same JSON when asked. */
        qm_gate_callback *kept = NULL;
        qm_result kept_r = qm_gate_callback_parse(signer, in, len, &kept);
        r = qm_gate_parse_callback(signer, in, len, &out);
        CHECK(kept_r == r && (kept != NULL) == (r == QM_OK), "qm_gate_callback_parse: %s", qm_result_name(kept_r));
        if (kept) {
            qm_buffer kept_json = empty_buffer();
            CHECK(qm_gate_callback_json(kept, &kept_json) == QM_OK && kept_json.len == out.len &&
                      memcmp(kept_json.data, out.data, out.len) == 0,
                  "qm_gate_callback_json differs: %s", kept_json.data ? (char *)kept_json.data : "");
            qm_buffer_free(&kept_json);
            /* The same document as events. */
            const qm_event *events = NULL;
            size_t count = 0;
            CHECK(qm_gate_callback_events(kept, &events, &count) == QM_OK && count > 0, "qm_gate_callback_events");
            char *ej = events_json(events, count);
            jvalue *from_events = json_parse(ej, strlen(ej)), *from_json = parse_buffer(&out);
            CHECK(from_events && from_json && json_equal(from_events, from_json), "events differ: %s", ej);
            json_free(from_events);
            json_free(from_json);
            free(ej);
            qm_gate_callback_free(kept);
        }
        if (r == QM_OK && !err) {
            jvalue *v = parse_buffer(&out);
            CHECK(json_subset(json_get(c, "callback"), v), "callback differs: %s", (char *)out.data);
            CHECK(v && json_get(v, "raw") == NULL, "the result repeats the message: %s", (char *)out.data);
            json_free(v);
        } else {
            check_error(r, err_kind, json_get(c, "limit"), json_get(c, "path"), json_get(c, "error_fields"));
        }
    } else if (strcmp(op, "payout") == 0) {
        size_t rl = 0;
        char *req = json_write(json_get(c, "request"), &rl);
        r = qm_gate_payout_request(signer, u8(req), rl, &out);
        if (r == QM_OK && !err) {
            CHECK(strcmp(qm_gate_payout_path(), json_str(json_get(c, "path"))) == 0, "path");
            CHECK(buffer_is(&out, json_get(c, "body")), "body %s", (char *)out.data);
            qm_buffer st = empty_buffer();
            CHECK(qm_gate_stamp(out.data, out.len, NULL, 0, &st) == QM_OK && buffer_is(&st, json_get(c, "stamp")), "stamp");
            qm_buffer_free(&st);
        } else {
            check_error(r, err_kind, NULL, json_get(c, "path"), json_get(c, "error_fields"));
        }
        free(req);
    } else if (strcmp(op, "status_request") == 0) {
        const jvalue *pid = json_get(c, "payment_id");
        r = qm_gate_status_request(signer, (uint64_t)json_int(json_get(c, "project_id")), u8(pid->str), pid->len, &out);
        if (r == QM_OK && !err) {
            CHECK(strcmp(qm_gate_status_path(), json_str(json_get(c, "path"))) == 0, "path");
            CHECK(buffer_is(&out, json_get(c, "body")), "body %s", (char *)out.data);
        } else {
            check_error(r, err_kind, NULL, json_get(c, "path"), json_get(c, "error_fields"));
        }
    } else if (strcmp(op, "payout_response") == 0) {
        const jvalue *pid = json_get(c, "payment_id");
        const jvalue *resend = json_get(c, "resend");
        r = qm_gate_parse_payout_response(signer, (uint16_t)json_int(json_get(c, "http_status")), in, len, u8(pid->str),
                                          pid->len, resend && resend->boolean, &out);
        CHECK(r == QM_OK, "payout_response returned %s", qm_result_name(r));
        jvalue *v = r == QM_OK ? parse_buffer(&out) : NULL;
        CHECK(v && json_equal(json_get(v, "result"), json_get(c, "result")), "result: %s", out.data ? (char *)out.data : "");
        if (v && json_get(c, "request_id"))
            CHECK(json_subset(json_get(c, "request_id"), json_get(v, "request_id")), "request_id");
        if (v && err) CHECK(json_subset(err, json_get(v, "error")), "error member");
        /* The answer is the caller's body: only whether it was read comes back. */
        CHECK(v && json_get(v, "raw") == NULL && json_is(json_get(v, "body_read"), J_BOOL), "body_read: %s",
              out.data ? (char *)out.data : "");
        if (v && strcmp(json_str(json_get(v, "result")), "unknown") != 0)
            CHECK(json_get(v, "body_read")->boolean, "an accepted or rejected answer was read");
        json_free(v);
    } else if (strcmp(op, "status_response") == 0) {
        r = qm_gate_parse_status_response(signer, in, len, &out);
        if (r == QM_OK && !err) {
            jvalue *v = parse_buffer(&out);
            CHECK(json_equal(json_get(v, "result"), json_get(c, "result")), "result: %s", (char *)out.data);
            if (json_get(c, "callback")) CHECK(json_subset(json_get(c, "callback"), json_get(v, "callback")), "callback");
            CHECK(json_get(v, "raw") == NULL && (!json_get(v, "callback") || !json_get(json_get(v, "callback"), "raw")),
                  "the result repeats the answer: %s", (char *)out.data);
            json_free(v);
        } else {
            check_error(r, err_kind, json_get(c, "limit"), json_get(c, "path"), json_get(c, "error_fields"));
        }
    } else {
        fail("unknown op %s", op);
    }
    qm_buffer_free(&out);
    qm_gate_signer_free(signer);
    free(in);
}

/* ------------------------------------------------------------------ CQR */

static void check_expect_error(qm_result r, const jvalue *want) {
    check_error(r, json_str(json_get(want, "kind")), json_get(want, "limit"), json_get(want, "path"), json_get(want, "fields"));
}

static void cqr_vector(const jvalue *v) {
    const char *kind = json_str(json_get(v, "kind"));
    const jvalue *input = json_get(v, "input");
    const jvalue *expect = json_get(v, "expect");
    const jvalue *expect_error = json_get(v, "expect_error");
    qm_buffer out = empty_buffer();
    size_t len = 0;
    qm_result r;

    if (strcmp(kind, "parse") == 0) {
        unsigned char *in = input_of(v, &len);
        r = qm_cqr_parse_message(in, len, NULL, 0, &out);
        if (r == QM_OK && expect) {
            jvalue *got = parse_buffer(&out);
            CHECK(json_equal(got, expect), "parse result differs: %s", (char *)out.data);
            json_free(got);
        } else {
            CHECK(expect_error != NULL, "parse failed: %s", qm_result_name(r));
            if (expect_error) check_expect_error(r, expect_error);
        }
        free(in);
    } else if (strcmp(kind, "parse_initiate_request") == 0) {
        unsigned char *in = input_of(v, &len);
        r = qm_cqr_parse_initiate_request(in, len, NULL, 0, &out);
        jvalue *got = r == QM_OK ? parse_buffer(&out) : NULL;
        CHECK(got && json_subset(expect, got), "initiate request differs: %s", out.data ? (char *)out.data : "");
        json_free(got);
        free(in);
    } else if (strcmp(kind, "initiate") == 0) {
        size_t il = 0;
        char *in = json_write(input, &il);
        qm_buffer warnings = empty_buffer();
        r = qm_cqr_initiate_build(u8(in), il, &out, &warnings);
        if (r == QM_OK && !expect_error) {
            CHECK(buffer_is(&out, json_get(v, "expect_xml")), "xml differs: %s", (char *)out.data);
            jvalue *w = parse_buffer(&warnings);
            const jvalue *want = json_get(v, "expect_warnings");
            bool ok = json_is(w, J_ARRAY) && json_is(want, J_ARRAY) && w->count == want->count;
            for (size_t i = 0; ok && i < w->count; i++) ok = json_equal(json_get(w->items[i], "field"), want->items[i]);
            CHECK(ok, "warnings differ: %s", (char *)warnings.data);
            json_free(w);
            /* What we build reads back. */
            qm_buffer back = empty_buffer();
            CHECK(qm_cqr_parse_initiate_request(out.data, out.len, NULL, 0, &back) == QM_OK, "read back");
            qm_buffer_free(&back);
        } else {
            CHECK(expect_error != NULL, "initiate failed: %s", qm_result_name(r));
            if (expect_error) check_expect_error(r, expect_error);
            CHECK(warnings.data == NULL && out.data == NULL, "outputs written on failure");
        }
        qm_buffer_free(&warnings);
        free(in);
    } else if (strcmp(kind, "ack") == 0) {
        const jvalue *name = json_get(input, "name");
        const jvalue *msg = json_get(input, "message");
        r = qm_cqr_ack(json_int(json_get(input, "code")), name ? u8(name->str) : NULL, name ? name->len : 0,
                       msg ? u8(msg->str) : NULL, msg ? msg->len : 0, &out);
        CHECK(r == QM_OK && buffer_is(&out, json_get(v, "expect_xml")), "ack: %s %s", qm_result_name(r), out.data ? (char *)out.data : "");
        /* The platform's side reads it back: the same code and name. */
        if (r == QM_OK) {
            qm_buffer back = {NULL, 0};
            qm_result pr = qm_cqr_parse_ack(out.data, out.len, NULL, 0, &back);
            jvalue *a = pr == QM_OK ? json_parse((const char *)back.data, back.len) : NULL;
            const jvalue *rc = a ? json_get(a, "result_code") : NULL;
            CHECK(rc && json_int(json_get(rc, "code")) == json_int(json_get(input, "code")), "parse_ack: %s %s",
                  qm_result_name(pr), back.data ? (char *)back.data : "");
            if (rc && name) CHECK(json_equal(json_get(rc, "name"), name), "parse_ack name: %s", (char *)back.data);
            json_free(a);
            qm_buffer_free(&back);
        }
    } else if (strcmp(kind, "get_payments_request") == 0) {
        size_t il = 0;
        char *in = json_write(input, &il);
        r = qm_cqr_get_payments_request(u8(in), il, &out);
        if (r == QM_OK && !expect_error) CHECK(buffer_is(&out, json_get(v, "expect_xml")), "xml: %s", (char *)out.data);
        else {
            CHECK(expect_error != NULL, "get_payments failed: %s", qm_result_name(r));
            if (expect_error) check_expect_error(r, expect_error);
        }
        free(in);
    } else if (strcmp(kind, "basic_auth") == 0) {
        const jvalue *user = json_get(input, "user"), *pw = json_get(input, "password"), *h = json_get(input, "header");
        bool has = json_is(h, J_STRING);
        r = qm_cqr_basic_auth_check(u8(user->str), user->len, u8(pw->str), pw->len, has ? u8(h->str) : NULL, has ? h->len : 0);
        if (expect_error) {
            /* an empty configured user or password: QM_VALIDATION whatever the header */
            check_expect_error(r, expect_error);
        } else {
            bool want = expect && expect->boolean;
            CHECK(r == (want ? QM_OK : QM_UNAUTHORIZED), "basic auth: %s", qm_result_name(r));
        }
    } else if (strcmp(kind, "ip_allow") == 0) {
        size_t il = 0;
        char *in = json_write(input, &il);
        bool allowed = false;
        r = qm_cqr_ip_decide(u8(in), il, &out, &allowed);
        jvalue *got = r == QM_OK ? parse_buffer(&out) : NULL;
        CHECK(got && json_equal(got, expect), "ip decision: %s %s", qm_result_name(r), out.data ? (char *)out.data : "");
        CHECK(allowed == (json_get(expect, "allowed") && json_get(expect, "allowed")->boolean), "out_allowed");
        json_free(got);
        free(in);
    } else if (strcmp(kind, "envoy_code") == 0) {
        if (json_get(input, "count")) {
            CHECK((long long)qm_cqr_envoy_code_count() == json_int(json_get(expect, "count")), "envoy count");
        } else {
            const char *m = qm_cqr_envoy_message(json_int(json_get(input, "code")));
            const char *want = json_str(json_get(expect, "message"));
            CHECK(want ? (m && strcmp(m, want) == 0) : m == NULL, "envoy message %s", m ? m : "(null)");
        }
    } else if (strcmp(kind, "states") == 0) {
        const jvalue *cases = json_get(v, "cases");
        for (size_t i = 0; i < cases->count; i++) {
            const jvalue *c = cases->items[i];
            long long key = json_int(json_get(c, "key"));
            const char *name = qm_cqr_state_name(key), *want = json_str(json_get(c, "name"));
            CHECK(want ? (name && strcmp(name, want) == 0) : name == NULL, "state %lld name", key);
            CHECK(strcmp(qm_cqr_state_outcome(key), json_str(json_get(c, "outcome"))) == 0, "state %lld outcome", key);
        }
    } else if (strcmp(kind, "operation_url") == 0) {
        const jvalue *cases = json_get(v, "cases");
        for (size_t i = 0; i < cases->count; i++) {
            const jvalue *c = cases->items[i], *base = json_get(c, "base"), *op = json_get(c, "operation");
            bool has = json_is(base, J_STRING);
            qm_buffer u = empty_buffer();
            r = qm_cqr_operation_url(has ? u8(base->str) : NULL, has ? base->len : 0, u8(op->str), op->len, &u);
            CHECK(r == QM_OK && buffer_is(&u, json_get(c, "expect")), "url %s", u.data ? (char *)u.data : qm_result_name(r));
            qm_buffer_free(&u);
        }
    } else if (strcmp(kind, "amount_check") == 0) {
        unsigned char *in = input_of(v, &len);
        const jvalue *cases = json_get(v, "cases");
        for (size_t i = 0; i < cases->count; i++) {
            const jvalue *c = cases->items[i], *cur = json_get(c, "currency");
            qm_buffer o = empty_buffer();
            r = qm_cqr_check_notification(in, len, json_int(json_get(c, "expected_minor")), u8(cur->str), cur->len, &o);
            jvalue *got = r == QM_OK ? parse_buffer(&o) : NULL;
            CHECK(got && json_equal(json_get(json_get(got, "amount_check"), "result"), json_get(c, "expect")), "amount check %s",
                  o.data ? (char *)o.data : qm_result_name(r));
            json_free(got);
            qm_buffer_free(&o);
        }
        free(in);
    } else {
        fail("unknown vector kind %s", kind);
    }
    qm_buffer_free(&out);
}

/* ------------------------------------------------------------------ driver */

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Sorted list of *.json files in dir (caller frees). */
static char **json_files(const char *dir, size_t *n) {
    DIR *d = opendir(dir);
    char **names = NULL;
    *n = 0;
    if (!d) return NULL;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0) {
            names = realloc(names, (*n + 1) * sizeof *names);
            size_t pl = strlen(dir) + l + 2;
            names[*n] = malloc(pl);
            snprintf(names[*n], pl, "%s/%s", dir, e->d_name);
            (*n)++;
        }
    }
    closedir(d);
    qsort(names, *n, sizeof *names, cmp);
    return names;
}

static jvalue *load(const char *path) {
    size_t len = 0;
    char *text = read_file(path, &len);
    jvalue *v = text ? json_parse(text, len) : NULL;
    free(text);
    return v;
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    char dir[4096];
    size_t n, gate_cases = 0, cqr_files = 0;

    snprintf(dir, sizeof dir, "%s/tests/vectors/gate", root);
    char **files = json_files(dir, &n);
    for (size_t i = 0; i < n; i++) {
        jvalue *doc = load(files[i]);
        current = files[i];
        CHECK(doc != NULL, "unreadable JSON");
        const jvalue *cases = json_get(doc, "cases");
        for (size_t k = 0; cases && k < cases->count; k++) {
            char name[512];
            snprintf(name, sizeof name, "%s#%s", files[i], json_str(json_get(cases->items[k], "name")));
            current = name;
            gate_case(cases->items[k]);
            gate_cases++;
        }
        json_free(doc);
        free(files[i]);
    }
    free(files);

    snprintf(dir, sizeof dir, "%s/tests/vectors/cqr", root);
    files = json_files(dir, &n);
    for (size_t i = 0; i < n; i++) {
        jvalue *doc = load(files[i]);
        current = files[i];
        CHECK(doc != NULL, "unreadable JSON");
        if (doc) cqr_vector(doc);
        cqr_files++;
        json_free(doc);
        free(files[i]);
    }
    free(files);

    current = "totals";
    CHECK(gate_cases > 150, "only %zu gate cases", gate_cases);
    CHECK(cqr_files > 50, "only %zu cqr vector files", cqr_files);
    printf("test_vectors: %zu gate cases, %zu cqr vector files\n", gate_cases, cqr_files);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
