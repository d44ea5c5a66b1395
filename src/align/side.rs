//! One side of a document pair as the programme sees it: prefix sums of
//! segment lengths, paragraphs, and each segment's anchors sorted into the
//! roles the costs give them.

use super::Sentence;
use super::anchors::{Anchor, AnchorFinder, AnchorKind, TermAnchors};
use crate::lang::LangTag;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A document side prepared for the programme.
#[derive(Debug)]
pub(super) struct Side {
    /// Prefix sums of character lengths.
    pub(super) cumulative: Vec<f64>,
    /// Anchors also present on the other side, with their weights.
    pub(super) shared: Vec<Vec<(u64, f64)>>,
    /// Keys of strict anchors (numbers, links) per segment.
    pub(super) strict: Vec<Vec<u64>>,
    /// Keys of anchors other than marks and single digits per segment.
    pub(super) strong: Vec<Vec<u64>>,
    /// Whether a segment has such an anchor besides a capitalised first
    /// word that the document never shows as a name ([`initial_names`]).
    pub(super) named: Vec<bool>,
    /// Keys of names, months and terms per segment that the other side of
    /// the document also has somewhere: one missing from a paired bead's
    /// other side suggests the pairing is wrong.
    pub(super) placed: Vec<Vec<u64>>,
    /// The scripts of a segment's words in capitals ([`capitals_scripts`]).
    pub(super) capitals: Vec<u8>,
    pub(super) paragraph: Vec<usize>,
}

impl Side {
    pub(super) fn len(&self) -> usize {
        self.paragraph.len()
    }
    pub(super) fn length(&self, range: Range<usize>) -> f64 {
        self.cumulative[range.end] - self.cumulative[range.start]
    }
    pub(super) fn paragraph_break_before(&self, i: usize) -> bool {
        i > 0 && i < self.len() && self.paragraph[i - 1] != self.paragraph[i]
    }
    pub(super) fn spans_paragraphs(&self, range: Range<usize>) -> bool {
        range.len() > 1 && self.paragraph[range.start] != self.paragraph[range.end - 1]
    }
}

/// Both sides of a document pair prepared for the programme: lengths,
/// paragraphs and the anchors of each segment, weighted by how many segments
/// of each side have them.
pub(super) fn prepare(
    source_lang: &LangTag,
    target_lang: &LangTag,
    terms: Option<&TermAnchors>,
    source: &[Sentence],
    target: &[Sentence],
) -> (Side, Side) {
    let mut finder_s = AnchorFinder::new(source_lang, terms, true);
    let mut finder_t = AnchorFinder::new(target_lang, terms, false);
    let anchors_s: Vec<Vec<Anchor>> = source.iter().map(|s| finder_s.anchors(&s.text)).collect();
    let mut anchors_t: Vec<Vec<Anchor>> =
        target.iter().map(|s| finder_t.anchors(&s.text)).collect();
    let mut anchors_s = anchors_s;
    let mut initial_s: Vec<Vec<u64>> = source
        .iter()
        .map(|s| initial_names(&mut finder_s, &s.text))
        .collect();
    let mut initial_t: Vec<Vec<u64>> = target
        .iter()
        .map(|s| initial_names(&mut finder_t, &s.text))
        .collect();
    let (alt_s, alt_t) = (finder_s.name_alternates(), finder_t.name_alternates());
    let (switch_s, switch_t) = (switches(alt_s, alt_t), switches(alt_t, alt_s));
    use_alternates(&mut anchors_s, &switch_s);
    use_alternates(&mut anchors_t, &switch_t);
    for key in initial_s.iter_mut().flatten() {
        *key = switch_s.get(key).copied().unwrap_or(*key);
    }
    for key in initial_t.iter_mut().flatten() {
        *key = switch_t.get(key).copied().unwrap_or(*key);
    }
    let plain_s = plain_initials(&anchors_s, &initial_s);
    let plain_t = plain_initials(&anchors_t, &initial_t);
    // Document frequency of each key on each side: an anchor found in
    // many segments says little about which of them belong together.
    let mut df: HashMap<u64, (u32, u32)> = HashMap::new();
    for anchors in &anchors_s {
        let mut keys: Vec<u64> = anchors.iter().map(|a| a.key).collect();
        keys.dedup();
        for key in keys {
            df.entry(key).or_default().0 += 1;
        }
    }
    for anchors in &anchors_t {
        let mut keys: Vec<u64> = anchors.iter().map(|a| a.key).collect();
        keys.dedup();
        for key in keys {
            df.entry(key).or_default().1 += 1;
        }
    }
    let side = |sentences: &[Sentence],
                anchors: Vec<Vec<Anchor>>,
                plain: HashSet<u64>,
                initial: &[Vec<u64>]| {
        let mut cumulative = Vec::with_capacity(sentences.len() + 1);
        cumulative.push(0.0);
        let mut total = 0.0;
        for s in sentences {
            total += s.text.chars().filter(|c| !c.is_whitespace()).count() as f64 + 1.0;
            cumulative.push(total);
        }
        let mut shared = Vec::with_capacity(anchors.len());
        let mut strict = Vec::with_capacity(anchors.len());
        let mut strong = Vec::with_capacity(anchors.len());
        let mut named = Vec::with_capacity(anchors.len());
        let mut placed = Vec::with_capacity(anchors.len());

        for (list, first) in anchors.into_iter().zip(initial) {
            let mut keep = Vec::new();
            let mut hard = Vec::new();
            let mut evidence = Vec::new();
            let mut here = Vec::new();
            let mut real = false;
            for a in list {
                let (ds, dt) = df.get(&a.key).copied().unwrap_or_default();
                if a.kind.is_strict() {
                    hard.push(a.key);
                }
                if a.kind.is_evidence() {
                    evidence.push(a.key);
                    // A capitalised first word the document never shows as
                    // a name (`The`, `Это`) is no name.
                    let plain_initial =
                        first.contains(&a.key) && plain.contains(&a.key) && !(ds > 0 && dt > 0);
                    real |= !plain_initial;
                }
                if ds > 0 && dt > 0 {
                    let weight = a.kind.weight() / f64::from(ds.max(dt)).sqrt();
                    keep.push((a.key, weight));
                    if a.kind.is_evidence() && !a.kind.is_strict() {
                        here.push(a.key);
                    }
                }
            }
            here.dedup();
            shared.push(keep);
            strict.push(hard);
            strong.push(evidence);
            named.push(real);
            placed.push(here);
        }
        Side {
            cumulative,
            shared,
            strict,
            strong,
            named,
            placed,
            capitals: sentences
                .iter()
                .map(|s| capitals_scripts(&s.text))
                .collect(),
            paragraph: sentences.iter().map(|s| s.paragraph).collect(),
        }
    };
    (
        side(source, anchors_s, plain_s, &initial_s),
        side(target, anchors_t, plain_t, &initial_t),
    )
}

/// [`capitals_scripts`] bit of a word in capitals in Latin letters.
pub(super) const LATIN_CAPITALS: u8 = 1;
/// [`capitals_scripts`] bit of a word in capitals in another script.
pub(super) const OTHER_CAPITALS: u8 = 2;

/// The scripts of the words of three letters or more written all in
/// capitals in `text` (`BEFORE`, `USA`: [`LATIN_CAPITALS`]; `НАВІТЬ`, `США`:
/// [`OTHER_CAPITALS`]): the ones the name finder takes for names. Emphasis
/// in capitals survives translation, and so do abbreviations, though
/// across scripts rarely letter for letter (`ФБР` / `FBI`, `ПЕРЕД` /
/// `BEFORE`), which the name keys cannot match. Two-letter codes (`TV`,
/// `ЕС`) are no names, so they never counted against a pair either.
pub(super) fn capitals_scripts(text: &str) -> u8 {
    let mut scripts = 0;
    for word in text.split(|c: char| !(c.is_alphabetic() || c == '-')) {
        let word = word.trim_matches('-');
        if word.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && word.chars().all(|c| c == '-' || c.is_uppercase())
        {
            scripts |= if word.chars().all(|c| c == '-' || c.is_ascii_uppercase()) {
                LATIN_CAPITALS
            } else {
                OTHER_CAPITALS
            };
        }
    }
    scripts
}

/// The name keys ([`AnchorKind::Name`]) of the capitalised words that open
/// a sentence in a segment: its first word and each word after an end mark
/// (`.`, `?`, `!`, `…`, then closing quotes or brackets) and a space. A
/// segment may hold several sentences (`--lines` input).
fn initial_names(finder: &mut AnchorFinder, text: &str) -> Vec<u64> {
    let mut keys = Vec::new();
    keys.extend(initial_name(finder, text));
    let mut ended = false;
    for (k, c) in text.char_indices() {
        if matches!(c, '.' | '?' | '!' | '…') {
            ended = true;
        } else if c.is_whitespace() {
            if ended {
                keys.extend(initial_name(finder, &text[k..]));
            }
            ended = false;
        } else if !matches!(c, '"' | '\'' | '»' | '”' | '’' | ')' | ']') {
            ended = false;
        }
    }
    keys
}

/// The name key of the first word of `text`, when it is capitalised and
/// taken for a name; none when a number comes first.
fn initial_name(finder: &mut AnchorFinder, text: &str) -> Option<u64> {
    let start = text.find(|c: char| c.is_alphanumeric())?;
    let rest = &text[start..];
    if !rest.starts_with(char::is_alphabetic) {
        return None;
    }
    let mut end = rest.len();
    let mut chars = rest.char_indices().peekable();
    while let Some((k, c)) = chars.next() {
        let joins =
            matches!(c, '-' | '\'' | '’') && chars.peek().is_some_and(|&(_, n)| n.is_alphabetic());
        if !c.is_alphanumeric() && !joins {
            end = k;
            break;
        }
    }
    finder
        .anchors(&rest[..end])
        .into_iter()
        .find(|a| a.kind == AnchorKind::Name)
        .map(|a| a.key)
}

/// Keys that occur only as the first word of a sentence on this side: a
/// capitalised word the document never writes capitalised inside a
/// sentence is taken for a plain word, not a name.
fn plain_initials(anchors: &[Vec<Anchor>], initial: &[Vec<u64>]) -> HashSet<u64> {
    let mut count: HashMap<u64, (u32, u32)> = HashMap::new();
    for key in initial.iter().flatten() {
        count.entry(*key).or_default().1 += 1;
    }
    for list in anchors {
        for a in list.iter().filter(|a| a.kind == AnchorKind::Name) {
            if let Some(c) = count.get_mut(&a.key) {
                c.0 += 1;
            }
        }
    }
    count
        .into_iter()
        .filter(|(_, (all, initial))| all <= initial)
        .map(|(key, _)| key)
        .collect()
}

/// The name keys of one side to replace by their second key: those whose
/// skeleton key the other side lacks while it has their second key.
fn switches(this: &HashMap<u64, u64>, other: &HashMap<u64, u64>) -> HashMap<u64, u64> {
    let other_alternates: HashSet<u64> = other.values().copied().collect();
    this.iter()
        .filter(|(key, alt)| !other.contains_key(key) && other_alternates.contains(alt))
        .map(|(&key, &alt)| (key, alt))
        .collect()
}

fn use_alternates(anchors: &mut [Vec<Anchor>], switch: &HashMap<u64, u64>) {
    if switch.is_empty() {
        return;
    }
    for list in anchors {
        let mut changed = false;
        for a in list.iter_mut() {
            if let Some(&alt) = switch.get(&a.key) {
                a.key = alt;
                changed = true;
            }
        }
        if changed {
            list.sort_unstable();
        }
    }
}
