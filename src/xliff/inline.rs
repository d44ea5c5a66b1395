//! Segment content: XML children ↔ [`Content`], and XLIFF inline codes ↔ the
//! TMX kinds a memory stores.

use super::Version;
use super::tree::{Element, Node};
use crate::unit::{Attributes, Content, Inline, TagKind, attr};

/// The inline element kinds of a version, by local name.
pub(crate) fn inline_kind(version: Version, local: &str) -> Option<TagKind> {
    Some(if version.is_2x() {
        match local {
            "cp" => TagKind::Cp,
            "ph" => TagKind::Ph,
            "pc" => TagKind::Pc,
            "sc" => TagKind::Sc,
            "ec" => TagKind::Ec,
            "mrk" => TagKind::Mrk,
            "sm" => TagKind::Sm,
            "em" => TagKind::Em,
            _ => return None,
        }
    } else {
        match local {
            "g" => TagKind::G,
            "x" => TagKind::X,
            "bx" => TagKind::Bx,
            "ex" => TagKind::Ex,
            "bpt" => TagKind::Bpt,
            "ept" => TagKind::Ept,
            "ph" => TagKind::Ph,
            "it" => TagKind::It,
            "mrk" => TagKind::Mrk,
            "sub" => TagKind::Sub,
            _ => return None,
        }
    })
}

/// Reads segment content from the children of `<source>`, `<target>` or a
/// `mrk`. Elements that are not inline elements of the version keep their text
/// (a note goes to `problems`); comments and processing instructions are not
/// content.
pub(crate) fn read_content(
    version: Version,
    core_ns: &str,
    children: &[Node],
    problems: &mut Vec<String>,
) -> Content {
    let mut out = Content::new();
    for child in children {
        match child {
            Node::Text(text) | Node::CData(text) => push_text(&mut out, text),
            Node::Element(element) => {
                let kind = (element.ns == core_ns)
                    .then(|| inline_kind(version, element.local()))
                    .flatten();
                match kind {
                    Some(kind) => {
                        let content = read_content(version, core_ns, &element.children, problems);
                        out.push(Inline::Tag {
                            kind,
                            attrs: element.attrs.clone(),
                            content,
                        });
                    }
                    None => {
                        if problems.len() < 20 {
                            problems.push(format!(
                                "<{}> is not an XLIFF {version} inline element: its text is read as \
                                 segment text (the element itself is kept in the file)",
                                element.name
                            ));
                        }
                        let inner = read_content(version, core_ns, &element.children, problems);
                        for piece in inner {
                            match piece {
                                Inline::Text { text } => push_text(&mut out, &text),
                                tag => out.push(tag),
                            }
                        }
                    }
                }
            }
            Node::Comment(_) | Node::Pi(_) | Node::DocType(_) => {}
        }
    }
    out
}

fn push_text(out: &mut Content, text: &str) {
    if let Some(Inline::Text { text: last }) = out.last_mut() {
        last.push_str(text);
    } else if !text.is_empty() {
        out.push(Inline::text(text));
    }
}

/// Writes content as XML children named with `prefix` (the prefix of the
/// enclosing XLIFF element) in namespace `ns`.
pub(crate) fn content_nodes(content: &[Inline], prefix: &str, ns: &str) -> Vec<Node> {
    content
        .iter()
        .filter_map(|piece| match piece {
            Inline::Text { text } if text.is_empty() => None,
            Inline::Text { text } => Some(Node::Text(text.clone())),
            Inline::Tag {
                kind,
                attrs,
                content,
            } => {
                let name = match prefix {
                    "" => kind.name().to_string(),
                    _ => format!("{prefix}:{}", kind.name()),
                };
                Some(Node::Element(Element {
                    name,
                    ns: ns.to_string(),
                    attrs: attrs.clone(),
                    children: content_nodes(content, prefix, ns),
                }))
            }
        })
        .collect()
}

/// Checks that paired codes pair up in one flow of content (1.x `bpt`/`ept`
/// by `id`, `bx`/`ex` by `rid` or `id`); 2.x `sc`/`ec` and `sm`/`em` are
/// checked across the unit by [`check_pairs_2x`].
pub(crate) fn check_pairs_1x(content: &[Inline], problems: &mut Vec<String>) {
    let mut open: Vec<(TagKind, String)> = Vec::new();
    walk_1x(content, &mut open, problems);
    for (kind, id) in open {
        let end = if kind == TagKind::Bpt { "ept" } else { "ex" };
        problems.push(format!(
            "<{} id=\"{id}\"> has no <{end}> after it in the same segment (unpaired inline code)",
            kind.name()
        ));
    }
}

fn walk_1x(content: &[Inline], open: &mut Vec<(TagKind, String)>, problems: &mut Vec<String>) {
    for piece in content {
        let Inline::Tag {
            kind,
            attrs,
            content,
        } = piece
        else {
            continue;
        };
        let key = |attrs: &Attributes| {
            attr(attrs, "rid")
                .or_else(|| attr(attrs, "id"))
                .unwrap_or("")
                .to_string()
        };
        match kind {
            TagKind::Bpt | TagKind::Bx => open.push((*kind, key(attrs))),
            TagKind::Ept | TagKind::Ex => {
                let begin = if *kind == TagKind::Ept {
                    TagKind::Bpt
                } else {
                    TagKind::Bx
                };
                let id = key(attrs);
                match open.iter().position(|(k, i)| *k == begin && *i == id) {
                    Some(at) => {
                        open.remove(at);
                    }
                    None => problems.push(format!(
                        "<{} id=\"{id}\"> has no <{}> before it in the same segment (unpaired \
                         inline code)",
                        kind.name(),
                        begin.name()
                    )),
                }
            }
            TagKind::Sub => check_pairs_1x(content, problems),
            _ => walk_1x(content, open, problems),
        }
    }
}

/// Checks 2.x `sc`/`ec` (by `startRef`, unless `isolated="yes"`) and `sm`/`em`
/// over the source (or target) flows of a unit's segments in order.
pub(crate) fn check_pairs_2x<'a>(
    flows: impl Iterator<Item = &'a Content>,
    side: &str,
    problems: &mut Vec<String>,
) {
    let mut open: Vec<(TagKind, String)> = Vec::new();
    for flow in flows {
        walk_2x(flow, &mut open, side, problems);
    }
    for (kind, id) in open {
        let end = if kind == TagKind::Sc { "ec" } else { "em" };
        problems.push(format!(
            "{side}: <{} id=\"{id}\"> has no <{end} startRef=\"{id}\"> after it in the unit \
             (unpaired inline code)",
            kind.name()
        ));
    }
}

fn walk_2x(
    content: &[Inline],
    open: &mut Vec<(TagKind, String)>,
    side: &str,
    problems: &mut Vec<String>,
) {
    for piece in content {
        let Inline::Tag {
            kind,
            attrs,
            content,
        } = piece
        else {
            continue;
        };
        let isolated = attr(attrs, "isolated") == Some("yes");
        match kind {
            TagKind::Sc | TagKind::Sm if !isolated => {
                open.push((*kind, attr(attrs, "id").unwrap_or("").to_string()));
            }
            TagKind::Ec | TagKind::Em if !isolated => {
                let begin = if *kind == TagKind::Ec {
                    TagKind::Sc
                } else {
                    TagKind::Sm
                };
                let id = attr(attrs, "startRef").unwrap_or("");
                match open.iter().position(|(k, i)| *k == begin && i == id) {
                    Some(at) => {
                        open.remove(at);
                    }
                    None => problems.push(format!(
                        "{side}: <{} startRef=\"{id}\"> has no <{} id=\"{id}\"> before it in the \
                         unit (unpaired inline code)",
                        kind.name(),
                        begin.name()
                    )),
                }
            }
            _ => walk_2x(content, open, side, problems),
        }
    }
}

/// Maps XLIFF inline content onto the TMX kinds a memory stores (and TMX can
/// export): paired codes (`g`, `pc`, `bx`/`ex`, `sc`/`ec`) become
/// `bpt`/`ept` (or `it` when isolated), standalone codes (`x`, `ph`) `ph`,
/// annotations (`mrk`, `sm`/`em`) `hi` or nothing, `cp` its character.
/// `equiv-text`/`equiv`/`disp` become the code text so the tag still reads
/// as something in a CAT tool; `originalData` is not consulted.
pub fn to_tmx_content(content: &[Inline]) -> Content {
    to_tmx_content_with_data(content, &[])
}

/// [`to_tmx_content`] for 2.x content whose codes point into the unit's
/// `originalData` (`dataRef`, `dataRefStart`, `dataRefEnd`): the native code
/// from `data` (see [`super::Unit::original_data`]) becomes the TMX code text.
pub fn to_tmx_content_with_data(content: &[Inline], data: &[(String, String)]) -> Content {
    let mut out = Content::new();
    let mut next_i = 1u32;
    let mut ids: Vec<(String, u32)> = Vec::new();
    let mut ctx = Ctx {
        next_i: &mut next_i,
        ids: &mut ids,
        data,
    };
    convert(content, &mut out, &mut ctx);
    out
}

struct Ctx<'a> {
    next_i: &'a mut u32,
    ids: &'a mut Vec<(String, u32)>,
    data: &'a [(String, String)],
}

impl Ctx<'_> {
    fn native(&self, attrs: &Attributes, key: &str) -> Option<String> {
        let reference = attr(attrs, key)?;
        self.data
            .iter()
            .find(|(id, _)| id == reference)
            .map(|(_, text)| text.clone())
    }
}

fn code_text(kind: TagKind, attrs: &Attributes, ctx: &Ctx) -> String {
    if let Some(native) = ctx.native(attrs, "dataRef") {
        return native;
    }
    let id = attr(attrs, "id").unwrap_or("");
    [
        "equiv-text",
        "equiv",
        "equivStart",
        "equivEnd",
        "disp",
        "dispStart",
    ]
    .iter()
    .find_map(|name| attr(attrs, name))
    .map(str::to_string)
    .unwrap_or_else(|| format!("{{{}{id}}}", kind.name()))
}

fn convert(content: &[Inline], out: &mut Content, ctx: &mut Ctx) {
    let i_attr = |i: u32| vec![("i".to_string(), i.to_string())];
    for piece in content {
        let (kind, attrs, inner) = match piece {
            Inline::Text { text } => {
                push_text(out, text);
                continue;
            }
            Inline::Tag {
                kind,
                attrs,
                content,
            } => (*kind, attrs, content),
        };
        match kind {
            // A 2.x `ph` (or a 1.2 `x`) has no native code inside: a TMX `ph` with its display text.
            TagKind::X | TagKind::Ph if inner.is_empty() => {
                out.push(Inline::tag(
                    TagKind::Ph,
                    Vec::new(),
                    vec![Inline::text(code_text(kind, attrs, ctx))],
                ));
            }
            TagKind::Bpt
            | TagKind::Ept
            | TagKind::It
            | TagKind::Ph
            | TagKind::Ut
            | TagKind::Hi
            | TagKind::Sub => {
                // Already TMX kinds (XLIFF 1.2 shares them); XLIFF 1.2 `id` becomes `i`.
                let mut attrs: Attributes = attrs
                    .iter()
                    .filter(|(k, _)| matches!(k.as_str(), "pos" | "x" | "type" | "assoc"))
                    .cloned()
                    .collect();
                if matches!(kind, TagKind::Bpt | TagKind::Ept) {
                    let key = attr(
                        match piece {
                            Inline::Tag { attrs, .. } => attrs,
                            _ => unreachable!(),
                        },
                        "rid",
                    )
                    .or_else(|| match piece {
                        Inline::Tag { attrs, .. } => attr(attrs, "id").or_else(|| attr(attrs, "i")),
                        _ => None,
                    })
                    .unwrap_or("")
                    .to_string();
                    let i = pair_number(&key, kind == TagKind::Bpt, ctx.next_i, ctx.ids);
                    attrs.insert(0, ("i".into(), i.to_string()));
                }
                let mut converted = Content::new();
                convert(inner, &mut converted, ctx);
                out.push(Inline::Tag {
                    kind,
                    attrs,
                    content: converted,
                });
            }
            TagKind::G | TagKind::Pc => {
                let i = *ctx.next_i;
                *ctx.next_i += 1;
                let open_text = ctx
                    .native(attrs, "dataRefStart")
                    .or_else(|| attr(attrs, "equivStart").map(str::to_string))
                    .unwrap_or_else(|| {
                        format!("<{}{}>", kind.name(), attr(attrs, "id").unwrap_or(""))
                    });
                let close_text = ctx
                    .native(attrs, "dataRefEnd")
                    .or_else(|| attr(attrs, "equivEnd").map(str::to_string))
                    .unwrap_or_else(|| {
                        format!("</{}{}>", kind.name(), attr(attrs, "id").unwrap_or(""))
                    });
                out.push(Inline::tag(
                    TagKind::Bpt,
                    i_attr(i),
                    vec![Inline::text(open_text)],
                ));
                convert(inner, out, ctx);
                out.push(Inline::tag(
                    TagKind::Ept,
                    i_attr(i),
                    vec![Inline::text(close_text)],
                ));
            }
            TagKind::X => {
                out.push(Inline::tag(
                    TagKind::Ph,
                    Vec::new(),
                    vec![Inline::text(code_text(kind, attrs, ctx))],
                ));
            }
            TagKind::Bx | TagKind::Ex | TagKind::Sc | TagKind::Ec => {
                let begin = matches!(kind, TagKind::Bx | TagKind::Sc);
                let isolated = attr(attrs, "isolated") == Some("yes");
                let key = attr(attrs, "rid")
                    .or_else(|| attr(attrs, "startRef"))
                    .or_else(|| attr(attrs, "id"))
                    .unwrap_or("")
                    .to_string();
                let text = vec![Inline::text(code_text(kind, attrs, ctx))];
                if isolated {
                    let pos = if begin { "begin" } else { "end" };
                    out.push(Inline::tag(
                        TagKind::It,
                        vec![("pos".into(), pos.into())],
                        text,
                    ));
                } else {
                    let i = pair_number(&key, begin, ctx.next_i, ctx.ids);
                    let tmx = if begin { TagKind::Bpt } else { TagKind::Ept };
                    out.push(Inline::tag(tmx, i_attr(i), text));
                }
            }
            TagKind::Mrk => convert(inner, out, ctx),
            TagKind::Sm | TagKind::Em => {}
            TagKind::Cp => {
                if let Some(c) = attr(attrs, "hex")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32)
                {
                    if crate::xml::escape::is_xml_char(c) {
                        push_text(out, &c.to_string());
                    } else {
                        out.push(Inline::tag(
                            TagKind::Ph,
                            Vec::new(),
                            vec![Inline::text(format!("U+{:04X}", u32::from(c)))],
                        ));
                    }
                }
            }
        }
    }
}

/// The TMX `i` number of a paired code: a new one for a begin, the begin's for an end.
fn pair_number(key: &str, begin: bool, next_i: &mut u32, ids: &mut Vec<(String, u32)>) -> u32 {
    if !begin {
        if let Some(at) = ids.iter().rposition(|(k, _)| k == key) {
            return ids.remove(at).1;
        }
    }
    let i = *next_i;
    *next_i += 1;
    if begin {
        ids.push((key.to_string(), i));
    }
    i
}

/// Maps memory content (TMX kinds) onto XLIFF inline content of `version`:
/// for 1.x the TMX kinds are XLIFF 1.2 elements already (`bpt`/`ept` get `id`
/// from `i`, `hi` becomes `mrk mtype="x-hi"`, `ut` a `ph`); for 2.x codes
/// become `ph`/`sc`/`ec` with their native code kept as `equiv`/`disp`
/// text-free attributes (`disp`), since 2.x codes carry no content.
pub fn from_tmx_content(content: &[Inline], version: Version) -> Content {
    let mut out = Content::new();
    let mut counter = 0u32;
    from_tmx(content, version, &mut out, &mut counter);
    out
}

fn from_tmx(content: &[Inline], version: Version, out: &mut Content, counter: &mut u32) {
    for piece in content {
        let Inline::Tag {
            kind,
            attrs,
            content,
        } = piece
        else {
            out.push(piece.clone());
            continue;
        };
        *counter += 1;
        let native = native_text(content);
        let i = attr(attrs, "i")
            .or_else(|| attr(attrs, "x"))
            .map(str::to_string);
        if version.is_2x() {
            let id = format!(
                "{}{}",
                kind.name(),
                i.clone().unwrap_or_else(|| counter.to_string())
            );
            let with = |pairs: &[(&str, String)]| -> Attributes {
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect()
            };
            match kind {
                TagKind::Bpt => out.push(Inline::tag(
                    TagKind::Sc,
                    with(&[
                        ("id", format!("c{}", i.clone().unwrap_or_default())),
                        ("disp", native),
                    ]),
                    vec![],
                )),
                TagKind::Ept => out.push(Inline::tag(
                    TagKind::Ec,
                    with(&[
                        ("startRef", format!("c{}", i.clone().unwrap_or_default())),
                        ("disp", native),
                    ]),
                    vec![],
                )),
                TagKind::It => {
                    let kind = if attr(attrs, "pos") == Some("end") {
                        TagKind::Ec
                    } else {
                        TagKind::Sc
                    };
                    out.push(Inline::tag(
                        kind,
                        with(&[
                            ("id", format!("it{counter}")),
                            ("isolated", "yes".into()),
                            ("disp", native),
                        ]),
                        vec![],
                    ));
                }
                TagKind::Hi => {
                    let mut inner = Content::new();
                    from_tmx(content, version, &mut inner, counter);
                    out.push(Inline::tag(
                        TagKind::Mrk,
                        with(&[("id", format!("m{counter}")), ("type", "generic".into())]),
                        inner,
                    ));
                }
                TagKind::Sub => {}
                _ => out.push(Inline::tag(
                    TagKind::Ph,
                    with(&[("id", id), ("disp", native)]),
                    vec![],
                )),
            }
        } else {
            match kind {
                TagKind::Bpt | TagKind::Ept | TagKind::It | TagKind::Ph => {
                    let mut new_attrs: Attributes = Vec::new();
                    let id = i.unwrap_or_else(|| counter.to_string());
                    new_attrs.push(("id".into(), id));
                    for key in ["pos", "ctype"] {
                        if let Some(value) = attr(attrs, key) {
                            new_attrs.push((key.into(), value.into()));
                        }
                    }
                    if let (TagKind::It, None) = (kind, attr(attrs, "pos")) {
                        new_attrs.push(("pos".into(), "open".into()));
                    }
                    if let TagKind::It = kind {
                        if let Some(slot) = new_attrs.iter_mut().find(|(k, _)| k == "pos") {
                            if slot.1 == "begin" {
                                slot.1 = "open".into();
                            }
                            if slot.1 == "end" {
                                slot.1 = "close".into();
                            }
                        }
                    }
                    out.push(Inline::tag(*kind, new_attrs, vec![Inline::text(native)]));
                }
                TagKind::Hi => {
                    let mut inner = Content::new();
                    from_tmx(content, version, &mut inner, counter);
                    out.push(Inline::tag(
                        TagKind::Mrk,
                        vec![("mtype".into(), "x-hi".into())],
                        inner,
                    ));
                }
                TagKind::Sub => {}
                _ => out.push(Inline::tag(
                    TagKind::Ph,
                    vec![("id".into(), counter.to_string())],
                    vec![Inline::text(native)],
                )),
            }
        }
    }
}

/// The text of a code's content (its native code), without `sub` flows.
fn native_text(content: &[Inline]) -> String {
    content
        .iter()
        .map(|piece| match piece {
            Inline::Text { text } => text.clone(),
            Inline::Tag {
                kind: TagKind::Sub, ..
            } => String::new(),
            Inline::Tag { content, .. } => native_text(content),
        })
        .collect()
}
