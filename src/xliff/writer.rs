//! The XLIFF writer: events or a whole document back to XML.

use super::model::{Container, ContainerKind, Document, Item};
use super::reader::Event;
use super::tree::{Element, write_end, write_node, write_start};
use std::io::{self, Write};
use std::path::Path;

/// Flush the buffer to the output when it grows past this.
const FLUSH_AT: usize = 64 * 1024;

/// Writes an XLIFF document event by event: UTF-8, an XML declaration, then
/// each [`Event`] as read (containers opened and closed, units and other
/// nodes serialised as they are held). Elements keep their names, prefixes and
/// attributes as written.
///
/// ```
/// use tmkit::xliff::{self, XliffReader, XliffWriter};
/// let xlf = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en"><file id="f"><unit id="u"><segment><source>A &amp; B</source></segment></unit></file></xliff>"#;
/// let mut reader = XliffReader::from_reader(std::io::Cursor::new(xlf), "in.xlf").unwrap();
/// let mut writer = XliffWriter::new(Vec::new()).unwrap();
/// while let Some(event) = reader.next_event().unwrap() {
///     writer.write_event(&event).unwrap();
/// }
/// let out = String::from_utf8(writer.finish().unwrap()).unwrap();
/// assert!(out.trim_end().ends_with(xlf));
/// ```
pub struct XliffWriter<W: Write> {
    out: W,
    buf: String,
    open: Vec<String>,
    dropped: u64,
}

impl<W: Write> XliffWriter<W> {
    /// Starts a document: writes the XML declaration.
    pub fn new(out: W) -> io::Result<XliffWriter<W>> {
        Ok(XliffWriter {
            out,
            buf: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            open: Vec::new(),
            dropped: 0,
        })
    }

    /// Writes one event.
    pub fn write_event(&mut self, event: &Event) -> io::Result<()> {
        match event {
            Event::Open(_, head) => self.open(head),
            Event::Close(_) => self.close()?,
            Event::Unit(unit) => write_node(
                &mut self.buf,
                &super::tree::Node::Element(unit.element().clone()),
                &mut self.dropped,
            ),
            Event::Node(node) => write_node(&mut self.buf, node, &mut self.dropped),
        }
        self.maybe_flush()
    }

    /// Opens a container element.
    pub fn open(&mut self, head: &Element) {
        write_start(&mut self.buf, head, &mut self.dropped);
        self.buf.push('>');
        self.open.push(head.name.clone());
    }

    /// Closes the innermost open container.
    pub fn close(&mut self) -> io::Result<()> {
        let name = self.open.pop().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "XliffWriter::close without an open container",
            )
        })?;
        self.buf.push_str("</");
        self.buf.push_str(&name);
        self.buf.push('>');
        Ok(())
    }

    /// Writes a unit.
    pub fn write_unit(&mut self, unit: &super::Unit) -> io::Result<()> {
        write_unit_element(&mut self.buf, unit.element(), &mut self.dropped);
        self.maybe_flush()
    }

    /// Characters dropped because XML cannot carry them (control characters).
    pub fn characters_dropped(&self) -> u64 {
        self.dropped
    }

    fn maybe_flush(&mut self) -> io::Result<()> {
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(self.buf.as_bytes())?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Closes what is still open, writes a final line end and returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        while !self.open.is_empty() {
            self.close()?;
        }
        if !self.buf.ends_with('\n') {
            self.buf.push('\n');
        }
        self.out.write_all(self.buf.as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn write_unit_element(buf: &mut String, element: &Element, dropped: &mut u64) {
    write_start(buf, element, dropped);
    if element.children.is_empty() {
        buf.push_str("/>");
    } else {
        buf.push('>');
        for child in &element.children {
            write_node(buf, child, dropped);
        }
        write_end(buf, element);
    }
}

/// Writes a whole document to `out` and returns it.
pub fn write<W: Write>(document: &Document, out: W) -> io::Result<W> {
    let mut writer = XliffWriter::new(out)?;
    for node in &document.prolog {
        write_node(&mut writer.buf, node, &mut writer.dropped);
        writer.buf.push('\n');
    }
    write_container(&mut writer, &document.root)?;
    for node in &document.epilog {
        writer.buf.push('\n');
        write_node(&mut writer.buf, node, &mut writer.dropped);
    }
    writer.finish()
}

fn write_container<W: Write>(writer: &mut XliffWriter<W>, container: &Container) -> io::Result<()> {
    writer.open(&container.head);
    for item in &container.items {
        match item {
            Item::Container(inner) => write_container(writer, inner)?,
            Item::Unit(unit) => writer.write_unit(unit)?,
            Item::Node(node) => {
                write_node(&mut writer.buf, node, &mut writer.dropped);
                writer.maybe_flush()?;
            }
        }
    }
    writer.close()?;
    let _ = ContainerKind::Root;
    Ok(())
}

/// Writes a whole document to a file atomically (a temporary file renamed over
/// `path` only when everything was written).
pub fn write_file(document: &Document, path: &Path) -> io::Result<()> {
    crate::fsutil::write_atomically(path, |out| write(document, out).map(|_| ()))
}
