//! Migration 4: from units as JSON (`unit.data`) with a second copy of each
//! text (`variant.text`) to the compact layout of `store`.
//!
//! It runs inside the write transaction of the open that migrates (so a
//! crash leaves the old memory), keeps every unit and variant id (the token
//! index refers to variant ids and stays as it is), trains the memory's text
//! dictionary on its first segments, and converts the units in batches
//! spread over the rayon pool, telling its caller how far it is.

use super::codec::damaged;
use super::store::{self, StoredDate};
use super::textcodec::{self, Dictionary, Packer, TextValue};
use crate::text::lookup_key;
use crate::unit::TranslationUnit;
use rayon::prelude::*;
use rusqlite::{Connection, params};

/// How far a migration has come, for a progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MigrationProgress {
    /// Units converted so far.
    pub units_done: u64,
    /// Units to convert.
    pub units_total: u64,
}

/// Units converted per batch.
const BATCH: usize = 4096;

/// One unit converted: its columns and its variants' rows.
struct Converted {
    id: i64,
    hash: i64,
    tuid: Option<String>,
    changed: Option<StoredDate>,
    extra: Option<Vec<u8>>,
    variants: Vec<(String, TextValue, i64, Option<Vec<u8>>)>,
}

fn convert(
    id: i64,
    json: &str,
    packer: &mut Option<Packer>,
) -> Result<(Converted, TranslationUnit), String> {
    let unit: TranslationUnit =
        serde_json::from_str(json).map_err(|e| format!("unit {id} does not decode: {e}"))?;
    let stored = store::encode_unit(&unit);
    let variants = stored
        .variants
        .into_iter()
        .map(|v| {
            let key_hash = store::key_hash(&lookup_key(&v.text));
            let text = textcodec::pack(packer.as_mut(), v.text);
            (v.lang, text, key_hash, v.extra)
        })
        .collect();
    Ok((
        Converted {
            id,
            hash: store::content_hash(&unit),
            tuid: stored.tuid,
            changed: stored.changed,
            extra: stored.extra,
            variants,
        },
        unit,
    ))
}

/// Converts a schema-3 memory to schema 4 (on an empty one it only makes
/// the tables).
pub(super) fn to_compact(
    tx: &Connection,
    progress: &mut dyn FnMut(MigrationProgress),
) -> rusqlite::Result<()> {
    tx.execute_batch(
        "ALTER TABLE unit RENAME TO unit_v3;
         ALTER TABLE variant RENAME TO variant_v3;",
    )?;
    tx.execute_batch(super::schema::COMPACT_TABLES)?;
    let total: i64 = tx.query_row("SELECT count(*) FROM unit_v3", [], |r| r.get(0))?;
    let dict = if total > 0 {
        let samples: Vec<String> = tx
            .prepare("SELECT text FROM variant_v3 ORDER BY id LIMIT 40000")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let samples: Vec<&str> = samples.iter().map(String::as_str).collect();
        textcodec::train(tx, &samples)?
    } else {
        None
    };
    let mut next_variant: i64 =
        tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM variant_v3", [], |r| {
            r.get(0)
        })?;
    let mut done = 0u64;
    progress(MigrationProgress {
        units_done: 0,
        units_total: total as u64,
    });
    {
        let mut units = tx.prepare("SELECT id, data FROM unit_v3 ORDER BY id")?;
        let mut variant_ids =
            tx.prepare("SELECT id FROM variant_v3 WHERE unit_id = ?1 ORDER BY ord")?;
        let mut put_unit = tx.prepare(
            "INSERT INTO unit(id, tuid, changed, content_hash, extra) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut put_variant = tx.prepare(
            "INSERT INTO variant_row(id, unit_id, ord, lang, text, key_hash, extra)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut pend = tx.prepare("INSERT OR IGNORE INTO fz_pending(variant_id) VALUES (?1)")?;
        let mut rows = units.query([])?;
        let mut finished = false;
        while !finished {
            let mut batch: Vec<(i64, String)> = Vec::with_capacity(BATCH);
            while batch.len() < BATCH {
                match rows.next()? {
                    Some(row) => batch.push((row.get(0)?, row.get(1)?)),
                    None => {
                        finished = true;
                        break;
                    }
                }
            }
            let converted: Vec<Result<Converted, String>> = batch
                .par_iter()
                .map_init(
                    || dict.as_ref().and_then(|d: &Dictionary| Packer::new(d).ok()),
                    |packer, (id, json)| convert(*id, json, packer).map(|(c, _)| c),
                )
                .collect();
            for unit in converted {
                let unit = unit.map_err(damaged)?;
                put_unit.execute(params![
                    unit.id,
                    unit.tuid,
                    unit.changed,
                    unit.hash,
                    unit.extra
                ])?;
                let ids: Vec<i64> = variant_ids
                    .query_map([unit.id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for (ord, (lang, text, key_hash, extra)) in unit.variants.into_iter().enumerate() {
                    let id = match ids.get(ord) {
                        Some(&id) => id,
                        None => {
                            // More variants in the JSON than rows (a
                            // hand-edited memory): a new row, indexed later.
                            next_variant += 1;
                            pend.execute([next_variant - 1])?;
                            next_variant - 1
                        }
                    };
                    put_variant.execute(params![
                        id, unit.id, ord as i64, lang, text, key_hash, extra
                    ])?;
                }
                done += 1;
            }
            progress(MigrationProgress {
                units_done: done,
                units_total: total as u64,
            });
        }
    }
    // Headers: JSON text to the stored form.
    let headers: Vec<(i64, String)> = tx
        .prepare("SELECT id, header FROM source_file WHERE typeof(header) = 'text'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, json) in headers {
        let header: crate::unit::Header = serde_json::from_str(&json).unwrap_or_default();
        tx.execute(
            "UPDATE source_file SET header = ?2 WHERE id = ?1",
            params![id, store::encode_header(&header)],
        )?;
    }
    tx.execute_batch(
        "DROP TABLE variant_v3;
         DROP TABLE unit_v3;",
    )?;
    tx.execute_batch(super::schema::VARIANT_VIEW)?;
    tx.execute_batch(super::schema::LOOKUP_INDEXES)?;
    Ok(())
}
