//! kill -9 during an import (issue 12): whatever the moment, the memory
//! passes SQLite's integrity check, exports exactly as before, and the next
//! import succeeds.

use rusqlite::Connection;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const SAMPLE: &str = "memories/news-en-ru-uk.tmx";

fn tmkit() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tmkit"));
    cmd.env("NO_COLOR", "1");
    cmd
}

fn ok(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn export(memory: &Path, out: &Path) -> Vec<u8> {
    ok(tmkit().args(["memory", "export"]).arg(memory).arg(out));
    std::fs::read(out).unwrap()
}

fn integrity(memory: &Path) -> String {
    let conn = Connection::open(memory).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap()
}

fn units(memory: &Path) -> u64 {
    let out = tmkit()
        .args(["memory", "stats", "--format", "json"])
        .arg(memory)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["units"].as_u64().unwrap()
}

fn write_tmx(path: &Path, units: usize) {
    let mut body = String::new();
    for i in 0..units {
        body.push_str(&format!(
            "<tu tuid=\"k{i}\"><tuv xml:lang=\"en\"><seg>Shelling resumed near the bridge at {i} o'clock, officials said.</seg></tuv>\
             <tuv xml:lang=\"ru\"><seg>Обстрел возобновился у моста в {i} часов, сообщили чиновники.</seg></tuv></tu>\n"
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

#[test]
fn kill_9_during_an_import_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("m.tmdb");
    ok(tmkit().args(["memory", "import"]).arg(&memory).arg(SAMPLE));
    let tmx = dir.path().join("big.tmx");
    write_tmx(&tmx, 8_000);
    // How long a whole import takes here, on a copy.
    let copy = dir.path().join("copy.tmdb");
    std::fs::copy(&memory, &copy).unwrap();
    let started = Instant::now();
    ok(tmkit().args(["memory", "import"]).arg(&copy).arg(&tmx));
    let full = started.elapsed();
    let expected_after = units(&copy);
    let before = export(&memory, &dir.path().join("before.tmx"));
    assert_eq!(export(&memory, &dir.path().join("again.tmx")), before);
    let units_before = units(&memory);
    // Kill points spread over the import, the last ones near its commit.
    let mut killed = 0;
    for fraction in [0.05, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.99] {
        let mut child = tmkit()
            .args(["memory", "import"])
            .arg(&memory)
            .arg(&tmx)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        child.kill().unwrap_or(()); // SIGKILL
        let _ = child.wait().unwrap();
        assert_eq!(integrity(&memory), "ok", "after a kill at {fraction}");
        // The kill may land after the commit (the process had finished, or
        // was between its commit and its exit): then the import is all
        // there. Otherwise none of it is. Never part of it.
        if units(&memory) != units_before {
            // It committed before the kill: the import is all there, and
            // later kill points would come after the end.
            assert_eq!(units(&memory), expected_after);
            assert!(killed >= 4, "only {killed} imports were killed mid-way");
            return;
        }
        killed += 1;
        assert_eq!(
            export(&memory, &dir.path().join("after.tmx")),
            before,
            "the memory changed after a kill at {fraction} of the import"
        );
        assert_eq!(units(&memory), units_before);
    }
    assert!(killed >= 4, "only {killed} imports were killed mid-way");
    // The next import succeeds and adds everything.
    ok(tmkit().args(["memory", "import"]).arg(&memory).arg(&tmx));
    assert_eq!(units(&memory), expected_after);
    assert_eq!(integrity(&memory), "ok");
}
