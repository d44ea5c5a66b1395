//! `tmkit align`: outputs (text, JSON, TSV, TMX, memory), the TSV review
//! loop, batches, and bad input (exit 2, clear messages, no partial memory).

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn tmkit() -> Command {
    let mut cmd = Command::cargo_bin("tmkit").unwrap();
    cmd.arg("--color").arg("never");
    cmd
}

const RU: &str = "Михаил Кухтин прибыл в Донецк 3 марта 2019 года. \
По его словам, переговоры с Борисом Литвиновым продолжаются уже две недели. \
Обстрелы в районе аэропорта прекратились в понедельник утром. \
Жители города получили 1 500 тонн гуманитарной помощи. \
Следующая встреча запланирована на ноябрь. \
«Мы готовы к диалогу», — заявил Кухтин журналистам. \
Представитель ОБСЕ отказался от комментариев. \
Почему переговоры идут так медленно?\n";

const EN: &str = "Mikhail Kukhtin arrived in Donetsk on 3 March 2019. \
According to him, the talks with Boris Litvinov have been going on for two weeks. \
The shelling near the airport stopped on Monday morning. \
Residents of the city received 1,500 tonnes of humanitarian aid. \
The next meeting is planned for November. \
\"We are ready for dialogue,\" Kukhtin told reporters. \
An OSCE representative declined to comment. \
Why are the talks moving so slowly?\n";

const OTHER_EN: &str = "The weather in Lisbon was warm and sunny for most of the week. \
Tourists crowded the beaches along the coast. Restaurants reported record bookings. \
A local festival drew musicians from across Europe. Traffic on the bridge was heavy on Saturday. \
The museum extended its opening hours. Hotel prices rose sharply. Forecasters expect rain next week.\n";

fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn pair(dir: &Path) -> (PathBuf, PathBuf) {
    (
        write(dir, "report.ru.txt", RU.as_bytes()),
        write(dir, "report.en.txt", EN.as_bytes()),
    )
}

#[test]
fn json_output_has_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let (ru, en) = pair(dir.path());
    let out = tmkit()
        .args(["align", "--lang", "ru:en", "--format", "json"])
        .arg(&ru)
        .arg(&en)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    let beads = json["beads"].as_array().unwrap();
    assert_eq!(beads.len(), 8);
    assert_eq!(json.as_object().unwrap().len(), 1);
    let first = &beads[0];
    assert_eq!(first["source_index"], serde_json::json!([0]));
    assert_eq!(first["target_index"], serde_json::json!([0]));
    assert_eq!(first["shape"], "1-1");
    assert_eq!(
        first["target"],
        "Mikhail Kukhtin arrived in Donetsk on 3 March 2019."
    );
    let confidence = first["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&confidence));
}

#[test]
fn lines_mode_indices_are_line_numbers_and_text_shows_two_columns() {
    let dir = tempfile::tempdir().unwrap();
    let ru = write(
        dir.path(),
        "a.ru",
        "Первая строка о Донецке.\n\nВторая строка, 2019 год.\n".as_bytes(),
    );
    let en = write(
        dir.path(),
        "a.en",
        "The first line about Donetsk.\n\nThe second line, 2019.\n".as_bytes(),
    );
    let out = tmkit()
        .args(["align", "--lang", "ru:en", "--lines", "--format", "json"])
        .arg(&ru)
        .arg(&en)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["beads"][1]["source_index"], serde_json::json!([2]));
    tmkit()
        .args(["align", "--lang", "ru:en", "--lines"])
        .arg(&ru)
        .arg(&en)
        .assert()
        .success()
        .stdout(predicate::str::contains("│ The second line, 2019."));
}

#[test]
fn into_a_memory_with_props_and_unsure_pairs_marked() {
    let dir = tempfile::tempdir().unwrap();
    let (ru, en) = pair(dir.path());
    let memory = dir.path().join("news.tmdb");
    tmkit()
        .args(["align", "--lang", "ru:en", "--min-confidence", "0.99"])
        .arg(&ru)
        .arg(&en)
        .arg("--memory")
        .arg(&memory)
        .assert()
        .success()
        .stdout(predicate::str::contains("wrote 8 units"));
    let tmx = dir.path().join("out.tmx");
    tmkit()
        .args(["memory", "export"])
        .arg(&memory)
        .arg(&tmx)
        .assert()
        .success();
    let text = std::fs::read_to_string(&tmx).unwrap();
    assert_eq!(
        text.matches("<prop type=\"x-align-confidence\">").count(),
        8
    );
    assert!(text.contains("<prop type=\"x-document\">report.ru.txt</prop>"));
    // Every pair under 0.99 is marked for review; --skip-unsure leaves them out.
    let unsure = text.matches("needs-review").count();
    let skipped = dir.path().join("skipped.tmx");
    tmkit()
        .args([
            "align",
            "--lang",
            "ru:en",
            "--min-confidence",
            "0.99",
            "--skip-unsure",
            "-o",
        ])
        .arg(&skipped)
        .arg(&ru)
        .arg(&en)
        .assert()
        .success();
    let kept = std::fs::read_to_string(&skipped)
        .unwrap()
        .matches("<tu>")
        .count()
        + std::fs::read_to_string(&skipped)
            .unwrap()
            .matches("<tu ")
            .count();
    assert_eq!(kept, 8 - unsure);
}

#[test]
fn tsv_review_loop_imports_back_and_skips_empty_sides() {
    let dir = tempfile::tempdir().unwrap();
    let (ru, en) = pair(dir.path());
    let tsv = dir.path().join("aligned.tsv");
    tmkit()
        .args(["align", "--lang", "ru:en", "--format", "tsv", "-o"])
        .arg(&tsv)
        .arg(&ru)
        .arg(&en)
        .assert()
        .success();
    let mut text = std::fs::read_to_string(&tsv).unwrap();
    assert!(text.starts_with("ru\ten\tconfidence\n"), "{text}");
    // The reviewer cuts the English side of one row.
    text = text.replacen("\tThe next meeting is planned for November.\t", "\t\t", 1);
    std::fs::write(&tsv, text).unwrap();
    let memory = dir.path().join("m.tmdb");
    let out = tmkit()
        .args(["memory", "import", "--format", "json"])
        .arg(&memory)
        .arg(&tsv)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["memory_units"], 7);
    assert_eq!(json["files"][0]["report"]["skipped_empty"], 1);
}

/// `align --dir-pairs SRC TGT` (ru:en, JSON), which must exit with `code`
/// (1 when files are left unmatched) and align one document of 8 beads:
/// the unmatched.
fn align_one_pair_of(src: &Path, tgt: &Path, code: i32) -> Vec<Value> {
    let out = tmkit()
        .args([
            "align",
            "--lang",
            "ru:en",
            "--format",
            "json",
            "--dir-pairs",
        ])
        .arg(src)
        .arg(tgt)
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).unwrap();
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["beads"].as_array().unwrap().len(), 8);
    json["unmatched"].as_array().cloned().unwrap_or_default()
}

#[test]
fn batch_with_unmatched_names_lists_them_and_aligns_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("ru");
    let tgt = dir.path().join("en");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(&tgt).unwrap();
    write(&src, "report.ru.txt", RU.as_bytes());
    write(&tgt, "report.en.txt", EN.as_bytes());
    write(&src, "lonely.ru.txt", RU.as_bytes());
    write(&tgt, "orphan.en.txt", EN.as_bytes());
    let unmatched = align_one_pair_of(&src, &tgt, 1);
    assert_eq!(unmatched.len(), 2);
    assert!(unmatched[0].as_str().unwrap().contains("lonely.ru.txt"));
    assert!(unmatched[1].as_str().unwrap().contains("orphan.en.txt"));
}

#[test]
fn dir_pairs_of_one_folder_pair_its_files_by_language_tag() {
    // "a.ru.txt" beside "a.en.txt" in one folder given for both sides: each
    // file met itself before and all were listed as having no partner.
    let dir = tempfile::tempdir().unwrap();
    pair(dir.path());
    write(dir.path(), "notes.txt", b"No tag here.\n");
    let unmatched = align_one_pair_of(dir.path(), dir.path(), 1);
    assert_eq!(unmatched.len(), 1, "{unmatched:?}");
    assert!(
        unmatched[0]
            .as_str()
            .unwrap()
            .contains("notes.txt: no language tag")
    );
}

#[cfg(unix)]
#[test]
fn dir_pairs_open_files_whose_names_are_not_utf8() {
    // "r\xe9port" (Latin-1): the names were read lossily before, so the file
    // was then looked up under "r\u{FFFD}port" and could not be read.
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("ru");
    let tgt = dir.path().join("en");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(&tgt).unwrap();
    let name = |tag: &str| {
        let mut bytes = b"r\xe9port.".to_vec();
        bytes.extend_from_slice(tag.as_bytes());
        std::ffi::OsStr::from_bytes(&bytes).to_os_string()
    };
    std::fs::write(src.join(name("ru.txt")), RU).unwrap();
    std::fs::write(tgt.join(name("en.txt")), EN).unwrap();
    align_one_pair_of(&src, &tgt, 0);
}

#[test]
fn dir_pairs_with_the_languages_swapped_or_an_empty_folder_are_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("ru");
    let tgt = dir.path().join("en");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(&tgt).unwrap();
    write(&src, "report.ru.txt", RU.as_bytes());
    write(&tgt, "report.en.txt", EN.as_bytes());
    let memory = dir.path().join("m.tmdb");
    tmkit()
        .args(["align", "--lang", "en:ru", "--memory"])
        .arg(&memory)
        .arg("--dir-pairs")
        .arg(&src)
        .arg(&tgt)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is --lang ru:en meant?"));
    assert!(!memory.exists());
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    tmkit()
        .args(["align", "--lang", "ru:en", "--memory"])
        .arg(&memory)
        .arg("--dir-pairs")
        .arg(&src)
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "empty: the folder holds no file to align",
        ));
    assert!(!memory.exists());
}

#[test]
fn pairs_list_aligns_and_refuses_a_mismatched_pair() {
    let dir = tempfile::tempdir().unwrap();
    pair(dir.path());
    write(dir.path(), "other.en.txt", OTHER_EN.as_bytes());
    let list = write(
        dir.path(),
        "list.tsv",
        b"report.ru.txt\treport.en.txt\nreport.ru.txt\tother.en.txt\n",
    );
    tmkit()
        .args(["align", "--lang", "ru:en", "--pairs"])
        .arg(&list)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("do not look like translations"))
        .stderr(predicate::str::contains("aligned 1 of 2 documents"));
}

#[test]
fn empty_file_on_one_side_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let (ru, en) = pair(dir.path());
    let empty = write(dir.path(), "empty.txt", b"");
    tmkit()
        .args(["align", "--lang", "ru:en"])
        .arg(&ru)
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty.txt"))
        .stderr(predicate::str::contains("target text has no segments"));
    // Into a memory: none is created.
    let memory = dir.path().join("m.tmdb");
    tmkit()
        .args(["align", "--lang", "ru:en", "--memory"])
        .arg(&memory)
        .arg(&empty)
        .arg(&en)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("source text has no segments"));
    assert!(!memory.exists());
}

#[test]
fn same_file_or_same_text_on_both_sides_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let (ru, _) = pair(dir.path());
    tmkit()
        .args(["align", "--lang", "ru:ru"])
        .arg(&ru)
        .arg(&ru)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the same file is given as source and target",
        ));
    let copy = write(dir.path(), "copy.txt", RU.as_bytes());
    tmkit()
        .args(["align", "--lang", "ru:ru"])
        .arg(&ru)
        .arg(&copy)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a translation"));
}

#[test]
fn wrong_language_for_lang_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let (ru, en) = pair(dir.path());
    tmkit()
        .args(["align", "--lang", "en:ru"])
        .arg(&ru)
        .arg(&en)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("report.ru.txt"))
        .stderr(predicate::str::contains("does not look like en"))
        .stderr(predicate::str::contains("--lang"));
}

#[test]
fn binary_and_invalid_utf8_are_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let (ru, _) = pair(dir.path());
    let binary = write(dir.path(), "a.bin", b"\x7fELF\x02\x01\x01\x00\x00\x00");
    tmkit()
        .args(["align", "--lang", "ru:en"])
        .arg(&ru)
        .arg(&binary)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a.bin:1:8: a NUL byte"));
    let latin1 = write(dir.path(), "l1.txt", b"Caf\xe9 au lait.\nSecond line.\n");
    tmkit()
        .args(["align", "--lang", "ru:en"])
        .arg(&ru)
        .arg(&latin1)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("l1.txt:1:4: not valid UTF-8"));
}

#[test]
fn output_in_a_missing_folder_is_exit_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (ru, en) = pair(dir.path());
    let missing = dir.path().join("no/such/folder/out.tmx");
    tmkit()
        .args(["align", "--lang", "ru:en", "-o"])
        .arg(&missing)
        .arg(&ru)
        .arg(&en)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
    let memory = dir.path().join("nope/m.tmdb");
    tmkit()
        .args(["align", "--lang", "ru:en", "--memory"])
        .arg(&memory)
        .arg(&ru)
        .arg(&en)
        .assert()
        .code(2);
    assert!(!dir.path().join("nope").exists());
}

#[test]
fn nothing_aligned_leaves_no_memory_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (ru, _) = pair(dir.path());
    let other = write(dir.path(), "other.en.txt", OTHER_EN.as_bytes());
    let memory = dir.path().join("m.tmdb");
    tmkit()
        .args(["align", "--lang", "ru:en", "--memory"])
        .arg(&memory)
        .arg(&ru)
        .arg(&other)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("do not look like translations"));
    assert!(!memory.exists());
}

/// Units in a memory, counted from its TMX export.
fn units_in(memory: &Path, dir: &Path) -> usize {
    let tmx = dir.join("count.tmx");
    tmkit()
        .args(["memory", "export"])
        .arg(memory)
        .arg(&tmx)
        .assert()
        .success();
    let text = std::fs::read_to_string(&tmx).unwrap();
    text.matches("<tu>").count() + text.matches("<tu ").count()
}

#[test]
fn a_batch_into_a_memory_is_one_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let (ru, en) = pair(dir.path());
    let memory = dir.path().join("news.tmdb");
    tmkit()
        .args(["align", "--lang", "ru:en", "--memory"])
        .arg(&memory)
        .arg(&ru)
        .arg(&en)
        .assert()
        .success();
    assert_eq!(units_in(&memory, dir.path()), 8);
    let before = std::fs::read(&memory).unwrap();
    // Every pair of the batch fails: exit 2, each named, the memory untouched.
    write(dir.path(), "scan.en.txt", b"\x7fELF\x00\x01\x02");
    let list = write(
        dir.path(),
        "bad.tsv",
        b"report.ru.txt\tscan.en.txt\nreport.ru.txt\treport.ru.txt\n",
    );
    tmkit()
        .args(["align", "--lang", "ru:en", "--memory"])
        .arg(&memory)
        .arg("--pairs")
        .arg(&list)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing could be aligned"))
        .stderr(predicate::str::contains("scan.en.txt"))
        .stderr(predicate::str::contains("same file"));
    assert_eq!(std::fs::read(&memory).unwrap(), before);
    assert_eq!(units_in(&memory, dir.path()), 8);
    // One good pair beside a bad one: the good one is imported (two of its
    // pairs are new to the memory), the bad one named, exit 1.
    write(
        dir.path(),
        "later.ru.txt",
        RU.replace("2019", "2020")
            .replace("1 500", "2 500")
            .as_bytes(),
    );
    write(
        dir.path(),
        "later.en.txt",
        EN.replace("2019", "2020")
            .replace("1,500", "2,500")
            .as_bytes(),
    );
    let list = write(
        dir.path(),
        "mixed.tsv",
        b"later.ru.txt\tlater.en.txt\nreport.ru.txt\tscan.en.txt\n",
    );
    tmkit()
        .args(["align", "--lang", "ru:en", "--memory"])
        .arg(&memory)
        .arg("--pairs")
        .arg(&list)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("scan.en.txt:1:5: a NUL byte"));
    assert_eq!(units_in(&memory, dir.path()), 10);
}

#[test]
fn a_batch_gives_the_same_output_in_input_order_on_every_run() {
    // Two passes over the batch (the second with the lexicon learned from
    // the first) run on all cores; the output must not depend on which
    // thread finished first.
    let dir = tempfile::tempdir().unwrap();
    let mut list = String::new();
    let sentences_ru: Vec<&str> = RU.trim().split_inclusive(['.', '?']).collect();
    let sentences_en: Vec<&str> = EN.trim().split_inclusive(['.', '?']).collect();
    for k in 0..12 {
        // Each document drops a different sentence on the English side.
        let drop = k % sentences_en.len();
        let en: String = sentences_en
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != drop)
            .map(|(_, s)| *s)
            .collect();
        write(
            dir.path(),
            &format!("d{k}.ru.txt"),
            sentences_ru.concat().as_bytes(),
        );
        write(dir.path(), &format!("d{k}.en.txt"), en.as_bytes());
        list.push_str(&format!("d{k}.ru.txt\td{k}.en.txt\n"));
    }
    let list = write(dir.path(), "list.tsv", list.as_bytes());
    let run = || {
        let out = tmkit()
            .args(["align", "--lang", "ru:en", "--format", "json", "--pairs"])
            .arg(&list)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice::<Value>(&out).unwrap()
    };
    let first = run();
    let documents = first["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 12);
    for (k, doc) in documents.iter().enumerate() {
        assert!(
            doc["source_file"]
                .as_str()
                .unwrap()
                .ends_with(&format!("d{k}.ru.txt"))
        );
    }
    for _ in 0..3 {
        assert_eq!(run(), first);
    }
}
