//! TBX reading and writing: v2 (`martif`, `termEntry/langSet/tig|ntig`) and
//! v3 (`tbx`, `conceptEntry/langSec/termSec`) in both the DCA style
//! (`<termNote type="partOfSpeech">`) and the DCT style (`<basic:partOfSpeech>`).
//!
//! The reader is one pass over quick-xml events with a small state machine;
//! data categories are recognised by name whichever style carries them, so a
//! file mixing styles (common in exports) still loads. Unknown elements are
//! skipped. Every error carries file:line:column of the offending markup.

use super::{Entry, Gender, Glossary, GlossaryWarning, NameType, Term, TermStatus};
use crate::unit::{Position, ReadError};
use quick_xml::events::{BytesStart, Event};
use std::io::{self, Write};

/// Which TBX generation to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TbxVersion {
    /// TBX v2 (ISO 30042:2008, root `martif`).
    V2,
    /// TBX v3 (ISO 30042:2019, root `tbx`).
    #[default]
    V3,
}

/// How TBX v3 carries data categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TbxStyle {
    /// Data category as attribute: `<termNote type="partOfSpeech">`.
    #[default]
    Dca,
    /// Data category as (namespaced) element: `<basic:partOfSpeech>`.
    Dct,
}

/// Converts byte offsets of the decoded text into 1-based line and column
/// (columns count characters).
pub(super) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(super) fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex { text, starts }
    }

    pub(super) fn line_col(&self, offset: usize) -> (u64, u64) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[start..end].chars().count() + 1;
        (line as u64, column as u64)
    }
}

/// Decodes the raw bytes with the XML readers' one decoder (byte-order
/// mark, UTF-16, the declaration's `encoding`, binary files refused).
/// Also returns the decoder's warnings (a declaration the bytes contradict).
fn decode(bytes: &[u8], file: &str) -> Result<(String, Vec<String>), ReadError> {
    crate::xml::encoding::decode_document(bytes, "TBX")
        .map(|(text, detected)| (text, detected.warnings))
        .map_err(|failure| ReadError {
            position: Position {
                file: file.to_string(),
                line: failure.line,
                column: failure.column,
            },
            message: failure.message,
        })
}

/// What text is being collected, and for which element.
#[derive(Debug)]
enum Capture {
    Term,
    /// A data category: DCA `type` attribute value or DCT element local name.
    Category(String),
    Note,
    Title,
}

#[derive(Default)]
struct State {
    glossary: Glossary,
    warnings: Vec<GlossaryWarning>,
    entry: Option<Entry>,
    lang: Option<String>,
    term: Option<Term>,
    capture: Option<(Capture, usize)>,
    text: String,
    /// Open elements with their line:column, for "the file ends inside …".
    stack: Vec<(String, u64, u64)>,
    in_header: bool,
}

fn local_name(start: &BytesStart) -> String {
    String::from_utf8_lossy(start.local_name().as_ref()).into_owned()
}

fn attribute(start: &BytesStart, wanted: &str) -> Option<String> {
    start.attributes().flatten().find_map(|a| {
        let key = a.key.as_ref();
        let local = key.rsplit(|&b| b == b':').next().unwrap_or(key);
        let matches = key == wanted.as_bytes()
            || (wanted == "lang" && local == b"lang")
            || (!wanted.contains(':') && local == wanted.as_bytes() && key == local);
        if matches {
            a.unescape_value().ok().map(|v| v.into_owned())
        } else {
            None
        }
    })
}

/// Reads a TBX file (v2 or v3, any style).
pub(super) fn read(
    bytes: &[u8],
    file: &str,
) -> Result<(Glossary, Vec<GlossaryWarning>), ReadError> {
    let (text, decoder_warnings) = decode(bytes, file)?;
    let index = LineIndex::new(&text);
    let error_at = |offset: u64, message: String| {
        let (line, column) = index.line_col(offset as usize);
        ReadError {
            position: Position {
                file: file.to_string(),
                line,
                column,
            },
            message,
        }
    };
    let mut reader = quick_xml::Reader::from_str(&text);
    reader.config_mut().check_end_names = true;
    let mut state = State {
        glossary: Glossary {
            path: file.to_string(),
            ..Glossary::default()
        },
        ..State::default()
    };
    state
        .warnings
        .extend(decoder_warnings.into_iter().map(|message| GlossaryWarning {
            position: Position {
                file: file.to_string(),
                line: 1,
                column: 1,
            },
            message,
        }));
    let mut saw_root = false;
    let mut entry_count = 0usize;
    loop {
        let before = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(error) => {
                return Err(error_at(
                    reader.error_position().max(before),
                    format!("malformed XML: {error}"),
                ));
            }
        };
        let (line, column) = index.line_col(before as usize);
        match event {
            Event::Start(start) | Event::Empty(start)
                if !saw_root && matches!(local_name(&start).as_str(), "martif" | "tbx") =>
            {
                saw_root = true;
                // An empty root (`<tbx/>`) is a valid, empty glossary.
                if reader.buffer_position() > before
                    && text[before as usize..reader.buffer_position() as usize].ends_with("/>")
                {
                    continue;
                }
                state.stack.push((local_name(&start), line, column));
            }
            Event::Start(start) | Event::Empty(start) if !saw_root => {
                return Err(error_at(
                    before,
                    format!(
                        "not a TBX file: the root element is <{}>, expected <martif> (TBX v2) or <tbx> (TBX v3)",
                        String::from_utf8_lossy(start.name().as_ref())
                    ),
                ));
            }
            Event::Start(start) => {
                let name = local_name(&start);
                state.stack.push((name.clone(), line, column));
                open(&mut state, &start, &name, line, &mut entry_count);
            }
            Event::Empty(start) => {
                let name = local_name(&start);
                open(&mut state, &start, &name, line, &mut entry_count);
                close(&mut state, &name);
            }
            Event::End(end) => {
                let name = String::from_utf8_lossy(end.local_name().as_ref()).into_owned();
                state.stack.pop();
                close(&mut state, &name);
            }
            Event::Text(t) if state.capture.is_some() => {
                let value = t.unescape().map_err(|e| {
                    error_at(before, format!("bad character or entity reference: {e}"))
                })?;
                state.text.push_str(&value);
            }
            Event::CData(c) if state.capture.is_some() => {
                state
                    .text
                    .push_str(&String::from_utf8_lossy(&c.into_inner()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err(error_at(
            0,
            "not a TBX file: no <martif> or <tbx> root element found".to_string(),
        ));
    }
    if let Some((name, line, column)) = state.stack.last() {
        let (end_line, end_col) = index.line_col(text.len());
        return Err(ReadError {
            position: Position {
                file: file.to_string(),
                line: end_line,
                column: end_col,
            },
            message: format!(
                "the file ends inside <{name}> (opened at line {line}, column {column}); it is truncated or a closing tag is missing"
            ),
        });
    }
    Ok((state.glossary, state.warnings))
}

fn open(state: &mut State, start: &BytesStart, name: &str, line: u64, entries: &mut usize) {
    if let Some((_, depth)) = &mut state.capture {
        // Inline markup inside a term or note (`<hi>`): keep collecting its text.
        *depth += 1;
        return;
    }
    match name {
        "martifHeader" | "tbxHeader" => state.in_header = true,
        "title" if state.in_header => start_capture(state, Capture::Title),
        "termEntry" | "conceptEntry" => {
            *entries += 1;
            let id = attribute(start, "id");
            let name_type = id.as_deref().and_then(name_type_from_id);
            state.entry = Some(Entry {
                id,
                name_type,
                line,
                ..Entry::default()
            });
        }
        "langSet" | "langSec" => {
            state.lang = attribute(start, "xml:lang").or_else(|| attribute(start, "lang"));
        }
        "tig" | "ntig" | "termSec" => {
            let lang = state.lang.clone().unwrap_or_else(|| "und".to_string());
            let mut term = Term::new(&lang, "");
            term.line = line;
            state.term = Some(term);
        }
        "term" if state.entry.is_some() => start_capture(state, Capture::Term),
        "termNote" | "descrip" | "admin" | "termCompList" => {
            if let Some(kind) = attribute(start, "type") {
                start_capture(state, Capture::Category(kind));
            }
        }
        "note" | "CommentAll" => {
            if state.entry.is_some() {
                start_capture(state, Capture::Note);
            }
        }
        // Structural elements that carry no value of their own.
        "text" | "body" | "back" | "termGrp" | "descripGrp" | "adminGrp" | "transacGrp"
        | "transac" | "transacNote" | "date" | "xref" | "ref" | "fileDesc" | "titleStmt"
        | "sourceDesc" | "encodingDesc" | "p" | "glossary" | "subglossary" | "extra1"
        | "extra2" | "hi" | "foreign" => {}
        other => {
            // DCT style: the element name is the data category.
            if state.entry.is_some() && is_data_category(other) {
                start_capture(state, Capture::Category(other.to_string()));
            }
        }
    }
}

fn start_capture(state: &mut State, capture: Capture) {
    state.capture = Some((capture, 0));
    state.text.clear();
}

fn close(state: &mut State, name: &str) {
    if let Some((capture, depth)) = state.capture.take() {
        if depth > 0 {
            state.capture = Some((capture, depth - 1));
            return;
        }
        let value = crate::text::fold_whitespace(&state.text);
        state.text.clear();
        finish_capture(state, capture, value);
        return;
    }
    match name {
        "martifHeader" | "tbxHeader" => state.in_header = false,
        "tig" | "ntig" | "termSec" => {
            if let (Some(term), Some(entry)) = (state.term.take(), state.entry.as_mut())
                && !term.text.is_empty()
            {
                entry.terms.push(term);
            }
        }
        "langSet" | "langSec" => state.lang = None,
        "termEntry" | "conceptEntry" => {
            if let Some(entry) = state.entry.take() {
                state.glossary.entries.push(entry);
            }
        }
        _ => {}
    }
}

fn is_data_category(name: &str) -> bool {
    matches!(
        name,
        "partOfSpeech"
            | "grammaticalGender"
            | "administrativeStatus"
            | "normativeAuthorization"
            | "termType"
            | "subjectField"
            | "definition"
            | "context"
            | "nameType"
            | "caseSensitivity"
            | "usageNote"
            | "source"
            | "customerSubset"
            | "projectSubset"
            | "crossReference"
            | "externalCrossReference"
            | "geographicalUsage"
            | "register"
            | "transferComment"
    )
}

fn name_type_from_id(id: &str) -> Option<NameType> {
    let prefix = id.split(['-', '_', ':']).next()?;
    match prefix.to_ascii_lowercase().as_str() {
        "person" | "people" => Some(NameType::Person),
        "place" | "geo" | "location" => Some(NameType::Place),
        "org" | "organisation" | "organization" => Some(NameType::Organisation),
        _ => None,
    }
}

fn finish_capture(state: &mut State, capture: Capture, value: String) {
    match capture {
        Capture::Title => {
            if state.glossary.title.is_none() && !value.is_empty() {
                state.glossary.title = Some(value);
            }
        }
        Capture::Term => {
            if let Some(term) = state.term.as_mut() {
                term.text = crate::text::nfc(&value);
            } else if let Some(entry) = state.entry.as_mut() {
                // A <term> outside tig/termSec (seen in hand-written files).
                let mut term = Term::new(state.lang.as_deref().unwrap_or("und"), &value);
                term.line = entry.line;
                if !term.text.is_empty() {
                    entry.terms.push(term);
                }
            }
        }
        Capture::Note => {
            if value.is_empty() {
                return;
            }
            if let Some(term) = state.term.as_mut() {
                term.notes.push(value);
            } else if let Some(entry) = state.entry.as_mut() {
                entry.notes.push(value);
            }
        }
        Capture::Category(kind) => apply_category(state, &kind, value),
    }
}

fn apply_category(state: &mut State, kind: &str, value: String) {
    if value.is_empty() {
        return;
    }
    let line = state.term.as_ref().map(|t| t.line).unwrap_or_default();
    if let Some(term) = state.term.as_mut() {
        match kind {
            "partOfSpeech" => term.part_of_speech = Some(value),
            "grammaticalGender" => term.gender = Gender::parse(&value),
            "termType" => term.term_type = Some(value),
            "administrativeStatus" | "normativeAuthorization" => {
                term.status = TermStatus::parse(&value);
                if term.status.is_none() {
                    state.warnings.push(GlossaryWarning {
                        position: Position {
                            file: state.glossary.path.clone(),
                            line,
                            column: 1,
                        },
                        message: format!(
                            "unknown {kind} \"{value}\"; the term is treated as admitted"
                        ),
                    });
                }
            }
            "caseSensitivity" => {
                term.case_sensitive = Some(!value.to_ascii_lowercase().contains("insensitive"))
            }
            "usageNote" | "transferComment" => term.notes.push(value),
            _ => {}
        }
        return;
    }
    if let Some(entry) = state.entry.as_mut() {
        match kind {
            "subjectField" => entry.subject = Some(value),
            "definition" => entry.definition = Some(value),
            "nameType" => entry.name_type = NameType::parse(&value).or(entry.name_type),
            _ => {}
        }
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Writes `glossary` as TBX. v3 files declare TBX-Basic; v2 files are
/// TBX-Default `martif` (the dialect OmegaT and Okapi read).
pub fn write_tbx(
    glossary: &Glossary,
    out: &mut dyn Write,
    version: TbxVersion,
    style: TbxStyle,
) -> io::Result<()> {
    let v3 = version == TbxVersion::V3;
    let dct = v3 && style == TbxStyle::Dct;
    let title = glossary
        .title
        .clone()
        .unwrap_or_else(|| "Glossary written by tmkit".to_string());
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    if v3 {
        let style_word = if dct { "dct" } else { "dca" };
        let extra_ns = if dct {
            r#" xmlns:min="http://www.tbxinfo.net/ns/min" xmlns:basic="http://www.tbxinfo.net/ns/basic" xmlns:tmkit="https://tmkit.invalid/ns/names""#
        } else {
            ""
        };
        writeln!(
            out,
            r#"<tbx type="TBX-Basic" style="{style_word}" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"{extra_ns}>"#
        )?;
        writeln!(out, "  <tbxHeader>")?;
    } else {
        writeln!(out, r#"<martif type="TBX-Default" xml:lang="en">"#)?;
        writeln!(out, "  <martifHeader>")?;
    }
    writeln!(out, "    <fileDesc>")?;
    writeln!(
        out,
        "      <titleStmt><title>{}</title></titleStmt>",
        escape(&title)
    )?;
    writeln!(
        out,
        "      <sourceDesc><p>Written by tmkit {}</p></sourceDesc>",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(out, "    </fileDesc>")?;
    writeln!(
        out,
        "  </{}>",
        if v3 { "tbxHeader" } else { "martifHeader" }
    )?;
    writeln!(out, "  <text>\n    <body>")?;
    let (entry_tag, lang_tag, term_tag) = if v3 {
        ("conceptEntry", "langSec", "termSec")
    } else {
        ("termEntry", "langSet", "tig")
    };
    // Writes one data category in the chosen style.
    let category = |out: &mut dyn Write,
                    indent: &str,
                    element: &str,
                    module: &str,
                    kind: &str,
                    value: &str|
     -> io::Result<()> {
        if dct {
            writeln!(
                out,
                "{indent}<{module}:{kind}>{}</{module}:{kind}>",
                escape(value)
            )
        } else {
            writeln!(
                out,
                "{indent}<{element} type=\"{kind}\">{}</{element}>",
                escape(value)
            )
        }
    };
    for (n, entry) in glossary.entries.iter().enumerate() {
        let id = entry.id.clone().unwrap_or_else(|| format!("c{}", n + 1));
        writeln!(out, "      <{entry_tag} id=\"{}\">", escape(&id))?;
        let ind = "        ";
        if let Some(subject) = &entry.subject {
            category(out, ind, "descrip", "min", "subjectField", subject)?;
        }
        if let Some(definition) = &entry.definition {
            category(out, ind, "descrip", "basic", "definition", definition)?;
        }
        if let Some(name_type) = entry.name_type {
            category(out, ind, "descrip", "tmkit", "nameType", name_type.word())?;
        }
        for note in &entry.notes {
            writeln!(out, "{ind}<note>{}</note>", escape(note))?;
        }
        for lang in entry.languages() {
            writeln!(out, "        <{lang_tag} xml:lang=\"{}\">", escape(&lang))?;
            for term in entry.terms.iter().filter(|t| t.lang.normalized() == lang) {
                let ind = "            ";
                writeln!(out, "          <{term_tag}>")?;
                writeln!(out, "{ind}<term>{}</term>", escape(&term.text))?;
                if let Some(pos) = &term.part_of_speech {
                    category(out, ind, "termNote", "basic", "partOfSpeech", pos)?;
                }
                if let Some(gender) = term.gender {
                    category(
                        out,
                        ind,
                        "termNote",
                        "basic",
                        "grammaticalGender",
                        gender.word(),
                    )?;
                }
                if let Some(term_type) = &term.term_type {
                    category(out, ind, "termNote", "basic", "termType", term_type)?;
                }
                if let Some(status) = term.status {
                    category(
                        out,
                        ind,
                        "termNote",
                        "min",
                        "administrativeStatus",
                        status.tbx_value(),
                    )?;
                }
                if let Some(case) = term.case_sensitive {
                    let value = if case {
                        "caseSensitive"
                    } else {
                        "caseInsensitive"
                    };
                    category(out, ind, "termNote", "tmkit", "caseSensitivity", value)?;
                }
                for note in &term.notes {
                    writeln!(out, "{ind}<note>{}</note>", escape(note))?;
                }
                writeln!(out, "          </{term_tag}>")?;
            }
            writeln!(out, "        </{lang_tag}>")?;
        }
        writeln!(out, "      </{entry_tag}>")?;
    }
    writeln!(out, "    </body>\n  </text>")?;
    writeln!(out, "</{}>", if v3 { "tbx" } else { "martif" })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const V2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
<martifHeader><fileDesc><titleStmt><title>T</title></titleStmt></fileDesc></martifHeader>
<text><body>
<termEntry id="person-kukhtin">
  <descrip type="subjectField">politics</descrip>
  <langSet xml:lang="ru"><tig><term>Михаил Кухтин</term>
    <termNote type="grammaticalGender">masculine</termNote></tig></langSet>
  <langSet xml:lang="en">
    <ntig><termGrp><term>Mikhail <hi>Kukhtin</hi></term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig>
    <tig><term>Mykhailo Kukhtin</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
      <note>Ukrainian style</note></tig>
  </langSet>
</termEntry>
</body></text></martif>"#;

    #[test]
    fn reads_v2_tig_and_ntig() {
        let (g, w) = read(V2.as_bytes(), "t.tbx").unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(g.title.as_deref(), Some("T"));
        let e = &g.entries[0];
        assert_eq!(e.name_type, Some(NameType::Person));
        assert_eq!(e.subject.as_deref(), Some("politics"));
        assert_eq!(e.terms.len(), 3);
        assert_eq!(e.terms[0].gender, Some(Gender::Masculine));
        assert_eq!(e.terms[1].text, "Mikhail Kukhtin");
        assert_eq!(e.terms[1].status, Some(TermStatus::Preferred));
        assert_eq!(e.terms[2].status, Some(TermStatus::Deprecated));
        assert_eq!(e.terms[2].notes, vec!["Ukrainian style".to_string()]);
        assert_eq!(e.terms[2].line, 12);
    }

    #[test]
    fn round_trips_all_versions_and_styles() {
        let (g, _) = read(V2.as_bytes(), "t.tbx").unwrap();
        for (version, style) in [
            (TbxVersion::V2, TbxStyle::Dca),
            (TbxVersion::V3, TbxStyle::Dca),
            (TbxVersion::V3, TbxStyle::Dct),
        ] {
            let mut out = Vec::new();
            write_tbx(&g, &mut out, version, style).unwrap();
            let (back, w) = read(&out, "back.tbx").unwrap();
            assert!(w.is_empty());
            assert_eq!(back.entries.len(), 1, "{version:?} {style:?}");
            let (a, b) = (&g.entries[0], &back.entries[0]);
            assert_eq!(a.terms.len(), b.terms.len());
            for (x, y) in a.terms.iter().zip(&b.terms) {
                assert_eq!(x.text, y.text);
                assert_eq!(x.status, y.status);
                assert_eq!(x.gender, y.gender);
                assert_eq!(x.notes, y.notes);
                assert_eq!(x.lang.normalized(), y.lang.normalized());
            }
            assert_eq!(a.subject, b.subject);
            assert_eq!(a.name_type, b.name_type);
        }
    }

    #[test]
    fn truncated_file_names_the_open_element() {
        let cut = &V2[..V2.find("<note>").unwrap()];
        let err = read(cut.as_bytes(), "cut.tbx").unwrap_err();
        assert!(err.message.contains("ends inside <tig>"), "{}", err.message);
        assert!(err.message.contains("line 12"), "{}", err.message);
        assert_eq!(err.position.file, "cut.tbx");
    }

    #[test]
    fn mismatched_tag_has_position() {
        let bad = "<martif>\n<text><body>\n<termEntry></langSet>\n</body></text></martif>";
        let err = read(bad.as_bytes(), "bad.tbx").unwrap_err();
        assert_eq!(err.position.line, 3, "{err}");
        assert!(err.message.contains("malformed XML"), "{err}");
    }

    #[test]
    fn wrong_root_is_rejected() {
        let err = read(b"<tmx version=\"1.4\"/>", "x.tbx").unwrap_err();
        assert!(err.message.contains("not a TBX file"));
    }

    #[test]
    fn declared_single_byte_encoding_is_decoded() {
        let mut bytes = b"<?xml version='1.0' encoding=\"windows-1254\" ?>\n<martif><text><body><termEntry><langSet xml:lang=\"tr\"><tig><term>".to_vec();
        bytes.extend_from_slice(&[0xDD, 0xFD]); // İı
        bytes.extend_from_slice(b"</term></tig></langSet></termEntry></body></text></martif>");
        let (g, _) = read(&bytes, "w.tbx").unwrap();
        assert_eq!(g.entries[0].terms[0].text, "İı");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let bytes = b"<martif>\n<text>\xff</text></martif>";
        let err = read(bytes, "u.tbx").unwrap_err();
        assert_eq!((err.position.line, err.position.column), (2, 7));
    }

    #[test]
    fn line_index_counts_characters() {
        let text = "ab\nжжx\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(0), (1, 1));
        assert_eq!(index.line_col(3), (2, 1));
        assert_eq!(index.line_col(7), (2, 3));
    }
}
