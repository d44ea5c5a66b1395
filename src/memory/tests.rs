use super::*;
use crate::lang::LangTag;
use crate::unit::{Header, Inline, Prop, TagKind, UnitReader, VecReader};

fn dated(src: &str, tgt: &str, changed: &str) -> TranslationUnit {
    let mut tu = TranslationUnit::pair("en", src, "ru", tgt);
    tu.attrs.push(("changedate".into(), changed.into()));
    tu
}

fn import(
    memory: &mut Memory,
    units: Vec<TranslationUnit>,
    policy: DuplicatePolicy,
) -> ImportReport {
    let options = ImportOptions {
        on_duplicate: policy,
        ..ImportOptions::default()
    };
    memory
        .import(&mut VecReader::new(units), &options, &mut |_| {})
        .unwrap()
}

/// Every unit of `memory`, in storage order.
fn all_units(memory: &Memory) -> Vec<TranslationUnit> {
    let mut units = Vec::new();
    memory
        .for_each_unit(&mut |_, u| {
            units.push(u);
            Ok(())
        })
        .unwrap();
    units
}

#[test]
fn exact_lookup_ignores_case_and_spacing_and_prefers_identical() {
    let mut memory = Memory::open_in_memory().unwrap();
    memory
        .add(&TranslationUnit::pair(
            "en",
            "Hello  world",
            "ru",
            "Привет, мир (1)",
        ))
        .unwrap();
    memory
        .add(&TranslationUnit::pair(
            "en",
            "hello world",
            "ru",
            "Привет, мир (2)",
        ))
        .unwrap();
    let hits = memory.lookup_exact("hello world", "EN", "ru").unwrap();
    assert_eq!(hits.len(), 2);
    assert!(hits[0].identical);
    assert_eq!(hits[0].target.text(), "Привет, мир (2)");
    assert!(memory.lookup_exact("hello", "en", "ru").unwrap().is_empty());
    assert!(
        memory
            .lookup_exact("hello world", "ru", "en")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn merge_policy_keeps_one_unit_and_newer_attributes() {
    let mut memory = Memory::open_in_memory().unwrap();
    let mut old = dated("A", "Б", "20200101T000000Z");
    old.attrs.push(("usagecount".into(), "2".into()));
    old.attrs.push(("changeid".into(), "old".into()));
    old.props.push(Prop {
        kind: "x-a".into(),
        attrs: vec![("type".into(), "x-a".into())],
        value: "1".into(),
    });
    let mut new = dated("A", "Б", "20210101T000000Z");
    new.attrs.push(("usagecount".into(), "3".into()));
    new.attrs.push(("changeid".into(), "new".into()));
    new.props.push(Prop {
        kind: "x-b".into(),
        attrs: vec![("type".into(), "x-b".into())],
        value: "2".into(),
    });
    let report = import(&mut memory, vec![old, new], DuplicatePolicy::Merge);
    assert_eq!((report.imported, report.merged), (1, 1));
    let units = all_units(&memory);
    assert_eq!(units.len(), 1);
    let unit = &units[0];
    assert_eq!(unit.attr("changeid"), Some("new"));
    assert_eq!(unit.attr("usagecount"), Some("5"));
    assert_eq!(unit.props.len(), 2);
}

fn note_of(text: &str) -> crate::unit::Note {
    crate::unit::Note {
        attrs: Vec::new(),
        text: text.into(),
    }
}

/// A merged duplicate takes its texts' tokens, lookup hashes and packed
/// texts from the incoming unit, paired by language and text: the stored
/// unit must be what `merge_units` gives, and its index what a rebuild
/// gives, whatever the variants' order and however many share a language.
#[test]
fn a_merged_duplicate_pairs_its_variants_by_language_and_text() {
    let variant = |lang: &str, text: &str, note: &str| {
        let mut unit = TranslationUnit::pair(lang, text, "xx", "");
        let mut v = unit.variants.remove(0);
        v.notes.push(note_of(note));
        v
    };
    let mut existing = dated("x", "y", "20200101T000000Z");
    existing.variants = vec![
        variant("en", "Two reports from Kyiv", "old en"),
        variant("ru", "Два отчёта из Киева", "old ru 1"),
        variant("ru", "Два доклада из Киева", "old ru 2"),
    ];
    for newer_incoming in [true, false] {
        let mut incoming = existing.clone();
        incoming.variants.reverse();
        for (v, note) in incoming
            .variants
            .iter_mut()
            .zip(["new a", "new b", "new c"])
        {
            v.notes = vec![note_of(note)];
        }
        let date = if newer_incoming {
            "20210101T000000Z"
        } else {
            "20190101T000000Z"
        };
        incoming.attrs = vec![("changedate".into(), date.into())];
        let mut memory = Memory::open_in_memory().unwrap();
        let report = import(
            &mut memory,
            vec![existing.clone(), incoming.clone()],
            DuplicatePolicy::Merge,
        );
        assert_eq!((report.imported, report.merged), (1, 1));
        let units = all_units(&memory);
        assert_eq!(
            units,
            vec![merge_units(&existing, &incoming)],
            "{newer_incoming}"
        );
        let stored = index_snapshot(&memory);
        memory.rebuild_index().unwrap();
        assert_eq!(stored, index_snapshot(&memory), "{newer_incoming}");
        for (text, lang, other) in [
            ("Two reports from Kyiv", "en", "ru"),
            ("Два доклада из Киева", "ru", "en"),
        ] {
            let query = crate::fuzzy::Query::new(text, lang, other);
            let hits = memory.suggest(&query).unwrap();
            assert!(
                hits.iter().any(|h| h.score == 100),
                "{text} {newer_incoming}"
            );
        }
    }
}

#[test]
fn other_policies() {
    for (policy, units, merged, replaced, skipped) in [
        (DuplicatePolicy::Keep, 1, 0, 0, 1),
        (DuplicatePolicy::Replace, 1, 0, 1, 0),
        (DuplicatePolicy::All, 2, 0, 0, 0),
    ] {
        let mut memory = Memory::open_in_memory().unwrap();
        let report = import(
            &mut memory,
            vec![
                dated("A", "Б", "20200101T000000Z"),
                dated("A", "Б", "20220101T000000Z"),
            ],
            policy,
        );
        assert_eq!(memory.stats().unwrap().units, units, "{policy:?}");
        assert_eq!(
            (report.merged, report.replaced, report.skipped_duplicates),
            (merged, replaced, skipped)
        );
    }
}

#[test]
fn different_tags_are_not_duplicates() {
    let mut memory = Memory::open_in_memory().unwrap();
    let plain = TranslationUnit::pair("en", "Press OK", "ru", "Нажмите OK");
    let mut tagged = plain.clone();
    tagged.variants[0].content.push(Inline::tag(
        TagKind::Ph,
        vec![("x".into(), "1".into())],
        vec![Inline::text("<br/>")],
    ));
    let report = import(&mut memory, vec![plain, tagged], DuplicatePolicy::Merge);
    assert_eq!(report.imported, 2);
}

#[test]
fn failed_import_leaves_memory_unchanged() {
    struct Failing(u32);
    impl UnitReader for Failing {
        fn header(&self) -> &Header {
            static H: std::sync::OnceLock<Header> = std::sync::OnceLock::new();
            H.get_or_init(Header::default)
        }
        fn next_unit(&mut self) -> std::result::Result<Option<TranslationUnit>, ReadError> {
            self.0 += 1;
            if self.0 > 3 {
                return Err(ReadError {
                    position: crate::unit::Position {
                        file: "x.tmx".into(),
                        line: 9,
                        column: 1,
                    },
                    message: "unexpected end of file".into(),
                });
            }
            Ok(Some(TranslationUnit::pair(
                "en",
                &format!("s{}", self.0),
                "ru",
                "т",
            )))
        }
        fn take_warnings(&mut self) -> Vec<ReadWarning> {
            Vec::new()
        }
        fn bytes_read(&self) -> u64 {
            0
        }
    }
    let mut memory = Memory::open_in_memory().unwrap();
    memory
        .add(&TranslationUnit::pair("en", "kept", "ru", "сохранено"))
        .unwrap();
    let err = memory
        .import(&mut Failing(0), &ImportOptions::default(), &mut |_| {})
        .unwrap_err();
    assert!(err.to_string().contains("x.tmx:9:1"), "{err}");
    assert_eq!(memory.stats().unwrap().units, 1);
}

#[test]
fn stats_and_pairs() {
    let mut memory = Memory::open_in_memory().unwrap();
    memory
        .add(&TranslationUnit::pair("en", "a", "ru", "а"))
        .unwrap();
    memory
        .add(&TranslationUnit::pair("en-GB", "b", "uk", "б"))
        .unwrap();
    let stats = memory.stats().unwrap();
    assert_eq!(stats.units, 2);
    assert_eq!(stats.variants, 4);
    assert!(
        stats
            .pairs
            .iter()
            .any(|p| p.source == "en-GB" && p.target == "uk")
    );
    assert!(
        memory
            .require_pair(&LangTag::parse("en"), &LangTag::parse("uk"))
            .is_ok()
    );
    let err = memory
        .require_pair(&LangTag::parse("en"), &LangTag::parse("de"))
        .unwrap_err();
    assert!(err.to_string().contains("en:ru"), "{err}");
}

/// Found by fuzzing (`memory_file`): a damaged memory whose `GROUP BY lang`
/// names one tag twice made the pair matrix index past its end (a panic in
/// `stats`). Duplicate tags now count once.
#[test]
fn pair_counts_survive_a_tag_listed_twice() {
    let mut memory = Memory::open_in_memory().unwrap();
    memory
        .add(&TranslationUnit::pair("en", "a", "ru", "а"))
        .unwrap();
    let keys: Vec<String> = ["en", "en", "ru"].iter().map(|k| k.to_string()).collect();
    let pairs = memory.pair_counts(&keys).unwrap();
    assert_eq!(pairs.len(), 2, "{pairs:?}");
    assert!(pairs.iter().all(|p| p.units == 1));
}

#[test]
fn file_errors_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.tmdb");
    assert!(matches!(
        Memory::open(&missing),
        Err(MemoryError::Missing(_))
    ));
    assert!(matches!(
        Memory::open(dir.path()),
        Err(MemoryError::IsDirectory(_))
    ));
    let junk = dir.path().join("junk.tmdb");
    std::fs::write(
        &junk,
        "this is not sqlite at all, just text that is long enough",
    )
    .unwrap();
    let err = Memory::open(&junk).err().unwrap();
    assert!(matches!(err, MemoryError::NotAMemory { .. }), "{err}");
    assert_eq!(
        std::fs::read_to_string(&junk).unwrap(),
        "this is not sqlite at all, just text that is long enough"
    );
    let real = dir.path().join("m.tmdb");
    Memory::create(&real)
        .unwrap()
        .add(&TranslationUnit::pair("en", "a", "ru", "б"))
        .unwrap();
    assert!(matches!(
        Memory::create(&real),
        Err(MemoryError::AlreadyExists(_))
    ));
    let reopened = Memory::open(&real).unwrap();
    assert_eq!(reopened.stats().unwrap().units, 1);
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.tmdb");
    drop(Memory::create(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE meta SET value = '999' WHERE key = 'schema_version'",
        [],
    )
    .unwrap();
    drop(conn);
    assert!(matches!(
        Memory::open(&path),
        Err(MemoryError::TooNew { found: 999, .. })
    ));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        // Astral characters, XML specials, Cyrillic, whitespace runs.
        proptest::string::string_regex("[a-zA-Zа-яё0-9 <>&\"'\u{1F600}\u{10348}\t]{0,24}").unwrap()
    }

    fn content() -> impl Strategy<Value = Vec<Inline>> {
        proptest::collection::vec(
            prop_oneof![
                text().prop_map(Inline::text),
                (text(), 1u8..9).prop_map(|(code, i)| Inline::tag(
                    TagKind::Ph,
                    vec![("x".into(), i.to_string())],
                    vec![Inline::text(code)]
                )),
                text().prop_map(|t| Inline::tag(TagKind::Hi, vec![], vec![Inline::text(t)])),
            ],
            1..5,
        )
    }

    fn unit() -> impl Strategy<Value = TranslationUnit> {
        (
            content(),
            content(),
            prop_oneof![Just("en-US"), Just("EN_gb"), Just("en")],
            0u32..1000,
        )
            .prop_map(|(src, tgt, lang, id)| {
                let mut unit = TranslationUnit::pair(lang, "", "ru", "");
                unit.variants[0].content = src;
                unit.variants[1].content = tgt;
                unit.attrs.push(("tuid".into(), id.to_string()));
                unit
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn units_come_back_exactly_as_stored(units in proptest::collection::vec(unit(), 1..12)) {
            let mut memory = Memory::open_in_memory().unwrap();
            let report = import(&mut memory, units.clone(), DuplicatePolicy::All);
            prop_assert_eq!(report.imported as usize, units.len());
            let back = all_units(&memory);
            // Compared as JSON so that language spellings count (LangTag equality ignores case).
            prop_assert_eq!(
                serde_json::to_string(&units).unwrap(),
                serde_json::to_string(&back).unwrap()
            );
        }
    }
}

/// Every posting list and token sequence, keyed by token text (ids differ
/// between builds).
fn index_snapshot(memory: &Memory) -> Vec<(String, String, Vec<i64>)> {
    let mut lists: std::collections::BTreeMap<(String, String), Vec<i64>> = Default::default();
    let mut stmt = memory
        .conn
        .prepare(
            "SELECT t.lang, t.text, p.ids FROM fz_posting p JOIN fz_token t ON t.id = p.token_id
             ORDER BY t.lang, t.text, p.first_id",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Vec<u8>>(2)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (lang, text, blob) = row.unwrap();
        lists
            .entry((lang, text))
            .or_default()
            .extend(codec::decode_ids(&blob).unwrap());
    }
    let mut seqs = memory
        .conn
        .prepare("SELECT s.variant_id, s.tokens FROM fz_seq s ORDER BY s.variant_id")
        .unwrap();
    let mut out: Vec<(String, String, Vec<i64>)> = lists
        .into_iter()
        .filter(|(_, ids)| !ids.is_empty())
        .map(|((lang, text), ids)| (lang, text, ids))
        .collect();
    let seq_rows = seqs
        .query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, Vec<u8>>(1)?))
        })
        .unwrap();
    let texts: std::collections::HashMap<u32, String> = memory
        .conn
        .prepare("SELECT id, text FROM fz_token")
        .unwrap()
        .query_map([], |row| Ok((row.get::<_, i64>(0)? as u32, row.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    for row in seq_rows {
        let (id, tokens) = row.unwrap();
        let words: Vec<&str> = codec::decode_tokens(&tokens)
            .unwrap()
            .iter()
            .map(|t| texts[t].as_str())
            .collect();
        out.push(("seq".into(), words.join(" "), vec![id]));
    }
    out
}

#[test]
fn incremental_index_equals_a_rebuild_after_merges_replaces_and_deletes() {
    // Adjacent duplicates make a merge delete and re-add the newest variants
    // while their postings are still buffered; a tiny buffer makes the
    // writer spill to SQLite mid-import too.
    for buffer in [1usize, 64, index::POSTING_BUFFER_BYTES] {
        let mut memory = Memory::open_in_memory().unwrap();
        memory.posting_buffer = buffer;
        let sentence = |i: usize| {
            format!(
                "The {} report from {} says {} people left",
                ["first", "second", "third"][i % 3],
                ["Kyiv", "Moscow", "Berlin", "Paris"][i % 4],
                i % 7
            )
        };
        let mut units = Vec::new();
        for i in 0..60 {
            units.push(dated(
                &sentence(i),
                &format!("Отчёт {}", i % 5),
                "20200101T000000Z",
            ));
            if i % 4 == 0 {
                units.push(dated(
                    &sentence(i),
                    &format!("Отчёт {}", i % 5),
                    "20210101T000000Z",
                ));
            }
        }
        import(&mut memory, units.clone(), DuplicatePolicy::Merge);
        import(&mut memory, units[..20].to_vec(), DuplicatePolicy::Replace);
        let newest: i64 = memory
            .conn
            .query_row("SELECT max(id) FROM unit", [], |r| r.get(0))
            .unwrap();
        assert!(memory.delete(newest).unwrap());
        assert!(memory.delete(3).unwrap());
        memory
            .add(&TranslationUnit::pair(
                "en",
                "A new report from Kyiv",
                "ru",
                "Новый отчёт",
            ))
            .unwrap();
        let incremental = index_snapshot(&memory);
        memory.rebuild_index().unwrap();
        assert_eq!(incremental, index_snapshot(&memory), "buffer {buffer}");
        let query =
            crate::fuzzy::Query::new("The first report from Kyiv says 3 people left", "en", "ru");
        let indexed = memory.suggest(&query).unwrap();
        let exhaustive = memory.suggest_exhaustive(&query).unwrap();
        let key = |s: &Vec<crate::fuzzy::Suggestion>| -> Vec<(i64, u8)> {
            s.iter().map(|x| (x.unit_id, x.score)).collect()
        };
        assert!(!indexed.is_empty());
        assert_eq!(key(&indexed), key(&exhaustive));
    }
}

/// The index rows exactly as stored, ids included.
fn raw_index(memory: &Memory) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT lang, text, id FROM fz_token ORDER BY id",
        "SELECT lang, variant_id, hex(tokens) FROM fz_seq ORDER BY lang, variant_id",
        "SELECT lang, token_id, first_id, hex(ids) FROM fz_posting ORDER BY lang, token_id, first_id",
    ] {
        let mut stmt = memory.conn.prepare(sql).unwrap();
        let columns = stmt.column_count();
        let rows = stmt
            .query_map([], |row| {
                (0..columns)
                    .map(|i| {
                        row.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .unwrap();
        out.extend(rows.map(|r| r.unwrap().join("|")));
    }
    out
}

#[test]
fn a_bulk_import_gives_the_token_ids_the_writer_gives() {
    // A bulk import gives token ids on its preparing thread
    // (`indexwrite::TokenIds`); they must be the ones adding the same units
    // one by one gives, merged duplicates included.
    let mut units = Vec::new();
    for i in 0..40 {
        let unit = dated(
            &format!(
                "Report {} from {} on day {}",
                i % 6,
                ["Kyiv", "Lviv"][i % 2],
                i
            ),
            &format!("Отчёт {} из {}", i % 5, ["Киева", "Львова"][i % 2]),
            "20200101T000000Z",
        );
        if i % 7 == 3 {
            units.push(dated(
                &unit.variants[0].text(),
                &unit.variants[1].text(),
                "20220101T000000Z",
            ));
        }
        units.push(unit);
    }
    let mut bulk = Memory::open_in_memory().unwrap();
    let report = import(&mut bulk, units.clone(), DuplicatePolicy::Merge);
    assert!(report.merged > 0);
    let mut one_by_one = Memory::open_in_memory().unwrap();
    for unit in &units {
        one_by_one.add(unit).unwrap();
    }
    assert_eq!(raw_index(&bulk), raw_index(&one_by_one));

    // A memory whose units were all deleted keeps its words: the next bulk
    // import reuses their ids and adds only the new words.
    let ids: Vec<i64> = bulk
        .conn
        .prepare("SELECT id FROM unit")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    for id in ids {
        assert!(bulk.delete(id).unwrap());
    }
    let words_before: i64 = bulk
        .conn
        .query_row("SELECT count(*) FROM fz_token", [], |r| r.get(0))
        .unwrap();
    let again = vec![
        dated(
            "Report 1 from Kyiv on day 1",
            "Отчёт 1 из Киева",
            "20200101T000000Z",
        ),
        dated(
            "A quite unseen sentence",
            "Совсем новое предложение",
            "20200101T000000Z",
        ),
    ];
    import(&mut bulk, again, DuplicatePolicy::Merge);
    let word_id = |memory: &Memory, word: &str| -> i64 {
        memory
            .conn
            .query_row(
                "SELECT id FROM fz_token WHERE lang = 'en' AND text = ?1",
                [word],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(word_id(&bulk, "kyiv"), word_id(&one_by_one, "kyiv"));
    let words_after: i64 = bulk
        .conn
        .query_row("SELECT count(*) FROM fz_token", [], |r| r.get(0))
        .unwrap();
    let new_words = index::index_tokens("A quite unseen sentence").len()
        + index::index_tokens("Совсем новое предложение").len();
    assert_eq!(words_after, words_before + new_words as i64);
    let incremental = index_snapshot(&bulk);
    bulk.rebuild_index().unwrap();
    assert_eq!(incremental, index_snapshot(&bulk));
}

/// The staged lookup (a search at θ = 90 first) settles only when the list
/// is full at a score of at least the stage's threshold: here the one
/// segment found at 90, an exact copy, scores 85 after its penalties (ten
/// inline tags the query lacks, an unapproved mark), and a segment of index
/// similarity 88 below that stage, with no penalty, must still win.
#[test]
fn a_penalised_copy_found_first_does_not_hide_a_better_match_below_the_stage() {
    let mut memory = Memory::open_in_memory().unwrap();
    let words = "alpha bravo charlie delta echo foxtrot golf hotel india";
    let mut copy = TranslationUnit::pair("en", words, "ru", "копия");
    for i in 0..10 {
        copy.variants[0].content.push(Inline::tag(
            TagKind::Ph,
            vec![("x".into(), i.to_string())],
            vec![Inline::text("<br/>")],
        ));
    }
    copy.props.push(Prop {
        kind: "x-fuzzy".into(),
        attrs: vec![("type".into(), "x-fuzzy".into())],
        value: "1".into(),
    });
    let near = TranslationUnit::pair(
        "en",
        "alpha bravo charlie delta echo foxtrot golf hotel juliet",
        "ru",
        "близко",
    );
    // Segments sharing the query's frequent words (none reaches θ = 70):
    // they make the search at 70 read long lists, so the lookup tries 90
    // first (see `search_thresholds`).
    let fillers = (0..26u8).map(|i| {
        TranslationUnit::pair(
            "en",
            &format!(
                "charlie delta echo foxtrot golf hotel filler{}",
                char::from(b'a' + i)
            ),
            "ru",
            "другое",
        )
    });
    let units = [copy, near].into_iter().chain(fillers).collect();
    import(&mut memory, units, DuplicatePolicy::All);
    let mut query = crate::fuzzy::Query::new(words, "en", "ru");
    query.max_results = 1;
    // The file's index finds the same (its lists differ: no stats asserted).
    let (from_file, _) = memory.suggest_explained(&query).unwrap();
    memory.set_lookup_plan(super::LookupPlan::Load);
    let (found, stats) = memory.suggest_explained(&query).unwrap();
    assert_eq!(memory.whole_index_reads(), 1, "the loaded index searched");
    // The search at 90 (the two rarest words' lists: 3 postings) found the
    // copy alone and could not settle; the one at 80 (three lists, 5
    // postings, of which it reads only the third, 2 postings: the counts of
    // the first two are kept from the search at 90) found the near match
    // and settled; the long list of "charlie" that 70 reads was never read.
    assert_eq!(stats.postings_read, 3 + 2, "{stats:?}");
    let key = |found: &[crate::fuzzy::Suggestion]| -> Vec<(i64, u8)> {
        found.iter().map(|s| (s.unit_id, s.score)).collect()
    };
    assert_eq!(key(&found), [(2, 88)]);
    assert_eq!(key(&from_file), key(&found));
    assert_eq!(
        key(&found),
        key(&memory.suggest_exhaustive(&query).unwrap())
    );
    query.max_results = 2;
    assert_eq!(key(&memory.suggest(&query).unwrap()), [(2, 88), (1, 85)]);
}

#[test]
fn a_bulk_import_past_the_known_hashes_limit_gives_the_same_memory() {
    // Past the limit, duplicates are found through the `unit_content`
    // index instead of the in-memory map (bounded memory at 10M units);
    // every policy must end with the same units, ids and reports.
    let mut units = Vec::new();
    for i in 0..40 {
        let changed = format!("2020{:02}01T000000Z", i % 12 + 1);
        units.push(dated(
            &format!("Report {} from Kyiv", i % 9),
            &format!("Отчёт {}", i % 9),
            &changed,
        ));
    }
    let snapshot = |memory: &Memory| -> Vec<String> {
        let max: i64 = memory
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM unit", [], |r| r.get(0))
            .unwrap();
        let mut out: Vec<String> = (1..=max)
            .map(|id| format!("{id}: {:?}", memory.get(id).unwrap()))
            .collect();
        let mut stmt = memory
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('unit_content', 'variant_lookup') ORDER BY name")
            .unwrap();
        out.extend(
            stmt.query_map([], |r| r.get::<_, String>(0))
                .unwrap()
                .map(|name| name.unwrap()),
        );
        out
    };
    for policy in [
        DuplicatePolicy::Merge,
        DuplicatePolicy::Keep,
        DuplicatePolicy::Replace,
        DuplicatePolicy::All,
    ] {
        let mut expected = None;
        for limit in [super::duplicates::KNOWN_HASHES_LIMIT, 1, 2, 5] {
            let mut memory = Memory::open_in_memory().unwrap();
            memory.known_hashes_limit = limit;
            let report = import(&mut memory, units.clone(), policy);
            let got = (format!("{report:?}"), snapshot(&memory));
            match &expected {
                None => expected = Some(got),
                Some(expected) => assert_eq!(expected, &got, "{policy:?}, limit {limit}"),
            }
        }
    }
}

#[test]
fn a_bulk_import_leaves_the_posting_table_packed() {
    // A small posting buffer flushes often, and every flush rewrites each
    // touched list's last chunk in place and inserts new chunks in the
    // middle of the B-tree: without packing, 15% of this table's leaf pages
    // was left empty (6.7% with it, most of it the last page).
    let mut memory = Memory::open_in_memory().unwrap();
    memory.posting_buffer = 4096;
    let units: Vec<TranslationUnit> = (0..12_000usize)
        .map(|i| {
            let text: Vec<String> = (0..8)
                .map(|k| format!("w{}", (i * (2 * k + 3) + k * k * 7) % 400))
                .collect();
            TranslationUnit::pair("en", &text.join(" "), "ru", "Отчёт")
        })
        .collect();
    let unpacked = {
        let mut reference = Memory::open_in_memory().unwrap();
        import(&mut reference, units.clone(), DuplicatePolicy::All);
        raw_index(&reference)
    };
    import(&mut memory, units, DuplicatePolicy::All);
    let (unused, size): (i64, i64) = memory
        .conn
        .query_row(
            "SELECT sum(unused), sum(pgsize) FROM dbstat WHERE name = 'fz_posting' AND pagetype = 'leaf'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        unused * 100 < size * 10,
        "fz_posting: {unused} of {size} bytes unused"
    );
    assert_eq!(raw_index(&memory), unpacked);
}
