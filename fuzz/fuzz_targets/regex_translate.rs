//! ICU/Java → Rust regex translation on arbitrary patterns. Input: the
//! pattern, then optionally a NUL byte and a haystack. Properties: no panic;
//! what the translation returns compiles or fails with an error (never a
//! panic); and the `superset` pattern matches wherever the `exact` one does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tmkit::segment::regex_translate::translate;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (pattern, haystack) = match text.split_once('\0') {
        Some((p, h)) => (p, h),
        None => (
            text.as_ref(),
            "Mr. Smith said: «Yes». Next one? 3.5 km\u{a0}away…",
        ),
    };
    if pattern.len() > 512 || haystack.len() > 1024 {
        return;
    }
    let Ok(translated) = translate(pattern) else {
        return;
    };
    let exact = fancy_regex::RegexBuilder::new(&translated.exact)
        .backtrack_limit(100_000)
        .delegate_size_limit(1 << 20)
        .delegate_dfa_size_limit(1 << 20)
        .build();
    let superset = regex::RegexBuilder::new(&translated.superset)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .build();
    if let (Ok(exact), Ok(superset)) = (exact, superset) {
        if let Ok(true) = exact.is_match(haystack) {
            assert!(
                superset.is_match(haystack),
                "superset {:?} misses a match of exact {:?} (from {:?}) in {:?}",
                translated.superset,
                translated.exact,
                pattern,
                haystack
            );
        }
    }
});
