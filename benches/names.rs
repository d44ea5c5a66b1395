//! Speed of name-variant decisions: `compare_words` on the labelled pairs
//! (comparisons per second), skeleton building, and the Jaro–Winkler
//! baseline on the same pairs for scale.
//!
//!     nice cargo bench --bench names

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use tmkit::names::eval::parse_pairs;

fn word_pairs() -> Vec<(String, String)> {
    let pairs =
        parse_pairs(include_str!("../tests/data/name_pairs.tsv")).expect("pair file parses");
    pairs
        .into_iter()
        .filter(|p| !p.a.contains(' ') && !p.b.contains(' '))
        .map(|p| (p.a, p.b))
        .collect()
}

fn bench(c: &mut Criterion) {
    let pairs = word_pairs();
    let mut group = c.benchmark_group("names");
    group.throughput(Throughput::Elements(pairs.len() as u64));
    group.bench_function("compare_words", |b| {
        b.iter(|| {
            for (x, y) in &pairs {
                black_box(tmkit::names::compare_words(x, y));
            }
        })
    });
    let prepared: Vec<_> = pairs
        .iter()
        .map(|(x, y)| {
            (
                tmkit::names::PreparedName::new(x),
                tmkit::names::PreparedName::new(y),
            )
        })
        .collect();
    group.bench_function("compare_prepared", |b| {
        b.iter(|| {
            for (x, y) in &prepared {
                black_box(tmkit::names::compare_prepared(x, y));
            }
        })
    });
    group.bench_function("skeletons", |b| {
        b.iter(|| {
            for (x, _) in &pairs {
                black_box(tmkit::names::skeletons(x));
            }
        })
    });
    group.bench_function("jaro_winkler_baseline", |b| {
        b.iter(|| {
            for (x, y) in &pairs {
                black_box(strsim::jaro_winkler(&x.to_lowercase(), &y.to_lowercase()));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
