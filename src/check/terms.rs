//! Glossary terms found in source text, for annotating segments
//! (`tmkit pretranslate`): the same source-side recognition the bilingual check
//! uses — exact forms, every case form of a name, Snowball stems of ordinary
//! terms — so a term `tmkit check` would count is a term pretranslate shows.

use super::termbase::{FormKind, Termbase};
use super::words::words;
use serde::Serialize;

/// One glossary entry found in a source text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TermHit {
    /// The words of the text that matched, as written.
    pub matched: String,
    /// Character offsets of the match in the text.
    pub start: usize,
    /// End offset (exclusive), characters.
    pub end: usize,
    /// The glossary's path.
    pub glossary: String,
    /// The entry's id, if it has one.
    pub entry: Option<String>,
    /// The entry's source-language term (its first one).
    pub source_term: Option<String>,
    /// What the target should say: the entry's approved target term.
    pub approved: Option<String>,
    /// True for names of people, places, organisations.
    pub is_name: bool,
}

/// The glossary entries whose source forms occur in `text` (the termbase must
/// have been built with a source language). One hit per occurrence and entry,
/// in text order; a stem match over words an exact form already covers is
/// not repeated.
pub fn find_source_terms(text: &str, termbase: &Termbase) -> Vec<TermHit> {
    let Some(source_lang) = termbase.source_lang.as_deref() else {
        return Vec::new();
    };
    let tokens = words(text);
    let mut seen: Vec<std::ops::Range<usize>> = Vec::new();
    let mut hits = Vec::new();
    for index in [&termbase.source_exact, &termbase.source_stemmed] {
        for m in index.find(&tokens) {
            if seen
                .iter()
                .any(|r| r.start < m.bytes.end && m.bytes.start < r.end)
            {
                continue;
            }
            let span = &text[m.bytes.clone()];
            let mut entries: Vec<(usize, bool)> = Vec::new();
            for (entry, kind) in &index.payloads[m.payload] {
                let FormKind::Source { full } = kind else {
                    continue;
                };
                // Names are capitalised in the source; "роза" is not the name Роза.
                if termbase.entries[*entry].is_name
                    && !span.chars().next().is_some_and(char::is_uppercase)
                {
                    continue;
                }
                if !entries.iter().any(|(e, _)| e == entry) {
                    entries.push((*entry, *full));
                }
            }
            if entries.iter().any(|(_, full)| *full) {
                entries.retain(|(_, full)| *full);
            }
            if entries.is_empty() {
                continue;
            }
            seen.push(m.bytes.clone());
            let start = text[..m.bytes.start].chars().count();
            let end = start + span.chars().count();
            for (e, _) in entries {
                let prepared = &termbase.entries[e];
                let entry = termbase.entry(e);
                let source_term = entry
                    .terms
                    .iter()
                    .find(|t| crate::lang::LangTag::parse(source_lang).covers(&t.lang))
                    .map(|t| t.text.clone());
                hits.push(TermHit {
                    matched: span.to_string(),
                    start,
                    end,
                    glossary: termbase.glossary_path(e).to_string(),
                    entry: entry.id.clone(),
                    source_term,
                    approved: prepared.approved.clone(),
                    is_name: prepared.is_name,
                });
            }
        }
    }
    hits.sort_by_key(|h| h.start);
    hits
}
