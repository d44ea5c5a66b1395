//! Byte input for the XML readers (TMX, XLIFF): encoding detection, streaming transcoding
//! to UTF-8 and line/column tracking.
//!
//! The XML parser only ever sees UTF-8. Whatever the file is written in
//! (UTF-8 with or without BOM, UTF-16LE/BE with or without BOM, a declared
//! legacy encoding such as windows-1252) is decoded here in bounded chunks
//! with an `encoding_rs` decoder, so a file of any size needs a fixed amount
//! of memory. UTF-8 is passed through without a copy; the reader validates the
//! text it takes (it must turn the bytes into `str` anyway), which is how a file
//! that claims UTF-8 but is really windows-1252 is caught with a position
//! instead of turning into mojibake.
//!
//! The same layer counts lines and columns of the text it hands out, because
//! it sees every consumed byte exactly once; the parser asks it where an event
//! started instead of keeping the text around.

use encoding_rs::{DecoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};
use std::io::{self, BufRead, Read};

/// Raw bytes read per `read` call and decoded bytes buffered for the parser.
const CHUNK: usize = 64 * 1024;
/// How much of the file start is examined for a byte order mark and the XML declaration.
const SNIFF: usize = 4096;

/// The outcome of looking at the first bytes of a file.
#[derive(Debug)]
pub(crate) struct Detected {
    /// The encoding the file is decoded with.
    pub encoding: &'static Encoding,
    /// Problems with the declaration that did not stop reading (contradictions resolved in
    /// favour of the bytes).
    pub warnings: Vec<String>,
}

/// Why the input could not be read: the message and where (line and column of
/// the decoded text, 1-based; plus the byte offset in the file when known).
#[derive(Debug, Clone)]
pub(crate) struct InputFailure {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

/// A streaming decoder from any byte source to UTF-8, with position tracking.
pub(crate) struct Input {
    source: Box<dyn Read + Send>,
    raw: Vec<u8>,
    raw_pos: usize,
    raw_len: usize,
    source_eof: bool,
    raw_fed: u64,
    decoder: encoding_rs::Decoder,
    decoder_done: bool,
    /// UTF-8 input: `out` is filled straight from the source, no decoder.
    passthrough: bool,
    bom_len: u64,
    encoding: &'static Encoding,
    out: Vec<u8>,
    out_pos: usize,
    out_len: usize,
    consumed: u64,
    line: u64,
    column: u64,
    failure: Option<InputFailure>,
    pending_failure: Option<String>,
}

impl Input {
    /// Reads the start of `source`, detects its encoding and prepares decoding.
    /// Fails (with a message for line 1, column 1) on an empty file, a file that
    /// does not start like XML, UTF-32 and unknown declared encodings.
    pub fn new(mut source: Box<dyn Read + Send>, kind: &str) -> Result<(Input, Detected), String> {
        let mut raw = vec![0u8; CHUNK.max(SNIFF)];
        let mut len = 0;
        let mut eof = false;
        while len < SNIFF {
            match source.read(&mut raw[len..]) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => len += n,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(format!("cannot read the file: {err}")),
            }
        }
        if len == 0 {
            return Err(format!("the file is empty (0 bytes), not a {kind} file"));
        }
        if let Some(binary) = binary_kind(&raw[..len]) {
            return Err(format!("this is {binary}, not a {kind} file"));
        }
        let (detected, bom_len) = detect(&raw[..len], kind)?;
        let passthrough = detected.encoding == UTF_8;
        let mut input = Input {
            source,
            raw,
            raw_pos: bom_len,
            raw_len: len,
            source_eof: eof,
            raw_fed: bom_len as u64,
            decoder: detected.encoding.new_decoder_without_bom_handling(),
            decoder_done: false,
            passthrough,
            bom_len: bom_len as u64,
            encoding: detected.encoding,
            out: Vec::new(),
            out_pos: 0,
            out_len: 0,
            consumed: 0,
            line: 1,
            column: 0,
            failure: None,
            pending_failure: None,
        };
        if passthrough {
            // The sniffed bytes are the first chunk of output.
            input.out = std::mem::take(&mut input.raw);
            input.out_pos = bom_len;
            input.out_len = len;
            input.raw_fed = len as u64;
        } else {
            input.out = vec![0u8; CHUNK];
        }
        Ok((input, detected))
    }

    /// Raw bytes of the file handed to the decoder so far (a progress measure that
    /// runs ahead of the parser by at most one buffer).
    pub fn bytes_read(&self) -> u64 {
        self.raw_fed
    }

    /// Bytes before the decoded text starts (the byte order mark), so that for UTF-8
    /// input `consumed() + text_start()` is the byte offset in the file.
    pub fn text_start(&self) -> u64 {
        self.bom_len
    }

    /// Decoded bytes the parser has consumed so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// Line (1-based) and column (1-based, characters) of the next unconsumed byte.
    pub fn line_column(&self) -> (u64, u64) {
        (self.line, self.column + 1)
    }

    /// The decoding failure that stopped the input, if any.
    pub fn failure(&self) -> Option<&InputFailure> {
        self.failure.as_ref()
    }

    /// The encoding the file is decoded with.
    pub fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    fn read_more(&mut self) -> io::Result<()> {
        self.out_pos = 0;
        self.out_len = 0;
        if self.source_eof {
            self.decoder_done = true;
            return Ok(());
        }
        loop {
            match self.source.read(&mut self.out) {
                Ok(0) => {
                    self.source_eof = true;
                    self.decoder_done = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.out_len = n;
                    self.raw_fed += n as u64;
                    return Ok(());
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
    }

    fn decode_more(&mut self) -> io::Result<()> {
        if self.passthrough {
            return self.read_more();
        }
        if let Some(message) = self.pending_failure.take() {
            let (line, column) = self.line_column();
            self.failure = Some(InputFailure {
                line,
                column,
                message,
            });
        }
        if let Some(failure) = &self.failure {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                failure.message.clone(),
            ));
        }
        self.out_pos = 0;
        self.out_len = 0;
        loop {
            if self.raw_pos == self.raw_len && !self.source_eof {
                self.raw_pos = 0;
                self.raw_len = 0;
                loop {
                    match self.source.read(&mut self.raw) {
                        Ok(0) => {
                            self.source_eof = true;
                            break;
                        }
                        Ok(n) => {
                            self.raw_len = n;
                            break;
                        }
                        Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                        Err(err) => return Err(err),
                    }
                }
            }
            let last = self.source_eof && self.raw_pos == self.raw_len;
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.raw[self.raw_pos..self.raw_len],
                &mut self.out[self.out_len..],
                last,
            );
            self.raw_pos += read;
            self.raw_fed += read as u64;
            self.out_len += written;
            match result {
                DecoderResult::InputEmpty => {
                    if last {
                        self.decoder_done = true;
                        return Ok(());
                    }
                    if self.out_len > 0 {
                        return Ok(());
                    }
                }
                DecoderResult::OutputFull => return Ok(()),
                DecoderResult::Malformed(bad, extra) => {
                    let offset = self
                        .raw_fed
                        .saturating_sub(u64::from(bad) + u64::from(extra));
                    let start = self.raw_pos.saturating_sub(bad as usize + extra as usize);
                    let bad_bytes = &self.raw[start..(start + bad as usize).min(self.raw_len)];
                    // Bad bytes that run to the end of the input are a character
                    // the file does not finish: it was cut short.
                    let truncated = last && start + bad as usize >= self.raw_len;
                    let message = malformed_message(self.encoding, offset, bad_bytes, truncated);
                    // Let the parser consume the good text first, so the failure is
                    // reported exactly where the bad bytes are.
                    if self.out_len > 0 {
                        self.pending_failure = Some(message);
                        return Ok(());
                    }
                    let (line, column) = self.line_column();
                    self.failure = Some(InputFailure {
                        line,
                        column,
                        message: message.clone(),
                    });
                    return Err(io::Error::new(io::ErrorKind::InvalidData, message));
                }
            }
        }
    }
}

/// A whole XML document's bytes as UTF-8 text, detected and decoded exactly
/// as the streaming readers do (byte-order mark, UTF-16 without one, the XML
/// declaration's encoding, binary files refused), for the readers that parse
/// a string: TBX glossaries, which are small. `kind` names the format in
/// messages (`TBX`).
pub(crate) fn decode_document(
    bytes: &[u8],
    kind: &str,
) -> Result<(String, Detected), InputFailure> {
    let at_start = |message| InputFailure {
        line: 1,
        column: 1,
        message,
    };
    let (mut input, detected) =
        Input::new(Box::new(io::Cursor::new(bytes.to_vec())), kind).map_err(at_start)?;
    let mut out = Vec::with_capacity(bytes.len());
    if let Err(err) = input.read_to_end(&mut out) {
        return Err(match input.failure() {
            Some(failure) => failure.clone(),
            None => at_start(format!("cannot read the file: {err}")),
        });
    }
    // UTF-8 is passed through unvalidated (the streaming readers validate the
    // text they take); validate it here, where it becomes one string.
    match String::from_utf8(out) {
        Ok(text) => Ok((text, detected)),
        Err(err) => {
            let bytes = err.as_bytes();
            let good = err.utf8_error().valid_up_to();
            let bad = err.utf8_error().error_len().unwrap_or(bytes.len() - good);
            let valid = &bytes[..good];
            let line = memchr::memchr_iter(b'\n', valid).count() as u64 + 1;
            let line_start = memchr::memrchr(b'\n', valid).map_or(0, |at| at + 1);
            Err(InputFailure {
                line,
                column: count_chars(&valid[line_start..]) + 1,
                message: malformed_message(
                    detected.encoding,
                    good as u64 + input.bom_len,
                    &bytes[good..good + bad],
                    err.utf8_error().error_len().is_none(),
                ),
            })
        }
    }
}

/// Says which bytes at which file offset are not valid in `encoding`, and what to do.
/// `truncated`: the bytes run to the end of the file (a character cut short).
/// Opens the file a reader of `kind` (`TMX`, `XLIFF`) reads, with the
/// messages every reader gives: a missing path, a directory instead of a
/// file (`extension` names what to give instead), or the system's error.
pub(crate) fn open_file(
    path: &std::path::Path,
    kind: &str,
    extension: &str,
) -> Result<std::fs::File, String> {
    let metadata = std::fs::metadata(path).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => format!("no such file; check the path of the {kind} file"),
        _ => format!("cannot open the file: {err}"),
    })?;
    if metadata.is_dir() {
        return Err(format!(
            "this is a directory, not a {kind} file; give the path of a {extension} file"
        ));
    }
    std::fs::File::open(path).map_err(|err| format!("cannot open the file: {err}"))
}

pub(crate) fn malformed_message(
    encoding: &'static Encoding,
    offset: u64,
    bytes: &[u8],
    truncated: bool,
) -> String {
    if truncated && encoding == UTF_8 {
        return crate::text::truncated_message(offset, bytes);
    }
    let bytes: Vec<String> = bytes.iter().map(|b| format!("0x{b:02X}")).collect();
    let shown = if bytes.is_empty() {
        "an incomplete character at the end of the file".to_string()
    } else {
        format!("byte(s) {}", bytes.join(" "))
    };
    if encoding == UTF_8 {
        format!(
            "the file is read as UTF-8 (as its declaration or the lack of one says) but \
             {shown} at byte offset {offset} are not valid UTF-8; the file is probably in \
             another encoding: re-save it as UTF-8 or declare the real one, e.g. \
             <?xml version=\"1.0\" encoding=\"windows-1252\"?>"
        )
    } else {
        format!(
            "{shown} at byte offset {offset} are not valid {}; the file's encoding \
             declaration does not match its bytes",
            encoding.name()
        )
    }
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Input {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.out_pos == self.out_len && !(self.decoder_done && self.pending_failure.is_none())
        {
            self.decode_more()?;
        }
        Ok(&self.out[self.out_pos..self.out_len])
    }

    fn consume(&mut self, amount: usize) {
        let end = (self.out_pos + amount).min(self.out_len);
        // One pass, no calls: the parser consumes a few dozen bytes at a time.
        let (mut line, mut column) = (self.line, self.column);
        for &byte in &self.out[self.out_pos..end] {
            if byte == b'\n' {
                line += 1;
                column = 0;
            } else {
                column += u64::from((byte as i8) >= -0x40);
            }
        }
        (self.line, self.column) = (line, column);
        self.consumed += (end - self.out_pos) as u64;
        self.out_pos = end;
    }
}

/// Characters in a UTF-8 byte slice (bytes that do not continue a sequence).
pub(crate) fn count_chars(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count() as u64
}

/// Names common binary formats that end up where a TMX file was expected, so the
/// message can say what the file is instead of only what it is not.
fn binary_kind(start: &[u8]) -> Option<&'static str> {
    Some(match start {
        [0x1F, 0x8B, ..] => "a gzip-compressed file (decompress it first, e.g. `gunzip`)",
        [b'P', b'K', 3, 4, ..] => "a ZIP archive (extract the file from it first)",
        _ if start.starts_with(b"SQLite format 3\0") => {
            "an SQLite database (a tmkit memory or a Trados .sdltm?)"
        }
        _ if start.starts_with(b"%PDF") => "a PDF document",
        _ => return None,
    })
}

/// Looks at the file start: byte order mark, the UTF-16/UTF-32 byte patterns of
/// XML spec appendix F, the `encoding` of the XML declaration. Returns the encoding
/// to decode with and the length of the byte order mark to skip.
fn detect(start: &[u8], kind: &str) -> Result<(Detected, usize), String> {
    let mut warnings = Vec::new();
    let (family, bom_len, how): (&'static Encoding, usize, &str) = match start {
        [0x00, 0x00, 0xFE, 0xFF, ..]
        | [0xFF, 0xFE, 0x00, 0x00, ..]
        | [0x00, 0x00, 0x00, 0x3C, ..]
        | [0x3C, 0x00, 0x00, 0x00, ..] => {
            return Err(
                "the file is in UTF-32, which tmkit does not read; re-save it as UTF-8 or UTF-16"
                    .to_string(),
            );
        }
        [0xEF, 0xBB, 0xBF, ..] => (UTF_8, 3, "a UTF-8 byte order mark"),
        [0xFF, 0xFE, ..] => (UTF_16LE, 2, "a UTF-16LE byte order mark"),
        [0xFE, 0xFF, ..] => (UTF_16BE, 2, "a UTF-16BE byte order mark"),
        _ => match utf16_without_bom(start) {
            Some(encoding) => (encoding, 0, "its byte pattern (no byte order mark)"),
            None => (UTF_8, 0, ""),
        },
    };
    // Decode the sniffed prefix with the family encoding to look at the XML declaration.
    let (prefix, _) = family.decode_without_bom_handling(&start[bom_len..]);
    let text = prefix.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if !text.starts_with('<') {
        let snippet: String = text
            .chars()
            .take(24)
            .map(|c| if c.is_control() { '·' } else { c })
            .collect();
        return Err(format!(
            "not an XML file: it starts with `{snippet}` where `<` was expected (is this \
             really a {kind} file?)"
        ));
    }
    let declared = declared_encoding(text);
    let encoding = match declared {
        None => family,
        Some(label) => match Encoding::for_label_no_replacement(label.trim().as_bytes()) {
            None => {
                if bom_len > 0 || family != UTF_8 {
                    warnings.push(format!(
                        "the XML declaration names encoding \"{label}\", which tmkit does not \
                         know; the file is read as {} because of {how}",
                        family.name()
                    ));
                    family
                } else {
                    return Err(format!(
                        "the XML declaration names encoding \"{label}\", which tmkit does not \
                         know; re-save the file as UTF-8 or UTF-16"
                    ));
                }
            }
            Some(named) => {
                let named_is_utf16 = named == UTF_16LE || named == UTF_16BE;
                if family == UTF_8 && bom_len == 0 {
                    if named_is_utf16 {
                        warnings.push(format!(
                            "the XML declaration says encoding \"{label}\" but the bytes are \
                             8-bit (no UTF-16 byte order mark or pattern); the file is read \
                             as UTF-8"
                        ));
                        UTF_8
                    } else {
                        if named != UTF_8 && looks_like_utf8(&start[bom_len..]) {
                            warnings.push(format!(
                                "the XML declaration says encoding \"{label}\" but the start of \
                                 the file is valid UTF-8 with non-ASCII characters; it is read \
                                 as {} as declared — if accented letters come out garbled \
                                 (Ã© for é), the declaration is wrong: change it to UTF-8",
                                named.name()
                            ));
                        }
                        named
                    }
                } else if named_is_utf16 && family != UTF_8 {
                    // "UTF-16" names both byte orders; the bytes say which one.
                    family
                } else if named == family {
                    family
                } else {
                    warnings.push(format!(
                        "the XML declaration says encoding \"{label}\" but the file is {} \
                         by {how}; the file is read as {}",
                        family.name(),
                        family.name()
                    ));
                    family
                }
            }
        },
    };
    Ok((Detected { encoding, warnings }, bom_len))
}

/// True when `bytes` holds multi-byte UTF-8 sequences and nothing that is not
/// UTF-8 (a sequence cut at the end of the sample is allowed).
fn looks_like_utf8(bytes: &[u8]) -> bool {
    let valid = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) if err.error_len().is_none() => {
            std::str::from_utf8(&bytes[..err.valid_up_to()]).unwrap_or("")
        }
        Err(_) => return false,
    };
    !valid.is_ascii()
}

/// UTF-16 without a byte order mark: `<?` as `00 3C 00 3F` / `3C 00 3F 00`, or,
/// for files starting with whitespace or another tag, mostly-zero high bytes.
fn utf16_without_bom(start: &[u8]) -> Option<&'static Encoding> {
    match start {
        [0x00, 0x3C, 0x00, 0x3F, ..] => return Some(UTF_16BE),
        [0x3C, 0x00, 0x3F, 0x00, ..] => return Some(UTF_16LE),
        _ => {}
    }
    let sample = &start[..start.len().min(256) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if even_zero * 10 >= pairs * 9 && odd_zero == 0 {
        Some(UTF_16BE)
    } else if odd_zero * 10 >= pairs * 9 && even_zero == 0 {
        Some(UTF_16LE)
    } else {
        None
    }
}

/// The `encoding` pseudo-attribute of a leading `<?xml …?>` declaration.
fn declared_encoding(text: &str) -> Option<&str> {
    let decl = text.strip_prefix("<?xml")?;
    if !decl.starts_with(|c: char| c.is_whitespace()) {
        return None;
    }
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    Some(&rest[..rest.find(quote)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: Vec<u8>) -> Result<(String, Detected), String> {
        let (mut input, detected) = Input::new(Box::new(io::Cursor::new(bytes)), "TMX")?;
        let mut text = String::new();
        input
            .read_to_string(&mut text)
            .map_err(|err| err.to_string())?;
        Ok((text, detected))
    }

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if big_endian {
                [0xFE, 0xFF]
            } else {
                [0xFF, 0xFE]
            });
        }
        for unit in text.encode_utf16() {
            let bytes = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            out.extend(bytes);
        }
        out
    }

    const DOC: &str = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<tmx>Ωmega 𝄞</tmx>";

    #[test]
    fn utf16_with_and_without_bom_both_orders() {
        for big in [false, true] {
            for bom in [false, true] {
                let (text, detected) = decode_all(utf16(DOC, big, bom)).unwrap();
                assert_eq!(text, DOC, "big={big} bom={bom}");
                assert!(detected.warnings.is_empty());
            }
        }
    }

    #[test]
    fn utf8_bom_is_skipped() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend(b"<tmx/>");
        let (text, detected) = decode_all(bytes).unwrap();
        assert_eq!(text, "<tmx/>");
        assert_eq!(detected.encoding, UTF_8);
    }

    #[test]
    fn declared_legacy_encoding_is_transcoded() {
        let mut bytes = b"<?xml version='1.0' encoding='windows-1252'?><seg>caf".to_vec();
        bytes.extend([0xE9, 0x80]);
        let (text, _) = decode_all(bytes).unwrap();
        assert!(text.ends_with("café€"), "{text}");
    }

    #[test]
    fn malformed_utf16_is_reported_with_line_and_offset() {
        let mut bytes = utf16("<a>\n<b>x", false, true);
        bytes.extend([0x00, 0xD8, b'y', 0x00]);
        let (mut input, _) = Input::new(Box::new(io::Cursor::new(bytes)), "TMX").unwrap();
        let mut text = String::new();
        let err = input.read_to_string(&mut text).unwrap_err();
        assert!(err.to_string().contains("not valid UTF-16LE"), "{err}");
        let failure = input.failure().unwrap();
        assert_eq!((failure.line, failure.column), (2, 5));
        assert!(
            failure.message.contains("byte offset 18"),
            "{}",
            failure.message
        );
    }

    #[test]
    fn contradicting_declarations_warn_and_follow_the_bytes() {
        let (_, detected) =
            decode_all(b"<?xml version=\"1.0\" encoding=\"UTF-16\"?><tmx/>".to_vec()).unwrap();
        assert_eq!(detected.encoding, UTF_8);
        assert_eq!(detected.warnings.len(), 1);
        let (_, detected) = decode_all(utf16(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><tmx/>",
            false,
            true,
        ))
        .unwrap();
        assert_eq!(detected.encoding, UTF_16LE);
        assert!(detected.warnings[0].contains("UTF-16LE"));
    }

    #[test]
    fn utf8_bytes_under_a_latin1_declaration_are_read_as_declared_with_a_warning() {
        let bytes = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><seg>café</seg>"
            .as_bytes()
            .to_vec();
        let (text, detected) = decode_all(bytes).unwrap();
        assert!(text.ends_with("cafÃ©</seg>"), "{text}");
        assert!(
            detected.warnings[0].contains("garbled"),
            "{:?}",
            detected.warnings
        );
        let (_, detected) =
            decode_all(b"<?xml version='1.0' encoding='ISO-8859-1'?><seg>caf\xE9</seg>".to_vec())
                .unwrap();
        assert!(detected.warnings.is_empty());
    }

    #[test]
    fn rejects_empty_binary_utf32_and_unknown_encodings() {
        assert!(decode_all(Vec::new()).unwrap_err().contains("empty"));
        assert!(
            decode_all(b"PK\x03\x04zipdata".to_vec())
                .unwrap_err()
                .contains("a ZIP archive")
        );
        assert!(
            decode_all(b"plain text".to_vec())
                .unwrap_err()
                .contains("not an XML file")
        );
        assert!(
            decode_all(vec![0, 0, 0, 0x3C, 0, 0, 0, 0x3F])
                .unwrap_err()
                .contains("UTF-32")
        );
        assert!(
            decode_all(b"<?xml version=\"1.0\" encoding=\"klingon\"?><tmx/>".to_vec())
                .unwrap_err()
                .contains("klingon")
        );
    }

    #[test]
    fn tracks_lines_and_character_columns() {
        let (mut input, _) = Input::new(
            Box::new(io::Cursor::new("<b\nцв𝄞x".as_bytes().to_vec())),
            "TMX",
        )
        .unwrap();
        let len = input.fill_buf().unwrap().len();
        input.consume(len - 1);
        assert_eq!(input.line_column(), (2, 4));
    }
}
