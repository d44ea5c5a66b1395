//! CLI tests of `tmkit memory …`: creation, statistics, lookups, and the bad
//! inputs a user will hit (wrong files, read-only memories).

use predicates::prelude::*;
use std::path::Path;

mod support;
use support::cli::tmkit;

fn create(path: &Path) {
    tmkit()
        .args(["memory", "create"])
        .arg(path)
        .assert()
        .success();
}

#[test]
fn create_then_stats_of_an_empty_memory() {
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("m.tmdb");
    create(&memory);
    tmkit()
        .args(["memory", "stats"])
        .arg(&memory)
        .assert()
        .success()
        .stdout(predicate::str::contains("units").and(predicate::str::contains("0")));
    let out = tmkit()
        .args(["memory", "stats", "--format", "json"])
        .arg(&memory)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["units"], 0);
    assert_eq!(
        json["schema_version"],
        tmkit::memory::schema::current_version()
    );
}

#[test]
fn create_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("m.tmdb");
    std::fs::write(&memory, "precious").unwrap();
    tmkit()
        .args(["memory", "create"])
        .arg(&memory)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(std::fs::read_to_string(&memory).unwrap(), "precious");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("notes.tmdb");
    let text = "These are my notes, not a database. ".repeat(40);
    std::fs::write(&memory, &text).unwrap();
    tmkit()
        .args(["memory", "stats"])
        .arg(&memory)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a tmkit memory"));
    assert_eq!(std::fs::read_to_string(&memory).unwrap(), text);
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES ('Ann');")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    tmkit()
        .args(["memory", "stats"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("another program"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_directory_and_a_missing_file_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    tmkit()
        .args(["memory", "stats"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    tmkit()
        .args(["memory", "stats"])
        .arg(dir.path().join("nope.tmdb"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no memory there"));
}

#[test]
fn lookup_finds_exact_matches_and_lists_pairs_when_missing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.tmdb");
    {
        let mut memory = tmkit::memory::Memory::create(&path).unwrap();
        memory
            .add(&tmkit::unit::TranslationUnit::pair(
                "en",
                "The talks resumed.",
                "ru",
                "Переговоры возобновились.",
            ))
            .unwrap();
    }
    tmkit()
        .args(["memory", "lookup"])
        .arg(&path)
        .args(["the talks  resumed.", "--lang", "en:ru"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Переговоры возобновились."));
    tmkit()
        .args(["memory", "lookup"])
        .arg(&path)
        .args(["The talks resumed.", "--lang", "en:de"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("en:ru"));
    tmkit()
        .args(["memory", "lookup"])
        .arg(&path)
        .args(["   ", "--lang", "en:ru"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty"));
}

#[test]
fn create_migrate_and_rebuild_index_speak_json() {
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("m.tmdb");
    let json = |args: &[&str]| -> serde_json::Value {
        let out = tmkit()
            .args(args)
            .arg(&memory)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(json(&["memory", "create"])["created"], true);
    let tmx = dir.path().join("in.tmx");
    std::fs::write(
        &tmx,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/>
<body><tu><tuv xml:lang="en"><seg>The talks resumed.</seg></tuv><tuv xml:lang="ru"><seg>Переговоры возобновились.</seg></tuv></tu></body></tmx>"#,
    )
    .unwrap();
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(&tmx)
        .assert()
        .success();
    let migrated = json(&["memory", "migrate"]);
    assert_eq!(migrated["schema"], tmkit::memory::schema::current_version());
    assert_eq!(migrated["schema_before"], migrated["schema"]);
    assert_eq!(json(&["memory", "rebuild-index"])["indexed"], 2);
}
