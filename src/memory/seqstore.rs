//! Where the token sequences of the fuzzy index live: `fz_seqblock`, each
//! row the sequences of up to [`BLOCK_ENTRIES`] variants of one index
//! language (schema 6), or `fz_seq`, one row per variant (schemas 2–5,
//! read as they are by a read-only open).
//!
//! One row per variant cost a bulk import a B-tree insert for each of its
//! two million sequences at a million units (3.2 s of a 23 s import,
//! BENCHMARKS.md "Import CPU, round 5"), and a load of one language's index
//! stepped through the rows of every language. Blocks cut the rows sixty-fold;
//! the small index `fz_seqblock_lang` finds a language's blocks.
//!
//! A block's key (`fz_seqblock.id`) is at most the smallest variant id in
//! it, and the blocks of a language never overlap: every entry lies below
//! the key of the language's next block. So the block that may hold a
//! variant is the language's block with the largest key not above its id.
//! A variant's sequence never changes under its id (`indexcache`); a
//! removed one is taken out of its block, which goes when empty.
//!
//! A block's bytes are its entries in ascending id order, each the LEB128
//! step from the previous id (from the key for the first, so it may be 0;
//! never 0 after), the LEB128 length of its token bytes, then those bytes
//! (the token ids, LEB128, as `fz_seq.tokens` holds them).

use super::codec::{blob_at, damaged, put_varint};
use rusqlite::{Connection, OptionalExtension, Statement, params};
use std::rc::Rc;

/// Most sequences a block holds: a point read decodes at most this many
/// entry headers, a bulk load writes one row for this many variants.
pub(super) const BLOCK_ENTRIES: usize = 64;

/// A block is written once its bytes pass this (a row stays within a
/// 16 KiB page; sequences average 29 bytes).
const BLOCK_BYTES: usize = 4096;

/// The schema that stores sequences in blocks.
pub(super) const SEQ_BLOCK_SCHEMA: i64 = 6;

/// Which table a memory's sequences are in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SeqTable {
    /// `fz_seq`: a row per variant (schema 5 and older, read-only opens).
    Rows,
    /// `fz_seqblock` (schema 6).
    Blocks,
}

impl SeqTable {
    /// The table of a memory of schema `version`.
    pub(super) fn of_schema(version: i64) -> SeqTable {
        if version >= SEQ_BLOCK_SCHEMA {
            SeqTable::Blocks
        } else {
            SeqTable::Rows
        }
    }
}

/// The entries of a block keyed `key`: `(id, token_bytes)` in ascending id
/// order; an entry that does not decode is a `CORRUPT` error (and the last
/// item).
pub(super) fn entries(key: i64, data: &[u8]) -> Entries<'_> {
    Entries {
        key,
        data,
        at: 0,
        id: key,
        first: true,
    }
}

/// The iterator of [`entries`].
pub(super) struct Entries<'a> {
    key: i64,
    data: &'a [u8],
    at: usize,
    id: i64,
    first: bool,
}

impl<'a> Iterator for Entries<'a> {
    type Item = rusqlite::Result<(i64, &'a [u8])>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.data.len() {
            return None;
        }
        let entry = self.decode();
        if entry.is_none() {
            self.at = self.data.len(); // nothing after damage
        }
        Some(entry.ok_or_else(|| {
            damaged(format!(
                "a token-sequence block ({}) does not decode",
                self.key
            ))
        }))
    }
}

impl<'a> Entries<'a> {
    fn decode(&mut self) -> Option<(i64, &'a [u8])> {
        let data = self.data;
        let (step, used) = read_varint(&data[self.at..])?;
        self.at += used;
        if (step == 0 && !self.first) || step > i64::MAX as u64 {
            return None;
        }
        self.id = self.id.checked_add(step as i64)?;
        let (len, used) = read_varint(&data[self.at..])?;
        self.at += used;
        let end = usize::try_from(len)
            .ok()
            .and_then(|len| self.at.checked_add(len))
            .filter(|&end| end <= data.len())?;
        let tokens = &data[self.at..end];
        self.at = end;
        self.first = false;
        Some((self.id, tokens))
    }
}

/// Calls `f` with each of [`entries`], stopping at the first error.
pub(super) fn for_each_entry<E: From<rusqlite::Error>>(
    key: i64,
    data: &[u8],
    mut f: impl FnMut(i64, &[u8]) -> Result<(), E>,
) -> Result<(), E> {
    for entry in entries(key, data) {
        let (id, tokens) = entry?;
        f(id, tokens)?;
    }
    Ok(())
}

/// One LEB128 number and the bytes it took; `None` when damaged.
fn read_varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (i, &byte) in bytes.iter().enumerate().take(10) {
        if i == 9 && byte > 1 {
            return None;
        }
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// The entries of a block being put together: ascending ids, the first
/// step counted from `key`.
struct BlockBytes {
    key: i64,
    last: i64,
    entries: usize,
    data: Vec<u8>,
}

impl BlockBytes {
    fn new(key: i64) -> BlockBytes {
        BlockBytes {
            key,
            last: key,
            entries: 0,
            data: Vec::new(),
        }
    }

    /// Appends an entry; `id` is above the last one (or the key, first).
    fn push(&mut self, id: i64, tokens: &[u8]) {
        put_varint(&mut self.data, (id - self.last) as u64);
        put_varint(&mut self.data, tokens.len() as u64);
        self.data.extend_from_slice(tokens);
        self.last = id;
        self.entries += 1;
    }

    fn full(&self) -> bool {
        self.entries >= BLOCK_ENTRIES || self.data.len() >= BLOCK_BYTES
    }

    /// The block `key` of `data` without `id` (the key stays: it is a lower
    /// bound, and readers find the block by it); the tokens of `id` if it
    /// was there.
    fn without(key: i64, data: &[u8], id: i64) -> rusqlite::Result<(BlockBytes, Option<Vec<u8>>)> {
        let mut kept = BlockBytes::new(key);
        let mut removed = None;
        for_each_entry(key, data, |entry, tokens| {
            if entry == id {
                removed = Some(tokens.to_vec());
            } else {
                kept.push(entry, tokens);
            }
            Ok::<_, rusqlite::Error>(())
        })?;
        Ok((kept, removed))
    }
}

/// A language's block being filled by a [`SeqWriter`].
struct Pending {
    lang: Rc<str>,
    /// Largest id stored in the language's blocks (ids above it may start
    /// a new block).
    stored_max: i64,
    block: Option<BlockBytes>,
}

/// Writes token sequences into blocks during one write transaction: a
/// language's new sequences collect in memory and go out a block at a time,
/// the last, partial blocks at [`SeqWriter::finish`].
#[derive(Default)]
pub(super) struct SeqWriter {
    pending: Vec<Pending>,
}

impl SeqWriter {
    /// The statement [`SeqWriter::add`] writes blocks with, prepared once by
    /// the caller for all the sequences it adds.
    pub(super) fn insert_statement(
        tx: &Connection,
    ) -> rusqlite::Result<rusqlite::CachedStatement<'_>> {
        tx.prepare_cached("INSERT INTO fz_seqblock(id, lang, data) VALUES (?1, ?2, ?3)")
    }

    fn pending_of(&mut self, tx: &Connection, lang: &Rc<str>) -> rusqlite::Result<usize> {
        if let Some(at) = self.pending.iter().position(|p| p.lang == *lang) {
            return Ok(at);
        }
        let last: Option<(i64, Vec<u8>)> = tx
            .prepare_cached(
                "SELECT id, data FROM fz_seqblock WHERE lang = ?1 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([&**lang], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        let mut stored_max = 0;
        if let Some((key, data)) = last {
            stored_max = key;
            for_each_entry(key, &data, |id, _| {
                stored_max = id;
                Ok::<_, rusqlite::Error>(())
            })?;
        }
        self.pending.push(Pending {
            lang: lang.clone(),
            stored_max,
            block: None,
        });
        Ok(self.pending.len() - 1)
    }

    /// Stores the sequence of variant `id` (token bytes as
    /// `codec::encode_tokens` gives them) in index language `lang`.
    pub(super) fn add(
        &mut self,
        tx: &Connection,
        insert: &mut Statement,
        lang: &Rc<str>,
        id: i64,
        tokens: &[u8],
    ) -> rusqlite::Result<()> {
        let at = self.pending_of(tx, lang)?;
        let pending = &mut self.pending[at];
        let above = match &pending.block {
            Some(block) => block.last,
            None => pending.stored_max,
        };
        if id > above {
            let mut block = pending.block.take().unwrap_or_else(|| BlockBytes::new(id));
            block.push(id, tokens);
            if block.full() {
                pending.stored_max = block.last;
                insert.execute(params![block.key, &**lang, block.data])?;
            } else {
                pending.block = Some(block);
            }
            return Ok(());
        }
        // Not above what the language holds (never the case for ids from
        // `next_variant_id` or the id-ordered catch-up): into the block
        // whose range it falls in, once what is pending is written.
        self.write_pending(insert)?;
        insert_into_block(tx, lang, id, tokens)
    }

    /// Takes the sequence of variant `id` out of the index, returning its
    /// token bytes (`None`: it had none).
    pub(super) fn remove(
        &mut self,
        tx: &Connection,
        lang: &Rc<str>,
        id: i64,
    ) -> rusqlite::Result<Option<Vec<u8>>> {
        if let Some(pending) = self.pending.iter_mut().find(|p| p.lang == *lang)
            && let Some(block) = &pending.block
            && id >= block.key
        {
            // The key stays, as in a stored block: a removed id is never
            // given again, so no other block can be keyed by it.
            let (kept, removed) = BlockBytes::without(block.key, &block.data, id)?;
            pending.block = (kept.entries > 0).then_some(kept);
            return Ok(removed);
        }
        let Some((key, data)) = block_holding(tx, lang, id)? else {
            return Ok(None);
        };
        let (kept, removed) = BlockBytes::without(key, &data, id)?;
        if removed.is_some() {
            if kept.entries == 0 {
                tx.prepare_cached("DELETE FROM fz_seqblock WHERE id = ?1")?
                    .execute([key])?;
            } else {
                tx.prepare_cached("UPDATE fz_seqblock SET data = ?2 WHERE id = ?1")?
                    .execute(params![key, kept.data])?;
            }
        }
        Ok(removed)
    }

    fn write_pending(&mut self, insert: &mut Statement) -> rusqlite::Result<()> {
        for pending in &mut self.pending {
            if let Some(block) = pending.block.take().filter(|b| b.entries > 0) {
                pending.stored_max = pending.stored_max.max(block.last);
                insert.execute(params![block.key, &*pending.lang, block.data])?;
            }
        }
        Ok(())
    }

    /// Writes the partial blocks. Call before the transaction commits.
    pub(super) fn finish(&mut self, tx: &Connection) -> rusqlite::Result<()> {
        let mut insert = SeqWriter::insert_statement(tx)?;
        self.write_pending(&mut insert)
    }
}

/// The key and bytes of the block of language `?1` whose range holds
/// variant id `?2`.
const BLOCK_HOLDING: &str =
    "SELECT id, data FROM fz_seqblock WHERE lang = ?1 AND id <= ?2 ORDER BY id DESC LIMIT 1";

/// The block of `lang` whose range holds `id`, if any: its key and bytes.
fn block_holding(
    conn: &Connection,
    lang: &str,
    id: i64,
) -> rusqlite::Result<Option<(i64, Vec<u8>)>> {
    conn.prepare_cached(BLOCK_HOLDING)?
        .query_row(params![lang, id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()
}

/// Puts one sequence into the block whose range holds `id` (a new block
/// when none does), keeping the entries in order; replaces one already
/// stored under `id`.
fn insert_into_block(
    conn: &Connection,
    lang: &str,
    id: i64,
    tokens: &[u8],
) -> rusqlite::Result<()> {
    let Some((key, data)) = block_holding(conn, lang, id)? else {
        let mut block = BlockBytes::new(id);
        block.push(id, tokens);
        return conn
            .prepare_cached("INSERT INTO fz_seqblock(id, lang, data) VALUES (?1, ?2, ?3)")?
            .execute(params![id, lang, block.data])
            .map(drop);
    };
    let mut block = BlockBytes::new(key);
    let mut placed = false;
    for_each_entry(key, &data, |entry, old| {
        if !placed && id <= entry {
            block.push(id, tokens);
            placed = true;
            if entry == id {
                return Ok(()); // replaced
            }
        }
        block.push(entry, old);
        Ok::<_, rusqlite::Error>(())
    })?;
    if !placed {
        block.push(id, tokens);
    }
    conn.prepare_cached("UPDATE fz_seqblock SET data = ?2 WHERE id = ?1")?
        .execute(params![key, block.data])
        .map(drop)
}

/// Calls `f(id, token_bytes)` for every sequence of `lang` above variant id
/// `after`, in ascending id order; SQLite's errors become `E` by `sql`.
pub(super) fn scan<E>(
    conn: &Connection,
    table: SeqTable,
    lang: &str,
    after: i64,
    sql: impl Fn(rusqlite::Error) -> E,
    mut f: impl FnMut(i64, &[u8]) -> Result<(), E>,
) -> Result<(), E> {
    match table {
        SeqTable::Rows => {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT variant_id, tokens FROM fz_seq WHERE variant_id > ?1 AND lang = ?2
                     ORDER BY variant_id",
                )
                .map_err(&sql)?;
            let mut rows = stmt.query(params![after, lang]).map_err(&sql)?;
            while let Some(row) = rows.next().map_err(&sql)? {
                f(row.get(0).map_err(&sql)?, blob_at(row, 1).map_err(&sql)?)?;
            }
        }
        SeqTable::Blocks => {
            // The block holding `after` may hold ids above it too.
            let from = block_holding(conn, lang, after)
                .map_err(&sql)?
                .map_or(after, |(key, _)| key);
            let mut stmt = conn
                .prepare_cached(
                    "SELECT id, data FROM fz_seqblock WHERE lang = ?1 AND id >= ?2 ORDER BY id",
                )
                .map_err(&sql)?;
            let mut rows = stmt.query(params![lang, from]).map_err(&sql)?;
            while let Some(row) = rows.next().map_err(&sql)? {
                let key = row.get(0).map_err(&sql)?;
                for entry in entries(key, blob_at(row, 1).map_err(&sql)?) {
                    let (id, tokens) = entry.map_err(&sql)?;
                    if id > after {
                        f(id, tokens)?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Point reads of sequences.
pub(super) struct SeqReader {
    table: SeqTable,
}

impl SeqReader {
    pub(super) fn new(table: SeqTable) -> SeqReader {
        SeqReader { table }
    }

    /// The token bytes of variant `id` in `lang`, if it has a sequence.
    /// Decodes the block in place up to the entry (a lookup's candidates
    /// seldom share a block, so nothing is kept).
    pub(super) fn read(
        &mut self,
        conn: &Connection,
        lang: &str,
        id: i64,
    ) -> rusqlite::Result<Option<Vec<u8>>> {
        if self.table == SeqTable::Rows {
            return conn
                .prepare_cached("SELECT tokens FROM fz_seq WHERE variant_id = ?1 AND lang = ?2")?
                .query_row(params![id, lang], |row| row.get(0))
                .optional();
        }
        conn.prepare_cached(BLOCK_HOLDING)?
            .query_row(params![lang, id], |row| {
                for entry in entries(row.get(0)?, blob_at(row, 1)?) {
                    let (entry, tokens) = entry?;
                    if entry >= id {
                        return Ok((entry == id).then(|| tokens.to_vec()));
                    }
                }
                Ok(None)
            })
            .optional()
            .map(Option::flatten)
    }
}

/// Migration 6: moves every sequence from `fz_seq` into blocks, in one pass
/// in id order, inside the migrating open's transaction (a crash leaves the
/// schema-5 memory). `progress` hears of it in units (rows scaled to the
/// units' count), like the migrations before.
pub(super) fn to_seq_blocks(
    tx: &Connection,
    progress: &mut dyn FnMut(super::MigrationProgress),
) -> rusqlite::Result<()> {
    let units: i64 = tx.query_row("SELECT count(*) FROM unit", [], |r| r.get(0))?;
    let rows: i64 = tx.query_row("SELECT count(*) FROM fz_seq", [], |r| r.get(0))?;
    let (units, rows) = (units.max(0) as u64, rows.max(1) as u64);
    let step = |done: u64, progress: &mut dyn FnMut(super::MigrationProgress)| {
        progress(super::MigrationProgress {
            units_done: (done.min(rows) as u128 * units as u128 / rows as u128) as u64,
            units_total: units,
        })
    };
    step(0, progress);
    tx.execute_batch(super::schema::V6_TABLES)?;
    let mut writer = SeqWriter::default();
    let mut insert = SeqWriter::insert_statement(tx)?;
    let mut langs: Vec<Rc<str>> = Vec::new();
    let mut stmt = tx.prepare("SELECT variant_id, lang, tokens FROM fz_seq ORDER BY variant_id")?;
    let mut read = stmt.query([])?;
    let mut done = 0u64;
    while let Some(row) = read.next()? {
        let id: i64 = row.get(0)?;
        let lang = row.get_ref(1)?.as_str()?;
        let lang = match langs.iter().find(|l| &***l == lang) {
            Some(l) => l.clone(),
            None => {
                langs.push(lang.into());
                langs[langs.len() - 1].clone()
            }
        };
        writer.add(tx, &mut insert, &lang, id, blob_at(row, 2)?)?;
        done += 1;
        if done % 65_536 == 0 {
            step(done, progress);
        }
    }
    drop(read);
    drop(stmt);
    writer.write_pending(&mut insert)?;
    drop(insert);
    tx.execute_batch("DROP TABLE fz_seq;")?;
    step(rows, progress);
    Ok(())
}

/// Every stored sequence: (language, variant id, token bytes), by block.
#[cfg(test)]
pub(super) fn all_sequences(conn: &Connection) -> rusqlite::Result<Vec<(String, i64, Vec<u8>)>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare("SELECT id, lang, data FROM fz_seqblock ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let lang: String = row.get(1)?;
        for entry in entries(row.get(0)?, blob_at(row, 2)?) {
            let (id, tokens) = entry?;
            out.push((lang.clone(), id, tokens.to_vec()));
        }
    }
    Ok(out)
}

#[cfg(test)]
#[path = "seqstore_tests.rs"]
mod tests;
