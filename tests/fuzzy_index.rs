//! The token index gives exactly what a brute-force scan gives, on random and
//! real memories, through imports, merges, replacements and deletions, and an
//! older memory is migrated (its index built) on open.

use proptest::prelude::*;
use std::path::Path;
use tmkit::fuzzy::Query;
use tmkit::memory::{DuplicatePolicy, ImportOptions, Memory};
use tmkit::unit::{TranslationUnit, VecReader};

fn key(found: &[tmkit::fuzzy::Suggestion]) -> Vec<(i64, u8, String)> {
    found
        .iter()
        .map(|s| (s.unit_id, s.score, format!("{:?}", s.kind)))
        .collect()
}

fn assert_same(memory: &Memory, query: &Query) {
    let fast = memory.suggest(query).unwrap();
    let slow = memory.suggest_exhaustive(query).unwrap();
    assert_eq!(
        key(&fast),
        key(&slow),
        "query {:?} θ={}",
        query.text,
        query.min_score
    );
}

const WORDS: &[&str] = &[
    "the", "talks", "Talks", "resumed", "in", "2014", "2015", "Moscow", "on", "and", ",", ".",
];

fn sentence(picks: &[usize]) -> String {
    picks
        .iter()
        .map(|&i| WORDS[i % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn index_equals_brute_force_on_random_memories(
        segments in proptest::collection::vec(proptest::collection::vec(0usize..12, 0..7), 1..30),
        deletions in proptest::collection::vec(0i64..40, 0..5),
        queries in proptest::collection::vec(proptest::collection::vec(0usize..12, 0..7), 1..6),
        min in 1u8..=100,
        max in 1usize..4,
        policy in 0usize..4,
    ) {
        let mut memory = Memory::open_in_memory().unwrap();
        let units: Vec<TranslationUnit> = segments
            .iter()
            .enumerate()
            .map(|(i, picks)| {
                let text = sentence(picks);
                let mut tu = TranslationUnit::pair("en", &text, "ru", &format!("{text} ru {}", i % 3));
                tu.attrs.push(("changedate".into(), format!("2020010{}T000000Z", i % 7)));
                tu
            })
            .collect();
        let options = ImportOptions {
            on_duplicate: [DuplicatePolicy::Merge, DuplicatePolicy::Keep, DuplicatePolicy::Replace, DuplicatePolicy::All][policy],
            ..ImportOptions::default()
        };
        let half = units.len() / 2;
        memory.import(&mut VecReader::new(units[..half].to_vec()), &options, &mut |_| {}).unwrap();
        for id in deletions {
            memory.delete(id).unwrap();
        }
        memory.import(&mut VecReader::new(units[half..].to_vec()), &options, &mut |_| {}).unwrap();
        for picks in queries {
            let mut query = Query::new(&sentence(&picks), "en", "ru");
            query.min_score = min;
            query.max_results = max;
            assert_same(&memory, &query);
        }
    }
}

const LONG_WORDS: &[&str] = &[
    "the",
    "the",
    "the",
    "of",
    "of",
    "in",
    "to",
    "a",
    "and",
    ",",
    ".",
    "said",
    "talks",
    "resumed",
    "Moscow",
    "Kyiv",
    "minister",
    "2014",
    "2015",
    "4.5%",
    "government",
    "new",
];

fn long_sentence(picks: &[usize]) -> String {
    picks
        .iter()
        .map(|&i| LONG_WORDS[i % LONG_WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// The analysis floor: at θ 50–74 the filter reads the prefix lists and
    /// needs two shared prefix occurrences; the best matches must still be
    /// exactly the scan's, on longer sentences dominated by frequent words.
    #[test]
    fn index_equals_brute_force_at_low_thresholds(
        segments in proptest::collection::vec(proptest::collection::vec(0usize..22, 1..16), 1..40),
        queries in proptest::collection::vec(proptest::collection::vec(0usize..22, 1..16), 1..5),
        min in 50u8..=74,
        max in 1usize..4,
    ) {
        let mut memory = Memory::open_in_memory().unwrap();
        let units: Vec<TranslationUnit> = segments
            .iter()
            .enumerate()
            .map(|(i, picks)| {
                let text = long_sentence(picks);
                let mut tu = TranslationUnit::pair("en", &text, "ru", &format!("{text} ru {i}"));
                tu.attrs.push(("changedate".into(), format!("2020010{}T000000Z", i % 7)));
                tu
            })
            .collect();
        let options = ImportOptions { on_duplicate: DuplicatePolicy::All, ..ImportOptions::default() };
        memory.import(&mut VecReader::new(units), &options, &mut |_| {}).unwrap();
        for picks in queries {
            let mut query = Query::new(&long_sentence(&picks), "en", "ru");
            query.min_score = min;
            query.max_results = max;
            assert_same(&memory, &query);
        }
    }
}

#[test]
fn single_adds_and_deletes_keep_the_index_in_step() {
    let mut memory = Memory::open_in_memory().unwrap();
    let a = memory
        .add(&TranslationUnit::pair(
            "en",
            "The talks resumed in Moscow.",
            "ru",
            "Переговоры возобновились в Москве.",
        ))
        .unwrap();
    let query = Query::new("The talks resumed in Moscow.", "en", "ru");
    assert_eq!(memory.suggest(&query).unwrap()[0].score, 100);
    memory.delete(a).unwrap();
    assert!(memory.suggest(&query).unwrap().is_empty());
    memory
        .add(&TranslationUnit::pair(
            "en",
            "The talks resumed in Kyiv.",
            "ru",
            "Переговоры возобновились в Киеве.",
        ))
        .unwrap();
    let found = memory.suggest(&query).unwrap();
    assert_eq!((found[0].score, found[0].scores.word), (80, 80));
    assert_same(&memory, &query);
}

#[test]
fn a_memory_from_schema_1_is_migrated_and_indexed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.tmdb");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             PRAGMA application_id = {};
             INSERT INTO meta VALUES ('schema_version', '1');",
            tmkit::memory::schema::APPLICATION_ID
        ))
        .unwrap();
        conn.execute_batch(tmkit::memory::schema::MIGRATIONS[0])
            .unwrap();
        let tu = TranslationUnit::pair("en", "Good morning, Moscow.", "ru", "Доброе утро, Москва.");
        conn.execute(
            "INSERT INTO unit(id, tuid, changed, content_hash, data) VALUES (1, NULL, NULL, 0, ?1)",
            [serde_json::to_string(&tu).unwrap()],
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO variant(unit_id, ord, lang, text, key_hash) VALUES
               (1, 0, 'en', 'Good morning, Moscow.', 0), (1, 1, 'ru', 'Доброе утро, Москва.', 0);",
        )
        .unwrap();
    }
    let memory = Memory::open(&path).unwrap();
    assert_eq!(
        memory.stats().unwrap().schema_version,
        tmkit::memory::schema::current_version()
    );
    let mut query = Query::new("Good morning, Kyiv.", "en", "ru");
    query.min_score = 60;
    let found = memory.suggest(&query).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].scores.word, 66);
    let hits = memory
        .concordance(
            "morning",
            &tmkit::lang::LangTag::parse("en"),
            Some(&tmkit::lang::LangTag::parse("ru")),
            10,
        )
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].highlights, [(5, 12)]);
}

/// Real sentences with controlled edits: the index and the scan agree.
#[test]
fn index_equals_brute_force_on_real_sentences() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let file = shared.join("data/parallel/en-ru/tatoeba-test-v2021-08-07.en-ru.tsv");
    let Ok(data) = std::fs::read_to_string(&file) else {
        eprintln!("skipping: {} not found", file.display());
        return;
    };
    let pairs: Vec<(String, String)> = data
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            (cols.len() >= 5).then(|| (cols[3].to_string(), cols[4].to_string()))
        })
        .take(800)
        .collect();
    let mut memory = Memory::open_in_memory().unwrap();
    let units: Vec<TranslationUnit> = pairs
        .iter()
        .map(|(en, ru)| TranslationUnit::pair("en", en, "ru", ru))
        .collect();
    memory
        .import(
            &mut VecReader::new(units),
            &ImportOptions::default(),
            &mut |_| {},
        )
        .unwrap();
    let mut compared = 0;
    for (i, (en, _)) in pairs.iter().enumerate().step_by(20) {
        // Edit the sentence: drop one word, swap in another sentence's word.
        let mut words: Vec<&str> = en.split(' ').collect();
        if words.len() > 3 {
            words.remove(i % words.len());
        }
        let donor: Vec<&str> = pairs[(i * 7) % pairs.len()].0.split(' ').collect();
        if let Some(w) = donor.first() {
            let at = i % words.len().max(1);
            if at < words.len() {
                words[at] = w;
            }
        }
        for min in [50, 75] {
            let mut query = Query::new(&words.join(" "), "en", "ru");
            query.min_score = min;
            assert_same(&memory, &query);
            compared += 1;
        }
    }
    assert!(compared >= 80);
}
