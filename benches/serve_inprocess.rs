//! The in-process peer of `benches/serve_load.py`: the same `/match` work
//! (`workflow::report::match_segments`, the JSON document, its bytes) called
//! directly on one thread, per query, so the server's per-request overhead is
//! the difference of the two medians.
//!
//! `cargo bench --bench serve_inprocess -- MEMORY.tmdb QUERIES.tsv [ROUNDS]`
//! prints one JSON line: p50 / p95 / mean in milliseconds over all queries
//! and rounds (the first round only warms the index and is not counted).

use std::time::Instant;
use tmkit::lang::LangPair;
use tmkit::memory::{Memory, MemorySource};
use tmkit::workflow::report::{self, MatchOptions};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let (Some(memory), Some(queries)) = (args.first(), args.get(1)) else {
        eprintln!("usage: serve_inprocess MEMORY.tmdb QUERIES.tsv [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let queries: Vec<String> = std::fs::read_to_string(queries)
        .expect("read the queries")
        .lines()
        .filter_map(|line| line.split('\t').nth(2).map(str::to_string))
        .collect();
    let memory = Memory::open_read_only(std::path::Path::new(memory)).expect("open the memory");
    let sources = [MemorySource {
        memory: &memory,
        name: args[0].clone(),
        penalty: 0,
    }];
    let options = MatchOptions::new("en:ru".parse::<LangPair>().unwrap());
    let mut times = Vec::new();
    let mut bytes = 0usize;
    for round in 0..=rounds {
        for query in &queries {
            let started = Instant::now();
            let segments = [query.clone()];
            let found = report::match_segments(&sources, &segments, &options).expect("match");
            let body = serde_json::to_vec(&report::matches(&segments, &found)).unwrap();
            let elapsed = started.elapsed().as_secs_f64() * 1000.0;
            if round > 0 {
                times.push(elapsed);
                bytes += body.len();
            }
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{}",
        serde_json::json!({
            "what": "in-process match_segments + JSON",
            "queries": times.len(),
            "p50_ms": at(0.5),
            "p95_ms": at(0.95),
            "mean_ms": times.iter().sum::<f64>() / times.len() as f64,
            "mean_bytes": bytes / times.len(),
        })
    );
}
