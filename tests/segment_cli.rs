//! `tmkit segment` and `tmkit eval segment` from the outside.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn tmkit() -> Command {
    Command::cargo_bin("tmkit").unwrap()
}

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.join("data/srx").is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/data is not here");
        None
    }
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn segments_a_file_as_text_json_and_tsv() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "ru.txt",
        "В. В. Путин прибыл в г. Москва. Он выступил на ул. Тверской.\n\nЗаголовок".as_bytes(),
    );
    tmkit()
        .args(["segment", file.to_str().unwrap(), "--lang", "ru"])
        .assert()
        .success()
        .stdout("В. В. Путин прибыл в г. Москва.\nОн выступил на ул. Тверской.\nЗаголовок\n");
    let out = tmkit()
        .args([
            "segment",
            file.to_str().unwrap(),
            "--lang",
            "ru",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 3);
    assert_eq!(json[1]["start"], 32);
    assert_eq!(json[1]["text"], "Он выступил на ул. Тверской.");
    assert_eq!(
        json[2]["byte_start"],
        json[2]["byte_end"].as_u64().unwrap() - 18
    );
    tmkit()
        .args([
            "segment",
            file.to_str().unwrap(),
            "--lang",
            "ru",
            "--format",
            "tsv",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("0\t31\t0\t"));
}

#[test]
fn reads_standard_input_and_guesses_the_language() {
    tmkit()
        .args(["segment", "-"])
        .write_stdin("Це перше речення про м. Київ. Ось друге речення, і воно коротке.")
        .assert()
        .success()
        .stderr(predicate::str::contains("`uk`"))
        .stdout("Це перше речення про м. Київ.\nОсь друге речення, і воно коротке.\n");
    tmkit()
        .args(["segment", "-"])
        .write_stdin("The committee met on Tuesday. It agreed on the budget.")
        .assert()
        .success()
        .stderr(predicate::str::contains("guessed `en`"));
    tmkit()
        .args(["segment", "-"])
        .write_stdin("Србија и Црна Гора су на Балкану. Београд је главни град.")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot tell the language"));
}

#[test]
fn empty_file_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "empty.txt", b"");
    tmkit()
        .args(["segment", file.to_str().unwrap(), "--lang", "en"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("empty"));
    tmkit()
        .args([
            "segment",
            file.to_str().unwrap(),
            "--lang",
            "en",
            "-f",
            "json",
        ])
        .assert()
        .success()
        .stdout("[]\n");
}

#[test]
fn non_utf8_input_names_the_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "cp1251.txt", b"Hello. \xcf\xf0\xe8\xe2\xe5\xf2.");
    tmkit()
        .args(["segment", file.to_str().unwrap(), "--lang", "ru"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not valid UTF-8 at byte 7"));
}

#[test]
fn invalid_srx_reports_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let srx = write(
        &dir,
        "bad.srx",
        b"<srx version=\"2.0\">\n<header cascade=\"no\"/>\n<body><languagerules>\n</languagerule></body></srx>",
    );
    let text = write(&dir, "t.txt", b"One. Two.");
    tmkit()
        .args([
            "segment",
            text.to_str().unwrap(),
            "--lang",
            "en",
            "--srx",
            srx.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.srx:4:"));
}

#[test]
fn unsupported_rule_is_reported_with_its_rule_set() {
    let dir = tempfile::tempdir().unwrap();
    let srx = write(
        &dir,
        "rules.srx",
        br#"<srx version="2.0" xmlns="http://www.lisa.org/srx20"><header cascade="no" segmentsubflows="yes"/>
<body><languagerules><languagerule languagerulename="Mine">
<rule break="no"><beforebreak>\GMr\.</beforebreak><afterbreak>\s</afterbreak></rule>
<rule break="yes"><beforebreak>[.?!]</beforebreak><afterbreak>\s</afterbreak></rule>
</languagerule></languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="Mine"/></maprules></body></srx>"#,
    );
    let text = write(&dir, "t.txt", b"One. Two.");
    tmkit()
        .args([
            "segment",
            text.to_str().unwrap(),
            "--lang",
            "en",
            "--srx",
            srx.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout("One.\nTwo.\n")
        .stderr(predicate::str::contains("rule 1 of `Mine`").and(predicate::str::contains("\\G")));
    tmkit()
        .args(["segment", "--check-srx", "--srx", srx.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("line 3: rule 1 of `Mine`"));
}

#[test]
fn exported_default_rules_give_the_same_segments() {
    let dir = tempfile::tempdir().unwrap();
    let out = tmkit()
        .args(["segment", "--print-default-srx"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let srx = write(&dir, "tmkit.srx", &out.stdout);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("{{abbrev"));
    let text = write(
        &dir,
        "en.txt",
        b"Mr. Smith met Dr. Jones at 3 p.m. They talked. The U.S. Senate voted against Russia.At the end it was 4.5% of 1.000.000.",
    );
    let default = tmkit()
        .args(["segment", text.to_str().unwrap(), "--lang", "en"])
        .output()
        .unwrap();
    let exported = tmkit()
        .args([
            "segment",
            text.to_str().unwrap(),
            "--lang",
            "en",
            "--srx",
            srx.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&default.stdout),
        "Mr. Smith met Dr. Jones at 3 p.m.\nThey talked.\nThe U.S. Senate voted against Russia.\nAt the end it was 4.5% of 1.000.000.\n"
    );
    assert_eq!(default.stdout, exported.stdout);
}

#[test]
fn every_shared_srx_file_loads_without_unusable_rules() {
    let Some(shared) = shared() else { return };
    for entry in std::fs::read_dir(shared.join("data/srx")).unwrap() {
        let path = entry.unwrap().path();
        tmkit()
            .args(["segment", "--check-srx", "--srx", path.to_str().unwrap()])
            .assert()
            .success()
            .stderr(predicate::str::contains("0 cannot be used"));
    }
}

#[test]
fn eval_compares_rule_sets_on_gold() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let gold = write(
        &dir,
        "gold.jsonl",
        "{\"lang\":\"ru\",\"id\":\"a\",\"text\":\"В. В. Путин прибыл. Встреча прошла на ул. Тверской.\",\"sentences\":[\"В. В. Путин прибыл.\",\"Встреча прошла на ул. Тверской.\"]}\n"
            .as_bytes(),
    );
    let omegat = shared.join("data/srx/omegat_defaultRules.srx");
    let out = tmkit()
        .args([
            "eval",
            "segment",
            "--gold",
            gold.to_str().unwrap(),
            "--srx",
            omegat.to_str().unwrap(),
            "-f",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = &json["rows"][0]["systems"];
    assert_eq!(row["tmkit"]["f1"], 1.0);
    // OmegaT has no rule for "В." and breaks after the initial.
    assert!(row["omegat_defaultRules"]["precision"].as_f64().unwrap() < 1.0);
    tmkit()
        .args([
            "eval",
            "segment",
            "--gold",
            gold.to_str().unwrap(),
            "--errors",
            "5",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("F1 (P / R)"));
}

#[test]
fn headline_is_split_off_unless_switched_off() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "news.txt",
        b"Killer Pig Mauls Chinese Farmer to Death A farmer was attacked by a pig.\n\nNo headline here. Two sentences.",
    );
    tmkit()
        .args(["segment", file.to_str().unwrap(), "--lang", "en"])
        .assert()
        .success()
        .stdout(
            "Killer Pig Mauls Chinese Farmer to Death\nA farmer was attacked by a pig.\n\
             No headline here.\nTwo sentences.\n",
        );
    tmkit()
        .args([
            "segment",
            file.to_str().unwrap(),
            "--lang",
            "en",
            "--no-headlines",
        ])
        .assert()
        .success()
        .stdout(
            "Killer Pig Mauls Chinese Farmer to Death A farmer was attacked by a pig.\n\
             No headline here.\nTwo sentences.\n",
        );
}

#[test]
fn text_output_puts_line_breaks_inside_a_segment_as_spaces() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "wrapped.txt",
        b"A sentence that is\r\nwrapped here. Next.",
    );
    tmkit()
        .args(["segment", file.to_str().unwrap(), "--lang", "en"])
        .assert()
        .success()
        .stdout("A sentence that is  wrapped here.\nNext.\n");
}

#[test]
fn eval_without_headlines_scores_lower_recall_on_headlines() {
    let dir = tempfile::tempdir().unwrap();
    let gold = write(
        &dir,
        "gold.jsonl",
        br#"{"lang": "en", "text": "Killer Pig Mauls Chinese Farmer to Death A farmer was attacked by a pig. It died.", "sentences": ["Killer Pig Mauls Chinese Farmer to Death", "A farmer was attacked by a pig.", "It died."]}
"#,
    );
    let recall = |extra: &[&str]| -> f64 {
        let mut args = vec![
            "eval",
            "segment",
            "--gold",
            gold.to_str().unwrap(),
            "-f",
            "json",
        ];
        args.extend_from_slice(extra);
        let out = tmkit()
            .args(&args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        json["rows"][0]["systems"]["tmkit"]["recall"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(recall(&[]), 1.0);
    assert_eq!(recall(&["--no-headlines"]), 0.5);
}
