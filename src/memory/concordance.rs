//! Concordance search on the token index: every segment holding a word or
//! phrase, shortest first.
//!
//! Memory stays bounded whatever the phrase: each distinct word of the
//! phrase is looked up once, only the posting lists of the (at most
//! [`LISTS_INTERSECTED`]) rarest words are read and intersected, and the
//! candidates are then checked against the whole phrase in their stored
//! token sequences. A 20,000-word phrase costs a 20,000-entry table of
//! token-id sets, not 20,000 posting lists.

use super::codec::{blob_at, decode_ids, decode_tokens};
use super::index::index_lang;
use super::{Memory, Result};
use crate::fuzzy::tokenize::{Token, tokenize};
use crate::lang::LangTag;
use crate::unit::{TranslationUnit, Variant};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Candidates above which a concordance search reads all of a language's
/// token sequences in one ordered pass instead of one look-up each.
const SEQUENCE_SCAN_FROM: usize = 20_000;

/// How many posting lists (those of the rarest words) give the candidates;
/// the other words are checked in the candidates' token sequences.
pub const LISTS_INTERSECTED: usize = 3;

/// One concordance hit.
#[derive(Clone, Debug, Serialize)]
pub struct ConcordanceHit {
    /// The unit's row id.
    pub unit_id: i64,
    /// The variant that contains the phrase.
    pub found: Variant,
    /// Where the phrase is in `found`'s text: character ranges.
    pub highlights: Vec<(usize, usize)>,
    /// The unit's variant in the other language asked for, if any.
    pub other: Option<Variant>,
    /// The whole unit.
    pub unit: TranslationUnit,
}

/// What one concordance search read (tests and benchmarks).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConcordanceStats {
    /// Distinct words (or prefixes) of the phrase looked up.
    pub distinct_words: usize,
    /// Posting lists read in full.
    pub lists_read: usize,
    /// Posting entries read.
    pub postings_read: usize,
    /// Segments checked against the whole phrase.
    pub candidates: usize,
}

impl Memory {
    /// Searches a word or phrase (a trailing `*` makes the last word a prefix)
    /// in the segments of language `lang` (regional variants included),
    /// shortest segment first, then newest. Each hit
    /// comes with the unit's variant in `other`, if any.
    ///
    /// Words are compared as the fuzzy index normalises them (case, `ё`/`е`,
    /// apostrophes), so the token index serves as the concordance index too:
    /// candidates are the intersection of the rarest words' posting lists,
    /// checked for the words in sequence, then confirmed on the segment's own
    /// text (numbers and other placeables must match exactly).
    pub fn concordance(
        &self,
        phrase: &str,
        lang: &LangTag,
        other: Option<&LangTag>,
        limit: usize,
    ) -> Result<Vec<ConcordanceHit>> {
        Ok(self.concordance_explained(phrase, lang, other, limit)?.0)
    }

    /// [`Memory::concordance`], also saying what the search read.
    pub fn concordance_explained(
        &self,
        phrase: &str,
        lang: &LangTag,
        other: Option<&LangTag>,
        limit: usize,
    ) -> Result<(Vec<ConcordanceHit>, ConcordanceStats)> {
        if let Some(pg) = &self.pg {
            return self.concordance_on(pg, phrase, lang, other, limit);
        }
        let mut stats = ConcordanceStats::default();
        let trimmed = phrase.trim_end();
        let prefix = trimmed.ends_with('*');
        let words = tokenize(trimmed.trim_end_matches('*')).words;
        if words.is_empty() || limit == 0 {
            return Ok((Vec::new(), stats));
        }
        self.require_index()?;
        let key = index_lang(lang.normalized());
        let sql = |e| self.sql(e);
        // The token ids each position of the phrase may have, shared between
        // the positions of one word.
        let mut distinct: HashMap<(&str, bool), Rc<HashSet<u32>>> = HashMap::new();
        let mut allowed: Vec<Rc<HashSet<u32>>> = Vec::with_capacity(words.len());
        for (i, word) in words.iter().enumerate() {
            let as_prefix = prefix && i + 1 == words.len() && !word.class.is_placeable();
            let ids = match distinct.get(&(word.index_key(), as_prefix)) {
                Some(ids) => ids.clone(),
                None => {
                    let ids = Rc::new(self.phrase_token_ids(&key, word.index_key(), as_prefix)?);
                    distinct.insert((word.index_key(), as_prefix), ids.clone());
                    ids
                }
            };
            if ids.is_empty() {
                return Ok((Vec::new(), stats));
            }
            allowed.push(ids);
        }
        stats.distinct_words = distinct.len();
        // The rarest words by the size of their posting lists.
        let mut sized = Vec::with_capacity(distinct.len());
        for ids in distinct.values() {
            sized.push((self.posting_bytes(&key, ids)?, ids.clone()));
        }
        drop(distinct);
        sized.sort_by_key(|(bytes, _)| *bytes);
        let mut candidates: Option<Vec<i64>> = None;
        for (_, ids) in sized.iter().take(LISTS_INTERSECTED) {
            let list = self.posting_union(&key, ids, &mut stats)?;
            candidates = Some(match candidates {
                None => list,
                Some(mut kept) => {
                    kept.retain(|id| list.binary_search(id).is_ok());
                    kept
                }
            });
            if candidates.as_ref().is_some_and(Vec::is_empty) {
                break;
            }
        }
        drop(sized);
        let candidates = candidates.unwrap_or_default();
        stats.candidates = candidates.len();
        // Which candidates hold the words in sequence, and how long each is,
        // from the stored token ids: point look-ups for a few candidates, one
        // ordered pass over the language's sequences for many.
        let in_sequence = |tokens: &[u32]| {
            tokens
                .windows(allowed.len())
                .any(|window| window.iter().zip(&allowed).all(|(t, ok)| ok.contains(t)))
        };
        let mut ranked: Vec<(usize, i64)> = Vec::new(); // (length, variant id)
        let table = self.seq_table();
        if candidates.len() <= SEQUENCE_SCAN_FROM {
            let mut reader = super::seqstore::SeqReader::new(table);
            for &variant_id in &candidates {
                let blob = reader.read(&self.conn, &key, variant_id).map_err(sql)?;
                let tokens = decode_tokens(blob.as_deref().unwrap_or(&[])).map_err(sql)?;
                if in_sequence(&tokens) {
                    ranked.push((tokens.len(), variant_id));
                }
            }
        } else {
            let mut wanted = candidates.iter().peekable();
            super::seqstore::scan(&self.conn, table, &key, 0, sql, |variant_id, blob| {
                while wanted.next_if(|&&id| id < variant_id).is_some() {}
                if wanted.peek() != Some(&&variant_id) {
                    return Ok(());
                }
                let tokens = decode_tokens(blob).map_err(sql)?;
                if in_sequence(&tokens) {
                    ranked.push((tokens.len(), variant_id));
                }
                Ok(())
            })?;
        }
        // Shortest first (a term on its own before long sentences using
        // it), then newest.
        ranked.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut hits = Vec::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT lang, unit_id, ord, text FROM variant WHERE id = ?1")
            .map_err(sql)?;
        for (_, variant_id) in ranked {
            if hits.len() >= limit {
                break;
            }
            let row = stmt
                .query_row([variant_id], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, i64>(2)? as usize,
                        row.get::<_, String>(3)?,
                    ))
                })
                .optional()
                .map_err(sql)?;
            let Some((variant_lang, unit_id, ord, text)) = row else {
                continue;
            };
            let variant_lang = LangTag::parse(&variant_lang);
            if !lang.covers(&variant_lang) && !variant_lang.covers(lang) {
                continue; // another regional variant (en-US for en-GB)
            }
            let highlights = phrase_ranges(&text, &words, prefix);
            if highlights.is_empty() {
                continue; // a placeable (number, date, …) that differs
            }
            let Some((unit, _)) = self.unit_and_date(unit_id)? else {
                continue;
            };
            let Some(found) = unit.variants.get(ord).cloned() else {
                continue;
            };
            let other = other.and_then(|o| unit.variant_covering(o).cloned());
            hits.push(ConcordanceHit {
                unit_id,
                found,
                highlights,
                other,
                unit,
            });
        }
        Ok((hits, stats))
    }

    /// Ids of the tokens equal to `word`, or starting with it.
    fn phrase_token_ids(&self, lang: &str, word: &str, prefix: bool) -> Result<HashSet<u32>> {
        let sql = |e| self.sql(e);
        let mut ids = HashSet::new();
        if prefix {
            // Every string that starts with `word` sorts between it and
            // `word` + the highest scalar value.
            let upper = format!("{word}\u{10FFFF}");
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT id FROM fz_token WHERE lang = ?1 AND text >= ?2 AND text < ?3",
                )
                .map_err(sql)?;
            let rows = stmt
                .query_map(params![lang, word, upper], |row| row.get::<_, i64>(0))
                .map_err(sql)?;
            for id in rows {
                ids.insert(id.map_err(sql)? as u32);
            }
        } else {
            let id: Option<i64> = self
                .conn
                .prepare_cached("SELECT id FROM fz_token WHERE lang = ?1 AND text = ?2")
                .map_err(sql)?
                .query_row(params![lang, word], |row| row.get(0))
                .optional()
                .map_err(sql)?;
            ids.extend(id.map(|id| id as u32));
        }
        Ok(ids)
    }

    /// Stored bytes of the posting lists of `tokens`: how rare they are,
    /// without reading the lists.
    fn posting_bytes(&self, lang: &str, tokens: &HashSet<u32>) -> Result<i64> {
        let sql = |e| self.sql(e);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(length(ids)), 0) FROM fz_posting WHERE lang = ?1 AND token_id = ?2",
            )
            .map_err(sql)?;
        let mut total = 0i64;
        for &token in tokens {
            total += stmt
                .query_row(params![lang, token], |row| row.get::<_, i64>(0))
                .map_err(sql)?;
        }
        Ok(total)
    }

    /// The ascending, distinct variant ids of any of `tokens`.
    fn posting_union(
        &self,
        lang: &str,
        tokens: &HashSet<u32>,
        stats: &mut ConcordanceStats,
    ) -> Result<Vec<i64>> {
        let sql = |e| self.sql(e);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT ids FROM fz_posting WHERE lang = ?1 AND token_id = ?2")
            .map_err(sql)?;
        let mut all = Vec::new();
        for &token in tokens {
            let mut rows = stmt.query(params![lang, token]).map_err(sql)?;
            while let Some(row) = rows.next().map_err(sql)? {
                all.extend(decode_ids(blob_at(row, 0).map_err(sql)?).map_err(sql)?);
            }
        }
        stats.lists_read += 1;
        stats.postings_read += all.len();
        all.sort_unstable();
        all.dedup();
        Ok(all)
    }
}

/// Where `words` stand in sequence in `text`: one character range per
/// occurrence, from the first word's start to the last word's end. Words are
/// compared normalised; with `prefix` the last one only has to begin the
/// segment's word.
pub(super) fn phrase_ranges(text: &str, words: &[Token], prefix: bool) -> Vec<(usize, usize)> {
    let segment = tokenize(text).words;
    let last = words.len() - 1;
    let mut ranges = Vec::new();
    let mut at = 0;
    while at + words.len() <= segment.len() {
        let matches = words.iter().enumerate().all(|(i, word)| {
            let found = &segment[at + i].norm;
            if prefix && i == last {
                found.starts_with(word.norm.as_str())
            } else {
                *found == word.norm
            }
        });
        if matches {
            ranges.push((segment[at].start, segment[at + last].end));
            at += words.len();
        } else {
            at += 1;
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::ImportOptions;
    use crate::unit::VecReader;

    #[test]
    fn phrases_are_found_whole_and_by_prefix() {
        let words = |p: &str| tokenize(p).words;
        let text = "The line of contact. A Line of  contact again; lines of contacts.";
        assert_eq!(
            phrase_ranges(text, &words("line of contact"), false),
            [(4, 19), (23, 39)]
        );
        assert_eq!(
            phrase_ranges(text, &words("lines of contact"), true),
            [(47, 64)]
        );
        assert!(phrase_ranges("In 2014 it rained", &words("in 2015"), false).is_empty());
        assert_eq!(phrase_ranges("Ёлка стоит", &words("елка"), false), [(0, 4)]);
    }

    /// A phrase of thousands of words reads the lists of three words only
    /// (it used to read one list per word: 8.4 GB for 20,000 words on a
    /// large memory), and still finds a long phrase that is there.
    #[test]
    fn a_long_phrase_reads_three_posting_lists() {
        let mut memory = Memory::open_in_memory().unwrap();
        let long: Vec<String> = (0..300).map(|i| format!("word{}", i % 40)).collect();
        let long = long.join(" ");
        let mut units = vec![TranslationUnit::pair("en", &long, "ru", "длинный")];
        for i in 0..200 {
            units.push(TranslationUnit::pair(
                "en",
                &format!("the word{} and the word{} again {i}", i % 40, (i + 1) % 40),
                "ru",
                "слово",
            ));
        }
        memory
            .import(
                &mut VecReader::new(units),
                &ImportOptions::default(),
                &mut |_| {},
            )
            .unwrap();
        let en = LangTag::parse("en");
        let phrase: Vec<String> = (0..20_000).map(|i| format!("word{}", i % 40)).collect();
        let (hits, stats) = memory
            .concordance_explained(&phrase.join(" "), &en, None, 10)
            .unwrap();
        assert!(hits.is_empty());
        assert_eq!(stats.distinct_words, 40);
        assert!(stats.lists_read <= LISTS_INTERSECTED, "{stats:?}");
        let (hits, stats) = memory
            .concordance_explained(&long[..long.len() / 2], &en, None, 10)
            .unwrap();
        assert_eq!(hits.len(), 1, "{stats:?}");
        assert!(stats.lists_read <= LISTS_INTERSECTED, "{stats:?}");
    }
}
