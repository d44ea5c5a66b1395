//! `tmkit check` and `tmkit glossary` (issue 5: being built).

use super::output::CliError;
use std::process::ExitCode;

/// Arguments of `tmkit check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Arguments (the command is being built).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// `tmkit glossary` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum GlossaryCommand {
    /// Show a glossary's entries (being built).
    Show {
        /// Arguments (the command is being built).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        rest: Vec<String>,
    },
}

/// Runs `tmkit check`.
pub fn run(_args: CheckArgs) -> Result<ExitCode, CliError> {
    Err(CliError::input(
        "`tmkit check` is not available in this build yet",
    ))
}

/// Runs `tmkit glossary`.
pub fn run_glossary(_command: GlossaryCommand) -> Result<ExitCode, CliError> {
    Err(CliError::input(
        "`tmkit glossary` is not available in this build yet",
    ))
}
