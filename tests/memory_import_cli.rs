//! CLI tests of `tmkit memory import|export`: the quick start, round trips,
//! duplicates, and every kind of bad input issue 2 lists. Each bad input must
//! give a clear message, a non-zero exit, and leave the memory as it was.

use predicates::prelude::*;
use std::path::{Path, PathBuf};

mod support;
use support::cli::tmkit;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/memories/news-en-ru-uk.tmx");

fn tmx(units: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>
<body>
{units}
</body>
</tmx>
"#
    )
}

fn unit(id: u32, en: &str, ru: &str) -> String {
    format!(
        r#"<tu tuid="{id}"><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="ru"><seg>{ru}</seg></tuv></tu>"#
    )
}

/// A memory holding the sample file, and its stats as JSON.
fn sample_memory(dir: &Path) -> PathBuf {
    let memory = dir.join("m.tmdb");
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(SAMPLE)
        .assert()
        .success();
    memory
}

fn stats(memory: &Path) -> serde_json::Value {
    let out = tmkit()
        .args(["memory", "stats", "--format", "json"])
        .arg(memory)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Imports `content` into a memory holding the sample and checks that the
/// import fails with `message` and leaves the memory unchanged.
fn assert_rejected(content: &[u8], message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let before = stats(&memory);
    let bad = dir.path().join("bad.tmx");
    std::fs::write(&bad, content).unwrap();
    tmkit()
        .args(["memory", "import", "--strict"])
        .arg(&memory)
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.tmx").and(predicate::str::contains(message)));
    assert_eq!(stats(&memory)["units"], before["units"]);
}

#[test]
fn quick_start_imports_the_sample_and_finds_a_segment() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let json = stats(&memory);
    assert_eq!(json["units"], 32);
    tmkit()
        .args(["memory", "lookup"])
        .arg(&memory)
        .args([
            "The next meeting will be held in November.",
            "--lang",
            "en:uk",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Наступна зустріч відбудеться в листопаді.",
        ));
}

#[test]
fn import_summary_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("m.tmdb");
    let out = tmkit()
        .args(["memory", "import", "--format", "json"])
        .arg(&memory)
        .arg(SAMPLE)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["created"], true);
    assert_eq!(json["files"][0]["report"]["units_read"], 32);
    assert_eq!(json["files"][0]["report"]["imported"], 32);
}

#[test]
fn export_then_reimport_gives_the_same_units() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let exported = dir.path().join("out.tmx");
    tmkit()
        .args(["memory", "export"])
        .arg(&memory)
        .arg(&exported)
        .assert()
        .success()
        .stdout(predicate::str::contains("exported 32 units"));
    let (_, original, _) = tmkit::tmx::read_all(Path::new(SAMPLE)).unwrap();
    let (header, round_trip, warnings) = tmkit::tmx::read_all(&exported).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(original, round_trip);
    assert_eq!(header.props.len(), 1, "header props survive");
    // Level 1 drops the inline codes but keeps the text.
    let level1 = dir.path().join("l1.tmx");
    tmkit()
        .args(["memory", "export", "--level", "1", "--lang", "en:ru"])
        .arg(&memory)
        .arg(&level1)
        .assert()
        .success();
    let text = std::fs::read_to_string(&level1).unwrap();
    assert!(!text.contains("<bpt"));
    assert!(text.contains("Read the full report on our website."));
    assert!(!text.contains(r#"xml:lang="uk""#));
}

#[test]
fn export_of_a_language_the_memory_lacks_lists_what_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let out = dir.path().join("x.tmx");
    tmkit()
        .args(["memory", "export", "--lang", "en:de"])
        .arg(&memory)
        .arg(&out)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no de units").and(predicate::str::contains("en, ru, uk")),
        );
    assert!(!out.exists(), "no half-written output");
}

#[test]
fn duplicates_follow_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dups.tmx");
    std::fs::write(
        &file,
        tmx(&[
            unit(1, "Hello.", "Привет."),
            unit(2, "Hello.", "Привет."),
            unit(3, "Hello.", "Здравствуйте."),
        ]
        .join("\n")),
    )
    .unwrap();
    for (policy, units) in [("merge", 2), ("keep", 2), ("replace", 2), ("all", 3)] {
        let memory = dir.path().join(format!("{policy}.tmdb"));
        tmkit()
            .args(["memory", "import", "--on-duplicate", policy])
            .arg(&memory)
            .arg(&file)
            .assert()
            .success();
        assert_eq!(stats(&memory)["units"], units, "policy {policy}");
    }
    tmkit()
        .args(["memory", "import", "--on-duplicate", "sometimes"])
        .arg(dir.path().join("x.tmdb"))
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("merge, keep, replace or all"));
}

#[test]
fn truncated_file() {
    let full = tmx(&unit(1, "One.", "Один."));
    assert_rejected(&full.as_bytes()[..full.len() - 30], "bad.tmx:");
}

#[test]
fn wrong_encoding_declaration() {
    // Declares UTF-16 but is UTF-8 bytes.
    let body = tmx(&unit(1, "One.", "Один.")).replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    assert_rejected(body.as_bytes(), "encoding");
}

#[test]
fn unbalanced_tags_in_strict_mode() {
    let body = tmx(
        r#"<tu><tuv xml:lang="en"><seg>a <bpt i="1">&lt;b&gt;</bpt>b</seg></tuv><tuv xml:lang="ru"><seg>а б</seg></tuv></tu>"#,
    );
    assert_rejected(body.as_bytes(), "bpt");
}

#[test]
fn unbalanced_tags_warn_and_import_without_strict() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("warn.tmx");
    std::fs::write(
        &file,
        tmx(r#"<tu tuid="t9"><tuv xml:lang="en"><seg>a <bpt i="1">&lt;b&gt;</bpt>b</seg></tuv><tuv xml:lang="ru"><seg>а б</seg></tuv></tu>"#),
    )
    .unwrap();
    let memory = dir.path().join("m.tmdb");
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("warning").and(predicate::str::contains("t9")));
    assert_eq!(stats(&memory)["units"], 1);
}

#[test]
fn illegal_control_characters() {
    let body = tmx(&unit(1, "Bell\u{7}here.", "Звонок."));
    assert_rejected(body.as_bytes(), "bad.tmx");
}

#[test]
fn zero_byte_file() {
    assert_rejected(b"", "empty");
}

#[test]
fn a_directory_instead_of_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let folder = dir.path().join("folder.tmx");
    std::fs::create_dir(&folder).unwrap();
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(&folder)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("directory"));
    assert_eq!(stats(&memory)["units"], 32);
}

#[test]
fn a_failing_second_file_imports_nothing_and_a_new_memory_is_not_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tmx");
    let full = tmx(&unit(1, "One.", "Один."));
    std::fs::write(&bad, &full.as_bytes()[..full.len() - 30]).unwrap();
    let memory = dir.path().join("new.tmdb");
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(SAMPLE)
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing was imported"));
    assert!(
        !memory.exists(),
        "a memory created for a failed import is removed"
    );
}

#[test]
fn a_memory_file_that_is_not_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("m.tmdb");
    std::fs::write(&memory, "not a database ".repeat(100)).unwrap();
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(SAMPLE)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a tmkit memory"));
    assert_eq!(
        std::fs::read_to_string(&memory).unwrap(),
        "not a database ".repeat(100)
    );
}

#[test]
fn a_read_only_memory() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let mut permissions = std::fs::metadata(&memory).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&memory, permissions).unwrap();
    let before = std::fs::read(&memory).unwrap();
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(SAMPLE)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("read-only"));
    assert_eq!(std::fs::read(&memory).unwrap(), before);
    // Reading still works.
    assert_eq!(stats(&memory)["units"], 32);
}
