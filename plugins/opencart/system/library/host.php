<?php
/*
 * The host side of the plug-in: storage (deliveries, payment records, ledger), transactions and
 * row locks, HTTP to the platforms, and the order history. Protocol and money rules are the
 * qiwi_merchant extension's: parsing, signatures, answers, amounts (QiwiMerchant\Money) and, through
 * Settlement (the only caller of the engine), every settlement decision.
 *
 * Used by the catalog controllers (platform endpoints, checkout, return page, cron) and by the admin
 * (settings self-test, order panel, "check status now").
 */
namespace Opencart\System\Library\Extension\QiwiMerchant;

use QiwiMerchant\Cqr;
use QiwiMerchant\Gate\AccountCheckResponse;
use QiwiMerchant\Gate\Signer;
use QiwiMerchant\Money;

final class Host {
	/** The core's default body limit (max_body_bytes, 1 MiB): larger bodies are refused with 413. */
	public const MAX_BODY = 1048576;
	public const GATE_CODE = 'qiwi_merchant_gate.qiwi_merchant_gate';
	public const CQR_CODE = 'qiwi_merchant_cqr.qiwi_merchant_cqr';
	public const TABLES = ['qiwi_merchant_delivery', 'qiwi_merchant_ledger', 'qiwi_merchant_gate_payment', 'qiwi_merchant_cqr_order', 'qiwi_merchant_cqr_attempt'];

	/** Order-status settings and the names of their defaults in a fresh OpenCart. */
	public const STATUS_DEFAULTS = [
		'pending'  => 'Pending',
		'paid'     => 'Processing',
		'failed'   => 'Failed',
		'refunded' => 'Refunded',
		'reversed' => 'Reversed',
		'flagged'  => 'QIWI payment review',
	];

	private object $db;
	private object $config;
	/** @var (callable(int, int, string, bool): void)|null */
	private $history;

	/**
	 * @param (callable(int, int, string, bool): void)|null $history adds an order history entry
	 *        through OpenCart's own order-history mechanism: the catalog model
	 *        checkout/order->addHistory() (order status, stock, its events, and the e-mail to the
	 *        customer when notified). The catalog passes its model; the admin passes the model of a
	 *        catalog store instance (AdminController::catalogHistory()). Without it, nothing that
	 *        changes an order can be applied (the history is never written with plain SQL).
	 */
	public function __construct(\Opencart\System\Engine\Registry $registry, ?callable $history = null) {
		$this->db = $registry->get('db');
		$this->config = $registry->get('config');
		$this->history = $history;
	}

	// ------------------------------------------------------------------------------ settings

	public static function extensionLoaded(): bool {
		return extension_loaded('qiwi_merchant');
	}

	public function get(string $method, string $key): mixed {
		return $this->config->get('payment_qiwi_merchant_' . $method . '_' . $key);
	}

	public function status(string $outcome): int {
		return (int)$this->config->get('payment_qiwi_merchant_order_status_' . $outcome);
	}

	public function gateProjectId(): int {
		return (int)$this->get('gate', 'project_id');
	}

	/** The Gate signer, or null when no secret is configured (then nothing is accepted). */
	public function gateSigner(): ?Signer {
		$secret = (string)$this->get('gate', 'secret');

		return $secret === '' ? null : new Signer($secret);
	}

	/** @return array{merchant_id: string, shop_id: string, confirm_with_get_payments: bool} */
	public function cqrSettings(): array {
		return [
			'merchant_id'               => (string)$this->get('cqr', 'merchant_id'),
			'shop_id'                   => (string)$this->get('cqr', 'shop_id'),
			'confirm_with_get_payments' => (bool)$this->get('cqr', 'confirm_get_payments'),
		];
	}

	/** @return list<string> */
	private function listSetting(string $method, string $key): array {
		return self::splitList((string)$this->get($method, $key));
	}

	/**
	 * A comma- or space-separated setting as a list.
	 *
	 * @return list<string>
	 */
	public static function splitList(string $value): array {
		return array_values(array_filter(array_map('trim', preg_split('/[\s,]+/', $value) ?: []), 'strlen'));
	}

	// -------------------------------------------------------------------------------- schema

	public function installSchema(): void {
		$p = DB_PREFIX;
		$this->db->query("CREATE TABLE IF NOT EXISTS `{$p}qiwi_merchant_delivery` (
			`delivery_id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
			`source` VARCHAR(32) NOT NULL,
			`order_id` INT NULL,
			`reference` VARCHAR(128) NULL,
			`peer` VARCHAR(64) NOT NULL DEFAULT '',
			`body` LONGBLOB NOT NULL,
			`verification` VARCHAR(32) NOT NULL DEFAULT 'received',
			`action` VARCHAR(32) NULL,
			`reason` TEXT NULL,
			`effects` TEXT NULL,
			`http_status` INT NULL,
			`result_code` INT NULL,
			`error` TEXT NULL,
			`date_added` DATETIME(6) NOT NULL,
			`date_processed` DATETIME(6) NULL,
			PRIMARY KEY (`delivery_id`),
			KEY `order_id` (`order_id`),
			KEY `reference` (`reference`)
		) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
		$this->db->query("CREATE TABLE IF NOT EXISTS `{$p}qiwi_merchant_gate_payment` (
			`payment_id` VARCHAR(64) NOT NULL,
			`order_id` INT NOT NULL,
			`kind` VARCHAR(16) NOT NULL,
			`status` VARCHAR(32) NOT NULL,
			`amount` BIGINT NOT NULL,
			`currency` CHAR(3) NOT NULL,
			`credited` BIGINT NOT NULL DEFAULT 0,
			`debited` BIGINT NOT NULL DEFAULT 0,
			`applied_operations` TEXT NOT NULL,
			`raw_status` VARCHAR(64) NULL,
			`flag_reason` TEXT NULL,
			`date_added` DATETIME NOT NULL,
			`date_modified` DATETIME NOT NULL,
			`date_checked` DATETIME NULL,
			PRIMARY KEY (`payment_id`),
			KEY `order_id` (`order_id`),
			KEY `status` (`status`)
		) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
		$this->db->query("CREATE TABLE IF NOT EXISTS `{$p}qiwi_merchant_cqr_order` (
			`order_id` INT NOT NULL,
			`status` VARCHAR(32) NOT NULL,
			`amount` BIGINT NOT NULL,
			`currency` CHAR(3) NOT NULL,
			`credited` BIGINT NOT NULL DEFAULT 0,
			`debited` BIGINT NOT NULL DEFAULT 0,
			`payment_id` VARCHAR(64) NULL,
			`applied_keys` TEXT NOT NULL,
			`flag_reason` TEXT NULL,
			`date_added` DATETIME NOT NULL,
			`date_modified` DATETIME NOT NULL,
			`date_checked` DATETIME NULL,
			PRIMARY KEY (`order_id`),
			KEY `status` (`status`)
		) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
		$this->db->query("CREATE TABLE IF NOT EXISTS `{$p}qiwi_merchant_cqr_attempt` (
			`merchant_transaction_id` VARCHAR(64) NOT NULL,
			`order_id` INT NOT NULL,
			`attempt` INT NOT NULL,
			`result` VARCHAR(32) NOT NULL,
			`payment_id` VARCHAR(64) NULL,
			`redirect_url` TEXT NULL,
			`message` TEXT NULL,
			`date_added` DATETIME NOT NULL,
			PRIMARY KEY (`merchant_transaction_id`),
			UNIQUE KEY `order_attempt` (`order_id`, `attempt`)
		) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
		$this->db->query("CREATE TABLE IF NOT EXISTS `{$p}qiwi_merchant_ledger` (
			`ledger_id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
			`idempotency_key` VARCHAR(255) NOT NULL,
			`order_id` INT NOT NULL,
			`source` VARCHAR(16) NOT NULL,
			`reference` VARCHAR(128) NOT NULL,
			`kind` VARCHAR(32) NOT NULL,
			`amount` BIGINT NOT NULL,
			`currency` CHAR(3) NOT NULL,
			`delivery_id` BIGINT UNSIGNED NULL,
			`date_added` DATETIME NOT NULL,
			PRIMARY KEY (`ledger_id`),
			UNIQUE KEY `idempotency_key` (`idempotency_key`),
			KEY `order_id` (`order_id`)
		) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
	}

	/**
	 * Drops the plug-in's tables that hold no rows; tables with data are kept.
	 *
	 * @return array{dropped: list<string>, kept: list<string>}
	 */
	public function uninstallSchema(): array {
		$out = ['dropped' => [], 'kept' => []];
		foreach (self::TABLES as $t) {
			$exists = $this->db->query("SHOW TABLES LIKE '" . $this->db->escape(DB_PREFIX . $t) . "'");
			if (!$exists->num_rows) {
				continue;
			}
			$n = $this->db->query('SELECT COUNT(*) AS n FROM `' . DB_PREFIX . $t . '`');
			if ((int)$n->row['n'] === 0) {
				$this->db->query('DROP TABLE `' . DB_PREFIX . $t . '`');
				$out['dropped'][] = $t;
			} else {
				$out['kept'][] = $t;
			}
		}

		return $out;
	}

	/** The id of the order status named $name (first language that has it), created when missing. */
	public function orderStatusId(string $name, bool $create = false): int {
		$q = $this->db->query("SELECT order_status_id FROM `" . DB_PREFIX . "order_status` WHERE `name` = '" . $this->db->escape($name) . "' ORDER BY order_status_id LIMIT 1");
		if ($q->num_rows) {
			return (int)$q->row['order_status_id'];
		}
		if (!$create) {
			return 0;
		}
		$id = (int)$this->db->query("SELECT COALESCE(MAX(order_status_id), 0) + 1 AS id FROM `" . DB_PREFIX . "order_status`")->row['id'];
		foreach ($this->db->query("SELECT language_id FROM `" . DB_PREFIX . "language`")->rows as $l) {
			$this->db->query("INSERT INTO `" . DB_PREFIX . "order_status` SET order_status_id = '" . $id . "', language_id = '" . (int)$l['language_id'] . "', `name` = '" . $this->db->escape($name) . "'");
		}

		return $id;
	}

	// ------------------------------------------------------------------------------ HTTP in

	/**
	 * The raw request body, or null when it is larger than MAX_BODY (checked on Content-Length
	 * first, then on what is read; nothing beyond MAX_BODY + 1 bytes is read).
	 */
	public static function readBody(): ?string {
		if ((int)($_SERVER['CONTENT_LENGTH'] ?? 0) > self::MAX_BODY) {
			return null;
		}
		$in = fopen('php://input', 'rb');
		if ($in === false) {
			return '';
		}
		$body = stream_get_contents($in, self::MAX_BODY + 1);
		fclose($in);
		if ($body === false) {
			return '';
		}

		return strlen($body) > self::MAX_BODY ? null : $body;
	}

	/**
	 * An error for a log line, a delivery row or the admin: the first line only (OpenCart's
	 * database errors go on with "<br/>" and the whole SQL statement, which can hold a raw body),
	 * at most 300 characters.
	 */
	public static function errorText(\Throwable $e): string {
		$m = preg_split('/<br\s*\/?>|\R/', $e->getMessage())[0] ?? '';

		return get_class($e) . ': ' . (strlen($m) > 300 ? substr($m, 0, 300) . '…' : $m);
	}

	public static function peer(): string {
		return (string)($_SERVER['REMOTE_ADDR'] ?? '');
	}

	public static function header(string $name): ?string {
		$key = 'HTTP_' . strtoupper(str_replace('-', '_', $name));

		return isset($_SERVER[$key]) ? (string)$_SERVER[$key] : null;
	}

	// ---------------------------------------------------------------------------- HTTP out

	/**
	 * POST $body to $url; returns [status, body] or [0, error message] on a transport failure.
	 *
	 * @param list<string> $headers
	 *
	 * @return array{0: int, 1: string}
	 */
	public function post(string $url, string $body, array $headers): array {
		$timeout = (int)($this->get('cqr', 'timeout') ?: 15);
		$ch = curl_init($url);
		curl_setopt_array($ch, [
			CURLOPT_POST           => true,
			CURLOPT_POSTFIELDS     => $body,
			CURLOPT_HTTPHEADER     => $headers,
			CURLOPT_RETURNTRANSFER => true,
			CURLOPT_TIMEOUT        => $timeout,
			CURLOPT_CONNECTTIMEOUT => min(5, $timeout),
			CURLOPT_FOLLOWLOCATION => false,
			CURLOPT_PROTOCOLS      => CURLPROTO_HTTP | CURLPROTO_HTTPS,
		]);
		$out = curl_exec($ch);
		$status = (int)curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
		$error = curl_error($ch);
		curl_close($ch);
		if ($out === false || $status === 0) {
			return [0, $error ?: 'no answer'];
		}

		return [$status, (string)$out];
	}

	// -------------------------------------------------------------------------- deliveries

	/** Stores a raw delivery on its own (autocommit), before anything else is done with it. */
	public function storeDelivery(string $source, string $body, ?int $order_id = null, ?string $reference = null): int {
		$this->db->query("INSERT INTO `" . DB_PREFIX . "qiwi_merchant_delivery` SET `source` = '" . $this->db->escape($source) . "', `order_id` = " . ($order_id === null ? 'NULL' : (int)$order_id) . ", `reference` = " . $this->nullable($reference) . ", `peer` = '" . $this->db->escape(self::peer()) . "', `body` = '" . $this->db->escape($body) . "', `date_added` = NOW(6)");

		return (int)$this->db->getLastId();
	}

	/** @param array<string, mixed> $fields */
	public function finishDelivery(int $delivery_id, array $fields): void {
		$set = [];
		foreach ($fields as $k => $v) {
			if (is_array($v)) {
				$v = json_encode($v, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
			}
			$set[] = '`' . $k . '` = ' . ($v === null ? 'NULL' : (is_int($v) ? (string)$v : "'" . $this->db->escape((string)$v) . "'"));
		}
		$set[] = '`date_processed` = NOW(6)';
		$this->db->query("UPDATE `" . DB_PREFIX . "qiwi_merchant_delivery` SET " . implode(', ', $set) . " WHERE delivery_id = '" . (int)$delivery_id . "'");
	}

	private function nullable(?string $v): string {
		return $v === null ? 'NULL' : "'" . $this->db->escape($v) . "'";
	}

	// ------------------------------------------------------------------------------ orders

	/** @return array<string, mixed>|null the oc_order row with payment_code */
	public function order(int $order_id): ?array {
		$q = $this->db->query("SELECT order_id, order_status_id, currency_code, currency_value, total, payment_method, email, customer_id, payment_iso_code_2 FROM (SELECT o.*, (SELECT c.iso_code_2 FROM `" . DB_PREFIX . "country` c WHERE c.country_id = o.payment_country_id) AS payment_iso_code_2 FROM `" . DB_PREFIX . "order` o WHERE o.order_id = '" . (int)$order_id . "') x");
		if (!$q->num_rows) {
			return null;
		}
		$row = $q->row;
		$pm = json_decode((string)$row['payment_method'], true);
		$row['payment_code'] = is_array($pm) ? (string)($pm['code'] ?? '') : '';

		return $row;
	}

	/**
	 * The order's total in its own currency, in minor units: OpenCart's figure for the order
	 * (its currency library, as on the invoice), converted by the core (QiwiMerchant\Money).
	 */
	public function orderAmountMinor(array $order, object $currency): int {
		$code = (string)$order['currency_code'];
		$value = $currency->format((float)$order['total'], $code, (float)$order['currency_value'], false);

		return Money\decimalToMinor(number_format((float)$value, Money\currencyExponent($code), '.', ''), $code);
	}

	/** The order is waiting for a QIWI payment by $code (pending, or failed and so payable again). */
	public function awaiting(?array $order, string $code): bool {
		if (!$order || $order['payment_code'] !== $code) {
			return false;
		}
		$s = (int)$order['order_status_id'];

		return $s !== 0 && ($s === $this->status('pending') || $s === $this->status('failed'));
	}

	/**
	 * An order history entry through OpenCart's addHistory(), inside the caller's transaction.
	 *
	 * With $notify, OpenCart e-mails the customer (its catalog/model/checkout/order.addHistory
	 * event). Should that fail (a broken mail setup throws or warns), the entry is made again
	 * without notification, its comment saying so: a mail server never blocks a payment. The
	 * retry runs after ROLLBACK TO SAVEPOINT, so nothing of the failed attempt remains. A database
	 * error on the retry propagates: the whole transaction is rolled back and the platform asked
	 * to deliver again.
	 */
	public function addHistory(int $order_id, int $status_id, string $comment, bool $notify): void {
		if ($this->history === null) {
			throw new \LogicException('no order history mechanism given to Host: an order change cannot be applied');
		}
		if (!$notify) {
			($this->history)($order_id, $status_id, $comment, false);

			return;
		}
		$this->db->query('SAVEPOINT qiwi_merchant_history');
		try {
			($this->history)($order_id, $status_id, $comment, true);
		} catch (\Throwable $e) {
			$this->db->query('ROLLBACK TO SAVEPOINT qiwi_merchant_history');
			error_log('qiwi_merchant: order ' . $order_id . ': notifying the customer failed (' . self::errorText($e) . '); history entry added without notification');
			($this->history)($order_id, $status_id, $comment . ' [customer notification failed: ' . self::errorText($e) . ']', false);
		}
		$this->db->query('RELEASE SAVEPOINT qiwi_merchant_history');
	}

	// ---------------------------------------------------------------------- transactions

	/**
	 * Runs $fn between START TRANSACTION and COMMIT; ROLLBACK and rethrow on any error.
	 *
	 * @template T
	 *
	 * @param callable(): T $fn
	 *
	 * @return T
	 */
	public function transaction(callable $fn): mixed {
		$this->db->query('START TRANSACTION');
		// A PHP warning or notice inside the transaction (ours or OpenCart's: its handler would echo
		// it into the platform's answer, or redirect and exit) becomes an exception: rollback, and
		// the platform gets the storage-failed answer. Deprecations are only logged.
		set_error_handler(static function (int $no, string $message, string $file = '', int $line = 0): bool {
			if (!(error_reporting() & $no)) {
				return false;
			}
			if ($no === E_DEPRECATED || $no === E_USER_DEPRECATED) {
				error_log('PHP Deprecated:  ' . $message . ' in ' . $file . ' on line ' . $line);

				return true;
			}
			throw new \ErrorException($message, 0, $no, $file, $line);
		});
		try {
			$r = $fn();
			$this->db->query('COMMIT');

			return $r;
		} catch (\Throwable $e) {
			try {
				$this->db->query('ROLLBACK');
			} catch (\Throwable $ignored) {
			}
			throw $e;
		} finally {
			restore_error_handler();
		}
	}

	// ------------------------------------------------------------------- Gate: records

	/** @return array<string, mixed>|null the row, locked FOR UPDATE when $lock */
	private function gateRow(string $payment_id, bool $lock): ?array {
		$q = $this->db->query("SELECT * FROM `" . DB_PREFIX . "qiwi_merchant_gate_payment` WHERE payment_id = '" . $this->db->escape($payment_id) . "'" . ($lock ? ' FOR UPDATE' : ''));

		return $q->num_rows ? $q->row : null;
	}

	/** The engine's Gate record of a stored row. */
	public static function gateRecord(array $row): array {
		return [
			'kind'               => (string)$row['kind'],
			'status'             => (string)$row['status'],
			'amount'             => (int)$row['amount'],
			'currency'           => (string)$row['currency'],
			'credited'           => (int)$row['credited'],
			'debited'            => (int)$row['debited'],
			'applied_operations' => array_values(json_decode((string)$row['applied_operations'], true) ?: []),
			'raw_status'         => $row['raw_status'] === null ? null : (string)$row['raw_status'],
		];
	}

	private function saveGateRecord(string $payment_id, array $r, ?string $flag): void {
		$this->db->query("UPDATE `" . DB_PREFIX . "qiwi_merchant_gate_payment` SET `status` = '" . $this->db->escape((string)$r['status']) . "', `amount` = '" . (int)$r['amount'] . "', `currency` = '" . $this->db->escape((string)$r['currency']) . "', `credited` = '" . (int)$r['credited'] . "', `debited` = '" . (int)$r['debited'] . "', `applied_operations` = '" . $this->db->escape(json_encode(array_values($r['applied_operations'] ?? []))) . "', `raw_status` = " . $this->nullable(isset($r['raw_status']) ? (string)$r['raw_status'] : null) . ($flag !== null ? ", `flag_reason` = '" . $this->db->escape($flag) . "'" : '') . ", date_modified = NOW() WHERE payment_id = '" . $this->db->escape($payment_id) . "'");
	}

	// -------------------------------------------------------------- Gate: account check

	/**
	 * verify / check_deposit. customer_id is the OpenCart order number.
	 *
	 * @return array{0: int, 1: list<string>, 2: string} status, headers, body
	 */
	public function gateAccountCheck(string $body, object $currency): array {
		$ct = ['Content-Type: ' . AccountCheckResponse::CONTENT_TYPE];
		$signer = $this->gateSigner();
		$delivery = $this->storeDelivery('gate_account_check', $body);
		if ($signer === null) {
			$answer = AccountCheckResponse::generalError('the shop has no JetPay Gate secret configured');
			$this->finishDelivery($delivery, ['verification' => 'not_configured', 'action' => 'refused', 'http_status' => 200, 'reason' => 'no Gate secret configured']);

			return [200, $ct, $answer->body];
		}
		$check = $signer->parseAccountCheck($this->gateProjectId(), $body);
		if (!$check->accepted) {
			$this->finishDelivery($delivery, ['verification' => (string)($check->error['kind'] ?? 'rejected'), 'action' => 'refused', 'http_status' => 200, 'reason' => (string)($check->error['message'] ?? ''), 'result_code' => $check->response->code]);

			return [200, $ct, $check->response->body];
		}
		$req = $check->request;
		$order_id = ctype_digit($req->customerId) && strlen($req->customerId) < 10 ? (int)$req->customerId : 0;
		$reference = null;
		$answer = $this->transaction(function () use ($req, $order_id, $currency, &$reference) {
			$order = $order_id ? $this->order($order_id) : null;
			if (!$this->awaiting($order, self::GATE_CODE) || $order['currency_code'] !== 'KZT') {
				return AccountCheckResponse::notFound('no order awaiting a QIWI payment with this number');
			}
			if ($req->type === 'verify') {
				return AccountCheckResponse::verifyOk('KZT');
			}
			$expected = $this->orderAmountMinor($order, $currency);
			if ($req->currency !== 'KZT' || $req->amount !== $expected) {
				return AccountCheckResponse::generalError('order ' . $order_id . ' is to be paid with exactly ' . Money\minorToDecimal($expected, 'KZT') . ' KZT');
			}
			// A NEW pending payment for every check_deposit (gate.md §3.4), stored before code 0.
			$reference = 'qm-' . $order_id . '-' . bin2hex(random_bytes(8));
			$this->db->query("INSERT INTO `" . DB_PREFIX . "qiwi_merchant_gate_payment` SET payment_id = '" . $this->db->escape($reference) . "', order_id = '" . (int)$order_id . "', kind = 'deposit', status = 'pending', amount = '" . (int)$expected . "', currency = 'KZT', credited = 0, debited = 0, applied_operations = '[]', raw_status = NULL, date_added = NOW(), date_modified = NOW()");

			return AccountCheckResponse::checkDepositOk($reference);
		});
		$doc = $answer->toArray();
		if ($answer->code !== 0) {
			$reason = 'code ' . $answer->code . ': ' . (string)($doc['message'] ?? '');
		} elseif ($req->type === 'verify') {
			$reason = 'order ' . $order_id . ' awaits payment in ' . (string)($doc['currency'] ?? 'KZT');
		} else {
			$reason = 'payment ' . $reference . ' opened for ' . Money\minorToDecimal((int)$req->amount, 'KZT') . ' KZT';
		}
		$this->finishDelivery($delivery, ['order_id' => $order_id ?: null, 'reference' => $reference, 'verification' => 'valid', 'action' => $req->type . ($answer->code === 0 ? '' : ' refused'), 'reason' => $reason, 'result_code' => $answer->code, 'http_status' => 200]);

		return [200, $ct, $answer->body];
	}

	// ------------------------------------------------------------------ Gate: callbacks

	/**
	 * A Gate callback: stored raw, verified, settled under the payment's row lock.
	 *
	 * @return array{0: int, 1: list<string>, 2: string}
	 */
	public function gateCallback(string $body): array {
		$json = ['Content-Type: application/json; charset=utf-8'];
		$delivery = $this->storeDelivery('gate_callback', $body);
		$signer = $this->gateSigner();
		if ($signer === null) {
			$this->finishDelivery($delivery, ['verification' => 'not_configured', 'action' => 'retry', 'http_status' => 503, 'error' => 'no Gate secret configured']);

			return [503, $json, '{"error":"not configured"}'];
		}
		try {
			$cb = $signer->parseCallback($body);
		} catch (\QiwiMerchant\Exception $e) {
			// Malformed, unsigned, badly signed, no payment.id: 400, nothing changes (gate.md §4.3).
			$this->finishDelivery($delivery, ['verification' => $e->getKind(), 'action' => 'rejected', 'reason' => $e->getMessage(), 'http_status' => 400]);

			return [400, $json, json_encode(['error' => $e->getKind(), 'message' => $e->getMessage()])];
		}
		$payment_id = (string)($cb->payment['id'] ?? '');
		$head = $this->gateRow($payment_id, false);
		$order_id = $head ? (int)$head['order_id'] : null;
		$this->finishDelivery($delivery, ['verification' => 'valid', 'order_id' => $order_id, 'reference' => $payment_id]);

		return $this->settleGate($delivery, $signer, $payment_id, $order_id, $body, false);
	}

	/** @return array{0: int, 1: list<string>, 2: string} */
	private function settleGate(int $delivery, Signer $signer, string $payment_id, ?int $order_id, string $body, bool $status_answer): array {
		$json = ['Content-Type: application/json; charset=utf-8'];
		$record = null;
		try {
			$d = $this->transaction(function () use ($delivery, $signer, $payment_id, $order_id, $body, $status_answer, &$record) {
				$row = $order_id !== null ? $this->gateRow($payment_id, true) : null;
				$record = $row ? self::gateRecord($row) : null;
				$d = $status_answer
					? Settlement::gateStatus($signer, $record, $body, $this->gateProjectId())
					: Settlement::gate($signer, $record, $body, $this->gateProjectId());
				if ($d['action'] === 'retry') {
					throw new RetryDecision($d);
				}
				$this->applyDecision('gate', $delivery, $order_id, $payment_id, $d, function (array $record, ?string $flag) use ($payment_id): void {
					$this->saveGateRecord($payment_id, $record, $flag);
				}, 'QIWI Kazakhstan (JetPay Gate) payment ' . $payment_id);

				return $d;
			});
		} catch (\Throwable $e) {
			$d = $this->failed($delivery, $e, fn () => Settlement::gateStorageFailed($record));

			return [$d['http_status'] ?: 503, $json, json_encode(['status' => 'retry', 'reason' => $d['reason']])];
		}

		return [$d['http_status'] ?: 200, $json, json_encode(['status' => 'ok', 'decision' => $d['action']])];
	}

	/**
	 * Stores a decision inside the caller's transaction: record, ledger, order history, delivery.
	 *
	 * @param callable(array, ?string): void $save
	 */
	private function applyDecision(string $source, int $delivery, ?int $order_id, string $reference, array $d, callable $save, string $what): void {
		$flag = $d['action'] === 'flag' ? $d['reason'] : null;
		if ($order_id !== null && is_array($d['record'])) {
			$save($d['record'], $flag);
		}
		foreach ($d['effects'] as $e) {
			$this->db->query("INSERT IGNORE INTO `" . DB_PREFIX . "qiwi_merchant_ledger` SET idempotency_key = '" . $this->db->escape((string)$e['idempotency_key']) . "', order_id = '" . (int)$order_id . "', `source` = '" . $this->db->escape($source) . "', reference = '" . $this->db->escape($reference) . "', kind = '" . $this->db->escape((string)$e['kind']) . "', amount = '" . (int)$e['amount'] . "', currency = '" . $this->db->escape((string)$e['currency']) . "', delivery_id = '" . (int)$delivery . "', date_added = NOW()");
			if ($this->db->countAffected() !== 1) {
				throw new \RuntimeException('ledger already holds effect ' . $e['idempotency_key']);
			}
		}
		if ($order_id !== null && ($d['action'] === 'apply' || $d['action'] === 'flag')) {
			// Through OpenCart's addHistory, in this transaction: the order status, the history entry
			// and the record and ledger rows are committed together or not at all. An applied change
			// notifies the customer; a flag (money not booked, for the merchant to review) does not.
			$status = $this->orderStatusAfter($order_id, $d);
			$this->addHistory($order_id, $status, $this->comment($what, $d), $d['action'] === 'apply');
		}
		$this->finishDelivery($delivery, ['action' => $d['action'], 'reason' => $d['reason'], 'effects' => $d['effects'], 'http_status' => $d['http_status'], 'result_code' => $d['result_code']]);
	}

	/** The merchant's order status for an applied or flagged decision (settings, per outcome). */
	private function orderStatusAfter(int $order_id, array $d): int {
		$current = (int)($this->db->query("SELECT order_status_id FROM `" . DB_PREFIX . "order` WHERE order_id = '" . (int)$order_id . "'")->row['order_status_id'] ?? 0);
		if ($d['action'] === 'flag') {
			return $this->status('flagged') ?: $current;
		}
		$map = ['completed' => 'paid', 'failed' => 'failed', 'refunded' => 'refunded', 'reversed' => 'reversed'];
		$status = (string)($d['record']['status'] ?? '');

		return isset($map[$status]) ? ($this->status($map[$status]) ?: $current) : $current;
	}

	/**
	 * The history comment. Notified entries are what the customer reads (e-mail, account page):
	 * the outcome and the amounts, in major units. A flag's entry (not notified) carries the
	 * engine's reason for the merchant.
	 */
	private function comment(string $what, array $d): string {
		if ($d['action'] === 'flag') {
			return $what . ': held for review by the shop (' . $d['reason'] . ')';
		}
		$words = ['completed' => 'paid', 'failed' => 'not paid (failed)', 'refunded' => 'refunded', 'partially_refunded' => 'partially refunded', 'reversed' => 'reversed', 'partially_reversed' => 'partially reversed', 'pending' => 'awaiting payment'];
		$status = (string)($d['record']['status'] ?? '');
		$parts = [];
		foreach ($d['effects'] as $e) {
			$money = Money\minorToDecimal((int)$e['amount'], (string)$e['currency']) . ' ' . $e['currency'];
			$parts[] = match ((string)$e['kind']) {
				'credit' => $money . ' received',
				'debit' => $money . ' returned',
				default => $e['kind'] . ' ' . $money,
			};
		}

		return $what . ': ' . ($words[$status] ?? $status) . ($parts ? ', ' . implode(', ', $parts) : '') . '.';
	}

	/**
	 * After a rollback: the engine's retry decision, or (storing failed) the engine's
	 * storage_failed decision from $storage_failed; the delivery row records it (autocommit) and
	 * the platform gets the answer that makes it deliver again.
	 *
	 * @param callable(): array<string, mixed> $storage_failed
	 *
	 * @return array<string, mixed> the decision to answer with
	 */
	private function failed(int $delivery, \Throwable $e, callable $storage_failed): array {
		if ($e instanceof RetryDecision) {
			$d = $e->decision;
			$this->finishDelivery($delivery, ['action' => 'retry', 'reason' => $d['reason'], 'http_status' => $d['http_status'], 'result_code' => $d['result_code']]);

			return $d;
		}
		error_log('qiwi_merchant: delivery ' . $delivery . ' failed: ' . self::errorText($e));
		try {
			$d = $storage_failed();
		} catch (\Throwable $e2) {
			// No engine at all: the same answers (HTTP 503 / resultCode 10), made from the ack builder.
			$d = ['action' => 'retry', 'reason' => self::errorText($e2), 'http_status' => 503, 'result_code' => 10, 'body' => Cqr\ackErrorProcessingEvent('temporary processing failure'), 'effects' => [], 'record' => null];
		}
		try {
			$this->finishDelivery($delivery, ['action' => 'failed', 'reason' => $d['reason'], 'error' => self::errorText($e), 'http_status' => $d['http_status'], 'result_code' => $d['result_code']]);
		} catch (\Throwable $ignored) {
		}

		return $d;
	}

	// ---------------------------------------------------------------- CQR: notifications

	/** @return array{0: int, 1: list<string>, 2: string} */
	public function cqrNotification(): array {
		$xml = ['Content-Type: ' . Cqr\CONTENT_TYPE];
		$allowed = $this->listSetting('cqr', 'allowed_ips');
		if ($allowed) {
			$forwarded = self::header('X-Forwarded-For');
			$decision = Cqr\ipDecide($allowed, self::peer(), $forwarded === null ? [] : [$forwarded], $this->listSetting('cqr', 'trusted_proxies'));
			if (!$decision->allowed) {
				return [403, ['Content-Type: text/plain'], 'forbidden'];
			}
		}
		$user = (string)$this->get('cqr', 'notify_user');
		$password = (string)$this->get('cqr', 'notify_password');
		if ($user === '' || $password === '' || !Cqr\checkBasicAuth($user, $password, self::header('Authorization'))) {
			return [401, ['Content-Type: text/plain', 'WWW-Authenticate: Basic realm="qiwi-merchant"'], 'unauthorized'];
		}
		$body = self::readBody();
		if ($body === null) {
			return [413, ['Content-Type: text/plain'], 'request body too large'];
		}
		$delivery = $this->storeDelivery('cqr_notification', $body);
		try {
			$n = Cqr\parseNotification($body);
		} catch (\QiwiMerchant\Exception $e) {
			$this->finishDelivery($delivery, ['verification' => $e->getKind(), 'action' => 'rejected', 'reason' => $e->getMessage(), 'http_status' => 400]);

			return [400, ['Content-Type: text/plain'], 'bad notification: ' . $e->getKind()];
		}
		$mtid = (string)($n->payment['merchant_transaction_id'] ?? '');
		$attempt = $this->db->query("SELECT order_id FROM `" . DB_PREFIX . "qiwi_merchant_cqr_attempt` WHERE merchant_transaction_id = '" . $this->db->escape($mtid) . "'");
		$order_id = $attempt->num_rows ? (int)$attempt->row['order_id'] : null;
		$this->finishDelivery($delivery, ['verification' => 'authenticated', 'order_id' => $order_id, 'reference' => $mtid]);
		$settings = $this->cqrSettings();
		$get_payments = null;
		if ($order_id !== null && $settings['confirm_with_get_payments'] && $n->effectiveOutcome === 'completed') {
			// Fetched before the row lock: no transaction is held open across the call.
			[$status, $answer] = $this->getPayments($mtid);
			$get_payments = $status > 0 ? $answer : null;
		}
		$record = null;
		try {
			$d = $this->transaction(function () use ($delivery, $settings, $order_id, $mtid, $body, $get_payments, &$record) {
				$row = $order_id !== null ? $this->cqrRow($order_id, true) : null;
				$record = $row ? self::cqrRecord($row) : null;
				$d = Settlement::cqr($settings, $record, $body, $get_payments);
				if ($d['action'] === 'retry') {
					throw new RetryDecision($d);
				}
				$this->applyDecision('cqr', $delivery, $row ? $order_id : null, $mtid, $d, function (array $record, ?string $flag) use ($order_id): void {
					$this->saveCqrRecord((int)$order_id, $record, $flag);
				}, 'QIWI Wallet (CQR) payment ' . $mtid);

				return $d;
			});
		} catch (\Throwable $e) {
			$d = $this->failed($delivery, $e, fn () => Settlement::cqrStorageFailed($settings, $record));

			return [200, $xml, $d['body'] !== '' ? $d['body'] : Cqr\ackErrorProcessingEvent('temporary processing failure')];
		}

		return [$d['http_status'] ?: 200, $xml, $d['body']];
	}

	/** @return array<string, mixed>|null */
	private function cqrRow(int $order_id, bool $lock): ?array {
		$q = $this->db->query("SELECT * FROM `" . DB_PREFIX . "qiwi_merchant_cqr_order` WHERE order_id = '" . (int)$order_id . "'" . ($lock ? ' FOR UPDATE' : ''));

		return $q->num_rows ? $q->row : null;
	}

	public static function cqrRecord(array $row): array {
		return [
			'status'       => (string)$row['status'],
			'amount'       => (int)$row['amount'],
			'currency'     => (string)$row['currency'],
			'credited'     => (int)$row['credited'],
			'debited'      => (int)$row['debited'],
			'payment_id'   => $row['payment_id'] === null ? null : (string)$row['payment_id'],
			'applied_keys' => array_values(json_decode((string)$row['applied_keys'], true) ?: []),
		];
	}

	private function saveCqrRecord(int $order_id, array $r, ?string $flag): void {
		$this->db->query("UPDATE `" . DB_PREFIX . "qiwi_merchant_cqr_order` SET `status` = '" . $this->db->escape((string)$r['status']) . "', `amount` = '" . (int)$r['amount'] . "', `currency` = '" . $this->db->escape((string)$r['currency']) . "', `credited` = '" . (int)$r['credited'] . "', `debited` = '" . (int)$r['debited'] . "', `payment_id` = " . $this->nullable(isset($r['payment_id']) ? (string)$r['payment_id'] : null) . ", `applied_keys` = '" . $this->db->escape(json_encode(array_values($r['applied_keys'] ?? []))) . "'" . ($flag !== null ? ", `flag_reason` = '" . $this->db->escape($flag) . "'" : '') . ", date_modified = NOW() WHERE order_id = '" . (int)$order_id . "'");
	}

	// --------------------------------------------------------------- CQR: outbound calls

	/** @return array{0: int, 1: string} */
	public function getPayments(string $mtid): array {
		$s = $this->cqrSettings();
		$base = (string)$this->get('cqr', 'base_url');
		if ($base === '') {
			return [0, 'no CQR base URL configured'];
		}
		$xml = Cqr\buildGetPaymentsRequest($s['merchant_id'], $s['shop_id'], $mtid);

		return $this->post(Cqr\url('getPayments', $base), $xml, $this->cqrHeaders());
	}

	/** @return list<string> */
	private function cqrHeaders(): array {
		return [
			'Content-Type: ' . Cqr\CONTENT_TYPE,
			'Authorization: ' . Cqr\basicAuthorization((string)$this->get('cqr', 'api_user'), (string)$this->get('cqr', 'api_password')),
		];
	}

	/**
	 * Confirm with QIWI Wallet: a new attempt ORDERID-ATTEMPT, initiatePaymentRequest built by the
	 * core, PXP's answer read by the core.
	 *
	 * @param array<string, mixed> $order    Host::order()
	 * @param array<string, string> $customer email, user_id, session_id, ip, return_url, language
	 *
	 * @return array{redirect?: string, error?: string}
	 */
	public function cqrInitiate(array $order, array $customer, object $currency): array {
		$order_id = (int)$order['order_id'];
		$code = (string)$order['currency_code'];
		$amount = $this->orderAmountMinor($order, $currency);
		$s = $this->cqrSettings();
		$base = (string)$this->get('cqr', 'base_url');
		if ($base === '' || $s['merchant_id'] === '' || $s['shop_id'] === '') {
			return ['error' => 'QIWI Wallet is not configured'];
		}
		[$attempt, $mtid] = $this->transaction(function () use ($order_id, $amount, $code) {
			if (!$this->awaiting($this->order($order_id), self::CQR_CODE)) {
				return [0, ''];
			}
			if (!$this->cqrRow($order_id, true)) {
				$this->db->query("INSERT INTO `" . DB_PREFIX . "qiwi_merchant_cqr_order` SET order_id = '" . $order_id . "', `status` = 'pending', amount = '" . (int)$amount . "', currency = '" . $this->db->escape($code) . "', credited = 0, debited = 0, payment_id = NULL, applied_keys = '[]', date_added = NOW(), date_modified = NOW()");
			}
			$attempt = 1 + (int)$this->db->query("SELECT COALESCE(MAX(attempt), 0) AS a FROM `" . DB_PREFIX . "qiwi_merchant_cqr_attempt` WHERE order_id = '" . $order_id . "'")->row['a'];
			$mtid = $order_id . '-' . $attempt;
			$this->db->query("INSERT INTO `" . DB_PREFIX . "qiwi_merchant_cqr_attempt` SET merchant_transaction_id = '" . $this->db->escape($mtid) . "', order_id = '" . $order_id . "', attempt = '" . $attempt . "', result = 'sending', date_added = NOW()");

			return [$attempt, $mtid];
		});
		if ($attempt === 0) {
			return ['error' => 'this order is no longer awaiting payment'];
		}
		$country = strtoupper((string)($order['payment_iso_code_2'] ?? ''));
		try {
			$built = Cqr\buildInitiateRequest([
				'merchant_id'               => $s['merchant_id'],
				'shop_id'                   => $s['shop_id'],
				'merchant_transaction_id'   => $mtid,
				'amount_minor'              => $amount,
				'currency'                  => $code,
				'user_id'                   => $customer['user_id'],
				'user_session_id'           => $customer['session_id'],
				'user_ip'                   => filter_var($customer['ip'], FILTER_VALIDATE_IP) ? $customer['ip'] : null,
				'merchant_notification_url' => $customer['return_url'],
				'email_address'             => $customer['email'],
				'country_code2'             => in_array($country, ['RU', 'UA', 'KZ'], true) ? $country : 'KZ',
				'language_code'             => strtoupper(substr($customer['language'], 0, 2)),
			]);
		} catch (\QiwiMerchant\Exception $e) {
			$this->attemptResult($mtid, 'invalid', null, null, $e->getMessage());

			return ['error' => 'QIWI Wallet cannot take this order: ' . $e->getMessage()];
		}
		[$status, $answer] = $this->post(Cqr\url('initiatePayment', $base), $built->xml, $this->cqrHeaders());
		if ($status === 0) {
			// Unknown outcome: the attempt stays "sending"; getPayments (cron, return page) settles it.
			$this->attemptResult($mtid, 'no_answer', null, null, $answer);

			return ['error' => 'QIWI Wallet did not answer. Please try again in a few minutes.'];
		}
		try {
			$r = Cqr\parseInitiateAnswer($answer);
		} catch (\QiwiMerchant\Exception $e) {
			$this->attemptResult($mtid, 'bad_answer', null, null, 'HTTP ' . $status . ': ' . $e->getMessage());

			return ['error' => 'QIWI Wallet answered something unexpected. Please try again.'];
		}
		if ($r instanceof Cqr\ServiceError) {
			$this->attemptResult($mtid, 'rejected', null, null, trim(($r->errorCode ?? '') . ' ' . ($r->errorName ?? '') . ': ' . ($r->errorMessage ?? '')));

			return ['error' => 'QIWI Wallet refused the payment (' . ($r->errorName ?? 'error ' . $r->errorCode) . ').'];
		}
		$payment_id = isset($r->payment['payment_id']) ? (string)$r->payment['payment_id'] : null;
		$type = (string)($r->result['type'] ?? '');
		if ($type === 'redirect') {
			$url = (string)$r->result['url'];
			$this->transaction(function () use ($mtid, $payment_id, $url, $order_id) {
				$row = $this->cqrRow($order_id, true);
				$this->attemptResult($mtid, 'redirect', $payment_id, $url, null);
				if ($row && $payment_id !== null) {
					// The order is bound to the paymentID of its latest attempt (the engine's bindAttempt).
					$this->saveCqrRecord($order_id, Settlement::cqrBindAttempt(self::cqrRecord($row), $payment_id), null);
				}
			});

			return ['redirect' => $url];
		}
		$message = match ($type) {
			'duplicate' => 'A payment for this order is already under way at QIWI Wallet.',
			'protocol_error' => 'QIWI Wallet did not give a payment page. Please try again.',
			default => 'QIWI Wallet could not start the payment.',
		};
		$this->attemptResult($mtid, $type ?: 'unknown', $payment_id, null, json_encode($r->result) . ' ' . json_encode($r->payment['provider_codes'] ?? []));

		return ['error' => $message . ' Your order is kept; you can try again.'];
	}

	private function attemptResult(string $mtid, string $result, ?string $payment_id, ?string $url, ?string $message): void {
		$this->db->query("UPDATE `" . DB_PREFIX . "qiwi_merchant_cqr_attempt` SET result = '" . $this->db->escape($result) . "', payment_id = " . $this->nullable($payment_id) . ", redirect_url = " . $this->nullable($url) . ", message = " . $this->nullable($message) . " WHERE merchant_transaction_id = '" . $this->db->escape($mtid) . "'");
	}

	// ----------------------------------------------------------- "check status now", cron

	/**
	 * Asks the platform about an order's pending payments (Gate status request, CQR getPayments)
	 * and applies what the engine decides.
	 *
	 * @return list<string> one line per payment asked about
	 */
	public function poll(int $order_id): array {
		$out = [];
		foreach ($this->db->query("SELECT payment_id FROM `" . DB_PREFIX . "qiwi_merchant_gate_payment` WHERE order_id = '" . (int)$order_id . "' AND status = 'pending'")->rows as $p) {
			$this->db->query("UPDATE `" . DB_PREFIX . "qiwi_merchant_gate_payment` SET date_checked = NOW() WHERE payment_id = '" . $this->db->escape((string)$p['payment_id']) . "'");
			$out[] = $this->pollGate((string)$p['payment_id'], $order_id);
		}
		$row = $this->cqrRow($order_id, false);
		if ($row && $row['status'] === 'pending') {
			$this->db->query("UPDATE `" . DB_PREFIX . "qiwi_merchant_cqr_order` SET date_checked = NOW() WHERE order_id = '" . (int)$order_id . "'");
			$out[] = $this->pollCqr($order_id);
		}

		return $out;
	}

	/**
	 * Orders with a pending QIWI payment, the longest unchecked first (never checked: oldest first).
	 * Every check stamps date_checked, so a run with more pending orders than $limit (abandoned
	 * payments stay pending) is continued by the next run instead of asking about the same ones.
	 *
	 * @return list<int>
	 */
	public function pendingOrders(int $limit = 100): array {
		$p = DB_PREFIX;
		$q = $this->db->query("SELECT order_id FROM (SELECT order_id, COALESCE(date_checked, date_added) AS t FROM `{$p}qiwi_merchant_gate_payment` WHERE status = 'pending' UNION ALL SELECT order_id, COALESCE(date_checked, date_added) AS t FROM `{$p}qiwi_merchant_cqr_order` WHERE status = 'pending') x GROUP BY order_id ORDER BY MIN(t), order_id LIMIT " . max(1, (int)$limit));

		return array_map(fn ($r) => (int)$r['order_id'], $q->rows);
	}

	private function pollGate(string $payment_id, int $order_id): string {
		$signer = $this->gateSigner();
		$base = rtrim((string)$this->get('gate', 'base_url'), '/');
		if ($signer === null || $base === '') {
			return $payment_id . ': Gate secret or API base URL not configured';
		}
		$req = $signer->statusRequest($this->gateProjectId(), $payment_id);
		[$status, $answer] = $this->post($base . $req->path, $req->body, ['Content-Type: application/json']);
		if ($status === 0) {
			return $payment_id . ': no answer (' . $answer . ')';
		}
		$delivery = $this->storeDelivery('gate_status', $answer, $order_id, $payment_id);
		try {
			$res = $signer->parseStatusResponse($answer);
		} catch (\QiwiMerchant\Exception $e) {
			$this->finishDelivery($delivery, ['verification' => $e->getKind(), 'action' => 'rejected', 'reason' => $e->getMessage(), 'http_status' => $status]);

			return $payment_id . ': unusable status answer (' . $e->getKind() . ')';
		}
		$this->finishDelivery($delivery, ['verification' => $res->result === 'found' ? 'valid' : $res->result]);
		$this->settleGate($delivery, $signer, $payment_id, $order_id, $answer, true);
		$row = $this->db->query("SELECT action, reason FROM `" . DB_PREFIX . "qiwi_merchant_delivery` WHERE delivery_id = '" . (int)$delivery . "'")->row;

		return $payment_id . ': ' . ($row['action'] ?? '?') . (($row['reason'] ?? '') !== '' ? ' (' . $row['reason'] . ')' : '');
	}

	private function pollCqr(int $order_id): string {
		$attempt = $this->db->query("SELECT merchant_transaction_id FROM `" . DB_PREFIX . "qiwi_merchant_cqr_attempt` WHERE order_id = '" . (int)$order_id . "' ORDER BY attempt DESC LIMIT 1");
		if (!$attempt->num_rows) {
			return $order_id . ': no CQR attempt';
		}
		$mtid = (string)$attempt->row['merchant_transaction_id'];
		[$status, $answer] = $this->getPayments($mtid);
		if ($status === 0) {
			return $mtid . ': getPayments failed (' . $answer . ')';
		}
		$delivery = $this->storeDelivery('cqr_get_payments', $answer, $order_id, $mtid);
		// The answer to our own request (Basic-authenticated, to the configured base URL).
		$this->finishDelivery($delivery, ['verification' => 'own request']);
		$row = null;
		try {
			$d = $this->transaction(function () use ($delivery, $order_id, $mtid, $answer, &$row) {
				$row = $this->cqrRow($order_id, true);
				$d = Settlement::cqrPoll($this->cqrSettings(), self::cqrRecord($row), $answer);
				if ($d['action'] === 'retry') {
					throw new RetryDecision($d);
				}
				$this->applyDecision('cqr', $delivery, $order_id, $mtid, $d, function (array $record, ?string $flag) use ($order_id): void {
					$this->saveCqrRecord($order_id, $record, $flag);
				}, 'QIWI Wallet (CQR) getPayments ' . $mtid);

				return $d;
			});
		} catch (\Throwable $e) {
			$d = $this->failed($delivery, $e, fn () => Settlement::cqrStorageFailed($this->cqrSettings(), $row ? self::cqrRecord($row) : null));

			return $mtid . ': ' . $d['action'] . ' (' . $d['reason'] . ')';
		}

		return $mtid . ': ' . $d['action'] . ($d['reason'] !== '' ? ' (' . $d['reason'] . ')' : '');
	}

	// ------------------------------------------------------------------------ order panel

	/** @return array{deliveries: list<array>, gate: list<array>, cqr: array|null, attempts: list<array>, ledger: list<array>} */
	public function panel(int $order_id): array {
		$p = DB_PREFIX;
		$refs = array_map(fn ($r) => "'" . $this->db->escape((string)$r['payment_id']) . "'", $this->db->query("SELECT payment_id FROM `{$p}qiwi_merchant_gate_payment` WHERE order_id = '" . (int)$order_id . "'")->rows);
		$where = "order_id = '" . (int)$order_id . "'" . ($refs ? ' OR reference IN (' . implode(',', $refs) . ')' : '');

		return [
			'deliveries' => $this->db->query("SELECT delivery_id, source, reference, peer, verification, action, reason, effects, http_status, result_code, error, date_added, LENGTH(body) AS size FROM `{$p}qiwi_merchant_delivery` WHERE $where ORDER BY delivery_id")->rows,
			'gate'       => $this->db->query("SELECT * FROM `{$p}qiwi_merchant_gate_payment` WHERE order_id = '" . (int)$order_id . "' ORDER BY date_added")->rows,
			'cqr'        => $this->cqrRow($order_id, false),
			'attempts'   => $this->db->query("SELECT * FROM `{$p}qiwi_merchant_cqr_attempt` WHERE order_id = '" . (int)$order_id . "' ORDER BY attempt")->rows,
			'ledger'     => $this->db->query("SELECT * FROM `{$p}qiwi_merchant_ledger` WHERE order_id = '" . (int)$order_id . "' ORDER BY ledger_id")->rows,
		];
	}
}
