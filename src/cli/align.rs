//! `tmkit align`: sentence-align article pairs into a review table, TSV,
//! TMX or straight into a memory.

use super::output::{self, CliError, Style, paint};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use tmkit::align::anchors::TermAnchors;
use tmkit::align::{Aligner, Refusal};
use tmkit::glossary::Glossary;
use tmkit::lang::LangPair;
use tmkit::memory::{ImportOptions, Memory};
use tmkit::segment::Segmenter;
use tmkit::tmx::{TmxWriter, WriteOptions};
use tmkit::unit::{Header, TranslationUnit, UnitReader, VecReader};
use tmkit::workflow::align::{
    AlignSettings, AlignedDocument, Segmentation, UnsurePolicy, align_named, decode_text,
    learn_lexicon, needs_second_pass, realign, units,
};

/// The default of `--min-confidence`, chosen on the tuning split of the NTREX
/// evaluation (BENCHMARKS.md): at 0.7, 98.9% of the paired beads kept from
/// perturbed article pairs are correct (98.2% of all) and 95% are kept; on
/// clean pairs 99.96% are correct and 97.7% kept.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.7;

/// How `tmkit align` prints beads.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AlignFormat {
    /// Two columns for review.
    #[default]
    Text,
    /// `{"beads": […]}` (one pair) or `{"documents": […]}` (a batch).
    Json,
    /// `SRC<TAB>TGT<TAB>confidence` with a header row; `tmkit memory import` reads it back.
    Tsv,
}

/// Arguments of `tmkit align`.
#[derive(clap::Args, Debug)]
pub struct AlignArgs {
    /// The source text (UTF-8).
    #[arg(required_unless_present_any = ["dir_pairs", "pairs"])]
    pub source: Option<PathBuf>,
    /// Its translation (UTF-8).
    #[arg(required_unless_present_any = ["dir_pairs", "pairs"])]
    pub target: Option<PathBuf>,
    /// Language pair SOURCE:TARGET, e.g. ru:en.
    #[arg(long)]
    pub lang: LangPair,
    /// Glossaries whose terms serve as anchors (TBX, TSV, CSV).
    #[arg(short = 'g', long = "glossary", value_name = "GLOSSARY")]
    pub glossaries: Vec<PathBuf>,
    /// Write the beads to this file: `.tmx` gives TMX 1.4b, any other name the
    /// --format output. Written atomically.
    #[arg(short = 'o', long, value_name = "FILE", conflicts_with = "memory")]
    pub output: Option<PathBuf>,
    /// Import the pairs into this memory (created when missing), in one transaction.
    #[arg(long, value_name = "MEMORY")]
    pub memory: Option<PathBuf>,
    /// Output format on standard output (or in -o FILE).
    #[arg(long, value_enum, default_value_t)]
    pub format: AlignFormat,
    /// One segment per line as given (blank lines separate paragraphs);
    /// indices are 0-based line numbers.
    #[arg(long, conflicts_with = "srx")]
    pub lines: bool,
    /// Segment with the rules of this SRX file instead of the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub srx: Option<PathBuf>,
    /// Pairs at or above this confidence go into the memory / TMX as approved
    /// units; the others are marked unapproved (x-status=needs-review).
    #[arg(long, default_value_t = DEFAULT_MIN_CONFIDENCE, value_name = "X")]
    pub min_confidence: f64,
    /// Leave pairs under --min-confidence out instead of marking them.
    #[arg(long)]
    pub skip_unsure: bool,
    /// Refuse a document pair whose mean confidence is under this (0 aligns everything).
    #[arg(long, default_value_t = tmkit::align::DEFAULT_REFUSE_BELOW, value_name = "X")]
    pub refuse_below: f64,
    /// Align every file of SRC_DIR with the file of the same name in TGT_DIR
    /// (language tags in names are ignored: a.ru.txt pairs with a.en.txt).
    #[arg(long, num_args = 2, value_names = ["SRC_DIR", "TGT_DIR"], conflicts_with_all = ["source", "pairs"])]
    pub dir_pairs: Option<Vec<PathBuf>>,
    /// A TSV file of pairs: source path<TAB>target path per line (relative
    /// paths are relative to the list's folder).
    #[arg(long, value_name = "LIST", conflicts_with = "source")]
    pub pairs: Option<PathBuf>,
}

struct Job {
    source: PathBuf,
    target: PathBuf,
}

enum Outcome {
    Aligned(Box<AlignedDocument>),
    Refused(Refusal),
    Failed(String),
}

/// Runs `tmkit align`.
pub fn run(args: AlignArgs) -> Result<ExitCode, CliError> {
    if !(0.0..=1.0).contains(&args.min_confidence) {
        return Err(CliError::input(
            "--min-confidence takes a number from 0 to 1",
        ));
    }
    if args.output.as_deref().is_some_and(tmkit::fsutil::is_stdout) {
        output::stdout_carries_data();
    }
    for path in args.output.iter().chain(args.memory.iter()) {
        check_folder(path)?;
    }
    let (jobs, unmatched, batch) = collect_jobs(&args)?;
    let settings = settings(&args)?;
    let start = Instant::now();
    let outcomes = align_all(&jobs, &settings);
    let seconds = start.elapsed().as_secs_f64();
    let aligned = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Aligned(_)))
        .count();
    if aligned == 0 {
        let mut message = String::from("nothing could be aligned");
        for (job, outcome) in jobs.iter().zip(&outcomes) {
            message.push_str(&format!("\n  {}", describe_failure(job, outcome)));
        }
        for name in &unmatched {
            message.push_str(&format!("\n  {name}"));
        }
        if !batch && jobs.len() == 1 {
            message = describe_failure(&jobs[0], &outcomes[0]);
        }
        return Err(CliError::input(message));
    }
    let policy = if args.skip_unsure {
        UnsurePolicy::Skip
    } else {
        UnsurePolicy::MarkUnapproved
    };
    let mut tus: Vec<TranslationUnit> = Vec::new();
    if args.memory.is_some() || is_tmx(args.output.as_deref()) {
        for (job, outcome) in jobs.iter().zip(&outcomes) {
            if let Outcome::Aligned(doc) = outcome {
                tus.extend(units(
                    doc,
                    &settings,
                    &document_name(job),
                    args.min_confidence,
                    policy,
                ));
            }
        }
    }
    let summary_to_stderr;
    if let Some(memory) = &args.memory {
        import(memory, tus.clone())?;
        summary_to_stderr = false;
    } else if let Some(path) = &args.output {
        if is_tmx(Some(path)) {
            write_tmx(path, &settings, &tus)?;
        } else {
            tmkit::fsutil::write_output(path, |w| {
                render(w, &args, &jobs, &outcomes, &unmatched, batch)
            })
            .map_err(|e| CliError::input(format!("{}: cannot write: {e}", path.display())))?;
        }
        summary_to_stderr = false;
    } else {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        render(&mut out, &args, &jobs, &outcomes, &unmatched, batch)
            .and_then(|()| std::io::Write::flush(&mut out))
            .map_err(|e| CliError::io("writing the output", &e))?;
        summary_to_stderr = true;
    }
    let problems = outcomes.len() - aligned + unmatched.len();
    if !(summary_to_stderr && args.format != AlignFormat::Text && !batch) {
        print_summary(
            &args,
            &jobs,
            &outcomes,
            &unmatched,
            &tus,
            seconds,
            summary_to_stderr,
        )?;
    }
    Ok(if problems > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn check_folder(path: &Path) -> Result<(), CliError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            return Err(CliError::input(format!(
                "{}: the folder {} does not exist; create it first or choose another path",
                path.display(),
                parent.display()
            )));
        }
    }
    Ok(())
}

fn is_tmx(path: Option<&Path>) -> bool {
    path.and_then(Path::extension)
        .is_some_and(|e| e.eq_ignore_ascii_case("tmx"))
}

fn settings(args: &AlignArgs) -> Result<AlignSettings, CliError> {
    let (source, target) = (&args.lang.source, &args.lang.target);
    let segmentation = if args.lines {
        Segmentation::Lines
    } else if let Some(srx) = &args.srx {
        let load = |lang| -> Result<Segmenter, CliError> {
            let (segmenter, problems) = Segmenter::from_srx_file(srx, lang)?;
            for problem in problems {
                output::print_warning(&format!("{}: {problem}", srx.display()));
            }
            Ok(segmenter)
        };
        Segmentation::Srx(Box::new(load(source)?), Box::new(load(target)?))
    } else {
        Segmentation::Rules
    };
    let mut aligner = Aligner::new(source, target).refuse_below(args.refuse_below);
    if !args.glossaries.is_empty() {
        let mut glossaries = Vec::new();
        for path in &args.glossaries {
            let (glossary, _) = Glossary::load(path)?;
            glossaries.push(glossary);
        }
        let terms = TermAnchors::new(&glossaries, source, target);
        if terms.concepts() == 0 {
            output::print_warning(&format!(
                "the glossaries have no concept with terms in both {source} and {target}; they add no anchors"
            ));
        }
        aligner = aligner.with_terms(terms);
    }
    Ok(AlignSettings {
        source_lang: source.clone(),
        target_lang: target.clone(),
        segmentation,
        aligner,
    })
}

/// The documents to align, the names left unpaired, and whether this is a batch.
fn collect_jobs(args: &AlignArgs) -> Result<(Vec<Job>, Vec<String>, bool), CliError> {
    if let Some(dirs) = &args.dir_pairs {
        let (sl, tl) = (args.lang.source.primary(), args.lang.target.primary());
        let (pairs, unmatched) = super::align_dirs::dir_pairs(&dirs[0], &dirs[1], sl, tl)?;
        let jobs = pairs
            .into_iter()
            .map(|(source, target)| Job { source, target })
            .collect();
        return Ok((jobs, unmatched, true));
    }
    if let Some(list) = &args.pairs {
        let text = super::input::read_text(list)?;
        let base = list.parent().unwrap_or(Path::new(""));
        let mut jobs = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            if cells.len() != 2 {
                return Err(CliError::input(format!(
                    "{}:{}: expected source path<TAB>target path, found {} cells",
                    list.display(),
                    n + 1,
                    cells.len()
                )));
            }
            jobs.push(Job {
                source: base.join(cells[0].trim()),
                target: base.join(cells[1].trim()),
            });
        }
        return Ok((jobs, Vec::new(), true));
    }
    let (Some(source), Some(target)) = (&args.source, &args.target) else {
        return Err(CliError::input(
            "give SOURCE and TARGET files, --dir-pairs SRC_DIR TGT_DIR or --pairs LIST",
        ));
    };
    Ok((
        vec![Job {
            source: source.clone(),
            target: target.clone(),
        }],
        Vec::new(),
        false,
    ))
}

fn document_name(job: &Job) -> String {
    job.source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| job.source.display().to_string())
}

fn align_one(job: &Job, settings: &AlignSettings) -> Outcome {
    let read = |path: &Path| -> Result<String, String> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
        decode_text(&bytes, &name).map_err(|e| e.to_string())
    };
    if job.source == job.target
        || std::fs::canonicalize(&job.source).ok() == std::fs::canonicalize(&job.target).ok()
            && job.source.exists()
    {
        return Outcome::Failed(format!(
            "{}: the same file is given as source and target; give the translation as TARGET",
            job.source.display()
        ));
    }
    let (source, target) = match (read(&job.source), read(&job.target)) {
        (Ok(s), Ok(t)) => (s, t),
        (Err(e), _) | (_, Err(e)) => return Outcome::Failed(e),
    };
    let (sn, tn) = (
        job.source.display().to_string(),
        job.target.display().to_string(),
    );
    match align_named(&source, &target, settings, &sn, &tn) {
        Ok(doc) => match doc.alignment.refusal.clone() {
            Some(refusal) => Outcome::Refused(refusal),
            None => Outcome::Aligned(Box::new(doc)),
        },
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// Aligns every job on all cores, in order: a first pass, then, when its
/// confident beads teach a translation lexicon, a second pass with it over
/// the documents it can change (not all sure 1-1 beads).
fn align_all(jobs: &[Job], settings: &AlignSettings) -> Vec<Outcome> {
    let bar = output::progress_bar(2 * jobs.len() as u64, "aligning", output::Counting::Items);
    let first = parallel_map(jobs, |job| {
        let outcome = align_one(job, settings);
        bar.inc(1);
        outcome
    });
    let lexicon = learn_lexicon(first.iter().filter_map(|o| match o {
        Outcome::Aligned(doc) => Some(&**doc),
        _ => None,
    }));
    if lexicon.is_empty() {
        bar.finish_and_clear();
        return first;
    }
    let second = parallel_map(&first, |outcome| {
        let next = match outcome {
            Outcome::Aligned(doc) if !needs_second_pass(doc) => {
                let mut doc = doc.clone();
                doc.first_pass = None;
                Outcome::Aligned(doc)
            }
            Outcome::Aligned(doc) => {
                let doc = realign(doc, settings, &lexicon);
                match doc.alignment.refusal.clone() {
                    Some(refusal) => Outcome::Refused(refusal),
                    None => Outcome::Aligned(Box::new(doc)),
                }
            }
            Outcome::Refused(r) => Outcome::Refused(r.clone()),
            Outcome::Failed(m) => Outcome::Failed(m.clone()),
        };
        bar.inc(1);
        next
    });
    bar.finish_and_clear();
    second
}

/// `f` over `items` on all cores, results in the order of `items` whatever
/// the scheduling. Rayon's pool: a panicking worker is re-raised here instead
/// of its documents being dropped without a word (the hand-made pool this
/// replaces joined its threads with `unwrap_or_default`).
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use rayon::prelude::*;
    items.par_iter().map(&f).collect()
}

fn describe_failure(job: &Job, outcome: &Outcome) -> String {
    match outcome {
        Outcome::Aligned(_) => String::new(),
        Outcome::Refused(refusal) => format!(
            "{} ↔ {}: not aligned: {refusal}",
            job.source.display(),
            job.target.display()
        ),
        Outcome::Failed(message) => message.clone(),
    }
}

fn import(path: &Path, tus: Vec<TranslationUnit>) -> Result<(), CliError> {
    let mut memory = Memory::open_with(
        path,
        tmkit::memory::OpenOptions {
            read_only: false,
            create: true,
            on_wait: Some(super::memory_io::waiting_message(
                path.display().to_string(),
            )),
            ..Default::default()
        },
    )?;
    let created = memory.was_created();
    let mut reader = VecReader::new(tus);
    let options = ImportOptions {
        source_name: "tmkit align".into(),
        ..ImportOptions::default()
    };
    let mut inputs: Vec<(String, &mut dyn UnitReader)> = vec![(
        "tmkit align".to_string(),
        &mut reader as &mut dyn UnitReader,
    )];
    if let Err(e) = memory.import_many(&mut inputs, &options, &mut |_| {}) {
        if created {
            // Nothing was imported: leave no empty memory behind (unless
            // another import has filled it meanwhile).
            let _ = memory.remove_if_empty();
        }
        return Err(CliError::input(format!("{}: {e}", path.display())));
    }
    Ok(())
}

fn write_tmx(
    path: &Path,
    settings: &AlignSettings,
    tus: &[TranslationUnit],
) -> Result<(), CliError> {
    let mut header = Header {
        version: "1.4".into(),
        ..Header::default()
    };
    header
        .attrs
        .push(("srclang".into(), settings.source_lang.original().into()));
    header.attrs.push(("datatype".into(), "plaintext".into()));
    header.attrs.push(("segtype".into(), "sentence".into()));
    tmkit::fsutil::write_output(path, |w| {
        let mut writer = TmxWriter::new(w, &header, &WriteOptions::default())?;
        for unit in tus {
            writer.write_unit(unit)?;
        }
        writer.finish()?;
        Ok(())
    })
    .map_err(|e| CliError::input(format!("{}: cannot write: {e}", path.display())))
}

fn render(
    w: &mut dyn Write,
    args: &AlignArgs,
    jobs: &[Job],
    outcomes: &[Outcome],
    unmatched: &[String],
    batch: bool,
) -> std::io::Result<()> {
    match args.format {
        AlignFormat::Json => {
            let beads = |doc: &AlignedDocument| -> Vec<serde_json::Value> {
                doc.alignment
                    .beads
                    .iter()
                    .map(|b| {
                        serde_json::json!({
                            "source_index": doc.source_index(b),
                            "target_index": doc.target_index(b),
                            "source": doc.source_text(b),
                            "target": doc.target_text(b),
                            "shape": b.shape_label(),
                            "confidence": (b.confidence * 1000.0).round() / 1000.0,
                        })
                    })
                    .collect()
            };
            let value = if batch {
                let documents: Vec<serde_json::Value> = jobs
                    .iter()
                    .zip(outcomes)
                    .map(|(job, outcome)| {
                        let mut doc = serde_json::json!({
                            "source_file": job.source.display().to_string(),
                            "target_file": job.target.display().to_string(),
                        });
                        match outcome {
                            Outcome::Aligned(d) => doc["beads"] = beads(d).into(),
                            other => {
                                doc["beads"] = serde_json::json!([]);
                                doc["refused"] = describe_failure(job, other).into();
                            }
                        }
                        doc
                    })
                    .collect();
                serde_json::json!({ "documents": documents, "unmatched": unmatched })
            } else {
                match &outcomes[0] {
                    Outcome::Aligned(d) => serde_json::json!({ "beads": beads(d) }),
                    _ => serde_json::json!({ "beads": [] }),
                }
            };
            serde_json::to_writer_pretty(&mut *w, &value)?;
            writeln!(w)
        }
        AlignFormat::Tsv => {
            tmkit::tsv::write_header(w, &args.lang.source, &args.lang.target, batch)?;
            for (job, outcome) in jobs.iter().zip(outcomes) {
                let Outcome::Aligned(doc) = outcome else {
                    continue;
                };
                let name = document_name(job);
                for b in &doc.alignment.beads {
                    let document = batch.then_some(name.as_str());
                    tmkit::tsv::write_row(
                        w,
                        &doc.source_text(b),
                        &doc.target_text(b),
                        b.confidence,
                        document,
                    )?;
                }
            }
            Ok(())
        }
        AlignFormat::Text => {
            for (job, outcome) in jobs.iter().zip(outcomes) {
                let Outcome::Aligned(doc) = outcome else {
                    continue;
                };
                if batch {
                    writeln!(
                        w,
                        "{}",
                        paint(
                            &format!("{} ↔ {}", job.source.display(), job.target.display()),
                            Style::Accent
                        )
                    )?;
                }
                render_columns(w, doc, args.min_confidence)?;
            }
            Ok(())
        }
    }
}

/// Words of `text` wrapped to lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let len = lines.last().map_or(0, |l| l.chars().count());
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(String::new());
        }
        let last = lines.last_mut().expect("lines is never empty");
        if !last.is_empty() {
            last.push(' ');
        }
        last.push_str(word);
    }
    lines
}

fn render_columns(
    w: &mut dyn Write,
    doc: &AlignedDocument,
    min_confidence: f64,
) -> std::io::Result<()> {
    let total = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .unwrap_or(120)
        .max(60);
    let column = (total - 16) / 2;
    for bead in &doc.alignment.beads {
        let left = wrap(&doc.source_text(bead), column);
        let right = wrap(&doc.target_text(bead), column);
        let confidence = format!("{:.2}", bead.confidence);
        let style = if bead.confidence >= min_confidence {
            Style::Good
        } else {
            Style::Warning
        };
        for k in 0..left.len().max(right.len()) {
            let l = left.get(k).map_or("", String::as_str);
            let r = right.get(k).map_or("", String::as_str);
            let pad = column.saturating_sub(l.chars().count());
            if k == 0 {
                write!(
                    w,
                    "{:>3} {} ",
                    bead.shape_label(),
                    paint(&confidence, style)
                )?;
            } else {
                write!(w, "         ")?;
            }
            writeln!(w, "{l}{} │ {r}", " ".repeat(pad))?;
        }
    }
    Ok(())
}

fn print_summary(
    args: &AlignArgs,
    jobs: &[Job],
    outcomes: &[Outcome],
    unmatched: &[String],
    tus: &[TranslationUnit],
    seconds: f64,
    to_stderr: bool,
) -> Result<(), CliError> {
    let mut shapes: BTreeMap<String, usize> = BTreeMap::new();
    let (mut beads, mut confidence_sum) = (0usize, 0.0);
    let mut refused = Vec::new();
    for (job, outcome) in jobs.iter().zip(outcomes) {
        match outcome {
            Outcome::Aligned(doc) => {
                for b in &doc.alignment.beads {
                    *shapes.entry(b.shape_label()).or_default() += 1;
                    beads += 1;
                    confidence_sum += b.confidence;
                }
            }
            other => refused.push(describe_failure(job, other)),
        }
    }
    let mean = if beads > 0 {
        confidence_sum / beads as f64
    } else {
        0.0
    };
    let unsure = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Aligned(doc) => Some(doc),
            _ => None,
        })
        .flat_map(|doc| doc.alignment.beads.iter())
        .filter(|b| b.is_pair() && b.confidence < args.min_confidence)
        .count();
    let destination = args
        .memory
        .as_ref()
        .or(args.output.as_ref())
        .map(|p| p.display().to_string());
    if args.format == AlignFormat::Json && !to_stderr {
        let value = serde_json::json!({
            "documents": jobs.len(),
            "aligned": jobs.len() - refused.len(),
            "refused": refused,
            "unmatched": unmatched,
            "beads": beads,
            "shapes": shapes,
            "mean_confidence": (mean * 1000.0).round() / 1000.0,
            "units": tus.len(),
            "unsure_units": unsure,
            "output": destination,
            "seconds": (seconds * 1000.0).round() / 1000.0,
        });
        return output::print_json(&value);
    }
    let mut text = String::new();
    let shape_list: Vec<String> = shapes.iter().map(|(s, n)| format!("{s} {n}")).collect();
    text.push_str(&format!(
        "{} {} of {} documents: {} beads ({}), mean confidence {:.2}, {:.1} s\n",
        paint("aligned", Style::Good),
        jobs.len() - refused.len(),
        jobs.len(),
        beads,
        shape_list.join(", "),
        mean,
        seconds
    ));
    if let Some(destination) = destination {
        let what = if args.memory.is_some() || is_tmx(args.output.as_deref()) {
            format!(
                "{} units ({} under --min-confidence {:.2}, {})",
                tus.len(),
                unsure,
                args.min_confidence,
                if args.skip_unsure {
                    "skipped"
                } else {
                    "marked x-status=needs-review"
                }
            )
        } else {
            "the beads".to_string()
        };
        text.push_str(&format!("  wrote {what} to {destination}\n"));
    }
    for line in refused.iter().chain(unmatched) {
        text.push_str(&format!("  {} {line}\n", paint("refused:", Style::Warning)));
    }
    if to_stderr {
        eprint!("{text}");
        Ok(())
    } else {
        // Through the one stdout policy: to stderr when `-o -` carries the data.
        output::write_line(format_args!("{}", text.trim_end_matches('\n')))
    }
}

#[cfg(test)]
mod tests {
    use super::parallel_map;

    #[test]
    fn parallel_map_keeps_order_and_never_drops_a_panicking_item() {
        let items: Vec<u32> = (0..100).collect();
        assert_eq!(
            parallel_map(&items, |x| x * 2),
            (0..100).map(|x| x * 2).collect::<Vec<_>>()
        );
        // A worker that panics must not leave a shorter result behind.
        let outcome = std::panic::catch_unwind(|| {
            parallel_map(&items, |&x| {
                assert_ne!(x, 57, "document 57 cannot be aligned");
                x
            })
        });
        assert!(outcome.is_err(), "{outcome:?}");
    }
}
