#!/usr/bin/env bash
# Runs the SDK's Rust unit tests (Keccak-256, the ABI codec, U256, storage keys, WASI-NN structs) on
# the host: test-sdk.sh [OUT_DIR]. The test binary goes to OUT_DIR (default sdk/rust/build). Exits 2
# when no suitable rustc is installed, like build-contract.sh.
set -euo pipefail

sdk_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out_dir="${1:-$sdk_dir/build}"
source "$sdk_dir/rustc.sh"
if ! rustc="$(find_wasm32_rustc)"; then
  echo "test-sdk.sh: no rustc with the wasm32-unknown-unknown target;" \
    "install Debian's rustc and libstd-rust-dev-wasm32 (or set RUSTC)" >&2
  exit 2
fi
mkdir -p "$out_dir"
"$rustc" --edition 2021 --test "$sdk_dir/lockstep-sdk/src/lib.rs" -o "$out_dir/lockstep-sdk-tests"
"$out_dir/lockstep-sdk-tests"
