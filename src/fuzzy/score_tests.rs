//! Unit tests of `score.rs` (kept apart so the module stays readable).
use super::*;
use crate::fuzzy::tokenize::tokenize;

fn run(query: &str, source: &str, target: &str) -> Scored {
    let q = tokenize(query);
    let s = tokenize(source);
    score(
        &q,
        0,
        &Candidate {
            source: &s,
            source_tags: 0,
            target_text: target,
            unapproved: false,
            regional_variant: false,
            memory_penalty: 0,
        },
        &PenaltyWeights::default(),
    )
}

#[test]
fn one_word_in_ten_is_ninety() {
    let s = run(
        "one two three four five six seven eight nine ten",
        "one two three four five six seven eight nine eleven",
        "x",
    );
    assert_eq!((s.score, s.word, s.kind), (90, 90, MatchKind::Fuzzy));
}

#[test]
fn case_and_punctuation_only() {
    let s = run("Hello World.", "hello world.", "Привет, мир.");
    assert_eq!((s.score, s.kind), (99, MatchKind::Exact));
    assert_eq!(s.penalties[0].reason, PenaltyReason::Case);
    let s = run("Hello world!", "Hello world.", "Привет, мир.");
    assert_eq!(s.score, 99);
    assert_eq!(s.penalties[0].reason, PenaltyReason::Punctuation);
    assert_eq!(run("Hello  world.", "Hello world.", "x").score, 100);
}

#[test]
fn placeable_not_in_target_is_a_plain_fuzzy() {
    let s = run("in 2015", "in 2014", "в две тысячи четырнадцатом");
    assert_eq!((s.score, s.kind), (50, MatchKind::Fuzzy));
    assert!(s.adaptation.is_none());
}

#[test]
fn several_placeables_substitute_in_target_order() {
    let s = run(
        "From 10 to 20 see www.a.org",
        "From 1 to 2 see www.b.org",
        "См. www.b.org: с 1 по 2",
    );
    assert_eq!(s.kind, MatchKind::Adapted);
    assert_eq!(s.score, 97);
    let a = s.adaptation.unwrap();
    assert_eq!(a.target, "См. www.a.org: с 10 по 20");
    let got: String = a
        .target
        .chars()
        .skip(a.substitutions[0].target_start)
        .take(a.substitutions[0].target_end - a.substitutions[0].target_start)
        .collect();
    assert_eq!(got, "www.a.org");
}

/// Score, adapted target and the (from, to) of every substitution.
type Adapted = (u8, String, Vec<(String, String)>);

/// The adapted target and the (from, to) of every substitution.
fn adapted(query: &str, source: &str, target: &str) -> Option<Adapted> {
    let s = run(query, source, target);
    let a = s.adaptation?;
    for x in &a.substitutions {
        let written: String = a
            .target
            .chars()
            .skip(x.target_start)
            .take(x.target_end - x.target_start)
            .collect();
        assert_eq!(written, x.to, "substitution range of {query:?}");
    }
    let pairs = a
        .substitutions
        .iter()
        .map(|x| (x.from.clone(), x.to.clone()))
        .collect();
    Some((s.score, a.target, pairs))
}

#[test]
fn decimal_comma_in_the_target_is_adapted_in_its_notation() {
    // en → ru / uk / de / fr: the source writes 4.5, the target 4,5.
    for (target, expected) in [
        (
            "Инфляция составила 4,5% в мае.",
            "Инфляция составила 4,7% в мае.",
        ),
        (
            "Інфляція становила 4,5% у травні.",
            "Інфляція становила 4,7% у травні.",
        ),
        (
            "Die Inflation lag im Mai bei 4,5 %.",
            "Die Inflation lag im Mai bei 4,7 %.",
        ),
        (
            "L'inflation était de 4,5 % en mai.",
            "L'inflation était de 4,7 % en mai.",
        ),
    ] {
        let got = adapted(
            "Inflation was 4.7% in May.",
            "Inflation was 4.5% in May.",
            target,
        );
        let (score, text, pairs) = got.unwrap_or_else(|| panic!("not adapted: {target}"));
        assert_eq!((score, text.as_str()), (99, expected));
        assert_eq!(pairs, [("4,5".to_string(), "4,7".to_string())]);
    }
}

#[test]
fn digit_grouping_of_the_target_is_kept() {
    let query = "The fund received 2,750,000 dollars.";
    let source = "The fund received 1,000,000 dollars.";
    for (target, expected) in [
        (
            "Фонд получил 1 000 000 долларов.",
            "Фонд получил 2 750 000 долларов.",
        ),
        (
            "Фонд получил 1\u{A0}000\u{A0}000 долларов.",
            "Фонд получил 2\u{A0}750\u{A0}000 долларов.",
        ),
        (
            "Фонд отримав 1\u{202F}000\u{202F}000 доларів.",
            "Фонд отримав 2\u{202F}750\u{202F}000 доларів.",
        ),
        (
            "Der Fonds erhielt 1.000.000 Dollar.",
            "Der Fonds erhielt 2.750.000 Dollar.",
        ),
        (
            "Le fonds a reçu 1\u{202F}000\u{202F}000 dollars.",
            "Le fonds a reçu 2\u{202F}750\u{202F}000 dollars.",
        ),
        (
            "Фонд получил 1000000 долларов.",
            "Фонд получил 2750000 долларов.",
        ),
    ] {
        let got = adapted(query, source, target).unwrap_or_else(|| panic!("not adapted: {target}"));
        assert_eq!(got.1, expected);
    }
    // A grouped number with a fraction: the German decimal comma follows
    // from its group point.
    let got = adapted(
        "It cost 1,250.5 euros.",
        "It cost 1,000.5 euros.",
        "Es kostete 1.000,5 Euro.",
    );
    assert_eq!(got.unwrap().1, "Es kostete 1.250,5 Euro.");
    // A fraction appears where the target number had none: the separator
    // comes from the target's group ("1 000" → comma).
    let got = adapted(
        "Sales were 1,500.25 units.",
        "Sales were 1,000 units.",
        "Продано 1 000 единиц.",
    );
    assert_eq!(got.unwrap().1, "Продано 1 500,25 единиц.");
}

#[test]
fn numbers_found_by_value_respect_neighbours_and_order() {
    // Two numbers, the target swaps their order and writes decimal commas.
    let got = adapted(
        "Growth rose from 1.5% to 2.5%.",
        "Growth rose from 1.2% to 3.4%.",
        "Рост: до 3,4% с 1,2%.",
    );
    assert_eq!(got.unwrap().1, "Рост: до 2,5% с 1,5%.");
    // "в 2014 100 человек": two numbers cut at the space, not 2,014,100.
    let got = adapted(
        "In 2014 250 people came.",
        "In 2014 100 people came.",
        "В 2014 100 человек пришли.",
    );
    assert_eq!(got.unwrap().1, "В 2014 250 человек пришли.");
    // A space-grouped number is not taken apart to find one of its groups.
    assert!(adapted("Only 7 came.", "Only 0 came.", "Пришли 1 000 000.").is_none());
    // Glued to letters: not a number of the target.
    assert!(adapted("It is 4.7 km.", "It is 4.5 km.", "Это 4,5км.").is_none());
    // A different value is not a match, whatever its notation.
    assert!(adapted("It is 4.7 km.", "It is 4.5 km.", "Это 4,6 км.").is_none());
}

#[test]
fn number_notations_read_and_write() {
    let chars = |s: &str| s.chars().collect::<Vec<char>>();
    let values = |s: &str| {
        readings(&chars(s))
            .iter()
            .map(|r| format!("{}.{}", r.value().0, r.value().1))
            .collect::<Vec<_>>()
    };
    assert_eq!(values("4,5"), ["4.5"]);
    assert_eq!(values("4.50"), ["4.5"]);
    assert_eq!(values("1,000"), ["1000.", "1."]);
    assert_eq!(values("1.000.000,25"), ["1000000.25"]);
    assert_eq!(values("1\u{A0}000,5"), ["1000.5"]);
    assert!(values("1,00,000").is_empty());
    assert!(values("4.").is_empty());
    assert_eq!(
        target_numbers(&chars("в 2014 100 человек, 1 000 000 и 4,5%; x2"), false),
        [(2, 6), (7, 10), (20, 29), (32, 35)]
    );
    let w = read_number(&chars("2,750,000.5"), '.').unwrap();
    assert_eq!(
        write_number(&w, Some(NNBSP), ','),
        "2\u{202F}750\u{202F}000,5"
    );
    assert_eq!(write_number(&w, None, ','), "2750000,5");
}

#[test]
fn upper_bound_never_below_score() {
    for (q, s) in [
        ("a b c", "a b d"),
        ("in 2015", "in 2014"),
        ("A b", "a b"),
        ("x", "y"),
    ] {
        let scored = run(q, s, "2014");
        assert!(upper_bound(&tokenize(q), &tokenize(s)) >= scored.score);
    }
}

#[test]
fn unapproved_props_are_recognised() {
    let mut unit = TranslationUnit::pair("en", "a", "ru", "б");
    assert!(!is_unapproved(&unit, &unit.variants[0], &unit.variants[1]));
    unit.props.push(Prop {
        kind: "x-ConfirmationLevel".into(),
        attrs: vec![],
        value: "Draft".into(),
    });
    assert!(is_unapproved(&unit, &unit.variants[0], &unit.variants[1]));
}

#[test]
fn diff_marks_deleted_words_at_query_gap() {
    let spans = diff(&tokenize("a c"), &tokenize("a b c"));
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].op, DiffOp::Delete);
    assert_eq!((spans[0].query_start, spans[0].query_end), (1, 1));
    assert_eq!((spans[0].source_start, spans[0].source_end), (2, 3));
}
