//! Tidy checks (as rust-analyzer has): the architecture rules of
//! `ARCHITECTURE.md` and `../shared/DESIGN.md` §2b, enforced on every
//! `cargo test` so that they stay true as the code grows.
//!
//! - only the store (`src/memory/`) names a database crate;
//! - only the front ends (`src/cli/`, `src/main.rs`) print;
//! - layers import only layers below them: model · formats · engines · store ·
//!   workflows · front ends;
//! - no source file grows past 1,000 lines (a few older files are listed with
//!   their current size and may only shrink).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Layer of each top-level library module; a module may import only modules
/// of its own layer or below. Engines are pure (no store); `glossary` sits with
/// the engines because its name keys use `translit`; `check` is a workflow
/// (documents, many files, memories).
const LAYERS: &[(&str, u8)] = &[
    // model
    ("unit", 0),
    ("lang", 0),
    ("text", 0),
    ("numbers", 0),
    ("fsutil", 0),
    // formats
    ("xml", 1),
    ("tmx", 1),
    ("tsv", 1),
    ("xliff", 1),
    ("document", 1),
    ("documents", 1),
    // engines
    ("segment", 2),
    ("fuzzy", 2),
    ("names", 2),
    ("translit", 2),
    ("glossary", 2),
    ("align", 2),
    // store
    ("memory", 3),
    // workflows
    ("check", 4),
    ("workflow", 4),
    // front ends: the CLI (skipped below: it may use anything) and the HTTP
    // server, which logs only through the writer it is given
    ("server", 5),
    // the binary's allocator (`src/main.rs` installs it; it imports nothing)
    ("allocator", 5),
];

const LAYER_NAMES: [&str; 6] = [
    "model",
    "formats",
    "engines",
    "store",
    "workflows",
    "front ends",
];

/// Older files over the limit, with the size they may not exceed. Split them
/// along their seams when you touch them, and lower or remove the entry.
const OVERSIZED: &[(&str, usize)] = &[];

const MAX_LINES: usize = 1_000;

fn source_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files.sort();
    files
}

/// Path relative to the crate root, with `/` separators.
fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// The code lines of a file: comments (`//`, `///`, `//!`) dropped, and
/// everything from a `#[cfg(test)]` line on, since tests may print and use
/// any module.
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let code = match line.find("//") {
            // Keep `//` inside strings such as URLs; only a comment after code
            // preceded by whitespace is dropped.
            Some(at) if line[..at].ends_with(' ') && !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        lines.push((index + 1, code));
    }
    lines
}

/// Top-level module a file belongs to (`src/memory/index.rs` → `memory`).
fn module_of(relative: &str) -> Option<&str> {
    let rest = relative.strip_prefix("src/")?;
    let first = rest.split('/').next()?;
    Some(first.strip_suffix(".rs").unwrap_or(first))
}

fn is_test_file(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or("");
    name == "tests.rs" || name.ends_with("_tests.rs")
}

#[test]
fn only_the_store_uses_a_database_crate() {
    let mut offenders = Vec::new();
    for path in source_files() {
        let rel = relative(&path);
        if rel.starts_with("src/memory/") || rel.starts_with("src/store/") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for (line, code) in code_lines(&text) {
            if ["rusqlite", "postgres::", "tokio_postgres"]
                .iter()
                .any(|needle| code.contains(needle))
            {
                offenders.push(format!("{rel}:{line}: {}", code.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "only src/memory/ may know SQL; move these into the store:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn only_the_front_ends_print() {
    let mut offenders = Vec::new();
    for path in source_files() {
        let rel = relative(&path);
        if rel.starts_with("src/cli/") || rel == "src/main.rs" || is_test_file(&rel) {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for (line, code) in code_lines(&text) {
            if ["println!", "print!(", "eprintln!", "eprint!(", "dbg!("]
                .iter()
                .any(|needle| code.contains(needle))
                || code.contains("std::process::exit")
            {
                offenders.push(format!("{rel}:{line}: {}", code.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "the library never prints or exits; return data and let src/cli/ render it:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn layers_import_only_layers_below() {
    let layers: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut offenders = Vec::new();
    let mut unknown = Vec::new();
    for path in source_files() {
        let rel = relative(&path);
        if is_test_file(&rel) || rel == "src/lib.rs" || rel == "src/main.rs" {
            continue;
        }
        let module = module_of(&rel).unwrap();
        if module == "cli" {
            continue;
        }
        let Some(&own) = layers.get(module) else {
            unknown.push(rel.clone());
            continue;
        };
        let text = fs::read_to_string(&path).unwrap();
        for (line, code) in code_lines(&text) {
            let mut rest = code;
            while let Some(at) = rest.find("crate::") {
                rest = &rest[at + "crate::".len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if name == "cli" {
                    offenders.push(format!("{rel}:{line}: the library imports the CLI"));
                    continue;
                }
                if let Some(&theirs) = layers.get(name.as_str())
                    && theirs > own
                {
                    offenders.push(format!(
                        "{rel}:{line}: {module} ({}) imports {name} ({})",
                        LAYER_NAMES[own as usize], LAYER_NAMES[theirs as usize]
                    ));
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "new top-level modules need a layer in tests/tidy.rs LAYERS: {unknown:?}"
    );
    assert!(
        offenders.is_empty(),
        "imports that run up the layers (model · formats · engines · store · workflows):\n{}",
        offenders.join("\n")
    );
}

#[test]
fn source_files_stay_small() {
    let oversized: BTreeMap<&str, usize> = OVERSIZED.iter().copied().collect();
    let mut offenders = Vec::new();
    for path in source_files() {
        let rel = relative(&path);
        let lines = fs::read_to_string(&path).unwrap().lines().count();
        let limit = oversized.get(rel.as_str()).copied().unwrap_or(MAX_LINES);
        if lines > limit {
            offenders.push(format!("{rel}: {lines} lines (limit {limit})"));
        }
    }
    assert!(
        offenders.is_empty(),
        "split these files along their seams:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn tidy_catches_an_upward_import() {
    // The checker itself must be able to fail: a formats file importing the store.
    let code = "use crate::memory::Memory;\n// use crate::workflow::x;\n";
    let lines = code_lines(code);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].1.contains("crate::memory"));
    assert_eq!(module_of("src/tmx/reader.rs"), Some("tmx"));
    assert_eq!(module_of("src/lang.rs"), Some("lang"));
}
