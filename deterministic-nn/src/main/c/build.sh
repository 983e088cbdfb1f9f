#!/bin/sh
# Builds the native int8 kernel (docs/adr/0011-native-int8-kernel.md) into
# <classes>/native/linux-x86_64/liblockstep_int8.so, where NativeInt8Gemm finds it as a classpath
# resource. Called by the Maven build (process-classes). Without gcc, JNI headers, or on another platform,
# it prints why, builds nothing and succeeds: the Java kernel then computes the same integers.
#
# Usage: build.sh <source directory> <classes directory> <java.home of the building JVM>
set -eu
src="$1"
classes="$2"
java_home="$3"
out="$classes/native/linux-x86_64"

skip() {
  echo "[lockstep] native int8 kernel not built: $1; the Java int8 kernel runs (same results, slower)"
  rm -f "$out/liblockstep_int8.so"
  exit 0
}

[ "$(uname -s)" = Linux ] || skip "the platform is $(uname -s), not Linux"
case "$(uname -m)" in
  x86_64 | amd64) ;;
  *) skip "the machine is $(uname -m), not x86-64" ;;
esac
[ "${LOCKSTEP_NATIVE_BUILD:-true}" != false ] || skip "LOCKSTEP_NATIVE_BUILD=false"
command -v gcc >/dev/null 2>&1 || skip "gcc is not installed (apt-get install gcc)"
[ -f "$java_home/include/jni.h" ] || skip "no JNI headers in $java_home/include (a JRE, not a JDK?)"

mkdir -p "$out"
library="$out/liblockstep_int8.so"
if [ -f "$library" ] && [ "$library" -nt "$src/int8_gemm.c" ] && [ "$library" -nt "$src/build.sh" ]; then
  echo "[lockstep] native int8 kernel up to date: native/linux-x86_64/liblockstep_int8.so"
  exit 0
fi
# Only the kernel functions carry AVX-512 target attributes, so the library loads and answers
# supported() on any x86-64 CPU. -fno-strict-aliasing: the byte operands are read as 32-bit words.
gcc -O3 -std=c11 -Wall -Wextra -Werror -fPIC -shared -fno-strict-aliasing -fvisibility=default \
  -I"$java_home/include" -I"$java_home/include/linux" \
  -Wl,-z,noexecstack -o "$library.tmp" "$src/int8_gemm.c" \
  || skip "gcc failed (output above)"
mv -f "$library.tmp" "$library"
echo "[lockstep] native int8 kernel built: native/linux-x86_64/liblockstep_int8.so"
