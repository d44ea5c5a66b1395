//! The PostgreSQL backend: a memory that lives in a PostgreSQL database,
//! shared by everyone who can reach the server (issue 17).
//!
//! A memory is named by a URL, `postgres://USER@HOST:PORT/DATABASE?memory=NAME`
//! (or `postgresql://`), accepted wherever a memory file is. The password
//! never appears in it: it comes from `PGPASSWORD` or `~/.pgpass` (or
//! `PGPASSFILE`), as for `psql`. One database holds any number of named
//! memories (table `tmkit_memory`); `memory create` or the first import into
//! a URL creates the tables and the named memory.
//!
//! Rows keep the compact forms of the SQLite store: a unit's lossless
//! remainder is the same postcard blob (`store`), a variant's text the same
//! zstd frame made with a dictionary trained on the memory's first texts
//! (`textcodec`, one dictionary table per database, keyed by memory). The
//! fuzzy index is stored as the SQLite one is: a vocabulary and each
//! segment's token sequence, from which `tmkit match` builds the same
//! in-memory index with the same candidate filter, so both backends give
//! identical suggestions (unit and variant ids are assigned the same way:
//! the next id after the largest, in import order).
//!
//! Writes: every import runs in one transaction (readers see the memory
//! before or after it, never half; a failed or interrupted import leaves
//! it as it was). Writers into one memory take turns on a row lock of the
//! memory (`SELECT … FOR UPDATE`), as SQLite's writers take turns on the
//! file; readers are never blocked (MVCC). Units are unique on
//! `(memory_id, content_key)`, a SHA-256 of their languages and content, so
//! two writers can never both insert the same unit whatever happens.
//! New rows go in with `COPY … FROM STDIN BINARY`.

mod concordance;
mod read;
mod write;

use super::{Memory, MemoryError, OpenOptions, Result};
use postgres::{Client, NoTls, Statement};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where a memory lives: a file, or a named memory in a PostgreSQL database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemoryLocation {
    /// A `.tmdb` file.
    File(PathBuf),
    /// A named memory in a PostgreSQL database.
    Postgres {
        /// The URL as given, without the `memory` parameter.
        url: String,
        /// The memory's name (`?memory=NAME`, default `default`).
        memory_name: String,
    },
}

impl MemoryLocation {
    /// Reads a command-line memory argument: a `postgres://` or
    /// `postgresql://` URL, else a file path. A URL with a password is
    /// refused (it would show in process lists and shell histories).
    pub fn parse(argument: &Path) -> Result<MemoryLocation> {
        match location_of(argument) {
            None => Ok(MemoryLocation::File(argument.to_path_buf())),
            Some(parsed) => {
                let parsed = parsed?;
                Ok(MemoryLocation::Postgres {
                    url: parsed.url,
                    memory_name: parsed.name,
                })
            }
        }
    }
}

/// True when `argument` names a PostgreSQL memory rather than a file.
pub fn is_postgres_url(argument: &Path) -> bool {
    let text = argument.to_string_lossy();
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

/// Default memory name when the URL has no `memory` parameter.
const DEFAULT_NAME: &str = "default";

/// A parsed PostgreSQL location, ready to connect.
pub(super) struct PgLocation {
    /// The argument as given (shown in messages).
    shown: String,
    /// The URL without `memory=`.
    url: String,
    name: String,
    config: postgres::Config,
}

/// `Some` when `path` is a PostgreSQL URL (then parsed, or the reason it
/// cannot be used).
pub(super) fn location_of(path: &Path) -> Option<Result<PgLocation>> {
    if !is_postgres_url(path) {
        return None;
    }
    Some(parse_url(&path.to_string_lossy()))
}

fn bad(shown: &str, detail: impl Into<String>) -> MemoryError {
    MemoryError::Postgres {
        location: shown.to_string(),
        detail: detail.into(),
    }
}

fn parse_url(text: &str) -> Result<PgLocation> {
    let (base, query) = match text.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (text, None),
    };
    let mut name = None;
    let mut kept = Vec::new();
    for pair in query.into_iter().flat_map(|q| q.split('&')) {
        match pair.split_once('=') {
            Some(("memory", value)) => name = Some(value.to_string()),
            _ if pair.is_empty() => {}
            _ => kept.push(pair),
        }
    }
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    let shown = redact(text);
    let mut config: postgres::Config = url.parse().map_err(|e| {
        bad(
            &shown,
            format!(
                "not a PostgreSQL URL ({e}); write postgres://USER@HOST:PORT/DATABASE?memory=NAME"
            ),
        )
    })?;
    if config.get_password().is_some() {
        return Err(bad(
            &shown,
            "the URL holds a password, which would show in process lists and shell histories; \
             remove it and set PGPASSWORD or add a line to ~/.pgpass",
        ));
    }
    let name = name.unwrap_or_else(|| DEFAULT_NAME.to_string());
    if name.is_empty() || name.len() > 200 || name.chars().any(char::is_control) {
        return Err(bad(
            &shown,
            "the memory name (?memory=NAME) must be 1 to 200 printable characters",
        ));
    }
    fill_defaults(&mut config);
    Ok(PgLocation {
        shown,
        url,
        name,
        config,
    })
}

/// The URL with any password in it replaced by `***` (shown in messages).
fn redact(text: &str) -> String {
    let mut shown = text.to_string();
    if let Some(scheme_end) = shown.find("://") {
        let rest = &shown[scheme_end + 3..];
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        if let Some(at) = rest[..authority_end].rfind('@') {
            if let Some(colon) = rest[..at].find(':') {
                let start = scheme_end + 3 + colon + 1;
                shown.replace_range(start..scheme_end + 3 + at, "***");
            }
        }
    }
    if let Some(query_start) = shown.find('?') {
        let (base, query) = shown.split_at(query_start + 1);
        let query: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some(("password", _)) => "password=***".to_string(),
                _ => pair.to_string(),
            })
            .collect();
        shown = format!("{base}{}", query.join("&"));
    }
    shown
}

/// What libpq would take from the environment: user, host, port, password.
fn fill_defaults(config: &mut postgres::Config) {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if config.get_user().is_none() {
        let user = env("PGUSER")
            .or_else(|| env("USER"))
            .unwrap_or_else(|| "postgres".to_string());
        config.user(&user);
    }
    if config.get_hosts().is_empty() {
        match env("PGHOST") {
            Some(host) => {
                config.host(&host);
            }
            None if Path::new("/var/run/postgresql").is_dir() => {
                config.host_path("/var/run/postgresql");
            }
            None => {
                config.host("localhost");
            }
        }
    }
    if config.get_ports().is_empty() {
        if let Some(port) = env("PGPORT").and_then(|p| p.parse().ok()) {
            config.port(port);
        }
    }
    if config.get_dbname().is_none() {
        if let Some(db) = env("PGDATABASE") {
            config.dbname(&db);
        }
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    if config.get_password().is_none() {
        if let Some(password) = env("PGPASSWORD").or_else(|| pgpass(config)) {
            config.password(password);
        }
    }
}

/// The password `~/.pgpass` (or `PGPASSFILE`) gives for this connection:
/// lines `host:port:database:user:password`, `*` matching anything, `\`
/// escaping `:` and `\`.
fn pgpass(config: &postgres::Config) -> Option<String> {
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")))?;
    let text = std::fs::read_to_string(file).ok()?;
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or_default().to_string();
    let db = config.get_dbname().unwrap_or(&user).to_string();
    let wanted = [host, port, db, user];
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        if fields.len() != 5 {
            continue;
        }
        if fields[..4]
            .iter()
            .zip(&wanted)
            .all(|(field, want)| field == "*" || field == want)
        {
            return Some(fields[4].clone());
        }
    }
    None
}

fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("one field").push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

/// The PostgreSQL memory of an open [`Memory`].
pub(super) struct PgStore {
    client: RefCell<Client>,
    memory_id: i32,
    shown: String,
    /// Decompressors of the memory's text dictionaries, by id.
    decoders: RefCell<HashMap<u8, zstd::bulk::Decompressor<'static>>>,
    /// Prepared statements, by their text.
    statements: RefCell<HashMap<&'static str, Statement>>,
    /// The memory's newest text dictionary, as the last write found it.
    dictionary: RefCell<Option<crate::memory::textcodec::Dictionary>>,
    /// The schema version of the tables (as opened; raised when another
    /// process migrates them, see `read::load_added`).
    version: std::cell::Cell<i64>,
}

/// The schema, one migration per version; append, never edit one that shipped.
const MIGRATIONS: &[&str] = &[
    r#"
    CREATE TABLE tmkit_memory (
        id          serial PRIMARY KEY,
        name        text NOT NULL UNIQUE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        generation  bigint NOT NULL DEFAULT 0   -- +1 per committed write (index caches)
    );
    CREATE TABLE tmkit_text_dict (
        memory_id integer NOT NULL,
        id        integer NOT NULL,             -- the first byte of a packed text
        dict      bytea NOT NULL,
        PRIMARY KEY (memory_id, id)
    );
    CREATE TABLE tmkit_source_file (
        memory_id   integer NOT NULL,
        id          bigint NOT NULL,
        name        text NOT NULL,
        imported_at text NOT NULL,
        header      bytea NOT NULL,             -- postcard, as in SQLite
        PRIMARY KEY (memory_id, id)
    );
    CREATE TABLE tmkit_unit (
        memory_id       integer NOT NULL,
        id              bigint NOT NULL,
        tuid            text,
        changed_seconds bigint,                 -- changedate/creationdate in TMX form
        changed_text    text,                   -- ... or as written when not
        content_hash    bigint NOT NULL,        -- 31-bit hash, as in SQLite (duplicate probe)
        content_key     bytea,                  -- SHA-256 of languages + content; NULL for
                                                -- duplicates kept by policy `all`
        extra           bytea,
        PRIMARY KEY (memory_id, id),
        UNIQUE (memory_id, content_key)
    );
    CREATE INDEX tmkit_unit_content ON tmkit_unit (memory_id, content_hash);
    CREATE TABLE tmkit_variant (
        memory_id integer NOT NULL,
        id        bigint NOT NULL,
        unit_id   bigint NOT NULL,
        ord       integer NOT NULL,
        lang      text NOT NULL,
        text      bytea NOT NULL,               -- 0 then UTF-8, or dictionary id then zstd frame
        key_hash  bigint NOT NULL,
        extra     bytea,
        PRIMARY KEY (memory_id, id)
    );
    CREATE INDEX tmkit_variant_unit ON tmkit_variant (memory_id, unit_id, ord);
    CREATE INDEX tmkit_variant_lookup ON tmkit_variant (memory_id, lang, key_hash);
    CREATE TABLE tmkit_token (
        memory_id integer NOT NULL,
        id        integer NOT NULL,
        lang      text NOT NULL,
        text      text NOT NULL,
        PRIMARY KEY (memory_id, id),
        UNIQUE (memory_id, lang, text)
    );
    CREATE TABLE tmkit_seq (
        memory_id  integer NOT NULL,
        lang       text NOT NULL,
        variant_id bigint NOT NULL,
        tokens     bytea NOT NULL,              -- token ids in order, LEB128
        PRIMARY KEY (memory_id, lang, variant_id)
    );
"#,
    r#"
    -- Variant ids are never given twice (the next one stays above this mark
    -- even when the newest were deleted), and token ids change only in a
    -- rebuild, which moves the epoch: index caches add what is new instead
    -- of reading everything again (memory::indexcache).
    ALTER TABLE tmkit_memory
        ADD COLUMN next_variant bigint NOT NULL DEFAULT 0,
        ADD COLUMN index_epoch  bigint NOT NULL DEFAULT 0;
"#,
];

/// The first schema version with `next_variant` and `index_epoch`.
const HIGH_WATER_VERSION: i64 = 2;

/// The schema version this build writes.
fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Key of the advisory lock schema changes take (two first imports at once).
const SCHEMA_LOCK: i64 = 0x746d_6b74_0001;

/// Turns a client error into a message that says what to do.
pub(super) fn pg_error(shown: &str, error: &postgres::Error) -> MemoryError {
    use postgres::error::SqlState;
    let detail = if let Some(db) = error.as_db_error() {
        let code = db.code();
        if *code == SqlState::INVALID_PASSWORD {
            format!(
                "PostgreSQL refused the login ({}); set the right password in PGPASSWORD or ~/.pgpass",
                db.message()
            )
        } else if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
            format!(
                "PostgreSQL refused the login ({}); check the user name in the URL and the server's pg_hba.conf",
                db.message()
            )
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            format!(
                "{}; create the database first (`createdb NAME`) or fix its name in the URL",
                db.message()
            )
        } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            format!(
                "{}; the user needs CREATE on the database (for the first import) and rights on the tmkit_* tables",
                db.message()
            )
        } else if code.code().starts_with("57") || code.code().starts_with("08") {
            format!(
                "the PostgreSQL server stopped or closed the connection ({}); try again when it is back",
                db.message()
            )
        } else {
            format!("PostgreSQL error {}: {}", code.code(), db.message())
        }
    } else if error.is_closed() {
        "the connection to the PostgreSQL server was lost; try again when it is back".to_string()
    } else {
        let text = error.to_string();
        if text.contains("password missing") {
            "the server wants a password; set PGPASSWORD or add a line to ~/.pgpass (never put it in the URL)".to_string()
        } else {
            format!(
                "cannot talk to the PostgreSQL server ({text}); check that it runs and the host and port in the URL"
            )
        }
    };
    MemoryError::Postgres {
        location: shown.to_string(),
        detail,
    }
}

fn connect(location: &PgLocation) -> Result<Client> {
    location
        .config
        .connect(NoTls)
        .map_err(|e| pg_error(&location.shown, &e))
}

/// Brings the database's tmkit tables to the current version (under an
/// advisory lock: two processes never migrate at once).
fn migrate(client: &mut Client, shown: &str) -> Result<i64> {
    let err = |e: postgres::Error| pg_error(shown, &e);
    let mut tx = client.transaction().map_err(err)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
        .map_err(err)?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS tmkit_schema (version bigint NOT NULL)")
        .map_err(err)?;
    let found: i64 = tx
        .query_one("SELECT coalesce(max(version), 0) FROM tmkit_schema", &[])
        .map_err(err)?
        .get(0);
    if found > current_version() {
        return Err(MemoryError::TooNew {
            path: PathBuf::from(shown),
            found,
            supported: current_version(),
        });
    }
    for (i, migration) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.batch_execute(migration).map_err(err)?;
        tx.execute(
            "INSERT INTO tmkit_schema(version) VALUES ($1)",
            &[&(i as i64 + 1)],
        )
        .map_err(err)?;
    }
    tx.commit().map_err(err)?;
    Ok(current_version())
}

/// The schema version without changing anything (0: no tmkit tables).
fn schema_version(client: &mut Client, shown: &str) -> Result<i64> {
    let err = |e: postgres::Error| pg_error(shown, &e);
    let exists: bool = client
        .query_one("SELECT to_regclass('tmkit_schema') IS NOT NULL", &[])
        .map_err(err)?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let found: i64 = client
        .query_one("SELECT coalesce(max(version), 0) FROM tmkit_schema", &[])
        .map_err(err)?
        .get(0);
    if found > current_version() {
        return Err(MemoryError::TooNew {
            path: PathBuf::from(shown),
            found,
            supported: current_version(),
        });
    }
    Ok(found)
}

fn find_memory(client: &mut Client, location: &PgLocation) -> Result<Option<i32>> {
    Ok(client
        .query_opt(
            "SELECT id FROM tmkit_memory WHERE name = $1",
            &[&location.name],
        )
        .map_err(|e| pg_error(&location.shown, &e))?
        .map(|row| row.get(0)))
}

/// Creates the named memory; `Ok(None)` when it exists already.
fn insert_memory(client: &mut Client, location: &PgLocation) -> Result<Option<i32>> {
    Ok(client
        .query_opt(
            "INSERT INTO tmkit_memory(name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id",
            &[&location.name],
        )
        .map_err(|e| pg_error(&location.shown, &e))?
        .map(|row| row.get(0)))
}

/// `tmkit memory create URL`: fails when the named memory exists.
pub(super) fn create(location: PgLocation) -> Result<Memory> {
    let mut client = connect(&location)?;
    let version = migrate(&mut client, &location.shown)?;
    match insert_memory(&mut client, &location)? {
        Some(id) => Ok(handle(client, location, id, false, version, true)),
        None => Err(MemoryError::AlreadyExists(PathBuf::from(&location.shown))),
    }
}

/// Opens the named memory as `options` say (creating it with `create`).
pub(super) fn open(location: PgLocation, options: OpenOptions) -> Result<Memory> {
    let mut client = connect(&location)?;
    let missing = || MemoryError::Missing(PathBuf::from(&location.shown));
    if options.read_only {
        let version = schema_version(&mut client, &location.shown)?;
        if version == 0 {
            return Err(missing());
        }
        let id = find_memory(&mut client, &location)?.ok_or_else(missing)?;
        return Ok(handle(client, location, id, true, version, false));
    }
    let version = migrate(&mut client, &location.shown)?;
    if let Some(id) = find_memory(&mut client, &location)? {
        let mut memory = handle(client, location, id, false, version, false);
        memory.on_wait = options.on_wait;
        return Ok(memory);
    }
    if !options.create {
        return Err(missing());
    }
    let (id, created) = match insert_memory(&mut client, &location)? {
        Some(id) => (id, true),
        // Another process created it between the two statements.
        None => (
            find_memory(&mut client, &location)?.ok_or_else(missing)?,
            false,
        ),
    };
    Ok(handle(client, location, id, false, version, created))
}

fn handle(
    client: Client,
    location: PgLocation,
    memory_id: i32,
    read_only: bool,
    version: i64,
    created: bool,
) -> Memory {
    let store = PgStore {
        client: RefCell::new(client),
        memory_id,
        shown: location.shown.clone(),
        decoders: RefCell::new(HashMap::new()),
        statements: RefCell::new(HashMap::new()),
        version: std::cell::Cell::new(version),
        dictionary: RefCell::new(None),
    };
    Memory {
        // Never read: every data method dispatches to `pg` (see the field).
        conn: rusqlite::Connection::open_in_memory().expect("an in-RAM SQLite database opens"),
        path: PathBuf::from(&location.shown),
        read_only,
        fuzzy_cache: Default::default(),
        planner: Default::default(),
        posting_buffer: super::index::POSTING_BUFFER_BYTES,
        known_hashes_limit: super::duplicates::KNOWN_HASHES_LIMIT,
        // What this handle offers is the current SQLite schema's (checks
        // such as `require_schema` compare with those numbers); the
        // PostgreSQL tables' own version is checked above.
        schema_version: super::schema::current_version(),
        on_wait: None,
        created,
        busy_timeout: Duration::from_secs(60),
        file_id: None,
        pg: Some(Box::new(store)),
    }
}

impl PgStore {
    fn err(&self, error: postgres::Error) -> MemoryError {
        pg_error(&self.shown, &error)
    }

    /// The error for an operation this backend does not offer.
    pub(super) fn not_here(&self, what: &str) -> MemoryError {
        MemoryError::NotOnPostgres {
            location: self.shown.clone(),
            what: what.to_string(),
        }
    }

    /// The statement for `sql`, prepared once per connection.
    fn statement(&self, client: &mut Client, sql: &'static str) -> Result<Statement> {
        if let Some(statement) = self.statements.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let statement = client.prepare(sql).map_err(|e| self.err(e))?;
        self.statements.borrow_mut().insert(sql, statement.clone());
        Ok(statement)
    }

    /// Changes whenever a write commits (the fuzzy index cache's stamp).
    pub(super) fn change_stamp(&self) -> Result<(u64, i64)> {
        let mut client = self.client.borrow_mut();
        let stmt = self.statement(
            &mut client,
            "SELECT generation FROM tmkit_memory WHERE id = $1",
        )?;
        let row = client
            .query_opt(&stmt, &[&self.memory_id])
            .map_err(|e| self.err(e))?;
        match row {
            Some(row) => Ok((0, row.get(0))),
            None => Err(MemoryError::Missing(PathBuf::from(&self.shown))),
        }
    }

    /// Deletes the memory when it holds no unit and no imported file (the
    /// first import into a new URL failed).
    pub(super) fn remove_if_empty(&self) -> Result<bool> {
        let mut client = self.client.borrow_mut();
        let removed = client
            .execute(
                "DELETE FROM tmkit_memory m WHERE m.id = $1
                   AND NOT EXISTS (SELECT 1 FROM tmkit_unit WHERE memory_id = m.id)
                   AND NOT EXISTS (SELECT 1 FROM tmkit_source_file WHERE memory_id = m.id)",
                &[&self.memory_id],
            )
            .map_err(|e| self.err(e))?;
        if removed > 0 {
            client
                .execute(
                    "DELETE FROM tmkit_text_dict WHERE memory_id = $1",
                    &[&self.memory_id],
                )
                .map_err(|e| self.err(e))?;
        }
        Ok(removed > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_a_memory() {
        let parsed = parse_url("postgres://tm@db.example:5433/newsroom?memory=news").unwrap();
        assert_eq!(parsed.name, "news");
        assert_eq!(parsed.url, "postgres://tm@db.example:5433/newsroom");
        assert_eq!(parsed.config.get_dbname(), Some("newsroom"));
        assert_eq!(parsed.config.get_ports(), &[5433]);
        let plain = parse_url("postgresql://tm@localhost/db").unwrap();
        assert_eq!(plain.name, DEFAULT_NAME);
        let socket = parse_url("postgres://tm@localhost/db?host=/tmp/pg&memory=a").unwrap();
        assert_eq!(socket.url, "postgres://tm@localhost/db?host=/tmp/pg");
    }

    #[test]
    fn passwords_in_urls_are_refused() {
        for url in [
            "postgres://tm:secret@localhost/db?memory=news",
            "postgres://tm@localhost/db?password=secret",
        ] {
            let error = parse_url(url).err().expect("refused").to_string();
            assert!(error.contains("PGPASSWORD"), "{error}");
            assert!(!error.contains("secret"), "{error}");
        }
    }

    #[test]
    fn locations_tell_files_from_urls() {
        assert_eq!(
            MemoryLocation::parse(Path::new("news.tmdb")).unwrap(),
            MemoryLocation::File(PathBuf::from("news.tmdb"))
        );
        assert_eq!(
            MemoryLocation::parse(Path::new("postgres://tm@h/db?memory=x")).unwrap(),
            MemoryLocation::Postgres {
                url: "postgres://tm@h/db".into(),
                memory_name: "x".into()
            }
        );
    }

    #[test]
    fn pgpass_lines_split_on_unescaped_colons() {
        assert_eq!(
            split_pgpass(r"host:5432:db:user:pa\:ss"),
            vec!["host", "5432", "db", "user", "pa:ss"]
        );
    }
}
