import { hexOf } from "./hex";

/**
 * A 256-bit unsigned integer in four 64-bit limbs, least significant first. Arithmetic is checked:
 * overflow and underflow abort (and so revert), as Solidity 0.8 does.
 */
export class U256 {
  constructor(public lo0: u64 = 0, public lo1: u64 = 0, public lo2: u64 = 0, public lo3: u64 = 0) {}

  static get ZERO(): U256 {
    return new U256();
  }

  static get MAX(): U256 {
    return new U256(u64.MAX_VALUE, u64.MAX_VALUE, u64.MAX_VALUE, u64.MAX_VALUE);
  }

  static fromU64(v: u64): U256 {
    return new U256(v);
  }

  /** Reads 32 big-endian bytes at `ptr`. */
  static fromBytesBE(ptr: usize): U256 {
    return new U256(
      bswap<u64>(load<u64>(ptr + 24)),
      bswap<u64>(load<u64>(ptr + 16)),
      bswap<u64>(load<u64>(ptr + 8)),
      bswap<u64>(load<u64>(ptr)),
    );
  }

  static fromBytes(bytes: Uint8Array): U256 {
    assert(bytes.length == 32, "U256 needs 32 bytes");
    return U256.fromBytesBE(bytes.dataStart);
  }

  /** Writes 32 big-endian bytes at `ptr`. */
  writeBytesBE(ptr: usize): void {
    store<u64>(ptr, bswap<u64>(this.lo3));
    store<u64>(ptr + 8, bswap<u64>(this.lo2));
    store<u64>(ptr + 16, bswap<u64>(this.lo1));
    store<u64>(ptr + 24, bswap<u64>(this.lo0));
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(32);
    this.writeBytesBE(out.dataStart);
    return out;
  }

  isZero(): bool {
    return (this.lo0 | this.lo1 | this.lo2 | this.lo3) == 0;
  }

  /** The number of significant bits (0 for zero). */
  bitLength(): i32 {
    if (this.lo3 != 0) return 256 - <i32>clz(this.lo3);
    if (this.lo2 != 0) return 192 - <i32>clz(this.lo2);
    if (this.lo1 != 0) return 128 - <i32>clz(this.lo1);
    return 64 - <i32>clz(this.lo0);
  }

  fitsU64(): bool {
    return (this.lo1 | this.lo2 | this.lo3) == 0;
  }

  toU64(): u64 {
    assert(this.fitsU64(), "U256 does not fit in u64");
    return this.lo0;
  }

  @operator("==")
  eq(other: U256): bool {
    return this.lo0 == other.lo0 && this.lo1 == other.lo1 && this.lo2 == other.lo2 && this.lo3 == other.lo3;
  }

  @operator("!=")
  ne(other: U256): bool {
    return !this.eq(other);
  }

  @operator("<")
  lt(other: U256): bool {
    if (this.lo3 != other.lo3) return this.lo3 < other.lo3;
    if (this.lo2 != other.lo2) return this.lo2 < other.lo2;
    if (this.lo1 != other.lo1) return this.lo1 < other.lo1;
    return this.lo0 < other.lo0;
  }

  @operator(">")
  gt(other: U256): bool {
    return other.lt(this);
  }

  @operator("<=")
  le(other: U256): bool {
    return !other.lt(this);
  }

  @operator(">=")
  ge(other: U256): bool {
    return !this.lt(other);
  }

  /** The sum modulo 2^256. */
  wrappingAdd(other: U256): U256 {
    const r0 = this.lo0 + other.lo0;
    let carry: u64 = r0 < this.lo0 ? 1 : 0;
    const s1 = this.lo1 + other.lo1;
    const r1 = s1 + carry;
    carry = (s1 < this.lo1 ? 1 : 0) | (r1 < s1 ? 1 : 0);
    const s2 = this.lo2 + other.lo2;
    const r2 = s2 + carry;
    carry = (s2 < this.lo2 ? 1 : 0) | (r2 < s2 ? 1 : 0);
    const r3 = this.lo3 + other.lo3 + carry;
    return new U256(r0, r1, r2, r3);
  }

  /** The difference modulo 2^256. */
  wrappingSub(other: U256): U256 {
    const r0 = this.lo0 - other.lo0;
    let borrow: u64 = this.lo0 < other.lo0 ? 1 : 0;
    const d1 = this.lo1 - other.lo1;
    const r1 = d1 - borrow;
    borrow = (this.lo1 < other.lo1 ? 1 : 0) | (d1 < borrow ? 1 : 0);
    const d2 = this.lo2 - other.lo2;
    const r2 = d2 - borrow;
    borrow = (this.lo2 < other.lo2 ? 1 : 0) | (d2 < borrow ? 1 : 0);
    const r3 = this.lo3 - other.lo3 - borrow;
    return new U256(r0, r1, r2, r3);
  }

  @operator("+")
  add(other: U256): U256 {
    const sum = this.wrappingAdd(other);
    assert(!sum.lt(this), "U256 addition overflow");
    return sum;
  }

  @operator("-")
  sub(other: U256): U256 {
    assert(!this.lt(other), "U256 subtraction underflow");
    return this.wrappingSub(other);
  }

  /** 0x-prefixed, 64 hex digits. */
  toHex(): string {
    return hexOf(this.toBytes());
  }

  toString(): string {
    return this.toHex();
  }
}

/**
 * A 256-bit two's-complement signed integer, the bits of int256. Only conversions are provided; do
 * arithmetic on narrower native types or on the unsigned bits.
 */
export class I256 {
  constructor(public bits: U256 = new U256()) {}

  static fromI64(v: i64): I256 {
    const fill: u64 = v < 0 ? u64.MAX_VALUE : 0;
    return new I256(new U256(<u64>v, fill, fill, fill));
  }

  static fromBytesBE(ptr: usize): I256 {
    return new I256(U256.fromBytesBE(ptr));
  }

  writeBytesBE(ptr: usize): void {
    this.bits.writeBytesBE(ptr);
  }

  isNegative(): bool {
    return <i64>this.bits.lo3 < 0;
  }

  /** The number of bits a two's-complement representation needs, sign included. */
  signedBitLength(): i32 {
    const magnitude = this.isNegative() ? U256.MAX.wrappingSub(this.bits) : this.bits;
    return magnitude.bitLength() + 1;
  }

  fitsI64(): bool {
    const fill: u64 = <i64>this.bits.lo0 < 0 ? u64.MAX_VALUE : 0;
    return this.bits.lo1 == fill && this.bits.lo2 == fill && this.bits.lo3 == fill;
  }

  toI64(): i64 {
    assert(this.fitsI64(), "I256 does not fit in i64");
    return <i64>this.bits.lo0;
  }

  @operator("==")
  eq(other: I256): bool {
    return this.bits.eq(other.bits);
  }
}
