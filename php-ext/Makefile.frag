# Without a PREFIX, `make` builds the repository's static library with cargo first (a no-op when
# it is up to date) and links a private copy of it (qm-lib/), so a concurrent cargo build of the
# same target directory cannot change the archive in the middle of a link. Cargo's target
# directory is asked for at make time (scripts/cargo-target-dir.sh), the moment cargo builds, so
# it is the one this cargo run used even if CARGO_TARGET_DIR changed since configure.
ifeq ($(QM_SELF_BUILD),yes)
$(QM_STATICLIB): qm-cargo-force
	cd "$(QM_ROOT)" && "$(QM_CARGO)" rustc --lib --features capi --crate-type staticlib $(QM_CARGO_FLAGS)
	@mkdir -p "$(@D)"
	@qm_target=`CARGO="$(QM_CARGO)" "$(QM_ROOT)/scripts/cargo-target-dir.sh"` && \
	qm_archive="$$qm_target/$(QM_CARGO_PROFILE_DIR)/libqiwi_merchant.a" && \
	{ cmp -s "$$qm_archive" "$@" || cp -f "$$qm_archive" "$@"; }

qm-cargo-force:

.PHONY: qm-cargo-force

clean: qm-clean

qm-clean:
	rm -rf qm-lib
endif
