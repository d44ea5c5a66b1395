//! The `tmkit` binary as the CLI tests run it, and the paths they read.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::PathBuf;

/// The `tmkit` binary with colours off (`NO_COLOR`), so that its output
/// compares as plain text.
pub fn tmkit() -> Command {
    let mut cmd = Command::cargo_bin("tmkit").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// The crate's root folder (for `memories/`, `glossaries/`, `../shared`).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
