// Keccak-256 as Ethereum uses it (the original Keccak padding 0x01, not SHA-3's 0x06), written from the
// Keccak reference description: 25 lanes of 64 bits, rate 1088 bits, 24 rounds of theta, rho, pi, chi
// and iota. Lanes are BigInts: this runs at build time on short strings, where clarity beats speed.

const MASK = (1n << 64n) - 1n;

/** Round constants of iota, produced by the degree-8 LFSR the specification defines them with. */
export const ROUND_CONSTANTS = (() => {
  const constants = [];
  let lfsr = 1;
  for (let round = 0; round < 24; round++) {
    let rc = 0n;
    for (let j = 0; j < 7; j++) {
      if (lfsr & 1) rc |= 1n << BigInt((1 << j) - 1);
      lfsr = lfsr & 0x80 ? ((lfsr << 1) ^ 0x71) & 0xff : lfsr << 1;
    }
    constants.push(rc);
  }
  return constants;
})();

/** Rotation offsets of rho, indexed by x + 5y, from the walk (x, y) -> (y, 2x + 3y). */
export const ROTATIONS = (() => {
  const offsets = new Array(25).fill(0);
  let x = 1;
  let y = 0;
  for (let t = 0; t < 24; t++) {
    offsets[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
    [x, y] = [y, (2 * x + 3 * y) % 5];
  }
  return offsets;
})();

function rotl(lane, n) {
  const s = BigInt(n);
  return n === 0 ? lane : ((lane << s) | (lane >> (64n - s))) & MASK;
}

function permute(a) {
  const c = new Array(5);
  const b = new Array(25);
  for (let round = 0; round < 24; round++) {
    for (let x = 0; x < 5; x++) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (let x = 0; x < 5; x++) {
      const d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
      for (let y = 0; y < 25; y += 5) a[x + y] ^= d;
    }
    for (let x = 0; x < 5; x++) {
      for (let y = 0; y < 5; y++) {
        b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y], ROTATIONS[x + 5 * y]);
      }
    }
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++) {
        a[x + y] = b[x + y] ^ (~b[((x + 1) % 5) + y] & MASK & b[((x + 2) % 5) + y]);
      }
    }
    a[0] ^= ROUND_CONSTANTS[round];
  }
}

const RATE = 136;

/** Keccak-256 of bytes (Uint8Array) or of a string's UTF-8 encoding; returns 32 bytes. */
export function keccak256(input) {
  const data = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const blocks = Math.floor(data.length / RATE) + 1;
  const padded = new Uint8Array(blocks * RATE);
  padded.set(data);
  padded[data.length] ^= 0x01;
  padded[padded.length - 1] ^= 0x80;
  const state = new Array(25).fill(0n);
  for (let offset = 0; offset < padded.length; offset += RATE) {
    for (let i = 0; i < RATE / 8; i++) {
      let lane = 0n;
      for (let k = 7; k >= 0; k--) lane = (lane << 8n) | BigInt(padded[offset + 8 * i + k]);
      state[i] ^= lane;
    }
    permute(state);
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((state[i >> 3] >> BigInt(8 * (i & 7))) & 0xffn);
  return out;
}

export function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
