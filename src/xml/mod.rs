//! XML plumbing shared by the XML formats (TMX, XLIFF): the one decoder
//! (`encoding`: any byte stream to UTF-8 with positions) and the one
//! escaper/unescaper (`escape`). Format modules build their readers and
//! writers on these; nothing here knows a format's elements.

pub(crate) mod encoding;
pub(crate) mod escape;

/// True when `bytes` are only XML whitespace (space, tab, line feed,
/// carriage return): the text between elements that readers skip.
pub(crate) fn is_whitespace(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// Escapes `text` for HTML or XML content and double-quoted attribute values
/// (`&`, `<`, `>`, `"`; line breaks and tabs as character references;
/// characters XML forbids dropped): the one escaper for every page and
/// document tmkit writes by hand.
///
/// ```
/// assert_eq!(tmkit::xml::escape_text("<b a=\"1\">&</b>"), "&lt;b a=&quot;1&quot;&gt;&amp;&lt;/b&gt;");
/// ```
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut dropped = 0;
    escape::escape(&mut out, text, true, &mut dropped);
    out
}
