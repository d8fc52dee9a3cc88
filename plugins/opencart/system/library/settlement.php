<?php
/*
 * The one place where the plug-in calls the settlement engine of the qiwi_merchant extension
 * (gate.md §4.5, cqr.md §5.2: the core decides, the shop stores). Nothing here or anywhere else
 * in the plug-in decides a status or an amount: a Decision comes back and the caller stores it.
 *
 * Until the extension in use exposes QiwiMerchant\Gate\Settlement and QiwiMerchant\Cqr\Settlement,
 * every call throws EngineUnavailable: deliveries are still stored, and the platforms get
 * HTTP 503 / resultCode 10 (they deliver again), never a decision made here.
 */
namespace Opencart\System\Library\Extension\QiwiMerchant;

final class Settlement {
	/** The engine's classes are present in the loaded extension. */
	public static function available(): bool {
		return extension_loaded('qiwi_merchant')
			&& class_exists('QiwiMerchant\\Gate\\Settlement')
			&& class_exists('QiwiMerchant\\Cqr\\Settlement');
	}

	/**
	 * A Gate callback (or a status answer) for one payment record ($record null: no record has the
	 * callback's payment.id). Verifies the raw body and decides.
	 *
	 * @param array<string, mixed>|null $record
	 *
	 * @return array<string, mixed> see decision()
	 */
	public static function gate(\QiwiMerchant\Gate\Signer $signer, ?array $record, string $body, int $projectId): array {
		self::require();

		return self::decision(\QiwiMerchant\Gate\Settlement::settle($signer, $record, $body, $projectId));
	}

	/**
	 * A PXP notification for one order record ($order null: unknown merchantTransactionID).
	 * $getPaymentsXml: the getPayments answer fetched for confirmation (before the row lock).
	 *
	 * @param array<string, mixed>      $settings ['merchant_id', 'shop_id', 'confirm_with_get_payments']
	 * @param array<string, mixed>|null $order
	 *
	 * @return array<string, mixed>
	 */
	public static function cqr(array $settings, ?array $order, string $notificationXml, ?string $getPaymentsXml = null): array {
		self::require();

		return self::decision(\QiwiMerchant\Cqr\Settlement::settle($settings, $order, $notificationXml, $getPaymentsXml));
	}

	/**
	 * "Check status now" / cron for a CQR order: a getPayments answer.
	 *
	 * @param array<string, mixed> $settings
	 * @param array<string, mixed> $order
	 *
	 * @return array<string, mixed>
	 */
	public static function cqrPoll(array $settings, array $order, string $getPaymentsXml): array {
		self::require();

		return self::decision(\QiwiMerchant\Cqr\Settlement::poll($settings, $order, $getPaymentsXml));
	}

	private static function require(): void {
		if (!self::available()) {
			throw new EngineUnavailable('the qiwi_merchant extension has no settlement engine (QiwiMerchant\\Gate\\Settlement, QiwiMerchant\\Cqr\\Settlement): update the extension');
		}
	}

	/**
	 * The Decision as a plain array, so that storage code does not depend on the class.
	 *
	 * @return array{action: string, reason: string, record: array<string, mixed>|null, effects: list<array<string, mixed>>, http_status: int, result_code: int|null, answer: string}
	 */
	private static function decision(object $d): array {
		return [
			'action'      => (string)$d->action,
			'reason'      => (string)$d->reason,
			'record'      => $d->record,
			'effects'     => $d->effects,
			'http_status' => (int)$d->httpStatus,
			'result_code' => $d->resultCode,
			'answer'      => (string)$d->answer,
		];
	}
}
