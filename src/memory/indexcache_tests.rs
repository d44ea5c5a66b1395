//! The delta index against the reference scan: whatever a writer does, a
//! handle that keeps its index loaded answers as a scan of every segment.

use super::super::{DuplicatePolicy, ImportOptions, LookupPlan, Memory};
use crate::fuzzy::{Query, Suggestion};
use crate::unit::{TranslationUnit, VecReader};
use proptest::prelude::*;
use std::path::Path;

const WORDS: &[&str] = &[
    "the", "report", "from", "Kyiv", "Moscow", "says", "people", "left", "city", "army", "talks",
    "ended", "today", "mayor", "new", "bridge", "opened", "river",
];

fn sentence(words: &[usize], extra: Option<u32>) -> String {
    let mut text: Vec<String> = words
        .iter()
        .map(|&w| WORDS[w % WORDS.len()].to_string())
        .collect();
    if let Some(n) = extra {
        // A word the memory has never seen: the delta must find it too.
        text.push(format!("zeta{n}"));
    }
    text.join(" ")
}

fn unit(source: &str, target: &str) -> TranslationUnit {
    TranslationUnit::pair("en", source, "ru", target)
}

fn import(memory: &mut Memory, units: Vec<TranslationUnit>, policy: DuplicatePolicy) {
    let options = ImportOptions {
        on_duplicate: policy,
        ..ImportOptions::default()
    };
    memory
        .import(&mut VecReader::new(units), &options, &mut |_| {})
        .unwrap();
}

fn key(found: &[Suggestion]) -> Vec<(i64, u8, String)> {
    found
        .iter()
        .map(|s| (s.unit_id, s.score, s.target.text()))
        .collect()
}

fn newest_unit(memory: &Memory) -> Option<i64> {
    memory
        .conn
        .query_row("SELECT max(id) FROM unit", [], |r| r.get(0))
        .unwrap()
}

fn seeded(path: &Path, n: usize) -> Memory {
    let mut memory = Memory::create(path).unwrap();
    // These tests are of the loaded index (the file's is `disksearch`'s).
    memory.set_lookup_plan(LookupPlan::Load);
    let units = (0..n)
        .map(|i| unit(&seeded_text(i), &format!("перевод {i}")))
        .collect();
    import(&mut memory, units, DuplicatePolicy::Merge);
    memory
}

/// A read-only handle that loads the index on its first lookup.
fn loading_reader(path: &Path) -> Memory {
    let reader = Memory::open_read_only(path).unwrap();
    reader.set_lookup_plan(LookupPlan::Load);
    reader
}

fn seeded_text(i: usize) -> String {
    let words: Vec<usize> = (0..6)
        .map(|k| (i * 7 + k * k * 3 + k) % WORDS.len())
        .collect();
    sentence(&words, None)
}

#[test]
fn a_write_extends_the_loaded_index_instead_of_reading_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.tmdb");
    let mut writer = seeded(&path, 200);
    let reader = loading_reader(&path);
    let first = Query::new("the mayor opened the new bridge zeta1", "en", "ru");
    let second = Query::new("the mayor opened the new bridge zeta2", "en", "ru");
    assert!(reader.suggest(&first).unwrap().is_empty());
    assert_eq!(reader.fuzzy_cache.whole_reads.get(), 1);
    // The newest unit (in the index read) deleted, then another added: were
    // ids given again, the new segment would sit under an id already read
    // and the lookup would not see it.
    let newest = newest_unit(&writer).unwrap();
    assert!(writer.delete(newest).unwrap());
    writer.add(&unit(&first.text, "мэр открыл мост")).unwrap();
    // Another write by another handle, then by this one's own connection.
    writer.add(&unit(&second.text, "другой мост")).unwrap();
    for query in [&first, &second] {
        let found = reader.suggest(query).unwrap();
        assert_eq!(found.first().map(|s| s.score), Some(100), "{}", query.text);
        assert_eq!(key(&found), key(&reader.suggest_exhaustive(query).unwrap()));
        assert_eq!(key(&writer.suggest(query).unwrap()), key(&found));
    }
    assert_eq!(
        reader.fuzzy_cache.whole_reads.get(),
        1,
        "no second whole read"
    );
    assert_eq!(writer.fuzzy_cache.whole_reads.get(), 1);
}

#[test]
fn a_rebuild_makes_every_handle_read_the_index_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.tmdb");
    let mut writer = seeded(&path, 50);
    let reader = loading_reader(&path);
    let query = Query::new(&format!("{} today", seeded_text(3)), "en", "ru");
    assert!(!reader.suggest(&query).unwrap().is_empty());
    writer.rebuild_index().unwrap();
    // Token ids were given anew: extending the old index would misread them.
    writer.add(&unit(&query.text, "x")).unwrap();
    let found = reader.suggest(&query).unwrap();
    assert_eq!(found.first().map(|s| s.score), Some(100));
    assert_eq!(
        key(&found),
        key(&reader.suggest_exhaustive(&query).unwrap())
    );
    assert_eq!(reader.fuzzy_cache.whole_reads.get(), 2);
}

#[derive(Clone, Debug)]
enum Op {
    Add(Vec<usize>, Option<u32>),
    DeleteNewest,
    DeleteOldest,
    /// An import whose first unit repeats an existing source (replaced:
    /// the unit's variants are written anew, at new ids).
    Replace(usize, Vec<usize>),
    /// An import of a seeded unit again, with a note, its variants in the
    /// same order or swapped (merged: rewritten in place, keeping its
    /// variant ids and index entries, or written anew when swapped).
    Merge(usize, bool),
    Rebuild,
}

fn op() -> impl Strategy<Value = Op> {
    let words = proptest::collection::vec(0..WORDS.len(), 2..9);
    prop_oneof![
        4 => (words.clone(), proptest::option::of(0u32..4)).prop_map(|(w, e)| Op::Add(w, e)),
        2 => Just(Op::DeleteNewest),
        1 => Just(Op::DeleteOldest),
        2 => (0usize..40, words).prop_map(|(i, w)| Op::Replace(i, w)),
        2 => (0usize..40, any::<bool>()).prop_map(|(i, swap)| Op::Merge(i, swap)),
        1 => Just(Op::Rebuild),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Also: a handle that reads the file's index answers the same.
    #[test]
    fn a_kept_index_answers_as_a_scan_after_any_writes(
        ops in proptest::collection::vec(op(), 1..14),
        queries in proptest::collection::vec(
            (proptest::collection::vec(0..WORDS.len(), 3..8), proptest::option::of(0u32..4)),
            1..4,
        ),
        min in prop_oneof![Just(30u8), Just(60u8), Just(80u8)],
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.tmdb");
        let mut writer = seeded(&path, 40);
        let reader = loading_reader(&path);
        // A handle reading the file's index (never loaded) answers the same.
        let from_file = Memory::open_read_only(&path).unwrap();
        from_file.set_lookup_plan(LookupPlan::File);
        let query = |text: &str| {
            let mut q = Query::new(text, "en", "ru");
            q.min_score = min;
            q.max_results = 50;
            q
        };
        let mut queries: Vec<Query> = queries
            .iter()
            .map(|(w, e)| query(&sentence(w, *e)))
            .collect();
        for q in &queries {
            reader.suggest(q).unwrap();
            writer.suggest(q).unwrap();
        }
        for (step, op) in ops.iter().enumerate() {
            match op {
                Op::Add(w, e) => {
                    let text = sentence(w, *e);
                    writer.add(&unit(&text, &format!("шаг {step}"))).unwrap();
                    // Every segment written is asked for from then on.
                    queries.push(query(&text));
                }
                Op::DeleteNewest => {
                    if let Some(id) = newest_unit(&writer) {
                        writer.delete(id).unwrap();
                    }
                }
                Op::DeleteOldest => {
                    let oldest: Option<i64> = writer
                        .conn
                        .query_row("SELECT min(id) FROM unit", [], |r| r.get(0))
                        .unwrap();
                    if let Some(id) = oldest {
                        writer.delete(id).unwrap();
                    }
                }
                Op::Replace(i, w) => {
                    import(
                        &mut writer,
                        vec![
                            unit(&seeded_text(*i), &format!("замена {step}")),
                            unit(&sentence(w, None), &format!("новый {step}")),
                        ],
                        DuplicatePolicy::Replace,
                    );
                    queries.push(query(&seeded_text(*i)));
                    queries.push(query(&sentence(w, None)));
                }
                Op::Merge(i, swap) => {
                    let mut again = unit(&seeded_text(*i), &format!("перевод {i}"));
                    again.notes.push(crate::unit::Note {
                        attrs: Vec::new(),
                        text: format!("seen again at step {step}"),
                    });
                    if *swap {
                        again.variants.reverse();
                    }
                    import(&mut writer, vec![again], DuplicatePolicy::Merge);
                    queries.push(query(&seeded_text(*i)));
                }
                Op::Rebuild => {
                    writer.rebuild_index().unwrap();
                }
            }
            for q in &queries {
                let scan = key(&reader.suggest_exhaustive(q).unwrap());
                prop_assert_eq!(&key(&reader.suggest(q).unwrap()), &scan, "reader, step {} {:?}", step, op);
                prop_assert_eq!(&key(&writer.suggest(q).unwrap()), &scan, "writer, step {} {:?}", step, op);
                prop_assert_eq!(&key(&from_file.suggest(q).unwrap()), &scan, "from the file, step {} {:?}", step, op);
            }
        }
    }
}
