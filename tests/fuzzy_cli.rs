//! `tmkit match`, `tmkit concordance`, `tmkit analyze` on the bundled sample memory.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

mod support;
use support::cli::tmkit;

fn sample_memory(dir: &Path) -> PathBuf {
    let memory = dir.join("news.tmdb");
    let tmx = Path::new(env!("CARGO_MANIFEST_DIR")).join("memories/news-en-ru-uk.tmx");
    Command::cargo_bin("tmkit")
        .unwrap()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(&tmx)
        .assert()
        .success();
    memory
}

fn json(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("JSON output")
}

#[test]
fn match_adapts_numbers_and_reports_json_fields() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let out = tmkit()
        .args([
            "match",
            "The ceasefire has held for 15 days.",
            "--lang",
            "en:ru",
            "--format",
            "json",
            "-m",
        ])
        .arg(&memory)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json(&out.stdout);
    let first = &v["queries"][0]["suggestions"][0];
    assert_eq!(first["score"], 99);
    assert_eq!(first["kind"], "adapted");
    assert!(
        first["adapted_target"]
            .as_str()
            .unwrap()
            .contains("15 дней")
    );
    assert_eq!(first["substitutions"][0]["to"], "15");
    assert_eq!(first["diff"][0]["op"], "replace");
    assert!(first["word_score"].as_u64().unwrap() < 99);
    assert!(first["char_score"].as_u64().unwrap() > 90);
    // Text output shows the adapted target and the penalty.
    tmkit()
        .args([
            "match",
            "The ceasefire has held for 15 days.",
            "--lang",
            "en:ru",
            "-m",
        ])
        .arg(&memory)
        .assert()
        .success()
        .stdout(predicate::str::contains("99%  adapted"))
        .stdout(predicate::str::contains("placeables −1"));
}

#[test]
fn bad_queries_and_pairs_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    tmkit()
        .args(["match", "  ", "--lang", "en:ru", "-m"])
        .arg(&memory)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no words to match"));
    tmkit()
        .args(["match", "Hello", "--lang", "en:de", "-m"])
        .arg(&memory)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no en:de units"))
        .stderr(predicate::str::contains("en:ru (32 units)"));
    let long = vec!["word"; 10_000].join(" ");
    tmkit()
        .args(["match", &long, "--lang", "en:ru", "-m"])
        .arg(&memory)
        .assert()
        .success()
        .stdout(predicate::str::contains("no match ≥ 70%"));
    tmkit()
        .args(["match", "x", "--lang", "en:ru", "-m"])
        .arg(dir.path().join("missing.tmdb"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no memory there"));
}

#[test]
fn file_lines_get_context_matches_and_several_memories_rank_by_penalty() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let copy = dir.path().join("copy.tmdb");
    std::fs::copy(&memory, &copy).unwrap();
    let doc = dir.path().join("doc.txt");
    std::fs::write(
        &doc,
        "On 4 September a video conference took place between the two parties.\n\
         Mikhail Kukhtin, head of the international department, also took part in the discussion.\n",
    )
    .unwrap();
    let out = tmkit()
        .args([
            "match", "--lang", "en:ru", "--format", "json", "--max", "3", "--file",
        ])
        .arg(&doc)
        .arg("-m")
        .arg(&copy)
        .arg("-m")
        .arg(&memory)
        .args(["--penalty", "10"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out.stdout);
    let first = &v["queries"][0]["suggestions"];
    // The first --penalty belongs to the first memory (copy.tmdb).
    assert_eq!(first[0]["score"], 101);
    assert_eq!(first[0]["kind"], "context");
    assert!(first[0]["memory"].as_str().unwrap().ends_with("news.tmdb"));
    assert_eq!(first[1]["score"], 91);
    assert!(first[1]["memory"].as_str().unwrap().ends_with("copy.tmdb"));
}

#[test]
fn concordance_highlights_phrases_on_either_side() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let out = tmkit()
        .args([
            "concordance",
            "line of contact",
            "--lang",
            "en:ru",
            "--format",
            "json",
            "-m",
        ])
        .arg(&memory)
        .output()
        .unwrap();
    let v = json(&out.stdout);
    let hit = &v["hits"][0];
    let text = hit["text"].as_str().unwrap();
    let (s, e) = (
        hit["highlights"][0][0].as_u64().unwrap() as usize,
        hit["highlights"][0][1].as_u64().unwrap() as usize,
    );
    let marked: String = text.chars().skip(s).take(e - s).collect();
    assert_eq!(marked, "line of contact");
    assert_eq!(hit["other_lang"], "ru");
    tmkit()
        .args([
            "concordance",
            "соприкоснов*",
            "--lang",
            "en:ru",
            "--side",
            "target",
            "-m",
        ])
        .arg(&memory)
        .assert()
        .success()
        .stdout(predicate::str::contains("соприкосновения"))
        .stdout(predicate::str::contains("line of contact"));
}

#[test]
fn analyze_reports_bands_as_table_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let doc = dir.path().join("report.txt");
    std::fs::write(
        &doc,
        "The ceasefire has held for 12 days. The ceasefire has held for 14 days. \
         A completely new sentence about something else entirely. \
         A completely new sentence about something else entirely.",
    )
    .unwrap();
    let out = tmkit()
        .args(["analyze", "--lang", "en:ru", "--format", "json", "-m"])
        .arg(&memory)
        .arg(&doc)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out.stdout);
    let report = &v["report"];
    assert_eq!(report["segments"], 4);
    let bands: Vec<&str> = report["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["band"].as_str().unwrap())
        .collect();
    assert_eq!(bands, ["exact", "fuzzy95", "no-match", "repetition"]);
    tmkit()
        .args(["analyze", "--lang", "en:ru", "-m"])
        .arg(&memory)
        .arg(&doc)
        .assert()
        .success()
        .stdout(predicate::str::contains("repetitions"))
        .stdout(predicate::str::contains("internal 85-94%"))
        .stdout(predicate::str::contains("total"));
}

/// A memory whose targets write numbers the local way: decimal comma, digits
/// grouped with a space, no-break space, narrow no-break space or point.
fn locale_memory(dir: &Path) -> PathBuf {
    let tmx = dir.join("numbers.tmx");
    std::fs::write(
        &tmx,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" \
         creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" \
         datatype=\"plaintext\"/><body>\n\
         <tu><tuv xml:lang=\"en\"><seg>Inflation slowed to 4.5% in May.</seg></tuv>\
         <tuv xml:lang=\"ru\"><seg>Инфляция замедлилась до 4,5% в мае.</seg></tuv>\
         <tuv xml:lang=\"uk\"><seg>Інфляція сповільнилася до 4,5% у травні.</seg></tuv>\
         <tuv xml:lang=\"de\"><seg>Die Inflation sank im Mai auf 4,5 %.</seg></tuv>\
         <tuv xml:lang=\"fr\"><seg>L'inflation est tombée à 4,5 % en mai.</seg></tuv></tu>\n\
         <tu><tuv xml:lang=\"en\"><seg>The city spent 1,000,000 dollars on roads.</seg></tuv>\
         <tuv xml:lang=\"ru\"><seg>Город потратил на дороги 1\u{A0}000\u{A0}000 долларов.</seg></tuv>\
         <tuv xml:lang=\"uk\"><seg>Місто витратило на дороги 1 000 000 доларів.</seg></tuv>\
         <tuv xml:lang=\"de\"><seg>Die Stadt gab 1.000.000 Dollar für Straßen aus.</seg></tuv>\
         <tuv xml:lang=\"fr\"><seg>La ville a dépensé 1\u{202F}000\u{202F}000 dollars pour les routes.</seg></tuv></tu>\n\
         </body></tmx>\n",
    )
    .unwrap();
    let memory = dir.join("numbers.tmdb");
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(&tmx)
        .assert()
        .success();
    memory
}

#[test]
fn match_adapts_numbers_written_in_the_targets_notation() {
    let dir = tempfile::tempdir().unwrap();
    let memory = locale_memory(dir.path());
    let cases = [
        (
            "Inflation slowed to 3.25% in May.",
            "ru",
            "Инфляция замедлилась до 3,25% в мае.",
            "3,25",
        ),
        (
            "Inflation slowed to 3.25% in May.",
            "uk",
            "Інфляція сповільнилася до 3,25% у травні.",
            "3,25",
        ),
        (
            "Inflation slowed to 3.25% in May.",
            "de",
            "Die Inflation sank im Mai auf 3,25 %.",
            "3,25",
        ),
        (
            "Inflation slowed to 3.25% in May.",
            "fr",
            "L'inflation est tombée à 3,25 % en mai.",
            "3,25",
        ),
        (
            "The city spent 2,400,000 dollars on roads.",
            "ru",
            "Город потратил на дороги 2\u{A0}400\u{A0}000 долларов.",
            "2\u{A0}400\u{A0}000",
        ),
        (
            "The city spent 2,400,000 dollars on roads.",
            "uk",
            "Місто витратило на дороги 2 400 000 доларів.",
            "2 400 000",
        ),
        (
            "The city spent 2,400,000 dollars on roads.",
            "de",
            "Die Stadt gab 2.400.000 Dollar für Straßen aus.",
            "2.400.000",
        ),
        (
            "The city spent 2,400,000 dollars on roads.",
            "fr",
            "La ville a dépensé 2\u{202F}400\u{202F}000 dollars pour les routes.",
            "2\u{202F}400\u{202F}000",
        ),
    ];
    for (query, lang, expected, written) in cases {
        let out = tmkit()
            .args([
                "match",
                query,
                "--lang",
                &format!("en:{lang}"),
                "--format",
                "json",
                "-m",
            ])
            .arg(&memory)
            .output()
            .unwrap();
        assert!(out.status.success(), "{query} en:{lang}");
        let v = json(&out.stdout);
        let first = &v["queries"][0]["suggestions"][0];
        assert_eq!(first["kind"], "adapted", "{query} en:{lang}");
        assert_eq!(first["score"], 99, "{query} en:{lang}");
        assert_eq!(first["adapted_target"], expected, "{query} en:{lang}");
        assert_eq!(
            first["substitutions"][0]["to"], written,
            "{query} en:{lang}"
        );
    }
}

/// The English segments of the sample memory, each as it is and changed in
/// three ways, and a repeat of the first ten: a document whose
/// lookups give fuzzy, exact, context and repeated matches.
fn sample_document(dir: &Path) -> PathBuf {
    let tmx = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("memories/news-en-ru-uk.tmx"),
    )
    .unwrap();
    let english: Vec<&str> = tmx
        .split("<tuv xml:lang=\"en\"><seg>")
        .skip(1)
        .filter_map(|rest| rest.split("</seg>").next())
        .filter(|seg| !seg.contains('<') && !seg.contains('&'))
        .collect();
    assert!(english.len() >= 25, "{} segments", english.len());
    let mut lines = Vec::new();
    for seg in &english {
        lines.push(seg.to_string());
        lines.push(seg.replacen("the", "a", 1));
        lines.push(format!("{seg} Officials said so."));
        lines.push(seg.replacen(' ', " new ", 1));
    }
    let repeated: Vec<String> = lines[..10].to_vec();
    lines.extend(repeated);
    let doc = dir.join("document.txt");
    std::fs::write(&doc, lines.join("\n") + "\n").unwrap();
    doc
}

/// `match --file`, `analyze` and `pretranslate` look segments up on all
/// cores (each thread its own connection, one shared index); their output
/// is the same bytes as on one thread.
#[test]
fn lookups_on_several_threads_give_the_output_of_one() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let doc = sample_document(dir.path());
    let run_with = |threads: &str, plan: &str, args: &[&str]| {
        let out = tmkit()
            .env("RAYON_NUM_THREADS", threads)
            .env("TMKIT_INDEX", plan)
            .args(args)
            .arg("-m")
            .arg(&memory)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let run = |threads: &str, args: &[&str]| run_with(threads, "auto", args);
    let doc = doc.to_str().unwrap();
    let match_args = [
        "match", "--file", doc, "--lang", "en:ru", "--format", "json", "--max", "3",
    ];
    let analyze_args = ["analyze", doc, "--lang", "en:ru", "--format", "json"];
    for args in [&match_args[..], &analyze_args[..]] {
        let one = run("1", args);
        assert!(one.len() > 1000, "{args:?}: {} bytes", one.len());
        for threads in ["2", "4"] {
            assert!(
                one == run(threads, args),
                "{args:?}: {threads} threads differ from one"
            );
        }
        // The index read from the file or loaded: the same bytes.
        for (threads, plan) in [("1", "file"), ("2", "file"), ("1", "load"), ("3", "load")] {
            assert!(
                one == run_with(threads, plan, args),
                "{args:?}: TMKIT_INDEX={plan} on {threads} threads differs"
            );
        }
    }
    // The document gives exact, fuzzy and repeated segments.
    let analysis = json(&run("4", &analyze_args));
    let segments_in = |prefix: &str| {
        analysis["report"]["bands"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["band"].as_str().unwrap().starts_with(prefix))
            .map(|b| b["segments"].as_u64().unwrap())
            .sum::<u64>()
    };
    for band in ["exact", "fuzzy", "repetition"] {
        assert!(segments_in(band) > 0, "no {band} match: {analysis}");
    }
    for threads in ["1", "3"] {
        let out = dir.path().join(format!("document-{threads}.xlf"));
        run(
            threads,
            &[
                "pretranslate",
                doc,
                "--lang",
                "en:ru",
                "-o",
                out.to_str().unwrap(),
            ],
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("document-1.xlf")).unwrap(),
        std::fs::read(dir.path().join("document-3.xlf")).unwrap()
    );
}

#[test]
fn an_unknown_index_plan_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let out = tmkit()
        .env("TMKIT_INDEX", "mmap")
        .args(["match", "The talks resumed.", "--lang", "en:ru", "-m"])
        .arg(&memory)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("TMKIT_INDEX=mmap: expected auto, load or file"),
        "{stderr}"
    );
}
