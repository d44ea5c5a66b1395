//! Writing a PostgreSQL memory: imports, `add`, `delete` (and, in
//! `rebuild`, `rebuild-index`).
//!
//! An import takes the memory's row lock, reads what it needs to assign
//! ids and find duplicates, then streams: batches of units are read on this
//! thread, encoded on the rayon pool (remainder, packed text, hashes, index
//! tokens: the same encodings as the SQLite store), and new rows are
//! buffered and sent with `COPY … FROM STDIN BINARY` every few thousand
//! units. Duplicates follow the policy exactly as `import::store_unit` does
//! (same candidates in the same order, same id assignment), so a memory
//! imported into PostgreSQL has the ids the same import gives a `.tmdb`.

use super::PgStore;
use crate::memory::codec::encode_tokens;
use crate::memory::import::{
    ReadBatch, merge_units, read_batch, same_content, same_texts_in_place,
};
use crate::memory::index::index_lang;
use crate::memory::store;
use crate::memory::textcodec::{self, Dictionary};
use crate::memory::{
    DEFAULT_MAX_SEGMENT_BYTES, DuplicatePolicy, ImportOptions, ImportProgress, ImportReport,
    MemoryError, Result, WaitHook,
};
use crate::unit::{TranslationUnit, UnitReader};
use postgres::Transaction;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

mod copy;
mod prepared;
mod rebuild;

use copy::Staged;
use prepared::{Prepared, date_columns};

/// New units buffered before a COPY.
const FLUSH_UNITS: usize = 8192;

/// How duplicates are found.
#[derive(PartialEq)]
enum Probe {
    /// Every unit's hash was read at the start (an import).
    Loaded,
    /// Ask the server per unit (`add`: one unit in a large memory).
    Query,
}

/// The state of one write transaction.
struct Writer {
    memory_id: i32,
    next_unit: i64,
    next_variant: i64,
    next_token: i32,
    probe: Probe,
    /// Content hash → unit ids (all of them with `Probe::Loaded`, else
    /// those written in this transaction), ascending.
    hashes: HashMap<i64, Vec<i64>>,
    /// Index language → word → token id (met so far).
    vocab: HashMap<String, HashMap<String, i32>>,
    dict: Option<Dictionary>,
    trained: bool,
    staged: Staged,
}

enum Outcome {
    Inserted,
    Merged,
    Replaced,
    Skipped,
}

fn now_stamp() -> String {
    chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string()
}

impl PgStore {
    /// Loads every dictionary of the memory (so reading units back during
    /// an import never needs the connection the import holds).
    pub(super) fn load_decoders(&self) -> Result<()> {
        // Only the dictionaries this handle lacks cross the network (each
        // is ~100 KB; `add` calls this once per unit).
        let held: Vec<i32> = self
            .decoders
            .borrow()
            .keys()
            .map(|&id| i32::from(id))
            .collect();
        let rows = {
            let mut client = self.client.borrow_mut();
            client
                .query(
                    "SELECT id, dict FROM tmkit_text_dict WHERE memory_id = $1 AND id <> ALL($2)",
                    &[&self.memory_id, &held],
                )
                .map_err(|e| self.err(e))?
        };
        let mut decoders = self.decoders.borrow_mut();
        for row in rows {
            let id = row.get::<_, i32>(0) as u8;
            if let std::collections::hash_map::Entry::Vacant(slot) = decoders.entry(id) {
                let decoder = zstd::bulk::Decompressor::with_dictionary(row.get::<_, &[u8]>(1))
                    .map_err(|e| {
                        MemoryError::damaged(&self.shown, format!("text dictionary {id}: {e}"))
                    })?;
                slot.insert(decoder);
            }
        }
        Ok(())
    }

    /// Begins a write: a transaction holding the memory's row lock, and
    /// the ids and dictionary the writer continues from.
    fn begin<'c>(
        &self,
        client: &'c mut postgres::Client,
        probe: Probe,
        on_wait: &mut Option<WaitHook>,
    ) -> Result<(Transaction<'c>, Writer)> {
        let err = |e| self.err(e);
        let id = &self.memory_id;
        let mut tx = client.transaction().map_err(err)?;
        // Try the lock without waiting first (SKIP LOCKED: no row when
        // another writer holds it), so that a writer that has to wait for
        // another import can say so before it blocks.
        let free = tx
            .query_opt(
                "SELECT 1 FROM tmkit_memory WHERE id = $1 FOR UPDATE SKIP LOCKED",
                &[id],
            )
            .map_err(err)?;
        if free.is_none() {
            let exists = tx
                .query_opt("SELECT 1 FROM tmkit_memory WHERE id = $1", &[id])
                .map_err(err)?;
            if exists.is_none() {
                return Err(MemoryError::Missing(self.shown.clone().into()));
            }
            if let Some(hook) = on_wait.as_mut() {
                hook();
            }
            let locked = tx
                .query_opt("SELECT 1 FROM tmkit_memory WHERE id = $1 FOR UPDATE", &[id])
                .map_err(err)?;
            if locked.is_none() {
                return Err(MemoryError::Missing(self.shown.clone().into()));
            }
        }
        let next = |sql: &str, tx: &mut Transaction| -> Result<i64> {
            Ok(tx.query_one(sql, &[id]).map_err(err)?.get(0))
        };
        let next_unit = next(
            "SELECT coalesce(max(id), 0) + 1 FROM tmkit_unit WHERE memory_id = $1",
            &mut tx,
        )?;
        // Never an id given before, even one deleted since (see
        // `memory::indexcache`): the mark is kept by `finish`.
        let next_variant = next(
            "SELECT greatest(
                 (SELECT coalesce(max(id), 0) + 1 FROM tmkit_variant WHERE memory_id = $1),
                 (SELECT next_variant FROM tmkit_memory WHERE id = $1))",
            &mut tx,
        )?;
        let next_token = next(
            "SELECT (coalesce(max(id), 0) + 1)::bigint FROM tmkit_token WHERE memory_id = $1",
            &mut tx,
        )? as i32;
        // A dictionary never changes under its id: the one this handle
        // holds is reused, so its prepared compressor (kept per thread and
        // keyed by the bytes' address, `import::pack_text`) is too. Building
        // that compressor anew made each `POST /units` take ~120 ms.
        let newest: Option<i32> = tx
            .query_one(
                "SELECT max(id) FROM tmkit_text_dict WHERE memory_id = $1",
                &[id],
            )
            .map_err(err)?
            .get(0);
        let held = self.dictionary.borrow().clone();
        let dict = match (newest, held) {
            (None, _) => None,
            (Some(newest), Some(held)) if i32::from(held.id) == newest => Some(held),
            (Some(newest), _) => {
                let bytes: Vec<u8> = tx
                    .query_one(
                        "SELECT dict FROM tmkit_text_dict WHERE memory_id = $1 AND id = $2",
                        &[id, &newest],
                    )
                    .map_err(err)?
                    .get(0);
                let dict = Dictionary {
                    id: newest as u8,
                    bytes: Arc::new(bytes),
                };
                *self.dictionary.borrow_mut() = Some(dict.clone());
                Some(dict)
            }
        };
        let mut writer = Writer {
            memory_id: self.memory_id,
            next_unit,
            next_variant,
            next_token,
            probe,
            hashes: HashMap::new(),
            vocab: HashMap::new(),
            dict,
            trained: false,
            staged: Staged::default(),
        };
        if writer.probe == Probe::Loaded && next_unit > 1 {
            let rows = tx
                .query(
                    "SELECT content_hash, id FROM tmkit_unit WHERE memory_id = $1 ORDER BY id",
                    &[id],
                )
                .map_err(err)?;
            for row in rows {
                writer
                    .hashes
                    .entry(row.get(0))
                    .or_default()
                    .push(row.get(1));
            }
            let rows = tx
                .query(
                    "SELECT lang, text, id FROM tmkit_token WHERE memory_id = $1",
                    &[id],
                )
                .map_err(err)?;
            for row in rows {
                writer
                    .vocab
                    .entry(row.get(0))
                    .or_default()
                    .insert(row.get(1), row.get(2));
            }
        }
        Ok((tx, writer))
    }

    /// Ends a write: the last rows, the change stamp, the commit.
    fn finish(&self, mut tx: Transaction, mut writer: Writer) -> Result<()> {
        let err = |e| self.err(e);
        writer.flush(&mut tx).map_err(err)?;
        tx.execute(
            "UPDATE tmkit_memory SET generation = generation + 1,
               next_variant = greatest(next_variant, $2) WHERE id = $1",
            &[&self.memory_id, &writer.next_variant],
        )
        .map_err(err)?;
        tx.commit().map_err(err)
    }

    /// `Memory::import_many` on PostgreSQL: all inputs in one transaction.
    pub(in crate::memory) fn import_many(
        &self,
        inputs: &mut [(String, &mut dyn UnitReader)],
        options: &ImportOptions,
        progress: &mut dyn FnMut(ImportProgress),
        on_wait: &mut Option<WaitHook>,
    ) -> Result<Vec<ImportReport>> {
        self.load_decoders()?;
        let result = (|| {
            let mut client = self.client.borrow_mut();
            let (mut tx, mut writer) = self.begin(&mut client, Probe::Loaded, on_wait)?;
            let mut reports = Vec::new();
            let mut bytes_before = 0;
            for (name, reader) in inputs.iter_mut() {
                let options = ImportOptions {
                    source_name: name.clone(),
                    ..options.clone()
                };
                let report =
                    self.import_one(&mut tx, &mut writer, &mut **reader, &options, &mut |p| {
                        progress(ImportProgress {
                            units_read: p.units_read,
                            bytes_read: bytes_before + p.bytes_read,
                        })
                    })?;
                bytes_before += reader.bytes_read();
                let source_id: i64 = tx
                    .query_one(
                        "SELECT coalesce(max(id), 0) + 1 FROM tmkit_source_file WHERE memory_id = $1",
                        &[&self.memory_id],
                    )
                    .map_err(|e| self.err(e))?
                    .get(0);
                tx.execute(
                    "INSERT INTO tmkit_source_file(memory_id, id, name, imported_at, header)
                     VALUES ($1, $2, $3, $4, $5)",
                    &[
                        &self.memory_id,
                        &source_id,
                        &*name,
                        &now_stamp(),
                        &store::encode_header(reader.header()),
                    ],
                )
                .map_err(|e| self.err(e))?;
                reports.push(report);
            }
            self.finish(tx, writer)?;
            Ok(reports)
        })();
        result.map_err(|e| match e {
            MemoryError::Postgres { location, detail } => MemoryError::Postgres {
                location,
                detail: format!("{detail}; nothing was imported, the memory is unchanged"),
            },
            other => other,
        })
    }

    fn import_one(
        &self,
        tx: &mut Transaction,
        writer: &mut Writer,
        reader: &mut dyn UnitReader,
        options: &ImportOptions,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        let limit = match options.max_segment_bytes {
            0 => DEFAULT_MAX_SEGMENT_BYTES,
            n => n,
        };
        let name = options.source_name.as_str();
        let mut units_before = 0;
        let mut held: Vec<ReadBatch> = Vec::new();
        loop {
            let batch = read_batch(reader, options.strict, limit, name, units_before)?;
            units_before += batch.units_read;
            let finished = batch.finished;
            let batches = if writer.dict.is_none() && !writer.trained {
                held.push(batch);
                let bytes: usize = held
                    .iter()
                    .flat_map(|b| &b.units)
                    .flat_map(|u| &u.variants)
                    .map(|v| v.text().len())
                    .sum();
                if bytes < textcodec::SAMPLE_BYTES && !finished {
                    continue;
                }
                self.train(tx, writer, &held)?;
                std::mem::take(&mut held)
            } else {
                vec![batch]
            };
            for batch in batches {
                report.units_read += batch.units_read;
                report.skipped_empty += batch.skipped_empty;
                report.warnings.extend(batch.warnings);
                let dict = writer.dict.clone();
                let prepared: Vec<Prepared> = batch
                    .units
                    .into_par_iter()
                    .map(|unit| Prepared::new(unit, dict.as_ref()))
                    .collect();
                for unit in &prepared {
                    match self.store(tx, writer, unit, options.on_duplicate)?.1 {
                        Outcome::Inserted => report.imported += 1,
                        Outcome::Merged => report.merged += 1,
                        Outcome::Replaced => report.replaced += 1,
                        Outcome::Skipped => report.skipped_duplicates += 1,
                    }
                }
                progress(ImportProgress {
                    units_read: report.units_read,
                    bytes_read: batch.bytes_read,
                });
            }
            if finished {
                break;
            }
        }
        progress(ImportProgress {
            units_read: report.units_read,
            bytes_read: reader.bytes_read(),
        });
        Ok(report)
    }

    /// Trains the memory's text dictionary on the units held back.
    fn train(&self, tx: &mut Transaction, writer: &mut Writer, held: &[ReadBatch]) -> Result<()> {
        writer.trained = true;
        let texts: Vec<String> = held
            .iter()
            .flat_map(|b| &b.units)
            .flat_map(|u| &u.variants)
            .map(|v| v.text())
            .collect();
        let samples: Vec<&str> = texts.iter().map(String::as_str).collect();
        let Some(bytes) = textcodec::train_bytes(&samples) else {
            return Ok(());
        };
        let next: i32 = tx
            .query_one(
                "SELECT coalesce(max(id), 0) + 1 FROM tmkit_text_dict WHERE memory_id = $1",
                &[&self.memory_id],
            )
            .map_err(|e| self.err(e))?
            .get(0);
        if next > 255 {
            return Ok(());
        }
        tx.execute(
            "INSERT INTO tmkit_text_dict(memory_id, id, dict) VALUES ($1, $2, $3)",
            &[&self.memory_id, &next, &bytes],
        )
        .map_err(|e| self.err(e))?;
        let decoder = zstd::bulk::Decompressor::with_dictionary(&bytes)
            .map_err(|e| MemoryError::Internal(format!("text dictionary: {e}")))?;
        self.decoders.borrow_mut().insert(next as u8, decoder);
        writer.dict = Some(Dictionary {
            id: next as u8,
            bytes: Arc::new(bytes),
        });
        Ok(())
    }

    /// Unit `id` read inside the write transaction.
    fn read_in(&self, tx: &mut Transaction, id: i64) -> Result<Option<TranslationUnit>> {
        let err = |e| self.err(e);
        let rows = tx
            .query(
                "SELECT u.tuid, u.changed_seconds, u.changed_text, u.extra, v.lang, v.text, v.extra
                 FROM tmkit_unit u LEFT JOIN tmkit_variant v
                   ON v.memory_id = u.memory_id AND v.unit_id = u.id
                 WHERE u.memory_id = $1 AND u.id = $2 ORDER BY v.ord",
                &[&self.memory_id, &id],
            )
            .map_err(err)?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let mut variants = Vec::new();
        for row in &rows {
            if let Some(lang) = row.get::<_, Option<String>>(4) {
                variants.push((lang, self.decode_text(row.get::<_, &[u8]>(5))?, row.get(6)));
            }
        }
        let extra: Option<Vec<u8>> = first.get(3);
        store::decode_unit(
            first.get(0),
            super::read::stored_date(first.get(1), first.get(2)),
            extra.as_deref(),
            variants,
        )
        .map(Some)
        .map_err(|detail| MemoryError::Corrupt {
            path: self.shown.clone().into(),
            unit_id: id,
            detail,
        })
    }

    /// Stores one unit under `policy` (see `import::store_unit`).
    fn store(
        &self,
        tx: &mut Transaction,
        writer: &mut Writer,
        prepared: &Prepared,
        policy: DuplicatePolicy,
    ) -> Result<(i64, Outcome)> {
        let err = |e| self.err(e);
        let hash = prepared.hash;
        if policy != DuplicatePolicy::All {
            let mut candidates: Vec<i64> = writer.hashes.get(&hash).cloned().unwrap_or_default();
            if writer.probe == Probe::Query {
                let rows = tx
                    .query(
                        "SELECT id FROM tmkit_unit WHERE memory_id = $1 AND content_hash = $2",
                        &[&self.memory_id, &hash],
                    )
                    .map_err(err)?;
                candidates.extend(rows.iter().map(|r| r.get::<_, i64>(0)));
                candidates.sort_unstable();
                candidates.dedup();
            }
            for id in candidates {
                if writer.staged.first_unit.is_some_and(|first| id >= first) {
                    writer.flush(tx).map_err(err)?;
                }
                let Some(existing) = self.read_in(tx, id)? else {
                    continue;
                };
                if !same_content(&existing, &prepared.unit) {
                    continue;
                }
                return match policy {
                    DuplicatePolicy::Keep => Ok((id, Outcome::Skipped)),
                    DuplicatePolicy::Replace => {
                        self.rewrite(tx, writer, id, &existing, prepared)?;
                        Ok((id, Outcome::Replaced))
                    }
                    DuplicatePolicy::Merge | DuplicatePolicy::All => {
                        let merged = Prepared::new(
                            merge_units(&existing, &prepared.unit),
                            writer.dict.as_ref(),
                        );
                        self.rewrite(tx, writer, id, &existing, &merged)?;
                        Ok((id, Outcome::Merged))
                    }
                };
            }
        }
        // A duplicate kept by policy `all` leaves the content key to the
        // first unit with that content.
        let key = if policy == DuplicatePolicy::All
            && (writer.hashes.contains_key(&hash) || writer.probe == Probe::Query)
        {
            None
        } else {
            Some(prepared.key.clone())
        };
        let id = writer.next_unit;
        writer.next_unit += 1;
        let (seconds, text) = date_columns(&prepared.changed);
        writer.staged.first_unit.get_or_insert(id);
        writer.staged.units.push((
            id,
            prepared.tuid.clone(),
            seconds,
            text,
            hash,
            key,
            prepared.extra.clone(),
        ));
        for (ord, variant) in prepared.variants.iter().enumerate() {
            let variant_id = writer.next_variant;
            writer.next_variant += 1;
            writer.staged.variants.push((
                variant_id,
                id,
                ord as i32,
                variant.lang.clone(),
                variant.text.clone(),
                variant.key_hash,
                variant.extra.clone(),
            ));
            let (lang, tokens) = self.token_ids(tx, writer, &variant.lang, &variant.tokens)?;
            writer.staged.seqs.push((lang, variant_id, tokens));
        }
        writer.hashes.entry(hash).or_default().push(id);
        if writer.staged.units.len() >= FLUSH_UNITS {
            writer.flush(tx).map_err(err)?;
        }
        Ok((id, Outcome::Inserted))
    }

    /// The index language and encoded token ids of a variant, giving new
    /// words the next ids.
    fn token_ids(
        &self,
        tx: &mut Transaction,
        writer: &mut Writer,
        lang: &str,
        tokens: &[String],
    ) -> Result<(String, Vec<u8>)> {
        let key = index_lang(lang);
        let mut ids = Vec::with_capacity(tokens.len());
        for word in tokens {
            let known = writer.vocab.get(&key).and_then(|w| w.get(word)).copied();
            let id = match known {
                Some(id) => id,
                None => {
                    let found = if writer.probe == Probe::Query {
                        tx.query_opt(
                            "SELECT id FROM tmkit_token WHERE memory_id = $1 AND lang = $2 AND text = $3",
                            &[&self.memory_id, &key, word],
                        )
                        .map_err(|e| self.err(e))?
                        .map(|r| r.get::<_, i32>(0))
                    } else {
                        None
                    };
                    let id = match found {
                        Some(id) => id,
                        None => {
                            let id = writer.next_token;
                            writer.next_token += 1;
                            writer.staged.tokens.push((id, key.clone(), word.clone()));
                            id
                        }
                    };
                    writer
                        .vocab
                        .entry(key.clone())
                        .or_default()
                        .insert(word.clone(), id);
                    id
                }
            };
            ids.push(id as u32);
        }
        Ok((key, encode_tokens(&ids)))
    }

    /// Rewrites unit `id` (a merged or replaced duplicate, stored as
    /// `existing`): new columns; its variant rows updated where they are
    /// when the texts are the same in the same places (their ids and token
    /// sequences stay), else replaced by new ones with new ids, as
    /// `import::rewrite_unit` does.
    fn rewrite(
        &self,
        tx: &mut Transaction,
        writer: &mut Writer,
        id: i64,
        existing: &TranslationUnit,
        prepared: &Prepared,
    ) -> Result<()> {
        let err = |e| self.err(e);
        let m = &self.memory_id;
        let (seconds, text) = date_columns(&prepared.changed);
        tx.execute(
            "UPDATE tmkit_unit SET tuid = $3, changed_seconds = $4, changed_text = $5,
               content_hash = $6, extra = $7 WHERE memory_id = $1 AND id = $2",
            &[
                m,
                &id,
                &prepared.tuid,
                &seconds,
                &text,
                &prepared.hash,
                &prepared.extra,
            ],
        )
        .map_err(err)?;
        // The same texts in the same places keep their variant ids and
        // token sequences; otherwise the variants are written anew.
        let kept: Option<Vec<i64>> = if same_texts_in_place(existing, &prepared.unit) {
            let rows = tx
                .query(
                    "SELECT id FROM tmkit_variant WHERE memory_id = $1 AND unit_id = $2 ORDER BY ord",
                    &[m, &id],
                )
                .map_err(err)?;
            let ids: Vec<i64> = rows.iter().map(|row| row.get(0)).collect();
            (ids.len() == prepared.variants.len()).then_some(ids)
        } else {
            None
        };
        if kept.is_none() {
            self.remove_variants(tx, id)?;
        }
        for (ord, variant) in prepared.variants.iter().enumerate() {
            let variant_id = match &kept {
                Some(ids) => ids[ord],
                None => {
                    let next = writer.next_variant;
                    writer.next_variant += 1;
                    next
                }
            };
            tx.execute(
                "INSERT INTO tmkit_variant(memory_id, id, unit_id, ord, lang, text, key_hash, extra)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (memory_id, id) DO UPDATE SET lang = excluded.lang,
                   text = excluded.text, key_hash = excluded.key_hash, extra = excluded.extra",
                &[
                    m,
                    &variant_id,
                    &id,
                    &(ord as i32),
                    &variant.lang,
                    &variant.text,
                    &variant.key_hash,
                    &variant.extra,
                ],
            )
            .map_err(err)?;
            if kept.is_none() {
                let (lang, tokens) = self.token_ids(tx, writer, &variant.lang, &variant.tokens)?;
                tx.execute(
                    "INSERT INTO tmkit_seq(memory_id, lang, variant_id, tokens) VALUES ($1, $2, $3, $4)",
                    &[m, &lang, &variant_id, &tokens],
                )
                .map_err(err)?;
            }
        }
        Ok(())
    }

    /// Deletes a unit's variants and their token sequences.
    fn remove_variants(&self, tx: &mut Transaction, unit_id: i64) -> Result<()> {
        let err = |e| self.err(e);
        let m = &self.memory_id;
        let variants = tx
            .query(
                "SELECT id, lang FROM tmkit_variant WHERE memory_id = $1 AND unit_id = $2",
                &[m, &unit_id],
            )
            .map_err(err)?;
        for row in variants {
            let variant_id: i64 = row.get(0);
            let lang = index_lang(row.get::<_, &str>(1));
            tx.execute(
                "DELETE FROM tmkit_seq WHERE memory_id = $1 AND lang = $2 AND variant_id = $3",
                &[m, &lang, &variant_id],
            )
            .map_err(err)?;
        }
        tx.execute(
            "DELETE FROM tmkit_variant WHERE memory_id = $1 AND unit_id = $2",
            &[m, &unit_id],
        )
        .map_err(err)?;
        Ok(())
    }

    /// `Memory::add`: one unit, the default duplicate policy.
    pub(in crate::memory) fn add(
        &self,
        unit: &TranslationUnit,
        on_wait: &mut Option<WaitHook>,
    ) -> Result<i64> {
        self.load_decoders()?;
        let mut client = self.client.borrow_mut();
        let (mut tx, mut writer) = self.begin(&mut client, Probe::Query, on_wait)?;
        let prepared = Prepared::new(unit.clone(), writer.dict.as_ref());
        let (id, _) = self.store(&mut tx, &mut writer, &prepared, DuplicatePolicy::Merge)?;
        self.finish(tx, writer)?;
        Ok(id)
    }

    /// `Memory::delete`.
    pub(in crate::memory) fn delete(
        &self,
        id: i64,
        on_wait: &mut Option<WaitHook>,
    ) -> Result<bool> {
        let mut client = self.client.borrow_mut();
        let (mut tx, writer) = self.begin(&mut client, Probe::Query, on_wait)?;
        self.remove_variants(&mut tx, id)?;
        let removed = tx
            .execute(
                "DELETE FROM tmkit_unit WHERE memory_id = $1 AND id = $2",
                &[&self.memory_id, &id],
            )
            .map_err(|e| self.err(e))?;
        self.finish(tx, writer)?;
        Ok(removed > 0)
    }
}
