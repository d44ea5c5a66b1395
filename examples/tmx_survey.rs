//! Reads every TMX file under a directory (default `../shared/data/tmx`) and prints
//! a table: file, encoding, units read, warnings, and the first error if any.
//!
//! ```text
//! cargo run --release --example tmx_survey [-- DIR] [--verbose]
//! ```

use std::path::{Path, PathBuf};
use tmkit::tmx::TmxReader;
use tmkit::unit::UnitReader;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("tmx"))
        {
            out.push(path);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/tmx"));
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.sort();
    if files.is_empty() {
        eprintln!("no .tmx files under {}", dir.display());
        return;
    }
    println!("| file | encoding | TUs read | warnings | result |");
    println!("|---|---|---:|---:|---|");
    for path in files {
        let shown = path
            .strip_prefix(&dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        let mut reader = match TmxReader::open(&path) {
            Ok(reader) => reader,
            Err(err) => {
                println!("| {shown} | ? | 0 | 0 | error: {err} |");
                continue;
            }
        };
        let mut units = 0u64;
        let mut warnings = reader.take_warnings();
        let result = loop {
            match reader.next_unit() {
                Ok(Some(_)) => units += 1,
                Ok(None) => break "ok".to_string(),
                Err(err) => break format!("error: {err}"),
            }
            warnings.extend(reader.take_warnings());
        };
        warnings.extend(reader.take_warnings());
        println!(
            "| {shown} | {} | {units} | {} | {result} |",
            reader.encoding(),
            warnings.len()
        );
        if verbose {
            for warning in &warnings {
                println!("|   | | | | {warning} |");
            }
        }
    }
}
