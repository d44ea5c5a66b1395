//! The ru ↔ uk ↔ be counterpart table (`data/counterparts.tsv`): the same
//! first name or place in its Russian, Ukrainian and Belarusian form
//! (Михаил / Михайло / Міхаіл, Киев / Київ / Кіеў), with common romanisations.

use super::fold::data_lines;
use super::skeleton::skeletons;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The languages of the table's columns, in order.
pub const LANGUAGES: [&str; 3] = ["ru", "uk", "be"];

/// What a counterpart row names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CounterpartKind {
    /// A personal first name.
    FirstName,
    /// A place name.
    Place,
}

/// One row: the same name in each language, Cyrillic and romanised.
#[derive(Clone, Debug)]
pub struct Counterpart {
    /// First name or place.
    pub kind: CounterpartKind,
    /// `Some('m')`/`Some('f')` for first names.
    pub gender: Option<char>,
    /// Cyrillic form per language of [`LANGUAGES`] (`None`: no distinct form).
    pub cyrillic: [Option<String>; 3],
    /// Common romanisations per language of [`LANGUAGES`] (may be empty).
    pub latin: [Vec<String>; 3],
}

struct Table {
    rows: Vec<Counterpart>,
    /// Skeleton → (row, language column) pairs whose Latin spellings have it.
    by_skeleton: HashMap<String, Vec<(usize, usize)>>,
    /// Folded Cyrillic form → (row, column).
    by_cyrillic: HashMap<String, Vec<(usize, usize)>>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rows = Vec::new();
        for line in data_lines(include_str!("data/counterparts.tsv")) {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() != 8 {
                continue;
            }
            let kind = if fields[0] == "place" {
                CounterpartKind::Place
            } else {
                CounterpartKind::FirstName
            };
            let cell = |text: &str| (text != "-").then(|| text.to_string());
            let spellings = |text: &str| -> Vec<String> {
                if text == "-" {
                    Vec::new()
                } else {
                    text.split(',').map(|s| s.trim().to_string()).collect()
                }
            };
            rows.push(Counterpart {
                kind,
                gender: fields[1].chars().next().filter(|c| *c == 'm' || *c == 'f'),
                cyrillic: [cell(fields[2]), cell(fields[3]), cell(fields[4])],
                latin: [
                    spellings(fields[5]),
                    spellings(fields[6]),
                    spellings(fields[7]),
                ],
            });
        }
        let mut by_skeleton: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut by_cyrillic: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (r, row) in rows.iter().enumerate() {
            for column in 0..3 {
                for spelling in &row.latin[column] {
                    for key in skeletons(spelling) {
                        let slot = by_skeleton.entry(key).or_default();
                        if !slot.contains(&(r, column)) {
                            slot.push((r, column));
                        }
                    }
                }
                if let Some(cyrillic) = &row.cyrillic[column] {
                    let slot = by_cyrillic.entry(super::fold(cyrillic)).or_default();
                    if !slot.contains(&(r, column)) {
                        slot.push((r, column));
                    }
                }
            }
        }
        Table {
            rows,
            by_skeleton,
            by_cyrillic,
        }
    })
}

/// Every row of the table.
pub fn all() -> &'static [Counterpart] {
    &table().rows
}

/// Every romanised first name in the table (lexicon entries for the guards).
pub fn latin_first_names() -> impl Iterator<Item = &'static str> {
    table()
        .rows
        .iter()
        .filter(|row| row.kind == CounterpartKind::FirstName)
        .flat_map(|row| row.latin.iter().flatten().map(String::as_str))
}

/// (row, column) cells a Latin or Cyrillic spelling belongs to.
pub(crate) fn cells(word: &str) -> Vec<(usize, usize)> {
    let table = table();
    let mut found = Vec::new();
    if let Some(hits) = table.by_cyrillic.get(&super::fold(word)) {
        found.extend(hits.iter().copied());
    }
    for key in skeletons(word) {
        if let Some(hits) = table.by_skeleton.get(&key) {
            for hit in hits {
                if !found.contains(hit) {
                    found.push(*hit);
                }
            }
        }
    }
    found
}

/// When `a` and `b` are the same name in two different languages' forms,
/// the row and the two languages (`("ru", "uk")` for Mikhail / Mykhaylo).
/// Spellings that share a column (both Russian forms) give `None`: they are
/// transliteration variants, not counterparts.
///
/// ```
/// use tmkit::names::counterparts::cross_language;
/// let (row, la, lb) = cross_language("Mikhail", "Mykhaylo").unwrap();
/// assert_eq!((la, lb), ("ru", "uk"));
/// assert_eq!(row.cyrillic[1].as_deref(), Some("Михайло"));
/// assert!(cross_language("Mikhail", "Mikhail").is_none());
/// assert!(cross_language("Mikhail", "Oleksandr").is_none());
/// ```
pub fn cross_language(
    a: &str,
    b: &str,
) -> Option<(&'static Counterpart, &'static str, &'static str)> {
    cross_language_cells(&cells(a), &cells(b))
}

/// [`cross_language`] on precomputed cells.
pub(crate) fn cross_language_cells(
    cells_a: &[(usize, usize)],
    cells_b: &[(usize, usize)],
) -> Option<(&'static Counterpart, &'static str, &'static str)> {
    let table = table();
    for &(row_a, column_a) in cells_a {
        // The same row and a column both words belong to: plain spelling variants.
        if cells_b.contains(&(row_a, column_a)) {
            return None;
        }
    }
    for &(row_a, column_a) in cells_a {
        for &(row_b, column_b) in cells_b {
            if row_a == row_b && column_a != column_b {
                return Some((&table.rows[row_a], LANGUAGES[column_a], LANGUAGES[column_b]));
            }
        }
    }
    None
}

/// When `a` and `b` are both listed spellings of the same name in the same
/// language (Alexander / Aleksandr, Kiev / Kiyev): the row and the language.
/// Conventional English spellings that no standard produces live here.
///
/// ```
/// use tmkit::names::counterparts::same_language_spellings;
/// assert!(same_language_spellings("Alexander", "Aleksandr").is_some());
/// assert!(same_language_spellings("Aleksandr", "Oleksandr").is_none());
/// ```
pub fn same_language_spellings(a: &str, b: &str) -> Option<(&'static Counterpart, &'static str)> {
    same_language_cells(&cells(a), &cells(b))
}

/// [`same_language_spellings`] on precomputed cells.
pub(crate) fn same_language_cells(
    cells_a: &[(usize, usize)],
    cells_b: &[(usize, usize)],
) -> Option<(&'static Counterpart, &'static str)> {
    let table = table();
    cells_a
        .iter()
        .find(|cell| cells_b.contains(cell))
        .map(|&(row, column)| (&table.rows[row], LANGUAGES[column]))
}

/// Pairs of surname endings (`data/surname_endings.tsv`).
fn surname_endings() -> &'static [(&'static str, &'static str, &'static str, &'static str)] {
    static ENDINGS: OnceLock<Vec<(&str, &str, &str, &str)>> = OnceLock::new();
    ENDINGS.get_or_init(|| {
        data_lines(include_str!("data/surname_endings.tsv"))
            .filter_map(|line| {
                let fields: Vec<&str> = line.split('\t').collect();
                match fields[..] {
                    [la, ea, lb, eb] if la != lb || ea != eb => Some((la, ea, lb, eb)),
                    _ => None,
                }
            })
            .collect()
    })
}

/// When two skeletons are the same surname with the endings of two languages
/// (`zelenskaIa` / `zelenska`: Russian and Ukrainian feminine), the two
/// languages.
///
/// ```
/// use tmkit::names::{counterparts::surname_languages, primary_skeleton};
/// let langs = surname_languages(&primary_skeleton("Zelenskaya"), &primary_skeleton("Zelenska"));
/// assert_eq!(langs, Some(("ru", "uk")));
/// assert_eq!(surname_languages("lukaSenko", "lukaSenka"), Some(("ru", "be")));
/// assert_eq!(surname_languages("kotov", "kItov"), None);
/// ```
pub fn surname_languages(a: &str, b: &str) -> Option<(&'static str, &'static str)> {
    let same_stem = |x: &str, ex: &str, y: &str, ey: &str| {
        matches!((x.strip_suffix(ex), y.strip_suffix(ey)),
            (Some(sx), Some(sy)) if sx == sy && sx.chars().count() >= 3)
    };
    for &(la, ea, lb, eb) in surname_endings() {
        if same_stem(a, ea, b, eb) {
            return Some((la, lb));
        }
        if same_stem(a, eb, b, ea) {
            return Some((lb, la));
        }
    }
    None
}

/// The counterparts of a Cyrillic name in the other languages
/// (Михаил → Михайло, Міхаіл), for source-side matching.
pub fn cyrillic_counterparts(cyrillic: &str) -> Vec<(&'static str, &'static str)> {
    let table = table();
    let mut out = Vec::new();
    if let Some(hits) = table.by_cyrillic.get(&super::fold(cyrillic)) {
        for &(row, _) in hits {
            for (column, form) in table.rows[row].cyrillic.iter().enumerate() {
                if let Some(form) = form
                    && super::fold(form) != super::fold(cyrillic)
                    && !out.iter().any(|(_, f)| *f == form.as_str())
                {
                    out.push((LANGUAGES[column], form.as_str()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_loads() {
        assert!(all().len() > 100, "{} rows", all().len());
        for row in all() {
            assert!(row.cyrillic[0].is_some(), "{row:?}");
        }
    }

    #[test]
    fn cross_language_pairs() {
        for (a, b) in [
            ("Mikhail", "Mykhailo"),
            ("Aleksandr", "Oleksandr"),
            ("Aleksandr", "Aliaksandr"),
            ("Yelena", "Olena"),
            ("Kiev", "Kyiv"),
            ("Sergei", "Serhiy"),
            ("Михаил", "Михайло"),
        ] {
            assert!(cross_language(a, b).is_some(), "{a} / {b}");
        }
        assert!(cross_language("Mikhail", "Mixail").is_none());
    }

    #[test]
    fn cyrillic_lookup() {
        let forms = cyrillic_counterparts("Михаил");
        assert!(forms.contains(&("uk", "Михайло")));
        assert!(forms.contains(&("be", "Міхаіл")));
    }
}
