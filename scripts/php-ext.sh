#!/usr/bin/env bash
# The PHP extension (php-ext/): build, test, serve the example shop, bench.
#
#   scripts/php-ext.sh deps       install php8.2-dev/-cli/-sqlite3 with apt-get when phpize is missing
#   scripts/php-ext.sh build      phpize && ./configure --with-qiwi-merchant --enable-qiwi-merchant-debug
#                                 && make in php-ext/: the development build (debug core, quick to
#                                 rebuild) that test, adversarial and shop use. Users' plain
#                                 `phpize && ./configure && make` is release (docs/php.md).
#   scripts/php-ext.sh test       deps, build, phpt suite, end-to-end webhook test, adversarial
#                                 corpus, phpt under valgrind
#   scripts/php-ext.sh adversarial [manifest]
#                                 build, then the adversarial corpus (php-ext/tests/adversarial/)
#   scripts/php-ext.sh shop       serve php-ext/examples/webhook.php on 127.0.0.1:$PORT (default 8000);
#                                 refuses to start without QIWI_MERCHANT_GATE_SECRET (no built-in
#                                 secret) or with only one of the two CQR notify credentials
#   scripts/php-ext.sh bench      default (release) build in build/php-bench/, then php-ext/benches/bench.php
#
# Under CI (CI set), a missing valgrind is an error; nothing is skipped silently.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
EXT_DIR=$ROOT/php-ext
SO=$EXT_DIR/modules/qiwi_merchant.so

deps() {
    local need=()
    command -v phpize >/dev/null || need+=(php8.2-dev)
    command -v php >/dev/null || need+=(php8.2-cli)
    local modules=""
    command -v php >/dev/null && modules=$(php -m 2>/dev/null || true)
    if ! grep -qix 'pdo_sqlite' <<<"$modules"; then
        need+=(php8.2-sqlite3)
    fi
    if [ ${#need[@]} -gt 0 ]; then
        echo "php-ext: installing ${need[*]} (apt-get)" >&2
        if [ "$(id -u)" != 0 ]; then
            echo "php-ext: need root to apt-get install ${need[*]}" >&2
            exit 1
        fi
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    fi
}

build() { # [dir] [configure args...]
    local dir=${1:-$EXT_DIR}
    shift || true
    [ $# -gt 0 ] || set -- --enable-qiwi-merchant-debug # the development build, explicitly
    (
        cd "$dir"
        # Reconfigure only when the build files are missing, older than config.m4, or were
        # configured with other arguments (`config.status --config` prints them).
        if [ ! -f Makefile ] || [ config.m4 -nt Makefile ] || [ Makefile.frag -nt Makefile ] ||
            [ "$(./config.status --config 2>/dev/null)" != "--with-qiwi-merchant $*" ]; then
            phpize >/dev/null
            ./configure --with-qiwi-merchant "$@" >/dev/null
        fi
        make -s >/dev/null
    )
    local so=$dir/modules/qiwi_merchant.so
    # The core's symbols must not be exported: only get_module.
    local exported
    exported=$(nm -D --defined-only "$so" | awk '{print $3}' | grep -v '^get_module$' | grep -v '^_init$\|^_fini$' || true)
    if [ -n "$exported" ]; then
        echo "php-ext: unexpected exported symbols in $so:" >&2
        echo "$exported" | head >&2
        exit 1
    fi
    local libs
    libs=$(ldd "$so")
    if grep -q qiwi_merchant <<<"$libs"; then
        echo "php-ext: $so depends on a shared qiwi_merchant library" >&2
        exit 1
    fi
}

# The adversarial corpus (tests/adversarial/cases.json) through the extension. A plain script,
# not a phpt test, so the valgrind pass below (run-tests over tests/*.phpt) never runs it: its
# inputs go up to 100 MiB. Each case runs in a forked child (RSS bound), hence the memory_limit
# for the parent, which holds the largest generated input (~100 MiB) plus a temporary copy.
run_adversarial() { # [manifest]
    php -d extension="$SO" -d memory_limit=512M "$EXT_DIR/tests/adversarial/run.php" "$@"
}

run_phpt() { # extra run-tests args...
    (
        cd "$EXT_DIR"
        NO_INTERACTION=1 REPORT_EXIT_STATUS=1 TEST_PHP_EXECUTABLE=$(command -v php) \
            php run-tests.php -q --show-diff -d extension="$SO" "$@" tests
    )
}

case "${1:-}" in
    deps)
        deps
        ;;
    build)
        deps
        build
        echo "php-ext: built $SO"
        ;;
    test)
        deps
        build
        echo "php-ext: phpt suite"
        run_phpt
        echo "php-ext: end-to-end webhook test"
        python3 "$EXT_DIR/tests/e2e_webhook.py" "$SO"
        echo "php-ext: adversarial corpus (not under valgrind)"
        run_adversarial
        if command -v valgrind >/dev/null; then
            echo "php-ext: phpt suite under valgrind (USE_ZEND_ALLOC=0)"
            log=$(mktemp)
            if ! USE_ZEND_ALLOC=0 run_phpt -m >"$log" 2>&1; then
                cat "$log"
                rm -f "$log"
                echo "php-ext: valgrind run failed (leaks or errors; see tests/*.mem)" >&2
                exit 1
            fi
            grep -E "Tests (passed|failed|skipped|leaked)" "$log" || true
            rm -f "$log"
            if ls "$EXT_DIR"/tests/*.mem >/dev/null 2>&1; then
                echo "php-ext: valgrind reports in php-ext/tests/*.mem" >&2
                exit 1
            fi
        elif [ -n "${CI:-}" ]; then
            echo "php-ext: valgrind is required under CI (apt-get install valgrind)" >&2
            exit 1
        else
            echo "php-ext: WARNING: valgrind not installed; leak check NOT run" >&2
        fi
        echo "php-ext: all PHP tests passed"
        ;;
    adversarial)
        deps
        build
        shift
        run_adversarial "$@"
        ;;
    shop)
        if [ -z "${QIWI_MERCHANT_GATE_SECRET:-}" ]; then
            echo "php-ext: QIWI_MERCHANT_GATE_SECRET is not set: the example webhook has no built-in Gate secret;" \
                "set the project's secret key" >&2
            exit 1
        fi
        if [ -n "${QIWI_MERCHANT_CQR_NOTIFY_USER:-}" ] && [ -z "${QIWI_MERCHANT_CQR_NOTIFY_PASSWORD:-}" ]; then
            echo "php-ext: QIWI_MERCHANT_CQR_NOTIFY_PASSWORD is not set (CQR needs both notify credentials)" >&2
            exit 1
        fi
        if [ -z "${QIWI_MERCHANT_CQR_NOTIFY_USER:-}" ] && [ -n "${QIWI_MERCHANT_CQR_NOTIFY_PASSWORD:-}" ]; then
            echo "php-ext: QIWI_MERCHANT_CQR_NOTIFY_USER is not set (CQR needs both notify credentials)" >&2
            exit 1
        fi
        [ -n "${QIWI_MERCHANT_CQR_NOTIFY_USER:-}" ] ||
            echo "php-ext: CQR disabled (no QIWI_MERCHANT_CQR_NOTIFY_USER/_PASSWORD): notifications are refused (401)" >&2
        [ -n "${QIWI_MERCHANT_DEMO_TOKEN:-}" ] ||
            echo "php-ext: QIWI_MERCHANT_DEMO_TOKEN not set: the /shop/ demo endpoints are off (404)" >&2
        deps
        build
        port=${PORT:-8000}
        echo "php-ext: http://127.0.0.1:$port (QIWI_MERCHANT_DB=${QIWI_MERCHANT_DB:-<tmp>/qiwi-merchant-php-shop.sqlite3})"
        exec php -d extension="$SO" -S "127.0.0.1:$port" "$EXT_DIR/examples/webhook.php"
        ;;
    bench)
        deps
        # A separate build of the same sources with configure's defaults (release core), so the
        # development build in php-ext/ (debug core) stays.
        bdir=$ROOT/build/php-bench/ext
        mkdir -p "$bdir"
        cp -f "$EXT_DIR"/config.m4 "$EXT_DIR"/Makefile.frag "$EXT_DIR"/*.c "$EXT_DIR"/*.h "$EXT_DIR"/*.map "$bdir/"
        (
            cd "$bdir"
            if [ ! -f Makefile ] || [ config.m4 -nt Makefile ]; then
                phpize >/dev/null
                QIWI_MERCHANT_ROOT=$ROOT ./configure --with-qiwi-merchant >/dev/null
            fi
            make -s >/dev/null
        )
        # The figures are only meaningful for the optimised core.
        info=$(php -d extension="$bdir/modules/qiwi_merchant.so" --ri qiwi_merchant)
        grep -qx 'qiwi-merchant core build => release' <<<"$info" || {
            echo "php-ext: $bdir/modules/qiwi_merchant.so does not link the release core" >&2
            exit 1
        }
        php -d extension="$bdir/modules/qiwi_merchant.so" "$EXT_DIR/benches/bench.php"
        ;;
    *)
        sed -n '2,15s/^# \{0,1\}//p' "$0" >&2
        exit 2
        ;;
esac
