//! Sentence segmentation: an SRX 2.0 engine, tmkit's own default rules for
//! English, Russian, Ukrainian, German and French (plus a Unicode fallback for
//! every other language), and exact character and byte offsets.
//!
//! ```
//! use tmkit::lang::LangTag;
//! use tmkit::segment::Segmenter;
//!
//! let segmenter = Segmenter::for_language(&LangTag::parse("ru"));
//! let segments = segmenter.segment("В. В. Путин прибыл в г. Москва. Встреча прошла на ул. Тверской.");
//! let texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
//! assert_eq!(texts, ["В. В. Путин прибыл в г. Москва.", "Встреча прошла на ул. Тверской."]);
//! assert_eq!(segments[1].start, 32);
//! ```
//!
//! Semantics follow SRX: at a candidate position the rules are tried in order
//! and the first whose `beforebreak` matches the text ending there and whose
//! `afterbreak` matches the text starting there decides; where no rule
//! matches there is no break. Blank lines (paragraph ends) always break, and
//! white space at either end of a segment is left out of it.

mod abbreviations;
mod builtin;
mod candidates;
pub mod detect;
mod edge_filter;
mod engine;
pub mod eval;
mod headline;
mod plan;
pub mod regex_translate;
mod side_dfa;
pub mod srx;

use crate::lang::LangTag;
use engine::Engine;
use serde::Serialize;
use srx::SrxDocument;
use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// tmkit's default rules as an SRX template; `{{abbrev:<lang>:<class>}}`
/// placeholders are filled from the abbreviation lists (see [`default_srx`]).
pub const DEFAULT_SRX_TEMPLATE: &str = include_str!("data/tmkit.srx");

/// One sentence (or other segment) of a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// The segment text, without leading or trailing white space.
    pub text: String,
    /// Start offset in characters of the NFC input.
    pub start: usize,
    /// End offset (exclusive) in characters of the NFC input.
    pub end: usize,
    /// Start offset in bytes (UTF-8) of the NFC input.
    pub byte_start: usize,
    /// End offset (exclusive) in bytes of the NFC input.
    pub byte_end: usize,
    /// The segment ends where no rule put a break: text with no sentence end
    /// for about a megabyte is cut at white space so memory stays bounded
    /// (callers should warn). Not part of the JSON output.
    #[serde(skip)]
    pub forced_break: bool,
}

/// A [`Segment`] that borrows its text from the text being segmented:
/// [`Segmenter::segment_reader_borrowed`] hands these out, so streaming
/// costs no allocation per segment. Serialises as [`Segment`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SegmentRef<'a> {
    /// The segment text, without leading or trailing white space.
    pub text: &'a str,
    /// Start offset in characters of the NFC input.
    pub start: usize,
    /// End offset (exclusive) in characters of the NFC input.
    pub end: usize,
    /// Start offset in bytes (UTF-8) of the NFC input.
    pub byte_start: usize,
    /// End offset (exclusive) in bytes of the NFC input.
    pub byte_end: usize,
    /// See [`Segment::forced_break`]. Not part of the JSON output.
    #[serde(skip)]
    pub forced_break: bool,
}

impl SegmentRef<'_> {
    /// The owned [`Segment`].
    pub fn to_segment(&self) -> Segment {
        Segment {
            text: self.text.to_string(),
            start: self.start,
            end: self.end,
            byte_start: self.byte_start,
            byte_end: self.byte_end,
            forced_break: self.forced_break,
        }
    }
}

/// A rule (or language map) that could not be used, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleProblem {
    /// The `languagerulename` of the rule's set (or the map's target).
    pub rule_set: String,
    /// 1-based position of the rule in its set; 0 for a language map.
    pub index: usize,
    /// `beforebreak`, `afterbreak`, `languagepattern` or `languagerulename`.
    pub field: &'static str,
    /// The pattern as written in the file.
    pub pattern: String,
    /// Why it cannot be used.
    pub reason: String,
    /// Line in the SRX file (1-based).
    pub line: usize,
}

impl fmt::Display for RuleProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.index == 0 {
            write!(
                f,
                "line {}: language map to `{}` ({} `{}`) ignored: {}",
                self.line, self.rule_set, self.field, self.pattern, self.reason
            )
        } else {
            write!(
                f,
                "line {}: rule {} of `{}` ignored: {} `{}`: {}",
                self.line, self.index, self.rule_set, self.field, self.pattern, self.reason
            )
        }
    }
}

/// Errors from loading rules or reading input.
#[derive(Debug, thiserror::Error)]
pub enum SegmentError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The SRX file is not well-formed XML or not SRX.
    #[error("{name}:{line}:{column}: invalid SRX: {message}")]
    Syntax {
        /// File name.
        name: String,
        /// Line (1-based).
        line: usize,
        /// Column in characters (1-based).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The input ends in the middle of a UTF-8 character (it was cut short).
    #[error("{name}: {}", crate::text::truncated_message(*byte_offset, bytes))]
    Truncated {
        /// Input name.
        name: String,
        /// Offset of the unfinished character.
        byte_offset: u64,
        /// Its bytes.
        bytes: Vec<u8>,
    },
    /// The input is not UTF-8.
    #[error(
        "{name}: not valid UTF-8 at byte {byte_offset} (byte 0x{byte:02X}); convert the file to UTF-8 first (e.g. iconv -f windows-1251 -t utf-8)"
    )]
    Encoding {
        /// Input name.
        name: String,
        /// Offset of the first invalid byte.
        byte_offset: u64,
        /// The byte.
        byte: u8,
    },
    /// Writing a segment failed (e.g. a closed pipe).
    #[error("writing segments: {0}")]
    Output(std::io::Error),
}

/// Splits text into segments with compiled rules for one language.
#[derive(Clone)]
pub struct Segmenter {
    engine: Arc<Engine>,
    language: LangTag,
    rules_name: String,
    /// Run the headline post-pass (see [`Segmenter::with_headlines`]).
    headlines: bool,
}

impl fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Segmenter")
            .field("language", &self.language.normalized())
            .field("rules", &self.rules_name)
            .field("rule_count", &self.engine.rule_count())
            .field("headlines", &self.headlines)
            .finish()
    }
}

/// The default rules as a complete SRX 2.0 document (abbreviation lists filled in).
pub fn default_srx() -> &'static str {
    static EXPANDED: OnceLock<String> = OnceLock::new();
    EXPANDED.get_or_init(|| abbreviations::expand(DEFAULT_SRX_TEMPLATE))
}

fn default_document() -> &'static SrxDocument {
    static DOC: OnceLock<SrxDocument> = OnceLock::new();
    DOC.get_or_init(|| {
        // The built-in file is tested to parse; an empty document is the safe fallback.
        SrxDocument::parse(default_srx(), "tmkit.srx").unwrap_or(SrxDocument {
            name: "tmkit.srx".into(),
            segment_subflows: true,
            cascade: true,
            format_handles: Vec::new(),
            language_rules: Vec::new(),
            language_maps: Vec::new(),
        })
    })
}

impl Segmenter {
    /// The built-in rules for `lang` (its own rules, cascaded with the rules
    /// every language shares). Compiled once per language and cached.
    pub fn for_language(lang: &LangTag) -> Segmenter {
        static CACHE: OnceLock<Mutex<HashMap<String, Arc<Engine>>>> = OnceLock::new();
        let key = lang.normalized().to_ascii_lowercase();
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        let cached = cache.lock().ok().and_then(|c| c.get(&key).cloned());
        let engine = cached.unwrap_or_else(|| {
            // Analysed ahead of time, or else compiled from the rules now
            // (lazily: the built-in rules are tested to compile).
            let engine = builtin::engine(lang).unwrap_or_else(|| {
                let (rules, _) = default_document().rules_for(lang);
                Engine::compile(&rules, false).0
            });
            let engine = Arc::new(engine);
            if let Ok(mut c) = cache.lock() {
                c.insert(key, engine.clone());
            }
            engine
        });
        Segmenter {
            engine,
            language: lang.clone(),
            rules_name: "tmkit default rules".into(),
            headlines: headline::supports(lang.primary()),
        }
    }

    /// Problems in the built-in rules for `lang` (empty unless tmkit has a bug).
    pub fn default_rule_problems(lang: &LangTag) -> Vec<RuleProblem> {
        let (rules, mut problems) = default_document().rules_for(lang);
        problems.extend(Engine::compile(&rules, true).1);
        problems
    }

    /// Rules from an SRX file. Returns the segmenter and every rule that
    /// could not be compiled (those rules are left out; all others apply).
    pub fn from_srx_file(
        path: &Path,
        lang: &LangTag,
    ) -> Result<(Segmenter, Vec<RuleProblem>), SegmentError> {
        let doc = SrxDocument::read_file(path)?;
        Ok(Segmenter::from_document(&doc, lang))
    }

    /// Rules from SRX text; `name` appears in messages.
    pub fn from_srx_str(
        xml: &str,
        name: &str,
        lang: &LangTag,
    ) -> Result<(Segmenter, Vec<RuleProblem>), SegmentError> {
        let doc = SrxDocument::parse(xml, name)?;
        Ok(Segmenter::from_document(&doc, lang))
    }

    /// Rules from a parsed SRX document.
    pub fn from_document(doc: &SrxDocument, lang: &LangTag) -> (Segmenter, Vec<RuleProblem>) {
        let (rules, mut problems) = doc.rules_for(lang);
        let (engine, rule_problems) = Engine::compile(&rules, true);
        problems.extend(rule_problems);
        (
            Segmenter {
                engine: Arc::new(engine),
                language: lang.clone(),
                rules_name: doc.name.clone(),
                // An SRX file means SRX semantics: nothing beyond its rules.
                headlines: false,
            },
            problems,
        )
    }

    /// Switches the headline post-pass on or off. It is on by default for
    /// the built-in rules of en, de, fr, ru and uk and off for SRX files:
    /// the first segment of each paragraph is split once after a headline
    /// that has no end mark and runs into the next sentence ("Killer Pig
    /// Mauls Chinese Farmer to Death A farmer was attacked …"), judged by the
    /// case of the words on both sides and by how the paragraph writes the
    /// word that would start the sentence. Languages without word lists for
    /// it are unaffected either way.
    ///
    /// ```
    /// use tmkit::lang::LangTag;
    /// use tmkit::segment::Segmenter;
    ///
    /// let text = "Killer Pig Mauls Chinese Farmer to Death A farmer was attacked by a pig.";
    /// let segmenter = Segmenter::for_language(&LangTag::parse("en"));
    /// assert_eq!(segmenter.segment(text).len(), 2);
    /// assert_eq!(segmenter.with_headlines(false).segment(text).len(), 1);
    /// ```
    pub fn with_headlines(mut self, on: bool) -> Segmenter {
        self.headlines = on;
        self
    }

    /// Whether the headline post-pass runs (see [`Segmenter::with_headlines`]).
    pub fn headlines(&self) -> bool {
        self.headlines
    }

    /// The language the rules were chosen for.
    pub fn language(&self) -> &LangTag {
        &self.language
    }

    /// Number of rules in use.
    pub fn rule_count(&self) -> usize {
        self.engine.rule_count()
    }

    /// Splits `text` (normalised to NFC first; offsets refer to the NFC form).
    pub fn segment(&self, text: &str) -> Vec<Segment> {
        let text = crate::text::nfc_cow(text);
        let mut segments = Vec::new();
        let mut cursor = Cursor::default();
        for (para_start, para_end) in paragraphs(&text) {
            self.segment_paragraph(&text, para_start, para_end, true, &mut cursor, &mut |s| {
                segments.push(s.to_segment());
                Ok(())
            })
            .ok();
        }
        segments
    }

    /// Segments a paragraph `text[from..to]`, calling `emit` for each segment.
    /// `starts_paragraph` is false for the rest of a paragraph that was
    /// processed in windows (its headline, if any, was in the first window).
    fn segment_paragraph(
        &self,
        text: &str,
        from: usize,
        to: usize,
        starts_paragraph: bool,
        cursor: &mut Cursor,
        emit: &mut dyn FnMut(SegmentRef<'_>) -> Result<(), SegmentError>,
    ) -> Result<(), SegmentError> {
        let paragraph = &text[from..to];
        let mut breaks = self.engine.breaks(paragraph);
        if starts_paragraph {
            self.add_headline_break(paragraph, &mut breaks);
        }
        self.emit_pieces(text, from, to, breaks, false, cursor, emit)
    }

    /// The headline post-pass: may add breaks inside the first segment.
    fn add_headline_break(&self, paragraph: &str, breaks: &mut Vec<usize>) {
        if !self.headlines {
            return;
        }
        let first_end = breaks.first().copied().unwrap_or(paragraph.len());
        let found = headline::headline_breaks(paragraph, first_end, self.language.primary());
        breaks.splice(0..0, found.into_iter().filter(|at| *at > 0));
    }

    /// Emits the trimmed pieces of `text[from..to]` between `breaks` (relative to `from`).
    /// `forced_end`: `to` is a forced break (see [`Segment::forced_break`]).
    #[allow(clippy::too_many_arguments)]
    fn emit_pieces(
        &self,
        text: &str,
        from: usize,
        to: usize,
        mut breaks: Vec<usize>,
        forced_end: bool,
        cursor: &mut Cursor,
        emit: &mut dyn FnMut(SegmentRef<'_>) -> Result<(), SegmentError>,
    ) -> Result<(), SegmentError> {
        let paragraph = &text[from..to];
        let mut piece_start = 0;
        breaks.push(paragraph.len());
        let last = breaks.len() - 1;
        for (i, b) in breaks.into_iter().enumerate() {
            let piece = &paragraph[piece_start..b];
            let trimmed = piece.trim_start();
            let lead = piece.len() - trimmed.len();
            let trimmed = trimmed.trim_end();
            if !trimmed.is_empty() {
                let byte_start = from + piece_start + lead;
                let byte_end = byte_start + trimmed.len();
                let start = cursor.chars_at(text, byte_start);
                let end = cursor.chars_at(text, byte_end);
                emit(SegmentRef {
                    text: trimmed,
                    start: start + cursor.char_base,
                    end: end + cursor.char_base,
                    byte_start: byte_start + cursor.byte_base,
                    byte_end: byte_end + cursor.byte_base,
                    forced_break: forced_end && i == last,
                })?;
            }
            piece_start = b;
        }
        Ok(())
    }

    /// Segments a stream with bounded memory, calling `emit` for each segment
    /// as soon as it is final. Paragraphs are processed one at a time; a
    /// paragraph longer than about a megabyte is processed in windows, keeping
    /// enough text after each window that the rules see their full context.
    /// Returns the number of segments. `name` appears in errors.
    pub fn segment_reader<R: Read>(
        &self,
        reader: R,
        name: &str,
        mut emit: impl FnMut(Segment) -> Result<(), std::io::Error>,
    ) -> Result<usize, SegmentError> {
        self.segment_reader_borrowed(reader, name, |s| emit(s.to_segment()))
    }

    /// [`Segmenter::segment_reader`] without copying each segment's text:
    /// `emit` gets a [`SegmentRef`] into the text being read.
    pub fn segment_reader_borrowed<R: Read>(
        &self,
        mut reader: R,
        name: &str,
        mut emit: impl FnMut(SegmentRef<'_>) -> Result<(), std::io::Error>,
    ) -> Result<usize, SegmentError> {
        let mut count = 0usize;
        let mut emit_counted = |s: SegmentRef<'_>| -> Result<(), SegmentError> {
            count += 1;
            emit(s).map_err(SegmentError::Output)
        };
        let mut raw: Vec<u8> = Vec::new();
        let mut raw_offset: u64 = 0;
        let mut work = String::new();
        let mut cursor = Cursor::default();
        let mut block = vec![0u8; READ_BLOCK];
        let mut first = true;
        loop {
            let n = loop {
                match reader.read(&mut block) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(source) => {
                        return Err(SegmentError::Io {
                            path: name.to_string(),
                            source,
                        });
                    }
                }
            };
            let eof = n == 0;
            raw.extend_from_slice(&block[..n]);
            if first && raw.len() >= 3 && raw.starts_with(b"\xEF\xBB\xBF") {
                raw.drain(..3);
                raw_offset += 3;
            }
            first = false;
            // A character cut by the end of the read waits for the next one,
            // so the text is validated once, as a `&str` that is used below.
            let complete = if eof {
                raw.len()
            } else {
                complete_prefix(&raw)
            };
            // SIMD validation: the standard library's checks non-ASCII text
            // a character at a time, a tenth of all CPU time on Russian.
            let checked = simdutf8::basic::from_utf8(&raw[..complete]).ok();
            let valid = match checked.map_or_else(|| std::str::from_utf8(&raw).err(), |_| None) {
                None => complete,
                Some(e) => {
                    if e.error_len().is_none() && eof {
                        let at = e.valid_up_to();
                        return Err(SegmentError::Truncated {
                            name: name.to_string(),
                            byte_offset: raw_offset + at as u64,
                            bytes: raw[at..].to_vec(),
                        });
                    }
                    if e.error_len().is_some() {
                        let at = e.valid_up_to();
                        return Err(SegmentError::Encoding {
                            name: name.to_string(),
                            byte_offset: raw_offset + at as u64,
                            byte: raw.get(at).copied().unwrap_or(0),
                        });
                    }
                    e.valid_up_to()
                }
            };
            // Cut before ASCII white space so NFC never sees half a sequence.
            let cut = if eof {
                valid
            } else {
                match raw[..valid].iter().rposition(|b| b.is_ascii_whitespace()) {
                    Some(i) if i > 0 => i,
                    _ if valid > 4 * READ_BLOCK => floor_boundary_bytes(&raw[..valid], valid),
                    _ => 0,
                }
            };
            if cut > 0 {
                let decoded = match checked {
                    Some(text) => &text[..cut],
                    None => std::str::from_utf8(&raw[..cut]).unwrap_or_default(),
                };
                crate::text::push_nfc(&mut work, decoded);
                raw.drain(..cut);
                raw_offset += cut as u64;
            }
            self.drain_work(&mut work, &mut cursor, eof, &mut emit_counted)?;
            if eof {
                break;
            }
        }
        Ok(count)
    }

    /// Emits every segment of `work` that can no longer change, and removes
    /// the text it came from.
    fn drain_work(
        &self,
        work: &mut String,
        cursor: &mut Cursor,
        eof: bool,
        emit: &mut dyn FnMut(SegmentRef<'_>) -> Result<(), SegmentError>,
    ) -> Result<(), SegmentError> {
        // Paragraphs are consumed by moving `start`; the buffer is shifted once
        // at the end, not after every paragraph (that made reading quadratic in
        // the number of paragraphs per block).
        let mut start = 0;
        let result = loop {
            let rest = &work[start..];
            let separator = paragraph_separator(rest);
            let consumed = match separator {
                Some((s, e)) => {
                    let starts = !cursor.mid_paragraph;
                    if let Err(e) = self.segment_paragraph(rest, 0, s, starts, cursor, emit) {
                        break Err(e);
                    }
                    cursor.mid_paragraph = false;
                    e
                }
                None if eof => {
                    let starts = !cursor.mid_paragraph;
                    let len = rest.len();
                    if let Err(e) = self.segment_paragraph(rest, 0, len, starts, cursor, emit) {
                        break Err(e);
                    }
                    len
                }
                None if rest.len() > WINDOW_LIMIT => {
                    let safe = rest.len() - WINDOW_MARGIN_BYTES;
                    let mut breaks = self.engine.breaks(rest);
                    if !cursor.mid_paragraph {
                        self.add_headline_break(rest, &mut breaks);
                    }
                    let found = breaks.iter().rev().find(|b| **b <= safe).copied();
                    let forced = found.is_none();
                    let cut = match found {
                        Some(b) => b,
                        // No break for a megabyte: cut at white space so memory stays bounded.
                        None => rest[..safe]
                            .rfind(char::is_whitespace)
                            .filter(|i| *i > 0)
                            .unwrap_or_else(|| floor_boundary_str(rest, safe)),
                    };
                    // Breaks before the cut cannot change: the rules saw at least
                    // WINDOW_MARGIN_BYTES of text after each of them.
                    breaks.retain(|b| *b < cut);
                    if let Err(e) = self.emit_pieces(rest, 0, cut, breaks, forced, cursor, emit) {
                        break Err(e);
                    }
                    cursor.mid_paragraph = true;
                    cut
                }
                None => break Ok(()),
            };
            cursor.advance(rest, consumed);
            start += consumed;
            if (consumed == 0 && !eof) || start == work.len() {
                break Ok(());
            }
        };
        work.drain(..start);
        result
    }
}

/// Every problem in `doc`, for all languages: rules that cannot be compiled,
/// language patterns that cannot be compiled, maps naming a missing rule set.
pub fn check_rules(doc: &SrxDocument) -> Vec<RuleProblem> {
    let mut problems = Vec::new();
    for map in &doc.language_maps {
        let problem = |field: &'static str, reason: String| RuleProblem {
            rule_set: map.rule_name.clone(),
            index: 0,
            field,
            pattern: map.pattern.clone(),
            reason,
            line: map.line,
        };
        if let Err(reason) = map.matcher() {
            problems.push(problem("languagepattern", reason));
        }
        if !doc.language_rules.iter().any(|s| s.name == map.rule_name) {
            problems.push(problem(
                "languagerulename",
                "the map names a languagerule that the file does not define".into(),
            ));
        }
    }
    problems.extend(Engine::compile(&doc.all_rules(), true).1);
    problems
}

/// Bytes read from a stream at a time.
const READ_BLOCK: usize = 256 << 10;
/// A paragraph longer than this is processed in windows.
const WINDOW_LIMIT: usize = 1 << 20;
/// Text kept after a window so that rules near its end see their context.
const WINDOW_MARGIN_BYTES: usize = 64 << 10;

/// The length of `bytes` without the start of a multi-byte character that
/// they end with (the rest of it is still to be read): exactly what
/// `from_utf8` calls an incomplete end (`error_len() == None`). Anything
/// else, bytes that are no UTF-8 included, is left for the validation.
fn complete_prefix(bytes: &[u8]) -> usize {
    let len = bytes.len();
    for back in 1..=len.min(3) {
        let lead = bytes[len - back];
        if lead & 0xC0 == 0x80 {
            continue;
        }
        let needed = match lead {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return len,
        };
        // The second byte's range depends on the lead (no overlong forms,
        // no surrogates, nothing above U+10FFFF).
        let second_ok = back < 2
            || match (lead, bytes[len - back + 1]) {
                (0xE0, b) => (0xA0..=0xBF).contains(&b),
                (0xED, b) => (0x80..=0x9F).contains(&b),
                (0xF0, b) => (0x90..=0xBF).contains(&b),
                (0xF4, b) => (0x80..=0x8F).contains(&b),
                _ => true,
            };
        return if back < needed && second_ok {
            len - back
        } else {
            len
        };
    }
    len
}

fn floor_boundary_bytes(bytes: &[u8], mut index: usize) -> usize {
    while index > 0 && index < bytes.len() && (bytes[index] & 0xC0) == 0x80 {
        index -= 1;
    }
    index
}

fn floor_boundary_str(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Converts byte offsets to character offsets walking forward only.
#[derive(Default)]
struct Cursor {
    byte: usize,
    chars: usize,
    byte_base: usize,
    char_base: usize,
    /// The buffer starts inside a paragraph (after a window was emitted).
    mid_paragraph: bool,
}

impl Cursor {
    /// Characters of `text[..byte]`; calls must not go backwards.
    fn chars_at(&mut self, text: &str, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }

    /// `text[..consumed]` is dropped from the buffer: move the bases.
    fn advance(&mut self, text: &str, consumed: usize) {
        let chars = self.chars_at(text, consumed);
        self.byte_base += consumed;
        self.char_base += chars;
        self.byte = 0;
        self.chars = 0;
    }
}

/// The byte range of the first paragraph separator in `text`: a blank line
/// (a line break, white space without one, a line break) or a Unicode
/// paragraph separator, with the white space after it. What the regex
/// `\n[^\S\n]*\n\s*|\x{2029}\s*` finds, without compiling it (a Unicode
/// `\s` was 3 % of the start-up of `tmkit segment` on a line).
fn paragraph_separator(text: &str) -> Option<(usize, usize)> {
    const SEPARATOR: &[u8] = "\u{2029}".as_bytes();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr2(b'\n', SEPARATOR[0], &bytes[from..]).map(|i| from + i) {
        let end = if bytes[i] == b'\n' {
            let rest = &text[i + 1..];
            rest.find(|c: char| c == '\n' || !c.is_whitespace())
                .filter(|&k| rest.as_bytes()[k] == b'\n')
                .map(|k| i + 1 + k + 1)
        } else {
            bytes[i..]
                .starts_with(SEPARATOR)
                .then_some(i + SEPARATOR.len())
        };
        if let Some(end) = end {
            let rest = &text[end..];
            let white = rest
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len());
            return Some((i, end + white));
        }
        from = i + 1;
    }
    None
}

/// Byte ranges of the paragraphs of `text` (separated by blank lines).
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while let Some((s, e)) = paragraph_separator(&text[start..]) {
        out.push((start, start + s));
        start += e;
    }
    out.push((start, text.len()));
    out
}

#[cfg(test)]
mod tests;
