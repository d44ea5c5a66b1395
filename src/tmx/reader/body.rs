//! The `<body>`: units, variants, segments and their inline markup.

use super::{Elem, Mark, TmxReader, element_name, make_prop};
use crate::lang::LangTag;
use crate::unit::{
    Attributes, Content, Inline, Note, ReadError, TagKind, TranslationUnit, Variant, attr,
};
use crate::xml::escape::MAX_LISTED;
use quick_xml::events::Event;
use std::borrow::Cow;

impl TmxReader {
    pub(super) fn next_unit_in_body(
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

    pub(super) fn begin_unit(&mut self, attrs: &Attributes) {
        self.units_started += 1;
        self.in_unit = true;
        self.tuid = attr(attrs, "tuid").map(str::to_string);
    }

    pub(super) fn read_tu(
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
    pub(super) fn read_tuv(
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
    pub(super) fn read_content(&mut self, buf: &mut Vec<u8>) -> Result<Content, ReadError> {
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

    pub(super) fn open_top_name(&self) -> String {
        self.open
            .last()
            .map(|(name, _)| name.to_string())
            .unwrap_or_default()
    }

    pub(super) fn open_parent_name(&self) -> String {
        self.open
            .len()
            .checked_sub(2)
            .map(|i| self.open[i].0.to_string())
            .unwrap_or_default()
    }

    pub(super) fn push_text(
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
    pub(super) fn check_pairs(
        &mut self,
        content: &[Inline],
        seg_mark: Mark,
        tuv_attrs: &Attributes,
    ) {
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
