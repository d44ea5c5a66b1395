//! Cutting a paragraph into segments and joining it again, with inline codes
//! kept attached to the segments.
//!
//! The segmenter works on the plain text ([`crate::unit::plain_text`]) and
//! returns character ranges; [`split`] maps them back onto the content. Every
//! code lands in a segment: a closing code or placeholder right after a
//! segment's last character stays with it, an opening code goes with the next
//! segment, codes before the first segment go with the first and after the
//! last with the last. Only the white space between segments is left outside
//! (the "gaps", XLIFF's text between `<mrk mtype="seg">` or `<ignorable>`). A
//! pair cut by a segment boundary becomes two isolated codes (`it`,
//! `pos="begin"`/`"end"`). [`join`] is the inverse: `join(split(c, r)) == c`
//! up to that `bpt`/`ept` → `it` change, which renders identically.

use crate::unit::{Content, Inline, TagKind, set_attr};

/// A paragraph cut into segments: `gaps[i]` comes before `segments[i]`,
/// the last gap after the last segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitParagraph {
    /// White space between segments (one more than there are segments).
    pub gaps: Vec<String>,
    /// The segments' content.
    pub segments: Vec<Content>,
}

enum Atom<'a> {
    Char(char),
    Code(&'a Inline),
}

/// Cuts `content` at the segments' character ranges `(start, end)` in its
/// plain text (ascending, not overlapping). No ranges: one segment.
pub fn split(content: &[Inline], ranges: &[(usize, usize)]) -> SplitParagraph {
    let mut atoms = Vec::new();
    let mut char_atom = Vec::new(); // plain offset → atom index
    for piece in content {
        match piece {
            Inline::Text { text } => {
                for c in text.chars() {
                    char_atom.push(atoms.len());
                    atoms.push(Atom::Char(c));
                }
            }
            tag => atoms.push(Atom::Code(tag)),
        }
    }
    let ranges: Vec<(usize, usize)> = ranges
        .iter()
        .copied()
        .filter(|(s, e)| s < e && *e <= char_atom.len())
        .collect();
    if ranges.is_empty() {
        return SplitParagraph {
            gaps: vec![String::new(), String::new()],
            segments: vec![isolate(content.to_vec())],
        };
    }
    let is_code = |i: usize| matches!(atoms.get(i), Some(Atom::Code(_)));
    let is_opening = |i: usize| {
        matches!(
            atoms.get(i),
            Some(Atom::Code(Inline::Tag {
                kind: TagKind::Bpt,
                ..
            }))
        )
    };
    // Atom bounds [lo, hi) of each segment's characters, closings attached.
    let mut bounds: Vec<(usize, usize)> = ranges
        .iter()
        .map(|&(s, e)| {
            let lo = char_atom[s];
            let mut hi = char_atom[e - 1] + 1;
            while is_code(hi) && !is_opening(hi) {
                hi += 1;
            }
            (lo, hi)
        })
        .collect();
    let first_code = (0..atoms.len()).find(|&i| is_code(i));
    if let Some(fc) = first_code {
        bounds[0].0 = bounds[0].0.min(fc);
    }
    let last = bounds.len() - 1;
    if let Some(lc) = (0..atoms.len()).rev().find(|&i| is_code(i)) {
        bounds[last].1 = bounds[last].1.max(lc + 1);
    }
    for k in 1..bounds.len() {
        let (prev_hi, lo) = (bounds[k - 1].1, bounds[k].0);
        if let Some(code_at) = (prev_hi..lo).find(|&i| is_code(i)) {
            bounds[k].0 = code_at;
        }
        bounds[k].0 = bounds[k].0.max(bounds[k - 1].1);
    }
    let text_of = |from: usize, to: usize| -> String {
        atoms[from..to]
            .iter()
            .filter_map(|a| match a {
                Atom::Char(c) => Some(*c),
                Atom::Code(_) => None,
            })
            .collect()
    };
    let mut gaps = Vec::with_capacity(bounds.len() + 1);
    let mut segments = Vec::with_capacity(bounds.len());
    let mut cursor = 0;
    for &(lo, hi) in &bounds {
        gaps.push(text_of(cursor, lo));
        let mut segment: Content = Vec::new();
        for atom in &atoms[lo..hi] {
            match atom {
                Atom::Char(c) => match segment.last_mut() {
                    Some(Inline::Text { text }) => text.push(*c),
                    _ => segment.push(Inline::text(c.to_string())),
                },
                Atom::Code(tag) => segment.push((*tag).clone()),
            }
        }
        segments.push(isolate(segment));
        cursor = hi;
    }
    gaps.push(text_of(cursor, atoms.len()));
    SplitParagraph { gaps, segments }
}

/// Turns `bpt`/`ept` whose partner is not in the same segment into `it`.
fn isolate(mut segment: Content) -> Content {
    let pair_ids = |kind: TagKind, seg: &Content| -> Vec<String> {
        seg.iter()
            .filter_map(|p| match p {
                Inline::Tag { kind: k, attrs, .. } if *k == kind => {
                    crate::unit::attr(attrs, "i").map(str::to_string)
                }
                _ => None,
            })
            .collect()
    };
    let begins = pair_ids(TagKind::Bpt, &segment);
    let ends = pair_ids(TagKind::Ept, &segment);
    for piece in &mut segment {
        if let Inline::Tag { kind, attrs, .. } = piece {
            let i = crate::unit::attr(attrs, "i").unwrap_or("").to_string();
            let pos = match kind {
                TagKind::Bpt if !ends.contains(&i) => "begin",
                TagKind::Ept if !begins.contains(&i) => "end",
                _ => continue,
            };
            *kind = TagKind::It;
            set_attr(attrs, "pos", pos);
        }
    }
    segment
}

/// Joins segments and gaps back into one paragraph.
pub fn join(gaps: &[String], segments: &[Content]) -> Content {
    let mut out: Content = Vec::new();
    let push_text = |out: &mut Content, text: &str| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(Inline::Text { text: prev }) => prev.push_str(text),
            _ => out.push(Inline::text(text)),
        }
    };
    for (i, segment) in segments.iter().enumerate() {
        if let Some(gap) = gaps.get(i) {
            push_text(&mut out, gap);
        }
        for piece in segment {
            match piece {
                Inline::Text { text } => push_text(&mut out, text),
                tag => out.push(tag.clone()),
            }
        }
    }
    for gap in gaps.iter().skip(segments.len()) {
        push_text(&mut out, gap);
    }
    out
}
