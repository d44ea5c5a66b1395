//! Migration 5: consecutive variant ids per unit, the vocabulary stored
//! once, text blocks (`schema::V5_TABLES`).
//!
//! It runs inside the write transaction of the open that migrates, like
//! migration 4, so a crash leaves the schema-4 memory. Every write of
//! schema 4 already gave a unit's variants consecutive ids in `ord` order
//! (a merged or replaced unit got new ones, all together), so normally the
//! unit only learns where they start; a unit whose variants are not so (a
//! memory edited by hand, or migrated from schema 3 with more variants in
//! its JSON than rows) gets new ids, and then the token index, which refers
//! to variant ids, is rebuilt. Texts keep their schema-4 form (one frame
//! each); imports from now on write blocks.

use super::MigrationProgress;
use rusqlite::{Connection, params};

/// A variant row moved to a new id: ord, lang, text, key hash, remainder.
type MovedRow = (i64, String, rusqlite::types::Value, i64, Option<Vec<u8>>);

/// Converts a schema-4 memory to schema 5.
pub(super) fn to_blocks(
    tx: &Connection,
    progress: &mut dyn FnMut(MigrationProgress),
) -> rusqlite::Result<()> {
    let total: i64 = tx.query_row("SELECT count(*) FROM unit", [], |r| r.get(0))?;
    let total = total as u64;
    let step = |done: u64, progress: &mut dyn FnMut(MigrationProgress)| {
        progress(MigrationProgress {
            units_done: done.min(total),
            units_total: total,
        })
    };
    step(0, progress);
    tx.execute_batch(super::schema::V5_TABLES)?;
    tx.execute_batch(
        "UPDATE unit SET first_variant = f.first, variants = f.n
         FROM (SELECT unit_id, min(id) AS first, count(*) AS n FROM variant_row GROUP BY unit_id) AS f
         WHERE f.unit_id = unit.id;",
    )?;
    step(total / 4, progress);
    let scattered: Vec<i64> = tx
        .prepare(
            "SELECT DISTINCT v.unit_id FROM variant_row v JOIN unit u ON u.id = v.unit_id
             WHERE v.ord <> v.id - u.first_variant OR v.ord >= u.variants",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !scattered.is_empty() {
        let mut next: i64 = tx.query_row(
            "SELECT coalesce(max(id), 0) + 1 FROM variant_row",
            [],
            |r| r.get(0),
        )?;
        for unit in &scattered {
            let rows: Vec<MovedRow> = tx
                .prepare_cached(
                    "SELECT ord, lang, text, key_hash, extra FROM variant_row
                     WHERE unit_id = ?1 ORDER BY ord, id",
                )?
                .query_map([unit], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            tx.execute("DELETE FROM variant_row WHERE unit_id = ?1", [unit])?;
            let first = next;
            for (ord, (_, lang, text, key_hash, extra)) in rows.iter().enumerate() {
                tx.prepare_cached(
                    "INSERT INTO variant_row(id, unit_id, ord, lang, text, key_hash, extra)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![next, unit, ord as i64, lang, text, key_hash, extra])?;
                next += 1;
            }
            tx.execute(
                "UPDATE unit SET first_variant = ?2, variants = ?3 WHERE id = ?1",
                params![unit, first, rows.len() as i64],
            )?;
        }
        // The index refers to the old ids: built again when the open that
        // migrates finishes (everything queued in `fz_pending`).
        tx.execute_batch(
            "DELETE FROM fz_posting; DELETE FROM fz_seq; DELETE FROM fz_token;
             DELETE FROM fz_pending;
             INSERT INTO fz_pending(variant_id) SELECT id FROM variant_row;",
        )?;
    }
    step(total / 2, progress);
    tx.execute_batch(super::schema::V5_VARIANT_ROW)?;
    tx.execute_batch(super::schema::LOOKUP_INDEXES)?;
    step(total, progress);
    Ok(())
}
