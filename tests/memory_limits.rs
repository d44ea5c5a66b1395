//! Work and memory stay bounded on extreme inputs (issue 12, defect 7): a
//! unit with hundreds of languages, a huge segment, a phrase of 20,000 words.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tmkit() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tmkit"));
    cmd.env("NO_COLOR", "1");
    cmd
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn tmx(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>\n{body}</body></tmx>\n"
    )
}

fn import(memory: &Path, file: &Path, extra: &[&str]) -> Output {
    tmkit()
        .args(["memory", "import"])
        .arg(memory)
        .arg(file)
        .args(extra)
        .output()
        .unwrap()
}

/// One unit in English, Russian and `n` made-up languages (`x-l0` …).
fn many_languages(dir: &Path, n: usize) -> PathBuf {
    let mut tu = String::from(
        "<tu tuid=\"many\"><tuv xml:lang=\"en\"><seg>The ceasefire has held for 14 days.</seg></tuv><tuv xml:lang=\"ru\"><seg>Перемирие соблюдается 14 дней.</seg></tuv>",
    );
    for i in 0..n {
        tu.push_str(&format!(
            "<tuv xml:lang=\"x-l{i}\"><seg>Segment {i}</seg></tuv>"
        ));
    }
    tu.push_str("</tu>\n");
    let file = dir.join("many.tmx");
    std::fs::write(&file, tmx(&tu)).unwrap();
    file
}

#[test]
fn stats_and_match_of_a_unit_with_600_languages_stay_small() {
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("m.tmdb");
    let out = import(&memory, &many_languages(dir.path(), 600), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = tmkit()
        .args(["memory", "stats", "--format", "json"])
        .arg(&memory)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["languages"].as_array().unwrap().len(), 602);
    let pairs = json["pairs"].as_array().unwrap();
    // All pairs would be 602 × 601 = 361,802 entries; the pairs among the
    // 32 languages with most variants are listed instead.
    assert!(pairs.len() <= 32 * 31, "{} pairs", pairs.len());
    assert_eq!(json["pairs_complete"], false);
    assert!(
        out.stdout.len() < 200_000,
        "{} bytes of JSON",
        out.stdout.len()
    );
    let out = tmkit()
        .args([
            "match",
            "The ceasefire has held for 15 days.",
            "--lang",
            "en:ru",
            "--memory",
        ])
        .arg(&memory)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Перемирие"));
}

#[test]
fn a_segment_over_max_segment_bytes_is_refused_naming_the_unit() {
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("m.tmdb");
    let small = dir.path().join("small.tmx");
    std::fs::write(
        &small,
        tmx("<tu tuid=\"a\"><tuv xml:lang=\"en\"><seg>Hello.</seg></tuv><tuv xml:lang=\"ru\"><seg>Привет.</seg></tuv></tu>\n"),
    )
    .unwrap();
    assert!(import(&memory, &small, &[]).status.success());
    let before = std::fs::read(&memory).unwrap();
    let big = dir.path().join("big.tmx");
    let long = "word ".repeat(1_000);
    std::fs::write(
        &big,
        tmx(&format!(
            "<tu tuid=\"b\"><tuv xml:lang=\"en\"><seg>Fine.</seg></tuv><tuv xml:lang=\"ru\"><seg>Хорошо.</seg></tuv></tu>\n\
             <tu tuid=\"huge-one\"><tuv xml:lang=\"en\"><seg>{long}</seg></tuv><tuv xml:lang=\"ru\"><seg>Длинно.</seg></tuv></tu>\n"
        )),
    )
    .unwrap();
    let out = import(&memory, &big, &["--max-segment-bytes", "4000"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let message = stderr(&out);
    for part in [
        "big.tmx",
        "unit 2",
        "huge-one",
        "--max-segment-bytes",
        "4000",
        "unchanged",
    ] {
        assert!(message.contains(part), "{part:?} missing: {message}");
    }
    assert_eq!(
        std::fs::read(&memory).unwrap(),
        before,
        "the memory changed"
    );
    // Under the default limit (1 MiB) the same file imports.
    let out = import(&memory, &big, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A 20,000-word phrase on a memory where every segment has the phrase's
/// words: the search reads the lists of three words, not one per word (which
/// took 400 KB per word). Run under an address-space limit.
#[test]
fn a_20000_word_concordance_phrase_runs_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("m.tmdb");
    let mut body = String::new();
    for i in 0..4_000 {
        body.push_str(&format!(
            "<tu><tuv xml:lang=\"en\"><seg>the line of contact near the town {i}</seg></tuv><tuv xml:lang=\"ru\"><seg>линия {i}</seg></tuv></tu>\n"
        ));
    }
    let file = dir.path().join("m.tmx");
    std::fs::write(&file, tmx(&body)).unwrap();
    assert!(import(&memory, &file, &[]).status.success());
    let phrase = ["the", "line", "of", "contact", "near", "town"]
        .iter()
        .cycle()
        .take(20_000)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let phrase_file = dir.path().join("phrase.txt");
    std::fs::write(&phrase_file, &phrase).unwrap();
    let bin = env!("CARGO_BIN_EXE_tmkit");
    let script = format!(
        "ulimit -v 400000 && exec '{bin}' concordance \"$(cat '{}')\" --lang en:ru --memory '{}' --format json",
        phrase_file.display(),
        memory.display()
    );
    let out = Command::new("sh").args(["-c", &script]).output().unwrap();
    assert!(out.status.success(), "{:?}: {}", out.status, stderr(&out));
}
