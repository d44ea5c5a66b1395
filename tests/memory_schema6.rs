//! Schema 6 (issue 14): the fuzzy index's token sequences in blocks of up
//! to 64 variants of a language (`fz_seqblock`) instead of a row each
//! (`fz_seq`). A schema-5 memory — made here from a fresh one by the
//! reverse of migration 6 — is read as it is by read-only commands (which
//! leave it at schema 5), migrates on `tmkit memory migrate`, and then
//! matches, searches and exports exactly like the memory it was made from.
//! A migration that meets a damaged row changes nothing.

use rusqlite::Connection;
use std::path::{Path, PathBuf};

mod support;
use support::store::{export, ok, sample_tmx, tmkit_process, version};

/// A memory imported from `sample_tmx` of `units` units in `dir`: the
/// TMX's path and the memory's.
fn imported(dir: &Path, units: usize) -> (PathBuf, PathBuf) {
    let tmx = dir.join("small.tmx");
    sample_tmx(&tmx, units);
    let memory = dir.join("old.tmdb");
    ok(tmkit_process()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(&tmx));
    (tmx, memory)
}

/// One LEB128 number of `bytes` from `at`, moving `at` past it.
fn varint(bytes: &[u8], at: &mut usize) -> u64 {
    let mut value = 0u64;
    let mut shift = 0;
    loop {
        let byte = bytes[*at];
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return value;
        }
        shift += 7;
    }
}

/// Every sequence of the memory: (language, variant id, token bytes),
/// decoded here from the documented block layout (`memory::seqstore`).
fn sequences(conn: &Connection) -> Vec<(String, i64, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stmt = conn
        .prepare("SELECT id, lang, data FROM fz_seqblock ORDER BY id")
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        let (mut id, lang, data): (i64, String, Vec<u8>) = (
            row.get(0).unwrap(),
            row.get(1).unwrap(),
            row.get(2).unwrap(),
        );
        let mut at = 0;
        while at < data.len() {
            id += varint(&data, &mut at) as i64;
            let len = varint(&data, &mut at) as usize;
            out.push((lang.clone(), id, data[at..at + len].to_vec()));
            at += len;
        }
    }
    out.sort();
    out
}

/// Turns a schema-6 memory into the schema-5 layout: a row of `fz_seq` per
/// variant.
fn to_schema5(path: &Path) -> Vec<(String, i64, Vec<u8>)> {
    let conn = Connection::open(path).unwrap();
    let seqs = sequences(&conn);
    conn.execute_batch(
        "BEGIN;
         CREATE TABLE fz_seq (variant_id INTEGER PRIMARY KEY, lang TEXT NOT NULL, tokens BLOB NOT NULL);",
    )
    .unwrap();
    for (lang, id, tokens) in &seqs {
        conn.execute(
            "INSERT INTO fz_seq(variant_id, lang, tokens) VALUES (?1, ?2, ?3)",
            rusqlite::params![id, lang, tokens],
        )
        .unwrap();
    }
    conn.execute_batch(
        "DROP TABLE fz_seqblock;
         UPDATE meta SET value = '5' WHERE key = 'schema_version';
         COMMIT;",
    )
    .unwrap();
    seqs
}

/// What the read commands say about `memory`, its path blanked and
/// without the file's size.
fn reads(memory: &Path, queries: &Path) -> String {
    let matched = ok(tmkit_process()
        .args(["match", "--lang", "en:ru", "--format", "json", "--file"])
        .arg(queries)
        .arg("--memory")
        .arg(memory));
    // The same lookups through a loaded index (a batch this small reads
    // the file).
    let loaded = ok(tmkit_process()
        .env("TMKIT_INDEX", "load")
        .args(["match", "--lang", "en:ru", "--format", "json", "--file"])
        .arg(queries)
        .arg("--memory")
        .arg(memory));
    assert_eq!(matched, loaded, "lookups from the file and loaded differ");
    let found = ok(tmkit_process()
        .args(["concordance", "budget of district", "--lang", "en:ru"])
        .args(["--format", "json", "--max", "500", "--memory"])
        .arg(memory));
    let few = ok(tmkit_process()
        .args([
            "concordance",
            "resumed",
            "--lang",
            "en:ru",
            "--format",
            "json",
            "--memory",
        ])
        .arg(memory));
    format!("{matched}\n{found}\n{few}").replace(&memory.display().to_string(), "MEMORY")
}

#[test]
fn a_schema5_memory_is_read_as_it_is_and_migrates_to_sequence_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let (tmx, memory) = imported(dir.path(), 900);
    let fresh = dir.path().join("fresh.tmdb");
    std::fs::copy(&memory, &fresh).unwrap();
    let queries = dir.path().join("queries.txt");
    std::fs::write(
        &queries,
        "The budget talks resumed on Monday.\nThe council met on day 3 and discussed the budget of district 7.\nThe council met on day 250 and discussed the roads of district 2.\n",
    )
    .unwrap();
    let want = reads(&fresh, &queries);
    assert!(want.contains("Совет собрался в день 3 "), "{want}");
    assert!(want.contains("Переговоры о бюджете"), "{want}");

    let seqs = to_schema5(&memory);
    assert!(seqs.len() > 1800, "{} sequences", seqs.len());
    assert_eq!(version(&memory), 5);
    let before = export(&memory, &dir.path().join("before.tmx"));
    assert_eq!(reads(&memory, &queries), want, "schema 5 read as it is");
    assert_eq!(version(&memory), 5, "a read-only command migrated");

    let said = ok(tmkit_process().args(["memory", "migrate"]).arg(&memory));
    assert!(said.contains("schema 5 → 6"), "{said}");
    assert_eq!(version(&memory), 6);
    let conn = Connection::open(&memory).unwrap();
    assert_eq!(sequences(&conn), seqs, "the sequences changed on the way");
    let (tables, blocks, free): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM sqlite_master WHERE name = 'fz_seq'),
                    (SELECT count(*) FROM fz_seqblock),
                    (SELECT freelist_count FROM pragma_freelist_count)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(tables, 0, "fz_seq is left");
    assert!(blocks * 30 < seqs.len() as i64, "{blocks} blocks");
    assert_eq!(free, 0, "a migrated memory keeps {free} free pages");
    drop(conn);
    assert!(before == export(&memory, &dir.path().join("after.tmx")));
    assert_eq!(reads(&memory, &queries), want);
    // And it keeps working as a schema-6 memory: more units, a rebuild.
    ok(tmkit_process()
        .args(["memory", "import", "--on-duplicate", "all"])
        .arg(&memory)
        .arg(&tmx));
    let grown = reads(&memory, &queries);
    ok(tmkit_process()
        .args(["memory", "rebuild-index"])
        .arg(&memory));
    assert_eq!(reads(&memory, &queries), grown);
}

#[test]
fn a_migration_that_meets_a_damaged_row_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, memory) = imported(dir.path(), 200);
    to_schema5(&memory);
    let conn = Connection::open(&memory).unwrap();
    conn.execute(
        "UPDATE fz_seq SET tokens = 'text' WHERE variant_id = (SELECT max(variant_id) FROM fz_seq)",
        [],
    )
    .unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(conn);
    let bytes = std::fs::read(&memory).unwrap();
    let out = tmkit_process()
        .args(["memory", "migrate"])
        .arg(&memory)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("old.tmdb"), "{stderr}");
    assert!(stderr.contains("damaged"), "{stderr}");
    assert_eq!(version(&memory), 5);
    let conn = Connection::open(&memory).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(conn);
    assert!(std::fs::read(&memory).unwrap() == bytes, "the file changed");
}
