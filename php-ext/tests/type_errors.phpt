--TEST--
Wrong argument types are TypeErrors/ValueErrors; value classes cannot be built or changed
--EXTENSIONS--
qiwi_merchant
--FILE--
<?php
declare(strict_types=1);
use QiwiMerchant\Gate\Signer;
use QiwiMerchant\Cqr;

function t(callable $f): void
{
    try {
        $f();
        echo "no error\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
$s = new Signer('k');
t(fn () => new Signer(123));
t(fn () => new Signer('k', 'limits'));
t(fn () => $s->sign('{"a":1}'));
t(fn () => $s->sign(['a' => new stdClass()]));
t(fn () => $s->sign(['a' => ['b' => fopen('php://memory', 'r')]]));
t(fn () => $s->verify(42));
t(fn () => $s->parseCallback(['a' => 1]));
t(fn () => $s->parseAccountCheck('111', '{}'));
t(fn () => $s->parseAccountCheck(-1, '{}'));
t(fn () => $s->parsePayoutResponse(70000, '{}', 'x'));
t(fn () => $s->statusRequest(1, null));
t(fn () => Signer::stamp(1.5));
t(fn () => Cqr\parse(null));
t(fn () => Cqr\ipDecide(['10.0.0.0/8', 5], '10.0.0.1'));
t(fn () => Cqr\checkBasicAuth('u', 'p', 5));
t(fn () => Cqr\buildAck('0'));
t(fn () => QiwiMerchant\Money\minorToDecimal('1', 'USD'));
t(fn () => new QiwiMerchant\Gate\Callback());
t(fn () => clone $s);
t(fn () => serialize($s));
t(fn () => unserialize('O:24:"QiwiMerchant\Gate\Signer":0:{}'));
t(fn () => $s->__construct('other'));
t(function () use ($s) { $s->extra = 1; });
$r = QiwiMerchant\Gate\AccountCheckResponse::notFound();
t(function () use ($r) { $r->code = 1; });
t(function () use ($r) { $r->other = 1; });
t(fn () => clone $r);
t(fn () => serialize($r));
// The account's currency has no default (neither in the core nor here).
t(fn () => QiwiMerchant\Gate\AccountCheckResponse::verifyOk());
// A lazy result is as closed as a built one.
$cb = $s->parsePayoutResponse(503, '', 'p');
t(function () use ($cb) { $cb->other = 1; });
t(fn () => clone $cb);
t(fn () => serialize($cb));
?>
--EXPECTF--
TypeError: QiwiMerchant\Gate\Signer::__construct(): Argument #1 ($secret) must be of type string, int given
TypeError: QiwiMerchant\Gate\Signer::__construct(): Argument #2 ($limits) must be of type ?array, string given
TypeError: QiwiMerchant\Gate\Signer::sign(): Argument #1 ($params) must be of type array, string given
TypeError: QiwiMerchant: unsupported value of type stdClass at "a" (only arrays, strings, ints, bools and null)
TypeError: QiwiMerchant: unsupported value of type resource at "a:b" (only arrays, strings, ints, bools and null)
TypeError: QiwiMerchant\Gate\Signer::verify(): Argument #1 ($message) must be of type array|string, int given
TypeError: QiwiMerchant\Gate\Signer::parseCallback(): Argument #1 ($body) must be of type string, array given
TypeError: QiwiMerchant\Gate\Signer::parseAccountCheck(): Argument #1 ($projectId) must be of type int, string given
ValueError: QiwiMerchant\Gate\Signer::parseAccountCheck(): Argument #1 ($projectId) must be greater than or equal to 0
ValueError: QiwiMerchant\Gate\Signer::parsePayoutResponse(): Argument #1 ($httpStatus) must be between 0 and 65535
TypeError: QiwiMerchant\Gate\Signer::statusRequest(): Argument #2 ($paymentId) must be of type string, null given
TypeError: QiwiMerchant\Gate\Signer::stamp(): Argument #1 ($params) must be of type array|string, float given
TypeError: QiwiMerchant\Cqr\parse(): Argument #1 ($xml) must be of type string, null given
TypeError: QiwiMerchant\Cqr\ipDecide(): Argument #1 ($allowed) must be an array of strings, int given in the array
TypeError: QiwiMerchant\Cqr\checkBasicAuth(): Argument #3 ($header) must be of type ?string, int given
TypeError: QiwiMerchant\Cqr\buildAck(): Argument #1 ($code) must be of type int, string given
TypeError: QiwiMerchant\Money\minorToDecimal(): Argument #1 ($minor) must be of type int, string given
Error: Call to private QiwiMerchant\Gate\Callback::__construct() from global scope
Error: Trying to clone an uncloneable object of class QiwiMerchant\Gate\Signer
Exception: Serialization of 'QiwiMerchant\Gate\Signer' is not allowed
Exception: Unserialization of 'QiwiMerchant\Gate\Signer' is not allowed
Error: QiwiMerchant\Gate\Signer is already initialized
Error: Cannot create dynamic property QiwiMerchant\Gate\Signer::$extra
Error: Cannot modify readonly property QiwiMerchant\Gate\AccountCheckResponse::$code
Error: Cannot create dynamic property QiwiMerchant\Gate\AccountCheckResponse::$other
Error: Trying to clone an uncloneable object of class QiwiMerchant\Gate\AccountCheckResponse
Exception: Serialization of 'QiwiMerchant\Gate\AccountCheckResponse' is not allowed
ArgumentCountError: QiwiMerchant\Gate\AccountCheckResponse::verifyOk() expects at least 1 argument, 0 given
Error: Cannot create dynamic property QiwiMerchant\Gate\PayoutResponse::$other
Error: Trying to clone an uncloneable object of class QiwiMerchant\Gate\PayoutResponse
Exception: Serialization of 'QiwiMerchant\Gate\PayoutResponse' is not allowed
