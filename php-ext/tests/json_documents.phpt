--TEST--
Documents from the core decode exactly as ext/json would (the fast decoder and its fallback)
--EXTENSIONS--
qiwi_merchant
--FILE--
<?php
use QiwiMerchant\Gate\Signer;

$s = new Signer('qiwi-merchant-test-secret');
$head = '{"project_id":238,"payment":{"id":"order-1","status":"success","sum":{"amount":2000,"currency":"KZT"}},';
$extras = [
    'escapes' => '"x":"q\"b\\\\s\/n\nt\tr\rf\fb\bu\u00e9\u20ac\ud83d\ude00 end"',
    'utf8' => '"x":"Ωмир 🙂","y":""',
    'ints' => '"a":0,"b":-0,"c":-7,"d":999999999999999999,"e":-999999999999999999,"f":9223372036854775807,"g":-9223372036854775808',
    'bigint' => '"a":92233720368547758070,"b":-92233720368547758070',
    'floats' => '"a":1.5,"b":-0.25,"c":1e3,"d":2E-2,"e":-0.0',
    'keys' => '"123":"n","-5":"m","05":"z","":"empty","a b":1',
    'nesting' => '"l":[[],{},[[1,[2,{"k":[3]}]]],{"o":{"p":{"q":null}}}],"t":true,"f":false',
    'spaces' => " \"w\" : [ 1 , 2 ] , \"v\" :\t{ \"k\" : \"x\" }\n",
];
// An unsigned payout answer comes back with the received message as `raw`.
$raw = function (string $extra) use ($s) {
    $body = '{"status":"success","request_id":"r","payment_id":"p",' . $extra . '}';
    $answer = $s->parsePayoutResponse(200, $body, 'p');
    return [$answer->raw, json_decode($body, true, 512, JSON_BIGINT_AS_STRING | JSON_THROW_ON_ERROR)];
};
foreach ($extras as $name => $extra) {
    [$got, $expected] = $raw($extra);
    echo $name, ': ', $got === $expected ? 'same' : 'DIFFERENT ' . var_export($got, true), "\n";
}
var_dump($raw($extras['bigint'])[0]['a'], $raw($extras['floats'])[0]['e'], $raw($extras['keys'])[0][123]);
// A signed callback: the model and the raw message in one document.
$json = $head . $extras['escapes'] . '}';
$cb = $s->parseCallback(substr($json, 0, -1) . ',"signature":"' . $s->signJson($json) . '"}');
var_dump($cb->raw['x'] === json_decode($json, true)['x'], $cb->payment['sum']);
?>
--EXPECT--
escapes: same
utf8: same
ints: same
bigint: same
floats: same
keys: same
nesting: same
spaces: same
string(20) "92233720368547758070"
float(-0)
string(1) "n"
bool(true)
array(2) {
  ["amount"]=>
  int(2000)
  ["currency"]=>
  string(3) "KZT"
}
