//! Glossaries: concept entries with terms per language, read from and written
//! to TBX (v2 `martif`, v3 `tbx` in DCA and DCT styles), TSV and CSV.
//!
//! A [`Glossary`] is one file. Each [`Entry`] is one concept (a person, a place,
//! an organisation, or an ordinary term) and holds [`Term`]s in any number of
//! languages. A term carries its TBX `administrativeStatus` ([`TermStatus`]),
//! so a deprecated spelling kept in the same entry as the preferred one lets a
//! check say exactly which wrong variant was used and what to write instead.
//!
//! ```
//! use tmkit::glossary::{Glossary, TermStatus};
//!
//! let tsv = "ru\ten\tstatus\nМихаил Кухтин\tMikhail Kukhtin\tpreferred\n";
//! let (glossary, warnings) = Glossary::parse_str(tsv, "names.tsv", None).unwrap();
//! assert!(warnings.is_empty());
//! let entry = &glossary.entries[0];
//! assert_eq!(entry.approved("en").unwrap().text, "Mikhail Kukhtin");
//! assert_eq!(entry.terms[1].status, Some(TermStatus::Preferred));
//! ```

mod delimited;
mod tbx;

pub use delimited::{DelimitedOptions, HeaderMode, write_delimited};
pub use tbx::{TbxStyle, TbxVersion, write_tbx};

use crate::lang::LangTag;
use crate::unit::{Position, ReadError};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// The status of a term, as TBX `administrativeStatus` (or the older
/// `normativeAuthorization`) says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermStatus {
    /// The term to use (`preferredTerm-admn-sts`).
    Preferred,
    /// Acceptable, but not first choice (`admittedTerm-admn-sts`).
    Admitted,
    /// Should be replaced by the preferred term (`deprecatedTerm-admn-sts`).
    Deprecated,
    /// Outdated, replaced by a newer term (`supersededTerm-admn-sts`).
    Superseded,
    /// Must never be used (a "forbidden" or "do not use" term; TBX has no
    /// standard picklist value, so `forbiddenTerm-admn-sts` and
    /// `doNotUse` are both read).
    Forbidden,
}

impl TermStatus {
    /// Reads a status from the many spellings in the wild: TBX picklist values
    /// (`preferredTerm-admn-sts`), bare words (`preferred`), and common
    /// synonyms (`approved`, `legal`, `obsolete`, `do not use`). Case-insensitive.
    pub fn parse(text: &str) -> Option<TermStatus> {
        let key: String = text
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .collect();
        let key = key
            .trim_end_matches("admnsts")
            .trim_end_matches("term")
            .to_string();
        Some(match key.as_str() {
            "preferred" | "approved" | "standardized" | "legal" | "normative" => {
                TermStatus::Preferred
            }
            "admitted" | "admissible" | "allowed" | "acceptable" | "regulated" => {
                TermStatus::Admitted
            }
            "deprecated" | "notrecommended" | "avoid" => TermStatus::Deprecated,
            "superseded" | "obsolete" | "outdated" | "archaic" => TermStatus::Superseded,
            "forbidden" | "donotuse" | "prohibited" | "banned" | "illegal" | "blacklisted" => {
                TermStatus::Forbidden
            }
            _ => return None,
        })
    }

    /// The TBX picklist value (`preferredTerm-admn-sts`, …).
    pub fn tbx_value(self) -> &'static str {
        match self {
            TermStatus::Preferred => "preferredTerm-admn-sts",
            TermStatus::Admitted => "admittedTerm-admn-sts",
            TermStatus::Deprecated => "deprecatedTerm-admn-sts",
            TermStatus::Superseded => "supersededTerm-admn-sts",
            TermStatus::Forbidden => "forbiddenTerm-admn-sts",
        }
    }

    /// The bare word used in TSV/CSV and JSON (`preferred`, …).
    pub fn word(self) -> &'static str {
        match self {
            TermStatus::Preferred => "preferred",
            TermStatus::Admitted => "admitted",
            TermStatus::Deprecated => "deprecated",
            TermStatus::Superseded => "superseded",
            TermStatus::Forbidden => "forbidden",
        }
    }
}

/// What kind of name an entry is, when it is a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NameType {
    /// A person.
    Person,
    /// A place.
    Place,
    /// An organisation.
    Organisation,
}

impl NameType {
    /// Reads `person`, `place`/`geographicalName`, `organisation`/`organization`/`org`.
    pub fn parse(text: &str) -> Option<NameType> {
        match text.trim().to_ascii_lowercase().as_str() {
            "person" | "personname" | "people" | "name" => Some(NameType::Person),
            "place" | "geographicalname" | "geography" | "location" | "toponym" => {
                Some(NameType::Place)
            }
            "organisation" | "organization" | "org" | "organisationname" | "company" => {
                Some(NameType::Organisation)
            }
            _ => None,
        }
    }

    /// The word used in files and JSON.
    pub fn word(self) -> &'static str {
        match self {
            NameType::Person => "person",
            NameType::Place => "place",
            NameType::Organisation => "organisation",
        }
    }
}

/// Grammatical gender (TBX `grammaticalGender`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// Masculine.
    Masculine,
    /// Feminine.
    Feminine,
    /// Neuter.
    Neuter,
    /// Other (TBX `otherGender`).
    Other,
}

impl Gender {
    /// Reads `masculine`/`m`, `feminine`/`f`, `neuter`/`n`, `otherGender`.
    pub fn parse(text: &str) -> Option<Gender> {
        match text.trim().to_ascii_lowercase().as_str() {
            "masculine" | "m" | "masc" | "male" => Some(Gender::Masculine),
            "feminine" | "f" | "fem" | "female" => Some(Gender::Feminine),
            "neuter" | "n" | "neut" => Some(Gender::Neuter),
            "othergender" | "other" => Some(Gender::Other),
            _ => None,
        }
    }

    /// The TBX picklist word.
    pub fn word(self) -> &'static str {
        match self {
            Gender::Masculine => "masculine",
            Gender::Feminine => "feminine",
            Gender::Neuter => "neuter",
            Gender::Other => "otherGender",
        }
    }
}

/// One term: a spelling of the concept in one language.
#[derive(Clone, Debug, Serialize)]
pub struct Term {
    /// The language (BCP 47).
    #[serde(serialize_with = "serialize_lang")]
    pub lang: LangTag,
    /// The term as written in the glossary (NFC).
    pub text: String,
    /// Its status; `None` when the glossary does not say (treated as admitted).
    pub status: Option<TermStatus>,
    /// Part of speech (`noun`, `properNoun`, …) as the glossary writes it.
    pub part_of_speech: Option<String>,
    /// Grammatical gender.
    pub gender: Option<Gender>,
    /// TBX `termType` (`fullForm`, `abbreviation`, `synonym`, …).
    pub term_type: Option<String>,
    /// Whether matching must respect case. `None`: the checks decide (names
    /// and acronyms are case-sensitive, ordinary terms are not).
    pub case_sensitive: Option<bool>,
    /// Notes on this term.
    pub notes: Vec<String>,
    /// The line of the file where the term was defined (1-based).
    pub line: u64,
}

fn serialize_lang<S: serde::Serializer>(lang: &LangTag, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(lang.normalized())
}

impl Term {
    /// A term with only language and text set.
    pub fn new(lang: &str, text: &str) -> Term {
        Term {
            lang: LangTag::parse(lang),
            text: crate::text::nfc(text.trim()),
            status: None,
            part_of_speech: None,
            gender: None,
            term_type: None,
            case_sensitive: None,
            notes: Vec::new(),
            line: 0,
        }
    }

    /// True when the term may be used: preferred, admitted, or no status given.
    pub fn is_approved(&self) -> bool {
        matches!(
            self.status,
            None | Some(TermStatus::Preferred) | Some(TermStatus::Admitted)
        )
    }

    /// True for a proper noun (`properNoun` part of speech).
    pub fn is_proper_noun(&self) -> bool {
        self.part_of_speech
            .as_deref()
            .is_some_and(|pos| pos.eq_ignore_ascii_case("properNoun"))
    }
}

/// One concept: terms in several languages plus concept-level data.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Entry {
    /// The entry id (TBX `id`, TSV `id` column), if any.
    pub id: Option<String>,
    /// Subject field.
    pub subject: Option<String>,
    /// Definition.
    pub definition: Option<String>,
    /// What kind of name this is, if it is a name.
    pub name_type: Option<NameType>,
    /// Concept-level notes.
    pub notes: Vec<String>,
    /// The terms, in file order.
    pub terms: Vec<Term>,
    /// The line of the file where the entry starts (1-based).
    pub line: u64,
}

impl Entry {
    /// The terms in `lang` (matched with [`LangTag::covers`], so `en` finds `en-GB`).
    pub fn terms_in<'a>(&'a self, lang: &str) -> impl Iterator<Item = &'a Term> + 'a {
        let tag = LangTag::parse(lang);
        self.terms.iter().filter(move |t| t.lang.covers(&tag))
    }

    /// The approved term in `lang`: the first preferred term, else the first
    /// admitted or unmarked one. `None` when the entry has no usable term there.
    pub fn approved(&self, lang: &str) -> Option<&Term> {
        self.terms_in(lang)
            .find(|t| t.status == Some(TermStatus::Preferred))
            .or_else(|| self.terms_in(lang).find(|t| t.is_approved()))
    }

    /// True when the entry names a person, place or organisation (explicitly,
    /// or because a term is a proper noun).
    pub fn is_name(&self) -> bool {
        self.name_type.is_some() || self.terms.iter().any(Term::is_proper_noun)
    }

    /// The languages present, in first-seen order.
    pub fn languages(&self) -> Vec<String> {
        let mut langs: Vec<String> = Vec::new();
        for term in &self.terms {
            let tag = term.lang.normalized().to_string();
            if !langs.contains(&tag) {
                langs.push(tag);
            }
        }
        langs
    }
}

/// A file format for glossaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GlossaryFormat {
    /// TBX (v2 `martif` or v3 `tbx`).
    Tbx,
    /// Tab-separated (OmegaT style, or with a header row).
    Tsv,
    /// Comma-separated with RFC 4180 quoting.
    Csv,
}

impl GlossaryFormat {
    /// Guesses the format from the file name, then from the content (`<` first → TBX).
    pub fn detect(path: &Path, head: &[u8]) -> GlossaryFormat {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("tbx") | Some("xml") => GlossaryFormat::Tbx,
            Some("csv") => GlossaryFormat::Csv,
            Some("tsv") | Some("tab") | Some("txt") | Some("utf8") => GlossaryFormat::Tsv,
            _ => {
                let text = String::from_utf8_lossy(&head[..head.len().min(512)]);
                let trimmed = text.trim_start_matches('\u{feff}').trim_start();
                if trimmed.starts_with('<') {
                    GlossaryFormat::Tbx
                } else if !trimmed.lines().next().unwrap_or("").contains('\t')
                    && trimmed.contains(',')
                {
                    GlossaryFormat::Csv
                } else {
                    GlossaryFormat::Tsv
                }
            }
        }
    }

    /// Reads `tbx`, `tsv`, `csv`.
    pub fn parse(text: &str) -> Option<GlossaryFormat> {
        match text.to_ascii_lowercase().as_str() {
            "tbx" => Some(GlossaryFormat::Tbx),
            "tsv" | "tab" | "txt" => Some(GlossaryFormat::Tsv),
            "csv" => Some(GlossaryFormat::Csv),
            _ => None,
        }
    }
}

/// A problem that does not stop loading: an entry without a usable term, an
/// unknown status value, a Cyrillic name with no approved Latin form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GlossaryWarning {
    /// Where (file:line:column).
    pub position: Position,
    /// What is wrong and what was done about it.
    pub message: String,
}

impl std::fmt::Display for GlossaryWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.position, self.message)
    }
}

/// One glossary file.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Glossary {
    /// The file it was read from, as given (used in messages: "approved in …").
    pub path: String,
    /// The title, when the file has one (TBX `title`).
    pub title: Option<String>,
    /// The format it was read from.
    #[serde(skip)]
    pub format: Option<GlossaryFormat>,
    /// The entries, in file order.
    pub entries: Vec<Entry>,
}

/// Options for reading TSV/CSV glossaries (TBX ignores them).
pub type LoadOptions = DelimitedOptions;

impl Glossary {
    /// Reads a glossary file, detecting the format from its name and content.
    /// Errors name the file, line and column.
    pub fn load(path: &Path) -> Result<(Glossary, Vec<GlossaryWarning>), ReadError> {
        Glossary::load_with(path, None, &DelimitedOptions::default())
    }

    /// Reads a glossary file with an explicit format (or `None` to detect it)
    /// and TSV/CSV options.
    pub fn load_with(
        path: &Path,
        format: Option<GlossaryFormat>,
        options: &DelimitedOptions,
    ) -> Result<(Glossary, Vec<GlossaryWarning>), ReadError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ReadError {
            position: Position {
                file: name.clone(),
                line: 0,
                column: 0,
            },
            message: format!("cannot read the glossary: {e}"),
        })?;
        let format = format.unwrap_or_else(|| GlossaryFormat::detect(path, &bytes));
        Glossary::parse_bytes(&bytes, &name, format, options)
    }

    /// Reads a glossary from bytes already in memory.
    pub fn parse_bytes(
        bytes: &[u8],
        name: &str,
        format: GlossaryFormat,
        options: &DelimitedOptions,
    ) -> Result<(Glossary, Vec<GlossaryWarning>), ReadError> {
        let (mut glossary, mut warnings) = match format {
            GlossaryFormat::Tbx => tbx::read(bytes, name)?,
            GlossaryFormat::Tsv | GlossaryFormat::Csv => {
                let text = delimited::decode(bytes, name)?;
                delimited::read(&text, name, format == GlossaryFormat::Csv, options)?
            }
        };
        glossary.format = Some(format);
        warnings.extend(glossary.lint());
        Ok((glossary, warnings))
    }

    /// Reads a glossary from text; the format follows from `name`'s extension
    /// (`.tbx`, `.csv`, otherwise TSV). `options` defaults apply when `None`.
    pub fn parse_str(
        text: &str,
        name: &str,
        options: Option<&DelimitedOptions>,
    ) -> Result<(Glossary, Vec<GlossaryWarning>), ReadError> {
        let format = GlossaryFormat::detect(Path::new(name), text.as_bytes());
        let defaults = DelimitedOptions::default();
        Glossary::parse_bytes(text.as_bytes(), name, format, options.unwrap_or(&defaults))
    }

    /// Warnings about content that loads but cannot serve checks well: an
    /// entry with no terms, or a Cyrillic name with no approved Latin form.
    pub fn lint(&self) -> Vec<GlossaryWarning> {
        let mut warnings = Vec::new();
        // Each term's first entry, to find entries that repeat it.
        let mut first_with: HashMap<(String, &str), usize> = HashMap::new();
        for (index, entry) in self.entries.iter().enumerate() {
            for term in &entry.terms {
                first_with
                    .entry((
                        term.lang.normalized().to_ascii_lowercase(),
                        term.text.as_str(),
                    ))
                    .or_insert(index);
            }
        }
        for (index, entry) in self.entries.iter().enumerate() {
            let position = Position {
                file: self.path.clone(),
                line: entry.line,
                column: 1,
            };
            let label = entry_label(entry);
            if entry.terms.is_empty() {
                warnings.push(GlossaryWarning {
                    position,
                    message: format!("entry {label} has no terms; it is ignored"),
                });
                continue;
            }
            if let Some(message) = two_approved(entry, &label) {
                warnings.push(GlossaryWarning {
                    position: position.clone(),
                    message,
                });
            }
            if let Some(message) = same_term_other_approval(&self.entries, index, &first_with) {
                warnings.push(GlossaryWarning {
                    position: position.clone(),
                    message,
                });
            }
            let cyrillic = entry.terms.iter().find(|t| is_cyrillic(&t.text));
            let has_latin_approved = entry
                .terms
                .iter()
                .any(|t| t.is_approved() && is_latin(&t.text));
            if let Some(cyrillic) = cyrillic
                && entry.is_name()
                && !has_latin_approved
            {
                let suggestion = latin_suggestion(&cyrillic.text, cyrillic.lang.primary());
                let hint = match suggestion {
                    Some(latin) => format!("; add one, e.g. \"{latin}\" (transliterated)"),
                    None => String::new(),
                };
                warnings.push(GlossaryWarning {
                    position: Position {
                        file: self.path.clone(),
                        line: cyrillic.line.max(entry.line),
                        column: 1,
                    },
                    message: format!(
                        "name \"{}\" has no approved Latin-script form, so target texts cannot be checked against it{hint}",
                        cyrillic.text
                    ),
                });
            }
        }
        warnings
    }

    /// Writes the glossary in `format` to `out`.
    pub fn write(
        &self,
        out: &mut dyn std::io::Write,
        format: GlossaryFormat,
        tbx_version: TbxVersion,
        tbx_style: TbxStyle,
    ) -> std::io::Result<()> {
        match format {
            GlossaryFormat::Tbx => write_tbx(self, out, tbx_version, tbx_style),
            GlossaryFormat::Tsv => write_delimited(self, out, '\t'),
            GlossaryFormat::Csv => write_delimited(self, out, ','),
        }
    }
}

/// Loads several glossaries; stops at the first error (a half-loaded set
/// would make checks silently incomplete).
pub fn load_all(
    paths: &[std::path::PathBuf],
    options: &DelimitedOptions,
) -> Result<(Vec<Glossary>, Vec<GlossaryWarning>), ReadError> {
    let mut glossaries = Vec::with_capacity(paths.len());
    let mut warnings = Vec::new();
    for path in paths {
        let (glossary, found) = Glossary::load_with(path, None, options)?;
        glossaries.push(glossary);
        warnings.extend(found);
    }
    Ok((glossaries, warnings))
}

/// A Latin spelling to offer for a Cyrillic name that has none.
fn latin_suggestion(cyrillic: &str, lang: &str) -> Option<String> {
    let scheme = crate::translit::Scheme::default_for(lang)
        .or_else(|| crate::translit::Scheme::default_for("ru"))?;
    let latin = scheme.transliterate(cyrillic);
    (!latin.is_empty() && latin != cyrillic).then_some(latin)
}

/// A short label for an entry in messages: its id, or its first term.
pub fn entry_label(entry: &Entry) -> String {
    match (&entry.id, entry.terms.first()) {
        (Some(id), _) => format!("\"{id}\""),
        (None, Some(term)) => format!("\"{}\"", term.text),
        (None, None) => format!("at line {}", entry.line),
    }
}

/// An entry with two different terms marked preferred in one language:
/// which one is approved is ambiguous, so say which one checks use. Unmarked
/// terms are not counted: a full name and its abbreviation ("ДНР") are
/// ordinary synonyms.
fn two_approved(entry: &Entry, label: &str) -> Option<String> {
    let mut langs: Vec<&LangTag> = Vec::new();
    for term in &entry.terms {
        if !langs.iter().any(|l| l.matches(&term.lang)) {
            langs.push(&term.lang);
        }
    }
    for lang in langs {
        let in_lang = || entry.terms.iter().filter(|t| t.lang.matches(lang));
        let candidates: Vec<&Term> = in_lang()
            .filter(|t| t.status == Some(TermStatus::Preferred))
            .collect();
        let Some(first) = candidates.first() else {
            continue;
        };
        if let Some(second) = candidates.iter().find(|t| t.text != first.text) {
            return Some(format!(
                "entry {label} has two approved {} spellings, \"{}\" and \"{}\"; checks use the first: mark the other admitted or deprecated",
                lang.normalized(),
                first.text,
                second.text
            ));
        }
    }
    None
}

/// A row that repeats a term of an earlier row (same language, same text)
/// but approves another spelling in some language: two TSV rows for one
/// name, with no `id` to say whether they are one entry. Which spelling is
/// approved is then ambiguous (a check accepts either), so say so, naming
/// both lines. Entries with ids (every TBX entry, TSV rows with an `id`) are
/// concepts the author separated on purpose: a term base may give one German
/// term two English equivalents in two concepts, and that is no mistake.
/// `first_with` maps (lower-case language tag, term) to the first entry
/// holding that term.
fn same_term_other_approval(
    entries: &[Entry],
    index: usize,
    first_with: &HashMap<(String, &str), usize>,
) -> Option<String> {
    let entry = &entries[index];
    if entry.id.is_some() {
        return None;
    }
    for shared in &entry.terms {
        let key = (
            shared.lang.normalized().to_ascii_lowercase(),
            shared.text.as_str(),
        );
        let Some(&first) = first_with.get(&key).filter(|&&first| first < index) else {
            continue;
        };
        let earlier = &entries[first];
        if earlier.id.is_some() {
            continue;
        }
        for lang in entry.languages() {
            if LangTag::parse(&lang).matches(&shared.lang) {
                continue;
            }
            let (Some(mine), Some(theirs)) = (entry.approved(&lang), earlier.approved(&lang))
            else {
                continue;
            };
            if mine.text != theirs.text {
                return Some(format!(
                    "\"{}\" is also on line {}, where the approved {lang} spelling is \"{}\"; \
                     this row approves \"{}\", so checks accept either: give both rows one id \
                     (one entry) and mark one spelling deprecated",
                    shared.text, earlier.line, theirs.text, mine.text
                ));
            }
        }
    }
    None
}

/// True when the text has Cyrillic letters.
pub fn is_cyrillic(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}'))
}

/// True when the text has letters and all of them are Latin.
pub fn is_latin(text: &str) -> bool {
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some()
        && letters.all(|c| {
            c.is_ascii_alphabetic()
                || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_spellings() {
        assert_eq!(
            TermStatus::parse("preferredTerm-admn-sts"),
            Some(TermStatus::Preferred)
        );
        assert_eq!(
            TermStatus::parse("deprecatedTerm-admn-sts"),
            Some(TermStatus::Deprecated)
        );
        assert_eq!(TermStatus::parse("Do not use"), Some(TermStatus::Forbidden));
        assert_eq!(
            TermStatus::parse("supersededTerm-admn-sts"),
            Some(TermStatus::Superseded)
        );
        assert_eq!(TermStatus::parse("whatever"), None);
        for status in [
            TermStatus::Preferred,
            TermStatus::Admitted,
            TermStatus::Deprecated,
            TermStatus::Superseded,
            TermStatus::Forbidden,
        ] {
            assert_eq!(TermStatus::parse(status.tbx_value()), Some(status));
            assert_eq!(TermStatus::parse(status.word()), Some(status));
        }
    }

    #[test]
    fn approved_prefers_preferred_over_order() {
        let mut entry = Entry::default();
        let mut deprecated = Term::new("en", "Mykhailo Kukhtin");
        deprecated.status = Some(TermStatus::Deprecated);
        let admitted = Term::new("en-GB", "Mikhail Kuhtin");
        let mut preferred = Term::new("en", "Mikhail Kukhtin");
        preferred.status = Some(TermStatus::Preferred);
        entry.terms = vec![deprecated, admitted, preferred];
        assert_eq!(entry.approved("en").unwrap().text, "Mikhail Kukhtin");
        assert!(entry.approved("ru").is_none());
    }

    #[test]
    fn script_detection() {
        assert!(is_cyrillic("Михаил"));
        assert!(!is_cyrillic("Mikhail"));
        assert!(is_latin("Zelens'kyy"));
        assert!(is_latin("Šćepan"));
        assert!(!is_latin("Михаил"));
        assert!(!is_latin("123"));
    }

    #[test]
    fn format_detection() {
        assert_eq!(
            GlossaryFormat::detect(Path::new("a.tbx"), b""),
            GlossaryFormat::Tbx
        );
        assert_eq!(
            GlossaryFormat::detect(Path::new("a"), b"<?xml"),
            GlossaryFormat::Tbx
        );
        assert_eq!(
            GlossaryFormat::detect(Path::new("a"), b"a,b\n"),
            GlossaryFormat::Csv
        );
        assert_eq!(
            GlossaryFormat::detect(Path::new("a.txt"), b"a\tb\n"),
            GlossaryFormat::Tsv
        );
    }

    #[test]
    fn rows_that_repeat_a_term_with_another_approved_spelling_are_named() {
        let tsv = "ru\ten\nМихаил Кухтин\tMikhail Kukhtin\nБорис Литвинов\tBoris Litvinov\nМихаил Кухтин\tMikhail Kukhtine\n";
        let (_, warnings) = Glossary::parse_str(tsv, "g.tsv", None).unwrap();
        let found: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("g.tsv:4:1: \"Михаил Кухтин\" is also on line 2"),
            "{found:?}"
        );
        assert!(
            found[0].contains("\"Mikhail Kukhtin\"") && found[0].contains("\"Mikhail Kukhtine\"")
        );
        // The same spelling twice, or rows with ids (separate concepts on
        // purpose), are not ambiguous.
        let same = "ru\ten\nМихаил Кухтин\tMikhail Kukhtin\nМихаил Кухтин\tMikhail Kukhtin\n";
        assert!(
            Glossary::parse_str(same, "g.tsv", None)
                .unwrap()
                .1
                .is_empty()
        );
        let ids = "id\tde\ten\nc1\tKlebebindung\tglue binding\nc2\tKlebebindung\tperfect binding\n";
        assert!(
            Glossary::parse_str(ids, "g.tsv", None)
                .unwrap()
                .1
                .is_empty()
        );
    }
}
