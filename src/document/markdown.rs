//! Markdown: CommonMark (with tables and strikethrough) parsed by
//! `pulldown-cmark`, whose offset iterator gives every event's exact source
//! range. The inline events between two block events form a paragraph; source
//! bytes inside it that no text event covers are markup and become codes
//! (`**`, `[`, `](url)`, `` `code` ``, `<b>`); blocks, list markers, code blocks
//! and HTML blocks stay in the skeleton.

use super::Document;
use super::build::{Builder, Raw};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Reads Markdown into paragraphs and skeleton.
pub fn read(source: &str) -> Document {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut builder = Builder::new(super::Format::Markdown, &[]);
    let mut run: Vec<(Event, Range<usize>)> = Vec::new();
    let mut pos = 0;
    // Inside a code block, HTML block or metadata block everything is skeleton.
    let mut verbatim = 0usize;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match &event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                flush(source, &mut run, &mut pos, &mut builder);
                verbatim += 1;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                verbatim = verbatim.saturating_sub(1);
            }
            _ if verbatim > 0 => {}
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_)
            | Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. },
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => run.push((event, range)),
            _ => flush(source, &mut run, &mut pos, &mut builder),
        }
    }
    flush(source, &mut run, &mut pos, &mut builder);
    builder.skeleton(&source[pos..]);
    builder.finish()
}

/// Turns the collected inline events into one paragraph.
fn flush(
    source: &str,
    run: &mut Vec<(Event, Range<usize>)>,
    pos: &mut usize,
    builder: &mut Builder,
) {
    if run.is_empty() {
        return;
    }
    let start = run.iter().map(|(_, r)| r.start).min().expect("non-empty");
    let end = run.iter().map(|(_, r)| r.end).max().expect("non-empty");
    if start < *pos {
        // Never happens with well-nested events; keep the output exact anyway.
        run.clear();
        return;
    }
    builder.skeleton(&source[*pos..start]);
    // Covered spans (text and atomic codes) in source order, and where spans
    // of emphasis, links and images begin and end.
    let mut covered: Vec<(Range<usize>, Raw)> = Vec::new();
    let mut opens: Vec<(usize, usize)> = Vec::new(); // (byte, tag id)
    let mut closes: Vec<(usize, usize)> = Vec::new();
    let mut open_stack: Vec<usize> = Vec::new();
    for (index, (event, range)) in run.iter().enumerate() {
        let native = source[range.clone()].to_string();
        match event {
            Event::Text(_) | Event::SoftBreak if range.is_empty() => {}
            Event::Text(text) => {
                let raw = if text.as_ref() == native {
                    Raw::Text(native)
                } else {
                    let mut chars = text.chars();
                    match (chars.next(), chars.next()) {
                        (Some(ch), None) => Raw::Escaped {
                            ch,
                            spelling: native,
                        },
                        _ => Raw::Standalone { native },
                    }
                };
                covered.push((range.clone(), raw));
            }
            Event::SoftBreak => covered.push((range.clone(), Raw::Text(native))),
            Event::InlineHtml(_) => covered.push((range.clone(), html_code(native))),
            Event::Start(_) => {
                opens.push((range.start, index));
                open_stack.push(index);
            }
            Event::End(_) => {
                let id = open_stack.pop().unwrap_or(index);
                closes.push((range.end, id));
            }
            _ => covered.push((range.clone(), Raw::Standalone { native })),
        }
    }
    covered.sort_by_key(|(r, _)| r.start);
    let mut raw = Vec::new();
    let mut cursor = start;
    for (range, piece) in covered {
        if range.start < cursor {
            continue;
        }
        gap(source, cursor, range.start, &opens, &closes, &mut raw);
        raw.push(piece);
        cursor = range.end;
    }
    gap(source, cursor, end, &opens, &closes, &mut raw);
    unescape_backslashes(&mut raw);
    builder.paragraph(raw);
    *pos = end;
    run.clear();
}

/// Markup bytes between covered spans, cut where a span begins or ends, each
/// piece an opening, a closing or a standalone code.
fn gap(
    source: &str,
    from: usize,
    to: usize,
    opens: &[(usize, usize)],
    closes: &[(usize, usize)],
    raw: &mut Vec<Raw>,
) {
    if from >= to {
        return;
    }
    let mut cuts: Vec<usize> = opens
        .iter()
        .map(|(at, _)| *at)
        .chain(closes.iter().map(|(at, _)| *at))
        .filter(|&at| at > from && at < to)
        .collect();
    cuts.push(to);
    cuts.sort_unstable();
    cuts.dedup();
    let mut start = from;
    for cut in cuts {
        let native = source[start..cut].to_string();
        let opened: Vec<usize> = opens
            .iter()
            .filter(|(at, _)| *at == start)
            .map(|(_, id)| *id)
            .collect();
        let closed: Vec<usize> = closes
            .iter()
            .filter(|(at, _)| *at == cut)
            .map(|(_, id)| *id)
            .collect();
        raw.push(match (opened.as_slice(), closed.as_slice()) {
            ([id], []) => Raw::Open {
                key: format!("md{id}"),
                native,
            },
            ([], [id]) => Raw::Close {
                key: format!("md{id}"),
                native,
            },
            _ => Raw::Standalone { native },
        });
        start = cut;
    }
}

/// Inline HTML: `<b …>` opens and `</b>` closes by element name; comments,
/// self-closing and void elements stand alone.
fn html_code(native: String) -> Raw {
    match super::html::tag_name(&native) {
        Some((name, false)) if !super::html::is_void(&name) && !native.ends_with("/>") => {
            Raw::Open {
                key: format!("html:{name}"),
                native,
            }
        }
        Some((name, true)) => Raw::Close {
            key: format!("html:{name}"),
            native,
        },
        _ => Raw::Standalone { native },
    }
}

/// A backslash escape (`\*`) shows as a markup gap `\` before text starting
/// with the punctuation character: make it an escaped character, so the
/// translator sees `*`.
fn unescape_backslashes(raw: &mut Vec<Raw>) {
    let mut out = Vec::with_capacity(raw.len());
    let mut pieces = std::mem::take(raw).into_iter().peekable();
    while let Some(piece) = pieces.next() {
        let is_backslash = matches!(&piece, Raw::Standalone { native } if native.ends_with('\\'));
        let next_punct = match pieces.peek() {
            Some(Raw::Text(t)) => t.chars().next().filter(|c| c.is_ascii_punctuation()),
            _ => None,
        };
        match (is_backslash, next_punct, piece) {
            (true, Some(ch), Raw::Standalone { native }) => {
                let before = &native[..native.len() - 1];
                if !before.is_empty() {
                    out.push(Raw::Standalone {
                        native: before.to_string(),
                    });
                }
                out.push(Raw::Escaped {
                    ch,
                    spelling: format!("\\{ch}"),
                });
                if let Some(Raw::Text(t)) = pieces.next() {
                    let rest = &t[ch.len_utf8()..];
                    if !rest.is_empty() {
                        out.push(Raw::Text(rest.to_string()));
                    }
                }
            }
            (_, _, piece) => out.push(piece),
        }
    }
    *raw = out;
}
