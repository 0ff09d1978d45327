#!/usr/bin/env bash
# Builds one of hyperflux's JNI libraries into a module's classes directory, where
# org.hyperflux.core.internal.NativeLibraries finds and loads it. flux-core's and io's pom.xml run
# it on Linux x86-64:
#
#   build-jni.sh JAVA_HOME CLASSES_DIR PACKAGE_DIR LIBRARY SOURCE... [-lNAME...]
#
# puts LIBRARY (libhyperflux-core.so, libhyperflux-io.so) in CLASSES_DIR/PACKAGE_DIR/native/
# linux-x86_64/. Where gcc or the JDK's jni.h is missing it builds nothing and says so; hyperflux
# then takes its Java paths instead (java.util.zip's inflater, Java loops), with the same
# results, only more slowly.
set -euo pipefail
java_home="$1"
out="$2/$3/native/linux-x86_64"
library="$4"
shift 4
if ! command -v gcc >/dev/null 2>&1; then
  echo "gcc not found: $library not built (hyperflux uses its Java paths instead)"
  exit 0
fi
if [[ ! -f "$java_home/include/jni.h" ]]; then
  echo "$java_home/include/jni.h not found: $library not built (hyperflux uses its Java paths instead)"
  exit 0
fi
mkdir -p "$out"
gcc -O3 -fPIC -shared -Wall -Wextra -Wno-unused-parameter \
  -I"$java_home/include" -I"$java_home/include/linux" -o "$out/$library" "$@"
