#!/usr/bin/env bash
# The OpenCart 4 plug-in (plugins/opencart/, docs/opencart.md): build the .ocmod.zip, run a
# store with the plug-in installed, test it.
#
#   scripts/opencart.sh zip       build target/opencart/qiwi_merchant.ocmod.zip from plugins/opencart/
#   scripts/opencart.sh ext       build the PHP extension (release profile) in target/opencart/php-ext/
#   scripts/opencart.sh shop      a fresh store on http://127.0.0.1:$PORT (default 8080), foreground
#   scripts/opencart.sh start     the same in the background (prints the env file to source); `stop` ends it
#   scripts/opencart.sh stop      stop the store started by `start` (MariaDB and php -S, by their pids)
#   scripts/opencart.sh test      a fresh store on a test port, the browser + HTTP tests (tests/opencart/)
#   scripts/opencart.sh demo      a fresh store, the platform simulator's OpenCart target, stop
#
# The store: a private MariaDB (own data dir, socket and port; not the system service), OpenCart
# from $OPENCART_TARBALL (default ../shared/hosts/opencart-4.1.0.3-upload.tar.xz, checksum
# verified) installed with its own install/cli_install.php (sample data, KZT the default
# currency), `php -S 127.0.0.1:$PORT` with the release build of the extension loaded, the
# plug-in uploaded and installed through the admin's own installer and Extensions > Payments
# routes, then configured from QIWI_MERCHANT_* (see docs/opencart.md). Every run starts from a
# clean store. Without QIWI_MERCHANT_GATE_SECRET, `shop` refuses to start. OPENCART_EXT_SO=path
# uses that qiwi_merchant.so instead of building one.
#
# Under CI (CI set) a missing package or browser is an error, never a skip.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
OUT=$ROOT/target/opencart
OPENCART_TARBALL=${OPENCART_TARBALL:-$ROOT/../shared/hosts/opencart-4.1.0.3-upload.tar.xz}
# sha256 of the OpenCart 4.1.0.3 upload/ tarball (../shared/hosts/SHA256SUMS).
OPENCART_SHA256=${OPENCART_SHA256:-b28027c242a36ab819a8af86905aa4551693cd637fde3b7fc19161d3b275b05c}
EXT_BUILD=$OUT/php-ext
SO=$EXT_BUILD/modules/qiwi_merchant.so
ZIP=$OUT/qiwi_merchant.ocmod.zip

log() { echo "opencart: $*" >&2; }
die() { echo "opencart: $*" >&2; exit 1; }

# Background jobs: the independent slow steps (the extension's cargo build, the Python venv and
# its extension) run while the store is being installed. bg NAME LOG CMD... starts one;
# bg_wait NAME fails with its log when it failed; bg_kill ends what is still running (on exit).
declare -A BG_PID=() BG_LOG=()
bg() {
    local name=$1 logfile=$2
    shift 2
    ("$@") >"$logfile" 2>&1 &
    BG_PID[$name]=$!
    BG_LOG[$name]=$logfile
}
bg_wait() {
    local name=$1 pid=${BG_PID[$1]:-}
    [ -n "$pid" ] || return 0
    unset "BG_PID[$name]"
    if ! wait "$pid"; then
        cat "${BG_LOG[$name]}" >&2
        die "$name failed (log above: ${BG_LOG[$name]})"
    fi
    grep -h '^opencart: ' "${BG_LOG[$name]}" >&2 || true
}
kill_tree() {
    local child
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do kill_tree "$child"; done
    kill "$1" 2>/dev/null || true
}
bg_kill() {
    local name
    for name in "${!BG_PID[@]}"; do kill_tree "${BG_PID[$name]}"; done
}

# ------------------------------------------------------------------------------------ deps
deps() {
    local need=() modules=""
    command -v php >/dev/null && modules=$(php -m 2>/dev/null || true)
    command -v php >/dev/null || need+=(php8.2-cli)
    command -v phpize >/dev/null || need+=(php8.2-dev)
    grep -qix mysqli <<<"$modules" || need+=(php8.2-mysql)
    grep -qix gd <<<"$modules" || need+=(php8.2-gd)
    grep -qix curl <<<"$modules" || need+=(php8.2-curl)
    grep -qix zip <<<"$modules" || need+=(php8.2-zip)
    grep -qix mbstring <<<"$modules" || need+=(php8.2-mbstring)
    grep -qix xml <<<"$modules" || need+=(php8.2-xml)
    command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null || need+=(mariadb-server)
    if [ "${1:-}" = browser ]; then
        command -v chromium >/dev/null || need+=(chromium)
        fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
    fi
    if [ ${#need[@]} -gt 0 ]; then
        log "installing ${need[*]} (apt-get)"
        [ "$(id -u)" = 0 ] || die "need root to apt-get install ${need[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    fi
}

# ------------------------------------------------------------------------- extension, zip
ext() {
    # A separate copy of php-ext/ so that the debug test build (make test-php) stays as it is.
    mkdir -p "$EXT_BUILD"
    local f changed=0
    for f in "$ROOT"/php-ext/config.m4 "$ROOT"/php-ext/Makefile.frag "$ROOT"/php-ext/*.c "$ROOT"/php-ext/*.h "$ROOT"/php-ext/*.map; do
        if ! cmp -s "$f" "$EXT_BUILD/$(basename "$f")"; then
            cp -f "$f" "$EXT_BUILD/"
            changed=1
        fi
    done
    (
        cd "$EXT_BUILD"
        if [ ! -f Makefile ] || [ config.m4 -nt Makefile ] || [ Makefile.frag -nt Makefile ]; then
            phpize >/dev/null 2>&1
            # The release core: config.m4's default.
            QIWI_MERCHANT_ROOT=$ROOT ./configure --with-qiwi-merchant >/dev/null
        fi
        make -s >/dev/null 2>&1 || make -s
    )
    php -d extension="$SO" -r 'exit(extension_loaded("qiwi_merchant") ? 0 : 1);' || die "$SO does not load"
    [ "$changed" = 0 ] || log "extension built: $SO ($(php -d extension="$SO" -r 'echo QiwiMerchant\version();'))"
}

zip_ext() {
    mkdir -p "$OUT"
    python3 - "$ROOT/plugins/opencart" "$ZIP" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
tmp = dst + ".tmp"
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
    for base, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(base, name)
            arc = os.path.relpath(path, src)
            if arc.startswith("README") or name.endswith((".swp", "~")):
                continue
            info = zipfile.ZipInfo(arc, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
os.replace(tmp, dst)
PY
    for f in $(cd "$ROOT/plugins/opencart" && find . -name '*.php'); do
        php -l "$ROOT/plugins/opencart/$f" >/dev/null || die "syntax error in plugins/opencart/$f"
    done
    log "built $ZIP"
}

# ------------------------------------------------------------------------------ the store
tarball() {
    [ -f "$OPENCART_TARBALL" ] || die "OpenCart tarball not found: $OPENCART_TARBALL (set OPENCART_TARBALL; docs/opencart.md says where to download the 4.1.0.3 release)"
    local sum
    sum=$(sha256sum "$OPENCART_TARBALL" | cut -d' ' -f1)
    [ "$sum" = "$OPENCART_SHA256" ] || die "checksum mismatch for $OPENCART_TARBALL: $sum (expected $OPENCART_SHA256)"
}

# Work dir and ports of one store (PORT -> DB port).
store_vars() {
    PORT=${PORT:-8080}
    DB_PORT=${OPENCART_DB_PORT:-$((30000 + PORT % 10000))}
    W=$OUT/store-$PORT
    ENV_FILE=$W/store.env
}

stop_store() {
    store_vars
    local f pid
    for f in "$W/php.pid" "$W/mariadb.pid"; do
        [ -f "$f" ] || continue
        pid=$(cat "$f")
        # Each server was started by setsid as the leader of its own process group: the group
        # is its workers (php -S forks PHP_CLI_SERVER_WORKERS children).
        if kill -0 "$pid" 2>/dev/null; then
            kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 -- "-$pid" 2>/dev/null || true
        fi
        rm -f "$f"
    done
}

start_db() {
    mkdir -p "$W/db" "$W/run"
    mariadb-install-db --no-defaults --datadir="$W/db" --user="$(id -un)" --auth-root-authentication-method=normal \
        --skip-test-db >"$W/mariadb-install.log" 2>&1 || { cat "$W/mariadb-install.log" >&2; die "mariadb-install-db failed"; }
    setsid mariadbd --no-defaults --datadir="$W/db" --socket="$W/run/mariadb.sock" --port="$DB_PORT" \
        --bind-address=127.0.0.1 --user="$(id -un)" --pid-file="$W/run/mariadbd.pid" --log-error="$W/mariadb.log" \
        --skip-name-resolve --innodb-buffer-pool-size=64M --innodb-log-file-size=16M --max-connections=200 \
        --innodb-flush-log-at-trx-commit=2 --performance-schema=OFF >/dev/null 2>&1 &
    echo $! >"$W/mariadb.pid"
    for _ in $(seq 1 300); do
        [ -S "$W/run/mariadb.sock" ] && mariadb --no-defaults -S "$W/run/mariadb.sock" -uroot -e 'SELECT 1' >/dev/null 2>&1 && return 0
        kill -0 "$(cat "$W/mariadb.pid")" 2>/dev/null || { cat "$W/mariadb.log" >&2; die "mariadbd exited"; }
        sleep 0.1
    done
    die "MariaDB did not start (see $W/mariadb.log)"
}

sql() { mariadb --no-defaults -S "$W/run/mariadb.sock" -uroot "$@"; }

admin_py() { python3 "$ROOT/tests/opencart/ocadmin.py" "$@"; }

need_secret() {
    [ -n "${QIWI_MERCHANT_GATE_SECRET:-}" ] || die "QIWI_MERCHANT_GATE_SECRET is not set: the store will not start without the JetPay Gate project's secret key (export QIWI_MERCHANT_GATE_SECRET=...)"
}

# Fresh store in $W: DB, OpenCart, KZT, php -S, the plug-in installed and configured.
setup_store() {
    store_vars
    need_secret
    tarball
    stop_store
    rm -rf "$W"
    mkdir -p "$W"
    if [ -n "${OPENCART_EXT_SO:-}" ]; then
        # A build of the extension given (e.g. the one a running store loads): no cargo build.
        SO=$OPENCART_EXT_SO
        php -d extension="$SO" -r 'exit(extension_loaded("qiwi_merchant") ? 0 : 1);' || die "OPENCART_EXT_SO=$SO does not load"
    else
        # cargo builds the extension while MariaDB and OpenCart are set up; php -S waits for it.
        bg "building the extension" "$W/ext-build.log" ext
    fi
    zip_ext
    log "MariaDB on 127.0.0.1:$DB_PORT (data dir $W/db)"
    start_db
    local dbpass
    dbpass=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
    sql -e "CREATE DATABASE opencart CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
            CREATE USER 'opencart'@'127.0.0.1' IDENTIFIED BY '$dbpass';
            GRANT ALL ON opencart.* TO 'opencart'@'127.0.0.1';"
    log "OpenCart from $(basename "$OPENCART_TARBALL")"
    tar -xJf "$OPENCART_TARBALL" -C "$W"
    cp "$W/upload/config-dist.php" "$W/upload/config.php"
    cp "$W/upload/admin/config-dist.php" "$W/upload/admin/config.php"
    ADMIN_USER=${OPENCART_ADMIN_USER:-admin}
    if [ -n "${OPENCART_ADMIN_PASSWORD:-}" ]; then
        ADMIN_PASSWORD=$OPENCART_ADMIN_PASSWORD
        ADMIN_PASSWORD_GENERATED=0
    else
        ADMIN_PASSWORD=$(head -c 9 /dev/urandom | base64 | tr '+/' 'xy')
        ADMIN_PASSWORD_GENERATED=1
    fi
    (cd "$W/upload/install" && php cli_install.php install --username "$ADMIN_USER" --password "$ADMIN_PASSWORD" \
        --email admin@example.com --http_server "http://127.0.0.1:$PORT/" --language en-gb --db_driver mysqli \
        --db_hostname 127.0.0.1 --db_username opencart --db_password "$dbpass" --db_database opencart \
        --db_port "$DB_PORT" --db_prefix oc_) >"$W/install.log" 2>&1 || { cat "$W/install.log" >&2; die "cli_install.php failed"; }
    grep -qi success "$W/install.log" || { cat "$W/install.log" >&2; die "cli_install.php did not report success"; }
    rm -rf "$W/upload/install"
    # KZT, the default currency (value 1); the sample prices are read as tenge.
    sql opencart -e "
        INSERT INTO oc_currency (title, code, symbol_left, symbol_right, decimal_place, value, status, date_modified)
            VALUES ('Kazakhstani Tenge', 'KZT', '', ' ₸', 2, 1.00000000, 1, NOW());
        UPDATE oc_currency SET value = 0.00200000 WHERE code = 'USD';
        UPDATE oc_currency SET value = 0.00180000 WHERE code = 'EUR';
        UPDATE oc_currency SET value = 0.00160000 WHERE code = 'GBP';
        UPDATE oc_setting SET value = 'KZT' WHERE \`key\` = 'config_currency' AND store_id = 0;
        UPDATE oc_setting SET value = '0' WHERE \`key\` = 'config_currency_auto' AND store_id = 0;"
    if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
        die "port $PORT is already in use (set PORT=...)"
    fi
    bg_wait "building the extension"
    # The store loads its own copy of the extension: a later build (another store started from this
    # checkout, make rewriting modules/qiwi_merchant.so in place) never changes a running server's file.
    cp "$SO" "$W/qiwi_merchant.so"
    log "php -S 127.0.0.1:$PORT (extension $SO, copied to $W/qiwi_merchant.so)"
    (
        cd "$W/upload"
        PHP_CLI_SERVER_WORKERS=${PHP_CLI_SERVER_WORKERS:-4} exec setsid php -d extension="$W/qiwi_merchant.so" -d memory_limit=256M \
            -d post_max_size=8M -d upload_max_filesize=8M -d variables_order=EGPCS \
            -S "127.0.0.1:$PORT" -t "$W/upload" >"$W/php.log" 2>&1
    ) &
    echo $! >"$W/php.pid"
    for _ in $(seq 1 100); do
        curl -fsS -o /dev/null "http://127.0.0.1:$PORT/index.php" 2>/dev/null && break
        sleep 0.1
    done
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/index.php" || { cat "$W/php.log" >&2; die "php -S did not answer"; }
    log "installing the plug-in from $(basename "$ZIP") through the admin (Installer, Extensions > Payments)"
    admin_py --base "http://127.0.0.1:$PORT/" --user "$ADMIN_USER" --password "$ADMIN_PASSWORD" install "$ZIP"
    admin_py --base "http://127.0.0.1:$PORT/" --user "$ADMIN_USER" --password "$ADMIN_PASSWORD" configure
    {
        echo "OPENCART_URL=http://127.0.0.1:$PORT/"
        echo "OPENCART_ADMIN_USER=$ADMIN_USER"
        echo "OPENCART_ADMIN_PASSWORD=$ADMIN_PASSWORD"
        echo "OPENCART_DIR=$W/upload"
        echo "OPENCART_DB_SOCKET=$W/run/mariadb.sock"
        echo "OPENCART_PHP_LOG=$W/php.log"
    } >"$ENV_FILE"
}

banner() {
    local pw=$ADMIN_PASSWORD
    [ "$ADMIN_PASSWORD_GENERATED" = 1 ] && pw="$pw (generated; set OPENCART_ADMIN_PASSWORD to choose one)"
    cat >&2 <<EOF

opencart: store  http://127.0.0.1:$PORT/
opencart: admin  http://127.0.0.1:$PORT/admin/   user $ADMIN_USER  password $pw
opencart: register with JetPay:  account check  http://127.0.0.1:$PORT/index.php?route=extension/qiwi_merchant/payment/qiwi_merchant_gate.account_check
opencart:                        callback       http://127.0.0.1:$PORT/index.php?route=extension/qiwi_merchant/payment/qiwi_merchant_gate.callback
opencart: register with PXP:     notification   http://127.0.0.1:$PORT/index.php?route=extension/qiwi_merchant/payment/qiwi_merchant_cqr.notification
EOF
}

venv_browser() {
    "$ROOT/scripts/setup-python-venv.sh"
    local req=$ROOT/tests/opencart/requirements.txt stamp=$ROOT/.venv/.opencart-requirements.sha256 want
    want=$(sha256sum "$req" | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        log "installing $(basename "$req") into .venv (Playwright; it drives Debian's /usr/bin/chromium)"
        "$ROOT/.venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
            --only-binary=:all: --require-hashes -r "$req"
        echo "$want" >"$stamp"
    fi
}

case "${1:-}" in
    deps) deps browser ;;
    zip) zip_ext ;;
    ext) deps; ext ;;
    shop)
        need_secret
        deps
        trap 'bg_kill; stop_store' EXIT
        setup_store
        banner
        log "serving in the foreground; Ctrl-C stops the store and its database"
        wait "$(cat "$W/php.pid")"
        ;;
    start)
        need_secret
        deps
        trap 'bg_kill; stop_store' EXIT
        setup_store
        trap - EXIT
        banner
        echo "$ENV_FILE"
        ;;
    stop) stop_store ;;
    test)
        deps browser
        export PORT=${OPENCART_TEST_PORT:-18080}
        trap 'bg_kill; stop_store' EXIT
        mkdir -p "$OUT"
        # .venv (Playwright, the qiwi_merchant Python package for the simulator) while the store is made
        bg "preparing .venv" "$OUT/venv-$PORT.log" eval 'venv_browser && "$ROOT/scripts/ensure-python-ext.sh"'
        export QIWI_MERCHANT_GATE_PROJECT_ID=${QIWI_MERCHANT_GATE_PROJECT_ID:-111}
        export QIWI_MERCHANT_GATE_SECRET=test-gate-secret-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
        export QIWI_MERCHANT_GATE_BASE_URL=http://127.0.0.1:${OPENCART_SIM_PORT:-18799}
        export QIWI_MERCHANT_CQR_MERCHANT_ID=OcMerchant QIWI_MERCHANT_CQR_SHOP_ID=OcShop
        export QIWI_MERCHANT_CQR_BASE_URL=http://127.0.0.1:${OPENCART_SIM_PORT:-18799}/PaymentService.svc/pox/
        export QIWI_MERCHANT_CQR_API_USER=oc-api QIWI_MERCHANT_CQR_API_PASSWORD=oc-api-password
        export QIWI_MERCHANT_CQR_NOTIFY_USER=pxp-oc QIWI_MERCHANT_CQR_NOTIFY_PASSWORD=oc-notify-password
        export QIWI_MERCHANT_CQR_ALLOWED_IPS=127.0.0.1
        export QIWI_MERCHANT_SIMULATOR_LISTEN=127.0.0.1:${OPENCART_SIM_PORT:-18799}
        export OPENCART_ADMIN_USER=admin OPENCART_ADMIN_PASSWORD=adm-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
        setup_store
        bg_wait "preparing .venv"
        set -a; . "$ENV_FILE"; set +a
        export OPENCART_SCREENSHOTS=$OUT
        "$ROOT/.venv/bin/python" -m pytest -q -p no:cacheprovider "$ROOT/tests/opencart" "${@:2}"
        ;;
    demo)
        deps
        export PORT=${PORT:-8080}
        trap 'bg_kill; stop_store' EXIT
        mkdir -p "$OUT"
        bg "preparing .venv" "$OUT/venv-$PORT.log" eval 'venv_browser && "$ROOT/scripts/ensure-python-ext.sh"'
        # Random secrets for this run (nothing secret is built in), as make demo does for the shops.
        rand() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
        export QIWI_MERCHANT_GATE_SECRET=${QIWI_MERCHANT_GATE_SECRET:-$(rand)}
        export QIWI_MERCHANT_SIMULATOR_LISTEN=${QIWI_MERCHANT_SIMULATOR_LISTEN:-127.0.0.1:8799}
        export QIWI_MERCHANT_GATE_BASE_URL=${QIWI_MERCHANT_GATE_BASE_URL:-http://$QIWI_MERCHANT_SIMULATOR_LISTEN}
        export QIWI_MERCHANT_CQR_BASE_URL=${QIWI_MERCHANT_CQR_BASE_URL:-http://$QIWI_MERCHANT_SIMULATOR_LISTEN/PaymentService.svc/pox/}
        export QIWI_MERCHANT_CQR_API_USER=${QIWI_MERCHANT_CQR_API_USER:-demo-api} QIWI_MERCHANT_CQR_API_PASSWORD=${QIWI_MERCHANT_CQR_API_PASSWORD:-$(rand)}
        export QIWI_MERCHANT_CQR_NOTIFY_USER=${QIWI_MERCHANT_CQR_NOTIFY_USER:-pxp-demo} QIWI_MERCHANT_CQR_NOTIFY_PASSWORD=${QIWI_MERCHANT_CQR_NOTIFY_PASSWORD:-$(rand)}
        export QIWI_MERCHANT_CQR_MERCHANT_ID=${QIWI_MERCHANT_CQR_MERCHANT_ID:-DemoMerchant} QIWI_MERCHANT_CQR_SHOP_ID=${QIWI_MERCHANT_CQR_SHOP_ID:-DemoShop}
        setup_store
        bg_wait "preparing .venv"
        set -a; . "$ENV_FILE"; set +a
        "$ROOT/.venv/bin/python" -m qiwi_merchant.simulator.opencart --shop "http://127.0.0.1:$PORT/"
        ;;
    *)
        sed -n '2,12s/^# \{0,1\}//p' "$0" >&2
        exit 2
        ;;
esac
