//! Bilingual TSV: one translation unit per row, a header row naming the
//! columns. Language columns are named by their BCP 47 tag (`ru`, `en-GB`);
//! `confidence` becomes the prop `x-align-confidence`, `document` the prop
//! `x-document`, any other named column a prop `x-<name>`. This is the
//! review format of `tmkit align --format tsv`: an editor corrects it in a
//! spreadsheet and `tmkit memory import` reads it back.
//!
//! ```
//! use tmkit::tsv::TsvReader;
//! use tmkit::unit::UnitReader;
//!
//! let text = "ru\ten\tconfidence\nДобрый день.\tGood afternoon.\t0.97\nЛишнее.\t\t0.40\n";
//! let mut reader = TsvReader::from_text(text, "pairs.tsv").unwrap();
//! let unit = reader.next_unit().unwrap().unwrap();
//! assert_eq!(unit.variant("en").unwrap().text(), "Good afternoon.");
//! assert_eq!(unit.props[0].value, "0.97");
//! // A row with an empty side comes back without content: imports skip it.
//! assert!(reader.next_unit().unwrap().unwrap().variants.iter().all(|v| v.content.is_empty()));
//! assert!(reader.next_unit().unwrap().is_none());
//! ```

use crate::lang::LangTag;
use crate::unit::{
    Header, Position, Prop, ReadError, ReadWarning, TranslationUnit, UnitReader, Variant,
};
use std::io::{self, Write};
use std::path::Path;

/// The prop a `confidence` column becomes (an aligner's confidence in the pair).
pub const CONFIDENCE_PROP: &str = "x-align-confidence";
/// The prop a `document` column becomes (the document a pair was aligned from).
pub const DOCUMENT_PROP: &str = "x-document";

#[derive(Debug, Clone)]
enum Column {
    Lang(String),
    Prop(String),
}

/// Reads a bilingual TSV file as translation units (see the module docs).
#[derive(Debug)]
pub struct TsvReader {
    name: String,
    header: Header,
    columns: Vec<Column>,
    lines: Vec<(u64, String)>,
    next: usize,
    bytes: u64,
    total_bytes: u64,
}

fn is_language_tag(cell: &str) -> bool {
    let mut parts = cell.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

impl TsvReader {
    /// Opens and reads a TSV file (UTF-8, BOM optional).
    pub fn open(path: &Path) -> Result<TsvReader, ReadError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ReadError {
            position: Position {
                file: name.clone(),
                line: 0,
                column: 0,
            },
            message: format!("cannot read the file: {e}"),
        })?;
        let text =
            crate::text::decode_text(&bytes).map_err(|error| error.into_read_error(&name))?;
        TsvReader::from_text(&text, &name)
    }

    /// Reads TSV from text; `name` appears in messages.
    pub fn from_text(text: &str, name: &str) -> Result<TsvReader, ReadError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i as u64 + 1, l.trim_end_matches('\r').to_string()));
        let error = |line: u64, message: String| ReadError {
            position: Position {
                file: name.to_string(),
                line,
                column: 1,
            },
            message,
        };
        let Some((_, head)) = lines.next() else {
            return Err(error(
                1,
                "empty file: expected a header row such as ru<TAB>en<TAB>confidence".into(),
            ));
        };
        let columns: Vec<Column> = head
            .split('\t')
            .map(|cell| {
                let cell = cell.trim();
                match cell.to_ascii_lowercase().as_str() {
                    "confidence" => Column::Prop(CONFIDENCE_PROP.into()),
                    "document" => Column::Prop(DOCUMENT_PROP.into()),
                    _ if is_language_tag(cell) => Column::Lang(cell.to_string()),
                    other => Column::Prop(format!("x-{other}")),
                }
            })
            .collect();
        if columns
            .iter()
            .filter(|c| matches!(c, Column::Lang(_)))
            .count()
            < 2
        {
            return Err(error(
                1,
                format!(
                    "the header row {head:?} names fewer than two languages; name the columns by language tag, e.g. ru<TAB>en<TAB>confidence"
                ),
            ));
        }
        let source = columns.iter().find_map(|c| match c {
            Column::Lang(l) => Some(l.clone()),
            Column::Prop(_) => None,
        });
        let mut header = Header {
            version: "1.4".into(),
            ..Header::default()
        };
        if let Some(source) = source {
            header.attrs.push(("srclang".into(), source));
        }
        header.attrs.push(("datatype".into(), "plaintext".into()));
        let rows: Vec<(u64, String)> = lines.filter(|(_, l)| !l.trim().is_empty()).collect();
        Ok(TsvReader {
            name: name.to_string(),
            header,
            columns,
            lines: rows,
            next: 0,
            bytes: 0,
            total_bytes: text.len() as u64,
        })
    }
}

impl UnitReader for TsvReader {
    fn header(&self) -> &Header {
        &self.header
    }

    fn next_unit(&mut self) -> Result<Option<TranslationUnit>, ReadError> {
        let Some((line, row)) = self.lines.get(self.next) else {
            self.bytes = self.total_bytes;
            return Ok(None);
        };
        self.next += 1;
        self.bytes += row.len() as u64 + 1;
        let cells: Vec<&str> = row.split('\t').collect();
        if cells.len() > self.columns.len() {
            return Err(ReadError {
                position: Position {
                    file: self.name.clone(),
                    line: *line,
                    column: 1,
                },
                message: format!(
                    "{} cells, but the header names {} columns; a tab inside a segment? (fix the row or the header)",
                    cells.len(),
                    self.columns.len()
                ),
            });
        }
        let mut unit = TranslationUnit::default();
        let mut empty_side = false;
        for (k, column) in self.columns.iter().enumerate() {
            let cell = cells.get(k).copied().unwrap_or("").trim();
            match column {
                Column::Lang(lang) => {
                    empty_side |= cell.is_empty();
                    unit.variants.push(Variant::plain(lang, cell));
                }
                Column::Prop(kind) if !cell.is_empty() => unit.props.push(Prop {
                    kind: kind.clone(),
                    attrs: vec![("type".into(), kind.clone())],
                    value: cell.to_string(),
                }),
                Column::Prop(_) => {}
            }
        }
        if empty_side {
            // A side the reviewer left empty (a cut sentence): the unit
            // comes back without content, which imports count as skipped.
            for variant in &mut unit.variants {
                variant.content.clear();
            }
        }
        Ok(Some(unit))
    }

    fn take_warnings(&mut self) -> Vec<ReadWarning> {
        Vec::new()
    }

    fn bytes_read(&self) -> u64 {
        self.bytes
    }
}

/// Replaces tabs and line breaks (which would break a row) with spaces.
pub fn cell(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// Writes the header row: the two languages, `confidence`, and `document`
/// when `with_document`.
pub fn write_header(
    w: &mut dyn Write,
    source: &LangTag,
    target: &LangTag,
    with_document: bool,
) -> io::Result<()> {
    write!(
        w,
        "{}\t{}\tconfidence",
        source.original(),
        target.original()
    )?;
    if with_document {
        write!(w, "\tdocument")?;
    }
    writeln!(w)
}

/// Writes one row.
pub fn write_row(
    w: &mut dyn Write,
    source: &str,
    target: &str,
    confidence: f64,
    document: Option<&str>,
) -> io::Result<()> {
    write!(w, "{}\t{}\t{confidence:.2}", cell(source), cell(target))?;
    if let Some(document) = document {
        write!(w, "\t{}", cell(document))?;
    }
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_must_name_two_languages() {
        let err = TsvReader::from_text("source\ttarget\nA\tB\n", "x.tsv").unwrap_err();
        assert!(err.to_string().starts_with("x.tsv:1:1:"), "{err}");
        assert!(err.to_string().contains("language tag"));
    }

    #[test]
    fn too_many_cells_is_an_error_naming_the_line() {
        let mut r = TsvReader::from_text("ru\ten\nА\tB\tC\n", "x.tsv").unwrap();
        let err = r.next_unit().unwrap_err();
        assert_eq!(err.position.line, 2);
    }

    #[test]
    fn written_rows_read_back() {
        let mut out = Vec::new();
        let (ru, en) = (LangTag::parse("ru"), LangTag::parse("en"));
        write_header(&mut out, &ru, &en, true).unwrap();
        write_row(&mut out, "Да\tнет", "Yes", 0.912, Some("a.txt")).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut r = TsvReader::from_text(&text, "t").unwrap();
        let unit = r.next_unit().unwrap().unwrap();
        assert_eq!(unit.variant("ru").unwrap().text(), "Да нет");
        assert_eq!(unit.props.len(), 2);
        assert_eq!(unit.props[0].value, "0.91");
        assert_eq!(unit.props[1].value, "a.txt");
        assert_eq!(r.header().source_lang().unwrap().normalized(), "ru");
    }
}
