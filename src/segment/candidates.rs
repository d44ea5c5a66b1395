//! Candidate scans: where the rules need to be tried at all.
//!
//! [`CandidateScan`] finds the positions after or before a character of a
//! rare class (end marks, quotes, bullets). [`AnchorScan`] finds the
//! candidates of a break rule whose `afterbreak` starts with a frequent
//! character (`[b-z]\.\s+\p{Lu}`, `\(?(?:[0-9]{1,3}|[a-z])\.?\)\s+\p{Lu}`):
//! instead of searching the whole text for the pattern with a regex (a
//! search per start, and a regex to compile at start-up), find a rare
//! character the pattern must contain a few characters after its start
//! (the `.` or `)`) with `memchr`, step back to each start it allows, and
//! keep those starts whose surrounding characters fit the rule's edges (see
//! [`super::edge_filter`]).
//!
//! Every position where the pattern can start is kept, so the candidates
//! are a superset of the regex scan's; a candidate where no rule matches
//! gets no break, so extra ones change nothing.

use super::edge_filter::{DEPTH, Edges, class_contains};
use regex_syntax::hir::{Class, ClassUnicode, Hir, HirKind};

/// Finds candidate positions in one pass over the bytes: after each
/// character of one class and before each character of another. A byte
/// table marks the ASCII members directly and the UTF-8 lead bytes some
/// non-ASCII member starts with (that character is then decoded and checked).
/// Far cheaper per hit than a regex search, and the classes scanned here
/// (end marks, quotes, brackets, bullets, digits) have many hits.
pub(crate) struct CandidateScan {
    /// Bit flags per byte: [`AFTER_ASCII`], [`AFTER_LEAD`], [`BEFORE_ASCII`], [`BEFORE_LEAD`].
    table: [u8; 256],
    after: ClassUnicode,
    before: ClassUnicode,
}

/// An ASCII character after which there is a candidate.
const AFTER_ASCII: u8 = 1;
/// A lead byte of a character after which there may be a candidate.
const AFTER_LEAD: u8 = 2;
/// An ASCII character before which there is a candidate.
const BEFORE_ASCII: u8 = 4;
/// A lead byte of a character before which there may be a candidate.
const BEFORE_LEAD: u8 = 8;

fn utf8_lead(c: char) -> u8 {
    let mut buf = [0u8; 4];
    c.encode_utf8(&mut buf).as_bytes()[0]
}

impl CandidateScan {
    /// `None` when both classes are empty.
    pub(crate) fn new(after: ClassUnicode, before: ClassUnicode) -> Option<CandidateScan> {
        if after.ranges().is_empty() && before.ranges().is_empty() {
            return None;
        }
        let mut table = [0u8; 256];
        for (class, ascii, lead) in [
            (&after, AFTER_ASCII, AFTER_LEAD),
            (&before, BEFORE_ASCII, BEFORE_LEAD),
        ] {
            for range in class.ranges() {
                for b in u32::from(range.start())..=u32::from(range.end()).min(0x7f) {
                    table[b as usize] |= ascii;
                }
                if range.end() > '\x7f' {
                    // Lead bytes grow with the code point, so a range covers a run of them.
                    let first = utf8_lead(range.start().max('\u{80}'));
                    let last = utf8_lead(range.end());
                    for b in first..=last {
                        table[usize::from(b)] |= lead;
                    }
                }
            }
        }
        Some(CandidateScan {
            table,
            after,
            before,
        })
    }

    /// Appends the candidates inside `text` (never 0 or `text.len()`) in
    /// increasing order, a position possibly twice.
    pub(crate) fn scan(&self, text: &str, candidates: &mut Vec<usize>) {
        let bytes = text.as_bytes();
        let len = bytes.len();
        for (i, &b) in bytes.iter().enumerate() {
            let flags = self.table[usize::from(b)];
            if flags == 0 {
                continue;
            }
            if b < 0x80 {
                if flags & BEFORE_ASCII != 0 && i > 0 {
                    candidates.push(i);
                }
                if flags & AFTER_ASCII != 0 && i + 1 < len {
                    candidates.push(i + 1);
                }
            } else {
                // `b` is a lead byte (continuation bytes are never marked).
                let c = text[i..].chars().next().unwrap_or('\0');
                if flags & BEFORE_LEAD != 0 && i > 0 && class_contains(&self.before, c) {
                    candidates.push(i);
                }
                let end = i + c.len_utf8();
                if flags & AFTER_LEAD != 0 && end < len && class_contains(&self.after, c) {
                    candidates.push(end);
                }
            }
        }
    }
}

/// Farthest (in characters) an anchor may be from the pattern's start.
const MAX_OFFSET: usize = 8;

/// One break rule's candidate scan.
pub(crate) struct AnchorScan {
    /// The anchor: one to three ASCII punctuation bytes.
    bytes: Vec<u8>,
    /// The pattern starts this many characters before the anchor …
    min: usize,
    /// … up to this many.
    max: usize,
    before: Edges,
    after: Edges,
}

impl AnchorScan {
    /// A scan for the anchor `bytes` (see [`anchor_of`]) of a rule with
    /// these edges.
    pub(crate) fn new(
        (bytes, min, max): (Vec<u8>, usize, usize),
        before_edges: Edges,
        after_edges: Edges,
    ) -> AnchorScan {
        AnchorScan {
            bytes,
            min,
            max,
            before: before_edges,
            after: after_edges,
        }
    }

    /// Appends the candidates inside `text` (never 0 or `text.len()`).
    pub(crate) fn scan(&self, text: &str, candidates: &mut Vec<usize>) {
        let bytes = text.as_bytes();
        let mut found = |i: usize| {
            // Step back over whole characters: `i` is an ASCII byte.
            let mut q = i;
            for back in 0..=self.max {
                if back >= self.min && q > 0 && self.fits(text, q) {
                    candidates.push(q);
                }
                if q == 0 {
                    break;
                }
                q = previous_char_start(bytes, q);
            }
        };
        match self.bytes[..] {
            [a] => memchr::memchr_iter(a, bytes).for_each(&mut found),
            [a, b] => memchr::memchr2_iter(a, b, bytes).for_each(&mut found),
            [a, b, c] => memchr::memchr3_iter(a, b, c, bytes).for_each(&mut found),
            _ => {}
        }
    }

    /// Whether the characters around `q` fit the rule's edges.
    fn fits(&self, text: &str, q: usize) -> bool {
        let fits = |edges: &Edges, chars: &mut dyn Iterator<Item = char>| {
            edges
                .iter()
                .zip(chars)
                .all(|(class, c)| class.as_ref().is_none_or(|k| class_contains(k, c)))
        };
        // The text before first: at most anchors it is a letter where the rule wants white space.
        fits(&self.before, &mut text[..q].chars().rev().take(DEPTH))
            && fits(&self.after, &mut text[q..].chars().take(DEPTH))
    }
}

fn previous_char_start(bytes: &[u8], mut i: usize) -> usize {
    i -= 1;
    while i > 0 && bytes[i] & 0xC0 == 0x80 {
        i -= 1;
    }
    i
}

/// The anchor of the `afterbreak` pattern `after` (plain `regex` syntax):
/// the bytes of the first rare character it must contain at a bounded
/// distance from its start, and the least and most characters before it;
/// `None` when it has none.
pub(crate) fn anchor_of(after: &str) -> Option<(Vec<u8>, usize, usize)> {
    anchor(&regex_syntax::Parser::new().parse(after).ok()?)
}

fn anchor(hir: &Hir) -> Option<(Vec<u8>, usize, usize)> {
    let parts: &[Hir] = match hir.kind() {
        HirKind::Concat(parts) => parts,
        _ => std::slice::from_ref(hir),
    };
    let (mut min, mut max) = (0usize, 0usize);
    for part in parts {
        if max > MAX_OFFSET {
            return None;
        }
        match part.kind() {
            HirKind::Literal(literal) => {
                for c in std::str::from_utf8(&literal.0).ok()?.chars() {
                    if is_rare(c) {
                        return Some((vec![c as u8], min, max));
                    }
                    min += 1;
                    max += 1;
                }
                continue;
            }
            HirKind::Class(Class::Unicode(class)) => {
                let chars = first_chars(class, 4);
                if chars.len() <= 3 && chars.iter().all(|&c| is_rare(c)) {
                    return Some((chars.iter().map(|&c| c as u8).collect(), min, max));
                }
            }
            _ => {}
        }
        let (low, high) = char_len(part)?;
        min += low;
        max += high?;
    }
    None
}

/// The first `limit` characters of a class, in order (a class of fewer
/// characters gives them all): enough to tell a class of a few rare
/// characters from a large one without listing it.
pub(super) fn first_chars(class: &ClassUnicode, limit: usize) -> Vec<char> {
    class
        .ranges()
        .iter()
        .flat_map(|r| r.start()..=r.end())
        .take(limit)
        .collect()
}

/// ASCII punctuation other than the frequent `,` and `'`.
fn is_rare(c: char) -> bool {
    c.is_ascii_punctuation() && !matches!(c, ',' | '\'' | '-' | '"')
}

/// The least and most characters `hir` matches (`None`: unbounded);
/// `None` for a byte class (which may match part of a character).
fn char_len(hir: &Hir) -> Option<(usize, Option<usize>)> {
    Some(match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => (0, Some(0)),
        HirKind::Literal(literal) => {
            let n = std::str::from_utf8(&literal.0).ok()?.chars().count();
            (n, Some(n))
        }
        HirKind::Class(Class::Unicode(_)) => (1, Some(1)),
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Capture(capture) => char_len(&capture.sub)?,
        HirKind::Repetition(repetition) => {
            let (low, high) = char_len(&repetition.sub)?;
            let times = |n: u32| usize::try_from(n).ok();
            (
                low.saturating_mul(times(repetition.min)?),
                match (high, repetition.max) {
                    (Some(0), _) => Some(0),
                    (Some(h), Some(m)) => Some(h.saturating_mul(times(m)?)),
                    _ => None,
                },
            )
        }
        HirKind::Concat(parts) => {
            let mut total = (0usize, Some(0usize));
            for part in parts {
                let (low, high) = char_len(part)?;
                total.0 = total.0.saturating_add(low);
                total.1 = total.1.zip(high).map(|(a, b)| a.saturating_add(b));
            }
            total
        }
        HirKind::Alternation(parts) => {
            let mut total: Option<(usize, Option<usize>)> = None;
            for part in parts {
                let (low, high) = char_len(part)?;
                total = Some(match total {
                    None => (low, high),
                    Some((l, h)) => (l.min(low), h.zip(high).map(|(a, b)| a.max(b))),
                });
            }
            total.unwrap_or((0, Some(0)))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::edge_filter::{any_edges, side_edges};

    #[test]
    fn anchors_are_rare_characters_near_the_start() {
        assert_eq!(anchor_of(r"[b-z]\.\s+\p{Lu}"), Some((b".".to_vec(), 1, 1)));
        assert_eq!(
            anchor_of(r"\(?(?:[0-9]{1,3}|[a-z])\.?\)\s+\p{Lu}"),
            Some((b")".to_vec(), 1, 5))
        );
        assert_eq!(
            anchor_of(r"(?:[0-9]{1,3}|[a-z])\.?\)"),
            Some((b")".to_vec(), 1, 4))
        );
        assert_eq!(
            anchor_of(r"[0-9]{1,3}\.\s+\p{Lu}"),
            Some((b".".to_vec(), 1, 3))
        );
        // Too far, unbounded, or nothing rare: no anchor.
        assert_eq!(anchor_of(r"[a-z]{1,20}\."), None);
        assert_eq!(anchor_of(r"\s+\p{Lu}\."), None);
        assert_eq!(anchor_of(r"[a-z]\s+[A-Z]"), None);
    }

    /// The scan finds every start of the pattern that the regex finds.
    #[test]
    fn scan_finds_every_start_of_the_pattern() {
        for pattern in [
            r"[b-z]\.\s+\p{Lu}",
            r"(?:[0-9]{1,3}|[a-z])\.?\)\s+\p{Lu}",
            r"[0-9]{1,3}\.\s+\p{Lu}",
        ] {
            let hir = regex_syntax::Parser::new().parse(pattern).unwrap();
            let anchor = anchor_of(pattern).unwrap();
            let scan = AnchorScan::new(anchor, any_edges(), side_edges(&hir, false));
            let re = regex::Regex::new(&format!(r"\A(?:{pattern})")).unwrap();
            for text in [
                "a b. The c). D 12. E 1234. F ё. Ж x.\u{A0}Y 7) Z",
                "b. A",
                "word.Z q.  Q a) Б 99) X",
            ] {
                let mut got = Vec::new();
                scan.scan(text, &mut got);
                for (q, _) in text.char_indices().filter(|(q, _)| *q > 0) {
                    if re.is_match(&text[q..]) {
                        assert!(got.contains(&q), "{pattern} at {q} of {text:?}");
                    }
                }
            }
        }
    }
}
