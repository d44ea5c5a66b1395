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

/// Lower case of one character (Cyrillic lower-cases one to one), with fast
/// paths for ASCII and the Russian capitals.
#[inline]
pub(crate) fn lower(c: char) -> char {
    match c {
        'A'..='Z' => ((c as u8) + 32) as char,
        '\u{430}'..='\u{45F}' => c,
        '\u{410}'..='\u{42F}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        '\u{400}'..='\u{40F}' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
        c if c.is_ascii() || (c as u32) < 0x400 && !c.is_alphabetic() => c,
        c if c.is_lowercase() || !c.is_alphabetic() => c,
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// True for combining marks, without a table lookup for the common ranges.
#[inline]
fn is_mark(c: char) -> bool {
    (c as u32) >= 0x300 && is_combining_mark(c)
}

/// Word characters per UAX #29's letter/number classes, plus combining marks.
#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    if is_cyrillic(c) {
        // Everything in the Cyrillic blocks is a letter or a combining mark but ҂.
        return c != '\u{482}';
    }
    c.is_alphanumeric() || is_mark(c)
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
        if is_mark(c) {
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Upper,
    Lower,
    None,
}

/// The view of the source the matcher needs: characters, and which of them
/// belong to words.
struct Source {
    chars: Vec<char>,
    word: Vec<bool>,
    /// The canonical lower-case form of each character used for matching
    /// (in-word apostrophes are all `'`).
    keys: Vec<char>,
    /// Upper case, lower case or uncased, per character.
    cases: Vec<Case>,
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
        let keys = chars
            .iter()
            .zip(&word)
            .map(|(&c, &in_word)| {
                if in_word && is_apostrophe(c) {
                    APOSTROPHE
                } else {
                    lower(c)
                }
            })
            .collect();
        let mut source = Source {
            chars,
            word,
            keys,
            cases: Vec::new(),
        };
        source.cases = (0..source.chars.len())
            .map(|i| source.compute_case(i))
            .collect();
        source
    }

    /// Whether the character at `i` is an upper-case or lower-case letter.
    #[inline]
    fn case(&self, i: usize) -> Case {
        self.cases[i]
    }

    fn compute_case(&self, i: usize) -> Case {
        let (c, key) = (self.chars[i], self.keys[i]);
        if c != key {
            if key == APOSTROPHE {
                Case::None
            } else {
                Case::Upper
            }
        } else if c.is_ascii() {
            if c.is_ascii_lowercase() {
                Case::Lower
            } else {
                Case::None
            }
        } else if is_cyrillic(c) {
            if self.word[i] && !is_mark(c) {
                Case::Lower
            } else {
                Case::None
            }
        } else if c.is_lowercase() {
            Case::Lower
        } else if c.is_uppercase() {
            // An upper-case letter whose lower case is not one character.
            Case::Upper
        } else {
            Case::None
        }
    }

    /// The canonical lower-case form used for matching at `i`.
    #[inline]
    fn key(&self, i: usize) -> char {
        self.keys[i]
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
            if !is_mark(self.chars[j]) {
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
            if !is_mark(self.chars[j]) {
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
                match self.case(i) {
                    Case::Upper => {
                        cased += 1;
                        upper += 1;
                    }
                    Case::Lower => cased += 1,
                    Case::None => {}
                }
                i += 1;
            }
            words.push((start, i, cased, upper));
        }
        let all_caps = |w: &(usize, usize, usize, usize)| w.2 >= 2 && w.2 == w.3;
        // The nearest word of two or more cased letters after / before each word.
        let long = |w: &(usize, usize, usize, usize)| w.2 >= 2;
        let mut next_long = vec![None; words.len()];
        let mut previous_long = vec![None; words.len()];
        let mut seen = None;
        for index in (0..words.len()).rev() {
            next_long[index] = seen;
            if long(&words[index]) {
                seen = Some(index);
            }
        }
        seen = None;
        for index in 0..words.len() {
            previous_long[index] = seen;
            if long(&words[index]) {
                seen = Some(index);
            }
        }
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
                let near = next_long[index].or(previous_long[index]);
                if near.is_some_and(|w| all_caps(&words[w])) {
                    flags[start..end].iter_mut().for_each(|f| *f = true);
                }
            } else {
                // Without allocating: a capital is part of an upper-case run when
                // the next cased letter is a capital too, or, for the last one,
                // when the cased letter before it was.
                let mut last: Option<(usize, bool)> = None;
                let mut before_last_upper = false;
                for j in start..end {
                    let case = self.case(j);
                    if case == Case::None {
                        continue;
                    }
                    let upper = case == Case::Upper;
                    if let Some((previous, previous_upper)) = last {
                        if previous_upper {
                            flags[previous] = upper;
                        }
                        before_last_upper = previous_upper;
                    }
                    last = Some((j, upper));
                }
                if let Some((j, true)) = last {
                    flags[j] = before_last_upper;
                }
            }
        }
        flags
    }
}

/// Writes `output` in the case of its source: as is for a lower-case source
/// letter, capitalised for an upper-case one, all upper case in an upper-case run.
#[inline]
fn push_cased(out: &mut String, output: &str, source_upper: bool, all_upper: bool) {
    if !source_upper {
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
    let upper = if (0..chars.len()).any(|i| source.case(i) == Case::Upper && is_cyrillic(chars[i]))
    {
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
        let is_upper = source.case(i) == Case::Upper;
        let Some(index) = slot(key) else {
            out.push(c);
            i += 1;
            continue;
        };
        if let Some(rule) = table.rules[index]
            .iter()
            .find(|rule| source.rule_matches(rule, i))
        {
            push_cased(&mut out, &rule.output, is_upper, upper_at(i));
            i += rule.pattern.len();
            continue;
        }
        match table.letters[index].as_deref() {
            Some(output) => push_cased(&mut out, output, is_upper, upper_at(i)),
            None if in_word_apostrophe => out.push(c),
            None => match fallback(key) {
                Some(output) => push_cased(&mut out, &output, is_upper, upper_at(i)),
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
            c if is_mark(c) => {}
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
