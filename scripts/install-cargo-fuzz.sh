#!/usr/bin/env bash
# Installs cargo-fuzz from crates.io into the project-local root .tools/cargo-fuzz-<version>
# (idempotent; nothing global is touched). Prints the path of the cargo-fuzz binary.
# Needs: rustup with a nightly toolchain, a C++ compiler (libFuzzer is built by libfuzzer-sys).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VERSION="${CARGO_FUZZ_VERSION:-0.13.2}"
ROOT="$PWD/.tools/cargo-fuzz-$VERSION"
BIN="$ROOT/bin/cargo-fuzz"

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "install-cargo-fuzz: the nightly toolchain is required (rustup toolchain install nightly)" >&2
    exit 1
fi

if [[ ! -x "$BIN" ]]; then
    echo "install-cargo-fuzz: installing cargo-fuzz $VERSION into $ROOT" >&2
    CARGO_INSTALL_ROOT="$ROOT" cargo install cargo-fuzz --version "=$VERSION" --locked --quiet >&2
fi
echo "$BIN"
