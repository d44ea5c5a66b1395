//! The memory side of XLIFF: translated segments in (a [`UnitReader`]), memory
//! units out (a bilingual XLIFF document, streamed).

use super::inline::{from_tmx_content, to_tmx_content_with_data};
use super::model::{ContainerKind, Segment, State, Unit};
use super::reader::{Event, XliffReader};
use super::tree::{Element, Node};
use super::{Version, XliffWriter};
use crate::lang::LangTag;
use crate::unit::{
    Header, Prop, ReadError, ReadWarning, TranslationUnit, UnitReader, Variant, plain_text,
    set_attr,
};
use std::collections::VecDeque;
use std::io::{self, Write};

/// Which segments count as finished work for import.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportFilter {
    /// States (on the 2.x scale) that are imported. Default: translated,
    /// reviewed, final. 1.2 `approved="yes"` is always imported.
    pub states: Vec<State>,
    /// The change date for segments whose file says none (`YYYYMMDDThhmmssZ`;
    /// the CLI passes the file's modification time).
    pub default_date: Option<String>,
}

impl Default for ImportFilter {
    fn default() -> ImportFilter {
        ImportFilter {
            states: vec![State::Translated, State::Reviewed, State::Final],
            default_date: None,
        }
    }
}

impl ImportFilter {
    /// Parses a `--states` list: `initial`, `translated`, `reviewed`, `final`,
    /// and the 1.2 / SDLXLIFF / memoQ names that map onto them (`signed-off`,
    /// `needs-translation`, `ApprovedSignOff`, `Proofread`, …), comma-separated.
    pub fn parse_states(list: &str) -> Result<Vec<State>, String> {
        let mut states = Vec::new();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let state = match name.to_ascii_lowercase().as_str() {
                "initial" | "new" | "draft" | "needs-translation" | "notstarted" | "edited" => {
                    State::Initial
                }
                "translated" | "confirmed" => State::Translated,
                "reviewed" | "signed-off" | "approvedtranslation" | "proofread" => State::Reviewed,
                "final" | "approvedsignoff" => State::Final,
                _ => {
                    return Err(format!(
                        "unknown state `{name}` in --states; use initial, translated, reviewed, final \
                         (or signed-off, ApprovedTranslation, ApprovedSignOff, Confirmed, Proofread)"
                    ));
                }
            };
            if !states.contains(&state) {
                states.push(state);
            }
        }
        if states.is_empty() {
            return Err("--states names no state; e.g. --states translated,reviewed,final".into());
        }
        Ok(states)
    }

    /// True when `segment` of a unit is finished work to import.
    pub fn accepts(&self, segment: &Segment) -> bool {
        let has_target = segment
            .target
            .as_ref()
            .is_some_and(|t| !plain_text(t).trim().is_empty());
        has_target
            && !segment.ignorable
            && (segment.approved || segment.state.is_some_and(|s| self.states.contains(&s)))
    }
}

/// The translated segments of an XLIFF file as translation units, one per
/// segment that [`ImportFilter::accepts`], with the document name
/// (`x-document`: the file's `original`), the unit id (`x-unit-id`), the
/// segment id (`x-segment-id`) and the state (`x-state`) as props and the
/// change date as `changedate`. Inline codes are mapped onto TMX's
/// ([`to_tmx_content`]). Units with `translate="no"` are skipped.
pub struct TranslatedUnits {
    reader: XliffReader,
    filter: ImportFilter,
    header: Header,
    queue: VecDeque<TranslationUnit>,
    /// Per open container: (original, source language, target language) in force.
    context: Vec<(Option<String>, Option<String>, Option<String>)>,
    warnings: Vec<ReadWarning>,
}

impl TranslatedUnits {
    /// Wraps a reader.
    pub fn new(reader: XliffReader, filter: ImportFilter) -> TranslatedUnits {
        let mut header = Header {
            version: "1.4".into(),
            ..Header::default()
        };
        for (name, value) in [
            ("creationtool", "tmkit"),
            ("creationtoolversion", env!("CARGO_PKG_VERSION")),
            ("segtype", "sentence"),
            ("o-tmf", "XLIFF"),
            ("adminlang", "en"),
            ("datatype", "xml"),
        ] {
            set_attr(&mut header.attrs, name, value);
        }
        TranslatedUnits {
            reader,
            filter,
            header,
            queue: VecDeque::new(),
            context: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn languages(&self) -> (Option<String>, Option<String>, Option<String>) {
        self.context.last().cloned().unwrap_or((None, None, None))
    }

    fn take_unit(&mut self, unit: &Unit) {
        if !unit.translate() {
            return;
        }
        let (document, source, target) = self.languages();
        let (Some(source), Some(target)) = (source, target) else {
            if unit.segments().iter().any(|s| self.filter.accepts(s)) {
                let position = unit.position().cloned().unwrap_or(crate::unit::Position {
                    file: self.reader.name().to_string(),
                    line: 0,
                    column: 0,
                });
                self.warnings.push(ReadWarning {
                    position,
                    unit_index: 0,
                    tuid: unit.id().map(str::to_string),
                    message: "translated unit skipped: the file does not say its source and \
                              target languages (srcLang/trgLang or source-language/target-language)"
                        .into(),
                });
            }
            return;
        };
        if self.header.attr("srclang").is_none() {
            set_attr(&mut self.header.attrs, "srclang", source.clone());
        }
        for segment in unit.segments() {
            if !self.filter.accepts(segment) {
                continue;
            }
            let target_content = segment
                .target
                .as_ref()
                .map(|t| to_tmx_content_with_data(t, unit.original_data()))
                .unwrap_or_default();
            let mut tu = TranslationUnit::default();
            let mut props = Vec::new();
            let mut prop = |kind: &str, value: &str| {
                props.push(Prop {
                    kind: kind.into(),
                    attrs: vec![("type".into(), kind.into())],
                    value: value.into(),
                })
            };
            if let Some(document) = &document {
                prop("x-document", document);
            }
            if let Some(id) = unit.id() {
                prop("x-unit-id", id);
            }
            if let Some(id) = &segment.id {
                prop("x-segment-id", id);
            }
            if let Some(detail) = &segment.state_detail {
                prop("x-state", detail);
            } else if let Some(state) = segment.state {
                prop("x-state", state.as_str());
            }
            tu.props = props;
            if let Some(date) = segment
                .changed
                .clone()
                .or_else(|| self.filter.default_date.clone())
            {
                set_attr(&mut tu.attrs, "changedate", date);
            }
            tu.variants.push(variant(
                &source,
                to_tmx_content_with_data(&segment.source, unit.original_data()),
            ));
            tu.variants.push(variant(&target, target_content));
            self.queue.push_back(tu);
        }
    }
}

fn variant(lang: &str, content: crate::unit::Content) -> Variant {
    Variant {
        lang: LangTag::parse(lang),
        attrs: vec![("xml:lang".into(), lang.into())],
        props: Vec::new(),
        notes: Vec::new(),
        content,
    }
}

impl UnitReader for TranslatedUnits {
    fn header(&self) -> &Header {
        &self.header
    }

    fn next_unit(&mut self) -> Result<Option<TranslationUnit>, ReadError> {
        loop {
            if let Some(unit) = self.queue.pop_front() {
                return Ok(Some(unit));
            }
            let Some(event) = self.reader.next_event()? else {
                return Ok(None);
            };
            match event {
                Event::Open(kind, head) => {
                    let (mut document, mut source, mut target) = self.languages();
                    match kind {
                        ContainerKind::Root => {
                            source = head.attr("srcLang").map(str::to_string);
                            target = head.attr("trgLang").map(str::to_string);
                        }
                        ContainerKind::File => {
                            document = head.attr("original").map(str::to_string).or(document);
                            source = head.attr("source-language").map(str::to_string).or(source);
                            target = head.attr("target-language").map(str::to_string).or(target);
                        }
                        _ => {}
                    }
                    self.context.push((document, source, target));
                }
                Event::Close(_) => {
                    self.context.pop();
                }
                Event::Unit(unit) => self.take_unit(&unit),
                Event::Node(_) => {}
            }
        }
    }

    fn take_warnings(&mut self) -> Vec<ReadWarning> {
        let mut warnings = self.reader.take_warnings();
        warnings.append(&mut self.warnings);
        warnings
    }

    fn bytes_read(&self) -> u64 {
        self.reader.bytes_read()
    }
}

/// Options for [`UnitExporter`].
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// The XLIFF version written (1.2 by default: every CAT tool opens it).
    pub version: Version,
    /// The source language: each unit's variant in this language (or a
    /// regional variant of it) is the source.
    pub source_lang: LangTag,
    /// The target language.
    pub target_lang: LangTag,
    /// The file's `original` (the memory's name).
    pub original: String,
}

/// Writes memory units as one bilingual XLIFF document, streamed: the root and
/// file on [`UnitExporter::new`], one unit per [`UnitExporter::write_unit`],
/// the closing tags on [`UnitExporter::finish`]. Each unit gets a number as
/// its `id`, its `tuid` as `resname` (1.2) / `name` (2.x), state `translated`
/// (1.2 also `approved="yes"`), and its change date in a note.
///
/// ```
/// use tmkit::lang::LangTag;
/// use tmkit::unit::TranslationUnit;
/// use tmkit::xliff::{ExportOptions, UnitExporter, Version};
/// let options = ExportOptions { version: Version::V2_0, source_lang: LangTag::parse("en"),
///     target_lang: LangTag::parse("ru"), original: "news.tmdb".into() };
/// let mut exporter = UnitExporter::new(Vec::new(), options).unwrap();
/// assert!(exporter.write_unit(&TranslationUnit::pair("en", "Hello", "ru", "Привет")).unwrap());
/// assert!(!exporter.write_unit(&TranslationUnit::pair("en", "Hello", "de", "Hallo")).unwrap());
/// let xml = String::from_utf8(exporter.finish().unwrap()).unwrap();
/// assert!(xml.contains("<target>Привет</target>"));
/// ```
pub struct UnitExporter<W: Write> {
    writer: XliffWriter<W>,
    options: ExportOptions,
    written: u64,
    skipped: u64,
}

impl<W: Write> UnitExporter<W> {
    /// Starts the document (root, file and, for 1.x, body).
    pub fn new(out: W, options: ExportOptions) -> io::Result<UnitExporter<W>> {
        let mut writer = XliffWriter::new(out)?;
        let version = options.version;
        let ns = version.namespace();
        let mut root = Element::new("xliff", ns);
        root.set_attr("xmlns", ns);
        root.set_attr("version", version.as_str());
        let mut file = Element::new("file", ns);
        if version.is_2x() {
            root.set_attr("srcLang", options.source_lang.normalized());
            root.set_attr("trgLang", options.target_lang.normalized());
            file.set_attr("id", "f1");
            file.set_attr("original", options.original.clone());
        } else {
            file.set_attr("original", options.original.clone());
            file.set_attr("source-language", options.source_lang.normalized());
            file.set_attr("target-language", options.target_lang.normalized());
            file.set_attr("datatype", "plaintext");
        }
        writer.open(&root);
        writer.write_event(&Event::Node(Node::Text("\n  ".into())))?;
        writer.open(&file);
        if !version.is_2x() {
            writer.write_event(&Event::Node(Node::Text("\n    ".into())))?;
            writer.open(&Element::new("body", ns));
        }
        Ok(UnitExporter {
            writer,
            options,
            written: 0,
            skipped: 0,
        })
    }

    /// Writes one unit; `false` (and nothing written) when it lacks either language.
    pub fn write_unit(&mut self, tu: &TranslationUnit) -> io::Result<bool> {
        let (Some(source), Some(target)) = (
            tu.variant_covering(&self.options.source_lang),
            tu.variant_covering(&self.options.target_lang),
        ) else {
            self.skipped += 1;
            return Ok(false);
        };
        let version = self.options.version;
        self.written += 1;
        let segment = Segment {
            source: from_tmx_content(&source.content, version),
            target: Some(from_tmx_content(&target.content, version)),
            state: Some(State::Translated),
            ..Segment::default()
        };
        let mut unit = Unit::new(version, &self.written.to_string(), &[segment]);
        if let Some(tuid) = tu.tuid() {
            unit.element
                .set_attr(if version.is_2x() { "name" } else { "resname" }, tuid);
        }
        if version == Version::V1_2 {
            unit.element.set_attr("approved", "yes");
        }
        if let Some(date) = tu.last_changed() {
            unit.add_note(&super::Note {
                text: format!("changed {date}"),
                category: Some("tmkit".into()),
                ..super::Note::default()
            });
        }
        let indent = if version.is_2x() {
            "\n    "
        } else {
            "\n      "
        };
        self.writer
            .write_event(&Event::Node(Node::Text(indent.into())))?;
        self.writer.write_unit(&unit)?;
        Ok(true)
    }

    /// Units written so far.
    pub fn units_written(&self) -> u64 {
        self.written
    }

    /// Units skipped because they lack the source or target language.
    pub fn units_skipped(&self) -> u64 {
        self.skipped
    }

    /// Characters XML cannot carry that were left out.
    pub fn characters_dropped(&self) -> u64 {
        self.writer.characters_dropped()
    }

    /// Closes the document and returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        let closing: &[&str] = if self.options.version.is_2x() {
            &["\n  ", "\n"]
        } else {
            &["\n    ", "\n  ", "\n"]
        };
        for indent in closing {
            self.writer
                .write_event(&Event::Node(Node::Text((*indent).into())))?;
            self.writer.close()?;
        }
        self.writer.finish()
    }
}
