//! Bilingual mode: source and target side by side (two aligned files, a
//! TSV of pairs, a TMX file read through [`crate::tmx`], or an XLIFF file
//! read through [`crate::xliff`]).
//!
//! For each segment, glossary terms are found in the source (names through
//! every inflected case form, other terms by stem) and counted; the target is
//! scanned for the approved renderings (a surname alone counts for a name).
//! When the source has more occurrences than the target has approved forms
//! plus reported variants, the missing ones are errors at their source
//! positions. A source form that belongs to several entries and is not
//! resolved by an adjacent first name is reported as ambiguous, and any of
//! the candidates' approved forms satisfies it.

use super::target::{Fuzzy, scan_target};
use super::termbase::{FormKind, Termbase};
use super::words::{NameScanner, words};
use super::{Finding, Related, Rule, Severity, Side, TextFile};
use crate::unit::{Position, ReadError};
use std::collections::HashMap;

/// One source/target pair with where each side came from.
#[derive(Clone, Debug)]
pub struct Segment {
    /// 1-based segment number.
    pub number: u64,
    /// Source text.
    pub source: String,
    /// Target text.
    pub target: String,
    /// Line of the source text in its file (1-based; 0 when unknown).
    pub source_line: u64,
    /// Column where the source text starts on that line (1-based).
    pub source_column: u64,
    /// Line of the target text in its file.
    pub target_line: u64,
    /// Column where the target text starts on that line.
    pub target_column: u64,
    /// A third TSV column (a comment), kept so that `--fix` writes it back.
    pub comment: Option<String>,
    /// The unit it comes from (XLIFF unit id, with `/segment id` when the unit
    /// has several; TMX `tuid`), shown in findings.
    pub unit: Option<String>,
    /// The inline codes of the source in order ([`super::code_keys`]; empty
    /// for plain text inputs).
    pub source_codes: Vec<String>,
    /// The inline codes of the target in order.
    pub target_codes: Vec<String>,
    /// False when the file has no target for this segment (an XLIFF segment
    /// not translated yet); `target` is then empty.
    pub has_target: bool,
    /// True when the file says the target is a draft (an XLIFF segment in
    /// state `initial` or without a state): an empty target is only a note.
    pub draft: bool,
}

impl Segment {
    /// The segment of a translation unit's source and target variants (a TMX
    /// unit or a memory's unit): numbered `number`, named by the unit's
    /// `tuid`, with each side's inline codes; no line, since a unit is not
    /// a line of a file.
    pub fn from_variants(
        number: u64,
        unit: &crate::unit::TranslationUnit,
        source: &crate::unit::Variant,
        target: &crate::unit::Variant,
    ) -> Segment {
        Segment {
            number,
            source: source.text(),
            target: target.text(),
            source_line: 0,
            source_column: 1,
            target_line: 0,
            target_column: 1,
            comment: None,
            unit: unit.tuid().map(str::to_string),
            source_codes: super::code_keys(&source.content),
            target_codes: super::code_keys(&target.content),
            has_target: true,
            draft: false,
        }
    }
}

/// A bilingual document: segments plus the file names of each side.
#[derive(Clone, Debug, Default)]
pub struct BilingualFile {
    /// File holding the source text.
    pub source_file: String,
    /// File holding the target text.
    pub target_file: String,
    /// The segments, in order.
    pub segments: Vec<Segment>,
}

/// Pairs two files line by line. Both must have the same number of lines.
pub fn read_aligned(
    source_file: &str,
    source: &str,
    target_file: &str,
    target: &str,
) -> Result<BilingualFile, ReadError> {
    let source_lines: Vec<&str> = source.trim_start_matches('\u{feff}').lines().collect();
    let target_lines: Vec<&str> = target.trim_start_matches('\u{feff}').lines().collect();
    if source_lines.len() != target_lines.len() {
        let shorter = source_lines.len().min(target_lines.len());
        return Err(ReadError {
            position: Position {
                file: target_file.to_string(),
                line: shorter as u64 + 1,
                column: 1,
            },
            message: format!(
                "the files are not aligned: {source_file} has {} lines, {target_file} has {}; line N of one must translate line N of the other",
                source_lines.len(),
                target_lines.len()
            ),
        });
    }
    let segments = source_lines
        .iter()
        .zip(&target_lines)
        .enumerate()
        .map(|(i, (s, t))| Segment {
            number: i as u64 + 1,
            source: s.trim_end_matches('\r').to_string(),
            target: t.trim_end_matches('\r').to_string(),
            source_line: i as u64 + 1,
            source_column: 1,
            target_line: i as u64 + 1,
            target_column: 1,
            comment: None,
            unit: None,
            source_codes: Vec::new(),
            target_codes: Vec::new(),
            has_target: true,
            draft: false,
        })
        .collect();
    Ok(BilingualFile {
        source_file: source_file.to_string(),
        target_file: target_file.to_string(),
        segments,
    })
}

/// Reads `source<TAB>target` lines (a third column, e.g. a comment, is
/// allowed and ignored). Any other column count is an error naming the line.
pub fn read_tsv_pairs(file: &str, text: &str) -> Result<BilingualFile, ReadError> {
    let mut segments = Vec::new();
    for (i, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if !(2..=3).contains(&cells.len()) {
            return Err(ReadError {
                position: Position {
                    file: file.to_string(),
                    line: i as u64 + 1,
                    column: 1,
                },
                message: format!(
                    "wrong number of columns: found {} tab-separated columns, expected 2 (source, target) or 3 (with a comment)",
                    cells.len()
                ),
            });
        }
        segments.push(Segment {
            number: segments.len() as u64 + 1,
            source: cells[0].to_string(),
            target: cells[1].to_string(),
            source_line: i as u64 + 1,
            source_column: 1,
            target_line: i as u64 + 1,
            target_column: cells[0].chars().count() as u64 + 2,
            comment: cells.get(2).map(|c| c.to_string()),
            unit: None,
            source_codes: Vec::new(),
            target_codes: Vec::new(),
            has_target: true,
            draft: false,
        });
    }
    Ok(BilingualFile {
        source_file: file.to_string(),
        target_file: file.to_string(),
        segments,
    })
}

/// Reads the pairs of a TMX file: the variant in `source_lang` (default: the
/// header's `srclang`) and the one in `target_lang` of each unit. Units
/// lacking either side are skipped. Returns the file and the source language used.
pub fn read_tmx(
    path: &std::path::Path,
    source_lang: Option<&str>,
    target_lang: &str,
) -> Result<(BilingualFile, String), ReadError> {
    use crate::unit::UnitReader;
    let name = path.display().to_string();
    let mut reader = crate::tmx::TmxReader::open(path)?;
    let source_lang = match source_lang {
        Some(lang) => lang.to_string(),
        None => reader
            .header()
            .source_lang()
            .map(|l| l.normalized().to_string())
            .ok_or_else(|| ReadError {
                position: Position {
                    file: name.clone(),
                    line: 1,
                    column: 1,
                },
                message: "the TMX header has no usable srclang; say the source language with --lang ru:en".to_string(),
            })?,
    };
    let source_tag = crate::lang::LangTag::parse(&source_lang);
    let target_tag = crate::lang::LangTag::parse(target_lang);
    let mut segments = Vec::new();
    let mut number = 0u64;
    while let Some(unit) = reader.next_unit()? {
        number += 1;
        let (Some(source), Some(target)) = (
            unit.variant_covering(&source_tag),
            unit.variant_covering(&target_tag),
        ) else {
            continue;
        };
        segments.push(Segment::from_variants(number, &unit, source, target));
    }
    Ok((
        BilingualFile {
            source_file: name.clone(),
            target_file: name,
            segments,
        },
        source_lang,
    ))
}

/// Reads the segments of an XLIFF file (any version; ignorables left out) as
/// pairs named by unit id; a segment without a target has `has_target` false. The languages
/// default to the file's own (`srcLang`/`trgLang`, `source-language`/
/// `target-language`). Returns the file and the source and target languages used.
pub fn read_xliff(
    path: &std::path::Path,
    source_lang: Option<&str>,
    target_lang: Option<&str>,
) -> Result<(BilingualFile, String, String), ReadError> {
    use crate::xliff::{ContainerKind, Event, XliffReader};
    let name = path.display().to_string();
    let mut reader = XliffReader::open(path)?;
    let (mut file_source, mut file_target) = (None::<String>, None::<String>);
    let mut segments = Vec::new();
    let mut number = 0u64;
    while let Some(event) = reader.next_event()? {
        match event {
            Event::Open(ContainerKind::Root, head) => {
                file_source = head.attr("srcLang").map(str::to_string);
                file_target = head.attr("trgLang").map(str::to_string);
            }
            Event::Open(ContainerKind::File, head) => {
                if let Some(lang) = head.attr("source-language") {
                    file_source.get_or_insert_with(|| lang.to_string());
                }
                if let Some(lang) = head.attr("target-language") {
                    file_target.get_or_insert_with(|| lang.to_string());
                }
            }
            Event::Unit(unit) => {
                let translatable = unit.segments().iter().filter(|s| !s.ignorable).count();
                for segment in unit.segments().iter().filter(|s| !s.ignorable) {
                    let empty = Vec::new();
                    let target = segment.target.as_ref().unwrap_or(&empty);
                    number += 1;
                    let id = unit.id().unwrap_or("?");
                    let label = match (&segment.id, translatable > 1) {
                        (Some(segment_id), true) => format!("{id}/{segment_id}"),
                        _ => id.to_string(),
                    };
                    segments.push(Segment {
                        number,
                        source: crate::unit::plain_text(&segment.source),
                        target: crate::unit::plain_text(target),
                        source_line: 0,
                        source_column: 1,
                        target_line: 0,
                        target_column: 1,
                        comment: None,
                        unit: Some(label),
                        source_codes: super::code_keys(&segment.source),
                        target_codes: super::code_keys(target),
                        has_target: segment.target.is_some(),
                        draft: matches!(segment.state, None | Some(crate::xliff::State::Initial)),
                    });
                }
            }
            _ => {}
        }
    }
    let missing = |what: &str| ReadError {
        position: Position {
            file: name.clone(),
            line: 1,
            column: 1,
        },
        message: format!(
            "the XLIFF file does not say its {what} language; give it with --lang ru:en"
        ),
    };
    let source = match source_lang {
        Some(lang) => lang.to_string(),
        None => file_source.ok_or_else(|| missing("source"))?,
    };
    let target = match target_lang {
        Some(lang) => lang.to_string(),
        None => file_target.ok_or_else(|| missing("target"))?,
    };
    Ok((
        BilingualFile {
            source_file: name.clone(),
            target_file: name,
            segments,
        },
        source,
        target,
    ))
}

fn primary(lang: &str) -> &str {
    lang.split(['-', '_']).next().unwrap_or(lang)
}

/// Moves a finding from segment-local positions to file positions.
pub(super) fn place(finding: &mut Finding, segment: &Segment, side: Side, file: &str) {
    let (line, column) = match side {
        Side::Source => (segment.source_line, segment.source_column),
        Side::Target => (segment.target_line, segment.target_column),
    };
    finding.file = file.to_string();
    for related in &mut finding.related {
        if related.label != "target segment" {
            related.file = file.to_string();
        }
    }
    finding.segment = Some(segment.number);
    finding.unit = segment.unit.clone();
    finding.side = side;
    if line > 0 {
        if finding.line == 1 {
            finding.column += column - 1;
        }
        finding.line += line - 1;
    } else {
        finding.line = 0;
    }
}

/// Checks every segment of `file` against `termbase` (which must have a
/// source language), plus the QA rules of [`super::check_qa`].
pub fn check_bilingual(file: &BilingualFile, termbase: &Termbase) -> Vec<Finding> {
    let mut findings = super::check_qa(file);
    for segment in file.segments.iter().filter(|s| s.has_target) {
        findings.extend(check_segment(file, segment, termbase));
    }
    super::sort_findings(&mut findings);
    findings
}

fn check_segment(file: &BilingualFile, segment: &Segment, tb: &Termbase) -> Vec<Finding> {
    let mut findings = Vec::new();
    let source = TextFile::new(&file.source_file, &segment.source);
    let target = TextFile::new(&file.target_file, &segment.target);
    let tokens = words(&source.text);
    // Source occurrences per entry, and ambiguous occurrences.
    let mut occurrences: HashMap<usize, Vec<std::ops::Range<usize>>> = HashMap::new();
    let mut ambiguous: Vec<(std::ops::Range<usize>, Vec<usize>)> = Vec::new();
    let mut seen: Vec<std::ops::Range<usize>> = Vec::new();
    for index in [&tb.source_exact, &tb.source_stemmed] {
        for m in index.find(&tokens) {
            // Exact forms come first; a stem match over the same words is the same occurrence.
            if seen
                .iter()
                .any(|r| r.start < m.bytes.end && m.bytes.start < r.end)
            {
                continue;
            }
            let span = &source.text[m.bytes.clone()];
            let payload = &index.payloads[m.payload];
            let mut candidates: Vec<(usize, bool)> = Vec::new();
            for (entry, kind) in payload {
                let FormKind::Source { full } = kind else {
                    continue;
                };
                // Names are capitalised in the source; "роза" is not the name Роза.
                if tb.entries[*entry].is_name
                    && !span.chars().next().is_some_and(char::is_uppercase)
                {
                    continue;
                }
                if !candidates.iter().any(|(e, _)| e == entry) {
                    candidates.push((*entry, *full));
                }
            }
            if candidates.iter().any(|(_, full)| *full) {
                candidates.retain(|(_, full)| *full);
            }
            // Entries from several glossaries that agree on the translation are one.
            let mut seen_approved: Vec<Option<String>> = Vec::new();
            candidates.retain(|(e, _)| {
                let approved = tb.entries[*e]
                    .approved
                    .as_deref()
                    .map(super::termbase::fold_word);
                if approved.is_some() && seen_approved.contains(&approved) {
                    false
                } else {
                    seen_approved.push(approved);
                    true
                }
            });
            if candidates.len() > 1 {
                // A form that is exactly one candidate's lemma is that candidate
                // (stems of Херсоиск and Херсоиское coincide, the words do not).
                let folded = super::termbase::fold_word(span);
                let exact: Vec<(usize, bool)> = candidates
                    .iter()
                    .filter(|(e, _)| {
                        tb.entry(*e).terms.iter().any(|t| {
                            Some(t.lang.primary()) == tb.source_lang.as_deref().map(primary)
                                && super::termbase::fold_word(&t.text) == folded
                        })
                    })
                    .copied()
                    .collect();
                if exact.len() == 1 {
                    candidates = exact;
                }
            }
            if !candidates.is_empty() {
                seen.push(m.bytes.clone());
            }
            match candidates.len() {
                0 => {}
                1 => occurrences
                    .entry(candidates[0].0)
                    .or_default()
                    .push(m.bytes.clone()),
                _ => ambiguous.push((
                    m.bytes.clone(),
                    candidates.iter().map(|(e, _)| *e).collect(),
                )),
            }
        }
    }
    let mut found: Vec<usize> = occurrences.keys().copied().collect();
    found.extend(ambiguous.iter().flat_map(|(_, c)| c.iter().copied()));
    found.sort_unstable();
    found.dedup();
    let scanner = NameScanner::without_context();
    let scan = scan_target(&target, tb, &scanner, Fuzzy::Only(&found));
    for mut finding in scan.findings {
        place(&mut finding, segment, Side::Target, &file.target_file);
        findings.push(finding);
    }
    // Counted per approved form, so that the same entry in several glossaries is one.
    let key = |entry: usize| -> String {
        tb.entries[entry]
            .approved
            .as_deref()
            .map(super::termbase::fold_word)
            .unwrap_or_else(|| format!("#{entry}"))
    };
    let mut available: HashMap<String, usize> = HashMap::new();
    for (entry, count) in scan.accepted.iter().chain(scan.variants.iter()) {
        *available.entry(key(*entry)).or_default() += count;
    }
    let mut entries: Vec<_> = occurrences.into_iter().collect();
    entries.sort_by_key(|(_, ranges)| ranges[0].start);
    for (entry, ranges) in entries {
        let Some(approved) = tb.entries[entry].approved.clone() else {
            continue;
        };
        let have = available.get(&key(entry)).copied().unwrap_or(0);
        let wanted = ranges.len();
        let take = have.min(wanted);
        if let Some(left) = available.get_mut(&key(entry)) {
            *left -= take;
        }
        if wanted <= have {
            continue;
        }
        let target_count = scan.accepted.get(&entry).copied().unwrap_or(0);
        for range in &ranges[have..] {
            let span = source.text[range.clone()].to_string();
            let message = if wanted == 1 {
                format!(
                    "\"{span}\" is in the source, but its approved translation \"{approved}\" is missing from the target"
                )
            } else {
                format!(
                    "\"{span}\" ({approved}) occurs {wanted}× in the source but \"{approved}\" only {target_count}× in the target"
                )
            };
            let mut finding = Finding::at(
                &source,
                range.clone(),
                Rule::MissingTerm,
                Severity::Error,
                message,
            );
            finding.approved = Some(approved.clone());
            finding.variant_kind = Some("missing".to_string());
            finding.glossary = Some(tb.glossary_path(entry).to_string());
            finding.entry = tb.entry(entry).id.clone();
            finding.related.push(Related {
                file: file.target_file.clone(),
                line: segment.target_line,
                column: segment.target_column,
                span: segment.target.clone(),
                label: "target segment".to_string(),
            });
            place(&mut finding, segment, Side::Source, &file.source_file);
            findings.push(finding);
        }
    }
    for (range, candidates) in ambiguous {
        let satisfied = candidates
            .iter()
            .find(|e| available.get(&key(**e)).copied().unwrap_or(0) > 0)
            .copied();
        if let Some(entry) = satisfied
            && let Some(left) = available.get_mut(&key(entry))
        {
            *left -= 1;
        }
        let span = source.text[range.clone()].to_string();
        let names: Vec<String> = candidates
            .iter()
            .filter_map(|e| tb.entries[*e].approved.clone())
            .map(|a| format!("\"{a}\""))
            .collect();
        let (severity, tail) = match satisfied {
            Some(e) => (
                Severity::Note,
                format!(
                    "; the target has \"{}\"",
                    tb.entries[e].approved.clone().unwrap_or_default()
                ),
            ),
            None => (
                Severity::Error,
                "; none of them is in the target".to_string(),
            ),
        };
        let mut finding = Finding::at(
            &source,
            range,
            Rule::AmbiguousTerm,
            severity,
            format!(
                "\"{span}\" is a form of {} glossary entries ({}); {}{tail}",
                candidates.len(),
                names.join(" or "),
                if candidates
                    .iter()
                    .all(|e| { tb.entry(*e).name_type == Some(crate::glossary::NameType::Person) })
                {
                    "no adjacent first name tells which"
                } else {
                    "the segment does not tell which"
                }
            ),
        );
        finding.glossary = Some(tb.glossary_path(candidates[0]).to_string());
        place(&mut finding, segment, Side::Source, &file.source_file);
        findings.push(finding);
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_files_must_have_equal_lines() {
        let err = read_aligned("s.txt", "a\nb\n", "t.txt", "a\n").unwrap_err();
        assert!(err.message.contains("2 lines"), "{}", err.message);
        let ok = read_aligned("s.txt", "a\nb", "t.txt", "x\ny\n").unwrap();
        assert_eq!(ok.segments.len(), 2);
        assert_eq!(ok.segments[1].target, "y");
    }

    #[test]
    fn tsv_pairs_report_bad_lines() {
        let err = read_tsv_pairs("p.tsv", "a\tb\nc\n").unwrap_err();
        assert_eq!(err.position.line, 2);
        let ok = read_tsv_pairs("p.tsv", "Донецк\tDonetsk\tnote\n").unwrap();
        assert_eq!(ok.segments[0].target_column, 8);
    }
}
