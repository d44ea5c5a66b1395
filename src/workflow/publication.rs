//! Name consistency across a publication: many documents checked together
//! (`tmkit check reports/*.txt`, `--files-from list.txt`).
//!
//! Documents are added one at a time ([`Publication::add`]) and only their
//! name spellings are kept (text, count, every occurrence as file, line,
//! column), so thousands of files stream through in memory proportional to
//! the names, not the text. [`Publication::finish`] then clusters the
//! spellings with the same rules as the one-document check
//! ([`crate::check::check_document`]): whole names with
//! [`crate::names::compare_names`], single words (never a given name alone)
//! with `single_word_match` of `check::document`, a cluster being a star
//! around its chosen spelling. The chosen spelling is the approved one when
//! a glossary approves one of them, else one without look-alike letters of
//! another script (never a homoglyph while a clean spelling is there), then
//! the most frequent, then the first. Each inconsistent name is reported
//! once, with every spelling, its count and its occurrences.

use crate::check::document::{
    Ranked, cluster, is_single_word_candidate, rank, reportable, single_word_match, surname_key,
    use_rank,
};
use crate::check::words::NameScanner;
use crate::check::{Finding, Related, Rule, Severity, Side, TextFile};
use crate::names::{NameMatch, VariantKind};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// One place a spelling occurs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// The file as named by the caller.
    pub file: String,
    /// 1-based line.
    pub line: u64,
    /// 1-based column in characters of the NFC text.
    pub column: u64,
}

/// One spelling of an inconsistent name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpellingCount {
    /// The spelling.
    pub text: String,
    /// How often it occurs in all documents.
    pub count: usize,
    /// True for the spelling the finding recommends (approved by a glossary,
    /// else one without look-alike letters, then the most frequent, then the
    /// first).
    pub approved: bool,
    /// Every occurrence, in the order the documents were added.
    pub occurrences: Vec<Occurrence>,
}

/// One inconsistent name across the documents: the finding (at the first
/// occurrence of the first spelling that is not the chosen one) and every
/// spelling.
#[derive(Clone, Debug, Serialize)]
pub struct NameCluster {
    /// The finding, with the fields of every `tmkit check` finding.
    #[serde(flatten)]
    pub finding: Finding,
    /// Every spelling of the name, the chosen one first.
    pub spellings: Vec<SpellingCount>,
}

/// A spelling with its occurrences, as collected.
struct Collected {
    text: String,
    parts: Vec<String>,
    /// (file index, char start, char end, line, column).
    places: Vec<Place>,
    /// Global order of the first occurrence.
    first: usize,
}

#[derive(Clone, Copy)]
struct Place {
    file: u32,
    start: usize,
    end: usize,
    line: u64,
    column: u64,
}

/// One document's name spellings, found by [`Publication::scan`].
pub struct ScannedDocument {
    path: String,
    names: Vec<ScannedName>,
    /// Every word of every name mention, and whether it was a given name there.
    words: Vec<(String, bool)>,
}

/// One occurrence of a spelling in a scanned document.
struct ScannedName {
    full: bool,
    text: String,
    parts: Vec<String>,
    start: usize,
    end: usize,
    line: u64,
    column: u64,
    context: Context,
}

/// The context of a spelling's first occurrence, for the rendered finding.
#[derive(Clone, Default)]
struct Context {
    line_text: String,
    column_in_line: u64,
    byte_in_line: std::ops::Range<usize>,
}

impl Ranked for Collected {
    fn text(&self) -> &str {
        &self.text
    }
    fn count(&self) -> usize {
        self.places.len()
    }
    fn first(&self) -> usize {
        self.first
    }
}

/// Collects name spellings from documents and reports the inconsistent ones.
///
/// ```
/// use tmkit::check::TextFile;
/// use tmkit::workflow::publication::Publication;
/// let mut publication = Publication::new();
/// publication.add(&TextFile::new("mon.txt", "Mikhail Kukhtin arrived in Donetsk."));
/// publication.add(&TextFile::new("tue.txt", "Mikhail Kukhtin spoke."));
/// publication.add(&TextFile::new("thu.txt", "Mykhaylo Khuktin left."));
/// let clusters = publication.finish();
/// assert_eq!(clusters.len(), 1);
/// assert_eq!(clusters[0].finding.file, "thu.txt");
/// assert_eq!(clusters[0].spellings[0].text, "Mikhail Kukhtin");
/// assert_eq!(clusters[0].spellings[0].count, 2);
/// assert!(clusters[0].spellings[0].approved);
/// ```
#[derive(Default)]
pub struct Publication {
    files: Vec<String>,
    full: Vec<Collected>,
    full_index: HashMap<String, usize>,
    singles: Vec<Collected>,
    single_index: HashMap<String, usize>,
    /// Words seen only as the given name of a whole name, across all files.
    given_only: HashMap<String, bool>,
    contexts: HashMap<(bool, usize), Context>,
    approved: HashSet<String>,
    order: usize,
}

impl Publication {
    /// An empty publication.
    pub fn new() -> Publication {
        Publication::default()
    }

    /// Spellings that a glossary approves: a cluster containing one of them
    /// recommends it, whatever the counts.
    /// Each word of a multi-word spelling is approved too, so that two
    /// approved surnames (two glossary people) are never reported as
    /// spellings of each other.
    pub fn approve<I: IntoIterator<Item = String>>(&mut self, spellings: I) {
        for spelling in spellings {
            for word in spelling.split_whitespace() {
                self.approved.insert(word.to_string());
            }
            self.approved.insert(spelling);
        }
    }

    /// Number of documents added.
    pub fn documents(&self) -> usize {
        self.files.len()
    }

    /// Adds one document's name spellings (the text itself is not kept).
    pub fn add(&mut self, file: &TextFile) {
        self.add_scanned(Publication::scan(file));
    }

    /// Finds one document's name spellings without touching the
    /// publication, so that many documents can be scanned at once (on
    /// several threads); hand the results to [`Publication::add_scanned`] in
    /// document order, which keeps the report the same as adding the
    /// documents one by one.
    pub fn scan(file: &TextFile) -> ScannedDocument {
        let text = &file.text;
        let scanner = NameScanner::new(text);
        let mentions = scanner.mentions(text);
        let mut names = Vec::new();
        let mut words = Vec::new();
        let char_offset = |byte: usize| text[..byte].chars().count();
        let mut push =
            |full: bool, spelling: String, parts: Vec<String>, bytes: std::ops::Range<usize>| {
                let (line, column) = file.line_col(bytes.start);
                let line_start = text[..bytes.start].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[bytes.start..]
                    .find('\n')
                    .map_or(text.len(), |i| bytes.start + i);
                names.push(ScannedName {
                    full,
                    text: spelling,
                    parts,
                    start: char_offset(bytes.start),
                    end: char_offset(bytes.end),
                    line,
                    column,
                    context: Context {
                        line_text: text[line_start..line_end]
                            .trim_end_matches('\r')
                            .to_string(),
                        column_in_line: column,
                        byte_in_line: bytes.start - line_start..bytes.end - line_start,
                    },
                });
            };
        for mention in &mentions {
            for (k, word) in mention.iter().enumerate() {
                let given = mention.len() > 1 && k + 1 < mention.len();
                words.push((word.text.to_string(), given));
            }
            let range = mention[0].start..mention[mention.len() - 1].end;
            if (2..=3).contains(&mention.len()) {
                let spelling = text[range.clone()].to_string();
                let parts = mention.iter().map(|w| w.text.to_string()).collect();
                push(true, spelling, parts, range);
            }
            for word in mention {
                if is_single_word_candidate(word.text) {
                    push(
                        false,
                        word.text.to_string(),
                        vec![word.text.to_string()],
                        word.start..word.end,
                    );
                }
            }
        }
        ScannedDocument {
            path: file.path.clone(),
            names,
            words,
        }
    }

    /// Adds a document scanned by [`Publication::scan`].
    pub fn add_scanned(&mut self, document: ScannedDocument) {
        let file_index = self.files.len() as u32;
        self.files.push(document.path);
        for (word, given) in document.words {
            let slot = self.given_only.entry(word).or_insert(true);
            *slot &= given;
        }
        for name in document.names {
            self.record(file_index, name);
        }
    }

    fn record(&mut self, file_index: u32, name: ScannedName) {
        let place = Place {
            file: file_index,
            start: name.start,
            end: name.end,
            line: name.line,
            column: name.column,
        };
        let full = name.full;
        let (list, index) = if full {
            (&mut self.full, &mut self.full_index)
        } else {
            (&mut self.singles, &mut self.single_index)
        };
        let order = self.order;
        let slot = match index.get(&name.text) {
            Some(&slot) => slot,
            None => {
                index.insert(name.text.clone(), list.len());
                list.push(Collected {
                    text: name.text,
                    parts: name.parts,
                    places: Vec::new(),
                    first: order,
                });
                list.len() - 1
            }
        };
        self.order += 1;
        if list[slot].places.is_empty() {
            self.contexts.insert((full, slot), name.context);
        }
        list[slot].places.push(place);
    }

    /// Clusters the spellings of every document added and returns one
    /// [`NameCluster`] per inconsistent name, in the order of their first
    /// occurrence.
    pub fn finish(self) -> Vec<NameCluster> {
        let mut out = Vec::new();
        let full_groups = cluster(
            &self.full,
            |s| surname_key(&s.parts),
            |a, b| {
                let pa: Vec<&str> = a.parts.iter().map(String::as_str).collect();
                let pb: Vec<&str> = b.parts.iter().map(String::as_str).collect();
                crate::names::compare_names(&pa, &pb).filter(|m| reportable(m.kind))
            },
        );
        // Places already reported inside a whole name (file, char range).
        let mut covered: HashSet<(u32, usize)> = HashSet::new();
        for group in &full_groups {
            if let Some(found) = self.report(true, &self.full, group) {
                for (i, _) in group {
                    for place in &self.full[*i].places {
                        for offset in place.start..place.end {
                            covered.insert((place.file, offset));
                        }
                    }
                }
                out.push(found);
            }
        }
        let singles: Vec<usize> = (0..self.singles.len())
            .filter(|&i| {
                let text = &self.singles[i].text;
                !self.given_only.get(text).copied().unwrap_or(false)
            })
            .collect();
        let candidates: Vec<&Collected> = singles.iter().map(|&i| &self.singles[i]).collect();
        let word_groups = cluster(
            &candidates,
            |s| s.text.clone(),
            |a, b| single_word_match(&a.text, &b.text),
        );
        for group in &word_groups {
            let group: Vec<(usize, Option<NameMatch>)> = group
                .iter()
                .map(|(i, m)| (singles[*i], m.clone()))
                .collect();
            // Skip a word whose every occurrence is part of a reported whole name.
            let all_covered = group.iter().all(|(i, _)| {
                self.singles[*i]
                    .places
                    .iter()
                    .all(|p| covered.contains(&(p.file, p.start)))
            });
            if all_covered {
                continue;
            }
            if let Some(found) = self.report(false, &self.singles, &group) {
                out.push(found);
            }
        }
        out.sort_by(|a, b| {
            (&a.finding.file, a.finding.line, a.finding.column).cmp(&(
                &b.finding.file,
                b.finding.line,
                b.finding.column,
            ))
        });
        out
    }

    fn report(
        &self,
        full: bool,
        spellings: &[Collected],
        group: &[(usize, Option<NameMatch>)],
    ) -> Option<NameCluster> {
        let approved = group
            .iter()
            .map(|(i, _)| *i)
            .filter(|i| self.approved.contains(&spellings[*i].text))
            .max_by_key(|&i| rank(&spellings[i]));
        // Without an approved spelling: one without look-alike letters, then
        // the most frequent, then the first.
        let by_rank = group
            .iter()
            .map(|(i, _)| *i)
            .max_by_key(|&i| rank(&spellings[i]));
        let by_use = group
            .iter()
            .map(|(i, _)| *i)
            .max_by_key(|&i| use_rank(&spellings[i]));
        let chosen = approved.or(by_rank)?;
        // The star is around the most frequent spelling; with an approved
        // spelling, keep only the members that match it directly.
        let members: Vec<(usize, Option<NameMatch>)> = if Some(chosen) == approved {
            group
                .iter()
                .filter_map(|(i, m)| {
                    if *i == chosen {
                        return Some((*i, None));
                    }
                    let (a, b) = (&spellings[chosen], &spellings[*i]);
                    let pa: Vec<&str> = a.parts.iter().map(String::as_str).collect();
                    let pb: Vec<&str> = b.parts.iter().map(String::as_str).collect();
                    crate::names::compare_names(&pa, &pb)
                        .filter(|m| reportable(m.kind))
                        .or_else(|| m.clone())
                        .map(|m| (*i, Some(m)))
                })
                .collect()
        } else {
            group.to_vec()
        };
        // Two approved spellings are two names the glossary knows, not
        // variants of each other.
        let members: Vec<(usize, Option<NameMatch>)> = members
            .into_iter()
            .filter(|(i, _)| *i == chosen || !self.approved.contains(&spellings[*i].text))
            .collect();
        if members.len() < 2 {
            return None;
        }
        let chosen_text = spellings[chosen].text.clone();
        let mut ordered: Vec<&(usize, Option<NameMatch>)> = members.iter().collect();
        ordered.sort_by_key(|(i, _)| (*i != chosen, spellings[*i].first));
        // The finding sits at the first occurrence of the first other spelling.
        let (other, name_match) = ordered
            .iter()
            .filter(|(i, _)| *i != chosen)
            .min_by_key(|(i, _)| spellings[*i].first)
            .map(|(i, m)| (*i, m.clone()))?;
        let kind = name_match
            .as_ref()
            .map_or(VariantKind::Transliteration, |m| m.kind);
        let worst = members
            .iter()
            .filter_map(|(_, m)| m.as_ref().map(|m| m.kind))
            .max()
            .unwrap_or(kind);
        let severity = if matches!(worst, VariantKind::Typo | VariantKind::LookAlike) {
            Severity::Error
        } else {
            Severity::Warning
        };
        let files_involved: HashSet<u32> = members
            .iter()
            .flat_map(|(i, _)| spellings[*i].places.iter().map(|p| p.file))
            .collect();
        let listed: Vec<String> = ordered
            .iter()
            .map(|(i, _)| format!("\"{}\" {}×", spellings[*i].text, spellings[*i].places.len()))
            .collect();
        let mut message = format!(
            "one name, {} spellings in {} file{}: {}; use \"{chosen_text}\" ({})",
            members.len(),
            files_involved.len(),
            if files_involved.len() == 1 { "" } else { "s" },
            listed.join(", "),
            if approved.is_some() {
                "approved"
            } else if by_use != Some(chosen) {
                "no look-alike letters"
            } else {
                "most frequent"
            }
        );
        if let Some(m) = &name_match {
            message.push_str(&format!(" — {}", m.explanation));
        }
        let place = spellings[other].places[0];
        let context = self
            .contexts
            .get(&(full, other))
            .cloned()
            .unwrap_or_default();
        let related = ordered
            .iter()
            .map(|(i, _)| {
                let s = &spellings[*i];
                let p = s.places[0];
                Related {
                    file: self.files[p.file as usize].clone(),
                    line: p.line,
                    column: p.column,
                    span: s.text.clone(),
                    label: format!(
                        "{}×{}",
                        s.places.len(),
                        if *i == chosen { ", recommended" } else { "" }
                    ),
                }
            })
            .collect();
        let finding = Finding {
            rule: if kind == VariantKind::LookAlike {
                Rule::Homoglyph
            } else {
                Rule::NameInconsistency
            },
            severity,
            file: self.files[place.file as usize].clone(),
            line: place.line,
            column: place.column,
            start: place.start,
            end: place.end,
            segment: None,
            unit: None,
            side: Side::Target,
            span: spellings[other].text.clone(),
            message,
            suggestion: Some(chosen_text.clone()),
            approved: Some(chosen_text),
            variant_kind: Some(kind.as_str().to_string()),
            glossary: None,
            entry: None,
            related,
            byte_range: 0..0,
            context: context.line_text,
            context_column: context.column_in_line,
        };
        let _ = context.byte_in_line;
        let spellings = ordered
            .iter()
            .map(|(i, _)| {
                let s = &spellings[*i];
                SpellingCount {
                    text: s.text.clone(),
                    count: s.places.len(),
                    approved: *i == chosen,
                    occurrences: s
                        .places
                        .iter()
                        .map(|p| Occurrence {
                            file: self.files[p.file as usize].clone(),
                            line: p.line,
                            column: p.column,
                        })
                        .collect(),
                }
            })
            .collect();
        Some(NameCluster { finding, spellings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(files: &[(&str, &str)]) -> Vec<NameCluster> {
        let mut publication = Publication::new();
        for (name, text) in files {
            publication.add(&TextFile::new(name, text));
        }
        publication.finish()
    }

    #[test]
    fn one_finding_per_name_across_files_with_every_occurrence() {
        let clusters = run(&[
            ("a.txt", "Mayor Vitaly Zelensky spoke.\nZelensky left."),
            ("b.txt", "Later Zelensky returned."),
            ("c.txt", "Then Zelenskyy said more.\nZelenskyy again."),
        ]);
        assert_eq!(clusters.len(), 1, "{clusters:#?}");
        let c = &clusters[0];
        assert_eq!(c.finding.file, "c.txt");
        assert_eq!((c.finding.line, c.finding.column), (1, 6));
        assert_eq!(c.finding.suggestion.as_deref(), Some("Zelensky"));
        assert_eq!(c.spellings.len(), 2);
        assert_eq!(c.spellings[0].text, "Zelensky");
        assert_eq!(c.spellings[0].count, 3);
        assert!(c.spellings[0].approved && !c.spellings[1].approved);
        assert_eq!(
            c.spellings[1].occurrences,
            vec![
                Occurrence {
                    file: "c.txt".into(),
                    line: 1,
                    column: 6
                },
                Occurrence {
                    file: "c.txt".into(),
                    line: 2,
                    column: 1
                },
            ]
        );
    }

    #[test]
    fn approved_spelling_wins_over_the_majority() {
        let mut publication = Publication::new();
        publication.approve(["Zelenskyy".to_string()]);
        for (name, text) in [
            ("a.txt", "Zelensky spoke. Zelensky left."),
            ("b.txt", "Zelenskyy said."),
        ] {
            publication.add(&TextFile::new(name, text));
        }
        let clusters = publication.finish();
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].finding.suggestion.as_deref(), Some("Zelenskyy"));
        assert_eq!(clusters[0].finding.file, "a.txt");
    }

    #[test]
    fn a_spelling_with_a_look_alike_letter_is_never_recommended() {
        // Fails before: the homoglyph spelling won the tie (first used) and
        // the majority.
        let broken = "Sergei K\u{43e}valenko";
        for copies in [1, 2] {
            let mut files = vec![("a.txt", format!("{broken} arrived."))];
            if copies == 2 {
                files.push(("b.txt", format!("{broken} stayed.")));
            }
            files.push(("c.txt", "Sergei Kovalenko spoke.".to_string()));
            let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
            let clusters = run(&files);
            assert_eq!(clusters.len(), 1, "{clusters:#?}");
            let c = &clusters[0];
            assert_eq!(c.finding.rule, Rule::Homoglyph);
            assert_eq!(c.finding.span, broken);
            assert_eq!(c.finding.file, "a.txt");
            assert_eq!(c.finding.suggestion.as_deref(), Some("Sergei Kovalenko"));
            assert_eq!(c.finding.approved.as_deref(), Some("Sergei Kovalenko"));
            assert!(
                c.finding
                    .message
                    .contains("use \"Sergei Kovalenko\" (no look-alike letters)"),
                "{}",
                c.finding.message
            );
            assert_eq!(c.spellings[0].text, "Sergei Kovalenko");
            assert!(c.spellings[0].approved && !c.spellings[1].approved);
            assert_eq!(c.spellings[1].count, copies);
        }
    }

    #[test]
    fn two_approved_names_are_not_variants_of_each_other() {
        let mut publication = Publication::new();
        publication.approve([
            "Ivan Fyodornikov".to_string(),
            "Anna Fyodorenkov".to_string(),
        ]);
        publication.add(&TextFile::new(
            "a.txt",
            "Fyodornikov spoke. Fyodornikov left.",
        ));
        publication.add(&TextFile::new(
            "b.txt",
            "Fyodorenkov replied. Fydoornikov wrote.",
        ));
        let clusters = publication.finish();
        assert_eq!(clusters.len(), 1, "{clusters:#?}");
        let texts: Vec<&str> = clusters[0]
            .spellings
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(texts, vec!["Fyodornikov", "Fydoornikov"]);
    }

    #[test]
    fn scanning_on_threads_gives_the_same_report() {
        let files: Vec<TextFile> = (0..40)
            .map(|i| {
                let spelling = ["Zelensky", "Zelenskyy", "Zelenskiy", "Kukhtin", "Khuktin"][i % 5];
                TextFile::new(
                    &format!("{i}.txt"),
                    &format!("Mayor Vitaly {spelling} spoke.\nLater {spelling} left."),
                )
            })
            .collect();
        let mut one_by_one = Publication::new();
        for file in &files {
            one_by_one.add(file);
        }
        let scanned: Vec<ScannedDocument> = std::thread::scope(|scope| {
            let handles: Vec<_> = files
                .iter()
                .map(|file| scope.spawn(move || Publication::scan(file)))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut threaded = Publication::new();
        for document in scanned {
            threaded.add_scanned(document);
        }
        let (a, b) = (one_by_one.finish(), threaded.finish());
        assert!(!a.is_empty());
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
    }

    #[test]
    fn distinct_names_across_files_stay_apart() {
        let clusters = run(&[
            ("a.txt", "Boris Litvinov spoke. Anna Litvinova replied."),
            (
                "b.txt",
                "Vitali Klitschko met Wladimir Klitschko. Frolov met Orlov.",
            ),
            (
                "c.txt",
                "Mikhail Kukhtin arrived. M. Kukhtin left. Kukhtin Mikhail wrote.",
            ),
        ]);
        assert!(clusters.is_empty(), "{clusters:#?}");
    }
}
