//! `tmkit translit` and `tmkit eval names`: each lives in its own file
//! (`translit.rs`, `names_eval.rs`); this file routes to them.

use super::output::CliError;
use std::process::ExitCode;

// ---- `tmkit eval names` (names engineer; the command lives in names_eval.rs) ----

pub use super::names_eval::{EvalArgs, run_eval};

// ---- `tmkit translit` (transliteration engineer; the command lives in translit.rs) ----

pub use super::translit::TranslitArgs;

/// Runs `tmkit translit`.
pub fn run_translit(args: TranslitArgs) -> Result<ExitCode, CliError> {
    super::translit::run(args)
}

// ---- end of `tmkit translit` ----
