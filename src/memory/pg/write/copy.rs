//! The rows of a PostgreSQL write transaction waiting to be sent, and
//! sending them with binary `COPY … FROM STDIN` (one COPY per table).

use postgres::Transaction;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};

/// A `tmkit_unit` row: id, tuid, change date (seconds, text), content
/// hash, content key, remainder.
pub(super) type UnitRow = (
    i64,
    Option<String>,
    Option<i64>,
    Option<String>,
    i64,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
);

/// A `tmkit_variant` row: id, unit id, position, language, stored text,
/// lookup hash, remainder.
pub(super) type VariantRow = (i64, i64, i32, String, Vec<u8>, i64, Option<Vec<u8>>);

/// Rows waiting for the next COPY.
#[derive(Default)]
pub(super) struct Staged {
    pub(super) first_unit: Option<i64>,
    pub(super) units: Vec<UnitRow>,
    pub(super) variants: Vec<VariantRow>,
    pub(super) seqs: Vec<(String, i64, Vec<u8>)>,
    pub(super) tokens: Vec<(i32, String, String)>,
}

impl super::Writer {
    /// Sends the staged rows with binary COPY.
    pub(super) fn flush(
        &mut self,
        tx: &mut Transaction,
    ) -> std::result::Result<(), postgres::Error> {
        let staged = std::mem::take(&mut self.staged);
        let m = &self.memory_id;
        if !staged.tokens.is_empty() {
            let sink =
                tx.copy_in("COPY tmkit_token (memory_id, id, lang, text) FROM STDIN BINARY")?;
            let mut out =
                BinaryCopyInWriter::new(sink, &[Type::INT4, Type::INT4, Type::TEXT, Type::TEXT]);
            for (id, lang, text) in &staged.tokens {
                out.write(&[m, id, lang, text])?;
            }
            out.finish()?;
        }
        if !staged.units.is_empty() {
            let sink = tx.copy_in(
                "COPY tmkit_unit (memory_id, id, tuid, changed_seconds, changed_text, content_hash,
                 content_key, extra) FROM STDIN BINARY",
            )?;
            let mut out = BinaryCopyInWriter::new(
                sink,
                &[
                    Type::INT4,
                    Type::INT8,
                    Type::TEXT,
                    Type::INT8,
                    Type::TEXT,
                    Type::INT8,
                    Type::BYTEA,
                    Type::BYTEA,
                ],
            );
            for (id, tuid, seconds, text, hash, key, extra) in &staged.units {
                let row: [&(dyn ToSql + Sync); 8] = [m, id, tuid, seconds, text, hash, key, extra];
                out.write(&row)?;
            }
            out.finish()?;
        }
        if !staged.variants.is_empty() {
            let sink = tx.copy_in(
                "COPY tmkit_variant (memory_id, id, unit_id, ord, lang, text, key_hash, extra)
                 FROM STDIN BINARY",
            )?;
            let mut out = BinaryCopyInWriter::new(
                sink,
                &[
                    Type::INT4,
                    Type::INT8,
                    Type::INT8,
                    Type::INT4,
                    Type::TEXT,
                    Type::BYTEA,
                    Type::INT8,
                    Type::BYTEA,
                ],
            );
            for (id, unit_id, ord, lang, text, key_hash, extra) in &staged.variants {
                let row: [&(dyn ToSql + Sync); 8] =
                    [m, id, unit_id, ord, lang, text, key_hash, extra];
                out.write(&row)?;
            }
            out.finish()?;
        }
        if !staged.seqs.is_empty() {
            let sink = tx.copy_in(
                "COPY tmkit_seq (memory_id, lang, variant_id, tokens) FROM STDIN BINARY",
            )?;
            let mut out =
                BinaryCopyInWriter::new(sink, &[Type::INT4, Type::TEXT, Type::INT8, Type::BYTEA]);
            for (lang, variant_id, tokens) in &staged.seqs {
                out.write(&[m, lang, variant_id, tokens])?;
            }
            out.finish()?;
        }
        Ok(())
    }
}
