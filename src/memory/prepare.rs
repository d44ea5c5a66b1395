//! Preparing units for storage off the writing thread: [`PreparedUnit`]
//! (the stored form, duplicate hash, lookup hashes and index tokens of a
//! unit) and the text blocks of a batch ([`pack_blocks`]). Pure CPU work,
//! run on the rayon pool during an import (`import`); nothing here touches
//! the database except [`BatchBlocks::reference`], which writes a block the
//! first time one of its texts is stored.

use super::indexwrite::IndexTokens;
use super::merge::merge_units;
use super::store::{self, StoredDate};
use super::textblock;
use super::textcodec::{self, Dictionary, Packer, TextValue};
use crate::text::{lookup_key_hash_of_nfc, nfc_cow};
use crate::unit::TranslationUnit;
use rayon::prelude::*;
use rusqlite::Transaction;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// A unit with everything storing it needs that does not touch the database:
/// its stored form, duplicate hash, and each variant's lookup hash and index
/// tokens. Built on the rayon pool during an import.
pub(super) struct PreparedUnit {
    pub(super) unit: TranslationUnit,
    pub(super) hash: i64,
    pub(super) tuid: Option<String>,
    pub(super) changed: Option<StoredDate>,
    pub(super) extra: Option<Vec<u8>>,
    pub(super) variants: Vec<PreparedVariant>,
}

pub(super) struct PreparedVariant {
    pub(super) lang: String,
    pub(super) text: TextValue,
    /// Where the text is in the batch's blocks (then `text` is empty).
    pub(super) block: Option<(usize, usize)>,
    pub(super) text_len: usize,
    pub(super) extra: Option<Vec<u8>>,
    pub(super) key_hash: i64,
    pub(super) tokens: IndexTokens,
}

thread_local! {
    /// This thread's packers, with the dictionary and level each was made
    /// for (zstd contexts are per thread, and making one loads the dictionary).
    static PACKERS: RefCell<Vec<(usize, i32, Packer)>> = const { RefCell::new(Vec::new()) };
}

/// Packs `text` with `dict` on this thread's packer (the SQLite and the
/// PostgreSQL imports both store texts through this).
pub(super) fn pack_text(dict: Option<&Dictionary>, text: String) -> TextValue {
    let Some(dict) = dict else {
        return TextValue::Raw(text);
    };
    with_packer(dict, textcodec::LEVEL, |packer| match packer {
        Some(packer) => packer.pack(text),
        None => TextValue::Raw(text),
    })
}

/// Runs `work` with this thread's packer for `dict` at `level` (`None` if
/// zstd cannot prepare the dictionary).
fn with_packer<T>(dict: &Dictionary, level: i32, work: impl FnOnce(Option<&mut Packer>) -> T) -> T {
    let key = Arc::as_ptr(&dict.bytes) as usize;
    PACKERS.with(|cell| {
        let mut packers = cell.borrow_mut();
        let found = packers
            .iter()
            .position(|(k, l, _)| *k == key && *l == level);
        let index = match found {
            Some(index) => Some(index),
            None => Packer::with_level(dict, level).ok().map(|packer| {
                // One dictionary at a time: an old one's packers go.
                packers.retain(|(k, _, _)| *k == key);
                packers.push((key, level, packer));
                packers.len() - 1
            }),
        };
        work(index.map(|i| &mut packers[i].2))
    })
}

/// The text blocks of a batch (`textblock`) and the ids of those written.
#[derive(Default)]
pub(super) struct BatchBlocks {
    data: Vec<Vec<u8>>,
    ids: Vec<Option<i64>>,
}

impl BatchBlocks {
    /// The `variant_row.text` of slot `slot` of block `block`, writing the
    /// block the first time (a block whose units were all duplicates is
    /// never written).
    pub(super) fn reference(
        &mut self,
        tx: &Transaction,
        block: usize,
        slot: usize,
    ) -> rusqlite::Result<i64> {
        let id = match self.ids[block] {
            Some(id) => id,
            None => {
                tx.prepare_cached("INSERT INTO text_block(data) VALUES (?1)")?
                    .execute([&self.data[block]])?;
                let id = tx.last_insert_rowid();
                self.ids[block] = Some(id);
                id
            }
        };
        Ok(textblock::reference(id, slot))
    }
}

/// Packs the texts of a batch in blocks of up to `textblock::BLOCK_TEXTS`
/// of one language, in the order the variants come (on the rayon pool).
pub(super) fn pack_blocks(units: &mut [PreparedUnit], dict: &Dictionary) -> BatchBlocks {
    let mut open: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    let mut members: Vec<Vec<(usize, usize)>> = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        for (v, variant) in unit.variants.iter().enumerate() {
            if !matches!(&variant.text, TextValue::Raw(t) if !t.is_empty()) {
                continue;
            }
            let group = open.entry(variant.lang.as_str()).or_default();
            group.push((u, v));
            if group.len() == textblock::BLOCK_TEXTS {
                members.push(std::mem::take(group));
            }
        }
    }
    let mut rest: Vec<Vec<(usize, usize)>> = open.into_values().filter(|g| !g.is_empty()).collect();
    rest.sort_unstable();
    members.extend(rest);
    let data: Vec<Vec<u8>> = members
        .par_iter()
        .map(|group| {
            let texts: Vec<&str> = group
                .iter()
                .map(|&(u, v)| match &units[u].variants[v].text {
                    TextValue::Raw(t) => t.as_str(),
                    TextValue::Packed(_) => "",
                })
                .collect();
            with_packer(dict, textcodec::BLOCK_LEVEL, |packer| {
                textblock::pack(packer, &texts)
            })
        })
        .collect();
    for (b, group) in members.iter().enumerate() {
        for (slot, &(u, v)) in group.iter().enumerate() {
            let variant = &mut units[u].variants[v];
            variant.block = Some((b, slot));
            variant.text = TextValue::Raw(String::new());
        }
    }
    BatchBlocks {
        ids: vec![None; data.len()],
        data,
    }
}

impl PreparedUnit {
    pub(super) fn new(unit: TranslationUnit, dict: Option<&Dictionary>) -> PreparedUnit {
        let stored = store::encode_unit(&unit);
        let variants = stored
            .variants
            .into_iter()
            .map(|v| PreparedVariant::new(v.lang, v.text, v.extra, dict))
            .collect();
        PreparedUnit {
            hash: store::content_hash(&unit),
            tuid: stored.tuid,
            changed: stored.changed,
            extra: stored.extra,
            variants,
            unit,
        }
    }
}

impl PreparedUnit {
    /// This unit merged into `existing`, its duplicate already stored. The
    /// two have the same texts (that is what makes them duplicates), so each
    /// merged variant takes the tokens, lookup hash and packed text this
    /// unit's variant of the same language and text already has; only the
    /// metadata is encoded again. Preparing the merged unit from scratch
    /// tokenised and packed every text again on the writing thread.
    pub(super) fn merged_into(
        &self,
        existing: &TranslationUnit,
        dict: Option<&Dictionary>,
    ) -> PreparedUnit {
        let merged = merge_units(existing, &self.unit);
        let stored = store::encode_unit(&merged);
        let mut taken = vec![false; self.variants.len()];
        let variants = stored
            .variants
            .into_iter()
            .map(|v| {
                let same = self.unit.variants.iter().enumerate().position(|(i, mine)| {
                    !taken[i] && self.variants[i].lang == v.lang && mine.text() == v.text
                });
                match same {
                    Some(i) => {
                        taken[i] = true;
                        let mine = &self.variants[i];
                        PreparedVariant {
                            lang: v.lang,
                            text: mine.text.clone(),
                            block: mine.block,
                            text_len: mine.text_len,
                            extra: v.extra,
                            key_hash: mine.key_hash,
                            tokens: mine.tokens.clone(),
                        }
                    }
                    // Not reached for true duplicates; kept so that a unit
                    // this could not pair is still stored right.
                    None => PreparedVariant::new(v.lang, v.text, v.extra, dict),
                }
            })
            .collect();
        PreparedUnit {
            hash: store::content_hash(&merged),
            tuid: stored.tuid,
            changed: stored.changed,
            extra: stored.extra,
            variants,
            unit: merged,
        }
    }
}

impl PreparedVariant {
    pub(super) fn new(
        lang: String,
        text: String,
        extra: Option<Vec<u8>>,
        dict: Option<&Dictionary>,
    ) -> Self {
        // One NFC check for both the lookup key and the tokens.
        let normal = nfc_cow(&text);
        let key_hash = store::stored_hash(lookup_key_hash_of_nfc(&normal) as u64);
        let tokens = IndexTokens::of_nfc(&normal);
        drop(normal);
        PreparedVariant {
            key_hash,
            tokens,
            text_len: text.len(),
            text: pack_text(dict, text),
            block: None,
            lang,
            extra,
        }
    }
}
