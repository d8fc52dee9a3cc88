#!/bin/sh
# Prints cargo's target directory for this repository as an absolute path: CARGO_TARGET_DIR,
# `build.target-dir` of a .cargo/config.toml, or <repository>/target, exactly as cargo resolves
# it (`cargo metadata`). Every script and the PHP build (php-ext/Makefile.frag) find cargo's
# output, <dir>/debug or <dir>/release, through this, never through a literal target/.
#
# POSIX sh and sed only (no python or jq), because phpize builds run it on hosts that have just
# PHP's dev package and Rust. CARGO names the cargo binary (default: cargo on PATH).
set -eu
cd "$(dirname "$0")/.."
metadata=$("${CARGO:-cargo}" metadata --format-version 1 --no-deps) || {
    echo "cargo-target-dir: 'cargo metadata' failed in $PWD" >&2
    exit 1
}
# `cargo metadata` writes one line of JSON. Inside a JSON string every `"` is escaped, so the
# key followed directly by `":"` only matches the real member. A path with a backslash, quote or
# control character (JSON escapes) is refused rather than unescaped by hand.
dir=$(printf '%s\n' "$metadata" | sed -n 's/.*"target_directory":"\([^"\\]*\)".*/\1/p')
if [ -z "$dir" ]; then
    echo "cargo-target-dir: no plain target_directory in cargo metadata (a path with \\ or \" is not supported)" >&2
    exit 1
fi
printf '%s\n' "$dir"
