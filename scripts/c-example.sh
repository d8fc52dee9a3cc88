#!/usr/bin/env bash
# Builds examples/c/verify_callback.c against an installed qiwi_merchant (PREFIX as
# `make install PREFIX=...` writes it) the way the README shows, with pkg-config, shared and
# static, and runs both on a signed and on a tampered callback from the shared vectors. Both
# builds also link a probe that prints qm_version() and qm_build_profile(), which must be the
# crate's version and PROFILE ("release" or "debug"), so an install of the wrong build fails.
#
#   scripts/c-example.sh PREFIX OUT_DIR PROFILE
#
# Used by scripts/test-c.sh (debug stage) and scripts/test-build.sh (release install).
# Needs CC (default cc), pkg-config and python3.
set -euo pipefail
[ $# = 3 ] || { sed -n '2,11s/^# \{0,1\}//p' "$0" >&2; exit 2; }
prefix=$(cd "$1" && pwd)
out=$(mkdir -p "$2" && cd "$2" && pwd)
profile=$3
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CC=${CC:-cc}
version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -1)
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/profile_probe.c" <<'EOF'
#include <qiwi_merchant.h>
#include <stdio.h>
int main(void) {
    printf("%s %s\n", qm_version(), qm_build_profile());
    return 0;
}
EOF
static_libs=$(pkg-config --static --libs-only-l qiwi_merchant | sed 's/-lqiwi_merchant//')
for src in examples/c/verify_callback.c "$tmp/profile_probe.c"; do
    name=$(basename "$src" .c)
    # shellcheck disable=SC2046
    "$CC" -std=c11 -Wall -Wextra -Werror "$src" $(pkg-config --cflags --libs qiwi_merchant) -o "$out/$name"
    # shellcheck disable=SC2046,SC2086
    "$CC" -std=c11 -Wall -Wextra -Werror "$src" $(pkg-config --cflags qiwi_merchant) \
        "$prefix/lib/libqiwi_merchant.a" $static_libs -o "$out/${name}_static"
done

# A signed callback from the shared vectors: secret "qiwi-merchant-test-secret".
python3 -c 'import json, sys
d = json.load(open("tests/vectors/gate/callback.json"))
sys.stdout.write(next(c["input"] for c in d["cases"] if c["op"] == "callback" and "error" not in c))' > "$tmp/body"

for link in shared static; do
    suffix=$([ $link = static ] && echo _static || true)
    echo "== c-example: $prefix ($link): qm_build_profile() is $profile"
    got=$(LD_LIBRARY_PATH=$prefix/lib "$out/profile_probe$suffix")
    [ "$got" = "$version $profile" ] ||
        { echo "c-example: the $link library reports '$got', expected '$version $profile'" >&2; exit 1; }
    if [ $link = shared ]; then
        # The shared build must resolve the installed library, not another one on the system.
        # (ldd's output captured first: `ldd | grep -q` under pipefail fails when grep exits early)
        libs=$(LD_LIBRARY_PATH=$prefix/lib ldd "$out/profile_probe")
        grep -qF "=> $prefix/lib/libqiwi_merchant.so" <<<"$libs" ||
            { echo "c-example: $out/profile_probe does not load $prefix/lib/libqiwi_merchant.so" >&2; exit 1; }
    fi
    echo "== c-example: examples/c/verify_callback.c ($link)"
    exe=$out/verify_callback$suffix
    got=$(LD_LIBRARY_PATH=$prefix/lib QIWI_MERCHANT_SECRET=qiwi-merchant-test-secret "$exe" < "$tmp/body")
    [[ $got == "verified: {"* ]] || { echo "c-example: example did not verify: $got" >&2; exit 1; }
    status=0
    got=$(LD_LIBRARY_PATH=$prefix/lib QIWI_MERCHANT_SECRET=another-secret "$exe" < "$tmp/body") || status=$?
    [ "$status" = 1 ] && [[ $got == "rejected [signature_mismatch]"* ]] ||
        { echo "c-example: example accepted a wrong secret ($status): $got" >&2; exit 1; }
    echo "ok"
done
