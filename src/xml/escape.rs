//! The one XML escaper and unescaper shared by every format (TMX, XLIFF):
//! character data in and out, with the same rules for references, line ends
//! and characters XML forbids.

/// At most this many problems of one kind are listed in one message.
pub(crate) const MAX_LISTED: usize = 5;

/// True for characters XML 1.0 allows in a document.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// True for names XML allows for elements and attributes (letters, digits and
/// `_ : - .`, not starting with a digit, `-` or `.`).
pub(crate) fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.' | '\u{B7}'))
}

/// What an unescaping pass found that the caller should warn about.
#[derive(Default)]
pub(crate) struct EscapeIssues {
    pub first_at: Option<usize>,
    pub dropped: Vec<u32>,
    pub unknown_entities: Vec<String>,
}

impl EscapeIssues {
    pub fn note(&mut self, at: usize) {
        self.first_at.get_or_insert(at);
    }

    pub fn is_empty(&self) -> bool {
        self.first_at.is_none()
    }

    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.dropped.is_empty() {
            let listed: Vec<String> = self
                .dropped
                .iter()
                .take(MAX_LISTED)
                .map(|c| format!("U+{c:04X}"))
                .collect();
            let more = if self.dropped.len() > MAX_LISTED {
                format!(" and {} more", self.dropped.len() - MAX_LISTED)
            } else {
                String::new()
            };
            parts.push(format!(
                "dropped {} character(s) that XML does not allow ({}{more})",
                self.dropped.len(),
                listed.join(", ")
            ));
        }
        if !self.unknown_entities.is_empty() {
            let listed: Vec<String> = self
                .unknown_entities
                .iter()
                .take(MAX_LISTED)
                .map(|e| format!("&{e};"))
                .collect();
            parts.push(format!(
                "kept {} as literal text: not an XML predefined entity or character \
                 reference (tmkit never expands DTD entities)",
                listed.join(", ")
            ));
        }
        parts.join("; ")
    }
}

/// Appends the unescaped form of XML character data to `out`: predefined
/// entities and character references expanded, line ends normalised (`\r\n`
/// and `\r` → `\n`), characters XML forbids dropped, unknown entities kept
/// literally. In attribute values (`attribute`), tab and line ends become spaces
/// as XML prescribes; with `literal` (CDATA) no references are expanded.
pub(crate) fn unescape_into(
    text: &str,
    out: &mut String,
    attribute: bool,
    literal: bool,
    issues: &mut EscapeIssues,
) {
    let bytes = text.as_bytes();
    // Most text needs nothing: one branch-free pass (it vectorises) decides.
    let needs_work = bytes.iter().fold(false, |found, &b| {
        found | (b == b'&') | (b < 0x20 && (attribute || (b != b'\t' && b != b'\n'))) | (b == 0xEF)
    });
    if !needs_work {
        out.push_str(text);
        return;
    }
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let special = (b == b'&' && !literal)
            || (b < 0x20 && (attribute || (b != b'\t' && b != b'\n')))
            || b == 0xEF;
        if !special {
            i += 1;
            continue;
        }
        out.push_str(&text[start..i]);
        match b {
            b'&' => {
                let reference = text[i + 1..]
                    .char_indices()
                    .take(40)
                    .find(|(_, c)| *c == ';' || *c == '&' || *c == '<' || c.is_whitespace())
                    .filter(|(_, c)| *c == ';')
                    .map(|(end, _)| &text[i + 1..i + 1 + end]);
                match reference.and_then(|name| expand(name).map(|c| (name, c))) {
                    Some((name, Some(c))) => {
                        out.push(c);
                        i += name.len() + 2;
                    }
                    Some((name, None)) => {
                        // A character reference to a character XML forbids.
                        issues.note(i);
                        issues.dropped.push(char_ref_value(name).unwrap_or(0));
                        i += name.len() + 2;
                    }
                    None => {
                        issues.note(i);
                        let shown = reference.unwrap_or("");
                        if issues.unknown_entities.len() < MAX_LISTED {
                            issues.unknown_entities.push(shown.to_string());
                        }
                        out.push('&');
                        i += 1;
                    }
                }
            }
            b'\r' => {
                out.push(if attribute { ' ' } else { '\n' });
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
            }
            b'\t' | b'\n' => {
                out.push(' ');
                i += 1;
            }
            0xEF => {
                let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
                if c == '\u{FFFE}' || c == '\u{FFFF}' {
                    issues.note(i);
                    issues.dropped.push(u32::from(c));
                } else {
                    out.push(c);
                }
                i += c.len_utf8();
            }
            _ => {
                issues.note(i);
                issues.dropped.push(u32::from(b));
                i += 1;
            }
        }
        start = i;
    }
    out.push_str(&text[start..]);
}

fn char_ref_value(name: &str) -> Option<u32> {
    let digits = name.strip_prefix('#')?;
    match digits.strip_prefix('x') {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => digits.parse().ok(),
    }
}

/// Expands a reference name: `Some(Some(c))` for a good one, `Some(None)` for a
/// character reference to a forbidden character, `None` for an unknown entity.
fn expand(name: &str) -> Option<Option<char>> {
    Some(Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ if name.starts_with('#') => {
            let value = char_ref_value(name)?;
            return Some(char::from_u32(value).filter(|c| is_xml_char(*c)));
        }
        _ => return None,
    }))
}

/// The bytes [`escape`] has to look at: controls, `& < > "` and 0xEF (the
/// first byte of U+FFFE and U+FFFF).
static ESCAPE_LOOKS_AT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[0xEF] = true;
    table
};

/// Escapes text for element content or (with `attribute`) a double-quoted
/// attribute value. Carriage returns, and in attributes tabs and line feeds,
/// become character references so that reading normalisation gives them back.
pub(crate) fn escape(buf: &mut String, text: &str, attribute: bool, dropped: &mut u64) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Most bytes need nothing: pass them with one table look-up each.
        while i < bytes.len() && !ESCAPE_LOOKS_AT[usize::from(bytes[i])] {
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        let b = bytes[i];
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attribute => "&quot;",
            b'\r' => "&#13;",
            b'\n' if attribute => "&#10;",
            b'\t' if attribute => "&#9;",
            b'\n' | b'\t' => {
                i += 1;
                continue;
            }
            0..0x20 => "",
            0xEF => {
                let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
                if is_xml_char(c) {
                    i += c.len_utf8();
                    continue;
                }
                buf.push_str(&text[start..i]);
                *dropped += 1;
                i += c.len_utf8();
                start = i;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        buf.push_str(&text[start..i]);
        if replacement.is_empty() {
            *dropped += 1;
        } else {
            buf.push_str(replacement);
        }
        i += 1;
        start = i;
    }
    buf.push_str(&text[start..]);
}
