//! What every command shares: output format, colour, progress bars, errors.

use owo_colors::OwoColorize;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// How results are printed.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned text for people.
    #[default]
    Text,
    /// One JSON document on standard output, with stable field names (see README).
    Json,
}

/// The `--color` choice.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

static COLOR: AtomicBool = AtomicBool::new(false);

/// Decides once whether output is coloured.
pub fn set_color(choice: ColorChoice) {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    COLOR.store(on, Ordering::Relaxed);
}

/// True when output should be coloured.
pub fn color() -> bool {
    COLOR.load(Ordering::Relaxed)
}

/// True when standard error is a terminal (progress bars go there).
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// Paints `text` with `style` when colour is on.
pub fn paint(text: &str, style: Style) -> String {
    if !color() {
        return text.to_string();
    }
    match style {
        Style::Error => text.red().bold().to_string(),
        Style::Warning => text.yellow().bold().to_string(),
        Style::Good => text.green().to_string(),
        Style::Dim => text.dimmed().to_string(),
        Style::Strong => text.bold().to_string(),
        Style::Insert => text.green().underline().to_string(),
        Style::Delete => text.red().strikethrough().to_string(),
        Style::Accent => text.cyan().bold().to_string(),
    }
}

/// Colour roles used across commands.
#[derive(Clone, Copy, Debug)]
pub enum Style {
    /// Errors.
    Error,
    /// Warnings.
    Warning,
    /// Good news, high scores.
    Good,
    /// Secondary information.
    Dim,
    /// Emphasis.
    Strong,
    /// Inserted text in a diff.
    Insert,
    /// Deleted text in a diff.
    Delete,
    /// Labels, headings.
    Accent,
}

/// An error a command reports: the message (which names the file and says what
/// to do) and the exit code.
#[derive(Debug)]
pub struct CliError {
    /// The message, without the `error:` prefix.
    pub message: String,
    /// Exit code: 2 for usage and input errors.
    pub exit_code: u8,
}

impl CliError {
    /// An input or usage error (exit code 2).
    pub fn input(message: impl std::fmt::Display) -> CliError {
        CliError {
            message: message.to_string(),
            exit_code: 2,
        }
    }
}

impl<E: std::error::Error> From<E> for CliError {
    fn from(error: E) -> Self {
        CliError::input(error)
    }
}

/// Prints `error: …` to standard error.
pub fn print_error(error: &CliError) {
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    let label = if color() && std::io::stderr().is_terminal() {
        "error".red().bold().to_string()
    } else {
        "error".to_string()
    };
    let _ = writeln!(out, "{label}: {}", error.message);
}

/// Prints `warning: …` to standard error.
pub fn print_warning(message: &str) {
    let label = if color() && std::io::stderr().is_terminal() {
        "warning".yellow().bold().to_string()
    } else {
        "warning".to_string()
    };
    eprintln!("{label}: {message}");
}

/// Writes `value` as pretty JSON to standard output.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), CliError> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer_pretty(&mut out, value).map_err(CliError::input)?;
    writeln!(out).map_err(CliError::input)?;
    Ok(())
}

/// What a progress bar counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counting {
    /// Input bytes (imports).
    Bytes,
    /// Items: units, segments (exports, analyses).
    Items,
}

/// A progress bar on standard error for work that takes more than about a
/// second; hidden when standard error is not a terminal.
pub fn progress_bar(total: u64, what: &str, counting: Counting) -> indicatif::ProgressBar {
    if !stderr_is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr_with_hz(5),
    );
    let template = match counting {
        Counting::Bytes => "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        Counting::Items => "{msg} [{bar:30}] {human_pos}/{human_len} {per_sec} eta {eta}",
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    // Drawn only after a second, so quick jobs print no bar at all.
    bar.enable_steady_tick(std::time::Duration::from_millis(1000));
    bar
}
