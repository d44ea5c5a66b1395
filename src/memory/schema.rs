//! The memory's SQLite schema and its forward migrations.
//!
//! `meta.schema_version` records how far a file has been migrated. Opening a
//! memory runs every migration above that number in one transaction, so an
//! older file is upgraded in place (or left as it was if anything fails), and a
//! file from a newer tmkit is refused with a message instead of being damaged.
//! Migrations 1–3 are SQL; 4 converts every unit (`memory::upgrade`); 5 gives
//! each unit consecutive variant ids and adds text blocks (`memory::upgrade5`);
//! 6 moves the index's token sequences into blocks (`memory::seqstore`).

use rusqlite::{Connection, OptionalExtension};

/// `PRAGMA application_id` of a tmkit memory ("tmkt"), so that `file(1)` and
/// tmkit itself can tell a memory from any other SQLite database.
pub const APPLICATION_ID: i32 = 0x746d_6b74;

/// Migration `i` takes a memory from schema version `i` to `i + 1`.
/// Append new migrations; never edit one that has shipped.
pub const MIGRATIONS: &[&str] = &[
    // 1: units, their variants, the files they came from.
    r#"
    CREATE TABLE unit (
        id          INTEGER PRIMARY KEY,
        tuid        TEXT,
        changed     TEXT,            -- changedate, else creationdate (YYYYMMDDThhmmssZ)
        content_hash INTEGER NOT NULL, -- hash of the variants' languages and content (duplicates)
        data        TEXT NOT NULL    -- the whole TranslationUnit as JSON (lossless export)
    );
    CREATE INDEX unit_content ON unit(content_hash);
    CREATE INDEX unit_tuid ON unit(tuid);
    CREATE TABLE variant (
        id        INTEGER PRIMARY KEY,
        unit_id   INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
        ord       INTEGER NOT NULL,  -- position of the tuv in the unit
        lang      TEXT NOT NULL,     -- normalised BCP 47, lower case (compared case-insensitively)
        text      TEXT NOT NULL,     -- plain-text view of the segment
        key_hash  INTEGER NOT NULL   -- text::key_hash(text::lookup_key(text))
    );
    CREATE INDEX variant_lookup ON variant(lang, key_hash);
    CREATE INDEX variant_unit ON variant(unit_id);
    CREATE TABLE source_file (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        header      TEXT NOT NULL    -- the TMX header as JSON
    );
    "#,
    // 2: the fuzzy-match token index and the concordance full-text index
    // (maintained by `memory::index`). Every existing variant is queued in
    // `fz_pending`, so opening an older memory builds its index.
    r#"
    CREATE TABLE fz_token (
        id    INTEGER PRIMARY KEY,
        lang  TEXT NOT NULL,       -- primary language subtag, lower case
        text  TEXT NOT NULL,       -- normalised word, or a placeable class key
        UNIQUE (lang, text)
    );
    CREATE TABLE fz_seq (
        lang       TEXT NOT NULL,
        variant_id INTEGER NOT NULL,
        tokens     BLOB NOT NULL,  -- token ids in order, LEB128
        PRIMARY KEY (lang, variant_id)
    ) WITHOUT ROWID;
    CREATE TABLE fz_posting (
        lang      TEXT NOT NULL,
        token_id  INTEGER NOT NULL,
        first_id  INTEGER NOT NULL, -- smallest variant id in the chunk
        ids       BLOB NOT NULL,    -- ascending variant ids, delta LEB128, at most 2048
        PRIMARY KEY (lang, token_id, first_id)
    ) WITHOUT ROWID;
    CREATE TABLE fz_pending (variant_id INTEGER PRIMARY KEY);
    CREATE VIRTUAL TABLE fz_text USING fts5(
        text, lang UNINDEXED, content = 'variant', content_rowid = 'id'
    );
    INSERT INTO fz_pending(variant_id) SELECT id FROM variant;
    "#,
    // 3: bulk-import cost. Concordance search runs on the token index
    // (`fz_token`, `fz_posting`, `fz_seq`), which holds every word already:
    // the FTS5 table was a second index of the same words that took 37% of
    // an import's writing time and a third of the file. `unit_tuid` goes
    // too: no query reads it, and every insert paid for a random B-tree write.
    r#"
    DROP TABLE IF EXISTS fz_text;
    DROP INDEX IF EXISTS unit_tuid;
    "#,
];

/// Schema 4 (after the SQL migrations above): units stored compactly, each
/// variant's text once (see `memory::store` and `memory::upgrade`). A Rust
/// migration, since every unit's JSON must be decoded and re-encoded.
pub const COMPACT_TABLES: &str = r#"
    CREATE TABLE text_dict (
        id    INTEGER PRIMARY KEY, -- the first byte of a packed text
        dict  BLOB NOT NULL        -- a zstd dictionary trained on the memory's texts
    );
    CREATE TABLE unit (
        id           INTEGER PRIMARY KEY,
        tuid         TEXT,
        changed,                   -- changedate, else creationdate: seconds since 1970,
                                   -- or the text when not YYYYMMDDThhmmssZ (no type: kept as bound)
        content_hash INTEGER NOT NULL, -- 31-bit hash of the variants' languages and content
        extra        BLOB          -- the lossless remainder (memory::store), NULL when none
    );
    CREATE TABLE variant_row (
        id        INTEGER PRIMARY KEY,
        unit_id   INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
        ord       INTEGER NOT NULL, -- position of the tuv in the unit
        lang      TEXT NOT NULL,    -- normalised BCP 47, lower case
        text      NOT NULL,         -- plain text: TEXT, or a BLOB packed with a text_dict
        key_hash  INTEGER NOT NULL, -- 31-bit hash of text::lookup_key(text)
        extra     BLOB              -- the lossless remainder, NULL when none
    );
"#;

/// The view every reader of variants uses: the stored text decoded.
pub const VARIANT_VIEW: &str = r#"
    CREATE VIEW variant AS
        SELECT id, unit_id, ord, lang, tmkit_text(text) AS text, key_hash FROM variant_row;
    CREATE INDEX variant_unit ON variant_row(unit_id, ord);
"#;

macro_rules! unit_content_index {
    () => {
        "CREATE INDEX IF NOT EXISTS unit_content ON unit(content_hash);"
    };
}

/// The lookup indexes of schema 4 (a bulk load into an empty memory drops
/// them and builds them after).
pub const LOOKUP_INDEXES: &str = concat!(
    unit_content_index!(),
    "\nCREATE INDEX IF NOT EXISTS variant_lookup ON variant_row(lang, key_hash);"
);

/// The index that finds a unit's duplicates by content hash (one of the
/// [`LOOKUP_INDEXES`]; a large bulk load builds it early, see
/// `memory::duplicates`).
pub const UNIT_CONTENT_INDEX: &str = unit_content_index!();

/// Schema 5 (`memory::upgrade5`): a unit's variants at consecutive ids,
/// found from the unit's `first_variant` and `variants` instead of through
/// an index of `variant_row.unit_id`; the vocabulary stored once, keyed by
/// (language, word), instead of a table and its unique index; token
/// sequences keyed by variant id alone (keyed by language first, the rows
/// of two languages went into the middle of the table, which left its
/// pages a tenth empty; a language's index is loaded by one scan of both
/// now); texts of an
/// import packed sixteen to a zstd frame (`text_block`, see `textblock`).
/// `variant_row` is rebuilt without the foreign key, whose checks needed
/// the index it loses.
pub const V5_TABLES: &str = r#"
    DROP VIEW IF EXISTS variant;
    DROP INDEX IF EXISTS variant_unit;
    ALTER TABLE unit ADD COLUMN first_variant INTEGER; -- id of the unit's first variant (NULL: none)
    ALTER TABLE unit ADD COLUMN variants INTEGER NOT NULL DEFAULT 0; -- how many, at consecutive ids
    CREATE TABLE text_block (
        id    INTEGER PRIMARY KEY,
        data  BLOB NOT NULL        -- several texts in one frame (memory::textblock)
    );
    CREATE TABLE fz_token_v5 (
        lang  TEXT NOT NULL,       -- primary language subtag, lower case
        text  TEXT NOT NULL,       -- normalised word, or a placeable class key
        id    INTEGER NOT NULL,    -- unique in the memory, dense
        PRIMARY KEY (lang, text)
    ) WITHOUT ROWID;
    INSERT INTO fz_token_v5(lang, text, id) SELECT lang, text, id FROM fz_token;
    DROP TABLE fz_token;
    ALTER TABLE fz_token_v5 RENAME TO fz_token;
    CREATE TABLE fz_seq_v5 (
        variant_id INTEGER PRIMARY KEY, -- rows come in id order: pages fill up
        lang       TEXT NOT NULL,
        tokens     BLOB NOT NULL        -- token ids in order, LEB128
    );
    INSERT INTO fz_seq_v5(variant_id, lang, tokens)
        SELECT variant_id, lang, tokens FROM fz_seq ORDER BY variant_id;
    DROP TABLE fz_seq;
    ALTER TABLE fz_seq_v5 RENAME TO fz_seq;
"#;

/// Schema 5's `variant_row` (copied from schema 4's by the migration).
pub const V5_VARIANT_ROW: &str = r#"
    CREATE TABLE variant_row_v5 (
        id        INTEGER PRIMARY KEY,
        unit_id   INTEGER NOT NULL, -- the unit; its variants have consecutive ids in `ord` order
        ord       INTEGER NOT NULL, -- position of the tuv in the unit
        lang      TEXT NOT NULL,    -- normalised BCP 47, lower case
        text      NOT NULL,         -- plain text: TEXT, a BLOB packed with a text_dict,
                                    -- or an INTEGER naming a text_block slot
        key_hash  INTEGER NOT NULL, -- 31-bit hash of text::lookup_key(text)
        extra     BLOB              -- the lossless remainder, NULL when none
    );
    INSERT INTO variant_row_v5 SELECT id, unit_id, ord, lang, text, key_hash, extra
        FROM variant_row ORDER BY id;
    DROP TABLE variant_row;
    ALTER TABLE variant_row_v5 RENAME TO variant_row;
    CREATE VIEW variant AS
        SELECT v.id AS id, v.unit_id AS unit_id, v.ord AS ord, v.lang AS lang,
               tmkit_text(v.text, b.data) AS text, v.key_hash AS key_hash, v.extra AS extra
        FROM variant_row v
        LEFT JOIN text_block b ON b.id = (CASE WHEN typeof(v.text) = 'integer' THEN v.text >> 5 END);
"#;

/// Schema 6 (`memory::seqstore`): the token sequences of the fuzzy index
/// in blocks of up to 64 variants of one language instead of a row each.
/// `fz_seqblock_lang` finds a language's blocks (a few per thousand
/// variants, so it is small).
pub const V6_TABLES: &str = r#"
    CREATE TABLE fz_seqblock (
        id    INTEGER PRIMARY KEY, -- at most the smallest variant id in the block
        lang  TEXT NOT NULL,       -- index language
        data  BLOB NOT NULL        -- the sequences (memory::seqstore)
    );
    CREATE INDEX fz_seqblock_lang ON fz_seqblock(lang, id);
"#;

/// The first schema with consecutive variant ids and text blocks.
pub const BLOCK_SCHEMA: i64 = 5;

/// The schema version this build of tmkit writes.
pub fn current_version() -> i64 {
    super::seqstore::SEQ_BLOCK_SCHEMA
}

/// Reads the schema version of an open memory (0 for an empty database).
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    let has_meta: bool = conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
            [],
            |_| Ok(true),
        )
        .optional()?
        .unwrap_or(false);
    if !has_meta {
        return Ok(0);
    }
    let version: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    Ok(version.and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// Runs the migrations above the file's version inside the caller's write
/// transaction (nothing happens for a current file), telling `progress` how
/// far the conversion of the units is. Returns the version the file had before.
pub(super) fn migrate_in(
    tx: &Connection,
    progress: &mut dyn FnMut(super::MigrationProgress),
) -> rusqlite::Result<i64> {
    let before = version(tx)?;
    if before >= current_version() {
        return Ok(before);
    }
    if before == 0 {
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
        )?;
        tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))?;
        tx.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('created', ?1)",
            [chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string()],
        )?;
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(before as usize) {
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?1)",
            [(index + 1).to_string()],
        )?;
    }
    if before < super::units::COMPACT_SCHEMA {
        super::upgrade::to_compact(tx, progress)?;
    }
    if before < BLOCK_SCHEMA {
        super::upgrade5::to_blocks(tx, progress)?;
        tx.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?1)",
            [BLOCK_SCHEMA.to_string()],
        )?;
    }
    if before < super::seqstore::SEQ_BLOCK_SCHEMA {
        super::seqstore::to_seq_blocks(tx, progress)?;
        tx.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?1)",
            [super::seqstore::SEQ_BLOCK_SCHEMA.to_string()],
        )?;
    }
    Ok(before)
}
