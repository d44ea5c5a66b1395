//! Property tests: any glossary written as TBX (v2, v3 DCA, v3 DCT), TSV or
//! CSV reads back with the same terms, languages and statuses.

use proptest::prelude::*;
use tmkit::glossary::{
    Entry, Glossary, GlossaryFormat, NameType, TbxStyle, TbxVersion, Term, TermStatus,
};

fn status() -> impl Strategy<Value = Option<TermStatus>> {
    prop_oneof![
        Just(None),
        Just(Some(TermStatus::Preferred)),
        Just(Some(TermStatus::Admitted)),
        Just(Some(TermStatus::Deprecated)),
        Just(Some(TermStatus::Superseded)),
        Just(Some(TermStatus::Forbidden)),
    ]
}

/// Term text: words of Latin, Cyrillic and markup-significant characters,
/// single-spaced (readers fold whitespace), never empty.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec("[A-Za-zÀ-ÿА-яЁё&<>\"',;0-9]{1,8}", 1..4).prop_map(|w| w.join(" "))
}

fn glossary() -> impl Strategy<Value = Glossary> {
    let entry = (
        text(),
        proptest::collection::vec((text(), status()), 1..3),
        prop_oneof![
            Just(None),
            Just(Some(NameType::Person)),
            Just(Some(NameType::Place))
        ],
    )
        .prop_map(|(source, targets, name_type)| {
            let mut terms = vec![Term::new("ru", &source)];
            for (t, s) in targets {
                let mut term = Term::new("en", &t);
                term.status = s;
                terms.push(term);
            }
            Entry {
                name_type,
                terms,
                ..Entry::default()
            }
        });
    proptest::collection::vec(entry, 1..6).prop_map(|entries| Glossary {
        path: "p".into(),
        entries,
        ..Glossary::default()
    })
}

fn key(g: &Glossary) -> Vec<Vec<(String, String, Option<TermStatus>)>> {
    g.entries
        .iter()
        .map(|e| {
            let mut terms: Vec<_> = e
                .terms
                .iter()
                .map(|t| (t.lang.normalized().to_string(), t.text.clone(), t.status))
                .collect();
            terms.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
            terms
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn round_trips(g in glossary()) {
        let cases = [
            ("x.tbx", GlossaryFormat::Tbx, TbxVersion::V3, TbxStyle::Dca),
            ("x.tbx", GlossaryFormat::Tbx, TbxVersion::V3, TbxStyle::Dct),
            ("x.tbx", GlossaryFormat::Tbx, TbxVersion::V2, TbxStyle::Dca),
            ("x.tsv", GlossaryFormat::Tsv, TbxVersion::V3, TbxStyle::Dca),
            ("x.csv", GlossaryFormat::Csv, TbxVersion::V3, TbxStyle::Dca),
        ];
        for (name, format, version, style) in cases {
            let mut out = Vec::new();
            g.write(&mut out, format, version, style).unwrap();
            let (back, _) = Glossary::parse_bytes(&out, name, format, &Default::default())
                .unwrap_or_else(|e| panic!("{name} {version:?} {style:?}: {e}\n{}", String::from_utf8_lossy(&out)));
            prop_assert_eq!(key(&back), key(&g), "{:?} {:?} {:?}", format, version, style);
            let types: Vec<_> = back.entries.iter().map(|e| e.name_type).collect();
            let expected: Vec<_> = g.entries.iter().map(|e| e.name_type).collect();
            prop_assert_eq!(types, expected);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        for format in [GlossaryFormat::Tbx, GlossaryFormat::Tsv, GlossaryFormat::Csv] {
            let _ = Glossary::parse_bytes(&bytes, "fuzz", format, &Default::default());
        }
    }
}
