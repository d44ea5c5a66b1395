//! The binary's allocator: mimalloc for small blocks, the system allocator
//! for large ones.
//!
//! An import makes and frees tens of millions of small strings on several
//! threads (the reader allocates a unit, the pool prepares it, another thread
//! frees it); glibc serialises such cross-thread frees and mimalloc does not:
//! a 1M import took 17% less CPU with mimalloc alone. But the large arrays of
//! a 10M index load stayed with mimalloc after use (+350 MiB peak RSS) and
//! were faulted in afresh (+2–3 s of system time), so every block from
//! [`LARGE`] bytes up keeps going to the system allocator, which reuses its
//! freed heap (BENCHMARKS.md, "Import CPU: small blocks to mimalloc").

use std::alloc::{GlobalAlloc, Layout, System};

/// Blocks of at least this many bytes go to the system allocator.
const LARGE: usize = 64 * 1024;

/// Routes each block by its size; a block keeps its size class between
/// `alloc` and `dealloc` (the same `Layout`), and `realloc` across the
/// boundary moves it.
pub struct SplitAllocator;

unsafe impl GlobalAlloc for SplitAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `GlobalAlloc::alloc`, passed on.
        unsafe {
            if layout.size() >= LARGE {
                System.alloc(layout)
            } else {
                mimalloc::MiMalloc.alloc(layout)
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        unsafe {
            if layout.size() >= LARGE {
                System.alloc_zeroed(layout)
            } else {
                mimalloc::MiMalloc.alloc_zeroed(layout)
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `layout` is the one the block was allocated (or last
        // reallocated) with, so its size names the allocator that owns it.
        unsafe {
            if layout.size() >= LARGE {
                System.dealloc(ptr, layout)
            } else {
                mimalloc::MiMalloc.dealloc(ptr, layout)
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let was_large = layout.size() >= LARGE;
        let is_large = new_size >= LARGE;
        // SAFETY: the caller's contract for `GlobalAlloc::realloc`; a block
        // that changes size class is copied into a block of the other
        // allocator (`new_size` with the old alignment is a valid layout by
        // that contract) and the old one freed where it came from.
        unsafe {
            match (was_large, is_large) {
                (false, false) => mimalloc::MiMalloc.realloc(ptr, layout, new_size),
                (true, true) => System.realloc(ptr, layout, new_size),
                _ => {
                    let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                    let moved = self.alloc(new_layout);
                    if !moved.is_null() {
                        std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    moved
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks grown and shrunk across the boundary keep their bytes and are
    /// freed by the allocator that made them (a wrong one aborts the test).
    #[test]
    fn blocks_keep_their_bytes_across_the_boundary() {
        let a = SplitAllocator;
        for align in [1usize, 8, 64, 4096] {
            let small = Layout::from_size_align(LARGE / 2, align).unwrap();
            unsafe {
                let p = a.alloc(small);
                assert!(!p.is_null());
                for i in 0..small.size() {
                    *p.add(i) = (i % 251) as u8;
                }
                let big = a.realloc(p, small, LARGE * 3);
                assert!(!big.is_null());
                assert_eq!(big as usize % align, 0);
                for i in 0..small.size() {
                    assert_eq!(*big.add(i), (i % 251) as u8);
                }
                let large = Layout::from_size_align(LARGE * 3, align).unwrap();
                let back = a.realloc(big, large, 100);
                assert!(!back.is_null());
                for i in 0..100 {
                    assert_eq!(*back.add(i), (i % 251) as u8);
                }
                a.dealloc(back, Layout::from_size_align(100, align).unwrap());
                let z = a.alloc_zeroed(large);
                assert!((0..large.size()).all(|i| *z.add(i) == 0));
                a.dealloc(z, large);
            }
        }
    }
}
