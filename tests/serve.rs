//! `tmkit serve` end to end: the real binary on a free port, a real HTTP
//! client (ureq), every endpoint, authentication, bad requests, concurrent
//! reads and writes, and the CLI's `--format json` documents compared with the
//! server's answers for the same inputs.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_tmkit");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const RW_TOKEN: &str = "rw-token-2b7f0c1e9a4d";
const RO_TOKEN: &str = "ro-token-8c3e5a7d1f0b";

/// A running `tmkit serve`; stopped with SIGTERM when dropped.
struct Server {
    child: Child,
    url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .arg("serve")
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start tmkit serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if line.contains("\"listening\"") {
                    let _ = tx.send(line.clone());
                }
                lines.lock().unwrap().push(line);
            }
        });
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no listening line; log: {:?}", log.lock().unwrap()));
        let event: Value = serde_json::from_str(&line).unwrap();
        Server {
            child,
            url: event["url"].as_str().unwrap().to_string(),
            log,
        }
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into()
    }

    fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&[u8]>,
    ) -> (u16, Value) {
        let agent = Server::agent();
        let url = format!("{}{path}", self.url);
        let auth = token.map(|t| format!("Bearer {t}"));
        let response = match method {
            "GET" => {
                let mut request = agent.get(&url);
                if let Some(auth) = &auth {
                    request = request.header("Authorization", auth);
                }
                request.call()
            }
            _ => {
                let mut request = agent.post(&url).header("Content-Type", "application/json");
                if let Some(auth) = &auth {
                    request = request.header("Authorization", auth);
                }
                request.send(body.unwrap_or_default())
            }
        };
        let mut response = response.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap();
        let value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{method} {path} → {status}: not JSON ({e}): {text}"));
        (status, value)
    }

    fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send("POST", path, None, Some(body.to_string().as_bytes()))
    }

    fn get(&self, path: &str) -> (u16, Value) {
        self.send("GET", path, None, None)
    }

    fn log_lines(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// SIGTERM, then the exit status and the log.
    fn stop(mut self) -> (std::process::ExitStatus, Vec<String>) {
        let status = self.terminate();
        (status, self.log_lines())
    }

    fn terminate(&mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the log reader take the last lines.
                std::thread::sleep(Duration::from_millis(100));
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("tmkit serve did not stop within 30 s of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A memory made from the repository's sample TMX (en, ru, uk), in `dir`.
fn news_memory(dir: &Path) -> PathBuf {
    let memory = dir.join("news.tmdb");
    let status = Command::new(BIN)
        .args(["memory", "import"])
        .arg(&memory)
        .arg(Path::new(ROOT).join("memories/news-en-ru-uk.tmx"))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    memory
}

/// `tmkit ARGS` must succeed or report findings (exit 1); its JSON output.
fn cli_json(args: &[&str]) -> Value {
    let output = Command::new(BIN).args(args).output().unwrap();
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "tmkit {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("tmkit {args:?}: not JSON ({e})"))
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

const SEGMENTS: [&str; 4] = [
    "The ceasefire has held for 14 days.",
    "The next meeting will be held in November.",
    "Boris Litvinov informed the guests about the situation.",
    "Nothing in the memory looks like this sentence at all.",
];

#[test]
fn every_endpoint_answers_with_the_cli_json_document() {
    let dir = tempfile::tempdir().unwrap();
    let memory = news_memory(dir.path());
    let glossary = Path::new(ROOT).join("glossaries/donbas-names.tbx");
    let server = Server::start(&["--memory", s(&memory), "--glossary", s(&glossary)]);

    // POST /match with a list ↔ tmkit match --file (neighbours are context).
    let list = dir.path().join("segments.txt");
    std::fs::write(&list, SEGMENTS.join("\n") + "\n").unwrap();
    let cli = cli_json(&[
        "match",
        "--file",
        s(&list),
        "--memory",
        s(&memory),
        "--lang",
        "en:ru",
        "--min",
        "50",
        "--format",
        "json",
    ]);
    let (status, answer) = server.post(
        "/match",
        &json!({"segments": SEGMENTS, "lang": "en:ru", "min": 50}),
    );
    assert_eq!(status, 200);
    assert_eq!(answer, cli);
    assert!(
        answer["queries"][0]["suggestions"][0]["score"]
            .as_u64()
            .unwrap()
            >= 80,
        "{answer}"
    );
    assert_eq!(answer["queries"][3]["suggestions"], json!([]));

    // A single "query" ↔ tmkit match TEXT.
    let cli = cli_json(&[
        "match",
        SEGMENTS[1],
        "--memory",
        s(&memory),
        "--lang",
        "en:ru",
        "--max",
        "2",
        "--format",
        "json",
    ]);
    let (status, answer) = server.post(
        "/match",
        &json!({"query": SEGMENTS[1], "lang": "en:ru", "max": 2}),
    );
    assert_eq!((status, &answer), (200, &cli));
    assert_eq!(answer["queries"][0]["suggestions"][0]["score"], 100);

    // POST /lookup ↔ tmkit memory lookup.
    let text = "The next meeting will be held in November.";
    let cli = cli_json(&[
        "memory",
        "lookup",
        s(&memory),
        text,
        "--lang",
        "en:uk",
        "--format",
        "json",
    ]);
    let (status, answer) = server.post("/lookup", &json!({"query": text, "lang": "en:uk"}));
    assert_eq!((status, &answer), (200, &cli));
    assert_eq!(answer["hits"].as_array().unwrap().len(), 1);

    // POST /concordance ↔ tmkit concordance, on the target side.
    let cli = cli_json(&[
        "concordance",
        "прекращени*",
        "--memory",
        s(&memory),
        "--lang",
        "en:ru",
        "--side",
        "target",
        "--format",
        "json",
    ]);
    let (status, answer) = server.post(
        "/concordance",
        &json!({"phrase": "прекращени*", "lang": "en:ru", "side": "target"}),
    );
    assert_eq!((status, &answer), (200, &cli));
    assert!(!answer["hits"].as_array().unwrap().is_empty(), "{answer}");

    // GET /stats ↔ tmkit memory stats.
    let cli = cli_json(&["memory", "stats", s(&memory), "--format", "json"]);
    let (status, answer) = server.get("/stats?memory=news");
    assert_eq!((status, &answer), (200, &cli));

    // POST /segment ↔ tmkit segment.
    let article = "Dr. Smith arrived at 10 a.m. in Kyiv. Talks began at once.\n\nA second paragraph follows here.";
    let file = dir.path().join("article.txt");
    std::fs::write(&file, article).unwrap();
    let cli = cli_json(&["segment", s(&file), "--lang", "en", "--format", "json"]);
    let (status, answer) = server.post("/segment", &json!({"text": article, "lang": "en"}));
    assert_eq!((status, &answer), (200, &cli));
    assert_eq!(answer.as_array().unwrap().len(), 3, "{answer}");
    // A leading byte-order mark is dropped, as the CLI drops it from a file.
    let marked = format!("\u{feff}{article}");
    std::fs::write(&file, &marked).unwrap();
    let cli = cli_json(&["segment", s(&file), "--lang", "en", "--format", "json"]);
    let (_, answer) = server.post("/segment", &json!({"text": marked, "lang": "en"}));
    assert_eq!(answer, cli);

    // POST /check, glossary mode ↔ tmkit check FILE -g GLOSSARY.
    let report =
        std::fs::read_to_string(Path::new(ROOT).join("tests/fixtures/names-report-en.txt"))
            .unwrap();
    let report_file = dir.path().join("report.txt");
    std::fs::write(&report_file, &report).unwrap();
    let cli = cli_json(&[
        "check",
        s(&report_file),
        "-g",
        s(&glossary),
        "--lang",
        "en",
        "--format",
        "json",
    ]);
    let (status, answer) = server.post(
        "/check",
        &json!({"text": report, "lang": "en", "name": s(&report_file)}),
    );
    assert_eq!((status, &answer), (200, &cli));
    assert_eq!(answer["mode"], "glossary");
    // Document mode (no glossaries) ↔ tmkit check FILE.
    let cli = cli_json(&["check", s(&report_file), "--format", "json"]);
    let (_, answer) = server.post(
        "/check",
        &json!({"text": report, "name": s(&report_file), "glossaries": []}),
    );
    assert_eq!(answer, cli);
    assert_eq!(answer["mode"], "document");
    // Bilingual mode ↔ tmkit check TARGET --source SOURCE.
    let source = Path::new(ROOT).join("tests/fixtures/bilingual-ru.txt");
    let target = Path::new(ROOT).join("tests/fixtures/bilingual-en.txt");
    let cli = cli_json(&[
        "check",
        s(&target),
        "--source",
        s(&source),
        "-g",
        s(&glossary),
        "--lang",
        "ru:en",
        "--format",
        "json",
    ]);
    let (_, answer) = server.post(
        "/check",
        &json!({
            "text": std::fs::read_to_string(&target).unwrap(),
            "source": std::fs::read_to_string(&source).unwrap(),
            "name": s(&target), "source_name": s(&source), "lang": "ru:en",
        }),
    );
    assert_eq!(answer, cli);
    assert_eq!(answer["mode"], "bilingual");

    // POST /pretranslate ↔ tmkit pretranslate: the same summary, and the
    // XLIFF the CLI writes to a file comes back in "xliff".
    let doc = dir.path().join("doc.txt");
    std::fs::write(
        &doc,
        format!("{}\n\n{} {}\n", SEGMENTS[0], SEGMENTS[1], SEGMENTS[2]),
    )
    .unwrap();
    let out = dir.path().join("doc.xlf");
    let cli = cli_json(&[
        "pretranslate",
        s(&doc),
        "--memory",
        s(&memory),
        "--lang",
        "en:ru",
        "-o",
        s(&out),
        "-g",
        s(&glossary),
        "--format",
        "json",
    ]);
    let (status, answer) = server.post(
        "/pretranslate",
        &json!({"text": std::fs::read_to_string(&doc).unwrap(), "lang": "en:ru", "name": s(&doc)}),
    );
    assert_eq!(status, 200);
    assert_eq!(answer["summary"], cli["summary"]);
    assert_eq!(answer["version"], cli["version"]);
    assert_eq!(
        answer["xliff"].as_str().unwrap(),
        std::fs::read_to_string(&out).unwrap()
    );
    assert_eq!(answer["output"], "-");
    assert!(
        answer["summary"]["filled"].as_u64().unwrap() >= 1,
        "{answer}"
    );

    // POST /units stores at once; the next lookup and match see the unit.
    let (status, health) = server.get("/health");
    assert_eq!(status, 200);
    let before = health["memories"][0]["units"].as_u64().unwrap();
    let unit = json!({"lang": "en:ru", "source": "The desk confirmed this sentence today.", "target": "Редакция подтвердила это предложение сегодня.", "user": "anna"});
    let (status, stored) = server.post("/units", &unit);
    assert_eq!(status, 201, "{stored}");
    assert_eq!(stored["units"], before + 1);
    let (_, found) = server.post(
        "/lookup",
        &json!({"query": "the desk confirmed this sentence today.", "lang": "en:ru"}),
    );
    assert_eq!(found["hits"][0]["target"], unit["target"]);
    assert_eq!(found["hits"][0]["unit_id"], stored["unit_id"]);
    let (_, matched) = server.post(
        "/match",
        &json!({"query": "The desk confirmed this sentence yesterday.", "lang": "en:ru"}),
    );
    assert_eq!(
        matched["queries"][0]["suggestions"][0]["target"],
        unit["target"]
    );
    // The CLI sees it too: the server wrote the memory file.
    let cli = cli_json(&[
        "memory",
        "lookup",
        s(&memory),
        "The desk confirmed this sentence today.",
        "--lang",
        "en:ru",
        "--format",
        "json",
    ]);
    assert_eq!(cli["hits"][0]["unit_id"], stored["unit_id"]);

    // Stopping: SIGTERM ends the server with success and a last log line.
    let (status, log) = server.stop();
    assert!(status.success(), "{status:?}");
    assert!(log.last().unwrap().contains("\"stopped\""), "{log:?}");
    // One access-log line per request, with every field.
    let requests: Vec<Value> = log
        .iter()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v.get("method").is_some())
        .collect();
    assert_eq!(requests.len(), 15, "{log:?}");
    let line = requests.iter().find(|v| v["path"] == "/units").unwrap();
    assert_eq!(line["status"], 201);
    assert_eq!(line["method"], "POST");
    assert!(
        line["ms"].is_number() && line["bytes"].as_u64().unwrap() > 0 && line["time"].is_string()
    );
}

fn token_file(dir: &Path) -> PathBuf {
    let path = dir.join("tokens.txt");
    std::fs::write(
        &path,
        format!("# the desk\n{RW_TOKEN}\nread-only {RO_TOKEN}\n"),
    )
    .unwrap();
    path
}

#[test]
fn tokens_guard_reads_and_writes() {
    let dir = tempfile::tempdir().unwrap();
    let memory = news_memory(dir.path());
    let tokens = token_file(dir.path());
    let server = Server::start(&["--memory", s(&memory), "--token-file", s(&tokens)]);
    let query =
        json!({"query": "The ceasefire has held for 12 days.", "lang": "en:ru"}).to_string();
    let unit =
        json!({"lang": "en:ru", "source": "A new sentence.", "target": "Новое предложение."})
            .to_string();

    let (status, body) = server.send("POST", "/match", None, Some(query.as_bytes()));
    assert_eq!(status, 401);
    assert!(body["error"].as_str().unwrap().contains("Bearer"));
    assert_eq!(
        server
            .send(
                "POST",
                "/match",
                Some("rw-token-2b7f0c1e9a4X"),
                Some(query.as_bytes())
            )
            .0,
        401
    );
    assert_eq!(server.send("GET", "/stats", None, None).0, 401);
    assert_eq!(
        server
            .send("POST", "/match", Some(RO_TOKEN), Some(query.as_bytes()))
            .0,
        200
    );
    assert_eq!(server.send("GET", "/stats", Some(RO_TOKEN), None).0, 200);
    let (status, body) = server.send("POST", "/units", Some(RO_TOKEN), Some(unit.as_bytes()));
    assert_eq!(status, 403);
    assert!(body["error"].as_str().unwrap().contains("read-only"));
    assert_eq!(
        server.send("POST", "/units", None, Some(unit.as_bytes())).0,
        401
    );
    assert_eq!(
        server
            .send("POST", "/units", Some(RW_TOKEN), Some(unit.as_bytes()))
            .0,
        201
    );
    assert_eq!(
        server
            .send("POST", "/match", Some(RW_TOKEN), Some(query.as_bytes()))
            .0,
        200
    );
    // A load balancer's health check needs no token.
    assert_eq!(server.get("/health").0, 200);
}

#[test]
fn bad_token_files_are_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let memory = news_memory(dir.path());
    let tokens = dir.path().join("tokens.txt");
    std::fs::write(&tokens, format!("{RW_TOKEN}\nread-write too many words\n")).unwrap();
    let output = Command::new(BIN)
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--memory",
            s(&memory),
            "--token-file",
            s(&tokens),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("tokens.txt:2:"), "{stderr}");
    // A missing memory: exit 2 with the file named, before listening.
    let output = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--memory"])
        .arg(dir.path().join("missing.tmdb"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing.tmdb"));
}

#[test]
fn bad_requests_get_json_errors_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let memory = news_memory(dir.path());
    let server = Server::start(&["--memory", s(&memory), "--max-body", "65536"]);
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "/match",
            b"{\"query\": \"Talks\", ".to_vec(),
            400,
            "malformed",
        ),
        ("/match", b"[1, 2]".to_vec(), 400, "malformed"),
        (
            "/match",
            b"{\"query\": \"Talks.\", \"lang\": \"en:ru\", \"mni\": 90}".to_vec(),
            400,
            "unknown field",
        ),
        ("/match", b"{\"query\": \"Talks.\"}".to_vec(), 400, "lang"),
        (
            "/match",
            b"{\"query\": \"Talks.\", \"lang\": \"english\"}".to_vec(),
            400,
            "lang",
        ),
        (
            "/match",
            b"{\"query\": \"...\", \"lang\": \"en:ru\"}".to_vec(),
            400,
            "no words",
        ),
        (
            "/match",
            b"{\"query\": \"Talks.\", \"lang\": \"en:ru\", \"min\": 0}".to_vec(),
            400,
            "1 to 101",
        ),
        (
            "/match",
            b"{\"query\": \"Talks.\", \"lang\": \"de:fr\"}".to_vec(),
            400,
            "de:fr",
        ),
        (
            "/match",
            b"{\"query\": \"Talks.\", \"lang\": \"en:ru\", \"memory\": \"other\"}".to_vec(),
            404,
            "no memory \"other\"",
        ),
        (
            "/units",
            b"{\"lang\": \"en:ru\", \"source\": \" \", \"target\": \"x\"}".to_vec(),
            400,
            "source",
        ),
        ("/segment", b"{\"text\": \"12 34\"}".to_vec(), 400, "lang"),
        (
            "/check",
            b"{\"text\": \"x\", \"glossaries\": [\"none\"]}".to_vec(),
            404,
            "glossary",
        ),
        (
            "/pretranslate",
            b"{\"text\": \"Hello.\", \"lang\": \"en:ru\", \"format\": \"docx\"}".to_vec(),
            400,
            "format",
        ),
        ("/nowhere", b"{}".to_vec(), 404, "endpoint"),
        ("/match", vec![b' '; 70_000], 413, "--max-body"),
    ];
    for (path, body, want, words) in &cases {
        let (status, answer) = server.send("POST", path, None, Some(body));
        assert_eq!(
            status,
            *want,
            "{path} {}: {answer}",
            String::from_utf8_lossy(&body[..body.len().min(80)])
        );
        let message = answer["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{answer}"));
        assert!(message.contains(words), "{path}: {message}");
        assert_eq!(server.get("/health").0, 200, "after {path}");
    }
    assert_eq!(server.get("/match").0, 405);

    // 100 MB announced: refused with 413 without reading it all.
    let address = server.url.trim_start_matches("http://").to_string();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(stream, "POST /match HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n").unwrap();
    let chunk = vec![b' '; 1 << 16];
    for _ in 0..4 {
        if stream.write_all(&chunk).is_err() {
            break;
        }
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 413");
    drop(stream);
    assert_eq!(server.get("/health").0, 200);

    // The access log has one line per request, with its status.
    std::thread::sleep(Duration::from_millis(200));
    let log = server.log_lines();
    let statuses: Vec<u64> = log
        .iter()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["status"].as_u64())
        .collect();
    assert_eq!(statuses.iter().filter(|&&s| s == 413).count(), 2, "{log:?}");
    assert!(statuses.iter().filter(|&&s| s == 400).count() >= 10);
}

#[test]
fn a_request_over_the_time_limit_gets_503() {
    let dir = tempfile::tempdir().unwrap();
    let memory = news_memory(dir.path());
    let server = Server::start(&["--memory", s(&memory), "--timeout", "0.001"]);
    // Thousands of distinct sentences (each its own fuzzy search), so the
    // work cannot finish inside the 1 ms limit however idle the machine: the
    // same few sentences repeated were answered in time on a quiet machine.
    let text: Vec<String> = (0..3000)
        .map(|i| {
            format!(
                "{} Talks resumed on day {i} in district {}.",
                SEGMENTS[i % SEGMENTS.len()],
                i * 7
            )
        })
        .collect();
    let text = text.join(" ");
    let (status, answer) = server.post("/pretranslate", &json!({"text": text, "lang": "en:ru"}));
    assert_eq!(status, 503, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("--timeout"));
    // The server keeps serving. The abandoned work may still hold a reader
    // for a moment, and /health has the same 1 ms limit, so ask until it
    // answers (a server that stopped serving never would).
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let mut health = server.get("/health").0;
    while health != 200 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        health = server.get("/health").0;
    }
    assert_eq!(health, 200);
}

#[test]
fn concurrent_matches_while_units_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let memory = news_memory(dir.path());
    let server = Arc::new(Server::start(&[
        "--memory",
        s(&memory),
        "--readers",
        "3",
        "--warm",
        "en,ru",
    ]));
    let before = server.get("/health").1["memories"][0]["units"]
        .as_u64()
        .unwrap();
    const WRITES: u64 = 30;
    let writer = {
        let server = Arc::clone(&server);
        std::thread::spawn(move || {
            for i in 0..WRITES {
                let (status, answer) = server.post(
                    "/units",
                    &json!({"lang": "en:ru", "source": format!("Report number {i} was filed by the desk."), "target": format!("Отчёт номер {i} подан редакцией.")}),
                );
                assert_eq!(status, 201, "{answer}");
            }
        })
    };
    let readers: Vec<_> = (0..6)
        .map(|t| {
            let server = Arc::clone(&server);
            std::thread::spawn(move || {
                let mut answered = 0;
                for i in 0..15 {
                    let query = SEGMENTS[(t + i) % SEGMENTS.len()];
                    let (status, answer) =
                        server.post("/match", &json!({"query": query, "lang": "en:ru"}));
                    assert_eq!(status, 200, "{answer}");
                    assert_eq!(answer["queries"][0]["query"], query);
                    answered += 1;
                }
                answered
            })
        })
        .collect();
    writer.join().unwrap();
    let answered: usize = readers.into_iter().map(|r| r.join().unwrap()).sum();
    assert_eq!(answered, 90);
    let after = server.get("/health").1["memories"][0]["units"]
        .as_u64()
        .unwrap();
    assert_eq!(after, before + WRITES);
    for i in [0, WRITES / 2, WRITES - 1] {
        let (_, found) = server.post(
            "/lookup",
            &json!({"query": format!("Report number {i} was filed by the desk."), "lang": "en:ru"}),
        );
        assert_eq!(
            found["hits"][0]["target"],
            format!("Отчёт номер {i} подан редакцией.")
        );
    }
    let (_, matched) = server.post(
        "/match",
        &json!({"query": "Report number 7 was filed by the desk today.", "lang": "en:ru"}),
    );
    assert!(
        matched["queries"][0]["suggestions"][0]["score"]
            .as_u64()
            .unwrap()
            >= 80,
        "{matched}"
    );
}
