//! Glossary mode: a target text checked against approved forms.
//!
//! Exact forms come first (one Aho–Corasick pass per index): an approved or
//! admitted form is fine, a deprecated or superseded one is a warning, a
//! forbidden one an error, another transliteration of the entry's Cyrillic
//! original an error naming the standards that produce it. Then every
//! name-like word not already matched is looked up in the skeleton blocking
//! map and compared with [`crate::names::compare_names`] /
//! [`crate::names::compare_words`]: a misspelling, a look-alike letter or a
//! variant the tables do not produce is an error naming the approved form.

use super::termbase::{FormKind, Termbase};
use super::words::{NameScanner, Word, words};
use super::{Finding, Rule, Severity, TextFile};
use crate::names::{NameMatch, VariantKind};
use std::collections::{HashMap, HashSet};

/// Which entries the fuzzy name search may report.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Fuzzy<'a> {
    /// Every name in the termbase (blocking map).
    All,
    /// Only these entries (bilingual mode: the names found in the source).
    Only(&'a [usize]),
}

/// What a scan of one target text found.
#[derive(Debug, Default)]
pub(crate) struct TargetScan {
    pub findings: Vec<Finding>,
    /// Accepted occurrences per prepared entry.
    pub accepted: HashMap<usize, usize>,
    /// Variant occurrences (deprecated, misspelt, …) per prepared entry.
    pub variants: HashMap<usize, usize>,
    /// Byte ranges of approved or admitted forms: a fix must never touch them.
    pub accepted_spans: Vec<std::ops::Range<usize>>,
}

/// Checks `file` against the glossaries of `termbase` (glossary mode).
pub fn check_target(file: &TextFile, termbase: &Termbase) -> Vec<Finding> {
    let scanner = NameScanner::new(&file.text);
    let mut findings = scan_target(file, termbase, &scanner, Fuzzy::All).findings;
    super::sort_findings(&mut findings);
    findings
}

/// Glossary mode on a whole document: [`check_target`], plus document-mode
/// consistency ([`super::check_document`]) for names the glossaries do not
/// cover. The glossaries win: a document finding is dropped when its span is
/// an approved (or admitted) form or a reported variant, or when its
/// suggestion is a spelling the glossaries report as a variant — so `--fix`
/// only ever replaces a non-approved spelling, never an approved one.
///
/// ```
/// use tmkit::check::{Termbase, TextFile, apply_fixes, check_with_glossaries};
/// use tmkit::glossary::Glossary;
///
/// let (glossary, _) = Glossary::load("glossaries/donbas-names.tbx".as_ref()).unwrap();
/// let glossaries = [glossary];
/// let termbase = Termbase::new(&glossaries, "en", None);
/// let file = TextFile::new("t.txt", "Mykhaylo Khuktin met Mikhail Kukhtin.");
/// let findings = check_with_glossaries(&file, &termbase);
/// let (fixed, _) = apply_fixes(&file.text, "t.txt", &findings);
/// assert_eq!(fixed, "Mikhail Kukhtin met Mikhail Kukhtin.");
/// ```
pub fn check_with_glossaries(file: &TextFile, termbase: &Termbase) -> Vec<Finding> {
    let scanner = NameScanner::new(&file.text);
    let scan = scan_target(file, termbase, &scanner, Fuzzy::All);
    let overlaps =
        |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| a.start < b.end && b.start < a.end;
    let variants: HashSet<&str> = scan
        .findings
        .iter()
        .map(|f| &file.text[f.byte_range.clone()])
        .collect();
    let mut findings = scan.findings.clone();
    findings.extend(super::check_document(file).into_iter().filter(|f| {
        let protected = scan
            .findings
            .iter()
            .map(|g| &g.byte_range)
            .chain(&scan.accepted_spans)
            .any(|r| overlaps(r, &f.byte_range));
        let suggests_a_variant = f
            .suggestion
            .as_deref()
            .is_some_and(|s| variants.contains(s));
        !protected && !suggests_a_variant
    }));
    super::sort_findings(&mut findings);
    findings
}

fn starts_uppercase(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

pub(crate) fn scan_target(
    file: &TextFile,
    tb: &Termbase,
    scanner: &NameScanner,
    fuzzy: Fuzzy,
) -> TargetScan {
    let mut scan = TargetScan::default();
    let tokens = words(&file.text);
    let mut covered: Vec<std::ops::Range<usize>> = Vec::new();
    for index in [&tb.target_exact, &tb.target_stemmed] {
        for m in index.find(&tokens) {
            let span = &file.text[m.bytes.clone()];
            let payload = &index.payloads[m.payload];
            let mut accepted_here = false;
            // The same entry in several glossaries counts once per occurrence.
            let mut counted: Vec<Option<&str>> = Vec::new();
            for (entry, kind) in payload {
                if matches!(kind, FormKind::Accepted | FormKind::AcceptedPart) {
                    let prepared = &tb.entries[*entry];
                    // A name written in lower case is an ordinary word ("rose", not Rose).
                    if prepared.case_sensitive && !starts_uppercase(span) {
                        continue;
                    }
                    accepted_here = true;
                    let approved = prepared.approved.as_deref();
                    if approved.is_some() && counted.contains(&approved) {
                        continue;
                    }
                    counted.push(approved);
                    *scan.accepted.entry(*entry).or_default() += 1;
                }
            }
            if accepted_here {
                covered.push(m.bytes.clone());
                scan.accepted_spans.push(m.bytes.clone());
                continue;
            }
            let worst = payload
                .iter()
                .filter(|(entry, _)| !tb.entries[*entry].case_sensitive || starts_uppercase(span))
                .max_by_key(|(_, kind)| match kind {
                    FormKind::Forbidden => 4,
                    FormKind::Deprecated(_) => 3,
                    FormKind::Superseded => 2,
                    FormKind::Transliteration(_) => 1,
                    _ => 0,
                });
            let Some((entry, kind)) = worst else { continue };
            if let Some(finding) = exact_finding(file, tb, m.bytes.clone(), *entry, kind) {
                *scan.variants.entry(*entry).or_default() += 1;
                covered.push(m.bytes.clone());
                scan.findings.push(finding);
            }
        }
    }
    fuzzy_names(file, tb, scanner, fuzzy, &covered, &mut scan);
    scan
}

fn exact_finding(
    file: &TextFile,
    tb: &Termbase,
    range: std::ops::Range<usize>,
    entry: usize,
    kind: &FormKind,
) -> Option<Finding> {
    let prepared = &tb.entries[entry];
    let approved = prepared.approved.clone();
    let span = file.text[range.clone()].to_string();
    let use_instead = approved
        .as_deref()
        .map(|a| format!("; use \"{a}\""))
        .unwrap_or_default();
    let (rule, severity, variant, message) = match kind {
        FormKind::Forbidden => (
            Rule::ForbiddenTerm,
            Severity::Error,
            "forbidden",
            format!("\"{span}\" is a forbidden term{use_instead}"),
        ),
        FormKind::Deprecated(note) => (
            Rule::DeprecatedTerm,
            Severity::Warning,
            "deprecated",
            format!(
                "\"{span}\" is deprecated{use_instead}{}",
                note.as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default()
            ),
        ),
        FormKind::Superseded => (
            Rule::DeprecatedTerm,
            Severity::Warning,
            "superseded",
            format!("\"{span}\" is superseded{use_instead}"),
        ),
        FormKind::Transliteration(schemes) => (
            Rule::NameVariant,
            Severity::Error,
            "transliteration",
            format!(
                "\"{span}\" is the {} spelling of this name, not the approved one{use_instead}",
                list_schemes(schemes)
            ),
        ),
        _ => return None,
    };
    let mut finding = Finding::at(file, range, rule, severity, message);
    finding.suggestion = approved.clone();
    finding.approved = approved;
    finding.variant_kind = Some(variant.to_string());
    finding.glossary = Some(tb.glossary_path(entry).to_string());
    finding.entry = tb.entry(entry).id.clone();
    Some(finding)
}

fn list_schemes(schemes: &[String]) -> String {
    match schemes {
        [] => "another transliteration standard's".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn overlaps(range: &std::ops::Range<usize>, covered: &[std::ops::Range<usize>]) -> bool {
    covered
        .iter()
        .any(|c| c.start < range.end && range.start < c.end)
}

/// The kind word and severity of a name match in glossary mode.
fn describe(kind: VariantKind) -> Option<(Rule, &'static str)> {
    match kind {
        VariantKind::Identical | VariantKind::Inflection => None,
        VariantKind::Typo => Some((Rule::NameVariant, "typo")),
        VariantKind::LookAlike => Some((Rule::Homoglyph, "look-alike")),
        VariantKind::Transliteration => Some((Rule::NameVariant, "transliteration")),
        VariantKind::CrossLanguage => Some((Rule::NameVariant, "cross-language")),
        VariantKind::Conventional => Some((Rule::NameVariant, "conventional")),
    }
}

fn kind_phrase(kind: &str) -> &'static str {
    match kind {
        "typo" => "a probable misspelling",
        "look-alike" => "written with a look-alike letter from another alphabet",
        "transliteration" => "another transliteration",
        "cross-language" => "another language's form",
        "conventional" => "the conventional English form",
        _ => "a variant",
    }
}

fn fuzzy_names(
    file: &TextFile,
    tb: &Termbase,
    scanner: &NameScanner,
    fuzzy: Fuzzy,
    covered: &[std::ops::Range<usize>],
    scan: &mut TargetScan,
) {
    let allowed: Option<HashSet<usize>> = match fuzzy {
        Fuzzy::All => None,
        Fuzzy::Only(list) => Some(list.iter().copied().collect()),
    };
    for mention in scanner.mentions(&file.text) {
        // Runs of words of this mention that no exact form covered.
        let mut runs: Vec<Vec<Word>> = vec![Vec::new()];
        for word in mention {
            if overlaps(&(word.start..word.end), covered) {
                runs.push(Vec::new());
            } else if let Some(run) = runs.last_mut() {
                run.push(word);
            }
        }
        for run in runs.into_iter().filter(|r| !r.is_empty()) {
            let mut candidates: Vec<usize> = Vec::new();
            match &allowed {
                None => {
                    for word in &run {
                        for (entry, _) in tb.name_candidates(word.text) {
                            if !candidates.contains(&entry) {
                                candidates.push(entry);
                            }
                        }
                    }
                }
                Some(set) => candidates.extend(set.iter().copied()),
            }
            candidates.sort_unstable();
            let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
            let mut genders: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
            let mut best: Vec<(std::ops::Range<usize>, usize, NameMatch, String)> = Vec::new();
            for entry in candidates {
                let prepared = &tb.entries[entry];
                let Some(approved) = prepared.approved.as_deref() else {
                    continue;
                };
                if !prepared.is_name {
                    continue;
                }
                let target: Vec<&str> = approved.split_whitespace().collect();
                let found = match_run(&run, &target);
                if !found.is_empty() {
                    best.extend(found.into_iter().map(|(r, m, s)| (r, entry, m, s)));
                } else if let Some(word) = target.last().and_then(|surname| {
                    run.iter().find(|w| {
                        crate::names::guards::is_gender_pair(
                            &crate::names::primary_skeleton(w.text),
                            &crate::names::primary_skeleton(surname),
                        )
                    })
                }) {
                    genders.push((word.start..word.end, entry));
                }
            }
            // Keep the closest entry for each span.
            best.sort_by_key(|(range, _, m, _)| {
                (range.start, m.distance, usize::MAX - range.len())
            });
            for (range, entry, name_match, suggestion) in best {
                if overlaps(&range, &taken) {
                    continue;
                }
                let Some((rule, kind)) = describe(name_match.kind) else {
                    continue;
                };
                taken.push(range.clone());
                let span = file.text[range.clone()].to_string();
                let approved = tb.entries[entry].approved.clone();
                let message = format!(
                    "\"{span}\" is {} of the approved name \"{}\": {}",
                    kind_phrase(kind),
                    approved.as_deref().unwrap_or(&suggestion),
                    name_match.explanation
                );
                let mut finding = Finding::at(file, range, rule, Severity::Error, message);
                finding.suggestion = Some(suggestion);
                finding.approved = approved;
                finding.variant_kind = Some(kind.to_string());
                finding.glossary = Some(tb.glossary_path(entry).to_string());
                finding.entry = tb.entry(entry).id.clone();
                *scan.variants.entry(entry).or_default() += 1;
                scan.findings.push(finding);
            }
            for (range, entry) in genders {
                if overlaps(&range, &taken) {
                    continue;
                }
                taken.push(range.clone());
                let span = file.text[range.clone()].to_string();
                let approved = tb.entries[entry].approved.clone().unwrap_or_default();
                let mut finding = Finding::at(
                    file,
                    range,
                    Rule::GenderForm,
                    Severity::Note,
                    format!(
                        "\"{span}\" is the other-gender form of the glossary name \"{approved}\": another person? (not a misspelling)"
                    ),
                );
                finding.approved = Some(approved);
                finding.variant_kind = Some("gender-form".to_string());
                finding.glossary = Some(tb.glossary_path(entry).to_string());
                finding.entry = tb.entry(entry).id.clone();
                scan.findings.push(finding);
            }
        }
    }
}

/// Finds the part of `run` that names `target`: a window of as many words
/// as the approved name (compared as a whole name), or else a single word
/// compared with the approved surname or one-word name. Returns the byte
/// range, the match, and the replacement text.
/// Every place in `run` where the approved name `target` is misspelt: whole
/// names first (non-overlapping windows), then the surname alone among the
/// words left over ("Mykhaylo Khuktin … Khuktin" gives both).
fn match_run(run: &[Word], target: &[&str]) -> Vec<(std::ops::Range<usize>, NameMatch, String)> {
    let mut found = Vec::new();
    if target.is_empty() {
        return found;
    }
    let mut used = vec![false; run.len()];
    if run.len() >= target.len() && target.len() > 1 {
        let mut at = 0;
        while at + target.len() <= run.len() {
            let window = &run[at..at + target.len()];
            let texts: Vec<&str> = window.iter().map(|w| w.text).collect();
            if let Some(m) = crate::names::compare_names(&texts, target)
                && describe(m.kind).is_some()
            {
                let range = window[0].start..window[window.len() - 1].end;
                found.push((range, m, target.join(" ")));
                used[at..at + target.len()].fill(true);
                at += target.len();
            } else {
                at += 1;
            }
        }
    }
    let surname = target[target.len() - 1];
    for (word, _) in run.iter().zip(&used).filter(|(_, used)| !**used) {
        if let Some(m) = crate::names::compare_words(word.text, surname)
            && describe(m.kind).is_some()
            && !matches!(
                m.kind,
                VariantKind::CrossLanguage | VariantKind::Conventional
            )
        {
            found.push((word.start..word.end, m, surname.to_string()));
        }
    }
    found
}
