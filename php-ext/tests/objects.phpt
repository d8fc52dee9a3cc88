--TEST--
Result classes: readonly properties from the core's JSON, toArray(), nested objects, big ids as strings
--EXTENSIONS--
qiwi_merchant
--FILE--
<?php
use QiwiMerchant\Gate\{Signer, AccountCheckResponse, Callback};
use QiwiMerchant\Cqr;

$s = new Signer('qiwi-merchant-test-secret');
$body = ['project_id' => 238, 'payment' => ['id' => 'order-1', 'status' => 'SUCCESS', 'sum' => ['amount' => 2000, 'currency' => 'KZT']],
    'operation' => ['id' => '36425000001206123456789', 'status' => 'success', 'provider' => ['id' => 1197]],
    'customer' => ['id' => 'demo-1'], 'account' => ['number' => 'user9876']];
$json = json_encode($body);
// operation.id as a JSON integer beyond 2^64: the core keeps the digits, PHP gets a string
$json = str_replace('"36425000001206123456789"', '36425000001206123456789', $json);
$sig = $s->signJson($json);
$cb = $s->parseCallback(substr($json, 0, -1) . ',"signature":"' . $sig . '"}');
var_dump($cb instanceof Callback, $cb->projectId, $cb->outcome, $cb->payment['id'], $cb->payment['status'],
    $cb->payment['sum'], $cb->operation['id'], $cb->operation['provider']['id'], $cb->customerId, $cb->accountNumber,
    $cb->errors, $cb->signature, $cb->raw['operation']['id']);
var_dump(array_keys($cb->toArray()));

// account check: accepted and refused
$req = ['type' => 'check_deposit', 'project_id' => 111, 'customer_id' => 'demo-1', 'amount' => 10000, 'currency' => 'KZT', 'payment_method' => 'qiwi-kz', 'note' => 'x'];
$req['signature'] = $s->sign($req);
$ac = $s->parseAccountCheck(111, json_encode($req));
var_dump($ac->accepted, get_class($ac->request), $ac->request->type, $ac->request->projectId, $ac->request->amount,
    $ac->request->currency, $ac->request->paymentMethod, $ac->request->extra, $ac->response, $ac->error);
$ac = $s->parseAccountCheck(112, json_encode($req));
var_dump($ac->accepted, $ac->request, $ac->response->code, $ac->response->body, $ac->error['kind']);
$ac = $s->parseAccountCheck(111, '{"type":"verify"}');
var_dump($ac->response->code, $ac->response->body);
$v = ['type' => 'verify', 'project_id' => '0111', 'customer_id' => 42];
$v['signature'] = $s->sign($v);
$ac = $s->parseAccountCheck(111, json_encode($v));
var_dump($ac->request->type, $ac->request->customerId, $ac->request->amount);

var_dump(AccountCheckResponse::verifyOk('KZT', 'alt-7')->body, AccountCheckResponse::checkDepositOk('pay-1')->toArray(),
    AccountCheckResponse::generalError()->body, AccountCheckResponse::invalidSignature()->code);
// Each answer's code is the one its core builder gives, the same as in its body.
foreach ([AccountCheckResponse::verifyOk('KZT'), AccountCheckResponse::checkDepositOk('p'), AccountCheckResponse::notFound(),
    AccountCheckResponse::generalError('x'), AccountCheckResponse::invalidSignature()] as $answer) {
    echo $answer->code, $answer->code === json_decode($answer->body, true)['code'] ? ' same' : ' DIFFERENT', "\n";
}

// payout and status
$p = $s->payoutRequest(['project_id' => 35, 'payment_id' => 'test_123', 'customer' => ['id' => '12345', 'ip_address' => '198.51.100.47',
    'first_name' => 'John', 'last_name' => 'Doe', 'email' => 'johndoe@example.com'], 'account_number' => '9182221133', 'amount' => 100, 'currency' => 'KZT', 'extra' => []]);
var_dump($p->path, $s->verify($p->body));
$st = $s->statusRequest(35, 'test_123');
var_dump($st->path, $st->body === $st->toArray()['body']);
$pr = $s->parsePayoutResponse(200, '{"status":"success","request_id":"r-1","payment_id":"test_123"}', 'test_123');
var_dump($pr->result, $pr->requestId, $pr->reason);
$pr = $s->parsePayoutResponse(503, 'oops', 'test_123', true);
var_dump($pr->result, $pr->raw);
$sr = $s->parseStatusResponse('{"code":"3061","message":"not found"}');
var_dump($sr->result, $sr->callback);

// CQR
$xml = file_get_contents(__DIR__ . '/../../tests/vectors/cqr/seed_notification.xml');
$n = Cqr\parse($xml);
var_dump(get_class($n), $n instanceof Cqr\Message, $n->kind, $n->outcome, $n->effectiveOutcome, $n->isExecutedConsistent,
    $n->idempotencyKey === $n->toArray()['idempotency_key'], $n->payment['amount']);
$n2 = Cqr\parseNotification($xml);
var_dump($n2->toArray() === $n->toArray());
$c = Cqr\checkNotification($xml, $n->payment['amount']['minor'], $n->payment['amount']['currency']);
var_dump(get_class($c), $c->amountCheck['result'], $c->idempotencyKey === $n->idempotencyKey);
$ir = Cqr\parseInitiateAnswer(file_get_contents(__DIR__ . '/../../tests/vectors/cqr/seed_initiate_response.xml'));
var_dump(get_class($ir), $ir->result['type']);
$gp = Cqr\buildGetPaymentsRequest('DemoMerchant', 'DemoShop', 'order-1', true);
var_dump(str_contains($gp, '<isExecuted>true</isExecuted>'));
$d = Cqr\ipDecide(['195.69.175.15'], '10.0.0.1', ['203.0.113.9, 195.69.175.15'], ['10.0.0.0/8']);
var_dump($d->allowed, $d->client);
var_dump(Cqr\basicAuthorization('pxp', 'pw') === 'Basic ' . base64_encode('pxp:pw'));
var_dump(Cqr\url('getPayments'), Cqr\outcomeOf(29), Cqr\stateName(29), Cqr\stateName(999999), Cqr\envoyMessage(-839));
var_dump(Cqr\ackProcessed() === Cqr\buildAck(0), str_contains(Cqr\ackErrorProcessingEvent('db down'), '<key>10</key>'));
?>
--EXPECT--
bool(true)
string(3) "238"
string(9) "completed"
string(7) "order-1"
array(3) {
  ["raw"]=>
  string(7) "SUCCESS"
  ["kind"]=>
  string(7) "success"
  ["outcome"]=>
  string(9) "completed"
}
array(2) {
  ["amount"]=>
  int(2000)
  ["currency"]=>
  string(3) "KZT"
}
string(23) "36425000001206123456789"
string(4) "1197"
string(6) "demo-1"
string(8) "user9876"
array(0) {
}
array(2) {
  ["order"]=>
  string(4) "byte"
  ["numbers"]=>
  string(5) "exact"
}
string(23) "36425000001206123456789"
array(9) {
  [0]=>
  string(10) "project_id"
  [1]=>
  string(7) "payment"
  [2]=>
  string(14) "account_number"
  [3]=>
  string(11) "customer_id"
  [4]=>
  string(9) "operation"
  [5]=>
  string(6) "errors"
  [6]=>
  string(7) "outcome"
  [7]=>
  string(9) "signature"
  [8]=>
  string(3) "raw"
}
bool(true)
string(37) "QiwiMerchant\Gate\AccountCheckRequest"
string(13) "check_deposit"
int(111)
int(10000)
string(3) "KZT"
string(7) "qiwi-kz"
array(1) {
  ["note"]=>
  string(1) "x"
}
NULL
NULL
bool(false)
NULL
int(400)
string(66) "{"code":400,"message":"project_id 111 is not this shop's project"}"
string(12) "unauthorized"
int(400)
string(45) "{"code":400,"message":"signature is missing"}"
string(6) "verify"
string(2) "42"
NULL
string(60) "{"code":0,"currency":"KZT","additional_customer_id":"alt-7"}"
array(2) {
  ["code"]=>
  int(0)
  ["body"]=>
  string(31) "{"code":0,"payment_id":"pay-1"}"
}
string(38) "{"code":500,"message":"general error"}"
int(400)
0 same
0 same
404 same
500 same
400 same
string(33) "/v2/payment/wallet/qiwi-kz/payout"
bool(true)
string(18) "/v2/payment/status"
bool(true)
string(8) "accepted"
string(3) "r-1"
NULL
string(7) "unknown"
NULL
string(9) "not_found"
NULL
string(29) "QiwiMerchant\Cqr\Notification"
bool(true)
string(12) "notification"
string(9) "completed"
string(9) "completed"
bool(true)
bool(true)
array(3) {
  ["value"]=>
  string(7) "99.9500"
  ["currency"]=>
  string(3) "USD"
  ["minor"]=>
  int(9995)
}
bool(true)
string(34) "QiwiMerchant\Cqr\NotificationCheck"
string(5) "match"
bool(true)
string(33) "QiwiMerchant\Cqr\InitiateResponse"
string(8) "redirect"
bool(true)
bool(true)
string(13) "195.69.175.15"
bool(true)
string(88) "https://api.test.kalixa.com/PaymentRedirectionService/PaymentService.svc/pox/getPayments"
string(9) "completed"
string(19) "DepositedByProvider"
NULL
string(51) "LanguageCode field should be 2 characters in length"
bool(true)
bool(true)
