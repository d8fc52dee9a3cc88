/* qiwi_merchant PHP extension: a thin layer over the qiwi-merchant C ABI (include/qiwi_merchant.h). */
#ifndef PHP_QIWI_MERCHANT_H
#define PHP_QIWI_MERCHANT_H

extern zend_module_entry qiwi_merchant_module_entry;
#define phpext_qiwi_merchant_ptr &qiwi_merchant_module_entry

/* Version of the extension itself: the version of the core header it is built with (the
 * bundled build links that same core; include qiwi_merchant.h first). */
#define PHP_QIWI_MERCHANT_VERSION QIWI_MERCHANT_VERSION

#if defined(ZTS) && defined(COMPILE_DL_QIWI_MERCHANT)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

#endif /* PHP_QIWI_MERCHANT_H */
