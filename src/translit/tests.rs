//! Registry and engine tests; the standards' reference samples are in
//! `tests/translit_*.rs`.

use super::*;

#[test]
fn every_embedded_scheme_parses_and_ids_are_unique() {
    for (file, text) in SCHEME_FILES {
        Scheme::parse(file, text).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut names: Vec<String> = Vec::new();
    for scheme in Scheme::all() {
        for name in std::iter::once(scheme.id()).chain(scheme.aliases().iter().map(String::as_str))
        {
            let key = normalize_id(name);
            assert!(!names.contains(&key), "`{name}` names two schemes");
            names.push(key);
        }
        if let Some(fallback) = &scheme.fallback {
            assert!(
                Scheme::by_id(fallback).is_some(),
                "{}: unknown fallback {fallback}",
                scheme.id()
            );
        }
        assert!(
            !scheme.description().is_empty() && !scheme.standard().is_empty(),
            "{}",
            scheme.id()
        );
    }
}

#[test]
fn every_scheme_file_example_holds() {
    let mut failures = Vec::new();
    for scheme in Scheme::all() {
        assert!(
            !scheme.examples().is_empty(),
            "{} has no [examples]",
            scheme.id()
        );
        for (source, expected) in scheme.examples() {
            let got = scheme.transliterate(source);
            if &got != expected {
                failures.push(format!(
                    "{}: {source} → {got} (expected {expected})",
                    scheme.id()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn ids_are_case_insensitive_with_aliases() {
    assert_eq!(Scheme::by_id("BGN-PCGN").unwrap().id(), "bgn-pcgn");
    assert_eq!(Scheme::by_id("bgn/pcgn").unwrap().id(), "bgn-pcgn");
    assert_eq!(Scheme::by_id("GOST_7.79_B").unwrap().id(), "gost-7.79-b");
    assert_eq!(Scheme::by_id("gost-779-b").unwrap().id(), "gost-7.79-b");
    assert_eq!(Scheme::by_id("gost_779").unwrap().id(), "iso9");
    assert_eq!(Scheme::by_id("KMU").unwrap().id(), "uk-kmu-2010");
    assert!(Scheme::by_id("no-such-scheme").is_none());
    assert_eq!(
        Scheme::resolve("bgn-pcgn", Some("uk")).unwrap().id(),
        "uk-bgn-pcgn"
    );
    assert_eq!(
        Scheme::resolve("bgn-pcgn", Some("ru-RU")).unwrap().id(),
        "bgn-pcgn"
    );
    assert_eq!(Scheme::resolve("iso9", Some("uk")).unwrap().id(), "iso9");
}

#[test]
fn languages_have_their_defaults_first() {
    assert_eq!(Scheme::default_for("ru").unwrap().id(), "wikipedia");
    assert_eq!(Scheme::default_for("uk").unwrap().id(), "uk-kmu-2010");
    assert_eq!(Scheme::default_for("be").unwrap().id(), "be-national");
    assert_eq!(Scheme::default_for("bg").unwrap().id(), "bg-streamlined");
    assert_eq!(Scheme::default_for("sr").unwrap().id(), "sr-latin");
    assert_eq!(Scheme::default_for("mk").unwrap().id(), "iso9");
    assert!(Scheme::default_for("de").is_none());
    let uk: Vec<&str> = Scheme::for_language("uk").iter().map(|s| s.id()).collect();
    assert!(
        uk.contains(&"iso9") && uk.contains(&"uk-bgn-pcgn"),
        "{uk:?}"
    );
    assert_eq!(Scheme::by_id("iso9").unwrap().language(), "ru");
}

#[test]
fn case_follows_the_source_word() {
    let wiki = Scheme::by_id("wikipedia").unwrap();
    assert_eq!(
        wiki.transliterate("ЩУКА Щука щука"),
        "SHCHUKA Shchuka shchuka"
    );
    assert_eq!(wiki.transliterate("Я ЛЮБЛЮ ЮЛИЮ"), "YA LYUBLYU YULIYU");
    assert_eq!(wiki.transliterate("Я люблю"), "Ya lyublyu");
    assert_eq!(
        wiki.transliterate("Ю. ТИМОШЕНКО, Ю. Тимошенко"),
        "YU. TIMOSHENKO, Yu. Timoshenko"
    );
    assert_eq!(wiki.transliterate("ЖКХовский"), "ZHKKhovsky");
    let kmu = Scheme::by_id("uk-kmu-2010").unwrap();
    assert_eq!(kmu.transliterate("ЗГУРСЬКИЙ ЄВГЕН"), "ZGHURSKYI YEVHEN");
    assert_eq!(
        Scheme::by_id("ala-lc")
            .unwrap()
            .transliterate("Цветаева Юлия"),
        "T͡Svetaeva I͡Ulii͡a"
    );
    assert_eq!(
        Scheme::by_id("scientific").unwrap().transliterate("ЩИ Щи"),
        "ŠČI Šči"
    );
}

#[test]
fn word_boundaries_hyphens_apostrophes_and_marks() {
    let kmu = Scheme::by_id("uk-kmu-2010").unwrap();
    // After a hyphen a new word starts; an apostrophe between letters does not end one.
    assert_eq!(kmu.transliterate("Івано-Юр'ївка"), "Ivano-Yurivka");
    assert_eq!(kmu.transliterate("м’ясо ʼя 'я"), "miaso ʼya 'ya");
    // A Latin letter is part of the word: я after it is not word-initial.
    assert_eq!(kmu.transliterate("Aя"), "Aia");
    // Decomposed й (и + combining breve) is read as й.
    assert_eq!(kmu.transliterate("Йосип"), kmu.transliterate("Йосип"));
    let wiki = Scheme::by_id("wikipedia").unwrap();
    // A stress mark does not hide the vowel before е.
    assert_eq!(
        wiki.transliterate("Мо\u{301}ре и\u{301}е"),
        "Mo\u{301}re i\u{301}ye"
    );
}

#[test]
fn letters_outside_the_table_use_the_fallbacks() {
    let wiki = Scheme::by_id("wikipedia").unwrap();
    // Ukrainian letters in a Russian scheme: ICAO's table, ASCII.
    assert_eq!(wiki.transliterate("Київ"), "Kiiv");
    // ISO 9 folded to ASCII for an ASCII scheme: ѣ → ě → e.
    assert_eq!(wiki.transliterate("хлѣбъ"), "khleb");
    assert_eq!(
        Scheme::by_id("bgn-pcgn-ascii").unwrap().transliterate("ѣ"),
        "e"
    );
    assert_eq!(Scheme::by_id("scientific").unwrap().transliterate("ѣ"), "ě");
    // A letter nobody lists is copied.
    assert_eq!(wiki.transliterate("ԁ"), "ԁ");
}

#[test]
fn transliterate_all_keeps_each_scheme_and_groups() {
    let results = transliterate_all("Михаил Кухтин", "ru");
    assert_eq!(results.len(), Scheme::for_language("ru").len());
    assert_eq!(results[0].0.id(), "wikipedia");
    let groups = group_outputs(&results);
    let first = &groups[0];
    assert_eq!(first.0, "Mikhail Kukhtin");
    assert!(first.1.iter().any(|s| s.id() == "bgn-pcgn"));
    assert!(groups.iter().any(|(o, _)| o == "Mihail Kuhtin"));
    assert!(groups.iter().any(|(o, _)| o == "Michail Kuchtin"));
    assert!(transliterate_all("x", "xx").is_empty());
}

#[test]
fn custom_scheme_files_report_errors_with_lines() {
    let err = Scheme::parse(
        "mine.txt",
        "id = m\nname = M\nlanguages = ru\nascii = yes\n[letters]\nа ä\n",
    )
    .unwrap_err();
    assert!(err.to_string().contains("ascii"), "{err}");
    let scheme = Scheme::parse(
        "mine.txt",
        "id = m\nname = M\nlanguages = ru\n[letters]\nа q\n",
    )
    .unwrap();
    assert_eq!(scheme.transliterate("Аб"), "Qb");
}
