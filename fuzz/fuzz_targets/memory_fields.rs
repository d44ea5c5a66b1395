//! A valid memory with some of its stored values replaced by arbitrary ones
//! (posting lists, token sequences, unit JSON, languages, ids, the schema
//! version): the structure-aware complement of `memory_file`, which mostly
//! hits SQLite's own page checks. Then every read operation. Token ids,
//! lengths and JSON read from the file must be checked before use.
#![no_main]

#[path = "common/memory_ops.rs"]
mod memory_ops;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use rusqlite::types::Value as SqlValue;
use std::sync::OnceLock;

/// Columns a mutation can hit: (table, column, key columns for the row).
const TARGETS: &[(&str, &str, &str)] = &[
    ("fz_posting", "ids", "lang, token_id, first_id"),
    ("fz_posting", "first_id", "lang, token_id, first_id"),
    ("fz_posting", "token_id", "lang, token_id, first_id"),
    ("fz_posting", "lang", "lang, token_id, first_id"),
    ("fz_seq", "tokens", "lang, variant_id"),
    ("fz_seq", "variant_id", "lang, variant_id"),
    ("fz_seq", "lang", "lang, variant_id"),
    ("fz_token", "text", "id"),
    ("fz_token", "id", "id"),
    ("fz_token", "lang", "id"),
    ("unit", "data", "id"),
    ("unit", "changed", "id"),
    ("unit", "id", "id"),
    ("unit", "content_hash", "id"),
    ("variant", "text", "id"),
    ("variant", "lang", "id"),
    ("variant", "unit_id", "id"),
    ("variant", "ord", "id"),
    ("variant", "id", "id"),
    ("variant", "key_hash", "id"),
    ("source_file", "header", "id"),
    ("meta", "value", "key"),
    ("fz_pending", "variant_id", "variant_id"),
];

#[derive(Arbitrary, Debug)]
enum Value {
    Int(i64),
    SmallInt(u8),
    Text(String),
    Blob(Vec<u8>),
    /// The original blob with a few bytes changed (keeps varints plausible).
    Flip {
        at: u8,
        xor: u8,
    },
    Null,
}

#[derive(Arbitrary, Debug)]
struct Mutation {
    target: u8,
    row: u8,
    value: Value,
}

fn sample() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let path = memory_ops::work_dir().join("sample.tmdb");
        memory_ops::build_sample(&path);
        let bytes = std::fs::read(&path).expect("read the sample memory");
        memory_ops::remove_memory(&path);
        bytes
    })
}

fn apply(conn: &rusqlite::Connection, mutation: &Mutation) {
    let (table, column, key) = TARGETS[usize::from(mutation.target) % TARGETS.len()];
    let row = i64::from(mutation.row % 64);
    let where_row =
        format!("({key}) = (SELECT {key} FROM {table} ORDER BY {key} LIMIT 1 OFFSET {row})");
    let value = match &mutation.value {
        Value::Int(n) => SqlValue::Integer(*n),
        Value::SmallInt(n) => SqlValue::Integer(i64::from(*n)),
        Value::Text(t) => SqlValue::Text(t.clone()),
        Value::Blob(b) => SqlValue::Blob(b.clone()),
        Value::Null => SqlValue::Null,
        Value::Flip { at, xor } => {
            let current: Option<SqlValue> = conn
                .query_row(
                    &format!("SELECT {column} FROM {table} WHERE {where_row}"),
                    [],
                    |r| r.get(0),
                )
                .ok();
            match current {
                Some(SqlValue::Blob(mut b)) if !b.is_empty() => {
                    let i = usize::from(*at) % b.len();
                    b[i] ^= xor;
                    SqlValue::Blob(b)
                }
                Some(SqlValue::Text(t)) if !t.is_empty() => {
                    let mut b = t.into_bytes();
                    let i = usize::from(*at) % b.len();
                    b[i] ^= xor;
                    SqlValue::Text(String::from_utf8_lossy(&b).into_owned())
                }
                Some(SqlValue::Integer(n)) => SqlValue::Integer(n ^ i64::from(*xor) << (at % 56)),
                _ => return,
            }
        }
    };
    // Constraint violations (NOT NULL, UNIQUE) just leave the row as it was.
    let _ = conn.execute(
        &format!("UPDATE {table} SET {column} = ?1 WHERE {where_row}"),
        [value],
    );
}

fuzz_target!(|mutations: Vec<Mutation>| {
    if mutations.len() > 16 {
        return;
    }
    let path = memory_ops::work_dir().join("fuzz.tmdb");
    memory_ops::remove_memory(&path);
    std::fs::write(&path, sample()).expect("write the memory file");
    {
        let conn = rusqlite::Connection::open(&path).expect("open with SQLite");
        for mutation in &mutations {
            apply(&conn, mutation);
        }
    }
    memory_ops::exercise(&path);
    memory_ops::remove_memory(&path);
});
