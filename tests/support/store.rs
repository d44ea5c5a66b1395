//! Helpers of the memory-schema tests: the `tmkit` binary as a plain
//! process, a command that must succeed, a memory's export and its schema
//! version.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// The `tmkit` binary as a `std::process::Command` (for tests that start it
/// in the background and kill it), colours off.
pub fn tmkit_process() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tmkit"));
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Runs `cmd`, fails the test with its standard error unless it succeeds,
/// and returns its standard output.
pub fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `tmkit memory export MEMORY OUT`, and the bytes written.
pub fn export(memory: &Path, out: &Path) -> Vec<u8> {
    ok(tmkit_process()
        .args(["memory", "export"])
        .arg(memory)
        .arg(out));
    std::fs::read(out).unwrap()
}

/// The schema version stored in the memory file.
pub fn version(memory: &Path) -> i64 {
    let conn = rusqlite::Connection::open(memory).unwrap();
    tmkit::memory::schema::version(&conn).unwrap()
}
