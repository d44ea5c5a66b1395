//! `tmkit match`, `tmkit analyze`, `tmkit concordance`: thin layers over
//! `Memory::suggest`/`suggest_many`, `workflow::analyze::analyze` and
//! `Memory::concordance`.

use super::output::{self, CliError, Format, Style, paint};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;
use tmkit::fuzzy::score::{DiffOp, DiffSpan, MatchKind, Penalty, PenaltyWeights, Substitution};
use tmkit::fuzzy::{Context, Query, Suggestion};
use tmkit::lang::LangPair;
use tmkit::memory::{Memory, MemorySource, suggest_many};
use tmkit::workflow::analyze::{AnalyzeOptions, Report, analyze};

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
        let memory = Memory::open(path)?;
        memory
            .require_pair(&pair.source, &pair.target)
            .map_err(|e| CliError::input(format!("{}: {e}", path.display())))?;
        memories.push(memory);
    }
    Ok(memories)
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

fn read_input(path: &PathBuf) -> Result<String, CliError> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| CliError::input(format!("standard input: {e}")))?;
        return Ok(text);
    }
    let bytes =
        std::fs::read(path).map_err(|e| CliError::input(format!("{}: {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|e| {
        CliError::input(format!(
            "{}: not UTF-8 (invalid byte at offset {}); convert it to UTF-8 first",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// One suggestion as `tmkit match --format json` prints it (stable field names).
#[derive(Serialize)]
struct SuggestionJson<'a> {
    memory: &'a str,
    unit_id: i64,
    tuid: Option<&'a str>,
    score: u8,
    kind: MatchKind,
    word_score: u8,
    char_score: u8,
    penalties: &'a [Penalty],
    source: String,
    target: String,
    adapted_target: Option<&'a str>,
    substitutions: &'a [Substitution],
    diff: &'a [DiffSpan],
    changed: Option<&'a str>,
}

#[derive(Serialize)]
struct QueryJson<'a> {
    segment: usize,
    query: &'a str,
    suggestions: Vec<SuggestionJson<'a>>,
}

fn to_json(s: &Suggestion) -> SuggestionJson<'_> {
    SuggestionJson {
        memory: &s.memory,
        unit_id: s.unit_id,
        tuid: s.unit.tuid(),
        score: s.score,
        kind: s.kind,
        word_score: s.scores.word,
        char_score: s.scores.char,
        penalties: &s.scores.penalties,
        source: s.source.text(),
        target: s.target.text(),
        adapted_target: s.adapted_target.as_deref(),
        substitutions: &s.substitutions,
        diff: &s.diff,
        changed: s.changed.as_deref(),
    }
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

fn print_suggestion(s: &Suggestion) {
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
    println!(
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
    );
    let source = tmkit::text::nfc(&s.source.text());
    println!(
        "        source  {}",
        highlight(&source, &source_ranges, Style::Delete)
    );
    match &s.adapted_target {
        Some(adapted) => {
            let ranges: Vec<(usize, usize)> = s
                .substitutions
                .iter()
                .map(|x| (x.target_start, x.target_end))
                .collect();
            println!(
                "        target  {}",
                highlight(adapted, &ranges, Style::Insert)
            );
            println!(
                "        {}",
                paint(&format!("(memory: {})", s.target.text()), Style::Dim)
            );
        }
        None => println!("        target  {}", s.target.text()),
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
    println!("        {}", paint(&facts, Style::Dim));
}

/// Runs `tmkit match`.
pub fn run_match(args: MatchArgs) -> Result<ExitCode, CliError> {
    let memories = open_memories(&args.memories, &args.lang)?;
    let sources = sources(&memories, &args.memories, &args.penalties);
    let segments: Vec<String> = match (&args.text, &args.file) {
        (Some(text), _) => {
            if tmkit::fuzzy::tokenize::tokenize(text).is_empty() {
                return Err(CliError::input(
                    "the query has no words to match (it is empty or only punctuation); give a source segment",
                ));
            }
            vec![text.clone()]
        }
        (None, Some(path)) => read_input(path)?
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
        (None, None) => return Err(CliError::input("give a segment to look up, or --file FILE")),
    };
    let mut all = Vec::with_capacity(segments.len());
    for (index, text) in segments.iter().enumerate() {
        let mut query = Query::new(
            text,
            args.lang.source.original(),
            args.lang.target.original(),
        );
        query.source = args.lang.source.clone();
        query.target = args.lang.target.clone();
        query.min_score = args.min;
        query.max_results = args.max;
        query.weights = PenaltyWeights::default();
        if args.file.is_some() {
            query.context = Some(Context {
                previous: index.checked_sub(1).map(|i| segments[i].clone()),
                next: segments.get(index + 1).cloned(),
            });
        }
        all.push(suggest_many(&sources, &query)?);
    }
    if args.format == Format::Json {
        let out: Vec<QueryJson> = segments
            .iter()
            .zip(&all)
            .enumerate()
            .map(|(i, (text, found))| QueryJson {
                segment: i + 1,
                query: text,
                suggestions: found.iter().map(to_json).collect(),
            })
            .collect();
        output::print_json(&serde_json::json!({ "queries": out }))?;
        return Ok(ExitCode::SUCCESS);
    }
    for (i, (text, found)) in segments.iter().zip(&all).enumerate() {
        if segments.len() > 1 {
            println!("{} {}", paint(&format!("[{}]", i + 1), Style::Accent), text);
        } else {
            println!("{} {}", paint("query", Style::Accent), text);
        }
        if found.is_empty() {
            println!(
                "  {}",
                paint(&format!("no match ≥ {}%", args.min), Style::Dim)
            );
        }
        for s in found {
            print_suggestion(s);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `tmkit analyze`.
pub fn run_analyze(args: AnalyzeArgs) -> Result<ExitCode, CliError> {
    let memories = open_memories(&args.memories, &args.lang)?;
    let sources = sources(&memories, &args.memories, &args.penalties);
    let text = read_input(&args.document)?;
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
    print_report(&report, &args);
    Ok(ExitCode::SUCCESS)
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "0.0%".to_string()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

fn print_report(report: &Report, args: &AnalyzeArgs) {
    println!(
        "{}  {}  against {}  ({})",
        paint("analysis", Style::Accent),
        args.document.display(),
        args.memories
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        args.lang
    );
    println!(
        "  {:<22} {:>9} {:>9} {:>8} {:>11}",
        paint("band", Style::Strong),
        "segments",
        "words",
        "words %",
        "characters"
    );
    let line = |label: &str, segments: u64, words: u64, characters: u64| {
        println!(
            "  {:<22} {:>9} {:>9} {:>8} {:>11}",
            label,
            segments,
            words,
            percent(words, report.words),
            characters
        );
    };
    for row in &report.bands {
        line(row.label, row.segments, row.words, row.characters);
    }
    for row in &report.internal_fuzzies {
        line(
            &format!("internal {}", row.label),
            row.segments,
            row.words,
            row.characters,
        );
    }
    println!("  {}", paint(&"─".repeat(63), Style::Dim));
    line("total", report.segments, report.words, report.characters);
    if args.details {
        println!("{}", paint("segments", Style::Accent));
        for d in &report.details {
            let band = if d.internal {
                format!("internal {}", d.band.label())
            } else {
                d.band.label().to_string()
            };
            println!("  {:>5}  {:<22} {}", d.index + 1, band, d.text);
        }
    }
}

#[derive(Serialize)]
struct ConcordanceJson<'a> {
    memory: String,
    unit_id: i64,
    tuid: Option<&'a str>,
    lang: &'a str,
    text: String,
    highlights: &'a [(usize, usize)],
    other_lang: Option<&'a str>,
    other: Option<String>,
}

/// Runs `tmkit concordance`.
pub fn run_concordance(args: ConcordanceArgs) -> Result<ExitCode, CliError> {
    if tmkit::fuzzy::tokenize::tokenize(&args.phrase).is_empty() {
        return Err(CliError::input(
            "the phrase has no words to search for; give a word or phrase",
        ));
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
        let out: Vec<ConcordanceJson> = found
            .iter()
            .map(|(memory, hit)| ConcordanceJson {
                memory: memory.clone(),
                unit_id: hit.unit_id,
                tuid: hit.unit.tuid(),
                lang: hit.found.lang.normalized(),
                text: hit.found.text(),
                highlights: &hit.highlights,
                other_lang: hit.other.as_ref().map(|v| v.lang.normalized()),
                other: hit.other.as_ref().map(|v| v.text()),
            })
            .collect();
        output::print_json(&serde_json::json!({ "phrase": args.phrase, "hits": out }))?;
        return Ok(ExitCode::SUCCESS);
    }
    if found.is_empty() {
        println!(
            "{}",
            paint(
                &format!("no segment contains “{}”", args.phrase),
                Style::Dim
            )
        );
    }
    for (memory, hit) in &found {
        println!(
            "{}",
            paint(&format!("{memory}  unit {}", hit.unit_id), Style::Dim)
        );
        println!(
            "  {:<6} {}",
            hit.found.lang.normalized(),
            highlight(&hit.found.text(), &hit.highlights, Style::Accent)
        );
        if let Some(other) = &hit.other {
            println!("  {:<6} {}", other.lang.normalized(), other.text());
        }
    }
    Ok(ExitCode::SUCCESS)
}
