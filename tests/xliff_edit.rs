//! Edits of documents from other tools: filling targets keeps the tool's own
//! state in step (Trados `sdl:seg conf`, memoQ `mq:status`), segmented 1.2
//! units get a target mirroring `seg-source`, and everything else stays.

use tmkit::unit::Inline;
use tmkit::xliff::{self, State};

fn read(text: &str) -> xliff::Document {
    xliff::read(std::io::Cursor::new(text.to_string()), "t.xlf")
        .unwrap()
        .0
}

fn write(doc: &xliff::Document) -> String {
    String::from_utf8(xliff::write(doc, Vec::new()).unwrap()).unwrap()
}

#[test]
fn segmented_1_2_targets_mirror_seg_source_and_update_sdl_confirmation() {
    let mut doc = read(
        r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0">
<file original="a" source-language="en" target-language="de" datatype="x"><body>
<trans-unit id="u"><source>One. Two.</source><seg-source><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2">Two.</mrk></seg-source>
<sdl:seg-defs><sdl:seg id="1"/><sdl:seg id="2" conf="Draft"/></sdl:seg-defs></trans-unit>
</body></file></xliff>"#,
    );
    let unit = doc.units_mut().next().unwrap();
    // Segment, ignorable " ", segment.
    assert_eq!(unit.segments().len(), 3);
    assert!(unit.segments()[1].ignorable);
    unit.set_target(0, vec![Inline::text("Eins.")], State::Translated)
        .unwrap();
    assert_eq!(unit.segments()[0].state, Some(State::Translated));
    assert!(
        unit.set_target(1, vec![Inline::text("x")], State::Final)
            .is_err()
    );
    let out = write(&doc);
    assert!(out.contains(r#"<target state="needs-translation"><mrk mtype="seg" mid="1">Eins.</mrk> <mrk mtype="seg" mid="2"/></target>"#), "{out}");
    assert!(
        out.contains(r#"<sdl:seg id="1" conf="Translated"/>"#),
        "{out}"
    );
    let unit = doc.units_mut().next().unwrap();
    unit.set_target(2, vec![Inline::text("Zwei.")], State::Final)
        .unwrap();
    let out = write(&doc);
    // Every segment filled: the target takes the state asked for.
    assert!(out.contains(r#"<target state="final"><mrk mtype="seg" mid="1">Eins.</mrk> <mrk mtype="seg" mid="2">Zwei.</mrk></target>"#), "{out}");
    assert!(
        out.contains(r#"<sdl:seg id="2" conf="ApprovedSignOff"/>"#),
        "{out}"
    );
}

#[test]
fn memoq_status_follows_the_target_state() {
    let mut doc = read(
        r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff">
<file original="a" source-language="en" target-language="fr" datatype="x"><body>
<trans-unit id="1" mq:status="NotStarted"><source>Hello</source><target/></trans-unit>
</body></file></xliff>"#,
    );
    let unit = doc.units_mut().next().unwrap();
    assert_eq!(unit.segments()[0].state, Some(State::Initial));
    unit.set_target(0, vec![Inline::text("Bonjour")], State::Translated)
        .unwrap();
    assert_eq!(unit.segments()[0].state, Some(State::Translated));
    assert_eq!(
        unit.segments()[0].state_detail.as_deref(),
        Some("Confirmed")
    );
    let out = write(&doc);
    assert!(out.contains(r#"<trans-unit id="1" mq:status="Confirmed"><source>Hello</source><target state="translated">Bonjour</target>"#), "{out}");
}

#[test]
fn prefixed_documents_get_prefixed_edits() {
    let mut doc = read(
        r#"<x:xliff version="1.2" xmlns:x="urn:oasis:names:tc:xliff:document:1.2">
<x:file original="a" source-language="en" target-language="fr" datatype="x"><x:body>
<x:trans-unit id="1"><x:source>Hello <x:g id="1">you</x:g></x:source></x:trans-unit>
</x:body></x:file></x:xliff>"#,
    );
    let unit = doc.units_mut().next().unwrap();
    let source = unit.segments()[0].source.clone();
    unit.set_target(0, source.clone(), State::Translated)
        .unwrap();
    unit.add_match(&xliff::Match {
        similarity: Some(80.0),
        source: source.clone(),
        target: source,
        ..xliff::Match::default()
    });
    let out = write(&doc);
    assert!(
        out.contains(r#"<x:target state="translated">Hello <x:g id="1">you</x:g></x:target>"#),
        "{out}"
    );
    assert!(
        out.contains(r#"<x:alt-trans match-quality="80"><x:source>"#),
        "{out}"
    );
    let again = read(&out);
    assert_eq!(again.units().next().unwrap().matches().len(), 1);
}

#[test]
fn original_data_holds_the_native_code_of_2x_codes() {
    use tmkit::unit::TagKind;
    use tmkit::xliff::{Segment, Unit, Version};
    let attrs = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let source = vec![
        Inline::text("Line"),
        Inline::tag(
            TagKind::Ph,
            attrs(&[("id", "1"), ("dataRef", "d1")]),
            vec![],
        ),
        Inline::tag(
            TagKind::Pc,
            attrs(&[("id", "2"), ("dataRefStart", "d2"), ("dataRefEnd", "d3")]),
            vec![Inline::text("bold")],
        ),
    ];
    let mut unit = Unit::new(
        Version::V2_0,
        "u",
        &[Segment {
            source,
            ..Segment::default()
        }],
    );
    let data: Vec<(String, String)> = vec![
        ("d1".into(), "<br/>".into()),
        ("d2".into(), "<b>".into()),
        ("d3".into(), "</b>".into()),
    ];
    unit.set_original_data(&data);
    assert_eq!(unit.original_data(), data.as_slice());
    let mut doc = xliff::Document::new(Version::V2_0, "en", Some("de"));
    let file = doc.add_file("f", "a.html");
    doc.add_unit(file, unit);
    let out = write(&doc);
    assert!(out.contains(r#"<originalData><data id="d1">&lt;br/&gt;</data><data id="d2">&lt;b&gt;</data><data id="d3">&lt;/b&gt;</data></originalData><segment id="1">"#), "{out}");
    let again = read(&out);
    let unit = again.units().next().unwrap();
    let tmx = xliff::to_tmx_content_with_data(&unit.segments()[0].source, unit.original_data());
    assert_eq!(tmkit::unit::plain_text(&tmx), "Linebold");
    let native: Vec<String> = tmx
        .iter()
        .filter_map(|p| match p {
            Inline::Tag { content, .. } => Some(tmkit::unit::plain_text(content)),
            _ => None,
        })
        .collect();
    // plain_text skips code content, so read the code text directly.
    let codes: Vec<String> = tmx
        .iter()
        .filter_map(|p| match p {
            Inline::Tag { content, .. } => content.iter().find_map(|c| match c {
                Inline::Text { text } => Some(text.clone()),
                _ => None,
            }),
            _ => None,
        })
        .collect();
    assert_eq!(native.len(), 3);
    assert_eq!(codes, vec!["<br/>", "<b>", "</b>"]);
}

#[test]
fn fuzzy_fills_are_qualified_in_every_version() {
    use tmkit::xliff::{Segment, Unit, Version};
    for version in [Version::V1_2, Version::V2_0] {
        let mut doc = xliff::Document::new(version, "en", Some("de"));
        let file = doc.add_file("f", "a.txt");
        let mut unit = Unit::new(
            version,
            "u",
            &[Segment {
                source: vec![Inline::text("Hi")],
                ..Segment::default()
            }],
        );
        unit.set_target(0, vec![Inline::text("Hallo")], State::Initial)
            .unwrap();
        unit.set_state_qualifier(0, Some("fuzzy-match")).unwrap();
        doc.add_unit(file, unit);
        let again = read(&write(&doc));
        let segment = &again.units().next().unwrap().segments()[0];
        assert_eq!(segment.state, Some(State::Initial), "{version}");
        let detail = segment.state_detail.clone().unwrap();
        assert!(detail.ends_with("fuzzy-match"), "{version}: {detail}");
        // And an import does not take it.
        assert!(!xliff::ImportFilter::default().accepts(segment));
    }
}

/// A batch of edits (`Unit::edit_batch`, which pretranslation uses: one
/// re-read of the unit at the end) leaves the unit exactly as the same edits
/// made one by one: 1.2 with a segmented `seg-source` and Trados
/// confirmations, plain 1.2, and 2.0 with an ignorable.
#[test]
fn a_batch_of_edits_equals_the_edits_one_by_one() {
    use tmkit::xliff::{Match, Note, Segment, Unit, Version};
    let segmented = read(
        r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0">
<file original="a" source-language="en" target-language="de" datatype="x"><body>
<trans-unit id="u"><source>One. Two. Three.</source><seg-source><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2">Two.</mrk> <mrk mtype="seg" mid="3">Three.</mrk></seg-source>
<sdl:seg-defs><sdl:seg id="1"/><sdl:seg id="2" conf="Draft"/><sdl:seg id="3"/></sdl:seg-defs></trans-unit>
</body></file></xliff>"#,
    )
    .units()
    .next()
    .unwrap()
    .clone();
    let built = |version: Version| {
        let segments: Vec<Segment> = (0..6)
            .map(|i| Segment {
                source: vec![Inline::text(format!("Sentence {i}."))],
                ignorable: version.is_2x() && i == 2,
                ..Segment::default()
            })
            .collect();
        Unit::new(version, "u", &segments)
    };
    let edit = |unit: &mut Unit| {
        let translatable: Vec<usize> = (0..unit.segments().len())
            .filter(|&i| !unit.segments()[i].ignorable)
            .collect();
        for (n, &i) in translatable.iter().enumerate() {
            let state = if n % 2 == 0 {
                State::Translated
            } else {
                State::Initial
            };
            unit.set_target(i, vec![Inline::text(format!("Satz {n}."))], state)
                .unwrap();
            unit.set_state_qualifier(i, (n % 2 == 1).then_some("fuzzy-match"))
                .unwrap();
            unit.add_match(&Match {
                segment: unit.segments()[i].id.clone(),
                similarity: Some(91.0),
                origin: Some("m.tmdb".into()),
                source: vec![Inline::text("Sentence.")],
                target: vec![Inline::text("Satz.")],
                ..Match::default()
            });
            unit.add_note(&Note {
                text: format!("note {n}"),
                ..Note::default()
            });
        }
    };
    for unit in [segmented, built(Version::V1_2), built(Version::V2_0)] {
        let mut one_by_one = unit.clone();
        edit(&mut one_by_one);
        let mut batched = unit.clone();
        batched.edit_batch(|unit| edit(unit));
        assert_eq!(batched, one_by_one);
        assert!(batched.segments().iter().any(|s| s.target.is_some()));
    }
}
