//! A PostgreSQL memory's fuzzy index stays loaded across writes (issue 17):
//! a handle that has read the index adds what other handles (other
//! `tmkit serve` processes) write, instead of reading the whole index again,
//! and answers exactly as a handle opened afresh. A throwaway server is
//! started here (see `pg_harness`); without PostgreSQL the test prints why
//! and passes, except under `CI=true`.

use tmkit::fuzzy::{Query, Suggestion};
use tmkit::lang::LangTag;
use tmkit::memory::Memory;
use tmkit::unit::TranslationUnit;

#[allow(dead_code)] // the harness serves several test binaries
mod pg_harness;

use pg_harness::*;

fn key(found: &[Suggestion]) -> Vec<(i64, u8, String)> {
    found
        .iter()
        .map(|s| (s.unit_id, s.score, s.target.text()))
        .collect()
}

#[test]
fn a_loaded_postgres_index_takes_in_other_writers_units_and_rebuilds() {
    let Some(pg) = PgServer::start() else { return };
    // The only test in this binary: nothing else reads the environment.
    unsafe { std::env::set_var("PGPASSWORD", PASSWORD) };
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("news.tmx");
    let sources = write_tmx(&tmx, 5, 800, "");
    let url = pg.url("cached");
    ok(&["memory", "import", &url, tmx.to_str().unwrap()]);
    let path = std::path::Path::new(&url);
    let en = LangTag::parse("en");

    let reader = Memory::open_read_only(path).unwrap();
    let first = Query::new(&format!("{} zebra", sources[10]), "en", "ru");
    let second = Query::new("zebras crossed the square at noon", "en", "ru");
    reader.suggest(&first).unwrap();
    let loaded = reader.warm_index(&en).unwrap();
    assert_eq!(loaded.whole_reads, 1);

    let mut writer = Memory::open(path).unwrap();
    // The newest unit deleted, then others added: the new variants must get
    // ids never given before, or the loaded index would take them for the
    // deleted ones it has read.
    let newest = writer
        .suggest(&Query::new(&sources[799], "en", "ru"))
        .unwrap();
    let newest = newest.iter().map(|s| s.unit_id).max().unwrap();
    assert!(writer.delete(newest).unwrap());
    writer
        .add(&TranslationUnit::pair("en", &first.text, "ru", "первый"))
        .unwrap();
    writer
        .add(&TranslationUnit::pair("en", &second.text, "ru", "второй"))
        .unwrap();

    let fresh = Memory::open_read_only(path).unwrap();
    for query in [&first, &second, &Query::new(&sources[799], "en", "ru")] {
        let found = reader.suggest(query).unwrap();
        assert_eq!(
            key(&found),
            key(&fresh.suggest(query).unwrap()),
            "{}",
            query.text
        );
        if query.text != sources[799] {
            assert_eq!(found[0].score, 100, "{}", query.text);
        }
    }
    let info = reader.warm_index(&en).unwrap();
    assert_eq!(info.whole_reads, 1, "the writes were added, not read whole");
    // Two added; the deleted one is still counted until a whole read.
    assert_eq!(info.segments, loaded.segments + 2);

    // Concordance: a handle holding the index (a serving thread) finds the
    // segments through it, one without streams the sequences; same answers.
    let cold = Memory::open_read_only(path).unwrap();
    let words: Vec<&str> = sources[10].split(' ').collect();
    let phrases = [
        words[2].to_string(),
        format!("{} {}", words[1], words[2]),
        format!("{}*", &words[3][..words[3].len().min(3)]),
        "zebras crossed".to_string(),
        "zebra".to_string(),
    ];
    for phrase in &phrases {
        let concordance = |m: &Memory| -> Vec<(i64, String)> {
            m.concordance(phrase, &en, None, 1000)
                .unwrap()
                .iter()
                .map(|h| (h.unit_id, h.found.text()))
                .collect()
        };
        let through_index = concordance(&reader);
        assert!(!through_index.is_empty(), "{phrase}");
        assert_eq!(through_index, concordance(&cold), "{phrase}");
    }
    assert_eq!(reader.warm_index(&en).unwrap().whole_reads, 1);
    assert_eq!(
        cold.warm_index(&en).unwrap().whole_reads,
        1,
        "read only when asked"
    );

    // `rebuild-index` gives every word a new id: a loaded index must be read
    // again, and answers as before.
    let queries = [&first, &second, &Query::new(&sources[3], "en", "ru")];
    let before: Vec<_> = queries
        .iter()
        .map(|q| key(&reader.suggest(q).unwrap()))
        .collect();
    let out = ok(&["memory", "rebuild-index", &url, "--format", "json"]);
    let rebuilt: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Every variant of both languages: the English segments less the one
    // deleted, each with its Russian one.
    let variants = (info.segments - 1) * 2;
    assert_eq!(rebuilt["indexed"], serde_json::json!(variants), "{out}");
    let after: Vec<_> = queries
        .iter()
        .map(|q| key(&reader.suggest(q).unwrap()))
        .collect();
    assert_eq!(after, before);
    assert_eq!(reader.warm_index(&en).unwrap().whole_reads, 2);
    let fresh = Memory::open_read_only(path).unwrap();
    let again: Vec<_> = queries
        .iter()
        .map(|q| key(&fresh.suggest(q).unwrap()))
        .collect();
    assert_eq!(again, before);

    // Tables of the first schema (no high-water mark): a handle opened on
    // them reads the index whole after each write until a newer tmkit
    // migrates them, then adds writes as usual.
    drop((reader, writer, fresh, cold));
    pg.psql_in(
        "tmkit",
        "ALTER TABLE tmkit_memory DROP COLUMN next_variant, DROP COLUMN index_epoch;
         DELETE FROM tmkit_schema WHERE version = 2;",
    );
    let old = Memory::open_read_only(path).unwrap();
    let third = Query::new("okapis crossed the square at dawn", "en", "ru");
    old.suggest(&third).unwrap();
    let mut writer = Memory::open(path).unwrap(); // migrates
    writer
        .add(&TranslationUnit::pair("en", &third.text, "ru", "третий"))
        .unwrap();
    assert_eq!(old.suggest(&third).unwrap()[0].score, 100);
    assert_eq!(old.warm_index(&en).unwrap().whole_reads, 2);
    let fourth = Query::new("okapis crossed the bridge at dawn", "en", "ru");
    writer
        .add(&TranslationUnit::pair(
            "en",
            &fourth.text,
            "ru",
            "четвёртый",
        ))
        .unwrap();
    assert_eq!(old.suggest(&fourth).unwrap()[0].score, 100);
    assert_eq!(
        old.warm_index(&en).unwrap().whole_reads,
        2,
        "added, not read whole"
    );
}
