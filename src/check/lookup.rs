//! Looking a word or name up in glossaries: exactly, as an inflected case
//! form of a Cyrillic name, by stem, or as a variant spelling of a Latin name
//! (what `tmkit glossary lookup` prints).

use super::termbase::{fold_word, source_name_forms, stemmer_for};
use crate::glossary::{Glossary, NameType, Term, is_cyrillic, is_latin};
use rust_stemmers::Stemmer;
use serde::Serialize;

/// How a query matched a glossary term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LookupKind {
    /// The same text (case, spacing and ё/е aside).
    Exact,
    /// A case form of a Cyrillic name (Кухтина for Кухтин).
    Inflected,
    /// The same stem (ordinary terms).
    Stem,
    /// A variant spelling of a Latin name (transliteration, typo, …).
    Variant,
}

/// One entry a query matched.
#[derive(Clone, Debug, Serialize)]
pub struct LookupHit {
    /// The glossary file.
    pub glossary: String,
    /// The entry id.
    pub entry: Option<String>,
    /// The glossary term that matched.
    pub matched: String,
    /// How it matched.
    pub kind: LookupKind,
    /// Details: the status of an exact match, the variant explanation.
    pub detail: String,
    /// The approved form in the requested language.
    pub approved: Option<String>,
    /// All terms of the entry.
    pub terms: Vec<Term>,
}

fn phrase_key(text: &str) -> String {
    text.split_whitespace()
        .map(fold_word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Finds `query` in `glossaries`; `lang` selects the approved form shown.
///
/// ```
/// use tmkit::glossary::Glossary;
/// use tmkit::check::{lookup, LookupKind};
/// let tsv = "id\tru\ten\ttype\np1\tМихаил Кухтин\tMikhail Kukhtin\tperson\n";
/// let (g, _) = Glossary::parse_str(tsv, "g.tsv", None).unwrap();
/// let hits = lookup("Михаила Кухтина", &[g.clone()], "en");
/// assert_eq!(hits[0].kind, LookupKind::Inflected);
/// let hits = lookup("Mykhaylo Khuktin", &[g], "en");
/// assert_eq!(hits[0].approved.as_deref(), Some("Mikhail Kukhtin"));
/// ```
pub fn lookup(query: &str, glossaries: &[Glossary], lang: &str) -> Vec<LookupHit> {
    let wanted = phrase_key(query);
    let query_words: Vec<&str> = query.split_whitespace().collect();
    let mut hits = Vec::new();
    for glossary in glossaries {
        for entry in &glossary.entries {
            let mut found: Option<(&Term, LookupKind, String)> = None;
            for term in &entry.terms {
                if phrase_key(&term.text) == wanted {
                    let detail = term
                        .status
                        .map(|s| s.word().to_string())
                        .unwrap_or_default();
                    found = Some((term, LookupKind::Exact, detail));
                    break;
                }
            }
            if found.is_none() && is_cyrillic(query) {
                for term in entry.terms.iter().filter(|t| is_cyrillic(&t.text)) {
                    let lang = term.lang.primary();
                    let person = entry.name_type == Some(NameType::Person)
                        || (entry.name_type.is_none() && term.gender.is_some());
                    if person {
                        if source_name_forms(term, lang)
                            .iter()
                            .any(|(form, _)| phrase_key(form) == wanted)
                        {
                            found = Some((
                                term,
                                LookupKind::Inflected,
                                format!("case form of {}", term.text),
                            ));
                            break;
                        }
                    } else if let Some(algorithm) = stemmer_for(lang) {
                        let stemmer = Stemmer::create(algorithm);
                        let stem = |text: &str| {
                            text.split_whitespace()
                                .map(|w| stemmer.stem(&fold_word(w)).into_owned())
                                .collect::<Vec<_>>()
                        };
                        if stem(&term.text) == stem(query) {
                            found = Some((
                                term,
                                LookupKind::Stem,
                                format!("same stem as {}", term.text),
                            ));
                            break;
                        }
                    }
                }
            }
            if found.is_none() && is_latin(query) && entry.is_name() {
                for term in entry.terms.iter().filter(|t| is_latin(&t.text)) {
                    let theirs: Vec<&str> = term.text.split_whitespace().collect();
                    let verdict = if query_words.len() == 1 && theirs.len() == 1 {
                        crate::names::compare_words(query_words[0], theirs[0])
                    } else {
                        crate::names::compare_names(&query_words, &theirs)
                    };
                    if let Some(m) = verdict {
                        found = Some((
                            term,
                            LookupKind::Variant,
                            format!("{}: {}", m.kind, m.explanation),
                        ));
                        break;
                    }
                }
            }
            if let Some((term, kind, detail)) = found {
                hits.push(LookupHit {
                    glossary: glossary.path.clone(),
                    entry: entry.id.clone(),
                    matched: term.text.clone(),
                    kind,
                    detail,
                    approved: entry.approved(lang).map(|t| t.text.clone()),
                    terms: entry.terms.clone(),
                });
            }
        }
    }
    hits
}
