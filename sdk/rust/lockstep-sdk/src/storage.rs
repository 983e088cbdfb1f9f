//! Typed storage: a [`Value`] slot and a [`Map`], each under a name.
//!
//! Keys are namespaced so that helpers never collide: a value's key is `0x01, len, name`; a map
//! entry's is `0x02, len, name, keccak256(abi(key))` (32 bytes, whatever the key type, as Solidity
//! hashes mapping keys). Values are stored ABI-encoded. The [`raw`] functions take keys as they are;
//! keys starting with `0x01` or `0x02` are the helpers'.

use crate::abi::{decode_one, encode_one, SolType};
use crate::host;
use alloc::vec::Vec;
use core::marker::PhantomData;

const VALUE_TAG: u8 = 0x01;
const MAP_TAG: u8 = 0x02;
/// Names are short so that every key stays far below the host's 256-byte limit.
const MAX_NAME: usize = 64;

/// Storage by key, as the host ABI offers it.
pub mod raw {
    use super::*;

    /// The value under `key`, if any.
    pub fn read(key: &[u8]) -> Option<Vec<u8>> {
        let mut buffer = Vec::with_capacity(128);
        unsafe {
            let len = host::storage_read(key.as_ptr(), key.len() as u32, buffer.as_mut_ptr(), 128);
            if len < 0 {
                return None;
            }
            let len = len as usize;
            if len > 128 {
                buffer = Vec::with_capacity(len);
                host::storage_read(key.as_ptr(), key.len() as u32, buffer.as_mut_ptr(), len as u32);
            }
            buffer.set_len(len);
        }
        Some(buffer)
    }

    pub fn write(key: &[u8], value: &[u8]) {
        unsafe { host::storage_write(key.as_ptr(), key.len() as u32, value.as_ptr(), value.len() as u32) }
    }

    pub fn remove(key: &[u8]) {
        unsafe { host::storage_remove(key.as_ptr(), key.len() as u32) }
    }
}

const fn check_name(name: &str) -> &str {
    assert!(!name.is_empty() && name.len() <= MAX_NAME, "a storage name has 1 to 64 bytes");
    name
}

fn prefix(tag: u8, name: &str, extra: usize) -> Vec<u8> {
    let mut key = Vec::with_capacity(2 + name.len() + extra);
    key.push(tag);
    key.push(name.len() as u8);
    key.extend_from_slice(name.as_bytes());
    key
}

fn decode_stored<T: SolType>(bytes: &[u8]) -> T {
    match decode_one(bytes) {
        Ok(value) => value,
        Err(_) => crate::revert("lockstep: stored value does not decode as its type"),
    }
}

/// One value under a name: `static COUNT: Value<U256> = Value::new("count");`.
pub struct Value<T> {
    name: &'static str,
    kind: PhantomData<fn() -> T>,
}

impl<T: SolType> Value<T> {
    pub const fn new(name: &'static str) -> Value<T> {
        Value { name: check_name(name), kind: PhantomData }
    }

    fn key(&self) -> Vec<u8> {
        prefix(VALUE_TAG, self.name, 0)
    }

    /// The stored value, or `None` if it was never set (or was cleared).
    pub fn get(&self) -> Option<T> {
        raw::read(&self.key()).map(|bytes| decode_stored(&bytes))
    }

    pub fn set(&self, value: &T) {
        raw::write(&self.key(), &encode_one(value))
    }

    pub fn clear(&self) {
        raw::remove(&self.key())
    }
}

impl<T: SolType + Default> Value<T> {
    /// The stored value, or the type's default (zero, empty) if it was never set.
    pub fn get_or_default(&self) -> T {
        self.get().unwrap_or_default()
    }
}

/// Entries from `K` to `V` under a name: `static BALANCES: Map<Address, U256> = Map::new("balances");`.
pub struct Map<K, V> {
    name: &'static str,
    kind: PhantomData<fn() -> (K, V)>,
}

impl<K: SolType, V: SolType> Map<K, V> {
    pub const fn new(name: &'static str) -> Map<K, V> {
        Map { name: check_name(name), kind: PhantomData }
    }

    fn key(&self, key: &K) -> Vec<u8> {
        let mut full = prefix(MAP_TAG, self.name, 32);
        full.extend_from_slice(&crate::keccak::keccak256(&encode_one(key)));
        full
    }

    pub fn get(&self, key: &K) -> Option<V> {
        raw::read(&self.key(key)).map(|bytes| decode_stored(&bytes))
    }

    pub fn set(&self, key: &K, value: &V) {
        raw::write(&self.key(key), &encode_one(value))
    }

    pub fn remove(&self, key: &K) {
        raw::remove(&self.key(key))
    }

    pub fn contains(&self, key: &K) -> bool {
        raw::read(&self.key(key)).is_some()
    }
}

impl<K: SolType, V: SolType + Default> Map<K, V> {
    pub fn get_or_default(&self, key: &K) -> V {
        self.get(key).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Address, U256};

    #[test]
    fn keys_of_helpers_never_collide() {
        let value: Value<U256> = Value::new("ab");
        let map: Map<Address, U256> = Map::new("a");
        let other: Value<U256> = Value::new("a");
        assert_eq!(value.key(), b"\x01\x02ab".to_vec());
        assert_eq!(other.key(), b"\x01\x01a".to_vec());
        let entry = map.key(&Address([7; 20]));
        assert_eq!(&entry[..3], b"\x02\x01a");
        assert_eq!(entry.len(), 3 + 32);
        assert_ne!(entry, map.key(&Address([8; 20])));
    }
}
