//! The JSON documents the commands answer with (`--format json`), built in one
//! place for both front ends: `tmkit match|concordance|check|pretranslate|memory
//! lookup --format json` print them, and `tmkit serve` sends the same
//! documents as HTTP responses (`memory stats` prints
//! [`crate::memory::Stats`] as it is). Field names are stable; README.md
//! documents them.
//!
//! Besides building documents, this module holds the few steps both front
//! ends run the same way before rendering (the per-segment match loop, the
//! choice of check mode), so that a query gives the same answer on the
//! command line and over HTTP.
//!
//! ```
//! use tmkit::lang::LangPair;
//! use tmkit::memory::{Memory, MemorySource};
//! use tmkit::unit::TranslationUnit;
//! use tmkit::workflow::report::{self, MatchOptions};
//!
//! let mut memory = Memory::open_in_memory().unwrap();
//! memory.add(&TranslationUnit::pair("en", "The talks ended.", "ru", "Переговоры закончились.")).unwrap();
//! let sources = [MemorySource { memory: &memory, name: "news.tmdb".into(), penalty: 0 }];
//! let segments = vec!["The talks ended.".to_string()];
//! let options = MatchOptions::new("en:ru".parse::<LangPair>().unwrap());
//! let found = report::match_segments(&sources, &segments, &options).unwrap();
//! let doc = report::matches(&segments, &found);
//! assert_eq!(doc["queries"][0]["suggestions"][0]["score"], 100);
//! ```

use crate::check::{self, BilingualFile, Finding, Report, Severity, Termbase, TextFile};
use crate::fuzzy::score::{DiffSpan, MatchKind, Penalty, PenaltyWeights, Substitution};
use crate::fuzzy::{Context, Query, Suggestion};
use crate::glossary::{Glossary, GlossaryWarning};
use crate::lang::LangPair;
use crate::memory::{
    ConcordanceHit, ExactHit, MemoryError, MemorySource, map_lookups, suggest_many,
};
use crate::workflow::pretranslate::Outcome;
use serde::Serialize;
use serde_json::{Value, json};

/// What `tmkit match` looks up with (its flags, and `POST /match`'s fields).
#[derive(Clone, Debug)]
pub struct MatchOptions {
    /// Source and target language.
    pub pair: LangPair,
    /// Lowest score kept (percent, 1–101).
    pub min: u8,
    /// At most this many suggestions per segment.
    pub max: usize,
    /// Treat the segments as consecutive sentences of one text: each one's
    /// neighbours are its context for 101% matches (`--file`).
    pub context: bool,
}

impl MatchOptions {
    /// The CLI's defaults: `--min 70 --max 5`, no context.
    pub fn new(pair: LangPair) -> MatchOptions {
        MatchOptions {
            pair,
            min: 70,
            max: 5,
            context: false,
        }
    }
}

/// Why a query cannot be matched, or `None` when it has words.
pub fn query_problem(text: &str) -> Option<&'static str> {
    crate::fuzzy::tokenize::tokenize(text).is_empty().then_some(
        "the query has no words to match (it is empty or only punctuation); give a source segment",
    )
}

/// Suggestions for each segment from all `sources`, ranked as
/// [`suggest_many`] ranks them; the segments are looked up on all cores
/// ([`map_lookups`]).
pub fn match_segments(
    sources: &[MemorySource],
    segments: &[String],
    options: &MatchOptions,
) -> Result<Vec<Vec<Suggestion>>, MemoryError> {
    let indices: Vec<usize> = (0..segments.len()).collect();
    let source = options.pair.source.original();
    map_lookups(
        sources,
        &indices,
        &[source],
        &mut |_| {},
        |sources, &index| {
            let mut query = Query::new(
                &segments[index],
                options.pair.source.original(),
                options.pair.target.original(),
            );
            query.source = options.pair.source.clone();
            query.target = options.pair.target.clone();
            query.min_score = options.min;
            query.max_results = options.max;
            query.weights = PenaltyWeights::default();
            if options.context {
                query.context = Some(Context {
                    previous: index.checked_sub(1).map(|i| segments[i].clone()),
                    next: segments.get(index + 1).cloned(),
                });
            }
            suggest_many(sources, &query)
        },
    )
}

/// One suggestion as `tmkit match --format json` prints it.
#[derive(Serialize)]
struct SuggestionJson<'a> {
    memory: &'a str,
    unit_id: i64,
    tuid: Option<&'a str>,
    score: u8,
    kind: MatchKind,
    word_score: u8,
    char_score: u8,
    penalties: &'a [Penalty],
    source: String,
    target: String,
    adapted_target: Option<&'a str>,
    substitutions: &'a [Substitution],
    diff: &'a [DiffSpan],
    changed: Option<&'a str>,
}

#[derive(Serialize)]
struct QueryJson<'a> {
    segment: usize,
    query: &'a str,
    suggestions: Vec<SuggestionJson<'a>>,
}

fn suggestion_json(s: &Suggestion) -> SuggestionJson<'_> {
    SuggestionJson {
        memory: &s.memory,
        unit_id: s.unit_id,
        tuid: s.unit.tuid(),
        score: s.score,
        kind: s.kind,
        word_score: s.scores.word,
        char_score: s.scores.char,
        penalties: &s.scores.penalties,
        source: s.source.text(),
        target: s.target.text(),
        adapted_target: s.adapted_target.as_deref(),
        substitutions: &s.substitutions,
        diff: &s.diff,
        changed: s.changed.as_deref(),
    }
}

/// `tmkit match --format json`: `{"queries": [{segment, query, suggestions}]}`,
/// segments numbered from 1.
pub fn matches(segments: &[String], found: &[Vec<Suggestion>]) -> Value {
    let queries: Vec<QueryJson> = segments
        .iter()
        .zip(found)
        .enumerate()
        .map(|(i, (text, found))| QueryJson {
            segment: i + 1,
            query: text,
            suggestions: found.iter().map(suggestion_json).collect(),
        })
        .collect();
    json!({ "queries": queries })
}

/// `tmkit memory lookup --format json`: `{query, lang, hits}`.
pub fn lookup(query: &str, pair: &LangPair, hits: &[ExactHit]) -> Value {
    #[derive(Serialize)]
    struct Hit<'a> {
        unit_id: i64,
        source: String,
        target: String,
        identical: bool,
        tuid: Option<&'a str>,
        changed: Option<&'a str>,
    }
    let list: Vec<Hit> = hits
        .iter()
        .map(|h| Hit {
            unit_id: h.unit_id,
            source: h.source.text(),
            target: h.target.text(),
            identical: h.identical,
            tuid: h.unit.tuid(),
            changed: h.unit.last_changed(),
        })
        .collect();
    json!({ "query": query, "lang": pair.to_string(), "hits": list })
}

/// Why a concordance phrase cannot be searched, or `None` when it has words.
pub fn phrase_problem(phrase: &str) -> Option<&'static str> {
    crate::fuzzy::tokenize::tokenize(phrase)
        .is_empty()
        .then_some("the phrase has no words to search for; give a word or phrase")
}

/// `tmkit concordance --format json`: `{phrase, hits}`; each hit is paired
/// with the name of the memory it came from.
pub fn concordance(phrase: &str, hits: &[(String, ConcordanceHit)]) -> Value {
    #[derive(Serialize)]
    struct HitJson<'a> {
        memory: &'a str,
        unit_id: i64,
        tuid: Option<&'a str>,
        lang: &'a str,
        text: String,
        highlights: &'a [(usize, usize)],
        other_lang: Option<&'a str>,
        other: Option<String>,
    }
    let out: Vec<HitJson> = hits
        .iter()
        .map(|(memory, hit)| HitJson {
            memory,
            unit_id: hit.unit_id,
            tuid: hit.unit.tuid(),
            lang: hit.found.lang.normalized(),
            text: hit.found.text(),
            highlights: &hit.highlights,
            other_lang: hit.other.as_ref().map(|v| v.lang.normalized()),
            other: hit.other.as_ref().map(|v| v.text()),
        })
        .collect();
    json!({ "phrase": phrase, "hits": out })
}

/// What `tmkit check` checks once its files are read.
pub enum CheckInput {
    /// One monolingual document (document or glossary mode).
    Document(TextFile),
    /// Source/target segment pairs (bilingual mode).
    Bilingual(BilingualFile),
}

/// The findings of [`check`] and the mode they were found in.
pub struct CheckOutcome {
    /// `document`, `glossary` or `bilingual`.
    pub mode: &'static str,
    /// The source file of a bilingual check that has one apart from the target.
    pub source_file: Option<String>,
    /// Findings and notes.
    pub report: Report,
}

/// Runs the checks `tmkit check` runs on one input: name consistency for a
/// document without glossaries, glossary compliance with them; the QA rules
/// (numbers, tags, untranslated and empty targets) for bilingual input
/// without glossaries, glossary terms of the source with them.
pub fn check(
    input: &CheckInput,
    file_name: &str,
    glossaries: &[Glossary],
    target_lang: &str,
    source_lang: Option<&str>,
) -> CheckOutcome {
    let termbase = Termbase::new(glossaries, target_lang, source_lang);
    let mut report = Report::default();
    let (mode, source_file) = match input {
        CheckInput::Document(text) => {
            if text.text.trim().is_empty() {
                report
                    .notes
                    .push(format!("{file_name} is empty: nothing to check"));
            }
            if glossaries.is_empty() {
                report.findings = check::check_document(text);
                ("document", None)
            } else {
                report.findings = check::check_with_glossaries(text, &termbase);
                ("glossary", None)
            }
        }
        CheckInput::Bilingual(bilingual) => {
            if bilingual.segments.is_empty() {
                report
                    .notes
                    .push(format!("{file_name} has no segments: nothing to check"));
            }
            report.findings = if glossaries.is_empty() {
                check::check_qa(bilingual)
            } else {
                check::check_bilingual(bilingual, &termbase)
            };
            (
                "bilingual",
                (bilingual.source_file != bilingual.target_file)
                    .then(|| bilingual.source_file.clone()),
            )
        }
    };
    if !glossaries.is_empty()
        && !glossaries
            .iter()
            .flat_map(|g| &g.entries)
            .any(|e| e.approved(target_lang).is_some())
    {
        report.notes.push(format!(
            "no glossary has terms in the target language \"{target_lang}\"; check --lang"
        ));
    }
    CheckOutcome {
        mode,
        source_file,
        report,
    }
}

/// Source and target languages of a check from `en` (target only) or
/// `ru:en` (source and target); the error says what to write.
pub fn check_langs(spec: &str) -> Result<(Option<String>, String), String> {
    let parts: Vec<&str> = spec.split(':').map(str::trim).collect();
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    match parts.as_slice() {
        [target] if valid(target) => Ok((None, target.to_string())),
        [source, target] if valid(source) && valid(target) => {
            Ok((Some(source.to_string()), target.to_string()))
        }
        _ => Err(format!(
            "--lang {spec:?}: give the target language (en) or source:target (ru:en)"
        )),
    }
}

/// Guesses the source language of a bilingual check when none is given:
/// Cyrillic with Ukrainian letters is `uk`, other Cyrillic `ru`, anything
/// else unknown.
pub fn guess_source_lang(text: &str) -> Option<String> {
    if !crate::glossary::is_cyrillic(text) {
        return None;
    }
    if text
        .chars()
        .any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ'))
    {
        Some("uk".to_string())
    } else {
        Some("ru".to_string())
    }
}

/// A corrected copy written by `tmkit check --fix`/`--in-place`.
#[derive(Clone, Debug, Serialize)]
pub struct Fixed {
    /// Where it was written.
    pub path: String,
    /// Replacements made.
    pub replacements: usize,
}

/// The counts of a check by severity.
#[derive(Clone, Debug, Serialize)]
pub struct CheckSummary {
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity note.
    pub notes: usize,
}

/// `tmkit check --format json` for one input, fields in this order:
/// `{mode, file, source?, glossaries, summary: {errors, warnings, notes},
/// findings, notes, glossary_warnings, fixed?}`.
#[derive(Clone, Debug, Serialize)]
pub struct CheckDocument {
    /// `document`, `glossary` or `bilingual`.
    pub mode: &'static str,
    /// The checked file (the target of a bilingual check).
    pub file: String,
    /// The source file of a bilingual check, when it is another file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The glossaries used, as given.
    pub glossaries: Vec<String>,
    /// Counts by severity.
    pub summary: CheckSummary,
    /// The findings.
    pub findings: Vec<Finding>,
    /// Remarks that are not findings.
    pub notes: Vec<String>,
    /// Problems met while reading the glossaries.
    pub glossary_warnings: Vec<GlossaryWarning>,
    /// The corrected copy, when one was written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<Fixed>,
}

/// The [`CheckDocument`] of a check.
pub fn check_document(
    outcome: &CheckOutcome,
    file_name: &str,
    glossaries: &[Glossary],
    glossary_warnings: &[GlossaryWarning],
    fixed: Option<&Fixed>,
) -> CheckDocument {
    let report = &outcome.report;
    CheckDocument {
        mode: outcome.mode,
        file: file_name.to_string(),
        source: outcome.source_file.clone(),
        glossaries: glossaries.iter().map(|g| g.path.clone()).collect(),
        summary: CheckSummary {
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            notes: report.count(Severity::Note),
        },
        findings: report.findings.clone(),
        notes: report.notes.clone(),
        glossary_warnings: glossary_warnings.to_vec(),
        fixed: fixed.cloned(),
    }
}

/// `tmkit pretranslate --format json`: `{output, version, summary}`, where
/// `output` names the XLIFF written.
pub fn pretranslate(output: &str, outcome: &Outcome) -> Value {
    json!({
        "output": output,
        "version": outcome.xliff.version.as_str(),
        "summary": outcome.summary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::Memory;
    use crate::unit::TranslationUnit;

    fn pair() -> LangPair {
        "en:ru".parse().unwrap()
    }

    #[test]
    fn match_document_numbers_segments_and_keeps_field_names() {
        let mut memory = Memory::open_in_memory().unwrap();
        memory
            .add(&TranslationUnit::pair(
                "en",
                "Talks resumed today.",
                "ru",
                "Переговоры возобновились сегодня.",
            ))
            .unwrap();
        let sources = [MemorySource {
            memory: &memory,
            name: "a.tmdb".into(),
            penalty: 0,
        }];
        let segments = vec![
            "Nothing like it.".to_string(),
            "Talks resumed today.".to_string(),
        ];
        let found = match_segments(&sources, &segments, &MatchOptions::new(pair())).unwrap();
        let doc = matches(&segments, &found);
        assert_eq!(doc["queries"][0]["segment"], 1);
        assert_eq!(doc["queries"][0]["suggestions"], json!([]));
        let hit = &doc["queries"][1]["suggestions"][0];
        assert_eq!(hit["memory"], "a.tmdb");
        assert_eq!(hit["score"], 100);
        assert_eq!(hit["target"], "Переговоры возобновились сегодня.");
        for field in [
            "unit_id",
            "kind",
            "word_score",
            "char_score",
            "diff",
            "changed",
        ] {
            assert!(hit.get(field).is_some(), "{field} missing");
        }
    }

    #[test]
    fn empty_queries_and_phrases_are_refused() {
        assert!(query_problem(" … ").is_some());
        assert!(query_problem("Kyiv").is_none());
        assert!(phrase_problem("!!").is_some());
    }

    #[test]
    fn check_mode_follows_input_and_glossaries() {
        let doc = CheckInput::Document(TextFile::new("a.txt", ""));
        let outcome = check(&doc, "a.txt", &[], "en", None);
        assert_eq!(outcome.mode, "document");
        assert_eq!(outcome.report.notes, ["a.txt is empty: nothing to check"]);
        let value =
            serde_json::to_value(check_document(&outcome, "a.txt", &[], &[], None)).unwrap();
        assert_eq!(value["summary"]["errors"], 0);
        assert!(value.get("fixed").is_none() && value.get("source").is_none());
    }
}
