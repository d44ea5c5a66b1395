//! `tmkit translit` from the command line.

use predicates::prelude::*;

mod support;
use support::cli::tmkit;

#[test]
fn one_scheme_and_the_default() {
    tmkit()
        .args(["translit", "Михаил Кухтин", "--scheme", "bgn-pcgn"])
        .assert()
        .success()
        .stdout("Mikhail Kukhtin\n");
    // Several arguments are one text; Russian's default is the Wikipedia convention.
    tmkit()
        .args(["translit", "Владимир", "Зеленский"])
        .assert()
        .success()
        .stdout("Vladimir Zelensky\n");
    // Ukrainian is detected from і and gets KMU 2010.
    tmkit()
        .args(["translit", "Михайло Кухтін"])
        .assert()
        .success()
        .stdout("Mykhailo Kukhtin\n");
}

#[test]
fn language_selects_the_variant_of_a_scheme() {
    tmkit()
        .args([
            "translit",
            "--lang",
            "uk",
            "--scheme",
            "bgn-pcgn",
            "Михайло",
        ])
        .assert()
        .success()
        .stdout("Mykhaylo\n");
    tmkit()
        .args(["translit", "--lang", "xx", "Михайло"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("languages with schemes: ru"));
}

#[test]
fn all_groups_identical_outputs() {
    let out = tmkit()
        .args(["translit", "Михаил Кухтин", "--all"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("Mikhail Kukhtin "), "{out}");
    assert!(lines[0].contains("wikipedia, bgn-pcgn"), "{out}");
    assert!(out.contains("Mihail Kuhtin"), "{out}");
    assert!(out.contains("Michail Kuchtin"), "{out}");
    // Aligned: the scheme column starts at the same place on every line.
    let column = |line: &str| {
        let chars: Vec<char> = line.chars().collect();
        let gap = chars.windows(2).position(|w| w == [' ', ' '])?;
        chars[gap..].iter().position(|&c| c != ' ').map(|p| p + gap)
    };
    let first = column(lines[0]);
    assert!(lines.iter().all(|l| column(l) == first), "{out}");
}

#[test]
fn json_output_has_the_documented_fields() {
    let out = tmkit()
        .args(["translit", "Юлия", "--scheme", "icao", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["output"], "Iuliia");
    assert_eq!(json["scheme"], "icao");
    assert_eq!(json["language"], "ru");
    assert_eq!(json["language_source"], "default");
    assert_eq!(json["input"], "Юлия");

    let out = tmkit()
        .args(["translit", "Ђоковић", "--all", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["language"], "sr");
    assert_eq!(json["language_source"], "detected");
    assert_eq!(json["results"][0]["scheme"], "sr-latin");
    assert_eq!(json["results"][0]["output"], "Đoković");
    let groups = json["groups"].as_array().unwrap();
    assert!(
        groups
            .iter()
            .any(|g| g["output"] == "Djokovic" && g["schemes"][0] == "sr-ascii")
    );
}

#[test]
fn list_shows_schemes_and_defaults() {
    tmkit()
        .args(["translit", "--list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("uk-kmu-2010"))
        .stdout(predicate::str::contains("(default for ru)"))
        .stdout(predicate::str::contains("gost-7.79-b"));
    let out = tmkit()
        .args(["translit", "--list", "--lang", "be", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["be-national", "be-bgn-pcgn", "iso9"]);
    assert_eq!(json[0]["default_for"][0], "be");
    assert_eq!(json[0]["ascii"], false);
}

#[test]
fn unknown_scheme_lists_valid_ids() {
    tmkit()
        .args(["translit", "Михаил", "--scheme", "klingon"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown scheme `klingon`"))
        .stderr(predicate::str::contains("bgn-pcgn"))
        .stderr(predicate::str::contains("uk-kmu-2010"));
}

#[test]
fn text_from_files_and_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.txt");
    std::fs::write(&path, "\u{FEFF}Щука\nЁлка\n").unwrap();
    tmkit()
        .args(["translit", "--scheme", "bgn-pcgn", "--file"])
        .arg(&path)
        .assert()
        .success()
        .stdout("Shchuka\nYëlka\n");
    tmkit()
        .args(["translit", "-", "--scheme", "icao"])
        .write_stdin("Юрий\n")
        .assert()
        .success()
        .stdout("Iurii\n");
    tmkit()
        .args(["translit", "--file", "-"])
        .write_stdin("Ельцин")
        .assert()
        .success()
        .stdout("Yeltsin\n");

    let bad = dir.path().join("cp1251.txt");
    std::fs::write(&bad, [0xcc, 0xe8, 0xf5]).unwrap();
    tmkit()
        .args(["translit", "--file"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cp1251.txt:1:1: not valid UTF-8: byte(s) 0xCC at byte offset 0",
        ));
    tmkit()
        .args(["translit", "--file"])
        .arg(dir.path().join("missing.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.txt"));
}

#[test]
fn custom_scheme_files() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("mine.txt");
    std::fs::write(
        &good,
        "id = mine\nname = Mine\nlanguages = ru\n[letters]\nх h\n[rules]\nй j ^_\n",
    )
    .unwrap();
    // Letters the file lacks come from ISO 9.
    tmkit()
        .args(["translit", "Хрущёв Йод", "--scheme-file"])
        .arg(&good)
        .assert()
        .success()
        .stdout("Hruŝëv Jod\n");
    let bad = dir.path().join("bad.txt");
    std::fs::write(
        &bad,
        "id = bad\nname = Bad\nlanguages = ru\n[rules]\nй j ^\n",
    )
    .unwrap();
    tmkit()
        .args(["translit", "Йод", "--scheme-file"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.txt:5:"));
}
