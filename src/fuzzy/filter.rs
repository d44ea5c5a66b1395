//! The lossless candidate filter (τ-overlap over an inverted index).
//!
//! For token sequences `s` (query, `n` tokens) and `t` (`L` tokens) with
//! Levenshtein distance `d`, an optimal alignment keeps at least
//! `max(n, L) − d` identical tokens, so a similarity ≥ θ needs
//! `d ≤ k(L) = ⌊max(n, L)·(100 − θ)/100⌋`, hence a multiset overlap of at least
//! `τ(L) = max(n, L) − k(L)` tokens and `|n − L| ≤ k(L)`.
//!
//! Every `τ` is at least `τ₀ = n − k(n)`. By the prefix principle, a sequence
//! sharing ≥ τ₀ of the query's `n` tokens shares at least one of *any*
//! `n − τ₀ + 1` of them; choosing the rarest ones (CPMerge's signature, Okazaki
//! & Tsujii 2010) keeps the lists short. Candidates from those lists are then
//! checked, cheapest test first: length bound, exact multiset overlap ≥ τ(L),
//! and the banded Levenshtein distance with cut-off `k(L)`. Nothing a
//! brute-force scan would accept is dropped; the tests compare with one.
//!
//! **Two-sided prefix filter.** At θ = 50 the signature holds about half of
//! the query's tokens, frequent words included, and their full posting lists
//! run to a large part of the memory. So [`TokenIndexBuilder::build`] also
//! keeps a *prefix index*: each sequence is listed only under the tokens of
//! its own prefix, its `k₅₀(L) + c` rarest token occurrences in the same global
//! order (document frequency, then id) the query side uses
//! (`c` = [`PREFIX_OVERLAP`] = 2). If a sequence shares ≥ τ occurrences with
//! the query, its `c` rarest shared occurrences lie in the first `|x| − τ + c`
//! occurrences of either side (the prefix principle of Chaudhuri et al. 2006
//! and Bayardo et al. 2007, generalised to `c`), and τ(L) at any θ ≥ 50 is at
//! least the `L − k₅₀(L)` the index prefix was cut for. So the query's first
//! `n − τ₀ + c` occurrences are looked up in the prefix lists and a sequence
//! becomes a candidate only once it has been met `c` times: a word like "the"
//! is listed only under the few sequences where it is among the rarest half,
//! and one shared mid-frequency word is no longer enough to be verified.
//! Below θ = 50 the full lists are read with `c` = 1, as before.
//!
//! **Identical sequences are kept once.** Segments with the same token
//! sequence (one source with several targets, repeated boilerplate, a number
//! changed, which the index keys by class) share one entry: it is listed,
//! counted and verified once, and a hit on it is a hit on each of its
//! segments, with the same distance. The hits are those of an index keeping
//! every segment apart; only the work is shared.
//!
//! Token ids are the memory's vocabulary ids; placeables are indexed by class
//! (see [`crate::fuzzy::tokenize::Token::index_key`]), so the distance computed
//! here is a lower bound of the word distance and the filter stays lossless for
//! placeable adaptations too.

use super::distance::max_distance;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

mod build;
pub use build::TokenIndexBuilder;

/// A read-only inverted index of one language's segments, in compact arrays:
/// posting lists and token sequences as `u32` slices (CSR layout).
///
/// Everything is derived from the token sequences: the document frequencies,
/// the prefix lists, and the full posting lists, which only searches below
/// [`PREFIX_MIN`] read and which are therefore built on the first such search
/// (at ten million segments they are the largest part, 440 MB, and most
/// processes never need them).
#[derive(Default)]
pub struct TokenIndex {
    /// Token text (index key) → token id.
    vocab: HashMap<String, u32>,
    /// Document frequency of each token id: the sequences holding it.
    df: Vec<u32>,
    /// The full posting lists, built on first use.
    full: OnceLock<FullLists>,
    /// `tokens[seq_start[i]..seq_start[i + 1]]`: the token ids of distinct
    /// sequence `i` (distinct sequences are numbered in order of their
    /// lowest id).
    seq_start: Vec<u32>,
    tokens: Vec<u32>,
    /// The caller's lowest id of each distinct sequence (the memory's
    /// variant row id), ascending.
    ids: Vec<i64>,
    /// The further ids of distinct sequences held by several segments:
    /// (sequence, id), ascending. Few next to `ids`, so a list beside it
    /// costs less than an offset per sequence.
    more_ids: Vec<(u32, i64)>,
    /// The longest sequence (queries that cannot reach it stop at once).
    max_len: usize,
    /// `prefix_postings[prefix_start[t]..prefix_start[t + 1]]`: sequence
    /// numbers whose prefix for θ = [`PREFIX_MIN`] contains token `t`, ascending.
    prefix_start: Vec<u32>,
    prefix_postings: Vec<u32>,
    /// Per-search scratch (counts of shared prefix occurrences), one per
    /// search running at the same time.
    scratch: ScratchPool,
}

/// Full posting lists: `postings[start[t]..start[t + 1]]` are the sequence
/// numbers containing token `t`, ascending, each once.
#[derive(Default)]
struct FullLists {
    start: Vec<u32>,
    postings: Vec<u32>,
}

/// The lowest threshold the prefix index was cut for: searches with
/// `min ≥ PREFIX_MIN` read the prefix lists, lower ones the full lists.
/// 50 is the floor of the lowest analysis band.
pub const PREFIX_MIN: u8 = 50;

/// How many shared prefix occurrences a candidate needs (at most; fewer when
/// τ₀ is smaller). If a sequence shares ≥ τ occurrences with the query, its
/// `c` rarest shared ones lie in the first `|x| − τ + c` occurrences of both
/// sides, so with prefixes one longer on each side a candidate must be found
/// twice. Finding a sequence once through a frequent word is common; twice is
/// rare, so this cuts the sequences verified several-fold for one more list
/// read per query and one more posting per sequence.
pub const PREFIX_OVERLAP: usize = 2;

/// Marks a sequence already verified in this search.
const DONE: u8 = u8::MAX;

/// Per-search scratch of a [`TokenIndex`], reused between searches: for
/// each sequence, the generation (search) that last touched it in the high
/// 24 bits and its count of shared prefix occurrences in that search in the
/// low 8, in one word, so a posting costs one cache miss, not two (at ten
/// million sequences the array is far larger than the caches, and a search
/// reads ~10⁵ postings).
struct Scratch {
    /// Which of the pool's scratches this is (a [`Search`] continues only
    /// on the one holding its counts).
    serial: u64,
    generation: u32,
    state: Vec<u32>,
}

/// The scratches of an index: searches on several threads at once each
/// take one (made on demand, kept for the next search), so a
/// [`TokenIndex`] can be shared between threads. One thread keeps using
/// one scratch, as before the pool.
#[derive(Default)]
struct ScratchPool {
    free: Mutex<Vec<Scratch>>,
    made: std::sync::atomic::AtomicU64,
    /// Sequences a scratch covers.
    len: usize,
}

impl ScratchPool {
    fn new(len: usize) -> ScratchPool {
        let pool = ScratchPool {
            free: Mutex::new(Vec::new()),
            made: Default::default(),
            len,
        };
        // Made now, as before the pool: a first search costs no allocation.
        let first = pool.make();
        pool.put(first);
        pool
    }

    fn make(&self) -> Scratch {
        Scratch {
            serial: self.made.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            generation: 0,
            state: vec![0; self.len],
        }
    }

    /// The scratch `serial` if it is free, else any free one, else a new one.
    fn take(&self, serial: Option<u64>) -> Scratch {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        let found = serial.and_then(|serial| free.iter().position(|s| s.serial == serial));
        match found.map(|i| free.swap_remove(i)).or_else(|| free.pop()) {
            Some(scratch) => scratch,
            None => {
                drop(free);
                self.make()
            }
        }
    }

    fn put(&self, scratch: Scratch) {
        self.free
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(scratch);
    }

    fn heap_bytes(&self) -> usize {
        4 * self.len * self.free.lock().map_or(1, |free| free.len().max(1))
    }
}

/// Generations wrap here (24 bits); the states are then cleared.
const GENERATIONS: u32 = 1 << 24;

/// A candidate that passed the filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The caller's id of the segment.
    pub id: i64,
    /// Levenshtein distance over index keys (a lower bound of the word distance).
    pub distance: usize,
    /// Tokens in the segment.
    pub len: usize,
}

/// What one search did (for benchmarks and `--explain`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FilterStats {
    /// Posting-list entries read.
    pub postings_read: usize,
    /// Distinct token sequences that reached the length/overlap checks (a
    /// sequence held by several segments counts once).
    pub candidates: usize,
    /// Distinct token sequences that reached the Levenshtein verification.
    pub verified: usize,
    /// Segments within the distance cut-off.
    pub hits: usize,
}

impl TokenIndex {
    /// Number of segments indexed.
    pub fn len(&self) -> usize {
        self.ids.len() + self.more_ids.len()
    }

    /// Number of distinct token sequences among them.
    pub fn distinct_sequences(&self) -> usize {
        self.ids.len()
    }

    /// The caller's ids of distinct sequence `seq`, lowest first.
    fn ids_of(&self, seq: usize) -> impl Iterator<Item = i64> + '_ {
        let from = self.more_ids.partition_point(|&(s, _)| (s as usize) < seq);
        let more = self.more_ids[from..]
            .iter()
            .take_while(move |&&(s, _)| s as usize == seq)
            .map(|&(_, id)| id);
        std::iter::once(self.ids[seq]).chain(more)
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Approximate heap size in bytes (for reports).
    pub fn heap_bytes(&self) -> usize {
        let full = self
            .full
            .get()
            .map_or(0, |f| f.start.len() + f.postings.len());
        4 * (self.df.len()
            + full
            + self.prefix_start.len()
            + self.prefix_postings.len()
            + self.seq_start.len()
            + self.tokens.len())
            + 8 * self.ids.len()
            + 16 * self.more_ids.len()
            + self.vocab.keys().map(|k| k.len() + 32).sum::<usize>()
            + self.scratch.heap_bytes()
    }

    /// The id of a token key, if the vocabulary has it.
    pub fn token_id(&self, key: &str) -> Option<u32> {
        self.vocab.get(key).copied()
    }

    fn postings_of(&self, token: u32) -> &[u32] {
        let full = self.full.get_or_init(|| self.full_lists());
        let t = token as usize;
        if t + 1 >= full.start.len() {
            return &[];
        }
        &full.postings[full.start[t] as usize..full.start[t + 1] as usize]
    }

    /// The full posting lists, from the sequences (count, then fill in
    /// sequence order, so each list comes out ascending).
    fn full_lists(&self) -> FullLists {
        let mut start = Vec::with_capacity(self.df.len() + 1);
        let mut running = 0u32;
        for &count in &self.df {
            start.push(running);
            running += count;
        }
        start.push(running);
        let mut postings = vec![0u32; running as usize];
        let mut fill = start.clone();
        let mut last = vec![u32::MAX; self.df.len()];
        for seq in 0..self.ids.len() {
            for &t in self.sequence(seq) {
                let t = t as usize;
                if last[t] != seq as u32 {
                    last[t] = seq as u32;
                    postings[fill[t] as usize] = seq as u32;
                    fill[t] += 1;
                }
            }
        }
        FullLists { start, postings }
    }

    fn prefix_postings_of(&self, token: u32) -> &[u32] {
        let t = token as usize;
        if t + 1 >= self.prefix_start.len() {
            return &[];
        }
        &self.prefix_postings[self.prefix_start[t] as usize..self.prefix_start[t + 1] as usize]
    }

    fn sequence(&self, i: usize) -> &[u32] {
        &self.tokens[self.seq_start[i] as usize..self.seq_start[i + 1] as usize]
    }

    /// How many postings a [`TokenIndex::search`] of `query` at `min` would
    /// read: the lengths of its signature's lists, known before reading
    /// them (a lookup weighs its thresholds with it).
    pub fn search_cost(&self, query: &[Option<u32>], min: u8) -> usize {
        let n = query.len();
        let min = min.clamp(1, 100);
        if n == 0 || self.ids.is_empty() || self.max_len < n - max_distance(n, min) {
            return 0;
        }
        let tau0 = n - max_distance(n, min);
        let use_prefix = min >= PREFIX_MIN;
        let need = if use_prefix {
            PREFIX_OVERLAP.min(tau0)
        } else {
            1
        };
        // The same order as `search_with` (unknown tokens first, at 0).
        let mut by_rarity: Vec<(usize, u32)> = query
            .iter()
            .map(|t| match t {
                Some(t) => (self.df.get(*t as usize).map_or(0, |&d| d as usize), *t),
                None => (0, u32::MAX),
            })
            .collect();
        by_rarity.sort_unstable();
        let mut prefix = by_rarity[..(n - tau0 + need).min(n)].to_vec();
        prefix.dedup_by_key(|&mut (_, t)| t);
        prefix
            .iter()
            .filter(|&&(df, _)| df > 0)
            .map(|&(df, t)| {
                if use_prefix {
                    self.prefix_postings_of(t).len()
                } else {
                    df
                }
            })
            .sum()
    }

    /// Every segment holding a phrase: at consecutive positions, a token of
    /// each of `allowed` in turn (a word's ids, several for a prefix).
    /// Returns each one's length and caller id, ascending by id, and how many
    /// distinct sequences were checked: those listed under the position
    /// whose tokens are rarest.
    pub fn phrase_sequences(&self, allowed: &[HashSet<u32>]) -> (Vec<(usize, i64)>, usize) {
        let Some(rarest) = allowed.iter().min_by_key(|ids| {
            ids.iter()
                .map(|&t| self.df.get(t as usize).map_or(0, |&d| d as usize))
                .sum::<usize>()
        }) else {
            return (Vec::new(), 0);
        };
        let mut listed: Vec<u32> = rarest
            .iter()
            .flat_map(|&t| self.postings_of(t).iter().copied())
            .collect();
        listed.sort_unstable();
        listed.dedup();
        let mut found: Vec<(usize, i64)> = Vec::new();
        for &seq in &listed {
            let tokens = self.sequence(seq as usize);
            let holds = tokens.len() >= allowed.len()
                && tokens
                    .windows(allowed.len())
                    .any(|w| w.iter().zip(allowed).all(|(t, ok)| ok.contains(t)));
            if holds {
                found.extend(self.ids_of(seq as usize).map(|id| (tokens.len(), id)));
            }
        }
        if !self.more_ids.is_empty() {
            found.sort_unstable_by_key(|&(_, id)| id);
        }
        (found, listed.len())
    }
}

#[path = "filter_search.rs"]
mod search;
pub use search::{Search, Verifier};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzzy::distance::{similarity, within};
    use proptest::prelude::*;

    fn build(seqs: &[Vec<u32>]) -> TokenIndex {
        let mut b = TokenIndexBuilder::default();
        for (i, s) in seqs.iter().enumerate() {
            b.sequence(i as i64 * 3 + 7, s);
            for &t in s {
                b.token(t, format!("t{t}"));
            }
        }
        b.build()
    }

    proptest! {
        #[test]
        fn filter_equals_brute_force(
            seqs in proptest::collection::vec(proptest::collection::vec(0u32..6, 0..9), 1..40),
            query in proptest::collection::vec(0u32..8, 0..9),
            min in 30u8..=100,
        ) {
            let index = build(&seqs);
            let q: Vec<Option<u32>> = query.iter().map(|&t| index.token_id(&format!("t{t}"))).collect();
            let (mut hits, _) = index.search(&q, min);
            hits.sort_by_key(|h| h.id);
            let mut expected = Vec::new();
            for (i, s) in seqs.iter().enumerate() {
                let longest = query.len().max(s.len());
                let d = within(&query, s, longest).unwrap();
                if !query.is_empty() && similarity(d, query.len(), s.len()) >= min {
                    expected.push(Hit { id: i as i64 * 3 + 7, distance: d, len: s.len() });
                }
            }
            prop_assert_eq!(hits, expected);
        }

        /// Phrase lookups through the posting lists find exactly the
        /// sequences a scan finds, several ids allowed at a position (a
        /// prefix) and ids the index lacks included.
        #[test]
        fn phrase_sequences_equal_a_scan(
            seqs in proptest::collection::vec(proptest::collection::vec(0u32..6, 0..9), 1..40),
            allowed in proptest::collection::vec(proptest::collection::hash_set(0u32..8, 1..3), 1..4),
        ) {
            let index = build(&seqs);
            let (mut found, _) = index.phrase_sequences(&allowed);
            found.sort_by_key(|&(_, id)| id);
            let expected: Vec<(usize, i64)> = seqs
                .iter()
                .enumerate()
                .filter(|(_, s)| {
                    s.len() >= allowed.len()
                        && s.windows(allowed.len()).any(|w| w.iter().zip(&allowed).all(|(t, ok)| ok.contains(t)))
                })
                .map(|(i, s)| (s.len(), i as i64 * 3 + 7))
                .collect();
            prop_assert_eq!(found, expected);
        }

        /// The prefix lists (θ ≥ 50, two shared occurrences) give exactly the
        /// hits of the full lists and of a scan, on skewed vocabularies (a few
        /// very frequent tokens, as function words are), long sequences with
        /// repeated tokens, and query tokens the index lacks.
        #[test]
        fn prefix_lists_equal_full_lists_and_brute_force_at_low_thresholds(
            seqs in proptest::collection::vec(
                proptest::collection::vec(prop_oneof![5 => 0u32..3, 3 => 3u32..10, 1 => 10u32..30], 0..22),
                1..60,
            ),
            query in proptest::collection::vec(prop_oneof![5 => 0u32..3, 3 => 3u32..10, 1 => 10u32..34], 0..22),
            min in 50u8..=80,
        ) {
            let index = build(&seqs);
            let q: Vec<Option<u32>> = query.iter().map(|&t| index.token_id(&format!("t{t}"))).collect();
            let (mut by_prefix, prefix_stats) = index.search_with(&q, min, true);
            let (mut by_full, full_stats) = index.search_with(&q, min, false);
            by_prefix.sort_by_key(|h| h.id);
            by_full.sort_by_key(|h| h.id);
            let mut expected = Vec::new();
            for (i, s) in seqs.iter().enumerate() {
                let d = within(&query, s, query.len().max(s.len())).unwrap();
                if !query.is_empty() && similarity(d, query.len(), s.len()) >= min {
                    expected.push(Hit { id: i as i64 * 3 + 7, distance: d, len: s.len() });
                }
            }
            prop_assert_eq!(&by_prefix, &expected);
            prop_assert_eq!(&by_full, &expected);
            prop_assert!(prefix_stats.candidates <= full_stats.candidates);
        }
    }

    proptest! {
        /// A search continued at falling thresholds returns, over its
        /// calls, exactly the hits of a search at the last threshold, each
        /// once: across the prefix lists' stages, down into the full lists
        /// (a fresh start), and with another search of the index between
        /// two calls (which also starts it afresh).
        #[test]
        fn a_continued_search_equals_a_search_at_each_threshold(
            seqs in proptest::collection::vec(
                proptest::collection::vec(prop_oneof![4 => 0u32..3, 3 => 3u32..10, 1 => 10u32..30], 0..16),
                1..60,
            ),
            query in proptest::collection::vec(prop_oneof![4 => 0u32..3, 3 => 3u32..10, 1 => 10u32..34], 0..16),
            mut thresholds in proptest::collection::vec(30u8..=100, 1..5),
            interrupt in proptest::option::of(0usize..4),
        ) {
            // Twice each sequence, so shared sequences are in it too, and
            // near-copies of the query one to four tokens apart, whose
            // similarities fall between the thresholds.
            let mut doubled: Vec<Vec<u32>> = seqs.iter().chain(&seqs).cloned().collect();
            for edits in 1..=4usize {
                for at in 0..query.len() {
                    let mut copy = query.clone();
                    for e in 0..edits.min(copy.len() - at) {
                        copy[at + e] = 40 + e as u32;
                    }
                    doubled.push(copy);
                }
            }
            let index = build(&doubled);
            // The expected hits come from another index: a search of
            // `index` itself between two calls starts the search afresh.
            let reference = build(&doubled);
            let q: Vec<Option<u32>> = query.iter().map(|&t| index.token_id(&format!("t{t}"))).collect();
            thresholds.sort_unstable_by(|a, b| b.cmp(a));
            let mut search = index.start_search(&q, true);
            let mut so_far: Vec<Hit> = Vec::new();
            for (i, &min) in thresholds.iter().enumerate() {
                if interrupt == Some(i) {
                    let _ = index.search(&q, 100);
                }
                let (more, _) = index.search_more(&mut search, min);
                so_far.extend(more);
                so_far.sort_by_key(|h| h.id);
                let (mut expected, _) = reference.search(&q, min);
                expected.sort_by_key(|h| h.id);
                prop_assert_eq!(&so_far, &expected, "at {}", min);
            }
        }
    }

    /// The builder gives the same arrays whatever order the sequences come
    /// in (a repeated id: the first one counts), and the full lists it
    /// derives hold every sequence with the token, once, ascending.
    #[test]
    fn builder_is_independent_of_input_order() {
        let seqs: Vec<(i64, Vec<u32>)> = (0..300)
            .map(|i| {
                (
                    i * 2 + 1,
                    vec![(i % 7) as u32, (i % 11 + 7) as u32, (i % 3) as u32],
                )
            })
            .collect();
        let mut ordered = TokenIndexBuilder::default();
        for (id, s) in &seqs {
            ordered.sequence(*id, s);
        }
        let ordered = ordered.build();
        let mut shuffled = TokenIndexBuilder::default();
        let mut order: Vec<usize> = (0..seqs.len()).map(|i| (i * 37) % seqs.len()).collect();
        order.insert(10, 5);
        for &i in &order {
            shuffled.sequence(seqs[i].0, &seqs[i].1);
        }
        shuffled.sequence(seqs[5].0, &[1, 2, 3]); // a later copy of an id is ignored
        let shuffled = shuffled.build();
        assert_eq!(ordered.ids, shuffled.ids);
        assert_eq!(ordered.seq_start, shuffled.seq_start);
        assert_eq!(ordered.tokens, shuffled.tokens);
        assert_eq!(ordered.df, shuffled.df);
        assert_eq!(ordered.prefix_postings, shuffled.prefix_postings);
        // The sequences repeat every 231 ids: the lists hold the first 231.
        assert_eq!((shuffled.len(), shuffled.distinct_sequences()), (300, 231));
        let expected: Vec<u32> = (0..231u32).filter(|i| i % 7 == 0 || i % 3 == 0).collect();
        assert_eq!(shuffled.postings_of(0), expected);
        assert_eq!(ordered.df[0] as usize, expected.len());
    }

    /// Segments with one token sequence are kept once and verified once,
    /// and a hit on it names every one of them; sequences that only start
    /// alike stay apart.
    #[test]
    fn identical_sequences_are_verified_once_and_hit_together() {
        let mut b = TokenIndexBuilder::default();
        for t in 0..8 {
            b.token(t, format!("t{t}"));
        }
        b.sequence(40, &[1, 2, 3, 4]);
        b.sequence(10, &[1, 2, 3, 4]);
        b.sequence(20, &[1, 2, 3]);
        b.sequence(30, &[1, 2, 3, 4]);
        b.sequence(50, &[5, 6, 7]);
        b.sequence(60, &[1, 2, 3]);
        let index = b.build();
        assert_eq!(index.len(), 6);
        assert_eq!(index.distinct_sequences(), 3);
        assert_eq!(index.ids, [10, 20, 50]);
        assert_eq!(index.more_ids, [(0, 30), (0, 40), (1, 60)]);
        let q: Vec<Option<u32>> = [1, 2, 3, 4].iter().map(|&t| Some(t)).collect();
        let (mut hits, stats) = index.search(&q, 70);
        hits.sort_by_key(|h| h.id);
        let hit = |id, distance, len| Hit { id, distance, len };
        assert_eq!(
            hits,
            [
                hit(10, 0, 4),
                hit(20, 1, 3),
                hit(30, 0, 4),
                hit(40, 0, 4),
                hit(60, 1, 3)
            ]
        );
        assert_eq!((stats.verified, stats.hits), (2, 5));
        let allowed: Vec<HashSet<u32>> = [2, 3].iter().map(|&t| HashSet::from([t])).collect();
        let (found, checked) = index.phrase_sequences(&allowed);
        assert_eq!(found, [(4, 10), (3, 20), (4, 30), (4, 40), (3, 60)]);
        assert_eq!(checked, 2);
    }

    #[test]
    fn a_candidate_met_twice_through_one_repeated_token_is_found() {
        // The two rarest shared occurrences are the same token twice: the
        // count must take the repetition, not the distinct token, or this
        // sequence (similarity 50) would be lost.
        let index = build(&[vec![9, 9, 0, 1], vec![0, 1, 2, 3], vec![0, 1, 2, 4]]);
        let q: Vec<Option<u32>> = [9, 9, 5, 6]
            .iter()
            .map(|&t| index.token_id(&format!("t{t}")))
            .collect();
        let (hits, stats) = index.search_with(&q, 50, true);
        assert_eq!(
            hits,
            [Hit {
                id: 7,
                distance: 2,
                len: 4
            }]
        );
        assert_eq!(stats.candidates, 1);
    }

    #[test]
    fn an_index_is_searched_from_several_threads_at_once() {
        fn shareable<T: Send + Sync>() {}
        shareable::<TokenIndex>();
        let seqs: Vec<Vec<u32>> = (0..3000u32)
            .map(|i| (0..8).map(|k| (i * 7 + k * k) % 53).collect())
            .collect();
        let index = build(&seqs);
        let queries: Vec<Vec<Option<u32>>> = seqs
            .iter()
            .step_by(37)
            .map(|s| {
                s.iter()
                    .map(|&t| index.token_id(&format!("t{t}")))
                    .collect()
            })
            .collect();
        // Staged searches (70, then 60, then 50), as a lookup runs them.
        let staged = |q: &[Option<u32>]| {
            let mut search = index.start_search(q, true);
            let mut hits = Vec::new();
            for min in [70, 60, 50] {
                hits.extend(index.search_more(&mut search, min).0);
            }
            hits.sort_by_key(|h| h.id);
            hits
        };
        let alone: Vec<Vec<Hit>> = queries.iter().map(|q| staged(q)).collect();
        assert!(alone.iter().any(|h| h.len() > 1));
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| queries.iter().map(|q| staged(q)).collect::<Vec<_>>()))
                .collect();
            for worker in workers {
                assert_eq!(worker.join().unwrap(), alone);
            }
        });
        // Two searches interleaved on one thread: each continues or starts
        // afresh, and finds what it finds alone.
        let (mut a, mut b) = (
            index.start_search(&queries[1], true),
            index.start_search(&queries[2], true),
        );
        let (mut hits_a, mut hits_b) = (Vec::new(), Vec::new());
        for min in [70, 60, 50] {
            hits_a.extend(index.search_more(&mut a, min).0);
            hits_b.extend(index.search_more(&mut b, min).0);
        }
        hits_a.sort_by_key(|h| h.id);
        hits_b.sort_by_key(|h| h.id);
        assert_eq!((hits_a, hits_b), (alone[1].clone(), alone[2].clone()));
    }
}
