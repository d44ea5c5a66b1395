//! Name-variant detection and Russian/Ukrainian name inflection.
//!
//! Decides whether two Latin spellings are the same Cyrillic name and how
//! they differ: another romanisation standard (Zelensky / Zelenskyy /
//! Selenskyj), a probable misspelling (Kukhtin / Khuktin), a look-alike
//! Cyrillic letter inside a Latin word, or the Ukrainian form of a Russian
//! first name (Mikhail / Mykhaylo). The pipeline (research/names.md §5):
//!
//! 1. [`fold`]: case, diacritics, apostrophes, ё → е, look-alike letters;
//! 2. [`skeletons`]: one canonical key per plausible romanisation convention;
//! 3. [`distance`]: Damerau–Levenshtein in which a swap across up to three
//!    symbols costs 1, with thresholds by length (≤ 4 symbols exact, 5–8 one
//!    edit, ≥ 9 two);
//! 4. [`guards`]: feminine forms, derived names, diminutives and a lexicon of
//!    real names one edit apart are never reported as misspellings;
//!    [`counterparts`] recognises cross-language first names.
//!
//! [`inflect`] generates the case forms of Russian and Ukrainian names so that
//! glossary names can be found in inflected source text.
//!
//! ```
//! use tmkit::names::{compare_names, compare_words, VariantKind};
//! assert_eq!(compare_words("Kukhtin", "Khuktin").unwrap().kind, VariantKind::Typo);
//! assert_eq!(compare_words("Zelensky", "Selenskyj").unwrap().kind, VariantKind::Transliteration);
//! assert!(compare_words("Litvinov", "Litvinova").is_none());
//! let same = compare_names(&["Mikhail", "Kukhtin"], &["Mykhaylo", "Khuktin"]).unwrap();
//! assert_eq!(same.kind, VariantKind::Typo);
//! ```

pub mod conventional;
pub mod counterparts;
mod cyrillic;
pub mod distance;
pub mod english;
pub mod eval;
mod fold;
mod full_name;
pub mod guards;
mod ikavism;
mod index;
pub mod inflect;
mod japanese;
mod pinyin;
pub mod ruuk;
mod skeleton;

pub use full_name::{compare_names, compare_names_with};

pub use fold::{Script, fold, is_cyrillic, is_latin, lookalikes, repair_lookalikes, script};
pub use guards::diminutive_of;
pub use index::VariantIndex;
pub use skeleton::{primary_skeleton, skeletons};

pub use cyrillic::latin_variants;
use cyrillic::{compare_across_scripts, compare_cyrillic};
use serde::Serialize;
use unicode_normalization::char::is_combining_mark;

/// How two spellings of one name differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum VariantKind {
    /// The same spelling (at most letter case differs).
    Identical,
    /// A case form of the same name (Кухтина for Кухтин).
    Inflection,
    /// Another romanisation standard, or diacritics/apostrophes written
    /// differently (Yevgeny / Evgenii / Jewgeni).
    Transliteration,
    /// A conventional English form beside a systematic romanisation
    /// (Stephen / Stepan, Chernobyl / Chornobyl): `data/conventional.tsv`.
    Conventional,
    /// The same first name in another language's form (Mikhail / Mykhaylo).
    CrossLanguage,
    /// A probable misspelling, including swapped letters (Kukhtin / Khuktin).
    Typo,
    /// A look-alike letter of the other script inside the word.
    LookAlike,
}

impl VariantKind {
    /// Stable lower-case name (`identical`, `transliteration`, `typo`,
    /// `look-alike`, `cross-language`, `conventional`, `inflection`), as in
    /// JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            VariantKind::Identical => "identical",
            VariantKind::Inflection => "inflection",
            VariantKind::Transliteration => "transliteration",
            VariantKind::Conventional => "conventional",
            VariantKind::CrossLanguage => "cross-language",
            VariantKind::Typo => "typo",
            VariantKind::LookAlike => "look-alike",
        }
    }
}

impl std::fmt::Display for VariantKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Two spellings judged to be the same name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameMatch {
    /// How they differ; for full names, the most serious kind among the words
    /// (look-alike > typo > cross-language > transliteration > inflection).
    pub kind: VariantKind,
    /// Edits between the closest skeletons (0 unless `kind` is `Typo`); for
    /// full names, the sum over the words.
    pub distance: u32,
    /// One sentence for people saying why.
    pub explanation: String,
}

impl NameMatch {
    fn new(kind: VariantKind, distance: u32, explanation: impl Into<String>) -> NameMatch {
        NameMatch {
            kind,
            distance,
            explanation: explanation.into(),
        }
    }
}

/// Switches for [`compare_words_with`] / [`compare_names_with`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompareOptions {
    /// Veto a probable misspelling when both words are real names of the
    /// lexicon (Kotov / Kitov). On by default; off only to measure what the
    /// lexicon contributes.
    pub use_lexicon: bool,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions { use_lexicon: true }
    }
}

/// English possessive endings, stripped before comparison ("Kukhtin's").
fn strip_possessive(word: &str) -> &str {
    for suffix in ["'s", "’s", "'S", "’S", "s'", "s’"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.chars().count() >= 3
        {
            return if suffix.starts_with('s') {
                &word[..word.len() - suffix.len() + 1]
            } else {
                stem
            };
        }
    }
    word
}

/// The word without surrounding punctuation and an English possessive. A
/// combining mark is part of the letter before it: a word that ends in a
/// decomposed č or ĭ keeps its mark (Borŝic\u{30C} is Borŝič).
fn clean(word: &str) -> &str {
    let edge = |c: char| !c.is_alphanumeric() && !is_combining_mark(c);
    let word = word.trim_matches(|c: char| edge(c) && c != '\'' && c != '’');
    strip_possessive(word.trim_end_matches(['\'', '’'])).trim_matches(edge)
}

/// Decides whether two single words are spellings of the same name.
/// `None` means different names: after the guards, a feminine form, a derived
/// name, a diminutive or a different real name is never a match.
///
/// ```
/// use tmkit::names::{compare_words, VariantKind};
/// let kind = |a, b| compare_words(a, b).map(|m| m.kind);
/// assert_eq!(kind("Kukhtin", "Khuktin"), Some(VariantKind::Typo));
/// assert_eq!(kind("Mikhail", "Mykhaylo"), Some(VariantKind::CrossLanguage));
/// assert_eq!(kind("Yevgeny", "Jewgeni"), Some(VariantKind::Transliteration));
/// assert_eq!(kind("Tymoshenk\u{43e}", "Tymoshenko"), Some(VariantKind::LookAlike));
/// assert_eq!(kind("Kotov", "Kitov"), None);
/// assert_eq!(kind("Ivan", "Ivanov"), None);
/// assert_eq!(kind("Sasha", "Aleksandr"), None);
/// ```
pub fn compare_words(a: &str, b: &str) -> Option<NameMatch> {
    compare_words_with(a, b, &CompareOptions::default())
}

/// [`compare_words`] with explicit options.
pub fn compare_words_with(a: &str, b: &str, options: &CompareOptions) -> Option<NameMatch> {
    compare_prepared_with(&prepared(a), &prepared(b), options)
}

/// [`compare_words_with`] for two words of full names whose given name
/// points to source languages (`hint`, a bit set of
/// [`english::given_name_languages`]; 0 is [`compare_words_with`]).
pub(crate) fn compare_words_hinted(
    a: &str,
    b: &str,
    options: &CompareOptions,
    hint: u32,
) -> Option<NameMatch> {
    compare_prepared_hinted(&prepared(a), &prepared(b), options, hint)
}

/// Words prepared on this thread: the checks compare each name with many others (every glossary candidate,
/// every other spelling of a publication), and preparing a word costs far
/// more than comparing two prepared ones. Bounded: cleared when full.
const PREPARED_CACHE_WORDS: usize = 16_384;

thread_local! {
    static PREPARED: std::cell::RefCell<
        std::collections::HashMap<Box<str>, std::rc::Rc<PreparedName>>,
    > = std::cell::RefCell::new(std::collections::HashMap::new());
}

/// [`PreparedName::new`] through this thread's cache.
fn prepared(word: &str) -> std::rc::Rc<PreparedName> {
    if let Some(hit) = PREPARED.with(|cache| cache.borrow().get(word).cloned()) {
        return hit;
    }
    let fresh = std::rc::Rc::new(PreparedName::new(word));
    PREPARED.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() >= PREPARED_CACHE_WORDS {
            cache.clear();
        }
        cache.insert(word.into(), fresh.clone());
    });
    fresh
}

/// A word with everything the comparison needs computed once: cleaned text,
/// look-alike letters, folded form, skeletons, lexicon and counterpart
/// lookups. Prepare glossary names once and compare many words against them
/// with [`compare_prepared`].
///
/// ```
/// use tmkit::names::{compare_prepared, PreparedName, VariantKind};
/// let approved = PreparedName::new("Kukhtin");
/// let found = PreparedName::new("Khuktin");
/// assert_eq!(compare_prepared(&approved, &found).unwrap().kind, VariantKind::Typo);
/// assert_eq!(approved.text(), "Kukhtin");
/// ```
#[derive(Clone, Debug)]
pub struct PreparedName {
    /// The word without surrounding punctuation or an English possessive.
    text: String,
    /// Look-alike letters of the other script.
    lookalikes: Vec<(usize, char, char)>,
    /// `text` with look-alike letters repaired.
    repaired: String,
    /// `fold(repaired)`.
    folded: String,
    /// Majority script.
    script: Script,
    /// Labelled skeletons of `repaired` (Latin words only).
    keys: Vec<(&'static str, String)>,
    /// The same skeletons without labels.
    plain: Vec<String>,
    /// Skeletons only the spelling with its carons stripped gives: never
    /// measured for a misspelling.
    stripped: Vec<String>,
    /// `text` in lower case.
    lower: String,
    /// English-style skeleton.
    primary: String,
    /// Counterpart-table cells.
    cells: Vec<(usize, usize)>,
    /// The lexicon knows the word.
    known: bool,
    /// Skeletons of the folded word with y/i/j dropped between a consonant
    /// and o (empty when it has none): see [`soft_sign_dropped`].
    soft: Vec<String>,
    /// What the English-transcription test needs (Latin words only).
    english: english::EnglishWord,
    /// What the Russian/Ukrainian counterpart test needs (Latin words only).
    ruuk: ruuk::RuukWord,
}

impl PreparedName {
    /// Prepares one word.
    pub fn new(word: &str) -> PreparedName {
        let text = clean(word).to_string();
        let lookalikes = lookalikes(&text);
        let repaired = if lookalikes.is_empty() {
            text.clone()
        } else {
            repair_lookalikes(&text)
        };
        let script = script(&repaired);
        let (keys, primary, stripped) = if script == Script::Latin {
            let mut keys = skeleton::labelled_skeletons(&repaired);
            // The first key is the English-style skeleton of the expanded
            // spelling, which is what primary_skeleton computes.
            let primary = keys.first().map(|(_, key)| key.clone()).unwrap_or_default();
            let mut stripped = skeleton::stripped_only_skeletons(&repaired);
            // German s for з (Kusnezow): exact-match keys, like the
            // stripped ones never measured for a misspelling.
            for key in skeleton::german_voiced_s_skeletons(&repaired) {
                keys.push(("german", key.clone()));
                stripped.push(key);
            }
            // Pinyin read as its Palladius transcription (Jinping /
            // Tszinpin): exact-match keys too.
            for (style, key) in pinyin::palladius_keys(&repaired, &keys) {
                keys.push((style, key.clone()));
                stripped.push(key);
            }
            (keys, primary, stripped)
        } else {
            (Vec::new(), String::new(), Vec::new())
        };
        let folded = fold(&repaired);
        // Palladius keys count only for an exact match of keys, below.
        let plain: Vec<String> = (keys.iter().filter(|(s, _)| !pinyin::is_reading(s)))
            .map(|(_, key)| key.clone())
            .collect();
        let cells = counterparts::cells_of(&folded, &plain);
        let known = guards::is_known_key(&primary);
        let soft = if script == Script::Latin {
            soft_sign_dropped(&folded)
                .map(|without| skeletons(&without))
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        // Only Latin pairs reach the English and ru/uk tests.
        let (english, ruuk) = if script == Script::Latin {
            (
                english::EnglishWord::new(&repaired),
                ruuk::RuukWord::new(&repaired),
            )
        } else {
            Default::default()
        };
        PreparedName {
            soft,
            stripped,
            english,
            ruuk,
            lower: text.to_lowercase(),
            plain,
            folded,
            text,
            lookalikes,
            repaired,
            script,
            keys,
            primary,
            cells,
            known,
        }
    }

    /// The cleaned word.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Its skeletons (empty for non-Latin words).
    pub fn skeletons(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|(_, key)| key.as_str())
    }

    /// Its primary (English-style) skeleton.
    pub fn primary_skeleton(&self) -> &str {
        &self.primary
    }

    /// Its majority script.
    pub fn script(&self) -> Script {
        self.script
    }

    /// Rows of the counterpart table the word belongs to.
    pub(crate) fn counterpart_rows(&self) -> impl Iterator<Item = usize> + '_ {
        self.cells.iter().map(|(row, _)| *row)
    }

    /// The skeletons a misspelling is measured on.
    fn typo_keys(&self) -> Vec<&str> {
        self.plain
            .iter()
            .filter(|key| !self.stripped.contains(key))
            .map(String::as_str)
            .collect()
    }

    fn without_lookalikes(&self) -> PreparedName {
        PreparedName {
            text: self.repaired.clone(),
            lower: self.repaired.to_lowercase(),
            lookalikes: Vec::new(),
            ..self.clone()
        }
    }
}

/// [`compare_words`] on prepared words.
pub fn compare_prepared(a: &PreparedName, b: &PreparedName) -> Option<NameMatch> {
    compare_prepared_with(a, b, &CompareOptions::default())
}

/// [`compare_prepared`] with explicit options.
pub fn compare_prepared_with(
    a: &PreparedName,
    b: &PreparedName,
    options: &CompareOptions,
) -> Option<NameMatch> {
    compare_prepared_hinted(a, b, options, 0)
}

/// [`compare_prepared_with`] with the source languages of a full name's
/// given name (see [`compare_words_hinted`]).
fn compare_prepared_hinted(
    a: &PreparedName,
    b: &PreparedName,
    options: &CompareOptions,
    hint: u32,
) -> Option<NameMatch> {
    if a.text.is_empty() || b.text.is_empty() {
        return None;
    }
    if a.text == b.text {
        return Some(NameMatch::new(
            VariantKind::Identical,
            0,
            "identical spelling",
        ));
    }
    if a.lookalikes.is_empty() && b.lookalikes.is_empty() {
        return compare_clean(a, b, options, hint);
    }
    let inner = compare_clean(
        &a.without_lookalikes(),
        &b.without_lookalikes(),
        options,
        hint,
    )?;
    let mut letters = Vec::new();
    for word in [a, b] {
        for (index, wrong, right) in &word.lookalikes {
            letters.push(format!(
                "{}: letter {} is {} U+{:04X}, not {right}",
                word.text,
                index + 1,
                script_name(*wrong),
                u32::from(*wrong)
            ));
        }
    }
    let mut explanation = format!(
        "look-alike letter of another script ({})",
        letters.join("; ")
    );
    if inner.kind != VariantKind::Identical {
        explanation.push_str("; also ");
        explanation.push_str(&inner.explanation);
    }
    Some(NameMatch::new(
        VariantKind::LookAlike,
        inner.distance,
        explanation,
    ))
}

fn script_name(c: char) -> &'static str {
    if is_cyrillic(c) { "Cyrillic" } else { "Latin" }
}

/// [`compare_prepared`] on words without look-alike letters.
fn compare_clean(
    pa: &PreparedName,
    pb: &PreparedName,
    options: &CompareOptions,
    hint: u32,
) -> Option<NameMatch> {
    let (a, b) = (pa.text.as_str(), pb.text.as_str());
    let (fa, fb) = (pa.folded.as_str(), pb.folded.as_str());
    if pa.lower == pb.lower {
        return Some(NameMatch::new(
            VariantKind::Identical,
            0,
            "differs only in letter case",
        ));
    }
    match (pa.script, pb.script) {
        (Script::Cyrillic, Script::Cyrillic) => return compare_cyrillic(a, b, fa, fb),
        (Script::Latin, Script::Latin) => {}
        _ => return compare_across_scripts(a, b, options, hint),
    }
    if fa == fb {
        return Some(NameMatch::new(
            VariantKind::Transliteration,
            0,
            "the same letters with diacritics or apostrophes written differently",
        ));
    }
    let (keys_a, keys_b) = (&pa.keys, &pb.keys);
    if let Some((row, la, lb)) = counterparts::cross_language_cells(&pa.cells, &pb.cells) {
        let cyr = |lang: &str| {
            counterparts::LANGUAGES
                .iter()
                .position(|l| *l == lang)
                .and_then(|i| row.cyrillic[i].clone())
                .unwrap_or_default()
        };
        return Some(NameMatch::new(
            VariantKind::CrossLanguage,
            0,
            format!(
                "{a} is the {} form ({}) and {b} the {} form ({}) of the same name",
                language_name(la),
                cyr(la),
                language_name(lb),
                cyr(lb)
            ),
        ));
    }
    if let Some((row, a_conventional)) = conventional::pair(&pa.plain, &pb.plain) {
        let (conv, systematic) = if a_conventional { (a, b) } else { (b, a) };
        return Some(NameMatch::new(
            VariantKind::Conventional,
            0,
            format!(
                "{conv} is the conventional English form ({}) and {systematic} a systematic \
                 romanisation of {}",
                row.note, row.cyrillic
            ),
        ));
    }
    for (style_a, key_a) in keys_a {
        if let Some((style_b, _)) = keys_b.iter().find(|(style_b, key_b)| {
            key_b == key_a && !pinyin::pinyin_on_pinyin(style_a, style_b, pa, pb)
        }) {
            let styles = if style_a == style_b {
                format!("{style_a}-style")
            } else {
                format!("{style_a}-style / {style_b}-style")
            };
            return Some(NameMatch::new(
                VariantKind::Transliteration,
                0,
                format!("another romanisation of the same name ({styles}, skeleton {key_a})"),
            ));
        }
    }
    for (soft, other) in [(&pa.soft, &pb.plain), (&pb.soft, &pa.plain)] {
        if soft.iter().any(|key| other.contains(key)) {
            return Some(NameMatch::new(
                VariantKind::Transliteration,
                0,
                "another romanisation of the same name (ьо written with y/i/j or a soft-sign \
                 mark in one, the soft sign dropped as ICAO does in the other)",
            ));
        }
    }
    if let Some((row, lang)) = counterparts::same_language_cells(&pa.cells, &pb.cells) {
        let cyrillic = counterparts::LANGUAGES
            .iter()
            .position(|l| *l == lang)
            .and_then(|i| row.cyrillic[i].as_deref())
            .unwrap_or_default();
        return Some(NameMatch::new(
            VariantKind::Transliteration,
            0,
            format!(
                "two established spellings of the {} name {cyrillic}",
                language_name(lang)
            ),
        ));
    }
    let (plain_a, plain_b) = (&pa.plain, &pb.plain);
    if guards::diminutive_keys(&pa.primary, plain_b)
        || guards::diminutive_keys(&pb.primary, plain_a)
    {
        return None;
    }
    let (primary_a, primary_b) = (pa.primary.as_str(), pb.primary.as_str());
    if guards::is_gender_pair(primary_a, primary_b) || guards::is_gender_pair(fa, fb) {
        return None;
    }
    if guards::is_derived_pair(primary_a, primary_b) {
        return None;
    }
    // Russian and Ukrainian forms first: a Ukrainian place name with
    // nothing Slavic in its ending (Bilovody) would also read as English.
    if let Some(marker) = ruuk::counterpart_forms_between(&pa.ruuk, &pb.ruuk) {
        return Some(NameMatch::new(
            VariantKind::CrossLanguage,
            0,
            format!("{a} and {b} are the Russian and Ukrainian forms of one name ({marker})"),
        ));
    }
    if let Some(a_is_english) = english::transcription_between(&pa.english, &pb.english, hint) {
        let (english, other) = if a_is_english { (a, b) } else { (b, a) };
        return Some(NameMatch::new(
            VariantKind::Conventional,
            0,
            format!(
                "{english} is the English spelling and {other} a systematic romanisation of its \
                 Russian or Ukrainian transcription"
            ),
        ));
    }
    if let Some(how) = english::two_transcriptions(&pa.english, &pb.english) {
        return Some(NameMatch::new(
            VariantKind::Transliteration,
            0,
            format!("{a} and {b} are two transcriptions of one English name ({how})"),
        ));
    }
    for x in plain_a {
        for y in plain_b {
            if let Some((la, lb)) = counterparts::surname_languages(x, y) {
                return Some(NameMatch::new(
                    VariantKind::CrossLanguage,
                    0,
                    format!(
                        "{a} and {b} are the {} and {} forms of one surname",
                        language_name(la),
                        language_name(lb)
                    ),
                ));
            }
        }
    }
    if guards::forms_differ(fa, fb, primary_a, primary_b) {
        return None;
    }
    // The closest pair of skeletons (and the raw folded spellings, which keep
    // swaps inside a digraph such as Mikhail / Mikahil at cost 1) whose
    // difference is a plausible slip: within the length threshold (a four-
    // symbol name may have two inner letters swapped) and not a different
    // letter or a surname-forming consonant (guards::implausible_edit).
    let mut best: Option<(u32, &str, &str)> = None;
    let initials_differ = fa.chars().next() != fb.chars().next();
    // Two spellings one consonant apart letter for letter (Gelasimov /
    // Gerasimov) are two names when that consonant is no slip: reading them
    // in two conventions (s between vowels as з in one) must not make a
    // second difference that hides the first.
    if one_consonant_apart(fa, fb) && guards::implausible_edit(fa, fb).is_some() {
        return None;
    }
    let (typo_a, typo_b) = (pa.typo_keys(), pb.typo_keys());
    let pairs = typo_a
        .iter()
        .flat_map(|&x| typo_b.iter().map(move |&y| (x, y)))
        .chain(std::iter::once((fa, fb)));
    for (x, y) in pairs {
        let (nx, ny) = (x.chars().count(), y.chars().count());
        let shorter = nx.min(ny);
        // A length difference beyond the threshold cannot be within it.
        if nx.abs_diff(ny) > 2 {
            continue;
        }
        let d = distance::distance_within(x, y, 2);
        let mut limit = distance::threshold(shorter);
        if shorter == 4 && d == 1 && guards::is_inner_adjacent_swap(x, y) {
            limit = 1;
        }
        if d == 0 || d > limit {
            continue;
        }
        if d == 1 && guards::implausible_edit(x, y).is_some() {
            continue;
        }
        if d == 2 && guards::implausible_double_edit(x, y, initials_differ).is_some() {
            continue;
        }
        if best.is_none_or(|(bd, bx, by)| (d, x, y) < (bd, bx, by)) {
            best = Some((d, x, y));
        }
    }
    let (d, x, y) = best?;
    if options.use_lexicon && pa.known && pb.known {
        return None;
    }
    let what = describe_edit(x, y, d);
    Some(NameMatch::new(
        VariantKind::Typo,
        d,
        format!(
            "probable misspelling: {what} ({x} / {y}, {d} edit{})",
            if d == 1 { "" } else { "s" }
        ),
    ))
}

/// True when two folded spellings have the same length and differ in one
/// position, where both have a consonant that is no part of a digraph
/// (Gelasimov / Gerasimov; not Kamdin / Khamdin or Sasha / Shasha).
fn one_consonant_apart(a: &str, b: &str) -> bool {
    let Some((xs, ys, i)) = guards::one_position_apart(a, b) else {
        return false;
    };
    let consonant = |c: char| c.is_ascii_lowercase() && !"aeiouy".contains(c);
    let digraph = |w: &[char]| w.get(i + 1) == Some(&'h') || (i > 0 && w[i] == 'h');
    consonant(xs[i]) && consonant(ys[i]) && !digraph(&xs) && !digraph(&ys)
}

/// The folded spelling with y, i or j removed between a consonant and o,
/// or `None` when it has none: Бьорн is Byorn / Bjorn / Biorn in schemes
/// that write ьо, Born in those that drop ь (ICAO, MVD).
fn soft_sign_dropped(folded: &str) -> Option<String> {
    let chars: Vec<char> = folded.chars().collect();
    let mut out = String::with_capacity(folded.len());
    let mut changed = false;
    for (i, &c) in chars.iter().enumerate() {
        let after_consonant =
            i > 0 && chars[i - 1].is_ascii_alphabetic() && !"aeiouyj".contains(chars[i - 1]);
        if "yij".contains(c) && after_consonant && chars.get(i + 1) == Some(&'o') {
            changed = true;
            continue;
        }
        out.push(c);
    }
    changed.then_some(out)
}

fn language_name(code: &str) -> &'static str {
    match code {
        "ru" => "Russian",
        "uk" => "Ukrainian",
        "be" => "Belarusian",
        _ => "other",
    }
}

/// A short description of the edit between two close keys.
fn describe_edit(x: &str, y: &str, d: u32) -> String {
    let mut sx: Vec<char> = x.chars().collect();
    let mut sy: Vec<char> = y.chars().collect();
    if d == 1 && sx.len() == sy.len() {
        sx.sort_unstable();
        sy.sort_unstable();
        if sx == sy {
            return "letters swapped".to_string();
        }
        return "one letter replaced".to_string();
    }
    match (d, x.chars().count().cmp(&y.chars().count())) {
        (1, std::cmp::Ordering::Less) | (1, std::cmp::Ordering::Greater) => {
            "one letter added or dropped".to_string()
        }
        _ => format!("{d} letters differ"),
    }
}

#[cfg(test)]
mod tests;
