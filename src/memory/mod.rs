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
mod duplicates;
mod export;
mod import;
mod merge;
mod open;
mod prepare;
// --- PostgreSQL backend (issue 17) ---
mod pg;
pub use pg::{MemoryLocation, is_postgres_url};
// --- end PostgreSQL backend ---
mod rank;
pub mod schema;
mod stats;
mod store;
mod textblock;
mod textcodec;
mod units;
mod upgrade;
mod upgrade5;

pub use merge::merge_units;
pub use units::ForEachError;
pub use upgrade::MigrationProgress;

pub use stats::{LangCount, PAIR_LANGUAGES, PairCount, SourceInfo, Stats};

pub use open::OpenOptions;

pub use export::{ExportError, ExportReport};

// --- fuzzy index (issue 4): token index, concordance, suggestions ---
mod batch;
pub use batch::{lookup_threads, map_lookups};
mod disksearch;
pub use disksearch::LookupPlan;
mod index;
mod indexcache;
mod indexwrite;
mod seqstore;
pub use concordance::{ConcordanceHit, ConcordanceStats};
pub use index::{IndexInfo, MemorySource, suggest_many};
// --- end fuzzy index ---

use crate::unit::{ReadError, ReadWarning, TranslationUnit, Variant};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

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
    /// A PostgreSQL memory: the URL is wrong, the server cannot be reached
    /// or refused, or a statement failed. `detail` says what to do.
    #[error("{location}: {detail}")]
    Postgres {
        /// The memory's URL (never with a password).
        location: String,
        /// What happened and what to do.
        detail: String,
    },
    /// An operation the PostgreSQL backend does not offer (yet).
    #[error(
        "{location}: {what} is not available for a PostgreSQL memory; export it with `tmkit memory export` and use a .tmdb file for this"
    )]
    NotOnPostgres {
        /// The memory's URL.
        location: String,
        /// The operation.
        what: String,
    },
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
    fuzzy_cache: indexcache::IndexCache,
    /// Whether lookups read the index from the file or load it (see
    /// `disksearch`).
    planner: disksearch::Planner,
    /// Posting bytes an index writer may buffer (tests make it tiny).
    posting_buffer: usize,
    /// Content hashes a bulk import keeps in memory (`duplicates::KNOWN_HASHES_LIMIT`).
    known_hashes_limit: usize,
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
    /// The PostgreSQL memory this handle works on; `None` for a file.
    /// With `Some`, `conn` is an empty in-RAM database no method reads:
    /// every method that needs data dispatches to `pg` first.
    pg: Option<Box<pg::PgStore>>,
}

/// Called when a write has to wait for another process's write to finish
/// (SQLite allows one writer at a time); the CLI prints a line on standard
/// error. Called once per wait, before the wait.
pub type WaitHook = Box<dyn FnMut()>;

type Result<T> = std::result::Result<T, MemoryError>;

/// SQLite page cache of an open memory (`PRAGMA cache_size`; negative = KiB).
const CACHE_KIB: i64 = -65_536;

/// The page cache during an import (see [`Memory::import_many`]). SQLite
/// also sizes the sorter that builds the lookup indexes after a bulk load
/// by it, so it counts twice in the import's peak memory: 64 MiB keeps a
/// 1M-unit import under 300 MiB (it was 128 MiB: 379 MiB peak).
const IMPORT_CACHE_KIB: i64 = -65_536;

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
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod index_tests;
