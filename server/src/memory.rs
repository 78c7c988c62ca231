//! How the process takes memory from the system and gives it back.

/// Allocations at least this large get their own mapping, returned to the system when freed.
const LARGE_BLOCK: usize = 4 * 1024 * 1024;

/// glibc's malloc raises its mmap threshold each time a mapped block is freed, so after the
/// first password hash every 19 MiB argon2 block (and every upload body) came from its arenas
/// and stayed in them: found by `bench/load.sh`, the server's RSS grew by 19 MiB per sign-up or
/// sign-in, to 377 MB after 30 sign-ups and 464 MB in a load run. A fixed threshold keeps large
/// blocks mapped, and RSS at rest stays near 15 MB whatever has been hashed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn return_large_blocks_to_the_system() {
    use std::ffi::c_int;
    /// `M_MMAP_THRESHOLD`, from glibc's `<malloc.h>`.
    const M_MMAP_THRESHOLD: c_int = -3;
    extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
    }
    // SAFETY: `mallopt` only sets a parameter of glibc's allocator (under glibc's own lock, so
    // other threads may be allocating), with a value glibc accepts (at most 32 MiB on 64-bit
    // systems). `main` calls it before any other thread exists.
    let accepted = unsafe { mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK as c_int) };
    debug_assert_eq!(accepted, 1, "glibc refused M_MMAP_THRESHOLD");
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn return_large_blocks_to_the_system() {}
