#!/usr/bin/env bash
# Generates the C header with the pinned cbindgen. It is installed on first use with
# `cargo install --locked` into QM_TOOLS_DIR (default ~/.cache/qiwi-merchant/tools, shared by every
# clone on the machine, so fresh CI clones do not rebuild it).
#   scripts/gen-header.sh            writes include/qiwi_merchant.h
#   scripts/gen-header.sh --check    fails when the committed header differs from a fresh one
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CBINDGEN_VERSION=0.28.0
TOOLS=${QM_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/qiwi-merchant/tools}
ROOT=$TOOLS/cbindgen-$CBINDGEN_VERSION
CBINDGEN=$ROOT/bin/cbindgen
HEADER=include/qiwi_merchant.h

if [ ! -x "$CBINDGEN" ] || [ "$("$CBINDGEN" --version 2>/dev/null)" != "cbindgen $CBINDGEN_VERSION" ]; then
    echo "gen-header: installing cbindgen $CBINDGEN_VERSION into $ROOT (one-time)" >&2
    mkdir -p "$TOOLS"
    cargo install cbindgen --version "$CBINDGEN_VERSION" --locked --root "$ROOT" >&2
fi

version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -1)
IFS=. read -r major minor patch <<<"${version%%-*}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$CBINDGEN" --quiet --config cbindgen.toml --crate qiwi-merchant --output "$tmp/raw.h" .
sed -e "s/@MAJOR@/$major/; s/@MINOR@/$minor/; s/@PATCH@/$patch/; s/@VERSION@/$version/" \
    "$tmp/raw.h" > "$tmp/qiwi_merchant.h"

if [ "${1:-}" = "--check" ]; then
    if ! diff -u "$HEADER" "$tmp/qiwi_merchant.h"; then
        echo "gen-header: $HEADER is out of date; run 'make header' and commit it" >&2
        exit 1
    fi
    echo "gen-header: $HEADER is up to date"
else
    mkdir -p include
    cp "$tmp/qiwi_merchant.h" "$HEADER"
    echo "gen-header: wrote $HEADER"
fi
