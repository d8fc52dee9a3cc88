#!/usr/bin/env bash
# Load test of the Django integration: the example shop under gunicorn on PostgreSQL, driven by
# the simulator's load mode (python -m qiwi_merchant.simulator --count N --concurrency C): every
# deposit's success callback delivered DUPLICATES times, shuffled; reports callbacks/s and checks
# that every deposit was credited exactly once (balances and the shop's ledger).
#
# Env: BENCH_COUNT (3000), BENCH_CONCURRENCY (16), BENCH_DUPLICATES (2), BENCH_WORKERS (2),
# BENCH_THREADS (8), BENCH_WORKER_CLASS (gthread), BENCH_PORT (8766), BENCH_MIN_RATE (0 = report
# only), BENCH_SERVER_SIDE_BINDING (true: psycopg 3 server-side parameters, so PostgreSQL reuses
# prepared statements; "false" = Django's default client-side binding),
# BENCH_SYNCHRONOUS_COMMIT (on; "off" shows the rate without waiting for the WAL flush: NOT a
# production setting, a 200 must only be answered after a durable commit), BENCH_JSON (the
# report, default target/bench-django.json: a work file in the checkout, not cargo output).
#
# Sizing for a small (2-core) box: one process per core (the GIL), enough threads per process to
# cover the database waits (each callback is one transaction: ~9 round trips and a WAL flush).
# gthread hands keep-alive connections out unevenly between workers, so fewer, wider workers
# balance better than many narrow ones. Persistent connections (DATABASE_CONN_MAX_AGE) are on.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
PY=${PYTHON_VENV:-$ROOT/.venv}/bin/python
COUNT=${BENCH_COUNT:-3000}
CONC=${BENCH_CONCURRENCY:-16}
DUPS=${BENCH_DUPLICATES:-2}
WORKERS=${BENCH_WORKERS:-2}
THREADS=${BENCH_THREADS:-8}
WORKER_CLASS=${BENCH_WORKER_CLASS:-gthread}
PORT=${BENCH_PORT:-8766}

url=$(scripts/pg-test-server.sh start)
base=${url%/*}
db=qiwi_bench
psql "${base/qiwi@/postgres@}/postgres" -qAt -c "drop database if exists $db with (force)" >/dev/null
psql "${base/qiwi@/postgres@}/postgres" -qAt -c "create database $db owner qiwi" >/dev/null
SYNC=${BENCH_SYNCHRONOUS_COMMIT:-on}
SSB=${BENCH_SERVER_SIDE_BINDING:-true}
export DATABASE_URL="$base/$db?options=-c%20synchronous_commit%3D$SYNC&server_side_binding=$SSB" DATABASE_CONN_MAX_AGE=600 \
    SHOP_LOG_LEVEL=ERROR PORT
# no built-in secrets: random ones for this run, read by the shop and the simulator alike (the
# load mode needs no CQR, so it stays off)
for v in QIWI_MERCHANT_GATE_SECRET QIWI_MERCHANT_DEMO_TOKEN DJANGO_SECRET_KEY; do
    export "$v=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')"
done
unset QIWI_MERCHANT_CQR_API_USER QIWI_MERCHANT_CQR_API_PASSWORD QIWI_MERCHANT_CQR_NOTIFY_USER QIWI_MERCHANT_CQR_NOTIFY_PASSWORD
(cd examples/django_shop && "$PY" manage.py migrate --noinput -v 0)

log=$(mktemp)
(cd examples/django_shop && exec "$PY" -m gunicorn shop.wsgi:application --bind "127.0.0.1:$PORT" \
    --workers "$WORKERS" --worker-class "$WORKER_CLASS" --threads "$THREADS" --keep-alive 30 \
    --log-level warning --access-logfile /dev/null) >"$log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -f -- "$log"
}
trap cleanup EXIT

echo "bench-django: gunicorn ${WORKERS} workers x ${THREADS} threads ($WORKER_CLASS) on 127.0.0.1:$PORT, PostgreSQL $base/$db (synchronous_commit=$SYNC, server_side_binding=$SSB, CONN_MAX_AGE=600)"
# make bench-django builds the extension with PROFILE=release; a debug build (it carries DWARF
# sections, [profile.release] has debug = false) would measure the wrong thing
so=$("$PY" -c 'import qiwi_merchant._core as m; print(m.__file__)')
if readelf -S "$so" 2>/dev/null | grep -q '\.debug_info'; then
    echo "bench-django: WARNING: $so is a debug build (run through make bench-django)" >&2
else
    echo "bench-django: extension $so (release build)"
fi
echo "bench-django: load before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
rc=0
json_out=${BENCH_JSON:-target/bench-django.json}
mkdir -p "$(dirname "$json_out")" # target/ need not exist when CARGO_TARGET_DIR is elsewhere
"$PY" -m qiwi_merchant.simulator --shop "http://127.0.0.1:$PORT" --wait 30 --count "$COUNT" \
    --concurrency "$CONC" --duplicates "$DUPS" --min-rate "${BENCH_MIN_RATE:-0}" \
    --json-out "$json_out" || rc=$?
echo "bench-django: load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$rc" -eq 0 ] || { echo "bench-django: server log:" >&2; tail -n 30 "$log" >&2; }
exit "$rc"
