//! NFC without normalising text that already is NFC, which nearly all
//! real text is: the check runs on UTF-8 bytes over the ranges where every
//! character is a starter with `NFC_Quick_Check=Yes` (ASCII, Latin, the
//! Cyrillic letters, general punctuation), and only the pieces around other
//! characters go through the UAX #15 quick check or the normalisation.
//! Segmentation, the fuzzy index and the stores all take their NFC here.

/// `text` in NFC, borrowed when it already is: most text is, and the check
/// costs far less than normalising and copying. Text is checked in pieces
/// that end after ASCII white space, which no following character composes
/// or reorders with, so NFC of the whole is NFC of the pieces joined; only
/// the pieces that need it are normalised, in one pass.
pub(super) fn nfc_cow(text: &str) -> std::borrow::Cow<'_, str> {
    // Most text passes as a whole, without splitting it.
    if all_plain_nfc(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    push_nfc(&mut out, text);
    std::borrow::Cow::Owned(out)
}

/// Appends `text` in NFC to `out`, as [`nfc_cow`] splits it: the plain stretches
/// (see [`all_plain_nfc`]) are copied whole, and only the piece around each
/// other character is checked and normalised when it needs it.
pub(crate) fn push_nfc(out: &mut String, text: &str) {
    use unicode_normalization::UnicodeNormalization;
    let bytes = text.as_bytes();
    // Always the start of a piece: 0 or just after ASCII white space.
    let mut at = 0;
    while at < text.len() {
        let other = at + plain_nfc_len(&text[at..]);
        if other == text.len() {
            out.push_str(&text[at..]);
            return;
        }
        let piece_start = bytes[at..other]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(at, |i| at + i + 1);
        let piece_end = bytes[other..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(text.len(), |i| other + i + 1);
        out.push_str(&text[at..piece_start]);
        let piece = &text[piece_start..piece_end];
        if is_nfc_piece(piece) {
            out.push_str(piece);
        } else {
            out.extend(piece.nfc());
        }
        at = piece_end;
    }
}

/// Whether `piece` is in NFC. Characters of the ranges below are starters
/// (combining class 0) with `NFC_Quick_Check=Yes`, so a piece made of them
/// only is in NFC without a table lookup: everything below U+0300 (ASCII,
/// Latin-1, Latin Extended), the Cyrillic letters, General Punctuation
/// from U+2002 (U+2000 and U+2001 have canonical decompositions) and the
/// currency signs ("€"). Anything else goes to the UAX #15 quick check.
fn is_nfc_piece(piece: &str) -> bool {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    all_plain_nfc(piece) || is_nfc_quick(piece.chars()) == IsNormalized::Yes
}

/// A starter with `NFC_Quick_Check=Yes` (see [`is_nfc_piece`]); what
/// [`all_plain_nfc`] checks on bytes.
#[cfg(test)]
fn plain_nfc(c: char) -> bool {
    c < '\u{300}'
        || ('\u{400}'..='\u{482}').contains(&c)
        || ('\u{48A}'..='\u{52F}').contains(&c)
        || ('\u{2002}'..='\u{206F}').contains(&c)
        || ('\u{20A0}'..='\u{20CF}').contains(&c)
}

/// Whether every character of `text` is [`plain_nfc`], judged on the UTF-8
/// bytes: ASCII runs are skipped eight bytes at a time and the plain ranges
/// are known by their lead (and second) bytes, so the common check costs far
/// less than decoding each character. `text` is valid UTF-8, so a lead byte
/// is always followed by its continuation bytes.
fn all_plain_nfc(text: &str) -> bool {
    plain_nfc_len(text) == text.len()
}

/// The length of the longest prefix of `text` that [`all_plain_nfc`] accepts.
fn plain_nfc_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Pure ASCII (most of English text), sixteen bytes at a time with
        // one test of the high bits.
        while let Some(chunk) = bytes.get(i..i + 16) {
            let half = |at: usize| u64::from_le_bytes(std::array::from_fn(|k| chunk[at + k]));
            if (half(0) | half(8)) & 0x8080_8080_8080_8080 != 0 {
                break;
            }
            i += 16;
        }
        // Runs of ASCII and of the Cyrillic letters U+0400..U+047F (lead
        // bytes D0 and D1), eight bytes at a time without a branch per byte.
        // `i` is always at a character start, so every continuation byte in
        // a run that passes belongs to one of those letters.
        while let Some(chunk) = bytes.get(i..i + 8) {
            if chunk
                .iter()
                .fold(false, |odd, &b| odd | ODD_BYTE[usize::from(b)])
            {
                break;
            }
            i += 8;
            // A letter cut by the end of the run: its second byte is plain too.
            if bytes[i - 1] >= 0xC0 {
                i += 1;
            }
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if b < 0x80 {
            i += 1;
            continue;
        }
        let second = bytes.get(i + 1).copied().unwrap_or(0);
        let plain = match b {
            // U+0080..U+02FF.
            0xC2..=0xCB => true,
            // U+0400..U+047F and U+04C0..U+04FF.
            0xD0 | 0xD1 | 0xD3 => true,
            // U+0480..U+04BF without the combining marks U+0483..U+0489.
            0xD2 => !(0x83..=0x89).contains(&second),
            // U+0500..U+052F.
            0xD4 => second <= 0xAF,
            0xE2 => {
                let third = bytes.get(i + 2).copied().unwrap_or(0);
                match second {
                    // U+2002..U+203F.
                    0x80 => third >= 0x82,
                    // U+2040..U+206F.
                    0x81 => third <= 0xAF,
                    // U+20A0..U+20BF.
                    0x82 => third >= 0xA0,
                    // U+20C0..U+20CF.
                    0x83 => third <= 0x8F,
                    _ => false,
                }
            }
            _ => false,
        };
        if !plain {
            return i;
        }
        i += if b >= 0xE0 { 3 } else { 2 };
    }
    bytes.len()
}

/// Lead bytes other than D0 and D1 (see [`plain_nfc_len`]).
static ODD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0xC0;
    while b < 256 {
        table[b] = b != 0xD0 && b != 0xD1;
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The normalisation of the `unicode-normalization` crate, without the
    /// fast paths this module adds.
    fn reference(text: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        text.nfc().collect()
    }

    #[test]
    fn nfc_borrows_normalised_text_and_normalises_the_rest() {
        assert!(matches!(
            nfc_cow("Très bien. Ещё — «так»…"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(matches!(
            nfc_cow("ok \u{2000} ok"),
            std::borrow::Cow::Owned(_)
        ));
        assert_eq!(nfc_cow("Cafe\u{301}"), "Café");
        assert!(matches!(nfc_cow("Cafe\u{301}"), std::borrow::Cow::Owned(_)));
        // Piece by piece, including a combining mark right after a space.
        for text in [
            "Schön und scho\u{308}n. Ä A\u{308} \u{301}x",
            "a\u{301} \u{301} \t\u{308}u e\u{301}\u{323}",
            "Київ і\u{308} йо и\u{306}ти \u{2000}x \u{2001} — «так» т\u{483}\u{487} а\u{487}\u{483}",
            "e\u{301}",
            "\u{301}",
            "plain words™ then more plain words x\u{301}y\u{301}\nand ½ the end",
            "№ 5 №5\t№\u{301} ok. 한국어 문장 e\u{301}",
        ] {
            let mut pushed = String::from("kept ");
            push_nfc(&mut pushed, text);
            assert_eq!(pushed, format!("kept {}", reference(text)), "{text:?}");
            assert_eq!(nfc_cow(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn characters_taken_as_nfc_without_lookup_are_nfc_starters() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{IsNormalized, is_nfc_quick};
        for c in (0u32..0x3000)
            .filter_map(char::from_u32)
            .filter(|&c| plain_nfc(c))
        {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
    }

    #[test]
    fn the_byte_check_for_plain_nfc_agrees_with_the_character_check() {
        // Every code point alone, after ASCII and before ASCII (the word-at-a-time
        // skip), and runs of mixed characters.
        let mut mixed = String::new();
        for c in (0u32..=0x10FFFF).filter_map(char::from_u32) {
            let alone = c.to_string();
            assert_eq!(all_plain_nfc(&alone), plain_nfc(c), "{c:?}");
            let padded = format!("abcdefghij{c}klmnopqrs");
            assert_eq!(all_plain_nfc(&padded), plain_nfc(c), "{c:?} in ASCII");
            if c < '\u{2100}' {
                mixed.push(c);
            }
        }
        let expected = mixed.chars().all(plain_nfc);
        assert_eq!(all_plain_nfc(&mixed), expected);
        for text in [
            "Путин прибыл в Москву.",
            "a – b € 5",
            "ѐ҃",
            "\u{2001}",
            "x\u{2070}",
        ] {
            assert_eq!(all_plain_nfc(text), text.chars().all(plain_nfc), "{text:?}");
        }
    }

    #[test]
    fn plain_runs_end_at_the_first_other_character() {
        // Runs of two-byte letters and ASCII of every length, so that a letter
        // is cut by the end of an eight-byte run at every offset.
        for letters in 0..12 {
            for ascii in 0..10 {
                for (other, plain) in [
                    ('№', false),
                    ('e', true),
                    ('\u{301}', false),
                    ('ё', true),
                    ('ґ', true),
                ] {
                    let text = format!("{}{}{other}жж", "ж".repeat(letters), "x".repeat(ascii));
                    let at = 2 * letters + ascii;
                    let expected = if plain { text.len() } else { at };
                    assert_eq!(plain_nfc_len(&text), expected, "{text:?}");
                }
            }
        }
    }

    proptest! {
        /// Any mix of plain letters, combining marks, white space and the
        /// characters at the edges of the plain ranges normalises exactly as
        /// the crate does, borrowed or not.
        #[test]
        fn equals_the_reference_normalisation(
            parts in proptest::collection::vec(prop_oneof![
                "[a-zA-Zé ]{0,12}",
                "[а-яА-ЯёЁіїєґ ]{0,12}",
                Just("\u{301}".to_string()), Just("\u{308}".to_string()),
                Just("\u{483}".to_string()), Just("\u{2000}".to_string()),
                Just("\u{2001}".to_string()), Just("\u{2002}".to_string()),
                Just("\u{20CF}".to_string()), Just("\u{20D0}".to_string()),
                Just("\u{52F}".to_string()), Just("\u{530}".to_string()),
                Just("\u{2FF}".to_string()), Just("\u{300}".to_string()),
                Just("한국어".to_string()), Just("\t".to_string()), Just("\n".to_string()),
                any::<char>().prop_map(String::from),
            ], 0..24)
        ) {
            let text: String = parts.concat();
            prop_assert_eq!(nfc_cow(&text), reference(&text));
            let mut pushed = String::from("x");
            push_nfc(&mut pushed, &text);
            prop_assert_eq!(pushed, format!("x{}", reference(&text)));
        }
    }
}
