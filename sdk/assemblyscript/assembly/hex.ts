const DIGITS = "0123456789abcdef";

/** 0x-prefixed lowercase hex of bytes. */
export function hexOf(bytes: Uint8Array): string {
  let out = "0x";
  for (let i = 0; i < bytes.length; i++) {
    const b = unchecked(bytes[i]);
    out += DIGITS.charAt(b >> 4) + DIGITS.charAt(b & 15);
  }
  return out;
}
