// Typed storage over the host's byte-keyed store. Every helper owns a namespace: a value's key is
// 0x00 ++ name, a map entry's key is 0x01 ++ len(name) ++ name ++ encoded key. Values and maps never
// share a first byte, and the length prefix keeps one map's names from running into another's keys,
// so two helpers with different names can never write the same key.

import * as host from "./host";
import { revert } from "./revert";
import { U256, I256 } from "./u256";
import { Address, FixedBytes } from "./bytes";

const KEY_LIMIT = 256;
const VALUE_PREFIX: u8 = 0x00;
const MAP_PREFIX: u8 = 0x01;

/** Reads the raw value under `key`, or null when none is stored. */
export function readRaw(key: Uint8Array): Uint8Array | null {
  let buffer = new Uint8Array(64);
  const len = host.storage_read(key.dataStart, key.length, buffer.dataStart, buffer.length);
  if (len < 0) return null;
  if (len > buffer.length) {
    buffer = new Uint8Array(len);
    host.storage_read(key.dataStart, key.length, buffer.dataStart, len);
    return buffer;
  }
  return buffer.subarray(0, len);
}

export function writeRaw(key: Uint8Array, value: Uint8Array): void {
  host.storage_write(key.dataStart, key.length, value.dataStart, value.length);
}

export function removeRaw(key: Uint8Array): void {
  host.storage_remove(key.dataStart, key.length);
}

function utf8(text: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(text));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length + b.length > KEY_LIMIT) revert("storage: key longer than 256 bytes");
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** The bytes a value of type T is stored as (integers little-endian, U256 big-endian). */
export function encodeValue<T>(v: T): Uint8Array {
  if (isBoolean<T>()) {
    const out = new Uint8Array(1);
    out[0] = v ? 1 : 0;
    return out;
  } else if (isInteger<T>() || isFloat<T>()) {
    const out = new Uint8Array(sizeof<T>());
    store<T>(out.dataStart, v);
    return out;
  } else if (isString<T>()) {
    return utf8(changetype<string>(v));
  } else if (v instanceof U256) {
    return changetype<U256>(v).toBytes();
  } else if (v instanceof I256) {
    return changetype<I256>(v).bits.toBytes();
  } else if (v instanceof Address) {
    return changetype<Address>(v).bytes;
  } else if (v instanceof FixedBytes) {
    return changetype<FixedBytes>(v).bytes;
  } else if (v instanceof Uint8Array) {
    return changetype<Uint8Array>(v);
  }
  ERROR("storage: unsupported value type");
  return new Uint8Array(0);
}

/** The value stored as `bytes`, or T's zero value for null. */
export function decodeValue<T>(bytes: Uint8Array | null): T {
  if (isBoolean<T>()) {
    return <T>(bytes != null && bytes.length > 0 && bytes[0] != 0);
  } else if (isInteger<T>() || isFloat<T>()) {
    if (bytes == null || bytes.length < sizeof<T>()) return <T>0;
    return load<T>(bytes.dataStart);
  } else if (isString<T>()) {
    return changetype<T>(bytes == null ? "" : String.UTF8.decodeUnsafe(bytes.dataStart, bytes.length));
  } else if (idof<T>() == idof<U256>()) {
    return changetype<T>(bytes == null || bytes.length != 32 ? U256.ZERO : U256.fromBytes(bytes));
  } else if (idof<T>() == idof<I256>()) {
    return changetype<T>(bytes == null || bytes.length != 32 ? new I256() : new I256(U256.fromBytes(bytes)));
  } else if (idof<T>() == idof<Address>()) {
    return changetype<T>(bytes == null || bytes.length != 20 ? new Address() : new Address(bytes));
  } else if (idof<T>() == idof<Uint8Array>()) {
    return changetype<T>(bytes == null ? new Uint8Array(0) : bytes);
  } else if (changetype<T>(1) instanceof FixedBytes) {
    // Bytes1 ... Bytes32: a fresh zero value tells the size; a stored value of another size reads as zero.
    const zero = instantiate<T>();
    const size = changetype<FixedBytes>(zero).size;
    return bytes == null || bytes.length != size ? zero : instantiate<T>(bytes);
  }
  ERROR("storage: unsupported value type");
  return changetype<T>(0);
}

/** The bytes a map key of type K is encoded as (integers and U256 big-endian, so keys sort numerically). */
export function encodeKey<K>(k: K): Uint8Array {
  if (isInteger<K>() && !isBoolean<K>()) {
    const out = new Uint8Array(sizeof<K>());
    if (sizeof<K>() == 1) store<u8>(out.dataStart, <u8>k);
    else if (sizeof<K>() == 2) store<u16>(out.dataStart, bswap<u16>(<u16>k));
    else if (sizeof<K>() == 4) store<u32>(out.dataStart, bswap<u32>(<u32>k));
    else store<u64>(out.dataStart, bswap<u64>(<u64>k));
    return out;
  }
  return encodeValue<K>(k);
}

/** One typed value under a name. */
export class StorageValue<T> {
  private readonly key: Uint8Array;

  constructor(name: string) {
    const n = utf8(name);
    const prefix = new Uint8Array(1);
    prefix[0] = VALUE_PREFIX;
    this.key = concat(prefix, n);
  }

  /** The stored value, or T's zero value (0, false, "", zero address, empty bytes) when unset. */
  get(): T {
    return decodeValue<T>(readRaw(this.key));
  }

  set(v: T): void {
    writeRaw(this.key, encodeValue<T>(v));
  }

  has(): bool {
    return host.storage_read(this.key.dataStart, this.key.length, 0, 0) >= 0;
  }

  remove(): void {
    removeRaw(this.key);
  }
}

/** A map from K (bytes, string, Address, U256, FixedBytes or an integer) to V under a name. */
export class StorageMap<K, V> {
  private readonly prefix: Uint8Array;

  constructor(name: string) {
    const n = utf8(name);
    if (n.length > 255) revert("storage: map name longer than 255 bytes");
    const head = new Uint8Array(2);
    head[0] = MAP_PREFIX;
    head[1] = <u8>n.length;
    this.prefix = concat(head, n);
  }

  private keyOf(k: K): Uint8Array {
    return concat(this.prefix, encodeKey<K>(k));
  }

  get(k: K): V {
    return decodeValue<V>(readRaw(this.keyOf(k)));
  }

  set(k: K, v: V): void {
    writeRaw(this.keyOf(k), encodeValue<V>(v));
  }

  has(k: K): bool {
    const key = this.keyOf(k);
    return host.storage_read(key.dataStart, key.length, 0, 0) >= 0;
  }

  remove(k: K): void {
    removeRaw(this.keyOf(k));
  }
}
