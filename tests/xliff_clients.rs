//! Real clients read what tmkit writes: every XLIFF tmkit writes (memory
//! exports in 1.2/2.0/2.1/2.2, documents built through the API with notes,
//! matches, glossary entries and inline codes, and real files edited by tmkit)
//! validates with `xmllint --schema` against the OASIS schemas in
//! `../shared/data/xliff/schemas` (1.2 transitional; 2.x core with the
//! matches, glossary and metadata modules), and translate-toolkit (pinned in
//! `tests/xliff_peers/requirements.txt`, venv `tests/.venv`) reads every unit
//! of a 1.2 file with the sources and targets tmkit wrote.
//!
//! Outside CI a missing xmllint or venv skips with a printed reason; with
//! `CI=true` it fails (`.ci/run` installs both).

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tmkit::unit::{Inline, TagKind, plain_text};
use tmkit::xliff::{self, Document, GlossaryEntry, Match, Note, Segment, State, Unit, Version};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schemas() -> Option<PathBuf> {
    let dir = root().join("../shared/data/xliff/schemas");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} not found", dir.display());
        None
    }
}

/// Fails under CI, else prints why the test is skipped.
fn missing(what: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{what} is missing; .ci/run installs it");
    }
    eprintln!(
        "skipped: {what} is missing (run .ci/run, or see tests/xliff_peers/requirements.txt)"
    );
}

fn have_xmllint() -> bool {
    std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Copies a schema folder into `into`, pointing imports of the W3C xml.xsd at
/// the local copy (the network is not used).
fn local_schemas(from: &Path, into: &Path, xml_xsd: &Path) {
    std::fs::create_dir_all(into).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        let target = into.join(entry.file_name());
        if path.is_dir() {
            local_schemas(&path, &target, xml_xsd);
        } else if path.extension().is_some_and(|e| e == "xsd") {
            let text = std::fs::read_to_string(&path).unwrap();
            let text = text.replace(
                "http://www.w3.org/2001/xml.xsd",
                &xml_xsd.display().to_string(),
            );
            std::fs::write(target, text).unwrap();
        }
    }
}

/// A validator for `version`: the core schema and the matches, glossary and
/// metadata modules, imported by one driver schema.
struct Validator {
    driver: PathBuf,
    _dir: tempfile::TempDir,
}

impl Validator {
    fn new(schemas: &Path, version: Version) -> Validator {
        let dir = tempfile::tempdir().unwrap();
        let xml_xsd = schemas.join("xliff2.0/informativeCopiesOf3rdPartySchemas/w3c/xml.xsd");
        let (folder, core, modules): (&str, &str, &[(&str, &str)]) = match version {
            Version::V1_0 | Version::V1_1 | Version::V1_2 => {
                ("xliff", "xliff-core-1.2-transitional.xsd", &[])
            }
            Version::V2_0 => (
                "xliff2.0",
                "xliff_core_2.0.xsd",
                &[
                    (xliff::NS_MATCHES, "modules/matches.xsd"),
                    (xliff::NS_GLOSSARY, "modules/glossary.xsd"),
                    (xliff::NS_METADATA, "modules/metadata.xsd"),
                ],
            ),
            Version::V2_1 => (
                "xliff2.1",
                "xliff_core_2.0.xsd",
                &[
                    (xliff::NS_MATCHES, "matches.xsd"),
                    (xliff::NS_GLOSSARY, "glossary.xsd"),
                    (xliff::NS_METADATA, "metadata.xsd"),
                ],
            ),
            Version::V2_2 => (
                "xliff2.2",
                "xliff_core_2.2.xsd",
                &[
                    (xliff::NS_MATCHES, "matches.xsd"),
                    (xliff::NS_GLOSSARY, "glossary.xsd"),
                    (xliff::NS_METADATA, "metadata.xsd"),
                ],
            ),
        };
        let local = dir.path().join(folder);
        local_schemas(&schemas.join(folder), &local, &xml_xsd);
        let mut imports = format!(
            "<xs:import namespace=\"{}\" schemaLocation=\"{}\"/>\n",
            version.namespace(),
            local.join(core).display()
        );
        for (ns, file) in modules {
            imports.push_str(&format!(
                "<xs:import namespace=\"{ns}\" schemaLocation=\"{}\"/>\n",
                local.join(file).display()
            ));
        }
        let driver = dir.path().join("driver.xsd");
        std::fs::write(
            &driver,
            format!(
                "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:tmkit:test-driver\">\n{imports}</xs:schema>\n"
            ),
        )
        .unwrap();
        Validator { driver, _dir: dir }
    }

    fn check(&self, file: &Path) -> Result<(), String> {
        let out = std::process::Command::new("xmllint")
            .args(["--noout", "--nonet", "--schema"])
            .arg(&self.driver)
            .arg(file)
            .output()
            .unwrap();
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }
}

const ALL: [Version; 4] = [Version::V1_2, Version::V2_0, Version::V2_1, Version::V2_2];

fn tmx_content() -> Vec<Inline> {
    let i = |n: &str| vec![("i".to_string(), n.to_string())];
    vec![
        Inline::text("Press "),
        Inline::tag(TagKind::Bpt, i("1"), vec![Inline::text("<b>")]),
        Inline::text("OK & go"),
        Inline::tag(TagKind::Ept, i("1"), vec![Inline::text("</b>")]),
        Inline::tag(TagKind::Ph, vec![], vec![Inline::text("<br/>")]),
        Inline::tag(
            TagKind::It,
            vec![("pos".into(), "begin".into())],
            vec![Inline::text("<i>")],
        ),
        Inline::tag(TagKind::Hi, vec![], vec![Inline::text(" now")]),
        Inline::text("."),
    ]
}

/// A document as `tmkit pretranslate` would build it: segments, ignorables,
/// codes, notes, matches, glossary entries, a target filled later.
fn built(version: Version) -> Document {
    let mut doc = Document::new(version, "en", Some("ru"));
    let file = doc.add_file("f1", "report.txt");
    let source = xliff::from_tmx_content(&tmx_content(), version);
    let segments = vec![
        Segment {
            source: source.clone(),
            target: Some(source.clone()),
            state: Some(State::Translated),
            ..Segment::default()
        },
        Segment {
            source: vec![Inline::text(" ")],
            ignorable: true,
            ..Segment::default()
        },
        Segment {
            source: vec![Inline::text("Second <sentence>.")],
            ..Segment::default()
        },
    ];
    let mut unit = Unit::new(version, "u1", &segments);
    unit.add_note(&Note {
        text: "from the Kyiv desk".into(),
        category: Some("tmkit".into()),
        ..Note::default()
    });
    unit.add_match(&Match {
        segment: Some("1".into()),
        similarity: Some(87.0),
        origin: Some("news.tmdb#42".into()),
        kind: Some("tm".into()),
        source: vec![Inline::text("Press OK.")],
        target: vec![Inline::text("Нажмите OK.")],
        ..Match::default()
    });
    unit.add_glossary_entry(&GlossaryEntry {
        term: "Kukhtin".into(),
        term_source: Some("donbas-names.tbx".into()),
        translations: vec!["Кухтин".into()],
        definition: Some("person".into()),
        ..GlossaryEntry::default()
    });
    unit.set_target(2, vec![Inline::text("Второе «предложение».")], State::Final)
        .unwrap();
    unit.set_state_qualifier(0, Some("fuzzy-match")).unwrap();
    doc.add_unit(file, unit);
    let plain = Unit::new(
        version,
        "u2",
        &[Segment {
            source: vec![Inline::text("Nobody was hurt.")],
            ..Segment::default()
        }],
    );
    doc.add_unit(file, plain);
    doc
}

#[test]
fn everything_tmkit_writes_validates_against_the_oasis_schemas() {
    let Some(schemas) = schemas() else { return };
    if !have_xmllint() {
        return missing("xmllint (Debian package libxml2-utils)");
    }
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("m.tmdb");
    Command::cargo_bin("tmkit")
        .unwrap()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(root().join("memories/news-en-ru-uk.tmx"))
        .assert()
        .success();
    let mut failures = Vec::new();
    for version in ALL {
        let validator = Validator::new(&schemas, version);
        // A memory export.
        let export = dir.path().join(format!("export-{version}.xlf"));
        Command::cargo_bin("tmkit")
            .unwrap()
            .args(["memory", "export"])
            .arg(&memory)
            .arg(&export)
            .args(["--lang", "en:uk", "--to", &format!("xliff{version}")])
            .assert()
            .success();
        // A document built through the API.
        let document = dir.path().join(format!("built-{version}.xlf"));
        xliff::write_file(&built(version), &document).unwrap();
        for file in [export, document] {
            if let Err(err) = validator.check(&file) {
                failures.push(format!("{}:\n{err}", file.display()));
            }
        }
    }
    // Real files that validate before tmkit edits them still validate after.
    for (path, version) in [
        ("okapi/sample12.xlf", Version::V1_2),
        ("okapi/qualitycheck_Test01.xlf", Version::V1_2),
        ("oasis-tc/xliff20_everything-core.xlf", Version::V2_0),
        ("maxprograms/terminology.docx_review_es.xlf", Version::V2_1),
        ("oasis-tc/xliff22_everything-core.xlf", Version::V2_2),
    ] {
        let source = schemas.join("..").join(path);
        let validator = Validator::new(&schemas, version);
        if let Err(err) = validator.check(&source) {
            failures.push(format!(
                "the original {path} does not validate here:\n{err}"
            ));
            continue;
        }
        let (mut doc, _) = xliff::read_file(&source).unwrap();
        let mut edited = 0;
        for unit in doc.units_mut() {
            for index in 0..unit.segments().len() {
                let segment = &unit.segments()[index];
                if !segment.ignorable && segment.target.is_none() {
                    let target = segment.source.clone();
                    unit.set_target(index, target, State::Translated).unwrap();
                    edited += 1;
                }
            }
            let source = unit
                .segments()
                .first()
                .map(|s| s.source.clone())
                .unwrap_or_default();
            let segment = unit.segments().first().and_then(|s| s.id.clone());
            unit.add_match(&Match {
                segment,
                similarity: Some(75.5),
                origin: Some("tmkit test".into()),
                source: source.clone(),
                target: source,
                ..Match::default()
            });
            unit.add_glossary_entry(&GlossaryEntry {
                term: "term".into(),
                translations: vec!["терм".into()],
                ..GlossaryEntry::default()
            });
        }
        let out = dir.path().join(path.replace('/', "_"));
        xliff::write_file(&doc, &out).unwrap();
        if let Err(err) = validator.check(&out) {
            failures.push(format!(
                "{path} after {edited} targets, matches and glossary entries were added:\n{err}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn venv_python() -> Option<PathBuf> {
    let python = root().join("tests/.venv/bin/python");
    let ok = std::process::Command::new(&python)
        .args(["-c", "import translate.storage.xliff"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(python)
}

/// What translate-toolkit shows as a unit's text: text, `g`/`mrk` content and
/// the native code inside `bpt`/`ept`/`ph`/`it`; `x`, `bx`, `ex` show nothing.
fn ttk_text(content: &[Inline]) -> String {
    content
        .iter()
        .map(|piece| match piece {
            Inline::Text { text } => text.clone(),
            Inline::Tag {
                kind: TagKind::X | TagKind::Bx | TagKind::Ex | TagKind::Sub,
                ..
            } => String::new(),
            Inline::Tag { content, .. } => ttk_text(content),
        })
        .collect()
}

#[test]
fn translate_toolkit_reads_every_unit_tmkit_wrote() {
    let Some(python) = venv_python() else {
        return missing(
            "the translate-toolkit venv tests/.venv (python3 -m venv tests/.venv && tests/.venv/bin/pip install -r tests/xliff_peers/requirements.txt)",
        );
    };
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("m.tmdb");
    Command::cargo_bin("tmkit")
        .unwrap()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(root().join("memories/news-en-ru-uk.tmx"))
        .assert()
        .success();
    let export = dir.path().join("export.xlf");
    Command::cargo_bin("tmkit")
        .unwrap()
        .args(["memory", "export"])
        .arg(&memory)
        .arg(&export)
        .args(["--lang", "en:ru"])
        .assert()
        .success();
    let document = dir.path().join("built.xlf");
    xliff::write_file(&built(Version::V1_2), &document).unwrap();
    for file in [export, document] {
        let (doc, _) = xliff::read_file(&file).unwrap();
        let expected: Vec<(String, String, Option<String>)> = doc
            .units()
            .map(|unit| {
                let source: String = unit
                    .segments()
                    .iter()
                    .map(|s| ttk_text(&s.source))
                    .collect();
                let has_target = unit.segments().iter().any(|s| s.target.is_some());
                let target = has_target.then(|| {
                    unit.segments()
                        .iter()
                        .map(|s| match (&s.target, s.ignorable) {
                            (Some(t), _) => ttk_text(t),
                            (None, true) => ttk_text(&s.source),
                            (None, false) => String::new(),
                        })
                        .collect()
                });
                (unit.id().unwrap_or("").to_string(), source, target)
            })
            .collect();
        let out = std::process::Command::new(&python)
            .arg(root().join("tests/xliff_peers/ttk_read.py"))
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let read: Vec<(String, String, Option<String>)> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|line| {
                let value: serde_json::Value = serde_json::from_str(line).unwrap();
                let id = value["id"].as_str().unwrap();
                let id = id.rsplit('\u{4}').next().unwrap().to_string();
                (
                    id,
                    value["source"].as_str().unwrap().to_string(),
                    value["target"].as_str().map(str::to_string),
                )
            })
            .collect();
        assert!(expected.len() > 1, "{}", file.display());
        assert_eq!(read, expected, "{}", file.display());
        // And the memory's plain text made it through.
        assert!(
            doc.units()
                .all(|u| !plain_text(&u.segments()[0].source).is_empty())
        );
    }
}
