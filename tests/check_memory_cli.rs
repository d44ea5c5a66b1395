//! `tmkit check MEMORY.tmdb --lang ru:en` and `tmkit check FILE.tmx`: QA over
//! a whole memory (issue 15 item 2): the bilingual QA rules per unit, name
//! spellings across units, consistency both ways with counts and units;
//! `--fix` to a new TMX file or a new memory (item 4); `--format html`
//! (item 3; the browser test is tests/report_html_browser.rs).

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/memory")
        .join(name)
}

fn tmkit() -> Command {
    let mut cmd = Command::cargo_bin("tmkit").unwrap();
    cmd.arg("--color").arg("never");
    cmd
}

fn json(cmd: &mut Command) -> (Value, i32) {
    let output = cmd.arg("--format").arg("json").output().unwrap();
    let value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (value, output.status.code().unwrap())
}

/// (rule, unit, span) of every finding.
fn summary(value: &Value) -> Vec<(String, String, String)> {
    value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["unit"].as_str().unwrap_or("").to_string(),
                f["span"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn import(dir: &Path, tmx: &Path) -> PathBuf {
    let memory = dir.join("tm.tmdb");
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(tmx)
        .assert()
        .success();
    memory
}

fn expected() -> Vec<(String, String, String)> {
    [
        ("number-mismatch", "a2", "1500"),
        ("number-mismatch", "a2", "1,600"),
        ("tag-mismatch", "a3", "The talks began on Monday."),
        ("untranslated", "a6", "Это не переведено."),
        ("name-inconsistency", "a5", "Mykhaylo Khuktin"),
        ("inconsistent-translation", "a4", "Talks started on Monday."),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect()
}

#[test]
fn a_tmx_file_gets_qa_names_and_consistency_with_units() {
    let (value, code) = json(tmkit().arg("check").arg(fixture("consistency.tmx")));
    assert_eq!(code, 1);
    assert_eq!(value["mode"], "tmx");
    assert_eq!(summary(&value), expected(), "{value:#}");
    let group = &value["findings"][5];
    assert_eq!(group["shared"], "Переговоры начались в понедельник.");
    assert_eq!(group["variants"][0]["text"], "The talks began on Monday.");
    assert_eq!(group["variants"][0]["count"], 2);
    assert_eq!(
        group["variants"][0]["units"],
        serde_json::json!(["a3", "a7"])
    );
    assert_eq!(group["variants"][1]["units"], serde_json::json!(["a4"]));
    let names = &value["findings"][4];
    assert_eq!(names["spellings"][0]["text"], "Mikhail Kukhtin");
    assert_eq!(names["spellings"][0]["approved"], true);
    assert_eq!(names["spellings"][0]["occurrences"][1]["unit"], "a2");
    assert_eq!(value["summary"]["inconsistent_translations"], 1);
    assert_eq!(value["summary"]["units"], 7);
}

#[test]
fn a_memory_gives_the_same_findings_as_its_tmx() {
    let dir = tempfile::tempdir().unwrap();
    let memory = import(dir.path(), &fixture("consistency.tmx"));
    let (value, code) = json(tmkit().arg("check").arg(&memory).args(["--lang", "ru:en"]));
    assert_eq!(code, 1);
    assert_eq!(value["mode"], "memory");
    assert_eq!(summary(&value), expected(), "{value:#}");
    // Segments are the memory's row ids.
    assert!(value["findings"][4]["segment"].as_u64().unwrap() >= 1);
}

#[test]
fn a_memory_needs_its_languages_and_a_missing_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let memory = import(dir.path(), &fixture("consistency.tmx"));
    let output = tmkit().arg("check").arg(&memory).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--lang") && stderr.contains("ru"),
        "{stderr}"
    );
    let output = tmkit()
        .arg("check")
        .arg(dir.path().join("missing.tmdb"))
        .args(["--lang", "ru:en"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing.tmdb"));
}

#[test]
fn a_memory_being_imported_into_is_checked_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let memory = import(dir.path(), &fixture("consistency.tmx"));
    // A writer holding the memory's write lock (as an import does) for the
    // whole check: the read-only check is not blocked and sees the memory
    // as it was before the write.
    let script = format!(
        "import sqlite3,sys,time\nc=sqlite3.connect({:?},isolation_level=None)\nc.execute('BEGIN IMMEDIATE')\nc.execute('DELETE FROM unit')\nprint('locked',flush=True)\nsys.stdin.read()\nc.execute('ROLLBACK')\n",
        memory.display().to_string()
    );
    let mut writer = std::process::Command::new("python3")
        .args(["-c", &script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs the lock holder");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(writer.stdout.as_mut().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(line.trim(), "locked");
    let (value, code) = json(tmkit().arg("check").arg(&memory).args(["--lang", "ru:en"]));
    drop(writer.stdin.take());
    writer.wait().unwrap();
    assert_eq!(code, 1);
    assert_eq!(summary(&value), expected());
}

#[test]
fn a_memory_locked_exclusively_is_waited_for_then_checked() {
    let dir = tempfile::tempdir().unwrap();
    let memory = import(dir.path(), &fixture("consistency.tmx"));
    // A writer that keeps other readers out (exclusive locking mode, a
    // pending write) for about two seconds, then gives up its change: the
    // check waits for the lock instead of failing or reading a half-written
    // memory, and reports the memory as it was.
    let script = format!(
        "import sqlite3,time\nc=sqlite3.connect({:?},isolation_level=None)\nc.execute('PRAGMA locking_mode=EXCLUSIVE')\nc.execute('BEGIN EXCLUSIVE')\nc.execute('DELETE FROM unit')\nprint('locked',flush=True)\ntime.sleep(2)\nc.execute('ROLLBACK')\nc.close()\n",
        memory.display().to_string()
    );
    let mut writer = std::process::Command::new("python3")
        .args(["-c", &script])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs the lock holder");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(writer.stdout.as_mut().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(line.trim(), "locked");
    let started = std::time::Instant::now();
    let (value, code) = json(tmkit().arg("check").arg(&memory).args(["--lang", "ru:en"]));
    let waited = started.elapsed();
    writer.wait().unwrap();
    assert_eq!(code, 1, "{value:#}");
    assert_eq!(summary(&value), expected());
    assert!(
        waited >= std::time::Duration::from_millis(1000),
        "the check did not wait for the lock ({waited:?})"
    );
}

#[test]
fn fix_writes_a_new_tmx_and_never_the_checked_one_without_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("tm.tmx");
    std::fs::copy(fixture("consistency.tmx"), &tmx).unwrap();
    let before = std::fs::read(&tmx).unwrap();
    let fixed = dir.path().join("fixed.tmx");
    let glossary = fixture("glossary.tsv");
    let (value, code) = json(
        tmkit()
            .arg("check")
            .arg(&tmx)
            .arg("-g")
            .arg(&glossary)
            .args(["--lang", "ru:en", "--fix"])
            .arg(&fixed),
    );
    assert_eq!(code, 1);
    assert_eq!(value["fixed"]["replacements"], 1, "{value:#}");
    assert_eq!(std::fs::read(&tmx).unwrap(), before);
    let text = std::fs::read_to_string(&fixed).unwrap();
    assert!(!text.contains("Khuktin") && text.contains("<ph x=\"1\"/>"));
    // Checking the fixed copy: nothing left to fix (idempotent).
    let again = dir.path().join("again.tmx");
    let (value, _) = json(
        tmkit()
            .arg("check")
            .arg(&fixed)
            .arg("-g")
            .arg(&glossary)
            .args(["--lang", "ru:en", "--fix"])
            .arg(&again),
    );
    assert_eq!(value["fixed"]["replacements"], 0);
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&fixed).unwrap()
    );
    // --fix onto the checked file is refused; --in-place does it.
    let output = tmkit()
        .arg("check")
        .arg(&tmx)
        .arg("-g")
        .arg(&glossary)
        .arg("--fix")
        .arg(&tmx)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read(&tmx).unwrap(), before);
    tmkit()
        .arg("check")
        .arg(&tmx)
        .arg("-g")
        .arg(&glossary)
        .arg("--in-place")
        .assert()
        .code(1);
    assert_eq!(std::fs::read(&tmx).unwrap(), std::fs::read(&fixed).unwrap());
}

#[test]
fn fix_writes_a_new_memory_and_leaves_the_checked_one() {
    let dir = tempfile::tempdir().unwrap();
    let memory = import(dir.path(), &fixture("consistency.tmx"));
    let before = std::fs::read(&memory).unwrap();
    let fixed = dir.path().join("fixed.tmdb");
    let glossary = fixture("glossary.tsv");
    let (value, code) = json(
        tmkit()
            .arg("check")
            .arg(&memory)
            .arg("-g")
            .arg(&glossary)
            .args(["--lang", "ru:en", "--fix"])
            .arg(&fixed),
    );
    assert_eq!(code, 1, "{value:#}");
    assert_eq!(value["fixed"]["replacements"], 1);
    assert_eq!(std::fs::read(&memory).unwrap(), before);
    let (value, _) = json(
        tmkit()
            .arg("check")
            .arg(&fixed)
            .arg("-g")
            .arg(&glossary)
            .args(["--lang", "ru:en"]),
    );
    let rules: Vec<String> = summary(&value).into_iter().map(|f| f.0).collect();
    assert!(!rules.contains(&"name-variant".to_string()), "{rules:?}");
    assert!(
        !rules.contains(&"name-inconsistency".to_string()),
        "{rules:?}"
    );
    assert_eq!(value["summary"]["units"], 7);
    // An existing output, and --in-place on a memory, are refused.
    for args in [vec!["--fix", fixed.to_str().unwrap()], vec!["--in-place"]] {
        let output = tmkit()
            .arg("check")
            .arg(&memory)
            .arg("-g")
            .arg(&glossary)
            .args(["--lang", "ru:en"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!String::from_utf8_lossy(&output.stderr).is_empty());
    }
    assert_eq!(std::fs::read(&memory).unwrap(), before);
}

#[test]
fn html_report_of_a_memory_is_one_escaped_page_grouped_by_kind() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    tmkit()
        .arg("check")
        .arg(fixture("consistency.tmx"))
        .args(["--format", "html", "-o"])
        .arg(&report)
        .assert()
        .code(1);
    let page = std::fs::read_to_string(&report).unwrap();
    for needle in [
        "<section class=\"kind\" id=\"kind-name-inconsistency\">",
        "<section class=\"kind\" id=\"kind-inconsistent-translation\">",
        "<mark>Mykhaylo Khuktin</mark>",
        "Mikhail Kukhtin <span class=\"rec\">(recommended)</span>",
        "unit a2",
    ] {
        assert!(page.contains(needle), "{needle} missing:\n{page}");
    }
    // No network: no external reference of any kind.
    for forbidden in ["http://", "https://", "src=", "href="] {
        assert!(!page.contains(forbidden), "{forbidden}");
    }
    // -o without --format html is a usage error.
    let output = tmkit()
        .arg("check")
        .arg(fixture("consistency.tmx"))
        .arg("-o")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
