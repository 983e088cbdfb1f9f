import * as host from "./host";
import { Address } from "./bytes";
import { U256 } from "./u256";

/** The account that made this call. */
export function caller(): Address {
  const out = new Uint8Array(20);
  host.caller(out.dataStart);
  return new Address(out);
}

/** This contract's own address. */
export function selfAddress(): Address {
  const out = new Uint8Array(20);
  host.self_address(out.dataStart);
  return new Address(out);
}

/** The native-token value sent with the call, as its 32 big-endian bytes. */
export function valueBytes(): Uint8Array {
  const out = new Uint8Array(32);
  host.value(out.dataStart);
  return out;
}

/** True when the call carries no native-token value. */
export function valueIsZero(): bool {
  const out = valueBytes();
  const p = out.dataStart;
  return (load<u64>(p) | load<u64>(p, 8) | load<u64>(p, 16) | load<u64>(p, 24)) == 0;
}

/** The native-token value sent with the call. */
export function value(): U256 {
  return U256.fromBytes(valueBytes());
}

/** Height of the block being executed. */
export function blockHeight(): u64 {
  return <u64>host.block_height();
}

/** The block's timestamp, seconds since the Unix epoch. */
export function blockTime(): u64 {
  return <u64>host.block_time();
}

/** Fuel remaining after this query's own charge. */
export function fuelLeft(): u64 {
  return <u64>host.fuel_left();
}
