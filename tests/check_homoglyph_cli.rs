//! A spelling with a look-alike letter of another script ("Sergei Kоvalenko"
//! with a Cyrillic о) is reported as a `homoglyph` error and is never the
//! recommended spelling while a clean one is there, whatever the counts: in
//! one text, across many files, over a TMX file and a memory, in the text,
//! JSON and HTML reports. Fails before: a tie went to the first used
//! spelling, a majority to the most frequent, the broken one either way.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const BROKEN: &str = "Sergei K\u{43e}valenko";
const CLEAN: &str = "Sergei Kovalenko";

fn tmkit() -> Command {
    let mut cmd = Command::cargo_bin("tmkit").unwrap();
    cmd.arg("--color").arg("never");
    cmd
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
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

/// The broken spelling `copies` times, then the clean one once.
fn sentences(copies: usize) -> Vec<String> {
    let mut out: Vec<String> = (0..copies)
        .map(|k| format!("{BROKEN} arrived on day {}.", k + 1))
        .collect();
    out.push(format!("Later {CLEAN} spoke."));
    out
}

fn assert_recommends_clean(finding: &Value) {
    assert_eq!(finding["rule"], "homoglyph", "{finding:#}");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["span"], BROKEN);
    assert_eq!(finding["suggestion"], CLEAN);
    assert_eq!(finding["approved"], CLEAN);
}

#[test]
fn one_text_tie_and_majority() {
    let dir = tempfile::tempdir().unwrap();
    for copies in [1, 2] {
        let file = write(dir.path(), "t.txt", &sentences(copies).join("\n"));
        let (value, code) = json(tmkit().arg("check").arg(&file));
        assert_eq!(code, 1, "{value:#}");
        let findings = value["findings"].as_array().unwrap();
        assert_eq!(findings.len(), copies, "{value:#}");
        for finding in findings {
            assert_recommends_clean(finding);
        }
        let output = tmkit().arg("check").arg(&file).output().unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains(&format!("help: use \"{CLEAN}\"")), "{text}");
        assert!(!text.contains(&format!("use \"{BROKEN}\"")), "{text}");
    }
}

#[test]
fn many_files_tie_and_majority() {
    let dir = tempfile::tempdir().unwrap();
    for copies in [1, 2] {
        let files: Vec<PathBuf> = sentences(copies)
            .iter()
            .enumerate()
            .map(|(k, text)| write(dir.path(), &format!("{copies}-{k}.txt"), text))
            .collect();
        let (value, code) = json(tmkit().arg("check").args(&files));
        assert_eq!(code, 1, "{value:#}");
        assert_eq!(value["mode"], "publication");
        let findings = value["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{value:#}");
        assert_recommends_clean(&findings[0]);
        let spellings = findings[0]["spellings"].as_array().unwrap();
        assert_eq!(spellings[0]["text"], CLEAN);
        assert_eq!(spellings[0]["approved"], true);
        assert_eq!(spellings[1]["text"], BROKEN);
        assert_eq!(spellings[1]["count"], copies);
        assert_eq!(spellings[1]["approved"], false);
    }
}

fn tmx(dir: &Path, copies: usize) -> PathBuf {
    let units: String = sentences(copies)
        .iter()
        .enumerate()
        .map(|(k, en)| {
            format!(
                "<tu tuid=\"u{}\"><tuv xml:lang=\"ru\"><seg>Сергей Коваленко {}.</seg></tuv>\
                 <tuv xml:lang=\"en\"><seg>{en}</seg></tuv></tu>\n",
                k + 1,
                k + 1
            )
        })
        .collect();
    write(
        dir,
        &format!("m{copies}.tmx"),
        &format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header \
             creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" \
             adminlang=\"en\" srclang=\"ru\" datatype=\"plaintext\"/>\n<body>\n{units}</body></tmx>\n"
        ),
    )
}

fn name_findings(value: &Value) -> Vec<&Value> {
    value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["spellings"].is_array())
        .collect()
}

#[test]
fn a_tmx_file_and_a_memory_tie_and_majority_json_and_html() {
    let dir = tempfile::tempdir().unwrap();
    for copies in [1, 2] {
        let file = tmx(dir.path(), copies);
        let memory = dir.path().join(format!("m{copies}.tmdb"));
        tmkit()
            .args(["memory", "import"])
            .arg(&memory)
            .arg(&file)
            .assert()
            .success();
        for (input, lang) in [(&file, None), (&memory, Some("ru:en"))] {
            let mut cmd = tmkit();
            cmd.arg("check").arg(input);
            if let Some(lang) = lang {
                cmd.args(["--lang", lang]);
            }
            let (value, code) = json(&mut cmd);
            assert_eq!(code, 1, "{value:#}");
            let names = name_findings(&value);
            assert_eq!(names.len(), 1, "{value:#}");
            assert_recommends_clean(names[0]);
            let spellings = names[0]["spellings"].as_array().unwrap();
            assert_eq!(spellings[0]["text"], CLEAN);
            assert_eq!(spellings[0]["approved"], true);
            assert_eq!(spellings[1]["text"], BROKEN);
            assert_eq!(spellings[1]["approved"], false);
            assert_eq!(spellings[1]["count"], copies);
        }
        let report = dir.path().join(format!("m{copies}.html"));
        tmkit()
            .arg("check")
            .arg(&file)
            .args(["--format", "html", "-o"])
            .arg(&report)
            .assert()
            .code(1);
        let page = std::fs::read_to_string(&report).unwrap();
        let recommended = format!("{CLEAN} <span class=\"rec\">(recommended)</span>");
        assert!(page.contains(&recommended), "{page}");
        let wrong = format!("{BROKEN} <span class=\"rec\">(recommended)</span>");
        assert!(!page.contains(&wrong), "{page}");
    }
}
