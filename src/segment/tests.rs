//! Behaviour of the built-in rules and of the segment/stream API.

use super::*;

fn split(lang: &str, text: &str) -> Vec<String> {
    Segmenter::for_language(&LangTag::parse(lang))
        .segment(text)
        .into_iter()
        .map(|s| s.text)
        .collect()
}

#[test]
fn built_in_rules_compile_without_problems() {
    for lang in ["en", "ru", "uk", "de", "fr", "ja", "es", "en-GB", "pt-BR"] {
        let problems = Segmenter::default_rule_problems(&LangTag::parse(lang));
        assert!(problems.is_empty(), "{lang}: {problems:?}");
    }
}

#[test]
fn offsets_are_characters_and_bytes_of_nfc_text() {
    let text = "  Cafe\u{301} ouvert. Très bien!  ";
    let segments = Segmenter::for_language(&LangTag::parse("fr")).segment(text);
    let nfc = crate::text::nfc(text);
    assert_eq!(segments.len(), 2);
    for s in &segments {
        assert_eq!(&nfc[s.byte_start..s.byte_end], s.text);
        let by_chars: String = nfc.chars().skip(s.start).take(s.end - s.start).collect();
        assert_eq!(by_chars, s.text);
    }
    assert_eq!(segments[0].text, "Café ouvert.");
    assert_eq!((segments[0].start, segments[0].end), (2, 14));
}

#[test]
fn paragraphs_are_hard_boundaries() {
    assert_eq!(
        split("en", "Title without stop\n\nBody text here"),
        ["Title without stop", "Body text here"]
    );
    assert_eq!(
        split("en", "Line one\r\n  \r\nLine two"),
        ["Line one", "Line two"]
    );
}

#[test]
fn empty_and_blank_text_give_no_segments() {
    assert!(split("en", "").is_empty());
    assert!(split("en", " \n\n \t").is_empty());
}

#[test]
fn stream_gives_the_same_segments_as_whole_text() {
    let text = "Mr. Smith went to Washington. He said: \"Fine.\" Then he left.\n\nНовый абзац. Ещё одно предложение!";
    let segmenter = Segmenter::for_language(&LangTag::parse("en"));
    let mut streamed = Vec::new();
    segmenter
        .segment_reader(text.as_bytes(), "test", |s| {
            streamed.push(s);
            Ok(())
        })
        .unwrap();
    assert_eq!(streamed, segmenter.segment(text));
}

#[test]
fn stream_reports_invalid_utf8_offset() {
    let bytes = b"Hello world. Caf\xe9 au lait.".to_vec();
    let segmenter = Segmenter::for_language(&LangTag::parse("en"));
    match segmenter.segment_reader(&bytes[..], "input.txt", |_| Ok(())) {
        Err(SegmentError::Encoding {
            byte_offset, byte, ..
        }) => {
            assert_eq!(byte_offset, 16);
            assert_eq!(byte, 0xE9);
        }
        other => panic!("expected an encoding error, got {other:?}"),
    }
}

#[test]
fn stream_of_many_paragraphs_across_blocks_matches_whole_text() {
    // More than one read block, thousands of paragraphs: the buffer is
    // consumed by offset, and the result must not depend on where blocks end.
    let paragraph = "Killer Pig Mauls Chinese Farmer to Death A farmer was attacked by a pig. \
                     Mr. Smith said so at 5 p.m. on Monday. Él dijo «Sí». Ну и ладно.";
    let text = vec![paragraph; 4000].join("\n\n");
    assert!(text.len() > 2 * (256 << 10));
    let segmenter = Segmenter::for_language(&LangTag::parse("en"));
    let mut streamed = Vec::new();
    let count = segmenter
        .segment_reader(text.as_bytes(), "test", |s| {
            streamed.push(s);
            Ok(())
        })
        .unwrap();
    let whole = segmenter.segment(&text);
    assert_eq!(count, whole.len());
    assert_eq!(streamed, whole);
    assert_eq!(whole[0].text, "Killer Pig Mauls Chinese Farmer to Death");
}

#[test]
fn headline_pass_is_default_for_built_in_rules_and_can_be_switched_off() {
    let text =
        "Welsh AMs worried about 'looking like muppets' There is consternation among some AMs.";
    let on = Segmenter::for_language(&LangTag::parse("en"));
    assert!(on.headlines());
    let texts: Vec<String> = on.segment(text).into_iter().map(|s| s.text).collect();
    assert_eq!(
        texts,
        [
            "Welsh AMs worried about 'looking like muppets'",
            "There is consternation among some AMs."
        ]
    );
    let off = on.with_headlines(false);
    assert_eq!(off.segment(text).len(), 1);
    // Only the first segment of a paragraph is examined.
    let later = format!("First sentence here. {text}");
    assert_eq!(
        Segmenter::for_language(&LangTag::parse("en"))
            .segment(&later)
            .len(),
        2
    );
}

#[test]
fn srx_rules_have_no_headline_pass() {
    let (segmenter, problems) =
        Segmenter::from_srx_str(default_srx(), "tmkit.srx", &LangTag::parse("en")).unwrap();
    assert!(problems.is_empty());
    assert!(!segmenter.headlines());
    let text = "Killer Pig Mauls Chinese Farmer to Death A farmer was attacked by a pig.";
    assert_eq!(segmenter.segment(text).len(), 1);
}

#[test]
fn times_eras_degrees_and_units() {
    // A fronted time phrase has no main clause yet; "He left … at 6 P.M." has.
    assert_eq!(
        split(
            "en",
            "At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. Mr. Smith then went to the store."
        ),
        [
            "At 5 a.m. Mr. Smith went to the bank.",
            "He left the bank at 6 P.M.",
            "Mr. Smith then went to the store."
        ]
    );
    assert_eq!(
        split("en", "At 6 a.m. The birds sing."),
        ["At 6 a.m.", "The birds sing."]
    );
    assert_eq!(
        split("en", "At 11:58 p.m. PDT on October 1, police arrived."),
        ["At 11:58 p.m. PDT on October 1, police arrived."]
    );
    assert_eq!(
        split(
            "en",
            "Rome was founded in 753 B.C. Augustus came much later. A.D. 79 saw the eruption."
        ),
        [
            "Rome was founded in 753 B.C.",
            "Augustus came much later.",
            "A.D. 79 saw the eruption."
        ]
    );
    assert_eq!(
        split("en", "She earned her Ph.D. Tom was impressed."),
        ["She earned her Ph.D.", "Tom was impressed."]
    );
    assert_eq!(
        split("en", "He is 5 ft. 6 in. tall and paid Rs. 500 for it."),
        ["He is 5 ft. 6 in. tall and paid Rs. 500 for it."]
    );
    assert_eq!(
        split("en", "See Vol. II of the report."),
        ["See Vol. II of the report."]
    );
}

#[test]
fn references_interviews_and_companies() {
    assert_eq!(
        split("en", "Hydrogen is a gas. [1][2] [3] It is colorless."),
        ["Hydrogen is a gas. [1][2] [3]", "It is colorless."]
    );
    assert_eq!(
        split("en", "Q. What is his name? A. His name is Alfred."),
        ["Q. What is his name?", "A. His name is Alfred."]
    );
    assert_eq!(
        split(
            "en",
            "It was sold to Example Inc. (the buyer) last year. The GmbH & Co. KG is a partnership."
        ),
        [
            "It was sold to Example Inc. (the buyer) last year.",
            "The GmbH & Co. KG is a partnership."
        ]
    );
    assert_eq!(
        split("en", "Check the reference [page. 42] for details."),
        ["Check the reference [page. 42] for details."]
    );
    assert_eq!(
        split("de", "Das Urteil Roe v. Wade fiel 1973."),
        ["Das Urteil Roe v. Wade fiel 1973."]
    );
}

#[test]
fn headlines_of_a_report_are_split_off() {
    // The first sentence names again whom the headline named.
    assert_eq!(
        split(
            "en",
            "Sainsbury's plans push into UK beauty market Sainsbury's is taking on Boots with beauty counters in its stores."
        ),
        [
            "Sainsbury's plans push into UK beauty market",
            "Sainsbury's is taking on Boots with beauty counters in its stores."
        ]
    );
    // Other inflected forms of a word in the paragraph show it is a common noun.
    assert_eq!(
        split(
            "ru",
            "Мужчина задержан после нападения на кафе Полиция сообщила о задержании. Представитель полиции не назвал имени, в полицию обратились свидетели."
        ),
        [
            "Мужчина задержан после нападения на кафе",
            "Полиция сообщила о задержании.",
            "Представитель полиции не назвал имени, в полицию обратились свидетели."
        ]
    );
    // A headline followed by sub-heads, none with an end mark.
    assert_eq!(
        split(
            "en",
            "Foreign buyers face higher stamp duty in new plans The money will help the homeless across the country The tax is expected to raise up to £120 million a year."
        ),
        [
            "Foreign buyers face higher stamp duty in new plans",
            "The money will help the homeless across the country",
            "The tax is expected to raise up to £120 million a year."
        ]
    );
}

#[test]
fn german_guillemets_open_and_close_the_other_way() {
    assert_eq!(
        split(
            "de",
            "Sie zog ein Buch aus dem Regal. »Dann empfehle ich diesen Roman«, sagte sie. »Die Recherche ist detailliert.« Maria blätterte darin."
        ),
        [
            "Sie zog ein Buch aus dem Regal.",
            "»Dann empfehle ich diesen Roman«, sagte sie.",
            "»Die Recherche ist detailliert.«",
            "Maria blätterte darin."
        ]
    );
    // French closing guillemets keep their space.
    assert_eq!(
        split("fr", "Il a dit « c’est fini. » Puis il est parti."),
        ["Il a dit « c’est fini. »", "Puis il est parti."]
    );
}

#[test]
fn ukrainian_and_russian_abbreviations_before_names_and_numbers() {
    assert_eq!(
        split("uk", "Стаття опублікована в журн. «Наука і техніка»."),
        ["Стаття опублікована в журн. «Наука і техніка»."]
    );
    assert_eq!(
        split("uk", "Зустріч відбудеться о 10 год. 30 хв. у залі."),
        ["Зустріч відбудеться о 10 год. 30 хв. у залі."]
    );
    assert_eq!(
        split("uk", "Місто розташоване на р. Дніпро. Площа міста велика."),
        ["Місто розташоване на р. Дніпро.", "Площа міста велика."]
    );
    // After a number "р." is a year and may end the sentence.
    assert_eq!(
        split(
            "ru",
            "Дом построен на р. Волге в 1898 г. В 1854 году его продали."
        ),
        [
            "Дом построен на р. Волге в 1898 г.",
            "В 1854 году его продали."
        ]
    );
}

#[test]
fn ukrainian_dash_glued_to_the_end_mark_and_a_capital_before_a_one_letter_word() {
    // «…, — сказав він.— Ось…»: the dash resumes the quote; the sentence ends after it.
    assert_eq!(
        split(
            "uk",
            "«Я не біжу, — сказав він.— Ось чому я усюди борюся за кандидатів»."
        ),
        [
            "«Я не біжу, — сказав він.—",
            "Ось чому я усюди борюся за кандидатів»."
        ]
    );
    // "на Є. У суботу": a capital before a one-letter word is not an initial…
    assert_eq!(
        split(
            "uk",
            "Репер змінює своє ім'я на Є. У суботу він написав про це."
        ),
        [
            "Репер змінює своє ім'я на Є.",
            "У суботу він написав про це."
        ]
    );
    // …but initials before a surname and a second initial stay.
    assert_eq!(
        split("uk", "Вірш написав І. Я. Франко у 1880 році."),
        ["Вірш написав І. Я. Франко у 1880 році."]
    );
    // The dash of dialogue after a space keeps its own convention (break before it).
    assert_eq!(
        split("uk", "Так було два місяці, — каже вона. — Нині інакше."),
        ["Так було два місяці, — каже вона.", "— Нині інакше."]
    );
}

#[test]
fn an_incomplete_character_at_the_end_is_what_from_utf8_calls_incomplete() {
    let samples: [&[u8]; 6] = [
        b"ab",
        "aж".as_bytes(),
        "a€".as_bytes(),
        "a😀".as_bytes(),
        b"\xFF",
        b"a\xC3\x80\x80",
    ];
    let mut ends: Vec<Vec<u8>> = Vec::new();
    for sample in samples {
        for cut in 0..=sample.len() {
            ends.push(sample[..cut].to_vec());
        }
    }
    // Every one- to three-byte tail after an ASCII letter.
    for a in 0x80..=0xFFu8 {
        ends.push(vec![b'x', a]);
        for b in [0x80u8, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0x41, 0xC3] {
            ends.push(vec![b'x', a, b]);
            ends.push(vec![b'x', a, b, 0x80]);
        }
    }
    for bytes in ends {
        // Where the part before `complete` is valid, the whole is valid or
        // ends in the middle of the character at `complete`.
        let complete = complete_prefix(&bytes);
        if std::str::from_utf8(&bytes[..complete]).is_ok() {
            match std::str::from_utf8(&bytes) {
                Ok(_) => assert_eq!(complete, bytes.len(), "{bytes:x?}"),
                Err(e) => {
                    assert_eq!(
                        (e.valid_up_to(), e.error_len()),
                        (complete, None),
                        "{bytes:x?}"
                    )
                }
            }
        }
        // And where the whole ends in the middle of a character, `complete` says where.
        if let Err(e) = std::str::from_utf8(&bytes)
            && e.error_len().is_none()
        {
            assert_eq!(complete, e.valid_up_to(), "{bytes:x?}");
        }
    }
}

/// The paragraph separator scan finds what the regex it replaced finds,
/// on random texts of the pieces that matter (line and paragraph
/// separators, white space of every kind, bytes that share a lead byte
/// with U+2029), and `\s` is `char::is_whitespace` on every character.
#[test]
fn paragraph_separator_finds_what_the_regex_finds() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let re = regex::Regex::new(r"\n[^\S\n]*\n\s*|\x{2029}\s*").unwrap();
    let white = regex::Regex::new(r"\A\s\z").unwrap();
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        assert_eq!(
            white.is_match(c.encode_utf8(&mut [0; 4])),
            c.is_whitespace(),
            "{c:?}"
        );
    }
    const PIECES: &[&str] = &[
        "\n",
        "\n\n",
        " ",
        "\t",
        "\r",
        "\u{A0}",
        "\u{2028}",
        "\u{2029}",
        "\u{85}",
        "\u{3000}",
        "a",
        "Я",
        "—",
        "…",
        "\u{2026}\u{2029}",
        ".",
        "x\n",
    ];
    let text = proptest::collection::vec(proptest::sample::select(PIECES), 0..24)
        .prop_map(|pieces| pieces.concat());
    let mut runner = TestRunner::new(Config {
        cases: 2000,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&text, |text| {
            for from in text.char_indices().map(|(i, _)| i) {
                let rest = &text[from..];
                let expected = re.find(rest).map(|m| (m.start(), m.end()));
                prop_assert_eq!(paragraph_separator(rest), expected, "{:?}", rest);
            }
            let expected: Vec<(usize, usize)> = {
                let mut out = Vec::new();
                let mut start = 0;
                for m in re.find_iter(&text) {
                    out.push((start, m.start()));
                    start = m.end();
                }
                out.push((start, text.len()));
                out
            };
            prop_assert_eq!(paragraphs(&text), expected);
            Ok(())
        })
        .unwrap();
}

mod rules;
