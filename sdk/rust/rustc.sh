# Sourced by the Rust SDK's scripts (and scripts/test.sh): finds a rustc that can build contracts.
#
# find_wasm32_rustc prints the first of $RUSTC, /usr/bin/rustc (Debian's) and the rustc on PATH whose
# sysroot has the wasm32-unknown-unknown standard library (a rustup rustc without that target may come
# first on PATH), or fails when there is none.

rustc_has_wasm32() {
  local sysroot
  sysroot="$("$1" --print sysroot 2>/dev/null)" || return 1
  [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]
}

find_wasm32_rustc() {
  local candidate
  for candidate in "${RUSTC:-}" /usr/bin/rustc "$(command -v rustc 2>/dev/null || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && rustc_has_wasm32 "$candidate"; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
