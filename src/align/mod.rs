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
mod score;
mod side;

use crate::lang::LangTag;
use anchors::TermAnchors;
use dp::{Band, CostTable, SHAPES, Step, Sums};
use lexicon::{Lexical, Lexicon, lexical_items};
use score::{EXPECTED_EVIDENCE, Model, SHAPE_PRIOR, Scorer, VARIANCE_PRIOR, costs_from, estimate};
use serde::Serialize;
use side::{Side, prepare};
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

/// Initial half-width of the band.
const BAND_WIDTH: usize = 24;

/// What the first pass over a document pair leaves for a second pass with a
/// lexicon ([`Aligner::first_pass`], [`Aligner::second_pass`]): both sides'
/// anchors, weighted by their document frequencies.
#[derive(Debug)]
pub struct FirstPass {
    source: Side,
    target: Side,
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

    fn prepare(&self, source: &[Sentence], target: &[Sentence]) -> (Side, Side) {
        prepare(
            &self.source_lang,
            &self.target_lang,
            self.terms.as_ref(),
            source,
            target,
        )
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
        // A 2-2 bead the model itself is unsure of gives way to the beads
        // inside it that hold more posterior probability (two 1-1 beads,
        // as a rule); see `dp::split_unsure_two_two`.
        let steps = dp::split_unsure_two_two(
            &band,
            &sums,
            &mut |i, j, s| table.get(&band, i, j, s),
            &steps,
        );
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
