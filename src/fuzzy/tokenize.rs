//! Word tokens as the fuzzy score counts them.
//!
//! Text is put in NFC, then placeables (URLs, e-mail addresses, dates, times;
//! see `placeables.tsv`) are cut out as single tokens and the rest is split at
//! Unicode word boundaries (UAX #29, the `unicode-segmentation` crate). A
//! segment containing a letter or digit is a *word*; other non-space segments
//! are *punctuation*, kept apart so that a punctuation-only difference is a
//! penalty instead of a changed word. Scripts written without spaces (Chinese,
//! Japanese) come out one ideograph per token, so the word score degrades
//! gracefully into a character score there.
//!
//! Normalisation of word tokens (documented in README `tmkit match`): lower
//! case, `ё` → `е`, typographic apostrophes → `'`. Case differences are therefore
//! not word differences; they give the case penalty instead.

use super::wordbound::{PieceKind, Scratch, split_simple};
use crate::text::{nfc, nfc_cow};
use regex::Regex;
use std::sync::OnceLock;
use unicode_segmentation::UnicodeSegmentation;

/// What a word token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenClass {
    /// An ordinary word.
    Word,
    /// A number (`2014`, `3.5`, `1,000`).
    Number,
    /// A URL.
    Url,
    /// An e-mail address.
    Email,
    /// A numeric date (`2014-05-03`, `03.05.2014`).
    Date,
    /// A time of day (`12:30`).
    Time,
}

impl TokenClass {
    /// True for tokens that are copied rather than translated, and so may be
    /// substituted from the query into a suggestion.
    pub fn is_placeable(self) -> bool {
        self != TokenClass::Word
    }

    /// The index key shared by every placeable of this class: placeables are
    /// indexed by class, not value, so that a memory entry differing only in a
    /// number is still a candidate for adaptation.
    fn class_key(self) -> &'static str {
        match self {
            TokenClass::Word => "",
            TokenClass::Number => "\u{1}num",
            TokenClass::Url => "\u{1}url",
            TokenClass::Email => "\u{1}email",
            TokenClass::Date => "\u{1}date",
            TokenClass::Time => "\u{1}time",
        }
    }

    fn from_name(name: &str) -> Option<TokenClass> {
        Some(match name {
            "url" => TokenClass::Url,
            "email" => TokenClass::Email,
            "date" => TokenClass::Date,
            "time" => TokenClass::Time,
            "number" => TokenClass::Number,
            _ => return None,
        })
    }
}

/// One word token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The token as written (NFC).
    pub surface: String,
    /// The normalised form compared by the word score.
    pub norm: String,
    /// Word or placeable kind.
    pub class: TokenClass,
    /// Start, in characters of the NFC text.
    pub start: usize,
    /// End (exclusive), in characters of the NFC text.
    pub end: usize,
}

impl Token {
    /// The form stored in the candidate index: the normalised word, or the
    /// class key for a placeable.
    pub fn index_key(&self) -> &str {
        if self.class.is_placeable() {
            self.class.class_key()
        } else {
            &self.norm
        }
    }
}

/// A tokenised segment: NFC text, word tokens and punctuation tokens.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    /// The NFC text the offsets refer to.
    pub text: String,
    /// Word and placeable tokens in order.
    pub words: Vec<Token>,
    /// Punctuation and symbol tokens in order (their surface forms).
    pub punct: Vec<String>,
}

impl Tokens {
    /// Number of word tokens (what the score's `L` counts).
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the segment has no word at all.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

struct PlaceableRule {
    class: TokenClass,
    pattern: Regex,
}

fn placeable_rules() -> &'static [PlaceableRule] {
    static RULES: OnceLock<Vec<PlaceableRule>> = OnceLock::new();
    RULES.get_or_init(|| {
        include_str!("placeables.tsv")
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .filter_map(|line| {
                let (kind, pattern) = line.split_once('\t')?;
                // The table is embedded and covered by tests; a bad line is skipped
                // rather than taking the program down.
                Some(PlaceableRule {
                    class: TokenClass::from_name(kind.trim())?,
                    pattern: Regex::new(pattern.trim()).ok()?,
                })
            })
            .collect()
    })
}

/// Normalises a word for comparison (see the module documentation).
///
/// ```
/// use tmkit::fuzzy::tokenize::normalize_word;
/// assert_eq!(normalize_word("Ёлка’s"), "елка's");
/// ```
pub fn normalize_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    push_normalized(word, &mut out);
    out
}

/// Appends [`normalize_word`]`(word)` to `out` (no allocation of its own).
fn push_normalized(word: &str, out: &mut String) {
    // English words: only capitals change (a tenth of the bulk import's
    // tokenising went to decoding them character by character).
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
        return;
    }
    let fold = |c| match c {
        'ё' => 'е',
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
        other => other,
    };
    for c in word.chars() {
        // Latin and basic Cyrillic letters directly: the general case
        // searches the Unicode case table, which was a tenth of the
        // tokeniser's time on Russian text.
        match c {
            'A'..='Z' | 'А'..='Я' => out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
            '\u{0400}'..='\u{040F}' => out.push(fold(char::from_u32(c as u32 + 0x50).unwrap_or(c))),
            'a'..='z' | '0'..='9' | 'а'..='я' => out.push(c),
            _ => out.extend(c.to_lowercase().map(fold)),
        }
    }
}

/// `char::is_numeric`, answering for basic Cyrillic letters without the
/// Unicode table.
fn is_numeric(c: char) -> bool {
    !('\u{0400}'..='\u{045F}').contains(&c) && c.is_numeric()
}

/// `char::is_alphanumeric`, answering for ASCII and basic Cyrillic letters
/// without the Unicode table.
fn is_alphanumeric(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{0400}'..='\u{045F}').contains(&c) || c.is_alphanumeric()
}

fn is_number(word: &str) -> bool {
    word.chars().any(is_numeric)
        && word
            .chars()
            .all(|c| is_numeric(c) || matches!(c, '.' | ',' | '\'' | '\u{2019}' | '_'))
}

/// Tokenises `text` (NFC-normalised first; offsets are characters of the NFC text).
///
/// ```
/// use tmkit::fuzzy::tokenize::{tokenize, TokenClass};
/// let t = tokenize("See https://example.org/a, in 2014!");
/// let words: Vec<_> = t.words.iter().map(|w| w.norm.as_str()).collect();
/// assert_eq!(words, ["see", "https://example.org/a", "in", "2014"]);
/// assert_eq!(t.words[1].class, TokenClass::Url);
/// assert_eq!(t.words[3].class, TokenClass::Number);
/// assert_eq!(t.punct, [",", "!"]);
/// ```
pub fn tokenize(text: &str) -> Tokens {
    let text = nfc(text);
    let mut words = Vec::new();
    let mut punct = Vec::new();
    let mut offsets = CharOffsets::default();
    scan(&text, |piece| match piece {
        Piece::Word { start, end, class } => {
            let surface = &text[start..end];
            let start = offsets.at(&text, start);
            let end = offsets.at(&text, end);
            words.push(Token {
                surface: surface.to_string(),
                norm: normalize_word(surface),
                class,
                start,
                end,
            });
        }
        Piece::Punct(segment) => punct.push(segment.to_string()),
    });
    Tokens { text, words, punct }
}

/// Calls `key` with the [`Token::index_key`] of every word token of `text`,
/// in order: what `tokenize(text).words` would give, without building the
/// tokens (no allocation per token; `text` is copied only when it is not NFC
/// already). The bulk import and index rebuilds tokenise millions of
/// segments through this.
///
/// ```
/// use tmkit::fuzzy::tokenize::{for_each_index_key, tokenize};
/// let text = "Ёлка at https://example.org, 12:30!";
/// let mut keys = Vec::new();
/// for_each_index_key(text, |key| keys.push(key.to_string()));
/// let expected: Vec<_> = tokenize(text).words.iter().map(|w| w.index_key().to_string()).collect();
/// assert_eq!(keys, expected);
/// assert_eq!(keys[0], "елка");
/// ```
pub fn for_each_index_key(text: &str, key: impl FnMut(&str)) {
    for_each_index_key_of_nfc(&nfc_cow(text), key);
}

/// [`for_each_index_key`] of a text already in NFC ([`crate::text::nfc_cow`]).
pub fn for_each_index_key_of_nfc(text: &str, mut key: impl FnMut(&str)) {
    let mut norm = String::new();
    scan(text, |piece| {
        if let Piece::Word { start, end, class } = piece {
            if class.is_placeable() {
                key(class.class_key());
            } else {
                norm.clear();
                push_normalized(&text[start..end], &mut norm);
                key(&norm);
            }
        }
    });
}

/// One piece of a segment found by [`scan`].
enum Piece<'a> {
    /// A word or placeable: byte range in the NFC text, and its class.
    Word {
        start: usize,
        end: usize,
        class: TokenClass,
    },
    /// A punctuation or symbol segment.
    Punct(&'a str),
}

/// The one tokeniser: finds the placeables of NFC `text`, splits the rest at
/// word boundaries, and hands every word and punctuation piece to `piece` in
/// text order (so byte offsets only grow).
fn scan<'a>(text: &'a str, mut piece: impl FnMut(Piece<'a>)) {
    // Byte ranges claimed by placeables, in order, without overlaps.
    let mut claimed: Vec<(usize, usize, TokenClass)> = Vec::new();
    let marks = Marks::of(text);
    for rule in placeable_rules() {
        if !marks.could_contain(text, rule.class) {
            continue;
        }
        for found in rule.pattern.find_iter(text) {
            let (s, e) = (found.start(), found.end());
            if claimed.iter().all(|&(cs, ce, _)| e <= cs || s >= ce) {
                claimed.push((s, e, rule.class));
            }
        }
    }
    claimed.sort_by_key(|&(s, _, _)| s);
    let mut cursor = 0usize;
    for &(s, e, class) in &claimed {
        split_plain(text, cursor, s, &mut piece);
        piece(Piece::Word {
            start: s,
            end: e,
            class,
        });
        cursor = e;
    }
    split_plain(text, cursor, text.len(), &mut piece);
}

/// The ASCII marks a placeable needs, found in one pass over a text: the
/// cheap test that skips a placeable pattern on text that cannot hold one
/// (the regex engine is slow on Unicode word boundaries in non-ASCII text,
/// and most segments have no URL, address, date or time). Testing each
/// class with its own scans read every text seven times: 1.6% of an
/// import's CPU.
#[derive(Clone, Copy, Default)]
struct Marks(u8);

impl Marks {
    const DIGIT: u8 = 1;
    const COLON: u8 = 2;
    const AT: u8 = 4;
    /// `w` or `W`, which `www.` and `WWW.` start with.
    const W: u8 = 8;
    /// `-`, `.` or `/`, one of which every numeric date holds.
    const DATE_SEPARATOR: u8 = 16;

    fn of(text: &str) -> Marks {
        let mut marks = 0;
        for &b in text.as_bytes() {
            marks |= match b {
                b'0'..=b'9' => Self::DIGIT,
                b':' => Self::COLON,
                b'@' => Self::AT,
                b'w' | b'W' => Self::W,
                b'-' | b'.' | b'/' => Self::DATE_SEPARATOR,
                _ => 0,
            };
        }
        Marks(marks)
    }

    fn has(self, mark: u8) -> bool {
        self.0 & mark != 0
    }

    /// Whether `text` (whose marks these are) could hold a placeable of `class`.
    fn could_contain(self, text: &str, class: TokenClass) -> bool {
        match class {
            TokenClass::Url => {
                (self.has(Self::COLON) && text.contains("://"))
                    || (self.has(Self::W) && (text.contains("www.") || text.contains("WWW.")))
            }
            TokenClass::Email => self.has(Self::AT),
            TokenClass::Date => self.has(Self::DIGIT) && self.has(Self::DATE_SEPARATOR),
            TokenClass::Time => self.has(Self::DIGIT) && self.has(Self::COLON),
            TokenClass::Number | TokenClass::Word => true,
        }
    }
}

/// Converts increasing byte offsets into character offsets in one pass.
#[derive(Default)]
struct CharOffsets {
    byte: usize,
    chars: usize,
}

impl CharOffsets {
    fn at(&mut self, text: &str, byte: usize) -> usize {
        self.chars += text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// Splits `text[from..to]` (no placeables inside) at word boundaries.
fn split_plain<'a>(text: &'a str, from: usize, to: usize, piece: &mut impl FnMut(Piece<'a>)) {
    thread_local! {
        static SCRATCH: std::cell::RefCell<Scratch> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let plain = &text[from..to];
    let mut emit = |offset: usize, segment: &'a str, kind: PieceKind| {
        let class = match kind {
            PieceKind::Space => return,
            PieceKind::Punct => return piece(Piece::Punct(segment)),
            PieceKind::Word => TokenClass::Word,
            PieceKind::Number => TokenClass::Number,
        };
        let start = from + offset;
        piece(Piece::Word {
            start,
            end: start + segment.len(),
            class,
        });
    };
    // Most text takes the fast path for ASCII and Cyrillic (`wordbound`),
    // which also knows each piece's kind from its characters' classes; a
    // callback that tokenises again on this thread gets a buffer of its own.
    let simple = SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => split_simple(plain, &mut scratch, &mut emit),
        Err(_) => split_simple(plain, &mut Vec::new(), &mut emit),
    });
    if !simple {
        for (offset, segment) in plain.split_word_bound_indices() {
            emit(offset, segment, kind_of_piece(segment));
        }
    }
}

/// The kind of a piece of any text, from its characters.
fn kind_of_piece(segment: &str) -> PieceKind {
    if segment.chars().all(char::is_whitespace) {
        PieceKind::Space
    } else if !segment.chars().any(is_alphanumeric) {
        PieceKind::Punct
    } else if is_number(segment) {
        PieceKind::Number
    } else {
        PieceKind::Word
    }
}

/// Counts the words of a segment as the analysis report does (word tokens,
/// placeables included).
pub fn word_count(text: &str) -> usize {
    tokenize(text).words.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeable_rule_compiles() {
        let lines = include_str!("placeables.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(placeable_rules().len(), lines);
    }

    #[test]
    fn offsets_are_characters_of_nfc_text() {
        let t = tokenize("Ещё e\u{301}té, 12:30 и 03.05.2014.");
        let got: Vec<_> = t
            .words
            .iter()
            .map(|w| (w.surface.as_str(), w.start, w.end, w.class))
            .collect();
        assert_eq!(
            got,
            [
                ("Ещё", 0, 3, TokenClass::Word),
                ("été", 4, 7, TokenClass::Word),
                ("12:30", 9, 14, TokenClass::Time),
                ("и", 15, 16, TokenClass::Word),
                ("03.05.2014", 17, 27, TokenClass::Date),
            ]
        );
        assert_eq!(t.words[0].norm, "еще");
        for w in &t.words {
            let slice: String = t.text.chars().skip(w.start).take(w.end - w.start).collect();
            assert_eq!(slice, w.surface);
        }
    }

    #[test]
    fn numbers_emails_and_cjk() {
        let t = tokenize("Pay 1,000 to a.b@example.com 東京都");
        let classes: Vec<_> = t.words.iter().map(|w| w.class).collect();
        assert_eq!(
            classes,
            [
                TokenClass::Word,
                TokenClass::Number,
                TokenClass::Word,
                TokenClass::Email,
                TokenClass::Word,
                TokenClass::Word,
                TokenClass::Word
            ]
        );
        assert_eq!(t.words[1].index_key(), "\u{1}num");
    }

    #[test]
    fn empty_and_punctuation_only() {
        assert!(tokenize("").is_empty());
        let t = tokenize(" … !? ");
        assert!(t.is_empty());
        assert_eq!(t.punct.len(), 3);
    }

    /// What `tokenize` gives as index keys, the way the index stores them
    /// before `for_each_index_key` existed.
    fn keys_via_tokens(text: &str) -> Vec<String> {
        tokenize(text)
            .words
            .iter()
            .map(|w| w.index_key().to_string())
            .collect()
    }

    fn keys_direct(text: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for_each_index_key(text, |key| keys.push(key.to_string()));
        keys
    }

    #[test]
    fn index_keys_are_the_tokens_index_keys() {
        for text in [
            "",
            " … !? ",
            "Ещё e\u{301}té, 12:30 и 03.05.2014.",
            "Pay 1,000 to a.b@example.com 東京都",
            "See https://example.org/a, in 2014! WWW.EXAMPLE.ORG",
            "Ёлка’s ΣΟΦΊΑ’ ʼapostrophe Don\u{2018}t 3.5 1'000 2_000",
            "Міністр заявив: «Це — 15:45». O\u{308}l A\u{30A}",
        ] {
            assert_eq!(keys_direct(text), keys_via_tokens(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn index_keys_match_tokenize_on_any_text(
            text in "([a-zA-Zа-яА-ЯёЁ0-9 .,:@/’'\u{301}\u{308}É東-]|https://|www\\.|[0-9]{2}:[0-9]{2}){0,40}"
        ) {
            proptest::prop_assert_eq!(keys_direct(&text), keys_via_tokens(&text));
        }
    }

    proptest::proptest! {
        /// The one-pass marks never skip a rule that would find something.
        #[test]
        fn marks_never_skip_a_placeable(
            text in "([a-zA-Zа-я0-9 .,:;@/\\-]|https?://|ftp://|(www|WWW)\\.|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}[./][0-9]{2}[./][0-9]{4}|[0-9]{1,2}:[0-9]{2}|[a-z]+@[a-z]+\\.[a-z]+){0,12}"
        ) {
            let marks = Marks::of(&text);
            for rule in placeable_rules() {
                if rule.pattern.is_match(&text) {
                    proptest::prop_assert!(marks.could_contain(&text, rule.class), "{:?} in {text:?}", rule.class);
                }
            }
        }
    }

    #[test]
    fn fast_paths_agree_with_the_unicode_tables() {
        let old_normalize = |word: &str| -> String {
            word.chars()
                .flat_map(char::to_lowercase)
                .map(|c| match c {
                    'ё' => 'е',
                    '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
                    other => other,
                })
                .collect()
        };
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            let word = c.to_string();
            assert_eq!(
                normalize_word(&word),
                old_normalize(&word),
                "U+{:04X}",
                c as u32
            );
            assert_eq!(is_numeric(c), c.is_numeric(), "U+{:04X}", c as u32);
            assert_eq!(
                is_alphanumeric(c),
                c.is_alphanumeric(),
                "U+{:04X}",
                c as u32
            );
        }
        let mixed = "ЁЖИК Ёлка’s İstanbul ΣΟΦΊΑ ǅemal ß";
        assert_eq!(
            normalize_word("MiXeD_Case 1.5 x"),
            old_normalize("MiXeD_Case 1.5 x")
        );
        assert_eq!(normalize_word(mixed), old_normalize(mixed));
    }
}
