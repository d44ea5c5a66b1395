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

use super::{Memory, MemoryError};
use crate::fuzzy::filter::{FilterStats, TokenIndex, TokenIndexBuilder};
use crate::fuzzy::score::{self, Candidate, MatchKind, upper_bound};
use crate::fuzzy::tokenize::{Token, Tokens, tokenize};
use crate::fuzzy::{Query, Scores, Suggestion, context_matches};
use crate::lang::LangTag;
use crate::unit::{TranslationUnit, Variant, tag_count};
use ahash::AHashMap;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Candidates above which a concordance search reads all of a language's
/// token sequences in one ordered pass instead of one look-up each.
const SEQUENCE_SCAN_FROM: usize = 20_000;

/// Largest number of variant ids in one posting blob.
pub const CHUNK: usize = 2048;

type Result<T> = std::result::Result<T, MemoryError>;

// ---------------------------------------------------------------- encoding

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Decodes LEB128 numbers; a truncated tail (a damaged blob) is ignored.
fn varints(bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut value = 0u64;
        let mut shift = 0;
        while at < bytes.len() {
            let byte = bytes[at];
            at += 1;
            if shift < 64 {
                value |= u64::from(byte & 0x7f) << shift;
            }
            shift += 7;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    })
}

fn encode_ids(ids: &[i64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ids.len() * 2);
    let mut previous = 0i64;
    for &id in ids {
        put_varint(&mut out, (id - previous) as u64);
        previous = id;
    }
    out
}

pub(super) fn decode_ids(bytes: &[u8]) -> Vec<i64> {
    let mut previous = 0i64;
    varints(bytes)
        .map(|delta| {
            previous += delta as i64;
            previous
        })
        .collect()
}

fn encode_tokens(tokens: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(tokens.len() * 3);
    for &t in tokens {
        put_varint(&mut out, u64::from(t));
    }
    out
}

pub(super) fn decode_tokens(bytes: &[u8]) -> Vec<u32> {
    varints(bytes).map(|t| t as u32).collect()
}

/// The language key of the index: the primary subtag, lower case.
fn index_lang(lang: &str) -> String {
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
pub(super) const POSTING_BUFFER_BYTES: usize = 24 << 20;

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
            let mut distinct = decode_tokens(&tokens);
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
        // Token order keeps the B-tree writes local.
        lists.sort_unstable_by_key(|(token, _)| *token);
        let mut last_chunk = tx.prepare_cached(
            "SELECT first_id, ids FROM fz_posting WHERE lang = ?1 AND token_id = ?2
             ORDER BY first_id DESC LIMIT 1",
        )?;
        let mut put = tx.prepare_cached(
            "INSERT OR REPLACE INTO fz_posting(lang, token_id, first_id, ids) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (token, list) in lists {
            let mut new_ids = decode_ids(&list.bytes);
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
                let ids = decode_ids(&blob);
                if ids.last().is_some_and(|&max| max >= list.first) {
                    // A row id reused after a delete: rewrite the whole list in order.
                    rewrite_list(tx, &list.lang, token, &new_ids)?;
                    continue;
                }
                if ids.len() < CHUNK {
                    tail = ids;
                    tail_first = Some(first);
                }
            }
            tail.extend_from_slice(&new_ids);
            for (n, piece) in tail.chunks(CHUNK).enumerate() {
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
    let mut ids = decode_ids(&blob);
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
            all.extend(decode_ids(&blob?));
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
    for piece in all.chunks(CHUNK) {
        put.execute(params![lang, token, piece[0], encode_ids(piece)])?;
    }
    Ok(())
}

/// Indexes every variant queued in `fz_pending` (a memory migrated from
/// schema 1, or a rebuild). Returns the number of variants indexed.
fn index_pending(tx: &Transaction) -> rusqlite::Result<u64> {
    let mut writer = IndexWriter::new(POSTING_BUFFER_BYTES);
    {
        let mut stmt = tx.prepare(
            "SELECT v.id, v.lang, v.text FROM fz_pending p JOIN variant v ON v.id = p.variant_id
             ORDER BY v.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let lang: String = row.get(1)?;
            let text: String = row.get(2)?;
            writer.add(tx, id, &lang, &index_tokens(&text))?;
        }
    }
    tx.execute("DELETE FROM fz_pending", [])?;
    writer.finish(tx)
}

/// Indexes whatever is queued (an older memory just migrated). Returns the
/// number of variants indexed.
pub(super) fn catch_up(conn: &mut Connection) -> rusqlite::Result<u64> {
    let queued: i64 = conn.query_row("SELECT count(*) FROM fz_pending", [], |row| row.get(0))?;
    if queued == 0 {
        return Ok(0);
    }
    let tx = conn.transaction()?;
    let done = index_pending(&tx)?;
    tx.commit()?;
    Ok(done)
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
struct Row {
    variant_id: i64,
    unit_id: i64,
    ord: usize,
    text: String,
}

/// One concordance hit.
#[derive(Clone, Debug, Serialize)]
pub struct ConcordanceHit {
    /// The unit's row id.
    pub unit_id: i64,
    /// The variant that contains the phrase.
    pub found: Variant,
    /// Where the phrase is in `found`'s text: character ranges.
    pub highlights: Vec<(usize, usize)>,
    /// The unit's variant in the other language asked for, if any.
    pub other: Option<Variant>,
    /// The whole unit.
    pub unit: TranslationUnit,
}

impl Memory {
    fn cache_stamp(&self) -> Result<(u64, i64)> {
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

    fn load_index(&self, lang: &str) -> Result<TokenIndex> {
        let sql = |e| self.sql(e);
        let mut builder = TokenIndexBuilder::default();
        // Token ids are read from the file and the builder sizes its arrays
        // by the largest one, so a damaged id could ask for gigabytes. Ids are
        // `fz_token` rowids handed out one after another (the vocabulary is
        // only ever emptied whole), so none exceeds the number of tokens.
        let vocabulary: i64 = self
            .conn
            .query_row("SELECT count(*) FROM fz_token", [], |row| row.get(0))
            .map_err(sql)?;
        let check = |id: i64, what: &str| -> Result<u32> {
            if (0..=vocabulary).contains(&id) {
                Ok(id as u32)
            } else {
                Err(MemoryError::Damaged {
                    path: self.path.clone(),
                    detail: format!(
                        "the fuzzy index ({what}) names token {id}, but the vocabulary has {vocabulary} tokens"
                    ),
                })
            }
        };
        {
            let mut stmt = self
                .conn
                .prepare("SELECT id, text FROM fz_token WHERE lang = ?1")
                .map_err(sql)?;
            let mut rows = stmt.query([lang]).map_err(sql)?;
            while let Some(row) = rows.next().map_err(sql)? {
                builder.token(
                    check(row.get::<_, i64>(0).map_err(sql)?, "fz_token")?,
                    row.get(1).map_err(sql)?,
                );
            }
        }
        {
            let mut stmt = self
                .conn
                .prepare("SELECT variant_id, tokens FROM fz_seq WHERE lang = ?1")
                .map_err(sql)?;
            let mut rows = stmt.query([lang]).map_err(sql)?;
            while let Some(row) = rows.next().map_err(sql)? {
                let id: i64 = row.get(0).map_err(sql)?;
                let blob = row.get_ref(1).map_err(sql)?.as_blob().unwrap_or(&[]);
                let tokens = decode_tokens(blob);
                for &token in &tokens {
                    check(i64::from(token), "fz_seq")?;
                }
                builder.sequence(id, tokens);
            }
        }
        {
            let mut stmt = self
                .conn
                .prepare("SELECT token_id, ids FROM fz_posting WHERE lang = ?1")
                .map_err(sql)?;
            let mut rows = stmt.query([lang]).map_err(sql)?;
            while let Some(row) = rows.next().map_err(sql)? {
                let token = check(row.get::<_, i64>(0).map_err(sql)?, "fz_posting")?;
                let blob = row.get_ref(1).map_err(sql)?.as_blob().unwrap_or(&[]);
                builder.postings(token, decode_ids(blob));
            }
        }
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
        self.check_writable()?;
        let path = self.path.clone();
        let sql = |source| MemoryError::Sql {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(sql)?;
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
        self.rank_rows(query, &tokens, rows, &name, 0, 0, false)
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
    ) -> Result<(Vec<Row>, FilterStats)> {
        let index = self.token_index(&query.source.primary().to_ascii_lowercase())?;
        let ids: Vec<Option<u32>> = tokens
            .words
            .iter()
            .map(|t| index.token_id(t.index_key()))
            .collect();
        let (hits, stats) = index.search(&ids, query.min_score);
        let sql = |e| self.sql(e);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT unit_id, ord, text FROM variant WHERE id = ?1")
            .map_err(sql)?;
        let mut rows = Vec::with_capacity(hits.len());
        for hit in hits {
            let row = stmt
                .query_row([hit.id], |row| {
                    Ok(Row {
                        variant_id: hit.id,
                        unit_id: row.get(0)?,
                        ord: row.get::<_, i64>(1)? as usize,
                        text: row.get(2)?,
                    })
                })
                .optional()
                .map_err(sql)?;
            rows.extend(row);
        }
        Ok((rows, stats))
    }

    /// Scores candidate rows and keeps the best. With `early_stop`, rows are
    /// taken in order of their score's upper bound and the loop ends once no
    /// remaining row can enter the list (this never changes the result).
    #[allow(clippy::too_many_arguments)]
    fn rank_rows(
        &self,
        query: &Query,
        tokens: &Tokens,
        rows: Vec<Row>,
        name: &str,
        penalty: u8,
        priority: usize,
        early_stop: bool,
    ) -> Result<Vec<Suggestion>> {
        let min = query.min_score.clamp(1, 100);
        let context_bonus = u8::from(query.context.is_some());
        let mut candidates: Vec<(u8, Row, Tokens)> = Vec::new();
        for row in rows {
            let source = tokenize(&row.text);
            let bound = upper_bound(tokens, &source);
            let bound = if bound == 100 {
                bound + context_bonus
            } else {
                bound
            };
            let bound = bound.saturating_sub(penalty);
            if bound < min {
                continue;
            }
            candidates.push((bound, row, source));
        }
        candidates.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.unit_id.cmp(&a.1.unit_id)));
        let mut best: Vec<Suggestion> = Vec::new();
        for (bound, row, source) in candidates {
            if early_stop
                && best.len() >= query.max_results
                && best.last().is_some_and(|worst| bound < worst.score)
            {
                break;
            }
            let Some((unit, changed)) = self.unit_and_date(row.unit_id)? else {
                continue;
            };
            let Some(found) = self.score_row(
                query, tokens, &row, &source, unit, changed, name, penalty, priority,
            )?
            else {
                continue;
            };
            if found.score < min {
                continue;
            }
            let at = best
                .binary_search_by(|probe| Suggestion::ranking(probe, &found))
                .unwrap_or_else(|e| e);
            best.insert(at, found);
            best.truncate(query.max_results);
        }
        for suggestion in &mut best {
            let source_tokens = tokenize(&suggestion.source.text());
            suggestion.diff = score::diff(tokens, &source_tokens);
            suggestion.scores.char =
                crate::fuzzy::distance::char_similarity(&tokens.text, &source_tokens.text);
        }
        Ok(best)
    }

    fn unit_and_date(&self, unit_id: i64) -> Result<Option<(TranslationUnit, Option<String>)>> {
        let row: Option<(String, Option<String>)> = self
            .conn
            .prepare_cached("SELECT data, changed FROM unit WHERE id = ?1")
            .map_err(|e| self.sql(e))?
            .query_row([unit_id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()
            .map_err(|e| self.sql(e))?;
        match row {
            Some((data, changed)) => Ok(Some((self.decode(unit_id, &data)?, changed))),
            None => Ok(None),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn score_row(
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

    /// Searches a word or phrase (a trailing `*` makes the last word a prefix)
    /// in the segments of language `lang` (regional variants included),
    /// shortest segment first, then newest. Each hit
    /// comes with the unit's variant in `other`, if any.
    ///
    /// Words are compared as the fuzzy index normalises them (case, `ё`/`е`,
    /// apostrophes), so the token index serves as the concordance index too:
    /// candidates are the intersection of the words' posting lists, checked
    /// for the words in sequence, then confirmed on the segment's own text
    /// (numbers and other placeables must match exactly).
    pub fn concordance(
        &self,
        phrase: &str,
        lang: &LangTag,
        other: Option<&LangTag>,
        limit: usize,
    ) -> Result<Vec<ConcordanceHit>> {
        let trimmed = phrase.trim_end();
        let prefix = trimmed.ends_with('*');
        let words = tokenize(trimmed.trim_end_matches('*')).words;
        if words.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let key = index_lang(lang.normalized());
        let sql = |e| self.sql(e);
        // The token ids each position of the phrase may have.
        let mut allowed: Vec<HashSet<u32>> = Vec::with_capacity(words.len());
        for (i, word) in words.iter().enumerate() {
            let as_prefix = prefix && i + 1 == words.len() && !word.class.is_placeable();
            let ids = self.phrase_token_ids(&key, word.index_key(), as_prefix)?;
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            allowed.push(ids);
        }
        // Variants holding a token of every position: rarest position first.
        let mut lists = Vec::with_capacity(allowed.len());
        for ids in &allowed {
            lists.push(self.posting_union(&key, ids)?);
        }
        lists.sort_by_key(Vec::len);
        let mut candidates = lists[0].clone();
        for list in &lists[1..] {
            candidates.retain(|id| list.binary_search(id).is_ok());
        }
        // Which candidates hold the words in sequence, and how long each is,
        // from the stored token ids: point look-ups for a few candidates, one
        // ordered pass over the language's sequences for many.
        let in_sequence = |tokens: &[u32]| {
            tokens
                .windows(allowed.len())
                .any(|window| window.iter().zip(&allowed).all(|(t, ok)| ok.contains(t)))
        };
        let mut ranked: Vec<(usize, i64)> = Vec::new(); // (length, variant id)
        if candidates.len() <= SEQUENCE_SCAN_FROM {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT tokens FROM fz_seq WHERE lang = ?1 AND variant_id = ?2")
                .map_err(sql)?;
            for &variant_id in &candidates {
                let blob: Option<Vec<u8>> = stmt
                    .query_row(params![key, variant_id], |row| row.get(0))
                    .optional()
                    .map_err(sql)?;
                let tokens = decode_tokens(blob.as_deref().unwrap_or(&[]));
                if in_sequence(&tokens) {
                    ranked.push((tokens.len(), variant_id));
                }
            }
        } else {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT variant_id, tokens FROM fz_seq WHERE lang = ?1 ORDER BY variant_id",
                )
                .map_err(sql)?;
            let mut rows = stmt.query([&key]).map_err(sql)?;
            let mut wanted = candidates.iter().peekable();
            while let Some(row) = rows.next().map_err(sql)? {
                let variant_id: i64 = row.get(0).map_err(sql)?;
                while wanted.next_if(|&&id| id < variant_id).is_some() {}
                if wanted.peek() != Some(&&variant_id) {
                    continue;
                }
                let blob = row.get_ref(1).map_err(sql)?.as_blob().unwrap_or(&[]);
                let tokens = decode_tokens(blob);
                if in_sequence(&tokens) {
                    ranked.push((tokens.len(), variant_id));
                }
            }
        }
        // Shortest first (a term on its own before long sentences using
        // it), then newest.
        ranked.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut hits = Vec::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT lang, unit_id, ord, text FROM variant WHERE id = ?1")
            .map_err(sql)?;
        for (_, variant_id) in ranked {
            if hits.len() >= limit {
                break;
            }
            let row = stmt
                .query_row([variant_id], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, i64>(2)? as usize,
                        row.get::<_, String>(3)?,
                    ))
                })
                .optional()
                .map_err(sql)?;
            let Some((variant_lang, unit_id, ord, text)) = row else {
                continue;
            };
            let variant_lang = LangTag::parse(&variant_lang);
            if !lang.covers(&variant_lang) && !variant_lang.covers(lang) {
                continue; // another regional variant (en-US for en-GB)
            }
            let highlights = phrase_ranges(&text, &words, prefix);
            if highlights.is_empty() {
                continue; // a placeable (number, date, …) that differs
            }
            let Some((unit, _)) = self.unit_and_date(unit_id)? else {
                continue;
            };
            let Some(found) = unit.variants.get(ord).cloned() else {
                continue;
            };
            let other = other.and_then(|o| unit.variant_covering(o).cloned());
            hits.push(ConcordanceHit {
                unit_id,
                found,
                highlights,
                other,
                unit,
            });
        }
        Ok(hits)
    }

    /// Ids of the tokens equal to `word`, or starting with it.
    fn phrase_token_ids(&self, lang: &str, word: &str, prefix: bool) -> Result<HashSet<u32>> {
        let sql = |e| self.sql(e);
        let mut ids = HashSet::new();
        if prefix {
            // Every string that starts with `word` sorts between it and
            // `word` + the highest scalar value.
            let upper = format!("{word}\u{10FFFF}");
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT id FROM fz_token WHERE lang = ?1 AND text >= ?2 AND text < ?3",
                )
                .map_err(sql)?;
            let rows = stmt
                .query_map(params![lang, word, upper], |row| row.get::<_, i64>(0))
                .map_err(sql)?;
            for id in rows {
                ids.insert(id.map_err(sql)? as u32);
            }
        } else {
            let id: Option<i64> = self
                .conn
                .prepare_cached("SELECT id FROM fz_token WHERE lang = ?1 AND text = ?2")
                .map_err(sql)?
                .query_row(params![lang, word], |row| row.get(0))
                .optional()
                .map_err(sql)?;
            ids.extend(id.map(|id| id as u32));
        }
        Ok(ids)
    }

    /// The ascending, distinct variant ids of any of `tokens`.
    fn posting_union(&self, lang: &str, tokens: &HashSet<u32>) -> Result<Vec<i64>> {
        let sql = |e| self.sql(e);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT ids FROM fz_posting WHERE lang = ?1 AND token_id = ?2")
            .map_err(sql)?;
        let mut all = Vec::new();
        for &token in tokens {
            let blobs = stmt
                .query_map(params![lang, token], |row| row.get::<_, Vec<u8>>(0))
                .map_err(sql)?;
            for blob in blobs {
                all.extend(decode_ids(&blob.map_err(sql)?));
            }
        }
        all.sort_unstable();
        all.dedup();
        Ok(all)
    }
}

/// Where `words` stand in sequence in `text`: one character range per
/// occurrence, from the first word's start to the last word's end. Words are
/// compared normalised; with `prefix` the last one only has to begin the
/// segment's word.
fn phrase_ranges(text: &str, words: &[Token], prefix: bool) -> Vec<(usize, usize)> {
    let segment = tokenize(text).words;
    let last = words.len() - 1;
    let mut ranges = Vec::new();
    let mut at = 0;
    while at + words.len() <= segment.len() {
        let matches = words.iter().enumerate().all(|(i, word)| {
            let found = &segment[at + i].norm;
            if prefix && i == last {
                found.starts_with(word.norm.as_str())
            } else {
                *found == word.norm
            }
        });
        if matches {
            ranges.push((segment[at].start, segment[at + last].end));
            at += words.len();
        } else {
            at += 1;
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_found_whole_and_by_prefix() {
        let words = |p: &str| tokenize(p).words;
        let text = "The line of contact. A Line of  contact again; lines of contacts.";
        assert_eq!(
            phrase_ranges(text, &words("line of contact"), false),
            [(4, 19), (23, 39)]
        );
        assert_eq!(
            phrase_ranges(text, &words("lines of contact"), true),
            [(47, 64)]
        );
        assert!(phrase_ranges("In 2014 it rained", &words("in 2015"), false).is_empty());
        assert_eq!(phrase_ranges("Ёлка стоит", &words("елка"), false), [(0, 4)]);
    }

    #[test]
    fn varints_round_trip() {
        let ids = vec![1i64, 2, 300, 70_000, 5_000_000_000];
        assert_eq!(decode_ids(&encode_ids(&ids)), ids);
        let tokens = vec![0u32, 127, 128, u32::MAX];
        assert_eq!(decode_tokens(&encode_tokens(&tokens)), tokens);
    }
}
