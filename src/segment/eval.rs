//! Boundary precision, recall and F1 against gold JSONL files
//! (`{"lang", "text", "sentences": […], …}` per line).
//!
//! A boundary is the end of a sentence that is not the last of its unit,
//! counted in characters of the NFC text after trailing white space is
//! dropped, so a segmenter is not judged on where it puts spaces. Sentences
//! are located in order as exact substrings; when a gold file normalised the
//! text (pySBD's `clean` cases, sentencex's whitespace folding), they are
//! located again with white space ignored, and a unit whose sentences still
//! cannot be found is reported as skipped rather than scored.

use super::Segment;
use serde::Serialize;
use std::path::Path;

/// One gold unit (a document or a test case).
#[derive(Clone, Debug)]
pub struct GoldUnit {
    /// Language tag of the unit.
    pub lang: String,
    /// `id` or `doc_id` (or the line number).
    pub id: String,
    /// The NFC text.
    pub text: String,
    /// Gold boundaries (character offsets into `text`), sorted.
    pub boundaries: Vec<usize>,
    /// Number of gold sentences.
    pub sentences: usize,
    /// Line of the unit in its file (1-based).
    pub line: usize,
}

/// A unit that could not be scored, and why.
#[derive(Clone, Debug, Serialize)]
pub struct SkippedUnit {
    /// Unit id.
    pub id: String,
    /// Why.
    pub reason: String,
}

/// Counts of boundaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Predicted and in the gold.
    pub true_positives: usize,
    /// Predicted, not in the gold.
    pub false_positives: usize,
    /// In the gold, not predicted.
    pub false_negatives: usize,
}

impl Counts {
    /// Adds another count.
    pub fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
    /// TP / (TP + FP); 1 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        let d = self.true_positives + self.false_positives;
        if d == 0 {
            1.0
        } else {
            self.true_positives as f64 / d as f64
        }
    }
    /// TP / (TP + FN); 1 when the gold has no boundary.
    pub fn recall(&self) -> f64 {
        let d = self.true_positives + self.false_negatives;
        if d == 0 {
            1.0
        } else {
            self.true_positives as f64 / d as f64
        }
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// A wrong boundary with the text around it.
#[derive(Clone, Debug, Serialize)]
pub struct BoundaryError {
    /// `missed` (gold boundary not found) or `spurious` (predicted, not in gold).
    pub kind: &'static str,
    /// Unit id.
    pub id: String,
    /// Character offset.
    pub offset: usize,
    /// Up to 40 characters either side, the boundary marked with `‖`.
    pub context: String,
}

/// Errors reading a gold file.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// The file cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// File.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// A line is not the expected JSON.
    #[error("{path}:{line}: {message}")]
    Format {
        /// File.
        path: String,
        /// Line (1-based).
        line: usize,
        /// What is wrong.
        message: String,
    },
}

#[derive(serde::Deserialize)]
struct RawUnit {
    lang: String,
    text: String,
    sentences: Vec<String>,
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    doc_id: Option<String>,
}

/// Reads a gold JSONL file. Returns the scorable units and the skipped ones.
pub fn read_gold(path: &Path) -> Result<(Vec<GoldUnit>, Vec<SkippedUnit>), GoldError> {
    let text = std::fs::read_to_string(path).map_err(|source| GoldError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let mut units = Vec::new();
    let mut skipped = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let raw: RawUnit = serde_json::from_str(line).map_err(|e| GoldError::Format {
            path: path.display().to_string(),
            line: n + 1,
            message: format!("not a gold unit ({{\"lang\", \"text\", \"sentences\"}}): {e}"),
        })?;
        let id = raw
            .doc_id
            .clone()
            .or_else(|| {
                raw.id.as_ref().map(|v| match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
            })
            .unwrap_or_else(|| format!("line {}", n + 1));
        match locate(&raw.text, &raw.sentences) {
            Ok((text, boundaries)) => units.push(GoldUnit {
                lang: raw.lang,
                id,
                text,
                boundaries,
                sentences: raw.sentences.len(),
                line: n + 1,
            }),
            Err(reason) => skipped.push(SkippedUnit { id, reason }),
        }
    }
    Ok((units, skipped))
}

/// Character offset of the end of `text[..byte]` with trailing white space dropped.
fn trimmed_end_chars(text: &str, byte: usize) -> usize {
    text[..byte].trim_end().chars().count()
}

/// Finds the sentences in order; returns the NFC text and the boundaries.
fn locate(text: &str, sentences: &[String]) -> Result<(String, Vec<usize>), String> {
    let text = crate::text::nfc(text);
    let sentences: Vec<String> = sentences.iter().map(|s| crate::text::nfc(s)).collect();
    // Exact, in order.
    let mut ends = Vec::new();
    let mut from = 0;
    let mut exact = true;
    for sentence in &sentences {
        match text[from..].find(sentence.as_str()) {
            Some(i) => {
                from += i + sentence.len();
                ends.push(from);
            }
            None => {
                exact = false;
                break;
            }
        }
    }
    if !exact {
        // Ignore white space: map every non-space character to its byte offset.
        let (squeezed, map): (String, Vec<usize>) = text
            .char_indices()
            .filter(|(_, c)| !c.is_whitespace())
            .map(|(i, c)| (c, i + c.len_utf8()))
            .unzip();
        let char_starts: Vec<usize> = squeezed.char_indices().map(|(i, _)| i).collect();
        ends.clear();
        let mut from = 0;
        for sentence in &sentences {
            let needle: String = sentence.chars().filter(|c| !c.is_whitespace()).collect();
            let Some(i) = squeezed[from..].find(needle.as_str()) else {
                return Err(format!(
                    "sentence {:?} is not in the text, even ignoring white space",
                    shorten(sentence)
                ));
            };
            from += i + needle.len();
            let last_char = char_starts.partition_point(|s| *s < from) - 1;
            ends.push(map[last_char]);
        }
    }
    let mut boundaries: Vec<usize> = ends
        .iter()
        .take(sentences.len().saturating_sub(1))
        .map(|b| trimmed_end_chars(&text, *b))
        .collect();
    boundaries.sort_unstable();
    boundaries.dedup();
    Ok((text, boundaries))
}

fn shorten(text: &str) -> String {
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// Boundaries of sentences produced by another tool (strings, not offsets),
/// located in `text` the same way as gold sentences.
pub fn boundaries_of_sentences(text: &str, sentences: &[String]) -> Result<Vec<usize>, String> {
    locate(text, sentences).map(|(_, b)| b)
}

/// Predicted boundaries of `segments` over `text` (NFC), same convention as gold.
pub fn predicted_boundaries(text: &str, segments: &[Segment]) -> Vec<usize> {
    let total = text.trim_end().chars().count();
    let mut out: Vec<usize> = segments
        .iter()
        .map(|s| s.end)
        .filter(|e| *e < total)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Scores predicted boundaries against a unit.
pub fn score(unit: &GoldUnit, predicted: &[usize]) -> (Counts, Vec<BoundaryError>) {
    let mut counts = Counts::default();
    let mut errors = Vec::new();
    let chars: Vec<char> = unit.text.chars().collect();
    let context = |offset: usize| {
        let a = offset.saturating_sub(40);
        let b = (offset + 40).min(chars.len());
        let left: String = chars[a..offset.min(chars.len())].iter().collect();
        let right: String = chars[offset.min(chars.len())..b].iter().collect();
        format!("{}‖{}", left.replace('\n', "⏎"), right.replace('\n', "⏎"))
    };
    for b in &unit.boundaries {
        if predicted.binary_search(b).is_ok() {
            counts.true_positives += 1;
        } else {
            counts.false_negatives += 1;
            errors.push(BoundaryError {
                kind: "missed",
                id: unit.id.clone(),
                offset: *b,
                context: context(*b),
            });
        }
    }
    for p in predicted {
        if unit.boundaries.binary_search(p).is_err() {
            counts.false_positives += 1;
            errors.push(BoundaryError {
                kind: "spurious",
                id: unit.id.clone(),
                offset: *p,
                context: context(*p),
            });
        }
    }
    errors.sort_by_key(|e| e.offset);
    (counts, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_sentences_exactly_and_ignoring_space() {
        let (_, b) = locate(
            "A b.  C d. E.",
            &["A b.".into(), "C d.".into(), "E.".into()],
        )
        .unwrap();
        assert_eq!(b, vec![4, 10]);
        let (_, b) = locate("A\nb. C", &["A b.".into(), "C".into()]).unwrap();
        assert_eq!(b, vec![4]);
        assert!(locate("A b.", &["X".into()]).is_err());
    }

    #[test]
    fn counts_precision_recall() {
        let unit = GoldUnit {
            lang: "en".into(),
            id: "u".into(),
            text: "One. Two. Three.".into(),
            boundaries: vec![4, 9],
            sentences: 3,
            line: 1,
        };
        let (c, errors) = score(&unit, &[4]);
        assert_eq!(
            (c.true_positives, c.false_negatives, c.false_positives),
            (1, 1, 0)
        );
        assert!((c.recall() - 0.5).abs() < 1e-9);
        assert_eq!(errors[0].kind, "missed");
        assert_eq!(errors[0].context, "One. Two.‖ Three.");
    }
}
