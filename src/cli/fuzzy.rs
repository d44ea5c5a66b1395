//! `tmkit match`, `tmkit analyze`, `tmkit concordance`: thin layers over
//! `Memory::suggest`/`suggest_many`, `workflow::analyze::analyze` and
//! `Memory::concordance`.

use super::output::{self, CliError, Format, Style, outln, paint};
use std::path::PathBuf;
use std::process::ExitCode;
use tmkit::fuzzy::Suggestion;
use tmkit::fuzzy::score::{DiffOp, MatchKind, PenaltyWeights};
use tmkit::lang::LangPair;
use tmkit::memory::{LookupPlan, Memory, MemorySource};
use tmkit::workflow::analyze::{AnalyzeOptions, Report, analyze};
use tmkit::workflow::report::{self, MatchOptions};

/// Arguments of `tmkit match`.
#[derive(clap::Args, Debug)]
pub struct MatchArgs {
    /// The source segment to look up (or use --file).
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    text: Option<String>,
    /// Look up every line of this file (one segment per line; `-` = standard input).
    /// Neighbouring lines are the context for 101% matches.
    #[arg(long)]
    file: Option<PathBuf>,
    /// A memory file (.tmdb); repeat for several, in order of priority.
    #[arg(long = "memory", short = 'm', required = true)]
    memories: Vec<PathBuf>,
    /// Points taken off every match of the memory at the same position (repeat).
    #[arg(long = "penalty")]
    penalties: Vec<u8>,
    /// Language pair SOURCE:TARGET, e.g. en:ru.
    #[arg(long)]
    lang: LangPair,
    /// Lowest score shown (percent, 1-101).
    #[arg(long, default_value_t = 70, value_parser = clap::value_parser!(u8).range(1..=101))]
    min: u8,
    /// At most this many suggestions per segment.
    #[arg(long, default_value_t = 5)]
    max: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Arguments of `tmkit analyze`.
#[derive(clap::Args, Debug)]
pub struct AnalyzeArgs {
    /// The document (plain text, UTF-8; `-` = standard input). It is split
    /// into sentences with the built-in rules of the source language.
    document: PathBuf,
    /// A memory file (.tmdb); repeat for several, in order of priority.
    #[arg(long = "memory", short = 'm', required = true)]
    memories: Vec<PathBuf>,
    /// Points taken off every match of the memory at the same position (repeat).
    #[arg(long = "penalty")]
    penalties: Vec<u8>,
    /// Language pair SOURCE:TARGET, e.g. en:ru.
    #[arg(long)]
    lang: LangPair,
    /// List every segment with its band (text output).
    #[arg(long)]
    details: bool,
    /// Output format (JSON always has the per-segment details).
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Which side of the memory `tmkit concordance` searches.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The source language of --lang.
    Source,
    /// The target language of --lang.
    Target,
}

/// Arguments of `tmkit concordance`.
#[derive(clap::Args, Debug)]
pub struct ConcordanceArgs {
    /// The word or phrase (a trailing `*` makes the last word a prefix).
    phrase: String,
    /// A memory file (.tmdb); repeat for several.
    #[arg(long = "memory", short = 'm', required = true)]
    memories: Vec<PathBuf>,
    /// Language pair SOURCE:TARGET, e.g. en:ru.
    #[arg(long)]
    lang: LangPair,
    /// Search the source (default) or the target side.
    #[arg(long, value_enum, default_value_t = Side::Source)]
    side: Side,
    /// At most this many hits per memory.
    #[arg(long, default_value_t = 20)]
    max: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn open_memories(paths: &[PathBuf], pair: &LangPair) -> Result<Vec<Memory>, CliError> {
    let mut memories = Vec::with_capacity(paths.len());
    for path in paths {
        let memory = Memory::open_read_only(path)?;
        memory.set_lookup_plan(lookup_plan_from_env()?);
        memory
            .require_pair(&pair.source, &pair.target)
            .map_err(|e| CliError::input(format!("{}: {e}", path.display())))?;
        memories.push(memory);
    }
    Ok(memories)
}

/// The lookup plan `TMKIT_INDEX` asks for: `auto` (the default), `load`
/// or `file` (see [`LookupPlan`]; for benchmarks and for a script that
/// knows it will look up many segments in several processes).
pub(crate) fn lookup_plan_from_env() -> Result<LookupPlan, CliError> {
    match std::env::var("TMKIT_INDEX").ok().as_deref() {
        None | Some("") | Some("auto") => Ok(LookupPlan::Auto),
        Some("load") => Ok(LookupPlan::Load),
        Some("file") => Ok(LookupPlan::File),
        Some(other) => Err(CliError::input(format!(
            "TMKIT_INDEX={other}: expected auto, load or file"
        ))),
    }
}

fn sources<'a>(
    memories: &'a [Memory],
    paths: &[PathBuf],
    penalties: &[u8],
) -> Vec<MemorySource<'a>> {
    memories
        .iter()
        .zip(paths)
        .enumerate()
        .map(|(i, (memory, path))| MemorySource {
            memory,
            name: path.display().to_string(),
            penalty: penalties.get(i).copied().unwrap_or(0),
        })
        .collect()
}

/// Paints character ranges of `text` with `style`.
fn highlight(text: &str, ranges: &[(usize, usize)], style: Style) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut cursor = 0;
    let mut sorted: Vec<(usize, usize)> = ranges.iter().copied().filter(|(s, e)| e > s).collect();
    sorted.sort_unstable();
    for (start, end) in sorted {
        let (start, end) = (start.max(cursor).min(chars.len()), end.min(chars.len()));
        if start >= end {
            continue;
        }
        out.extend(&chars[cursor..start]);
        let piece: String = chars[start..end].iter().collect();
        out.push_str(&paint(&piece, style));
        cursor = end;
    }
    out.extend(&chars[cursor.min(chars.len())..]);
    out
}

fn kind_label(kind: MatchKind) -> &'static str {
    match kind {
        MatchKind::Context => "context",
        MatchKind::Exact => "exact",
        MatchKind::Adapted => "adapted",
        MatchKind::Fuzzy => "fuzzy",
    }
}

fn print_suggestion(s: &Suggestion) -> Result<(), CliError> {
    let style = match s.score {
        100.. => Style::Good,
        85..=99 => Style::Strong,
        _ => Style::Warning,
    };
    let source_ranges: Vec<(usize, usize)> = s
        .diff
        .iter()
        .filter(|d| d.op != DiffOp::Insert)
        .map(|d| (d.source_start, d.source_end))
        .collect();
    outln!(
        "  {}  {:<8} {}{}",
        paint(&format!("{:>3}%", s.score), style),
        kind_label(s.kind),
        paint(&s.memory, Style::Dim),
        paint(
            &format!(
                "  unit {}{}",
                s.unit_id,
                s.changed
                    .as_deref()
                    .map(|c| format!(", {c}"))
                    .unwrap_or_default()
            ),
            Style::Dim
        )
    )?;
    let source = tmkit::text::nfc(&s.source.text());
    outln!(
        "        source  {}",
        highlight(&source, &source_ranges, Style::Delete)
    )?;
    match &s.adapted_target {
        Some(adapted) => {
            let ranges: Vec<(usize, usize)> = s
                .substitutions
                .iter()
                .map(|x| (x.target_start, x.target_end))
                .collect();
            outln!(
                "        target  {}",
                highlight(adapted, &ranges, Style::Insert)
            )?;
            outln!(
                "        {}",
                paint(&format!("(memory: {})", s.target.text()), Style::Dim)
            )?;
        }
        None => outln!("        target  {}", s.target.text())?,
    }
    let mut facts = format!("word {} · char {}", s.scores.word, s.scores.char);
    if !s.scores.penalties.is_empty() {
        let list: Vec<String> = s
            .scores
            .penalties
            .iter()
            .map(|p| {
                format!(
                    "{} −{}",
                    serde_json::to_value(p.reason)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default(),
                    p.points
                )
            })
            .collect();
        facts.push_str(&format!(" · penalties: {}", list.join(", ")));
    }
    outln!("        {}", paint(&facts, Style::Dim))?;
    Ok(())
}

/// Runs `tmkit match`.
pub fn run_match(args: MatchArgs) -> Result<ExitCode, CliError> {
    let memories = open_memories(&args.memories, &args.lang)?;
    let sources = sources(&memories, &args.memories, &args.penalties);
    let segments: Vec<String> = match (&args.text, &args.file) {
        (Some(text), _) => {
            if let Some(problem) = report::query_problem(text) {
                return Err(CliError::input(problem));
            }
            vec![text.clone()]
        }
        (None, Some(path)) => super::input::read_text(path)?
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
        (None, None) => return Err(CliError::input("give a segment to look up, or --file FILE")),
    };
    let options = MatchOptions {
        pair: args.lang.clone(),
        min: args.min,
        max: args.max,
        context: args.file.is_some(),
    };
    let all = report::match_segments(&sources, &segments, &options)?;
    if args.format == Format::Json {
        output::print_json(&report::matches(&segments, &all))?;
        return Ok(ExitCode::SUCCESS);
    }
    for (i, (text, found)) in segments.iter().zip(&all).enumerate() {
        if segments.len() > 1 {
            outln!("{} {}", paint(&format!("[{}]", i + 1), Style::Accent), text)?;
        } else {
            outln!("{} {}", paint("query", Style::Accent), text)?;
        }
        if found.is_empty() {
            outln!(
                "  {}",
                paint(&format!("no match ≥ {}%", args.min), Style::Dim)
            )?;
        }
        for s in found {
            print_suggestion(s)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `tmkit analyze`.
pub fn run_analyze(args: AnalyzeArgs) -> Result<ExitCode, CliError> {
    let memories = open_memories(&args.memories, &args.lang)?;
    let sources = sources(&memories, &args.memories, &args.penalties);
    let text = super::input::read_text(&args.document)?;
    let segmenter = tmkit::segment::Segmenter::for_language(&args.lang.source);
    let segments: Vec<String> = segmenter
        .segment(&text)
        .into_iter()
        .map(|s| s.text)
        .filter(|s| !s.trim().is_empty())
        .collect();
    let bar = output::progress_bar(segments.len() as u64, "analysing", output::Counting::Items);
    let report = analyze(
        &segments,
        &sources,
        &AnalyzeOptions {
            source: args.lang.source.clone(),
            target: args.lang.target.clone(),
            weights: PenaltyWeights::default(),
        },
        &mut |done| bar.set_position(done as u64),
    )?;
    bar.finish_and_clear();
    if args.format == Format::Json {
        output::print_json(&serde_json::json!({
            "document": args.document.display().to_string(),
            "memories": args.memories.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "lang": args.lang.to_string(),
            "report": report,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    print_report(&report, &args)?;
    Ok(ExitCode::SUCCESS)
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "0.0%".to_string()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

fn print_report(report: &Report, args: &AnalyzeArgs) -> Result<(), CliError> {
    outln!(
        "{}  {}  against {}  ({})",
        paint("analysis", Style::Accent),
        args.document.display(),
        args.memories
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        args.lang
    )?;
    outln!(
        "  {:<22} {:>9} {:>9} {:>8} {:>11}",
        paint("band", Style::Strong),
        "segments",
        "words",
        "words %",
        "characters"
    )?;
    let line = |label: &str, segments: u64, words: u64, characters: u64| {
        outln!(
            "  {:<22} {:>9} {:>9} {:>8} {:>11}",
            label,
            segments,
            words,
            percent(words, report.words),
            characters
        )
    };
    for row in &report.bands {
        line(row.label, row.segments, row.words, row.characters)?;
    }
    for row in &report.internal_fuzzies {
        line(
            &format!("internal {}", row.label),
            row.segments,
            row.words,
            row.characters,
        )?;
    }
    outln!("  {}", paint(&"─".repeat(63), Style::Dim))?;
    line("total", report.segments, report.words, report.characters)?;
    if args.details {
        outln!("{}", paint("segments", Style::Accent))?;
        for d in &report.details {
            let band = if d.internal {
                format!("internal {}", d.band.label())
            } else {
                d.band.label().to_string()
            };
            outln!("  {:>5}  {:<22} {}", d.index + 1, band, d.text)?;
        }
    }
    Ok(())
}

/// Runs `tmkit concordance`.
pub fn run_concordance(args: ConcordanceArgs) -> Result<ExitCode, CliError> {
    if let Some(problem) = report::phrase_problem(&args.phrase) {
        return Err(CliError::input(problem));
    }
    let memories = open_memories(&args.memories, &args.lang)?;
    let (search, other) = match args.side {
        Side::Source => (&args.lang.source, &args.lang.target),
        Side::Target => (&args.lang.target, &args.lang.source),
    };
    let mut found = Vec::new();
    for (memory, path) in memories.iter().zip(&args.memories) {
        for hit in memory.concordance(&args.phrase, search, Some(other), args.max)? {
            found.push((path.display().to_string(), hit));
        }
    }
    if args.format == Format::Json {
        output::print_json(&report::concordance(&args.phrase, &found))?;
        return Ok(ExitCode::SUCCESS);
    }
    if found.is_empty() {
        outln!(
            "{}",
            paint(
                &format!("no segment contains “{}”", args.phrase),
                Style::Dim
            )
        )?;
    }
    for (memory, hit) in &found {
        outln!(
            "{}",
            paint(&format!("{memory}  unit {}", hit.unit_id), Style::Dim)
        )?;
        outln!(
            "  {:<6} {}",
            hit.found.lang.normalized(),
            highlight(&hit.found.text(), &hit.highlights, Style::Accent)
        )?;
        if let Some(other) = &hit.other {
            outln!("  {:<6} {}", other.lang.normalized(), other.text())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
