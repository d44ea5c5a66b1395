//! UAX #29 word boundaries of text made only of ASCII, the basic Cyrillic
//! letters and a few common punctuation marks, without the general
//! algorithm.
//!
//! The tokeniser splits every segment of a memory at word boundaries, and in
//! a bulk import the general splitter (`unicode-segmentation`: a table
//! look-up per character and a state machine for every rule of the standard)
//! was about a tenth of all CPU time. Nearly all news text is made of the
//! characters below, for which only a handful of the rules can apply; text
//! with any other character goes to the general splitter, so the result is
//! the same for every text (a property test compares the two).

/// The word-break property (UAX #29, table 3) of the characters handled
/// here; every other property is absent from them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    /// `ALetter`: Latin and basic Cyrillic letters.
    Letter,
    /// `Numeric`: ASCII digits.
    Numeric,
    /// `ExtendNumLet`: `_`.
    ExtendNumLet,
    /// `MidLetter`: `:`.
    MidLetter,
    /// `MidNumLet` and `Single_Quote` (the rules treat both alike outside
    /// Hebrew): `.`, `'`, `‘`, `’`.
    MidNumLet,
    /// `MidNum`: `,` and `;`.
    MidNum,
    /// Everything else handled here (spaces, line breaks, other
    /// punctuation): a boundary on both sides. Runs of spaces, which the
    /// standard keeps together (WB3d), only ever make white-space pieces,
    /// which the tokeniser skips either way.
    Other,
}

/// The class of the character starting at `bytes[at]` and its length in
/// bytes, or `None` when it is not one of the characters handled here.
fn class_at(bytes: &[u8], at: usize) -> Option<(Class, usize)> {
    let b = bytes[at];
    if b < 0x80 {
        let class = match b {
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Numeric,
            b'_' => Class::ExtendNumLet,
            b':' => Class::MidLetter,
            b'.' | b'\'' => Class::MidNumLet,
            b',' | b';' => Class::MidNum,
            // Controls other than tab and the line breaks have properties
            // of their own (CR, LF and Newline break on both sides like
            // Other; the rest are Other too, but keep them out for safety).
            b'\t' | b'\n' | b'\r' | b' '..=b'~' => Class::Other,
            _ => return None,
        };
        return Some((class, 1));
    }
    let second = *bytes.get(at + 1)?;
    match (b, second) {
        // U+0400..U+045F: the Cyrillic letters of Russian, Ukrainian,
        // Belarusian, Serbian and Macedonian.
        (0xD0, 0x80..=0xBF) | (0xD1, 0x80..=0x9F) => Some((Class::Letter, 2)),
        // No-break space, « and ».
        (0xC2, 0xA0 | 0xAB | 0xBB) => Some((Class::Other, 2)),
        (0xE2, 0x80) => match *bytes.get(at + 2)? {
            // ‘ and ’.
            0x98 | 0x99 => Some((Class::MidNumLet, 3)),
            // – — “ ” „ …
            0x93 | 0x94 | 0x9C | 0x9D | 0x9E | 0xA6 => Some((Class::Other, 3)),
            _ => None,
        },
        _ => None,
    }
}

/// The classes of `text`'s characters with their byte offsets, or `None`
/// when a character is not handled here.
fn classes(text: &str, out: &mut Vec<(u32, Class)>) -> bool {
    out.clear();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let Some((class, len)) = class_at(bytes, at) else {
            return false;
        };
        out.push((at as u32, class));
        at += len;
    }
    true
}

/// Whether the standard puts no boundary between `chars[i - 1]` and
/// `chars[i]` (rules WB5–WB13b; WB3d is left out, see [`Class::Other`]).
fn joined(chars: &[(u32, Class)], i: usize) -> bool {
    use Class::*;
    let class = |k: usize| chars.get(k).map(|&(_, c)| c);
    let before = chars[i - 1].1;
    let after = chars[i].1;
    let mid = |c: Class| matches!(c, MidLetter | MidNumLet);
    let mid_num = |c: Class| matches!(c, MidNum | MidNumLet);
    match (before, after) {
        // WB5, WB8, WB9, WB10, WB13a, WB13b.
        (Letter | Numeric, Letter | Numeric) => true,
        (Letter | Numeric | ExtendNumLet, ExtendNumLet) => true,
        (ExtendNumLet, Letter | Numeric) => true,
        // WB6: a letter, then a mid-letter mark followed by a letter.
        (Letter, m) if mid(m) && class(i + 1) == Some(Letter) => true,
        // WB7: a mid-letter mark between letters, before the second.
        (m, Letter) if mid(m) && i >= 2 && class(i - 2) == Some(Letter) => true,
        // WB12: a digit, then a mid-number mark followed by a digit.
        (Numeric, m) if mid_num(m) && class(i + 1) == Some(Numeric) => true,
        // WB11: a mid-number mark between digits, before the second.
        (m, Numeric) if mid_num(m) && i >= 2 && class(i - 2) == Some(Numeric) => true,
        _ => false,
    }
}

/// What a piece found by [`split_simple`] is, as the tokeniser sorts pieces:
/// known from the classes of its characters, so that the tokeniser need not
/// look at them again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PieceKind {
    /// White space only.
    Space,
    /// No letter or digit, not white space.
    Punct,
    /// A letter or digit, and not a number.
    Word,
    /// A digit, and only digits and `.`, `,`, `'`, `’`, `_` (the
    /// tokeniser's numbers).
    Number,
}

/// The kind of the piece whose characters are `chars`, of `text`.
fn kind_of(text: &[u8], chars: &[(u32, Class)]) -> PieceKind {
    let mut digit = false;
    let mut letter = false;
    let mut not_in_number = false;
    for &(at, class) in chars {
        match class {
            Class::Letter => letter = true,
            Class::Numeric => digit = true,
            Class::ExtendNumLet => {}
            // `:` and `;` are not part of a number; of the MidNumLet marks
            // only `‘` (E2 80 98) is not.
            Class::MidLetter => not_in_number = true,
            Class::MidNum => not_in_number |= text[at as usize] == b';',
            Class::MidNumLet => {
                not_in_number |= text[at as usize] == 0xE2 && text[at as usize + 2] == 0x98
            }
            Class::Other => {
                // Other characters never join: the piece is this character.
                let c = text[at as usize];
                let space = matches!(c, b' ' | b'\t' | b'\n' | b'\r')
                    || (c == 0xC2 && text.get(at as usize + 1) == Some(&0xA0));
                return if space {
                    PieceKind::Space
                } else {
                    PieceKind::Punct
                };
            }
        }
    }
    if letter {
        PieceKind::Word
    } else if digit {
        if not_in_number {
            PieceKind::Word
        } else {
            PieceKind::Number
        }
    } else {
        PieceKind::Punct
    }
}

/// Calls `piece(offset, segment, kind)` for every piece of `text` between
/// word boundaries, as `UnicodeSegmentation::split_word_bound_indices` would,
/// except that a run of spaces may come as several pieces. Returns `false`,
/// having called nothing, when `text` has a character not handled here.
/// `scratch` is reused between calls.
pub(super) fn split_simple<'a>(
    text: &'a str,
    scratch: &mut Vec<(u32, Class)>,
    mut piece: impl FnMut(usize, &'a str, PieceKind),
) -> bool {
    if !classes(text, scratch) {
        return false;
    }
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut first = 0;
    for i in 1..scratch.len() {
        if !joined(scratch, i) {
            let at = scratch[i].0 as usize;
            piece(start, &text[start..at], kind_of(bytes, &scratch[first..i]));
            start = at;
            first = i;
        }
    }
    if start < text.len() {
        piece(start, &text[start..], kind_of(bytes, &scratch[first..]));
    }
    true
}

/// A buffer for [`split_simple`] (its element type is private).
pub(super) type Scratch = Vec<(u32, Class)>;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    /// The non-white-space pieces with their offsets.
    fn pieces_simple(text: &str) -> Option<Vec<(usize, String)>> {
        let mut out = Vec::new();
        let ok = split_simple(text, &mut Vec::new(), |at, s, kind| {
            assert_eq!(kind, kind_by_chars(s), "{s:?} in {text:?}");
            if !s.chars().all(char::is_whitespace) {
                out.push((at, s.to_string()));
            }
        });
        ok.then_some(out)
    }

    /// The kind of a piece as the tokeniser used to find it, character by
    /// character.
    fn kind_by_chars(s: &str) -> PieceKind {
        let number_mark = |c: char| matches!(c, '.' | ',' | '\'' | '\u{2019}' | '_');
        if s.chars().all(char::is_whitespace) {
            PieceKind::Space
        } else if !s.chars().any(char::is_alphanumeric) {
            PieceKind::Punct
        } else if s.chars().any(|c| c.is_numeric())
            && s.chars().all(|c| c.is_numeric() || number_mark(c))
        {
            PieceKind::Number
        } else {
            PieceKind::Word
        }
    }

    fn pieces_general(text: &str) -> Vec<(usize, String)> {
        text.split_word_bound_indices()
            .filter(|(_, s)| !s.chars().all(char::is_whitespace))
            .map(|(at, s)| (at, s.to_string()))
            .collect()
    }

    /// Every character handled here, and a few that are not.
    const ALPHABET: &[&str] = &[
        "a", "Z", "q", "ж", "ј", "Ш", "Ё", "ї", "Ѐ", "џ", "Ђ", "0", "7", "_", ":", ".", "'", "‘",
        "’", ",", ";", " ", "  ", "\t", "\n", "\r", "\r\n", "\u{a0}", "«", "»", "–", "—", "“", "”",
        "„", "…", "\"", "-", "!", "?", "(", ")", "/", "%", "$", "@", "#", "&", "*", "+", "=", "[",
        "]", "{", "}", "<", ">", "|", "\\", "^", "`", "~", "\u{460}", "é", "\u{301}", "ǆ",
        "\u{200d}", "\u{2024}", "\u{202f}",
    ];

    #[test]
    fn words_numbers_and_marks() {
        for text in [
            "Don't stop: 1,000.5 people; a.b.c e-mail 3:30 ok_1 _x x_ ’s",
            "Путин’ы — «так» ,,, ... 12;34 ab:cd:ef a:1 1:a 1'2 a''b 1..2 x.5",
            "",
            " ",
            ".",
            "a",
            "a.",
            ".a",
            "1,",
            ",1",
        ] {
            assert_eq!(pieces_simple(text), Some(pieces_general(text)), "{text:?}");
        }
        assert_eq!(pieces_simple("café"), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// On any text, the pieces are the general splitter's, or the text is
        /// refused as a whole.
        #[test]
        fn equals_the_general_splitter(parts in proptest::collection::vec(
            proptest::sample::select(ALPHABET), 0..16)
        ) {
            let text: String = parts.concat();
            if let Some(pieces) = pieces_simple(&text) {
                prop_assert_eq!(pieces, pieces_general(&text), "{:?}", text);
            } else {
                prop_assert!(text.chars().any(|c| class_at(c.to_string().as_bytes(), 0).is_none()));
            }
        }
    }
}
