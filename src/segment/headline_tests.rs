//! Tests of the headline post-pass (`headline.rs`).

use super::*;

fn split(lang: &str, text: &str) -> Option<(String, String)> {
    let at = *headline_breaks(text, text.len(), lang).first()?;
    Some((text[..at].trim().to_string(), text[at..].trim().to_string()))
}

/// The tokenizer before it read bytes (characters one by one).
fn words_by_chars(text: &str, limit: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if out.len() == limit {
            break;
        }
        let numeric = c.is_numeric();
        if !(c.is_alphabetic() || numeric) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = iter.peek() {
            let inside = next.is_alphanumeric()
                || if numeric {
                    next == '.' || next == ','
                } else {
                    matches!(next, '\'' | '’' | '-')
                };
            if !inside {
                break;
            }
            end = i + next.len_utf8();
            iter.next();
        }
        if numeric {
            end = start + text[start..end].trim_end_matches(['.', ',']).len();
        }
        out.push((start, end));
    }
    out
}

#[test]
fn words_are_read_as_character_by_character() {
    for text in [
        "Killer Pig Mauls Chinese Farmer to Death A farmer, 1,000.5 men",
        "«Путин» прибыл в 2019 г. — it’s rock-'n'-roll ½ ²3 Ⅻ x²,y",
        "1954, 3.5. ..a.. 'tis -x- 한국어 단어 ٣٤ ок",
        "",
        "   ",
    ] {
        for limit in [0, 1, 3, 25, 100] {
            assert_eq!(
                words(text, limit),
                words_by_chars(text, limit),
                "{text:?} {limit}"
            );
        }
    }
    // Random mixtures of the pieces a word scan must tell apart.
    let pieces = [
        "a", "Z", "7", ".", ",", "'", "’", "-", " ", "\n", "ё", "Ж", "½", "²", "한", "٣", "«", "—",
        "x1", "1.", "2,", "it's", "rock-",
    ];
    let mut seed = 14u64;
    for _ in 0..2000 {
        let mut text = String::new();
        for _ in 0..12 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        assert_eq!(words(&text, 25), words_by_chars(&text, 25), "{text:?}");
    }
}

#[test]
fn lowercase_agrees_with_the_standard_library() {
    let mut buf = String::new();
    for word in [
        "The",
        "ЖУРНАЛ",
        "Путин",
        "ΟΔΟΣ",
        "Σ",
        "İstanbul",
        "L’équipe",
        "",
        "ǅ",
    ] {
        assert_eq!(lowercase(word, &mut buf), word.to_lowercase(), "{word:?}");
    }
}

#[test]
fn the_cyrillic_fast_path_reads_letters_only() {
    for c in ('\u{400}'..='\u{47F}').chain(['\u{480}', '\u{482}', '\u{483}', 'a', '½']) {
        let text = c.to_string();
        assert_eq!(
            is_cyrillic_letter(text.as_bytes(), 0),
            ('\u{400}'..='\u{47F}').contains(&c),
            "{c:?}"
        );
        if is_cyrillic_letter(text.as_bytes(), 0) {
            assert!(c.is_alphabetic() && c.len_utf8() == 2, "{c:?}");
        }
    }
}

#[test]
fn the_kind_table_agrees_with_the_standard_library() {
    for c in (0u32..0x3000).filter_map(char::from_u32) {
        assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        assert_eq!(is_numeric(c), c.is_numeric(), "{c:?}");
        assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
    }
}

#[test]
fn opener_after_a_headline_breaks() {
    let text =
        "Welsh AMs worried about 'looking like muppets' There is consternation among some AMs.";
    let (head, rest) = split("en", text).unwrap();
    assert_eq!(head, "Welsh AMs worried about 'looking like muppets'");
    assert!(rest.starts_with("There is"));
}

#[test]
fn word_seen_in_lower_case_is_a_sentence_start() {
    let text = "Man charged over Belfast restaurant stabbing Police said a man was charged. The police and the police chief will say more.";
    let (head, _) = split("en", text).unwrap();
    assert_eq!(head, "Man charged over Belfast restaurant stabbing");
    // Without the lower-case "police" in the paragraph it may be a name.
    let text = "Man charged over Belfast restaurant stabbing Police said a man was charged.";
    assert_eq!(split("en", text), None);
}

#[test]
fn title_case_headline_breaks_where_sentence_case_starts() {
    let text =
        "Killer Pig Mauls Chinese Farmer to Death A farmer was attacked and killed by a pig.";
    let (head, _) = split("en", text).unwrap();
    assert_eq!(head, "Killer Pig Mauls Chinese Farmer to Death");
}

#[test]
fn opening_quote_goes_with_the_sentence() {
    let text = "Bells of St. Martin's Fall Silent as Churches Struggle \"A vote for him is a vote for them,\" she said.";
    let at = headline_breaks(text, text.len(), "en")[0];
    assert!(text[at..].starts_with("\"A vote"));
}

#[test]
fn ordinary_sentences_are_not_split() {
    for text in [
        "The number of children moved to a camp met with former President Obama last week.",
        "He sold the business to Celesio, the owner of the Lloyds Pharmacy chain, for money.",
        "She went to the shop in The Hague and bought some bread there.",
        "Over several hours pro-independence groups chanting loudly faced off with police.",
        "Palin faces three Class A misdemeanours, meaning he could be imprisoned.",
    ] {
        assert_eq!(split("en", text), None, "{text}");
    }
}

#[test]
fn german_opener_before_a_noun_breaks() {
    let text = "Tote und Verletzte nach Unfall auf der Autobahn Ein Mann wurde schwer verletzt.";
    let (head, _) = split("de", text).unwrap();
    assert_eq!(head, "Tote und Verletzte nach Unfall auf der Autobahn");
}

#[test]
fn cyrillic_headline_breaks() {
    let text = "Кабмин утвердил новые правила въезда Они вступят в силу с понедельника.";
    let (head, _) = split("ru", text).unwrap();
    assert_eq!(head, "Кабмин утвердил новые правила въезда");
}

#[test]
fn languages_without_lists_are_left_alone() {
    let text = "Killer Pig Mauls Chinese Farmer to Death A farmer was attacked and killed.";
    assert!(headline_breaks(text, text.len(), "es").is_empty());
    assert!(!supports("es"));
}

#[test]
fn french_spaced_quotes_and_elision() {
    let text = "Les élus craignent de « passer pour des marionnettes » Des élus gallois sont consternés par une suggestion.";
    let (head, rest) = split("fr", text).unwrap();
    assert_eq!(
        head,
        "Les élus craignent de « passer pour des marionnettes »"
    );
    assert!(rest.starts_with("Des élus"));
    let text = "Menga fait chuter les hommes de Gerrard L’équipe de Holt a dominé le match samedi.";
    let (head, _) = split("fr", text).unwrap();
    assert_eq!(head, "Menga fait chuter les hommes de Gerrard");
    // An elided article before a capital is a title: "« L'Economiste »".
    let text =
        "Le journal a mis cette photo sur la Une du quotidien « L'Economiste » de mai dernier.";
    assert_eq!(split("fr", text), None);
}

#[test]
fn gaps_between_words() {
    assert_eq!(gap_opening(" "), Some(0));
    assert_eq!(gap_opening("' "), Some(0));
    assert_eq!(gap_opening(" \""), Some(1));
    assert_eq!(gap_opening(" » "), Some(0));
    assert_eq!(gap_opening(" « "), Some(" « ".len() - 1));
    assert_eq!(gap_opening(", "), None);
    assert_eq!(gap_opening("»"), None);
}

#[test]
fn russian_opener_before_a_name_breaks() {
    let text = "Столкновение с машиной привело к смерти велосипедиста В Лондоне автомобиль сбил велосипедиста.";
    let (head, _) = split("ru", text).unwrap();
    assert_eq!(
        head,
        "Столкновение с машиной привело к смерти велосипедиста"
    );
}

#[test]
fn plural_possessive_and_acronyms() {
    let text = "Rangers' Graham Dorrans optimistic ahead of Rapid Vienna clash Rangers host Rapid Vienna on Thursday.";
    let (head, _) = split("en", text).unwrap();
    assert_eq!(
        head,
        "Rangers' Graham Dorrans optimistic ahead of Rapid Vienna clash"
    );
    let text =
        "Senators say inquiry could change their minds The FBI investigation will take a week.";
    let (head, _) = split("en", text).unwrap();
    assert_eq!(head, "Senators say inquiry could change their minds");
}

proptest::proptest! {
    /// The quick test before the word scan never says "no capital" when a
    /// character after the first is upper case.
    #[test]
    fn may_have_capital_misses_no_capital(
        parts in proptest::collection::vec(proptest::sample::select(&[
            "a", "Z", "q", " ", "\u{a0}", "\u{2003}", ".", "'", "\"", "«", "—", "’", "“", "1",
            "ж", "Ж", "Ё", "ё", "Ѐ", "џ", "Ѡ", "ѡ", "Ґ", "ґ", "É", "é", "ß", "µ", "ª", "Σ",
            "ǅ", "Ⅷ", "Ａ", "\u{301}", "\t", "\n",
        ][..]), 0..24)
    ) {
        let text: String = parts.concat();
        let trimmed = text.trim_start();
        let capital_after_first = trimmed.chars().skip(1).any(char::is_uppercase);
        proptest::prop_assert!(may_have_capital(&text) || !capital_after_first, "{:?}", text);
    }

    /// The Title Case counts test a word's length without counting all of
    /// its characters: the same counts as with `chars().count()`.
    #[test]
    fn title_case_counts_agree_with_counted_lengths(
        words in proptest::collection::vec(proptest::sample::select(&[
            "a", "ab", "abc", "abcd", "abcde", "The", "Them", "жжж", "жжжж", "Ёлка", "éé",
            "ééé", "éééé", "X", "Xy", "1,000", "3.5", "it's", "É", "ǅa", "\u{301}ab", "😀😀😀😀",
        ][..]), 0..30)
    ) {
        let mut expected = vec![(0, 0)];
        let (mut long, mut capitalised) = (0usize, 0usize);
        for word in &words {
            let upper = is_upper_initial(word);
            if upper || word.chars().count() >= 4 {
                long += 1;
                capitalised += usize::from(upper);
            }
            expected.push((long, capitalised));
        }
        proptest::prop_assert_eq!(title_case_counts(words.iter().copied()), expected);
    }
}

#[test]
fn may_have_capital_rejects_lower_case_sentences() {
    assert!(!may_have_capital(
        "The president said on the day that he would go, “soon” — 2 days."
    ));
    assert!(!may_have_capital(
        "  Президент заявил в понедельник, что уедет."
    ));
    assert!(may_have_capital("The president of France said"));
    assert!(may_have_capital("Президент России заявил"));
    assert!(may_have_capital("x ǅ"));
}
