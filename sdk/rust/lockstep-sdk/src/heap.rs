//! The contract's allocator: a bump allocator over `memory.grow`.
//!
//! Every call runs on a fresh instance, so memory never needs to outlive a call and freeing can be
//! almost free: only the most recent allocation is given back (which makes a growing `Vec` cheap).

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;

const PAGE: usize = 65536;

extern "C" {
    /// First byte after the data and the stack, placed by the linker.
    static __heap_base: u8;
}

pub struct BumpAllocator {
    /// (next free byte, start of the last allocation); 0 until the first allocation.
    state: UnsafeCell<(usize, usize)>,
}

// A contract instance runs on one thread.
unsafe impl Sync for BumpAllocator {}

impl BumpAllocator {
    pub const fn new() -> BumpAllocator {
        BumpAllocator { state: UnsafeCell::new((0, 0)) }
    }

    /// Makes sure memory reaches `end`; false if the VM refuses to grow it that far.
    fn reserve(end: usize) -> bool {
        let have = wasm32::memory_size(0) * PAGE;
        if end <= have {
            return true;
        }
        let pages = (end - have + PAGE - 1) / PAGE;
        wasm32::memory_grow(0, pages) != usize::MAX
    }
}

unsafe impl GlobalAlloc for BumpAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let state = &mut *self.state.get();
        if state.0 == 0 {
            state.0 = &__heap_base as *const u8 as usize;
        }
        let start = (state.0 + layout.align() - 1) & !(layout.align() - 1);
        let end = match start.checked_add(layout.size()) {
            Some(end) if Self::reserve(end) => end,
            _ => return core::ptr::null_mut(),
        };
        *state = (end, start);
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        let state = &mut *self.state.get();
        if ptr as usize == state.1 {
            state.0 = state.1;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let state = &mut *self.state.get();
        if ptr as usize == state.1 {
            // The last allocation grows or shrinks in place.
            let end = match state.1.checked_add(new_size) {
                Some(end) if Self::reserve(end) => end,
                _ => return core::ptr::null_mut(),
            };
            state.0 = end;
            return ptr;
        }
        let new = self.alloc(Layout::from_size_align_unchecked(new_size, layout.align()));
        if !new.is_null() {
            core::ptr::copy_nonoverlapping(ptr, new, core::cmp::min(layout.size(), new_size));
        }
        new
    }
}
