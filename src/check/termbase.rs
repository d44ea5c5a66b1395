//! Glossaries prepared for checking one language pair: every form to look
//! for, indexed once, so a check scans each text in one pass per index.
//!
//! Two kinds of index ([`PhraseIndex`]), each an Aho–Corasick automaton over
//! normalised token streams (words joined by one space), so matches fall on
//! word boundaries and multi-word terms match across any spacing:
//! * *exact* forms, lower-cased with ё → е: names (approved, admitted,
//!   deprecated, forbidden spellings, other transliterations; in the source,
//!   every inflected case form);
//! * *stemmed* forms (Snowball, per language) for ordinary terms, so
//!   "memories" matches the glossary's "memory".
//!
//! Fuzzy name matching (misspellings) goes through a blocking map from name
//! skeletons and their one- and two-symbol deletions to entries, so a text
//! word meets only the handful of glossary names it could be a variant of.

use super::words::{Word, words};
use crate::glossary::{Entry, Gender, Glossary, Term, TermStatus, is_cyrillic};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::{HashMap, HashSet};

/// What a form found in a text means for its entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FormKind {
    /// An approved (preferred, admitted or unmarked) target form.
    Accepted,
    /// The last word of an accepted name (a surname used alone).
    AcceptedPart,
    /// A deprecated target form, with the glossary's note.
    Deprecated(Option<String>),
    /// A superseded target form.
    Superseded,
    /// A forbidden target form.
    Forbidden,
    /// Another transliteration of the entry's Cyrillic form: the schemes that give it.
    Transliteration(Vec<String>),
    /// A source form (any case form of a source name or term).
    Source {
        /// True for a whole name (first name + surname), false for a part.
        full: bool,
    },
}

/// One entry prepared for checks.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    /// Index of the glossary in the termbase's list.
    pub glossary: usize,
    /// Index of the entry in its glossary.
    pub entry: usize,
    /// The approved target form.
    pub approved: Option<String>,
    /// True for names of people, places, organisations.
    pub is_name: bool,
    /// Whether target matching respects case.
    pub case_sensitive: bool,
}

/// A phrase occurrence: token range and byte range in the text.
#[derive(Clone, Debug)]
pub(crate) struct PhraseMatch {
    pub bytes: std::ops::Range<usize>,
    /// Index into the index's payload list.
    pub payload: usize,
}

/// How words are normalised before matching.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Normalizer {
    /// Lower case, ё → е.
    Lower,
    /// Lower case, ё → е, then the Snowball stem.
    Stem(Algorithm),
}

pub(crate) fn fold_word(word: &str) -> String {
    word.to_lowercase()
        .replace('ё', "е")
        .replace(['’', 'ʼ', '‘'], "'")
}

/// Normalises the words of `text`; returns the stream and, per token, its
/// stream range and byte range.
pub(crate) fn token_stream<'a>(
    tokens: &[Word<'a>],
    normalizer: Normalizer,
    stemmer: Option<&Stemmer>,
) -> (String, Vec<(usize, usize)>) {
    let mut stream = String::new();
    let mut spans = Vec::with_capacity(tokens.len());
    for token in tokens {
        if !stream.is_empty() {
            stream.push(' ');
        }
        let folded = fold_word(super::words::strip_possessive(token.text));
        let start = stream.len();
        match (normalizer, stemmer) {
            (Normalizer::Stem(_), Some(stemmer)) => stream.push_str(&stemmer.stem(&folded)),
            _ => stream.push_str(&folded),
        }
        spans.push((start, stream.len()));
    }
    (stream, spans)
}

fn normalize_phrase(text: &str, normalizer: Normalizer, stemmer: Option<&Stemmer>) -> String {
    let tokens = words(text);
    token_stream(&tokens, normalizer, stemmer).0
}

/// An Aho–Corasick index of normalised phrases with a payload per phrase.
pub(crate) struct PhraseIndex<P> {
    automaton: Option<AhoCorasick>,
    /// Payloads, one list per distinct phrase.
    pub payloads: Vec<Vec<P>>,
    /// Distinct phrases, parallel to `payloads`.
    pub phrases: Vec<String>,
    normalizer: Normalizer,
    stemmer: Option<Stemmer>,
}

impl<P> PhraseIndex<P> {
    fn new(normalizer: Normalizer) -> PhraseIndex<P> {
        let stemmer = match normalizer {
            Normalizer::Stem(algorithm) => Some(Stemmer::create(algorithm)),
            Normalizer::Lower => None,
        };
        PhraseIndex {
            automaton: None,
            payloads: Vec::new(),
            phrases: Vec::new(),
            normalizer,
            stemmer,
        }
    }

    /// Adds `text` (normalised here) with `payload`.
    fn add(&mut self, text: &str, payload: P, lookup: &mut HashMap<String, usize>) {
        let phrase = normalize_phrase(text, self.normalizer, self.stemmer.as_ref());
        if phrase.is_empty() {
            return;
        }
        let index = *lookup.entry(phrase.clone()).or_insert_with(|| {
            self.phrases.push(phrase);
            self.payloads.push(Vec::new());
            self.phrases.len() - 1
        });
        self.payloads[index].push(payload);
    }

    fn build(&mut self) {
        if self.phrases.is_empty() {
            return;
        }
        self.automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&self.phrases)
            .ok();
    }

    /// Non-overlapping occurrences in `text` whose words are `tokens`,
    /// longest first where they overlap.
    pub fn find(&self, tokens: &[Word]) -> Vec<PhraseMatch> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let (stream, spans) = token_stream(tokens, self.normalizer, self.stemmer.as_ref());
        let starts: HashMap<usize, usize> =
            spans.iter().enumerate().map(|(i, s)| (s.0, i)).collect();
        let ends: HashMap<usize, usize> = spans.iter().enumerate().map(|(i, s)| (s.1, i)).collect();
        let mut found: Vec<(usize, usize, usize)> = automaton
            .find_overlapping_iter(&stream)
            .filter_map(|m| {
                let first = *starts.get(&m.start())?;
                let last = *ends.get(&m.end())?;
                Some((first, last, m.pattern().as_usize()))
            })
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut next_free = 0usize;
        for (first, last, payload) in found {
            if first < next_free {
                continue;
            }
            next_free = last + 1;
            // A possessive ending is not part of the term ("Tymoshenko's").
            let end = tokens[last].start + super::words::strip_possessive(tokens[last].text).len();
            out.push(PhraseMatch {
                bytes: tokens[first].start..end,
                payload,
            });
        }
        out
    }
}

/// The Snowball algorithm for a language, when there is one.
pub(crate) fn stemmer_for(lang: &str) -> Option<Algorithm> {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    Some(match primary.as_str() {
        "en" => Algorithm::English,
        "ru" => Algorithm::Russian,
        "de" => Algorithm::German,
        "fr" => Algorithm::French,
        "es" => Algorithm::Spanish,
        "it" => Algorithm::Italian,
        "pt" => Algorithm::Portuguese,
        "nl" => Algorithm::Dutch,
        "sv" => Algorithm::Swedish,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "da" => Algorithm::Danish,
        "fi" => Algorithm::Finnish,
        "hu" => Algorithm::Hungarian,
        "ro" => Algorithm::Romanian,
        "tr" => Algorithm::Turkish,
        "ar" => Algorithm::Arabic,
        "el" => Algorithm::Greek,
        "ta" => Algorithm::Tamil,
        _ => return None,
    })
}

/// Glossaries prepared for one target language (and optionally a source language).
pub struct Termbase<'g> {
    /// The glossaries, as given.
    pub glossaries: &'g [Glossary],
    /// The target language (BCP 47).
    pub target_lang: String,
    /// The source language, when bilingual checks are wanted.
    pub source_lang: Option<String>,
    pub(crate) entries: Vec<Prepared>,
    /// Exact target forms (names, and terms that must match exactly).
    pub(crate) target_exact: PhraseIndex<(usize, FormKind)>,
    /// Stemmed target forms of ordinary terms.
    pub(crate) target_stemmed: PhraseIndex<(usize, FormKind)>,
    /// Exact source forms of names (every case form).
    pub(crate) source_exact: PhraseIndex<(usize, FormKind)>,
    /// Stemmed source forms of ordinary terms.
    pub(crate) source_stemmed: PhraseIndex<(usize, FormKind)>,
    /// Blocking keys of approved name words → (entry, word index in the
    /// approved form); built on first use (only glossary mode needs it).
    name_blocks: std::sync::OnceLock<HashMap<String, Vec<(usize, usize)>>>,
}

impl<'g> Termbase<'g> {
    /// Prepares `glossaries` for checking text in `target_lang`, and for
    /// finding terms in `source_lang` text when given.
    pub fn new(glossaries: &'g [Glossary], target_lang: &str, source_lang: Option<&str>) -> Self {
        let target_stem = stemmer_for(target_lang);
        let source_stem = source_lang.and_then(stemmer_for);
        let mut tb = Termbase {
            glossaries,
            target_lang: target_lang.to_string(),
            source_lang: source_lang.map(str::to_string),
            entries: Vec::new(),
            target_exact: PhraseIndex::new(Normalizer::Lower),
            target_stemmed: PhraseIndex::new(Normalizer::Stem(
                target_stem.unwrap_or(Algorithm::English),
            )),
            source_exact: PhraseIndex::new(Normalizer::Lower),
            source_stemmed: PhraseIndex::new(Normalizer::Stem(
                source_stem.unwrap_or(Algorithm::Russian),
            )),
            name_blocks: std::sync::OnceLock::new(),
        };
        let mut lookups: [HashMap<String, usize>; 4] = Default::default();
        for (g, glossary) in glossaries.iter().enumerate() {
            for (e, entry) in glossary.entries.iter().enumerate() {
                tb.prepare(
                    g,
                    e,
                    entry,
                    target_stem.is_some(),
                    source_stem.is_some(),
                    &mut lookups,
                );
            }
        }
        tb.target_exact.build();
        tb.target_stemmed.build();
        tb.source_exact.build();
        tb.source_stemmed.build();
        tb
    }

    fn prepare(
        &mut self,
        g: usize,
        e: usize,
        entry: &Entry,
        target_stems: bool,
        source_stems: bool,
        lookups: &mut [HashMap<String, usize>; 4],
    ) {
        let index = self.entries.len();
        let target_terms: Vec<&Term> = entry.terms_in(&self.target_lang).collect();
        let approved = entry.approved(&self.target_lang).map(|t| t.text.clone());
        let accepted: Vec<String> = target_terms
            .iter()
            .filter(|t| t.is_approved())
            .map(|t| t.text.clone())
            .collect();
        let is_name = entry.is_name()
            || (!target_terms.is_empty()
                && target_terms
                    .iter()
                    .all(|t| t.text.split_whitespace().all(super::words::is_capitalised)));
        let case_sensitive = target_terms
            .iter()
            .find_map(|t| t.case_sensitive)
            .unwrap_or(is_name);
        // Names and terms without a stemmer are matched exactly; the rest by stem.
        let exact = is_name || !target_stems;
        let [t_exact, t_stem, s_exact, s_stem] = lookups;
        {
            let (index_ref, lookup) = if exact {
                (&mut self.target_exact, t_exact)
            } else {
                (&mut self.target_stemmed, t_stem)
            };
            for term in &target_terms {
                let kind = match term.status {
                    None | Some(TermStatus::Preferred) | Some(TermStatus::Admitted) => {
                        FormKind::Accepted
                    }
                    Some(TermStatus::Deprecated) => {
                        FormKind::Deprecated(term.notes.first().cloned())
                    }
                    Some(TermStatus::Superseded) => FormKind::Superseded,
                    Some(TermStatus::Forbidden) => FormKind::Forbidden,
                };
                index_ref.add(&term.text, (index, kind), lookup);
            }
            if is_name {
                for form in &accepted {
                    let parts: Vec<&str> = form.split_whitespace().collect();
                    if parts.len() > 1
                        && let Some(last) = parts.last()
                    {
                        index_ref.add(last, (index, FormKind::AcceptedPart), lookup);
                    }
                }
                // Other transliterations of the Cyrillic originals, when the
                // target is written in Latin script.
                if accepted.iter().any(|a| crate::glossary::is_latin(a)) {
                    let known: HashSet<String> =
                        target_terms.iter().map(|t| fold_word(&t.text)).collect();
                    let mut variants: HashMap<String, Vec<String>> = HashMap::new();
                    for term in entry.terms.iter().filter(|t| is_cyrillic(&t.text)) {
                        for (scheme, latin) in
                            crate::translit::transliterate_all(&term.text, term.lang.primary())
                        {
                            let latin = crate::text::nfc(&latin);
                            if latin.is_empty() || known.contains(&fold_word(&latin)) {
                                continue;
                            }
                            let names = variants.entry(latin).or_default();
                            if !names.iter().any(|n| n == scheme.name()) {
                                names.push(scheme.name().to_string());
                            }
                        }
                    }
                    for (latin, schemes) in variants {
                        index_ref.add(&latin, (index, FormKind::Transliteration(schemes)), lookup);
                    }
                }
            }
        }
        if let Some(source_lang) = self.source_lang.clone() {
            let source_terms: Vec<&Term> = entry.terms_in(&source_lang).collect();
            let person = entry.name_type == Some(crate::glossary::NameType::Person)
                || (entry.name_type.is_none()
                    && is_name
                    && entry
                        .terms
                        .iter()
                        .any(|t| t.gender.is_some() || t.text.split_whitespace().count() > 1));
            for term in source_terms {
                if person {
                    for (form, full) in source_name_forms(term, &source_lang) {
                        self.source_exact
                            .add(&form, (index, FormKind::Source { full }), s_exact);
                    }
                } else if source_stems {
                    self.source_stemmed.add(
                        &term.text,
                        (index, FormKind::Source { full: true }),
                        s_stem,
                    );
                    // One-word place names decline like nouns, which Snowball
                    // stems unevenly (Киев / Киеве): index their case forms too.
                    if is_name && !term.text.contains(char::is_whitespace) {
                        for form in crate::names::inflect::forms(
                            &term.text,
                            &source_lang,
                            crate::names::inflect::NamePart::Surname,
                            Some(crate::names::inflect::Gender::Masculine),
                        ) {
                            self.source_exact.add(
                                &form.text,
                                (index, FormKind::Source { full: true }),
                                s_exact,
                            );
                        }
                    }
                } else {
                    self.source_exact.add(
                        &term.text,
                        (index, FormKind::Source { full: true }),
                        s_exact,
                    );
                }
            }
        }
        self.entries.push(Prepared {
            glossary: g,
            entry: e,
            approved,
            is_name,
            case_sensitive,
        });
    }

    /// The glossary entry behind prepared entry `index`.
    pub(crate) fn entry(&self, index: usize) -> &Entry {
        let p = &self.entries[index];
        &self.glossaries[p.glossary].entries[p.entry]
    }

    /// The glossary file of prepared entry `index`.
    pub(crate) fn glossary_path(&self, index: usize) -> &str {
        &self.glossaries[self.entries[index].glossary].path
    }

    /// Entries whose approved name has a word that `word` could be a variant of,
    /// with the index of that word.
    pub(crate) fn name_candidates(&self, word: &str) -> Vec<(usize, usize)> {
        let blocks = self.name_blocks.get_or_init(|| {
            let mut blocks: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
            for (index, prepared) in self.entries.iter().enumerate() {
                let Some(approved) = prepared.approved.as_deref().filter(|_| prepared.is_name)
                else {
                    continue;
                };
                for (w, word) in approved.split_whitespace().enumerate() {
                    for key in blocking_keys(word) {
                        blocks.entry(key).or_default().push((index, w));
                    }
                }
            }
            blocks
        });
        let mut out: Vec<(usize, usize)> = Vec::new();
        for key in blocking_keys(word) {
            if let Some(list) = blocks.get(&key) {
                for item in list {
                    if !out.contains(item) {
                        out.push(*item);
                    }
                }
            }
        }
        out
    }

    /// Number of prepared entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no glossary has any entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Skeletons of `word` and their deletion neighbourhoods (one deletion, and
/// two for skeletons of five symbols or more, which is what a swap across a
/// letter needs: kuHtIn and HuktIn share utIn).
pub(crate) fn blocking_keys(word: &str) -> Vec<String> {
    let mut keys: HashSet<String> = HashSet::new();
    let skeletons = crate::names::skeletons(word);
    // Spellings of one row of the counterparts or conventional-spellings
    // table meet even when their skeletons are letters apart (Kiev / Kyiv,
    // Nikolaev / Mykolaiv, Chernobyl / Chornobyl). The control character
    // keeps these keys apart from any skeleton.
    for (row, _) in crate::names::counterparts::cells_of(&crate::names::fold(word), &skeletons) {
        keys.insert(format!("\u{1}counterpart {row}"));
    }
    for row in crate::names::conventional::rows_of(&skeletons) {
        keys.insert(format!("\u{1}conventional {row}"));
    }
    for skeleton in skeletons {
        let chars: Vec<char> = skeleton.chars().collect();
        keys.insert(skeleton.clone());
        for i in 0..chars.len() {
            let one: Vec<char> = chars
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != i)
                .map(|(_, c)| *c)
                .collect();
            if chars.len() >= 5 {
                for j in i..one.len() {
                    let two: String = one
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| *k != j)
                        .map(|(_, c)| *c)
                        .collect();
                    keys.insert(two);
                }
            }
            keys.insert(one.into_iter().collect());
        }
    }
    keys.into_iter()
        .filter(|k| k.chars().count() >= 2)
        .collect()
}

/// Source-side forms of a personal name: every case form of the whole name
/// (first name, patronymic and surname agreeing in case and number), and of
/// the surname alone. `true` marks whole-name forms.
pub(crate) fn source_name_forms(term: &Term, lang: &str) -> Vec<(String, bool)> {
    use crate::names::inflect::{self, Case, NamePart, Number};
    let gender = match term.gender {
        Some(Gender::Feminine) => Some(inflect::Gender::Feminine),
        Some(Gender::Masculine) => Some(inflect::Gender::Masculine),
        _ => None,
    };
    let words: Vec<&str> = term.text.split_whitespace().collect();
    let parts: Vec<NamePart> = match words.len() {
        1 => vec![NamePart::Surname],
        2 => vec![NamePart::FirstName, NamePart::Surname],
        3 => vec![NamePart::FirstName, NamePart::Patronymic, NamePart::Surname],
        _ => return vec![(term.text.clone(), true)],
    };
    let all: Vec<Vec<inflect::Form>> = words
        .iter()
        .zip(&parts)
        .map(|(word, part)| inflect::forms(word, lang, *part, gender))
        .collect();
    let mut out: Vec<(String, bool)> = vec![(term.text.clone(), words.len() > 1)];
    for case in Case::ALL {
        for number in [Number::Singular, Number::Plural] {
            // Forms of each word in this case and number; a word without any
            // (a foreign name the rules leave alone) keeps its lemma.
            let options: Vec<Vec<String>> = all
                .iter()
                .zip(&words)
                .map(|(forms, word)| {
                    let mut texts: Vec<String> = forms
                        .iter()
                        .filter(|f| f.case == case && f.number == number)
                        .map(|f| f.text.clone())
                        .collect();
                    texts.dedup();
                    if texts.is_empty() {
                        texts.push(word.to_string());
                    }
                    texts
                })
                .collect();
            if number == Number::Plural && words.len() > 1 {
                // "the Litvinovs" has no first name.
                continue;
            }
            let mut combos: Vec<String> = vec![String::new()];
            for choices in &options {
                combos = combos
                    .iter()
                    .flat_map(|prefix| {
                        choices.iter().map(move |c| {
                            if prefix.is_empty() {
                                c.clone()
                            } else {
                                format!("{prefix} {c}")
                            }
                        })
                    })
                    .take(16)
                    .collect();
            }
            for combo in combos {
                out.push((combo, words.len() > 1));
            }
            if words.len() > 1
                && let Some(surnames) = options.last()
            {
                for surname in surnames {
                    out.push((surname.clone(), false));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
