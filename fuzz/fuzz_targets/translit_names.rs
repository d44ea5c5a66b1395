//! Transliteration (every scheme of the detected language) and name
//! comparison on arbitrary text. Input: text; a TAB splits it into the two
//! names compared word by word.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tmkit::names::{compare_names, compare_words};
use tmkit::translit::{Scheme, detect_cyrillic_language, group_outputs, transliterate_all};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if text.len() > 4096 {
        return;
    }
    let lang = detect_cyrillic_language(&text).unwrap_or("ru");
    let results = transliterate_all(&text, lang);
    let _ = group_outputs(&results);
    if let Some(scheme) = Scheme::default_for("uk") {
        let _ = scheme.transliterate(&text);
    }
    let (a, b) = text.split_once('\t').unwrap_or((&text, "Mikhail Kukhtin"));
    if a.len() <= 256 && b.len() <= 256 {
        let _ = compare_words(a, b);
        let a_words: Vec<&str> = a.split_whitespace().take(8).collect();
        let b_words: Vec<&str> = b.split_whitespace().take(8).collect();
        let _ = compare_names(&a_words, &b_words);
    }
});
