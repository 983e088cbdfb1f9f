#!/usr/bin/env bash
# Builds a Rust contract: build-contract.sh DIR [OUT_DIR]
#
# DIR holds the contract's src/lib.rs (a #![no_std] crate using lockstep_sdk). Writes
# OUT_DIR/<name>.wasm and OUT_DIR/<name>.abi.json, where <name> is DIR's name with '-' as '_' and
# OUT_DIR defaults to DIR/build. The module ends with the `lockstep.end` custom section: a deploy
# carries the constructor input after it. Needs only rustc with the wasm32-unknown-unknown target (Debian:
# rustc and libstd-rust-dev-wasm32); no Cargo and no crates.
#
# The compiler: the first of $RUSTC, /usr/bin/rustc and the rustc on PATH whose sysroot has
# wasm32-unknown-unknown (rustc.sh; a rustup rustc without that target may come first on PATH). Exits 2, with a
# message, when there is none, so that callers can tell a missing toolchain from a broken contract.
# LOCKSTEP_STACK_SIZE sets the contract's stack (default 32768 bytes): every initial memory page
# costs fuel on every call, so the stack is kept small; overflowing it traps.
set -euo pipefail

usage() {
  echo "usage: $0 CONTRACT_DIR [OUT_DIR]" >&2
  exit 64
}
[ $# -ge 1 ] && [ $# -le 2 ] || usage

sdk_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
contract_dir="$(cd "$1" && pwd)"
out_dir="${2:-$contract_dir/build}"
name="$(basename "$contract_dir" | tr '-' '_')"
stack_size="${LOCKSTEP_STACK_SIZE:-32768}"
[ -f "$contract_dir/src/lib.rs" ] || { echo "build-contract.sh: $contract_dir/src/lib.rs not found" >&2; exit 64; }

source "$sdk_dir/rustc.sh"

if ! rustc="$(find_wasm32_rustc)"; then
  echo "build-contract.sh: no rustc with the wasm32-unknown-unknown target;" \
    "install Debian's rustc and libstd-rust-dev-wasm32 (or set RUSTC)" >&2
  exit 2
fi

# Before 1.68 a no_std crate that allocates must define its own out-of-memory handler, a feature
# those compilers gate; the SDK defines one, and only its build is allowed to use the gate.
minor="$("$rustc" --version | sed -E 's/^rustc 1\.([0-9]+).*/\1/')"
sdk_env=()
sdk_cfg=()
if [ "$minor" -lt 68 ]; then
  sdk_env=(RUSTC_BOOTSTRAP=1)
  sdk_cfg=(--cfg lockstep_oom_handler)
fi

work="$out_dir/.work"
mkdir -p "$work/wasm" "$work/host"
common=(--edition 2021 -C codegen-units=1)
wasm=(--target wasm32-unknown-unknown -C opt-level=z -C panic=abort)

# The contract for the VM.
env "${sdk_env[@]}" "$rustc" "${common[@]}" "${wasm[@]}" "${sdk_cfg[@]}" --crate-type rlib \
  --crate-name lockstep_sdk "$sdk_dir/lockstep-sdk/src/lib.rs" -o "$work/wasm/liblockstep_sdk.rlib"
"$rustc" "${common[@]}" "${wasm[@]}" -C lto -C strip=symbols \
  -C link-arg=-zstack-size="$stack_size" --crate-type cdylib --crate-name "$name" \
  -L "$work/wasm" --extern lockstep_sdk="$work/wasm/liblockstep_sdk.rlib" \
  "$contract_dir/src/lib.rs" -o "$work/wasm/$name.wasm"

# The last section: custom (id 0), 13 bytes, the name's length 12, "lockstep.end", no payload. Written
# after the linker, the last step to touch the module, and moved into place whole.
printf '\000\015\014lockstep.end' >>"$work/wasm/$name.wasm"
mv -f "$work/wasm/$name.wasm" "$out_dir/$name.wasm"

# The VM refuses any import outside these two modules: say so here rather than at deploy.
if command -v wasm-objdump >/dev/null 2>&1; then
  foreign="$(wasm-objdump -j Import -x "$out_dir/$name.wasm" | grep -E '<- ' \
    | grep -v -E '<- (lockstep|wasi_ephemeral_nn)\.' || true)"
  if [ -n "$foreign" ]; then
    echo "build-contract.sh: $name.wasm imports functions the VM does not offer:" >&2
    echo "$foreign" >&2
    exit 1
  fi
fi

# The ABI JSON: the same contract source built for the host, as a program that prints it.
"$rustc" "${common[@]}" --crate-type rlib --crate-name lockstep_sdk \
  "$sdk_dir/lockstep-sdk/src/lib.rs" -o "$work/host/liblockstep_sdk.rlib"
"$rustc" "${common[@]}" --crate-type rlib --crate-name "$name" \
  -L "$work/host" --extern lockstep_sdk="$work/host/liblockstep_sdk.rlib" \
  "$contract_dir/src/lib.rs" -o "$work/host/lib$name.rlib"
printf 'fn main() {\n    print!("{}", %s::abi_json());\n}\n' "$name" >"$work/host/print_abi.rs"
"$rustc" "${common[@]}" --crate-type bin -L "$work/host" \
  --extern "$name=$work/host/lib$name.rlib" "$work/host/print_abi.rs" -o "$work/host/print_abi"
"$work/host/print_abi" >"$out_dir/$name.abi.json"

echo "built $out_dir/$name.wasm ($(wc -c <"$out_dir/$name.wasm") bytes) and $name.abi.json with $rustc ($("$rustc" --version))"
