//! Every real XLIFF file in `../shared/data/xliff` (the ones `INDEX.tsv` lists
//! outside `invalid/`) is read without error, gives the documented unit count,
//! and survives read → write equal as data (canonical forms compared with an
//! independent parser, `tests/support/canon.rs`). Files in `invalid/` that are
//! not well-formed fail with a located error; the others are read.

mod support;

use std::path::{Path, PathBuf};
use support::canon::{canonical, decode, first_difference};
use tmkit::xliff;

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/xliff");
    if dir.join("INDEX.tsv").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} not found (the shared data set is not present)",
            dir.display()
        );
        None
    }
}

/// (path, version, units, schema_valid) rows of INDEX.tsv.
fn index(dir: &Path) -> Vec<(String, String, String, String)> {
    std::fs::read_to_string(dir.join("INDEX.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            (
                cells[0].into(),
                cells[1].into(),
                cells[3].into(),
                cells[6].into(),
            )
        })
        .collect()
}

#[test]
fn every_shared_file_round_trips_equal_as_data() {
    let Some(dir) = shared() else { return };
    let mut failures = Vec::new();
    let mut checked = 0;
    for (path, version, units, _) in index(&dir) {
        if path.starts_with("invalid/") {
            continue;
        }
        let file = dir.join(&path);
        let (doc, _warnings) = match xliff::read_file(&file) {
            Ok(read) => read,
            Err(err) => {
                failures.push(format!("{path}: read failed: {err}"));
                continue;
            }
        };
        if doc.version.as_str() != version {
            failures.push(format!(
                "{path}: version {} but INDEX says {version}",
                doc.version
            ));
        }
        if let Ok(expected) = units.parse::<usize>() {
            let found = doc.units().count();
            if found != expected {
                failures.push(format!("{path}: {found} units, INDEX says {expected}"));
            }
        }
        let written = xliff::write(&doc, Vec::new()).unwrap();
        let original = canonical(&decode(&std::fs::read(&file).unwrap()));
        let again = canonical(&String::from_utf8(written).unwrap());
        match (original, again) {
            (Ok(a), Ok(b)) => {
                if let Some(diff) = first_difference(&a, &b) {
                    failures.push(format!("{path}: not equal as data {diff}"));
                }
            }
            (Err(e), _) => failures.push(format!(
                "{path}: canonicaliser cannot read the original: {e}"
            )),
            (_, Err(e)) => failures.push(format!("{path}: written file is not well-formed: {e}")),
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} files:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 50, "only {checked} files checked");
}

#[test]
fn invalid_files_fail_with_a_position_or_read() {
    let Some(dir) = shared() else { return };
    let not_well_formed = dir.join("invalid/xliff22_Good-pgs_plural.xlf");
    let err = xliff::read_file(&not_well_formed).unwrap_err();
    assert_eq!((err.position.line, err.position.column), (20, 3), "{err}");
    assert!(err.message.contains("expected `</target>`"), "{err}");
    assert!(err.message.contains("in unit u1"), "{err}");
    // Invalid files that are well-formed are read; what tmkit can see is a
    // warning naming the unit, the rest (which needs more than one unit's
    // view, or the matches module's rules) reads without complaint.
    let warned = [
        ("xliff20_bad_SegmentIdNotUnique.xlf", "used twice"),
        ("xliff22_bad_DataIdNotUnique.xlf", "used twice"),
        ("xliff22_bad_EcBeforeSc.xlf", "unpaired"),
        ("xliff22_bad_InvalidLoneSm.xlf", "unpaired"),
        ("xliff22_bad_InvalidStateValue.xlf", "badState"),
        ("xliff22_bad_TwoSourceInUnit.xlf", "more than one <source>"),
    ];
    for (name, expected) in warned {
        let (doc, warnings) = xliff::read_file(&dir.join("invalid").join(name)).unwrap();
        assert!(
            warnings
                .iter()
                .any(|w| w.message.contains(expected) && w.tuid.is_some()),
            "{name}: {warnings:?}"
        );
        // Still written back unchanged.
        let written = String::from_utf8(xliff::write(&doc, Vec::new()).unwrap()).unwrap();
        let original = canonical(&decode(
            &std::fs::read(dir.join("invalid").join(name)).unwrap(),
        ))
        .unwrap();
        assert_eq!(
            first_difference(&original, &canonical(&written).unwrap()),
            None,
            "{name}"
        );
    }
}

#[test]
fn the_canonical_comparison_sees_real_differences() {
    let base = r#"<x:a xmlns:x="urn:n" b="1" c="2"><b>t &amp; u</b></x:a>"#;
    let same =
        r#"<?xml version="1.0"?><a xmlns="urn:n" c="2"  b="1"><b xmlns="urn:n">t &#38; u</b></a>"#;
    let canon = |text: &str| canonical(text).unwrap();
    assert!(
        first_difference(&canon(base), &canon(same)).is_some(),
        "b is in another namespace"
    );
    let same =
        r#"<?xml version="1.0"?><a xmlns="urn:n" c="2"  b="1"><b xmlns="">t &#38; u</b></a>"#;
    assert_eq!(first_difference(&canon(base), &canon(same)), None);
    for changed in [
        r#"<x:a xmlns:x="urn:n" b="1"><b>t &amp; u</b></x:a>"#,
        r#"<x:a xmlns:x="urn:n" b="1" c="2"><b>t &amp; v</b></x:a>"#,
        r#"<x:a xmlns:x="urn:n" b="1" c="2"><b>t &amp; u</b><c/></x:a>"#,
        r#"<x:a xmlns:x="urn:other" b="1" c="2"><b>t &amp; u</b></x:a>"#,
    ] {
        assert!(
            first_difference(&canon(base), &canon(changed)).is_some(),
            "{changed}"
        );
    }
}

#[test]
fn an_edited_document_differs_only_where_edited() {
    let Some(dir) = shared() else { return };
    let file = dir.join("okapi/sample12.xlf");
    let (mut doc, _) = xliff::read_file(&file).unwrap();
    let unit = doc
        .units_mut()
        .find(|u| u.segments()[0].target.is_none())
        .unwrap();
    unit.set_target(
        0,
        vec![tmkit::unit::Inline::text("Bonjour")],
        xliff::State::Translated,
    )
    .unwrap();
    let written = String::from_utf8(xliff::write(&doc, Vec::new()).unwrap()).unwrap();
    let original = canonical(&decode(&std::fs::read(&file).unwrap())).unwrap();
    let again = canonical(&written).unwrap();
    assert!(first_difference(&original, &again).is_some());
    let added: Vec<_> = again
        .iter()
        .filter(|line| !original.contains(line))
        .collect();
    assert!(added.iter().any(|l| l.contains("Bonjour")), "{added:?}");
    assert_eq!(
        again.len(),
        original.len() + 3,
        "target start, text, end: {added:?}"
    );
}
