//! The memory opener on arbitrary bytes written as a `.tmdb` file, then every
//! read operation (stats, lookup, match, concordance, export). Seeds: a valid
//! memory (`fuzz/seed.sh` writes one), so mutations reach the tables.
#![no_main]

#[path = "common/memory_ops.rs"]
mod memory_ops;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = memory_ops::work_dir().join("fuzz.tmdb");
    memory_ops::remove_memory(&path);
    std::fs::write(&path, data).expect("write the memory file");
    memory_ops::exercise(&path);
    memory_ops::remove_memory(&path);
});
