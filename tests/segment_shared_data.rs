//! The default rules against gold segmentations in `../shared/data/segmentation/`:
//! every one of pySBD's 48 English golden rules, and F1 floors on the news and
//! UD sets that fail when a change costs more than noise. Skipped, with a
//! printed reason, when the shared data is not beside the project.

use std::path::{Path, PathBuf};

use tmkit::lang::LangTag;
use tmkit::segment::{Segmenter, eval};

fn segmentation_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/segmentation");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} not found (the shared data set is not present)",
            dir.display()
        );
        None
    }
}

#[derive(serde::Deserialize)]
struct GoldLine {
    lang: String,
    #[serde(default)]
    id: String,
    text: String,
    sentences: Vec<String>,
}

fn read_gold(path: &Path) -> Vec<GoldLine> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn all_48_english_golden_rules_of_pysbd_pass() {
    let Some(dir) = segmentation_data() else {
        return;
    };
    let gold = read_gold(&dir.join("pysbd/pysbd_golden_rules.jsonl"));
    let segmenter = Segmenter::for_language(&LangTag::parse("en"));
    let cases: Vec<&GoldLine> = gold
        .iter()
        .filter(|g| g.lang == "en" && g.id.starts_with("en-GOLDEN_EN_RULES_TEST_CASES-"))
        .collect();
    assert_eq!(cases.len(), 48, "the golden rule list changed");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let got: Vec<String> = segmenter
                .segment(&case.text)
                .into_iter()
                .map(|s| s.text)
                .collect();
            let want: Vec<String> = case
                .sentences
                .iter()
                .map(|s| s.trim().to_string())
                .collect();
            (got != want).then(|| format!("{}:\n  want {want:?}\n  got  {got:?}", case.id))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} golden rules fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Boundary F1 of the default rules on one gold file, scored as `tmkit eval segment` does.
fn boundary_f1(path: &Path) -> f64 {
    let (units, _skipped) = eval::read_gold(path).unwrap();
    let mut counts = eval::Counts::default();
    for unit in &units {
        let segmenter = Segmenter::for_language(&LangTag::parse(&unit.lang));
        let predicted = eval::predicted_boundaries(&unit.text, &segmenter.segment(&unit.text));
        counts.add(eval::score(unit, &predicted).0);
    }
    counts.f1()
}

#[test]
fn news_and_ud_f1_stay_above_their_floors() {
    let Some(dir) = segmentation_data() else {
        return;
    };
    // Floors sit about 0.005 under the figures in BENCHMARKS.md.
    let floors = [
        ("ntrex/ntrex128_newstest2019.en.jsonl", 0.975),
        ("ntrex/ntrex128_newstest2019.de.jsonl", 0.945),
        ("ntrex/ntrex128_newstest2019.fr.jsonl", 0.955),
        ("ntrex/ntrex128_newstest2019.ru.jsonl", 0.942),
        ("ntrex/ntrex128_newstest2019.uk.jsonl", 0.917),
        ("ud/en_gum-dev.jsonl", 0.975),
        ("ud/de_gsd-dev.jsonl", 0.980),
        ("ud/fr_gsd-dev.jsonl", 0.975),
        ("ud/ru_gsd-dev.jsonl", 0.975),
        ("ud/uk_iu-dev.jsonl", 0.975),
    ];
    let mut below = Vec::new();
    for (file, floor) in floors {
        let path = dir.join(file);
        if !path.is_file() {
            eprintln!("skipped {file}: not present");
            continue;
        }
        let f1 = boundary_f1(&path);
        eprintln!("{file}: F1 {f1:.4} (floor {floor})");
        if f1 < floor {
            below.push(format!("{file}: {f1:.4} < {floor}"));
        }
    }
    assert!(
        below.is_empty(),
        "F1 fell below its floor:\n{}",
        below.join("\n")
    );
}
