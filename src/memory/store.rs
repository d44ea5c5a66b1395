//! How a unit is stored (schema 4): each variant's plain text once, in
//! `variant_row.text`; the unit's `tuid`, date and hashes in integer columns;
//! and the lossless remainder — whatever a plain reconstruction from those
//! columns would get wrong (other attributes, props, notes, inline markup, a
//! language tag spelled differently) — in an `extra` blob only where there
//! is one.
//!
//! The remainder is [postcard](https://docs.rs/postcard) of the mirror types
//! below, behind a one-byte format version; large ones are zstd-compressed.
//! The mirror types exist because the unit model's serde derives are made for
//! JSON (internally tagged enums, skipped empty fields), which a compact
//! non-self-describing format cannot read back; they also pin the stored
//! shape so that a change to the model cannot silently change the file.

use crate::lang::LangTag;
use crate::unit::{Attributes, Header, Inline, Note, Prop, TagKind, TranslationUnit, Ude, Variant};
use serde::{Deserialize, Serialize};

/// Version byte of every `extra` blob this build writes.
const EXTRA_FORMAT: u8 = 1;
/// Flag bit of the second byte: the postcard bytes are zstd-compressed.
const EXTRA_ZSTD: u8 = 1;
/// Remainders at least this long are compressed when that saves bytes.
const ZSTD_FROM: usize = 256;

/// The stored form of one unit, ready for its `INSERT`s.
#[derive(Clone, Debug, Default)]
pub(super) struct StoredUnit {
    pub tuid: Option<String>,
    pub changed: Option<StoredDate>,
    pub extra: Option<Vec<u8>>,
    pub variants: Vec<StoredVariant>,
}

/// The stored form of one variant.
#[derive(Clone, Debug, Default)]
pub(super) struct StoredVariant {
    /// The language key (`lang_key`): normalised, lower case.
    pub lang: String,
    /// The plain text.
    pub text: String,
    pub extra: Option<Vec<u8>>,
}

/// `unit.changed`: seconds since 1970 for a date in TMX's own form
/// (`YYYYMMDDThhmmssZ`), else the text as written.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum StoredDate {
    Seconds(i64),
    Text(String),
}

impl StoredDate {
    pub fn from_tmx(text: &str) -> StoredDate {
        match parse_tmx_date(text) {
            Some(seconds) => StoredDate::Seconds(seconds),
            None => StoredDate::Text(text.to_string()),
        }
    }

    pub fn to_tmx(&self) -> String {
        match self {
            StoredDate::Seconds(s) => format_tmx_date(*s),
            StoredDate::Text(t) => t.clone(),
        }
    }
}

impl rusqlite::ToSql for StoredDate {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(match self {
            StoredDate::Seconds(s) => rusqlite::types::ToSqlOutput::from(*s),
            StoredDate::Text(t) => rusqlite::types::ToSqlOutput::from(t.as_str()),
        })
    }
}

impl rusqlite::types::FromSql for StoredDate {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        match value {
            rusqlite::types::ValueRef::Integer(s) => Ok(StoredDate::Seconds(s)),
            rusqlite::types::ValueRef::Text(t) => {
                Ok(StoredDate::Text(String::from_utf8_lossy(t).into_owned()))
            }
            _ => Err(rusqlite::types::FromSqlError::InvalidType),
        }
    }
}

/// Seconds since 1970 of `YYYYMMDDThhmmssZ`, only when formatting them gives
/// the same text back (so the round trip is exact).
///
/// Read by hand rather than with chrono's `parse_from_str`: a million units
/// have a million dates, and the format string interpreter cost more than
/// the rest of the date handling. The round-trip check below is what
/// decides, so the result is the one the chrono parse gave.
fn parse_tmx_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let date = chrono::NaiveDate::from_ymd_opt(number(0..4)? as i32, number(4..6)?, number(6..8)?)?;
    let time = chrono::NaiveTime::from_hms_opt(number(9..11)?, number(11..13)?, number(13..15)?)?;
    let seconds = date.and_time(time).and_utc().timestamp();
    (format_tmx_date(seconds) == text).then_some(seconds)
}

fn format_tmx_date(seconds: i64) -> String {
    use chrono::{Datelike, Timelike};
    let Some(d) = chrono::DateTime::from_timestamp(seconds, 0) else {
        return String::new();
    };
    if !(0..=9999).contains(&d.year()) {
        // Outside four digits `%Y` writes a sign; keep chrono's form there.
        return d.format("%Y%m%dT%H%M%SZ").to_string();
    }
    // By hand: chrono's format string interpreter was 4% of an export.
    fn push(out: &mut String, n: u32, width: u32) {
        for place in (0..width).rev() {
            out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
        }
    }
    let mut out = String::with_capacity(16);
    push(&mut out, d.year() as u32, 4);
    push(&mut out, d.month(), 2);
    push(&mut out, d.day(), 2);
    out.push('T');
    push(&mut out, d.hour(), 2);
    push(&mut out, d.minute(), 2);
    push(&mut out, d.second(), 2);
    out.push('Z');
    out
}

/// The key a variant's language is stored under: normalised, lower case.
pub(super) fn lang_key(lang: &LangTag) -> String {
    lang.normalized().to_ascii_lowercase()
}

/// A 64-bit hash kept in 31 bits: SQLite then stores it in 4 bytes instead
/// of 8 (in the table and again in its index). Every lookup by hash compares
/// the real text or content after, so a collision costs one extra read.
pub(super) fn stored_hash(hash: u64) -> i64 {
    (hash >> 33) as i64
}

/// The hash `variant.key_hash` holds for a lookup key.
pub(super) fn key_hash(key: &str) -> i64 {
    stored_hash(crate::text::key_hash(key) as u64)
}

/// FNV-1a, fed in pieces: a stable hash of a unit's content (it is stored,
/// so it must never change between builds, unlike std's hasher).
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn str(&mut self, text: &str) {
        self.bytes(&(text.len() as u64).to_le_bytes());
        self.bytes(text.as_bytes());
    }
    fn content(&mut self, content: &[Inline]) {
        self.bytes(&(content.len() as u64).to_le_bytes());
        for piece in content {
            match piece {
                Inline::Text { text } => {
                    self.bytes(&[0]);
                    self.str(text);
                }
                Inline::Tag {
                    kind,
                    attrs,
                    content,
                } => {
                    self.bytes(&[1]);
                    self.str(kind.name());
                    self.bytes(&(attrs.len() as u64).to_le_bytes());
                    for (name, value) in attrs {
                        self.str(name);
                        self.str(value);
                    }
                    self.content(content);
                }
            }
        }
    }
}

/// Hash of what makes two units duplicates: each variant's language and
/// content (text and tags), in a canonical (sorted) order.
pub(super) fn content_hash(unit: &TranslationUnit) -> i64 {
    let mut parts: Vec<u64> = unit
        .variants
        .iter()
        .map(|v| {
            let mut h = Fnv::new();
            h.str(&lang_key(&v.lang));
            h.content(&v.content);
            h.0
        })
        .collect();
    parts.sort_unstable();
    let mut h = Fnv::new();
    for part in parts {
        h.bytes(&part.to_le_bytes());
    }
    stored_hash(h.0)
}

// ------------------------------------------------------------ remainders

#[derive(Serialize, Deserialize, Default, PartialEq, Debug)]
struct UnitExtra {
    attrs: Option<Attributes>,
    props: Vec<StoredProp>,
    notes: Vec<StoredNote>,
}

#[derive(Serialize, Deserialize, Default, PartialEq, Debug)]
struct VariantExtra {
    lang: Option<String>,
    attrs: Option<Attributes>,
    props: Vec<StoredProp>,
    notes: Vec<StoredNote>,
    content: Option<Vec<StoredInline>>,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct StoredHeader {
    version: String,
    attrs: Attributes,
    props: Vec<StoredProp>,
    notes: Vec<StoredNote>,
    udes: Vec<(Attributes, Vec<Attributes>)>,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct StoredProp {
    kind: String,
    attrs: Attributes,
    value: String,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct StoredNote {
    attrs: Attributes,
    text: String,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
enum StoredInline {
    Text(String),
    /// Element name (`TagKind::name`), attributes, content.
    Tag(String, Attributes, Vec<StoredInline>),
}

fn props_out(props: &[Prop]) -> Vec<StoredProp> {
    props
        .iter()
        .map(|p| StoredProp {
            kind: p.kind.clone(),
            attrs: p.attrs.clone(),
            value: p.value.clone(),
        })
        .collect()
}

fn props_in(props: Vec<StoredProp>) -> Vec<Prop> {
    props
        .into_iter()
        .map(|p| Prop {
            kind: p.kind,
            attrs: p.attrs,
            value: p.value,
        })
        .collect()
}

fn notes_out(notes: &[Note]) -> Vec<StoredNote> {
    notes
        .iter()
        .map(|n| StoredNote {
            attrs: n.attrs.clone(),
            text: n.text.clone(),
        })
        .collect()
}

fn notes_in(notes: Vec<StoredNote>) -> Vec<Note> {
    notes
        .into_iter()
        .map(|n| Note {
            attrs: n.attrs,
            text: n.text,
        })
        .collect()
}

fn content_out(content: &[Inline]) -> Vec<StoredInline> {
    content
        .iter()
        .map(|piece| match piece {
            Inline::Text { text } => StoredInline::Text(text.clone()),
            Inline::Tag {
                kind,
                attrs,
                content,
            } => StoredInline::Tag(kind.name().to_string(), attrs.clone(), content_out(content)),
        })
        .collect()
}

fn content_in(content: Vec<StoredInline>) -> Result<Vec<Inline>, String> {
    content
        .into_iter()
        .map(|piece| match piece {
            StoredInline::Text(text) => Ok(Inline::Text { text }),
            StoredInline::Tag(name, attrs, content) => Ok(Inline::Tag {
                kind: TagKind::from_name(&name)
                    .ok_or_else(|| format!("unknown inline element `{name}`"))?,
                attrs,
                content: content_in(content)?,
            }),
        })
        .collect()
}

fn pack<T: Serialize>(value: &T) -> Vec<u8> {
    let body = postcard::to_stdvec(value).unwrap_or_default();
    if body.len() >= ZSTD_FROM {
        if let Ok(packed) = zstd::bulk::compress(&body, 3) {
            if packed.len() < body.len() {
                let mut out = vec![EXTRA_FORMAT, EXTRA_ZSTD];
                out.extend_from_slice(&packed);
                return out;
            }
        }
    }
    let mut out = vec![EXTRA_FORMAT, 0];
    out.extend_from_slice(&body);
    out
}

/// Largest remainder a blob may unpack to (a damaged length cannot make
/// tmkit allocate more).
const MAX_EXTRA: usize = 256 << 20;

fn unpack<T: for<'de> Deserialize<'de>>(blob: &[u8]) -> Result<T, String> {
    match blob {
        [EXTRA_FORMAT, flags, body @ ..] => {
            let owned;
            let body = if flags & EXTRA_ZSTD != 0 {
                owned = zstd::bulk::decompress(body, MAX_EXTRA).map_err(|e| e.to_string())?;
                &owned[..]
            } else {
                body
            };
            postcard::from_bytes(body).map_err(|e| e.to_string())
        }
        [version, ..] => Err(format!(
            "stored remainder in format {version}, which this tmkit does not know"
        )),
        [] => Err("an empty stored remainder".to_string()),
    }
}

/// The attributes a unit gets back from its columns alone.
fn plain_unit_attrs(tuid: Option<&str>, changed: Option<&StoredDate>) -> Attributes {
    let mut attrs = Vec::new();
    if let Some(tuid) = tuid {
        attrs.push(("tuid".to_string(), tuid.to_string()));
    }
    if let Some(date) = changed {
        attrs.push(("changedate".to_string(), date.to_tmx()));
    }
    attrs
}

/// The content a variant gets back from its text alone.
fn plain_content(text: &str) -> Vec<Inline> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![Inline::text(text)]
    }
}

/// Splits a unit into its stored form.
pub(super) fn encode_unit(unit: &TranslationUnit) -> StoredUnit {
    let tuid = unit.tuid().map(str::to_string);
    let changed = unit.last_changed().map(StoredDate::from_tmx);
    let attrs_plain = plain_unit_attrs(tuid.as_deref(), changed.as_ref()) == unit.attrs;
    let extra = UnitExtra {
        attrs: (!attrs_plain).then(|| unit.attrs.clone()),
        props: props_out(&unit.props),
        notes: notes_out(&unit.notes),
    };
    let extra = (extra != UnitExtra::default()).then(|| pack(&extra));
    let variants = unit.variants.iter().map(encode_variant).collect();
    StoredUnit {
        tuid,
        changed,
        extra,
        variants,
    }
}

fn encode_variant(variant: &Variant) -> StoredVariant {
    let lang = lang_key(&variant.lang);
    let text = variant.text();
    let original = variant.lang.original();
    let plain_attrs = variant.attrs.len() == 1
        && variant.attrs[0].0 == "xml:lang"
        && variant.attrs[0].1 == original;
    let extra = VariantExtra {
        lang: (original != lang).then(|| original.to_string()),
        attrs: (!plain_attrs).then(|| variant.attrs.clone()),
        props: props_out(&variant.props),
        notes: notes_out(&variant.notes),
        content: (plain_content(&text) != variant.content).then(|| content_out(&variant.content)),
    };
    let extra = (extra != VariantExtra::default()).then(|| pack(&extra));
    StoredVariant { lang, text, extra }
}

/// Puts a unit back together from its columns; `Err` says what is damaged.
pub(super) fn decode_unit(
    tuid: Option<String>,
    changed: Option<StoredDate>,
    extra: Option<&[u8]>,
    variants: Vec<(String, String, Option<Vec<u8>>)>,
) -> Result<TranslationUnit, String> {
    let extra: UnitExtra = match extra {
        Some(blob) => unpack(blob)?,
        None => UnitExtra::default(),
    };
    let attrs = match extra.attrs {
        Some(attrs) => attrs,
        None => plain_unit_attrs(tuid.as_deref(), changed.as_ref()),
    };
    let variants = variants
        .into_iter()
        .map(|(lang, text, extra)| decode_variant(lang, text, extra.as_deref()))
        .collect::<Result<_, _>>()?;
    Ok(TranslationUnit {
        attrs,
        props: props_in(extra.props),
        notes: notes_in(extra.notes),
        variants,
    })
}

fn decode_variant(lang: String, text: String, extra: Option<&[u8]>) -> Result<Variant, String> {
    let extra: VariantExtra = match extra {
        Some(blob) => unpack(blob)?,
        None => VariantExtra::default(),
    };
    let original = extra.lang.unwrap_or(lang);
    Ok(Variant {
        attrs: extra
            .attrs
            .unwrap_or_else(|| vec![("xml:lang".to_string(), original.clone())]),
        lang: LangTag::parse(&original),
        props: props_in(extra.props),
        notes: notes_in(extra.notes),
        content: match extra.content {
            Some(content) => content_in(content)?,
            // The text moves in: an export reads every text once.
            None if text.is_empty() => Vec::new(),
            None => vec![Inline::text(text)],
        },
    })
}

/// A file header as stored in `source_file.header`.
pub(super) fn encode_header(header: &Header) -> Vec<u8> {
    pack(&StoredHeader {
        version: header.version.clone(),
        attrs: header.attrs.clone(),
        props: props_out(&header.props),
        notes: notes_out(&header.notes),
        udes: header
            .udes
            .iter()
            .map(|u| (u.attrs.clone(), u.maps.clone()))
            .collect(),
    })
}

/// Reads `source_file.header` back.
pub(super) fn decode_header(blob: &[u8]) -> Result<Header, String> {
    let stored: StoredHeader = unpack(blob)?;
    Ok(Header {
        version: stored.version,
        attrs: stored.attrs,
        props: props_in(stored.props),
        notes: notes_in(stored.notes),
        udes: stored
            .udes
            .into_iter()
            .map(|(attrs, maps)| Ude { attrs, maps })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    /// The chrono forms the hand-written date code replaced.
    fn chrono_parse(text: &str) -> Option<i64> {
        let parsed = chrono::NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%SZ").ok()?;
        let seconds = parsed.and_utc().timestamp();
        (chrono_format(seconds) == text).then_some(seconds)
    }

    fn chrono_format(seconds: i64) -> String {
        chrono::DateTime::from_timestamp(seconds, 0)
            .map(|d| d.format("%Y%m%dT%H%M%SZ").to_string())
            .unwrap_or_default()
    }

    #[test]
    fn tmx_dates_as_chrono_reads_and_writes_them() {
        let mut seconds = -62_200_000_000i64;
        while seconds < 260_000_000_000 {
            assert_eq!(
                format_tmx_date(seconds),
                chrono_format(seconds),
                "{seconds}"
            );
            seconds += 86_399 * 37 + 3_601;
        }
        for s in [i64::MIN, i64::MAX, -1, 0, 253_402_300_799, 253_402_300_800] {
            assert_eq!(format_tmx_date(s), chrono_format(s), "{s}");
        }
        for text in [
            "20170508T170000Z",
            "20160229T235959Z",
            "20170229T120000Z",
            "20171231T240000Z",
            "20171231T235960Z",
            "2017050BT170000Z",
            "20170508 170000Z",
            "20170508T170000",
            "+2017050T170000Z",
            "00000101T000000Z",
            "99991231T235959Z",
            "20171301T000000Z",
            "2017-05-08T17:00",
            "20170508t170000z",
            "２0170508T170000Z",
            "",
        ] {
            assert_eq!(parse_tmx_date(text), chrono_parse(text), "{text:?}");
        }
    }

    use super::*;

    fn round_trip(unit: &TranslationUnit) -> TranslationUnit {
        let stored = encode_unit(unit);
        decode_unit(
            stored.tuid,
            stored.changed,
            stored.extra.as_deref(),
            stored
                .variants
                .into_iter()
                .map(|v| (v.lang, v.text, v.extra))
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn plain_units_need_no_remainder() {
        let mut unit = TranslationUnit::pair("en", "Hello.", "ru", "Привет.");
        unit.attrs = vec![
            ("tuid".into(), "7".into()),
            ("changedate".into(), "20170508T170000Z".into()),
        ];
        let stored = encode_unit(&unit);
        assert!(stored.extra.is_none());
        assert!(stored.variants.iter().all(|v| v.extra.is_none()));
        assert_eq!(stored.changed, Some(StoredDate::Seconds(1_494_262_800)));
        assert_eq!(round_trip(&unit), unit);
        assert_eq!(round_trip(&unit).variants[0].lang.original(), "en");
    }

    #[test]
    fn everything_else_survives() {
        let mut unit = TranslationUnit::pair("EN_us", "Press OK.", "ru", "");
        unit.attrs = vec![
            ("creationdate".into(), "2017-05-08".into()),
            ("changedate".into(), "20170508T170000Z".into()),
            ("x-odd".into(), "1".into()),
        ];
        unit.props.push(Prop {
            kind: "x-Context".into(),
            attrs: vec![("type".into(), "x-Context".into())],
            value: "ctx".into(),
        });
        unit.notes.push(Note {
            attrs: vec![],
            text: "note".repeat(200),
        });
        unit.variants[0].content = vec![
            Inline::text("Press "),
            Inline::tag(
                TagKind::Bpt,
                vec![("i".into(), "1".into())],
                vec![Inline::text("<b>")],
            ),
            Inline::text("OK"),
            Inline::tag(
                TagKind::Ept,
                vec![("i".into(), "1".into())],
                vec![Inline::text("</b>")],
            ),
            Inline::text("."),
        ];
        unit.variants[1].content = vec![Inline::text("")];
        let back = round_trip(&unit);
        assert_eq!(back, unit);
        assert_eq!(back.variants[0].lang.original(), "EN_us");
        assert_eq!(format!("{back:?}"), format!("{unit:?}"));
    }

    #[test]
    fn dates_keep_their_text() {
        for text in [
            "20170508T170000Z",
            "19991231T235959Z",
            "2017",
            "20170230T000000Z",
        ] {
            assert_eq!(StoredDate::from_tmx(text).to_tmx(), text);
        }
        assert!(matches!(
            StoredDate::from_tmx("20170230T000000Z"),
            StoredDate::Text(_)
        ));
    }

    #[test]
    fn damaged_remainders_are_errors() {
        assert!(unpack::<UnitExtra>(&[9, 0]).is_err());
        assert!(unpack::<UnitExtra>(&[EXTRA_FORMAT, 0, 0xff, 0xff]).is_err());
        assert!(unpack::<UnitExtra>(&[EXTRA_FORMAT, EXTRA_ZSTD, 1, 2, 3]).is_err());
    }

    #[test]
    fn headers_round_trip() {
        let header = Header {
            version: "1.4".into(),
            attrs: vec![("srclang".into(), "en".into())],
            props: vec![],
            notes: vec![Note {
                attrs: vec![],
                text: "n".into(),
            }],
            udes: vec![Ude {
                attrs: vec![("name".into(), "u".into())],
                maps: vec![vec![("unicode".into(), "#xF8FF".into())]],
            }],
        };
        assert_eq!(decode_header(&encode_header(&header)).unwrap(), header);
    }
}
