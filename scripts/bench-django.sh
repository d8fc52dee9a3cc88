#!/usr/bin/env bash
# Load test of the Django integration: the example shop under gunicorn on PostgreSQL, driven by
# the simulator's load mode (python -m qiwi_merchant.simulator --count N --concurrency C): every
# deposit's success callback delivered DUPLICATES times, shuffled; reports callbacks/s and checks
# that every deposit was credited exactly once (balances and the shop's ledger).
#
# Env: BENCH_COUNT (3000), BENCH_CONCURRENCY (16), BENCH_DUPLICATES (2), BENCH_WORKERS (3),
# BENCH_THREADS (4), BENCH_PORT (8766), BENCH_MIN_RATE (0 = report only),
# BENCH_SYNCHRONOUS_COMMIT (on; "off" shows the rate without waiting for the WAL flush: NOT a
# production setting, a 200 must only be answered after a durable commit).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
PY=${PYTHON_VENV:-$ROOT/.venv}/bin/python
COUNT=${BENCH_COUNT:-3000}
CONC=${BENCH_CONCURRENCY:-16}
DUPS=${BENCH_DUPLICATES:-2}
WORKERS=${BENCH_WORKERS:-3}
THREADS=${BENCH_THREADS:-4}
PORT=${BENCH_PORT:-8766}

url=$(scripts/pg-test-server.sh start)
base=${url%/*}
db=qiwi_bench
psql "${base/qiwi@/postgres@}/postgres" -qAt -c "drop database if exists $db with (force)" >/dev/null
psql "${base/qiwi@/postgres@}/postgres" -qAt -c "create database $db owner qiwi" >/dev/null
SYNC=${BENCH_SYNCHRONOUS_COMMIT:-on}
export DATABASE_URL="$base/$db?options=-c%20synchronous_commit%3D$SYNC" DATABASE_CONN_MAX_AGE=600 SHOP_LOG_LEVEL=ERROR PORT
(cd examples/django_shop && "$PY" manage.py migrate --noinput -v 0)

log=$(mktemp)
(cd examples/django_shop && exec "$PY" -m gunicorn shop.wsgi:application --bind "127.0.0.1:$PORT" \
    --workers "$WORKERS" --worker-class gthread --threads "$THREADS" --keep-alive 30 \
    --log-level warning --access-logfile /dev/null) >"$log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -f -- "$log"
}
trap cleanup EXIT

echo "bench-django: gunicorn ${WORKERS} workers x ${THREADS} threads (gthread) on 127.0.0.1:$PORT, PostgreSQL $base/$db (synchronous_commit=$SYNC)"
echo "bench-django: load before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
rc=0
"$PY" -m qiwi_merchant.simulator --shop "http://127.0.0.1:$PORT" --wait 30 --count "$COUNT" \
    --concurrency "$CONC" --duplicates "$DUPS" --min-rate "${BENCH_MIN_RATE:-0}" \
    --json-out "${BENCH_JSON:-target/bench-django.json}" || rc=$?
echo "bench-django: load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$rc" -eq 0 ] || { echo "bench-django: server log:" >&2; tail -n 30 "$log" >&2; }
exit "$rc"
