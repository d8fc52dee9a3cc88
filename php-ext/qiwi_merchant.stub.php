<?php

/**
 * API of the qiwi_merchant extension (regenerate qiwi_merchant_arginfo.h with
 * scripts/gen-php-arginfo.sh after editing; the generated file is committed).
 *
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace QiwiMerchant {
    /** The version of the qiwi-merchant core the extension is linked with, e.g. "0.1.0". */
    function version(): string {}

    /**
     * The error model as data: for every error kind of the core, in code order,
     * ['code' => int, 'kind' => string, 'class' => the QiwiMerchant\Exception subclass thrown
     * for it]. The table of docs/php.md, Errors.
     */
    function errorKinds(): array {}

    /**
     * Every error of the core. getCode() is the core's stable code (1..8), getMessage() its
     * message; getKind() the kind name ("validation", ...), getPath() the element or field
     * path, getLimit() the limit hit, getFields() [["field" => ..., "reason" => ...], ...].
     */
    class Exception extends \RuntimeException
    {
        protected string $kind = "unknown";
        protected ?string $errorPath = null;
        protected ?string $limit = null;
        protected array $fields = [];

        public function getKind(): string {}
        public function getPath(): ?string {}
        public function getLimit(): ?string {}
        public function getFields(): array {}
    }

    /** Code 1: not the expected format (invalid JSON/XML/UTF-8, duplicate keys, DOCTYPE, ...). */
    class MalformedInputException extends Exception {}

    /** Code 2: well-formed input whose values break a rule. */
    class ValidationException extends Exception {}

    /** Code 3 (signature_mismatch) or 6 (missing_signature). */
    class SignatureException extends Exception {}

    /** Code 4: a size, depth, items or string-length limit was hit. */
    class LimitExceededException extends Exception {}

    /** Code 5: a value the library deliberately does not handle. */
    class UnsupportedException extends Exception {}

    /** Code 7: a peer answered something that breaks the protocol. */
    class ProtocolException extends Exception {}

    /** Code 8: authentication of an inbound request failed. */
    class UnauthorizedException extends Exception {}

    /**
     * One settlement decision (Gate\Settlement, Cqr\Settlement; docs/php.md, Settlement). The
     * host stores `record` (null: there is no record) and books every effect in ONE
     * transaction, under the row lock it read the record with, then answers the platform:
     * Gate with HTTP `httpStatus`; CQR with HTTP 200 and `body` (the ack of `resultCode`).
     *
     * `action`: "apply", "duplicate", "no_change", "flag", "unmatched" or "retry";
     * `reasonCode` the stable machine name of why, `reason` one line for people (no secret);
     * `effects`: a list of ['kind' => "credit"|"debit"|"payout_paid"|"payout_returned",
     * 'amount' => int (minor units, > 0), 'currency' => string, 'idempotency_key' => string]
     * (keep the key UNIQUE in the ledger). toArray() is the decision document (snake_case).
     *
     * @strict-properties
     * @not-serializable
     */
    final class Decision
    {
        public readonly string $action;
        public readonly string $reasonCode;
        public readonly string $reason;
        public readonly ?array $record;
        public readonly array $effects;
        public readonly int $httpStatus;
        public readonly ?int $resultCode;
        public readonly ?string $resultName;
        public readonly ?string $body;

        private function __construct() {}

        public function toArray(): array {}
    }
}

namespace QiwiMerchant\Money {
    function currencyExponent(string $currency): int {}

    function minorToDecimal(int $minor, string $currency): string {}

    function decimalToMinor(string $decimal, string $currency): int {}
}

namespace QiwiMerchant\Gate {
    /**
     * One project's secret key. The key lives only inside the core's signer handle: no
     * property holds it, and dumps, casts, serialization and clones are refused or empty.
     *
     * @strict-properties
     * @not-serializable
     */
    final class Signer
    {
        public function __construct(#[\SensitiveParameter] string $secret, ?array $limits = null) {}

        /** Base64 HMAC-SHA512 of the canonical stamp; floats are a ValidationException. */
        public function sign(array $params): string {}

        public function signJson(string $json): string {}

        /** True when the message's signature verifies; false when it is wrong or missing. */
        public function verify(string|array $message): bool {}

        /** The stamp variant that matched ({order, numbers}); SignatureException otherwise. */
        public function checkSignature(string|array $message): array {}

        public function parseCallback(string $body): Callback {}

        public function parseAccountCheck(int $projectId, string $body): AccountCheck {}

        public function payoutRequest(array $request): SignedRequest {}

        public function statusRequest(int $projectId, string $paymentId): SignedRequest {}

        public function parsePayoutResponse(int $httpStatus, string $body, string $sentPaymentId, bool $resend = false): PayoutResponse {}

        public function parseStatusResponse(string $body): StatusResponse {}

        /**
         * The canonical stamp (the signed text) of a message. $limits: as for the constructor
         * (null: the defaults).
         */
        public static function stamp(array|string $params, ?array $limits = null): string {}
    }

    /**
     * A verified callback (docs/gate.md, Callbacks).
     *
     * @strict-properties
     * @not-serializable
     */
    final class Callback
    {
        public readonly ?string $projectId;
        public readonly array $payment;
        public readonly ?string $accountNumber;
        public readonly ?string $customerId;
        public readonly ?array $operation;
        public readonly array $errors;
        public readonly string $outcome;
        public readonly array $signature;
        public readonly mixed $raw;

        private function __construct() {}

        public function toArray(): array {}
    }

    /**
     * A verified account-check request (`verify` or `check_deposit`).
     *
     * @strict-properties
     * @not-serializable
     */
    final class AccountCheckRequest
    {
        public readonly string $type;
        public readonly int $projectId;
        public readonly string $customerId;
        public readonly ?int $amount;
        public readonly ?string $currency;
        public readonly ?string $paymentMethod;
        public readonly array $extra;
        public readonly array $signature;

        private function __construct() {}

        public function toArray(): array {}
    }

    /**
     * An account-check answer: send `body` with HTTP 200 and CONTENT_TYPE.
     *
     * @strict-properties
     * @not-serializable
     */
    final class AccountCheckResponse
    {
        /** @var string */
        public const CONTENT_TYPE = "application/json; charset=utf-8";

        public readonly int $code;
        public readonly string $body;

        private function __construct() {}

        /** The `verify` success answer for an account in $currency (the account's own: there is no default). */
        public static function verifyOk(string $currency, ?string $additionalCustomerId = null): AccountCheckResponse {}

        public static function checkDepositOk(string $paymentId): AccountCheckResponse {}

        public static function notFound(?string $message = null): AccountCheckResponse {}

        public static function generalError(string $message = ""): AccountCheckResponse {}

        public static function invalidSignature(string $message = ""): AccountCheckResponse {}

        public function toArray(): array {}
    }

    /**
     * The result of Signer::parseAccountCheck(): either an accepted `request` (look the account up
     * and answer with an AccountCheckResponse) or a refusal whose `response` is ready to send.
     *
     * @strict-properties
     * @not-serializable
     */
    final class AccountCheck
    {
        public readonly bool $accepted;
        public readonly ?AccountCheckRequest $request;
        public readonly ?AccountCheckResponse $response;
        public readonly ?array $error;

        private function __construct() {}

        public function toArray(): array {}
    }

    /**
     * A signed Gate request: POST `body` to {base}`path` with Content-Type application/json.
     *
     * @strict-properties
     * @not-serializable
     */
    final class SignedRequest
    {
        public readonly string $path;
        public readonly string $body;

        private function __construct() {}

        public function toArray(): array {}
    }

    /**
     * Gate's answer to a payout: result "accepted", "rejected" or "unknown".
     *
     * @strict-properties
     * @not-serializable
     */
    final class PayoutResponse
    {
        public readonly string $result;
        public readonly ?string $requestId;
        public readonly ?string $status;
        public readonly ?string $code;
        public readonly ?string $message;
        public readonly mixed $errors;
        public readonly ?string $reason;
        public readonly ?string $error;
        public readonly mixed $raw;

        private function __construct() {}

        public function toArray(): array {}
    }

    /**
     * Gate's answer to a status request: result "found" (with a verified callback),
     * "not_found" or "error".
     *
     * @strict-properties
     * @not-serializable
     */
    final class StatusResponse
    {
        public readonly string $result;
        public readonly ?Callback $callback;
        public readonly ?string $status;
        public readonly ?string $code;
        public readonly ?string $message;
        public readonly mixed $raw;

        private function __construct() {}

        public function toArray(): array {}
    }

    /**
     * The Gate settlement engine (docs/gate.md §4.5): the money decision for a verified message
     * and the payment's record. $record is the host's record for the message's `payment.id`
     * (null: no such payment): ['kind' => "deposit"|"payout", 'status' => "pending"|"completed"|
     * "failed"|"partially_refunded"|"partially_reversed"|"refunded"|"reversed", 'amount' => int,
     * 'currency' => string, 'credited' => int, 'debited' => int, 'applied_operations' =>
     * string[], 'raw_status' => ?string] (the last four optional). A bad record is a
     * ValidationException (getPath() names the member; floats are refused, never rounded).
     *
     * @not-serializable
     */
    final class Settlement
    {
        private function __construct() {}

        /** Verifies and settles a callback's raw body ($projectId null: not checked). */
        public static function settle(Signer $signer, ?array $record, string $body, ?int $projectId = null): \QiwiMerchant\Decision {}

        /** Verifies and settles a status answer's raw body like a callback. */
        public static function settleStatus(Signer $signer, ?array $record, string $body, ?int $projectId = null): \QiwiMerchant\Decision {}

        /** The decision when the host could not store one: retry (HTTP 503), record unchanged. */
        public static function storageFailed(?array $record): \QiwiMerchant\Decision {}
    }
}

namespace QiwiMerchant\Cqr {
    /**
     * Parses any inbound CQR message (the root element decides the class). $limits:
     * ['max_body_bytes' => N, 'max_depth' => N, 'max_items' => N, 'max_string_bytes' => N], any
     * subset (null: the defaults); the same array for every parse function below.
     */
    function parse(string $xml, ?array $limits = null): Message {}

    function parseNotification(string $xml, ?array $limits = null): Notification {}

    function parseInitiateAnswer(string $xml, ?array $limits = null): InitiateResponse|ServiceError {}

    function parseGetPaymentsAnswer(string $xml, ?array $limits = null): GetPaymentsResponse|ServiceError {}

    /** Reads an initiatePaymentRequest body back into the initiate input array. */
    function parseInitiateRequest(string $xml, ?array $limits = null): array {}

    /** Builds an initiatePaymentRequest body from the initiate input (docs/cqr.md §4). */
    function buildInitiateRequest(array $request): BuiltRequest {}

    /** The notification answer (send with HTTP 200); $name defaults to the code's name. */
    function buildAck(int $code = 0, ?string $name = null, string $message = ""): string {}

    /**
     * Reads a notification answer (what buildAck writes) back:
     * ['result_code' => ['code' => int, 'name' => string], 'result' => 'processed' |
     * 'unknown_state' | 'error_processing_event' | null (other codes), 'message' => string].
     */
    function parseAck(string $xml, ?array $limits = null): array {}

    /** buildAck(0): ProcessedSuccessfully. */
    function ackProcessed(): string {}

    /** buildAck(2, message: $reason): UnknownState. */
    function ackUnknownState(string $reason = ""): string {}

    /** buildAck(10, message: $reason): ErrorProcessingEvent (PXP retries). */
    function ackErrorProcessingEvent(string $reason = ""): string {}

    function buildGetPaymentsRequest(string $merchantId, string $shopId, string $merchantTransactionId, ?bool $isExecuted = null): string {}

    /** "completed", "pending", "failed" or "not_found" for $paymentId in a getPayments answer. */
    function confirmation(string $xml, string $paymentId): string {}

    function checkNotification(string $xml, int $expectedMinor, string $currency): NotificationCheck {}

    /**
     * Constant-time check of an inbound Authorization header (null = header missing).
     * An empty configured $user or $password throws ValidationException.
     */
    function checkBasicAuth(string $user, #[\SensitiveParameter] string $password, ?string $header): bool {}

    /** The outbound Authorization header value `Basic base64(user:password)`. */
    function basicAuthorization(string $user, #[\SensitiveParameter] string $password): string {}

    /** @param string[] $allowed @param string[] $headers @param string[] $trustedProxies */
    function ipDecide(array $allowed, string $peer, array $headers = [], array $trustedProxies = [], string $header = "x-forwarded-for"): IpDecision {}

    function envoyMessage(int $code): ?string {}

    function envoyCodeCount(): int {}

    function stateName(int $key): ?string {}

    function outcomeOf(int $key): string {}

    function url(string $operation, ?string $base = null): string {}

    /** Every parsed CQR message (`kind` names it). */
    interface Message
    {
        public function toArray(): array;
    }

    /**
     * @strict-properties
     * @not-serializable
     */
    final class Notification implements Message
    {
        public readonly string $kind;
        public readonly string $outcome;
        public readonly string $effectiveOutcome;
        public readonly bool $isExecutedConsistent;
        public readonly string $idempotencyKey;
        public readonly array $payment;

        private function __construct() {}

        public function toArray(): array {}
    }

    /**
     * @strict-properties
     * @not-serializable
     */
    final class InitiateResponse implements Message
    {
        public readonly string $kind;
        public readonly array $result;
        public readonly ?string $token;
        public readonly ?string $providerExternalId;
        public readonly array $payment;

        private function __construct() {}

        public function toArray(): array {}
    }

    /**
     * @strict-properties
     * @not-serializable
     */
    final class GetPaymentsResponse implements Message
    {
        public readonly string $kind;
        public readonly array $payments;

        private function __construct() {}

        public function toArray(): array {}
    }

    /**
     * @strict-properties
     * @not-serializable
     */
    final class ExecutePaymentActionResponse implements Message
    {
        public readonly string $kind;
        public readonly ?int $statusCode;
        public readonly bool $ok;
        public readonly ?array $actionResults;

        private function __construct() {}

        public function toArray(): array {}
    }

    /**
     * A paymentServiceException answer (the request was refused); not a PHP exception.
     *
     * @strict-properties
     * @not-serializable
     */
    final class ServiceError implements Message
    {
        public readonly string $kind;
        public readonly ?string $id;
        public readonly ?int $errorCode;
        public readonly ?string $errorName;
        public readonly ?string $errorMessage;

        private function __construct() {}

        public function toArray(): array {}
    }

    /**
     * @strict-properties
     * @not-serializable
     */
    final class BuiltRequest
    {
        public readonly string $xml;
        public readonly array $warnings;

        private function __construct() {}

        public function toArray(): array {}
    }

    /**
     * @strict-properties
     * @not-serializable
     */
    final class IpDecision
    {
        public readonly bool $allowed;
        public readonly ?string $client;

        private function __construct() {}

        public function toArray(): array {}
    }

    /**
     * @strict-properties
     * @not-serializable
     */
    final class NotificationCheck
    {
        public readonly string $outcome;
        public readonly string $effectiveOutcome;
        public readonly bool $isExecutedConsistent;
        public readonly string $idempotencyKey;
        public readonly array $amountCheck;

        private function __construct() {}

        public function toArray(): array {}
    }

    /**
     * The CQR settlement engine (docs/cqr.md §5.2 steps 5-10). $settings: ['merchant_id' =>
     * string, 'shop_id' => string, 'confirm_with_get_payments' => bool (optional, false)].
     * $order: the host's order for the notification's merchantTransactionID (null: unknown):
     * ['status' => "pending"|"completed"|"failed"|"reversed", 'amount' => int, 'currency' =>
     * string, 'credited' => int, 'debited' => int, 'payment_id' => ?string, 'applied_keys' =>
     * string[]] (the last four optional). Bad documents are a ValidationException (getPath()
     * names the member; floats are refused, never rounded).
     *
     * @not-serializable
     */
    final class Settlement
    {
        private function __construct() {}

        /**
         * Parses and settles a notification's raw XML (authenticate the request first).
         * $getPaymentsXml: the getPayments answer fetched, before taking the row lock, to
         * confirm a completed state when confirm_with_get_payments is on (null: none).
         */
        public static function settle(array $settings, ?array $order, string $notificationXml, ?string $getPaymentsXml = null): \QiwiMerchant\Decision {}

        /** Settles a getPayments answer fetched while polling the order. */
        public static function settleGetPayments(array $settings, array $order, string $getPaymentsXml): \QiwiMerchant\Decision {}

        /** The decision when the host could not store one: resultCode 10, order unchanged. */
        public static function storageFailed(array $settings, ?array $order): \QiwiMerchant\Decision {}

        /**
         * The order bound to the paymentID of a new attempt (the initiate response's): a
         * pending or failed order becomes pending and bound; a paid one is a ValidationException.
         */
        public static function bindAttempt(array $order, string $paymentId): array {}
    }
}
