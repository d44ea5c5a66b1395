//! Conventional English forms of Cyrillic names (`data/conventional.tsv`):
//! Stephen for Степан, Chernobyl for Чорнобиль, Minsk / Mensk. Systematic
//! romanisations are rules; these are habits of English copy, so they are a
//! curated table, looked up by skeleton so that every romanisation of the
//! systematic form matches (Yekaterina = Ekaterina = Catherine).
//!
//! English names of countries and their subdivisions (Libya / Liviya,
//! Ohio / Ogaio, Paraguay / Paragvai) come from a second table,
//! `data/places_iso3166.tsv` (ISO 3166-1 and 3166-2 names with their
//! Russian and Ukrainian names, generated from Debian's iso-codes by
//! `benches/make_iso3166_names.py`); their systematic side is every
//! romanisation of the Russian and Ukrainian name. A third table,
//! `data/exonyms.tsv`, holds English-press spellings of foreign people and
//! cities in the same way (Thessaloniki / Salonìki, Deschamps / Desham).

use super::fold::data_lines;
use super::skeleton::skeletons;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// One row of the table.
#[derive(Clone, Debug)]
pub struct Conventional {
    /// `first` or `place`.
    pub kind: &'static str,
    /// The Cyrillic name (Russian / Ukrainian when the two differ).
    pub cyrillic: String,
    /// Conventional English spellings.
    pub conventional: Vec<&'static str>,
    /// Systematic romanisations (of the Russian, Ukrainian or Belarusian form).
    pub systematic: Vec<String>,
    /// What the conventional form is.
    pub note: &'static str,
}

struct Table {
    rows: Vec<Conventional>,
    /// Skeleton → (row, true when the spelling is conventional).
    by_skeleton: HashMap<String, Vec<(usize, bool)>>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rows = Vec::new();
        let mut by_skeleton: HashMap<String, Vec<(usize, bool)>> = HashMap::new();
        for line in data_lines(include_str!("data/conventional.tsv")) {
            let fields: Vec<&'static str> = line.split('\t').collect();
            if fields.len() != 5 {
                continue;
            }
            let list = |cell: &'static str| -> Vec<&'static str> {
                cell.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect()
            };
            let row = Conventional {
                kind: fields[0],
                cyrillic: fields[1].to_string(),
                conventional: list(fields[2]),
                systematic: list(fields[3]).into_iter().map(str::to_string).collect(),
                note: fields[4],
            };
            index_row(&mut by_skeleton, rows.len(), &row);
            rows.push(row);
        }
        Table { rows, by_skeleton }
    })
}

/// One row of `data/places_iso3166.tsv`; its systematic side (every
/// romanisation of the Russian and Ukrainian names) is computed the first
/// time a word matches its English name, not at start-up.
struct IsoRow {
    english: &'static str,
    ru: &'static str,
    uk: &'static str,
    note: &'static str,
    /// A country (ISO 3166-1) or a place of the exonym table, not a
    /// subdivision or a person: the rows [`place_name`] looks up.
    country: bool,
    full: OnceLock<(Conventional, HashSet<String>)>,
}

impl IsoRow {
    /// The row as a [`Conventional`] and the skeletons of its systematic
    /// spellings.
    fn full(&self) -> &(Conventional, HashSet<String>) {
        self.full.get_or_init(|| {
            let mut systematic: Vec<String> = Vec::new();
            for (cyrillic, lang) in [(self.ru, "ru"), (self.uk, "uk")] {
                if cyrillic.is_empty() {
                    continue;
                }
                for spelling in super::latin_variants(cyrillic, lang) {
                    if !systematic.contains(&spelling) {
                        systematic.push(spelling);
                    }
                }
            }
            let keys = systematic.iter().flat_map(|s| skeletons(s)).collect();
            let cyrillic = match (self.ru, self.uk) {
                (r, u) if r == u || u.is_empty() => r.to_string(),
                ("", u) => u.to_string(),
                (r, u) => format!("{r} / {u}"),
            };
            let row = Conventional {
                kind: "place",
                cyrillic,
                conventional: vec![self.english],
                systematic,
                note: self.note,
            };
            (row, keys)
        })
    }
}

struct IsoTable {
    rows: Vec<IsoRow>,
    /// Skeleton of the English name → rows.
    by_skeleton: HashMap<String, Vec<usize>>,
}

fn iso_table() -> &'static IsoTable {
    static TABLE: OnceLock<IsoTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rows = Vec::new();
        let mut by_skeleton: HashMap<String, Vec<usize>> = HashMap::new();
        let iso = data_lines(include_str!("data/places_iso3166.tsv"));
        let exonyms = data_lines(include_str!("data/exonyms.tsv"));
        for line in iso.chain(exonyms) {
            let fields: Vec<&'static str> = line.split('\t').collect();
            let [english, ru, uk, kind] = fields[..] else {
                continue;
            };
            if ru.is_empty() && uk.is_empty() {
                continue;
            }
            let note = match kind {
                "place" => "English name of the place",
                "person" => "English press spelling of the name",
                _ => "English name of the place, ISO 3166",
            };
            for key in skeletons(english) {
                by_skeleton.entry(key).or_default().push(rows.len());
            }
            let country = kind == "place"
                || (kind.len() == 2 && kind.bytes().all(|b| b.is_ascii_uppercase()));
            rows.push(IsoRow {
                english,
                ru,
                uk,
                note,
                country,
                full: OnceLock::new(),
            });
        }
        IsoTable { rows, by_skeleton }
    })
}

/// Files the skeletons of a row's spellings under its index.
fn index_row(
    by_skeleton: &mut HashMap<String, Vec<(usize, bool)>>,
    index: usize,
    row: &Conventional,
) {
    let conventional = row.conventional.iter().map(|s| (*s, true));
    let systematic = row.systematic.iter().map(|s| (s.as_str(), false));
    for (spelling, is_conventional) in conventional.chain(systematic) {
        for key in skeletons(spelling) {
            let slot = by_skeleton.entry(key).or_default();
            if !slot.contains(&(index, is_conventional)) {
                slot.push((index, is_conventional));
            }
        }
    }
}

/// Every row of the table.
pub fn all() -> &'static [Conventional] {
    &table().rows
}

fn cells(keys: &[String]) -> Vec<(usize, bool)> {
    let table = table();
    let mut found = Vec::new();
    for key in keys {
        for hit in table.by_skeleton.get(key).into_iter().flatten() {
            if !found.contains(hit) {
                found.push(*hit);
            }
        }
    }
    found
}

/// The rows of the table that list a spelling with these skeletons, on
/// either side: a blocking key for spellings the table pairs even when they
/// are letters apart (Kiev / Kyiv).
pub(crate) fn rows_of(keys: &[String]) -> Vec<usize> {
    let mut rows: Vec<usize> = cells(keys).into_iter().map(|(row, _)| row).collect();
    rows.sort_unstable();
    rows.dedup();
    rows
}

/// The row in which one spelling (by its skeletons) is a conventional form
/// and the other a systematic one, with `true` when `a` is the conventional
/// side.
///
/// ```
/// use tmkit::names::skeletons;
/// use tmkit::names::conventional::pair;
/// let (row, a_conventional) = pair(&skeletons("Stephen"), &skeletons("Stepan")).unwrap();
/// assert_eq!(row.cyrillic, "Степан");
/// assert!(a_conventional);
/// assert!(pair(&skeletons("Stephen"), &skeletons("Stepanov")).is_none());
/// ```
pub fn pair(a: &[String], b: &[String]) -> Option<(&'static Conventional, bool)> {
    let (ca, cb) = (cells(a), cells(b));
    for &(row, a_conv) in &ca {
        for &(row_b, b_conv) in &cb {
            if row == row_b && a_conv != b_conv {
                return Some((&table().rows[row], a_conv));
            }
        }
    }
    // English names of places (ISO 3166) against a romanisation of their
    // Russian or Ukrainian name.
    let iso = iso_table();
    for (english, other, a_conv) in [(a, b, true), (b, a, false)] {
        for key in english {
            for &row in iso.by_skeleton.get(key).into_iter().flatten() {
                let (conventional, systematic) = iso.rows[row].full();
                if other.iter().any(|k| systematic.contains(k)) && !other.iter().any(|k| k == key) {
                    return Some((conventional, a_conv));
                }
            }
        }
    }
    None
}

/// Case endings a Russian or Ukrainian place name takes after its stem
/// (the name without a final vowel, `ь` or `й`): `Ливи|и`, `Україн|ою`,
/// `Израил|ем`.
const PLACE_ENDINGS: &[&str] = &[
    "а", "я", "у", "ю", "е", "є", "и", "ы", "і", "ї", "ой", "ей", "ою", "ею", "єю", "ом", "ем",
    "ові", "еві", "єві",
];

/// Plural case endings, taken only by names in the plural (`Нидерланд|ов`,
/// `Філіппін|ах`): `Ливан|ов` is a surname, not Lebanon.
const PLURAL_PLACE_ENDINGS: &[&str] = &["ов", "ев", "ів", "ам", "ям", "ами", "ями", "ах", "ях"];

/// Letters of a stem below which an inflected form is not looked up: `Мал|ы`
/// is no Mali, `Лев` no Libya.
const PLACE_MIN_STEM: usize = 4;

/// Forms of country names by language: exact lower-case forms and stems,
/// each with its English name (`None` where two names share it) and
/// whether the name is plural.
struct Places {
    english: HashSet<&'static str>,
    ru: (HashMap<String, &'static str>, HashMap<String, Stem>),
    uk: (HashMap<String, &'static str>, HashMap<String, Stem>),
}

/// The English name a stem belongs to, if one only, and whether the
/// Cyrillic name is plural (`Нидерланды`, `Філіппіни`).
type Stem = (Option<&'static str>, bool);

fn places() -> &'static Places {
    static PLACES: OnceLock<Places> = OnceLock::new();
    PLACES.get_or_init(|| {
        let mut places = Places {
            english: HashSet::new(),
            ru: Default::default(),
            uk: Default::default(),
        };
        for row in iso_table().rows.iter().filter(|row| row.country) {
            places.english.insert(row.english);
            for (name, (forms, stems)) in [(row.ru, &mut places.ru), (row.uk, &mut places.uk)] {
                if name.is_empty() {
                    continue;
                }
                let lower = name.to_lowercase();
                let stem = lower
                    .strip_suffix(|c: char| "аяоеиыіїєьйуюэ".contains(c))
                    .unwrap_or(&lower);
                if stem.chars().count() >= PLACE_MIN_STEM {
                    let plural = lower.ends_with(['ы', 'и']);
                    let slot = stems
                        .entry(stem.to_string())
                        .or_insert((Some(row.english), plural));
                    if slot.0 != Some(row.english) {
                        slot.0 = None;
                    }
                }
                forms.entry(lower).or_insert(row.english);
            }
        }
        places
    })
}

/// The English name of the country (ISO 3166-1, and the places of the
/// exonym table: Russia, Britain, Munich) that a capitalised word names,
/// in English (`Libya`, `Libya's`) or in a case form of its Russian or
/// Ukrainian name (`Ливии`, `Лівією`); `lang` is the text's primary
/// language subtag. Other languages and subdivisions are not looked up.
///
/// ```
/// use tmkit::names::conventional::place_name;
/// assert_eq!(place_name("Ливии", "ru"), Some("Libya"));
/// assert_eq!(place_name("Лівією", "uk"), Some("Libya"));
/// assert_eq!(place_name("Libya's", "en"), Some("Libya"));
/// assert_eq!(place_name("Лев", "ru"), None);
/// ```
pub fn place_name(word: &str, lang: &str) -> Option<&'static str> {
    if !word.starts_with(char::is_uppercase) {
        return None;
    }
    let places = places();
    let (forms, stems) = match lang {
        "en" => {
            let bare = word.trim_end_matches("'s").trim_end_matches("’s");
            return places.english.get(bare).copied();
        }
        "ru" => &places.ru,
        "uk" => &places.uk,
        _ => return None,
    };
    let lower = word.to_lowercase();
    if let Some(english) = forms.get(&lower) {
        return Some(english);
    }
    let singular = PLACE_ENDINGS.iter().map(|e| (e, false));
    let plural = PLURAL_PLACE_ENDINGS.iter().map(|e| (e, true));
    singular.chain(plural).find_map(|(ending, plural_only)| {
        let stem = lower.strip_suffix(ending)?;
        match stems.get(stem) {
            Some(&(english, plural)) if plural || !plural_only => english,
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_parses_and_has_both_sides() {
        let rows = all();
        assert!(rows.len() >= 40, "{} rows", rows.len());
        for row in rows {
            assert!(
                !row.conventional.is_empty() && !row.systematic.is_empty(),
                "{row:?}"
            );
            assert!(row.kind == "first" || row.kind == "place", "{row:?}");
        }
    }

    #[test]
    fn place_names_by_language_and_case_form() {
        let cases = [
            ("Ливии", "ru", Some("Libya")),
            ("Ливию", "ru", Some("Libya")),
            ("Лівією", "uk", Some("Libya")),
            ("Китая", "ru", Some("China")),
            ("Израилем", "ru", Some("Israel")),
            ("Нідерландів", "uk", Some("Netherlands")),
            ("Німеччини", "uk", Some("Germany")),
            ("России", "ru", Some("Russia")),
            ("Germany", "en", Some("Germany")),
            ("Mali", "en", Some("Mali")),
            // Russian forms in a Ukrainian text and the reverse: `Мали`
            // is Ukrainian for "had".
            ("Мали", "uk", None),
            ("Лівії", "ru", None),
            // Stems under four letters, other words on a country's stem,
            // lower case, subdivisions, languages without forms.
            ("Лев", "ru", None),
            ("Малы", "ru", None),
            ("Кита", "ru", None),
            ("Чехи", "ru", None),
            ("Ливанов", "ru", None),
            ("ливии", "ru", None),
            ("Ohio", "en", None),
            ("Libyen", "de", None),
        ];
        for (word, lang, english) in cases {
            assert_eq!(place_name(word, lang), english, "{word} ({lang})");
        }
    }

    #[test]
    fn conventional_against_systematic_only() {
        let p = |a: &str, b: &str| pair(&skeletons(a), &skeletons(b)).is_some();
        assert!(p("Chernobyl", "Chornobyl"));
        assert!(p("Minsk", "Mensk"));
        assert!(p("Catherine", "Ekaterina"));
        assert!(p("Kiev", "Kyiv"));
        // Countries and subdivisions (ISO 3166): English name against a
        // romanisation of the Russian or Ukrainian one.
        assert!(p("Libya", "Liviya"));
        assert!(p("Ohio", "Ogaio"));
        assert!(p("Paraguay", "Paragvai"));
        assert!(p("Romania", "Rumyniya"));
        assert!(!p("Libya", "Lidiya"));
        // English exonyms of foreign cities (round 7).
        assert!(p("Nuremberg", "Nyurnberg"));
        assert!(p("Munich", "Miunkhen"));
        assert!(p("Copenhagen", "Kopengagen"));
        assert!(!p("Munich", "Minsk"));
        // More English exonyms and French and German ones (round 9).
        assert!(p("Tehran", "Tegeran"));
        assert!(p("Nice", "Nitstsa"));
        assert!(p("Bordeaux", "Bordo"));
        assert!(!p("Nice", "Nina"));
        assert!(p("Moscou", "Moskva"));
        assert!(p("Tchétchénie", "Chechnya"));
        assert!(p("Tschetschenien", "Chechnya"));
        assert!(p("Weißrussland", "Belorussiya"));
        assert!(p("Sébastopol", "Sevastopol"));
        assert!(p("Varsovie", "Varshava"));
        assert!(p("Genf", "Zheneva"));
        assert!(p("Lemberg", "Lviv"));
        assert!(!p("Polen", "Poltava"));
        assert!(!p("Prag", "Perm"));
        // Arabic names in English press spelling and Biblical names in
        // their English form (round 10).
        assert!(p("Morsi", "Mursi"));
        assert!(p("Omar", "Umar"));
        assert!(p("Moammar", "Muamar"));
        assert!(p("Osama", "Usama"));
        assert!(p("Abdul", "Abdel"));
        assert!(p("Ezekiel", "Iyezekiil"));
        assert!(p("Moses", "Moisey"));
        assert!(p("Gilead", "Galaad"));
        assert!(p("Arabia", "Araviya"));
        assert!(!p("Morsi", "Marsi"));
        assert!(!p("Omar", "Amur"));
        assert!(!p("Moses", "Moskva"));
        // English-press spellings of foreign people and cities against the
        // romanised Russian or Ukrainian form (round 11).
        assert!(p("Thessaloniki", "Saloniki"));
        assert!(p("Pyongyang", "Pkhenyan"));
        assert!(p("Deschamps", "Desham"));
        assert!(p("Mourinho", "Mourinyu"));
        assert!(p("Nietzsche", "Nitsshe"));
        assert!(p("Confucius", "Konfutsiy"));
        assert!(p("Chisinau", "Kishinev"));
        assert!(p("Normandy", "Normandiya"));
        assert!(p("Schaeuble", "Shoyble"));
        assert!(p("Cheney", "Cheyni"));
        assert!(p("Auschwitz", "Osventsim"));
        assert!(p("Burgundy", "Burgundiya"));
        assert!(p("Galilee", "Galileya"));
        assert!(!p("Deschamps", "Deshevo"));
        assert!(!p("Pyongyang", "Pkhenyanov"));
        // Countries ISO 3166 names in several words (round 13).
        assert!(p("Russia", "Rossiya"));
        assert!(p("Russia", "Rossiâ"));
        assert!(p("Europe", "Yevropa"));
        assert!(p("Turkey", "Turechchyna"));
        assert!(p("Britain", "Britaniya"));
        assert!(!p("Russia", "Rossosh"));
        assert!(!p("Europe", "Yevpatoriya"));
        // Two systematic spellings are not this table's business.
        assert!(!p("Stepan", "Stepan"));
        assert!(!p("Paul", "Peter"));
    }
}
