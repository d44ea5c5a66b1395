//! Property tests of `--fix` in glossary mode (issue 12, defect 2): a fix
//! only ever replaces a non-approved spelling, so fixing twice is fixing once
//! and every approved occurrence of the input survives unchanged.

use proptest::prelude::*;
use std::path::PathBuf;
use tmkit::check::{Termbase, TextFile, apply_fixes, check_with_glossaries};
use tmkit::glossary::Glossary;

/// Approved English forms in `glossaries/donbas-names.tbx`.
const APPROVED: &[&str] = &[
    "Mikhail Kukhtin",
    "Boris Litvinov",
    "Denis Pushilin",
    "Alexander Zakharchenko",
    "Volodymyr Zelensky",
    "Yulia Tymoshenko",
    "Kyiv",
    "Donbas",
];

/// Variants the checker reports (deprecated, other transliterations, typos)
/// and harmless words around them.
const OTHER: &[&str] = &[
    "Mykhaylo Khuktin",
    "Mykhailo Kukhtin",
    "Mikhail Khuktin",
    "Borys Lytvynov",
    "Denys Pushylin",
    "Oleksandr Zakharchenko",
    "Vladimir Zelensky",
    "Yuliya Timoshenko",
    "Kiev",
    "Donbass",
    "Kukhtin",
    "Khuktin",
    "met",
    "said that",
    "visited",
    "and",
    "the council of",
    ".",
    ",",
    "\n",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(APPROVED).prop_map(str::to_string),
        proptest::sample::select(OTHER).prop_map(str::to_string),
    ]
}

fn glossaries() -> Vec<Glossary> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("glossaries/donbas-names.tbx");
    vec![Glossary::load(&path).unwrap().0]
}

fn fix(text: &str, termbase: &Termbase) -> (String, Vec<tmkit::check::Finding>) {
    let file = TextFile::new("t.txt", text);
    let findings = check_with_glossaries(&file, termbase);
    let (fixed, _) = apply_fixes(&file.text, "t.txt", &findings);
    (fixed, findings)
}

/// Byte ranges of whole-word occurrences of approved forms.
fn approved_occurrences(text: &str) -> Vec<std::ops::Range<usize>> {
    let is_word = |c: char| c.is_alphanumeric();
    let mut out = Vec::new();
    for name in APPROVED {
        for (at, _) in text.match_indices(name) {
            let end = at + name.len();
            let before = text[..at].chars().next_back().is_none_or(|c| !is_word(c));
            let after = text[end..].chars().next().is_none_or(|c| !is_word(c));
            if before && after {
                out.push(at..end);
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn fix_is_idempotent_and_keeps_approved_spellings(
        fragments in proptest::collection::vec(fragment(), 1..14)
    ) {
        let glossaries = glossaries();
        let termbase = Termbase::new(&glossaries, "en", None);
        let text = fragments.join(" ");
        let text = tmkit::text::nfc(&text);
        let (once, findings) = fix(&text, &termbase);
        for occurrence in approved_occurrences(&text) {
            for f in findings.iter().filter(|f| f.suggestion.is_some()) {
                prop_assert!(
                    f.byte_range.end <= occurrence.start || occurrence.end <= f.byte_range.start,
                    "a fix touches the approved {:?} at {:?}: {:?} in {:?}",
                    &text[occurrence.clone()], occurrence, f, text
                );
            }
        }
        for name in APPROVED {
            let count = |t: &str| t.matches(name).count();
            prop_assert!(count(&once) >= count(&text), "{name} lost: {text:?} -> {once:?}");
        }
        let (twice, _) = fix(&once, &termbase);
        prop_assert_eq!(&twice, &once, "fixing twice differs from once; input {:?}", text);
    }
}
