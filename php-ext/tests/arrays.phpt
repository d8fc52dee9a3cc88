--TEST--
PHP arrays as signed parameters: lists vs objects, integer-like keys, empty arrays, floats, references
--EXTENSIONS--
qiwi_merchant
--FILE--
<?php
use QiwiMerchant\Gate\Signer;

$s = new Signer('qiwi-merchant-test-secret');
$same = function (array $params, string $json) use ($s) {
    $a = Signer::stamp($params);
    $b = Signer::stamp($json);
    printf("%s %s\n", $a === $b && $s->sign($params) === $s->signJson($json) ? "same" : "DIFF", addcslashes($a, "\0..\37"));
};
// The illustration of docs/gate.md
$same(['b' => ['y' => null, 'x' => true], 'a' => ['p', []], 'frame_mode' => 'popup', 'n' => [], 'big' => '12345678901234567890'],
    '{"b":{"y":null,"x":true},"a":["p",{}],"frame_mode":"popup","n":[],"big":12345678901234567890}');
// "123" keys become PHP ints: written back as the decimal key
$same(['123' => 'a', '-5' => 'b', '07' => 'c'], '{"123":"a","-5":"b","07":"c"}');
// lists (keys 0..n-1 in order) are arrays; other int keys are objects
$same(['errors' => [['code' => 1], ['code' => 2]]], '{"errors":[{"code":1},{"code":2}]}');
$same(['e' => [1 => 'x', 0 => 'y']], '{"e":{"1":"x","0":"y"}}');
$same(['e' => [0 => 'x', 2 => 'y']], '{"e":{"0":"x","2":"y"}}');
// empty arrays: no stamp item either way
$same(['a' => [], 'b' => 1], '{"a":{},"b":1}');
$same(['a' => [], 'b' => 1], '{"a":[],"b":1}');
// bools, null, ints (negative, PHP_INT_MAX), strings with escapes and colons
$same(['t' => true, 'f' => false, 'n' => null, 'i' => -42, 'm' => PHP_INT_MAX, 's' => "q\"\\\n\t\x01;é", 'a:b' => 'c'],
    '{"t":true,"f":false,"n":null,"i":-42,"m":9223372036854775807,"s":"q\"\\\\\n\t\u0001;é","a:b":"c"}');
// signature members are left out of the stamp
$same(['a' => '1', 'signature' => 'x', 'general' => ['signature' => 'y', 'p' => 2]], '{"a":"1","general":{"p":2}}');
// references are followed
$v = 'ref';
$same(['r' => &$v], '{"r":"ref"}');
// verify() accepts the array form of a signed message
$msg = ['payment' => ['id' => '7', 'sum' => ['amount' => 100]], 'project_id' => 111];
$msg['signature'] = $s->sign($msg);
var_dump($s->verify($msg), $s->checkSignature($msg));
$msg['payment']['sum']['amount'] = 101;
var_dump($s->verify($msg));
// floats anywhere are refused with the core's path
foreach ([['x' => 1.0], ['a' => ['b' => [2.5]]], ['a:b' => ['c' => NAN]], ['l' => [[0, 1.5]]]] as $p) {
    try {
        $s->sign($p);
    } catch (QiwiMerchant\ValidationException $e) {
        echo $e->getPath(), "\n";
    }
}
// a self-referencing array does not loop
$loop = ['a' => 1];
$loop['self'] = &$loop;
try {
    Signer::stamp($loop);
} catch (QiwiMerchant\LimitExceededException $e) {
    echo get_class($e), ' ', $e->getLimit(), "\n";
}
?>
--EXPECT--
same a:0:p;b:x:1;b:y:;big:12345678901234567890
same -5:b;07:c;123:a
same errors:0:code:1;errors:1:code:2
same e:0:y;e:1:x
same e:0:x;e:2:y
same b:1
same b:1
same a::b:c;f:0;i:-42;m:9223372036854775807;n:;s:q"\\n\t\001;é;t:1
same a:1;general:p:2
same r:ref
bool(true)
array(2) {
  ["order"]=>
  string(4) "byte"
  ["numbers"]=>
  string(5) "exact"
}
bool(false)
x
a:b:0
a::b:c
l:0:1
QiwiMerchant\LimitExceededException depth
