//! `tmkit check a.txt b.txt …` and `--files-from`: name spellings compared
//! across documents, one finding per inconsistent name with every occurrence,
//! unreadable files named and the rest checked (exit 2 at the end).

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn tmkit() -> Command {
    let mut cmd = Command::cargo_bin("tmkit").unwrap();
    cmd.arg("--color").arg("never");
    cmd
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

fn json(cmd: &mut Command) -> (Value, i32) {
    let output = cmd.arg("--format").arg("json").output().unwrap();
    let value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    (value, output.status.code().unwrap())
}

#[test]
fn one_finding_per_name_across_files() {
    let dir = tempfile::tempdir().unwrap();
    let mon = write(
        dir.path(),
        "mon.txt",
        b"Mikhail Kukhtin arrived in the city.\nMikhail Kukhtin spoke.\n",
    );
    let tue = write(
        dir.path(),
        "tue.txt",
        b"Later, Mikhail Kukhtin met officials.\n",
    );
    // UTF-16 with a BOM: mixed encodings across one publication.
    let mut thu_bytes = vec![0xFF, 0xFE];
    for unit in "Yesterday Mykhaylo Khuktin left.\n".encode_utf16() {
        thu_bytes.extend(unit.to_le_bytes());
    }
    let thu = write(dir.path(), "thu.txt", &thu_bytes);
    let (value, code) = json(tmkit().args(["check", &mon, &tue, &thu]));
    assert_eq!(code, 1, "{value:#}");
    assert_eq!(value["mode"], "publication");
    assert_eq!(value["summary"]["files"], 3);
    let findings = value["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{value:#}");
    let f = &findings[0];
    assert_eq!(f["file"], thu.as_str());
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(1), Some(11))
    );
    assert_eq!(f["suggestion"], "Mikhail Kukhtin");
    assert_eq!(f["severity"], "error");
    let spellings = f["spellings"].as_array().unwrap();
    assert_eq!(spellings[0]["text"], "Mikhail Kukhtin");
    assert_eq!(spellings[0]["count"], 3);
    assert_eq!(spellings[0]["approved"], true);
    assert_eq!(spellings[0]["occurrences"].as_array().unwrap().len(), 3);
    assert_eq!(spellings[0]["occurrences"][2]["file"], tue.as_str());
    assert_eq!(spellings[1]["text"], "Mykhaylo Khuktin");
    assert_eq!(spellings[1]["approved"], false);
}

#[test]
fn files_from_names_missing_files_and_checks_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"Zelensky spoke. Zelensky left.\n");
    write(dir.path(), "b.txt", b"Then Zelenskyy replied.\n");
    let list = write(
        dir.path(),
        "list.txt",
        b"a.txt\n\n# a comment\nmissing.txt\nb.txt\n",
    );
    let output = tmkit()
        .args(["check", "--files-from", &list, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["summary"]["files"], 2);
    assert_eq!(value["findings"].as_array().unwrap().len(), 1);
    assert_eq!(value["file_errors"].as_array().unwrap().len(), 1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("missing.txt"), "{stderr}");
    assert!(stderr.contains("1 of 3 files"), "{stderr}");
}

#[test]
fn distinct_people_across_files_are_not_reported() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.txt",
        b"Boris Litvinov spoke. Frolov agreed.\n",
    );
    let b = write(
        dir.path(),
        "b.txt",
        b"Anna Litvinova replied. Orlov left. M. Kukhtin wrote.\n",
    );
    let c = write(
        dir.path(),
        "c.txt",
        b"Mikhail Kukhtin and Kukhtin Mikhail are one man.\n",
    );
    let output = tmkit().args(["check", &a, &b, &c]).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn text_output_lists_every_occurrence() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", b"Zelensky spoke.\nZelensky left.\n");
    let b = write(dir.path(), "b.txt", b"Then Zelenskyy replied.\n");
    let output = tmkit().args(["check", &a, &b]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains(&format!("{b}:1:6")), "{text}");
    assert!(text.contains(&format!("also {a}:2:1")), "{text}");
    assert!(text.contains("in 2 files"), "{text}");
}

#[test]
fn a_glossary_with_two_approved_spellings_for_one_entry_is_a_warning_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let glossary = write(
        dir.path(),
        "two.tbx",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="person-kukhtin">
      <descrip type="nameType">person</descrip>
      <langSec xml:lang="ru"><termSec><term>Михаил Кухтин</term></termSec></langSec>
      <langSec xml:lang="en">
        <termSec><term>Mikhail Kukhtin</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>Mykhailo Kukhtin</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="person-fine">
      <langSec xml:lang="en"><termSec><term>Boris Litvinov</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"#
        .as_bytes(),
    );
    let a = write(dir.path(), "a.txt", b"Mikhail Kukhtin spoke.\n");
    let b = write(dir.path(), "b.txt", b"Mykhailo Kukhtin left.\n");
    // Many files: the warning is printed (text) and listed (JSON).
    let output = tmkit()
        .args(["check", &a, &b, "-g", &glossary])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("person-kukhtin")
            && stderr.contains("two approved en spellings")
            && !stderr.contains("person-fine"),
        "{stderr}"
    );
    let (value, _) = json(tmkit().args(["check", &a, &b, "-g", &glossary]));
    let warnings = value["glossary_warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{value:#}");
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .contains("\"Mikhail Kukhtin\" and \"Mykhailo Kukhtin\"")
    );
    // One file too.
    let output = tmkit()
        .args(["check", &a, "-g", &glossary])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("person-kukhtin"));
}

#[test]
fn mixed_encodings_across_files_are_read_by_the_one_decoder() {
    let dir = tempfile::tempdir().unwrap();
    let utf8 = write(dir.path(), "a.txt", "Mikhail Kukhtin spoke.\n".as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Mikhail Kukhtin left.\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let utf16 = write(dir.path(), "b.txt", &utf16);
    let mut bom8 = vec![0xEF, 0xBB, 0xBF];
    bom8.extend("Mykhaylo Khuktin returned.\n".as_bytes());
    let bom8 = write(dir.path(), "c.txt", &bom8);
    // Latin-1 bytes (not UTF-8, no BOM): named with its line, the rest checked.
    let latin1 = write(dir.path(), "d.txt", b"Line one.\nJos\xe9 Kukhtin.\n");
    let (value, code) = json(tmkit().args(["check", &utf8, &utf16, &bom8, &latin1]));
    assert_eq!(code, 2);
    assert_eq!(value["summary"]["files"], 3);
    let errors = value["file_errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]["message"].as_str().unwrap().contains("d.txt:2"),
        "{errors:?}"
    );
    let cluster = &value["findings"][0];
    assert_eq!(cluster["spellings"][0]["text"], "Mikhail Kukhtin");
    assert_eq!(cluster["spellings"][0]["count"], 2);
    assert_eq!(
        cluster["spellings"][1]["occurrences"][0]["file"],
        bom8.as_str()
    );
    assert_eq!(cluster["spellings"][1]["occurrences"][0]["column"], 1);
}
