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
 *   POST /shop/cqr/orders/<id>/attempt/    demo: {"payment_id"} binds the order to a new attempt
 *                                          (the initiate response's paymentID; bindAttempt)
 *   POST /shop/cqr/orders/<id>/check/      demo: poll PXP getPayments and settle the answer
 *   POST /shop/gate/payments/<id>/check/   demo: ask Gate for the status and settle the answer
 *   GET  /shop/customers/<id>/balance/     {"customer_id","balance","currency":"KZT"}
 *
 *   php webhook.php seed < {"source","payment_id","customer_id","record"}   (CLI, tests/demo:
 *                                          replaces one payment's row and ledger rows)
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
 *     <token>`, 401 otherwise; unset = they are off, 404), QIWI_MERCHANT_DB (SQLite file),
 *   QIWI_MERCHANT_GATE_BASE_URL (Gate's API base for status checks; no default),
 *   QIWI_MERCHANT_CQR_BASE_URL (PXP's base, default Cqr\TEST_BASE_URL) with
 *     QIWI_MERCHANT_CQR_API_USER + QIWI_MERCHANT_CQR_API_PASSWORD (PXP's Basic credentials for
 *     getPayments; no default), QIWI_MERCHANT_CQR_CONFIRM (1: confirm each completed state with
 *     getPayments before it is credited, cqr.md §5.2 step 9; needs the API settings).
 *
 * Bodies over the core's limit (MAX_BODY_BYTES, 1 MiB) are answered 413 before anything is
 * stored: Content-Length first, then php://input is read with a bound. Errors never reach a
 * response: display_errors is off, and any exception (storage, the library) rolls the
 * transaction back and gets the error answer below (503, or ErrorProcessingEvent for CQR).
 *
 * Money: the core decides, this file stores. Each delivery's raw body is stored first
 * (`deliveries`), then verified (signature / Basic auth, parse: 400 when bad); then, in ONE
 * `BEGIN IMMEDIATE` transaction (SQLite's writer lock = the row lock), the payment's row is read
 * as the engine's record, Gate\Settlement / Cqr\Settlement decides, and the decision is stored
 * exactly as it says: the record's fields (`payments`), the flag and its reason, one `ledger`
 * row per money effect (its idempotency key UNIQUE) with the customer's balance changed by
 * exactly that effect's amount, and the decision itself (`settlements`). No transition, amount
 * or duplicate rule lives here. The platform gets the decision's answer only after COMMIT; if
 * anything in the transaction fails it is rolled back and the engine's storage-failed decision
 * is the answer (Gate 503, CQR ErrorProcessingEvent): the platform delivers again.
 */

declare(strict_types=1);

use QiwiMerchant\Cqr;
use QiwiMerchant\Cqr\Settlement as CqrSettlement;
use QiwiMerchant\Decision;
use QiwiMerchant\Gate;
use QiwiMerchant\Gate\AccountCheckResponse;
use QiwiMerchant\Gate\Settlement as GateSettlement;
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
        -- One row per payment: the settlement engine's record (Gate) / order (CQR), column by
        -- column; it changes only as a decision says.
        CREATE TABLE IF NOT EXISTS payments (
            source TEXT NOT NULL CHECK (source IN ('gate', 'cqr')),
            payment_id TEXT NOT NULL,             -- Gate payment id / CQR merchantTransactionID
            customer_id TEXT NOT NULL REFERENCES customers(customer_id),
            kind TEXT NOT NULL DEFAULT 'deposit', -- Gate: deposit | payout (CQR: deposit)
            status TEXT NOT NULL DEFAULT 'pending',
            amount INTEGER NOT NULL,              -- expected, minor units
            currency TEXT NOT NULL,
            credited INTEGER NOT NULL DEFAULT 0,  -- minor units credited (payouts: paid out)
            debited INTEGER NOT NULL DEFAULT 0,   -- minor units debited (payouts: returned)
            applied TEXT NOT NULL DEFAULT '[]',   -- JSON list: applied_operations / applied_keys
            raw_status TEXT,                      -- Gate: the last raw status
            pxp_payment_id TEXT,                  -- CQR: the attempt (paymentID) the order is bound to
            flag_code TEXT,                       -- the last flag: reason_code ...
            flagged TEXT,                         -- ... and reason; a person should look at it
            created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
            updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
            PRIMARY KEY (source, payment_id)
        );
        CREATE TABLE IF NOT EXISTS deliveries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            endpoint TEXT NOT NULL,
            body BLOB NOT NULL,
            status INTEGER,
            received_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
        );
        -- One row per money effect; a key booked once can never be booked again.
        CREATE TABLE IF NOT EXISTS ledger (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            idempotency_key TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            payment_id TEXT NOT NULL,
            customer_id TEXT NOT NULL REFERENCES customers(customer_id),
            kind TEXT NOT NULL,                   -- credit | debit | payout_paid | payout_returned
            amount INTEGER NOT NULL CHECK (amount > 0),
            currency TEXT NOT NULL,
            delivery_id INTEGER REFERENCES deliveries(id),
            booked_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
        );
        -- Every decision stored, with the delivery it decided (same transaction as its effects).
        CREATE TABLE IF NOT EXISTS settlements (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            delivery_id INTEGER REFERENCES deliveries(id),
            source TEXT NOT NULL,
            payment_id TEXT NOT NULL,
            action TEXT NOT NULL,
            reason_code TEXT NOT NULL,
            reason TEXT NOT NULL,
            settled_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
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

function gate_project_id(): int
{
    return (int) setting('QIWI_MERCHANT_GATE_PROJECT_ID', '111');
}

/* The CQR settings the engine decides with (Cqr\Settlement's $settings). */
function cqr_settings(): array
{
    return [
        'merchant_id' => setting('QIWI_MERCHANT_CQR_MERCHANT_ID', 'DemoMerchant'),
        'shop_id' => setting('QIWI_MERCHANT_CQR_SHOP_ID', 'DemoShop'),
        'confirm_with_get_payments' => setting('QIWI_MERCHANT_CQR_CONFIRM', '0') === '1',
    ];
}

/* ---------------------------------------------------------------------------------------- */
/* Settlement storage: a payments row <-> the engine's record, and a decision stored as it says */

/* How each effect changes the customer's balance: exactly the effect's amount, this sign. */
const BALANCE_SIGN = ['credit' => 1, 'debit' => -1, 'payout_paid' => -1, 'payout_returned' => 1];

/* The payments row, read inside the caller's BEGIN IMMEDIATE transaction (SQLite's writer lock:
 * no other delivery can change it until COMMIT). */
function payment_row(PDO $pdo, string $source, string $paymentId): ?array
{
    $st = $pdo->prepare('SELECT * FROM payments WHERE source = ? AND payment_id = ?');
    $st->execute([$source, $paymentId]);
    return $st->fetch() ?: null;
}

/* The engine's record (Gate) or order (CQR) of a row. Values go over as stored (no casts): a
 * corrupted row (a REAL amount, ...) is refused by the engine, never rounded. */
function record_of(array $row): array
{
    $applied = json_decode($row['applied'], true, 4, JSON_THROW_ON_ERROR);
    $record = ['status' => $row['status'], 'amount' => $row['amount'], 'currency' => $row['currency'],
        'credited' => $row['credited'], 'debited' => $row['debited']];
    if ($row['source'] === 'gate') {
        return ['kind' => $row['kind']] + $record + ['applied_operations' => $applied, 'raw_status' => $row['raw_status']];
    }
    return $record + ['payment_id' => $row['pxp_payment_id'], 'applied_keys' => $applied];
}

/* Writes a record (or order) the engine returned into the payment's row. */
function store_record(PDO $pdo, string $source, string $paymentId, array $r): void
{
    $gate = $source === 'gate';
    $pdo->prepare('UPDATE payments SET kind = ?, status = ?, amount = ?, currency = ?, credited = ?, debited = ?, applied = ?,
            raw_status = ?, pxp_payment_id = ?, updated_at = CURRENT_TIMESTAMP WHERE source = ? AND payment_id = ?')
        ->execute([$gate ? $r['kind'] : 'deposit', $r['status'], $r['amount'], $r['currency'], $r['credited'], $r['debited'],
            json_encode($gate ? $r['applied_operations'] : $r['applied_keys'], JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE),
            $gate ? $r['raw_status'] : null, $gate ? null : $r['payment_id'], $source, $paymentId]);
}

/* Stores exactly what the decision says, inside the caller's transaction: the record, the flag
 * with its reason, one ledger row per money effect (the UNIQUE key: a key booked before fails
 * the transaction, nothing is booked twice) with the balance change of exactly its amount, and
 * the decision. $row: the payment's row as read under the lock (null: no record). */
function store_decision(PDO $pdo, string $source, string $paymentId, ?array $row, Decision $d, ?int $delivery): void
{
    if ($row !== null && $d->record !== null) {
        store_record($pdo, $source, $paymentId, $d->record);
    }
    if ($row !== null && $d->action === 'flag') {
        $pdo->prepare('UPDATE payments SET flag_code = ?, flagged = ?, updated_at = CURRENT_TIMESTAMP WHERE source = ? AND payment_id = ?')
            ->execute([$d->reasonCode, $d->reason, $source, $paymentId]);
    }
    foreach ($d->effects as $effect) {
        if ($row === null) {
            throw new UnexpectedValueException('a money effect without a record');
        }
        book_effect($pdo, $source, $paymentId, $row['customer_id'], $effect, $delivery);
    }
    $pdo->prepare('INSERT INTO settlements (delivery_id, source, payment_id, action, reason_code, reason) VALUES (?, ?, ?, ?, ?, ?)')
        ->execute([$delivery, $source, $paymentId, $d->action, $d->reasonCode, $d->reason]);
}

/* The example's receiver: one ledger row, and the customer's balance changed by exactly the
 * effect's amount (a partial refund debits its own amount). */
function book_effect(PDO $pdo, string $source, string $paymentId, string $customer, array $effect, ?int $delivery): void
{
    $sign = BALANCE_SIGN[$effect['kind']] ?? throw new UnexpectedValueException('unknown effect kind ' . $effect['kind']);
    $pdo->prepare('INSERT INTO ledger (idempotency_key, source, payment_id, customer_id, kind, amount, currency, delivery_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        ->execute([$effect['idempotency_key'], $source, $paymentId, $customer, $effect['kind'], $effect['amount'],
            $effect['currency'], $delivery]);
    $st = $pdo->prepare('UPDATE customers SET balance = balance + ? WHERE customer_id = ? AND currency = ?');
    $st->execute([$sign * $effect['amount'], $customer, $effect['currency']]);
    if ($st->rowCount() !== 1) {
        // the demo keeps one balance per customer, in one currency (checked when the payment is created)
        throw new UnexpectedValueException("customer $customer has no {$effect['currency']} balance");
    }
}

/* Lock -> engine -> store, in one transaction. $settle(?array $record): ?Decision (null: nothing
 * to settle, e.g. no order to poll; nothing is stored). Any failure inside rolls everything
 * back and the answer is the engine's storage-failed decision, $failed(?array $record). */
function settle_locked(string $source, string $paymentId, ?int $delivery, callable $settle, callable $failed): ?Decision
{
    $record = null;
    try {
        return in_transaction(function (PDO $pdo) use ($source, $paymentId, $delivery, $settle, &$record) {
            $row = payment_row($pdo, $source, $paymentId);
            $record = $row === null ? null : record_of($row);
            $d = $settle($record);
            if ($d !== null) {
                store_decision($pdo, $source, $paymentId, $row, $d, $delivery);
            }
            return $d;
        });
    } catch (Throwable $e) {
        // rolled back by in_transaction: nothing of this decision is stored
        error_log("qiwi-merchant webhook: $source $paymentId not stored: " . get_class($e) . ': ' . $e->getMessage());
        try {
            return $failed($record);
        } catch (QiwiMerchant\Exception) {
            return $failed(null); // the stored record itself is what the engine refuses
        }
    }
}

/* POSTs to a platform; the answer body whatever the HTTP status (cqr.md §1), null when there is
 * none (connection refused, timeout, empty or over MAX_BODY_BYTES). */
function http_post(string $url, string $body, array $headers): ?string
{
    $context = stream_context_create(['http' => ['method' => 'POST', 'header' => implode("\r\n", $headers),
        'content' => $body, 'timeout' => 15, 'ignore_errors' => true, 'follow_location' => 0]]);
    $answer = @file_get_contents($url, false, $context, 0, MAX_BODY_BYTES + 1);
    if ($answer === false || $answer === '' || strlen($answer) > MAX_BODY_BYTES) {
        error_log("qiwi-merchant webhook: no usable answer from $url");
        return null;
    }
    return $answer;
}

/* PXP's getPayments answer for an order (stored as a delivery), or null when there is none or
 * it is not a getPayments answer (a transport error, cqr.md §1). */
function cqr_get_payments(string $merchantTransactionId): ?array
{
    $settings = cqr_settings();
    $answer = http_post(Cqr\url('getPayments', setting('QIWI_MERCHANT_CQR_BASE_URL', Cqr\TEST_BASE_URL)),
        Cqr\buildGetPaymentsRequest($settings['merchant_id'], $settings['shop_id'], $merchantTransactionId),
        ['Content-Type: ' . Cqr\CONTENT_TYPE, 'Authorization: ' . Cqr\basicAuthorization(
            required_setting('QIWI_MERCHANT_CQR_API_USER'), required_setting('QIWI_MERCHANT_CQR_API_PASSWORD'))]);
    if ($answer === null) {
        return null;
    }
    $delivery = log_delivery('cqr/getPayments', $answer);
    try {
        Cqr\parseGetPaymentsAnswer($answer);
    } catch (QiwiMerchant\Exception $e) {
        delivery_status($delivery, 502);
        error_log('qiwi-merchant webhook: getPayments answer refused: ' . $e->getMessage());
        return null;
    }
    delivery_status($delivery, 200);
    return [$answer, $delivery];
}

/* The demo endpoints' view of a decision. */
function decision_json(Decision $d): array
{
    return ['decision' => $d->action, 'reason_code' => $d->reasonCode, 'reason' => $d->reason,
        'status' => $d->record['status'] ?? null, 'effects' => $d->effects, 'result_code' => $d->resultCode];
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
            $pdo->prepare("INSERT INTO payments (source, payment_id, customer_id, kind, amount, currency) VALUES ('gate', ?, ?, 'deposit', ?, ?)")
                ->execute([$paymentId, $req->customerId, $req->amount, $req->currency]);
            return AccountCheckResponse::checkDepositOk($paymentId);
        });
    }
    respond(200, $answer->body, AccountCheckResponse::CONTENT_TYPE);
}

/* ---------------------------------------------------------------------------------------- */
/* Gate: callbacks */

function gate_callback(string $body): void
{
    $delivery = log_delivery('gate/callback', $body); // raw, before anything else
    try {
        $cb = signer()->parseCallback($body);
    } catch (QiwiMerchant\Exception $e) {
        // Malformed, unsigned or badly signed, or no payment.id: 400, nothing changes.
        delivery_status($delivery, 400);
        respond_json(400, ['error' => $e->getKind(), 'message' => $e->getMessage()]);
        return;
    }
    $project = gate_project_id();
    $d = settle_locked('gate', $cb->payment['id'], $delivery,
        fn (?array $record) => GateSettlement::settle(signer(), $record, $body, $project),
        fn (?array $record) => GateSettlement::storageFailed($record));
    delivery_status($delivery, $d->httpStatus);
    respond_json($d->httpStatus, ['status' => $d->httpStatus === 200 ? 'ok' : 'retry', 'decision' => $d->action,
        'reason_code' => $d->reasonCode]);
}

/* Demo: ask Gate for a payment's status (gate.md §6) and settle the answer like a callback. */
function gate_check_payment(string $body, string $paymentId): void
{
    $project = gate_project_id();
    $request = signer()->statusRequest($project, $paymentId);
    $answer = http_post(rtrim(required_setting('QIWI_MERCHANT_GATE_BASE_URL'), '/') . $request->path, $request->body,
        ['Content-Type: ' . Gate\CONTENT_TYPE]);
    if ($answer === null) {
        respond_json(502, ['error' => 'no answer from Gate']);
        return;
    }
    $delivery = log_delivery('gate/status', $answer);
    try {
        $status = signer()->parseStatusResponse($answer);
    } catch (QiwiMerchant\Exception $e) {
        delivery_status($delivery, 502);
        respond_json(502, ['error' => $e->getKind(), 'message' => $e->getMessage()]);
        return;
    }
    // an answer with payment data is for the payment it names, as a callback is
    $id = $status->callback?->payment['id'] ?? $paymentId;
    $d = settle_locked('gate', $id, $delivery,
        fn (?array $record) => GateSettlement::settleStatus(signer(), $record, $answer, $project),
        fn (?array $record) => GateSettlement::storageFailed($record));
    delivery_status($delivery, $d->httpStatus);
    respond_json($d->httpStatus, decision_json($d));
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
    $delivery = log_delivery('cqr/notification', $body); // raw, before anything else
    try {
        $n = Cqr\parseNotification($body);
    } catch (QiwiMerchant\Exception $e) {
        delivery_status($delivery, 400);
        respond(400, $e->getMessage(), 'text/plain');
        return;
    }
    $settings = cqr_settings();
    $confirmation = null;
    if ($settings['confirm_with_get_payments'] && $n->outcome === 'completed') {
        // fetched before the row lock; none (null) makes the engine answer 10: PXP sends again
        $confirmation = cqr_get_payments($n->payment['merchant_transaction_id'])[0] ?? null;
    }
    $d = settle_locked('cqr', $n->payment['merchant_transaction_id'], $delivery,
        fn (?array $order) => CqrSettlement::settle($settings, $order, $body, $confirmation),
        fn (?array $order) => CqrSettlement::storageFailed($settings, $order));
    delivery_status($delivery, $d->httpStatus);
    respond($d->httpStatus, $d->body, Cqr\CONTENT_TYPE); // only after COMMIT
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
    $st = db()->prepare('SELECT currency FROM customers WHERE customer_id = ?');
    $st->execute([$customer]);
    if ($currency !== $st->fetchColumn()) {
        respond_json(400, ['error' => 'the customer\'s balance is kept in another currency']);
        return;
    }
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
    db()->prepare("INSERT INTO payments (source, payment_id, customer_id, kind, amount, currency) VALUES ('cqr', ?, ?, 'deposit', ?, ?)")
        ->execute([$order, $customer, $in['amount_minor'], $currency]);
    respond_json(201, ['merchant_transaction_id' => $order, 'initiate_url' => Cqr\url('initiatePayment'),
        'initiate_xml' => $built->xml, 'warnings' => $built->warnings]);
}

/* Demo: the shop started a new attempt for an order (the initiate response's paymentID). */
function cqr_bind_attempt(string $body, string $order): void
{
    $in = json_decode($body, true);
    if (!is_string($in['payment_id'] ?? null)) {
        respond_json(400, ['error' => 'payment_id (string) is required']);
        return;
    }
    try {
        $bound = in_transaction(function (PDO $pdo) use ($order, $in) {
            $row = payment_row($pdo, 'cqr', $order);
            if ($row === null) {
                return null;
            }
            $next = CqrSettlement::bindAttempt(record_of($row), $in['payment_id']);
            store_record($pdo, 'cqr', $order, $next);
            return $next;
        });
    } catch (QiwiMerchant\ValidationException $e) {
        respond_json(409, ['error' => $e->getKind(), 'path' => $e->getPath(), 'message' => $e->getMessage()]);
        return;
    }
    $bound === null ? respond_json(404, ['error' => 'unknown order'])
        : respond_json(200, ['merchant_transaction_id' => $order, 'status' => $bound['status'], 'payment_id' => $bound['payment_id']]);
}

/* Demo: poll PXP's getPayments for an order and settle the answer ("check status now"). */
function cqr_check_order(string $body, string $order): void
{
    $settings = cqr_settings();
    [$answer, $delivery] = cqr_get_payments($order) ?? [null, null];
    if ($answer === null) {
        respond_json(502, ['error' => 'no getPayments answer from PXP']);
        return;
    }
    $d = settle_locked('cqr', $order, $delivery,
        fn (?array $o) => $o === null ? null : CqrSettlement::settleGetPayments($settings, $o, $answer),
        fn (?array $o) => CqrSettlement::storageFailed($settings, $o));
    $d === null ? respond_json(404, ['error' => 'unknown order']) : respond_json(200, decision_json($d));
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
/* CLI: seeding */

/* `php webhook.php seed` with {"source":"gate"|"cqr","payment_id","customer_id","record"} on
 * stdin (record: the engine's record / order document, or null): replaces that payment's row
 * and its ledger rows (null: removes them) and creates the customer when missing. For tests and
 * demos only: it writes around the engine (tests/vectors/settlement through this storage). */
function cli(array $argv): int
{
    if (($argv[1] ?? '') !== 'seed') {
        fwrite(STDERR, "usage: php webhook.php seed < {\"source\",\"payment_id\",\"customer_id\",\"record\"}\n");
        return 2;
    }
    $in = json_decode((string) stream_get_contents(STDIN), true, 16, JSON_THROW_ON_ERROR);
    ['source' => $source, 'payment_id' => $id, 'customer_id' => $customer, 'record' => $record] = $in;
    in_transaction(function (PDO $pdo) use ($source, $id, $customer, $record) {
        $pdo->prepare('INSERT OR IGNORE INTO customers (customer_id, balance, currency) VALUES (?, 0, ?)')
            ->execute([$customer, $record['currency'] ?? 'KZT']);
        $pdo->prepare('DELETE FROM ledger WHERE source = ? AND payment_id = ?')->execute([$source, $id]);
        $pdo->prepare('DELETE FROM payments WHERE source = ? AND payment_id = ?')->execute([$source, $id]);
        if ($record !== null) {
            $pdo->prepare('INSERT INTO payments (source, payment_id, customer_id, amount, currency) VALUES (?, ?, ?, ?, ?)')
                ->execute([$source, $id, $customer, $record['amount'], $record['currency']]);
            store_record($pdo, $source, $id, $record + ['kind' => 'deposit', 'credited' => 0, 'debited' => 0,
                'applied_operations' => [], 'raw_status' => null, 'payment_id' => null, 'applied_keys' => []]);
        }
    });
    echo "seeded $source $id\n";
    return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Router */

if (PHP_SAPI === 'cli') {
    exit(cli($argv));
}

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
    $routes = [ // a handler takes the body, then the path's groups (URL-decoded)
        '#^/qiwi/gate/account-check/?$#' => 'gate_account_check',
        '#^/qiwi/gate/callback/?$#' => 'gate_callback',
        '#^/qiwi/cqr/notification/?(?:handlePaymentStateChangedNotification/?)?$#' => 'cqr_notification',
        '#^/shop/cqr/orders/?$#' => 'cqr_create_order',
        '#^/shop/cqr/orders/([^/]+)/attempt/?$#' => 'cqr_bind_attempt',
        '#^/shop/cqr/orders/([^/]+)/check/?$#' => 'cqr_check_order',
        '#^/shop/gate/payments/([^/]+)/check/?$#' => 'gate_check_payment',
    ];
    foreach ($routes as $re => $handler) {
        if (preg_match($re, $path, $m)) {
            if ($method !== 'POST') {
                respond(405, 'method not allowed', 'text/plain', ['Allow: POST']);
                return;
            }
            $handler($body, ...array_map('rawurldecode', array_slice($m, 1)));
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
