//! Building a [`TokenIndex`] from the vocabulary and the token sequences:
//! identical sequences kept once, document frequencies, and the prefix
//! lists (see the parent module). This runs at every whole read of an index
//! (ten million segments at the start of a process), so each step is
//! written for few passes over memory.

use super::{PREFIX_MIN, PREFIX_OVERLAP, ScratchPool, TokenIndex};
use crate::fuzzy::distance::max_distance;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The occurrences of a sequence's tokens in the global order both sides of
/// the prefix filter use — (document frequency, token id), a token repeated
/// staying adjacent — cut to the prefix for θ = [`PREFIX_MIN`] and
/// [`PREFIX_OVERLAP`] shared occurrences: the first `k(L) + c` of them.
/// `rank[t]` is token `t`'s place in that order and `by_rank` its inverse,
/// so the sort is one of plain integers.
fn sequence_prefix(seq: &[u32], rank: &[u32], by_rank: &[u32], out: &mut Vec<u32>) {
    out.clear();
    out.extend(seq.iter().map(|&t| rank[t as usize]));
    out.sort_unstable();
    out.truncate(max_distance(seq.len(), PREFIX_MIN) + PREFIX_OVERLAP);
    out.iter_mut().for_each(|r| *r = by_rank[*r as usize]);
}

/// Builds a [`TokenIndex`] from the vocabulary and the token sequences.
#[derive(Clone, Default)]
pub struct TokenIndexBuilder {
    vocab: HashMap<String, u32>,
    /// Sequences, flat: caller ids, token ids, and where each one ends.
    seq_ids: Vec<i64>,
    seq_tokens: Vec<u32>,
    seq_ends: Vec<u32>,
}

impl TokenIndexBuilder {
    /// Declares a token of the vocabulary.
    pub fn token(&mut self, id: u32, text: String) {
        self.vocab.insert(text, id);
    }

    /// Adds a segment: its caller id and token ids (of a repeated id, the
    /// first one added counts).
    pub fn sequence(&mut self, id: i64, tokens: &[u32]) {
        self.seq_ids.push(id);
        self.seq_tokens.extend_from_slice(tokens);
        self.seq_ends.push(self.seq_tokens.len() as u32);
    }

    /// Adds a segment whose token ids `fill` appends (a decoder writing
    /// straight into the builder, without a list per segment). Returns the
    /// ids added, for checking; when `fill` fails, nothing is added.
    pub fn sequence_with<E>(
        &mut self,
        id: i64,
        fill: impl FnOnce(&mut Vec<u32>) -> Result<(), E>,
    ) -> Result<&[u32], E> {
        let start = self.seq_tokens.len();
        if let Err(e) = fill(&mut self.seq_tokens) {
            self.seq_tokens.truncate(start);
            return Err(e);
        }
        self.seq_ids.push(id);
        self.seq_ends.push(self.seq_tokens.len() as u32);
        Ok(&self.seq_tokens[start..])
    }

    /// Drops the last segment added (one a caller found damaged after
    /// [`TokenIndexBuilder::sequence_with`]).
    pub fn pop_sequence(&mut self) {
        if self.seq_ids.pop().is_some() {
            self.seq_ends.pop();
            self.seq_tokens
                .truncate(self.seq_ends.last().map_or(0, |&end| end as usize));
        }
    }

    /// Sorts the sequences by id (they usually come sorted) and drops
    /// repeated ids, keeping the first.
    fn sort(&mut self) {
        if self.seq_ids.windows(2).all(|w| w[0] < w[1]) {
            return;
        }
        let mut order: Vec<usize> = (0..self.seq_ids.len()).collect();
        order.sort_by_key(|&i| self.seq_ids[i]); // stable: the first of equal ids first
        order.dedup_by_key(|&mut i| self.seq_ids[i]);
        let (mut ids, mut tokens, mut ends) = (
            Vec::with_capacity(order.len()),
            Vec::with_capacity(self.seq_tokens.len()),
            Vec::with_capacity(order.len()),
        );
        for i in order {
            let start = if i == 0 {
                0
            } else {
                self.seq_ends[i - 1] as usize
            };
            ids.push(self.seq_ids[i]);
            tokens.extend_from_slice(&self.seq_tokens[start..self.seq_ends[i] as usize]);
            ends.push(tokens.len() as u32);
        }
        (self.seq_ids, self.seq_tokens, self.seq_ends) = (ids, tokens, ends);
    }

    /// Packs everything into arrays.
    pub fn build(mut self) -> TokenIndex {
        self.sort();
        let (ids, more_ids, seq_start, tokens) = distinct_sequences(
            std::mem::take(&mut self.seq_ids),
            std::mem::take(&mut self.seq_tokens),
            std::mem::take(&mut self.seq_ends),
        );
        let max_token = self
            .vocab
            .values()
            .copied()
            .chain(tokens.iter().copied())
            .max()
            .map_or(0, |m| m as usize + 1);
        let df = document_frequencies(&seq_start, &tokens, max_token);
        let n = ids.len();
        let (prefix_start, prefix_postings) = prefix_lists(&seq_start, &tokens, &df);
        let max_len = seq_start
            .windows(2)
            .map(|w| (w[1] - w[0]) as usize)
            .max()
            .unwrap_or(0);
        TokenIndex {
            max_len,
            more_ids,
            prefix_start,
            prefix_postings,
            vocab: self.vocab,
            df,
            full: OnceLock::new(),
            seq_start,
            tokens,
            ids,
            scratch: ScratchPool::new(n),
        }
    }
}

/// The prefix index (see the module comment): `prefix_start` and
/// `prefix_postings` of a [`TokenIndex`], from its distinct sequences and
/// document frequencies. Counted, then filled, so the lists come out
/// ascending without a sort and without a temporary list of pairs (about
/// 11 million at a million segments).
///
/// The counting pass chooses each sequence's prefix and keeps it as a bit
/// mask of positions (8 bytes a sequence; sequences longer than 64 tokens,
/// rare, are chosen again), so the filling pass only reads the marked
/// tokens: choosing a prefix (a selection over the sequence's ranks) was
/// done twice before and was a quarter of the index load. The counting pass
/// runs on the rayon pool, one part per thread, when there are many
/// sequences.
fn prefix_lists(seq_start: &[u32], tokens: &[u32], df: &[u32]) -> (Vec<u32>, Vec<u32>) {
    use rayon::prelude::*;
    let max_token = df.len();
    let mut by_rank: Vec<u32> = (0..max_token as u32).collect();
    by_rank.sort_unstable_by_key(|&t| (df[t as usize], t));
    let mut rank = vec![0u32; max_token];
    for (r, &t) in by_rank.iter().enumerate() {
        rank[t as usize] = r as u32;
    }
    let n = seq_start.len().saturating_sub(1);
    let mut masks = vec![0u64; n];
    let count_part = |first: usize, masks: &mut [u64], counts: &mut Vec<u32>| {
        let mut keys: Vec<u64> = Vec::new();
        let mut scratch = Vec::new();
        for (i, mask) in masks.iter_mut().enumerate() {
            let seq = &tokens[seq_start[first + i] as usize..seq_start[first + i + 1] as usize];
            if seq.len() > 64 {
                sequence_prefix(seq, &rank, &by_rank, &mut scratch);
                scratch.iter().for_each(|&t| counts[t as usize] += 1);
                continue;
            }
            let m = (max_distance(seq.len(), PREFIX_MIN) + PREFIX_OVERLAP).min(seq.len());
            *mask = prefix_mask(seq, m, &rank, &mut keys);
            let mut bits = *mask;
            while bits != 0 {
                counts[seq[bits.trailing_zeros() as usize] as usize] += 1;
                bits &= bits - 1;
            }
        }
    };
    // One part per thread of the pool, each with its own counts: token ids
    // are the memory's (all languages), so a count array can be large, and
    // their number must not follow the number of sequences.
    const PART: usize = 1 << 16;
    let per = n.div_ceil(rayon::current_num_threads().max(1)).max(PART);
    let prefix_counts = if n <= per {
        let mut counts = vec![0u32; max_token];
        count_part(0, &mut masks, &mut counts);
        counts
    } else {
        let parts: Vec<Vec<u32>> = masks
            .par_chunks_mut(per)
            .enumerate()
            .map(|(part, masks)| {
                let mut counts = vec![0u32; max_token];
                count_part(part * per, masks, &mut counts);
                counts
            })
            .collect();
        let mut parts = parts.into_iter();
        let mut counts = parts.next().unwrap_or_default();
        for part in parts {
            counts.iter_mut().zip(&part).for_each(|(x, y)| *x += y);
        }
        counts
    };
    let mut prefix_start = Vec::with_capacity(max_token + 1);
    let mut running = 0u32;
    for count in &prefix_counts {
        prefix_start.push(running);
        running += count;
    }
    prefix_start.push(running);
    let mut prefix_postings = vec![0u32; running as usize];
    let mut fill = prefix_start.clone();
    let mut put = |t: u32, seq: usize| {
        prefix_postings[fill[t as usize] as usize] = seq as u32;
        fill[t as usize] += 1;
    };
    let mut scratch = Vec::new();
    for (seq, (w, &mask)) in seq_start.windows(2).zip(&masks).enumerate() {
        let tokens = &tokens[w[0] as usize..w[1] as usize];
        if tokens.len() > 64 {
            sequence_prefix(tokens, &rank, &by_rank, &mut scratch);
            scratch.iter().for_each(|&t| put(t, seq));
            continue;
        }
        let mut bits = mask;
        while bits != 0 {
            put(tokens[bits.trailing_zeros() as usize], seq);
            bits &= bits - 1;
        }
    }
    (prefix_start, prefix_postings)
}

/// The positions of `seq` (at most 64 tokens) whose tokens are its `m`
/// first occurrences in the global order ([`sequence_prefix`] gives the same
/// tokens): a selection, not a sort, since their order does not matter.
fn prefix_mask(seq: &[u32], m: usize, rank: &[u32], keys: &mut Vec<u64>) -> u64 {
    if m >= seq.len() {
        return if seq.len() == 64 {
            u64::MAX
        } else {
            (1u64 << seq.len()) - 1
        };
    }
    keys.clear();
    keys.extend(
        seq.iter()
            .enumerate()
            .map(|(i, &t)| (u64::from(rank[t as usize]) << 6) | i as u64),
    );
    if m > 0 {
        keys.select_nth_unstable(m - 1);
    }
    keys[..m]
        .iter()
        .fold(0u64, |mask, &k| mask | (1 << (k & 63)))
}

/// Sequences as distinct sequences, for [`TokenIndex`]: the lowest id of
/// each, the further ids `(sequence, id)`, and the CSR arrays of their
/// tokens. `ids` must be ascending; `ends[i]` is where sequence `i` ends in
/// `tokens`. The distinct sequences are moved forward within `tokens` and
/// `ids` (what is kept never lies after what is read), and duplicates are
/// found through an open-addressing table of sequence numbers, each with 24
/// bits of its hash (8 bytes a slot, freed on return), so the build needs
/// little more memory than the sequences themselves. The hash bits decide
/// almost every probe without reading the sequence a slot names: at ten
/// million segments the table and the sequences are far larger than the
/// caches, and comparing with every occupied slot met (three on average at
/// this load) was a quarter of the index load.
#[allow(clippy::type_complexity)]
fn distinct_sequences(
    mut ids: Vec<i64>,
    mut tokens: Vec<u32>,
    ends: Vec<u32>,
) -> (Vec<i64>, Vec<(u32, i64)>, Vec<u32>, Vec<u32>) {
    const EMPTY: u64 = u64::MAX; // a tag has 24 bits: no slot is all ones
    let hash = |seq: &[u32]| {
        seq.iter()
            .fold(seq.len() as u64 ^ 0x9E37_79B9_7F4A_7C15, |h, &t| {
                (h.rotate_left(5) ^ u64::from(t)).wrapping_mul(0x517C_C1B7_2722_0A95)
            })
    };
    let slots = (ids.len() + ids.len() / 2 + 1).next_power_of_two();
    let mask = slots - 1;
    let mut table = vec![EMPTY; slots];
    let mut more = Vec::new();
    let mut starts = Vec::with_capacity(ids.len() + 1);
    starts.push(0u32);
    let (mut kept, mut write, mut read) = (0usize, 0usize, 0usize);
    // Sequences are hashed a batch at a time and their slots read before
    // any is probed: the batch's cache misses then overlap instead of
    // coming one after another (the probe was half of this function at
    // ten million segments).
    const BATCH: usize = 16;
    let mut hashes = [0u64; BATCH];
    for i in 0..ids.len() {
        if i % BATCH == 0 {
            let (mut start, mut touched) = (read, 0u64);
            for (j, h) in hashes.iter_mut().enumerate().take(ids.len() - i) {
                let end = ends[i + j] as usize;
                *h = hash(&tokens[start..end]);
                touched ^= table[(*h >> 7) as usize & mask];
                start = end;
            }
            std::hint::black_box(touched);
        }
        let end = ends[i] as usize;
        let h = hashes[i % BATCH];
        // The slot takes bits 7 up, the tag bits 40 up: apart below 2^33 slots.
        let mut slot = (h >> 7) as usize & mask;
        let tag = (h >> 40) << 32;
        loop {
            let entry = table[slot];
            if entry == EMPTY {
                table[slot] = tag | kept as u64;
                tokens.copy_within(read..end, write);
                write += end - read;
                ids[kept] = ids[i];
                kept += 1;
                starts.push(write as u32);
                break;
            }
            let d = (entry & u64::from(u32::MAX)) as usize;
            if entry & !u64::from(u32::MAX) == tag
                && tokens[starts[d] as usize..starts[d + 1] as usize] == tokens[read..end]
            {
                more.push((d as u32, ids[i]));
                break;
            }
            slot = (slot + 1) & mask;
        }
        read = end;
    }
    drop(table);
    drop(ends);
    more.sort_unstable();
    ids.truncate(kept);
    tokens.truncate(write);
    ids.shrink_to_fit();
    tokens.shrink_to_fit();
    (ids, more, starts, tokens)
}

/// How many sequences hold each token id (`max_token` ids).
fn document_frequencies(seq_start: &[u32], tokens: &[u32], max_token: usize) -> Vec<u32> {
    use rayon::prelude::*;
    // Counts of the sequences `first..` of `seq_start`'s windows.
    let count = |first: usize, starts: &[u32]| {
        let mut df = vec![0u32; max_token];
        let mut last = vec![u32::MAX; max_token];
        for (i, w) in starts.windows(2).enumerate() {
            let seq = (first + i) as u32;
            for &t in &tokens[w[0] as usize..w[1] as usize] {
                let t = t as usize;
                if last[t] != seq {
                    last[t] = seq;
                    df[t] += 1;
                }
            }
        }
        df
    };
    // One part per thread of the pool when there are many sequences (each
    // part's counts are as large as the vocabulary, so not more parts).
    const PART: usize = 1 << 16;
    let n = seq_start.len().saturating_sub(1);
    let per = n.div_ceil(rayon::current_num_threads().max(1)).max(PART);
    if n <= per {
        return count(0, seq_start);
    }
    let parts: Vec<Vec<u32>> = (0..n.div_ceil(per))
        .into_par_iter()
        .map(|part| {
            let first = part * per;
            let last = (first + per).min(n);
            count(first, &seq_start[first..=last])
        })
        .collect();
    let mut parts = parts.into_iter();
    let mut df = parts.next().unwrap_or_default();
    for part in parts {
        df.iter_mut().zip(&part).for_each(|(x, y)| *x += y);
    }
    df
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The prefix lists as the index built them before the position masks:
    /// each sequence's prefix chosen by sorting its ranks, in two passes.
    fn prefix_lists_by_sorting(seq_start: &[u32], tokens: &[u32], df: &[u32]) -> Vec<Vec<u32>> {
        let mut by_rank: Vec<u32> = (0..df.len() as u32).collect();
        by_rank.sort_unstable_by_key(|&t| (df[t as usize], t));
        let mut rank = vec![0u32; df.len()];
        for (r, &t) in by_rank.iter().enumerate() {
            rank[t as usize] = r as u32;
        }
        let mut lists = vec![Vec::new(); df.len()];
        let mut scratch = Vec::new();
        for (seq, w) in seq_start.windows(2).enumerate() {
            sequence_prefix(
                &tokens[w[0] as usize..w[1] as usize],
                &rank,
                &by_rank,
                &mut scratch,
            );
            for &t in &scratch {
                lists[t as usize].push(seq as u32);
            }
        }
        lists
    }

    proptest! {
        /// The prefix lists from position masks (one selection a sequence)
        /// are those of sorting
        /// each sequence's ranks: short and long sequences (over 64 tokens
        /// a mask cannot hold them), repeated tokens, ties in frequency.
        #[test]
        fn prefix_lists_equal_those_of_sorting(
            seqs in proptest::collection::vec(
                proptest::collection::vec(prop_oneof![5 => 0u32..4, 3 => 4u32..12, 1 => 12u32..40], 0..80),
                0..50,
            ),
        ) {
            let mut seq_start = vec![0u32];
            let mut tokens = Vec::new();
            for s in &seqs {
                tokens.extend_from_slice(s);
                seq_start.push(tokens.len() as u32);
            }
            let df = document_frequencies(&seq_start, &tokens, 40);
            let (start, postings) = prefix_lists(&seq_start, &tokens, &df);
            let expected = prefix_lists_by_sorting(&seq_start, &tokens, &df);
            prop_assert_eq!(start.len(), df.len() + 1);
            for (t, list) in expected.iter().enumerate() {
                prop_assert_eq!(&postings[start[t] as usize..start[t + 1] as usize], &list[..]);
            }
        }
    }

    #[test]
    fn prefix_lists_of_many_sequences_equal_those_of_sorting() {
        // Enough sequences for the counting pass to run in parts on the pool.
        let mut seq_start = vec![0u32];
        let mut tokens = Vec::new();
        let mut x = 12_345u64;
        for i in 0..200_000u32 {
            let len = [0, 3, 9, 17, 40, 64, 65, 90][(i % 8) as usize];
            for _ in 0..len {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let r = (x >> 33) as u32;
                tokens.push(if r % 3 == 0 { r % 7 } else { r % 5_000 });
            }
            seq_start.push(tokens.len() as u32);
        }
        let df = document_frequencies(&seq_start, &tokens, 5_000);
        // Three threads: the counting pass in three parts of 66,667.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let (start, postings) = pool.install(|| prefix_lists(&seq_start, &tokens, &df));
        let expected = prefix_lists_by_sorting(&seq_start, &tokens, &df);
        for (t, list) in expected.iter().enumerate() {
            assert_eq!(
                &postings[start[t] as usize..start[t + 1] as usize],
                &list[..],
                "token {t}"
            );
        }
    }

    #[test]
    fn document_frequencies_in_parts_count_each_sequence_once() {
        // Enough sequences for a part per thread; tokens repeat inside a
        // sequence and across the parts' border.
        let n = 200_000usize;
        let mut seq_start = vec![0u32];
        let mut tokens = Vec::new();
        for i in 0..n {
            for k in 0..(i % 7) {
                tokens.push(((i * 13 + k * k) % 997) as u32);
                tokens.push((i % 5) as u32);
            }
            seq_start.push(tokens.len() as u32);
        }
        let mut expected = vec![0u32; 1000];
        for w in seq_start.windows(2) {
            let distinct: std::collections::BTreeSet<u32> = tokens[w[0] as usize..w[1] as usize]
                .iter()
                .copied()
                .collect();
            distinct.iter().for_each(|&t| expected[t as usize] += 1);
        }
        assert_eq!(document_frequencies(&seq_start, &tokens, 1000), expected);
    }
}
