//! Properties every scheme keeps, on generated input.

use proptest::prelude::*;
use tmkit::translit::{Scheme, detect_cyrillic_language};

/// Text with no Cyrillic letter at all (any other Unicode).
fn non_cyrillic() -> impl Strategy<Value = String> {
    any::<String>().prop_map(|s| {
        s.chars()
            .filter(|c| !('\u{400}'..'\u{530}').contains(c))
            .collect()
    })
}

/// Cyrillic letters of the Slavic alphabets (U+0400–U+045F) mixed with ASCII.
fn slavic_and_ascii() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => (0x400u32..0x460).prop_map(|c| char::from_u32(c).unwrap()),
            1 => (0x20u32..0x7f).prop_map(|c| char::from_u32(c).unwrap()),
        ],
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn lowercase_word(alphabet: &'static str) -> impl Strategy<Value = String> {
    let letters: Vec<char> = alphabet.chars().collect();
    prop::collection::vec(prop::sample::select(letters), 2..12)
        .prop_map(|chars| chars.into_iter().collect())
}

const RUSSIAN: &str = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя";
const UKRAINIAN: &str = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя";

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_any_unicode(text in any::<String>()) {
        for scheme in Scheme::all() {
            let _ = scheme.transliterate(&text);
        }
        let _ = detect_cyrillic_language(&text);
    }

    #[test]
    fn text_without_cyrillic_passes_through(text in non_cyrillic()) {
        for scheme in Scheme::all() {
            prop_assert_eq!(&scheme.transliterate(&text), &text, "{}", scheme.id());
        }
    }

    #[test]
    fn latin_next_to_cyrillic_is_untouched(cyrillic in lowercase_word(RUSSIAN), latin in "[A-Za-z0-9 .,;:!?()-]{0,30}") {
        let text = format!("{cyrillic} {latin}");
        for scheme in Scheme::all() {
            let out = scheme.transliterate(&text);
            prop_assert!(out.ends_with(&format!(" {latin}")), "{}: {}", scheme.id(), out);
        }
    }

    #[test]
    fn ascii_schemes_write_ascii(text in slavic_and_ascii()) {
        for scheme in Scheme::all().iter().filter(|s| s.is_ascii()) {
            let out = scheme.transliterate(&text);
            prop_assert!(out.is_ascii(), "{}: {} → {}", scheme.id(), text, out);
        }
    }

    #[test]
    fn all_caps_words_give_all_caps_output(word in lowercase_word(RUSSIAN), uk in lowercase_word(UKRAINIAN)) {
        for (scheme, word) in Scheme::for_language("ru").into_iter().map(|s| (s, &word))
            .chain(Scheme::for_language("uk").into_iter().map(|s| (s, &uk)))
        {
            let lower = scheme.transliterate(word);
            let upper = scheme.transliterate(&word.to_uppercase());
            prop_assert_eq!(upper, lower.to_uppercase(), "{}: {}", scheme.id(), word);
        }
    }

    #[test]
    fn capitalised_words_capitalise_the_first_letter(word in lowercase_word("абвгдежзиклмнопрстуфхцчшщэюя")) {
        let title: String = word.chars().take(1).flat_map(char::to_uppercase).chain(word.chars().skip(1)).collect();
        for scheme in Scheme::for_language("ru") {
            let lower = scheme.transliterate(&word);
            let got = scheme.transliterate(&title);
            let mut chars = got.chars();
            let first = chars.next().unwrap();
            prop_assert!(first.is_uppercase(), "{}: {} → {}", scheme.id(), title, got);
            prop_assert_eq!(got.to_lowercase(), lower.to_lowercase(), "{}", scheme.id());
        }
    }
}
