//! Two Cyrillic words compared: ё folded, case forms (Кухтина / Кухтин),
//! probable misspellings.

use super::{NameMatch, VariantKind, describe_edit, distance, fold, inflect};

/// Two Cyrillic words: the same after folding ё, or one a case form of the
/// other (Кухтина / Кухтин), or a probable misspelling.
pub(super) fn compare_cyrillic(a: &str, b: &str, fa: &str, fb: &str) -> Option<NameMatch> {
    if fa == fb {
        return Some(NameMatch::new(
            VariantKind::Transliteration,
            0,
            "the same name with ё written as е (or marks written differently)",
        ));
    }
    // Ukrainian letters decide the language; otherwise try Russian, then
    // Ukrainian rules (Михайло / Михайлом has no letter only Ukrainian has).
    let ukrainian = a.chars().chain(b.chars()).any(|c| "іїєґІЇЄҐ".contains(c));
    let languages: &[&str] = if ukrainian { &["uk"] } else { &["ru", "uk"] };
    for lang in languages {
        for (word, other, folded_other) in [(b, a, fa), (a, b, fb)] {
            for (lemma, form) in inflect::analyze(word, lang) {
                if fold(&lemma) == folded_other {
                    return Some(NameMatch::new(
                        VariantKind::Inflection,
                        0,
                        format!("{word} is the {} of {other}", form.describe()),
                    ));
                }
            }
        }
    }
    let lang = languages[0];
    let d = distance::distance(fa, fb);
    let limit = distance::threshold(fa.chars().count().min(fb.chars().count()));
    if d == 0 || d > limit {
        return None;
    }
    let same_stem_by_inflection = inflect::analyze(a, lang).iter().any(|(la, _)| {
        inflect::analyze(b, lang)
            .iter()
            .any(|(lb, _)| fold(la) == fold(lb))
    });
    if same_stem_by_inflection {
        return Some(NameMatch::new(
            VariantKind::Inflection,
            0,
            "two case forms of the same name",
        ));
    }
    let lemmas_a: Vec<String> = inflect::analyze(a, lang)
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    let lemmas_b: Vec<String> = inflect::analyze(b, lang)
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    let gender_or_derived = lemmas_a.iter().chain([&fa.to_string()]).any(|x| {
        lemmas_b.iter().chain([&fb.to_string()]).any(|y| {
            let (x, y) = (fold(x), fold(y));
            x.len() != y.len() && (x.starts_with(&y) || y.starts_with(&x))
        })
    });
    if gender_or_derived {
        return None;
    }
    Some(NameMatch::new(
        VariantKind::Typo,
        d,
        format!(
            "probable misspelling: {} ({d} edit{})",
            describe_edit(fa, fb, d),
            if d == 1 { "" } else { "s" }
        ),
    ))
}
