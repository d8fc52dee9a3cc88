#ifndef QM_ZJSON_H
#define QM_ZJSON_H

#include "php.h"

/* Decodes a JSON document written by the core into `out` (objects as arrays). FAILURE, with
 * `out` undefined, for anything outside the subset it handles (see qm_zjson.c): the caller then
 * decodes with ext/json. */
zend_result qm_zjson_decode(const char *json, size_t len, zval *out);

#endif
