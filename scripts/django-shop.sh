#!/usr/bin/env bash
# The example Django shop (examples/django_shop).
#
#   scripts/django-shop.sh serve      migrate, then serve on 127.0.0.1:$PORT in the foreground
#   scripts/django-shop.sh migrate    only migrate
#   scripts/django-shop.sh demo       migrate, start the shop in the background, run the
#                                     simulator (functional run + a small load run), stop the shop
#
# Env: PORT (8000), DATABASE_URL (PostgreSQL; default SQLite in examples/django_shop/var/),
# QIWI_MERCHANT_* (see examples/django_shop/shop/settings.py), SIM_LISTEN (127.0.0.1:8799, the
# simulated Gate/PXP API the shop calls for payouts and initiatePayment).
#
# No built-in secrets. serve/migrate need QIWI_MERCHANT_GATE_SECRET (refused without it); CQR is
# on only with all four QIWI_MERCHANT_CQR_{API_USER,API_PASSWORD,NOTIFY_USER,NOTIFY_PASSWORD}
# (some but not all: refused); the /shop/ demo endpoints need QIWI_MERCHANT_DEMO_TOKEN (off
# without it). `demo` generates fresh random values for all of them (and DJANGO_SECRET_KEY) for
# its run and hands them to the shop and the simulator through the environment.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
PY=${PYTHON_VENV:-$ROOT/.venv}/bin/python
PORT=${PORT:-8000}
SIM_LISTEN=${SIM_LISTEN:-127.0.0.1:8799}
export PORT QIWI_MERCHANT_SIMULATOR_URL=${QIWI_MERCHANT_SIMULATOR_URL:-http://$SIM_LISTEN}
export PYTHONUNBUFFERED=1

"$PY" -c 'import qiwi_merchant._core, django' 2>/dev/null || {
    echo "django-shop: .venv lacks qiwi_merchant/Django (run: make python-venv python-ext)" >&2
    exit 1
}

manage() { (cd examples/django_shop && "$PY" manage.py "$@"); }

CQR_VARS=(QIWI_MERCHANT_CQR_API_USER QIWI_MERCHANT_CQR_API_PASSWORD QIWI_MERCHANT_CQR_NOTIFY_USER QIWI_MERCHANT_CQR_NOTIFY_PASSWORD)

# Refuse to start without the Gate secret or with half the CQR credentials (settings.py refuses
# too; this says it before anything runs). Notes what is off.
require_config() {
    if [ -z "${QIWI_MERCHANT_GATE_SECRET:-}" ]; then
        echo "django-shop: QIWI_MERCHANT_GATE_SECRET is not set: the example shop has no built-in Gate secret;" \
            "set the project's secret key (make demo generates a random one for its run)" >&2
        exit 1
    fi
    local v set=() missing=()
    for v in "${CQR_VARS[@]}"; do
        if [ -n "${!v:-}" ]; then set+=("$v"); else missing+=("$v"); fi
    done
    if [ ${#set[@]} -gt 0 ] && [ ${#missing[@]} -gt 0 ]; then
        echo "django-shop: ${missing[*]} not set: CQR is enabled by ${set[*]} and needs all four" \
            "(unset them all to run without CQR)" >&2
        exit 1
    fi
    [ ${#set[@]} -gt 0 ] || echo "django-shop: CQR disabled (no ${CQR_VARS[*]}): notifications are refused (401)" >&2
    [ -n "${QIWI_MERCHANT_DEMO_TOKEN:-}" ] || echo "django-shop: QIWI_MERCHANT_DEMO_TOKEN not set: the /shop/ demo endpoints are off (404)" >&2
}

random_token() { "$PY" -c 'import secrets; print(secrets.token_urlsafe(32))'; }

migrate() {
    manage migrate --noinput -v 0
}

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

case "${1:-serve}" in
migrate)
    require_config
    migrate
    ;;
serve)
    require_config
    migrate
    manage qiwi_merchant_selftest --base-url "http://127.0.0.1:$PORT" || true
    echo "Serving the example shop on http://127.0.0.1:$PORT/ (Ctrl-C stops it)"
    cd examples/django_shop && exec "$PY" manage.py runserver --noreload "127.0.0.1:$PORT"
    ;;
demo)
    port_free "$PORT" || { echo "django-shop: port $PORT is in use (set PORT=...)" >&2; exit 1; }
    port_free "${SIM_LISTEN##*:}" || { echo "django-shop: port ${SIM_LISTEN##*:} is in use (set SIM_LISTEN=host:port)" >&2; exit 1; }
    # fresh random secrets for this run only; the shop (settings.py) and the simulator read the
    # same variables, so nothing is built in anywhere
    for v in QIWI_MERCHANT_GATE_SECRET QIWI_MERCHANT_CQR_API_PASSWORD QIWI_MERCHANT_CQR_NOTIFY_PASSWORD \
        QIWI_MERCHANT_DEMO_TOKEN DJANGO_SECRET_KEY; do
        export "$v=$(random_token)"
    done
    export QIWI_MERCHANT_CQR_API_USER="api-$(random_token | cut -c1-8)"
    export QIWI_MERCHANT_CQR_NOTIFY_USER="pxp-$(random_token | cut -c1-8)"
    echo "django-shop: generated a random Gate secret, CQR credentials and demo token for this run"
    require_config
    migrate
    log=$(mktemp)
    (cd examples/django_shop && exec "$PY" manage.py runserver --noreload "127.0.0.1:$PORT") >"$log" 2>&1 &
    server=$!
    cleanup() {
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
        rm -f -- "$log"
    }
    trap cleanup EXIT
    echo "Example shop started on http://127.0.0.1:$PORT/ (pid $server); simulator platform on $SIM_LISTEN"
    rc=0
    "$PY" -m qiwi_merchant.simulator --shop "http://127.0.0.1:$PORT" --platform-listen "$SIM_LISTEN" --wait 30 || rc=$?
    if [ "$rc" -eq 0 ]; then
        echo
        echo "Small load run (exactly-once under concurrency; the full figure is make bench-django):"
        "$PY" -m qiwi_merchant.simulator --shop "http://127.0.0.1:$PORT" --count 100 --concurrency 8 || rc=$?
    fi
    if [ "$rc" -ne 0 ]; then
        echo "django-shop: the simulator reported failures (exit $rc); server log:" >&2
        tail -n 40 "$log" >&2
    fi
    exit "$rc"
    ;;
*) echo "usage: $0 serve|migrate|demo" >&2; exit 2 ;;
esac
