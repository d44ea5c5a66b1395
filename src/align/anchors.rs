//! Anchors: pieces of a sentence that survive translation and so tell the
//! aligner which sentences belong together — numbers (normalised, so `1,500`,
//! `1 500` and `1.500` agree), month names of dates, names through
//! transliteration (`Кухтина` and `Kukhtin` share a key), URLs, e-mail
//! addresses and handles, glossary terms, and question marks, exclamation
//! marks and quotations.
//!
//! Each segment gets a sorted list of [`Anchor`]s (a 64-bit key and a kind);
//! the aligner rewards a bead by the anchors its two sides share.

use crate::glossary::Glossary;
use crate::lang::LangTag;
use crate::translit::Scheme;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

/// What an anchor is; the kind sets its weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AnchorKind {
    /// A number of two or more digits (years, amounts, percentages).
    Number,
    /// A single digit (often written as a word in the other language).
    Digit,
    /// A month name of a date.
    Month,
    /// A capitalised word compared through transliteration.
    Name,
    /// A URL, e-mail address, @handle or #hashtag.
    Link,
    /// A glossary concept found on both sides.
    Term,
    /// A question mark, exclamation mark or quotation.
    Mark,
    /// A long lower-case word compared by the first letters of its Latin
    /// spelling: internationalisms and cognates (политических / political,
    /// Regierung no, Parlament / parliament yes).
    Cognate,
}

impl AnchorKind {
    /// The reward of one shared anchor of this kind, before the rarity weight.
    pub fn weight(self) -> f64 {
        match self {
            AnchorKind::Number => 3.0,
            AnchorKind::Digit => 1.0,
            AnchorKind::Month => 1.5,
            AnchorKind::Name => 3.5,
            AnchorKind::Link => 4.0,
            AnchorKind::Term => 3.0,
            AnchorKind::Mark => 1.5,
            AnchorKind::Cognate => 1.2,
        }
    }

    /// True for anchors reliable enough that one present on one side only
    /// lowers a bead's confidence (numbers, links).
    pub fn is_strict(self) -> bool {
        matches!(self, AnchorKind::Number | AnchorKind::Link)
    }

    /// True for anchors that show two texts are translations when shared
    /// (everything but marks and single digits).
    pub fn is_evidence(self) -> bool {
        !matches!(
            self,
            AnchorKind::Mark | AnchorKind::Digit | AnchorKind::Cognate
        )
    }
}

/// One anchor of a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Anchor {
    /// Hash of the kind and the normalised form.
    pub key: u64,
    /// The kind.
    pub kind: AnchorKind,
}

fn key_of(kind: AnchorKind, text: &str) -> u64 {
    // SipHash with fixed keys: the same text gives the same key in every run.
    #[allow(deprecated)]
    let mut hasher = std::hash::SipHasher::new_with_keys(0x746d_6b69_7461_6c69, 0x676e_6572);
    kind.hash(&mut hasher);
    text.hash(&mut hasher);
    hasher.finish()
}

/// Glossary terms as anchors for one language pair: every form of a concept
/// in the source language and in the target language gives that concept's key.
#[derive(Debug)]
pub struct TermAnchors {
    source: Option<(AhoCorasick, Vec<(u64, bool)>)>,
    target: Option<(AhoCorasick, Vec<(u64, bool)>)>,
    concepts: usize,
}

impl TermAnchors {
    /// Term anchors from glossaries: concepts with a term in both languages.
    /// Cyrillic single-word terms also match their case forms (the stem,
    /// at a word start).
    pub fn new(glossaries: &[Glossary], source: &LangTag, target: &LangTag) -> TermAnchors {
        let mut source_forms: Vec<(String, u64, bool)> = Vec::new();
        let mut target_forms: Vec<(String, u64, bool)> = Vec::new();
        let mut concepts = 0;
        for (g, glossary) in glossaries.iter().enumerate() {
            for (e, entry) in glossary.entries.iter().enumerate() {
                let collect = |lang: &LangTag| -> Vec<String> {
                    entry
                        .terms
                        .iter()
                        .filter(|t| lang.covers(&t.lang))
                        .map(|t| crate::text::nfc(&t.text).to_lowercase())
                        .filter(|t| !t.trim().is_empty())
                        .collect()
                };
                let (s, t) = (collect(source), collect(target));
                if s.is_empty() || t.is_empty() {
                    continue;
                }
                concepts += 1;
                let key = key_of(AnchorKind::Term, &format!("{g}:{e}"));
                for form in s {
                    push_term_forms(&mut source_forms, form, key);
                }
                for form in t {
                    push_term_forms(&mut target_forms, form, key);
                }
            }
        }
        TermAnchors {
            source: build_automaton(source_forms),
            target: build_automaton(target_forms),
            concepts,
        }
    }

    /// Number of concepts with terms on both sides.
    pub fn concepts(&self) -> usize {
        self.concepts
    }

    fn find(&self, lower: &str, source_side: bool, out: &mut Vec<Anchor>) {
        let automaton = if source_side {
            &self.source
        } else {
            &self.target
        };
        let Some((automaton, keys)) = automaton else {
            return;
        };
        for m in automaton.find_iter(lower) {
            let (key, prefix) = keys[m.pattern().as_usize()];
            let before = lower[..m.start()].chars().next_back();
            let after = lower[m.end()..].chars().next();
            let starts = before.is_none_or(|c| !c.is_alphanumeric());
            // A stem may be followed by a case ending of up to three letters.
            let tail = if prefix {
                lower[m.end()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .count()
            } else {
                0
            };
            let ends = tail <= 3 && (prefix || after.is_none_or(|c| !c.is_alphanumeric()));
            if starts && ends {
                out.push(Anchor {
                    key,
                    kind: AnchorKind::Term,
                });
            }
        }
    }
}

fn push_term_forms(forms: &mut Vec<(String, u64, bool)>, form: String, key: u64) {
    let single_cyrillic_word = !form.contains(char::is_whitespace)
        && form.chars().any(crate::names::is_cyrillic)
        && form.chars().count() >= 5;
    if single_cyrillic_word {
        let stem = strip_cyrillic_ending(&form);
        if stem.chars().count() >= 4 {
            forms.push((stem.to_string(), key, true));
            return;
        }
    }
    forms.push((form, key, false));
}

fn build_automaton(forms: Vec<(String, u64, bool)>) -> Option<(AhoCorasick, Vec<(u64, bool)>)> {
    if forms.is_empty() {
        return None;
    }
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(forms.iter().map(|(f, _, _)| f.as_str()))
        .ok()?;
    Some((automaton, forms.iter().map(|(_, k, p)| (*k, *p)).collect()))
}

/// The rows of a `value<TAB>form,form,…` data table (`#` starts a comment).
fn table_forms(table: &'static str) -> impl Iterator<Item = (u8, &'static str)> {
    table
        .lines()
        .filter_map(|line| {
            let line = line.trim_end();
            if line.starts_with('#') {
                return None;
            }
            let (value, forms) = line.split_once('\t')?;
            Some((value.parse::<u8>().ok()?, forms))
        })
        .flat_map(|(value, forms)| forms.split(',').map(move |form| (value, form)))
}

fn months() -> &'static HashMap<String, (u8, bool)> {
    static MONTHS: OnceLock<HashMap<String, (u8, bool)>> = OnceLock::new();
    MONTHS.get_or_init(|| {
        table_forms(include_str!("data/months.tsv"))
            .map(|(month, form)| match form.strip_prefix('^') {
                Some(rest) => (rest.to_string(), (month, true)),
                None => (form.to_string(), (month, false)),
            })
            .collect()
    })
}

/// Numbers written as words (`three`, `трёх`, `drei`), by their value.
fn number_words() -> &'static HashMap<&'static str, u8> {
    static WORDS: OnceLock<HashMap<&'static str, u8>> = OnceLock::new();
    WORDS.get_or_init(|| {
        table_forms(include_str!("data/number_words.tsv"))
            .map(|(value, form)| (form, value))
            .collect()
    })
}

/// Pronouns of address written capitalised as a courtesy (`Вас`, `Ваше`,
/// `Your`), lower case: no names.
fn courtesy_pronouns() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("data/courtesy_pronouns.txt")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    })
}

/// Case endings of Russian and Ukrainian nouns and adjectives, longest first,
/// so that `Кухтина`, `Кухтиным` and `Кухтин` share a stem. Only endings
/// the English spelling of a name never has are removed (`-ов` stays).
const CYRILLIC_ENDINGS: &[&str] = &[
    "ого", "его", "ому", "ему", "ыми", "ими", "ами", "ями", "ой", "ей", "ий", "ый", "ая", "яя",
    "ое", "ее", "ую", "юю", "ом", "ем", "ым", "им", "ам", "ям", "ах", "ях", "ою", "ею", "а", "я",
    "у", "ю", "е", "и", "ы", "о", "ь", "й", "і", "ї", "є",
];

fn strip_cyrillic_ending(lower: &str) -> &str {
    for ending in CYRILLIC_ENDINGS {
        if let Some(stem) = lower.strip_suffix(ending) {
            if stem.chars().count() >= 3 {
                return stem;
            }
        }
    }
    lower
}

/// The Latin base both name keys start from: a capitalised word of three
/// letters or more, Cyrillic without its case ending and transliterated,
/// Latin without a possessive `'s`, then without trailing vowels (when three
/// letters are left).
fn name_base(word: &str, scheme: Option<&Scheme>) -> Option<String> {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let first = word.chars().next()?;
    if !first.is_uppercase() || letters < 3 {
        return None;
    }
    let lower = word.to_lowercase();
    let latin = if lower.chars().any(crate::names::is_cyrillic) {
        let stem = strip_cyrillic_ending(&lower);
        let scheme = scheme.or_else(|| Scheme::default_for("ru"))?;
        scheme.transliterate(stem).to_lowercase()
    } else {
        lower
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .to_string()
    };
    let trimmed = latin.trim_end_matches(['a', 'e', 'i', 'o', 'u', 'y']);
    let base = if trimmed.chars().count() >= 3 {
        trimmed
    } else {
        latin.as_str()
    };
    Some(base.to_string())
}

/// The key under which spellings of one name meet: Cyrillic words lose their
/// case ending and are transliterated; then both scripts lose trailing vowels
/// and possessive `'s` and are reduced to the names module's English-style
/// skeleton (`Kukhtina`, `Кухтину`, `Kukhtin` → one key).
pub fn name_key(word: &str, scheme: Option<&Scheme>) -> Option<String> {
    let base = name_base(word, scheme)?;
    let skeleton = crate::names::primary_skeleton(&base);
    let key = if skeleton.chars().count() >= 2 {
        skeleton
    } else {
        base
    };
    Some(key)
}

/// A second key for a name, for spellings the skeleton of [`name_key`] keeps
/// apart: the Latin base folded like a cognate ([`sound_fold`]), which lets
/// a Cyrillic spelling of a name from English or German meet its original
/// (`Сковелл` / `Scovell`, `Роза` / `Rosa`, `Макрон` / `Macron`), where the
/// skeleton reads `sc` as `щ` and `c` as `ц`. Used only where the skeleton
/// keys of the two sides do not meet ([`AnchorFinder::name_alternates`]).
///
/// A Latin `-us` that the Cyrillic form drops is dropped too (`Аристарх` /
/// `Aristarchus`, `Коперник` / `Copernicus`, `Кипр` / `Cyprus`), then trailing
/// vowels as in the base (`Юлий` / `Julius`), while four letters are left.
pub fn name_fold_key(word: &str, scheme: Option<&Scheme>) -> Option<String> {
    let base = name_base(word, scheme)?;
    let folded = sound_fold(&crate::names::fold(&base));
    match folded.strip_suffix("us") {
        Some(stem) if stem.len() >= 4 => {
            let trimmed = stem.trim_end_matches(['a', 'e', 'i', 'o', 'u']);
            Some(if trimmed.len() >= 3 { trimmed } else { stem }.to_string())
        }
        _ => Some(folded),
    }
}

/// Letters a cognate key keeps of a word's Latin spelling.
const COGNATE_PREFIX: usize = 5;

/// The key of a lower-case word of six letters or more: the first five
/// letters of its Latin spelling (Cyrillic transliterated), accents removed.
fn cognate_key(word: &str, scheme: Option<&Scheme>) -> Option<u64> {
    if word.chars().count() < 6 || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let lower = word.to_lowercase();
    let latin = if lower.chars().any(crate::names::is_cyrillic) {
        scheme?.transliterate(&lower)
    } else {
        lower
    };
    let folded = crate::names::fold(&latin);
    let prefix: String = sound_fold(&folded).chars().take(COGNATE_PREFIX).collect();
    (prefix.len() == COGNATE_PREFIX).then(|| key_of(AnchorKind::Cognate, &prefix))
}

/// Folds spellings that one sound gets in different languages or
/// transliterations onto one letter, so cognates meet: `c`, `k`, `q` → `k`
/// (political / politicheskikh), `z` → `s` (president / prezident), `w` →
/// `v`, `y` and `j` → `i`, `ph` → `f`; `h` is dropped (kh, sh, th) and
/// doubled letters are written once. Only ASCII letters are kept.
fn sound_fold(latin: &str) -> String {
    let mut out = String::with_capacity(latin.len());
    let mut previous = None;
    let bytes: Vec<u8> = latin.bytes().filter(u8::is_ascii_alphabetic).collect();
    for (k, &b) in bytes.iter().enumerate() {
        let mapped = match b {
            b'p' if bytes.get(k + 1) == Some(&b'h') => b'f',
            b'h' => continue,
            b'c' | b'q' => b'k',
            b'z' => b's',
            b'w' => b'v',
            b'y' | b'j' => b'i',
            other => other,
        };
        if previous != Some(mapped) {
            out.push(mapped as char);
        }
        previous = Some(mapped);
    }
    out
}

/// Finds the anchors of the segments of one side of a document.
pub struct AnchorFinder<'a> {
    scheme: Option<&'static Scheme>,
    terms: Option<&'a TermAnchors>,
    source_side: bool,
    /// The language whose country names [`crate::names::conventional::place_name`]
    /// knows (`en`, `ru`, `uk`), if the text is in one of them.
    places: Option<&'static str>,
    cache: HashMap<String, Option<(u64, AnchorKind)>>,
    alternates: HashMap<u64, u64>,
}

impl<'a> AnchorFinder<'a> {
    /// A finder for text in `lang`; `source_side` picks the glossary side.
    pub fn new(lang: &LangTag, terms: Option<&'a TermAnchors>, source_side: bool) -> Self {
        AnchorFinder {
            scheme: Scheme::default_for(lang.primary()),
            terms,
            source_side,
            places: ["en", "ru", "uk"]
                .into_iter()
                .find(|l| *l == lang.primary()),
            cache: HashMap::new(),
            alternates: HashMap::new(),
        }
    }

    /// The second key of each name key found so far: the English name of
    /// the country the word names ([`crate::names::conventional::place_name`]),
    /// else [`name_fold_key`].
    pub fn name_alternates(&self) -> &HashMap<u64, u64> {
        &self.alternates
    }

    /// The anchors of one segment, sorted by key.
    pub fn anchors(&mut self, text: &str) -> Vec<Anchor> {
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (start, c) = chars[k];
            if let Some((next, hour, minute)) = time_at(&chars, k) {
                // 14:00, 14.30 Uhr, 14h30 and 2pm, 2:30 p.m. share a key (on
                // a 12-hour clock): news gives times in the reader's convention.
                out.push(Anchor {
                    key: key_of(AnchorKind::Number, &format!("{}:{minute:02}", hour % 12)),
                    kind: AnchorKind::Number,
                });
                k = next;
            } else if c.is_ascii_digit() {
                k = self.number(text, &chars, k, &mut out);
            } else if c.is_alphabetic() {
                let mut end_k = k;
                while end_k < chars.len()
                    && (chars[end_k].1.is_alphanumeric()
                        || (matches!(chars[end_k].1, '-' | '\'' | '’')
                            && chars.get(end_k + 1).is_some_and(|n| n.1.is_alphabetic())))
                {
                    end_k += 1;
                }
                let end = chars.get(end_k).map_or(text.len(), |x| x.0);
                let word = &text[start..end];
                if let Some(link) = link_at(text, start) {
                    out.push(Anchor {
                        key: key_of(AnchorKind::Link, &link.to_lowercase()),
                        kind: AnchorKind::Link,
                    });
                    let link_end = start + link.len();
                    while k < chars.len() && chars[k].0 < link_end {
                        k += 1;
                    }
                    continue;
                }
                self.word(word, &mut out);
                k = end_k;
            } else {
                match c {
                    '?' | '!' => out.push(Anchor {
                        key: key_of(AnchorKind::Mark, &c.to_string()),
                        kind: AnchorKind::Mark,
                    }),
                    '«' | '“' | '„' | '»' | '”' | '"' | '‹' | '›' => out.push(Anchor {
                        key: key_of(AnchorKind::Mark, "quote"),
                        kind: AnchorKind::Mark,
                    }),
                    '@' | '#' => {
                        let rest: String = text[start + 1..]
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        if rest.chars().count() >= 2 {
                            out.push(Anchor {
                                key: key_of(AnchorKind::Link, &rest.to_lowercase()),
                                kind: AnchorKind::Link,
                            });
                        }
                    }
                    _ => {}
                }
                k += 1;
            }
        }
        // Quotation marks come in pairs in one language and single in another
        // (« » vs " "): a segment has a quotation or not.
        let quote = key_of(AnchorKind::Mark, "quote");
        let mut seen_quote = false;
        out.retain(|a| {
            if a.key != quote {
                return true;
            }
            !std::mem::replace(&mut seen_quote, true)
        });
        if let Some(terms) = self.terms {
            let lower = text.to_lowercase();
            terms.find(&lower, self.source_side, &mut out);
        }
        out.sort_unstable();
        out
    }

    /// Reads a number starting at `chars[k]`: digit groups joined by `,` `.`
    /// or a space (also no-break and thin spaces) before exactly three digits.
    fn number(
        &self,
        text: &str,
        chars: &[(usize, char)],
        k: usize,
        out: &mut Vec<Anchor>,
    ) -> usize {
        let mut digits = String::new();
        let mut i = k;
        loop {
            while i < chars.len() && chars[i].1.is_ascii_digit() {
                digits.push(chars[i].1);
                i += 1;
            }
            let Some(&(_, sep)) = chars.get(i) else { break };
            let group = matches!(
                sep,
                ',' | '.' | '\u{a0}' | '\u{202f}' | '\u{2009}' | ' ' | '\''
            );
            let next_digits = chars[i + 1..]
                .iter()
                .take_while(|(_, c)| c.is_ascii_digit())
                .count();
            // A space only joins thousands groups; `,` and `.` also join a
            // decimal part (4.5 = 4,5), so both languages give the same digits.
            let joins = if matches!(sep, ',' | '.') {
                next_digits > 0
            } else {
                group && next_digits == 3
            };
            if !joins {
                break;
            }
            i += 1;
        }
        let _ = text;
        let trimmed = digits.trim_start_matches('0');
        let value = if trimmed.is_empty() { "0" } else { trimmed };
        let kind = if value.len() >= 2 {
            AnchorKind::Number
        } else {
            AnchorKind::Digit
        };
        out.push(Anchor {
            key: key_of(AnchorKind::Number, value),
            kind,
        });
        i
    }

    fn word(&mut self, word: &str, out: &mut Vec<Anchor>) {
        let lower = word.to_lowercase();
        if let Some(&(month, capital)) = months().get(&lower) {
            let is_capital = word.chars().next().is_some_and(char::is_uppercase);
            if !capital || is_capital {
                out.push(Anchor {
                    key: key_of(AnchorKind::Month, &month.to_string()),
                    kind: AnchorKind::Month,
                });
                return;
            }
        }
        if let Some(&value) = number_words().get(lower.as_str()) {
            // The same key as the digits: "3%" and "three per cent" agree.
            out.push(Anchor {
                key: key_of(AnchorKind::Number, &value.to_string()),
                kind: AnchorKind::Digit,
            });
            return;
        }
        // Capitalised inside a sentence as a courtesy, these were taken for
        // names no translation shares (`Вас` / `you`) and lowered the
        // confidence of letters and chats.
        if courtesy_pronouns().contains(lower.as_str()) {
            return;
        }
        if let Some(found) = self.cache.get(word) {
            if let Some((key, kind)) = found {
                out.push(Anchor {
                    key: *key,
                    kind: *kind,
                });
            }
            return;
        }
        let found = name_key(word, self.scheme)
            .map(|k| (key_of(AnchorKind::Name, &k), AnchorKind::Name))
            .or_else(|| cognate_key(word, self.scheme).map(|k| (k, AnchorKind::Cognate)));
        self.cache.insert(word.to_string(), found);
        if let Some((key, AnchorKind::Name)) = found {
            // Country names are translated, not transliterated (`Ливии` /
            // `Libya`, `Німеччини` / `Germany`), so the table's English name
            // is their second key; `@` keeps it apart from every fold key.
            let place = self
                .places
                .and_then(|lang| crate::names::conventional::place_name(word, lang));
            let second = match place {
                Some(english) => Some(format!("@{english}")),
                None => name_fold_key(word, self.scheme).map(|fold| format!("~{fold}")),
            };
            if let Some(second) = second {
                self.alternates
                    .entry(key)
                    .or_insert_with(|| key_of(AnchorKind::Name, &second));
            }
        }
        if let Some((key, kind)) = found {
            out.push(Anchor { key, kind });
        }
    }
}

/// A clock time starting at `chars[k]`: `H:MM` or `H.MM`/`H` before `Uhr`
/// (24-hour), `HhMM` / `H h MM` / `Hh` (French), or `H[:MM]` before `am`, `pm`,
/// `a.m.`, `p.m.`. Returns the index after it, the hour and the minute.
fn time_at(chars: &[(usize, char)], k: usize) -> Option<(usize, u32, u32)> {
    if k > 0 && chars[k - 1].1.is_alphanumeric() {
        return None;
    }
    let digits = |from: usize| -> usize {
        chars[from.min(chars.len())..]
            .iter()
            .take_while(|(_, c)| c.is_ascii_digit())
            .count()
    };
    let value = |from: usize, len: usize| -> u32 {
        chars[from..from + len]
            .iter()
            .fold(0, |v, (_, c)| v * 10 + c.to_digit(10).unwrap_or(0))
    };
    let at = |i: usize| chars.get(i).map(|x| x.1);
    let word_at = |i: usize, word: &str| -> bool {
        let n = word.chars().count();
        chars.len() >= i + n
            && chars[i..i + n]
                .iter()
                .map(|x| x.1.to_ascii_lowercase())
                .eq(word.chars())
            && at(i + n).is_none_or(|c| !c.is_alphanumeric())
    };
    let skip_space = |i: usize| if at(i) == Some(' ') { i + 1 } else { i };
    let h_len = digits(k);
    if !(1..=2).contains(&h_len) {
        return None;
    }
    let hour = value(k, h_len);
    let mut i = k + h_len;
    let mut minute = None;
    let mut explicit_minutes = false;
    if matches!(at(i), Some(':') | Some('.')) && digits(i + 1) == 2 {
        minute = Some(value(i + 1, 2));
        explicit_minutes = at(i) == Some(':');
        i += 3;
    }
    let after = skip_space(i);
    for (suffix, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if (1..=12).contains(&hour) && word_at(after, suffix) {
            let end = after + suffix.chars().count();
            let minute = minute.unwrap_or(0);
            return (minute < 60).then_some((end, hour % 12 + if pm { 12 } else { 0 }, minute));
        }
    }
    if word_at(after, "uhr") && hour < 24 && minute.unwrap_or(0) < 60 {
        return Some((after + 3, hour, minute.unwrap_or(0)));
    }
    if minute.is_none() && at(i) == Some('h') && hour < 24 {
        // 14h, 14h30 (French); `14 h` alone may be a duration and is left out.
        let m_len = digits(i + 1);
        if m_len == 2 && value(i + 1, 2) < 60 {
            return Some((i + 3, hour, value(i + 1, 2)));
        }
        if at(i + 1).is_none_or(|c| !c.is_alphanumeric()) {
            return Some((i + 1, hour, 0));
        }
    }
    match minute {
        Some(m) if explicit_minutes && hour < 24 && m < 60 && digits(i) == 0 => Some((i, hour, m)),
        _ => None,
    }
}

/// A URL or e-mail address starting at byte `start`, without trailing punctuation.
fn link_at(text: &str, start: usize) -> Option<&str> {
    let rest = &text[start..];
    let lower_head: String = rest.chars().take(8).collect::<String>().to_lowercase();
    let is_url = lower_head.starts_with("http://")
        || lower_head.starts_with("https://")
        || lower_head.starts_with("www.");
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let token = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', '»', '"', '”', '!', '?']);
    let is_email = token.contains('@')
        && token.rsplit('@').next().is_some_and(|d| d.contains('.'))
        && token
            .chars()
            .all(|c| c.is_alphanumeric() || "@._-+".contains(c));
    (is_url || is_email).then_some(token)
}

#[cfg(test)]
#[path = "anchors_tests.rs"]
mod tests;
