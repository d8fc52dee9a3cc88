--TEST--
Shared Gate vectors (tests/vectors/gate/*.json), with the Rust runner's expectations
--EXTENSIONS--
qiwi_merchant
--FILE--
<?php
require __DIR__ . '/vectors.inc';
[$n, $failures] = run_gate_vectors();
echo "gate vectors: $n cases\n";
echo implode("\n", $failures), "\n";
echo 'failures: ', count($failures), "\n";
?>
--EXPECTF--
gate vectors: %d cases

failures: 0
