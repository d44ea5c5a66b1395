//! Readers and writers of one memory at the same time, each a real `tmkit`
//! process (issue 12, defect 4): readers are never blocked and never fail,
//! a second writer waits for the first, and every import lands whole.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const SAMPLE: &str = "memories/news-en-ru-uk.tmx";

fn tmkit() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tmkit"));
    cmd.env("NO_COLOR", "1");
    cmd
}

/// A TMX file of `units` distinct en–ru units whose text starts with `tag`.
fn write_tmx(path: &Path, tag: &str, units: usize) {
    let mut body = String::with_capacity(units * 200);
    for i in 0..units {
        body.push_str(&format!(
            "<tu tuid=\"{tag}-{i}\"><tuv xml:lang=\"en\"><seg>The {tag} delegation met on day {i} to discuss the ceasefire terms.</seg></tuv>\
             <tuv xml:lang=\"ru\"><seg>Делегация {tag} встретилась в день {i}, чтобы обсудить условия перемирия.</seg></tuv></tu>\n"
        ));
    }
    std::fs::write(
        path,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>\n{body}</body></tmx>\n"
        ),
    )
    .unwrap();
}

fn import(memory: &Path, file: &Path) -> Child {
    tmkit()
        .args(["memory", "import"])
        .arg(memory)
        .arg(file)
        .args(["--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn units(memory: &Path) -> u64 {
    let out = run(tmkit()
        .args(["memory", "stats", "--format", "json"])
        .arg(memory));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["units"].as_u64().unwrap()
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn sample_memory(dir: &Path) -> PathBuf {
    let memory = dir.join("m.tmdb");
    run(tmkit().args(["memory", "import"]).arg(&memory).arg(SAMPLE));
    memory
}

/// Runs lookups, fuzzy matches and stats in turn until `running` says stop;
/// every one must succeed. Returns how many answered and the unit counts stats saw.
fn reader_loop(memory: &Path, running: &mut dyn FnMut() -> bool) -> (usize, Vec<u64>) {
    let mut answered = 0;
    let mut seen = Vec::new();
    let started = Instant::now();
    while running() && started.elapsed() < Duration::from_secs(300) {
        run(tmkit().args(["memory", "lookup"]).arg(memory).args([
            "The ceasefire has held for 14 days.",
            "--lang",
            "en:ru",
        ]));
        run(tmkit().args([
            "match",
            "The ceasefire has held for 15 days.",
            "--lang",
            "en:ru",
            "--memory",
            memory.to_str().unwrap(),
        ]));
        run(tmkit().args([
            "concordance",
            "ceasefire",
            "--lang",
            "en:ru",
            "--memory",
            memory.to_str().unwrap(),
        ]));
        seen.push(units(memory));
        answered += 4;
    }
    (answered, seen)
}

/// The import reads its TMX from a FIFO that the test fills in two halves,
/// so the readers are sure to run while the import's transaction is open.
#[test]
fn readers_all_answer_while_an_import_is_in_progress() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let before = units(&memory);
    let fifo = dir.path().join("feed.tmx");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "mkfifo is missing"
        );
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let whole = dir.path().join("whole.tmx");
    write_tmx(&whole, "delta", 6_000);
    let text = std::fs::read_to_string(&whole).unwrap();
    let half = text[..text.len() / 2].rfind("</tu>").unwrap() + "</tu>".len();
    let child = import(&memory, &fifo);
    let mut feed = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    feed.write_all(&text.as_bytes()[..half]).unwrap();
    feed.flush().unwrap();
    // Let the import store what it has read: its transaction is now open.
    std::thread::sleep(Duration::from_secs(2));
    let mut rounds = 0;
    let (answered, seen) = reader_loop(&memory, &mut || {
        rounds += 1;
        rounds <= 3
    });
    assert_eq!(answered, 12);
    assert!(
        seen.iter().all(|&n| n == before),
        "readers saw part of an import: {seen:?}"
    );
    feed.write_all(&text.as_bytes()[half..]).unwrap();
    drop(feed);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(units(&memory), before + 6_000);
}

/// Readers in a loop for the whole length of an import, which must succeed;
/// each sees the memory before or after it, never half of it.
#[test]
fn readers_all_answer_during_an_import_and_the_import_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let before = units(&memory);
    let tmx = dir.path().join("big.tmx");
    write_tmx(&tmx, "alpha", 30_000);
    let mut child = import(&memory, &tmx);
    let (answered, seen) = reader_loop(&memory, &mut || child.try_wait().unwrap().is_none());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = units(&memory);
    assert_eq!(after, before + 30_000);
    assert!(answered >= 4, "no reader ran during the import");
    assert!(
        seen.iter().all(|&n| n == before || n == after),
        "readers saw {seen:?}"
    );
}

#[test]
fn two_imports_started_together_both_succeed_one_after_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let before = units(&memory);
    let (a, b) = (dir.path().join("a.tmx"), dir.path().join("b.tmx"));
    write_tmx(&a, "alpha", 15_000);
    write_tmx(&b, "beta", 15_000);
    let first = import(&memory, &a);
    let second = import(&memory, &b);
    let outputs = [
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    ];
    for out in &outputs {
        assert!(
            out.status.success(),
            "an import failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(units(&memory), before + 30_000);
    let waited = outputs
        .iter()
        .filter(|o| String::from_utf8_lossy(&o.stderr).contains("waiting for another import"))
        .count();
    assert_eq!(waited, 1, "exactly one import should have waited");
}

#[test]
fn two_imports_into_a_memory_that_does_not_exist_yet() {
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("new.tmdb");
    let (a, b) = (dir.path().join("a.tmx"), dir.path().join("b.tmx"));
    write_tmx(&a, "alpha", 3_000);
    write_tmx(&b, "beta", 3_000);
    let first = import(&memory, &a);
    let second = import(&memory, &b);
    for child in [first, second] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "an import failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(units(&memory), 6_000);
}

#[test]
fn an_import_succeeds_while_a_lookup_loop_runs() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let before = units(&memory);
    let tmx = dir.path().join("big.tmx");
    write_tmx(&tmx, "gamma", 10_000);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers = {
        let (memory, stop) = (memory.clone(), stop.clone());
        std::thread::spawn(move || {
            reader_loop(&memory, &mut || {
                !stop.load(std::sync::atomic::Ordering::Relaxed)
            })
        })
    };
    // Let the loop get going first, so the import starts among readers.
    std::thread::sleep(Duration::from_millis(500));
    let out = import(&memory, &tmx).wait_with_output().unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (answered, _) = readers.join().unwrap();
    assert!(
        out.status.success(),
        "the import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(answered > 0);
    assert_eq!(units(&memory), before + 10_000);
}

/// The import that creates a memory fails (its second file is cut short)
/// while another import waits for it: the waiting import either lands in the
/// memory or fails saying to run it again, never reports success for units
/// that went with a removed file.
#[test]
fn a_failed_creating_import_never_takes_a_waiting_import_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("new.tmdb");
    let (good, cut, small) = (
        dir.path().join("good.tmx"),
        dir.path().join("cut.tmx"),
        dir.path().join("small.tmx"),
    );
    write_tmx(&good, "alpha", 8_000);
    write_tmx(&small, "beta", 50);
    let text = std::fs::read_to_string(&good).unwrap();
    std::fs::write(&cut, &text[..text.len() / 2]).unwrap();
    let first = tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(&good)
        .arg(&cut)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !memory.exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = import(&memory, &small);
    let first = first.wait_with_output().unwrap();
    let second = second.wait_with_output().unwrap();
    assert_eq!(first.status.code(), Some(2), "the cut file must fail");
    if second.status.success() {
        assert!(
            memory.exists(),
            "the waiting import succeeded into a removed file"
        );
        assert_eq!(units(&memory), 50);
    } else {
        let message = String::from_utf8_lossy(&second.stderr);
        assert!(message.contains("run it again"), "{message}");
    }
}
