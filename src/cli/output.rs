//! What every command shares: output format, colour, progress bars, errors.

use owo_colors::OwoColorize;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// `println!` for command output, which never panics: writes a line to
/// standard output and evaluates to `Result<(), CliError>`, so a closed pipe
/// travels up (`?`) to the entry point, which ends quietly (see
/// [`CliError::broken_pipe`]). Commands never use `println!`.
macro_rules! outln {
    () => {
        $crate::cli::output::write_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::cli::output::write_line(format_args!($($arg)*))
    };
}
pub(crate) use outln;

/// Writes one line to standard output (see [`outln!`]), or to standard error
/// when standard output carries a command's data ([`stdout_carries_data`]).
pub fn write_line(args: std::fmt::Arguments) -> Result<(), CliError> {
    if STDOUT_IS_DATA.load(Ordering::Relaxed) {
        let mut err = std::io::stderr().lock();
        err.write_fmt(args)?;
        err.write_all(b"\n")?;
        return Ok(());
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_fmt(args)?;
    out.write_all(b"\n")?;
    Ok(())
}

static STDOUT_IS_DATA: AtomicBool = AtomicBool::new(false);

/// Called when a command writes its output file to standard output
/// (`memory export m.tmdb -`, `glossary convert g.tsv - --to tbx`,
/// `check --fix -`): from then on its report and summary go to standard
/// error, so the data on standard output stays clean.
pub fn stdout_carries_data() {
    STDOUT_IS_DATA.store(true, Ordering::Relaxed);
}

/// Writes `text` to standard output and flushes it; a closed pipe travels
/// up like any other error and ends the program quietly at the entry point.
pub fn write_stdout(text: &str) -> Result<(), CliError> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

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
    /// Standard output was closed by its reader (`tmkit … | head`): not an
    /// error, the program ends quietly with success.
    pub broken_pipe: bool,
}

impl CliError {
    /// An input or usage error (exit code 2).
    pub fn input(message: impl std::fmt::Display) -> CliError {
        CliError {
            message: message.to_string(),
            exit_code: 2,
            broken_pipe: false,
        }
    }

    /// An error from writing or reading, with `message`; a closed pipe is
    /// remembered so that the entry point can end quietly.
    pub fn io(message: impl std::fmt::Display, error: &std::io::Error) -> CliError {
        let mut cli = CliError::input(message);
        cli.broken_pipe = error.kind() == std::io::ErrorKind::BrokenPipe;
        cli
    }
}

impl<E: std::error::Error + 'static> From<E> for CliError {
    fn from(error: E) -> Self {
        let mut cli = CliError::input(&error);
        cli.broken_pipe = is_broken_pipe(&error);
        cli
    }
}

/// True when a closed pipe (EPIPE) is anywhere in `error`'s chain of causes.
pub fn is_broken_pipe(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(error) = current {
        if let Some(io) = error.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            return true;
        }
        if let Some(json) = error.downcast_ref::<serde_json::Error>()
            && json.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe)
        {
            return true;
        }
        current = error.source();
    }
    false
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
    if STDOUT_IS_DATA.load(Ordering::Relaxed) {
        let mut err = std::io::stderr().lock();
        serde_json::to_writer_pretty(&mut err, value)?;
        writeln!(err)?;
        return Ok(());
    }
    // Standard output is line-buffered: without a buffer of our own a large
    // report (the 1M-unit memory check writes 350 MB) costs one write call
    // per line.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Writes `value` as pretty JSON like [`print_json`], with the array under
/// the top-level `key` (empty in `value`) filled from `items`, which are
/// serialised on every core a chunk at a time: the same bytes as
/// [`print_json`] of the whole value, for reports with hundreds of
/// thousands of findings (the 1M-unit memory check writes 350 MB).
pub fn print_json_with_items<T: Serialize, I: Serialize + Sync>(
    value: &T,
    key: &str,
    items: &[I],
) -> Result<(), CliError> {
    if items.is_empty() {
        return print_json(value);
    }
    let mut out: Box<dyn Write> = if STDOUT_IS_DATA.load(Ordering::Relaxed) {
        Box::new(std::io::BufWriter::with_capacity(
            1 << 16,
            std::io::stderr().lock(),
        ))
    } else {
        Box::new(std::io::BufWriter::with_capacity(
            1 << 16,
            std::io::stdout().lock(),
        ))
    };
    write_json_with_items(&mut out, value, key, items)?;
    out.flush()?;
    Ok(())
}

/// [`print_json_with_items`] to any writer (`items` not empty).
fn write_json_with_items<T: Serialize, I: Serialize + Sync>(
    out: &mut dyn Write,
    value: &T,
    key: &str,
    items: &[I],
) -> Result<(), CliError> {
    use rayon::prelude::*;
    let whole = serde_json::to_string_pretty(value)?;
    // A top-level member is indented by two spaces; strings never hold a raw
    // newline, so this text occurs only there.
    let marker = format!("\n  \"{key}\": []");
    let Some(at) = whole.find(&marker) else {
        return Err(CliError::input(format!(
            "internal error: the JSON output has no top-level \"{key}\" array to fill; please report it"
        )));
    };
    let head_end = at + marker.len() - 1; // up to and with the '['
    out.write_all(&whole.as_bytes()[..head_end])?;
    let mut first = true;
    for chunk in items.chunks(4096) {
        let texts: Vec<String> = chunk
            .par_iter()
            .map(|item| serde_json::to_string_pretty(item).map(|t| t.replace('\n', "\n    ")))
            .collect::<Result<_, _>>()?;
        for text in texts {
            out.write_all(if first { b"\n    " } else { b",\n    " })?;
            out.write_all(text.as_bytes())?;
            first = false;
        }
    }
    out.write_all(b"\n  ]")?;
    out.write_all(&whole.as_bytes()[head_end + 1..])?;
    writeln!(out)?;
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

#[cfg(test)]
mod json_items_tests {
    use super::*;

    #[derive(Serialize)]
    struct Item {
        id: u32,
        text: String,
        tags: Vec<&'static str>,
    }

    #[derive(Serialize)]
    struct Whole<'a> {
        mode: &'static str,
        findings: &'a [Item],
        after: Vec<u32>,
    }

    #[test]
    fn items_written_in_parallel_give_the_bytes_of_the_whole_value() {
        let items: Vec<Item> = (0..9000)
            .map(|id| Item {
                id,
                text: format!("line\none \"{id}\""),
                tags: if id % 2 == 0 { vec!["a", "b"] } else { vec![] },
            })
            .collect();
        let expected = serde_json::to_string_pretty(&Whole {
            mode: "memory",
            findings: &items,
            after: vec![1, 2],
        })
        .unwrap()
            + "\n";
        let mut out = Vec::new();
        let empty = Whole {
            mode: "memory",
            findings: &[],
            after: vec![1, 2],
        };
        write_json_with_items(&mut out, &empty, "findings", &items).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }
}
