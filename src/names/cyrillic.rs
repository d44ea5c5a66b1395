//! Two Cyrillic words compared (ё folded, case forms: Кухтина / Кухтин,
//! probable misspellings), and a Latin word against a Cyrillic one through
//! every romanisation scheme of the Cyrillic word's language.

use super::{
    CompareOptions, NameMatch, Script, VariantKind, compare_words_hinted, describe_edit, distance,
    fold, inflect, is_cyrillic, script,
};

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

/// A Latin spelling against a Cyrillic one: transliterate the Cyrillic word
/// with every scheme of its language and compare the Latin spellings.
pub(super) fn compare_across_scripts(
    a: &str,
    b: &str,
    options: &CompareOptions,
    hint: u32,
) -> Option<NameMatch> {
    let (latin, cyrillic) = match (script(a), script(b)) {
        (Script::Latin, Script::Cyrillic) => (a, b),
        (Script::Cyrillic, Script::Latin) => (b, a),
        _ => return None,
    };
    let mut best: Option<NameMatch> = None;
    let detected = crate::translit::detect_cyrillic_language(cyrillic);
    let languages: Vec<&str> = match detected {
        Some(lang) => vec![lang],
        None => vec!["ru", "uk"],
    };
    for lang in languages {
        for romanised in latin_variants(cyrillic, lang) {
            // A letter no scheme maps stays Cyrillic; comparing such a
            // spelling would come back here.
            if script(&romanised) != Script::Latin || romanised.chars().any(is_cyrillic) {
                continue;
            }
            if let Some(found) = compare_words_hinted(latin, &romanised, options, hint) {
                let rank = |m: &NameMatch| {
                    (
                        m.kind != VariantKind::Identical && m.kind != VariantKind::Transliteration,
                        m.distance,
                    )
                };
                if best.as_ref().is_none_or(|b| rank(&found) < rank(b)) {
                    best = Some(found);
                }
            }
        }
    }
    best.map(|m| {
        let kind = match m.kind {
            VariantKind::Identical => VariantKind::Transliteration,
            other => other,
        };
        NameMatch::new(
            kind,
            m.distance,
            format!("{latin} romanises {cyrillic}: {}", m.explanation),
        )
    })
}

/// Every distinct romanisation of a Cyrillic name under the schemes of
/// `lang` (`ru`, `uk`, `be`, `bg`, `sr`, `mk`), for glossary entries given
/// in Cyrillic, in the order of the translit module's schemes. Unknown
/// languages give an empty list.
///
/// ```
/// let variants = tmkit::names::latin_variants("Михайло", "uk");
/// assert!(variants.iter().any(|v| v == "Mykhailo"));
/// assert!(variants.iter().any(|v| v == "Mykhaylo"));
/// assert!(tmkit::names::latin_variants("Михайло", "xx").is_empty());
/// ```
pub fn latin_variants(cyrillic: &str, lang: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, text) in crate::translit::transliterate_all(cyrillic, lang) {
        if !text.trim().is_empty() && !out.contains(&text) {
            out.push(text);
        }
    }
    out
}
