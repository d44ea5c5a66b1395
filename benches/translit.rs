//! Transliteration throughput (characters per second) on real news text: the
//! Russian side of WMT newstest 2012–2022 and the Ukrainian side of WMT22
//! general test (`../shared/data/parallel`). Peer: `benches/translit_peers.py`
//! (iuliia, translitua) on the same text.
//!
//! Run: `nice cargo bench --bench translit`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::path::Path;
use tmkit::translit::{Scheme, transliterate_all};

/// One column of a shared parallel TSV, or the built-in examples repeated
/// when the shared data is not checked out.
fn corpus(file: &str, column: &str, lang: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/parallel")
        .join(file);
    if let Ok(text) = std::fs::read_to_string(&path) {
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        if let Some(index) = header.iter().position(|h| *h == column) {
            let mut out = String::new();
            for line in lines {
                if let Some(cell) = line.split('\t').nth(index) {
                    out.push_str(cell);
                    out.push('\n');
                }
            }
            return out;
        }
    }
    eprintln!(
        "{} not found: benchmarking on the scheme examples",
        path.display()
    );
    let examples: String = Scheme::for_language(lang)
        .iter()
        .flat_map(|s| s.examples().iter().map(|(source, _)| format!("{source}\n")))
        .collect();
    examples.repeat(2000)
}

fn bench(c: &mut Criterion) {
    let russian = corpus("en-ru/wmt_newstest2012-2022.en-ru.tsv", "ru", "ru");
    let ukrainian = corpus("en-uk/wmt_generaltest2022.en-uk.tsv", "uk", "uk");
    let mut group = c.benchmark_group("translit");
    group.sample_size(10);
    group.warm_up_time(std::time::Duration::from_secs(1));
    group.measurement_time(std::time::Duration::from_secs(5));
    group.throughput(Throughput::Elements(russian.chars().count() as u64));
    for id in ["wikipedia", "bgn-pcgn", "icao", "de-press"] {
        let scheme = Scheme::by_id(id).unwrap();
        group.bench_function(format!("ru/{id}"), |b| {
            b.iter(|| scheme.transliterate(&russian))
        });
    }
    group.throughput(Throughput::Elements(ukrainian.chars().count() as u64));
    let kmu = Scheme::by_id("uk-kmu-2010").unwrap();
    group.bench_function("uk/uk-kmu-2010", |b| {
        b.iter(|| kmu.transliterate(&ukrainian))
    });
    group.finish();

    // The name checks' use: every scheme for one short name.
    let mut group = c.benchmark_group("translit-names");
    group.throughput(Throughput::Elements(1));
    group.bench_function(
        "transliterate_all(ru, \"Михаил Кухтин\")",
        |b| b.iter(|| transliterate_all("Михаил Кухтин", "ru")),
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
