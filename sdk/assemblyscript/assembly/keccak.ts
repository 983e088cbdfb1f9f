// Keccak-256 as Ethereum uses it (padding 0x01 ... 0x80, not SHA-3's 0x06): the sponge over
// Keccak-f[1600] (assembly/keccak-f.ts, generated from the constants lib/keccak.mjs derives from the
// specification) with a rate of 136 bytes.

import { keccakF } from "./keccak-f";

const RATE: i32 = 136;

/** Keccak-256 of `len` bytes at `ptr`, written as 32 bytes to `out`. */
export function keccak256Into(ptr: usize, len: i32, out: usize): void {
  const state = new StaticArray<u64>(25);
  const block = new StaticArray<u8>(RATE);
  let offset = 0;
  let last = false;
  while (!last) {
    const take = min(RATE, len - offset);
    const blockPtr = changetype<usize>(block);
    memory.fill(blockPtr, 0, RATE);
    memory.copy(blockPtr, ptr + offset, take);
    if (take < RATE) {
      // The final block carries the padding; a message that fills whole blocks gets one more block.
      store<u8>(blockPtr + take, load<u8>(blockPtr + take) ^ 0x01);
      store<u8>(blockPtr + RATE - 1, load<u8>(blockPtr + RATE - 1) ^ 0x80);
      last = true;
    }
    for (let i = 0; i < RATE / 8; i++) {
      unchecked((state[i] ^= load<u64>(blockPtr + (<usize>i << 3))));
    }
    keccakF(changetype<usize>(state));
    offset += take;
  }
  memory.copy(out, changetype<usize>(state), 32);
}

/** Keccak-256 of bytes. */
export function keccak256(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  keccak256Into(data.dataStart, data.length, out.dataStart);
  return out;
}

/** Keccak-256 of a string's UTF-8 bytes. */
export function keccak256String(text: string): Uint8Array {
  return keccak256(Uint8Array.wrap(String.UTF8.encode(text)));
}
