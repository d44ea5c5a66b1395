//! CLI tests of XLIFF through `tmkit memory import|export`: only finished
//! segments go in (per format's notion of finished), `--states` changes the
//! set, the format is told from content, export writes XLIFF 1.2 and 2.x that
//! reads back the same, and bad input is a located error with exit code 2 and
//! an unchanged memory.

use predicates::prelude::*;
use std::path::{Path, PathBuf};

mod support;
use support::cli::tmkit;

fn import_json(memory: &Path, file: &Path, extra: &[&str]) -> serde_json::Value {
    let out = tmkit()
        .args(["memory", "import", "--format", "json"])
        .arg(memory)
        .arg(file)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn imported(report: &serde_json::Value) -> u64 {
    report["files"][0]["report"]["imported"].as_u64().unwrap()
}

const STATES_12: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="report.txt" source-language="en" target-language="ru" datatype="plaintext">
  <body>
   <trans-unit id="a"><source>One.</source><target state="translated">Один.</target></trans-unit>
   <trans-unit id="b"><source>Two.</source><target state="needs-review-translation">Два.</target></trans-unit>
   <trans-unit id="c" approved="yes"><source>Three.</source><target>Три.</target></trans-unit>
   <trans-unit id="d"><source>Four.</source><target state="new">Четыре.</target></trans-unit>
   <trans-unit id="e"><source>Five.</source><target state="final"></target></trans-unit>
   <trans-unit id="f" translate="no"><source>Six.</source><target state="final">Шесть.</target></trans-unit>
   <trans-unit id="g"><source>Seven.</source><target state="signed-off">Семь.</target></trans-unit>
  </body>
 </file>
</xliff>
"#;

const STATES_20: &str = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="uk">
 <file id="f1" original="news.html">
  <unit id="u1">
   <segment id="s1" state="final"><source>Kyiv.</source><target>Київ.</target></segment>
   <ignorable><source> </source></ignorable>
   <segment id="s2" state="initial"><source>Lviv.</source><target>Львів.</target></segment>
   <segment id="s3"><source>Odesa.</source><target>Одеса.</target></segment>
   <segment id="s4" state="reviewed"><source>Press <pc id="1">here</pc>.</source><target>Натисніть <pc id="1">тут</pc>.</target></segment>
  </unit>
 </file>
</xliff>
"#;

#[test]
fn import_takes_only_finished_xliff_1_2_segments() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("states.xlf");
    std::fs::write(&file, STATES_12).unwrap();
    let memory = dir.path().join("m.tmdb");
    let report = import_json(&memory, &file, &[]);
    // a (translated), c (approved), g (signed-off); not b, d, e (empty), f (translate=no)
    assert_eq!(imported(&report), 3, "{report}");
    let lookup = tmkit()
        .args(["memory", "lookup", "--format", "json"])
        .arg(&memory)
        .args(["Three.", "--lang", "en:ru"])
        .output()
        .unwrap();
    let hits: serde_json::Value = serde_json::from_slice(&lookup.stdout).unwrap();
    assert_eq!(hits["hits"][0]["target"], "Три.", "{hits}");
    // --states widens the set.
    let memory2 = dir.path().join("m2.tmdb");
    let report = import_json(
        &memory2,
        &file,
        &["--states", "initial,translated,reviewed,final"],
    );
    assert_eq!(imported(&report), 5, "{report}");
}

#[test]
fn import_takes_finished_xliff_2_segments_with_document_and_unit_props() {
    let dir = tempfile::tempdir().unwrap();
    // The extension says nothing: the content does.
    let file = dir.path().join("job.data");
    std::fs::write(&file, STATES_20).unwrap();
    let memory = dir.path().join("m.tmdb");
    let report = import_json(&memory, &file, &[]);
    assert_eq!(imported(&report), 2, "{report}");
    let out = dir.path().join("back.tmx");
    tmkit()
        .args(["memory", "export"])
        .arg(&memory)
        .arg(&out)
        .assert()
        .success();
    let tmx = std::fs::read_to_string(&out).unwrap();
    assert!(
        tmx.contains(r#"<prop type="x-document">news.html</prop>"#),
        "{tmx}"
    );
    assert!(tmx.contains(r#"<prop type="x-unit-id">u1</prop>"#), "{tmx}");
    assert!(
        tmx.contains(r#"<prop type="x-segment-id">s4</prop>"#),
        "{tmx}"
    );
    assert!(tmx.contains("changedate="), "{tmx}");
    // The pc pair became a bpt/ept pair TMX can carry.
    assert!(
        tmx.contains(r#"<bpt i="1">"#) && tmx.contains(r#"<ept i="1">"#),
        "{tmx}"
    );
}

fn shared(path: &str) -> Option<PathBuf> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/xliff")
        .join(path);
    if file.is_file() {
        Some(file)
    } else {
        eprintln!("skipped: {} not found", file.display());
        None
    }
}

#[test]
fn import_reads_sdlxliff_confirmation_levels_and_memoq_statuses() {
    let dir = tempfile::tempdir().unwrap();
    if let Some(file) = shared("trados/Test_stati_sdlxliff.txt_it-IT_en-US.sdlxliff") {
        // Translated, ApprovedTranslation, ApprovedSignOff (not Draft, Rejected*).
        let report = import_json(&dir.path().join("t.tmdb"), &file, &[]);
        assert_eq!(imported(&report), 3, "{report}");
        let report = import_json(&dir.path().join("t2.tmdb"), &file, &["--states", "final"]);
        assert_eq!(imported(&report), 1, "{report}");
    }
    if let Some(file) = shared("memoq/ChangeTracking_memoQ_1.mqxliff") {
        // Every unit is NotStarted or PartiallyEdited: nothing is finished.
        let report = import_json(&dir.path().join("q.tmdb"), &file, &[]);
        assert_eq!(imported(&report), 0, "{report}");
    }
}

#[test]
fn export_writes_xliff_that_imports_back_the_same_units() {
    let dir = tempfile::tempdir().unwrap();
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/memories/news-en-ru-uk.tmx");
    let memory = dir.path().join("m.tmdb");
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(sample)
        .assert()
        .success();
    for (name, to, marker) in [
        ("out.xlf", None, "urn:oasis:names:tc:xliff:document:1.2"),
        (
            "out2.xml",
            Some("xliff2"),
            "urn:oasis:names:tc:xliff:document:2.0",
        ),
    ] {
        let out = dir.path().join(name);
        let mut cmd = tmkit();
        cmd.args(["memory", "export"])
            .arg(&memory)
            .arg(&out)
            .args(["--lang", "en:ru", "--format", "json"]);
        if let Some(to) = to {
            cmd.args(["--to", to]);
        }
        let output = cmd.output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let written = summary["units_written"].as_u64().unwrap();
        assert!(written > 10, "{summary}");
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains(marker), "{name}");
        let again = dir.path().join(format!("{name}.tmdb"));
        let report = import_json(&again, &out, &[]);
        assert_eq!(imported(&report), written, "{name}: {report}");
    }
}

#[test]
fn export_to_xliff_needs_one_language_pair() {
    let dir = tempfile::tempdir().unwrap();
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/memories/news-en-ru-uk.tmx");
    let memory = dir.path().join("m.tmdb");
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(sample)
        .assert()
        .success();
    let out = dir.path().join("x.xlf");
    tmkit()
        .args(["memory", "export"])
        .arg(&memory)
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--lang"));
    assert!(!out.exists());
    tmkit()
        .args(["memory", "export"])
        .arg(&memory)
        .arg(&out)
        .args(["--to", "xliff9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown --to"));
}

fn units(memory: &Path) -> u64 {
    let out = tmkit()
        .args(["memory", "stats", "--format", "json"])
        .arg(memory)
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    stats["units"].as_u64().unwrap()
}

#[test]
fn bad_xliff_is_a_located_error_and_the_memory_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("m.tmdb");
    let good = dir.path().join("good.xlf");
    std::fs::write(&good, STATES_12).unwrap();
    import_json(&memory, &good, &[]);
    let before = units(&memory);
    assert_eq!(before, 3);
    let cases = [
        (
            "mismatch.xlf",
            r#"<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file/></xliff>"#,
            "contradicts its namespace",
        ),
        (
            "broken.xlf",
            "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n<file original=\"a\" source-language=\"en\" target-language=\"ru\" datatype=\"x\"><body>\n<trans-unit id=\"1\"><source>a</target></trans-unit></body></file></xliff>",
            "broken.xlf:3:",
        ),
        (
            "truncated.xlf",
            "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n<file original=\"a\" source-language=\"en\" target-language=\"ru\" datatype=\"x\"><body>\n<trans-unit id=\"1\"><source>a</source>",
            "end of file",
        ),
    ];
    for (name, text, expected) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        tmkit()
            .args(["memory", "import"])
            .arg(&memory)
            .arg(&good)
            .arg(&file)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expected));
        assert_eq!(units(&memory), before, "{name} changed the memory");
    }
}

#[test]
fn unpaired_codes_and_unknown_modules_are_warnings_not_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("odd.xlf");
    std::fs::write(
        &file,
        r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:new="urn:example:future-module" version="2.0" srcLang="en" trgLang="ru">
 <file id="f"><unit id="u7"><new:thing a="1">kept</new:thing>
  <segment state="translated"><source>A <sc id="1"/>b</source><target>А <sc id="1"/>б</target></segment>
 </unit></file></xliff>"#,
    )
    .unwrap();
    let memory = dir.path().join("m.tmdb");
    let out = tmkit()
        .args(["memory", "import", "--format", "json"])
        .arg(&memory)
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = report["files"][0]["report"]["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w["message"].as_str().unwrap().contains("unpaired") && w["tuid"] == "u7"),
        "{report}"
    );
    assert_eq!(imported(&report), 1);
}

#[test]
fn check_runs_bilingual_checks_on_xliff_and_names_the_unit() {
    let dir = tempfile::tempdir().unwrap();
    let glossary = Path::new(env!("CARGO_MANIFEST_DIR")).join("glossaries/donbas-names.tbx");
    for (name, unit, text) in [
        (
            "job12.xlf",
            "p2",
            r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="report.txt" source-language="ru" target-language="en" datatype="plaintext"><body>
  <trans-unit id="p1"><source>В Донецке тихо.</source><target>Donetsk is quiet.</target></trans-unit>
  <trans-unit id="p2"><source>Зюганов поддержал Литвинова.</source>
   <seg-source><mrk mtype="seg" mid="1">Зюганов поддержал Литвинова.</mrk></seg-source>
   <target><mrk mtype="seg" mid="1">Zyuganov supported him.</mrk></target></trans-unit>
  <trans-unit id="p3"><source>Литвинов молчит.</source></trans-unit>
 </body></file></xliff>"#,
        ),
        (
            "job20.xlf",
            // A unit of several segments: unit id/segment id.
            "p2/s1",
            r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ru" trgLang="en">
 <file id="f"><unit id="p1"><segment><source>В Донецке тихо.</source><target>Donetsk is quiet.</target></segment></unit>
 <unit id="p2"><segment id="s1"><source>Зюганов поддержал Литвинова.</source><target>Zyuganov supported him.</target></segment>
  <ignorable><source> </source></ignorable><segment id="s2"><source>Все молчат.</source></segment></unit>
 </file></xliff>"#,
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        // No --lang: the languages come from the file.
        let out = tmkit()
            .arg("check")
            .arg(&file)
            .arg("-g")
            .arg(&glossary)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let all = value["findings"].as_array().unwrap();
        // The segment without a target is a note (not translated yet), not an alarm.
        let (notes, findings): (Vec<_>, Vec<_>) = all.iter().partition(|f| f["severity"] == "note");
        assert_eq!(notes.len(), 1, "{name}: {value:#}");
        assert_eq!(notes[0]["rule"], "empty-target", "{name}");
        assert_eq!(findings.len(), 1, "{name}: {value:#}");
        assert_eq!(findings[0]["rule"], "missing-term");
        assert_eq!(findings[0]["span"], "Литвинова");
        assert_eq!(findings[0]["unit"], unit, "{name}");
        tmkit()
            .arg("check")
            .arg(&file)
            .arg("-g")
            .arg(&glossary)
            .assert()
            .code(1)
            .stdout(predicate::str::contains(format!(
                "{name} (unit {unit}, segment 2)"
            )));
        tmkit()
            .arg("check")
            .arg(&file)
            .arg("-g")
            .arg(&glossary)
            .arg("--in-place")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("CAT tool"));
    }
}

#[test]
fn export_into_a_missing_folder_is_an_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/memories/news-en-ru-uk.tmx");
    let memory = dir.path().join("m.tmdb");
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(sample)
        .assert()
        .success();
    let out = dir.path().join("no/such/folder/out.xlf");
    tmkit()
        .args(["memory", "export"])
        .arg(&memory)
        .arg(&out)
        .args(["--lang", "en:ru"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("out.xlf")
                .and(predicate::str::contains("nothing was written")),
        );
    assert!(!dir.path().join("no").exists());
}
