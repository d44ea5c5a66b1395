//! Text blocks (schema 5): the texts of up to [`BLOCK_TEXTS`] variants of
//! one language, written one after the other by an import, packed in one
//! zstd frame. A sentence on its own is too short for zstd to find much
//! even with the memory's dictionary; sixteen neighbours give it a quarter
//! more to work with (BENCHMARKS.md, storage round 3).
//!
//! `text_block.data` is one byte, then the block: `0` then the block as it
//! is, or the id of a `text_dict` dictionary then a zstd frame made with it
//! (without its magic number, as in `textcodec`). A block is the number of
//! texts, each text's length (LEB128), then the texts' bytes.
//!
//! A variant in a block stores the INTEGER `block id << SLOT_BITS | slot`
//! in `variant_row.text`; the `variant` view joins the block and decodes it
//! with `tmkit_text(text, data)`, which keeps the last few decoded blocks
//! (an export reads a block's sixteen texts one after the other, and the
//! two languages of a unit alternate).

use super::codec::{damaged, put_varint};
use std::collections::VecDeque;

/// Texts per block.
pub(super) const BLOCK_TEXTS: usize = 16;

/// Bits of a text reference that hold its slot in the block.
pub(super) const SLOT_BITS: u32 = 5;

/// Decoded blocks kept per connection.
const CACHED_BLOCKS: usize = 8;

/// The reference `variant_row.text` holds for slot `slot` of block `block`.
pub(super) fn reference(block: i64, slot: usize) -> i64 {
    (block << SLOT_BITS) | slot as i64
}

/// A block's bytes before packing.
pub(super) fn encode(texts: &[&str]) -> Vec<u8> {
    let total: usize = texts.iter().map(|t| t.len()).sum();
    let mut out = Vec::with_capacity(total + 2 * texts.len() + 2);
    put_varint(&mut out, texts.len() as u64);
    for text in texts {
        put_varint(&mut out, text.len() as u64);
    }
    for text in texts {
        out.extend_from_slice(text.as_bytes());
    }
    out
}

/// `text_block.data` for `texts`: packed with `packer` when that is smaller.
pub(super) fn pack(packer: Option<&mut super::textcodec::Packer>, texts: &[&str]) -> Vec<u8> {
    let raw = encode(texts);
    if let Some(packed) = packer.and_then(|p| p.pack_bytes(&raw)) {
        return packed;
    }
    let mut out = Vec::with_capacity(raw.len() + 1);
    out.push(0);
    out.extend_from_slice(&raw);
    out
}

/// Decompresses a frame: dictionary id, body.
pub(super) type Unpack<'a> = dyn FnMut(u8, &[u8]) -> rusqlite::Result<Vec<u8>> + 'a;

/// One decoded block.
struct Decoded {
    id: i64,
    /// The stored bytes it was decoded from: a block id can be reused
    /// after a rolled-back import, so the id alone does not name a block.
    data: Vec<u8>,
    /// The decoded block: checked as UTF-8 once, as a whole (then each
    /// text needs only its two ends checked), else the bytes as they are.
    bytes: Result<String, Vec<u8>>,
    /// Where each text starts and ends in `bytes`.
    ranges: Vec<(usize, usize)>,
}

/// The blocks a connection decoded last.
#[derive(Default)]
pub(super) struct BlockCache {
    blocks: VecDeque<Decoded>,
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    let mut shift = 0;
    loop {
        let byte = *bytes.get(*at)?;
        *at += 1;
        if shift > 63 {
            return None;
        }
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
        shift += 7;
    }
}

/// The text ranges of a decoded block; `None` when it is damaged.
fn ranges(bytes: &[u8]) -> Option<Vec<(usize, usize)>> {
    let mut at = 0;
    let count = read_varint(bytes, &mut at)? as usize;
    if count > 1 << SLOT_BITS {
        return None;
    }
    let mut lengths = Vec::with_capacity(count);
    for _ in 0..count {
        lengths.push(read_varint(bytes, &mut at)? as usize);
    }
    let mut out = Vec::with_capacity(count);
    for length in lengths {
        let end = at.checked_add(length).filter(|&end| end <= bytes.len())?;
        out.push((at, end));
        at = end;
    }
    (at == bytes.len()).then_some(out)
}

impl BlockCache {
    /// The text `reference` names in the block stored as `data`; `unpack`
    /// decompresses a frame (dictionary id, body).
    pub(super) fn text(
        &mut self,
        reference: i64,
        data: &[u8],
        unpack: &mut Unpack,
    ) -> rusqlite::Result<String> {
        let id = reference >> SLOT_BITS;
        let found = self
            .blocks
            .iter()
            .position(|b| b.id == id && b.data == data);
        let index = match found {
            Some(index) => index,
            None => self.decode(id, data.to_vec(), unpack)?,
        };
        self.slot_text(index, reference)
    }

    /// As [`BlockCache::text`], reading the block with `fetch` (its
    /// `text_block.data`) only when it is not cached. Blocks are known by
    /// id alone here, so the cache must not outlive the read transaction
    /// (a block id can be reused after a rolled-back import): a cache made
    /// for one walk over the memory.
    pub(super) fn text_fetching(
        &mut self,
        reference: i64,
        fetch: &mut dyn FnMut(i64) -> rusqlite::Result<Vec<u8>>,
        unpack: &mut Unpack,
    ) -> rusqlite::Result<String> {
        let id = reference >> SLOT_BITS;
        let index = match self.blocks.iter().position(|b| b.id == id) {
            Some(index) => index,
            None => {
                let data = fetch(id)?;
                self.decode(id, data, unpack)?
            }
        };
        self.slot_text(index, reference)
    }

    /// Decodes block `id` stored as `data` into the cache; its index there.
    fn decode(&mut self, id: i64, data: Vec<u8>, unpack: &mut Unpack) -> rusqlite::Result<usize> {
        let bytes = match data.split_first() {
            Some((0, raw)) => raw.to_vec(),
            Some((&dict, body)) => unpack(dict, body)?,
            None => return Err(damaged(format!("text block {id} is empty"))),
        };
        let ranges =
            ranges(&bytes).ok_or_else(|| damaged(format!("text block {id} is damaged")))?;
        if self.blocks.len() == CACHED_BLOCKS {
            self.blocks.pop_back();
        }
        self.blocks.push_front(Decoded {
            id,
            data,
            bytes: String::from_utf8(bytes).map_err(|e| e.into_bytes()),
            ranges,
        });
        Ok(0)
    }

    /// The text `reference` names in cached block `index`.
    fn slot_text(&self, index: usize, reference: i64) -> rusqlite::Result<String> {
        let id = reference >> SLOT_BITS;
        let slot = (reference & ((1 << SLOT_BITS) - 1)) as usize;
        let block = &self.blocks[index];
        let &(start, end) = block
            .ranges
            .get(slot)
            .ok_or_else(|| damaged(format!("text block {id} has no text {slot}")))?;
        let not_utf8 = || damaged(format!("text {slot} of block {id} is not UTF-8"));
        match &block.bytes {
            Ok(text) => text.get(start..end).map(str::to_owned).ok_or_else(not_utf8),
            Err(bytes) => String::from_utf8(bytes[start..end].to_vec()).map_err(|_| not_utf8()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_gives_each_text_back_and_refuses_damage() {
        let texts = ["Первый.", "", "The second one, a little longer.", "é"];
        let mut cache = BlockCache::default();
        let data = pack(None, &texts);
        let mut never = |_: u8, _: &[u8]| -> rusqlite::Result<Vec<u8>> { unreachable!() };
        for (slot, want) in texts.iter().enumerate() {
            let got = cache.text(reference(7, slot), &data, &mut never).unwrap();
            assert_eq!(&got, want);
        }
        assert!(cache.text(reference(7, 4), &data, &mut never).is_err());
        // Same id, other bytes (a block id reused after a rollback).
        let other = pack(None, &["x", "y"]);
        assert_eq!(
            cache.text(reference(7, 1), &other, &mut never).unwrap(),
            "y"
        );
        let mut cut = data.clone();
        cut.pop();
        assert!(
            BlockCache::default()
                .text(reference(8, 0), &cut, &mut never)
                .is_err()
        );
    }

    #[test]
    fn a_walk_reads_each_block_once_and_checks_every_text() {
        let blocks = [pack(None, &["один", "two"]), pack(None, &["три"])];
        let mut fetched = Vec::new();
        let mut cache = BlockCache::default();
        let mut never = |_: u8, _: &[u8]| -> rusqlite::Result<Vec<u8>> { unreachable!() };
        for (reference, want) in [
            (reference(1, 0), "один"),
            (reference(2, 0), "три"),
            (reference(1, 1), "two"),
        ] {
            let mut fetch = |id: i64| {
                fetched.push(id);
                Ok(blocks[id as usize - 1].clone())
            };
            let got = cache.text_fetching(reference, &mut fetch, &mut never);
            assert_eq!(got.unwrap(), want);
        }
        assert_eq!(fetched, [1, 2]);
        // A block that is UTF-8 as a whole, cut inside a character: each
        // text is still refused.
        let cut = vec![0, 2, 1, 1, 0xc3, 0xa9];
        for slot in 0..2 {
            let text = BlockCache::default().text(reference(3, slot), &cut, &mut never);
            assert!(text.is_err(), "slot {slot}");
        }
    }
}
