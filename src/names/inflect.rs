//! Case forms of Russian and Ukrainian personal names, for finding glossary
//! names in inflected source text ("Михаила Кухтина", "Литвиновым").
//!
//! Snowball stemming is wrong for names (Литвинов → литвин, a different
//! surname), so the forms are generated forward from the lemma by the suffix
//! rules of `data/declension.tsv` (by language, name part, gender and ending;
//! indeclinable -ко/-енко (Russian), -их/-ых, -аго/-ово). Every form carries
//! its case, number, gender, name part and lemma; ё is folded to е. A form
//! two lemmas share (Кухтина: genitive of Кухтин, nominative of Кухтина) is
//! listed under both, and [`FormIndex::analyze`] returns every reading so that
//! a checker can report the ambiguity instead of resolving it silently.
//!
//! ```
//! use tmkit::names::inflect::{forms, Case, NamePart};
//! let texts: Vec<String> = forms("Кухтин", "ru", NamePart::Surname, None)
//!     .into_iter().filter(|f| f.case == Case::Instrumental).map(|f| f.text).collect();
//! assert!(texts.contains(&"Кухтиным".to_string()));
//! ```

use super::fold::data_lines;
use regex::Regex;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Grammatical gender of a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// Masculine.
    Masculine,
    /// Feminine.
    Feminine,
}

/// Which part of a full name a word is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NamePart {
    /// Given name (Михаил).
    FirstName,
    /// Patronymic (Михайлович).
    Patronymic,
    /// Family name (Кухтин).
    Surname,
}

/// Grammatical case. Russian has no vocative; its prepositional case is
/// [`Case::Locative`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Case {
    /// Nominative (the lemma for singular forms).
    Nominative,
    /// Genitive.
    Genitive,
    /// Dative.
    Dative,
    /// Accusative.
    Accusative,
    /// Instrumental.
    Instrumental,
    /// Locative (Russian prepositional).
    Locative,
    /// Vocative (Ukrainian only).
    Vocative,
}

impl Case {
    /// Short name as in `data/declension.tsv` and JSON (`nom`, `gen`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Case::Nominative => "nom",
            Case::Genitive => "gen",
            Case::Dative => "dat",
            Case::Accusative => "acc",
            Case::Instrumental => "ins",
            Case::Locative => "loc",
            Case::Vocative => "voc",
        }
    }

    fn parse(text: &str) -> Option<Case> {
        Some(match text {
            "nom" => Case::Nominative,
            "gen" => Case::Genitive,
            "dat" => Case::Dative,
            "acc" => Case::Accusative,
            "ins" => Case::Instrumental,
            "loc" => Case::Locative,
            "voc" => Case::Vocative,
            _ => return None,
        })
    }

    /// Every case, in grammar-book order.
    pub const ALL: [Case; 7] = [
        Case::Nominative,
        Case::Genitive,
        Case::Dative,
        Case::Accusative,
        Case::Instrumental,
        Case::Locative,
        Case::Vocative,
    ];
}

/// Grammatical number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Number {
    /// One person.
    Singular,
    /// A family ("the Litvinovs").
    Plural,
}

/// One case form of a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Form {
    /// The form, with the lemma's capitalisation and ё folded to е.
    pub text: String,
    /// Its case.
    pub case: Case,
    /// Its number.
    pub number: Number,
    /// The gender of the person it names.
    pub gender: Gender,
    /// The name part.
    pub part: NamePart,
    /// The lemma (nominative singular) it was generated from, ё folded.
    pub lemma: String,
}

impl Form {
    /// "genitive singular (masculine surname)".
    pub fn describe(&self) -> String {
        let case = match self.case {
            Case::Nominative => "nominative",
            Case::Genitive => "genitive",
            Case::Dative => "dative",
            Case::Accusative => "accusative",
            Case::Instrumental => "instrumental",
            Case::Locative => "locative",
            Case::Vocative => "vocative",
        };
        let number = match self.number {
            Number::Singular => "singular",
            Number::Plural => "plural",
        };
        let gender = match self.gender {
            Gender::Masculine => "masculine",
            Gender::Feminine => "feminine",
        };
        let part = match self.part {
            NamePart::FirstName => "first name",
            NamePart::Patronymic => "patronymic",
            NamePart::Surname => "surname",
        };
        format!("{case} {number} ({gender} {part})")
    }
}

/// One line of `data/declension.tsv`.
struct Rule {
    lang: &'static str,
    part: Option<NamePart>,
    gender: Option<Gender>,
    pattern: Regex,
    strip: usize,
    /// `None`: names of this shape do not have this gender.
    endings: Option<Vec<(Case, Number, Vec<&'static str>)>>,
}

fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut rules = Vec::new();
        for line in data_lines(include_str!("data/declension.tsv")) {
            let fields: Vec<&'static str> = line.split('\t').collect();
            let [lang, part, gender, pattern, strip, cases] = fields[..] else {
                continue;
            };
            let part = match part {
                "first" => Some(NamePart::FirstName),
                "patronymic" => Some(NamePart::Patronymic),
                "surname" => Some(NamePart::Surname),
                _ => None,
            };
            let gender = match gender {
                "m" => Some(Gender::Masculine),
                "f" => Some(Gender::Feminine),
                _ => None,
            };
            let (Ok(pattern), Ok(strip)) = (Regex::new(pattern), strip.parse::<usize>()) else {
                continue;
            };
            let endings = if cases == "-" {
                None
            } else {
                let mut list = Vec::new();
                for item in cases.split(';') {
                    let Some((name, alternatives)) = item.split_once('=') else {
                        continue;
                    };
                    let alternatives: Vec<&'static str> = alternatives.split('/').collect();
                    if name == "all" {
                        for case in Case::ALL {
                            if case != Case::Vocative || lang == "uk" {
                                list.push((case, Number::Singular, alternatives.clone()));
                            }
                        }
                        continue;
                    }
                    let (number, name) = match name.strip_prefix("pl.") {
                        Some(rest) => (Number::Plural, rest),
                        None => (Number::Singular, name),
                    };
                    if let Some(case) = Case::parse(name) {
                        list.push((case, number, alternatives));
                    }
                }
                Some(list)
            };
            rules.push(Rule {
                lang,
                part,
                gender,
                pattern,
                strip,
                endings,
            });
        }
        rules
    })
}

fn fold_yo(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ё' => 'е',
            'Ё' => 'Е',
            _ => c,
        })
        .collect()
}

/// The rule that declines `lemma` (lower case, ё folded) in this language,
/// part and gender.
fn rule_for(lower: &str, lang: &str, part: NamePart, gender: Gender) -> Option<&'static Rule> {
    rules().iter().find(|rule| {
        rule.lang == lang
            && rule.part.is_none_or(|p| p == part)
            && rule.gender.is_none_or(|g| g == gender)
            && rule.pattern.is_match(lower)
    })
}

/// A surname's gender from its ending (Литвинова, Зеленская, Зеленська are
/// feminine), `None` when the ending does not say.
pub fn surname_gender(surname: &str, lang: &str) -> Option<Gender> {
    let lower = fold_yo(&surname.to_lowercase());
    let feminine: &[&str] = match lang {
        "uk" => &[
            "ова", "ева", "єва", "іна", "ина", "їна", "ська", "цька", "зька",
        ],
        _ => &["ова", "ева", "ина", "ына", "ая", "яя"],
    };
    let masculine: &[&str] = match lang {
        "uk" => &["ов", "ев", "єв", "ін", "ин", "їн", "ий", "ій"],
        _ => &["ов", "ев", "ин", "ын", "ий", "ый", "ой"],
    };
    if feminine.iter().any(|e| lower.ends_with(e)) {
        Some(Gender::Feminine)
    } else if masculine.iter().any(|e| lower.ends_with(e)) {
        Some(Gender::Masculine)
    } else {
        None
    }
}

/// The gender of a first name (Cyrillic or Latin): from the counterpart table
/// when it knows the name, else by ending (-а/-я feminine, except the
/// masculine names of `data/masculine_a_names.txt` such as Никита, Илья).
///
/// ```
/// use tmkit::names::inflect::{guess_gender, Gender};
/// assert_eq!(guess_gender("Михаил", "ru"), Some(Gender::Masculine));
/// assert_eq!(guess_gender("Никита", "ru"), Some(Gender::Masculine));
/// assert_eq!(guess_gender("Ольга", "uk"), Some(Gender::Feminine));
/// assert_eq!(guess_gender("Любовь", "ru"), Some(Gender::Feminine));
/// assert_eq!(guess_gender("Mykhaylo", "uk"), Some(Gender::Masculine));
/// ```
pub fn guess_gender(first_name: &str, lang: &str) -> Option<Gender> {
    let _ = lang;
    let lower = fold_yo(&first_name.trim().to_lowercase());
    if lower.is_empty() {
        return None;
    }
    for row in super::counterparts::all() {
        if row.kind != super::counterparts::CounterpartKind::FirstName {
            continue;
        }
        let cyrillic_hit = row
            .cyrillic
            .iter()
            .flatten()
            .any(|form| fold_yo(&form.to_lowercase()) == lower);
        let latin_hit = !cyrillic_hit
            && super::script(first_name) == super::Script::Latin
            && row.latin.iter().flatten().any(|spelling| {
                let keys = super::skeletons(spelling);
                super::skeletons(first_name)
                    .iter()
                    .any(|k| keys.contains(k))
            });
        if cyrillic_hit || latin_hit {
            return match row.gender {
                Some('f') => Some(Gender::Feminine),
                Some('m') => Some(Gender::Masculine),
                _ => None,
            };
        }
    }
    static MASCULINE_A: OnceLock<Vec<&'static str>> = OnceLock::new();
    let masculine_a = MASCULINE_A
        .get_or_init(|| data_lines(include_str!("data/masculine_a_names.txt")).collect());
    if masculine_a.contains(&lower.as_str()) {
        return Some(Gender::Masculine);
    }
    let last = lower.chars().last()?;
    if "ая".contains(last) || (super::script(first_name) == super::Script::Latin && last == 'a') {
        Some(Gender::Feminine)
    } else if last.is_alphabetic() {
        Some(Gender::Masculine)
    } else {
        None
    }
}

/// Capitalise a generated form like its lemma (Title case, UPPER case or
/// lower case).
fn like_lemma(lemma: &str, form: &str) -> String {
    let letters: Vec<char> = lemma.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return form.to_uppercase();
    }
    let mut out = String::with_capacity(form.len());
    for (i, c) in form.chars().enumerate() {
        let upper = lemma.chars().nth(i).is_some_and(char::is_uppercase);
        if upper {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Every case form of a name lemma (nominative singular) in `lang` (`ru` or
/// `uk`; other languages give only the lemma). `gender` `None` guesses it
/// (from the surname ending or [`guess_gender`]); surnames whose ending says
/// nothing are taken as masculine. Russian -ов/-ин and adjectival surnames
/// also get their plural (family) forms. Forms are unique per (text, case,
/// number); ё is folded to е.
///
/// ```
/// use tmkit::names::inflect::{forms, Case, Gender, NamePart};
/// let of = |lemma, lang, part, gender| -> Vec<String> {
///     forms(lemma, lang, part, gender).into_iter().map(|f| f.text).collect()
/// };
/// assert!(of("Литвинова", "ru", NamePart::Surname, Some(Gender::Feminine)).contains(&"Литвиновой".into()));
/// // Indeclinable: every case has the same text.
/// assert!(of("Шевченко", "ru", NamePart::Surname, None).iter().all(|f| f == "Шевченко"));
/// assert!(of("Шевченко", "uk", NamePart::Surname, Some(Gender::Masculine)).contains(&"Шевченком".into()));
/// assert!(of("Михайло", "uk", NamePart::FirstName, None).contains(&"Михайлові".into()));
/// ```
pub fn forms(lemma: &str, lang: &str, part: NamePart, gender: Option<Gender>) -> Vec<Form> {
    let lemma = fold_yo(lemma.trim());
    let lower = lemma.to_lowercase();
    let gender = gender
        .or_else(|| match part {
            NamePart::Surname => surname_gender(&lemma, lang),
            NamePart::FirstName => guess_gender(&lemma, lang),
            NamePart::Patronymic => Some(if lower.ends_with('а') {
                Gender::Feminine
            } else {
                Gender::Masculine
            }),
        })
        .unwrap_or(Gender::Masculine);
    let nominative = || Form {
        text: lemma.clone(),
        case: Case::Nominative,
        number: Number::Singular,
        gender,
        part,
        lemma: lemma.clone(),
    };
    if lemma.is_empty() {
        return Vec::new();
    }
    let Some(rule) = rule_for(&lower, lang, part, gender) else {
        return vec![nominative()];
    };
    let Some(endings) = &rule.endings else {
        return vec![nominative()];
    };
    let chars: Vec<char> = lower.chars().collect();
    if chars.len() <= rule.strip {
        return vec![nominative()];
    }
    let stem: String = chars[..chars.len() - rule.strip].iter().collect();
    let mut out: Vec<Form> = Vec::new();
    for (case, number, alternatives) in endings {
        for ending in alternatives {
            let text = like_lemma(&lemma, &format!("{stem}{ending}"));
            if !out
                .iter()
                .any(|f| f.text == text && f.case == *case && f.number == *number)
            {
                out.push(Form {
                    text,
                    case: *case,
                    number: *number,
                    gender,
                    part,
                    lemma: lemma.clone(),
                });
            }
        }
    }
    if out.is_empty() {
        out.push(nominative());
    }
    out
}

/// Every reading of `word` as a case form of some name in `lang`, guessed
/// from the declension rules alone (no lexicon): `(lemma, form)` pairs. A
/// rule-based guess lists readings no real name has (Кухтина as a masculine
/// surname like Кучма); for glossary names use [`FormIndex`], which only
/// knows the given lemmas.
///
/// ```
/// use tmkit::names::inflect::{analyze, Case, Gender};
/// let readings = analyze("Кухтина", "ru");
/// assert!(readings.iter().any(|(l, f)| l == "Кухтин" && f.case == Case::Genitive));
/// assert!(readings.iter().any(|(l, f)| l == "Кухтина" && f.gender == Gender::Feminine));
/// ```
pub fn analyze(word: &str, lang: &str) -> Vec<(String, Form)> {
    let word = fold_yo(word.trim());
    let lower = word.to_lowercase();
    let mut out: Vec<(String, Form)> = Vec::new();
    let mut tried: Vec<(String, NamePart, Gender)> = Vec::new();
    for rule in rules().iter().filter(|r| r.lang == lang) {
        let Some(endings) = &rule.endings else {
            continue;
        };
        let Some(nominative_endings) = endings
            .iter()
            .find(|(c, n, _)| *c == Case::Nominative && *n == Number::Singular)
            .map(|(_, _, e)| e)
        else {
            continue;
        };
        for (_, _, alternatives) in endings {
            for ending in alternatives {
                let Some(stem) = lower.strip_suffix(ending) else {
                    continue;
                };
                for nominative in nominative_endings {
                    let candidate = format!("{stem}{nominative}");
                    if candidate.chars().count() < 2 || !rule.pattern.is_match(&candidate) {
                        continue;
                    }
                    let parts = match rule.part {
                        Some(p) => vec![p],
                        None => vec![NamePart::FirstName, NamePart::Surname],
                    };
                    let genders = match rule.gender {
                        Some(g) => vec![g],
                        None => vec![Gender::Masculine, Gender::Feminine],
                    };
                    for part in parts {
                        for gender in &genders {
                            let key = (candidate.clone(), part, *gender);
                            if tried.contains(&key) {
                                continue;
                            }
                            tried.push(key);
                            let lemma = like_lemma(&word, &candidate);
                            for form in forms(&lemma, lang, part, Some(*gender)) {
                                if form.text.to_lowercase() == lower
                                    && !out.iter().any(|(l, f)| *l == lemma && *f == form)
                                {
                                    out.push((lemma.clone(), form));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// An index from every case form of a set of known lemmas (glossary names) to
/// the lemmas and forms it can be: the exact lookup the source-side check
/// uses. Lookup folds ё to е and ignores letter case.
///
/// ```
/// use tmkit::names::inflect::{FormIndex, NamePart, Gender};
/// let mut index = FormIndex::default();
/// index.add("Кухтин", "ru", NamePart::Surname, Some(Gender::Masculine));
/// index.add("Кухтина", "ru", NamePart::Surname, Some(Gender::Feminine));
/// // Instrumental singular of Кухтин; dative plural of Кухтин and of Кухтина.
/// assert_eq!(index.analyze("Кухтиным").len(), 3);
/// assert_eq!(index.analyze("Кухтину").len(), 2); // dative of Кухтин, accusative of Кухтина
/// let readings = index.analyze("Кухтина");
/// assert!(readings.len() >= 2); // genitive/accusative of Кухтин, nominative of Кухтина
/// assert!(index.is_ambiguous("Кухтина"));
/// ```
#[derive(Debug, Default, Clone)]
pub struct FormIndex {
    forms: HashMap<String, Vec<Form>>,
}

impl FormIndex {
    /// Adds every form of `lemma` (see [`forms`]).
    pub fn add(&mut self, lemma: &str, lang: &str, part: NamePart, gender: Option<Gender>) {
        for form in forms(lemma, lang, part, gender) {
            let key = fold_yo(&form.text.to_lowercase());
            let slot = self.forms.entry(key).or_default();
            if !slot.contains(&form) {
                slot.push(form);
            }
        }
    }

    /// Every (lemma, form) reading of `word` among the indexed lemmas.
    pub fn analyze(&self, word: &str) -> Vec<(String, Form)> {
        self.forms
            .get(&fold_yo(&word.trim().to_lowercase()))
            .map(|forms| forms.iter().map(|f| (f.lemma.clone(), f.clone())).collect())
            .unwrap_or_default()
    }

    /// True when `word` is a form of more than one indexed lemma, or of one
    /// lemma in both genders (so context must decide).
    pub fn is_ambiguous(&self, word: &str) -> bool {
        let readings = self.analyze(word);
        readings.iter().any(|(lemma, form)| {
            readings
                .iter()
                .any(|(l, f)| l != lemma || f.gender != form.gender)
        })
    }

    /// Number of distinct indexed word forms.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }
}

/// One reading of a word: the lemma and the form it would be.
pub type Reading = (String, Form);

/// Readings of two adjacent words of one full name (first name or patronymic
/// beside a surname) that agree in case, number and gender: how context
/// resolves an ambiguous form. "Михаила Кухтина" leaves only the masculine
/// genitive/accusative readings of Кухтина; "Анны Кухтиной" only feminine
/// ones. An empty result means the words do not agree as one name.
///
/// ```
/// use tmkit::names::inflect::{agreeing, FormIndex, Gender, NamePart};
/// let mut index = FormIndex::default();
/// index.add("Михаил", "ru", NamePart::FirstName, None);
/// index.add("Кухтин", "ru", NamePart::Surname, Some(Gender::Masculine));
/// index.add("Кухтина", "ru", NamePart::Surname, Some(Gender::Feminine));
/// assert!(index.is_ambiguous("Кухтина"));
/// let (first, surname) = (index.analyze("Михаила"), index.analyze("Кухтина"));
/// let resolved = agreeing(&first, &surname);
/// assert!(!resolved.is_empty());
/// assert!(resolved.iter().all(|(_, (lemma, _))| lemma == "Кухтин"));
/// ```
pub fn agreeing<'a>(
    first: &'a [Reading],
    surname: &'a [Reading],
) -> Vec<(&'a Reading, &'a Reading)> {
    let mut out = Vec::new();
    for a in first {
        for b in surname {
            let (fa, fb) = (&a.1, &b.1);
            if fa.case == fb.case && fa.gender == fb.gender && fa.number == fb.number {
                out.push((a, b));
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "inflect_tests.rs"]
mod tests;
