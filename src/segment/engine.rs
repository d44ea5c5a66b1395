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
use super::candidates::{AnchorScan, CandidateScan, first_chars};
use super::edge_filter::{self, Context, EdgeFilter, Edges, class_contains};
use super::regex_translate::translate;
use super::side_dfa::{self, Hits, SideGroup};
use super::srx::SelectedRule;
use regex_automata::hybrid::dfa::Cache;
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use unicode_segmentation::UnicodeSegmentation;

/// Longest window (bytes) given to a pattern that can match unboundedly long text.
const UNBOUNDED_WINDOW: usize = 512;
/// Largest window of a bounded `beforebreak` side that joins the shared DFA.
/// A longer one (`[^\n]{1,300}`) would multiply the DFA's states and keep
/// every search going; such a side runs alone, where its own reverse search
/// stops as soon as it fails.
const GROUP_WINDOW_LIMIT: usize = 160;
/// Context added around a bounded pattern's longest match, for `\b` and look-behind.
const WINDOW_MARGIN: usize = 24;

#[derive(Clone)]
enum Pattern {
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
struct LazyPattern {
    /// The anchored pattern given to the regex engines.
    source: String,
    /// Needs `fancy-regex` (look-around, back-references).
    fancy: bool,
    compiled: OnceLock<Option<Pattern>>,
}

impl LazyPattern {
    fn compiled(source: String, pattern: Pattern) -> LazyPattern {
        LazyPattern {
            source,
            fancy: matches!(pattern, Pattern::Fancy(_)),
            compiled: OnceLock::from(Some(pattern)),
        }
    }

    fn is_match(&self, haystack: &str) -> bool {
        let pattern = self.compiled.get_or_init(|| {
            // Only patterns the `regex` parser accepted are left for later.
            regex::Regex::new(&self.source).ok().map(Pattern::Fast)
        });
        pattern.as_ref().is_some_and(|p| p.is_match(haystack))
    }
}

/// A side's DFA of its own (`reverse` for a `beforebreak` side), for the
/// searches that run before the groups are built; none for a fancy side,
/// which always runs alone.
fn own_dfa(side: Option<&Matcher>, reverse: bool) -> Option<SideGroup> {
    let m = side.filter(|m| !m.pattern.fancy)?;
    let mut alone = SideGroup::new(reverse);
    alone.add(&m.pattern.source);
    Some(alone)
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

struct CompiledRule {
    is_break: bool,
    before: Option<Matcher>,
    after: Option<Matcher>,
    /// `before`'s pattern id in the before group.
    before_slot: Option<usize>,
    /// `before` as a DFA of its own, when it is in `regex` syntax but not
    /// in the group: a reverse search without the `regex` crate's layers.
    before_alone: Option<SideGroup>,
    /// `after`'s pattern id in the after group.
    after_slot: Option<usize>,
    /// `after` as a DFA of its own, when it is in `regex` syntax but would
    /// keep the group's search going for a word or more (`[^\s]{0,100}`,
    /// `[\p{L}\p{N}._%+\-]*@`): searched only when the rule needs it.
    after_alone: Option<SideGroup>,
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
    /// The classes of the characters nearest the candidate, for [`EdgeFilter`].
    edges: Edges,
}

/// A rough cost of making every occurrence of a class a candidate: white
/// space and letters are frequent in text, punctuation and symbols rare.
fn class_cost(class: &ClassUnicode) -> usize {
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
const CHEAP_CLASS: usize = 90;

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
}

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

/// Compiles one side. `Ok(None)` for an empty pattern (matches everywhere).
/// Compiled sides and scans by pattern text: many rules share a side (`\s`,
/// `\s+\p{Lu}`, an abbreviation list), and compiling a Unicode-aware regex
/// is most of the start-up time.
#[derive(Default)]
struct SideCache {
    sides: HashMap<(String, bool), SideResult>,
    scans: HashMap<String, Option<regex::Regex>>,
    /// Compile every pattern now, so that all problems are known.
    eager: bool,
}

type SideResult = Result<Option<(Matcher, Option<Shape>)>, String>;

impl SideCache {
    fn compile(&mut self, source: &str, before: bool) -> SideResult {
        self.sides
            .entry((source.to_string(), before))
            .or_insert_with(|| compile_side(source, before, self.eager))
            .clone()
    }

    /// Compiles the distinct sides on all cores at once.
    fn precompile<'a>(&mut self, sides: impl Iterator<Item = (&'a String, bool)>) {
        let mut seen = std::collections::HashSet::new();
        let mut distinct: Vec<(String, bool)> = Vec::new();
        for (source, before) in sides {
            let key = (source.clone(), before);
            if !self.sides.contains_key(&key) && seen.insert(key.clone()) {
                distinct.push(key);
            }
        }
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(4);
        if !self.eager || threads < 2 || distinct.len() < 8 {
            return;
        }
        // Sides differ a lot in cost (an abbreviation list against `\s`), so
        // each thread takes the next one rather than a fixed share.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let compiled: Vec<Vec<((String, bool), SideResult)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut out = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some((source, before)) = distinct.get(i) else {
                                break out;
                            };
                            let side = compile_side(source, *before, true);
                            out.push(((source.clone(), *before), side));
                        }
                    })
                })
                .collect();
            // A thread that panicked leaves its sides to the sequential path.
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        self.sides.extend(compiled.into_iter().flatten());
    }

    fn scan(&mut self, superset: &str) -> Option<regex::Regex> {
        self.scans
            .entry(superset.to_string())
            .or_insert_with(|| regex::Regex::new(superset).ok())
            .clone()
    }
}

/// Compiles one side. With `eager` false a pattern in plain `regex` syntax
/// is only parsed (for its shape) and compiled on first use; anything else
/// is compiled now, so that its problems are reported.
fn compile_side(
    source: &str,
    before: bool,
    eager: bool,
) -> Result<Option<(Matcher, Option<Shape>)>, String> {
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
        LazyPattern {
            source: wrapped,
            fancy: false,
            compiled: OnceLock::new(),
        }
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
    Ok(Some((
        Matcher {
            pattern: Arc::new(pattern),
            window,
            bounded,
            from_start,
            long_walk,
            required,
        },
        shape,
    )))
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
        let mut problems = Vec::new();
        let mut compiled = Vec::new();
        let mut before_group = SideGroup::new(true);
        let mut before_window = 0;
        let mut after_group = SideGroup::new(false);
        let mut after_chars = ClassUnicode::empty();
        let mut before_chars = ClassUnicode::empty();
        let mut every_position = false;
        let mut after_scans: Vec<regex::Regex> = Vec::new();
        let mut anchor_scans: Vec<AnchorScan> = Vec::new();
        let uax29_base = rules.iter().any(|r| r.uax29_base);
        let mut before_edges = Vec::new();
        let mut after_edges = Vec::new();
        let mut breaking = Vec::new();
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
            // A side that is empty (or could not be analysed) accepts any character.
            let edge = |side: &Option<(Matcher, Option<Shape>)>| match side {
                Some((_, Some(shape))) => shape.edges.clone(),
                _ => edge_filter::any_edges(),
            };
            if rule.is_break {
                let before_shape = before.as_ref().map(|(_, s)| s);
                let after_shape = after.as_ref().map(|(_, s)| s);
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
                    Some(Some(a)) if costly && !a.nullable => {
                        AnchorScan::new(&a.superset, edge(&before), edge(&after))
                    }
                    _ => None,
                };
                let scan = match after_shape {
                    // Compiled only when it is the way to find the candidates.
                    Some(Some(a)) if costly && !a.nullable && anchored.is_none() => {
                        sides.scan(&a.superset)
                    }
                    _ => None,
                };
                match (before_shape, after_shape, cheapest) {
                    (_, _, Some(cost))
                        if cost > CHEAP_CLASS && (anchored.is_some() || scan.is_some()) =>
                    {
                        anchor_scans.extend(anchored);
                        after_scans.extend(scan);
                    }
                    (Some(Some(b)), _, Some(cost)) if Some(cost) == before_cost => {
                        after_chars.union(&b.edge)
                    }
                    (_, Some(Some(a)), Some(_)) => before_chars.union(&a.edge),
                    _ => every_position = true,
                }
            }
            before_edges.push(edge(&before));
            after_edges.push(edge(&after));
            breaking.push(rule.is_break);
            let before = before.map(|(m, _)| m);
            let after = after.map(|(m, _)| m);
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
            // A side in a group also gets a DFA of its own: until a search
            // has decided GROUP_AFTER positions, the sides run alone, so that
            // segmenting a line compiles only the sides it reaches.
            let before_alone = own_dfa(before.as_ref(), true);
            let after_slot = match &after {
                Some(m) if !m.pattern.fancy && !m.long_walk => {
                    Some(after_group.add(&m.pattern.source))
                }
                _ => None,
            };
            let after_alone = own_dfa(after.as_ref(), false);
            compiled.push(CompiledRule {
                is_break: rule.is_break,
                before,
                after,
                before_slot,
                before_alone,
                after_slot,
                after_alone,
            });
        }
        (
            Engine {
                rules: compiled,
                before_group,
                before_window,
                after_group,
                scratch: Mutex::new(Vec::new()),
                char_scan: CandidateScan::new(after_chars, before_chars),
                every_position,
                after_scans,
                anchor_scans,
                uax29_base,
                edges: EdgeFilter::new(before_edges, after_edges, &breaking),
            },
            problems,
        )
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
            let answered = cache
                .as_mut()
                .is_some_and(|cache| side.matches(cache, haystack, &mut scratch.hits[group]));
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
                if let Some(alone) = &rule.before_alone {
                    if scratch.alone.len() < self.rules.len() {
                        scratch.alone.resize_with(self.rules.len(), || None);
                    }
                    let cache = scratch.alone[index].get_or_insert_with(|| alone.cache());
                    if let Some(found) = cache
                        .as_mut()
                        .and_then(|cache| alone.matches_any(cache, haystack))
                    {
                        return found;
                    }
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
                if let Some(alone) = &rule.after_alone {
                    if scratch.after_alone.len() < self.rules.len() {
                        scratch.after_alone.resize_with(self.rules.len(), || None);
                    }
                    let cache = scratch.after_alone[index].get_or_insert_with(|| alone.cache());
                    if let Some(found) = cache
                        .as_mut()
                        .and_then(|cache| alone.matches_any(cache, &text[p - prev_len..]))
                    {
                        return found;
                    }
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
    /// Caches of the rules' own `before_alone` DFAs, by rule.
    alone: Vec<Option<Option<Cache>>>,
    /// Caches of the rules' own `after_alone` DFAs, by rule.
    after_alone: Vec<Option<Option<Cache>>>,
    hits: [Hits; 2],
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
