//! The HTML report of `tmkit check --format html` in a real browser
//! (headless Debian `chromium`): the page is dumped after its script ran,
//! with and without a filter set from the URL, and the browser's console
//! must stay silent. Skips with a printed reason when chromium is missing,
//! except under CI=true, where that fails (.ci/run installs it).

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Stdio;

fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser"] {
        if let Ok(output) = std::process::Command::new("which").arg(name).output()
            && output.status.success()
        {
            return Some(PathBuf::from(
                String::from_utf8_lossy(&output.stdout).trim().to_string(),
            ));
        }
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "chromium is not installed; under CI=true the browser test must run (.ci/run installs it)"
        );
    }
    eprintln!("skipped: chromium is not installed (apt-get install -y chromium)");
    None
}

/// Opens `url` in a fresh headless profile; returns the DOM after the
/// scripts ran and the console lines the browser logged.
fn dump(browser: &Path, url: &str) -> (String, Vec<String>) {
    let profile = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .stdin(Stdio::null())
        .output()
        .expect("chromium starts");
    assert!(output.status.success(), "chromium failed on {url}");
    let console = String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .map(str::to_string)
        .collect();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        console,
    )
}

/// The `data-kind` of every finding not hidden by the filter.
fn shown(dom: &str) -> Vec<String> {
    dom.split("<details ")
        .skip(1)
        .filter(|d| {
            let tag = &d[..d.find('>').unwrap()];
            !tag.contains("hidden")
        })
        .map(|d| {
            let at = d.find("data-kind=\"").unwrap() + 11;
            d[at..at + d[at..].find('"').unwrap()].to_string()
        })
        .collect()
}

fn report(dir: &Path) -> String {
    let fixture =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/memory/consistency.tmx");
    let page = dir.join("report.html");
    Command::cargo_bin("tmkit")
        .unwrap()
        .arg("check")
        .arg(&fixture)
        .args(["--format", "html", "-o"])
        .arg(&page)
        .assert()
        .code(1);
    format!("file://{}", page.display())
}

#[test]
fn the_report_renders_filters_from_the_url_and_logs_nothing() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let url = report(dir.path());

    // Unfiltered: every finding shown, clusters with their spellings, the
    // filter form revealed by the script.
    let (dom, console) = dump(&browser, &url);
    assert!(console.is_empty(), "console: {console:#?}");
    let all = shown(&dom);
    assert_eq!(all.len(), 6, "{dom}");
    assert!(all.contains(&"name-inconsistency".to_string()));
    assert!(all.contains(&"inconsistent-translation".to_string()));
    assert!(
        dom.contains("<form id=\"filters\" onsubmit"),
        "the script shows the filters"
    );
    assert!(dom.contains("<mark>Mykhaylo Khuktin</mark>"));
    assert!(dom.contains("data-shown=\"6\""));

    // A search from the query string: only the name cluster stays.
    let (dom, console) = dump(&browser, &format!("{url}?q=khuktin"));
    assert!(console.is_empty(), "console: {console:#?}");
    assert_eq!(shown(&dom), ["name-inconsistency"], "{dom}");
    assert!(dom.contains("value=\"khuktin\"") || dom.contains("data-shown=\"1\""));

    // Kind and severity from the fragment.
    let (dom, _) = dump(
        &browser,
        &format!("{url}#kind=number-mismatch&kind=untranslated"),
    );
    let mut kinds = shown(&dom);
    kinds.dedup();
    assert_eq!(kinds, ["number-mismatch", "untranslated"], "{dom}");
    let (dom, _) = dump(&browser, &format!("{url}#severity=note"));
    assert_eq!(shown(&dom), ["untranslated"], "{dom}");
    // A section with nothing left is hidden with its heading.
    assert!(
        dom.contains("<section class=\"kind\" id=\"kind-tag-mismatch\" hidden"),
        "{dom}"
    );
}

#[test]
fn the_console_check_catches_a_script_error() {
    // The console lines the test relies on are really there: a page whose
    // script fails is caught.
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bad.html");
    std::fs::write(
        &page,
        "<html><body><script>throw new Error('bad')</script></body></html>",
    )
    .unwrap();
    let (_, console) = dump(&browser, &format!("file://{}", page.display()));
    assert!(
        console.iter().any(|l| l.contains("Uncaught Error: bad")),
        "{console:#?}"
    );
}
