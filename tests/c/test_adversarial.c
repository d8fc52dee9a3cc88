/*
 * Runs the adversarial corpus (tests/adversarial/cases.json; format: tests/adversarial/README.md)
 * through the public C ABI only. Usage: test_adversarial [-v] [manifest] (default
 * tests/adversarial/cases.json; `file` cases are read relative to the manifest's directory; -v
 * prints every case with its time and peak).
 * Exit 0 when every case that runs passes, 1 on any failure (including a manifest error).
 *
 * Each `entry` maps to the qm_* function of the same meaning:
 *   gate_stamp → qm_gate_stamp, gate_verify → qm_gate_verify, gate_account_check →
 *   qm_gate_account_check (the refusal's `error` kind/limit from *out_json, ok when accepted),
 *   gate_callback → qm_gate_parse_callback, gate_status_response → qm_gate_parse_status_response,
 *   gate_payout_response → qm_gate_parse_payout_response (http 200, resend false; the kind is the
 *   `error` of a {"result":"unknown"} answer, else ok), cqr_parse → qm_cqr_parse_message,
 *   cqr_notification → qm_cqr_parse_notification, cqr_initiate_answer →
 *   qm_cqr_parse_initiate_answer, cqr_get_payments_answer → qm_cqr_parse_get_payments_answer,
 *   cqr_initiate_request → qm_cqr_parse_initiate_request. A case with `limits` passes them as
 *   the function's limits document (qm_gate_stamp, qm_cqr_parse_*; NULL otherwise: the
 *   defaults); the other Gate entries take a signer made with that document by
 *   qm_gate_signer_new (else the default signer). A failed call's kind and limit are
 *   read from qm_last_error_json (and the kind must agree with the returned qm_result). An entry
 *   whose limits the C ABI could not configure would have its `limits` cases skipped and counted
 *   (the summary says how many and why); every entry has a way today, so none is skipped. An
 *   unknown entry, generator form or member is a failure.
 *
 * Bounds per case, as in the README: the kind (and limit when `expect_limit` is present); the
 * call returns within 1 s (a case over the bound is run twice more and the fastest run counts);
 * memory: the peak of live heap bytes during the call, above what was live just before it,
 * stays below 4 × input size + 8 MiB.
 *
 * Memory method: this program replaces malloc, free, calloc, realloc, reallocarray, memalign,
 * posix_memalign, aligned_alloc, valloc and pvalloc (glibc supports replacing malloc from the
 * main program: "Replacing malloc" in its manual). Each replacement delegates to glibc's own
 * allocator (__libc_malloc, __libc_realloc, __libc_memalign, ...) and adds or subtracts the
 * block's malloc_usable_size() to a live-bytes counter with a high-water mark, like the Rust
 * runner's counting #[global_allocator]. The static library's Rust allocations go through the
 * system malloc (std's System allocator calls malloc/calloc/realloc/posix_memalign/free), so
 * every byte the call allocates is seen; usable sizes round requests up, so the count is never
 * below the Rust runner's. A self-check at start-up proves the library's allocations are
 * counted. Without glibc, or under AddressSanitizer (which owns malloc), the hook is compiled
 * out and the memory bound is reported as not checked.
 *
 * Inputs are expanded before the measured call into one exactly sized buffer (sizes are
 * computed first, `repeat` copies its first expansion); cases with the same name before `@`
 * reuse the previous input.
 */
#define _GNU_SOURCE
#include "qiwi_merchant.h"
#include "json.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(QM_NO_ALLOC_COUNT)
#define COUNTING 1
#else
#define COUNTING 0
#endif

/* ---------------------------------------------------------------- counting allocator */

static _Atomic long long live_bytes, peak_bytes;

#if COUNTING
#include <malloc.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static void grew(long long by) {
    long long now = atomic_fetch_add_explicit(&live_bytes, by, memory_order_relaxed) + by;
    long long peak = atomic_load_explicit(&peak_bytes, memory_order_relaxed);
    while (now > peak &&
           !atomic_compare_exchange_weak_explicit(&peak_bytes, &peak, now, memory_order_relaxed, memory_order_relaxed)) {
    }
}

static void *counted(void *p) {
    if (p) grew((long long)malloc_usable_size(p));
    return p;
}

void *malloc(size_t n) { return counted(__libc_malloc(n)); }
void *calloc(size_t n, size_t m) { return counted(__libc_calloc(n, m)); }
void *memalign(size_t align, size_t n) { return counted(__libc_memalign(align, n)); }

void free(void *p) {
    if (!p) return;
    grew(-(long long)malloc_usable_size(p));
    __libc_free(p);
}

void *realloc(void *p, size_t n) {
    size_t old = p ? malloc_usable_size(p) : 0;
    void *q = __libc_realloc(p, n);
    if (q) grew((long long)malloc_usable_size(q) - (long long)old);
    else if (p && n == 0) grew(-(long long)old); /* glibc: realloc(p, 0) frees p */
    return q;
}

void *reallocarray(void *p, size_t n, size_t m) {
    size_t total;
    if (__builtin_mul_overflow(n, m, &total)) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, total);
}

int posix_memalign(void **out, size_t align, size_t n) {
    if (align % sizeof(void *) != 0 || (align & (align - 1)) != 0 || align == 0) return EINVAL;
    void *p = counted(__libc_memalign(align, n));
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}

void *aligned_alloc(size_t align, size_t n) { return counted(__libc_memalign(align, n)); }
void *valloc(size_t n) { return counted(__libc_memalign((size_t)sysconf(_SC_PAGESIZE), n)); }

void *pvalloc(size_t n) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE), rounded;
    if (__builtin_add_overflow(n, page - 1, &rounded)) {
        errno = ENOMEM;
        return NULL;
    }
    return counted(__libc_memalign(page, rounded & ~(page - 1)));
}
#endif

static long long live_now(void) { return atomic_load_explicit(&live_bytes, memory_order_relaxed); }
static void peak_reset(void) { atomic_store_explicit(&peak_bytes, live_now(), memory_order_relaxed); }
static long long peak_now(void) { return atomic_load_explicit(&peak_bytes, memory_order_relaxed); }

/* ---------------------------------------------------------------- reporting */

static int failed;
static const char *current = "(manifest)";

static void fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL %s: ", current);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    failed++;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const uint8_t *u8(const char *s) { return (const uint8_t *)s; }

/* ---------------------------------------------------------------- generators */

#define MAX_INPUT ((size_t)1 << 30) /* a sanity cap: the largest case is ~100 MiB */

static bool has_only(const jvalue *o, const char *const *allowed) {
    for (size_t i = 0; i < o->count; i++) {
        bool ok = false;
        for (const char *const *a = allowed; *a; a++)
            if (strlen(*a) == o->key_lens[i] && memcmp(*a, o->keys[i], o->key_lens[i]) == 0) ok = true;
        if (!ok) {
            fail("generator member \"%s\" is not part of the format", o->keys[i]);
            return false;
        }
    }
    return true;
}

/* A JSON number that is a non-negative integer (plain digits), into *out. */
static bool count_of(const jvalue *v, size_t *out) {
    if (!json_is(v, J_NUMBER) || v->len == 0 || v->len > 18) return false;
    size_t n = 0;
    for (size_t i = 0; i < v->len; i++) {
        if (v->str[i] < '0' || v->str[i] > '9') return false;
        n = n * 10 + (size_t)(v->str[i] - '0');
    }
    *out = n;
    return true;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes one UTF-8 scalar at s[*i] (strict); -1 when invalid. */
static long utf8_next(const unsigned char *s, size_t len, size_t *i) {
    unsigned char c = s[*i];
    size_t n;
    long cp, min;
    if (c < 0x80) { (*i)++; return c; }
    if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; min = 0x10000; }
    else return -1;
    if (len - *i <= n) return -1;
    for (size_t k = 1; k <= n; k++) {
        if ((s[*i + k] & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (s[*i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
    *i += n + 1;
    return cp;
}

typedef enum { G_STRING, G_TEXT, G_HEX, G_UTF16LE, G_REPEAT, G_CONCAT, G_NUMBERED, G_BAD } gform;

/* The form of a generator; G_BAD (after reporting) when it is none of them. */
static gform form_of(const jvalue *g) {
    if (json_is(g, J_STRING)) return G_STRING;
    if (!json_is(g, J_OBJECT)) {
        fail("a generator must be a string or an object");
        return G_BAD;
    }
    static const char *const names[] = {"text", "hex", "utf16le", "repeat", "concat", "numbered"};
    gform found = G_BAD;
    for (int k = 0; k < 6; k++) {
        if (!json_get(g, names[k])) continue;
        if (found != G_BAD) {
            fail("a generator object has both \"%s\" and another form", names[k]);
            return G_BAD;
        }
        found = (gform)(G_TEXT + k);
    }
    if (found == G_BAD) {
        fail("unknown generator form (an object with none of text/hex/utf16le/repeat/concat/numbered)");
        return G_BAD;
    }
    static const char *const text_m[] = {"text", "then", NULL}, *const hex_m[] = {"hex", "then", NULL},
                             *const utf16_m[] = {"utf16le", "then", NULL},
                             *const repeat_m[] = {"repeat", "times", "then", NULL},
                             *const concat_m[] = {"concat", "then", NULL}, *const numbered_m[] = {"numbered", "then", NULL};
    static const char *const *const members[] = {text_m, hex_m, utf16_m, repeat_m, concat_m, numbered_m};
    if (!has_only(g, members[found - G_TEXT])) return G_BAD;
    return found;
}

static bool add(size_t *total, size_t n) {
    if (__builtin_add_overflow(*total, n, total) || *total > MAX_INPUT) {
        fail("generator output too large");
        return false;
    }
    return true;
}

static size_t digits(size_t i) {
    size_t d = 1;
    while (i >= 10) { i /= 10; d++; }
    return d;
}

/* The numbered form's strings; false (after reporting) when malformed. */
static bool numbered_parts(const jvalue *n, size_t *count, const jvalue **b, const jvalue **a, const jvalue **s) {
    static const char *const m[] = {"count", "before", "after", "separator", NULL};
    if (!json_is(n, J_OBJECT)) { fail("numbered must be an object"); return false; }
    if (!has_only(n, m)) return false;
    *b = json_get(n, "before");
    *a = json_get(n, "after");
    *s = json_get(n, "separator");
    if (!count_of(json_get(n, "count"), count) || !json_is(*b, J_STRING) || !json_is(*a, J_STRING) ||
        !json_is(*s, J_STRING)) {
        fail("numbered needs count (integer), before, after and separator (strings)");
        return false;
    }
    return true;
}

/* Validates a generator and adds the size of its bytes to *total. */
static bool gen_size(const jvalue *g, size_t *total) {
    gform f = form_of(g);
    const jvalue *v;
    switch (f) {
    case G_BAD: return false;
    case G_STRING: return add(total, g->len);
    case G_TEXT:
        v = json_get(g, "text");
        if (!json_is(v, J_STRING)) { fail("text must be a string"); return false; }
        if (!add(total, v->len)) return false;
        break;
    case G_HEX:
        v = json_get(g, "hex");
        if (!json_is(v, J_STRING) || v->len % 2 != 0) { fail("hex must be a string of even length"); return false; }
        for (size_t i = 0; i < v->len; i++)
            if (hexval(v->str[i]) < 0) { fail("hex has a non-hex digit"); return false; }
        if (!add(total, v->len / 2)) return false;
        break;
    case G_UTF16LE: {
        v = json_get(g, "utf16le");
        if (!json_is(v, J_STRING)) { fail("utf16le must be a string"); return false; }
        size_t i = 0, units = 0;
        while (i < v->len) {
            long cp = utf8_next((const unsigned char *)v->str, v->len, &i);
            if (cp < 0) { fail("utf16le string is not valid UTF-8"); return false; }
            units += cp >= 0x10000 ? 2 : 1;
        }
        if (!add(total, units * 2)) return false;
        break;
    }
    case G_REPEAT: {
        size_t times, one = 0, all;
        if (!count_of(json_get(g, "times"), &times)) { fail("repeat needs times (a non-negative integer)"); return false; }
        if (!gen_size(json_get(g, "repeat"), &one)) return false;
        if (__builtin_mul_overflow(one, times, &all)) { fail("generator output too large"); return false; }
        if (!add(total, all)) return false;
        break;
    }
    case G_CONCAT:
        v = json_get(g, "concat");
        if (!json_is(v, J_ARRAY)) { fail("concat must be an array"); return false; }
        for (size_t i = 0; i < v->count; i++)
            if (!gen_size(v->items[i], total)) return false;
        break;
    case G_NUMBERED: {
        size_t count, bytes = 0;
        const jvalue *b, *a, *s;
        if (!numbered_parts(json_get(g, "numbered"), &count, &b, &a, &s)) return false;
        for (size_t i = 0; i < count; i++) {
            if (!add(&bytes, b->len + digits(i) + a->len + (i > 0 ? s->len : 0))) return false;
        }
        if (!add(total, bytes)) return false;
        break;
    }
    }
    const jvalue *then = json_get(g, "then");
    return then ? gen_size(then, total) : true;
}

static unsigned char *put(unsigned char *dst, const void *src, size_t n) {
    if (n) memcpy(dst, src, n);
    return dst + n;
}

/* Writes the bytes of a generator already validated by gen_size; returns the end. */
static unsigned char *gen_fill(const jvalue *g, unsigned char *dst) {
    const jvalue *v;
    switch (form_of(g)) {
    case G_BAD: return dst; /* unreachable after gen_size */
    case G_STRING: return put(dst, g->str, g->len);
    case G_TEXT:
        v = json_get(g, "text");
        dst = put(dst, v->str, v->len);
        break;
    case G_HEX:
        v = json_get(g, "hex");
        for (size_t i = 0; i < v->len; i += 2)
            *dst++ = (unsigned char)(hexval(v->str[i]) << 4 | hexval(v->str[i + 1]));
        break;
    case G_UTF16LE: {
        v = json_get(g, "utf16le");
        size_t i = 0;
        while (i < v->len) {
            long cp = utf8_next((const unsigned char *)v->str, v->len, &i);
            unsigned units[2], n = 0;
            if (cp >= 0x10000) {
                units[n++] = (unsigned)(0xD800 + ((cp - 0x10000) >> 10));
                units[n++] = (unsigned)(0xDC00 + ((cp - 0x10000) & 0x3FF));
            } else {
                units[n++] = (unsigned)cp;
            }
            for (unsigned k = 0; k < n; k++) {
                *dst++ = (unsigned char)(units[k] & 0xFF);
                *dst++ = (unsigned char)(units[k] >> 8);
            }
        }
        break;
    }
    case G_REPEAT: {
        size_t times;
        count_of(json_get(g, "times"), &times);
        if (times == 0) break;
        unsigned char *start = dst;
        dst = gen_fill(json_get(g, "repeat"), dst);
        size_t one = (size_t)(dst - start), all = one * times, done = one;
        /* Copy what is already there, doubling, until all `times` copies are written. */
        while (done < all) {
            size_t n = done < all - done ? done : all - done;
            memcpy(start + done, start, n);
            done += n;
        }
        dst = start + all;
        break;
    }
    case G_CONCAT:
        v = json_get(g, "concat");
        for (size_t i = 0; i < v->count; i++) dst = gen_fill(v->items[i], dst);
        break;
    case G_NUMBERED: {
        size_t count;
        const jvalue *b, *a, *s;
        numbered_parts(json_get(g, "numbered"), &count, &b, &a, &s);
        for (size_t i = 0; i < count; i++) {
            char num[24];
            int n = snprintf(num, sizeof num, "%zu", i);
            if (i > 0) dst = put(dst, s->str, s->len);
            dst = put(dst, b->str, b->len);
            dst = put(dst, num, (size_t)n);
            dst = put(dst, a->str, a->len);
        }
        break;
    }
    }
    const jvalue *then = json_get(g, "then");
    return then ? gen_fill(then, dst) : dst;
}

/* ---------------------------------------------------------------- entries */

typedef enum {
    E_GATE_STAMP, E_GATE_VERIFY, E_GATE_ACCOUNT_CHECK, E_GATE_CALLBACK, E_GATE_STATUS_RESPONSE,
    E_GATE_PAYOUT_RESPONSE, E_CQR_PARSE, E_CQR_NOTIFICATION, E_CQR_INITIATE_ANSWER,
    E_CQR_GET_PAYMENTS_ANSWER, E_CQR_INITIATE_REQUEST, E_COUNT
} entry_id;

static const struct {
    const char *name;
    bool uses_signer; /* limits go into the Gate signer; otherwise into the call's limits document */
    const char *no_limits; /* why cases with `limits` are skipped; NULL when limits can be set */
} entries[E_COUNT] = {
    {"gate_stamp", false, NULL},
    {"gate_verify", true, NULL},
    {"gate_account_check", true, NULL},
    {"gate_callback", true, NULL},
    {"gate_status_response", true, NULL},
    {"gate_payout_response", true, NULL},
    {"cqr_parse", false, NULL},
    {"cqr_notification", false, NULL},
    {"cqr_initiate_answer", false, NULL},
    {"cqr_get_payments_answer", false, NULL},
    {"cqr_initiate_request", false, NULL},
};

static const char *const kinds[] = {"ok", "malformed_input", "validation", "signature_mismatch", "limit_exceeded",
                                    "unsupported", "missing_signature", "protocol", "unauthorized", NULL};
static const char *const limit_names[] = {"body_size", "depth", "items", "string_length", NULL};
static const char *const limit_fields[] = {"max_body_bytes", "max_depth", "max_items", "max_string_bytes", NULL};

static bool one_of(const char *s, const char *const *set) {
    for (; s && *set; set++)
        if (strcmp(s, *set) == 0) return true;
    return false;
}

typedef struct {
    const char *secret;
    uint64_t project_id;
    const char *sent_payment_id;
    const qm_gate_signer *default_signer;
} context;

typedef struct {
    entry_id entry;
    const qm_gate_signer *signer; /* entries that use a signer */
    const char *limits;           /* other entries, with limits: the limits JSON, else NULL */
} prepared;

/* What one call returned (outputs are released by call_free). */
typedef struct {
    qm_result rc;
    qm_buffer out, response;
    uint16_t code;
} call_result;

static void call_free(call_result *r) {
    qm_buffer_free(&r->out);
    qm_buffer_free(&r->response);
}

/* `fn` on the input with the case's limits document, NULL when it has none (inside call() only). */
#define PARSE(fn) fn(in, len, p->limits ? u8(p->limits) : NULL, p->limits ? strlen(p->limits) : 0, &r.out)

/* The measured call: nothing but the qm_* function. */
static call_result call(const context *ctx, const prepared *p, const uint8_t *in, size_t len) {
    call_result r = {0};
    switch (p->entry) {
    case E_GATE_STAMP: r.rc = PARSE(qm_gate_stamp); break;
    case E_GATE_VERIFY: r.rc = qm_gate_verify(p->signer, in, len); break;
    case E_GATE_ACCOUNT_CHECK:
        r.rc = qm_gate_account_check(p->signer, ctx->project_id, in, len, &r.out, &r.response, &r.code);
        break;
    case E_GATE_CALLBACK: r.rc = qm_gate_parse_callback(p->signer, in, len, &r.out); break;
    case E_GATE_STATUS_RESPONSE: r.rc = qm_gate_parse_status_response(p->signer, in, len, &r.out); break;
    case E_GATE_PAYOUT_RESPONSE:
        r.rc = qm_gate_parse_payout_response(p->signer, 200, in, len, u8(ctx->sent_payment_id),
                                             strlen(ctx->sent_payment_id), false, &r.out);
        break;
    case E_CQR_PARSE: r.rc = PARSE(qm_cqr_parse_message); break;
    case E_CQR_NOTIFICATION: r.rc = PARSE(qm_cqr_parse_notification); break;
    case E_CQR_INITIATE_ANSWER: r.rc = PARSE(qm_cqr_parse_initiate_answer); break;
    case E_CQR_GET_PAYMENTS_ANSWER: r.rc = PARSE(qm_cqr_parse_get_payments_answer); break;
    case E_CQR_INITIATE_REQUEST: r.rc = PARSE(qm_cqr_parse_initiate_request); break;
    case E_COUNT: break;
    }
    return r;
}
#undef PARSE

typedef struct {
    char kind[40];
    char limit[40]; /* "" when the error names no limit */
} outcome;

static void set(char *dst, size_t cap, const char *s) { snprintf(dst, cap, "%s", s ? s : ""); }

/* The kind/limit of an `error` object ({"kind","code","message","path","limit","fields"}). */
static bool outcome_of_error(const jvalue *e, outcome *o) {
    const char *kind = json_str(json_get(e, "kind"));
    const jvalue *limit = json_get(e, "limit");
    if (!kind || !(json_is(limit, J_STRING) || json_is(limit, J_NULL))) return false;
    set(o->kind, sizeof o->kind, kind);
    set(o->limit, sizeof o->limit, json_str(limit));
    return true;
}

/* Reduces a call's result to what the manifest can expect; false (after reporting) when the
 * outputs break the documented contract. */
static bool outcome_of(entry_id entry, const call_result *r, outcome *o) {
    if (entry == E_GATE_ACCOUNT_CHECK || entry == E_GATE_PAYOUT_RESPONSE) {
        if (r->rc != QM_OK) {
            fail("%s returned %s; it always answers QM_OK", entries[entry].name, qm_result_name(r->rc));
            return false;
        }
        jvalue *j = json_parse((const char *)r->out.data, r->out.len);
        bool ok = j != NULL;
        if (ok && entry == E_GATE_ACCOUNT_CHECK) {
            const jvalue *accepted = json_get(j, "accepted");
            if (json_is(accepted, J_BOOL) && accepted->boolean) {
                set(o->kind, sizeof o->kind, "ok");
                o->limit[0] = 0;
            } else {
                ok = json_is(accepted, J_BOOL) && outcome_of_error(json_get(j, "error"), o) &&
                     (r->code == 400 || r->code == 500) && r->response.len > 0;
            }
        } else if (ok) {
            const char *result = json_str(json_get(j, "result"));
            const jvalue *error = json_get(j, "error");
            o->limit[0] = 0;
            if (result && strcmp(result, "unknown") == 0 && json_is(error, J_STRING)) set(o->kind, sizeof o->kind, error->str);
            else if (result && (strcmp(result, "unknown") != 0 || json_is(error, J_NULL))) set(o->kind, sizeof o->kind, "ok");
            else ok = false;
        }
        if (!ok) fail("%s output is not the documented JSON: %.200s", entries[entry].name, (const char *)r->out.data);
        json_free(j);
        return ok;
    }
    if (r->rc == QM_OK) {
        set(o->kind, sizeof o->kind, "ok");
        o->limit[0] = 0;
        return true;
    }
    qm_buffer b = {NULL, 0};
    jvalue *e = NULL;
    bool ok = qm_last_error_json(&b) == QM_OK && (e = json_parse((const char *)b.data, b.len)) != NULL &&
              outcome_of_error(e, o);
    if (!ok) fail("qm_last_error_json after %s is unreadable: %.200s", qm_result_name(r->rc), b.data ? (const char *)b.data : "");
    else if (strcmp(o->kind, qm_result_name(r->rc)) != 0) {
        fail("returned %s but qm_last_error_json says kind %s", qm_result_name(r->rc), o->kind);
        ok = false;
    }
    json_free(e);
    qm_buffer_free(&b);
    return ok;
}

/* ---------------------------------------------------------------- the corpus */

#ifndef TIME_BOUND /* overridable with -D only to check that the runner can fail */
#define TIME_BOUND 1.0
#endif
#ifndef MEMORY_SLACK
#define MEMORY_SLACK ((long long)8 << 20)
#endif

typedef struct {
    double secs;
    char what[200];
} timing;

static int by_slowest(const void *a, const void *b) {
    double x = ((const timing *)a)->secs, y = ((const timing *)b)->secs;
    return (x < y) - (x > y);
}

/* The input of a case (generator or file), or NULL after reporting. *len receives its size. */
static unsigned char *input_of(const jvalue *c, const char *dir, size_t *len) {
    const jvalue *g = json_get(c, "generator"), *file = json_get(c, "file");
    if (g) {
        size_t n = 0;
        if (!gen_size(g, &n)) return NULL;
        unsigned char *buf = malloc(n + 1);
        if (!buf) { fail("out of memory for a %zu-byte input", n); return NULL; }
        unsigned char *end = gen_fill(g, buf);
        if ((size_t)(end - buf) != n) { fail("generator wrote %zu bytes, sized %zu", (size_t)(end - buf), n); free(buf); return NULL; }
        buf[n] = 0;
        *len = n;
        return buf;
    }
    size_t plen = strlen(dir) + file->len + 2;
    char *path = malloc(plen);
    snprintf(path, plen, "%s/%s", dir, file->str);
    unsigned char *buf = (unsigned char *)read_file(path, len);
    if (!buf) fail("cannot read %s", path);
    free(path);
    return buf;
}

/* Checks a case's members; false (after reporting) when it breaks the format. */
static bool case_valid(const jvalue *c, entry_id *entry) {
    static const char *const m[] = {"name", "entry", "generator", "file", "expect_kind", "expect_limit", "limits", "note", NULL};
    if (!json_is(c, J_OBJECT)) { fail("a case must be an object"); return false; }
    if (!json_is(json_get(c, "name"), J_STRING) || !strchr(json_get(c, "name")->str, '@')) {
        fail("a case needs a name \"<input>@<entry>\"");
        return false;
    }
    if (!has_only(c, m)) return false;
    const char *e = json_str(json_get(c, "entry"));
    *entry = E_COUNT;
    for (int i = 0; e && i < E_COUNT; i++)
        if (strcmp(e, entries[i].name) == 0) *entry = (entry_id)i;
    if (*entry == E_COUNT) { fail("unknown entry %s", e ? e : "(missing)"); return false; }
    if (!json_get(c, "generator") == !json_get(c, "file")) { fail("a case needs exactly one of generator and file"); return false; }
    if (json_get(c, "file") && !json_is(json_get(c, "file"), J_STRING)) { fail("file must be a string"); return false; }
    const char *kind = json_str(json_get(c, "expect_kind"));
    if (!one_of(kind, kinds)) { fail("unknown expect_kind %s", kind ? kind : "(missing)"); return false; }
    const jvalue *limit = json_get(c, "expect_limit");
    if (limit && (!one_of(json_str(limit), limit_names) || strcmp(kind, "limit_exceeded") != 0)) {
        fail("expect_limit must be a limit name, with expect_kind limit_exceeded");
        return false;
    }
    const jvalue *limits = json_get(c, "limits");
    if (limits) {
        if (!json_is(limits, J_OBJECT)) { fail("limits must be an object"); return false; }
        for (size_t i = 0; i < limits->count; i++) {
            size_t n;
            if (!one_of(limits->keys[i], limit_fields) || !count_of(limits->items[i], &n)) {
                fail("limits member %s is not a known limit with a non-negative integer", limits->keys[i]);
                return false;
            }
        }
    }
    const jvalue *note = json_get(c, "note");
    if (note && !json_is(note, J_STRING)) { fail("note must be a string"); return false; }
    return true;
}

/* Proves that the counting hook sees the library's allocations: a ~100 KB stamp is live. */
static bool counting_self_check(void) {
    size_t cap = 200000, n = 0;
    char *json = malloc(cap);
    n += (size_t)snprintf(json + n, cap - n, "{");
    for (int i = 0; i < 100; i++) {
        n += (size_t)snprintf(json + n, cap - n, "%s\"k%d\":\"", i ? "," : "", i);
        memset(json + n, 'x', 1000);
        n += 1000;
        json[n++] = '"';
    }
    json[n++] = '}';
    long long before = live_now();
    qm_buffer out = {NULL, 0};
    qm_result rc = qm_gate_stamp(u8(json), n, NULL, 0, &out);
    long long held = live_now() - before;
    qm_buffer_free(&out);
    long long after = live_now() - before;
    free(json);
    if (rc != QM_OK || held < 100000 || after > 4096) {
        fprintf(stderr, "test_adversarial: the counting allocator does not see the library's allocations "
                        "(stamp %s, %lld bytes live while held, %lld after)\n", qm_result_name(rc), held, after);
        return false;
    }
    return true;
}

int main(int argc, char **argv) {
    bool verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    if (verbose) argc--, argv++;
    const char *manifest_path = argc > 1 ? argv[1] : "tests/adversarial/cases.json";
    double started = now_s();
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (COUNTING && !counting_self_check()) return 1;

    size_t mlen;
    char *text = read_file(manifest_path, &mlen);
    if (!text) { fprintf(stderr, "test_adversarial: cannot read %s\n", manifest_path); return 1; }
    jvalue *m = json_parse(text, mlen);
    free(text);
    if (!m) { fprintf(stderr, "test_adversarial: %s is not valid JSON\n", manifest_path); return 1; }
    char *dir = strdup(manifest_path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
    else strcpy(dir, ".");

    const jvalue *cases = json_get(m, "cases");
    context ctx = {json_str(json_get(m, "secret")), 0, json_str(json_get(m, "sent_payment_id")), NULL};
    size_t project_id;
    if (json_int(json_get(m, "version")) != 1 || !ctx.secret || !ctx.sent_payment_id ||
        !count_of(json_get(m, "project_id"), &project_id) || !json_is(cases, J_ARRAY)) {
        fprintf(stderr, "test_adversarial: %s: needs version 1, secret, project_id, sent_payment_id, cases\n", manifest_path);
        return 1;
    }
    ctx.project_id = project_id;
    if (cases->count <= 100) { fprintf(stderr, "test_adversarial: manifest too small (%zu cases)\n", cases->count); return 1; }
    qm_gate_signer *default_signer = NULL;
    if (qm_gate_signer_new(u8(ctx.secret), strlen(ctx.secret), NULL, 0, &default_signer) != QM_OK) {
        fprintf(stderr, "test_adversarial: qm_gate_signer_new failed\n");
        return 1;
    }
    ctx.default_signer = default_signer;

    size_t ran = 0, skipped_by[E_COUNT] = {0}, skipped = 0;
    timing *timings = calloc(cases->count, sizeof *timings);
    char *cached_base = NULL;
    unsigned char *input = NULL;
    size_t input_len = 0;

    for (size_t ci = 0; ci < cases->count; ci++) {
        const jvalue *c = cases->items[ci];
        current = json_str(json_get(c, "name"));
        if (!current) current = "(unnamed case)";
        entry_id entry;
        if (!case_valid(c, &entry)) continue;
        const jvalue *limits = json_get(c, "limits");
        bool has_limits = limits && limits->count > 0;
        if (has_limits && entries[entry].no_limits) {
            size_t n = 0;
            if (json_get(c, "generator") && !gen_size(json_get(c, "generator"), &n)) continue; /* still a failure */
            skipped_by[entry]++;
            skipped++;
            continue;
        }

        /* The input: cases with the same name before '@' share it. */
        size_t base_len = (size_t)(strchr(current, '@') - current);
        if (!cached_base || strlen(cached_base) != base_len || strncmp(cached_base, current, base_len) != 0) {
            free(input);
            free(cached_base);
            input = NULL;
            cached_base = NULL;
            input = input_of(c, dir, &input_len);
            if (!input) continue;
            cached_base = strndup(current, base_len);
        }

        /* Everything the call needs besides the input, built before it is measured. */
        prepared p = {entry, default_signer, NULL};
        qm_gate_signer *own_signer = NULL;
        char *limits_json = NULL;
        if (has_limits) {
            size_t ll;
            limits_json = json_write(limits, &ll);
            if (entries[entry].uses_signer) {
                qm_result rc = qm_gate_signer_new(u8(ctx.secret), strlen(ctx.secret), u8(limits_json), ll, &own_signer);
                if (rc != QM_OK) {
                    fail("qm_gate_signer_new(%s): %s", limits_json, qm_result_name(rc));
                    free(limits_json);
                    continue;
                }
                p.signer = own_signer;
            } else {
                p.limits = limits_json;
            }
        }

        peak_reset();
        long long baseline = live_now();
        double t0 = now_s();
        call_result r = call(&ctx, &p, input, input_len);
        double elapsed = now_s() - t0;
        long long peak = peak_now() - baseline;
        outcome got;
        bool readable = outcome_of(entry, &r, &got);
        call_free(&r);
        /* A loaded machine can stall one run; quadratic work is slow every time. Over the bound,
         * the case gets two more runs and the fastest counts. */
        for (int again = 0; again < 2 && elapsed > TIME_BOUND; again++) {
            double t1 = now_s();
            call_result r2 = call(&ctx, &p, input, input_len);
            double e2 = now_s() - t1;
            call_free(&r2);
            if (e2 < elapsed) elapsed = e2;
        }
        ran++;

        const char *want_kind = json_str(json_get(c, "expect_kind"));
        const char *want_limit = json_str(json_get(c, "expect_limit"));
        if (readable && (strcmp(got.kind, want_kind) != 0 || (want_limit && strcmp(got.limit, want_limit) != 0)))
            fail("expected %s%s%s, got %s%s%s", want_kind, want_limit ? " limit " : "", want_limit ? want_limit : "",
                 got.kind, got.limit[0] ? " limit " : "", got.limit);
        if (elapsed > TIME_BOUND) fail("took %.3f s (bound %g s)", elapsed, TIME_BOUND);
        long long bound = 4 * (long long)input_len + MEMORY_SLACK;
        if (COUNTING && peak > bound)
            fail("peak %lld live bytes for a %zu-byte input (bound %lld)", peak, input_len, bound);
        timings[ran - 1].secs = elapsed;
        if (COUNTING)
            snprintf(timings[ran - 1].what, sizeof timings[ran - 1].what, "%s (%zu bytes, peak %lld)", current, input_len, peak);
        else
            snprintf(timings[ran - 1].what, sizeof timings[ran - 1].what, "%s (%zu bytes)", current, input_len);
        if (verbose) printf("case: %.3f s %s: %s%s%s\n", elapsed, timings[ran - 1].what, readable ? got.kind : "?",
                            readable && got.limit[0] ? " " : "", readable ? got.limit : "");

        qm_gate_signer_free(own_signer);
        free(limits_json);
    }
    free(input);
    free(cached_base);

    qsort(timings, ran, sizeof *timings, by_slowest);
    for (size_t i = 0; i < ran && i < 5; i++) printf("slowest: %.3f s %s\n", timings[i].secs, timings[i].what);
    free(timings);
    printf("test_adversarial: %zu cases: %zu run, %zu skipped, %d failure%s; %.1f s\n", cases->count, ran, skipped,
           failed, failed == 1 ? "" : "s", now_s() - started);
    for (int e = 0; e < E_COUNT; e++)
        if (skipped_by[e])
            printf("  skipped %zu %s case%s with limits: %s\n", skipped_by[e], entries[e].name,
                   skipped_by[e] == 1 ? "" : "s", entries[e].no_limits);
    if (!COUNTING) printf("  memory bound NOT checked: no counting allocator in this build (ASan or not glibc)\n");

    qm_gate_signer_free(default_signer);
    json_free(m);
    free(dir);
    return failed ? 1 : 0;
}
