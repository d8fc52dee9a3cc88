# qiwi-merchant developer entry points (GNU make).
#
#   make test    everything CI runs (.ci/run = CI=true make test), in order:
#                rustfmt check, clippy -D warnings, rustdoc -D warnings, Python venv, cargo test
#                (incl. the README's Rust examples and the jetpay-sdk differential test,
#                tests/gate_differential.rs)
#   make demo    walk-through of the Gate CLI on the seed examples (scripts/demo-gate.sh), then
#                the example Django shop against the platform simulator (make demo-django)
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

TEST_TARGETS := test-fmt test-clippy test-doc python-venv test-rust
# C ABI (src/capi): header up to date, capi clippy + Rust unit tests (also under miri), the C suite.
TEST_TARGETS += check-header test-capi-rust miri-capi test-c
# Fuzz targets never rot: a few seconds each (issue 8; `make fuzz` for real runs).
TEST_TARGETS += fuzz-smoke
# Django integration (issue 6): tests/django on SQLite and on a private PostgreSQL server.
TEST_TARGETS += test-django
# PHP extension (issue 7): phpt suite, end-to-end webhook test, phpt under valgrind.
TEST_TARGETS += test-php
# The builds users run (issue 14): make install and a plain phpize build are release and work
# with CARGO_TARGET_DIR outside the checkout (scripts/test-build.sh).
TEST_TARGETS += test-build
# Python package (issue 5): pytest (vectors, jetpay-sdk differential, threads, leaks), mypy, stubtest.
TEST_TARGETS += test-python
# OpenCart 4 plug-in (issue 13): a fresh store, real Chromium + HTTP tests (scripts/opencart.sh test).
TEST_TARGETS += test-opencart

.PHONY: test $(TEST_TARGETS) test-diff demo bench help

test: $(TEST_TARGETS)
	@echo "make test: all steps passed ($(TEST_TARGETS))"

test-fmt:
	$(CARGO) fmt --all -- --check

test-clippy:
	$(CARGO) clippy --all-targets --workspace -- -D warnings

# The core's API docs build without a warning: every public item documented (missing_docs),
# no broken or private intra-doc link.
test-doc:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --lib -p qiwi-merchant

python-venv:
	$(VENV_SETUP)

# All Rust tests (unit, integration, doc: the README's Rust examples too), debug profile.
test-rust: python-venv
	$(CARGO) test

# Only the differential test against jetpay-sdk (already part of test-rust).
test-diff: python-venv
	$(CARGO) test --test gate_differential -- --nocapture

demo:
	scripts/demo-gate.sh
	$(MAKE) --no-print-directory demo-django
	$(MAKE) --no-print-directory demo-opencart

bench:
	$(CARGO) bench --bench gate
	$(CARGO) bench --bench cqr
	$(MAKE) --no-print-directory bench-php
	$(MAKE) --no-print-directory bench-python

help:
	@sed -n '2,13s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

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

# tests/stress.rs under ThreadSanitizer: nightly with rust-src (std is rebuilt with -Zbuild-std:
# about 6 minutes cold on 2 cores, then cached in <cargo target dir>/tsan; the test itself ~25 s).
# Not part of `make test` because of the cold build.
test-tsan:
	target_dir=$$(scripts/cargo-target-dir.sh); \
	RUSTFLAGS="-Zsanitizer=thread" RUSTDOCFLAGS="-Zsanitizer=thread" CARGO_TARGET_DIR="$$target_dir/tsan" \
		$(CARGO) +nightly test -Zbuild-std --target x86_64-unknown-linux-gnu --test stress

# ---- C ABI (src/capi, include/qiwi_merchant.h, docs/c-api.md) ---------------------------------
#   make header          regenerate include/qiwi_merchant.h (pinned cbindgen, scripts/gen-header.sh)
#   make check-header    fail when the committed header differs from a fresh one
#   make c-lib           build/c/lib/libqiwi_merchant.{a,so}, release (PROFILE=dev: debug ones
#                        in build/c/dev/lib)
#   make install PREFIX=/usr/local   header, both libraries, lib/pkgconfig/qiwi_merchant.pc
#   make test-build      make install and a plain phpize build with CARGO_TARGET_DIR outside the
#                        checkout: release libraries that work (scripts/test-build.sh)
#   make test-c          C tests: all vectors, error paths, threads; plain, ASan+UBSan, valgrind
#   make miri-capi       the capi unit tests under miri (nightly + miri; loudly skipped without)
PREFIX ?= /usr/local
.PHONY: header check-header c-lib install test-build

header:
	scripts/gen-header.sh

check-header:
	scripts/gen-header.sh --check

c-lib:
	scripts/c-abi.sh lib

install: c-lib
	scripts/c-abi.sh install "$(PREFIX)"

test-capi-rust:
	$(CARGO) clippy --all-targets --features capi,capi-test-panic -- -D warnings
	$(CARGO) test --lib --features capi capi::

test-c:
	scripts/test-c.sh

test-build:
	scripts/test-build.sh

miri-capi:
	scripts/miri-capi.sh

# ---- Django integration (issue 6): docs/django.md ---------------------------------------------
# test-django   tests/django on SQLite, then on PostgreSQL (scripts/pg-test-server.sh installs and
#               starts a private server on 127.0.0.1:54329; under CI a missing server fails)
# shop          the example shop (examples/django_shop) on 127.0.0.1:$$PORT (8000), foreground
# demo-django   shop in the background + the platform simulator (JetPay + PXP), then stops it
# bench-django  simulator load mode against gunicorn + PostgreSQL: callbacks/s, exactly-once check
.PHONY: django-env shop demo-django bench-django
django-env: python-venv
	scripts/ensure-python-ext.sh

test-django: django-env
	scripts/test-django.sh

shop: django-env
	scripts/django-shop.sh serve

demo-django: django-env
	scripts/django-shop.sh demo

bench-django: python-venv
	PROFILE=release scripts/ensure-python-ext.sh
	scripts/bench-django.sh

# ---- PHP extension (issue 7): php-ext/, docs/php.md -------------------------------------------
# php-ext       the development build in php-ext/ (debug core: --enable-qiwi-merchant-debug);
#               users' plain `phpize && ./configure && make` builds the release core
# test-php      installs php8.2-dev/-cli/-sqlite3 when missing, builds php-ext (phpize, cargo), runs
#               the phpt suite, the end-to-end webhook test and the phpt suite under valgrind
# php-shop      php-ext/examples/webhook.php on 127.0.0.1:$$PORT (8000) with the extension loaded
# bench-php     Signer::parseCallback vs a pure-PHP implementation (release build)
.PHONY: php-ext php-shop bench-php
php-ext:
	scripts/php-ext.sh build

test-php:
	scripts/php-ext.sh test

php-shop:
	scripts/php-ext.sh shop

bench-php:
	scripts/php-ext.sh bench

# ---- Python package (issue 5): python/, pyproject.toml, README "Use from Python" -------------
# python-ext    qiwi_merchant + its extension into .venv (maturin develop, debug: the test loop;
#               `pip install .` / `maturin build` build the release wheel users install)
# test-python   pytest tests/python, mypy --strict, stubtest (scripts/test-python.sh)
# bench-python  python/benches/bench.py: vs jetpay-sdk and ElementTree (release build into .venv)
.PHONY: python-ext bench-python
python-ext: python-venv
	scripts/python-ext.sh

test-python: python-ext
	scripts/test-python.sh

bench-python: python-venv
	PROFILE=release scripts/python-ext.sh
	.venv/bin/python python/benches/bench.py

# ---- OpenCart 4 plug-in (issue 13): plugins/opencart/, docs/opencart.md --------------------------
# opencart-ext    target/opencart/qiwi_merchant.ocmod.zip (upload it under Extensions > Installer)
# opencart-shop   a fresh store on 127.0.0.1:$$PORT (8080) with the plug-in, foreground; needs
#                 QIWI_MERCHANT_GATE_SECRET (private MariaDB, OPENCART_TARBALL, release extension)
# test-opencart   fresh store on 127.0.0.1:18080, Playwright + Debian chromium and HTTP tests;
#                 screenshots in target/opencart/*.png
# demo-opencart   fresh store + the simulator's OpenCart target (python -m qiwi_merchant.simulator.opencart)
.PHONY: opencart-ext opencart-shop test-opencart demo-opencart
opencart-ext:
	scripts/opencart.sh zip

opencart-shop:
	scripts/opencart.sh shop

test-opencart: python-venv
	scripts/opencart.sh test

demo-opencart: python-venv
	scripts/opencart.sh demo
