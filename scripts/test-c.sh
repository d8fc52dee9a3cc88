#!/usr/bin/env bash
# The C ABI test suite (make test-c):
#   1. builds the test library (features capi + capi-test-panic) and the install libraries, both
#      in the debug profile;
#   2. builds tests/c/*.c with -std=c11 -Wall -Wextra -Werror against include/qiwi_merchant.h and
#      the static library, plainly and with -fsanitize=address,undefined;
#   3. runs test_vectors (every shared vector), test_settlement (the settlement vectors),
#      test_error_vectors (the error vectors: kind table and bad arguments), test_errors and
#      test_threads: plain, under ASan+UBSan, and under valgrind memcheck
#      (--leak-check=full --error-exitcode=1);
#   4. runs test_adversarial (the adversarial corpus tests/adversarial/cases.json with its kind,
#      time and memory bounds): plain and under ASan+UBSan, not under valgrind (100 MB inputs);
#   5. installs into build/c/stage, compiles examples/c/verify_callback.c with pkg-config
#      (shared and static) and runs it on a signed and a tampered callback.
# A missing tool (cc, valgrind, pkg-config) fails under CI and is reported as SKIPPED otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CC=${CC:-cc}
CFLAGS=(-std=c11 -Wall -Wextra -Werror -g -O1 -Iinclude)
SAN=(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
TESTS=(test_vectors test_settlement test_error_vectors test_errors test_threads)
export RUST_BACKTRACE=0 # the panic-boundary test panics on purpose; keep its report short
skipped=()

need() { # tool [apt package]
    command -v "$1" >/dev/null && return 0
    if [ -n "${2:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "test-c: installing $2 (apt-get)" >&2
        { apt-get install -y -q "$2" || { apt-get update -q && apt-get install -y -q "$2"; }; } >/dev/null 2>&1 || true
    fi
    command -v "$1" >/dev/null && return 0
    if [ -n "${CI:-}" ]; then
        echo "test-c: $1 is required under CI but not installed" >&2
        exit 1
    fi
    echo "test-c: WARNING: $1 not found: SKIPPING the steps that need it" >&2
    skipped+=("$1")
    return 1
}

need "$CC" gcc

# Debug libraries, explicitly: the suite is the quick loop. The release libraries users install
# are built and checked by scripts/test-build.sh (make test-build).
scripts/c-abi.sh test-lib
PROFILE=dev scripts/c-abi.sh lib
native=$(cat build/c/test/native-static-libs.txt)
read -r -a native_libs <<<"$native"

mkdir -p build/c/bin build/c/asan
for t in "${TESTS[@]}" test_adversarial; do
    src=(tests/c/$t.c)
    case $t in test_vectors | test_settlement | test_error_vectors | test_adversarial) src+=(tests/c/json.c) ;; esac
    "$CC" "${CFLAGS[@]}" "${src[@]}" build/c/test/libqiwi_merchant.a "${native_libs[@]}" -o "build/c/bin/$t"
    "$CC" "${CFLAGS[@]}" "${SAN[@]}" "${src[@]}" build/c/test/libqiwi_merchant.a "${native_libs[@]}" -o "build/c/asan/$t"
done

run() { # label command...
    echo "== test-c: $1"
    shift
    "$@"
}

for t in "${TESTS[@]}"; do
    run "$t" "build/c/bin/$t" .
done
for t in "${TESTS[@]}"; do
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=1 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        run "$t (ASan+UBSan)" "build/c/asan/$t" .
done
# The adversarial corpus: its memory bound needs the counting malloc of the plain build (ASan
# owns malloc, so that run checks kind and time only and says so).
run "test_adversarial" build/c/bin/test_adversarial tests/adversarial/cases.json
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1:detect_stack_use_after_return=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    run "test_adversarial (ASan+UBSan)" build/c/asan/test_adversarial tests/adversarial/cases.json
if need valgrind valgrind; then
    for t in "${TESTS[@]}"; do
        run "$t (valgrind memcheck)" valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
            --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1 "build/c/bin/$t" .
    done
fi

# The example, built the way the README shows (pkg-config), shared and static.
rm -rf build/c/stage
PROFILE=dev scripts/c-abi.sh install build/c/stage >/dev/null
if need pkg-config pkg-config; then
    scripts/c-example.sh build/c/stage build/c/bin debug
fi

if [ ${#skipped[@]} -gt 0 ]; then
    echo "test-c: passed, but SKIPPED steps needing: ${skipped[*]}" >&2
else
    echo "test-c: all C ABI tests passed (plain, ASan+UBSan, valgrind, adversarial corpus, example)"
fi
