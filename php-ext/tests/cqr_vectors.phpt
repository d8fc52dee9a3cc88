--TEST--
Shared CQR vectors (tests/vectors/cqr/*.json), with the Rust runner's expectations
--EXTENSIONS--
qiwi_merchant
--FILE--
<?php
require __DIR__ . '/vectors.inc';
[$n, $failures] = run_cqr_vectors();
echo "cqr vector files: $n\n";
echo implode("\n", $failures), "\n";
echo 'failures: ', count($failures), "\n";
?>
--EXPECTF--
cqr vector files: %d

failures: 0
