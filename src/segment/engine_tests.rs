//! Unit tests of `engine.rs` (kept apart so the module stays readable).
use super::*;
use crate::lang::LangTag;
use crate::segment::plan::{CHEAP_CLASS, class_cost};
use crate::segment::srx::Rule;
use regex_syntax::hir::ClassUnicodeRange;

fn engine(rules: &[(bool, &str, &str)]) -> (Engine, Vec<RuleProblem>) {
    let owned: Vec<Rule> = rules
        .iter()
        .map(|(b, before, after)| Rule {
            is_break: *b,
            before: before.to_string(),
            after: after.to_string(),
            line: 1,
        })
        .collect();
    let selected: Vec<SelectedRule> = owned
        .iter()
        .enumerate()
        .map(|(i, rule)| SelectedRule {
            rule_set: "test",
            index: i + 1,
            rule,
            uax29_base: false,
        })
        .collect();
    Engine::compile(&selected, true)
}

#[test]
fn first_matching_rule_decides() {
    let (e, problems) = engine(&[(false, r"\bMr\.", r"\s"), (true, r"[.?!]+", r"\s")]);
    assert!(problems.is_empty());
    let text = "Hi Mr. Smith. Bye! Ok";
    let breaks = e.breaks(text);
    assert_eq!(breaks, vec![13, 18]);
}

#[test]
fn look_around_rules_use_the_backtracking_engine() {
    let (e, problems) = engine(&[(true, r"(?<![A-Z])\.", r"\s(?=[A-Z])")]);
    assert!(problems.is_empty());
    assert_eq!(e.breaks("One. Two U. Three. four"), vec![4]);
}

#[test]
fn rules_with_empty_before_trigger_on_after() {
    let (e, _) = engine(&[(true, "", "•")]);
    assert_eq!(e.breaks("a • b • c"), vec![2, 8]);
}

#[test]
fn char_scan_finds_ascii_and_non_ascii_members() {
    let mut class = ClassUnicode::empty();
    for c in ['.', '…', '»', '😀'] {
        class.push(ClassUnicodeRange::new(c, c));
    }
    let text = "a. b… c» d— e😀 f’";
    let after = CandidateScan::new(class.clone(), ClassUnicode::empty()).unwrap();
    let mut hits = Vec::new();
    after.scan(text, &mut hits);
    // "—" and "’" share the lead byte of "…" and are checked, not taken.
    let ends: Vec<&str> = hits.iter().map(|&p| &text[..p]).collect();
    assert_eq!(ends, ["a.", "a. b…", "a. b… c»", "a. b… c» d— e😀"]);
    let before = CandidateScan::new(ClassUnicode::empty(), class.clone()).unwrap();
    let mut hits = Vec::new();
    before.scan(text, &mut hits);
    let starts: Vec<&str> = hits.iter().map(|&p| &text[p..]).collect();
    assert_eq!(
        starts,
        [
            ". b… c» d— e😀 f’",
            "… c» d— e😀 f’",
            "» d— e😀 f’",
            "😀 f’"
        ]
    );
    // Both at once: the union, in order (a position may come twice).
    let both = CandidateScan::new(class.clone(), class).unwrap();
    let mut hits = Vec::new();
    both.scan("..a.", &mut hits);
    assert_eq!(hits, [1, 1, 2, 3]);
    assert!(CandidateScan::new(ClassUnicode::empty(), ClassUnicode::empty()).is_none());
}

#[test]
fn class_cost_counts_letters_not_symbols() {
    let class = |ranges: &[(char, char)]| {
        ClassUnicode::new(ranges.iter().map(|&(a, b)| ClassUnicodeRange::new(a, b)))
    };
    let emoji = class_cost(&class(&[('\u{1F300}', '\u{1FAFF}')]));
    let cyrillic = class_cost(&class(&[('\u{400}', '\u{4FF}')]));
    let letters = class_cost(&class(&[('\u{80}', '\u{FFFF}')]));
    assert_eq!(emoji, 1);
    assert!(cyrillic > 10 * emoji, "{cyrillic}");
    assert!(letters > CHEAP_CLASS, "{letters}");
    assert!(class_cost(&class(&[(' ', ' ')])) > CHEAP_CLASS);
}

/// The candidate scan and the edge filter only skip work: every position
/// of the text, decided with every rule, gives the same breaks.
#[test]
fn candidates_and_edge_filter_lose_no_break() {
    let text = "Mr. Smith left at 5 p.m. Then he went. \"Fine.\" she said; 1. First item\n\
                2. Second item \u{2022} bullet 😀 Next one )) Again. It's U.S. policy! \
                Яблоко. В. В. Путин. а) пункт\n  - dash item. Ok?Yes. (a) Point x. B. c";
    for lang in ["en", "ru", "de", "fr", "es"] {
        let (rules, _) = crate::segment::default_document().rules_for(&LangTag::parse(lang));
        let (engine, problems) = Engine::compile(&rules, true);
        assert!(problems.is_empty());
        let mut all = vec![0u64; engine.edges.words];
        for i in 0..engine.rule_count() {
            all[i / 64] |= 1 << (i % 64);
        }
        let base: Vec<usize> = if engine.uax29_base {
            text.split_sentence_bound_indices()
                .map(|(s, _)| text[..s].trim_end().len())
                .collect()
        } else {
            Vec::new()
        };
        let brute = |scratch: &mut Scratch| -> Vec<usize> {
            text.char_indices()
                .map(|(i, _)| i)
                .filter(|&p| p > 0)
                .filter(|&p| {
                    engine
                        .decide(text, p, &all, scratch)
                        .unwrap_or_else(|| base.contains(&p))
                })
                .collect()
        };
        let with_groups = brute(&mut Scratch::default());
        assert_eq!(engine.breaks(text), with_groups, "{lang}");
        // The side groups' DFAs answer exactly as every side's own regex.
        let mut one_by_one = Scratch {
            caches: std::array::from_fn(|_| Some(None)),
            alone: (0..engine.alone.len()).map(|_| Some(None)).collect(),
            ..Scratch::default()
        };
        assert_eq!(brute(&mut one_by_one), with_groups, "{lang}");
    }
}

/// Every position of a text, every rule: the side groups agree with the
/// sides' own regexes (which rule matches first, break or not, or none).
#[test]
fn side_groups_decide_as_single_regexes() {
    let text = "At 5 a.m. Mr. Smith went to www.example.com/a.b?c. He met J. R. R. Tolkien \
                (Vol. II, p. 5) in the U.S. However, Roe v. Wade; e.g. the Ph.D. Tom had. \
                1. One 2. Two. \"Why?\" — he said. «Правда?» — спросил он. т. е. г. Москва. \
                Ok . . . I think. . . . The end [page. 42] ok. a gas. [1][2] It 11:58 p.m. PDT on";
    // Longer than the wide group's window, with list items and initials far
    // from the paragraph start, so that where each haystack starts matters.
    let long = format!(
        "{text}\n 1. First item of it. 2. Second. a. One b. Two. {text}\n\
         ii. The U.S.A. B. Smith [...] she said. {}In 15. Then 3. So\n  (c) x. 12. Y",
        " ".repeat(600)
    );
    for text in [text, long.as_str()] {
        for lang in ["en", "ru", "uk", "de", "fr", "es"] {
            let (rules, _) = crate::segment::default_document().rules_for(&LangTag::parse(lang));
            let (engine, _) = Engine::compile(&rules, false);
            let mut all = vec![0u64; engine.edges.words];
            for i in 0..engine.rule_count() {
                all[i / 64] |= 1 << (i % 64);
            }
            let mut groups = Scratch::default();
            let mut one_by_one = Scratch {
                caches: std::array::from_fn(|_| Some(None)),
                alone: (0..engine.alone.len()).map(|_| Some(None)).collect(),
                ..Scratch::default()
            };
            // Sides alone (as at the start of a search), DFAs and all.
            let mut alone = Scratch::default();
            for (p, _) in text.char_indices().filter(|(p, _)| *p > 0) {
                groups.decided = GROUP_AFTER;
                alone.decided = 0;
                let expected = engine.decide(text, p, &all, &mut one_by_one);
                assert_eq!(
                    engine.decide(text, p, &all, &mut groups),
                    expected,
                    "{lang} at {p}: {:?}",
                    &text[p..]
                );
                assert_eq!(
                    engine.decide(text, p, &all, &mut alone),
                    expected,
                    "{lang} alone at {p}: {:?}",
                    &text[p..]
                );
            }
            // Neither the groups nor their caches were touched.
            assert!(alone.caches.iter().all(Option::is_none), "{lang}");
        }
    }
}

#[test]
fn broken_rules_are_reported_not_dropped_silently() {
    let (e, problems) = engine(&[(true, r"\G\.", r"\s"), (true, "[.", "x")]);
    assert_eq!(e.rule_count(), 0);
    assert_eq!(problems.len(), 2);
    assert_eq!(problems[0].index, 1);
    assert!(problems[0].reason.contains(r"\G"));
}

/// Random texts from pieces that the rules care about (end marks, quotes,
/// abbreviations, initials, list markers, digits, Cyrillic, emoji, white
/// space of every kind): the fast path (candidate scan, edge filter over two
/// characters each side, side groups, sides alone) gives exactly the breaks
/// of the plain rule application: every position, every rule in order, each
/// side with its own regex.
/// Pieces of news-like text in several languages, joined at random by the property tests.
const PIECES: &[&str] = &[
    ".",
    ". ",
    "? ",
    "! ",
    "…",
    "...",
    " . . . ",
    "\"",
    "”",
    "’",
    "'",
    "«",
    "»",
    "(",
    ")",
    "[1]",
    "[",
    "]",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\u{A0}",
    "\u{202F}",
    "\t",
    "Mr.",
    "Dr. ",
    "U.S.",
    "e.g.",
    "a.m.",
    "p.m. ",
    "Ph.D.",
    "No. ",
    "Vol. ",
    "Inc.",
    " v. ",
    "St.",
    "J. ",
    "The",
    "the",
    "He",
    "said",
    "Washington",
    "A",
    "a",
    "b",
    "Q.",
    "x",
    "1",
    "5",
    "12",
    "2019",
    " 1. ",
    "a) ",
    "ii. ",
    "\u{2022} ",
    "- ",
    "— ",
    "–",
    "@",
    "http://",
    "www.",
    "ex.com",
    "В",
    "в",
    "Путин",
    "г.",
    "р.",
    "т. е.",
    "гг.",
    "№",
    "и",
    "Ж",
    "😀",
    "))",
    ":)",
    "z. B.",
    "Nr.",
    "M.",
    "ok",
    "Jan.",
    "At",
    "BC",
    "B.C.",
    "PDT",
];

/// The engines of six languages' built-in rules, for the property tests.
fn builtin_engines() -> Vec<(String, Engine)> {
    ["en", "ru", "uk", "de", "fr", "es"]
        .iter()
        .map(|lang| {
            let (rules, _) = crate::segment::default_document().rules_for(&LangTag::parse(lang));
            (lang.to_string(), Engine::compile(&rules, false).0)
        })
        .collect()
}

#[test]
fn fast_path_agrees_with_plain_rules_on_random_text() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let engines = builtin_engines();
    let text = proptest::collection::vec(proptest::sample::select(PIECES), 0..40)
        .prop_map(|pieces| pieces.concat());
    let mut runner = TestRunner::new(Config {
        cases: 200,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&text, |text| {
            for (lang, engine) in &engines {
                let mut all = vec![0u64; engine.edges.words];
                for i in 0..engine.rule_count() {
                    all[i / 64] |= 1 << (i % 64);
                }
                let base: Vec<usize> = if engine.uax29_base {
                    text.split_sentence_bound_indices()
                        .map(|(s, _)| text[..s].trim_end().len())
                        .collect()
                } else {
                    Vec::new()
                };
                let mut plain = Scratch {
                    caches: std::array::from_fn(|_| Some(None)),
                    alone: (0..engine.alone.len()).map(|_| Some(None)).collect(),
                    ..Scratch::default()
                };
                let expected: Vec<usize> = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .filter(|&p| p > 0)
                    .filter(|&p| {
                        engine
                            .decide(&text, p, &all, &mut plain)
                            .unwrap_or_else(|| base.contains(&p))
                    })
                    .collect();
                prop_assert_eq!(engine.breaks(&text), expected, "{} on {:?}", lang, text);
            }
            Ok(())
        })
        .unwrap();
}

/// The fast paths of the edge filter (nearest characters first, stopping
/// when no rule is left) and of the groups' remembered match states give
/// what their plain forms give, on random text, at every position, with the
/// built-in rules.
#[test]
fn filter_and_remembered_matches_agree_with_their_plain_forms() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let engines = builtin_engines();
    // Kept from one case to the next, as in a long run: the groups' caches
    // and remembered match states meet many haystacks.
    // (A `RefCell`: the runner takes a `Fn`.)
    let scratches: std::cell::RefCell<Vec<(Scratch, Scratch)>> = engines
        .iter()
        .map(|(_, engine)| {
            let groups = Scratch {
                decided: GROUP_AFTER,
                ..Scratch::default()
            };
            let plain = Scratch {
                caches: std::array::from_fn(|_| Some(None)),
                alone: (0..engine.alone.len()).map(|_| Some(None)).collect(),
                ..Scratch::default()
            };
            (groups, plain)
        })
        .collect::<Vec<_>>()
        .into();
    let text = proptest::collection::vec(proptest::sample::select(PIECES), 0..60)
        .prop_map(|pieces| pieces.concat());
    let mut runner = TestRunner::new(Config {
        cases: 300,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&text, |text| {
            let mut scratches = scratches.borrow_mut();
            for ((lang, engine), (groups, plain)) in engines.iter().zip(scratches.iter_mut()) {
                let mut all = vec![0u64; engine.edges.words];
                for i in 0..engine.rule_count() {
                    all[i / 64] |= 1 << (i % 64);
                }
                let (mut fast, mut reference) = (all.clone(), all.clone());
                for (p, _) in text.char_indices().filter(|(p, _)| *p > 0) {
                    let context = Context::at(&text, p);
                    let can_break = engine.edges.fill(&context, &mut fast);
                    let expected = engine.edges.fill_reference(&context, &mut reference);
                    prop_assert_eq!(can_break, expected, "{} at {} of {:?}", lang, p, text);
                    prop_assert_eq!(&fast, &reference, "{} at {} of {:?}", lang, p, text);
                    groups.decided = GROUP_AFTER;
                    prop_assert_eq!(
                        engine.decide(&text, p, &all, groups),
                        engine.decide(&text, p, &all, plain),
                        "{} at {} of {:?}",
                        lang,
                        p,
                        text
                    );
                }
            }
            Ok(())
        })
        .unwrap();
}
