//! The translation memory: one SQLite file per memory (`.tmdb`).
//!
//! A memory stores [`TranslationUnit`]s losslessly (every attribute, prop, note
//! and inline tag survives import → export) and indexes each variant's plain
//! text for exact lookup by language. Imports run in one transaction: a failed
//! or interrupted import leaves the memory exactly as it was.
//!
//! **Architecture invariant:** only this module writes SQL. Everything above it
//! (fuzzy matching, analysis, the CLI) calls methods of [`Memory`].
//!
//! ```
//! use tmkit::memory::{Memory, ImportOptions};
//! use tmkit::unit::{TranslationUnit, VecReader};
//!
//! let mut memory = Memory::open_in_memory()?;
//! let units = vec![
//!     TranslationUnit::pair("en", "The talks resumed.", "ru", "Переговоры возобновились."),
//!     TranslationUnit::pair("en", "The talks resumed.", "ru", "Переговоры возобновились."),
//! ];
//! let report = memory.import(&mut VecReader::new(units), &ImportOptions::default(), &mut |_| {})?;
//! assert_eq!((report.imported, report.merged), (1, 1));
//! assert_eq!(memory.stats()?.units, 1);
//! # Ok::<(), tmkit::memory::MemoryError>(())
//! ```

mod codec;
mod concordance;
mod export;
mod open;
mod rank;
pub mod schema;
mod stats;

pub use stats::{LangCount, PAIR_LANGUAGES, PairCount, SourceInfo, Stats};

pub use open::OpenOptions;

pub use export::{ExportError, ExportReport};

// --- fuzzy index (issue 4): token index, concordance, suggestions ---
mod index;
pub use concordance::{ConcordanceHit, ConcordanceStats};
use index::IndexWriter;
pub use index::{IndexInfo, MemorySource, suggest_many};
// --- end fuzzy index ---

use crate::lang::LangTag;
use crate::text::{key_hash, lookup_key};
use crate::unit::{
    Header, ReadError, ReadWarning, TranslationUnit, UnitReader, Variant, attr, set_attr,
};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// Everything that can go wrong with a memory. Each message names the file and
/// says what to do.
#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    /// The path does not exist.
    #[error(
        "{0}: no memory there; create one with `tmkit memory create {0}` or import with `tmkit memory import {0} FILE.tmx`"
    )]
    Missing(PathBuf),
    /// `create` was asked for a path that exists.
    #[error("{0}: already exists; open it instead, or choose another name")]
    AlreadyExists(PathBuf),
    /// The path is a directory.
    #[error("{0}: is a directory, not a memory file")]
    IsDirectory(PathBuf),
    /// The file is not an SQLite database, or not a tmkit memory.
    #[error(
        "{path}: not a tmkit memory ({detail}); give the path of a .tmdb file made by `tmkit memory create`"
    )]
    NotAMemory {
        /// The file.
        path: PathBuf,
        /// What SQLite or the check said.
        detail: String,
    },
    /// The file was written by a newer tmkit.
    #[error(
        "{path}: written by a newer tmkit (schema version {found}; this tmkit knows up to {supported}); upgrade tmkit to use it"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// A write was attempted on a memory that can only be read.
    #[error(
        "{0}: the memory is read-only (file permissions, or a read-only folder or medium); copy it or make it writable to change it"
    )]
    ReadOnly(PathBuf),
    /// The input file could not be read; nothing was imported.
    #[error("{0}; nothing was imported, the memory is unchanged")]
    Read(ReadError),
    /// `--strict` turned a warning into an error; nothing was imported.
    #[error("{0} (--strict makes this an error; nothing was imported, the memory is unchanged)")]
    Strict(ReadWarning),
    /// A language pair the memory does not have.
    #[error("the memory has no {wanted} units; it has: {available}")]
    NoSuchPair {
        /// The pair asked for.
        wanted: String,
        /// The pairs or languages it has.
        available: String,
    },
    /// An SQLite error, with the file it happened on.
    #[error("{}: database error: {source}", path.display())]
    Sql {
        /// The memory file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file or its index is damaged (SQLite found a malformed page, or a
    /// stored list or sequence does not decode).
    #[error(
        "{path}: the memory is damaged ({detail}); run `tmkit memory rebuild-index {path}` if only the index is hit, else restore it from a backup",
        path = path.display()
    )]
    Damaged {
        /// The memory file.
        path: PathBuf,
        /// What was found.
        detail: String,
    },
    /// Another program held the memory locked for longer than tmkit waits.
    #[error(
        "{0}: the memory is locked by another program (database is locked) and stayed locked; try again when it has finished"
    )]
    Locked(PathBuf),
    /// The memory file could not be created (permissions, a read-only folder).
    #[error("{}: cannot create the memory ({source}); check the folder's permissions or choose another path", path.display())]
    CannotCreate {
        /// The memory file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file was removed or replaced while a write waited for its lock.
    #[error(
        "{0}: the memory was removed or replaced while this command waited for another one; run it again"
    )]
    Replaced(PathBuf),
    /// The folder of the memory does not exist.
    #[error("folder {0} does not exist; create it first or give another path for the memory")]
    FolderMissing(PathBuf),
    /// A read-only open of a memory written by an older tmkit: it must be
    /// upgraded (a write) before this command can use it.
    #[error(
        "{path}: the memory was written by an older tmkit (schema {found}, this tmkit writes {current}) and {what}; run `tmkit memory migrate {path}` (or any command that changes the memory) once, then try again",
        path = path.display()
    )]
    NeedsMigration {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The version this build writes.
        current: i64,
        /// What cannot be done until then.
        what: String,
    },
    /// A segment larger than [`ImportOptions::max_segment_bytes`]; nothing was imported.
    #[error(
        "{file}: unit {unit_index}{tuid}: the {lang} segment has {bytes} bytes, more than the limit of {limit} bytes (--max-segment-bytes); nothing was imported, the memory is unchanged"
    )]
    SegmentTooLarge {
        /// The input's name.
        file: String,
        /// 1-based index of the unit in the file.
        unit_index: u64,
        /// ` (tuid …)` when the unit has one, else empty.
        tuid: String,
        /// The segment's language.
        lang: String,
        /// Its size in bytes of plain text.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// A bug in tmkit stopped an import; nothing was imported.
    #[error(
        "internal error: {0}; nothing was imported, the memory is unchanged (please report this)"
    )]
    Internal(String),
    /// Stored data could not be decoded (a damaged or hand-edited memory).
    #[error(
        "{}: the memory is damaged (unit {unit_id}: {detail}); restore it from a backup, or export what can be read with `tmkit memory export`",
        path.display()
    )]
    Corrupt {
        /// The memory file.
        path: PathBuf,
        /// The unit's row id.
        unit_id: i64,
        /// What could not be decoded.
        detail: String,
    },
}

/// Everything a memory error may be made of: [`MemoryError::from_sql`] turns
/// SQLite's codes into the variants a user can act on.
impl MemoryError {
    /// Wraps an SQLite error on `path`: a damaged file, a lock held too long
    /// and a file that is not a database get their own variants.
    pub fn from_sql(path: impl Into<PathBuf>, source: rusqlite::Error) -> MemoryError {
        let path = path.into();
        // A value of the wrong type in one of tmkit's own columns.
        if matches!(
            source,
            rusqlite::Error::InvalidColumnType(..)
                | rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::IntegralValueOutOfRange(..)
        ) {
            return MemoryError::Damaged {
                path,
                detail: source.to_string(),
            };
        }
        match source.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt) => MemoryError::Damaged {
                path,
                detail: source.to_string(),
            },
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                MemoryError::Locked(path)
            }
            Some(rusqlite::ErrorCode::NotADatabase) => MemoryError::NotAMemory {
                path,
                detail: source.to_string(),
            },
            _ => MemoryError::Sql { path, source },
        }
    }

    /// A damaged index or table, found by tmkit's own checks.
    pub(crate) fn damaged(path: impl Into<PathBuf>, detail: impl Into<String>) -> MemoryError {
        MemoryError::Damaged {
            path: path.into(),
            detail: detail.into(),
        }
    }
}

/// What an import does when a unit's variants are identical (same languages and
/// same content) to a unit already in the memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DuplicatePolicy {
    /// Keep one unit and merge the metadata (the default): props and notes are
    /// united, attributes of the more recently changed unit win, `usagecount`s
    /// are added, `creationdate` keeps the earliest, `lastusagedate` the latest.
    #[default]
    Merge,
    /// Keep the unit already in the memory; the new one is skipped.
    Keep,
    /// Replace the unit in the memory with the new one.
    Replace,
    /// Store both: duplicates are kept as separate units.
    All,
}

impl std::str::FromStr for DuplicatePolicy {
    type Err = String;
    fn from_str(text: &str) -> std::result::Result<Self, Self::Err> {
        match text {
            "merge" => Ok(DuplicatePolicy::Merge),
            "keep" => Ok(DuplicatePolicy::Keep),
            "replace" => Ok(DuplicatePolicy::Replace),
            "all" => Ok(DuplicatePolicy::All),
            other => Err(format!(
                "unknown duplicate policy `{other}`: use merge, keep, replace or all"
            )),
        }
    }
}

/// Options for [`Memory::import`].
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// What to do with duplicates.
    pub on_duplicate: DuplicatePolicy,
    /// Treat every reader warning as an error (nothing is imported).
    pub strict: bool,
    /// The name recorded for the imported file (shown by `stats`).
    pub source_name: String,
    /// The largest segment (plain text, bytes) an import accepts; a larger
    /// one fails the import with [`MemoryError::SegmentTooLarge`]. `0` means
    /// [`DEFAULT_MAX_SEGMENT_BYTES`].
    pub max_segment_bytes: usize,
}

/// The default of [`ImportOptions::max_segment_bytes`]: 1 MiB of text, far
/// above any sentence or paragraph (storing and indexing a segment needs
/// about 40 times its size in memory while it is imported).
pub const DEFAULT_MAX_SEGMENT_BYTES: usize = 1 << 20;

/// Progress of a running import, passed to the caller's callback.
#[derive(Clone, Copy, Debug, Default)]
pub struct ImportProgress {
    /// Units read so far.
    pub units_read: u64,
    /// Input bytes consumed so far.
    pub bytes_read: u64,
}

/// What an import did.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ImportReport {
    /// Units read from the input.
    pub units_read: u64,
    /// Units added as new units.
    pub imported: u64,
    /// Duplicates merged into a unit already there (policy `merge`).
    pub merged: u64,
    /// Units that replaced a duplicate (policy `replace`).
    pub replaced: u64,
    /// Duplicates skipped (policy `keep`).
    pub skipped_duplicates: u64,
    /// Units skipped because they had no variant with text.
    pub skipped_empty: u64,
    /// Recoverable problems the reader reported.
    pub warnings: Vec<ReadWarning>,
}

/// An exact match found by [`Memory::lookup_exact`].
#[derive(Clone, Debug, Serialize)]
pub struct ExactHit {
    /// The unit's row id in the memory.
    pub unit_id: i64,
    /// The source-language variant.
    pub source: Variant,
    /// The target-language variant.
    pub target: Variant,
    /// True when the source text is identical, not only equal up to case and spacing.
    pub identical: bool,
    /// The whole unit.
    pub unit: TranslationUnit,
}

/// A translation memory stored in one SQLite file.
pub struct Memory {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    /// Loaded fuzzy token indexes (see `index`).
    fuzzy_cache: index::IndexCache,
    /// Posting bytes an index writer may buffer (tests make it tiny).
    posting_buffer: usize,
    /// Schema version of the file (older than current only when read-only).
    schema_version: i64,
    /// Called once each time a write has to wait for another writer.
    on_wait: Option<WaitHook>,
    /// True when this open created the file.
    created: bool,
    /// How long a read waits for a lock (see [`OpenOptions::busy_timeout`]).
    busy_timeout: std::time::Duration,
    /// Device and inode of the file as opened: a write that waited checks
    /// the path still names it (another process may have removed it).
    file_id: Option<(u64, u64)>,
}

/// Called when a write has to wait for another process's write to finish
/// (SQLite allows one writer at a time); the CLI prints a line on standard
/// error. Called once per wait, before the wait.
pub type WaitHook = Box<dyn FnMut()>;

type Result<T> = std::result::Result<T, MemoryError>;

/// SQLite page cache of an open memory (`PRAGMA cache_size`; negative = KiB).
const CACHE_KIB: i64 = -65_536;

/// The page cache during an import (see [`Memory::import_many`]).
const IMPORT_CACHE_KIB: i64 = -131_072;

impl Memory {
    /// The file this memory lives in (`:memory:` for an in-memory one).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when the file could only be opened for reading.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn sql(&self, source: rusqlite::Error) -> MemoryError {
        MemoryError::from_sql(self.path.clone(), source)
    }

    fn check_writable(&self) -> Result<()> {
        if self.read_only {
            Err(MemoryError::ReadOnly(self.path.clone()))
        } else {
            Ok(())
        }
    }

    /// Adds one unit with the default duplicate policy; returns its row id
    /// (the id of the unit it was merged into, for a duplicate).
    pub fn add(&mut self, unit: &TranslationUnit) -> Result<i64> {
        self.check_writable()?;
        let path = self.path.clone();
        let sql = |source| MemoryError::from_sql(path.clone(), source);
        let tx = open::begin_write(
            &self.conn,
            &path,
            &mut self.on_wait,
            self.busy_timeout,
            self.file_id,
        )?;
        let mut writer = IndexWriter::new(self.posting_buffer);
        let prepared = PreparedUnit::new(unit.clone());
        let mut probe = DuplicateProbe::Always;
        let (id, _) = store_unit(
            &tx,
            &mut writer,
            &mut probe,
            &prepared,
            DuplicatePolicy::Merge,
            &path,
        )?;
        writer.finish(&tx).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(id)
    }

    /// Imports every unit `reader` yields, in one transaction. Any error (an
    /// unreadable input, a strict-mode warning, a database failure) rolls the
    /// whole import back. `progress` is called every few hundred units.
    pub fn import(
        &mut self,
        reader: &mut dyn UnitReader,
        options: &ImportOptions,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        let name = options.source_name.clone();
        let mut reports = self.import_many(&mut [(name, reader)], options, progress)?;
        Ok(reports.pop().unwrap_or_default())
    }

    /// Imports several inputs, all in ONE transaction: either every file is
    /// imported or, on the first error, none is and the memory is unchanged.
    /// Each input is `(name recorded in the memory, reader)`; one report per input.
    pub fn import_many(
        &mut self,
        inputs: &mut [(String, &mut dyn UnitReader)],
        options: &ImportOptions,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<Vec<ImportReport>> {
        self.check_writable()?;
        let path = self.path.clone();
        let sql = |source| MemoryError::from_sql(path.clone(), source);
        // The memory stays in WAL mode during an import, so readers keep
        // reading the state before it until it commits (BENCHMARKS.md,
        // "Readers during an import", measures what the rollback journal
        // would save on a bulk load).
        // The random-access B-trees of a million-unit memory (duplicate
        // hashes, lookup keys, variants by unit) come to about 80 MiB: a page
        // cache that holds them saves re-reading pages on every insert. Back
        // to the normal size after, so a long-lived process does not keep it.
        let _ = self
            .conn
            .pragma_update(None, "cache_size", IMPORT_CACHE_KIB);
        let result = self.import_in_transaction(inputs, options, progress);
        let _ = self.conn.pragma_update(None, "cache_size", CACHE_KIB);
        result.map_err(|e| match e {
            MemoryError::Sql { source, .. } => sql(source),
            other => other,
        })
    }

    fn import_in_transaction(
        &mut self,
        inputs: &mut [(String, &mut dyn UnitReader)],
        options: &ImportOptions,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<Vec<ImportReport>> {
        let path = self.path.clone();
        let sql = |source| MemoryError::from_sql(path.clone(), source);
        let tx = open::begin_write(
            &self.conn,
            &path,
            &mut self.on_wait,
            self.busy_timeout,
            self.file_id,
        )?;
        let mut writer = IndexWriter::new(self.posting_buffer);
        let mut probe = DuplicateProbe::begin(&tx).map_err(sql)?;
        let mut reports = Vec::new();
        let mut bytes_before = 0;
        for (name, reader) in inputs.iter_mut() {
            let report = import_one(
                &tx,
                &mut writer,
                &mut probe,
                &mut **reader,
                &ImportOptions {
                    source_name: name.clone(),
                    ..options.clone()
                },
                &path,
                &mut |p| {
                    progress(ImportProgress {
                        units_read: p.units_read,
                        bytes_read: bytes_before + p.bytes_read,
                    })
                },
            )?;
            bytes_before += reader.bytes_read();
            tx.execute(
                "INSERT INTO source_file(name, imported_at, header) VALUES (?1, ?2, ?3)",
                params![
                    &*name,
                    now_stamp(),
                    serde_json::to_string(reader.header()).unwrap_or_default()
                ],
            )
            .map_err(sql)?;
            reports.push(report);
        }
        writer.finish(&tx).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(reports)
    }

    /// Units whose `source_lang` text equals `text` up to case and spacing
    /// (NFC, whitespace folded) and that have a `target_lang` variant.
    /// Identical matches come first, then the most recently changed.
    pub fn lookup_exact(
        &self,
        text: &str,
        source_lang: &str,
        target_lang: &str,
    ) -> Result<Vec<ExactHit>> {
        let source = LangTag::parse(source_lang);
        let target = LangTag::parse(target_lang);
        let key = lookup_key(text);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT u.id, u.data FROM variant v JOIN unit u ON u.id = v.unit_id
                 WHERE v.lang = ?1 AND v.key_hash = ?2 ORDER BY u.changed DESC, u.id DESC",
            )
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map(params![lang_key(&source), key_hash(&key)], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
            })
            .map_err(|e| self.sql(e))?;
        let mut hits = Vec::new();
        for row in rows {
            let (unit_id, data) = row.map_err(|e| self.sql(e))?;
            let unit = self.decode(unit_id, &data)?;
            let Some(src) = unit
                .variants
                .iter()
                .find(|v| v.lang.matches(&source) && lookup_key(&v.text()) == key)
            else {
                continue; // hash collision
            };
            let Some(tgt) = unit.variant_covering(&target) else {
                continue;
            };
            hits.push(ExactHit {
                unit_id,
                identical: src.text() == text,
                source: src.clone(),
                target: tgt.clone(),
                unit: unit.clone(),
            });
        }
        hits.sort_by_key(|hit| !hit.identical);
        Ok(hits)
    }

    /// The unit with row id `id`.
    pub fn get(&self, id: i64) -> Result<Option<TranslationUnit>> {
        let data: Option<String> = self
            .conn
            .query_row("SELECT data FROM unit WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()
            .map_err(|e| self.sql(e))?;
        data.map(|d| self.decode(id, &d)).transpose()
    }

    /// Deletes the unit with row id `id`; returns whether it existed.
    pub fn delete(&mut self, id: i64) -> Result<bool> {
        self.check_writable()?;
        let path = self.path.clone();
        let sql = |source| MemoryError::from_sql(path.clone(), source);
        let tx = open::begin_write(
            &self.conn,
            &path,
            &mut self.on_wait,
            self.busy_timeout,
            self.file_id,
        )?;
        IndexWriter::new(self.posting_buffer)
            .removing_unit(&tx, id)
            .map_err(sql)?;
        let changed = tx
            .execute("DELETE FROM unit WHERE id = ?1", [id])
            .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(changed > 0)
    }

    /// Calls `visit` with every unit (row id order, so import order), stopping at
    /// the first error. Streams: the memory is never loaded whole.
    pub fn for_each_unit(
        &self,
        visit: &mut dyn FnMut(i64, TranslationUnit) -> std::io::Result<()>,
    ) -> std::result::Result<u64, ForEachError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, data FROM unit ORDER BY id")
            .map_err(|e| ForEachError::Memory(self.sql(e)))?;
        let mut rows = stmt
            .query([])
            .map_err(|e| ForEachError::Memory(self.sql(e)))?;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(|e| ForEachError::Memory(self.sql(e)))? {
            let id: i64 = row.get(0).map_err(|e| ForEachError::Memory(self.sql(e)))?;
            let data: String = row.get(1).map_err(|e| ForEachError::Memory(self.sql(e)))?;
            let unit = self.decode(id, &data).map_err(ForEachError::Memory)?;
            visit(id, unit).map_err(ForEachError::Io)?;
            count += 1;
        }
        Ok(count)
    }

    /// The header of the first imported file, if any (used as the template for export).
    pub fn first_header(&self) -> Result<Option<Header>> {
        let data: Option<String> = self
            .conn
            .query_row(
                "SELECT header FROM source_file ORDER BY id LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        Ok(data.and_then(|d| serde_json::from_str(&d).ok()))
    }

    /// The number of units (cheap: no scan of the variants, unlike [`Memory::stats`]).
    pub fn unit_count(&self) -> Result<u64> {
        self.conn
            .query_row("SELECT count(*) FROM unit", [], |row| row.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(|e| self.sql(e))
    }

    fn decode(&self, unit_id: i64, data: &str) -> Result<TranslationUnit> {
        serde_json::from_str(data).map_err(|e| MemoryError::Corrupt {
            path: self.path.clone(),
            unit_id,
            detail: e.to_string(),
        })
    }
}

/// An error from [`Memory::for_each_unit`]: the memory, or the visitor's output.
#[derive(Debug, thiserror::Error)]
pub enum ForEachError {
    /// Reading the memory failed.
    #[error(transparent)]
    Memory(#[from] MemoryError),
    /// The visitor failed (writing an export, usually).
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Units the reading thread hands over at a time.
const PREPARE_BATCH: usize = 256;

/// Batches in flight between the reading and the writing thread (bounds the
/// memory the pipeline holds to a few thousand units).
const PREPARE_DEPTH: usize = 4;

/// What the reading thread of an import hands the writing one.
struct ReadBatch {
    units: Vec<PreparedUnit>,
    warnings: Vec<ReadWarning>,
    units_read: u64,
    skipped_empty: u64,
    bytes_read: u64,
    finished: bool,
}

/// Reads `reader` to the end and stores its units. Two threads share the
/// work: a helper parses the input and prepares each unit (JSON, hashes,
/// tokens for the index), which is pure CPU work; this thread writes SQLite,
/// which one connection cannot do in parallel.
fn import_one(
    tx: &Transaction,
    writer: &mut IndexWriter,
    probe: &mut DuplicateProbe,
    reader: &mut dyn UnitReader,
    options: &ImportOptions,
    path: &Path,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let strict = options.strict;
    let reading = &mut *reader;
    std::thread::scope(|scope| -> Result<()> {
        let (batches_out, batches) = mpsc::sync_channel::<Result<ReadBatch>>(PREPARE_DEPTH);
        // Spent batches go back so that the helper frees their thousands of
        // strings: time the writing thread would lose otherwise.
        let (spent_out, spent) = mpsc::channel::<Vec<PreparedUnit>>();
        let limit = match options.max_segment_bytes {
            0 => DEFAULT_MAX_SEGMENT_BYTES,
            n => n,
        };
        let name = options.source_name.as_str();
        scope.spawn(move || {
            let mut units_before = 0;
            loop {
                while let Ok(done) = spent.try_recv() {
                    drop(done);
                }
                let batch = read_batch(reading, strict, limit, name, units_before);
                if let Ok(batch) = &batch {
                    units_before += batch.units_read;
                }
                let stop = batch.as_ref().map_or(true, |b| b.finished);
                if batches_out.send(batch).is_err() || stop {
                    return;
                }
            }
        });
        loop {
            let batch = batches
                .recv()
                .map_err(|_| MemoryError::Internal("the reading thread stopped".into()))??;
            report.units_read += batch.units_read;
            report.skipped_empty += batch.skipped_empty;
            report.warnings.extend(batch.warnings);
            for unit in &batch.units {
                let (_, outcome) = store_unit(tx, writer, probe, unit, options.on_duplicate, path)?;
                match outcome {
                    StoreOutcome::Inserted => report.imported += 1,
                    StoreOutcome::Merged => report.merged += 1,
                    StoreOutcome::Replaced => report.replaced += 1,
                    StoreOutcome::Skipped => report.skipped_duplicates += 1,
                }
            }
            let _ = spent_out.send(batch.units);
            progress(ImportProgress {
                units_read: report.units_read,
                bytes_read: batch.bytes_read,
            });
            if batch.finished {
                return Ok(());
            }
        }
    })?;
    progress(ImportProgress {
        units_read: report.units_read,
        bytes_read: reader.bytes_read(),
    });
    Ok(report)
}

/// Reads and prepares up to [`PREPARE_BATCH`] units (on the reading thread).
fn read_batch(
    reader: &mut dyn UnitReader,
    strict: bool,
    limit: usize,
    name: &str,
    units_before: u64,
) -> Result<ReadBatch> {
    let mut batch = ReadBatch {
        units: Vec::with_capacity(PREPARE_BATCH),
        warnings: Vec::new(),
        units_read: 0,
        skipped_empty: 0,
        bytes_read: 0,
        finished: false,
    };
    while batch.units.len() < PREPARE_BATCH {
        let next = reader.next_unit().map_err(MemoryError::Read)?;
        let warnings = reader.take_warnings();
        if strict {
            if let Some(first) = warnings.into_iter().next() {
                return Err(MemoryError::Strict(first));
            }
        } else {
            batch.warnings.extend(warnings);
        }
        let Some(unit) = next else {
            batch.finished = true;
            break;
        };
        batch.units_read += 1;
        // Checked before the unit is prepared: tokenising and indexing a
        // segment take about 40 times its size.
        for variant in &unit.variants {
            let bytes = segment_bytes(variant);
            if bytes > limit {
                return Err(MemoryError::SegmentTooLarge {
                    file: name.to_string(),
                    unit_index: units_before + batch.units_read,
                    tuid: unit
                        .tuid()
                        .map(|t| format!(" (tuid {t})"))
                        .unwrap_or_default(),
                    lang: variant.lang.to_string(),
                    bytes,
                    limit,
                });
            }
        }
        if unit.variants.iter().all(|v| v.content.is_empty()) {
            batch.skipped_empty += 1;
        } else {
            batch.units.push(PreparedUnit::new(unit));
        }
    }
    batch.bytes_read = reader.bytes_read();
    Ok(batch)
}

/// Bytes of a segment's plain text.
fn segment_bytes(variant: &Variant) -> usize {
    variant.text().len()
}

/// A unit with everything storing it needs that does not touch the database:
/// its JSON, duplicate hash, and each variant's text, lookup hash and index
/// tokens. Built on the reading thread of an import.
struct PreparedUnit {
    unit: TranslationUnit,
    hash: i64,
    data: std::result::Result<String, String>,
    variants: Vec<PreparedVariant>,
}

struct PreparedVariant {
    lang: String,
    text: String,
    key_hash: i64,
    tokens: Vec<String>,
}

impl PreparedUnit {
    fn new(unit: TranslationUnit) -> PreparedUnit {
        let variants = unit
            .variants
            .iter()
            .map(|variant| {
                let text = variant.text();
                PreparedVariant {
                    lang: lang_key(&variant.lang),
                    key_hash: key_hash(&lookup_key(&text)),
                    tokens: index::index_tokens(&text),
                    text,
                }
            })
            .collect();
        PreparedUnit {
            hash: content_hash(&unit),
            data: serde_json::to_string(&unit).map_err(|e| e.to_string()),
            variants,
            unit,
        }
    }
}

/// Whether a unit's content hash needs a look-up in the memory to find
/// duplicates. A memory that was empty when the transaction began holds only
/// the units written since, so a set of their hashes answers "no duplicate"
/// for nearly every unit of a bulk import without a B-tree probe.
enum DuplicateProbe {
    /// Look every hash up.
    Always,
    /// Only hashes in the set can have a duplicate.
    Known(std::collections::HashSet<i64>),
}

impl DuplicateProbe {
    fn begin(tx: &Transaction) -> rusqlite::Result<DuplicateProbe> {
        let empty: bool = tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM unit)", [], |row| {
            row.get(0)
        })?;
        Ok(if empty {
            DuplicateProbe::Known(Default::default())
        } else {
            DuplicateProbe::Always
        })
    }

    fn may_exist(&self, hash: i64) -> bool {
        match self {
            DuplicateProbe::Always => true,
            DuplicateProbe::Known(hashes) => hashes.contains(&hash),
        }
    }

    fn written(&mut self, hash: i64) {
        if let DuplicateProbe::Known(hashes) = self {
            hashes.insert(hash);
        }
    }
}

enum StoreOutcome {
    Inserted,
    Merged,
    Replaced,
    Skipped,
}

/// The key a variant's language is stored under: normalised, lower case.
fn lang_key(lang: &LangTag) -> String {
    lang.normalized().to_ascii_lowercase()
}

fn now_stamp() -> String {
    chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string()
}

/// Hash of what makes two units duplicates: each variant's language and
/// content (text and tags), in a canonical (sorted) order.
fn content_hash(unit: &TranslationUnit) -> i64 {
    let mut parts: Vec<String> = unit
        .variants
        .iter()
        .map(|v| {
            format!(
                "{}\u{1}{}",
                lang_key(&v.lang),
                serde_json::to_string(&v.content).unwrap_or_default()
            )
        })
        .collect();
    parts.sort();
    key_hash(&parts.join("\u{2}"))
}

fn same_content(a: &TranslationUnit, b: &TranslationUnit) -> bool {
    let canon = |u: &TranslationUnit| {
        let mut parts: Vec<(String, String)> = u
            .variants
            .iter()
            .map(|v| {
                (
                    lang_key(&v.lang),
                    serde_json::to_string(&v.content).unwrap_or_default(),
                )
            })
            .collect();
        parts.sort();
        parts
    };
    canon(a) == canon(b)
}

fn store_unit(
    tx: &Transaction,
    writer: &mut IndexWriter,
    probe: &mut DuplicateProbe,
    prepared: &PreparedUnit,
    policy: DuplicatePolicy,
    path: &Path,
) -> Result<(i64, StoreOutcome)> {
    let sql = |source| MemoryError::from_sql(path.to_path_buf(), source);
    let hash = prepared.hash;
    if policy != DuplicatePolicy::All && probe.may_exist(hash) {
        let mut find = tx
            .prepare_cached("SELECT id, data FROM unit WHERE content_hash = ?1 ORDER BY id")
            .map_err(sql)?;
        let candidates: Vec<(i64, String)> = find
            .query_map([hash], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(sql)?
            .collect::<rusqlite::Result<_>>()
            .map_err(sql)?;
        for (id, data) in candidates {
            let existing: TranslationUnit =
                serde_json::from_str(&data).map_err(|e| MemoryError::Corrupt {
                    path: path.to_path_buf(),
                    unit_id: id,
                    detail: e.to_string(),
                })?;
            if !same_content(&existing, &prepared.unit) {
                continue;
            }
            return match policy {
                DuplicatePolicy::Keep => Ok((id, StoreOutcome::Skipped)),
                DuplicatePolicy::Replace => {
                    write_unit(tx, writer, Some(id), prepared, path)?;
                    Ok((id, StoreOutcome::Replaced))
                }
                DuplicatePolicy::Merge => {
                    let merged = PreparedUnit::new(merge_units(&existing, &prepared.unit));
                    write_unit(tx, writer, Some(id), &merged, path)?;
                    Ok((id, StoreOutcome::Merged))
                }
                DuplicatePolicy::All => unreachable!("policy All never looks for duplicates"),
            };
        }
    }
    let id = write_unit(tx, writer, None, prepared, path)?;
    probe.written(hash);
    Ok((id, StoreOutcome::Inserted))
}

/// Inserts a unit (or rewrites unit `id`) and its variant index rows.
fn write_unit(
    tx: &Transaction,
    writer: &mut IndexWriter,
    id: Option<i64>,
    prepared: &PreparedUnit,
    path: &Path,
) -> Result<i64> {
    let sql = |source| MemoryError::from_sql(path.to_path_buf(), source);
    let unit = &prepared.unit;
    let data = prepared
        .data
        .as_deref()
        .map_err(|detail| MemoryError::Corrupt {
            path: path.to_path_buf(),
            unit_id: id.unwrap_or(0),
            detail: detail.to_string(),
        })?;
    let hash = prepared.hash;
    let id = match id {
        Some(id) => {
            tx.prepare_cached("UPDATE unit SET tuid = ?2, changed = ?3, content_hash = ?4, data = ?5 WHERE id = ?1")
                .map_err(sql)?
                .execute(params![id, unit.tuid(), unit.last_changed(), hash, data])
                .map_err(sql)?;
            writer.removing_unit(tx, id).map_err(sql)?;
            tx.prepare_cached("DELETE FROM variant WHERE unit_id = ?1")
                .map_err(sql)?
                .execute([id])
                .map_err(sql)?;
            id
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO unit(tuid, changed, content_hash, data) VALUES (?1, ?2, ?3, ?4)",
            )
            .map_err(sql)?
            .execute(params![unit.tuid(), unit.last_changed(), hash, data])
            .map_err(sql)?;
            tx.last_insert_rowid()
        }
    };
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO variant(id, unit_id, ord, lang, text, key_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(sql)?;
    for (ord, variant) in prepared.variants.iter().enumerate() {
        let variant_id = writer.next_variant_id(tx).map_err(sql)?;
        insert
            .execute(params![
                variant_id,
                id,
                ord as i64,
                variant.lang,
                variant.text,
                variant.key_hash
            ])
            .map_err(sql)?;
        writer
            .add(tx, variant_id, &variant.lang, &variant.tokens)
            .map_err(sql)?;
    }
    Ok(id)
}

/// Merges two units with the same content (see [`DuplicatePolicy::Merge`]).
pub fn merge_units(existing: &TranslationUnit, incoming: &TranslationUnit) -> TranslationUnit {
    let incoming_newer =
        incoming.last_changed().unwrap_or("") >= existing.last_changed().unwrap_or("");
    let (older, newer) = if incoming_newer {
        (existing, incoming)
    } else {
        (incoming, existing)
    };
    let mut merged = newer.clone();
    merged.attrs = merge_attrs(&older.attrs, &newer.attrs);
    merged.props = union(&older.props, &newer.props);
    merged.notes = union(&older.notes, &newer.notes);
    // The first variant of each language in the older unit (a map, so a
    // unit with thousands of languages merges in linear time).
    let mut by_lang: std::collections::HashMap<String, &Variant> = Default::default();
    for v in &older.variants {
        by_lang
            .entry(v.lang.normalized().to_ascii_lowercase())
            .or_insert(v);
    }
    for variant in merged.variants.iter_mut() {
        if let Some(old) = by_lang.get(&variant.lang.normalized().to_ascii_lowercase()) {
            variant.attrs = merge_attrs(&old.attrs, &variant.attrs);
            variant.props = union(&old.props, &variant.props);
            variant.notes = union(&old.notes, &variant.notes);
        }
    }
    merged
}

fn merge_attrs(older: &[(String, String)], newer: &[(String, String)]) -> Vec<(String, String)> {
    let mut out = older.to_vec();
    for (name, value) in newer {
        set_attr(&mut out, name, value.clone());
    }
    let pick = |name: &str, choose: fn(String, String) -> String| match (
        attr(&older.to_vec(), name),
        attr(&newer.to_vec(), name),
    ) {
        (Some(a), Some(b)) => Some(choose(a.to_string(), b.to_string())),
        _ => None,
    };
    if let Some(count) = pick("usagecount", |a, b| {
        (a.trim().parse::<u64>().unwrap_or(0) + b.trim().parse::<u64>().unwrap_or(0)).to_string()
    }) {
        set_attr(&mut out, "usagecount", count);
    }
    if let Some(date) = pick("creationdate", std::cmp::min) {
        set_attr(&mut out, "creationdate", date);
    }
    if let Some(date) = pick("lastusagedate", std::cmp::max) {
        set_attr(&mut out, "lastusagedate", date);
    }
    out
}

fn union<T: Clone + PartialEq>(a: &[T], b: &[T]) -> Vec<T> {
    let mut out = a.to_vec();
    for item in b {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests;
