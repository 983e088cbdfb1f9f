//! The Lockstep contract SDK for Rust: everything a contract needs, with no dependencies.
//!
//! A contract declares its methods, events and constructor with [`contract!`]; the SDK generates the
//! exported `call` (Solidity ABI dispatch) and `deploy` (the constructor), and on the host a function
//! returning the contract's Ethereum ABI JSON.
//! See `sdk/rust/README.md`.
#![cfg_attr(not(test), no_std)]
// Rust before 1.68 has no default out-of-memory handler without std; the build script enables the
// handler below on those compilers only (see README.md, "Toolchain").
#![cfg_attr(lockstep_oom_handler, feature(alloc_error_handler))]

#[doc(hidden)]
pub extern crate alloc;

pub mod abi;
mod abi_json;
mod context;
mod dispatch;
pub mod event;
pub mod host;
pub mod keccak;
pub mod nn;
pub mod storage;
mod types;

#[cfg(all(target_arch = "wasm32", not(test)))]
mod heap;

pub use abi::{AbiError, SolName, SolType};
#[doc(hidden)]
pub use abi_json::AbiJson;
pub use context::{block_height, block_time, caller, fuel_left, input, self_address, set_return, value};
#[doc(hidden)]
pub use dispatch::{
    bad_calldata, bad_constructor_input, constructor_not_payable, not_payable, require_exact_constructor_input,
    unknown_selector,
};
pub use keccak::keccak256;
pub use types::{Address, Bytes, FixedBytes, I256, U256};

use alloc::vec::Vec;

/// `Error(string)`: the selector of Solidity's revert reason.
pub const ERROR_SELECTOR: [u8; 4] = [0x08, 0xc3, 0x79, 0xa0];

/// Ends the call as reverted with `reason`, encoded as Solidity's `Error(string)`. Nothing the call
/// wrote is kept.
pub fn revert(reason: &str) -> ! {
    let mut data = Vec::with_capacity(4 + 64 + reason.len() + 32);
    data.extend_from_slice(&ERROR_SELECTOR);
    data.extend_from_slice(&abi::encode_one(&alloc::string::String::from(reason)));
    revert_with(&data)
}

/// Ends the call as reverted with raw `data` (a custom error's encoding, for example).
pub fn revert_with(data: &[u8]) -> ! {
    unsafe { host::revert(data.as_ptr(), data.len() as u32) }
}

/// Reverts with `reason` unless `condition` holds: Solidity's `require`.
pub fn require(condition: bool, reason: &str) {
    if !condition {
        revert(reason)
    }
}

#[cfg(all(target_arch = "wasm32", not(test)))]
#[global_allocator]
static ALLOCATOR: heap::BumpAllocator = heap::BumpAllocator::new();

/// A panic reverts the call with the panic's message and location as an `Error(string)`.
#[cfg(all(target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    use core::fmt::Write;
    let mut message = alloc::string::String::new();
    let _ = write!(message, "{}", info);
    revert(&message)
}

#[cfg(all(target_arch = "wasm32", not(test), lockstep_oom_handler))]
#[alloc_error_handler]
fn out_of_memory(_: core::alloc::Layout) -> ! {
    // Allocating the message could fail again: revert with an encoding made by the compiler.
    const REASON: [u8; 100] = {
        let text = b"out of memory";
        let mut data = [0u8; 100];
        data[0] = ERROR_SELECTOR[0];
        data[1] = ERROR_SELECTOR[1];
        data[2] = ERROR_SELECTOR[2];
        data[3] = ERROR_SELECTOR[3];
        data[4 + 31] = 0x20;
        data[4 + 63] = text.len() as u8;
        let mut i = 0;
        while i < text.len() {
            data[68 + i] = text[i];
            i += 1;
        }
        data
    };
    revert_with(&REASON)
}
