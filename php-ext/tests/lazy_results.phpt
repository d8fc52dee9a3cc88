--TEST--
Results are built on first use: the same properties, toArray(), dumps, casts and comparisons as an eager object; raw is the caller's body decoded by ext/json (json_decode), for callbacks, status and payout answers
--EXTENSIONS--
qiwi_merchant
--INI--
; PCRE's JIT (preg_replace below) reads past the end of strings on purpose, which valgrind reports
pcre.jit=0
--FILE--
<?php
use QiwiMerchant\Gate\{Signer, Callback, StatusResponse, PayoutResponse};

$s = new Signer('qiwi-merchant-test-secret');
function check(bool $ok, string $what): void
{
    echo $ok ? 'ok' : 'FAIL', " $what\n";
}
function decoded(string $body): mixed
{
    if (str_starts_with($body, "\xEF\xBB\xBF")) {
        $body = substr($body, 3);
    }
    return json_decode($body, true, 1024, JSON_BIGINT_AS_STRING | JSON_THROW_ON_ERROR);
}
// Signed over the exact number text, as the platform signs (the extension's sign() refuses floats).
function signed(Signer $s, string $json): string
{
    $sig = base64_encode(hash_hmac('sha512', Signer::stamp($json), 'qiwi-merchant-test-secret', true));
    return substr($json, 0, -1) . ',"signature":"' . $sig . '"}';
}

$json = '{"project_id":238,"payment":{"id":"order-1","status":"success","sum":{"amount":2000,"currency":"KZT"}},'
    . '"operation":{"id":36425000001206123456789,"status":"success"},"x":[1.5,-0.0,1e3,{"k":"\u00e9\ud83d\ude00"}],'
    . '"errors":[{"code":"1","message":"m","f":[]}],"customer":{"id":"c"}}';
$body = signed($s, $json);

// Every way of looking at an object gives the same as on an object already read.
$fresh = fn () => $s->parseCallback($body);
$read = $fresh();
$read->payment;
$read->raw;
$views = [
    'property' => fn (Callback $c) => [$c->payment, $c->operation['id'], $c->errors, $c->outcome, $c->signature],
    'raw' => fn (Callback $c) => $c->raw,
    'toArray' => fn (Callback $c) => $c->toArray(),
    'cast' => fn (Callback $c) => (array) $c,
    'get_object_vars' => fn (Callback $c) => get_object_vars($c),
    'foreach' => function (Callback $c) { $out = []; foreach ($c as $k => $v) { $out[$k] = $v; } return $out; },
    'var_export' => fn (Callback $c) => var_export($c, true),
    'print_r' => fn (Callback $c) => print_r($c, true),
    'json_encode' => fn (Callback $c) => json_encode($c, JSON_PARTIAL_OUTPUT_ON_ERROR),
    'isset' => fn (Callback $c) => [isset($c->raw), isset($c->payment['id']), isset($c->customerId), empty($c->errors)],
    'reflection' => fn (Callback $c) => (new ReflectionProperty(Callback::class, 'raw'))->getValue($c),
    'array_key' => fn (Callback $c) => $c->payment['sum']['amount'],
];
foreach ($views as $name => $view) {
    check($view($fresh()) === $view($read), "$name on a fresh object");
}
ob_start();
var_dump($fresh());
$lazy = ob_get_clean();
ob_start();
var_dump($read);
check(preg_replace('/#\d+/', '#', $lazy) === preg_replace('/#\d+/', '#', ob_get_clean()), 'var_dump on a fresh object');
check($fresh() == $read && $fresh() == $fresh(), '== between fresh and read objects');
check($s->parseCallback(signed($s, str_replace('order-1', 'order-2', $json))) != $fresh(), '!= for another callback');

// raw is json_decode of the caller's body (a BOM dropped, as the core drops it) ...
check($read->raw === decoded($body), 'raw === json_decode(body)');
check($read->toArray()['raw'] === decoded($body), "toArray()['raw'] === json_decode(body)");
check(array_key_last($read->toArray()) === 'raw', 'raw is the last member of toArray()');
check($s->parseCallback("\xEF\xBB\xBF" . $body)->raw === decoded($body), 'raw of a body with a BOM');
check(is_string($read->raw['operation']['id']) && $read->operation['id'] === '36425000001206123456789', 'big integers as strings');
check($read->errors[0]['raw'] === ['code' => '1', 'message' => 'm', 'f' => []], 'each errors item keeps its own raw');
// ... read when asked for, in any order.
$c = $fresh();
check($c->raw === decoded($body) && $c->payment['id'] === 'order-1', 'raw first, then the model');
$c = $fresh();
check(isset($c->raw) && $c->toArray()['raw'] === $c->raw, 'isset(raw), then toArray()');

// Readonly, before and after the first read.
foreach (['payment', 'raw'] as $prop) {
    foreach ([$fresh(), $read] as $i => $obj) {
        try {
            $obj->$prop = 1;
            check(false, "write $prop");
        } catch (Error $e) {
            check($e->getMessage() === "Cannot modify readonly property QiwiMerchant\\Gate\\Callback::\$$prop", "write $prop ($i): {$e->getMessage()}");
        }
        try {
            unset($obj->$prop);
            check(false, "unset $prop");
        } catch (Error $e) {
            check(str_starts_with($e->getMessage(), 'Cannot unset readonly property'), "unset $prop ($i)");
        }
    }
}
$warning = null;
set_error_handler(function (int $no, string $msg) use (&$warning) { $warning = $msg; return true; });
$undefined = $fresh()->nope;
restore_error_handler();
check($undefined === null && $warning === 'Undefined property: QiwiMerchant\Gate\Callback::$nope', 'undefined property');

// The callback's model comes from the core as events (mapped without JSON text), a found status
// answer's callback as JSON (decoded by ext/json): both give the same PHP values for every
// callback vector, and for error items with every kind of JSON value.
$vectors = json_decode(file_get_contents(__DIR__ . '/../../tests/vectors/gate/callback.json'), true);
$same = $compared = 0;
foreach ($vectors['cases'] as $case) {
    if (($case['op'] ?? '') !== 'callback' || isset($case['error'])) {
        continue;
    }
    $vs = new Signer($case['secret']);
    $compared++;
    $same += $vs->parseCallback($case['input'])->toArray() === $vs->parseStatusResponse($case['input'])->callback->toArray() ? 1 : 0;
}
check($compared > 5 && $same === $compared, "events and JSON agree on $compared callback vectors");
$items = '{"payment":{"id":"e","status":"decline"},"errors":[{"code":7,"message":null,"n":[0,-0,-7,1.5,-0.0,2E-3,1e400,'
    . '92233720368547758070,-9223372036854775808,9223372036854775807],"o":{"":"","12":true,"-3":false,"a:b":[[],{}]},'
    . '"s":"\u0000\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"},{}]}';
$itemsBody = signed($s, $items);
$viaEvents = $s->parseCallback($itemsBody);
check($viaEvents->toArray() === $s->parseStatusResponse($itemsBody)->callback->toArray(), 'events and JSON agree on error items');
check($viaEvents->errors[0]['raw'] === decoded($items)['errors'][0] && $viaEvents->errors[1]['raw'] === [],
    'error items as json_decode gives them');

// Status answers: the found payment's callback has the body as raw; the others have it themselves.
$st = $s->parseStatusResponse($body);
check($st->result === 'found' && $st->raw === null && $st->callback instanceof Callback, 'found status');
check($st->callback->raw === decoded($body) && $st->callback->payment === $read->payment, 'found status: the callback');
check($st->toArray()['callback']['raw'] === decoded($body) && !array_key_exists('raw', $st->toArray()), 'found status: toArray()');
check($st->callback->toArray() === $st->toArray()['callback'], 'found status: the callback\'s toArray()');
$nf = '{"status":"error","code":"3061","message":"Transaction not found","x":1.50}';
$st = $s->parseStatusResponse($nf);
check($st->result === 'not_found' && $st->raw === decoded($nf) && $st->toArray()['raw'] === decoded($nf), 'not_found status');
$err = '{"status":"error","code":"1","message":"bad"}';
$st = $s->parseStatusResponse($err);
check($st->toArray() === ['result' => 'error', 'status' => 'error', 'code' => '1', 'message' => 'bad', 'raw' => decoded($err)], 'error status');

// Payout answers: raw is the body when the core read it, else null.
$ok = '{"status":"success","request_id":"r-1","payment_id":"p","n":12345678901234567890}';
$p = $s->parsePayoutResponse(200, $ok, 'p');
check($p->toArray() === ['result' => 'accepted', 'request_id' => 'r-1', 'raw' => decoded($ok)] && $p->raw === decoded($ok), 'accepted payout');
$no = '{"status":"error","code":"3","message":"m","errors":[{"a":1}]}';
$p = $s->parsePayoutResponse(400, $no, 'p');
check($p->errors === [['a' => 1]] && $p->raw === decoded($no) && $p->status === 'error', 'rejected payout');
foreach ([[503, $ok], [200, '<html>'], [200, '{"status":"success","payment_id":"other"}']] as [$code, $answer]) {
    $p = $s->parsePayoutResponse($code, $answer, 'p');
    $doc = $p->toArray();
    check($p->result === 'unknown' && array_key_exists('raw', $doc) && !array_key_exists('body_read', $doc),
        "unknown payout ($code): raw member present, no body_read");
    check(($code === 503 || $answer === '<html>') ? $p->raw === null : $p->raw === decoded($answer), "unknown payout ($code): raw");
}
echo "done\n";
?>
--EXPECT--
ok property on a fresh object
ok raw on a fresh object
ok toArray on a fresh object
ok cast on a fresh object
ok get_object_vars on a fresh object
ok foreach on a fresh object
ok var_export on a fresh object
ok print_r on a fresh object
ok json_encode on a fresh object
ok isset on a fresh object
ok reflection on a fresh object
ok array_key on a fresh object
ok var_dump on a fresh object
ok == between fresh and read objects
ok != for another callback
ok raw === json_decode(body)
ok toArray()['raw'] === json_decode(body)
ok raw is the last member of toArray()
ok raw of a body with a BOM
ok big integers as strings
ok each errors item keeps its own raw
ok raw first, then the model
ok isset(raw), then toArray()
ok write payment (0): Cannot modify readonly property QiwiMerchant\Gate\Callback::$payment
ok unset payment (0)
ok write payment (1): Cannot modify readonly property QiwiMerchant\Gate\Callback::$payment
ok unset payment (1)
ok write raw (0): Cannot modify readonly property QiwiMerchant\Gate\Callback::$raw
ok unset raw (0)
ok write raw (1): Cannot modify readonly property QiwiMerchant\Gate\Callback::$raw
ok unset raw (1)
ok undefined property
ok events and JSON agree on 24 callback vectors
ok events and JSON agree on error items
ok error items as json_decode gives them
ok found status
ok found status: the callback
ok found status: toArray()
ok found status: the callback's toArray()
ok not_found status
ok error status
ok accepted payout
ok rejected payout
ok unknown payout (503): raw member present, no body_read
ok unknown payout (503): raw
ok unknown payout (200): raw member present, no body_read
ok unknown payout (200): raw
ok unknown payout (200): raw member present, no body_read
ok unknown payout (200): raw
done
