#!/usr/bin/env bash
# The Django integration's test suite (tests/django), twice: on SQLite, then on a real
# PostgreSQL server (scripts/pg-test-server.sh; installed and started when missing) where the
# concurrency tests run. Run through `make test-django`, which builds the package into .venv first.
#
# Under CI (CI set) a PostgreSQL server that cannot be started fails the run; otherwise the
# PostgreSQL half is skipped with a loud note. pytest's exit code 5 (no tests collected) fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PY=${PYTHON_VENV:-$PWD/.venv}/bin/python
"$PY" -c 'import qiwi_merchant._core, django, pytest_django' 2>/dev/null || {
    echo "test-django: .venv lacks qiwi_merchant/Django (run: make python-venv python-ext)" >&2
    exit 1
}

run_pytest() {
    local label=$1
    shift
    echo "== tests/django on $label =="
    local rc=0
    (cd tests/django && "$PY" -m pytest -q "$@") || rc=$?
    if [ "$rc" -eq 5 ]; then
        echo "test-django: pytest collected no tests on $label" >&2
        exit 1
    fi
    [ "$rc" -eq 0 ] || exit "$rc"
}

QIWI_TEST_DB=sqlite run_pytest SQLite "$@"

url=""
if url=$(scripts/pg-test-server.sh start); then
    :
else
    if [ -n "${CI:-}" ]; then
        echo "test-django: PostgreSQL could not be started (CI: failing, not skipping)" >&2
        exit 1
    fi
    echo "test-django: WARNING: PostgreSQL could not be started; the PostgreSQL half was SKIPPED" >&2
    exit 0
fi
QIWI_TEST_DB=postgres DATABASE_URL=$url run_pytest "PostgreSQL ($url)" "$@"
