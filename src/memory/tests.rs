use super::index_tests::index_snapshot;
use super::*;
use crate::lang::LangTag;
use crate::unit::{Header, Inline, Prop, TagKind, UnitReader, VecReader};

pub(super) fn dated(src: &str, tgt: &str, changed: &str) -> TranslationUnit {
    let mut tu = TranslationUnit::pair("en", src, "ru", tgt);
    tu.attrs.push(("changedate".into(), changed.into()));
    tu
}

pub(super) fn import(
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
pub(super) fn all_units(memory: &Memory) -> Vec<TranslationUnit> {
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
