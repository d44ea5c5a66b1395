//! HTML (and XHTML): a small tokenizer that keeps every byte.
//!
//! Why not a crate: the writer must give back the exact source of every tag
//! (attribute quoting, case, spacing) and of the text between tags. The
//! HTML5 parsers (html5ever, html5gum) build trees or normalised tokens and do
//! not keep source spans of the raw tag text; quick-xml refuses ordinary HTML
//! (void elements, unquoted attributes). What tmkit needs is only where tags,
//! comments and raw-text elements begin and end, which this file does in one
//! pass; everything it does not recognise is text, so reading never fails.
//!
//! Block elements (`p`, `h1`–`h6`, `li`, `td`, `div`, …) and raw-text elements
//! (`script`, `style`) bound paragraphs and stay in the skeleton with the
//! document head, comments between blocks and the doctype. Inline elements
//! become codes: `<b>…</b>` a `bpt`/`ept` pair, `<br>` and `<img>` a `ph`.

use super::Document;
use super::build::{Builder, Raw};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Elements that end a paragraph (they and their attributes go to the skeleton).
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "meta",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "pre",
    "section",
    "select",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
    "video",
    "audio",
    "source",
    "track",
    "object",
    "param",
    "canvas",
    "svg",
    "math",
    "template",
    "iframe",
];

/// Elements whose content is not markup and not translatable text.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "xmp",
    "noscript",
    "noembed",
    "plaintext",
];

/// Elements without an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// True for an element that has no end tag (`br`, `img`, …).
pub fn is_void(name: &str) -> bool {
    VOID.contains(&name)
}

/// Characters HTML text must never contain raw in a translation.
const DEFAULT_ESCAPES: &[(char, &str)] = &[('&', "&amp;"), ('<', "&lt;")];

/// Reads HTML into paragraphs and skeleton.
pub fn read(source: &str) -> Document {
    let mut builder = Builder::new(super::Format::Html, DEFAULT_ESCAPES);
    let mut run: Vec<Raw> = Vec::new();
    let bytes = source.as_bytes();
    let mut pos = 0;
    let mut text_start = 0;
    while pos < bytes.len() {
        let b = bytes[pos];
        if b != b'<' && b != b'&' {
            pos += memchr::memchr2(b'<', b'&', &bytes[pos..]).unwrap_or(bytes.len() - pos);
            continue;
        }
        if b == b'&' {
            if let Some((len, decoded)) = entity(&source[pos..]) {
                push_text(&mut run, &source[text_start..pos]);
                let spelling = source[pos..pos + len].to_string();
                run.push(match decoded {
                    Some(ch) => Raw::Escaped { ch, spelling },
                    None => Raw::Standalone { native: spelling },
                });
                pos += len;
                text_start = pos;
            } else {
                pos += 1;
            }
            continue;
        }
        let Some((len, token)) = markup(&source[pos..]) else {
            pos += 1;
            continue;
        };
        push_text(&mut run, &source[text_start..pos]);
        let native = &source[pos..pos + len];
        pos += len;
        match token {
            Token::Start(name) if RAW_TEXT.contains(&name.as_str()) => {
                flush(&mut builder, &mut run);
                builder.skeleton(native);
                let end = raw_text_end(source, pos, &name);
                builder.skeleton(&source[pos..end]);
                pos = end;
            }
            Token::Start(name) | Token::End(name) if BLOCK.contains(&name.as_str()) => {
                flush(&mut builder, &mut run);
                builder.skeleton(native);
            }
            Token::Start(name) => {
                let native = native.to_string();
                run.push(if is_void(&name) || native.ends_with("/>") {
                    Raw::Standalone { native }
                } else {
                    Raw::Open { key: name, native }
                });
            }
            Token::End(name) => run.push(Raw::Close {
                key: name,
                native: native.to_string(),
            }),
            Token::Comment if !run.is_empty() => run.push(Raw::Standalone {
                native: native.to_string(),
            }),
            Token::Comment | Token::Other => {
                flush(&mut builder, &mut run);
                builder.skeleton(native);
            }
        }
        text_start = pos;
    }
    push_text(&mut run, &source[text_start..]);
    flush(&mut builder, &mut run);
    builder.finish()
}

fn push_text(run: &mut Vec<Raw>, text: &str) {
    if !text.is_empty() {
        run.push(Raw::Text(text.to_string()));
    }
}

fn flush(builder: &mut Builder, run: &mut Vec<Raw>) {
    if !run.is_empty() {
        builder.paragraph(std::mem::take(run));
    }
}

enum Token {
    Start(String),
    End(String),
    Comment,
    /// Doctype, processing instruction, CDATA section.
    Other,
}

/// The markup token at the start of `s` (which starts with `<`) and its length;
/// `None` when the `<` is text.
fn markup(s: &str) -> Option<(usize, Token)> {
    let b = s.as_bytes();
    if let Some(rest) = s.strip_prefix("<!--") {
        let len = rest.find("-->").map_or(s.len(), |i| 4 + i + 3);
        return Some((len, Token::Comment));
    }
    if s.starts_with("<![CDATA[") {
        let len = s.find("]]>").map_or(s.len(), |i| i + 3);
        return Some((len, Token::Other));
    }
    if b.len() > 1 && (b[1] == b'!' || b[1] == b'?') {
        let len = s.find('>').map_or(s.len(), |i| i + 1);
        return Some((len, Token::Other));
    }
    let (is_end, name_at) = if b.get(1) == Some(&b'/') {
        (true, 2)
    } else {
        (false, 1)
    };
    if !b.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_end = b[name_at..]
        .iter()
        .position(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
        .map_or(b.len(), |i| name_at + i);
    let name = s[name_at..name_end].to_ascii_lowercase();
    // The tag ends at the first `>` outside quotes.
    let mut quote = None;
    let mut i = name_end;
    while i < b.len() {
        match (quote, b[i]) {
            (None, b'"' | b'\'') => quote = Some(b[i]),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => {
                let token = if is_end {
                    Token::End(name)
                } else {
                    Token::Start(name)
                };
                return Some((i + 1, token));
            }
            _ => {}
        }
        i += 1;
    }
    // An unterminated tag is text (what a browser shows too).
    None
}

/// Where the content of a raw-text element ends: at its end tag (any case), or
/// at the end of the file.
fn raw_text_end(source: &str, from: usize, name: &str) -> usize {
    let rest = &source.as_bytes()[from..];
    let closing = format!("</{name}");
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'<', &rest[i..]) {
        let start = i + at;
        let candidate = &rest[start..];
        if candidate.len() >= closing.len()
            && candidate[..closing.len()].eq_ignore_ascii_case(closing.as_bytes())
        {
            return from + start;
        }
        i = start + 1;
    }
    source.len()
}

/// The element name of a tag's source (`<B class=x>` → `b`) and whether it is
/// an end tag; `None` for comments and other markup.
pub fn tag_name(native: &str) -> Option<(String, bool)> {
    match markup(native)? {
        (_, Token::Start(name)) => Some((name, false)),
        (_, Token::End(name)) => Some((name, true)),
        _ => None,
    }
}

fn entity_table() -> &'static HashMap<&'static str, char> {
    static TABLE: OnceLock<HashMap<&'static str, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("entities.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (name, hex) = l.split_once('\t')?;
                let ch = char::from_u32(u32::from_str_radix(hex.trim(), 16).ok()?)?;
                Some((name, ch))
            })
            .collect()
    })
}

/// A character reference at the start of `s` (`&amp;`, `&#8217;`, `&#x2019;`):
/// its length and the character (`None` for a well-formed name tmkit does not
/// decode, which stays a code). `None` overall when `&` is text.
fn entity(s: &str) -> Option<(usize, Option<char>)> {
    let end = s[1..].find(';')? + 1;
    let body = &s[1..end];
    if body.is_empty() || body.len() > 32 {
        return None;
    }
    if let Some(num) = body.strip_prefix('#') {
        let value = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None if num.bytes().all(|c| c.is_ascii_digit()) => num.parse().ok()?,
            None => return None,
        };
        return Some((end + 1, char::from_u32(value).filter(|c| *c != '\0')));
    }
    if !body.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some((end + 1, entity_table().get(body).copied()))
}
