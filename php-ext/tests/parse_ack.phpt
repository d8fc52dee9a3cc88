--TEST--
Cqr\parseAck reads a notification answer back (round trip with buildAck); hostile bodies throw the core's typed exceptions
--EXTENSIONS--
qiwi_merchant
--FILE--
<?php
use QiwiMerchant\Cqr;

foreach ([Cqr\ackProcessed(), Cqr\ackUnknownState('not ours'), Cqr\ackErrorProcessingEvent('db <down> & retry'),
          Cqr\buildAck(15, message: 'blocked'), Cqr\buildAck(7, 'Custom')] as $xml) {
    $a = Cqr\parseAck($xml);
    echo json_encode($a), "\n";
    // What was read writes out unchanged.
    var_dump(Cqr\buildAck($a['result_code']['code'], $a['result_code']['name'], $a['message']) === $xml);
}

$good = Cqr\ackProcessed();
$bad = [
    'dtd' => str_replace('?>', '?><!DOCTYPE x [<!ENTITY a "b">]>', $good),
    'truncated' => substr($good, 0, -20),
    'wrong root' => '<getPaymentsResponse/>',
    'bad key' => str_replace('<key>0</key>', '<key>zero</key>', $good),
    'no value' => str_replace('<value>ProcessedSuccessfully</value>', '', $good),
];
foreach ($bad as $what => $xml) {
    try {
        Cqr\parseAck($xml);
        echo "$what: no exception\n";
    } catch (QiwiMerchant\Exception $e) {
        echo "$what: ", get_class($e), ' ', $e->getKind(), ' ', var_export($e->getPath(), true), "\n";
    }
}
try {
    Cqr\parseAck($good . str_repeat(' ', 100), ['max_body_bytes' => 100]);
} catch (QiwiMerchant\LimitExceededException $e) {
    echo 'huge: ', $e->getKind(), ' ', $e->getLimit(), "\n";
}
?>
--EXPECT--
{"result_code":{"code":0,"name":"ProcessedSuccessfully"},"result":"processed","message":""}
bool(true)
{"result_code":{"code":2,"name":"UnknownState"},"result":"unknown_state","message":"not ours"}
bool(true)
{"result_code":{"code":10,"name":"ErrorProcessingEvent"},"result":"error_processing_event","message":"db <down> & retry"}
bool(true)
{"result_code":{"code":15,"name":"BlockedByMerchant"},"result":null,"message":"blocked"}
bool(true)
{"result_code":{"code":7,"name":"Custom"},"result":null,"message":""}
bool(true)
dtd: QiwiMerchant\MalformedInputException malformed_input '/'
truncated: QiwiMerchant\MalformedInputException malformed_input '/handlePaymentStateChangedNotificationResponse'
wrong root: QiwiMerchant\MalformedInputException malformed_input '/getPaymentsResponse'
bad key: QiwiMerchant\ValidationException validation '/handlePaymentStateChangedNotificationResponse/resultCode/key'
no value: QiwiMerchant\ValidationException validation '/handlePaymentStateChangedNotificationResponse/resultCode/value'
huge: limit_exceeded body_size
