//! `tmkit memory rebuild-index` on PostgreSQL: the memory's vocabulary and
//! token sequences written anew from its variants, in one transaction under
//! the memory's row lock (so readers keep the old index until it commits,
//! and writers wait). Token ids are given afresh, so the index epoch moves:
//! every loaded index reads the new one whole (`memory::indexcache`).

use super::{Probe, Writer};
use crate::memory::index::index_tokens;
use crate::memory::pg::PgStore;
use crate::memory::{Result, WaitHook};
use rayon::prelude::*;

/// Variants read, tokenised on the rayon pool, then written, at a time.
const CHUNK: i64 = 16_384;

impl PgStore {
    /// `Memory::rebuild_index`: the number of variants indexed.
    pub(in crate::memory) fn rebuild_index(&self, on_wait: &mut Option<WaitHook>) -> Result<u64> {
        self.load_decoders()?;
        let mut client = self.client.borrow_mut();
        let (mut tx, mut writer) = self.begin(&mut client, Probe::Query, on_wait)?;
        let err = |e| self.err(e);
        let m = &self.memory_id;
        tx.execute("DELETE FROM tmkit_seq WHERE memory_id = $1", &[m])
            .map_err(err)?;
        tx.execute("DELETE FROM tmkit_token WHERE memory_id = $1", &[m])
            .map_err(err)?;
        // Nothing is left to look up: every word gets the next id.
        restart_vocabulary(&mut writer);
        let mut after = 0i64;
        let mut indexed = 0u64;
        loop {
            let rows = tx
                .query(
                    "SELECT id, lang, text FROM tmkit_variant
                     WHERE memory_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                    &[m, &after, &CHUNK],
                )
                .map_err(err)?;
            let Some(last) = rows.last() else { break };
            after = last.get(0);
            let mut chunk = Vec::with_capacity(rows.len());
            for row in &rows {
                let text = self.decode_text(row.get::<_, &[u8]>(2))?;
                chunk.push((row.get::<_, i64>(0), row.get::<_, String>(1), text));
            }
            let tokens: Vec<Vec<String>> = chunk
                .par_iter()
                .map(|(_, _, text)| index_tokens(text))
                .collect();
            for ((id, lang, _), tokens) in chunk.iter().zip(tokens) {
                let (key, encoded) = self.token_ids(&mut tx, &mut writer, lang, &tokens)?;
                writer.staged.seqs.push((key, *id, encoded));
            }
            indexed += chunk.len() as u64;
            writer.flush(&mut tx).map_err(err)?;
        }
        tx.execute(
            "UPDATE tmkit_memory SET index_epoch = index_epoch + 1 WHERE id = $1",
            &[m],
        )
        .map_err(err)?;
        self.finish(tx, writer)?;
        Ok(indexed)
    }
}

fn restart_vocabulary(writer: &mut Writer) {
    writer.vocab.clear();
    writer.next_token = 1;
    writer.probe = Probe::Loaded;
}
