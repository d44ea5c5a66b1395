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
