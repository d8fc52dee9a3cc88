--TEST--
Floats and unsupported values in PHP arrays: the core's rule for host documents (qm_document_refuse_floats) names the path; the same kind, code, path, fields and message on every entry point as when the extension had its own copy of the rule
--EXTENSIONS--
qiwi_merchant
--FILE--
<?php
use QiwiMerchant\Gate\{Signer, Settlement as GateSettlement};
use QiwiMerchant\Cqr;
use QiwiMerchant\Cqr\Settlement as CqrSettlement;

$s = new Signer('qiwi-merchant-test-secret');
function show(string $what, callable $f): void
{
    try {
        $f();
        echo "$what: accepted\n";
    } catch (QiwiMerchant\Exception $e) {
        printf("%s: %s code=%d kind=%s path=%s fields=%s message=%s\n", $what, get_class($e), $e->getCode(), $e->getKind(),
            var_export($e->getPath(), true), json_encode($e->getFields()), $e->getMessage());
    } catch (Throwable $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
$obj = new stdClass();
$res = fopen('php://memory', 'r');
$payout = ['project_id' => 35, 'payment_id' => 'p', 'customer' => ['id' => '1', 'ip_address' => '198.51.100.47',
    'first_name' => 'A', 'last_name' => 'B', 'email' => 'a@b.kz'], 'account_number' => '9', 'amount' => 100, 'currency' => 'KZT'];
$params = [
    'float' => ['a' => ['b' => [2.5]]],
    'colon' => ['a:b' => ['c' => 1.0]],
    'nan' => ['x' => NAN],
    'inf' => ['l' => [[0, -INF]]],
    'signature member' => ['signature' => 1.5, 'a' => 1],
    'frame_mode' => ['frame_mode' => 0.5],
    'integer keys' => [3 => ['7' => 0.1]],
    'object' => ['a' => ['b' => $obj]],
    'resource' => ['r' => $res],
    'float then object' => ['a' => 1.5, 'b' => $obj],
    'object then float' => ['a' => $obj, 'b' => 1.5],
];
foreach ($params as $name => $p) {
    show("sign $name", fn () => $s->sign($p));
    show("verify $name", fn () => $s->verify($p));
    show("checkSignature $name", fn () => $s->checkSignature($p));
    show("stamp $name", fn () => Signer::stamp($p));
}
show('payout amount', fn () => $s->payoutRequest(['amount' => 100.0] + $payout));
show('payout extra', fn () => $s->payoutRequest($payout + ['extra' => ['payment' => ['fee' => 1.5]]]));
show('payout extra object', fn () => $s->payoutRequest($payout + ['extra' => ['payment' => ['x' => $obj]]]));
show('payout customer', fn () => $s->payoutRequest(['customer' => ['id' => 1.5] + $payout['customer']] + $payout));
show('initiate', fn () => Cqr\buildInitiateRequest(['amount' => 9.95]));
show('limits float', fn () => new Signer('k', ['max_depth' => 1.5]));
show('limits float then object', fn () => new Signer('k', ['max_depth' => 1.5, 'max_items' => $obj]));
show('limits object', fn () => Signer::stamp('{}', ['max_items' => $obj]));
show('cqr limits float', fn () => Cqr\parse('<a/>', ['max_body_bytes' => 1e3]));
$rec = ['kind' => 'deposit', 'status' => 'pending', 'amount' => 10000, 'currency' => 'KZT'];
$cb = '{"payment":{"id":"dep-1"},"signature":"x"}';
show('record', fn () => GateSettlement::settle($s, ['amount' => 10000.0] + $rec, $cb));
show('record list', fn () => GateSettlement::settle($s, ['applied_operations' => ['1', 2.5]] + $rec, $cb));
show('record object', fn () => GateSettlement::storageFailed(['amount' => $obj] + $rec));
$settings = ['merchant_id' => 'M', 'shop_id' => 'S'];
$order = ['status' => 'pending', 'amount' => 10000, 'currency' => 'KZT'];
show('settings', fn () => CqrSettlement::storageFailed(['shop_id' => 1.5] + $settings, $order));
show('order', fn () => CqrSettlement::storageFailed($settings, ['credited' => 0.5] + $order));
show('bind order', fn () => CqrSettlement::bindAttempt(['applied_keys' => ['k', 2.5]] + $order, 'p'));
?>
--EXPECT--
sign float: QiwiMerchant\ValidationException code=2 kind=validation path='a:b:0' fields=[{"field":"a:b:0","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=a:b:0: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
verify float: QiwiMerchant\ValidationException code=2 kind=validation path='a:b:0' fields=[{"field":"a:b:0","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=a:b:0: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
checkSignature float: QiwiMerchant\ValidationException code=2 kind=validation path='a:b:0' fields=[{"field":"a:b:0","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=a:b:0: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
stamp float: QiwiMerchant\ValidationException code=2 kind=validation path='a:b:0' fields=[{"field":"a:b:0","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=a:b:0: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
sign colon: QiwiMerchant\ValidationException code=2 kind=validation path='a::b:c' fields=[{"field":"a::b:c","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=a::b:c: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
verify colon: QiwiMerchant\ValidationException code=2 kind=validation path='a::b:c' fields=[{"field":"a::b:c","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=a::b:c: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
checkSignature colon: QiwiMerchant\ValidationException code=2 kind=validation path='a::b:c' fields=[{"field":"a::b:c","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=a::b:c: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
stamp colon: QiwiMerchant\ValidationException code=2 kind=validation path='a::b:c' fields=[{"field":"a::b:c","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=a::b:c: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
sign nan: QiwiMerchant\ValidationException code=2 kind=validation path='x' fields=[{"field":"x","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=x: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
verify nan: QiwiMerchant\ValidationException code=2 kind=validation path='x' fields=[{"field":"x","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=x: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
checkSignature nan: QiwiMerchant\ValidationException code=2 kind=validation path='x' fields=[{"field":"x","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=x: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
stamp nan: QiwiMerchant\ValidationException code=2 kind=validation path='x' fields=[{"field":"x","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=x: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
sign inf: QiwiMerchant\ValidationException code=2 kind=validation path='l:0:1' fields=[{"field":"l:0:1","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=l:0:1: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
verify inf: QiwiMerchant\ValidationException code=2 kind=validation path='l:0:1' fields=[{"field":"l:0:1","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=l:0:1: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
checkSignature inf: QiwiMerchant\ValidationException code=2 kind=validation path='l:0:1' fields=[{"field":"l:0:1","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=l:0:1: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
stamp inf: QiwiMerchant\ValidationException code=2 kind=validation path='l:0:1' fields=[{"field":"l:0:1","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=l:0:1: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
sign signature member: QiwiMerchant\ValidationException code=2 kind=validation path='signature' fields=[{"field":"signature","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=signature: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
verify signature member: QiwiMerchant\ValidationException code=2 kind=validation path='signature' fields=[{"field":"signature","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=signature: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
checkSignature signature member: QiwiMerchant\ValidationException code=2 kind=validation path='signature' fields=[{"field":"signature","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=signature: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
stamp signature member: QiwiMerchant\ValidationException code=2 kind=validation path='signature' fields=[{"field":"signature","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=signature: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
sign frame_mode: QiwiMerchant\ValidationException code=2 kind=validation path='frame_mode' fields=[{"field":"frame_mode","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=frame_mode: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
verify frame_mode: QiwiMerchant\ValidationException code=2 kind=validation path='frame_mode' fields=[{"field":"frame_mode","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=frame_mode: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
checkSignature frame_mode: QiwiMerchant\ValidationException code=2 kind=validation path='frame_mode' fields=[{"field":"frame_mode","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=frame_mode: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
stamp frame_mode: QiwiMerchant\ValidationException code=2 kind=validation path='frame_mode' fields=[{"field":"frame_mode","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=frame_mode: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
sign integer keys: QiwiMerchant\ValidationException code=2 kind=validation path='3:7' fields=[{"field":"3:7","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=3:7: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
verify integer keys: QiwiMerchant\ValidationException code=2 kind=validation path='3:7' fields=[{"field":"3:7","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=3:7: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
checkSignature integer keys: QiwiMerchant\ValidationException code=2 kind=validation path='3:7' fields=[{"field":"3:7","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=3:7: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
stamp integer keys: QiwiMerchant\ValidationException code=2 kind=validation path='3:7' fields=[{"field":"3:7","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=3:7: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
sign object: TypeError: QiwiMerchant: unsupported value of type stdClass at "a:b" (only arrays, strings, ints, bools and null)
verify object: TypeError: QiwiMerchant: unsupported value of type stdClass at "a:b" (only arrays, strings, ints, bools and null)
checkSignature object: TypeError: QiwiMerchant: unsupported value of type stdClass at "a:b" (only arrays, strings, ints, bools and null)
stamp object: TypeError: QiwiMerchant: unsupported value of type stdClass at "a:b" (only arrays, strings, ints, bools and null)
sign resource: TypeError: QiwiMerchant: unsupported value of type resource at "r" (only arrays, strings, ints, bools and null)
verify resource: TypeError: QiwiMerchant: unsupported value of type resource at "r" (only arrays, strings, ints, bools and null)
checkSignature resource: TypeError: QiwiMerchant: unsupported value of type resource at "r" (only arrays, strings, ints, bools and null)
stamp resource: TypeError: QiwiMerchant: unsupported value of type resource at "r" (only arrays, strings, ints, bools and null)
sign float then object: QiwiMerchant\ValidationException code=2 kind=validation path='a' fields=[{"field":"a","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=a: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
verify float then object: QiwiMerchant\ValidationException code=2 kind=validation path='a' fields=[{"field":"a","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=a: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
checkSignature float then object: QiwiMerchant\ValidationException code=2 kind=validation path='a' fields=[{"field":"a","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=a: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
stamp float then object: QiwiMerchant\ValidationException code=2 kind=validation path='a' fields=[{"field":"a","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=a: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
sign object then float: TypeError: QiwiMerchant: unsupported value of type stdClass at "a" (only arrays, strings, ints, bools and null)
verify object then float: TypeError: QiwiMerchant: unsupported value of type stdClass at "a" (only arrays, strings, ints, bools and null)
checkSignature object then float: TypeError: QiwiMerchant: unsupported value of type stdClass at "a" (only arrays, strings, ints, bools and null)
stamp object then float: TypeError: QiwiMerchant: unsupported value of type stdClass at "a" (only arrays, strings, ints, bools and null)
payout amount: QiwiMerchant\ValidationException code=2 kind=validation path='amount' fields=[{"field":"amount","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=amount: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
payout extra: QiwiMerchant\ValidationException code=2 kind=validation path='payment:fee' fields=[{"field":"payment:fee","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=payment:fee: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
payout extra object: TypeError: QiwiMerchant: unsupported value of type stdClass at "payment:x" (only arrays, strings, ints, bools and null)
payout customer: QiwiMerchant\ValidationException code=2 kind=validation path='customer:id' fields=[{"field":"customer:id","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=customer:id: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
initiate: QiwiMerchant\ValidationException code=2 kind=validation path='amount' fields=[{"field":"amount","reason":"floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)"}] message=amount: floating-point numbers are not allowed in signed parameters (money is integer minor units; send other numbers as strings)
limits float: QiwiMerchant\ValidationException code=2 kind=validation path='limits:max_depth' fields=[{"field":"limits:max_depth","reason":"must be a positive integer, found float"}] message=limits:max_depth: must be a positive integer, found float
limits float then object: TypeError: QiwiMerchant: unsupported value of type stdClass at "max_items" (only arrays, strings, ints, bools and null)
limits object: TypeError: QiwiMerchant: unsupported value of type stdClass at "max_items" (only arrays, strings, ints, bools and null)
cqr limits float: QiwiMerchant\ValidationException code=2 kind=validation path='limits:max_body_bytes' fields=[{"field":"limits:max_body_bytes","reason":"must be a positive integer, found float"}] message=limits:max_body_bytes: must be a positive integer, found float
record: QiwiMerchant\ValidationException code=2 kind=validation path='amount' fields=[{"field":"amount","reason":"floating-point numbers are not allowed in a record (amounts are integer minor units)"}] message=amount: floating-point numbers are not allowed in a record (amounts are integer minor units)
record list: QiwiMerchant\ValidationException code=2 kind=validation path='applied_operations:1' fields=[{"field":"applied_operations:1","reason":"floating-point numbers are not allowed in a record (amounts are integer minor units)"}] message=applied_operations:1: floating-point numbers are not allowed in a record (amounts are integer minor units)
record object: TypeError: QiwiMerchant: unsupported value of type stdClass at "amount" (only arrays, strings, ints, bools and null)
settings: QiwiMerchant\ValidationException code=2 kind=validation path='shop_id' fields=[{"field":"shop_id","reason":"floating-point numbers are not allowed in the settings"}] message=shop_id: floating-point numbers are not allowed in the settings
order: QiwiMerchant\ValidationException code=2 kind=validation path='credited' fields=[{"field":"credited","reason":"floating-point numbers are not allowed in an order (amounts are integer minor units)"}] message=credited: floating-point numbers are not allowed in an order (amounts are integer minor units)
bind order: QiwiMerchant\ValidationException code=2 kind=validation path='applied_keys:1' fields=[{"field":"applied_keys:1","reason":"floating-point numbers are not allowed in an order (amounts are integer minor units)"}] message=applied_keys:1: floating-point numbers are not allowed in an order (amounts are integer minor units)
