//! `tmkit check FILE FILE…` and `tmkit check --files-from LIST`: name
//! consistency across many documents. A thin layer over
//! [`tmkit::workflow::publication`]: read each file, hand it to the
//! workflow, render the clusters. A file that cannot be read is named on
//! standard error and the rest are checked; the exit code is then 2.

use super::check::{CheckFormat, parse_langs, print_diagnostics, read_text};
use super::output::{self, CliError, Style, paint};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;
use tmkit::check::{self, Report, Severity, Termbase, TextFile};
use tmkit::glossary::{self, DelimitedOptions};
use tmkit::workflow::publication::{NameCluster, Publication};

/// What the publication check needs from `tmkit check`'s arguments.
pub struct PublicationArgs<'a> {
    /// Files named on the command line.
    pub files: Vec<PathBuf>,
    /// A file listing more files, one per line (`-` = standard input).
    pub files_from: Option<&'a PathBuf>,
    /// Glossaries: their approved spellings win, and each file gets the glossary check.
    pub glossaries: &'a [PathBuf],
    /// `--lang`.
    pub lang: &'a str,
    /// Output format.
    pub format: CheckFormat,
    /// Where `--format html` writes its page.
    pub output: Option<&'a std::path::Path>,
}

#[derive(Serialize)]
struct FileError {
    file: String,
    message: String,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    unreadable: usize,
    names: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    mode: &'static str,
    glossaries: Vec<String>,
    summary: JsonSummary,
    /// One per inconsistent name, with `spellings`.
    findings: &'a [NameCluster],
    /// Glossary findings per file (glossary mode only).
    glossary_findings: &'a [check::Finding],
    file_errors: &'a [FileError],
    glossary_warnings: &'a [glossary::GlossaryWarning],
}

/// Lines of the checked files, read again for the HTML report's contexts
/// (one file at a time: the last one read is kept).
#[derive(Default)]
struct LineCache {
    file: String,
    lines: Vec<String>,
}

impl LineCache {
    fn line(&mut self, file: &str, line: u64) -> Option<String> {
        if self.file != file {
            let text = read_text(std::path::Path::new(file)).ok()?;
            self.lines = tmkit::text::nfc(&text)
                .lines()
                .map(str::to_string)
                .collect();
            self.file = file.to_string();
        }
        self.lines.get(line.checked_sub(1)? as usize).cloned()
    }
}

/// The list of files: command-line files, then the lines of `--files-from`
/// (blank lines and lines starting with `#` skipped).
fn file_list(args: &PublicationArgs) -> Result<Vec<PathBuf>, CliError> {
    let mut files = args.files.clone();
    if let Some(list) = args.files_from {
        let text = read_text(list)?;
        let base = list.parent().filter(|_| list.as_os_str() != "-");
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let path = PathBuf::from(line);
            // Relative names in a list are relative to the list's folder when
            // they are not found from the current one.
            let path = match base {
                Some(base) if path.is_relative() && !path.exists() && base.join(&path).exists() => {
                    base.join(path)
                }
                _ => path,
            };
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(CliError::input(
            "no files to check: name them (tmkit check a.txt b.txt) or list them with --files-from LIST",
        ));
    }
    Ok(files)
}

/// Runs the check over every file.
pub fn run(args: PublicationArgs) -> Result<ExitCode, CliError> {
    let (source_lang, target_lang) = parse_langs(args.lang)?;
    let files = file_list(&args)?;
    let options = DelimitedOptions {
        source_lang: source_lang.clone().unwrap_or_else(|| "und".to_string()),
        target_lang: target_lang.clone(),
        ..DelimitedOptions::default()
    };
    let (glossaries, glossary_warnings) =
        glossary::load_all(args.glossaries, &options).map_err(CliError::input)?;
    if args.format != CheckFormat::Json {
        for warning in &glossary_warnings {
            output::print_warning(&warning.to_string());
        }
    }
    let termbase = Termbase::new(&glossaries, &target_lang, source_lang.as_deref());
    let mut publication = Publication::new();
    publication.approve(
        glossaries
            .iter()
            .flat_map(|g| &g.entries)
            .filter_map(|e| e.approved(&target_lang).map(|t| t.text.clone())),
    );
    let progress = output::progress_bar(files.len() as u64, "checking", output::Counting::Items);
    let mut file_errors = Vec::new();
    let mut glossary_findings = Vec::new();
    // Files are read, glossary-checked and scanned for names on every core,
    // a batch at a time; their names go into the publication in list order,
    // so the report is the same whatever the number of threads.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    for batch in files.chunks(64 * threads) {
        let prepared = std::thread::scope(|scope| {
            let workers: Vec<_> = batch
                .chunks(batch.len().div_ceil(threads))
                .map(|part| {
                    let termbase = &termbase;
                    let check_glossary = !glossaries.is_empty();
                    scope.spawn(move || {
                        part.iter()
                            .map(|path| {
                                let name = path.display().to_string();
                                read_text(path).map(|text| {
                                    let file = TextFile::new(&name, &text);
                                    let findings = if check_glossary {
                                        check::check_target(&file, termbase)
                                    } else {
                                        Vec::new()
                                    };
                                    (Publication::scan(&file), findings)
                                })
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|worker| worker.join().expect("a check thread panicked"))
                .collect::<Vec<_>>()
        });
        for (path, result) in batch.iter().zip(prepared) {
            progress.inc(1);
            match result {
                Ok((scanned, findings)) => {
                    glossary_findings.extend(findings);
                    publication.add_scanned(scanned);
                }
                Err(error) => {
                    progress.suspend(|| {
                        eprintln!("{}: {}", paint("error", Style::Error), error.message)
                    });
                    file_errors.push(FileError {
                        file: path.display().to_string(),
                        message: error.message,
                    });
                }
            }
        }
    }
    progress.finish_and_clear();
    let checked = publication.documents();
    let clusters = publication.finish();
    check::sort_findings(&mut glossary_findings);
    let count = |severity: Severity| {
        clusters
            .iter()
            .filter(|c| c.finding.severity == severity)
            .count()
            + glossary_findings
                .iter()
                .filter(|f| f.severity == severity)
                .count()
    };
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    match args.format {
        CheckFormat::Html => {
            let mut lines = LineCache::default();
            let mut items = super::report_html::plain_items(&glossary_findings);
            items.extend(super::report_html::cluster_items(
                &clusters,
                &mut |file, line| lines.line(file, line),
            ));
            let summary = vec![
                ("files".to_string(), checked.to_string()),
                ("not readable".to_string(), file_errors.len().to_string()),
                ("inconsistent names".to_string(), clusters.len().to_string()),
            ];
            let page = super::report_html::page(
                &format!("tmkit check: {checked} files"),
                &summary,
                &items,
            );
            super::report_html::write_page(args.output, &page)?;
        }
        CheckFormat::Json => output::print_json(&JsonOutput {
            mode: "publication",
            glossaries: args
                .glossaries
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            summary: JsonSummary {
                files: checked,
                unreadable: file_errors.len(),
                names: clusters.len(),
                errors,
                warnings,
                notes,
            },
            findings: &clusters,
            glossary_findings: &glossary_findings,
            file_errors: &file_errors,
            glossary_warnings: &glossary_warnings,
        })?,
        CheckFormat::Text => {
            let mut findings: Vec<check::Finding> = glossary_findings.clone();
            for cluster in &clusters {
                let mut finding = cluster.finding.clone();
                // Every occurrence, not just the first of each spelling.
                for (related, spelling) in finding.related.iter_mut().zip(&cluster.spellings) {
                    let rest: Vec<String> = spelling
                        .occurrences
                        .iter()
                        .skip(1)
                        .take(20)
                        .map(|o| format!("{}:{}:{}", o.file, o.line, o.column))
                        .collect();
                    if !rest.is_empty() {
                        related
                            .label
                            .push_str(&format!("; also {}", rest.join(", ")));
                        if spelling.occurrences.len() > 21 {
                            related.label.push_str(&format!(
                                " and {} more",
                                spelling.occurrences.len() - 21
                            ));
                        }
                    }
                }
                findings.push(finding);
            }
            let report = Report {
                findings,
                notes: file_errors
                    .iter()
                    .map(|e| format!("not checked: {}", e.message))
                    .collect(),
            };
            print_diagnostics(&report, &format!("{checked} files"), None)?;
        }
    }
    if !file_errors.is_empty() {
        return Err(CliError::input(format!(
            "{} of {} files could not be read (named above); the others were checked",
            file_errors.len(),
            files.len()
        )));
    }
    Ok(if errors + warnings > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
