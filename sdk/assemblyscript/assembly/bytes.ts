import { hexOf } from "./hex";

/** A 20-byte account or contract address. */
export class Address {
  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array = new Uint8Array(20)) {
    assert(bytes.length == 20, "an address is 20 bytes");
    this.bytes = bytes;
  }

  static zero(): Address {
    return new Address();
  }

  /** Reads 20 bytes at `ptr`. */
  static fromPtr(ptr: usize): Address {
    const bytes = new Uint8Array(20);
    memory.copy(bytes.dataStart, ptr, 20);
    return new Address(bytes);
  }

  isZero(): bool {
    for (let i = 0; i < 20; i++) if (unchecked(this.bytes[i]) != 0) return false;
    return true;
  }

  @operator("==")
  eq(other: Address): bool {
    return memory.compare(this.bytes.dataStart, other.bytes.dataStart, 20) == 0;
  }

  @operator("!=")
  ne(other: Address): bool {
    return !this.eq(other);
  }

  toHex(): string {
    return hexOf(this.bytes);
  }

  toString(): string {
    return this.toHex();
  }
}

/** Solidity's bytesN: exactly `size` bytes, 1 to 32. The classes Bytes1 to Bytes32 fix the size. */
export class FixedBytes {
  readonly bytes: Uint8Array;

  constructor(size: i32, bytes: Uint8Array | null = null) {
    assert(size >= 1 && size <= 32, "bytesN is 1 to 32 bytes");
    if (bytes == null) {
      this.bytes = new Uint8Array(size);
    } else {
      assert(bytes.length == size, "wrong length for bytesN");
      this.bytes = bytes;
    }
  }

  get size(): i32 {
    return this.bytes.length;
  }

  toHex(): string {
    return hexOf(this.bytes);
  }
}

export class Bytes1 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(1, bytes);
  }
}

export class Bytes2 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(2, bytes);
  }
}

export class Bytes3 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(3, bytes);
  }
}

export class Bytes4 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(4, bytes);
  }
}

export class Bytes5 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(5, bytes);
  }
}

export class Bytes6 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(6, bytes);
  }
}

export class Bytes7 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(7, bytes);
  }
}

export class Bytes8 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(8, bytes);
  }
}

export class Bytes9 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(9, bytes);
  }
}

export class Bytes10 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(10, bytes);
  }
}

export class Bytes11 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(11, bytes);
  }
}

export class Bytes12 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(12, bytes);
  }
}

export class Bytes13 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(13, bytes);
  }
}

export class Bytes14 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(14, bytes);
  }
}

export class Bytes15 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(15, bytes);
  }
}

export class Bytes16 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(16, bytes);
  }
}

export class Bytes17 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(17, bytes);
  }
}

export class Bytes18 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(18, bytes);
  }
}

export class Bytes19 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(19, bytes);
  }
}

export class Bytes20 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(20, bytes);
  }
}

export class Bytes21 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(21, bytes);
  }
}

export class Bytes22 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(22, bytes);
  }
}

export class Bytes23 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(23, bytes);
  }
}

export class Bytes24 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(24, bytes);
  }
}

export class Bytes25 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(25, bytes);
  }
}

export class Bytes26 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(26, bytes);
  }
}

export class Bytes27 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(27, bytes);
  }
}

export class Bytes28 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(28, bytes);
  }
}

export class Bytes29 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(29, bytes);
  }
}

export class Bytes30 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(30, bytes);
  }
}

export class Bytes31 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(31, bytes);
  }
}

export class Bytes32 extends FixedBytes {
  constructor(bytes: Uint8Array | null = null) {
    super(32, bytes);
  }
}
