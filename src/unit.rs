//! The store/unit model shared by every bilingual format and the memory.
//!
//! One abstraction serves TMX levels 1 and 2, the SQLite memory and the checks
//! (translate-toolkit's store/unit idea): a [`TranslationUnit`] holds one
//! [`Variant`] per language version, each variant holds its segment as a list of
//! [`Inline`] pieces (text and tags), so no format loses markup. Attributes are
//! kept as ordered `(name, value)` pairs, including ones tmkit does not know, so
//! a round trip writes back everything it read.

use crate::lang::LangTag;
use serde::{Deserialize, Serialize};

/// Ordered XML attributes as read, names as written (`xml:lang`, `o-tmf`, `x-Context`).
pub type Attributes = Vec<(String, String)>;

/// Looks up an attribute by name (exact, case-sensitive like XML).
pub fn attr<'a>(attrs: &'a Attributes, name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Sets an attribute, replacing an existing value or appending a new pair.
pub fn set_attr(attrs: &mut Attributes, name: &str, value: impl Into<String>) {
    let value = value.into();
    match attrs.iter_mut().find(|(key, _)| key == name) {
        Some(slot) => slot.1 = value,
        None => attrs.push((name.to_string(), value)),
    }
}

/// A `<prop type="…">value</prop>`: tool-specific metadata on a header, unit or variant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prop {
    /// The `type` attribute (`x-Context`, `x-Origin`, …).
    pub kind: String,
    /// Every attribute as read, including `type`, `xml:lang` and `o-encoding`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Attributes,
    /// The text content.
    pub value: String,
}

/// A `<note>`: a free-text comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// Every attribute as read (`xml:lang`, `o-encoding`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Attributes,
    /// The text content.
    pub text: String,
}

/// The inline elements of segment content: TMX's, plus the XLIFF 1.2 and 2.x
/// ones (the XLIFF reader keeps them as they are; importing into a memory maps
/// them onto the TMX kinds, see `xliff::to_tmx_content`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TagKind {
    /// `<bpt>`: begin of a paired native code, matched to an `<ept>` by `i`.
    Bpt,
    /// `<ept>`: end of a paired native code.
    Ept,
    /// `<it>`: an isolated code whose partner is outside the segment (`pos`).
    It,
    /// `<ph>`: a standalone placeholder code.
    Ph,
    /// `<hi>`: highlighted text; its content is translatable and may nest.
    Hi,
    /// `<ut>`: an unknown code (deprecated in TMX 1.4 but still emitted).
    Ut,
    /// `<sub>`: a translatable sub-flow inside a code (a `title` attribute, a footnote).
    Sub,
    /// XLIFF 1.2 `<g>`: a paired code around translatable content.
    G,
    /// XLIFF 1.2 `<x/>`: a standalone code (native code kept elsewhere).
    X,
    /// XLIFF 1.2 `<bx/>`: the begin of a paired code whose end may be in another segment.
    Bx,
    /// XLIFF 1.2 `<ex/>`: the end of a paired code.
    Ex,
    /// XLIFF 1.2 and 2.x `<mrk>`: an annotation (term, protected, comment) around content.
    Mrk,
    /// XLIFF 2.x `<cp hex="…"/>`: a character XML cannot carry.
    Cp,
    /// XLIFF 2.x `<pc>`: a well-formed paired code around content.
    Pc,
    /// XLIFF 2.x `<sc/>`: the start of a paired code (spanning-code start).
    Sc,
    /// XLIFF 2.x `<ec/>`: the end of a paired code.
    Ec,
    /// XLIFF 2.x `<sm/>`: the start of an annotation that does not nest.
    Sm,
    /// XLIFF 2.x `<em/>`: the end of an `<sm/>` annotation.
    Em,
}

impl TagKind {
    /// The element name as written in TMX.
    pub fn name(self) -> &'static str {
        match self {
            TagKind::Bpt => "bpt",
            TagKind::Ept => "ept",
            TagKind::It => "it",
            TagKind::Ph => "ph",
            TagKind::Hi => "hi",
            TagKind::Ut => "ut",
            TagKind::Sub => "sub",
            TagKind::G => "g",
            TagKind::X => "x",
            TagKind::Bx => "bx",
            TagKind::Ex => "ex",
            TagKind::Mrk => "mrk",
            TagKind::Cp => "cp",
            TagKind::Pc => "pc",
            TagKind::Sc => "sc",
            TagKind::Ec => "ec",
            TagKind::Sm => "sm",
            TagKind::Em => "em",
        }
    }

    /// Parses a TMX element name; `None` for anything that is not a TMX inline
    /// element (XLIFF names are parsed by the XLIFF reader, per version).
    pub fn from_name(name: &str) -> Option<TagKind> {
        Some(match name {
            "bpt" => TagKind::Bpt,
            "ept" => TagKind::Ept,
            "it" => TagKind::It,
            "ph" => TagKind::Ph,
            "hi" => TagKind::Hi,
            "ut" => TagKind::Ut,
            "sub" => TagKind::Sub,
            _ => return None,
        })
    }

    /// True for the elements that stand for native code (counted by [`tag_count`]):
    /// everything but `hi`, `sub` and the annotations (`mrk`, `sm`, `em`) and `cp`.
    pub fn is_code(self) -> bool {
        !matches!(
            self,
            TagKind::Hi | TagKind::Sub | TagKind::Mrk | TagKind::Sm | TagKind::Em | TagKind::Cp
        )
    }

    /// True for the elements whose content is translatable text of the segment
    /// itself: `hi`, XLIFF `g`, `pc` and `mrk` (not `sub`, a separate flow).
    pub fn wraps_text(self) -> bool {
        matches!(self, TagKind::Hi | TagKind::G | TagKind::Pc | TagKind::Mrk)
    }
}

/// One piece of segment content: text or an inline element.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Inline {
    /// Plain text (already unescaped).
    Text {
        /// The characters.
        text: String,
    },
    /// An inline element with its attributes and content (native code text, nested `sub`/`hi`).
    Tag {
        /// Which element.
        kind: TagKind,
        /// Every attribute as read (`i`, `x`, `type`, `pos`, `assoc`, …).
        attrs: Attributes,
        /// The element content: for codes the escaped native code as text pieces plus
        /// any `sub` elements; for `hi` and `sub`, translatable text and tags.
        content: Vec<Inline>,
    },
}

impl Inline {
    /// A text piece.
    pub fn text(text: impl Into<String>) -> Inline {
        Inline::Text { text: text.into() }
    }

    /// A tag with attributes and content.
    pub fn tag(kind: TagKind, attrs: Attributes, content: Vec<Inline>) -> Inline {
        Inline::Tag {
            kind,
            attrs,
            content,
        }
    }
}

/// Segment content: text and inline elements in order.
pub type Content = Vec<Inline>;

/// The translatable text of segment content, without native code:
/// text pieces, the text inside `hi` (and XLIFF `g`/`pc`/`mrk`), the character
/// of an XLIFF `cp`, and nothing from `bpt`/`ept`/`it`/`ph`/`ut`
/// (their `sub` flows are separate translatable text and are left out too).
///
/// ```
/// use tmkit::unit::{plain_text, Inline, TagKind};
/// let content = vec![
///     Inline::text("Press "),
///     Inline::tag(TagKind::Bpt, vec![("i".into(), "1".into())], vec![Inline::text("<b>")]),
///     Inline::text("OK"),
///     Inline::tag(TagKind::Ept, vec![("i".into(), "1".into())], vec![Inline::text("</b>")]),
///     Inline::text("."),
/// ];
/// assert_eq!(plain_text(&content), "Press OK.");
/// ```
pub fn plain_text(content: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(content, &mut out);
    out
}

fn push_plain(content: &[Inline], out: &mut String) {
    for piece in content {
        match piece {
            Inline::Text { text } => out.push_str(text),
            Inline::Tag { kind, content, .. } if kind.wraps_text() => push_plain(content, out),
            Inline::Tag {
                kind: TagKind::Cp,
                attrs,
                ..
            } => {
                if let Some(c) = attr(attrs, "hex")
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .and_then(char::from_u32)
                {
                    out.push(c);
                }
            }
            Inline::Tag { .. } => {}
        }
    }
}

/// Counts the inline codes (every tag but `hi`/`sub`, nested ones included).
pub fn tag_count(content: &[Inline]) -> usize {
    content
        .iter()
        .map(|piece| match piece {
            Inline::Text { .. } => 0,
            Inline::Tag { kind, content, .. } => usize::from(kind.is_code()) + tag_count(content),
        })
        .sum()
}

/// One language version of a unit: `<tuv>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// The language, from `xml:lang` (TMX 1.4) or `lang` (TMX 1.1).
    pub lang: LangTag,
    /// Every attribute as read (including the language attribute itself).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Attributes,
    /// `<prop>` elements in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    /// `<note>` elements in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The `<seg>` content.
    pub content: Content,
}

impl Variant {
    /// A variant with plain-text content and no metadata.
    pub fn plain(lang: &str, text: &str) -> Variant {
        Variant {
            lang: LangTag::parse(lang),
            attrs: vec![("xml:lang".into(), lang.into())],
            props: Vec::new(),
            notes: Vec::new(),
            content: vec![Inline::text(text)],
        }
    }

    /// The plain-text view of the segment (see [`plain_text`]).
    pub fn text(&self) -> String {
        plain_text(&self.content)
    }
}

/// A translation unit: `<tu>` with its variants and metadata.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TranslationUnit {
    /// Every attribute as read (`tuid`, `srclang`, `creationdate`, `changedate`,
    /// `usagecount`, `o-tmf`, …), in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Attributes,
    /// `<prop>` elements in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    /// `<note>` elements in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The `<tuv>` elements in order.
    pub variants: Vec<Variant>,
}

impl TranslationUnit {
    /// A unit with one plain-text variant per `(lang, text)` pair.
    ///
    /// ```
    /// use tmkit::unit::TranslationUnit;
    /// let tu = TranslationUnit::pair("en", "Good morning.", "ru", "Доброе утро.");
    /// assert_eq!(tu.variant("RU").unwrap().text(), "Доброе утро.");
    /// ```
    pub fn pair(src_lang: &str, src: &str, tgt_lang: &str, tgt: &str) -> TranslationUnit {
        TranslationUnit {
            attrs: Vec::new(),
            props: Vec::new(),
            notes: Vec::new(),
            variants: vec![Variant::plain(src_lang, src), Variant::plain(tgt_lang, tgt)],
        }
    }

    /// The `tuid` attribute.
    pub fn tuid(&self) -> Option<&str> {
        attr(&self.attrs, "tuid")
    }

    /// An attribute by name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        attr(&self.attrs, name)
    }

    /// The first variant whose language matches `lang` exactly (case-insensitive BCP 47).
    pub fn variant(&self, lang: &str) -> Option<&Variant> {
        let wanted = LangTag::parse(lang);
        self.variants.iter().find(|v| v.lang.matches(&wanted))
    }

    /// The first variant in `lang` or a regional variant of it (see [`LangTag::covers`]);
    /// an exact match is preferred.
    pub fn variant_covering(&self, lang: &LangTag) -> Option<&Variant> {
        self.variants
            .iter()
            .find(|v| v.lang.matches(lang))
            .or_else(|| self.variants.iter().find(|v| lang.covers(&v.lang)))
    }

    /// The change date if present, else the creation date (`YYYYMMDDThhmmssZ`),
    /// the order in which the duplicate policy picks the newer unit.
    pub fn last_changed(&self) -> Option<&str> {
        self.attr("changedate")
            .or_else(|| self.attr("creationdate"))
    }
}

/// A TMX `<header>`: all its attributes, props, notes and user-defined encodings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Header {
    /// The `version` attribute of the `<tmx>` root (`1.4`, `1.1`).
    pub version: String,
    /// Every header attribute in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Attributes,
    /// Header `<prop>` elements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    /// Header `<note>` elements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// `<ude>` elements with their `<map>`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub udes: Vec<Ude>,
}

impl Header {
    /// A header attribute by name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        attr(&self.attrs, name)
    }

    /// The `srclang` attribute normalised, `None` when missing or `*all*`.
    pub fn source_lang(&self) -> Option<LangTag> {
        self.attr("srclang")
            .filter(|s| !s.trim().is_empty() && *s != "*all*")
            .map(LangTag::parse)
    }
}

/// A `<ude>` (user-defined encoding) with its character maps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Ude {
    /// The `<ude>` attributes (`name`, `base`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Attributes,
    /// Each `<map>`'s attributes (`unicode`, `code`, `ent`, `subst`).
    pub maps: Vec<Attributes>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_hi_and_drops_codes() {
        let content = vec![
            Inline::text("a "),
            Inline::tag(TagKind::Hi, vec![], vec![Inline::text("b")]),
            Inline::tag(TagKind::Ph, vec![], vec![Inline::text("<br/>")]),
            Inline::text(" c"),
        ];
        assert_eq!(plain_text(&content), "a b c");
        assert_eq!(tag_count(&content), 1);
    }

    #[test]
    fn finds_variants_by_language_case_insensitively() {
        let tu = TranslationUnit::pair("EN-US", "Hello", "ru", "Привет");
        assert!(tu.variant("en-us").is_some());
        assert!(tu.variant("en").is_none());
        assert_eq!(
            tu.variant_covering(&LangTag::parse("en")).unwrap().text(),
            "Hello"
        );
    }

    #[test]
    fn set_attr_replaces_or_appends() {
        let mut attrs = vec![("tuid".to_string(), "1".to_string())];
        set_attr(&mut attrs, "tuid", "2");
        set_attr(&mut attrs, "changedate", "20200101T000000Z");
        assert_eq!(attrs.len(), 2);
        assert_eq!(attr(&attrs, "tuid"), Some("2"));
    }
}

/// Where a problem was found while reading a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// The file (or `-` for standard input).
    pub file: String,
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // An unknown line or column (0) is left out: never `file:0:0`.
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.file),
            (line, 0) => write!(f, "{}:{line}", self.file),
            (line, column) => write!(f, "{}:{line}:{column}", self.file),
        }
    }
}

/// A problem that stops reading a file: malformed XML, an unreadable encoding.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{position}: {message}")]
pub struct ReadError {
    /// Where.
    pub position: Position,
    /// What is wrong and, where it helps, what was expected.
    pub message: String,
}

impl ReadError {
    /// An error about `file` as a whole (missing, unreadable, not the
    /// expected format), placed at its line 1, column 1.
    pub fn at_file_start(file: &str, message: String) -> ReadError {
        ReadError {
            position: Position {
                file: file.to_string(),
                line: 1,
                column: 1,
            },
            message,
        }
    }
}

/// A recoverable problem inside one unit: reading goes on (unless the caller is strict).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadWarning {
    /// Where.
    pub position: Position,
    /// 1-based index of the unit in the file; 0 for a problem outside any unit.
    pub unit_index: u64,
    /// The unit's `tuid`, when it has one.
    pub tuid: Option<String>,
    /// What is wrong and what the reader did about it.
    pub message: String,
}

impl std::fmt::Display for ReadWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.position)?;
        // Index 0 marks a problem outside any unit (the XML declaration, the header).
        if self.unit_index > 0 {
            write!(f, ": unit {}", self.unit_index)?;
            if let Some(tuid) = &self.tuid {
                write!(f, " (tuid {tuid})")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Anything that yields translation units one at a time: the TMX reader, and
/// any other bilingual format. Imports read through this trait, so a memory
/// never holds a whole file in memory.
///
/// Readers are `Send` so that an import can parse on one thread while it
/// writes the memory on another.
pub trait UnitReader: Send {
    /// The file header (TMX `<header>`; other formats fill what they can).
    fn header(&self) -> &Header;
    /// The next unit, `Ok(None)` at the end.
    fn next_unit(&mut self) -> Result<Option<TranslationUnit>, ReadError>;
    /// Warnings collected since the last call.
    fn take_warnings(&mut self) -> Vec<ReadWarning>;
    /// Bytes of input consumed so far (for progress bars).
    fn bytes_read(&self) -> u64;
}

/// A [`UnitReader`] over units already in memory (tests, programmatic imports).
pub struct VecReader {
    header: Header,
    units: std::vec::IntoIter<TranslationUnit>,
}

impl VecReader {
    /// Wraps a list of units with a default header.
    pub fn new(units: Vec<TranslationUnit>) -> VecReader {
        VecReader {
            header: Header::default(),
            units: units.into_iter(),
        }
    }
}

impl UnitReader for VecReader {
    fn header(&self) -> &Header {
        &self.header
    }
    fn next_unit(&mut self) -> Result<Option<TranslationUnit>, ReadError> {
        Ok(self.units.next())
    }
    fn take_warnings(&mut self) -> Vec<ReadWarning> {
        Vec::new()
    }
    fn bytes_read(&self) -> u64 {
        0
    }
}
