//! `tmkit translit` and `tmkit eval names` (issue 5: being built).

use super::output::CliError;
use std::process::ExitCode;

/// Arguments of `tmkit eval names`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// Arguments (the command is being built).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

// ---- `tmkit translit` (transliteration engineer; the command lives in translit.rs) ----

pub use super::translit::TranslitArgs;

/// Runs `tmkit translit`.
pub fn run_translit(args: TranslitArgs) -> Result<ExitCode, CliError> {
    super::translit::run(args)
}

// ---- end of `tmkit translit` ----

/// Runs `tmkit eval names`.
pub fn run_eval(_args: EvalArgs) -> Result<ExitCode, CliError> {
    Err(CliError::input(
        "`tmkit eval names` is not available in this build yet",
    ))
}
