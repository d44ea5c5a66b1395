//! Ranking the candidates of a fuzzy lookup: best first, reading a
//! candidate's row and unit only when it could still enter the list.
//!
//! The candidate filter returns every segment that may reach θ, with the
//! Levenshtein distance of its index keys. That distance is a lower bound of
//! the word distance (placeables are keyed by class), so the similarity it
//! gives, the *coarse bound*, is at least [`upper_bound`] of the segment, which
//! is at least its final score. Candidates are taken in order of coarse bound;
//! one is read from the memory (its text, to get the exact bound) only when its
//! coarse bound can still beat the worst of the best so far, and scored (its
//! unit decoded) only when its exact bound can. On a large memory with many
//! near-duplicates of the query this reads a handful of rows instead of
//! every near-duplicate, and the result is the one scoring every candidate
//! would give: nothing is skipped that could have entered the list.
//!
//! **Ties.** Once the list is full, a candidate whose bound only equals the
//! worst score kept can enter only by being more recent (the ranking's next
//! key): its unit's date is read alone (one small row, see
//! [`Memory::loses_tie`]) and the candidate dropped unless it is newer, so a
//! query with many near-copies at the same distance decodes and scores only
//! the ones that could win, not all of them.

use super::index::Row;
use super::store::StoredDate;
use super::{Memory, Result};
use crate::fuzzy::score::upper_bound;
use crate::fuzzy::tokenize::{Tokens, tokenize};
use crate::fuzzy::{Query, Suggestion};
use rusqlite::OptionalExtension;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A candidate segment, its row read or not yet.
pub(super) struct Pending {
    /// An upper bound of its final score (before the memory's penalty and the
    /// context bonus); 101 when nothing is known yet.
    pub coarse: u8,
    /// The variant's row id.
    pub variant_id: i64,
    /// Its row, when already read (the exhaustive scan reads all).
    pub row: Option<Row>,
}

/// A candidate whose exact bound is known, ordered by bound, then the newest
/// unit, then the lowest variant id (the order scoring takes them in).
struct Refined {
    bound: u8,
    row: Row,
    source: Tokens,
}

impl Refined {
    fn key(&self) -> (u8, i64, Reverse<i64>) {
        (self.bound, self.row.unit_id, Reverse(self.row.variant_id))
    }
}

impl PartialEq for Refined {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl Eq for Refined {}
impl PartialOrd for Refined {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Refined {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl Memory {
    /// Scores candidates and keeps the best `query.max_results`. With
    /// `early_stop`, stops once no remaining candidate can enter the list
    /// (see the module comment; this never changes the result).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn rank_candidates(
        &self,
        query: &Query,
        tokens: &Tokens,
        mut pending: Vec<Pending>,
        name: &str,
        penalty: u8,
        priority: usize,
        early_stop: bool,
    ) -> Result<Vec<Suggestion>> {
        let min = query.min_score.clamp(1, 100);
        let context_bonus = u8::from(query.context.is_some());
        // What a bound allows once the context bonus and the penalty apply.
        let reachable = |bound: u8| {
            let bound = if bound >= 100 {
                bound + context_bonus
            } else {
                bound
            };
            bound.saturating_sub(penalty)
        };
        // Highest coarse bound last (popped first), lowest variant id first among equals.
        pending.retain(|p| reachable(p.coarse) >= min);
        pending.sort_unstable_by(|a, b| {
            a.coarse
                .cmp(&b.coarse)
                .then(b.variant_id.cmp(&a.variant_id))
        });
        let mut refined: BinaryHeap<Refined> = BinaryHeap::new();
        let mut best: Vec<Suggestion> = Vec::new();
        loop {
            let next_coarse = pending.last().map(|p| reachable(p.coarse));
            let next_exact = refined.peek().map(|r| r.bound);
            // The worst score a candidate must beat (or tie) to enter.
            let floor = match best.last() {
                Some(worst) if early_stop && best.len() >= query.max_results => worst.score,
                _ => min,
            };
            let read_next = match (next_coarse, next_exact) {
                (Some(c), Some(e)) => c >= e,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            if read_next {
                let Some(candidate) = pending.pop() else {
                    break;
                };
                if reachable(candidate.coarse) < floor {
                    if early_stop {
                        pending.clear(); // the rest are lower still
                    }
                    continue;
                }
                if candidate.row.is_none()
                    && early_stop
                    && reachable(candidate.coarse) == floor
                    && best.len() >= query.max_results
                    && self.loses_tie(candidate.variant_id, best.last())?
                {
                    continue;
                }
                let Some(row) = (match candidate.row {
                    Some(row) => Some(row),
                    None => self.variant_row(candidate.variant_id)?,
                }) else {
                    continue;
                };
                let source = tokenize(&row.text);
                let bound = reachable(upper_bound(tokens, &source));
                if bound >= min {
                    refined.push(Refined { bound, row, source });
                }
                continue;
            }
            let Some(Refined { bound, row, source }) = refined.pop() else {
                break;
            };
            if bound < floor {
                if early_stop {
                    break; // every other candidate's bound is at most this
                }
                continue;
            }
            if early_stop
                && bound == floor
                && best.len() >= query.max_results
                && self.loses_tie(row.variant_id, best.last())?
            {
                continue;
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
        Ok(best)
    }

    /// True when the unit of a variant certainly ranks after `worst` at an
    /// equal score: its date (then its id) is older, read from the unit's
    /// date column without decoding it. Only where that column is the date
    /// a suggestion shows (schema 5 and later, a unit without a lossless
    /// remainder); anywhere else, and for a deleted row, false, so the
    /// candidate is scored as before.
    fn loses_tie(&self, variant_id: i64, worst: Option<&Suggestion>) -> Result<bool> {
        let Some(worst) = worst else {
            return Ok(false);
        };
        if self.pg.is_some() || self.schema_version < super::schema::BLOCK_SCHEMA {
            return Ok(false);
        }
        let key: Option<(i64, Option<StoredDate>, bool)> = self
            .conn
            .prepare_cached(
                "SELECT v.unit_id, u.changed, u.extra IS NULL FROM variant_row v
                 JOIN unit u ON u.id = v.unit_id WHERE v.id = ?1",
            )
            .map_err(|e| self.sql(e))?
            .query_row([variant_id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()
            .map_err(|e| self.sql(e))?;
        let Some((unit_id, changed, plain)) = key else {
            return Ok(false);
        };
        if !plain {
            return Ok(false);
        }
        let changed = changed.as_ref().map(StoredDate::to_tmx);
        Ok((changed.as_deref(), unit_id) < (worst.changed.as_deref(), worst.unit_id))
    }

    /// The row of one variant (`None` when it was deleted meanwhile).
    fn variant_row(&self, variant_id: i64) -> Result<Option<Row>> {
        if let Some(pg) = &self.pg {
            return pg.variant_row(variant_id);
        }
        self.conn
            .prepare_cached("SELECT unit_id, ord, text FROM variant WHERE id = ?1")
            .map_err(|e| self.sql(e))?
            .query_row([variant_id], |row| {
                Ok(Row {
                    variant_id,
                    unit_id: row.get(0)?,
                    ord: row.get::<_, i64>(1)? as usize,
                    text: row.get(2)?,
                })
            })
            .optional()
            .map_err(|e| self.sql(e))
    }
}
