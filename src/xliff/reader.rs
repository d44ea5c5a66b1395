//! The streaming XLIFF reader: XML events → containers, units and other nodes.

use super::model::{Container, ContainerKind, Document, Item, Unit};
use super::tree::{Element, Node};
use super::{NS_1_1, NS_1_2, NS_2_0, NS_2_2, NS_XML, Version};
use crate::unit::{Attributes, Position, ReadError, ReadWarning};
use crate::xml::encoding::{Input, malformed_message};
use crate::xml::escape::{EscapeIssues, is_xml_name, unescape_into};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event as XmlEvent};
use std::collections::VecDeque;
use std::io::Read;
use std::path::Path;

/// Deepest element nesting accepted (a guard against hostile files).
const MAX_DEPTH: usize = 256;

/// One step of reading a document, in document order.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A container starts (its element without children).
    Open(ContainerKind, Element),
    /// A unit, whole.
    Unit(Unit),
    /// Any other node (outside the root: the prolog and epilog).
    Node(Node),
    /// The innermost open container ends.
    Close(ContainerKind),
}

/// An XLIFF file being read one [`Event`] at a time, with only the current
/// unit (or other top-level node) in memory.
///
/// ```
/// use tmkit::xliff::{Event, XliffReader, Version};
/// let xlf = r#"<?xml version="1.0"?>
/// <xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
///  <file original="a.txt" source-language="en" target-language="de" datatype="plaintext"><body>
///   <trans-unit id="1" approved="yes"><source>Hello</source><target state="final">Hallo</target></trans-unit>
///  </body></file></xliff>"#;
/// let mut reader = XliffReader::from_reader(std::io::Cursor::new(xlf), "a.xlf").unwrap();
/// assert_eq!(reader.version(), Version::V1_2);
/// let mut units = 0;
/// while let Some(event) = reader.next_event().unwrap() {
///     if let Event::Unit(unit) = event {
///         assert_eq!(unit.segments()[0].target.as_ref().unwrap()[0], tmkit::unit::Inline::text("Hallo"));
///         units += 1;
///     }
/// }
/// assert_eq!(units, 1);
/// ```
pub struct XliffReader {
    xml: Reader<Input>,
    name: String,
    version: Version,
    buf: Vec<u8>,
    pending: VecDeque<Event>,
    warnings: Vec<ReadWarning>,
    /// Namespace bindings in scope: (prefix, uri); `""` is the default namespace.
    bindings: Vec<(String, String)>,
    /// For each open element, how many bindings were in scope before it.
    scopes: Vec<usize>,
    /// Open containers: kind, name as written, where it started.
    open: Vec<(ContainerKind, String, Mark)>,
    mark: Mark,
    mark_offset: u64,
    units: u64,
    finished: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mark {
    line: u64,
    column: u64,
}

/// Reads a whole document from a byte stream (`name` is used in messages).
pub fn read(
    input: impl Read + Send + 'static,
    name: &str,
) -> Result<(Document, Vec<ReadWarning>), ReadError> {
    let reader = XliffReader::from_reader(input, name)?;
    collect(reader)
}

/// Reads a whole document from a file.
pub fn read_file(path: &Path) -> Result<(Document, Vec<ReadWarning>), ReadError> {
    collect(XliffReader::open(path)?)
}

fn collect(mut reader: XliffReader) -> Result<(Document, Vec<ReadWarning>), ReadError> {
    let version = reader.version();
    let mut prolog = Vec::new();
    let mut epilog = Vec::new();
    let mut stack: Vec<Container> = Vec::new();
    let mut root: Option<Container> = None;
    while let Some(event) = reader.next_event()? {
        match event {
            Event::Open(kind, head) => stack.push(Container {
                kind,
                head,
                items: Vec::new(),
            }),
            Event::Close(_) => {
                let done = stack.pop().expect("the reader balances containers");
                match stack.last_mut() {
                    Some(parent) => parent.items.push(Item::Container(done)),
                    None => root = Some(done),
                }
            }
            Event::Unit(unit) => {
                if let Some(parent) = stack.last_mut() {
                    parent.items.push(Item::Unit(unit));
                }
            }
            Event::Node(node) => match stack.last_mut() {
                Some(parent) => parent.items.push(Item::Node(node)),
                None if root.is_none() => prolog.push(node),
                None => epilog.push(node),
            },
        }
    }
    let warnings = reader.take_warnings();
    let root = root.expect("the reader returns the root container");
    Ok((
        Document {
            version,
            prolog,
            root,
            epilog,
            languages: None,
        },
        warnings,
    ))
}

impl XliffReader {
    /// Opens an XLIFF file and reads up to its root element (the version is
    /// known when this returns).
    pub fn open(path: &Path) -> Result<XliffReader, ReadError> {
        let name = path.display().to_string();
        let file_error = |message: String| ReadError::at_file_start(&name, message);
        let file = crate::xml::encoding::open_file(path, "XLIFF", ".xlf").map_err(file_error)?;
        XliffReader::from_reader(file, &name)
    }

    /// Reads XLIFF from any byte stream (UTF-8, UTF-16, a declared legacy
    /// encoding); `name` is used in messages.
    pub fn from_reader(
        input: impl Read + Send + 'static,
        name: &str,
    ) -> Result<XliffReader, ReadError> {
        let start_error = |message: String| ReadError::at_file_start(name, message);
        let (input, detected) = Input::new(Box::new(input), "XLIFF").map_err(start_error)?;
        let xml = crate::xml::streaming_reader(input, true);
        let mut reader = XliffReader {
            xml,
            name: name.to_string(),
            version: Version::V1_2,
            buf: Vec::with_capacity(4096),
            pending: VecDeque::new(),
            warnings: Vec::new(),
            bindings: Vec::new(),
            scopes: Vec::new(),
            open: Vec::new(),
            mark: Mark { line: 1, column: 1 },
            mark_offset: 0,
            units: 0,
            finished: false,
        };
        for message in detected.warnings {
            reader.warn(Mark { line: 1, column: 1 }, None, message);
        }
        reader.read_prolog()?;
        Ok(reader)
    }

    /// The version detected from the root element.
    pub fn version(&self) -> Version {
        self.version
    }

    /// The name given for the input.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Bytes of input consumed so far (for progress bars).
    pub fn bytes_read(&self) -> u64 {
        self.xml.get_ref().bytes_read()
    }

    /// Warnings collected since the last call: encoding declaration problems,
    /// dropped characters, unknown entities, unpaired inline codes (each with
    /// the unit's index and id).
    pub fn take_warnings(&mut self) -> Vec<ReadWarning> {
        std::mem::take(&mut self.warnings)
    }

    /// The next event, `Ok(None)` after the root element closed and the epilog was read.
    pub fn next_event(&mut self) -> Result<Option<Event>, ReadError> {
        if let Some(event) = self.pending.pop_front() {
            return Ok(Some(event));
        }
        if self.finished {
            return Ok(None);
        }
        let mut buf = std::mem::take(&mut self.buf);
        let result = self.step(&mut buf);
        self.buf = buf;
        result
    }

    // ----- positions and messages --------------------------------------------------------

    fn current_mark(&self) -> Mark {
        let input = self.xml.get_ref();
        let (line, column) = input.line_column();
        let behind = input.consumed().saturating_sub(self.xml.buffer_position());
        Mark {
            line,
            column: column.saturating_sub(behind).max(1),
        }
    }

    fn position(&self, mark: Mark) -> Position {
        Position {
            file: self.name.clone(),
            line: mark.line,
            column: mark.column,
        }
    }

    fn error(&self, mark: Mark, message: impl Into<String>) -> ReadError {
        ReadError {
            position: self.position(mark),
            message: message.into(),
        }
    }

    fn warn(
        &mut self,
        mark: Mark,
        unit: Option<(u64, Option<String>)>,
        message: impl Into<String>,
    ) {
        let (unit_index, tuid) = unit.unwrap_or((0, None));
        self.warnings.push(ReadWarning {
            position: self.position(mark),
            unit_index,
            tuid,
            message: message.into(),
        });
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
        let mut message = match &err {
            quick_xml::Error::Io(io) => format!("cannot read the file: {io}"),
            other => format!("malformed XML: {other}"),
        };
        if let Some((_, name, mark)) = self.open.last() {
            message.push_str(&format!(
                " (inside <{name}> started at line {}, column {})",
                mark.line, mark.column
            ));
        }
        message.push_str("; fix the XML (an XML editor or `xmllint` shows where) and try again");
        self.error(self.mark, message)
    }

    fn read_xml<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<XmlEvent<'b>, ReadError> {
        self.mark = self.current_mark();
        self.mark_offset = self.xml.buffer_position();
        buf.clear();
        match self.xml.read_event_into(buf) {
            Ok(event) => Ok(event),
            Err(err) => Err(self.xml_error(err)),
        }
    }

    fn utf8<'t>(&self, bytes: &'t [u8]) -> Result<&'t str, ReadError> {
        std::str::from_utf8(bytes).map_err(|err| {
            let good = err.valid_up_to();
            let bad = err.error_len().unwrap_or(bytes.len() - good);
            let input = self.xml.get_ref();
            let message = malformed_message(
                input.encoding(),
                self.mark_offset + input.text_start() + good as u64,
                &bytes[good..good + bad],
                // Text ends only at markup (ASCII) or at the end of the file, so
                // a character left unfinished means the file was cut short.
                err.error_len().is_none(),
            );
            self.error(self.mark, message)
        })
    }

    fn text(
        &mut self,
        raw: &[u8],
        literal: bool,
        issues: &mut EscapeIssues,
    ) -> Result<String, ReadError> {
        let text = self.utf8(raw)?;
        let mut out = String::with_capacity(text.len());
        unescape_into(text, &mut out, false, literal, issues);
        Ok(out)
    }

    /// Reads a start tag: attributes (unescaped), namespace declarations pushed
    /// into scope, the element name resolved.
    fn start(
        &mut self,
        start: &BytesStart,
        issues: &mut EscapeIssues,
    ) -> Result<Element, ReadError> {
        if self.scopes.len() >= MAX_DEPTH {
            return Err(self.error(
                self.mark,
                format!(
                    "elements are nested more than {MAX_DEPTH} deep; this is not an XLIFF file"
                ),
            ));
        }
        self.scopes.push(self.bindings.len());
        let name = self.utf8(start.name().as_ref())?.to_string();
        let mut attrs = Attributes::new();
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|err| {
                self.error(self.mark, format!("malformed attribute in <{name}>: {err}"))
            })?;
            let key = self.utf8(attribute.key.as_ref())?.to_string();
            if !is_xml_name(&key) {
                return Err(self.error(
                    self.mark,
                    format!("attribute name `{key}` in <{name}> is not an XML name"),
                ));
            }
            let raw = self.utf8(&attribute.value)?;
            let mut value = String::with_capacity(raw.len());
            unescape_into(raw, &mut value, true, false, issues);
            if key == "xmlns" {
                self.bindings.push((String::new(), value.clone()));
            } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                self.bindings.push((prefix.to_string(), value.clone()));
            }
            attrs.push((key, value));
        }
        let prefix = match name.split_once(':') {
            Some((prefix, _)) => prefix,
            None => "",
        };
        let ns = match self.resolve(prefix) {
            Some(ns) => ns,
            None => {
                return Err(self.error(
                    self.mark,
                    format!("the prefix `{prefix}:` of <{name}> is not declared (no xmlns:{prefix}=\"…\" in scope); declare it or remove the prefix"),
                ));
            }
        };
        Ok(Element {
            name,
            ns,
            attrs,
            children: Vec::new(),
        })
    }

    fn resolve(&self, prefix: &str) -> Option<String> {
        if prefix == "xml" {
            return Some(NS_XML.to_string());
        }
        match self.bindings.iter().rev().find(|(p, _)| p == prefix) {
            Some((_, uri)) => Some(uri.clone()),
            None if prefix.is_empty() => Some(String::new()),
            None => None,
        }
    }

    fn end_scope(&mut self) {
        if let Some(len) = self.scopes.pop() {
            self.bindings.truncate(len);
        }
    }

    fn report_issues(&mut self, issues: &EscapeIssues, unit: Option<(u64, Option<String>)>) {
        if !issues.is_empty() {
            let message = issues.describe();
            self.warn(self.mark, unit, message);
        }
    }

    /// Reads the rest of an element whose start tag was just read (`empty`: it
    /// was `<x/>`), children included.
    fn subtree(
        &mut self,
        mut element: Element,
        empty: bool,
        buf: &mut Vec<u8>,
        issues: &mut EscapeIssues,
    ) -> Result<Element, ReadError> {
        if empty {
            self.end_scope();
            return Ok(element);
        }
        // An explicit stack instead of recursion: depth is bounded by MAX_DEPTH anyway.
        let mut stack: Vec<Element> = Vec::new();
        loop {
            let node = match self.read_xml(buf)? {
                XmlEvent::Start(start) => {
                    let child = self.start(&start.to_owned(), issues)?;
                    stack.push(std::mem::replace(&mut element, child));
                    continue;
                }
                XmlEvent::Empty(start) => {
                    let child = self.start(&start.to_owned(), issues)?;
                    self.end_scope();
                    Node::Element(child)
                }
                XmlEvent::End(_) => {
                    self.end_scope();
                    match stack.pop() {
                        Some(parent) => {
                            let done = std::mem::replace(&mut element, parent);
                            Node::Element(done)
                        }
                        None => return Ok(element),
                    }
                }
                XmlEvent::Text(text) => {
                    let raw = text.into_inner().into_owned();
                    Node::Text(self.text(&raw, false, issues)?)
                }
                XmlEvent::CData(data) => {
                    let raw = data.into_inner().into_owned();
                    Node::CData(self.text(&raw, true, issues)?)
                }
                XmlEvent::Comment(text) => Node::Comment(self.utf8(&text)?.to_string()),
                XmlEvent::PI(pi) => Node::Pi(self.utf8(&pi)?.to_string()),
                XmlEvent::Decl(_) | XmlEvent::DocType(_) => continue,
                XmlEvent::Eof => {
                    return Err(self.error(
                        self.mark,
                        format!("unexpected end of file inside <{}> (the file is truncated or an end tag is missing)", element.name),
                    ));
                }
            };
            if let Node::Text(text) = &node {
                if let Some(Node::Text(last)) = element.children.last_mut() {
                    last.push_str(text);
                    continue;
                }
            }
            element.children.push(node);
        }
    }

    // ----- the document ------------------------------------------------------------------

    fn read_prolog(&mut self) -> Result<(), ReadError> {
        let mut buf = std::mem::take(&mut self.buf);
        let mut issues = EscapeIssues::default();
        loop {
            let (head, empty) = match self.read_xml(&mut buf)? {
                XmlEvent::Decl(_) => continue,
                XmlEvent::DocType(doctype) => {
                    let text = self.utf8(&doctype)?.to_string();
                    self.pending.push_back(Event::Node(Node::DocType(text)));
                    continue;
                }
                XmlEvent::Comment(text) => {
                    let text = self.utf8(&text)?.to_string();
                    self.pending.push_back(Event::Node(Node::Comment(text)));
                    continue;
                }
                XmlEvent::PI(pi) => {
                    let text = self.utf8(&pi)?.to_string();
                    self.pending.push_back(Event::Node(Node::Pi(text)));
                    continue;
                }
                XmlEvent::Text(text) if crate::xml::is_whitespace(&text) => continue,
                XmlEvent::Text(_) | XmlEvent::CData(_) => {
                    return Err(self.error(
                        self.mark,
                        "not an XLIFF file: text found where the <xliff> element should start",
                    ));
                }
                XmlEvent::End(_) | XmlEvent::Eof => {
                    return Err(
                        self.error(self.mark, "not an XLIFF file: there is no <xliff> element")
                    );
                }
                XmlEvent::Start(start) => (start.to_owned(), false),
                XmlEvent::Empty(start) => (start.to_owned(), true),
            };
            let root = self.start(&head, &mut issues)?;
            self.report_issues(&issues, None);
            if root.local() != "xliff" {
                let found = root.name.clone();
                return Err(self.error(self.mark, format!(
                    "not an XLIFF file: the root element is <{found}>, expected <xliff> (a TMX file? use `tmkit memory import` directly)"
                )));
            }
            self.version = self.detect_version(&root)?;
            self.open
                .push((ContainerKind::Root, root.name.clone(), self.mark));
            self.pending
                .push_back(Event::Open(ContainerKind::Root, root));
            if empty {
                self.end_scope();
                self.open.pop();
                self.pending.push_back(Event::Close(ContainerKind::Root));
                self.read_epilog(&mut buf)?;
            }
            self.buf = buf;
            return Ok(());
        }
    }

    fn detect_version(&mut self, root: &Element) -> Result<Version, ReadError> {
        let declared = root.attr("version");
        let parsed = declared.and_then(Version::parse);
        if let (Some(text), None) = (declared, parsed) {
            return Err(self.error(self.mark, format!(
                "<xliff version=\"{text}\">: tmkit reads XLIFF 1.0, 1.1, 1.2, 2.0, 2.1 and 2.2; fix the version attribute"
            )));
        }
        let by_namespace = match root.ns.as_str() {
            NS_1_1 => Some(vec![Version::V1_1]),
            NS_1_2 => Some(vec![Version::V1_2]),
            NS_2_0 => Some(vec![Version::V2_0, Version::V2_1]),
            NS_2_2 => Some(vec![Version::V2_2]),
            "" => None,
            other => {
                return Err(self.error(
                    self.mark,
                    format!(
                        "<xliff> is in namespace \"{other}\", which is not an XLIFF namespace \
                     (urn:oasis:names:tc:xliff:document:1.2, …:2.0, …:2.2); fix the xmlns attribute"
                    ),
                ));
            }
        };
        match (by_namespace, parsed) {
            (Some(allowed), Some(version)) if allowed.contains(&version) => Ok(version),
            (Some(allowed), Some(version)) => Err(self.error(self.mark, format!(
                "<xliff version=\"{version}\"> contradicts its namespace \"{}\" (which is XLIFF {}); \
                 fix either the version attribute or the xmlns attribute",
                root.ns, allowed[0]
            ))),
            (Some(allowed), None) => {
                self.warn(self.mark, None, format!(
                    "<xliff> has no version attribute; read as XLIFF {} from its namespace", allowed[0]
                ));
                Ok(allowed[0])
            }
            (None, Some(version)) => Ok(version),
            (None, None) => {
                self.warn(self.mark, None, "<xliff> has neither a namespace nor a version attribute; read as XLIFF 1.2");
                Ok(Version::V1_2)
            }
        }
    }

    /// What an element is inside the innermost open container.
    fn classify(&self, element: &Element) -> Option<Slot> {
        let core = self.version.namespace();
        // Files without a namespace on the root keep their elements unqualified.
        let unqualified_1x = element.ns.is_empty() && !self.version.is_2x();
        if element.ns != core && !unqualified_1x {
            return None;
        }
        let parent = self.open.last().map(|(kind, _, _)| *kind)?;
        let local = element.local();
        Some(match (parent, local, self.version.is_2x()) {
            (ContainerKind::Root, "file", _) => Slot::Container(ContainerKind::File),
            (ContainerKind::File, "body", false) => Slot::Container(ContainerKind::Body),
            (ContainerKind::File, "group", true)
            | (ContainerKind::Body | ContainerKind::Group, "group", _) => {
                Slot::Container(ContainerKind::Group)
            }
            (ContainerKind::File | ContainerKind::Group, "unit", true) => Slot::Unit,
            (ContainerKind::Body | ContainerKind::Group, "bin-unit", false) => {
                Slot::Container(ContainerKind::BinUnit)
            }
            (
                ContainerKind::Body | ContainerKind::Group | ContainerKind::BinUnit,
                "trans-unit",
                false,
            ) => Slot::Unit,
            _ => return None,
        })
    }

    fn step(&mut self, buf: &mut Vec<u8>) -> Result<Option<Event>, ReadError> {
        let mut issues = EscapeIssues::default();
        let event = match self.read_xml(buf)? {
            XmlEvent::Start(start) => {
                let start = start.to_owned();
                let element = self.start(&start, &mut issues)?;
                self.element_event(element, false, buf, &mut issues)?
            }
            XmlEvent::Empty(start) => {
                let start = start.to_owned();
                let element = self.start(&start, &mut issues)?;
                self.element_event(element, true, buf, &mut issues)?
            }
            XmlEvent::End(_) => {
                self.end_scope();
                let (kind, _, _) = self.open.pop().expect("quick-xml checks end names");
                if kind == ContainerKind::Root {
                    self.read_epilog(buf)?;
                }
                Event::Close(kind)
            }
            XmlEvent::Text(text) => {
                let raw = text.into_inner().into_owned();
                Event::Node(Node::Text(self.text(&raw, false, &mut issues)?))
            }
            XmlEvent::CData(data) => {
                let raw = data.into_inner().into_owned();
                Event::Node(Node::CData(self.text(&raw, true, &mut issues)?))
            }
            XmlEvent::Comment(text) => Event::Node(Node::Comment(self.utf8(&text)?.to_string())),
            XmlEvent::PI(pi) => Event::Node(Node::Pi(self.utf8(&pi)?.to_string())),
            XmlEvent::Decl(_) | XmlEvent::DocType(_) => return self.step(buf),
            XmlEvent::Eof => {
                let (_, name, mark) = self.open.last().cloned().expect("open while not finished");
                return Err(self.error(
                    self.current_mark(),
                    format!(
                        "unexpected end of file inside <{name}> started at line {}, column {} \
                     (the file is truncated or an end tag is missing)",
                        mark.line, mark.column
                    ),
                ));
            }
        };
        let unit = match &event {
            Event::Unit(unit) => Some((self.units, unit.id().map(str::to_string))),
            _ => None,
        };
        self.report_issues(&issues, unit);
        if self.pending.is_empty() {
            Ok(Some(event))
        } else {
            // The root closed: the epilog is queued behind the close event.
            self.pending.push_front(event);
            Ok(self.pending.pop_front())
        }
    }

    fn element_event(
        &mut self,
        element: Element,
        empty: bool,
        buf: &mut Vec<u8>,
        issues: &mut EscapeIssues,
    ) -> Result<Event, ReadError> {
        match self.classify(&element) {
            Some(Slot::Container(kind)) => {
                if empty {
                    self.end_scope();
                    self.pending.push_back(Event::Close(kind));
                } else {
                    self.open.push((kind, element.name.clone(), self.mark));
                }
                Ok(Event::Open(kind, element))
            }
            Some(Slot::Unit) => {
                let mark = self.mark;
                self.units += 1;
                let label = format!(
                    "in unit {} (<{}> started at line {}, column {})",
                    element.attr("id").unwrap_or("without id"),
                    element.name,
                    mark.line,
                    mark.column
                );
                let element = self
                    .subtree(element, empty, buf, issues)
                    .map_err(|mut err| {
                        err.message = format!("{}; {label}", err.message);
                        err
                    })?;
                let mut unit = Unit::from_element(self.version, element);
                unit.position = Some(self.position(mark));
                let problems: Vec<String> = unit.problems().to_vec();
                let id = unit.id().map(str::to_string);
                for problem in problems {
                    self.warn(mark, Some((self.units, id.clone())), problem);
                }
                Ok(Event::Unit(unit))
            }
            None => {
                let element = self.subtree(element, empty, buf, issues)?;
                Ok(Event::Node(Node::Element(element)))
            }
        }
    }

    fn read_epilog(&mut self, buf: &mut Vec<u8>) -> Result<(), ReadError> {
        self.finished = true;
        loop {
            let node = match self.read_xml(buf)? {
                XmlEvent::Eof => return Ok(()),
                XmlEvent::Comment(text) => Node::Comment(self.utf8(&text)?.to_string()),
                XmlEvent::PI(pi) => Node::Pi(self.utf8(&pi)?.to_string()),
                XmlEvent::Text(text) if crate::xml::is_whitespace(&text) => continue,
                _ => {
                    return Err(self.error(
                        self.mark,
                        "content after the end of the <xliff> element; remove it",
                    ));
                }
            };
            self.pending.push_back(Event::Node(node));
        }
    }
}

enum Slot {
    Container(ContainerKind),
    Unit,
}
