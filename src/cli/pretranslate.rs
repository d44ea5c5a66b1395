//! `tmkit pretranslate` and `tmkit merge`: thin layers over
//! `workflow::pretranslate` and `workflow::merge`.

use super::output::{self, CliError, Format, outln};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tmkit::check::Termbase;
use tmkit::document::{self, Document};
use tmkit::fuzzy::score::PenaltyWeights;
use tmkit::glossary::{self, DelimitedOptions};
use tmkit::lang::{LangPair, LangTag};
use tmkit::memory::{Memory, MemorySource};
use tmkit::segment::Segmenter;
use tmkit::workflow::merge::{MergeError, merge};
use tmkit::workflow::pretranslate::{Input, PretranslateOptions, Summary, pretranslate};
use tmkit::xliff::{self, Version};

/// Arguments of `tmkit pretranslate`.
#[derive(clap::Args, Debug)]
pub struct PretranslateArgs {
    /// The document: plain text (.txt), Markdown (.md), HTML (.html), or an
    /// XLIFF file from another tool (detected from its content).
    document: PathBuf,
    /// A memory file (.tmdb); repeat for several, in order of priority.
    #[arg(long = "memory", short = 'm', required = true)]
    memories: Vec<PathBuf>,
    /// Language pair SOURCE:TARGET, e.g. en:ru (for an XLIFF input, taken from the file when absent).
    #[arg(long)]
    lang: Option<LangPair>,
    /// A glossary (TBX, TSV, CSV); repeat for several.
    #[arg(long = "glossary", short = 'g')]
    glossaries: Vec<PathBuf>,
    /// The XLIFF file to write.
    #[arg(long, short = 'o')]
    output: PathBuf,
    /// XLIFF version to write for a document (an XLIFF input keeps its version).
    #[arg(long = "xliff", id = "xliff_version", default_value = "1.2")]
    xliff_version: Version,
    /// Lowest score of the suggestions added (percent).
    #[arg(long, default_value_t = 75, value_parser = clap::value_parser!(u8).range(1..=101))]
    min: u8,
    /// At most this many suggestions per segment.
    #[arg(long, default_value_t = 3)]
    max: usize,
    /// Also fill fuzzy matches scoring at least N as targets (state initial, flagged by a note).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=100))]
    fill_fuzzy: Option<u8>,
    /// Segment with the rules of this SRX file instead of the built-in ones.
    #[arg(long)]
    srx: Option<PathBuf>,
    /// The document's format when its extension does not say (text, markdown, html).
    #[arg(long = "from", value_parser = parse_doc_format)]
    from: Option<document::Format>,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn parse_doc_format(value: &str) -> Result<document::Format, String> {
    document::Format::parse(value)
        .ok_or_else(|| format!("unknown document format `{value}`; use text, markdown or html"))
}

/// Arguments of `tmkit merge`.
#[derive(clap::Args, Debug)]
pub struct MergeArgs {
    /// The translated XLIFF written by `tmkit pretranslate`.
    xliff: PathBuf,
    /// Where to write the translated document.
    #[arg(long, short = 'o')]
    output: PathBuf,
    /// The original document, when it is no longer where the XLIFF's `original` says.
    #[arg(long)]
    original: Option<PathBuf>,
    /// Write the document even when targets have tag errors (missing codes are
    /// appended to their segment, extra ones dropped).
    #[arg(long)]
    force: bool,
    /// Output format of the report.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Fails unless the folder `path` will be written into exists.
fn require_folder(path: &Path) -> Result<(), CliError> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => return Ok(()),
    };
    if folder.is_dir() {
        Ok(())
    } else {
        Err(CliError::input(format!(
            "{}: the folder {} does not exist; create it or write elsewhere",
            path.display(),
            folder.display()
        )))
    }
}

/// True when the bytes are an XML document whose root is `xliff`.
fn looks_like_xliff(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with('<') && head.contains("<xliff") || head.contains(":xliff ")
}

/// Runs `tmkit pretranslate`.
pub fn run_pretranslate(args: PretranslateArgs) -> Result<ExitCode, CliError> {
    if tmkit::fsutil::is_stdout(&args.output) {
        output::stdout_carries_data();
    }
    let path = &args.document;
    let bytes =
        std::fs::read(path).map_err(|e| CliError::input(format!("{}: {e}", path.display())))?;
    require_folder(&args.output)?;
    let is_xliff = looks_like_xliff(&bytes) && args.from.is_none();
    let (input, pair) = if is_xliff {
        let (doc, warnings) = xliff::read(std::io::Cursor::new(bytes), &path.display().to_string())
            .map_err(|e| CliError::input(format!("{e}; fix the file or export it again")))?;
        for w in warnings {
            output::print_warning(&w.to_string());
        }
        let pair = match &args.lang {
            Some(pair) => pair.clone(),
            None => match (doc.source_lang(), doc.target_lang()) {
                (Some(s), Some(t)) => LangPair {
                    source: LangTag::parse(s),
                    target: LangTag::parse(t),
                },
                _ => {
                    return Err(CliError::input(format!(
                        "{}: the file does not name both languages; give them with --lang SOURCE:TARGET",
                        path.display()
                    )));
                }
            },
        };
        (Input::Xliff(doc), pair)
    } else {
        let pair = args.lang.clone().ok_or_else(|| {
            CliError::input("say which languages to translate between, e.g. --lang en:ru")
        })?;
        let format = args
            .from
            .or_else(|| document::Format::from_path(path))
            .unwrap_or(document::Format::Text);
        let text = tmkit::text::decode_text(&bytes)
            .map_err(|error| CliError::input(error.in_file(&path.display().to_string())))?;
        // A UTF-8 byte-order mark is part of the document (its skeleton keeps
        // it, so the translation is written with one); the decoder drops it.
        let text = if bytes.starts_with(b"\xEF\xBB\xBF") {
            format!("\u{feff}{text}")
        } else {
            text.into_owned()
        };
        let doc = Document::read(&text, format);
        (
            Input::Document {
                document: doc,
                original: path.display().to_string(),
            },
            pair,
        )
    };
    // Memories without the pair have nothing to offer: a warning, not an error.
    let mut memories = Vec::new();
    let mut names = Vec::new();
    for memory_path in &args.memories {
        let memory = Memory::open_read_only(memory_path)?;
        memory.set_lookup_plan(super::fuzzy::lookup_plan_from_env()?);
        match memory.require_pair(&pair.source, &pair.target) {
            Ok(()) => {
                memories.push(memory);
                names.push(memory_path.display().to_string());
            }
            Err(e) => output::print_warning(&format!(
                "{}: nothing to offer for {pair} ({e})",
                memory_path.display()
            )),
        }
    }
    let sources: Vec<MemorySource> = memories
        .iter()
        .zip(&names)
        .map(|(memory, name)| MemorySource {
            memory,
            name: name.clone(),
            penalty: 0,
        })
        .collect();
    let glossary_options = DelimitedOptions {
        source_lang: pair.source.to_string(),
        target_lang: pair.target.to_string(),
        ..DelimitedOptions::default()
    };
    let (glossaries, glossary_warnings) =
        glossary::load_all(&args.glossaries, &glossary_options).map_err(CliError::input)?;
    for w in glossary_warnings {
        output::print_warning(&w.to_string());
    }
    let termbase = (!glossaries.is_empty()).then(|| {
        Termbase::new(
            &glossaries,
            pair.target.normalized(),
            Some(pair.source.normalized()),
        )
    });
    let segmenter = match &args.srx {
        Some(srx) => {
            let (segmenter, problems) =
                Segmenter::from_srx_file(srx, &pair.source).map_err(CliError::input)?;
            for p in problems {
                output::print_warning(&format!("{}: {p:?}", srx.display()));
            }
            segmenter
        }
        None => Segmenter::for_language(&pair.source),
    };
    let options = PretranslateOptions {
        source: pair.source.clone(),
        target: pair.target.clone(),
        version: args.xliff_version,
        min: args.min,
        max: args.max,
        fill_fuzzy: args.fill_fuzzy,
        weights: PenaltyWeights::default(),
    };
    let bar = output::progress_bar(0, "pretranslating", output::Counting::Items);
    let outcome = pretranslate(
        input,
        &segmenter,
        &sources,
        termbase.as_ref(),
        &options,
        &mut |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        },
    )
    .map_err(CliError::input)?;
    bar.finish_and_clear();
    for w in &outcome.warnings {
        output::print_warning(w);
    }
    xliff::write_file(&outcome.xliff, &args.output)
        .map_err(|e| CliError::input(format!("{}: {e}", args.output.display())))?;
    match args.format {
        Format::Json => output::print_json(&tmkit::workflow::report::pretranslate(
            &args.output.display().to_string(),
            &outcome,
        ))?,
        Format::Text => print_summary(&outcome.summary, &args.output)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(s: &Summary, out: &Path) -> Result<(), CliError> {
    outln!("wrote {}", out.display())?;
    outln!(
        "{} units, {} segments, {} words",
        s.units,
        s.segments,
        s.words
    )?;
    outln!(
        "targets filled: {} (100%/101%/adapted){}",
        s.filled,
        if s.filled_fuzzy > 0 {
            format!(", {} fuzzy (flagged for review)", s.filled_fuzzy)
        } else {
            String::new()
        }
    )?;
    if s.not_filled_codes > 0 {
        outln!(
            "not filled because of inline codes inside the segment: {}",
            s.not_filled_codes
        )?;
    }
    if s.kept_targets > 0 {
        outln!("targets already present, kept: {}", s.kept_targets)?;
    }
    outln!(
        "candidates: {} in {} segments; glossary entries: {}; repetitions: {}",
        s.matches,
        s.with_matches,
        s.glossary_entries,
        s.repetitions
    )?;
    outln!(
        "{:<14} {:>9} {:>9} {:>11}",
        "band",
        "segments",
        "words",
        "characters"
    )?;
    for row in &s.bands {
        outln!(
            "{:<14} {:>9} {:>9} {:>11}",
            row.label,
            row.segments,
            row.words,
            row.characters
        )?;
    }
    for row in s.internal_fuzzies.iter().filter(|r| r.segments > 0) {
        outln!(
            "{:<14} {:>9} {:>9} {:>11}",
            format!("internal {}", row.label),
            row.segments,
            row.words,
            row.characters
        )?;
    }
    Ok(())
}

/// Runs `tmkit merge`.
pub fn run_merge(args: MergeArgs) -> Result<ExitCode, CliError> {
    if tmkit::fsutil::is_stdout(&args.output) {
        output::stdout_carries_data();
    }
    let name = args.xliff.display().to_string();
    require_folder(&args.output)?;
    let (doc, warnings) = xliff::read_file(&args.xliff)
        .map_err(|e| CliError::input(format!("{e}; fix the file or export it again")))?;
    for w in warnings {
        output::print_warning(&w.to_string());
    }
    let merged = merge(&doc, &name).map_err(|e| match e {
        MergeError::NotTmkit { .. } => CliError::input(e),
        other => CliError::input(other),
    })?;
    // The original must be where the XLIFF says (or where --original says): it
    // is the document this translation belongs to.
    let original = match &args.original {
        Some(path) => path.clone(),
        None => {
            let named = PathBuf::from(&merged.report.original);
            if named.is_relative() && !named.exists() {
                args.xliff
                    .parent()
                    .map(|dir| dir.join(&named))
                    .filter(|p| p.exists())
                    .unwrap_or(named)
            } else {
                named
            }
        }
    };
    let current = std::fs::read(&original).map_err(|_| {
        CliError::input(format!(
            "{name}: the original document {} (named in the XLIFF's `original`) is not there; \
             give its path with --original PATH",
            original.display()
        ))
    })?;
    if current != merged.source_document.as_bytes() {
        output::print_warning(&format!(
            "{} differs from the document the XLIFF was made from; the output follows the XLIFF",
            original.display()
        ));
    }
    let report = &merged.report;
    if !report.tag_errors.is_empty() && !args.force {
        let list: Vec<String> = report
            .tag_errors
            .iter()
            .map(|t| {
                format!(
                    "unit {} segment {}: {} code {}{}",
                    t.unit,
                    t.segment,
                    t.problem.word(),
                    t.code,
                    t.markup
                        .as_deref()
                        .map(|m| format!(" `{m}`"))
                        .unwrap_or_default()
                )
            })
            .collect();
        return Err(CliError::input(format!(
            "{name}: {} tag error(s) in targets, so the document would not be well formed:\n  {}\n\
             fix the tags in your CAT tool, or write it anyway with --force",
            list.len(),
            list.join("\n  ")
        )));
    }
    tmkit::fsutil::write_output(&args.output, |w| w.write_all(merged.document.as_bytes()))
        .map_err(|e| CliError::input(format!("{}: {e}", args.output.display())))?;
    match args.format {
        Format::Json => output::print_json(&serde_json::json!({
            "output": args.output.display().to_string(),
            "warnings": report.warning_count(),
            "report": report,
        }))?,
        Format::Text => {
            outln!(
                "wrote {} ({}): {} of {} segments translated, {} warnings",
                args.output.display(),
                report.format,
                report.translated,
                report.segments,
                report.warning_count()
            )?;
            for u in &report.untranslated {
                outln!(
                    "untranslated: unit {} segment {}: {}",
                    u.unit,
                    u.segment,
                    u.source
                )?;
            }
            for t in &report.tag_errors {
                outln!(
                    "tag error: unit {} segment {}: {} code {}{}",
                    t.unit,
                    t.segment,
                    t.problem.word(),
                    t.code,
                    t.markup
                        .as_deref()
                        .map(|m| format!(" ({m})"))
                        .unwrap_or_default()
                )?;
            }
        }
    }
    Ok(if report.warning_count() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
