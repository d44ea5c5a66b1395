//! The built-in segmenter on arbitrary text, in memory and streaming.
//! Input: one byte choosing the language, then the text (invalid UTF-8 is
//! replaced). Properties: segments are in order, inside the NFC text, their
//! text is the trimmed slice their byte offsets name, character and byte
//! offsets agree, and `segment_reader` gives the same segments as `segment`
//! (except after a leading byte order mark, which only a stream drops).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tmkit::lang::LangTag;
use tmkit::segment::{Segment, Segmenter};

const LANGS: [&str; 8] = ["en", "ru", "uk", "de", "fr", "pl", "ja", "en-GB"];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let lang = LangTag::parse(LANGS[usize::from(selector) % LANGS.len()]);
    let headlines = selector & 0x80 == 0;
    let text = String::from_utf8_lossy(bytes);
    let segmenter = Segmenter::for_language(&lang).with_headlines(headlines);
    let segments = segmenter.segment(&text);

    let nfc = tmkit::text::nfc(&text);
    let mut previous_end = 0;
    for s in &segments {
        assert!(
            s.byte_start >= previous_end,
            "segments overlap: {segments:?}"
        );
        assert!(s.byte_start <= s.byte_end && s.byte_end <= nfc.len());
        assert!(nfc.is_char_boundary(s.byte_start) && nfc.is_char_boundary(s.byte_end));
        assert_eq!(
            &nfc[s.byte_start..s.byte_end],
            s.text,
            "segment text and offsets differ"
        );
        assert_eq!(nfc[..s.byte_start].chars().count(), s.start);
        assert_eq!(s.start + s.text.chars().count(), s.end);
        assert!(!s.text.is_empty());
        previous_end = s.byte_end;
    }

    let mut streamed: Vec<Segment> = Vec::new();
    segmenter
        .segment_reader(text.as_bytes(), "fuzz.txt", |s| {
            streamed.push(s);
            Ok(())
        })
        .expect("reading from memory cannot fail");
    // A stream drops a leading byte order mark (an encoding marker, not
    // text) and counts offsets after it; `segment` on a string keeps it.
    if !text.starts_with('\u{feff}') {
        assert_eq!(segments, streamed, "segment and segment_reader disagree");
    }
});
