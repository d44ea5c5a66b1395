//! `tmkit align --dir-pairs`: pairing the files of two folders by name.

use super::output::CliError;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Source and target file paths, one pair per document.
pub(super) type FilePairs = Vec<(PathBuf, PathBuf)>;

/// The (source, target) file pairs of `src_dir` and `tgt_dir`, matched by name
/// with the language tags `sl` / `tl` dropped, and a line for each file left
/// without a partner. Errors (exit 2, naming the folder) when a folder cannot
/// be read, holds no file, or when no file pairs up but would with the tags
/// the other way round (the two languages of `--lang` swapped).
pub(super) fn dir_pairs(
    src_dir: &Path,
    tgt_dir: &Path,
    sl: &str,
    tl: &str,
) -> Result<(FilePairs, Vec<String>), CliError> {
    let mut src = list_dir(src_dir)?;
    let mut tgt = list_dir(tgt_dir)?;
    for (dir, names) in [(src_dir, &src), (tgt_dir, &tgt)] {
        if names.is_empty() {
            return Err(CliError::input(format!(
                "{}: the folder holds no file to align",
                dir.display()
            )));
        }
    }
    let mut unmatched = Vec::new();
    // One folder for both sides ("a.ru.txt" beside "a.en.txt"): the language
    // tag tells the side; without this every file would meet itself and be
    // listed as having no partner in its own folder.
    let same = src_dir == tgt_dir
        || std::fs::canonicalize(src_dir).ok() == std::fs::canonicalize(tgt_dir).ok();
    if same {
        let all = std::mem::take(&mut src);
        tgt.clear();
        for entry in all {
            if has_tag(&entry.name, sl) {
                src.push(entry);
            } else if has_tag(&entry.name, tl) {
                tgt.push(entry);
            } else {
                unmatched.push(format!(
                    "{}: no language tag ({sl} or {tl}) in the name, and {} is given for both sides",
                    src_dir.join(&entry.file).display(),
                    src_dir.display()
                ));
            }
        }
    }
    let (pairs, mut rest) = pair_up(&src, &tgt, sl, tl, src_dir, tgt_dir);
    if pairs.is_empty() && !same && !pair_up(&src, &tgt, tl, sl, src_dir, tgt_dir).0.is_empty() {
        return Err(CliError::input(format!(
            "{}, {}: no file pairs up with the names tagged {sl} (source) and {tl} (target), \
             but the names carry the tags the other way round: is --lang {tl}:{sl} meant?",
            src_dir.display(),
            tgt_dir.display()
        )));
    }
    unmatched.append(&mut rest);
    Ok((pairs, unmatched))
}

/// Pairs `src` names with `tgt` names by their keys; the names left over, one
/// line each.
fn pair_up(
    src: &[Entry],
    tgt: &[Entry],
    sl: &str,
    tl: &str,
    src_dir: &Path,
    tgt_dir: &Path,
) -> (FilePairs, Vec<String>) {
    let mut by_key: BTreeMap<String, PathBuf> = BTreeMap::new();
    for entry in tgt {
        by_key.insert(pair_key(&entry.name, tl), tgt_dir.join(&entry.file));
    }
    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    for entry in src {
        match by_key.remove(&pair_key(&entry.name, sl)) {
            Some(target) => pairs.push((src_dir.join(&entry.file), target)),
            None => unmatched.push(format!(
                "{}: no file of that name in {}",
                src_dir.join(&entry.file).display(),
                tgt_dir.display()
            )),
        }
    }
    for path in by_key.values() {
        unmatched.push(format!(
            "{}: no file of that name in {}",
            path.display(),
            src_dir.display()
        ));
    }
    (pairs, unmatched)
}

/// A file of a folder: its name as the file system has it, and as text for
/// pairing and messages (a name that is not UTF-8 is paired by its lossy
/// text but opened by its own bytes).
struct Entry {
    name: String,
    file: OsString,
}

fn list_dir(dir: &Path) -> Result<Vec<Entry>, CliError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| CliError::input(format!("{}: cannot read the folder: {e}", dir.display())))?;
    let mut names: Vec<Entry> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| Entry {
            name: e.file_name().to_string_lossy().into_owned(),
            file: e.file_name(),
        })
        .filter(|e| !e.name.starts_with('.'))
        .collect();
    names.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(names)
}

/// Whether `lang` is one of the name's parts (`a.ru.txt`, `a_ru.txt`).
fn has_tag(name: &str, lang: &str) -> bool {
    pair_key(name, lang) != name
}

/// A file name with the language tag dropped (`report.ru.txt`, `report_ru.txt`
/// and `report.txt` all give `report.txt`).
fn pair_key(name: &str, lang: &str) -> String {
    let parts: Vec<&str> = name.split(['.', '_', '-']).collect();
    if parts.len() < 2 {
        return name.to_string();
    }
    let mut out = String::new();
    let mut cursor = 0;
    for part in parts {
        let end = cursor + part.len();
        let sep = name[end..].chars().next();
        if !part.eq_ignore_ascii_case(lang) {
            if !out.is_empty() && cursor > 0 {
                out.push_str(&name[cursor - 1..cursor]);
            }
            out.push_str(part);
        }
        cursor = end + sep.map_or(0, char::len_utf8);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{has_tag, pair_key};

    #[test]
    fn tags_are_dropped_from_the_key() {
        assert_eq!(pair_key("report.ru.txt", "ru"), "report.txt");
        assert_eq!(pair_key("report_ru.txt", "ru"), "report.txt");
        assert_eq!(pair_key("report.txt", "ru"), "report.txt");
        assert!(has_tag("a.en.txt", "en"));
        assert!(!has_tag("a.en.txt", "ru"));
        assert!(!has_tag("rules.txt", "ru"));
    }
}
