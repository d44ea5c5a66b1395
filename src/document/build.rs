//! What the readers share: raw paragraph pieces → [`Content`] with paired codes,
//! and the document-wide decision which entities or escapes can be decoded.

use super::{Document, Format, Skeleton};
use crate::unit::{Content, Inline, TagKind};
use std::collections::{HashMap, HashSet};

/// A piece of a paragraph as a reader found it.
#[derive(Clone, Debug)]
pub(crate) enum Raw {
    /// Source text, written back as is.
    Text(String),
    /// A character the source spelled as an entity or escape (`&amp;`, `\*`).
    Escaped { ch: char, spelling: String },
    /// Markup that opens a span closed by a [`Raw::Close`] with the same key.
    Open { key: String, native: String },
    /// Markup that closes a span.
    Close { key: String, native: String },
    /// Markup that stands alone (a line break, an image, a code span).
    Standalone { native: String },
}

/// Collects skeleton pieces and paragraphs while a reader walks a file.
pub(crate) struct Builder {
    format: Format,
    pieces: Vec<String>,
    paragraphs: Vec<Vec<Raw>>,
    /// Characters that stay raw even when the source never escapes them
    /// (so that a translation cannot break the markup): `&` and `<` in HTML.
    default_escapes: &'static [(char, &'static str)],
}

impl Builder {
    pub(crate) fn new(format: Format, default_escapes: &'static [(char, &'static str)]) -> Self {
        Builder {
            format,
            pieces: vec![String::new()],
            paragraphs: Vec::new(),
            default_escapes,
        }
    }

    /// Appends source text to the skeleton.
    pub(crate) fn skeleton(&mut self, text: &str) {
        self.pieces.last_mut().expect("one piece").push_str(text);
    }

    /// Adds a paragraph. Leading and trailing white space and unpaired
    /// leading/trailing markup go to the skeleton; a paragraph without any
    /// non-space text goes there whole.
    pub(crate) fn paragraph(&mut self, mut raw: Vec<Raw>) {
        merge_text(&mut raw);
        let has_words = raw.iter().any(|r| match r {
            Raw::Text(t) => t.chars().any(|c| !c.is_whitespace()),
            Raw::Escaped { ch, .. } => !ch.is_whitespace(),
            _ => false,
        });
        if !has_words {
            for r in &raw {
                self.skeleton(native_of(r));
            }
            return;
        }
        // Leading white space (and standalone markup before it) stays outside.
        if let Some(Raw::Text(t)) = raw.first_mut() {
            let trimmed = t.trim_start();
            let lead = t.len() - trimmed.len();
            if lead > 0 {
                let head: String = t[..lead].to_string();
                *t = t[lead..].to_string();
                self.skeleton(&head);
            }
        }
        let mut tail = String::new();
        if let Some(Raw::Text(t)) = raw.last_mut() {
            let trimmed_len = t.trim_end().len();
            if trimmed_len < t.len() {
                tail = t[trimmed_len..].to_string();
                t.truncate(trimmed_len);
            }
        }
        raw.retain(|r| !matches!(r, Raw::Text(t) if t.is_empty()));
        self.paragraphs.push(raw);
        self.pieces.push(tail);
    }

    /// Decides the escapes and builds the document.
    pub(crate) fn finish(self) -> Document {
        // Characters written raw in paragraph text, and each escaped
        // character's spellings.
        let mut raw_chars: HashSet<char> = HashSet::new();
        let mut spellings: HashMap<char, HashSet<&str>> = HashMap::new();
        for paragraph in &self.paragraphs {
            for r in paragraph {
                match r {
                    Raw::Text(t) => raw_chars.extend(t.chars()),
                    Raw::Escaped { ch, spelling } => {
                        spellings.entry(*ch).or_default().insert(spelling.as_str());
                    }
                    _ => {}
                }
            }
        }
        let mut escapes: Vec<(char, String)> = spellings
            .iter()
            .filter(|(ch, set)| set.len() == 1 && !raw_chars.contains(ch))
            .map(|(ch, set)| (*ch, set.iter().next().expect("one").to_string()))
            .collect();
        for (ch, spelling) in self.default_escapes {
            if !raw_chars.contains(ch) && !spellings.contains_key(ch) {
                escapes.push((*ch, spelling.to_string()));
            }
        }
        escapes.sort();
        let decodable: HashSet<char> = escapes.iter().map(|(c, _)| *c).collect();
        let paragraphs = self
            .paragraphs
            .into_iter()
            .map(|raw| to_content(raw, &decodable))
            .collect();
        Document {
            paragraphs,
            skeleton: Skeleton {
                format: self.format,
                pieces: self.pieces,
                escapes,
            },
        }
    }
}

fn native_of(r: &Raw) -> &str {
    match r {
        Raw::Text(t) => t,
        Raw::Escaped { spelling, .. } => spelling,
        Raw::Open { native, .. } | Raw::Close { native, .. } | Raw::Standalone { native } => native,
    }
}

fn merge_text(raw: &mut Vec<Raw>) {
    let mut out: Vec<Raw> = Vec::with_capacity(raw.len());
    for r in raw.drain(..) {
        match (out.last_mut(), r) {
            (Some(Raw::Text(prev)), Raw::Text(t)) => prev.push_str(&t),
            (_, Raw::Text(t)) if t.is_empty() => {}
            (_, r) => out.push(r),
        }
    }
    *raw = out;
}

/// Pairs opening and closing markup (innermost first, by key) into
/// `bpt`/`ept` with a shared `i`; what does not pair is a `ph`. Every code
/// gets a paragraph-unique `x` (its identity in tag checks).
fn to_content(raw: Vec<Raw>, decodable: &HashSet<char>) -> Content {
    // Pair first: index of the partner of each Open/Close.
    let mut partner: Vec<Option<usize>> = vec![None; raw.len()];
    let mut stack: Vec<(usize, &str)> = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        match r {
            Raw::Open { key, .. } => stack.push((i, key)),
            Raw::Close { key, .. } => {
                if let Some(depth) = stack.iter().rposition(|(_, k)| *k == key.as_str()) {
                    // Anything opened inside it and not closed stays unpaired.
                    let (open, _) = stack[depth];
                    stack.truncate(depth);
                    partner[open] = Some(i);
                    partner[i] = Some(open);
                }
            }
            _ => {}
        }
    }
    let mut content = Vec::with_capacity(raw.len());
    let mut next_x = 1;
    let mut pair_of: HashMap<usize, usize> = HashMap::new();
    for (index, r) in raw.into_iter().enumerate() {
        let x = |n: &mut usize| {
            let v = *n;
            *n += 1;
            v.to_string()
        };
        match r {
            Raw::Text(t) => push_text(&mut content, &t),
            Raw::Escaped { ch, spelling } => {
                if decodable.contains(&ch) {
                    push_text(&mut content, ch.encode_utf8(&mut [0; 4]));
                } else {
                    content.push(code(TagKind::Ph, vec![("x", x(&mut next_x))], spelling));
                }
            }
            Raw::Open { native, .. } if partner[index].is_some() => {
                // The pair's `i` is the opening code's `x`, so `i` and `x`
                // values never collide (XLIFF writes both as `id`).
                let own = x(&mut next_x);
                let i: usize = own.parse().expect("a number");
                pair_of.insert(index, i);
                let attrs = vec![("i", i.to_string()), ("x", own)];
                content.push(code(TagKind::Bpt, attrs, native));
            }
            Raw::Close { native, .. } if partner[index].is_some() => {
                let open = partner[index].expect("paired");
                let i = pair_of[&open];
                let attrs = vec![("i", i.to_string()), ("x", x(&mut next_x))];
                content.push(code(TagKind::Ept, attrs, native));
            }
            Raw::Open { native, .. } | Raw::Close { native, .. } | Raw::Standalone { native } => {
                content.push(code(TagKind::Ph, vec![("x", x(&mut next_x))], native));
            }
        }
    }
    content
}

fn push_text(content: &mut Content, text: &str) {
    if let Some(Inline::Text { text: prev }) = content.last_mut() {
        prev.push_str(text);
    } else {
        content.push(Inline::text(text));
    }
}

fn code(kind: TagKind, attrs: Vec<(&str, String)>, native: String) -> Inline {
    Inline::tag(
        kind,
        attrs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        vec![Inline::text(native)],
    )
}
