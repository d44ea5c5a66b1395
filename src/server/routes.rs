//! The endpoints of `tmkit serve`. Request fields mirror the CLI's flags;
//! unknown fields are refused (a misspelt `"mni": 90` would otherwise be
//! silently ignored). Responses are [`tmkit::workflow::report`]'s documents.

use super::pool::{JobError, MemoryFile};
use super::{AppState, error};
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tmkit::check::{self, TextFile};
use tmkit::lang::{LangPair, LangTag};
use tmkit::memory::{Memory, MemoryError, MemorySource};
use tmkit::unit::{TranslationUnit, set_attr};
use tmkit::workflow::report::{self, CheckInput, MatchOptions};

type Shared = State<Arc<AppState>>;

/// A failed request: status and message (sent as `{"error": message}`).
pub(crate) struct ApiError(StatusCode, String);

impl ApiError {
    fn bad(message: impl std::fmt::Display) -> ApiError {
        ApiError(StatusCode::BAD_REQUEST, message.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        error(self.0, self.1)
    }
}

impl From<JobError> for ApiError {
    fn from(_: JobError) -> ApiError {
        ApiError(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the request failed inside tmkit (a bug: please report it with the request)".into(),
        )
    }
}

impl From<MemoryError> for ApiError {
    fn from(e: MemoryError) -> ApiError {
        let status = match &e {
            MemoryError::NoSuchPair { .. } | MemoryError::SegmentTooLarge { .. } => {
                StatusCode::BAD_REQUEST
            }
            MemoryError::ReadOnly(_) | MemoryError::NeedsMigration { .. } => StatusCode::CONFLICT,
            MemoryError::Locked(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError(status, e.to_string())
    }
}

type Answer = Result<Response, ApiError>;

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/match", post(match_segments))
        .route("/lookup", post(lookup))
        .route("/concordance", post(concordance))
        .route("/check", post(check_text))
        .route("/segment", post(segment))
        .route("/pretranslate", post(pretranslate))
        .route("/units", post(add_unit))
        .route("/stats", get(stats))
        .route("/health", get(health))
        .fallback(|| async {
            ApiError(
                StatusCode::NOT_FOUND,
                "no such endpoint; see README.md (tmkit serve) for the list".into(),
            )
        })
        .method_not_allowed_fallback(|| async {
            ApiError(
                StatusCode::METHOD_NOT_ALLOWED,
                "wrong method: queries and changes are POST with a JSON body, /stats and /health are GET".into(),
            )
        })
}

/// The request body as `T`: 413 past the size limit, 400 for anything that
/// is not the JSON object the endpoint expects.
fn parse<T: DeserializeOwned>(body: Result<Bytes, BytesRejection>) -> Result<T, ApiError> {
    let bytes = body.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError(
                status,
                "the request body is larger than the server's limit (tmkit serve --max-body); send fewer segments per request".into(),
            )
        } else {
            ApiError(status, rejection.body_text())
        }
    })?;
    serde_json::from_slice(&bytes).map_err(|e| ApiError::bad(format!("malformed request: {e}")))
}

/// `"memory": "news.tmdb"` or `"memory": ["a.tmdb", "b.tmdb"]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Names {
    One(String),
    Many(Vec<String>),
}

/// The memories a request names (by the path given to `--memory`, its file
/// name or its file name without extension), all of them when it names none.
fn choose(files: &[MemoryFile], names: Option<&Names>) -> Result<Vec<usize>, ApiError> {
    let wanted: Vec<&str> = match names {
        None => return Ok((0..files.len()).collect()),
        Some(Names::One(name)) => vec![name],
        Some(Names::Many(names)) => names.iter().map(String::as_str).collect(),
    };
    wanted
        .iter()
        .map(|name| {
            files
                .iter()
                .position(|f| {
                    f.name == *name
                        || f.path.file_name().is_some_and(|n| n == *name)
                        || f.path.file_stem().is_some_and(|n| n == *name)
                })
                .ok_or_else(|| {
                    ApiError(
                        StatusCode::NOT_FOUND,
                        format!(
                            "no memory {name:?} on this server; it serves {}",
                            files
                                .iter()
                                .map(|f| f.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                })
        })
        .collect()
}

/// One memory: the one named, else the first.
fn choose_one(files: &[MemoryFile], name: Option<String>) -> Result<usize, ApiError> {
    match name {
        None => Ok(0),
        Some(name) => Ok(choose(files, Some(&Names::One(name)))?[0]),
    }
}

fn pair(spec: &str) -> Result<LangPair, ApiError> {
    spec.parse::<LangPair>()
        .map_err(|e| ApiError::bad(format!("\"lang\": {e}")))
}

/// The chosen memories that hold `pair`, as match sources. Memories without
/// the pair are left out (a server may hold memories of several pairs);
/// when none has it, the first one's error says which pairs there are.
fn sources<'a>(
    handles: &'a [Memory],
    files: &[MemoryFile],
    chosen: &[usize],
    pair: &LangPair,
    penalties: &[u8],
) -> Result<Vec<MemorySource<'a>>, ApiError> {
    let mut sources = Vec::new();
    let mut first_error = None;
    for (position, &index) in chosen.iter().enumerate() {
        match handles[index].require_pair(&pair.source, &pair.target) {
            Ok(()) => sources.push(MemorySource {
                memory: &handles[index],
                name: files[index].name.clone(),
                penalty: penalties.get(position).copied().unwrap_or(0),
            }),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match (sources.is_empty(), first_error) {
        (true, Some(e)) => Err(e.into()),
        _ => Ok(sources),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MatchRequest {
    segments: Option<Vec<String>>,
    query: Option<String>,
    lang: String,
    min: Option<u8>,
    max: Option<usize>,
    memory: Option<Names>,
    #[serde(default)]
    penalties: Vec<u8>,
    context: Option<bool>,
}

async fn match_segments(state: Shared, body: Result<Bytes, BytesRejection>) -> Answer {
    let request: MatchRequest = parse(body)?;
    let segments = match (request.segments, request.query) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad(
                "give \"segments\" (a list) or \"query\" (one segment), not both",
            ));
        }
        (None, None) => {
            return Err(ApiError::bad(
                "give the segments to match: \"segments\": [\"…\"] or \"query\": \"…\"",
            ));
        }
        (None, Some(query)) => {
            if let Some(problem) = report::query_problem(&query) {
                return Err(ApiError::bad(problem));
            }
            vec![query]
        }
        (Some(segments), None) => {
            if let Some(at) = segments.iter().position(|s| s.trim().is_empty()) {
                return Err(ApiError::bad(format!(
                    "\"segments\"[{at}] is empty; leave empty lines out"
                )));
            }
            segments
        }
    };
    let min = request.min.unwrap_or(70);
    if !(1..=101).contains(&min) {
        return Err(ApiError::bad("\"min\" is a score from 1 to 101"));
    }
    let options = MatchOptions {
        pair: pair(&request.lang)?,
        min,
        max: request.max.unwrap_or(5),
        // A list is consecutive sentences, as `tmkit match --file` reads them.
        context: request.context.unwrap_or(segments.len() > 1),
    };
    let files = state.pool.files().to_vec();
    let chosen = choose(&files, request.memory.as_ref())?;
    let penalties = request.penalties;
    let doc = state
        .pool
        .read(move |handles| -> Result<Value, ApiError> {
            let sources = sources(handles, &files, &chosen, &options.pair, &penalties)?;
            let found = report::match_segments(&sources, &segments, &options)?;
            Ok(report::matches(&segments, &found))
        })
        .await??;
    Ok(axum::Json(doc).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LookupRequest {
    #[serde(alias = "text")]
    query: String,
    lang: String,
    memory: Option<String>,
}

async fn lookup(state: Shared, body: Result<Bytes, BytesRejection>) -> Answer {
    let request: LookupRequest = parse(body)?;
    if request.query.trim().is_empty() {
        return Err(ApiError::bad("the segment to look up is empty"));
    }
    let lang = pair(&request.lang)?;
    let index = choose_one(state.pool.files(), request.memory)?;
    let doc = state
        .pool
        .read(move |handles| -> Result<Value, ApiError> {
            let memory = &handles[index];
            memory.require_pair(&lang.source, &lang.target)?;
            let hits = memory.lookup_exact(
                &request.query,
                lang.source.normalized(),
                lang.target.normalized(),
            )?;
            Ok(report::lookup(&request.query, &lang, &hits))
        })
        .await??;
    Ok(axum::Json(doc).into_response())
}

#[derive(Deserialize, Clone, Copy, Default)]
#[serde(rename_all = "lowercase")]
enum Side {
    #[default]
    Source,
    Target,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConcordanceRequest {
    phrase: String,
    lang: String,
    #[serde(default)]
    side: Side,
    max: Option<usize>,
    memory: Option<Names>,
}

async fn concordance(state: Shared, body: Result<Bytes, BytesRejection>) -> Answer {
    let request: ConcordanceRequest = parse(body)?;
    if let Some(problem) = report::phrase_problem(&request.phrase) {
        return Err(ApiError::bad(problem));
    }
    let lang = pair(&request.lang)?;
    let files = state.pool.files().to_vec();
    let chosen = choose(&files, request.memory.as_ref())?;
    let max = request.max.unwrap_or(20);
    let doc = state
        .pool
        .read(move |handles| -> Result<Value, ApiError> {
            let (search, other) = match request.side {
                Side::Source => (&lang.source, &lang.target),
                Side::Target => (&lang.target, &lang.source),
            };
            let mut found = Vec::new();
            for source in sources(handles, &files, &chosen, &lang, &[])? {
                for hit in source
                    .memory
                    .concordance(&request.phrase, search, Some(other), max)?
                {
                    found.push((source.name.clone(), hit));
                }
            }
            Ok(report::concordance(&request.phrase, &found))
        })
        .await??;
    Ok(axum::Json(doc).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatsQuery {
    memory: Option<String>,
}

async fn stats(state: Shared, query: Result<Query<StatsQuery>, QueryRejection>) -> Answer {
    let Query(query) = query.map_err(|e| ApiError::bad(e.body_text()))?;
    let index = choose_one(state.pool.files(), query.memory)?;
    let doc = state
        .pool
        .read(move |handles| -> Result<tmkit::memory::Stats, ApiError> {
            Ok(handles[index].stats()?)
        })
        .await??;
    Ok(axum::Json(doc).into_response())
}

async fn health(state: Shared) -> Answer {
    let files = state.pool.files().to_vec();
    let doc = state
        .pool
        .read(move |handles| -> Result<Value, ApiError> {
            let mut memories = Vec::new();
            for (file, memory) in files.iter().zip(handles) {
                memories.push(json!({ "memory": file.name, "units": memory.unit_count()? }));
            }
            Ok(json!({
                "status": "ok",
                "version": env!("CARGO_PKG_VERSION"),
                "memories": memories,
            }))
        })
        .await??;
    Ok(axum::Json(doc).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitRequest {
    lang: String,
    source: String,
    target: String,
    memory: Option<String>,
    tuid: Option<String>,
    /// Who confirmed it (TMX `creationid`/`changeid`).
    user: Option<String>,
}

async fn add_unit(
    state: Shared,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: UnitRequest = parse(body)?;
    let lang = pair(&request.lang)?;
    for (field, text) in [("source", &request.source), ("target", &request.target)] {
        if text.trim().is_empty() {
            return Err(ApiError::bad(format!("\"{field}\" is empty")));
        }
    }
    let files = state.pool.files().to_vec();
    let index = choose_one(&files, request.memory.clone())?;
    let mut unit = TranslationUnit::pair(
        lang.source.original(),
        &request.source,
        lang.target.original(),
        &request.target,
    );
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    set_attr(&mut unit.attrs, "creationdate", stamp.clone());
    set_attr(&mut unit.attrs, "changedate", stamp);
    if let Some(tuid) = &request.tuid {
        set_attr(&mut unit.attrs, "tuid", tuid.clone());
    }
    if let Some(user) = &request.user {
        set_attr(&mut unit.attrs, "creationid", user.clone());
        set_attr(&mut unit.attrs, "changeid", user.clone());
    }
    let doc = state
        .pool
        .write(move |writer| -> Result<Value, ApiError> {
            let memory = writer.memory(index)?;
            let unit_id = memory.add(&unit)?;
            Ok(json!({
                "memory": files[index].name,
                "unit_id": unit_id,
                "lang": lang.to_string(),
                "units": memory.unit_count()?,
            }))
        })
        .await??;
    Ok((StatusCode::CREATED, axum::Json(doc)).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SegmentRequest {
    text: String,
    lang: Option<String>,
    #[serde(default)]
    no_headlines: bool,
}

async fn segment(body: Result<Bytes, BytesRejection>) -> Answer {
    let request: SegmentRequest = parse(body)?;
    let lang = match &request.lang {
        Some(lang) => {
            tmkit::lang::check_well_formed(lang).map_err(|why| {
                ApiError::bad(format!(
                    "\"lang\": {lang:?} is not a BCP 47 language tag: {why}; write e.g. en, ru, uk, de-CH or sr-Latn"
                ))
            })?;
            LangTag::parse(lang)
        }
        None => {
            let guess = tmkit::segment::detect::guess_language(&request.text);
            match guess.lang {
                Some(lang) if guess.confident => LangTag::parse(&lang),
                _ => {
                    return Err(ApiError::bad(format!(
                        "cannot tell the language ({}); give \"lang\", e.g. \"ru\"",
                        guess.reason
                    )));
                }
            }
        }
    };
    let doc = blocking(move || {
        let segmenter =
            tmkit::segment::Segmenter::for_language(&lang).with_headlines(!request.no_headlines);
        // As `tmkit segment` reads a file: a leading byte-order mark is not
        // text, and offsets count from after it.
        let text = request
            .text
            .strip_prefix('\u{feff}')
            .unwrap_or(&request.text);
        Ok(segmenter.segment(text))
    })
    .await?;
    Ok(axum::Json(doc).into_response())
}

/// Runs CPU work that needs no memory on tokio's blocking threads.
async fn blocking<R, F>(work: F) -> Result<R, ApiError>
where
    R: Send + 'static,
    F: FnOnce() -> Result<R, ApiError> + Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| ApiError::from(JobError::Panicked))?
}

/// The glossaries a request names (by path, file name or stem), all the
/// server's when it names none.
fn choose_glossaries(
    all: &[PathBuf],
    names: Option<Vec<String>>,
) -> Result<Vec<PathBuf>, ApiError> {
    let Some(names) = names else {
        return Ok(all.to_vec());
    };
    names
        .iter()
        .map(|name| {
            all.iter()
                .find(|p| {
                    p.as_os_str() == name.as_str()
                        || p.file_name().is_some_and(|n| n == name.as_str())
                        || p.file_stem().is_some_and(|n| n == name.as_str())
                })
                .cloned()
                .ok_or_else(|| {
                    ApiError(
                        StatusCode::NOT_FOUND,
                        format!(
                            "no glossary {name:?} on this server (start it with --glossary FILE)"
                        ),
                    )
                })
        })
        .collect()
}

/// Glossaries as loaded for one language pair, with their warnings.
pub(crate) type Loaded = Arc<(
    Vec<tmkit::glossary::Glossary>,
    Vec<tmkit::glossary::GlossaryWarning>,
)>;

/// The glossaries at `paths`, read for a language pair (a TSV's columns
/// depend on it): read once per pair and kept, since a server answers many
/// requests with the same glossaries (restart it to read changed files).
fn load_glossaries(
    state: &AppState,
    paths: &[PathBuf],
    source_lang: &str,
    target_lang: &str,
) -> Result<Loaded, ApiError> {
    let key = (
        paths.to_vec(),
        source_lang.to_string(),
        target_lang.to_string(),
    );
    if let Some(loaded) = state
        .glossary_cache
        .lock()
        .ok()
        .and_then(|c| c.get(&key).cloned())
    {
        return Ok(loaded);
    }
    let options = tmkit::glossary::DelimitedOptions {
        source_lang: source_lang.to_string(),
        target_lang: target_lang.to_string(),
        ..tmkit::glossary::DelimitedOptions::default()
    };
    let loaded: Loaded = Arc::new(
        tmkit::glossary::load_all(paths, &options)
            .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?,
    );
    if let Ok(mut cache) = state.glossary_cache.lock() {
        cache.insert(key, Arc::clone(&loaded));
    }
    Ok(loaded)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRequest {
    text: String,
    source: Option<String>,
    lang: Option<String>,
    name: Option<String>,
    source_name: Option<String>,
    glossaries: Option<Vec<String>>,
}

async fn check_text(state: Shared, body: Result<Bytes, BytesRejection>) -> Answer {
    let request: CheckRequest = parse(body)?;
    let paths = choose_glossaries(&state.glossaries, request.glossaries.clone())?;
    let state = Arc::clone(&state.0);
    let doc = blocking(move || {
        let (mut source_lang, target_lang) =
            report::check_langs(request.lang.as_deref().unwrap_or("en")).map_err(ApiError::bad)?;
        let name = request.name.unwrap_or_else(|| "text".to_string());
        let input = match &request.source {
            Some(source) => {
                if source_lang.is_none() {
                    source_lang = report::guess_source_lang(source);
                }
                let source_name = request.source_name.as_deref().unwrap_or("source");
                CheckInput::Bilingual(
                    check::read_aligned(source_name, source, &name, &request.text)
                        .map_err(ApiError::bad)?,
                )
            }
            None => CheckInput::Document(TextFile::new(&name, &request.text)),
        };
        if matches!(input, CheckInput::Bilingual(_)) && source_lang.is_none() && !paths.is_empty() {
            return Err(ApiError::bad(
                "bilingual check: say which language the source is in, e.g. \"lang\": \"ru:en\"",
            ));
        }
        let loaded = load_glossaries(
            &state,
            &paths,
            source_lang.as_deref().unwrap_or("und"),
            &target_lang,
        )?;
        let (glossaries, warnings) = (&loaded.0, &loaded.1);
        let outcome = report::check(
            &input,
            &name,
            glossaries,
            &target_lang,
            source_lang.as_deref(),
        );
        Ok(report::check_document(
            &outcome, &name, glossaries, warnings, None,
        ))
    })
    .await?;
    Ok(axum::Json(doc).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PretranslateRequest {
    text: String,
    lang: String,
    name: Option<String>,
    format: Option<String>,
    xliff: Option<String>,
    min: Option<u8>,
    max: Option<usize>,
    fill_fuzzy: Option<u8>,
    memory: Option<Names>,
    glossaries: Option<Vec<String>>,
}

async fn pretranslate(state: Shared, body: Result<Bytes, BytesRejection>) -> Answer {
    use tmkit::workflow::pretranslate::{Input, PretranslateOptions, pretranslate};
    let request: PretranslateRequest = parse(body)?;
    let lang = pair(&request.lang)?;
    let name = request.name.unwrap_or_else(|| "document.txt".to_string());
    let format = match &request.format {
        Some(format) => tmkit::document::Format::parse(format).ok_or_else(|| {
            ApiError::bad(format!(
                "unknown \"format\" {format:?}; use text, markdown or html"
            ))
        })?,
        None => tmkit::document::Format::from_path(Path::new(&name))
            .unwrap_or(tmkit::document::Format::Text),
    };
    let version = match &request.xliff {
        Some(v) => v
            .parse::<tmkit::xliff::Version>()
            .map_err(|e| ApiError::bad(format!("\"xliff\": {e}")))?,
        None => tmkit::xliff::Version::parse("1.2").expect("a known version"),
    };
    let min = request.min.unwrap_or(75);
    if !(1..=101).contains(&min) {
        return Err(ApiError::bad("\"min\" is a score from 1 to 101"));
    }
    if request.fill_fuzzy.is_some_and(|f| !(1..=100).contains(&f)) {
        return Err(ApiError::bad("\"fill_fuzzy\" is a score from 1 to 100"));
    }
    let files = state.pool.files().to_vec();
    let chosen = choose(&files, request.memory.as_ref())?;
    let glossary_paths = choose_glossaries(&state.glossaries, request.glossaries)?;
    let app = Arc::clone(&state.0);
    let options = PretranslateOptions {
        source: lang.source.clone(),
        target: lang.target.clone(),
        version,
        min,
        max: request.max.unwrap_or(3),
        fill_fuzzy: request.fill_fuzzy,
        weights: Default::default(),
    };
    let doc = state
        .pool
        .read(move |handles| -> Result<Value, ApiError> {
            let mut warnings = Vec::new();
            let mut sources = Vec::new();
            for &index in &chosen {
                match handles[index].require_pair(&lang.source, &lang.target) {
                    Ok(()) => sources.push(MemorySource {
                        memory: &handles[index],
                        name: files[index].name.clone(),
                        penalty: 0,
                    }),
                    Err(e) => warnings.push(format!(
                        "{}: nothing to offer for {lang} ({e})",
                        files[index].name
                    )),
                }
            }
            let loaded = load_glossaries(
                &app,
                &glossary_paths,
                &lang.source.to_string(),
                &lang.target.to_string(),
            )?;
            let (glossaries, glossary_warnings) = (&loaded.0, &loaded.1);
            warnings.extend(glossary_warnings.iter().map(|w| w.to_string()));
            let termbase = (!glossaries.is_empty()).then(|| {
                tmkit::check::Termbase::new(
                    glossaries,
                    lang.target.normalized(),
                    Some(lang.source.normalized()),
                )
            });
            let segmenter = tmkit::segment::Segmenter::for_language(&lang.source);
            let input = Input::Document {
                document: tmkit::document::Document::read(&request.text, format),
                original: name,
            };
            let outcome = pretranslate(
                input,
                &segmenter,
                &sources,
                termbase.as_ref(),
                &options,
                &mut |_, _| {},
            )
            .map_err(ApiError::bad)?;
            warnings.extend(outcome.warnings.iter().cloned());
            let xliff = tmkit::xliff::write(&outcome.xliff, Vec::new())
                .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
            let mut doc = report::pretranslate("-", &outcome);
            doc["xliff"] = Value::String(String::from_utf8_lossy(&xliff).into_owned());
            doc["warnings"] = json!(warnings);
            Ok(doc)
        })
        .await??;
    Ok(axum::Json(doc).into_response())
}
