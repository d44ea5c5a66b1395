//! The iuliia project's reference samples (MIT, `../shared/data/glossary/translit/`)
//! run through the matching tmkit schemes.
//!
//! iuliia writes Cyrillic ё (U+0451) where BGN/PCGN, ISO 9, ALA-LC and the
//! scientific system have Latin ë (U+00EB); the expected strings are corrected
//! before comparing, and expected strings are compared in NFC (iuliia's
//! `gost_779` table spells ž decomposed). Every other difference is listed in `DEVIATIONS` with
//! the reason.

use std::path::{Path, PathBuf};
use tmkit::translit::Scheme;
use unicode_normalization::UnicodeNormalization;

/// iuliia schema name → tmkit scheme id.
const SCHEMAS: &[(&str, &str)] = &[
    ("bgn_pcgn", "bgn-pcgn"),
    ("wikipedia", "wikipedia"),
    ("icao_doc_9303", "icao"),
    ("gost_779", "iso9"),
    ("gost_779_alt", "gost-7.79-b"),
    ("ala_lc", "ala-lc"),
    ("ala_lc_alt", "ala-lc-ascii"),
    ("scientific", "scientific"),
    ("mvd_310", "mvd-310"),
    ("gost_52535", "gost-52535"),
];

/// (iuliia schema, source, what tmkit writes instead, why).
const DEVIATIONS: &[(&str, &str, &str, &str)] = &[(
    "ala_lc",
    "Юлия, съешь ещё этих мягких французских булок из Йошкар-Олы, да выпей алтайского чаю",
    "I͡Ulii͡a, sʺeshʹ eshchë ėtikh mi͡agkikh frant͡suzskikh bulok iz Ĭoshkar-Oly, da vypeĭ altaĭskogo chai͡u",
    // The ALA-LC table gives the capitals of ю, я, ц as I͡U, I͡A, T͡S: letters
    // joined by the tie bar are capitalised together (Library of Congress
    // headings: T͡Svetaeva). iuliia capitalises only the first letter.
    "ALA-LC capitalises both tied letters",
)];

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/glossary/translit");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: {} not found (the shared iuliia tables are not in this checkout)",
            dir.display()
        );
        None
    }
}

fn samples(dir: &Path, schema: &str) -> Vec<(String, String)> {
    let path = dir.join(format!("iuliia_{schema}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["samples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            let source = pair[0].as_str().unwrap().to_string();
            let expected = pair[1]
                .as_str()
                .unwrap()
                .replace('ё', "ë")
                .replace('Ё', "Ë")
                .nfc()
                .collect();
            (source, expected)
        })
        .collect()
}

#[test]
fn iuliia_samples_match_our_schemes() {
    let Some(dir) = data_dir() else { return };
    let mut checked = 0;
    let mut failures = Vec::new();
    for (schema, id) in SCHEMAS {
        let scheme = Scheme::by_id(id).unwrap();
        // iuliia's own names resolve to the same scheme.
        assert_eq!(
            Scheme::by_id(schema).map(Scheme::id),
            Some(*id),
            "alias {schema}"
        );
        for (source, mut expected) in samples(&dir, schema) {
            if let Some(deviation) = DEVIATIONS
                .iter()
                .find(|(s, src, _, _)| s == schema && *src == source)
            {
                expected = deviation.2.to_string();
            }
            let got = scheme.transliterate(&source);
            checked += 1;
            if got != expected {
                failures.push(format!(
                    "{id} ({schema}): {source}\n   got  {got}\n   want {expected}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    assert!(checked >= 60, "only {checked} samples checked");
}

/// iuliia's `bgn_pcgn_alt` is BGN/PCGN without the optional middle dot; with
/// ë, ’ and ” also dropped it is exactly the wire-service ASCII form, so its
/// samples check `bgn-pcgn-ascii` (the ye/yë context rules above all).
#[test]
fn iuliia_bgn_pcgn_alt_samples_match_the_ascii_variant() {
    let Some(dir) = data_dir() else { return };
    let scheme = Scheme::by_id("bgn-pcgn-ascii").unwrap();
    for (source, expected) in samples(&dir, "bgn_pcgn_alt") {
        let expected: String = expected
            .replace('ë', "e")
            .chars()
            .filter(|c| !matches!(c, '’' | '”'))
            .collect();
        assert_eq!(scheme.transliterate(&source), expected, "{source}");
    }
}

/// The tables themselves: every letter of each iuliia `mapping` gives the
/// same output in our scheme when it stands alone between consonants, where
/// no context rule applies (бXб).
#[test]
fn iuliia_letter_tables_agree() {
    let Some(dir) = data_dir() else { return };
    for (schema, id) in SCHEMAS {
        let scheme = Scheme::by_id(id).unwrap();
        let path = dir.join(format!("iuliia_{schema}.json"));
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let has_context = |letter: &str| {
            ["prev_mapping", "next_mapping"].iter().any(|key| {
                json[key]
                    .as_object()
                    .is_some_and(|m| m.keys().any(|k| k.contains(letter)))
            })
        };
        for (letter, output) in json["mapping"].as_object().unwrap() {
            if has_context(letter) {
                continue; // covered by the samples
            }
            let output: String = output.as_str().unwrap().replace('ё', "ë").nfc().collect();
            let got = scheme.transliterate(&format!("ж{letter}ж"));
            let zh = scheme.transliterate("ж");
            assert_eq!(got, format!("{zh}{output}{zh}"), "{id}: {letter}");
        }
    }
}
