//! CLI tests for `tmkit eval names`.

use assert_cmd::Command;
use predicates::prelude::*;
use std::io::Write;

fn tmkit() -> Command {
    Command::cargo_bin("tmkit").expect("binary builds")
}

#[test]
fn eval_names_meets_the_targets_on_the_built_in_pairs() {
    let output = tmkit()
        .args(["eval", "names", "--format", "json"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert!(json["pairs"].as_u64().expect("pairs") >= 300);
    let precision = json["tmkit"]["precision"].as_f64().expect("precision");
    let recall = json["tmkit"]["recall"].as_f64().expect("recall");
    assert!(precision >= 0.97, "precision {precision}");
    assert!(recall >= 0.95, "recall {recall}");
    let baseline = json["jaro_winkler"]["f1"].as_f64().expect("baseline");
    assert!(json["tmkit"]["f1"].as_f64().expect("f1") > baseline);
    assert!(json["jaro_winkler_threshold"].as_f64().is_some());
    assert!(json["misclassified"].is_array());
    assert!(json["categories"].is_array());
}

#[test]
fn eval_names_text_output_has_both_systems() {
    tmkit()
        .args(["eval", "names"])
        .assert()
        .success()
        .stdout(predicate::str::contains("tmkit"))
        .stdout(predicate::str::contains("Jaro-Winkler"))
        .stdout(predicate::str::contains("precision"));
}

#[test]
fn eval_names_reads_a_pair_file() {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    writeln!(
        file,
        "# two pairs\nKukhtin\tKhuktin\tsame\ttypo\nKotov\tKitov\tdifferent\tdistinct"
    )
    .expect("write");
    let output = tmkit()
        .args(["eval", "names", "--format", "json", "--pairs"])
        .arg(file.path())
        .output()
        .expect("runs");
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["pairs"], 2);
    assert_eq!(json["tmkit"]["true_positives"], 1);
    assert_eq!(json["tmkit"]["true_negatives"], 1);
}

#[test]
fn eval_names_reports_bad_lines_with_their_number() {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    writeln!(file, "Kukhtin\tKhuktin\tsame\nKotov\tKitov").expect("write");
    tmkit()
        .args(["eval", "names", "--pairs"])
        .arg(file.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 2"));
}

#[test]
fn eval_names_missing_or_empty_file_is_an_input_error() {
    tmkit()
        .args(["eval", "names", "--pairs", "/nonexistent/pairs.tsv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
    let file = tempfile::NamedTempFile::new().expect("temp file");
    tmkit()
        .args(["eval", "names", "--pairs"])
        .arg(file.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no pairs"));
}
