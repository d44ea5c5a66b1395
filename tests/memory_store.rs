//! The store's reliability through the library and the CLI (issue 12):
//! read-only opens write nothing, an older memory is read as it is, a lock
//! is reported as a lock, a read-only folder can be read, a missing folder
//! is named.

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;
use tmkit::memory::{Memory, MemoryError, OpenOptions, schema};
use tmkit::unit::TranslationUnit;

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

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A memory as tmkit's first schema wrote it (no fuzzy index), one unit.
fn schema_1_memory(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
         INSERT INTO meta VALUES ('schema_version', '1');",
    )
    .unwrap();
    conn.execute_batch(&format!(
        "PRAGMA application_id = {};",
        schema::APPLICATION_ID
    ))
    .unwrap();
    conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
    let unit = TranslationUnit::pair(
        "en",
        "The ceasefire has held for 14 days.",
        "ru",
        "Перемирие соблюдается уже 14 дней.",
    );
    conn.execute(
        "INSERT INTO unit(id, content_hash, data) VALUES (1, 7, ?1)",
        [serde_json::to_string(&unit).unwrap()],
    )
    .unwrap();
    for (ord, v) in unit.variants.iter().enumerate() {
        conn.execute(
            "INSERT INTO variant(unit_id, ord, lang, text, key_hash) VALUES (1, ?1, ?2, ?3, ?4)",
            rusqlite::params![
                ord as i64,
                v.lang.normalized().to_ascii_lowercase(),
                v.text(),
                tmkit::text::key_hash(&tmkit::text::lookup_key(&v.text()))
            ],
        )
        .unwrap();
    }
}

#[test]
fn a_lock_held_too_long_is_reported_as_a_lock_not_as_not_a_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_memory(dir.path());
    // Another program that uses a rollback journal and keeps an exclusive lock.
    let other = Connection::open(&path).unwrap();
    other.pragma_update(None, "journal_mode", "DELETE").unwrap();
    other
        .execute_batch("BEGIN EXCLUSIVE; DELETE FROM source_file;")
        .unwrap();
    let error = Memory::open_with(
        &path,
        OpenOptions {
            read_only: true,
            busy_timeout: Some(Duration::from_millis(200)),
            ..Default::default()
        },
    )
    .err()
    .expect("the open should time out");
    assert!(matches!(error, MemoryError::Locked(_)), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("locked"), "{message}");
    assert!(!message.contains("not a tmkit memory"), "{message}");
    other.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_read_only_open_never_writes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.tmdb");
    schema_1_memory(&path);
    let before = std::fs::read(&path).unwrap();
    {
        let memory = Memory::open_read_only(&path).unwrap();
        assert_eq!(memory.schema_version(), 1);
        assert_eq!(memory.stats().unwrap().units, 1);
        let hits = memory
            .lookup_exact("the ceasefire has held for 14 days.", "en", "ru")
            .unwrap();
        assert_eq!(hits.len(), 1);
        // The fuzzy index needs the newer schema: a clear error, no write.
        let query = tmkit::fuzzy::Query::new("The ceasefire has held for 15 days.", "en", "ru");
        let error = memory.suggest(&query).err().unwrap();
        assert!(
            error.to_string().contains("tmkit memory migrate"),
            "{error}"
        );
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // A read-write open migrates and builds the index.
    let memory = Memory::open(&path).unwrap();
    assert_eq!(memory.schema_version(), schema::current_version());
    let query = tmkit::fuzzy::Query::new("The ceasefire has held for 15 days.", "en", "ru");
    assert_eq!(memory.suggest(&query).unwrap().len(), 1);
}

#[test]
fn an_older_memory_through_the_cli_read_only_then_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.tmdb");
    schema_1_memory(&path);
    let before = std::fs::read(&path).unwrap();
    let out = tmkit()
        .args(["memory", "stats", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = tmkit()
        .args([
            "match",
            "The ceasefire has held for 15 days.",
            "--lang",
            "en:ru",
            "--memory",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("tmkit memory migrate"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "a read-only command wrote"
    );
    let out = tmkit()
        .args(["memory", "migrate"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = tmkit()
        .args([
            "match",
            "The ceasefire has held for 15 days.",
            "--lang",
            "en:ru",
            "--memory",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Перемирие"));
}

#[test]
fn a_missing_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("m.tmdb");
    for args in [vec!["memory", "stats"], vec!["memory", "create"]] {
        let out = tmkit().args(&args).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains("no-such-folder does not exist"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let out = tmkit()
        .args(["memory", "import"])
        .arg(&path)
        .arg(SAMPLE)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
}

/// Runs `script` (sh) with `folder` read-only: a read-only bind mount in a
/// private mount namespace when running as root (permissions do not stop
/// root), else the folder's permissions. None when neither is possible.
fn with_read_only_folder(folder: &Path, script: &str) -> Option<Output> {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    if root {
        let folder = folder.to_str().unwrap();
        let wrapped = format!(
            "mount --bind '{folder}' '{folder}' && mount -o remount,ro,bind '{folder}' && {script}"
        );
        let out = Command::new("unshare")
            .args(["-m", "sh", "-c", &wrapped])
            .env("NO_COLOR", "1")
            .output()
            .ok()?;
        if stderr(&out).contains("mount") && !out.status.success() {
            return None;
        }
        Some(out)
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o555)).unwrap();
        let out = Command::new("sh")
            .args(["-c", script])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        Some(out)
    }
}

#[test]
fn a_memory_in_a_read_only_folder_can_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ro");
    std::fs::create_dir(&folder).unwrap();
    let path = sample_memory(&folder);
    let bin = env!("CARGO_BIN_EXE_tmkit");
    let p = path.to_str().unwrap();
    let export = dir.path().join("out.tmx");
    let export = export.to_str().unwrap();
    let new = folder.join("new.tmdb");
    let new = new.to_str().unwrap();
    let script = format!(
        "'{bin}' memory stats --format json '{p}' && \
         '{bin}' match 'The ceasefire has held for 14 days.' --lang en:ru --memory '{p}' --format json && \
         '{bin}' concordance ceasefire --lang en:ru --memory '{p}' --format json && \
         '{bin}' memory export '{p}' '{export}' >/dev/null && \
         ('{bin}' memory create '{new}' 2>&1 | grep -q 'cannot create the memory') && echo CREATE-REFUSED-CLEARLY"
    );
    let Some(out) = with_read_only_folder(&folder, &script) else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("cannot make a read-only folder (unshare/mount) under CI");
        }
        eprintln!("skipped: cannot make a read-only folder here (needs unshare -m as root)");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        text.contains("\"units\": 32") || text.contains("\"units\":32"),
        "{text}"
    );
    assert!(text.contains("прекращения огня"), "{text}");
    assert!(text.contains("CREATE-REFUSED-CLEARLY"), "{text}");
    assert!(
        !stderr(&out).contains("not a tmkit memory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_read_only_memory_s_index_cache_sees_another_writer_s_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_memory(dir.path());
    let reader = Memory::open_read_only(&path).unwrap();
    assert!(reader.is_read_only());
    let query =
        tmkit::fuzzy::Query::new("Shelling resumed near the old railway bridge.", "en", "ru");
    let found = |memory: &Memory| {
        memory
            .suggest(&query)
            .unwrap()
            .iter()
            .any(|s| s.target.text().contains("моста"))
    };
    assert!(!found(&reader)); // loads and caches the index
    let mut writer = Memory::open(&path).unwrap();
    writer
        .add(&TranslationUnit::pair(
            "en",
            "Shelling resumed near the old railway bridge.",
            "ru",
            "Обстрел возобновился у старого железнодорожного моста.",
        ))
        .unwrap();
    // Another connection's commit changes `data_version`: the cache reloads.
    assert!(found(&reader));
    drop(writer);
    assert!(found(&reader));
}
