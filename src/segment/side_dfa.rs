//! Many rule sides tested at one candidate position with one lazy DFA.
//!
//! Every `beforebreak` pattern is `(?:X)(?s:.)\z` and every `afterbreak`
//! pattern `\A(?s:.)(?:X)` (see `engine::compile_side`), so each is anchored
//! at the candidate. A group compiles all the sides of one kind into a single
//! lazy DFA (`regex_automata::hybrid`) that collects, in one anchored pass, the
//! set of patterns matching there: backwards from the candidate for
//! `beforebreak`, forwards for `afterbreak`. The pass stops as soon as no
//! pattern can match any more, which at a typical sentence end is a word or
//! two away, where a `RegexSet` or a separate search per rule would scan the
//! whole context window once or several times.
//!
//! The answer is exactly the one each pattern's own `regex::Regex` gives on
//! the same haystack: the patterns, the syntax options and the haystack are
//! the same. The DFA is built on first use (so a process that segments one
//! line compiles only what that line needs); when it cannot be built or
//! cannot answer (a Unicode word boundary next to a non-ASCII character),
//! the caller checks the sides one by one instead.

use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::start;
use regex_automata::util::syntax;
use regex_automata::{Anchored, MatchKind};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Room for the lazy DFA's states: the built-in rules need far less, and a
/// full cache is cleared and refilled rather than failing.
const CACHE_CAPACITY: usize = 8 << 20;

/// The sides of one kind (and one haystack window) as one DFA.
pub(crate) struct SideGroup {
    reverse: bool,
    patterns: Vec<String>,
    ids: HashMap<String, usize>,
    dfa: OnceLock<Option<DFA>>,
}

/// A group's answer at one position: bit `i` is set when pattern `i` matches.
pub(crate) type Hits = Vec<u64>;

/// The patterns of the match states a group's walks have met, as [`Hits`]
/// words, kept with the group's [`Cache`]: a walk passes a match state or
/// two at most positions, and asking the DFA for the patterns of each one
/// by one (`match_len`, `match_pattern`) was a sixteenth of English
/// segmentation. A direct-mapped table: an entry holds the state it was
/// made for and is used only for that state (a hash map's look-up cost as
/// much as the DFA's answer), a collision makes it again.
#[derive(Default)]
pub(crate) struct HitMemo {
    /// The cache's `clear_count` the entries belong to (a cleared cache
    /// gives its ids to other states).
    clear_count: usize,
    /// Per entry, the state it holds (`None`: empty).
    states: Vec<Option<LazyStateID>>,
    /// Per entry, its words of [`Hits`].
    sets: Vec<u64>,
}

/// Entries of a [`HitMemo`] (a power of two): the built-in rules' groups
/// meet a few hundred match states.
const MEMO_ENTRIES: usize = 1024;

/// The `u32` a [`LazyStateID`] hashes as: the lazy DFA keeps it private,
/// and here it only picks an entry of a [`HitMemo`] (which checks the state).
#[derive(Default)]
struct IdBits(u64);

impl std::hash::Hasher for IdBits {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = self.0.rotate_left(32) ^ u64::from(n);
    }
}

impl HitMemo {
    /// The words of [`Hits`] of match state `sid` of `dfa`, with `words` words.
    fn hits(&mut self, dfa: &DFA, cache: &Cache, sid: LazyStateID, words: usize) -> &[u64] {
        if self.clear_count != cache.clear_count() || self.states.is_empty() {
            self.clear_count = cache.clear_count();
            self.states.clear();
            self.states.resize(MEMO_ENTRIES, None);
            self.sets.clear();
            self.sets.resize(MEMO_ENTRIES * words, 0);
        }
        let mut bits = IdBits::default();
        std::hash::Hash::hash(&sid, &mut bits);
        // Fibonacci hashing: ids are multiples of the DFA's stride.
        let entry = (bits.0.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize % MEMO_ENTRIES;
        let set = &mut self.sets[entry * words..(entry + 1) * words];
        if self.states[entry] != Some(sid) {
            set.fill(0);
            for i in 0..dfa.match_len(cache, sid) {
                let id = dfa.match_pattern(cache, sid, i).as_usize();
                set[id / 64] |= 1 << (id % 64);
            }
            self.states[entry] = Some(sid);
        }
        set
    }
}

impl SideGroup {
    /// An empty group of `beforebreak` sides (`reverse`) or `afterbreak` sides.
    pub(crate) fn new(reverse: bool) -> SideGroup {
        SideGroup {
            reverse,
            patterns: Vec::new(),
            ids: HashMap::new(),
            dfa: OnceLock::new(),
        }
    }

    /// Adds a pattern (the complete anchored source); returns its id. The
    /// same source added twice gets the same id.
    pub(crate) fn add(&mut self, source: &str) -> usize {
        if let Some(&id) = self.ids.get(source) {
            return id;
        }
        let id = self.patterns.len();
        self.patterns.push(source.to_string());
        self.ids.insert(source.to_string(), id);
        id
    }

    /// 64-bit words in a [`Hits`] of this group.
    pub(crate) fn words(&self) -> usize {
        self.patterns.len().div_ceil(64).max(1)
    }

    fn dfa(&self) -> Option<&DFA> {
        self.dfa
            .get_or_init(|| {
                if self.patterns.is_empty() {
                    return None;
                }
                let config = DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(CACHE_CAPACITY)
                    .skip_cache_capacity_check(true)
                    .unicode_word_boundary(true);
                // The syntax options of `regex::Regex::new`.
                lazy_dfa(&self.patterns, self.reverse, syntax::Config::new(), config)
            })
            .as_ref()
    }

    /// A cache for searching with this group (`None` when its DFA cannot be built).
    pub(crate) fn cache(&self) -> Option<Cache> {
        self.dfa().map(DFA::create_cache)
    }

    /// Sets in `hits` the patterns that match `haystack` as a whole-window
    /// check: a `beforebreak` pattern ending at its end, an `afterbreak`
    /// pattern starting at its start. `false` when the DFA cannot answer
    /// (then `hits` must not be used).
    pub(crate) fn matches(
        &self,
        cache: &mut Cache,
        memo: &mut HitMemo,
        haystack: &str,
        hits: &mut Hits,
    ) -> bool {
        let Some(dfa) = self.dfa() else {
            return false;
        };
        let words = self.words();
        hits.clear();
        hits.resize(words, 0);
        let mut record = |cache: &mut Cache, sid: LazyStateID| {
            for (hit, set) in hits.iter_mut().zip(memo.hits(dfa, cache, sid, words)) {
                *hit |= set;
            }
        };
        let walked = self.walk(dfa, cache, haystack.as_bytes(), |cache, sid| {
            record(cache, sid);
            true
        });
        walked.is_some()
    }

    /// Whether any pattern of the group matches `haystack` (as in
    /// [`SideGroup::matches`]); stops at the first match. `None` when the
    /// DFA cannot answer.
    pub(crate) fn matches_any(&self, cache: &mut Cache, haystack: &str) -> Option<bool> {
        let dfa = self.dfa()?;
        self.walk(dfa, cache, haystack.as_bytes(), |_, _| false)
    }

    /// Runs the DFA over `haystack`, anchored at its end (a reverse group)
    /// or start, calling `on_match` at every match state; stops when no
    /// pattern can match any more or `on_match` says so. `Some(true)` when a
    /// match was seen, `None` when the DFA cannot answer (a Unicode word
    /// boundary next to a non-ASCII character, or a cache it gave up on).
    ///
    /// This is what `try_search_overlapping_{fwd,rev}` and `try_search_{fwd,rev}`
    /// do for an anchored search, without their set-up for each call and
    /// each match: most walks here are a few bytes long.
    fn walk(
        &self,
        dfa: &DFA,
        cache: &mut Cache,
        haystack: &[u8],
        mut on_match: impl FnMut(&mut Cache, LazyStateID) -> bool,
    ) -> Option<bool> {
        // The haystack ends (reverse) or starts at the candidate, with
        // nothing beyond it: the start state has no look-behind byte.
        let mut sid = dfa
            .start_state(cache, &start::Config::new().anchored(Anchored::Yes))
            .ok()?;
        let mut matched = false;
        let n = haystack.len();
        for k in 0..n {
            let b = if self.reverse {
                haystack[n - 1 - k]
            } else {
                haystack[k]
            };
            sid = dfa.next_state(cache, sid, b).ok()?;
            if sid.is_tagged() {
                if sid.is_match() {
                    matched = true;
                    if !on_match(cache, sid) {
                        return Some(true);
                    }
                } else if sid.is_dead() {
                    return Some(matched);
                } else if sid.is_quit() {
                    return None;
                }
            }
        }
        sid = dfa.next_eoi_state(cache, sid).ok()?;
        if sid.is_match() {
            matched = true;
            on_match(cache, sid);
        } else if sid.is_quit() {
            return None;
        }
        Some(matched)
    }
}

/// Builds a lazy DFA of `patterns` as `DFA::builder().configure(config)
/// .syntax(syntax).thompson(thompson::Config::new().reverse(reverse))
/// .build_many(patterns)` does, with one Thompson compiler per thread: a new
/// compiler (every `DFA::new`) zeroes a 10,000-entry table for Unicode
/// classes on its first class, which made up a large part of building the
/// small DFAs a one-line `tmkit segment` needs (language maps, rule sides).
pub(crate) fn lazy_dfa<P: AsRef<str>>(
    patterns: &[P],
    reverse: bool,
    syntax: syntax::Config,
    config: regex_automata::hybrid::dfa::Config,
) -> Option<DFA> {
    thread_local! {
        static COMPILER: RefCell<thompson::Compiler> = RefCell::new(thompson::Compiler::new());
    }
    let nfa = COMPILER
        .try_with(|compiler| {
            let mut compiler = compiler.try_borrow_mut().ok()?;
            compiler.syntax(syntax).configure(
                thompson::Config::new()
                    .reverse(reverse)
                    // DFAs have no use for captures (as `build_many` sets).
                    .which_captures(thompson::WhichCaptures::None),
            );
            compiler.build_many(patterns).ok()
        })
        .ok()??;
    DFA::builder().configure(config).build_from_nfa(nfa).ok()
}

/// Whether pattern `id` is in `hits`.
pub(crate) fn hit(hits: &Hits, id: usize) -> bool {
    hits.get(id / 64).is_some_and(|w| w & (1 << (id % 64)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(reverse: bool, patterns: &[&str], haystack: &str) {
        let mut group = SideGroup::new(reverse);
        let ids: Vec<usize> = patterns.iter().map(|p| group.add(p)).collect();
        let mut cache = group.cache().expect("builds");
        let mut hits = Hits::new();
        assert!(group.matches(&mut cache, &mut HitMemo::default(), haystack, &mut hits));
        for (pattern, id) in patterns.iter().zip(ids) {
            let expected = regex::Regex::new(pattern).unwrap().is_match(haystack);
            assert_eq!(hit(&hits, id), expected, "{pattern} on {haystack:?}");
        }
    }

    #[test]
    fn before_sides_agree_with_regex() {
        let patterns = [
            r"(?:(?:^|[^\p{L}\p{N}])(?:Mr|Dr|St))(?s:.)\z",
            r"(?:[.?!…]+(?:['’”)])*)(?s:.)\z",
            r"(?:\p{Lu}\p{L}*\s(?:v|vs)\.)(?s:.)\z",
            r"(?:\n)(?s:.)\z",
            r"(?:^\s*\.)(?s:.)\z",
        ];
        for haystack in [
            "said Mr. ",
            "Mr. ",
            "the end.” ",
            "Roe v. W",
            "ab\n ",
            " . ",
            "x",
            "Путин. В",
        ] {
            check(true, &patterns, haystack);
        }
    }

    #[test]
    fn after_sides_agree_with_regex() {
        let patterns = [
            r"\A(?s:.)(?:\s+\p{Lu})",
            r"\A(?s:.)(?:\s*[0-9])",
            r"\A(?s:.)(?:[^\S\n]*\n)",
            r"\A(?s:.)(?:\s+(?:[ECMPA][SD]?T|GMT)(?:[^\p{L}]|$))",
            r"\A(?s:.)(?:)",
        ];
        for haystack in [
            ". The", ". 5", ".  \nx", ". GMT", ". GMTx", ". EST", ".", "ё Ж",
        ] {
            check(false, &patterns, haystack);
        }
    }

    #[test]
    fn a_single_long_side_agrees_with_regex() {
        let pattern = r"(?:(?:^|\n|\p{L}\p{L}[.?!]\s)[^\S\n]*[0-9]{1,3}\.\s[^\n]{1,300}\s[0-9]{1,3}\.)(?s:.)\z";
        let mut group = SideGroup::new(true);
        group.add(pattern);
        let mut cache = group.cache().expect("builds");
        let re = regex::Regex::new(pattern).unwrap();
        for haystack in [
            "1. One thing 2. ",
            "Done. 1. One 22. T",
            "x 2. ",
            "ab. 1. Дело 3. ",
        ] {
            assert_eq!(
                group.matches_any(&mut cache, haystack),
                Some(re.is_match(haystack)),
                "{haystack:?}"
            );
        }
    }

    #[test]
    fn word_boundary_next_to_non_ascii_is_left_to_the_caller() {
        let mut group = SideGroup::new(true);
        group.add(r"(?:\bab)(?s:.)\z");
        let mut cache = group.cache().expect("builds");
        let mut hits = Hits::new();
        let mut memo = HitMemo::default();
        assert!(group.matches(&mut cache, &mut memo, " ab.", &mut hits));
        assert!(hit(&hits, 0));
        assert!(!group.matches(&mut cache, &mut memo, "жab.", &mut hits));
    }
}
