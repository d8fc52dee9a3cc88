/*
 * A decoder for the JSON documents the core returns, straight into PHP arrays.
 *
 * ext/json is general and pays for it: a parser generator's per-token overhead on every member
 * of a callback's model document (which carries the whole received message as `raw`) was most
 * of Signer::parseCallback's time. The core's output is compact UTF-8 JSON written by serde, so
 * this decoder handles exactly what it writes: objects (as arrays), lists, strings, integers of
 * up to 18 digits, true, false and null. Anything else (a non-integer or exponent number, a
 * longer integer, nesting deeper than QM_ZJSON_MAX_DEPTH, text that is not JSON) makes it
 * return FAILURE with `out` undefined, and the caller decodes with ext/json instead. So where it
 * succeeds, the result is what php_json_decode_ex(..., PHP_JSON_OBJECT_AS_ARRAY |
 * PHP_JSON_BIGINT_AS_STRING) returns, and every other case keeps ext/json's behaviour.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "zend_smart_str.h"
#include "qm_zjson.h"

/* Below ext/json's depth (1024 here) and small enough for the C stack; deeper documents (only
 * possible with raised parse limits) go to ext/json. */
#define QM_ZJSON_MAX_DEPTH 256
/* 18 decimal digits always fit a 64-bit zend_long; longer integers go to ext/json (which turns
 * the ones that do not fit into strings). */
#define QM_ZJSON_MAX_DIGITS 18

typedef struct {
	const char *p;
	const char *end;
	int depth;
} qm_zjson;

static zend_result qm_zjson_value(qm_zjson *s, zval *out);

static inline void qm_zjson_ws(qm_zjson *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t')) {
		s->p++;
	}
}

static bool qm_zjson_hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	int i;
	for (i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9') {
			v |= (unsigned) (c - '0');
		} else if (c >= 'a' && c <= 'f') {
			v |= (unsigned) (c - 'a' + 10);
		} else if (c >= 'A' && c <= 'F') {
			v |= (unsigned) (c - 'A' + 10);
		} else {
			return false;
		}
	}
	*out = v;
	return true;
}

static void qm_zjson_utf8(smart_str *b, unsigned cp)
{
	if (cp < 0x80) {
		smart_str_appendc(b, (char) cp);
	} else if (cp < 0x800) {
		smart_str_appendc(b, (char) (0xC0 | (cp >> 6)));
		smart_str_appendc(b, (char) (0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		smart_str_appendc(b, (char) (0xE0 | (cp >> 12)));
		smart_str_appendc(b, (char) (0x80 | ((cp >> 6) & 0x3F)));
		smart_str_appendc(b, (char) (0x80 | (cp & 0x3F)));
	} else {
		smart_str_appendc(b, (char) (0xF0 | (cp >> 18)));
		smart_str_appendc(b, (char) (0x80 | ((cp >> 12) & 0x3F)));
		smart_str_appendc(b, (char) (0x80 | ((cp >> 6) & 0x3F)));
		smart_str_appendc(b, (char) (0x80 | (cp & 0x3F)));
	}
}

/* Bytes that end a plain run inside a string: the quote, the backslash, control characters. */
static const bool qm_zjson_special[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1,
	[0x08] = 1, [0x09] = 1, [0x0A] = 1, [0x0B] = 1, [0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1,
	[0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
	[0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1,
	['"'] = 1, ['\\'] = 1,
};

/* The string at s->p (its opening quote); NULL when it is not one we decode. */
static zend_string *qm_zjson_string(qm_zjson *s)
{
	const char *q = ++s->p;
	while (q < s->end && !qm_zjson_special[(unsigned char) *q]) {
		q++;
	}
	if (q >= s->end || (unsigned char) *q < 0x20) {
		return NULL;
	}
	if (*q == '"') {
		zend_string *str = zend_string_init(s->p, (size_t) (q - s->p), 0);
		s->p = q + 1;
		return str;
	}
	smart_str b = {0};
	smart_str_appendl(&b, s->p, (size_t) (q - s->p));
	while (q < s->end) {
		char c = *q;
		if (c == '"') {
			s->p = q + 1;
			return smart_str_extract(&b);
		}
		if ((unsigned char) c < 0x20) {
			break;
		}
		if (c != '\\') {
			smart_str_appendc(&b, c);
			q++;
			continue;
		}
		if (s->end - q < 2) {
			break;
		}
		q++;
		switch (*q) {
			case '"': smart_str_appendc(&b, '"'); break;
			case '\\': smart_str_appendc(&b, '\\'); break;
			case '/': smart_str_appendc(&b, '/'); break;
			case 'b': smart_str_appendc(&b, '\b'); break;
			case 'f': smart_str_appendc(&b, '\f'); break;
			case 'n': smart_str_appendc(&b, '\n'); break;
			case 'r': smart_str_appendc(&b, '\r'); break;
			case 't': smart_str_appendc(&b, '\t'); break;
			case 'u': {
				unsigned cp, low;
				if (s->end - q < 5 || !qm_zjson_hex4(q + 1, &cp)) {
					goto fail;
				}
				q += 4;
				if (cp >= 0xD800 && cp <= 0xDBFF) {
					if (s->end - q < 7 || q[1] != '\\' || q[2] != 'u' || !qm_zjson_hex4(q + 3, &low)
							|| low < 0xDC00 || low > 0xDFFF) {
						goto fail;
					}
					cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
					q += 6;
				} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
					goto fail;
				}
				qm_zjson_utf8(&b, cp);
				break;
			}
			default:
				goto fail;
		}
		q++;
	}
fail:
	smart_str_free(&b);
	return NULL;
}

static zend_result qm_zjson_number(qm_zjson *s, zval *out)
{
	const char *q = s->p;
	bool negative = false;
	zend_long v = 0;
	int digits = 0;
	if (*q == '-') {
		negative = true;
		q++;
	}
	if (q < s->end && *q == '0') {
		q++;
		digits = 1;
	} else {
		while (q < s->end && *q >= '0' && *q <= '9') {
			if (++digits > QM_ZJSON_MAX_DIGITS) {
				return FAILURE;
			}
			v = v * 10 + (*q - '0');
			q++;
		}
	}
	if (digits == 0 || (q < s->end && (*q == '.' || *q == 'e' || *q == 'E' || (*q >= '0' && *q <= '9')))) {
		return FAILURE;
	}
	s->p = q;
	ZVAL_LONG(out, negative ? -v : v);
	return SUCCESS;
}

static bool qm_zjson_literal(qm_zjson *s, const char *word, size_t len)
{
	if ((size_t) (s->end - s->p) < len || memcmp(s->p, word, len) != 0) {
		return false;
	}
	s->p += len;
	return true;
}

static zend_result qm_zjson_container(qm_zjson *s, zval *out, bool object)
{
	char close = object ? '}' : ']';
	if (++s->depth > QM_ZJSON_MAX_DEPTH) {
		return FAILURE;
	}
	s->p++;
	array_init(out);
	qm_zjson_ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		s->depth--;
		return SUCCESS;
	}
	for (;;) {
		zval item;
		zend_string *key = NULL;
		if (object) {
			if (s->p >= s->end || *s->p != '"' || !(key = qm_zjson_string(s))) {
				goto fail;
			}
			qm_zjson_ws(s);
			if (s->p >= s->end || *s->p != ':') {
				zend_string_release(key);
				goto fail;
			}
			s->p++;
			qm_zjson_ws(s);
		}
		if (qm_zjson_value(s, &item) == FAILURE) {
			if (key) {
				zend_string_release(key);
			}
			goto fail;
		}
		if (key) {
			/* As ext/json does for arrays: numeric keys become integer keys, the last
			 * duplicate wins. */
			zend_symtable_update(Z_ARRVAL_P(out), key, &item);
			zend_string_release(key);
		} else {
			zend_hash_next_index_insert(Z_ARRVAL_P(out), &item);
		}
		qm_zjson_ws(s);
		if (s->p >= s->end) {
			goto fail;
		}
		if (*s->p == ',') {
			s->p++;
			qm_zjson_ws(s);
			continue;
		}
		if (*s->p == close) {
			s->p++;
			s->depth--;
			return SUCCESS;
		}
		goto fail;
	}
fail:
	zval_ptr_dtor(out);
	ZVAL_UNDEF(out);
	return FAILURE;
}

static zend_result qm_zjson_value(qm_zjson *s, zval *out)
{
	if (s->p >= s->end) {
		return FAILURE;
	}
	switch (*s->p) {
		case '{':
			return qm_zjson_container(s, out, true);
		case '[':
			return qm_zjson_container(s, out, false);
		case '"': {
			zend_string *str = qm_zjson_string(s);
			if (!str) {
				return FAILURE;
			}
			ZVAL_STR(out, str);
			return SUCCESS;
		}
		case 't':
			if (!qm_zjson_literal(s, "true", 4)) {
				return FAILURE;
			}
			ZVAL_TRUE(out);
			return SUCCESS;
		case 'f':
			if (!qm_zjson_literal(s, "false", 5)) {
				return FAILURE;
			}
			ZVAL_FALSE(out);
			return SUCCESS;
		case 'n':
			if (!qm_zjson_literal(s, "null", 4)) {
				return FAILURE;
			}
			ZVAL_NULL(out);
			return SUCCESS;
		default:
			if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9')) {
				return qm_zjson_number(s, out);
			}
			return FAILURE;
	}
}

zend_result qm_zjson_decode(const char *json, size_t len, zval *out)
{
	qm_zjson s = {json, json + len, 0};
	ZVAL_UNDEF(out);
	qm_zjson_ws(&s);
	if (qm_zjson_value(&s, out) == FAILURE) {
		ZVAL_UNDEF(out);
		return FAILURE;
	}
	qm_zjson_ws(&s);
	if (s.p != s.end) {
		zval_ptr_dtor(out);
		ZVAL_UNDEF(out);
		return FAILURE;
	}
	return SUCCESS;
}
