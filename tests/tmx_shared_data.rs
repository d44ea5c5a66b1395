//! Every real TMX file in `../shared/data/tmx/` is read without error, gives the
//! unit count documented in `../shared/data/SOURCES.md`, and survives
//! read → write → read with equal header props/notes and equal units.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tmkit::tmx::{TmxReader, TmxWriter, WriteOptions, read_all};
use tmkit::unit::{Attributes, Header, TranslationUnit, UnitReader};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.join("tmx").is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} not found (the shared data set is not present)",
            dir.display()
        );
        None
    }
}

fn tmx_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            tmx_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "tmx") {
            out.push(path);
        }
    }
}

/// `tmx/…` file → TU count, from the SOURCES.md table, plus the LISA kit files
/// (not listed one by one there; counted by hand).
fn expected_counts(shared: &Path) -> BTreeMap<String, usize> {
    let sources = std::fs::read_to_string(shared.join("SOURCES.md")).unwrap();
    let mut counts = BTreeMap::new();
    for line in sources.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() > 7 && cells[1].starts_with("tmx/") && cells[1].ends_with(".tmx") {
            if let Ok(count) = cells[6].parse() {
                counts.insert(cells[1].to_string(), count);
            }
        }
    }
    assert!(counts.len() >= 30, "SOURCES.md table not found: {counts:?}");
    let lisa = [
        ("ExportTest1A", 4),
        ("ExportTest1B", 2),
        ("ExportTest1C", 4),
        ("ExportTest1D", 4),
        ("ExportTest1E", 4),
        ("ExportTest2A", 6),
        ("ImportTest1A", 2),
        ("ImportTest1B", 1),
        ("ImportTest1C", 3),
        ("ImportTest1D", 3),
        ("ImportTest1E", 3),
        ("ImportTest1F", 3),
        ("ImportTest1G", 3),
        ("ImportTest1H", 3),
        ("ImportTest1I", 1),
        ("ImportTest1J", 2),
        ("ImportTest1J_many", 3),
        ("ImportTest1K", 2),
        ("ImportTest1L", 1),
        ("ImportTest2A-0index", 7),
        ("ImportTest2A", 7),
        ("ImportTest2B", 7),
        ("ImportTest2C", 1),
    ];
    for (name, count) in lisa {
        counts.insert(format!("tmx/lisa-compliance-kit/{name}.tmx"), count);
    }
    counts
}

/// TMX 1.1 `lang` and TMX 1.4 `xml:lang` name the same thing; the writer emits the latter.
fn normalize_lang_attrs(attrs: &mut Attributes) {
    if attrs.iter().any(|(name, _)| name == "xml:lang") {
        attrs.retain(|(name, _)| name != "lang");
    } else if let Some(slot) = attrs.iter_mut().find(|(name, _)| name == "lang") {
        slot.0 = "xml:lang".to_string();
    }
}

fn normalize_unit(unit: &TranslationUnit) -> String {
    let mut unit = unit.clone();
    for note in &mut unit.notes {
        normalize_lang_attrs(&mut note.attrs);
    }
    for prop in &mut unit.props {
        normalize_lang_attrs(&mut prop.attrs);
    }
    for variant in &mut unit.variants {
        normalize_lang_attrs(&mut variant.attrs);
        for note in &mut variant.notes {
            normalize_lang_attrs(&mut note.attrs);
        }
        for prop in &mut variant.props {
            normalize_lang_attrs(&mut prop.attrs);
        }
    }
    // Serialised, so that the original language spelling is compared too
    // (LangTag equality is case-insensitive).
    serde_json::to_string(&unit).unwrap()
}

fn normalize_header_extras(header: &Header) -> String {
    let mut header = header.clone();
    for note in &mut header.notes {
        normalize_lang_attrs(&mut note.attrs);
    }
    for prop in &mut header.props {
        normalize_lang_attrs(&mut prop.attrs);
    }
    serde_json::to_string(&(&header.props, &header.notes, &header.udes)).unwrap()
}

#[test]
fn every_shared_tmx_file_reads_with_the_documented_unit_count() {
    let Some(shared) = shared() else { return };
    let expected = expected_counts(&shared);
    let mut files = Vec::new();
    tmx_files(&shared.join("tmx"), &mut files);
    files.sort();
    assert!(
        files.len() >= 53,
        "expected 30 files + 23 LISA files, found {}",
        files.len()
    );
    for path in files {
        let key = path
            .strip_prefix(&shared)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let (_, units, warnings) =
            read_all(&path).unwrap_or_else(|err| panic!("{key} failed to read: {err}"));
        let Some(&count) = expected.get(&key) else {
            panic!("{key}: no documented unit count");
        };
        assert_eq!(units.len(), count, "{key}: unit count");
        eprintln!("{key}: {} units, {} warnings", units.len(), warnings.len());
    }
}

#[test]
fn every_shared_tmx_file_round_trips() {
    let Some(shared) = shared() else { return };
    let mut files = Vec::new();
    tmx_files(&shared.join("tmx"), &mut files);
    files.sort();
    for path in files {
        let name = path.display().to_string();
        let (header, units, _) = read_all(&path).unwrap();
        let mut writer = TmxWriter::new(Vec::new(), &header, &WriteOptions::default()).unwrap();
        for unit in &units {
            writer.write_unit(unit).unwrap();
        }
        assert_eq!(writer.characters_dropped(), 0, "{name}");
        assert_eq!(writer.attributes_dropped(), 0, "{name}");
        let bytes = writer.finish().unwrap();
        let mut reader = TmxReader::from_reader(std::io::Cursor::new(bytes), "written.tmx")
            .unwrap_or_else(|err| panic!("{name}: written file unreadable: {err}"));
        let mut again = Vec::new();
        while let Some(unit) = reader
            .next_unit()
            .unwrap_or_else(|err| panic!("{name}: written file unreadable: {err}"))
        {
            again.push(unit);
        }
        let header_again = reader.header().clone();
        assert_eq!(
            normalize_header_extras(&header),
            normalize_header_extras(&header_again),
            "{name}: header props/notes/udes"
        );
        for (attr_name, value) in &header.attrs {
            if !value.trim().is_empty() {
                assert_eq!(
                    header_again.attr(attr_name),
                    Some(value.as_str()),
                    "{name}: header attribute {attr_name}"
                );
            }
        }
        assert_eq!(
            units.len(),
            again.len(),
            "{name}: unit count after round trip"
        );
        for (index, (before, after)) in units.iter().zip(&again).enumerate() {
            assert_eq!(
                normalize_unit(before),
                normalize_unit(after),
                "{name}: unit {} differs after round trip",
                index + 1
            );
        }
        // The unit-level warnings are the same on the second read (the
        // written file carries the same data, problems included).
        let warnings: Vec<String> = reader
            .take_warnings()
            .into_iter()
            .filter(|w| w.unit_index > 0)
            .map(|w| w.message)
            .collect();
        let (_, _, first) = read_all(&path).unwrap();
        let first: Vec<String> = first
            .into_iter()
            .filter(|w| w.unit_index > 0)
            .map(|w| w.message)
            .collect();
        assert_eq!(first, warnings, "{name}: warnings differ after round trip");
    }
}

/// Issue 2's lossless promise through the memory: every shared file imported
/// into a memory (duplicates kept, so units map one to one), exported as TMX,
/// and read again gives the same units as the file itself.
#[test]
fn every_shared_tmx_file_round_trips_through_a_memory() {
    use tmkit::memory::{DuplicatePolicy, ImportOptions, Memory};
    let Some(shared) = shared() else { return };
    let mut files = Vec::new();
    tmx_files(&shared.join("tmx"), &mut files);
    files.sort();
    for path in files {
        let name = path.display().to_string();
        let (header, units, _) = read_all(&path).unwrap();
        let mut memory = Memory::open_in_memory().unwrap();
        let options = ImportOptions {
            on_duplicate: DuplicatePolicy::All,
            ..ImportOptions::default()
        };
        let mut reader = TmxReader::open(&path).unwrap();
        let report = memory.import(&mut reader, &options, &mut |_| {}).unwrap();
        let kept: Vec<&TranslationUnit> = units
            .iter()
            .filter(|u| u.variants.iter().any(|v| !v.content.is_empty()))
            .collect();
        assert_eq!(
            report.imported as usize,
            kept.len(),
            "{name}: units imported"
        );
        let mut writer = TmxWriter::new(Vec::new(), &header, &WriteOptions::default()).unwrap();
        memory
            .for_each_unit(&mut |_, unit| writer.write_unit(&unit))
            .unwrap();
        let bytes = writer.finish().unwrap();
        let mut again = TmxReader::from_reader(std::io::Cursor::new(bytes), "export.tmx").unwrap();
        let mut exported = Vec::new();
        while let Some(unit) = again.next_unit().unwrap() {
            exported.push(unit);
        }
        assert_eq!(kept.len(), exported.len(), "{name}: units exported");
        for (index, (before, after)) in kept.iter().zip(&exported).enumerate() {
            assert_eq!(
                normalize_unit(before),
                normalize_unit(after),
                "{name}: unit {} differs after memory round trip",
                index + 1
            );
        }
    }
}
