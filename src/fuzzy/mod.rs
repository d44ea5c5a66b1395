//! Fuzzy matching: tokenisation, scores, edit scripts, the lossless candidate
//! filter, placeable substitution, context matches and leverage analysis.
//!
//! **Architecture invariant:** everything here except [`analysis`]'s driver is
//! pure — text and token ids in, scores out; no SQL, no files. The memory
//! ([`crate::memory`]) stores the token index and calls [`filter`] and
//! [`score`]; [`crate::memory::Memory::suggest`] is the entry point most callers want.
//!
//! ```
//! use tmkit::memory::Memory;
//! use tmkit::fuzzy::Query;
//! use tmkit::unit::TranslationUnit;
//!
//! let mut memory = Memory::open_in_memory()?;
//! memory.add(&TranslationUnit::pair("en", "The talks resumed in 2014.", "ru", "Переговоры возобновились в 2014 году."))?;
//! let found = memory.suggest(&Query::new("The talks resumed in 2015.", "en", "ru"))?;
//! assert_eq!(found[0].score, 99);
//! assert_eq!(found[0].adapted_target.as_deref(), Some("Переговоры возобновились в 2015 году."));
//! # Ok::<(), tmkit::memory::MemoryError>(())
//! ```

pub mod distance;
pub mod filter;
pub mod score;
pub mod tokenize;
mod wordbound;

use crate::lang::LangTag;
use crate::unit::{TranslationUnit, Variant};
use score::{DiffSpan, MatchKind, Penalty, PenaltyWeights, Substitution};
use serde::Serialize;
use std::cmp::Ordering;

/// The neighbours of a segment in its document, for context (101%) matches.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// The previous source segment (`None` at the start of a document).
    pub previous: Option<String>,
    /// The next source segment (`None` at the end).
    pub next: Option<String>,
}

/// What to look up.
#[derive(Clone, Debug)]
pub struct Query {
    /// The source segment (plain text).
    pub text: String,
    /// Inline codes the segment has (compared with the memory's, see [`PenaltyWeights::tag`]).
    pub tags: usize,
    /// Source language; regional variants of it match with a penalty.
    pub source: LangTag,
    /// Target language; regional variants of it match with a penalty.
    pub target: LangTag,
    /// Lowest score returned (θ, percent; at least 1). Default 70.
    pub min_score: u8,
    /// At most this many suggestions. Default 5.
    pub max_results: usize,
    /// The segment's neighbours; when given, exact matches with the same
    /// neighbours score 101.
    pub context: Option<Context>,
    /// Penalty weights.
    pub weights: PenaltyWeights,
}

impl Query {
    /// A query with the defaults (θ = 70, 5 results, no context).
    pub fn new(text: &str, source: &str, target: &str) -> Query {
        Query {
            text: text.to_string(),
            tags: 0,
            source: LangTag::parse(source),
            target: LangTag::parse(target),
            min_score: 70,
            max_results: 5,
            context: None,
            weights: PenaltyWeights::default(),
        }
    }
}

/// The scores of a suggestion besides the final one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scores {
    /// Word similarity (OmegaT formula) before penalties and adaptation.
    pub word: u8,
    /// Character similarity of the texts (same formula over characters).
    pub char: u8,
    /// Points taken off, and why.
    pub penalties: Vec<Penalty>,
}

/// One suggestion from a memory.
#[derive(Clone, Debug, Serialize)]
pub struct Suggestion {
    /// The memory it came from (its path, or the name given to [`crate::memory::suggest_many`]).
    pub memory: String,
    /// The unit's row id in that memory.
    pub unit_id: i64,
    /// The final score: 101 context match, 100 exact, 95–99 adapted or exact
    /// with small differences, below that fuzzy.
    pub score: u8,
    /// What kind of match.
    pub kind: MatchKind,
    /// Word and character similarity, penalties.
    pub scores: Scores,
    /// The memory's source segment.
    pub source: Variant,
    /// The memory's target segment.
    pub target: Variant,
    /// The target with the query's placeables substituted (adapted matches).
    pub adapted_target: Option<String>,
    /// What was substituted.
    pub substitutions: Vec<Substitution>,
    /// Where the query and the memory's source differ (word-level edit script).
    pub diff: Vec<DiffSpan>,
    /// When the unit was last changed (`YYYYMMDDThhmmssZ`), if known.
    pub changed: Option<String>,
    /// The whole unit (props, notes, other languages).
    pub unit: TranslationUnit,
    /// Rank of the memory among several (0 = first); breaks score ties.
    pub priority: usize,
}

impl Suggestion {
    /// The order suggestions are shown in: score, then memory priority, then
    /// the most recently changed, then the most recently added.
    pub fn ranking(a: &Suggestion, b: &Suggestion) -> Ordering {
        rank(
            (a.score, a.priority, a.changed.as_deref(), a.unit_id),
            (b.score, b.priority, b.changed.as_deref(), b.unit_id),
        )
    }

    /// The target a translator would insert: the adapted one when placeables
    /// were substituted, else the memory's.
    pub fn target_text(&self) -> String {
        self.adapted_target
            .clone()
            .unwrap_or_else(|| self.target.text())
    }
}

/// Ranking key order (see [`Suggestion::ranking`]); a missing date sorts as oldest.
pub fn rank(a: (u8, usize, Option<&str>, i64), b: (u8, usize, Option<&str>, i64)) -> Ordering {
    b.0.cmp(&a.0)
        .then(a.1.cmp(&b.1))
        .then(b.2.cmp(&a.2))
        .then(b.3.cmp(&a.3))
}

/// True when a unit's recorded context equals the query's.
pub fn context_matches(query: &Context, previous: Option<&str>, next: Option<&str>) -> bool {
    let same = |a: Option<&str>, b: Option<&str>| match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => crate::text::lookup_key(a) == crate::text::lookup_key(b),
        _ => false,
    };
    same(query.previous.as_deref(), previous) && same(query.next.as_deref(), next)
}
