//! `tmkit memory …`: create, import, export, stats, lookup.

use super::output::{self, CliError, Format, Style, paint};
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
}

/// Runs a `tmkit memory` subcommand.
pub fn run(command: MemoryCommand) -> Result<ExitCode, CliError> {
    match command {
        MemoryCommand::Create { memory } => {
            Memory::create(&memory)?;
            println!("created {}", memory.display());
            Ok(ExitCode::SUCCESS)
        }
        MemoryCommand::Import(args) => super::memory_io::import(args),
        MemoryCommand::Export(args) => super::memory_io::export(args),
        MemoryCommand::Stats { memory, format } => stats(memory, format),
        MemoryCommand::Lookup {
            memory,
            text,
            lang,
            format,
        } => lookup(memory, &text, &lang, format),
    }
}

fn stats(path: PathBuf, format: Format) -> Result<ExitCode, CliError> {
    let memory = Memory::open(&path)?;
    let stats = memory.stats()?;
    if format == Format::Json {
        output::print_json(&stats)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}  {}", paint("memory", Style::Accent), path.display());
    println!("  units          {:>10}", stats.units);
    println!("  variants       {:>10}", stats.variants);
    println!("  file size      {:>10}", human_bytes(stats.file_bytes));
    println!("  schema version {:>10}", stats.schema_version);
    if !stats.languages.is_empty() {
        println!("{}", paint("languages", Style::Accent));
        for lang in &stats.languages {
            println!("  {:<14} {:>10}", lang.lang, lang.variants);
        }
    }
    if !stats.pairs.is_empty() {
        println!("{}", paint("pairs", Style::Accent));
        for pair in &stats.pairs {
            println!(
                "  {:<14} {:>10}",
                format!("{}:{}", pair.source, pair.target),
                pair.units
            );
        }
    }
    if !stats.sources.is_empty() {
        println!("{}", paint("imported files", Style::Accent));
        for source in &stats.sources {
            println!("  {}  {}", source.imported_at, source.name);
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
    let memory = Memory::open(&path)?;
    memory.require_pair(&lang.source, &lang.target)?;
    let hits = memory.lookup_exact(text, lang.source.normalized(), lang.target.normalized())?;
    if format == Format::Json {
        #[derive(serde::Serialize)]
        struct Hit<'a> {
            unit_id: i64,
            source: String,
            target: String,
            identical: bool,
            tuid: Option<&'a str>,
            changed: Option<&'a str>,
        }
        let list: Vec<Hit> = hits
            .iter()
            .map(|h| Hit {
                unit_id: h.unit_id,
                source: h.source.text(),
                target: h.target.text(),
                identical: h.identical,
                tuid: h.unit.tuid(),
                changed: h.unit.last_changed(),
            })
            .collect();
        output::print_json(
            &serde_json::json!({ "query": text, "lang": lang.to_string(), "hits": list }),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if hits.is_empty() {
        println!("no exact match for {text:?} ({lang})");
    }
    for hit in &hits {
        let label = if hit.identical {
            "100%"
        } else {
            "100% (case/spacing differ)"
        };
        println!("{}  {}", paint(label, Style::Good), hit.source.text());
        println!("      {}", paint(&hit.target.text(), Style::Strong));
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
