//! Command-line parsing and dispatch. Each command group has its own file;
//! `output` holds what they share (formats, colour, errors, exit codes).
//!
//! Exit codes: 0 = success and nothing found, 1 = findings (checks), 2 = usage
//! or input error.

mod align;
mod align_dirs;
mod check;
mod check_memory;
mod fuzzy;
mod input;
mod memory;
mod memory_io;
mod names;
mod names_eval;
mod output;
mod pretranslate;
mod publication;
mod report_html;
mod segment;
mod serve;
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
    /// Sentence-align a text and its translation (or folders of them) into a memory, TMX, TSV or a review table.
    Align(align::AlignArgs),
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
    /// Turn a document (text, Markdown, HTML) or another tool's XLIFF into XLIFF with memory matches and glossary terms filled in.
    Pretranslate(pretranslate::PretranslateArgs),
    /// Write the translated document from an XLIFF that `tmkit pretranslate` made.
    Merge(pretranslate::MergeArgs),
    /// Serve memories over HTTP/JSON (match, lookup, concordance, check, segment, pretranslate, store units).
    Serve(serve::ServeArgs),
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
///
/// The one broken-pipe policy (as ripgrep's): when the reader of standard
/// output goes away (`tmkit … | head`), the program ends quietly with
/// success — whichever command was writing, text or JSON.
pub fn main() -> ExitCode {
    quiet_on_broken_pipe_panics();
    let cli = Cli::parse();
    // The server stops gracefully on these signals itself.
    if !matches!(cli.command, Command::Serve(_)) {
        remove_temp_files_on_signals();
    }
    output::set_color(cli.color);
    let result: Result<ExitCode, CliError> = match cli.command {
        Command::Align(args) => align::run(args),
        Command::Memory(command) => memory::run(command),
        Command::Segment(args) => segment::run(args),
        Command::Match(args) => fuzzy::run_match(args),
        Command::Analyze(args) => fuzzy::run_analyze(args),
        Command::Concordance(args) => fuzzy::run_concordance(args),
        Command::Translit(args) => names::run_translit(args),
        Command::Check(args) => check::run(args),
        Command::Glossary(command) => check::run_glossary(command),
        Command::Pretranslate(args) => pretranslate::run_pretranslate(args),
        Command::Merge(args) => pretranslate::run_merge(args),
        Command::Serve(args) => serve::run(args),
        Command::Eval(EvalCommand::Segment(args)) => segment::run_eval(args),
        Command::Eval(EvalCommand::Names(args)) => names::run_eval(args),
    };
    match result {
        Ok(code) => code,
        Err(error) if error.broken_pipe => ExitCode::SUCCESS,
        Err(error) => {
            output::print_error(&error);
            ExitCode::from(error.exit_code)
        }
    }
}

/// Commands write through `outln!` and never panic on a closed pipe; this
/// catches a `print!` that slipped in (or one in a dependency): a panic
/// about a broken pipe on standard output ends quietly with success too.
fn quiet_on_broken_pipe_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") || message.contains("os error 32") {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// On Ctrl-C (SIGINT), SIGTERM or SIGHUP: remove the temporary output files
/// being written (`tmkit::fsutil`), then exit with 128 + the signal number
/// (130, 143, 129), as a shell reports a process killed by it.
fn remove_temp_files_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return; // Without a handler the default (terminate) still applies.
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            tmkit::fsutil::remove_pending_temp_files();
            std::process::exit(128 + signal);
        }
    });
}
