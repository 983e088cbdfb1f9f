//! The `lockstep` host functions, exactly as the host ABI (version 1) declares them.
//!
//! Outside WebAssembly (unit tests, the host build that prints a contract's ABI JSON) there is no host:
//! the same names exist and panic, so contract code compiles and links everywhere.

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "lockstep")]
extern "C" {
    pub fn storage_read(key_ptr: *const u8, key_len: u32, out_ptr: *mut u8, out_cap: u32) -> i32;
    pub fn storage_write(key_ptr: *const u8, key_len: u32, val_ptr: *const u8, val_len: u32);
    pub fn storage_remove(key_ptr: *const u8, key_len: u32);
    pub fn input_size() -> i32;
    pub fn input_copy(out_ptr: *mut u8, offset: u32, len: u32);
    pub fn set_return(ptr: *const u8, len: u32);
    pub fn caller(out_ptr: *mut u8);
    pub fn self_address(out_ptr: *mut u8);
    pub fn value(out_ptr: *mut u8);
    pub fn block_height() -> i64;
    pub fn block_time() -> i64;
    pub fn emit_log(topics_ptr: *const u8, topic_count: u32, data_ptr: *const u8, data_len: u32);
    pub fn revert(ptr: *const u8, len: u32) -> !;
    pub fn fuel_left() -> i64;
}

#[cfg(not(target_arch = "wasm32"))]
mod absent {
    #![allow(clippy::missing_safety_doc)]

    fn no_host() -> ! {
        panic!("the lockstep host functions exist only inside the contract VM")
    }

    pub unsafe fn storage_read(_: *const u8, _: u32, _: *mut u8, _: u32) -> i32 {
        no_host()
    }
    pub unsafe fn storage_write(_: *const u8, _: u32, _: *const u8, _: u32) {
        no_host()
    }
    pub unsafe fn storage_remove(_: *const u8, _: u32) {
        no_host()
    }
    pub unsafe fn input_size() -> i32 {
        no_host()
    }
    pub unsafe fn input_copy(_: *mut u8, _: u32, _: u32) {
        no_host()
    }
    pub unsafe fn set_return(_: *const u8, _: u32) {
        no_host()
    }
    pub unsafe fn caller(_: *mut u8) {
        no_host()
    }
    pub unsafe fn self_address(_: *mut u8) {
        no_host()
    }
    pub unsafe fn value(_: *mut u8) {
        no_host()
    }
    pub unsafe fn block_height() -> i64 {
        no_host()
    }
    pub unsafe fn block_time() -> i64 {
        no_host()
    }
    pub unsafe fn emit_log(_: *const u8, _: u32, _: *const u8, _: u32) {
        no_host()
    }
    pub unsafe fn revert(_: *const u8, _: u32) -> ! {
        no_host()
    }
    pub unsafe fn fuel_left() -> i64 {
        no_host()
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub use absent::*;
