//! Reading a PostgreSQL memory: units, variant rows, the fuzzy index,
//! figures. Each method answers what its SQLite counterpart in `units`,
//! `rank`, `index` and `stats` answers, in the same order.

use super::PgStore;
use crate::fuzzy::filter::TokenIndex;
use crate::lang::LangTag;
use crate::memory::codec::{decode_tokens, decode_tokens_into};
use crate::memory::index::Row;
use crate::memory::indexcache::{Added, BaseReader, Marks};
use crate::memory::stats::{LangCount, PAIR_LANGUAGES, PairCount, SourceInfo, Stats};
use crate::memory::store::{self, StoredDate};
use crate::memory::units::ForEachError;
use crate::memory::{MemoryError, Result};
use crate::unit::{Header, TranslationUnit};
use postgres::fallible_iterator::FallibleIterator;
use std::path::PathBuf;

/// Variant rows as `store::decode_unit` takes them.
type VariantRows = Vec<(String, String, Option<Vec<u8>>)>;

/// The stored change date from its two columns.
pub(super) fn stored_date(seconds: Option<i64>, text: Option<String>) -> Option<StoredDate> {
    match (seconds, text) {
        (Some(s), _) => Some(StoredDate::Seconds(s)),
        (None, Some(t)) => Some(StoredDate::Text(t)),
        (None, None) => None,
    }
}

impl PgStore {
    fn damaged(&self, detail: String) -> MemoryError {
        MemoryError::damaged(PathBuf::from(&self.shown), detail)
    }

    fn corrupt(&self, unit_id: i64, detail: String) -> MemoryError {
        MemoryError::Corrupt {
            path: PathBuf::from(&self.shown),
            unit_id,
            detail,
        }
    }

    /// A read-only transaction that sees one state of the memory
    /// (repeatable read), for reads of several statements.
    fn snapshot<'c>(&self, client: &'c mut postgres::Client) -> Result<postgres::Transaction<'c>> {
        client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(|e| self.err(e))
    }

    /// A stored text: `0` then UTF-8, or a dictionary id then its zstd frame.
    pub(in crate::memory) fn decode_text(&self, stored: &[u8]) -> Result<String> {
        let Some((&id, body)) = stored.split_first() else {
            return Err(self.damaged("an empty stored text".into()));
        };
        if id == 0 {
            return String::from_utf8(body.to_vec())
                .map_err(|_| self.damaged("a stored text is not UTF-8".into()));
        }
        let mut decoders = self.decoders.borrow_mut();
        if let std::collections::hash_map::Entry::Vacant(slot) = decoders.entry(id) {
            let dict: Option<Vec<u8>> = {
                // Never during a write: it loads every dictionary first.
                let mut client = self
                    .client
                    .try_borrow_mut()
                    .map_err(|_| self.damaged(format!("text dictionary {id} is missing")))?;
                client
                    .query_opt(
                        "SELECT dict FROM tmkit_text_dict WHERE memory_id = $1 AND id = $2",
                        &[&self.memory_id, &i32::from(id)],
                    )
                    .map_err(|e| self.err(e))?
                    .map(|row| row.get(0))
            };
            let dict = dict.ok_or_else(|| {
                self.damaged(format!(
                    "a text packed with dictionary {id}, which is missing"
                ))
            })?;
            let decoder = zstd::bulk::Decompressor::with_dictionary(&dict)
                .map_err(|e| self.damaged(format!("text dictionary {id}: {e}")))?;
            slot.insert(decoder);
        }
        let decoder = decoders.get_mut(&id).expect("inserted above");
        crate::memory::textcodec::unpack_body(decoder, body).map_err(|d| self.damaged(d))
    }

    /// Unit `id` and its change date, as `units::read_unit` gives them.
    pub(in crate::memory) fn load_unit(
        &self,
        id: i64,
    ) -> Result<Option<(TranslationUnit, Option<String>)>> {
        let rows = {
            let mut client = self.client.borrow_mut();
            let stmt = self.statement(
                &mut client,
                "SELECT u.tuid, u.changed_seconds, u.changed_text, u.extra, v.lang, v.text, v.extra
                 FROM tmkit_unit u LEFT JOIN tmkit_variant v
                   ON v.memory_id = u.memory_id AND v.unit_id = u.id
                 WHERE u.memory_id = $1 AND u.id = $2 ORDER BY v.ord",
            )?;
            client
                .query(&stmt, &[&self.memory_id, &id])
                .map_err(|e| self.err(e))?
        };
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let tuid: Option<String> = first.get(0);
        let changed = stored_date(first.get(1), first.get(2));
        let extra: Option<Vec<u8>> = first.get(3);
        let mut variants: VariantRows = Vec::with_capacity(rows.len());
        for row in &rows {
            let Some(lang) = row.get::<_, Option<String>>(4) else {
                continue; // a unit without variants (LEFT JOIN)
            };
            let text = self.decode_text(row.get::<_, &[u8]>(5))?;
            variants.push((lang, text, row.get(6)));
        }
        let date = changed.as_ref().map(StoredDate::to_tmx);
        let unit = store::decode_unit(tuid, changed, extra.as_deref(), variants)
            .map_err(|detail| self.corrupt(id, detail))?;
        let date = unit.last_changed().map(str::to_string).or(date);
        Ok(Some((unit, date)))
    }

    /// One variant's row (`rank::variant_row`).
    pub(in crate::memory) fn variant_row(&self, variant_id: i64) -> Result<Option<Row>> {
        let row = {
            let mut client = self.client.borrow_mut();
            let stmt = self.statement(
                &mut client,
                "SELECT unit_id, ord, text FROM tmkit_variant WHERE memory_id = $1 AND id = $2",
            )?;
            client
                .query_opt(&stmt, &[&self.memory_id, &variant_id])
                .map_err(|e| self.err(e))?
        };
        let Some(row) = row else { return Ok(None) };
        Ok(Some(Row {
            variant_id,
            unit_id: row.get(0),
            ord: row.get::<_, i32>(1) as usize,
            text: self.decode_text(row.get::<_, &[u8]>(2))?,
        }))
    }

    /// The source segments of the units before and after `unit_id`, in the
    /// language of variant `variant_id` (`index::unit_context`).
    pub(in crate::memory) fn neighbours(
        &self,
        variant_id: i64,
        unit_id: i64,
    ) -> Result<(Option<String>, Option<String>)> {
        let texts: Vec<Option<Vec<u8>>> = {
            let mut client = self.client.borrow_mut();
            let stmt = self.statement(
                &mut client,
                "WITH me AS (SELECT lang FROM tmkit_variant WHERE memory_id = $1 AND id = $2)
                 SELECT (SELECT v.text FROM tmkit_variant v, me WHERE v.memory_id = $1
                           AND v.lang = me.lang AND v.unit_id =
                             (SELECT max(id) FROM tmkit_unit WHERE memory_id = $1 AND id < $3)
                         ORDER BY v.ord LIMIT 1),
                        (SELECT v.text FROM tmkit_variant v, me WHERE v.memory_id = $1
                           AND v.lang = me.lang AND v.unit_id =
                             (SELECT min(id) FROM tmkit_unit WHERE memory_id = $1 AND id > $3)
                         ORDER BY v.ord LIMIT 1)",
            )?;
            let row = client
                .query_one(&stmt, &[&self.memory_id, &variant_id, &unit_id])
                .map_err(|e| self.err(e))?;
            vec![row.get(0), row.get(1)]
        };
        let decode = |t: &Option<Vec<u8>>| -> Result<Option<String>> {
            t.as_deref().map(|b| self.decode_text(b)).transpose()
        };
        Ok((decode(&texts[0])?, decode(&texts[1])?))
    }

    /// Unit ids whose `lang` variant has lookup hash `hash`, most recently
    /// changed first (`Memory::lookup_exact`; SQLite orders a text date
    /// above any number, as here).
    pub(in crate::memory) fn exact_candidates(&self, lang: &str, hash: i64) -> Result<Vec<i64>> {
        let mut client = self.client.borrow_mut();
        let stmt = self.statement(
            &mut client,
            r#"SELECT u.id FROM tmkit_variant v JOIN tmkit_unit u
                 ON u.memory_id = v.memory_id AND u.id = v.unit_id
               WHERE v.memory_id = $1 AND v.lang = $2 AND v.key_hash = $3
               ORDER BY u.changed_text COLLATE "C" DESC NULLS LAST,
                        u.changed_seconds DESC NULLS LAST, u.id DESC"#,
        )?;
        Ok(client
            .query(&stmt, &[&self.memory_id, &lang, &hash])
            .map_err(|e| self.err(e))?
            .iter()
            .map(|row| row.get(0))
            .collect())
    }

    /// Every unit in id order, streamed (one read transaction, so an
    /// export sees one state of the memory).
    pub(in crate::memory) fn for_each_unit(
        &self,
        visit: &mut dyn FnMut(i64, TranslationUnit) -> std::io::Result<()>,
    ) -> std::result::Result<u64, ForEachError> {
        let fail = |e: postgres::Error| ForEachError::Memory(self.err(e));
        self.load_decoders().map_err(ForEachError::Memory)?;
        // Units are read a block at a time, each block with its variants,
        // inside one REPEATABLE READ transaction.
        const BLOCK: i64 = 2000;
        let mut count = 0;
        let mut client = self.client.borrow_mut();
        let mut tx = self.snapshot(&mut client)?;
        let mut after = 0i64;
        loop {
            let units = tx
                .query(
                    "SELECT id, tuid, changed_seconds, changed_text, extra FROM tmkit_unit
                     WHERE memory_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                    &[&self.memory_id, &after, &BLOCK],
                )
                .map_err(fail)?;
            let Some(last) = units.last() else { break };
            let last_id: i64 = last.get(0);
            let variants = tx
                .query(
                    "SELECT unit_id, lang, text, extra FROM tmkit_variant
                     WHERE memory_id = $1 AND unit_id > $2 AND unit_id <= $3
                     ORDER BY unit_id, ord",
                    &[&self.memory_id, &after, &last_id],
                )
                .map_err(fail)?;
            let mut variants = variants.iter().peekable();
            for row in &units {
                let id: i64 = row.get(0);
                let mut own: VariantRows = Vec::new();
                while let Some(v) = variants.next_if(|v| v.get::<_, i64>(0) <= id) {
                    if v.get::<_, i64>(0) < id {
                        continue;
                    }
                    let text = self
                        .decode_text(v.get::<_, &[u8]>(2))
                        .map_err(ForEachError::Memory)?;
                    own.push((v.get(1), text, v.get(3)));
                }
                let extra: Option<Vec<u8>> = row.get(4);
                let unit = store::decode_unit(
                    row.get(1),
                    stored_date(row.get(2), row.get(3)),
                    extra.as_deref(),
                    own,
                )
                .map_err(|detail| ForEachError::Memory(self.corrupt(id, detail)))?;
                visit(id, unit).map_err(ForEachError::Io)?;
                count += 1;
            }
            after = last_id;
        }
        tx.commit().map_err(fail)?;
        Ok(count)
    }

    /// The header of the first imported file.
    pub(in crate::memory) fn first_header(&self) -> Result<Option<Header>> {
        let mut client = self.client.borrow_mut();
        let row = client
            .query_opt(
                "SELECT header FROM tmkit_source_file WHERE memory_id = $1 ORDER BY id LIMIT 1",
                &[&self.memory_id],
            )
            .map_err(|e| self.err(e))?;
        Ok(row.and_then(|row| store::decode_header(row.get::<_, &[u8]>(0)).ok()))
    }

    /// The number of units.
    pub(in crate::memory) fn unit_count(&self) -> Result<u64> {
        let mut client = self.client.borrow_mut();
        let n: i64 = client
            .query_one(
                "SELECT count(*) FROM tmkit_unit WHERE memory_id = $1",
                &[&self.memory_id],
            )
            .map_err(|e| self.err(e))?
            .get(0);
        Ok(n as u64)
    }

    /// `Memory::stats`: the same figures, counted by the server.
    pub(in crate::memory) fn stats(&self) -> Result<Stats> {
        let mut client = self.client.borrow_mut();
        let err = |e| self.err(e);
        let mut tx = self.snapshot(&mut client)?;
        let id = &self.memory_id;
        let units: i64 = tx
            .query_one(
                "SELECT count(*) FROM tmkit_unit WHERE memory_id = $1",
                &[id],
            )
            .map_err(err)?
            .get(0);
        let by_lang = tx
            .query(
                r#"SELECT lang, count(*) AS n FROM tmkit_variant WHERE memory_id = $1
                   GROUP BY lang ORDER BY n DESC, lang COLLATE "C""#,
                &[id],
            )
            .map_err(err)?;
        let mut languages = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        let mut variants = 0u64;
        for row in &by_lang {
            let lang: String = row.get(0);
            let n: i64 = row.get(1);
            variants += n as u64;
            languages.push(LangCount {
                lang: crate::lang::normalize(&lang),
                variants: n as u64,
            });
            keys.push(lang);
        }
        let top: Vec<String> = keys.iter().take(PAIR_LANGUAGES).cloned().collect();
        let pair_rows = tx
            .query(
                "SELECT a.lang, b.lang, count(DISTINCT a.unit_id) FROM tmkit_variant a
                 JOIN tmkit_variant b ON b.memory_id = a.memory_id AND b.unit_id = a.unit_id
                   AND b.lang <> a.lang
                 WHERE a.memory_id = $1 AND a.lang = ANY($2) AND b.lang = ANY($2)
                 GROUP BY a.lang, b.lang",
                &[id, &top],
            )
            .map_err(err)?;
        let mut pairs: Vec<(u64, String, String)> = pair_rows
            .iter()
            .map(|row| (row.get::<_, i64>(2) as u64, row.get(0), row.get(1)))
            .collect();
        pairs.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        let pairs = pairs
            .into_iter()
            .map(|(units, a, b)| PairCount {
                source: crate::lang::normalize(&a),
                target: crate::lang::normalize(&b),
                units,
            })
            .collect();
        let sources = tx
            .query(
                "SELECT name, imported_at FROM tmkit_source_file WHERE memory_id = $1 ORDER BY id",
                &[id],
            )
            .map_err(err)?
            .iter()
            .map(|row| SourceInfo {
                name: row.get(0),
                imported_at: row.get(1),
            })
            .collect();
        let file_bytes = memory_bytes(&mut tx, *id, units as u64, variants).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(Stats {
            units: units as u64,
            variants,
            languages,
            pairs,
            pairs_complete: keys.len() <= PAIR_LANGUAGES,
            sources,
            schema_version: super::current_version(),
            file_bytes,
        })
    }

    /// Whether some unit has a variant `source` covers and another `target`
    /// covers (the quick part of `Memory::require_pair`). Called before every
    /// match, so nothing here reads every variant: a look at the first joined
    /// rows (usually enough, as on SQLite), then the stored tags by a skip
    /// scan of the `(memory_id, lang, …)` index, then one `EXISTS` probe.
    pub(in crate::memory) fn has_pair(&self, source: &LangTag, target: &LangTag) -> Result<bool> {
        let covers = |a: &str, b: &str| {
            source.covers(&LangTag::parse(a)) && target.covers(&LangTag::parse(b))
        };
        let sample = self
            .client
            .borrow_mut()
            .query(
                "SELECT a.lang, b.lang FROM tmkit_variant a JOIN tmkit_variant b
                   ON b.memory_id = a.memory_id AND b.unit_id = a.unit_id AND b.id <> a.id
                 WHERE a.memory_id = $1 LIMIT 256",
                &[&self.memory_id],
            )
            .map_err(|e| self.err(e))?;
        if sample
            .iter()
            .any(|row| covers(row.get::<_, &str>(0), row.get::<_, &str>(1)))
        {
            return Ok(true);
        }
        let langs: Vec<String> = {
            let mut client = self.client.borrow_mut();
            client
                .query(
                    "WITH RECURSIVE tags(lang) AS (
                       SELECT min(lang) FROM tmkit_variant WHERE memory_id = $1
                       UNION ALL
                       SELECT (SELECT min(v.lang) FROM tmkit_variant v
                                WHERE v.memory_id = $1 AND v.lang > tags.lang)
                         FROM tags WHERE tags.lang IS NOT NULL)
                     SELECT lang FROM tags WHERE lang IS NOT NULL",
                    &[&self.memory_id],
                )
                .map_err(|e| self.err(e))?
                .iter()
                .map(|row| row.get(0))
                .collect()
        };
        let covered = |tag: &LangTag| -> Vec<String> {
            langs
                .iter()
                .filter(|l| tag.covers(&LangTag::parse(l)))
                .cloned()
                .collect()
        };
        let (sources, targets) = (covered(source), covered(target));
        if sources.is_empty() || targets.is_empty() {
            return Ok(false);
        }
        let mut client = self.client.borrow_mut();
        let found: bool = client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM tmkit_variant a JOIN tmkit_variant b
                   ON b.memory_id = a.memory_id AND b.unit_id = a.unit_id AND b.id <> a.id
                 WHERE a.memory_id = $1 AND a.lang = ANY($2) AND b.lang = ANY($3))",
                &[&self.memory_id, &sources, &targets],
            )
            .map_err(|e| self.err(e))?
            .get(0);
        Ok(found)
    }

    /// Reads a language's token index: the vocabulary and every segment's
    /// token sequence, checked as `index::load_index` checks them.
    pub(in crate::memory) fn load_index(&self, lang: &str) -> Result<(TokenIndex, Marks)> {
        let mut client = self.client.borrow_mut();
        let err = |e| self.err(e);
        let mut tx = self.snapshot(&mut client)?;
        let epoch = self.index_epoch(&mut tx)?;
        let mut reader = BaseReader::new(epoch);
        let mut vocab_max = 0u32;
        let params: [&(dyn postgres::types::ToSql + Sync); 2] = [&self.memory_id, &lang];
        {
            let mut rows = tx
                .query_raw(
                    "SELECT id, text FROM tmkit_token WHERE memory_id = $1 AND lang = $2",
                    params,
                )
                .map_err(err)?;
            while let Some(row) = rows.next().map_err(err)? {
                let id: i32 = row.get(0);
                let id = u32::try_from(id)
                    .map_err(|_| self.damaged(format!("an index word has the id {id}")))?;
                vocab_max = vocab_max.max(id);
                reader.builder.token(id, row.get(1));
            }
        }
        if vocab_max > 1 << 30 {
            return Err(self.damaged(format!("an index word has the id {vocab_max}")));
        }
        {
            let mut rows = tx
                .query_raw(
                    "SELECT variant_id, tokens FROM tmkit_seq WHERE memory_id = $1 AND lang = $2
                     ORDER BY variant_id",
                    params,
                )
                .map_err(err)?;
            while let Some(row) = rows.next().map_err(err)? {
                let id: i64 = row.get(0);
                reader.sequence_with(
                    id,
                    |out| {
                        decode_tokens_into(row.get::<_, &[u8]>(1), out)
                            .map_err(|e| self.damaged(e.to_string()))
                    },
                    |tokens| match tokens.iter().find(|&&t| t == 0 || t > vocab_max) {
                        Some(t) => Err(self.damaged(format!(
                            "the token sequence of segment {id} holds the unknown word id {t}"
                        ))),
                        None => Ok(()),
                    },
                )?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(reader.finish())
    }

    /// The index epoch (`memory::indexcache`); 0 before the schema has one.
    fn index_epoch(&self, tx: &mut postgres::Transaction) -> Result<i64> {
        if self.version.get() < super::HIGH_WATER_VERSION {
            return Ok(0);
        }
        Ok(tx
            .query_one(
                "SELECT index_epoch FROM tmkit_memory WHERE id = $1",
                &[&self.memory_id],
            )
            .map_err(|e| self.err(e))?
            .get(0))
    }

    /// The segments of `lang` above variant id `after` and the index epoch,
    /// in one snapshot; `None` when the tables predate the high-water mark
    /// (ids might have been given again: the caller reads everything).
    pub(in crate::memory) fn load_added(&self, lang: &str, after: i64) -> Result<Option<Added>> {
        if self.version.get() < super::HIGH_WATER_VERSION {
            // A read-only handle opened before a newer tmkit migrated the
            // tables: once they have the mark, the next whole read records
            // it and later writes are added.
            let found: i64 = self
                .client
                .borrow_mut()
                .query_one("SELECT coalesce(max(version), 0) FROM tmkit_schema", &[])
                .map_err(|e| self.err(e))?
                .get(0);
            self.version.set(found);
            return Ok(None);
        }
        let mut client = self.client.borrow_mut();
        let err = |e| self.err(e);
        let mut tx = self.snapshot(&mut client)?;
        let epoch = self.index_epoch(&mut tx)?;
        let rows = tx
            .query(
                "SELECT variant_id, tokens FROM tmkit_seq
                 WHERE memory_id = $1 AND lang = $2 AND variant_id > $3 ORDER BY variant_id",
                &[&self.memory_id, &lang, &after],
            )
            .map_err(err)?;
        let mut sequences = Vec::with_capacity(rows.len());
        for row in rows {
            let id: i64 = row.get(0);
            let tokens =
                decode_tokens(row.get::<_, &[u8]>(1)).map_err(|e| self.damaged(e.to_string()))?;
            if tokens.contains(&0) {
                return Err(self.damaged(format!(
                    "the token sequence of segment {id} holds the word id 0"
                )));
            }
            sequences.push((id, tokens));
        }
        tx.commit().map_err(err)?;
        Ok(Some(Added { epoch, sequences }))
    }

    /// The id of an index word of `lang`, if the memory has it.
    pub(in crate::memory) fn token_id(&self, lang: &str, text: &str) -> Result<Option<u32>> {
        let mut client = self.client.borrow_mut();
        let stmt = self.statement(
            &mut client,
            "SELECT id FROM tmkit_token WHERE memory_id = $1 AND lang = $2 AND text = $3",
        )?;
        let row = client
            .query_opt(&stmt, &[&self.memory_id, &lang, &text])
            .map_err(|e| self.err(e))?;
        Ok(row.and_then(|row| u32::try_from(row.get::<_, i32>(0)).ok()))
    }
}

/// The memory's share of the server's disk: for each `tmkit_*` table, its
/// size with indexes and TOAST (`pg_total_relation_size`) times the share of
/// its rows that belong to this memory. Rows of the memory are counted (units
/// and variants are known already); the table's total is the server's
/// estimate (`reltuples`, kept by ANALYZE and autovacuum) when it has one,
/// else counted.
fn memory_bytes(
    tx: &mut postgres::Transaction,
    memory_id: i32,
    units: u64,
    variants: u64,
) -> std::result::Result<u64, postgres::Error> {
    let tables = tx.query(
        "SELECT c.relname::text, pg_total_relation_size(c.oid), c.reltuples::float8
         FROM pg_class c
         WHERE c.relkind = 'r' AND pg_table_is_visible(c.oid)
           AND c.relname IN ('tmkit_unit', 'tmkit_variant', 'tmkit_seq', 'tmkit_token',
                             'tmkit_text_dict', 'tmkit_source_file')",
        &[],
    )?;
    let mut total = 0.0;
    for row in tables {
        let table: String = row.get(0);
        let bytes: i64 = row.get(1);
        let estimate: f64 = row.get(2);
        let mine = match table.as_str() {
            "tmkit_unit" => units,
            // One token sequence per variant.
            "tmkit_variant" | "tmkit_seq" => variants,
            // Small tables: counted (the table name comes from the list above).
            _ => {
                let n: i64 = tx
                    .query_one(
                        &format!("SELECT count(*) FROM {table} WHERE memory_id = $1"),
                        &[&memory_id],
                    )?
                    .get(0);
                n as u64
            }
        };
        if mine == 0 {
            continue;
        }
        let all = if estimate >= mine as f64 {
            estimate
        } else {
            let n: i64 = tx
                .query_one(&format!("SELECT count(*) FROM {table}"), &[])?
                .get(0);
            n as f64
        };
        total += bytes as f64 * (mine as f64 / all.max(1.0)).min(1.0);
    }
    Ok(total.round() as u64)
}
