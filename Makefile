# qiwi-merchant developer entry points (GNU make).
#
#   make test    everything CI runs (.ci/run = CI=true make test), in order:
#                rustfmt check, clippy -D warnings, Python venv, cargo test (incl. the
#                jetpay-sdk differential test, tests/gate_differential.rs)
#   make demo    walk-through of the Gate CLI on the seed examples (scripts/demo-gate.sh)
#   make bench   criterion benches (release build; slow)
#
# Later steps (C ABI, Python, PHP bindings) append their own targets to TEST_TARGETS:
#   TEST_TARGETS += test-c
# Steps run in the listed order even under `make -j` (.NOTPARALLEL); cargo parallelises itself.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test
.NOTPARALLEL:

CARGO ?= cargo
VENV_SETUP := scripts/setup-python-venv.sh

# CI (set by .ci/run) makes missing test prerequisites, such as the jetpay-sdk venv, fail
# instead of skip. Forward it to every recipe when it is set in the environment or on the
# command line.
ifdef CI
export CI
endif

TEST_TARGETS := test-fmt test-clippy python-venv test-rust
# Fuzz targets never rot: a few seconds each (issue 8; `make fuzz` for real runs).
TEST_TARGETS += fuzz-smoke

.PHONY: test $(TEST_TARGETS) test-diff demo bench help

test: $(TEST_TARGETS)
	@echo "make test: all steps passed ($(TEST_TARGETS))"

test-fmt:
	$(CARGO) fmt --all -- --check

test-clippy:
	$(CARGO) clippy --all-targets -- -D warnings

python-venv:
	$(VENV_SETUP)

# All Rust tests (unit, integration, doc), debug profile.
test-rust: python-venv
	$(CARGO) test

# Only the differential test against jetpay-sdk (already part of test-rust).
test-diff: python-venv
	$(CARGO) test --test gate_differential -- --nocapture

demo:
	scripts/demo-gate.sh

bench:
	$(CARGO) bench --bench gate
	$(CARGO) bench --bench cqr

help:
	@sed -n '2,12s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

# ---- Fuzzing and hardening (issue 8): fuzz/README.md, SECURITY.md ----------------------------
# `make fuzz FUZZ_SECONDS=N` runs every cargo-fuzz target N seconds (default 60) one after the
# other; fails on any crash, timeout (1 s per input) or out-of-memory (512 MB). Installs
# cargo-fuzz into .tools/ on first use; needs the nightly toolchain.
FUZZ_SECONDS ?= 60

.PHONY: fuzz fuzz-smoke fuzz-seeds test-tsan

fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

fuzz-smoke:
	FUZZ_SECONDS=3 scripts/fuzz.sh

fuzz-seeds:
	scripts/fuzz-seeds.py
