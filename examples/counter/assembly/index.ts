// A counter: the smallest contract that uses a constructor, storage, an event and a revert with a reason.
import { Address, Event, StorageMap, StorageValue, U256, caller, revert } from "lockstep-sdk";

const count = new StorageValue<U256>("count");
const lastCaller = new StorageValue<Address>("lastCaller");
const perCaller = new StorageMap<Address, u64>("perCaller");

const Incremented = new Event("Incremented(address indexed by, uint256 count)");

/** Starts the count at `initial`: the deploy's constructor argument, a uint256. */
@constructor
export function init(initial: U256): void {
  count.set(initial);
}

/** Adds `by` to the count; reverts when `by` is zero. */
export function increment(by: U256): U256 {
  if (by.isZero()) revert("increment must be positive");
  const next = count.get() + by;
  count.set(next);
  const who = caller();
  lastCaller.set(who);
  perCaller.set(who, perCaller.get(who) + 1);
  Incremented.emit().address(who).uint256(next).log();
  return next;
}

@view
export function get(): U256 {
  return count.get();
}

/** How many times `account` has called increment. */
@view
export function incrementsBy(account: Address): u64 {
  return perCaller.get(account);
}

@view
export function lastIncrementer(): Address {
  return lastCaller.get();
}
