//! Schema 4 (issue 14): a memory written by the tmkit before it (schema 3:
//! units as JSON, each text twice) exports byte for byte the same after the
//! migration; a migration killed mid-way leaves the old memory; read-only
//! commands keep reading an old memory and never migrate it.
//!
//! The old memories are made here the way tmkit 0.1's store wrote them
//! (its schema SQL is `schema::MIGRATIONS[..3]`, its rows below), so the
//! test does not need an old binary.

use rusqlite::Connection;
use std::path::Path;
use std::process::Stdio;
use std::time::Instant;
use tmkit::memory::schema;
use tmkit::tmx::TmxReader;
use tmkit::unit::{TranslationUnit, UnitReader};

mod support;
use support::store::{export, ok, tmkit_process, version};

const SAMPLE: &str = "memories/news-en-ru-uk.tmx";

/// The old store's lookup hash (FNV-1a of the lookup key, 64 bits).
fn old_key_hash(text: &str) -> i64 {
    tmkit::text::key_hash(&tmkit::text::lookup_key(text))
}

/// Writes `files` into a new schema-3 memory as tmkit 0.1 did: one `unit`
/// row with the unit as JSON, one `variant` row per variant with its text,
/// the header as JSON; every variant queued for the index.
fn old_memory(path: &Path, files: &[&Path]) {
    let mut conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute_batch("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")
        .unwrap();
    tx.execute_batch(&format!(
        "PRAGMA application_id = {};",
        schema::APPLICATION_ID
    ))
    .unwrap();
    for sql in &schema::MIGRATIONS[..3] {
        tx.execute_batch(sql).unwrap();
    }
    tx.execute("INSERT INTO meta VALUES ('schema_version', '3')", [])
        .unwrap();
    for file in files {
        let mut reader = TmxReader::open(file).unwrap();
        while let Some(unit) = reader.next_unit().unwrap() {
            // Units without text were never stored.
            if unit.variants.iter().any(|v| !v.content.is_empty()) {
                insert_old(&tx, &unit);
            }
        }
        tx.execute(
            "INSERT INTO source_file(name, imported_at, header) VALUES (?1, '20261201T000000Z', ?2)",
            rusqlite::params![
                file.display().to_string(),
                serde_json::to_string(reader.header()).unwrap()
            ],
        )
        .unwrap();
    }
    tx.execute_batch("INSERT INTO fz_pending(variant_id) SELECT id FROM variant")
        .unwrap();
    tx.commit().unwrap();
}

fn insert_old(tx: &Connection, unit: &TranslationUnit) {
    let content: Vec<String> = unit
        .variants
        .iter()
        .map(|v| serde_json::to_string(&v.content).unwrap())
        .collect();
    tx.execute(
        "INSERT INTO unit(tuid, changed, content_hash, data) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![
            unit.tuid(),
            unit.last_changed(),
            old_key_hash(&content.join("\u{2}")),
            serde_json::to_string(unit).unwrap()
        ],
    )
    .unwrap();
    let id = tx.last_insert_rowid();
    for (ord, v) in unit.variants.iter().enumerate() {
        tx.execute(
            "INSERT INTO variant(unit_id, ord, lang, text, key_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![
                id,
                ord as i64,
                v.lang.normalized().to_ascii_lowercase(),
                v.text(),
                old_key_hash(&v.text())
            ],
        )
        .unwrap();
    }
}

/// Units with everything a store can get wrong: inline codes, props and
/// notes on units and variants, language tags spelled oddly, dates that are
/// not in TMX's form, a creation date alone, no tuid, an empty segment,
/// duplicates, and enough plain ones to train a text dictionary.
fn tricky_tmx(path: &Path, plain: usize) {
    let mut body = String::from(
        r#"<tu tuid="t1" creationdate="20170101T000000Z" usagecount="3"><prop type="x-Context" xml:lang="en">ctx</prop><note>a note</note>
<tuv xml:lang="EN_us" creationid="me"><prop type="x-origin">mt</prop><seg>Press <bpt i="1" x="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> now &amp; then.</seg></tuv>
<tuv xml:lang="ru-RU"><note>check</note><seg>Нажмите <bpt i="1" x="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> <ph x="2">&lt;br/&gt;</ph>сейчас.</seg></tuv></tu>
<tu changedate="2017-05-08"><tuv xml:lang="en"><seg>Odd date.</seg></tuv><tuv xml:lang="ru"><seg>Странная дата.</seg></tuv></tu>
<tu tuid="t3" changedate="20170508T170000Z" creationdate="20160508T170000Z"><tuv xml:lang="en"><seg>Two dates.</seg></tuv><tuv xml:lang="ru"><seg></seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>No tuid, <hi type="b">bold</hi> text.</seg></tuv><tuv lang="ru"><seg>Без tuid, <hi type="b">жирный</hi> текст.</seg></tuv></tu>
<tu tuid="t1" creationdate="20180101T000000Z" usagecount="2"><tuv xml:lang="en"><seg>Press <bpt i="1" x="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> now &amp; then.</seg></tuv>
<tuv xml:lang="ru"><seg>Нажмите <bpt i="1" x="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> <ph x="2">&lt;br/&gt;</ph>сейчас.</seg></tuv></tu>
"#,
    );
    for i in 0..plain {
        body.push_str(&format!(
            "<tu tuid=\"p{i}\" changedate=\"2019{:02}{:02}T1{}0000Z\"><tuv xml:lang=\"en\"><seg>The council met on day {i} and discussed the budget, the roads and the schools of district {}.</seg></tuv>\
             <tuv xml:lang=\"ru\"><seg>Совет собрался в день {i} и обсудил бюджет, дороги и школы района {}.</seg></tuv></tu>\n",
            1 + i % 12,
            1 + i % 28,
            i % 10,
            i % 97,
            i % 89
        ));
    }
    std::fs::write(
        path,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"><prop type=\"x-h\">v</prop><ude name=\"u\"><map unicode=\"#xF8FF\" code=\"#xF0\"/></ude></header><body>\n{body}</body></tmx>\n"
        ),
    )
    .unwrap();
}

/// Whether every unit of a TMX file reads without an error.
fn readable(path: &Path) -> bool {
    let Ok(mut reader) = TmxReader::open(path) else {
        return false;
    };
    loop {
        match reader.next_unit() {
            Ok(Some(_)) => {}
            Ok(None) => return true,
            Err(_) => return false,
        }
    }
}

#[test]
fn an_old_memory_exports_the_same_bytes_after_its_migration() {
    let dir = tempfile::tempdir().unwrap();
    let tricky = dir.path().join("tricky.tmx");
    tricky_tmx(&tricky, 3000);
    let mut files = vec![Path::new(SAMPLE).to_path_buf(), tricky.clone()];
    // Real-world TMX from ../shared when it is there.
    match std::fs::read_dir("../shared/data/tmx/omegat") {
        Ok(entries) => files.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "tmx") && readable(p)),
        ),
        Err(_) => {
            eprintln!("../shared/data/tmx absent: testing with the repository's samples only")
        }
    }
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let memory = dir.path().join("old.tmdb");
    old_memory(&memory, &refs);
    assert_eq!(version(&memory), 3);
    // Read-only commands read the old memory as it is and leave it alone.
    let before = export(&memory, &dir.path().join("before.tmx"));
    let stats = ok(tmkit_process()
        .args(["memory", "stats", "--format", "json"])
        .arg(&memory));
    assert!(stats.contains("\"units\""), "{stats}");
    let lookup = ok(tmkit_process()
        .args(["memory", "lookup", "--lang", "en:ru", "--format", "json"])
        .arg(&memory)
        .arg("Two dates."));
    assert!(lookup.contains("Two dates."), "{lookup}");
    assert_eq!(version(&memory), 3, "a read-only command migrated");
    // The migration, then the same export.
    let said = ok(tmkit_process().args(["memory", "migrate"]).arg(&memory));
    assert!(said.contains("schema 3 → 6"), "{said}");
    assert_eq!(version(&memory), schema::current_version());
    let after = export(&memory, &dir.path().join("after.tmx"));
    assert!(before == after, "the export changed with the migration");
    // No unit is kept as JSON any more, no text twice.
    let conn = Connection::open(&memory).unwrap();
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('unit')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!columns.iter().any(|c| c == "data"), "{columns:?}");
    let packed: i64 = conn
        .query_row(
            "SELECT count(*) FROM variant_row WHERE typeof(text) = 'blob'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(packed > 1000, "only {packed} texts packed");
    // The old tables' pages went back to the file system (VACUUM after the
    // conversion): no free page is left, and no large -wal beside it.
    let free: i64 = conn
        .query_row("PRAGMA freelist_count", [], |r| r.get(0))
        .unwrap();
    assert_eq!(free, 0, "a migrated memory keeps {free} free pages");
    let wal = std::fs::metadata(memory.with_extension("tmdb-wal")).map_or(0, |m| m.len());
    assert!(
        wal < 1 << 20,
        "a {wal}-byte -wal is left after the migration"
    );
    // A memory imported by this tmkit from the same files exports the same.
    let fresh = dir.path().join("fresh.tmdb");
    let mut import = tmkit_process();
    import
        .args(["memory", "import", "--on-duplicate", "all"])
        .arg(&fresh);
    for file in &files {
        import.arg(file);
    }
    ok(&mut import);
    let again = export(&fresh, &dir.path().join("fresh.tmx"));
    if again != after {
        let _ = std::fs::write("/tmp/schema4-fresh.tmx", &again);
        let _ = std::fs::write("/tmp/schema4-after.tmx", &after);
    }
    assert!(again == after, "a fresh import exports differently");
    // Lookups and fuzzy matches work on the migrated memory.
    let lookup_after = ok(tmkit_process()
        .args(["memory", "lookup", "--lang", "en:ru", "--format", "json"])
        .arg(&memory)
        .arg("Two dates."));
    assert_eq!(lookup_after, lookup);
    let matched = ok(tmkit_process()
        .args([
            "match",
            "The council met on day 17 and discussed the budget, the roads and the schools of district 18.",
            "--lang",
            "en:ru",
            "--format",
            "json",
            "--memory",
        ])
        .arg(&memory));
    assert!(matched.contains("Совет собрался"), "{matched}");
}

#[test]
fn a_migration_killed_mid_way_leaves_the_old_memory() {
    let dir = tempfile::tempdir().unwrap();
    let tricky = dir.path().join("big.tmx");
    tricky_tmx(&tricky, 20_000);
    let memory = dir.path().join("old.tmdb");
    old_memory(&memory, &[tricky.as_path()]);
    let before = export(&memory, &dir.path().join("before.tmx"));
    // How long a whole migration takes here, on a copy.
    let copy = dir.path().join("copy.tmdb");
    std::fs::copy(&memory, &copy).unwrap();
    let started = Instant::now();
    ok(tmkit_process().args(["memory", "migrate"]).arg(&copy));
    let full = started.elapsed();
    let mut killed = 0;
    for fraction in [0.1, 0.3, 0.5, 0.7, 0.9] {
        let mut child = tmkit_process()
            .args(["memory", "migrate"])
            .arg(&memory)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        child.kill().unwrap_or(());
        let status = child.wait().unwrap();
        let conn = Connection::open(&memory).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "after a kill at {fraction}");
        drop(conn);
        if version(&memory) == schema::current_version() {
            // The kill came after the commit.
            assert!(status.success() || killed >= 2, "killed {killed} times");
            break;
        }
        killed += 1;
        assert_eq!(version(&memory), 3);
        assert!(
            export(&memory, &dir.path().join("mid.tmx")) == before,
            "the old memory changed after a kill at {fraction}"
        );
    }
    assert!(killed >= 2, "only {killed} migrations were killed mid-way");
    ok(tmkit_process().args(["memory", "migrate"]).arg(&memory));
    assert_eq!(version(&memory), schema::current_version());
    assert!(export(&memory, &dir.path().join("after.tmx")) == before);
}
