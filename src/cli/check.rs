//! `tmkit check` (document, glossary and bilingual checks, with `--fix`) and
//! `tmkit glossary show|convert|lookup`. A thin layer over
//! [`tmkit::check`] and [`tmkit::glossary`]: parse arguments, load files,
//! render findings as rustc-style diagnostics or JSON.

use super::output::{self, CliError, Format, Style, outln, paint};

use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tmkit::check::{self, Finding, Report, Severity, Side, TextFile};
use tmkit::glossary::{self, DelimitedOptions, Glossary, GlossaryFormat, TbxStyle, TbxVersion};
use tmkit::workflow::report::{self, CheckInput};

/// Arguments of `tmkit check`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Modes:\n  \
  tmkit check report.txt                       document mode: inconsistent spellings of names\n  \
  tmkit check report.txt -g names.tbx          glossary mode: variants of approved names, deprecated and forbidden terms\n  \
  tmkit check target.txt --source source.txt -g names.tbx --lang ru:en\n                                               bilingual mode: glossary terms of the source missing from the target\n  \
  tmkit check pairs.tsv -g names.tbx --lang ru:en   bilingual mode on source<TAB>target lines (or a .tmx file)\n\n\
Exit codes: 0 no errors or warnings, 1 errors or warnings found, 2 bad input or usage.")]
pub struct CheckArgs {
    /// The file to check: a text (the translation), a TSV of source/target pairs, or a TMX file.
    #[arg(default_value = "", hide_default_value = true, value_parser = any_path)]
    file: PathBuf,
    /// More documents: with several files (or --files-from), name spellings
    /// are compared across all of them and each inconsistent name is reported once.
    #[arg(value_name = "MORE")]
    more_files: Vec<PathBuf>,
    /// Check the documents listed in LIST (one path per line; `-` reads the list from standard input).
    #[arg(long, value_name = "LIST")]
    files_from: Option<PathBuf>,
    /// A glossary (TBX, TSV or CSV); repeat for several.
    #[arg(short, long = "glossary", value_name = "GLOSSARY")]
    glossaries: Vec<PathBuf>,
    /// The source text, aligned line by line with FILE (bilingual mode).
    #[arg(long, value_name = "SRC")]
    source: Option<PathBuf>,
    /// Target language (`en`), or source and target (`ru:en`). Default: `en`;
    /// for an XLIFF file, the file's own languages.
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    /// Where `--format html` writes its page (default: standard output).
    #[arg(short = 'o', long = "output", value_name = "REPORT")]
    output: Option<PathBuf>,
    /// Write a corrected copy of the checked text to OUT (`-`: standard output; never FILE itself, see --in-place).
    #[arg(long, value_name = "OUT", conflicts_with = "in_place")]
    fix: Option<PathBuf>,
    /// Correct FILE itself (atomically).
    #[arg(long)]
    in_place: bool,
}

/// `tmkit check --format`: the formats of every command, plus an HTML report.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CheckFormat {
    /// Aligned text for people.
    #[default]
    Text,
    /// One JSON document on standard output, with stable field names (see README).
    Json,
    /// One self-contained HTML page (no network; filters need JavaScript, reading does not).
    Html,
}

/// A path argument that may be empty (FILE is optional with --files-from).
fn any_path(text: &str) -> Result<PathBuf, String> {
    Ok(PathBuf::from(text))
}

/// `tmkit glossary` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum GlossaryCommand {
    /// List the entries of one or more glossaries.
    Show {
        /// Glossary files (TBX, TSV, CSV).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Show only terms in this language (repeatable).
        #[arg(long)]
        lang: Vec<String>,
        /// Languages of an OmegaT-style TSV without a header: `ru:en`.
        #[arg(long, value_name = "SRC:TGT")]
        columns: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Convert a glossary between TBX (v2, v3 DCA/DCT), TSV and CSV.
    Convert {
        /// Input glossary.
        input: PathBuf,
        /// Output file (`-`: standard output); the format follows its extension unless --to is given.
        output: PathBuf,
        /// Output format: tbx (v3), tbx2 (v2 martif), tsv, csv.
        #[arg(long, value_name = "FORMAT")]
        to: Option<String>,
        /// TBX v3 style: dca (attributes) or dct (elements).
        #[arg(long, default_value = "dca")]
        style: String,
        /// Title written into the output (TBX `title`).
        #[arg(long)]
        title: Option<String>,
        /// Languages of an OmegaT-style TSV input without a header: `ru:en`.
        #[arg(long, value_name = "SRC:TGT")]
        columns: Option<String>,
        /// Output format of the summary.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Find a term or name in glossaries: exact, inflected or as a variant spelling.
    Lookup {
        /// The term to find ("Mykhaylo Khuktin", "Кухтина", "Donetsk").
        term: String,
        /// Glossary files.
        #[arg(short, long = "glossary", required = true, value_name = "GLOSSARY")]
        glossaries: Vec<PathBuf>,
        /// Language of the approved form to show.
        #[arg(long, default_value = "en")]
        lang: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Source and target languages from `--lang en` or `--lang ru:en`.
pub(super) fn parse_langs(spec: &str) -> Result<(Option<String>, String), CliError> {
    report::check_langs(spec).map_err(CliError::input)
}

pub(super) use super::input::read_text;

/// A corrected copy written by `--fix`/`--in-place` (shared with the JSON report).
pub(super) use tmkit::workflow::report::Fixed as JsonFix;

/// Runs `tmkit check`.
pub fn run(args: CheckArgs) -> Result<ExitCode, CliError> {
    if !args.more_files.is_empty() || args.files_from.is_some() {
        let mut files: Vec<PathBuf> = Vec::new();
        if !args.file.as_os_str().is_empty() {
            files.push(args.file.clone());
        }
        files.extend(args.more_files.iter().cloned());
        if args.source.is_some() || args.fix.is_some() || args.in_place {
            return Err(CliError::input(
                "--source, --fix and --in-place work on one file at a time; check several files without them",
            ));
        }
        return super::publication::run(super::publication::PublicationArgs {
            files,
            files_from: args.files_from.as_ref(),
            glossaries: &args.glossaries,
            lang: args.lang.as_deref().unwrap_or("en"),
            format: args.format,
            output: args.output.as_deref(),
        });
    }
    if args.format != CheckFormat::Html && args.output.is_some() {
        return Err(CliError::input(
            "-o/--output names the HTML report: use it with --format html (JSON and text go to standard output)",
        ));
    }
    if args.file.as_os_str().is_empty() {
        return Err(CliError::input(
            "give a file to check (tmkit check report.txt), several files, or --files-from LIST",
        ));
    }
    let ext = args
        .file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if args.source.is_none() && (ext == "tmx" || ext == "tmdb") {
        return super::check_memory::run(super::check_memory::MemoryArgs {
            file: &args.file,
            is_memory: ext == "tmdb",
            glossaries: &args.glossaries,
            lang: args.lang.as_deref(),
            format: args.format,
            output: args.output.as_deref(),
            fix: args.fix.as_deref(),
            in_place: args.in_place,
        });
    }
    let (mut source_lang, mut target_lang) = parse_langs(args.lang.as_deref().unwrap_or("en"))?;
    let file_name = args.file.display().to_string();
    // Read the input first so that the source language can be guessed.
    let input = if let Some(source) = &args.source {
        let source_text = read_text(source)?;
        let target_text = read_text(&args.file)?;
        if source_lang.is_none() {
            source_lang = report::guess_source_lang(&source_text);
        }
        CheckInput::Bilingual(
            check::read_aligned(
                &source.display().to_string(),
                &source_text,
                &file_name,
                &target_text,
            )
            .map_err(CliError::input)?,
        )
    } else if tmkit::xliff::is_xliff_file(&args.file) {
        let given_target = args.lang.as_ref().map(|_| target_lang.as_str());
        let (bilingual, source, target) =
            check::read_xliff(&args.file, source_lang.as_deref(), given_target)
                .map_err(CliError::input)?;
        source_lang = Some(source);
        target_lang = target;
        CheckInput::Bilingual(bilingual)
    } else if ext == "tsv" || ext == "tab" {
        let text = read_text(&args.file)?;
        let pairs = check::read_tsv_pairs(&file_name, &text).map_err(CliError::input)?;
        if source_lang.is_none() {
            let sample: String = pairs
                .segments
                .iter()
                .take(50)
                .map(|s| s.source.as_str())
                .collect();
            source_lang = report::guess_source_lang(&sample);
        }
        CheckInput::Bilingual(pairs)
    } else {
        CheckInput::Document(TextFile::new(&file_name, &read_text(&args.file)?))
    };
    if matches!(input, CheckInput::Bilingual(_))
        && source_lang.is_none()
        && !args.glossaries.is_empty()
    {
        return Err(CliError::input(
            "bilingual check: say which language the source is in, e.g. --lang ru:en",
        ));
    }
    let options = DelimitedOptions {
        source_lang: source_lang.clone().unwrap_or_else(|| "und".to_string()),
        target_lang: target_lang.clone(),
        ..DelimitedOptions::default()
    };
    let (glossaries, glossary_warnings) =
        glossary::load_all(&args.glossaries, &options).map_err(CliError::input)?;
    let outcome = report::check(
        &input,
        &file_name,
        &glossaries,
        &target_lang,
        source_lang.as_deref(),
    );
    let report = &outcome.report;
    if args.source.is_none()
        && (args.fix.is_some() || args.in_place)
        && tmkit::xliff::is_xliff_file(&args.file)
    {
        return Err(CliError::input(
            "--fix and --in-place rewrite plain text and TSV files; fix an XLIFF file in the CAT tool it came from (findings name the unit ids)",
        ));
    }
    if let Some(out) = &args.fix {
        if tmkit::fsutil::is_stdout(out) {
            output::stdout_carries_data();
        }
        for (input, what) in [
            (Some(&args.file), "the checked file"),
            (args.source.as_ref(), "the source file"),
        ] {
            if let Some(input) = input
                && tmkit::fsutil::same_file(out, input)
            {
                return Err(CliError::input(format!(
                    "--fix {}: that is {what} {} itself; to correct the checked file, use --in-place instead of --fix, or give another output file",
                    out.display(),
                    input.display()
                )));
            }
        }
    }
    let fixed = match (&args.fix, args.in_place) {
        (None, false) => None,
        (out, _) => {
            let out = out.clone().unwrap_or_else(|| args.file.clone());
            Some(write_fix(&input, &report.findings, &out)?)
        }
    };
    match args.format {
        CheckFormat::Html => {
            let items = super::report_html::plain_items(&report.findings);
            let summary = vec![("mode".to_string(), outcome.mode.to_string())];
            let page =
                super::report_html::page(&format!("tmkit check: {file_name}"), &summary, &items);
            super::report_html::write_page(args.output.as_deref(), &page)?;
        }
        CheckFormat::Json => output::print_json(&report::check_document(
            &outcome,
            &file_name,
            &glossaries,
            &glossary_warnings,
            fixed.as_ref(),
        ))?,
        CheckFormat::Text => {
            for warning in &glossary_warnings {
                output::print_warning(&warning.to_string());
            }
            print_diagnostics(report, &file_name, fixed.as_ref())?;
        }
    }
    Ok(if report.has_problems() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_fix(input: &CheckInput, findings: &[Finding], out: &Path) -> Result<JsonFix, CliError> {
    let (text, count) = match input {
        CheckInput::Document(file) => check::apply_fixes(&file.text, &file.path, findings),
        CheckInput::Bilingual(bilingual) => {
            let mut lines = Vec::with_capacity(bilingual.segments.len());
            let mut total = 0;
            let same_file = bilingual.source_file == bilingual.target_file;
            for segment in &bilingual.segments {
                let mine: Vec<Finding> = findings
                    .iter()
                    .filter(|f| f.segment == Some(segment.number) && f.side == Side::Target)
                    .cloned()
                    .map(|mut f| {
                        f.file = "segment".to_string();
                        f
                    })
                    .collect();
                let target = tmkit::text::nfc(&segment.target);
                let (fixed, count) = check::apply_fixes(&target, "segment", &mine);
                total += count;
                if same_file {
                    let comment = segment
                        .comment
                        .as_deref()
                        .map(|c| format!("\t{c}"))
                        .unwrap_or_default();
                    lines.push(format!("{}\t{fixed}{comment}", segment.source));
                } else {
                    lines.push(fixed);
                }
            }
            let mut text = lines.join("\n");
            text.push('\n');
            (text, total)
        }
    };
    tmkit::fsutil::write_output(out, |w| w.write_all(text.as_bytes())).map_err(|e| {
        CliError::io(
            format!("{}: cannot write the corrected copy: {e}", out.display()),
            &e,
        )
    })?;
    Ok(JsonFix {
        path: out.display().to_string(),
        replacements: count,
    })
}

/// Cuts a long line to about `width` characters around the span; returns the
/// shown text and the span's column in it (1-based).
fn window(line: &str, column: u64, span_chars: usize, width: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let start = (column as usize).saturating_sub(1).min(chars.len());
    if chars.len() <= width {
        return (line.to_string(), start + 1);
    }
    let context = width.saturating_sub(span_chars) / 2;
    let mut from = start.saturating_sub(context);
    let to = (from + width).max(start + span_chars).min(chars.len());
    if to - from < width {
        from = to.saturating_sub(width);
    }
    let mut shown = String::new();
    let mut column = start - from + 1;
    if from > 0 {
        shown.push('…');
        column += 1;
    }
    shown.extend(&chars[from..to]);
    if to < chars.len() {
        shown.push('…');
    }
    (shown, column)
}

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => Style::Error,
        Severity::Warning => Style::Warning,
        Severity::Note => Style::Accent,
    }
}

pub(super) fn print_diagnostics(
    report: &Report,
    file: &str,
    fixed: Option<&JsonFix>,
) -> Result<(), CliError> {
    for finding in &report.findings {
        let style = severity_style(finding.severity);
        let head = format!("{}[{}]", finding.severity.as_str(), finding.rule.id());
        outln!(
            "{}: {}",
            paint(&head, style),
            paint(&finding.message, Style::Strong)
        )?;
        let location = if finding.line > 0 {
            format!("{}:{}:{}", finding.file, finding.line, finding.column)
        } else if let Some(unit) = &finding.unit {
            format!(
                "{} (unit {unit}, segment {})",
                finding.file,
                finding.segment.unwrap_or(0)
            )
        } else {
            format!(
                "{} (segment {})",
                finding.file,
                finding.segment.unwrap_or(0)
            )
        };
        let number = if finding.line > 0 {
            finding.line.to_string()
        } else {
            format!("#{}", finding.segment.unwrap_or(0))
        };
        let gutter = " ".repeat(number.len());
        outln!("{gutter}{} {location}", paint("-->", Style::Accent))?;
        outln!("{gutter} {}", paint("|", Style::Accent))?;
        let span_chars = finding.span.chars().count().max(1);
        let (shown, column) = window(&finding.context, finding.context_column, span_chars, 100);
        outln!(
            "{} {} {shown}",
            paint(&number, Style::Accent),
            paint("|", Style::Accent)
        )?;
        let underline = format!(
            "{}{}",
            " ".repeat(column.saturating_sub(1)),
            "^".repeat(span_chars)
        );
        let label = finding.variant_kind.clone().unwrap_or_default();
        outln!(
            "{gutter} {} {} {}",
            paint("|", Style::Accent),
            paint(&underline, style),
            paint(&label, style)
        )?;
        outln!("{gutter} {}", paint("|", Style::Accent))?;
        if let Some(suggestion) = &finding.suggestion {
            let origin = finding
                .glossary
                .as_deref()
                .map(|g| format!(" (approved in {g})"))
                .unwrap_or_default();
            outln!(
                "{gutter} {} use \"{}\"{origin}",
                paint("= help:", Style::Good),
                paint(suggestion, Style::Insert)
            )?;
        } else if let (Some(approved), Some(glossary)) = (&finding.approved, &finding.glossary) {
            outln!(
                "{gutter} {} approved in {glossary}: \"{approved}\"",
                paint("= help:", Style::Good)
            )?;
        }
        for related in &finding.related {
            let at = if related.line > 0 {
                format!("{}:{}:{}", related.file, related.line, related.column)
            } else {
                related.file.clone()
            };
            outln!(
                "{gutter} {} \"{}\" at {at} ({})",
                paint("= note:", Style::Dim),
                related.span,
                related.label
            )?;
        }
        outln!()?;
    }
    for note in &report.notes {
        outln!("{}: {note}", paint("note", Style::Accent))?;
    }
    if let Some(fixed) = fixed {
        outln!(
            "{}: wrote {} with {} replacement{}",
            paint("fixed", Style::Good),
            fixed.path,
            fixed.replacements,
            if fixed.replacements == 1 { "" } else { "s" }
        )?;
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    if errors + warnings == 0 {
        outln!("{}: no problems found in {file}", paint("ok", Style::Good))?;
    } else {
        let summary = format!(
            "{errors} error{}, {warnings} warning{} in {file}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        );
        let style = if errors > 0 {
            Style::Error
        } else {
            Style::Warning
        };
        outln!("{}: {summary}", paint("found", style))?;
    }
    Ok(())
}

/// Runs `tmkit glossary`.
pub fn run_glossary(command: GlossaryCommand) -> Result<ExitCode, CliError> {
    match command {
        GlossaryCommand::Show {
            files,
            lang,
            columns,
            format,
        } => show(&files, &lang, columns.as_deref(), format),
        GlossaryCommand::Convert {
            input,
            output,
            to,
            style,
            title,
            columns,
            format,
        } => convert(
            &input,
            &output,
            to.as_deref(),
            &style,
            title,
            columns.as_deref(),
            format,
        ),
        GlossaryCommand::Lookup {
            term,
            glossaries,
            lang,
            format,
        } => lookup(&term, &glossaries, &lang, format),
    }
}

fn columns_options(columns: Option<&str>) -> Result<DelimitedOptions, CliError> {
    let mut options = DelimitedOptions::default();
    if let Some(spec) = columns {
        let (source, target) = parse_langs(spec)?;
        options.source_lang = source.unwrap_or_else(|| "und".to_string());
        options.target_lang = target;
    }
    Ok(options)
}

fn load(files: &[PathBuf], options: &DelimitedOptions) -> Result<Vec<Glossary>, CliError> {
    let (glossaries, warnings) = glossary::load_all(files, options).map_err(CliError::input)?;
    for warning in &warnings {
        output::print_warning(&warning.to_string());
    }
    Ok(glossaries)
}

fn show(
    files: &[PathBuf],
    langs: &[String],
    columns: Option<&str>,
    format: Format,
) -> Result<ExitCode, CliError> {
    let options = columns_options(columns)?;
    let mut glossaries = load(files, &options)?;
    if !langs.is_empty() {
        let tags: Vec<tmkit::lang::LangTag> = langs
            .iter()
            .map(|l| tmkit::lang::LangTag::parse(l))
            .collect();
        for glossary in &mut glossaries {
            for entry in &mut glossary.entries {
                entry
                    .terms
                    .retain(|t| tags.iter().any(|tag| tag.covers(&t.lang)));
            }
        }
    }
    if format == Format::Json {
        output::print_json(&glossaries)?;
        return Ok(ExitCode::SUCCESS);
    }
    for glossary in &glossaries {
        let title = glossary
            .title
            .as_deref()
            .map(|t| format!(" — {t}"))
            .unwrap_or_default();
        outln!(
            "{}{title} ({} entries)",
            paint(&glossary.path, Style::Strong),
            glossary.entries.len()
        )?;
        for entry in &glossary.entries {
            let id = entry
                .id
                .clone()
                .unwrap_or_else(|| format!("line {}", entry.line));
            let kind = entry
                .name_type
                .map(|t| format!(" [{}]", t.word()))
                .unwrap_or_default();
            outln!("  {}{kind}", paint(&id, Style::Accent))?;
            let lang_width = entry
                .terms
                .iter()
                .map(|t| t.lang.normalized().len())
                .max()
                .unwrap_or(2);
            let text_width = entry
                .terms
                .iter()
                .map(|t| t.text.chars().count())
                .max()
                .unwrap_or(0);
            for term in &entry.terms {
                let status = term.status.map(|s| s.word()).unwrap_or("");
                let styled = match term.status {
                    Some(glossary::TermStatus::Preferred) => paint(status, Style::Good),
                    Some(glossary::TermStatus::Deprecated | glossary::TermStatus::Superseded) => {
                        paint(status, Style::Warning)
                    }
                    Some(glossary::TermStatus::Forbidden) => paint(status, Style::Error),
                    _ => paint(status, Style::Dim),
                };
                let pad = text_width - term.text.chars().count();
                outln!(
                    "    {:<lang_width$}  {}{}  {styled}",
                    term.lang.normalized(),
                    term.text,
                    " ".repeat(pad)
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn convert(
    input: &Path,
    output_path: &Path,
    to: Option<&str>,
    style: &str,
    title: Option<String>,
    columns: Option<&str>,
    format: Format,
) -> Result<ExitCode, CliError> {
    let options = columns_options(columns)?;
    let (mut glossary, warnings) =
        Glossary::load_with(input, None, &options).map_err(CliError::input)?;
    for warning in &warnings {
        output::print_warning(&warning.to_string());
    }
    if title.is_some() {
        glossary.title = title;
    }
    if tmkit::fsutil::is_stdout(output_path) {
        output::stdout_carries_data();
    }
    let ext = output_path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let target = to.map(str::to_ascii_lowercase).unwrap_or(ext);
    let (out_format, version) = match target.as_str() {
        "tbx" | "tbx3" | "xml" => (GlossaryFormat::Tbx, TbxVersion::V3),
        "tbx2" | "martif" => (GlossaryFormat::Tbx, TbxVersion::V2),
        "tsv" | "txt" | "tab" | "utf8" => (GlossaryFormat::Tsv, TbxVersion::V3),
        "csv" => (GlossaryFormat::Csv, TbxVersion::V3),
        other => {
            return Err(CliError::input(format!(
                "cannot tell the output format from {other:?}: use --to tbx, tbx2, tsv or csv"
            )));
        }
    };
    let tbx_style = match style.to_ascii_lowercase().as_str() {
        "dca" => TbxStyle::Dca,
        "dct" => TbxStyle::Dct,
        other => {
            return Err(CliError::input(format!(
                "--style {other:?}: use dca or dct"
            )));
        }
    };
    tmkit::fsutil::write_output(output_path, |w| {
        glossary.write(w, out_format, version, tbx_style)
    })
    .map_err(|e| CliError::io(format!("{}: cannot write: {e}", output_path.display()), &e))?;
    let terms: usize = glossary.entries.iter().map(|e| e.terms.len()).sum();
    #[derive(Serialize)]
    struct Converted {
        input: String,
        output: String,
        entries: usize,
        terms: usize,
    }
    let summary = Converted {
        input: input.display().to_string(),
        output: output_path.display().to_string(),
        entries: glossary.entries.len(),
        terms,
    };
    match format {
        Format::Json => output::print_json(&summary)?,
        Format::Text => outln!(
            "wrote {} ({} entries, {} terms)",
            summary.output,
            summary.entries,
            summary.terms
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

fn lookup(term: &str, files: &[PathBuf], lang: &str, format: Format) -> Result<ExitCode, CliError> {
    let glossaries = load(files, &DelimitedOptions::default())?;
    let hits = check::lookup(term, &glossaries, lang);
    match format {
        Format::Json => output::print_json(&hits)?,
        Format::Text => {
            if hits.is_empty() {
                outln!("\"{term}\" is not in the glossaries")?;
            }
            for hit in &hits {
                let how = match hit.kind {
                    check::LookupKind::Exact => "exact".to_string(),
                    _ => format!("{:?}", hit.kind).to_lowercase(),
                };
                let detail = if hit.detail.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", hit.detail)
                };
                outln!(
                    "{} {how}{detail} [{}] in {}{}",
                    paint(&hit.matched, Style::Strong),
                    hit.entry.as_deref().unwrap_or("-"),
                    hit.glossary,
                    hit.approved
                        .as_deref()
                        .map(|a| format!(": approved \"{}\"", paint(a, Style::Good)))
                        .unwrap_or_default()
                )?;
                for t in &hit.terms {
                    outln!(
                        "    {:<5} {}  {}",
                        t.lang.normalized(),
                        t.text,
                        t.status.map(|s| s.word()).unwrap_or("")
                    )?;
                }
            }
        }
    }
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
