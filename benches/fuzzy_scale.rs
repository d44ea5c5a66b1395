//! Fuzzy matching at scale: builds a memory of N units from
//! `benches/data/memory.tsv` (see `make_memory.py`), then measures import and
//! index build, the first-use index load, per-query latency of
//! `Memory::suggest` (top 5, θ = 70, one thread), file size and RSS, and
//! checks the results against `Memory::suggest_exhaustive`.
//!
//! `nice cargo bench --bench fuzzy_scale -- N [--queries Q] [--reference R] [--analyze]
//! [--reuse] [--details PATH]` writes `benches/data/rust_N.json` (read by
//! `fuzzy_peers.py`). `--reuse` keeps an existing `benches/data/fz_N.tmdb`
//! instead of importing again (import and rebuild figures are then 0), so
//! filter changes can be timed without minutes of import at 1M; `--details`
//! writes the analysis's per-segment decisions (one JSON line each) so two
//! builds can be checked for identical results.
//!
//! `--memory PATH` measures an existing memory instead (e.g. one imported by
//! `tmkit memory import`, as `benches/scale.sh` does; nothing is imported)
//! and `--queries-file PATH` reads the queries from another file of the
//! `queries.tsv` layout (`make_memory.py queries COUNT PATH`); `--per-query
//! PATH` writes each query's kind, latency (ms), candidates checked, top
//! score, suggestions and thread CPU time (ms), one line each. Beside the
//! wall-time percentiles it reports the thread CPU time's (`cpu_p50_ms`,
//! …), which a loaded machine does not inflate.

use std::io::BufRead;
use std::time::Instant;
use tmkit::fuzzy::Query;
use tmkit::memory::{DuplicatePolicy, ImportOptions, Memory};
use tmkit::unit::{Header, ReadError, ReadWarning, TranslationUnit, UnitReader};

struct TsvReader {
    header: Header,
    lines: std::io::Lines<std::io::BufReader<std::fs::File>>,
    left: usize,
    bytes: u64,
}

impl UnitReader for TsvReader {
    fn header(&self) -> &Header {
        &self.header
    }
    fn next_unit(&mut self) -> Result<Option<TranslationUnit>, ReadError> {
        if self.left == 0 {
            return Ok(None);
        }
        let Some(Ok(line)) = self.lines.next() else {
            return Ok(None);
        };
        self.left -= 1;
        self.bytes += line.len() as u64 + 1;
        let cols: Vec<&str> = line.split('\t').collect();
        let mut tu = TranslationUnit::pair("en", cols[2], "ru", cols.get(3).copied().unwrap_or(""));
        tu.attrs.push(("tuid".into(), cols[0].into()));
        tu.attrs.push(("changedate".into(), cols[1].into()));
        Ok(Some(tu))
    }
    fn take_warnings(&mut self) -> Vec<ReadWarning> {
        Vec::new()
    }
    fn bytes_read(&self) -> u64 {
        self.bytes
    }
}

fn status(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

#[repr(C)]
struct Timespec {
    seconds: i64,
    nanos: i64,
}

unsafe extern "C" {
    fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
}

/// CPU time of this thread in ms (`CLOCK_THREAD_CPUTIME_ID`): on a loaded
/// machine the wall time of a query holds the time other processes ran.
fn thread_cpu_ms() -> f64 {
    let mut time = Timespec {
        seconds: 0,
        nanos: 0,
    };
    // SAFETY: clock_gettime writes one timespec (two 64-bit fields on
    // x86-64 Linux) into the struct it is given.
    unsafe { clock_gettime(3, &mut time) };
    time.seconds as f64 * 1000.0 + time.nanos as f64 / 1e6
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let units: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let flag = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1)?.parse().ok())
            .unwrap_or(default)
    };
    let max_queries = flag("--queries", 500);
    // The query threshold (70 in the published table; 50 shows the analysis floor).
    let min_score = flag("--min", 70).clamp(1, 100) as u8;
    let reference_queries = flag("--reference", 100);
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data");
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(std::path::PathBuf::from)
    };
    let given = value("--memory");
    let path = given
        .clone()
        .unwrap_or_else(|| data.join(format!("fz_{units}.tmdb")));
    let reuse = given.is_some() || (args.iter().any(|a| a == "--reuse") && path.exists());
    let details_path = value("--details");
    let queries_path = value("--queries-file").unwrap_or_else(|| data.join("queries.tsv"));
    if !reuse {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    let (mut imported, mut import_s, mut reindexed, mut index_s) = (0, 0.0, 0, 0.0);
    if !reuse {
        let file =
            std::fs::File::open(data.join("memory.tsv")).expect("run benches/make_memory.py first");
        let mut reader = TsvReader {
            header: Header::default(),
            lines: std::io::BufReader::new(file).lines(),
            left: units,
            bytes: 0,
        };
        let mut memory = Memory::create(&path).expect("create memory");
        let started = Instant::now();
        let options = ImportOptions {
            on_duplicate: DuplicatePolicy::All,
            source_name: "memory.tsv".into(),
            ..ImportOptions::default()
        };
        let report = memory
            .import(&mut reader, &options, &mut |_| {})
            .expect("import");
        imported = report.imported;
        import_s = started.elapsed().as_secs_f64();
        let started = Instant::now();
        reindexed = memory.rebuild_index().expect("rebuild");
        index_s = started.elapsed().as_secs_f64();
    }
    let file_bytes: u64 = ["", "-wal", "-shm"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", path.display())).ok())
        .map(|m| m.len())
        .sum();

    let memory = if given.is_some() {
        Memory::open_read_only(&path).expect("open")
    } else {
        Memory::open(&path).expect("open")
    };
    let rss_before = status("VmRSS:");
    let started = Instant::now();
    // `--lookup file`: every lookup reads the file's index, none is loaded.
    let from_file = value("--lookup").is_some_and(|v| v.as_os_str() == "file");
    let info = if from_file {
        memory.set_lookup_plan(tmkit::memory::LookupPlan::File);
        tmkit::memory::IndexInfo::default()
    } else {
        memory
            .warm_index(&tmkit::lang::LangTag::parse("en"))
            .expect("load")
    };
    let load_s = started.elapsed().as_secs_f64();

    let queries: Vec<(String, String)> = std::fs::read_to_string(&queries_path)
        .expect("queries")
        .lines()
        .filter_map(|l| {
            let mut cols = l.splitn(3, '\t');
            let kind = cols.next()?.to_string();
            cols.next()?;
            Some((kind, cols.next()?.to_string()))
        })
        .take(max_queries)
        .collect();
    let mut latencies = Vec::new();
    let mut results = Vec::new();
    let mut candidates = Vec::new();
    let mut per_query_candidates = Vec::new();
    let mut per_query_postings = Vec::new();
    let mut cpu_times = Vec::new();
    let mut totals = tmkit::fuzzy::filter::FilterStats::default();
    for (_, text) in &queries {
        let mut query = Query::new(text, "en", "ru");
        query.min_score = min_score;
        let started = Instant::now();
        let cpu_started = thread_cpu_ms();
        let (found, stats) = memory.suggest_explained(&query).expect("suggest");
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        cpu_times.push(thread_cpu_ms() - cpu_started);
        candidates.push(stats.candidates as f64);
        per_query_candidates.push(stats.candidates);
        per_query_postings.push(stats.postings_read);
        totals.postings_read += stats.postings_read;
        totals.candidates += stats.candidates;
        totals.verified += stats.verified;
        totals.hits += stats.hits;
        results.push(found);
    }
    if let Some(path) = value("--per-query") {
        // One line per query: kind, latency (ms), candidates, top score,
        // suggestions, thread CPU (ms), postings read, and the suggestions
        // (unit:score, in order) so that two builds' results can be compared.
        let lines: Vec<String> = queries
            .iter()
            .zip(&latencies)
            .zip(&results)
            .zip(&per_query_candidates)
            .zip(&cpu_times)
            .zip(&per_query_postings)
            .map(|((((((kind, _), ms), found), c), cpu), postings)| {
                let top = found.first().map_or(0, |s| s.score);
                let list: Vec<String> = found
                    .iter()
                    .map(|s| format!("{}:{}", s.unit_id, s.score))
                    .collect();
                format!(
                    "{kind}\t{ms:.3}\t{c}\t{top}\t{}\t{cpu:.3}\t{postings}\t{}",
                    found.len(),
                    list.join(",")
                )
            })
            .collect();
        std::fs::write(path, lines.join("\n") + "\n").expect("write per-query");
    }
    let rss_after = status("VmRSS:");
    let hwm = status("VmHWM:");
    let mut sorted = latencies.clone();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let mut cpu_sorted = cpu_times.clone();
    cpu_sorted.sort_by(|a, b| a.total_cmp(b));
    candidates.sort_by(|a, b| a.total_cmp(b));

    // Reference: the exhaustive scan, on the first `reference_queries` queries.
    let mut identical = 0;
    let mut top1_same = 0;
    let mut compared = 0;
    let mut reference = Vec::new();
    let started = Instant::now();
    for ((_, text), fast) in queries.iter().zip(&results).take(reference_queries) {
        let mut query = Query::new(text, "en", "ru");
        query.min_score = min_score;
        query.max_results = 50;
        let slow = memory.suggest_exhaustive(&query).expect("exhaustive");
        let fast_key: Vec<(i64, u8)> = fast.iter().map(|s| (s.unit_id, s.score)).collect();
        let slow_key: Vec<(i64, u8)> = slow.iter().take(5).map(|s| (s.unit_id, s.score)).collect();
        compared += 1;
        identical += usize::from(fast_key == slow_key);
        top1_same += usize::from(fast_key.first() == slow_key.first());
        // The units tied at the best word score (peers are judged against these).
        let best_word = slow.iter().map(|s| s.scores.word).max();
        let tied: Vec<i64> = slow
            .iter()
            .filter(|s| Some(s.scores.word) == best_word)
            .map(|s| s.unit_id)
            .collect();
        reference.push(serde_json::json!({"best_word": best_word, "units": tied}));
    }
    let reference_s = started.elapsed().as_secs_f64();
    // Leverage analysis of benches/data/document.txt (make_memory.py document).
    let mut analysis = serde_json::Value::Null;
    if args.iter().any(|a| a == "--analyze") {
        let text = std::fs::read_to_string(data.join("document.txt")).expect("document.txt");
        let started = Instant::now();
        let segments: Vec<String> =
            tmkit::segment::Segmenter::for_language(&tmkit::lang::LangTag::parse("en"))
                .segment(&text)
                .into_iter()
                .map(|s| s.text)
                .collect();
        let segment_s = started.elapsed().as_secs_f64();
        // The same segments for the peers' analysis-like run (fuzzy_peers.py rf-analyze).
        std::fs::write(data.join("segments.txt"), segments.join("\n") + "\n")
            .expect("write segments");
        let report = tmkit::workflow::analyze::analyze(
            &segments,
            &[tmkit::memory::MemorySource {
                memory: &memory,
                name: "bench".into(),
                penalty: 0,
            }],
            &tmkit::workflow::analyze::AnalyzeOptions {
                source: tmkit::lang::LangTag::parse("en"),
                target: tmkit::lang::LangTag::parse("ru"),
                weights: Default::default(),
            },
            &mut |_| {},
        )
        .expect("analyze");
        if let Some(details) = &details_path {
            let lines: Vec<String> = report
                .details
                .iter()
                .map(|d| {
                    serde_json::json!([
                        d.index,
                        d.band,
                        d.internal,
                        d.memory_score,
                        d.internal_score,
                        d.repeats
                    ])
                    .to_string()
                })
                .collect();
            std::fs::write(details, lines.join("\n") + "\n").expect("write details");
        }
        analysis = serde_json::json!({
            "segments": report.segments,
            "words": report.words,
            "segment_s": segment_s,
            "total_s": started.elapsed().as_secs_f64(),
            "bands": report.bands.iter().map(|b| (b.label, b.segments, b.words)).collect::<Vec<_>>(),
            "internal": report.internal_fuzzies.iter().map(|b| (b.label, b.segments, b.words)).collect::<Vec<_>>(),
        });
    }
    let exhaustive_ms = if compared > 0 {
        reference_s * 1000.0 / compared as f64
    } else {
        0.0
    };
    let out = serde_json::json!({
        "units": units,
        "imported": imported,
        "reused_memory": reuse,
        "import_s": import_s,
        "index_rebuild_s": index_s,
        "indexed_variants": reindexed,
        "file_bytes": file_bytes,
        "index_load_s": load_s,
        "index_heap_bytes": info.heap_bytes,
        "rss_kib_before_load": rss_before,
        "rss_kib_after_queries": rss_after,
        "rss_peak_kib": hwm,
        "queries": latencies.len(),
        "p50_ms": percentile(&sorted, 0.5),
        "p95_ms": percentile(&sorted, 0.95),
        "p99_ms": percentile(&sorted, 0.99),
        "mean_ms": sorted.iter().sum::<f64>() / sorted.len().max(1) as f64,
        "cpu_p50_ms": percentile(&cpu_sorted, 0.5),
        "cpu_p95_ms": percentile(&cpu_sorted, 0.95),
        "cpu_mean_ms": cpu_sorted.iter().sum::<f64>() / cpu_sorted.len().max(1) as f64,
        "candidates_p50": percentile(&candidates, 0.5),
        "candidates_p95": percentile(&candidates, 0.95),
        "min_score": min_score,
        "filter_totals": {
            "postings_read": totals.postings_read,
            "candidates": totals.candidates,
            "verified": totals.verified,
            "hits": totals.hits,
        },
        "reference_queries": compared,
        "identical_top5": identical,
        "identical_top1": top1_same,
        "exhaustive_ms_per_query": exhaustive_ms,
        "analysis": analysis,
        "top1": results.iter().map(|r| r.first().map(|s| (s.unit_id, s.score))).collect::<Vec<_>>(),
        "reference": reference,
    });
    std::fs::write(
        data.join(format!("rust_{units}.json")),
        serde_json::to_string_pretty(&out).unwrap_or_default(),
    )
    .expect("write results");
    let mut summary = out.clone();
    if let Some(map) = summary.as_object_mut() {
        map.remove("top1");
        map.remove("reference");
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&summary).unwrap_or_default()
    );
}
