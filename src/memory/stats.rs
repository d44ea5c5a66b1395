//! Figures about a memory (`tmkit memory stats`) and the check that it has
//! a language pair. Every query here is linear in the number of variants,
//! however many languages one unit has.

use super::{Memory, MemoryError, Result, schema};
use crate::lang::LangTag;
use rusqlite::params;
use serde::{Deserialize, Serialize};

/// Figures about a memory.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Stats {
    /// Units stored.
    pub units: u64,
    /// Variants (language versions) stored.
    pub variants: u64,
    /// Variants per language (normalised tags), most first.
    pub languages: Vec<LangCount>,
    /// Units per ordered language pair that appears together in a unit, most first.
    pub pairs: Vec<PairCount>,
    /// False when the memory has more than [`PAIR_LANGUAGES`] languages:
    /// `pairs` then covers the pairs among the languages with most variants
    /// (all pairs of a unit with thousands of languages would be millions).
    #[serde(default = "yes")]
    pub pairs_complete: bool,
    /// Files imported so far, oldest first.
    pub sources: Vec<SourceInfo>,
    /// The schema version of the file.
    pub schema_version: i64,
    /// File size in bytes (0 for an in-memory memory). For a PostgreSQL
    /// memory: its estimated share of the `tmkit_*` tables' size on the
    /// server, indexes included (each table's size times the share of its
    /// rows that are this memory's).
    pub file_bytes: u64,
}

fn yes() -> bool {
    true
}

/// [`Stats::pairs`] counts the pairs among at most this many languages
/// (those with most variants), so statistics take time linear in the
/// variants however many languages one unit has.
pub const PAIR_LANGUAGES: usize = 32;

/// Count of variants in one language.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LangCount {
    /// Normalised language tag.
    pub lang: String,
    /// Variants in it.
    pub variants: u64,
}

/// Count of units holding both languages of a pair.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PairCount {
    /// Source language (normalised).
    pub source: String,
    /// Target language (normalised).
    pub target: String,
    /// Units with both.
    pub units: u64,
}

/// One imported file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SourceInfo {
    /// The name given at import (usually the path).
    pub name: String,
    /// When (UTC, `YYYYMMDDThhmmssZ`).
    pub imported_at: String,
}

impl Memory {
    /// Counts and languages.
    pub fn stats(&self) -> Result<Stats> {
        if let Some(pg) = &self.pg {
            return pg.stats();
        }
        let count = |sql: &str| -> Result<u64> {
            self.conn
                .query_row(sql, [], |row| row.get::<_, i64>(0))
                .map(|n| n as u64)
                .map_err(|e| self.sql(e))
        };
        let units = count("SELECT count(*) FROM unit")?;
        let variants = count("SELECT count(*) FROM variant")?;
        let mut languages = Vec::new();
        let mut keys = Vec::new(); // the stored (lower-case) tags, same order
        {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT lang, count(*) AS n FROM variant GROUP BY lang ORDER BY n DESC, lang",
                )
                .map_err(|e| self.sql(e))?;
            let rows = stmt
                .query_map([], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
                })
                .map_err(|e| self.sql(e))?;
            for row in rows {
                let (lang, n) = row.map_err(|e| self.sql(e))?;
                languages.push(LangCount {
                    lang: crate::lang::normalize(&lang),
                    variants: n as u64,
                });
                keys.push(lang);
            }
        }
        let pairs = self.pair_counts(&keys)?;
        let pairs_complete = keys.len() <= PAIR_LANGUAGES;
        let mut sources = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT name, imported_at FROM source_file ORDER BY id")
                .map_err(|e| self.sql(e))?;
            let rows = stmt
                .query_map([], |row| {
                    Ok(SourceInfo {
                        name: row.get(0)?,
                        imported_at: row.get(1)?,
                    })
                })
                .map_err(|e| self.sql(e))?;
            for row in rows {
                sources.push(row.map_err(|e| self.sql(e))?);
            }
        }
        let file_bytes = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        Ok(Stats {
            units,
            variants,
            languages,
            pairs,
            pairs_complete,
            sources,
            schema_version: schema::version(&self.conn).map_err(|e| self.sql(e))?,
            file_bytes,
        })
    }

    /// Units per ordered pair of languages among the first
    /// [`PAIR_LANGUAGES`] of `keys` (stored tags, most variants first), most
    /// units first. One pass over the variants in unit order; each unit
    /// costs its variants plus its pairs among those languages.
    pub(super) fn pair_counts(&self, keys: &[String]) -> Result<Vec<PairCount>> {
        let sql = |e| self.sql(e);
        // A damaged memory's GROUP BY can name one tag twice: index the
        // distinct tags, so every index stays below `n`.
        let mut top: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut names: Vec<&str> = Vec::new();
        for key in keys.iter().take(PAIR_LANGUAGES) {
            top.entry(key.as_str()).or_insert_with(|| {
                names.push(key.as_str());
                names.len() - 1
            });
        }
        let n = names.len();
        let mut counts = vec![0u64; n * n];
        let mut unit_langs: Vec<usize> = Vec::new();
        let mut flush = |langs: &mut Vec<usize>| {
            langs.sort_unstable();
            langs.dedup();
            for &a in langs.iter() {
                for &b in langs.iter() {
                    if a != b {
                        counts[a * n + b] += 1;
                    }
                }
            }
            langs.clear();
        };
        {
            let mut stmt = self
                .conn
                // Schema 5 keeps a unit's variants at consecutive ids.
                .prepare(if self.schema_version >= super::schema::BLOCK_SCHEMA {
                    "SELECT unit_id, lang FROM variant_row ORDER BY id"
                } else {
                    "SELECT unit_id, lang FROM variant ORDER BY unit_id"
                })
                .map_err(sql)?;
            let mut rows = stmt.query([]).map_err(sql)?;
            let mut current = None;
            while let Some(row) = rows.next().map_err(sql)? {
                let unit: i64 = row.get(0).map_err(sql)?;
                if current != Some(unit) {
                    flush(&mut unit_langs);
                    current = Some(unit);
                }
                let lang = row.get_ref(1).map_err(sql)?.as_str().unwrap_or("");
                if let Some(&i) = top.get(lang) {
                    unit_langs.push(i);
                }
            }
            flush(&mut unit_langs);
        }
        let mut pairs: Vec<(u64, &str, &str)> = Vec::new();
        for a in 0..n {
            for b in 0..n {
                if counts[a * n + b] > 0 {
                    pairs.push((counts[a * n + b], names[a], names[b]));
                }
            }
        }
        pairs.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(y.1)).then(x.2.cmp(y.2)));
        Ok(pairs
            .into_iter()
            .map(|(units, a, b)| PairCount {
                source: crate::lang::normalize(a),
                target: crate::lang::normalize(b),
                units,
            })
            .collect())
    }

    /// Checks that the memory has units with both languages of a pair (regional
    /// variants count: `en` finds `en-US`); the error lists the pairs it has.
    pub fn require_pair(&self, source: &LangTag, target: &LangTag) -> Result<()> {
        // Usually the first units have the pair: look at a few rows of the
        // join before anything that reads every variant.
        if let Some(pg) = &self.pg {
            if pg.has_pair(source, target)? {
                return Ok(());
            }
        } else {
            let sql = |e| self.sql(e);
            let mut stmt = self
                .conn
                .prepare_cached(if self.schema_version >= super::schema::BLOCK_SCHEMA {
                    "SELECT a.lang, b.lang FROM variant_row a JOIN unit u ON u.id = a.unit_id
                     JOIN variant_row b ON b.id >= u.first_variant
                       AND b.id < u.first_variant + u.variants AND b.id <> a.id LIMIT 256"
                } else {
                    "SELECT a.lang, b.lang FROM variant a
                     JOIN variant b ON b.unit_id = a.unit_id AND b.id <> a.id LIMIT 256"
                })
                .map_err(sql)?;
            let mut rows = stmt.query([]).map_err(sql)?;
            while let Some(row) = rows.next().map_err(sql)? {
                let a = row.get_ref(0).map_err(sql)?.as_str().unwrap_or("");
                let b = row.get_ref(1).map_err(sql)?.as_str().unwrap_or("");
                if source.covers(&LangTag::parse(a)) && target.covers(&LangTag::parse(b)) {
                    return Ok(());
                }
            }
        }
        // Then one probe per pair of stored tags the pair covers: each reads
        // the units with the source language once (linear in variants).
        if self.pg.is_none() {
            let sql = |e| self.sql(e);
            let mut stmt = self
                .conn
                .prepare_cached("SELECT DISTINCT lang FROM variant")
                .map_err(sql)?;
            let langs: Vec<String> = stmt
                .query_map([], |row| row.get(0))
                .map_err(sql)?
                .collect::<rusqlite::Result<_>>()
                .map_err(sql)?;
            let covered = |tag: &LangTag| -> Vec<&String> {
                langs
                    .iter()
                    .filter(|l| tag.covers(&LangTag::parse(l)))
                    .collect()
            };
            let mut probe = self
                .conn
                .prepare_cached(if self.schema_version >= super::schema::BLOCK_SCHEMA {
                    "SELECT EXISTS (SELECT 1 FROM variant_row a JOIN unit u ON u.id = a.unit_id
                     JOIN variant_row b ON b.id >= u.first_variant
                       AND b.id < u.first_variant + u.variants
                     WHERE a.lang = ?1 AND +b.lang = ?2 AND b.id <> a.id)"
                } else {
                    "SELECT EXISTS (SELECT 1 FROM variant a JOIN variant b ON b.unit_id = a.unit_id
                     WHERE a.lang = ?1 AND b.lang = ?2 AND b.id <> a.id)"
                })
                .map_err(sql)?;
            for a in covered(source) {
                for b in covered(target) {
                    let found: bool = probe
                        .query_row(params![a, b], |row| row.get(0))
                        .map_err(sql)?;
                    if found {
                        return Ok(());
                    }
                }
            }
        }
        let stats = self.stats()?;
        let found = stats.pairs.iter().any(|p| {
            source.covers(&LangTag::parse(&p.source)) && target.covers(&LangTag::parse(&p.target))
        });
        if found {
            return Ok(());
        }
        let available = if stats.pairs.is_empty() {
            "no language pairs (the memory is empty)".to_string()
        } else {
            stats
                .pairs
                .iter()
                .map(|p| format!("{}:{} ({} units)", p.source, p.target, p.units))
                .collect::<Vec<_>>()
                .join(", ")
        };
        Err(MemoryError::NoSuchPair {
            wanted: format!("{source}:{target}"),
            available,
        })
    }
}
