#!/usr/bin/env bash
# The Python package's checks (make test-python): pytest over tests/python (every shared
# vector, the settlement vectors of tests/vectors/settlement/ with the error paths of
# gate.settle / cqr.settle, the adversarial corpus, the jetpay-sdk differential test, threads,
# leaks), mypy --strict on the package and stubtest of the extension module. Expects .venv with
# the package (make python-ext).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=.venv/bin/python
# conftest.py fails the session when fewer tests than this ran (pytest's exit 5 for "no tests"
# is non-zero anyway and fails this script through set -e).
export QIWI_PYTEST_MIN_TESTS=${QIWI_PYTEST_MIN_TESTS:-350}
# -rs: skipped tests are listed with their reasons and counts (the adversarial corpus skips the
# entries and limits the package does not offer).
"$PY" -m pytest tests/python -q -rs -p no:cacheprovider
# The whole package, django/ and simulator/ included; pyproject.toml's [tool.mypy] makes Django's
# modules (no type information, no django-stubs) Any and relaxes only what that needs.
(cd python && "../$PY" -m mypy --config-file ../pyproject.toml --strict --no-incremental -p qiwi_merchant)
(cd python && "../$PY" -m mypy.stubtest qiwi_merchant._core)
echo "test-python: pytest, mypy --strict and stubtest passed"
