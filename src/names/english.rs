//! English spellings beside romanisations of their Cyrillic transcription.
//!
//! News copy names English and other foreign people and places in their own
//! spelling (Walton, Cooper, Hamilton, Titicaca), while a text translated
//! from Russian or Ukrainian may carry a systematic romanisation of the
//! Cyrillic transcription (Uolton, Kuper, Gamilton / Hemilton, Titikaka).
//! The two are the same name; no romanisation skeleton links them because
//! English orthography is not a romanisation standard.
//!
//! [`transcription_of`] reads one spelling as English with the rules of
//! `data/english_spelling.tsv` (each English letter group and the ways
//! practical transcription renders it) and checks whether the other spelling
//! is one of the results. Readings come in three kinds (the third column of
//! the data file):
//!
//! - `always`: letters every romanisation reads alike;
//! - `english`: English digraphs, silent letters and consonants (ie → и,
//!   au → о, dh → д, c → с): for a word with an English-only spelling, a
//!   frequent English name, or since round 6 any word with nothing Slavic
//!   about it (none of the `[slavic]` endings and letter groups: -ov, -enko,
//!   -ivka, kh, zh, …; Spielberg / Spilberg, Gandhi / Gandi);
//! - `english-vowel`: readings that change a vowel letter's quality (a → э,
//!   u → а, o → а, e → и): only for words with a spelling only English has
//!   (w, th, a lone c, ee, a doubled consonant, …), frequent English names
//!   and beside a spelling that marks э, so that two romanisations of
//!   different Slavic names (Lena / Lina, Tula / Tala) are never linked.

use super::fold::{Marks, data_lines, fold_with};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// One item of a pattern: a letter, a set of letters, or an anchor.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    Letter(u8),
    Set(Vec<u8>),
}

/// A pattern: items, optional anchors, and how many items are consumed
/// (a trailing set in a rule is context only).
#[derive(Clone, Debug)]
struct Pattern {
    start: bool,
    end: bool,
    items: Vec<Item>,
    consumed: usize,
}

impl Pattern {
    fn parse(text: &str, trailing_context: bool) -> Option<Pattern> {
        let mut rest = text.as_bytes();
        let start = rest.first() == Some(&b'^');
        if start {
            rest = &rest[1..];
        }
        let end = rest.last() == Some(&b'$');
        if end {
            rest = &rest[..rest.len() - 1];
        }
        let mut items = Vec::new();
        let mut i = 0;
        while i < rest.len() {
            if rest[i] == b'[' {
                let close = rest[i..].iter().position(|&b| b == b']')? + i;
                items.push(Item::Set(rest[i + 1..close].to_vec()));
                i = close + 1;
            } else if rest[i].is_ascii_lowercase() {
                items.push(Item::Letter(rest[i]));
                i += 1;
            } else if rest[i] == b'/' && trailing_context {
                i += 1;
            } else {
                return None;
            }
        }
        // `u/[..][..]`: the items after a slash are context only.
        let consumed = if let Some(slash) = text.find('/') {
            let head = Pattern::parse(&text[..slash], false)?;
            head.items.len()
        } else if trailing_context && matches!(items.last(), Some(Item::Set(_))) {
            items.len() - 1
        } else {
            items.len()
        };
        (consumed > 0 || !trailing_context).then_some(Pattern {
            start,
            end,
            items,
            consumed,
        })
    }

    /// Matches at `pos`, returning how many letters are consumed.
    fn matches_at(&self, word: &[u8], pos: usize) -> Option<usize> {
        if self.start && pos != 0 {
            return None;
        }
        if pos + self.items.len() > word.len() {
            return None;
        }
        for (k, item) in self.items.iter().enumerate() {
            let c = word[pos + k];
            let ok = match item {
                Item::Letter(l) => *l == c,
                Item::Set(set) => set.contains(&c),
            };
            if !ok {
                return None;
            }
        }
        if self.end && pos + self.items.len() != word.len() {
            return None;
        }
        Some(self.consumed)
    }
}

/// A reading rule: a pattern and its transcriptions.
#[derive(Clone, Debug)]
struct Rule {
    pattern: Pattern,
    readings: Vec<String>,
    english_only: bool,
    /// An English reading that changes one vowel letter's quality (a as э,
    /// u as а): only for words that are English beyond doubt.
    vowel: bool,
    /// Only after the word's first vowel letter (`english-later`).
    later: bool,
    /// A letter whose háček or acute the English copy dropped (`stripped`):
    /// only for words that end as a Latin-script South Slavic surname does.
    stripped: bool,
    /// The French -in read as -ен (`french`): only for a word whose one
    /// Slavic feature is that ending.
    french: bool,
    /// A letter value of one source language (the index of a language of
    /// `data/source_language.tsv` or `data/given_name_language.tsv`): only
    /// for words guessed to be in it.
    language: Option<usize>,
    /// A reading a full name's given name lends to every word of the name
    /// (kind `<language>-name`); the plain kind is for a word guessed from
    /// its own letters or itself a given name of the language.
    name_only: bool,
}

struct Tables {
    markers: Vec<Pattern>,
    /// English endings: markers unless the other spelling is a census name.
    endings: Vec<Pattern>,
    slavic: Vec<Pattern>,
    /// Markers of the English short u (`[short-u]`: u before mm, nn, ss
    /// and a front vowel), only for words with nothing Slavic about them.
    short_u: Vec<Pattern>,
    /// Latin-script Slavic spellings whose diacritics English copy drops.
    stripped: Vec<Pattern>,
    /// Endings that French names and Slavic ones share (`[french]`: -in
    /// after a consonant): Slavic unless the word has a French reading.
    french: Vec<Pattern>,
    /// The word-level guess of a source language: each language's
    /// patterns (`data/source_language.tsv`), in the order of first mention,
    /// then the languages only given names point to (no patterns).
    languages: Vec<(&'static str, Vec<Pattern>)>,
    /// Given names of one source language (`data/given_name_language.tsv`),
    /// as bit sets over `languages`.
    given: HashMap<&'static str, u32>,
    rules: Vec<Rule>,
}

/// The given names of `data/given_name_language.tsv` as bit sets over
/// `languages`, to which languages only given names point are added.
fn given_names(languages: &mut Vec<(&'static str, Vec<Pattern>)>) -> HashMap<&'static str, u32> {
    let mut given: HashMap<&'static str, u32> = HashMap::new();
    for line in data_lines(include_str!("data/given_name_language.tsv")) {
        let Some((language, names)) = line.split_once('\t') else {
            continue;
        };
        let index = match languages.iter().position(|(name, _)| *name == language) {
            Some(index) => index,
            None => {
                languages.push((language, Vec::new()));
                languages.len() - 1
            }
        };
        for name in names.split_whitespace() {
            *given.entry(name).or_default() |= 1 << index;
        }
    }
    given
}

/// The languages of `data/source_language.tsv` with their patterns.
fn source_languages() -> Vec<(&'static str, Vec<Pattern>)> {
    let mut languages: Vec<(&'static str, Vec<Pattern>)> = Vec::new();
    for line in data_lines(include_str!("data/source_language.tsv")) {
        let Some((language, pattern)) = line.split_once('\t') else {
            continue;
        };
        let Some(pattern) = Pattern::parse(pattern.trim(), false) else {
            continue;
        };
        match languages.iter_mut().find(|(name, _)| *name == language) {
            Some((_, patterns)) => patterns.push(pattern),
            None => languages.push((language, vec![pattern])),
        }
    }
    languages
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut markers = Vec::new();
        let mut endings = Vec::new();
        let mut slavic = Vec::new();
        let mut short_u = Vec::new();
        let mut stripped = Vec::new();
        let mut french = Vec::new();
        let mut rules = Vec::new();
        let mut languages = source_languages();
        let given = given_names(&mut languages);
        let mut section = "";
        for line in data_lines(include_str!("data/english_spelling.tsv")) {
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = match name {
                    "markers" => "markers",
                    "endings" => "endings",
                    "slavic" => "slavic",
                    "short-u" => "short-u",
                    "stripped" => "stripped",
                    "french" => "french",
                    _ => "rules",
                };
                continue;
            }
            if matches!(
                section,
                "markers" | "endings" | "slavic" | "short-u" | "stripped" | "french"
            ) {
                if let Some(pattern) = Pattern::parse(line.trim(), false) {
                    match section {
                        "markers" => markers.push(pattern),
                        "endings" => endings.push(pattern),
                        "short-u" => short_u.push(pattern),
                        "stripped" => stripped.push(pattern),
                        "french" => french.push(pattern),
                        _ => slavic.push(pattern),
                    }
                }
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [pattern, readings, kind] = fields[..] else {
                continue;
            };
            let Some(pattern) = Pattern::parse(pattern, true) else {
                continue;
            };
            let readings = readings
                .split('|')
                .map(|r| {
                    if r == "-" {
                        String::new()
                    } else {
                        r.to_string()
                    }
                })
                .collect();
            rules.push(Rule {
                pattern,
                readings,
                english_only: kind.starts_with("english") || kind == "stripped",
                vowel: kind == "english-vowel",
                later: kind == "english-later",
                stripped: kind == "stripped",
                french: kind == "french",
                language: languages
                    .iter()
                    .position(|(name, _)| *name == kind.strip_suffix("-name").unwrap_or(kind)),
                name_only: kind.ends_with("-name"),
            });
        }
        Tables {
            markers,
            endings,
            slavic,
            short_u,
            stripped,
            french,
            languages,
            given,
            rules,
        }
    })
}

/// The source languages a given name points to (`data/given_name_language.tsv`:
/// Jiří, Krzysztof, Bülent, László), as a bit set; 0 for any other word.
/// Compared with its marks dropped, as English copy writes it.
pub(crate) fn given_name_languages(word: &str) -> u32 {
    let given = &tables().given;
    if given.is_empty() {
        return 0;
    }
    let letters: String = fold_with(word, Marks::Strip)
        .chars()
        .filter(char::is_ascii_lowercase)
        .collect();
    given.get(letters.as_str()).copied().unwrap_or(0)
}

/// The source languages a word's letters point to, as a bit set over the
/// languages of `data/source_language.tsv`.
fn guess_languages(letters: &[u8]) -> u32 {
    tables()
        .languages
        .iter()
        .enumerate()
        .filter(|(_, (_, patterns))| matches_any(patterns, letters))
        .fold(0, |set, (i, _)| set | 1 << i)
}

/// Folded lower-case ASCII letters of a word, diacritics expanded
/// (š → sh), signs dropped.
fn ascii_letters(word: &str) -> Vec<u8> {
    fold_with(word, Marks::Expand)
        .bytes()
        .filter(u8::is_ascii_lowercase)
        .collect()
}

fn collapse_doubles(word: &mut Vec<u8>) {
    word.dedup();
}

/// True when the spelling has something only English orthography has.
pub fn looks_english(word: &str) -> bool {
    let letters = ascii_letters(word);
    has_marker(&letters)
}

fn has_marker(letters: &[u8]) -> bool {
    matches_any(&tables().markers, letters)
}

fn matches_any(patterns: &[Pattern], letters: &[u8]) -> bool {
    patterns.iter().any(|m| {
        // An anchored pattern can only match at its anchor: most of the
        // [slavic] list is endings, checked for every word prepared.
        if m.end {
            let Some(pos) = letters.len().checked_sub(m.items.len()) else {
                return false;
            };
            (!m.start || pos == 0) && m.matches_at(letters, pos).is_some()
        } else if m.start {
            m.matches_at(letters, 0).is_some()
        } else {
            (0..letters.len()).any(|pos| m.matches_at(letters, pos).is_some())
        }
    })
}

/// True when the spelling has what Slavic names or their romanisations
/// have and English spellings do not (`[slavic]` of the data file: -ov,
/// -enko, -skiy, -ivka, kh, zh, ...).
fn looks_slavic(letters: &[u8]) -> bool {
    matches_any(&tables().slavic, letters)
}

/// The other spelling normalised to the alphabet the readings are written
/// in: y, j → i; x → kh; a lone c (ц) → ts; doubled letters single.
fn normalise_target(word: &str) -> Vec<u8> {
    let letters = ascii_letters(word);
    let mut out = Vec::with_capacity(letters.len() + 4);
    for (i, &c) in letters.iter().enumerate() {
        match c {
            // The Telegram scheme writes ж as j, so its дж is dj (Rodjer,
            // Pidjli); no standard writes дй.
            b'j' if i > 0 && letters[i - 1] == b'd' => out.extend_from_slice(b"zh"),
            b'y' | b'j' => out.push(b'i'),
            b'x' => out.extend_from_slice(b"kh"),
            b'w' => out.push(b'v'),
            b'c' if letters.get(i + 1) != Some(&b'h') => out.extend_from_slice(b"ts"),
            _ => out.push(c),
        }
    }
    collapse_doubles(&mut out);
    out
}

/// Which kinds of reading rules [`reads_as`] may use.
#[derive(Clone, Copy, Debug)]
struct Readings {
    english: bool,
    vowel: bool,
    stripped: bool,
    french: bool,
    /// The source languages whose plain readings apply: those the word's
    /// own letters or the word as a given name point to (a bit set).
    languages: u32,
    /// The languages whose `-name` readings apply: the word as a given name
    /// and the given name of its full name (a bit set).
    names: u32,
}

/// Frequent English-language surnames and given names
/// (`data/english_names.txt`, from the US census name lists).
fn english_names() -> &'static HashSet<&'static str> {
    static NAMES: OnceLock<HashSet<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        data_lines(include_str!("data/english_names.txt"))
            .map(str::trim)
            .collect()
    })
}

/// True when the word is a frequent English-language name (Trump, Davis,
/// Hamilton, Tyler), in any letter case.
pub fn is_english_name(word: &str) -> bool {
    english_names().contains(String::from_utf8_lossy(&ascii_letters(word)).as_ref())
}

/// Reads `english` with the rules and tells whether `target` is one of its
/// transcriptions; `english_rules` allows the readings only English has,
/// `vowel_rules` also those that change a vowel letter's quality, and
/// `stripped_rules` the letters whose diacritics English copy dropped.
fn reads_as(english: &[u8], target: &[u8], rules: Readings) -> bool {
    let Readings {
        english: english_rules,
        vowel: vowel_rules,
        stripped: stripped_rules,
        french: french_rules,
        languages,
        names,
    } = rules;
    let tables = tables();
    let mut word = english.to_vec();
    // Doubled consonants are written once in transcription (Scott → Скотт →
    // Skott is folded the same way below); doubled vowels are digraphs.
    word.dedup_by(|b, a| a == b && !b"aeiouy".contains(a));
    // Positions of the target reachable after each token.
    let mut reachable = vec![false; target.len() + 1];
    reachable[0] = true;
    let mut pos = 0;
    while pos < word.len() {
        // The longest matching pattern; among equals, an English rule when
        // the word has an English marker, else the rule for every word.
        // The best rule of the other kinds, and apart from it the best rule
        // of the word's source language: a language's letter values add to
        // the other readings of a pattern as long, never take them away
        // (Wiensowski, a German spelling, keeps the English ie as и).
        let mut best: Option<(usize, &Rule)> = None;
        let mut best_language: Option<(usize, &Rule)> = None;
        for rule in &tables.rules {
            if (rule.english_only && !english_rules)
                || (rule.vowel && !vowel_rules)
                || (rule.stripped && !stripped_rules)
                || (rule.french && !french_rules)
                || rule.language.is_some_and(|l| {
                    (if rule.name_only { names } else { languages }) & (1 << l) == 0
                })
                || (rule.later && !word[..pos].iter().any(|c| b"aeiouy".contains(c)))
            {
                continue;
            }
            let Some(len) = rule.pattern.matches_at(&word, pos) else {
                continue;
            };
            let slot = if rule.language.is_some() {
                &mut best_language
            } else {
                &mut best
            };
            if slot.is_none_or(|(best_len, best_rule)| better_rule(rule, len, best_rule, best_len))
            {
                *slot = Some((len, rule));
            }
        }
        let (len, readings): (usize, Vec<&[u8]>) = match (best, best_language) {
            (Some((len, rule)), Some((language_len, language_rule))) if language_len == len => {
                let mut readings = readings_of(rule);
                readings.extend(readings_of(language_rule));
                (len, readings)
            }
            (Some((len, rule)), Some((language_len, language_rule))) => {
                if language_len > len {
                    (language_len, readings_of(language_rule))
                } else {
                    (len, readings_of(rule))
                }
            }
            (Some((len, rule)), None) | (None, Some((len, rule))) => (len, readings_of(rule)),
            (None, None) => (1, vec![&word[pos..pos + 1]]),
        };
        let mut next = vec![false; target.len() + 1];
        for start in (0..=target.len()).filter(|&p| reachable[p]) {
            for reading in &readings {
                let end = start + reading.len();
                if target.get(start..end) == Some(reading) {
                    next[end] = true;
                }
            }
        }
        reachable = next;
        if !reachable.iter().any(|&r| r) {
            return false;
        }
        pos += len;
    }
    reachable[target.len()]
}

/// A rule's readings as byte strings.
fn readings_of(rule: &Rule) -> Vec<&[u8]> {
    rule.readings.iter().map(|r| r.as_bytes()).collect()
}

/// True when `rule` matching `len` letters beats `best` matching `best_len`:
/// the longer match, then the longer pattern (context included), then an
/// anchored one; among equals a stripped-diacritic reading, then an English
/// one (their readings include the plainer ones).
fn better_rule(rule: &Rule, len: usize, best: &Rule, best_len: usize) -> bool {
    let key = |r: &Rule, l: usize| (l, r.pattern.items.len(), r.pattern.start || r.pattern.end);
    let rank = |r: &Rule| (r.stripped, r.english_only);
    key(rule, len) > key(best, best_len)
        || (key(rule, len) == key(best, best_len) && rank(rule) > rank(best))
}

/// When one spelling reads as English and the other is a romanisation of
/// its Cyrillic transcription, the English spelling (`a` or `b`).
///
/// ```
/// use tmkit::names::english::transcription_of;
/// assert_eq!(transcription_of("Walton", "Uolton"), Some("Walton"));
/// assert_eq!(transcription_of("Kuper", "Cooper"), Some("Cooper"));
/// assert_eq!(transcription_of("Lena", "Lina"), None);
/// ```
pub fn transcription_of<'a>(a: &'a str, b: &'a str) -> Option<&'a str> {
    let (pa, pb) = (EnglishWord::new(a), EnglishWord::new(b));
    match transcription_between(&pa, &pb, 0)? {
        true => Some(a),
        false => Some(b),
    }
}

/// What [`transcription_of`] needs of one word, computed once per word (the
/// name checks compare each word with many others).
#[derive(Clone, Debug, Default)]
pub(crate) struct EnglishWord {
    /// ASCII letters of the folded word.
    letters: Vec<u8>,
    /// The word as a transcription target ([`normalise_target`]).
    target: Vec<u8>,
    /// It has an English-only spelling.
    marker: bool,
    /// It has an English-only ending (`[endings]`).
    ending: bool,
    /// It has a Slavic ending or a romanisation digraph.
    slavic: bool,
    /// It ends as a Latin-script South Slavic surname (`[stripped]`: -ic),
    /// whose š, ž, č, ć English copy writes s, z, c.
    stripped: bool,
    /// Its one Slavic feature is an ending French names have too
    /// (`[french]`: Bertin, Dassin; not Kukhtin).
    french: bool,
    /// The source languages its letters point to (a bit set over
    /// `data/source_language.tsv`: Polish sz, rz; Turkish -oglu, -han).
    languages: u32,
    /// The source languages it is a given name of
    /// (`data/given_name_language.tsv`: Jiri, Iga, Bulent), a bit set.
    given: u32,
    /// It is a frequent English name.
    english_name: bool,
    /// It is a Slavic name of the lexicon.
    known: bool,
    /// It writes Cyrillic э as a standard marks it (è in ISO 9, ė in
    /// ALA-LC, e` in GOST 7.79 B, ·e in BGN/PCGN): э is rare in Slavic
    /// names and common in transcriptions of English ones (Бэтмен, Бэнкси).
    marks_e: bool,
}

impl EnglishWord {
    pub(crate) fn new(word: &str) -> EnglishWord {
        let letters = ascii_letters(word);
        if letters.is_empty() {
            return EnglishWord::default();
        }
        let slavic = looks_slavic(&letters);
        let french = matches_any(&tables().french, &letters);
        EnglishWord {
            target: normalise_target(word),
            // Gussev, Mussin (Гусев, Мусин) double the с the French way.
            marker: has_marker(&letters)
                || (!slavic && !french && matches_any(&tables().short_u, &letters)),
            ending: matches_any(&tables().endings, &letters),
            slavic: slavic || french,
            french: french && !slavic,
            stripped: matches_any(&tables().stripped, &letters),
            languages: guess_languages(&letters),
            given: given_name_languages(word),
            english_name: is_english_name(word),
            known: super::guards::is_known_name(word),
            marks_e: marks_e(word),
            letters,
        }
    }
}

impl EnglishWord {
    /// The source languages the word is a given name of
    /// (`data/given_name_language.tsv`), a bit set.
    pub(crate) fn given(&self) -> u32 {
        self.given
    }
}

/// True when the spelling writes Cyrillic э with a standard's own mark.
fn marks_e(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower.contains(['è', 'ė']) || lower.contains("e`") || lower.contains("·e")
}

/// [`transcription_of`] on prepared words: `Some(true)` when `a` is the
/// English spelling, `Some(false)` when `b` is. `hint` is the source
/// languages the given name of a full name points to (a bit set, 0 for a
/// word alone): their letter values apply to every word of the name.
pub(crate) fn transcription_between(a: &EnglishWord, b: &EnglishWord, hint: u32) -> Option<bool> {
    if a.letters.is_empty() || b.letters.is_empty() {
        return None;
    }
    for (english, other, a_is_english) in [(a, b, true), (b, a, false)] {
        let (letters, target) = (&english.letters, &other.target);
        // A transcription is never much shorter or longer than the word.
        if target.len() * 2 < letters.len() || target.len() > letters.len() * 2 + 2 {
            continue;
        }
        // English readings for a word with an English-only spelling, or for
        // a frequent English name that is not also a Slavic name of the
        // lexicon, when the other spelling is not an English name itself
        // (Lena / Lina, Lauren / Loren are two names).
        // The same when the other spelling marks an э, which Slavic names
        // seldom have (Batman / Bėtmen, Banksy / B·enksi).
        // Since round 6 the same holds for any word with nothing Slavic
        // about it (no -ov, -enko, -ivka, kh, zh, ...): news copy keeps
        // foreign names in their own spelling, so such a word beside a
        // spelling that is no English name is read the English way
        // (Dusty / Dasti, Spielberg / Spilberg, Laura / Lora).
        // A word that is English only for lack of anything Slavic keeps its
        // vowel letters' quality (Tula / Tala, Gosha / Gasha stay apart):
        // it gets the English digraphs, silent letters and consonants
        // (Spielberg / Spilberg, Gandhi / Gandi, Recio / Resio), not a / э.
        // A spelling that marks э with a standard's sign is a romanisation,
        // never an English spelling, even where its letters spell a census
        // name (Gary / G·eri: Geri is on the list).
        let unknown = (!other.english_name || other.marks_e) && !english.known && !other.known;
        let marker = english.marker || (english.ending && !other.english_name);
        let vowel_rules = marker || ((english.english_name || other.marks_e) && unknown);
        let english_rules = vowel_rules || (!english.slavic && unknown);
        let rules = Readings {
            english: english_rules,
            vowel: vowel_rules,
            stripped: english_rules && english.stripped,
            // Russian writes the French -in as -ен (Bertin / Бертен, Dassin
            // / Дассен, Chopin / Шопен), where a Slavic -ин stays -ин; only
            // for two spellings neither of which is a name of the lexicon
            // (Semin / Semen, Vilin / Vilen are two names) or a census name
            // (Martin / Marten).
            french: english.french && unknown && !english.english_name,
            // A word that looks Polish or Turkish is read with that
            // language's letter values (Krzysztof / Kshishtof, Gokhan /
            // Gyokkhan) whatever else it has, but like every reading of a
            // foreign spelling only beside a spelling that is no census
            // name, and when neither is a Slavic name of the lexicon.
            // Since round 16 the same for such a given name itself (Jiri /
            // Irzhi), and the `-name` readings for every word of a full name
            // whose given name belongs to a language (Barbora Krejcikova /
            // Kreychikova, Iga Swiatek / Sventek) unless that word is a
            // census name, which keeps its English readings (Barbora Snyder
            // / Shnaider, Thomas / Tomash stay apart).
            languages: if unknown {
                english.languages | english.given
            } else {
                0
            },
            names: if unknown {
                english.given | if english.english_name { 0 } else { hint }
            } else {
                0
            },
        };
        if reads_as(letters, target, rules) {
            return Some(a_is_english);
        }
    }
    None
}

/// Two romanised Russian or Ukrainian transcriptions of one English name,
/// neither spelled the English way, where the transcriptions differ as
/// practical transcription does (a word-list-free test, so it also covers
/// names no list has): the English short a (/æ/) of a name starting with h
/// is а in one and э/е in the other, after г in one and х (or Ukrainian г,
/// romanised h) in the other (Harry: Gari / Heri,
/// Hamilton: Gamilton / Hemilton, Harris: Xaris / Heris); the ending -man is
/// -ман or -мен (Freeman: Friman / Frimen); a long a is а or ей/эй (Blazi /
/// Bleizi), and before the final consonants ей or е (Blake: Bleik / Blek). The rest of the word must agree letter for letter (in the
/// normalised alphabet), and neither may be a Slavic name of the lexicon.
/// Returns which correspondence shows it.
pub(crate) fn two_transcriptions(a: &EnglishWord, b: &EnglishWord) -> Option<&'static str> {
    let (x, y) = (a.target.as_slice(), b.target.as_slice());
    if x.len() < 4 || y.len() < 4 || x == y || a.known || b.known {
        return None;
    }
    let after_h = |w: &[u8]| -> Option<usize> {
        if w.starts_with(b"kh") {
            Some(2)
        } else if matches!(w[0], b'g' | b'h') {
            Some(1)
        } else {
            None
        }
    };
    if let (Some(i), Some(j)) = (after_h(x), after_h(y))
        && let (Some(&vx), Some(&vy)) = (x.get(i), y.get(j))
        && x[..i] != y[..j]
        && matches!((vx, vy), (b'a', b'e') | (b'e', b'a'))
        && x[i + 1..] == y[j + 1..]
    {
        return Some("the English a after h written а in one and э/е in the other");
    }
    for (p, q) in [(x, y), (y, x)] {
        if let (Some(stem_p), Some(stem_q)) = (p.strip_suffix(b"man"), q.strip_suffix(b"men"))
            && stem_p.len() >= 3
            && stem_p == stem_q
        {
            return Some("the English ending -man written -ман in one and -мен in the other");
        }
        // ei in p where q has a, the rest the same.
        if p.len() == q.len() + 1 {
            let at = p.iter().zip(q).position(|(c, d)| c != d).unwrap_or(q.len());
            if at > 0
                && p[at..].starts_with(b"ei")
                && q.get(at) == Some(&b'a')
                && p[at + 2..] == q[at + 1..]
            {
                return Some("the English long a written ей/эй in one and а in the other");
            }
            // ...or ей in p where q has е, before the word's final
            // consonants (Blake: Bleik / Blek, Romain: Romein / Romen), for
            // words with nothing Slavic about them.
            let at = p.iter().zip(q).position(|(c, d)| c != d).unwrap_or(q.len());
            if at >= 2
                && !a.slavic
                && !b.slavic
                && p[at - 1..].starts_with(b"ei")
                && q[at - 1] == b'e'
                && p[at + 1..] == q[at..]
                && !q[at..].is_empty()
                && q[at..].iter().all(|c| !b"aeiou".contains(c))
            {
                return Some("the English long a written ей in one and е in the other");
            }
        }
    }
    None
}

#[cfg(test)]
#[path = "english_tests.rs"]
mod tests;
