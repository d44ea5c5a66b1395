//! Applies a compiled table to text: word boundaries, context rules, case.
//!
//! Invariants: characters that are neither Cyrillic nor an apostrophe inside a
//! Cyrillic word are copied unchanged; every context looks at source letters;
//! case is decided per match from the source (lower → as in the table, title →
//! first letter capitalised, all-caps word → whole output upper-cased).

use super::format::{APOSTROPHE, LetterSet, Rule};
use unicode_normalization::char::{compose, is_combining_mark};

/// First and one-past-last code point of the Cyrillic blocks the tables index.
const CYRILLIC_START: u32 = 0x400;
const CYRILLIC_END: u32 = 0x530;
/// Table slot for the in-word apostrophe (after the Cyrillic slots).
const APOSTROPHE_SLOT: usize = (CYRILLIC_END - CYRILLIC_START) as usize;
const SLOTS: usize = APOSTROPHE_SLOT + 1;

/// A scheme's letters and rules, indexed by source letter for speed.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    letters: Vec<Option<Box<str>>>,
    rules: Vec<Vec<Rule>>,
}

/// True for letters of the Cyrillic and Cyrillic Supplement blocks.
#[inline]
pub(crate) fn is_cyrillic(c: char) -> bool {
    (CYRILLIC_START..CYRILLIC_END).contains(&(c as u32))
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

#[inline]
fn slot(c: char) -> Option<usize> {
    let code = c as u32;
    if (CYRILLIC_START..CYRILLIC_END).contains(&code) {
        Some((code - CYRILLIC_START) as usize)
    } else if c == APOSTROPHE {
        Some(APOSTROPHE_SLOT)
    } else {
        None
    }
}

/// Lower case of one character (Cyrillic lower-cases one to one).
#[inline]
fn lower(c: char) -> char {
    if c.is_lowercase() || !c.is_alphabetic() {
        return c;
    }
    c.to_lowercase().next().unwrap_or(c)
}

/// Word characters per UAX #29's letter/number classes, plus combining marks.
#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_combining_mark(c)
}

impl Table {
    /// Builds the index; outputs for letters not listed stay `None`.
    pub(crate) fn new(letters: &[(char, Box<str>)], rules: &[Rule]) -> Table {
        let mut table = Table {
            letters: vec![None; SLOTS],
            rules: vec![Vec::new(); SLOTS],
        };
        for (letter, output) in letters {
            if let Some(index) = slot(*letter) {
                table.letters[index] = Some(output.clone());
            }
        }
        for rule in rules {
            if let Some(index) = rule.pattern.first().copied().and_then(slot) {
                table.rules[index].push(rule.clone());
            }
        }
        // Longest pattern first; the stable sort keeps file order among equals.
        for list in &mut table.rules {
            list.sort_by_key(|rule| std::cmp::Reverse(rule.pattern.len()));
        }
        table
    }

    /// The `[letters]` output for a lower-case source letter.
    #[inline]
    pub(crate) fn letter(&self, c: char) -> Option<&str> {
        slot(c).and_then(|index| self.letters[index].as_deref())
    }

    /// Every output string in the table (letters and rules).
    pub(crate) fn outputs(&self) -> impl Iterator<Item = &str> {
        self.letters
            .iter()
            .flatten()
            .map(|s| s.as_ref())
            .chain(self.rules.iter().flatten().map(|r| r.output.as_ref()))
    }
}

/// The source text as characters, with a Cyrillic letter and a following
/// combining mark composed when Unicode has the composite (и + ◌̆ → й), so
/// decomposed input transliterates like composed input. Nothing else changes.
fn source_chars(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        if is_combining_mark(c) {
            let composed = chars
                .last()
                .filter(|&&base| is_cyrillic(base))
                .and_then(|&base| compose(base, c))
                .filter(|&composed| is_cyrillic(composed));
            if let (Some(composed), Some(last)) = (composed, chars.last_mut()) {
                *last = composed;
                continue;
            }
        }
        chars.push(c);
    }
    chars
}

/// The view of the source the matcher needs: characters, and which of them
/// belong to words.
struct Source {
    chars: Vec<char>,
    word: Vec<bool>,
}

impl Source {
    fn new(text: &str) -> Source {
        let chars = source_chars(text);
        let n = chars.len();
        let mut word: Vec<bool> = chars.iter().map(|&c| is_word_char(c)).collect();
        // An apostrophe between two letters is part of the word (UAX #29 MidNumLet):
        // Ukrainian м'ясо and Belarusian сям'я are one word each.
        // ʼ (U+02BC) is a letter to Unicode but an apostrophe to Ukrainian
        // spelling, so it is treated like ' and ’.
        for i in 0..n {
            if is_apostrophe(chars[i]) {
                word[i] = i > 0
                    && i + 1 < n
                    && chars[i - 1].is_alphabetic()
                    && chars[i + 1].is_alphabetic();
            }
        }
        Source { chars, word }
    }

    /// The canonical lower-case form used for matching at `i`.
    #[inline]
    fn key(&self, i: usize) -> char {
        let c = self.chars[i];
        if self.word[i] && is_apostrophe(c) {
            APOSTROPHE
        } else {
            lower(c)
        }
    }

    /// The letter before `i` (combining marks skipped), None at a word start.
    #[inline]
    fn left(&self, i: usize) -> Option<char> {
        let mut j = i;
        while j > 0 {
            j -= 1;
            if !self.word[j] {
                return None;
            }
            if !is_combining_mark(self.chars[j]) {
                return Some(self.key(j));
            }
        }
        None
    }

    /// The letter at or after `i` (combining marks skipped), None at a word end.
    #[inline]
    fn right(&self, i: usize) -> Option<char> {
        let mut j = i;
        while j < self.chars.len() {
            if !self.word[j] {
                return None;
            }
            if !is_combining_mark(self.chars[j]) {
                return Some(self.key(j));
            }
            j += 1;
        }
        None
    }

    fn rule_matches(&self, rule: &Rule, i: usize) -> bool {
        let len = rule.pattern.len();
        if i + len > self.chars.len() {
            return false;
        }
        for (k, &p) in rule.pattern.iter().enumerate() {
            if !self.word[i + k] || self.key(i + k) != p {
                return false;
            }
        }
        let fits = |set: &Option<LetterSet>, neighbour: Option<char>| match set {
            None => true,
            Some(set) => set.contains(neighbour),
        };
        fits(&rule.left, self.left(i)) && fits(&rule.right, self.right(i + len))
    }

    /// For each character: should an upper-case letter here produce an
    /// all-upper-case output (ЩУКА → SHCHUKA) rather than a capitalised one
    /// (Щука → Shchuka)? Decided per word: a word of two or more cased letters
    /// all upper case is all-caps; a one-letter upper-case word (Я, an initial)
    /// follows the nearest longer words; inside mixed-case words (ЖКХовский) a
    /// capital followed by another capital is part of an upper-case run.
    fn upper_runs(&self) -> Vec<bool> {
        let n = self.chars.len();
        let mut flags = vec![false; n];
        // (start, end, cased letters, upper-case letters)
        let mut words: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut i = 0;
        while i < n {
            if !self.word[i] {
                i += 1;
                continue;
            }
            let start = i;
            let (mut cased, mut upper) = (0, 0);
            while i < n && self.word[i] {
                let c = self.chars[i];
                if c.is_uppercase() {
                    cased += 1;
                    upper += 1;
                } else if c.is_lowercase() {
                    cased += 1;
                }
                i += 1;
            }
            words.push((start, i, cased, upper));
        }
        let all_caps = |w: &(usize, usize, usize, usize)| w.2 >= 2 && w.2 == w.3;
        for (index, word) in words.iter().enumerate() {
            let (start, end, cased, upper) = *word;
            if upper == 0 {
                continue;
            }
            if all_caps(word) {
                flags[start..end].iter_mut().for_each(|f| *f = true);
            } else if cased == 1 {
                // An initial belongs with the name after it (Ю. ТИМОШЕНКО); a
                // one-letter word at the end of a text with the words before it.
                let after = words[index + 1..].iter().find(|w| w.2 >= 2);
                let near = after.or_else(|| words[..index].iter().rev().find(|w| w.2 >= 2));
                if near.is_some_and(all_caps) {
                    flags[start..end].iter_mut().for_each(|f| *f = true);
                }
            } else {
                let letters: Vec<usize> = (start..end)
                    .filter(|&j| self.chars[j].is_uppercase() || self.chars[j].is_lowercase())
                    .collect();
                for (k, &j) in letters.iter().enumerate() {
                    if !self.chars[j].is_uppercase() {
                        continue;
                    }
                    let next_upper = letters.get(k + 1).map(|&m| self.chars[m].is_uppercase());
                    let prev_upper = k > 0 && self.chars[letters[k - 1]].is_uppercase();
                    flags[j] = next_upper == Some(true) || (prev_upper && next_upper.is_none());
                }
            }
        }
        flags
    }
}

/// Writes `output` with the case of `source` (the first source letter decides).
#[inline]
fn push_cased(out: &mut String, output: &str, source: char, all_upper: bool) {
    if !source.is_uppercase() {
        out.push_str(output);
    } else if all_upper {
        out.extend(output.chars().flat_map(char::to_uppercase));
    } else {
        // Capitalise the first letter; letters joined to it by a tie bar
        // (ALA-LC t͡s, i͡a) form one unit and are capitalised with it: T͡Svetaeva.
        let mut capitalise = true;
        let mut tied = false;
        for c in output.chars() {
            if (capitalise || tied) && c.is_lowercase() {
                out.extend(c.to_uppercase());
                capitalise = false;
                tied = false;
            } else {
                if !capitalise && matches!(c, '\u{35C}'..='\u{362}') {
                    tied = true;
                }
                out.push(c);
            }
        }
    }
}

/// Transliterates `text` with `table`; `fallback` gives the output for a
/// Cyrillic letter (lower case) the table lacks, or None to copy it.
pub(crate) fn apply(
    table: &Table,
    text: &str,
    fallback: &dyn Fn(char) -> Option<String>,
) -> String {
    if !text.chars().any(is_cyrillic) {
        return text.to_string();
    }
    let source = Source::new(text);
    let chars = &source.chars;
    let upper = if chars.iter().any(|&c| is_cyrillic(c) && c.is_uppercase()) {
        source.upper_runs()
    } else {
        Vec::new()
    };
    let upper_at = |i: usize| upper.get(i).copied().unwrap_or(false);
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let in_word_apostrophe = source.word[i] && is_apostrophe(c);
        if !is_cyrillic(c) && !in_word_apostrophe {
            out.push(c);
            i += 1;
            continue;
        }
        let key = source.key(i);
        let Some(index) = slot(key) else {
            out.push(c);
            i += 1;
            continue;
        };
        if let Some(rule) = table.rules[index]
            .iter()
            .find(|rule| source.rule_matches(rule, i))
        {
            push_cased(&mut out, &rule.output, c, upper_at(i));
            i += rule.pattern.len();
            continue;
        }
        match table.letters[index].as_deref() {
            Some(output) => push_cased(&mut out, output, c, upper_at(i)),
            None if in_word_apostrophe => out.push(c),
            None => match fallback(key) {
                Some(output) => push_cased(&mut out, &output, c, upper_at(i)),
                None => out.push(c),
            },
        }
        i += 1;
    }
    out
}

/// Folds a fallback output to ASCII for ASCII-only schemes: diacritics are
/// removed and the ISO 9 sign letters become ASCII quotes.
pub(crate) fn ascii_fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        match c {
            c if c.is_ascii() => out.push(c),
            c if is_combining_mark(c) => {}
            'ʹ' | '’' | 'ʼ' => out.push('\''),
            'ʺ' | '”' => out.push('"'),
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            '·' => {}
            other => out.push(other),
        }
    }
    out
}
