/*
 * qiwi_merchant: PHP bindings for qiwi-merchant (JetPay Gate qiwi-kz and CQR/Kalixa QiwiDeposit).
 *
 * Every operation is one call into the core's C ABI (include/qiwi_merchant.h). Structured
 * results come back as JSON and are decoded with ext/json into arrays, then wrapped into final
 * classes with readonly properties (property `fooBar` = JSON member `foo_bar`; toArray() gives
 * the whole decoded document). PHP arrays going in are written as JSON here (not json_encode:
 * floats are refused, integer keys become string keys). Errors become QiwiMerchant\Exception
 * subclasses whose code is the core's stable code and whose message is the core's message.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "ext/standard/info.h"
#include "ext/json/php_json.h"
#include "qm_zjson.h"
#include "ext/spl/spl_exceptions.h"
#include "zend_attributes.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "zend_smart_str.h"

#include "qiwi_merchant.h"
#include "php_qiwi_merchant.h"
#include "qiwi_merchant_arginfo.h"

#if !defined(QIWI_MERCHANT_VERSION_MAJOR) || QIWI_MERCHANT_VERSION_MAJOR != 0 || QIWI_MERCHANT_VERSION_MINOR < 2
#error "qiwi_merchant.h 0.2.x is required (QIWI_MERCHANT_VERSION_MAJOR 0, MINOR >= 2: the settlement engine)"
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

/* Throws a ValidationException for one field, shaped like the core's Error::field. */
static void qm_throw_field(const char *field, size_t field_len, const char *reason)
{
	zval fields, entry;
	smart_str msg = {0};
	smart_str_appendl(&msg, field, field_len);
	smart_str_appends(&msg, ": ");
	smart_str_appends(&msg, reason);
	smart_str_0(&msg);
	array_init(&fields);
	array_init(&entry);
	add_assoc_stringl(&entry, "field", field, field_len);
	add_assoc_string(&entry, "reason", reason);
	add_next_index_zval(&fields, &entry);
	qm_throw(QM_VALIDATION, "validation", ZSTR_VAL(msg.s), ZSTR_LEN(msg.s), field, field_len, NULL, &fields);
	zval_ptr_dtor(&fields);
	smart_str_free(&msg);
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
 * and frees the buffer. A decoder for exactly what the core writes (qm_zjson.c) takes what it can; ext/json, with
 * the same result semantics, takes the rest. */
static void qm_take_json(qm_buffer *b, zval *out)
{
	if (qm_zjson_decode((const char *) b->data, b->len, out) == FAILURE
			&& php_json_decode_ex(out, (const char *) b->data, b->len,
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

/* Appends one path segment (`:` in a name is written `::`, as in the core's stamp paths). */
static void qm_path_push(smart_str *path, const char *seg, size_t len)
{
	size_t i;
	if (path->s && ZSTR_LEN(path->s)) {
		smart_str_appendc(path, ':');
	}
	for (i = 0; i < len; i++) {
		if (seg[i] == ':') {
			smart_str_appendc(path, ':');
		}
		smart_str_appendc(path, seg[i]);
	}
}

static void qm_path_throw(smart_str *path, const char *reason)
{
	smart_str_0(path);
	if (path->s && ZSTR_LEN(path->s)) {
		qm_throw_field(ZSTR_VAL(path->s), ZSTR_LEN(path->s), reason);
	} else {
		qm_throw_field("", 0, reason);
	}
}

static const char QM_FLOAT_REASON[] =
	"floating-point numbers are not allowed in signed parameters "
	"(money is integer minor units; send other numbers as strings)";

/* How qm_encode writes one kind of input. */
typedef struct {
	/* A root member whose members are merged into the body root (a payout's `extra`): paths
	 * below it are named as at the root. */
	const char *merged_key;
	/* The ValidationException reason for a float; NULL: the float is written as a number (see
	 * qm_json_float) and the core's rule for the document refuses it, naming the member. */
	const char *float_reason;
	/* A settlement document (record, order, settings): the root is always an object, and an
	 * empty array below it is `[]` (the documents' arrays are lists). */
	bool document;
} qm_encode_opts;

static const qm_encode_opts QM_ENCODE_PARAMS = {NULL, QM_FLOAT_REASON, false};
/* A limits array: the core's LimitOverrides rule judges every member, floats included, so that
 * a bad array gets the error (kind, code, path `limits:max_depth`) every binding gives. */
static const qm_encode_opts QM_ENCODE_LIMITS = {NULL, NULL, false};

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
 * UTF-8). Floats are a ValidationException naming the path (`a:b:0`), or numbers for the core to
 * judge when o->float_reason is NULL; objects and resources a TypeError. */
static bool qm_encode(smart_str *out, zval *v, smart_str *path, int depth, const qm_encode_opts *o)
{
	ZVAL_DEREF(v);
	switch (Z_TYPE_P(v)) {
		case IS_NULL: smart_str_appendl(out, "null", 4); return true;
		case IS_TRUE: smart_str_appendl(out, "true", 4); return true;
		case IS_FALSE: smart_str_appendl(out, "false", 5); return true;
		case IS_LONG: smart_str_append_long(out, Z_LVAL_P(v)); return true;
		case IS_STRING: qm_json_string(out, Z_STRVAL_P(v), Z_STRLEN_P(v)); return true;
		case IS_DOUBLE:
			if (!o->float_reason) {
				qm_json_float(out, Z_DVAL_P(v));
				return true;
			}
			qm_path_throw(path, o->float_reason);
			return false;
		case IS_ARRAY: break;
		default: {
			smart_str_0(path);
			zend_type_error("QiwiMerchant: unsupported value of type %s at \"%s\" (only arrays, strings, ints, bools and null)",
				zend_zval_type_name(v), path->s ? ZSTR_VAL(path->s) : "");
			return false;
		}
	}
	HashTable *ht = Z_ARRVAL_P(v);
	if (depth >= QM_MAX_ENCODE_DEPTH) {
		qm_throw(QM_LIMIT_EXCEEDED, "limit_exceeded", "array nesting is too deep (or recursive)",
			sizeof("array nesting is too deep (or recursive)") - 1, NULL, 0, "depth", NULL);
		return false;
	}
	bool list = o->document
		? depth > 0 && zend_array_is_list(ht)
		: zend_hash_num_elements(ht) > 0 && zend_array_is_list(ht);
	smart_str_appendc(out, list ? '[' : '{');
	bool first = true;
	zend_ulong idx;
	zend_string *key;
	zval *item;
	char numbuf[MAX_LENGTH_OF_LONG + 1];
	ZEND_HASH_FOREACH_KEY_VAL(ht, idx, key, item) {
		const char *k;
		size_t klen;
		if (key) {
			k = ZSTR_VAL(key);
			klen = ZSTR_LEN(key);
		} else {
			char *end = numbuf + sizeof numbuf - 1;
			char *p = zend_print_long_to_buf(end, (zend_long) idx);
			k = p;
			klen = (size_t) (end - p);
		}
		if (!first) {
			smart_str_appendc(out, ',');
		}
		first = false;
		if (!list) {
			qm_json_string(out, k, klen);
			smart_str_appendc(out, ':');
		}
		size_t saved = path->s ? ZSTR_LEN(path->s) : 0;
		/* Members of a payout's `extra` are merged into the body root: name paths as there. */
		if (!(depth == 0 && o->merged_key && klen == strlen(o->merged_key) && memcmp(k, o->merged_key, klen) == 0)) {
			qm_path_push(path, k, klen);
		}
		bool ok = qm_encode(out, item, path, depth + 1, o);
		if (path->s) {
			ZSTR_LEN(path->s) = saved;
		}
		if (!ok) {
			return false;
		}
	} ZEND_HASH_FOREACH_END();
	smart_str_appendc(out, list ? ']' : '}');
	return true;
}

/* The JSON text of a PHP array, or NULL with an exception thrown. */
static zend_string *qm_array_json_opts(zval *arr, const qm_encode_opts *o)
{
	smart_str out = {0}, path = {0};
	bool ok = qm_encode(&out, arr, &path, 0, o);
	smart_str_free(&path);
	if (!ok) {
		smart_str_free(&out);
		return NULL;
	}
	smart_str_0(&out);
	return out.s;
}

static zend_string *qm_array_json_ex(zval *arr, const char *merged_key)
{
	qm_encode_opts o = QM_ENCODE_PARAMS;
	o.merged_key = merged_key;
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

/* A core function of (input, len, out) and its _with_limits variant (same, plus the limits
 * document before `out`). */
typedef qm_result (*qm_input_fn)(const uint8_t *, size_t, qm_buffer *);
typedef qm_result (*qm_input_limits_fn)(const uint8_t *, size_t, const uint8_t *, size_t, qm_buffer *);

/* Calls `plain` on `input`, or `with_limits` when `limits` (a PHP array of parse limits,
 * ['max_body_bytes' => N, 'max_depth' => N, 'max_items' => N, 'max_string_bytes' => N]) is not
 * NULL. false after throwing (a core error, or a limits array that cannot be encoded). */
static bool qm_call_limits(qm_input_fn plain, qm_input_limits_fn with_limits, zend_string *input, zval *limits,
	qm_buffer *out)
{
	qm_result r;
	if (limits) {
		zend_string *lj = qm_limits_json(limits);
		if (!lj) {
			return false;
		}
		r = with_limits((const uint8_t *) ZSTR_VAL(input), ZSTR_LEN(input),
			(const uint8_t *) ZSTR_VAL(lj), ZSTR_LEN(lj), out);
		zend_string_release(lj);
	} else {
		r = plain((const uint8_t *) ZSTR_VAL(input), ZSTR_LEN(input), out);
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
/* Value objects: readonly properties filled from a decoded document, kept for toArray(). */

typedef struct {
	zval data;
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
	zend_object_std_init(&v->std, ce);
	object_properties_init(&v->std, ce);
	v->std.handlers = &qm_value_handlers;
	return &v->std;
}

static void qm_value_free(zend_object *obj)
{
	qm_value *v = qm_value_from(obj);
	zval_ptr_dtor(&v->data);
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

/* `fooBar` -> `foo_bar`. */
static zend_string *qm_snake(zend_string *name)
{
	smart_str s = {0};
	size_t i;
	for (i = 0; i < ZSTR_LEN(name); i++) {
		char c = ZSTR_VAL(name)[i];
		if (c >= 'A' && c <= 'Z') {
			smart_str_appendc(&s, '_');
			smart_str_appendc(&s, (char) (c - 'A' + 'a'));
		} else {
			smart_str_appendc(&s, c);
		}
	}
	smart_str_0(&s);
	return s.s;
}

/* Creates an object of `ce` from the decoded document `doc` (an array; ownership moves to the
 * object). Members missing from the document are null (or [] for array-typed properties). */
static void qm_hydrate(zend_class_entry *ce, zval *doc, zval *rv)
{
	object_init_ex(rv, ce);
	qm_value *v = qm_value_from(Z_OBJ_P(rv));
	if (Z_TYPE_P(doc) != IS_ARRAY) {
		zval_ptr_dtor(doc);
		array_init(doc);
	}
	ZVAL_COPY_VALUE(&v->data, doc);
	ZVAL_UNDEF(doc);

	zend_property_info *pi;
	ZEND_HASH_FOREACH_PTR(&ce->properties_info, pi) {
		if (pi->flags & ZEND_ACC_STATIC) {
			continue;
		}
		zend_string *snake = qm_snake(pi->name);
		zval *src = zend_hash_find(Z_ARRVAL(v->data), snake);
		zend_string_release(snake);
		zval tmp;
		zend_class_entry *nested = qm_nested_class(ce, pi->name);
		if (src && Z_TYPE_P(src) != IS_NULL) {
			if (nested && Z_TYPE_P(src) == IS_ARRAY) {
				zval copy;
				ZVAL_COPY(&copy, src);
				qm_hydrate(nested, &copy, &tmp);
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
		zend_update_property_ex(ce, Z_OBJ_P(rv), pi->name, &tmp);
		zval_ptr_dtor(&tmp);
		if (EG(exception)) {
			return;
		}
	} ZEND_HASH_FOREACH_END();
}

static void qm_hydrate_buffer(zend_class_entry *ce, qm_buffer *b, zval *rv)
{
	zval doc;
	qm_take_json(b, &doc);
	qm_hydrate(ce, &doc, rv);
}

static void qm_value_to_array(INTERNAL_FUNCTION_PARAMETERS)
{
	ZEND_PARSE_PARAMETERS_NONE();
	qm_value *v = qm_value_from(Z_OBJ_P(ZEND_THIS));
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
	if (limits) {
		zval lz;
		ZVAL_ARR(&lz, limits);
		zend_string *lj = qm_limits_json(&lz);
		if (!lj) {
			RETURN_THROWS();
		}
		r = qm_gate_signer_new_with_limits((const uint8_t *) ZSTR_VAL(secret), ZSTR_LEN(secret),
			(const uint8_t *) ZSTR_VAL(lj), ZSTR_LEN(lj), &signer);
		zend_string_release(lj);
	} else {
		r = qm_gate_signer_new((const uint8_t *) ZSTR_VAL(secret), ZSTR_LEN(secret), &signer);
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
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(body)
	ZEND_PARSE_PARAMETERS_END();
	QM_SIGNER(signer);
	QM_CHECK(qm_gate_parse_callback(signer, (const uint8_t *) ZSTR_VAL(body), ZSTR_LEN(body), &out));
	qm_hydrate_buffer(qm_ce_callback, &out, return_value);
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
	zend_string *json = qm_array_json_ex(request, "extra");
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
	qm_hydrate_buffer(qm_ce_payout_response, &out, return_value);
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
	qm_hydrate_buffer(qm_ce_status_response, &out, return_value);
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
	bool ok = qm_call_limits(qm_gate_stamp, qm_gate_stamp_with_limits, json, limits, &out);
	zend_string_release(json);
	if (!ok) {
		RETURN_THROWS();
	}
	RETURN_STR(qm_take_string(&out));
}

/* ---------------------------------------------------------------------------------------- */
/* QiwiMerchant\Gate\AccountCheckResponse */

static void qm_ac_response(qm_buffer *body, zval *rv)
{
	zval doc, parsed;
	zend_long code = 0;
	php_json_decode_ex(&parsed, (const char *) body->data, body->len, PHP_JSON_OBJECT_AS_ARRAY, QM_JSON_DEPTH);
	if (Z_TYPE(parsed) == IS_ARRAY) {
		zval *c = zend_hash_str_find(Z_ARRVAL(parsed), "code", 4);
		if (c && Z_TYPE_P(c) == IS_LONG) {
			code = Z_LVAL_P(c);
		}
	}
	zval_ptr_dtor(&parsed);
	array_init(&doc);
	add_assoc_long(&doc, "code", code);
	add_assoc_str(&doc, "body", qm_take_string(body));
	qm_hydrate(qm_ce_ac_response, &doc, rv);
}

ZEND_METHOD(QiwiMerchant_Gate_AccountCheckResponse, verifyOk)
{
	zend_string *currency = NULL, *extra = NULL;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(currency)
		Z_PARAM_STR_OR_NULL(extra)
	ZEND_PARSE_PARAMETERS_END();
	QM_CHECK(qm_gate_response_verify_ok(
		(const uint8_t *) (currency ? ZSTR_VAL(currency) : "KZT"), currency ? ZSTR_LEN(currency) : 3,
		extra ? (const uint8_t *) ZSTR_VAL(extra) : NULL, extra ? ZSTR_LEN(extra) : 0, &out));
	qm_ac_response(&out, return_value);
}

ZEND_METHOD(QiwiMerchant_Gate_AccountCheckResponse, checkDepositOk)
{
	zend_string *id;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(id)
	ZEND_PARSE_PARAMETERS_END();
	QM_CHECK(qm_gate_response_check_deposit_ok((const uint8_t *) ZSTR_VAL(id), ZSTR_LEN(id), &out));
	qm_ac_response(&out, return_value);
}

/* The answers that take an optional message (absent: the core's default text). */
static void qm_ac_message_response(INTERNAL_FUNCTION_PARAMETERS,
	qm_result (*build)(const uint8_t *, size_t, qm_buffer *), bool nullable)
{
	zend_string *msg = NULL;
	qm_buffer out = {0};
	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_EX(msg, nullable, 0)
	ZEND_PARSE_PARAMETERS_END();
	QM_CHECK(build(msg ? (const uint8_t *) ZSTR_VAL(msg) : NULL, msg ? ZSTR_LEN(msg) : 0, &out));
	qm_ac_response(&out, return_value);
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

/* fname(string $xml, ?array $limits = null): cfn (or cfn_with_limits), then `finish` on the
 * output JSON. */
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
		if (!qm_call_limits(cfn, cfn##_with_limits, xml, limits, &out)) { \
			RETURN_THROWS(); \
		} \
		finish(&out, return_value); \
	}

QM_XML_FN(QiwiMerchant_Cqr_parse, qm_cqr_parse_message, qm_message)
QM_XML_FN(QiwiMerchant_Cqr_parseNotification, qm_cqr_parse_notification, qm_message)
QM_XML_FN(QiwiMerchant_Cqr_parseInitiateAnswer, qm_cqr_parse_initiate_answer, qm_message)
QM_XML_FN(QiwiMerchant_Cqr_parseGetPaymentsAnswer, qm_cqr_parse_get_payments_answer, qm_message)
QM_XML_FN(QiwiMerchant_Cqr_parseInitiateRequest, qm_cqr_parse_initiate_request, qm_take_json)

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
 * qm_encode as documents: floats refused with the member's path, never rounded); messages go
 * in as their raw bytes (verified and parsed by the core). */

static const char QM_FLOAT_RECORD[] =
	"floating-point numbers are not allowed in a record (amounts are integer minor units)";
static const char QM_FLOAT_ORDER[] =
	"floating-point numbers are not allowed in an order (amounts are integer minor units)";
static const char QM_FLOAT_SETTINGS[] =
	"floating-point numbers are not allowed in the settings";

/* The JSON document of `arr` (NULL: none, *out stays NULL). false after throwing. */
static bool qm_document(zval *arr, const char *float_reason, zend_string **out)
{
	qm_encode_opts o = {NULL, float_reason, true};
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
	if (!signer || !qm_document(record, QM_FLOAT_RECORD, &record_json)) {
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
	if (!qm_document(record, QM_FLOAT_RECORD, &record_json)) {
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
	if (!qm_document(settings, QM_FLOAT_SETTINGS, settings_json)) {
		return false;
	}
	if (!qm_document(order, QM_FLOAT_ORDER, order_json)) {
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
	if (!qm_document(order, QM_FLOAT_ORDER, &order_json)) {
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
