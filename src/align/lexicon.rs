//! A translation lexicon learned from the aligner's own confident beads.
//!
//! Numbers, names and cognates tie only some sentences together; most
//! sentence pairs of a news article share none, and a cut sentence next to
//! a merge is then placed by lengths alone. Across a batch of article pairs,
//! though, the confident 1-1 beads of a first pass are a parallel corpus of
//! their own: a word stem that keeps turning up in a bead whose other side
//! has a given stem (`войн` ↔ `war`, `Regierung` ↔ `government`) is a
//! translation pair. [`LexiconCounts`] gathers co-occurrence counts of word
//! stems over those beads (the counts of several threads merge), and
//! [`LexiconCounts::build`] keeps the pairs with a strong association (Dice
//! coefficient, each stem's best partners only). The second pass of the
//! aligner ([`crate::align::Aligner::align_with`]) then rewards a bead whose
//! two sides hold a pair of the lexicon as it rewards a shared name.
//!
//! Learning is unsupervised: it uses the input texts only, so it works on
//! any language pair and on documents never seen before.
//!
//! ```
//! use tmkit::align::lexicon::{LexiconCounts, stems};
//! use tmkit::align::{Aligner, Sentence};
//! use tmkit::lang::LangTag;
//!
//! // Confident beads of a first pass (here given directly).
//! let beads = [
//!     ("Война продолжается.", "The war goes on."),
//!     ("Война закончилась.", "The war is over."),
//!     ("Город спит.", "The city sleeps."),
//!     ("Мир близок.", "The peace is near."),
//! ];
//! let mut counts = LexiconCounts::default();
//! for (ru, en) in beads {
//!     counts.add_pair(stems(ru), stems(en));
//! }
//! let lexicon = counts.build();
//! assert!(lexicon.contains("война", "war"));
//! assert!(!lexicon.contains("город", "city"), "seen once only");
//!
//! // The second pass.
//! let aligner = Aligner::new(&LangTag::parse("ru"), &LangTag::parse("en"));
//! let ru = Sentence::from_texts(&["Война идёт.", "Город спит."]);
//! let en = Sentence::from_texts(&["The war goes on.", "The city sleeps."]);
//! let alignment = aligner.align_with(&ru, &en, Some(&lexicon));
//! assert_eq!(alignment.beads.len(), 2);
//! ```

use super::{Alignment, Sentence};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Characters of a lower-case word a stem keeps (enough to tell most words
/// apart, few enough that `правительство`/`правительства` and
/// `government`/`governments` meet; 5 did better than 6 or 7 on the tuning
/// split).
const STEM_CHARS: usize = 5;
/// Words shorter than this are left out (particles, articles, prepositions).
const MIN_WORD_CHARS: usize = 3;
/// Beads under this confidence are not learned from.
pub const MIN_BEAD_CONFIDENCE: f64 = 0.95;
/// A pair must co-occur in at least this many beads.
const MIN_PAIR_COUNT: u32 = 2;
/// Dice coefficient a pair needs to enter the lexicon.
const MIN_DICE: f64 = 0.3;
/// A stem found in more than this share of the beads says little (the,
/// und, что) and is left out.
const MAX_STEM_SHARE: f64 = 0.2;
/// Partners kept per stem, best first.
const PARTNERS: usize = 1;

/// The stem keys of the words of a segment, each once, sorted.
pub fn stems(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut letters = 0;
    let flush = |word: &mut String, letters: &mut usize, out: &mut Vec<u64>| {
        if *letters >= MIN_WORD_CHARS {
            out.push(stem_key(word));
        }
        word.clear();
        *letters = 0;
    };
    for c in text.chars() {
        if c.is_alphabetic() {
            if letters < STEM_CHARS {
                word.extend(c.to_lowercase());
            }
            letters += 1;
        } else {
            flush(&mut word, &mut letters, &mut out);
        }
    }
    flush(&mut word, &mut letters, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

fn stem_key(stem: &str) -> u64 {
    // SipHash with fixed keys: the same stem gives the same key in every run
    // and on every thread, so the lexicon does not depend on scheduling.
    #[allow(deprecated)]
    let mut hasher = std::hash::SipHasher::new_with_keys(0x6c65_7869_636f_6e00, 0x7374_656d);
    stem.hash(&mut hasher);
    hasher.finish()
}

/// Co-occurrence counts of word stems over the confident one-to-one beads
/// of some document pairs.
#[derive(Debug, Default, Clone)]
pub struct LexiconCounts {
    beads: u32,
    source: HashMap<u64, u32>,
    target: HashMap<u64, u32>,
    /// Stem lists of each learned bead, counted into pairs in [`Self::build`]
    /// once the frequencies are known (rare and common stems are skipped
    /// there, which keeps the pair table small).
    bead_stems: Vec<(Vec<u64>, Vec<u64>)>,
}

impl LexiconCounts {
    /// Adds the confident one-to-one beads of one aligned document pair
    /// (none when the pair was refused).
    pub fn add<S: AsRef<str>, T: AsRef<str>>(
        &mut self,
        source: &[S],
        target: &[T],
        alignment: &Alignment,
    ) {
        if alignment.refusal.is_some() {
            return;
        }
        for bead in &alignment.beads {
            if bead.shape() != (1, 1) || bead.confidence < MIN_BEAD_CONFIDENCE {
                continue;
            }
            let (Some(s), Some(t)) = (source.get(bead.source.start), target.get(bead.target.start))
            else {
                continue;
            };
            self.add_pair(stems(s.as_ref()), stems(t.as_ref()));
        }
    }

    /// Adds one sentence pair given as stem lists (from [`stems`]).
    pub fn add_pair(&mut self, source: Vec<u64>, target: Vec<u64>) {
        self.beads += 1;
        for &k in &source {
            *self.source.entry(k).or_default() += 1;
        }
        for &k in &target {
            *self.target.entry(k).or_default() += 1;
        }
        self.bead_stems.push((source, target));
    }

    /// Adds the counts of another set (e.g. from another thread).
    pub fn merge(&mut self, other: LexiconCounts) {
        self.beads += other.beads;
        for (k, n) in other.source {
            *self.source.entry(k).or_default() += n;
        }
        for (k, n) in other.target {
            *self.target.entry(k).or_default() += n;
        }
        self.bead_stems.extend(other.bead_stems);
    }

    /// Number of beads learned from.
    pub fn beads(&self) -> u32 {
        self.beads
    }

    /// The lexicon: stem pairs seen together in at least two beads, with a
    /// Dice coefficient of at least 0.3, among the two best partners of
    /// both their stems.
    pub fn build(self) -> Lexicon {
        let max = (f64::from(self.beads) * MAX_STEM_SHARE).max(f64::from(MIN_PAIR_COUNT));
        let useful =
            |n: Option<&u32>| n.is_some_and(|&n| n >= MIN_PAIR_COUNT && f64::from(n) <= max);
        let mut pairs: HashMap<(u64, u64), u32> = HashMap::new();
        let (mut s_keep, mut t_keep) = (Vec::new(), Vec::new());
        for (s, t) in &self.bead_stems {
            s_keep.clear();
            t_keep.clear();
            s_keep.extend(s.iter().copied().filter(|k| useful(self.source.get(k))));
            t_keep.extend(t.iter().copied().filter(|k| useful(self.target.get(k))));
            for &a in &s_keep {
                for &b in &t_keep {
                    *pairs.entry((a, b)).or_default() += 1;
                }
            }
        }
        let mut scored: Vec<(f64, u64, u64, u32)> = pairs
            .into_iter()
            .filter(|&(_, n)| n >= MIN_PAIR_COUNT)
            .filter_map(|((a, b), n)| {
                let (na, nb) = (self.source[&a], self.target[&b]);
                let dice = 2.0 * f64::from(n) / f64::from(na + nb);
                (dice >= MIN_DICE).then_some((dice, a, b, n))
            })
            .collect();
        // Best first, ties by key, so the result does not depend on hash order.
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        let (mut taken_s, mut taken_t): (HashMap<u64, usize>, HashMap<u64, usize>) =
            Default::default();
        let mut lexicon = Lexicon::default();
        let beads = f64::from(self.beads.max(1));
        // The chance that a bead's other side holds the partner if the bead
        // is a translation (q) and if it is not (r).
        let evidence = |together: u32, this: u32, partner: u32| -> (f64, f64) {
            let q = f64::from(together) / (f64::from(this) + 1.0);
            let r = (f64::from(partner) / beads).min(0.5);
            (q, r)
        };
        for (_, a, b, n) in scored {
            let ns = taken_s.entry(a).or_default();
            let nt = taken_t.entry(b).or_default();
            if *ns >= PARTNERS || *nt >= PARTNERS {
                continue;
            }
            *ns += 1;
            *nt += 1;
            let key = pair_key(a, b);
            let (na, nb) = (self.source[&a], self.target[&b]);
            let (p, q) = evidence(n, na, nb);
            lexicon.source.entry(a).or_default().push((key, p, q));
            let (p, q) = evidence(n, nb, na);
            lexicon.target.entry(b).or_default().push((key, p, q));
            lexicon.pairs += 1;
        }
        lexicon
    }
}

fn pair_key(a: u64, b: u64) -> u64 {
    a.rotate_left(23) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Stem pairs learned from a batch; see the [module](self) docs.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    /// Per stem: (pair key, chance that a translation holds the partner,
    /// chance that any segment does).
    source: HashMap<u64, Vec<(u64, f64, f64)>>,
    target: HashMap<u64, Vec<(u64, f64, f64)>>,
    pairs: usize,
}

impl Lexicon {
    /// Number of stem pairs.
    pub fn len(&self) -> usize {
        self.pairs
    }

    /// True when nothing was learned.
    pub fn is_empty(&self) -> bool {
        self.pairs == 0
    }

    /// True when the stems of the two words form a pair.
    pub fn contains(&self, source_word: &str, target_word: &str) -> bool {
        let (Some(&a), Some(&b)) = (stems(source_word).first(), stems(target_word).first()) else {
            return false;
        };
        let key = pair_key(a, b);
        self.source
            .get(&a)
            .is_some_and(|v| v.iter().any(|&(k, _, _)| k == key))
    }

    /// The pair keys of a segment's stems, on the source or the target side
    /// (a source and a target segment holding the two stems of one pair get
    /// the same key), each with the chance that a translation of the
    /// segment holds the partner and the chance that any segment does.
    pub fn keys(&self, stems: &[u64], source_side: bool, out: &mut Vec<(u64, f64, f64)>) {
        let map = if source_side {
            &self.source
        } else {
            &self.target
        };
        for stem in stems {
            if let Some(pairs) = map.get(stem) {
                out.extend_from_slice(pairs);
            }
        }
    }
}

/// Lexicon pairs per segment of the source and of the target side.
pub(super) type Lexical = (Vec<Vec<LexicalItem>>, Vec<Vec<LexicalItem>>);

/// A lexicon pair of a segment with its log-likelihood ratios of a
/// translation when a bead's other side (1, 2 or 3 segments) has the
/// partner and when it has not, computed once per document.
#[derive(Clone, Copy, Debug)]
pub(super) struct LexicalItem {
    pub(super) key: u64,
    present: [f64; 3],
    absent: [f64; 3],
}

impl LexicalItem {
    /// From the chance `q` that a translation holds the partner and `r`
    /// that one unrelated segment does; `k` unrelated segments hold it
    /// with chance 1-(1-r)^k, so a bigger bead collects no chance matches.
    fn new(key: u64, q: f64, r: f64) -> LexicalItem {
        let mut item = LexicalItem {
            key,
            present: [0.0; 3],
            absent: [0.0; 3],
        };
        for k in 0..3 {
            let chance = 1.0 - (1.0 - r).powi(k as i32 + 1);
            item.present[k] = (q / chance).ln().max(0.0);
            item.absent[k] = ((1.0 - q) / (1.0 - chance)).ln().min(0.0);
        }
        item
    }

    pub(super) fn ratio(&self, found: bool, other_side: usize) -> f64 {
        let k = other_side.clamp(1, 3) - 1;
        if found {
            self.present[k]
        } else {
            self.absent[k]
        }
    }
}

/// Lexicon pairs of each segment of both sides (none without a lexicon).
pub(super) fn lexical_items(
    source: &[Sentence],
    target: &[Sentence],
    lexicon: Option<&Lexicon>,
) -> Lexical {
    let Some(lexicon) = lexicon.filter(|l| !l.is_empty()) else {
        return (Vec::new(), Vec::new());
    };
    let side = |sentences: &[Sentence], source_side: bool| -> Vec<Vec<LexicalItem>> {
        let mut keys = Vec::new();
        sentences
            .iter()
            .map(|s| {
                keys.clear();
                lexicon.keys(&stems(&s.text), source_side, &mut keys);
                let mut items: Vec<LexicalItem> = keys
                    .iter()
                    .map(|&(key, q, r)| LexicalItem::new(key, q, r))
                    .collect();
                items.sort_by_key(|x| x.key);
                items.dedup_by_key(|x| x.key);
                items
            })
            .collect()
    };
    (side(source, true), side(target, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_lower_case_prefixes_of_longer_words() {
        assert_eq!(
            stems("Правительство и правительства"),
            {
                let mut v = vec![stem_key("прави")];
                v.sort_unstable();
                v
            }
        );
        assert_eq!(stems("Governments govern"), {
            let mut v = vec![stem_key("gover")];
            v.sort_unstable();
            v
        });
        assert!(stems("a b в и").is_empty());
    }

    #[test]
    fn pairs_need_repeated_co_occurrence_and_exclusive_partners() {
        let mut counts = LexiconCounts::default();
        let s = |t: &str| stems(t);
        // "война" ↔ "war" three times; "город" ↔ "city" once; filler words
        // spread so that no single one explains everything.
        counts.add_pair(s("война началась"), s("the war began"));
        counts.add_pair(s("война кончилась"), s("the war ended"));
        counts.add_pair(s("война идёт"), s("the war goes"));
        counts.add_pair(s("город спит"), s("the city sleeps"));
        for k in 0..20 {
            counts.add_pair(s(&format!("слово{k} другое")), s(&format!("word{k} other")));
        }
        assert_eq!(counts.beads(), 24);
        let lexicon = counts.build();
        assert!(lexicon.contains("война", "war"));
        assert!(!lexicon.contains("город", "city"), "seen once");
        assert!(!lexicon.contains("война", "began"), "weak association");
    }

    #[test]
    fn merged_counts_equal_counts_of_the_union() {
        let pairs = [
            ("война началась", "war began"),
            ("война кончилась", "war ended"),
        ];
        let mut one = LexiconCounts::default();
        let (mut a, mut b) = (LexiconCounts::default(), LexiconCounts::default());
        for (k, (s, t)) in pairs.iter().enumerate() {
            one.add_pair(stems(s), stems(t));
            let part = if k == 0 { &mut a } else { &mut b };
            part.add_pair(stems(s), stems(t));
        }
        a.merge(b);
        let (x, y) = (one.build(), a.build());
        assert_eq!(x.len(), y.len());
        assert!(y.contains("война", "war"));
    }
}
