//! Full names (first name, optional patronymic, surname) compared word by
//! word: aligned in either order, initials, a missing patronymic.

use super::{
    CompareOptions, NameMatch, Script, VariantKind, clean, compare_words_hinted, conventional,
    counterparts, fold, latin_variants, prepared, primary_skeleton, script, skeletons,
};

/// True when two words are forms of one row of the conventional table
/// (`data/conventional.tsv`: Stephen / Stepan), a Cyrillic word through its
/// romanisations; false for an English spelling beside a transcription.
fn conventional_forms(x: &str, y: &str) -> bool {
    let latin = |w: &str| -> Vec<Vec<String>> {
        match script(w) {
            Script::Latin => vec![skeletons(w)],
            Script::Cyrillic => ["ru", "uk"]
                .iter()
                .flat_map(|lang| latin_variants(w, lang))
                .map(|v| skeletons(&v))
                .collect(),
            _ => Vec::new(),
        }
    };
    let (xs, ys) = (latin(x), latin(y));
    xs.iter()
        .any(|kx| ys.iter().any(|ky| conventional::pair(kx, ky).is_some()))
}

/// True for a token that is an initial ("M." or "M").
fn is_initial(token: &str) -> bool {
    let letters: Vec<char> = token.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() == 1 && letters[0].is_uppercase()
}

fn initial_matches(initial: &str, word: &str) -> bool {
    let Some(letter) = initial.chars().find(|c| c.is_alphabetic()) else {
        return false;
    };
    let (fi, fw) = (fold(&letter.to_string()), fold(word));
    if fw.starts_with(&fi) {
        return true;
    }
    let (ki, kw) = (primary_skeleton(&letter.to_string()), skeletons(word));
    !ki.is_empty() && kw.iter().any(|k| k.starts_with(&ki))
}

/// Decides whether two full names (first name, optional patronymic, surname,
/// as words) name the same person. Every aligned word pair must match; the
/// order "Surname First" is tried too, an initial ("M.") matches any word
/// starting with its letter, and a patronymic missing on one side is skipped.
/// A cross-language first name (Mikhail / Mykhaylo) counts only together with
/// a matching surname. The kind is the most serious of the words' kinds.
///
/// ```
/// use tmkit::names::{compare_names, VariantKind};
/// let m = compare_names(&["Mikhail", "Kukhtin"], &["Mykhaylo", "Khuktin"]).unwrap();
/// assert_eq!(m.kind, VariantKind::Typo);
/// assert!(m.explanation.contains("Ukrainian"));
/// assert!(compare_names(&["Vitali", "Klitschko"], &["Wladimir", "Klitschko"]).is_none());
/// assert!(compare_names(&["Mikhail", "Kukhtin"], &["Mykhaylo", "Litvinov"]).is_none());
/// ```
pub fn compare_names(a: &[&str], b: &[&str]) -> Option<NameMatch> {
    compare_names_with(a, b, &CompareOptions::default())
}

/// [`compare_names`] with explicit options.
pub fn compare_names_with(a: &[&str], b: &[&str], options: &CompareOptions) -> Option<NameMatch> {
    let a: Vec<&str> = a
        .iter()
        .map(|w| clean(w))
        .filter(|w| !w.is_empty())
        .collect();
    let b: Vec<&str> = b
        .iter()
        .map(|w| clean(w))
        .filter(|w| !w.is_empty())
        .collect();
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let mut alignments: Vec<Vec<(&str, &str)>> = Vec::new();
    match (a.len(), b.len()) {
        (n, m) if n == m => {
            alignments.push(a.iter().copied().zip(b.iter().copied()).collect());
            if n == 2 {
                alignments.push(vec![(a[0], b[1]), (a[1], b[0])]);
            }
        }
        (3, 2) => alignments.push(vec![(a[0], b[0]), (a[2], b[1])]),
        (2, 3) => alignments.push(vec![(a[0], b[0]), (a[1], b[2])]),
        _ => return None,
    }
    // A given name that belongs to one source language (Barbora, Iga,
    // Bülent) lets every word of the name take that language's letter
    // values: Krejcikova / Kreychikova, Swiatek / Sventek. Only listed given
    // names do, none of which a Russian or Ukrainian name is spelt as, so a
    // Slavic surname beside a Russian given name keeps its readings.
    // Through the prepared-word cache: the checks compare each name with
    // many others.
    let hint = a
        .iter()
        .chain(&b)
        .fold(0, |set, word| set | prepared(word).english.given());
    let mut best: Option<NameMatch> = None;
    'alignment: for pairs in alignments {
        let mut parts = Vec::new();
        for (x, y) in &pairs {
            let matched = if is_initial(x) || is_initial(y) {
                let (initial, word) = if is_initial(x) { (x, y) } else { (y, x) };
                if initial_matches(initial, word) {
                    NameMatch::new(
                        VariantKind::Identical,
                        0,
                        format!("{initial} is the initial of {word}"),
                    )
                } else {
                    continue 'alignment;
                }
            } else {
                match compare_words_hinted(x, y, options, hint) {
                    Some(m) => m,
                    None => continue 'alignment,
                }
            };
            parts.push((*x, *y, matched));
        }
        // Cross-language forms are accepted only with an identical or
        // transliterated surname-like word beside them; the full alignment
        // requiring every word to match already ensures a matching surname,
        // but a name made only of cross-language first names is not enough.
        // Since round 16 an English spelling beside a romanisation of its
        // transcription (Walton / Uolton, Ecevit / Edzhevit) is read letter
        // by letter and counts like a transliterated surname: only forms of
        // the conventional table (Stephen / Stepan) are first names here, so
        // George Walton / Dzhordzh Uolton is one person.
        if parts.iter().all(|(x, y, m)| {
            (m.kind == VariantKind::CrossLanguage
                || (m.kind == VariantKind::Conventional && conventional_forms(x, y)))
                // Place names and surnames in their ru/uk forms (Velyka
                // Bahachka / Velikaya Bagachka) are not first names.
                && !(m.kind == VariantKind::CrossLanguage
                    && counterparts::cells(x).is_empty()
                    && counterparts::cells(y).is_empty())
        }) && parts.len() > 1
        {
            continue;
        }
        let kind = parts
            .iter()
            .map(|(_, _, m)| m.kind)
            .max()
            .unwrap_or(VariantKind::Identical);
        let distance = parts.iter().map(|(_, _, m)| m.distance).sum();
        let explanation = parts
            .iter()
            .filter(|(_, _, m)| m.kind != VariantKind::Identical)
            .map(|(x, y, m)| format!("{x} / {y}: {}", m.explanation))
            .collect::<Vec<_>>()
            .join("; ");
        let candidate = NameMatch::new(
            kind,
            distance,
            if explanation.is_empty() {
                "identical".to_string()
            } else {
                explanation
            },
        );
        if best
            .as_ref()
            .is_none_or(|b| (candidate.kind, candidate.distance) < (b.kind, b.distance))
        {
            best = Some(candidate);
        }
    }
    best
}

#[cfg(test)]
#[path = "given_name_tests.rs"]
mod tests;
