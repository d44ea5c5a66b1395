//! `tmkit memory import` and `tmkit memory export`: TMX and XLIFF in and out
//! with progress bars, summaries and atomic output.

use super::output::{self, CliError, Format, Style, outln, paint};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use tmkit::lang::LangTag;
use tmkit::memory::{DuplicatePolicy, ImportOptions, ImportReport, Memory, OpenOptions};
use tmkit::tmx::{Level, TmxReader, WriteOptions};
use tmkit::unit::UnitReader;
use tmkit::xliff::{ImportFilter, TranslatedUnits, Version, XliffReader};

/// Arguments of `tmkit memory import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The memory file (.tmdb); created when it does not exist.
    pub memory: PathBuf,
    /// TMX files (TMX 1.1–1.4b), XLIFF files (1.0–2.2, SDLXLIFF, MQXLIFF;
    /// only their translated segments), told apart by content, or bilingual
    /// TSV (`.tsv`, header row of language tags). All are imported in one
    /// transaction: if one fails, none is imported.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// XLIFF: the segment states imported (default translated,reviewed,final;
    /// 1.2 approved="yes" always counts). Also accepts signed-off,
    /// ApprovedTranslation, ApprovedSignOff, Confirmed, Proofread.
    #[arg(long, value_name = "STATES")]
    pub states: Option<String>,
    /// What to do with a unit whose languages and content equal one already
    /// stored: merge (keep one, unite metadata, newer attributes win), keep
    /// (skip the new one), replace (the new one wins), all (store both).
    #[arg(long, default_value = "merge", value_name = "POLICY")]
    pub on_duplicate: DuplicatePolicy,
    /// Fail on the first recoverable problem (illegal character, unbalanced
    /// tags, a unit with one variant) instead of warning and going on.
    #[arg(long)]
    pub strict: bool,
    /// Do not create the memory when it does not exist.
    #[arg(long)]
    pub no_create: bool,
    /// How many warnings to print in text output (all are in JSON).
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub max_warnings: usize,
    /// Refuse a segment with more bytes of text than this (the import fails,
    /// naming the unit; the memory is unchanged).
    #[arg(long, default_value_t = tmkit::memory::DEFAULT_MAX_SEGMENT_BYTES, value_name = "BYTES")]
    pub max_segment_bytes: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Arguments of `tmkit memory export`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The memory file.
    pub memory: PathBuf,
    /// The file to write: `-` for standard output; a regular file is replaced
    /// atomically (written to a temporary file, then renamed), a pipe or device
    /// is written directly. `.xlf`/`.xliff` write XLIFF 1.2, anything else TMX,
    /// unless `--to` says.
    pub output: PathBuf,
    /// The output format: tmx, xliff (1.2), xliff2 (2.0), or xliff1.2,
    /// xliff2.0, xliff2.1, xliff2.2. XLIFF is bilingual: `--lang SRC:TGT`
    /// (or a memory with one language pair).
    #[arg(long, value_name = "FORMAT")]
    pub to: Option<String>,
    /// Export only these languages, e.g. `en:ru` or `en,ru,uk` (regional variants
    /// included: `en` takes `en-GB`). Units left with fewer than two of them are
    /// skipped. Default: every language.
    #[arg(long, value_name = "LANGS")]
    pub lang: Option<String>,
    /// TMX level: 2 keeps inline markup (bpt/ept/ph/…), 1 writes plain text.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub level: u8,
    /// The header's srclang (default: the first language of --lang, else the
    /// imported file's, else `*all*`).
    #[arg(long, value_name = "LANG")]
    pub srclang: Option<String>,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Runs `tmkit memory import`.
pub fn import(args: ImportArgs) -> Result<ExitCode, CliError> {
    if !args.memory.exists() && args.no_create && !tmkit::memory::is_postgres_url(&args.memory) {
        return Err(CliError::input(tmkit::memory::MemoryError::Missing(
            args.memory.clone(),
        )));
    }
    // Open every input before touching the memory, so a missing or unreadable
    // file is reported without creating anything.
    let states = match &args.states {
        Some(list) => ImportFilter::parse_states(list).map_err(CliError::input)?,
        None => ImportFilter::default().states,
    };
    let mut readers: Vec<(String, Box<dyn UnitReader>)> = Vec::new();
    let mut total_bytes = 0;
    for file in &args.files {
        let filter = || ImportFilter {
            states: states.clone(),
            default_date: modification_date(file),
        };
        let reader: Box<dyn UnitReader> = if is_tsv(file) {
            Box::new(tmkit::tsv::TsvReader::open(file)?)
        } else if let Some(stream) = open_stream(file)? {
            // A pipe or device is read once: its first bytes decide the
            // format and are handed on to the reader with the rest.
            let name = file.display().to_string();
            let start = stream.start.clone();
            let input = std::io::Cursor::new(stream.start).chain(stream.rest);
            if tmkit::xliff::is_xliff_start(&start) {
                let reader = XliffReader::from_reader(input, &name)?;
                Box::new(TranslatedUnits::new(reader, filter()))
            } else {
                Box::new(TmxReader::from_reader(input, &name)?)
            }
        } else if tmkit::xliff::is_xliff_file(file) {
            Box::new(TranslatedUnits::new(XliffReader::open(file)?, filter()))
        } else {
            Box::new(TmxReader::open(file)?)
        };
        total_bytes += std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        readers.push((file.display().to_string(), reader));
    }
    let memory_name = args.memory.display().to_string();
    let mut memory = Memory::open_with(
        &args.memory,
        OpenOptions {
            read_only: false,
            create: !args.no_create,
            on_wait: Some(waiting_message(memory_name)),
            on_migrate: Some(migration_bar()),
            ..Default::default()
        },
    )?;
    let created = memory.was_created();
    let options = ImportOptions {
        on_duplicate: args.on_duplicate,
        strict: args.strict,
        source_name: String::new(),
        max_segment_bytes: args.max_segment_bytes,
    };
    let bar = output::progress_bar(total_bytes, "importing", output::Counting::Bytes);
    let start = Instant::now();
    let mut inputs: Vec<(String, &mut dyn UnitReader)> = readers
        .iter_mut()
        .map(|(name, reader)| (name.clone(), reader.as_mut() as &mut dyn UnitReader))
        .collect();
    let result = memory.import_many(&mut inputs, &options, &mut |p| {
        bar.set_position(p.bytes_read)
    });
    bar.finish_and_clear();
    let reports = match result {
        Ok(reports) => reports,
        Err(error) => {
            if created {
                // Nothing was imported: do not leave an empty memory behind
                // (unless another import has filled it meanwhile).
                let _ = memory.remove_if_empty();
            }
            return Err(CliError::input(error));
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    let memory_units = memory.unit_count()?;
    if args.format == Format::Json {
        let files: Vec<serde_json::Value> = args
            .files
            .iter()
            .zip(&reports)
            .map(|(file, report)| serde_json::json!({ "file": file.display().to_string(), "report": report }))
            .collect();
        output::print_json(&serde_json::json!({
            "memory": args.memory.display().to_string(),
            "created": created,
            "seconds": (seconds * 1000.0).round() / 1000.0,
            "files": files,
            "memory_units": memory_units,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    if created {
        outln!("created {}", args.memory.display())?;
    }
    for (file, report) in args.files.iter().zip(&reports) {
        print_report(file, report, args.max_warnings)?;
    }
    outln!(
        "{} {} units in {} ({:.1} s)",
        paint("done:", Style::Good),
        memory_units,
        args.memory.display(),
        seconds
    )?;
    Ok(ExitCode::SUCCESS)
}

/// What `import` says when another process is writing the same memory: one
/// line on standard error, then it waits its turn.
pub fn waiting_message(memory: String) -> tmkit::memory::WaitHook {
    Box::new(move || {
        output::print_warning(&format!(
            "{memory}: waiting for another import (or another change) to finish …"
        ))
    })
}

/// Bilingual TSV is told by its extension (a TSV file has no signature of
/// its own); TMX and XLIFF by their content.
fn is_tsv(file: &Path) -> bool {
    file.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"))
}

fn print_report(file: &Path, report: &ImportReport, max_warnings: usize) -> Result<(), CliError> {
    outln!("{} {}", paint("imported", Style::Accent), file.display())?;
    let rows = [
        ("units read", report.units_read),
        ("new units", report.imported),
        ("merged duplicates", report.merged),
        ("replaced duplicates", report.replaced),
        ("skipped duplicates", report.skipped_duplicates),
        ("skipped empty units", report.skipped_empty),
        ("warnings", report.warnings.len() as u64),
    ];
    for (label, value) in rows {
        if value > 0 || matches!(label, "units read" | "new units") {
            outln!("  {label:<20} {value:>10}")?;
        }
    }
    for warning in report.warnings.iter().take(max_warnings) {
        output::print_warning(&warning.to_string());
    }
    if report.warnings.len() > max_warnings {
        output::print_warning(&format!(
            "… and {} more (--max-warnings N, or --format json for all)",
            report.warnings.len() - max_warnings
        ));
    }
    Ok(())
}

/// A file's modification time as a TMX date: the change date of XLIFF
/// segments whose file says none.
/// The start of a pipe or device given as an import file, and the rest of it.
struct Stream {
    start: Vec<u8>,
    rest: std::fs::File,
}

/// Opens `file` when it is a FIFO or a device (which cannot be opened twice
/// to sniff the format first) and reads its first 64 KiB; `None` for a
/// regular file or a path that does not exist (the reader then names the
/// problem).
fn open_stream(file: &Path) -> Result<Option<Stream>, CliError> {
    use std::io::Read;
    let Ok(metadata) = std::fs::metadata(file) else {
        return Ok(None);
    };
    if metadata.is_file() || metadata.is_dir() {
        return Ok(None);
    }
    let mut rest = std::fs::File::open(file)
        .map_err(|e| CliError::io(format!("{}: cannot open", file.display()), &e))?;
    let mut start = Vec::new();
    (&mut rest)
        .take(64 * 1024)
        .read_to_end(&mut start)
        .map_err(|e| CliError::io(format!("{}: cannot read", file.display()), &e))?;
    Ok(Some(Stream { start, rest }))
}

fn modification_date(path: &Path) -> Option<String> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let date: chrono::DateTime<chrono::Utc> = modified.into();
    Some(date.format("%Y%m%dT%H%M%SZ").to_string())
}

/// Runs `tmkit memory export`.
pub fn export(args: ExportArgs) -> Result<ExitCode, CliError> {
    if tmkit::fsutil::is_stdout(&args.output) {
        output::stdout_carries_data();
    }
    if tmkit::fsutil::same_file(&args.output, &args.memory) {
        return Err(CliError::input(format!(
            "{}: that is the memory itself; give another file name for the export",
            args.output.display()
        )));
    }
    let memory = Memory::open_read_only(&args.memory)?;
    let languages: Option<Vec<LangTag>> = args.lang.as_deref().map(|list| {
        list.split([',', ':', '/'])
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(LangTag::parse)
            .collect()
    });
    if let Some(langs) = &languages {
        if langs.is_empty() {
            return Err(CliError::input(
                "--lang names no language; write e.g. --lang en:ru",
            ));
        }
        let stats = memory.stats()?;
        for lang in langs {
            if !stats
                .languages
                .iter()
                .any(|l| lang.covers(&LangTag::parse(&l.lang)))
            {
                let have: Vec<&str> = stats.languages.iter().map(|l| l.lang.as_str()).collect();
                return Err(CliError::input(format!(
                    "{}: has no {lang} units; it has: {}",
                    args.memory.display(),
                    if have.is_empty() {
                        "none (empty memory)".to_string()
                    } else {
                        have.join(", ")
                    }
                )));
            }
        }
    }
    if let Some(version) = xliff_version(&args)? {
        return export_xliff(&args, &memory, languages, version);
    }
    let source_lang = args
        .srclang
        .as_deref()
        .map(LangTag::parse)
        .or_else(|| languages.as_ref().and_then(|l| l.first().cloned()));
    let options = WriteOptions {
        level: if args.level == 1 {
            Level::One
        } else {
            Level::Two
        },
        languages: languages.clone(),
        source_lang,
        ..WriteOptions::default()
    };
    let total = memory.unit_count()?;
    let bar = output::progress_bar(total, "exporting", output::Counting::Items);
    let start = Instant::now();
    let report = memory.export_tmx(&args.output, &options, &mut |seen| bar.set_position(seen));
    bar.finish_and_clear();
    let report = report?;
    let (written, skipped, dropped_chars) = (
        report.units_written,
        report.units_skipped,
        report.characters_dropped,
    );
    let seconds = start.elapsed().as_secs_f64();
    if args.format == Format::Json {
        output::print_json(&serde_json::json!({
            "memory": args.memory.display().to_string(),
            "output": args.output.display().to_string(),
            "units_written": written,
            "units_skipped": skipped,
            "characters_dropped": dropped_chars,
            "level": args.level,
            "seconds": (seconds * 1000.0).round() / 1000.0,
        }))?;
    } else {
        outln!(
            "{} {written} units to {} (TMX 1.4b, level {}, {:.1} s)",
            paint("exported", Style::Good),
            args.output.display(),
            args.level,
            seconds
        )?;
        if skipped > 0 {
            outln!("  skipped {skipped} units with fewer than two of the requested languages")?;
        }
        if dropped_chars > 0 {
            output::print_warning(&format!(
                "{dropped_chars} characters that XML 1.0 cannot carry were left out"
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The XLIFF version `--to` (or the output's extension) asks for; `None` for TMX.
fn xliff_version(args: &ExportArgs) -> Result<Option<Version>, CliError> {
    let to = match &args.to {
        Some(to) => to.to_ascii_lowercase(),
        None => {
            let extension = args
                .output
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            return Ok(matches!(extension.as_str(), "xlf" | "xliff").then_some(Version::V1_2));
        }
    };
    Ok(Some(match to.as_str() {
        "tmx" => return Ok(None),
        "xliff" | "xliff1" | "xliff1.2" | "xlf" => Version::V1_2,
        "xliff2" | "xliff2.0" => Version::V2_0,
        "xliff2.1" => Version::V2_1,
        "xliff2.2" => Version::V2_2,
        _ => {
            return Err(CliError::input(format!(
                "unknown --to {to}; use tmx, xliff (1.2), xliff2 (2.0), xliff2.1 or xliff2.2"
            )));
        }
    }))
}

fn export_xliff(
    args: &ExportArgs,
    memory: &Memory,
    languages: Option<Vec<LangTag>>,
    version: Version,
) -> Result<ExitCode, CliError> {
    let (source, target) = match languages.as_deref() {
        Some([source, target]) => (source.clone(), target.clone()),
        Some(_) => {
            return Err(CliError::input(
                "XLIFF is bilingual: give exactly two languages, e.g. --lang en:ru",
            ));
        }
        None => {
            let stats = memory.stats()?;
            match stats.pairs.as_slice() {
                [pair] => (LangTag::parse(&pair.source), LangTag::parse(&pair.target)),
                pairs => {
                    let listed: Vec<String> = pairs
                        .iter()
                        .map(|p| format!("{}:{}", p.source, p.target))
                        .collect();
                    return Err(CliError::input(format!(
                        "XLIFF is bilingual: choose a language pair with --lang (the memory has: {})",
                        if listed.is_empty() {
                            "none".to_string()
                        } else {
                            listed.join(", ")
                        }
                    )));
                }
            }
        }
    };
    let options = tmkit::xliff::ExportOptions {
        version,
        source_lang: source.clone(),
        target_lang: target.clone(),
        original: args
            .memory
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let total = memory.unit_count()?;
    let bar = output::progress_bar(total, "exporting", output::Counting::Items);
    let start = Instant::now();
    let report = memory.export_xliff(&args.output, &options, &mut |seen| bar.set_position(seen));
    bar.finish_and_clear();
    let report = report?;
    let seconds = start.elapsed().as_secs_f64();
    if args.format == Format::Json {
        output::print_json(&serde_json::json!({
            "memory": args.memory.display().to_string(),
            "output": args.output.display().to_string(),
            "units_written": report.units_written,
            "units_skipped": report.units_skipped,
            "characters_dropped": report.characters_dropped,
            "xliff_version": version.as_str(),
            "source": source.normalized(),
            "target": target.normalized(),
            "seconds": (seconds * 1000.0).round() / 1000.0,
        }))?;
    } else {
        outln!(
            "{} {} units to {} (XLIFF {version}, {}:{}, {:.1} s)",
            paint("exported", Style::Good),
            report.units_written,
            args.output.display(),
            source.normalized(),
            target.normalized(),
            seconds
        )?;
        if report.units_skipped > 0 {
            outln!(
                "  skipped {} units without both {} and {}",
                report.units_skipped,
                source.normalized(),
                target.normalized()
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Draws a progress bar while a memory from an older tmkit is converted
/// (the first read-write open does it; it takes a while on a large memory).
pub fn migration_bar() -> Box<dyn FnMut(tmkit::memory::MigrationProgress)> {
    let mut bar: Option<indicatif::ProgressBar> = None;
    Box::new(move |p| {
        let bar = bar.get_or_insert_with(|| {
            output::progress_bar(
                p.units_total,
                "converting the memory to this tmkit's format",
                output::Counting::Items,
            )
        });
        bar.set_position(p.units_done);
        if p.units_done >= p.units_total {
            bar.finish_and_clear();
        }
    })
}
