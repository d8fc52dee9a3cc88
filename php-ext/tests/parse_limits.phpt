--TEST--
Parse limits on every parser: Signer::stamp() and the per-message Cqr\parse*() functions take ?array $limits
--EXTENSIONS--
qiwi_merchant
--FILE--
<?php
use QiwiMerchant\Gate\Signer;
use QiwiMerchant\Cqr;

function show(callable $f): string
{
    try {
        $f();
        return 'ok';
    } catch (QiwiMerchant\Exception $e) {
        return sprintf('%s limit=%s', get_class($e), var_export($e->getLimit(), true))
            . ($e instanceof QiwiMerchant\LimitExceededException ? '' : ' ' . $e->getMessage());
    } catch (TypeError $e) {
        return 'TypeError: ' . $e->getMessage();
    }
}

function plain(mixed $v): mixed
{
    return is_object($v) ? $v->toArray() : $v;
}

$dir = __DIR__ . '/../../tests/vectors/cqr/';
$notification = file_get_contents($dir . 'seed_notification.xml');
$inputs = [
    'parse' => $notification,
    'parseNotification' => $notification,
    'parseInitiateAnswer' => file_get_contents($dir . 'seed_initiate_response.xml'),
    'parseGetPaymentsAnswer' => json_decode(file_get_contents($dir . 'parse_get_payments_two.json'), true)['input_xml'],
    'parseInitiateRequest' => file_get_contents($dir . 'seed_initiate_request.xml'),
];
$small = [['max_body_bytes' => 100], ['max_depth' => 2], ['max_items' => 3], ['max_string_bytes' => 2]];

foreach ($inputs as $fn => $xml) {
    $f = 'QiwiMerchant\\Cqr\\' . $fn;
    $default = plain($f($xml));
    $same = plain($f($xml, null)) === $default && plain($f($xml, [])) === $default
        && plain($f($xml, ['max_depth' => 64, 'max_string_bytes' => 65536])) === $default;
    echo "$fn: default, null, [] and explicit defaults agree: ", var_export($same, true), "\n";
    foreach ($small as $l) {
        echo '  ', json_encode($l), ': ', show(fn () => $f($xml, $l)), "\n";
    }
    echo '  bad limits: ', show(fn () => $f($xml, ['max_depth' => -1])), "\n";
    echo '  unknown limit: ', show(fn () => $f($xml, ['depth' => 2])), "\n";
    echo '  ', show(fn () => $f($xml, 'x')), "\n";
}

// Signer::stamp() is static: the limits are its own second argument.
$msg = ['payment' => ['id' => 'p1', 'sum' => ['amount' => 100, 'currency' => 'USD']], 'project_id' => 1];
$json = json_encode($msg);
echo 'stamp: ', Signer::stamp($msg), "\n";
var_dump(Signer::stamp($json, null) === Signer::stamp($msg), Signer::stamp($json, []) === Signer::stamp($msg),
    Signer::stamp($msg, ['max_items' => 7]) === Signer::stamp($msg));
foreach ([['max_body_bytes' => 20], ['max_depth' => 2], ['max_items' => 5], ['max_string_bytes' => 3]] as $l) {
    echo '  ', json_encode($l), ': string ', show(fn () => Signer::stamp($json, $l)),
        ', array ', show(fn () => Signer::stamp($msg, $l)), "\n";
}
echo '  bad limits: ', show(fn () => Signer::stamp($msg, ['max_items' => 'many'])), "\n";
echo '  ', show(fn () => Signer::stamp($msg, ['max_depth' => new stdClass()])), "\n";
echo '  ', show(fn () => Signer::stamp($msg, 3)), "\n";
// The default depth still applies without limits, and can be raised.
$deep = str_repeat('{"a":', 70) . '1' . str_repeat('}', 70);
echo '  depth 70: ', show(fn () => Signer::stamp($deep)), ' / raised: ',
    show(fn () => Signer::stamp($deep, ['max_depth' => 80])), "\n";
?>
--EXPECT--
parse: default, null, [] and explicit defaults agree: true
  {"max_body_bytes":100}: QiwiMerchant\LimitExceededException limit='body_size'
  {"max_depth":2}: QiwiMerchant\LimitExceededException limit='depth'
  {"max_items":3}: QiwiMerchant\LimitExceededException limit='items'
  {"max_string_bytes":2}: QiwiMerchant\LimitExceededException limit='string_length'
  bad limits: QiwiMerchant\ValidationException limit=NULL limits:max_depth: must be a positive integer, found -1
  unknown limit: QiwiMerchant\ValidationException limit=NULL limits:depth: unknown limit (expected one of max_body_bytes, max_depth, max_items, max_string_bytes)
  TypeError: QiwiMerchant\Cqr\parse(): Argument #2 ($limits) must be of type ?array, string given
parseNotification: default, null, [] and explicit defaults agree: true
  {"max_body_bytes":100}: QiwiMerchant\LimitExceededException limit='body_size'
  {"max_depth":2}: QiwiMerchant\LimitExceededException limit='depth'
  {"max_items":3}: QiwiMerchant\LimitExceededException limit='items'
  {"max_string_bytes":2}: QiwiMerchant\LimitExceededException limit='string_length'
  bad limits: QiwiMerchant\ValidationException limit=NULL limits:max_depth: must be a positive integer, found -1
  unknown limit: QiwiMerchant\ValidationException limit=NULL limits:depth: unknown limit (expected one of max_body_bytes, max_depth, max_items, max_string_bytes)
  TypeError: QiwiMerchant\Cqr\parseNotification(): Argument #2 ($limits) must be of type ?array, string given
parseInitiateAnswer: default, null, [] and explicit defaults agree: true
  {"max_body_bytes":100}: QiwiMerchant\LimitExceededException limit='body_size'
  {"max_depth":2}: QiwiMerchant\LimitExceededException limit='depth'
  {"max_items":3}: QiwiMerchant\LimitExceededException limit='items'
  {"max_string_bytes":2}: QiwiMerchant\LimitExceededException limit='string_length'
  bad limits: QiwiMerchant\ValidationException limit=NULL limits:max_depth: must be a positive integer, found -1
  unknown limit: QiwiMerchant\ValidationException limit=NULL limits:depth: unknown limit (expected one of max_body_bytes, max_depth, max_items, max_string_bytes)
  TypeError: QiwiMerchant\Cqr\parseInitiateAnswer(): Argument #2 ($limits) must be of type ?array, string given
parseGetPaymentsAnswer: default, null, [] and explicit defaults agree: true
  {"max_body_bytes":100}: QiwiMerchant\LimitExceededException limit='body_size'
  {"max_depth":2}: QiwiMerchant\LimitExceededException limit='depth'
  {"max_items":3}: QiwiMerchant\LimitExceededException limit='items'
  {"max_string_bytes":2}: QiwiMerchant\LimitExceededException limit='string_length'
  bad limits: QiwiMerchant\ValidationException limit=NULL limits:max_depth: must be a positive integer, found -1
  unknown limit: QiwiMerchant\ValidationException limit=NULL limits:depth: unknown limit (expected one of max_body_bytes, max_depth, max_items, max_string_bytes)
  TypeError: QiwiMerchant\Cqr\parseGetPaymentsAnswer(): Argument #2 ($limits) must be of type ?array, string given
parseInitiateRequest: default, null, [] and explicit defaults agree: true
  {"max_body_bytes":100}: QiwiMerchant\LimitExceededException limit='body_size'
  {"max_depth":2}: QiwiMerchant\LimitExceededException limit='depth'
  {"max_items":3}: QiwiMerchant\LimitExceededException limit='items'
  {"max_string_bytes":2}: QiwiMerchant\LimitExceededException limit='string_length'
  bad limits: QiwiMerchant\ValidationException limit=NULL limits:max_depth: must be a positive integer, found -1
  unknown limit: QiwiMerchant\ValidationException limit=NULL limits:depth: unknown limit (expected one of max_body_bytes, max_depth, max_items, max_string_bytes)
  TypeError: QiwiMerchant\Cqr\parseInitiateRequest(): Argument #2 ($limits) must be of type ?array, string given
stamp: payment:id:p1;payment:sum:amount:100;payment:sum:currency:USD;project_id:1
bool(true)
bool(true)
bool(true)
  {"max_body_bytes":20}: string QiwiMerchant\LimitExceededException limit='body_size', array QiwiMerchant\LimitExceededException limit='body_size'
  {"max_depth":2}: string QiwiMerchant\LimitExceededException limit='depth', array QiwiMerchant\LimitExceededException limit='depth'
  {"max_items":5}: string QiwiMerchant\LimitExceededException limit='items', array QiwiMerchant\LimitExceededException limit='items'
  {"max_string_bytes":3}: string QiwiMerchant\LimitExceededException limit='string_length', array QiwiMerchant\LimitExceededException limit='string_length'
  bad limits: QiwiMerchant\ValidationException limit=NULL limits:max_items: must be a positive integer, found string
  TypeError: QiwiMerchant: unsupported value of type stdClass at "max_depth" (only arrays, strings, ints, bools and null)
  TypeError: QiwiMerchant\Gate\Signer::stamp(): Argument #2 ($limits) must be of type ?array, int given
  depth 70: QiwiMerchant\LimitExceededException limit='depth' / raised: ok
