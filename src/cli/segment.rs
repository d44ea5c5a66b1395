//! `tmkit segment` and `tmkit eval segment`: thin layers over `tmkit::segment`.

use super::output::{self, CliError, Style, outln};
use std::collections::BTreeMap;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tmkit::lang::LangTag;
use tmkit::segment::detect::guess_language;
use tmkit::segment::eval::{self, BoundaryError, Counts, GoldUnit, SkippedUnit};
use tmkit::segment::srx::SrxDocument;
use tmkit::segment::{RuleProblem, SegmentError, SegmentRef, Segmenter};

/// Output format of `tmkit segment`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SegmentFormat {
    /// One segment per line (line breaks inside a segment become spaces).
    #[default]
    Text,
    /// A JSON array of {text, start, end, byte_start, byte_end}.
    Json,
    /// Tab-separated: start, end, byte_start, byte_end, text (tabs and line breaks escaped).
    Tsv,
}

/// Arguments of `tmkit segment`.
#[derive(clap::Args, Debug)]
pub struct SegmentArgs {
    /// UTF-8 text file to split, or `-` for standard input.
    #[arg(required_unless_present_any = ["print_default_srx", "check_srx"])]
    input: Option<String>,
    /// Language of the text (BCP 47: en, ru, uk, de-AT …). Without it the
    /// language is guessed from the script; tmkit refuses when unsure.
    #[arg(long, short = 'l')]
    lang: Option<String>,
    /// Use the rules of this SRX 2.0 file instead of tmkit's defaults.
    #[arg(long, value_name = "RULES.srx")]
    srx: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = SegmentFormat::Text)]
    format: SegmentFormat,
    /// Print tmkit's default rules as an SRX 2.0 file and exit.
    #[arg(long, alias = "export-rules")]
    print_default_srx: bool,
    /// Compile every rule of the `--srx` file (all languages) and list those
    /// that cannot be used; exit 1 if there are any.
    #[arg(long, requires = "srx")]
    check_srx: bool,
    /// Do not split a headline without an end mark off the first sentence of
    /// a paragraph (a post-pass of the built-in rules; SRX files never use it).
    #[arg(long)]
    no_headlines: bool,
}

/// Arguments of `tmkit eval segment`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// Gold JSONL files: one {"lang", "text", "sentences": […]} object per line.
    #[arg(long, required = true, num_args = 1.., value_name = "FILE.jsonl")]
    gold: Vec<PathBuf>,
    /// Also evaluate these SRX files (repeatable), side by side with tmkit's rules.
    #[arg(long, num_args = 1.., value_name = "RULES.srx")]
    srx: Vec<PathBuf>,
    /// Score segments produced by another tool: NAME=DIR, where DIR holds,
    /// for each gold file, a file of the same name with one
    /// {"segments": […]} line per gold line (benches/segment_peers.py writes these).
    #[arg(long, num_args = 1.., value_name = "NAME=DIR")]
    predictions: Vec<String>,
    /// Leave tmkit's default rules out of the comparison.
    #[arg(long)]
    no_default: bool,
    /// Evaluate tmkit's default rules without the headline post-pass.
    #[arg(long)]
    no_headlines: bool,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = output::Format::Text)]
    format: output::Format,
    /// Show up to N wrong boundaries per file and rule set, with context.
    #[arg(long, default_value_t = 10, value_name = "N")]
    errors: usize,
}

fn segment_error(error: SegmentError) -> CliError {
    CliError::input(error)
}

fn warn_problems(problems: &[RuleProblem], source: &str) {
    for problem in problems {
        output::print_warning(&format!("{source}: {problem}"));
    }
}

/// Runs `tmkit segment`.
pub fn run(args: SegmentArgs) -> Result<ExitCode, CliError> {
    if args.print_default_srx {
        output::write_stdout(tmkit::segment::default_srx())?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.check_srx {
        return check_srx(args.srx.as_deref().unwrap_or(Path::new("")));
    }
    let input = args.input.clone().unwrap_or_else(|| "-".into());
    let name = if input == "-" {
        "<stdin>".to_string()
    } else {
        input.clone()
    };
    let mut reader: Box<dyn Read> = if input == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file =
            std::fs::File::open(&input).map_err(|e| CliError::input(format!("{input}: {e}")))?;
        Box::new(file)
    };
    // Read the head once: it tells empty input apart and feeds the language guess.
    let mut head = Vec::with_capacity(64 * 1024);
    reader
        .by_ref()
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| CliError::input(format!("{name}: {e}")))?;
    if head.is_empty() {
        output::print_warning(&format!("{name} is empty: no segments"));
        if args.format == SegmentFormat::Json {
            outln!("[]")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let lang = match &args.lang {
        Some(lang) => {
            tmkit::lang::check_well_formed(lang).map_err(|why| {
                CliError::input(format!(
                    "--lang {lang:?} is not a BCP 47 language tag: {why}; write e.g. en, ru, uk, de-CH or sr-Latn"
                ))
            })?;
            LangTag::parse(lang)
        }
        None => {
            let valid = match std::str::from_utf8(&head) {
                Ok(text) => text,
                Err(e) if e.error_len().is_none() => {
                    std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
                }
                Err(e) => {
                    return Err(segment_error(SegmentError::Encoding {
                        name,
                        byte_offset: e.valid_up_to() as u64,
                        byte: head[e.valid_up_to()],
                    }));
                }
            };
            let guess = guess_language(valid);
            match guess.lang {
                Some(lang) if guess.confident => {
                    eprintln!(
                        "note: no --lang given; segmenting as `{lang}` ({})",
                        guess.reason
                    );
                    LangTag::parse(&lang)
                }
                Some(lang) => {
                    output::print_warning(&format!(
                        "no --lang given; guessed `{lang}` ({}). Pass --lang to be sure.",
                        guess.reason
                    ));
                    LangTag::parse(&lang)
                }
                None => {
                    return Err(CliError::input(format!(
                        "{name}: cannot tell the language ({}); pass --lang, e.g. --lang ru",
                        guess.reason
                    )));
                }
            }
        }
    };
    let segmenter = match &args.srx {
        Some(path) => {
            let (segmenter, problems) =
                Segmenter::from_srx_file(path, &lang).map_err(segment_error)?;
            warn_problems(&problems, &path.display().to_string());
            if segmenter.rule_count() == 0 {
                output::print_warning(&format!(
                    "{}: no rules apply to `{lang}`: the text is split at blank lines only",
                    path.display()
                ));
            }
            segmenter
        }
        None => Segmenter::for_language(&lang).with_headlines(!args.no_headlines),
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let format = args.format;
    let mut first = true;
    if format == SegmentFormat::Json {
        writeln!(out, "[")?;
    }
    let input = std::io::Cursor::new(head).chain(reader);
    let result = segmenter.segment_reader_borrowed(input, &name, |segment| {
        if segment.forced_break {
            output::print_warning(&format!(
                "{name}: no sentence end in about 1 MiB of text, so the segment ending at \
                     character {} was cut at white space (text without punctuation, such as a \
                     list or a table? put blank lines between its items)",
                segment.end
            ));
        }
        write_segment(&mut out, &segment, format, &mut first)
    });
    match result {
        Ok(count) => {
            let end = if format == SegmentFormat::Json {
                writeln!(out, "{}]", if first { "" } else { "\n" })
            } else {
                Ok(())
            };
            end.and_then(|_| out.flush())?;
            if count == 0 {
                output::print_warning(&format!("{name} has only white space: no segments"));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(SegmentError::Output(e)) => Err(CliError::io(
            format!("cannot write to standard output: {e}"),
            &e,
        )),
        Err(error) => {
            let _ = out.flush();
            Err(segment_error(error))
        }
    }
}

fn write_segment(
    out: &mut impl Write,
    segment: &SegmentRef<'_>,
    format: SegmentFormat,
    first: &mut bool,
) -> std::io::Result<()> {
    match format {
        SegmentFormat::Text => {
            // Most segments have no line break: write them as they are.
            let text = segment.text.as_bytes();
            if memchr::memchr2(b'\n', b'\r', text).is_none() {
                out.write_all(text)?;
            } else {
                let line: Vec<u8> = text
                    .iter()
                    .map(|&b| if b == b'\n' || b == b'\r' { b' ' } else { b })
                    .collect();
                out.write_all(&line)?;
            }
            out.write_all(b"\n")
        }
        SegmentFormat::Tsv => {
            let mut line = [0u8; 4 * 21];
            let mut len = 0;
            for n in [
                segment.start,
                segment.end,
                segment.byte_start,
                segment.byte_end,
            ] {
                len += write_decimal(&mut line[len..], n);
                line[len] = b'\t';
                len += 1;
            }
            out.write_all(&line[..len])?;
            write_tsv_field(out, segment.text)?;
            out.write_all(b"\n")
        }
        SegmentFormat::Json => {
            out.write_all(if *first { b"  " } else { b",\n  " })?;
            *first = false;
            // `From` keeps an I/O error's kind: a closed pipe stays BrokenPipe
            // (the quiet exit of `tmkit segment … --format json | head`).
            serde_json::to_writer(&mut *out, segment).map_err(std::io::Error::from)
        }
    }
}

/// Writes `n` in decimal at the start of `buf` (room for 20 digits); returns the length.
fn write_decimal(buf: &mut [u8], mut n: usize) -> usize {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let len = digits.len() - at;
    buf[..len].copy_from_slice(&digits[at..]);
    len
}

/// A TSV field: backslash, tab and line breaks escaped as `\\`, `\t`, `\n`, `\r`.
fn write_tsv_field(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    let bytes = text.as_bytes();
    // Two vectorised scans; most segments have none of the four.
    if memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_none()
        && memchr::memchr(b'\\', bytes).is_none()
    {
        return out.write_all(bytes);
    }
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped: &[u8] = match b {
            b'\\' => b"\\\\",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            _ => continue,
        };
        out.write_all(&bytes[from..i])?;
        out.write_all(escaped)?;
        from = i + 1;
    }
    out.write_all(&bytes[from..])
}

fn check_srx(path: &Path) -> Result<ExitCode, CliError> {
    let doc = SrxDocument::read_file(path).map_err(segment_error)?;
    let all = doc.all_rules();
    let problems = tmkit::segment::check_rules(&doc);
    for problem in &problems {
        outln!("{}: {problem}", path.display())?;
    }
    let sets = doc.language_rules.len();
    eprintln!(
        "{}: {} rule sets, {} rules, {} maps; {} cannot be used",
        path.display(),
        sets,
        all.len(),
        doc.language_maps.len(),
        problems.len()
    );
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// One rule set under evaluation.
struct System {
    name: String,
    document: Option<SrxDocument>,
    predictions: Option<PathBuf>,
    cache: BTreeMap<String, Segmenter>,
    problems: Vec<RuleProblem>,
    /// The headline post-pass (built-in rules only).
    headlines: bool,
}

impl System {
    fn segmenter(&mut self, lang: &str) -> &Segmenter {
        let key = lang.to_ascii_lowercase();
        if !self.cache.contains_key(&key) {
            let tag = LangTag::parse(lang);
            let segmenter = match &self.document {
                None => Segmenter::for_language(&tag).with_headlines(self.headlines),
                Some(doc) => {
                    let (segmenter, problems) = Segmenter::from_document(doc, &tag);
                    for p in problems {
                        if !self.problems.contains(&p) {
                            self.problems.push(p);
                        }
                    }
                    segmenter
                }
            };
            self.cache.insert(key.clone(), segmenter);
        }
        &self.cache[&key]
    }
}

#[derive(serde::Serialize, Default, Clone)]
struct Cell {
    precision: f64,
    recall: f64,
    f1: f64,
    #[serde(flatten)]
    counts: Counts,
}

impl Cell {
    fn from(counts: Counts) -> Cell {
        Cell {
            precision: counts.precision(),
            recall: counts.recall(),
            f1: counts.f1(),
            counts,
        }
    }
}

#[derive(serde::Serialize)]
struct Row {
    file: String,
    lang: String,
    units: usize,
    boundaries: usize,
    systems: BTreeMap<String, Cell>,
}

#[derive(serde::Serialize)]
struct EvalReport {
    systems: Vec<String>,
    rows: Vec<Row>,
    by_language: Vec<Row>,
    skipped: BTreeMap<String, Vec<SkippedUnit>>,
    errors: BTreeMap<String, BTreeMap<String, Vec<BoundaryError>>>,
    rule_problems: BTreeMap<String, Vec<RuleProblem>>,
}

/// Runs `tmkit eval segment`.
pub fn run_eval(args: EvalArgs) -> Result<ExitCode, CliError> {
    let mut systems = Vec::new();
    if !args.no_default {
        systems.push(System {
            name: "tmkit".into(),
            document: None,
            predictions: None,
            cache: BTreeMap::new(),
            problems: Vec::new(),
            headlines: !args.no_headlines,
        });
    }
    for path in &args.srx {
        let doc = SrxDocument::read_file(path).map_err(segment_error)?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        systems.push(System {
            name,
            document: Some(doc),
            predictions: None,
            cache: BTreeMap::new(),
            problems: Vec::new(),
            headlines: false,
        });
    }
    for spec in &args.predictions {
        let Some((name, dir)) = spec.split_once('=') else {
            return Err(CliError::input(format!(
                "--predictions {spec}: expected NAME=DIR, e.g. pysbd=benches/data/peers/pysbd"
            )));
        };
        systems.push(System {
            name: name.to_string(),
            document: None,
            predictions: Some(PathBuf::from(dir)),
            cache: BTreeMap::new(),
            problems: Vec::new(),
            headlines: false,
        });
    }
    if systems.is_empty() {
        return Err(CliError::input(
            "nothing to evaluate: give --srx or drop --no-default",
        ));
    }
    let names: Vec<String> = systems.iter().map(|s| s.name.clone()).collect();
    let mut rows = Vec::new();
    let mut by_language: BTreeMap<String, (usize, usize, BTreeMap<String, Counts>)> =
        BTreeMap::new();
    let mut skipped_all = BTreeMap::new();
    let mut errors_all: BTreeMap<String, BTreeMap<String, Vec<BoundaryError>>> = BTreeMap::new();
    for path in &args.gold {
        let (units, skipped) = eval::read_gold(path).map_err(CliError::input)?;
        let file = path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !skipped.is_empty() {
            skipped_all.insert(file.clone(), skipped);
        }
        let mut langs: BTreeMap<String, Vec<&GoldUnit>> = BTreeMap::new();
        for unit in &units {
            langs.entry(unit.lang.clone()).or_default().push(unit);
        }
        let multi = langs.len() > 1;
        let mut file_totals: BTreeMap<String, Counts> = BTreeMap::new();
        for (lang, group) in &langs {
            let boundaries: usize = group.iter().map(|u| u.boundaries.len()).sum();
            let mut row = Row {
                file: file.clone(),
                lang: lang.clone(),
                units: group.len(),
                boundaries,
                systems: BTreeMap::new(),
            };
            for system in systems.iter_mut() {
                let mut counts = Counts::default();
                let name = system.name.clone();
                let peer = match &system.predictions {
                    Some(dir) => Some(read_predictions(&dir.join(&file))?),
                    None => None,
                };
                let segmenter = match peer {
                    Some(_) => None,
                    None => Some(system.segmenter(lang).clone()),
                };
                let mut unlocated = 0usize;
                for unit in group {
                    let predicted = match (&peer, &segmenter) {
                        (Some(peer), _) => {
                            let sentences = peer.get(unit.line - 1).cloned().unwrap_or_default();
                            eval::boundaries_of_sentences(&unit.text, &sentences).unwrap_or_else(
                                |_| {
                                    unlocated += 1;
                                    Vec::new()
                                },
                            )
                        }
                        (None, Some(segmenter)) => {
                            let segments = segmenter.segment(&unit.text);
                            eval::predicted_boundaries(&unit.text, &segments)
                        }
                        (None, None) => Vec::new(),
                    };
                    let (c, errors) = eval::score(unit, &predicted);
                    counts.add(c);
                    let list = errors_all
                        .entry(name.clone())
                        .or_default()
                        .entry(file.clone())
                        .or_default();
                    for e in errors {
                        if list.len() < args.errors {
                            list.push(e);
                        }
                    }
                }
                if unlocated > 0 {
                    output::print_warning(&format!(
                        "{name} on {file} ({lang}): the segments of {unlocated} unit(s) are not in the text; scored as no boundaries"
                    ));
                }
                file_totals.entry(name.clone()).or_default().add(counts);
                let entry = by_language.entry(lang.clone()).or_default();
                entry.2.entry(name.clone()).or_default().add(counts);
                row.systems.insert(name, Cell::from(counts));
            }
            let entry = by_language.entry(lang.clone()).or_default();
            entry.0 += group.len();
            entry.1 += boundaries;
            rows.push(row);
        }
        if multi {
            rows.push(Row {
                file: file.clone(),
                lang: "all".into(),
                units: units.len(),
                boundaries: units.iter().map(|u| u.boundaries.len()).sum(),
                systems: file_totals
                    .into_iter()
                    .map(|(k, v)| (k, Cell::from(v)))
                    .collect(),
            });
        }
    }
    let by_language: Vec<Row> = by_language
        .into_iter()
        .map(|(lang, (units, boundaries, systems))| Row {
            file: "(all files)".into(),
            lang,
            units,
            boundaries,
            systems: systems
                .into_iter()
                .map(|(k, v)| (k, Cell::from(v)))
                .collect(),
        })
        .collect();
    let rule_problems: BTreeMap<String, Vec<RuleProblem>> = systems
        .iter()
        .filter(|s| !s.problems.is_empty())
        .map(|s| (s.name.clone(), s.problems.clone()))
        .collect();
    let report = EvalReport {
        systems: names,
        rows,
        by_language,
        skipped: skipped_all,
        errors: errors_all,
        rule_problems,
    };
    match args.format {
        output::Format::Json => output::print_json(&report)?,
        output::Format::Text => print_report(&report, args.errors)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a predictions file: one {"segments": [...]} object per gold line.
fn read_predictions(path: &Path) -> Result<Vec<Vec<String>>, CliError> {
    #[derive(serde::Deserialize)]
    struct Line {
        segments: Vec<String>,
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::input(format!(
            "{}: {e} (run benches/segment_peers.py eval first)",
            path.display()
        ))
    })?;
    text.lines()
        .enumerate()
        .map(|(n, line)| {
            serde_json::from_str::<Line>(line)
                .map(|l| l.segments)
                .map_err(|e| CliError::input(format!("{}:{}: {e}", path.display(), n + 1)))
        })
        .collect()
}

fn print_table(title: &str, rows: &[Row], systems: &[String]) -> Result<(), CliError> {
    outln!("{}", output::paint(title, Style::Accent))?;
    let file_width = rows
        .iter()
        .map(|r| r.file.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let cell_width = 20;
    let mut header = format!(
        "{:<file_width$}  {:<5} {:>6} {:>7}",
        "file", "lang", "units", "bounds"
    );
    for s in systems {
        let short: String = s.chars().take(cell_width).collect();
        header.push_str(&format!("  {short:>cell_width$}"));
    }
    outln!("{}", output::paint(&header, Style::Strong))?;
    let sub = format!(
        "{:<file_width$}  {:<5} {:>6} {:>7}{}",
        "",
        "",
        "",
        "",
        format!("  {:>cell_width$}", "F1 (P / R)").repeat(systems.len())
    );
    outln!("{}", output::paint(&sub, Style::Dim))?;
    for row in rows {
        let best = row
            .systems
            .values()
            .map(|c| c.f1)
            .fold(f64::NEG_INFINITY, f64::max);
        let mut line = format!(
            "{:<file_width$}  {:<5} {:>6} {:>7}",
            row.file, row.lang, row.units, row.boundaries
        );
        for s in systems {
            let cell = row.systems.get(s).cloned().unwrap_or_default();
            let text = format!("{:.3} ({:.3}/{:.3})", cell.f1, cell.precision, cell.recall);
            let padded = format!("  {text:>cell_width$}");
            if (cell.f1 - best).abs() < 1e-12 && systems.len() > 1 {
                line.push_str(&output::paint(&padded, Style::Good));
            } else {
                line.push_str(&padded);
            }
        }
        outln!("{line}")?;
    }
    outln!()?;
    Ok(())
}

fn print_report(report: &EvalReport, max_errors: usize) -> Result<(), CliError> {
    print_table(
        "Sentence boundaries per file",
        &report.rows,
        &report.systems,
    )?;
    print_table(
        "Per language (all files)",
        &report.by_language,
        &report.systems,
    )?;
    for (file, skipped) in &report.skipped {
        output::print_warning(&format!(
            "{file}: {} unit(s) skipped, their sentences are not in the text: {}",
            skipped.len(),
            skipped
                .iter()
                .take(3)
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for (system, problems) in &report.rule_problems {
        for p in problems {
            output::print_warning(&format!("{system}: {p}"));
        }
    }
    if max_errors == 0 {
        return Ok(());
    }
    for (system, files) in &report.errors {
        for (file, errors) in files {
            if errors.is_empty() {
                continue;
            }
            outln!(
                "{}",
                output::paint(
                    &format!("{system} on {file}: first {} errors", errors.len()),
                    Style::Accent
                )
            )?;
            for e in errors {
                let kind = match e.kind {
                    "missed" => output::paint("missed  ", Style::Warning),
                    _ => output::paint("spurious", Style::Error),
                };
                outln!("  {kind} {:<28} {}", e.id, e.context)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_lines_escape_the_text_and_print_the_offsets() {
        let segment = SegmentRef {
            text: "a\\b\tc\nd\re ü",
            start: 0,
            end: 1234567890,
            byte_start: 10,
            byte_end: usize::MAX,
            forced_break: false,
        };
        let mut out = Vec::new();
        write_segment(&mut out, &segment, SegmentFormat::Tsv, &mut true).unwrap();
        let expected = format!("0\t1234567890\t10\t{}\ta\\\\b\\tc\\nd\\re ü\n", usize::MAX);
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn json_items_are_separated_by_commas() {
        let segment = SegmentRef {
            text: "Hi \"x\".",
            start: 1,
            end: 8,
            byte_start: 1,
            byte_end: 8,
            forced_break: true,
        };
        let mut out = Vec::new();
        let mut first = true;
        write_segment(&mut out, &segment, SegmentFormat::Json, &mut first).unwrap();
        write_segment(&mut out, &segment, SegmentFormat::Json, &mut first).unwrap();
        let item = r#"{"text":"Hi \"x\".","start":1,"end":8,"byte_start":1,"byte_end":8}"#;
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("  {item},\n  {item}")
        );
    }
}
