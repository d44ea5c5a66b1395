//! Finding the units an imported unit may duplicate, by content hash.

use ahash::AHashMap as HashMap;
use rusqlite::Transaction;

/// Where a unit's content hash may have a duplicate. A memory that was
/// empty when the transaction began holds only the units written since, so
/// a map of their hashes answers for every unit of a bulk import without the
/// `unit_content` index (which is dropped and built after the load).
pub(super) enum DuplicateProbe {
    /// Look every hash up in the index.
    Always,
    /// Only hashes in the map can have a duplicate: first unit id, and any
    /// further ids with the same hash.
    Known(HashMap<i64, i64>, HashMap<i64, Vec<i64>>),
}

impl DuplicateProbe {
    pub(super) fn begin(tx: &Transaction) -> rusqlite::Result<DuplicateProbe> {
        let empty: bool = tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM unit)", [], |row| {
            row.get(0)
        })?;
        Ok(if empty {
            DuplicateProbe::Known(HashMap::new(), HashMap::new())
        } else {
            DuplicateProbe::Always
        })
    }

    /// True for a bulk load into an empty memory.
    pub(super) fn bulk(&self) -> bool {
        matches!(self, DuplicateProbe::Known(..))
    }

    /// Ids of the units with content hash `hash`, in id order.
    pub(super) fn candidates(&self, tx: &Transaction, hash: i64) -> rusqlite::Result<Vec<i64>> {
        match self {
            DuplicateProbe::Always => tx
                .prepare_cached("SELECT id FROM unit WHERE content_hash = ?1 ORDER BY id")?
                .query_map([hash], |row| row.get(0))?
                .collect(),
            DuplicateProbe::Known(first, more) => {
                let mut ids: Vec<i64> = first.get(&hash).copied().into_iter().collect();
                ids.extend(more.get(&hash).into_iter().flatten());
                Ok(ids)
            }
        }
    }

    pub(super) fn written(&mut self, hash: i64, id: i64) {
        if let DuplicateProbe::Known(first, more) = self {
            if first.try_insert_or_skip(hash, id) {
                more.entry(hash).or_default().push(id);
            }
        }
    }
}

/// `HashMap::try_insert` for stable Rust: inserts `value` when `key` is
/// new; returns true when it was already there (nothing changed).
trait TryInsert {
    fn try_insert_or_skip(&mut self, key: i64, value: i64) -> bool;
}

impl TryInsert for HashMap<i64, i64> {
    fn try_insert_or_skip(&mut self, key: i64, value: i64) -> bool {
        match self.entry(key) {
            std::collections::hash_map::Entry::Occupied(_) => true,
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(value);
                false
            }
        }
    }
}
