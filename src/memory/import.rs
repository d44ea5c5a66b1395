//! Writing units: [`Memory::add`], [`Memory::import`], duplicates.
//!
//! An import is a pipeline over all cores: a reading thread parses the input
//! into batches; a preparing thread splits each batch over the rayon pool,
//! where every unit is encoded for storage (remainder blob, packed text,
//! hashes, index tokens) — pure CPU work; this thread only writes SQLite
//! (one connection cannot write in parallel), through cached prepared
//! statements, all in one transaction.
//!
//! The first import into a memory without a text dictionary holds its first
//! few thousand units back, trains one on their texts, and packs everything
//! with it (see `textcodec`). An import into an empty memory drops the two
//! random-access lookup indexes and builds them after the bulk load, when
//! SQLite can build them sorted instead of inserting a million random keys.

use super::index::IndexWriter;
use super::indexwrite::TokenIds;
use super::prepare::{BatchBlocks, PreparedUnit, PreparedVariant, pack_blocks};
use super::store::{self, lang_key};
use super::textcodec::{self, Dictionary, Packer, TextValue};
use super::{
    CACHE_KIB, DEFAULT_MAX_SEGMENT_BYTES, DuplicatePolicy, IMPORT_CACHE_KIB, ImportOptions,
    ImportProgress, ImportReport, Memory, MemoryError, Result, open, units,
};
// Re-exported: the PostgreSQL import stores texts and merges through these too.
use super::duplicates::DuplicateProbe;
pub(super) use super::merge::merge_units;
pub(super) use super::prepare::pack_text;
use crate::unit::{ReadWarning, TranslationUnit, UnitReader, Variant};
use rayon::prelude::*;
use rusqlite::{CachedStatement, Transaction, params};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock, mpsc};

impl Memory {
    /// Adds one unit with the default duplicate policy; returns its row id
    /// (the id of the unit it was merged into, for a duplicate).
    pub fn add(&mut self, unit: &TranslationUnit) -> Result<i64> {
        self.check_writable()?;
        if let Some(pg) = &self.pg {
            return pg.add(unit, &mut self.on_wait);
        }
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
        let dict = textcodec::current_dictionary(&tx).map_err(sql)?;
        let prepared = PreparedUnit::new(unit.clone(), dict.as_ref());
        let mut probe = DuplicateProbe::always();
        let (id, _) = store_unit(
            &tx,
            &mut UnitStatements::new(&tx).map_err(sql)?,
            &mut writer,
            &mut probe,
            &mut BatchBlocks::default(),
            &prepared,
            DuplicatePolicy::Merge,
            dict.as_ref(),
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
        if let Some(pg) = &self.pg {
            return pg.import_many(inputs, options, progress, &mut self.on_wait);
        }
        let path = self.path.clone();
        let sql = |source| MemoryError::from_sql(path.clone(), source);
        // The memory stays in WAL mode during an import, so readers keep
        // reading the state before it until it commits (BENCHMARKS.md,
        // "Readers during an import"). A larger page cache holds the
        // random-access B-trees of a large memory while it grows; back to
        // the normal size after, so a long-lived process does not keep it.
        let _ = self
            .conn
            .pragma_update(None, "cache_size", IMPORT_CACHE_KIB);
        // SQLite's sorter, which builds the lookup indexes after a bulk
        // load, sorts its runs on helper threads when allowed: that phase
        // was a tenth of a 1M import's wall time, on one core.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let _ = self.conn.pragma_update(None, "threads", threads as i64);
        let result = self.import_in_transaction(inputs, options, progress);
        let _ = self.conn.pragma_update(None, "threads", 0);
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
        let mut probe = DuplicateProbe::begin(&tx, self.known_hashes_limit).map_err(sql)?;
        let mut token_ids = None;
        if probe.bulk() {
            tx.execute_batch(LOOKUP_INDEXES_DROP).map_err(sql)?;
            let shared = Arc::new(Mutex::new(TokenIds::load(&tx).map_err(sql)?));
            writer.share_token_ids(shared.clone());
            token_ids = Some(shared);
        }
        let mut texts = TextState {
            dict: textcodec::current_dictionary(&tx).map_err(sql)?,
            trained: false,
        };
        let mut reports = Vec::new();
        let mut bytes_before = 0;
        for (name, reader) in inputs.iter_mut() {
            let report = import_one(
                &tx,
                &mut writer,
                &mut probe,
                &mut texts,
                token_ids.as_ref(),
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
                params![&*name, now_stamp(), store::encode_header(reader.header())],
            )
            .map_err(sql)?;
            reports.push(report);
        }
        writer.finish(&tx).map_err(sql)?;
        if probe.bulk() {
            // Before the lookup indexes, so that they take the pages the
            // packing frees instead of growing the file.
            super::indexwrite::pack_postings(&tx).map_err(sql)?;
            // The sorter that builds the indexes holds one list of the page
            // cache's size per helper thread (`import_many`), and two more
            // in flight: at 64 MiB each that was 192 MiB on top of the rest,
            // the largest part of a large import's peak memory.
            tx.pragma_update(None, "cache_size", SORT_CACHE_KIB)
                .map_err(sql)?;
            tx.execute_batch(super::schema::LOOKUP_INDEXES)
                .map_err(sql)?;
        }
        tx.commit().map_err(sql)?;
        Ok(reports)
    }
}

/// Drops the lookup indexes for a bulk load (rebuilt from
/// `schema::LOOKUP_INDEXES` before the commit).
const LOOKUP_INDEXES_DROP: &str =
    "DROP INDEX IF EXISTS unit_content; DROP INDEX IF EXISTS variant_lookup;";

/// The page cache, and so each of the sorter's lists, while the lookup
/// indexes of a bulk load are built (negative: KiB).
const SORT_CACHE_KIB: i64 = -16_384;

/// Units the reading thread hands over at a time.
const READ_BATCH: usize = 1024;

/// Batches in flight between the threads (bounds the memory the pipeline
/// holds to a few thousand units).
const PIPELINE_DEPTH: usize = 3;

/// The text dictionary of an import.
struct TextState {
    dict: Option<Dictionary>,
    /// True once this import has tried to train one.
    trained: bool,
}

/// Units read (and checked) by the reading thread.
pub(super) struct ReadBatch {
    pub(super) units: Vec<TranslationUnit>,
    pub(super) warnings: Vec<ReadWarning>,
    pub(super) units_read: u64,
    pub(super) skipped_empty: u64,
    pub(super) bytes_read: u64,
    pub(super) finished: bool,
}

/// The same batch, prepared.
struct PreparedBatch {
    units: Vec<PreparedUnit>,
    blocks: BatchBlocks,
    warnings: Vec<ReadWarning>,
    units_read: u64,
    skipped_empty: u64,
    bytes_read: u64,
    finished: bool,
}

/// Reads `reader` to the end and stores its units (see the module comment).
#[allow(clippy::too_many_arguments)]
fn import_one(
    tx: &Transaction,
    writer: &mut IndexWriter,
    probe: &mut DuplicateProbe,
    texts: &mut TextState,
    token_ids: Option<&Arc<Mutex<TokenIds>>>,
    reader: &mut dyn UnitReader,
    options: &ImportOptions,
    path: &Path,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportReport> {
    let sql = |source| MemoryError::from_sql(path.to_path_buf(), source);
    let mut report = ImportReport::default();
    let strict = options.strict;
    let reading = &mut *reader;
    let shared_dict: Arc<OnceLock<Dictionary>> = Arc::new(OnceLock::new());
    if let Some(dict) = &texts.dict {
        let _ = shared_dict.set(dict.clone());
    }
    let need_dict = texts.dict.is_none() && !texts.trained;
    std::thread::scope(|scope| -> Result<()> {
        let (read_out, read_in) = mpsc::sync_channel::<Result<ReadBatch>>(PIPELINE_DEPTH);
        let (ready_out, ready_in) = mpsc::sync_channel::<Result<PreparedBatch>>(PIPELINE_DEPTH);
        // Spent batches go back so that a helper frees their thousands of
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
                let batch = read_batch(reading, strict, limit, name, units_before);
                if let Ok(batch) = &batch {
                    units_before += batch.units_read;
                }
                let stop = batch.as_ref().map_or(true, |b| b.finished);
                if read_out.send(batch).is_err() || stop {
                    return;
                }
            }
        });
        let dict_slot = shared_dict.clone();
        let token_ids = token_ids.cloned();
        scope.spawn(move || {
            while let Ok(batch) = read_in.recv() {
                while let Ok(done) = spent.try_recv() {
                    drop(done);
                }
                let prepared = batch.map(|b| {
                    let dict = dict_slot.get();
                    let mut units: Vec<PreparedUnit> = b
                        .units
                        .into_par_iter()
                        .map(|unit| PreparedUnit::new(unit, None))
                        .collect();
                    if let Some(token_ids) = &token_ids {
                        // In input order: the ids the writer would give.
                        let mut token_ids = token_ids.lock().unwrap_or_else(|e| e.into_inner());
                        for variant in units.iter_mut().flat_map(|u| &mut u.variants) {
                            token_ids.resolve(&variant.lang, &mut variant.tokens);
                        }
                    }
                    let blocks = match dict {
                        Some(dict) => pack_blocks(&mut units, dict),
                        None => BatchBlocks::default(),
                    };
                    PreparedBatch {
                        units,
                        blocks,
                        warnings: b.warnings,
                        units_read: b.units_read,
                        skipped_empty: b.skipped_empty,
                        bytes_read: b.bytes_read,
                        finished: b.finished,
                    }
                });
                if ready_out.send(prepared).is_err() {
                    return;
                }
            }
        });
        let mut statements = UnitStatements::new(tx).map_err(sql)?;
        // Units held back until a dictionary is trained on their texts.
        let mut held: Vec<PreparedBatch> = Vec::new();
        let mut held_bytes = 0usize;
        loop {
            let batch = ready_in
                .recv()
                .map_err(|_| MemoryError::Internal("the reading thread stopped".into()))??;
            let finished = batch.finished;
            let batches = if need_dict && shared_dict.get().is_none() && !texts.trained {
                held_bytes += batch
                    .units
                    .iter()
                    .flat_map(|u| &u.variants)
                    .map(|v| v.text_len)
                    .sum::<usize>();
                held.push(batch);
                if held_bytes < textcodec::SAMPLE_BYTES && !finished {
                    continue;
                }
                texts.trained = true;
                let dict = {
                    let samples: Vec<&str> = held
                        .iter()
                        .flat_map(|b| &b.units)
                        .flat_map(|u| &u.variants)
                        .filter_map(|v| match &v.text {
                            TextValue::Raw(t) => Some(t.as_str()),
                            TextValue::Packed(_) => None,
                        })
                        .collect();
                    textcodec::train(tx, &samples).map_err(sql)?
                };
                if let Some(dict) = dict {
                    Packer::new(&dict)
                        .map_err(|e| MemoryError::Internal(format!("text dictionary: {e}")))?;
                    // On the pool: this thread has the writing to do.
                    for batch in &mut held {
                        batch.blocks = pack_blocks(&mut batch.units, &dict);
                    }
                    let _ = shared_dict.set(dict.clone());
                    texts.dict = Some(dict);
                }
                std::mem::take(&mut held)
            } else {
                vec![batch]
            };
            for mut batch in batches {
                report.units_read += batch.units_read;
                report.skipped_empty += batch.skipped_empty;
                report.warnings.extend(batch.warnings);
                for unit in &batch.units {
                    let (_, outcome) = store_unit(
                        tx,
                        &mut statements,
                        writer,
                        probe,
                        &mut batch.blocks,
                        unit,
                        options.on_duplicate,
                        texts.dict.as_ref(),
                        path,
                    )?;
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
            }
            if finished {
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

/// Reads up to [`READ_BATCH`] units, checking each (on the reading thread).
pub(super) fn read_batch(
    reader: &mut dyn UnitReader,
    strict: bool,
    limit: usize,
    name: &str,
    units_before: u64,
) -> Result<ReadBatch> {
    let mut batch = ReadBatch {
        units: Vec::with_capacity(READ_BATCH),
        warnings: Vec::new(),
        units_read: 0,
        skipped_empty: 0,
        bytes_read: 0,
        finished: false,
    };
    while batch.units.len() < READ_BATCH {
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
            batch.units.push(unit);
        }
    }
    batch.bytes_read = reader.bytes_read();
    Ok(batch)
}

/// Bytes of a segment's plain text.
fn segment_bytes(variant: &Variant) -> usize {
    variant.text().len()
}

enum StoreOutcome {
    Inserted,
    Merged,
    Replaced,
    Skipped,
}

fn now_stamp() -> String {
    chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string()
}

/// What makes two units duplicates: each variant's language key and content
/// (text and tags), sorted. `same_content` compares it; the PostgreSQL
/// backend hashes it into its unique key, so both backends agree.
pub(super) fn content_parts(unit: &TranslationUnit) -> Vec<(String, String)> {
    let mut parts: Vec<(String, String)> = unit
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
}

/// Same languages with the same content (text and tags), in any order.
pub(super) fn same_content(a: &TranslationUnit, b: &TranslationUnit) -> bool {
    content_parts(a) == content_parts(b)
}

/// The statements that store every unit, prepared once per import: taking
/// them from the connection's statement cache for every unit hashed their
/// SQL text each time and moved them in and out of the cache (2.6% of a
/// bulk import's CPU).
pub(super) struct UnitStatements<'c> {
    insert_unit: CachedStatement<'c>,
    insert_variant: CachedStatement<'c>,
    /// A variant's token sequence (`IndexWriter::add`).
    insert_tokens: CachedStatement<'c>,
}

impl<'c> UnitStatements<'c> {
    pub(super) fn new(tx: &'c Transaction) -> rusqlite::Result<UnitStatements<'c>> {
        Ok(UnitStatements {
            insert_unit: tx.prepare_cached(
                "INSERT INTO unit(tuid, changed, content_hash, extra, first_variant, variants)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            insert_variant: tx.prepare_cached(
                "INSERT INTO variant_row(id, unit_id, ord, lang, text, key_hash, extra)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            insert_tokens: IndexWriter::insert_tokens(tx)?,
        })
    }
}

/// Stores one unit under `policy`. `dict` is the memory's current text
/// dictionary, the one the transaction packs with: passed in rather than read
/// again per merged duplicate, since each read made a new `Dictionary` and so
/// a new zstd packer (its match tables built anew: 4% of a 1M import's CPU
/// for 14,478 merges).
#[allow(clippy::too_many_arguments)]
fn store_unit(
    tx: &Transaction,
    statements: &mut UnitStatements,
    writer: &mut IndexWriter,
    probe: &mut DuplicateProbe,
    blocks: &mut BatchBlocks,
    prepared: &PreparedUnit,
    policy: DuplicatePolicy,
    dict: Option<&Dictionary>,
    path: &Path,
) -> Result<(i64, StoreOutcome)> {
    let sql = |source| MemoryError::from_sql(path.to_path_buf(), source);
    let hash = prepared.hash;
    if policy != DuplicatePolicy::All {
        for id in probe.candidates(tx, hash).map_err(sql)? {
            let Some((existing, _)) = units::read_unit(tx, id, path, super::schema::BLOCK_SCHEMA)?
            else {
                continue;
            };
            if !same_content(&existing, &prepared.unit) {
                continue;
            }
            return match policy {
                DuplicatePolicy::Keep => Ok((id, StoreOutcome::Skipped)),
                DuplicatePolicy::Replace => {
                    rewrite_unit(
                        tx, statements, writer, blocks, id, &existing, prepared, path,
                    )?;
                    Ok((id, StoreOutcome::Replaced))
                }
                DuplicatePolicy::Merge => {
                    let merged = prepared.merged_into(&existing, dict);
                    rewrite_unit(tx, statements, writer, blocks, id, &existing, &merged, path)?;
                    Ok((id, StoreOutcome::Merged))
                }
                DuplicatePolicy::All => unreachable!("policy All never looks for duplicates"),
            };
        }
    }
    let id = write_unit(tx, statements, writer, blocks, None, prepared, path)?;
    // Policy All never asks for duplicates (above), so it keeps no map.
    if policy != DuplicatePolicy::All {
        probe.written(tx, hash, id).map_err(sql)?;
    }
    Ok((id, StoreOutcome::Inserted))
}

/// Writes `rewrite` over unit `id`, whose stored form is `existing` (a
/// duplicate merged or replaced). When both have the same language and
/// text at each position, which duplicates nearly always have, the variant
/// rows are updated where they are: their ids, token sequences and posting
/// lists depend on nothing else, so the index is left as it is. Taking the
/// variants out of the index and adding them again under new ids read and
/// rewrote a posting chunk for every distinct token of every variant: a
/// third of the writing thread's time in a 10M import with the default
/// policy, growing with the memory.
#[allow(clippy::too_many_arguments)]
fn rewrite_unit(
    tx: &Transaction,
    statements: &mut UnitStatements,
    writer: &mut IndexWriter,
    blocks: &mut BatchBlocks,
    id: i64,
    existing: &TranslationUnit,
    rewrite: &PreparedUnit,
    path: &Path,
) -> Result<()> {
    if !same_texts_in_place(existing, &rewrite.unit) {
        write_unit(tx, statements, writer, blocks, Some(id), rewrite, path)?;
        return Ok(());
    }
    let sql = |source| MemoryError::from_sql(path.to_path_buf(), source);
    // NULL for a unit without variants (then `rewrite` has none either).
    let first: Option<i64> = tx
        .prepare_cached(
            "UPDATE unit SET tuid = ?1, changed = ?2, content_hash = ?3, extra = ?4
             WHERE id = ?5 RETURNING first_variant",
        )
        .map_err(sql)?
        .query_row(
            params![
                rewrite.tuid,
                rewrite.changed,
                rewrite.hash,
                rewrite.extra,
                id
            ],
            |row| row.get(0),
        )
        .map_err(sql)?;
    for (ord, variant) in rewrite.variants.iter().enumerate() {
        let text = TextColumn::of(tx, blocks, variant).map_err(sql)?;
        tx.prepare_cached(
            "UPDATE variant_row SET lang = ?1, text = ?2, key_hash = ?3, extra = ?4
             WHERE id = ?5",
        )
        .map_err(sql)?
        .execute(params![
            variant.lang,
            text,
            variant.key_hash,
            variant.extra,
            first.unwrap_or_default() + ord as i64
        ])
        .map_err(sql)?;
    }
    Ok(())
}

/// What `variant_row.text` holds for a variant: a reference to its slot in
/// a text block (the block written on its first reference), or its text.
enum TextColumn<'a> {
    Block(i64),
    Own(&'a TextValue),
}

impl<'a> TextColumn<'a> {
    fn of(
        tx: &Transaction,
        blocks: &mut BatchBlocks,
        variant: &'a PreparedVariant,
    ) -> rusqlite::Result<TextColumn<'a>> {
        Ok(match variant.block {
            Some((block, slot)) => TextColumn::Block(blocks.reference(tx, block, slot)?),
            None => TextColumn::Own(&variant.text),
        })
    }
}

impl rusqlite::ToSql for TextColumn<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            TextColumn::Block(reference) => reference.to_sql(),
            TextColumn::Own(text) => text.to_sql(),
        }
    }
}

/// True when `b` has as many variants as `a`, with the same index language
/// and plain text at each position: what a variant's token sequence and
/// posting lists are made from (its tags and metadata are not indexed).
pub(super) fn same_texts_in_place(a: &TranslationUnit, b: &TranslationUnit) -> bool {
    a.variants.len() == b.variants.len()
        && a.variants.iter().zip(&b.variants).all(|(x, y)| {
            x.lang.primary().eq_ignore_ascii_case(y.lang.primary()) && x.text() == y.text()
        })
}

/// Inserts a unit (or rewrites unit `id`) and its variant rows and index.
/// The variants get consecutive ids, recorded in the unit row (schema 5).
fn write_unit(
    tx: &Transaction,
    statements: &mut UnitStatements,
    writer: &mut IndexWriter,
    blocks: &mut BatchBlocks,
    id: Option<i64>,
    prepared: &PreparedUnit,
    path: &Path,
) -> Result<i64> {
    let sql = |source| MemoryError::from_sql(path.to_path_buf(), source);
    let hash = prepared.hash;
    let count = prepared.variants.len() as i64;
    if let Some(id) = id {
        writer.removing_unit(tx, id).map_err(sql)?;
        tx.prepare_cached(
            "DELETE FROM variant_row WHERE id >= (SELECT first_variant FROM unit WHERE id = ?1)
               AND id < (SELECT first_variant + variants FROM unit WHERE id = ?1)",
        )
        .map_err(sql)?
        .execute([id])
        .map_err(sql)?;
    }
    let mut variant_ids = Vec::with_capacity(prepared.variants.len());
    for _ in &prepared.variants {
        variant_ids.push(writer.next_variant_id(tx).map_err(sql)?);
    }
    let first = variant_ids.first().copied();
    let id = match id {
        Some(id) => {
            tx.prepare_cached(
                "UPDATE unit SET tuid = ?1, changed = ?2, content_hash = ?3, extra = ?4,
                   first_variant = ?5, variants = ?6 WHERE id = ?7",
            )
            .map_err(sql)?
            .execute(params![
                prepared.tuid,
                prepared.changed,
                hash,
                prepared.extra,
                first,
                count,
                id
            ])
            .map_err(sql)?;
            id
        }
        None => {
            statements
                .insert_unit
                .execute(params![
                    prepared.tuid,
                    prepared.changed,
                    hash,
                    prepared.extra,
                    first,
                    count
                ])
                .map_err(sql)?;
            tx.last_insert_rowid()
        }
    };
    for (ord, (variant, &variant_id)) in prepared.variants.iter().zip(&variant_ids).enumerate() {
        let text = TextColumn::of(tx, blocks, variant).map_err(sql)?;
        statements
            .insert_variant
            .execute(params![
                variant_id,
                id,
                ord as i64,
                variant.lang,
                text,
                variant.key_hash,
                variant.extra,
            ])
            .map_err(sql)?;
        writer
            .add(
                tx,
                &mut statements.insert_tokens,
                variant_id,
                &variant.lang,
                &variant.tokens,
            )
            .map_err(sql)?;
    }
    Ok(id)
}
