<?php
/*
 * Signer::parseCallback (the extension) vs the way PHP plug-ins verify a callback today: a
 * pure-PHP implementation of the documented algorithm (json_decode, recursive flatten, sort,
 * hash_hmac, base64, ===). Same body, same process, interleaved rounds; prints µs/op and the
 * ratio. `make bench-php` (release build of the core).
 *
 *   php -d extension=qiwi_merchant benches/bench.php [seconds-per-round]
 */

declare(strict_types=1);

const SECRET = 'qiwi-merchant-bench-secret';

/* ---- pure PHP, the way plug-ins do it (docs/gate.md "Building the stamp") ---------------- */

function php_flatten(array $data, string $prefix, array &$out, bool $root): void
{
    foreach ($data as $key => $value) {
        $key = (string) $key;
        if ($key === 'frame_mode' || ($root && $key === 'signature')) {
            continue;
        }
        $path = $prefix === '' && $root ? str_replace(':', '::', $key) : $prefix . ':' . str_replace(':', '::', $key);
        if (is_array($value)) {
            if ($value === []) {
                continue;
            }
            // signature members are skipped in objects reached through objects only
            php_flatten($value, $path, $out, $root && !array_is_list($value));
        } elseif (is_bool($value)) {
            $out[$path] = $value ? '1' : '0';
        } elseif ($value === null) {
            $out[$path] = '';
        } else {
            $out[$path] = (string) $value;
        }
    }
}

function php_verify_callback(string $body, string $secret): array
{
    $data = json_decode($body, true, 64, JSON_THROW_ON_ERROR | JSON_BIGINT_AS_STRING);
    if (!is_array($data) || !isset($data['signature']) || !is_string($data['signature']) || $data['signature'] === '') {
        throw new RuntimeException('signature is missing');
    }
    $items = [];
    php_flatten($data, '', $items, true);
    ksort($items, SORT_STRING);
    $parts = [];
    foreach ($items as $path => $value) {
        $parts[] = $path . ':' . $value;
    }
    $expected = base64_encode(hash_hmac('sha512', implode(';', $parts), $secret, true));
    if ($expected !== $data['signature']) {
        throw new RuntimeException('signature is invalid');
    }
    return $data;
}

/* ---- the body: the seed's kiosk purchase callback ---------------------------------------- */

$signer = new QiwiMerchant\Gate\Signer(SECRET);
$message = [
    'project_id' => 238,
    'payment' => ['id' => '1554967098', 'type' => 'purchase', 'status' => 'success', 'date' => '2019-04-11T07:18:20+0000',
        'method' => 'Qiwi Kz Kiosk', 'sum' => ['amount' => 2000, 'currency' => 'KZT'], 'description' => ''],
    'account' => ['number' => 'user9876'],
    'customer' => ['id' => 'user9876'],
    'operation' => ['id' => 36425000001206, 'type' => 'sale', 'status' => 'success', 'date' => '2019-04-11T07:18:20+0000',
        'created_date' => '2019-04-11T07:18:19+0000', 'request_id' => '25f3114242a16ab1e010ebab4fe816b9d105ff33b90281',
        'sum_initial' => ['amount' => 2000, 'currency' => 'KZT'], 'sum_converted' => ['amount' => 2000, 'currency' => 'KZT'],
        'provider' => ['id' => 1197, 'payment_id' => '999990000001a1', 'auth_code' => ''], 'code' => '0', 'message' => 'Success'],
];
$message['signature'] = $signer->sign($message);
$body = json_encode($message, JSON_UNESCAPED_SLASHES);

// Both accept the body and agree on it.
$cb = $signer->parseCallback($body);
$pure = php_verify_callback($body, SECRET);
if ($cb->payment['id'] !== $pure['payment']['id'] || $cb->outcome !== 'completed') {
    fwrite(STDERR, "bench: implementations disagree\n");
    exit(1);
}
try {
    php_verify_callback(str_replace('"2000"', '"2001"', str_replace(':2000,', ':2001,', $body)), SECRET);
    fwrite(STDERR, "bench: pure PHP accepted a changed body\n");
    exit(1);
} catch (RuntimeException $e) {
}

function rate(callable $f, float $seconds): float
{
    $n = 0;
    $batch = 200;
    $start = hrtime(true);
    $deadline = $start + (int) ($seconds * 1e9);
    do {
        for ($i = 0; $i < $batch; $i++) {
            $f();
        }
        $n += $batch;
        $now = hrtime(true);
    } while ($now < $deadline);
    return ($now - $start) / 1e3 / $n; // µs per op
}

$seconds = (float) ($argv[1] ?? 0.5);
$ext = fn () => $signer->parseCallback($body);
$php = fn () => php_verify_callback($body, SECRET);
$verify = fn () => $signer->verify($body);
$hmac = fn () => hash_hmac('sha512', $body, SECRET, true);
rate($ext, 0.2);
rate($php, 0.2);
$extRuns = $phpRuns = $verifyRuns = $hmacRuns = [];
for ($round = 0; $round < 5; $round++) {
    $extRuns[] = rate($ext, $seconds);
    $phpRuns[] = rate($php, $seconds);
    $verifyRuns[] = rate($verify, $seconds / 2);
    $hmacRuns[] = rate($hmac, $seconds / 2);
}
sort($extRuns);
sort($phpRuns);
sort($verifyRuns);
sort($hmacRuns);
$e = $extRuns[2];
$p = $phpRuns[2];
printf("callback body: %d bytes, PHP %s, qiwi_merchant %s\n", strlen($body), PHP_VERSION, QiwiMerchant\version());
printf("  Signer::parseCallback (extension):     %7.2f µs/op (median of 5)\n", $e);
printf("  pure PHP (json_decode+flatten+sort+hmac): %7.2f µs/op (median of 5)\n", $p);
printf("  Signer::verify (bool, no model):         %7.2f µs/op\n", $verifyRuns[2]);
printf("  floor: PHP hash_hmac sha512 of the body:  %7.2f µs/op\n", $hmacRuns[2]);
printf("  ratio: extension is %.1fx faster%s\n", $p / $e, $p / $e >= 4 ? '' : '  (below the 4x target)');
