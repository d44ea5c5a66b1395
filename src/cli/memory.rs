//! `tmkit memory …`: create, import, export, stats, lookup.

use super::output::{self, CliError, Format, Style, outln, paint};
use std::path::PathBuf;
use std::process::ExitCode;
use tmkit::lang::LangPair;
use tmkit::memory::Memory;

/// `tmkit memory` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum MemoryCommand {
    /// Create an empty memory file (.tmdb).
    Create {
        /// The memory file to create.
        memory: PathBuf,
        /// Output format (JSON: `{"memory", "created": true}`).
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Import TMX files, or the translated segments of XLIFF files, into a memory (created if missing), in one transaction.
    Import(super::memory_io::ImportArgs),
    /// Export a memory (or some of its languages) as TMX 1.4b or bilingual XLIFF 1.2/2.x.
    Export(super::memory_io::ExportArgs),
    /// Show units, languages, language pairs and imported files.
    Stats {
        /// The memory file.
        memory: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Find exact matches (equal up to case and spacing) for a source segment.
    Lookup {
        /// The memory file.
        memory: PathBuf,
        /// The source segment.
        text: String,
        /// Language pair SOURCE:TARGET, e.g. en:ru.
        #[arg(long)]
        lang: LangPair,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Upgrade a memory written by an older tmkit to this version's schema
    /// (and build its index). Read-only commands never do this themselves.
    Migrate {
        /// The memory file.
        memory: PathBuf,
        /// Output format (JSON: `{"memory", "schema_before", "schema"}`).
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Rebuild the fuzzy-match and concordance index from the stored segments
    /// (after `the memory is damaged` errors that name the index).
    RebuildIndex {
        /// The memory file or PostgreSQL URL.
        memory: PathBuf,
        /// Output format (JSON: `{"memory", "indexed"}`: segments indexed).
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// Runs a `tmkit memory` subcommand.
pub fn run(command: MemoryCommand) -> Result<ExitCode, CliError> {
    match command {
        MemoryCommand::Create { memory, format } => {
            Memory::create(&memory)?;
            if format == Format::Json {
                output::print_json(&serde_json::json!({
                    "memory": memory.display().to_string(),
                    "created": true,
                }))?;
            } else {
                outln!("created {}", memory.display())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        MemoryCommand::Import(args) => super::memory_io::import(args),
        MemoryCommand::Export(args) => super::memory_io::export(args),
        MemoryCommand::Stats { memory, format } => stats(memory, format),
        MemoryCommand::Migrate { memory, format } => {
            let before = Memory::open_read_only(&memory)?.schema_version();
            let opened = writable(&memory)?;
            if format == Format::Json {
                output::print_json(&serde_json::json!({
                    "memory": memory.display().to_string(),
                    "schema_before": before,
                    "schema": opened.schema_version(),
                }))?;
            } else {
                outln!(
                    "{} {}: schema {before} → {}",
                    paint("migrated", Style::Good),
                    memory.display(),
                    opened.schema_version()
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        MemoryCommand::RebuildIndex { memory, format } => {
            let mut opened = writable(&memory)?;
            let indexed = opened.rebuild_index()?;
            if format == Format::Json {
                output::print_json(&serde_json::json!({
                    "memory": memory.display().to_string(),
                    "indexed": indexed,
                }))?;
            } else {
                outln!(
                    "{} {}: {indexed} segments indexed",
                    paint("rebuilt", Style::Good),
                    memory.display()
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        MemoryCommand::Lookup {
            memory,
            text,
            lang,
            format,
        } => lookup(memory, &text, &lang, format),
    }
}

/// Opens a memory to change it, saying on standard error when it has to
/// wait for another writer.
fn writable(path: &std::path::Path) -> Result<Memory, CliError> {
    let memory = Memory::open_with(
        path,
        tmkit::memory::OpenOptions {
            on_wait: Some(super::memory_io::waiting_message(
                path.display().to_string(),
            )),
            on_migrate: Some(super::memory_io::migration_bar()),
            ..Default::default()
        },
    )?;
    if memory.is_read_only() {
        return Err(CliError::input(tmkit::memory::MemoryError::ReadOnly(
            path.to_path_buf(),
        )));
    }
    Ok(memory)
}

fn stats(path: PathBuf, format: Format) -> Result<ExitCode, CliError> {
    let memory = Memory::open_read_only(&path)?;
    let stats = memory.stats()?;
    if format == Format::Json {
        output::print_json(&stats)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!("{}  {}", paint("memory", Style::Accent), path.display())?;
    outln!("  units          {:>10}", stats.units)?;
    outln!("  variants       {:>10}", stats.variants)?;
    // A PostgreSQL memory's figure is its share of the tables on the server.
    let size = match tmkit::memory::is_postgres_url(&path) {
        true => "size on server",
        false => "file size",
    };
    outln!("  {size:<15}{:>10}", human_bytes(stats.file_bytes))?;
    outln!("  schema version {:>10}", stats.schema_version)?;
    if !stats.languages.is_empty() {
        outln!("{}", paint("languages", Style::Accent))?;
        for lang in &stats.languages {
            outln!("  {:<14} {:>10}", lang.lang, lang.variants)?;
        }
    }
    if !stats.pairs.is_empty() {
        if stats.pairs_complete {
            outln!("{}", paint("pairs", Style::Accent))?;
        } else {
            outln!(
                "{} (among the {} languages with most variants)",
                paint("pairs", Style::Accent),
                tmkit::memory::PAIR_LANGUAGES
            )?;
        }
        for pair in &stats.pairs {
            outln!(
                "  {:<14} {:>10}",
                format!("{}:{}", pair.source, pair.target),
                pair.units
            )?;
        }
    }
    if !stats.sources.is_empty() {
        outln!("{}", paint("imported files", Style::Accent))?;
        for source in &stats.sources {
            outln!("  {}  {}", source.imported_at, source.name)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn lookup(
    path: PathBuf,
    text: &str,
    lang: &LangPair,
    format: Format,
) -> Result<ExitCode, CliError> {
    if text.trim().is_empty() {
        return Err(CliError::input("the segment to look up is empty"));
    }
    let memory = Memory::open_read_only(&path)?;
    memory.require_pair(&lang.source, &lang.target)?;
    let hits = memory.lookup_exact(text, lang.source.normalized(), lang.target.normalized())?;
    if format == Format::Json {
        output::print_json(&tmkit::workflow::report::lookup(text, lang, &hits))?;
        return Ok(ExitCode::SUCCESS);
    }
    if hits.is_empty() {
        outln!("no exact match for {text:?} ({lang})")?;
    }
    for hit in &hits {
        let label = if hit.identical {
            "100%"
        } else {
            "100% (case/spacing differ)"
        };
        outln!("{}  {}", paint(label, Style::Good), hit.source.text())?;
        outln!("      {}", paint(&hit.target.text(), Style::Strong))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `1234567` → `1.2 MiB`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
