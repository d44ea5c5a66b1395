//! Mutated TMX never makes the reader panic, and whatever it accepts, the
//! writer writes in a form the reader accepts again with the same data.

use proptest::prelude::*;
use std::io::Cursor;
use tmkit::tmx::{TmxReader, TmxWriter, WriteOptions};
use tmkit::unit::{Header, ReadError, TranslationUnit, UnitReader};

const SEED: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd" [ <!ENTITY e "x"> ]>
<tmx version="1.4">
<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext">
  <prop type="x-p">header prop</prop><note>header note</note>
  <ude name="u" base="Macintosh"><map unicode="#xF8FF" code="#xF0"/></ude>
</header>
<body>
<tu tuid="1" creationdate="20200101T000000Z"><prop type="x-c">ctx &amp; more</prop><note>n</note>
  <tuv xml:lang="en-US"><seg>Press <bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> <ph x="2">&lt;img alt="<sub>Logo <hi>big</hi></sub>"&gt;</ph>. 𝄞</seg></tuv>
  <tuv lang="ru"><seg>Нажмите <it pos="begin">&lt;i&gt;</it><ut>{\b}</ut><![CDATA[<raw>]]></seg></tuv>
</tu>
<tu tuid="2"><tuv xml:lang="en"><seg>Two</seg></tuv><tuv xml:lang="uk"><seg>Два</seg></tuv></tu>
</body>
</tmx>
"##;

const PIECES: &[&[u8]] = &[
    b"<",
    b">",
    b"&",
    b"\"",
    b"'",
    b"/",
    b"\0",
    b"\x01",
    b"\xFF",
    b"\xE9",
    b"\xF0\x9D",
    b"</tu>",
    b"<tu>",
    b"<tuv>",
    b"</seg>",
    b"<seg>",
    b"<hi>",
    b"</hi>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"]]>",
    b"&#0;",
    b"&#x110000;",
    b"&unknown;",
    b"<?pi?>",
    b" xml:lang=\"fr\"",
    b"\r\n",
    b"<!DOCTYPE x>",
    b"<unknown>",
    b"</unknown>",
    b"=",
];

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..SEED.len(), 1usize..20).prop_map(|(at, len)| Edit::Delete(at, len)),
        (0..SEED.len(), 0..PIECES.len()).prop_map(|(at, piece)| Edit::Insert(at, piece)),
        (0..SEED.len()).prop_map(Edit::Truncate),
    ]
}

fn apply(edits: &[Edit]) -> Vec<u8> {
    let mut bytes = SEED.as_bytes().to_vec();
    for edit in edits {
        match *edit {
            Edit::Delete(at, len) => {
                let at = at.min(bytes.len());
                let end = (at + len).min(bytes.len());
                bytes.drain(at..end);
            }
            Edit::Insert(at, piece) => {
                let at = at.min(bytes.len());
                bytes.splice(at..at, PIECES[piece].iter().copied());
            }
            Edit::Truncate(at) => bytes.truncate(at),
        }
    }
    bytes
}

fn read(bytes: Vec<u8>) -> Result<(Header, Vec<TranslationUnit>), ReadError> {
    let mut reader = TmxReader::from_reader(Cursor::new(bytes), "fuzz.tmx")?;
    let mut units = Vec::new();
    while let Some(unit) = reader.next_unit()? {
        units.push(unit);
    }
    let _ = reader.take_warnings();
    Ok((reader.header().clone(), units))
}

fn canonical(unit: &TranslationUnit) -> String {
    let mut unit = unit.clone();
    for variant in &mut unit.variants {
        if variant.attrs.iter().any(|(n, _)| n == "xml:lang") {
            variant.attrs.retain(|(n, _)| n != "lang");
        }
        for (name, _) in &mut variant.attrs {
            if name == "lang" {
                *name = "xml:lang".to_string();
            }
        }
    }
    serde_json::to_string(&unit).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn mutated_input_never_panics_and_accepted_input_round_trips(
        edits in proptest::collection::vec(edit(), 1..5)
    ) {
        let bytes = apply(&edits);
        let Ok((header, units)) = read(bytes) else {
            return Ok(());
        };
        let mut writer = TmxWriter::new(Vec::new(), &header, &WriteOptions::default()).unwrap();
        for unit in &units {
            writer.write_unit(unit).unwrap();
        }
        let dropped = writer.attributes_dropped();
        let written = writer.finish().unwrap();
        let (header_again, again) = read(written.clone()).unwrap_or_else(|err| {
            panic!("written file unreadable: {err}\n{}", String::from_utf8_lossy(&written))
        });
        prop_assert_eq!(&header.props, &header_again.props);
        prop_assert_eq!(&header.notes, &header_again.notes);
        prop_assert_eq!(units.len(), again.len());
        if dropped == 0 {
            for (before, after) in units.iter().zip(&again) {
                prop_assert_eq!(canonical(before), canonical(after));
            }
        }
    }
}

#[test]
fn the_seed_itself_reads_and_round_trips() {
    let (header, units) = read(SEED.as_bytes().to_vec()).unwrap();
    assert_eq!(units.len(), 2);
    assert_eq!(header.udes.len(), 1);
}
