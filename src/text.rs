//! Text normalisation shared by the modules: NFC, whitespace folding, and the
//! key used for exact lookups.

use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// The NFC form of `text` (every offset tmkit reports counts characters of this form).
pub fn nfc(text: &str) -> String {
    // Nearly all real text is NFC already; the quick check (no allocation,
    // one table look-up per character) saves the decompose/recompose pass.
    if unicode_normalization::is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return text.to_string();
    }
    text.nfc().collect()
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
    fold_whitespace(&nfc(text)).to_lowercase()
}

/// A 64-bit FNV-1a hash of a lookup key, stored as an indexed integer so that
/// exact lookup and duplicate detection do not compare long strings.
pub fn key_hash(key: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash as i64
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
    fn nfc_composes() {
        assert_eq!(nfc("e\u{301}"), "é");
    }

    #[test]
    fn hash_differs_for_different_keys() {
        assert_ne!(key_hash("a"), key_hash("b"));
        assert_eq!(key_hash(&lookup_key("A  b")), key_hash("a b"));
    }
}
