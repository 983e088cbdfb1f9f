//! The hello-world contract: a counter in storage that starts where the deployer says, an event per
//! increment, reverts with reasons.
#![no_std]

use lockstep_sdk::event::Event;
use lockstep_sdk::storage::{Map, Value};
use lockstep_sdk::{caller, contract, revert, Address, U256};

/// The largest step one call may add.
const MAX_STEP: U256 = U256::from_u64(1000);

static COUNT: Value<U256> = Value::new("count");
static ADDED_BY: Map<Address, U256> = Map::new("added_by");

contract! {
    events {
        /// `step` was added by `by`, making the counter `count`.
        event Incremented(#[indexed] by: Address, step: U256, count: U256);
    }

    /// Starts the counter at `initial`, the deploy's one constructor argument (a `uint256`).
    constructor(initial: U256) {
        COUNT.set(&initial);
    }

    /// The counter's value: the initial value until the first increment.
    #[view]
    fn count() -> U256 {
        COUNT.get_or_default()
    }

    /// How much `account` has added in all.
    #[view]
    fn added_by(account: Address) -> U256 {
        ADDED_BY.get_or_default(&account)
    }

    /// Adds `step` (1 to 1000) and returns the new value.
    fn increment(step: U256) -> U256 {
        if step.is_zero() {
            revert("step must be positive");
        }
        if step > MAX_STEP {
            revert("step must be at most 1000");
        }
        let count = match COUNT.get_or_default().checked_add(step) {
            Some(count) => count,
            None => revert("counter overflow"),
        };
        COUNT.set(&count);
        let by = caller();
        let added = ADDED_BY.get_or_default(&by).checked_add(step).unwrap_or(U256::MAX);
        ADDED_BY.set(&by, &added);
        Incremented { by, step, count }.emit();
        count
    }
}
