//! Abbreviation lists (data files, one per language) and their expansion
//! into the default SRX template.
//!
//! A list file has sections `[class]` with one abbreviation per line, written
//! without its final full stop (`Mr`, `e.g`, `т.е`); `#` starts a comment.
//! The template refers to a class as `{{abbrev:<lang>:<class>}}`, which
//! becomes a regex alternation of the escaped entries, longest first.

/// The embedded lists, by language.
const LISTS: &[(&str, &str)] = &[
    ("en", include_str!("data/abbreviations/en.txt")),
    ("ru", include_str!("data/abbreviations/ru.txt")),
    ("uk", include_str!("data/abbreviations/uk.txt")),
    ("de", include_str!("data/abbreviations/de.txt")),
    ("fr", include_str!("data/abbreviations/fr.txt")),
];

/// Entries of class `class` in the list of `lang`.
pub(crate) fn entries(lang: &str, class: &str) -> Vec<String> {
    let Some((_, list)) = LISTS.iter().find(|(l, _)| *l == lang) else {
        return Vec::new();
    };
    let mut current = String::new();
    let mut out = Vec::new();
    for line in list.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name.trim().to_string();
        } else if current == class {
            out.push(line.to_string());
        }
    }
    out
}

/// A regex alternation matching any entry (dots inside entries may be followed
/// by one optional space, as in `т. е` or `z. B`).
fn alternation(entries: &[String]) -> String {
    let mut sorted: Vec<&String> = entries.iter().collect();
    sorted.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    sorted.dedup();
    let parts: Vec<String> = sorted
        .iter()
        .map(|e| {
            e.split('.')
                .map(|piece| regex::escape(piece.trim()))
                .collect::<Vec<_>>()
                .join(r"\.\s?")
        })
        .collect();
    format!("(?:{})", parts.join("|"))
}

/// Replaces every `{{abbrev:<lang>:<class>}}` in `template`. The values are
/// XML-escaped so the result stays a well-formed SRX file.
pub(crate) fn expand(template: &str) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(start) = rest.find("{{abbrev:") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let spec = &after[..end];
        let mut parts = spec.split(':').skip(1);
        let (lang, class) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let value = alternation(&entries(lang, class));
        out.push_str(
            &value
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;"),
        );
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_have_the_classes_the_template_uses() {
        let template = super::super::DEFAULT_SRX_TEMPLATE;
        let mut rest = template;
        while let Some(start) = rest.find("{{abbrev:") {
            let after = &rest[start + 2..];
            let end = after.find("}}").unwrap();
            let mut parts = after[..end].split(':').skip(1);
            let (lang, class) = (parts.next().unwrap(), parts.next().unwrap());
            assert!(
                !entries(lang, class).is_empty(),
                "empty list {lang}:{class}"
            );
            rest = &after[end..];
        }
    }

    #[test]
    fn alternation_escapes_and_allows_spaced_dots() {
        let alt = alternation(&["e.g".to_string(), "Mr".to_string()]);
        assert_eq!(alt, r"(?:e\.\s?g|Mr)");
        let re = regex::Regex::new(&format!("^{alt}$")).unwrap();
        assert!(re.is_match("e. g"));
    }
}
