/*
 * Error paths of the C ABI: NULL pointers, empty inputs, bad JSON/XML/UTF-8, limits, the
 * last-error API (truncation, length query), buffer ownership, and the panic boundary.
 * Prints "N passed, M failed"; exit 1 on any failure.
 */
#include "qiwi_merchant.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Test-only export (feature capi-test-panic), deliberately not in the header. */
qm_result qm_test_panic(void);

static int passed, failed;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (cond) {                                                        \
            passed++;                                                      \
        } else {                                                           \
            failed++;                                                      \
            fprintf(stderr, "FAIL line %d: ", __LINE__);                   \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
        }                                                                  \
    } while (0)

#define EXPECT(call, want)                                                                  \
    do {                                                                                    \
        qm_result r_ = (call);                                                              \
        CHECK(r_ == (want), "%s: got %s, want %s", #call, qm_result_name(r_), qm_result_name(want)); \
    } while (0)

static const uint8_t *u8(const char *s) { return (const uint8_t *)s; }
#define S(lit) u8(lit), sizeof(lit) - 1

static qm_buffer empty(void) { qm_buffer b = {NULL, 0}; return b; }

/* The last error's path (NUL-terminated copy, caller frees). */
static char *last_path(void) {
    size_t n = 0;
    qm_last_error_path(NULL, 0, &n);
    char *m = malloc(n + 1);
    qm_last_error_path(m, n + 1, &n);
    return m;
}

static char *last_message(void) {
    size_t n = 0;
    qm_last_error_message(NULL, 0, &n);
    char *m = malloc(n + 1);
    qm_last_error_message(m, n + 1, &n);
    return m;
}

static void test_basics(void) {
    CHECK(strcmp(qm_version(), QIWI_MERCHANT_VERSION) == 0, "version %s", qm_version());
    CHECK(strcmp(qm_result_name(QM_OK), "ok") == 0, "name ok");
    CHECK(strcmp(qm_result_name(QM_NULL_PARAMETER), "null_parameter") == 0, "name null");
    CHECK(strcmp(qm_result_name(QM_PANIC), "panic") == 0, "name panic");
    CHECK(strcmp(qm_result_name(12345), "unknown") == 0, "name unknown");
    CHECK(QM_MALFORMED_INPUT == 1 && QM_UNAUTHORIZED == 8 && QM_NULL_PARAMETER == 100 && QM_PANIC == 101, "values");
    CHECK(sizeof(qm_result) == 4, "qm_result is 32 bits");
    /* qm_buffer_free accepts NULL, empty and already freed buffers. */
    qm_buffer_free(NULL);
    qm_buffer b = empty();
    qm_buffer_free(&b);
    EXPECT(qm_gate_stamp(S("{\"a\":1}"), NULL, 0, &b), QM_OK);
    CHECK(b.data && b.len == 3 && b.data[3] == 0 && strcmp((char *)b.data, "a:1") == 0, "stamp buffer");
    qm_buffer_free(&b);
    CHECK(b.data == NULL && b.len == 0, "reset after free");
    qm_buffer_free(&b);
    qm_gate_signer_free(NULL);
}

static void test_null_and_empty(void) {
    qm_gate_signer *s = NULL;
    qm_buffer out = empty();
    /* Signer creation. */
    EXPECT(qm_gate_signer_new(NULL, 0, NULL, 0, &s), QM_VALIDATION); /* empty secret */
    CHECK(s == NULL, "no signer on failure");
    EXPECT(qm_gate_signer_new(NULL, 5, NULL, 0, &s), QM_NULL_PARAMETER);
    EXPECT(qm_gate_signer_new(S("k"), NULL, 0, NULL), QM_NULL_PARAMETER);
    EXPECT(qm_gate_signer_new(S("k"), S("{\"max_depth\":\"x\"}"), &s), QM_VALIDATION);
    EXPECT(qm_gate_signer_new(S("k"), S("{\"nope\":1}"), &s), QM_VALIDATION);
    EXPECT(qm_gate_signer_new(S("k"), S("{"), &s), QM_MALFORMED_INPUT);
    EXPECT(qm_gate_signer_new(S("k"), NULL, 2, &s), QM_NULL_PARAMETER); /* limits NULL with a length */
    CHECK(s == NULL, "no signer on failure");
    EXPECT(qm_gate_signer_new(S("k"), NULL, 0, &s), QM_OK);
    CHECK(s != NULL, "signer");

    /* Missing signer / outputs. */
    EXPECT(qm_gate_sign(NULL, S("{}"), &out), QM_NULL_PARAMETER);
    EXPECT(qm_gate_sign(s, S("{}"), NULL), QM_NULL_PARAMETER);
    EXPECT(qm_gate_verify(NULL, S("{}")), QM_NULL_PARAMETER);
    EXPECT(qm_gate_parse_callback(s, S("{}"), NULL), QM_NULL_PARAMETER);
    EXPECT(qm_gate_callback_parse(s, S("{}"), NULL), QM_NULL_PARAMETER);
    EXPECT(qm_gate_callback_parse(NULL, S("{}"), NULL), QM_NULL_PARAMETER);
    EXPECT(qm_gate_callback_json(NULL, &out), QM_NULL_PARAMETER);
    {
        const qm_event *events = NULL;
        size_t count = 0;
        EXPECT(qm_gate_callback_events(NULL, &events, &count), QM_NULL_PARAMETER);
        CHECK(events == NULL && count == 0, "events untouched by a failure");
    }
    qm_gate_callback_free(NULL);
    EXPECT(qm_gate_account_check(NULL, 1, S("{}"), &out, NULL, NULL), QM_NULL_PARAMETER);
    EXPECT(qm_gate_account_check(s, 1, S("{}"), NULL, NULL, NULL), QM_NULL_PARAMETER);
    EXPECT(qm_gate_payout_request(s, S("{}"), NULL), QM_NULL_PARAMETER);
    EXPECT(qm_gate_status_request(NULL, 1, S("p"), &out), QM_NULL_PARAMETER);
    EXPECT(qm_gate_parse_payout_response(s, 200, S("{}"), NULL, 3, false, &out), QM_NULL_PARAMETER);
    EXPECT(qm_gate_parse_status_response(s, S("{}"), NULL), QM_NULL_PARAMETER);
    EXPECT(qm_cqr_parse_message(S("<a/>"), NULL, 0, NULL), QM_NULL_PARAMETER);
    EXPECT(qm_cqr_initiate_build(S("{}"), NULL, NULL), QM_NULL_PARAMETER);
    EXPECT(qm_currency_exponent(S("USD"), NULL), QM_NULL_PARAMETER);
    EXPECT(qm_money_decimal_to_minor(S("1"), S("USD"), NULL), QM_NULL_PARAMETER);
    EXPECT(qm_last_error_json(NULL), QM_NULL_PARAMETER);
    CHECK(out.data == NULL, "output untouched by failures");

    /* Input NULL with a length > 0. */
    EXPECT(qm_gate_stamp(NULL, 1, NULL, 0, &out), QM_NULL_PARAMETER);
    EXPECT(qm_gate_verify(s, NULL, 10), QM_NULL_PARAMETER);
    EXPECT(qm_cqr_parse_message(NULL, 4, NULL, 0, &out), QM_NULL_PARAMETER);
    EXPECT(qm_cqr_basic_auth_check(S("u"), S("p"), NULL, 3), QM_NULL_PARAMETER);
    char path[64];
    size_t n = 0;
    EXPECT(qm_last_error_path(path, sizeof path, &n), QM_OK);
    CHECK(strcmp(path, "header") == 0, "path names the parameter: %s", path);

    /* Empty inputs (NULL, 0) are empty documents. */
    EXPECT(qm_gate_stamp(NULL, 0, NULL, 0, &out), QM_MALFORMED_INPUT);
    EXPECT(qm_gate_verify(s, NULL, 0), QM_MALFORMED_INPUT);
    EXPECT(qm_gate_parse_callback(s, NULL, 0, &out), QM_MALFORMED_INPUT);
    EXPECT(qm_cqr_parse_message(NULL, 0, NULL, 0, &out), QM_MALFORMED_INPUT);
    EXPECT(qm_cqr_initiate_build(NULL, 0, &out, NULL), QM_MALFORMED_INPUT);
    EXPECT(qm_gate_status_request(s, 1, NULL, 0, &out), QM_VALIDATION);
    EXPECT(qm_gate_response_check_deposit_ok(NULL, 0, &out, NULL), QM_VALIDATION);
    EXPECT(qm_gate_response_verify_ok(S("KZT"), u8(""), 0, &out, NULL), QM_VALIDATION); /* given but empty */
    CHECK(out.data == NULL, "output untouched by failures");
    EXPECT(qm_gate_response_verify_ok(S("KZT"), NULL, 0, &out, NULL), QM_OK); /* absent */
    CHECK(strcmp((char *)out.data, "{\"code\":0,\"currency\":\"KZT\"}") == 0, "verify_ok %s", out.data);
    qm_buffer_free(&out);
    EXPECT(qm_gate_response_not_found(NULL, 0, &out, NULL), QM_OK);
    CHECK(strstr((char *)out.data, "\"code\":404") != NULL, "not_found");
    qm_buffer_free(&out);
    EXPECT(qm_gate_response_invalid_signature(NULL, 0, &out, NULL), QM_OK);
    CHECK(strstr((char *)out.data, "\"code\":400") != NULL, "invalid_signature");
    qm_buffer_free(&out);

    /* Account check: a refusal is QM_OK with the ready answer. */
    uint16_t code = 0;
    qm_buffer resp = empty();
    EXPECT(qm_gate_account_check(s, 1, S("not json"), &out, &resp, &code), QM_OK);
    CHECK(code == 500 && resp.len > 0, "malformed body → 500 answer (%u)", code);
    qm_buffer_free(&out);
    qm_buffer_free(&resp);
    EXPECT(qm_gate_account_check(s, 1, S("{\"type\":\"verify\"}"), &out, NULL, NULL), QM_OK);
    CHECK(strstr((char *)out.data, "\"accepted\":false") && strstr((char *)out.data, "missing_signature"), "%s", out.data);
    qm_buffer_free(&out);

    /* Payout response with an unreadable body is classified, not an error. */
    EXPECT(qm_gate_parse_payout_response(s, 200, S("<html>"), S("p1"), false, &out), QM_OK);
    CHECK(strstr((char *)out.data, "\"result\":\"unknown\"") != NULL, "%s", out.data);
    qm_buffer_free(&out);
    qm_gate_signer_free(s);
}

static void test_bad_documents(void) {
    qm_gate_signer *s = NULL;
    qm_buffer out = empty();
    EXPECT(qm_gate_signer_new(S("secret"), NULL, 0, &s), QM_OK);
    EXPECT(qm_gate_stamp(S("{\"a\":1,\"a\":2}"), NULL, 0, &out), QM_MALFORMED_INPUT);
    EXPECT(qm_gate_stamp(S("{\"a\":\"\xff\"}"), NULL, 0, &out), QM_MALFORMED_INPUT);
    EXPECT(qm_gate_verify(s, S("{\"a\":1}")), QM_MISSING_SIGNATURE);
    EXPECT(qm_gate_verify(s, S("{\"a\":1,\"signature\":\"AAAA\"}")), QM_SIGNATURE_MISMATCH);
    char *m = last_message();
    CHECK(strstr(m, "secret") == NULL, "message does not mention the secret: %s", m);
    free(m);
    /* Host documents: JSON of the wrong shape is QM_VALIDATION naming the member; only bytes that
     * are not JSON are QM_MALFORMED_INPUT. */
    EXPECT(qm_gate_payout_request(s, S("{\"project_id\":1}"), &out), QM_VALIDATION);
    m = last_path();
    CHECK(strcmp(m, "payment_id") == 0, "missing member named: %s", m);
    free(m);
    EXPECT(qm_gate_payout_request(s, S("[1,2]"), &out), QM_VALIDATION);
    m = last_path();
    CHECK(strcmp(m, "payout") == 0, "a top level that is not an object names the document: %s", m);
    free(m);
    EXPECT(qm_gate_payout_request(s, S("[1,2"), &out), QM_MALFORMED_INPUT);
    EXPECT(qm_cqr_parse_message(S("<a><b></a>"), NULL, 0, &out), QM_MALFORMED_INPUT);
    EXPECT(qm_cqr_parse_message(S("<!DOCTYPE x><x/>"), NULL, 0, &out), QM_MALFORMED_INPUT);
    EXPECT(qm_cqr_parse_notification(S("<getPaymentsResponse/>"), NULL, 0, &out), QM_MALFORMED_INPUT);
    EXPECT(qm_cqr_parse_initiate_answer(S("<nonsense/>"), NULL, 0, &out), QM_MALFORMED_INPUT);
    EXPECT(qm_cqr_parse_get_payments_answer(S("<nonsense/>"), NULL, 0, &out), QM_MALFORMED_INPUT);
    EXPECT(qm_cqr_get_payments_request(S("{\"merchant_id\":1}"), &out), QM_VALIDATION);
    m = last_path();
    CHECK(strcmp(m, "merchant_id") == 0, "wrong type named: %s", m);
    free(m);
    EXPECT(qm_cqr_get_payments_request(S("{\"merchant_id\":"), &out), QM_MALFORMED_INPUT);
    EXPECT(qm_cqr_get_payments_request(S("{}"), &out), QM_VALIDATION);
    EXPECT(qm_cqr_ip_decide(S("{\"allowed\":[\"x\"],\"peer\":\"1.2.3.4\"}"), &out, NULL), QM_VALIDATION);
    EXPECT(qm_cqr_ip_decide(S("{\"allowed\":[],\"peer\":\"nope\"}"), &out, NULL), QM_VALIDATION);
    EXPECT(qm_cqr_ip_decide(S("{\"peer\":\"1.2.3.4\"}"), &out, NULL), QM_VALIDATION);
    m = last_path();
    CHECK(strcmp(m, "allowed") == 0, "missing member named: %s", m);
    free(m);
    EXPECT(qm_cqr_operation_url(NULL, 0, S("refund"), &out), QM_VALIDATION);
    EXPECT(qm_cqr_operation_url(S("ftp://x"), S("getPayments"), &out), QM_VALIDATION);
    EXPECT(qm_cqr_ack(99, NULL, 0, NULL, 0, &out), QM_VALIDATION);
    EXPECT(qm_cqr_ack(0, S(""), NULL, 0, &out), QM_VALIDATION);
    EXPECT(qm_cqr_basic_auth_check(S("u"), S("p"), NULL, 0), QM_UNAUTHORIZED);
    EXPECT(qm_cqr_basic_auth_check(S("u"), S("p"), S("Basic \xff\xfe")), QM_UNAUTHORIZED);
    /* An empty configured user or password is refused whatever the header (cqr.md 5.2 step 3):
     * `Basic Og==` (":") can never authenticate. */
    EXPECT(qm_cqr_basic_auth_check(S(""), S(""), S("Basic Og==")), QM_VALIDATION);
    EXPECT(qm_cqr_basic_auth_check(NULL, 0, NULL, 0, S("Basic Og==")), QM_VALIDATION);
    EXPECT(qm_cqr_basic_auth_check(S(""), S("p"), S("Basic OnA=")), QM_VALIDATION);
    {
        char field[16];
        size_t n = 0;
        EXPECT(qm_last_error_path(field, sizeof field, &n), QM_OK);
        CHECK(strcmp(field, "user") == 0, "empty user named: %s", field);
    }
    EXPECT(qm_cqr_basic_auth_check(S("u"), S(""), S("Basic dTo=")), QM_VALIDATION);
    EXPECT(qm_cqr_basic_auth_check(S("u"), S(""), NULL, 0), QM_VALIDATION);
    {
        char field[16];
        size_t n = 0;
        EXPECT(qm_last_error_path(field, sizeof field, &n), QM_OK);
        CHECK(strcmp(field, "password") == 0, "empty password named: %s", field);
    }
    EXPECT(qm_cqr_basic_authorization(S("a:b"), S("p"), &out), QM_VALIDATION);
    EXPECT(qm_cqr_confirmation(S("<paymentServiceException><errorCode>800</errorCode></paymentServiceException>"), S("p"),
                               &(const char *){NULL}),
           QM_PROTOCOL);
    EXPECT(qm_currency_exponent(S("usd"), &(uint8_t){0}), QM_VALIDATION);
    EXPECT(qm_currency_exponent(S("XAU"), &(uint8_t){0}), QM_UNSUPPORTED);
    EXPECT(qm_money_decimal_to_minor(S("21.005"), S("USD"), &(int64_t){0}), QM_VALIDATION);
    EXPECT(qm_money_decimal_to_minor(S("abc"), S("USD"), &(int64_t){0}), QM_VALIDATION);
    EXPECT(qm_money_minor_to_decimal(1, S("\xff"), &out), QM_MALFORMED_INPUT);
    CHECK(out.data == NULL, "output untouched by failures");

    /* Some successes of the helpers. */
    EXPECT(qm_cqr_basic_authorization(S("pxp"), S("s3cret"), &out), QM_OK);
    CHECK(strncmp((char *)out.data, "Basic ", 6) == 0, "authorization %s", out.data);
    EXPECT(qm_cqr_basic_auth_check(S("pxp"), S("s3cret"), out.data, out.len), QM_OK);
    qm_buffer_free(&out);
    int64_t minor = 0;
    EXPECT(qm_money_decimal_to_minor(S("1.234"), S("KWD"), &minor), QM_OK);
    CHECK(minor == 1234, "minor %lld", (long long)minor);
    EXPECT(qm_money_minor_to_decimal(-5, S("KWD"), &out), QM_OK);
    CHECK(strcmp((char *)out.data, "-0.005") == 0, "decimal %s", out.data);
    qm_buffer_free(&out);
    uint8_t e = 9;
    EXPECT(qm_currency_exponent(S("JPY"), &e), QM_OK);
    CHECK(e == 0, "JPY exponent");
    qm_gate_signer_free(s);
}

static void test_limits(void) {
    /* Depth limit through a signer with small limits. */
    qm_gate_signer *s = NULL;
    qm_buffer out = empty();
    EXPECT(qm_gate_signer_new(S("k"), S("{\"max_depth\":2,\"max_body_bytes\":64}"), &s), QM_OK);
    EXPECT(qm_gate_verify(s, S("{\"a\":{\"b\":{\"c\":1}}}")), QM_LIMIT_EXCEEDED);
    EXPECT(qm_gate_verify(s, S("{\"a\":\"0123456789012345678901234567890123456789012345678901234567890123456789\"}")),
           QM_LIMIT_EXCEEDED);
    EXPECT(qm_last_error_json(&out), QM_OK);
    CHECK(strstr((char *)out.data, "\"limit\":\"body_size\"") != NULL, "limit in JSON: %s", out.data);
    qm_buffer_free(&out);
    qm_gate_signer_free(s);

    /* CQR limits. */
    EXPECT(qm_cqr_parse_message(S("<a><b><c/></b></a>"), S("{\"max_depth\":2}"), &out), QM_LIMIT_EXCEEDED);
    EXPECT(qm_cqr_parse_message(S("<a/>"), S("{\"max_body_bytes\":2}"), &out), QM_LIMIT_EXCEEDED);
    EXPECT(qm_cqr_parse_message(S("<a/>"), S("{\"max_depth\":-1}"), &out), QM_VALIDATION);
    /* Every parser taking a limits document: NULL is the defaults, a bad document is
     * QM_VALIDATION naming the member (QM_MALFORMED_INPUT when it is not JSON), and a small limit
     * hit names the limit in the last error JSON. */
    typedef qm_result (*limits_fn)(const uint8_t *, size_t, const uint8_t *, size_t, qm_buffer *);
    static const struct {
        const char *name;
        limits_fn f;
        const char *input;
    } wl[] = {
        {"qm_gate_stamp", qm_gate_stamp, "{\"a\":{\"b\":{\"c\":1}}}"},
        {"qm_cqr_parse_message", qm_cqr_parse_message, "<a><b><c/></b></a>"},
        {"qm_cqr_parse_notification", qm_cqr_parse_notification,
         "<handlePaymentStateChangedNotificationRequest><b><c/></b></handlePaymentStateChangedNotificationRequest>"},
        {"qm_cqr_parse_initiate_answer", qm_cqr_parse_initiate_answer,
         "<initiatePaymentResponse><b><c/></b></initiatePaymentResponse>"},
        {"qm_cqr_parse_get_payments_answer", qm_cqr_parse_get_payments_answer,
         "<getPaymentsResponse><b><c/></b></getPaymentsResponse>"},
        {"qm_cqr_parse_initiate_request", qm_cqr_parse_initiate_request,
         "<initiatePaymentRequest><b><c/></b></initiatePaymentRequest>"},
    };
    static const struct {
        const char *limits;
        const char *name;
    } hit[] = {
        {"{\"max_depth\":2}", "\"limit\":\"depth\""},
        {"{\"max_body_bytes\":16}", "\"limit\":\"body_size\""},
        {"{\"max_items\":2}", "\"limit\":\"items\""},
    };
    static const struct {
        const char *limits;
        qm_result result;
    } bad_limits[] = {
        {"{\"max_depth\":-1}", QM_VALIDATION}, {"{\"max_depth\":\"2\"}", QM_VALIDATION},
        {"{\"depth\":2}", QM_VALIDATION},      {"[]", QM_VALIDATION},
        {"{", QM_MALFORMED_INPUT},
    };
    for (size_t i = 0; i < sizeof wl / sizeof wl[0]; i++) {
        const uint8_t *in = u8(wl[i].input);
        size_t n = strlen(wl[i].input);
        /* NULL limits and an empty document both keep the defaults: the same answer. */
        qm_buffer with_null = empty(), with_empty = empty();
        qm_result r_null = wl[i].f(in, n, NULL, 0, &with_null);
        qm_result r_empty = wl[i].f(in, n, S("{}"), &with_empty);
        CHECK(r_null == r_empty, "%s: NULL limits %s, {} %s", wl[i].name, qm_result_name(r_null), qm_result_name(r_empty));
        CHECK(r_null != QM_LIMIT_EXCEEDED, "%s: the defaults admit the input", wl[i].name);
        CHECK((with_null.data == NULL && with_empty.data == NULL) ||
                  (with_null.data && with_empty.data && strcmp((char *)with_null.data, (char *)with_empty.data) == 0),
              "%s: NULL limits and {} differ", wl[i].name);
        qm_buffer_free(&with_null);
        qm_buffer_free(&with_empty);
        for (size_t j = 0; j < sizeof hit / sizeof hit[0]; j++) {
            qm_result r = wl[i].f(in, n, u8(hit[j].limits), strlen(hit[j].limits), &out);
            CHECK(r == QM_LIMIT_EXCEEDED, "%s %s: got %s", wl[i].name, hit[j].limits, qm_result_name(r));
            qm_buffer ej = empty();
            EXPECT(qm_last_error_json(&ej), QM_OK);
            CHECK(ej.data && strstr((char *)ej.data, hit[j].name) != NULL, "%s %s: last error %s", wl[i].name,
                  hit[j].limits, ej.data ? (char *)ej.data : "(none)");
            qm_buffer_free(&ej);
        }
        for (size_t j = 0; j < sizeof bad_limits / sizeof bad_limits[0]; j++) {
            qm_result r = wl[i].f(in, n, u8(bad_limits[j].limits), strlen(bad_limits[j].limits), &out);
            CHECK(r == bad_limits[j].result, "%s %s: got %s", wl[i].name, bad_limits[j].limits, qm_result_name(r));
            if (r == QM_VALIDATION) {
                char *p = last_path();
                CHECK(strncmp(p, "limits", 6) == 0, "%s %s: path %s", wl[i].name, bad_limits[j].limits, p);
                free(p);
            }
        }
        EXPECT(wl[i].f(in, n, NULL, 2, &out), QM_NULL_PARAMETER);
        EXPECT(wl[i].f(in, n, S("{}"), NULL), QM_NULL_PARAMETER);
    }
    /* An empty limits document keeps the defaults: same answer as the plain function. */
    qm_buffer plain = empty();
    EXPECT(qm_gate_stamp(S("{\"b\":2,\"a\":[1,\"x\"]}"), NULL, 0, &plain), QM_OK);
    EXPECT(qm_gate_stamp(S("{\"b\":2,\"a\":[1,\"x\"]}"), S("{}"), &out), QM_OK);
    CHECK(out.data && plain.data && strcmp((char *)out.data, (char *)plain.data) == 0, "stamp with {} limits: %s",
          out.data ? (char *)out.data : "(none)");
    qm_buffer_free(&out);
    qm_buffer_free(&plain);
    /* A large input hits the default 1 MiB body limit. */
    size_t big = (1u << 20) + 1;
    uint8_t *huge = malloc(big);
    memset(huge, ' ', big);
    huge[0] = '{';
    huge[big - 1] = '}';
    EXPECT(qm_gate_stamp(huge, big, NULL, 0, &out), QM_LIMIT_EXCEEDED);
    EXPECT(qm_cqr_parse_message(huge, big, NULL, 0, &out), QM_LIMIT_EXCEEDED);
    free(huge);
    CHECK(out.data == NULL, "output untouched by failures");
}

static void test_last_error(void) {
    qm_buffer out = empty();
    EXPECT(qm_gate_stamp(S("{\"a\":"), NULL, 0, &out), QM_MALFORMED_INPUT);
    CHECK(qm_last_error_result() == QM_MALFORMED_INPUT, "last result");
    size_t full = 0;
    EXPECT(qm_last_error_message(NULL, 0, &full), QM_OK);
    CHECK(full > 4, "length query %zu", full);
    char small[4] = {'x', 'x', 'x', 'x'};
    size_t n = 0;
    EXPECT(qm_last_error_message(small, sizeof small, &n), QM_OK);
    CHECK(n == full && small[3] == 0 && strlen(small) == 3, "truncated and NUL-terminated");
    EXPECT(qm_last_error_message(small, 1, NULL), QM_OK);
    CHECK(small[0] == 0, "cap 1 gives an empty string");
    EXPECT(qm_last_error_message(NULL, 8, &n), QM_NULL_PARAMETER);
    /* Truncation never splits a UTF-8 character: an error message with non-ASCII text. */
    EXPECT(qm_gate_response_verify_ok(S("\xc3\xa9\xc3\xa9\xc3\xa9"), NULL, 0, &out, NULL), QM_VALIDATION);
    char *m = last_message();
    char buf[64];
    for (size_t cap = 1; cap < sizeof buf && cap <= strlen(m) + 1; cap++) {
        EXPECT(qm_last_error_message(buf, cap, &n), QM_OK);
        size_t l = strlen(buf);
        CHECK(l < cap && strncmp(buf, m, l) == 0, "prefix at cap %zu", cap);
        CHECK(l == 0 || ((unsigned char)m[l] & 0xC0) != 0x80, "cut on a character boundary at cap %zu", cap);
    }
    free(m);
    /* The JSON form. */
    EXPECT(qm_last_error_json(&out), QM_OK);
    CHECK(strstr((char *)out.data, "\"kind\":\"validation\"") && strstr((char *)out.data, "\"code\":2"), "%s", out.data);
    qm_buffer_free(&out);
    /* A success clears it. */
    EXPECT(qm_gate_stamp(S("{}"), NULL, 0, &out), QM_OK);
    qm_buffer_free(&out);
    EXPECT(qm_last_error_message(NULL, 0, &n), QM_OK);
    CHECK(n == 0 && qm_last_error_result() == QM_OK, "cleared");
    EXPECT(qm_last_error_json(&out), QM_OK);
    CHECK(strcmp((char *)out.data, "null") == 0, "null JSON");
    qm_buffer_free(&out);
}

static void test_panic_boundary(void) {
    EXPECT(qm_test_panic(), QM_PANIC);
    CHECK(qm_last_error_result() == QM_PANIC, "last result panic");
    char *m = last_message();
    CHECK(strstr(m, "panicked") != NULL, "panic message: %s", m);
    free(m);
    /* The library still works afterwards. */
    qm_buffer out = empty();
    EXPECT(qm_gate_stamp(S("{\"a\":1}"), NULL, 0, &out), QM_OK);
    qm_buffer_free(&out);
}

static void test_gate_decisions(void) {
    qm_gate_signer *s = NULL;
    EXPECT(qm_gate_signer_new(S("secret"), NULL, 0, &s), QM_OK);
    const char *unsigned_cb = "{\"payment\":{\"id\":\"p1\",\"status\":\"success\",\"sum\":{\"amount\":2000,\"currency\":\"KZT\"}}}";
    qm_buffer sig = {0}, out = {0};
    EXPECT(qm_gate_sign(s, (const uint8_t *)unsigned_cb, strlen(unsigned_cb), &sig), QM_OK);
    char body[512];
    snprintf(body, sizeof body, "%.*s,\"signature\":\"%s\"}", (int)(strlen(unsigned_cb) - 1), unsigned_cb, (const char *)sig.data);
    EXPECT(qm_gate_check_sum(s, (const uint8_t *)body, strlen(body), 2000, S("KZT"), &out), QM_OK);
    CHECK(out.data && strstr((const char *)out.data, "\"match\""), "sum matches");
    qm_buffer_free(&out);
    EXPECT(qm_gate_check_sum(s, (const uint8_t *)body, strlen(body), 2001, S("KZT"), &out), QM_OK);
    CHECK(out.data && strstr((const char *)out.data, "\"mismatch\""), "sum mismatch flagged");
    qm_buffer_free(&out);
    EXPECT(qm_gate_check_sum(s, S("{\"payment\":{\"id\":\"p\"}}"), 1, S("KZT"), &out), QM_MISSING_SIGNATURE);
    qm_buffer_free(&sig);
    qm_gate_signer_free(s);
}

/* The last error's path and a message part. */
static void expect_path(const char *want_path, const char *message_part, int line) {
    char path[128];
    size_t n = 0;
    qm_last_error_path(path, sizeof path, &n);
    char *m = last_message();
    CHECK(strcmp(path, want_path) == 0, "line %d: path %s, want %s (%s)", line, path, want_path, m);
    if (message_part) CHECK(strstr(m, message_part) != NULL, "line %d: message %s lacks %s", line, m, message_part);
    free(m);
}

static void test_settlement_errors(void) {
    qm_gate_signer *s = NULL, *other = NULL;
    EXPECT(qm_gate_signer_new(S("secret"), NULL, 0, &s), QM_OK);
    EXPECT(qm_gate_signer_new(S("another secret"), NULL, 0, &other), QM_OK);
    const char *unsigned_cb = "{\"project_id\":7,\"payment\":{\"id\":\"p1\",\"type\":\"purchase\",\"status\":\"success\","
                              "\"sum\":{\"amount\":2000,\"currency\":\"KZT\"}},\"operation\":{\"id\":1,\"type\":\"sale\","
                              "\"status\":\"success\",\"sum_initial\":{\"amount\":2000,\"currency\":\"KZT\"}}}";
    char body[1024], forged[1024];
    qm_buffer sig = {0}, out = {0};
    EXPECT(qm_gate_sign(s, u8(unsigned_cb), strlen(unsigned_cb), &sig), QM_OK);
    snprintf(body, sizeof body, "%.*s,\"signature\":\"%s\"}", (int)(strlen(unsigned_cb) - 1), unsigned_cb, (const char *)sig.data);
    qm_buffer_free(&sig);
    EXPECT(qm_gate_sign(other, u8(unsigned_cb), strlen(unsigned_cb), &sig), QM_OK);
    snprintf(forged, sizeof forged, "%.*s,\"signature\":\"%s\"}", (int)(strlen(unsigned_cb) - 1), unsigned_cb, (const char *)sig.data);
    qm_buffer_free(&sig);
    const uint8_t *b = u8(body), *f = u8(forged);
    size_t bl = strlen(body), fl = strlen(forged);
    static const char rec[] = "{\"kind\":\"deposit\",\"status\":\"pending\",\"amount\":2000,\"currency\":\"KZT\"}";
    int64_t project = 7;

    /* It works, with and without a record and a project. */
    EXPECT(qm_gate_settle(s, S(rec), b, bl, &project, &out), QM_OK);
    CHECK(out.data && strstr((char *)out.data, "\"action\":\"apply\"") && strstr((char *)out.data, "\"kind\":\"credit\""), "%s", out.data);
    qm_buffer_free(&out);
    EXPECT(qm_gate_settle(s, NULL, 0, b, bl, NULL, &out), QM_OK);
    CHECK(out.data && strstr((char *)out.data, "\"action\":\"unmatched\""), "%s", out.data);
    qm_buffer_free(&out);

    /* NULL parameters. */
    EXPECT(qm_gate_settle(NULL, S(rec), b, bl, &project, &out), QM_NULL_PARAMETER);
    expect_path("signer", NULL, __LINE__);
    EXPECT(qm_gate_settle(s, S(rec), b, bl, &project, NULL), QM_NULL_PARAMETER);
    expect_path("decision_out", NULL, __LINE__);
    EXPECT(qm_gate_settle(s, NULL, 5, b, bl, &project, &out), QM_NULL_PARAMETER);
    expect_path("record_json", NULL, __LINE__);
    EXPECT(qm_gate_settle(s, S(rec), NULL, 5, &project, &out), QM_NULL_PARAMETER);
    expect_path("body", NULL, __LINE__);
    EXPECT(qm_gate_settle_status(NULL, S(rec), b, bl, NULL, &out), QM_NULL_PARAMETER);
    EXPECT(qm_gate_settle_status(s, S(rec), b, bl, NULL, NULL), QM_NULL_PARAMETER);
    EXPECT(qm_gate_settle_storage_failed(S(rec), NULL), QM_NULL_PARAMETER);
    EXPECT(qm_gate_settle_storage_failed(NULL, 3, &out), QM_NULL_PARAMETER);
    EXPECT(qm_cqr_settle(NULL, 2, NULL, 0, S("<a/>"), NULL, 0, &out), QM_NULL_PARAMETER);
    EXPECT(qm_cqr_settle(S("{}"), NULL, 0, S("<a/>"), NULL, 4, &out), QM_NULL_PARAMETER);
    expect_path("get_payments_xml", NULL, __LINE__);
    EXPECT(qm_cqr_settle(S("{}"), NULL, 0, S("<a/>"), NULL, 0, NULL), QM_NULL_PARAMETER);
    EXPECT(qm_cqr_settle_get_payments(S("{}"), S("{}"), NULL, 9, &out), QM_NULL_PARAMETER);
    EXPECT(qm_cqr_settle_get_payments(S("{}"), S("{}"), S("<a/>"), NULL), QM_NULL_PARAMETER);
    EXPECT(qm_cqr_settle_storage_failed(S("{}"), NULL, 1, &out), QM_NULL_PARAMETER);
    EXPECT(qm_cqr_settle_storage_failed(S("{}"), NULL, 0, NULL), QM_NULL_PARAMETER);
    EXPECT(qm_cqr_bind_attempt(S("{}"), NULL, 2, &out), QM_NULL_PARAMETER);
    EXPECT(qm_cqr_bind_attempt(S("{}"), S("p"), NULL), QM_NULL_PARAMETER);
    CHECK(out.data == NULL, "output untouched by failures");

    /* A malformed record (code 1). */
    EXPECT(qm_gate_settle(s, S("{"), b, bl, &project, &out), QM_MALFORMED_INPUT);
    CHECK(qm_last_error_result() == 1, "malformed is code 1");
    EXPECT(qm_gate_settle(s, S("{\"kind\":\"deposit\",\"status\":\"pending\",\"amount\":5,\"currency\":\"KZT\"} x"), b, bl, &project, &out),
           QM_MALFORMED_INPUT); /* trailing data */
    EXPECT(qm_gate_settle_storage_failed(S(""), &out), QM_MALFORMED_INPUT);   /* given but empty */
    EXPECT(qm_cqr_settle_storage_failed(S("{\"merchant_id\":"), NULL, 0, &out), QM_MALFORMED_INPUT);
    EXPECT(qm_cqr_bind_attempt(S("<order/>"), S("p"), &out), QM_MALFORMED_INPUT);

    /* Invalid records (code 2): the path names the member at fault. */
    EXPECT(qm_gate_settle(s, S("{\"kind\":\"deposit\",\"status\":\"pending\",\"amount\":0,\"currency\":\"KZT\"}"), b, bl, &project, &out),
           QM_VALIDATION);
    CHECK(qm_last_error_result() == 2, "validation is code 2");
    expect_path("amount", "> 0", __LINE__);
    EXPECT(qm_gate_settle(s, S("{\"kind\":\"deposit\",\"status\":\"pending\",\"amount\":5,\"currency\":\"XAU\"}"), b, bl, &project, &out),
           QM_VALIDATION);
    expect_path("currency", NULL, __LINE__);
    EXPECT(qm_gate_settle(s, S("{\"kind\":\"deposit\",\"status\":\"pending\",\"amount\":5,\"currency\":\"KZT\",\"credited\":1,\"debited\":2}"),
                          b, bl, &project, &out),
           QM_VALIDATION);
    expect_path("debited", "exceeds", __LINE__);
    EXPECT(qm_gate_settle(s, S("{\"kind\":\"deposit\",\"status\":\"settled\",\"amount\":5,\"currency\":\"KZT\"}"), b, bl, &project, &out),
           QM_VALIDATION);
    expect_path("status", "settled", __LINE__);
    EXPECT(qm_gate_settle(s, S("{\"kind\":\"deposit\",\"status\":\"pending\",\"amount\":5,\"currency\":\"KZT\",\"credit\":5}"), b, bl, &project, &out),
           QM_VALIDATION);
    expect_path("credit", "unknown field", __LINE__);
    EXPECT(qm_gate_settle(s, S("{\"kind\":\"deposit\",\"status\":\"pending\",\"currency\":\"KZT\"}"), b, bl, &project, &out),
           QM_VALIDATION);
    expect_path("amount", "missing field", __LINE__);
    EXPECT(qm_gate_settle(s, S("{\"kind\":\"deposit\",\"status\":\"pending\",\"amount\":5,\"currency\":\"KZT\",\"applied_operations\":[\"a\",7]}"),
                          b, bl, &project, &out),
           QM_VALIDATION);
    {
        /* The element at fault (its index written the way core paths write indexes). */
        char path[128];
        size_t n = 0;
        qm_last_error_path(path, sizeof path, &n);
        CHECK(strncmp(path, "applied_operations", 18) == 0 && strchr(path + 18, '1') != NULL, "element path %s", path);
    }
    EXPECT(qm_gate_settle(s, S("[]"), b, bl, &project, &out), QM_VALIDATION);
    expect_path("record", NULL, __LINE__);
    {
        /* Every failed field at once, in qm_last_error_json's fields. */
        EXPECT(qm_gate_settle_storage_failed(S("{\"kind\":\"payout\",\"status\":\"pending\",\"amount\":-1,\"currency\":\"kzt\"}"), &out),
               QM_VALIDATION);
        qm_buffer e = {0};
        EXPECT(qm_last_error_json(&e), QM_OK);
        CHECK(e.data && strstr((char *)e.data, "\"field\":\"amount\"") && strstr((char *)e.data, "\"field\":\"currency\""), "fields: %s",
              e.data);
        qm_buffer_free(&e);
    }
    EXPECT(qm_cqr_settle_storage_failed(S("{\"merchant_id\":\"\",\"shop_id\":\"s\"}"), NULL, 0, &out), QM_VALIDATION);
    expect_path("merchant_id", NULL, __LINE__);
    EXPECT(qm_cqr_settle_storage_failed(S("{\"merchant_id\":\"m\",\"shop_id\":\"s\"}"),
                                        S("{\"status\":\"pending\",\"amount\":1,\"currency\":\"KZT\",\"payment_id\":\" \"}"), &out),
           QM_VALIDATION);
    expect_path("payment_id", NULL, __LINE__);
    EXPECT(qm_cqr_bind_attempt(S("{\"status\":\"pending\",\"amount\":1,\"currency\":\"KZT\"}"), S(""), &out), QM_VALIDATION);
    expect_path("payment_id", NULL, __LINE__);

    /* A badly signed callback (code 3), a missing signature, and a bad message after a good record. */
    EXPECT(qm_gate_settle(s, S(rec), f, fl, &project, &out), QM_SIGNATURE_MISMATCH);
    CHECK(qm_last_error_result() == 3, "signature mismatch is code 3");
    EXPECT(qm_gate_settle(s, S(rec), u8(unsigned_cb), strlen(unsigned_cb), &project, &out), QM_MISSING_SIGNATURE);
    EXPECT(qm_gate_settle_status(s, S(rec), f, fl, &project, &out), QM_SIGNATURE_MISMATCH);
    EXPECT(qm_gate_settle(s, S(rec), S("{\"payment\":"), &project, &out), QM_MALFORMED_INPUT);
    EXPECT(qm_cqr_settle(S("{\"merchant_id\":\"m\",\"shop_id\":\"s\"}"), NULL, 0, S("<getPaymentsRequest/>"), NULL, 0, &out),
           QM_MALFORMED_INPUT);
    CHECK(out.data == NULL, "output untouched by failures");
    /* A success clears the last error. */
    EXPECT(qm_gate_settle_storage_failed(NULL, 0, &out), QM_OK);
    CHECK(qm_last_error_result() == QM_OK && out.data && strstr((char *)out.data, "\"http_status\":503"), "%s", out.data);
    qm_buffer_free(&out);
    qm_gate_signer_free(other);
    qm_gate_signer_free(s);
}

/* qm_document_refuse_floats: the float rule for host documents, with the signing paths. */
static void test_host_documents(void) {
    static const struct {
        const char *json;
        uint32_t document;
        const char *path; /* NULL: accepted */
        const char *reason;
    } cases[] = {
        {"{\"a\":1,\"b\":\"1.5\",\"c\":[true,null,-7]}", QM_DOCUMENT_PARAMETERS, NULL, NULL},
        {"{\"a\":{\"b\":[2.5]}}", QM_DOCUMENT_PARAMETERS, "a:b:0", "signed parameters"},
        {"{\"a:b\":{\"c\":1e999}}", QM_DOCUMENT_PARAMETERS, "a::b:c", "signed parameters"},
        {"{\"frame_mode\":1.0}", QM_DOCUMENT_PARAMETERS, "frame_mode", "signed parameters"},
        {"{\"amount\":1,\"extra\":{\"payment\":{\"fee\":0.5}}}", QM_DOCUMENT_PAYOUT, "payment:fee", "signed parameters"},
        {"{\"amount\":10000.0}", QM_DOCUMENT_RECORD, "amount", "in a record"},
        {"{\"applied_keys\":[\"k\",2.5]}", QM_DOCUMENT_ORDER, "applied_keys:1", "in an order"},
        {"{\"shop_id\":1.5}", QM_DOCUMENT_SETTINGS, "shop_id", "in the settings"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        qm_result r = qm_document_refuse_floats(u8(cases[i].json), strlen(cases[i].json), cases[i].document);
        if (!cases[i].path) {
            CHECK(r == QM_OK, "%s: got %s", cases[i].json, qm_result_name(r));
            continue;
        }
        CHECK(r == QM_VALIDATION, "%s: got %s", cases[i].json, qm_result_name(r));
        char *p = last_path(), *m = last_message();
        CHECK(strcmp(p, cases[i].path) == 0, "%s: path %s", cases[i].json, p);
        CHECK(strstr(m, cases[i].reason) != NULL && strncmp(m, cases[i].path, strlen(cases[i].path)) == 0,
              "%s: message %s", cases[i].json, m);
        free(p);
        free(m);
    }
    EXPECT(qm_document_refuse_floats(S("{\"a\":1.5}"), 99), QM_VALIDATION);
    char *p = last_path();
    CHECK(strcmp(p, "document") == 0, "an unknown document kind names the parameter: %s", p);
    free(p);
    EXPECT(qm_document_refuse_floats(S("{"), QM_DOCUMENT_PARAMETERS), QM_MALFORMED_INPUT);
    EXPECT(qm_document_refuse_floats(NULL, 3, QM_DOCUMENT_PARAMETERS), QM_NULL_PARAMETER);
    CHECK(sizeof(qm_document) == 4, "qm_document is 32 bits");
}

/* Results come back without the received message: the caller has it. */
static void test_no_message_in_results(void) {
    qm_gate_signer *s = NULL;
    qm_buffer out = empty();
    EXPECT(qm_gate_signer_new(S("secret"), NULL, 0, &s), QM_OK);
    static const struct {
        uint16_t status;
        const char *body;
        const char *want; /* a substring of the result */
    } payouts[] = {
        {200, "{\"status\":\"success\",\"request_id\":\"r\",\"payment_id\":\"p\"}", "\"body_read\":true"},
        {400, "{\"status\":\"error\",\"code\":\"3\",\"errors\":[{\"x\":1}]}", "\"errors\":[{\"x\":1}],\"body_read\":true"},
        {200, "{\"status\":\"processing\"}", "\"result\":\"unknown\""},
        {503, "{\"status\":\"success\"}", "\"body_read\":false"},
        {200, "<html>", "\"body_read\":false"},
    };
    for (size_t i = 0; i < sizeof payouts / sizeof payouts[0]; i++) {
        EXPECT(qm_gate_parse_payout_response(s, payouts[i].status, u8(payouts[i].body), strlen(payouts[i].body), S("p"),
                                             false, &out),
               QM_OK);
        CHECK(out.data && strstr((char *)out.data, payouts[i].want) && !strstr((char *)out.data, "\"raw\""),
              "payout %u %s: %s", payouts[i].status, payouts[i].body, out.data ? (char *)out.data : "");
        qm_buffer_free(&out);
    }
    EXPECT(qm_gate_parse_status_response(s, S("{\"status\":\"error\",\"code\":\"3061\",\"message\":\"not found\"}"), &out),
           QM_OK);
    CHECK(out.data && strcmp((char *)out.data, "{\"result\":\"not_found\"}") == 0, "status %s", (char *)out.data);
    qm_buffer_free(&out);
    EXPECT(qm_gate_parse_status_response(s, S("{\"status\":\"error\",\"code\":\"1\",\"message\":\"m\"}"), &out), QM_OK);
    CHECK(out.data && strcmp((char *)out.data, "{\"result\":\"error\",\"status\":\"error\",\"code\":\"1\",\"message\":\"m\"}") == 0,
          "status %s", (char *)out.data);
    qm_buffer_free(&out);
    qm_gate_signer_free(s);
}

/* Every account-check answer builder gives its code. */
static void test_answer_codes(void) {
    qm_buffer out = empty();
    uint16_t code = 7;
    EXPECT(qm_gate_response_verify_ok(S("KZT"), NULL, 0, &out, &code), QM_OK);
    CHECK(code == 0, "verify_ok code %u", (unsigned)code);
    qm_buffer_free(&out);
    EXPECT(qm_gate_response_check_deposit_ok(S("p-1"), &out, &code), QM_OK);
    CHECK(code == 0, "check_deposit_ok code %u", (unsigned)code);
    qm_buffer_free(&out);
    EXPECT(qm_gate_response_not_found(NULL, 0, &out, &code), QM_OK);
    CHECK(code == 404, "not_found code %u", (unsigned)code);
    qm_buffer_free(&out);
    EXPECT(qm_gate_response_general_error(S("db down"), &out, &code), QM_OK);
    CHECK(code == 500, "general_error code %u", (unsigned)code);
    qm_buffer_free(&out);
    EXPECT(qm_gate_response_invalid_signature(NULL, 0, &out, &code), QM_OK);
    CHECK(code == 400, "invalid_signature code %u", (unsigned)code);
    qm_buffer_free(&out);
    code = 7;
    EXPECT(qm_gate_response_verify_ok(S("XYZ"), NULL, 0, &out, &code), QM_VALIDATION);
    CHECK(code == 7 && out.data == NULL, "outputs untouched by a failure");
}

int main(void) {
    test_basics();
    test_null_and_empty();
    test_bad_documents();
    test_limits();
    test_last_error();
    test_panic_boundary();
    test_gate_decisions();
    test_settlement_errors();
    test_host_documents();
    test_no_message_in_results();
    test_answer_codes();
    printf("test_errors: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
