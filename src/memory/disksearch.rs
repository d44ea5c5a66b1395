//! Fuzzy lookups that read the index in the file instead of loading it.
//!
//! A loaded [`TokenIndex`](crate::fuzzy::filter::TokenIndex) answers a
//! lookup in about a millisecond, but building it reads every token
//! sequence of the memory: 0.5 s at a million units, 5 s at ten million. A
//! process that looks up a handful of segments (`tmkit match "…"`, a short
//! `--file`, a translator's next segment from a script) pays that for
//! nothing. So until a handle has spent about as long on lookups as a load
//! would cost (a ski-rental rule: never more than twice the better of the
//! two choices), a lookup reads only what it needs from the file: the
//! posting lists of its rarest words (`fz_posting`, which every write keeps
//! exact) and the token sequences of the segments listed under three of
//! them (fewer for a query of one or two words; `fz_seqblock`).
//!
//! **Why it is exact.** A segment that reaches θ shares at least τ₀ of the
//! query's `n` token occurrences (see `crate::fuzzy::filter`), so at most
//! `n − τ₀` of the query's occurrences are missing from it, and any
//! `n − τ₀ + c` of them hold at least `c` that it shares. The search reads
//! the full lists of the `n − τ₀ + c` occurrences whose lists are the
//! shortest, counts for each segment the occurrences it was listed under
//! (a token repeated in the query counts as often as it is repeated: an
//! upper bound, so nothing is lost), and checks each segment counted `c`
//! times with the same length, overlap and distance tests as the loaded
//! index ([`Verifier`]). The hits are those of the loaded index; the
//! ranking after them is shared. Stages at falling thresholds continue one
//! search: the counts stay valid, only lists new to the signature are read,
//! and a segment rejected at one threshold is checked again at the next.
//!
//! The lists' lengths are estimated from the stored bytes of at most
//! [`ESTIMATE_ROWS`] chunks: which lists are read changes only the cost,
//! never the hits.

use super::codec::{blob_at, decode_ids, decode_tokens};
use super::seqstore::SeqTable;
use super::{Memory, MemoryError};
use crate::fuzzy::distance::max_distance;
use crate::fuzzy::filter::{FilterStats, Hit, Verifier};
use rusqlite::params;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::time::Duration;

type Result<T> = std::result::Result<T, MemoryError>;

/// Chunks of a posting list read to estimate its length; a list with more
/// is long enough never to be worth reading before a shorter one.
const ESTIMATE_ROWS: i64 = 32;

/// How many shared signature occurrences a candidate needs (fewer when τ₀
/// is smaller). Each candidate costs a row read, each occurrence more in the
/// signature a list read: at ten million units 3 gave the lowest mean of
/// 2, 3, 4 and 6 (BENCHMARKS.md, "Lookups without loading the index").
const OVERLAP: usize = 3;

/// Seconds of loading per variant id of the memory, measured (BENCHMARKS.md,
/// "Lookups without loading the index"): 0.5 s at one million units (two
/// million variants), 5 s at ten million.
const LOAD_SECONDS_PER_VARIANT: f64 = 0.25e-6;

/// How a handle chooses between reading the index from the file and
/// loading it (see the module comment).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LookupPlan {
    /// Read from the file until the lookups have cost about as much as
    /// loading the index would, then load it.
    #[default]
    Auto,
    /// Always read from the file (a batch that is known to be short).
    File,
    /// Always load the index (a long batch, a server).
    Load,
}

/// A handle's state for the choice: the plan and what lookups from the
/// file have cost so far.
#[derive(Default)]
pub(super) struct Planner {
    pub(super) plan: Cell<LookupPlan>,
    spent: Cell<Duration>,
    /// Per-segment counts of one search, reused (see [`DiskSearch`]); zero
    /// between searches.
    counts: RefCell<Vec<u8>>,
}

/// The high bit of a count marks a segment already checked.
const TAKEN: u8 = 0x80;

/// One lookup's search of the file's index at falling thresholds.
pub(super) struct DiskSearch {
    /// The highest variant id with a sequence: a listed id above it is
    /// damage, and must not size the counts.
    max_id: i64,
    lang: String,
    query: Vec<Option<u32>>,
    verifier: Verifier,
    /// Occurrences by estimated list length (unknown words first, at 0),
    /// then token id; a repeated token stays adjacent.
    by_cost: Vec<(u64, u32)>,
    /// Lists read, with how many of the token's occurrences were counted.
    lists: Vec<(u32, u32, Vec<i64>)>,
    counts: Vec<u8>,
    /// The shared occurrences a candidate needed at the last stage (0
    /// before the first).
    need: usize,
    /// Segments counted often enough and not yet within a threshold, with
    /// their sequences.
    deferred: Vec<(i64, Vec<u32>)>,
}

impl DiskSearch {
    /// Checks segment `id` (its `tokens`) at threshold `min`: a hit, or
    /// kept to be checked again at the next stage.
    fn check(
        &mut self,
        id: i64,
        tokens: Vec<u32>,
        min: u8,
        hits: &mut Vec<Hit>,
        stats: &mut FilterStats,
    ) {
        match self.verifier.check(&tokens, min, stats) {
            Some(distance) => hits.push(Hit {
                id,
                distance,
                len: tokens.len(),
            }),
            None => self.deferred.push((id, tokens)),
        }
    }
}

impl Memory {
    /// Whether this lookup should read the file's index rather than load
    /// it: only for an SQLite memory whose index is complete, outside a
    /// transaction (an index writer buffers postings until it commits), with
    /// the language's index not loaded yet, and as [`LookupPlan`] says.
    pub(super) fn reads_index_from_file(&self, lang: &str) -> Result<bool> {
        if self.pg.is_some()
            || !self.conn.is_autocommit()
            || self.schema_version < super::schema::BLOCK_SCHEMA
        {
            return Ok(false);
        }
        match self.planner.plan.get() {
            LookupPlan::Load => return Ok(false),
            LookupPlan::Auto | LookupPlan::File => {}
        }
        if self.loaded_index(lang)?.is_some() {
            return Ok(false);
        }
        let pending: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM fz_pending)")
            .and_then(|mut s| s.query_row([], |row| row.get(0)))
            .map_err(|e| self.sql(e))?;
        if pending {
            return Ok(false);
        }
        if self.planner.plan.get() == LookupPlan::File {
            return Ok(true);
        }
        Ok(self.planner.spent.get().as_secs_f64() < self.load_estimate()?)
    }

    /// Sets how this handle's lookups choose between the file and a loaded
    /// index (see [`LookupPlan`]).
    pub fn set_lookup_plan(&self, plan: LookupPlan) {
        self.planner.plan.set(plan);
    }

    /// This handle's [`LookupPlan`].
    pub fn lookup_plan(&self) -> LookupPlan {
        self.planner.plan.get()
    }

    /// Estimated seconds to load an index of this memory.
    pub(super) fn load_estimate(&self) -> Result<f64> {
        Ok(self.max_variant_id()? as f64 * LOAD_SECONDS_PER_VARIANT)
    }

    /// At least the largest variant id that holds a sequence (exact before
    /// schema 6; since, the largest variant row's: a sequence never
    /// outlives its row, and blocks have no cheap maximum). Sizes a
    /// search's counts, so a posting above it is damage.
    fn max_variant_id(&self) -> Result<i64> {
        let sql = match self.seq_table() {
            SeqTable::Rows => "SELECT coalesce(max(variant_id), 0) FROM fz_seq",
            SeqTable::Blocks => "SELECT coalesce(max(id), 0) FROM variant_row",
        };
        self.conn
            .prepare_cached(sql)
            .and_then(|mut s| s.query_row([], |row| row.get(0)))
            .map_err(|e| self.sql(e))
    }

    /// Adds the time of a lookup made from the file to what the handle has
    /// spent so far.
    pub(super) fn note_file_lookup(&self, took: Duration) {
        self.planner.spent.set(self.planner.spent.get() + took);
    }

    /// Starts a search of the file's index of `lang` for a query of the
    /// memory's token ids (`None`: a word no segment holds).
    pub(super) fn start_disk_search(
        &self,
        lang: &str,
        query: Vec<Option<u32>>,
    ) -> Result<DiskSearch> {
        let mut estimate = self
            .conn
            .prepare_cached(&format!(
                "SELECT length(ids) FROM fz_posting WHERE lang = ?1 AND token_id = ?2 LIMIT {}",
                ESTIMATE_ROWS + 1
            ))
            .map_err(|e| self.sql(e))?;
        let mut known: HashMap<u32, u64> = HashMap::new();
        let mut by_cost = Vec::with_capacity(query.len());
        for (i, token) in query.iter().enumerate() {
            let Some(token) = *token else {
                by_cost.push((0, u32::MAX - i as u32));
                continue;
            };
            let cost = match known.get(&token) {
                Some(&cost) => cost,
                None => {
                    let mut rows = estimate
                        .query(params![lang, token])
                        .map_err(|e| self.sql(e))?;
                    let (mut chunks, mut bytes) = (0i64, 0u64);
                    while let Some(row) = rows.next().map_err(|e| self.sql(e))? {
                        chunks += 1;
                        bytes += row.get::<_, i64>(0).map_err(|e| self.sql(e))? as u64;
                    }
                    // A list longer than the rows read: its bytes so far,
                    // scaled, behind every list read whole.
                    let cost = if chunks > ESTIMATE_ROWS {
                        bytes.saturating_mul(16)
                    } else {
                        bytes
                    };
                    known.insert(token, cost);
                    cost
                }
            };
            // A word the index lacks (no list) is held by no segment.
            by_cost.push((cost, token));
        }
        by_cost.sort_unstable();
        let counts = std::mem::take(&mut *self.planner.counts.borrow_mut());
        Ok(DiskSearch {
            max_id: self.max_variant_id()?,
            lang: lang.to_string(),
            verifier: Verifier::new(&query),
            query,
            by_cost,
            lists: Vec::new(),
            counts,
            need: 0,
            deferred: Vec::new(),
        })
    }

    /// The signature's estimated postings at threshold `min` (what
    /// [`Memory::disk_search_more`] would read, as far as the estimates go).
    pub(super) fn disk_search_cost(&self, search: &DiskSearch, min: u8) -> usize {
        let (prefix, _) = signature_size(search.query.len(), min);
        // The stored bytes of a delta-coded list are close to its length.
        search.by_cost[..prefix]
            .iter()
            .map(|&(c, _)| c as usize)
            .sum()
    }

    /// Continues `search` at threshold `min`: the hits at `min` it had not
    /// returned yet (see the module comment).
    pub(super) fn disk_search_more(
        &self,
        search: &mut DiskSearch,
        min: u8,
    ) -> Result<(Vec<Hit>, FilterStats)> {
        let mut stats = FilterStats::default();
        let n = search.query.len();
        if n == 0 {
            return Ok((Vec::new(), stats));
        }
        let min = min.clamp(1, 100);
        let (prefix, need) = signature_size(n, min);
        let sql = |e| self.sql(e);
        let mut hits = Vec::new();
        let mut read_tokens = super::seqstore::SeqReader::new(self.seq_table());
        // Segments rejected at a higher threshold, checked at this one.
        let deferred = std::mem::take(&mut search.deferred);
        for (id, tokens) in deferred {
            search.check(id, tokens, min, &mut hits, &mut stats);
        }
        // Candidates crossing `need` while this call counts.
        let mut fresh: Vec<i64> = Vec::new();
        // Where `need` fell since the last stage (a query of two or three
        // tokens), segments counted before may reach it now.
        if need < search.need {
            for (_, _, ids) in &search.lists {
                for &id in ids {
                    let count = search.counts[id as usize];
                    if count & TAKEN == 0 && usize::from(count) >= need {
                        search.counts[id as usize] |= TAKEN;
                        fresh.push(id);
                    }
                }
            }
        }
        search.need = need;
        let mut signature: Vec<(u32, u32)> = Vec::new();
        for &(cost, token) in &search.by_cost[..prefix] {
            if cost == 0 {
                continue;
            }
            match signature.last_mut() {
                Some((last, m)) if *last == token => *m += 1,
                _ => signature.push((token, 1)),
            }
        }
        for (token, multiplicity) in signature {
            let at = match search.lists.iter().position(|(t, _, _)| *t == token) {
                Some(at) => at,
                None => {
                    let ids = self.posting_list(&search.lang, token, search.max_id)?;
                    stats.postings_read += ids.len();
                    if let Some(&last) = ids.last() {
                        let size = usize::try_from(last).unwrap_or(0) + 1;
                        if search.counts.len() < size {
                            search.counts.resize(size, 0);
                        }
                    }
                    search.lists.push((token, 0, ids));
                    search.lists.len() - 1
                }
            };
            let (_, counted, ids) = &mut search.lists[at];
            if multiplicity <= *counted {
                continue;
            }
            let add = (multiplicity - *counted).min(u32::from(TAKEN - 1)) as u8;
            *counted = multiplicity;
            for &id in ids.iter() {
                let slot = &mut search.counts[id as usize];
                let count = (*slot & !TAKEN).saturating_add(add).min(TAKEN - 1);
                *slot = (*slot & TAKEN) | count;
                if *slot & TAKEN == 0 && usize::from(count) >= need {
                    *slot |= TAKEN;
                    fresh.push(id);
                }
            }
        }
        // Read in id order: neighbouring rows share pages.
        fresh.sort_unstable();
        for id in fresh {
            stats.candidates += 1;
            let blob = read_tokens
                .read(&self.conn, &search.lang, id)
                .map_err(sql)?;
            // A listed segment without a sequence cannot be matched; the
            // writers never leave one, so it is skipped, not an error.
            let Some(blob) = blob else { continue };
            let tokens = decode_tokens(&blob).map_err(sql)?;
            search.check(id, tokens, min, &mut hits, &mut stats);
        }
        stats.hits = hits.len();
        Ok((hits, stats))
    }

    /// Ends `search`: its counts are cleared and kept for the next one.
    pub(super) fn finish_disk_search(&self, search: DiskSearch) {
        let DiskSearch {
            mut counts, lists, ..
        } = search;
        for (_, _, ids) in &lists {
            for &id in ids {
                counts[id as usize] = 0;
            }
        }
        *self.planner.counts.borrow_mut() = counts;
    }

    /// The ascending variant ids listed under `token` in `lang`, each at
    /// most `max_id` (else the memory is damaged).
    fn posting_list(&self, lang: &str, token: u32, max_id: i64) -> Result<Vec<i64>> {
        let sql = |e| self.sql(e);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT ids FROM fz_posting WHERE lang = ?1 AND token_id = ?2 ORDER BY first_id",
            )
            .map_err(sql)?;
        let mut rows = stmt.query(params![lang, token]).map_err(sql)?;
        let mut ids = Vec::new();
        while let Some(row) = rows.next().map_err(sql)? {
            ids.extend(decode_ids(blob_at(row, 0).map_err(sql)?).map_err(sql)?);
        }
        if ids.first().is_some_and(|&id| id < 0) || ids.windows(2).any(|w| w[0] >= w[1]) {
            return Err(MemoryError::damaged(
                self.path.clone(),
                format!("the posting list of index word {token} is not ascending"),
            ));
        }
        if let Some(&last) = ids.last().filter(|&&last| last > max_id) {
            return Err(MemoryError::damaged(
                self.path.clone(),
                format!(
                    "the posting list of index word {token} names segment {last}, above the last one ({max_id})"
                ),
            ));
        }
        Ok(ids)
    }
}

/// The signature's length (occurrences) and the shared occurrences a
/// candidate needs, for a query of `n` tokens at threshold `min`.
fn signature_size(n: usize, min: u8) -> (usize, usize) {
    let tau0 = n - max_distance(n, min.clamp(1, 100));
    let need = OVERLAP.min(tau0).max(1);
    ((n - tau0 + need).min(n), need)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzzy::Query;
    use crate::unit::TranslationUnit;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "the", "the", "the", "of", "of", "talks", "Kyiv", "mayor", "bridge", "river", "opened",
        "army", "left",
    ];

    fn text(words: &[usize]) -> String {
        let words: Vec<&str> = words.iter().map(|&w| WORDS[w % WORDS.len()]).collect();
        words.join(" ")
    }

    fn key(memory: &Memory, query: &Query) -> Vec<(i64, u8, usize)> {
        memory
            .suggest(query)
            .unwrap()
            .iter()
            .map(|s| (s.unit_id, s.score, s.diff.len()))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Lookups from the file equal lookups in the loaded index and the
        /// exhaustive scan: frequent and repeated words, queries of one to
        /// three words (where a candidate needs fewer shared occurrences
        /// at lower stages), words the memory lacks, deleted units, every
        /// threshold.
        #[test]
        fn lookups_from_the_file_equal_the_loaded_index_and_a_scan(
            segments in proptest::collection::vec(proptest::collection::vec(0usize..13, 1..9), 1..40),
            deletes in proptest::collection::vec(0usize..40, 0..4),
            queries in proptest::collection::vec(
                (proptest::collection::vec(0usize..15, 1..9), 1u8..=100), 1..6),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("m.tmdb");
            let mut memory = Memory::create(&path).unwrap();
            for (i, words) in segments.iter().enumerate() {
                memory.add(&TranslationUnit::pair("en", &text(words), "ru", &format!("перевод {i}"))).unwrap();
            }
            for d in deletes {
                memory.delete(d as i64 + 1).unwrap();
            }
            let from_file = Memory::open_read_only(&path).unwrap();
            from_file.set_lookup_plan(LookupPlan::File);
            let loaded = Memory::open_read_only(&path).unwrap();
            loaded.set_lookup_plan(LookupPlan::Load);
            for (words, min) in &queries {
                // Word 13 and 14 are in no segment.
                let mut sentence: Vec<String> = words.iter().map(|&w| match w {
                    13 => "zebra".to_string(),
                    14 => "quokka".to_string(),
                    w => WORDS[w].to_string(),
                }).collect();
                sentence.dedup_by(|a, b| a == "zebra" && b == "zebra");
                let mut query = Query::new(&sentence.join(" "), "en", "ru");
                query.min_score = *min;
                query.max_results = 50;
                let scan: Vec<(i64, u8, usize)> = from_file
                    .suggest_exhaustive(&query)
                    .unwrap()
                    .iter()
                    .map(|s| (s.unit_id, s.score, s.diff.len()))
                    .collect();
                prop_assert_eq!(&key(&from_file, &query), &scan, "from the file: {:?}", query.text);
                prop_assert_eq!(&key(&loaded, &query), &scan, "loaded: {:?}", query.text);
            }
            prop_assert_eq!(from_file.whole_index_reads(), 0);
        }
    }

    fn small_memory(dir: &std::path::Path) -> Memory {
        let mut memory = Memory::create(&dir.join("m.tmdb")).unwrap();
        for i in 0..30 {
            memory
                .add(&TranslationUnit::pair(
                    "en",
                    &format!("The mayor opened bridge number {i} over the river."),
                    "ru",
                    &format!("Мэр открыл мост номер {i} через реку."),
                ))
                .unwrap();
        }
        memory
    }

    #[test]
    fn a_handle_reads_the_file_until_its_lookups_have_cost_a_load() {
        let dir = tempfile::tempdir().unwrap();
        small_memory(dir.path());
        let memory = Memory::open_read_only(&dir.path().join("m.tmdb")).unwrap();
        let query = Query::new(
            "The mayor opened bridge number 7 over the river.",
            "en",
            "ru",
        );
        let first = memory.suggest(&query).unwrap();
        assert_eq!(first[0].score, 100);
        assert_eq!(
            memory.whole_index_reads(),
            0,
            "the first lookup reads the file"
        );
        // As if the lookups so far had cost more than a load would.
        memory.note_file_lookup(Duration::from_secs_f64(
            memory.load_estimate().unwrap() + 1.0,
        ));
        let second = memory.suggest(&query).unwrap();
        assert_eq!(memory.whole_index_reads(), 1, "then the index is loaded");
        assert_eq!(
            serde_json::to_string(&first).unwrap(),
            serde_json::to_string(&second).unwrap()
        );
        // Once loaded, it stays in use whatever the plan.
        memory.set_lookup_plan(LookupPlan::File);
        memory.suggest(&query).unwrap();
        assert_eq!(memory.whole_index_reads(), 1);
    }

    #[test]
    fn a_handle_told_to_load_never_reads_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let memory = small_memory(dir.path());
        memory.set_lookup_plan(LookupPlan::Load);
        let query = Query::new("The mayor opened bridge number 9 over a river.", "en", "ru");
        assert!(!memory.suggest(&query).unwrap().is_empty());
        assert_eq!(memory.whole_index_reads(), 1);
    }

    /// Damages the sample's list of "mayor" with `sql` (`WHERE` added) and
    /// checks that a lookup from the file reports it as `expected`.
    fn assert_list_damage_reported(sql: &str, expected: &str) {
        let dir = tempfile::tempdir().unwrap();
        let memory = small_memory(dir.path());
        let mayor = "token_id = (SELECT id FROM fz_token WHERE lang = 'en' AND text = 'mayor')";
        memory
            .conn
            .execute(&format!("{sql} WHERE {mayor}"), [])
            .unwrap();
        memory.set_lookup_plan(LookupPlan::File);
        match memory.suggest(&Query::new("mayor", "en", "ru")) {
            Err(error @ MemoryError::Damaged { .. }) => {
                assert!(error.to_string().contains(expected), "{error}")
            }
            other => panic!("{sql}: {other:?}"),
        }
    }

    #[test]
    fn a_listed_segment_past_the_last_one_is_damage_not_an_allocation() {
        // 2^40 as the list's last id: followed, it would size a terabyte.
        assert_list_damage_reported(
            "UPDATE fz_posting SET ids = CAST(ids || x'808080808020' AS BLOB)",
            "above the last one",
        );
    }

    #[test]
    fn a_list_out_of_order_is_reported_not_followed() {
        // A second chunk repeating the first one's ids: the list is no
        // longer ascending, which no writer leaves.
        assert_list_damage_reported(
            "INSERT INTO fz_posting(lang, token_id, first_id, ids)
             SELECT lang, token_id, first_id + 1000, ids FROM fz_posting",
            "is not ascending",
        );
    }
}
