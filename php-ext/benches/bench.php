<?php
/*
 * Signer::parseCallback (the extension) side by side, in one process and interleaved rounds, with
 *   - its floor: PHP's own hash_hmac('sha512', $stamp, $secret) of the callback's stamp, the HMAC
 *     any verification computes (keyed per call, as hash_hmac is);
 *   - the official PHP SDK's Callback: the way PHP plug-ins verify a callback today (below).
 * Prints µs/op and the ratios (medians over short interleaved rounds) next to their targets.
 * `make bench-php` (release build of the core; scripts/php-ext.sh refuses another).
 *
 *   php -d extension=qiwi_merchant benches/bench.php [seconds-per-measure [rounds]]
 *
 * parseCallback builds its object on first use (the model is decoded when a property is first
 * read, `raw` when it is read), so it is measured alone and with the reads a webhook makes
 * (payment id and outcome); the SDK likewise alone (construction verifies) and with its getters.
 */

declare(strict_types=1);

const SECRET = 'qiwi-merchant-bench-secret';

/* ---- the official PHP SDK's algorithm -----------------------------------------------------
 * A re-implementation, step for step and with the same PHP functions, of src/SignatureHandler.php
 * (commit 2acc95a) and src/Callback.php (commit 63bbc7c) of
 * github.com/ITECOMMPAY/paymentpage-sdk-php (MIT; the Jetpay/JetPay Gate SDK is the same code).
 * Composer is not reachable here, so the SDK is not installed; this is written from its published
 * algorithm, not copied: the constructor json_decode()s the body, takes `signature` (else
 * `general.signature`), removes every `signature` member at any depth, flattens the rest to
 * `path:value` items (`:` joins, a `:` in a key doubled, `frame_mode` skipped, booleans 1/0),
 * ksort(SORT_NATURAL)s the top level, implode(';')s, and compares
 * base64(hash_hmac('sha512', stamp, key, true)) with ===. */

final class SdkSignatureHandler
{
    private const IGNORED_KEYS = ['frame_mode'];

    public function __construct(private string $secretKey)
    {
    }

    public function check(array $params, string $signature): bool
    {
        return $this->sign($params) === $signature;
    }

    public function sign(array $params): string
    {
        $stamp = implode(';', $this->paramsToSign($params, self::IGNORED_KEYS));
        return base64_encode(hash_hmac('sha512', $stamp, $this->secretKey, true));
    }

    private function paramsToSign(array $params, array $ignored, string $prefix = '', bool $sort = true): array
    {
        $items = [];
        foreach ($params as $key => $value) {
            if (in_array($key, $ignored, true)) {
                continue;
            }
            $path = ($prefix ? $prefix . ':' : '') . str_replace(':', '::', (string) $key);
            if (is_array($value)) {
                $items = array_merge($items, $this->paramsToSign($value, $ignored, $path, false));
            } else {
                $items[$path] = $path . ':' . (is_bool($value) ? ($value ? '1' : '0') : (string) $value);
            }
        }
        if ($sort) {
            ksort($items, SORT_NATURAL);
        }
        return $items;
    }
}

final class SdkCallback
{
    private array $data;

    public function __construct(string $body, private SdkSignatureHandler $handler)
    {
        $data = json_decode($body, true);
        if (json_last_error() !== JSON_ERROR_NONE || !is_array($data)) {
            throw new RuntimeException('Error on response decoding');
        }
        $this->data = $data;
        if (!$this->checkSignature()) {
            throw new RuntimeException('Signature ' . $this->getSignature() . ' is invalid');
        }
    }

    public function getValue(string $namePath): mixed
    {
        $value = $this->data;
        foreach (explode('.', $namePath) as $key) {
            $value = $value[$key] ?? null;
            if ($value === null) {
                return null;
            }
        }
        return $value;
    }

    public function getPaymentId(): mixed
    {
        return $this->getValue('payment.id');
    }

    public function getPaymentStatus(): mixed
    {
        return $this->getValue('payment.status');
    }

    public function getSignature(): string
    {
        $signature = $this->getValue('signature') ?? $this->getValue('general.signature');
        if (!$signature) {
            throw new RuntimeException('Undefined signature');
        }
        return $signature;
    }

    private function checkSignature(): bool
    {
        $data = $this->data;
        $signature = $this->getSignature();
        self::removeParam('signature', $data);
        return $this->handler->check($data, $signature);
    }

    private static function removeParam(string $name, array &$data): void
    {
        if (isset($data[$name])) {
            unset($data[$name]);
        }
        foreach ($data as &$value) {
            if (is_array($value)) {
                self::removeParam($name, $value);
            }
        }
    }
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
$stamp = QiwiMerchant\Gate\Signer::stamp($body);
$sdkHandler = new SdkSignatureHandler(SECRET);

// Both accept the body and agree on it; both refuse a changed one.
$cb = $signer->parseCallback($body);
$sdk = new SdkCallback($body, $sdkHandler);
if ($cb->payment['id'] !== $sdk->getPaymentId() || $cb->outcome !== 'completed' || $cb->raw !== json_decode($body, true)
        || base64_encode(hash_hmac('sha512', $stamp, SECRET, true)) !== $message['signature']) {
    fwrite(STDERR, "bench: implementations disagree\n");
    exit(1);
}
$changed = str_replace(':2000,', ':2001,', $body);
try {
    new SdkCallback($changed, $sdkHandler);
    fwrite(STDERR, "bench: the SDK path accepted a changed body\n");
    exit(1);
} catch (RuntimeException $e) {
}
if ($signer->verify($changed)) {
    fwrite(STDERR, "bench: the extension accepted a changed body\n");
    exit(1);
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

$seconds = (float) ($argv[1] ?? 0.1);
$rounds = (int) ($argv[2] ?? 21);
$runs = [
    'parse' => fn () => $signer->parseCallback($body),
    'parse_read' => function () use ($signer, $body) {
        $c = $signer->parseCallback($body);
        return [$c->payment['id'], $c->outcome];
    },
    'sdk' => fn () => new SdkCallback($body, $sdkHandler),
    'sdk_read' => function () use ($body, $sdkHandler) {
        $c = new SdkCallback($body, $sdkHandler);
        return [$c->getPaymentId(), $c->getPaymentStatus()];
    },
    'verify' => fn () => $signer->verify($body),
    'floor' => fn () => hash_hmac('sha512', $stamp, SECRET, true),
];
foreach ($runs as $f) {
    rate($f, 0.2);
}
// Short rounds, every measure once per round: a ratio is taken within a round (its two sides
// measured moments apart), and the median over the rounds is printed, so that the load of a
// shared machine, which drifts, cancels out of the ratios.
$times = array_fill_keys(array_keys($runs), []);
$ratios = ['parse/floor' => [], 'parse_read/floor' => [], 'sdk/parse' => [], 'sdk_read/parse_read' => []];
for ($round = 0; $round < $rounds; $round++) {
    $now = [];
    foreach ($runs as $name => $f) {
        $now[$name] = $times[$name][] = rate($f, $seconds);
    }
    foreach ($ratios as $pair => $_) {
        [$a, $b] = explode('/', $pair);
        $ratios[$pair][] = $now[$a] / $now[$b];
    }
}
$median = function (array $list): float {
    sort($list);
    return $list[intdiv(count($list), 2)];
};
$t = array_map($median, $times);
$r = array_map($median, $ratios);
$target = fn (bool $met) => $met ? 'met' : 'NOT met';
printf("callback body: %d bytes, stamp %d bytes, PHP %s, qiwi_merchant %s; medians of %d rounds\n", strlen($body),
    strlen($stamp), PHP_VERSION, QiwiMerchant\version(), $rounds);
printf("  Signer::parseCallback                       %7.2f µs/op\n", $t['parse']);
printf("  Signer::parseCallback + payment id, outcome %7.2f µs/op\n", $t['parse_read']);
printf("  official SDK Callback (construct = verify)  %7.2f µs/op\n", $t['sdk']);
printf("  official SDK Callback + getPaymentId/Status %7.2f µs/op\n", $t['sdk_read']);
printf("  Signer::verify (bool, no model)             %7.2f µs/op\n", $t['verify']);
printf("  floor: hash_hmac('sha512', stamp)           %7.2f µs/op\n", $t['floor']);
printf("  parseCallback / hash_hmac(stamp):  %.2fx (target <= 1.6x: %s); with the reads %.2fx\n",
    $r['parse/floor'], $target($r['parse/floor'] <= 1.6), $r['parse_read/floor']);
printf("  SDK Callback / parseCallback:      %.1fx (target >= 3x: %s); with the reads %.1fx\n",
    $r['sdk/parse'], $target($r['sdk/parse'] >= 3), $r['sdk_read/parse_read']);
