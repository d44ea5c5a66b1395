//! Leverage analysis: how much of a document the memories already cover.
//!
//! Segments are taken top to bottom, as a translator would work through them
//! (Trados's "internal fuzzy match leverage"):
//! 1. the best memory match, with the segment's neighbours as context, decides
//!    *context match* (101) and *100%*;
//! 2. otherwise a segment equal (up to case and spacing) to an earlier one is a
//!    *repetition* — counted once at its first occurrence, then free;
//! 3. otherwise the memory's band (95–99, 85–94, 75–84, 50–74, no match),
//!    unless an earlier segment of the same document is a better fuzzy match:
//!    then it is an *internal fuzzy* in that band.
//!
//! Words are word tokens ([`crate::fuzzy::tokenize`]), the count the match
//! score uses; characters are those of the segment text.

use crate::fuzzy::Context;
use crate::fuzzy::distance::{max_distance, similarity, within};
use crate::fuzzy::tokenize::{Tokens, tokenize};
use crate::fuzzy::{Query, score::PenaltyWeights};
use crate::lang::LangTag;
use crate::memory::{MemoryError, MemorySource, map_lookups, suggest_many};
use serde::Serialize;
use std::collections::HashMap;

/// A leverage band.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Band {
    /// 101%: exact, with the same previous and next segments.
    Context,
    /// 100%: exact.
    Exact,
    /// A repeat of an earlier segment of the document.
    Repetition,
    /// 95–99%.
    Fuzzy95,
    /// 85–94%.
    Fuzzy85,
    /// 75–84%.
    Fuzzy75,
    /// 50–74%.
    Fuzzy50,
    /// Below 50%.
    NoMatch,
}

impl Band {
    /// Every band, in report order.
    pub const ALL: [Band; 8] = [
        Band::Context,
        Band::Exact,
        Band::Repetition,
        Band::Fuzzy95,
        Band::Fuzzy85,
        Band::Fuzzy75,
        Band::Fuzzy50,
        Band::NoMatch,
    ];

    /// The band's label in reports.
    pub fn label(self) -> &'static str {
        match self {
            Band::Context => "context 101%",
            Band::Exact => "100%",
            Band::Repetition => "repetitions",
            Band::Fuzzy95 => "95-99%",
            Band::Fuzzy85 => "85-94%",
            Band::Fuzzy75 => "75-84%",
            Band::Fuzzy50 => "50-74%",
            Band::NoMatch => "no match",
        }
    }

    /// The band of a match score.
    pub fn of_score(score: u8) -> Band {
        match score {
            101.. => Band::Context,
            100 => Band::Exact,
            95..=99 => Band::Fuzzy95,
            85..=94 => Band::Fuzzy85,
            75..=84 => Band::Fuzzy75,
            50..=74 => Band::Fuzzy50,
            _ => Band::NoMatch,
        }
    }
}

/// Segments, words and characters in one band.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BandCount {
    /// The band.
    pub band: Band,
    /// Its label.
    pub label: &'static str,
    /// Segments.
    pub segments: u64,
    /// Words.
    pub words: u64,
    /// Characters.
    pub characters: u64,
}

/// What the analysis decided for one segment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SegmentLeverage {
    /// 0-based position in the document.
    pub index: usize,
    /// The segment text.
    pub text: String,
    /// Words in it.
    pub words: u64,
    /// Its band.
    pub band: Band,
    /// True when the band comes from an earlier segment of the document (internal fuzzy).
    pub internal: bool,
    /// Best memory score (0 when none ≥ 50).
    pub memory_score: u8,
    /// Best score against earlier segments of the document (0 when none ≥ 50).
    pub internal_score: u8,
    /// For a repetition, the index of the first occurrence.
    pub repeats: Option<usize>,
}

/// The leverage report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Segments in the document.
    pub segments: u64,
    /// Words in the document.
    pub words: u64,
    /// Characters in the document's segments.
    pub characters: u64,
    /// Memory leverage per band (internal fuzzies excluded), every band listed.
    pub bands: Vec<BandCount>,
    /// Internal fuzzies per band (95–99 … 50–74).
    pub internal_fuzzies: Vec<BandCount>,
    /// Per-segment decisions, in document order.
    pub details: Vec<SegmentLeverage>,
}

/// An index of the segments seen so far in the document (internal fuzzies).
/// Words are interned as `u32` ids so that verification compares integers,
/// not strings (string comparison was a sixth of the analysis time).
#[derive(Default)]
struct Seen {
    vocab: HashMap<String, u32>,
    /// Per word id: the segments containing it, ascending.
    postings: Vec<Vec<u32>>,
    segments: Vec<Vec<u32>>,
    /// Per segment: the last query that looked at it (dedup without a set).
    marks: Vec<u32>,
    generation: u32,
}

impl Seen {
    fn add(&mut self, tokens: &Tokens) {
        let id = self.segments.len() as u32;
        let mut words = Vec::with_capacity(tokens.words.len());
        for t in &tokens.words {
            let next = self.vocab.len() as u32;
            let word = *self.vocab.entry(t.norm.clone()).or_insert(next);
            if word == next {
                self.postings.push(Vec::new());
            }
            words.push(word);
        }
        let mut distinct = words.clone();
        distinct.sort_unstable();
        distinct.dedup();
        for w in distinct {
            self.postings[w as usize].push(id);
        }
        self.segments.push(words);
        self.marks.push(0);
    }

    /// Best word similarity (≥ min) of `tokens` to a segment seen so far.
    /// Same prefix-filter argument as [`crate::fuzzy::filter`]: a segment
    /// scoring ≥ min shares one of the n − τ₀ + 1 rarest words.
    fn best(&mut self, tokens: &Tokens, min: u8) -> u8 {
        let n = tokens.words.len();
        if n == 0 {
            return 0;
        }
        // Words never seen get ids past the vocabulary: they match nothing.
        let unknown = self.vocab.len() as u32;
        let query: Vec<u32> = tokens
            .words
            .iter()
            .enumerate()
            .map(|(i, t)| {
                self.vocab
                    .get(t.norm.as_str())
                    .copied()
                    .unwrap_or(unknown + i as u32)
            })
            .collect();
        let tau0 = n - max_distance(n, min);
        let df = |w: u32| self.postings.get(w as usize).map_or(0, Vec::len);
        let mut by_rarity: Vec<(usize, u32)> = query.iter().map(|&w| (df(w), w)).collect();
        by_rarity.sort_unstable();
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.marks.iter_mut().for_each(|m| *m = 0);
            self.generation = 1;
        }
        let mut best = 0u8;
        for &(_, word) in by_rarity.iter().take(n - tau0 + 1) {
            let Some(list) = self.postings.get(word as usize) else {
                continue;
            };
            for &id in list {
                let mark = &mut self.marks[id as usize];
                if *mark == self.generation {
                    continue;
                }
                *mark = self.generation;
                let other = &self.segments[id as usize];
                let longest = n.max(other.len());
                let floor = min.max(best.saturating_add(1)).min(100);
                let k = max_distance(longest, floor);
                if let Some(d) = within(&query, other, k) {
                    best = best.max(similarity(d, n, other.len()));
                }
            }
        }
        best
    }
}

/// Options of [`analyze`].
#[derive(Clone, Debug)]
pub struct AnalyzeOptions {
    /// Source language of the document.
    pub source: LangTag,
    /// Target language.
    pub target: LangTag,
    /// Penalty weights for the memory lookups.
    pub weights: PenaltyWeights,
}

/// The best memory score of each segment, looked up on all cores.
///
/// Band floors from the top: a high threshold makes the candidate filter
/// cheap, and the first floor with a match gives the best score (the same as
/// one search at 50, which would read far more postings). Context can only
/// turn an exact 100 into 101, so a score below 100 does not depend on the
/// neighbours: a repeated text is looked up again only when its first
/// occurrence scored 100 or more.
fn memory_scores(
    segments: &[String],
    memories: &[MemorySource],
    options: &AnalyzeOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<u8>, MemoryError> {
    let score_of = |memories: &[MemorySource], &index: &usize| -> Result<u8, MemoryError> {
        let mut query = Query::new(
            &segments[index],
            options.source.normalized(),
            options.target.normalized(),
        );
        query.source = options.source.clone();
        query.target = options.target.clone();
        query.max_results = 1;
        query.weights = options.weights;
        query.context = Some(Context {
            previous: index.checked_sub(1).map(|i| segments[i].clone()),
            next: segments.get(index + 1).cloned(),
        });
        for floor in [100, 95, 85, 75, 50] {
            query.min_score = floor;
            if let Some(best) = suggest_many(memories, &query)?.first() {
                return Ok(best.score);
            }
        }
        Ok(0)
    };
    let source = options.source.original();
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    let firsts: Vec<usize> = (0..segments.len())
        .filter(|&i| *first_of.entry(segments[i].as_str()).or_insert(i) == i)
        .collect();
    let mut scores: Vec<Option<u8>> = vec![None; segments.len()];
    let found = map_lookups(memories, &firsts, &[source], progress, score_of)?;
    for (&index, score) in firsts.iter().zip(found) {
        scores[index] = Some(score);
    }
    // Each segment's first occurrence's score.
    let first_scores: Vec<u8> = segments
        .iter()
        .map(|text| scores[first_of[text.as_str()]].unwrap_or(0))
        .collect();
    let again: Vec<usize> = (0..segments.len())
        .filter(|&i| scores[i].is_none() && first_scores[i] >= 100)
        .collect();
    let found = map_lookups(memories, &again, &[source], &mut |_| {}, score_of)?;
    for (&index, score) in again.iter().zip(found) {
        scores[index] = Some(score);
    }
    Ok((0..segments.len())
        .map(|i| scores[i].unwrap_or(first_scores[i]))
        .collect())
}

/// Analyses a document's segments (in order) against memories. `progress` is
/// called with the number of segments done.
pub fn analyze(
    segments: &[String],
    memories: &[MemorySource],
    options: &AnalyzeOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<Report, MemoryError> {
    let mut bands: HashMap<Band, BandCount> = HashMap::new();
    let mut internal: HashMap<Band, BandCount> = HashMap::new();
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    let mut seen = Seen::default();
    let memory_scores = memory_scores(segments, memories, options, progress)?;
    let mut details = Vec::with_capacity(segments.len());
    let (mut total_words, mut total_chars) = (0u64, 0u64);
    for (index, text) in segments.iter().enumerate() {
        let tokens = tokenize(text);
        let words = tokens.words.len() as u64;
        let characters = text.chars().count() as u64;
        total_words += words;
        total_chars += characters;
        let memory_score = memory_scores[index];
        let key = crate::text::lookup_key(text);
        let earlier = first_seen.get(&key).copied();
        let mut internal_score = 0;
        let mut is_internal = false;
        let band = if memory_score >= 100 {
            Band::of_score(memory_score)
        } else if earlier.is_some() {
            Band::Repetition
        } else {
            internal_score = seen.best(&tokens, 50);
            if internal_score > memory_score {
                is_internal = true;
                Band::of_score(internal_score.min(99))
            } else {
                Band::of_score(memory_score)
            }
        };
        if earlier.is_none() {
            first_seen.insert(key, index);
            seen.add(&tokens);
        }
        let table = if is_internal {
            &mut internal
        } else {
            &mut bands
        };
        let row = table.entry(band).or_insert_with(|| BandCount {
            band,
            label: band.label(),
            segments: 0,
            words: 0,
            characters: 0,
        });
        row.segments += 1;
        row.words += words;
        row.characters += characters;
        details.push(SegmentLeverage {
            index,
            text: text.clone(),
            words,
            band,
            internal: is_internal,
            memory_score,
            internal_score,
            repeats: earlier,
        });
    }
    progress(segments.len());
    let rows = |table: &HashMap<Band, BandCount>, which: &[Band]| {
        which
            .iter()
            .map(|&band| {
                table.get(&band).cloned().unwrap_or(BandCount {
                    band,
                    label: band.label(),
                    segments: 0,
                    words: 0,
                    characters: 0,
                })
            })
            .collect::<Vec<_>>()
    };
    Ok(Report {
        segments: segments.len() as u64,
        words: total_words,
        characters: total_chars,
        bands: rows(&bands, &Band::ALL),
        internal_fuzzies: rows(
            &internal,
            &[Band::Fuzzy95, Band::Fuzzy85, Band::Fuzzy75, Band::Fuzzy50],
        ),
        details,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::Memory;
    use crate::unit::TranslationUnit;

    #[test]
    fn bands_repetitions_and_internal_fuzzies() {
        let mut memory = Memory::open_in_memory().unwrap();
        for (en, ru) in [
            ("The talks resumed.", "Переговоры возобновились."),
            ("Nobody was hurt.", "Никто не пострадал."),
            (
                "Ten people were hurt in the blast on Monday.",
                "Десять человек пострадали.",
            ),
        ] {
            memory
                .add(&TranslationUnit::pair("en", en, "ru", ru))
                .unwrap();
        }
        let segments: Vec<String> = [
            "The talks resumed.", // context: next is the memory's next
            "Nobody was hurt.",   // 100 (context differs)
            "Eleven people were hurt in the blast on Monday.", // 88 from memory
            "The mayor spoke to reporters in the city centre.", // no match
            "The mayor spoke to reporters in the city square.", // internal fuzzy 88
            "The mayor spoke to reporters in the city centre.", // repetition
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let report = analyze(
            &segments,
            &[MemorySource {
                memory: &memory,
                name: "m".into(),
                penalty: 0,
            }],
            &AnalyzeOptions {
                source: LangTag::parse("en"),
                target: LangTag::parse("ru"),
                weights: PenaltyWeights::default(),
            },
            &mut |_| {},
        )
        .unwrap();
        let bands: Vec<Band> = report.details.iter().map(|d| d.band).collect();
        assert_eq!(
            bands,
            [
                Band::Context,
                Band::Exact,
                Band::Fuzzy85,
                Band::NoMatch,
                Band::Fuzzy85,
                Band::Repetition
            ]
        );
        assert!(report.details[4].internal);
        assert_eq!(report.details[5].repeats, Some(3));
        assert_eq!(report.internal_fuzzies[1].segments, 1);
        assert_eq!(report.bands.iter().map(|b| b.segments).sum::<u64>(), 5);
        assert_eq!(report.words, 3 + 3 + 9 + 9 + 9 + 9);
    }
}
