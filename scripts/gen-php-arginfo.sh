#!/usr/bin/env bash
# Regenerates php-ext/qiwi_merchant_arginfo.h from php-ext/qiwi_merchant.stub.php with php-src's
# gen_stub.php (shipped by php8.x-dev as /usr/lib/php/<api>/build/gen_stub.php). gen_stub needs
# nikic/php-parser 4.x and would download it from GitHub; we point it at Debian's `php-parser`
# package instead (apt-get install php-parser), so this runs offline. The output is committed:
# building the extension never needs this script.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

gen_stub=$(ls /usr/lib/php/*/build/gen_stub.php 2>/dev/null | head -1 || true)
[ -n "$gen_stub" ] || { echo "gen-php-arginfo: gen_stub.php not found (apt-get install php8.2-dev)" >&2; exit 1; }
[ -d /usr/share/php/PhpParser ] || { echo "gen-php-arginfo: PhpParser not found (apt-get install php-parser)" >&2; exit 1; }

# gen_stub loads PhpParser from <its dir>/PHP-Parser-<version>/lib; give it a private copy
# whose parser directory is the Debian package.
version=$(sed -n 's/.*\$version = "\([0-9.]*\)";.*/\1/p' "$gen_stub" | head -1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$gen_stub" "$tmp/gen_stub.php"
mkdir -p "$tmp/PHP-Parser-$version/lib"
ln -s /usr/share/php/PhpParser "$tmp/PHP-Parser-$version/lib/PhpParser"
php "$tmp/gen_stub.php" --force-regeneration php-ext/qiwi_merchant.stub.php

# gen_stub 8.2 writes namespaced function names into C string literals without escaping the
# backslashes ("qiwimerchant\cqr\checkbasicauth"), so the #[\SensitiveParameter] registration
# of namespaced functions would look up the wrong name (and crash on NULL). Escape them.
sed -i '/zend_hash_str_find_ptr(CG(function_table), "/ s/\\/\\\\/g' php-ext/qiwi_merchant_arginfo.h
grep -q 'qiwimerchant\\\\cqr\\\\checkbasicauth' php-ext/qiwi_merchant_arginfo.h \
    || { echo "gen-php-arginfo: backslash fix-up did not apply" >&2; exit 1; }
