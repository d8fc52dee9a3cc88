#!/usr/bin/env bash
# The builds users run, with cargo's target directory outside the checkout (make test-build):
#
#   1. CARGO_TARGET_DIR=<tmp>/cargo-target make install PREFIX=<tmp>/prefix (no PROFILE): the
#      installed archive must be the one cargo just wrote to <tmp>/cargo-target/release (not a
#      stale target/ of the checkout), and scripts/c-example.sh builds examples/c/verify_callback.c
#      and a qm_build_profile() probe against the install with pkg-config, shared and static:
#      both must report "release" and verify a signed / refuse a tampered callback;
#   2. a plain `phpize && ./configure && make` (no flags) in a copy of php-ext/ outside the
#      checkout, QIWI_MERCHANT_ROOT pointing back at it and the same CARGO_TARGET_DIR (so the
#      release dependencies built in step 1 are reused): the extension must link a copy of
#      <tmp>/cargo-target/release/libqiwi_merchant.a, load, answer QiwiMerchant\version() with
#      the crate's version, and `php --ri qiwi_merchant` must say the core build is release.
#
# Cold, this is one release build of the dependencies (~1-2 min on 2 cores) plus the crate
# twice. TEST_BUILD_TARGET_DIR=<dir outside the checkout> reuses a cargo target directory across
# runs (it is kept); otherwise a fresh one under TMPDIR is removed afterwards. Needs cc,
# pkg-config, python3, phpize and php (scripts/php-ext.sh deps installs PHP when root); under
# CI a missing tool fails, otherwise the steps needing it are SKIPPED loudly.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -1)

missing() { # tool
    if [ -n "${CI:-}" ]; then
        echo "test-build: $1 is required under CI but not installed" >&2
        exit 1
    fi
    echo "test-build: WARNING: $1 not found: SKIPPING the steps that need it" >&2
    skipped+=("$1")
}
skipped=()

outside_checkout() { # dir: fails when dir is the checkout or inside it
    case "$(cd "$1" && pwd -P)/" in
        "$(pwd -P)/"*) echo "test-build: $1 is inside the checkout $ROOT; it must be outside" >&2; exit 1 ;;
    esac
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qm-test-build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
outside_checkout "$tmp"
if [ -n "${TEST_BUILD_TARGET_DIR:-}" ]; then
    mkdir -p "$TEST_BUILD_TARGET_DIR"
    CARGO_TARGET_DIR=$(cd "$TEST_BUILD_TARGET_DIR" && pwd)
else
    CARGO_TARGET_DIR=$tmp/cargo-target
    mkdir -p "$CARGO_TARGET_DIR"
fi
outside_checkout "$CARGO_TARGET_DIR"
export CARGO_TARGET_DIR
release_archive=$CARGO_TARGET_DIR/release/libqiwi_merchant.a
[ "$(scripts/cargo-target-dir.sh)" = "$CARGO_TARGET_DIR" ] ||
    { echo "test-build: scripts/cargo-target-dir.sh does not honour CARGO_TARGET_DIR" >&2; exit 1; }

# ---- 1. make install PREFIX=... (release libraries) ------------------------------------------
prefix=$tmp/prefix
echo "== test-build: CARGO_TARGET_DIR=$CARGO_TARGET_DIR make install PREFIX=$prefix"
start=$SECONDS
# PROFILE is a c-abi.sh knob: the defaults are what is under test.
env -u PROFILE make --no-print-directory -s install PREFIX="$prefix"
echo "test-build: make install took $((SECONDS - start)) s"
cmp -s "$release_archive" "$prefix/lib/libqiwi_merchant.a" ||
    { echo "test-build: $prefix/lib/libqiwi_merchant.a is not $release_archive (cargo's fresh release output)" >&2; exit 1; }
if ! command -v "${CC:-cc}" >/dev/null; then
    missing "${CC:-cc}"
elif ! command -v pkg-config >/dev/null; then
    missing pkg-config
else
    scripts/c-example.sh "$prefix" "$tmp/c-bin" release
fi

# ---- 2. phpize && ./configure && make, no flags ----------------------------------------------
if { ! command -v phpize || ! command -v php; } >/dev/null && [ "$(id -u)" = 0 ]; then
    scripts/php-ext.sh deps
fi
if ! command -v phpize >/dev/null; then
    missing phpize
elif ! command -v php >/dev/null; then
    missing php
else
    ext=$tmp/php-ext
    mkdir -p "$ext"
    # The sources a release tarball of php-ext/ has (not the configured development build).
    cp "$ROOT"/php-ext/config.m4 "$ROOT"/php-ext/Makefile.frag "$ROOT"/php-ext/*.c "$ROOT"/php-ext/*.map "$ext/"
    for h in "$ROOT"/php-ext/*.h; do
        [ "$(basename "$h")" = config.h ] || cp "$h" "$ext/"
    done
    echo "== test-build: phpize && ./configure && make in $ext (QIWI_MERCHANT_ROOT=$ROOT)"
    start=$SECONDS
    (
        cd "$ext"
        phpize >phpize.log 2>&1 || { cat phpize.log >&2; exit 1; }
        QIWI_MERCHANT_ROOT=$ROOT ./configure >configure.log ||
            { cat configure.log >&2; exit 1; }
        grep -q '^checking whether to build the bundled qiwi-merchant library in the debug profile... no$' configure.log ||
            { echo "test-build: configure did not choose the release core by default" >&2; exit 1; }
        make -s >/dev/null
    )
    echo "test-build: phpize build took $((SECONDS - start)) s"
    so=$ext/modules/qiwi_merchant.so
    cmp -s "$release_archive" "$ext/qm-lib/libqiwi_merchant.a" ||
        { echo "test-build: the extension did not link $release_archive" >&2; exit 1; }
    got=$(php -n -d extension="$so" -r 'echo QiwiMerchant\version();')
    [ "$got" = "$version" ] || { echo "test-build: QiwiMerchant\\version() is '$got', expected $version" >&2; exit 1; }
    info=$(php -n -d extension="$so" --ri qiwi_merchant)
    grep -qx 'qiwi-merchant core build => release' <<<"$info" ||
        { echo "test-build: php --ri qiwi_merchant does not report a release core:" >&2; echo "$info" >&2; exit 1; }
    echo "ok: $so loads, version $got, release core"
fi

if [ ${#skipped[@]} -gt 0 ]; then
    echo "test-build: passed, but SKIPPED steps needing: ${skipped[*]}" >&2
else
    echo "test-build: make install and the phpize build are release and work with CARGO_TARGET_DIR outside the checkout"
fi
