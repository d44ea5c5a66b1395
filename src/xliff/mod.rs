//! XLIFF 1.0, 1.1, 1.2 and 2.0, 2.1, 2.2: a streaming reader, a writer, a
//! document model with typed views of units, and the memory side (translated
//! segments in, memory units out).
//!
//! # Model
//!
//! A [`Document`] is a tree of [`Container`]s (the root `<xliff>`, each
//! `<file>`, 1.x `<body>`, each `<group>`, 1.x `<bin-unit>`) holding [`Item`]s: nested
//! containers, [`Unit`]s (1.x `trans-unit`, 2.x `unit`) and any
//! other node (headers, skeletons, notes of files and groups, comments,
//! whitespace, extension elements), in document order. A unit keeps its XML
//! element as read and offers a typed view of it: [`Unit::segments`] (id,
//! source and target as [`crate::unit::Content`], state), [`Unit::notes`],
//! [`Unit::matches`] (1.2 `alt-trans`, 2.x `mtc:match`) and
//! [`Unit::glossary`] (2.x `gls:glossEntry`).
//!
//! Because everything read is kept, `read → write` gives back the same
//! document as data (equal after canonicalisation: prefixes, attribute order,
//! the encoding and the XML declaration may differ; elements, attributes,
//! text, comments and processing instructions do not). Edits go through
//! methods that change the element in place — [`Unit::set_target`],
//! [`Unit::add_match`], [`Unit::add_glossary_entry`], [`Unit::add_note`] —
//! so a file from another tool comes back with only those changes.
//!
//! # Reading and writing
//!
//! [`XliffReader`] reads one [`Event`] at a time (container opened, unit,
//! other node, container closed) with bounded memory: one unit at a time.
//! [`read`] / [`read_file`] collect the events into a [`Document`];
//! [`XliffWriter`] writes events back, and [`write`] / [`write_file`] write a
//! whole document (atomically for files). The version is detected from the
//! content (root element, namespace, `version` attribute), never from the file
//! name; a `version` that contradicts the namespace is an error.
//!
//! ```
//! use tmkit::xliff::{self, Version};
//!
//! let text = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">
//!  <file id="f1"><unit id="u1"><segment><source>Good morning.</source></segment></unit></file>
//! </xliff>"#;
//! let (mut doc, warnings) = xliff::read(text.as_bytes(), "demo.xlf").unwrap();
//! assert!(warnings.is_empty());
//! assert_eq!(doc.version, Version::V2_0);
//! let unit = doc.units_mut().next().unwrap();
//! assert_eq!(unit.id(), Some("u1"));
//! unit.set_target(0, vec![tmkit::unit::Inline::text("Доброе утро.")], xliff::State::Translated).unwrap();
//! let out = String::from_utf8(xliff::write(&doc, Vec::new()).unwrap()).unwrap();
//! assert!(out.contains(r#"<segment state="translated"><source>Good morning.</source><target>Доброе утро.</target></segment>"#));
//! ```

mod build;
mod inline;
mod memory;
mod model;
mod reader;
mod tree;
mod view;
mod writer;

pub use inline::{from_tmx_content, to_tmx_content, to_tmx_content_with_data};
pub use memory::{ExportOptions, ImportFilter, TranslatedUnits, UnitExporter};
pub use model::{
    Container, ContainerKind, Document, EditError, GlossaryEntry, Item, Match, Note, Segment,
    State, Unit,
};
pub use reader::{Event, XliffReader, read, read_file};
pub use tree::{Element, Node, local_name};
pub use writer::{XliffWriter, write, write_file};

/// The XLIFF 1.1 namespace.
pub const NS_1_1: &str = "urn:oasis:names:tc:xliff:document:1.1";
/// The XLIFF 1.2 namespace.
pub const NS_1_2: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// The XLIFF 2.0 namespace (also used by 2.1 documents).
pub const NS_2_0: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// The XLIFF 2.2 namespace.
pub const NS_2_2: &str = "urn:oasis:names:tc:xliff:document:2.2";
/// The Translation Candidates module (`mtc:`).
pub const NS_MATCHES: &str = "urn:oasis:names:tc:xliff:matches:2.0";
/// The Glossary module (`gls:`).
pub const NS_GLOSSARY: &str = "urn:oasis:names:tc:xliff:glossary:2.0";
/// The Metadata module (`mda:`).
pub const NS_METADATA: &str = "urn:oasis:names:tc:xliff:metadata:2.0";
/// Trados Studio's SDLXLIFF extensions (`sdl:`).
pub const NS_SDL: &str = "http://sdl.com/FileTypes/SdlXliff/1.0";
/// memoQ's MQXLIFF extensions (`mq:`).
pub const NS_MEMOQ: &str = "MQXliff";
/// The XML namespace (`xml:lang`, `xml:space`).
pub const NS_XML: &str = "http://www.w3.org/XML/1998/namespace";

/// An XLIFF version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Version {
    /// XLIFF 1.0 (no namespace).
    V1_0,
    /// XLIFF 1.1.
    V1_1,
    /// XLIFF 1.2 (transitional and strict).
    V1_2,
    /// XLIFF 2.0.
    V2_0,
    /// XLIFF 2.1 (the 2.0 namespace, `version="2.1"`).
    V2_1,
    /// XLIFF 2.2.
    V2_2,
}

impl Version {
    /// The `version` attribute value (`1.2`, `2.0`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V1_0 => "1.0",
            Version::V1_1 => "1.1",
            Version::V1_2 => "1.2",
            Version::V2_0 => "2.0",
            Version::V2_1 => "2.1",
            Version::V2_2 => "2.2",
        }
    }

    /// Parses a `version` attribute or a `--xliff` option value (`1.2`, `2`, `2.1`).
    pub fn parse(value: &str) -> Option<Version> {
        Some(match value.trim() {
            "1.0" | "1" => Version::V1_0,
            "1.1" => Version::V1_1,
            "1.2" => Version::V1_2,
            "2.0" | "2" => Version::V2_0,
            "2.1" => Version::V2_1,
            "2.2" => Version::V2_2,
            _ => return None,
        })
    }

    /// True for 2.0, 2.1 and 2.2.
    pub fn is_2x(self) -> bool {
        self >= Version::V2_0
    }

    /// The namespace of the core elements (`""` for 1.0, which has none).
    pub fn namespace(self) -> &'static str {
        match self {
            Version::V1_0 => "",
            Version::V1_1 => NS_1_1,
            Version::V1_2 => NS_1_2,
            Version::V2_0 | Version::V2_1 => NS_2_0,
            Version::V2_2 => NS_2_2,
        }
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Version {
    type Err = String;
    fn from_str(value: &str) -> Result<Version, String> {
        Version::parse(value).ok_or_else(|| {
            format!("unknown XLIFF version `{value}`; use 1.0, 1.1, 1.2, 2.0, 2.1 or 2.2")
        })
    }
}

/// True when the file's root element is `<xliff>` (with any prefix or
/// namespace), looking only at the content, never the file name. Used to pick
/// the reader for `tmkit memory import`; unreadable files answer `false` (the
/// reader chosen then reports the problem).
pub fn is_xliff_file(path: &std::path::Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut start = Vec::new();
    if file.take(64 * 1024).read_to_end(&mut start).is_err() && start.is_empty() {
        return false;
    }
    is_xliff_start(&start)
}

/// [`is_xliff_file`] for the first bytes of a stream (up to 64 KiB is
/// plenty): a pipe can be read only once, so the caller reads its start,
/// asks this, and hands the same bytes on to the reader it picks.
///
/// ```
/// assert!(tmkit::xliff::is_xliff_start(b"<?xml version=\"1.0\"?>\n<xliff version=\"1.2\">"));
/// assert!(!tmkit::xliff::is_xliff_start(b"<tmx version=\"1.4\">"));
/// ```
pub fn is_xliff_start(start: &[u8]) -> bool {
    use std::io::Read;
    let cursor = std::io::Cursor::new(start.to_vec());
    let Ok((input, _)) = crate::xml::encoding::Input::new(Box::new(cursor), "XLIFF") else {
        return false;
    };
    let mut text = Vec::new();
    if input.take(64 * 1024).read_to_end(&mut text).is_err() && text.is_empty() {
        return false;
    }
    root_name(&String::from_utf8_lossy(&text)).is_some_and(|name| local_name(name) == "xliff")
}

/// The name of the first element in `text`, skipping the XML declaration,
/// processing instructions, comments and the DOCTYPE.
fn root_name(text: &str) -> Option<&str> {
    let mut rest = text;
    loop {
        let at = rest.find('<')?;
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<?") {
            rest = &after[after.find("?>")? + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if let Some(after) = rest.strip_prefix("<!") {
            // A DOCTYPE, possibly with an internal subset in brackets.
            let end = match (after.find('['), after.find('>')) {
                (Some(open), Some(close)) if open < close => after.find("]>")? + 2,
                (_, Some(close)) => close + 1,
                _ => return None,
            };
            rest = &after[end..];
        } else {
            let name = &rest[1..];
            let end = name
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(name.len());
            return Some(&name[..end]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_name_skips_the_prolog() {
        assert_eq!(
            root_name(
                "<?xml version=\"1.0\"?>\n<!-- c --><!DOCTYPE x [<!ENTITY a \"b\">]><xlf:xliff a='1'>"
            ),
            Some("xlf:xliff")
        );
        assert_eq!(root_name("<tmx version=\"1.4\">"), Some("tmx"));
        assert_eq!(root_name("no markup"), None);
    }

    #[test]
    fn versions_parse_and_print() {
        for v in ["1.0", "1.1", "1.2", "2.0", "2.1", "2.2"] {
            assert_eq!(Version::parse(v).unwrap().as_str(), v);
        }
        assert!("3.0".parse::<Version>().is_err());
        assert!(Version::V2_1.is_2x() && !Version::V1_2.is_2x());
        assert_eq!(Version::V2_1.namespace(), NS_2_0);
    }
}
