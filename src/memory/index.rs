//! The fuzzy-match token index, inside the memory file; it is the concordance
//! index too.
//!
//! Tables (schema migrations 2 and 3):
//! - `fz_token(id, lang, text)`: the vocabulary of normalised word tokens
//!   (placeables by class), per primary language;
//! - `fz_seqblock(id, lang, data)`: each variant's token ids in order, in
//!   blocks of up to 64 variants of a language (`seqstore`; `fz_seq`, a row
//!   per variant, before schema 6);
//! - `fz_posting(lang, token_id, first_id, ids)`: the inverted index, each
//!   token's ascending variant ids in chunks of at most [`CHUNK`], so adding or
//!   deleting one unit rewrites a few small blobs, never a whole list;
//! - `fz_pending(variant_id)`: variants of a memory migrated from schema 1,
//!   indexed when it is opened (and by [`Memory::rebuild_index`]).
//!
//! Writes go through an [`IndexWriter`], one per transaction.
//!
//! On the first fuzzy lookup for a language the vocabulary and sequences are
//! read into a [`TokenIndex`] (compact `u32` arrays); later writes (this
//! connection's change counter or another process's `PRAGMA data_version`
//! tell) are added to it as a small second index (see `indexcache`).
//!
//! **Architecture invariant:** this is the only place that knows the index's
//! SQL. Tokenising, filtering and scoring are `crate::fuzzy`'s, and pure.

use super::indexcache::{BaseReader, Marks};
use super::rank::Pending;
use super::seqstore::SeqTable;
use super::{Memory, MemoryError};
use crate::fuzzy::distance::similarity;
use crate::fuzzy::filter::{FilterStats, TokenIndex};
use crate::fuzzy::score::{self, Candidate, MatchKind};
use crate::fuzzy::tokenize::{Tokens, tokenize};
use crate::fuzzy::{Query, Scores, Suggestion, context_matches};
use crate::lang::LangTag;
use crate::unit::{TranslationUnit, Variant, tag_count};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// Largest number of variant ids in one posting blob.
pub const CHUNK: usize = 2048;

type Result<T> = std::result::Result<T, MemoryError>;

/// The language key of the index: the primary subtag, lower case.
pub(super) fn index_lang(lang: &str) -> String {
    LangTag::parse(lang).primary().to_ascii_lowercase()
}

pub(super) use super::indexwrite::{
    IndexWriter, POSTING_BUFFER_BYTES, index_pending, index_tokens,
};

/// Sizes of an index, for `tmkit memory stats`-like reports and benchmarks.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct IndexInfo {
    /// Segments indexed in this language.
    pub segments: usize,
    /// Approximate heap bytes of the loaded index.
    pub heap_bytes: usize,
    /// Times this handle has read the language's whole index; writes made
    /// since the first read are added to it instead (see `indexcache`).
    pub whole_reads: u64,
}

// ------------------------------------------------------------ lookups

/// The thresholds an indexed lookup searches at, in turn (see
/// `Memory::suggest_staged`), then `min_score` itself. A query with
/// near-copies in the memory usually has its list filled at an early stage;
/// its candidates there are found through the query's rarest words alone,
/// so the cost of the lookup follows the near-copies of the query rather
/// than the size of the memory. The stages share one search, so one that
/// fails costs its ranking, not its lists.
///
/// `cost` gives the postings a search at a threshold reads, known before
/// reading. When the search at `min_score` reads at least
/// [`FINE_STAGES_FROM`] postings, every one of [`FINE_STAGES`] above
/// `min_score` that reads fewer is tried (a stage reading the same lists
/// could not settle sooner); otherwise the lists are short and a stage's
/// ranking costs as much as it can save, so only [`COARSE_STAGES`] that read
/// at most a third as many postings are.
pub(super) fn search_thresholds(min_score: u8, cost: impl Fn(u8) -> usize) -> Vec<u8> {
    let min = min_score.clamp(1, 100);
    let last = cost(min);
    let mut thresholds: Vec<u8> = if last >= FINE_STAGES_FROM {
        FINE_STAGES
            .iter()
            .copied()
            .filter(|&t| t > min && cost(t) < last)
            .collect()
    } else {
        COARSE_STAGES
            .iter()
            .copied()
            .filter(|&t| t > min && cost(t) * 3 <= last)
            .collect()
    };
    thresholds.push(min);
    thresholds
}

/// Postings the search at the query's threshold must read for the lookup
/// to try [`FINE_STAGES`]: at ten million units (a median query reads
/// 46,000) they bring thread CPU p50 from 2.4 to 1.9 ms; at 100,000 units
/// (a median query reads 1,000) they made p50 0.09 → 0.14 ms
/// (BENCHMARKS.md, "10M lookups, round 2").
const FINE_STAGES_FROM: usize = 16_384;

/// Stages three points apart for a query with long lists: each continues
/// the search of the one before (its lists are read once over all
/// stages), so a stage that does not settle costs only its ranking, and a
/// lookup stops at the first threshold its near-copies fill.
const FINE_STAGES: &[u8] = &[96, 93, 90, 87, 84, 81, 78, 75, 72];

/// Stages for a query with short lists.
const COARSE_STAGES: &[u8] = &[90, 80];

/// Filter hits as candidates for the ranking: the hit's distance over index
/// keys bounds its score from above (see `rank`); its row is read only if
/// that bound can still count.
fn pending_of(hits: Vec<crate::fuzzy::filter::Hit>, query_len: usize) -> Vec<Pending> {
    hits.into_iter()
        .map(|hit| Pending {
            coarse: similarity(hit.distance, query_len, hit.len),
            variant_id: hit.id,
            row: None,
        })
        .collect()
}

/// A lookup's search, of the loaded index or of the file's (see
/// `disksearch`).
enum Staged {
    Loaded {
        index: std::sync::Arc<super::indexcache::LiveIndex>,
        ids: Vec<Option<u32>>,
        search: super::indexcache::LiveSearch,
    },
    File(super::disksearch::DiskSearch),
}

/// A memory to search among several, with its name, rank and penalty
/// (see [`suggest_many`]).
pub struct MemorySource<'a> {
    /// The open memory.
    pub memory: &'a Memory,
    /// The name shown with its suggestions (usually the path).
    pub name: String,
    /// Points taken off every suggestion from it.
    pub penalty: u8,
}

/// Suggestions from several memories at once: each memory's penalty is taken
/// off its scores, then all are ranked by score, then by the order the
/// memories were given (earlier first), then by recency.
pub fn suggest_many(sources: &[MemorySource], query: &Query) -> Result<Vec<Suggestion>> {
    let mut all = Vec::new();
    for (priority, source) in sources.iter().enumerate() {
        all.extend(source.memory.suggest_from(
            query,
            &source.name,
            source.penalty,
            priority,
            true,
        )?);
    }
    all.sort_by(Suggestion::ranking);
    all.truncate(query.max_results);
    Ok(all)
}

/// A row of the variant table that may become a suggestion.
pub(super) struct Row {
    pub(super) variant_id: i64,
    pub(super) unit_id: i64,
    pub(super) ord: usize,
    pub(super) text: String,
}

impl Memory {
    /// Where this memory's token sequences are (schema 6: blocks).
    pub(super) fn seq_table(&self) -> SeqTable {
        SeqTable::of_schema(self.schema_version)
    }

    /// Fails when the memory has no complete index: a memory from an older
    /// tmkit opened read-only (a read-write open builds the index).
    pub(super) fn require_index(&self) -> Result<()> {
        if self.pg.is_some() {
            return Ok(()); // kept in step by every PostgreSQL write
        }
        self.require_schema(2, "has no fuzzy-match index yet")?;
        if self.read_only {
            let pending: bool = self
                .conn
                .query_row("SELECT EXISTS (SELECT 1 FROM fz_pending)", [], |row| {
                    row.get(0)
                })
                .map_err(|e| self.sql(e))?;
            if pending {
                return Err(MemoryError::NeedsMigration {
                    path: self.path.clone(),
                    found: self.schema_version,
                    current: super::schema::current_version(),
                    what: "its fuzzy-match index is not built yet".to_string(),
                });
            }
        }
        Ok(())
    }

    /// Reads a language's index into memory. Every number read from the
    /// file is checked before it sizes anything: token ids must belong to
    /// the vocabulary (whose ids are dense: SQLite gives the next row id),
    /// blobs must decode; anything else is [`MemoryError::Damaged`].
    pub(super) fn load_index(&self, lang: &str) -> Result<(TokenIndex, Marks)> {
        self.require_index()?;
        // One snapshot: a sequence read must not name a word added after
        // the vocabulary was read.
        let _snapshot = self.read_snapshot()?;
        let mut reader = BaseReader::new(self.index_epoch()?);
        let sql = |e| self.sql(e);
        let damaged = |detail: String| MemoryError::damaged(self.path.clone(), detail);
        let (rows, max_id): (i64, i64) = self
            .conn
            .query_row(
                "SELECT count(*), coalesce(max(id), 0) FROM fz_token",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .map_err(sql)?;
        // Ids are given densely; rebuilds and rolled-back imports leave gaps
        // of at most the rows they removed, so twice the count is generous.
        if max_id > 2 * rows + 1024 || max_id > i64::from(u32::MAX) {
            return Err(damaged(format!(
                "the index vocabulary has {rows} words but an id of {max_id}"
            )));
        }
        let mut vocab_max = 0u32;
        {
            let mut stmt = self
                .conn
                .prepare("SELECT id, text FROM fz_token WHERE lang = ?1")
                .map_err(sql)?;
            let mut rows = stmt.query([lang]).map_err(sql)?;
            while let Some(row) = rows.next().map_err(sql)? {
                let id = row.get::<_, i64>(0).map_err(sql)?;
                let id = u32::try_from(id)
                    .map_err(|_| damaged(format!("an index word has the id {id}")))?;
                vocab_max = vocab_max.max(id);
                reader.builder.token(id, row.get(1).map_err(sql)?);
            }
        }
        let table = self.seq_table();
        let mut stmt = self
            .conn
            .prepare(match table {
                SeqTable::Rows => "SELECT variant_id, tokens FROM fz_seq WHERE lang = ?1",
                SeqTable::Blocks => "SELECT id, data FROM fz_seqblock WHERE lang = ?1 ORDER BY id",
            })
            .map_err(sql)?;
        let rows = stmt.query([lang]).map_err(sql)?;
        let reader = reader.read_rows(rows, table, vocab_max, &self.path)?;
        // The posting lists are not read: the index derives them from the
        // sequences (see `TokenIndex`), which is faster than decoding them
        // and leaves the full lists unbuilt until a search below θ = 50.
        drop(stmt);
        Ok(reader.finish())
    }

    /// Loads the token index of `lang` now (a lookup would load it on first
    /// use) and reports its size.
    pub fn warm_index(&self, lang: &LangTag) -> Result<IndexInfo> {
        let index = self.live_index(&lang.primary().to_ascii_lowercase())?;
        Ok(IndexInfo {
            segments: index.len(),
            heap_bytes: index.heap_bytes(),
            whole_reads: self.whole_index_reads(),
        })
    }

    /// Rebuilds the fuzzy and concordance indexes from the stored variants
    /// (normally never needed: they are kept in step on every change).
    /// Returns the number of variants indexed.
    pub fn rebuild_index(&mut self) -> Result<u64> {
        self.check_writable()?;
        if let Some(pg) = &self.pg {
            return pg.rebuild_index(&mut self.on_wait);
        }
        let path = self.path.clone();
        let sql = |source| MemoryError::from_sql(path.clone(), source);
        let tx = super::open::begin_write(
            &self.conn,
            &path,
            &mut self.on_wait,
            self.busy_timeout,
            self.file_id,
        )?;
        tx.execute_batch(
            "DELETE FROM fz_posting; DELETE FROM fz_seqblock; DELETE FROM fz_token;
             INSERT OR IGNORE INTO fz_pending(variant_id) SELECT id FROM variant;",
        )
        .map_err(sql)?;
        let done = index_pending(&tx).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(done)
    }

    /// The best matches for a source segment: every unit whose source-language
    /// segment scores at least `query.min_score`, best first (score, then most
    /// recently changed), at most `query.max_results`. Uses the token index;
    /// the result is identical to [`Memory::suggest_exhaustive`].
    pub fn suggest(&self, query: &Query) -> Result<Vec<Suggestion>> {
        let name = self.path.display().to_string();
        self.suggest_from(query, &name, 0, 0, true)
    }

    /// Like [`Memory::suggest`], also reporting what the candidate filter did.
    pub fn suggest_explained(&self, query: &Query) -> Result<(Vec<Suggestion>, FilterStats)> {
        let name = self.path.display().to_string();
        let tokens = tokenize(&query.text);
        if tokens.is_empty() || query.max_results == 0 {
            return Ok((Vec::new(), FilterStats::default()));
        }
        self.suggest_staged(query, &tokens, &name, 0, 0)
    }

    /// The reference implementation of [`Memory::suggest`]: scores every
    /// segment of the source language, without the index. Slow on a large
    /// memory; tests and benchmarks compare the two.
    pub fn suggest_exhaustive(&self, query: &Query) -> Result<Vec<Suggestion>> {
        if let Some(pg) = &self.pg {
            return Err(pg.not_here("the exhaustive fuzzy scan"));
        }
        let tokens = tokenize(&query.text);
        if tokens.is_empty() || query.max_results == 0 {
            return Ok(Vec::new());
        }
        let sql = |e| self.sql(e);
        let mut rows = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT id, unit_id, ord, lang, text FROM variant ORDER BY id")
                .map_err(sql)?;
            let mut result = stmt.query([]).map_err(sql)?;
            while let Some(row) = result.next().map_err(sql)? {
                let lang: String = row.get(3).map_err(sql)?;
                if !LangTag::parse(&lang).same_language(&query.source) {
                    continue;
                }
                rows.push(Row {
                    variant_id: row.get(0).map_err(sql)?,
                    unit_id: row.get(1).map_err(sql)?,
                    ord: row.get::<_, i64>(2).map_err(sql)? as usize,
                    text: row.get(4).map_err(sql)?,
                });
            }
        }
        let name = self.path.display().to_string();
        let pending = rows
            .into_iter()
            .map(|row| Pending {
                coarse: 101,
                variant_id: row.variant_id,
                row: Some(row),
            })
            .collect();
        self.rank_rows(query, &tokens, pending, &name, 0, 0, false)
    }

    pub(crate) fn suggest_from(
        &self,
        query: &Query,
        name: &str,
        penalty: u8,
        priority: usize,
        early_stop: bool,
    ) -> Result<Vec<Suggestion>> {
        let tokens = tokenize(&query.text);
        if tokens.is_empty() || query.max_results == 0 {
            return Ok(Vec::new());
        }
        if early_stop {
            return Ok(self
                .suggest_staged(query, &tokens, name, penalty, priority)?
                .0);
        }
        let (rows, _) = self.indexed_candidates(query, &tokens, query.min_score)?;
        self.rank_rows(query, &tokens, rows, name, penalty, priority, false)
    }

    /// The index lookup in stages (see [`search_thresholds`]): the
    /// candidates reaching a higher threshold first, ranked; when the list is
    /// full and its worst score reaches that threshold, no segment the stage
    /// left out can enter it or tie with it (each scores below the
    /// threshold), so the result is the one the search at `min_score` gives,
    /// without reading the long posting lists and verifying the many
    /// near-copies that search meets. Otherwise the next stage, down to
    /// `min_score`.
    fn suggest_staged(
        &self,
        query: &Query,
        tokens: &Tokens,
        name: &str,
        penalty: u8,
        priority: usize,
    ) -> Result<(Vec<Suggestion>, FilterStats)> {
        let lang = query.source.primary().to_ascii_lowercase();
        let from_file = self.reads_index_from_file(&lang)?;
        let started = std::time::Instant::now();
        // One read transaction for the whole lookup: each of the ranking's
        // row reads (a candidate's text, its date, its unit) would otherwise
        // take and drop the file's shared lock and re-check the WAL, which
        // was a fifth of the SQLite time of a lookup. It also makes the
        // suggestions one state of the file.
        let _snapshot = match self.pg {
            None => self.read_snapshot()?,
            Some(_) => None,
        };
        let mut search = if from_file {
            let ids = tokens
                .words
                .iter()
                .map(|t| self.token_id_of(&lang, t.index_key()))
                .collect::<Result<Vec<_>>>()?;
            Staged::File(self.start_disk_search(&lang, ids)?)
        } else {
            let (index, ids) = self.query_ids(query, tokens)?;
            // Each stage continues the last one's search: its lists are read
            // once (see `TokenIndex::search_more`), and its hits are kept.
            let search = index.start_search(&ids);
            Staged::Loaded { index, ids, search }
        };
        let result = self.run_stages(query, tokens, name, penalty, priority, &mut search);
        if let Staged::File(search) = search {
            self.finish_disk_search(search);
            self.note_file_lookup(started.elapsed());
        }
        result
    }

    /// The stages of [`Memory::suggest_staged`] over a started search.
    fn run_stages(
        &self,
        query: &Query,
        tokens: &Tokens,
        name: &str,
        penalty: u8,
        priority: usize,
        search: &mut Staged,
    ) -> Result<(Vec<Suggestion>, FilterStats)> {
        let mut total = FilterStats::default();
        let mut hits = Vec::new();
        let query_len = tokens.words.len();
        let thresholds = search_thresholds(query.min_score, |t| match &*search {
            Staged::Loaded { index, ids, .. } => index.search_cost(ids, t),
            Staged::File(search) => self.disk_search_cost(search, t),
        });
        for threshold in thresholds {
            let (more, stats) = match search {
                Staged::Loaded { index, search, .. } => index.search_more(search, threshold),
                Staged::File(search) => self.disk_search_more(search, threshold)?,
            };
            hits.extend(more);
            total.postings_read += stats.postings_read;
            total.candidates += stats.candidates;
            total.verified += stats.verified;
            total.hits += stats.hits;
            let pending = pending_of(hits.clone(), query_len);
            let best =
                self.rank_candidates(query, tokens, pending, name, penalty, priority, true)?;
            // A segment this stage left out has an index similarity below
            // `threshold`, so (below 100, no context bonus) a score of at
            // most `threshold - 1 - penalty`.
            let settled = threshold <= query.min_score.clamp(1, 100)
                || (best.len() >= query.max_results
                    && best.last().is_some_and(|worst| {
                        i32::from(worst.score) + i32::from(penalty) >= i32::from(threshold)
                    }));
            if settled {
                return Ok((self.finish_suggestions(tokens, best), total));
            }
        }
        Ok((Vec::new(), total))
    }

    /// The loaded index of the query's language and the query's token ids.
    fn query_ids(
        &self,
        query: &Query,
        tokens: &Tokens,
    ) -> Result<(
        std::sync::Arc<super::indexcache::LiveIndex>,
        Vec<Option<u32>>,
    )> {
        let lang = query.source.primary().to_ascii_lowercase();
        let index = self.live_index(&lang)?;
        let ids = self.query_token_ids(
            &lang,
            &index,
            &mut tokens.words.iter().map(|t| t.index_key()),
        )?;
        Ok((index, ids))
    }

    fn indexed_candidates(
        &self,
        query: &Query,
        tokens: &Tokens,
        threshold: u8,
    ) -> Result<(Vec<Pending>, FilterStats)> {
        let (index, ids) = self.query_ids(query, tokens)?;
        let (hits, stats) = index.search(&ids, threshold);
        Ok((pending_of(hits, ids.len()), stats))
    }

    /// Scores candidates and keeps the best (see [`Memory::rank_candidates`]),
    /// then adds each suggestion's diff and character similarity.
    #[allow(clippy::too_many_arguments)]
    fn rank_rows(
        &self,
        query: &Query,
        tokens: &Tokens,
        pending: Vec<Pending>,
        name: &str,
        penalty: u8,
        priority: usize,
        early_stop: bool,
    ) -> Result<Vec<Suggestion>> {
        let best =
            self.rank_candidates(query, tokens, pending, name, penalty, priority, early_stop)?;
        Ok(self.finish_suggestions(tokens, best))
    }

    /// Adds each suggestion's diff and character similarity.
    fn finish_suggestions(&self, tokens: &Tokens, mut best: Vec<Suggestion>) -> Vec<Suggestion> {
        for suggestion in &mut best {
            let source_tokens = tokenize(&suggestion.source.text());
            suggestion.diff = score::diff(tokens, &source_tokens);
            suggestion.scores.char =
                crate::fuzzy::distance::char_similarity(&tokens.text, &source_tokens.text);
        }
        best
    }

    pub(super) fn unit_and_date(
        &self,
        unit_id: i64,
    ) -> Result<Option<(TranslationUnit, Option<String>)>> {
        self.load_unit(unit_id)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn score_row(
        &self,
        query: &Query,
        tokens: &Tokens,
        row: &Row,
        source_tokens: &Tokens,
        unit: TranslationUnit,
        changed: Option<String>,
        name: &str,
        penalty: u8,
        priority: usize,
    ) -> Result<Option<Suggestion>> {
        let Some(source) = unit.variants.get(row.ord).cloned() else {
            return Ok(None);
        };
        let target = unit
            .variants
            .iter()
            .enumerate()
            .filter(|(i, v)| *i != row.ord && v.lang.same_language(&query.target))
            .map(|(_, v)| v)
            .min_by_key(|v| {
                (
                    !v.lang.matches(&query.target),
                    !query.target.covers(&v.lang),
                )
            });
        let Some(target) = target.cloned() else {
            return Ok(None);
        };
        let regional = !query.source.covers(&source.lang) || !query.target.covers(&target.lang);
        let target_text = target.text();
        let scored = score::score(
            tokens,
            query.tags,
            &Candidate {
                source: source_tokens,
                source_tags: tag_count(&source.content),
                target_text: &target_text,
                unapproved: score::is_unapproved(&unit, &source, &target),
                regional_variant: regional,
                memory_penalty: penalty,
            },
            &query.weights,
        );
        let mut kind = scored.kind;
        let mut final_score = scored.score;
        if let Some(context) = &query.context {
            if final_score + penalty == 100 && kind == MatchKind::Exact {
                let (previous, next) = self.unit_context(row, &unit, &source)?;
                if context_matches(context, previous.as_deref(), next.as_deref()) {
                    kind = MatchKind::Context;
                    final_score = 101 - penalty;
                }
            }
        }
        let (adapted_target, substitutions) = match scored.adaptation {
            Some(a) => (Some(a.target), a.substitutions),
            None => (None, Vec::new()),
        };
        Ok(Some(Suggestion {
            memory: name.to_string(),
            unit_id: row.unit_id,
            score: final_score,
            kind,
            scores: Scores {
                word: scored.word,
                char: 0,
                penalties: scored.penalties,
            },
            source,
            target,
            adapted_target,
            substitutions,
            diff: Vec::new(),
            changed,
            unit,
            priority,
        }))
    }

    /// The source segments before and after a unit: its context props
    /// (memoQ `x-context-pre`/`x-context-post`, OmegaT `prev`/`next`) when it
    /// has them, else the neighbouring units in import order.
    fn unit_context(
        &self,
        row: &Row,
        unit: &TranslationUnit,
        source: &Variant,
    ) -> Result<(Option<String>, Option<String>)> {
        let prop = |names: &[&str]| {
            unit.props
                .iter()
                .chain(&source.props)
                .find(|p| names.iter().any(|n| p.kind.eq_ignore_ascii_case(n)))
                .map(|p| p.value.clone())
        };
        let previous = prop(&["x-context-pre", "prev"]);
        let next = prop(&["x-context-post", "next"]);
        if previous.is_some() || next.is_some() {
            return Ok((previous, next));
        }
        if let Some(pg) = &self.pg {
            return pg.neighbours(row.variant_id, row.unit_id);
        }
        let lang: String = self
            .conn
            .prepare_cached("SELECT lang FROM variant WHERE id = ?1")
            .map_err(|e| self.sql(e))?
            .query_row([row.variant_id], |r| r.get(0))
            .map_err(|e| self.sql(e))?;
        let neighbour = |sql: &str| -> Result<Option<String>> {
            self.conn
                .prepare_cached(sql)
                .map_err(|e| self.sql(e))?
                .query_row(params![row.unit_id, lang], |r| r.get(0))
                .optional()
                .map_err(|e| self.sql(e))
        };
        // Schema 5 finds a unit's variants from the unit row (no index of
        // `variant.unit_id`).
        let (previous, next) = if self.schema_version >= super::schema::BLOCK_SCHEMA {
            (
                "SELECT v.text FROM unit u JOIN variant v
                   ON v.id >= u.first_variant AND v.id < u.first_variant + u.variants
                 WHERE u.id = (SELECT max(id) FROM unit WHERE id < ?1) AND +v.lang = ?2
                 ORDER BY v.id LIMIT 1",
                "SELECT v.text FROM unit u JOIN variant v
                   ON v.id >= u.first_variant AND v.id < u.first_variant + u.variants
                 WHERE u.id = (SELECT min(id) FROM unit WHERE id > ?1) AND +v.lang = ?2
                 ORDER BY v.id LIMIT 1",
            )
        } else {
            (
                "SELECT text FROM variant WHERE lang = ?2 AND unit_id =
                   (SELECT max(id) FROM unit WHERE id < ?1) ORDER BY ord LIMIT 1",
                "SELECT text FROM variant WHERE lang = ?2 AND unit_id =
                   (SELECT min(id) FROM unit WHERE id > ?1) ORDER BY ord LIMIT 1",
            )
        };
        let previous = neighbour(previous)?;
        let next = neighbour(next)?;
        Ok((previous, next))
    }
}
