<?php
/*
 * qiwi_merchant webhook endpoint for PHP shops (a CMS plug-in can copy it): plain PHP, SQLite
 * through PDO, the qiwi_merchant extension for every protocol decision.
 *
 *   POST /qiwi/gate/account-check/         JetPay Gate `verify` / `check_deposit`
 *   POST /qiwi/gate/callback/              JetPay Gate callbacks
 *   POST /qiwi/cqr/notification/           PXP (CQR) payment state notifications
 *        (also .../handlePaymentStateChangedNotification)
 *   POST /shop/cqr/orders/                 demo: {"customer_id","amount_minor","currency"?} ->
 *                                          a pending CQR order and its initiatePayment body
 *   GET  /shop/customers/<id>/balance/     {"customer_id","balance","currency":"KZT"}
 *
 * Run: php -d extension=qiwi_merchant -S 127.0.0.1:8000 php-ext/examples/webhook.php
 * (`make php-shop`). Settings come from the environment; there is no built-in secret:
 *   QIWI_MERCHANT_GATE_SECRET (required: without it `make php-shop` refuses to start, and every
 *     request here is answered 503 naming it), QIWI_MERCHANT_GATE_PROJECT_ID (111),
 *   QIWI_MERCHANT_CQR_NOTIFY_USER + QIWI_MERCHANT_CQR_NOTIFY_PASSWORD (both or neither: neither =
 *     CQR off, every notification is refused with 401 and the demo order endpoint is 404),
 *     QIWI_MERCHANT_CQR_MERCHANT_ID (DemoMerchant), QIWI_MERCHANT_CQR_SHOP_ID (DemoShop),
 *   QIWI_MERCHANT_CQR_ALLOWED_IPS (comma-separated addresses/CIDRs; unset = no IP filter),
 *     QIWI_MERCHANT_TRUSTED_PROXIES (comma-separated; their QIWI_MERCHANT_FORWARDED_HEADER,
 *     default X-Forwarded-For, is believed: the core's Cqr\ipDecide),
 *   QIWI_MERCHANT_DEMO_TOKEN (the /shop/ demo endpoints answer only `Authorization: Bearer
 *     <token>`, 401 otherwise; unset = they are off, 404), QIWI_MERCHANT_DB (SQLite file).
 *
 * Bodies over the core's limit (MAX_BODY_BYTES, 1 MiB) are answered 413 before anything is
 * stored: Content-Length first, then php://input is read with a bound. Errors never reach a
 * response: display_errors is off, and any exception (storage, the library) rolls the
 * transaction back and gets the error answer below (503, or ErrorProcessingEvent for CQR).
 *
 * Exactly once: every change runs in one `BEGIN IMMEDIATE` transaction (SQLite's writer lock)
 * together with the row that records the event; the event's key is UNIQUE. A repeated or
 * concurrent delivery finds the row and is acknowledged without being applied again. The
 * platform gets its success answer only after COMMIT; if storing fails it gets 503 (Gate) or
 * ErrorProcessingEvent (CQR) and delivers again.
 */

declare(strict_types=1);

use QiwiMerchant\Cqr;
use QiwiMerchant\Gate\AccountCheckResponse;
use QiwiMerchant\Gate\Signer;

const DEMO_CUSTOMERS = ['demo-1', 'demo-2', 'demo-3', 'demo-4', 'demo-5'];

/* The core's default body limit (max_body_bytes, 1 MiB; the extension does not export it). */
const MAX_BODY_BYTES = 1048576;

ini_set('display_errors', '0'); // errors go to the log, never into a response
ini_set('log_errors', '1');

/* A required setting is missing: 503 naming it (the text is the variable's name, no secret). */
final class ConfigMissing extends RuntimeException
{
}

function setting(string $name, string $default): string
{
    $v = getenv($name);
    return $v === false || $v === '' ? $default : $v;
}

function required_setting(string $name): string
{
    $v = setting($name, '');
    if ($v === '') {
        throw new ConfigMissing("$name is not set (no built-in value)");
    }
    return $v;
}

/** @return string[] the comma-separated list in $name */
function setting_list(string $name): array
{
    return array_values(array_filter(array_map('trim', explode(',', setting($name, ''))), 'strlen'));
}

/* CQR notification credentials, [user, password]; null = CQR off (neither is set). */
function cqr_notify_credentials(): ?array
{
    $user = setting('QIWI_MERCHANT_CQR_NOTIFY_USER', '');
    $password = setting('QIWI_MERCHANT_CQR_NOTIFY_PASSWORD', '');
    if ($user === '' && $password === '') {
        return null;
    }
    required_setting('QIWI_MERCHANT_CQR_NOTIFY_USER');
    required_setting('QIWI_MERCHANT_CQR_NOTIFY_PASSWORD');
    return [$user, $password];
}

function db(): PDO
{
    static $pdo = null;
    if ($pdo) {
        return $pdo;
    }
    $pdo = new PDO('sqlite:' . setting('QIWI_MERCHANT_DB', sys_get_temp_dir() . '/qiwi-merchant-php-shop.sqlite3'));
    $pdo->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
    $pdo->setAttribute(PDO::ATTR_DEFAULT_FETCH_MODE, PDO::FETCH_ASSOC);
    $pdo->exec('PRAGMA busy_timeout = 10000');
    $pdo->exec('PRAGMA journal_mode = WAL');
    $pdo->exec('PRAGMA foreign_keys = ON');
    $pdo->exec(<<<SQL
        CREATE TABLE IF NOT EXISTS customers (
            customer_id TEXT PRIMARY KEY,
            balance INTEGER NOT NULL DEFAULT 0,   -- minor units
            currency TEXT NOT NULL DEFAULT 'KZT'
        );
        CREATE TABLE IF NOT EXISTS deposits (
            payment_id TEXT PRIMARY KEY,          -- Gate payment id / CQR merchantTransactionID
            source TEXT NOT NULL CHECK (source IN ('gate', 'cqr')),
            customer_id TEXT NOT NULL REFERENCES customers(customer_id),
            amount INTEGER NOT NULL,
            currency TEXT NOT NULL,
            outcome TEXT NOT NULL DEFAULT 'pending',
            flagged TEXT,                         -- why a person should look at it
            created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
            updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
        );
        CREATE TABLE IF NOT EXISTS processed (
            event_key TEXT PRIMARY KEY,           -- UNIQUE: an event is applied once
            source TEXT NOT NULL,
            payment_id TEXT,
            outcome TEXT,
            decision TEXT NOT NULL,
            processed_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
        );
        CREATE TABLE IF NOT EXISTS deliveries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            endpoint TEXT NOT NULL,
            body BLOB NOT NULL,
            status INTEGER,
            received_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
        );
        SQL);
    $ins = $pdo->prepare("INSERT OR IGNORE INTO customers (customer_id, balance, currency) VALUES (?, 0, 'KZT')");
    foreach (DEMO_CUSTOMERS as $c) {
        $ins->execute([$c]);
    }
    return $pdo;
}

/* Runs $fn inside BEGIN IMMEDIATE ... COMMIT (ROLLBACK and rethrow on any error, the library's
 * exceptions included; the caller or the router turns it into the error answer). */
function in_transaction(callable $fn): mixed
{
    $pdo = db();
    $pdo->exec('BEGIN IMMEDIATE');
    try {
        $r = $fn($pdo);
        $pdo->exec('COMMIT');
        return $r;
    } catch (Throwable $e) {
        try {
            $pdo->exec('ROLLBACK');
        } catch (PDOException) {
            // no transaction left to roll back (a failed COMMIT ends it): nothing was applied
        }
        throw $e;
    }
}

function respond(int $status, string $body, string $contentType, array $headers = []): void
{
    http_response_code($status);
    header('Content-Type: ' . $contentType);
    foreach ($headers as $h) {
        header($h);
    }
    echo $body;
}

function respond_json(int $status, array $data, array $headers = []): void
{
    respond($status, json_encode($data, JSON_UNESCAPED_SLASHES), 'application/json', $headers);
}

function log_delivery(string $endpoint, string $body): int
{
    $st = db()->prepare('INSERT INTO deliveries (endpoint, body) VALUES (?, ?)');
    $st->bindValue(1, $endpoint);
    $st->bindValue(2, $body, PDO::PARAM_LOB);
    $st->execute();
    return (int) db()->lastInsertId();
}

function delivery_status(int $id, int $status): void
{
    db()->prepare('UPDATE deliveries SET status = ? WHERE id = ?')->execute([$status, $id]);
}

function signer(): Signer
{
    static $signer = null;
    return $signer ??= new Signer(required_setting('QIWI_MERCHANT_GATE_SECRET'));
}

/* ---------------------------------------------------------------------------------------- */
/* Gate: account check */

function gate_account_check(string $body): void
{
    $check = signer()->parseAccountCheck((int) setting('QIWI_MERCHANT_GATE_PROJECT_ID', '111'), $body);
    if (!$check->accepted) {
        // Bad JSON, bad signature, wrong project...: the answer is ready (HTTP 200, code in body).
        $answer = $check->response;
    } else {
        $req = $check->request;
        $answer = in_transaction(function (PDO $pdo) use ($req) {
            $st = $pdo->prepare('SELECT currency FROM customers WHERE customer_id = ?');
            $st->execute([$req->customerId]);
            $customer = $st->fetch();
            if (!$customer) {
                return AccountCheckResponse::notFound();
            }
            if ($req->type === 'verify') {
                return AccountCheckResponse::verifyOk($customer['currency']);
            }
            if ($req->currency !== $customer['currency']) {
                return AccountCheckResponse::generalError('the account is kept in ' . $customer['currency']);
            }
            // check_deposit: a NEW pending payment every time (retries cannot be told apart).
            $paymentId = 'qm-' . bin2hex(random_bytes(10));
            $pdo->prepare("INSERT INTO deposits (payment_id, source, customer_id, amount, currency) VALUES (?, 'gate', ?, ?, ?)")
                ->execute([$paymentId, $req->customerId, $req->amount, $req->currency]);
            return AccountCheckResponse::checkDepositOk($paymentId);
        });
    }
    respond(200, $answer->body, AccountCheckResponse::CONTENT_TYPE);
}

/* ---------------------------------------------------------------------------------------- */
/* Gate: callbacks */

/* docs/gate.md, processing rules step 4 (with the duplicate answered as no change). */
function gate_transition(string $current, string $incoming): string
{
    if ($current === $incoming) {
        return 'no_change';
    }
    if ($current === 'pending') {
        return 'apply';
    }
    if ($current === 'completed' && ($incoming === 'refunded' || $incoming === 'reversed')) {
        return 'apply';
    }
    return $incoming === 'pending' ? 'no_change' : 'flag';
}

function gate_callback(string $body): void
{
    $delivery = log_delivery('gate/callback', $body);
    try {
        $cb = signer()->parseCallback($body);
    } catch (QiwiMerchant\Exception $e) {
        // Malformed, unsigned or badly signed, or no payment.id: 400, nothing changes.
        delivery_status($delivery, 400);
        respond_json(400, ['error' => $e->getKind(), 'message' => $e->getMessage()]);
        return;
    }
    $paymentId = $cb->payment['id'];
    $outcome = $cb->outcome;
    // The same payment reaching the same outcome is the same event.
    $eventKey = 'gate:' . $paymentId . ':' . $outcome;
    $decision = in_transaction(function (PDO $pdo) use ($cb, $paymentId, $outcome, $eventKey) {
        $st = $pdo->prepare('SELECT 1 FROM processed WHERE event_key = ?');
        $st->execute([$eventKey]);
        if ($st->fetchColumn()) {
            return 'duplicate';
        }
        $st = $pdo->prepare("SELECT * FROM deposits WHERE payment_id = ? AND source = 'gate'");
        $st->execute([$paymentId]);
        $dep = $st->fetch();
        if (!$dep) {
            $decision = 'unmatched';
        } else {
            $sum = $cb->payment['sum'] ?? null;
            $decision = gate_transition($dep['outcome'], $outcome);
            if ($decision === 'apply' && $outcome === 'completed'
                && (!$sum || $sum['amount'] !== (int) $dep['amount'] || $sum['currency'] !== $dep['currency'])) {
                $decision = 'flag';
                $why = 'sum mismatch: ' . json_encode($sum);
            }
            if ($decision === 'apply') {
                $delta = match ($outcome) {
                    'completed' => (int) $dep['amount'],
                    'refunded', 'reversed' => $dep['outcome'] === 'completed' ? -(int) $dep['amount'] : 0,
                    default => 0,
                };
                $pdo->prepare('UPDATE customers SET balance = balance + ? WHERE customer_id = ?')->execute([$delta, $dep['customer_id']]);
                $pdo->prepare('UPDATE deposits SET outcome = ?, updated_at = CURRENT_TIMESTAMP WHERE payment_id = ?')->execute([$outcome, $paymentId]);
            } elseif ($decision === 'flag') {
                $pdo->prepare('UPDATE deposits SET flagged = ?, updated_at = CURRENT_TIMESTAMP WHERE payment_id = ?')
                    ->execute([$why ?? "outcome {$dep['outcome']} -> $outcome", $paymentId]);
            }
        }
        $pdo->prepare("INSERT INTO processed (event_key, source, payment_id, outcome, decision) VALUES (?, 'gate', ?, ?, ?)")
            ->execute([$eventKey, $paymentId, $outcome, $decision]);
        return $decision;
    });
    delivery_status($delivery, 200);
    respond_json(200, ['status' => 'ok', 'decision' => $decision]);
}

/* ---------------------------------------------------------------------------------------- */
/* CQR: notifications */

function request_header(string $name): ?string
{
    $key = 'HTTP_' . strtoupper(str_replace('-', '_', $name));
    if (isset($_SERVER[$key])) {
        return $_SERVER[$key];
    }
    foreach (function_exists('getallheaders') ? getallheaders() : [] as $k => $v) {
        if (strcasecmp($k, $name) === 0) {
            return $v;
        }
    }
    return null;
}

function cqr_notification(string $body): void
{
    $allowed = setting_list('QIWI_MERCHANT_CQR_ALLOWED_IPS');
    if ($allowed) {
        // the core's proxy-aware decision: the forwarding header counts only from a trusted proxy
        $header = strtolower(setting('QIWI_MERCHANT_FORWARDED_HEADER', 'X-Forwarded-For'));
        $forwarded = request_header($header);
        try {
            $decision = Cqr\ipDecide($allowed, $_SERVER['REMOTE_ADDR'] ?? '', $forwarded === null ? [] : [$forwarded],
                setting_list('QIWI_MERCHANT_TRUSTED_PROXIES'), $header);
        } catch (QiwiMerchant\Exception $e) {
            error_log('qiwi-merchant webhook: CQR allow-list misconfigured: ' . $e->getMessage());
            respond(503, 'not configured', 'text/plain');
            return;
        }
        if (!$decision->allowed) {
            respond(403, 'forbidden', 'text/plain');
            return;
        }
    }
    $credentials = cqr_notify_credentials(); // null: CQR is off, nothing is accepted
    if ($credentials === null || !Cqr\checkBasicAuth($credentials[0], $credentials[1], request_header('Authorization'))) {
        respond(401, 'unauthorized', 'text/plain', ['WWW-Authenticate: Basic realm="qiwi-merchant"']);
        return;
    }
    $delivery = log_delivery('cqr/notification', $body);
    try {
        $n = Cqr\parseNotification($body);
    } catch (QiwiMerchant\Exception $e) {
        delivery_status($delivery, 400);
        respond(400, $e->getMessage(), 'text/plain');
        return;
    }
    $p = $n->payment;
    if ($p['merchant_id'] !== setting('QIWI_MERCHANT_CQR_MERCHANT_ID', 'DemoMerchant')
        || $p['shop_id'] !== setting('QIWI_MERCHANT_CQR_SHOP_ID', 'DemoShop')) {
        delivery_status($delivery, 200);
        respond(200, Cqr\ackUnknownState('not our merchant/shop'), Cqr\CONTENT_TYPE);
        return;
    }
    try {
        $ack = in_transaction(function (PDO $pdo) use ($n, $p, $body) {
            $st = $pdo->prepare('SELECT 1 FROM processed WHERE event_key = ?');
            $st->execute(['cqr:' . $n->idempotencyKey]);
            if ($st->fetchColumn()) {
                return Cqr\ackProcessed(); // already applied: acknowledge, change nothing
            }
            $st = $pdo->prepare("SELECT * FROM deposits WHERE payment_id = ? AND source = 'cqr'");
            $st->execute([$p['merchant_transaction_id']]);
            $dep = $st->fetch();
            if (!$dep) {
                return Cqr\ackUnknownState('unknown order');
            }
            $check = Cqr\checkNotification($body, (int) $dep['amount'], $dep['currency']);
            $new = $check->effectiveOutcome;
            $decision = Cqr\transition($dep['outcome'], $new);
            $flag = null;
            if (!$check->isExecutedConsistent) {
                $flag = 'isExecuted disagrees with the state';
            }
            if ($new === 'completed' && $check->amountCheck['result'] === 'mismatch') {
                $decision = 'flag';
                $flag = 'amount mismatch: ' . ($check->amountCheck['reason'] ?? '');
            }
            if ($decision === 'apply' || $decision === 'reversal') {
                $delta = 0;
                if ($new === 'completed') {
                    $delta = (int) $dep['amount'];
                } elseif ($decision === 'reversal') {
                    $delta = -(int) $dep['amount'];
                    $flag = 'reversal of a completed payment';
                }
                $pdo->prepare('UPDATE customers SET balance = balance + ? WHERE customer_id = ?')->execute([$delta, $dep['customer_id']]);
                $pdo->prepare('UPDATE deposits SET outcome = ?, updated_at = CURRENT_TIMESTAMP WHERE payment_id = ?')
                    ->execute([$new, $dep['payment_id']]);
            } elseif ($decision === 'flag') {
                $flag ??= "outcome {$dep['outcome']} -> $new";
            }
            if ($flag !== null) {
                $pdo->prepare('UPDATE deposits SET flagged = ? WHERE payment_id = ?')->execute([$flag, $dep['payment_id']]);
            }
            $pdo->prepare("INSERT INTO processed (event_key, source, payment_id, outcome, decision) VALUES (?, 'cqr', ?, ?, ?)")
                ->execute(['cqr:' . $n->idempotencyKey, $dep['payment_id'], $new, $decision]);
            return Cqr\ackProcessed(); // only after COMMIT (in_transaction returns after it)
        });
    } catch (PDOException | QiwiMerchant\Exception $e) {
        // rolled back by in_transaction: nothing applied
        error_log('qiwi-merchant webhook: CQR notification not applied: ' . $e->getMessage());
        $ack = Cqr\ackErrorProcessingEvent('temporary processing failure'); // PXP sends again
    }
    delivery_status($delivery, 200);
    respond(200, $ack, Cqr\CONTENT_TYPE);
}

/* Demo: create a pending CQR order and the initiatePayment body a shop would POST to PXP. */
function cqr_create_order(string $body): void
{
    if (cqr_notify_credentials() === null) {
        respond_json(404, ['error' => 'CQR is disabled (no QIWI_MERCHANT_CQR_NOTIFY_USER / _PASSWORD)']);
        return;
    }
    $in = json_decode($body, true);
    $customer = is_array($in) ? ($in['customer_id'] ?? null) : null;
    $st = db()->prepare('SELECT 1 FROM customers WHERE customer_id = ?');
    $st->execute([$customer]);
    if (!is_string($customer) || !$st->fetchColumn() || !is_int($in['amount_minor'] ?? null)) {
        respond_json(400, ['error' => 'customer_id (a demo customer) and amount_minor (int) are required']);
        return;
    }
    $currency = $in['currency'] ?? 'KZT';
    $order = 'ord-' . bin2hex(random_bytes(8));
    $site = 'http://' . ($_SERVER['HTTP_HOST'] ?? '127.0.0.1');
    try {
        $built = Cqr\buildInitiateRequest([
            'merchant_id' => setting('QIWI_MERCHANT_CQR_MERCHANT_ID', 'DemoMerchant'),
            'shop_id' => setting('QIWI_MERCHANT_CQR_SHOP_ID', 'DemoShop'),
            'merchant_transaction_id' => $order,
            'amount_minor' => $in['amount_minor'],
            'currency' => $currency,
            'user_id' => $customer,
            'user_session_id' => 'session-' . $customer,
            'merchant_notification_url' => $site . '/qiwi/cqr/notification/',
            'email_address' => $customer . '@example.com',
            'country_code2' => 'KZ',
        ]);
    } catch (QiwiMerchant\Exception $e) {
        respond_json(400, ['error' => $e->getKind(), 'message' => $e->getMessage(), 'fields' => $e->getFields()]);
        return;
    }
    db()->prepare("INSERT INTO deposits (payment_id, source, customer_id, amount, currency) VALUES (?, 'cqr', ?, ?, ?)")
        ->execute([$order, $customer, $in['amount_minor'], $currency]);
    respond_json(201, ['merchant_transaction_id' => $order, 'initiate_url' => Cqr\url('initiatePayment'),
        'initiate_xml' => $built->xml, 'warnings' => $built->warnings]);
}

/* ---------------------------------------------------------------------------------------- */
/* Request body, demo token */

/* The raw body, or null when it is over MAX_BODY_BYTES: the declared Content-Length first, then
 * at most MAX_BODY_BYTES + 1 bytes of php://input (a body without a truthful length cannot make
 * this script hold more). The web server in front should refuse such bodies too (nginx:
 * client_max_body_size 1m): PHP's SAPIs may buffer the request before the script runs. */
function read_body(): ?string
{
    $declared = $_SERVER['CONTENT_LENGTH'] ?? '';
    if (is_numeric($declared) && (int) $declared > MAX_BODY_BYTES) {
        return null;
    }
    $in = fopen('php://input', 'rb');
    $body = $in === false ? '' : (string) stream_get_contents($in, MAX_BODY_BYTES + 1);
    if ($in !== false) {
        fclose($in);
    }
    return strlen($body) > MAX_BODY_BYTES ? null : $body;
}

/* The /shop/ demo endpoints: off (404) without QIWI_MERCHANT_DEMO_TOKEN, 401 without it as a
 * bearer token (hash_equals: constant time). True when the request may go on. */
function demo_authorized(): bool
{
    $token = setting('QIWI_MERCHANT_DEMO_TOKEN', '');
    if ($token === '') {
        respond_json(404, ['error' => 'not found']);
        return false;
    }
    $given = request_header('Authorization') ?? '';
    $ok = hash_equals($token, preg_match('/^Bearer\s+(\S+)\s*$/i', $given, $m) ? $m[1] : '');
    if (!$ok) {
        respond_json(401, ['error' => 'demo token required (Authorization: Bearer ...)'],
            ['WWW-Authenticate: Bearer realm="qiwi-merchant-demo"']);
    }
    return $ok;
}

/* ---------------------------------------------------------------------------------------- */
/* Router */

$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH) ?: '/';
$method = $_SERVER['REQUEST_METHOD'] ?? 'GET';

try {
    $body = read_body();
    if ($body === null) {
        respond(413, 'body too large (limit ' . MAX_BODY_BYTES . ' bytes)', 'text/plain'); // nothing stored
        return;
    }
    if (str_starts_with($path, '/shop/') && !demo_authorized()) {
        return;
    }
    if (preg_match('#^/shop/customers/([^/]+)/balance/?$#', $path, $m)) {
        $st = db()->prepare('SELECT customer_id, balance, currency FROM customers WHERE customer_id = ?');
        $st->execute([rawurldecode($m[1])]);
        $row = $st->fetch();
        $row ? respond_json(200, ['customer_id' => $row['customer_id'], 'balance' => (int) $row['balance'], 'currency' => $row['currency']])
             : respond_json(404, ['error' => 'unknown customer']);
        return;
    }
    $routes = [
        '#^/qiwi/gate/account-check/?$#' => 'gate_account_check',
        '#^/qiwi/gate/callback/?$#' => 'gate_callback',
        '#^/qiwi/cqr/notification/?(handlePaymentStateChangedNotification/?)?$#' => 'cqr_notification',
        '#^/shop/cqr/orders/?$#' => 'cqr_create_order',
    ];
    foreach ($routes as $re => $handler) {
        if (preg_match($re, $path)) {
            if ($method !== 'POST') {
                respond(405, 'method not allowed', 'text/plain', ['Allow: POST']);
                return;
            }
            $handler($body);
            return;
        }
    }
    respond_json(404, ['error' => 'not found']);
} catch (ConfigMissing $e) {
    error_log('qiwi-merchant webhook: ' . $e->getMessage());
    respond_json(503, ['error' => 'not configured: ' . $e->getMessage()]);
} catch (Throwable $e) {
    // Storage or the library failed (a transaction was rolled back): nothing was acknowledged,
    // the platform delivers again. The details go to the log only.
    error_log('qiwi-merchant webhook: ' . get_class($e) . ': ' . $e->getMessage());
    if (str_starts_with($path, '/qiwi/cqr/')) {
        respond(200, Cqr\ackErrorProcessingEvent('temporary processing failure'), Cqr\CONTENT_TYPE);
    } else {
        respond_json(503, ['error' => 'temporarily unavailable']);
    }
}
