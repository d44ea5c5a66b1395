//! `tmkit check` QA rules on bilingual inputs (TMX, TSV pairs, XLIFF):
//! `number-mismatch`, `tag-mismatch`, `untranslated`, `empty-target`. Each
//! fixture has a clean counterpart on which the rules must stay silent.

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/qa")
        .join(name)
}

/// Runs `tmkit check FILE ARGS --format json`; returns (rule, severity,
/// unit or segment, span) of every finding and the exit code.
fn check(file: &str, args: &[&str]) -> (Vec<(String, String, String, String)>, i32) {
    let output = Command::cargo_bin("tmkit")
        .unwrap()
        .arg("check")
        .arg(fixture(file))
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let value: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{file}: not JSON ({e}): {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let findings = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let place = match &f["unit"] {
                Value::String(unit) => unit.clone(),
                _ => f["segment"].to_string(),
            };
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                place,
                f["span"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (findings, output.status.code().unwrap())
}

fn has(
    findings: &[(String, String, String, String)],
    rule: &str,
    severity: &str,
    place: &str,
) -> bool {
    findings
        .iter()
        .any(|(r, s, p, _)| r == rule && s == severity && p == place)
}

#[test]
fn tmx_numbers_tags_and_untranslated() {
    let (found, code) = check("bad.tmx", &["--lang", "en:ru"]);
    assert_eq!(code, 1, "{found:?}");
    assert!(
        found
            .iter()
            .any(|(r, _, p, span)| r == "number-mismatch" && p == "prices" && span == "4.5"),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(r, _, p, span)| r == "number-mismatch" && p == "prices" && span == "4,6"),
        "{found:?}"
    );
    assert!(has(&found, "tag-mismatch", "warning", "press"), "{found:?}");
    assert!(has(&found, "untranslated", "note", "talks"), "{found:?}");
    // A name alone may stay as it is.
    assert!(!found.iter().any(|(_, _, p, _)| p == "name"), "{found:?}");
    // 2014 is in both: only the changed number is reported.
    assert_eq!(
        found.iter().filter(|f| f.0 == "number-mismatch").count(),
        2,
        "{found:?}"
    );

    let (found, code) = check("clean.tmx", &["--lang", "en:ru"]);
    assert_eq!((found.as_slice(), code), (&[][..], 0));
}

#[test]
fn tsv_numbers_by_value_and_empty_targets() {
    let (found, code) = check("bad.tsv", &[]);
    assert_eq!(code, 1, "{found:?}");
    assert!(
        found.iter().any(|(r, s, p, span)| r == "number-mismatch"
            && s == "warning"
            && p == "1"
            && span == "1,500"),
        "{found:?}"
    );
    assert!(has(&found, "empty-target", "warning", "2"), "{found:?}");
    // A URL copied as is is not "untranslated".
    assert!(!found.iter().any(|(_, _, p, _)| p == "3"), "{found:?}");

    // 1,500 = 1 500; a date and a time written the same way match.
    let (found, code) = check("clean.tsv", &[]);
    assert_eq!((found.as_slice(), code), (&[][..], 0));
}

#[test]
fn xliff_findings_name_the_unit() {
    let (found, code) = check("bad.xlf", &[]);
    assert_eq!(code, 1, "{found:?}");
    assert!(has(&found, "tag-mismatch", "warning", "u1"), "{found:?}");
    assert!(has(&found, "tag-mismatch", "warning", "u2"), "{found:?}");
    // 1,500 = 1 500 even where the tags are wrong.
    assert!(
        !has(&found, "number-mismatch", "warning", "u1"),
        "{found:?}"
    );
    // No target yet (no state): a note; an empty target in state translated: a warning.
    assert!(has(&found, "empty-target", "note", "u3"), "{found:?}");
    assert!(has(&found, "empty-target", "warning", "u4"), "{found:?}");

    let (found, code) = check("clean.xlf", &[]);
    assert_eq!((found.as_slice(), code), (&[][..], 0));
}

#[test]
fn text_report_names_rule_and_code() {
    let output = Command::cargo_bin("tmkit")
        .unwrap()
        .args(["--color", "never", "check"])
        .arg(fixture("bad.xlf"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("warning[tag-mismatch]"), "{text}");
    assert!(text.contains("g:1"), "{text}");
    assert!(text.contains("x:3"), "{text}");
    assert!(text.contains("unit u2"), "{text}");
}
