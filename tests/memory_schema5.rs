//! Schema 5 (issue 14): a unit's variants at consecutive ids (no index of
//! `variant_row.unit_id`), the vocabulary stored once, texts of an import
//! packed sixteen to a frame. A schema-4 memory — made here from a fresh
//! one by the reverse of migration 5, with one unit's variants scattered as
//! a hand-edited memory could have them — exports the same bytes before and
//! after its migration, and matches like a fresh import; read-only commands
//! leave it at schema 4.

use rusqlite::Connection;
use std::path::Path;
use tmkit::memory::schema;

mod support;
use support::store::{export, ok, sample_tmx, tmkit_process, version};

/// Turns a schema-5 memory whose texts are plain (too few to train a
/// dictionary) into the schema-4 layout, the units 1 and 2 with their
/// variants interleaved, the token index queued to be built again.
fn to_schema4(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(&format!(
        "BEGIN;
         DROP VIEW variant;
         CREATE TABLE variant_row4 (
             id INTEGER PRIMARY KEY,
             unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
             ord INTEGER NOT NULL, lang TEXT NOT NULL, text NOT NULL,
             key_hash INTEGER NOT NULL, extra BLOB);
         INSERT INTO variant_row4 SELECT id, unit_id, ord, lang, text, key_hash, extra FROM variant_row;
         DROP TABLE variant_row;
         ALTER TABLE variant_row4 RENAME TO variant_row;
         ALTER TABLE unit DROP COLUMN first_variant;
         ALTER TABLE unit DROP COLUMN variants;
         DROP TABLE text_block;
         CREATE TABLE fz_token4 (id INTEGER PRIMARY KEY, lang TEXT NOT NULL, text TEXT NOT NULL,
             UNIQUE (lang, text));
         DROP TABLE fz_token;
         ALTER TABLE fz_token4 RENAME TO fz_token;
         DELETE FROM fz_posting;
         DROP TABLE fz_seqblock;
         CREATE TABLE fz_seq (lang TEXT NOT NULL, variant_id INTEGER NOT NULL,
             tokens BLOB NOT NULL, PRIMARY KEY (lang, variant_id)) WITHOUT ROWID;
         INSERT INTO fz_pending(variant_id) SELECT id FROM variant_row;
         UPDATE variant_row SET id = -1 WHERE id = 2;
         UPDATE variant_row SET id = 2 WHERE id = 3;
         UPDATE variant_row SET id = 3 WHERE id = -1;
         UPDATE fz_pending SET variant_id = variant_id;
         {view}
         {lookup}
         UPDATE meta SET value = '4' WHERE key = 'schema_version';
         COMMIT;",
        view = schema::VARIANT_VIEW,
        lookup = schema::LOOKUP_INDEXES
    ))
    .unwrap();
    let units_of_2_and_3: Vec<i64> = conn
        .prepare("SELECT unit_id FROM variant_row WHERE id IN (2, 3) ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(units_of_2_and_3, [2, 1], "the units' variants interleave");
}

/// The output with the memory's name blanked, and without the file's size
/// (a migrated memory was vacuumed; the one it was made from was not).
fn blank_memory_names(json: &str, memory: &Path) -> String {
    json.replace(&memory.display().to_string(), "MEMORY")
        .lines()
        .filter(|line| !line.contains("\"file_bytes\""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_schema4_memory_migrates_to_consecutive_ids_and_exports_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("small.tmx");
    sample_tmx(&tmx, 300);
    let memory = dir.path().join("old.tmdb");
    ok(tmkit_process()
        .args(["memory", "import", "--on-duplicate", "all"])
        .arg(&memory)
        .arg(&tmx));
    let fresh = dir.path().join("fresh.tmdb");
    std::fs::copy(&memory, &fresh).unwrap();
    to_schema4(&memory);
    assert_eq!(version(&memory), 4);
    let before = export(&memory, &dir.path().join("before.tmx"));
    let stats = ok(tmkit_process()
        .args(["memory", "stats", "--format", "json"])
        .arg(&memory));
    assert!(stats.contains("\"units\": 302"), "{stats}");
    assert_eq!(version(&memory), 4, "a read-only command migrated");
    let said = ok(tmkit_process().args(["memory", "migrate"]).arg(&memory));
    assert!(said.contains("schema 4 → 6"), "{said}");
    assert_eq!(version(&memory), schema::current_version());
    let after = export(&memory, &dir.path().join("after.tmx"));
    assert!(before == after, "the export changed with the migration");
    assert!(
        after == export(&fresh, &dir.path().join("fresh.tmx")),
        "the migrated memory exports differently from the one it was made from"
    );
    let conn = Connection::open(&memory).unwrap();
    let (first, count): (i64, i64) = conn
        .query_row(
            "SELECT first_variant, variants FROM unit WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM variant_row WHERE unit_id = 1 ORDER BY ord")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ids, (first..first + count).collect::<Vec<_>>());
    let indexes: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('variant_unit', 'sqlite_autoindex_fz_token_1')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 0, "schema 5 keeps neither index");
    let free: i64 = conn
        .query_row("PRAGMA freelist_count", [], |r| r.get(0))
        .unwrap();
    assert_eq!(free, 0, "a migrated memory keeps {free} free pages");
    // Matches, lookups and statistics as on the memory it was made from.
    let queries = dir.path().join("queries.txt");
    std::fs::write(
        &queries,
        "Press OK now.\nThe budget talks resumed on Monday.\nThe council met on day 3 and discussed the budget of district 7.\nThe council met on day 250 and discussed the roads of district 2.\n",
    )
    .unwrap();
    let run = |memory: &Path| {
        let matched = ok(tmkit_process()
            .args(["match", "--lang", "en:ru", "--format", "json", "--file"])
            .arg(&queries)
            .arg("--memory")
            .arg(memory));
        let stats = ok(tmkit_process()
            .args(["memory", "stats", "--format", "json"])
            .arg(memory));
        let lookup = ok(tmkit_process()
            .args(["memory", "lookup", "--lang", "en:uk", "--format", "json"])
            .arg(memory)
            .arg("The budget talks resumed on Monday."));
        blank_memory_names(&format!("{matched}\n{stats}\n{lookup}"), memory)
    };
    let migrated = run(&memory);
    assert!(migrated.contains("Совет собрался"), "{migrated}");
    assert!(migrated.contains("Переговори"), "{migrated}");
    assert_eq!(migrated, run(&fresh));
}

#[test]
fn an_import_packs_texts_in_blocks_and_reads_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("large.tmx");
    sample_tmx(&tmx, 3000);
    let memory = dir.path().join("m.tmdb");
    ok(tmkit_process()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(&tmx));
    let conn = Connection::open(&memory).unwrap();
    let (in_blocks, blocks): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM variant_row WHERE typeof(text) = 'integer'),
                    (SELECT count(*) FROM text_block)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(in_blocks > 5000, "{in_blocks} texts in blocks");
    assert!(
        blocks * 10 < in_blocks,
        "{blocks} blocks for {in_blocks} texts"
    );
    // The export is the TMX read back: every segment of the input is in it.
    let out = String::from_utf8(export(&memory, &dir.path().join("out.tmx"))).unwrap();
    assert!(out.contains("Совет собрался в день 399 и обсудил бюджет района 11."));
    assert!(out.contains("Переговори щодо бюджету відновилися в понеділок."));
    // A duplicate merged into a unit moves its variants to new ids; the
    // export walks past them and still finds every unit.
    let again = dir.path().join("again.tmx");
    sample_tmx(&again, 5);
    ok(tmkit_process()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(&again));
    let moved = String::from_utf8(export(&memory, &dir.path().join("moved.tmx"))).unwrap();
    assert_eq!(moved.matches("<tu ").count(), out.matches("<tu ").count());
    let matched = ok(tmkit_process()
        .args([
            "match",
            "The council met on day 3 and discussed the budget of district 3.",
            "--lang",
            "en:ru",
            "--format",
            "json",
            "--memory",
        ])
        .arg(&memory));
    assert!(matched.contains("Совет собрался в день 3 "), "{matched}");
}
