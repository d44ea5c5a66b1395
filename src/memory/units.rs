//! Reading units back: by id, by exact text, all of them in order.
//!
//! Schema 4 puts a unit together from its row, its variant rows and their
//! remainders (`store`). A memory from an older tmkit opened read-only is
//! read as it is: its units are JSON in `unit.data` (`legacy` functions).

use super::schema::BLOCK_SCHEMA;
use super::store::{self, StoredDate, lang_key};
use super::{ExactHit, Memory, MemoryError, Result};
use crate::lang::LangTag;
use crate::text::lookup_key;
use crate::unit::{Header, TranslationUnit};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;

/// The first schema that stores units in columns and remainders.
pub(super) const COMPACT_SCHEMA: i64 = 4;

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

fn corrupt(path: &Path, unit_id: i64, detail: String) -> MemoryError {
    MemoryError::Corrupt {
        path: path.to_path_buf(),
        unit_id,
        detail,
    }
}

/// A variant row as read: language key, plain text, remainder.
type VariantRow = (String, String, Option<Vec<u8>>);

/// A `unit` row: tuid, change date, the encoded remainder.
type UnitRow = (Option<String>, Option<StoredDate>, Option<Vec<u8>>);

/// Unit `id` of a schema-4 memory and its change date as written in the
/// file (`changedate`, else `creationdate`).
pub(super) fn read_unit(
    conn: &Connection,
    id: i64,
    path: &Path,
    schema: i64,
) -> Result<Option<(TranslationUnit, Option<String>)>> {
    let sql = |e| MemoryError::from_sql(path.to_path_buf(), e);
    if schema < BLOCK_SCHEMA {
        return read_unit_v4(conn, id, path);
    }
    let row: Option<(UnitRow, Option<i64>, i64)> = conn
        .prepare_cached(
            "SELECT tuid, changed, extra, first_variant, variants FROM unit WHERE id = ?1",
        )
        .map_err(sql)?
        .query_row([id], |row| {
            Ok((
                (row.get(0)?, row.get(1)?, row.get(2)?),
                row.get(3)?,
                row.get(4)?,
            ))
        })
        .optional()
        .map_err(sql)?;
    let Some(((tuid, changed, extra), first, count)) = row else {
        return Ok(None);
    };
    let variants = match first {
        Some(first) => variants_at(conn, first, count).map_err(sql)?,
        None => Vec::new(),
    };
    finish_unit(path, id, tuid, changed, extra, variants)
}

/// The variants with ids `first..first + count`, in id (so `ord`) order.
fn variants_at(conn: &Connection, first: i64, count: i64) -> rusqlite::Result<Vec<VariantRow>> {
    conn.prepare_cached(
        "SELECT lang, text, extra FROM variant WHERE id >= ?1 AND id < ?2 ORDER BY id",
    )?
    .query_map([first, first + count], |row| {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
    })?
    .collect()
}

/// [`read_unit`] of a schema-4 memory (opened read-only).
fn read_unit_v4(
    conn: &Connection,
    id: i64,
    path: &Path,
) -> Result<Option<(TranslationUnit, Option<String>)>> {
    let sql = |e| MemoryError::from_sql(path.to_path_buf(), e);
    let row: Option<UnitRow> = conn
        .prepare_cached("SELECT tuid, changed, extra FROM unit WHERE id = ?1")
        .map_err(sql)?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()
        .map_err(sql)?;
    let Some((tuid, changed, extra)) = row else {
        return Ok(None);
    };
    let variants: Vec<VariantRow> = conn
        .prepare_cached(
            "SELECT lang, tmkit_text(text), extra FROM variant_row WHERE unit_id = ?1 ORDER BY ord",
        )
        .map_err(sql)?
        .query_map([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .map_err(sql)?
        .collect::<rusqlite::Result<_>>()
        .map_err(sql)?;
    finish_unit(path, id, tuid, changed, extra, variants)
}

/// A unit from its columns and variant rows, with its change date.
fn finish_unit(
    path: &Path,
    id: i64,
    tuid: Option<String>,
    changed: Option<StoredDate>,
    extra: Option<Vec<u8>>,
    variants: Vec<VariantRow>,
) -> Result<Option<(TranslationUnit, Option<String>)>> {
    let date = changed.as_ref().map(StoredDate::to_tmx);
    let unit = store::decode_unit(tuid, changed, extra.as_deref(), variants)
        .map_err(|detail| corrupt(path, id, detail))?;
    // The date the unit carries wins (a unit whose attributes are in its
    // remainder still has its date column).
    let date = unit.last_changed().map(str::to_string).or(date);
    Ok(Some((unit, date)))
}

impl Memory {
    fn legacy(&self) -> bool {
        self.schema_version < COMPACT_SCHEMA
    }

    fn decode_json(&self, unit_id: i64, data: &str) -> Result<TranslationUnit> {
        serde_json::from_str(data).map_err(|e| corrupt(&self.path, unit_id, e.to_string()))
    }

    /// A unit and its change date (see [`read_unit`]), whatever the schema.
    pub(super) fn load_unit(
        &self,
        unit_id: i64,
    ) -> Result<Option<(TranslationUnit, Option<String>)>> {
        if let Some(pg) = &self.pg {
            return pg.load_unit(unit_id);
        }
        if !self.legacy() {
            return read_unit(&self.conn, unit_id, &self.path, self.schema_version);
        }
        let row: Option<(String, Option<String>)> = self
            .conn
            .prepare_cached("SELECT data, changed FROM unit WHERE id = ?1")
            .map_err(|e| self.sql(e))?
            .query_row([unit_id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()
            .map_err(|e| self.sql(e))?;
        match row {
            Some((data, changed)) => Ok(Some((self.decode_json(unit_id, &data)?, changed))),
            None => Ok(None),
        }
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
        let (query, hash) = if self.legacy() {
            (
                "SELECT u.id FROM variant v JOIN unit u ON u.id = v.unit_id
                 WHERE v.lang = ?1 AND v.key_hash = ?2 ORDER BY u.changed DESC, u.id DESC",
                crate::text::key_hash(&key),
            )
        } else {
            (
                "SELECT u.id FROM variant_row v JOIN unit u ON u.id = v.unit_id
                 WHERE v.lang = ?1 AND v.key_hash = ?2 ORDER BY u.changed DESC, u.id DESC",
                store::key_hash(&key),
            )
        };
        let ids: Vec<i64> = if let Some(pg) = &self.pg {
            pg.exact_candidates(&lang_key(&source), store::key_hash(&key))?
        } else {
            self.conn
                .prepare_cached(query)
                .map_err(|e| self.sql(e))?
                .query_map(params![lang_key(&source), hash], |row| row.get(0))
                .map_err(|e| self.sql(e))?
                .collect::<rusqlite::Result<_>>()
                .map_err(|e| self.sql(e))?
        };
        let mut hits = Vec::new();
        for unit_id in ids {
            let Some((unit, _)) = self.load_unit(unit_id)? else {
                continue;
            };
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
        Ok(self.load_unit(id)?.map(|(unit, _)| unit))
    }

    /// Deletes the unit with row id `id`; returns whether it existed.
    pub fn delete(&mut self, id: i64) -> Result<bool> {
        self.check_writable()?;
        if let Some(pg) = &self.pg {
            return pg.delete(id, &mut self.on_wait);
        }
        let path = self.path.clone();
        let sql = |source| MemoryError::from_sql(path.clone(), source);
        let tx = super::open::begin_write(
            &self.conn,
            &path,
            &mut self.on_wait,
            self.busy_timeout,
            self.file_id,
        )?;
        super::index::IndexWriter::new(self.posting_buffer)
            .removing_unit(&tx, id)
            .map_err(sql)?;
        // Schema 5's variant rows have no foreign key to cascade from.
        tx.execute(
            "DELETE FROM variant_row WHERE id >= (SELECT first_variant FROM unit WHERE id = ?1)
               AND id < (SELECT first_variant + variants FROM unit WHERE id = ?1)",
            [id],
        )
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
        if let Some(pg) = &self.pg {
            return pg.for_each_unit(visit);
        }
        if self.legacy() {
            return self.for_each_json_unit(visit);
        }
        if self.schema_version >= BLOCK_SCHEMA {
            return self.for_each_block_unit(visit);
        }
        let sql = |e| ForEachError::Memory(self.sql(e));
        // Two cursors walked side by side: units by id, variants by unit
        // and position (the `variant_unit` index gives that order).
        let mut units = self
            .conn
            .prepare("SELECT id, tuid, changed, extra FROM unit ORDER BY id")
            .map_err(sql)?;
        let mut variants = self
            .conn
            .prepare(
                "SELECT unit_id, lang, tmkit_text(text), extra FROM variant_row ORDER BY unit_id, ord",
            )
            .map_err(sql)?;
        let mut unit_rows = units.query([]).map_err(sql)?;
        let mut variant_rows = variants.query([]).map_err(sql)?;
        let mut pending: Option<(i64, VariantRow)> = None;
        let mut count = 0;
        while let Some(row) = unit_rows.next().map_err(sql)? {
            let id: i64 = row.get(0).map_err(sql)?;
            let tuid: Option<String> = row.get(1).map_err(sql)?;
            let changed: Option<StoredDate> = row.get(2).map_err(sql)?;
            let extra = match row.get_ref(3).map_err(sql)? {
                ValueRef::Blob(b) => Some(b.to_vec()),
                _ => None,
            };
            let mut own = Vec::new();
            loop {
                if pending.is_none() {
                    if let Some(v) = variant_rows.next().map_err(sql)? {
                        pending = Some((
                            v.get(0).map_err(sql)?,
                            (
                                v.get(1).map_err(sql)?,
                                v.get(2).map_err(sql)?,
                                v.get(3).map_err(sql)?,
                            ),
                        ));
                    }
                }
                match pending.take() {
                    Some((unit_id, v)) if unit_id == id => own.push(v),
                    Some((unit_id, v)) if unit_id < id => {
                        // A variant row without its unit: skipped, as a
                        // join would.
                        drop(v);
                    }
                    other => {
                        pending = other;
                        break;
                    }
                }
            }
            let unit = store::decode_unit(tuid, changed, extra.as_deref(), own)
                .map_err(|detail| ForEachError::Memory(corrupt(&self.path, id, detail)))?;
            visit(id, unit).map_err(ForEachError::Io)?;
            count += 1;
        }
        Ok(count)
    }

    /// [`Memory::for_each_unit`] on schema 5: units by id, and beside them
    /// one cursor over the variants by id, which gives each unit's variants
    /// in turn for a memory written in import order; a unit whose variants
    /// are elsewhere (merged or replaced later: they moved to the end) is
    /// read by its id range, and the cursor passes over them when it gets
    /// there.
    fn for_each_block_unit(
        &self,
        visit: &mut dyn FnMut(i64, TranslationUnit) -> std::io::Result<()>,
    ) -> std::result::Result<u64, ForEachError> {
        let sql = |e| ForEachError::Memory(self.sql(e));
        let mut units = self
            .conn
            .prepare(
                "SELECT id, tuid, changed, extra, first_variant, variants FROM unit ORDER BY id",
            )
            .map_err(sql)?;
        // The stored text rather than the `variant` view's decoded text:
        // decoded here, each text is checked and copied once instead of
        // going into SQLite and out again, and each block is read once
        // instead of joined to each of its texts (export CPU).
        let mut variants = self
            .conn
            .prepare("SELECT id, unit_id, lang, text, extra FROM variant_row ORDER BY id")
            .map_err(sql)?;
        let mut texts = super::textcodec::TextDecoder::new();
        let mut unit_rows = units.query([]).map_err(sql)?;
        let mut variant_rows = variants.query([]).map_err(sql)?;
        // The cursor's row: id, unit id, the variant.
        let mut pending: Option<(i64, i64, VariantRow)> = None;
        let mut cursor_done = false;
        let mut count = 0;
        while let Some(row) = unit_rows.next().map_err(sql)? {
            let id: i64 = row.get(0).map_err(sql)?;
            let tuid: Option<String> = row.get(1).map_err(sql)?;
            let changed: Option<StoredDate> = row.get(2).map_err(sql)?;
            let extra = match row.get_ref(3).map_err(sql)? {
                ValueRef::Blob(b) => Some(b.to_vec()),
                _ => None,
            };
            let first: Option<i64> = row.get(4).map_err(sql)?;
            let n: i64 = row.get(5).map_err(sql)?;
            let mut own = Vec::new();
            let mut taken = 0;
            if let Some(first) = first {
                let mut at = first;
                while taken < n {
                    if pending.is_none() && !cursor_done {
                        match variant_rows.next().map_err(sql)? {
                            Some(v) => {
                                let text = texts
                                    .stored_text_fetching(&self.conn, v.get_ref(3).map_err(sql)?)
                                    .map_err(sql)?;
                                pending = Some((
                                    v.get(0).map_err(sql)?,
                                    v.get(1).map_err(sql)?,
                                    (v.get(2).map_err(sql)?, text, v.get(4).map_err(sql)?),
                                ))
                            }
                            None => cursor_done = true,
                        }
                    }
                    match pending.take() {
                        // Rows of units already visited (moved ones), or
                        // without a unit: passed over.
                        Some((_, unit_id, _)) if unit_id < id => continue,
                        Some((vid, unit_id, v)) if vid == at && unit_id == id => {
                            own.push(v);
                            at += 1;
                            taken += 1;
                        }
                        other => {
                            pending = other;
                            break;
                        }
                    }
                }
                if taken < n {
                    own.extend(variants_at(&self.conn, at, n - taken).map_err(sql)?);
                }
            }
            let unit = store::decode_unit(tuid, changed, extra.as_deref(), own)
                .map_err(|detail| ForEachError::Memory(corrupt(&self.path, id, detail)))?;
            visit(id, unit).map_err(ForEachError::Io)?;
            count += 1;
        }
        Ok(count)
    }

    fn for_each_json_unit(
        &self,
        visit: &mut dyn FnMut(i64, TranslationUnit) -> std::io::Result<()>,
    ) -> std::result::Result<u64, ForEachError> {
        let sql = |e| ForEachError::Memory(self.sql(e));
        let mut stmt = self
            .conn
            .prepare("SELECT id, data FROM unit ORDER BY id")
            .map_err(sql)?;
        let mut rows = stmt.query([]).map_err(sql)?;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(sql)? {
            let id: i64 = row.get(0).map_err(sql)?;
            let data: String = row.get(1).map_err(sql)?;
            let unit = self.decode_json(id, &data).map_err(ForEachError::Memory)?;
            visit(id, unit).map_err(ForEachError::Io)?;
            count += 1;
        }
        Ok(count)
    }

    /// The header of the first imported file, if any (used as the template for export).
    pub fn first_header(&self) -> Result<Option<Header>> {
        if let Some(pg) = &self.pg {
            return pg.first_header();
        }
        let header: Option<rusqlite::types::Value> = self
            .conn
            .query_row(
                "SELECT header FROM source_file ORDER BY id LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| self.sql(e))?;
        Ok(match header {
            Some(rusqlite::types::Value::Blob(blob)) => store::decode_header(&blob).ok(),
            Some(rusqlite::types::Value::Text(json)) => serde_json::from_str(&json).ok(),
            _ => None,
        })
    }

    /// The number of units (cheap: no scan of the variants, unlike [`Memory::stats`]).
    pub fn unit_count(&self) -> Result<u64> {
        if let Some(pg) = &self.pg {
            return pg.unit_count();
        }
        self.conn
            .query_row("SELECT count(*) FROM unit", [], |row| row.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(|e| self.sql(e))
    }
}
