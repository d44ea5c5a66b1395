//! SRX loader on arbitrary text: parse the document, select the rules for a
//! few languages (compiling every `languagepattern`), run the whole-file check,
//! and, when the rules are few and short, compile them and segment a sample.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tmkit::lang::LangTag;
use tmkit::segment::srx::SrxDocument;
use tmkit::segment::{Segmenter, check_rules};

/// Compiling Unicode-aware patterns costs milliseconds each: only small rule
/// sets are compiled here (the `segment_rules` target fuzzes compilation).
const MAX_COMPILED_RULES: usize = 8;
const MAX_PATTERN_BYTES: usize = 64;

const SAMPLE: &str = "Dr. Smith arrived at 5 p.m. on Jan. 3. He left!\n\nСказал он. «Нет».  Ok?";

fuzz_target!(|data: &[u8]| {
    let Ok(xml) = std::str::from_utf8(data) else {
        return;
    };
    let doc = match SrxDocument::parse(xml, "fuzz.srx") {
        Ok(doc) => doc,
        Err(error) => {
            let _ = error.to_string();
            return;
        }
    };
    let rules = doc.all_rules();
    let small = rules.len() <= MAX_COMPILED_RULES
        && rules
            .iter()
            .all(|r| r.rule.before.len() + r.rule.after.len() <= MAX_PATTERN_BYTES)
        && doc.language_maps.len() <= MAX_COMPILED_RULES;
    if !small {
        // Still exercise map selection, which compiles only language patterns.
        if doc.language_maps.len() <= 64 {
            for lang in ["en", "ru-RU"] {
                let _ = doc.rules_for(&LangTag::parse(lang));
            }
        }
        return;
    }
    for problem in check_rules(&doc) {
        let _ = problem.to_string();
    }
    let lang = if data.len() % 2 == 0 { "en" } else { "ru-RU" };
    let (segmenter, _problems) = Segmenter::from_document(&doc, &LangTag::parse(lang));
    let segments = segmenter.segment(SAMPLE);
    for s in &segments {
        assert!(s.start <= s.end && s.byte_start <= s.byte_end);
    }
});
