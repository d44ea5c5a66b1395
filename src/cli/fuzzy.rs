//! `tmkit match`, `tmkit analyze`, `tmkit concordance` (issue 4: being built).

use super::output::CliError;
use std::process::ExitCode;

/// Arguments of `tmkit match`.
#[derive(clap::Args, Debug)]
pub struct MatchArgs {
    /// Arguments (the command is being built).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Arguments of `tmkit analyze`.
#[derive(clap::Args, Debug)]
pub struct AnalyzeArgs {
    /// Arguments (the command is being built).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Arguments of `tmkit concordance`.
#[derive(clap::Args, Debug)]
pub struct ConcordanceArgs {
    /// Arguments (the command is being built).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Runs `tmkit match`.
pub fn run_match(_args: MatchArgs) -> Result<ExitCode, CliError> {
    Err(CliError::input(
        "`tmkit match` is not available in this build yet",
    ))
}

/// Runs `tmkit analyze`.
pub fn run_analyze(_args: AnalyzeArgs) -> Result<ExitCode, CliError> {
    Err(CliError::input(
        "`tmkit analyze` is not available in this build yet",
    ))
}

/// Runs `tmkit concordance`.
pub fn run_concordance(_args: ConcordanceArgs) -> Result<ExitCode, CliError> {
    Err(CliError::input(
        "`tmkit concordance` is not available in this build yet",
    ))
}
