//! How a variant's plain text is stored: as SQLite TEXT when it is short or
//! does not compress, else as a BLOB — one byte naming a zstd dictionary of
//! the memory (`text_dict.id`), then a zstd frame made with it, without its
//! four magic bytes. Sentences are too short for zstd on their own; with a
//! dictionary trained on the first few thousand segments of the memory they
//! shrink to about half, which is most of what makes a memory smaller than
//! its TMX.
//!
//! Readers never see the stored form: the `variant` view decodes the column
//! with the SQL function `tmkit_text`, registered on every connection
//! ([`register`]), so every query keeps reading `variant.text`.

use rusqlite::functions::FunctionFlags;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;
use zstd::zstd_safe::CParameter;

/// zstd's frame magic number, left out of stored frames.
const MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// Texts shorter than this are stored as they are.
const PACK_FROM: usize = 24;

/// Size of a trained dictionary.
const DICT_BYTES: usize = 64 << 10;

/// Sample bytes a dictionary is trained on (the first segments of an
/// import); fewer than [`MIN_SAMPLES`] segments train none. One MiB packs
/// as well as four (measured on the benchmark memory: 0.5% apart) and
/// trains four times faster, on the one thread that writes.
pub(super) const SAMPLE_BYTES: usize = 1 << 20;
const MIN_SAMPLES: usize = 1000;

/// Largest text a stored frame may claim to hold (a damaged frame cannot
/// make tmkit allocate more).
const MAX_TEXT: u64 = 1 << 30;

/// zstd level: 3 packs nearly as well as 19 with a dictionary, many times faster.
pub(super) const LEVEL: i32 = 3;

/// The value bound for the `text` column.
#[derive(Clone)]
pub(super) enum TextValue {
    Raw(String),
    Packed(Vec<u8>),
}

impl rusqlite::ToSql for TextValue {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            TextValue::Raw(t) => ToSqlOutput::from(t.as_str()),
            TextValue::Packed(b) => ToSqlOutput::from(b.as_slice()),
        })
    }
}

/// A dictionary of the memory: its id and bytes.
#[derive(Clone)]
pub(super) struct Dictionary {
    pub id: u8,
    pub bytes: std::sync::Arc<Vec<u8>>,
}

/// Compresses texts with one dictionary (one per thread: zstd contexts are
/// not shared).
///
/// The dictionary is prepared once (a zstd `CDict`, its match tables built)
/// and referenced by the context, so every frame starts from the prepared
/// tables instead of loading the dictionary again.
pub(super) struct Packer {
    id: u8,
    // Declared before `_prepared`: the context refers to it, so it is
    // dropped first.
    context: zstd::zstd_safe::CCtx<'static>,
    _prepared: Box<zstd::zstd_safe::CDict<'static>>,
    frame: Vec<u8>,
}

fn zstd_error(code: usize) -> std::io::Error {
    std::io::Error::other(zstd::zstd_safe::get_error_name(code).to_string())
}

/// zstd level of a text block (`textblock`). Level 6 (zstd's first "lazy"
/// level) packed the benchmark memory's blocks 2.5% smaller than level 3
/// but was the largest single cost of an import once the writing thread
/// had been relieved (17% of its CPU, against about a quarter of that at
/// level 3); the memory stays under its TMX's size at level 3 (0.99x at
/// 1M; BENCHMARKS.md, import round 5). Levels 4 and 5 pack worse than 3
/// with a dictionary. Readers decode any level.
pub(super) const BLOCK_LEVEL: i32 = 3;

impl Packer {
    pub fn new(dict: &Dictionary) -> std::io::Result<Packer> {
        Packer::with_level(dict, LEVEL)
    }

    /// A packer at zstd level `level`.
    pub fn with_level(dict: &Dictionary, level: i32) -> std::io::Result<Packer> {
        let prepared = Box::new(
            zstd::zstd_safe::CDict::try_create(&dict.bytes, level)
                .ok_or_else(|| std::io::Error::other("zstd cannot prepare the dictionary"))?,
        );
        let mut context = zstd::zstd_safe::CCtx::try_create()
            .ok_or_else(|| std::io::Error::other("zstd cannot make a context"))?;
        // The box keeps the prepared dictionary at one address for as long
        // as the packer lives, and the context is dropped before it.
        context.ref_cdict(&prepared).map_err(zstd_error)?;
        for parameter in [
            CParameter::ChecksumFlag(false),
            CParameter::ContentSizeFlag(true),
            CParameter::DictIdFlag(false),
        ] {
            context.set_parameter(parameter).map_err(zstd_error)?;
        }
        Ok(Packer {
            id: dict.id,
            context,
            _prepared: prepared,
            frame: Vec::new(),
        })
    }

    /// The stored form of `text`: packed when that is smaller.
    pub fn pack(&mut self, text: String) -> TextValue {
        if text.len() < PACK_FROM {
            return TextValue::Raw(text);
        }
        match self.pack_bytes(text.as_bytes()) {
            Some(packed) => TextValue::Packed(packed),
            None => TextValue::Raw(text),
        }
    }

    /// `bytes` in one frame: the dictionary's id, then the zstd frame
    /// without its magic number; `None` when that is not smaller.
    pub fn pack_bytes(&mut self, bytes: &[u8]) -> Option<Vec<u8>> {
        self.frame.clear();
        self.frame
            .reserve(zstd::zstd_safe::compress_bound(bytes.len()));
        match self.context.compress2(&mut self.frame, bytes) {
            Ok(_)
                if self.frame.starts_with(&MAGIC)
                    && self.frame.len() - MAGIC.len() + 1 < bytes.len() =>
            {
                let mut out = Vec::with_capacity(self.frame.len() - MAGIC.len() + 1);
                out.push(self.id);
                out.extend_from_slice(&self.frame[MAGIC.len()..]);
                Some(out)
            }
            _ => None,
        }
    }
}

/// Packs with `packer` when there is one.
pub(super) fn pack(packer: Option<&mut Packer>, text: String) -> TextValue {
    match packer {
        Some(p) => p.pack(text),
        None => TextValue::Raw(text),
    }
}

/// The memory's newest dictionary, if it has one.
pub(super) fn current_dictionary(conn: &Connection) -> rusqlite::Result<Option<Dictionary>> {
    conn.query_row(
        "SELECT id, dict FROM text_dict ORDER BY id DESC LIMIT 1",
        [],
        |row| {
            Ok(Dictionary {
                id: row.get::<_, i64>(0)? as u8,
                bytes: std::sync::Arc::new(row.get(1)?),
            })
        },
    )
    .optional()
}

/// Trains a dictionary on `samples` and stores it; `None` when there are too
/// few samples to be worth one (the texts are then stored as they are).
pub(super) fn train(conn: &Connection, samples: &[&str]) -> rusqlite::Result<Option<Dictionary>> {
    if samples.len() < MIN_SAMPLES {
        return Ok(None);
    }
    let next: i64 = conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM text_dict", [], |r| {
        r.get(0)
    })?;
    if next > 255 {
        return Ok(None);
    }
    let mut data = Vec::new();
    let mut sizes = Vec::new();
    for text in samples {
        if data.len() + text.len() > SAMPLE_BYTES {
            break;
        }
        data.extend_from_slice(text.as_bytes());
        sizes.push(text.len());
    }
    let Ok(dict) = zstd::dict::from_continuous(&data, &sizes, DICT_BYTES) else {
        return Ok(None); // zstd found nothing to learn: store texts as they are
    };
    conn.execute(
        "INSERT INTO text_dict(id, dict) VALUES (?1, ?2)",
        rusqlite::params![next, dict],
    )?;
    Ok(Some(Dictionary {
        id: next as u8,
        bytes: std::sync::Arc::new(dict),
    }))
}

fn damaged(what: String) -> rusqlite::Error {
    super::codec::damaged(what)
}

/// Decompresses texts packed with one dictionary, prepared once (a zstd
/// `DDict`: its entropy tables built) instead of once per text.
struct Unpacker {
    context: zstd::zstd_safe::DCtx<'static>,
    prepared: zstd::zstd_safe::DDict<'static>,
}

impl Unpacker {
    fn new(dict: &[u8]) -> Option<Unpacker> {
        Some(Unpacker {
            context: zstd::zstd_safe::DCtx::try_create()?,
            prepared: zstd::zstd_safe::DDict::try_create(dict)?,
        })
    }

    /// The text of a whole frame of `size` bytes of content.
    fn unpack(&mut self, frame: &[u8], size: usize) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(size);
        let written = self
            .context
            .decompress_using_ddict(&mut out, frame, &self.prepared)
            .map_err(zstd_error)?;
        if written != size {
            return Err(std::io::Error::other("the frame's size is wrong"));
        }
        Ok(out)
    }
}

/// Decodes stored texts on one connection: the frames' dictionaries
/// (read from `text_dict` the first time each is met) and the text blocks
/// decoded last (see `textblock`). Behind the SQL function `tmkit_text`,
/// and used directly by a reader that walks the whole memory
/// ([`TextDecoder::stored_text`]: an export), which saves the copy into
/// SQLite and back and a second UTF-8 check per text.
pub(super) struct TextDecoder {
    decoders: HashMap<u8, Unpacker>,
    frame: Vec<u8>,
    blocks: super::textblock::BlockCache,
}

impl TextDecoder {
    pub(super) fn new() -> TextDecoder {
        TextDecoder {
            decoders: HashMap::new(),
            frame: Vec::new(),
            blocks: Default::default(),
        }
    }

    /// The bytes of a frame packed with dictionary `id` (`body` without
    /// the magic number); `dicts` reads a dictionary the first time.
    fn unpack(&mut self, dicts: &mut LoadDict, id: u8, body: &[u8]) -> rusqlite::Result<Vec<u8>> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.decoders.entry(id) {
            let dict = dicts(id)?;
            let dict = dict.ok_or_else(|| {
                damaged(format!(
                    "a text packed with dictionary {id}, which is missing"
                ))
            })?;
            let decoder = Unpacker::new(&dict)
                .ok_or_else(|| damaged(format!("text dictionary {id} does not load")))?;
            slot.insert(decoder);
        }
        self.frame.clear();
        self.frame.extend_from_slice(&MAGIC);
        self.frame.extend_from_slice(body);
        let size = zstd::zstd_safe::get_frame_content_size(&self.frame)
            .ok()
            .flatten()
            .filter(|&n| n <= MAX_TEXT)
            .ok_or_else(|| damaged("a packed text does not decode".into()))?;
        let decoder = self.decoders.get_mut(&id).expect("inserted above");
        decoder
            .unpack(&self.frame, size as usize)
            .map_err(|e| damaged(format!("a packed text does not decode ({e})")))
    }

    /// `tmkit_text(value[, block])`: TEXT as it is, a packed BLOB
    /// decompressed, an INTEGER the slot of a text block (the second argument).
    fn text(&mut self, ctx: &rusqlite::functions::Context) -> rusqlite::Result<String> {
        let block = if ctx.len() == 2 {
            Some(ctx.get_raw(1))
        } else {
            None
        };
        let mut dicts = |id: u8| {
            // SAFETY: the handle is used on this thread, inside this
            // call, to read one row; it does not outlive the call.
            let conn = unsafe { ctx.get_connection()? };
            read_dict(&conn, id)
        };
        self.decode(&mut dicts, ctx.get_raw(0), block)
    }

    /// The text of a stored `variant_row.text` value; `block` is the
    /// `text_block.data` its reference names (`None`: no second argument).
    pub(super) fn stored_text(
        &mut self,
        conn: &Connection,
        value: ValueRef,
        block: Option<ValueRef>,
    ) -> rusqlite::Result<String> {
        self.decode(&mut |id| read_dict(conn, id), value, block)
    }

    /// As [`TextDecoder::stored_text`] for a value read without its block:
    /// a block is read from `conn` when it is not among the last decoded.
    /// For a decoder made for one walk over the memory (see
    /// `BlockCache::text_fetching`): the walk then seeks each block once,
    /// not once per text.
    pub(super) fn stored_text_fetching(
        &mut self,
        conn: &Connection,
        value: ValueRef,
    ) -> rusqlite::Result<String> {
        let ValueRef::Integer(reference) = value else {
            return self.stored_text(conn, value, None);
        };
        let mut fetch = |id: i64| -> rusqlite::Result<Vec<u8>> {
            conn.prepare_cached("SELECT data FROM text_block WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| damaged(format!("the text block of text {reference} is missing")))
        };
        let mut blocks = std::mem::take(&mut self.blocks);
        let mut dicts = |id| read_dict(conn, id);
        let text = blocks.text_fetching(reference, &mut fetch, &mut |id, body| {
            self.unpack(&mut dicts, id, body)
        });
        self.blocks = blocks;
        text
    }

    fn decode(
        &mut self,
        dicts: &mut LoadDict,
        value: ValueRef,
        block: Option<ValueRef>,
    ) -> rusqlite::Result<String> {
        let blob = match value {
            ValueRef::Text(t) => {
                return String::from_utf8(t.to_vec())
                    .map_err(|_| damaged("a stored text is not UTF-8".into()));
            }
            ValueRef::Blob(b) => b,
            ValueRef::Null => return Ok(String::new()),
            ValueRef::Integer(reference) if block.is_some() => {
                let Some(ValueRef::Blob(block)) = block else {
                    return Err(damaged(format!(
                        "the text block of text {reference} is missing"
                    )));
                };
                let mut blocks = std::mem::take(&mut self.blocks);
                let text = blocks.text(reference, block, &mut |id, body| {
                    self.unpack(dicts, id, body)
                });
                self.blocks = blocks;
                return text;
            }
            _ => return Err(damaged("a stored text is a number".into())),
        };
        let Some((&id, body)) = blob.split_first() else {
            return Err(damaged("an empty packed text".into()));
        };
        let bytes = self.unpack(dicts, id, body)?;
        String::from_utf8(bytes).map_err(|_| damaged("a packed text is not UTF-8".into()))
    }
}

/// Reads dictionary `id`'s bytes (`None`: there is none).
type LoadDict<'a> = dyn FnMut(u8) -> rusqlite::Result<Option<Vec<u8>>> + 'a;

fn read_dict(conn: &Connection, id: u8) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.query_row("SELECT dict FROM text_dict WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()
}

/// Registers `tmkit_text(value)` and `tmkit_text(value, block)` on `conn`
/// (see [`TextDecoder::text`]).
pub(super) fn register(conn: &Connection) -> rusqlite::Result<()> {
    for arity in [1, 2] {
        let mut decoder = TextDecoder::new();
        conn.create_scalar_function(
            "tmkit_text",
            arity,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            move |ctx| decoder.text(ctx),
        )?;
    }
    Ok(())
}

/// Trains dictionary bytes on `samples` without storing them (the
/// PostgreSQL backend keeps its dictionaries in its own table); `None` as
/// for [`train`].
pub(super) fn train_bytes(samples: &[&str]) -> Option<Vec<u8>> {
    if samples.len() < MIN_SAMPLES {
        return None;
    }
    let mut data = Vec::new();
    let mut sizes = Vec::new();
    for text in samples {
        if data.len() + text.len() > SAMPLE_BYTES {
            break;
        }
        data.extend_from_slice(text.as_bytes());
        sizes.push(text.len());
    }
    zstd::dict::from_continuous(&data, &sizes, DICT_BYTES).ok()
}

/// Decodes the body of a packed text (after its dictionary byte) with a
/// decompressor made from that dictionary: the one decoder of the format,
/// shared by `tmkit_text` readers and the PostgreSQL backend.
pub(super) fn unpack_body(
    decoder: &mut zstd::bulk::Decompressor<'static>,
    body: &[u8],
) -> Result<String, String> {
    let mut frame = Vec::with_capacity(MAGIC.len() + body.len());
    frame.extend_from_slice(&MAGIC);
    frame.extend_from_slice(body);
    let size = zstd::zstd_safe::get_frame_content_size(&frame)
        .ok()
        .flatten()
        .filter(|&n| n <= MAX_TEXT)
        .ok_or_else(|| "a packed text does not decode".to_string())?;
    let bytes = decoder
        .decompress(&frame, size as usize)
        .map_err(|e| format!("a packed text does not decode ({e})"))?;
    String::from_utf8(bytes).map_err(|_| "a packed text is not UTF-8".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_pack_and_come_back() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE text_dict (id INTEGER PRIMARY KEY, dict BLOB NOT NULL);
             CREATE TABLE t (v ANY);",
        )
        .unwrap();
        register(&conn).unwrap();
        let texts: Vec<String> = (0..3000)
            .map(|i| format!("The committee met on day {i} to discuss the budget and the talks."))
            .collect();
        let samples: Vec<&str> = texts.iter().map(String::as_str).collect();
        let dict = train(&conn, &samples).unwrap().expect("enough samples");
        let mut packer = Packer::new(&dict).unwrap();
        let long = texts[17].clone();
        let value = packer.pack(long.clone());
        let TextValue::Packed(bytes) = &value else {
            panic!("a long text packs")
        };
        assert!(bytes.len() < long.len() / 2, "{} bytes", bytes.len());
        for (value, want) in [(value, long), (packer.pack("short".into()), "short".into())] {
            conn.execute("INSERT INTO t(v) VALUES (?1)", [&value])
                .unwrap();
            let back: String = conn
                .query_row(
                    "SELECT tmkit_text(v) FROM t ORDER BY rowid DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(back, want);
        }
        conn.execute("INSERT INTO t(v) VALUES (x'0700')", [])
            .unwrap();
        let error = conn
            .query_row(
                "SELECT tmkit_text(v) FROM t ORDER BY rowid DESC LIMIT 1",
                [],
                |r| r.get::<_, String>(0),
            )
            .unwrap_err();
        assert!(error.to_string().contains("dictionary 7"), "{error}");
    }
}
