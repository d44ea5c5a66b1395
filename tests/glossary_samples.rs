//! Every TBX sample in ../shared/data/glossary/tbx loads, or fails with a
//! precise file:line:column error (the truncated one).

use std::path::{Path, PathBuf};
use tmkit::glossary::{Glossary, TermStatus};

fn samples() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/glossary/tbx");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

#[test]
fn every_sample_loads_or_fails_precisely() {
    let Some(dir) = samples() else { return };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 14);
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let result = Glossary::load(&path);
        if name.contains("truncated") {
            let err = result.expect_err("the truncated sample must not load");
            assert!(err.position.line > 1, "{err}");
            assert!(err.message.contains("ends inside"), "{err}");
            assert!(err.to_string().starts_with(&path.display().to_string()));
            continue;
        }
        let (glossary, _) = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!glossary.entries.is_empty(), "{name} has no entries");
        for entry in &glossary.entries {
            for term in &entry.terms {
                assert!(!term.text.is_empty(), "{name}: empty term kept");
            }
        }
    }
}

#[test]
fn v3_dca_and_dct_samples_agree() {
    let Some(dir) = samples() else { return };
    let (dca, _) = Glossary::load(&dir.join("tmkit_names_v3_dca.tbx")).unwrap();
    let (dct, _) = Glossary::load(&dir.join("tmkit_names_v3_dct.tbx")).unwrap();
    assert_eq!(dca.entries.len(), dct.entries.len());
    for (a, b) in dca.entries.iter().zip(&dct.entries) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.subject, b.subject);
        let ta: Vec<_> = a
            .terms
            .iter()
            .map(|t| (&t.text, t.status, t.gender))
            .collect();
        let tb: Vec<_> = b
            .terms
            .iter()
            .map(|t| (&t.text, t.status, t.gender))
            .collect();
        assert_eq!(ta, tb);
    }
    let kukhtin = dca
        .entries
        .iter()
        .find(|e| e.id.as_deref() == Some("person-kukhtin-mikhail"))
        .unwrap();
    assert_eq!(kukhtin.approved("en").unwrap().text, "Mikhail Kukhtin");
    let deprecated: Vec<_> = kukhtin
        .terms_in("en")
        .filter(|t| t.status == Some(TermStatus::Deprecated))
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(deprecated, vec!["Mykhailo Kukhtin"]);
    assert_eq!(
        kukhtin.terms_in("uk").next().unwrap().text,
        "Михайло Кухтін"
    );
}

#[test]
fn windows_1254_sample_decodes() {
    let Some(dir) = samples() else { return };
    let (g, _) = Glossary::load(&dir.join("okapi_test02_win1254.tbx")).unwrap();
    let tr = g.entries[0].terms_in("tr").next().unwrap();
    assert_eq!(tr.text, "tr term with: éá and İı");
}

#[test]
fn v2_samples_with_ntig_and_bom() {
    let Some(dir) = samples() else { return };
    let (g, _) = Glossary::load(&dir.join("okapi_maryland.tbx")).unwrap();
    let en: Vec<_> = g.entries[0]
        .terms_in("en")
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(en, vec!["scribe", "copyist"]);
    let fr: Vec<_> = g.entries[0]
        .terms_in("fr")
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(fr, vec!["copiste", "scribe", "écrivain"]);
    let (g, _) = Glossary::load(&dir.join("omegat_sampleTBXfile.tbx")).unwrap();
    assert_eq!(g.entries[0].terms[0].text, "alpha smoothing factor");
    assert_eq!(
        g.entries[0].terms[0].part_of_speech.as_deref(),
        Some("noun")
    );
}
