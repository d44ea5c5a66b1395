//! Issue 12, fault tests: `kill -9` (which no program can catch) during an
//! export over an existing file and during `check --in-place` never leaves a
//! half-written file: the target holds either what it held before or the
//! complete new content, and the same command run again succeeds.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

mod support;
use support::cli::{root, tmkit};

/// A memory large enough that exporting it takes a noticeable time.
fn large_memory(dir: &Path, units: usize) -> PathBuf {
    let mut tmx = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>\n",
    );
    for i in 0..units {
        tmx.push_str(&format!(
            "<tu tuid=\"u{i}\"><tuv xml:lang=\"en\"><seg>Report {i}: the mayor of Kherson spoke to reporters.</seg></tuv><tuv xml:lang=\"ru\"><seg>Сообщение {i}: мэр Херсона говорил с журналистами.</seg></tuv></tu>\n"
        ));
    }
    tmx.push_str("</body></tmx>\n");
    let file = dir.join("large.tmx");
    std::fs::write(&file, tmx).unwrap();
    let memory = dir.join("large.tmdb");
    tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(&file)
        .assert()
        .success();
    memory
}

fn temp_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".tmkit-"))
        })
        .collect()
}

/// Starts `args`, waits until its temporary output file exists in `dir` and
/// then `extra` longer, and kills it with SIGKILL. Returns false when the
/// command finished before it could be killed.
fn kill_9_while_writing(args: &[&std::ffi::OsStr], dir: &Path, extra: Duration) -> bool {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tmkit"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while temp_files(dir).is_empty() {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_micros(200));
    }
    std::thread::sleep(extra);
    let killed = child.kill().is_ok();
    let status = child.wait().unwrap();
    killed && !status.success()
}

#[test]
fn kill_9_during_an_export_leaves_the_old_file_or_the_whole_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let memory = large_memory(dir.path(), 40_000);
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let reference = dir.path().join("reference.tmx");
    tmkit()
        .args(["memory", "export"])
        .arg(&memory)
        .arg(&reference)
        .assert()
        .success();
    let complete = std::fs::read(&reference).unwrap();
    let target = out_dir.join("memory.tmx");
    let old = b"an older export the user keeps\n".to_vec();
    let mut killed = 0;
    for extra_ms in [0, 5, 20, 60, 150] {
        std::fs::write(&target, &old).unwrap();
        for stale in temp_files(&out_dir) {
            std::fs::remove_file(stale).unwrap();
        }
        let args = [
            "memory".as_ref(),
            "export".as_ref(),
            memory.as_os_str(),
            target.as_os_str(),
        ];
        if kill_9_while_writing(&args, &out_dir, Duration::from_millis(extra_ms)) {
            killed += 1;
        }
        let now = std::fs::read(&target).unwrap();
        assert!(
            now == old || now == complete,
            "after kill -9 at +{extra_ms} ms the export holds {} bytes, neither the old file nor the whole export",
            now.len()
        );
    }
    assert!(
        killed > 0,
        "every export finished before it could be killed; make the memory larger"
    );
    // The same export run again succeeds and gives the whole file.
    tmkit()
        .args(["memory", "export"])
        .arg(&memory)
        .arg(&target)
        .assert()
        .success();
    assert_eq!(std::fs::read(&target).unwrap(), complete);
    // The memory itself was only read.
    tmkit()
        .args(["memory", "stats"])
        .arg(&memory)
        .assert()
        .success();
}

#[test]
fn kill_9_during_check_in_place_leaves_the_text_or_its_whole_fix() {
    let dir = tempfile::tempdir().unwrap();
    let report = "Mikhail Kukhtin spoke in Donetsk on Monday. Three days later Mykhaylo Khuktin said the talks would go on.\n\n";
    // Large enough that the check and the fixed copy take a while to write.
    let text = report.repeat(4_000);
    let glossary = root().join("glossaries/donbas-names.tbx");
    let reference_in = dir.path().join("reference.txt");
    std::fs::write(&reference_in, &text).unwrap();
    let reference_out = dir.path().join("reference.fixed.txt");
    let fixed = tmkit()
        .arg("check")
        .arg(&reference_in)
        .arg("-g")
        .arg(&glossary)
        .arg("--fix")
        .arg(&reference_out)
        .output()
        .unwrap();
    assert!(
        fixed.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&fixed.stderr)
    );
    let whole_fix = std::fs::read(&reference_out).unwrap();
    assert_ne!(
        whole_fix,
        text.as_bytes(),
        "the text must contain something to fix"
    );
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let file = work.join("report.txt");
    let mut killed = 0;
    for extra_ms in [0, 2, 10, 40] {
        std::fs::write(&file, &text).unwrap();
        for stale in temp_files(&work) {
            std::fs::remove_file(stale).unwrap();
        }
        let args = [
            "check".as_ref(),
            file.as_os_str(),
            "-g".as_ref(),
            glossary.as_os_str(),
            "--in-place".as_ref(),
        ];
        if kill_9_while_writing(&args, &work, Duration::from_millis(extra_ms)) {
            killed += 1;
        }
        let now = std::fs::read(&file).unwrap();
        assert!(
            now == text.as_bytes() || now == whole_fix,
            "after kill -9 at +{extra_ms} ms the file holds {} bytes, neither the text nor its whole fix",
            now.len()
        );
    }
    assert!(
        killed > 0,
        "every check finished before it could be killed; make the text larger"
    );
    // Run again to the end: the file is the whole fix.
    std::fs::write(&file, &text).unwrap();
    let again = tmkit()
        .arg("check")
        .arg(&file)
        .arg("-g")
        .arg(&glossary)
        .arg("--in-place")
        .output()
        .unwrap();
    assert!(again.status.code().is_some_and(|c| c <= 1));
    assert_eq!(std::fs::read(&file).unwrap(), whole_fix);
}
