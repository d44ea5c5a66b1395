//! The analysis of a rule set, apart from its automata: how far each side
//! looks, which characters make a position a candidate, and which rules can
//! match around it. [`analyse`] works it out from the rules; the result, a
//! [`Plan`], is plain data that [`Engine::build`](super::engine::Engine::build)
//! turns into the searching engine. Parsing and analysing a rule set was most
//! of the start-up of `tmkit segment` on a line of text, so the plans of the
//! built-in rules are made ahead of time and read from a data file (see
//! [`super::builtin`]).

use super::RuleProblem;
use super::candidates::{anchor_of, first_chars};
use super::edge_filter::{self, DEPTH, Edges, class_contains};
use super::engine::{LazyPattern, Pattern};
use super::regex_translate::translate;
use super::srx::SelectedRule;
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// Longest window (bytes) given to a pattern that can match unboundedly long text.
const UNBOUNDED_WINDOW: usize = 512;
/// Context added around a bounded pattern's longest match, for `\b` and look-behind.
const WINDOW_MARGIN: usize = 24;

/// A class of characters as its ranges (a `ClassUnicode`, serialisable).
pub(crate) type Ranges = Vec<(char, char)>;

/// [`Edges`] with each class an index into [`Tables::classes`].
pub(crate) type EdgeIds = [Option<u32>; DEPTH];

/// One rule side, ready to search with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SidePlan {
    /// The anchored pattern given to the regex engines (see `compile_side`).
    pub(crate) source: String,
    /// Needs `fancy-regex` (look-around, back-references).
    pub(crate) fancy: bool,
    /// How many bytes of context the check needs.
    pub(crate) window: usize,
    /// The pattern's matches are at most `window - WINDOW_MARGIN` bytes long.
    pub(crate) bounded: bool,
    /// Anchored at the paragraph start and unbounded: it gets everything.
    pub(crate) from_start: bool,
    /// Repeats a class of letters more than a few times (see `repeats_letters`).
    pub(crate) long_walk: bool,
    /// Rare bytes one of which every match contains (see `required_bytes`).
    pub(crate) required: Vec<u8>,
}

/// The classes and sides plans refer to by index; one table may serve
/// several plans (the built-in languages share most of their rules).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Tables {
    pub(crate) classes: Vec<Ranges>,
    pub(crate) sides: Vec<SidePlan>,
}

/// One rule of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RulePlan {
    pub(crate) is_break: bool,
    /// The `beforebreak` side ([`Tables::sides`]); `None` when it is empty.
    pub(crate) before: Option<u32>,
    pub(crate) after: Option<u32>,
    /// The classes its sides allow near the candidate (see [`edge_filter`]).
    pub(crate) before_edges: EdgeIds,
    pub(crate) after_edges: EdgeIds,
}

/// An [`AnchorScan`](super::candidates::AnchorScan) of a break rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct AnchorPlan {
    pub(crate) bytes: Vec<u8>,
    pub(crate) min: usize,
    pub(crate) max: usize,
    pub(crate) before: EdgeIds,
    pub(crate) after: EdgeIds,
}

/// What [`Engine::build`](super::engine::Engine::build) needs to know about a rule set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Plan {
    pub(crate) rules: Vec<RulePlan>,
    /// Candidates: after a character of this class …
    pub(crate) after_chars: Ranges,
    /// … before one of this class …
    pub(crate) before_chars: Ranges,
    /// … or everywhere (a break rule whose both sides may be empty) …
    pub(crate) every_position: bool,
    /// … or where one of these (superset) afterbreak patterns starts …
    pub(crate) after_scans: Vec<String>,
    /// … or near a rare character an afterbreak pattern contains.
    pub(crate) anchor_scans: Vec<AnchorPlan>,
    /// Unicode sentence boundaries break unless a rule decides otherwise.
    pub(crate) uax29_base: bool,
}

/// A rule set analysed, with what the analysis compiled already.
pub(crate) struct Analysed {
    pub(crate) tables: Tables,
    pub(crate) plan: Plan,
    /// By side: its pattern (compiled when the analysis had to, to check it).
    pub(crate) patterns: Vec<Arc<LazyPattern>>,
    /// The compiled [`Plan::after_scans`].
    pub(crate) after_scans: Vec<regex::Regex>,
}

/// Gives each distinct class one index.
#[derive(Default)]
struct ClassTable {
    ids: HashMap<Ranges, u32>,
    classes: Vec<Ranges>,
}

impl ClassTable {
    fn id(&mut self, class: &ClassUnicode) -> u32 {
        let ranges = to_ranges(class);
        if let Some(&id) = self.ids.get(&ranges) {
            return id;
        }
        let id = self.classes.len() as u32;
        self.classes.push(ranges.clone());
        self.ids.insert(ranges, id);
        id
    }

    fn edges(&mut self, edges: &Edges) -> EdgeIds {
        std::array::from_fn(|i| edges[i].as_ref().map(|class| self.id(class)))
    }
}

pub(crate) fn to_ranges(class: &ClassUnicode) -> Ranges {
    class
        .ranges()
        .iter()
        .map(|r| (r.start(), r.end()))
        .collect()
}

pub(crate) fn to_class(ranges: &[(char, char)]) -> ClassUnicode {
    ClassUnicode::new(ranges.iter().map(|&(a, b)| ClassUnicodeRange::new(a, b)))
}

#[cfg(test)]
impl Tables {
    /// Adds `other`'s classes and sides that this table lacks; returns
    /// where each of them is here (by `other`'s index).
    pub(crate) fn merge(&mut self, other: &Tables) -> (Vec<u32>, Vec<u32>) {
        let classes = other
            .classes
            .iter()
            .map(|c| intern(&mut self.classes, c))
            .collect();
        let sides = other
            .sides
            .iter()
            .map(|s| intern(&mut self.sides, s))
            .collect();
        (sides, classes)
    }
}

#[cfg(test)]
fn intern<T: Clone + PartialEq>(table: &mut Vec<T>, item: &T) -> u32 {
    let at = table.iter().position(|t| t == item).unwrap_or_else(|| {
        table.push(item.clone());
        table.len() - 1
    });
    at as u32
}

#[cfg(test)]
impl Plan {
    /// The plan with its side and class indices mapped by `sides` and `classes`.
    pub(crate) fn remap(&self, sides: &[u32], classes: &[u32]) -> Plan {
        let edges = |e: &EdgeIds| e.map(|id| id.map(|i| classes[i as usize]));
        Plan {
            rules: self
                .rules
                .iter()
                .map(|r| RulePlan {
                    is_break: r.is_break,
                    before: r.before.map(|i| sides[i as usize]),
                    after: r.after.map(|i| sides[i as usize]),
                    before_edges: edges(&r.before_edges),
                    after_edges: edges(&r.after_edges),
                })
                .collect(),
            anchor_scans: self
                .anchor_scans
                .iter()
                .map(|a| AnchorPlan {
                    before: edges(&a.before),
                    after: edges(&a.after),
                    ..a.clone()
                })
                .collect(),
            ..self.clone()
        }
    }
}

/// What the compile-time analysis found out about one side of a rule.
#[derive(Clone)]
struct Shape {
    /// Characters the side can begin (after) or end (before) with.
    edge: ClassUnicode,
    /// The side can match the empty string.
    nullable: bool,
    /// The superset pattern (plain `regex` syntax), for scanning the text for it.
    superset: String,
    /// The classes of the characters nearest the candidate, for [`EdgeFilter`](super::edge_filter::EdgeFilter).
    edges: Edges,
}

/// A rough cost of making every occurrence of a class a candidate: white
/// space and letters are frequent in text, punctuation and symbols rare.
pub(crate) fn class_cost(class: &ClassUnicode) -> usize {
    let mut cost = 0;
    let mut non_ascii = 0usize;
    let mut non_ascii_seen = 0usize;
    let mut rare = false;
    for range in class.ranges() {
        for c in range.start()..=range.end().min('\x7f') {
            cost += match c {
                ' ' => 100,
                c if c.is_ascii_alphabetic() => 20,
                c if c.is_ascii_digit() => 5,
                _ => 2,
            };
        }
        // Letters and digits outside ASCII are frequent in text (Cyrillic,
        // accented Latin); symbols such as emoji are rare. Only the first
        // NON_ASCII_SAMPLE code points are looked at, to keep compiling fast.
        if range.end() > '\x7f' && non_ascii_seen < NON_ASCII_SAMPLE {
            let start = u32::from(range.start().max('\u{80}'));
            let end =
                u32::from(range.end()).min(start + (NON_ASCII_SAMPLE - non_ascii_seen) as u32);
            for c in (start..=end).filter_map(char::from_u32) {
                non_ascii_seen += 1;
                if c.is_alphanumeric() {
                    non_ascii += 1;
                } else {
                    rare = true;
                }
            }
        }
    }
    if non_ascii > 0 {
        cost += 1 + non_ascii / 20;
    } else if rare {
        cost += 1;
    }
    cost
}

/// How many non-ASCII code points of a class [`class_cost`] examines.
const NON_ASCII_SAMPLE: usize = 20_000;

/// Above this cost a break rule finds its candidates by scanning for its
/// whole `afterbreak` pattern rather than for a class of characters.
pub(crate) const CHEAP_CLASS: usize = 90;

fn edge_class(hir: &Hir, last: bool) -> Shape {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Shape {
            edge: ClassUnicode::empty(),
            nullable: true,
            superset: String::new(),
            edges: edge_filter::any_edges(),
        },
        HirKind::Literal(literal) => {
            let text = String::from_utf8_lossy(&literal.0);
            let ch = if last {
                text.chars().next_back()
            } else {
                text.chars().next()
            };
            let mut edge = ClassUnicode::empty();
            if let Some(ch) = ch {
                edge.push(ClassUnicodeRange::new(ch, ch));
            }
            Shape {
                edge,
                nullable: ch.is_none(),
                superset: String::new(),
                edges: edge_filter::any_edges(),
            }
        }
        HirKind::Class(Class::Unicode(class)) => Shape {
            edge: class.clone(),
            nullable: false,
            superset: String::new(),
            edges: edge_filter::any_edges(),
        },
        HirKind::Class(Class::Bytes(class)) => {
            let mut edge = ClassUnicode::empty();
            for range in class.iter() {
                if range.end() < 0x80 {
                    edge.push(ClassUnicodeRange::new(
                        char::from(range.start()),
                        char::from(range.end()),
                    ));
                } else {
                    edge.push(ClassUnicodeRange::new('\0', char::MAX));
                }
            }
            Shape {
                edge,
                nullable: false,
                superset: String::new(),
                edges: edge_filter::any_edges(),
            }
        }
        HirKind::Repetition(repetition) => {
            let inner = edge_class(&repetition.sub, last);
            Shape {
                edge: inner.edge,
                nullable: inner.nullable || repetition.min == 0,
                superset: String::new(),
                edges: edge_filter::any_edges(),
            }
        }
        HirKind::Capture(capture) => edge_class(&capture.sub, last),
        HirKind::Concat(parts) => {
            let mut edge = ClassUnicode::empty();
            let mut nullable = true;
            let ordered: Box<dyn Iterator<Item = &Hir>> = if last {
                Box::new(parts.iter().rev())
            } else {
                Box::new(parts.iter())
            };
            for part in ordered {
                let shape = edge_class(part, last);
                edge.union(&shape.edge);
                if !shape.nullable {
                    nullable = false;
                    break;
                }
            }
            Shape {
                edge,
                nullable,
                superset: String::new(),
                edges: edge_filter::any_edges(),
            }
        }
        HirKind::Alternation(parts) => {
            let mut edge = ClassUnicode::empty();
            let mut nullable = false;
            for part in parts {
                let shape = edge_class(part, last);
                edge.union(&shape.edge);
                nullable |= shape.nullable;
            }
            Shape {
                edge,
                nullable,
                superset: String::new(),
                edges: edge_filter::any_edges(),
            }
        }
    }
}

/// Compiled sides by pattern text: many rules share a side (`\s`,
/// `\s+\p{Lu}`, an abbreviation list), and compiling a Unicode-aware regex
/// is most of the start-up time.
#[derive(Default)]
struct SideCache {
    /// By pattern text and kind (`true`: `beforebreak`): the side's index
    /// in `sides`, `None` for an empty side, or why it cannot be used.
    by_source: HashMap<(String, bool), SideResult>,
    sides: Vec<Side>,
    /// Compile every pattern now, so that all problems are known.
    eager: bool,
}

/// One side, analysed.
struct Side {
    plan: SidePlan,
    pattern: Arc<LazyPattern>,
    /// `None` when the side is not in plain `regex` syntax.
    shape: Option<Shape>,
}

type SideResult = Result<Option<usize>, String>;

impl SideCache {
    fn compile(&mut self, source: &str, before: bool) -> SideResult {
        let key = (source.to_string(), before);
        if let Some(known) = self.by_source.get(&key) {
            return known.clone();
        }
        let side = compile_side(source, before, self.eager);
        let result = self.insert(side);
        self.by_source.insert(key, result.clone());
        result
    }

    fn insert(&mut self, side: Result<Option<Side>, String>) -> SideResult {
        side.map(|side| {
            side.map(|side| {
                self.sides.push(side);
                self.sides.len() - 1
            })
        })
    }

    fn side(&self, id: Option<usize>) -> Option<&Side> {
        id.map(|i| &self.sides[i])
    }

    /// Compiles the distinct sides on all cores at once.
    fn precompile<'a>(&mut self, sides: impl Iterator<Item = (&'a String, bool)>) {
        // Lazy sides (the built-in rules) are compiled on first use instead.
        if !self.eager {
            return;
        }
        let mut seen = std::collections::HashSet::new();
        let mut distinct: Vec<(String, bool)> = Vec::new();
        for (source, before) in sides {
            let key = (source.clone(), before);
            if !self.by_source.contains_key(&key) && seen.insert(key.clone()) {
                distinct.push(key);
            }
        }
        if distinct.len() < 8 {
            return;
        }
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(4);
        if threads < 2 {
            return;
        }
        // Sides differ a lot in cost (an abbreviation list against `\s`), so
        // each thread takes the next one rather than a fixed share.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut compiled: Vec<(usize, Result<Option<Side>, String>)> =
            std::thread::scope(|scope| {
                let handles: Vec<_> = (0..threads)
                    .map(|_| {
                        scope.spawn(|| {
                            let mut out = Vec::new();
                            loop {
                                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                let Some((source, before)) = distinct.get(i) else {
                                    break out;
                                };
                                out.push((i, compile_side(source, *before, true)));
                            }
                        })
                    })
                    .collect();
                // A thread that panicked leaves its sides to the sequential path.
                handles
                    .into_iter()
                    .filter_map(|h| h.join().ok())
                    .flatten()
                    .collect()
            });
        // In rule order, whichever thread compiled them.
        compiled.sort_by_key(|(i, _)| *i);
        for (i, side) in compiled {
            let result = self.insert(side);
            self.by_source.insert(distinct[i].clone(), result);
        }
    }
}

/// Compiles one side (`Ok(None)` for an empty pattern, which matches
/// everywhere). With `eager` false a pattern in plain `regex` syntax is
/// only parsed (for its shape) and compiled on first use; anything else is
/// compiled now, so that its problems are reported.
fn compile_side(source: &str, before: bool, eager: bool) -> Result<Option<Side>, String> {
    if source.is_empty() {
        return Ok(None);
    }
    let translated = translate(source)?;
    let wrapped = if before {
        format!(r"(?:{})(?s:.)\z", translated.exact)
    } else {
        format!(r"\A(?s:.)(?:{})", translated.exact)
    };
    let hir = regex_syntax::Parser::new().parse(&translated.superset).ok();
    // The superset is the exact pattern when nothing needed dropping, and it
    // parsed: the `regex` crate takes it (the default rules, tested).
    let lazy = !eager && hir.is_some() && translated.exact == translated.superset;
    let pattern = if lazy {
        LazyPattern::lazy(wrapped, false)
    } else {
        let pattern = match regex::Regex::new(&wrapped) {
            Ok(re) => Pattern::Fast(re),
            Err(fast_error) => match fancy_regex::Regex::new(&wrapped) {
                Ok(re) => Pattern::Fancy(re),
                Err(fancy_error) => {
                    return Err(format!(
                        "translated to `{}`, which neither regex engine accepts: {}",
                        translated.exact,
                        first_line(&fancy_error.to_string()).unwrap_or_else(|| {
                            first_line(&fast_error.to_string()).unwrap_or_default()
                        })
                    ));
                }
            },
        };
        LazyPattern::compiled(wrapped, pattern)
    };
    let long_walk = hir.as_ref().is_some_and(repeats_letters);
    let required = match &hir {
        Some(hir) if before && hir.properties().maximum_len().is_some() => required_bytes(hir),
        _ => Vec::new(),
    };
    let (window, bounded, from_start, shape) = match &hir {
        Some(hir) => {
            let properties = hir.properties();
            let anchored = properties.look_set().contains(Look::Start)
                || properties.look_set().contains(Look::StartLF)
                || properties.look_set().contains(Look::StartCRLF);
            let mut shape = edge_class(hir, before);
            shape.superset = translated.superset.clone();
            shape.edges = edge_filter::side_edges(hir, before);
            match properties.maximum_len() {
                Some(max) => (max + WINDOW_MARGIN, true, false, Some(shape)),
                None => (UNBOUNDED_WINDOW, false, anchored, Some(shape)),
            }
        }
        None => (UNBOUNDED_WINDOW, false, false, None),
    };
    Ok(Some(Side {
        plan: SidePlan {
            source: pattern.source.clone(),
            fancy: pattern.fancy,
            window,
            bounded,
            from_start,
            long_walk,
            required,
        },
        pattern: Arc::new(pattern),
        shape,
    }))
}

/// Whether `hir` repeats (more than three times) something that can be a
/// letter: an anchored search for it may run over a whole word or more.
fn repeats_letters(hir: &Hir) -> bool {
    fn can_be_letter(hir: &Hir) -> bool {
        match hir.kind() {
            HirKind::Class(Class::Unicode(class)) => class_contains(class, 'e'),
            HirKind::Class(Class::Bytes(class)) => class
                .ranges()
                .iter()
                .any(|r| r.start() <= b'e' && b'e' <= r.end()),
            HirKind::Literal(literal) => literal.0.contains(&b'e'),
            HirKind::Empty | HirKind::Look(_) => false,
            HirKind::Repetition(r) => can_be_letter(&r.sub),
            HirKind::Capture(c) => can_be_letter(&c.sub),
            HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().any(can_be_letter),
        }
    }
    match hir.kind() {
        HirKind::Repetition(r) => {
            (r.max.is_none_or(|max| max > 3) && can_be_letter(&r.sub)) || repeats_letters(&r.sub)
        }
        HirKind::Capture(c) => repeats_letters(&c.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().any(repeats_letters),
        _ => false,
    }
}

/// One to three rare ASCII bytes, one of which every match of `hir`
/// contains (a character class of its top-level sequence); end marks
/// (`.`, `?`, `!`) do not count, as every candidate has one nearby.
fn required_bytes(hir: &Hir) -> Vec<u8> {
    let parts: &[Hir] = match hir.kind() {
        HirKind::Concat(parts) => parts,
        _ => std::slice::from_ref(hir),
    };
    for part in parts {
        let HirKind::Class(Class::Unicode(class)) = part.kind() else {
            continue;
        };
        let chars = first_chars(class, 4);
        let rare = |c: &char| {
            c.is_ascii_punctuation() && !matches!(c, '.' | '?' | '!' | ',' | '\'' | '"' | '-')
        };
        if chars.len() <= 3 && chars.iter().all(rare) {
            return chars.iter().map(|&c| c as u8).collect();
        }
    }
    Vec::new()
}

fn first_line(text: &str) -> Option<String> {
    let line = text
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty() && !l.starts_with("regex parse error") && !l.starts_with('^'))?;
    Some(line.to_string())
}

/// Analyses `rules`; every rule that cannot be used is reported and left
/// out (the rest still work). With `eager` false, patterns in plain `regex`
/// syntax are left to be compiled on first use (for rules known to compile,
/// the built-in ones): the analysis then costs little more than parsing.
pub(crate) fn analyse(rules: &[SelectedRule<'_>], eager: bool) -> (Analysed, Vec<RuleProblem>) {
    let mut problems = Vec::new();
    let mut classes = ClassTable::default();
    let mut plan_rules = Vec::new();
    let mut after_chars = ClassUnicode::empty();
    let mut before_chars = ClassUnicode::empty();
    let mut every_position = false;
    let mut after_scans: Vec<(String, regex::Regex)> = Vec::new();
    let mut anchor_scans = Vec::new();
    // Scans by pattern text: rules share them.
    let mut scans: HashMap<String, Option<regex::Regex>> = HashMap::new();
    let mut sides = SideCache {
        eager,
        ..SideCache::default()
    };
    sides.precompile(
        rules
            .iter()
            .flat_map(|r| [(&r.rule.before, true), (&r.rule.after, false)]),
    );
    for selected in rules {
        let rule = selected.rule;
        let problem = |field: &'static str, pattern: &str, reason: String| RuleProblem {
            rule_set: selected.rule_set.to_string(),
            index: selected.index,
            field,
            pattern: pattern.to_string(),
            reason,
            line: rule.line,
        };
        let before = sides.compile(&rule.before, true);
        let after = sides.compile(&rule.after, false);
        let (before, after) = match (before, after) {
            (Ok(b), Ok(a)) => (b, a),
            (b, a) => {
                if let Err(reason) = b {
                    problems.push(problem("beforebreak", &rule.before, reason));
                }
                if let Err(reason) = a {
                    problems.push(problem("afterbreak", &rule.after, reason));
                }
                continue;
            }
        };
        let before_shape = sides.side(before).map(|s| s.shape.as_ref());
        let after_shape = sides.side(after).map(|s| s.shape.as_ref());
        // A side that is empty (or could not be analysed) accepts any character.
        let edge = |shape: Option<Option<&Shape>>| match shape {
            Some(Some(shape)) => shape.edges.clone(),
            _ => edge_filter::any_edges(),
        };
        if rule.is_break {
            let before_cost = match before_shape {
                Some(Some(b)) if !b.nullable => Some(class_cost(&b.edge)),
                _ => None,
            };
            let after_cost = match after_shape {
                Some(Some(a)) if !a.nullable => Some(class_cost(&a.edge)),
                _ => None,
            };
            let cheapest = before_cost.min(after_cost).or(before_cost).or(after_cost);
            let costly = cheapest.is_some_and(|cost| cost > CHEAP_CLASS);
            // A rare character near the pattern's start beats a regex scan.
            let anchored = match after_shape {
                Some(Some(a)) if costly && !a.nullable => anchor_of(&a.superset),
                _ => None,
            };
            let scan = match after_shape {
                // Compiled only when it is the way to find the candidates.
                Some(Some(a)) if costly && !a.nullable && anchored.is_none() => scans
                    .entry(a.superset.clone())
                    .or_insert_with(|| regex::Regex::new(&a.superset).ok())
                    .clone()
                    .map(|re| (a.superset.clone(), re)),
                _ => None,
            };
            match (before_shape, after_shape, cheapest) {
                (_, _, Some(cost))
                    if cost > CHEAP_CLASS && (anchored.is_some() || scan.is_some()) =>
                {
                    if let Some((bytes, min, max)) = anchored {
                        anchor_scans.push(AnchorPlan {
                            bytes,
                            min,
                            max,
                            before: classes.edges(&edge(before_shape)),
                            after: classes.edges(&edge(after_shape)),
                        });
                    }
                    after_scans.extend(scan);
                }
                (Some(Some(b)), _, Some(cost)) if Some(cost) == before_cost => {
                    after_chars.union(&b.edge)
                }
                (_, Some(Some(a)), Some(_)) => before_chars.union(&a.edge),
                _ => every_position = true,
            }
        }
        plan_rules.push(RulePlan {
            is_break: rule.is_break,
            before: before.map(|i| i as u32),
            after: after.map(|i| i as u32),
            before_edges: classes.edges(&edge(before_shape)),
            after_edges: classes.edges(&edge(after_shape)),
        });
    }
    let (side_plans, patterns) = sides
        .sides
        .into_iter()
        .map(|side| (side.plan, side.pattern))
        .unzip();
    let (scan_sources, scans) = after_scans.into_iter().unzip();
    let analysed = Analysed {
        tables: Tables {
            classes: classes.classes,
            sides: side_plans,
        },
        plan: Plan {
            rules: plan_rules,
            after_chars: to_ranges(&after_chars),
            before_chars: to_ranges(&before_chars),
            every_position,
            after_scans: scan_sources,
            anchor_scans,
            uax29_base: rules.iter().any(|r| r.uax29_base),
        },
        patterns,
        after_scans: scans,
    };
    (analysed, problems)
}
