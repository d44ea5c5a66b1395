//! `tmkit pretranslate` and `tmkit merge` end to end: round trips of text,
//! Markdown and HTML, targets equal to what `tmkit match` suggests, XLIFF
//! input from another tool, and bad input (exit 2, no output).

use std::path::{Path, PathBuf};
use tmkit::unit::plain_text;

mod support;
use support::cli::tmkit;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A memory with the repository's en–ru–uk news sample.
fn news_memory(dir: &Path) -> PathBuf {
    let memory = dir.join("news.tmdb");
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(repo().join("memories/news-en-ru-uk.tmx"))
        .assert()
        .success();
    memory
}

fn empty_memory(dir: &Path) -> PathBuf {
    let memory = dir.join("empty.tmdb");
    tmkit()
        .args(["memory", "create"])
        .arg(&memory)
        .assert()
        .success();
    memory
}

const TEXT: &str = "Talks in Kyiv\n\nOn 4 September a video conference took place between the two parties.\nA second line of the same paragraph. And a third sentence!\n\n\n   Indented last paragraph.  \n";

const MARKDOWN: &str = "# Talks in *Kyiv*\n\nOn 4 September a **video conference** took place. See [the report](https://example.org/r?a=1&b=2) and `code`.\n\n- Mikhail Kukhtin &amp; Boris Litvinov\n- A \\* star\n\n> Quoted text\n> on two lines.\n\n```\nnot translated\n```\n\n| Name | Role |\n|------|------|\n| Boris | First <b>secretary</b> |\n";

const HTML: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Talks &amp; news</title>\n<style>p { color: red }</style></head>\n<body>\n<h1 class=\"t\">Talks in Kyiv</h1>\n<p>On 4 September a <b>video conference</b> took place.<br>Mikhail Kukhtin &mdash; head of the department &mdash; spoke. <a href=\"/r?a=1&amp;b=2\" title=\"Report\">Read more</a></p>\n<script>if (a < b) { document.write('<p>x</p>') }</script>\n<ul><li>One &lt; two</li><li><img src=\"x.png\" alt=\"pic\"> Two</li></ul>\n<!-- comment --></body></html>\n";

#[test]
fn untranslated_documents_merge_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let memory = empty_memory(dir.path());
    for (name, text) in [("doc.txt", TEXT), ("doc.md", MARKDOWN), ("doc.html", HTML)] {
        for version in ["1.2", "2.0", "2.1", "2.2"] {
            let doc = dir.path().join(name);
            std::fs::write(&doc, text).unwrap();
            let xlf = dir.path().join(format!("{name}-{version}.xlf"));
            tmkit()
                .arg("pretranslate")
                .arg(&doc)
                .arg("--memory")
                .arg(&memory)
                .args(["--lang", "en:ru", "--xliff", version, "-o"])
                .arg(&xlf)
                .assert()
                .success()
                .stderr(predicates::str::contains("nothing to offer"));
            let back = dir.path().join(format!("back-{version}-{name}"));
            let out = tmkit()
                .arg("merge")
                .arg(&xlf)
                .arg("-o")
                .arg(&back)
                .output()
                .unwrap();
            // Every segment is untranslated: findings, exit 1, output written.
            assert_eq!(out.status.code(), Some(1), "{name} {version}: {out:?}");
            assert_eq!(
                std::fs::read_to_string(&back).unwrap(),
                text,
                "{name} via XLIFF {version}"
            );
        }
    }
}

#[test]
fn translated_targets_merge_into_the_original_format() {
    let dir = tempfile::tempdir().unwrap();
    let memory = empty_memory(dir.path());
    let doc = dir.path().join("doc.html");
    std::fs::write(&doc, HTML).unwrap();
    let xlf = dir.path().join("doc.xlf");
    tmkit()
        .arg("pretranslate")
        .arg(&doc)
        .arg("-m")
        .arg(&memory)
        .args(["--lang", "en:ru", "-o"])
        .arg(&xlf)
        .assert()
        .success();
    // A translator fills every target: the source upper-cased, codes kept.
    let (mut x, _) = tmkit::xliff::read_file(&xlf).unwrap();
    for unit in x.units_mut() {
        let segments = unit.segments().to_vec();
        for (i, s) in segments.iter().enumerate().filter(|(_, s)| !s.ignorable) {
            let target = s
                .source
                .iter()
                .map(|p| match p {
                    tmkit::unit::Inline::Text { text } => {
                        tmkit::unit::Inline::text(text.to_uppercase())
                    }
                    tag => tag.clone(),
                })
                .collect();
            unit.set_target(i, target, tmkit::xliff::State::Translated)
                .unwrap();
        }
    }
    tmkit::xliff::write_file(&x, &xlf).unwrap();
    let back = dir.path().join("ru.html");
    tmkit()
        .arg("merge")
        .arg(&xlf)
        .arg("-o")
        .arg(&back)
        .assert()
        .success();
    let merged = std::fs::read_to_string(&back).unwrap();
    assert!(
        merged.contains("<p>ON 4 SEPTEMBER A <b>VIDEO CONFERENCE</b> TOOK PLACE.<br>MIKHAIL KUKHTIN &mdash; HEAD"),
        "{merged}"
    );
    assert!(merged.contains("<a href=\"/r?a=1&amp;b=2\" title=\"Report\">READ MORE</a>"));
    assert!(merged.contains("<title>TALKS &amp; NEWS</title>"));
    assert!(merged.contains("<script>if (a < b) { document.write('<p>x</p>') }</script>"));
    assert!(merged.contains("<li>ONE &lt; TWO</li>"));
}

#[test]
fn pretranslated_targets_equal_tmkit_match_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let memory = news_memory(dir.path());
    // Memory sentences, an adapted number, a fuzzy one and a new one.
    let doc = dir.path().join("news.txt");
    std::fs::write(
        &doc,
        "On 4 September a video conference took place between the two parties.\n\n\
         Mikhail Kukhtin, head of the international department, also took part in the discussion. \
         The ceasefire has held for 14 days.\n\n\
         Boris Litvinov informed the visitors about the situation on the line of contact.\n\n\
         Nothing like this sentence is in the memory at all.\n",
    )
    .unwrap();
    let xlf = dir.path().join("news.xlf");
    let out = tmkit()
        .arg("pretranslate")
        .arg(&doc)
        .arg("-m")
        .arg(&memory)
        .args([
            "--lang", "en:ru", "--min", "75", "--max", "3", "--format", "json", "-o",
        ])
        .arg(&xlf)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (x, _) = tmkit::xliff::read_file(&xlf).unwrap();
    let segments: Vec<tmkit::xliff::Segment> = x
        .units()
        .flat_map(|u| u.segments().to_vec())
        .filter(|s| !s.ignorable)
        .collect();
    let texts: Vec<String> = segments.iter().map(|s| plain_text(&s.source)).collect();
    assert_eq!(texts.len(), 5, "{texts:?}");
    let lines = dir.path().join("segments.txt");
    std::fs::write(&lines, texts.join("\n")).unwrap();
    let matched = tmkit()
        .args(["match", "--file"])
        .arg(&lines)
        .arg("-m")
        .arg(&memory)
        .args([
            "--lang", "en:ru", "--min", "75", "--max", "3", "--format", "json",
        ])
        .output()
        .unwrap();
    let matched: serde_json::Value = serde_json::from_slice(&matched.stdout).unwrap();
    let mut filled = 0;
    for (segment, m) in segments.iter().zip(matched["queries"].as_array().unwrap()) {
        let best = &m["suggestions"][0];
        let expected = if best.is_null() {
            None
        } else if best["score"].as_u64().unwrap() >= 100 || best["kind"] == "adapted" {
            Some(
                best["adapted_target"]
                    .as_str()
                    .unwrap_or_else(|| best["target"].as_str().unwrap())
                    .to_string(),
            )
        } else {
            None
        };
        let got = segment.target.as_ref().map(|t| plain_text(t));
        assert_eq!(got, expected, "segment {:?}", plain_text(&segment.source));
        filled += usize::from(got.is_some());
    }
    assert_eq!(filled, 3);
    assert_eq!(summary["summary"]["filled"], 3);
    // The fuzzy one is a candidate, with its origin.
    let text = std::fs::read_to_string(&xlf).unwrap();
    assert!(text.contains("alt-trans"), "{text}");
    assert!(text.contains("news.tmdb#"), "{text}");
}

#[test]
fn glossary_names_and_fill_fuzzy() {
    let dir = tempfile::tempdir().unwrap();
    let memory = news_memory(dir.path());
    let doc = dir.path().join("news.txt");
    std::fs::write(
        &doc,
        "Boris Litvinov informed the visitors about the situation on the line of contact.\n",
    )
    .unwrap();
    let xlf = dir.path().join("news.xlf");
    tmkit()
        .arg("pretranslate")
        .arg(&doc)
        .arg("-m")
        .arg(&memory)
        .arg("-g")
        .arg(repo().join("glossaries/donbas-names.tsv"))
        .args([
            "--lang",
            "en:ru",
            "--fill-fuzzy",
            "70",
            "--xliff",
            "2.0",
            "-o",
        ])
        .arg(&xlf)
        .assert()
        .success();
    let (x, _) = tmkit::xliff::read_file(&xlf).unwrap();
    let unit = x.units().next().unwrap();
    let segment = unit.segments().iter().find(|s| !s.ignorable).unwrap();
    assert_eq!(segment.state, Some(tmkit::xliff::State::Initial));
    assert!(segment.target.is_some());
    assert!(unit.notes().iter().any(|n| n.text.contains("review")));
    assert!(
        segment
            .state_detail
            .as_deref()
            .is_some_and(|d| d.contains("fuzzy-match")),
        "{:?}",
        segment.state_detail
    );
    let gloss = unit.glossary();
    assert_eq!(gloss.len(), 1, "{gloss:?}");
    assert_eq!(gloss[0].term, "Boris Litvinov");
    assert_eq!(gloss[0].translations, ["Борис Литвинов"]);
    assert!(!unit.matches().is_empty());
}

#[test]
fn repetitions_are_marked() {
    let dir = tempfile::tempdir().unwrap();
    let memory = empty_memory(dir.path());
    let doc = dir.path().join("r.txt");
    std::fs::write(
        &doc,
        "The talks resumed today.\n\nThe talks resumed today.\n",
    )
    .unwrap();
    let xlf = dir.path().join("r.xlf");
    tmkit()
        .arg("pretranslate")
        .arg(&doc)
        .arg("-m")
        .arg(&memory)
        .args(["--lang", "en:ru", "-o"])
        .arg(&xlf)
        .assert()
        .success();
    let (x, _) = tmkit::xliff::read_file(&xlf).unwrap();
    let notes: Vec<String> = x
        .units()
        .flat_map(|u| u.notes().to_vec())
        .map(|n| n.text)
        .collect();
    assert_eq!(notes, ["repetition of segment s1 of unit p1 (tmkit)"]);
}

#[test]
fn bad_input_is_exit_2_without_output() {
    let dir = tempfile::tempdir().unwrap();
    let memory = empty_memory(dir.path());
    let doc = dir.path().join("doc.md");
    std::fs::write(&doc, MARKDOWN).unwrap();
    // Output in a missing folder.
    let missing = dir.path().join("no/such/folder/out.xlf");
    tmkit()
        .arg("pretranslate")
        .arg(&doc)
        .arg("-m")
        .arg(&memory)
        .args(["--lang", "en:ru", "-o"])
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("does not exist"));
    assert!(!missing.exists());
    // Malformed XLIFF input.
    let bad = dir.path().join("bad.xlf");
    std::fs::write(
        &bad,
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"a\" source-language=\"en\" datatype=\"plaintext\"><body><trans-unit id=\"1\"><source>Hi</trans-unit>",
    )
    .unwrap();
    let out = dir.path().join("out.xlf");
    tmkit()
        .arg("pretranslate")
        .arg(&bad)
        .arg("-m")
        .arg(&memory)
        .args(["--lang", "en:ru", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.xlf"));
    assert!(!out.exists());
    // A merge whose original is gone; --original points elsewhere.
    let xlf = dir.path().join("doc.xlf");
    tmkit()
        .arg("pretranslate")
        .arg(&doc)
        .arg("-m")
        .arg(&memory)
        .args(["--lang", "en:ru", "-o"])
        .arg(&xlf)
        .assert()
        .success();
    let moved = dir.path().join("moved.md");
    std::fs::rename(&doc, &moved).unwrap();
    let back = dir.path().join("back.md");
    tmkit()
        .arg("merge")
        .arg(&xlf)
        .arg("-o")
        .arg(&back)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "is not there; give its path with --original",
        ));
    assert!(!back.exists());
    tmkit()
        .arg("merge")
        .arg(&xlf)
        .arg("-o")
        .arg(&back)
        .arg("--original")
        .arg(&moved)
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&back).unwrap(), MARKDOWN);
    // Unpaired codes: a target without the closing `**`.
    let (mut x, _) = tmkit::xliff::read_file(&xlf).unwrap();
    let unit = x.units_mut().nth(1).unwrap();
    let source = unit.segments()[0].source.clone();
    let without_ept: Vec<_> = source
        .into_iter()
        .filter(|p| {
            !matches!(
                p,
                tmkit::unit::Inline::Tag {
                    kind: tmkit::unit::TagKind::Ept,
                    ..
                }
            )
        })
        .collect();
    unit.set_target(0, without_ept, tmkit::xliff::State::Translated)
        .unwrap();
    tmkit::xliff::write_file(&x, &xlf).unwrap();
    let back2 = dir.path().join("back2.md");
    tmkit()
        .arg("merge")
        .arg(&xlf)
        .arg("-o")
        .arg(&back2)
        .arg("--original")
        .arg(&moved)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "unit p2 segment s1: missing code ept:",
        ));
    assert!(!back2.exists());
}

#[test]
fn another_tools_xliff_keeps_everything_and_merge_says_whose_job_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let memory = news_memory(dir.path());
    let input = dir.path().join("other.xlf");
    std::fs::write(
        &input,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" xmlns:okp=\"okapi-framework:xliff-extensions\">\n<file original=\"news.docx\" source-language=\"en\" target-language=\"ru\" datatype=\"x-undefined\" okp:inputEncoding=\"UTF-8\">\n<body>\n<trans-unit id=\"1\"><source>The ceasefire has held for 14 days.</source></trans-unit>\n<trans-unit id=\"2\"><source>Nobody was hurt.</source><target state=\"translated\">Никто не пострадал (мой перевод).</target></trans-unit>\n<trans-unit id=\"3\" translate=\"no\"><source>On 4 September a video conference took place between the two parties.</source></trans-unit>\n</body>\n</file>\n</xliff>\n",
    )
    .unwrap();
    let out = dir.path().join("out.xlf");
    // Languages come from the file.
    tmkit()
        .arg("pretranslate")
        .arg(&input)
        .arg("-m")
        .arg(&memory)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let (x, _) = tmkit::xliff::read_file(&out).unwrap();
    let units: Vec<_> = x.units().collect();
    assert_eq!(
        units[0].segments()[0]
            .target
            .as_ref()
            .map(|t| plain_text(t)),
        Some("Режим прекращения огня соблюдается уже 14 дней.".into())
    );
    assert_eq!(
        units[1].segments()[0]
            .target
            .as_ref()
            .map(|t| plain_text(t)),
        Some("Никто не пострадал (мой перевод).".into())
    );
    assert!(units[2].segments()[0].target.is_none());
    assert!(units[2].matches().is_empty());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("okp:inputEncoding=\"UTF-8\""));
    tmkit()
        .arg("merge")
        .arg(&out)
        .arg("-o")
        .arg(dir.path().join("x.docx"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("job of the tool that created it"));
}

#[test]
fn xliff_input_against_an_empty_memory_is_unchanged_as_data() {
    let shared = repo().join("../shared/data/xliff");
    if !shared.is_dir() {
        eprintln!("skipping: {} is absent", shared.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let memory = empty_memory(dir.path());
    let index = std::fs::read_to_string(shared.join("INDEX.tsv")).unwrap();
    let mut checked = 0;
    for line in index.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 7 || fields[0].starts_with("invalid/") || fields[6] != "yes" {
            continue;
        }
        let path = shared.join(fields[0]);
        let Ok((before, _)) = tmkit::xliff::read_file(&path) else {
            continue;
        };
        if before.source_lang().is_none() || before.target_lang().is_none() {
            continue;
        }
        let out = dir.path().join(format!("out{checked}.xlf"));
        tmkit()
            .arg("pretranslate")
            .arg(&path)
            .arg("-m")
            .arg(&memory)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        let (after, _) = tmkit::xliff::read_file(&out).unwrap();
        let write = |d: &tmkit::xliff::Document| {
            String::from_utf8(tmkit::xliff::write(d, Vec::new()).unwrap()).unwrap()
        };
        assert_eq!(write(&before), write(&after), "{}", fields[0]);
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} files checked");
}

/// Every XLIFF pretranslate writes for a document validates against the OASIS
/// schemas (1.2 transitional; 2.0 core, whose lax slots admit the modules).
#[test]
fn written_xliff_validates_with_xmllint() {
    let schemas = repo().join("../shared/data/xliff/schemas");
    let xmllint = std::process::Command::new("xmllint")
        .arg("--version")
        .output();
    if !schemas.is_dir() || xmllint.is_err() {
        assert!(
            std::env::var("CI").ok().as_deref() != Some("true"),
            "CI needs xmllint and ../shared/data/xliff/schemas"
        );
        eprintln!("skipping: xmllint or the shared schemas are absent");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let memory = news_memory(dir.path());
    // The 1.2 schema imports xml.xsd from the web; point it at the local copy.
    let xml_xsd = schemas.join("xliff2.0/informativeCopiesOf3rdPartySchemas/w3c/xml.xsd");
    let xsd12 = std::fs::read_to_string(schemas.join("xliff/xliff-core-1.2-transitional.xsd"))
        .unwrap()
        .replace("http://www.w3.org/2001/xml.xsd", xml_xsd.to_str().unwrap());
    let local12 = dir.path().join("xliff-1.2-transitional.xsd");
    std::fs::write(&local12, xsd12).unwrap();
    for (name, text) in [("doc.txt", TEXT), ("doc.md", MARKDOWN), ("doc.html", HTML)] {
        let doc = dir.path().join(name);
        std::fs::write(&doc, text).unwrap();
        for version in ["1.2", "2.0"] {
            let xlf = dir.path().join(format!("{name}.{version}.xlf"));
            tmkit()
                .arg("pretranslate")
                .arg(&doc)
                .arg("-m")
                .arg(&memory)
                .arg("-g")
                .arg(repo().join("glossaries/donbas-names.tsv"))
                .args(["--lang", "en:ru", "--xliff", version, "-o"])
                .arg(&xlf)
                .assert()
                .success();
            let mut cmd = std::process::Command::new("xmllint");
            cmd.arg("--noout").arg("--schema");
            if version == "1.2" {
                cmd.arg(&local12);
            } else {
                cmd.env("XML_CATALOG_FILES", schemas.join("xliff2.0/catalog.xml"))
                    .arg(schemas.join("xliff2.0/xliff_core_2.0.xsd"));
            }
            let out = cmd.arg(&xlf).output().unwrap();
            assert!(
                out.status.success(),
                "{name} as {version}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
