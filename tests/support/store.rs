//! Helpers of the memory-schema tests: the `tmkit` binary as a plain
//! process, a command that must succeed, a memory's export, its schema
//! version and a sample TMX.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// The `tmkit` binary as a `std::process::Command` (for tests that start it
/// in the background and kill it), colours off.
pub fn tmkit_process() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tmkit"));
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Runs `cmd`, fails the test with its standard error unless it succeeds,
/// and returns its standard output.
pub fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `tmkit memory export MEMORY OUT`, and the bytes written.
pub fn export(memory: &Path, out: &Path) -> Vec<u8> {
    ok(tmkit_process()
        .args(["memory", "export"])
        .arg(memory)
        .arg(out));
    std::fs::read(out).unwrap()
}

/// The schema version stored in the memory file.
pub fn version(memory: &Path) -> i64 {
    let conn = rusqlite::Connection::open(memory).unwrap();
    tmkit::memory::schema::version(&conn).unwrap()
}

/// A TMX of `units` en–ru units after two fixed ones (markup and props;
/// a third language), many sharing words, some duplicates.
pub fn sample_tmx(path: &Path, units: usize) {
    let mut body = String::from(
        r#"<tu tuid="t1" creationdate="20170101T000000Z"><prop type="x-Context">ctx</prop><tuv xml:lang="en"><seg>Press <bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> now.</seg></tuv><tuv xml:lang="ru"><seg>Нажмите <bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> сейчас.</seg></tuv></tu>
<tu tuid="t2"><tuv xml:lang="en"><seg>The budget talks resumed on Monday.</seg></tuv><tuv xml:lang="ru"><seg>Переговоры о бюджете возобновились в понедельник.</seg></tuv><tuv xml:lang="uk"><seg>Переговори щодо бюджету відновилися в понеділок.</seg></tuv></tu>
"#,
    );
    for i in 0..units {
        body.push_str(&format!(
            "<tu tuid=\"p{i}\" changedate=\"2019{:02}{:02}T100000Z\"><tuv xml:lang=\"en\"><seg>The council met on day {} and discussed the budget of district {}.</seg></tuv>\
             <tuv xml:lang=\"ru\"><seg>Совет собрался в день {} и обсудил бюджет района {}.</seg></tuv></tu>\n",
            1 + i % 12,
            1 + i % 28,
            i % 400,
            i % 97,
            i % 400,
            i % 97
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
