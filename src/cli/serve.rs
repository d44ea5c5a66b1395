//! `tmkit serve`: reads the flags and hands them to the server front end
//! (`src/server/`), with standard error as its log.

use super::output::CliError;
use crate::server::{self, Config, MemoryFile, Tokens};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Arguments of `tmkit serve`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Endpoints: POST /match /lookup /concordance /check /segment /pretranslate /units; GET /stats /health.\n\
Responses are the documents `tmkit … --format json` prints. One JSON line per request goes to standard error.\n\
Plain HTTP only: put a reverse proxy (nginx, Caddy) in front for TLS. Stop with Ctrl-C or SIGTERM (requests in flight finish)."
)]
pub struct ServeArgs {
    /// A memory file (.tmdb); repeat for several. Requests use all of them
    /// unless they name one ("memory": path, file name or stem); POST /units
    /// stores into the first unless the request names another.
    #[arg(long = "memory", short = 'm', required = true)]
    memories: Vec<PathBuf>,
    /// Address and port to listen on (port 0: any free port; the log's first line says which).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Bearer tokens, one per line (read and write); a line `read-only TOKEN` grants reads only.
    /// Without it every client that reaches the port may read and write.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// A glossary (TBX, TSV, CSV) for POST /check and /pretranslate; repeat for several.
    #[arg(long = "glossary", short = 'g')]
    glossaries: Vec<PathBuf>,
    /// Largest request body in bytes (larger requests get 413).
    #[arg(long, default_value_t = 10 * 1024 * 1024, value_name = "BYTES")]
    max_body: usize,
    /// Longest a request may take, in seconds (longer ones get 503).
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    timeout: f64,
    /// Threads that read the memories, each with its own handle on every memory
    /// (default: the number of CPUs).
    #[arg(long, value_name = "N")]
    readers: Option<usize>,
    /// Load the fuzzy index of these source languages (comma-separated: en,ru)
    /// on every reader before listening; otherwise each reader loads it on its
    /// first match (seconds at 1M units, while other requests wait).
    #[arg(long, value_name = "LANGS", value_delimiter = ',')]
    warm: Vec<String>,
}

/// Runs `tmkit serve` until SIGTERM or Ctrl-C.
pub fn run(args: ServeArgs) -> Result<ExitCode, CliError> {
    for path in &args.glossaries {
        if !path.is_file() {
            return Err(CliError::input(format!(
                "{}: no such glossary file",
                path.display()
            )));
        }
    }
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        return Err(CliError::input(
            "--timeout: give a number of seconds above 0",
        ));
    }
    let tokens = match &args.token_file {
        Some(path) => Some(Tokens::read(path).map_err(CliError::input)?),
        None => None,
    };
    let readers = args.readers.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    });
    let config = Config {
        memories: args
            .memories
            .iter()
            .map(|path| MemoryFile {
                name: path.display().to_string(),
                path: path.clone(),
            })
            .collect(),
        listen: args.listen,
        tokens,
        glossaries: args.glossaries,
        max_body: args.max_body,
        timeout: Duration::from_secs_f64(args.timeout),
        readers: readers.max(1),
        warm: args
            .warm
            .iter()
            .map(|lang| {
                tmkit::lang::check_well_formed(lang)
                    .map(|()| tmkit::lang::LangTag::parse(lang))
                    .map_err(|why| CliError::input(format!("--warm {lang:?}: {why}")))
            })
            .collect::<Result<_, _>>()?,
    };
    server::run(config, Box::new(std::io::stderr())).map_err(CliError::input)?;
    Ok(ExitCode::SUCCESS)
}
