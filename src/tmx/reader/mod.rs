//! The streaming TMX reader: XML events → [`TranslationUnit`]s.
//!
//! The header is read when the reader is built; after that each call to
//! [`UnitReader::next_unit`] reads exactly one `<tu>` from the stream. Only the
//! unit being read is in memory, plus fixed-size buffers.
//!
//! Well-formedness is checked here, not by quick-xml, so that a broken file is
//! reported the way a translator can act on: `expected </tu> (opened at line 12,
//! column 5), found </tuv>`, `unexpected end of file inside <seg> (in <tu> 40
//! started at line 310, column 3)`. Problems confined to one unit become
//! [`ReadWarning`]s and reading goes on.

use crate::unit::{
    Attributes, Header, Position, Prop, ReadError, ReadWarning, TagKind, TranslationUnit,
    UnitReader, attr,
};
use crate::xml::encoding::{Input, count_chars, malformed_message};
use crate::xml::escape::is_xml_name;
use crate::xml::escape::{EscapeIssues, unescape_into};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

/// Deepest element nesting accepted inside a unit (a guard against hostile files
/// that would otherwise exhaust the stack).
const MAX_DEPTH: usize = 256;

/// A TMX file being read unit by unit.
///
/// ```
/// use tmkit::tmx::TmxReader;
/// use tmkit::unit::UnitReader;
///
/// let tmx = r#"<?xml version="1.0" encoding="UTF-8"?>
/// <tmx version="1.4"><header creationtool="demo" creationtoolversion="1" segtype="sentence"
///   o-tmf="demo" adminlang="en" srclang="en" datatype="plaintext"/>
/// <body><tu tuid="1"><tuv xml:lang="en"><seg>Press <bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
/// <tuv xml:lang="ru"><seg>Нажмите <bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept>.</seg></tuv></tu></body></tmx>"#;
/// let mut reader = TmxReader::from_reader(std::io::Cursor::new(tmx), "demo.tmx").unwrap();
/// assert_eq!(reader.header().attr("srclang"), Some("en"));
/// let unit = reader.next_unit().unwrap().unwrap();
/// assert_eq!(unit.tuid(), Some("1"));
/// assert_eq!(unit.variant("ru").unwrap().text(), "Нажмите OK.");
/// assert!(reader.next_unit().unwrap().is_none());
/// assert!(reader.take_warnings().is_empty());
/// ```
pub struct TmxReader {
    xml: Reader<Input>,
    name: String,
    header: Header,
    buf: Vec<u8>,
    warnings: Vec<ReadWarning>,
    units_started: u64,
    units_returned: u64,
    units_skipped: u64,
    in_unit: bool,
    tuid: Option<String>,
    mark: Mark,
    /// Offset of the current event in the decoded text.
    mark_offset: u64,
    open: Vec<(Cow<'static, str>, Mark)>,
    finished: bool,
}

/// A line and column (1-based, characters of the decoded text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mark {
    line: u64,
    column: u64,
}

impl Mark {
    /// The position after `bytes` (UTF-8) starting here.
    fn advance(self, bytes: &[u8]) -> Mark {
        match memchr::memrchr(b'\n', bytes) {
            Some(last) => Mark {
                line: self.line + memchr::memchr_iter(b'\n', bytes).count() as u64,
                column: count_chars(&bytes[last + 1..]) + 1,
            },
            None => Mark {
                line: self.line,
                column: self.column + count_chars(bytes),
            },
        }
    }
}

/// The elements the reader knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Elem {
    Tmx,
    Header,
    Body,
    Tu,
    Tuv,
    Seg,
    Prop,
    Note,
    Ude,
    Map,
    Inline(TagKind),
    Other,
}

impl Elem {
    fn classify(name: &[u8]) -> Elem {
        match name {
            b"tu" => Elem::Tu,
            b"tuv" => Elem::Tuv,
            b"seg" => Elem::Seg,
            b"prop" => Elem::Prop,
            b"note" => Elem::Note,
            b"bpt" => Elem::Inline(TagKind::Bpt),
            b"ept" => Elem::Inline(TagKind::Ept),
            b"ph" => Elem::Inline(TagKind::Ph),
            b"it" => Elem::Inline(TagKind::It),
            b"hi" => Elem::Inline(TagKind::Hi),
            b"ut" => Elem::Inline(TagKind::Ut),
            b"sub" => Elem::Inline(TagKind::Sub),
            b"tmx" => Elem::Tmx,
            b"header" => Elem::Header,
            b"body" => Elem::Body,
            b"ude" => Elem::Ude,
            b"map" => Elem::Map,
            _ => Elem::Other,
        }
    }

    fn static_name(self) -> Option<&'static str> {
        Some(match self {
            Elem::Tmx => "tmx",
            Elem::Header => "header",
            Elem::Body => "body",
            Elem::Tu => "tu",
            Elem::Tuv => "tuv",
            Elem::Seg => "seg",
            Elem::Prop => "prop",
            Elem::Note => "note",
            Elem::Ude => "ude",
            Elem::Map => "map",
            Elem::Inline(kind) => kind.name(),
            Elem::Other => return None,
        })
    }
}

fn element_name(name: &[u8]) -> Cow<'static, str> {
    match Elem::classify(name).static_name() {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(String::from_utf8_lossy(name).into_owned()),
    }
}

impl TmxReader {
    /// Opens a TMX file and reads its header.
    ///
    /// Fails with a [`ReadError`] naming the file when it is missing, a
    /// directory, empty, not XML, not TMX, or when the header is malformed.
    pub fn open(path: &Path) -> Result<TmxReader, ReadError> {
        let name = path.display().to_string();
        let file_error = |message: String| ReadError::at_file_start(&name, message);
        let file = crate::xml::encoding::open_file(path, "TMX", ".tmx").map_err(file_error)?;
        TmxReader::from_reader(file, &name)
    }

    /// Reads TMX from any byte stream; `name` is used in error and warning positions
    /// (`-` for standard input). The header is read before this returns.
    pub fn from_reader(
        input: impl Read + Send + 'static,
        name: &str,
    ) -> Result<TmxReader, ReadError> {
        let start_error = |message: String| ReadError::at_file_start(name, message);
        let (input, detected) = Input::new(Box::new(input), "TMX").map_err(start_error)?;
        let xml = crate::xml::streaming_reader(input, false);
        let mut reader = TmxReader {
            xml,
            name: name.to_string(),
            header: Header::default(),
            buf: Vec::with_capacity(4096),
            warnings: Vec::new(),
            units_started: 0,
            units_returned: 0,
            units_skipped: 0,
            in_unit: false,
            tuid: None,
            mark: Mark { line: 1, column: 1 },
            mark_offset: 0,
            open: Vec::new(),
            finished: false,
        };
        for message in detected.warnings {
            reader.warn_at(Mark { line: 1, column: 1 }, message);
        }
        let mut buf = std::mem::take(&mut reader.buf);
        reader.read_prolog_and_header(&mut buf)?;
        reader.buf = buf;
        Ok(reader)
    }

    /// The name given for the input (the path for [`TmxReader::open`]).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The encoding the file is decoded with (`UTF-8`, `UTF-16LE`, `windows-1252`, …).
    pub fn encoding(&self) -> &'static str {
        self.xml.get_ref().encoding().name()
    }

    /// Units returned so far (units skipped with a warning are not counted).
    pub fn units_read(&self) -> u64 {
        self.units_returned
    }

    /// `<tu>` elements skipped so far because they had no usable `<tuv>` (each
    /// one also produced a warning saying why).
    pub fn units_skipped(&self) -> u64 {
        self.units_skipped
    }

    // ----- positions, warnings, errors -------------------------------------------------

    /// Where the next event starts.
    fn current_mark(&self) -> Mark {
        let input = self.xml.get_ref();
        let (line, column) = input.line_column();
        // After text quick-xml has consumed the `<` of the next markup already.
        let behind = input.consumed().saturating_sub(self.xml.buffer_position());
        Mark {
            line,
            column: column.saturating_sub(behind).max(1),
        }
    }

    fn position_of(&self, mark: Mark) -> Position {
        Position {
            file: self.name.clone(),
            line: mark.line,
            column: mark.column,
        }
    }

    fn error_at(&self, mark: Mark, message: impl Into<String>) -> ReadError {
        ReadError {
            position: self.position_of(mark),
            message: message.into(),
        }
    }

    fn warn_at(&mut self, mark: Mark, message: impl Into<String>) {
        let (unit_index, tuid) = if self.in_unit {
            (self.units_started, self.tuid.clone())
        } else {
            (0, None)
        };
        self.warnings.push(ReadWarning {
            position: self.position_of(mark),
            unit_index,
            tuid,
            message: message.into(),
        });
    }

    fn describe_open(&self, index: usize) -> String {
        let (name, mark) = &self.open[index];
        format!(
            "<{name}> started at line {}, column {}",
            mark.line, mark.column
        )
    }

    fn eof_error(&self) -> ReadError {
        let mark = self.current_mark();
        let Some(innermost) = self.open.len().checked_sub(1) else {
            return self.error_at(mark, "unexpected end of file: expected a <tmx> element");
        };
        let mut message = format!(
            "unexpected end of file inside {} (the file is truncated or an end tag is missing)",
            self.describe_open(innermost)
        );
        if let Some(tu) = self.open.iter().position(|(name, _)| name == "tu") {
            if tu != innermost {
                message.push_str(&format!(
                    "; in unit {} ({})",
                    self.units_started,
                    self.describe_open(tu)
                ));
            }
        }
        self.error_at(mark, message)
    }

    fn push_open(&mut self, name: Cow<'static, str>) -> Result<(), ReadError> {
        if self.open.len() >= MAX_DEPTH {
            return Err(self.error_at(
                self.mark,
                format!("elements are nested more than {MAX_DEPTH} deep; this is not a TMX file"),
            ));
        }
        self.open.push((name, self.mark));
        Ok(())
    }

    /// Checks an end tag against the innermost open element and closes it.
    fn close(&mut self, found: &[u8]) -> Result<(), ReadError> {
        let Some((expected, opened)) = self.open.pop() else {
            return Err(self.error_at(
                self.mark,
                format!(
                    "unexpected end tag </{}>: no element is open",
                    String::from_utf8_lossy(found)
                ),
            ));
        };
        if expected.as_bytes() != found {
            let message = format!(
                "expected </{expected}> (for the <{expected}> opened at line {}, column {}), \
                 found </{}>",
                opened.line,
                opened.column,
                String::from_utf8_lossy(found)
            );
            return Err(self.error_at(self.mark, message));
        }
        Ok(())
    }

    fn xml_error(&self, err: quick_xml::Error) -> ReadError {
        if let Some(failure) = self.xml.get_ref().failure() {
            return ReadError {
                position: Position {
                    file: self.name.clone(),
                    line: failure.line,
                    column: failure.column,
                },
                message: failure.message.clone(),
            };
        }
        let message = match &err {
            quick_xml::Error::Syntax(syntax) => format!("malformed XML: {syntax}"),
            quick_xml::Error::IllFormed(ill) => format!("malformed XML: {ill}"),
            quick_xml::Error::Io(io) => format!("cannot read the file: {io}"),
            other => format!("malformed XML: {other}"),
        };
        self.error_at(self.mark, message)
    }

    /// Reads the next XML event into `buf`, remembering where it starts.
    fn read<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, ReadError> {
        self.mark = self.current_mark();
        self.mark_offset = self.xml.buffer_position();
        buf.clear();
        match self.xml.read_event_into(buf) {
            Ok(event) => Ok(event),
            Err(err) => Err(self.xml_error(err)),
        }
    }

    // ----- text and attributes ---------------------------------------------------------

    /// The text of `bytes`, which start at `mark` / decoded offset `offset`. Input in
    /// UTF-8 is validated here, where it becomes text: a failure is the file's
    /// encoding being wrong, reported with the exact position of the bad bytes.
    fn utf8<'t>(&self, bytes: &'t [u8], mark: Mark, offset: u64) -> Result<&'t str, ReadError> {
        std::str::from_utf8(bytes).map_err(|err| {
            let good = err.valid_up_to();
            let bad = err.error_len().unwrap_or(bytes.len() - good);
            let input = self.xml.get_ref();
            let message = malformed_message(
                input.encoding(),
                offset + input.text_start() + good as u64,
                &bytes[good..good + bad],
                // Text ends only at markup (ASCII) or at the end of the file, so
                // a character left unfinished means the file was cut short.
                err.error_len().is_none(),
            );
            self.error_at(mark.advance(&bytes[..good]), message)
        })
    }

    /// [`Self::utf8`] for a slice of the current start tag (an attribute name or value).
    fn tag_str<'t>(&self, start: &BytesStart, bytes: &'t [u8]) -> Result<&'t str, ReadError> {
        if let Ok(text) = std::str::from_utf8(bytes) {
            return Ok(text);
        }
        let whole: &[u8] = start;
        let within = (bytes.as_ptr() as usize)
            .checked_sub(whole.as_ptr() as usize)
            .filter(|at| *at <= whole.len())
            .unwrap_or(0);
        let mark = self.mark.advance(b"<").advance(&whole[..within]);
        self.utf8(bytes, mark, self.mark_offset + 1 + within as u64)
    }

    /// Unescapes character data at the current event into `out`, warning about
    /// dropped characters and unknown entities.
    fn text_into(&mut self, raw: &[u8], out: &mut String, literal: bool) -> Result<(), ReadError> {
        let text = self.utf8(raw, self.mark, self.mark_offset)?;
        let mut issues = EscapeIssues::default();
        unescape_into(text, out, false, literal, &mut issues);
        if let Some(at) = issues.first_at {
            let mark = self.mark.advance(&raw[..at]);
            let message = issues.describe();
            self.warn_at(mark, message);
        }
        Ok(())
    }

    fn attributes(&mut self, start: &BytesStart) -> Result<Attributes, ReadError> {
        let mut attrs = Attributes::new();
        let mut issues = EscapeIssues::default();
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|err| {
                self.error_at(
                    self.mark,
                    format!(
                        "malformed attribute in <{}>: {err}",
                        String::from_utf8_lossy(start.name().as_ref())
                    ),
                )
            })?;
            let key = self.tag_str(start, attribute.key.as_ref())?;
            if !is_xml_name(key) {
                let message = format!(
                    "attribute name `{key}` in <{}> is not an XML name: attribute dropped",
                    String::from_utf8_lossy(start.name().as_ref())
                );
                self.warn_at(self.mark, message);
                continue;
            }
            let key = key.to_string();
            let mut value = String::with_capacity(attribute.value.len());
            let raw = self.tag_str(start, &attribute.value)?;
            unescape_into(raw, &mut value, true, false, &mut issues);
            attrs.push((key, value));
        }
        if !issues.is_empty() {
            let message = format!(
                "in the attributes of <{}>: {}",
                String::from_utf8_lossy(start.name().as_ref()),
                issues.describe()
            );
            self.warn_at(self.mark, message);
        }
        Ok(attrs)
    }
}

mod body;
mod header;

/// A `<prop>` from its attributes and text (the header and units both have them).
fn make_prop(attrs: Attributes, value: String) -> Prop {
    Prop {
        kind: attr(&attrs, "type").unwrap_or("").to_string(),
        attrs,
        value,
    }
}

impl UnitReader for TmxReader {
    fn header(&self) -> &Header {
        &self.header
    }

    fn next_unit(&mut self) -> Result<Option<TranslationUnit>, ReadError> {
        if self.finished {
            return Ok(None);
        }
        let mut buf = std::mem::take(&mut self.buf);
        let result = self.next_unit_in_body(&mut buf);
        self.buf = buf;
        if result.is_err() {
            // A malformed file stops here; later calls report the end.
            self.finished = true;
        }
        result
    }

    fn take_warnings(&mut self) -> Vec<ReadWarning> {
        std::mem::take(&mut self.warnings)
    }

    fn bytes_read(&self) -> u64 {
        self.xml.get_ref().bytes_read()
    }
}

impl Iterator for TmxReader {
    type Item = Result<TranslationUnit, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_unit().transpose()
    }
}

/// Reads a whole TMX file: header, units and warnings (for tests and small files;
/// imports stream through [`TmxReader`] instead).
pub fn read_all(
    path: &Path,
) -> Result<(Header, Vec<TranslationUnit>, Vec<ReadWarning>), ReadError> {
    let mut reader = TmxReader::open(path)?;
    let mut units = Vec::new();
    while let Some(unit) = reader.next_unit()? {
        units.push(unit);
    }
    let warnings = reader.take_warnings();
    Ok((reader.header().clone(), units, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_expands_normalises_and_filters() {
        let mut out = String::new();
        let mut issues = EscapeIssues::default();
        unescape_into(
            "a&lt;b&gt;&amp;&quot;&apos;&#x1D11E;&#65;\r\nz\u{1}&nbsp;",
            &mut out,
            false,
            false,
            &mut issues,
        );
        assert_eq!(out, "a<b>&\"'𝄞A\nz&nbsp;");
        assert_eq!(issues.dropped, vec![1]);
        assert_eq!(issues.unknown_entities, vec!["nbsp".to_string()]);
        assert_eq!(issues.first_at, Some(44));
    }

    #[test]
    fn attribute_values_normalise_whitespace_but_keep_references() {
        let mut out = String::new();
        let mut issues = EscapeIssues::default();
        unescape_into("a\tb\r\nc&#10;d", &mut out, true, false, &mut issues);
        assert_eq!(out, "a b c\nd");
        assert!(issues.is_empty());
    }

    #[test]
    fn forbidden_character_references_are_dropped() {
        let mut out = String::new();
        let mut issues = EscapeIssues::default();
        unescape_into(
            "x&#0;&#xFFFE;&#xD800;y\u{FFFF}",
            &mut out,
            false,
            false,
            &mut issues,
        );
        assert_eq!(out, "xy");
        assert_eq!(issues.dropped, vec![0, 0xFFFE, 0xD800, 0xFFFF]);
    }

    #[test]
    fn cdata_is_literal() {
        let mut out = String::new();
        let mut issues = EscapeIssues::default();
        unescape_into("&lt;b&gt;", &mut out, false, true, &mut issues);
        assert_eq!(out, "&lt;b&gt;");
    }

    #[test]
    fn marks_advance_by_characters() {
        let mark = Mark { line: 3, column: 5 };
        assert_eq!(mark.advance("щё".as_bytes()), Mark { line: 3, column: 7 });
        assert_eq!(
            mark.advance("a\nщx".as_bytes()),
            Mark { line: 4, column: 3 }
        );
    }
}
