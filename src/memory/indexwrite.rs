//! Keeping the token index in step with the variants: [`IndexWriter`] (one
//! per write transaction) and [`index_pending`] (catch-up and rebuilds).
//! Tables: see `index`.

use super::codec::{
    CHUNK_BYTES, chunks, decode_ids, decode_tokens, encode_ids, encode_tokens, put_varint,
};
use super::index::{CHUNK, index_lang};
use super::seqstore::SeqWriter;
use crate::fuzzy::tokenize::{for_each_index_key, for_each_index_key_of_nfc};
use rusqlite::{CachedStatement, OptionalExtension, Statement, Transaction, params};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::{Arc, Mutex};

// ------------------------------------------------------------ maintenance

/// The words of a segment as the index stores them, in order.
pub(super) fn index_tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for_each_index_key(text, |key| tokens.push(key.to_string()));
    tokens
}

/// The hasher of the vocabulary maps: fixed seeds, so that a key's hash
/// computed on a preparing thread ([`IndexTokens::of`]) is the one the
/// writing thread's map uses.
const KEY_HASHER: ahash::RandomState = ahash::RandomState::with_seeds(
    0x243f_6a88_85a3_08d3,
    0x1319_8a2e_0370_7344,
    0xa409_3822_299f_31d0,
    0x082e_fa98_ec4e_6c89,
);

/// Token text → id, probed with hashes computed in advance.
type Vocabulary = hashbrown::HashMap<Box<str>, u32, ahash::RandomState>;

/// The index keys of a segment ([`index_tokens`]) in one buffer, each with
/// its hash. Built where segments are tokenised (on the rayon pool during an
/// import), so that the writing thread, which the whole import waits for,
/// only probes its vocabulary: no string per token, no hashing.
#[derive(Clone, Debug, Default)]
pub(super) struct IndexTokens {
    text: String,
    ends: Vec<u32>,
    hashes: Vec<u64>,
    /// The keys' token ids, once [`TokenIds::resolve`] gave them (then the
    /// keys themselves are dropped).
    ids: Option<Vec<u32>>,
}

impl IndexTokens {
    /// The index keys of `text`.
    pub(super) fn of(text: &str) -> IndexTokens {
        IndexTokens::of_nfc(&crate::text::nfc_cow(text))
    }

    /// The index keys of `text`, already in NFC.
    pub(super) fn of_nfc(text: &str) -> IndexTokens {
        let mut tokens = IndexTokens::default();
        for_each_index_key_of_nfc(text, |key| {
            tokens.text.push_str(key);
            tokens.ends.push(tokens.text.len() as u32);
            tokens.hashes.push(KEY_HASHER.hash_one(key));
        });
        tokens
    }

    /// Each key, in order, with its hash.
    fn iter(&self) -> impl Iterator<Item = (&str, u64)> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .zip(&self.hashes)
            .map(|((start, &end), &hash)| (&self.text[start as usize..end as usize], hash))
    }
}

/// The token ids of a bulk import, given ahead of the writing thread.
///
/// Probing the vocabulary for every word was a fifth of the writing thread's
/// work (a hash table of strings: two cache misses a word). During a bulk
/// load into an empty memory the preparing thread does it instead, batch by
/// batch in input order, so words get the ids the writing thread would have
/// given them; the writing thread only adds the new words' `fz_token` rows
/// ([`TokenIds::write_new`]). The table is read whole first: a memory whose
/// units were all deleted keeps its words and their ids.
pub(super) struct TokenIds {
    words: HashMap<Arc<str>, Vocabulary>,
    lang_keys: HashMap<String, Arc<str>>,
    next: i64,
    /// Words given an id and not yet written: (index language, word, id).
    new: Vec<(Arc<str>, Box<str>, i64)>,
}

impl TokenIds {
    /// The vocabulary of the memory as it is in `tx`.
    pub(super) fn load(tx: &Transaction) -> rusqlite::Result<TokenIds> {
        let mut ids = TokenIds {
            words: HashMap::new(),
            lang_keys: HashMap::new(),
            next: 1,
            new: Vec::new(),
        };
        let mut stmt = tx.prepare("SELECT lang, text, id FROM fz_token")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let lang: String = row.get(0)?;
            let text: String = row.get(1)?;
            let id: i64 = row.get(2)?;
            let words = ids
                .words
                .entry(lang.into())
                .or_insert_with(|| Vocabulary::with_hasher(KEY_HASHER));
            words.insert(text.into(), id as u32);
            ids.next = ids.next.max(id + 1);
        }
        Ok(ids)
    }

    /// Gives `tokens` (of a variant in language `lang`, as stored) their ids.
    pub(super) fn resolve(&mut self, lang: &str, tokens: &mut IndexTokens) {
        if tokens.ids.is_some() {
            return;
        }
        let mut ids = Vec::with_capacity(tokens.ends.len());
        self.ids_of(lang, tokens, &mut ids);
        *tokens = IndexTokens {
            ids: Some(ids),
            ..IndexTokens::default()
        };
    }

    /// The ids of `tokens`' keys, appended to `out`.
    fn ids_of(&mut self, lang: &str, tokens: &IndexTokens, out: &mut Vec<u32>) {
        use hashbrown::hash_map::RawEntryMut;
        if let Some(ids) = &tokens.ids {
            out.extend_from_slice(ids);
            return;
        }
        let key = match self.lang_keys.get(lang) {
            Some(key) => key.clone(),
            None => {
                let key: Arc<str> = index_lang(lang).into();
                self.lang_keys.insert(lang.to_string(), key.clone());
                key
            }
        };
        let words = self
            .words
            .entry(key.clone())
            .or_insert_with(|| Vocabulary::with_hasher(KEY_HASHER));
        for (word, hash) in tokens.iter() {
            let id = match words.raw_entry_mut().from_hash(hash, |k| &**k == word) {
                RawEntryMut::Occupied(entry) => *entry.get(),
                RawEntryMut::Vacant(entry) => {
                    let id = self.next;
                    self.next += 1;
                    self.new.push((key.clone(), word.into(), id));
                    entry.insert_hashed_nocheck(hash, word.into(), id as u32);
                    id as u32
                }
            };
            out.push(id);
        }
    }

    /// Writes the `fz_token` rows of the words given an id since the last call.
    pub(super) fn write_new(&mut self, tx: &Transaction) -> rusqlite::Result<()> {
        if self.new.is_empty() {
            return Ok(());
        }
        let mut insert =
            tx.prepare_cached("INSERT INTO fz_token(lang, text, id) VALUES (?1, ?2, ?3)")?;
        for (lang, word, id) in self.new.drain(..) {
            insert.execute(params![&*lang, &*word, id])?;
        }
        Ok(())
    }
}

/// Largest number of posting bytes an [`IndexWriter`] keeps in memory before
/// it writes them out (so a huge import stays within a bounded heap).
///
/// Each write-out reads and rewrites the last chunk of every token it
/// touches, so fewer, larger ones cost less: at 32 MiB a 3M-unit import took
/// 86 s instead of 98 s (CPU −12%) at the same peak RSS (259 MiB); 48 and
/// 64 MiB were no faster at 3M and peaked at 296 MiB (BENCHMARKS.md,
/// "The posting buffer").
pub(super) const POSTING_BUFFER_BYTES: usize = 32 << 20;

/// One token's new variant ids, delta-encoded as they arrive.
struct PendingList {
    lang: Rc<str>,
    first: i64,
    last: i64,
    bytes: Vec<u8>,
}

/// The index work of one write transaction.
///
/// Token sequences are written a block at a time (`seqstore::SeqWriter`);
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
    vocab: HashMap<Rc<str>, Vocabulary>,
    /// Index language of each stored language tag met so far.
    lang_keys: HashMap<String, Rc<str>>,
    /// Token ids given by a preparing thread (a bulk import), else `None`
    /// and the writer gives them itself (`vocab`).
    token_ids: Option<Arc<Mutex<TokenIds>>>,
    /// The buffered lists, in the order their tokens first came, and where
    /// each token's list is: `slots[token]` is its index in `lists` plus one
    /// (0: none). Token ids are dense, so a vector indexed by id finds a list
    /// without hashing.
    lists: Vec<(u32, PendingList)>,
    slots: Vec<u32>,
    buffered_bytes: usize,
    /// Smallest and largest variant ids whose postings are still only in memory.
    buffer_start: Option<i64>,
    last_buffered: Option<i64>,
    /// Buffered variant ids removed again before being written.
    removed: HashSet<i64>,
    next_id: Option<i64>,
    /// The id the next new word gets (ids are unique in the memory).
    next_token: Option<i64>,
    indexed: u64,
    buffer_limit: usize,
    /// Scratch for one variant's token ids.
    ids: Vec<u32>,
    /// The token sequences, written a block at a time.
    seqs: SeqWriter,
}

impl IndexWriter {
    /// A writer that buffers at most `buffer_limit` posting bytes.
    pub(super) fn new(buffer_limit: usize) -> IndexWriter {
        IndexWriter {
            vocab: HashMap::new(),
            lang_keys: HashMap::new(),
            token_ids: None,
            lists: Vec::new(),
            slots: Vec::new(),
            buffered_bytes: 0,
            buffer_start: None,
            last_buffered: None,
            removed: HashSet::new(),
            next_id: None,
            next_token: None,
            indexed: 0,
            buffer_limit,
            ids: Vec::new(),
            seqs: SeqWriter::default(),
        }
    }

    /// The row id to give the next variant written in this transaction.
    ///
    /// Ids are never given twice, even after the newest variants were
    /// deleted: the next id is also above the high-water mark the last write
    /// left in `meta` (`next_variant_id`, see [`IndexWriter::finish`]). The
    /// fuzzy index cache relies on it (`indexcache`): rows above the ids it
    /// has read are exactly the rows added since.
    pub(super) fn next_variant_id(&mut self, tx: &Transaction) -> rusqlite::Result<i64> {
        let next = match self.next_id {
            Some(next) => next,
            None => tx.query_row(
                "SELECT max(coalesce((SELECT max(id) FROM variant_row), 0) + 1,
                            coalesce((SELECT CAST(value AS INTEGER) FROM meta
                                      WHERE key = 'next_variant_id'), 0))",
                [],
                |row| row.get(0),
            )?,
        };
        self.next_id = Some(next + 1);
        Ok(next)
    }

    /// From now on, takes token ids from `token_ids` (see [`TokenIds`]).
    pub(super) fn share_token_ids(&mut self, token_ids: Arc<Mutex<TokenIds>>) {
        self.token_ids = Some(token_ids);
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
    /// `tokens` the [`IndexTokens`] of its text).
    pub(super) fn add(
        &mut self,
        tx: &Transaction,
        insert_tokens: &mut Statement,
        variant_id: i64,
        lang: &str,
        tokens: &IndexTokens,
    ) -> rusqlite::Result<()> {
        use hashbrown::hash_map::RawEntryMut;
        let key = self.index_lang(lang);
        let mut ids = std::mem::take(&mut self.ids);
        ids.clear();
        if let Some(given) = &tokens.ids {
            ids.extend_from_slice(given);
        } else if let Some(shared) = &self.token_ids {
            // A unit prepared on this thread (a merged duplicate).
            let mut shared = shared.lock().unwrap_or_else(|e| e.into_inner());
            shared.ids_of(lang, tokens, &mut ids);
            shared.write_new(tx)?;
        } else {
            let words = self
                .vocab
                .entry(key.clone())
                .or_insert_with(|| Vocabulary::with_hasher(KEY_HASHER));
            let next_token = &mut self.next_token;
            for (word, hash) in tokens.iter() {
                let id = match words.raw_entry_mut().from_hash(hash, |k| &**k == word) {
                    RawEntryMut::Occupied(entry) => *entry.get(),
                    RawEntryMut::Vacant(entry) => {
                        let id = token_id(tx, next_token, &key, word)?;
                        entry.insert_hashed_nocheck(hash, word.into(), id);
                        id
                    }
                };
                ids.push(id);
            }
        }
        self.seqs
            .add(tx, insert_tokens, &key, variant_id, &encode_tokens(&ids))?;
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
        for &token in &ids {
            let t = token as usize;
            if t >= self.slots.len() {
                self.slots.resize(t + 1 + t / 4, 0);
            }
            if self.slots[t] == 0 {
                self.lists.push((
                    token,
                    PendingList {
                        lang: key.clone(),
                        first: variant_id,
                        last: 0,
                        bytes: Vec::new(),
                    },
                ));
                self.slots[t] = self.lists.len() as u32;
            }
            let list = &mut self.lists[self.slots[t] as usize - 1].1;
            let before = list.bytes.len();
            put_varint(&mut list.bytes, (variant_id - list.last) as u64);
            list.last = variant_id;
            self.buffered_bytes += list.bytes.len() - before;
        }
        self.ids = ids;
        self.indexed += 1;
        if self.buffered_bytes > self.buffer_limit {
            self.write_postings(tx)?;
        }
        Ok(())
    }

    /// The statement [`IndexWriter::add`] writes token sequences with:
    /// prepared once by the caller, for all the variants it adds.
    pub(super) fn insert_tokens<'c>(tx: &'c Transaction) -> rusqlite::Result<CachedStatement<'c>> {
        SeqWriter::insert_statement(tx)
    }

    /// Takes a unit's variants out of both indexes. Call before the variant
    /// rows go.
    pub(super) fn removing_unit(&mut self, tx: &Transaction, unit_id: i64) -> rusqlite::Result<()> {
        let variants: Vec<(i64, String)> = tx
            .prepare_cached(
                "SELECT v.id, v.lang FROM unit u JOIN variant_row v
                 ON v.id >= u.first_variant AND v.id < u.first_variant + u.variants
                 WHERE u.id = ?1",
            )?
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
            let Some(tokens) = self.seqs.remove(tx, &key, variant_id)? else {
                continue;
            };
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
        self.seqs.finish(tx)?;
        self.write_postings(tx)?;
        if let Some(next) = self.next_id {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('next_variant_id', ?1)",
            )?
            .execute([next.to_string()])?;
        }
        Ok(self.indexed)
    }

    fn write_postings(&mut self, tx: &Transaction) -> rusqlite::Result<()> {
        if let Some(shared) = &self.token_ids {
            shared
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .write_new(tx)?;
        }
        let mut lists = std::mem::take(&mut self.lists);
        for (token, _) in &lists {
            self.slots[*token as usize] = 0;
        }
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

/// Rewrites `fz_posting` in key order so that its pages are full.
///
/// Each flush of an [`IndexWriter`] rewrites every touched token's last
/// chunk in place and inserts new chunks in the middle of the B-tree, so a
/// large bulk load leaves a share of the table's pages empty (14% of 549 MB
/// at ten million units; BENCHMARKS.md, "Import peak memory"). The rows are
/// copied to a temporary table (a temporary file, not memory) and written
/// back in order after the table is emptied; the pages it gave up are the
/// first ones the writes after it take (the lookup indexes of a bulk load),
/// so the file ends that much smaller. Costs one more write of the table.
pub(super) fn pack_postings(tx: &Transaction) -> rusqlite::Result<()> {
    // Both copies are `INSERT INTO … SELECT *` between tables of one shape
    // into an empty table, which SQLite copies page by page in key order
    // with full pages (its transfer optimisation). Rows inserted one by
    // one, even in order, leave B-tree pages of a WITHOUT ROWID table a
    // fifth empty.
    tx.execute_batch(
        "CREATE TEMP TABLE fz_posting_packing (
             lang TEXT NOT NULL, token_id INTEGER NOT NULL, first_id INTEGER NOT NULL,
             ids BLOB NOT NULL, PRIMARY KEY (lang, token_id, first_id)
         ) WITHOUT ROWID;
         INSERT INTO temp.fz_posting_packing SELECT * FROM main.fz_posting;
         DELETE FROM main.fz_posting;
         INSERT INTO main.fz_posting SELECT * FROM temp.fz_posting_packing;
         DROP TABLE temp.fz_posting_packing;",
    )
}

/// The id of a token in `fz_token`, added if new (with `next`, the id the
/// next new word gets, read from the table the first time).
fn token_id(
    tx: &Transaction,
    next: &mut Option<i64>,
    lang: &str,
    word: &str,
) -> rusqlite::Result<u32> {
    let found: Option<i64> = tx
        .prepare_cached("SELECT id FROM fz_token WHERE lang = ?1 AND text = ?2")?
        .query_row(params![lang, word], |row| row.get(0))
        .optional()?;
    let id = match found {
        Some(id) => id,
        None => {
            let id = match *next {
                Some(id) => id,
                None => tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM fz_token", [], |r| {
                    r.get(0)
                })?,
            };
            *next = Some(id + 1);
            tx.prepare_cached("INSERT INTO fz_token(lang, text, id) VALUES (?1, ?2, ?3)")?
                .execute(params![lang, word, id])?;
            id
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
/// Tokenising is most of the work and needs no database: a helper thread
/// tokenises each chunk of variants on the rayon pool while this one reads
/// the next chunk and writes the one before, in id order, through one
/// [`IndexWriter`] (the connection stays on this thread).
pub(super) fn index_pending(tx: &Transaction) -> rusqlite::Result<u64> {
    use rayon::prelude::*;
    type Chunk = Vec<(i64, String, String)>;
    let mut writer = IndexWriter::new(POSTING_BUFFER_BYTES);
    std::thread::scope(|scope| -> rusqlite::Result<()> {
        let (to_tokenise, chunks) = std::sync::mpsc::sync_channel::<Chunk>(1);
        let (tokenised, done) = std::sync::mpsc::sync_channel::<(Chunk, Vec<IndexTokens>)>(1);
        scope.spawn(move || {
            for chunk in chunks {
                let tokens = chunk
                    .par_iter()
                    .map(|(_, _, text)| IndexTokens::of(text))
                    .collect();
                if tokenised.send((chunk, tokens)).is_err() {
                    return;
                }
            }
        });
        let mut stmt = tx.prepare(
            "SELECT v.id, v.lang, v.text FROM fz_pending p JOIN variant v ON v.id = p.variant_id
             ORDER BY v.id",
        )?;
        let mut rows = stmt.query([])?;
        let mut insert_tokens = IndexWriter::insert_tokens(tx)?;
        let mut in_flight = 0usize;
        let mut finished = false;
        while !finished || in_flight > 0 {
            if !finished {
                let mut chunk: Chunk = Vec::with_capacity(BUILD_CHUNK);
                while chunk.len() < BUILD_CHUNK {
                    let Some(row) = rows.next()? else {
                        finished = true;
                        break;
                    };
                    chunk.push((row.get(0)?, row.get(1)?, row.get(2)?));
                }
                if !chunk.is_empty() {
                    // Cannot fail: the helper only stops when this side
                    // hangs up.
                    let _ = to_tokenise.send(chunk);
                    in_flight += 1;
                }
                // Keep one chunk tokenising while the previous is written.
                if in_flight < 2 && !finished {
                    continue;
                }
            }
            if in_flight == 0 {
                break;
            }
            let Ok((chunk, tokens)) = done.recv() else {
                break;
            };
            in_flight -= 1;
            for ((id, lang, _), tokens) in chunk.iter().zip(tokens) {
                writer.add(tx, &mut insert_tokens, *id, lang, &tokens)?;
            }
        }
        drop(to_tokenise);
        Ok(())
    })?;
    tx.execute("DELETE FROM fz_pending", [])?;
    let done = writer.finish(tx)?;
    if done > 0 {
        // Token ids were given anew (a rebuild, a migration): loaded indexes
        // of other handles must be read again, not extended (`indexcache`).
        tx.execute(
            "INSERT INTO meta(key, value) VALUES ('index_epoch', '1')
             ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
            [],
        )?;
    }
    Ok(done)
}
