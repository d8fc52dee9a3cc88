/* json.c: see json.h. */
#include "json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *p;
    const char *end;
    int depth;
} parser;

static jvalue *parse_value(parser *ps);

static void skip_ws(parser *ps) {
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static jvalue *new_value(jtype t) {
    jvalue *v = calloc(1, sizeof *v);
    if (v) v->type = t;
    return v;
}

typedef struct {
    char *data;
    size_t len, cap;
} sbuf;

static bool sb_put(sbuf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        while (cap < b->len + n + 1) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) return false;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
    return true;
}

static bool put_utf8(sbuf *b, uint32_t cp) {
    char u[4];
    size_t n;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    return sb_put(b, u, n);
}

static int hex4(const char *p, const char *end, uint32_t *out) {
    if (end - p < 4) return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (uint32_t)(c - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

/* Parses a string at ps->p (which is '"'); fills *out (NUL-terminated) and *len. */
static bool parse_string(parser *ps, char **out, size_t *len) {
    sbuf b = {0};
    ps->p++;
    if (!sb_put(&b, "", 0)) return false;
    while (ps->p < ps->end) {
        unsigned char c = (unsigned char)*ps->p;
        if (c == '"') {
            ps->p++;
            *out = b.data;
            *len = b.len;
            return true;
        }
        if (c < 0x20) break;
        if (c != '\\') {
            const char *s = ps->p;
            while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' && (unsigned char)*ps->p >= 0x20) ps->p++;
            if (!sb_put(&b, s, (size_t)(ps->p - s))) break;
            continue;
        }
        ps->p++;
        if (ps->p >= ps->end) break;
        char e = *ps->p++;
        const char *lit = NULL;
        switch (e) {
        case '"': lit = "\""; break;
        case '\\': lit = "\\"; break;
        case '/': lit = "/"; break;
        case 'b': lit = "\b"; break;
        case 'f': lit = "\f"; break;
        case 'n': lit = "\n"; break;
        case 'r': lit = "\r"; break;
        case 't': lit = "\t"; break;
        case 'u': {
            uint32_t cp, lo;
            if (!hex4(ps->p, ps->end, &cp)) goto fail;
            ps->p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' || !hex4(ps->p + 2, ps->end, &lo) ||
                    lo < 0xDC00 || lo > 0xDFFF)
                    goto fail;
                ps->p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                goto fail;
            }
            if (!put_utf8(&b, cp)) goto fail;
            continue;
        }
        default: goto fail;
        }
        if (!sb_put(&b, lit, 1)) goto fail;
    }
fail:
    free(b.data);
    return false;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static jvalue *parse_number(parser *ps) {
    const char *s = ps->p;
    if (ps->p < ps->end && *ps->p == '-') ps->p++;
    if (ps->p >= ps->end) return NULL;
    if (*ps->p == '0') ps->p++;
    else if (is_digit(*ps->p)) while (ps->p < ps->end && is_digit(*ps->p)) ps->p++;
    else return NULL;
    if (ps->p < ps->end && *ps->p == '.') {
        ps->p++;
        if (ps->p >= ps->end || !is_digit(*ps->p)) return NULL;
        while (ps->p < ps->end && is_digit(*ps->p)) ps->p++;
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) ps->p++;
        if (ps->p >= ps->end || !is_digit(*ps->p)) return NULL;
        while (ps->p < ps->end && is_digit(*ps->p)) ps->p++;
    }
    jvalue *v = new_value(J_NUMBER);
    if (!v) return NULL;
    v->len = (size_t)(ps->p - s);
    v->str = malloc(v->len + 1);
    if (!v->str) { free(v); return NULL; }
    memcpy(v->str, s, v->len);
    v->str[v->len] = 0;
    return v;
}

static bool push_item(jvalue *c, jvalue *item, char *key, size_t key_len) {
    jvalue **items = realloc(c->items, (c->count + 1) * sizeof *items);
    if (!items) return false;
    c->items = items;
    if (c->type == J_OBJECT) {
        char **keys = realloc(c->keys, (c->count + 1) * sizeof *keys);
        if (!keys) return false;
        c->keys = keys;
        size_t *lens = realloc(c->key_lens, (c->count + 1) * sizeof *lens);
        if (!lens) return false;
        c->key_lens = lens;
        c->keys[c->count] = key;
        c->key_lens[c->count] = key_len;
    }
    c->items[c->count++] = item;
    return true;
}

static jvalue *parse_container(parser *ps, bool object) {
    if (++ps->depth > 256) return NULL;
    jvalue *c = new_value(object ? J_OBJECT : J_ARRAY);
    if (!c) return NULL;
    ps->p++;
    skip_ws(ps);
    char close = object ? '}' : ']';
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        ps->depth--;
        return c;
    }
    for (;;) {
        char *key = NULL;
        size_t key_len = 0;
        skip_ws(ps);
        if (object) {
            if (ps->p >= ps->end || *ps->p != '"' || !parse_string(ps, &key, &key_len)) goto fail;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':') { free(key); goto fail; }
            ps->p++;
        }
        jvalue *item = parse_value(ps);
        if (!item || !push_item(c, item, key, key_len)) { free(key); json_free(item); goto fail; }
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') { ps->p++; continue; }
        if (ps->p < ps->end && *ps->p == close) { ps->p++; break; }
        goto fail;
    }
    ps->depth--;
    return c;
fail:
    json_free(c);
    return NULL;
}

static bool literal(parser *ps, const char *lit) {
    size_t n = strlen(lit);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, lit, n) != 0) return false;
    ps->p += n;
    return true;
}

static jvalue *parse_value(parser *ps) {
    skip_ws(ps);
    if (ps->p >= ps->end) return NULL;
    char c = *ps->p;
    if (c == '{') return parse_container(ps, true);
    if (c == '[') return parse_container(ps, false);
    if (c == '"') {
        jvalue *v = new_value(J_STRING);
        if (v && !parse_string(ps, &v->str, &v->len)) { free(v); return NULL; }
        return v;
    }
    if (c == '-' || is_digit(c)) return parse_number(ps);
    jvalue *v = NULL;
    if (literal(ps, "true")) { v = new_value(J_BOOL); if (v) v->boolean = true; }
    else if (literal(ps, "false")) v = new_value(J_BOOL);
    else if (literal(ps, "null")) v = new_value(J_NULL);
    return v;
}

jvalue *json_parse(const char *text, size_t len) {
    parser ps = {text, text + len, 0};
    jvalue *v = parse_value(&ps);
    skip_ws(&ps);
    if (v && ps.p != ps.end) { json_free(v); return NULL; }
    return v;
}

void json_free(jvalue *v) {
    if (!v) return;
    for (size_t i = 0; i < v->count; i++) {
        json_free(v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->key_lens);
    free(v->str);
    free(v);
}

const jvalue *json_get(const jvalue *obj, const char *key) {
    if (!obj || obj->type != J_OBJECT) return NULL;
    size_t n = strlen(key);
    for (size_t i = 0; i < obj->count; i++)
        if (obj->key_lens[i] == n && memcmp(obj->keys[i], key, n) == 0) return obj->items[i];
    return NULL;
}

const char *json_str(const jvalue *v) { return v && v->type == J_STRING ? v->str : NULL; }
long long json_int(const jvalue *v) { return v && v->type == J_NUMBER ? strtoll(v->str, NULL, 10) : 0; }
bool json_is(const jvalue *v, jtype t) { return v && v->type == t; }

static const jvalue *member_n(const jvalue *obj, const char *key, size_t n) {
    for (size_t i = 0; i < obj->count; i++)
        if (obj->key_lens[i] == n && memcmp(obj->keys[i], key, n) == 0) return obj->items[i];
    return NULL;
}

bool json_equal(const jvalue *a, const jvalue *b) {
    if (!a || !b) return a == b;
    if (a->type != b->type) return false;
    switch (a->type) {
    case J_NULL: return true;
    case J_BOOL: return a->boolean == b->boolean;
    case J_NUMBER:
        return (a->len == b->len && memcmp(a->str, b->str, a->len) == 0) || strtold(a->str, NULL) == strtold(b->str, NULL);
    case J_STRING: return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
    case J_ARRAY:
        if (a->count != b->count) return false;
        for (size_t i = 0; i < a->count; i++)
            if (!json_equal(a->items[i], b->items[i])) return false;
        return true;
    case J_OBJECT:
        if (a->count != b->count) return false;
        for (size_t i = 0; i < a->count; i++) {
            const jvalue *o = member_n(b, a->keys[i], a->key_lens[i]);
            if (!o || !json_equal(a->items[i], o)) return false;
        }
        return true;
    }
    return false;
}

bool json_subset(const jvalue *expected, const jvalue *actual) {
    static const jvalue null_value = {.type = J_NULL};
    if (expected && expected->type == J_OBJECT) {
        if (!actual || actual->type != J_OBJECT) return false;
        for (size_t i = 0; i < expected->count; i++) {
            const jvalue *o = member_n(actual, expected->keys[i], expected->key_lens[i]);
            if (!json_subset(expected->items[i], o ? o : &null_value)) return false;
        }
        return true;
    }
    return json_equal(expected, actual ? actual : &null_value);
}

char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    sbuf b = {0};
    char chunk[65536];
    size_t n;
    if (!sb_put(&b, "", 0)) { fclose(f); return NULL; }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (!sb_put(&b, chunk, n)) { free(b.data); fclose(f); return NULL; }
    fclose(f);
    *len = b.len;
    return b.data;
}

static int b64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

unsigned char *base64_decode(const char *s, size_t *out_len) {
    size_t n = strlen(s);
    if (n % 4 != 0) return NULL;
    unsigned char *out = malloc(n / 4 * 3 + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i += 4) {
        int v[4];
        for (int k = 0; k < 4; k++) {
            v[k] = s[i + k] == '=' && i + 4 == n && k >= 2 ? 0 : b64_value(s[i + k]);
            if (v[k] < 0) { free(out); return NULL; }
        }
        uint32_t w = ((uint32_t)v[0] << 18) | ((uint32_t)v[1] << 12) | ((uint32_t)v[2] << 6) | (uint32_t)v[3];
        out[o++] = (unsigned char)(w >> 16);
        if (s[i + 2] != '=') out[o++] = (unsigned char)(w >> 8);
        if (s[i + 3] != '=') out[o++] = (unsigned char)w;
    }
    *out_len = o;
    return out;
}

static bool write_string(sbuf *b, const char *s, size_t n) {
    if (!sb_put(b, "\"", 1)) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\'; esc[1] = (char)c;
            if (!sb_put(b, esc, 2)) return false;
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            if (!sb_put(b, esc, 6)) return false;
        } else if (!sb_put(b, (const char *)&s[i], 1)) {
            return false;
        }
    }
    return sb_put(b, "\"", 1);
}

static bool write_value(sbuf *b, const jvalue *v) {
    switch (v->type) {
    case J_NULL: return sb_put(b, "null", 4);
    case J_BOOL: return v->boolean ? sb_put(b, "true", 4) : sb_put(b, "false", 5);
    case J_NUMBER: return sb_put(b, v->str, v->len);
    case J_STRING: return write_string(b, v->str, v->len);
    case J_ARRAY:
    case J_OBJECT: {
        bool obj = v->type == J_OBJECT;
        if (!sb_put(b, obj ? "{" : "[", 1)) return false;
        for (size_t i = 0; i < v->count; i++) {
            if (i && !sb_put(b, ",", 1)) return false;
            if (obj && (!write_string(b, v->keys[i], v->key_lens[i]) || !sb_put(b, ":", 1))) return false;
            if (!write_value(b, v->items[i])) return false;
        }
        return sb_put(b, obj ? "}" : "]", 1);
    }
    }
    return false;
}

char *json_write(const jvalue *v, size_t *len) {
    sbuf b = {0};
    if (!sb_put(&b, "", 0) || !write_value(&b, v)) { free(b.data); return NULL; }
    *len = b.len;
    return b.data;
}
