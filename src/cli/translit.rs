//! `tmkit translit`: Cyrillic → Latin with one scheme, every scheme, or a
//! list of the schemes. A thin layer over `tmkit::translit`.
//!
//! JSON fields (stable):
//! - one scheme: `language`, `language_source` (`option`, `detected`,
//!   `default`), `scheme`, `scheme_name`, `input`, `output`;
//! - `--all`: `language`, `language_source`, `input`, `results` (one object
//!   per scheme: `scheme`, `name`, `output`) and `groups` (distinct outputs:
//!   `output`, `schemes`);
//! - `--list`: an array of `id`, `name`, `languages`, `aliases`,
//!   `default_for`, `ascii`, `standard`, `source`, `description`.

use super::output::{CliError, Format, Style, paint, write_stdout};
use serde::Serialize;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use tmkit::translit::{self, Scheme};

/// The language assumed when neither `--lang` nor the letters tell.
const FALLBACK_LANGUAGE: &str = "ru";

/// Arguments of `tmkit translit`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  tmkit translit \"Михаил Кухтин\"                      (Russian, default scheme: wikipedia)
  tmkit translit \"Михаил Кухтин\" --scheme bgn-pcgn
  tmkit translit \"Михайло Кухтін\" --all               (Ukrainian detected from і)
  tmkit translit --list --lang uk
  tmkit translit --file report-ru.txt --scheme icao > report-latin.txt")]
pub struct TranslitArgs {
    /// The text to transliterate (several arguments are joined with spaces;
    /// `-` reads standard input).
    text: Vec<String>,
    /// Scheme id or alias (see --list); with --lang, `{lang}-{id}` is tried
    /// first, so `--lang uk --scheme bgn-pcgn` is uk-bgn-pcgn.
    #[arg(long, short = 's', conflicts_with_all = ["all", "scheme_file"])]
    scheme: Option<String>,
    /// Use a scheme file of your own (the format of src/translit/schemes/*.txt).
    #[arg(long, value_name = "FILE", conflicts_with = "all")]
    scheme_file: Option<PathBuf>,
    /// Language of the text: ru, uk, be, bg, sr, mk. Default: detected from
    /// its letters, else ru.
    #[arg(long, short = 'l')]
    lang: Option<String>,
    /// Transliterate with every scheme for the language; identical outputs are grouped.
    #[arg(long)]
    all: bool,
    /// List the schemes (for --lang only, if given).
    #[arg(long)]
    list: bool,
    /// Read the text from FILE (`-` = standard input).
    #[arg(long, short = 'f', value_name = "FILE", conflicts_with = "text")]
    file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Serialize)]
struct SchemeInfo<'a> {
    id: &'a str,
    name: &'a str,
    languages: &'a [String],
    aliases: &'a [String],
    default_for: Vec<String>,
    ascii: bool,
    standard: &'a str,
    source: &'a str,
    description: &'a str,
}

#[derive(Serialize)]
struct OneResult<'a> {
    language: &'a str,
    language_source: &'a str,
    scheme: &'a str,
    scheme_name: &'a str,
    input: &'a str,
    output: &'a str,
}

#[derive(Serialize)]
struct SchemeOutput<'a> {
    scheme: &'a str,
    name: &'a str,
    output: &'a str,
}

#[derive(Serialize)]
struct Group<'a> {
    output: &'a str,
    schemes: Vec<&'a str>,
}

#[derive(Serialize)]
struct AllResults<'a> {
    language: &'a str,
    language_source: &'a str,
    input: &'a str,
    results: Vec<SchemeOutput<'a>>,
    groups: Vec<Group<'a>>,
}

/// Runs `tmkit translit`.
pub fn run(args: TranslitArgs) -> Result<ExitCode, CliError> {
    let lang = args.lang.as_deref().map(primary_language);
    if let Some(lang) = lang.as_ref().filter(|l| Scheme::for_language(l).is_empty()) {
        return Err(CliError::input(format!(
            "no transliteration schemes for language `{lang}`; languages with schemes: {}",
            known_languages().join(", ")
        )));
    }
    if args.list {
        return list(lang.as_deref(), args.format);
    }
    let input = read_input(&args)?;
    // Plain text output with an explicit scheme never needs the language.
    let needs_language = args.all
        || args.format == Format::Json
        || (args.scheme.is_none() && args.scheme_file.is_none());
    let (language, language_source) = match &lang {
        Some(lang) => (lang.clone(), "option"),
        None if !needs_language => (String::new(), "none"),
        None => match translit::detect_cyrillic_language(&input) {
            Some(detected) => (detected.to_string(), "detected"),
            None => (FALLBACK_LANGUAGE.to_string(), "default"),
        },
    };
    if args.all {
        return all(&input, &language, language_source, args.format);
    }
    let custom;
    let scheme: &Scheme = if let Some(path) = &args.scheme_file {
        let text = super::input::read_text(path)?;
        custom = Scheme::parse(&path.display().to_string(), &text)
            .map_err(|e| CliError::input(format!("{e} (scheme file)")))?;
        &custom
    } else if let Some(id) = &args.scheme {
        Scheme::resolve(id, lang.as_deref()).ok_or_else(|| unknown_scheme(id))?
    } else {
        Scheme::default_for(&language).ok_or_else(|| {
            CliError::input(format!("no default scheme for language `{language}`"))
        })?
    };
    let output = scheme.transliterate(&input);
    match args.format {
        Format::Json => print_json(&OneResult {
            language: &language,
            language_source,
            scheme: scheme.id(),
            scheme_name: scheme.name(),
            input: &input,
            output: &output,
        })?,
        Format::Text => {
            let mut text = output;
            if !text.ends_with('\n') {
                text.push('\n');
            }
            write_stdout(&text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn all(input: &str, language: &str, source: &str, format: Format) -> Result<ExitCode, CliError> {
    let results = translit::transliterate_all(input, language);
    let groups = translit::group_outputs(&results);
    match format {
        Format::Json => print_json(&AllResults {
            language,
            language_source: source,
            input,
            results: results
                .iter()
                .map(|(scheme, output)| SchemeOutput {
                    scheme: scheme.id(),
                    name: scheme.name(),
                    output,
                })
                .collect(),
            groups: groups
                .iter()
                .map(|(output, schemes)| Group {
                    output,
                    schemes: schemes.iter().map(|s| s.id()).collect(),
                })
                .collect(),
        })?,
        Format::Text => {
            let mut text = String::new();
            let multiline = groups
                .iter()
                .any(|(output, _)| output.trim_end().contains('\n'));
            let width = groups
                .iter()
                .map(|(output, _)| display_width(output))
                .max()
                .unwrap_or(0);
            for (output, schemes) in &groups {
                let ids: Vec<&str> = schemes.iter().map(|s| s.id()).collect();
                let ids = paint(&ids.join(", "), Style::Dim);
                if multiline {
                    text.push_str(&paint(&format!("== {ids}"), Style::Accent));
                    text.push('\n');
                    text.push_str(output.trim_end());
                    text.push('\n');
                } else {
                    let pad = width.saturating_sub(display_width(output));
                    text.push_str(&format!("{output}{}  {ids}\n", " ".repeat(pad)));
                }
            }
            write_stdout(&text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list(lang: Option<&str>, format: Format) -> Result<ExitCode, CliError> {
    let schemes: Vec<&Scheme> = match lang {
        Some(lang) => Scheme::for_language(lang),
        None => Scheme::all().iter().collect(),
    };
    let default_for = |scheme: &Scheme| -> Vec<String> {
        known_languages()
            .into_iter()
            .filter(|l| Scheme::default_for(l).is_some_and(|d| d.id() == scheme.id()))
            .collect()
    };
    match format {
        Format::Json => {
            let infos: Vec<SchemeInfo> = schemes
                .iter()
                .map(|s| SchemeInfo {
                    id: s.id(),
                    name: s.name(),
                    languages: s.languages(),
                    aliases: s.aliases(),
                    default_for: default_for(s),
                    ascii: s.is_ascii(),
                    standard: s.standard(),
                    source: s.source(),
                    description: s.description(),
                })
                .collect();
            print_json(&infos)?;
        }
        Format::Text => {
            let mut text = String::new();
            let id_width = schemes.iter().map(|s| s.id().len()).max().unwrap_or(0);
            let lang_width = schemes
                .iter()
                .map(|s| s.languages().join(" ").len())
                .max()
                .unwrap_or(0);
            for scheme in schemes {
                let defaults = default_for(scheme);
                let marker = if defaults.is_empty() {
                    String::new()
                } else {
                    paint(
                        &format!(" (default for {})", defaults.join(", ")),
                        Style::Good,
                    )
                };
                text.push_str(&format!(
                    "{}  {:<lang_width$}  {}{marker}\n",
                    paint(&format!("{:<id_width$}", scheme.id()), Style::Accent),
                    scheme.languages().join(" "),
                    scheme.description(),
                ));
            }
            write_stdout(&text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn known_languages() -> Vec<String> {
    let mut languages: Vec<String> = Vec::new();
    for scheme in Scheme::all() {
        for lang in scheme.languages() {
            if !languages.contains(lang) {
                languages.push(lang.clone());
            }
        }
    }
    languages
}

fn primary_language(lang: &str) -> String {
    tmkit::lang::LangTag::parse(lang)
        .primary()
        .to_ascii_lowercase()
}

fn unknown_scheme(id: &str) -> CliError {
    let ids: Vec<&str> = Scheme::all().iter().map(|s| s.id()).collect();
    CliError::input(format!(
        "unknown scheme `{id}`; valid schemes: {} (see `tmkit translit --list`)",
        ids.join(", ")
    ))
}

fn read_input(args: &TranslitArgs) -> Result<String, CliError> {
    if let Some(path) = &args.file {
        return if path.as_os_str() == "-" {
            super::input::read_stdin()
        } else {
            super::input::read_text(path)
        };
    }
    if args.text.is_empty() || args.text == ["-"] {
        if args.text.is_empty() && std::io::stdin().is_terminal() {
            return Err(CliError::input(
                "no text given: pass it as an argument, with --file FILE, or on standard input (`-`)",
            ));
        }
        return super::input::read_stdin();
    }
    Ok(args.text.join(" "))
}

/// Writes `value` as pretty JSON, like `output::print_json`, but a closed
/// pipe (`| head`) is not an error.
fn print_json<T: Serialize>(value: &T) -> Result<(), CliError> {
    let mut text = serde_json::to_string_pretty(value).map_err(CliError::input)?;
    text.push('\n');
    write_stdout(&text)
}

/// Columns a string takes in a terminal, ignoring combining marks.
fn display_width(text: &str) -> usize {
    text.chars()
        .filter(|&c| !unicode_normalization::char::is_combining_mark(c))
        .count()
}
