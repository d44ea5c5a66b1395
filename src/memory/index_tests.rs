//! Tests of the fuzzy index a memory keeps: incremental updates against a
//! rebuild, bulk imports against the writer (moved from `tests.rs`, which had
//! passed 800 lines).

use super::tests::{dated, import};
use super::*;
use crate::unit::{Inline, Prop, TagKind};

/// Every posting list and token sequence, keyed by token text (ids differ
/// between builds).
pub(super) fn index_snapshot(memory: &Memory) -> Vec<(String, String, Vec<i64>)> {
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
    let mut out: Vec<(String, String, Vec<i64>)> = lists
        .into_iter()
        .filter(|(_, ids)| !ids.is_empty())
        .map(|((lang, text), ids)| (lang, text, ids))
        .collect();
    let mut seq_rows = super::seqstore::all_sequences(&memory.conn).unwrap();
    seq_rows.sort_by_key(|(_, id, _)| *id);
    let texts: std::collections::HashMap<u32, String> = memory
        .conn
        .prepare("SELECT id, text FROM fz_token")
        .unwrap()
        .query_map([], |row| Ok((row.get::<_, i64>(0)? as u32, row.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    for (_, id, tokens) in seq_rows {
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
    let mut seqs = super::seqstore::all_sequences(&memory.conn).unwrap();
    seqs.sort();
    out.extend(
        seqs.into_iter()
            .map(|(lang, id, tokens)| format!("{lang}|{id}|{tokens:?}")),
    );
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

/// A duplicate merged or replaced with the same texts in the same places
/// keeps its variants' ids, so the index stays exactly as it was: no
/// posting list, token sequence or id is touched (before, every such
/// rewrite took the variants out of the index and added them again under
/// new ids, which made a 10M import with the default policy 4.0× slower
/// than one keeping every duplicate). The unit is still the merged one,
/// and lookups through an index loaded before the write stay right.
#[test]
fn a_duplicate_with_the_same_texts_keeps_its_variant_ids_and_index() {
    let units: Vec<TranslationUnit> = (0..30)
        .map(|i| {
            dated(
                &format!("Report {i} from Kyiv about the {} talks", i % 4),
                &format!("Отчёт {i} из Киева о переговорах"),
                "20200101T000000Z",
            )
        })
        .collect();
    for policy in [DuplicatePolicy::Merge, DuplicatePolicy::Replace] {
        // Past the buffer (1 byte) the postings are in SQLite, where the
        // old rewrite had to read and write them back.
        let mut memory = Memory::open_in_memory().unwrap();
        memory.posting_buffer = 1;
        import(&mut memory, units.clone(), DuplicatePolicy::All);
        let query = crate::fuzzy::Query::new("Report 7 from Kyiv about the 3 talks", "en", "ru");
        let warm = memory.suggest(&query).unwrap();
        let ids = |memory: &Memory| -> Vec<(i64, i64)> {
            let mut stmt = memory
                .conn
                .prepare("SELECT id, first_variant FROM unit ORDER BY id")
                .unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        };
        let next_id = |memory: &Memory| -> String {
            memory
                .conn
                .query_row(
                    "SELECT value FROM meta WHERE key = 'next_variant_id'",
                    [],
                    |r| r.get(0),
                )
                .unwrap()
        };
        let (ids_before, index_before, next_before) =
            (ids(&memory), raw_index(&memory), next_id(&memory));
        let mut incoming = units[7].clone();
        incoming.attrs = vec![("changedate".into(), "20230101T000000Z".into())];
        incoming.variants[1].notes.push(crate::unit::Note {
            attrs: Vec::new(),
            text: "checked".into(),
        });
        let existing = memory.get(8).unwrap().unwrap();
        let report = import(&mut memory, vec![incoming.clone()], policy);
        assert_eq!(
            (report.imported, report.merged + report.replaced),
            (0, 1),
            "{policy:?}"
        );
        assert_eq!(ids(&memory), ids_before, "{policy:?}");
        assert_eq!(raw_index(&memory), index_before, "{policy:?}");
        assert_eq!(next_id(&memory), next_before, "{policy:?}");
        let expected = match policy {
            DuplicatePolicy::Merge => merge_units(&existing, &incoming),
            _ => incoming.clone(),
        };
        assert_eq!(memory.get(8).unwrap().unwrap(), expected, "{policy:?}");
        let after = memory.suggest(&query).unwrap();
        let key = |s: &Vec<crate::fuzzy::Suggestion>| -> Vec<(i64, u8)> {
            s.iter().map(|x| (x.unit_id, x.score)).collect()
        };
        assert_eq!(key(&after), key(&warm), "{policy:?}");
        assert_eq!(
            key(&after),
            key(&memory.suggest_exhaustive(&query).unwrap()),
            "{policy:?}"
        );
        assert!(after.iter().any(|s| s.unit_id == 8 && s.score == 100));
        // The stored index is what a rebuild gives.
        let incremental = index_snapshot(&memory);
        memory.rebuild_index().unwrap();
        assert_eq!(incremental, index_snapshot(&memory), "{policy:?}");
    }
}
