//! `tmkit segment` and `tmkit eval segment` (issue 3: being built).

use super::output::CliError;
use std::process::ExitCode;

/// Arguments of `tmkit segment`.
#[derive(clap::Args, Debug)]
pub struct SegmentArgs {
    /// Arguments (the command is being built).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Arguments of `tmkit eval segment`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// Arguments (the command is being built).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Runs `tmkit segment`.
pub fn run(_args: SegmentArgs) -> Result<ExitCode, CliError> {
    Err(CliError::input(
        "`tmkit segment` is not available in this build yet",
    ))
}

/// Runs `tmkit eval segment`.
pub fn run_eval(_args: EvalArgs) -> Result<ExitCode, CliError> {
    Err(CliError::input(
        "`tmkit eval segment` is not available in this build yet",
    ))
}
