#!/usr/bin/env bash
# Builds libhyperflux-deflate.so (the JNI binding of libdeflate, hyperflux_deflate.c) into the
# given classes directory, for org.hyperflux.io.internal.Libdeflate. io's pom.xml runs it on
# Linux x86-64: build.sh JAVA_HOME CLASSES_DIR. Where gcc or the JDK's jni.h is missing it builds
# nothing and says so; hyperflux then inflates with java.util.zip, only more slowly.
set -euo pipefail
java_home="$1"
out="$2/org/hyperflux/io/internal/native/linux-x86_64"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v gcc >/dev/null 2>&1; then
  echo "io: gcc not found: libhyperflux-deflate.so not built (inflating falls back to java.util.zip)"
  exit 0
fi
if [[ ! -f "$java_home/include/jni.h" ]]; then
  echo "io: $java_home/include/jni.h not found: libhyperflux-deflate.so not built (inflating falls back to java.util.zip)"
  exit 0
fi
mkdir -p "$out"
gcc -O3 -fPIC -shared -Wall -Wextra -Wno-unused-parameter \
  -I"$java_home/include" -I"$java_home/include/linux" \
  -o "$out/libhyperflux-deflate.so" "$here/hyperflux_deflate.c" -ldl
