//! A real client: OmegaT (Debian package `omegat`, console mode) opens XLIFF 1.2
//! files `tmkit pretranslate` wrote (text, Markdown, HTML; matches, glossary
//! notes, split inline codes) as source documents of a project and writes its
//! target files without errors. Skips with a printed reason when OmegaT is
//! not installed, except under CI (`.ci/run` installs it).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const PROJECT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>source</source_dir>
        <target_dir>target</target_dir>
        <tm_dir>tm</tm_dir>
        <glossary_dir>glossary</glossary_dir>
        <glossary_file>glossary/glossary.txt</glossary_file>
        <dictionary_dir>dictionary</dictionary_dir>
        <source_lang>en</source_lang>
        <target_lang>ru</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.LuceneRussianTokenizer</target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"#;

fn pretranslate(doc: &Path, memory: &Path, out: &Path) {
    Command::cargo_bin("tmkit")
        .unwrap()
        .arg("pretranslate")
        .arg(doc)
        .arg("-m")
        .arg(memory)
        .arg("-g")
        .arg(repo().join("glossaries/donbas-names.tsv"))
        .args(["--lang", "en:ru", "-o"])
        .arg(out)
        .assert()
        .success();
}

#[test]
fn omegat_opens_pretranslated_xliff_and_writes_targets() {
    if std::process::Command::new("omegat")
        .arg("--help")
        .output()
        .is_err()
    {
        assert!(
            std::env::var("CI").ok().as_deref() != Some("true"),
            "CI needs OmegaT (apt-get install omegat)"
        );
        eprintln!("skipping: OmegaT is not installed (apt-get install omegat)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    for sub in ["source", "target", "tm", "glossary", "omegat", "dictionary"] {
        std::fs::create_dir_all(project.join(sub)).unwrap();
    }
    std::fs::write(project.join("omegat.project"), PROJECT).unwrap();
    let memory = dir.path().join("news.tmdb");
    Command::cargo_bin("tmkit")
        .unwrap()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(repo().join("memories/news-en-ru-uk.tmx"))
        .assert()
        .success();
    let docs = [
        (
            "report.txt",
            "On 4 September a video conference took place between the two parties.\n\nBoris Litvinov informed the guests. The ceasefire has held for 14 days.\n",
        ),
        (
            "report.md",
            "# Talks\n\nMikhail Kukhtin, head of the **international department**, also took part in the discussion. See [more](http://x).\n",
        ),
        (
            "report.html",
            "<html><body><p>On 4 September a <b>video</b> conference took place between the two parties. Nobody <i>was. Hurt</i> today.<br></p></body></html>\n",
        ),
    ];
    for (name, text) in docs {
        let doc = dir.path().join(name);
        std::fs::write(&doc, text).unwrap();
        pretranslate(
            &doc,
            &memory,
            &project.join("source").join(format!("{name}.xlf")),
        );
    }
    let out = std::process::Command::new("omegat")
        .arg("--mode=console-translate")
        .arg(&project)
        .current_dir(&project)
        .output()
        .unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{log}");
    assert!(
        !log.contains("Exception") && !log.contains("ERROR"),
        "{log}"
    );
    for (name, _) in docs {
        let target = project.join("target").join(format!("{name}.xlf"));
        let (written, _) = tmkit::xliff::read_file(&target)
            .unwrap_or_else(|e| panic!("OmegaT's {}: {e}\n{log}", target.display()));
        let (ours, _) =
            tmkit::xliff::read_file(&project.join("source").join(format!("{name}.xlf"))).unwrap();
        assert_eq!(written.units().count(), ours.units().count(), "{name}");
    }
}
