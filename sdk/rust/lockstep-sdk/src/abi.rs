//! The Solidity ABI codec: head/tail encoding of tuples, 32-byte words, strict decoding.
//!
//! A type's Solidity name is a `const` ([`SolName`]) built by the compiler, so selectors and event
//! topics are constants too.

use crate::keccak::keccak256_prefix;
use crate::types::{Address, Bytes, FixedBytes, I256, U256};
use alloc::string::String;
use alloc::vec::Vec;

/// Why calldata or stored bytes do not decode as the expected types.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AbiError {
    /// The data ends before the value does.
    TooShort,
    /// A word holds a value outside the type's range (high bits set, a bool other than 0 or 1, ...).
    OutOfRange,
    /// An offset or length points outside the data.
    BadOffset,
    /// A `string` that is not UTF-8.
    NotUtf8,
}

impl AbiError {
    pub fn message(self) -> &'static str {
        match self {
            AbiError::TooShort => "data too short",
            AbiError::OutOfRange => "value out of range for its type",
            AbiError::BadOffset => "offset or length out of bounds",
            AbiError::NotUtf8 => "string is not UTF-8",
        }
    }
}

/// A Solidity type name or signature built at compile time, in a fixed buffer.
#[derive(Clone, Copy)]
pub struct SolName {
    bytes: [u8; SolName::CAPACITY],
    len: usize,
}

impl SolName {
    /// Longer names fail the build (an index out of bounds in const evaluation).
    pub const CAPACITY: usize = 1024;

    pub const fn new(text: &str) -> SolName {
        SolName { bytes: [0; SolName::CAPACITY], len: 0 }.push(text)
    }

    pub const fn push(self, text: &str) -> SolName {
        self.push_bytes(text.as_bytes(), text.len())
    }

    const fn push_bytes(mut self, bytes: &[u8], len: usize) -> SolName {
        let mut i = 0;
        while i < len {
            self.bytes[self.len] = bytes[i];
            self.len += 1;
            i += 1;
        }
        self
    }

    pub const fn push_name(self, other: SolName) -> SolName {
        self.push_bytes(&other.bytes, other.len)
    }

    pub const fn push_number(mut self, mut n: usize) -> SolName {
        let mut digits = [0u8; 20];
        let mut count = 0;
        loop {
            digits[count] = b'0' + (n % 10) as u8;
            count += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        while count > 0 {
            count -= 1;
            self.bytes[self.len] = digits[count];
            self.len += 1;
        }
        self
    }

    /// `name(type1,type2,...)`: a function or event signature.
    pub const fn signature(name: &str, params: &[SolName]) -> SolName {
        let mut sig = SolName::new(name).push("(");
        let mut i = 0;
        while i < params.len() {
            if i > 0 {
                sig = sig.push(",");
            }
            sig = sig.push_name(params[i]);
            i += 1;
        }
        sig.push(")")
    }

    pub const fn keccak256(&self) -> [u8; 32] {
        keccak256_prefix(&self.bytes, self.len)
    }

    /// The first four bytes of the Keccak-256: a function selector.
    pub const fn selector(&self) -> [u8; 4] {
        let hash = self.keccak256();
        [hash[0], hash[1], hash[2], hash[3]]
    }

    pub fn as_str(&self) -> &str {
        // Built only from `&str` pieces and ASCII digits.
        core::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

/// A Rust type with a Solidity ABI counterpart.
///
/// A static type encodes to `HEAD_WORDS` words in place; a dynamic one to its content (length and
/// elements), placed in the tail with an offset in the head. `decode` reads from the start of the
/// same layout and must reject what `encode` would never produce.
pub trait SolType: Sized {
    const NAME: SolName;
    const DYNAMIC: bool;
    /// Words taken in a tuple's head: the encoding length for a static type, 1 (the offset) for a dynamic one.
    const HEAD_WORDS: usize;

    fn encode(&self, out: &mut Vec<u8>);

    fn decode(data: &[u8]) -> Result<Self, AbiError>;

    /// The 32-byte topic of an indexed event parameter: the word itself for a one-word value, else the
    /// Keccak-256 of its in-place encoding (Solidity's rule; `string` and `bytes` hash their raw bytes).
    fn topic(&self) -> [u8; 32] {
        let mut out = Vec::new();
        self.encode(&mut out);
        if !Self::DYNAMIC && out.len() == 32 {
            let mut word = [0u8; 32];
            word.copy_from_slice(&out);
            return word;
        }
        crate::keccak::keccak256(&out)
    }
}

fn word(data: &[u8], at: usize) -> Result<&[u8; 32], AbiError> {
    let end = at.checked_add(32).ok_or(AbiError::BadOffset)?;
    let slice = data.get(at..end).ok_or(AbiError::TooShort)?;
    Ok(slice.try_into().expect("32 bytes"))
}

/// Reads a word as an offset or length that must fit in the data.
fn read_usize(data: &[u8], at: usize) -> Result<usize, AbiError> {
    let w = word(data, at)?;
    if w[..24].iter().any(|&b| b != 0) {
        return Err(AbiError::BadOffset);
    }
    let value = u64::from_be_bytes(w[24..].try_into().expect("8 bytes"));
    if value > data.len() as u64 {
        return Err(AbiError::BadOffset);
    }
    Ok(value as usize)
}

fn push_usize(out: &mut Vec<u8>, value: usize) {
    out.extend_from_slice(&[0u8; 24]);
    out.extend_from_slice(&(value as u64).to_be_bytes());
}

fn push_padded(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(bytes);
    let rem = bytes.len() % 32;
    if rem != 0 {
        out.resize(out.len() + 32 - rem, 0);
    }
}

/// Encodes a sequence of values as one ABI tuple: heads in order, dynamic contents after them.
pub struct TupleEncoder {
    head: Vec<u8>,
    tail: Vec<u8>,
    head_size: usize,
}

impl TupleEncoder {
    /// `head_words` is the sum of the values' `HEAD_WORDS`.
    pub fn new(head_words: usize) -> TupleEncoder {
        TupleEncoder { head: Vec::with_capacity(head_words * 32), tail: Vec::new(), head_size: head_words * 32 }
    }

    pub fn push<T: SolType>(&mut self, value: &T) {
        if T::DYNAMIC {
            push_usize(&mut self.head, self.head_size + self.tail.len());
            value.encode(&mut self.tail);
        } else {
            value.encode(&mut self.head);
        }
    }

    pub fn finish(mut self) -> Vec<u8> {
        self.head.append(&mut self.tail);
        self.head
    }
}

/// Decodes an ABI tuple value by value. Extra bytes after the tuple are allowed, as in Solidity.
pub struct TupleDecoder<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> TupleDecoder<'a> {
    pub fn new(data: &'a [u8]) -> TupleDecoder<'a> {
        TupleDecoder { data, at: 0 }
    }

    pub fn next<T: SolType>(&mut self) -> Result<T, AbiError> {
        let value = if T::DYNAMIC {
            let offset = read_usize(self.data, self.at)?;
            T::decode(&self.data[offset..])?
        } else {
            let end = self.at + T::HEAD_WORDS * 32;
            T::decode(self.data.get(self.at..end).ok_or(AbiError::TooShort)?)?
        };
        self.at += T::HEAD_WORDS * 32;
        Ok(value)
    }
}

/// The ABI encoding of one value as a one-element tuple: what a function returns.
pub fn encode_one<T: SolType>(value: &T) -> Vec<u8> {
    let mut enc = TupleEncoder::new(T::HEAD_WORDS);
    enc.push(value);
    enc.finish()
}

/// Decodes what [`encode_one`] produces.
pub fn decode_one<T: SolType>(data: &[u8]) -> Result<T, AbiError> {
    TupleDecoder::new(data).next()
}

macro_rules! unsigned {
    ($($t:ty, $bits:expr);*) => {$(
        impl SolType for $t {
            const NAME: SolName = SolName::new("uint").push_number($bits);
            const DYNAMIC: bool = false;
            const HEAD_WORDS: usize = 1;

            fn encode(&self, out: &mut Vec<u8>) {
                let bytes = self.to_be_bytes();
                out.resize(out.len() + 32 - bytes.len(), 0);
                out.extend_from_slice(&bytes);
            }

            fn decode(data: &[u8]) -> Result<Self, AbiError> {
                let w = word(data, 0)?;
                const SIZE: usize = core::mem::size_of::<$t>();
                if w[..32 - SIZE].iter().any(|&b| b != 0) {
                    return Err(AbiError::OutOfRange);
                }
                Ok(<$t>::from_be_bytes(w[32 - SIZE..].try_into().expect("size")))
            }
        }
    )*};
}

unsigned!(u8, 8; u16, 16; u32, 32; u64, 64; u128, 128);

macro_rules! signed {
    ($($t:ty, $bits:expr);*) => {$(
        impl SolType for $t {
            const NAME: SolName = SolName::new("int").push_number($bits);
            const DYNAMIC: bool = false;
            const HEAD_WORDS: usize = 1;

            fn encode(&self, out: &mut Vec<u8>) {
                let bytes = self.to_be_bytes();
                let fill = if *self < 0 { 0xff } else { 0 };
                out.resize(out.len() + 32 - bytes.len(), fill);
                out.extend_from_slice(&bytes);
            }

            fn decode(data: &[u8]) -> Result<Self, AbiError> {
                let w = word(data, 0)?;
                const SIZE: usize = core::mem::size_of::<$t>();
                let fill = if w[32 - SIZE] & 0x80 != 0 { 0xff } else { 0 };
                if w[..32 - SIZE].iter().any(|&b| b != fill) {
                    return Err(AbiError::OutOfRange);
                }
                Ok(<$t>::from_be_bytes(w[32 - SIZE..].try_into().expect("size")))
            }
        }
    )*};
}

signed!(i8, 8; i16, 16; i32, 32; i64, 64; i128, 128);

impl SolType for U256 {
    const NAME: SolName = SolName::new("uint256");
    const DYNAMIC: bool = false;
    const HEAD_WORDS: usize = 1;

    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0);
    }

    fn decode(data: &[u8]) -> Result<Self, AbiError> {
        Ok(U256(*word(data, 0)?))
    }
}

impl SolType for I256 {
    const NAME: SolName = SolName::new("int256");
    const DYNAMIC: bool = false;
    const HEAD_WORDS: usize = 1;

    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0);
    }

    fn decode(data: &[u8]) -> Result<Self, AbiError> {
        Ok(I256(*word(data, 0)?))
    }
}

impl SolType for bool {
    const NAME: SolName = SolName::new("bool");
    const DYNAMIC: bool = false;
    const HEAD_WORDS: usize = 1;

    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[0u8; 31]);
        out.push(*self as u8);
    }

    fn decode(data: &[u8]) -> Result<Self, AbiError> {
        match u8::decode(data)? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(AbiError::OutOfRange),
        }
    }
}

impl SolType for Address {
    const NAME: SolName = SolName::new("address");
    const DYNAMIC: bool = false;
    const HEAD_WORDS: usize = 1;

    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[0u8; 12]);
        out.extend_from_slice(&self.0);
    }

    fn decode(data: &[u8]) -> Result<Self, AbiError> {
        let w = word(data, 0)?;
        if w[..12].iter().any(|&b| b != 0) {
            return Err(AbiError::OutOfRange);
        }
        Ok(Address(w[12..].try_into().expect("20 bytes")))
    }
}

impl<const N: usize> SolType for FixedBytes<N> {
    const NAME: SolName = {
        assert!(N >= 1 && N <= 32, "bytesN has 1 to 32 bytes");
        SolName::new("bytes").push_number(N)
    };
    const DYNAMIC: bool = false;
    const HEAD_WORDS: usize = 1;

    fn encode(&self, out: &mut Vec<u8>) {
        push_padded(out, &self.0);
    }

    fn decode(data: &[u8]) -> Result<Self, AbiError> {
        let w = word(data, 0)?;
        if w[N..].iter().any(|&b| b != 0) {
            return Err(AbiError::OutOfRange);
        }
        Ok(FixedBytes(w[..N].try_into().expect("N bytes")))
    }
}

fn decode_byte_content(data: &[u8]) -> Result<&[u8], AbiError> {
    let len = read_usize(data, 0)?;
    data.get(32..32 + len).ok_or(AbiError::BadOffset)
}

impl SolType for Bytes {
    const NAME: SolName = SolName::new("bytes");
    const DYNAMIC: bool = true;
    const HEAD_WORDS: usize = 1;

    fn encode(&self, out: &mut Vec<u8>) {
        push_usize(out, self.0.len());
        push_padded(out, &self.0);
    }

    fn decode(data: &[u8]) -> Result<Self, AbiError> {
        Ok(Bytes(decode_byte_content(data)?.to_vec()))
    }

    fn topic(&self) -> [u8; 32] {
        crate::keccak::keccak256(&self.0)
    }
}

impl SolType for String {
    const NAME: SolName = SolName::new("string");
    const DYNAMIC: bool = true;
    const HEAD_WORDS: usize = 1;

    fn encode(&self, out: &mut Vec<u8>) {
        push_usize(out, self.len());
        push_padded(out, self.as_bytes());
    }

    fn decode(data: &[u8]) -> Result<Self, AbiError> {
        let bytes = decode_byte_content(data)?;
        core::str::from_utf8(bytes).map(String::from).map_err(|_| AbiError::NotUtf8)
    }

    fn topic(&self) -> [u8; 32] {
        crate::keccak::keccak256(self.as_bytes())
    }
}

fn encode_elements<T: SolType>(items: &[T], out: &mut Vec<u8>) {
    let mut enc = TupleEncoder::new(items.len() * T::HEAD_WORDS);
    for item in items {
        enc.push(item);
    }
    out.extend_from_slice(&enc.finish());
}

fn decode_elements<T: SolType>(data: &[u8], count: usize) -> Result<Vec<T>, AbiError> {
    // Every element takes at least one word of head, so a count the data cannot hold is refused
    // before anything is allocated for it.
    if count.checked_mul(T::HEAD_WORDS * 32).map_or(true, |size| size > data.len()) {
        return Err(AbiError::BadOffset);
    }
    let mut dec = TupleDecoder::new(data);
    let mut items = Vec::with_capacity(count);
    for _ in 0..count {
        items.push(dec.next()?);
    }
    Ok(items)
}

/// `T[]`.
impl<T: SolType> SolType for Vec<T> {
    const NAME: SolName = T::NAME.push("[]");
    const DYNAMIC: bool = true;
    const HEAD_WORDS: usize = 1;

    fn encode(&self, out: &mut Vec<u8>) {
        push_usize(out, self.len());
        encode_elements(self, out);
    }

    fn decode(data: &[u8]) -> Result<Self, AbiError> {
        let count = read_usize(data, 0)?;
        decode_elements(&data[32..], count)
    }

    fn topic(&self) -> [u8; 32] {
        let mut out = Vec::new();
        for item in self {
            out.extend_from_slice(&item.topic_word_or_encoding());
        }
        crate::keccak::keccak256(&out)
    }
}

/// `T[N]`.
impl<T: SolType, const N: usize> SolType for [T; N] {
    const NAME: SolName = T::NAME.push("[").push_number(N).push("]");
    const DYNAMIC: bool = T::DYNAMIC;
    const HEAD_WORDS: usize = if T::DYNAMIC { 1 } else { N * T::HEAD_WORDS };

    fn encode(&self, out: &mut Vec<u8>) {
        encode_elements(self, out);
    }

    fn decode(data: &[u8]) -> Result<Self, AbiError> {
        let items = decode_elements::<T>(data, N)?;
        items.try_into().map_err(|_| AbiError::TooShort)
    }

    fn topic(&self) -> [u8; 32] {
        let mut out = Vec::new();
        for item in self {
            out.extend_from_slice(&item.topic_word_or_encoding());
        }
        crate::keccak::keccak256(&out)
    }
}

trait TopicPart {
    fn topic_word_or_encoding(&self) -> Vec<u8>;
}

impl<T: SolType> TopicPart for T {
    /// An array element's share of an indexed array's topic: its in-place encoding, padded.
    fn topic_word_or_encoding(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        if T::DYNAMIC {
            // Dynamic elements are hashed in place by their content less the length word.
            out.drain(..32);
        }
        out
    }
}

/// `name(types)` of a function or event whose parameters are the given types: `signature!(transfer: Address, U256)`.
#[macro_export]
macro_rules! signature {
    ($name:ident : $($t:ty),* $(,)?) => {
        $crate::abi::SolName::signature(stringify!($name), &[$(<$t as $crate::abi::SolType>::NAME),*])
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{:02x}", b)).collect()
    }

    fn unhex(text: &str) -> Vec<u8> {
        let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        clean.chunks(2).map(|p| u8::from_str_radix(core::str::from_utf8(p).unwrap(), 16).unwrap()).collect()
    }

    #[test]
    fn names_of_types() {
        assert_eq!(<u8 as SolType>::NAME.as_str(), "uint8");
        assert_eq!(<i128 as SolType>::NAME.as_str(), "int128");
        assert_eq!(<FixedBytes<32> as SolType>::NAME.as_str(), "bytes32");
        assert_eq!(<Vec<[Address; 3]> as SolType>::NAME.as_str(), "address[3][]");
        assert_eq!(<[Vec<String>; 2] as SolType>::NAME.as_str(), "string[][2]");
        assert_eq!(signature!(transfer: Address, U256).as_str(), "transfer(address,uint256)");
        const SELECTOR: [u8; 4] = signature!(transfer: Address, U256).selector();
        assert_eq!(hex(&SELECTOR), "a9059cbb");
        assert_eq!(hex(&signature!(baz: u32, bool).selector()), "cdcd77c0");
    }

    #[test]
    fn static_arguments() {
        // The Solidity documentation's baz(69, true).
        let mut enc = TupleEncoder::new(2);
        enc.push(&69u32);
        enc.push(&true);
        let data = enc.finish();
        assert_eq!(
            hex(&data),
            "0000000000000000000000000000000000000000000000000000000000000045\
             0000000000000000000000000000000000000000000000000000000000000001"
        );
        let mut dec = TupleDecoder::new(&data);
        assert_eq!(dec.next::<u32>(), Ok(69));
        assert_eq!(dec.next::<bool>(), Ok(true));
    }

    #[test]
    fn dynamic_arguments() {
        // The Solidity documentation's f(0x123, [0x456, 0x789], "1234567890", "Hello, world!").
        let mut enc = TupleEncoder::new(4);
        enc.push(&U256::from_u64(0x123));
        enc.push(&vec![0x456u32, 0x789]);
        enc.push(&FixedBytes(*b"1234567890"));
        enc.push(&Bytes(b"Hello, world!".to_vec()));
        let expected = unhex(
            "0000000000000000000000000000000000000000000000000000000000000123
             0000000000000000000000000000000000000000000000000000000000000080
             3132333435363738393000000000000000000000000000000000000000000000
             00000000000000000000000000000000000000000000000000000000000000e0
             0000000000000000000000000000000000000000000000000000000000000002
             0000000000000000000000000000000000000000000000000000000000000456
             0000000000000000000000000000000000000000000000000000000000000789
             000000000000000000000000000000000000000000000000000000000000000d
             48656c6c6f2c20776f726c642100000000000000000000000000000000000000",
        );
        assert_eq!(hex(&enc.finish()), hex(&expected));
        let mut dec = TupleDecoder::new(&expected);
        assert_eq!(dec.next::<U256>(), Ok(U256::from_u64(0x123)));
        assert_eq!(dec.next::<Vec<u32>>(), Ok(vec![0x456, 0x789]));
        assert_eq!(dec.next::<FixedBytes<10>>(), Ok(FixedBytes(*b"1234567890")));
        assert_eq!(dec.next::<Bytes>(), Ok(Bytes(b"Hello, world!".to_vec())));
    }

    #[test]
    fn nested_dynamic_arrays() {
        // The Solidity documentation's g([[1, 2], [3]], ["one", "two", "three"]).
        let a: Vec<Vec<U256>> = vec![vec![U256::from_u64(1), U256::from_u64(2)], vec![U256::from_u64(3)]];
        let b: Vec<String> = vec!["one".into(), "two".into(), "three".into()];
        let mut enc = TupleEncoder::new(2);
        enc.push(&a);
        enc.push(&b);
        let data = enc.finish();
        let expected = unhex(
            "0000000000000000000000000000000000000000000000000000000000000040
             0000000000000000000000000000000000000000000000000000000000000140
             0000000000000000000000000000000000000000000000000000000000000002
             0000000000000000000000000000000000000000000000000000000000000040
             00000000000000000000000000000000000000000000000000000000000000a0
             0000000000000000000000000000000000000000000000000000000000000002
             0000000000000000000000000000000000000000000000000000000000000001
             0000000000000000000000000000000000000000000000000000000000000002
             0000000000000000000000000000000000000000000000000000000000000001
             0000000000000000000000000000000000000000000000000000000000000003
             0000000000000000000000000000000000000000000000000000000000000003
             0000000000000000000000000000000000000000000000000000000000000060
             00000000000000000000000000000000000000000000000000000000000000a0
             00000000000000000000000000000000000000000000000000000000000000e0
             0000000000000000000000000000000000000000000000000000000000000003
             6f6e650000000000000000000000000000000000000000000000000000000000
             0000000000000000000000000000000000000000000000000000000000000003
             74776f0000000000000000000000000000000000000000000000000000000000
             0000000000000000000000000000000000000000000000000000000000000005
             7468726565000000000000000000000000000000000000000000000000000000",
        );
        assert_eq!(hex(&data), hex(&expected));
        let mut dec = TupleDecoder::new(&data);
        assert_eq!(dec.next::<Vec<Vec<U256>>>(), Ok(a));
        assert_eq!(dec.next::<Vec<String>>(), Ok(b));
    }

    #[test]
    fn fixed_arrays_static_and_dynamic() {
        let fixed = [Address([1; 20]), Address([2; 20])];
        let data = encode_one(&fixed);
        assert_eq!(data.len(), 64);
        assert_eq!(decode_one::<[Address; 2]>(&data), Ok(fixed));
        let names = [String::from("a"), String::from("bc")];
        let data = encode_one(&names);
        assert_eq!(&data[..32], &encode_one(&32u8)[..]);
        assert_eq!(decode_one::<[String; 2]>(&data), Ok(names));
    }

    #[test]
    fn signed_integers() {
        let data = encode_one(&-1i8);
        assert_eq!(data, vec![0xff; 32]);
        assert_eq!(decode_one::<i8>(&data), Ok(-1));
        assert_eq!(decode_one::<i64>(&encode_one(&i64::MIN)), Ok(i64::MIN));
        assert_eq!(decode_one::<I256>(&encode_one(&I256::from_i128(-7))), Ok(I256::from_i128(-7)));
        // Values of a wider type that an int8 cannot hold.
        assert_eq!(decode_one::<i8>(&encode_one(&-129i16)), Err(AbiError::OutOfRange));
        assert_eq!(decode_one::<i8>(&encode_one(&128i16)), Err(AbiError::OutOfRange));
    }

    #[test]
    fn strict_decoding() {
        assert_eq!(decode_one::<u8>(&encode_one(&256u16)), Err(AbiError::OutOfRange));
        assert_eq!(decode_one::<bool>(&encode_one(&2u8)), Err(AbiError::OutOfRange));
        assert_eq!(decode_one::<Address>(&[0xff; 32]), Err(AbiError::OutOfRange));
        assert_eq!(decode_one::<FixedBytes<2>>(&encode_one(&FixedBytes([1u8; 3]))), Err(AbiError::OutOfRange));
        assert_eq!(decode_one::<U256>(&[0; 31]), Err(AbiError::TooShort));
        // An offset past the end, and a length larger than the data.
        assert_eq!(decode_one::<String>(&encode_one(&64u8)), Err(AbiError::BadOffset));
        let mut huge = encode_one(&32u8);
        huge.extend_from_slice(&encode_one(&u64::MAX));
        assert_eq!(decode_one::<Vec<U256>>(&huge), Err(AbiError::BadOffset));
        let mut bad = encode_one(&String::from("ab"));
        bad[64] = 0xff;
        assert_eq!(decode_one::<String>(&bad), Err(AbiError::NotUtf8));
    }

    #[test]
    fn topics() {
        assert_eq!(U256::from_u64(5).topic(), *<&[u8; 32]>::try_from(&encode_one(&U256::from_u64(5))[..]).unwrap());
        assert_eq!(String::from("abc").topic(), crate::keccak::keccak256(b"abc"));
    }
}
