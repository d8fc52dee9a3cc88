/*
 * Runs the shared settlement vectors (tests/vectors/settlement/gate.json and cqr.json) through
 * the C ABI, as tests/settlement_vectors.rs does through Rust: records, orders and settings go
 * in as JSON documents, messages as their raw bytes; every member of a step's `expect` must
 * equal the decision's member of the same name (a missing member counts as null); the
 * decision's record is the next step's input.
 * Usage: test_settlement <repo root>. Prints "N passed, M failed"; exit 1 on any failure.
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

static const jvalue null_value = {.type = J_NULL};

/* The member `key` of `obj`, or null when absent. */
static const jvalue *member_or_null(const jvalue *obj, const char *key) {
    const jvalue *v = json_get(obj, key);
    return v ? v : &null_value;
}

/* A JSON document for an input, or NULL (with *len 0) when `v` is null or absent. */
static char *document(const jvalue *v, size_t *len) {
    *len = 0;
    if (!v || json_is(v, J_NULL)) return NULL;
    return json_write(v, len);
}

static char *last_message(void) {
    size_t n = 0;
    qm_last_error_message(NULL, 0, &n);
    char *m = malloc(n + 1);
    qm_last_error_message(m, n + 1, &n);
    return m;
}

/*
 * Checks one step's decision (`r`, `out`) against `expect`; on success returns the decision's
 * record as a new document (NULL when the record is null) in *next / *next_len.
 */
static void check_decision(qm_result r, qm_buffer *out, const jvalue *expect, bool cqr, char **next, size_t *next_len) {
    *next = NULL;
    *next_len = 0;
    if (r != QM_OK) {
        char *m = last_message();
        fail("%s: %s", qm_result_name(r), m);
        free(m);
        return;
    }
    passed++;
    jvalue *d = json_parse((const char *)out->data, out->len);
    CHECK(d && json_is(d, J_OBJECT), "decision is not a JSON object: %s", (const char *)out->data);
    if (!d) return;
    CHECK(json_is(expect, J_OBJECT) && expect->count > 0, "empty expectation");
    for (size_t i = 0; json_is(expect, J_OBJECT) && i < expect->count; i++) {
        const char *k = expect->keys[i];
        CHECK(json_equal(expect->items[i], member_or_null(d, k)), "`%s` differs; decision: %s", k, (const char *)out->data);
    }
    /* The members every decision has. */
    CHECK(json_is(json_get(d, "action"), J_STRING) && json_is(json_get(d, "reason_code"), J_STRING), "action / reason_code");
    const char *reason = json_str(json_get(d, "reason"));
    CHECK(reason && *reason, "reason is empty");
    CHECK(json_is(json_get(d, "effects"), J_ARRAY) && json_is(json_get(d, "http_status"), J_NUMBER), "effects / http_status");
    if (cqr) {
        /* The answer body is the ack of the result code. */
        const char *body = json_str(json_get(d, "body"));
        char key[64];
        snprintf(key, sizeof key, "<key>%lld</key>", json_int(json_get(d, "result_code")));
        CHECK(body && strstr(body, key), "body lacks %s: %s", key, body ? body : "(none)");
        CHECK(json_is(json_get(d, "result_name"), J_STRING), "result_name");
    }
    *next = document(json_get(d, "record"), next_len);
    json_free(d);
}

static jvalue *load(const char *root, const char *name) {
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/vectors/settlement/%s", root, name);
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

static int gate_vectors(const char *root) {
    jvalue *file = load(root, "gate.json");
    if (!file) return failed++, 0;
    const jvalue *secret = json_get(file, "secret"), *cases = json_get(file, "cases");
    const jvalue *pid = json_get(file, "project_id");
    int64_t project = (int64_t)json_int(pid);
    const int64_t *project_ptr = json_is(pid, J_NUMBER) ? &project : NULL;
    qm_gate_signer *signer = NULL;
    if (!json_is(secret, J_STRING) || !json_is(cases, J_ARRAY) ||
        qm_gate_signer_new(u8(secret->str), secret->len, NULL, 0, &signer) != QM_OK) {
        json_free(file);
        fprintf(stderr, "gate.json: no secret or cases\n");
        return failed++, 0;
    }
    int steps = 0;
    for (size_t i = 0; i < cases->count; i++) {
        const jvalue *c = cases->items[i], *list = json_get(c, "steps");
        const char *name = json_str(json_get(c, "name"));
        size_t rec_len = 0;
        char *rec = document(json_get(c, "record"), &rec_len);
        for (size_t s = 0; json_is(list, J_ARRAY) && s < list->count; s++) {
            const jvalue *step = list->items[s];
            const jvalue *cb = json_get(step, "callback"), *status = json_get(step, "status_answer");
            snprintf(current, sizeof current, "gate %s step %zu", name ? name : "?", s);
            qm_buffer out = {NULL, 0};
            qm_result r;
            if (json_is(cb, J_STRING)) {
                r = qm_gate_settle(signer, u8(rec), rec_len, u8(cb->str), cb->len, project_ptr, &out);
            } else if (json_is(status, J_STRING)) {
                r = qm_gate_settle_status(signer, u8(rec), rec_len, u8(status->str), status->len, project_ptr, &out);
            } else {
                const jvalue *sf = json_get(step, "storage_failed");
                CHECK(json_is(sf, J_BOOL) && sf->boolean, "unknown step kind");
                r = qm_gate_settle_storage_failed(u8(rec), rec_len, &out);
            }
            char *next = NULL;
            size_t next_len = 0;
            check_decision(r, &out, json_get(step, "expect"), false, &next, &next_len);
            qm_buffer_free(&out);
            free(rec);
            rec = next;
            rec_len = next_len;
            steps++;
        }
        free(rec);
    }
    snprintf(current, sizeof current, "gate.json");
    CHECK(cases->count >= 40 && steps >= 50, "only %zu cases, %d steps", cases->count, steps);
    printf("test_settlement: gate.json: %zu cases, %d steps\n", cases->count, steps);
    qm_gate_signer_free(signer);
    json_free(file);
    return steps;
}

static int cqr_vectors(const char *root) {
    jvalue *file = load(root, "cqr.json");
    if (!file) return failed++, 0;
    const jvalue *cases = json_get(file, "cases");
    if (!json_is(cases, J_ARRAY)) {
        json_free(file);
        fprintf(stderr, "cqr.json: no cases\n");
        return failed++, 0;
    }
    int steps = 0;
    for (size_t i = 0; i < cases->count; i++) {
        const jvalue *c = cases->items[i], *list = json_get(c, "steps");
        const char *name = json_str(json_get(c, "name"));
        size_t settings_len = 0, order_len = 0;
        char *settings = document(json_get(c, "settings"), &settings_len);
        char *order = document(json_get(c, "order"), &order_len);
        for (size_t s = 0; json_is(list, J_ARRAY) && s < list->count; s++) {
            const jvalue *step = list->items[s];
            const jvalue *n = json_get(step, "notification"), *gp = json_get(step, "get_payments");
            const jvalue *poll = json_get(step, "poll");
            snprintf(current, sizeof current, "cqr %s step %zu", name ? name : "?", s);
            qm_buffer out = {NULL, 0};
            qm_result r;
            if (json_is(n, J_STRING)) {
                bool confirm = json_is(gp, J_STRING);
                r = qm_cqr_settle(u8(settings), settings_len, u8(order), order_len, u8(n->str), n->len,
                                  confirm ? u8(gp->str) : NULL, confirm ? gp->len : 0, &out);
            } else if (json_is(poll, J_STRING)) {
                r = qm_cqr_settle_get_payments(u8(settings), settings_len, u8(order), order_len, u8(poll->str), poll->len, &out);
            } else {
                const jvalue *sf = json_get(step, "storage_failed");
                CHECK(json_is(sf, J_BOOL) && sf->boolean, "unknown step kind");
                r = qm_cqr_settle_storage_failed(u8(settings), settings_len, u8(order), order_len, &out);
            }
            char *next = NULL;
            size_t next_len = 0;
            check_decision(r, &out, json_get(step, "expect"), true, &next, &next_len);
            qm_buffer_free(&out);
            free(order);
            order = next;
            order_len = next_len;
            steps++;
        }
        free(settings);
        free(order);
    }
    snprintf(current, sizeof current, "cqr.json");
    CHECK(cases->count >= 35 && steps >= 40, "only %zu cases, %d steps", cases->count, steps);
    printf("test_settlement: cqr.json: %zu cases, %d steps\n", cases->count, steps);
    json_free(file);
    return steps;
}

/* bind_attempt: the documented transitions of an order's attempt. */
static void bind_attempt(void) {
    snprintf(current, sizeof current, "qm_cqr_bind_attempt");
    static const char failed_order[] = "{\"status\":\"failed\",\"amount\":2100,\"currency\":\"KZT\",\"payment_id\":\"pay-1\"}";
    static const char paid_order[] = "{\"status\":\"completed\",\"amount\":2100,\"currency\":\"KZT\",\"credited\":2100}";
    qm_buffer out = {NULL, 0};
    qm_result r = qm_cqr_bind_attempt(u8(failed_order), strlen(failed_order), u8("pay-2"), 5, &out);
    CHECK(r == QM_OK, "failed order: %s", qm_result_name(r));
    jvalue *o = r == QM_OK ? json_parse((const char *)out.data, out.len) : NULL;
    const char *status = json_str(json_get(o, "status")), *id = json_str(json_get(o, "payment_id"));
    CHECK(status && strcmp(status, "pending") == 0 && id && strcmp(id, "pay-2") == 0, "rebound order: %s",
          out.data ? (const char *)out.data : "(none)");
    json_free(o);
    qm_buffer_free(&out);
    r = qm_cqr_bind_attempt(u8(paid_order), strlen(paid_order), u8("pay-2"), 5, &out);
    CHECK(r == QM_VALIDATION && out.data == NULL, "a paid order cannot start an attempt: %s", qm_result_name(r));
    char path[64];
    size_t n = 0;
    CHECK(qm_last_error_path(path, sizeof path, &n) == QM_OK && strcmp(path, "status") == 0, "path %s", path);
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    int steps = gate_vectors(root) + cqr_vectors(root);
    bind_attempt();
    printf("test_settlement: %d steps\n%d passed, %d failed\n", steps, passed, failed);
    return failed ? 1 : 0;
}
