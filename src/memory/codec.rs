//! The byte encodings of the index blobs (`fz_posting.ids`, `fz_seq.tokens`):
//! LEB128 numbers, posting lists as ascending deltas.
//!
//! Decoding never trusts the file: a number longer than ten bytes, a
//! truncated number, a zero or negative step in a posting list or a token id
//! beyond 32 bits is an SQLite `CORRUPT` error, which the memory reports as
//! "the memory is damaged (…)" ([`super::MemoryError::Damaged`]). Decoded
//! lists are never longer than their blob, so a damaged blob cannot make
//! tmkit allocate more than the file holds.

/// The error a damaged blob gives: SQLite's own `CORRUPT` code, so that it
/// travels through `rusqlite::Result` like a malformed page would.
pub(super) fn damaged(what: String) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
        Some(what),
    )
}

/// Column `i` of an index row as a blob; another type is damage.
pub(super) fn blob_at<'r>(row: &'r rusqlite::Row, i: usize) -> rusqlite::Result<&'r [u8]> {
    row.get_ref(i)?
        .as_blob()
        .map_err(|_| damaged("an index entry is not a blob".to_string()))
}

pub(super) fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Decodes LEB128 numbers; `None` for a damaged blob.
fn varints(bytes: &[u8]) -> Option<Vec<u64>> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut value = 0u64;
    let mut shift = 0u32;
    for &byte in bytes {
        if shift >= 64 || (shift == 63 && byte & 0x7e != 0) {
            return None; // longer than a u64
        }
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            out.push(value);
            value = 0;
            shift = 0;
        } else {
            shift += 7;
        }
    }
    (shift == 0).then_some(out) // else the blob ends inside a number
}

pub(super) fn encode_ids(ids: &[i64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ids.len() * 2);
    let mut previous = 0i64;
    for &id in ids {
        put_varint(&mut out, (id - previous) as u64);
        previous = id;
    }
    out
}

/// A posting list: strictly ascending positive variant ids.
pub(super) fn decode_ids(bytes: &[u8]) -> rusqlite::Result<Vec<i64>> {
    let bad = || {
        damaged(format!(
            "a posting list of the index does not decode ({} bytes)",
            bytes.len()
        ))
    };
    let deltas = varints(bytes).ok_or_else(bad)?;
    let mut previous = 0i64;
    let mut ids = Vec::with_capacity(deltas.len());
    for delta in deltas {
        if delta == 0 || delta > i64::MAX as u64 {
            return Err(bad());
        }
        previous = previous.checked_add(delta as i64).ok_or_else(bad)?;
        ids.push(previous);
    }
    Ok(ids)
}

pub(super) fn encode_tokens(tokens: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(tokens.len() * 3);
    for &t in tokens {
        put_varint(&mut out, u64::from(t));
    }
    out
}

/// A token sequence: token ids that fit 32 bits.
pub(super) fn decode_tokens(bytes: &[u8]) -> rusqlite::Result<Vec<u32>> {
    let bad = || {
        damaged(format!(
            "a token sequence of the index does not decode ({} bytes)",
            bytes.len()
        ))
    };
    varints(bytes)
        .ok_or_else(bad)?
        .into_iter()
        .map(|t| u32::try_from(t).map_err(|_| bad()))
        .collect()
}

/// Appends the token ids of a sequence blob to `out`, as [`decode_tokens`]
/// would give them, without a list per blob: the index load decodes ten
/// million blobs at ten million segments, and the two lists per blob
/// [`decode_tokens`] builds were a tenth of it. On damage `out` is left as it
/// was.
pub(super) fn decode_tokens_into(bytes: &[u8], out: &mut Vec<u32>) -> rusqlite::Result<()> {
    let start = out.len();
    // Eight bytes at a time while eight remain: the first byte without its
    // high bit ends the number, so its length comes from one bit scan and
    // its value from masks, without a branch per byte (token ids of one
    // and two bytes alternate unpredictably).
    let mut at = 0;
    while at + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        let x = u64::from_le_bytes(word);
        let ends = !x & 0x8080_8080_8080_8080;
        let len = (ends.trailing_zeros() / 8 + 1) as usize; // 9 when none ends
        if len > 4 {
            break; // five bytes or more: below, as rare numbers are
        }
        let x = x & (u64::MAX >> (64 - 8 * len));
        let value = (x & 0x7f)
            | ((x >> 1) & (0x7f << 7))
            | ((x >> 2) & (0x7f << 14))
            | ((x >> 3) & (0x7f << 21));
        out.push(value as u32);
        at += len;
    }
    let (mut value, mut shift) = (0u32, 0u32);
    for &byte in &bytes[at..] {
        if shift == 28 {
            // A number of five bytes or more: rare (ids above 2^28) or
            // damaged; the general decoder says which.
            out.truncate(start);
            out.extend(decode_tokens(bytes)?);
            return Ok(());
        }
        value |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            out.push(value);
            (value, shift) = (0, 0);
        } else {
            shift += 7;
        }
    }
    if shift != 0 {
        out.truncate(start);
        decode_tokens(bytes)?; // ends inside a number: the same error
    }
    Ok(())
}

/// Largest posting blob written, in bytes: a row of `fz_posting` then stays
/// inside its B-tree page (SQLite moves anything above about 1,000 bytes of
/// a row to overflow pages, whose last page is mostly empty: 29% of the
/// table was such space with chunks of [`CHUNK`](super::index::CHUNK) ids alone).
pub(super) const CHUNK_BYTES: usize = 960;

/// `ids` cut into the pieces one blob each holds: at most [`CHUNK`](super::index::CHUNK) ids and
/// [`CHUNK_BYTES`] bytes encoded (a single id is never split).
pub(super) fn chunks(ids: &[i64]) -> Vec<&[i64]> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < ids.len() {
        let mut bytes = varint_len(ids[start] as u64);
        let mut end = start + 1;
        while end < ids.len() && end - start < super::index::CHUNK {
            let step = varint_len((ids[end] - ids[end - 1]) as u64);
            if bytes + step > CHUNK_BYTES {
                break;
            }
            bytes += step;
            end += 1;
        }
        out.push(&ids[start..end]);
        start = end;
    }
    out
}

fn varint_len(value: u64) -> usize {
    (64 - value.max(1).leading_zeros() as usize).div_ceil(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let ids = vec![1i64, 2, 300, 70_000, 5_000_000_000];
        assert_eq!(decode_ids(&encode_ids(&ids)).unwrap(), ids);
        let tokens = vec![0u32, 127, 128, u32::MAX];
        assert_eq!(decode_tokens(&encode_tokens(&tokens)).unwrap(), tokens);
        assert!(decode_ids(&[]).unwrap().is_empty());
    }

    #[test]
    fn decoding_in_place_equals_decoding_a_list() {
        let cases: Vec<Vec<u8>> = vec![
            encode_tokens(&[
                0,
                1,
                127,
                128,
                16_383,
                16_384,
                (1 << 28) - 1,
                1 << 28,
                u32::MAX,
            ]),
            vec![0x80, 0x00],                   // a zero in two bytes
            vec![0x81, 0x80, 0x80, 0x80, 0x00], // 1 in five bytes
            vec![0x85],                         // ends inside a number
            vec![0xff; 11],                     // longer than 64 bits
            encode_ids(&[1 << 40]),             // over 32 bits
            encode_tokens(&(0..300).map(|i| i * 977 % 70_000).collect::<Vec<_>>()),
            [encode_tokens(&[5; 12]), vec![0x80, 0x80, 0x80, 0x80, 0x01]].concat(),
            [encode_tokens(&[300; 9]), vec![0xff; 9]].concat(), // damaged after eight good
        ];
        for bytes in cases {
            let mut out = vec![7];
            let result = decode_tokens_into(&bytes, &mut out);
            match decode_tokens(&bytes) {
                Ok(tokens) => {
                    result.unwrap();
                    assert_eq!(out[1..], tokens[..], "{bytes:?}");
                }
                Err(_) => {
                    assert!(result.is_err(), "{bytes:?}");
                    assert_eq!(out, [7], "left as it was");
                }
            }
        }
    }

    #[test]
    fn damaged_blobs_are_errors() {
        assert!(decode_ids(&[0x85]).is_err(), "ends inside a number");
        assert!(decode_ids(&[3, 0]).is_err(), "a zero step");
        assert!(decode_ids(&[0xff; 11]).is_err(), "longer than 64 bits");
        assert!(
            decode_tokens(&encode_ids(&[1 << 40])).is_err(),
            "over 32 bits"
        );
        let error = decode_tokens(&[0x80]).unwrap_err();
        assert_eq!(
            error.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseCorrupt)
        );
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_decode_or_fail_within_their_size(bytes in proptest::collection::vec(proptest::prop_oneof![proptest::num::u8::ANY, 0u8..0x80, 0x80u8..=0xff], 0..64)) {
            if let Ok(ids) = decode_ids(&bytes) {
                proptest::prop_assert!(ids.len() <= bytes.len());
                proptest::prop_assert!(ids.windows(2).all(|w| w[0] < w[1]));
            }
            let mut into = Vec::new();
            let result = decode_tokens_into(&bytes, &mut into);
            if let Ok(tokens) = decode_tokens(&bytes) {
                proptest::prop_assert!(tokens.len() <= bytes.len());
                proptest::prop_assert!(result.is_ok());
                proptest::prop_assert_eq!(into, tokens);
            } else {
                proptest::prop_assert!(result.is_err() && into.is_empty());
            }
        }
    }

    #[test]
    fn posting_chunks_stay_inside_a_page() {
        // Dense ids (one byte a step), sparse ids (three bytes a step), and
        // a lone id larger than any byte limit would allow twice.
        let dense: Vec<i64> = (1..10_000).collect();
        let sparse: Vec<i64> = (1..5_000).map(|i| i * 20_000).collect();
        for ids in [dense, sparse, vec![1 << 40]] {
            let pieces = chunks(&ids);
            assert_eq!(pieces.concat(), ids);
            for piece in &pieces {
                assert!(piece.len() <= super::super::index::CHUNK);
                let bytes = encode_ids(piece).len();
                assert!(piece.len() == 1 || bytes <= CHUNK_BYTES, "{bytes} bytes");
            }
            // Full pieces: no more rows than needed.
            let total: usize = pieces.iter().map(|p| encode_ids(p).len()).sum();
            assert!(
                pieces.len() <= total / (CHUNK_BYTES - 8) + 1,
                "{}",
                pieces.len()
            );
        }
    }
}
