#!/usr/bin/env bash
# Creates/updates the repo-local Python venv (.venv) with tests/requirements-dev.txt.
# Idempotent: a fast no-op when .venv works and was set up from the same requirements
# (sha256 of the requirements file, kept in .venv/.requirements.sha256).
#
# Env: PYTHON (interpreter used to create the venv, default python3), VENV (default .venv).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
REQ=tests/requirements-dev.txt
STAMP="$VENV/.requirements.sha256"

want=$(sha256sum "$REQ" | cut -d' ' -f1)

venv_works() { [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c '' 2>/dev/null; }

if venv_works && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
    exit 0
fi

if [ -e "$VENV" ] && ! venv_works; then
    echo "setup-python-venv: $VENV is broken; recreating it" >&2
    rm -rf -- "$VENV"
fi
if [ ! -e "$VENV" ]; then
    if ! command -v "$PYTHON" >/dev/null; then
        echo "setup-python-venv: $PYTHON not found (set PYTHON=...)" >&2
        exit 1
    fi
    echo "setup-python-venv: creating $VENV with $("$PYTHON" --version 2>&1)" >&2
    if ! "$PYTHON" -m venv "$VENV"; then
        echo "setup-python-venv: '$PYTHON -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2
        rm -rf -- "$VENV"
        exit 1
    fi
fi

echo "setup-python-venv: installing $REQ into $VENV" >&2
rm -f -- "$STAMP"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    --only-binary=:all: --require-hashes -r "$REQ"
printf '%s\n' "$want" >"$STAMP.tmp"
mv -f -- "$STAMP.tmp" "$STAMP"
