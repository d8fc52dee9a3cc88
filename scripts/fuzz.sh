#!/usr/bin/env bash
# Runs every cargo-fuzz target for FUZZ_SECONDS seconds each, one after the other, and fails on
# any crash, timeout (-timeout=1 s per input) or out-of-memory (-rss_limit_mb=512).
#
#   FUZZ_SECONDS=60        seconds per target (make fuzz: 60; make fuzz-smoke: 3)
#   FUZZ_TARGETS="a b"     subset of targets (default: every target in fuzz/Cargo.toml)
#   FUZZ_LOG_DIR=dir       where each target's libFuzzer log goes (default fuzz/logs)
#   CARGO_FUZZ=path        an existing cargo-fuzz binary (default: installed into .tools/)
#
# Installs cargo-fuzz into .tools/ on first use (scripts/install-cargo-fuzz.sh), extracts the
# seed corpora from the shared vectors (scripts/fuzz-seeds.py), builds all targets with
# `cargo +nightly fuzz build`, then runs them. A crash leaves its input in
# fuzz/artifacts/<target>/; reproduce with `cargo +nightly fuzz run <target> <file>`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SECONDS_EACH="${FUZZ_SECONDS:-60}"
LOG_DIR="${FUZZ_LOG_DIR:-fuzz/logs}"
# CARGO_FUZZ=/path/to/cargo-fuzz uses an existing binary instead of the project-local install.
FUZZ_BIN="${CARGO_FUZZ:-$(scripts/install-cargo-fuzz.sh)}"
export PATH="$(dirname "$FUZZ_BIN"):$PATH"

python3 scripts/fuzz-seeds.py >/dev/null

cd fuzz
cargo +nightly fuzz build 2>&1 | grep -v '^\s*\(Compiling\|Downloaded\|Downloading\)' >&2 || true
if [[ -n "${FUZZ_TARGETS:-}" ]]; then
    read -r -a TARGETS <<<"$FUZZ_TARGETS"
else
    mapfile -t TARGETS < <(cargo +nightly fuzz list)
fi
cd ..
mkdir -p "$LOG_DIR"

failed=()
summary=()
for t in "${TARGETS[@]}"; do
    case "$t" in
        gate_sign_roundtrip | cqr_build_roundtrip) dict=() ;;  # arbitrary-structured input
        gate_*) dict=(-dict=dict/gate.dict) ;;
        cqr_*) dict=(-dict=dict/cqr.dict) ;;
        *) dict=() ;;
    esac
    log="$LOG_DIR/$t.log"
    echo "fuzz: $t for ${SECONDS_EACH}s (log: $log)" >&2
    mkdir -p "fuzz/corpus/$t"
    rc=0
    (cd fuzz && cargo +nightly fuzz run "$t" "corpus/$t" -- \
        -max_total_time="$SECONDS_EACH" -timeout=1 -rss_limit_mb=512 -print_final_stats=1 \
        "${dict[@]}") >"$log" 2>&1 || rc=$?
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)"
    if [[ $rc -ne 0 ]] || grep -qE '^(==[0-9]+==ERROR|SUMMARY: libFuzzer|.*deadly signal)' "$log"; then
        failed+=("$t")
        summary+=("$t: FAILED (exit $rc) after ${execs:-?} executions; see $log and fuzz/artifacts/$t/")
        grep -E 'panicked|ERROR|SUMMARY|Test unit written|Base64' "$log" | head -20 >&2 || true
    else
        summary+=("$t: ok, ${execs:-?} executions in ${SECONDS_EACH}s, coverage ${cov:-?}")
    fi
done

printf 'fuzz: %s\n' "${summary[@]}"
if ((${#failed[@]})); then
    echo "fuzz: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz: all ${#TARGETS[@]} targets passed (${SECONDS_EACH}s each)"
