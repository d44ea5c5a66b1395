//! The match score: word-level similarity, penalties, placeable adaptation.
//!
//! Pure functions over tokenised text: no database, no files.
//!
//! * **Word similarity** (OmegaT's formula): `100 · (L − d) / L`, rounded down,
//!   with `L` the larger word count and `d` the Levenshtein distance over
//!   normalised word tokens ([`crate::fuzzy::tokenize`]).
//! * **Exact** (100): the same words. A difference in case only, or in
//!   punctuation only, costs [`PenaltyWeights::case`] / [`PenaltyWeights::punctuation`].
//! * **Adapted** (95–99): the same words except placeables (numbers, dates,
//!   times, URLs, e-mail addresses) whose memory value is found in the target;
//!   they are substituted from the query into the target and each costs
//!   [`PenaltyWeights::placeable`] (at most 5 in all), so "in 2014" against "in
//!   2015" is 99, not 50.
//! * **Fuzzy**: the word similarity.
//!
//! Then, whatever the kind: inline-tag count differences, an unapproved/fuzzy
//! flag on the memory unit, a different regional variant of the language, and
//! the penalty of the memory itself are subtracted. Penalties only ever lower
//! a score, so a match scoring ≥ θ always has word similarity ≥ θ (or is an
//! adaptation), which is what keeps the candidate filter lossless.

use super::distance::{Step, align, similarity, within};
use super::tokenize::{TokenClass, Tokens};
#[cfg(test)]
use crate::numbers::NNBSP;
use crate::numbers::{is_space_separator, read_number, readings, target_numbers, write_number};
use crate::unit::{Prop, TranslationUnit, Variant};
use serde::Serialize;
use std::sync::OnceLock;

/// How many points each kind of difference costs (defaults documented in the
/// README under `tmkit match`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PenaltyWeights {
    /// Words equal except for letter case.
    pub case: u8,
    /// Words equal, punctuation differs.
    pub punctuation: u8,
    /// Per inline tag more or fewer than the query has (at most 10 in all).
    pub tag: u8,
    /// The memory unit is marked fuzzy, draft or unapproved.
    pub unapproved: u8,
    /// The memory's source or target is another regional variant (`en-GB` for `en-US`).
    pub regional_variant: u8,
    /// Per placeable substituted into the target (at most 5 in all).
    pub placeable: u8,
}

impl Default for PenaltyWeights {
    fn default() -> Self {
        PenaltyWeights {
            case: 1,
            punctuation: 1,
            tag: 1,
            unapproved: 5,
            regional_variant: 2,
            placeable: 1,
        }
    }
}

/// Why points were taken off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PenaltyReason {
    /// Letter case differs.
    Case,
    /// Punctuation differs.
    Punctuation,
    /// The number of inline tags differs.
    Tags,
    /// The unit is marked fuzzy/draft/unapproved.
    Unapproved,
    /// Another regional variant of the language.
    RegionalVariant,
    /// Placeables were substituted.
    Placeables,
    /// The penalty given to the memory the match came from.
    Memory,
}

/// Points taken off a score, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Penalty {
    /// Why.
    pub reason: PenaltyReason,
    /// How many points.
    pub points: u8,
}

/// What kind of match a suggestion is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// Word similarity below 100.
    Fuzzy,
    /// Only placeables differ and were substituted into the target.
    Adapted,
    /// The same words (case and punctuation may differ; see penalties).
    Exact,
    /// An exact match whose previous and next segments match too (101%).
    Context,
}

/// A placeable taken from the query and put into the suggested target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Substitution {
    /// What kind of placeable.
    pub class: TokenClass,
    /// The value as the memory's target wrote it (the memory segment's value;
    /// for a number, possibly in the target's notation: `4,5` for `4.5`).
    pub from: String,
    /// The query's value as written into the adapted target (for a number
    /// found by value, in the target's notation: `4,7` for the query's `4.7`).
    pub to: String,
    /// Start of the new value in the adapted target (characters).
    pub target_start: usize,
    /// End (exclusive) of the new value in the adapted target (characters).
    pub target_end: usize,
}

/// A target with the query's placeables substituted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Adaptation {
    /// The adapted target text.
    pub target: String,
    /// What was substituted where.
    pub substitutions: Vec<Substitution>,
}

/// One side of a memory entry as the scorer sees it.
pub struct Candidate<'a> {
    /// The memory's source segment, tokenised.
    pub source: &'a Tokens,
    /// Inline codes in the memory's source segment.
    pub source_tags: usize,
    /// The memory's target text (plain).
    pub target_text: &'a str,
    /// The unit is marked fuzzy/draft/unapproved ([`is_unapproved`]).
    pub unapproved: bool,
    /// Source or target is another regional variant than the query asked for.
    pub regional_variant: bool,
    /// Points the memory itself costs (multi-memory lookups).
    pub memory_penalty: u8,
}

/// The score of one memory entry against a query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scored {
    /// The final score (0–100; 101 is given later for context matches).
    pub score: u8,
    /// The word similarity before penalties and adaptation.
    pub word: u8,
    /// Word-level Levenshtein distance.
    pub distance: usize,
    /// What kind of match.
    pub kind: MatchKind,
    /// Points taken off.
    pub penalties: Vec<Penalty>,
    /// The adapted target when placeables were substituted.
    pub adaptation: Option<Adaptation>,
}

fn norms(tokens: &Tokens) -> Vec<&str> {
    tokens.words.iter().map(|t| t.norm.as_str()).collect()
}

fn keys(tokens: &Tokens) -> Vec<&str> {
    tokens.words.iter().map(|t| t.index_key()).collect()
}

/// The best score `candidate` could reach whatever its unit's metadata: 100 for
/// the same words, 99 when only placeables differ, else the word similarity.
/// [`score`] never returns more, which lets a search stop early.
pub fn upper_bound(query: &Tokens, source: &Tokens) -> u8 {
    let (q, s) = (norms(query), norms(source));
    if q == s {
        return 100;
    }
    if keys(query) == keys(source) {
        return 99;
    }
    let longest = q.len().max(s.len());
    let d = within(&q, &s, longest).unwrap_or(longest);
    similarity(d, q.len(), s.len())
}

/// Scores a memory entry against the query.
///
/// ```
/// use tmkit::fuzzy::score::{score, Candidate, MatchKind, PenaltyWeights};
/// use tmkit::fuzzy::tokenize::tokenize;
/// let query = tokenize("Prices rose by 5% in 2015.");
/// let source = tokenize("Prices rose by 3% in 2014.");
/// let scored = score(&query, 0, &Candidate {
///     source: &source, source_tags: 0, target_text: "Цены выросли на 3% в 2014 году.",
///     unapproved: false, regional_variant: false, memory_penalty: 0,
/// }, &PenaltyWeights::default());
/// assert_eq!(scored.kind, MatchKind::Adapted);
/// assert_eq!(scored.score, 98);
/// assert_eq!(scored.word, 66);
/// assert_eq!(scored.adaptation.unwrap().target, "Цены выросли на 5% в 2015 году.");
/// ```
pub fn score(
    query: &Tokens,
    query_tags: usize,
    candidate: &Candidate,
    weights: &PenaltyWeights,
) -> Scored {
    let (q, s) = (norms(query), norms(candidate.source));
    let longest = q.len().max(s.len());
    let distance = within(&q, &s, longest).unwrap_or(longest);
    let word = similarity(distance, q.len(), s.len());
    let mut penalties = Vec::new();
    let mut push = |reason, points: u8| {
        if points > 0 {
            penalties.push(Penalty { reason, points });
        }
    };
    let mut kind = MatchKind::Fuzzy;
    let mut base = word;
    let mut adaptation = None;
    let masked_equal = distance == 0 || keys(query) == keys(candidate.source);
    if masked_equal {
        if distance > 0 {
            adaptation = adapt(query, candidate.source, candidate.target_text);
        }
        if distance == 0 || adaptation.is_some() {
            base = 100;
            kind = if distance == 0 {
                MatchKind::Exact
            } else {
                MatchKind::Adapted
            };
            if let Some(adapted) = &adaptation {
                let count = adapted.substitutions.len().min(255) as u8;
                push(
                    PenaltyReason::Placeables,
                    count.saturating_mul(weights.placeable).clamp(1, 5),
                );
            }
            let case_differs = query
                .words
                .iter()
                .zip(&candidate.source.words)
                .any(|(a, b)| a.norm == b.norm && a.surface != b.surface);
            if case_differs {
                push(PenaltyReason::Case, weights.case);
            }
            if query.punct != candidate.source.punct {
                push(PenaltyReason::Punctuation, weights.punctuation);
            }
        }
    }
    let tag_difference = query_tags.abs_diff(candidate.source_tags).min(255) as u8;
    push(
        PenaltyReason::Tags,
        tag_difference.saturating_mul(weights.tag).min(10),
    );
    if candidate.unapproved {
        push(PenaltyReason::Unapproved, weights.unapproved);
    }
    if candidate.regional_variant {
        push(PenaltyReason::RegionalVariant, weights.regional_variant);
    }
    push(PenaltyReason::Memory, candidate.memory_penalty);
    let taken: u32 = penalties.iter().map(|p| u32::from(p.points)).sum();
    let mut final_score = u32::from(base).saturating_sub(taken) as u8;
    if kind == MatchKind::Adapted && final_score < word {
        // Adaptation must never make a match look worse than its plain words.
        final_score = word;
    }
    Scored {
        score: final_score,
        word,
        distance,
        kind,
        penalties,
        adaptation,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Finds `needle` in `haystack` (as chars) at a position not inside `taken`
/// and not glued to letters or digits on either side.
fn find_free(haystack: &[char], needle: &[char], taken: &[(usize, usize)]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len()).find(|&start| {
        let end = start + needle.len();
        haystack[start..end] == *needle
            && (start == 0 || !is_word_char(haystack[start - 1]))
            && (end == haystack.len() || !is_word_char(haystack[end]))
            && taken.iter().all(|&(s, e)| end <= s || start >= e)
    })
}

/// Substitutes the query's placeables into the target. `None` unless every
/// differing placeable's memory value occurs in the target — as written, or
/// for numbers with the same value in the target's own notation (see
/// [`find_number`]), in which case the query's value is written in that
/// notation.
fn adapt(query: &Tokens, source: &Tokens, target: &str) -> Option<Adaptation> {
    let target_chars: Vec<char> = target.chars().collect();
    // (start, end, word index, text written there)
    let mut taken: Vec<(usize, usize, usize, String)> = Vec::new();
    for (index, (q, s)) in query.words.iter().zip(&source.words).enumerate() {
        if q.norm == s.norm {
            continue;
        }
        if !q.class.is_placeable() || q.class != s.class {
            return None;
        }
        let needle: Vec<char> = s.surface.chars().collect();
        let ranges: Vec<(usize, usize)> = taken.iter().map(|&(a, b, _, _)| (a, b)).collect();
        if let Some(start) = find_free(&target_chars, &needle, &ranges) {
            taken.push((start, start + needle.len(), index, q.surface.clone()));
        } else if q.class == TokenClass::Number {
            let (start, end, text) = find_number(&target_chars, &s.surface, &q.surface, &ranges)?;
            taken.push((start, end, index, text));
        } else {
            return None;
        }
    }
    taken.sort_unstable();
    let mut adapted = String::with_capacity(target.len());
    let mut substitutions = Vec::new();
    let mut cursor = 0;
    let mut out_chars = 0;
    for (start, end, index, text) in taken {
        let before: String = target_chars[cursor..start].iter().collect();
        out_chars += start - cursor;
        adapted.push_str(&before);
        adapted.push_str(&text);
        let len = text.chars().count();
        substitutions.push(Substitution {
            class: query.words[index].class,
            from: target_chars[start..end].iter().collect(),
            to: text,
            target_start: out_chars,
            target_end: out_chars + len,
        });
        out_chars += len;
        cursor = end;
    }
    adapted.extend(&target_chars[cursor..]);
    Some(Adaptation {
        target: adapted,
        substitutions,
    })
}

// ------------------------------------------------------------- numbers
//
// A translator writes the source's "4.5%" as "4,5%" in Russian, Ukrainian,
// German or French, and "1,000,000" as "1 000 000" (space, no-break space or
// narrow no-break space) or "1.000.000". Looking for the source's spelling in
// the target then fails and the match is not adapted. So a number is also
// looked up by value: the source and query numbers are read in one source
// notation, every number of the target in every notation that fits it, and a
// target number with the source's value is replaced by the query's value
// written the target's way (its group and decimal separators).

/// Finds, among the target's numbers not inside `taken`, one with the value of
/// the memory's `source` number and returns its range and the `query` number
/// written in that target number's notation. The source and query are read in
/// the same notation (decimal point first, then decimal comma); a target
/// number without a fraction takes its decimal separator from the other
/// side of its group separator ("1.000" → ","), from a space group (","), from
/// another number of the target, else from the query.
fn find_number(
    target: &[char],
    source: &str,
    query: &str,
    taken: &[(usize, usize)],
) -> Option<(usize, usize, String)> {
    let source: Vec<char> = source.chars().collect();
    let query: Vec<char> = query.chars().collect();
    let numbers: Vec<(usize, usize)> = target_numbers(target, false)
        .into_iter()
        .filter(|&(s, e)| taken.iter().all(|&(ts, te)| e <= ts || s >= te))
        .collect();
    for decimal in ['.', ','] {
        let (Some(from), Some(to)) = (read_number(&source, decimal), read_number(&query, decimal))
        else {
            continue;
        };
        for &(start, end) in &numbers {
            let Some(there) = readings(&target[start..end])
                .into_iter()
                .find(|r| r.value() == from.value())
            else {
                continue;
            };
            let target_decimal = there
                .decimal
                .or(match there.group {
                    Some('.') => Some(','),
                    Some(',') => Some('.'),
                    Some(g) if is_space_separator(g) => Some(','),
                    _ => None,
                })
                .or_else(|| target_decimal_elsewhere(target, &numbers))
                .or(to.decimal)
                .unwrap_or(decimal);
            // Group the new value only as the target grouped its number: an
            // ungrouped "1000" may be the target's style for four digits.
            return Some((start, end, write_number(&to, there.group, target_decimal)));
        }
    }
    None
}

/// The decimal separator of a target number that shows one unambiguously
/// (a fraction not of exactly three digits, or after a group separator).
fn target_decimal_elsewhere(target: &[char], numbers: &[(usize, usize)]) -> Option<char> {
    numbers.iter().find_map(|&(s, e)| {
        let readings = readings(&target[s..e]);
        match readings.as_slice() {
            [only] => only.decimal,
            _ => None,
        }
    })
}

/// How a stretch of the query differs from the memory segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffOp {
    /// Words in both, different.
    Replace,
    /// Words only in the query (the memory segment lacks them).
    Insert,
    /// Words only in the memory segment (not in the query).
    Delete,
}

/// One difference between the query and a memory segment, as character ranges
/// of both (an empty range where one side has nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DiffSpan {
    /// What changed.
    pub op: DiffOp,
    /// Start in the query (characters of its NFC text).
    pub query_start: usize,
    /// End (exclusive) in the query.
    pub query_end: usize,
    /// Start in the memory's source segment (characters of its NFC text).
    pub source_start: usize,
    /// End (exclusive) in the memory's source segment.
    pub source_end: usize,
}

/// The word-level edit script between the query and a memory segment, runs of
/// the same operation merged into one span.
///
/// ```
/// use tmkit::fuzzy::score::{diff, DiffOp};
/// use tmkit::fuzzy::tokenize::tokenize;
/// let spans = diff(&tokenize("the red car stopped"), &tokenize("the blue car"));
/// assert_eq!(spans.len(), 2);
/// assert_eq!((spans[0].op, spans[0].query_start, spans[0].query_end), (DiffOp::Replace, 4, 7));
/// assert_eq!((spans[1].op, spans[1].query_start, spans[1].query_end), (DiffOp::Insert, 12, 19));
/// ```
pub fn diff(query: &Tokens, source: &Tokens) -> Vec<DiffSpan> {
    let (_, steps) = align(&norms(query), &norms(source));
    let q_at = |i: usize| query.words.get(i).map(|t| (t.start, t.end));
    let s_at = |j: usize| source.words.get(j).map(|t| (t.start, t.end));
    // Where an empty range sits: just after the previous token on that side.
    let q_gap = |i: usize| {
        if i == 0 {
            0
        } else {
            q_at(i - 1).map_or(0, |r| r.1)
        }
    };
    let s_gap = |j: usize| {
        if j == 0 {
            0
        } else {
            s_at(j - 1).map_or(0, |r| r.1)
        }
    };
    let mut spans: Vec<DiffSpan> = Vec::new();
    let (mut next_q, mut next_s) = (0usize, 0usize);
    for step in steps {
        let span = match step {
            Step::Equal(i, j) => {
                next_q = i + 1;
                next_s = j + 1;
                continue;
            }
            Step::Replace(i, j) => {
                next_q = i + 1;
                next_s = j + 1;
                let (qs, qe) = q_at(i).unwrap_or((0, 0));
                let (ss, se) = s_at(j).unwrap_or((0, 0));
                DiffSpan {
                    op: DiffOp::Replace,
                    query_start: qs,
                    query_end: qe,
                    source_start: ss,
                    source_end: se,
                }
            }
            Step::OnlyA(i) => {
                next_q = i + 1;
                let (qs, qe) = q_at(i).unwrap_or((0, 0));
                let gap = s_gap(next_s);
                DiffSpan {
                    op: DiffOp::Insert,
                    query_start: qs,
                    query_end: qe,
                    source_start: gap,
                    source_end: gap,
                }
            }
            Step::OnlyB(j) => {
                next_s = j + 1;
                let (ss, se) = s_at(j).unwrap_or((0, 0));
                let gap = q_gap(next_q);
                DiffSpan {
                    op: DiffOp::Delete,
                    query_start: gap,
                    query_end: gap,
                    source_start: ss,
                    source_end: se,
                }
            }
        };
        match spans.last_mut() {
            Some(last) if last.op == span.op => {
                if span.query_end > span.query_start {
                    if last.query_end == last.query_start {
                        last.query_start = span.query_start;
                    }
                    last.query_end = span.query_end;
                }
                if span.source_end > span.source_start {
                    if last.source_end == last.source_start {
                        last.source_start = span.source_start;
                    }
                    last.source_end = span.source_end;
                }
            }
            _ => spans.push(span),
        }
    }
    spans
}

struct ApprovalRule {
    kind: String,
    values: Vec<String>,
}

fn approval_rules() -> &'static [ApprovalRule] {
    static RULES: OnceLock<Vec<ApprovalRule>> = OnceLock::new();
    RULES.get_or_init(|| {
        include_str!("unapproved.tsv")
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .filter_map(|line| {
                let (kind, values) = line.split_once('\t')?;
                Some(ApprovalRule {
                    kind: kind.trim().to_lowercase(),
                    values: values.split(',').map(|v| v.trim().to_lowercase()).collect(),
                })
            })
            .collect()
    })
}

fn props_unapproved(props: &[Prop]) -> bool {
    props.iter().any(|prop| {
        let kind = prop.kind.to_lowercase();
        let value = prop.value.trim().to_lowercase();
        approval_rules()
            .iter()
            .any(|rule| rule.kind == kind && rule.values.iter().any(|v| v == "*" || *v == value))
    })
}

/// True when the unit, its source or its target carries a mark of a fuzzy,
/// draft or unapproved translation (`unapproved.tsv`: `x-ConfirmationLevel=Draft`
/// from Trados, `x-fuzzy`, `status=needs-review`, …).
pub fn is_unapproved(unit: &TranslationUnit, source: &Variant, target: &Variant) -> bool {
    props_unapproved(&unit.props)
        || props_unapproved(&source.props)
        || props_unapproved(&target.props)
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
