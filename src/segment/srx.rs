//! The SRX 2.0 document model and its parser.
//!
//! An SRX file holds named sets of ordered rules (`languagerule`) and a map
//! (`maprules`) from language-tag patterns to those sets. This module only
//! reads and represents the file; compiling rules is the engine's job.

use super::{RuleProblem, SegmentError};
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// How inline codes that start, end or stand alone are placed at a segment
/// boundary (`<formathandle>`). tmkit segments plain text, so these are kept
/// for round trips and reporting only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatHandle {
    /// `start`, `end` or `isolated`.
    pub kind: String,
    /// True when the code goes into the segment before the break.
    pub include: bool,
}

/// One `<rule>`: a break or an exception, with the patterns around the position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// `break="yes"` (true) or `break="no"`.
    pub is_break: bool,
    /// The `<beforebreak>` pattern (ICU/Java syntax as written); empty matches anywhere.
    pub before: String,
    /// The `<afterbreak>` pattern; empty matches anywhere.
    pub after: String,
    /// Line of the `<rule>` element in the file (1-based).
    pub line: usize,
}

/// A named, ordered rule set (`<languagerule languagerulename="…">`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LanguageRule {
    /// The `languagerulename`.
    pub name: String,
    /// Rules in file order.
    pub rules: Vec<Rule>,
    /// tmkit extension (`tmkit:base="uax29"`): Unicode sentence boundaries
    /// (UAX #29) break unless a rule says otherwise.
    pub uax29_base: bool,
}

/// One `<languagemap>`: language tags matching `pattern` use rule set `rule_name`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LanguageMap {
    /// The `languagepattern` regex, matched against the whole BCP 47 tag, ignoring case.
    pub pattern: String,
    /// The `languagerulename` it selects.
    pub rule_name: String,
    /// Line of the element (1-based).
    pub line: usize,
}

impl LanguageMap {
    /// The compiled `languagepattern`: the whole tag must match, ignoring case.
    pub fn matcher(&self) -> Result<fancy_regex::Regex, String> {
        super::regex_translate::translate(&self.pattern).and_then(|t| {
            let full = format!("(?i)^(?:{})$", t.exact);
            // Java allows look-around in language patterns too.
            fancy_regex::Regex::new(&full).map_err(|e| e.to_string())
        })
    }

    /// Whether the whole of one of `tags` matches the `languagepattern`,
    /// ignoring case: what [`LanguageMap::matcher`] says. A pattern in plain
    /// `regex` syntax runs as a lazy DFA, which costs a fraction of a
    /// `fancy_regex` to build (every process that segments matches its tag
    /// against all the built-in maps), and so does one in that syntax behind
    /// a negative look-ahead (`(?!(en|ru)(-|$)).*`, "every other language"):
    /// the rest must match the whole tag where the look-ahead's pattern
    /// matches no start of it. Other look-around goes to `fancy_regex`.
    pub(crate) fn matches_tag(&self, tags: &[&str]) -> Result<bool, String> {
        let translated = super::regex_translate::translate(&self.pattern)?;
        let full = format!("(?i)^(?:{})$", translated.exact);
        let answers = match leading_negative_lookahead(&translated.exact) {
            Some((ahead, rest)) => dfa_answers(&format!("(?i)^(?:{rest})$"), tags)
                .zip(dfa_answers(&format!("(?i)^(?:{ahead})"), tags)),
            None => dfa_answers(&full, tags).map(|answers| {
                let none = vec![false; answers.len()];
                (answers, none)
            }),
        };
        // (Should a DFA give up, `fancy_regex` answers.)
        if let Some((whole, excluded)) = answers {
            return Ok(whole.iter().zip(&excluded).any(|(w, x)| *w && !*x));
        }
        let matcher = fancy_regex::Regex::new(&full).map_err(|e| e.to_string())?;
        Ok(tags.iter().any(|t| matcher.is_match(t).unwrap_or(false)))
    }
}

/// For each of `tags`, whether `pattern` (in plain `regex` syntax, starting
/// with `^`) matches at its start; `None` when the lazy DFA cannot be built
/// or gives up.
fn dfa_answers(pattern: &str, tags: &[&str]) -> Option<Vec<bool>> {
    use regex_automata::hybrid::dfa::DFA;
    use regex_automata::{Anchored, Input};
    let syntax = regex_automata::util::syntax::Config::new();
    let dfa = super::side_dfa::lazy_dfa(&[pattern], false, syntax, DFA::config())?;
    let mut cache = dfa.create_cache();
    tags.iter()
        .map(|tag| {
            let input = Input::new(tag).anchored(Anchored::Yes);
            dfa.try_search_fwd(&mut cache, &input)
                .map(|m| m.is_some())
                .ok()
        })
        .collect()
}

/// `(A, B)` when `pattern` is `(?!A)B`, the look-ahead applying to all of
/// `B` (no `|` at its top level) and both in plain `regex` syntax.
fn leading_negative_lookahead(pattern: &str) -> Option<(&str, &str)> {
    use regex_syntax::ast::Ast;
    let body = pattern.strip_prefix("(?!")?;
    let mut depth = 1usize;
    let mut in_class = 0usize;
    let mut chars = body.char_indices().peekable();
    let mut close = None;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' => {
                in_class += 1;
                // `]` first in a class (after an optional `^`) is a literal.
                chars.next_if(|&(_, c)| c == '^');
                chars.next_if(|&(_, c)| c == ']');
            }
            ']' if in_class > 0 => in_class -= 1,
            '(' if in_class == 0 => depth += 1,
            ')' if in_class == 0 => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let (ahead, rest) = (&body[..close], &body[close + 1..]);
    let parse = |p: &str| regex_syntax::ast::parse::Parser::new().parse(p).ok();
    parse(ahead)?;
    match parse(rest)? {
        Ast::Alternation(_) => None,
        _ => Some((ahead, rest)),
    }
}

/// The maps that apply to `lang`, in order, by index (all that match when
/// `cascade` is on, the first otherwise), and those whose pattern cannot be
/// compiled, with the reason.
pub(crate) fn select_maps(
    maps: &[LanguageMap],
    cascade: bool,
    lang: &crate::lang::LangTag,
) -> Vec<Result<usize, (usize, String)>> {
    let tags = [lang.normalized(), lang.original()];
    let mut applies = Vec::new();
    for (i, map) in maps.iter().enumerate() {
        match map.matches_tag(&tags) {
            Ok(true) => {
                applies.push(Ok(i));
                if !cascade {
                    break;
                }
            }
            Ok(false) => {}
            Err(reason) => applies.push(Err((i, reason))),
        }
    }
    applies
}

/// A parsed SRX 2.0 document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SrxDocument {
    /// Name used in messages (usually the file path).
    pub name: String,
    /// `segmentsubflows` (kept; tmkit segments plain text).
    pub segment_subflows: bool,
    /// `cascade`: use the rules of every matching map, in map order (true), or of the first only.
    pub cascade: bool,
    /// `<formathandle>` elements.
    pub format_handles: Vec<FormatHandle>,
    /// Rule sets in file order.
    pub language_rules: Vec<LanguageRule>,
    /// Maps in file order.
    pub language_maps: Vec<LanguageMap>,
}

/// A rule chosen for a language, with where it came from.
#[derive(Clone, Debug)]
pub struct SelectedRule<'a> {
    /// The rule set it belongs to.
    pub rule_set: &'a str,
    /// Its 1-based position in that set.
    pub index: usize,
    /// The rule.
    pub rule: &'a Rule,
    /// Whether its set asks for the UAX #29 base.
    pub uax29_base: bool,
}

/// Line numbers of byte offsets met in increasing order: counting from the
/// file start for every rule made parsing quadratic (a third of the CLI's
/// start-up with the built-in rules, whose abbreviation lists are long).
struct LineCounter<'a> {
    text: &'a str,
    byte: std::cell::Cell<usize>,
    line: std::cell::Cell<usize>,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            text,
            byte: std::cell::Cell::new(0),
            line: std::cell::Cell::new(1),
        }
    }

    /// The 1-based line of `byte` (as `line_col(text, byte).0`).
    fn line(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if byte < self.byte.get() {
            self.byte.set(0);
            self.line.set(1);
        }
        let from = self.byte.get();
        let newlines = memchr::memchr_iter(b'\n', &self.text.as_bytes()[from..byte]).count();
        self.line.set(self.line.get() + newlines);
        self.byte.set(byte);
        self.line.get()
    }
}

fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let byte = byte.min(text.len());
    let before = &text.as_bytes()[..byte];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

fn local_name(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|b| *b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn attribute(element: &BytesStart, wanted: &str) -> Option<String> {
    element.attributes().flatten().find_map(|a| {
        (local_name(a.key.as_ref()) == wanted.as_bytes()).then(|| {
            a.unescape_value()
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned())
        })
    })
}

fn yes(value: Option<String>, default: bool) -> bool {
    match value.as_deref().map(str::trim) {
        Some(v) if v.eq_ignore_ascii_case("yes") || v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("no") || v.eq_ignore_ascii_case("false") => false,
        _ => default,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Field {
    None,
    Before,
    After,
}

impl SrxDocument {
    /// Reads and parses the SRX file at `path`, decoded as the XML readers
    /// decode every XML file (byte-order mark, UTF-16, the declared
    /// encoding; a binary file is refused).
    pub fn read_file(path: &std::path::Path) -> Result<SrxDocument, SegmentError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| SegmentError::Io {
            path: name.clone(),
            source,
        })?;
        let (xml, _) = crate::xml::encoding::decode_document(&bytes, "SRX").map_err(|failure| {
            SegmentError::Syntax {
                name: name.clone(),
                line: failure.line as usize,
                column: failure.column as usize,
                message: failure.message,
            }
        })?;
        SrxDocument::parse(&xml, &name)
    }

    /// Parses SRX 2.0 (also accepts 1.0 files, which have the same elements).
    /// `name` is used in error messages.
    pub fn parse(xml: &str, name: &str) -> Result<SrxDocument, SegmentError> {
        let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
        let mut reader = Reader::from_str(xml);
        reader.config_mut().trim_text(false);
        let mut doc = SrxDocument {
            name: name.to_string(),
            segment_subflows: true,
            cascade: false,
            format_handles: Vec::new(),
            language_rules: Vec::new(),
            language_maps: Vec::new(),
        };
        let mut saw_root = false;
        let mut field = Field::None;
        let mut current_rule: Option<Rule> = None;
        let mut current_set: Option<LanguageRule> = None;
        let lines = LineCounter::new(xml);
        let syntax = |message: String, at: usize| {
            let (line, column) = line_col(xml, at);
            SegmentError::Syntax {
                name: name.to_string(),
                line,
                column,
                message,
            }
        };
        loop {
            let at = reader.buffer_position() as usize;
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(error) => {
                    return Err(syntax(error.to_string(), reader.error_position() as usize));
                }
            };
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let is_empty = matches!(event, Event::Empty(_));
                    let tag = local_name(e.name().as_ref()).to_vec();
                    match tag.as_slice() {
                        b"srx" => saw_root = true,
                        b"header" => {
                            doc.segment_subflows = yes(attribute(e, "segmentsubflows"), true);
                            doc.cascade = yes(attribute(e, "cascade"), false);
                        }
                        b"formathandle" => doc.format_handles.push(FormatHandle {
                            kind: attribute(e, "type").unwrap_or_default(),
                            include: yes(
                                attribute(e, "include"),
                                attribute(e, "type").as_deref() == Some("end"),
                            ),
                        }),
                        b"languagerule" => {
                            let set = LanguageRule {
                                name: attribute(e, "languagerulename").unwrap_or_default(),
                                rules: Vec::new(),
                                uax29_base: attribute(e, "base").as_deref() == Some("uax29"),
                            };
                            if is_empty {
                                doc.language_rules.push(set);
                            } else {
                                current_set = Some(set);
                            }
                        }
                        b"rule" => {
                            let rule = Rule {
                                is_break: yes(attribute(e, "break"), true),
                                before: String::new(),
                                after: String::new(),
                                line: lines.line(at),
                            };
                            if current_set.is_none() {
                                return Err(syntax(
                                    "<rule> outside <languagerule>".to_string(),
                                    at,
                                ));
                            }
                            if is_empty {
                                if let Some(set) = current_set.as_mut() {
                                    set.rules.push(rule);
                                }
                            } else {
                                current_rule = Some(rule);
                            }
                        }
                        b"beforebreak" if !is_empty => field = Field::Before,
                        b"afterbreak" if !is_empty => field = Field::After,
                        b"languagemap" => doc.language_maps.push(LanguageMap {
                            pattern: attribute(e, "languagepattern").unwrap_or_default(),
                            rule_name: attribute(e, "languagerulename").unwrap_or_default(),
                            line: lines.line(at),
                        }),
                        _ => {}
                    }
                }
                Event::End(ref e) => match local_name(e.name().as_ref()) {
                    b"beforebreak" | b"afterbreak" => field = Field::None,
                    b"rule" => {
                        if let (Some(rule), Some(set)) = (current_rule.take(), current_set.as_mut())
                        {
                            set.rules.push(rule);
                        }
                    }
                    b"languagerule" => {
                        if let Some(set) = current_set.take() {
                            doc.language_rules.push(set);
                        }
                    }
                    _ => {}
                },
                Event::Text(ref t) if field != Field::None => {
                    let text = t
                        .unescape()
                        .map_err(|error| syntax(error.to_string(), at))?;
                    push_field(&mut current_rule, field, &text);
                }
                Event::CData(ref t) if field != Field::None => {
                    let text = String::from_utf8_lossy(t.as_ref()).into_owned();
                    push_field(&mut current_rule, field, &text);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !saw_root {
            return Err(syntax(
                "no <srx> root element: this is not an SRX file".to_string(),
                0,
            ));
        }
        Ok(doc)
    }

    /// The rules that apply to `lang` in the order SRX prescribes: the sets of
    /// every map whose `languagepattern` matches the tag (all of them when
    /// `cascade` is on, the first otherwise). Also returns problems: maps whose
    /// pattern cannot be compiled or that name a missing rule set.
    pub fn rules_for(
        &self,
        lang: &crate::lang::LangTag,
    ) -> (Vec<SelectedRule<'_>>, Vec<RuleProblem>) {
        let mut selected = Vec::new();
        let mut problems = Vec::new();
        for applies in select_maps(&self.language_maps, self.cascade, lang) {
            let map = match applies {
                Ok(i) => &self.language_maps[i],
                Err((i, reason)) => {
                    let map = &self.language_maps[i];
                    problems.push(RuleProblem {
                        rule_set: map.rule_name.clone(),
                        index: 0,
                        field: "languagepattern",
                        pattern: map.pattern.clone(),
                        reason,
                        line: map.line,
                    });
                    continue;
                }
            };
            match self.language_rules.iter().find(|s| s.name == map.rule_name) {
                Some(set) => {
                    selected.extend(set.rules.iter().enumerate().map(|(i, rule)| SelectedRule {
                        rule_set: &set.name,
                        index: i + 1,
                        rule,
                        uax29_base: set.uax29_base,
                    }))
                }
                None => problems.push(RuleProblem {
                    rule_set: map.rule_name.clone(),
                    index: 0,
                    field: "languagerulename",
                    pattern: map.pattern.clone(),
                    reason: "the map names a languagerule that the file does not define".into(),
                    line: map.line,
                }),
            }
        }
        (selected, problems)
    }

    /// Every rule of every set, for checking a whole file.
    pub fn all_rules(&self) -> Vec<SelectedRule<'_>> {
        self.language_rules
            .iter()
            .flat_map(|set| {
                set.rules.iter().enumerate().map(|(i, rule)| SelectedRule {
                    rule_set: &set.name,
                    index: i + 1,
                    rule,
                    uax29_base: set.uax29_base,
                })
            })
            .collect()
    }
}

fn push_field(rule: &mut Option<Rule>, field: Field, text: &str) {
    if let Some(rule) = rule.as_mut() {
        match field {
            Field::Before => rule.before.push_str(text),
            Field::After => rule.after.push_str(text),
            Field::None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::LangTag;

    const SAMPLE: &str = r#"<?xml version="1.0"?>
<srx version="2.0" xmlns="http://www.lisa.org/srx20">
 <header segmentsubflows="no" cascade="yes"><formathandle type="end" include="no"/></header>
 <body>
  <languagerules>
   <languagerule languagerulename="English">
    <rule break="no"><beforebreak>\bMr\.</beforebreak><afterbreak>\s</afterbreak></rule>
   </languagerule>
   <languagerule languagerulename="Default">
    <rule break="yes"><beforebreak>[.?!]+</beforebreak><afterbreak>\s</afterbreak></rule>
    <rule><beforebreak>&lt;x</beforebreak></rule>
   </languagerule>
  </languagerules>
  <maprules>
   <languagemap languagepattern="EN.*" languagerulename="English"/>
   <languagemap languagepattern=".*" languagerulename="Default"/>
  </maprules>
 </body>
</srx>"#;

    /// The lazy DFA that picks the rule sets answers as the `fancy_regex`
    /// matcher of the same pattern does, look-around and all.
    #[test]
    fn language_patterns_match_as_the_fancy_matcher() {
        let patterns = [
            "en(-.*)?",
            ".*",
            "(en|ru|uk|de|fr)(-.*)?",
            "(?!(en|ru|uk|de|fr)(-|$)).*",
            "EN-gb",
            "de-(AT|CH)",
            "z[a-h]+",
            "",
            // Look-ahead in front: two DFAs, or `fancy_regex` where they cannot say.
            "(?!en)e.*",
            "(?!en|ru).*",
            "(?!EN$).*",
            "(?![)(]n)..",
            r"(?!\(|e[]n])e.*",
            "(?!(en))z.*|e.*",
            "(?!x)(?!en).*",
            "(?!(?i:DE)-).*",
        ];
        let tags = [
            "en", "EN", "en-GB", "en-gb", "eng", "ru", "de-AT", "de-at", "es", "", "zh-Hant",
            "fr-CA",
        ];
        for pattern in patterns {
            let map = LanguageMap {
                pattern: pattern.into(),
                rule_name: "x".into(),
                line: 1,
            };
            let matcher = map.matcher().unwrap();
            for tag in tags {
                for other in ["en", "xx"] {
                    let expected = [tag, other].iter().any(|t| matcher.is_match(t).unwrap());
                    assert_eq!(
                        map.matches_tag(&[tag, other]),
                        Ok(expected),
                        "{pattern:?} on {tag:?}, {other:?}"
                    );
                }
            }
        }
        assert_eq!(
            leading_negative_lookahead("(?!(en|ru)(-|$)).*"),
            Some(("(en|ru)(-|$)", ".*"))
        );
        assert_eq!(leading_negative_lookahead("(?![)]x)y"), Some(("[)]x", "y")));
        // The look-ahead applies to one alternative only: not split.
        assert_eq!(leading_negative_lookahead("(?!en).*|de"), None);
        assert_eq!(leading_negative_lookahead("(?=en).*"), None);
        let broken = LanguageMap {
            pattern: "(en".into(),
            rule_name: "x".into(),
            line: 1,
        };
        assert!(broken.matches_tag(&["en"]).is_err());
    }

    #[test]
    fn line_counter_agrees_with_line_col() {
        let text = "a\nbc\n\nd\u{e9}f\ng";
        let counter = LineCounter::new(text);
        for at in (0..=text.len() + 2).chain([3, 0, 9, 5]) {
            assert_eq!(counter.line(at), line_col(text, at).0, "{at}");
        }
    }

    #[test]
    fn parses_header_rules_and_maps() {
        let doc = SrxDocument::parse(SAMPLE, "sample").unwrap();
        assert!(doc.cascade);
        assert!(!doc.segment_subflows);
        assert_eq!(doc.format_handles[0].kind, "end");
        assert!(!doc.format_handles[0].include);
        assert_eq!(doc.language_rules.len(), 2);
        assert_eq!(doc.language_rules[1].rules[1].before, "<x");
        assert!(doc.language_rules[1].rules[1].is_break);
        assert_eq!(doc.language_rules[0].rules[0].line, 7);
    }

    #[test]
    fn cascade_collects_every_matching_map_in_order() {
        let doc = SrxDocument::parse(SAMPLE, "sample").unwrap();
        let (rules, problems) = doc.rules_for(&LangTag::parse("en-GB"));
        assert!(problems.is_empty());
        assert_eq!(rules.len(), 3);
        assert_eq!(rules[0].rule_set, "English");
        let (rules, _) = doc.rules_for(&LangTag::parse("ru"));
        assert_eq!(rules.len(), 2);
        let no_cascade = SAMPLE.replace("cascade=\"yes\"", "cascade=\"no\"");
        let doc = SrxDocument::parse(&no_cascade, "sample").unwrap();
        assert_eq!(doc.rules_for(&LangTag::parse("en")).0.len(), 1);
    }

    #[test]
    fn broken_xml_reports_line_and_column() {
        let broken = SAMPLE.replace(
            "</languagerule>\n   <languagerule",
            "</languagerul>\n   <languagerule",
        );
        match SrxDocument::parse(&broken, "bad.srx") {
            Err(SegmentError::Syntax { line, name, .. }) => {
                assert_eq!(name, "bad.srx");
                assert_eq!(line, 8);
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
        assert!(SrxDocument::parse("<html/>", "x").is_err());
    }
}
