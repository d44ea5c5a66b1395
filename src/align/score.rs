//! The cost of a bead: the Gale–Church length model with its per-document
//! estimate, and the evidence that does not depend on it (shared anchors,
//! numbers on one side only, paragraphs, lexicon pairs); and how well a
//! chosen bead fits, for its confidence.

use super::dp::{SHAPES, Step};
use super::lexicon::{Lexical, LexicalItem};
use super::side::{LATIN_CAPITALS, OTHER_CAPITALS, Side};
use std::collections::HashMap;
use std::ops::Range;

/// Prior shape weights, in the order of [`SHAPES`] (relative, not
/// normalised: 1-1 is scored against the others); re-estimated per
/// document. Set on the tuning split of the NTREX evaluation.
pub(super) const SHAPE_PRIOR: [f64; 8] = [0.89, 0.0375, 0.0375, 0.07, 0.07, 0.005, 0.005, 0.005];

/// Weight of the prior against a document's own shape counts.
pub(super) const SHAPE_PRIOR_WEIGHT: f64 = 30.0;
/// Gale and Church's variance of the length difference per character.
pub(super) const VARIANCE_PRIOR: f64 = 6.8;
/// Weight (in beads) of the variance prior against the document's estimate.
pub(super) const VARIANCE_PRIOR_WEIGHT: f64 = 10.0;
/// Cost of a bead that runs across a paragraph boundary on one side.
pub(super) const PARAGRAPH_SPLIT_COST: f64 = 4.0;
/// Cost of a bead boundary that is a paragraph boundary on one side only.
pub(super) const PARAGRAPH_MISMATCH_COST: f64 = 1.5;
/// Cost of a number or link on one side of a paired bead only.
pub(super) const STRICT_MISS_COST: f64 = 1.5;
/// Cost of a name, month or term on one side of a paired bead that the
/// other side of the document has elsewhere.
pub(super) const MISPLACED_COST: f64 = 1.0;
/// Share of beads (among those with anchors on both sides) expected to share
/// one in a translation; fewer lower every bead's confidence.
pub(super) const EXPECTED_EVIDENCE: f64 = 0.25;
/// Weight of the lexical evidence of a learned lexicon (a sum of
/// log-likelihood ratios over the words of a bead, which treats them as
/// independent and so overstates it). Set on the tuning split of the NTREX
/// evaluation: 0.1–0.3 all help, 0.6 hurts.
pub(super) const LEXICON_SCALE: f64 = 0.2;

/// The length and shape model of one pass.
#[derive(Clone, Debug)]
pub(super) struct Model {
    pub(super) ratio: f64,
    pub(super) variance: f64,
    pub(super) shape_cost: [f64; 8],
}

/// ln erfc(x) for x ≥ 0 (Numerical Recipes' Chebyshev fit, relative error
/// < 1.2e-7), in log form so that large deviations do not underflow.
pub(super) fn ln_erfc(x: f64) -> f64 {
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

pub(super) struct Scorer<'a> {
    pub(super) source: &'a Side,
    pub(super) target: &'a Side,
    /// Lexicon pairs per segment of each side (empty without a lexicon):
    /// key, log-likelihood ratio of a translation when the bead's other
    /// side has the partner, when not.
    lexical_s: &'a [Vec<LexicalItem>],
    lexical_t: &'a [Vec<LexicalItem>],
    /// Whether paragraph boundaries are evidence (both sides have comparable paragraphs).
    paragraphs: bool,
    buf_s: Vec<(u64, f64)>,
    buf_t: Vec<(u64, f64)>,
    /// Content costs of 1-1 pairings by `(source, target)` segment: each is
    /// needed by its own cell and by the 2-2 beads around it.
    one_to_one: HashMap<(usize, usize), f64>,
}

impl<'a> Scorer<'a> {
    pub(super) fn new(
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
            one_to_one: HashMap::new(),
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
    pub(super) fn length_cost(&self, model: &Model, i: usize, j: usize, shape: usize) -> f64 {
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
    pub(super) fn evidence_cost(&mut self, i: usize, j: usize, shape: usize) -> f64 {
        let (a, b) = SHAPES[shape];
        let (s, t) = (i..i + a, j..j + b);
        let mut cost = 0.0;
        if a == 2 && b == 2 {
            // A 2-2 bead holds every anchor of four segments, so it shares
            // more than either way of splitting it into two 1-1 beads
            // (anchors that cross, names no longer misplaced, more lexicon
            // partners) and would win on evidence that says nothing about
            // whether the segments belong together. It gets no more
            // evidence than the better split: the straight one when the
            // content runs in order, the crossed one when it does not.
            let whole = self.content_cost(s.clone(), t.clone());
            let straight = self.pair_cost(i, j) + self.pair_cost(i + 1, j + 1);
            let crossed = self.pair_cost(i, j + 1) + self.pair_cost(i + 1, j);
            cost += whole.max(straight.min(crossed));
        } else if a == 1 && b == 1 {
            cost += self.pair_cost(i, j);
        } else if a > 0 && b > 0 {
            cost += self.content_cost(s.clone(), t.clone());
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

    /// [`Scorer::content_cost`] of source segment `i` with target segment `j`, once.
    fn pair_cost(&mut self, i: usize, j: usize) -> f64 {
        if let Some(&cost) = self.one_to_one.get(&(i, j)) {
            return cost;
        }
        let cost = self.content_cost(i..i + 1, j..j + 1);
        self.one_to_one.insert((i, j), cost);
        cost
    }

    /// The cost of a paired bead's content: shared anchors (a reward),
    /// numbers and links on one side only, names placed elsewhere, and
    /// lexicon pairs.
    fn content_cost(&mut self, s: Range<usize>, t: Range<usize>) -> f64 {
        let mut cost = -self.gain(s.clone(), t.clone());
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
        cost - LEXICON_SCALE * self.lexical(s, t)
    }

    /// How well a bead's lengths and anchors fit, in `[0, 1]`.
    pub(super) fn fit(&mut self, model: &Model, s: Range<usize>, t: Range<usize>) -> f64 {
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
    pub(super) fn misplaced(&self, s: Range<usize>, t: Range<usize>) -> usize {
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

    /// True when the bead's sides share an anchor other than a mark or digit;
    /// none when a side has no such anchor, or when all there are on both
    /// sides are capitalised first words that are no names.
    pub(super) fn shares_evidence(&self, s: Range<usize>, t: Range<usize>) -> Option<bool> {
        let (src, tgt) = (&self.source.strong, &self.target.strong);
        let has_s = s.clone().any(|i| !src[i].is_empty());
        let has_t = t.clone().any(|j| !tgt[j].is_empty());
        // Capitalised first words that are no names on both sides say
        // nothing: texts without names have one in every segment, and
        // counted as unshared evidence they looked like a mismatch.
        let named =
            s.clone().any(|i| self.source.named[i]) || t.clone().any(|j| self.target.named[j]);
        if !has_s || !has_t || !named {
            return None;
        }
        // Words in capitals on both sides, in different scripts (emphasis,
        // or an abbreviation that is no transliteration: `ДО` / `BEFORE`,
        // `ФБР` / `FBI`), are shared evidence too; counted as unshared
        // names they refused e-commerce texts (third dev set, tuning
        // split). In one script the same word would be a shared key, so
        // `CNN` against `NBC` is no evidence.
        let scripts =
            |side: &Side, range: Range<usize>| range.fold(0u8, |acc, i| acc | side.capitals[i]);
        let (cs, ct) = (
            scripts(self.source, s.clone()),
            scripts(self.target, t.clone()),
        );
        let capitals = (cs & LATIN_CAPITALS != 0 && ct & OTHER_CAPITALS != 0)
            || (cs & OTHER_CAPITALS != 0 && ct & LATIN_CAPITALS != 0);
        Some(
            capitals
                || s.flat_map(|i| src[i].iter())
                    .any(|k| t.clone().any(|j| tgt[j].contains(k))),
        )
    }
}

pub(super) fn costs_from(probabilities: &[f64; 8]) -> [f64; 8] {
    probabilities.map(|p| -p.max(1e-6).ln())
}

/// Re-estimates the length ratio, variance and shape probabilities from a
/// first ladder, shrunk towards the priors so short documents stay sane.
pub(super) fn estimate(src: &Side, tgt: &Side, steps: &[Step], prior: &Model) -> Model {
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
