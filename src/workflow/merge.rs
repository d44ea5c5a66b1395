//! Merge: a translated XLIFF written by [`super::pretranslate`] → the document
//! in its original format.
//!
//! Each segment contributes its target when it has one and its source
//! otherwise (counted as untranslated); the white space between segments and
//! the skeleton come from the merge data tmkit put into the file. Inline codes
//! are found by their XLIFF key and written as the native markup recorded at
//! pretranslation, so a CAT tool only has to keep the tags, not their content.
//! A code the target lacks is a `missing` tag error (its markup is appended at
//! the end of the segment so the document stays well formed), a code the
//! source does not have is `extra` (dropped), and a closing code before its
//! opening one is `reordered`.
//!
//! An XLIFF from another tool has no tmkit merge data: merging it is that
//! tool's job ([`MergeError::NotTmkit`]).

use super::pretranslate::{MergeData, code_key, merge_data};
use crate::document::{DocumentError, split};
use crate::unit::{Content, Inline, TagKind};
use crate::xliff;
use serde::Serialize;
use std::collections::HashMap;

/// A segment left untranslated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Untranslated {
    /// The unit id.
    pub unit: String,
    /// The segment id.
    pub segment: String,
    /// Its source text.
    pub source: String,
}

/// What is wrong with a target's inline codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TagProblem {
    /// The source has the code, the target does not.
    Missing,
    /// The target has a code the source does not.
    Extra,
    /// A closing code comes before its opening code.
    Reordered,
}

impl TagProblem {
    /// The word used in reports (`missing`, `extra`, `reordered`).
    pub fn word(self) -> &'static str {
        match self {
            TagProblem::Missing => "missing",
            TagProblem::Extra => "extra",
            TagProblem::Reordered => "reordered",
        }
    }
}

/// One tag error, naming the unit and segment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TagError {
    /// The unit id.
    pub unit: String,
    /// The segment id.
    pub segment: String,
    /// What is wrong.
    pub problem: TagProblem,
    /// The code's XLIFF key (`bpt:1`, `ph:3`, `sc:c1`).
    pub code: String,
    /// Its native markup, when known.
    pub markup: Option<String>,
}

/// The merge report.
#[derive(Clone, Debug, Default, Serialize)]
pub struct MergeReport {
    /// The `original` attribute of the file.
    pub original: String,
    /// The document format written.
    pub format: String,
    /// Units merged.
    pub units: usize,
    /// Translatable segments.
    pub segments: usize,
    /// Segments with a target.
    pub translated: usize,
    /// Segments written in the source language.
    pub untranslated: Vec<Untranslated>,
    /// Inline-code errors.
    pub tag_errors: Vec<TagError>,
}

impl MergeReport {
    /// Untranslated segments plus tag errors.
    pub fn warning_count(&self) -> usize {
        self.untranslated.len() + self.tag_errors.len()
    }
}

/// Why a merge cannot be done.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// The XLIFF was not written by `tmkit pretranslate`.
    #[error(
        "{file} was not written by `tmkit pretranslate` (it carries no tmkit skeleton{original}): \
         merging it back into its document is the job of the tool that created it"
    )]
    NotTmkit {
        /// The XLIFF file.
        file: String,
        /// ` ; its original is …` or empty.
        original: String,
    },
    /// The merge data does not fit the units.
    #[error("{file}: {message}")]
    Damaged {
        /// The XLIFF file.
        file: String,
        /// What does not fit.
        message: String,
    },
    /// The skeleton could not be rendered.
    #[error("{file}: {source}")]
    Render {
        /// The XLIFF file.
        file: String,
        /// Why.
        source: DocumentError,
    },
}

/// The merged document and the report.
pub struct Merged {
    /// The translated document.
    pub document: String,
    /// The source document as the XLIFF has it (sources everywhere): what the
    /// original file must still contain.
    pub source_document: String,
    /// The report.
    pub report: MergeReport,
}

/// Merges the first file of `xliff` that tmkit pretranslated.
pub fn merge(xliff: &xliff::Document, file_name: &str) -> Result<Merged, MergeError> {
    let mut found = None;
    let mut original = String::new();
    for file in xliff.files() {
        if original.is_empty() {
            original = file.head.attr("original").unwrap_or("").to_string();
        }
        if let Some(data) = merge_data(file) {
            found = Some((file, data));
            break;
        }
    }
    let Some((file, data)) = found else {
        return Err(MergeError::NotTmkit {
            file: file_name.to_string(),
            original: if original.is_empty() {
                String::new()
            } else {
                format!("; its original is {original}")
            },
        });
    };
    let damaged = |message: String| MergeError::Damaged {
        file: file_name.to_string(),
        message,
    };
    let data: MergeData = data.map_err(damaged)?;
    let units: Vec<&xliff::Unit> = file.units().collect();
    if units.len() != data.units.len() {
        return Err(damaged(format!(
            "the file has {} units but its skeleton expects {}; was a unit added or removed?",
            units.len(),
            data.units.len()
        )));
    }
    let mut report = MergeReport {
        original: file.head.attr("original").unwrap_or("").to_string(),
        format: data.skeleton.format.name().to_string(),
        units: units.len(),
        ..MergeReport::default()
    };
    let mut translated = Vec::with_capacity(units.len());
    let mut sources = Vec::with_capacity(units.len());
    for (unit, meta) in units.iter().zip(&data.units) {
        let id = unit.id().unwrap_or("");
        if id != meta.id {
            return Err(damaged(format!(
                "unit {id} is where the skeleton expects unit {}; were units reordered?",
                meta.id
            )));
        }
        let natives: HashMap<&str, &str> = meta
            .codes
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let segments: Vec<&xliff::Segment> =
            unit.segments().iter().filter(|s| !s.ignorable).collect();
        if segments.len() + 1 != meta.gaps.len() {
            return Err(damaged(format!(
                "unit {id} has {} segments but its skeleton expects {}; was it re-segmented?",
                segments.len(),
                meta.gaps.len() - 1
            )));
        }
        let mut out_segments = Vec::with_capacity(segments.len());
        let mut source_segments = Vec::with_capacity(segments.len());
        for (k, segment) in segments.iter().enumerate() {
            report.segments += 1;
            let sid = segment.id.clone().unwrap_or_else(|| (k + 1).to_string());
            let source = native_content(&segment.source, &natives, &mut |_, _| {});
            source_segments.push(source.clone());
            let has_target = segment.target.as_ref().is_some_and(|t| !t.is_empty());
            if !has_target {
                report.untranslated.push(Untranslated {
                    unit: id.to_string(),
                    segment: sid,
                    source: crate::unit::plain_text(&source).trim().to_string(),
                });
                out_segments.push(source);
                continue;
            }
            report.translated += 1;
            let target = segment.target.as_ref().expect("checked");
            let mut errors = Vec::new();
            let mut content = native_content(target, &natives, &mut |problem, key| {
                errors.push((problem, key.to_string()));
            });
            // Missing codes: in the source, not in the target.
            let target_keys = keys(target);
            let source_keys = keys(&segment.source);
            for key in &source_keys {
                if !target_keys.contains(key) {
                    errors.push((TagProblem::Missing, key.clone()));
                    if let Some(native) = natives.get(key.as_str()) {
                        content.push(code(native));
                    }
                }
            }
            // Closing before opening.
            for (at, key) in target_keys.iter().enumerate() {
                if let Some(open) = opening_of(key) {
                    if let Some(open_at) = target_keys.iter().position(|k| *k == open) {
                        if open_at > at {
                            errors.push((TagProblem::Reordered, key.clone()));
                        }
                    }
                }
            }
            for (problem, key) in errors {
                report.tag_errors.push(TagError {
                    unit: id.to_string(),
                    segment: sid.clone(),
                    problem,
                    markup: natives.get(key.as_str()).map(|s| s.to_string()),
                    code: key,
                });
            }
            out_segments.push(content);
        }
        translated.push(split::join(&meta.gaps, &out_segments));
        sources.push(split::join(&meta.gaps, &source_segments));
    }
    let render = |paragraphs: &[Content]| {
        data.skeleton
            .render(paragraphs)
            .map_err(|source| MergeError::Render {
                file: file_name.to_string(),
                source,
            })
    };
    Ok(Merged {
        document: render(&translated)?,
        source_document: render(&sources)?,
        report,
    })
}

fn code(native: &str) -> Inline {
    Inline::tag(TagKind::Ph, Vec::new(), vec![Inline::text(native)])
}

/// The keys of the codes of XLIFF content, in order (nested ones included).
fn keys(content: &[Inline]) -> Vec<String> {
    let mut out = Vec::new();
    for piece in content {
        if let Inline::Tag { kind, content, .. } = piece {
            if kind.wraps_text() {
                out.extend(keys(content));
            } else if let Some(key) = code_key(piece) {
                out.push(key);
            }
        }
    }
    out
}

/// The opening key of a closing code's key (`ept:1` → `bpt:1`, `ec:c1` → `sc:c1`).
fn opening_of(key: &str) -> Option<String> {
    let (kind, id) = key.split_once(':')?;
    match kind {
        "ept" => Some(format!("bpt:{id}")),
        "ec" => Some(format!("sc:{id}")),
        _ => None,
    }
}

/// XLIFF content → document content: text as is (annotations and `g`/`pc`
/// looked through), codes as their native markup by key; an unknown code is
/// reported as extra and dropped.
fn native_content(
    content: &[Inline],
    natives: &HashMap<&str, &str>,
    problem: &mut dyn FnMut(TagProblem, &str),
) -> Content {
    let mut out = Content::new();
    for piece in content {
        match piece {
            Inline::Text { text } => match out.last_mut() {
                Some(Inline::Text { text: prev }) => prev.push_str(text),
                _ => out.push(piece.clone()),
            },
            Inline::Tag { kind, content, .. } if kind.wraps_text() => {
                out.extend(native_content(content, natives, problem));
            }
            Inline::Tag { .. } => match code_key(piece) {
                Some(key) => match natives.get(key.as_str()) {
                    Some(native) => out.push(code(native)),
                    None => problem(TagProblem::Extra, &key),
                },
                None => problem(TagProblem::Extra, "(a code without id)"),
            },
        }
    }
    out
}
