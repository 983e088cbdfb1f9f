//! The Solidity value types Rust lacks: 256-bit integers, addresses, `bytes` and `bytesN`.

use alloc::vec::Vec;
use core::cmp::Ordering;

/// An unsigned 256-bit integer, stored as 32 big-endian bytes (the ABI's and the host's layout).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct U256(pub [u8; 32]);

impl U256 {
    pub const ZERO: U256 = U256([0; 32]);
    pub const ONE: U256 = U256::from_u128(1);
    pub const MAX: U256 = U256([0xff; 32]);

    pub const fn from_be_bytes(bytes: [u8; 32]) -> U256 {
        U256(bytes)
    }

    pub const fn to_be_bytes(self) -> [u8; 32] {
        self.0
    }

    pub const fn from_u128(value: u128) -> U256 {
        let mut bytes = [0u8; 32];
        let mut i = 0;
        while i < 16 {
            bytes[31 - i] = (value >> (8 * i)) as u8;
            i += 1;
        }
        U256(bytes)
    }

    pub const fn from_u64(value: u64) -> U256 {
        U256::from_u128(value as u128)
    }

    /// The value as `u128`, or `None` when it does not fit.
    pub fn to_u128(self) -> Option<u128> {
        if self.0[..16].iter().any(|&b| b != 0) {
            return None;
        }
        let mut low = [0u8; 16];
        low.copy_from_slice(&self.0[16..]);
        Some(u128::from_be_bytes(low))
    }

    pub fn is_zero(self) -> bool {
        self.0 == [0; 32]
    }

    /// `self + other` and whether it wrapped.
    pub fn overflowing_add(self, other: U256) -> (U256, bool) {
        let mut out = [0u8; 32];
        let mut carry = 0u16;
        for i in (0..32).rev() {
            let sum = self.0[i] as u16 + other.0[i] as u16 + carry;
            out[i] = sum as u8;
            carry = sum >> 8;
        }
        (U256(out), carry != 0)
    }

    /// `self - other` and whether it wrapped.
    pub fn overflowing_sub(self, other: U256) -> (U256, bool) {
        let mut out = [0u8; 32];
        let mut borrow = 0i16;
        for i in (0..32).rev() {
            let mut diff = self.0[i] as i16 - other.0[i] as i16 - borrow;
            borrow = 0;
            if diff < 0 {
                diff += 256;
                borrow = 1;
            }
            out[i] = diff as u8;
        }
        (U256(out), borrow != 0)
    }

    /// `self * other` and whether the product needed more than 256 bits.
    pub fn overflowing_mul(self, other: U256) -> (U256, bool) {
        let mut acc = [0u32; 64];
        for i in 0..32 {
            if self.0[31 - i] == 0 {
                continue;
            }
            for j in 0..32 {
                acc[i + j] += self.0[31 - i] as u32 * other.0[31 - j] as u32;
            }
        }
        let mut out = [0u8; 32];
        let mut carry = 0u32;
        let mut overflow = false;
        for (k, slot) in acc.iter().enumerate() {
            let v = *slot + carry;
            if k < 32 {
                out[31 - k] = v as u8;
            } else if v & 0xff != 0 {
                overflow = true;
            }
            carry = v >> 8;
        }
        (U256(out), overflow || carry != 0)
    }

    pub fn checked_add(self, other: U256) -> Option<U256> {
        match self.overflowing_add(other) {
            (v, false) => Some(v),
            _ => None,
        }
    }

    pub fn checked_sub(self, other: U256) -> Option<U256> {
        match self.overflowing_sub(other) {
            (v, false) => Some(v),
            _ => None,
        }
    }

    pub fn checked_mul(self, other: U256) -> Option<U256> {
        match self.overflowing_mul(other) {
            (v, false) => Some(v),
            _ => None,
        }
    }
}

impl Ord for U256 {
    fn cmp(&self, other: &U256) -> Ordering {
        self.0.cmp(&other.0)
    }
}

impl PartialOrd for U256 {
    fn partial_cmp(&self, other: &U256) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl From<u64> for U256 {
    fn from(value: u64) -> U256 {
        U256::from_u64(value)
    }
}

impl From<u128> for U256 {
    fn from(value: u128) -> U256 {
        U256::from_u128(value)
    }
}

/// A signed 256-bit integer in two's complement, 32 big-endian bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct I256(pub [u8; 32]);

impl I256 {
    pub const ZERO: I256 = I256([0; 32]);

    pub const fn from_i128(value: i128) -> I256 {
        let fill = if value < 0 { 0xff } else { 0 };
        let mut bytes = [fill; 32];
        let mut i = 0;
        while i < 16 {
            bytes[31 - i] = (value >> (8 * i)) as u8;
            i += 1;
        }
        I256(bytes)
    }

    pub fn is_negative(self) -> bool {
        self.0[0] & 0x80 != 0
    }

    /// The value as `i128`, or `None` when it does not fit.
    pub fn to_i128(self) -> Option<i128> {
        let fill = if self.0[16] & 0x80 != 0 { 0xff } else { 0 };
        if self.0[..16].iter().any(|&b| b != fill) {
            return None;
        }
        let mut low = [0u8; 16];
        low.copy_from_slice(&self.0[16..]);
        Some(i128::from_be_bytes(low))
    }
}

impl Ord for I256 {
    fn cmp(&self, other: &I256) -> Ordering {
        match (self.is_negative(), other.is_negative()) {
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            _ => self.0.cmp(&other.0),
        }
    }
}

impl PartialOrd for I256 {
    fn partial_cmp(&self, other: &I256) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A 20-byte account or contract address.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug, PartialOrd, Ord)]
pub struct Address(pub [u8; 20]);

impl Address {
    pub const ZERO: Address = Address([0; 20]);
}

/// Solidity's `bytesN` (1 ≤ N ≤ 32): `[u8; N]` itself is the fixed array `uint8[N]`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct FixedBytes<const N: usize>(pub [u8; N]);

impl<const N: usize> Default for FixedBytes<N> {
    fn default() -> Self {
        FixedBytes([0; N])
    }
}

/// Solidity's `bytes`: `Vec<u8>` itself is the dynamic array `uint8[]`.
#[derive(Clone, PartialEq, Eq, Hash, Default, Debug, PartialOrd, Ord)]
pub struct Bytes(pub Vec<u8>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_carries_across_bytes() {
        let a = U256::from_u128(u128::MAX);
        let (sum, wrapped) = a.overflowing_add(U256::ONE);
        assert!(!wrapped);
        assert_eq!(sum.0[15], 1);
        assert_eq!(sum.checked_sub(U256::ONE), Some(a));
        assert_eq!(U256::MAX.checked_add(U256::ONE), None);
        assert_eq!(U256::ZERO.checked_sub(U256::ONE), None);
        assert_eq!(U256::from_u64(1 << 40).checked_mul(U256::from_u64(1 << 40)), Some(U256::from_u128(1 << 80)));
        assert_eq!(U256::MAX.checked_mul(U256::from_u64(2)), None);
        assert_eq!(U256::from_u64(300).to_u128(), Some(300));
        assert!(U256::from_u64(2) > U256::ONE);
    }

    #[test]
    fn signed_order_and_range() {
        assert!(I256::from_i128(-1) < I256::ZERO);
        assert!(I256::from_i128(-2) < I256::from_i128(-1));
        assert_eq!(I256::from_i128(-5).to_i128(), Some(-5));
        assert_eq!(I256::from_i128(i128::MIN).to_i128(), Some(i128::MIN));
    }
}
