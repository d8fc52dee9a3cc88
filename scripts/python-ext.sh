#!/usr/bin/env bash
# Builds the Python package's Rust extension (qiwi_merchant._core) and installs the package
# into .venv as an editable install (maturin develop). Debug profile by default (the test loop),
# in cargo's target directory (CARGO_TARGET_DIR is honoured); PROFILE=release for an optimised
# build (benchmarks). The wheel users install (`pip install .`, maturin's PEP 517 build) is release.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV=${VENV:-.venv}
args=(--quiet)
if [ "${PROFILE:-debug}" = release ]; then
    args+=(--release)
fi
VIRTUAL_ENV=$PWD/$VENV PATH=$PWD/$VENV/bin:$PATH "$VENV/bin/maturin" develop "${args[@]}" >&2
"$VENV/bin/python" -c 'import qiwi_merchant, qiwi_merchant._core'
