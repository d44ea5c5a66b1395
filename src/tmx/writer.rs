//! The TMX 1.4b writer.
//!
//! Output is always UTF-8, `<tmx version="1.4">`, a header carrying every
//! attribute TMX 1.4b requires, and units written back exactly as the model
//! holds them: attributes in their order with their original spellings (the
//! TMX 1.1 `lang` attribute becomes `xml:lang`), props, notes and inline
//! elements. Reading the output gives the same data back.

use crate::lang::LangTag;
use crate::unit::{
    Attributes, Header, Inline, Note, Prop, TranslationUnit, Variant, attr, plain_text, set_attr,
};
use crate::xml::escape::{escape, is_xml_name};
use std::io::{self, Write};

/// How much markup the output keeps (TMX certification levels).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Level {
    /// Level 1: plain text only; inline codes are left out, `hi` text is kept.
    One,
    /// Level 2: inline markup (`bpt`, `ept`, `it`, `ph`, `hi`, `ut`, `sub`) as read.
    #[default]
    Two,
}

/// Options for [`TmxWriter`].
#[derive(Clone, Debug, Default)]
pub struct WriteOptions {
    /// Level 1 (plain text) or Level 2 (inline markup, the default).
    pub level: Level,
    /// Export only the variants in these languages (matched with
    /// [`LangTag::covers`], so `en` takes `en-GB` and `en-US`). A unit is written
    /// when its remaining variants cover at least two of the wanted languages
    /// (or the one wanted language, when only one is given); other units are
    /// skipped and counted in [`TmxWriter::units_skipped`]. `None`: all variants.
    pub languages: Option<Vec<LangTag>>,
    /// The header's `srclang`; when `None` the input header's value is kept, or
    /// `*all*` when it has none (or, with [`WriteOptions::languages`], when it
    /// names a language that is not exported).
    pub source_lang: Option<LangTag>,
    /// Write `<!DOCTYPE tmx SYSTEM "tmx14.dtd">`. Off by default: some XML
    /// parsers try to load the DTD and fail when it is not next to the file.
    pub doctype: bool,
}

/// Header attributes TMX 1.4b requires, in the order the specification lists them.
const REQUIRED_HEADER: [&str; 7] = [
    "creationtool",
    "creationtoolversion",
    "segtype",
    "o-tmf",
    "adminlang",
    "srclang",
    "datatype",
];

/// The attributes TMX dates live in.
const DATE_ATTRIBUTES: [&str; 3] = ["creationdate", "changedate", "lastusagedate"];

/// Writes TMX 1.4b: the prolog and header on [`TmxWriter::new`], one `<tu>` per
/// [`TmxWriter::write_unit`], the closing tags on [`TmxWriter::finish`] (a writer
/// dropped without `finish` leaves an incomplete file).
///
/// ```
/// use tmkit::tmx::{TmxReader, TmxWriter, WriteOptions};
/// use tmkit::unit::{Header, TranslationUnit, UnitReader};
///
/// let mut writer = TmxWriter::new(Vec::new(), &Header::default(), &WriteOptions::default()).unwrap();
/// writer.write_unit(&TranslationUnit::pair("en", "Fish & chips", "ru", "Рыба с картошкой")).unwrap();
/// let bytes = writer.finish().unwrap();
/// let text = String::from_utf8(bytes.clone()).unwrap();
/// assert!(text.contains("<seg>Fish &amp; chips</seg>"));
/// assert!(text.contains(r#"creationtool="tmkit""#));
///
/// let mut reader = TmxReader::from_reader(std::io::Cursor::new(bytes), "out.tmx").unwrap();
/// let unit = reader.next_unit().unwrap().unwrap();
/// assert_eq!(unit.variant("ru").unwrap().text(), "Рыба с картошкой");
/// ```
pub struct TmxWriter<W: Write> {
    out: W,
    options: WriteOptions,
    buf: String,
    units_written: u64,
    units_skipped: u64,
    dropped: Dropped,
}

#[derive(Default)]
struct Dropped {
    characters: u64,
    attributes: u64,
}

impl<W: Write> TmxWriter<W> {
    /// Writes the XML declaration, `<tmx version="1.4">`, the header (its
    /// attributes completed with defaults where missing) and `<body>`.
    pub fn new(out: W, header: &Header, options: &WriteOptions) -> io::Result<TmxWriter<W>> {
        let mut writer = TmxWriter {
            out,
            options: options.clone(),
            buf: String::with_capacity(4096),
            units_written: 0,
            units_skipped: 0,
            dropped: Dropped::default(),
        };
        let mut buf = std::mem::take(&mut writer.buf);
        buf.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if options.doctype {
            buf.push_str("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n");
        }
        buf.push_str("<tmx version=\"1.4\">\n  <header");
        let attrs = writer.header_attributes(header);
        write_attributes(&mut buf, &attrs, &mut writer.dropped);
        if header.props.is_empty() && header.notes.is_empty() && header.udes.is_empty() {
            buf.push_str("/>\n");
        } else {
            buf.push_str(">\n");
            for prop in &header.props {
                write_prop(&mut buf, "    ", prop, &mut writer.dropped);
            }
            for note in &header.notes {
                write_note(&mut buf, "    ", note, &mut writer.dropped);
            }
            for ude in &header.udes {
                buf.push_str("    <ude");
                write_attributes(&mut buf, &ude.attrs, &mut writer.dropped);
                if ude.maps.is_empty() {
                    buf.push_str("/>\n");
                } else {
                    buf.push_str(">\n");
                    for map in &ude.maps {
                        buf.push_str("      <map");
                        write_attributes(&mut buf, map, &mut writer.dropped);
                        buf.push_str("/>\n");
                    }
                    buf.push_str("    </ude>\n");
                }
            }
            buf.push_str("  </header>\n");
        }
        buf.push_str("  <body>\n");
        writer.out.write_all(buf.as_bytes())?;
        buf.clear();
        writer.buf = buf;
        Ok(writer)
    }

    fn header_attributes(&self, header: &Header) -> Attributes {
        let mut attrs: Attributes = header
            .attrs
            .iter()
            .map(|(name, value)| (name.clone(), date_attribute(name, value)))
            .collect();
        let defaults = [
            ("creationtool", "tmkit".to_string()),
            ("creationtoolversion", env!("CARGO_PKG_VERSION").to_string()),
            ("segtype", "sentence".to_string()),
            ("o-tmf", "tmkit".to_string()),
            ("adminlang", "en".to_string()),
            ("srclang", "*all*".to_string()),
            ("datatype", "plaintext".to_string()),
        ];
        debug_assert!(
            defaults
                .iter()
                .zip(REQUIRED_HEADER)
                .all(|((name, _), required)| *name == required)
        );
        for (name, value) in defaults {
            if attr(&attrs, name).is_none_or(|v| v.trim().is_empty()) {
                set_attr(&mut attrs, name, value);
            }
        }
        if let Some(source) = &self.options.source_lang {
            set_attr(&mut attrs, "srclang", source.original());
        } else if let Some(wanted) = &self.options.languages {
            let srclang = attr(&attrs, "srclang").unwrap_or("*all*");
            if srclang != "*all*" {
                let tag = LangTag::parse(srclang);
                if !wanted.iter().any(|w| w.covers(&tag)) {
                    set_attr(&mut attrs, "srclang", "*all*");
                }
            }
        }
        attrs
    }

    /// Writes one unit (or skips it when the language filter leaves too few variants).
    pub fn write_unit(&mut self, unit: &TranslationUnit) -> io::Result<()> {
        let variants: Vec<&Variant> = match &self.options.languages {
            // TMX requires at least one <tuv>; a unit without any is not written.
            None if unit.variants.is_empty() => {
                self.units_skipped += 1;
                return Ok(());
            }
            None => unit.variants.iter().collect(),
            Some(wanted) => {
                let kept: Vec<&Variant> = unit
                    .variants
                    .iter()
                    .filter(|v| wanted.iter().any(|w| w.covers(&v.lang)))
                    .collect();
                let covered = wanted
                    .iter()
                    .filter(|w| kept.iter().any(|v| w.covers(&v.lang)))
                    .count();
                if covered < wanted.len().min(2) || kept.is_empty() {
                    self.units_skipped += 1;
                    return Ok(());
                }
                kept
            }
        };
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        buf.push_str("    <tu");
        let unit_attrs: Attributes = unit
            .attrs
            .iter()
            .map(|(name, value)| (name.clone(), date_attribute(name, value)))
            .collect();
        write_attributes(&mut buf, &unit_attrs, &mut self.dropped);
        buf.push_str(">\n");
        for prop in &unit.props {
            write_prop(&mut buf, "      ", prop, &mut self.dropped);
        }
        for note in &unit.notes {
            write_note(&mut buf, "      ", note, &mut self.dropped);
        }
        for variant in variants {
            self.write_variant(&mut buf, variant);
        }
        buf.push_str("    </tu>\n");
        let result = self.out.write_all(buf.as_bytes());
        self.buf = buf;
        result?;
        self.units_written += 1;
        Ok(())
    }

    fn write_variant(&mut self, buf: &mut String, variant: &Variant) {
        let lang = if variant.lang.original().trim().is_empty() {
            variant.lang.normalized()
        } else {
            variant.lang.original()
        };
        let mut attrs = Attributes::with_capacity(variant.attrs.len() + 1);
        let mut has_lang = false;
        for (name, value) in &variant.attrs {
            if name == "xml:lang" || name == "lang" {
                if !has_lang {
                    attrs.push(("xml:lang".to_string(), lang.to_string()));
                    has_lang = true;
                }
            } else {
                attrs.push((name.clone(), date_attribute(name, value)));
            }
        }
        if !has_lang {
            attrs.insert(0, ("xml:lang".to_string(), lang.to_string()));
        }
        buf.push_str("      <tuv");
        write_attributes(buf, &attrs, &mut self.dropped);
        buf.push_str(">\n");
        for prop in &variant.props {
            write_prop(buf, "        ", prop, &mut self.dropped);
        }
        for note in &variant.notes {
            write_note(buf, "        ", note, &mut self.dropped);
        }
        buf.push_str("        <seg>");
        match self.options.level {
            Level::Two => write_content(buf, &variant.content, &mut self.dropped),
            Level::One => escape_text(buf, &plain_text(&variant.content), &mut self.dropped),
        }
        buf.push_str("</seg>\n      </tuv>\n");
    }

    /// Units written so far.
    pub fn units_written(&self) -> u64 {
        self.units_written
    }

    /// Units skipped because they have no variant, or because
    /// [`WriteOptions::languages`] left too few.
    pub fn units_skipped(&self) -> u64 {
        self.units_skipped
    }

    /// Characters left out because XML 1.0 cannot represent them (control
    /// characters other than tab and line ends, U+FFFE, U+FFFF).
    pub fn characters_dropped(&self) -> u64 {
        self.dropped.characters
    }

    /// Attributes left out because their names are not XML names.
    pub fn attributes_dropped(&self) -> u64 {
        self.dropped.attributes
    }

    /// Writes `</body></tmx>`, flushes and returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(b"  </body>\n</tmx>\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A date attribute in the TMX form where it can be read as a date in another
/// common form; everything else unchanged.
fn date_attribute(name: &str, value: &str) -> String {
    if DATE_ATTRIBUTES.contains(&name) && !is_tmx_date_shape(value) {
        normalize_date(value).unwrap_or_else(|| value.to_string())
    } else {
        value.to_string()
    }
}

/// Converts a date to TMX's `YYYYMMDDThhmmssZ` (UTC). Accepts that form, the
/// same without `Z`, and ISO 8601 / RFC 3339 with separators, fractions and
/// offsets (`2021-03-04T05:06:07+02:00`, `2021-03-04 05:06:07`); `None` for
/// anything else, which the writer then keeps exactly as it was.
///
/// ```
/// use tmkit::tmx::normalize_date;
/// assert_eq!(normalize_date("20210304T050607Z").as_deref(), Some("20210304T050607Z"));
/// assert_eq!(normalize_date("2021-03-04T05:06:07+02:00").as_deref(), Some("20210304T030607Z"));
/// assert_eq!(normalize_date("2021-03-04 05:06:07").as_deref(), Some("20210304T050607Z"));
/// assert_eq!(normalize_date("0200101T000000Z"), None);
/// assert_eq!(normalize_date("2021-03-04T05:06:0é"), None);
/// assert_eq!(normalize_date("yesterday"), None);
/// ```
pub fn normalize_date(value: &str) -> Option<String> {
    use chrono::{DateTime, NaiveDateTime};
    const FORMAT: &str = "%Y%m%dT%H%M%SZ";
    let value = value.trim();
    if is_tmx_date_shape(value) {
        // Already in the TMX form (the common case): checked, not reformatted.
        return NaiveDateTime::parse_from_str(value, FORMAT)
            .ok()
            .map(|_| value.to_string());
    }
    let with_z = format!("{value}Z");
    if is_tmx_date_shape(&with_z) {
        return NaiveDateTime::parse_from_str(&with_z, FORMAT)
            .ok()
            .map(|_| with_z);
    }
    // The extended form, strictly by shape: chrono alone would read a
    // mistyped "0200101T…" as year 20.
    let bytes = value.as_bytes();
    let extended = bytes.len() >= 19
        && bytes[..19].iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b'T' || *b == b' ',
            13 | 16 => *b == b':',
            _ => b.is_ascii_digit(),
        });
    if !extended {
        return None;
    }
    let iso = value.replacen(' ', "T", 1);
    if let Ok(date) = DateTime::parse_from_rfc3339(&iso) {
        return Some(date.naive_utc().format(FORMAT).to_string());
    }
    let rest = iso[19..].trim_end_matches('Z');
    let fraction_only = rest.is_empty()
        || (rest.starts_with('.')
            && rest.len() > 1
            && rest[1..].bytes().all(|b| b.is_ascii_digit()));
    if !fraction_only {
        return None;
    }
    NaiveDateTime::parse_from_str(&iso[..19], "%Y-%m-%dT%H:%M:%S")
        .ok()
        .map(|date| date.format(FORMAT).to_string())
}

/// `YYYYMMDDThhmmssZ` by shape (digits, `T`, digits, `Z`).
fn is_tmx_date_shape(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 16
        && bytes[8] == b'T'
        && bytes[15] == b'Z'
        && bytes[..8]
            .iter()
            .chain(&bytes[9..15])
            .all(u8::is_ascii_digit)
}

fn write_prop(buf: &mut String, indent: &str, prop: &Prop, dropped: &mut Dropped) {
    buf.push_str(indent);
    buf.push_str("<prop");
    let mut attrs = Attributes::with_capacity(prop.attrs.len() + 1);
    let mut has_type = false;
    for (name, value) in &prop.attrs {
        if name == "type" {
            if !has_type {
                attrs.push(("type".to_string(), prop.kind.clone()));
                has_type = true;
            }
        } else {
            attrs.push((legacy_lang(name), value.clone()));
        }
    }
    if !has_type && !prop.kind.is_empty() {
        attrs.insert(0, ("type".to_string(), prop.kind.clone()));
    }
    write_attributes(buf, &attrs, dropped);
    buf.push('>');
    escape_text(buf, &prop.value, dropped);
    buf.push_str("</prop>\n");
}

fn write_note(buf: &mut String, indent: &str, note: &Note, dropped: &mut Dropped) {
    buf.push_str(indent);
    buf.push_str("<note");
    let attrs: Attributes = note
        .attrs
        .iter()
        .map(|(name, value)| (legacy_lang(name), value.clone()))
        .collect();
    write_attributes(buf, &attrs, dropped);
    buf.push('>');
    escape_text(buf, &note.text, dropped);
    buf.push_str("</note>\n");
}

/// TMX 1.1 wrote `lang`; TMX 1.4 calls it `xml:lang`.
fn legacy_lang(name: &str) -> String {
    if name == "lang" {
        "xml:lang".to_string()
    } else {
        name.to_string()
    }
}

fn write_content(buf: &mut String, content: &[Inline], dropped: &mut Dropped) {
    for piece in content {
        match piece {
            Inline::Text { text } => escape_text(buf, text, dropped),
            Inline::Tag {
                kind,
                attrs,
                content,
            } => {
                buf.push('<');
                buf.push_str(kind.name());
                write_attributes(buf, attrs, dropped);
                if content.is_empty() {
                    buf.push_str("/>");
                } else {
                    buf.push('>');
                    write_content(buf, content, dropped);
                    buf.push_str("</");
                    buf.push_str(kind.name());
                    buf.push('>');
                }
            }
        }
    }
}

fn write_attributes(buf: &mut String, attrs: &Attributes, dropped: &mut Dropped) {
    let mut seen: Vec<&str> = Vec::with_capacity(attrs.len());
    for (name, value) in attrs {
        // A name XML cannot carry, or a repeated one, would make the file unreadable.
        if !is_xml_name(name) || seen.contains(&name.as_str()) {
            dropped.attributes += 1;
            continue;
        }
        seen.push(name);
        buf.push(' ');
        buf.push_str(name);
        buf.push_str("=\"");
        escape(buf, value, true, &mut dropped.characters);
        buf.push('"');
    }
}

fn escape_text(buf: &mut String, text: &str, dropped: &mut Dropped) {
    escape(buf, text, false, &mut dropped.characters);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tmx::TmxReader;
    use crate::unit::{TagKind, UnitReader};

    fn write(header: &Header, units: &[TranslationUnit], options: &WriteOptions) -> String {
        let mut writer = TmxWriter::new(Vec::new(), header, options).unwrap();
        for unit in units {
            writer.write_unit(unit).unwrap();
        }
        String::from_utf8(writer.finish().unwrap()).unwrap()
    }

    fn read(text: &str) -> (Header, Vec<TranslationUnit>) {
        let mut reader =
            TmxReader::from_reader(std::io::Cursor::new(text.to_string()), "t.tmx").unwrap();
        let units: Vec<_> = reader.by_ref().map(|u| u.unwrap()).collect();
        (reader.header().clone(), units)
    }

    #[test]
    fn escapes_text_and_attributes() {
        let mut buf = String::new();
        let mut dropped = Dropped::default();
        escape(
            &mut buf,
            "a<b>&\"'\r\n\t\u{1}\u{FFFF}é𝄞",
            false,
            &mut dropped.characters,
        );
        assert_eq!(buf, "a&lt;b&gt;&amp;\"'&#13;\n\té𝄞");
        assert_eq!(dropped.characters, 2);
        buf.clear();
        escape(&mut buf, "\"x\"\n\t\r", true, &mut dropped.characters);
        assert_eq!(buf, "&quot;x&quot;&#10;&#9;&#13;");
    }

    #[test]
    fn header_gets_every_required_attribute_and_keeps_given_ones() {
        let header = Header {
            version: "1.1".into(),
            attrs: vec![
                ("srclang".into(), "EN-US".into()),
                ("creationtool".into(), "Trados".into()),
                ("creationdate".into(), "2006-01-15T10:00:00Z".into()),
                ("x-custom".into(), "kept".into()),
            ],
            ..Header::default()
        };
        let text = write(&header, &[], &WriteOptions::default());
        assert!(
            text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">")
        );
        let (read_header, units) = read(&text);
        assert!(units.is_empty());
        for name in REQUIRED_HEADER {
            assert!(read_header.attr(name).is_some(), "{name} missing");
        }
        assert_eq!(read_header.attr("srclang"), Some("EN-US"));
        assert_eq!(read_header.attr("creationtool"), Some("Trados"));
        assert_eq!(read_header.attr("creationdate"), Some("20060115T100000Z"));
        assert_eq!(read_header.attrs[3], ("x-custom".into(), "kept".into()));
        assert_eq!(read_header.version, "1.4");
    }

    #[test]
    fn legacy_lang_is_written_as_xml_lang_with_the_original_spelling() {
        let mut unit = TranslationUnit::pair("EN-US", "Hello", "de_de", "Hallo");
        unit.variants[1].attrs = vec![
            ("creationid".into(), "x".into()),
            ("lang".into(), "de_de".into()),
        ];
        let text = write(&Header::default(), &[unit], &WriteOptions::default());
        assert!(
            text.contains(r#"<tuv creationid="x" xml:lang="de_de">"#),
            "{text}"
        );
        assert!(text.contains(r#"<tuv xml:lang="EN-US">"#), "{text}");
    }

    #[test]
    fn level_one_writes_plain_text() {
        let mut unit = TranslationUnit::pair("en", "", "fr", "Bonjour");
        unit.variants[0].content = vec![
            Inline::text("Press "),
            Inline::tag(
                TagKind::Bpt,
                vec![("i".into(), "1".into())],
                vec![Inline::text("<b>")],
            ),
            Inline::tag(TagKind::Hi, vec![], vec![Inline::text("OK")]),
            Inline::tag(
                TagKind::Ept,
                vec![("i".into(), "1".into())],
                vec![Inline::text("</b>")],
            ),
        ];
        let options = WriteOptions {
            level: Level::One,
            ..WriteOptions::default()
        };
        let text = write(&Header::default(), &[unit.clone()], &options);
        assert!(text.contains("<seg>Press OK</seg>"), "{text}");
        let text = write(
            &Header::default(),
            &[unit.clone()],
            &WriteOptions::default(),
        );
        let (_, units) = read(&text);
        assert_eq!(units[0], unit);
    }

    #[test]
    fn language_filter_keeps_covered_variants_and_counts_skips() {
        let units = vec![
            TranslationUnit::pair("en-GB", "colour", "ru", "цвет"),
            TranslationUnit::pair("en", "hello", "uk", "привіт"),
            TranslationUnit {
                variants: vec![
                    Variant::plain("en", "one"),
                    Variant::plain("ru", "один"),
                    Variant::plain("uk", "один"),
                ],
                ..TranslationUnit::default()
            },
        ];
        let options = WriteOptions {
            languages: Some(vec![LangTag::parse("en"), LangTag::parse("ru")]),
            ..WriteOptions::default()
        };
        let mut writer = TmxWriter::new(Vec::new(), &Header::default(), &options).unwrap();
        for unit in &units {
            writer.write_unit(unit).unwrap();
        }
        assert_eq!((writer.units_written(), writer.units_skipped()), (2, 1));
        let text = String::from_utf8(writer.finish().unwrap()).unwrap();
        let (_, read_units) = read(&text);
        assert_eq!(read_units.len(), 2);
        assert_eq!(read_units[1].variants.len(), 2);
        assert!(!text.contains("uk"));
    }

    #[test]
    fn srclang_follows_options() {
        let header = Header {
            attrs: vec![("srclang".into(), "de".into())],
            ..Header::default()
        };
        let options = WriteOptions {
            languages: Some(vec![LangTag::parse("en"), LangTag::parse("ru")]),
            ..WriteOptions::default()
        };
        assert!(write(&header, &[], &options).contains(r#"srclang="*all*""#));
        let options = WriteOptions {
            source_lang: Some(LangTag::parse("en-US")),
            doctype: true,
            ..WriteOptions::default()
        };
        let text = write(&header, &[], &options);
        assert!(text.contains(r#"srclang="en-US""#));
        assert!(text.contains("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">"));
        assert_eq!(read(&text).0.attr("srclang"), Some("en-US"));
    }

    proptest::proptest! {
        #[test]
        fn date_normalisation_never_panics_and_is_idempotent(
            value in "[0-9T:Z+. é-]{0,30}|[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,3})?(Z|[+-][0-9]{2}:[0-9]{2})?"
        ) {
            if let Some(date) = normalize_date(&value) {
                proptest::prop_assert!(is_tmx_date_shape(&date), "{value} -> {date}");
                proptest::prop_assert_eq!(normalize_date(&date), Some(date.clone()));
            }
        }
    }

    #[test]
    fn invalid_attribute_names_are_dropped_not_written() {
        let mut unit = TranslationUnit::pair("en", "a", "ru", "б");
        unit.attrs = vec![
            ("bad name".into(), "x".into()),
            ("tuid".into(), "7".into()),
            ("tuid".into(), "8".into()),
        ];
        let mut writer =
            TmxWriter::new(Vec::new(), &Header::default(), &WriteOptions::default()).unwrap();
        writer.write_unit(&unit).unwrap();
        assert_eq!(writer.attributes_dropped(), 2);
        let text = String::from_utf8(writer.finish().unwrap()).unwrap();
        assert_eq!(read(&text).1[0].attrs, vec![("tuid".into(), "7".into())]);
    }
}
