//! What a call can learn about itself: input, caller, value, block, fuel; and its return data.

use crate::host;
use crate::types::{Address, U256};
use alloc::vec::Vec;

/// The call's input (calldata).
pub fn input() -> Vec<u8> {
    unsafe {
        let len = host::input_size() as u32 as usize;
        let mut data = Vec::with_capacity(len);
        host::input_copy(data.as_mut_ptr(), 0, len as u32);
        data.set_len(len);
        data
    }
}

/// Sets the call's return data (the last call wins).
pub fn set_return(data: &[u8]) {
    unsafe { host::set_return(data.as_ptr(), data.len() as u32) }
}

/// The account that made the call.
pub fn caller() -> Address {
    let mut out = [0u8; 20];
    unsafe { host::caller(out.as_mut_ptr()) };
    Address(out)
}

/// This contract's own address.
pub fn self_address() -> Address {
    let mut out = [0u8; 20];
    unsafe { host::self_address(out.as_mut_ptr()) };
    Address(out)
}

/// The native-token value sent with the call.
pub fn value() -> U256 {
    let mut out = [0u8; 32];
    unsafe { host::value(out.as_mut_ptr()) };
    U256(out)
}

/// Height of the block being executed.
pub fn block_height() -> u64 {
    unsafe { host::block_height() as u64 }
}

/// The block's timestamp, seconds since the Unix epoch.
pub fn block_time() -> u64 {
    unsafe { host::block_time() as u64 }
}

/// Fuel remaining after this query's own charge.
pub fn fuel_left() -> u64 {
    unsafe { host::fuel_left() as u64 }
}
