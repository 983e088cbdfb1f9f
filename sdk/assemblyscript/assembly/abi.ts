// The Solidity contract ABI (head/tail encoding of tuples). An AbiEncoder builds one tuple: each member
// is static (its words go in the head) or dynamic (an offset in the head, its encoding in the tail).
// Arrays and fixed-size arrays are tuples of their elements, so nesting is one encoder inside another.
// An AbiDecoder reads one tuple and checks what Solidity checks: words in range for their type, offsets
// and lengths inside the data. Bad input reverts with a reason starting "ABI:".

import { revert } from "./revert";
import { U256, I256 } from "./u256";
import { Address, FixedBytes } from "./bytes";

class Member {
  constructor(public bytes: Uint8Array, public dynamic: bool) {}
}

export class AbiEncoder {
  private members: Array<Member> = new Array<Member>();
  private headSize: i32 = 0;
  private tailSize: i32 = 0;

  /** True when some member is dynamic, which makes the tuple itself dynamic. */
  get isDynamic(): bool {
    for (let i = 0; i < this.members.length; i++) if (unchecked(this.members[i]).dynamic) return true;
    return false;
  }

  private word(): usize {
    const w = new Uint8Array(32);
    this.members.push(new Member(w, false));
    this.headSize += 32;
    return w.dataStart;
  }

  private dynamicMember(encoded: Uint8Array): void {
    this.members.push(new Member(encoded, true));
    this.headSize += 32;
    this.tailSize += encoded.length;
  }

  /** Unsigned integer of `bits` (8 to 256) given as u64; reverts if it does not fit. */
  uint(v: u64, bits: i32 = 256): this {
    if (bits < 64 && v >> (<u64>bits) != 0) revert("ABI: value out of range for uint" + bits.toString());
    store<u64>(this.word() + 24, bswap<u64>(v));
    return this;
  }

  /** Signed integer of `bits` (8 to 256) given as i64; reverts if it does not fit. */
  int(v: i64, bits: i32 = 256): this {
    if (bits < 64) {
      const limit = (<i64>1) << (<i64>(bits - 1));
      if (v >= limit || v < -limit) revert("ABI: value out of range for int" + bits.toString());
    }
    const p = this.word();
    const fill: u64 = v < 0 ? u64.MAX_VALUE : 0;
    store<u64>(p, fill);
    store<u64>(p + 8, fill);
    store<u64>(p + 16, fill);
    store<u64>(p + 24, bswap<u64>(<u64>v));
    return this;
  }

  uint256(v: U256, bits: i32 = 256): this {
    if (v.bitLength() > bits) revert("ABI: value out of range for uint" + bits.toString());
    v.writeBytesBE(this.word());
    return this;
  }

  int256(v: I256, bits: i32 = 256): this {
    if (v.signedBitLength() > bits) revert("ABI: value out of range for int" + bits.toString());
    v.writeBytesBE(this.word());
    return this;
  }

  bool(v: bool): this {
    store<u8>(this.word() + 31, v ? 1 : 0);
    return this;
  }

  address(v: Address): this {
    memory.copy(this.word() + 12, v.bytes.dataStart, 20);
    return this;
  }

  /** bytesN: left-aligned, zero-padded on the right. */
  fixedBytes(v: FixedBytes): this {
    memory.copy(this.word(), v.bytes.dataStart, v.bytes.length);
    return this;
  }

  bytes(v: Uint8Array): this {
    this.dynamicMember(lengthPrefixed(v.dataStart, v.length));
    return this;
  }

  string(v: string): this {
    const utf8 = String.UTF8.encode(v);
    this.dynamicMember(lengthPrefixed(changetype<usize>(utf8), utf8.byteLength));
    return this;
  }

  /** A dynamic array T[]: `elements` holds its elements, one member each. */
  array(length: i32, elements: AbiEncoder): this {
    const body = elements.finish();
    const out = new Uint8Array(32 + body.length);
    store<u64>(out.dataStart + 24, bswap<u64>(<u64>length));
    memory.copy(out.dataStart + 32, body.dataStart, body.length);
    this.dynamicMember(out);
    return this;
  }

  /** A fixed-size array T[k] or a tuple: inline when all its members are static, else by offset. */
  tuple(elements: AbiEncoder): this {
    const body = elements.finish();
    if (elements.isDynamic) {
      this.dynamicMember(body);
    } else {
      this.members.push(new Member(body, false));
      this.headSize += body.length;
    }
    return this;
  }

  /** The tuple's encoding: heads, then tails. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.headSize + this.tailSize);
    let head = out.dataStart;
    let tail = this.headSize;
    for (let i = 0; i < this.members.length; i++) {
      const m = unchecked(this.members[i]);
      if (m.dynamic) {
        store<u64>(head + 24, bswap<u64>(<u64>tail));
        memory.copy(out.dataStart + tail, m.bytes.dataStart, m.bytes.length);
        tail += m.bytes.length;
        head += 32;
      } else {
        memory.copy(head, m.bytes.dataStart, m.bytes.length);
        head += m.bytes.length;
      }
    }
    return out;
  }
}

function lengthPrefixed(ptr: usize, len: i32): Uint8Array {
  const out = new Uint8Array(32 + ((len + 31) & ~31));
  store<u64>(out.dataStart + 24, bswap<u64>(<u64>len));
  memory.copy(out.dataStart + 32, ptr, len);
  return out;
}

function allZero(ptr: usize, len: i32): bool {
  for (let i = 0; i < len; i++) if (load<u8>(ptr + i) != 0) return false;
  return true;
}

function allOnes(ptr: usize, len: i32): bool {
  for (let i = 0; i < len; i++) if (load<u8>(ptr + i) != 0xff) return false;
  return true;
}

export class AbiDecoder {
  /** Elements of an array decoder (from `array()`); -1 for a plain tuple. */
  length: i32 = -1;
  private cursor: i32;

  /** Decodes the tuple at `base` in `data` (offsets inside it are relative to `base`). */
  constructor(public data: Uint8Array, public base: i32 = 0) {
    this.cursor = base;
  }

  /** A head word's address; reverts when it lies past the data. */
  private word(): usize {
    if (this.cursor < 0 || this.cursor + 32 > this.data.length) revert("ABI: calldata too short");
    const p = this.data.dataStart + this.cursor;
    this.cursor += 32;
    return p;
  }

  /** A small non-negative number (offset or length), checked to lie within the data. */
  private smallWord(what: string): i32 {
    const p = this.word();
    const v = bswap<u64>(load<u64>(p + 24));
    if (!allZero(p, 24) || v > <u64>this.data.length) revert("ABI: " + what + " out of range");
    return <i32>v;
  }

  /** Where a dynamic member's encoding starts. */
  private tailStart(): i32 {
    const at = this.base + this.smallWord("offset");
    if (at > this.data.length) revert("ABI: offset out of range");
    return at;
  }

  /** Unsigned integer of `bits` (at most 64) as u64. */
  uint(bits: i32 = 64): u64 {
    const p = this.word();
    const v = bswap<u64>(load<u64>(p + 24));
    if (!allZero(p, 24) || (bits < 64 && v >> (<u64>bits) != 0)) {
      revert("ABI: value out of range for uint" + bits.toString());
    }
    return v;
  }

  /** Signed integer of `bits` (at most 64) as i64; the word must be its sign extension. */
  int(bits: i32 = 64): i64 {
    const p = this.word();
    const v = <i64>bswap<u64>(load<u64>(p + 24));
    const extended = bits < 64 ? (v << (<i64>(64 - bits))) >> (<i64>(64 - bits)) : v;
    const fillOk = v < 0 ? allOnes(p, 24) : allZero(p, 24);
    if (extended != v || !fillOk) revert("ABI: value out of range for int" + bits.toString());
    return v;
  }

  uint256(bits: i32 = 256): U256 {
    const v = U256.fromBytesBE(this.word());
    if (v.bitLength() > bits) revert("ABI: value out of range for uint" + bits.toString());
    return v;
  }

  int256(bits: i32 = 256): I256 {
    const v = I256.fromBytesBE(this.word());
    if (v.signedBitLength() > bits) revert("ABI: value out of range for int" + bits.toString());
    return v;
  }

  bool(): bool {
    const p = this.word();
    const last = load<u8>(p + 31);
    if (!allZero(p, 31) || last > 1) revert("ABI: invalid bool");
    return last == 1;
  }

  address(): Address {
    const p = this.word();
    if (!allZero(p, 12)) revert("ABI: invalid address");
    return Address.fromPtr(p + 12);
  }

  /** The `size` bytes of a bytesN; the rest of the word must be zero. */
  fixedBytes(size: i32): Uint8Array {
    const p = this.word();
    if (!allZero(p + size, 32 - size)) revert("ABI: invalid bytes" + size.toString());
    const out = new Uint8Array(size);
    memory.copy(out.dataStart, p, size);
    return out;
  }

  bytes(): Uint8Array {
    const at = this.tailStart();
    const len = new AbiDecoder(this.data, at).smallWord("length");
    if (at + 32 + len > this.data.length) revert("ABI: bytes past the end of calldata");
    const out = new Uint8Array(len);
    memory.copy(out.dataStart, this.data.dataStart + at + 32, len);
    return out;
  }

  string(): string {
    const raw = this.bytes();
    if (!isUtf8(raw)) revert("ABI: string is not UTF-8");
    return String.UTF8.decodeUnsafe(raw.dataStart, raw.length);
  }

  /** A dynamic array T[]: a decoder over its elements, with `length` set. */
  array(): AbiDecoder {
    const at = this.tailStart();
    const len = new AbiDecoder(this.data, at).smallWord("length");
    // Every element takes at least one word; this bounds what a caller can make the contract allocate.
    if (<i64>at + 32 + <i64>len * 32 > <i64>this.data.length) revert("ABI: array past the end of calldata");
    const elements = new AbiDecoder(this.data, at + 32);
    elements.length = len;
    return elements;
  }

  /** A fixed-size array or tuple whose members are dynamic: a decoder at its offset. */
  dynamicTuple(): AbiDecoder {
    return new AbiDecoder(this.data, this.tailStart());
  }

  /**
   * A fixed-size array or tuple whose members are all static lies inline: its members are read from this
   * same decoder, in order.
   */
  staticTuple(): AbiDecoder {
    return this;
  }
}

/**
 * Reverts unless a constructor's `input` is byte for byte `canonical`, its decoded arguments encoded
 * again (`types` is their Solidity tuple, such as "(uint256,string)"). Ethereum tooling appends exactly
 * that encoding to the module; anything else (extra bytes, arguments for another constructor, offsets
 * that are not the canonical ones) is refused rather than half-read.
 */
export function requireExactConstructorInput(input: Uint8Array, canonical: Uint8Array, types: string): void {
  if (input.length != canonical.length) {
    if (canonical.length == 0) {
      revert("ABI: the constructor takes no arguments, but its input is " + input.length.toString() + " bytes");
    }
    revert(
      "ABI: constructor input is " + input.length.toString() + " bytes, but its arguments " + types +
        " encode to " + canonical.length.toString(),
    );
  }
  if (memory.compare(input.dataStart, canonical.dataStart, input.length) != 0) {
    revert("ABI: constructor input is not the canonical encoding of " + types);
  }
}

/** The first four bytes of keccak256(signature) as a big-endian u32. */
export function selectorOf(hash: Uint8Array): u32 {
  return bswap<u32>(load<u32>(hash.dataStart));
}

/**
 * Whether `b` is well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates (U+D800..U+DFFF), nothing
 * above U+10FFFF, no truncated sequence. Solidity does not check, but a string that is not UTF-8 cannot
 * be an AssemblyScript string without being altered, so the decoder refuses it instead.
 */
export function isUtf8(b: Uint8Array): bool {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = <u32>unchecked(b[i]);
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: i32;
    let lo: u32 = 0x80;
    let hi: u32 = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c == 0xe0) lo = 0xa0; // overlong
      if (c == 0xed) hi = 0x9f; // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c == 0xf0) lo = 0x90; // overlong
      if (c == 0xf4) hi = 0x8f; // above U+10FFFF
    } else {
      return false;
    }
    if (i + need >= n) return false; // truncated
    const second = <u32>unchecked(b[i + 1]);
    if (second < lo || second > hi) return false;
    for (let k = 2; k <= need; k++) {
      const next = <u32>unchecked(b[i + k]);
      if (next < 0x80 || next > 0xbf) return false;
    }
    i += need + 1;
  }
  return true;
}
