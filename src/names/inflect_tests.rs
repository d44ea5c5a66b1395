//! Tests of the name-inflection rules (`inflect.rs`).

use super::*;

/// Distinct texts of the forms, in order.
fn texts(lemma: &str, lang: &str, part: NamePart, gender: Option<Gender>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for form in forms(lemma, lang, part, gender) {
        if !out.contains(&form.text) {
            out.push(form.text);
        }
    }
    out
}

fn form_of(
    lemma: &str,
    lang: &str,
    part: NamePart,
    gender: Option<Gender>,
    case: Case,
) -> Vec<String> {
    forms(lemma, lang, part, gender)
        .into_iter()
        .filter(|f| f.case == case && f.number == Number::Singular)
        .map(|f| f.text)
        .collect()
}

#[test]
fn russian_mikhail_kukhtin() {
    use Case::*;
    let first = |c| form_of("Михаил", "ru", NamePart::FirstName, None, c);
    let last = |c| form_of("Кухтин", "ru", NamePart::Surname, None, c);
    assert_eq!(first(Genitive), ["Михаила"]);
    assert_eq!(last(Genitive), ["Кухтина"]);
    assert_eq!(first(Dative), ["Михаилу"]);
    assert_eq!(last(Dative), ["Кухтину"]);
    assert_eq!(first(Instrumental), ["Михаилом"]);
    assert_eq!(last(Instrumental), ["Кухтиным"]);
    assert_eq!(first(Locative), ["Михаиле"]);
    assert_eq!(last(Locative), ["Кухтине"]);
    assert!(first(Vocative).is_empty());
}

#[test]
fn russian_litvinov() {
    let f = |lemma, g, c| form_of(lemma, "ru", NamePart::Surname, g, c);
    assert_eq!(
        f("Литвинова", Some(Gender::Feminine), Case::Genitive),
        ["Литвиновой"]
    );
    assert_eq!(f("Литвинова", None, Case::Accusative), ["Литвинову"]);
    assert_eq!(f("Литвинов", None, Case::Instrumental), ["Литвиновым"]);
    assert_eq!(
        form_of("Борис", "ru", NamePart::FirstName, None, Case::Instrumental),
        ["Борисом"]
    );
    let plural: Vec<String> = forms("Литвинов", "ru", NamePart::Surname, None)
        .into_iter()
        .filter(|f| f.number == Number::Plural)
        .map(|f| f.text)
        .collect();
    assert!(plural.contains(&"Литвиновы".to_string()));
    assert!(plural.contains(&"Литвиновыми".to_string()));
}

#[test]
fn indeclinable_surnames() {
    for lemma in [
        "Шевченко",
        "Тимошенко",
        "Кличко",
        "Черных",
        "Седых",
        "Дурново",
        "Шойгу",
    ] {
        assert_eq!(
            texts(lemma, "ru", NamePart::Surname, None),
            [lemma],
            "{lemma}"
        );
    }
    // A woman's consonant-final surname does not decline.
    assert_eq!(
        texts("Кравчук", "ru", NamePart::Surname, Some(Gender::Feminine)),
        ["Кравчук"]
    );
    assert!(
        texts("Кравчук", "ru", NamePart::Surname, Some(Gender::Masculine))
            .contains(&"Кравчуком".to_string())
    );
}

#[test]
fn adjectival_surnames() {
    let m = texts("Зеленский", "ru", NamePart::Surname, None);
    for f in ["Зеленского", "Зеленскому", "Зеленским", "Зеленском"]
    {
        assert!(m.contains(&f.to_string()), "{f} in {m:?}");
    }
    let f = texts("Зеленская", "ru", NamePart::Surname, None);
    assert!(f.contains(&"Зеленской".to_string()) && f.contains(&"Зеленскую".to_string()));
    let t = texts("Толстой", "ru", NamePart::Surname, None);
    assert!(t.contains(&"Толстым".to_string()) && t.contains(&"Толстого".to_string()));
    let uk = texts("Зеленський", "uk", NamePart::Surname, None);
    assert!(uk.contains(&"Зеленського".to_string()) && uk.contains(&"Зеленським".to_string()));
}

#[test]
fn russian_first_names() {
    let g = |lemma| form_of(lemma, "ru", NamePart::FirstName, None, Case::Genitive);
    assert_eq!(g("Павел"), ["Павла"]);
    assert_eq!(g("Лев"), ["Льва"]);
    assert_eq!(g("Пётр"), ["Петра"]);
    assert_eq!(g("Юрий"), ["Юрия"]);
    assert_eq!(g("Игорь"), ["Игоря"]);
    assert_eq!(g("Ольга"), ["Ольги"]);
    assert_eq!(g("Никита"), ["Никиты"]);
    assert_eq!(g("Мария"), ["Марии"]);
    assert_eq!(
        form_of("Мария", "ru", NamePart::FirstName, None, Case::Instrumental),
        ["Марией"]
    );
    assert_eq!(
        form_of("Илья", "ru", NamePart::FirstName, None, Case::Instrumental),
        ["Ильей"]
    );
    assert_eq!(
        form_of(
            "Любовь",
            "ru",
            NamePart::FirstName,
            None,
            Case::Instrumental
        ),
        ["Любовью"]
    );
    assert_eq!(
        form_of("Юрий", "ru", NamePart::FirstName, None, Case::Locative),
        ["Юрии"]
    );
}

#[test]
fn ukrainian_names() {
    let f = |lemma, part, case| form_of(lemma, "uk", part, None, case);
    assert_eq!(
        f("Михайло", NamePart::FirstName, Case::Genitive),
        ["Михайла"]
    );
    assert_eq!(
        f("Михайло", NamePart::FirstName, Case::Dative),
        ["Михайлові", "Михайлу"]
    );
    assert_eq!(
        f("Михайло", NamePart::FirstName, Case::Instrumental),
        ["Михайлом"]
    );
    assert_eq!(
        f("Михайло", NamePart::FirstName, Case::Vocative),
        ["Михайле"]
    );
    assert_eq!(f("Олена", NamePart::FirstName, Case::Dative), ["Олені"]);
    assert_eq!(f("Ольга", NamePart::FirstName, Case::Dative), ["Ользі"]);
    assert_eq!(
        f("Шевченко", NamePart::Surname, Case::Genitive),
        ["Шевченка"]
    );
    assert_eq!(
        f("Литвинов", NamePart::Surname, Case::Instrumental),
        ["Литвиновим"]
    );
    assert_eq!(
        f("Литвинова", NamePart::Surname, Case::Genitive),
        ["Литвинової"]
    );
    assert_eq!(
        f("Сергій", NamePart::FirstName, Case::Instrumental),
        ["Сергієм"]
    );
    assert_eq!(
        texts("Шевченко", "uk", NamePart::Surname, Some(Gender::Feminine)),
        ["Шевченко"]
    );
    assert_eq!(
        forms("Шевченко", "uk", NamePart::Surname, Some(Gender::Feminine)).len(),
        7
    );
}

#[test]
fn analysis_reports_ambiguity() {
    let readings = analyze("Кухтина", "ru");
    assert!(
        readings
            .iter()
            .any(|(l, f)| l == "Кухтин" && f.case == Case::Accusative)
    );
    assert!(readings.iter().any(|(l, f)| l == "Кухтина"
        && f.case == Case::Nominative
        && f.gender == Gender::Feminine));
    assert!(
        analyze("Литвиновым", "ru")
            .iter()
            .any(|(l, _)| l == "Литвинов")
    );
    assert!(analyze("Михаила", "ru").iter().any(|(l, _)| l == "Михаил"));
}

#[test]
fn index_lookup_folds_yo_and_case() {
    let mut index = FormIndex::default();
    index.add("Горбачёв", "ru", NamePart::Surname, None);
    // Instrumental singular and dative plural ("the Gorbachevs").
    let readings = index.analyze("ГОРБАЧЁВЫМ");
    assert_eq!(readings.len(), 2);
    assert!(readings.iter().all(|(lemma, _)| lemma == "Горбачев"));
    assert!(!index.is_ambiguous("Горбачевым"));
    assert!(index.analyze("Горбач").is_empty());
}

#[test]
fn every_rule_parses() {
    let lines = data_lines(include_str!("data/declension.tsv")).count();
    assert_eq!(rules().len(), lines);
}
