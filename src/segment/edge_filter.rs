//! Which rules can match at a candidate, judged by the characters around it.
//!
//! A rule's `beforebreak` must end with the text before the candidate and
//! its `afterbreak` must start with the text after it, so the last
//! [`DEPTH`] characters a `beforebreak` can end with (and the first `DEPTH`
//! an `afterbreak` can start with) rule it out at most candidates without a
//! search: "Washington. He" rules out every side that ends in a digit and a
//! full stop, "… v. Wade" or "a.m.", so their searches never run (and, on a
//! one-line input, their automata are never built).
//!
//! The classes are a superset of what a side can match: look-arounds count
//! as empty, and a side that may match fewer than `DEPTH` characters allows
//! any character further out. So the filter never rejects a rule that
//! could match; it only saves work (`engine_tests` checks this against every
//! position of mixed texts and random ones).

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};
use std::rc::Rc;

/// How many characters on each side of a candidate the filter looks at.
pub(crate) const DEPTH: usize = 3;

/// For the characters nearest the candidate first: the class a side's match
/// can have there (`None`: any character).
pub(crate) type Edges = [Option<ClassUnicode>; DEPTH];

/// Edges of a side that may be empty or could not be analysed: anything goes.
pub(crate) fn any_edges() -> Edges {
    std::array::from_fn(|_| None)
}

/// One way a side's match can look near the candidate: its characters'
/// classes, nearest first. Shorter than [`DEPTH`] when the match ends (away
/// from the candidate) there. Classes are shared: paths are copied for
/// every combination of alternatives, and copying a large class (`\p{L}`,
/// hundreds of ranges) for each was a fifth of the start-up.
type Path = Vec<Rc<ClassUnicode>>;

/// More alternative paths than this are merged into one (a coarser superset).
const MAX_PATHS: usize = 24;

/// The edges of `hir` at its end (`before`: a `beforebreak` side) or start.
pub(crate) fn side_edges(hir: &Hir, before: bool) -> Edges {
    let paths = paths(hir, before);
    let mut edges = any_edges();
    for (i, edge) in edges.iter_mut().enumerate() {
        // A path ending before position `i` leaves that character free.
        if paths.iter().any(|p| p.len() <= i) {
            continue;
        }
        let mut class = ClassUnicode::empty();
        for path in &paths {
            class.union(&path[i]);
        }
        *edge = Some(class);
    }
    edges
}

fn any_char() -> ClassUnicode {
    ClassUnicode::new([ClassUnicodeRange::new('\0', char::MAX)])
}

/// Anything at all: [`DEPTH`] arbitrary characters.
fn unknown() -> Vec<Path> {
    vec![vec![Rc::new(any_char()); DEPTH]]
}

fn paths(hir: &Hir, before: bool) -> Vec<Path> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => vec![Vec::new()],
        HirKind::Literal(literal) => {
            let Ok(text) = std::str::from_utf8(&literal.0) else {
                return unknown();
            };
            let single = |c: char| Rc::new(ClassUnicode::new([ClassUnicodeRange::new(c, c)]));
            let path: Path = if before {
                text.chars().rev().take(DEPTH).map(single).collect()
            } else {
                text.chars().take(DEPTH).map(single).collect()
            };
            vec![path]
        }
        HirKind::Class(Class::Unicode(class)) => vec![vec![Rc::new(class.clone())]],
        // A byte class may match part of a character: no claim about characters.
        HirKind::Class(Class::Bytes(_)) => unknown(),
        HirKind::Capture(capture) => paths(&capture.sub, before),
        HirKind::Repetition(repetition) => {
            let sub = paths(&repetition.sub, before);
            let depth = DEPTH as u32;
            let mandatory = repetition.min.min(depth);
            let most = repetition.max.map_or(depth, |max| max.min(depth));
            let mut acc = vec![Vec::new()];
            for _ in 0..mandatory {
                acc = concat(acc, &sub);
            }
            for _ in mandatory..most {
                let mut more = concat(acc.clone(), &sub);
                more.extend(acc);
                acc = limit(more);
            }
            acc
        }
        HirKind::Concat(parts) => {
            let mut acc = vec![Vec::new()];
            let ordered: Box<dyn Iterator<Item = &Hir>> = if before {
                Box::new(parts.iter().rev())
            } else {
                Box::new(parts.iter())
            };
            for part in ordered {
                if acc.iter().all(|p| p.len() >= DEPTH) {
                    break;
                }
                acc = concat(acc, &paths(part, before));
            }
            acc
        }
        HirKind::Alternation(parts) => {
            let mut all = Vec::new();
            for part in parts {
                all.extend(paths(part, before));
            }
            limit(all)
        }
    }
}

/// Each path of `near` followed (further from the candidate) by each of `far`.
fn concat(near: Vec<Path>, far: &[Path]) -> Vec<Path> {
    let mut out = Vec::new();
    for path in near {
        if path.len() >= DEPTH {
            out.push(path);
            continue;
        }
        for tail in far {
            let mut joined = path.clone();
            joined.extend(tail.iter().take(DEPTH - path.len()).cloned());
            out.push(joined);
        }
    }
    limit(out)
}

/// Drops repeated paths; merges too many into one that covers them all
/// (and whatever follows the shorter ones).
fn limit(mut paths: Vec<Path>) -> Vec<Path> {
    // Few paths, so a quadratic pass; classes compare cheaply, unlike their text.
    let mut unique: Vec<Path> = Vec::with_capacity(paths.len());
    for path in paths.drain(..) {
        if !unique.contains(&path) {
            unique.push(path);
        }
    }
    let paths = unique;
    if paths.len() <= MAX_PATHS {
        return paths;
    }
    // The merged path is full length, so nothing further out is added to
    // it: where some path is shorter, the character is free (it may be
    // that path's continuation as well as its context).
    let merged: Path = (0..DEPTH)
        .map(|i| {
            if paths.iter().any(|p| p.len() <= i) {
                return Rc::new(any_char());
            }
            let mut class = ClassUnicode::empty();
            for path in &paths {
                class.union(&path[i]);
            }
            Rc::new(class)
        })
        .collect();
    vec![merged]
}

pub(crate) fn class_contains(class: &ClassUnicode, c: char) -> bool {
    class
        .ranges()
        .binary_search_by(|r| {
            if r.end() < c {
                std::cmp::Ordering::Less
            } else if r.start() > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Characters below this, and those of [`PUNCTUATION`], are looked up in tables.
const TABLE_END: u32 = 0x530;
/// General Punctuation (quotes, dashes, the ellipsis).
const PUNCTUATION: std::ops::Range<u32> = 0x2000..0x2070;
const TABLE_LEN: usize = TABLE_END as usize + (PUNCTUATION.end - PUNCTUATION.start) as usize;

fn table_index(c: char) -> Option<usize> {
    let code = u32::from(c);
    if code < TABLE_END {
        Some(code as usize)
    } else if PUNCTUATION.contains(&code) {
        Some((TABLE_END + code - PUNCTUATION.start) as usize)
    } else {
        None
    }
}

/// The rules whose side allows a character at one position (one of
/// [`DEPTH`] before and `DEPTH` after the candidate).
struct Slot {
    /// Rules that allow any character here.
    any: Vec<u64>,
    /// Per tabled character ([`table_index`]), the other rules that allow it.
    table: Vec<u64>,
    /// Per rule, its class here (`None`: any).
    classes: Vec<Option<ClassUnicode>>,
}

impl Slot {
    fn new(classes: Vec<Option<ClassUnicode>>, words: usize) -> Slot {
        let mut any = vec![0u64; words];
        let mut table = vec![0u64; TABLE_LEN * words];
        for (rule, class) in classes.iter().enumerate() {
            let bit = 1u64 << (rule % 64);
            let word = rule / 64;
            let Some(class) = class else {
                any[word] |= bit;
                continue;
            };
            for range in class.ranges() {
                let (start, end) = (u32::from(range.start()), u32::from(range.end()));
                for part in [0..TABLE_END, PUNCTUATION] {
                    for code in start.max(part.start)..=end.min(part.end - 1) {
                        if let Some(i) = char::from_u32(code).and_then(table_index) {
                            table[i * words + word] |= bit;
                        }
                    }
                }
            }
        }
        Slot {
            any,
            table,
            classes,
        }
    }

    /// The rules allowing `c` here, word `w` of the bit set.
    fn allowing(&self, c: char, w: usize, words: usize) -> u64 {
        if let Some(i) = table_index(c) {
            return self.table[i * words + w] | self.any[w];
        }
        let mut bits = 0u64;
        for (bit, class) in self.classes.iter().skip(w * 64).take(64).enumerate() {
            if class.as_ref().is_none_or(|k| class_contains(k, c)) {
                bits |= 1 << bit;
            }
        }
        bits
    }
}

/// The characters around a candidate: `before[0]` ends the text before it,
/// `after[0]` starts the text after it (`None` past either end).
pub(crate) struct Context {
    pub(crate) before: [Option<char>; DEPTH],
    pub(crate) after: [Option<char>; DEPTH],
}

impl Context {
    /// The characters around byte position `p` of `text`.
    pub(crate) fn at(text: &str, p: usize) -> Context {
        let mut back = text[..p].chars().rev();
        let mut ahead = text[p..].chars();
        Context {
            before: std::array::from_fn(|_| back.next()),
            after: std::array::from_fn(|_| ahead.next()),
        }
    }
}

/// The rules that can match at a position, by the characters around it.
pub(crate) struct EdgeFilter {
    /// 64-bit words per rule bit set.
    pub(crate) words: usize,
    before: Vec<Slot>,
    after: Vec<Slot>,
    /// The break rules.
    breaking: Vec<u64>,
}

impl EdgeFilter {
    /// `before[r]` and `after[r]` are rule `r`'s edges.
    pub(crate) fn new(before: Vec<Edges>, after: Vec<Edges>, is_break: &[bool]) -> EdgeFilter {
        let words = before.len().div_ceil(64).max(1);
        let slots = |edges: &[Edges]| -> Vec<Slot> {
            (0..DEPTH)
                .map(|i| Slot::new(edges.iter().map(|e| e[i].clone()).collect(), words))
                .collect()
        };
        let mut breaking = vec![0u64; words];
        for (i, _) in is_break.iter().enumerate().filter(|(_, b)| **b) {
            breaking[i / 64] |= 1 << (i % 64);
        }
        EdgeFilter {
            words,
            before: slots(&before),
            after: slots(&after),
            breaking,
        }
    }

    /// Fills `out` with the rules that may match in `context`; returns
    /// whether any of them is a break rule. A character missing past either
    /// end of the text rules nothing out (a side may end there with `^`/`$`).
    pub(crate) fn fill(&self, context: &Context, out: &mut [u64]) -> bool {
        for (w, slot) in out.iter_mut().enumerate() {
            let mut bits = u64::MAX;
            // Nearest characters first, alternating sides, and no more look-ups
            // once no rule is left: the characters next to the candidate rule
            // out most rules, and most candidates keep none (a third of the
            // filter's time went on the look-ups that followed). The order
            // does not change the intersection; a `None` (past an end of the
            // text) is followed by `None`s only and rules nothing out.
            for d in 0..DEPTH {
                if bits == 0 {
                    break;
                }
                if let Some(c) = context.before[d] {
                    bits &= self.before[d].allowing(c, w, self.words);
                }
                if let Some(c) = context.after[d] {
                    bits &= self.after[d].allowing(c, w, self.words);
                }
            }
            *slot = bits;
        }
        out.iter().zip(&self.breaking).any(|(a, b)| a & b != 0)
    }

    /// [`EdgeFilter::fill`] as first written: every slot of each side in
    /// turn, up to the first missing character (the fast path's reference).
    #[cfg(test)]
    pub(crate) fn fill_reference(&self, context: &Context, out: &mut [u64]) -> bool {
        for (w, slot) in out.iter_mut().enumerate() {
            let mut bits = u64::MAX;
            for (slots, chars) in [
                (&self.before, &context.before),
                (&self.after, &context.after),
            ] {
                for (s, c) in slots.iter().zip(chars) {
                    match c {
                        Some(c) => bits &= s.allowing(*c, w, self.words),
                        None => break,
                    }
                }
            }
            *slot = bits;
        }
        out.iter().zip(&self.breaking).any(|(a, b)| a & b != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edges(pattern: &str, before: bool) -> Vec<String> {
        let hir = regex_syntax::Parser::new().parse(pattern).unwrap();
        side_edges(&hir, before)
            .iter()
            .map(|e| match e {
                None => "*".to_string(),
                Some(class) => class
                    .ranges()
                    .iter()
                    .map(|r| {
                        if r.start() == r.end() {
                            r.start().to_string()
                        } else {
                            format!("{}-{}", r.start(), r.end())
                        }
                    })
                    .collect(),
            })
            .collect()
    }

    #[test]
    fn edges_of_before_sides() {
        assert_eq!(edges(r"[0-9]{1,3}\.", true), [".", "0-9", "*"]);
        assert_eq!(edges(r"\s[0-9]{1,3}\.", true)[..2], [".", "0-9"]);
        assert_eq!(edges(r"\p{Lu}\p{L}*\s(?:v|vs)\.", true)[..2], [".", "sv"]);
        assert_eq!(edges(r"(?:^|[^\p{L}])[QA]\.", true)[..2], [".", "AQ"]);
        // A quote may follow the mark, or not: the second character is free.
        assert_eq!(edges(r"[.?!]['’]*", true), ["!'.?’", "*", "*"]);
        assert_eq!(edges(r"\.", true), [".", "*", "*"]);
        assert_eq!(edges(r"(?:Mr|Dr)\.", true), [".", "r", "DM"]);
        assert_eq!(edges(r"", true), ["*", "*", "*"]);
        assert_eq!(edges(r"x?", true), ["*", "*", "*"]);
    }

    #[test]
    fn edges_of_after_sides() {
        let hir = |p: &str| regex_syntax::Parser::new().parse(p).unwrap();
        let has =
            |e: &Option<ClassUnicode>, c: char| e.as_ref().is_none_or(|k| class_contains(k, c));
        let spaced = side_edges(&hir(r"\s+[A-Z]"), false);
        assert!(has(&spaced[0], ' ') && !has(&spaced[0], 'A'));
        assert!(has(&spaced[1], ' ') && has(&spaced[1], 'A') && !has(&spaced[1], 'a'));
        let reference = side_edges(&hir(r"\s?\[[0-9]"), false);
        assert!(has(&reference[0], '[') && has(&reference[0], ' ') && !has(&reference[0], '1'));
        assert!(has(&reference[1], '1') && has(&reference[1], '[') && !has(&reference[1], 'x'));
    }

    #[test]
    fn many_alternatives_merge_into_a_superset() {
        let words: Vec<String> = (0..40)
            .map(|i| format!("w{}", char::from(b'a' + i % 26)).repeat(1 + usize::from(i >= 26)))
            .collect();
        let pattern = format!(r"(?:{})\.", words.join("|"));
        let got = edges(&pattern, true);
        assert_eq!(got[0], ".");
        assert_eq!(got[1], "a-z");
        assert_eq!(got[2], "w");
    }

    /// Alternatives of different lengths, merged, then a further part: the
    /// characters of the longer alternatives stay allowed where the
    /// shorter ones are followed by that part ("a.m. The birds").
    #[test]
    fn merged_alternatives_of_different_lengths_stay_a_superset() {
        let mut words: Vec<String> = (0..30)
            .map(|i| format!("x{}", char::from(b'a' + i % 26)))
            .collect();
        words.push("The".into());
        words.push("A".into());
        let pattern = format!(r"\s+(?:{})[\s,;:]", words.join("|"));
        let hir = regex_syntax::Parser::new().parse(&pattern).unwrap();
        let edges = side_edges(&hir, false);
        let allows = |i: usize, c: char| edges[i].as_ref().is_none_or(|k| class_contains(k, c));
        for text in [" The ", " A ", " xb,"] {
            for (i, c) in text.chars().take(DEPTH).enumerate() {
                assert!(allows(i, c), "{text:?} at {i}");
            }
        }
    }

    #[test]
    fn table_and_search_agree() {
        let classes = [r"\p{Lu}", r"[.?!…»”]", r"\s", r"[^\p{L}\p{N}]"];
        let classes: Vec<Option<ClassUnicode>> = classes
            .iter()
            .map(
                |p| match regex_syntax::Parser::new().parse(p).unwrap().kind() {
                    HirKind::Class(Class::Unicode(c)) => Some(c.clone()),
                    _ => unreachable!(),
                },
            )
            .chain([None])
            .collect();
        let slot = Slot::new(classes.clone(), 1);
        for code in (0..0x3000).chain([0x1F600, 0x10FFFF]) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let expected = classes
                .iter()
                .enumerate()
                .filter(|(_, k)| k.as_ref().is_none_or(|k| class_contains(k, c)))
                .fold(0u64, |bits, (i, _)| bits | 1 << i);
            assert_eq!(slot.allowing(c, 0, 1), expected, "{c:?}");
        }
    }
}
