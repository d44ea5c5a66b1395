//! Checks of translations: name consistency in a document, compliance with
//! glossaries, and source/target term correspondence in bilingual files.
//!
//! Three modes, one result type ([`Finding`]):
//!
//! * **document mode** ([`check_document`]): target text only, no glossary.
//!   Name-like words are grouped into clusters of spellings that
//!   [`crate::names`] judges to be the same name; a cluster with more than one
//!   spelling is reported, with the most frequent (then first) spelling as the
//!   suggestion, never one with look-alike letters of another script while
//!   a spelling without them is in the cluster. This is what catches
//!   "Mikhail Kukhtin" … "Mykhaylo Khuktin".
//! * **glossary mode** ([`check_target`]): every occurrence of a deprecated or
//!   forbidden term, of another transliteration of an approved name, or of a
//!   misspelt approved name is reported with the approved form.
//! * **bilingual mode** ([`check_bilingual`]): a glossary term found in the
//!   source (names through their inflected forms, other terms by stem) whose
//!   approved rendering is missing from the target is reported, counting
//!   occurrences.
//!
//! The library returns findings; rendering (rustc-style or JSON) is the CLI's.
//! [`apply_fixes`] turns findings with a suggestion into a corrected text.

mod bilingual;
pub(crate) mod document;
mod lookup;
mod qa;
mod source;
mod target;
mod termbase;
mod terms;
pub mod words;

pub use bilingual::{
    BilingualFile, Segment, check_bilingual, read_aligned, read_tmx, read_tsv_pairs, read_xliff,
};
pub use document::check_document;
pub use lookup::{LookupHit, LookupKind, lookup};
pub use qa::{check_qa, check_qa_segment, code_keys};
pub use source::TextFile;
pub use target::{check_target, check_with_glossaries};
pub use termbase::Termbase;
pub use terms::{TermHit, find_source_terms};

use serde::Serialize;

/// How serious a finding is. Errors and warnings make `tmkit check` exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Information (a feminine form of a glossary name, an ambiguity resolved).
    Note,
    /// Should be fixed (a deprecated term, another transliteration standard).
    Warning,
    /// Must be fixed (a misspelt name, a forbidden term, a missing term).
    Error,
}

impl Severity {
    /// `error`, `warning`, `note`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// The rule that produced a finding (stable ids, used in JSON and after
/// `error[…]` in diagnostics).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A variant of an approved glossary name (glossary mode).
    NameVariant,
    /// Two or more spellings of one name in a document (document mode).
    NameInconsistency,
    /// A deprecated or superseded term.
    DeprecatedTerm,
    /// A forbidden term.
    ForbiddenTerm,
    /// A glossary term found in the source whose approved target is missing.
    MissingTerm,
    /// A source form shared by several glossary entries.
    AmbiguousTerm,
    /// A look-alike letter of another script inside a word.
    Homoglyph,
    /// A feminine (or masculine) form of a glossary name: probably another person.
    GenderForm,
    /// A number of the source missing from the target, or one extra in it.
    NumberMismatch,
    /// An inline code missing, extra or out of order in the target.
    TagMismatch,
    /// The target is the source again.
    Untranslated,
    /// The target is empty or missing.
    EmptyTarget,
    /// One source segment translated in different ways across units.
    InconsistentTranslation,
    /// One target segment given for different source segments.
    InconsistentSource,
}

impl Rule {
    /// The rule id (`name-variant`, …).
    pub fn id(self) -> &'static str {
        match self {
            Rule::NameVariant => "name-variant",
            Rule::NameInconsistency => "name-inconsistency",
            Rule::DeprecatedTerm => "deprecated-term",
            Rule::ForbiddenTerm => "forbidden-term",
            Rule::MissingTerm => "missing-term",
            Rule::AmbiguousTerm => "ambiguous-term",
            Rule::Homoglyph => "homoglyph",
            Rule::GenderForm => "gender-form",
            Rule::NumberMismatch => "number-mismatch",
            Rule::TagMismatch => "tag-mismatch",
            Rule::Untranslated => "untranslated",
            Rule::EmptyTarget => "empty-target",
            Rule::InconsistentTranslation => "inconsistent-translation",
            Rule::InconsistentSource => "inconsistent-source",
        }
    }
}

/// Which side of a bilingual file a finding points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The source text.
    Source,
    /// The target text (the translation; in document mode, the document).
    Target,
}

/// Another place a finding refers to (the other spellings of a cluster, the
/// source occurrence of a missing term).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    /// File.
    pub file: String,
    /// 1-based line.
    pub line: u64,
    /// 1-based column (characters).
    pub column: u64,
    /// The text there.
    pub span: String,
    /// What it is ("first spelling, 2×", "source occurrence").
    pub label: String,
}

/// One problem found by a check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule (see [`Rule`]).
    pub rule: Rule,
    /// How serious.
    pub severity: Severity,
    /// The file the span is in.
    pub file: String,
    /// 1-based line of the span's start.
    pub line: u64,
    /// 1-based column (characters) of the span's start.
    pub column: u64,
    /// Character offset of the span's start in the file (NFC).
    pub start: usize,
    /// Character offset after the span's end.
    pub end: usize,
    /// 1-based segment number in a bilingual file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<u64>,
    /// The unit the segment belongs to (XLIFF unit id, optionally `/segment id`;
    /// TMX `tuid`), in bilingual mode when the file names its units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Source or target side.
    pub side: Side,
    /// The text of the span.
    pub span: String,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The replacement for the span, when there is one (`--fix` writes it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// The approved form (glossary) or the chosen spelling (document mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved: Option<String>,
    /// How the span differs from the approved form: `transliteration`,
    /// `cross-language`, `typo`, `look-alike`, `deprecated`, `superseded`,
    /// `forbidden`; `missing` for a missing term.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant_kind: Option<String>,
    /// The glossary file that approves the form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub glossary: Option<String>,
    /// The glossary entry id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// Other places this finding refers to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// Byte span in the checked text, for fixing (not serialised).
    #[serde(skip)]
    pub byte_range: std::ops::Range<usize>,
    /// The line the span starts on, for display (not serialised).
    #[serde(skip)]
    pub context: String,
    /// The span's 1-based column within `context` (not serialised).
    #[serde(skip)]
    pub context_column: u64,
}

impl Finding {
    /// A finding at byte range `range` of `file`, with the other fields empty.
    pub fn at(
        file: &TextFile,
        range: std::ops::Range<usize>,
        rule: Rule,
        severity: Severity,
        message: String,
    ) -> Finding {
        let (line, column) = file.line_col(range.start);
        Finding {
            rule,
            severity,
            file: file.path.clone(),
            line,
            column,
            start: file.char_offset(range.start),
            end: file.char_offset(range.end),
            segment: None,
            unit: None,
            side: Side::Target,
            span: file.text[range.clone()].to_string(),
            message,
            suggestion: None,
            approved: None,
            variant_kind: None,
            glossary: None,
            entry: None,
            related: Vec::new(),
            context: file.line_text(line).to_string(),
            context_column: column,
            byte_range: range,
        }
    }

    /// A [`Related`] pointing at this finding's span.
    pub fn as_related(&self, label: String) -> Related {
        Related {
            file: self.file.clone(),
            line: self.line,
            column: self.column,
            span: self.span.clone(),
            label,
        }
    }
}

/// Sorts findings by file, position, then rule, and drops exact duplicates.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| {
        (
            &a.file,
            a.segment,
            a.side as u8,
            a.start,
            a.end,
            a.rule.id(),
        )
            .cmp(&(
                &b.file,
                b.segment,
                b.side as u8,
                b.start,
                b.end,
                b.rule.id(),
            ))
    });
    findings.dedup_by(|a, b| {
        a.file == b.file
            && a.segment == b.segment
            && a.side == b.side
            && a.start == b.start
            && a.end == b.end
            && a.rule == b.rule
    });
}

/// Applies the suggestions of `findings` (target side, file `file`) to
/// `text`, returning the corrected text and the number of replacements.
/// Overlapping findings keep the first; findings without a suggestion and
/// notes are skipped.
pub fn apply_fixes(text: &str, file: &str, findings: &[Finding]) -> (String, usize) {
    let mut edits: Vec<(&std::ops::Range<usize>, &str)> = findings
        .iter()
        .filter(|f| f.file == file && f.side == Side::Target && f.severity != Severity::Note)
        .filter_map(|f| f.suggestion.as_deref().map(|s| (&f.byte_range, s)))
        .filter(|(range, _)| range.end <= text.len() && range.start < range.end)
        .collect();
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut count = 0;
    for (range, replacement) in edits {
        if range.start < at
            || !text.is_char_boundary(range.start)
            || !text.is_char_boundary(range.end)
        {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(replacement);
        at = range.end;
        count += 1;
    }
    out.push_str(&text[at..]);
    (out, count)
}

/// The outcome of a check run: findings plus notes for the user (an empty
/// document, a glossary without the target language).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// Findings, sorted.
    pub findings: Vec<Finding>,
    /// Remarks that are not findings.
    pub notes: Vec<String>,
}

impl Report {
    /// Number of findings of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// True when there is an error or a warning.
    pub fn has_problems(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity >= Severity::Warning)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_apply_in_order_and_skip_overlaps() {
        let file = TextFile::new("t.txt", "Mykhaylo Khuktin met Khuktin.");
        let mut a = Finding::at(&file, 0..16, Rule::NameVariant, Severity::Error, "x".into());
        a.suggestion = Some("Mikhail Kukhtin".into());
        let mut b = Finding::at(&file, 9..16, Rule::NameVariant, Severity::Error, "x".into());
        b.suggestion = Some("Kukhtin".into());
        let mut c = Finding::at(
            &file,
            21..28,
            Rule::NameVariant,
            Severity::Error,
            "x".into(),
        );
        c.suggestion = Some("Kukhtin".into());
        let (fixed, count) = apply_fixes(&file.text, "t.txt", &[c, b, a]);
        assert_eq!(fixed, "Mikhail Kukhtin met Kukhtin.");
        assert_eq!(count, 2);
    }
}
