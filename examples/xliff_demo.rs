//! Builds a small XLIFF document the way `tmkit pretranslate` would (segments,
//! a match, a glossary entry) and prints it: `cargo run --example xliff_demo -- 2.0`.

use tmkit::unit::Inline;
use tmkit::xliff::{self, Document, GlossaryEntry, Match, Segment, State, Unit, Version};

fn main() {
    let version = std::env::args()
        .nth(1)
        .and_then(|v| Version::parse(&v))
        .unwrap_or(Version::V1_2);
    let mut doc = Document::new(version, "en", Some("ru"));
    let file = doc.add_file("f1", "report.txt");
    let segments = [
        Segment {
            source: vec![Inline::text("The ceasefire has held for 14 days.")],
            target: Some(vec![Inline::text(
                "Режим прекращения огня соблюдается уже 14 дней.",
            )]),
            state: Some(State::Translated),
            ..Segment::default()
        },
        Segment {
            source: vec![Inline::text(" ")],
            ignorable: true,
            ..Segment::default()
        },
        Segment {
            source: vec![Inline::text("Mikhail Kukhtin said so.")],
            ..Segment::default()
        },
    ];
    let mut unit = Unit::new(version, "p1", &segments);
    unit.add_match(&Match {
        segment: Some("1".into()),
        similarity: Some(99.0),
        origin: Some("news.tmdb#5".into()),
        source: vec![Inline::text("The ceasefire has held for 30 days.")],
        target: vec![Inline::text(
            "Режим прекращения огня соблюдается уже 30 дней.",
        )],
        ..Match::default()
    });
    unit.add_glossary_entry(&GlossaryEntry {
        term: "Mikhail Kukhtin".into(),
        translations: vec!["Михаил Кухтин".into()],
        ..GlossaryEntry::default()
    });
    doc.add_unit(file, unit);
    let out = xliff::write(&doc, Vec::new()).expect("writing to memory cannot fail");
    print!("{}", String::from_utf8_lossy(&out));
}
