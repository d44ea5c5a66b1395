//! Cyrillic → Latin transliteration with named schemes.
//!
//! Each scheme is a data file under `src/translit/schemes/` (format documented
//! in [`format`](self#scheme-file-format) below), embedded in the binary and parsed once on
//! first use. A scheme is a letter table plus context rules (word-initial
//! е/ё/ю/я/є/ї/й, after vowels or signs, word-final -ий/-ый, digraphs such as
//! Ukrainian зг → zgh, whole-word exceptions); the engine applies them with
//! word boundaries and restores case, including all-caps words
//! (ЩУКА → SHCHUKA, Щука → Shchuka).
//!
//! ```
//! use tmkit::translit::Scheme;
//!
//! let bgn = Scheme::by_id("bgn-pcgn").unwrap();
//! assert_eq!(bgn.transliterate("Михаил Кухтин"), "Mikhail Kukhtin");
//! let kmu = Scheme::by_id("uk-kmu-2010").unwrap();
//! assert_eq!(kmu.transliterate("Згурський, Зґурський"), "Zghurskyi, Zgurskyi");
//! assert_eq!(Scheme::by_id("wikipedia").unwrap().transliterate("Владимир Зеленский"), "Vladimir Zelensky");
//! ```
//!
//! # Schemes
//!
//! | id | language | standard |
//! |---|---|---|
//! | `wikipedia` | ru | English Wikipedia / English-press convention (default for ru) |
//! | `bgn-pcgn` | ru | BGN/PCGN 1947 (ë, ’ ”, middle dots) |
//! | `bgn-pcgn-ascii` | ru | BGN/PCGN without diacritics and signs (news wires) |
//! | `iso9` | ru uk be bg sr mk | ISO 9:1995 = GOST 7.79-2000 system A |
//! | `gost-7.79-b` | ru | GOST 7.79-2000 system B (ASCII) |
//! | `ala-lc` | ru | ALA-LC with diacritics and ligature ties |
//! | `ala-lc-ascii` | ru | ALA-LC without diacritics or ties |
//! | `icao` | ru | ICAO Doc 9303, Russian passports since 2013 |
//! | `mvd-310` | ru | MVD order 310 (passports 1997–2010) |
//! | `gost-52535` | ru | GOST R 52535.1-2006 (passports 2010–2013) |
//! | `scientific` | ru | scholarly transliteration |
//! | `de-press` | ru | German press / Duden transcription |
//! | `fr-press` | ru | French press transcription |
//! | `uk-kmu-2010` | uk | Ukrainian national system, KMU resolution 55 of 2010 (default for uk) |
//! | `uk-bgn-pcgn` | uk | BGN/PCGN 1965 for Ukrainian |
//! | `uk-scientific` | uk | scholarly transliteration of Ukrainian |
//! | `be-national` | be | Belarusian national system (2007 instruction; default for be) |
//! | `be-bgn-pcgn` | be | BGN/PCGN 1979 for Belarusian |
//! | `bg-streamlined` | bg | Bulgarian streamlined system, Transliteration Act 2009 (default for bg) |
//! | `sr-latin` | sr | Serbian Latin alphabet, Gajica (default for sr) |
//! | `sr-ascii` | sr | Serbian Latin without diacritics, as in the English press |
//!
//! [`Scheme::all`] lists them with their aliases; ids are matched
//! case-insensitively, with `_`, `/` and spaces equal to `-` and dots ignored
//! (`GOST_7.79_B`, `gost-779-b` and `gost-7.79-b` are the same).
//!
//! # Scheme file format
//!
//! A line-based format, one file per scheme; see the `format` module source
//! (`src/translit/format.rs`) for the full description. Users can load their
//! own files with [`Scheme::parse`].

mod detect;
mod engine;
mod format;

pub use detect::detect_cyrillic_language;
pub use format::SchemeError;

use std::sync::LazyLock;

/// The embedded scheme files, in the order `--list` and `transliterate_all` use.
const SCHEME_FILES: &[(&str, &str)] = &[
    ("ru-wikipedia.txt", include_str!("schemes/ru-wikipedia.txt")),
    ("ru-bgn-pcgn.txt", include_str!("schemes/ru-bgn-pcgn.txt")),
    (
        "ru-bgn-pcgn-ascii.txt",
        include_str!("schemes/ru-bgn-pcgn-ascii.txt"),
    ),
    ("ru-icao.txt", include_str!("schemes/ru-icao.txt")),
    ("ru-mvd-310.txt", include_str!("schemes/ru-mvd-310.txt")),
    (
        "ru-gost-52535.txt",
        include_str!("schemes/ru-gost-52535.txt"),
    ),
    ("ru-ala-lc.txt", include_str!("schemes/ru-ala-lc.txt")),
    (
        "ru-ala-lc-ascii.txt",
        include_str!("schemes/ru-ala-lc-ascii.txt"),
    ),
    (
        "ru-gost-7.79-b.txt",
        include_str!("schemes/ru-gost-7.79-b.txt"),
    ),
    (
        "ru-scientific.txt",
        include_str!("schemes/ru-scientific.txt"),
    ),
    ("ru-de-press.txt", include_str!("schemes/ru-de-press.txt")),
    ("ru-fr-press.txt", include_str!("schemes/ru-fr-press.txt")),
    ("iso9.txt", include_str!("schemes/iso9.txt")),
    ("uk-kmu-2010.txt", include_str!("schemes/uk-kmu-2010.txt")),
    ("uk-bgn-pcgn.txt", include_str!("schemes/uk-bgn-pcgn.txt")),
    (
        "uk-scientific.txt",
        include_str!("schemes/uk-scientific.txt"),
    ),
    ("be-national.txt", include_str!("schemes/be-national.txt")),
    ("be-bgn-pcgn.txt", include_str!("schemes/be-bgn-pcgn.txt")),
    (
        "bg-streamlined.txt",
        include_str!("schemes/bg-streamlined.txt"),
    ),
    ("sr-latin.txt", include_str!("schemes/sr-latin.txt")),
    ("sr-ascii.txt", include_str!("schemes/sr-ascii.txt")),
];

/// The scheme every other scheme falls back to for letters it lacks: ISO 9
/// covers every Cyrillic letter of the Slavic languages.
const UNIVERSAL_FALLBACK: &str = "iso9";

static SCHEMES: LazyLock<Vec<Scheme>> = LazyLock::new(|| {
    SCHEME_FILES
        .iter()
        .map(|(file, text)| match Scheme::parse(file, text) {
            Ok(scheme) => scheme,
            // The files are part of the binary and a unit test parses each of
            // them, so this is a build defect, never a user input problem.
            Err(error) => panic!("embedded transliteration scheme is invalid: {error}"),
        })
        .collect()
});

/// A transliteration scheme: a named standard or convention for one or more
/// languages, with its letter table and context rules.
#[derive(Debug, Clone)]
pub struct Scheme {
    id: String,
    name: String,
    languages: Vec<String>,
    aliases: Vec<String>,
    default_for: Vec<String>,
    ascii: bool,
    fallback: Option<String>,
    standard: String,
    source: String,
    description: String,
    examples: Vec<(String, String)>,
    table: engine::Table,
}

/// Lower case, `_` `/` and spaces → `-`, dots removed: the form ids are compared in.
fn normalize_id(id: &str) -> String {
    id.trim()
        .chars()
        .filter(|&c| c != '.')
        .map(|c| match c {
            '_' | '/' | ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

impl Scheme {
    /// Parses a scheme file (the format of `src/translit/schemes/*.txt`);
    /// `file` names it in error messages.
    pub fn parse(file: &str, text: &str) -> Result<Scheme, SchemeError> {
        let parsed = format::parse(file, text)?;
        let header = |key: &str| parsed.header.get(key).cloned().unwrap_or_default();
        let list = |key: &str| -> Vec<String> {
            header(key)
                .split_whitespace()
                .map(|s| s.to_string())
                .collect()
        };
        let ascii = match header("ascii").as_str() {
            "" | "no" | "false" => false,
            "yes" | "true" => true,
            other => {
                return Err(SchemeError {
                    file: file.to_string(),
                    line: 0,
                    message: format!("`ascii = {other}`: write yes or no"),
                });
            }
        };
        let table = engine::Table::new(&parsed.letters, &parsed.rules);
        let non_ascii = table.outputs().find(|o| !o.is_ascii());
        if let (true, Some(bad)) = (ascii, non_ascii) {
            return Err(SchemeError {
                file: file.to_string(),
                line: 0,
                message: format!("the scheme says `ascii = yes` but writes `{bad}`"),
            });
        }
        let fallback = Some(header("fallback")).filter(|f| !f.is_empty());
        Ok(Scheme {
            id: header("id"),
            name: header("name"),
            languages: list("languages"),
            aliases: list("aliases"),
            default_for: list("default_for"),
            ascii,
            fallback,
            standard: header("standard"),
            source: header("source"),
            description: header("description"),
            examples: parsed.examples,
            table,
        })
    }

    /// The scheme with this id or alias (case-insensitive; `_`, `/` and spaces
    /// count as `-`, dots are ignored), e.g. `bgn-pcgn`, `ISO9`, `gost_779_alt`.
    pub fn by_id(id: &str) -> Option<&'static Scheme> {
        let wanted = normalize_id(id);
        Scheme::all().iter().find(|scheme| {
            normalize_id(&scheme.id) == wanted
                || scheme.aliases.iter().any(|a| normalize_id(a) == wanted)
        })
    }

    /// Like [`Scheme::by_id`], but with a language given, `{lang}-{id}` is
    /// tried first: `resolve("bgn-pcgn", Some("uk"))` is `uk-bgn-pcgn`.
    pub fn resolve(id: &str, lang: Option<&str>) -> Option<&'static Scheme> {
        if let Some(lang) = lang {
            let lang = primary_subtag(lang);
            let specific = Scheme::by_id(&format!("{lang}-{id}")).filter(|s| s.covers(&lang));
            if specific.is_some() {
                return specific;
            }
        }
        Scheme::by_id(id)
    }

    /// Every built-in scheme, parsed once from the embedded data files.
    pub fn all() -> &'static [Scheme] {
        &SCHEMES
    }

    /// The schemes for a language (`ru`, `uk`, `be`, `bg`, `sr`, `mk`; region
    /// subtags such as `ru-RU` are ignored): the default scheme first, then
    /// those made for the language, then those for several languages (ISO 9).
    pub fn for_language(lang: &str) -> Vec<&'static Scheme> {
        let lang = primary_subtag(lang);
        let mut schemes: Vec<&'static Scheme> =
            Scheme::all().iter().filter(|s| s.covers(&lang)).collect();
        // The default first, schemes made for this language next, ISO 9 (for all) last.
        schemes.sort_by_key(|s| (!s.default_for.contains(&lang), s.languages.len() > 1));
        schemes
    }

    /// The default scheme for a language: `wikipedia` for Russian (what
    /// English-language editors expect), the national systems for Ukrainian,
    /// Belarusian and Bulgarian, Gaj's Latin alphabet for Serbian, ISO 9 for
    /// Macedonian.
    pub fn default_for(lang: &str) -> Option<&'static Scheme> {
        Scheme::for_language(lang).into_iter().next()
    }

    /// The id, e.g. `bgn-pcgn`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A human-readable name, e.g. "BGN/PCGN 1947 (Russian)".
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The primary language (ISO 639-1), the first of [`Scheme::languages`].
    pub fn language(&self) -> &str {
        self.languages.first().map(String::as_str).unwrap_or("")
    }

    /// Every language the scheme is meant for (ISO 9 serves all of them).
    pub fn languages(&self) -> &[String] {
        &self.languages
    }

    /// Other names `by_id` accepts.
    pub fn aliases(&self) -> &[String] {
        &self.aliases
    }

    /// True when every output letter is ASCII (letters missing from the
    /// table are folded to ASCII too).
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// The standard or convention the table follows.
    pub fn standard(&self) -> &str {
        &self.standard
    }

    /// Where the table comes from (a publication or URL).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// One line on what the scheme is for.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Worked examples from the scheme file (source, expected output).
    pub fn examples(&self) -> &[(String, String)] {
        &self.examples
    }

    fn covers(&self, lang: &str) -> bool {
        self.languages.iter().any(|l| l == lang)
    }

    /// Transliterates `text`. Characters that are not Cyrillic pass through
    /// unchanged; word boundaries are those of Unicode letters and digits (an
    /// apostrophe between letters belongs to the word). Cyrillic letters the
    /// scheme does not list are taken from its fallback scheme, then ISO 9
    /// (folded to ASCII for ASCII schemes), else copied.
    pub fn transliterate(&self, text: &str) -> String {
        engine::apply(&self.table, text, &|letter| self.fallback_letter(letter))
    }

    fn fallback_letter(&self, letter: char) -> Option<String> {
        let mut next = self.fallback.as_deref();
        let mut seen = 0;
        let mut found = None;
        while let Some(id) = next {
            seen += 1;
            let Some(scheme) = Scheme::by_id(id) else {
                break;
            };
            if let Some(output) = scheme.table.letter(letter) {
                found = Some(output.to_string());
                break;
            }
            next = scheme.fallback.as_deref();
            if seen > 8 {
                break;
            }
        }
        if found.is_none() && self.id != UNIVERSAL_FALLBACK {
            found = Scheme::by_id(UNIVERSAL_FALLBACK)
                .and_then(|iso| iso.table.letter(letter))
                .map(str::to_string);
        }
        match found {
            Some(output) if self.ascii && !output.is_ascii() => Some(engine::ascii_fold(&output)),
            other => other,
        }
    }
}

fn primary_subtag(lang: &str) -> String {
    lang.split(['-', '_'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Transliterates `text` with every scheme for `lang`, default scheme first.
/// Every scheme keeps its own entry even when two outputs are equal, so a
/// caller knows which standards agree; [`group_outputs`] merges them.
pub fn transliterate_all(text: &str, lang: &str) -> Vec<(&'static Scheme, String)> {
    Scheme::for_language(lang)
        .into_iter()
        .map(|scheme| (scheme, scheme.transliterate(text)))
        .collect()
}

/// The distinct outputs of [`transliterate_all`], each with the schemes that
/// produce it, in order of first appearance.
pub fn group_outputs(results: &[(&'static Scheme, String)]) -> Vec<(String, Vec<&'static Scheme>)> {
    let mut groups: Vec<(String, Vec<&'static Scheme>)> = Vec::new();
    for (scheme, output) in results {
        match groups.iter_mut().find(|(o, _)| o == output) {
            Some((_, schemes)) => schemes.push(scheme),
            None => groups.push((output.clone(), vec![scheme])),
        }
    }
    groups
}

#[cfg(test)]
mod tests;
