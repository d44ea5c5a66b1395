//! Micro-benchmarks of the fuzzy building blocks (criterion):
//! tokenising, the banded distance, and one lookup in a 5,000-unit memory.
//! `cargo bench --bench fuzzy`

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tmkit::fuzzy::Query;
use tmkit::fuzzy::distance::within;
use tmkit::fuzzy::tokenize::tokenize;
use tmkit::memory::{ImportOptions, Memory};
use tmkit::unit::{TranslationUnit, VecReader};

const SENTENCE: &str =
    "Three people died and another was injured in a helicopter crash near the city on 12 May 2014.";

fn bench(c: &mut Criterion) {
    c.bench_function("tokenize sentence", |b| {
        b.iter(|| tokenize(black_box(SENTENCE)))
    });
    let a: Vec<u32> = (0..25).collect();
    let mut t = a.clone();
    t[3] = 99;
    t.remove(10);
    c.bench_function("banded distance 25 tokens k=7", |b| {
        b.iter(|| within(black_box(&a), black_box(&t), 7))
    });
    let words: Vec<&str> = SENTENCE.split(' ').collect();
    let units: Vec<TranslationUnit> = (0..5000)
        .map(|i| {
            let mut w = words.clone();
            let n = w.len();
            w[i % n] = ["one", "two", "three", "four", "five"][i % 5];
            w.rotate_left(i % 3);
            TranslationUnit::pair("en", &w.join(" "), "ru", &format!("перевод {i}"))
        })
        .collect();
    let mut memory = Memory::open_in_memory().expect("memory");
    memory
        .import(
            &mut VecReader::new(units),
            &ImportOptions::default(),
            &mut |_| {},
        )
        .expect("import");
    let query = Query::new(SENTENCE, "en", "ru");
    memory.suggest(&query).expect("warm");
    c.bench_function("suggest top-5 in 5k units", |b| {
        b.iter(|| memory.suggest(black_box(&query)).expect("suggest"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
