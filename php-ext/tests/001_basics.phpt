--TEST--
qiwi_merchant: loaded, version, constants, classes
--EXTENSIONS--
qiwi_merchant
--FILE--
<?php
var_dump(extension_loaded('qiwi_merchant'));
var_dump(QiwiMerchant\version() === QiwiMerchant\VERSION, phpversion('qiwi_merchant') === QiwiMerchant\version());
var_dump(QiwiMerchant\Gate\PAYOUT_PATH, QiwiMerchant\Gate\STATUS_PATH, QiwiMerchant\Gate\CONTENT_TYPE);
var_dump(QiwiMerchant\Cqr\CONTENT_TYPE, QiwiMerchant\Cqr\TEST_BASE_URL, QiwiMerchant\Gate\AccountCheckResponse::CONTENT_TYPE);
var_dump(is_subclass_of(QiwiMerchant\Exception::class, RuntimeException::class));
foreach (['MalformedInput', 'Validation', 'Signature', 'LimitExceeded', 'Unsupported', 'Protocol', 'Unauthorized'] as $n) {
    var_dump(is_subclass_of("QiwiMerchant\\{$n}Exception", QiwiMerchant\Exception::class));
}
$r = new ReflectionClass(QiwiMerchant\Gate\Callback::class);
var_dump($r->isFinal(), $r->getProperty('outcome')->isReadOnly());
var_dump(QiwiMerchant\Money\currencyExponent('KWD'), QiwiMerchant\Money\minorToDecimal(2100, 'USD'),
    QiwiMerchant\Money\minorToDecimal(-5, 'KWD'), QiwiMerchant\Money\decimalToMinor('21.00', 'USD'));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
string(33) "/v2/payment/wallet/qiwi-kz/payout"
string(18) "/v2/payment/status"
string(31) "application/json; charset=utf-8"
string(30) "application/xml; charset=utf-8"
string(77) "https://api.test.kalixa.com/PaymentRedirectionService/PaymentService.svc/pox/"
string(31) "application/json; charset=utf-8"
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
int(3)
string(5) "21.00"
string(6) "-0.005"
int(2100)
