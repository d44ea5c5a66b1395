//! Sentence alignment of a text and its translation.
//!
//! [`Aligner::align`] takes the segments of both sides and returns
//! [`Bead`]s — runs of source segments paired with runs of target segments,
//! of shapes 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 3-1 and 1-3 — each with a
//! confidence in `[0, 1]`.
//!
//! The score of a ladder of beads is a Gale–Church length model (the
//! character-length ratio and its variance are estimated from the document
//! pair itself: a first pass with prior values, then the 1-1 beads it finds)
//! plus rewards for shared [`anchors`] (numbers, dates, names through
//! transliteration, links, glossary terms, marks), weighted by rarity, plus
//! paragraph agreement. A banded dynamic programme finds the best ladder; a
//! forward–backward pass over the same band gives each bead its posterior
//! probability, which is tempered by how well its lengths and anchors fit
//! into the confidence. A pair whose mean confidence is very low, or whose
//! two sides are the same text, is refused instead of aligned.
//!
//! ```
//! use tmkit::align::{Aligner, Sentence};
//! use tmkit::lang::LangTag;
//!
//! let ru = ["Михаил Кухтин прибыл в Донецк 3 марта.", "Встреча длилась два часа.", "Итоги не объявлены."];
//! let en = ["Mikhail Kukhtin arrived in Donetsk on 3 March.", "The meeting lasted two hours. No results were announced."];
//! let aligner = Aligner::new(&LangTag::parse("ru"), &LangTag::parse("en"));
//! let alignment = aligner.align(&Sentence::from_texts(&ru), &Sentence::from_texts(&en));
//! let shapes: Vec<String> = alignment.beads.iter().map(|b| b.shape_label()).collect();
//! assert_eq!(shapes, ["1-1", "2-1"]);
//! ```

pub mod anchors;
pub mod dp;
pub mod lexicon;

use crate::lang::LangTag;
use anchors::{Anchor, AnchorFinder, TermAnchors};
use dp::{Band, CostTable, SHAPES, Step, Sums};
use lexicon::{Lexical, LexicalItem, Lexicon, lexical_items};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;

/// A segment to align, with the paragraph it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// The text.
    pub text: String,
    /// Index of its paragraph (consecutive segments with the same index form one).
    pub paragraph: usize,
}

impl Sentence {
    /// Segments that all belong to one paragraph.
    pub fn from_texts<S: AsRef<str>>(texts: &[S]) -> Vec<Sentence> {
        texts
            .iter()
            .map(|t| Sentence {
                text: t.as_ref().to_string(),
                paragraph: 0,
            })
            .collect()
    }
}

impl AsRef<str> for Sentence {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

/// Source segments `source` paired with target segments `target` (either may be empty).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bead {
    /// Indices of the source segments.
    pub source: Range<usize>,
    /// Indices of the target segments.
    pub target: Range<usize>,
    /// How sure the aligner is of this bead, in `[0, 1]`.
    pub confidence: f64,
}

impl Bead {
    /// `(source segments, target segments)`.
    pub fn shape(&self) -> (usize, usize) {
        (self.source.len(), self.target.len())
    }

    /// The shape as `"2-1"`.
    pub fn shape_label(&self) -> String {
        format!("{}-{}", self.source.len(), self.target.len())
    }

    /// True when both sides have segments (the bead can become a unit).
    pub fn is_pair(&self) -> bool {
        !self.source.is_empty() && !self.target.is_empty()
    }
}

/// Why a document pair was not aligned.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Refusal {
    /// One side has no segments.
    Empty {
        /// `source` or `target`.
        side: &'static str,
    },
    /// Most segments are the same on both sides: not a translation.
    SameText {
        /// Share of paired segments identical to their counterpart.
        identical: f64,
    },
    /// The best alignment is too unsure: the texts do not look like translations of each other.
    NotATranslation {
        /// Mean confidence of the beads.
        mean_confidence: f64,
        /// The threshold it fell under.
        threshold: f64,
    },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Empty { side } => write!(f, "the {side} text has no segments"),
            Refusal::SameText { identical } => write!(
                f,
                "{:.0}% of the segments are the same on both sides: the target is not a translation of the source",
                identical * 100.0
            ),
            Refusal::NotATranslation {
                mean_confidence,
                threshold,
            } => write!(
                f,
                "the texts do not look like translations of each other (mean confidence {mean_confidence:.2} < {threshold:.2})"
            ),
        }
    }
}

/// The result of aligning one document pair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alignment {
    /// The beads, in order, covering every segment of both sides once
    /// (empty when the pair was refused).
    pub beads: Vec<Bead>,
    /// Mean confidence of the beads (0 when there are none).
    pub mean_confidence: f64,
    /// Estimated target/source character-length ratio.
    pub length_ratio: f64,
    /// Estimated variance of the length model (per source character).
    pub length_variance: f64,
    /// Why the pair was not aligned, when it was not.
    pub refusal: Option<Refusal>,
}

/// The mean confidence under which a document pair is refused by default.
/// On the NTREX evaluation (BENCHMARKS.md) it refuses none of 1,488 true
/// article pairs (clean or perturbed, every mode) and 231 of 248 pairs of an
/// article with the translation of another.
pub const DEFAULT_REFUSE_BELOW: f64 = 0.4;

/// Aligns document pairs in one language pair.
#[derive(Debug)]
pub struct Aligner {
    source_lang: LangTag,
    target_lang: LangTag,
    terms: Option<TermAnchors>,
    refuse_below: f64,
}

/// Prior shape weights, in the order of [`SHAPES`] (relative, not
/// normalised: 1-1 is scored against the others); re-estimated per
/// document. Set on the tuning split of the NTREX evaluation.
const SHAPE_PRIOR: [f64; 8] = [0.89, 0.0375, 0.0375, 0.07, 0.07, 0.005, 0.005, 0.005];

/// Weight of the prior against a document's own shape counts.
const SHAPE_PRIOR_WEIGHT: f64 = 30.0;
/// Gale and Church's variance of the length difference per character.
const VARIANCE_PRIOR: f64 = 6.8;
/// Weight (in beads) of the variance prior against the document's estimate.
const VARIANCE_PRIOR_WEIGHT: f64 = 10.0;
/// Cost of a bead that runs across a paragraph boundary on one side.
const PARAGRAPH_SPLIT_COST: f64 = 4.0;
/// Cost of a bead boundary that is a paragraph boundary on one side only.
const PARAGRAPH_MISMATCH_COST: f64 = 1.5;
/// Cost of a number or link on one side of a paired bead only.
const STRICT_MISS_COST: f64 = 1.5;
/// Cost of a name, month or term on one side of a paired bead that the
/// other side of the document has elsewhere.
const MISPLACED_COST: f64 = 1.0;
/// Share of beads (among those with anchors on both sides) expected to share
/// one in a translation; fewer lower every bead's confidence.
const EXPECTED_EVIDENCE: f64 = 0.25;
/// Weight of the lexical evidence of a learned lexicon (a sum of
/// log-likelihood ratios over the words of a bead, which treats them as
/// independent and so overstates it). Set on the tuning split of the NTREX
/// evaluation: 0.1–0.3 all help, 0.6 hurts.
const LEXICON_SCALE: f64 = 0.2;
/// Initial half-width of the band.
const BAND_WIDTH: usize = 24;

/// A document side prepared for the programme.
#[derive(Debug)]
struct Side {
    /// Prefix sums of character lengths.
    cumulative: Vec<f64>,
    /// Anchors also present on the other side, with their weights.
    shared: Vec<Vec<(u64, f64)>>,
    /// Keys of strict anchors (numbers, links) per segment.
    strict: Vec<Vec<u64>>,
    /// Keys of anchors other than marks and single digits per segment.
    strong: Vec<Vec<u64>>,
    /// Keys of names, months and terms per segment that the other side of
    /// the document also has somewhere: one missing from a paired bead's
    /// other side suggests the pairing is wrong.
    placed: Vec<Vec<u64>>,
    paragraph: Vec<usize>,
}

impl Side {
    fn len(&self) -> usize {
        self.paragraph.len()
    }
    fn length(&self, range: Range<usize>) -> f64 {
        self.cumulative[range.end] - self.cumulative[range.start]
    }
    fn paragraph_break_before(&self, i: usize) -> bool {
        i > 0 && i < self.len() && self.paragraph[i - 1] != self.paragraph[i]
    }
    fn spans_paragraphs(&self, range: Range<usize>) -> bool {
        range.len() > 1 && self.paragraph[range.start] != self.paragraph[range.end - 1]
    }
}

/// What the first pass over a document pair leaves for a second pass with a
/// lexicon ([`Aligner::first_pass`], [`Aligner::second_pass`]): both sides'
/// anchors, weighted by their document frequencies.
#[derive(Debug)]
pub struct FirstPass {
    source: Side,
    target: Side,
}

/// The length and shape model of one pass.
#[derive(Clone, Debug)]
struct Model {
    ratio: f64,
    variance: f64,
    shape_cost: [f64; 8],
}

/// ln erfc(x) for x ≥ 0 (Numerical Recipes' Chebyshev fit, relative error
/// < 1.2e-7), in log form so that large deviations do not underflow.
fn ln_erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    t.ln() + poly
}

struct Scorer<'a> {
    source: &'a Side,
    target: &'a Side,
    /// Lexicon pairs per segment of each side (empty without a lexicon):
    /// key, log-likelihood ratio of a translation when the bead's other
    /// side has the partner, when not.
    lexical_s: &'a [Vec<LexicalItem>],
    lexical_t: &'a [Vec<LexicalItem>],
    /// Whether paragraph boundaries are evidence (both sides have comparable paragraphs).
    paragraphs: bool,
    buf_s: Vec<(u64, f64)>,
    buf_t: Vec<(u64, f64)>,
}

impl<'a> Scorer<'a> {
    fn new(
        source: &'a Side,
        target: &'a Side,
        lexical: &'a Lexical,
        paragraphs: bool,
    ) -> Scorer<'a> {
        Scorer {
            source,
            target,
            lexical_s: &lexical.0,
            lexical_t: &lexical.1,
            paragraphs,
            buf_s: Vec::new(),
            buf_t: Vec::new(),
        }
    }

    /// Standardised length difference of a bead.
    fn delta(&self, model: &Model, s: Range<usize>, t: Range<usize>) -> f64 {
        let ls = self.source.length(s);
        let lt = self.target.length(t);
        let c = model.ratio;
        let mean = (ls + lt / c) / 2.0;
        (lt - c * ls) / (model.variance * c * mean + 1.0).sqrt()
    }

    /// Total weight of anchors the two sides share (multiset intersection).
    fn gain(&mut self, s: Range<usize>, t: Range<usize>) -> f64 {
        self.buf_s.clear();
        self.buf_t.clear();
        for i in s {
            self.buf_s.extend_from_slice(&self.source.shared[i]);
        }
        if self.buf_s.is_empty() {
            return 0.0;
        }
        for j in t {
            self.buf_t.extend_from_slice(&self.target.shared[j]);
        }
        if self.buf_t.is_empty() {
            return 0.0;
        }
        self.buf_s.sort_unstable_by_key(|x| x.0);
        self.buf_t.sort_unstable_by_key(|x| x.0);
        let (mut a, mut b, mut gain) = (0, 0, 0.0);
        while a < self.buf_s.len() && b < self.buf_t.len() {
            match self.buf_s[a].0.cmp(&self.buf_t[b].0) {
                std::cmp::Ordering::Less => a += 1,
                std::cmp::Ordering::Greater => b += 1,
                std::cmp::Ordering::Equal => {
                    gain += self.buf_s[a].1;
                    a += 1;
                    b += 1;
                }
            }
        }
        gain
    }

    /// The part of a bead's cost under a length model: the shape's prior
    /// and the Gale–Church length term.
    fn length_cost(&self, model: &Model, i: usize, j: usize, shape: usize) -> f64 {
        let (a, b) = SHAPES[shape];
        let mut cost = model.shape_cost[shape];
        if a > 0 && b > 0 {
            let delta = self.delta(model, i..i + a, j..j + b);
            cost -= ln_erfc(delta.abs() / std::f64::consts::SQRT_2);
        }
        cost
    }

    /// The part of a bead's cost that no length model changes: shared
    /// anchors, numbers on one side only, paragraph boundaries. Computed
    /// once per document pair and band.
    fn evidence_cost(&mut self, i: usize, j: usize, shape: usize) -> f64 {
        let (a, b) = SHAPES[shape];
        let (s, t) = (i..i + a, j..j + b);
        let mut cost = 0.0;
        if a > 0 && b > 0 {
            cost -= self.gain(s.clone(), t.clone());
            // A number or link missing from the translation is unlikely; a
            // cut sentence (1-0) explains it better than a wrong pairing.
            // Numbers missing on both sides are more often a conversion
            // (300 kg / 650 pounds) than a wrong pairing: count mostly the
            // difference.
            let (us, ut) = self.unmatched_strict_sides(s.clone(), t.clone());
            let misses = us.abs_diff(ut) + us.min(ut) / 2;
            cost += STRICT_MISS_COST * misses.min(3) as f64;
            let misplaced = self.misplaced(s.clone(), t.clone());
            cost += MISPLACED_COST * misplaced.min(2) as f64;
            cost -= LEXICON_SCALE * self.lexical(s.clone(), t.clone());
        }
        if self.paragraphs {
            if self.source.spans_paragraphs(s.clone()) {
                cost += PARAGRAPH_SPLIT_COST;
            }
            if self.target.spans_paragraphs(t.clone()) {
                cost += PARAGRAPH_SPLIT_COST;
            }
            let (end_i, end_j) = (i + a, j + b);
            if end_i < self.source.len() && end_j < self.target.len() {
                let sb = self.source.paragraph_break_before(end_i);
                let tb = self.target.paragraph_break_before(end_j);
                if sb != tb {
                    cost += PARAGRAPH_MISMATCH_COST;
                }
            }
        }
        cost
    }

    /// How well a bead's lengths and anchors fit, in `[0, 1]`.
    fn fit(&mut self, model: &Model, s: Range<usize>, t: Range<usize>) -> f64 {
        if s.is_empty() || t.is_empty() {
            return 1.0;
        }
        let delta = self.delta(model, s.clone(), t.clone()).abs();
        let excess = (delta - 1.5).max(0.0);
        let length_fit = (-excess * excess / 2.0).exp();
        let gain = self.gain(s.clone(), t.clone());
        let mut fit = 1.0 - (1.0 - length_fit) * 0.3f64.powf(gain);
        // Numbers and links on one side only: a likely mismatch.
        let unmatched = self.unmatched_strict(s, t);
        fit *= 0.75f64.powi(unmatched.min(4) as i32);
        fit.clamp(0.0, 1.0)
    }

    /// Names, months and terms of either side that the other side of the
    /// document has, but not in this bead.
    fn misplaced(&self, s: Range<usize>, t: Range<usize>) -> usize {
        let (src, tgt) = (&self.source.placed, &self.target.placed);
        let us = s
            .clone()
            .flat_map(|i| src[i].iter())
            .filter(|k| !t.clone().any(|j| tgt[j].contains(k)))
            .count();
        let ut = t
            .clone()
            .flat_map(|j| tgt[j].iter())
            .filter(|k| !s.clone().any(|i| src[i].contains(k)))
            .count();
        us + ut
    }

    /// Lexical evidence that the bead's sides translate each other: the sum,
    /// over the lexicon pairs of both sides, of the log-likelihood ratio of
    /// the partner being (or not being) on the other side.
    fn lexical(&self, s: Range<usize>, t: Range<usize>) -> f64 {
        let (src, tgt) = (self.lexical_s, self.lexical_t);
        if src.is_empty() {
            return 0.0;
        }
        let has = |side: &[Vec<LexicalItem>], range: Range<usize>, key: u64| {
            range
                .into_iter()
                .any(|j| side[j].binary_search_by_key(&key, |x| x.key).is_ok())
        };
        let mut score = 0.0;
        for i in s.clone() {
            for item in &src[i] {
                score += item.ratio(has(tgt, t.clone(), item.key), t.len());
            }
        }
        for j in t.clone() {
            for item in &tgt[j] {
                score += item.ratio(has(src, s.clone(), item.key), s.len());
            }
        }
        score / 2.0
    }

    /// Strict anchors (numbers, links) of either side the other side lacks.
    fn unmatched_strict(&self, s: Range<usize>, t: Range<usize>) -> usize {
        let (us, ut) = self.unmatched_strict_sides(s, t);
        us + ut
    }

    /// Strict anchors of the source the target lacks, and the other way round.
    fn unmatched_strict_sides(&self, s: Range<usize>, t: Range<usize>) -> (usize, usize) {
        let (src, tgt) = (&self.source.strict, &self.target.strict);
        if s.clone().all(|i| src[i].is_empty()) && t.clone().all(|j| tgt[j].is_empty()) {
            return (0, 0);
        }
        let in_t = |k: &u64| t.clone().any(|j| tgt[j].contains(k));
        let in_s = |k: &u64| s.clone().any(|i| src[i].contains(k));
        let us = s
            .clone()
            .flat_map(|i| src[i].iter())
            .filter(|k| !in_t(k))
            .count();
        let ut = t
            .clone()
            .flat_map(|j| tgt[j].iter())
            .filter(|k| !in_s(k))
            .count();
        (us, ut)
    }

    /// True when the bead's sides share an anchor other than a mark or digit.
    fn shares_evidence(&self, s: Range<usize>, t: Range<usize>) -> Option<bool> {
        let (src, tgt) = (&self.source.strong, &self.target.strong);
        let has_s = s.clone().any(|i| !src[i].is_empty());
        let has_t = t.clone().any(|j| !tgt[j].is_empty());
        if !has_s || !has_t {
            return None;
        }
        Some(
            s.flat_map(|i| src[i].iter())
                .any(|k| t.clone().any(|j| tgt[j].contains(k))),
        )
    }
}

fn costs_from(probabilities: &[f64; 8]) -> [f64; 8] {
    probabilities.map(|p| -p.max(1e-6).ln())
}

impl Aligner {
    /// An aligner for `source` → `target` text without glossary terms.
    pub fn new(source: &LangTag, target: &LangTag) -> Aligner {
        Aligner {
            source_lang: source.clone(),
            target_lang: target.clone(),
            terms: None,
            refuse_below: DEFAULT_REFUSE_BELOW,
        }
    }

    /// Uses glossary terms as anchors.
    pub fn with_terms(mut self, terms: TermAnchors) -> Aligner {
        self.terms = Some(terms);
        self
    }

    /// Refuses document pairs whose mean bead confidence is under `threshold`
    /// (default [`DEFAULT_REFUSE_BELOW`]; 0 never refuses for that reason).
    pub fn refuse_below(mut self, threshold: f64) -> Aligner {
        self.refuse_below = threshold;
        self
    }

    /// Aligns the segments of a text with the segments of its translation.
    pub fn align(&self, source: &[Sentence], target: &[Sentence]) -> Alignment {
        self.align_with(source, target, None)
    }

    /// [`Aligner::align`] with a translation lexicon learned from a first
    /// pass over a batch ([`lexicon::LexiconCounts`]): a bead whose sides
    /// hold the two words of a pair is rewarded like one sharing a name.
    pub fn align_with(
        &self,
        source: &[Sentence],
        target: &[Sentence],
        lexicon: Option<&Lexicon>,
    ) -> Alignment {
        if let Some(refused) = refuse_empty(source, target) {
            return refused;
        }
        let (src, tgt) = self.prepare(source, target);
        let lexical = lexical_items(source, target, lexicon);
        self.run(source, target, &src, &tgt, &lexical)
    }

    /// The first pass over a document pair of a batch: [`Aligner::align`],
    /// plus what a [`Aligner::second_pass`] with the batch's lexicon can
    /// reuse (the anchors of both sides; `None` for a pair with an empty
    /// side).
    pub fn first_pass(
        &self,
        source: &[Sentence],
        target: &[Sentence],
    ) -> (Alignment, Option<FirstPass>) {
        if let Some(refused) = refuse_empty(source, target) {
            return (refused, None);
        }
        let (src, tgt) = self.prepare(source, target);
        let alignment = self.run(source, target, &src, &tgt, &(Vec::new(), Vec::new()));
        let first = FirstPass {
            source: src,
            target: tgt,
        };
        (alignment, Some(first))
    }

    /// The second pass: the segments of `first`'s pass aligned again with a
    /// lexicon, without searching them for anchors again (the costliest
    /// part of preparing a pair). Gives what [`Aligner::align_with`] gives.
    pub fn second_pass(
        &self,
        first: &FirstPass,
        source: &[Sentence],
        target: &[Sentence],
        lexicon: &Lexicon,
    ) -> Alignment {
        if source.len() != first.source.len() || target.len() != first.target.len() {
            // Not the pair the first pass saw: align it from scratch.
            return self.align_with(source, target, Some(lexicon));
        }
        let lexical = lexical_items(source, target, Some(lexicon));
        let (src, tgt) = (&first.source, &first.target);
        self.run(source, target, src, tgt, &lexical)
    }

    /// The best ladder under a length model estimated from the pair itself,
    /// and its beads' confidences.
    fn run(
        &self,
        source: &[Sentence],
        target: &[Sentence],
        src: &Side,
        tgt: &Side,
        lexical: &Lexical,
    ) -> Alignment {
        let paragraphs = {
            let (ps, pt) = (paragraph_count(source), paragraph_count(target));
            ps > 1 && pt > 1 && (ps as f64 - pt as f64).abs() <= 0.25 * ps.max(pt) as f64
        };
        let mut scorer = Scorer::new(src, tgt, lexical, paragraphs);
        let mut evidence = None;
        let total_s = src.length(0..src.len()).max(1.0);
        let total_t = tgt.length(0..tgt.len()).max(1.0);
        let prior = Model {
            ratio: total_t / total_s,
            variance: VARIANCE_PRIOR,
            shape_cost: costs_from(&SHAPE_PRIOR),
        };
        // A ladder under the prior model, then the model re-estimated from
        // its beads. (A second pass could start from the first pass's
        // model instead, saving one programme, but that ladder was found
        // without the lexicon: on the tuning split it cost ru-en perturbed
        // `--lines` 0.983 -> 0.973, for 2% of the CPU.)
        let (first, _, _) = best_ladder(&mut scorer, &prior, &mut evidence);
        let model = estimate(src, tgt, &first, &prior);
        let (steps, band, table) = best_ladder(&mut scorer, &model, &mut evidence);
        let sums = Sums::new(&band, &mut |i, j, s| table.get(&band, i, j, s));
        // Document-level evidence: translations share names, numbers and
        // dates bead by bead; texts that merely have similar lengths do not.
        let (mut with_anchors, mut sharing) = (0usize, 0usize);
        for step in &steps {
            let (a, b) = SHAPES[step.shape];
            let (s, t) = (step.i..step.i + a, step.j..step.j + b);
            if let Some(shares) = scorer.shares_evidence(s, t) {
                with_anchors += 1;
                sharing += usize::from(shares);
            }
        }
        let document_factor =
            ((sharing as f64 + 1.0) / (EXPECTED_EVIDENCE * with_anchors as f64 + 1.0)).min(1.0);
        let mut beads = Vec::with_capacity(steps.len());
        for step in &steps {
            let (a, b) = SHAPES[step.shape];
            let cost = table.get(&band, step.i, step.j, step.shape);
            let posterior = sums.posterior(&band, *step, cost);
            let (s, t) = (step.i..step.i + a, step.j..step.j + b);
            let fit = scorer.fit(&model, s.clone(), t.clone());
            beads.push(Bead {
                source: s,
                target: t,
                confidence: (posterior * fit * document_factor).clamp(0.0, 1.0),
            });
        }
        let mean_confidence = if beads.is_empty() {
            0.0
        } else {
            beads.iter().map(|b| b.confidence).sum::<f64>() / beads.len() as f64
        };
        let refusal = identical_share(source, target, &beads)
            .filter(|&share| share > 0.5)
            .map(|identical| Refusal::SameText { identical })
            .or_else(|| {
                (mean_confidence < self.refuse_below).then_some(Refusal::NotATranslation {
                    mean_confidence,
                    threshold: self.refuse_below,
                })
            });
        Alignment {
            beads: if refusal.is_some() { Vec::new() } else { beads },
            mean_confidence,
            length_ratio: model.ratio,
            length_variance: model.variance,
            refusal,
        }
    }

    fn prepare(&self, source: &[Sentence], target: &[Sentence]) -> (Side, Side) {
        let mut finder_s = AnchorFinder::new(&self.source_lang, self.terms.as_ref(), true);
        let mut finder_t = AnchorFinder::new(&self.target_lang, self.terms.as_ref(), false);
        let anchors_s: Vec<Vec<Anchor>> =
            source.iter().map(|s| finder_s.anchors(&s.text)).collect();
        let anchors_t: Vec<Vec<Anchor>> =
            target.iter().map(|s| finder_t.anchors(&s.text)).collect();
        // Document frequency of each key on each side: an anchor found in
        // many segments says little about which of them belong together.
        let mut df: HashMap<u64, (u32, u32)> = HashMap::new();
        for anchors in &anchors_s {
            let mut keys: Vec<u64> = anchors.iter().map(|a| a.key).collect();
            keys.dedup();
            for key in keys {
                df.entry(key).or_default().0 += 1;
            }
        }
        for anchors in &anchors_t {
            let mut keys: Vec<u64> = anchors.iter().map(|a| a.key).collect();
            keys.dedup();
            for key in keys {
                df.entry(key).or_default().1 += 1;
            }
        }
        let side = |sentences: &[Sentence], anchors: Vec<Vec<Anchor>>| {
            let mut cumulative = Vec::with_capacity(sentences.len() + 1);
            cumulative.push(0.0);
            let mut total = 0.0;
            for s in sentences {
                total += s.text.chars().filter(|c| !c.is_whitespace()).count() as f64 + 1.0;
                cumulative.push(total);
            }
            let mut shared = Vec::with_capacity(anchors.len());
            let mut strict = Vec::with_capacity(anchors.len());
            let mut strong = Vec::with_capacity(anchors.len());
            let mut placed = Vec::with_capacity(anchors.len());

            for list in anchors {
                let mut keep = Vec::new();
                let mut hard = Vec::new();
                let mut evidence = Vec::new();
                let mut here = Vec::new();
                for a in list {
                    let (ds, dt) = df.get(&a.key).copied().unwrap_or_default();
                    if a.kind.is_strict() {
                        hard.push(a.key);
                    }
                    if a.kind.is_evidence() {
                        evidence.push(a.key);
                    }
                    if ds > 0 && dt > 0 {
                        let weight = a.kind.weight() / f64::from(ds.max(dt)).sqrt();
                        keep.push((a.key, weight));
                        if a.kind.is_evidence() && !a.kind.is_strict() {
                            here.push(a.key);
                        }
                    }
                }
                here.dedup();
                shared.push(keep);
                strict.push(hard);
                strong.push(evidence);
                placed.push(here);
            }
            Side {
                cumulative,
                shared,
                strict,
                strong,
                placed,
                paragraph: sentences.iter().map(|s| s.paragraph).collect(),
            }
        };
        (side(source, anchors_s), side(target, anchors_t))
    }
}

/// The best ladder under `model`, widening the band until the ladder keeps
/// off its edges; also returns the band and its bead costs. `evidence`
/// keeps the model-free part of the costs (anchors, paragraphs) of the last
/// band between calls, so a second pass only recomputes the length terms.
fn best_ladder(
    scorer: &mut Scorer,
    model: &Model,
    evidence: &mut Option<(usize, CostTable)>,
) -> (Vec<Step>, Band, CostTable) {
    let (n, m) = (scorer.source.len(), scorer.target.len());
    let mut width = BAND_WIDTH;
    loop {
        let band = Band::new(n, m, width);
        let fixed = match evidence.take() {
            Some((w, table)) if w == width => table,
            _ => CostTable::new(&band, &mut |i, j, s| scorer.evidence_cost(i, j, s)),
        };
        let table = fixed.map(&band, &mut |i, j, s, fixed| {
            fixed + scorer.length_cost(model, i, j, s)
        });
        *evidence = Some((width, fixed));
        let result = dp::viterbi(&band, &mut |i, j, s| table.get(&band, i, j, s));
        let touches = match &result {
            Some((steps, _)) => steps.iter().any(|s| band.on_inner_edge(s.i, s.j)),
            None => true,
        };
        if !touches || band.is_full() {
            if let Some((steps, _)) = result {
                return (steps, band, table);
            }
            // Unreachable in a full band (1-0 and 0-1 beads always connect);
            // fall back to deleting everything rather than panicking.
            let mut steps = Vec::new();
            for i in 0..n {
                steps.push(Step { i, j: 0, shape: 1 });
            }
            for j in 0..m {
                steps.push(Step { i: n, j, shape: 2 });
            }
            return (steps, band, table);
        }
        width *= 2;
    }
}

/// The refusal of a pair with an empty side, as an alignment.
fn refuse_empty(source: &[Sentence], target: &[Sentence]) -> Option<Alignment> {
    let side = if source.is_empty() {
        "source"
    } else if target.is_empty() {
        "target"
    } else {
        return None;
    };
    Some(Alignment {
        beads: Vec::new(),
        mean_confidence: 0.0,
        length_ratio: 1.0,
        length_variance: VARIANCE_PRIOR,
        refusal: Some(Refusal::Empty { side }),
    })
}

fn paragraph_count(sentences: &[Sentence]) -> usize {
    1 + sentences
        .windows(2)
        .filter(|w| w[0].paragraph != w[1].paragraph)
        .count()
}

/// Re-estimates the length ratio, variance and shape probabilities from a
/// first ladder, shrunk towards the priors so short documents stay sane.
fn estimate(src: &Side, tgt: &Side, steps: &[Step], prior: &Model) -> Model {
    let mut counts = [0.0f64; 8];
    let (mut sum_s, mut sum_t) = (0.0, 0.0);
    let mut one_to_one = Vec::new();
    for step in steps {
        counts[step.shape] += 1.0;
        let (a, b) = SHAPES[step.shape];
        if a > 0 && b > 0 {
            let ls = src.length(step.i..step.i + a);
            let lt = tgt.length(step.j..step.j + b);
            sum_s += ls;
            sum_t += lt;
            if a == 1 && b == 1 {
                one_to_one.push((ls, lt));
            }
        }
    }
    let ratio = if sum_s > 0.0 && sum_t > 0.0 {
        sum_t / sum_s
    } else {
        prior.ratio
    };
    // Squared standardised differences, the largest tenth trimmed (a wrong
    // bead of the first pass should not widen the model).
    let mut squares: Vec<f64> = one_to_one
        .iter()
        .map(|&(ls, lt)| {
            let mean = (ls + lt / ratio) / 2.0;
            (lt - ratio * ls).powi(2) / (ratio * mean).max(1.0)
        })
        .collect();
    squares.sort_by(|a, b| a.total_cmp(b));
    let keep = squares.len() - squares.len() / 10;
    let k = keep as f64;
    let estimate = if keep > 0 {
        // The trimmed mean underestimates the variance; 1.25 restores it
        // for a normal distribution trimmed at its 90th percentile.
        1.25 * squares[..keep].iter().sum::<f64>() / k
    } else {
        VARIANCE_PRIOR
    };
    let variance = ((k * estimate + VARIANCE_PRIOR_WEIGHT * VARIANCE_PRIOR)
        / (k + VARIANCE_PRIOR_WEIGHT))
        .clamp(1.0, 60.0);
    let total: f64 = counts.iter().sum();
    let mut probabilities = [0.0; 8];
    for s in 0..8 {
        probabilities[s] =
            (counts[s] + SHAPE_PRIOR_WEIGHT * SHAPE_PRIOR[s]) / (total + SHAPE_PRIOR_WEIGHT);
    }
    Model {
        ratio,
        variance,
        shape_cost: costs_from(&probabilities),
    }
}

/// Share of paired beads whose two sides are the same text (case and
/// spacing aside); `None` when there are no pairs.
fn identical_share(source: &[Sentence], target: &[Sentence], beads: &[Bead]) -> Option<f64> {
    let norm = |sentences: &[Sentence], range: Range<usize>| -> String {
        sentences[range]
            .iter()
            .flat_map(|s| s.text.split_whitespace())
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let pairs: Vec<&Bead> = beads.iter().filter(|b| b.is_pair()).collect();
    if pairs.is_empty() {
        return None;
    }
    let same = pairs
        .iter()
        .filter(|b| norm(source, b.source.clone()) == norm(target, b.target.clone()))
        .count();
    Some(same as f64 / pairs.len() as f64)
}

#[cfg(test)]
mod tests;
