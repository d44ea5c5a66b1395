//! Opening a memory file, and the one way to take its write lock.
//!
//! Readers and writers never get in each other's way: every memory that can
//! be written is in WAL mode, so a reader sees the memory as it was when its
//! read began (before or after an import, never half of one) and is never
//! blocked by a writer. Read-only opens ([`Memory::open_read_only`]) never
//! write anything: no migration, no index catch-up, no journal-mode switch.
//! Those happen only in read-write opens, inside a write transaction
//! (`BEGIN IMMEDIATE`), so two writers take turns: the second waits for the
//! first and tells its caller once through the [`WaitHook`].
//!
//! A memory on read-only media or in a folder without write permission is
//! opened with SQLite's `immutable=1` when the normal read-only open fails
//! (WAL needs a `-shm` file next to the memory that cannot be created there).

use super::{CACHE_KIB, Memory, MemoryError, MigrationProgress, Result, WaitHook, index, schema};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a read waits for a lock before giving up with
/// [`MemoryError::Locked`]. Readers of a WAL memory are not blocked by
/// writers; they only wait out brief exclusive moments (WAL recovery after a
/// crash, the switch of an old memory to WAL).
const READ_BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// While waiting for another writer, how often to try again.
const WRITE_RETRY: Duration = Duration::from_millis(100);

/// How to open a memory ([`Memory::open_with`]).
#[derive(Default)]
pub struct OpenOptions {
    /// Open for reading only: nothing is ever written to the file (nor its
    /// `-wal`), a memory from an older tmkit is read as it is.
    pub read_only: bool,
    /// Create the file when it does not exist (ignored with `read_only`).
    pub create: bool,
    /// Called when a write has to wait for another process's write.
    pub on_wait: Option<WaitHook>,
    /// How long a read waits for a lock another program holds before
    /// failing with [`MemoryError::Locked`] (default 60 s; readers of a WAL
    /// memory only wait out brief moments).
    pub busy_timeout: Option<Duration>,
    /// Told how far the conversion of a memory from an older tmkit is
    /// (read-write opens only; the CLI draws a progress bar).
    pub on_migrate: Option<Box<dyn FnMut(MigrationProgress)>>,
}

impl Memory {
    /// Creates a new memory file; fails if `path` exists.
    pub fn create(path: &Path) -> Result<Memory> {
        if let Some(location) = super::pg::location_of(path) {
            return super::pg::create(location?);
        }
        check_folder(path)?;
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(MemoryError::AlreadyExists(path.to_path_buf()));
            }
            Err(e) => {
                return Err(MemoryError::CannotCreate {
                    path: path.to_path_buf(),
                    source: e,
                });
            }
        }
        let mut memory = Memory::open_read_write(path, None, READ_BUSY_TIMEOUT, None)?;
        memory.created = true;
        Ok(memory)
    }

    /// Opens an existing memory for reading and writing, migrating an older
    /// schema (under the write lock). A file that cannot be written is opened
    /// read-only: lookups work, changes give [`MemoryError::ReadOnly`].
    pub fn open(path: &Path) -> Result<Memory> {
        Memory::open_with(path, OpenOptions::default())
    }

    /// Opens an existing memory for reading only. Nothing is written, ever:
    /// a memory being imported into by another process is read as it was
    /// before that import (or after, once it has committed), a memory on
    /// read-only media or in a read-only folder can be read, and a memory
    /// from an older tmkit is read as it is (what needs the newer schema
    /// fails with [`MemoryError::NeedsMigration`]).
    pub fn open_read_only(path: &Path) -> Result<Memory> {
        Memory::open_with(
            path,
            OpenOptions {
                read_only: true,
                ..OpenOptions::default()
            },
        )
    }

    /// Opens `path`, creating it when it does not exist.
    pub fn open_or_create(path: &Path) -> Result<Memory> {
        Memory::open_with(
            path,
            OpenOptions {
                create: true,
                ..OpenOptions::default()
            },
        )
    }

    /// Opens a memory as `options` say.
    pub fn open_with(path: &Path, options: OpenOptions) -> Result<Memory> {
        if let Some(location) = super::pg::location_of(path) {
            return super::pg::open(location?, options);
        }
        if options.create && !options.read_only {
            match Memory::create(path) {
                Err(MemoryError::AlreadyExists(_)) => {}
                Ok(mut memory) => {
                    memory.on_wait = options.on_wait;
                    return Ok(memory);
                }
                Err(e) => return Err(e),
            }
        }
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(_) => {
                check_folder(path)?;
                return Err(MemoryError::Missing(path.to_path_buf()));
            }
        };
        if meta.is_dir() {
            return Err(MemoryError::IsDirectory(path.to_path_buf()));
        }
        let timeout = options.busy_timeout.unwrap_or(READ_BUSY_TIMEOUT);
        let writable = !meta.permissions().readonly()
            && std::fs::OpenOptions::new().append(true).open(path).is_ok();
        let mut memory = if options.read_only || !writable {
            open_read_only(path, timeout)?
        } else {
            Memory::open_read_write(path, options.on_wait, timeout, options.on_migrate)?
        };
        memory.busy_timeout = timeout;
        Ok(memory)
    }

    fn open_read_write(
        path: &Path,
        on_wait: Option<WaitHook>,
        timeout: Duration,
        on_migrate: Option<Box<dyn FnMut(MigrationProgress)>>,
    ) -> Result<Memory> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| MemoryError::from_sql(path, e))?;
        let mut memory = Memory::checked(conn, path, false, on_wait, timeout)?;
        memory.prepare_for_writing(on_migrate)?;
        Ok(memory)
    }

    /// A memory that lives only in RAM (tests, one-off matching).
    pub fn open_in_memory() -> Result<Memory> {
        let conn =
            Connection::open_in_memory().map_err(|e| MemoryError::from_sql(":memory:", e))?;
        let mut memory =
            Memory::checked(conn, Path::new(":memory:"), false, None, READ_BUSY_TIMEOUT)?;
        memory.prepare_for_writing(None)?;
        Ok(memory)
    }

    /// True when this open created the file (see [`Memory::open_or_create`]).
    pub fn was_created(&self) -> bool {
        self.created
    }

    /// Sets what is called when a write has to wait for another writer.
    pub fn set_wait_hook(&mut self, hook: Option<WaitHook>) {
        self.on_wait = hook;
    }

    /// Reads what makes the file a tmkit memory and sets the connection up;
    /// writes nothing.
    fn checked(
        conn: Connection,
        path: &Path,
        read_only: bool,
        on_wait: Option<WaitHook>,
        timeout: Duration,
    ) -> Result<Memory> {
        let error = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => MemoryError::NotAMemory {
                path: path.to_path_buf(),
                detail: e.to_string(),
            },
            _ => MemoryError::from_sql(path, e),
        };
        conn.busy_timeout(timeout).map_err(error)?;
        super::textcodec::register(&conn).map_err(error)?;
        // Reading the schema is the first access: a file that is not SQLite
        // fails here. The three reads share one read transaction, so a memory
        // that another process is creating right now is seen before or after
        // its first migration, never its tables without its application id.
        let read = |conn: &Connection| -> rusqlite::Result<(i32, i64, i64)> {
            let app_id: i32 = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
            let found = schema::version(conn)?;
            let table_count: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))?;
            Ok((app_id, found, table_count))
        };
        conn.execute_batch("BEGIN").map_err(error)?;
        let read = read(&conn);
        let ended = conn.execute_batch("COMMIT");
        let (app_id, found, table_count) = read.map_err(error)?;
        ended.map_err(error)?;
        if app_id != schema::APPLICATION_ID && table_count > 0 {
            return Err(MemoryError::NotAMemory {
                path: path.to_path_buf(),
                detail: "an SQLite database of another program".to_string(),
            });
        }
        if found > schema::current_version() {
            return Err(MemoryError::TooNew {
                path: path.to_path_buf(),
                found,
                supported: schema::current_version(),
            });
        }
        if read_only && table_count == 0 {
            return Err(MemoryError::NotAMemory {
                path: path.to_path_buf(),
                detail: "an empty file (a memory being created, or not a memory)".to_string(),
            });
        }
        conn.pragma_update(None, "cache_size", CACHE_KIB)
            .map_err(error)?;
        if !read_only {
            conn.pragma_update(None, "synchronous", "NORMAL")
                .map_err(error)?;
            conn.pragma_update(None, "foreign_keys", "ON")
                .map_err(error)?;
        }
        Ok(Memory {
            conn,
            path: path.to_path_buf(),
            read_only,
            fuzzy_cache: Default::default(),
            planner: Default::default(),
            posting_buffer: index::POSTING_BUFFER_BYTES,
            known_hashes_limit: super::duplicates::KNOWN_HASHES_LIMIT,
            schema_version: found,
            on_wait,
            created: false,
            busy_timeout: timeout,
            file_id: file_id(path),
            pg: None,
        })
    }

    /// WAL mode, then schema migration and index catch-up under the write
    /// lock (both only when needed, so opening a current memory writes nothing).
    fn prepare_for_writing(
        &mut self,
        on_migrate: Option<Box<dyn FnMut(MigrationProgress)>>,
    ) -> Result<()> {
        let path = self.path.clone();
        let sql = |e| MemoryError::from_sql(path.clone(), e);
        if path != Path::new(":memory:") {
            let mode: String = self
                .conn
                .query_row("PRAGMA journal_mode", [], |row| row.get(0))
                .map_err(sql)?;
            if !mode.eq_ignore_ascii_case("wal") {
                // A new file gets larger pages than SQLite's 4 KiB: the
                // rows of text blocks and index lists are a few hundred
                // bytes to a few KiB, and a 4 KiB page left a tenth of
                // itself unused around them (no effect on a file that has
                // pages already; WAL fixes the size once on).
                self.conn
                    .pragma_update(None, "page_size", PAGE_SIZE)
                    .map_err(sql)?;
                switch_to_wal(&self.conn, self.busy_timeout).map_err(sql)?;
            }
        }
        let pending = |conn: &Connection| -> rusqlite::Result<bool> {
            if schema::version(conn)? < 2 {
                return Ok(false);
            }
            conn.query_row("SELECT EXISTS (SELECT 1 FROM fz_pending)", [], |row| {
                row.get(0)
            })
        };
        if self.schema_version == schema::current_version() && !pending(&self.conn).map_err(sql)? {
            return Ok(());
        }
        let tx = begin_write(
            &self.conn,
            &path,
            &mut self.on_wait,
            self.busy_timeout,
            self.file_id,
        )?;
        // Another writer may have done it while this one waited.
        let mut on_migrate = on_migrate;
        let mut progress = |p: MigrationProgress| {
            if let Some(hook) = on_migrate.as_mut() {
                hook(p);
            }
        };
        let before = schema::migrate_in(&tx, &mut progress).map_err(sql)?;
        if pending(&tx).map_err(sql)? {
            index::index_pending(&tx).map_err(sql)?;
        }
        tx.commit().map_err(sql)?;
        self.schema_version = schema::current_version();
        if (1..schema::current_version()).contains(&before) && path != Path::new(":memory:") {
            // The conversion freed the old tables' pages (more than half the
            // file from schema 4, a fifth from schema 5's `fz_seq`) but
            // SQLite keeps free pages in the file: VACUUM gives
            // them back, so a migrated memory is as small as a fresh import.
            // Its own transaction: a crash during it leaves the migrated
            // memory, and a reader that holds the file open only makes it
            // wait (busy timeout) or skip it, never fail the open.
            if self.conn.execute_batch("VACUUM").is_ok() {
                let _ = self
                    .conn
                    .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
            }
        }
        Ok(())
    }

    /// Deletes the memory file (and its `-wal`, `-shm`) if it holds no unit
    /// and no imported file, under the write lock, so that a writer waiting
    /// for it finds the file gone ([`MemoryError::Replaced`]) instead of
    /// writing into a removed file. Used when the import that created a
    /// memory fails. Returns whether the files were removed.
    pub fn remove_if_empty(mut self) -> Result<bool> {
        if let Some(pg) = &self.pg {
            return pg.remove_if_empty();
        }
        if self.read_only || self.file_id.is_none() {
            return Ok(false);
        }
        let path = self.path.clone();
        let sql = |e| MemoryError::from_sql(path.clone(), e);
        let tx = begin_write(
            &self.conn,
            &path,
            &mut self.on_wait,
            self.busy_timeout,
            self.file_id,
        )?;
        let empty: bool = tx
            .query_row(
                "SELECT NOT EXISTS (SELECT 1 FROM unit) AND NOT EXISTS (SELECT 1 FROM source_file)",
                [],
                |row| row.get(0),
            )
            .map_err(sql)?;
        if empty {
            for suffix in ["", "-wal", "-shm"] {
                let mut name = path.as_os_str().to_owned();
                name.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(name));
            }
        }
        drop(tx);
        Ok(empty)
    }

    /// Fails with [`MemoryError::NeedsMigration`] when the file is older than
    /// `version` (only possible for a read-only open).
    pub(super) fn require_schema(&self, version: i64, what: &str) -> Result<()> {
        if self.schema_version >= version {
            return Ok(());
        }
        Err(MemoryError::NeedsMigration {
            path: self.path.clone(),
            found: self.schema_version,
            current: schema::current_version(),
            what: what.to_string(),
        })
    }

    /// The schema version of the file as opened.
    pub fn schema_version(&self) -> i64 {
        self.schema_version
    }
}

/// Opens `path` without ever writing to it. When the plain read-only open
/// fails because SQLite cannot create the `-shm` file WAL needs (read-only
/// media, a folder without write permission), the file is opened
/// `immutable`: nobody can be writing to it then.
pub(super) fn open_read_only(path: &Path, timeout: Duration) -> Result<Memory> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let plain = Connection::open_with_flags(path, flags)
        .map_err(|e| MemoryError::from_sql(path, e))
        .and_then(|conn| Memory::checked(conn, path, true, None, timeout));
    match plain {
        Ok(memory) => Ok(memory),
        Err(MemoryError::Sql { source, .. })
            if matches!(
                source.sqlite_error_code(),
                Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
            ) && !folder_writable(path) =>
        {
            let conn = Connection::open_with_flags(immutable_uri(path), flags)
                .map_err(|e| MemoryError::from_sql(path, e))?;
            Memory::checked(conn, path, true, None, timeout)
        }
        Err(e) => Err(e),
    }
}

/// `file:PATH?immutable=1`, with the characters a URI reserves escaped.
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for ch in absolute.to_string_lossy().chars() {
        match ch {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", ch as u32)),
            _ => uri.push(ch),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Whether a file could be created next to `path` (its `-shm`, `-wal`).
fn folder_writable(path: &Path) -> bool {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let probe = folder.join(format!(".tmkit-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(_) => false,
    }
}

/// A missing folder is its own error ("folder … does not exist").
fn check_folder(path: &Path) -> Result<()> {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() && !folder.is_dir() => {
            Err(MemoryError::FolderMissing(folder.to_path_buf()))
        }
        _ => Ok(()),
    }
}

/// Starts a write transaction, waiting as long as it takes for another
/// writer (another import) to finish; `on_wait` is told once when that
/// happens. Every change to a memory goes through here.
pub(super) fn begin_write<'c>(
    conn: &'c Connection,
    path: &Path,
    on_wait: &mut Option<WaitHook>,
    timeout: Duration,
    file: Option<(u64, u64)>,
) -> Result<Transaction<'c>> {
    let sql = |e| MemoryError::from_sql(path, e);
    conn.busy_timeout(WRITE_RETRY).map_err(sql)?;
    let mut told = false;
    let tx = loop {
        match Transaction::new_unchecked(conn, TransactionBehavior::Immediate) {
            Ok(tx) => break Ok(tx),
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) =>
            {
                if !told {
                    told = true;
                    if let Some(hook) = on_wait.as_mut() {
                        hook();
                    }
                }
            }
            Err(e) => break Err(sql(e)),
        }
    };
    conn.busy_timeout(timeout).map_err(sql)?;
    let tx = tx?;
    // A writer that waited may find the file gone: the first one created
    // it, failed and removed it. Writing on would go to an unlinked file.
    if file.is_some() && file_id(path) != file {
        drop(tx);
        return Err(MemoryError::Replaced(path.to_path_buf()));
    }
    Ok(tx)
}

/// Page size of a new memory file (BENCHMARKS.md, storage round 3).
const PAGE_SIZE: i64 = 16384;

/// Switches a memory to WAL. Two processes that open a new memory at once
/// (two imports creating it) both find it in rollback mode and both ask for
/// the switch, which needs an exclusive lock: SQLite answers one of them
/// "busy" at once, without its busy handler (each holds the shared lock the
/// other waits for). That one tries again until the other has switched the
/// file (then there is nothing left to do) or `timeout` has passed.
fn switch_to_wal(conn: &Connection, timeout: Duration) -> rusqlite::Result<()> {
    let start = std::time::Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Ok(()) => return Ok(()),
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) && start.elapsed() < timeout =>
            {
                std::thread::sleep(WRITE_RETRY / 10);
                let mode: String = conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
                if mode.eq_ignore_ascii_case("wal") {
                    return Ok(());
                }
            }
            Err(e) => return Err(e),
        }
    }
}

/// Device and inode of `path` (None for `:memory:` or a path that is gone).
#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    if path == Path::new(":memory:") {
        return None;
    }
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Elsewhere the check is skipped (no portable file identity in std).
#[cfg(not(unix))]
fn file_id(_path: &Path) -> Option<(u64, u64)> {
    None
}
