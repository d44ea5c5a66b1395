//! Every command that reads a plain-text file reads it through the one
//! decoder: UTF-16 with a byte-order mark is text, a binary file or bytes in
//! another encoding are refused with `file:line:column` and exit 2. TBX goes
//! through the XML readers' decoder (UTF-16 without a mark, declarations).

use predicates::prelude::*;
use std::path::{Path, PathBuf};

mod support;
use support::cli::{root, tmkit};

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect()
}

/// The bundled sample memory imported into a `.tmdb` in `dir`.
fn sample_memory(dir: &Path) -> PathBuf {
    let memory = dir.join("news.tmdb");
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(root().join("memories/news-en-ru-uk.tmx"))
        .assert()
        .success();
    memory
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn utf16_text_files_are_read_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // translit --file: was "not valid UTF-8" before the one decoder.
    let names = write(d, "names.txt", &utf16le_with_bom("Михаил Кухтин\n"));
    tmkit()
        .args(["translit", "--file"])
        .arg(&names)
        .assert()
        .success()
        .stdout(predicate::str::contains("Kukhtin"));
    // match --file: the query list in UTF-16.
    let queries = write(d, "queries.txt", &utf16le_with_bom("Boris Litvinov\n"));
    tmkit()
        .args(["match", "--lang", "en:ru", "--memory"])
        .arg(sample_memory(d))
        .arg("--file")
        .arg(&queries)
        .assert()
        .code(predicate::in_iter([0, 1]))
        .stderr(predicate::str::contains("UTF-8").not());
    // check: a report saved as UTF-16 by a Windows editor.
    let report =
        std::fs::read_to_string(root().join("../shared/examples/correspondent-report-en.txt"))
            .unwrap_or_else(|_| "Mikhail Kukhtin spoke. Later Mykhaylo Khuktin left.\n".into());
    let report = write(d, "report.txt", &utf16le_with_bom(&report));
    tmkit()
        .arg("check")
        .arg(&report)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Kukhtin"));
}

#[test]
fn binary_and_foreign_bytes_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A .docx (a zip archive) given as the report: it used to be checked
    // as text (a NUL is valid UTF-8) and give an empty report.
    let docx = write(d, "report.txt", b"PK\x03\x04\x14\x00\x06\x00\x08\x00");
    tmkit()
        .arg("check")
        .arg(&docx)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("report.txt:1:6: a NUL byte"));
    let latin1 = write(d, "names.txt", b"Fran\xe7ois\nCaf\xe9");
    tmkit()
        .args(["translit", "--file"])
        .arg(&latin1)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("names.txt:1:5: not valid UTF-8"));
    let queries = write(d, "queries.txt", b"fine\nstill fine\nbad \xff\n");
    tmkit()
        .args(["match", "--lang", "en:ru", "--memory"])
        .arg(sample_memory(d))
        .arg("--file")
        .arg(&queries)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("queries.txt:3:5: not valid UTF-8"));
}

#[test]
fn tsv_glossary_in_utf16_and_tbx_without_a_mark_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tsv = std::fs::read_to_string(root().join("glossaries/donbas-names.tsv")).unwrap();
    let tsv = write(d, "g.tsv", &utf16le_with_bom(&tsv));
    let doc = write(d, "doc.txt", b"Mykhailo Kukhtin said so.\n");
    tmkit()
        .arg("check")
        .arg(&doc)
        .arg("--glossary")
        .arg(&tsv)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Mikhail Kukhtin"));
    // TBX in UTF-16LE with no byte-order mark (the XML declaration tells):
    // the TBX reader used to take it for UTF-8 and stop at its first byte.
    let tbx = std::fs::read_to_string(root().join("glossaries/donbas-names.tbx")).unwrap();
    let tbx = tbx.replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
    let bytes: Vec<u8> = tbx.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let tbx = write(d, "g.tbx", &bytes);
    tmkit()
        .arg("check")
        .arg(&doc)
        .arg("--glossary")
        .arg(&tbx)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Mikhail Kukhtin"));
}

#[test]
fn srx_rules_saved_as_utf16_are_read_like_any_xml() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let srx = std::fs::read_to_string(root().join("src/segment/data/tmkit.srx")).unwrap();
    let srx = srx.replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
    let srx = write(d, "rules.srx", &utf16le_with_bom(&srx));
    let text = write(d, "a.txt", b"One sentence. Another one.\n");
    tmkit()
        .args(["segment", "--lang", "en", "--srx"])
        .arg(&srx)
        .arg(&text)
        .assert()
        .success()
        .stdout("One sentence.\nAnother one.\n");
}
