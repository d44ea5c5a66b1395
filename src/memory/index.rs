//! The fuzzy-match token index, inside the memory file; it is the concordance
//! index too.
//!
//! Tables (schema migrations 2 and 3):
//! - `fz_token(id, lang, text)`: the vocabulary of normalised word tokens
//!   (placeables by class), per primary language;
//! - `fz_seq(lang, variant_id, tokens)`: each variant's token ids in order;
//! - `fz_posting(lang, token_id, first_id, ids)`: the inverted index, each
//!   token's ascending variant ids in chunks of at most [`CHUNK`], so adding or
//!   deleting one unit rewrites a few small blobs, never a whole list;
//! - `fz_pending(variant_id)`: variants of a memory migrated from schema 1,
//!   indexed when it is opened (and by [`Memory::rebuild_index`]).
//!
//! Writes go through an [`IndexWriter`], one per transaction.
//!
//! On the first fuzzy lookup for a language the vocabulary, sequences and
//! posting lists are read into a [`TokenIndex`] (compact `u32` arrays) and kept
//! until the memory changes (this connection's change counter or another
//! process's `PRAGMA data_version`).
//!
//! **Architecture invariant:** this is the only place that knows the index's
//! SQL. Tokenising, filtering and scoring are `crate::fuzzy`'s, and pure.

use super::rank::Pending;
use super::{Memory, MemoryError};
use crate::fuzzy::distance::similarity;
use crate::fuzzy::filter::{FilterStats, TokenIndex, TokenIndexBuilder};
use crate::fuzzy::score::{self, Candidate, MatchKind};
use crate::fuzzy::tokenize::{Tokens, tokenize};
use crate::fuzzy::{Query, Scores, Suggestion, context_matches};
use crate::lang::LangTag;
use crate::unit::{TranslationUnit, Variant, tag_count};
use ahash::AHashMap;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Largest number of variant ids in one posting blob.
pub const CHUNK: usize = 2048;

type Result<T> = std::result::Result<T, MemoryError>;

use super::codec::{
    CHUNK_BYTES, blob_at, chunks, decode_ids, decode_tokens, encode_ids, encode_tokens, put_varint,
};

/// The language key of the index: the primary subtag, lower case.
pub(super) fn index_lang(lang: &str) -> String {
    LangTag::parse(lang).primary().to_ascii_lowercase()
}

// ------------------------------------------------------------ maintenance

/// The words of a segment as the index stores them, in order.
pub(super) fn index_tokens(text: &str) -> Vec<String> {
    tokenize(text)
        .words
        .iter()
        .map(|token| token.index_key().to_string())
        .collect()
}

/// Largest number of posting bytes an [`IndexWriter`] keeps in memory before
/// it writes them out (so a huge import stays within a bounded heap).
pub(super) const POSTING_BUFFER_BYTES: usize = 16 << 20;

/// One token's new variant ids, delta-encoded as they arrive.
struct PendingList {
    lang: Rc<str>,
    first: i64,
    last: i64,
    bytes: Vec<u8>,
}

/// The index work of one write transaction.
///
/// Token sequences and full-text rows are written as each variant arrives;
/// posting lists are collected in memory (delta-varint, about 1.5 bytes per
/// posting) and written once per token at [`IndexWriter::finish`], or earlier
/// when the buffer passes [`POSTING_BUFFER_BYTES`]. Writing a token's list once
/// instead of once per batch is what makes a bulk import cheap: the old
/// per-batch flush re-read and rewrote the tail chunk of every token each time.
///
/// Variant ids come from [`IndexWriter::next_variant_id`], so they only grow
/// inside a transaction and a buffered list stays sorted even when a merged
/// duplicate deletes and re-adds the newest variants.
pub(super) struct IndexWriter {
    /// Token text → id per index language, for tokens met in this transaction.
    vocab: HashMap<Rc<str>, AHashMap<String, u32>>,
    /// Index language of each stored language tag met so far.
    lang_keys: HashMap<String, Rc<str>>,
    postings: AHashMap<u32, PendingList>,
    buffered_bytes: usize,
    /// Smallest and largest variant ids whose postings are still only in memory.
    buffer_start: Option<i64>,
    last_buffered: Option<i64>,
    /// Buffered variant ids removed again before being written.
    removed: HashSet<i64>,
    next_id: Option<i64>,
    indexed: u64,
    buffer_limit: usize,
}

impl IndexWriter {
    /// A writer that buffers at most `buffer_limit` posting bytes.
    pub(super) fn new(buffer_limit: usize) -> IndexWriter {
        IndexWriter {
            vocab: HashMap::new(),
            lang_keys: HashMap::new(),
            postings: AHashMap::new(),
            buffered_bytes: 0,
            buffer_start: None,
            last_buffered: None,
            removed: HashSet::new(),
            next_id: None,
            indexed: 0,
            buffer_limit,
        }
    }

    /// The row id to give the next variant written in this transaction.
    pub(super) fn next_variant_id(&mut self, tx: &Transaction) -> rusqlite::Result<i64> {
        let next = match self.next_id {
            Some(next) => next,
            None => tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM variant", [], |row| {
                row.get(0)
            })?,
        };
        self.next_id = Some(next + 1);
        Ok(next)
    }

    fn index_lang(&mut self, lang: &str) -> Rc<str> {
        if let Some(key) = self.lang_keys.get(lang) {
            return key.clone();
        }
        let key: Rc<str> = index_lang(lang).into();
        self.lang_keys.insert(lang.to_string(), key.clone());
        key
    }

    /// Indexes a variant just written (`lang` as stored in `variant.lang`,
    /// `tokens` from [`index_tokens`] of its text).
    pub(super) fn add(
        &mut self,
        tx: &Transaction,
        variant_id: i64,
        lang: &str,
        tokens: &[String],
    ) -> rusqlite::Result<()> {
        let key = self.index_lang(lang);
        let mut ids = Vec::with_capacity(tokens.len());
        {
            let words = self.vocab.entry(key.clone()).or_default();
            for word in tokens {
                let id = match words.get(word) {
                    Some(&id) => id,
                    None => {
                        let id = token_id(tx, &key, word)?;
                        words.insert(word.to_string(), id);
                        id
                    }
                };
                ids.push(id);
            }
        }
        tx.prepare_cached(
            "INSERT OR REPLACE INTO fz_seq(lang, variant_id, tokens) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![&*key, variant_id, encode_tokens(&ids)])?;
        ids.sort_unstable();
        ids.dedup();
        if self.last_buffered.is_some_and(|last| variant_id <= last) {
            // Out of order (never the case for ids from `next_variant_id` or
            // for the id-ordered catch-up): write what is buffered first so
            // every buffered list stays ascending.
            self.write_postings(tx)?;
        }
        self.buffer_start.get_or_insert(variant_id);
        self.last_buffered = Some(variant_id);
        for token in ids {
            let before = self.postings.get(&token).map_or(0, |l| l.bytes.len());
            let list = self.postings.entry(token).or_insert_with(|| PendingList {
                lang: key.clone(),
                first: variant_id,
                last: 0,
                bytes: Vec::new(),
            });
            put_varint(&mut list.bytes, (variant_id - list.last) as u64);
            list.last = variant_id;
            self.buffered_bytes += list.bytes.len() - before;
        }
        self.indexed += 1;
        if self.buffered_bytes > self.buffer_limit {
            self.write_postings(tx)?;
        }
        Ok(())
    }

    /// Takes a unit's variants out of both indexes. Call before the variant
    /// rows go.
    pub(super) fn removing_unit(&mut self, tx: &Transaction, unit_id: i64) -> rusqlite::Result<()> {
        let variants: Vec<(i64, String)> = tx
            .prepare_cached("SELECT id, lang FROM variant WHERE unit_id = ?1")?
            .query_map([unit_id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (variant_id, lang) in variants {
            let was_pending = tx
                .prepare_cached("DELETE FROM fz_pending WHERE variant_id = ?1")?
                .execute([variant_id])?;
            if was_pending > 0 {
                continue; // never indexed
            }
            let key = self.index_lang(&lang);
            let tokens: Option<Vec<u8>> = tx
                .prepare_cached("SELECT tokens FROM fz_seq WHERE lang = ?1 AND variant_id = ?2")?
                .query_row(params![&*key, variant_id], |row| row.get(0))
                .optional()?;
            let Some(tokens) = tokens else { continue };
            tx.prepare_cached("DELETE FROM fz_seq WHERE lang = ?1 AND variant_id = ?2")?
                .execute(params![&*key, variant_id])?;
            if self.buffer_start.is_some_and(|start| variant_id >= start) {
                self.removed.insert(variant_id);
                continue;
            }
            let mut distinct = decode_tokens(&tokens)?;
            distinct.sort_unstable();
            distinct.dedup();
            for token in distinct {
                remove_posting(tx, &key, token, variant_id)?;
            }
        }
        Ok(())
    }

    /// Writes what is buffered; returns the number of variants indexed in
    /// this transaction. Call before the transaction commits.
    pub(super) fn finish(mut self, tx: &Transaction) -> rusqlite::Result<u64> {
        self.write_postings(tx)?;
        Ok(self.indexed)
    }

    fn write_postings(&mut self, tx: &Transaction) -> rusqlite::Result<()> {
        let mut lists: Vec<(u32, PendingList)> = self.postings.drain().collect();
        // Key order (language, then token) keeps the B-tree writes local.
        lists.sort_unstable_by(|(a, x), (b, y)| x.lang.cmp(&y.lang).then(a.cmp(b)));
        let mut last_chunk = tx.prepare_cached(
            "SELECT first_id, ids FROM fz_posting WHERE lang = ?1 AND token_id = ?2
             ORDER BY first_id DESC LIMIT 1",
        )?;
        let mut put = tx.prepare_cached(
            "INSERT OR REPLACE INTO fz_posting(lang, token_id, first_id, ids) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (token, list) in lists {
            let mut new_ids = decode_ids(&list.bytes)?;
            if !self.removed.is_empty() {
                new_ids.retain(|id| !self.removed.contains(id));
            }
            if new_ids.is_empty() {
                continue;
            }
            let last: Option<(i64, Vec<u8>)> = last_chunk
                .query_row(params![&*list.lang, token], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .optional()?;
            let mut tail: Vec<i64> = Vec::new();
            let mut tail_first = None;
            if let Some((first, blob)) = last {
                let ids = decode_ids(&blob)?;
                if ids.last().is_some_and(|&max| max >= list.first) {
                    // A row id reused after a delete: rewrite the whole list in order.
                    rewrite_list(tx, &list.lang, token, &new_ids)?;
                    continue;
                }
                if ids.len() < CHUNK && blob.len() < CHUNK_BYTES {
                    tail = ids;
                    tail_first = Some(first);
                }
            }
            tail.extend_from_slice(&new_ids);
            for (n, piece) in chunks(&tail).into_iter().enumerate() {
                let first = match (n, tail_first) {
                    (0, Some(first)) => first,
                    _ => piece[0],
                };
                put.execute(params![&*list.lang, token, first, encode_ids(piece)])?;
            }
        }
        self.buffered_bytes = 0;
        self.buffer_start = None;
        self.last_buffered = None;
        self.removed.clear();
        Ok(())
    }
}

/// The id of a token in `fz_token`, added if new.
fn token_id(tx: &Transaction, lang: &str, word: &str) -> rusqlite::Result<u32> {
    let found: Option<i64> = tx
        .prepare_cached("SELECT id FROM fz_token WHERE lang = ?1 AND text = ?2")?
        .query_row(params![lang, word], |row| row.get(0))
        .optional()?;
    let id = match found {
        Some(id) => id,
        None => {
            tx.prepare_cached("INSERT INTO fz_token(lang, text) VALUES (?1, ?2)")?
                .execute(params![lang, word])?;
            tx.last_insert_rowid()
        }
    };
    Ok(id as u32)
}

fn remove_posting(
    tx: &Transaction,
    lang: &str,
    token: u32,
    variant_id: i64,
) -> rusqlite::Result<()> {
    let chunk: Option<(i64, Vec<u8>)> = tx
        .prepare_cached(
            "SELECT first_id, ids FROM fz_posting WHERE lang = ?1 AND token_id = ?2 AND first_id <= ?3
             ORDER BY first_id DESC LIMIT 1",
        )?
        .query_row(params![lang, token, variant_id], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?;
    let Some((first, blob)) = chunk else {
        return Ok(());
    };
    let mut ids = decode_ids(&blob)?;
    let before = ids.len();
    ids.retain(|&id| id != variant_id);
    if ids.len() == before {
        return Ok(());
    }
    tx.prepare_cached(
        "DELETE FROM fz_posting WHERE lang = ?1 AND token_id = ?2 AND first_id = ?3",
    )?
    .execute(params![lang, token, first])?;
    if let Some(&new_first) = ids.first() {
        tx.prepare_cached(
            "INSERT INTO fz_posting(lang, token_id, first_id, ids) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![lang, token, new_first, encode_ids(&ids)])?;
    }
    Ok(())
}

fn rewrite_list(tx: &Transaction, lang: &str, token: u32, new_ids: &[i64]) -> rusqlite::Result<()> {
    let mut all: Vec<i64> = {
        let mut stmt =
            tx.prepare_cached("SELECT ids FROM fz_posting WHERE lang = ?1 AND token_id = ?2")?;
        let blobs = stmt.query_map(params![lang, token], |row| row.get::<_, Vec<u8>>(0))?;
        let mut all = Vec::new();
        for blob in blobs {
            all.extend(decode_ids(&blob?)?);
        }
        all
    };
    all.extend_from_slice(new_ids);
    all.sort_unstable();
    all.dedup();
    tx.prepare_cached("DELETE FROM fz_posting WHERE lang = ?1 AND token_id = ?2")?
        .execute(params![lang, token])?;
    let mut put = tx.prepare_cached(
        "INSERT INTO fz_posting(lang, token_id, first_id, ids) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for piece in chunks(&all) {
        put.execute(params![lang, token, piece[0], encode_ids(piece)])?;
    }
    Ok(())
}

/// Variants read, tokenised in parallel, then indexed, at a time.
const BUILD_CHUNK: usize = 16_384;

/// Indexes every variant queued in `fz_pending` (a memory migrated from
/// schema 1, or a rebuild). Returns the number of variants indexed.
///
/// Tokenising is most of the work and needs no database: each chunk of
/// variants is tokenised on the rayon pool (all cores), then written in id
/// order by one [`IndexWriter`].
pub(super) fn index_pending(tx: &Transaction) -> rusqlite::Result<u64> {
    use rayon::prelude::*;
    let mut writer = IndexWriter::new(POSTING_BUFFER_BYTES);
    {
        let mut stmt = tx.prepare(
            "SELECT v.id, v.lang, v.text FROM fz_pending p JOIN variant v ON v.id = p.variant_id
             ORDER BY v.id",
        )?;
        let mut rows = stmt.query([])?;
        let mut finished = false;
        while !finished {
            let mut chunk: Vec<(i64, String, String)> = Vec::with_capacity(BUILD_CHUNK);
            while chunk.len() < BUILD_CHUNK {
                let Some(row) = rows.next()? else {
                    finished = true;
                    break;
                };
                chunk.push((row.get(0)?, row.get(1)?, row.get(2)?));
            }
            let tokens: Vec<Vec<String>> = chunk
                .par_iter()
                .map(|(_, _, text)| index_tokens(text))
                .collect();
            for ((id, lang, _), tokens) in chunk.iter().zip(tokens) {
                writer.add(tx, *id, lang, &tokens)?;
            }
        }
    }
    tx.execute("DELETE FROM fz_pending", [])?;
    writer.finish(tx)
}

// ------------------------------------------------------------------ cache

/// The in-memory token indexes of one open memory, per language.
#[derive(Default)]
pub(super) struct IndexCache {
    state: RefCell<CacheState>,
}

#[derive(Default)]
struct CacheState {
    stamp: Option<(u64, i64)>,
    languages: HashMap<String, Rc<TokenIndex>>,
}

/// Sizes of an index, for `tmkit memory stats`-like reports and benchmarks.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct IndexInfo {
    /// Segments indexed in this language.
    pub segments: usize,
    /// Approximate heap bytes of the loaded index.
    pub heap_bytes: usize,
}

// ------------------------------------------------------------ lookups

/// A memory to search among several, with its name, rank and penalty
/// (see [`suggest_many`]).
pub struct MemorySource<'a> {
    /// The open memory.
    pub memory: &'a Memory,
    /// The name shown with its suggestions (usually the path).
    pub name: String,
    /// Points taken off every suggestion from it.
    pub penalty: u8,
}

/// Suggestions from several memories at once: each memory's penalty is taken
/// off its scores, then all are ranked by score, then by the order the
/// memories were given (earlier first), then by recency.
pub fn suggest_many(sources: &[MemorySource], query: &Query) -> Result<Vec<Suggestion>> {
    let mut all = Vec::new();
    for (priority, source) in sources.iter().enumerate() {
        all.extend(source.memory.suggest_from(
            query,
            &source.name,
            source.penalty,
            priority,
            true,
        )?);
    }
    all.sort_by(Suggestion::ranking);
    all.truncate(query.max_results);
    Ok(all)
}

/// A row of the variant table that may become a suggestion.
pub(super) struct Row {
    pub(super) variant_id: i64,
    pub(super) unit_id: i64,
    pub(super) ord: usize,
    pub(super) text: String,
}

impl Memory {
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

    /// The in-memory token index of a language (loaded on first use, kept
    /// until the memory changes).
    fn token_index(&self, lang: &str) -> Result<Rc<TokenIndex>> {
        let stamp = self.cache_stamp()?;
        {
            let mut state = self.fuzzy_cache.state.borrow_mut();
            if state.stamp != Some(stamp) {
                state.languages.clear();
                state.stamp = Some(stamp);
            }
            if let Some(index) = state.languages.get(lang) {
                return Ok(index.clone());
            }
        }
        let index = Rc::new(self.load_index(lang)?);
        self.fuzzy_cache
            .state
            .borrow_mut()
            .languages
            .insert(lang.to_string(), index.clone());
        Ok(index)
    }

    /// Fails when the memory has no complete index: a memory from an older
    /// tmkit opened read-only (a read-write open builds the index).
    pub(super) fn require_index(&self) -> Result<()> {
        if self.pg.is_some() {
            return Ok(()); // kept in step by every PostgreSQL write
        }
        self.require_schema(2, "has no fuzzy-match index yet")?;
        if self.read_only {
            let pending: bool = self
                .conn
                .query_row("SELECT EXISTS (SELECT 1 FROM fz_pending)", [], |row| {
                    row.get(0)
                })
                .map_err(|e| self.sql(e))?;
            if pending {
                return Err(MemoryError::NeedsMigration {
                    path: self.path.clone(),
                    found: self.schema_version,
                    current: super::schema::current_version(),
                    what: "its fuzzy-match index is not built yet".to_string(),
                });
            }
        }
        Ok(())
    }

    /// Reads a language's index into memory. Every number read from the
    /// file is checked before it sizes anything: token ids must belong to
    /// the vocabulary (whose ids are dense: SQLite gives the next row id),
    /// blobs must decode; anything else is [`MemoryError::Damaged`].
    fn load_index(&self, lang: &str) -> Result<TokenIndex> {
        if let Some(pg) = &self.pg {
            return pg.load_index(lang);
        }
        self.require_index()?;
        let sql = |e| self.sql(e);
        let damaged = |detail: String| MemoryError::damaged(self.path.clone(), detail);
        let (rows, max_id): (i64, i64) = self
            .conn
            .query_row(
                "SELECT count(*), coalesce(max(id), 0) FROM fz_token",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .map_err(sql)?;
        // Ids are given densely; rebuilds and rolled-back imports leave gaps
        // of at most the rows they removed, so twice the count is generous.
        if max_id > 2 * rows + 1024 || max_id > i64::from(u32::MAX) {
            return Err(damaged(format!(
                "the index vocabulary has {rows} words but an id of {max_id}"
            )));
        }
        let mut builder = TokenIndexBuilder::default();
        let mut vocab_max = 0u32;
        {
            let mut stmt = self
                .conn
                .prepare("SELECT id, text FROM fz_token WHERE lang = ?1")
                .map_err(sql)?;
            let mut rows = stmt.query([lang]).map_err(sql)?;
            while let Some(row) = rows.next().map_err(sql)? {
                let id = row.get::<_, i64>(0).map_err(sql)?;
                let id = u32::try_from(id)
                    .map_err(|_| damaged(format!("an index word has the id {id}")))?;
                vocab_max = vocab_max.max(id);
                builder.token(id, row.get(1).map_err(sql)?);
            }
        }
        let check = |tokens: &[u32], what: &dyn Fn() -> String| -> Result<()> {
            match tokens.iter().find(|&&t| t == 0 || t > vocab_max) {
                Some(t) => Err(damaged(format!("{} holds the unknown word id {t}", what()))),
                None => Ok(()),
            }
        };
        {
            let mut stmt = self
                .conn
                .prepare("SELECT variant_id, tokens FROM fz_seq WHERE lang = ?1")
                .map_err(sql)?;
            let mut rows = stmt.query([lang]).map_err(sql)?;
            while let Some(row) = rows.next().map_err(sql)? {
                let id: i64 = row.get(0).map_err(sql)?;
                let blob = blob_at(row, 1).map_err(sql)?;
                let tokens = decode_tokens(blob).map_err(sql)?;
                check(&tokens, &|| format!("the token sequence of segment {id}"))?;
                builder.sequence(id, &tokens);
            }
        }
        // The posting lists are not read: the index derives them from the
        // sequences (see `TokenIndex`), which is faster than decoding them
        // and leaves the full lists unbuilt until a search below θ = 50.
        Ok(builder.build())
    }

    /// Loads the token index of `lang` now (a lookup would load it on first
    /// use) and reports its size.
    pub fn warm_index(&self, lang: &LangTag) -> Result<IndexInfo> {
        let index = self.token_index(&lang.primary().to_ascii_lowercase())?;
        Ok(IndexInfo {
            segments: index.len(),
            heap_bytes: index.heap_bytes(),
        })
    }

    /// Rebuilds the fuzzy and concordance indexes from the stored variants
    /// (normally never needed: they are kept in step on every change).
    /// Returns the number of variants indexed.
    pub fn rebuild_index(&mut self) -> Result<u64> {
        if let Some(pg) = &self.pg {
            return Err(pg.not_here("rebuild-index"));
        }
        self.check_writable()?;
        let path = self.path.clone();
        let sql = |source| MemoryError::from_sql(path.clone(), source);
        let tx = super::open::begin_write(
            &self.conn,
            &path,
            &mut self.on_wait,
            self.busy_timeout,
            self.file_id,
        )?;
        tx.execute_batch(
            "DELETE FROM fz_posting; DELETE FROM fz_seq; DELETE FROM fz_token;
             INSERT OR IGNORE INTO fz_pending(variant_id) SELECT id FROM variant;",
        )
        .map_err(sql)?;
        let done = index_pending(&tx).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(done)
    }

    /// The best matches for a source segment: every unit whose source-language
    /// segment scores at least `query.min_score`, best first (score, then most
    /// recently changed), at most `query.max_results`. Uses the token index;
    /// the result is identical to [`Memory::suggest_exhaustive`].
    pub fn suggest(&self, query: &Query) -> Result<Vec<Suggestion>> {
        let name = self.path.display().to_string();
        self.suggest_from(query, &name, 0, 0, true)
    }

    /// Like [`Memory::suggest`], also reporting what the candidate filter did.
    pub fn suggest_explained(&self, query: &Query) -> Result<(Vec<Suggestion>, FilterStats)> {
        let name = self.path.display().to_string();
        let tokens = tokenize(&query.text);
        if tokens.is_empty() || query.max_results == 0 {
            return Ok((Vec::new(), FilterStats::default()));
        }
        let (rows, stats) = self.indexed_candidates(query, &tokens)?;
        let found = self.rank_rows(query, &tokens, rows, &name, 0, 0, true)?;
        Ok((found, stats))
    }

    /// The reference implementation of [`Memory::suggest`]: scores every
    /// segment of the source language, without the index. Slow on a large
    /// memory; tests and benchmarks compare the two.
    pub fn suggest_exhaustive(&self, query: &Query) -> Result<Vec<Suggestion>> {
        if let Some(pg) = &self.pg {
            return Err(pg.not_here("the exhaustive fuzzy scan"));
        }
        let tokens = tokenize(&query.text);
        if tokens.is_empty() || query.max_results == 0 {
            return Ok(Vec::new());
        }
        let sql = |e| self.sql(e);
        let mut rows = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT id, unit_id, ord, lang, text FROM variant ORDER BY id")
                .map_err(sql)?;
            let mut result = stmt.query([]).map_err(sql)?;
            while let Some(row) = result.next().map_err(sql)? {
                let lang: String = row.get(3).map_err(sql)?;
                if !LangTag::parse(&lang).same_language(&query.source) {
                    continue;
                }
                rows.push(Row {
                    variant_id: row.get(0).map_err(sql)?,
                    unit_id: row.get(1).map_err(sql)?,
                    ord: row.get::<_, i64>(2).map_err(sql)? as usize,
                    text: row.get(4).map_err(sql)?,
                });
            }
        }
        let name = self.path.display().to_string();
        let pending = rows
            .into_iter()
            .map(|row| Pending {
                coarse: 101,
                variant_id: row.variant_id,
                row: Some(row),
            })
            .collect();
        self.rank_rows(query, &tokens, pending, &name, 0, 0, false)
    }

    pub(crate) fn suggest_from(
        &self,
        query: &Query,
        name: &str,
        penalty: u8,
        priority: usize,
        early_stop: bool,
    ) -> Result<Vec<Suggestion>> {
        let tokens = tokenize(&query.text);
        if tokens.is_empty() || query.max_results == 0 {
            return Ok(Vec::new());
        }
        let (rows, _) = self.indexed_candidates(query, &tokens)?;
        self.rank_rows(query, &tokens, rows, name, penalty, priority, early_stop)
    }

    fn indexed_candidates(
        &self,
        query: &Query,
        tokens: &Tokens,
    ) -> Result<(Vec<Pending>, FilterStats)> {
        let index = self.token_index(&query.source.primary().to_ascii_lowercase())?;
        let ids: Vec<Option<u32>> = tokens
            .words
            .iter()
            .map(|t| index.token_id(t.index_key()))
            .collect();
        let (hits, stats) = index.search(&ids, query.min_score);
        // The hit's distance over index keys bounds its score from above
        // (see `rank`); its row is read only if that bound can still count.
        let n = ids.len();
        let pending = hits
            .into_iter()
            .map(|hit| Pending {
                coarse: similarity(hit.distance, n, hit.len),
                variant_id: hit.id,
                row: None,
            })
            .collect();
        Ok((pending, stats))
    }

    /// Scores candidates and keeps the best (see [`Memory::rank_candidates`]),
    /// then adds each suggestion's diff and character similarity.
    #[allow(clippy::too_many_arguments)]
    fn rank_rows(
        &self,
        query: &Query,
        tokens: &Tokens,
        pending: Vec<Pending>,
        name: &str,
        penalty: u8,
        priority: usize,
        early_stop: bool,
    ) -> Result<Vec<Suggestion>> {
        let mut best =
            self.rank_candidates(query, tokens, pending, name, penalty, priority, early_stop)?;
        for suggestion in &mut best {
            let source_tokens = tokenize(&suggestion.source.text());
            suggestion.diff = score::diff(tokens, &source_tokens);
            suggestion.scores.char =
                crate::fuzzy::distance::char_similarity(&tokens.text, &source_tokens.text);
        }
        Ok(best)
    }

    pub(super) fn unit_and_date(
        &self,
        unit_id: i64,
    ) -> Result<Option<(TranslationUnit, Option<String>)>> {
        self.load_unit(unit_id)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn score_row(
        &self,
        query: &Query,
        tokens: &Tokens,
        row: &Row,
        source_tokens: &Tokens,
        unit: TranslationUnit,
        changed: Option<String>,
        name: &str,
        penalty: u8,
        priority: usize,
    ) -> Result<Option<Suggestion>> {
        let Some(source) = unit.variants.get(row.ord).cloned() else {
            return Ok(None);
        };
        let target = unit
            .variants
            .iter()
            .enumerate()
            .filter(|(i, v)| *i != row.ord && v.lang.same_language(&query.target))
            .map(|(_, v)| v)
            .min_by_key(|v| {
                (
                    !v.lang.matches(&query.target),
                    !query.target.covers(&v.lang),
                )
            });
        let Some(target) = target.cloned() else {
            return Ok(None);
        };
        let regional = !query.source.covers(&source.lang) || !query.target.covers(&target.lang);
        let target_text = target.text();
        let scored = score::score(
            tokens,
            query.tags,
            &Candidate {
                source: source_tokens,
                source_tags: tag_count(&source.content),
                target_text: &target_text,
                unapproved: score::is_unapproved(&unit, &source, &target),
                regional_variant: regional,
                memory_penalty: penalty,
            },
            &query.weights,
        );
        let mut kind = scored.kind;
        let mut final_score = scored.score;
        if let Some(context) = &query.context {
            if final_score + penalty == 100 && kind == MatchKind::Exact {
                let (previous, next) = self.unit_context(row, &unit, &source)?;
                if context_matches(context, previous.as_deref(), next.as_deref()) {
                    kind = MatchKind::Context;
                    final_score = 101 - penalty;
                }
            }
        }
        let (adapted_target, substitutions) = match scored.adaptation {
            Some(a) => (Some(a.target), a.substitutions),
            None => (None, Vec::new()),
        };
        Ok(Some(Suggestion {
            memory: name.to_string(),
            unit_id: row.unit_id,
            score: final_score,
            kind,
            scores: Scores {
                word: scored.word,
                char: 0,
                penalties: scored.penalties,
            },
            source,
            target,
            adapted_target,
            substitutions,
            diff: Vec::new(),
            changed,
            unit,
            priority,
        }))
    }

    /// The source segments before and after a unit: its context props
    /// (memoQ `x-context-pre`/`x-context-post`, OmegaT `prev`/`next`) when it
    /// has them, else the neighbouring units in import order.
    fn unit_context(
        &self,
        row: &Row,
        unit: &TranslationUnit,
        source: &Variant,
    ) -> Result<(Option<String>, Option<String>)> {
        let prop = |names: &[&str]| {
            unit.props
                .iter()
                .chain(&source.props)
                .find(|p| names.iter().any(|n| p.kind.eq_ignore_ascii_case(n)))
                .map(|p| p.value.clone())
        };
        let previous = prop(&["x-context-pre", "prev"]);
        let next = prop(&["x-context-post", "next"]);
        if previous.is_some() || next.is_some() {
            return Ok((previous, next));
        }
        if let Some(pg) = &self.pg {
            return pg.neighbours(row.variant_id, row.unit_id);
        }
        let lang: String = self
            .conn
            .prepare_cached("SELECT lang FROM variant WHERE id = ?1")
            .map_err(|e| self.sql(e))?
            .query_row([row.variant_id], |r| r.get(0))
            .map_err(|e| self.sql(e))?;
        let neighbour = |sql: &str| -> Result<Option<String>> {
            self.conn
                .prepare_cached(sql)
                .map_err(|e| self.sql(e))?
                .query_row(params![row.unit_id, lang], |r| r.get(0))
                .optional()
                .map_err(|e| self.sql(e))
        };
        let previous = neighbour(
            "SELECT text FROM variant WHERE lang = ?2 AND unit_id =
               (SELECT max(id) FROM unit WHERE id < ?1) ORDER BY ord LIMIT 1",
        )?;
        let next = neighbour(
            "SELECT text FROM variant WHERE lang = ?2 AND unit_id =
               (SELECT min(id) FROM unit WHERE id > ?1) ORDER BY ord LIMIT 1",
        )?;
        Ok((previous, next))
    }
}
