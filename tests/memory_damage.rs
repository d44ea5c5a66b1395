//! A damaged memory file gives a clear "memory is damaged" error with exit
//! code 2: never a panic, never an allocation sized by garbage (issue 12).

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SAMPLE: &str = "memories/news-en-ru-uk.tmx";

fn tmkit() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tmkit"));
    cmd.env("NO_COLOR", "1");
    cmd
}

fn sample_memory(dir: &Path) -> PathBuf {
    let memory = dir.join("m.tmdb");
    let out = tmkit()
        .args(["memory", "import"])
        .arg(&memory)
        .arg(SAMPLE)
        .output()
        .unwrap();
    assert!(out.status.success());
    memory
}

/// The read commands a user runs on a memory.
fn read_commands(memory: &Path) -> Vec<Vec<String>> {
    let m = memory.to_str().unwrap().to_string();
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        args(&[
            "match",
            "The ceasefire has held for 15 days.",
            "--lang",
            "en:ru",
            "--memory",
            &m,
        ]),
        args(&[
            "concordance",
            "ceasefire",
            "--lang",
            "en:ru",
            "--memory",
            &m,
        ]),
        args(&["memory", "stats", &m]),
        args(&[
            "memory",
            "lookup",
            &m,
            "The ceasefire has held for 14 days.",
            "--lang",
            "en:ru",
        ]),
        args(&[
            "memory",
            "export",
            &m,
            memory.with_extension("out.tmx").to_str().unwrap(),
        ]),
    ]
}

fn run(args: &[String]) -> Output {
    tmkit().args(args).output().unwrap()
}

/// `run` with the index loaded whole (`TMKIT_INDEX=load`), as a long batch
/// or a server loads it.
fn run_loading(args: &[String]) -> Output {
    tmkit()
        .env("TMKIT_INDEX", "load")
        .args(args)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Exit 0, or exit 2 with an `error:` line; never a panic or a signal.
fn assert_handled(args: &[String], out: &Output) {
    let code = out.status.code();
    assert!(
        matches!(code, Some(0) | Some(2)),
        "{args:?} ended with {:?}: {}",
        out.status,
        stderr(out)
    );
    assert!(
        !stderr(out).contains("panicked"),
        "{args:?}: {}",
        stderr(out)
    );
    if code == Some(2) {
        assert!(
            stderr(out).starts_with("error:"),
            "{args:?}: {}",
            stderr(out)
        );
    }
}

fn damage(memory: &Path, sql: &str) {
    let conn = Connection::open(memory).unwrap();
    conn.execute_batch(sql).unwrap();
}

fn assert_damaged(args: &[String]) {
    let out = run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    let message = stderr(&out);
    assert!(message.contains("memory is damaged"), "{args:?}: {message}");
    assert!(message.contains("rebuild-index"), "{args:?}: {message}");
}

#[test]
fn random_bytes_in_posting_lists_then_rebuild_index_repairs() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    // Numbers that end inside a varint, and zero steps.
    damage(&memory, "UPDATE fz_posting SET ids = x'8081828300ff80'");
    let commands = read_commands(&memory);
    // A loaded index derives its lists from the token sequences and never
    // reads these, so it still answers, and answers right; a lookup from
    // the file (a single `match`) and concordance read them and say the
    // memory is damaged.
    let out = run_loading(&commands[0]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("прекращения огня"));
    assert_damaged(&commands[0]);
    assert_damaged(&commands[1]);
    let out = tmkit()
        .args(["memory", "rebuild-index"])
        .arg(&memory)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&commands[0]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("прекращения огня"));
}

#[test]
fn random_bytes_in_token_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    // Random bytes ending inside a number.
    damage(
        &memory,
        "UPDATE fz_seqblock SET data = x'1e76cb3ccf36cc3758d665bc004ad18d70244bb606a5bea2b7668248d5b0f4419dddced50e2c07fbff'",
    );
    let commands = read_commands(&memory);
    assert_damaged(&commands[0]);
    assert_damaged(&commands[1]);
    // Text where a blob belongs.
    damage(
        &memory,
        "UPDATE fz_seqblock SET data = randomblob(40) || x'ff'",
    );
    assert_damaged(&commands[0]);
    assert_damaged(&commands[1]);
}

#[test]
fn a_token_id_beyond_the_vocabulary_does_not_size_an_allocation() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    // 0xFFFFFFFF as LEB128: a valid number, an index of 16 GiB if trusted
    // by a loaded index. A lookup from the file sizes nothing by a token id:
    // the sequence is a segment that matches nothing.
    // One entry (step 0 from the block's key, six bytes of tokens).
    damage(&memory, "UPDATE fz_seqblock SET data = x'0006ffffffff0f01'");
    let command = &read_commands(&memory)[0];
    let out = run_loading(command);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("memory is damaged"),
        "{}",
        stderr(&out)
    );
    let out = run(command);
    assert_handled(command, &out);
}

#[test]
fn a_truncated_memory_is_reported_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let bytes = std::fs::read(&memory).unwrap();
    for keep in [bytes.len() / 2, bytes.len() * 3 / 4, 4096, 100] {
        std::fs::write(&memory, &bytes[..keep]).unwrap();
        let mut damaged_seen = false;
        for args in read_commands(&memory) {
            let out = run(&args);
            assert_handled(&args, &out);
            damaged_seen |=
                stderr(&out).contains("damaged") || stderr(&out).contains("not a tmkit memory");
        }
        assert!(damaged_seen, "cut at {keep} bytes: no command noticed");
    }
}

/// Flips bytes at random places (fixed seed) in copies of a memory; every
/// command ends with exit 0 or a clear error.
#[test]
fn random_damage_anywhere_is_handled() {
    let dir = tempfile::tempdir().unwrap();
    let memory = sample_memory(dir.path());
    let pristine = std::fs::read(&memory).unwrap();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..12 {
        let mut bytes = pristine.clone();
        for _ in 0..24 {
            let at = 100 + (next() as usize) % (bytes.len() - 100);
            bytes[at] = next() as u8;
        }
        std::fs::write(&memory, &bytes).unwrap();
        for args in read_commands(&memory) {
            let out = run(&args);
            assert_handled(&args, &out);
        }
    }
}
