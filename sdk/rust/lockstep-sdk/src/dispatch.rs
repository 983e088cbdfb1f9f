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

/// Reverts a deploy that sends value to a constructor without `#[payable]`.
#[doc(hidden)]
pub fn constructor_not_payable() {
    if !crate::value().is_zero() {
        crate::revert("lockstep: the constructor is not payable")
    }
}

#[doc(hidden)]
pub fn bad_constructor_input(parameter: &str, error: AbiError) -> ! {
    crate::revert(&format!("lockstep: bad constructor input, parameter {}: {}", parameter, error.message()))
}

/// Reverts unless the constructor input is byte for byte `canonical`, the decoded arguments encoded
/// again (`types` is their tuple, such as `(uint256,string)`). Ethereum tooling appends exactly that
/// encoding to the module; extra bytes (arguments meant for another constructor, or sent twice) and
/// non-canonical offsets are refused instead of being half-read, as trailing calldata would be.
#[doc(hidden)]
pub fn require_exact_constructor_input(input: &[u8], canonical: &[u8], types: &str) {
    if input.len() != canonical.len() {
        if canonical.is_empty() {
            crate::revert(&format!(
                "lockstep: the constructor takes no arguments, but its input is {} bytes",
                input.len()
            ))
        }
        crate::revert(&format!(
            "lockstep: constructor input is {} bytes, but its arguments {} encode to {}",
            input.len(),
            types,
            canonical.len()
        ))
    }
    if input != canonical {
        crate::revert(&format!("lockstep: constructor input is not the canonical encoding of {}", types))
    }
}

/// Declares a contract's events, constructor and methods.
///
/// ```ignore
/// lockstep_sdk::contract! {
///     events {
///         event Incremented(#[indexed] by: Address, count: U256);
///     }
///
///     constructor(initial: U256) { COUNT.set(&initial); }
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
/// topics. The optional `constructor(...) { ... }` (at most one, `#[payable]` or not, returning nothing)
/// runs once when the contract is deployed, with the deploy's constructor input decoded as its
/// parameters. On `wasm32` the macro exports `call`, and `deploy` when there is a constructor;
/// elsewhere it defines `abi_json()`, the contract's Ethereum ABI as JSON.
#[macro_export]
macro_rules! contract {
    (events { $($events:tt)* } $($items:tt)*) => {
        $crate::__contract! { [$($events)*] $($items)* }
    };
    ($($items:tt)*) => {
        $crate::__contract! { [] $($items)* }
    };
}

/// The body of [`contract!`]: the events in brackets, then the items. Each item is matched loosely here
/// (`$kind` is `fn` or `constructor`) and told apart by the helpers below, because two item patterns that
/// both start with attributes would be ambiguous to `macro_rules`.
#[doc(hidden)]
#[macro_export]
macro_rules! __contract {
    (
        [
            $(
                $(#[doc = $edoc:literal])*
                event $event:ident ( $( $(#[$idx:ident])? $field:ident : $ftype:ty ),* $(,)? );
            )*
        ]
        $(
            $(#[$($attr:tt)*])*
            $kind:ident $($name:ident)? ( $( $param:ident : $ptype:ty ),* $(,)? ) $(-> $ret:ty)? $body:block
        )*
    ) => {
        $(
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
        )*

        $(
            $crate::__item_fn! {
                [$([$($attr)*])*]
                $kind $($name)? ( $( $param : $ptype ),* ) $(-> $ret)? $body
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
                $crate::__dispatch! {
                    (selector, _args) [$([$($attr)*])*] $kind $($name)? ( $( $param : $ptype ),* ) $(-> $ret)?
                }
            )*
            $crate::unknown_selector(&input)
        }

        $( $crate::__deploy_export! { [$([$($attr)*])*] $kind ( $( $param : $ptype ),* ) } )*

        /// The contract's Ethereum ABI as JSON (host builds only: `build-contract.sh` prints it).
        #[cfg(not(target_arch = "wasm32"))]
        #[allow(dead_code)]
        pub fn abi_json() -> $crate::alloc::string::String {
            let mut json = $crate::AbiJson::new();
            $( $crate::__abi_constructor! { json [$([$($attr)*])*] $kind ( $( $param : $ptype ),* ) } )*
            $(
                $crate::__abi_function! {
                    json [$([$($attr)*])*] $kind $($name)? ( $( $param : $ptype ),* ) $(-> $ret)?
                }
            )*
            $(
                json.event(
                    stringify!($event),
                    &[ $( (stringify!($field), <$ftype as $crate::abi::SolType>::NAME, $crate::__is_indexed!($(#[$idx])?)) ),* ],
                );
            )*
            json.finish()
        }
    };
}

/// An item as a plain Rust function: a method under its own name, the constructor as `constructor`.
#[doc(hidden)]
#[macro_export]
macro_rules! __item_fn {
    ([$($attrs:tt)*] fn $name:ident ( $( $param:ident : $ptype:ty ),* ) $(-> $ret:ty)? $body:block) => {
        $crate::__method_fn! { [$($attrs)*] [] fn $name( $( $param : $ptype ),* ) $(-> $ret)? $body }
    };
    ([$($attrs:tt)*] constructor ( $( $param:ident : $ptype:ty ),* ) $body:block) => {
        $crate::__method_fn! { [$($attrs)*] [] fn constructor( $( $param : $ptype ),* ) $body }
    };
    ([$($attrs:tt)*] constructor ( $($params:tt)* ) -> $ret:ty $body:block) => {
        compile_error!("a contract's constructor returns nothing: constructor(PARAMS) { ... }");
    };
    ([$($attrs:tt)*] constructor $name:ident $($rest:tt)*) => {
        compile_error!(concat!("a constructor has no name: write constructor(PARAMS), not constructor ", stringify!($name)));
    };
    ([$($attrs:tt)*] fn ( $($rest:tt)* ) $($more:tt)*) => {
        compile_error!("a method needs a name: fn NAME(PARAMS)");
    };
    ([$($attrs:tt)*] $other:ident $($rest:tt)*) => {
        compile_error!(concat!("contract! items are `fn NAME(...)` and `constructor(...)`, not `", stringify!($other), "`"));
    };
}

/// One method's case in `call`: if the selector is its own, decode, call, encode the result, return.
#[doc(hidden)]
#[macro_export]
macro_rules! __dispatch {
    (($selector:ident, $args:ident) [$($attrs:tt)*] fn $name:ident ( $( $param:ident : $ptype:ty ),* ) $(-> $ret:ty)?) => {
        {
            const SELECTOR: [u8; 4] = $crate::signature!($name : $($ptype),*).selector();
            if $selector == SELECTOR {
                if $crate::__mutability!($($attrs)*) != "payable" {
                    $crate::not_payable(stringify!($name));
                }
                #[allow(unused_mut, unused_variables)]
                let mut __lockstep_decoder = $crate::abi::TupleDecoder::new($args);
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
    };
    (($selector:ident, $args:ident) [$($attrs:tt)*] $($constructor:tt)*) => {};
}

/// The `deploy` export, for the constructor only: decode the constructor input strictly and exactly,
/// then run the constructor.
#[doc(hidden)]
#[macro_export]
macro_rules! __deploy_export {
    ([$($attrs:tt)*] constructor ( $( $param:ident : $ptype:ty ),* )) => {
        /// The contract's constructor entry point: run once at deploy, with the constructor input as input.
        /// Exported as `deploy` under another Rust name, so that a method may be called `deploy`.
        #[cfg(target_arch = "wasm32")]
        #[export_name = "deploy"]
        pub extern "C" fn __lockstep_deploy() {
            if $crate::__constructor_mutability!($($attrs)*) != "payable" {
                $crate::constructor_not_payable();
            }
            let input = $crate::input();
            #[allow(unused_mut, unused_variables)]
            let mut __lockstep_decoder = $crate::abi::TupleDecoder::new(&input);
            $(
                let $param: $ptype = match __lockstep_decoder.next::<$ptype>() {
                    Ok(value) => value,
                    Err(error) => $crate::bad_constructor_input(stringify!($param), error),
                };
            )*
            #[allow(unused_mut)]
            let mut __lockstep_encoder =
                $crate::abi::TupleEncoder::new(0 $( + <$ptype as $crate::abi::SolType>::HEAD_WORDS )*);
            $( __lockstep_encoder.push(&$param); )*
            const TYPES: $crate::abi::SolName =
                $crate::abi::SolName::signature("", &[$(<$ptype as $crate::abi::SolType>::NAME),*]);
            $crate::require_exact_constructor_input(&input, &__lockstep_encoder.finish(), TYPES.as_str());
            constructor( $( $param ),* );
        }
    };
    ([$($attrs:tt)*] $($method:tt)*) => {};
}

/// The constructor's ABI JSON entry; nothing for methods.
#[doc(hidden)]
#[macro_export]
macro_rules! __abi_constructor {
    ($json:ident [$($attrs:tt)*] constructor ( $( $param:ident : $ptype:ty ),* )) => {
        $json.constructor(
            &[ $( (stringify!($param), <$ptype as $crate::abi::SolType>::NAME) ),* ],
            $crate::__constructor_mutability!($($attrs)*),
        );
    };
    ($json:ident [$($attrs:tt)*] $($method:tt)*) => {};
}

/// A method's ABI JSON entry; nothing for the constructor.
#[doc(hidden)]
#[macro_export]
macro_rules! __abi_function {
    ($json:ident [$($attrs:tt)*] fn $name:ident ( $( $param:ident : $ptype:ty ),* ) $(-> $ret:ty)?) => {
        $json.function(
            stringify!($name),
            &[ $( (stringify!($param), <$ptype as $crate::abi::SolType>::NAME) ),* ],
            &[ $( <$ret as $crate::abi::SolType>::NAME )? ],
            $crate::__mutability!($($attrs)*),
        );
    };
    ($json:ident [$($attrs:tt)*] $($constructor:tt)*) => {};
}

/// The constructor's state mutability: `#[payable]` or nonpayable (Solidity's are never view or pure).
#[doc(hidden)]
#[macro_export]
macro_rules! __constructor_mutability {
    () => { "nonpayable" };
    ([doc = $doc:literal] $($rest:tt)*) => { $crate::__constructor_mutability!($($rest)*) };
    ([payable] $($rest:tt)*) => { "payable" };
    ([$($other:tt)*] $($rest:tt)*) => {
        compile_error!(concat!("unknown constructor attribute #[", stringify!($($other)*), "]: only payable"))
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

#[cfg(test)]
mod tests {
    // On the host `contract!` defines only `abi_json()`; `call` and `deploy` are wasm32 exports, which
    // the AssemblyScript SDK's `npm test` runs (test/rust-constructor.test.mjs).

    mod with_constructor {
        use crate::{Address, U256};
        use alloc::string::String;

        crate::contract! {
            events {
                event Started(#[indexed] by: Address, label: String);
            }

            /// Doc comments on the constructor are kept.
            #[payable]
            constructor(initial: U256, label: String) {
                let _ = (initial, label);
            }

            #[view]
            fn get() -> U256 {
                U256::ZERO
            }
        }
    }

    mod without_constructor {
        crate::contract! {
            #[pure]
            fn one() -> u8 {
                1
            }
        }
    }

    mod constructor_without_arguments {
        crate::contract! {
            fn touch() {}

            constructor() {}
        }
    }

    #[test]
    fn the_constructor_is_the_first_abi_entry_with_its_mutability() {
        assert_eq!(
            with_constructor::abi_json(),
            concat!(
                "[\n",
                "  {\"type\": \"constructor\", \"inputs\": [{\"name\": \"initial\", \"type\": \"uint256\"}, ",
                "{\"name\": \"label\", \"type\": \"string\"}], \"stateMutability\": \"payable\"},\n",
                "  {\"type\": \"function\", \"name\": \"get\", \"inputs\": [], ",
                "\"outputs\": [{\"name\": \"\", \"type\": \"uint256\"}], \"stateMutability\": \"view\"},\n",
                "  {\"type\": \"event\", \"name\": \"Started\", \"inputs\": [{\"name\": \"by\", \"type\": \"address\", ",
                "\"indexed\": true}, {\"name\": \"label\", \"type\": \"string\", \"indexed\": false}], ",
                "\"anonymous\": false}\n",
                "]\n"
            )
        );
    }

    #[test]
    fn a_constructor_after_the_methods_still_comes_first_and_none_means_no_entry() {
        assert_eq!(
            constructor_without_arguments::abi_json(),
            concat!(
                "[\n",
                "  {\"type\": \"constructor\", \"inputs\": [], \"stateMutability\": \"nonpayable\"},\n",
                "  {\"type\": \"function\", \"name\": \"touch\", \"inputs\": [], \"outputs\": [], ",
                "\"stateMutability\": \"nonpayable\"}\n",
                "]\n"
            )
        );
        assert!(!without_constructor::abi_json().contains("constructor"));
    }
}
