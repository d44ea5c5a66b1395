//! Words and name-like sequences in a text.
//!
//! A word is a run of letters, digits and combining marks, with apostrophes allowed
//! between letters (Zelens'kyy, O’Brien). A *name-like* word is capitalised,
//! not all capitals (acronyms are left alone), and not a common English word;
//! a word the text also uses in lower case ("Party" / "party activity") is not
//! a name either. Consecutive name-like words joined by one space or hyphen
//! form a *mention* ("Mikhail Kukhtin").

use std::collections::HashSet;
use std::sync::OnceLock;

/// A word with its byte span in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
    /// The word.
    pub text: &'a str,
}

fn is_apostrophe(c: char) -> bool {
    // The prime and the backtick stand for ь/ъ in some romanisations
    // (GOST 7.79 B writes Dar`ya), so they keep a word together too.
    matches!(c, '\'' | '’' | 'ʼ' | '‘' | 'ʹ' | '′' | '`')
}

fn is_word_char(c: char) -> bool {
    // Basic Cyrillic letters first: `is_alphanumeric` answers them through
    // its slow table search, which was 8 % of the 1M-unit memory check.
    if matches!(c, 'А'..='я' | 'Ё' | 'ё') {
        return true;
    }
    // Digits belong to words so that "Su-27" or a numbered term keeps its number.
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if is_apostrophe(c)
            && start.is_some()
            && chars.peek().is_some_and(|&(_, next)| is_word_char(next))
        {
            continue;
        }
        if let Some(s) = start.take() {
            out.push(Word {
                start: s,
                end: i,
                text: &text[s..i],
            });
        }
    }
    if let Some(s) = start {
        out.push(Word {
            start: s,
            end: text.len(),
            text: &text[s..],
        });
    }
    out
}

fn common_words() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("data/common_words.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// The word without an English possessive (`Brooks’s` → `Brooks`, `People’s` → `People`).
pub fn strip_possessive(word: &str) -> &str {
    for suffix in ["'s", "’s", "ʼs"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return stem;
        }
    }
    word
}

/// True for a common English word (case-insensitive, possessive stripped).
pub fn is_common_word(word: &str) -> bool {
    let base = strip_possessive(word).to_lowercase();
    common_words().contains(base.as_str())
}

/// True when the word is capitalised and has a lower-case letter after the first.
pub fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

/// Finds the name-like words of a text.
pub struct NameScanner {
    /// Lower-case words seen in lower case somewhere in the text.
    lowercase_seen: HashSet<String>,
    /// Words seen capitalised somewhere other than at a sentence start;
    /// `None` when the scanner has no context (one segment).
    capitalised_inside: Option<HashSet<String>>,
}

/// English endings of adverbs, abstract nouns and adjectives: a capitalised
/// word with one of these, seen only at sentence starts, is an English word
/// ("Typically", "Nevertheless"), not a name.
const ENGLISH_ENDINGS: &[&str] = &[
    "ly", "ness", "ment", "tion", "sion", "ous", "ive", "able", "ible", "ful", "less", "ity",
];

/// True for a first name or surname the names module knows (Vasily,
/// Anatoly, Vitaly): such a word is a name at a sentence start even when it
/// ends like an English adverb.
fn is_known_proper_name(word: &str) -> bool {
    use crate::names::counterparts::{self, CounterpartKind};
    crate::names::guards::is_known_name(word)
        || counterparts::cells(word)
            .iter()
            .any(|(row, _)| counterparts::all()[*row].kind == CounterpartKind::FirstName)
}

/// True when the word at byte `start` of `text` begins a sentence (only
/// spaces, quotes and brackets after a full stop, ?, !, … or a line start).
fn at_sentence_start(text: &str, start: usize) -> bool {
    for c in text[..start].chars().rev() {
        match c {
            ' ' | '\t' | '"' | '“' | '«' | '‘' | '(' | '[' | '\u{a0}' => continue,
            '.' | '!' | '?' | '…' | '\n' | '\r' | ':' | ';' => return true,
            _ => return false,
        }
    }
    true
}

/// The word at `k` as an initial with its full stop ("M.") when it is one
/// capital letter followed by ". " and a name-like word.
fn initial_before_name<'a>(
    text: &'a str,
    all: &[Word<'a>],
    k: usize,
    name_like: impl Fn(&str) -> bool,
) -> Option<Word<'a>> {
    let word = all[k];
    let mut chars = word.text.chars();
    let letter = chars.next()?;
    if chars.next().is_some() || !letter.is_uppercase() {
        return None;
    }
    let next = all.get(k + 1)?;
    if &text[word.end..next.start] != ". " || !name_like(next.text) {
        return None;
    }
    Some(Word {
        start: word.start,
        end: word.end + 1,
        text: &text[word.start..word.end + 1],
    })
}

impl NameScanner {
    /// Prepares a scanner for `text` (notes which words occur in lower case).
    pub fn new(text: &str) -> NameScanner {
        let mut lowercase_seen = HashSet::new();
        let mut capitalised_inside = HashSet::new();
        for word in words(text) {
            let base = strip_possessive(word.text);
            if base.chars().next().is_some_and(char::is_lowercase) {
                lowercase_seen.insert(base.to_string());
            } else if !at_sentence_start(text, word.start) {
                capitalised_inside.insert(base.to_string());
            }
        }
        NameScanner {
            lowercase_seen,
            capitalised_inside: Some(capitalised_inside),
        }
    }

    /// A scanner that does not know the rest of the text (for one segment).
    pub fn without_context() -> NameScanner {
        NameScanner {
            lowercase_seen: HashSet::new(),
            capitalised_inside: None,
        }
    }

    /// True when `word` looks like (part of) a proper name.
    pub fn is_name_like(&self, word: &str) -> bool {
        let base = strip_possessive(word);
        let english_opener = || {
            self.capitalised_inside
                .as_ref()
                .is_some_and(|inside| !inside.contains(base))
                && ENGLISH_ENDINGS.iter().any(|e| base.ends_with(e))
                && !is_known_proper_name(base)
        };
        base.chars().count() >= 2
            && is_capitalised(base)
            && !is_common_word(base)
            && !self.lowercase_seen.contains(&base.to_lowercase())
            && !english_opener()
    }

    /// The mentions of `text`: runs of name-like words separated by exactly
    /// one space or hyphen. Each mention is its list of words.
    pub fn mentions<'a>(&self, text: &'a str) -> Vec<Vec<Word<'a>>> {
        let mut out: Vec<Vec<Word<'a>>> = Vec::new();
        let mut current: Vec<Word<'a>> = Vec::new();
        let all = words(text);
        for (k, &word) in all.iter().enumerate() {
            // An initial ("M. Kukhtin") belongs to the name after it.
            if let Some(initial) = initial_before_name(text, &all, k, |w| self.is_name_like(w)) {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                current.push(initial);
                continue;
            }
            if !self.is_name_like(word.text) {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                continue;
            }
            let joined = current.last().is_some_and(|last| {
                let gap = &text[last.end..word.start];
                // A possessive ends the mention: "Brooks’s Party".
                (gap == " " || gap == "-" || gap == "\u{a0}")
                    && strip_possessive(last.text) == last.text
            });
            if !joined && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            current.push(Word {
                start: word.start,
                end: word.start + strip_possessive(word.text).len(),
                text: strip_possessive(word.text),
            });
        }
        if !current.is_empty() {
            out.push(current);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cyrillic_shortcut_agrees_with_unicode() {
        for c in ('\u{400}'..='\u{4FF}').chain(['А', 'я', 'Ё', 'ё']) {
            let unicode = c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
            assert_eq!(is_word_char(c), unicode, "{c:?}");
        }
    }

    #[test]
    fn words_keep_inner_apostrophes() {
        let found: Vec<_> = words("Zelens'kyy, O’Brien's — 4th day.")
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(found, vec!["Zelens'kyy", "O’Brien's", "4th", "day"]);
    }

    #[test]
    fn mentions_skip_common_words_and_acronyms() {
        let text = "ON 4th September, Boris Litvinov of the CPDPR met Andy Brooks. During the talk the Party said party members agreed.";
        let scanner = NameScanner::new(text);
        let found: Vec<Vec<&str>> = scanner
            .mentions(text)
            .into_iter()
            .map(|m| m.into_iter().map(|w| w.text).collect())
            .collect();
        assert_eq!(
            found,
            vec![vec!["Boris", "Litvinov"], vec!["Andy", "Brooks"]]
        );
    }

    #[test]
    fn an_initial_joins_the_name_after_it() {
        let text = "Later M. Kukhtin spoke, and Kukhtin Mikhail wrote about plan B. nothing else.";
        let scanner = NameScanner::new(text);
        let found: Vec<Vec<&str>> = scanner
            .mentions(text)
            .into_iter()
            .map(|m| m.into_iter().map(|w| w.text).collect())
            .collect();
        assert_eq!(
            found,
            vec![vec!["M.", "Kukhtin"], vec!["Kukhtin", "Mikhail"]]
        );
    }

    #[test]
    fn known_names_with_english_endings_open_sentences() {
        // Before: "Vasily" and "Anatoly" at a sentence start were taken for
        // English adverbs, so "Vasily Petrenko" / "Vasyl Petrenko" never met.
        let text = "Vasily Petrenko spoke. Anatoly Frolov left. Vitaly came. \
                    Typically, Kukhtin spoke. Nobody saw Zelensky.";
        let scanner = NameScanner::new(text);
        for name in ["Vasily", "Anatoly", "Vitaly"] {
            assert!(scanner.is_name_like(name), "{name}");
        }
        assert!(!scanner.is_name_like("Typically"));
    }

    #[test]
    fn sentence_openers_with_english_endings_are_not_names() {
        let text = "Typically, Kukhtin spoke. Interestingly Zelensky agreed. Nobody saw Zelensky.";
        let scanner = NameScanner::new(text);
        assert!(!scanner.is_name_like("Typically"));
        assert!(!scanner.is_name_like("Interestingly"));
        assert!(scanner.is_name_like("Kukhtin"));
        assert!(scanner.is_name_like("Zelensky"));
    }

    #[test]
    fn possessive_is_stripped_and_ends_a_mention() {
        let text = "Andy Brooks’s Kukhtin";
        let scanner = NameScanner::new(text);
        let found: Vec<Vec<&str>> = scanner
            .mentions(text)
            .into_iter()
            .map(|m| m.into_iter().map(|w| w.text).collect())
            .collect();
        assert_eq!(found, vec![vec!["Andy", "Brooks"], vec!["Kukhtin"]]);
    }
}
