//! Tests of `anchors.rs` (kept apart so the module stays readable).

use super::*;

fn keys(lang: &str, text: &str) -> Vec<Anchor> {
    AnchorFinder::new(&LangTag::parse(lang), None, true).anchors(text)
}

fn shared(a: &[Anchor], b: &[Anchor]) -> usize {
    a.iter()
        .filter(|x| b.iter().any(|y| y.key == x.key))
        .count()
}

#[test]
fn numbers_agree_across_notations() {
    let en = keys("en", "They paid 1,500 dollars and 4.5 percent.");
    let ru = keys("ru", "Они заплатили 1 500 долларов и 4,5 процента.");
    let de = keys("de", "Sie zahlten 1.500 Dollar und 4,5 Prozent.");
    let numbers = |a: &[Anchor]| -> Vec<Anchor> {
        a.iter()
            .filter(|x| x.kind == AnchorKind::Number)
            .copied()
            .collect()
    };
    assert_eq!(shared(&numbers(&en), &ru), 2);
    assert_eq!(shared(&numbers(&en), &de), 2);
    // "dollars" and "долларов" are cognates.
    assert!(
        en.iter()
            .any(|x| x.kind == AnchorKind::Cognate && ru.contains(x))
    );
    assert!(shared(&keys("en", "It cost 1,600."), &ru) == 0);
}

#[test]
fn numbers_written_as_words_agree_with_digits() {
    let digit = |lang: &str, text: &str| -> Vec<Anchor> {
        keys(lang, text)
            .into_iter()
            .filter(|x| x.kind == AnchorKind::Digit)
            .collect()
    };
    let en = digit("en", "Food sales were down three per cent.");
    assert_eq!(en.len(), 1);
    assert_eq!(shared(&en, &keys("ru", "Продажи еды упали на 3%.")), 1);
    assert_eq!(
        shared(&en, &keys("uk", "Продажі впали втричі, на трьох ринках.")),
        1
    );
    assert_eq!(shared(&en, &keys("de", "Drei Prozent weniger.")), 1);
    assert_eq!(shared(&en, &keys("en", "Sales fell 4%.")), 0);
    // A word that is also a number's form in one case only is left out.
    assert!(digit("ru", "Он пришёл с семью.").is_empty());
    assert!(digit("fr", "Un bâtiment neuf.").is_empty());
}

#[test]
fn names_agree_through_transliteration_and_case_forms() {
    let en = keys("en", "We spoke to Mikhail Kukhtin yesterday.");
    let ru = keys("ru", "Мы поговорили вчера с Михаилом Кухтиным.");
    let ru_gen = keys("ru", "Интервью Кухтина вышло вчера.");
    let uk = keys("uk", "Ми говорили з Михайлом Кухтіним.");
    assert!(shared(&en, &ru) >= 2, "{en:?} {ru:?}");
    assert!(shared(&en, &ru_gen) >= 1);
    assert!(shared(&en, &uk) >= 1);
    let other = keys("ru", "Мы поговорили вчера с Борисом Литвиновым.");
    assert_eq!(shared(&en, &other), 0);
}

#[test]
fn cognates_meet_across_scripts_and_spellings() {
    let shared_cognates = |a: &str, la: &str, b: &str, lb: &str| {
        let (x, y) = (keys(la, a), keys(lb, b));
        x.iter()
            .filter(|k| k.kind == AnchorKind::Cognate && y.contains(k))
            .count()
    };
    assert_eq!(shared_cognates("президент", "ru", "president", "en"), 1);
    assert_eq!(shared_cognates("политических", "ru", "political", "en"), 1);
    assert_eq!(shared_cognates("philosophie", "fr", "filosofia", "en"), 1);
    assert_eq!(shared_cognates("regierung", "de", "government", "en"), 0);
}

#[test]
fn clock_times_agree_across_conventions() {
    let times = |lang: &str, text: &str| -> Vec<Anchor> {
        keys(lang, text)
            .into_iter()
            .filter(|a| a.kind == AnchorKind::Number)
            .collect()
    };
    let en = times("en", "At 2pm two vans arrived; at 2:30 p.m. they left.");
    assert_eq!(en.len(), 2);
    for (lang, text) in [
        (
            "de",
            "Um 14:00 Uhr kamen zwei Wagen, um 14.30 Uhr fuhren sie.",
        ),
        (
            "fr",
            "À 14h deux fourgons sont arrivés, à 14h30 ils sont partis.",
        ),
        ("ru", "В 14:00 приехали две машины, в 14:30 они уехали."),
    ] {
        let other = times(lang, text);
        assert_eq!(shared(&en, &other), 2, "{lang}: {en:?} {other:?}");
    }
    // A score and a plain number are not times.
    assert!(times("de", "ein 1:0-Sieg").iter().all(|a| !en.contains(a)));
    assert_eq!(shared(&times("en", "It cost 14.50 dollars."), &en), 0);
}

#[test]
fn dates_links_and_marks() {
    let en = keys("en", "On 3 March 2019 he wrote to news@example.org: why?");
    let ru = keys(
        "ru",
        "3 марта 2019 года он написал на news@example.org: почему?",
    );
    assert!(shared(&en, &ru) >= 5, "{en:?}\n{ru:?}");
    let may = keys("en", "It may rain.");
    assert!(may.iter().all(|a| a.kind != AnchorKind::Month));
    let url = keys("en", "See https://example.org/a.");
    assert_eq!(shared(&url, &keys("fr", "Voir https://example.org/a ?")), 1);
}

#[test]
fn glossary_terms_match_case_forms() {
    let text = "id\tru\ten\nx\tДонецк\tDonetsk\n";
    let (glossary, _) = Glossary::parse_bytes(
        text.as_bytes(),
        "g.tsv",
        crate::glossary::GlossaryFormat::Tsv,
        &Default::default(),
    )
    .unwrap();
    let terms = TermAnchors::new(&[glossary], &LangTag::parse("ru"), &LangTag::parse("en"));
    assert_eq!(terms.concepts(), 1);
    let mut ru = AnchorFinder::new(&LangTag::parse("ru"), Some(&terms), true);
    let mut en = AnchorFinder::new(&LangTag::parse("en"), Some(&terms), false);
    let a = ru.anchors("В донецке тихо.");
    let b = en.anchors("It is quiet in Donetsk.");
    assert!(a.iter().any(|x| x.kind == AnchorKind::Term));
    assert!(b.iter().any(|x| x.kind == AnchorKind::Term));
}
