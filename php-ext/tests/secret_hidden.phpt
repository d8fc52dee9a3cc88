--TEST--
The Gate secret and the Basic password never show in dumps, casts, exports or exception traces
--EXTENSIONS--
qiwi_merchant
--INI--
zend.exception_ignore_args=0
--FILE--
<?php
use QiwiMerchant\Gate\Signer;

const SECRET = 'TOP-SECRET-KEY-4f1c';
$s = new Signer(SECRET);
$out = '';
ob_start();
var_dump($s);
print_r($s);
echo "\n";
var_export($s);
echo "\n";
var_dump((array) $s, get_object_vars($s), json_encode($s));
debug_print_backtrace();
$out = ob_get_clean();
echo $out;
var_dump(str_contains($out, SECRET));

// Exceptions thrown while the secret is an argument: the trace shows a placeholder.
$traces = '';
try {
    new Signer(SECRET, ['max_depth' => 'not a number']);
} catch (QiwiMerchant\Exception $e) {
    echo get_class($e), "\n";
    $traces .= $e->getTraceAsString() . (string) $e . print_r($e->getTrace(), true);
    var_dump($e->getTrace()[0]['args'][0] instanceof SensitiveParameterValue);
}
try {
    QiwiMerchant\Cqr\basicAuthorization('us:er', SECRET);
} catch (QiwiMerchant\Exception $e) {
    echo get_class($e), "\n";
    $traces .= $e->getTraceAsString() . (string) $e . print_r($e->getTrace(), true);
}
try {
    QiwiMerchant\Cqr\checkBasicAuth('pxp', SECRET, []);
} catch (TypeError $e) {
    echo get_class($e), "\n";
    $traces .= $e->getTraceAsString() . (string) $e . print_r($e->getTrace(), true);
}
var_dump(str_contains($traces, SECRET), str_contains($traces, 'SensitiveParameterValue'));
// The signer still signs with the secret it was given.
var_dump($s->sign(['a' => '1']) === base64_encode(hash_hmac('sha512', 'a:1', SECRET, true)));
?>
--EXPECTF--
object(QiwiMerchant\Gate\Signer)#1 (0) {
}
QiwiMerchant\Gate\Signer Object
(
)

\QiwiMerchant\Gate\Signer::__set_state(array(
))
array(0) {
}
array(0) {
}
string(2) "{}"
bool(false)
QiwiMerchant\ValidationException
bool(true)
QiwiMerchant\ValidationException
TypeError
bool(false)
bool(true)
bool(true)
