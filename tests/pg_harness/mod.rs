//! The throwaway PostgreSQL server and the generated data of
//! `tests/memory_postgres.rs`.

use serde_json::Value;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_tmkit");
pub const PASSWORD: &str = "s3cret-for-tests";

/// A PostgreSQL server in a temp directory; stopped when dropped.
pub struct PgServer {
    bin: PathBuf,
    dir: tempfile::TempDir,
    pub port: u16,
    /// Prefix for running the server's programs as the `postgres` user
    /// (initdb refuses root).
    as_user: Vec<String>,
}

pub fn find_bin() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin"))
        .filter(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
        .collect();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop()
}

pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl PgServer {
    /// Starts a server, or `None` (with the reason printed) when PostgreSQL
    /// is not installed; under CI=true that panics instead.
    pub fn start() -> Option<PgServer> {
        let Some(bin) = find_bin() else {
            let reason = "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)";
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("{reason}; .ci/run installs it");
            }
            eprintln!("skipped: {reason}");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let as_user = if is_root() {
            let status = Command::new("chown")
                .args(["-R", "postgres:"])
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(status.success(), "chown the temp dir to postgres");
            vec![
                "runuser".into(),
                "-u".into(),
                "postgres".into(),
                "--".into(),
            ]
        } else {
            Vec::new()
        };
        let server = PgServer {
            bin,
            port: free_port(),
            dir,
            as_user,
        };
        let data = server.data();
        server.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
            ],
        );
        // The superuser comes in through the socket; the test role needs
        // its password (so a wrong one is refused).
        std::fs::write(
            Path::new(&data).join("pg_hba.conf"),
            "local all postgres trust\nlocal all all scram-sha-256\n\
             host all all 127.0.0.1/32 scram-sha-256\n",
        )
        .unwrap();
        server.pg_ctl_start();
        server.psql(&format!("CREATE ROLE tm LOGIN PASSWORD '{PASSWORD}'"));
        server.psql("CREATE DATABASE tmkit OWNER tm");
        Some(server)
    }

    pub fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    pub fn run(&self, program: &str, args: &[&str]) -> Output {
        let path = self.bin.join(program);
        let mut command = match self.as_user.split_first() {
            Some((first, rest)) => {
                let mut c = Command::new(first);
                c.args(rest).arg(&path);
                c
            }
            None => Command::new(&path),
        };
        let output = command
            .args(args)
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{program} {args:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    pub fn pg_ctl_start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-o",
                &options,
                "-l",
                &log,
                "-w",
                "start",
            ],
        );
    }

    pub fn stop(&self, mode: &str) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", mode, "-w", "stop"]);
    }

    pub fn psql(&self, sql: &str) -> String {
        self.psql_in("postgres", sql)
    }

    pub fn psql_in(&self, database: &str, sql: &str) -> String {
        let socket = self.dir.path().display().to_string();
        let port = self.port.to_string();
        let out = self.run(
            "psql",
            &[
                "-h",
                &socket,
                "-p",
                &port,
                "-U",
                "postgres",
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-tA",
                "-c",
                sql,
            ],
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// The URL of memory `name` for role `tm`.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://tm@127.0.0.1:{}/tmkit?memory={name}", self.port)
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let path = self.bin.join("pg_ctl");
        let data = self.data();
        let mut command = match self.as_user.split_first() {
            Some((first, rest)) => {
                let mut c = Command::new(first);
                c.args(rest).arg(&path);
                c
            }
            None => Command::new(&path),
        };
        let _ = command
            .args(["-D", &data, "-m", "immediate", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// Runs tmkit with the test role's password in PGPASSWORD.
pub fn tmkit(args: &[&str]) -> Output {
    tmkit_with(args, PASSWORD)
}

pub fn tmkit_with(args: &[&str], password: &str) -> Output {
    Command::new(BIN)
        .args(args)
        .env("PGPASSWORD", password)
        .env_remove("PGPASSFILE")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

pub fn ok(args: &[&str]) -> String {
    let out = tmkit(args);
    assert!(
        out.status.success(),
        "tmkit {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Words for generated sentences (English side; the Russian side is made
/// from them so every unit is a distinct pair).
pub const WORDS: &[&str] = &[
    "the",
    "talks",
    "resumed",
    "in",
    "Kyiv",
    "after",
    "a",
    "long",
    "pause",
    "minister",
    "said",
    "that",
    "government",
    "will",
    "meet",
    "with",
    "delegation",
    "on",
    "Monday",
    "report",
    "shows",
    "prices",
    "rose",
    "by",
    "percent",
    "last",
    "year",
    "city",
    "council",
    "voted",
    "against",
    "plan",
    "new",
    "bridge",
    "opened",
    "river",
    "police",
    "arrested",
    "two",
    "men",
    "suspected",
    "of",
    "fraud",
    "weather",
    "turned",
    "cold",
    "schools",
    "closed",
    "early",
    "election",
    "results",
    "were",
    "announced",
    "late",
    "evening",
    "Mikhail",
    "Kukhtin",
];

/// A deterministic generator (xorshift), so the data is the same each run.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

pub fn sentence(rng: &mut Rng) -> Vec<&'static str> {
    let len = 4 + rng.below(9);
    (0..len).map(|_| WORDS[rng.below(WORDS.len())]).collect()
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// A TMX with `count` en–ru units (seeded), some with props, notes,
/// inline tags, numbers and exact duplicates; `prefix` makes the texts of
/// one file distinct from another's.
pub fn write_tmx(path: &Path, seed: u64, count: usize, prefix: &str) -> Vec<String> {
    let mut rng = Rng(seed | 1);
    let mut sources: Vec<String> = Vec::new();
    let mut body = String::new();
    for i in 0..count {
        let words = if i > 10 && rng.below(20) == 0 {
            // An exact duplicate of an earlier unit (merged on import).
            sources[rng.below(sources.len())]
                .split(' ')
                .map(|w: &str| w.to_string())
                .collect::<Vec<_>>()
        } else {
            let mut w: Vec<String> = sentence(&mut rng).iter().map(|s| s.to_string()).collect();
            if !prefix.is_empty() {
                w.insert(0, prefix.to_string());
            }
            if rng.below(5) == 0 {
                w.push(format!("{}", rng.below(1000)));
            }
            w
        };
        let en = words.join(" ");
        let ru: String = words
            .iter()
            .rev()
            .map(|w| format!("ру{}", w.to_lowercase()))
            .collect::<Vec<_>>()
            .join(" ");
        let day = 1 + (i % 28);
        let mut unit = format!(
            "<tu tuid=\"{prefix}{i}\" changedate=\"202103{day:02}T1{}0000Z\">",
            i % 10
        );
        if rng.below(10) == 0 {
            unit.push_str("<prop type=\"x-client\">Desk</prop><note>checked</note>");
        }
        let en_seg = if rng.below(15) == 0 {
            format!(
                "<bpt i=\"1\">&lt;b&gt;</bpt>{}<ept i=\"1\">&lt;/b&gt;</ept>",
                escape(&en)
            )
        } else {
            escape(&en)
        };
        unit.push_str(&format!(
            "<tuv xml:lang=\"en\"><seg>{en_seg}</seg></tuv><tuv xml:lang=\"ru\"><seg>{}</seg></tuv></tu>\n",
            escape(&ru)
        ));
        body.push_str(&unit);
        sources.push(en);
    }
    let tmx = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"test\" \
         creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"test\" adminlang=\"en\" srclang=\"en\" \
         datatype=\"plaintext\"/><body>\n{body}</body></tmx>\n"
    );
    std::fs::write(path, tmx).unwrap();
    sources
}

/// Queries: memory sentences with one word changed, dropped or added, some
/// copied as they are, some unrelated.
pub fn write_queries(path: &Path, sources: &[String], count: usize) {
    let mut rng = Rng(99);
    let mut lines = Vec::new();
    for i in 0..count {
        let base = &sources[rng.below(sources.len())];
        let mut words: Vec<String> = base.split(' ').map(str::to_string).collect();
        match i % 5 {
            0 => {}
            1 => {
                let at = rng.below(words.len());
                words[at] = WORDS[rng.below(WORDS.len())].to_string();
            }
            2 => {
                let at = rng.below(words.len());
                words.remove(at);
            }
            3 => words.push("today".into()),
            _ => words = vec!["completely".into(), "unrelated".into(), "words".into()],
        }
        lines.push(words.join(" "));
    }
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

/// A JSON document with every mention of a memory's name replaced.
pub fn without_name(text: &str, names: &[&str]) -> Value {
    let mut text = text.to_string();
    for name in names {
        text = text.replace(&serde_json::to_string(name).unwrap(), "\"MEMORY\"");
    }
    serde_json::from_str(&text).unwrap()
}
