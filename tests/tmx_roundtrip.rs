//! Property test: random units (nested inline tags, astral characters, XML
//! specials, attributes, props, notes, several languages) survive write → read.

use proptest::prelude::*;
use std::io::Cursor;
use tmkit::lang::LangTag;
use tmkit::tmx::{TmxReader, TmxWriter, WriteOptions};
use tmkit::unit::{
    Attributes, Header, Inline, Note, Prop, TagKind, TranslationUnit, UnitReader, Variant,
};

const CHARS: &[char] = &[
    'a',
    'Z',
    '0',
    ' ',
    ' ',
    '<',
    '>',
    '&',
    '"',
    '\'',
    ';',
    '#',
    ']',
    '\n',
    '\t',
    '\r',
    '𝄞',
    '😀',
    'ж',
    'ї',
    '中',
    'é',
    '\u{A0}',
    '\u{FEFF}',
    '\u{10FFFD}',
];

fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(CHARS), 0..max)
        .prop_map(|chars| chars.into_iter().collect())
}

fn attributes(names: &'static [&'static str]) -> impl Strategy<Value = Attributes> {
    proptest::collection::vec((proptest::sample::select(names), text(8)), 0..4).prop_map(|pairs| {
        let mut attrs = Attributes::new();
        for (name, value) in pairs {
            if !attrs.iter().any(|(n, _)| n == name) {
                attrs.push((name.to_string(), value));
            }
        }
        attrs
    })
}

fn inline() -> impl Strategy<Value = Inline> {
    let leaf = prop_oneof![
        3 => text(10).prop_map(Inline::text),
        1 => (
            proptest::sample::select(vec![TagKind::Ph, TagKind::It, TagKind::Ut, TagKind::Ept]),
            attributes(&["i", "x", "type", "pos", "assoc"]),
        )
            .prop_map(|(kind, attrs)| Inline::tag(kind, attrs, Vec::new())),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        (
            proptest::sample::select(vec![
                TagKind::Bpt,
                TagKind::Ept,
                TagKind::It,
                TagKind::Ph,
                TagKind::Hi,
                TagKind::Ut,
                TagKind::Sub,
            ]),
            attributes(&["i", "x", "type", "pos", "datatype"]),
            proptest::collection::vec(inner, 0..4),
        )
            .prop_map(|(kind, attrs, content)| Inline::tag(kind, attrs, content))
    })
}

/// The reader joins adjacent text and never yields empty text pieces.
fn normalize(content: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for piece in content {
        match piece {
            Inline::Text { text } if text.is_empty() => {}
            Inline::Text { text } => match out.last_mut() {
                Some(Inline::Text { text: last }) => last.push_str(&text),
                _ => out.push(Inline::Text { text }),
            },
            Inline::Tag {
                kind,
                attrs,
                content,
            } => out.push(Inline::Tag {
                kind,
                attrs,
                content: normalize(content),
            }),
        }
    }
    out
}

fn props() -> impl Strategy<Value = Vec<Prop>> {
    proptest::collection::vec(
        (
            proptest::sample::select(vec!["x-Context", "x-Origin", "x-Note:SingleString"]),
            proptest::option::of(proptest::sample::select(vec!["en", "ru-RU"])),
            text(12),
        )
            .prop_map(|(kind, lang, value)| {
                let mut attrs = vec![("type".to_string(), kind.to_string())];
                if let Some(lang) = lang {
                    attrs.push(("xml:lang".to_string(), lang.to_string()));
                }
                Prop {
                    kind: kind.to_string(),
                    attrs,
                    value,
                }
            }),
        0..3,
    )
}

fn notes() -> impl Strategy<Value = Vec<Note>> {
    proptest::collection::vec(
        (attributes(&["xml:lang", "o-encoding"]), text(12))
            .prop_map(|(attrs, text)| Note { attrs, text }),
        0..2,
    )
}

fn variant() -> impl Strategy<Value = Variant> {
    (
        proptest::sample::select(vec![
            "en",
            "EN-US",
            "ru",
            "uk",
            "zh-Hant-TW",
            "de_de",
            "sr-Latn",
        ]),
        attributes(&["creationid", "changeid", "o-tmf", "x-custom"]),
        proptest::option::of(proptest::sample::select(vec!["20240102T030405Z"])),
        props(),
        notes(),
        proptest::collection::vec(inline(), 0..6),
    )
        .prop_map(|(lang, extra, date, props, notes, content)| {
            let mut attrs = vec![("xml:lang".to_string(), lang.to_string())];
            attrs.extend(extra);
            if let Some(date) = date {
                attrs.push(("creationdate".to_string(), date.to_string()));
            }
            Variant {
                lang: LangTag::parse(lang),
                attrs,
                props,
                notes,
                content: normalize(content),
            }
        })
}

fn unit() -> impl Strategy<Value = TranslationUnit> {
    (
        attributes(&["tuid", "srclang", "usagecount", "o-tmf", "x-Origin"]),
        props(),
        notes(),
        proptest::collection::vec(variant(), 1..4),
    )
        .prop_map(|(attrs, props, notes, variants)| TranslationUnit {
            attrs,
            props,
            notes,
            variants,
        })
}

fn round_trip(header: &Header, units: &[TranslationUnit]) -> (Header, Vec<TranslationUnit>) {
    let mut writer = TmxWriter::new(Vec::new(), header, &WriteOptions::default()).unwrap();
    for unit in units {
        writer.write_unit(unit).unwrap();
    }
    assert_eq!(writer.characters_dropped(), 0);
    let bytes = writer.finish().unwrap();
    let mut reader = TmxReader::from_reader(Cursor::new(bytes), "prop.tmx")
        .unwrap_or_else(|err| panic!("written file unreadable: {err}"));
    let mut read = Vec::new();
    while let Some(unit) = reader
        .next_unit()
        .unwrap_or_else(|err| panic!("written file unreadable: {err}"))
    {
        read.push(unit);
    }
    (reader.header().clone(), read)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn units_survive_write_then_read(
        units in proptest::collection::vec(unit(), 0..5),
        header_props in props(),
        header_notes in notes(),
    ) {
        let header = Header {
            version: "1.4".to_string(),
            attrs: vec![("srclang".to_string(), "en".to_string())],
            props: header_props,
            notes: header_notes,
            udes: Vec::new(),
        };
        let (header_again, again) = round_trip(&header, &units);
        prop_assert_eq!(&header.props, &header_again.props);
        prop_assert_eq!(&header.notes, &header_again.notes);
        prop_assert_eq!(units.len(), again.len());
        for (before, after) in units.iter().zip(&again) {
            // JSON, so the language spelling is compared too (LangTag equality ignores case).
            prop_assert_eq!(
                serde_json::to_string(before).unwrap(),
                serde_json::to_string(after).unwrap()
            );
        }
    }
}
