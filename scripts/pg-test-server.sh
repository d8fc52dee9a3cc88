#!/usr/bin/env bash
# A private PostgreSQL server for the Django tests and benchmarks, on loopback only.
#
#   scripts/pg-test-server.sh start   install (Debian package `postgresql`) if needed, init, start
#   scripts/pg-test-server.sh stop    stop the server this script started
#   scripts/pg-test-server.sh status  exit 0 when it answers
#   scripts/pg-test-server.sh url     print the DATABASE_URL
#
# The cluster lives in target/pg-test/ (git-ignored). PostgreSQL refuses to run as root, so as
# root the server runs as the `postgres` system user; when that user cannot reach the repository
# (e.g. a clone under a 0700 mktemp dir) the cluster goes to /tmp/qiwi-merchant-pg-test-$PORT.
# Authentication is `trust` on 127.0.0.1 only: a throw-away test server, never a real database.
#
# Env: PG_TEST_PORT (54329), PG_TEST_DIR (target/pg-test), PG_TEST_USER/PG_TEST_DB (qiwi).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PORT=${PG_TEST_PORT:-54329}
DBUSER=${PG_TEST_USER:-qiwi}
DBNAME=${PG_TEST_DB:-qiwi}
ROOT_DIR=${PG_TEST_DIR:-$PWD/target/pg-test}
URL="postgres://$DBUSER@127.0.0.1:$PORT/$DBNAME"

log() { echo "pg-test-server: $*" >&2; }

find_bin() {
    local d
    if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
        BIN=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
        return 0
    fi
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
    if [ -n "$d" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then
        BIN=$d
        return 0
    fi
    return 1
}

install_pg() {
    find_bin && return 0
    if [ "$(id -u)" -ne 0 ]; then
        log "pg_ctl/initdb not found and not root: install the Debian package 'postgresql'"
        exit 1
    fi
    log "installing PostgreSQL (apt-get install -y postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq postgresql >/dev/null
    # the Debian package may create and start a default cluster on 5432; we do not use it
    find_bin || { log "PostgreSQL installed but pg_ctl not found"; exit 1; }
}

# run CMD as the cluster owner
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

pick_dir() {
    DIR=$ROOT_DIR
    if [ "$(id -u)" -eq 0 ]; then
        mkdir -p "$DIR"
        if ! runuser -u postgres -- test -x "$DIR" 2>/dev/null; then
            DIR=/tmp/qiwi-merchant-pg-test-$PORT
        fi
    fi
    DATA=$DIR/data
    SOCK=$DIR/run
    LOGF=$DIR/server.log
}

answers() {
    "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2 2>/dev/null
}

start() {
    install_pg
    pick_dir
    if answers; then
        log "a server already answers on 127.0.0.1:$PORT; using it"
    else
        mkdir -p "$DIR" "$SOCK"
        [ "$(id -u)" -ne 0 ] || chown postgres: "$DIR" "$SOCK"
        if [ ! -s "$DATA/PG_VERSION" ]; then
            log "initdb $DATA"
            rm -rf -- "$DATA"
            mkdir -p "$DATA"
            [ "$(id -u)" -ne 0 ] || chown postgres: "$DATA"
            as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null ||
                as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
            cat >>"$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCK'
max_connections = 300
shared_buffers = 128MB
CONF
        fi
        log "starting on 127.0.0.1:$PORT (log $LOGF)"
        as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOGF" -w -t 60 start >/dev/null
    fi
    # role and database (idempotent)
    local psql=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1)
    if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='$DBUSER'")" != 1 ]; then
        "${psql[@]}" -c "create role \"$DBUSER\" login createdb"
    fi
    if [ "$("${psql[@]}" -c "select 1 from pg_database where datname='$DBNAME'")" != 1 ]; then
        "${psql[@]}" -c "create database \"$DBNAME\" owner \"$DBUSER\""
    fi
    echo "$URL"
}

stop() {
    find_bin || exit 0
    pick_dir
    if [ -s "$DATA/postmaster.pid" ]; then
        as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null && log "stopped"
    else
        log "no server of ours running ($DATA)"
    fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) find_bin && answers ;;
url) echo "$URL" ;;
*) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
