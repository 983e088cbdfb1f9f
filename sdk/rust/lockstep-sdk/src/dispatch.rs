//! The generated dispatcher's shared paths (kept out of the macro so every contract shares one copy)
//! and the [`contract!`](crate::contract) macro.

use crate::abi::AbiError;
use alloc::format;

#[doc(hidden)]
pub fn unknown_selector(input: &[u8]) -> ! {
    if input.len() < 4 {
        crate::revert("lockstep: calldata is shorter than a 4-byte selector")
    }
    crate::revert(&format!(
        "lockstep: unknown function selector 0x{:02x}{:02x}{:02x}{:02x}",
        input[0], input[1], input[2], input[3]
    ))
}

#[doc(hidden)]
pub fn bad_calldata(function: &str, parameter: &str, error: AbiError) -> ! {
    crate::revert(&format!("lockstep: bad calldata for {}, parameter {}: {}", function, parameter, error.message()))
}

#[doc(hidden)]
pub fn not_payable(function: &str) {
    if !crate::value().is_zero() {
        crate::revert(&format!("lockstep: {} is not payable", function))
    }
}

/// Declares a contract's events and methods.
///
/// ```ignore
/// lockstep_sdk::contract! {
///     events {
///         event Incremented(#[indexed] by: Address, count: U256);
///     }
///
///     #[view]
///     fn count() -> U256 { COUNT.get_or_default() }
///
///     fn increment(step: U256) -> U256 { /* ... */ }
/// }
/// ```
///
/// Every method becomes a Solidity function whose signature uses its parameters' Solidity types
/// ([`SolType`](crate::SolType)); `#[view]`, `#[pure]` or `#[payable]` set its state mutability
/// (nonpayable by default; only `#[payable]` methods accept value). Every event becomes a struct with
/// its parameters as fields and an [`Event`](crate::event::Event) impl; `#[indexed]` parameters become
/// topics. On `wasm32` the macro exports `call`; elsewhere it defines `abi_json()`, the contract's
/// Ethereum ABI as JSON.
#[macro_export]
macro_rules! contract {
    (
        $(
            events {
                $(
                    $(#[doc = $edoc:literal])*
                    event $event:ident ( $( $(#[$idx:ident])? $field:ident : $ftype:ty ),* $(,)? );
                )*
            }
        )?
        $(
            $(#[$($attr:tt)*])*
            fn $name:ident ( $( $param:ident : $ptype:ty ),* $(,)? ) $(-> $ret:ty)? $body:block
        )*
    ) => {
        $($(
            $(#[doc = $edoc])*
            #[allow(dead_code)]
            pub struct $event {
                $( pub $field: $ftype, )*
            }

            impl $crate::event::Event for $event {
                const SIGNATURE: $crate::abi::SolName = $crate::signature!($event : $($ftype),*);
                const TOPIC: [u8; 32] = <Self as $crate::event::Event>::SIGNATURE.keccak256();

                fn emit(&self) {
                    let mut topics: $crate::alloc::vec::Vec<[u8; 32]> = $crate::alloc::vec::Vec::new();
                    topics.push(Self::TOPIC);
                    let mut data = $crate::abi::TupleEncoder::new(
                        0 $( + $crate::__if_data!($(#[$idx])? <$ftype as $crate::abi::SolType>::HEAD_WORDS) )*
                    );
                    $( $crate::__event_field!(topics, data, $(#[$idx])? self.$field); )*
                    $crate::event::emit_log(&topics, &data.finish());
                }
            }
        )*)?

        $(
            $crate::__method_fn! {
                [$([$($attr)*])*] []
                fn $name( $( $param : $ptype ),* ) $(-> $ret)? $body
            }
        )*

        /// The contract's entry point: Solidity ABI dispatch on the first four bytes of the input.
        #[cfg(target_arch = "wasm32")]
        #[no_mangle]
        pub extern "C" fn call() {
            let input = $crate::input();
            let selector: [u8; 4] = match input.get(..4) {
                Some(head) => [head[0], head[1], head[2], head[3]],
                None => $crate::unknown_selector(&input),
            };
            let _args = &input[4..];
            $(
                {
                    const SELECTOR: [u8; 4] = $crate::signature!($name : $($ptype),*).selector();
                    if selector == SELECTOR {
                        if $crate::__mutability!($([$($attr)*])*) != "payable" {
                            $crate::not_payable(stringify!($name));
                        }
                        #[allow(unused_mut, unused_variables)]
                        let mut __lockstep_decoder = $crate::abi::TupleDecoder::new(_args);
                        $(
                            let $param: $ptype = match __lockstep_decoder.next::<$ptype>() {
                                Ok(value) => value,
                                Err(error) => $crate::bad_calldata(stringify!($name), stringify!($param), error),
                            };
                        )*
                        #[allow(unused_variables)]
                        let __lockstep_result = $name( $( $param ),* );
                        $( $crate::set_return(&$crate::abi::encode_one::<$ret>(&__lockstep_result)); )?
                        return;
                    }
                }
            )*
            $crate::unknown_selector(&input)
        }

        /// The contract's Ethereum ABI as JSON (host builds only: `build-contract.sh` prints it).
        #[cfg(not(target_arch = "wasm32"))]
        #[allow(dead_code)]
        pub fn abi_json() -> $crate::alloc::string::String {
            let mut json = $crate::AbiJson::new();
            $(
                json.function(
                    stringify!($name),
                    &[ $( (stringify!($param), <$ptype as $crate::abi::SolType>::NAME) ),* ],
                    &[ $( <$ret as $crate::abi::SolType>::NAME )? ],
                    $crate::__mutability!($([$($attr)*])*),
                );
            )*
            $($(
                json.event(
                    stringify!($event),
                    &[ $( (stringify!($field), <$ftype as $crate::abi::SolType>::NAME, $crate::__is_indexed!($(#[$idx])?)) ),* ],
                );
            )*)?
            json.finish()
        }
    };
}

/// A method's state mutability from its attributes (`#[view]`, `#[pure]`, `#[payable]`; docs are skipped).
#[doc(hidden)]
#[macro_export]
macro_rules! __mutability {
    () => { "nonpayable" };
    ([doc = $doc:literal] $($rest:tt)*) => { $crate::__mutability!($($rest)*) };
    ([view] $($rest:tt)*) => { "view" };
    ([pure] $($rest:tt)*) => { "pure" };
    ([payable] $($rest:tt)*) => { "payable" };
    ([$($other:tt)*] $($rest:tt)*) => {
        compile_error!(concat!("unknown method attribute #[", stringify!($($other)*), "]: use view, pure or payable"))
    };
}

/// A method as a plain function: its doc comments kept, the mutability attribute dropped.
#[doc(hidden)]
#[macro_export]
macro_rules! __method_fn {
    ([] [$($kept:tt)*] $($item:tt)*) => {
        $($kept)*
        #[allow(dead_code)]
        $($item)*
    };
    ([[doc = $doc:literal] $($rest:tt)*] [$($kept:tt)*] $($item:tt)*) => {
        $crate::__method_fn! { [$($rest)*] [$($kept)* #[doc = $doc]] $($item)* }
    };
    ([[$($other:tt)*] $($rest:tt)*] [$($kept:tt)*] $($item:tt)*) => {
        $crate::__method_fn! { [$($rest)*] [$($kept)*] $($item)* }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __is_indexed {
    () => { false };
    (#[indexed]) => { true };
    (#[$other:ident]) => { compile_error!(concat!("unknown event parameter attribute #[", stringify!($other), "]: use indexed")) };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __if_data {
    (#[indexed] $words:expr) => { 0 };
    ($words:expr) => { $words };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __event_field {
    ($topics:ident, $data:ident, #[indexed] $value:expr) => {
        $topics.push($crate::abi::SolType::topic(&$value));
    };
    ($topics:ident, $data:ident, $value:expr) => {
        $data.push(&$value);
    };
}
