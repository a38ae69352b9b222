#!/usr/bin/env bash
# Builds oneTBB from Debian's source package with -fsanitize=thread into
# PREFIX: ThreadSanitizer reports ~100 false races inside the distribution's
# uninstrumented libtbb. Skipped when PREFIX already holds the library.
#   scripts/check/tbb-tsan.sh PREFIX
set -euo pipefail
prefix="$(realpath -m "$1")"
if compgen -G "$prefix/lib/cmake/TBB/TBBConfig.cmake" >/dev/null; then
  echo "tbb-tsan: using $prefix"
  exit 0
fi
work="$(dirname "$prefix")/onetbb-src"
rm -rf "$work" && mkdir -p "$work"
# The same upstream version as the libtbb-dev package the normal build uses.
version="$(dpkg-query -W -f='${source:Version}' libtbb-dev)"
(cd "$work" && apt-get source -q --download-only "onetbb=$version" >/dev/null \
   && dpkg-source -x --skip-patches onetbb_*.dsc src >/dev/null)
cmake -S "$work/src" -B "$work/build" -G "Unix Makefiles" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_C_FLAGS=-fsanitize=thread -DCMAKE_CXX_FLAGS=-fsanitize=thread \
  -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread \
  -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
  -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF -DTBBMALLOC_BUILD=OFF -DTBB_STRICT=OFF >/dev/null
cmake --build "$work/build" -j"${CHECK_JOBS:-2}"
cmake --install "$work/build" >/dev/null
rm -rf "$work"
echo "tbb-tsan: installed $prefix"
