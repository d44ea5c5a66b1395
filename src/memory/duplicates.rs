//! Finding the units an imported unit may duplicate, by content hash.

use ahash::AHashMap as HashMap;
use rusqlite::Transaction;

/// Units a bulk load remembers by content hash before it hands duplicate
/// finding over to the `unit_content` index. The map costs about 30 bytes a
/// unit: unbounded, a 10M-unit import held 300 MB of it (peak 688 MiB, 302
/// MiB at 1M), so memory grew with the file; past this many units the index
/// is built from the rows so far (a sort, in SQLite's bounded sorter) and
/// kept up by each insert.
pub(super) const KNOWN_HASHES_LIMIT: usize = 1 << 20;

/// Where a unit's content hash may have a duplicate.
pub(super) struct DuplicateProbe {
    /// The memory was empty when the transaction began, so the lookup
    /// indexes were dropped for the load and are built before the commit.
    bulk: bool,
    /// For a bulk load, until [`KNOWN_HASHES_LIMIT`]: the units written
    /// since it began, which are all the units there are, so the map answers
    /// without the `unit_content` index. `None`: look every hash up in it.
    known: Option<KnownHashes>,
    limit: usize,
}

/// First unit id per content hash, and any further ids with the same hash.
#[derive(Default)]
struct KnownHashes {
    first: HashMap<i64, i64>,
    more: HashMap<i64, Vec<i64>>,
}

impl DuplicateProbe {
    /// A probe that always asks the `unit_content` index.
    pub(super) fn always() -> DuplicateProbe {
        DuplicateProbe {
            bulk: false,
            known: None,
            limit: 0,
        }
    }

    /// The probe for a transaction that imports units: a bulk load when the
    /// memory is empty, remembering at most `limit` hashes in memory.
    pub(super) fn begin(tx: &Transaction, limit: usize) -> rusqlite::Result<DuplicateProbe> {
        let empty: bool = tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM unit)", [], |row| {
            row.get(0)
        })?;
        Ok(if empty {
            DuplicateProbe {
                bulk: true,
                known: Some(KnownHashes::default()),
                limit,
            }
        } else {
            DuplicateProbe::always()
        })
    }

    /// True for a bulk load into an empty memory.
    pub(super) fn bulk(&self) -> bool {
        self.bulk
    }

    /// Ids of the units with content hash `hash`, in id order.
    pub(super) fn candidates(&self, tx: &Transaction, hash: i64) -> rusqlite::Result<Vec<i64>> {
        match &self.known {
            None => tx
                .prepare_cached("SELECT id FROM unit WHERE content_hash = ?1 ORDER BY id")?
                .query_map([hash], |row| row.get(0))?
                .collect(),
            Some(known) => {
                let mut ids: Vec<i64> = known.first.get(&hash).copied().into_iter().collect();
                ids.extend(known.more.get(&hash).into_iter().flatten());
                Ok(ids)
            }
        }
    }

    /// Records that unit `id` with content hash `hash` was written. Past
    /// the limit, builds the `unit_content` index and forgets the map.
    pub(super) fn written(&mut self, tx: &Transaction, hash: i64, id: i64) -> rusqlite::Result<()> {
        let Some(known) = &mut self.known else {
            return Ok(());
        };
        if known.first.try_insert_or_skip(hash, id) {
            known.more.entry(hash).or_default().push(id);
        }
        if known.first.len() >= self.limit {
            tx.execute_batch(super::schema::UNIT_CONTENT_INDEX)?;
            self.known = None;
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bulk_probe_hands_over_to_the_index_at_its_limit() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE unit (id INTEGER PRIMARY KEY, content_hash INTEGER NOT NULL);",
        )
        .unwrap();
        let tx = conn.transaction().unwrap();
        let mut probe = DuplicateProbe::begin(&tx, 3).unwrap();
        assert!(probe.bulk());
        for (id, hash) in [(1, 10), (2, 20), (3, 10), (4, 30), (5, 40), (6, 10)] {
            assert_eq!(probe.known.is_some(), id <= 4, "unit {id}");
            tx.execute(
                "INSERT INTO unit(id, content_hash) VALUES (?1, ?2)",
                [id, hash],
            )
            .unwrap();
            probe.written(&tx, hash, id).unwrap();
        }
        // Three distinct hashes were the limit: the map is gone, the index
        // answers, and the probe still counts as a bulk load.
        assert!(probe.known.is_none());
        assert!(probe.bulk());
        let indexes: i64 = tx
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'unit_content'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexes, 1);
        assert_eq!(probe.candidates(&tx, 10).unwrap(), vec![1, 3, 6]);
        assert_eq!(probe.candidates(&tx, 99).unwrap(), Vec::<i64>::new());
    }
}
