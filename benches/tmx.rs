//! TMX reader and writer throughput on a synthetic, self-contained memory:
//! 20,000 en–ru units with inline codes (`bpt`/`ept`/`ph`), props and
//! Cyrillic text, built in memory (no data files needed).
//!
//! ```text
//! cargo bench --bench tmx
//! ```
//! The reader figure on the real generated memory (and the lxml comparison) is
//! `examples/tmx_throughput.rs`; see BENCHMARKS.md.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::io::Cursor;
use tmkit::tmx::{TmxReader, TmxWriter, WriteOptions};
use tmkit::unit::{Header, Inline, Prop, TagKind, TranslationUnit, UnitReader};

const UNITS: usize = 20_000;

fn units() -> Vec<TranslationUnit> {
    let words_en = [
        "the", "council", "approved", "budget", "for", "2024", "in", "Kyiv",
    ];
    let words_ru = [
        "совет",
        "утвердил",
        "бюджет",
        "на",
        "2024",
        "год",
        "в",
        "Киеве",
    ];
    (0..UNITS)
        .map(|n| {
            let pick = |words: &[&str], k: usize| -> String {
                (0..6 + n % 9)
                    .map(|i| words[(n * 7 + i * k) % words.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let mut unit =
                TranslationUnit::pair("en", &pick(&words_en, 3), "ru", &pick(&words_ru, 5));
            unit.attrs = vec![
                ("tuid".into(), n.to_string()),
                ("creationdate".into(), "20240102T030405Z".into()),
            ];
            unit.props.push(Prop {
                kind: "x-Context".into(),
                attrs: vec![("type".into(), "x-Context".into())],
                value: format!("doc{}", n % 50),
            });
            if n % 3 == 0 {
                for variant in &mut unit.variants {
                    let text = variant.text();
                    variant.content = vec![
                        Inline::tag(
                            TagKind::Bpt,
                            vec![("i".into(), "1".into())],
                            vec![Inline::text("<b>")],
                        ),
                        Inline::text(text),
                        Inline::tag(
                            TagKind::Ept,
                            vec![("i".into(), "1".into())],
                            vec![Inline::text("</b>")],
                        ),
                        Inline::tag(
                            TagKind::Ph,
                            vec![("x".into(), "2".into())],
                            vec![Inline::text("<br/>")],
                        ),
                    ];
                }
            }
            unit
        })
        .collect()
}

fn write_all(units: &[TranslationUnit]) -> Vec<u8> {
    let mut writer =
        TmxWriter::new(Vec::new(), &Header::default(), &WriteOptions::default()).unwrap();
    for unit in units {
        writer.write_unit(unit).unwrap();
    }
    writer.finish().unwrap()
}

fn bench(c: &mut Criterion) {
    let units = units();
    let bytes = write_all(&units);
    let mut group = c.benchmark_group("tmx");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function(format!("read {UNITS} units"), |b| {
        b.iter(|| {
            let mut reader =
                TmxReader::from_reader(Cursor::new(bytes.clone()), "bench.tmx").unwrap();
            let mut count = 0;
            while reader.next_unit().unwrap().is_some() {
                count += 1;
            }
            assert_eq!(count, UNITS);
        })
    });
    group.bench_function(format!("write {UNITS} units"), |b| {
        b.iter(|| write_all(&units))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
