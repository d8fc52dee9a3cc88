--TEST--
Settlement vectors (tests/vectors/settlement/*.json) through Gate\Settlement and Cqr\Settlement; Decision; error paths
--EXTENSIONS--
qiwi_merchant
--FILE--
<?php
require __DIR__ . '/vectors.inc';

use QiwiMerchant\Cqr\Settlement as CqrSettlement;
use QiwiMerchant\Decision;
use QiwiMerchant\Gate\Settlement as GateSettlement;
use QiwiMerchant\Gate\Signer;

/* The Decision property of each decision member the vectors pin. */
const QM_DECISION_PROPS = [
    'action' => 'action',
    'reason_code' => 'reasonCode',
    'reason' => 'reason',
    'record' => 'record',
    'effects' => 'effects',
    'http_status' => 'httpStatus',
    'result_code' => 'resultCode',
    'result_name' => 'resultName',
    'body' => 'body',
];

/* Every member of `expect` equals the decision's (the property and toArray()), as in
 * tests/settlement_vectors.rs; amounts are PHP ints. */
function qm_check_decision(array $expect, Decision $d, string $what): ?string
{
    if ($expect === []) {
        return "$what: empty expectation";
    }
    $doc = $d->toArray();
    foreach ($expect as $k => $want) {
        $prop = QM_DECISION_PROPS[$k] ?? null;
        if ($prop === null) {
            return "$what: unknown expectation member $k";
        }
        if (!qm_equal($want, $d->$prop)) {
            return "$what: $prop is " . json_encode($d->$prop) . ', want ' . json_encode($want);
        }
        if (!array_key_exists($k, $doc) || !qm_equal($want, $doc[$k])) {
            return "$what: toArray()[$k] differs";
        }
    }
    foreach ($d->effects as $e) {
        if (!is_int($e['amount']) || $e['amount'] <= 0) {
            return "$what: effect amount " . var_export($e['amount'], true);
        }
    }
    foreach (['amount', 'credited', 'debited'] as $m) {
        if ($d->record !== null && !is_int($d->record[$m])) {
            return "$what: record $m is not an int";
        }
    }
    if (!is_string($d->reason) || $d->reason === '') {
        return "$what: no reason";
    }
    return null;
}

function run_gate_settlement(): array
{
    $file = qm_load(QM_VECTORS . '/settlement/gate.json');
    $signer = new Signer($file['secret']);
    $project = $file['project_id'];
    $steps = 0;
    $fail = [];
    foreach ($file['cases'] as $case) {
        $record = $case['record'];
        foreach ($case['steps'] as $i => $step) {
            $what = "gate {$case['name']} step $i";
            try {
                if (isset($step['callback'])) {
                    $d = GateSettlement::settle($signer, $record, $step['callback'], $project);
                } elseif (isset($step['status_answer'])) {
                    $d = GateSettlement::settleStatus($signer, $record, $step['status_answer'], $project);
                } elseif (($step['storage_failed'] ?? false) === true) {
                    $d = GateSettlement::storageFailed($record);
                } else {
                    $fail[] = "$what: unknown step";
                    break;
                }
            } catch (Throwable $e) {
                $fail[] = "$what: " . get_class($e) . ': ' . $e->getMessage();
                break;
            }
            $r = qm_check_decision($step['expect'], $d, $what);
            if ($r === null && $d->resultCode !== null) {
                $r = "$what: a Gate decision has a resultCode";
            }
            if ($r !== null) {
                $fail[] = $r;
                break;
            }
            $record = $d->record; // the next step's input
            $steps++;
        }
    }
    return [count($file['cases']), $steps, $fail];
}

function run_cqr_settlement(): array
{
    $file = qm_load(QM_VECTORS . '/settlement/cqr.json');
    $steps = 0;
    $fail = [];
    foreach ($file['cases'] as $case) {
        $settings = $case['settings'];
        $order = $case['order'];
        foreach ($case['steps'] as $i => $step) {
            $what = "cqr {$case['name']} step $i";
            try {
                if (isset($step['notification'])) {
                    $d = CqrSettlement::settle($settings, $order, $step['notification'], $step['get_payments'] ?? null);
                } elseif (isset($step['poll'])) {
                    $d = CqrSettlement::settleGetPayments($settings, $order, $step['poll']);
                } elseif (($step['storage_failed'] ?? false) === true) {
                    $d = CqrSettlement::storageFailed($settings, $order);
                } else {
                    $fail[] = "$what: unknown step";
                    break;
                }
            } catch (Throwable $e) {
                $fail[] = "$what: " . get_class($e) . ': ' . $e->getMessage();
                break;
            }
            $r = qm_check_decision($step['expect'], $d, $what);
            // The answer body is the ack of the result code.
            $code = $step['expect']['result_code'] ?? null;
            if ($r === null && ($d->httpStatus !== 200 || !is_int($code) || !is_string($d->resultName)
                    || !str_contains((string) $d->body, "<key>$code</key><value>{$d->resultName}</value>"))) {
                $r = "$what: answer body " . var_export($d->body, true);
            }
            if ($r !== null) {
                $fail[] = $r;
                break;
            }
            $order = $d->record;
            $steps++;
        }
    }
    return [count($file['cases']), $steps, $fail];
}

[$cases, $steps, $fail] = run_gate_settlement();
echo "gate settlement: $cases cases, ", $steps >= 54 ? 'all' : $steps, " steps\n";
[$cases2, $steps2, $fail2] = run_cqr_settlement();
echo "cqr settlement: $cases2 cases, ", $steps2 >= 44 ? 'all' : $steps2, " steps\n";
$fail = array_merge($fail, $fail2);
echo implode("\n", $fail), "\n";
echo 'failures: ', count($fail), "\n";

/* ---- error paths */

function show(callable $f): void
{
    try {
        $r = $f();
        echo 'ok ', is_object($r) ? get_class($r) . ' ' . $r->action . ' ' . $r->reasonCode : json_encode($r), "\n";
    } catch (QiwiMerchant\Exception $e) {
        printf("%s code=%d path=%s fields=%s\n", get_class($e), $e->getCode(), var_export($e->getPath(), true),
            json_encode(array_column($e->getFields(), 'field')));
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

$gate = qm_load(QM_VECTORS . '/settlement/gate.json');
$signer = new Signer($gate['secret']);
$rec = ['kind' => 'deposit', 'status' => 'pending', 'amount' => 10000, 'currency' => 'KZT'];
$cb = $gate['cases'][2]['steps'][0]['callback']; // a completed deposit of 10000 KZT, dep-1

echo "-- Gate records\n";
show(fn () => GateSettlement::settle($signer, $rec, $cb, 111));                   // the optional members default
show(fn () => GateSettlement::settle($signer, $rec, $cb));                        // project not checked
show(fn () => GateSettlement::settle($signer, $rec, $cb, 222));                   // not ours
show(fn () => GateSettlement::settle($signer, null, $cb));                        // no record
show(fn () => GateSettlement::settle($signer, ['amount' => 10000.0] + $rec, $cb)); // float amount: refused, never rounded
show(fn () => GateSettlement::settle($signer, ['credited' => 0.0] + $rec, $cb));
show(fn () => GateSettlement::settle($signer, ['applied_operations' => ['1', 2.5]] + $rec, $cb));
show(fn () => GateSettlement::storageFailed(['amount' => 1e3] + $rec));
show(fn () => GateSettlement::settle($signer, $rec + ['credit' => 5], $cb));      // unknown member
show(fn () => GateSettlement::settle($signer, ['amount' => '10000'] + $rec, $cb)); // wrong type
show(fn () => GateSettlement::settle($signer, ['status' => 'settled'] + $rec, $cb));
show(fn () => GateSettlement::settle($signer, ['applied_operations' => 'x'] + $rec, $cb));
show(fn () => GateSettlement::settle($signer, ['applied_operations' => ['a' => 'x']] + $rec, $cb));
show(fn () => GateSettlement::settle($signer, ['applied_operations' => [1]] + $rec, $cb));
show(fn () => GateSettlement::settle($signer, ['applied_operations' => ['']] + $rec, $cb));
show(fn () => GateSettlement::settle($signer, ['amount' => 0] + $rec, $cb));
show(fn () => GateSettlement::settle($signer, ['currency' => 'XAU'] + $rec, $cb));
show(fn () => GateSettlement::settle($signer, ['credited' => 1, 'debited' => 2] + $rec, $cb));
show(fn () => GateSettlement::settle($signer, ['amount' => 0, 'currency' => 'kzt'] + $rec, $cb)); // every problem at once
show(fn () => GateSettlement::settle($signer, array_values($rec), $cb));           // a list is not a record
show(fn () => GateSettlement::settle($signer, [], $cb));
show(fn () => GateSettlement::settle($signer, ['raw_status' => "\xff"] + $rec, $cb)); // not UTF-8
show(fn () => GateSettlement::settle($signer, ['amount' => new stdClass()] + $rec, $cb));
$self = $rec;
$self['applied_operations'] = &$self;
show(fn () => GateSettlement::storageFailed($self));
unset($self);

echo "-- Gate messages\n";
show(fn () => GateSettlement::settle($signer, $rec, str_replace('"amount":10000', '"amount":10001', $cb)));
show(fn () => GateSettlement::settle($signer, $rec, '{"payment":{"id":"dep-1","status":"success"}}'));
show(fn () => GateSettlement::settle($signer, $rec, '{"payment":'));
show(fn () => GateSettlement::settle(new Signer('another secret'), $rec, $cb));
show(fn () => GateSettlement::settleStatus($signer, $rec, str_replace('"amount":10000', '"amount":10001', $cb)));
show(fn () => GateSettlement::settleStatus($signer, $rec, '{"status":"error","code":"3061","message":"Transaction not found"}'));

echo "-- Gate types\n";
show(fn () => GateSettlement::settle('secret', $rec, $cb));
show(fn () => GateSettlement::settle($signer, 'record', $cb));
show(fn () => GateSettlement::settle($signer, $rec, $cb, 'abc'));
show(fn () => GateSettlement::storageFailed(1));

echo "-- CQR documents\n";
$cqr = qm_load(QM_VECTORS . '/settlement/cqr.json');
$settings = ['merchant_id' => 'TestMerchant', 'shop_id' => 'TestShop'];
$order = ['status' => 'pending', 'amount' => 10000, 'currency' => 'KZT'];
$n = $cqr['cases'][3]['steps'][0]['notification']; // bound attempt aaaa…a completes 100.00 KZT
show(fn () => CqrSettlement::settle($settings, $order, $n));
show(fn () => CqrSettlement::settle($settings + ['confirm_with_get_payments' => true], $order, $n));
show(fn () => CqrSettlement::settle($settings, null, $n));
show(fn () => CqrSettlement::settle(['merchant_id' => ''] + $settings, $order, $n));
show(fn () => CqrSettlement::settle(['shop_id' => 1.5] + $settings, $order, $n));
show(fn () => CqrSettlement::settle($settings + ['codes' => []], $order, $n));
show(fn () => CqrSettlement::settle(['merchant_id' => 'TestMerchant'], $order, $n));
show(fn () => CqrSettlement::settle($settings + ['confirm_with_get_payments' => 'yes'], $order, $n));
show(fn () => CqrSettlement::settle($settings, ['credited' => 0.5] + $order, $n));
show(fn () => CqrSettlement::settle($settings, ['payment_id' => ' '] + $order, $n));
show(fn () => CqrSettlement::settle($settings, $order + ['bound' => 'x'], $n));
show(fn () => CqrSettlement::settle($settings, ['status' => 'reversing'] + $order, $n));
show(fn () => CqrSettlement::settle($settings, ['applied_keys' => [7]] + $order, $n));

echo "-- CQR messages\n";
show(fn () => CqrSettlement::settle($settings, $order, '<notxml'));
show(fn () => CqrSettlement::settle($settings, $order, '<getPaymentsResponse xmlns="http://www.cqrpayments.com/PaymentProcessing"><payments/></getPaymentsResponse>'));
show(fn () => CqrSettlement::settle($settings + ['confirm_with_get_payments' => true], $order, $n, '<notxml'));
show(fn () => CqrSettlement::settleGetPayments($settings, $order, $n));
show(fn () => CqrSettlement::settleGetPayments($settings, $order, '<getPaymentsResponse xmlns="http://www.cqrpayments.com/PaymentProcessing"><payments/></getPaymentsResponse>'));
show(fn () => CqrSettlement::storageFailed($settings, null));
show(fn () => CqrSettlement::storageFailed($settings, ['amount' => -1] + $order));

echo "-- CQR types\n";
show(fn () => CqrSettlement::settle(null, $order, $n));
show(fn () => CqrSettlement::settleGetPayments($settings, null, $n));
show(fn () => CqrSettlement::settle($settings, $order, $n, []));

echo "-- bindAttempt\n";
show(fn () => CqrSettlement::bindAttempt($order, 'pay-2'));
show(fn () => CqrSettlement::bindAttempt(['status' => 'failed', 'payment_id' => 'pay-1', 'applied_keys' => ['pay-1/4/s-4']] + $order, 'pay-2'));
show(fn () => CqrSettlement::bindAttempt(['status' => 'completed', 'credited' => 10000] + $order, 'pay-2'));
show(fn () => CqrSettlement::bindAttempt($order, '  '));
show(fn () => CqrSettlement::bindAttempt(['amount' => 100.0] + $order, 'pay-2'));
$bound = CqrSettlement::bindAttempt($order, 'aaaaaaaa-0000-0000-0000-00000000000a');
$d = CqrSettlement::settle($settings, $bound, $n);
echo $d->action, ' ', $d->record['payment_id'], ' ', json_encode($d->effects), "\n";

echo "-- Decision\n";
var_dump($d->resultCode, $d->resultName, $d->httpStatus, array_keys($d->toArray()));
$g = GateSettlement::storageFailed(null);
var_dump($g->record, $g->effects, $g->httpStatus, $g->resultCode, $g->body, array_keys($g->toArray()));
show(fn () => new Decision());
show(fn () => new GateSettlement());
show(fn () => new CqrSettlement());
show(function () use ($d) { $d->action = 'apply'; });
show(function () use ($d) { $d->extra = 1; });
show(fn () => clone $d);
show(fn () => serialize($d));
var_dump((new ReflectionClass(Decision::class))->isFinal(), (new ReflectionClass(GateSettlement::class))->isFinal(),
    (new ReflectionClass(CqrSettlement::class))->isFinal());
var_dump(function_exists('QiwiMerchant\Cqr\transition'), function_exists('QiwiMerchant\Gate\transition'));
?>
--EXPECT--
gate settlement: 45 cases, all steps
cqr settlement: 40 cases, all steps

failures: 0
-- Gate records
ok QiwiMerchant\Decision apply completed
ok QiwiMerchant\Decision apply completed
ok QiwiMerchant\Decision flag not_ours
ok QiwiMerchant\Decision unmatched unknown_payment
QiwiMerchant\ValidationException code=2 path='amount' fields=["amount"]
QiwiMerchant\ValidationException code=2 path='credited' fields=["credited"]
QiwiMerchant\ValidationException code=2 path='applied_operations:1' fields=["applied_operations:1"]
QiwiMerchant\ValidationException code=2 path='amount' fields=["amount"]
QiwiMerchant\ValidationException code=2 path='credit' fields=["credit"]
QiwiMerchant\ValidationException code=2 path='amount' fields=["amount"]
QiwiMerchant\ValidationException code=2 path='status' fields=["status"]
QiwiMerchant\ValidationException code=2 path='applied_operations' fields=["applied_operations"]
QiwiMerchant\ValidationException code=2 path='applied_operations' fields=["applied_operations"]
QiwiMerchant\ValidationException code=2 path='applied_operations:0' fields=["applied_operations:0"]
QiwiMerchant\ValidationException code=2 path='applied_operations' fields=["applied_operations"]
QiwiMerchant\ValidationException code=2 path='amount' fields=["amount"]
QiwiMerchant\ValidationException code=2 path='currency' fields=["currency"]
QiwiMerchant\ValidationException code=2 path='debited' fields=["debited"]
QiwiMerchant\ValidationException code=2 path='currency' fields=["currency","amount"]
QiwiMerchant\ValidationException code=2 path='record' fields=["record"]
QiwiMerchant\ValidationException code=2 path='kind' fields=["kind"]
QiwiMerchant\MalformedInputException code=1 path=NULL fields=[]
TypeError: QiwiMerchant: unsupported value of type stdClass at "amount" (only arrays, strings, ints, bools and null)
QiwiMerchant\LimitExceededException code=4 path=NULL fields=[]
-- Gate messages
QiwiMerchant\SignatureException code=3 path=NULL fields=[]
QiwiMerchant\SignatureException code=6 path=NULL fields=[]
QiwiMerchant\MalformedInputException code=1 path=NULL fields=[]
QiwiMerchant\SignatureException code=3 path=NULL fields=[]
QiwiMerchant\SignatureException code=3 path=NULL fields=[]
ok QiwiMerchant\Decision no_change no_payment_data
-- Gate types
TypeError: QiwiMerchant\Gate\Settlement::settle(): Argument #1 ($signer) must be of type QiwiMerchant\Gate\Signer, string given
TypeError: QiwiMerchant\Gate\Settlement::settle(): Argument #2 ($record) must be of type ?array, string given
TypeError: QiwiMerchant\Gate\Settlement::settle(): Argument #4 ($projectId) must be of type ?int, string given
TypeError: QiwiMerchant\Gate\Settlement::storageFailed(): Argument #1 ($record) must be of type ?array, int given
-- CQR documents
ok QiwiMerchant\Decision apply completed
ok QiwiMerchant\Decision retry confirmation_pending
ok QiwiMerchant\Decision unmatched unknown_payment
QiwiMerchant\ValidationException code=2 path='merchant_id' fields=["merchant_id"]
QiwiMerchant\ValidationException code=2 path='shop_id' fields=["shop_id"]
QiwiMerchant\ValidationException code=2 path='codes' fields=["codes"]
QiwiMerchant\ValidationException code=2 path='shop_id' fields=["shop_id"]
QiwiMerchant\ValidationException code=2 path='confirm_with_get_payments' fields=["confirm_with_get_payments"]
QiwiMerchant\ValidationException code=2 path='credited' fields=["credited"]
QiwiMerchant\ValidationException code=2 path='payment_id' fields=["payment_id"]
QiwiMerchant\ValidationException code=2 path='bound' fields=["bound"]
QiwiMerchant\ValidationException code=2 path='status' fields=["status"]
QiwiMerchant\ValidationException code=2 path='applied_keys:0' fields=["applied_keys:0"]
-- CQR messages
QiwiMerchant\MalformedInputException code=1 path='/' fields=[]
QiwiMerchant\MalformedInputException code=1 path='/getPaymentsResponse' fields=[]
QiwiMerchant\MalformedInputException code=1 path='/' fields=[]
QiwiMerchant\MalformedInputException code=1 path='/handlePaymentStateChangedNotificationRequest' fields=[]
ok QiwiMerchant\Decision no_change no_payment_data
ok QiwiMerchant\Decision retry storage_failed
QiwiMerchant\ValidationException code=2 path='amount' fields=["amount"]
-- CQR types
TypeError: QiwiMerchant\Cqr\Settlement::settle(): Argument #1 ($settings) must be of type array, null given
TypeError: QiwiMerchant\Cqr\Settlement::settleGetPayments(): Argument #2 ($order) must be of type array, null given
TypeError: QiwiMerchant\Cqr\Settlement::settle(): Argument #4 ($getPaymentsXml) must be of type ?string, array given
-- bindAttempt
ok {"status":"pending","amount":10000,"currency":"KZT","credited":0,"debited":0,"payment_id":"pay-2","applied_keys":[]}
ok {"status":"pending","amount":10000,"currency":"KZT","credited":0,"debited":0,"payment_id":"pay-2","applied_keys":["pay-1\/4\/s-4"]}
QiwiMerchant\ValidationException code=2 path='status' fields=["status"]
QiwiMerchant\ValidationException code=2 path='payment_id' fields=["payment_id"]
QiwiMerchant\ValidationException code=2 path='amount' fields=["amount"]
apply aaaaaaaa-0000-0000-0000-00000000000a [{"kind":"credit","amount":10000,"currency":"KZT","idempotency_key":"cqr\/1001-1\/credit"}]
-- Decision
int(0)
string(21) "ProcessedSuccessfully"
int(200)
array(9) {
  [0]=>
  string(6) "action"
  [1]=>
  string(11) "reason_code"
  [2]=>
  string(6) "reason"
  [3]=>
  string(6) "record"
  [4]=>
  string(7) "effects"
  [5]=>
  string(11) "http_status"
  [6]=>
  string(11) "result_code"
  [7]=>
  string(11) "result_name"
  [8]=>
  string(4) "body"
}
NULL
array(0) {
}
int(503)
NULL
NULL
array(6) {
  [0]=>
  string(6) "action"
  [1]=>
  string(11) "reason_code"
  [2]=>
  string(6) "reason"
  [3]=>
  string(6) "record"
  [4]=>
  string(7) "effects"
  [5]=>
  string(11) "http_status"
}
Error: Call to private QiwiMerchant\Decision::__construct() from global scope
Error: Call to private QiwiMerchant\Gate\Settlement::__construct() from global scope
Error: Call to private QiwiMerchant\Cqr\Settlement::__construct() from global scope
Error: Cannot modify readonly property QiwiMerchant\Decision::$action
Error: Cannot create dynamic property QiwiMerchant\Decision::$extra
Error: Trying to clone an uncloneable object of class QiwiMerchant\Decision
Exception: Serialization of 'QiwiMerchant\Decision' is not allowed
bool(true)
bool(true)
bool(true)
bool(false)
bool(false)
