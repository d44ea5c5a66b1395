//! The scheme file format: a small line-based text format, one file per scheme.
//!
//! ```text
//! # A comment: a line that starts with `#`, or ` #` after a field.
//! id = bgn-pcgn                  # header: `key = value` lines before any section
//! name = BGN/PCGN 1947 (Russian)
//! languages = ru                 # ISO 639-1 codes, space-separated; the first is primary
//! aliases = bgn bgn/pcgn         # other names accepted by Scheme::by_id
//! default_for = ru               # this scheme is the default for these languages
//! ascii = yes                    # every output is ASCII (checked when parsing)
//! fallback = icao                # where letters missing from [letters] are looked up
//! standard = BGN/PCGN 1947 romanization of Russian
//! source = https://...
//! description = one line for `tmkit translit --list`
//!
//! [classes]
//! vowel = а е ё и о у ы э ю я     # named letter sets (no `_` in names), used as @vowel
//!
//! [letters]
//! а  a                            # one Cyrillic letter (lower case) and its output
//! ъ  ∅                            # ∅ = nothing is written
//!
//! [rules]
//! е   ye   ^|@vowel|ь|ъ_          # pattern, output, optional context
//! тс  t·s                         # a digraph rule without context
//! ий  y    _$                     # word-final
//! ц   c    _е|и|ы|й               # before one of these letters
//!
//! [examples]
//! Ельцин => Yel’tsin              # checked by the test suite
//! ```
//!
//! Fields are separated by spaces or tabs. An output may contain `\u{301}`-style
//! escapes (for combining marks). A context is `LEFT_RIGHT`; each side is
//! empty (anything) or a `|`-separated list of alternatives: a letter, `@class`,
//! `'` (an apostrophe inside a word), `^` (word start, left side only) or `$`
//! (word end, right side only). Contexts look at the *source* letters, never
//! at output already written.
//!
//! Rules for a letter are tried longest pattern first, then in file order; the
//! first rule whose pattern and context match wins, otherwise `[letters]`
//! applies. Patterns and letters are lower case: the engine lower-cases the
//! input to match and restores the case on output.

use std::collections::HashMap;

/// A scheme file that cannot be parsed: which file, which line, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct SchemeError {
    /// The file name (or `<input>` for text parsed from memory).
    pub file: String,
    /// 1-based line number (0 when the problem concerns the whole file).
    pub line: usize,
    /// What is wrong and what to write instead.
    pub message: String,
}

/// The canonical form of in-word apostrophes in contexts and tables.
pub(crate) const APOSTROPHE: char = '\'';

/// A set of source letters a context may require next to a match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LetterSet {
    /// Matches the word boundary (`^` on the left, `$` on the right).
    pub boundary: bool,
    /// Lower-case letters (and `'` for an in-word apostrophe).
    pub letters: Vec<char>,
}

impl LetterSet {
    /// True when `neighbour` (None = word boundary) belongs to the set.
    #[inline]
    pub fn contains(&self, neighbour: Option<char>) -> bool {
        match neighbour {
            None => self.boundary,
            Some(c) => self.letters.contains(&c),
        }
    }
}

/// One context rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rule {
    /// Lower-case source letters the rule replaces (at least one).
    pub pattern: Vec<char>,
    /// What is written instead.
    pub output: Box<str>,
    /// Required left neighbour, if any.
    pub left: Option<LetterSet>,
    /// Required right neighbour, if any.
    pub right: Option<LetterSet>,
}

/// The parsed content of a scheme file, before it becomes a `Scheme`.
#[derive(Debug, Clone, Default)]
pub(crate) struct SchemeFile {
    pub header: HashMap<String, String>,
    pub letters: Vec<(char, Box<str>)>,
    pub rules: Vec<Rule>,
    pub examples: Vec<(String, String)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Header,
    Classes,
    Letters,
    Rules,
    Examples,
}

/// Header keys a scheme file may use.
const HEADER_KEYS: &[&str] = &[
    "id",
    "name",
    "languages",
    "aliases",
    "default_for",
    "ascii",
    "fallback",
    "standard",
    "source",
    "description",
];

/// Parses a scheme file. `file` names it in error messages.
pub(crate) fn parse(file: &str, text: &str) -> Result<SchemeFile, SchemeError> {
    let mut parsed = SchemeFile::default();
    let mut classes: HashMap<String, Vec<char>> = HashMap::new();
    let mut section = Section::Header;
    let error = |line: usize, message: String| SchemeError {
        file: file.to_string(),
        line,
        message,
    };
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = if section == Section::Examples {
            // Examples may contain `#`; only whole-line comments are allowed there.
            if raw.trim_start().starts_with('#') {
                ""
            } else {
                raw.trim()
            }
        } else {
            strip_comment(raw).trim()
        };
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = match name.trim() {
                "classes" => Section::Classes,
                "letters" => Section::Letters,
                "rules" => Section::Rules,
                "examples" => Section::Examples,
                other => {
                    return Err(error(
                        line_no,
                        format!(
                            "unknown section [{other}]; use [classes], [letters], [rules] or [examples]"
                        ),
                    ));
                }
            };
            continue;
        }
        match section {
            Section::Header => {
                let Some((key, value)) = line.split_once('=') else {
                    return Err(error(
                        line_no,
                        "expected `key = value` before the first [section]".to_string(),
                    ));
                };
                let key = key.trim();
                if !HEADER_KEYS.contains(&key) {
                    return Err(error(
                        line_no,
                        format!(
                            "unknown header key `{key}`; known: {}",
                            HEADER_KEYS.join(", ")
                        ),
                    ));
                }
                parsed
                    .header
                    .insert(key.to_string(), value.trim().to_string());
            }
            Section::Classes => {
                let Some((name, members)) = line.split_once('=') else {
                    return Err(error(
                        line_no,
                        "expected `name = letters separated by spaces`".to_string(),
                    ));
                };
                let name = name.trim();
                if name.is_empty() || name.contains(['_', '|', '@', ' ']) {
                    return Err(error(
                        line_no,
                        format!(
                            "class name `{name}` must be a word without `_`, `|` or `@` (write e.g. ye-after)"
                        ),
                    ));
                }
                let mut letters = Vec::new();
                for member in members.split_whitespace() {
                    letters.push(single_letter(member).ok_or_else(|| {
                        error(
                            line_no,
                            format!("class member `{member}` is not a single lower-case letter"),
                        )
                    })?);
                }
                classes.insert(name.to_string(), letters);
            }
            Section::Letters => {
                let fields: Vec<&str> = line.split_whitespace().collect();
                if fields.len() != 2 {
                    return Err(error(
                        line_no,
                        format!(
                            "expected `letter output` (2 fields), found {} fields",
                            fields.len()
                        ),
                    ));
                }
                let letter = single_letter(fields[0]).ok_or_else(|| {
                    error(
                        line_no,
                        format!("`{}` is not a single lower-case letter", fields[0]),
                    )
                })?;
                let output = parse_output(fields[1]).map_err(|m| error(line_no, m))?;
                if parsed.letters.iter().any(|(l, _)| *l == letter) {
                    return Err(error(line_no, format!("letter `{letter}` is listed twice")));
                }
                parsed.letters.push((letter, output.into()));
            }
            Section::Rules => {
                let fields: Vec<&str> = line.split_whitespace().collect();
                if !(2..=3).contains(&fields.len()) {
                    return Err(error(
                        line_no,
                        format!(
                            "expected `pattern output [context]`, found {} fields",
                            fields.len()
                        ),
                    ));
                }
                let pattern: Vec<char> = fields[0].chars().collect();
                if pattern.iter().any(|c| c.is_uppercase()) {
                    return Err(error(
                        line_no,
                        format!("pattern `{}` must be lower case", fields[0]),
                    ));
                }
                let output = parse_output(fields[1]).map_err(|m| error(line_no, m))?;
                let (left, right) = match fields.get(2) {
                    None => (None, None),
                    Some(context) => {
                        parse_context(context, &classes).map_err(|m| error(line_no, m))?
                    }
                };
                parsed.rules.push(Rule {
                    pattern,
                    output: output.into(),
                    left,
                    right,
                });
            }
            Section::Examples => {
                let Some((source, expected)) = line.split_once("=>") else {
                    return Err(error(
                        line_no,
                        "expected `Cyrillic text => expected Latin text`".to_string(),
                    ));
                };
                parsed
                    .examples
                    .push((source.trim().to_string(), expected.trim().to_string()));
            }
        }
    }
    for key in ["id", "name", "languages"] {
        if !parsed.header.contains_key(key) {
            return Err(error(0, format!("the header has no `{key} = …` line")));
        }
    }
    Ok(parsed)
}

/// Removes a comment: `#` at the start of the line or after whitespace.
fn strip_comment(line: &str) -> &str {
    let mut previous_is_space = true;
    for (index, c) in line.char_indices() {
        if c == '#' && previous_is_space {
            return &line[..index];
        }
        previous_is_space = c.is_whitespace();
    }
    line
}

fn single_letter(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    if chars.next().is_some() || c.is_uppercase() {
        return None;
    }
    Some(c)
}

/// Decodes an output field: `∅` is empty, `\u{…}` is a code point.
fn parse_output(field: &str) -> Result<String, String> {
    if field == "∅" {
        return Ok(String::new());
    }
    let mut out = String::new();
    let mut rest = field;
    while let Some(start) = rest.find("\\u{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 3..];
        let end = after
            .find('}')
            .ok_or_else(|| format!("unterminated escape in `{field}`; write \\u{{301}}"))?;
        let code = u32::from_str_radix(&after[..end], 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| format!("`\\u{{{}}}` is not a Unicode scalar value", &after[..end]))?;
        out.push(code);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

type Context = (Option<LetterSet>, Option<LetterSet>);

fn parse_context(field: &str, classes: &HashMap<String, Vec<char>>) -> Result<Context, String> {
    let Some((left, right)) = field.split_once('_') else {
        return Err(format!(
            "context `{field}` has no `_` (write LEFT_RIGHT, e.g. `^_` or `_$`)"
        ));
    };
    let left = parse_side(left, classes, '^', '$')?;
    let right = parse_side(right, classes, '$', '^')?;
    Ok((left, right))
}

fn parse_side(
    side: &str,
    classes: &HashMap<String, Vec<char>>,
    boundary: char,
    wrong_boundary: char,
) -> Result<Option<LetterSet>, String> {
    if side.is_empty() {
        return Ok(None);
    }
    let mut set = LetterSet::default();
    for item in side.split('|') {
        if let Some(class) = item.strip_prefix('@') {
            let members = classes
                .get(class)
                .ok_or_else(|| format!("unknown class `@{class}`; define it under [classes]"))?;
            set.letters.extend(members.iter().copied());
        } else if item.len() == boundary.len_utf8() && item.starts_with(boundary) {
            set.boundary = true;
        } else if item.starts_with(wrong_boundary) && item.chars().count() == 1 {
            return Err(format!(
                "`{wrong_boundary}` cannot appear on this side: `^` is the word start (left), `$` the word end (right)"
            ));
        } else {
            let letter = single_letter(item).ok_or_else(|| {
                format!("context item `{item}` is not a lower-case letter, @class, ^ or $")
            })?;
            set.letters.push(letter);
        }
    }
    Ok(Some(set))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "id = t\nname = Test\nlanguages = ru\n";

    #[test]
    fn parses_sections_contexts_and_escapes() {
        let text = format!(
            "{MINIMAL}[classes]\nv = а о\n[letters]\nа a # comment\nь \\u{{301}}\nъ ∅\n[rules]\nе ye ^|@v|ь_\nий y _$\n[examples]\nЕ => Ye # not a comment\n"
        );
        let parsed = parse("t.txt", &text).unwrap();
        assert_eq!(parsed.letters[1].1.as_ref(), "\u{301}");
        assert_eq!(parsed.letters[2].1.as_ref(), "");
        let rule = &parsed.rules[0];
        let left = rule.left.as_ref().unwrap();
        assert!(left.boundary);
        assert_eq!(left.letters, vec!['а', 'о', 'ь']);
        assert!(parsed.rules[1].right.as_ref().unwrap().boundary);
        assert_eq!(parsed.examples[0].1, "Ye # not a comment");
    }

    #[test]
    fn errors_name_file_and_line() {
        let text = format!("{MINIMAL}[letters]\nа a\nб\n");
        let err = parse("x.txt", &text).unwrap_err();
        assert_eq!(err.line, 6);
        assert!(err.to_string().starts_with("x.txt:6:"), "{err}");

        let err = parse("x.txt", &format!("{MINIMAL}[rules]\nе ye @nope_\n")).unwrap_err();
        assert!(err.message.contains("@nope"), "{err}");

        let err = parse("x.txt", &format!("{MINIMAL}[rules]\nе ye $_\n")).unwrap_err();
        assert!(err.message.contains("word start"), "{err}");

        let err = parse("x.txt", "name = x\n").unwrap_err();
        assert!(err.message.contains("id"), "{err}");

        let err = parse("x.txt", &format!("{MINIMAL}[bogus]\n")).unwrap_err();
        assert!(err.message.contains("unknown section"), "{err}");
    }
}
