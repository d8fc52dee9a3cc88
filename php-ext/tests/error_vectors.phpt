--TEST--
Error vectors (tests/vectors/errors/): the exception class map equals the core's kinds; every bad argument throws the kind, code and path of the other bindings
--EXTENSIONS--
qiwi_merchant
--FILE--
<?php
use QiwiMerchant\Cqr;
use QiwiMerchant\Gate\Signer;

$dir = __DIR__ . '/../../tests/vectors/errors/';
// Plain json_decode: a float is a PHP float, an integer beyond 64 bits a float too (both refused
// with the same kind, code and path as in the other bindings).
$kinds = json_decode(file_get_contents($dir . 'kinds.json'), true, 512, JSON_THROW_ON_ERROR)['kinds'];
$cases = json_decode(file_get_contents($dir . 'arguments.json'), true, 512, JSON_THROW_ON_ERROR)['cases'];
$failures = [];

/* 1. The class map. errorKinds() lists what the extension throws for every code the core names
 * (qm_result_name over 1..99): it must be the table, kind for kind. */
$map = array_map(fn ($k) => [$k['code'], $k['kind'], $k['class']], QiwiMerchant\errorKinds());
$table = array_map(fn ($k) => [$k['code'], $k['kind'], $k['php']], $kinds);
if ($map !== $table) {
    $failures[] = 'errorKinds() differs from kinds.json: ' . json_encode($map);
}
foreach ($kinds as $k) {
    if (!class_exists($k['php']) || !is_subclass_of($k['php'], QiwiMerchant\Exception::class)) {
        $failures[] = "{$k['php']} is not a QiwiMerchant\\Exception";
    }
}

/* 2. Bad arguments. */
function qm_error_call(string $call, array $i): mixed
{
    return match ($call) {
        'gate_signer' => new Signer($i['secret'], $i['limits'] ?? null),
        'gate_stamp' => Signer::stamp($i['params'], $i['limits'] ?? null),
        'gate_sign' => (new Signer($i['secret']))->sign($i['params']),
        'cqr_parse' => Cqr\parse($i['xml'], $i['limits'] ?? null),
        'cqr_ack' => Cqr\buildAck($i['code'], $i['name'] ?? null),
        'cqr_ip_decide' => Cqr\ipDecide($i['allowed'], $i['peer'], $i['headers'] ?? [],
            $i['trusted_proxies'] ?? [], $i['header'] ?? 'x-forwarded-for'),
        'cqr_basic_authorization' => Cqr\basicAuthorization($i['user'], $i['password']),
        'cqr_url' => Cqr\url($i['operation'], $i['base'] ?? null),
        'cqr_initiate' => Cqr\buildInitiateRequest($i['document']),
        'gate_payout' => (new Signer($i['secret']))->payoutRequest($i['document']),
        'gate_storage_failed' => QiwiMerchant\Gate\Settlement::storageFailed($i['record']),
        default => throw new LogicException("unknown call $call: add it to every runner and the README"),
    };
}

$calls = [];
foreach ($cases as $case) {
    $want = $case['expect_error'];
    $calls[$case['call']] = true;
    $class = null;
    foreach ($kinds as $k) {
        if ($k['kind'] === $want['kind']) {
            $class = $k['php'];
        }
    }
    try {
        qm_error_call($case['call'], $case['input']);
        $failures[] = "{$case['name']}: no exception";
    } catch (QiwiMerchant\Exception $e) {
        $got = [get_class($e), $e->getKind(), $e->getCode()];
        if ($got !== [$class, $want['kind'], $want['code']]) {
            $failures[] = "{$case['name']}: " . json_encode($got) . ' ' . $e->getMessage();
        }
        if (array_key_exists('path', $want) && $e->getPath() !== $want['path']) {
            $failures[] = "{$case['name']}: path " . var_export($e->getPath(), true) . ' ' . $e->getMessage();
        }
    }
}
ksort($calls);
echo count($cases) >= 40 ? "cases: at least 40\n" : 'cases: only ' . count($cases) . "\n";
echo 'calls: ', implode(' ', array_keys($calls)), "\n";
echo $failures ? "FAILURES:\n  " . implode("\n  ", $failures) . "\n" : "all agree\n";

/* 3. A type the PHP signature refuses stays PHP's own TypeError (not a vector). */
foreach ([fn () => new Signer('k', 'max_depth=5'), fn () => Cqr\ipDecide('195.69.175.192', '1.2.3.4'),
          fn () => new Signer('k', ['max_depth' => new stdClass()])] as $f) {
    try {
        $f();
        echo "no exception\n";
    } catch (TypeError $e) {
        echo "TypeError\n";
    }
}
?>
--EXPECT--
cases: at least 40
calls: cqr_ack cqr_basic_authorization cqr_initiate cqr_ip_decide cqr_parse cqr_url gate_payout gate_sign gate_signer gate_stamp gate_storage_failed
all agree
TypeError
TypeError
TypeError
