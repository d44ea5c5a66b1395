//! The rule engine: compiled SRX rules, candidate positions, decisions.
//!
//! Speed comes from four things. (1) Only candidate positions are examined:
//! for every break rule the engine works out which characters its
//! `beforebreak` can end with (or, when that pattern may be empty, which
//! characters its `afterbreak` can start with) and finds those characters with
//! one byte-table scan, or a rare character the `afterbreak` must contain
//! (see [`super::candidates`]). A position that no break rule can produce
//! needs no decision, because SRX never breaks without a rule. (2) The two
//! characters on each side of a candidate rule out most rules without a
//! search ([`super::edge_filter`]). (3) The short bounded `beforebreak` sides
//! run as one lazy DFA backwards from the candidate and the `afterbreak`
//! sides as one forwards ([`super::side_dfa`]); the answer for every rule
//! in one anchored pass. (4) The other sides run alone, anchored, and only
//! when the rules before them in order have not decided.

use super::RuleProblem;
use super::candidates::{AnchorScan, CandidateScan};
use super::edge_filter::{Context, EdgeFilter, Edges};
use super::plan::{self, Analysed, EdgeIds, Plan, SidePlan, Tables};
use super::side_dfa::{self, HitMemo, Hits, SideGroup};
use super::srx::SelectedRule;
use regex_automata::hybrid::dfa::Cache;
use regex_syntax::hir::ClassUnicode;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use unicode_segmentation::UnicodeSegmentation;

/// Largest window of a bounded `beforebreak` side that joins the shared DFA.
/// A longer one (`[^\n]{1,300}`) would multiply the DFA's states and keep
/// every search going; such a side runs alone, where its own reverse search
/// stops as soon as it fails.
const GROUP_WINDOW_LIMIT: usize = 160;

#[derive(Clone)]
pub(super) enum Pattern {
    Fast(regex::Regex),
    Fancy(fancy_regex::Regex),
}

impl Pattern {
    fn is_match(&self, haystack: &str) -> bool {
        match self {
            Pattern::Fast(re) => re.is_match(haystack),
            // A backtracking limit hit counts as "no match" rather than aborting.
            Pattern::Fancy(re) => re.is_match(haystack).unwrap_or(false),
        }
    }
}

/// A side's regex. The built-in rules are compiled on first use: most
/// processes never reach most rules, and compiling is most of the start-up.
pub(super) struct LazyPattern {
    /// The anchored pattern given to the regex engines.
    pub(super) source: String,
    /// Needs `fancy-regex` (look-around, back-references).
    pub(super) fancy: bool,
    compiled: OnceLock<Option<Pattern>>,
}

impl LazyPattern {
    /// A pattern compiled already.
    pub(super) fn compiled(source: String, pattern: Pattern) -> LazyPattern {
        LazyPattern {
            source,
            fancy: matches!(pattern, Pattern::Fancy(_)),
            compiled: OnceLock::from(Some(pattern)),
        }
    }

    /// A pattern to compile on first use, with `fancy-regex` when `fancy`
    /// (only for patterns known to compile: one that does not never matches).
    pub(super) fn lazy(source: String, fancy: bool) -> LazyPattern {
        LazyPattern {
            source,
            fancy,
            compiled: OnceLock::new(),
        }
    }

    fn is_match(&self, haystack: &str) -> bool {
        let pattern = self.compiled.get_or_init(|| {
            if self.fancy {
                fancy_regex::Regex::new(&self.source)
                    .ok()
                    .map(Pattern::Fancy)
            } else {
                regex::Regex::new(&self.source).ok().map(Pattern::Fast)
            }
        });
        pattern.as_ref().is_some_and(|p| p.is_match(haystack))
    }
}

#[derive(Clone)]
struct Matcher {
    pattern: Arc<LazyPattern>,
    /// How many bytes of context the check needs.
    window: usize,
    /// The pattern's matches are at most `window - WINDOW_MARGIN` bytes long.
    bounded: bool,
    /// The pattern is anchored at the paragraph start and unbounded: give it everything.
    from_start: bool,
    /// The pattern repeats a class of letters more than a few times, so an
    /// anchored search for it may go on for a word or more.
    long_walk: bool,
    /// A bounded `beforebreak` side that must contain one of these (rare)
    /// bytes: where its window has none, it cannot match, and a `memchr`
    /// says so faster than a search (`[\[(][^\[\]()\n.?!]{1,40}\.`).
    required: Vec<u8>,
}

impl Matcher {
    fn new(plan: &SidePlan, pattern: Arc<LazyPattern>) -> Matcher {
        Matcher {
            pattern,
            window: plan.window,
            bounded: plan.bounded,
            from_start: plan.from_start,
            long_walk: plan.long_walk,
            required: plan.required.clone(),
        }
    }
}

struct CompiledRule {
    is_break: bool,
    before: Option<Matcher>,
    after: Option<Matcher>,
    /// `before`'s pattern id in the before group.
    before_slot: Option<usize>,
    /// `before` as a DFA of its own ([`Engine::alone`]), when it is in
    /// `regex` syntax: a reverse search without the `regex` crate's layers,
    /// for the searches before the groups are built and for a side that is
    /// not in the group.
    before_alone: Option<usize>,
    /// `after`'s pattern id in the after group.
    after_slot: Option<usize>,
    /// `after` as a DFA of its own, when it is in `regex` syntax: also for
    /// a side that would keep the group's search going for a word or more
    /// (`[^\s]{0,100}`, `[\p{L}\p{N}._%+\-]*@`), searched only when the
    /// rule needs it.
    after_alone: Option<usize>,
}

/// Compiled rules for one language.
pub(crate) struct Engine {
    rules: Vec<CompiledRule>,
    /// The bounded `beforebreak` sides in `regex` syntax with a window of at
    /// most [`GROUP_WINDOW_LIMIT`].
    before_group: SideGroup,
    /// The before group's haystack: this many bytes before the position.
    before_window: usize,
    /// The `afterbreak` sides the regex crate handles.
    after_group: SideGroup,
    /// Search state for the groups, one per thread at work.
    scratch: Mutex<Vec<Scratch>>,
    /// Candidates are the positions after a character of one class or
    /// before a character of another …
    char_scan: Option<CandidateScan>,
    /// … or every position (a break rule whose both sides may be empty).
    every_position: bool,
    /// … or every position where one of these (superset) afterbreak patterns starts.
    after_scans: Vec<regex::Regex>,
    /// … or where an afterbreak pattern may start, found by a rare character in it.
    anchor_scans: Vec<AnchorScan>,
    /// Unicode sentence boundaries break unless a rule decides otherwise.
    uax29_base: bool,
    /// The rules that can match, by the characters around a position.
    edges: EdgeFilter,
    /// The sides' DFAs of their own (see [`CompiledRule::before_alone`]),
    /// one per distinct side.
    alone: Vec<SideGroup>,
}

fn floor_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn ceil_boundary(text: &str, mut index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(index) {
        index += 1;
    }
    index
}

impl Engine {
    /// Compiles `rules`; every rule that cannot be compiled is reported and
    /// left out (the rest still work). With `eager` false, patterns in plain
    /// `regex` syntax are compiled on first use (for rules known to compile,
    /// the built-in ones): start-up then costs little more than parsing.
    pub(crate) fn compile(rules: &[SelectedRule<'_>], eager: bool) -> (Engine, Vec<RuleProblem>) {
        let (analysed, problems) = plan::analyse(rules, eager);
        let Analysed {
            tables,
            plan,
            patterns,
            after_scans,
        } = analysed;
        let patterns = patterns.into_iter().map(Some).collect();
        (
            Engine::build(&tables, &plan, patterns, Some(after_scans)),
            problems,
        )
    }

    /// The engine of a plan whose indices refer to `tables`. `patterns`
    /// gives the sides compiled already (by index in `tables.sides`; the
    /// others are compiled on first use), `after_scans` the compiled
    /// [`Plan::after_scans`] when there are.
    pub(crate) fn build(
        tables: &Tables,
        plan: &Plan,
        mut patterns: Vec<Option<Arc<LazyPattern>>>,
        after_scans: Option<Vec<regex::Regex>>,
    ) -> Engine {
        patterns.resize(tables.sides.len(), None);
        let mut matcher = |id: Option<u32>| {
            id.map(|id| {
                let side = &tables.sides[id as usize];
                let pattern = patterns[id as usize].get_or_insert_with(|| {
                    Arc::new(LazyPattern::lazy(side.source.clone(), side.fancy))
                });
                Matcher::new(side, pattern.clone())
            })
        };
        let classes: Vec<Option<ClassUnicode>> = vec![None; tables.classes.len()];
        let mut classes = classes;
        let mut edges = |ids: &EdgeIds| -> Edges {
            ids.map(|id| {
                id.map(|id| {
                    classes[id as usize]
                        .get_or_insert_with(|| plan::to_class(&tables.classes[id as usize]))
                        .clone()
                })
            })
        };
        let mut before_group = SideGroup::new(true);
        let mut before_window = 0;
        let mut after_group = SideGroup::new(false);
        let mut alone: Vec<SideGroup> = Vec::new();
        let mut alone_ids: HashMap<String, usize> = HashMap::new();
        // A side in `regex` syntax gets a DFA of its own, one per distinct
        // side: until a search has decided GROUP_AFTER positions, the sides
        // run alone, so that segmenting a line compiles only the sides it
        // reaches.
        let mut own_dfa = |side: Option<&Matcher>, reverse: bool| -> Option<usize> {
            let m = side.filter(|m| !m.pattern.fancy)?;
            let source = &m.pattern.source;
            let id = *alone_ids.entry(source.clone()).or_insert_with(|| {
                let mut group = SideGroup::new(reverse);
                group.add(source);
                alone.push(group);
                alone.len() - 1
            });
            Some(id)
        };
        let mut compiled = Vec::with_capacity(plan.rules.len());
        let mut before_edges = Vec::with_capacity(plan.rules.len());
        let mut after_edges = Vec::with_capacity(plan.rules.len());
        let mut breaking = Vec::with_capacity(plan.rules.len());
        for rule in &plan.rules {
            let before = matcher(rule.before);
            let after = matcher(rule.after);
            before_edges.push(edges(&rule.before_edges));
            after_edges.push(edges(&rule.after_edges));
            breaking.push(rule.is_break);
            // Sides in `regex` syntax join a group (fancy ones run alone). A
            // bounded side gives the same answer on any haystack at least as
            // long as its window (its matches cannot reach the haystack's
            // start), so the group's haystack is the longest window. Unbounded
            // sides (`\s+`, `\p{L}*`, from the paragraph start) run alone: in
            // the group they kept every search going (measured: slower).
            let before_slot = match &before {
                Some(m) if !m.pattern.fancy && m.bounded && m.window <= GROUP_WINDOW_LIMIT => {
                    before_window = before_window.max(m.window);
                    Some(before_group.add(&m.pattern.source))
                }
                _ => None,
            };
            let after_slot = match &after {
                Some(m) if !m.pattern.fancy && !m.long_walk => {
                    Some(after_group.add(&m.pattern.source))
                }
                _ => None,
            };
            compiled.push(CompiledRule {
                is_break: rule.is_break,
                before_alone: own_dfa(before.as_ref(), true),
                after_alone: own_dfa(after.as_ref(), false),
                before,
                after,
                before_slot,
                after_slot,
            });
        }
        let after_scans = after_scans.unwrap_or_else(|| {
            // Built-in rules compile: a scan that did not would find nothing.
            plan.after_scans
                .iter()
                .filter_map(|s| regex::Regex::new(s).ok())
                .collect()
        });
        let anchor_scans = plan
            .anchor_scans
            .iter()
            .map(|a| {
                AnchorScan::new(
                    (a.bytes.clone(), a.min, a.max),
                    edges(&a.before),
                    edges(&a.after),
                )
            })
            .collect();
        Engine {
            rules: compiled,
            before_group,
            before_window,
            after_group,
            scratch: Mutex::new(Vec::new()),
            char_scan: CandidateScan::new(
                plan::to_class(&plan.after_chars),
                plan::to_class(&plan.before_chars),
            ),
            every_position: plan.every_position,
            after_scans,
            anchor_scans,
            uax29_base: plan.uax29_base,
            edges: EdgeFilter::new(before_edges, after_edges, &breaking),
            alone,
        }
    }

    /// Number of compiled rules.
    pub(crate) fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// Byte positions inside `text` (never 0 or `text.len()`) where a segment ends.
    pub(crate) fn breaks(&self, text: &str) -> Vec<usize> {
        let len = text.len();
        let mut scratch = self
            .scratch
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop())
            .unwrap_or_default();
        // Buffers kept from one paragraph to the next.
        let mut candidates = std::mem::take(&mut scratch.candidates);
        candidates.clear();
        if self.every_position {
            candidates.extend(text.char_indices().map(|(i, _)| i).filter(|i| *i > 0));
        } else {
            if let Some(scan) = &self.char_scan {
                scan.scan(text, &mut candidates);
            }
            for scan in &self.anchor_scans {
                scan.scan(text, &mut candidates);
            }
            for re in &self.after_scans {
                let mut from = 0;
                while let Some(m) = re.find_at(text, from) {
                    if m.start() > 0 {
                        candidates.push(m.start());
                    }
                    from = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
                    if from >= len {
                        break;
                    }
                }
            }
        }
        let mut base = std::mem::take(&mut scratch.base);
        base.clear();
        if self.uax29_base {
            for (start, _) in text.split_sentence_bound_indices() {
                let end = text[..start].trim_end().len();
                if end > 0 && end < len {
                    base.push(end);
                    candidates.push(end);
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut breaks = Vec::new();
        let mut mask = std::mem::take(&mut scratch.mask);
        mask.clear();
        mask.resize(self.edges.words, 0);
        for &p in &candidates {
            let can_break = self.edges.fill(&Context::at(text, p), &mut mask);
            let in_base = self.uax29_base && base.binary_search(&p).is_ok();
            // No break rule can match here: whatever matches first says "no".
            if !can_break && !in_base {
                continue;
            }
            let is_break = self.decide(text, p, &mask, &mut scratch).unwrap_or(in_base);
            if is_break {
                breaks.push(p);
            }
        }
        scratch.candidates = candidates;
        scratch.base = base;
        scratch.mask = mask;
        if let Ok(mut pool) = self.scratch.lock() {
            pool.push(scratch);
        }
        breaks
    }

    /// Runs group `group` ([`BEFORE`] or [`AFTER`]) at `p` unless it ran
    /// there already; whether its answer can be used.
    fn run_group(&self, group: usize, text: &str, p: usize, scratch: &mut Scratch) -> bool {
        if scratch.state[group] == NOT_RUN {
            let (side, haystack) = if group == AFTER {
                let prev_len = text[..p].chars().next_back().map_or(0, char::len_utf8);
                (&self.after_group, &text[p - prev_len..])
            } else {
                let next_len = text[p..].chars().next().map_or(0, char::len_utf8);
                let start = floor_boundary(text, p.saturating_sub(self.before_window));
                (&self.before_group, &text[start..p + next_len])
            };
            let cache = scratch.caches[group].get_or_insert_with(|| side.cache());
            let answered = cache.as_mut().is_some_and(|cache| {
                side.matches(
                    cache,
                    &mut scratch.memos[group],
                    haystack,
                    &mut scratch.hits[group],
                )
            });
            scratch.state[group] = if answered { ANSWERED } else { FAILED };
        }
        scratch.state[group] == ANSWERED
    }

    fn before_matches(
        &self,
        index: usize,
        text: &str,
        p: usize,
        next_len: usize,
        scratch: &mut Scratch,
    ) -> bool {
        let rule = &self.rules[index];
        match (&rule.before, rule.before_slot) {
            (None, _) => true,
            (Some(_), Some(id))
                if scratch.decided >= GROUP_AFTER && self.run_group(BEFORE, text, p, scratch) =>
            {
                side_dfa::hit(&scratch.hits[BEFORE], id)
            }
            (Some(m), _) => {
                let start = if m.from_start {
                    0
                } else {
                    floor_boundary(text, p.saturating_sub(m.window))
                };
                let haystack = &text[start..p + next_len];
                let bytes = haystack.as_bytes();
                let present = match m.required[..] {
                    [] => true,
                    [a] => memchr::memchr(a, bytes).is_some(),
                    [a, b] => memchr::memchr2(a, b, bytes).is_some(),
                    [a, b, c, ..] => memchr::memchr3(a, b, c, bytes).is_some(),
                };
                if !present {
                    return false;
                }
                if let Some(found) = self.alone_matches(rule.before_alone, haystack, scratch) {
                    return found;
                }
                m.pattern.is_match(haystack)
            }
        }
    }

    fn after_matches(
        &self,
        index: usize,
        text: &str,
        p: usize,
        prev_len: usize,
        scratch: &mut Scratch,
    ) -> bool {
        let rule = &self.rules[index];
        match (&rule.after, rule.after_slot) {
            (None, _) => true,
            (Some(_), Some(id))
                if scratch.decided >= GROUP_AFTER && self.run_group(AFTER, text, p, scratch) =>
            {
                side_dfa::hit(&scratch.hits[AFTER], id)
            }
            (Some(m), _) => {
                let haystack = &text[p - prev_len..];
                if let Some(found) = self.alone_matches(rule.after_alone, haystack, scratch) {
                    return found;
                }
                let end = if m.pattern.fancy {
                    ceil_boundary(text, p + m.window)
                } else {
                    text.len()
                };
                m.pattern.is_match(&text[p - prev_len..end])
            }
        }
    }

    /// Whether the side with the DFA of its own `id` matches `haystack`;
    /// `None` when it has none or the DFA cannot answer.
    fn alone_matches(
        &self,
        id: Option<usize>,
        haystack: &str,
        scratch: &mut Scratch,
    ) -> Option<bool> {
        let id = id?;
        if scratch.alone.len() < self.alone.len() {
            scratch.alone.resize_with(self.alone.len(), || None);
        }
        let dfa = &self.alone[id];
        let cache = scratch.alone[id].get_or_insert_with(|| dfa.cache());
        dfa.matches_any(cache.as_mut()?, haystack)
    }

    /// The first rule matching at `p` decides; `None` when no rule matches.
    /// Only the rules in `mask` (see [`EdgeFilter`]) can match.
    fn decide(&self, text: &str, p: usize, mask: &[u64], scratch: &mut Scratch) -> Option<bool> {
        let next_len = text[p..].chars().next().map_or(0, char::len_utf8);
        let prev_len = text[..p].chars().next_back().map_or(0, char::len_utf8);
        scratch.state = [NOT_RUN; 2];
        scratch.decided = scratch.decided.saturating_add(1);
        let rules = mask.iter().enumerate().flat_map(|(w, &bits)| {
            let mut bits = bits;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let bit = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(w * 64 + bit)
            })
        });
        for index in rules {
            let rule = &self.rules[index];
            // A side in a group costs a bit test once the group has run; a
            // side on its own is a search of its own, and a `beforebreak`
            // search goes back further than an `afterbreak` one goes forward.
            // A side with a quick test (see `Matcher::required`) goes first too.
            let before_first = rule.before_slot.is_some()
                || (rule.after_slot.is_none()
                    && rule.before.as_ref().is_some_and(|m| !m.required.is_empty()));
            let matched = if before_first {
                self.before_matches(index, text, p, next_len, scratch)
                    && self.after_matches(index, text, p, prev_len, scratch)
            } else {
                let after = self.after_matches(index, text, p, prev_len, scratch);
                after && self.before_matches(index, text, p, next_len, scratch)
            };
            if matched {
                return Some(rule.is_break);
            }
        }
        None
    }
}

/// The before group's index in [`Scratch`].
const BEFORE: usize = 0;
/// The after group's index in [`Scratch`].
const AFTER: usize = 1;
const NOT_RUN: u8 = 0;
const ANSWERED: u8 = 1;
const FAILED: u8 = 2;

/// Per-search state of the side groups: DFA caches (`None` inside when a
/// group has no DFA), and at the current position which groups ran and
/// what they found.
#[derive(Default)]
struct Scratch {
    caches: [Option<Option<Cache>>; 2],
    /// Caches of the sides' own DFAs, by [`Engine::alone`] index.
    alone: Vec<Option<Option<Cache>>>,
    hits: [Hits; 2],
    /// The patterns of the groups' match states (see [`HitMemo`]).
    memos: [HitMemo; 2],
    state: [u8; 2],
    /// Positions decided with this scratch (see [`GROUP_AFTER`]).
    decided: usize,
    /// [`Engine::breaks`]' candidate positions, UAX #29 base breaks and
    /// rule mask, kept so that a paragraph allocates none of them.
    candidates: Vec<usize>,
    base: Vec<usize>,
    mask: Vec<u64>,
}

/// Positions a search decides with each side on its own before it builds
/// the two group DFAs: building them (every side of the language at once)
/// was most of the start-up of `tmkit segment` on a line of text, and the
/// sides alone give the same answers.
const GROUP_AFTER: usize = 64;

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
