//! The built-in rules, analysed ahead of time.
//!
//! Filling in the abbreviation lists, parsing the SRX rules and analysing
//! them (see [`super::plan`]) was most of the start-up of `tmkit segment` on
//! a line of text. The result of the analysis is plain data, so for the
//! built-in rules it is made once, by `generate`, and kept in
//! `data/builtin_plans.bin`: the language maps of `data/tmkit.srx` and one
//! [`Plan`] for each selection of rule sets that the maps make for a language
//! with rules of its own (and for every other language). A process reads the
//! file, works out which maps apply to its language as the rules say, and
//! builds the engine of that selection's plan; the automata are still built
//! on first use, as before.
//!
//! The file is derived data: the test `data_file_is_what_the_rules_make`
//! fails when it is not exactly what `generate` makes from the current
//! rules, abbreviation lists and analysis; run it with `TMKIT_REGENERATE=1`
//! to rewrite the file. A language whose selection has no plan in the file
//! (or a file that cannot be read) is compiled from the rules as before.

use super::engine::Engine;
#[cfg(test)]
use super::plan;
use super::plan::{Plan, Tables};
use super::srx::{LanguageMap, select_maps};
use crate::lang::LangTag;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The data file, made by `generate`.
const DATA: &[u8] = include_bytes!("data/builtin_plans.bin");

#[cfg(test)]
/// Languages whose selections get a plan: each language with rules of its
/// own and one without (`und` stands for every other language).
const LANGUAGES: &[&str] = &["en", "ru", "uk", "de", "fr", "und"];

/// The contents of the data file.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Builtin {
    /// The built-in document's `cascade`.
    cascade: bool,
    /// Its language maps, in order.
    maps: Vec<LanguageMap>,
    /// The classes and sides of all the plans.
    tables: Tables,
    /// By selection (bit `i` set: map `i` applies), its plan.
    plans: Vec<(u64, Plan)>,
}

/// The maps that apply to `lang` as bits; `None` when a map cannot say
/// (left to the rules' own path, which reports it) or there are too many.
fn selection(maps: &[LanguageMap], cascade: bool, lang: &LangTag) -> Option<u64> {
    if maps.len() > 64 {
        return None;
    }
    let mut bits = 0u64;
    for applies in select_maps(maps, cascade, lang) {
        bits |= 1 << applies.ok()?;
    }
    Some(bits)
}

/// The engine of the built-in rules for `lang`, from the data file; `None`
/// when the file has no plan for the rule sets that apply to `lang`.
pub(crate) fn engine(lang: &LangTag) -> Option<Engine> {
    static BUILTIN: OnceLock<Option<Builtin>> = OnceLock::new();
    let builtin = BUILTIN
        .get_or_init(|| postcard::from_bytes(DATA).ok())
        .as_ref()?;
    let selection = selection(&builtin.maps, builtin.cascade, lang)?;
    let (_, plan) = builtin.plans.iter().find(|(s, _)| *s == selection)?;
    Some(Engine::build(&builtin.tables, plan, Vec::new(), None))
}

#[cfg(test)]
/// The data file's contents for the current built-in rules: what the
/// engine would compile from them for each of [`LANGUAGES`].
fn generate() -> Vec<u8> {
    let doc = super::default_document();
    let mut builtin = Builtin {
        cascade: doc.cascade,
        maps: doc.language_maps.clone(),
        tables: Tables::default(),
        plans: Vec::new(),
    };
    for tag in LANGUAGES {
        let lang = LangTag::parse(tag);
        let Some(selection) = selection(&builtin.maps, builtin.cascade, &lang) else {
            continue;
        };
        if builtin.plans.iter().any(|(s, _)| *s == selection) {
            continue;
        }
        // As `Segmenter::for_language` compiles them without the file.
        let (rules, _) = doc.rules_for(&lang);
        let (analysed, _) = plan::analyse(&rules, false);
        let (sides, classes) = builtin.tables.merge(&analysed.tables);
        builtin
            .plans
            .push((selection, analysed.plan.remap(&sides, &classes)));
    }
    // Serialising plain data to a vector cannot fail.
    postcard::to_stdvec(&builtin).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The data file is derived from the rules: it must be what they make
    /// now. `TMKIT_REGENERATE=1` rewrites it instead of failing.
    #[test]
    fn data_file_is_what_the_rules_make() {
        let made = generate();
        assert!(!made.is_empty());
        if made == DATA {
            return;
        }
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/segment/data/builtin_plans.bin"
        );
        if std::env::var_os("TMKIT_REGENERATE").is_some() {
            std::fs::write(path, &made).expect("writes the data file");
            return;
        }
        panic!(
            "{path} is stale: the built-in rules, the abbreviation lists or the rule \
             analysis changed since it was made. Rewrite it with \
             `TMKIT_REGENERATE=1 cargo test --lib segment::builtin` and commit it."
        );
    }

    /// Every language with rules of its own, and the others, get their
    /// engine from the file, and it segments as the rules compiled anew.
    #[test]
    fn engines_from_the_file_break_as_the_rules() {
        let text = "Mr. Smith arrived at 5 p.m. on Jan. 3. He said: \"Fine.\" 1. One. \
                    Г-н Смирнов приехал в г. Москву. Он сказал: «Привет!» z. B. Herr M. \
                    Müller kam. M. Dupont est arrivé… Ça va? Так, т. е. ось.\n\nNew paragraph";
        for tag in ["en", "en-GB", "ru", "uk", "de", "fr", "es", "zh-Hant"] {
            let lang = LangTag::parse(tag);
            let from_file = engine(&lang).unwrap_or_else(|| panic!("{tag}: no plan in the file"));
            let (rules, _) = super::super::default_document().rules_for(&lang);
            let (compiled, problems) = Engine::compile(&rules, false);
            assert!(problems.is_empty(), "{tag}");
            assert_eq!(from_file.rule_count(), compiled.rule_count(), "{tag}");
            assert_eq!(from_file.breaks(text), compiled.breaks(text), "{tag}");
        }
    }

    #[test]
    fn a_selection_without_a_plan_is_left_to_the_rules() {
        let doc = super::super::default_document();
        let en = selection(&doc.language_maps, doc.cascade, &LangTag::parse("en"));
        let ru = selection(&doc.language_maps, doc.cascade, &LangTag::parse("ru"));
        assert!(en.is_some() && en != ru);
        // Without cascading only the first map that applies counts.
        let first = selection(&doc.language_maps, false, &LangTag::parse("en"));
        assert_eq!(first.map(u64::count_ones), Some(1));
    }
}
