//! Bilingual QA rules that need no glossary, run on every bilingual input
//! (aligned files, TSV pairs, TMX, XLIFF):
//!
//! * `number-mismatch` (warning): a number of the source missing from the
//!   target, or one of the target not in the source, compared by value across
//!   notations (`1,500` = `1 500` = `1.500`, `4.5` = `4,5`; see
//!   [`crate::numbers`]). Dates and times written in digits are compared by
//!   their parts. Numbers written as words are not compared.
//! * `tag-mismatch` (warning): an inline code of the source missing from the
//!   target, an extra one, or a closing code before its opening one.
//! * `untranslated` (note): the target is the source again, when the source
//!   has words to translate (a segment that is only a name, a number, a URL
//!   or a code may stay as it is).
//! * `empty-target`: an empty target where the source has text (a warning),
//!   or a segment not translated yet (an XLIFF draft: a note).

use super::bilingual::{BilingualFile, Segment, place};
use super::{Finding, Related, Rule, Severity, Side, TextFile};
use crate::numbers::{NumberAt, numbers_by_value};
use crate::unit::{Inline, TagKind, attr};

/// Runs the QA rules on every segment of `file`.
pub fn check_qa(file: &BilingualFile) -> Vec<Finding> {
    let mut findings = Vec::new();
    for segment in &file.segments {
        findings.extend(check_segment(file, segment));
    }
    super::sort_findings(&mut findings);
    findings
}

/// Runs the QA rules on one segment of `file` (its file names are used; its
/// segment list is not read), so that a memory can be checked a unit at a
/// time without holding every segment.
pub fn check_qa_segment(file: &BilingualFile, segment: &Segment) -> Vec<Finding> {
    let mut findings = check_segment(file, segment);
    super::sort_findings(&mut findings);
    findings
}

fn check_segment(file: &BilingualFile, segment: &Segment) -> Vec<Finding> {
    let mut findings = Vec::new();
    let source = TextFile::new(&file.source_file, &segment.source);
    let target = TextFile::new(&file.target_file, &segment.target);
    let whole_target = 0..target.text.len();
    if source.text.trim().is_empty() {
        return findings;
    }
    if !segment.has_target || target.text.trim().is_empty() {
        let (severity, message) = if segment.draft {
            let what = if segment.has_target {
                "an empty draft target"
            } else {
                "no target"
            };
            (
                Severity::Note,
                format!("the segment is not translated yet ({what})"),
            )
        } else {
            (
                Severity::Warning,
                "the target is empty but the source has text".to_string(),
            )
        };
        let mut finding = Finding::at(&target, whole_target, Rule::EmptyTarget, severity, message);
        finding.related.push(source_segment(file, segment));
        place(&mut finding, segment, Side::Target, &file.target_file);
        findings.push(finding);
        return findings;
    }
    // Numbers.
    let (missing, extra) = compare_numbers(&source.text, &target.text);
    for (side, text_file, list, what) in [
        (Side::Source, &source, missing, "is not in the target"),
        (Side::Target, &target, extra, "is not in the source"),
    ] {
        for number in list {
            let range = byte_range(&text_file.text, number.start, number.end);
            let span = text_file.text[range.clone()].to_string();
            let mut finding = Finding::at(
                text_file,
                range,
                Rule::NumberMismatch,
                Severity::Warning,
                format!("the number \"{span}\" {what} (compared by value in any notation)"),
            );
            let path = match side {
                Side::Source => &file.source_file,
                Side::Target => &file.target_file,
            };
            place(&mut finding, segment, side, path);
            findings.push(finding);
        }
    }
    // Inline codes.
    for (problem, code) in compare_codes(&segment.source_codes, &segment.target_codes) {
        let message = match problem {
            CodeProblem::Missing => {
                format!("the inline code {code} of the source is missing from the target")
            }
            CodeProblem::Extra => {
                format!("the target has an inline code {code} the source does not have")
            }
            CodeProblem::Reordered => {
                format!(
                    "the closing inline code {code} comes before its opening code in the target"
                )
            }
        };
        let mut finding = Finding::at(
            &target,
            whole_target.clone(),
            Rule::TagMismatch,
            Severity::Warning,
            message,
        );
        finding.related.push(source_segment(file, segment));
        place(&mut finding, segment, Side::Target, &file.target_file);
        findings.push(finding);
    }
    // Untranslated.
    if fold_space(&source.text) == fold_space(&target.text) && needs_translation(&source.text) {
        let mut finding = Finding::at(
            &target,
            whole_target,
            Rule::Untranslated,
            Severity::Note,
            "the target is the same as the source: not translated?".to_string(),
        );
        place(&mut finding, segment, Side::Target, &file.target_file);
        findings.push(finding);
    }
    findings
}

/// The source segment, shown beside a finding about its whole target.
fn source_segment(file: &BilingualFile, segment: &Segment) -> Related {
    Related {
        file: file.source_file.clone(),
        line: segment.source_line,
        column: segment.source_column,
        span: segment.source.clone(),
        label: "source segment".to_string(),
    }
}

fn byte_range(text: &str, start: usize, end: usize) -> std::ops::Range<usize> {
    let mut indices = text.char_indices().map(|(b, _)| b).chain([text.len()]);
    let start_byte = indices.nth(start).unwrap_or(text.len());
    let end_byte = if end > start {
        indices.nth(end - start - 1).unwrap_or(text.len())
    } else {
        start_byte
    };
    start_byte..end_byte
}

/// The source numbers without a target number of the same value, and the
/// target numbers without a source number. Numbers written the same way pair
/// first, then numbers sharing a value in some reading, left to right.
fn compare_numbers(source: &str, target: &str) -> (Vec<NumberAt>, Vec<NumberAt>) {
    let source_numbers = numbers_by_value(source);
    let target_numbers = numbers_by_value(target);
    let source_chars: Vec<char> = source.chars().collect();
    let target_chars: Vec<char> = target.chars().collect();
    let surface = |chars: &[char], n: &NumberAt| chars[n.start..n.end].iter().collect::<String>();
    let mut source_paired = vec![false; source_numbers.len()];
    let mut target_paired = vec![false; target_numbers.len()];
    for same_surface in [true, false] {
        for (i, s) in source_numbers.iter().enumerate() {
            if source_paired[i] {
                continue;
            }
            let found = target_numbers.iter().enumerate().position(|(j, t)| {
                !target_paired[j]
                    && if same_surface {
                        surface(&source_chars, s) == surface(&target_chars, t)
                    } else {
                        s.values.iter().any(|v| t.values.contains(v))
                    }
            });
            if let Some(j) = found {
                source_paired[i] = true;
                target_paired[j] = true;
            }
        }
    }
    let unpaired = |numbers: Vec<NumberAt>, paired: &[bool]| {
        numbers
            .into_iter()
            .zip(paired)
            .filter(|(_, p)| !**p)
            .map(|(n, _)| n)
            .collect::<Vec<_>>()
    };
    (
        unpaired(source_numbers, &source_paired),
        unpaired(target_numbers, &target_paired),
    )
}

/// What is wrong with an inline code of the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CodeProblem {
    Missing,
    Extra,
    Reordered,
}

/// The inline codes of segment content in order, as `kind:id` (`bpt:1`,
/// `ph:2`, `sc:c1`, `g:3`; nested codes included; annotations and `hi` looked
/// through). Paired halves share their id (`bpt`/`ept` by `i` (TMX) or `id` (XLIFF 1.2), `sc`/`ec` by
/// `startRef`, `bx`/`ex` by `rid`).
pub fn code_keys(content: &[Inline]) -> Vec<String> {
    let mut out = Vec::new();
    push_codes(content, &mut out);
    out
}

fn push_codes(content: &[Inline], out: &mut Vec<String>) {
    for piece in content {
        let Inline::Tag {
            kind,
            attrs,
            content,
        } = piece
        else {
            continue;
        };
        if kind.is_code() {
            let id = match kind {
                // TMX pairs by `i`, XLIFF 1.2 by `id`.
                TagKind::Bpt | TagKind::Ept => attr(attrs, "i")
                    .or_else(|| attr(attrs, "id"))
                    .or_else(|| attr(attrs, "x")),
                TagKind::Ec => attr(attrs, "startRef").or_else(|| attr(attrs, "id")),
                TagKind::Bx | TagKind::Ex => attr(attrs, "rid").or_else(|| attr(attrs, "id")),
                _ => attr(attrs, "id").or_else(|| attr(attrs, "x")),
            };
            out.push(format!("{}:{}", kind.name(), id.unwrap_or("")));
        }
        if kind.wraps_text() {
            push_codes(content, out);
        }
    }
}

/// The opening half of a closing code's key (`ept:1` → `bpt:1`).
fn opening_of(key: &str) -> Option<String> {
    let (kind, id) = key.split_once(':')?;
    let open = match kind {
        "ept" => "bpt",
        "ec" => "sc",
        "ex" => "bx",
        _ => return None,
    };
    Some(format!("{open}:{id}"))
}

/// Codes missing from the target, extra in it, and closing codes that come
/// before their opening one in the target (while the source has them in order).
fn compare_codes(source: &[String], target: &[String]) -> Vec<(CodeProblem, String)> {
    let mut problems = Vec::new();
    let mut left: Vec<&String> = target.iter().collect();
    for key in source {
        match left.iter().position(|k| *k == key) {
            Some(at) => {
                left.remove(at);
            }
            None => problems.push((CodeProblem::Missing, key.clone())),
        }
    }
    problems.extend(left.into_iter().map(|k| (CodeProblem::Extra, k.clone())));
    for (at, key) in target.iter().enumerate() {
        let Some(open) = opening_of(key) else {
            continue;
        };
        let in_order = |keys: &[String]| match (
            keys.iter().position(|k| *k == open),
            keys.iter().position(|k| k == key),
        ) {
            (Some(o), Some(c)) => Some(o < c),
            _ => None,
        };
        if let Some(open_at) = target.iter().position(|k| *k == open)
            && open_at > at
            && in_order(source) != Some(false)
        {
            problems.push((CodeProblem::Reordered, key.clone()));
        }
    }
    problems
}

fn fold_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lower-case words that may stand inside a proper name ("Bank of America",
/// "Ludwig van Beethoven", "Rostov-on-Don").
const NAME_PARTICLES: &[&str] = &[
    "of", "the", "and", "de", "da", "del", "der", "den", "van", "von", "la", "le", "du", "al",
    "bin", "y", "on",
];

/// True when a segment has words a translator translates: a word in lower case
/// that is not part of a name. A segment that is only names (capitalised
/// words), numbers, URLs, e-mail addresses or codes (digits, underscores,
/// all capitals) may rightly stay the same in the target.
fn needs_translation(text: &str) -> bool {
    let mut has_word = false;
    for token in text.split_whitespace() {
        if token.contains("://") || token.contains('@') || token.starts_with("www.") {
            continue;
        }
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        if !word.chars().any(char::is_alphabetic)
            || word.chars().any(|c| c.is_ascii_digit() || c == '_')
        {
            continue;
        }
        let first_upper = word.chars().next().is_some_and(char::is_uppercase);
        if first_upper || NAME_PARTICLES.contains(&word) {
            continue;
        }
        has_word = true;
    }
    has_word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mismatches(source: &str, target: &str) -> (Vec<String>, Vec<String>) {
        let (missing, extra) = compare_numbers(source, target);
        let text = |t: &str, n: &NumberAt| t.chars().skip(n.start).take(n.end - n.start).collect();
        (
            missing.iter().map(|n| text(source, n)).collect(),
            extra.iter().map(|n| text(target, n)).collect(),
        )
    }

    #[test]
    fn numbers_compare_by_value_across_notations() {
        let none = (Vec::<String>::new(), Vec::<String>::new());
        assert_eq!(mismatches("1,500 people", "1 500 человек"), none);
        assert_eq!(mismatches("1,500 people", "1\u{202F}500 человек"), none);
        assert_eq!(mismatches("1,500 people", "1.500 Menschen"), none);
        assert_eq!(mismatches("grew 4.5%", "выросла на 4,5 %"), none);
        assert_eq!(mismatches("2,750,000.5 t", "2 750 000,5 т"), none);
        assert_eq!(
            mismatches("on 03.05.2014 at 10:30", "3.05.2014 в 10:30"),
            none
        );
        assert_eq!(mismatches("5 km", "5км"), none);
        assert_eq!(
            mismatches("grew 4.5% in 2014", "выросла на 4,6 % в 2014 году"),
            (vec!["4.5".to_string()], vec!["4,6".to_string()])
        );
        assert_eq!(
            mismatches("1,500 people", "15 000 человек"),
            (vec!["1,500".to_string()], vec!["15 000".to_string()])
        );
        assert_eq!(
            mismatches("in 2014", "в 2015 году"),
            (vec!["2014".to_string()], vec!["2015".to_string()])
        );
        // Two numbers, one missing: the count matters, not just the values.
        assert_eq!(
            mismatches("5 and 5", "5 и пять"),
            (vec!["5".to_string()], vec![])
        );
    }

    #[test]
    fn codes_missing_extra_and_reordered() {
        let keys = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let source = keys(&["bpt:1", "ept:1", "ph:2"]);
        assert!(compare_codes(&source, &keys(&["ph:2", "bpt:1", "ept:1"])).is_empty());
        assert_eq!(
            compare_codes(&source, &keys(&["ept:1", "bpt:1", "ph:2"])),
            [(CodeProblem::Reordered, "ept:1".to_string())]
        );
        assert_eq!(
            compare_codes(&source, &keys(&["bpt:1", "ept:1", "ph:3"])),
            [
                (CodeProblem::Missing, "ph:2".to_string()),
                (CodeProblem::Extra, "ph:3".to_string())
            ]
        );
    }

    #[test]
    fn code_keys_pair_halves_and_look_into_g() {
        let a = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        let content = vec![
            Inline::tag(
                TagKind::G,
                a("id", "1"),
                vec![Inline::tag(TagKind::X, a("id", "2"), vec![])],
            ),
            Inline::tag(TagKind::Sc, a("id", "c1"), vec![]),
            Inline::tag(TagKind::Ec, a("startRef", "c1"), vec![]),
            Inline::tag(TagKind::Mrk, a("id", "m"), vec![Inline::text("t")]),
            Inline::tag(TagKind::Ept, a("id", "5"), vec![]),
        ];
        assert_eq!(
            code_keys(&content),
            ["g:1", "x:2", "sc:c1", "ec:c1", "ept:5"]
        );
    }

    #[test]
    fn names_numbers_and_urls_may_stay_untranslated() {
        assert!(!needs_translation("Mikhail Kukhtin"));
        assert!(!needs_translation("Bank of America"));
        assert!(!needs_translation(
            "https://example.org/a b2 ID_7 NATO 2014"
        ));
        assert!(needs_translation("The talks resumed in Minsk."));
        assert!(needs_translation("переговоры"));
    }
}
