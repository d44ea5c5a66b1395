//! The prolog, the `<header>` and its children, and the end of the document.

use super::{Elem, TmxReader, element_name, make_prop};
use crate::unit::{Attributes, Note, Prop, ReadError, Ude, attr};
use quick_xml::events::Event;
use std::borrow::Cow;

impl TmxReader {
    // ----- prolog and header -----------------------------------------------------------

    pub(super) fn read_prolog_and_header(&mut self, buf: &mut Vec<u8>) -> Result<(), ReadError> {
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

    pub(super) fn read_header_children(&mut self, buf: &mut Vec<u8>) -> Result<(), ReadError> {
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

    pub(super) fn read_ude(
        &mut self,
        buf: &mut Vec<u8>,
        attrs: Attributes,
    ) -> Result<Ude, ReadError> {
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
    pub(super) fn skip_element(&mut self, buf: &mut Vec<u8>) -> Result<(), ReadError> {
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
    pub(super) fn read_text_content(
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

    pub(super) fn read_prop(
        &mut self,
        buf: &mut Vec<u8>,
        attrs: Attributes,
    ) -> Result<Prop, ReadError> {
        let mut value = String::new();
        self.read_text_content(buf, &mut value, "prop")?;
        Ok(make_prop(attrs, value))
    }

    pub(super) fn read_note(
        &mut self,
        buf: &mut Vec<u8>,
        attrs: Attributes,
    ) -> Result<Note, ReadError> {
        let mut text = String::new();
        self.read_text_content(buf, &mut text, "note")?;
        Ok(Note { attrs, text })
    }

    /// After the body (or instead of it): the closing `</tmx>` and nothing but
    /// comments and whitespace after it.
    pub(super) fn finish_document(
        &mut self,
        buf: &mut Vec<u8>,
        in_tmx: bool,
    ) -> Result<(), ReadError> {
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
}
