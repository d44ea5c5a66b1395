//! Throughput of the default rules on news text: NTREX-128 documents plus the
//! UD dev documents of one language, joined with blank lines (the same text
//! benches/segment_peers.py gives pySBD and sentencex).
//!
//! Run: cargo bench --bench segment

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::path::Path;
use tmkit::lang::LangTag;
use tmkit::segment::Segmenter;

fn news_text(lang: &str) -> Option<String> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/segmentation");
    let mut files = vec![data.join(format!("ntrex/ntrex128_newstest2019.{lang}.jsonl"))];
    let mut ud: Vec<_> = std::fs::read_dir(data.join("ud"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{lang}_")))
        })
        .collect();
    ud.sort();
    files.extend(ud);
    let mut paragraphs = Vec::new();
    for file in files {
        for line in std::fs::read_to_string(file).ok()?.lines() {
            let unit: serde_json::Value = serde_json::from_str(line).ok()?;
            paragraphs.push(unit["text"].as_str()?.trim().to_string());
        }
    }
    Some(paragraphs.join("\n\n"))
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("segment");
    group.sample_size(20);
    for lang in ["en", "ru", "uk", "de", "fr"] {
        let Some(text) = news_text(lang) else {
            eprintln!("skipped: ../shared/data/segmentation is not here");
            return;
        };
        let segmenter = Segmenter::for_language(&LangTag::parse(lang));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("news_{lang}"), |b| {
            b.iter(|| segmenter.segment(&text).len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
