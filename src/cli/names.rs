//! `tmkit translit` and `tmkit eval names`: each command lives in its own file
//! (`translit.rs`, `names_eval.rs`); this module keeps the names `cli/mod.rs` uses.

use super::output::CliError;
use std::process::ExitCode;

pub use super::names_eval::{EvalArgs, run_eval};
pub use super::translit::TranslitArgs;

/// Runs `tmkit translit`.
pub fn run_translit(args: TranslitArgs) -> Result<ExitCode, CliError> {
    super::translit::run(args)
}
