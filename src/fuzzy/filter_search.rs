//! Searching a [`TokenIndex`]: the signature's lists read, candidates
//! counted, then checked (see the parent module's comment), at one
//! threshold or at several in turn, each continuing the last.

use super::{
    DONE, FilterStats, GENERATIONS, Hit, PREFIX_MIN, PREFIX_OVERLAP, Scratch, ScratchPool,
    TokenIndex,
};
use crate::fuzzy::distance::{max_distance, within};

impl TokenIndex {
    /// Every indexed segment whose index-key distance to `query` could give a
    /// similarity ≥ `min` percent (`min` is at least 1). `query` holds the query's token ids, `None`
    /// for tokens the vocabulary lacks (no segment contains them).
    /// At `min ≥` [`PREFIX_MIN`] the candidates come from the prefix index
    /// (same result, far fewer postings read).
    pub fn search(&self, query: &[Option<u32>], min: u8) -> (Vec<Hit>, FilterStats) {
        self.search_with(query, min, min >= PREFIX_MIN)
    }

    /// [`TokenIndex::search`] choosing the lists: `use_prefix` reads the
    /// prefix index (only valid at `min ≥` [`PREFIX_MIN`], else ignored),
    /// otherwise the full posting lists. Both give the same hits; tests and
    /// benchmarks compare them.
    pub fn search_with(
        &self,
        query: &[Option<u32>],
        min: u8,
        use_prefix: bool,
    ) -> (Vec<Hit>, FilterStats) {
        let mut search = Search::new(self, query, use_prefix);
        self.search_more(&mut search, min)
    }

    /// A search of `query` to be run at falling thresholds with
    /// [`TokenIndex::search_more`] (`use_prefix` as in
    /// [`TokenIndex::search_with`]).
    pub fn start_search(&self, query: &[Option<u32>], use_prefix: bool) -> Search {
        Search::new(self, query, use_prefix)
    }

    /// Continues `search` at threshold `min` and returns the hits at `min`
    /// it had not returned yet: over successive calls at falling
    /// thresholds, the hits returned so far are exactly those of
    /// [`TokenIndex::search_with`] at the last threshold.
    ///
    /// **Why it is exact.** The signature at a lower threshold holds the one
    /// at a higher threshold (the same occurrences in the same order, more
    /// of them) and needs as many shared prefix occurrences, so the counts
    /// kept from the lists read before stay valid and only the lists or
    /// repetitions new to the signature are read. A sequence verified at a
    /// higher threshold and accepted is a hit at every lower one (each test
    /// is monotone in the threshold); one rejected is kept aside and checked
    /// again at the next threshold. A rising threshold, another count of
    /// shared occurrences, other lists, or another search of this index in
    /// between starts the search afresh (same result, nothing reused).
    pub fn search_more(&self, search: &mut Search, min: u8) -> (Vec<Hit>, FilterStats) {
        let mut stats = FilterStats::default();
        let n = search.plain.len();
        if n == 0 || self.ids.is_empty() {
            return (Vec::new(), stats);
        }
        // θ = 0 would admit segments sharing no token, which no index can find.
        let min = min.clamp(1, 100);
        let tau0 = n - max_distance(n, min);
        if self.max_len < tau0 {
            return (Vec::new(), stats); // every segment is too short
        }
        let use_prefix = search.use_prefix && min >= PREFIX_MIN;
        // How many shared prefix occurrences a candidate needs (see
        // [`PREFIX_OVERLAP`]); the full lists hold every occurrence, one
        // shared signature token is all the prefix principle promises there.
        let need = if use_prefix {
            PREFIX_OVERLAP.min(tau0)
        } else {
            1
        };
        let prefix = (n - tau0 + need).min(n);

        let mut held = Held::take(&self.scratch, search.progress.as_ref().map(|p| p.scratch));
        let Scratch {
            serial,
            generation,
            state,
        } = held.scratch();
        let reusable = search.progress.as_ref().is_some_and(|p| {
            p.scratch == *serial
                && p.generation == *generation
                && p.need == need
                && p.prefix_lists == use_prefix
                && p.min >= min
        });
        if !reusable {
            // Afresh: what earlier calls returned is found again, and not
            // returned twice.
            search.returned.sort_unstable();
            *generation += 1;
            if *generation >= GENERATIONS {
                state.iter_mut().for_each(|s| *s = 0);
                *generation = 1;
            }
            search.progress = Some(Progress {
                scratch: *serial,
                generation: *generation,
                need,
                prefix_lists: use_prefix,
                min,
                scanned: Vec::new(),
                deferred: Vec::new(),
            });
        }
        let Search {
            plain,
            counted,
            by_rarity,
            progress,
            returned,
            ..
        } = search;
        let returned_before = returned.len();
        let Some(progress) = progress.as_mut() else {
            return (Vec::new(), stats);
        };
        progress.min = min;
        let mark = *generation << 8;
        let mut checker = Checker {
            index: self,
            plain,
            counted,
            min,
            used: vec![0; counted.len()],
            returned,
            returned_before,
        };
        let mut hits = Vec::new();
        // Sequences rejected at a higher threshold, checked at this one.
        let deferred = std::mem::take(&mut progress.deferred);
        for seq in deferred {
            if !checker.check(seq as usize, &mut hits, &mut stats) {
                progress.deferred.push(seq);
            }
        }
        // The signature: distinct tokens of the prefix with their multiplicity.
        let mut signature: Vec<(u32, u32)> = Vec::new();
        for &(df, t) in &by_rarity[..prefix] {
            if df == 0 {
                continue;
            }
            match signature.last_mut() {
                Some((last, c)) if *last == t => *c += 1,
                _ => signature.push((t, 1)),
            }
        }
        for (token, multiplicity) in signature {
            // Occurrences of the token counted by an earlier call.
            let counted_before = match progress.scanned.iter_mut().find(|(t, _)| *t == token) {
                Some((_, m)) => std::mem::replace(m, multiplicity.max(*m)),
                None => {
                    progress.scanned.push((token, multiplicity));
                    0
                }
            };
            if multiplicity <= counted_before {
                continue;
            }
            let list = if use_prefix {
                self.prefix_postings_of(token)
            } else {
                self.postings_of(token)
            };
            stats.postings_read += list.len();
            // A sequence whose prefix repeats the token is listed once per
            // occurrence; only as many as the query's prefix has are shared.
            let (mut previous, mut run) = (u32::MAX, 0u32);
            for &seq in list {
                if seq == previous {
                    run += 1;
                } else {
                    (previous, run) = (seq, 1);
                }
                if run > multiplicity || run <= counted_before {
                    continue;
                }
                let slot = &mut state[seq as usize];
                let count = if *slot & !0xFF == mark {
                    (*slot & 0xFF) as u8
                } else {
                    0
                };
                if count == DONE {
                    continue;
                }
                if usize::from(count) + 1 < need {
                    *slot = mark | u32::from(count + 1);
                    continue;
                }
                *slot = mark | u32::from(DONE);
                stats.candidates += 1;
                if !checker.check(seq as usize, &mut hits, &mut stats) {
                    progress.deferred.push(seq);
                }
            }
        }
        stats.hits = hits.len();
        (hits, stats)
    }
}

/// A search of one query at falling thresholds (see
/// [`TokenIndex::search_more`]): the query prepared once, and what the
/// lists read so far have left.
pub struct Search {
    /// Token ids, unknown tokens given ids past the vocabulary so that they
    /// never match.
    plain: Vec<u32>,
    /// The query's multiset, sorted for binary search.
    counted: Vec<(u32, u32)>,
    /// Occurrences in the global order (document frequency, id) that the
    /// prefix index was cut in; a repeated token stays adjacent.
    by_rarity: Vec<(usize, u32)>,
    use_prefix: bool,
    progress: Option<Progress>,
    /// Sequences returned as hits so far (sorted when a search starts
    /// afresh, then appended to).
    returned: Vec<u32>,
}

/// What the calls of a [`Search`] so far have done.
struct Progress {
    /// The scratch holding the counts (see [`ScratchPool`]).
    scratch: u64,
    /// The scratch generation holding the counts.
    generation: u32,
    need: usize,
    prefix_lists: bool,
    /// The lowest threshold searched so far.
    min: u8,
    /// Tokens whose lists were read, and how many of their occurrences.
    scanned: Vec<(u32, u32)>,
    /// Sequences counted and rejected at a higher threshold.
    deferred: Vec<u32>,
}

impl Search {
    fn new(index: &TokenIndex, query: &[Option<u32>], use_prefix: bool) -> Search {
        let n = query.len();
        let (plain, counted) = prepare(query);
        let mut by_rarity: Vec<(usize, u32)> = plain
            .iter()
            .map(|&t| {
                let df = if t >= u32::MAX - n as u32 {
                    0
                } else {
                    index.df.get(t as usize).map_or(0, |&d| d as usize)
                };
                (df, t)
            })
            .collect();
        by_rarity.sort_unstable();
        Search {
            plain,
            counted,
            by_rarity,
            use_prefix,
            progress: None,
            returned: Vec::new(),
        }
    }
}

/// The query as the checks take it: token ids, unknown tokens given ids
/// past the vocabulary (`u32::MAX - position`) so that they never match,
/// and its multiset sorted by id.
fn prepare(query: &[Option<u32>]) -> (Vec<u32>, Vec<(u32, u32)>) {
    let plain: Vec<u32> = query
        .iter()
        .enumerate()
        .map(|(i, t)| t.unwrap_or(u32::MAX - i as u32))
        .collect();
    let mut sorted = plain.clone();
    sorted.sort_unstable();
    let mut counted: Vec<(u32, u32)> = Vec::new();
    for t in sorted {
        match counted.last_mut() {
            Some((last, c)) if *last == t => *c += 1,
            _ => counted.push((t, 1)),
        }
    }
    (plain, counted)
}

/// The checks of one candidate sequence at threshold `min`, cheapest first:
/// length bound, exact multiset overlap ≥ τ(L), banded Levenshtein distance
/// with cut-off k(L). Returns the distance when the candidate is within it.
/// `used` is scratch as long as `counted`.
fn verify(
    plain: &[u32],
    counted: &[(u32, u32)],
    used: &mut [u32],
    candidate: &[u32],
    min: u8,
    stats: &mut FilterStats,
) -> Option<usize> {
    let n = plain.len();
    let len = candidate.len();
    let longest = n.max(len);
    let k = max_distance(longest, min);
    if n.abs_diff(len) > k {
        return None;
    }
    let tau = longest - k;
    used.iter_mut().for_each(|u| *u = 0);
    let mut overlap = 0usize;
    for t in candidate {
        if let Ok(pos) = counted.binary_search_by_key(t, |&(id, _)| id) {
            if used[pos] < counted[pos].1 {
                used[pos] += 1;
                overlap += 1;
            }
        }
    }
    if overlap < tau {
        return None;
    }
    stats.verified += 1;
    within(plain, candidate, k)
}

/// A query prepared to check candidate sequences one at a time, with the
/// same tests as an index search (for a search that reads its candidates'
/// sequences from elsewhere, such as the memory file).
///
/// ```
/// use tmkit::fuzzy::filter::{FilterStats, Verifier};
///
/// let mut verifier = Verifier::new(&[Some(1), Some(2), Some(3), Some(4)]);
/// let mut stats = FilterStats::default();
/// // One token replaced: distance 1, similarity 75.
/// assert_eq!(verifier.check(&[1, 2, 9, 4], 70, &mut stats), Some(1));
/// // At 80 no token may differ: the overlap test rejects it before the
/// // distance is computed.
/// assert_eq!(verifier.check(&[1, 2, 9, 4], 80, &mut stats), None);
/// assert_eq!(stats.verified, 1);
/// ```
pub struct Verifier {
    plain: Vec<u32>,
    counted: Vec<(u32, u32)>,
    used: Vec<u32>,
}

impl Verifier {
    /// Prepares `query` (token ids, `None` for words no segment holds).
    pub fn new(query: &[Option<u32>]) -> Verifier {
        let (plain, counted) = prepare(query);
        let used = vec![0; counted.len()];
        Verifier {
            plain,
            counted,
            used,
        }
    }

    /// The index-key distance of `candidate` to the query when it could
    /// give a similarity ≥ `min` percent (1–100), else `None`; counts the
    /// candidates that reached the distance computation in `stats.verified`.
    pub fn check(&mut self, candidate: &[u32], min: u8, stats: &mut FilterStats) -> Option<usize> {
        verify(
            &self.plain,
            &self.counted,
            &mut self.used,
            candidate,
            min.clamp(1, 100),
            stats,
        )
    }
}

/// The checks of a candidate at one threshold, cheapest first: length
/// bound, exact multiset overlap ≥ τ(L), banded Levenshtein distance.
struct Checker<'a> {
    index: &'a TokenIndex,
    plain: &'a [u32],
    counted: &'a [(u32, u32)],
    min: u8,
    used: Vec<u32>,
    /// Sequences returned by earlier calls (sorted up to `returned_before`,
    /// the ones a search started afresh finds again).
    returned: &'a mut Vec<u32>,
    returned_before: usize,
}

impl Checker<'_> {
    /// True when sequence `seq` is within the threshold; its segments are
    /// then added to `hits`.
    fn check(&mut self, seq: usize, hits: &mut Vec<Hit>, stats: &mut FilterStats) -> bool {
        let candidate = self.index.sequence(seq);
        let len = candidate.len();
        match verify(
            self.plain,
            self.counted,
            &mut self.used,
            candidate,
            self.min,
            stats,
        ) {
            Some(distance) => {
                let seq32 = seq as u32;
                if self.returned[..self.returned_before]
                    .binary_search(&seq32)
                    .is_err()
                {
                    hits.extend(self.index.ids_of(seq).map(|id| Hit { id, distance, len }));
                    self.returned.push(seq32);
                }
                true
            }
            None => false,
        }
    }
}

/// A scratch taken from its pool for one call, put back when dropped (also
/// when the call unwinds).
struct Held<'a> {
    pool: &'a ScratchPool,
    scratch: Option<Scratch>,
}

impl<'a> Held<'a> {
    fn take(pool: &'a ScratchPool, serial: Option<u64>) -> Held<'a> {
        Held {
            pool,
            scratch: Some(pool.take(serial)),
        }
    }

    fn scratch(&mut self) -> &mut Scratch {
        self.scratch.as_mut().expect("held until dropped")
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        if let Some(scratch) = self.scratch.take() {
            self.pool.put(scratch);
        }
    }
}
