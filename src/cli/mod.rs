//! Command-line parsing and dispatch. Each command group has its own file;
//! `output` holds what they share (formats, colour, errors, exit codes).
//!
//! Exit codes: 0 = success and nothing found, 1 = findings (checks), 2 = usage
//! or input error.

mod check;
mod fuzzy;
mod memory;
mod memory_io;
mod names;
mod names_eval;
mod output;
mod publication;
mod segment;
mod translit;

use clap::{Parser, Subcommand};
use output::CliError;
use std::process::ExitCode;

/// tmkit: translation memories, sentence segmentation, fuzzy matching and
/// name-aware glossary checks.
#[derive(Parser, Debug)]
#[command(name = "tmkit", version, about, long_about = None, propagate_version = true)]
struct Cli {
    /// When to colour output: auto (when writing to a terminal), always, never.
    #[arg(long, global = true, value_enum, default_value_t = output::ColorChoice::Auto)]
    color: output::ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create translation memories, import and export TMX, look up, show statistics.
    #[command(subcommand)]
    Memory(memory::MemoryCommand),
    /// Split text into sentences (built-in rules or an SRX file).
    Segment(segment::SegmentArgs),
    /// Suggest fuzzy matches for segments from one or more memories.
    Match(fuzzy::MatchArgs),
    /// Leverage analysis of a document against memories (match bands, repetitions).
    Analyze(fuzzy::AnalyzeArgs),
    /// Search a word or phrase in the source or target side of a memory.
    Concordance(fuzzy::ConcordanceArgs),
    /// Transliterate Cyrillic text into Latin letters with a named scheme.
    Translit(names::TranslitArgs),
    /// Check names and terms: consistency in a document, glossary compliance, bilingual files.
    Check(check::CheckArgs),
    /// Read, convert and inspect glossaries (TBX, TSV, CSV).
    #[command(subcommand)]
    Glossary(check::GlossaryCommand),
    /// Evaluate tmkit against gold data (segmentation, name variants).
    #[command(subcommand)]
    Eval(EvalCommand),
}

#[derive(Subcommand, Debug)]
enum EvalCommand {
    /// Sentence-boundary precision/recall/F1 against gold JSONL, for built-in rules and SRX files.
    Segment(segment::EvalArgs),
    /// Precision/recall of name-variant detection on labelled pairs, beside a Jaro-Winkler baseline.
    Names(names::EvalArgs),
}

/// Parses the command line, runs the command, and maps errors to exit code 2.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    output::set_color(cli.color);
    let result: Result<ExitCode, CliError> = match cli.command {
        Command::Memory(command) => memory::run(command),
        Command::Segment(args) => segment::run(args),
        Command::Match(args) => fuzzy::run_match(args),
        Command::Analyze(args) => fuzzy::run_analyze(args),
        Command::Concordance(args) => fuzzy::run_concordance(args),
        Command::Translit(args) => names::run_translit(args),
        Command::Check(args) => check::run(args),
        Command::Glossary(command) => check::run_glossary(command),
        Command::Eval(EvalCommand::Segment(args)) => segment::run_eval(args),
        Command::Eval(EvalCommand::Names(args)) => names::run_eval(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            output::print_error(&error);
            ExitCode::from(error.exit_code)
        }
    }
}
