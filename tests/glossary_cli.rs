//! `tmkit glossary show|convert|lookup`, and the bundled sample glossary.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::PathBuf;
use tmkit::glossary::{Glossary, TermStatus};

fn tmkit() -> Command {
    let mut cmd = Command::cargo_bin("tmkit").unwrap();
    cmd.arg("--color").arg("never");
    cmd
}

fn sample(ext: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("glossaries/donbas-names.{ext}"))
}

#[test]
fn sample_tbx_and_tsv_hold_the_same_entries() {
    let (tbx, tbx_warnings) = Glossary::load(&sample("tbx")).unwrap();
    let (tsv, tsv_warnings) = Glossary::load(&sample("tsv")).unwrap();
    assert!(tbx_warnings.is_empty(), "{tbx_warnings:?}");
    assert!(tsv_warnings.is_empty(), "{tsv_warnings:?}");
    assert!(tbx.entries.len() >= 35);
    assert_eq!(tbx.entries.len(), tsv.entries.len());
    for (a, b) in tbx.entries.iter().zip(&tsv.entries) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.name_type, b.name_type);
        let mut ta: Vec<_> = a
            .terms
            .iter()
            .map(|t| (t.lang.normalized().to_string(), t.text.clone(), t.status))
            .collect();
        let mut tb: Vec<_> = b
            .terms
            .iter()
            .map(|t| (t.lang.normalized().to_string(), t.text.clone(), t.status))
            .collect();
        ta.sort();
        tb.sort();
        assert_eq!(ta, tb, "{:?}", a.id);
    }
    let entry = |id: &str| {
        tbx.entries
            .iter()
            .find(|e| e.id.as_deref() == Some(id))
            .unwrap()
    };
    assert_eq!(
        entry("person-kukhtin-mikhail").approved("en").unwrap().text,
        "Mikhail Kukhtin"
    );
    assert_eq!(
        entry("person-zelensky-volodymyr")
            .approved("en")
            .unwrap()
            .text,
        "Volodymyr Zelensky"
    );
    assert_eq!(
        entry("place-donetsk").terms_in("uk").next().unwrap().text,
        "Донецьк"
    );
    let kiev = entry("place-kyiv")
        .terms_in("en")
        .find(|t| t.text == "Kiev")
        .unwrap();
    assert_eq!(kiev.status, Some(TermStatus::Deprecated));
}

#[test]
fn show_lists_entries_and_filters_languages() {
    tmkit()
        .args(["glossary", "show"])
        .arg(sample("tbx"))
        .args(["--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains("person-kukhtin-mikhail [person]"))
        .stdout(predicate::str::contains("Mykhailo Kukhtin  deprecated"))
        .stdout(predicate::str::contains("Михаил").not());
    let output = tmkit()
        .args(["glossary", "show", "--format", "json"])
        .arg(sample("tsv"))
        .output()
        .unwrap();
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = &value[0]["entries"][0];
    assert_eq!(first["id"], "person-kukhtin-mikhail");
    assert_eq!(first["name_type"], "person");
    assert_eq!(first["terms"][2]["lang"], "en");
    assert_eq!(first["terms"][2]["status"], "preferred");
}

#[test]
fn convert_between_all_formats_keeps_terms() {
    let dir = tempfile::tempdir().unwrap();
    let (original, _) = Glossary::load(&sample("tbx")).unwrap();
    for (name, extra) in [
        ("v3.tbx", vec![]),
        ("v3-dct.tbx", vec!["--style", "dct"]),
        ("v2.tbx", vec!["--to", "tbx2"]),
        ("g.csv", vec![]),
        ("g.tsv", vec![]),
    ] {
        let out = dir.path().join(name);
        tmkit()
            .args(["glossary", "convert"])
            .arg(sample("tbx"))
            .arg(&out)
            .args(&extra)
            .assert()
            .success()
            .stdout(predicate::str::contains("entries"));
        let (back, warnings) = Glossary::load(&out).unwrap();
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        let count = |g: &Glossary| g.entries.iter().map(|e| e.terms.len()).sum::<usize>();
        assert_eq!(count(&back), count(&original), "{name}");
        if name.ends_with(".tbx") {
            let text = std::fs::read_to_string(&out).unwrap();
            if name == "v2.tbx" {
                assert!(text.contains("<martif") && text.contains("<tig>"));
            } else if name == "v3-dct.tbx" {
                assert!(text.contains("<min:administrativeStatus>"));
            } else {
                assert!(text.contains("<termNote type=\"administrativeStatus\">"));
            }
        }
    }
}

#[test]
fn convert_rejects_unknown_output_format() {
    let dir = tempfile::tempdir().unwrap();
    tmkit()
        .args(["glossary", "convert"])
        .arg(sample("tsv"))
        .arg(dir.path().join("out.xyz"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--to tbx"));
}

#[test]
fn lookup_finds_variants_and_inflected_forms() {
    tmkit()
        .args(["glossary", "lookup", "Mykhaylo Khuktin", "-g"])
        .arg(sample("tbx"))
        .assert()
        .success()
        .stdout(predicate::str::contains("approved \"Mikhail Kukhtin\""))
        .stdout(predicate::str::contains("variant"));
    let output = tmkit()
        .args(["glossary", "lookup", "Литвиновым", "--format", "json", "-g"])
        .arg(sample("tsv"))
        .output()
        .unwrap();
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value[0]["kind"], "inflected");
    assert_eq!(value[0]["approved"], "Boris Litvinov");
    tmkit()
        .args(["glossary", "lookup", "Nobody Known", "-g"])
        .arg(sample("tbx"))
        .assert()
        .code(1);
}

#[test]
fn show_reports_bad_files_with_position() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "ru,en\n\"Донецк,Donetsk\n").unwrap();
    tmkit()
        .args(["glossary", "show"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.csv:2:1: a quoted field is never closed",
        ));
}
