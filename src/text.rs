//! Text normalisation shared by the modules: NFC, whitespace folding, and the
//! key used for exact lookups.

mod nfc;

pub(crate) use nfc::push_nfc;

/// The NFC form of `text` (every offset tmkit reports counts characters of this form).
pub fn nfc(text: &str) -> String {
    nfc_cow(text).into_owned()
}

/// [`nfc`], borrowing `text` when it is NFC already.
///
/// Nearly all real text is NFC already, so the check is the fast part: it
/// runs on the UTF-8 bytes and normalises only the pieces around characters
/// that can change (see `text/nfc.rs`).
///
/// ```
/// use std::borrow::Cow;
/// assert!(matches!(tmkit::text::nfc_cow("été"), Cow::Borrowed(_)));
/// assert_eq!(tmkit::text::nfc_cow("e\u{301}té"), "été");
/// ```
pub fn nfc_cow(text: &str) -> std::borrow::Cow<'_, str> {
    nfc::nfc_cow(text)
}

/// Collapses every run of Unicode whitespace to one space and trims both ends.
///
/// ```
/// assert_eq!(tmkit::text::fold_whitespace("  a \t b\n"), "a b");
/// ```
pub fn fold_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The key under which a segment is found by exact lookup: NFC, whitespace
/// folded, lower case. Two segments with the same key differ at most in case
/// and spacing, which the exact lookup reports as a penalty, not a miss.
///
/// ```
/// use tmkit::text::lookup_key;
/// assert_eq!(lookup_key("Good  Morning."), lookup_key("good morning."));
/// ```
pub fn lookup_key(text: &str) -> String {
    lookup_key_of_nfc(&nfc_cow(text))
}

/// [`lookup_key`] of a text already in NFC (one normalisation check less
/// for a caller that needs the NFC text for something else too).
pub fn lookup_key_of_nfc(text: &str) -> String {
    // `str::to_lowercase` looks every non-ASCII character up in the Unicode
    // case table; an import computes this key for every variant, and the
    // look-ups of Cyrillic letters were 3% of its CPU. Basic Latin and
    // Cyrillic letters are lowered directly, the rest as `str::to_lowercase`
    // does (which differs from lowering character by character only for a
    // capital sigma, handed to it whole).
    if text.contains('\u{3A3}') {
        return fold_whitespace(text).to_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for_each_key_char(text, |c| out.push(c));
    out
}

/// Calls `out` with each character of [`lookup_key_of_nfc`]`(text)`, for a
/// `text` without a capital sigma (the one letter whose lower case depends
/// on its neighbours).
fn for_each_key_char(text: &str, mut out: impl FnMut(char)) {
    for (n, word) in text.split_whitespace().enumerate() {
        if n > 0 {
            out(' ');
        }
        for c in word.chars() {
            match c {
                'A'..='Z' | '\u{410}'..='\u{42F}' => {
                    out(char::from_u32(c as u32 + 0x20).unwrap_or(c))
                }
                '\u{400}'..='\u{40F}' => out(char::from_u32(c as u32 + 0x50).unwrap_or(c)),
                c if c.is_ascii() || ('\u{430}'..='\u{45F}').contains(&c) => out(c),
                c => c.to_lowercase().for_each(&mut out),
            }
        }
    }
}

/// A 64-bit FNV-1a hash of a lookup key, stored as an indexed integer so that
/// exact lookup and duplicate detection do not compare long strings.
pub fn key_hash(key: &str) -> i64 {
    let mut hash = KeyHasher::new();
    hash.bytes(key.as_bytes());
    hash.0 as i64
}

/// `key_hash(&lookup_key_of_nfc(text))`, without building the key.
///
/// An import hashes the lookup key of every variant and keeps only the
/// hash; building the key string first was an allocation and a second pass
/// over every text (about 3% of a bulk import's CPU).
///
/// ```
/// use tmkit::text::{key_hash, lookup_key_hash_of_nfc, lookup_key_of_nfc};
/// let text = " Ёлка  at\tNIGHT ";
/// assert_eq!(lookup_key_hash_of_nfc(text), key_hash(&lookup_key_of_nfc(text)));
/// ```
pub fn lookup_key_hash_of_nfc(text: &str) -> i64 {
    // A capital sigma lowers by its context: the string path handles it.
    if text.contains('\u{3A3}') {
        return key_hash(&lookup_key_of_nfc(text));
    }
    let mut hash = KeyHasher::new();
    let mut buf = [0u8; 4];
    for_each_key_char(text, |c| {
        if c.is_ascii() {
            hash.byte(c as u8);
        } else {
            hash.bytes(c.encode_utf8(&mut buf).as_bytes());
        }
    });
    hash.0 as i64
}

/// FNV-1a over the bytes of a lookup key (the hash is stored: it must never
/// change between builds).
struct KeyHasher(u64);

impl KeyHasher {
    fn new() -> KeyHasher {
        KeyHasher(0xcbf2_9ce4_8422_2325)
    }

    fn byte(&mut self, byte: u8) {
        self.0 ^= u64::from(byte);
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.byte(byte);
        }
    }
}

/// Why bytes could not be read as text, and where: 1-based line and column
/// (in characters) of the first bad byte. [`DecodeError::position`] names the
/// file for a message (`file:line:column: message`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// 1-based line of the first bad byte.
    pub line: u64,
    /// 1-based column, in characters, of the first bad byte.
    pub column: u64,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl DecodeError {
    /// Where the error is, in the file called `file`.
    pub fn position(&self, file: &str) -> crate::unit::Position {
        crate::unit::Position {
            file: file.to_string(),
            line: self.line,
            column: self.column,
        }
    }

    /// The error as a [`crate::unit::ReadError`] of the file called `file`.
    pub fn into_read_error(self, file: &str) -> crate::unit::ReadError {
        crate::unit::ReadError {
            position: self.position(file),
            message: self.message,
        }
    }

    /// The whole message for the file called `file`: `file:line:column: message`.
    pub fn in_file(&self, file: &str) -> String {
        format!("{}: {}", self.position(file), self.message)
    }
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for DecodeError {}

/// The one decoder of plain-text files (documents, articles, glossaries in
/// CSV/TSV, query lists): UTF-8, with or without a byte-order mark, or UTF-16
/// (little- or big-endian) with one. The mark is dropped. Anything else is an
/// error that says where and what to do: bytes that are not UTF-8 (the file
/// is in another encoding, or cut short), a NUL byte (a binary file, such as
/// a `.docx` or a PDF, given as text), UTF-16 with a broken surrogate pair.
/// XML formats have their own decoder, which honours the XML declaration
/// (`crate::xml`).
///
/// ```
/// use tmkit::text::decode_text;
/// assert_eq!(decode_text(b"\xEF\xBB\xBFHello").unwrap(), "Hello");
/// assert_eq!(decode_text(b"\xFF\xFEH\0i\0").unwrap(), "Hi");
/// let error = decode_text(b"One.\nCaf\xE9.").unwrap_err();
/// assert_eq!((error.line, error.column), (2, 4));
/// assert!(error.message.contains("another encoding"));
/// assert!(decode_text(b"PK\x03\x04\0\0").unwrap_err().message.contains("binary"));
/// ```
pub fn decode_text(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, DecodeError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        if encoding == encoding_rs::UTF_8 {
            return decode_utf8(body).map(std::borrow::Cow::Borrowed);
        }
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        if had_errors {
            // The first replacement character the decoder put in marks the
            // spot (a U+FFFD already in the file would be found first: the
            // line is then early, never wrong about there being an error).
            let at = text.find('\u{FFFD}').unwrap_or(text.len());
            let (line, column) = line_column(&text[..at]);
            return Err(DecodeError {
                line,
                column,
                message: format!(
                    "not valid {} (a broken surrogate pair or a cut-off character); \
                     save the file as UTF-8",
                    encoding.name()
                ),
            });
        }
        return Ok(std::borrow::Cow::Owned(text.into_owned()));
    }
    decode_utf8(bytes).map(std::borrow::Cow::Borrowed)
}

fn decode_utf8(bytes: &[u8]) -> Result<&str, DecodeError> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let valid = std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default();
        let (line, column) = line_column(valid);
        let message = match error.error_len() {
            None => truncated_message(valid.len() as u64, &bytes[valid.len()..]),
            Some(len) => format!(
                "not valid UTF-8: {} at byte offset {}; the file is probably in another \
                 encoding: convert it to UTF-8 first (e.g. iconv -f windows-1251 -t utf-8)",
                hex_bytes(&bytes[valid.len()..valid.len() + len]),
                valid.len()
            ),
        };
        DecodeError {
            line,
            column,
            message,
        }
    })?;
    if let Some(at) = memchr::memchr(0, bytes) {
        let (line, column) = line_column(&text[..at]);
        return Err(DecodeError {
            line,
            column,
            message: "a NUL byte: this is a binary file (a word-processor document, a PDF, \
                      an archive?), not plain text; save or export it as plain text (UTF-8)"
                .to_string(),
        });
    }
    Ok(text)
}

/// 1-based line and column (in characters) just after `prefix`.
fn line_column(prefix: &str) -> (u64, u64) {
    let line = memchr::memchr_iter(b'\n', prefix.as_bytes()).count() as u64 + 1;
    let last = prefix.rfind('\n').map_or(prefix, |at| &prefix[at + 1..]);
    (line, last.chars().count() as u64 + 1)
}

/// What is wrong with bytes that are not UTF-8, for an error message: a file
/// that stops inside a character was cut short (an interrupted copy or
/// download), which another encoding would not fix; other bad bytes mean
/// the file is in another encoding. `error` comes from decoding all of
/// `bytes` (`std::str::from_utf8`).
///
/// ```
/// let cut = b"caf\xC3";
/// let error = std::str::from_utf8(cut).unwrap_err();
/// assert!(tmkit::text::utf8_error_message(cut, &error).contains("truncated in the middle of a character"));
/// let latin1 = b"caf\xE9 au lait";
/// let error = std::str::from_utf8(latin1).unwrap_err();
/// assert!(tmkit::text::utf8_error_message(latin1, &error).contains("another encoding"));
/// ```
pub fn utf8_error_message(bytes: &[u8], error: &std::str::Utf8Error) -> String {
    let at = error.valid_up_to();
    match error.error_len() {
        None => truncated_message(at as u64, &bytes[at..]),
        Some(len) => format!(
            "{} at byte offset {at} {} not valid UTF-8; the file is probably in another \
             encoding: convert it to UTF-8 first (e.g. iconv -f windows-1251 -t utf-8)",
            hex_bytes(&bytes[at..at + len]),
            if len == 1 { "is" } else { "are" }
        ),
    }
}

/// The message for a file that ends inside a UTF-8 character: `bytes` (at
/// byte `offset`) begin a character the file does not finish.
pub fn truncated_message(offset: u64, bytes: &[u8]) -> String {
    format!(
        "the file is truncated in the middle of a character: it ends with {} at byte \
         offset {offset}, the start of a UTF-8 character it does not finish; it was \
         probably cut short (an interrupted copy or download): get a complete copy",
        hex_bytes(bytes)
    )
}

fn hex_bytes(bytes: &[u8]) -> String {
    let shown: Vec<String> = bytes.iter().map(|b| format!("0x{b:02X}")).collect();
    if shown.is_empty() {
        "an incomplete character".to_string()
    } else {
        format!("byte(s) {}", shown.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_key_lowers_as_str_to_lowercase_does() {
        for text in [
            "Good  Morning.",
            "ЁЛКА Ѐ Џ Ѓ Ѝ Ю Я а я ѐ џ Ѡ Ѣ Ґ",
            "ΟΔΟΣ ΣΟΦΟΣ Σ. ΑΣ",
            "İstanbul ǅ Ǆ ẞ Ꙋ \u{10400} ΐ",
            "\tmixed  ЛАТ lat\u{A0}x\n",
        ] {
            assert_eq!(
                lookup_key_of_nfc(text),
                fold_whitespace(text).to_lowercase(),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn lookup_key_equals_folding_then_str_to_lowercase(text in "\\PC{0,40}") {
            proptest::prop_assert_eq!(lookup_key_of_nfc(&text), fold_whitespace(&text).to_lowercase());
        }

        #[test]
        fn lookup_key_of_latin_and_cyrillic(text in "[A-Za-z\u{400}-\u{47F}\u{3A3}\u{130} \t.,]{0,40}") {
            proptest::prop_assert_eq!(lookup_key_of_nfc(&text), fold_whitespace(&text).to_lowercase());
        }

        #[test]
        fn lookup_key_hash_is_the_hash_of_the_key(text in "\\PC{0,40}") {
            proptest::prop_assert_eq!(lookup_key_hash_of_nfc(&text), key_hash(&lookup_key_of_nfc(&text)));
        }

        #[test]
        fn lookup_key_hash_of_latin_and_cyrillic(text in "[A-Za-z0-9\u{400}-\u{47F}\u{3A3}\u{130}\u{A0} \t.,ё’]{0,40}") {
            proptest::prop_assert_eq!(lookup_key_hash_of_nfc(&text), key_hash(&lookup_key_of_nfc(&text)));
        }
    }

    #[test]
    fn nfc_composes() {
        assert_eq!(nfc("e\u{301}"), "é");
    }

    #[test]
    fn hash_differs_for_different_keys() {
        assert_ne!(key_hash("a"), key_hash("b"));
        assert_eq!(key_hash(&lookup_key("A  b")), key_hash("a b"));
    }

    #[test]
    fn decode_text_accepts_utf8_and_utf16_with_marks() {
        assert_eq!(decode_text("Ёж".as_bytes()).unwrap(), "Ёж");
        assert_eq!(decode_text(b"\xEF\xBB\xBFa").unwrap(), "a");
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Ёж\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_text(&le).unwrap(), "Ёж\n");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Ёж".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_text(&be).unwrap(), "Ёж");
        assert!(matches!(
            decode_text(b"plain").unwrap(),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn decode_text_errors_say_where_and_why() {
        // Column counts characters, not bytes: "Ёж " is three.
        let bytes = [&b"a\n"[..], "Ёж ".as_bytes(), &[0xE9], b" x"].concat();
        let error = decode_text(&bytes).unwrap_err();
        assert_eq!((error.line, error.column), (2, 4), "{error}");
        assert!(error.message.contains("0xE9 at byte offset 7"), "{error}");
        assert_eq!(error.in_file("x.txt").split(": ").next(), Some("x.txt:2:4"));
        let cut = decode_text(b"ok\xD0").unwrap_err();
        assert!(cut.message.contains("truncated"), "{cut}");
        let binary = decode_text(b"ab\ncd\0ef").unwrap_err();
        assert_eq!((binary.line, binary.column), (2, 3));
        assert!(binary.message.contains("NUL byte"), "{binary}");
        // An unpaired high surrogate in UTF-16LE.
        let broken = decode_text(&[0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0]).unwrap_err();
        assert_eq!((broken.line, broken.column), (1, 2), "{broken}");
        assert!(broken.message.contains("UTF-16LE"), "{broken}");
    }
}
