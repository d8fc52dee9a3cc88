<?php
/*
 * The one place where the plug-in calls the settlement engine of the qiwi_merchant extension
 * (docs/settlement.md; gate.md §4.5, cqr.md §5.2: the core decides, the shop stores). Nothing
 * here or anywhere else in the plug-in decides a status or an amount: a Decision comes back and
 * Host stores it (record, ledger rows, order history) in one transaction under the row lock.
 *
 * An extension without QiwiMerchant\Gate\Settlement / QiwiMerchant\Cqr\Settlement (older than
 * 0.2) makes every call throw EngineUnavailable: deliveries are still stored, and the platforms
 * get HTTP 503 / resultCode 10 (they deliver again), never a decision made here.
 */
namespace Opencart\System\Library\Extension\QiwiMerchant;

use QiwiMerchant\Cqr\Settlement as CqrSettlement;
use QiwiMerchant\Gate\Settlement as GateSettlement;
use QiwiMerchant\Gate\Signer;

final class Settlement {
	/** The engine's classes are present in the loaded extension. */
	public static function available(): bool {
		return extension_loaded('qiwi_merchant')
			&& class_exists('QiwiMerchant\\Gate\\Settlement')
			&& class_exists('QiwiMerchant\\Cqr\\Settlement');
	}

	/**
	 * A Gate callback's raw body for the record of its payment.id (null: no such record).
	 *
	 * @param array<string, mixed>|null $record Host::gateRecord()
	 *
	 * @return array<string, mixed> see decision()
	 */
	public static function gate(Signer $signer, ?array $record, string $body, int $projectId): array {
		self::require();

		return self::decision(GateSettlement::settle($signer, $record, $body, $projectId));
	}

	/** A Gate status answer's raw body ("check status now", cron), settled like a callback. */
	public static function gateStatus(Signer $signer, ?array $record, string $body, int $projectId): array {
		self::require();

		return self::decision(GateSettlement::settleStatus($signer, $record, $body, $projectId));
	}

	/** The answer when storing a Gate decision failed (retry, HTTP 503). */
	public static function gateStorageFailed(?array $record): array {
		self::require();

		return self::decision(GateSettlement::storageFailed($record));
	}

	/**
	 * A PXP notification's raw XML for the order of its merchantTransactionID (null: unknown).
	 *
	 * @param array{merchant_id: string, shop_id: string, confirm_with_get_payments: bool} $settings
	 * @param array<string, mixed>|null $order          Host::cqrRecord()
	 * @param string|null               $getPaymentsXml the getPayments answer fetched (before the lock) for confirmation
	 */
	public static function cqr(array $settings, ?array $order, string $notificationXml, ?string $getPaymentsXml = null): array {
		self::require();

		return self::decision(CqrSettlement::settle($settings, $order, $notificationXml, $getPaymentsXml));
	}

	/** "Check status now", the return page and cron: a getPayments answer for the order. */
	public static function cqrPoll(array $settings, array $order, string $getPaymentsXml): array {
		self::require();

		return self::decision(CqrSettlement::settleGetPayments($settings, $order, $getPaymentsXml));
	}

	/** The answer when storing a CQR decision failed (resultCode 10). */
	public static function cqrStorageFailed(array $settings, ?array $order): array {
		self::require();

		return self::decision(CqrSettlement::storageFailed($settings, $order));
	}

	/**
	 * A new attempt's paymentID (initiate response): the order record bound to it.
	 *
	 * @param array<string, mixed> $order
	 *
	 * @return array<string, mixed>
	 */
	public static function cqrBindAttempt(array $order, string $paymentId): array {
		self::require();

		return CqrSettlement::bindAttempt($order, $paymentId);
	}

	private static function require(): void {
		if (!self::available()) {
			throw new EngineUnavailable('the qiwi_merchant extension has no settlement engine (QiwiMerchant\\Gate\\Settlement, QiwiMerchant\\Cqr\\Settlement): update it to 0.2 or later');
		}
	}

	/**
	 * The Decision as a plain array, so that storage code does not depend on the class.
	 *
	 * @return array{action: string, reason_code: string, reason: string, record: array<string, mixed>|null, effects: list<array<string, mixed>>, http_status: int, result_code: int|null, body: string}
	 */
	private static function decision(\QiwiMerchant\Decision $d): array {
		return [
			'action'      => $d->action,
			'reason_code' => $d->reasonCode,
			'reason'      => $d->reason,
			'record'      => $d->record,
			'effects'     => $d->effects,
			'http_status' => $d->httpStatus,
			'result_code' => $d->resultCode,
			'body'        => (string)$d->body,
		];
	}
}
