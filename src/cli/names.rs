//! `tmkit translit` and `tmkit eval names` (issue 5: being built).

use super::output::CliError;
use std::process::ExitCode;

/// Arguments of `tmkit translit`.
#[derive(clap::Args, Debug)]
pub struct TranslitArgs {
    /// Arguments (the command is being built).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

pub use super::names_eval::{EvalArgs, run_eval};

/// Runs `tmkit translit`.
pub fn run_translit(_args: TranslitArgs) -> Result<ExitCode, CliError> {
    Err(CliError::input(
        "`tmkit translit` is not available in this build yet",
    ))
}
