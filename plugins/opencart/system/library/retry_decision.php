<?php
namespace Opencart\System\Library\Extension\QiwiMerchant;

/** The engine decided "retry": the transaction is rolled back and the platform asked to deliver again. */
final class RetryDecision extends \RuntimeException {
	/** @param array<string, mixed> $decision */
	public function __construct(public readonly array $decision) {
		parent::__construct('retry: ' . (string)($decision['reason'] ?? ''));
	}
}
