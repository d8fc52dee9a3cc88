<?php
/*
 * PHP runner of the adversarial corpus (tests/adversarial/cases.json; format and bounds in
 * tests/adversarial/README.md; reference runner tests/adversarial.rs).
 *
 *   php -d extension=php-ext/modules/qiwi_merchant.so -d memory_limit=512M \
 *       php-ext/tests/adversarial/run.php [manifest.json]
 *
 * (scripts/php-ext.sh adversarial [manifest]; part of `make test-php`, NOT run under valgrind:
 * the inputs go up to 100 MiB). The manifest defaults to tests/adversarial/cases.json, or
 * $QM_ADVERSARIAL_MANIFEST; `file` cases are always read from tests/adversarial/ (README).
 * $QM_ADVERSARIAL_FILTER=substring runs only the cases whose name contains it. Exit status 1
 * on any failure: a wrong kind or limit, a bound exceeded, an unknown entry or generator form,
 * a bad manifest, a crashed case.
 *
 * Entries map to the PHP API of the same meaning:
 *   gate_stamp              Gate\Signer::stamp($input, $limits)
 *   gate_verify             (new Signer($secret, $limits))->checkSignature($input)
 *                           (verify() folds mismatch/missing into false; checkSignature()
 *                           throws them, same core call)
 *   gate_account_check      ->parseAccountCheck($projectId, $input): the refusal's `error`
 *   gate_callback           ->parseCallback($input)
 *   gate_status_response    ->parseStatusResponse($input)
 *   gate_payout_response    ->parsePayoutResponse(200, $input, $sentPaymentId, false): the
 *                           kind is `error` of an "unknown" result, else ok (never throws)
 *   cqr_parse               Cqr\parse($input, $limits)
 *   cqr_notification        Cqr\parseNotification($input, $limits)
 *   cqr_initiate_answer     Cqr\parseInitiateAnswer($input, $limits)
 *   cqr_get_payments_answer Cqr\parseGetPaymentsAnswer($input, $limits)
 *   cqr_initiate_request    Cqr\parseInitiateRequest($input, $limits)
 * ($limits: the case's `limits` as an array, or null.) A case with `limits` for an entry whose
 * PHP function took none would be skipped, counted and reported (QM_ENTRIES); every entry takes
 * limits today, so none is skipped. Errors are QiwiMerchant\Exception subclasses: getKind() and getLimit() are
 * compared; getCode() (the core's stable code) and the class must agree with the kind.
 *
 * Bounds per case (README "Bounds"):
 *   time    hrtime() around the one call, ≤ 1 s; a case over it is run twice more and the
 *           fastest run counts (a loaded machine can stall one run; quadratic work is slow
 *           every time). Generating the input and building the Signer are not measured.
 *   memory  the core allocates with malloc, which memory_get_usage() (Zend MM only) does not
 *           see, so the runner measures resident memory: every case runs in a pcntl_fork()ed
 *           child (the parent never calls the library, so every case starts from the same
 *           malloc heap), which makes one warm-up call on a tiny input (faults in the library's
 *           code pages), resets its peak RSS (echo 5 > /proc/self/clear_refs, when writable),
 *           then reads getrusage()["ru_maxrss"] (KiB) before and after the measured call.
 *           The growth must stay below 4 × input size + 8 MiB. This counts pages first touched
 *           during the call (the core's heap, Zend MM chunks, results); memory reused from the
 *           allocator's free lists is not counted, so it is an approximation of the Rust
 *           runner's live-heap peak that still catches copies of a 100 MB input or quadratic
 *           growth. The child also isolates crashes: a case that kills its child is a failure.
 *           Without pcntl the cases run in-process and the memory bound is skipped (said so;
 *           under CI, i.e. $CI set, a missing pcntl is a failure instead).
 */

declare(strict_types=1);

use QiwiMerchant\Cqr;
use QiwiMerchant\Gate\Signer;

const QM_TIME_BOUND_NS = 1_000_000_000;
const QM_MEMORY_SLACK = 8 << 20;
const QM_ADV_DIR = __DIR__ . '/../../../tests/adversarial';

/** Stable codes of the core's error kinds, and the exception class of each. */
const QM_KIND_CODES = [
    'malformed_input' => 1, 'validation' => 2, 'signature_mismatch' => 3, 'limit_exceeded' => 4,
    'unsupported' => 5, 'missing_signature' => 6, 'protocol' => 7, 'unauthorized' => 8,
];
const QM_KIND_CLASSES = [
    'malformed_input' => QiwiMerchant\MalformedInputException::class,
    'validation' => QiwiMerchant\ValidationException::class,
    'signature_mismatch' => QiwiMerchant\SignatureException::class,
    'limit_exceeded' => QiwiMerchant\LimitExceededException::class,
    'unsupported' => QiwiMerchant\UnsupportedException::class,
    'missing_signature' => QiwiMerchant\SignatureException::class,
    'protocol' => QiwiMerchant\ProtocolException::class,
    'unauthorized' => QiwiMerchant\UnauthorizedException::class,
];

/**
 * Entries whose PHP function takes a limits array (the Gate ones but stamp through the Signer).
 * An entry set to false here needs its reason in QM_NO_LIMITS_WHY.
 */
const QM_ENTRIES = [
    'gate_stamp' => true, 'gate_verify' => true, 'gate_account_check' => true,
    'gate_callback' => true, 'gate_status_response' => true, 'gate_payout_response' => true,
    'cqr_parse' => true, 'cqr_notification' => true, 'cqr_initiate_answer' => true,
    'cqr_get_payments_answer' => true, 'cqr_initiate_request' => true,
];
/** Why an entry's cases with `limits` are skipped (none today). */
const QM_NO_LIMITS_WHY = [];
const QM_LIMIT_FIELDS = ['max_body_bytes', 'max_depth', 'max_items', 'max_string_bytes'];

final class ManifestError extends Exception {}

/** What an entry reported without throwing (the account-check refusal, an unknown payout). */
final class Reported
{
    public function __construct(
        public string $kind,
        public ?string $limit,
        public ?string $problem = null,
    ) {}
}

/** Appends the bytes of generator $g to $out (README "Generators"). */
function qm_expand(mixed $g, string &$out): void
{
    if (is_string($g)) {
        $out .= $g;
        return;
    }
    if (!$g instanceof stdClass) {
        throw new ManifestError('generator is neither a string nor an object: ' . json_encode($g));
    }
    $str = function (stdClass $o, string $k): string {
        if (!isset($o->$k) || !is_string($o->$k)) {
            throw new ManifestError("generator member \"$k\" must be a string");
        }
        return $o->$k;
    };
    $count = function (stdClass $o, string $k): int {
        if (!isset($o->$k) || !is_int($o->$k) || $o->$k < 0) {
            throw new ManifestError("generator member \"$k\" must be a non-negative integer");
        }
        return $o->$k;
    };
    if (property_exists($g, 'text')) {
        $out .= $str($g, 'text');
    } elseif (property_exists($g, 'hex')) {
        $h = $str($g, 'hex');
        if (strlen($h) % 2 !== 0 || ($h !== '' && !ctype_xdigit($h))) {
            throw new ManifestError("bad hex \"$h\"");
        }
        $out .= hex2bin($h);
    } elseif (property_exists($g, 'utf16le')) {
        $u = iconv('UTF-8', 'UTF-16LE', $str($g, 'utf16le'));
        if ($u === false) {
            throw new ManifestError('utf16le: not encodable');
        }
        $out .= $u;
    } elseif (property_exists($g, 'repeat')) {
        $times = $count($g, 'times');
        $one = '';
        qm_expand($g->repeat, $one);
        $out .= str_repeat($one, $times); // one buffer copy, not a recursion per repetition
    } elseif (property_exists($g, 'concat')) {
        if (!is_array($g->concat)) {
            throw new ManifestError('concat must be an array');
        }
        foreach ($g->concat as $part) {
            qm_expand($part, $out);
        }
    } elseif (property_exists($g, 'numbered')) {
        $n = $g->numbered;
        if (!$n instanceof stdClass) {
            throw new ManifestError('numbered must be an object');
        }
        $total = $count($n, 'count');
        [$before, $after, $sep] = [$str($n, 'before'), $str($n, 'after'), $str($n, 'separator')];
        // Chunks of 10,000 keep the temporary arrays small for 1,000,000 items.
        for ($i = 0; $i < $total; $i += 10000) {
            $items = [];
            for ($j = $i, $end = min($total, $i + 10000); $j < $end; $j++) {
                $items[] = $before . $j . $after;
            }
            $out .= ($i > 0 ? $sep : '') . implode($sep, $items);
        }
    } else {
        throw new ManifestError('unknown generator form: ' . substr(json_encode($g), 0, 200));
    }
    if (property_exists($g, 'then')) {
        qm_expand($g->then, $out);
    }
}

function qm_input_of(stdClass $case): string
{
    if (property_exists($case, 'generator')) {
        $out = '';
        qm_expand($case->generator, $out);
        return $out;
    }
    if (isset($case->file) && is_string($case->file)) {
        $bytes = @file_get_contents(QM_ADV_DIR . '/' . $case->file);
        if ($bytes === false) {
            throw new ManifestError("cannot read file {$case->file}");
        }
        return $bytes;
    }
    throw new ManifestError('case has neither generator nor file');
}

/** The limits array of a case, or null (keys checked). */
function qm_limits_of(stdClass $case): ?array
{
    if (!property_exists($case, 'limits')) {
        return null;
    }
    if (!$case->limits instanceof stdClass) {
        throw new ManifestError('limits must be an object');
    }
    $limits = [];
    foreach (get_object_vars($case->limits) as $k => $v) {
        if (!in_array($k, QM_LIMIT_FIELDS, true) || !is_int($v) || $v < 0) {
            throw new ManifestError("bad limit $k");
        }
        $limits[$k] = $v;
    }
    return $limits;
}

/** ['kind' => ..., 'limit' => ?string, 'problem' => ?string] of one call. */
function qm_outcome(callable $call): array
{
    try {
        $result = $call();
    } catch (QiwiMerchant\Exception $e) {
        $kind = $e->getKind();
        $problem = null;
        if ((QM_KIND_CODES[$kind] ?? null) !== $e->getCode()) {
            $problem = "kind $kind with code {$e->getCode()}";
        } elseif (get_class($e) !== QM_KIND_CLASSES[$kind]) {
            $problem = "kind $kind thrown as " . get_class($e);
        }
        return ['kind' => $kind, 'limit' => $e->getLimit(), 'problem' => $problem];
    } catch (Throwable $e) {
        $what = get_class($e) . ': ' . $e->getMessage();
        return ['kind' => get_class($e), 'limit' => null,
            'problem' => "not a QiwiMerchant\\Exception: $what"];
    }
    return $result instanceof Reported
        ? ['kind' => $result->kind, 'limit' => $result->limit, 'problem' => $result->problem]
        : ['kind' => 'ok', 'limit' => null, 'problem' => null];
}

/** A closure making the call of $entry on $input (built before the measured call). */
function qm_prepare(stdClass $m, string $entry, ?array $limits): Closure
{
    if ($entry === 'gate_stamp') {
        return fn (string $in) => Signer::stamp($in, $limits);
    }
    if (str_starts_with($entry, 'gate_')) {
        $signer = new Signer($m->secret, $limits);
        return match ($entry) {
            'gate_verify' => fn (string $in) => $signer->checkSignature($in),
            'gate_account_check' => function (string $in) use ($signer, $m) {
                $ac = $signer->parseAccountCheck($m->project_id, $in);
                if ($ac->accepted) {
                    return null;
                }
                $e = $ac->error ?? [];
                $kind = $e['kind'] ?? '(no error)';
                $code = $e['code'] ?? null;
                $problem = (QM_KIND_CODES[$kind] ?? null) === $code
                    ? null : "refusal error kind $kind with code " . json_encode($code);
                return new Reported($kind, $e['limit'] ?? null, $problem);
            },
            'gate_callback' => fn (string $in) => $signer->parseCallback($in),
            'gate_status_response' => fn (string $in) => $signer->parseStatusResponse($in),
            'gate_payout_response' => function (string $in) use ($signer, $m) {
                $r = $signer->parsePayoutResponse(200, $in, $m->sent_payment_id, false);
                return $r->result === 'unknown' && $r->error !== null
                    ? new Reported($r->error, null) : null;
            },
        };
    }
    return match ($entry) {
        'cqr_parse' => fn (string $in) => Cqr\parse($in, $limits),
        'cqr_notification' => fn (string $in) => Cqr\parseNotification($in, $limits),
        'cqr_initiate_answer' => fn (string $in) => Cqr\parseInitiateAnswer($in, $limits),
        'cqr_get_payments_answer' => fn (string $in) => Cqr\parseGetPaymentsAnswer($in, $limits),
        'cqr_initiate_request' => fn (string $in) => Cqr\parseInitiateRequest($in, $limits),
    };
}

/**
 * Runs one case (in the current process): outcome, fastest time, RSS growth in bytes (null
 * when not measured).
 */
function qm_measure(stdClass $m, string $entry, ?array $limits, string $input, bool $memory): array
{
    $call = qm_prepare($m, $entry, $limits);
    $rss = null;
    if ($memory) {
        qm_outcome(fn () => $call(str_starts_with($entry, 'gate_') ? '{}' : '<a/>')); // warm-up
        @file_put_contents('/proc/self/clear_refs', '5'); // peak RSS := current RSS
        $before = getrusage()['ru_maxrss'];
    }
    $t = hrtime(true);
    $got = qm_outcome(fn () => $call($input));
    $ns = hrtime(true) - $t;
    if ($memory) {
        $rss = max(0, getrusage()['ru_maxrss'] - $before) * 1024; // KiB on Linux
    }
    for ($i = 0; $i < 2 && $ns > QM_TIME_BOUND_NS; $i++) {
        $t = hrtime(true);
        qm_outcome(fn () => $call($input));
        $ns = min($ns, hrtime(true) - $t);
    }
    return ['got' => $got, 'ns' => $ns, 'rss' => $rss];
}

/** qm_measure in a forked child; a crash of the child is reported as a problem. */
function qm_measure_forked(stdClass $m, string $entry, ?array $limits, string $input): array
{
    [$r, $w] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
    $pid = pcntl_fork();
    if ($pid === -1) {
        throw new RuntimeException('pcntl_fork failed');
    }
    if ($pid === 0) {
        fclose($r);
        try {
            $res = qm_measure($m, $entry, $limits, $input, true);
        } catch (Throwable $e) {
            $res = ['error' => get_class($e) . ': ' . $e->getMessage()];
        }
        fwrite($w, json_encode($res, JSON_INVALID_UTF8_SUBSTITUTE));
        fclose($w);
        exit(0);
    }
    fclose($w);
    $text = stream_get_contents($r);
    fclose($r);
    pcntl_waitpid($pid, $status);
    if (!pcntl_wifexited($status) || pcntl_wexitstatus($status) !== 0) {
        $how = pcntl_wifsignaled($status) ? 'signal ' . pcntl_wtermsig($status)
            : 'exit status ' . pcntl_wexitstatus($status);
        return ['error' => "child died ($how)"];
    }
    $res = json_decode((string) $text, true);
    return is_array($res) ? $res : ['error' => 'no result from the child'];
}

function qm_main(array $argv): int
{
    $started = hrtime(true);
    $path = $argv[1] ?? (getenv('QM_ADVERSARIAL_MANIFEST') ?: QM_ADV_DIR . '/cases.json');
    $filter = getenv('QM_ADVERSARIAL_FILTER') ?: null;
    $fork = function_exists('pcntl_fork') && function_exists('pcntl_waitpid');

    $m = json_decode((string) file_get_contents($path), false, 512, JSON_THROW_ON_ERROR);
    if (!$m instanceof stdClass || ($m->version ?? null) !== 1 || !is_string($m->secret ?? null)
        || !is_int($m->project_id ?? null) || !is_string($m->sent_payment_id ?? null)
        || !is_array($m->cases ?? null)) {
        fwrite(STDERR, "adversarial: $path: not a version 1 manifest"
            . " (secret, project_id, sent_payment_id, cases)\n");
        return 1;
    }
    if (count($m->cases) <= 100) {
        fwrite(STDERR, "adversarial: $path: manifest too small (" . count($m->cases) . " cases)\n");
        return 1;
    }
    if (!$fork && getenv('CI')) {
        fwrite(STDERR, "adversarial: pcntl is required under CI (for the memory bound)\n");
        return 1;
    }
    if (!$fork) {
        echo "adversarial: no pcntl: memory bound NOT checked (cases run in-process)\n";
    }

    $failures = [];
    $skipped = [];
    $names = [];
    $slowest = [];
    $run = 0;
    $cache = [null, null]; // [input name, bytes]: cases sharing the part before '@' share the input
    foreach ($m->cases as $i => $case) {
        $name = is_string($case->name ?? null) ? $case->name : "#$i";
        if ($filter !== null && !str_contains($name, $filter)) {
            continue;
        }
        try {
            if (isset($names[$name])) {
                throw new ManifestError('duplicate case name');
            }
            $names[$name] = true;
            $entry = $case->entry ?? null;
            if (!is_string($entry) || !array_key_exists($entry, QM_ENTRIES)) {
                throw new ManifestError('unknown entry ' . json_encode($entry));
            }
            $want = ['kind' => $case->expect_kind ?? null, 'limit' => $case->expect_limit ?? null];
            $known = is_string($want['kind'])
                && ($want['kind'] === 'ok' || isset(QM_KIND_CODES[$want['kind']]));
            if (!$known || !(is_string($want['limit']) || $want['limit'] === null)) {
                throw new ManifestError('bad expect_kind/expect_limit');
            }
            $limits = qm_limits_of($case);
            $base = explode('@', $name, 2)[0];
            if ($cache[0] !== $base) {
                $cache = [null, null]; // free the previous input first
                $cache = [$base, qm_input_of($case)];
            }
        } catch (ManifestError $e) {
            $failures[] = "$name: manifest: {$e->getMessage()}";
            continue;
        }
        if ($limits !== null && !QM_ENTRIES[$entry]) {
            $skipped[QM_NO_LIMITS_WHY[$entry] ?? "$entry takes no limits"][] = $name;
            continue;
        }
        $input = $cache[1];
        $res = $fork ? qm_measure_forked($m, $entry, $limits, $input)
            : qm_measure($m, $entry, $limits, $input, false);
        $run++;
        if (isset($res['error'])) {
            $failures[] = "$name: {$res['error']}";
            continue;
        }
        $got = $res['got'];
        if ($got['problem'] !== null) {
            $failures[] = "$name: binding: {$got['problem']}";
        }
        $gotLimit = $want['limit'] === null ? null : $got['limit']; // compared only when named
        if ($got['kind'] !== $want['kind'] || $gotLimit !== $want['limit']) {
            $failures[] = sprintf('%s: expected %s%s, got %s%s', $name, $want['kind'],
                $want['limit'] !== null ? " ({$want['limit']})" : '', $got['kind'],
                $got['limit'] !== null ? " ({$got['limit']})" : '');
        }
        if ($res['ns'] > QM_TIME_BOUND_NS) {
            $failures[] = sprintf('%s: took %.3f s (bound %.3g s, fastest of 3 runs)', $name,
                $res['ns'] / 1e9, QM_TIME_BOUND_NS / 1e9);
        }
        $bound = 4 * strlen($input) + QM_MEMORY_SLACK;
        if ($res['rss'] !== null && $res['rss'] > $bound) {
            $failures[] = sprintf('%s: RSS grew %d bytes for a %d-byte input (bound %d)',
                $name, $res['rss'], strlen($input), $bound);
        }
        $slowest[] = [$res['ns'], sprintf('%s (%d bytes, RSS +%s)', $name, strlen($input),
            $res['rss'] === null ? 'n/a' : intdiv($res['rss'], 1024) . ' KiB')];
    }
    $cache = null;

    usort($slowest, fn ($a, $b) => $b[0] <=> $a[0]);
    foreach (array_slice($slowest, 0, 5) as [$ns, $what]) {
        printf("slowest: %.3f s %s\n", $ns / 1e9, $what);
    }
    $nskipped = array_sum(array_map('count', $skipped));
    foreach ($skipped as $why => $list) {
        printf("skipped %d case(s) with limits: %s (%s)\n", count($list), $why,
            implode(', ', $list));
    }
    printf("adversarial (PHP): %d of %d cases run, %d skipped, %d failure(s); memory bound %s;"
        . " %.1f s, PHP peak %d MiB\n",
        $run, count($m->cases), $nskipped, count($failures),
        $fork ? 'checked (ru_maxrss growth in a forked child)' : 'NOT checked (no pcntl)',
        (hrtime(true) - $started) / 1e9, memory_get_peak_usage(true) >> 20);
    if ($failures) {
        fwrite(STDERR, "adversarial: FAILED:\n  " . implode("\n  ", $failures) . "\n");
        return 1;
    }
    return 0;
}

exit(qm_main($argv));
