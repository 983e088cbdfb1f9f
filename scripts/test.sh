#!/usr/bin/env bash
# Runs every check and test of the project: installs what the tests need when it is missing (wabt for
# wat2wasm, Maven, a JDK, Node.js and npm for the AssemblyScript SDK, a rustc that targets wasm32 for
# the Rust SDK, gcc for deterministic-nn's native int8 kernel; with apt-get, through sudo unless root), then `mvn -B verify`, which resolves the Maven
# dependencies itself. Extra arguments go to Maven (e.g. -pl node -am).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
command -v wat2wasm >/dev/null 2>&1 || missing+=(wabt)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
# Node.js and npm build the AssemblyScript contracts (the SDK installs its pinned compiler with npm ci).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# gcc builds deterministic-nn's native int8 kernel (docs/adr/0011), so that its tests compare it with the
# Java kernel; the build skips it without gcc, and other platforms run the Java kernel anyway.
if [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ]; then
  command -v gcc >/dev/null 2>&1 || missing+=(gcc)
fi
if ! command -v javac >/dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  missing+=(jdk)
fi
# The Rust SDK's tests build contracts with a rustc whose sysroot has wasm32-unknown-unknown (the one
# first on PATH may lack it; sdk/rust/rustc.sh picks among them the same way).
source sdk/rust/rustc.sh
find_wasm32_rustc >/dev/null || missing+=(rust-wasm32)

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: please install: ${missing[*]} (wabt provides wat2wasm; the JDK must be 17 or newer;" \
      "rust-wasm32 is rustc with the wasm32-unknown-unknown standard library)" >&2
    exit 1
  fi
  as_root apt-get update -qq
  packages=()
  for item in "${missing[@]}"; do
    if [ "$item" = jdk ]; then
      # JDK 17 where the distribution has it; otherwise its default JDK, which on current releases is newer.
      if apt-cache show openjdk-17-jdk-headless >/dev/null 2>&1; then
        packages+=(openjdk-17-jdk-headless)
      else
        packages+=(default-jdk-headless)
      fi
    elif [ "$item" = rust-wasm32 ]; then
      packages+=(rustc libstd-rust-dev-wasm32)
    else
      packages+=("$item")
    fi
  done
  echo "test.sh: installing ${packages[*]}" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >&2
fi

exec mvn -B verify "$@"
