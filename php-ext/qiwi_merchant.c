/*
 * qiwi_merchant: PHP bindings for qiwi-merchant (JetPay Gate qiwi-kz and CQR/Kalixa QiwiDeposit).
 *
 * Every operation is one call into the core's C ABI (include/qiwi_merchant.h). Structured
 * results come back as JSON, wrapped into final classes with readonly properties (property
 * `fooBar` = JSON member `foo_bar`; toArray() gives the whole document) that decode it with
 * ext/json when first used; a received message is never copied back from the core: `raw` is the
 * caller's own string, decoded when first read. PHP arrays going in are written as JSON here (not
 * json_encode: integer keys become string keys; floats are judged by the core's rule for the
 * document, which names their path). Errors become QiwiMerchant\Exception subclasses whose code
 * is the core's stable code and whose message is the core's message.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "ext/standard/info.h"
#include "ext/json/php_json.h"
#include "ext/spl/spl_exceptions.h"
#include "zend_attributes.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "zend_smart_str.h"

#include "qiwi_merchant.h"
#include "php_qiwi_merchant.h"
#include "qiwi_merchant_arginfo.h"

#if !defined(QIWI_MERCHANT_VERSION_MAJOR) || QIWI_MERCHANT_VERSION_MAJOR != 0 || QIWI_MERCHANT_VERSION_MINOR < 3
#error "qiwi_merchant.h 0.3.x is required (QIWI_MERCHANT_VERSION_MAJOR 0, MINOR >= 3: limits documents in the parsers, results without the received message)"
#endif

#if PHP_VERSION_ID < 80100
#error "PHP 8.1 or newer is required"
#endif

/* Deepest PHP array nesting converted to JSON (the core's own default limit is 64; this only
 * stops runaway recursion, e.g. an array holding a reference to itself). */
#define QM_MAX_ENCODE_DEPTH 256
#define QM_JSON_DEPTH 1024

/* ---------------------------------------------------------------------------------------- */
/* Class entries */

static zend_class_entry *qm_ce_exception, *qm_ce_malformed, *qm_ce_validation, *qm_ce_signature,
    *qm_ce_limit, *qm_ce_unsupported, *qm_ce_protocol, *qm_ce_unauthorized;
static zend_class_entry *qm_ce_signer, *qm_ce_callback, *qm_ce_ac_request, *qm_ce_ac_response,
    *qm_ce_account_check, *qm_ce_signed_request, *qm_ce_payout_response, *qm_ce_status_response;
static zend_class_entry *qm_ce_message, *qm_ce_notification, *qm_ce_initiate_response,
    *qm_ce_get_payments_response, *qm_ce_execute_response, *qm_ce_service_error,
    *qm_ce_built_request, *qm_ce_ip_decision, *qm_ce_notification_check;
static zend_class_entry *qm_ce_decision, *qm_ce_gate_settlement, *qm_ce_cqr_settlement;

/* ---------------------------------------------------------------------------------------- */
/* Exceptions */

static zend_class_entry *qm_exception_class(uint32_t code)
{
	switch (code) {
		case QM_MALFORMED_INPUT: return qm_ce_malformed;
		case QM_VALIDATION: return qm_ce_validation;
		case QM_SIGNATURE_MISMATCH: case QM_MISSING_SIGNATURE: return qm_ce_signature;
		case QM_LIMIT_EXCEEDED: return qm_ce_limit;
		case QM_UNSUPPORTED: return qm_ce_unsupported;
		case QM_PROTOCOL: return qm_ce_protocol;
		case QM_UNAUTHORIZED: return qm_ce_unauthorized;
		default: return qm_ce_exception;
	}
}

/* Throws the exception for `code` with the given details (fields: an array or NULL). */
static void qm_throw(uint32_t code, const char *kind, const char *message, size_t message_len,
                     const char *path, size_t path_len, const char *limit, zval *fields)
{
	zend_string *msg = zend_string_init(message, message_len, 0);
	zend_object *ex = zend_throw_exception(qm_exception_class(code), ZSTR_VAL(msg), (zend_long) code);
	zend_string_release(msg);
	if (!ex) {
		return;
	}
	zend_update_property_string(qm_ce_exception, ex, "kind", sizeof("kind") - 1, kind);
	if (path && path_len) {
		zend_update_property_stringl(qm_ce_exception, ex, "errorPath", sizeof("errorPath") - 1, path, path_len);
	}
	if (limit) {
		zend_update_property_string(qm_ce_exception, ex, "limit", sizeof("limit") - 1, limit);
	}
	if (fields && Z_TYPE_P(fields) == IS_ARRAY) {
		zend_update_property(qm_ce_exception, ex, "fields", sizeof("fields") - 1, fields);
	}
}

/* Throws the calling thread's last core error (after a call returned `r` != QM_OK). */
static void qm_throw_last(qm_result r)
{
	qm_buffer buf = {0};
	zval err;
	ZVAL_UNDEF(&err);
	if (qm_last_error_json(&buf) == QM_OK && buf.data) {
		php_json_decode_ex(&err, (const char *) buf.data, buf.len, PHP_JSON_OBJECT_AS_ARRAY, QM_JSON_DEPTH);
		qm_buffer_free(&buf);
	}
	if (Z_TYPE(err) == IS_ARRAY) {
		zval *kind = zend_hash_str_find(Z_ARRVAL(err), "kind", 4);
		zval *message = zend_hash_str_find(Z_ARRVAL(err), "message", 7);
		zval *path = zend_hash_str_find(Z_ARRVAL(err), "path", 4);
		zval *limit = zend_hash_str_find(Z_ARRVAL(err), "limit", 5);
		zval *fields = zend_hash_str_find(Z_ARRVAL(err), "fields", 6);
		qm_throw(r,
			kind && Z_TYPE_P(kind) == IS_STRING ? Z_STRVAL_P(kind) : qm_result_name(r),
			message && Z_TYPE_P(message) == IS_STRING ? Z_STRVAL_P(message) : "",
			message && Z_TYPE_P(message) == IS_STRING ? Z_STRLEN_P(message) : 0,
			path && Z_TYPE_P(path) == IS_STRING ? Z_STRVAL_P(path) : NULL,
			path && Z_TYPE_P(path) == IS_STRING ? Z_STRLEN_P(path) : 0,
			limit && Z_TYPE_P(limit) == IS_STRING ? Z_STRVAL_P(limit) : NULL,
			fields);
	} else {
		char msg[512];
		size_t len = 0;
		qm_last_error_message(msg, sizeof msg, &len);
		if (len >= sizeof msg) {
			len = strlen(msg);
		}
		qm_throw(r, qm_result_name(r), msg, len, NULL, 0, NULL, NULL);
	}
	zval_ptr_dtor(&err);
}

#define QM_CHECK(expr) \
	do { \
		qm_result qm_r_ = (expr); \
		if (qm_r_ != QM_OK) { \
			qm_throw_last(qm_r_); \
			RETURN_THROWS(); \
		} \
	} while (0)

/* ---------------------------------------------------------------------------------------- */
/* Buffers and JSON */

static zend_string *qm_take_string(qm_buffer *b)
{
	zend_string *s = zend_string_init((const char *) b->data, b->len, 0);
	qm_buffer_free(b);
	return s;
}

/* Decodes a JSON buffer from the core into `out` (objects as arrays, big integers as strings)
 * and frees the buffer. */
static void qm_take_json(qm_buffer *b, zval *out)
{
	if (php_json_decode_ex(out, (const char *) b->data, b->len,
			PHP_JSON_OBJECT_AS_ARRAY | PHP_JSON_BIGINT_AS_STRING, QM_JSON_DEPTH) == FAILURE) {
		ZVAL_NULL(out);
	}
	qm_buffer_free(b);
}

static void qm_json_string(smart_str *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;
	smart_str_appendc(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) s[i];
		if (c >= 0x20 && c != '"' && c != '\\') {
			continue;
		}
		smart_str_appendl(out, s + start, i - start);
		start = i + 1;
		switch (c) {
			case '"': smart_str_appendl(out, "\\\"", 2); break;
			case '\\': smart_str_appendl(out, "\\\\", 2); break;
			case '\n': smart_str_appendl(out, "\\n", 2); break;
			case '\r': smart_str_appendl(out, "\\r", 2); break;
			case '\t': smart_str_appendl(out, "\\t", 2); break;
			default:
				smart_str_appendl(out, "\\u00", 4);
				smart_str_appendc(out, hex[c >> 4]);
				smart_str_appendc(out, hex[c & 15]);
		}
	}
	smart_str_appendl(out, s + start, len - start);
	smart_str_appendc(out, '"');
}

/* What a PHP array converted to JSON is, for the core's rule on host documents
 * (qm_document_refuse_floats): the rule, the reason and the path names are the core's. */
typedef struct {
	/* The qm_document kind; QM_JUDGED_BY_CALLEE: floats are written as numbers and the
	 * function the document is for judges them (a limits array: the core's LimitOverrides). */
	uint32_t kind;
	/* A settlement document (record, order, settings): an empty root is `{}` and an empty
	 * array below it `[]` (the documents' arrays are lists); a non-empty list is an array at
	 * any depth, the root included, so that the core refuses a list given for the document as
	 * it does in every binding (validation, path `record`), not as an object of keys "0", "1", ... */
	bool document;
} qm_encode_opts;

#define QM_JUDGED_BY_CALLEE UINT32_MAX

static const qm_encode_opts QM_ENCODE_PARAMS = {QM_DOCUMENT_PARAMETERS, false};
/* A limits array: the core's LimitOverrides rule judges every member, floats included, so that
 * a bad array gets the error (kind, code, path `limits:max_depth`) every binding gives. */
static const qm_encode_opts QM_ENCODE_LIMITS = {QM_JUDGED_BY_CALLEE, false};

/* What qm_encode met besides plain JSON values. An object or a resource is written as a float
 * token, so that the core (qm_document_refuse_floats) names its path. */
typedef struct {
	/* The first float, object or resource: QM_BAD_FLOAT or QM_BAD_TYPE (QM_BAD_NONE: none). */
	enum { QM_BAD_NONE, QM_BAD_FLOAT, QM_BAD_TYPE } first;
	/* zend_zval_type_name() of the first object or resource (NULL: none). */
	const char *type_name;
	/* Write floats as `0`: then the first float token is the first object or resource. */
	bool floats_as_zero;
} qm_encode_state;

/* A float as a JSON number token that is never an integer (1.0 stays `1.0`), so the core sees
 * a float; a non-finite one, which JSON cannot write, as `1e999` (no integer either). */
static void qm_json_float(smart_str *out, double d)
{
	if (!zend_finite(d)) {
		smart_str_appendl(out, "1e999", 5);
		return;
	}
	smart_str_append_double(out, d, 17, true);
}

/* Writes a PHP value as JSON: a PHP array with keys 0..n-1 in order is a JSON array, any other
 * array an object (integer keys become their decimal text; an empty array is `{}`, or `[]`
 * inside a document), int as digits, bool, null and strings (bytes as given; the core checks
 * UTF-8), floats as number tokens. An object or a resource is written as a float token too and
 * recorded in `st` when it is the first such value: qm_array_json then asks the core for its
 * path. false only after throwing (nesting too deep). */
static bool qm_encode(smart_str *out, zval *v, int depth, const qm_encode_opts *o, qm_encode_state *st)
{
	ZVAL_DEREF(v);
	switch (Z_TYPE_P(v)) {
		case IS_NULL: smart_str_appendl(out, "null", 4); return true;
		case IS_TRUE: smart_str_appendl(out, "true", 4); return true;
		case IS_FALSE: smart_str_appendl(out, "false", 5); return true;
		case IS_LONG: smart_str_append_long(out, Z_LVAL_P(v)); return true;
		case IS_STRING: qm_json_string(out, Z_STRVAL_P(v), Z_STRLEN_P(v)); return true;
		case IS_DOUBLE:
			if (st->first == QM_BAD_NONE) {
				st->first = QM_BAD_FLOAT;
			}
			if (st->floats_as_zero) {
				smart_str_appendc(out, '0');
			} else {
				qm_json_float(out, Z_DVAL_P(v));
			}
			return true;
		case IS_ARRAY: break;
		default:
			if (st->first == QM_BAD_NONE) {
				st->first = QM_BAD_TYPE;
			}
			if (!st->type_name) {
				st->type_name = zend_zval_type_name(v);
			}
			smart_str_appendl(out, "0.5", 3);
			return true;
	}
	HashTable *ht = Z_ARRVAL_P(v);
	if (depth >= QM_MAX_ENCODE_DEPTH) {
		qm_throw(QM_LIMIT_EXCEEDED, "limit_exceeded", "array nesting is too deep (or recursive)",
			sizeof("array nesting is too deep (or recursive)") - 1, NULL, 0, "depth", NULL);
		return false;
	}
	bool list = zend_array_is_list(ht) && (zend_hash_num_elements(ht) > 0 || (o->document && depth > 0));
	smart_str_appendc(out, list ? '[' : '{');
	bool first = true;
	zend_ulong idx;
	zend_string *key;
	zval *item;
	ZEND_HASH_FOREACH_KEY_VAL(ht, idx, key, item) {
		if (!first) {
			smart_str_appendc(out, ',');
		}
		first = false;
		if (!list) {
			if (key) {
				qm_json_string(out, ZSTR_VAL(key), ZSTR_LEN(key));
			} else {
				smart_str_appendc(out, '"');
				smart_str_append_long(out, (zend_long) idx);
				smart_str_appendc(out, '"');
			}
			smart_str_appendc(out, ':');
		}
		if (!qm_encode(out, item, depth + 1, o, st)) {
			return false;
		}
	} ZEND_HASH_FOREACH_END();
	smart_str_appendc(out, list ? ']' : '}');
	return true;
}

/* The core's answer on `json` (its first float token); false when it found none (a bug). */
static qm_result qm_first_float(zend_string *json, uint32_t kind)
{
	return qm_document_refuse_floats((const uint8_t *) ZSTR_VAL(json), ZSTR_LEN(json), kind);
}

/* An object or a resource in `arr`: a TypeError naming its path, which the core finds as the
 * first float token of the array written with every float as `0`. */
static void qm_throw_unsupported(zval *arr, const qm_encode_opts *o, const char *type_name)
{
	smart_str out = {0};
	qm_encode_state st = {QM_BAD_NONE, NULL, true};
	char path[256] = "";
	size_t len = 0;
	if (qm_encode(&out, arr, 0, o, &st)) {
		smart_str_0(&out);
		uint32_t kind = o->kind == QM_JUDGED_BY_CALLEE ? QM_DOCUMENT_PARAMETERS : o->kind;
		if (qm_first_float(out.s, kind) == QM_VALIDATION) {
			qm_last_error_path(path, sizeof path, &len);
		}
		zend_type_error("QiwiMerchant: unsupported value of type %s at \"%s\" (only arrays, strings, ints, bools and null)",
			type_name, path);
	}
	smart_str_free(&out);
}

/* The JSON text of a PHP array, or NULL with an exception thrown. A float is refused by the
 * core's rule for the document (a ValidationException naming its path, with the core's
 * reason), unless the function the document is for judges it; an object or a resource is a
 * TypeError naming its path; whichever comes first in the array decides. */
static zend_string *qm_array_json_opts(zval *arr, const qm_encode_opts *o)
{
	smart_str out = {0};
	qm_encode_state st = {QM_BAD_NONE, NULL, false};
	if (!qm_encode(&out, arr, 0, o, &st)) {
		smart_str_free(&out);
		return NULL;
	}
	smart_str_0(&out);
	bool refuse_float = st.first == QM_BAD_FLOAT && o->kind != QM_JUDGED_BY_CALLEE;
	if (refuse_float) {
		qm_result r = qm_first_float(out.s, o->kind);
		if (r != QM_OK) {
			qm_throw_last(r);
		} else {
			zend_throw_error(NULL, "QiwiMerchant: the core found no float where the extension wrote one (a bug)");
		}
	} else if (st.type_name) {
		qm_throw_unsupported(arr, o, st.type_name);
	}
	if (refuse_float || st.type_name) {
		smart_str_free(&out);
		return NULL;
	}
	return out.s;
}

static zend_string *qm_array_json_as(zval *arr, uint32_t kind)
{
	qm_encode_opts o = {kind, false};
	return qm_array_json_opts(arr, &o);
}

static zend_string *qm_array_json(zval *arr)
{
	return qm_array_json_opts(arr, &QM_ENCODE_PARAMS);
}

static zend_string *qm_limits_json(zval *limits)
{
	return qm_array_json_opts(limits, &QM_ENCODE_LIMITS);
}

/* A core parser of (input, len, limits document, len, out). */
typedef qm_result (*qm_input_fn)(const uint8_t *, size_t, const uint8_t *, size_t, qm_buffer *);

/* Calls `parse` on `input` with `limits` (a PHP array of parse limits, ['max_body_bytes' => N,
 * 'max_depth' => N, 'max_items' => N, 'max_string_bytes' => N], any subset) as its limits
 * document, or with none (the defaults) when `limits` is NULL. false after throwing (a core
 * error, or a limits array that cannot be encoded). */
static bool qm_call_limits(qm_input_fn parse, zend_string *input, zval *limits, qm_buffer *out)
{
	zend_string *lj = NULL;
	if (limits && !(lj = qm_limits_json(limits))) {
		return false;
	}
	qm_result r = parse((const uint8_t *) ZSTR_VAL(input), ZSTR_LEN(input),
		lj ? (const uint8_t *) ZSTR_VAL(lj) : NULL, lj ? ZSTR_LEN(lj) : 0, out);
	if (lj) {
		zend_string_release(lj);
	}
	if (r != QM_OK) {
		qm_throw_last(r);
		return false;
	}
	return true;
}

/* A JSON array of strings from a PHP array of strings (TypeError otherwise). */
static bool qm_string_list(smart_str *out, HashTable *ht, uint32_t arg_num)
{
	zval *item;
	bool first = true;
	smart_str_appendc(out, '[');
	ZEND_HASH_FOREACH_VAL(ht, item) {
		ZVAL_DEREF(item);
		if (Z_TYPE_P(item) != IS_STRING) {
			zend_argument_type_error(arg_num, "must be an array of strings, %s given in the array", zend_zval_type_name(item));
			return false;
		}
		if (!first) {
			smart_str_appendc(out, ',');
		}
		first = false;
		qm_json_string(out, Z_STRVAL_P(item), Z_STRLEN_P(item));
	} ZEND_HASH_FOREACH_END();
	smart_str_appendc(out, ']');
	return true;
}

/* ---------------------------------------------------------------------------------------- */
/* Value objects: readonly properties filled from the core's result document, kept for toArray().
 *
 * They are built on first use: a result keeps the core's JSON as it came (not decoded) and the
 * received message as the caller's string (not copied); the first read of a property (or
 * isset(), var_dump(), toArray(), a cast, a comparison...) decodes the document and sets every
 * property but `raw`; the first use of `raw` decodes the message itself with ext/json. The
 * properties are declared, typed and readonly: until they are set their slots are undefined, so
 * the engine asks the handlers below, which build the object and then read it as usual. */

/* How a value object's `raw` is made. */
enum {
	QM_RAW_NONE,        /* no lazy raw: a `raw` property (if any) is an ordinary one */
	QM_RAW_MESSAGE,     /* raw: the message, decoded */
	QM_RAW_NULL,        /* raw: null (the core did not read the message) */
	QM_RAW_IN_CALLBACK, /* the message is the nested callback's raw (a found status answer) */
};

typedef struct {
	zval data;            /* the document as an array (undefined while `pending` holds it) */
	qm_buffer pending;    /* the core's result JSON not yet decoded ({NULL, 0}: none) */
	qm_gate_callback *callback; /* a callback's model not yet written as JSON (NULL: none) */
	zend_string *message; /* the received message behind `raw` (NULL: none) */
	uint8_t raw;          /* QM_RAW_* */
	bool built;           /* every property but a lazy `raw` is set */
	bool raw_built;       /* `raw` is set too */
	zend_object std;
} qm_value;

static zend_object_handlers qm_value_handlers;

static inline qm_value *qm_value_from(zend_object *obj)
{
	return (qm_value *) ((char *) obj - XtOffsetOf(qm_value, std));
}

static zend_object *qm_value_create(zend_class_entry *ce)
{
	qm_value *v = zend_object_alloc(sizeof(qm_value), ce);
	ZVAL_UNDEF(&v->data);
	v->pending.data = NULL;
	v->pending.len = 0;
	v->callback = NULL;
	v->message = NULL;
	v->raw = QM_RAW_NONE;
	v->built = false;
	v->raw_built = false;
	zend_object_std_init(&v->std, ce);
	object_properties_init(&v->std, ce);
	v->std.handlers = &qm_value_handlers;
	return &v->std;
}

static void qm_value_free(zend_object *obj)
{
	qm_value *v = qm_value_from(obj);
	zval_ptr_dtor(&v->data);
	qm_buffer_free(&v->pending);
	qm_gate_callback_free(v->callback);
	if (v->message) {
		zend_string_release(v->message);
	}
	zend_object_std_dtor(obj);
}

static zend_class_entry *qm_nested_class(zend_class_entry *ce, zend_string *prop)
{
	if (ce == qm_ce_account_check) {
		if (zend_string_equals_literal(prop, "request")) return qm_ce_ac_request;
		if (zend_string_equals_literal(prop, "response")) return qm_ce_ac_response;
	}
	if (ce == qm_ce_status_response && zend_string_equals_literal(prop, "callback")) {
		return qm_ce_callback;
	}
	return NULL;
}

/* `fooBar` -> `foo_bar` into `buf` (NUL-terminated); its length, or 0 when it does not fit. */
static size_t qm_snake(zend_string *name, char *buf, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < ZSTR_LEN(name); i++) {
		char c = ZSTR_VAL(name)[i];
		if (n + 3 > cap) {
			return 0;
		}
		if (c >= 'A' && c <= 'Z') {
			buf[n++] = '_';
			buf[n++] = (char) (c - 'A' + 'a');
		} else {
			buf[n++] = c;
		}
	}
	buf[n] = '\0';
	return n;
}

/* The received message as PHP data: what json_decode($message, true, 1024, JSON_BIGINT_AS_STRING)
 * gives, after the UTF-8 BOM the core accepts before a body (null if ext/json disagrees with
 * the core, which it does not on a message the core read). */
static void qm_decode_message(zend_string *message, zval *out)
{
	const char *p = ZSTR_VAL(message);
	size_t len = ZSTR_LEN(message);
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		p += 3;
		len -= 3;
	}
	if (php_json_decode_ex(out, p, len, PHP_JSON_OBJECT_AS_ARRAY | PHP_JSON_BIGINT_AS_STRING, QM_JSON_DEPTH) == FAILURE) {
		ZVAL_NULL(out);
	}
}

/* Deepest nesting of a result's events: the core's parse ceiling (256) plus the model's own
 * levels around a kept item (a callback's errors[i].raw). */
#define QM_EVENT_DEPTH 272

/* One open object or array while mapping events. */
typedef struct {
	zval value;
	bool object;
	/* The member name under which it goes into its parent object. */
	const uint8_t *key;
	size_t key_len;
} qm_event_frame;

/* Adds `v` to the innermost open container (or makes it the result): a member under `key`,
 * numeric names as integer keys (zend_symtable, as json_decode's arrays have them). */
static void qm_event_add(qm_event_frame *frames, int top, zval *out, const uint8_t *key, size_t key_len, zval *v)
{
	if (top < 0) {
		zval_ptr_dtor(out);
		ZVAL_COPY_VALUE(out, v);
	} else if (frames[top].object) {
		zend_symtable_str_update(Z_ARRVAL(frames[top].value), (const char *) key, key_len, v);
	} else {
		zend_hash_next_index_insert(Z_ARRVAL(frames[top].value), v);
	}
}

/* Maps the core's events (qm_event) into a PHP value, mechanically: objects as arrays, integers
 * beyond 64 bits as strings, other numbers as floats: what json_decode($json, true, 1024,
 * JSON_BIGINT_AS_STRING) gives for the document the events describe. */
static void qm_events_to_zval(const qm_event *events, size_t count, zval *out)
{
	qm_event_frame frames[QM_EVENT_DEPTH];
	int top = -1;
	const uint8_t *key = NULL;
	size_t key_len = 0;
	ZVAL_NULL(out);
	for (size_t i = 0; i < count; i++) {
		const qm_event *e = &events[i];
		zval v;
		switch (e->kind) {
			case QM_EVENT_BEGIN_OBJECT:
			case QM_EVENT_BEGIN_ARRAY:
				if (top + 1 >= QM_EVENT_DEPTH) {
					goto unwind;
				}
				top++;
				array_init_size(&frames[top].value, (uint32_t) MIN(e->value, 1024));
				frames[top].object = e->kind == QM_EVENT_BEGIN_OBJECT;
				frames[top].key = key;
				frames[top].key_len = key_len;
				continue;
			case QM_EVENT_END:
				if (top < 0) {
					goto unwind;
				}
				ZVAL_COPY_VALUE(&v, &frames[top].value);
				key = frames[top].key;
				key_len = frames[top].key_len;
				top--;
				qm_event_add(frames, top, out, key, key_len, &v);
				continue;
			case QM_EVENT_KEY:
				key = e->text;
				key_len = e->len;
				continue;
			case QM_EVENT_STRING:
				ZVAL_STRINGL_FAST(&v, (const char *) e->text, e->len);
				break;
			case QM_EVENT_INTEGER:
				ZVAL_LONG(&v, (zend_long) e->value);
				break;
			case QM_EVENT_NUMBER:
				if (e->value) {
					ZVAL_STRINGL(&v, (const char *) e->text, e->len);
				} else {
					/* The text is not NUL-terminated: zend_strtod reads a copy. */
					char buf[64];
					char *text = e->len < sizeof buf ? buf : emalloc(e->len + 1);
					memcpy(text, e->text, e->len);
					text[e->len] = '\0';
					ZVAL_DOUBLE(&v, zend_strtod(text, NULL));
					if (text != buf) {
						efree(text);
					}
				}
				break;
			case QM_EVENT_BOOL:
				ZVAL_BOOL(&v, e->value != 0);
				break;
			default:
				ZVAL_NULL(&v);
				break;
		}
		qm_event_add(frames, top, out, key, key_len, &v);
	}
	if (top < 0) {
		return;
	}
unwind:
	/* Not a whole document (not what the core writes): nothing half-built is kept. */
	while (top >= 0) {
		zval_ptr_dtor(&frames[top--].value);
	}
	zval_ptr_dtor(out);
	ZVAL_NULL(out);
}

static zval *qm_value_raw_slot(qm_value *v)
{
	zend_property_info *pi = zend_hash_str_find_ptr(&v->std.ce->properties_info, "raw", sizeof("raw") - 1);
	return pi && !(pi->flags & ZEND_ACC_STATIC) ? OBJ_PROP(&v->std, pi->offset) : NULL;
}

static void qm_value_attach(zend_class_entry *ce, zval *doc, zend_string *message, zval *rv);

/* Sets every property (but a lazy `raw`) from the document, decoding it first if it is pending.
 * Members missing from the document are null (or [] for array-typed properties). */
static void qm_value_build(qm_value *v)
{
	if (v->built) {
		return;
	}
	v->built = true;
	if (v->callback) {
		/* The core's model as events, mapped straight into arrays (no JSON text between). */
		const qm_event *events = NULL;
		size_t count = 0;
		if (qm_gate_callback_events(v->callback, &events, &count) == QM_OK) {
			qm_events_to_zval(events, count, &v->data);
		}
		qm_gate_callback_free(v->callback);
		v->callback = NULL;
	}
	if (v->pending.data) {
		qm_take_json(&v->pending, &v->data);
	}
	if (Z_TYPE(v->data) != IS_ARRAY) {
		zval_ptr_dtor(&v->data);
		array_init(&v->data);
	}
	/* The C result says whether the core read the message (a payout answer): that decides raw,
	 * and the member is not part of the PHP document. */
	zval *read = zend_hash_str_find(Z_ARRVAL(v->data), "body_read", sizeof("body_read") - 1);
	if (read) {
		if (v->raw == QM_RAW_MESSAGE && Z_TYPE_P(read) != IS_TRUE) {
			v->raw = QM_RAW_NULL;
		}
		SEPARATE_ARRAY(&v->data);
		zend_hash_str_del(Z_ARRVAL(v->data), "body_read", sizeof("body_read") - 1);
	}
	zval *callback = zend_hash_str_find(Z_ARRVAL(v->data), "callback", sizeof("callback") - 1);
	if (v->raw == QM_RAW_MESSAGE && callback && Z_TYPE_P(callback) == IS_ARRAY) {
		v->raw = QM_RAW_IN_CALLBACK;
	}
	bool lazy_raw = v->raw == QM_RAW_MESSAGE || v->raw == QM_RAW_NULL;

	zend_class_entry *ce = v->std.ce;
	zend_property_info *pi;
	ZEND_HASH_FOREACH_PTR(&ce->properties_info, pi) {
		if (pi->flags & ZEND_ACC_STATIC) {
			continue;
		}
		zval *slot = OBJ_PROP(&v->std, pi->offset);
		if (Z_TYPE_P(slot) != IS_UNDEF || (lazy_raw && zend_string_equals_literal(pi->name, "raw"))) {
			continue;
		}
		char key[64];
		size_t key_len = qm_snake(pi->name, key, sizeof key);
		zval *src = key_len ? zend_hash_str_find(Z_ARRVAL(v->data), key, key_len) : NULL;
		zval tmp;
		zend_class_entry *nested = qm_nested_class(ce, pi->name);
		if (src && Z_TYPE_P(src) != IS_NULL) {
			if (nested && Z_TYPE_P(src) == IS_ARRAY) {
				zval copy;
				ZVAL_COPY(&copy, src);
				qm_value_attach(nested, &copy, v->raw == QM_RAW_IN_CALLBACK ? v->message : NULL, &tmp);
			} else {
				ZVAL_COPY(&tmp, src);
			}
		} else if (ZEND_TYPE_ALLOW_NULL(pi->type) || (ZEND_TYPE_FULL_MASK(pi->type) & MAY_BE_NULL)) {
			ZVAL_NULL(&tmp);
		} else if (ZEND_TYPE_FULL_MASK(pi->type) & MAY_BE_ARRAY) {
			array_init(&tmp);
		} else {
			continue;
		}
		/* The slot is written directly (the handlers below would build again); the type is
		 * checked as the engine checks an assignment, so a document that does not fit the
		 * class is a TypeError, never a wrongly typed property. */
		if (ZEND_TYPE_IS_SET(pi->type) && !zend_verify_property_type(pi, &tmp, true)) {
			zval_ptr_dtor(&tmp);
			return;
		}
		ZVAL_COPY_VALUE(slot, &tmp);
	} ZEND_HASH_FOREACH_END();
}

/* Builds the object and its `raw`: the message decoded (or null), in the property and in the
 * document toArray() gives (for a found status answer, in its callback's document). */
static void qm_value_build_raw(qm_value *v)
{
	qm_value_build(v);
	if (v->raw_built || EG(exception)) {
		return;
	}
	v->raw_built = true;
	if (v->raw == QM_RAW_NONE) {
		return;
	}
	zval raw;
	if (v->raw == QM_RAW_NULL || !v->message) {
		ZVAL_NULL(&raw);
	} else {
		qm_decode_message(v->message, &raw);
	}
	SEPARATE_ARRAY(&v->data);
	if (v->raw == QM_RAW_IN_CALLBACK) {
		zval *callback = zend_hash_str_find(Z_ARRVAL(v->data), "callback", sizeof("callback") - 1);
		if (callback && Z_TYPE_P(callback) == IS_ARRAY) {
			SEPARATE_ARRAY(callback);
			zend_hash_str_update(Z_ARRVAL_P(callback), "raw", sizeof("raw") - 1, &raw);
		} else {
			zval_ptr_dtor(&raw);
		}
		return;
	}
	zval *slot = qm_value_raw_slot(v);
	if (slot && Z_TYPE_P(slot) == IS_UNDEF) {
		ZVAL_COPY(slot, &raw);
	}
	zend_hash_str_update(Z_ARRVAL(v->data), "raw", sizeof("raw") - 1, &raw);
}

/* An object of `ce` on the decoded document `doc` (ownership moves to the object), built now;
 * `message` (may be NULL) is the received message behind its `raw`, decoded when first used. */
static void qm_value_attach(zend_class_entry *ce, zval *doc, zend_string *message, zval *rv)
{
	object_init_ex(rv, ce);
	qm_value *v = qm_value_from(Z_OBJ_P(rv));
	ZVAL_COPY_VALUE(&v->data, doc);
	ZVAL_UNDEF(doc);
	if (message) {
		v->message = zend_string_copy(message);
		v->raw = QM_RAW_MESSAGE;
	}
	qm_value_build(v);
}

/* Creates an object of `ce` from the decoded document `doc` (an array; ownership moves to the
 * object). */
static void qm_hydrate(zend_class_entry *ce, zval *doc, zval *rv)
{
	qm_value_attach(ce, doc, NULL, rv);
}

/* An object of `ce` on the core's result JSON `b` (moved into the object, decoded on first use);
 * `message` (may be NULL) is the received message behind its `raw`. */
static void qm_value_lazy(zend_class_entry *ce, qm_buffer *b, zend_string *message, zval *rv)
{
	object_init_ex(rv, ce);
	qm_value *v = qm_value_from(Z_OBJ_P(rv));
	v->pending = *b;
	b->data = NULL;
	b->len = 0;
	if (message) {
		v->message = zend_string_copy(message);
		v->raw = QM_RAW_MESSAGE;
	}
}

static void qm_hydrate_buffer(zend_class_entry *ce, qm_buffer *b, zval *rv)
{
	qm_value_lazy(ce, b, NULL, rv);
}

/* What reading (or testing) one property needs built: `raw` alone when it is the one read,
 * every other property otherwise. */
static void qm_value_build_for_read(qm_value *v, zend_string *name)
{
	if (v->raw_built) {
		return;
	}
	if (zend_string_equals_literal(name, "raw")) {
		qm_value_build_raw(v);
	} else {
		qm_value_build(v);
	}
}

/* The handlers: build, then do what the standard handler does. Reading a property builds the
 * properties (and `raw` only when it is the one read); anything that sees them all builds all. */
static zval *qm_value_read_property(zend_object *obj, zend_string *name, int type, void **cache_slot, zval *rv)
{
	qm_value_build_for_read(qm_value_from(obj), name);
	return zend_std_read_property(obj, name, type, cache_slot, rv);
}

static int qm_value_has_property(zend_object *obj, zend_string *name, int has_set_exists, void **cache_slot)
{
	qm_value_build_for_read(qm_value_from(obj), name);
	return zend_std_has_property(obj, name, has_set_exists, cache_slot);
}

static zval *qm_value_write_property(zend_object *obj, zend_string *name, zval *value, void **cache_slot)
{
	qm_value_build_raw(qm_value_from(obj));
	return zend_std_write_property(obj, name, value, cache_slot);
}

static zval *qm_value_get_property_ptr_ptr(zend_object *obj, zend_string *name, int type, void **cache_slot)
{
	qm_value_build_raw(qm_value_from(obj));
	return zend_std_get_property_ptr_ptr(obj, name, type, cache_slot);
}

static void qm_value_unset_property(zend_object *obj, zend_string *name, void **cache_slot)
{
	qm_value_build_raw(qm_value_from(obj));
	zend_std_unset_property(obj, name, cache_slot);
}

static HashTable *qm_value_get_properties(zend_object *obj)
{
	qm_value_build_raw(qm_value_from(obj));
	return zend_std_get_properties(obj);
}

/* The garbage collector sees the property slots as they are: it never builds (the document and
 * the message hold no objects). */
static HashTable *qm_value_get_gc(zend_object *obj, zval **table, int *n)
{
	if (obj->properties) {
		*table = NULL;
		*n = 0;
		return obj->properties;
	}
	*table = obj->properties_table;
	*n = obj->ce->default_properties_count;
	return NULL;
}

static int qm_value_compare(zval *o1, zval *o2)
{
	if (Z_TYPE_P(o1) == IS_OBJECT && Z_OBJ_HT_P(o1) == &qm_value_handlers) {
		qm_value_build_raw(qm_value_from(Z_OBJ_P(o1)));
	}
	if (Z_TYPE_P(o2) == IS_OBJECT && Z_OBJ_HT_P(o2) == &qm_value_handlers) {
		qm_value_build_raw(qm_value_from(Z_OBJ_P(o2)));
	}
	return zend_std_compare_objects(o1, o2);
}

static void qm_value_to_array(INTERNAL_FUNCTION_PARAMETERS)
{
	ZEND_PARSE_PARAMETERS_NONE();
	qm_value *v = qm_value_from(Z_OBJ_P(ZEND_THIS));
	qm_value_build_raw(v);
	if (EG(exception)) {
		RETURN_THROWS();
	}
	if (Z_TYPE(v->data) == IS_ARRAY) {
		RETURN_COPY(&v->data);
	}
	RETURN_EMPTY_ARRAY();
}

static void qm_value_construct(INTERNAL_FUNCTION_PARAMETERS)
{
	ZEND_PARSE_PARAMETERS_NONE();
}

#define QM_VALUE_METHODS(cls) \
	ZEND_METHOD(cls, __construct) { qm_value_construct(INTERNAL_FUNCTION_PARAM_PASSTHRU); } \
	ZEND_METHOD(cls, toArray) { qm_value_to_array(INTERNAL_FUNCTION_PARAM_PASSTHRU); }

QM_VALUE_METHODS(QiwiMerchant_Gate_Callback)
QM_VALUE_METHODS(QiwiMerchant_Gate_AccountCheckRequest)
QM_VALUE_METHODS(QiwiMerchant_Gate_AccountCheckResponse)
QM_VALUE_METHODS(QiwiMerchant_Gate_AccountCheck)
QM_VALUE_METHODS(QiwiMerchant_Gate_SignedRequest)
QM_VALUE_METHODS(QiwiMerchant_Gate_PayoutResponse)
QM_VALUE_METHODS(QiwiMerchant_Gate_StatusResponse)
QM_VALUE_METHODS(QiwiMerchant_Cqr_Notification)
QM_VALUE_METHODS(QiwiMerchant_Cqr_InitiateResponse)
QM_VALUE_METHODS(QiwiMerchant_Cqr_GetPaymentsResponse)
QM_VALUE_METHODS(QiwiMerchant_Cqr_ExecutePaymentActionResponse)
QM_VALUE_METHODS(QiwiMerchant_Cqr_ServiceError)
QM_VALUE_METHODS(QiwiMerchant_Cqr_BuiltRequest)
QM_VALUE_METHODS(QiwiMerchant_Cqr_IpDecision)
QM_VALUE_METHODS(QiwiMerchant_Cqr_NotificationCheck)
QM_VALUE_METHODS(QiwiMerchant_Decision)

/* ---------------------------------------------------------------------------------------- */
/* QiwiMerchant\ */

ZEND_FUNCTION(QiwiMerchant_version)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_STRING(qm_version());
}

/* The core's error kinds are the result codes 1..99 that qm_result_name knows (100 and up are
 * C-layer conditions, never thrown with their own class); each with the class qm_throw uses. */
ZEND_FUNCTION(QiwiMerchant_errorKinds)
{
	ZEND_PARSE_PARAMETERS_NONE();
	array_init(return_value);
	for (uint32_t code = 1; code < QM_NULL_PARAMETER; code++) {
		const char *kind = qm_result_name(code);
		if (strcmp(kind, "unknown") == 0) {
			continue;
		}
		zval entry;
		array_init(&entry);
		add_assoc_long(&entry, "code", (zend_long) code);
		add_assoc_string(&entry, "kind", kind);
		add_assoc_str(&entry, "class", zend_string_copy(qm_exception_class(code)->name));
		add_next_index_zval(return_value, &entry);
	}
}

ZEND_METHOD(QiwiMerchant_Exception, getKind)
{
	zval rv, *p;
	ZEND_PARSE_PARAMETERS_NONE();
	p = zend_read_property(qm_ce_exception, Z_OBJ_P(ZEND_THIS), "kind", sizeof("kind") - 1, 1, &rv);
	RETURN_COPY_DEREF(p);
}

ZEND_METHOD(QiwiMerchant_Exception, getPath)
{
	zval rv, *p;
	ZEND_PARSE_PARAMETERS_NONE();
	p = zend_read_property(qm_ce_exception, Z_OBJ_P(ZEND_THIS), "errorPath", sizeof("errorPath") - 1, 1, &rv);
	RETURN_COPY_DEREF(p);
}

ZEND_METHOD(QiwiMerchant_Exception, getLimit)
{
	zval rv, *p;
	ZEND_PARSE_PARAMETERS_NONE();
	p = zend_read_property(qm_ce_exception, Z_OBJ_P(ZEND_THIS), "limit", sizeof("limit") - 1, 1, &rv);
	RETURN_COPY_DEREF(p);
}

ZEND_METHOD(QiwiMerchant_Exception, getFields)
{
	zval rv, *p;
	ZEND_PARSE_PARAMETERS_NONE();
	p = zend_read_property(qm_ce_exception, Z_OBJ_P(ZEND_THIS), "fields", sizeof("fields") - 1, 1, &rv);
	RETURN_COPY_DEREF(p);
}

/* ---------------------------------------------------------------------------------------- */
/* QiwiMerchant\Money\ */

ZEND_FUNCTION(QiwiMerchant_Money_currencyExponent)
{
	zend_string *cur;
	uint8_t exp = 0;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(cur)
	ZEND_PARSE_PARAMETERS_END();
	QM_CHECK(qm_currency_exponent((const uint8_t *) ZSTR_VAL(cur), ZSTR_LEN(cur), &exp));
	RETURN_LONG(exp);
}

ZEND_FUNCTION(QiwiMerchant_Money_minorToDecimal)
{
	zend_long minor;
	zend_string *cur;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_LONG(minor)
		Z_PARAM_STR(cur)
	ZEND_PARSE_PARAMETERS_END();
	QM_CHECK(qm_money_minor_to_decimal((int64_t) minor, (const uint8_t *) ZSTR_VAL(cur), ZSTR_LEN(cur), &out));
	RETURN_STR(qm_take_string(&out));
}

ZEND_FUNCTION(QiwiMerchant_Money_decimalToMinor)
{
	zend_string *text, *cur;
	int64_t minor = 0;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(text)
		Z_PARAM_STR(cur)
	ZEND_PARSE_PARAMETERS_END();
	QM_CHECK(qm_money_decimal_to_minor((const uint8_t *) ZSTR_VAL(text), ZSTR_LEN(text),
		(const uint8_t *) ZSTR_VAL(cur), ZSTR_LEN(cur), &minor));
	RETURN_LONG((zend_long) minor);
}

/* ---------------------------------------------------------------------------------------- */
/* QiwiMerchant\Gate\Signer: holds only the core's signer handle. */

typedef struct {
	qm_gate_signer *signer;
	zend_object std;
} qm_signer_obj;

static zend_object_handlers qm_signer_handlers;

static inline qm_signer_obj *qm_signer_from(zend_object *obj)
{
	return (qm_signer_obj *) ((char *) obj - XtOffsetOf(qm_signer_obj, std));
}

static zend_object *qm_signer_create(zend_class_entry *ce)
{
	qm_signer_obj *s = zend_object_alloc(sizeof(qm_signer_obj), ce);
	s->signer = NULL;
	zend_object_std_init(&s->std, ce);
	object_properties_init(&s->std, ce);
	s->std.handlers = &qm_signer_handlers;
	return &s->std;
}

static void qm_signer_free(zend_object *obj)
{
	qm_signer_obj *s = qm_signer_from(obj);
	qm_gate_signer_free(s->signer); /* wipes the secret */
	s->signer = NULL;
	zend_object_std_dtor(obj);
}

/* var_dump/print_r/var_export/(array)/get_object_vars: nothing (there is nothing but the
 * handle, and the handle is not shown either). */
static HashTable *qm_signer_debug_info(zend_object *obj, int *is_temp)
{
	*is_temp = 1;
	return zend_new_array(0);
}

static HashTable *qm_signer_properties_for(zend_object *obj, zend_prop_purpose purpose)
{
	return zend_new_array(0);
}

static qm_gate_signer *qm_this_signer(zval *this_ptr)
{
	qm_signer_obj *s = qm_signer_from(Z_OBJ_P(this_ptr));
	if (!s->signer) {
		zend_throw_error(NULL, "QiwiMerchant\\Gate\\Signer is not initialized");
		return NULL;
	}
	return s->signer;
}

#define QM_SIGNER(var) \
	qm_gate_signer *var = qm_this_signer(ZEND_THIS); \
	if (!var) { RETURN_THROWS(); }

ZEND_METHOD(QiwiMerchant_Gate_Signer, __construct)
{
	zend_string *secret;
	HashTable *limits = NULL;
	qm_gate_signer *signer = NULL;
	qm_result r;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(secret)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT_OR_NULL(limits)
	ZEND_PARSE_PARAMETERS_END();

	qm_signer_obj *s = qm_signer_from(Z_OBJ_P(ZEND_THIS));
	if (s->signer) {
		zend_throw_error(NULL, "QiwiMerchant\\Gate\\Signer is already initialized");
		RETURN_THROWS();
	}
	zend_string *lj = NULL;
	if (limits) {
		zval lz;
		ZVAL_ARR(&lz, limits);
		if (!(lj = qm_limits_json(&lz))) {
			RETURN_THROWS();
		}
	}
	r = qm_gate_signer_new((const uint8_t *) ZSTR_VAL(secret), ZSTR_LEN(secret),
		lj ? (const uint8_t *) ZSTR_VAL(lj) : NULL, lj ? ZSTR_LEN(lj) : 0, &signer);
	if (lj) {
		zend_string_release(lj);
	}
	QM_CHECK(r);
	s->signer = signer;
}

ZEND_METHOD(QiwiMerchant_Gate_Signer, sign)
{
	zval *params;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY(params)
	ZEND_PARSE_PARAMETERS_END();
	QM_SIGNER(signer);
	zend_string *json = qm_array_json(params);
	if (!json) {
		RETURN_THROWS();
	}
	qm_result r = qm_gate_sign(signer, (const uint8_t *) ZSTR_VAL(json), ZSTR_LEN(json), &out);
	zend_string_release(json);
	QM_CHECK(r);
	RETURN_STR(qm_take_string(&out));
}

ZEND_METHOD(QiwiMerchant_Gate_Signer, signJson)
{
	zend_string *json;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(json)
	ZEND_PARSE_PARAMETERS_END();
	QM_SIGNER(signer);
	QM_CHECK(qm_gate_sign(signer, (const uint8_t *) ZSTR_VAL(json), ZSTR_LEN(json), &out));
	RETURN_STR(qm_take_string(&out));
}

/* The JSON text of a string|array argument (a new reference), or NULL with an exception. */
static zend_string *qm_message_json(zend_string *str, HashTable *ht)
{
	if (str) {
		return zend_string_copy(str);
	}
	zval z;
	ZVAL_ARR(&z, ht);
	return qm_array_json(&z);
}

ZEND_METHOD(QiwiMerchant_Gate_Signer, verify)
{
	zend_string *str = NULL;
	HashTable *ht = NULL;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT_OR_STR(ht, str)
	ZEND_PARSE_PARAMETERS_END();
	QM_SIGNER(signer);
	zend_string *json = qm_message_json(str, ht);
	if (!json) {
		RETURN_THROWS();
	}
	qm_result r = qm_gate_verify(signer, (const uint8_t *) ZSTR_VAL(json), ZSTR_LEN(json));
	zend_string_release(json);
	if (r == QM_OK) {
		RETURN_TRUE;
	}
	if (r == QM_SIGNATURE_MISMATCH || r == QM_MISSING_SIGNATURE) {
		RETURN_FALSE;
	}
	qm_throw_last(r);
	RETURN_THROWS();
}

ZEND_METHOD(QiwiMerchant_Gate_Signer, checkSignature)
{
	zend_string *str = NULL;
	HashTable *ht = NULL;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT_OR_STR(ht, str)
	ZEND_PARSE_PARAMETERS_END();
	QM_SIGNER(signer);
	zend_string *json = qm_message_json(str, ht);
	if (!json) {
		RETURN_THROWS();
	}
	qm_result r = qm_gate_verify_detail(signer, (const uint8_t *) ZSTR_VAL(json), ZSTR_LEN(json), &out);
	zend_string_release(json);
	QM_CHECK(r);
	qm_take_json(&out, return_value);
}

ZEND_METHOD(QiwiMerchant_Gate_Signer, parseCallback)
{
	zend_string *body;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(body)
	ZEND_PARSE_PARAMETERS_END();
	QM_SIGNER(signer);
	qm_gate_callback *callback = NULL;
	QM_CHECK(qm_gate_callback_parse(signer, (const uint8_t *) ZSTR_VAL(body), ZSTR_LEN(body), &callback));
	/* Verified; the core keeps the model until a property is first read (then it is written as
	 * JSON and decoded); `raw` is this very body, decoded when first read. */
	object_init_ex(return_value, qm_ce_callback);
	qm_value *v = qm_value_from(Z_OBJ_P(return_value));
	v->callback = callback;
	v->message = zend_string_copy(body);
	v->raw = QM_RAW_MESSAGE;
}

static bool qm_project_id(zend_long id, uint32_t arg)
{
	if (id < 0) {
		zend_argument_value_error(arg, "must be greater than or equal to 0");
		return false;
	}
	return true;
}

ZEND_METHOD(QiwiMerchant_Gate_Signer, parseAccountCheck)
{
	zend_long project_id;
	zend_string *body;
	qm_buffer out = {0}, response = {0};
	uint16_t code = 0;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_LONG(project_id)
		Z_PARAM_STR(body)
	ZEND_PARSE_PARAMETERS_END();
	QM_SIGNER(signer);
	if (!qm_project_id(project_id, 1)) {
		RETURN_THROWS();
	}
	QM_CHECK(qm_gate_account_check(signer, (uint64_t) project_id, (const uint8_t *) ZSTR_VAL(body),
		ZSTR_LEN(body), &out, &response, &code));
	zval doc;
	qm_take_json(&out, &doc);
	if (Z_TYPE(doc) == IS_ARRAY && response.len > 0) {
		/* A refusal: the ready answer becomes the `response` member. */
		zval resp;
		array_init(&resp);
		add_assoc_long(&resp, "code", code);
		add_assoc_str(&resp, "body", zend_string_init((const char *) response.data, response.len, 0));
		zend_hash_str_update(Z_ARRVAL(doc), "response", sizeof("response") - 1, &resp);
	}
	qm_buffer_free(&response);
	qm_hydrate(qm_ce_account_check, &doc, return_value);
}

static void qm_signed_request(const char *path, qm_buffer *body, zval *rv)
{
	zval doc;
	array_init(&doc);
	add_assoc_string(&doc, "path", path);
	add_assoc_str(&doc, "body", qm_take_string(body));
	qm_hydrate(qm_ce_signed_request, &doc, rv);
}

ZEND_METHOD(QiwiMerchant_Gate_Signer, payoutRequest)
{
	zval *request;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY(request)
	ZEND_PARSE_PARAMETERS_END();
	QM_SIGNER(signer);
	zend_string *json = qm_array_json_as(request, QM_DOCUMENT_PAYOUT);
	if (!json) {
		RETURN_THROWS();
	}
	qm_result r = qm_gate_payout_request(signer, (const uint8_t *) ZSTR_VAL(json), ZSTR_LEN(json), &out);
	zend_string_release(json);
	QM_CHECK(r);
	qm_signed_request(qm_gate_payout_path(), &out, return_value);
}

ZEND_METHOD(QiwiMerchant_Gate_Signer, statusRequest)
{
	zend_long project_id;
	zend_string *payment_id;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_LONG(project_id)
		Z_PARAM_STR(payment_id)
	ZEND_PARSE_PARAMETERS_END();
	QM_SIGNER(signer);
	if (!qm_project_id(project_id, 1)) {
		RETURN_THROWS();
	}
	QM_CHECK(qm_gate_status_request(signer, (uint64_t) project_id, (const uint8_t *) ZSTR_VAL(payment_id),
		ZSTR_LEN(payment_id), &out));
	qm_signed_request(qm_gate_status_path(), &out, return_value);
}

ZEND_METHOD(QiwiMerchant_Gate_Signer, parsePayoutResponse)
{
	zend_long status;
	zend_string *body, *sent;
	bool resend = false;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(3, 4)
		Z_PARAM_LONG(status)
		Z_PARAM_STR(body)
		Z_PARAM_STR(sent)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(resend)
	ZEND_PARSE_PARAMETERS_END();
	QM_SIGNER(signer);
	if (status < 0 || status > 65535) {
		zend_argument_value_error(1, "must be between 0 and 65535");
		RETURN_THROWS();
	}
	QM_CHECK(qm_gate_parse_payout_response(signer, (uint16_t) status, (const uint8_t *) ZSTR_VAL(body),
		ZSTR_LEN(body), (const uint8_t *) ZSTR_VAL(sent), ZSTR_LEN(sent), resend, &out));
	/* `raw`: this body when the core read it as the answer (`body_read`), else null. */
	qm_value_lazy(qm_ce_payout_response, &out, body, return_value);
}

ZEND_METHOD(QiwiMerchant_Gate_Signer, parseStatusResponse)
{
	zend_string *body;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(body)
	ZEND_PARSE_PARAMETERS_END();
	QM_SIGNER(signer);
	QM_CHECK(qm_gate_parse_status_response(signer, (const uint8_t *) ZSTR_VAL(body), ZSTR_LEN(body), &out));
	/* `raw` (or, for a found payment, the callback's `raw`): this body, decoded when first read. */
	qm_value_lazy(qm_ce_status_response, &out, body, return_value);
}

ZEND_METHOD(QiwiMerchant_Gate_Signer, stamp)
{
	zend_string *str = NULL;
	HashTable *ht = NULL;
	zval *limits = NULL;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ARRAY_HT_OR_STR(ht, str)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_OR_NULL(limits)
	ZEND_PARSE_PARAMETERS_END();
	zend_string *json = qm_message_json(str, ht);
	if (!json) {
		RETURN_THROWS();
	}
	bool ok = qm_call_limits(qm_gate_stamp, json, limits, &out);
	zend_string_release(json);
	if (!ok) {
		RETURN_THROWS();
	}
	RETURN_STR(qm_take_string(&out));
}

/* ---------------------------------------------------------------------------------------- */
/* QiwiMerchant\Gate\AccountCheckResponse */

/* An answer from a core builder: its body and the code the builder gave. */
static void qm_ac_response(qm_buffer *body, uint16_t code, zval *rv)
{
	zval doc;
	array_init(&doc);
	add_assoc_long(&doc, "code", code);
	add_assoc_str(&doc, "body", qm_take_string(body));
	qm_hydrate(qm_ce_ac_response, &doc, rv);
}

ZEND_METHOD(QiwiMerchant_Gate_AccountCheckResponse, verifyOk)
{
	zend_string *currency, *extra = NULL;
	qm_buffer out = {0};
	uint16_t code = 0;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(currency)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(extra)
	ZEND_PARSE_PARAMETERS_END();
	QM_CHECK(qm_gate_response_verify_ok((const uint8_t *) ZSTR_VAL(currency), ZSTR_LEN(currency),
		extra ? (const uint8_t *) ZSTR_VAL(extra) : NULL, extra ? ZSTR_LEN(extra) : 0, &out, &code));
	qm_ac_response(&out, code, return_value);
}

ZEND_METHOD(QiwiMerchant_Gate_AccountCheckResponse, checkDepositOk)
{
	zend_string *id;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(id)
	ZEND_PARSE_PARAMETERS_END();
	uint16_t code = 0;
	QM_CHECK(qm_gate_response_check_deposit_ok((const uint8_t *) ZSTR_VAL(id), ZSTR_LEN(id), &out, &code));
	qm_ac_response(&out, code, return_value);
}

/* The answers that take an optional message (absent: the core's default text). */
static void qm_ac_message_response(INTERNAL_FUNCTION_PARAMETERS,
	qm_result (*build)(const uint8_t *, size_t, qm_buffer *, uint16_t *), bool nullable)
{
	zend_string *msg = NULL;
	qm_buffer out = {0};
	uint16_t code = 0;
	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_EX(msg, nullable, 0)
	ZEND_PARSE_PARAMETERS_END();
	QM_CHECK(build(msg ? (const uint8_t *) ZSTR_VAL(msg) : NULL, msg ? ZSTR_LEN(msg) : 0, &out, &code));
	qm_ac_response(&out, code, return_value);
}

ZEND_METHOD(QiwiMerchant_Gate_AccountCheckResponse, notFound)
{
	qm_ac_message_response(INTERNAL_FUNCTION_PARAM_PASSTHRU, qm_gate_response_not_found, true);
}

ZEND_METHOD(QiwiMerchant_Gate_AccountCheckResponse, generalError)
{
	qm_ac_message_response(INTERNAL_FUNCTION_PARAM_PASSTHRU, qm_gate_response_general_error, false);
}

ZEND_METHOD(QiwiMerchant_Gate_AccountCheckResponse, invalidSignature)
{
	qm_ac_message_response(INTERNAL_FUNCTION_PARAM_PASSTHRU, qm_gate_response_invalid_signature, false);
}

/* ---------------------------------------------------------------------------------------- */
/* QiwiMerchant\Cqr\ */

static zend_class_entry *qm_message_class(zval *doc)
{
	zval *kind = Z_TYPE_P(doc) == IS_ARRAY ? zend_hash_str_find(Z_ARRVAL_P(doc), "kind", 4) : NULL;
	if (!kind || Z_TYPE_P(kind) != IS_STRING) {
		return NULL;
	}
	if (zend_string_equals_literal(Z_STR_P(kind), "notification")) return qm_ce_notification;
	if (zend_string_equals_literal(Z_STR_P(kind), "initiate_response")) return qm_ce_initiate_response;
	if (zend_string_equals_literal(Z_STR_P(kind), "get_payments_response")) return qm_ce_get_payments_response;
	if (zend_string_equals_literal(Z_STR_P(kind), "execute_payment_action_response")) return qm_ce_execute_response;
	if (zend_string_equals_literal(Z_STR_P(kind), "payment_service_exception")) return qm_ce_service_error;
	return NULL;
}

static void qm_message(qm_buffer *out, zval *rv)
{
	zval doc;
	qm_take_json(out, &doc);
	zend_class_entry *ce = qm_message_class(&doc);
	if (!ce) {
		zval_ptr_dtor(&doc);
		qm_throw(QM_PROTOCOL, "protocol", "unknown message kind from the core", sizeof("unknown message kind from the core") - 1,
			NULL, 0, NULL, NULL);
		return;
	}
	qm_hydrate(ce, &doc, rv);
}

/* fname(string $xml, ?array $limits = null): cfn with the limits document (none: the defaults),
 * then `finish` on the output JSON. */
#define QM_XML_FN(fname, cfn, finish) \
	ZEND_FUNCTION(fname) \
	{ \
		zend_string *xml; \
		zval *limits = NULL; \
		qm_buffer out = {0}; \
		ZEND_PARSE_PARAMETERS_START(1, 2) \
			Z_PARAM_STR(xml) \
			Z_PARAM_OPTIONAL \
			Z_PARAM_ARRAY_OR_NULL(limits) \
		ZEND_PARSE_PARAMETERS_END(); \
		if (!qm_call_limits(cfn, xml, limits, &out)) { \
			RETURN_THROWS(); \
		} \
		finish(&out, return_value); \
	}

QM_XML_FN(QiwiMerchant_Cqr_parse, qm_cqr_parse_message, qm_message)
QM_XML_FN(QiwiMerchant_Cqr_parseNotification, qm_cqr_parse_notification, qm_message)
QM_XML_FN(QiwiMerchant_Cqr_parseInitiateAnswer, qm_cqr_parse_initiate_answer, qm_message)
QM_XML_FN(QiwiMerchant_Cqr_parseGetPaymentsAnswer, qm_cqr_parse_get_payments_answer, qm_message)
QM_XML_FN(QiwiMerchant_Cqr_parseInitiateRequest, qm_cqr_parse_initiate_request, qm_take_json)
QM_XML_FN(QiwiMerchant_Cqr_parseAck, qm_cqr_parse_ack, qm_take_json)

ZEND_FUNCTION(QiwiMerchant_Cqr_buildInitiateRequest)
{
	zval *input;
	qm_buffer xml = {0}, warnings = {0};
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY(input)
	ZEND_PARSE_PARAMETERS_END();
	zend_string *json = qm_array_json(input);
	if (!json) {
		RETURN_THROWS();
	}
	qm_result r = qm_cqr_initiate_build((const uint8_t *) ZSTR_VAL(json), ZSTR_LEN(json), &xml, &warnings);
	zend_string_release(json);
	QM_CHECK(r);
	zval doc, w;
	array_init(&doc);
	add_assoc_str(&doc, "xml", qm_take_string(&xml));
	qm_take_json(&warnings, &w);
	add_assoc_zval(&doc, "warnings", &w);
	qm_hydrate(qm_ce_built_request, &doc, return_value);
}

static void qm_ack(zend_long code, zend_string *name, zend_string *message, zval *return_value)
{
	qm_buffer out = {0};
	QM_CHECK(qm_cqr_ack((int64_t) code,
		name ? (const uint8_t *) ZSTR_VAL(name) : NULL, name ? ZSTR_LEN(name) : 0,
		message ? (const uint8_t *) ZSTR_VAL(message) : NULL, message ? ZSTR_LEN(message) : 0, &out));
	RETURN_STR(qm_take_string(&out));
}

ZEND_FUNCTION(QiwiMerchant_Cqr_buildAck)
{
	zend_long code = 0;
	zend_string *name = NULL, *message = NULL;
	ZEND_PARSE_PARAMETERS_START(0, 3)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(code)
		Z_PARAM_STR_OR_NULL(name)
		Z_PARAM_STR(message)
	ZEND_PARSE_PARAMETERS_END();
	qm_ack(code, name, message, return_value);
}

ZEND_FUNCTION(QiwiMerchant_Cqr_ackProcessed)
{
	ZEND_PARSE_PARAMETERS_NONE();
	qm_ack(0, NULL, NULL, return_value);
}

ZEND_FUNCTION(QiwiMerchant_Cqr_ackUnknownState)
{
	zend_string *reason = NULL;
	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(reason)
	ZEND_PARSE_PARAMETERS_END();
	qm_ack(2, NULL, reason, return_value);
}

ZEND_FUNCTION(QiwiMerchant_Cqr_ackErrorProcessingEvent)
{
	zend_string *reason = NULL;
	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(reason)
	ZEND_PARSE_PARAMETERS_END();
	qm_ack(10, NULL, reason, return_value);
}

ZEND_FUNCTION(QiwiMerchant_Cqr_buildGetPaymentsRequest)
{
	zend_string *merchant, *shop, *tx;
	bool is_executed = false, is_executed_null = true;
	qm_buffer out = {0};
	smart_str json = {0};
	ZEND_PARSE_PARAMETERS_START(3, 4)
		Z_PARAM_STR(merchant)
		Z_PARAM_STR(shop)
		Z_PARAM_STR(tx)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL_OR_NULL(is_executed, is_executed_null)
	ZEND_PARSE_PARAMETERS_END();
	smart_str_appends(&json, "{\"merchant_id\":");
	qm_json_string(&json, ZSTR_VAL(merchant), ZSTR_LEN(merchant));
	smart_str_appends(&json, ",\"shop_id\":");
	qm_json_string(&json, ZSTR_VAL(shop), ZSTR_LEN(shop));
	smart_str_appends(&json, ",\"merchant_transaction_id\":");
	qm_json_string(&json, ZSTR_VAL(tx), ZSTR_LEN(tx));
	smart_str_appends(&json, ",\"is_executed\":");
	smart_str_appends(&json, is_executed_null ? "null" : (is_executed ? "true" : "false"));
	smart_str_appendc(&json, '}');
	smart_str_0(&json);
	qm_result r = qm_cqr_get_payments_request((const uint8_t *) ZSTR_VAL(json.s), ZSTR_LEN(json.s), &out);
	smart_str_free(&json);
	QM_CHECK(r);
	RETURN_STR(qm_take_string(&out));
}

ZEND_FUNCTION(QiwiMerchant_Cqr_confirmation)
{
	zend_string *xml, *id;
	const char *name = NULL;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(xml)
		Z_PARAM_STR(id)
	ZEND_PARSE_PARAMETERS_END();
	QM_CHECK(qm_cqr_confirmation((const uint8_t *) ZSTR_VAL(xml), ZSTR_LEN(xml),
		(const uint8_t *) ZSTR_VAL(id), ZSTR_LEN(id), &name));
	RETURN_STRING(name);
}

ZEND_FUNCTION(QiwiMerchant_Cqr_checkNotification)
{
	zend_string *xml, *currency;
	zend_long expected;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(3, 3)
		Z_PARAM_STR(xml)
		Z_PARAM_LONG(expected)
		Z_PARAM_STR(currency)
	ZEND_PARSE_PARAMETERS_END();
	QM_CHECK(qm_cqr_check_notification((const uint8_t *) ZSTR_VAL(xml), ZSTR_LEN(xml), (int64_t) expected,
		(const uint8_t *) ZSTR_VAL(currency), ZSTR_LEN(currency), &out));
	qm_hydrate_buffer(qm_ce_notification_check, &out, return_value);
}

ZEND_FUNCTION(QiwiMerchant_Cqr_checkBasicAuth)
{
	zend_string *user, *password, *header = NULL;
	ZEND_PARSE_PARAMETERS_START(3, 3)
		Z_PARAM_STR(user)
		Z_PARAM_STR(password)
		Z_PARAM_STR_OR_NULL(header)
	ZEND_PARSE_PARAMETERS_END();
	qm_result r = qm_cqr_basic_auth_check((const uint8_t *) ZSTR_VAL(user), ZSTR_LEN(user),
		(const uint8_t *) ZSTR_VAL(password), ZSTR_LEN(password),
		header ? (const uint8_t *) ZSTR_VAL(header) : NULL, header ? ZSTR_LEN(header) : 0);
	if (r == QM_OK) {
		RETURN_TRUE;
	}
	if (r == QM_UNAUTHORIZED) {
		RETURN_FALSE;
	}
	qm_throw_last(r);
	RETURN_THROWS();
}

ZEND_FUNCTION(QiwiMerchant_Cqr_basicAuthorization)
{
	zend_string *user, *password;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(user)
		Z_PARAM_STR(password)
	ZEND_PARSE_PARAMETERS_END();
	QM_CHECK(qm_cqr_basic_authorization((const uint8_t *) ZSTR_VAL(user), ZSTR_LEN(user),
		(const uint8_t *) ZSTR_VAL(password), ZSTR_LEN(password), &out));
	zend_string *s = zend_string_init((const char *) out.data, out.len, 0);
	ZEND_SECURE_ZERO(out.data, out.len);
	qm_buffer_free(&out);
	RETURN_STR(s);
}

ZEND_FUNCTION(QiwiMerchant_Cqr_ipDecide)
{
	HashTable *allowed, *headers = NULL, *proxies = NULL;
	zend_string *peer, *header = NULL;
	qm_buffer out = {0};
	smart_str json = {0};
	ZEND_PARSE_PARAMETERS_START(2, 5)
		Z_PARAM_ARRAY_HT(allowed)
		Z_PARAM_STR(peer)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(headers)
		Z_PARAM_ARRAY_HT(proxies)
		Z_PARAM_STR(header)
	ZEND_PARSE_PARAMETERS_END();
	smart_str_appends(&json, "{\"allowed\":");
	if (!qm_string_list(&json, allowed, 1)) {
		goto fail;
	}
	smart_str_appends(&json, ",\"peer\":");
	qm_json_string(&json, ZSTR_VAL(peer), ZSTR_LEN(peer));
	if (headers) {
		smart_str_appends(&json, ",\"headers\":");
		if (!qm_string_list(&json, headers, 3)) {
			goto fail;
		}
	}
	if (proxies) {
		smart_str_appends(&json, ",\"trusted_proxies\":");
		if (!qm_string_list(&json, proxies, 4)) {
			goto fail;
		}
	}
	if (header) {
		smart_str_appends(&json, ",\"header\":");
		qm_json_string(&json, ZSTR_VAL(header), ZSTR_LEN(header));
	}
	smart_str_appendc(&json, '}');
	smart_str_0(&json);
	qm_result r = qm_cqr_ip_decide((const uint8_t *) ZSTR_VAL(json.s), ZSTR_LEN(json.s), &out, NULL);
	smart_str_free(&json);
	QM_CHECK(r);
	qm_hydrate_buffer(qm_ce_ip_decision, &out, return_value);
	return;
fail:
	smart_str_free(&json);
	RETURN_THROWS();
}

ZEND_FUNCTION(QiwiMerchant_Cqr_envoyMessage)
{
	zend_long code;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(code)
	ZEND_PARSE_PARAMETERS_END();
	const char *m = qm_cqr_envoy_message((int64_t) code);
	if (!m) {
		RETURN_NULL();
	}
	RETURN_STRING(m);
}

ZEND_FUNCTION(QiwiMerchant_Cqr_envoyCodeCount)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_LONG((zend_long) qm_cqr_envoy_code_count());
}

ZEND_FUNCTION(QiwiMerchant_Cqr_stateName)
{
	zend_long key;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(key)
	ZEND_PARSE_PARAMETERS_END();
	const char *n = qm_cqr_state_name((int64_t) key);
	if (!n) {
		RETURN_NULL();
	}
	RETURN_STRING(n);
}

ZEND_FUNCTION(QiwiMerchant_Cqr_outcomeOf)
{
	zend_long key;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(key)
	ZEND_PARSE_PARAMETERS_END();
	RETURN_STRING(qm_cqr_state_outcome((int64_t) key));
}

ZEND_FUNCTION(QiwiMerchant_Cqr_url)
{
	zend_string *op, *base = NULL;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(op)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(base)
	ZEND_PARSE_PARAMETERS_END();
	QM_CHECK(qm_cqr_operation_url(base ? (const uint8_t *) ZSTR_VAL(base) : NULL, base ? ZSTR_LEN(base) : 0,
		(const uint8_t *) ZSTR_VAL(op), ZSTR_LEN(op), &out));
	RETURN_STR(qm_take_string(&out));
}

/* ---------------------------------------------------------------------------------------- */
/* Settlement: QiwiMerchant\Gate\Settlement, QiwiMerchant\Cqr\Settlement -> QiwiMerchant\Decision.
 * Records, orders and settings go to the core as the JSON documents it parses (written by
 * qm_encode as documents: floats refused by the core's rule for the document, with the member's
 * path, never rounded); messages go in as their raw bytes (verified and parsed by the core). */

/* The JSON document of `arr` (NULL: none, *out stays NULL), a qm_document `kind`. false after
 * throwing. */
static bool qm_document_json(zval *arr, uint32_t kind, zend_string **out)
{
	qm_encode_opts o = {kind, true};
	*out = NULL;
	if (!arr) {
		return true;
	}
	*out = qm_array_json_opts(arr, &o);
	return *out != NULL;
}

#define QM_DOC_PTR(s) ((s) ? (const uint8_t *) ZSTR_VAL(s) : NULL)
#define QM_DOC_LEN(s) ((s) ? ZSTR_LEN(s) : 0)

static void qm_release_docs(zend_string *a, zend_string *b)
{
	if (a) {
		zend_string_release(a);
	}
	if (b) {
		zend_string_release(b);
	}
}

/* A decision from the core: the QiwiMerchant\Decision, or the core's error thrown. */
static void qm_decision(qm_result r, qm_buffer *out, zval *return_value)
{
	if (r != QM_OK) {
		qm_throw_last(r);
		return;
	}
	qm_hydrate_buffer(qm_ce_decision, out, return_value);
}

ZEND_METHOD(QiwiMerchant_Gate_Settlement, __construct)
{
	ZEND_PARSE_PARAMETERS_NONE();
}

ZEND_METHOD(QiwiMerchant_Cqr_Settlement, __construct)
{
	ZEND_PARSE_PARAMETERS_NONE();
}

/* Gate\Settlement::settle() and ::settleStatus(). */
static void qm_gate_settlement(INTERNAL_FUNCTION_PARAMETERS,
	qm_result (*settle)(const qm_gate_signer *, const uint8_t *, size_t, const uint8_t *, size_t,
		const int64_t *, qm_buffer *))
{
	zval *signer_zv, *record = NULL;
	zend_string *body, *record_json;
	zend_long project = 0;
	bool project_null = true;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(3, 4)
		Z_PARAM_OBJECT_OF_CLASS(signer_zv, qm_ce_signer)
		Z_PARAM_ARRAY_OR_NULL(record)
		Z_PARAM_STR(body)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG_OR_NULL(project, project_null)
	ZEND_PARSE_PARAMETERS_END();
	qm_gate_signer *signer = qm_this_signer(signer_zv);
	if (!signer || !qm_document_json(record, QM_DOCUMENT_RECORD, &record_json)) {
		RETURN_THROWS();
	}
	int64_t project_id = (int64_t) project;
	qm_result r = settle(signer, QM_DOC_PTR(record_json), QM_DOC_LEN(record_json),
		(const uint8_t *) ZSTR_VAL(body), ZSTR_LEN(body), project_null ? NULL : &project_id, &out);
	qm_release_docs(record_json, NULL);
	qm_decision(r, &out, return_value);
}

ZEND_METHOD(QiwiMerchant_Gate_Settlement, settle)
{
	qm_gate_settlement(INTERNAL_FUNCTION_PARAM_PASSTHRU, qm_gate_settle);
}

ZEND_METHOD(QiwiMerchant_Gate_Settlement, settleStatus)
{
	qm_gate_settlement(INTERNAL_FUNCTION_PARAM_PASSTHRU, qm_gate_settle_status);
}

ZEND_METHOD(QiwiMerchant_Gate_Settlement, storageFailed)
{
	zval *record = NULL;
	zend_string *record_json;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_OR_NULL(record)
	ZEND_PARSE_PARAMETERS_END();
	if (!qm_document_json(record, QM_DOCUMENT_RECORD, &record_json)) {
		RETURN_THROWS();
	}
	qm_result r = qm_gate_settle_storage_failed(QM_DOC_PTR(record_json), QM_DOC_LEN(record_json), &out);
	qm_release_docs(record_json, NULL);
	qm_decision(r, &out, return_value);
}

/* The settings and order documents of a Cqr\Settlement call (order may be NULL). */
static bool qm_cqr_documents(zval *settings, zval *order, zend_string **settings_json, zend_string **order_json)
{
	*order_json = NULL;
	if (!qm_document_json(settings, QM_DOCUMENT_SETTINGS, settings_json)) {
		return false;
	}
	if (!qm_document_json(order, QM_DOCUMENT_ORDER, order_json)) {
		zend_string_release(*settings_json);
		*settings_json = NULL;
		return false;
	}
	return true;
}

ZEND_METHOD(QiwiMerchant_Cqr_Settlement, settle)
{
	zval *settings, *order = NULL;
	zend_string *xml, *get_payments = NULL, *settings_json, *order_json;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(3, 4)
		Z_PARAM_ARRAY(settings)
		Z_PARAM_ARRAY_OR_NULL(order)
		Z_PARAM_STR(xml)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(get_payments)
	ZEND_PARSE_PARAMETERS_END();
	if (!qm_cqr_documents(settings, order, &settings_json, &order_json)) {
		RETURN_THROWS();
	}
	qm_result r = qm_cqr_settle(QM_DOC_PTR(settings_json), QM_DOC_LEN(settings_json),
		QM_DOC_PTR(order_json), QM_DOC_LEN(order_json), (const uint8_t *) ZSTR_VAL(xml), ZSTR_LEN(xml),
		QM_DOC_PTR(get_payments), QM_DOC_LEN(get_payments), &out);
	qm_release_docs(settings_json, order_json);
	qm_decision(r, &out, return_value);
}

ZEND_METHOD(QiwiMerchant_Cqr_Settlement, settleGetPayments)
{
	zval *settings, *order;
	zend_string *xml, *settings_json, *order_json;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(3, 3)
		Z_PARAM_ARRAY(settings)
		Z_PARAM_ARRAY(order)
		Z_PARAM_STR(xml)
	ZEND_PARSE_PARAMETERS_END();
	if (!qm_cqr_documents(settings, order, &settings_json, &order_json)) {
		RETURN_THROWS();
	}
	qm_result r = qm_cqr_settle_get_payments(QM_DOC_PTR(settings_json), QM_DOC_LEN(settings_json),
		QM_DOC_PTR(order_json), QM_DOC_LEN(order_json), (const uint8_t *) ZSTR_VAL(xml), ZSTR_LEN(xml), &out);
	qm_release_docs(settings_json, order_json);
	qm_decision(r, &out, return_value);
}

ZEND_METHOD(QiwiMerchant_Cqr_Settlement, storageFailed)
{
	zval *settings, *order = NULL;
	zend_string *settings_json, *order_json;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_ARRAY(settings)
		Z_PARAM_ARRAY_OR_NULL(order)
	ZEND_PARSE_PARAMETERS_END();
	if (!qm_cqr_documents(settings, order, &settings_json, &order_json)) {
		RETURN_THROWS();
	}
	qm_result r = qm_cqr_settle_storage_failed(QM_DOC_PTR(settings_json), QM_DOC_LEN(settings_json),
		QM_DOC_PTR(order_json), QM_DOC_LEN(order_json), &out);
	qm_release_docs(settings_json, order_json);
	qm_decision(r, &out, return_value);
}

ZEND_METHOD(QiwiMerchant_Cqr_Settlement, bindAttempt)
{
	zval *order;
	zend_string *payment_id, *order_json;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_ARRAY(order)
		Z_PARAM_STR(payment_id)
	ZEND_PARSE_PARAMETERS_END();
	if (!qm_document_json(order, QM_DOCUMENT_ORDER, &order_json)) {
		RETURN_THROWS();
	}
	qm_result r = qm_cqr_bind_attempt((const uint8_t *) ZSTR_VAL(order_json), ZSTR_LEN(order_json),
		(const uint8_t *) ZSTR_VAL(payment_id), ZSTR_LEN(payment_id), &out);
	qm_release_docs(order_json, NULL);
	QM_CHECK(r);
	qm_take_json(&out, return_value);
}

/* ---------------------------------------------------------------------------------------- */
/* Module */

static void qm_value_class(zend_class_entry *ce)
{
	ce->create_object = qm_value_create;
}

PHP_MINIT_FUNCTION(qiwi_merchant)
{
	memcpy(&qm_value_handlers, zend_get_std_object_handlers(), sizeof(zend_object_handlers));
	qm_value_handlers.offset = XtOffsetOf(qm_value, std);
	qm_value_handlers.free_obj = qm_value_free;
	qm_value_handlers.clone_obj = NULL;
	qm_value_handlers.read_property = qm_value_read_property;
	qm_value_handlers.has_property = qm_value_has_property;
	qm_value_handlers.write_property = qm_value_write_property;
	qm_value_handlers.get_property_ptr_ptr = qm_value_get_property_ptr_ptr;
	qm_value_handlers.unset_property = qm_value_unset_property;
	qm_value_handlers.get_properties = qm_value_get_properties;
	qm_value_handlers.get_gc = qm_value_get_gc;
	qm_value_handlers.compare = qm_value_compare;

	memcpy(&qm_signer_handlers, zend_get_std_object_handlers(), sizeof(zend_object_handlers));
	qm_signer_handlers.offset = XtOffsetOf(qm_signer_obj, std);
	qm_signer_handlers.free_obj = qm_signer_free;
	qm_signer_handlers.clone_obj = NULL;
	qm_signer_handlers.get_debug_info = qm_signer_debug_info;
	qm_signer_handlers.get_properties_for = qm_signer_properties_for;

	qm_ce_exception = register_class_QiwiMerchant_Exception(spl_ce_RuntimeException);
	qm_ce_malformed = register_class_QiwiMerchant_MalformedInputException(qm_ce_exception);
	qm_ce_validation = register_class_QiwiMerchant_ValidationException(qm_ce_exception);
	qm_ce_signature = register_class_QiwiMerchant_SignatureException(qm_ce_exception);
	qm_ce_limit = register_class_QiwiMerchant_LimitExceededException(qm_ce_exception);
	qm_ce_unsupported = register_class_QiwiMerchant_UnsupportedException(qm_ce_exception);
	qm_ce_protocol = register_class_QiwiMerchant_ProtocolException(qm_ce_exception);
	qm_ce_unauthorized = register_class_QiwiMerchant_UnauthorizedException(qm_ce_exception);

	qm_ce_signer = register_class_QiwiMerchant_Gate_Signer();
	qm_ce_signer->create_object = qm_signer_create;
	qm_value_class(qm_ce_callback = register_class_QiwiMerchant_Gate_Callback());
	qm_value_class(qm_ce_ac_request = register_class_QiwiMerchant_Gate_AccountCheckRequest());
	qm_value_class(qm_ce_ac_response = register_class_QiwiMerchant_Gate_AccountCheckResponse());
	qm_value_class(qm_ce_account_check = register_class_QiwiMerchant_Gate_AccountCheck());
	qm_value_class(qm_ce_signed_request = register_class_QiwiMerchant_Gate_SignedRequest());
	qm_value_class(qm_ce_payout_response = register_class_QiwiMerchant_Gate_PayoutResponse());
	qm_value_class(qm_ce_status_response = register_class_QiwiMerchant_Gate_StatusResponse());

	qm_ce_message = register_class_QiwiMerchant_Cqr_Message();
	qm_value_class(qm_ce_notification = register_class_QiwiMerchant_Cqr_Notification(qm_ce_message));
	qm_value_class(qm_ce_initiate_response = register_class_QiwiMerchant_Cqr_InitiateResponse(qm_ce_message));
	qm_value_class(qm_ce_get_payments_response = register_class_QiwiMerchant_Cqr_GetPaymentsResponse(qm_ce_message));
	qm_value_class(qm_ce_execute_response = register_class_QiwiMerchant_Cqr_ExecutePaymentActionResponse(qm_ce_message));
	qm_value_class(qm_ce_service_error = register_class_QiwiMerchant_Cqr_ServiceError(qm_ce_message));
	qm_value_class(qm_ce_built_request = register_class_QiwiMerchant_Cqr_BuiltRequest());
	qm_value_class(qm_ce_ip_decision = register_class_QiwiMerchant_Cqr_IpDecision());
	qm_value_class(qm_ce_notification_check = register_class_QiwiMerchant_Cqr_NotificationCheck());

	qm_value_class(qm_ce_decision = register_class_QiwiMerchant_Decision());
	qm_ce_gate_settlement = register_class_QiwiMerchant_Gate_Settlement();
	qm_ce_cqr_settlement = register_class_QiwiMerchant_Cqr_Settlement();

	register_qiwi_merchant_symbols(module_number);

	REGISTER_NS_STRING_CONSTANT("QiwiMerchant", "VERSION", (char *) QIWI_MERCHANT_VERSION, CONST_CS | CONST_PERSISTENT);
	REGISTER_NS_STRING_CONSTANT("QiwiMerchant\\Gate", "PAYOUT_PATH", (char *) qm_gate_payout_path(), CONST_CS | CONST_PERSISTENT);
	REGISTER_NS_STRING_CONSTANT("QiwiMerchant\\Gate", "STATUS_PATH", (char *) qm_gate_status_path(), CONST_CS | CONST_PERSISTENT);
	REGISTER_NS_STRING_CONSTANT("QiwiMerchant\\Gate", "CONTENT_TYPE", "application/json; charset=utf-8", CONST_CS | CONST_PERSISTENT);
	REGISTER_NS_STRING_CONSTANT("QiwiMerchant\\Cqr", "CONTENT_TYPE", "application/xml; charset=utf-8", CONST_CS | CONST_PERSISTENT);
	REGISTER_NS_STRING_CONSTANT("QiwiMerchant\\Cqr", "PXP_TEST_IP", "195.69.175.192", CONST_CS | CONST_PERSISTENT);
	REGISTER_NS_STRING_CONSTANT("QiwiMerchant\\Cqr", "PXP_PRODUCTION_IP", "195.69.175.15", CONST_CS | CONST_PERSISTENT);
	REGISTER_NS_STRING_CONSTANT("QiwiMerchant\\Cqr", "TEST_BASE_URL",
		"https://api.test.kalixa.com/PaymentRedirectionService/PaymentService.svc/pox/", CONST_CS | CONST_PERSISTENT);
	return SUCCESS;
}

PHP_MINFO_FUNCTION(qiwi_merchant)
{
	php_info_print_table_start();
	php_info_print_table_header(2, "qiwi_merchant support", "enabled");
	php_info_print_table_row(2, "Extension version", PHP_QIWI_MERCHANT_VERSION);
	php_info_print_table_row(2, "qiwi-merchant core (linked)", qm_version());
	php_info_print_table_row(2, "qiwi-merchant core build", qm_build_profile());
	php_info_print_table_row(2, "qiwi_merchant.h (compiled against)", QIWI_MERCHANT_VERSION);
	php_info_print_table_end();
}

static const zend_module_dep qiwi_merchant_deps[] = {
	ZEND_MOD_REQUIRED("json")
	ZEND_MOD_REQUIRED("spl")
	ZEND_MOD_END
};

zend_module_entry qiwi_merchant_module_entry = {
	STANDARD_MODULE_HEADER_EX,
	NULL,
	qiwi_merchant_deps,
	"qiwi_merchant",
	ext_functions,
	PHP_MINIT(qiwi_merchant),
	NULL,
	NULL,
	NULL,
	PHP_MINFO(qiwi_merchant),
	PHP_QIWI_MERCHANT_VERSION,
	STANDARD_MODULE_PROPERTIES
};

#ifdef COMPILE_DL_QIWI_MERCHANT
#ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#endif
ZEND_GET_MODULE(qiwi_merchant)
#endif
