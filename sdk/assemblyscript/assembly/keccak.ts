// Keccak-256 as Ethereum uses it (padding 0x01 ... 0x80, not SHA-3's 0x06). The constants below are
// the ones the build tool's lib/keccak.mjs derives from the specification's LFSR and (x, y) walk.

const ROUND_CONSTANTS: StaticArray<u64> = [
  0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
  0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
  0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
  0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
  0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
  0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
];

// Indexed by x + 5y.
const ROTATIONS: StaticArray<u8> = [
  0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
];

const RATE: i32 = 136;

function permute(a: StaticArray<u64>, b: StaticArray<u64>, c: StaticArray<u64>): void {
  for (let round = 0; round < 24; round++) {
    for (let x = 0; x < 5; x++) {
      unchecked((c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20]));
    }
    for (let x = 0; x < 5; x++) {
      const d = unchecked(c[(x + 4) % 5] ^ rotl<u64>(c[(x + 1) % 5], 1));
      for (let y = 0; y < 25; y += 5) unchecked((a[x + y] ^= d));
    }
    for (let x = 0; x < 5; x++) {
      for (let y = 0; y < 5; y++) {
        const from = x + 5 * y;
        unchecked((b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl<u64>(a[from], <u64>ROTATIONS[from])));
      }
    }
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++) {
        unchecked((a[x + y] = b[x + y] ^ (~b[((x + 1) % 5) + y] & b[((x + 2) % 5) + y])));
      }
    }
    unchecked((a[0] ^= ROUND_CONSTANTS[round]));
  }
}

/** Keccak-256 of `len` bytes at `ptr`, written as 32 bytes to `out`. */
export function keccak256Into(ptr: usize, len: i32, out: usize): void {
  const state = new StaticArray<u64>(25);
  const b = new StaticArray<u64>(25);
  const c = new StaticArray<u64>(5);
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
    permute(state, b, c);
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
