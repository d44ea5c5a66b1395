//! Glossary-check speed: a 10,000-segment ru→en TSV against a 5,000-entry
//! glossary (bilingual mode), split into loading the glossary, preparing the
//! termbase, and checking. Data: `python3 benches/make_check_data.py`
//! (fixed seed) writes benches/data/check-10k.tsv and check-glossary-5k.tsv.

use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;
use tmkit::check::{Termbase, check_bilingual, read_tsv_pairs};
use tmkit::glossary::{DelimitedOptions, Glossary};

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data");
    let (pairs, glossary) = (dir.join("check-10k.tsv"), dir.join("check-glossary-5k.tsv"));
    if !pairs.is_file() || !glossary.is_file() {
        eprintln!("skipped: run `python3 benches/make_check_data.py` first");
        return;
    }
    let options = DelimitedOptions {
        source_lang: "ru".into(),
        target_lang: "en".into(),
        ..DelimitedOptions::default()
    };
    let text = std::fs::read_to_string(&pairs).unwrap();
    let file = read_tsv_pairs("check-10k.tsv", &text).unwrap();
    let (loaded, _) = Glossary::load_with(&glossary, None, &options).unwrap();
    let glossaries = vec![loaded];
    let mut group = c.benchmark_group("glossary-check");
    group.sample_size(10);
    group.bench_function("load 5k-entry glossary", |b| {
        b.iter(|| Glossary::load_with(&glossary, None, &options).unwrap())
    });
    group.bench_function("prepare termbase (ru:en)", |b| {
        b.iter(|| Termbase::new(&glossaries, "en", Some("ru")))
    });
    let termbase = Termbase::new(&glossaries, "en", Some("ru"));
    group.bench_function("check 10k segments", |b| {
        b.iter(|| check_bilingual(&file, &termbase))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
