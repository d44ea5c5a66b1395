//! The canonical case: on the correspondent report, the names API connects
//! exactly Mikhail / Mykhaylo and Kukhtin / Khuktin (and the full names), and
//! no other pair of capitalised words.

use std::path::Path;
use tmkit::names::{VariantIndex, VariantKind, compare_names};

#[test]
fn report_variants_are_exactly_the_kukhtin_ones() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/examples/correspondent-report-en.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "skipped: {} not found (shared data is outside the repository)",
            path.display()
        );
        return;
    };
    let mut words: Vec<String> = Vec::new();
    for token in text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’') {
        let token = token.trim_matches(['\'', '’']);
        if token.chars().next().is_some_and(char::is_uppercase) && !words.iter().any(|w| w == token)
        {
            words.push(token.to_string());
        }
    }
    let mut index = VariantIndex::new();
    for (i, word) in words.iter().enumerate() {
        index.add(word, i);
    }
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        for (j, verdict) in index.find(word) {
            if *j > i && verdict.kind != VariantKind::Identical {
                found.push((words[*j].clone(), word.clone(), verdict.kind));
            }
        }
    }
    found.sort();
    let expected = vec![
        (
            "Khuktin".to_string(),
            "Kukhtin".to_string(),
            VariantKind::Typo,
        ),
        (
            "Mykhaylo".to_string(),
            "Mikhail".to_string(),
            VariantKind::CrossLanguage,
        ),
    ];
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    assert_eq!(found, expected_sorted);
    let full =
        compare_names(&["Mikhail", "Kukhtin"], &["Mykhaylo", "Khuktin"]).expect("same person");
    assert_eq!(full.kind, VariantKind::Typo);
    assert!(compare_names(&["Boris", "Litvinov"], &["Mykhaylo", "Khuktin"]).is_none());
}
