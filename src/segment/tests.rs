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
