//! Translation of ICU/Java regular expressions (the dialect SRX files are
//! written in) into the syntax of the Rust `regex` and `fancy-regex` crates.
//!
//! Two patterns come out: `exact`, which keeps the meaning (look-around,
//! back-references and atomic groups need `fancy-regex`), and `superset`, which
//! drops every zero-width or backtracking-only construct so that the plain
//! `regex` parser accepts it. The superset matches at least every string the
//! exact pattern matches; the engine uses it only to find which characters a
//! rule can end or start with, never to decide a break.

/// A translated pattern.
#[derive(Clone, Debug)]
pub struct Translated {
    /// Same meaning as the source pattern.
    pub exact: String,
    /// A pattern that matches a superset of `exact`, in plain `regex` syntax.
    pub superset: String,
}

/// Horizontal white space as Java's `\h` defines it.
const HSPACE: &str = r"\t\x20\xA0\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}";
/// Vertical white space as Java's `\v` defines it.
const VSPACE: &str = r"\n\x0B\f\r\x{85}\x{2028}\x{2029}";

struct Out {
    exact: String,
    superset: String,
    /// Depth of look-around groups being dropped from the superset.
    hide: usize,
    /// Start (in `exact`) of the last complete atom, for possessive quantifiers.
    atom_start: usize,
}

impl Out {
    fn both(&mut self, s: &str) {
        self.exact.push_str(s);
        if self.hide == 0 {
            self.superset.push_str(s);
        }
    }
    fn atom(&mut self, s: &str) {
        self.atom_start = self.exact.len();
        self.both(s);
    }
}

enum Group {
    Plain { exact_start: usize },
    LookAround { exact_start: usize },
}

/// Translates one ICU/Java pattern. Errors name the construct that has no
/// Rust equivalent.
pub fn translate(pattern: &str) -> Result<Translated, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Out {
        exact: String::with_capacity(pattern.len() + 8),
        superset: String::with_capacity(pattern.len() + 8),
        hide: 0,
        atom_start: 0,
    };
    let mut groups: Vec<Group> = Vec::new();
    let mut class_depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if class_depth > 0 {
            i = class_char(&chars, i, &mut out, &mut class_depth)?;
            continue;
        }
        match c {
            '\\' => {
                i = escape(&chars, i, &mut out, false)?;
            }
            '[' => {
                out.atom_start = out.exact.len();
                out.both("[");
                class_depth = 1;
                i += 1;
                if chars.get(i) == Some(&'^') {
                    out.both("^");
                    i += 1;
                }
                // A `]` right after `[` or `[^` is a literal in Java and ICU.
                if chars.get(i) == Some(&']') {
                    out.both(r"\]");
                    i += 1;
                }
            }
            '(' => {
                let start = out.exact.len();
                let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
                if rest.starts_with("(?<=") || rest.starts_with("(?<!") {
                    groups.push(Group::LookAround { exact_start: start });
                    out.exact.push_str(&rest[..4]);
                    out.hide += 1;
                    i += 4;
                } else if rest.starts_with("(?=") || rest.starts_with("(?!") {
                    groups.push(Group::LookAround { exact_start: start });
                    out.exact.push_str(&rest[..3]);
                    out.hide += 1;
                    i += 3;
                } else if rest.starts_with("(?>") {
                    groups.push(Group::Plain { exact_start: start });
                    out.exact.push_str("(?>");
                    if out.hide == 0 {
                        out.superset.push_str("(?:");
                    }
                    i += 3;
                } else if rest.starts_with("(?<") {
                    // Named group: same syntax in Rust.
                    groups.push(Group::Plain { exact_start: start });
                    out.both("(?<");
                    i += 3;
                } else if rest.starts_with("(?") {
                    // Flags `(?i)`, `(?i:`, `(?:`. Java's `U` (Unicode classes)
                    // would mean "swap greed" in Rust, and `d`/`c` do not exist.
                    let mut j = i + 2;
                    let mut flags = String::new();
                    while j < chars.len() && chars[j] != ')' && chars[j] != ':' {
                        match chars[j] {
                            'i' | 'm' | 's' | 'x' | '-' => flags.push(chars[j]),
                            'u' | 'U' | 'd' | 'c' => {}
                            other => return Err(format!("unknown group flag `{other}`")),
                        }
                        j += 1;
                    }
                    if j >= chars.len() {
                        return Err("unclosed group".into());
                    }
                    let flags = flags.trim_end_matches('-').to_string();
                    if chars[j] == ')' {
                        if !flags.is_empty() {
                            out.both(&format!("(?{flags})"));
                        }
                        i = j + 1;
                    } else {
                        groups.push(Group::Plain { exact_start: start });
                        out.both(&format!("(?{flags}:"));
                        i = j + 1;
                    }
                } else {
                    groups.push(Group::Plain { exact_start: start });
                    out.both("(");
                    i += 1;
                }
            }
            ')' => {
                match groups.pop() {
                    Some(Group::LookAround { exact_start }) => {
                        out.exact.push(')');
                        out.hide -= 1;
                        out.atom_start = exact_start;
                    }
                    Some(Group::Plain { exact_start }) => {
                        out.both(")");
                        out.atom_start = exact_start;
                    }
                    None => return Err("unbalanced `)`".into()),
                }
                i += 1;
            }
            '*' | '+' | '?' => {
                out.both(&c.to_string());
                i += 1;
                i = quantifier_suffix(&chars, i, &mut out);
            }
            '{' => {
                let rest: String = chars[i..].iter().collect();
                let quantifier = regex_lite_quantifier(&rest);
                match quantifier {
                    Some(len) => {
                        out.both(&rest[..len]);
                        i += rest[..len].chars().count();
                        i = quantifier_suffix(&chars, i, &mut out);
                    }
                    None => {
                        out.atom(r"\{");
                        i += 1;
                    }
                }
            }
            '}' => {
                out.atom(r"\}");
                i += 1;
            }
            '.' => {
                out.atom(".");
                i += 1;
            }
            '^' | '$' | '|' => {
                out.both(&c.to_string());
                i += 1;
            }
            _ => {
                out.atom(&c.to_string());
                i += 1;
            }
        }
    }
    if class_depth > 0 {
        return Err("unclosed character class `[`".into());
    }
    if !groups.is_empty() {
        return Err("unclosed group `(`".into());
    }
    Ok(Translated {
        exact: out.exact,
        superset: out.superset,
    })
}

/// Length in bytes of a `{n}`, `{n,}` or `{n,m}` quantifier at the start of `s`.
fn regex_lite_quantifier(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return None;
    }
    if i < bytes.len() && bytes[i] == b',' {
        i += 1;
        digits(&mut i);
    }
    (i < bytes.len() && bytes[i] == b'}').then_some(i + 1)
}

/// Handles a lazy (`?`) or possessive (`+`) marker after a quantifier.
fn quantifier_suffix(chars: &[char], i: usize, out: &mut Out) -> usize {
    match chars.get(i) {
        Some('?') => {
            out.both("?");
            i + 1
        }
        Some('+') => {
            // Possessive: an atomic group around the quantified atom in the
            // exact pattern; plain greedy in the superset.
            out.exact.insert_str(out.atom_start, "(?>");
            out.exact.push(')');
            i + 1
        }
        _ => i,
    }
}

fn hex_escape(code: u32) -> String {
    format!(r"\x{{{code:X}}}")
}

/// Translates an escape outside (`in_class` false) or inside a class.
fn escape(chars: &[char], i: usize, out: &mut Out, in_class: bool) -> Result<usize, String> {
    let Some(&next) = chars.get(i + 1) else {
        return Err("pattern ends with a lone backslash".into());
    };
    let emit = |out: &mut Out, s: &str| {
        if in_class {
            out.both(s);
        } else {
            out.atom(s);
        }
    };
    match next {
        'Q' => {
            let mut j = i + 2;
            let mut literal = String::new();
            while j < chars.len() {
                if chars[j] == '\\' && chars.get(j + 1) == Some(&'E') {
                    j += 2;
                    break;
                }
                literal.push(chars[j]);
                j += 1;
            }
            if in_class {
                out.both(&regex::escape(&literal));
            } else if !literal.is_empty() {
                // One atom per character so a following quantifier applies to
                // the last character only, as in Java.
                for ch in literal.chars() {
                    out.atom(&regex::escape(&ch.to_string()));
                }
            }
            Ok(j)
        }
        'E' => Ok(i + 2),
        'h' => {
            emit(out, &format!("[{HSPACE}]"));
            Ok(i + 2)
        }
        'H' => {
            emit(out, &format!("[^{HSPACE}]"));
            Ok(i + 2)
        }
        'v' => {
            emit(out, &format!("[{VSPACE}]"));
            Ok(i + 2)
        }
        'V' => {
            emit(out, &format!("[^{VSPACE}]"));
            Ok(i + 2)
        }
        'R' if !in_class => {
            out.atom(&format!(r"(?:\r\n|[{VSPACE}])"));
            Ok(i + 2)
        }
        'u' => {
            let hex: String = chars.iter().skip(i + 2).take(4).collect();
            let code = u32::from_str_radix(&hex, 16)
                .ok()
                .filter(|_| hex.len() == 4)
                .ok_or_else(|| format!(r"bad \u escape `\u{hex}`"))?;
            // A UTF-16 surrogate pair written as two \u escapes.
            if (0xD800..0xDC00).contains(&code)
                && chars.get(i + 6) == Some(&'\\')
                && chars.get(i + 7) == Some(&'u')
            {
                let low: String = chars.iter().skip(i + 8).take(4).collect();
                let low = u32::from_str_radix(&low, 16).unwrap_or(0);
                if (0xDC00..0xE000).contains(&low) {
                    let combined = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                    emit(out, &hex_escape(combined));
                    return Ok(i + 12);
                }
            }
            if (0xD800..0xE000).contains(&code) {
                return Err(format!(r"lone surrogate \u{hex} cannot match UTF-8 text"));
            }
            emit(out, &hex_escape(code));
            Ok(i + 6)
        }
        'x' => {
            if chars.get(i + 2) == Some(&'{') {
                let end = chars[i + 2..]
                    .iter()
                    .position(|c| *c == '}')
                    .ok_or("unclosed \\x{…}")?;
                let hex: String = chars[i + 3..i + 2 + end].iter().collect();
                let code =
                    u32::from_str_radix(&hex, 16).map_err(|_| format!(r"bad \x{{{hex}}}"))?;
                emit(out, &hex_escape(code));
                Ok(i + 3 + end)
            } else {
                let hex: String = chars.iter().skip(i + 2).take(2).collect();
                let code = u32::from_str_radix(&hex, 16)
                    .ok()
                    .filter(|_| hex.len() == 2)
                    .ok_or_else(|| format!(r"bad \x escape `\x{hex}`"))?;
                emit(out, &hex_escape(code));
                Ok(i + 4)
            }
        }
        '0' => {
            let mut j = i + 2;
            let mut code = 0u32;
            while j < chars.len() && j < i + 5 && ('0'..='7').contains(&chars[j]) {
                code = code * 8 + chars[j].to_digit(8).unwrap_or(0);
                j += 1;
            }
            emit(out, &hex_escape(code));
            Ok(j)
        }
        'c' => {
            let letter = chars.get(i + 2).ok_or("\\c needs a letter")?;
            emit(out, &hex_escape(u32::from(*letter) ^ 0x40));
            Ok(i + 3)
        }
        'e' => {
            emit(out, r"\x1B");
            Ok(i + 2)
        }
        'a' => {
            emit(out, r"\x07");
            Ok(i + 2)
        }
        'p' | 'P' => {
            let negated = next == 'P';
            let (name, len) = if chars.get(i + 2) == Some(&'{') {
                let end = chars[i + 2..]
                    .iter()
                    .position(|c| *c == '}')
                    .ok_or("unclosed \\p{…}")?;
                (
                    chars[i + 3..i + 2 + end].iter().collect::<String>(),
                    end + 3,
                )
            } else {
                let letter = chars.get(i + 2).ok_or("\\p needs a property name")?;
                (letter.to_string(), 3)
            };
            emit(out, &property_class(&name, negated)?);
            Ok(i + len)
        }
        'k' if !in_class => {
            let end = chars[i..]
                .iter()
                .position(|c| *c == '>')
                .ok_or("unclosed \\k<…>")?;
            let text: String = chars[i..=i + end].iter().collect();
            out.atom_start = out.exact.len();
            out.exact.push_str(&text);
            if out.hide == 0 {
                out.superset.push_str("(?s:.*)");
            }
            Ok(i + end + 1)
        }
        '1'..='9' if !in_class => {
            out.atom_start = out.exact.len();
            out.exact.push('\\');
            out.exact.push(next);
            if out.hide == 0 {
                out.superset.push_str("(?s:.*)");
            }
            Ok(i + 2)
        }
        'Z' if !in_class => {
            out.both(r"(?:\n?\z)");
            Ok(i + 2)
        }
        'G' => Err(r"`\G` (end of previous match) has no meaning in segmentation rules".into()),
        'X' => Err(r"`\X` (grapheme cluster) is not supported".into()),
        'b' | 'B' | 'A' | 'z' if !in_class => {
            out.both(&format!("\\{next}"));
            Ok(i + 2)
        }
        'd' | 'D' | 's' | 'S' | 'w' | 'W' | 'n' | 't' | 'r' | 'f' => {
            emit(out, &format!("\\{next}"));
            Ok(i + 2)
        }
        c if c.is_ascii_alphanumeric() => Err(format!("unknown escape `\\{c}`")),
        c => {
            emit(out, &regex::escape(&c.to_string()));
            Ok(i + 2)
        }
    }
}

/// One character (or escape, or nested class) inside a character class.
fn class_char(chars: &[char], i: usize, out: &mut Out, depth: &mut usize) -> Result<usize, String> {
    match chars[i] {
        '\\' => escape(chars, i, out, true),
        '[' => {
            // POSIX class `[:alpha:]` (ICU) or a nested class (Java union).
            if chars.get(i + 1) == Some(&':') {
                let rest: String = chars[i..].iter().collect();
                if let Some(end) = rest.find(":]") {
                    out.both(&rest[..end + 2]);
                    return Ok(i + rest[..end + 2].chars().count());
                }
            }
            out.both("[");
            *depth += 1;
            let mut j = i + 1;
            if chars.get(j) == Some(&'^') {
                out.both("^");
                j += 1;
            }
            Ok(j)
        }
        ']' => {
            out.both("]");
            *depth -= 1;
            Ok(i + 1)
        }
        '&' if chars.get(i + 1) == Some(&'&') => {
            out.both("&&");
            Ok(i + 2)
        }
        // Rust reads `--` and `~~` as set operations; Java as literals.
        '~' => {
            out.both(r"\~");
            Ok(i + 1)
        }
        '-' if chars.get(i + 1) == Some(&'-') || chars.get(i + 1) == Some(&'&') => {
            out.both(r"\-");
            Ok(i + 1)
        }
        c => {
            out.both(&c.to_string());
            Ok(i + 1)
        }
    }
}

/// A bracketed Rust class for a Java/ICU property name.
fn property_class(name: &str, negated: bool) -> Result<String, String> {
    let neg = if negated { "^" } else { "" };
    let key: String = name
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .collect::<String>()
        .to_ascii_lowercase();
    let body: Option<&str> = match key.as_str() {
        // java.lang.Character methods.
        "javalowercase" => Some(r"\p{Lowercase}"),
        "javauppercase" => Some(r"\p{Uppercase}"),
        "javawhitespace" => Some(r"\p{White_Space}"),
        "javaspacechar" => Some(r"\p{Z}"),
        "javamirrored" => Some(r"\p{Bidi_Mirrored}"),
        "javaletter" => Some(r"\p{L}"),
        "javadigit" => Some(r"\p{Nd}"),
        "javaletterordigit" => Some(r"\p{L}\p{Nd}"),
        "javaalphabetic" => Some(r"\p{Alphabetic}"),
        "javatitlecase" => Some(r"\p{Lt}"),
        "javaideographic" => Some(r"\p{Ideographic}"),
        // POSIX classes, which Java defines over US-ASCII.
        "lower" => Some("a-z"),
        "upper" => Some("A-Z"),
        "ascii" => Some(r"\x00-\x7F"),
        "alpha" => Some("a-zA-Z"),
        "digit" => Some("0-9"),
        "alnum" => Some("a-zA-Z0-9"),
        "punct" => Some(r##"!-/:-@\[-`{-~"##),
        "graph" => Some(r"!-~"),
        "print" => Some(r"\x20-~"),
        "blank" => Some(r"\x20\t"),
        "cntrl" => Some(r"\x00-\x1F\x7F"),
        "xdigit" => Some("0-9a-fA-F"),
        "space" => Some(r"\x20\t\n\x0B\f\r"),
        // Unicode blocks (`InCyrillic`), which the regex crate lacks.
        "inbasiclatin" => Some(r"\x00-\x7F"),
        "inlatin1supplement" => Some(r"\x{80}-\x{FF}"),
        "inlatinextendeda" => Some(r"\x{100}-\x{17F}"),
        "inlatinextendedb" => Some(r"\x{180}-\x{24F}"),
        "ingreek" | "ingreekandcoptic" => Some(r"\x{370}-\x{3FF}"),
        "incyrillic" => Some(r"\x{400}-\x{4FF}"),
        "incyrillicsupplement" | "incyrillicsupplementary" => Some(r"\x{500}-\x{52F}"),
        "inarmenian" => Some(r"\x{530}-\x{58F}"),
        "inhebrew" => Some(r"\x{590}-\x{5FF}"),
        "inarabic" => Some(r"\x{600}-\x{6FF}"),
        "indevanagari" => Some(r"\x{900}-\x{97F}"),
        "inthai" => Some(r"\x{E00}-\x{E7F}"),
        "ingeorgian" => Some(r"\x{10A0}-\x{10FF}"),
        "ingeneralpunctuation" => Some(r"\x{2000}-\x{206F}"),
        "incjksymbolsandpunctuation" => Some(r"\x{3000}-\x{303F}"),
        "inhiragana" => Some(r"\x{3040}-\x{309F}"),
        "inkatakana" => Some(r"\x{30A0}-\x{30FF}"),
        "incjkunifiedideographs" => Some(r"\x{4E00}-\x{9FFF}"),
        "inhangulsyllables" => Some(r"\x{AC00}-\x{D7AF}"),
        "inhalfwidthandfullwidthforms" => Some(r"\x{FF00}-\x{FFEF}"),
        _ => None,
    };
    if let Some(body) = body {
        return Ok(format!("[{neg}{body}]"));
    }
    if key.starts_with("in") && !key.starts_with("inherited") {
        return Err(format!("Unicode block `{name}` is not supported"));
    }
    // `IsLatin`, `IsL`, `IsAlphabetic`, `general_category=Lu`, `sc=Cyrl`: the
    // regex crate knows these names once the Java `Is` prefix is gone.
    let plain = name
        .strip_prefix("Is")
        .or_else(|| name.strip_prefix("is"))
        .unwrap_or(name);
    let candidate = format!(r"\p{{{plain}}}");
    if regex_syntax::Parser::new().parse(&candidate).is_ok() {
        return Ok(format!("[{neg}{candidate}]"));
    }
    let original = format!(r"\p{{{name}}}");
    if regex_syntax::Parser::new().parse(&original).is_ok() {
        return Ok(format!("[{neg}{original}]"));
    }
    Err(format!("unknown Unicode property `{name}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(p: &str) -> String {
        translate(p).unwrap().exact
    }

    #[test]
    fn java_constructs_are_translated() {
        assert_eq!(exact(r"\Qa.b\E+"), r"a\.b+");
        assert_eq!(exact(r"\u00BB"), r"\x{BB}");
        assert_eq!(exact(r"[\u00AB\h]"), format!(r"[\x{{AB}}[{HSPACE}]]"));
        assert_eq!(exact(r"a*+b"), r"(?>a*)b");
        assert_eq!(exact(r"(ab)++"), r"(?>(ab)+)");
        assert_eq!(exact(r"\p{L}+"), r"[\p{L}]+");
        assert_eq!(exact(r"\p{IsLatin}"), r"[\p{Latin}]");
        assert_eq!(exact(r"\p{javaLowerCase}"), r"[\p{Lowercase}]");
        assert_eq!(exact(r"\p{InCyrillic}"), r"[\x{400}-\x{4FF}]");
        assert_eq!(exact(r"[[:alpha:]]"), r"[[:alpha:]]");
        assert_eq!(exact(r"(?iu)x"), r"(?i)x");
        assert_eq!(exact(r"a{2,3}+"), r"(?>a{2,3})");
        assert_eq!(exact(r"a{b"), r"a\{b");
        assert_eq!(exact(r"\uD83D\uDE00"), r"\x{1F600}");
    }

    #[test]
    fn superset_drops_lookaround_and_backreferences() {
        let t = translate(r"(?<![A-Z])\.(?=\s)(a)\1").unwrap();
        assert_eq!(t.exact, r"(?<![A-Z])\.(?=\s)(a)\1");
        assert_eq!(t.superset, r"\.(a)(?s:.*)");
        assert!(regex::Regex::new(&t.superset).is_ok());
    }

    #[test]
    fn untranslatable_constructs_are_errors() {
        assert!(translate(r"\G").is_err());
        assert!(translate(r"\p{NoSuchThing}").is_err());
        assert!(translate(r"(a").is_err());
        assert!(translate(r"[a").is_err());
        assert!(translate(r"\q").is_err());
    }

    #[test]
    fn every_translation_compiles() {
        for p in [
            r"[\.\?!]+",
            r"\bMr\.",
            r"[\p{Ll}&&[^aeiou]]",
            r"(?i)т\.е\.",
            r"\s\p{Lu}",
        ] {
            let t = translate(p).unwrap();
            assert!(regex::Regex::new(&t.exact).is_ok(), "{p} -> {}", t.exact);
        }
    }
}
