#!/usr/bin/env bash
# Builds and installs the C libraries of qiwi-merchant (the C ABI in src/capi).
#
#   scripts/c-abi.sh lib                 build/c/lib/libqiwi_merchant.{a,so} (+ native-static-libs.txt)
#   scripts/c-abi.sh test-lib            build/c/test/libqiwi_merchant.a with the test-only panic export
#   scripts/c-abi.sh install PREFIX      header, both libraries and qiwi_merchant.pc under PREFIX
#
# `lib` and `install` use the release profile (what users link); PROFILE=dev builds and installs
# debug libraries from build/c/dev/lib instead (the C suite's quick loop). `test-lib` is dev
# unless PROFILE says otherwise. Built with `cargo rustc --lib --crate-type ...`, so the everyday
# `cargo build`/`cargo test` stay rlib-only; cargo's output is found through
# scripts/cargo-target-dir.sh (CARGO_TARGET_DIR is honoured).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CARGO=${CARGO:-cargo}
case "${1:-}" in
    test-lib) PROFILE=${PROFILE:-dev} ;;
    *) PROFILE=${PROFILE:-release} ;;
esac
case "$PROFILE" in
    dev) profile_dir=debug; profile_flag=(); libdir=build/c/dev/lib ;;
    release) profile_dir=release; profile_flag=(--release); libdir=build/c/lib ;;
    *) echo "c-abi: PROFILE must be dev or release" >&2; exit 2 ;;
esac
version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -1)
major=${version%%.*}
soname=libqiwi_merchant.so.$major

# Runs cargo rustc; keeps the native-static-libs note (printed only when rustc actually runs).
build() { # features crate-types dest
    local features=$1 types=$2 dest=$3 log outdir
    outdir=$(CARGO=$CARGO scripts/cargo-target-dir.sh)/$profile_dir
    mkdir -p "$dest"
    log=$(mktemp)
    if ! "$CARGO" rustc --lib "${profile_flag[@]}" --features "$features" --crate-type "$types" -- \
        --print native-static-libs -C link-arg=-Wl,-soname,"$soname" 2> >(tee "$log" >&2); then
        rm -f "$log"
        exit 1
    fi
    local note
    note=$(sed -n 's/^note: native-static-libs: //p' "$log" | tail -1)
    rm -f "$log"
    if [ -n "$note" ]; then
        echo "$note" > "$dest/native-static-libs.txt"
    elif [ ! -s "$dest/native-static-libs.txt" ]; then
        # The library was fresh and nothing was recorded yet: ask rustc what std needs (the
        # crate's dependencies are pure Rust, so std's list is the whole list).
        local probe
        probe=$(mktemp -d)
        echo '' > "$probe/empty.rs"
        rustc --crate-type staticlib --print native-static-libs -o "$probe/libempty.a" "$probe/empty.rs" 2>&1 |
            sed -n 's/^note: native-static-libs: //p' | tail -1 > "$dest/native-static-libs.txt"
        rm -rf "$probe"
    fi
    cp -f "$outdir/libqiwi_merchant.a" "$dest/"
    if [[ $types == *cdylib* ]]; then
        cp -f "$outdir/libqiwi_merchant.so" "$dest/"
    fi
}

write_pc() { # prefix dest-file
    local prefix=$1 libs
    libs=$(cat "$libdir/native-static-libs.txt")
    cat > "$2" <<EOF
prefix=$prefix
exec_prefix=\${prefix}
libdir=\${exec_prefix}/lib
includedir=\${prefix}/include

Name: qiwi_merchant
Description: Merchant side of QIWI payments (JetPay Gate, CQR/Kalixa QiwiDeposit), sans-IO C ABI
Version: $version
Libs: -L\${libdir} -lqiwi_merchant
Libs.private: $libs
Cflags: -I\${includedir}
EOF
}

case "${1:-}" in
    lib)
        build capi staticlib,cdylib "$libdir"
        ;;
    test-lib)
        build capi,capi-test-panic staticlib build/c/test
        ;;
    install)
        prefix=${2:?usage: scripts/c-abi.sh install PREFIX}
        [ -f "$libdir/libqiwi_merchant.so" ] ||
            { echo "c-abi: no $PROFILE libraries in $libdir: run 'PROFILE=$PROFILE scripts/c-abi.sh lib' first" >&2; exit 1; }
        prefix=$(mkdir -p "$prefix" && cd "$prefix" && pwd)
        install -d "$prefix/include" "$prefix/lib/pkgconfig"
        install -m 644 include/qiwi_merchant.h "$prefix/include/"
        install -m 644 "$libdir/libqiwi_merchant.a" "$prefix/lib/"
        install -m 755 "$libdir/libqiwi_merchant.so" "$prefix/lib/libqiwi_merchant.so.$version"
        ln -sf "libqiwi_merchant.so.$version" "$prefix/lib/$soname"
        ln -sf "$soname" "$prefix/lib/libqiwi_merchant.so"
        write_pc "$prefix" "$prefix/lib/pkgconfig/qiwi_merchant.pc"
        echo "c-abi: installed qiwi_merchant $version ($PROFILE) under $prefix"
        ;;
    *)
        sed -n '2,12s/^# \{0,1\}//p' "$0" >&2
        exit 2
        ;;
esac
