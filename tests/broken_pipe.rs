//! Issue 12, defect 5: one broken-pipe policy. When the reader of standard
//! output goes away (`tmkit … | head -c1`), every command, in text and JSON,
//! ends quietly: exit code 0, nothing on standard error (no panic, no
//! "error: Broken pipe").
//!
//! Each command runs with a pipe whose reader is gone before it starts (its
//! first write meets a closed pipe: deterministic, small outputs too); the
//! commands with more output than a pipe holds (64 KiB) also run with a
//! reader that takes one byte and then closes, as `head -c1` does. (A small
//! output read by `head -c1` may fit in the pipe before the reader closes;
//! the command then simply finishes, so that case says nothing.)

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tmkit_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("tmkit")
}

#[derive(Clone, Copy, Debug)]
enum Reader {
    /// Closes its end at once.
    ClosedAtStart,
    /// Reads one byte, then closes (`head -c1`).
    OneByte,
}

fn run_into_closing_pipe(args: &[String], dir: &Path, reader: Reader) {
    let mut command = Command::new(tmkit_bin());
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = match reader {
        Reader::ClosedAtStart => {
            // The read end is closed before the process starts: its first
            // write meets a closed pipe, whatever the timing.
            #[allow(clippy::incompatible_msrv)]
            let (read_end, write_end) = std::io::pipe().unwrap();
            drop(read_end);
            command.stdout(write_end).spawn().unwrap()
        }
        Reader::OneByte => {
            let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
            let mut stdout = child.stdout.take().unwrap();
            let mut byte = [0u8; 1];
            let _ = stdout.read(&mut byte);
            drop(stdout);
            child
        }
    };
    // The parent's copy of the write end is gone with `command`.
    drop(command);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "tmkit {} ({reader:?}) exited with {status}; stderr: {stderr}",
        args.join(" ")
    );
    assert!(
        stderr.is_empty(),
        "tmkit {} ({reader:?}) wrote to stderr: {stderr}",
        args.join(" ")
    );
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_command_ends_quietly_when_the_reader_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let memory = d.join("m.tmdb");
    let tmx = root().join("memories/news-en-ru-uk.tmx");
    let status = Command::new(tmkit_bin())
        .args(["memory", "import"])
        .arg(&memory)
        .arg(&tmx)
        .output()
        .unwrap();
    assert!(status.status.success());
    let m = memory.display().to_string();
    let tmx = tmx.display().to_string();
    let glossary = root()
        .join("glossaries/donbas-names.tbx")
        .display()
        .to_string();
    let glossary_tsv = root()
        .join("glossaries/donbas-names.tsv")
        .display()
        .to_string();

    // Inputs with output well beyond a pipe buffer (64 KiB).
    let mut segments = String::new();
    let mut article = String::new();
    let mut report = String::new();
    for i in 0..600 {
        article.push_str(&format!(
            "The ceasefire has held for {i} days. Nobody expected that. "
        ));
        if i < 300 {
            segments.push_str(&format!("The ceasefire has held for {i} days.\n"));
            report.push_str("Mykhaylo Khuktin met Mikhail Kukhtin in Kiev.\n");
        }
    }
    std::fs::write(d.join("segments.txt"), &segments).unwrap();
    std::fs::write(d.join("article.txt"), &article).unwrap();
    std::fs::write(d.join("report.txt"), &report).unwrap();
    // The corrected copy goes out before any report: it must outgrow the pipe.
    std::fs::write(d.join("long-report.txt"), report.repeat(6)).unwrap();
    std::fs::write(
        d.join("cyrillic.txt"),
        "Михаил Кухтин и Борис Литвинов.\n".repeat(4000),
    )
    .unwrap();
    std::fs::write(
        d.join("rules.srx"),
        br#"<srx version="2.0" xmlns="http://www.lisa.org/srx20"><header cascade="no" segmentsubflows="yes"/>
<body><languagerules><languagerule languagerulename="Mine">
<rule break="no"><beforebreak>\GMr\.</beforebreak><afterbreak>\s</afterbreak></rule>
<rule break="no"><beforebreak>\GDr\.</beforebreak><afterbreak>\s</afterbreak></rule>
<rule break="yes"><beforebreak>[.?!]</beforebreak><afterbreak>\s</afterbreak></rule>
</languagerule></languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="Mine"/></maprules></body></srx>"#,
    )
    .unwrap();

    let with_formats: Vec<Vec<String>> = vec![
        args(&["memory", "stats", &m]),
        args(&[
            "memory",
            "lookup",
            &m,
            "The next meeting will be held in November.",
            "--lang",
            "en:ru",
        ]),
        args(&["memory", "import", "again.tmdb", &tmx]),
        args(&["memory", "export", &m, "-"]),
        args(&[
            "match",
            "--file",
            "segments.txt",
            "-m",
            &m,
            "--lang",
            "en:ru",
            "--min",
            "50",
        ]),
        args(&[
            "analyze",
            "article.txt",
            "-m",
            &m,
            "--lang",
            "en:ru",
            "--details",
        ]),
        args(&["concordance", "the", "-m", &m, "--lang", "en:ru"]),
        args(&["translit", "--file", "cyrillic.txt"]),
        args(&["translit", "--list"]),
        args(&["check", "report.txt", "-g", &glossary]),
        args(&["check", "long-report.txt", "-g", &glossary, "--fix", "-"]),
        args(&["glossary", "convert", &glossary_tsv, "-", "--to", "tbx"]),
        args(&["glossary", "show", &glossary]),
        args(&["eval", "names"]),
    ];
    let mut runs: Vec<Vec<String>> = Vec::new();
    for command in with_formats {
        let mut json = command.clone();
        json.extend(args(&["--format", "json"]));
        runs.push(command);
        runs.push(json);
    }
    runs.push(args(&["segment", "article.txt", "--lang", "en"]));
    runs.push(args(&[
        "segment",
        "article.txt",
        "--lang",
        "en",
        "--format",
        "json",
    ]));
    runs.push(args(&[
        "segment",
        "article.txt",
        "--lang",
        "en",
        "--format",
        "tsv",
    ]));
    runs.push(args(&["segment", "--check-srx", "--srx", "rules.srx"]));
    runs.push(args(&["segment", "--print-default-srx"]));

    // Outputs larger than a pipe buffer (see the inputs above).
    let large = |run: &[String]| {
        ["match", "analyze", "segment"].contains(&run[0].as_str())
            && run[1] != "--check-srx"
            && run[1] != "--print-default-srx"
            || run
                .iter()
                .any(|a| a == "cyrillic.txt" || a == "report.txt" || a == "long-report.txt")
    };
    for run in &runs {
        let mut readers = vec![Reader::ClosedAtStart];
        if large(run) {
            readers.push(Reader::OneByte);
        }
        for reader in readers {
            // Imports create their memory: start from none each time.
            let _ = std::fs::remove_file(d.join("again.tmdb"));
            run_into_closing_pipe(run, d, reader);
        }
    }
}
