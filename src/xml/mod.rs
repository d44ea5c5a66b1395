//! XML plumbing shared by the XML formats (TMX, XLIFF): the one decoder
//! (`encoding`: any byte stream to UTF-8 with positions) and the one
//! escaper/unescaper (`escape`). Format modules build their readers and
//! writers on these; nothing here knows a format's elements.

pub(crate) mod encoding;
pub(crate) mod escape;

/// The quick-xml reader every streaming XML format reader (TMX, XLIFF) parses
/// with: text kept as written (no trimming, so segments keep their spaces),
/// empty elements reported as such, comments not checked (a `--` inside one
/// is common in exported files and harmless). `strict_ends`: a mismatched end
/// tag is an error (XLIFF); the TMX reader checks nesting itself, so that it
/// can name both tags and recover from the units tools break.
pub(crate) fn streaming_reader(
    input: encoding::Input,
    strict_ends: bool,
) -> quick_xml::Reader<encoding::Input> {
    let mut xml = quick_xml::Reader::from_reader(input);
    let config = xml.config_mut();
    config.trim_text(false);
    config.check_end_names = strict_ends;
    config.allow_unmatched_ends = !strict_ends;
    config.check_comments = false;
    config.expand_empty_elements = false;
    xml
}

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
