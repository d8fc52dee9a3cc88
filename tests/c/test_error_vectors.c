/*
 * Runs the shared error vectors (tests/vectors/errors/) through the C ABI, as
 * tests/error_vectors.rs does through Rust:
 *   - kinds.json: the header's qm_result constants have the table's names and codes, and
 *     qm_result_name over the codes 1..99 names exactly the table's kinds (a kind the core
 *     gains, loses or renumbers fails here);
 *   - arguments.json: every bad-argument case returns the table's code, and the last error
 *     (qm_last_error_json, qm_last_error_path) has the expected kind, code and path.
 * Usage: test_error_vectors <repo root>. Prints "N passed, M failed"; exit 1 on any failure.
 */
#define _POSIX_C_SOURCE 200809L
#include "qiwi_merchant.h"
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;
static char current[256];

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

static jvalue *load(const char *root, const char *name) {
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/vectors/errors/%s", root, name);
    size_t len = 0;
    char *text = read_file(path, &len);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", path);
        return NULL;
    }
    jvalue *v = json_parse(text, len);
    free(text);
    if (!v) fprintf(stderr, "cannot parse %s\n", path);
    return v;
}

/* The header's result constants by name: the C side of the kind table. A kind added to the
 * table (and the core) without its constant here fails the kind check below. */
#define RESULT(name) {#name, name}
static const struct { const char *name; qm_result value; } RESULTS[] = {
    RESULT(QM_MALFORMED_INPUT), RESULT(QM_VALIDATION), RESULT(QM_SIGNATURE_MISMATCH),
    RESULT(QM_LIMIT_EXCEEDED), RESULT(QM_UNSUPPORTED), RESULT(QM_MISSING_SIGNATURE),
    RESULT(QM_PROTOCOL), RESULT(QM_UNAUTHORIZED),
};
#define N_RESULTS (sizeof RESULTS / sizeof RESULTS[0])

static const jvalue *row_of_code(const jvalue *kinds, long long code) {
    for (size_t i = 0; i < kinds->count; i++) {
        if (json_int(json_get(kinds->items[i], "code")) == code) return kinds->items[i];
    }
    return NULL;
}

static void kind_table(const jvalue *kinds) {
    snprintf(current, sizeof current, "kinds.json");
    CHECK(kinds->count == N_RESULTS, "the table has %zu kinds, the header %zu", kinds->count, N_RESULTS);
    for (size_t i = 0; i < kinds->count; i++) {
        const jvalue *row = kinds->items[i];
        const char *c = json_str(json_get(row, "c")), *kind = json_str(json_get(row, "kind"));
        long long code = json_int(json_get(row, "code"));
        snprintf(current, sizeof current, "kinds.json %s", c ? c : "?");
        size_t j = 0;
        while (j < N_RESULTS && !(c && strcmp(RESULTS[j].name, c) == 0)) j++;
        CHECK(j < N_RESULTS, "no such constant in qiwi_merchant.h");
        if (j < N_RESULTS) CHECK((long long)RESULTS[j].value == code, "%s = %u, the table says %lld", c, (unsigned)RESULTS[j].value, code);
        CHECK(kind && strcmp(qm_result_name((uint32_t)code), kind) == 0, "qm_result_name(%lld) = %s", code, qm_result_name((uint32_t)code));
    }
    /* Every code below 100 that the library names is a kind of the table (and no other). */
    for (uint32_t code = 1; code < 100; code++) {
        snprintf(current, sizeof current, "code %u", code);
        const jvalue *row = row_of_code(kinds, code);
        const char *name = qm_result_name(code);
        if (row) {
            CHECK(strcmp(name, json_str(json_get(row, "kind"))) == 0, "named %s", name);
        } else {
            CHECK(strcmp(name, "unknown") == 0, "named %s but not in kinds.json", name);
        }
    }
}

/* JSON text of an input member, or NULL (length 0) when absent or null. */
static char *document(const jvalue *v, size_t *len) {
    *len = 0;
    if (!v || json_is(v, J_NULL)) return NULL;
    return json_write(v, len);
}

static const char *text_or_null(const jvalue *input, const char *key, size_t *len) {
    const jvalue *v = json_get(input, key);
    *len = json_is(v, J_STRING) ? v->len : 0;
    return json_is(v, J_STRING) ? v->str : NULL;
}

/* Runs one case's call. Outputs (a signer, a buffer) are released here; only the result and
 * the thread's last error are kept. */
static qm_result run(const char *call, const jvalue *input) {
    qm_buffer out = {NULL, 0};
    qm_result r = QM_PANIC;
    size_t lim_len = 0, len = 0, len2 = 0;
    char *limits = document(json_get(input, "limits"), &lim_len);
    if (strcmp(call, "gate_signer") == 0 || strcmp(call, "gate_sign") == 0) {
        const char *secret = text_or_null(input, "secret", &len);
        qm_gate_signer *signer = NULL;
        r = limits ? qm_gate_signer_new(u8(secret), len, u8(limits), lim_len, &signer)
                   : qm_gate_signer_new(u8(secret), len, NULL, 0, &signer);
        if (r == QM_OK && strcmp(call, "gate_sign") == 0) {
            char *params = document(json_get(input, "params"), &len2);
            r = qm_gate_sign(signer, u8(params), len2, &out);
            free(params);
        }
        qm_gate_signer_free(signer);
    } else if (strcmp(call, "gate_stamp") == 0) {
        char *params = document(json_get(input, "params"), &len);
        r = qm_gate_stamp(u8(params), len, u8(limits), lim_len, &out);
        free(params);
    } else if (strcmp(call, "cqr_parse") == 0) {
        const char *xml = text_or_null(input, "xml", &len);
        r = qm_cqr_parse_message(u8(xml), len, u8(limits), lim_len, &out);
    } else if (strcmp(call, "cqr_ack") == 0) {
        const char *name = text_or_null(input, "name", &len);
        r = qm_cqr_ack((int64_t)json_int(json_get(input, "code")), u8(name), len, NULL, 0, &out);
    } else if (strcmp(call, "cqr_ip_decide") == 0) {
        /* The input is the function's document as it stands. */
        char *doc = document(input, &len);
        r = qm_cqr_ip_decide(u8(doc), len, &out, NULL);
        free(doc);
    } else if (strcmp(call, "cqr_basic_authorization") == 0) {
        const char *user = text_or_null(input, "user", &len);
        const char *password = text_or_null(input, "password", &len2);
        r = qm_cqr_basic_authorization(u8(user), len, u8(password), len2, &out);
    } else if (strcmp(call, "cqr_url") == 0) {
        const char *base = text_or_null(input, "base", &len);
        const char *op = text_or_null(input, "operation", &len2);
        r = qm_cqr_operation_url(u8(base), len, u8(op), len2, &out);
    } else if (strcmp(call, "cqr_initiate") == 0) {
        char *doc = document(json_get(input, "document"), &len);
        qm_buffer warnings = {NULL, 0};
        r = qm_cqr_initiate_build(u8(doc), len, &out, &warnings);
        qm_buffer_free(&warnings);
        free(doc);
    } else if (strcmp(call, "gate_payout") == 0) {
        const char *secret = text_or_null(input, "secret", &len);
        qm_gate_signer *signer = NULL;
        r = qm_gate_signer_new(u8(secret), len, NULL, 0, &signer);
        if (r == QM_OK) {
            char *doc = document(json_get(input, "document"), &len2);
            r = qm_gate_payout_request(signer, u8(doc), len2, &out);
            free(doc);
        }
        qm_gate_signer_free(signer);
    } else if (strcmp(call, "gate_storage_failed") == 0) {
        char *doc = document(json_get(input, "record"), &len);
        r = qm_gate_settle_storage_failed(u8(doc), len, &out);
        free(doc);
    } else {
        fail("unknown call %s: add it to every runner and the README", call);
    }
    qm_buffer_free(&out);
    free(limits);
    return r;
}

static void argument_cases(const jvalue *cases) {
    for (size_t i = 0; i < cases->count; i++) {
        const jvalue *c = cases->items[i], *want = json_get(c, "expect_error");
        const char *name = json_str(json_get(c, "name")), *call = json_str(json_get(c, "call"));
        snprintf(current, sizeof current, "arguments.json %s", name ? name : "?");
        if (!call || !json_is(want, J_OBJECT)) {
            fail("no call or expect_error");
            continue;
        }
        qm_result r = run(call, json_get(c, "input"));
        long long code = json_int(json_get(want, "code"));
        const char *kind = json_str(json_get(want, "kind"));
        CHECK((long long)r == code, "returned %s (%u), want code %lld", qm_result_name(r), (unsigned)r, code);
        if (r == QM_OK) continue;
        CHECK(kind && strcmp(qm_result_name(r), kind) == 0, "kind %s, want %s", qm_result_name(r), kind ? kind : "?");
        CHECK(qm_last_error_result() == r, "qm_last_error_result disagrees");
        qm_buffer ej = {NULL, 0};
        jvalue *e = NULL;
        if (qm_last_error_json(&ej) == QM_OK) e = json_parse((const char *)ej.data, ej.len);
        CHECK(e && json_is(e, J_OBJECT), "no last error JSON");
        if (e) {
            CHECK(json_str(json_get(e, "kind")) && kind && strcmp(json_str(json_get(e, "kind")), kind) == 0, "last error kind: %s", (const char *)ej.data);
            CHECK(json_int(json_get(e, "code")) == code, "last error code: %s", (const char *)ej.data);
            const jvalue *path = json_get(want, "path");
            if (path) {
                const jvalue *got = json_get(e, "path");
                CHECK(got && json_equal(path, got), "path: want %s, last error %s", json_str(path) ? json_str(path) : "null", (const char *)ej.data);
                /* qm_last_error_path says the same (empty for no path). */
                char buf[512];
                size_t n = 0;
                qm_last_error_path(buf, sizeof buf, &n);
                const char *want_path = json_str(path) ? json_str(path) : "";
                CHECK(strcmp(buf, want_path) == 0, "qm_last_error_path = %s", buf);
            }
        }
        json_free(e);
        qm_buffer_free(&ej);
    }
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    jvalue *kinds_file = load(root, "kinds.json"), *args_file = load(root, "arguments.json");
    const jvalue *kinds = kinds_file ? json_get(kinds_file, "kinds") : NULL;
    const jvalue *cases = args_file ? json_get(args_file, "cases") : NULL;
    size_t n_cases = 0;
    if (!json_is(kinds, J_ARRAY) || !json_is(cases, J_ARRAY)) {
        fprintf(stderr, "test_error_vectors: cannot read tests/vectors/errors/\n");
        failed++;
    } else {
        kind_table(kinds);
        argument_cases(cases);
        n_cases = cases->count;
        snprintf(current, sizeof current, "arguments.json");
        CHECK(n_cases >= 40, "only %zu cases", n_cases);
    }
    json_free(kinds_file);
    json_free(args_file);
    printf("test_error_vectors: %zu argument cases\n%d passed, %d failed\n", n_cases, passed, failed);
    return failed ? 1 : 0;
}
