# Without a PREFIX, `make` builds the repository's static library with cargo first (a no-op when
# it is up to date) and links a private copy of it (qm-lib/), so a concurrent cargo build of the
# same target directory cannot change the archive in the middle of a link.
ifeq ($(QM_SELF_BUILD),yes)
$(QM_STATICLIB): qm-cargo-force
	cd "$(QM_ROOT)" && "$(QM_CARGO)" rustc --lib --features capi --crate-type staticlib $(QM_CARGO_FLAGS)
	@mkdir -p "$(@D)"
	@cmp -s "$(QM_CARGO_OUT)/libqiwi_merchant.a" "$@" || cp -f "$(QM_CARGO_OUT)/libqiwi_merchant.a" "$@"

qm-cargo-force:

.PHONY: qm-cargo-force

clean: qm-clean

qm-clean:
	rm -rf qm-lib
endif
