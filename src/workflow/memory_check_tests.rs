//! Tests of `memory_check` (in their own file: the module passed 900 lines).

use super::*;
use crate::unit::VecReader;

/// Options for a ru → en check without a glossary (also used by
/// `memory_fix`'s tests).
pub(crate) fn options() -> MemoryCheckOptions<'static> {
    MemoryCheckOptions {
        name: "tm".into(),
        source_lang: LangTag::parse("ru"),
        target_lang: LangTag::parse("en"),
        termbase: None,
        approved: Vec::new(),
    }
}

struct Units(Vec<TranslationUnit>);

impl UnitSource for Units {
    fn each(&mut self, visit: &mut dyn FnMut(i64, TranslationUnit)) -> Result<(), CheckError> {
        for (i, unit) in self.0.iter().enumerate() {
            visit(i as i64 + 1, unit.clone());
        }
        Ok(())
    }
    fn some(
        &mut self,
        wanted: &[i64],
        visit: &mut dyn FnMut(i64, &TranslationUnit),
    ) -> Result<(), CheckError> {
        for &key in wanted {
            visit(key, &self.0[key as usize - 1]);
        }
        Ok(())
    }
}

fn run(pairs: &[(&str, &str)]) -> MemoryReport {
    let units = pairs
        .iter()
        .map(|(s, t)| TranslationUnit::pair("ru", s, "en", t))
        .collect();
    let _ = VecReader::new(Vec::new());
    check_units(&mut Units(units), &options(), &mut |_| {}).unwrap()
}

#[test]
fn consistency_groups_both_ways_with_counts_and_units() {
    let report = run(&[
        ("Переговоры начались.", "The talks began."),
        ("Переговоры  начались.", "Talks started."),
        ("Переговоры начались.", "The talks began."),
        ("Беседы начались.", "The talks began."),
        ("Другое.", "Something else."),
    ]);
    let rules: Vec<&str> = report
        .findings
        .iter()
        .map(|f| f.finding.rule.id())
        .collect();
    assert_eq!(
        rules,
        ["inconsistent-source", "inconsistent-translation"],
        "{report:#?}"
    );
    let translation = &report.findings[1];
    assert_eq!(translation.shared.as_deref(), Some("Переговоры начались."));
    assert_eq!(translation.variants[0].text, "The talks began.");
    assert_eq!(translation.variants[0].units, ["1", "3"]);
    assert_eq!(translation.variants[1].units, ["2"]);
    assert_eq!(translation.finding.segment, Some(2));
    assert_eq!(
        translation.finding.unit, None,
        "no tuid: the segment names the unit"
    );
    assert_eq!(translation.finding.severity, Severity::Warning);
    let source = &report.findings[0];
    assert_eq!(source.variants.len(), 2);
    assert_eq!(source.variants[0].count, 2);
    assert_eq!(source.variants[1].units, ["4"]);
    assert_eq!(report.checked, 5);
}

#[test]
fn same_text_modulo_spacing_is_consistent() {
    let report = run(&[("Один.", "One."), ("Один.", "One. "), ("Один. ", "One.")]);
    assert!(report.findings.is_empty(), "{report:#?}");
}

#[test]
fn qa_rules_and_names_run_per_unit() {
    let report = run(&[
        ("Рост 4,5% в 2014 году.", "Growth of 4.6% in 2014."),
        ("Михаил Кухтин сказал.", "Mikhail Kukhtin said so."),
        ("Михаил Кухтин ушёл.", "Mikhail Kukhtin left here."),
        ("Кухтин вернулся.", "Mykhaylo Khuktin returned home."),
    ]);
    let rules: Vec<&str> = report
        .findings
        .iter()
        .map(|f| f.finding.rule.id())
        .collect();
    assert!(rules.contains(&"number-mismatch"), "{rules:?}");
    let names: Vec<&MemoryFinding> = report
        .findings
        .iter()
        .filter(|f| f.finding.rule == Rule::NameInconsistency)
        .collect();
    assert_eq!(names.len(), 1, "{report:#?}");
    assert_eq!(names[0].finding.segment, Some(4));
    assert_eq!(names[0].spellings[0].text, "Mikhail Kukhtin");
    let units: Vec<&str> = names[0].spellings[0]
        .occurrences
        .iter()
        .map(|o| o.unit.as_str())
        .collect();
    assert_eq!(units, ["2", "3"]);
}
