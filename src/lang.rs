//! BCP 47 language tags as translation tools write them.
//!
//! Real files spell the same language many ways (`EN-US`, `en_us`, `en-us`), so
//! every tag is kept twice: the spelling the file used (written back on export,
//! so a round trip changes nothing) and a normalised BCP 47 form used for
//! comparison. Comparison is case-insensitive, as BCP 47 requires.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A language tag: the original spelling plus its normalised BCP 47 form.
///
/// ```
/// use tmkit::lang::LangTag;
/// let tag = LangTag::parse("en_us");
/// assert_eq!(tag.normalized(), "en-US");
/// assert_eq!(tag.original(), "en_us");
/// assert!(tag.matches(&LangTag::parse("EN-US")));
/// assert_eq!(tag.primary(), "en");
/// ```
#[derive(Clone, Debug)]
pub struct LangTag {
    original: String,
    normalized: String,
}

impl LangTag {
    /// Parses a tag as found in a file or on the command line. Never fails:
    /// an unusual tag is kept as written, lower-cased for comparison.
    pub fn parse(text: &str) -> LangTag {
        LangTag {
            original: text.to_string(),
            normalized: normalize(text),
        }
    }

    /// The tag exactly as the file or the user wrote it.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// The normalised BCP 47 form: language lower case, script title case,
    /// region upper case, `_` replaced by `-` (`en_us` → `en-US`, `sr_latn_rs` → `sr-Latn-RS`).
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// The primary language subtag, lower case (`en` for `en-GB`).
    pub fn primary(&self) -> &str {
        self.normalized.split('-').next().unwrap_or("")
    }

    /// True when both tags name the same language and variant, ignoring case
    /// and the `_`/`-` spelling.
    pub fn matches(&self, other: &LangTag) -> bool {
        self.normalized.eq_ignore_ascii_case(&other.normalized)
    }

    /// True when `self` is `other` or a regional/script variant of it, or the
    /// other way round: `en` covers `en-GB`, `en-GB` covers `en` (one of the two
    /// is a prefix of the other on subtag boundaries). `en-GB` does not cover `en-US`.
    pub fn covers(&self, other: &LangTag) -> bool {
        let a = self.normalized.to_ascii_lowercase();
        let b = other.normalized.to_ascii_lowercase();
        a == b || b.starts_with(&format!("{a}-")) || a.starts_with(&format!("{b}-"))
    }

    /// True when both tags share the primary language (`en-GB` and `en-US`).
    pub fn same_language(&self, other: &LangTag) -> bool {
        self.primary().eq_ignore_ascii_case(other.primary())
    }
}

impl PartialEq for LangTag {
    fn eq(&self, other: &Self) -> bool {
        self.matches(other)
    }
}

impl Eq for LangTag {}

impl std::hash::Hash for LangTag {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.normalized.to_ascii_lowercase().hash(state)
    }
}

/// Serialised as the original spelling; the normalised form is recomputed on
/// reading, so stored units stay small and JSON output shows what the file said.
impl Serialize for LangTag {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.original)
    }
}

impl<'de> Deserialize<'de> for LangTag {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(LangTag::parse(&text))
    }
}

impl fmt::Display for LangTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.normalized)
    }
}

/// Checks that `text` is a well-formed BCP 47 tag (RFC 5646 syntax: language,
/// extlang, script, region, variants, extensions, private use; `_` is
/// accepted as a separator, case is free). Says what is wrong otherwise.
/// It does not check the registry: `qq` is well-formed.
///
/// ```
/// use tmkit::lang::check_well_formed;
/// assert!(check_well_formed("en").is_ok());
/// assert!(check_well_formed("sr_Latn_RS").is_ok());
/// assert!(check_well_formed("de-CH-1996").is_ok());
/// assert!(check_well_formed("x-private").is_ok());
/// assert!(check_well_formed("english").is_ok()); // 5-8 letters: well-formed, if unregistered
/// assert!(check_well_formed("e").is_err());
/// assert!(check_well_formed("en-").is_err());
/// assert!(check_well_formed("ru:en").is_err());
/// assert!(check_well_formed("en-US-US-US").is_err());
/// ```
pub fn check_well_formed(text: &str) -> Result<(), String> {
    let subtags: Vec<&str> = text.split(['-', '_']).collect();
    let alpha = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let alnum = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    if subtags.iter().any(|s| s.is_empty()) {
        return Err("it has an empty part (two separators in a row, or one at an end)".into());
    }
    if let Some(bad) = subtags.iter().find(|s| !alnum(s, 1, 8)) {
        return Err(format!(
            "\"{bad}\" is not a subtag (1 to 8 ASCII letters or digits)"
        ));
    }
    let mut i = 0;
    let first = subtags[0];
    if first.eq_ignore_ascii_case("x") || first.eq_ignore_ascii_case("i") {
        return if subtags.len() > 1 {
            Ok(())
        } else {
            Err("a private-use tag needs a subtag after x-".into())
        };
    }
    if !alpha(first, 2, 3) && !alpha(first, 5, 8) {
        return Err(format!(
            "\"{first}\" is not a language subtag (2-3 letters, as in en, ru, uk; or 5-8)"
        ));
    }
    i += 1;
    // Up to three extended language subtags after a 2-3 letter language.
    let mut extlangs = 0;
    while first.len() <= 3 && extlangs < 3 && i < subtags.len() && alpha(subtags[i], 3, 3) {
        i += 1;
        extlangs += 1;
    }
    if i < subtags.len() && alpha(subtags[i], 4, 4) {
        i += 1; // script
    }
    if i < subtags.len()
        && (alpha(subtags[i], 2, 2)
            || (subtags[i].len() == 3 && subtags[i].bytes().all(|b| b.is_ascii_digit())))
    {
        i += 1; // region
    }
    let is_variant = |s: &str| {
        alnum(s, 5, 8) || (s.len() == 4 && s.as_bytes()[0].is_ascii_digit() && alnum(s, 4, 4))
    };
    while i < subtags.len() && is_variant(subtags[i]) {
        i += 1;
    }
    while i < subtags.len() && subtags[i].len() == 1 {
        let singleton = subtags[i];
        if singleton.eq_ignore_ascii_case("x") {
            return if i + 1 < subtags.len() {
                Ok(())
            } else {
                Err("a private-use part needs a subtag after x".into())
            };
        }
        i += 1;
        let start = i;
        while i < subtags.len() && alnum(subtags[i], 2, 8) {
            i += 1;
        }
        if i == start {
            return Err(format!("extension {singleton} needs a subtag after it"));
        }
    }
    match subtags.get(i) {
        None => Ok(()),
        Some(extra) => Err(format!(
            "\"{extra}\" is out of place (the order is language-script-region-variant, as in sr-Latn-RS)"
        )),
    }
}

/// Normalises a tag to BCP 47 letter case with `-` separators.
///
/// ```
/// assert_eq!(tmkit::lang::normalize("EN-US"), "en-US");
/// assert_eq!(tmkit::lang::normalize("zh_hant_tw"), "zh-Hant-TW");
/// assert_eq!(tmkit::lang::normalize("*all*"), "*all*");
/// ```
pub fn normalize(text: &str) -> String {
    let text = text.trim();
    if text == "*all*" {
        return text.to_string();
    }
    let mut out = Vec::new();
    for (i, part) in text.split(['-', '_']).enumerate() {
        let sub = if i == 0 {
            part.to_ascii_lowercase()
        } else if part.len() == 4 && part.chars().all(|c| c.is_ascii_alphabetic()) {
            let lower = part.to_ascii_lowercase();
            let mut chars = lower.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => lower,
            }
        } else if (part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
            || (part.len() == 3 && part.chars().all(|c| c.is_ascii_digit()))
        {
            part.to_ascii_uppercase()
        } else {
            part.to_ascii_lowercase()
        };
        out.push(sub);
    }
    out.join("-")
}

/// A language pair `source:target` as given on the command line (`en:ru`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LangPair {
    /// The source language.
    pub source: LangTag,
    /// The target language.
    pub target: LangTag,
}

impl std::str::FromStr for LangPair {
    type Err = String;

    /// Parses `en:ru`, `en-US:ru` or `en/ru`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (source, target) = text.split_once([':', '/']).ok_or_else(|| {
            format!("`{text}` is not a language pair: write it as SOURCE:TARGET, e.g. en:ru")
        })?;
        if source.trim().is_empty() || target.trim().is_empty() {
            return Err(format!(
                "`{text}` is not a language pair: write it as SOURCE:TARGET, e.g. en:ru"
            ));
        }
        Ok(LangPair {
            source: LangTag::parse(source.trim()),
            target: LangTag::parse(target.trim()),
        })
    }
}

impl fmt::Display for LangPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.source, self.target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case_and_separators() {
        assert_eq!(normalize("EN-US"), "en-US");
        assert_eq!(normalize("en_us"), "en-US");
        assert_eq!(normalize("de"), "de");
        assert_eq!(normalize("sr-Latn-RS"), "sr-Latn-RS");
        assert_eq!(normalize("es-419"), "es-419");
        assert_eq!(normalize("x-klingon"), "x-klingon");
    }

    #[test]
    fn covers_regional_variants_but_not_siblings() {
        let en = LangTag::parse("en");
        let gb = LangTag::parse("en-GB");
        let us = LangTag::parse("EN_US");
        assert!(en.covers(&gb));
        assert!(gb.covers(&en));
        assert!(!gb.covers(&us));
        assert!(gb.same_language(&us));
        assert!(!LangTag::parse("eng").covers(&en));
    }

    #[test]
    fn parses_pairs() {
        let pair: LangPair = "en:ru".parse().unwrap();
        assert_eq!(pair.source.normalized(), "en");
        assert_eq!(pair.target.normalized(), "ru");
        assert!("en".parse::<LangPair>().is_err());
        assert!(":ru".parse::<LangPair>().is_err());
    }
}
