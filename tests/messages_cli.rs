//! Issue 12, defect 8: messages that say what really happened.

use predicates::prelude::*;

mod support;
use support::cli::{root, tmkit};

/// A file cut inside a UTF-8 character was cut short: no other encoding
/// would help, so the message must not send the user looking for one.
#[test]
fn file_cut_inside_a_character_is_reported_as_truncated() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Russian text cut after the first byte of a two-byte letter.
    let mut cut = "Привет, мир. Это проверка обрезанного файла. "
        .repeat(20)
        .into_bytes();
    cut.push(0xD0);
    std::fs::write(d.join("cut.txt"), cut).unwrap();
    std::fs::write(
        d.join("cut.tmx"),
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>\xd0\x9f\xd1",
    )
    .unwrap();
    std::fs::write(d.join("cut.tsv"), b"ru\ten\n\xd0\x9f\xd1\x80\tPr\n\xd0").unwrap();
    let memory = d.join("m.tmdb");
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(root().join("memories/news-en-ru-uk.tmx"))
        .assert()
        .success();
    let m = memory.display().to_string();
    let runs: Vec<Vec<&str>> = vec![
        vec!["segment", "cut.txt", "--lang", "ru"],
        vec!["segment", "cut.txt"],
        vec!["check", "cut.txt"],
        vec!["translit", "--file", "cut.txt"],
        vec!["match", "--file", "cut.txt", "-m", &m, "--lang", "en:ru"],
        vec!["memory", "import", "new.tmdb", "cut.tmx"],
        vec!["glossary", "show", "cut.tsv"],
    ];
    for args in runs {
        tmkit().current_dir(d).args(&args).assert().code(2).stderr(
            predicate::str::contains("truncated in the middle of a character")
                .and(predicate::str::contains("another encoding").not()),
        );
    }
    // A byte that is wrong in the middle still points to the encoding.
    std::fs::write(d.join("latin1.txt"), b"Caf\xe9 au lait. Bon.").unwrap();
    tmkit()
        .current_dir(d)
        .args(["segment", "latin1.txt", "--lang", "fr"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not valid UTF-8"));
}

#[test]
fn no_zero_positions_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["glossary", "show", "missing.tbx"],
        vec!["glossary", "show", "missing.tsv"],
        vec!["check", "missing.txt", "-g", "missing.tbx"],
        vec!["glossary", "convert", "missing.tsv", "out.tbx"],
    ] {
        tmkit()
            .current_dir(dir.path())
            .args(&args)
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains(":0")
                    .not()
                    .and(predicate::str::contains("missing.")),
            );
    }
}

#[test]
fn segment_lang_must_be_a_bcp47_tag() {
    for bad in ["xx_!!", "en-", "ru:en", "e", "english language"] {
        tmkit()
            .args(["segment", "-", "--lang", bad])
            .write_stdin("One. Two.")
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("is not a BCP 47 language tag"));
    }
    for good in ["en", "EN_us", "sr-Latn-RS", "de-CH-1996"] {
        tmkit()
            .args(["segment", "-", "--lang", good])
            .write_stdin("One. Two.")
            .assert()
            .success()
            .stdout("One.\nTwo.\n");
    }
}

/// Text with no sentence end for a megabyte is cut (memory stays bounded),
/// but never silently.
#[test]
fn forced_break_in_unpunctuated_text_is_a_warning() {
    let text = "word ".repeat(300_000); // 1.5 MB, no end mark
    let out = tmkit()
        .args(["segment", "-", "--lang", "en", "--format", "json"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.status.success());
    let segments: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(segments.as_array().unwrap().len(), 2);
    assert!(
        segments[0].get("forced_break").is_none(),
        "JSON fields are stable"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning:") && stderr.contains("no sentence end in about 1 MiB"),
        "{stderr}"
    );
    // Ordinary text: no warning.
    tmkit()
        .args(["segment", "-", "--lang", "en"])
        .write_stdin("One sentence. ".repeat(100_000))
        .assert()
        .success()
        .stderr("");
}
