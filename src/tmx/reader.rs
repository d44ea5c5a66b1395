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

use crate::lang::LangTag;
use crate::unit::{
    Attributes, Content, Header, Inline, Note, Position, Prop, ReadError, ReadWarning, TagKind,
    TranslationUnit, Ude, UnitReader, Variant, attr,
};
use crate::xml::encoding::{Input, count_chars, malformed_message};
use crate::xml::escape::is_xml_name;
use crate::xml::escape::{EscapeIssues, MAX_LISTED, unescape_into};
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
        let mut xml = Reader::from_reader(input);
        let config = xml.config_mut();
        config.trim_text(false);
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.check_comments = false;
        config.expand_empty_elements = false;
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

    // ----- prolog and header -----------------------------------------------------------

    fn read_prolog_and_header(&mut self, buf: &mut Vec<u8>) -> Result<(), ReadError> {
        loop {
            match self.read(buf)? {
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                // Never resolved: neither the external DTD nor internal entity declarations.
                Event::DocType(_) => {}
                Event::Text(text) if crate::xml::is_whitespace(&text) => {}
                Event::Text(_) | Event::CData(_) => {
                    return Err(self.error_at(
                        self.mark,
                        "not a TMX file: text found where the <tmx> element should start",
                    ));
                }
                Event::Start(start) | Event::Empty(start) if start.name().as_ref() != b"tmx" => {
                    let found = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                    return Err(self.error_at(
                        self.mark,
                        format!("not a TMX file: the root element is <{found}>, expected <tmx>"),
                    ));
                }
                Event::Start(start) => {
                    let attrs = self.attributes(&start)?;
                    self.header.version = attr(&attrs, "version").unwrap_or("").to_string();
                    self.push_open(Cow::Borrowed("tmx"))?;
                    break;
                }
                Event::Empty(start) => {
                    let attrs = self.attributes(&start)?;
                    self.header.version = attr(&attrs, "version").unwrap_or("").to_string();
                    self.warn_at(self.mark, "the <tmx> element is empty: no header, no units");
                    return self.finish_document(buf, false);
                }
                Event::End(end) => {
                    return Err(self.error_at(
                        self.mark,
                        format!(
                            "not a TMX file: end tag </{}> before any element",
                            String::from_utf8_lossy(end.as_ref())
                        ),
                    ));
                }
                Event::Eof => {
                    return Err(
                        self.error_at(self.mark, "not a TMX file: there is no <tmx> element")
                    );
                }
            }
        }
        if self.header.version.is_empty() {
            self.warn_at(
                self.mark,
                "the <tmx> element has no version attribute; read as TMX 1.4",
            );
        }
        let mut saw_header = false;
        loop {
            match self.read(buf)? {
                Event::Start(start) => match Elem::classify(start.name().as_ref()) {
                    Elem::Header => {
                        self.header.attrs = self.attributes(&start)?;
                        self.push_open(Cow::Borrowed("header"))?;
                        self.read_header_children(buf)?;
                        saw_header = true;
                    }
                    Elem::Body => {
                        if !saw_header {
                            self.warn_at(self.mark, "the file has no <header>");
                        }
                        self.push_open(Cow::Borrowed("body"))?;
                        return Ok(());
                    }
                    _ => {
                        let name = element_name(start.name().as_ref());
                        self.warn_at(
                            self.mark,
                            format!("unexpected <{name}> inside <tmx>: skipped"),
                        );
                        self.push_open(name)?;
                        self.skip_element(buf)?;
                    }
                },
                Event::Empty(start) => match Elem::classify(start.name().as_ref()) {
                    Elem::Header => {
                        self.header.attrs = self.attributes(&start)?;
                        saw_header = true;
                    }
                    Elem::Body => return self.finish_document(buf, true),
                    _ => {
                        let name = element_name(start.name().as_ref());
                        self.warn_at(
                            self.mark,
                            format!("unexpected <{name}/> inside <tmx>: skipped"),
                        );
                    }
                },
                Event::End(end) => {
                    self.close(end.as_ref())?;
                    self.warn_at(self.mark, "the file has no <body>: no units");
                    return self.finish_document(buf, false);
                }
                Event::Text(text) if !crate::xml::is_whitespace(&text) => {
                    self.warn_at(self.mark, "text directly inside <tmx> ignored");
                }
                Event::Eof => return Err(self.eof_error()),
                _ => {}
            }
        }
    }

    fn read_header_children(&mut self, buf: &mut Vec<u8>) -> Result<(), ReadError> {
        loop {
            match self.read(buf)? {
                Event::Start(start) => {
                    let elem = Elem::classify(start.name().as_ref());
                    let attrs = self.attributes(&start)?;
                    self.push_open(element_name(start.name().as_ref()))?;
                    match elem {
                        Elem::Prop => {
                            let prop = self.read_prop(buf, attrs)?;
                            self.header.props.push(prop);
                        }
                        Elem::Note => {
                            let note = self.read_note(buf, attrs)?;
                            self.header.notes.push(note);
                        }
                        Elem::Ude => {
                            let ude = self.read_ude(buf, attrs)?;
                            self.header.udes.push(ude);
                        }
                        _ => {
                            let name = element_name(start.name().as_ref());
                            self.warn_at(
                                self.mark,
                                format!("unexpected <{name}> inside <header>: skipped"),
                            );
                            self.skip_element(buf)?;
                        }
                    }
                }
                Event::Empty(start) => {
                    let elem = Elem::classify(start.name().as_ref());
                    let attrs = self.attributes(&start)?;
                    match elem {
                        Elem::Prop => self.header.props.push(make_prop(attrs, String::new())),
                        Elem::Note => self.header.notes.push(Note {
                            attrs,
                            text: String::new(),
                        }),
                        Elem::Ude => self.header.udes.push(Ude {
                            attrs,
                            maps: Vec::new(),
                        }),
                        _ => {
                            let name = element_name(start.name().as_ref());
                            self.warn_at(
                                self.mark,
                                format!("unexpected <{name}/> inside <header>: skipped"),
                            );
                        }
                    }
                }
                Event::End(end) => return self.close(end.as_ref()),
                Event::Text(text) if !crate::xml::is_whitespace(&text) => {
                    self.warn_at(self.mark, "text directly inside <header> ignored");
                }
                Event::Eof => return Err(self.eof_error()),
                _ => {}
            }
        }
    }

    fn read_ude(&mut self, buf: &mut Vec<u8>, attrs: Attributes) -> Result<Ude, ReadError> {
        let mut ude = Ude {
            attrs,
            maps: Vec::new(),
        };
        loop {
            match self.read(buf)? {
                Event::Empty(start) if start.name().as_ref() == b"map" => {
                    let attrs = self.attributes(&start)?;
                    ude.maps.push(attrs);
                }
                Event::Start(start) => {
                    let is_map = start.name().as_ref() == b"map";
                    let attrs = self.attributes(&start)?;
                    let name = element_name(start.name().as_ref());
                    if is_map {
                        ude.maps.push(attrs);
                    } else {
                        self.warn_at(
                            self.mark,
                            format!("unexpected <{name}> inside <ude>: skipped"),
                        );
                    }
                    self.push_open(name)?;
                    self.skip_element(buf)?;
                }
                Event::Empty(start) => {
                    let name = element_name(start.name().as_ref());
                    self.warn_at(
                        self.mark,
                        format!("unexpected <{name}/> inside <ude>: skipped"),
                    );
                }
                Event::End(end) => {
                    self.close(end.as_ref())?;
                    return Ok(ude);
                }
                Event::Eof => return Err(self.eof_error()),
                _ => {}
            }
        }
    }

    /// Skips the content of the element just opened (already on the open stack),
    /// still checking that its tags nest properly.
    fn skip_element(&mut self, buf: &mut Vec<u8>) -> Result<(), ReadError> {
        let depth = self.open.len();
        loop {
            match self.read(buf)? {
                Event::Start(start) => {
                    let name = element_name(start.name().as_ref());
                    self.push_open(name)?;
                }
                Event::End(end) => {
                    self.close(end.as_ref())?;
                    if self.open.len() < depth {
                        return Ok(());
                    }
                }
                Event::Eof => return Err(self.eof_error()),
                _ => {}
            }
        }
    }

    /// Reads the text content of a `prop`, `note` or unknown element into `out`;
    /// nested elements are not expected: their text is kept, with a warning.
    fn read_text_content(
        &mut self,
        buf: &mut Vec<u8>,
        out: &mut String,
        within: &str,
    ) -> Result<(), ReadError> {
        loop {
            match self.read(buf)? {
                Event::Text(text) => self.text_into(&text, out, false)?,
                Event::CData(data) => self.text_into(&data, out, true)?,
                Event::Start(start) => {
                    let name = element_name(start.name().as_ref());
                    self.warn_at(
                        self.mark,
                        format!("unexpected <{name}> inside <{within}>: its text is kept"),
                    );
                    self.push_open(name)?;
                    self.read_text_content(buf, out, within)?;
                }
                Event::Empty(start) => {
                    let name = element_name(start.name().as_ref());
                    self.warn_at(
                        self.mark,
                        format!("unexpected <{name}/> inside <{within}>: ignored"),
                    );
                }
                Event::End(end) => return self.close(end.as_ref()),
                Event::Eof => return Err(self.eof_error()),
                _ => {}
            }
        }
    }

    fn read_prop(&mut self, buf: &mut Vec<u8>, attrs: Attributes) -> Result<Prop, ReadError> {
        let mut value = String::new();
        self.read_text_content(buf, &mut value, "prop")?;
        Ok(make_prop(attrs, value))
    }

    fn read_note(&mut self, buf: &mut Vec<u8>, attrs: Attributes) -> Result<Note, ReadError> {
        let mut text = String::new();
        self.read_text_content(buf, &mut text, "note")?;
        Ok(Note { attrs, text })
    }

    /// After the body (or instead of it): the closing `</tmx>` and nothing but
    /// comments and whitespace after it.
    fn finish_document(&mut self, buf: &mut Vec<u8>, in_tmx: bool) -> Result<(), ReadError> {
        self.finished = true;
        let mut in_tmx = in_tmx;
        loop {
            match self.read(buf)? {
                Event::End(end) if in_tmx => {
                    self.close(end.as_ref())?;
                    in_tmx = false;
                }
                Event::Start(start) if in_tmx => {
                    let name = element_name(start.name().as_ref());
                    self.warn_at(
                        self.mark,
                        format!("unexpected <{name}> after <body>: skipped"),
                    );
                    self.push_open(name)?;
                    self.skip_element(buf)?;
                }
                Event::Empty(start) if in_tmx => {
                    let name = element_name(start.name().as_ref());
                    self.warn_at(
                        self.mark,
                        format!("unexpected <{name}/> after <body>: skipped"),
                    );
                }
                Event::Text(text) if crate::xml::is_whitespace(&text) => {}
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof if in_tmx => return Err(self.eof_error()),
                Event::Eof => return Ok(()),
                _ if in_tmx => {
                    self.warn_at(self.mark, "text directly inside <tmx> ignored");
                }
                _ => {
                    return Err(self.error_at(
                        self.mark,
                        "malformed XML: content after the end of the <tmx> element",
                    ));
                }
            }
        }
    }

    // ----- body ------------------------------------------------------------------------

    fn next_unit_in_body(
        &mut self,
        buf: &mut Vec<u8>,
    ) -> Result<Option<TranslationUnit>, ReadError> {
        loop {
            match self.read(buf)? {
                Event::Start(start) if start.name().as_ref() == b"tu" => {
                    let attrs = self.attributes(&start)?;
                    self.begin_unit(&attrs);
                    self.push_open(Cow::Borrowed("tu"))?;
                    let unit = self.read_tu(buf, attrs);
                    self.in_unit = false;
                    match unit? {
                        Some(unit) => {
                            self.units_returned += 1;
                            return Ok(Some(unit));
                        }
                        None => self.units_skipped += 1,
                    }
                }
                Event::Empty(start) if start.name().as_ref() == b"tu" => {
                    let attrs = self.attributes(&start)?;
                    self.begin_unit(&attrs);
                    self.warn_at(self.mark, "the unit has no <tuv>: skipped");
                    self.units_skipped += 1;
                    self.in_unit = false;
                }
                Event::Start(start) => {
                    let name = element_name(start.name().as_ref());
                    self.warn_at(
                        self.mark,
                        format!("unexpected <{name}> inside <body>: skipped"),
                    );
                    self.push_open(name)?;
                    self.skip_element(buf)?;
                }
                Event::Empty(start) => {
                    let name = element_name(start.name().as_ref());
                    self.warn_at(
                        self.mark,
                        format!("unexpected <{name}/> inside <body>: skipped"),
                    );
                }
                Event::End(end) => {
                    self.close(end.as_ref())?;
                    self.finish_document(buf, true)?;
                    return Ok(None);
                }
                Event::Text(text) if !crate::xml::is_whitespace(&text) => {
                    self.warn_at(self.mark, "text directly inside <body> ignored");
                }
                Event::CData(_) => {
                    self.warn_at(self.mark, "CDATA directly inside <body> ignored");
                }
                Event::Eof => return Err(self.eof_error()),
                _ => {}
            }
        }
    }

    fn begin_unit(&mut self, attrs: &Attributes) {
        self.units_started += 1;
        self.in_unit = true;
        self.tuid = attr(attrs, "tuid").map(str::to_string);
    }

    fn read_tu(
        &mut self,
        buf: &mut Vec<u8>,
        attrs: Attributes,
    ) -> Result<Option<TranslationUnit>, ReadError> {
        let tu_mark = self.mark;
        let mut unit = TranslationUnit {
            attrs,
            ..TranslationUnit::default()
        };
        let mut tuvs_seen = 0;
        loop {
            match self.read(buf)? {
                Event::Start(start) => {
                    let elem = Elem::classify(start.name().as_ref());
                    let attrs = self.attributes(&start)?;
                    let name = element_name(start.name().as_ref());
                    self.push_open(name.clone())?;
                    match elem {
                        Elem::Tuv => {
                            tuvs_seen += 1;
                            if let Some(variant) = self.read_tuv(buf, attrs, false)? {
                                unit.variants.push(variant);
                            }
                        }
                        Elem::Prop => {
                            let prop = self.read_prop(buf, attrs)?;
                            unit.props.push(prop);
                        }
                        Elem::Note => {
                            let note = self.read_note(buf, attrs)?;
                            unit.notes.push(note);
                        }
                        _ => {
                            self.warn_at(
                                self.mark,
                                format!("unexpected <{name}> inside <tu>: skipped"),
                            );
                            self.skip_element(buf)?;
                        }
                    }
                }
                Event::Empty(start) => {
                    let elem = Elem::classify(start.name().as_ref());
                    let attrs = self.attributes(&start)?;
                    match elem {
                        Elem::Tuv => {
                            tuvs_seen += 1;
                            if let Some(variant) = self.read_tuv(buf, attrs, true)? {
                                unit.variants.push(variant);
                            }
                        }
                        Elem::Prop => unit.props.push(make_prop(attrs, String::new())),
                        Elem::Note => unit.notes.push(Note {
                            attrs,
                            text: String::new(),
                        }),
                        _ => {
                            let name = element_name(start.name().as_ref());
                            self.warn_at(
                                self.mark,
                                format!("unexpected <{name}/> inside <tu>: skipped"),
                            );
                        }
                    }
                }
                Event::End(end) => {
                    self.close(end.as_ref())?;
                    break;
                }
                Event::Text(text) if !crate::xml::is_whitespace(&text) => {
                    self.warn_at(self.mark, "text directly inside <tu> ignored");
                }
                Event::CData(_) => {
                    self.warn_at(self.mark, "CDATA directly inside <tu> ignored");
                }
                Event::Eof => return Err(self.eof_error()),
                _ => {}
            }
        }
        match unit.variants.len() {
            0 if tuvs_seen == 0 => {
                self.warn_at(tu_mark, "the unit has no <tuv>: skipped");
                Ok(None)
            }
            0 => {
                self.warn_at(tu_mark, "no <tuv> of the unit has a language: unit skipped");
                Ok(None)
            }
            1 => {
                let lang = unit.variants[0].lang.original().to_string();
                self.warn_at(
                    tu_mark,
                    format!("the unit has only one <tuv> ({lang}), no translation: kept"),
                );
                Ok(Some(unit))
            }
            _ => Ok(Some(unit)),
        }
    }

    /// Reads a `<tuv>` (already on the open stack unless `empty`). `None` when it
    /// has no language and is skipped.
    fn read_tuv(
        &mut self,
        buf: &mut Vec<u8>,
        attrs: Attributes,
        empty: bool,
    ) -> Result<Option<Variant>, ReadError> {
        let tuv_mark = self.mark;
        let mut props = Vec::new();
        let mut notes = Vec::new();
        let mut content = Content::new();
        let mut segs = 0;
        if !empty {
            loop {
                match self.read(buf)? {
                    Event::Start(start) => {
                        let elem = Elem::classify(start.name().as_ref());
                        let child_attrs = self.attributes(&start)?;
                        let name = element_name(start.name().as_ref());
                        self.push_open(name.clone())?;
                        match elem {
                            Elem::Seg => {
                                segs += 1;
                                let seg_mark = self.mark;
                                let mut seg = self.read_content(buf)?;
                                if segs > 1 {
                                    self.warn_at(
                                        seg_mark,
                                        "the <tuv> has more than one <seg>: their contents are joined",
                                    );
                                }
                                self.check_pairs(&seg, seg_mark, &attrs);
                                for piece in seg.drain(..) {
                                    push_piece(&mut content, piece);
                                }
                            }
                            Elem::Prop => {
                                let prop = self.read_prop(buf, child_attrs)?;
                                props.push(prop);
                            }
                            Elem::Note => {
                                let note = self.read_note(buf, child_attrs)?;
                                notes.push(note);
                            }
                            _ => {
                                self.warn_at(
                                    self.mark,
                                    format!("unexpected <{name}> inside <tuv>: skipped"),
                                );
                                self.skip_element(buf)?;
                            }
                        }
                    }
                    Event::Empty(start) => {
                        let elem = Elem::classify(start.name().as_ref());
                        let attrs = self.attributes(&start)?;
                        match elem {
                            Elem::Seg => segs += 1,
                            Elem::Prop => props.push(make_prop(attrs, String::new())),
                            Elem::Note => notes.push(Note {
                                attrs,
                                text: String::new(),
                            }),
                            _ => {
                                let name = element_name(start.name().as_ref());
                                self.warn_at(
                                    self.mark,
                                    format!("unexpected <{name}/> inside <tuv>: skipped"),
                                );
                            }
                        }
                    }
                    Event::End(end) => {
                        self.close(end.as_ref())?;
                        break;
                    }
                    Event::Text(text) if !crate::xml::is_whitespace(&text) => {
                        self.warn_at(self.mark, "text directly inside <tuv> ignored");
                    }
                    Event::Eof => return Err(self.eof_error()),
                    _ => {}
                }
            }
        }
        let mut attrs = attrs;
        // Spaces around a language code mean nothing; the attribute keeps the
        // trimmed code so that it and the variant's language always agree.
        for (name, value) in &mut attrs {
            if (name == "xml:lang" || name == "lang") && value.trim().len() != value.len() {
                *value = value.trim().to_string();
            }
        }
        let lang = attr(&attrs, "xml:lang")
            .filter(|lang| !lang.is_empty())
            .or_else(|| attr(&attrs, "lang").filter(|lang| !lang.is_empty()));
        let Some(lang) = lang else {
            self.warn_at(
                tuv_mark,
                "a <tuv> has no xml:lang (or lang) attribute: that variant is skipped",
            );
            return Ok(None);
        };
        if segs == 0 {
            self.warn_at(
                tuv_mark,
                format!("the <tuv> for {lang} has no <seg>: read as an empty segment"),
            );
        }
        let lang = LangTag::parse(lang);
        Ok(Some(Variant {
            lang,
            attrs,
            props,
            notes,
            content,
        }))
    }

    /// Reads segment content up to the end tag of the element on top of the open
    /// stack: text and inline elements, nested as written.
    fn read_content(&mut self, buf: &mut Vec<u8>) -> Result<Content, ReadError> {
        let mut content = Content::new();
        loop {
            match self.read(buf)? {
                Event::Text(text) => self.push_text(&mut content, &text, false)?,
                Event::CData(data) => self.push_text(&mut content, &data, true)?,
                Event::Start(start) => {
                    let elem = Elem::classify(start.name().as_ref());
                    let attrs = self.attributes(&start)?;
                    let name = element_name(start.name().as_ref());
                    self.push_open(name.clone())?;
                    match elem {
                        Elem::Inline(kind) => {
                            let inner = self.read_content(buf)?;
                            content.push(Inline::tag(kind, attrs, inner));
                        }
                        _ => {
                            let within = self.open_parent_name();
                            self.warn_at(
                                self.mark,
                                format!(
                                    "unknown element <{name}> inside <{within}>: its text is kept"
                                ),
                            );
                            let inner = self.read_content(buf)?;
                            for piece in inner {
                                push_piece(&mut content, piece);
                            }
                        }
                    }
                }
                Event::Empty(start) => {
                    let elem = Elem::classify(start.name().as_ref());
                    let attrs = self.attributes(&start)?;
                    match elem {
                        Elem::Inline(kind) => content.push(Inline::tag(kind, attrs, Vec::new())),
                        _ => {
                            let name = element_name(start.name().as_ref());
                            let within = self.open_top_name();
                            self.warn_at(
                                self.mark,
                                format!("unknown element <{name}/> inside <{within}>: ignored"),
                            );
                        }
                    }
                }
                Event::End(end) => {
                    self.close(end.as_ref())?;
                    return Ok(content);
                }
                Event::Eof => return Err(self.eof_error()),
                _ => {}
            }
        }
    }

    fn open_top_name(&self) -> String {
        self.open
            .last()
            .map(|(name, _)| name.to_string())
            .unwrap_or_default()
    }

    fn open_parent_name(&self) -> String {
        self.open
            .len()
            .checked_sub(2)
            .map(|i| self.open[i].0.to_string())
            .unwrap_or_default()
    }

    fn push_text(
        &mut self,
        content: &mut Content,
        raw: &[u8],
        literal: bool,
    ) -> Result<(), ReadError> {
        if let Some(Inline::Text { text }) = content.last_mut() {
            let mut text = std::mem::take(text);
            self.text_into(raw, &mut text, literal)?;
            if let Some(Inline::Text { text: slot }) = content.last_mut() {
                *slot = text;
            }
            return Ok(());
        }
        let mut text = String::with_capacity(raw.len());
        self.text_into(raw, &mut text, literal)?;
        if !text.is_empty() {
            content.push(Inline::Text { text });
        }
        Ok(())
    }

    /// Warns about `bpt`/`ept` that do not pair up by `i` (the data is kept as is).
    fn check_pairs(&mut self, content: &[Inline], seg_mark: Mark, tuv_attrs: &Attributes) {
        let mut open: Vec<String> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        let mut problems: Vec<String> = Vec::new();
        walk_pairs(content, &mut open, &mut seen, &mut problems);
        for i in open {
            problems.push(format!("<bpt i=\"{i}\"> has no matching <ept>"));
        }
        if problems.is_empty() {
            return;
        }
        let lang = attr(tuv_attrs, "xml:lang")
            .or_else(|| attr(tuv_attrs, "lang"))
            .unwrap_or("?")
            .to_string();
        let mut message = format!("unbalanced inline codes in the {lang} segment: ");
        message.push_str(
            &problems
                .iter()
                .take(MAX_LISTED)
                .cloned()
                .collect::<Vec<_>>()
                .join("; "),
        );
        if problems.len() > MAX_LISTED {
            message.push_str(&format!(" (and {} more)", problems.len() - MAX_LISTED));
        }
        message.push_str(" (kept as written)");
        self.warn_at(seg_mark, message);
    }
}

fn walk_pairs(
    content: &[Inline],
    open: &mut Vec<String>,
    seen: &mut Vec<String>,
    problems: &mut Vec<String>,
) {
    for piece in content {
        let Inline::Tag {
            kind,
            attrs,
            content,
        } = piece
        else {
            continue;
        };
        match kind {
            TagKind::Bpt => match attr(attrs, "i") {
                None => problems.push("a <bpt> has no i attribute".to_string()),
                Some(i) if seen.iter().any(|s| s == i) => {
                    problems.push(format!("<bpt i=\"{i}\"> appears twice"));
                }
                Some(i) => {
                    seen.push(i.to_string());
                    open.push(i.to_string());
                }
            },
            TagKind::Ept => match attr(attrs, "i") {
                None => problems.push("an <ept> has no i attribute".to_string()),
                Some(i) => match open.iter().position(|o| o == i) {
                    Some(at) => {
                        open.remove(at);
                    }
                    None if seen.iter().any(|s| s == i) => {
                        problems.push(format!("<ept i=\"{i}\"> appears twice"));
                    }
                    None => problems.push(format!("<ept i=\"{i}\"> has no <bpt> before it")),
                },
            },
            // Codes inside a `sub` pair up within that sub-flow.
            TagKind::Sub => {
                let mut inner_open = Vec::new();
                let mut inner_seen = Vec::new();
                walk_pairs(content, &mut inner_open, &mut inner_seen, problems);
                for i in inner_open {
                    problems.push(format!("<bpt i=\"{i}\"> has no matching <ept>"));
                }
            }
            _ => walk_pairs(content, open, seen, problems),
        }
    }
}

/// Appends a piece, merging adjacent text.
fn push_piece(content: &mut Content, piece: Inline) {
    match (content.last_mut(), piece) {
        (_, Inline::Text { text }) if text.is_empty() => {}
        (Some(Inline::Text { text: last }), Inline::Text { text }) => last.push_str(&text),
        (_, piece) => content.push(piece),
    }
}

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
