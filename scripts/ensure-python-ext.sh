#!/usr/bin/env bash
# Makes sure .venv can import qiwi_merchant (with its Rust extension) for the Django targets.
# The build belongs to the Python package's Makefile target `python-ext`; this script only calls
# it (PROFILE=release passes through for benchmarks). Fallback while that target is absent:
# `maturin develop` (maturin is pinned in .venv).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if make -s -n python-ext >/dev/null 2>&1; then
    exec make -s python-ext
fi
if .venv/bin/python -c 'import qiwi_merchant._core' 2>/dev/null && [ -z "${FORCE_EXT_BUILD:-}" ]; then
    # installed already; rebuild only when the Rust sources are newer than the installed module
    so=$(.venv/bin/python -c 'import qiwi_merchant._core as m; print(m.__file__)')
    if [ -z "$(find src python/src python/Cargo.toml Cargo.toml -newer "$so" -print -quit 2>/dev/null)" ]; then
        exit 0
    fi
fi
args=(--quiet)
[ "${PROFILE:-debug}" != release ] || args+=(--release)
echo "ensure-python-ext: building qiwi_merchant into .venv (maturin develop ${args[*]})" >&2
VIRTUAL_ENV=$PWD/.venv PATH=$PWD/.venv/bin:$PATH .venv/bin/maturin develop "${args[@]}" >&2
