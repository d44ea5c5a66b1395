//! The TMX reader on each construct and on bad input.

use std::io::{Cursor, Read};
use tmkit::tmx::{TmxReader, read_all};
use tmkit::unit::{Inline, ReadError, ReadWarning, TagKind, TranslationUnit, UnitReader};

const HEADER: &str = r#"<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>"#;

fn doc(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n{HEADER}\n<body>\n{body}\n</body>\n</tmx>\n"
    )
}

fn read_bytes(bytes: Vec<u8>) -> Result<(Vec<TranslationUnit>, Vec<ReadWarning>), ReadError> {
    let mut reader = TmxReader::from_reader(Cursor::new(bytes), "test.tmx")?;
    let mut units = Vec::new();
    while let Some(unit) = reader.next_unit()? {
        units.push(unit);
    }
    Ok((units, reader.take_warnings()))
}

fn read_str(text: &str) -> Result<(Vec<TranslationUnit>, Vec<ReadWarning>), ReadError> {
    read_bytes(text.as_bytes().to_vec())
}

fn pair(en: &str, fr: &str) -> String {
    format!(
        "<tu><tuv xml:lang=\"en\"><seg>{en}</seg></tuv><tuv xml:lang=\"fr\"><seg>{fr}</seg></tuv></tu>"
    )
}

/// Hands out one byte per `read`, to exercise every buffer boundary.
struct OneByte(Cursor<Vec<u8>>);

impl Read for OneByte {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let len = buf.len().min(1);
        self.0.read(&mut buf[..len])
    }
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if big_endian {
            [0xFE, 0xFF]
        } else {
            [0xFF, 0xFE]
        });
    }
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

// ----- constructs --------------------------------------------------------------------

#[test]
fn reads_header_attributes_props_notes_and_udes() {
    let text = r##"<?xml version="1.0"?>
<tmx version="1.4">
<header creationtool="X" creationtoolversion="2" segtype="block" o-tmf="abc" adminlang="en-US" srclang="*all*" datatype="html" creationdate="20020523T091200Z">
  <note xml:lang="en">Header &amp; note</note>
  <ude name="MacRoman" base="Macintosh"><map unicode="#xF8FF" code="#xF0" ent="AppleLogo" subst="[Apple]"/></ude>
  <prop type="x-Domain" xml:lang="en" o-encoding="iso-8859-1">IT</prop>
</header>
<body/>
</tmx>"##;
    let reader = TmxReader::from_reader(Cursor::new(text), "h.tmx").unwrap();
    let header = reader.header();
    assert_eq!(header.version, "1.4");
    assert_eq!(header.attrs[0], ("creationtool".into(), "X".into()));
    assert_eq!(header.attrs.len(), 8);
    assert_eq!(header.source_lang(), None);
    assert_eq!(header.notes[0].text, "Header & note");
    assert_eq!(header.props[0].kind, "x-Domain");
    assert_eq!(header.props[0].attrs.len(), 3);
    assert_eq!(header.props[0].value, "IT");
    assert_eq!(header.udes[0].attrs[0], ("name".into(), "MacRoman".into()));
    assert_eq!(
        header.udes[0].maps[0][2],
        ("ent".into(), "AppleLogo".into())
    );
}

#[test]
fn reads_unit_and_variant_attributes_props_and_notes() {
    let body = r#"<tu tuid="42" srclang="en" usagecount="3" lastusagedate="20200101T000000Z" creationid="me" o-tmf="x" x-extra="kept">
  <prop type="x-Context">ctx</prop><note>tu note</note>
  <tuv xml:lang="EN-US" creationdate="20190101T000000Z"><prop type="x-Origin">TM</prop><note>en note</note><seg>Hello</seg></tuv>
  <tuv xml:lang="ru_RU"><seg>Привет</seg></tuv>
</tu>"#;
    let (units, warnings) = read_str(&doc(body)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let unit = &units[0];
    assert_eq!(unit.tuid(), Some("42"));
    assert_eq!(unit.attrs.len(), 7);
    assert_eq!(unit.attrs[6], ("x-extra".into(), "kept".into()));
    assert_eq!(unit.props[0].value, "ctx");
    assert_eq!(unit.notes[0].text, "tu note");
    let en = &unit.variants[0];
    assert_eq!(en.lang.original(), "EN-US");
    assert_eq!(en.lang.normalized(), "en-US");
    assert_eq!(
        en.attrs[1],
        ("creationdate".into(), "20190101T000000Z".into())
    );
    assert_eq!(en.props[0].kind, "x-Origin");
    assert_eq!(en.notes[0].text, "en note");
    assert_eq!(unit.variants[1].lang.normalized(), "ru-RU");
    assert_eq!(unit.variant("ru-ru").unwrap().text(), "Привет");
}

#[test]
fn reads_tmx_1_1_lang_attributes() {
    let text = r#"<?xml version="1.0"?><tmx version="1.1"><header creationtool="OmegaT" segtype="sentence" o-tmf="OmegaT" adminlang="EN-US" srclang="EN" datatype="plaintext"/>
<body><tu><tuv lang="EN"><seg>One</seg></tuv><tuv lang="FR"><seg>Un</seg></tuv></tu></body></tmx>"#;
    let (units, warnings) = read_str(text).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(units[0].variants[0].lang.original(), "EN");
    assert_eq!(units[0].variant("fr").unwrap().text(), "Un");
}

#[test]
fn keeps_nested_inline_markup() {
    let seg = r#"A <bpt i="1" type="bold">&lt;b&gt;</bpt>b<ept i="1">&lt;/b&gt;</ept> <ph x="2" type="image">&lt;img alt="<sub datatype="html">Logo <hi type="em">big<hi>ger</hi></hi></sub>"&gt;</ph><it pos="begin" x="3">&lt;i&gt;</it><ut>{\b}</ut>!<![CDATA[<raw>]]>"#;
    let (units, _) = read_str(&doc(&pair(seg, "x"))).unwrap();
    let content = &units[0].variants[0].content;
    assert_eq!(content[0], Inline::text("A "));
    let Inline::Tag {
        kind,
        attrs,
        content: code,
    } = &content[1]
    else {
        panic!("{content:?}")
    };
    assert_eq!(*kind, TagKind::Bpt);
    assert_eq!(
        attrs,
        &vec![
            ("i".to_string(), "1".to_string()),
            ("type".into(), "bold".into())
        ]
    );
    assert_eq!(code, &vec![Inline::text("<b>")]);
    let Inline::Tag {
        kind: TagKind::Ph,
        content: ph,
        ..
    } = &content[5]
    else {
        panic!("{content:?}")
    };
    assert_eq!(ph[0], Inline::text("<img alt=\""));
    let Inline::Tag {
        kind: TagKind::Sub,
        content: sub,
        ..
    } = &ph[1]
    else {
        panic!("{ph:?}")
    };
    assert_eq!(sub[0], Inline::text("Logo "));
    let Inline::Tag {
        kind: TagKind::Hi,
        content: hi,
        ..
    } = &sub[1]
    else {
        panic!("{sub:?}")
    };
    assert_eq!(hi[0], Inline::text("big"));
    assert!(matches!(
        &hi[1],
        Inline::Tag {
            kind: TagKind::Hi,
            ..
        }
    ));
    assert_eq!(ph[2], Inline::text("\">"));
    assert!(matches!(
        &content[6],
        Inline::Tag {
            kind: TagKind::It,
            ..
        }
    ));
    assert!(matches!(
        &content[7],
        Inline::Tag {
            kind: TagKind::Ut,
            ..
        }
    ));
    assert_eq!(content[8], Inline::text("!<raw>"));
    assert_eq!(units[0].variants[0].text(), "A b !<raw>");
}

#[test]
fn keeps_astral_characters_and_whitespace_in_segments() {
    let (units, _) = read_str(&doc(&pair("  𝄞 😀\n\t&#x1F600; ", "x"))).unwrap();
    assert_eq!(units[0].variants[0].text(), "  𝄞 😀\n\t😀 ");
}

#[test]
fn reads_from_a_one_byte_at_a_time_stream_in_every_encoding() {
    let text = doc(&pair("Ünïcödé 𝄞 &amp; ещё", "€ &lt;x&gt;"));
    let expected = read_str(&text).unwrap().0;
    let encodings: Vec<Vec<u8>> = vec![
        text.as_bytes().to_vec(),
        [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        utf16(&text.replace("UTF-8", "UTF-16"), false, true),
        utf16(&text.replace("UTF-8", "UTF-16"), true, true),
        utf16(&text.replace("UTF-8", "UTF-16"), false, false),
        utf16(&text.replace("UTF-8", "UTF-16"), true, false),
    ];
    for (i, bytes) in encodings.into_iter().enumerate() {
        let total = bytes.len() as u64;
        let mut reader = TmxReader::from_reader(OneByte(Cursor::new(bytes)), "slow.tmx").unwrap();
        let units: Vec<_> = reader.by_ref().map(|u| u.unwrap()).collect();
        assert_eq!(units, expected, "encoding case {i}");
        assert!(reader.take_warnings().is_empty(), "encoding case {i}");
        assert_eq!(reader.bytes_read(), total, "encoding case {i}");
    }
}

#[test]
fn utf16_big_endian_without_bom() {
    let text = doc(&pair("Big end", "Gros bout 𝄞")).replace("UTF-8", "UTF-16");
    let mut reader =
        TmxReader::from_reader(Cursor::new(utf16(&text, true, false)), "be.tmx").unwrap();
    assert_eq!(reader.encoding(), "UTF-16BE");
    let unit = reader.next_unit().unwrap().unwrap();
    assert_eq!(unit.variant("fr").unwrap().text(), "Gros bout 𝄞");
}

#[test]
fn declared_legacy_encoding_is_decoded() {
    let mut bytes = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>cafe</seg></tuv><tuv xml:lang=\"fr\"><seg>caf".to_vec();
    bytes.push(0xE9);
    bytes.extend(b"</seg></tuv></tu></body></tmx>");
    let (units, _) = read_bytes(bytes).unwrap();
    assert_eq!(units[0].variant("fr").unwrap().text(), "café");
}

#[test]
fn bytes_read_grows_while_streaming() {
    let body: String = (0..3000)
        .map(|i| pair(&format!("sentence {i}"), "phrase"))
        .collect();
    let text = doc(&body);
    let mut reader = TmxReader::from_reader(Cursor::new(text.clone()), "big.tmx").unwrap();
    let first = reader.bytes_read();
    assert!(first < text.len() as u64);
    let count = reader.by_ref().count();
    assert_eq!(count, 3000);
    assert_eq!(reader.bytes_read(), text.len() as u64);
}

// ----- recoverable problems: warnings ------------------------------------------------

#[test]
fn control_characters_are_dropped_with_a_warning_naming_the_unit() {
    let body = "<tu tuid=\"t7\"><tuv xml:lang=\"en\"><seg>bad\u{1}text&#x0B;</seg></tuv><tuv xml:lang=\"fr\"><seg>ok</seg></tuv></tu>";
    let (units, warnings) = read_str(&doc(body)).unwrap();
    assert_eq!(units[0].variants[0].text(), "badtext");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = &warnings[0];
    assert_eq!(warning.unit_index, 1);
    assert_eq!(warning.tuid.as_deref(), Some("t7"));
    assert!(warning.message.contains("U+0001"), "{}", warning.message);
    assert!(warning.message.contains("U+000B"), "{}", warning.message);
    assert_eq!((warning.position.line, warning.position.column), (5, 42));
    assert!(
        warning
            .to_string()
            .starts_with("test.tmx:5:42: unit 1 (tuid t7):")
    );
}

#[test]
fn unbalanced_bpt_ept_is_kept_with_a_warning() {
    let seg = r#"<ept i="1">&lt;/b&gt;</ept>x<bpt i="2">&lt;i&gt;</bpt>"#;
    let (units, warnings) = read_str(&doc(&pair(seg, "y"))).unwrap();
    assert_eq!(units[0].variants[0].content.len(), 3);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains(r#"<ept i="1"> has no <bpt>"#));
    assert!(
        warnings[0]
            .message
            .contains(r#"<bpt i="2"> has no matching <ept>"#)
    );
    assert!(warnings[0].message.contains("en segment"));
}

#[test]
fn unit_problems_warn_and_reading_goes_on() {
    let body = [
        r#"<tu tuid="one"><tuv xml:lang="en"><seg>alone</seg></tuv></tu>"#,
        r#"<tu tuid="none"><prop type="x">p</prop></tu>"#,
        r#"<tu tuid="nolang"><tuv><seg>who?</seg></tuv><tuv xml:lang="fr"><seg>qui ?</seg></tuv><tuv xml:lang="de"><seg>wer?</seg></tuv></tu>"#,
        r#"<tu tuid="unknown"><tuv xml:lang="en"><seg>a <b>bold</b> <br/>move</seg></tuv><tuv xml:lang="fr"><seg>b</seg></tuv></tu>"#,
        r#"<tu tuid="empty"/>"#,
        &pair("last", "dernier"),
    ]
    .concat();
    let (units, warnings) = read_str(&doc(&body)).unwrap();
    let tuids: Vec<_> = units.iter().map(|u| u.tuid()).collect();
    assert_eq!(
        tuids,
        vec![Some("one"), Some("nolang"), Some("unknown"), None]
    );
    assert_eq!(units[1].variants.len(), 2);
    assert_eq!(units[2].variants[0].text(), "a bold move");
    let summary: Vec<(u64, Option<&str>)> = warnings
        .iter()
        .map(|w| (w.unit_index, w.tuid.as_deref()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (1, Some("one")),
            (2, Some("none")),
            (3, Some("nolang")),
            (4, Some("unknown")),
            (4, Some("unknown")),
            (5, Some("empty")),
        ],
        "{warnings:#?}"
    );
    assert!(warnings[0].message.contains("only one <tuv>"));
    assert!(warnings[1].message.contains("no <tuv>"));
    assert!(warnings[2].message.contains("no xml:lang"));
    assert!(warnings[3].message.contains("unknown element <b>"));
}

#[test]
fn doctype_with_external_entities_is_never_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP SECRET").unwrap();
    let text = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx SYSTEM \"http://127.0.0.1:9/tmx14.dtd\" [\n  <!ENTITY xxe SYSTEM \"file://{}\">\n  <!ENTITY internal \"expanded\">\n]>\n<tmx version=\"1.4\">{HEADER}<body>{}</body></tmx>",
        secret.display(),
        pair("&xxe; and &internal;", "x")
    );
    let (units, warnings) = read_str(&text).unwrap();
    let seg = units[0].variants[0].text();
    assert_eq!(seg, "&xxe; and &internal;");
    assert!(!seg.contains("SECRET"));
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].message.contains("&xxe;"),
        "{}",
        warnings[0].message
    );
    assert!(warnings[0].message.contains("never expands"));
}

#[test]
fn declared_utf16_on_utf8_bytes_warns_and_reads() {
    let text = doc(&pair("naïve", "naïf")).replace("UTF-8", "UTF-16");
    let (units, warnings) = read_str(&text).unwrap();
    assert_eq!(units[0].variant("fr").unwrap().text(), "naïf");
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].unit_index, 0);
    assert!(
        warnings[0].message.contains("\"UTF-16\""),
        "{}",
        warnings[0].message
    );
}

// ----- fatal problems: errors with positions -----------------------------------------

#[test]
fn invalid_utf8_under_a_utf8_declaration_is_an_error_with_position() {
    let mut bytes = doc(&pair("ok", "ok")).into_bytes();
    let at = bytes.windows(5).position(|w| w == b"<seg>").unwrap() + 5;
    bytes.insert(at, 0xE9);
    let err = read_bytes(bytes).unwrap_err();
    assert_eq!((err.position.line, err.position.column), (5, 29), "{err}");
    assert!(err.message.contains("0xE9"), "{err}");
    assert!(err.message.contains("not valid UTF-8"), "{err}");
    assert!(err.message.contains("windows-1252"), "{err}");
}

#[test]
fn truncated_file_names_the_open_unit() {
    let text = doc(&[pair("a", "b"), pair("c", "d")].concat());
    let cut = text.rfind("<seg>d").unwrap() + 6;
    let mut reader =
        TmxReader::from_reader(Cursor::new(text[..cut].to_string()), "cut.tmx").unwrap();
    assert!(reader.next_unit().unwrap().is_some());
    let err = reader.next_unit().unwrap_err();
    assert!(
        err.message
            .contains("unexpected end of file inside <seg> started at line 5"),
        "{err}"
    );
    assert!(
        err.message.contains("in unit 2 (<tu> started at line 5"),
        "{err}"
    );
    assert_eq!(err.position.file, "cut.tmx");
    assert!(reader.next_unit().unwrap().is_none());
}

#[test]
fn truncated_inside_a_tag() {
    let text = doc(&pair("a", "b"));
    let cut = text.find("<tuv xml:lang=\"fr").unwrap() + 10;
    let err = read_str(&text[..cut]).unwrap_err();
    assert!(err.message.contains("malformed XML"), "{err}");
    assert_eq!(err.position.line, 5);
}

#[test]
fn mismatched_end_tag_says_what_was_expected() {
    let body = "<tu>\n  <tuv xml:lang=\"en\"><seg>x</seg>\n</tu>";
    let err = read_str(&doc(body)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "test.tmx:7:1: expected </tuv> (for the <tuv> opened at line 6, column 3), found </tu>"
    );
}

#[test]
fn unbalanced_inline_tags_at_xml_level_are_errors() {
    let err = read_str(&doc(&pair("<hi>open", "x"))).unwrap_err();
    assert!(err.message.contains("expected </hi>"), "{err}");
    assert!(err.message.contains("found </seg>"), "{err}");
}

#[test]
fn empty_file_directory_missing_file_not_xml_not_tmx() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.tmx");
    std::fs::write(&empty, "").unwrap();
    let err = TmxReader::open(&empty).err().unwrap();
    assert!(err.message.contains("empty (0 bytes)"), "{err}");
    assert!(err.to_string().starts_with(&empty.display().to_string()));

    let err = TmxReader::open(dir.path()).err().unwrap();
    assert!(err.message.contains("directory"), "{err}");

    let err = TmxReader::open(&dir.path().join("nope.tmx")).err().unwrap();
    assert!(err.message.contains("no such file"), "{err}");

    let binary = dir.path().join("memory.tmx");
    std::fs::write(&binary, b"SQLite format 3\0\x10\x00").unwrap();
    let err = TmxReader::open(&binary).err().unwrap();
    assert!(err.message.contains("not an XML file"), "{err}");

    let xliff = dir.path().join("file.xlf");
    std::fs::write(&xliff, "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"/>").unwrap();
    let err = TmxReader::open(&xliff).err().unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "{}:2:1: not a TMX file: the root element is <xliff>, expected <tmx>",
            xliff.display()
        )
    );
    assert!(read_all(&xliff).is_err());
}

#[test]
fn content_after_the_root_is_an_error() {
    let text = format!("{}<tmx/>", doc(&pair("a", "b")));
    let mut reader = TmxReader::from_reader(Cursor::new(text), "two.tmx").unwrap();
    assert!(reader.next_unit().unwrap().is_some());
    let err = reader.next_unit().unwrap_err();
    assert!(err.message.contains("after the end of the <tmx>"), "{err}");
}

#[test]
fn hostile_nesting_is_an_error_not_a_crash() {
    let seg = "<hi>".repeat(10_000);
    let err = read_str(&doc(&pair(&seg, "x"))).unwrap_err();
    assert!(err.message.contains("nested more than"), "{err}");
}

#[test]
fn duplicate_attributes_are_malformed() {
    let err = read_str(&doc(r#"<tu tuid="1" tuid="2"></tu>"#)).unwrap_err();
    assert!(err.message.contains("malformed attribute in <tu>"), "{err}");
    assert_eq!(err.position.line, 5);
}

#[test]
fn empty_tmx_files_have_no_units() {
    for text in [
        format!("<tmx version=\"1.4\">{HEADER}<body></body></tmx>"),
        format!("<tmx version=\"1.4\">{HEADER}<body/></tmx>"),
        "<tmx version=\"1.4\"/>".to_string(),
    ] {
        let (units, _) = read_str(&text).unwrap();
        assert!(units.is_empty());
    }
}
