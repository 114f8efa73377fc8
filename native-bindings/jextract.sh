#!/bin/sh
# Regenerates src/main/java/dev/jrunc/linux/generated from src/main/c/jrunc.h and
# src/main/java/dev/jrunc/linux/generated/seccomp from src/main/c/seccomp.h (libseccomp-dev).
# Usage: JEXTRACT=/path/to/jextract ./jextract.sh
# The generated files are committed and never edited by hand.
set -eu
cd "$(dirname "$0")"
: "${JEXTRACT:?set JEXTRACT to the jextract launcher}"
OUT=src/main/java
PKG=dev.jrunc.linux.generated
rm -rf "$OUT/dev/jrunc/linux/generated"
"$JEXTRACT" \
  -D _GNU_SOURCE \
  --target-package "$PKG" \
  --header-class-name jrunc_h \
  --output "$OUT" \
  @src/main/c/jextract-includes.txt \
  src/main/c/jrunc.h
# libseccomp: loaded lazily by soname, so only a create with a seccomp profile pays for it
"$JEXTRACT" \
  -D _GNU_SOURCE \
  --target-package "$PKG.seccomp" \
  --header-class-name seccomp_h \
  --library :libseccomp.so.2 \
  --output "$OUT" \
  @src/main/c/jextract-seccomp-includes.txt \
  src/main/c/seccomp.h
echo "generated: $(find "$OUT/dev/jrunc/linux/generated" -name '*.java' | wc -l) files"
