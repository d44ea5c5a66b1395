//! The fuzzy index cache of an open memory: each language's token index is
//! read once, then kept in step with writes by a small second index of the
//! segments added since (the *delta*). A write by this handle or by another
//! process costs the next lookup the rows it added, not a reload of the
//! whole index (0.9 s at a million units, 25 s at ten million).
//!
//! Two invariants of the writers make the delta exact:
//! - **a variant id is never given twice** and a variant's tokens never change
//!   under its id: an update writes the unit's variants anew, at new ids
//!   (a duplicate merged or replaced with the same texts in the same places
//!   keeps its variants' ids, and so their tokens, and updates the rows), and
//!   the next id stays above a high-water mark even when the newest variants
//!   were deleted (`meta.next_variant_id` in SQLite, `tmkit_memory.next_variant`
//!   in PostgreSQL). So the rows above the highest id the cache has read are
//!   exactly the rows added since; rows deleted since stay in the cached index
//!   and drop out when the ranking reads their rows (a missing row is skipped:
//!   a candidate too many costs a read, never a wrong result);
//! - **token ids are given once**, and only a rebuild of the index gives them
//!   anew; it moves the *index epoch* (`meta.index_epoch`,
//!   `tmkit_memory.index_epoch`), and a cache that finds another epoch reads the
//!   whole index again.
//!
//! The delta numbers its tokens densely among themselves (the memory's token
//! ids are mapped), so a damaged id can never size an array. A query word the
//! loaded vocabulary lacks is looked up in the memory only while the delta
//! holds segments (the word may be new). Once the delta passes
//! [`delta_limit`] segments the whole index is read again, so the delta stays
//! small next to it and the phantoms of deleted rows do not pile up.

use super::codec::{blob_at, decode_tokens, decode_tokens_into};
use super::seqstore::SeqTable;
use super::{Memory, MemoryError};
use crate::fuzzy::filter::{FilterStats, Hit, Search, TokenIndex, TokenIndexBuilder};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::mpsc;

type Result<T> = std::result::Result<T, MemoryError>;

/// The loaded token indexes of one open memory, per index language.
#[derive(Default)]
pub(super) struct IndexCache {
    languages: RefCell<HashMap<String, Arc<LiveIndex>>>,
    /// Whole indexes read so far (writes should not cause one).
    whole_reads: std::cell::Cell<u64>,
}

/// A search of a [`LiveIndex`] at falling thresholds: the base's and the
/// delta's.
pub(super) struct LiveSearch {
    base: Search,
    delta: Option<Search>,
}

/// How far a cached index has read the memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Marks {
    /// The highest variant id read (rows above it were added since).
    pub variant: i64,
    /// The index epoch the rows were read in.
    pub epoch: i64,
}

/// The segments of a language added above some variant id, read in one
/// snapshot together with the index epoch.
pub(super) struct Added {
    pub epoch: i64,
    /// Variant id and token ids (the memory's), ascending by id.
    pub sequences: Vec<(i64, Vec<u32>)>,
}

/// Segments added after the base index was read, with their own token
/// numbering (see the module comment).
#[derive(Clone, Default)]
struct Delta {
    /// The memory's token id → the delta's.
    local: HashMap<u32, u32>,
    /// The delta's sequences (local ids), kept to build the next delta.
    builder: TokenIndexBuilder,
    segments: usize,
    index: Arc<TokenIndex>,
}

/// The loaded indexes of a handle, to hand to a handle on another thread
/// (see `batch`): the same arrays, not a copy.
pub(super) struct SharedIndexes(Vec<(String, Arc<LiveIndex>)>);

impl IndexCache {
    /// The indexes loaded so far.
    pub(super) fn shared(&self) -> SharedIndexes {
        SharedIndexes(
            self.languages
                .borrow()
                .iter()
                .map(|(lang, index)| (lang.clone(), index.clone()))
                .collect(),
        )
    }

    /// Takes `indexes` as this handle's own. Each still carries the change
    /// stamp of the handle that read it, which this handle's connection never
    /// has, so its first lookup brings the index up to date the way a write
    /// by another process would: by the rows added above its marks (none,
    /// usually), not by reading it whole.
    pub(super) fn adopt(&self, indexes: &SharedIndexes) {
        let mut languages = self.languages.borrow_mut();
        for (lang, index) in &indexes.0 {
            // A stamp no connection has (two connections' counters may be
            // equal by chance).
            let adopted = LiveIndex {
                stamp: (u64::MAX, i64::MIN),
                marks: index.marks,
                base: index.base.clone(),
                delta: index.delta.clone(),
            };
            languages.insert(lang.clone(), Arc::new(adopted));
        }
    }
}

/// One language's index as a lookup sees it: the base read whole, plus the
/// delta added since.
pub(super) struct LiveIndex {
    /// The memory's change stamp when it was last brought up to date.
    stamp: (u64, i64),
    marks: Marks,
    base: Arc<TokenIndex>,
    delta: Delta,
}

/// Segments a delta may hold before the whole index is read again: enough
/// that a translator's confirmed segments and a small import never trigger
/// it, few enough that building the delta after each write stays cheap
/// next to a lookup.
fn delta_limit(base: usize) -> usize {
    4096 + base / 32
}

impl LiveIndex {
    /// Segments indexed (deleted ones still counted until the next reload).
    pub(super) fn len(&self) -> usize {
        self.base.len() + self.delta.segments
    }

    /// Approximate heap bytes.
    pub(super) fn heap_bytes(&self) -> usize {
        self.base.heap_bytes() + self.delta.index.heap_bytes() + 12 * self.delta.local.len()
    }

    /// The base and delta searched with the same query (the memory's token
    /// ids); the hits are those of one index over all segments, since each
    /// search is exact over its own segments and the two hold different ids.
    pub(super) fn search(&self, query: &[Option<u32>], min: u8) -> (Vec<Hit>, FilterStats) {
        let mut search = self.start_search(query);
        self.search_more(&mut search, min)
    }

    /// A search of `query` to be run at falling thresholds (see
    /// [`TokenIndex::search_more`]), over the base and the delta.
    pub(super) fn start_search(&self, query: &[Option<u32>]) -> LiveSearch {
        let delta = (self.delta.segments > 0).then(|| {
            let local: Vec<Option<u32>> = query
                .iter()
                .map(|t| t.and_then(|t| self.delta.local.get(&t).copied()))
                .collect();
            self.delta.index.start_search(&local, true)
        });
        LiveSearch {
            base: self.base.start_search(query, true),
            delta,
        }
    }

    /// Continues `search` at `min`: the hits at `min` not returned by an
    /// earlier call (see [`TokenIndex::search_more`]).
    pub(super) fn search_more(&self, search: &mut LiveSearch, min: u8) -> (Vec<Hit>, FilterStats) {
        let (mut hits, mut stats) = self.base.search_more(&mut search.base, min);
        if let Some(delta) = &mut search.delta {
            let (more, more_stats) = self.delta.index.search_more(delta, min);
            hits.extend(more);
            stats.postings_read += more_stats.postings_read;
            stats.candidates += more_stats.candidates;
            stats.verified += more_stats.verified;
            stats.hits += more_stats.hits;
        }
        (hits, stats)
    }

    /// The postings a search of the base would read (see
    /// [`TokenIndex::search_cost`]; the delta is small beside it).
    pub(super) fn search_cost(&self, query: &[Option<u32>], min: u8) -> usize {
        self.base.search_cost(query, min)
    }

    /// [`TokenIndex::phrase_sequences`] over the base and the delta
    /// (`allowed` in the memory's token ids).
    pub(super) fn phrase_sequences(&self, allowed: &[HashSet<u32>]) -> (Vec<(usize, i64)>, usize) {
        let (mut found, mut checked) = self.base.phrase_sequences(allowed);
        if self.delta.segments > 0 {
            let local: Vec<HashSet<u32>> = allowed
                .iter()
                .map(|ids| {
                    ids.iter()
                        .filter_map(|t| self.delta.local.get(t).copied())
                        .collect()
                })
                .collect();
            if local.iter().all(|ids| !ids.is_empty()) {
                let (more, more_checked) = self.delta.index.phrase_sequences(&local);
                found.extend(more);
                checked += more_checked;
            }
        }
        (found, checked)
    }

    /// This index with `added` appended to its delta.
    fn extended(&self, stamp: (u64, i64), added: Added) -> LiveIndex {
        let mut delta = self.delta.clone();
        let mut marks = self.marks;
        let mut mapped = Vec::new();
        for (id, tokens) in &added.sequences {
            mapped.clear();
            for &t in tokens {
                let next = delta.local.len() as u32 + 1;
                mapped.push(*delta.local.entry(t).or_insert(next));
            }
            delta.builder.sequence(*id, &mapped);
            delta.segments += 1;
            marks.variant = marks.variant.max(*id);
        }
        if !added.sequences.is_empty() {
            delta.index = Arc::new(delta.builder.clone().build());
        }
        LiveIndex {
            stamp,
            marks,
            base: self.base.clone(),
            delta,
        }
    }
}

impl Memory {
    /// Changes whenever the memory does: this connection's change counter
    /// and SQLite's `data_version` (another connection's commits), or the
    /// PostgreSQL memory's generation.
    fn cache_stamp(&self) -> Result<(u64, i64)> {
        if let Some(pg) = &self.pg {
            return pg.change_stamp();
        }
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(|e| self.sql(e))?;
        Ok((self.conn.total_changes(), version))
    }

    /// The token index of a language (`lang`: the index language), read on
    /// first use and brought up to date when the memory has changed.
    pub(super) fn live_index(&self, lang: &str) -> Result<Arc<LiveIndex>> {
        let stamp = self.cache_stamp()?;
        let cached = self.fuzzy_cache.languages.borrow().get(lang).cloned();
        let fresh = match cached {
            Some(index) if index.stamp == stamp => return Ok(index),
            Some(index) => match self.read_added(lang, index.marks.variant)? {
                Some(added)
                    if added.epoch == index.marks.epoch
                        && index.delta.segments + added.sequences.len()
                            <= delta_limit(index.base.len()) =>
                {
                    index.extended(stamp, added)
                }
                _ => self.read_whole(lang, stamp)?,
            },
            None => self.read_whole(lang, stamp)?,
        };
        let fresh = Arc::new(fresh);
        self.fuzzy_cache
            .languages
            .borrow_mut()
            .insert(lang.to_string(), fresh.clone());
        Ok(fresh)
    }

    /// Whole indexes this handle has read (every language).
    pub(super) fn whole_index_reads(&self) -> u64 {
        self.fuzzy_cache.whole_reads.get()
    }

    /// The index of `lang` brought up to date if this handle has read it
    /// already (a serving thread has); `None` rather than reading it whole.
    pub(super) fn loaded_index(&self, lang: &str) -> Result<Option<Arc<LiveIndex>>> {
        if !self.fuzzy_cache.languages.borrow().contains_key(lang) {
            return Ok(None);
        }
        self.live_index(lang).map(Some)
    }

    fn read_whole(&self, lang: &str, stamp: (u64, i64)) -> Result<LiveIndex> {
        let cache = &self.fuzzy_cache;
        cache.whole_reads.set(cache.whole_reads.get() + 1);
        let (base, marks) = match &self.pg {
            Some(pg) => pg.load_index(lang)?,
            None => self.load_index(lang)?,
        };
        Ok(LiveIndex {
            stamp,
            marks,
            base: Arc::new(base),
            delta: Delta::default(),
        })
    }

    /// The query's token ids: from the loaded vocabulary, else (while the
    /// delta holds segments, which may use words the base never saw) from
    /// the memory.
    pub(super) fn query_token_ids(
        &self,
        lang: &str,
        index: &LiveIndex,
        keys: &mut dyn Iterator<Item = &str>,
    ) -> Result<Vec<Option<u32>>> {
        keys.map(|key| match index.base.token_id(key) {
            Some(id) => Ok(Some(id)),
            None if index.delta.segments > 0 => Ok(self
                .token_id_of(lang, key)?
                .filter(|id| index.delta.local.contains_key(id))),
            None => Ok(None),
        })
        .collect()
    }

    pub(super) fn token_id_of(&self, lang: &str, key: &str) -> Result<Option<u32>> {
        if let Some(pg) = &self.pg {
            return pg.token_id(lang, key);
        }
        use rusqlite::OptionalExtension;
        let id: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM fz_token WHERE lang = ?1 AND text = ?2")
            .map_err(|e| self.sql(e))?
            .query_row([lang, key], |row| row.get(0))
            .optional()
            .map_err(|e| self.sql(e))?;
        Ok(id.and_then(|id| u32::try_from(id).ok()))
    }

    /// The segments of `lang` above variant id `after`, with the index
    /// epoch, in one snapshot; `None` where the store cannot tell (a
    /// PostgreSQL schema older than the high-water mark).
    fn read_added(&self, lang: &str, after: i64) -> Result<Option<Added>> {
        if let Some(pg) = &self.pg {
            return pg.load_added(lang, after);
        }
        let sql = |e| self.sql(e);
        let _snapshot = self.read_snapshot()?;
        let epoch = self.index_epoch()?;
        let mut sequences = Vec::new();
        let table = self.seq_table();
        super::seqstore::scan(&self.conn, table, lang, after, sql, |id, blob| {
            let tokens = decode_tokens(blob).map_err(sql)?;
            if tokens.contains(&0) {
                return Err(MemoryError::damaged(
                    self.path.clone(),
                    format!("the token sequence of segment {id} holds the word id 0"),
                ));
            }
            sequences.push((id, tokens));
            Ok(())
        })?;
        Ok(Some(Added { epoch, sequences }))
    }

    /// The index epoch (see the module comment); 0 before the first rebuild.
    pub(super) fn index_epoch(&self) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta
                                  WHERE key = 'index_epoch'), 0)",
                [],
                |row| row.get(0),
            )
            .map_err(|e| self.sql(e))
    }

    /// A read transaction, so that several statements see one state of the
    /// file (another process may commit between them); `None` inside a
    /// transaction already open on this connection. Dropping it ends it.
    pub(super) fn read_snapshot(&self) -> Result<Option<rusqlite::Transaction<'_>>> {
        if !self.conn.is_autocommit() {
            return Ok(None);
        }
        self.conn
            .unchecked_transaction()
            .map(Some)
            .map_err(|e| self.sql(e))
    }
}

/// Builds a base index while its rows are read, noting the highest id.
pub(super) struct BaseReader {
    pub builder: TokenIndexBuilder,
    pub marks: Marks,
}

impl BaseReader {
    pub(super) fn new(epoch: i64) -> BaseReader {
        BaseReader {
            builder: TokenIndexBuilder::default(),
            marks: Marks { variant: 0, epoch },
        }
    }

    /// Adds a segment whose token ids `decode` appends, then `check`s them
    /// (the segment is not added when either fails).
    pub(super) fn sequence_with<E>(
        &mut self,
        id: i64,
        decode: impl FnOnce(&mut Vec<u32>) -> std::result::Result<(), E>,
        check: impl FnOnce(&[u32]) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let tokens = self.builder.sequence_with(id, decode)?;
        if let Err(e) = check(tokens) {
            self.builder.pop_sequence();
            return Err(e);
        }
        self.marks.variant = self.marks.variant.max(id);
        Ok(())
    }

    /// Adds the segments of `rows` (`variant_id, tokens` of `fz_seq`, or
    /// `id, data` of `fz_seqblock`, as `table` says), checking that every
    /// token id is at most `vocab_max` (and not 0).
    ///
    /// The rows are read on this thread (a connection cannot be shared)
    /// and decoded into the index on another as they come: at ten million
    /// segments reading the rows and decoding them take about as long.
    pub(super) fn read_rows(
        mut self,
        mut rows: rusqlite::Rows<'_>,
        table: SeqTable,
        vocab_max: u32,
        path: &std::path::Path,
    ) -> Result<BaseReader> {
        let sql = |e| MemoryError::from_sql(path.to_path_buf(), e);
        std::thread::scope(|scope| {
            let (full_out, full_in) = mpsc::sync_channel::<RawRows>(4);
            let (empty_out, empty_in) = mpsc::channel::<RawRows>();
            let decoding = scope.spawn(move || -> Result<BaseReader> {
                let mut add = |id: i64, blob: &[u8]| {
                    self.sequence_with(
                        id,
                        |out| decode_tokens_into(blob, out).map_err(sql),
                        |tokens| match tokens.iter().find(|&&t| t == 0 || t > vocab_max) {
                            Some(t) => Err(MemoryError::damaged(
                                path.to_path_buf(),
                                format!(
                                    "the token sequence of segment {id} holds the unknown word id {t}"
                                ),
                            )),
                            None => Ok(()),
                        },
                    )
                };
                for chunk in full_in {
                    for (id, blob) in chunk.rows() {
                        match table {
                            SeqTable::Rows => add(id, blob)?,
                            SeqTable::Blocks => {
                                for entry in super::seqstore::entries(id, blob) {
                                    let (id, tokens) = entry.map_err(sql)?;
                                    add(id, tokens)?;
                                }
                            }
                        }
                    }
                    let _ = empty_out.send(chunk.emptied());
                }
                Ok(self)
            });
            let mut scan = || -> Result<()> {
                let mut chunk = RawRows::default();
                while let Some(row) = rows.next().map_err(sql)? {
                    chunk.push(row.get(0).map_err(sql)?, blob_at(row, 1).map_err(sql)?);
                    if chunk.ids.len() == RawRows::ROWS || chunk.bytes.len() >= RawRows::BYTES {
                        let next = empty_in.try_recv().unwrap_or_default();
                        if full_out.send(std::mem::replace(&mut chunk, next)).is_err() {
                            return Ok(()); // the decoding failed: its error is returned
                        }
                    }
                }
                let _ = full_out.send(chunk);
                Ok(())
            };
            let scanned = scan();
            drop(full_out);
            let decoded = decoding.join().unwrap_or_else(|_| {
                Err(MemoryError::Internal(
                    "the index decoding thread panicked".into(),
                ))
            });
            scanned?;
            decoded
        })
    }

    pub(super) fn finish(self) -> (TokenIndex, Marks) {
        (self.builder.build(), self.marks)
    }
}

/// Rows of `fz_seq` or `fz_seqblock` as read, before decoding: ids (block
/// keys), and the blobs one after another.
#[derive(Default)]
struct RawRows {
    ids: Vec<i64>,
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl RawRows {
    /// Rows handed over at a time, at most.
    const ROWS: usize = 8192;
    /// Bytes handed over at a time, at most (about: blocks hold 64
    /// sequences a row).
    const BYTES: usize = 1 << 20;

    fn push(&mut self, id: i64, blob: &[u8]) {
        self.ids.push(id);
        self.bytes.extend_from_slice(blob);
        self.ends.push(self.bytes.len());
    }

    fn rows(&self) -> impl Iterator<Item = (i64, &[u8])> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        self.ids
            .iter()
            .zip(starts.zip(&self.ends))
            .map(|(&id, (start, &end))| (id, &self.bytes[start..end]))
    }

    /// This chunk's buffers, empty, for the next rows.
    fn emptied(mut self) -> RawRows {
        self.ids.clear();
        self.bytes.clear();
        self.ends.clear();
        self
    }
}

#[cfg(test)]
#[path = "indexcache_tests.rs"]
mod tests;
