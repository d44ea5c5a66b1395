//! Evaluation of name-variant detection on labelled pairs: precision, recall
//! and F1 of [`compare_words`](super::compare_words) /
//! [`compare_names`](super::compare_names), beside plain Jaro–Winkler with
//! its best threshold chosen on the same pairs.
//!
//! The pair file is TSV: `a<TAB>b<TAB>same|different[<TAB>category[<TAB>note]]`,
//! `#` comments and blank lines ignored. A side with spaces is a full name.

use serde::Serialize;
use std::fmt;

/// One labelled pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LabelledPair {
    /// First spelling (one word or a full name).
    pub a: String,
    /// Second spelling.
    pub b: String,
    /// True when both name the same person or place.
    pub same: bool,
    /// Category label (`typo`, `gender`, …), empty if none.
    pub category: String,
    /// Free note.
    pub note: String,
    /// 1-based line number in the pair file.
    pub line: usize,
}

/// A malformed line of a pair file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairFileError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for PairFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for PairFileError {}

/// Parses a pair file (see the module documentation).
pub fn parse_pairs(text: &str) -> Result<Vec<LabelledPair>, PairFileError> {
    let mut pairs = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').collect();
        if fields.len() < 3 {
            return Err(PairFileError {
                line,
                message: format!(
                    "expected at least 3 tab-separated columns (a, b, same|different), found {}",
                    fields.len()
                ),
            });
        }
        let same = match fields[2].trim() {
            "same" => true,
            "different" => false,
            other => {
                return Err(PairFileError {
                    line,
                    message: format!("label must be `same` or `different`, found `{other}`"),
                });
            }
        };
        let (a, b) = (fields[0].trim(), fields[1].trim());
        if a.is_empty() || b.is_empty() {
            return Err(PairFileError {
                line,
                message: "both names must be non-empty".to_string(),
            });
        }
        pairs.push(LabelledPair {
            a: a.to_string(),
            b: b.to_string(),
            same,
            category: fields
                .get(3)
                .map(|s| s.trim().to_string())
                .unwrap_or_default(),
            note: fields
                .get(4)
                .map(|s| s.trim().to_string())
                .unwrap_or_default(),
            line,
        });
    }
    Ok(pairs)
}

/// Precision, recall and F1 with the confusion counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Same pairs called same.
    pub true_positives: usize,
    /// Different pairs called same (false alarms).
    pub false_positives: usize,
    /// Same pairs missed.
    pub false_negatives: usize,
    /// Different pairs called different.
    pub true_negatives: usize,
    /// TP / (TP + FP); 1 when nothing was called same.
    pub precision: f64,
    /// TP / (TP + FN).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Scores {
    fn from_predictions(pairs: &[LabelledPair], predicted: &[bool]) -> Scores {
        let mut s = Scores::default();
        for (pair, &called_same) in pairs.iter().zip(predicted) {
            match (pair.same, called_same) {
                (true, true) => s.true_positives += 1,
                (false, true) => s.false_positives += 1,
                (true, false) => s.false_negatives += 1,
                (false, false) => s.true_negatives += 1,
            }
        }
        let tp = s.true_positives as f64;
        s.precision = if s.true_positives + s.false_positives == 0 {
            1.0
        } else {
            tp / (tp + s.false_positives as f64)
        };
        s.recall = if s.true_positives + s.false_negatives == 0 {
            1.0
        } else {
            tp / (tp + s.false_negatives as f64)
        };
        s.f1 = if s.precision + s.recall == 0.0 {
            0.0
        } else {
            2.0 * s.precision * s.recall / (s.precision + s.recall)
        };
        s
    }
}

/// A pair the system got wrong.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Miss {
    /// The pair.
    #[serde(flatten)]
    pub pair: LabelledPair,
    /// What tmkit said (`typo`, `transliteration`, … or `different`).
    pub verdict: String,
    /// tmkit's explanation, empty for `different`.
    pub explanation: String,
}

/// Figures per category.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CategoryScore {
    /// Category label.
    pub category: String,
    /// Pairs in it.
    pub pairs: usize,
    /// Pairs tmkit labelled correctly.
    pub correct: usize,
}

/// The outcome of an evaluation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Number of pairs.
    pub pairs: usize,
    /// Pairs labelled `same`.
    pub same_pairs: usize,
    /// Pairs labelled `different`.
    pub different_pairs: usize,
    /// tmkit with every guard.
    pub tmkit: Scores,
    /// tmkit without the lexicon veto (how much the hand lexicon contributes).
    pub tmkit_without_lexicon: Scores,
    /// Jaro–Winkler at the threshold with the best F1 on these pairs.
    pub jaro_winkler: Scores,
    /// That threshold (pairs scoring at least this are called same).
    pub jaro_winkler_threshold: f64,
    /// Jaro–Winkler at the threshold with the most pairs labelled correctly.
    pub jaro_winkler_best_accuracy: Scores,
    /// That threshold.
    pub jaro_winkler_accuracy_threshold: f64,
    /// Jaro–Winkler at the lowest threshold whose precision reaches tmkit's.
    pub jaro_winkler_at_tmkit_precision: Scores,
    /// That threshold.
    pub jaro_winkler_precision_threshold: f64,
    /// Jaro–Winkler at the fixed threshold 0.90 (a common default in
    /// record linkage), not chosen on these pairs.
    pub jaro_winkler_at_0_90: Scores,
    /// Per-category accuracy of tmkit.
    pub categories: Vec<CategoryScore>,
    /// Pairs tmkit got wrong.
    pub misclassified: Vec<Miss>,
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// tmkit's verdict on a pair: the match, or `None` for different.
pub fn judge(pair: &LabelledPair, options: &super::CompareOptions) -> Option<super::NameMatch> {
    let (a, b) = (words(&pair.a), words(&pair.b));
    if a.len() == 1 && b.len() == 1 {
        super::compare_words_with(a[0], b[0], options)
    } else {
        super::compare_names_with(&a, &b, options)
    }
}

/// Plain Jaro–Winkler similarity of the lower-cased spellings.
pub fn jaro_winkler(pair: &LabelledPair) -> f64 {
    strsim::jaro_winkler(&pair.a.to_lowercase(), &pair.b.to_lowercase())
}

/// Runs the evaluation.
pub fn evaluate(pairs: &[LabelledPair]) -> Report {
    let full = super::CompareOptions::default();
    let no_lexicon = super::CompareOptions { use_lexicon: false };
    let verdicts: Vec<Option<super::NameMatch>> = pairs.iter().map(|p| judge(p, &full)).collect();
    let predicted: Vec<bool> = verdicts.iter().map(Option::is_some).collect();
    let tmkit = Scores::from_predictions(pairs, &predicted);
    let predicted_no_lexicon: Vec<bool> = pairs
        .iter()
        .map(|p| judge(p, &no_lexicon).is_some())
        .collect();
    let tmkit_without_lexicon = Scores::from_predictions(pairs, &predicted_no_lexicon);

    let similarities: Vec<f64> = pairs.iter().map(jaro_winkler).collect();
    let mut thresholds: Vec<f64> = similarities.clone();
    thresholds.sort_by(|x, y| x.total_cmp(y));
    thresholds.dedup();
    let at = |threshold: f64| {
        let called: Vec<bool> = similarities.iter().map(|s| *s >= threshold).collect();
        Scores::from_predictions(pairs, &called)
    };
    let mut best = (Scores::default(), 1.0);
    let mut most_correct = (Scores::default(), 1.0);
    let correct = |s: &Scores| s.true_positives + s.true_negatives;
    let mut precise = (at(f64::INFINITY), f64::INFINITY);
    let mut precise_found = false;
    for &threshold in &thresholds {
        let scores = at(threshold);
        if scores.f1 > best.0.f1 {
            best = (scores, threshold);
        }
        if correct(&scores) > correct(&most_correct.0) {
            most_correct = (scores, threshold);
        }
        if !precise_found && scores.precision >= tmkit.precision {
            precise = (scores, threshold);
            precise_found = true;
        }
    }

    let mut categories: Vec<CategoryScore> = Vec::new();
    for (pair, called) in pairs.iter().zip(&predicted) {
        let slot = match categories.iter_mut().find(|c| c.category == pair.category) {
            Some(slot) => slot,
            None => {
                categories.push(CategoryScore {
                    category: pair.category.clone(),
                    pairs: 0,
                    correct: 0,
                });
                categories.last_mut().expect("just pushed")
            }
        };
        slot.pairs += 1;
        slot.correct += usize::from(*called == pair.same);
    }
    let misclassified = pairs
        .iter()
        .zip(&verdicts)
        .filter(|(pair, verdict)| verdict.is_some() != pair.same)
        .map(|(pair, verdict)| Miss {
            pair: pair.clone(),
            verdict: verdict
                .as_ref()
                .map_or("different".to_string(), |m| m.kind.to_string()),
            explanation: verdict
                .as_ref()
                .map(|m| m.explanation.clone())
                .unwrap_or_default(),
        })
        .collect();
    Report {
        pairs: pairs.len(),
        same_pairs: pairs.iter().filter(|p| p.same).count(),
        different_pairs: pairs.iter().filter(|p| !p.same).count(),
        tmkit,
        tmkit_without_lexicon,
        jaro_winkler: best.0,
        jaro_winkler_threshold: best.1,
        jaro_winkler_best_accuracy: most_correct.0,
        jaro_winkler_accuracy_threshold: most_correct.1,
        jaro_winkler_at_tmkit_precision: precise.0,
        jaro_winkler_precision_threshold: precise.1,
        jaro_winkler_at_0_90: at(0.90),
        categories,
        misclassified,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_bad_lines() {
        let pairs =
            parse_pairs("# c\n\nKukhtin\tKhuktin\tsame\ttypo\tnote\nKotov\tKitov\tdifferent\n")
                .expect("valid");
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[0].line, 3);
        assert!(!pairs[1].same);
        let error = parse_pairs("a\tb\tmaybe\n").expect_err("bad label");
        assert_eq!(error.line, 1);
        assert!(error.to_string().contains("same"));
        assert!(parse_pairs("a b\n").is_err());
    }

    #[test]
    fn scores_count_confusions() {
        let pairs = parse_pairs(
            "Kukhtin\tKhuktin\tsame\nKotov\tKitov\tdifferent\nLitvinov\tLitvinova\tdifferent\nOlga\tOlag\tsame\n",
        )
        .expect("valid");
        let report = evaluate(&pairs);
        assert_eq!(report.pairs, 4);
        assert_eq!(
            report.tmkit.true_positives + report.tmkit.false_negatives,
            2
        );
        assert_eq!(
            report.tmkit.false_positives + report.tmkit.true_negatives,
            2
        );
        assert!(report.jaro_winkler_threshold > 0.0);
        assert_eq!(
            report.misclassified.len(),
            report.tmkit.false_positives + report.tmkit.false_negatives
        );
    }
}
