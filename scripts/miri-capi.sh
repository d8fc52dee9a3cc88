#!/usr/bin/env bash
# Runs the Rust unit tests of the C ABI (src/capi/tests.rs) under miri, which checks the unsafe
# code for undefined behaviour (~1.5 min warm). Needs the nightly toolchain with the miri
# component; where that is missing (it cannot be installed from a package registry) the step
# is reported as SKIPPED loudly instead of failing, also under CI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CARGO=${CARGO:-cargo}
if ! "$CARGO" +nightly miri --version >/dev/null 2>&1; then
    echo "miri-capi: WARNING: SKIPPED: no nightly toolchain with miri ('rustup component add --toolchain nightly miri rust-src')" >&2
    exit 0
fi
exec "$CARGO" +nightly miri test --lib --features capi capi::
