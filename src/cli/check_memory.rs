//! `tmkit check memory.tmdb --lang ru:en` and `tmkit check file.tmx`: QA
//! over a whole memory. A thin layer over [`tmkit::workflow::memory_check`]:
//! open the memory read-only (or stream the TMX file), render the findings,
//! and with `--fix` write a corrected copy (a new TMX file or a new memory).

use super::check::{JsonFix, parse_langs, print_diagnostics};
use super::output::{self, CliError};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tmkit::check::{Finding, Related, Report, Severity, Termbase};
use tmkit::glossary::{self, DelimitedOptions, GlossaryWarning};
use tmkit::lang::LangTag;
use tmkit::memory::Memory;
use tmkit::workflow::memory_check::{
    self, MemoryCheckOptions, MemoryFinding, MemoryReport, MemoryUnits, TmxUnits, UnitSource,
};

/// What the memory check needs from `tmkit check`'s arguments.
pub struct MemoryArgs<'a> {
    /// The memory (`.tmdb`) or TMX file.
    pub file: &'a Path,
    /// True for a memory, false for a TMX file.
    pub is_memory: bool,
    /// Glossaries.
    pub glossaries: &'a [PathBuf],
    /// `--lang`.
    pub lang: Option<&'a str>,
    /// Output format (`--format`).
    pub format: super::check::CheckFormat,
    /// `-o`: where the HTML report goes.
    pub output: Option<&'a Path>,
    /// `--fix OUT`.
    pub fix: Option<&'a Path>,
    /// `--in-place`.
    pub in_place: bool,
}

#[derive(Serialize)]
struct JsonSummary {
    units: u64,
    checked: u64,
    errors: usize,
    warnings: usize,
    notes: usize,
    names: usize,
    inconsistent_translations: usize,
    inconsistent_sources: usize,
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    mode: &'static str,
    file: String,
    source_lang: String,
    target_lang: String,
    glossaries: Vec<String>,
    summary: JsonSummary,
    findings: &'a [MemoryFinding],
    glossary_warnings: &'a [GlossaryWarning],
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<JsonFix>,
}

/// Runs the check over a memory or TMX file.
pub fn run(args: MemoryArgs) -> Result<ExitCode, CliError> {
    let name = args.file.display().to_string();
    let (source_lang, target_lang) = match args.lang {
        Some(spec) => parse_langs(spec)?,
        None => (None, "en".to_string()),
    };
    let memory = if args.is_memory {
        Some(Memory::open_read_only(args.file)?)
    } else {
        None
    };
    let source_lang = match (source_lang, &memory) {
        (Some(lang), _) => lang,
        (None, Some(memory)) => {
            let langs: Vec<String> = memory
                .stats()?
                .languages
                .iter()
                .map(|l| l.lang.clone())
                .collect();
            return Err(CliError::input(format!(
                "{name}: say which languages to compare, e.g. --lang {}:{} (the memory has {})",
                langs.first().map_or("ru", String::as_str),
                langs.get(1).map_or("en", String::as_str),
                if langs.is_empty() {
                    "no units".to_string()
                } else {
                    langs.join(", ")
                }
            )));
        }
        (None, None) => tmx_source_lang(args.file)?,
    };
    if let Some(memory) = &memory {
        memory.require_pair(&LangTag::parse(&source_lang), &LangTag::parse(&target_lang))?;
    }
    let options = DelimitedOptions {
        source_lang: source_lang.clone(),
        target_lang: target_lang.clone(),
        ..DelimitedOptions::default()
    };
    let (glossaries, glossary_warnings) =
        glossary::load_all(args.glossaries, &options).map_err(CliError::input)?;
    let termbase = Termbase::new(&glossaries, &target_lang, Some(&source_lang));
    let check_options = MemoryCheckOptions {
        name: name.clone(),
        source_lang: LangTag::parse(&source_lang),
        target_lang: LangTag::parse(&target_lang),
        termbase: (!glossaries.is_empty()).then_some(&termbase),
        approved: glossaries
            .iter()
            .flat_map(|g| &g.entries)
            .filter_map(|e| e.approved(&target_lang).map(|t| t.text.clone()))
            .collect(),
    };
    let total = match &memory {
        Some(memory) => memory.unit_count()?,
        None => 0,
    };
    let progress = output::progress_bar(total, "checking", output::Counting::Items);
    let mut units: Box<dyn UnitSource> = match &memory {
        Some(memory) => Box::new(MemoryUnits(memory)),
        None => Box::new(TmxUnits(args.file)),
    };
    let report = memory_check::check_units(units.as_mut(), &check_options, &mut |n| {
        progress.set_position(n)
    })
    .map_err(|e| CliError::input(e.to_string()))?;
    progress.finish_and_clear();
    let fixed = fix(&args, &report, &check_options, units.as_mut())?;
    let summary = JsonSummary {
        units: report.units,
        checked: report.checked,
        errors: report.count(Severity::Error),
        warnings: report.count(Severity::Warning),
        notes: report.count(Severity::Note),
        names: report.count_rule(tmkit::check::Rule::NameInconsistency)
            + report.count_rule(tmkit::check::Rule::Homoglyph),
        inconsistent_translations: report.count_rule(tmkit::check::Rule::InconsistentTranslation),
        inconsistent_sources: report.count_rule(tmkit::check::Rule::InconsistentSource),
    };
    let has_problems = summary.errors + summary.warnings > 0;
    match args.format {
        super::check::CheckFormat::Json => output::print_json_with_items(
            &JsonOutput {
                mode: if args.is_memory { "memory" } else { "tmx" },
                file: name.clone(),
                source_lang,
                target_lang,
                glossaries: glossaries.iter().map(|g| g.path.clone()).collect(),
                summary,
                findings: &[],
                glossary_warnings: &glossary_warnings,
                fixed,
            },
            "findings",
            &report.findings,
        )?,
        super::check::CheckFormat::Html => {
            let page = super::report_html::memory_page(&name, &report, units.as_mut())?;
            super::report_html::write_page(args.output, &page)?;
        }
        super::check::CheckFormat::Text => {
            for warning in &glossary_warnings {
                output::print_warning(&warning.to_string());
            }
            let report = Report {
                findings: report.findings.iter().map(text_finding).collect(),
                notes: vec![format!(
                    "{} units read, {} with both {source_lang} and {target_lang} checked",
                    report.units, report.checked
                )],
            };
            print_diagnostics(&report, &name, fixed.as_ref())?;
        }
    }
    Ok(if has_problems {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The TMX header's `srclang`, when `--lang` gives no source.
fn tmx_source_lang(path: &Path) -> Result<String, CliError> {
    let reader = tmkit::tmx::TmxReader::open(path).map_err(CliError::input)?;
    use tmkit::unit::UnitReader;
    reader
        .header()
        .source_lang()
        .map(|l| l.normalized().to_string())
        .ok_or_else(|| {
            CliError::input(format!(
                "{}: the TMX header has no usable srclang; say the source language with --lang ru:en",
                path.display()
            ))
        })
}

/// A finding for the rustc-style listing: spellings and variants become
/// notes with their units.
fn text_finding(found: &MemoryFinding) -> Finding {
    let mut finding = found.finding.clone();
    if !found.spellings.is_empty() {
        finding.related = found
            .spellings
            .iter()
            .map(|s| Related {
                file: finding.file.clone(),
                line: 0,
                column: 0,
                span: s.text.clone(),
                label: format!(
                    "{}×{} in unit{} {}",
                    s.count,
                    if s.approved { ", recommended" } else { "" },
                    if s.occurrences.len() == 1 { "" } else { "s" },
                    listed(s.occurrences.iter().map(|o| o.unit.as_str()))
                ),
            })
            .collect();
    }
    if !found.variants.is_empty() {
        finding.related = found
            .variants
            .iter()
            .take(SHOWN_VARIANTS)
            .map(|v| Related {
                file: finding.file.clone(),
                line: 0,
                column: 0,
                span: v.text.clone(),
                label: format!(
                    "{}× in unit{} {}",
                    v.count,
                    if v.count == 1 { "" } else { "s" },
                    listed(v.units.iter().map(String::as_str))
                ),
            })
            .collect();
        if found.variants.len() > SHOWN_VARIANTS {
            finding.related.push(Related {
                file: finding.file.clone(),
                line: 0,
                column: 0,
                span: format!("{} more variants", found.variants.len() - SHOWN_VARIANTS),
                label: "all of them in --format json or html".to_string(),
            });
        }
        if let Some(shared) = &found.shared {
            finding.message = format!("{} — shared: \"{shared}\"", finding.message);
        }
    }
    finding
}

/// Variants of a consistency group listed in the text output.
const SHOWN_VARIANTS: usize = 20;

fn listed<'a>(units: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = units.collect();
    let mut text = all[..all.len().min(20)].join(", ");
    if all.len() > 20 {
        text.push_str(&format!(" and {} more", all.len() - 20));
    }
    text
}

/// `--fix` and `--in-place`: a corrected TMX file or a new memory.
fn fix(
    args: &MemoryArgs,
    report: &MemoryReport,
    options: &MemoryCheckOptions,
    units: &mut dyn UnitSource,
) -> Result<Option<JsonFix>, CliError> {
    let out = match (args.fix, args.in_place) {
        (None, false) => return Ok(None),
        (Some(out), _) => out.to_path_buf(),
        (None, true) if args.is_memory => {
            return Err(CliError::input(format!(
                "--in-place on a memory is not supported: write the corrected memory with --fix NEW.tmdb, check it, then replace {} with it",
                args.file.display()
            )));
        }
        (None, true) => args.file.to_path_buf(),
    };
    if args.fix.is_some() && tmkit::fsutil::same_file(&out, args.file) {
        return Err(CliError::input(format!(
            "--fix {}: that is the checked file itself; to correct it, use --in-place instead of --fix, or give another output file",
            out.display()
        )));
    }
    let edits = tmkit::workflow::memory_fix::fixes_by_unit(report);
    let count = if args.is_memory {
        tmkit::workflow::memory_fix::write_fixed_memory(args.file, &out, &edits, options)
            .map_err(|e| CliError::input(e.to_string()))?
    } else {
        if tmkit::fsutil::is_stdout(&out) {
            output::stdout_carries_data();
        }
        let _ = units;
        tmkit::workflow::memory_fix::write_fixed_tmx(args.file, &out, &edits, options).map_err(
            |e| {
                CliError::io(
                    format!("{}: cannot write the corrected copy: {e}", out.display()),
                    &e,
                )
            },
        )?
    };
    Ok(Some(JsonFix {
        path: out.display().to_string(),
        replacements: count,
    }))
}
