//! Events as Ethereum logs: topic 0 is the Keccak-256 of the event's signature, then one topic per
//! indexed parameter; the other parameters are the ABI-encoded data.

use crate::host;
use alloc::vec::Vec;

/// Appends a log with the given topics (at most four) and data.
pub fn emit_log(topics: &[[u8; 32]], data: &[u8]) {
    let mut flat = Vec::with_capacity(topics.len() * 32);
    for topic in topics {
        flat.extend_from_slice(topic);
    }
    unsafe { host::emit_log(flat.as_ptr(), topics.len() as u32, data.as_ptr(), data.len() as u32) }
}

/// Declared by [`contract!`](crate::contract) for every event; `emit()` appends its log.
pub trait Event {
    /// `Name(type1,type2,...)`.
    const SIGNATURE: crate::abi::SolName;
    /// Keccak-256 of the signature: topic 0.
    const TOPIC: [u8; 32];

    fn emit(&self);
}
