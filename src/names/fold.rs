//! Folding a name spelling before comparison: case, diacritics, apostrophes and
//! sign letters, ё → е, and Cyrillic look-alike letters inside Latin words.
//!
//! Two tables drive it, both data files: `data/lookalikes.tsv` (Cyrillic
//! letters that imitate Latin ones) and `data/latin_folding.tsv` (what each
//! letter with a diacritic means in the romanisation standards, and what the
//! press writes when it drops the mark).

use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Characters that only mark a soft or hard sign, an apostrophe, stress or a
/// ligature tie: dropped by `fold` because the standards disagree on them
/// (Natal'ya, Natal’ya, Natalʹja, Natalya are one name).
const SIGNS: &[char] = &[
    '\'', '’', '‘', 'ʹ', 'ʺ', '`', '”', '“', '″', '′', 'ʼ', '·', '\u{0361}', '\u{0301}', 'ˈ', '´',
    'ʻ', 'ʽ',
];

struct Tables {
    /// Cyrillic look-alike → Latin letter it imitates.
    cyrillic_to_latin: HashMap<char, char>,
    /// Latin letter → Cyrillic look-alike (for Latin letters inside Cyrillic words).
    latin_to_cyrillic: HashMap<char, char>,
    /// Lower-case letter with diacritic → (expanded, stripped).
    diacritics: HashMap<char, (&'static str, &'static str)>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut cyrillic_to_latin = HashMap::new();
        let mut latin_to_cyrillic = HashMap::new();
        for (cyrillic, latin) in data_pairs(include_str!("data/lookalikes.tsv")) {
            if let (Some(c), Some(l)) = (single_char(cyrillic), single_char(latin)) {
                cyrillic_to_latin.insert(c, l);
                latin_to_cyrillic.entry(l).or_insert(c);
            }
        }
        let mut diacritics = HashMap::new();
        for line in data_lines(include_str!("data/latin_folding.tsv")) {
            let mut fields = line.split('\t');
            if let (Some(letter), Some(expanded), Some(stripped)) =
                (fields.next(), fields.next(), fields.next())
                && let Some(letter) = single_char(letter)
            {
                diacritics.insert(letter, (expanded, stripped));
            }
        }
        Tables {
            cyrillic_to_latin,
            latin_to_cyrillic,
            diacritics,
        }
    })
}

/// Lines of an embedded data file without comments and blank lines.
pub(crate) fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(|line| line.trim_end_matches('\r'))
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
}

fn data_pairs(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    data_lines(text).filter_map(|line| line.split_once('\t'))
}

fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let first = chars.next()?;
    chars.next().is_none().then_some(first)
}

/// True for letters of the Cyrillic blocks.
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{2DE0}'..='\u{2DFF}' | '\u{A640}'..='\u{A69F}')
}

/// True for Latin letters, with or without diacritics.
pub fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') && c != '×' && c != '÷'
}

/// The script a word is mostly written in, counting letters only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// More Latin letters than Cyrillic ones (ties count as Latin).
    Latin,
    /// More Cyrillic letters than Latin ones.
    Cyrillic,
    /// No letters of either script.
    Other,
}

/// The majority script of `word`.
pub fn script(word: &str) -> Script {
    let (mut latin, mut cyrillic) = (0usize, 0usize);
    for c in word.chars() {
        if is_latin(c) {
            latin += 1;
        } else if is_cyrillic(c) {
            cyrillic += 1;
        }
    }
    if latin == 0 && cyrillic == 0 {
        Script::Other
    } else if cyrillic > latin {
        Script::Cyrillic
    } else {
        Script::Latin
    }
}

/// Letters of the minority script that imitate letters of the majority script:
/// `(character index in the NFC word, the letter found, the letter intended)`.
/// An empty list means the word is written in one script (or has no
/// look-alikes). "Tymoshenkо" with a Cyrillic о gives `[(9, 'о', 'o')]`.
///
/// ```
/// let found = tmkit::names::lookalikes("Tymoshenk\u{043E}");
/// assert_eq!(found, vec![(9, '\u{043E}', 'o')]);
/// assert!(tmkit::names::lookalikes("Tymoshenko").is_empty());
/// ```
pub fn lookalikes(word: &str) -> Vec<(usize, char, char)> {
    let word: String = word.nfc().collect();
    let tables = tables();
    match script(&word) {
        Script::Latin => word
            .chars()
            .enumerate()
            .filter_map(|(i, c)| tables.cyrillic_to_latin.get(&c).map(|&l| (i, c, l)))
            .collect(),
        Script::Cyrillic => {
            // Only a word that also has a Cyrillic letter with no Latin twin is
            // certainly Cyrillic; "Тор" written all in look-alikes is ambiguous.
            word.chars()
                .enumerate()
                .filter_map(|(i, c)| tables.latin_to_cyrillic.get(&c).map(|&k| (i, c, k)))
                .collect()
        }
        Script::Other => Vec::new(),
    }
}

/// Replaces look-alike letters of the minority script by the letters of the
/// majority script they imitate (see [`lookalikes`]).
pub fn repair_lookalikes(word: &str) -> String {
    let found = lookalikes(word);
    if found.is_empty() {
        return word.nfc().collect();
    }
    let mut chars: Vec<char> = word.nfc().collect();
    for (index, _, intended) in found {
        if let Some(slot) = chars.get_mut(index) {
            *slot = intended;
        }
    }
    chars.into_iter().collect()
}

/// How diacritics are folded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Marks {
    /// Expand to what the mark means in romanisation standards (š → sh).
    Expand,
    /// Drop the mark as the press does (š → s).
    Strip,
}

/// Folds a word for comparison: NFC, look-alike letters repaired, lower case,
/// apostrophes and sign letters dropped, ё → е, and Latin diacritics expanded
/// to the digraphs they stand for in romanisation standards (š → sh, ë → yo,
/// ŭ → w). Cyrillic words stay Cyrillic (lower case, ё → е, й and other
/// letters kept).
///
/// ```
/// use tmkit::names::fold;
/// assert_eq!(fold("Natal’ya"), "natalya");
/// assert_eq!(fold("Hruŝëv"), "hrushchyov");
/// assert_eq!(fold("Горбачёв"), "горбачев");
/// assert_eq!(fold("Tymoshenk\u{043E}"), "tymoshenko");
/// ```
pub fn fold(word: &str) -> String {
    fold_with(word, Marks::Expand)
}

/// [`fold`] with a choice of how diacritics fold.
pub(crate) fn fold_with(word: &str, marks: Marks) -> String {
    let repaired = repair_lookalikes(word);
    let tables = tables();
    let mut out = String::with_capacity(repaired.len() + 4);
    for c in repaired.chars().flat_map(char::to_lowercase) {
        if SIGNS.contains(&c) {
            continue;
        }
        match c {
            'ё' => out.push('е'),
            _ => {
                if let Some((expanded, stripped)) = tables.diacritics.get(&c) {
                    out.push_str(match marks {
                        Marks::Expand => expanded,
                        Marks::Strip => stripped,
                    });
                } else if c.is_ascii() || is_cyrillic(c) {
                    out.push(c);
                } else {
                    // Unlisted diacritics: keep the base letter only.
                    for part in c.to_string().nfd() {
                        if !is_combining_mark(part) && !SIGNS.contains(&part) {
                            out.push(part);
                        }
                    }
                }
            }
        }
    }
    out
}

/// True when `fold` would change more than case: the word carries diacritics,
/// sign letters or apostrophes.
pub(crate) fn has_marks(word: &str) -> bool {
    word.chars().any(|c| {
        let lower = c.to_lowercase().next().unwrap_or(c);
        SIGNS.contains(&c)
            || tables().diacritics.contains_key(&lower)
            || (!c.is_ascii() && is_latin(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_signs_and_diacritics() {
        assert_eq!(fold("Solov’yëv"), "solovyyov");
        assert_eq!(fold("Zelens'kyy"), "zelenskyy");
        assert_eq!(fold("Đoković"), "djokovich");
        assert_eq!(fold_with("Vučić", Marks::Strip), "vucic");
        assert_eq!(fold("Ali͡aksandr"), "aliaksandr");
        assert_eq!(fold("MIKHAIL"), "mikhail");
    }

    #[test]
    fn folds_cyrillic_yo() {
        assert_eq!(fold("Пётр"), "петр");
        assert_eq!(fold("ЁЛКИН"), "елкин");
    }

    #[test]
    fn finds_cyrillic_letters_in_latin_words() {
        // Cyrillic С and а in "Сhernyshova"-style spellings.
        let found = lookalikes("\u{0421}hernyshov\u{0430}");
        assert_eq!(found, vec![(0, '\u{0421}', 'C'), (10, '\u{0430}', 'a')]);
        assert_eq!(fold("\u{0421}hernyshov\u{0430}"), "chernyshova");
    }

    #[test]
    fn finds_latin_letters_in_cyrillic_words() {
        let found = lookalikes("Кухтuн".replace('u', "i").as_str());
        assert_eq!(found, vec![(4, 'i', 'і')]);
        assert!(lookalikes("Кухтин").is_empty());
    }

    #[test]
    fn script_of_words() {
        assert_eq!(script("Kukhtin"), Script::Latin);
        assert_eq!(script("Кухтин"), Script::Cyrillic);
        assert_eq!(script("1990"), Script::Other);
    }
}
