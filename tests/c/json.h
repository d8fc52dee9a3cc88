/*
 * json.h: a minimal JSON reader for the C test harness (written for qiwi-merchant; MIT OR
 * Apache-2.0 like the crate). Strict RFC 8259 syntax, UTF-8 strings decoded (with \u escapes
 * and surrogate pairs), numbers kept as their exact text, object members in input order.
 * Not a general-purpose library: no limits beyond available memory, recursion depth <= 256.
 */
#ifndef QM_TEST_JSON_H
#define QM_TEST_JSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } jtype;

typedef struct jvalue jvalue;
struct jvalue {
    jtype type;
    bool boolean;
    char *str;      /* J_STRING: decoded UTF-8 (NUL-terminated, may contain NUL); J_NUMBER: text */
    size_t len;     /* length of str */
    size_t count;   /* J_ARRAY / J_OBJECT: number of items */
    char **keys;    /* J_OBJECT: member names (NUL-terminated) */
    size_t *key_lens;
    jvalue **items; /* J_ARRAY elements / J_OBJECT values */
};

/* Parses a whole document; NULL on any syntax error. Free with json_free. */
jvalue *json_parse(const char *text, size_t len);
void json_free(jvalue *v);

/* Member of an object by name (NULL when absent or not an object). */
const jvalue *json_get(const jvalue *obj, const char *key);
/* String value or NULL; number as long long (0 when not a number). */
const char *json_str(const jvalue *v);
long long json_int(const jvalue *v);
bool json_is(const jvalue *v, jtype t);

/* Deep equality (object member order ignored; numbers by text, else by value). */
bool json_equal(const jvalue *a, const jvalue *b);
/* Every member of `expected` is present and equal in `actual`, recursively for objects;
 * a missing member counts as null (the Rust runner's rule). */
bool json_subset(const jvalue *expected, const jvalue *actual);

/* Serialises compactly (member order kept, numbers as their text). Caller frees. */
char *json_write(const jvalue *v, size_t *len);
/* Reads a whole file; NULL on error. *len receives the size. Caller frees. */
char *read_file(const char *path, size_t *len);
/* Decodes standard base64 (with padding); NULL on error. Caller frees. */
unsigned char *base64_decode(const char *s, size_t *out_len);

#endif
