//! Units encoded for a PostgreSQL memory on the rayon pool: the same stored
//! form, hashes and index tokens as the SQLite store, plus the SHA-256
//! content key the server's unique index holds.

use crate::memory::index::index_tokens;
use crate::memory::store::{self, StoredDate};
use crate::memory::textcodec::{Dictionary, TextValue};
use crate::text::lookup_key;
use crate::unit::TranslationUnit;
use sha2::{Digest, Sha256};

/// A unit encoded for storage (built on the rayon pool).
pub(super) struct Prepared {
    pub(super) unit: TranslationUnit,
    pub(super) hash: i64,
    pub(super) key: Vec<u8>,
    pub(super) tuid: Option<String>,
    pub(super) changed: Option<StoredDate>,
    pub(super) extra: Option<Vec<u8>>,
    pub(super) variants: Vec<PreparedVariant>,
}

pub(super) struct PreparedVariant {
    pub(super) lang: String,
    pub(super) text: Vec<u8>,
    pub(super) key_hash: i64,
    pub(super) extra: Option<Vec<u8>>,
    pub(super) tokens: Vec<String>,
}

/// The `tmkit_variant.text` bytes: `0` then UTF-8, or a packed text.
fn stored_text(dict: Option<&Dictionary>, text: String) -> Vec<u8> {
    let value = crate::memory::import::pack_text(dict, text);
    match value {
        TextValue::Raw(text) => {
            let mut out = Vec::with_capacity(text.len() + 1);
            out.push(0);
            out.extend_from_slice(text.as_bytes());
            out
        }
        TextValue::Packed(bytes) => bytes,
    }
}

/// SHA-256 of what makes two units duplicates (`import::same_content`):
/// each variant's language and content, sorted.
fn content_key(unit: &TranslationUnit) -> Vec<u8> {
    let parts = crate::memory::import::content_parts(unit);
    let mut hasher = Sha256::new();
    for (lang, content) in &parts {
        for piece in [lang.as_bytes(), content.as_bytes()] {
            hasher.update((piece.len() as u64).to_le_bytes());
            hasher.update(piece);
        }
    }
    hasher.finalize().iter().copied().collect()
}

impl Prepared {
    pub(super) fn new(unit: TranslationUnit, dict: Option<&Dictionary>) -> Prepared {
        let stored = store::encode_unit(&unit);
        let variants = stored
            .variants
            .into_iter()
            .map(|v| PreparedVariant {
                key_hash: store::key_hash(&lookup_key(&v.text)),
                tokens: index_tokens(&v.text),
                text: stored_text(dict, v.text),
                lang: v.lang,
                extra: v.extra,
            })
            .collect();
        Prepared {
            hash: store::content_hash(&unit),
            key: content_key(&unit),
            tuid: stored.tuid,
            changed: stored.changed,
            extra: stored.extra,
            variants,
            unit,
        }
    }
}

pub(super) fn date_columns(date: &Option<StoredDate>) -> (Option<i64>, Option<String>) {
    match date {
        Some(StoredDate::Seconds(s)) => (Some(*s), None),
        Some(StoredDate::Text(t)) => (None, Some(t.clone())),
        None => (None, None),
    }
}
