//! A blocking index over many names (a glossary, or every name-like word of a
//! document), so that a word is compared only with the few names that could
//! be its variants instead of with all of them.
//!
//! Each indexed name is keyed by every skeleton with up to two symbols deleted
//! (a deletion neighbourhood, as in SymSpell): two skeletons within the
//! distance thresholds of [`distance`](super::distance) — including a swap
//! across a symbol, which two deletions on each side bring together — share a
//! key. Names of one counterpart-table row (Mikhail / Mykhailo) share a key
//! too. Candidates are then confirmed with
//! [`compare_prepared`](super::compare_prepared), so the index never changes
//! a verdict, it only skips hopeless comparisons.

use super::{CompareOptions, NameMatch, PreparedName, Script, compare_prepared_with, fold};
use std::collections::HashMap;

/// Names added with an id, looked up by variant.
///
/// ```
/// use tmkit::names::{VariantIndex, VariantKind};
/// let mut index = VariantIndex::new();
/// index.add("Kukhtin", 1);
/// index.add("Litvinov", 2);
/// index.add("Mikhail", 3);
/// let hits = index.find("Khuktin");
/// assert_eq!(hits.len(), 1);
/// assert_eq!((*hits[0].0, hits[0].1.kind), (1, VariantKind::Typo));
/// assert_eq!(index.find("Mykhaylo")[0].1.kind, VariantKind::CrossLanguage);
/// assert!(index.find("Litvinova").is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct VariantIndex<T> {
    names: Vec<(PreparedName, T)>,
    by_key: HashMap<String, Vec<usize>>,
    options: CompareOptions,
}

/// Skeletons longer than this get two-symbol deletions only up to this many
/// symbols deep into the key set (keeps very long words cheap).
const MAX_DOUBLE_DELETION_LEN: usize = 16;

fn deletion_keys(key: &str, out: &mut Vec<String>) {
    let symbols: Vec<char> = key.chars().collect();
    let push = |out: &mut Vec<String>, text: String| {
        if !out.contains(&text) {
            out.push(text);
        }
    };
    push(out, key.to_string());
    for i in 0..symbols.len() {
        let one: Vec<char> = symbols
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != i)
            .map(|(_, c)| *c)
            .collect();
        push(out, one.iter().collect());
        if symbols.len() <= MAX_DOUBLE_DELETION_LEN {
            for j in i + 1..symbols.len() {
                let two: String = symbols
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k != i && *k != j)
                    .map(|(_, c)| *c)
                    .collect();
                push(out, two);
            }
        }
    }
}

/// The blocking keys of a prepared word.
fn keys_of(name: &PreparedName) -> Vec<String> {
    let mut keys = Vec::new();
    match name.script() {
        Script::Latin => {
            for skeleton in name.skeletons() {
                deletion_keys(skeleton, &mut keys);
            }
            deletion_keys(&fold(name.text()), &mut keys);
        }
        Script::Cyrillic => {
            // Case forms share the beginning of the stem (Кухтин, Кухтиными);
            // romanisations meet Latin names through their skeletons.
            let folded = fold(name.text());
            keys.push(format!(
                "\u{1}{}",
                folded.chars().take(3).collect::<String>()
            ));
            let languages: Vec<&str> = match crate::translit::detect_cyrillic_language(name.text())
            {
                Some(lang) => vec![lang],
                None => vec!["ru", "uk"],
            };
            for lang in languages {
                for romanised in super::latin_variants(name.text(), lang) {
                    for skeleton in super::skeletons(&romanised) {
                        deletion_keys(&skeleton, &mut keys);
                    }
                }
            }
        }
        Script::Other => keys.push(format!("\u{1}{}", fold(name.text()))),
    }
    for row in name.counterpart_rows() {
        keys.push(format!("\u{0}{row}"));
    }
    keys
}

impl<T> VariantIndex<T> {
    /// An empty index with the default comparison options.
    pub fn new() -> Self {
        VariantIndex {
            names: Vec::new(),
            by_key: HashMap::new(),
            options: CompareOptions::default(),
        }
    }

    /// An empty index whose lookups use `options`.
    pub fn with_options(options: CompareOptions) -> Self {
        VariantIndex {
            options,
            ..VariantIndex::new()
        }
    }

    /// Adds a name (one word) under `id`.
    pub fn add(&mut self, word: &str, id: T) {
        let prepared = PreparedName::new(word);
        let position = self.names.len();
        for key in keys_of(&prepared) {
            let slot = self.by_key.entry(key).or_default();
            if slot.last() != Some(&position) {
                slot.push(position);
            }
        }
        self.names.push((prepared, id));
    }

    /// Number of names added.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when no name was added.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Every indexed name `word` is a variant of (or identical to), with the
    /// verdict, in the order the names were added.
    pub fn find(&self, word: &str) -> Vec<(&T, NameMatch)> {
        self.find_prepared(&PreparedName::new(word))
    }

    /// [`VariantIndex::find`] for an already prepared word.
    pub fn find_prepared(&self, word: &PreparedName) -> Vec<(&T, NameMatch)> {
        let mut positions: Vec<usize> = Vec::new();
        for key in keys_of(word) {
            if let Some(hits) = self.by_key.get(&key) {
                positions.extend(hits);
            }
        }
        positions.sort_unstable();
        positions.dedup();
        positions
            .into_iter()
            .filter_map(|position| {
                let (name, id) = &self.names[position];
                compare_prepared_with(name, word, &self.options).map(|m| (id, m))
            })
            .collect()
    }

    /// Number of candidates [`VariantIndex::find`] would compare (for tests
    /// and benchmarks of the blocking).
    pub fn candidate_count(&self, word: &str) -> usize {
        let mut positions: Vec<usize> = Vec::new();
        for key in keys_of(&PreparedName::new(word)) {
            if let Some(hits) = self.by_key.get(&key) {
                positions.extend(hits);
            }
        }
        positions.sort_unstable();
        positions.dedup();
        positions.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::{compare_words, eval::parse_pairs};

    /// The index must find every pair `compare_words` accepts: blocking only
    /// skips comparisons, it never changes a verdict.
    #[test]
    fn index_finds_what_compare_words_finds() {
        let pairs =
            parse_pairs(include_str!("../../tests/data/name_pairs.tsv")).expect("pairs parse");
        for pair in pairs
            .iter()
            .filter(|p| !p.a.contains(' ') && !p.b.contains(' '))
        {
            let mut index = VariantIndex::new();
            index.add(&pair.a, ());
            let expected = compare_words(&pair.a, &pair.b).is_some();
            let found = !index.find(&pair.b).is_empty();
            assert_eq!(found, expected, "{} / {}", pair.a, pair.b);
        }
    }

    #[test]
    fn blocking_keeps_candidates_few() {
        let mut index = VariantIndex::new();
        for (i, name) in include_str!("data/lexicon_surnames.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .enumerate()
        {
            index.add(name, i);
        }
        assert!(index.len() > 400);
        assert!(
            index.candidate_count("Kukhtin") < 20,
            "{}",
            index.candidate_count("Kukhtin")
        );
        assert!(
            index
                .find("Khuktin")
                .iter()
                .any(|(_, m)| m.kind == crate::names::VariantKind::Typo)
        );
    }

    #[test]
    fn cyrillic_names_and_their_forms_and_romanisations() {
        let mut index = VariantIndex::new();
        index.add("Горбачёв", 7);
        index.add("Кухтин", 8);
        assert_eq!(index.find("Горбачев").len(), 1);
        assert_eq!(
            index.find("Кухтиным")[0].1.kind,
            crate::names::VariantKind::Inflection
        );
        assert_eq!(index.find("Kukhtin")[0].0, &8);
        assert_eq!(
            index.find("Khuktin")[0].1.kind,
            crate::names::VariantKind::Typo
        );
        let mut latin = VariantIndex::new();
        latin.add("Gorbachev", 1);
        assert_eq!(latin.find("Горбачёв").len(), 1);
    }
}
