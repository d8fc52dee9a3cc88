dnl config.m4 for the qiwi_merchant extension.
dnl
dnl   phpize && ./configure --with-qiwi-merchant=PREFIX && make
dnl       links PREFIX/lib/libqiwi_merchant.a, header PREFIX/include/qiwi_merchant.h
dnl       (what `scripts/c-abi.sh install PREFIX` produces)
dnl   phpize && ./configure [--with-qiwi-merchant] && make
dnl       builds the repository's own static library (the directory above php-ext/) with
dnl       cargo as part of `make`: release profile (optimised, what users run), or the debug
dnl       profile with --enable-qiwi-merchant-debug (quicker to build: the test loop).
dnl       cargo's output is found at make time through scripts/cargo-target-dir.sh, so
dnl       CARGO_TARGET_DIR and .cargo/config.toml's build.target-dir are honoured.
dnl
dnl The static library is linked into the extension (no runtime dependency on a Rust library)
dnl and its symbols are not exported (-Wl,--exclude-libs,ALL).

PHP_ARG_WITH([qiwi-merchant],
  [for qiwi_merchant support],
  [AS_HELP_STRING([[--with-qiwi-merchant[=PREFIX]]],
    [Include qiwi_merchant support. PREFIX holds include/qiwi_merchant.h and
     lib/libqiwi_merchant.a; without PREFIX the library is built from this repository with cargo])])

PHP_ARG_ENABLE([qiwi-merchant-debug],
  [whether to build the bundled qiwi-merchant library in the debug profile],
  [AS_HELP_STRING([--enable-qiwi-merchant-debug],
    [Build the repository's static library in cargo's debug profile instead of --release
     (quicker build, much slower code: for development only)])],
  [no],
  [no])

if test "$PHP_QIWI_MERCHANT" != "no"; then
  QM_SELF_BUILD=no
  if test "$PHP_QIWI_MERCHANT" = "yes"; then
    QM_SELF_BUILD=yes
    dnl The repository: the parent of this directory, or $QIWI_MERCHANT_ROOT (out-of-tree builds).
    if test -n "$QIWI_MERCHANT_ROOT"; then
      QM_ROOT=`cd "$QIWI_MERCHANT_ROOT" && pwd`
    else
      QM_ROOT=`cd "${abs_srcdir:-.}/.." && pwd`
    fi
    if test ! -f "$QM_ROOT/Cargo.toml" || test ! -f "$QM_ROOT/include/qiwi_merchant.h"; then
      AC_MSG_ERROR([no PREFIX given and $QM_ROOT is not the qiwi-merchant repository (Cargo.toml, include/qiwi_merchant.h)])
    fi
    AC_PATH_PROG([QM_CARGO], [cargo], [no], [$PATH:$HOME/.cargo/bin])
    if test "$QM_CARGO" = "no"; then
      AC_MSG_ERROR([cargo not found: install Rust, or pass --with-qiwi-merchant=PREFIX of an installed libqiwi_merchant])
    fi
    QM_INCDIR="$QM_ROOT/include"
    dnl QM_CARGO_PROFILE_DIR: the subdirectory of cargo's target directory holding the archive.
    if test "$PHP_QIWI_MERCHANT_DEBUG" = "yes"; then
      QM_CARGO_FLAGS=""
      QM_CARGO_PROFILE_DIR="debug"
    else
      QM_CARGO_FLAGS="--release"
      QM_CARGO_PROFILE_DIR="release"
    fi
    if test ! -x "$QM_ROOT/scripts/cargo-target-dir.sh"; then
      AC_MSG_ERROR([$QM_ROOT/scripts/cargo-target-dir.sh is missing: it finds cargo's output])
    fi
    dnl The library is built by `make` (Makefile.frag) and copied next to the objects.
    QM_STATICLIB="$abs_builddir/qm-lib/libqiwi_merchant.a"
  else
    QM_PREFIX="$PHP_QIWI_MERCHANT"
    QM_INCDIR="$QM_PREFIX/include"
    QM_STATICLIB="$QM_PREFIX/lib/libqiwi_merchant.a"
    if test ! -f "$QM_STATICLIB"; then
      AC_MSG_ERROR([$QM_STATICLIB not found])
    fi
  fi

  AC_MSG_CHECKING([for qiwi_merchant.h])
  if test ! -f "$QM_INCDIR/qiwi_merchant.h"; then
    AC_MSG_RESULT([not found])
    AC_MSG_ERROR([qiwi_merchant.h not found in $QM_INCDIR])
  fi
  AC_MSG_RESULT([$QM_INCDIR])

  AC_MSG_CHECKING([qiwi_merchant.h version])
  QM_MAJOR=`sed -n 's/^#define QIWI_MERCHANT_VERSION_MAJOR  *\([[0-9]]*\).*/\1/p' "$QM_INCDIR/qiwi_merchant.h"`
  QM_MINOR=`sed -n 's/^#define QIWI_MERCHANT_VERSION_MINOR  *\([[0-9]]*\).*/\1/p' "$QM_INCDIR/qiwi_merchant.h"`
  QM_PATCH=`sed -n 's/^#define QIWI_MERCHANT_VERSION_PATCH  *\([[0-9]]*\).*/\1/p' "$QM_INCDIR/qiwi_merchant.h"`
  if test -z "$QM_MAJOR" || test -z "$QM_MINOR"; then
    AC_MSG_RESULT([unknown])
    AC_MSG_ERROR([QIWI_MERCHANT_VERSION_MAJOR/MINOR not found in $QM_INCDIR/qiwi_merchant.h])
  fi
  AC_MSG_RESULT([$QM_MAJOR.$QM_MINOR.$QM_PATCH])
  if test "$QM_MAJOR" != "0" || test "$QM_MINOR" -lt 3; then
    AC_MSG_ERROR([qiwi_merchant 0.x (x >= 3) is required, found $QM_MAJOR.$QM_MINOR.$QM_PATCH])
  fi

  PHP_ADD_INCLUDE([$QM_INCDIR])

  dnl The archive is given by its full path (never -lqiwi_merchant, which could pick a .so);
  dnl its native dependencies are those `cargo rustc -- --print native-static-libs` lists.
  QIWI_MERCHANT_SHARED_LIBADD="-Wl,--exclude-libs,ALL -Wl,--version-script=${abs_srcdir:-.}/qiwi_merchant.map $QM_STATICLIB -lpthread -ldl -lm -lrt -lutil"
  PHP_SUBST(QIWI_MERCHANT_SHARED_LIBADD)

  PHP_NEW_EXTENSION(qiwi_merchant, qiwi_merchant.c, $ext_shared,, -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1)
  PHP_ADD_EXTENSION_DEP(qiwi_merchant, json)
  PHP_ADD_EXTENSION_DEP(qiwi_merchant, spl)

  QM_SHARED_DEPS="$QM_STATICLIB"
  QIWI_MERCHANT_SHARED_DEPENDENCIES="$QM_SHARED_DEPS"
  PHP_SUBST(QIWI_MERCHANT_SHARED_DEPENDENCIES)
  PHP_SUBST(QM_SELF_BUILD)
  PHP_SUBST(QM_ROOT)
  PHP_SUBST(QM_CARGO)
  PHP_SUBST(QM_CARGO_FLAGS)
  PHP_SUBST(QM_CARGO_PROFILE_DIR)
  PHP_SUBST(QM_STATICLIB)
  PHP_ADD_MAKEFILE_FRAGMENT
fi
