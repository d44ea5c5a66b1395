//! TMX 1.1–1.4b: a streaming reader producing [`crate::unit::TranslationUnit`]s
//! and a writer for TMX 1.4b.
//!
//! - [`TmxReader`] reads one `<tu>` at a time from a file or any byte stream in
//!   UTF-8, UTF-16 (either byte order, with or without BOM) or a declared legacy
//!   encoding, with bounded memory. Malformed XML is a [`crate::unit::ReadError`]
//!   with file, line and column; a problem confined to one unit is a
//!   [`crate::unit::ReadWarning`] and reading goes on.
//! - [`TmxWriter`] writes units back as TMX 1.4b, Level 2 (inline markup as read)
//!   or Level 1 (plain text), optionally only some languages.
//!
//! Reading and writing are lossless for the data model: every attribute (in
//! order, with the original language spellings), prop, note and inline element
//! survives `read → write → read`.
//!
//! DTDs are never fetched and entities other than the five XML predefined ones
//! and character references are never expanded (an unknown `&name;` is kept as
//! text with a warning), so a hostile file cannot make the reader open files or
//! network connections.

mod reader;
mod writer;

pub use reader::{TmxReader, read_all};
pub use writer::{Level, TmxWriter, WriteOptions, normalize_date};
