//! Monolingual documents a translator receives: plain text, Markdown and HTML.
//!
//! A reader splits a file into its translatable **paragraphs** (segment
//! content in the shared unit model: text plus inline codes, [`Inline`]) and a
//! **skeleton**: everything else, byte for byte, with one slot per paragraph.
//! Inline markup (`**bold**`, `<a href="…">`, a line break) becomes codes whose
//! content is the native markup, so a CAT tool shows it as tags and the writer
//! puts it back. [`Skeleton::render`] writes the document again from (possibly
//! translated) paragraphs; rendered from the paragraphs it read, a document is
//! the original byte for byte (unit and property tests).
//!
//! Characters the source wrote as an entity or an escape (`&amp;`, `&nbsp;`,
//! `\*`) are decoded when the document writes that character only that way;
//! the skeleton remembers the spelling ([`Skeleton::escapes`]) and the writer
//! uses it for the same character in a translation. Where a document mixes
//! spellings of one character the entity stays an inline code, so nothing is
//! ever rewritten.
//!
//! ```
//! use tmkit::document::{Document, Format};
//! let doc = Document::read("Hello **world**.\n\nSecond paragraph.\n", Format::Markdown);
//! assert_eq!(doc.paragraphs.len(), 2);
//! assert_eq!(tmkit::unit::plain_text(&doc.paragraphs[0]), "Hello world.");
//! assert_eq!(doc.render_original(), "Hello **world**.\n\nSecond paragraph.\n");
//! ```
//!
//! This is the formats layer: it depends on `unit` only (segment splitting
//! takes offsets, not a segmenter).

mod build;
pub mod html;
pub mod markdown;
pub mod split;
pub mod text;

use crate::unit::{Content, Inline, TagKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// A document format tmkit reads and writes back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text: paragraphs are separated by blank lines; line breaks inside a
    /// paragraph are kept as text.
    Text,
    /// Markdown (CommonMark with tables and strikethrough).
    Markdown,
    /// HTML (or XHTML).
    Html,
}

impl Format {
    /// The name used in options and in the skeleton (`text`, `markdown`, `html`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }

    /// The MIME type (XLIFF `datatype`-like uses).
    pub fn mime(self) -> &'static str {
        match self {
            Format::Text => "text/plain",
            Format::Markdown => "text/markdown",
            Format::Html => "text/html",
        }
    }

    /// The XLIFF 1.2 `datatype` value.
    pub fn xliff_datatype(self) -> &'static str {
        match self {
            Format::Text => "plaintext",
            Format::Markdown => "x-markdown",
            Format::Html => "html",
        }
    }

    /// The format of a file by its extension (`.txt`, `.md`, `.html`, …).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            _ => return None,
        })
    }

    /// Parses a format name (`text`, `markdown`/`md`, `html`).
    pub fn parse(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "text" | "txt" | "plaintext" => Format::Text,
            "markdown" | "md" | "x-markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            _ => return None,
        })
    }
}

/// A document read into paragraphs and a skeleton.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The translatable paragraphs, in document order.
    pub paragraphs: Vec<Content>,
    /// Everything else.
    pub skeleton: Skeleton,
}

/// The non-translatable rest of a document: `pieces[i]` comes before
/// paragraph `i`, the last piece after the last paragraph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skeleton {
    /// Which writer renders it.
    pub format: Format,
    /// Source text between paragraphs (one more than there are paragraphs).
    pub pieces: Vec<String>,
    /// Characters of paragraph text the writer spells as an entity or escape.
    pub escapes: Vec<(char, String)>,
}

/// Why a document could not be written back.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocumentError {
    /// The number of paragraphs given is not the skeleton's.
    #[error("the skeleton has {expected} paragraph slots but {found} paragraphs were given")]
    ParagraphCount {
        /// Slots in the skeleton.
        expected: usize,
        /// Paragraphs given.
        found: usize,
    },
    /// The serialised skeleton is not one tmkit wrote.
    #[error("not a tmkit document skeleton: {0}")]
    BadSkeleton(String),
}

impl Document {
    /// Reads a document of the given format. Reading never fails: anything a
    /// reader does not recognise as markup is text, and the rendered original
    /// is always the input.
    pub fn read(source: &str, format: Format) -> Document {
        // A byte order mark belongs to the skeleton, not to the first paragraph.
        if let Some(rest) = source.strip_prefix('\u{feff}') {
            let mut doc = Document::read(rest, format);
            doc.skeleton.pieces[0].insert(0, '\u{feff}');
            return doc;
        }
        match format {
            Format::Text => text::read(source),
            Format::Markdown => markdown::read(source),
            Format::Html => html::read(source),
        }
    }

    /// The document written back from its own paragraphs: the input, byte for byte.
    pub fn render_original(&self) -> String {
        self.skeleton
            .render(&self.paragraphs)
            .expect("a document's own paragraphs fit its skeleton")
    }
}

/// The version tag of the serialised skeleton (see [`Skeleton::to_json`]).
const SKELETON_KIND: &str = "tmkit-document-skeleton";

#[derive(Serialize, Deserialize)]
struct SkeletonFile {
    kind: String,
    version: u32,
    #[serde(flatten)]
    skeleton: Skeleton,
}

impl Skeleton {
    /// Writes the document from paragraphs (translated or not). Codes are
    /// written as their native markup; text characters listed in
    /// [`Skeleton::escapes`] are spelled as the source spelled them.
    pub fn render(&self, paragraphs: &[Content]) -> Result<String, DocumentError> {
        if paragraphs.len() + 1 != self.pieces.len() {
            return Err(DocumentError::ParagraphCount {
                expected: self.pieces.len().saturating_sub(1),
                found: paragraphs.len(),
            });
        }
        let escapes: HashMap<char, &str> =
            self.escapes.iter().map(|(c, s)| (*c, s.as_str())).collect();
        let mut out = String::with_capacity(self.pieces.iter().map(String::len).sum::<usize>());
        for (i, piece) in self.pieces.iter().enumerate() {
            out.push_str(piece);
            if let Some(paragraph) = paragraphs.get(i) {
                render_content(paragraph, &escapes, &mut out);
            }
        }
        Ok(out)
    }

    /// The skeleton as JSON (what an XLIFF carries in `<skl><internal-file>`
    /// or `<skeleton>` so that `tmkit merge` can write the document back).
    pub fn to_json(&self) -> String {
        serde_json::to_string(&SkeletonFile {
            kind: SKELETON_KIND.into(),
            version: 1,
            skeleton: self.clone(),
        })
        .expect("a skeleton serialises")
    }

    /// Reads a skeleton written by [`Skeleton::to_json`].
    pub fn from_json(text: &str) -> Result<Skeleton, DocumentError> {
        let file: SkeletonFile = serde_json::from_str(text.trim())
            .map_err(|e| DocumentError::BadSkeleton(e.to_string()))?;
        if file.kind != SKELETON_KIND || file.version != 1 {
            return Err(DocumentError::BadSkeleton(format!(
                "kind {:?} version {} (expected {SKELETON_KIND:?} version 1)",
                file.kind, file.version
            )));
        }
        if file.skeleton.pieces.is_empty() {
            return Err(DocumentError::BadSkeleton("no pieces".into()));
        }
        Ok(file.skeleton)
    }
}

/// Writes content: text with the document's escapes, codes as their native text.
fn render_content(content: &[Inline], escapes: &HashMap<char, &str>, out: &mut String) {
    for piece in content {
        match piece {
            Inline::Text { text } => {
                if escapes.is_empty() {
                    out.push_str(text);
                } else {
                    for c in text.chars() {
                        match escapes.get(&c) {
                            Some(spelling) => out.push_str(spelling),
                            None => out.push(c),
                        }
                    }
                }
            }
            Inline::Tag { kind, content, .. } if kind.is_code() => push_native(content, out),
            Inline::Tag { content, .. } => render_content(content, escapes, out),
        }
    }
}

/// The native markup of a code: its text content (nested `sub` flows included).
fn push_native(content: &[Inline], out: &mut String) {
    for piece in content {
        match piece {
            Inline::Text { text } => out.push_str(text),
            Inline::Tag { content, .. } => push_native(content, out),
        }
    }
}

/// The native markup of a code tag (empty for text).
pub fn native_code(piece: &Inline) -> String {
    let mut out = String::new();
    if let Inline::Tag { content, .. } = piece {
        push_native(content, &mut out);
    }
    out
}

/// True for an inline piece that is a code (`bpt ept it ph ut`).
pub fn is_code(piece: &Inline) -> bool {
    matches!(piece, Inline::Tag { kind, .. } if kind.is_code())
}

/// The identity of a code for tag checks: the `x` attribute tmkit's readers set
/// (or `i` for paired codes from elsewhere), with the kind.
pub fn code_id(piece: &Inline) -> Option<(TagKind, String)> {
    match piece {
        Inline::Tag { kind, attrs, .. } if kind.is_code() => {
            let id = crate::unit::attr(attrs, "x")
                .or_else(|| crate::unit::attr(attrs, "i"))
                .unwrap_or("")
                .to_string();
            Some((*kind, id))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
