--TEST--
Every exception class: code = core code, message = core message, kind/path/limit/fields
--EXTENSIONS--
qiwi_merchant
--FILE--
<?php
use QiwiMerchant\Gate\Signer;
use QiwiMerchant\Cqr;

function show(callable $f): void
{
    try {
        $f();
        echo "no exception\n";
    } catch (QiwiMerchant\Exception $e) {
        printf("%s code=%d kind=%s path=%s limit=%s fields=%s runtime=%d\n  %s\n",
            get_class($e), $e->getCode(), $e->getKind(), var_export($e->getPath(), true),
            var_export($e->getLimit(), true), json_encode(array_column($e->getFields(), 'field')),
            $e instanceof RuntimeException, $e->getMessage());
    }
}

$s = new Signer('qiwi-merchant-test-secret');
$signed = '{"payment":{"id":"p1","status":"success"},"signature":"' . $s->sign(['payment' => ['id' => 'p1', 'status' => 'success']]) . '"}';

// 1 malformed input
show(fn () => $s->signJson('{"a":'));
show(fn () => $s->parseCallback("\xff"));
show(fn () => Cqr\parse('<notxml'));
// 2 validation
show(fn () => new Signer(''));
show(fn () => $s->sign(['a' => ['b' => [1.5]]]));
show(fn () => $s->parseCallback(str_replace('"id":"p1",', '', '{"payment":{"status":"success"},"signature":"' . $s->sign(['payment' => ['status' => 'success']]) . '"}')));
show(fn () => Cqr\buildInitiateRequest(['merchant_id' => 'm']));
show(fn () => QiwiMerchant\Money\decimalToMinor('21.005', 'USD'));
// an empty configured Basic user or password: refused whatever the header (`Basic Og==` is ":")
show(fn () => Cqr\checkBasicAuth('', '', 'Basic Og=='));
show(fn () => Cqr\checkBasicAuth('pxp', '', 'Basic ' . base64_encode('pxp:')));
// 3 signature mismatch, 6 missing signature: both SignatureException
show(fn () => $s->parseCallback(str_replace('"p1"', '"p2"', $signed)));
show(fn () => $s->parseCallback('{"payment":{"id":"p1"}}'));
show(fn () => $s->checkSignature('{"payment":{"id":"p1"},"signature":""}'));
var_dump($s->verify($signed), $s->verify(str_replace('"p1"', '"p2"', $signed)), $s->verify('{"a":1}'));
// 4 limit exceeded
show(fn () => Signer::stamp(str_repeat('{"a":', 70) . '1' . str_repeat('}', 70)));
show(fn () => (new Signer('k', ['max_body_bytes' => 10]))->verify('{"a":"0123456789"}'));
show(fn () => Cqr\parse('<a/>', ['max_body_bytes' => 2]));
$deep = [];
$ref = &$deep;
for ($i = 0; $i < 300; $i++) { $ref['x'] = []; $ref = &$ref['x']; }
unset($ref);
show(fn () => Signer::stamp($deep));
// 5 unsupported
show(fn () => QiwiMerchant\Money\currencyExponent('XAU'));
// 7 protocol
$exc = '<?xml version="1.0" encoding="utf-8"?><paymentServiceException xmlns="http://www.cqrpayments.com/PaymentProcessing"><errorCode>800</errorCode><errorMessage>schema</errorMessage></paymentServiceException>';
show(fn () => Cqr\confirmation($exc, 'x'));
// 8 unauthorized is reported as false by the checks (no exception)
var_dump(Cqr\checkBasicAuth('pxp', 'pw', null), Cqr\checkBasicAuth('pxp', 'pw', 'Basic ' . base64_encode('pxp:pw')));
// a settlement record the core refuses (the settlement engine replaced Cqr\transition)
show(fn () => QiwiMerchant\Gate\Settlement::storageFailed(['kind' => 'deposit', 'status' => 'nope', 'amount' => 1, 'currency' => 'KZT']));
// the exception classes are usable from PHP too
$e = new QiwiMerchant\ValidationException('mine', 2);
var_dump($e->getKind(), $e->getPath(), $e->getLimit(), $e->getFields());
?>
--EXPECTF--
QiwiMerchant\MalformedInputException code=1 kind=malformed_input path=%s limit=NULL fields=[] runtime=1
  %s
QiwiMerchant\MalformedInputException code=1 kind=malformed_input path=%s limit=NULL fields=[] runtime=1
  %s
QiwiMerchant\MalformedInputException code=1 kind=malformed_input path=%s limit=NULL fields=[] runtime=1
  %s
QiwiMerchant\ValidationException code=2 kind=validation path=%s limit=NULL fields=%s runtime=1
  %s
QiwiMerchant\ValidationException code=2 kind=validation path='a:b:0' limit=NULL fields=["a:b:0"] runtime=1
  a:b:0: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
QiwiMerchant\ValidationException code=2 kind=validation path=%s limit=NULL fields=%s runtime=1
  %s
QiwiMerchant\ValidationException code=2 kind=validation path=%s limit=NULL fields=["shop_id",%s] runtime=1
  %s
QiwiMerchant\ValidationException code=2 kind=validation path=%s limit=NULL fields=%s runtime=1
  %s
QiwiMerchant\ValidationException code=2 kind=validation path='user' limit=NULL fields=["user","password"] runtime=1
  user: must not be empty in Basic credentials; password: must not be empty in Basic credentials
QiwiMerchant\ValidationException code=2 kind=validation path='password' limit=NULL fields=["password"] runtime=1
  password: must not be empty in Basic credentials
QiwiMerchant\SignatureException code=3 kind=signature_mismatch path=NULL limit=NULL fields=[] runtime=1
  %s
QiwiMerchant\SignatureException code=6 kind=missing_signature path=NULL limit=NULL fields=[] runtime=1
  %s
QiwiMerchant\SignatureException code=6 kind=missing_signature path=NULL limit=NULL fields=[] runtime=1
  %s
bool(true)
bool(false)
bool(false)
QiwiMerchant\LimitExceededException code=4 kind=limit_exceeded path=%s limit='depth' fields=[] runtime=1
  %s
QiwiMerchant\LimitExceededException code=4 kind=limit_exceeded path=%s limit='body_size' fields=[] runtime=1
  %s
QiwiMerchant\LimitExceededException code=4 kind=limit_exceeded path=%s limit='body_size' fields=[] runtime=1
  %s
QiwiMerchant\LimitExceededException code=4 kind=limit_exceeded path=NULL limit='depth' fields=[] runtime=1
  array nesting is too deep (or recursive)
QiwiMerchant\UnsupportedException code=5 kind=unsupported path=%s limit=NULL fields=[] runtime=1
  %s
QiwiMerchant\ProtocolException code=7 kind=protocol path=%s limit=NULL fields=[] runtime=1
  %s
bool(false)
bool(true)
QiwiMerchant\ValidationException code=2 kind=validation path=%s limit=NULL fields=%s runtime=1
  %s
string(7) "unknown"
NULL
NULL
array(0) {
}
