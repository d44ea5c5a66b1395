//! Concordance on a PostgreSQL memory: the same answer as
//! `Memory::concordance_explained` on a file, found without posting lists
//! (the PostgreSQL store keeps the vocabulary and the token sequences
//! only): the posting lists of the fuzzy index when this handle has it
//! loaded (a serving thread), else one streamed pass over the language's
//! sequences, checked for the phrase's token ids in order; then the same
//! ranking and confirmation on the segments' text.

use super::PgStore;
use crate::fuzzy::tokenize::tokenize;
use crate::lang::LangTag;
use crate::memory::codec::decode_tokens;
use crate::memory::concordance::phrase_ranges;
use crate::memory::index::index_lang;
use crate::memory::{ConcordanceHit, ConcordanceStats, Memory, Result};
use postgres::fallible_iterator::FallibleIterator;
use std::collections::HashSet;

impl Memory {
    /// `Memory::concordance_explained` for a PostgreSQL memory.
    pub(in crate::memory) fn concordance_on(
        &self,
        pg: &PgStore,
        phrase: &str,
        lang: &LangTag,
        other: Option<&LangTag>,
        limit: usize,
    ) -> Result<(Vec<ConcordanceHit>, ConcordanceStats)> {
        let mut stats = ConcordanceStats::default();
        let trimmed = phrase.trim_end();
        let prefix = trimmed.ends_with('*');
        let words = tokenize(trimmed.trim_end_matches('*')).words;
        if words.is_empty() || limit == 0 {
            return Ok((Vec::new(), stats));
        }
        let key = index_lang(lang.normalized());
        let mut allowed: Vec<HashSet<u32>> = Vec::with_capacity(words.len());
        let mut distinct = HashSet::new();
        for (i, word) in words.iter().enumerate() {
            let as_prefix = prefix && i + 1 == words.len() && !word.class.is_placeable();
            distinct.insert((word.index_key(), as_prefix));
            let ids = pg.phrase_token_ids(&key, word.index_key(), as_prefix)?;
            if ids.is_empty() {
                return Ok((Vec::new(), stats));
            }
            allowed.push(ids);
        }
        stats.distinct_words = distinct.len();
        let in_sequence = |tokens: &[u32]| {
            tokens
                .windows(allowed.len())
                .any(|window| window.iter().zip(&allowed).all(|(t, ok)| ok.contains(t)))
        };
        // A handle that holds the language's index (a serving thread) finds
        // the segments through its posting lists; one that does not streams
        // the sequences once rather than reading the index whole.
        let (mut ranked, scanned) = match self.loaded_index(&key)? {
            Some(index) => index.phrase_sequences(&allowed),
            None => pg.sequences_with(&key, &in_sequence)?,
        };
        stats.candidates = scanned;
        ranked.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut hits = Vec::new();
        for (_, variant_id) in ranked {
            if hits.len() >= limit {
                break;
            }
            let Some((variant_lang, row)) = pg.variant_with_lang(variant_id)? else {
                continue;
            };
            let variant_lang = LangTag::parse(&variant_lang);
            if !lang.covers(&variant_lang) && !variant_lang.covers(lang) {
                continue; // another regional variant (en-US for en-GB)
            }
            let highlights = phrase_ranges(&row.text, &words, prefix);
            if highlights.is_empty() {
                continue; // a placeable (number, date, …) that differs
            }
            let Some((unit, _)) = self.unit_and_date(row.unit_id)? else {
                continue;
            };
            let Some(found) = unit.variants.get(row.ord).cloned() else {
                continue;
            };
            let other = other.and_then(|o| unit.variant_covering(o).cloned());
            hits.push(ConcordanceHit {
                unit_id: row.unit_id,
                found,
                highlights,
                other,
                unit,
            });
        }
        Ok((hits, stats))
    }
}

impl PgStore {
    /// Ids of the index words equal to `word`, or starting with it.
    fn phrase_token_ids(&self, lang: &str, word: &str, prefix: bool) -> Result<HashSet<u32>> {
        let mut client = self.client.borrow_mut();
        let rows = if prefix {
            let upper = format!("{word}\u{10FFFF}");
            client.query(
                r#"SELECT id FROM tmkit_token WHERE memory_id = $1 AND lang = $2
                   AND text COLLATE "C" >= $3 AND text COLLATE "C" < $4"#,
                &[&self.memory_id, &lang, &word, &upper],
            )
        } else {
            client.query(
                "SELECT id FROM tmkit_token WHERE memory_id = $1 AND lang = $2 AND text = $3",
                &[&self.memory_id, &lang, &word],
            )
        }
        .map_err(|e| self.err(e))?;
        Ok(rows.iter().map(|r| r.get::<_, i32>(0) as u32).collect())
    }

    /// `(length, variant id)` of every segment of index language `lang`
    /// whose token ids `keep` accepts, and how many were scanned.
    fn sequences_with(
        &self,
        lang: &str,
        keep: &dyn Fn(&[u32]) -> bool,
    ) -> Result<(Vec<(usize, i64)>, usize)> {
        let mut client = self.client.borrow_mut();
        let params: [&(dyn postgres::types::ToSql + Sync); 2] = [&self.memory_id, &lang];
        let mut rows = client
            .query_raw(
                "SELECT variant_id, tokens FROM tmkit_seq WHERE memory_id = $1 AND lang = $2",
                params,
            )
            .map_err(|e| self.err(e))?;
        let mut found = Vec::new();
        let mut scanned = 0;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            scanned += 1;
            let tokens = decode_tokens(row.get::<_, &[u8]>(1))
                .map_err(|e| crate::memory::MemoryError::damaged(&self.shown, e.to_string()))?;
            if keep(&tokens) {
                found.push((tokens.len(), row.get::<_, i64>(0)));
            }
        }
        Ok((found, scanned))
    }

    /// A variant's stored language and row.
    fn variant_with_lang(
        &self,
        variant_id: i64,
    ) -> Result<Option<(String, crate::memory::index::Row)>> {
        let lang: Option<String> = {
            let mut client = self.client.borrow_mut();
            client
                .query_opt(
                    "SELECT lang FROM tmkit_variant WHERE memory_id = $1 AND id = $2",
                    &[&self.memory_id, &variant_id],
                )
                .map_err(|e| self.err(e))?
                .map(|r| r.get(0))
        };
        let Some(lang) = lang else { return Ok(None) };
        Ok(self.variant_row(variant_id)?.map(|row| (lang, row)))
    }
}
