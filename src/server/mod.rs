//! `tmkit serve`: an HTTP/JSON front end over the library, beside the CLI.
//!
//! Endpoints (README.md documents each with an example):
//! `POST /match`, `/lookup`, `/concordance`, `/check`, `/segment`,
//! `/pretranslate`, `/units`; `GET /stats`, `/health`. Responses are the
//! documents `tmkit … --format json` prints, built by
//! [`tmkit::workflow::report`]; errors are `{"error": "…"}` with a 4xx/5xx
//! status.
//!
//! Built on tokio and axum; memory work runs on the threads of [`pool`],
//! CPU work without a memory (segmenting, checking) on tokio's blocking
//! threads, so the async workers only move bytes. TLS is left to a reverse
//! proxy. The server never prints: its access log (one JSON line per
//! request) and its start and stop lines go to the writer it is given.

mod auth;
mod pool;
mod routes;

use axum::Router;
use axum::body::HttpBody;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use auth::Access;
pub use auth::Tokens;
pub use pool::MemoryFile;
use pool::Pool;

/// How to run the server (the flags of `tmkit serve`).
pub struct Config {
    /// The memories, in command-line order (the first takes `POST /units`
    /// unless a request names another).
    pub memories: Vec<MemoryFile>,
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Accepted bearer tokens; `None` serves everyone.
    pub tokens: Option<Tokens>,
    /// Glossaries `POST /check` and `/pretranslate` may use.
    pub glossaries: Vec<PathBuf>,
    /// Largest request body accepted, in bytes (larger: 413).
    pub max_body: usize,
    /// Longest a request may take (longer: 503).
    pub timeout: Duration,
    /// Reader threads, each with its own handle on every memory.
    pub readers: usize,
    /// Languages whose fuzzy index every reader loads before the server listens.
    pub warm: Vec<tmkit::lang::LangTag>,
}

/// Where the server writes its log lines.
pub type LogWriter = Box<dyn Write + Send>;

type GlossaryCache = std::collections::HashMap<(Vec<PathBuf>, String, String), routes::Loaded>;

/// What every handler shares.
pub(crate) struct AppState {
    pub(crate) pool: Pool,
    pub(crate) glossaries: Vec<PathBuf>,
    /// Glossaries read so far, per set of files and language pair.
    pub(crate) glossary_cache: Mutex<GlossaryCache>,
    tokens: Option<Tokens>,
    log: Mutex<LogWriter>,
    timeout: Duration,
}

impl AppState {
    fn log(&self, line: serde_json::Value) {
        if let Ok(mut log) = self.log.lock() {
            // A log that cannot be written must not take requests down.
            let _ = writeln!(log, "{line}");
            let _ = log.flush();
        }
    }
}

/// Runs the server until SIGTERM or Ctrl-C; requests in flight are finished
/// first. Errors (a memory that cannot be opened, an address in use) are
/// messages for the user.
pub fn run(config: Config, log: LogWriter) -> Result<(), String> {
    let pool = Pool::start(config.memories.clone(), config.readers, &config.warm)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("tmkit-serve")
        .build()
        .map_err(|e| format!("cannot start the server's threads: {e}"))?;
    let state = Arc::new(AppState {
        pool,
        glossaries: config.glossaries.clone(),
        glossary_cache: Mutex::new(GlossaryCache::new()),
        tokens: config.tokens,
        log: Mutex::new(log),
        timeout: config.timeout,
    });
    runtime.block_on(serve(state, config.listen, config.max_body))
}

async fn serve(state: Arc<AppState>, listen: SocketAddr, max_body: usize) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    state.log(json!({
        "time": now(),
        "event": "listening",
        "url": format!("http://{address}"),
        "memories": state.pool.files().iter().map(|f| &f.name).collect::<Vec<_>>(),
        "auth": state.tokens.is_some(),
    }));
    if state.tokens.is_none() && !address.ip().is_loopback() {
        state.log(json!({
            "time": now(),
            "event": "warning",
            "message": "listening beyond this machine without --token-file: anyone who reaches the port can read and change the memories",
        }));
    }
    let app = router(Arc::clone(&state), max_body);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("the server stopped: {e}"))?;
    state.log(json!({ "time": now(), "event": "stopped" }));
    Ok(())
}

fn router(state: Arc<AppState>, max_body: usize) -> Router {
    routes::routes()
        .layer(middleware::from_fn_with_state(Arc::clone(&state), guard))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            access_log,
        ))
        .with_state(state)
}

/// Resolves on SIGTERM or Ctrl-C (SIGINT).
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
}

/// The time now, RFC 3339 in UTC with milliseconds.
fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// An error response: `{"error": message}` with `status`.
pub(crate) fn error(status: StatusCode, message: impl std::fmt::Display) -> Response {
    (status, axum::Json(json!({ "error": message.to_string() }))).into_response()
}

/// True for requests that change a memory.
fn is_write(method: &Method, path: &str) -> bool {
    method == Method::POST && path == "/units"
}

/// Authentication, then the time limit.
async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if let Some(tokens) = &state.tokens
        && path != "/health"
    {
        let header = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        match tokens.access(header) {
            None => {
                let mut response = error(
                    StatusCode::UNAUTHORIZED,
                    "a valid token is required: send `Authorization: Bearer TOKEN` with a token from the server's --token-file",
                );
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    header::HeaderValue::from_static("Bearer"),
                );
                return response;
            }
            Some(Access::ReadOnly) if is_write(request.method(), path) => {
                return error(
                    StatusCode::FORBIDDEN,
                    "this token is read-only; storing units needs a read-write token",
                );
            }
            Some(_) => {}
        }
    }
    match tokio::time::timeout(state.timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the request took longer than the server's limit of {} s (--timeout); send fewer segments per request",
                state.timeout.as_secs_f64()
            ),
        ),
    }
}

/// One JSON line per request: time, method, path, status, ms, bytes (of the
/// response body).
async fn access_log(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let time = now();
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let bytes = response.body().size_hint().exact();
    state.log(json!({
        "time": time,
        "method": method,
        "path": path,
        "status": response.status().as_u16(),
        "ms": (started.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0,
        "bytes": bytes,
    }));
    response
}
