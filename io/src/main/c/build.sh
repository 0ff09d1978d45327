#!/usr/bin/env bash
# Builds libhyperflux-io.so into the given classes directory: the JNI binding of the system's
# libdeflate (hyperflux_deflate.c, for org.hyperflux.io.internal.Libdeflate) and Blosc's byte
# unshuffle (hyperflux_shuffle.c, for NativeUnshuffle). io's pom.xml runs it on Linux x86-64:
# build.sh JAVA_HOME CLASSES_DIR. Where gcc or the JDK's jni.h is missing it builds nothing and
# says so; hyperflux then inflates with java.util.zip and unshuffles in Java, only more slowly.
set -euo pipefail
java_home="$1"
out="$2/org/hyperflux/io/internal/native/linux-x86_64"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fallback="inflating and unshuffling fall back to Java"
if ! command -v gcc >/dev/null 2>&1; then
  echo "io: gcc not found: libhyperflux-io.so not built ($fallback)"
  exit 0
fi
if [[ ! -f "$java_home/include/jni.h" ]]; then
  echo "io: $java_home/include/jni.h not found: libhyperflux-io.so not built ($fallback)"
  exit 0
fi
mkdir -p "$out"
gcc -O3 -fPIC -shared -Wall -Wextra -Wno-unused-parameter \
  -I"$java_home/include" -I"$java_home/include/linux" \
  -o "$out/libhyperflux-io.so" "$here/hyperflux_deflate.c" "$here/hyperflux_shuffle.c" -ldl
