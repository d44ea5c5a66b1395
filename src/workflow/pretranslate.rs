//! Pretranslation: a document (plain text, Markdown, HTML) or an XLIFF file from
//! another tool → an XLIFF file a CAT tool opens, with what the memories and
//! glossaries know filled in.
//!
//! For a document, each paragraph is a unit and is cut into segments by the
//! segmenter (inline codes stay attached, [`crate::document::split`]); the
//! white space between segments is kept (1.2 text between `mrk`s, 2.x
//! `<ignorable>`), and the document skeleton goes into the file (1.2
//! `<header><skl><internal-file>`, 2.x `<skeleton>`) so that
//! [`super::merge`] can write the translated document.
//!
//! For each segment: the memory suggestions `tmkit match` would give (same
//! query: θ, maximum, the neighbouring segments as context); the best one
//! becomes the target when it is a 100%, 101% or adapted match (state
//! translated), or a fuzzy match at or above `fill_fuzzy` (state initial, and
//! a note flags it); up to `max` suggestions are added as candidates (1.2
//! `alt-trans`, 2.x `mtc:match`) with similarity, origin (memory and unit id)
//! and the adapted target; glossary entries found in the source (the
//! recognition `tmkit check` uses: exact, case forms of names, stems) are added
//! (2.x `gls:glossEntry`, 1.2 a note); repetitions get a note naming the first
//! occurrence. Bands are those of [`super::analyze`].
//!
//! An XLIFF input keeps its segmentation and everything it has: only empty
//! targets of segments without inline codes are filled, and annotations are
//! added only where something was found.

use super::analyze::{AnalyzeOptions, BandCount, Report, analyze};
use crate::check::{Termbase, find_source_terms};
use crate::document::{self, Format};
use crate::fuzzy::score::{MatchKind, PenaltyWeights};
use crate::fuzzy::{Context, Query, Suggestion};
use crate::lang::LangTag;
use crate::memory::{MemoryError, MemorySource, map_lookups, suggest_many};
use crate::segment::Segmenter;
use crate::unit::{Content, Inline, TagKind, attr, plain_text};
use crate::xliff::{self, Element, GlossaryEntry, Item, Match, Node, Note, State, Version};
use serde::{Deserialize, Serialize};

/// Options of [`pretranslate`].
#[derive(Clone, Debug)]
pub struct PretranslateOptions {
    /// Source language.
    pub source: LangTag,
    /// Target language.
    pub target: LangTag,
    /// XLIFF version written for a document (an XLIFF input keeps its own).
    pub version: Version,
    /// Lowest suggestion score kept (percent).
    pub min: u8,
    /// At most this many suggestions per segment.
    pub max: usize,
    /// Fill fuzzy matches at or above this score as initial targets.
    pub fill_fuzzy: Option<u8>,
    /// Penalty weights of the lookups.
    pub weights: PenaltyWeights,
}

/// What to pretranslate.
pub enum Input {
    /// A monolingual document; `original` is the path recorded in the XLIFF.
    Document {
        /// The document read.
        document: document::Document,
        /// Its path as given (XLIFF `original`).
        original: String,
    },
    /// An XLIFF file from another tool.
    Xliff(xliff::Document),
}

/// Counts for the summary `tmkit pretranslate` prints.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// Units written (paragraphs, or the XLIFF's units).
    pub units: u64,
    /// Translatable segments.
    pub segments: u64,
    /// Words in them.
    pub words: u64,
    /// Targets filled from 100%, 101% or adapted matches (state translated).
    pub filled: u64,
    /// Targets filled from fuzzy matches (`--fill-fuzzy`, state initial, flagged).
    pub filled_fuzzy: u64,
    /// Segments whose match was not filled because the segment has inline codes
    /// the memory's target cannot place (the match is a candidate only).
    pub not_filled_codes: u64,
    /// Segments of an XLIFF input that already had a target (left alone).
    pub kept_targets: u64,
    /// Segments with at least one candidate added.
    pub with_matches: u64,
    /// Candidates added.
    pub matches: u64,
    /// Glossary entries added.
    pub glossary_entries: u64,
    /// Segments marked as repetitions of an earlier one.
    pub repetitions: u64,
    /// Leverage per band, as `tmkit analyze` reports it.
    pub bands: Vec<BandCount>,
    /// Internal fuzzies per band.
    pub internal_fuzzies: Vec<BandCount>,
}

/// The result: the XLIFF to write, the summary, warnings for the user.
pub struct Outcome {
    /// The XLIFF document.
    pub xliff: xliff::Document,
    /// Counts.
    pub summary: Summary,
    /// Things the user should know (nothing to offer in a memory, …).
    pub warnings: Vec<String>,
}

/// Why pretranslation stopped.
#[derive(Debug, thiserror::Error)]
pub enum PretranslateError {
    /// A memory lookup failed.
    #[error(transparent)]
    Memory(#[from] MemoryError),
    /// The XLIFF could not be changed.
    #[error("{0}")]
    Edit(String),
}

/// The `form` of the internal skeleton file tmkit writes.
pub const SKELETON_FORM: &str = "application/x-tmkit-skeleton+json";

/// What `tmkit merge` needs besides the XLIFF units: the document skeleton,
/// the white space between each unit's segments, and each code's native markup
/// by its XLIFF key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeData {
    /// Marks the JSON as tmkit's.
    pub kind: String,
    /// The document skeleton.
    pub skeleton: document::Skeleton,
    /// Per unit (paragraph): its id and the gaps around its segments.
    pub units: Vec<MergeUnit>,
}

/// Merge data of one unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeUnit {
    /// The unit id.
    pub id: String,
    /// White space before each segment and after the last.
    pub gaps: Vec<String>,
    /// Native markup of each inline code, by key (see [`code_key`]).
    pub codes: Vec<(String, String)>,
}

/// The `kind` of [`MergeData`].
pub const MERGE_DATA_KIND: &str = "tmkit-merge-data/1";

struct Work {
    unit: usize,
    segment: usize,
    id: String,
    source: Content,
    text: String,
    has_codes: bool,
    fill: bool,
}

/// Pretranslates `input`. `progress` gets (steps done, steps in all).
pub fn pretranslate(
    input: Input,
    segmenter: &Segmenter,
    memories: &[MemorySource],
    termbase: Option<&Termbase>,
    options: &PretranslateOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Outcome, PretranslateError> {
    let (mut doc, merge_data, work) = match input {
        Input::Document { document, original } => {
            from_document(document, &original, segmenter, options)
        }
        Input::Xliff(doc) => {
            let work = xliff_work(&doc);
            (doc, None, work)
        }
    };
    let mut summary = Summary {
        segments: work.len() as u64,
        ..Summary::default()
    };
    let texts: Vec<String> = work.iter().map(|w| w.text.clone()).collect();
    let total = work.len();
    // Progress: the analysis is the first half of the work, the lookups the second.
    let report: Report = analyze(
        &texts,
        memories,
        &AnalyzeOptions {
            source: options.source.clone(),
            target: options.target.clone(),
            weights: options.weights,
        },
        &mut |done| progress(done, 2 * total),
    )?;
    summary.words = report.words;
    summary.bands = report.bands.clone();
    summary.internal_fuzzies = report.internal_fuzzies.clone();
    // Per unit: the edits to make (targets, candidates, glossary, notes).
    let mut edits: Vec<Vec<Edit>> = Vec::new();
    let unit_count = work.iter().map(|w| w.unit + 1).max().unwrap_or(0);
    edits.resize_with(unit_count, Vec::new);
    let unit_ids: Vec<String> = doc
        .units()
        .map(|u| u.id().unwrap_or("?").to_string())
        .collect();
    // The lookups, on all cores: the second half of the progress.
    let indices: Vec<usize> = (0..work.len()).collect();
    let source = options.source.original();
    let mut all_found = map_lookups(
        memories,
        &indices,
        &[source],
        &mut |done| progress(total + done, 2 * total),
        |memories, &index| {
            if memories.is_empty() || work[index].text.trim().is_empty() {
                Ok(Vec::new())
            } else {
                suggest_many(memories, &query(options, &texts, index))
            }
        },
    )?
    .into_iter();
    for index in 0..work.len() {
        let w = &work[index];
        let found = all_found.next().unwrap_or_default();
        let detail = &report.details[index];
        let unit_edits = &mut edits[w.unit];
        if detail.repeats.is_some() {
            summary.repetitions += 1;
        }
        // Another tool's file gets only what the memories and glossaries
        // found; repetitions are marked in files tmkit makes.
        if let (Some(first), true) = (detail.repeats, merge_data.is_some()) {
            unit_edits.push(Edit::Note(Note {
                text: format!(
                    "repetition of segment {} of unit {} (tmkit)",
                    work[first].id, unit_ids[work[first].unit]
                ),
                category: Some("tmkit-repetition".into()),
                applies_to: None,
                priority: None,
            }));
        }
        if let Some(best) = found.first() {
            let exactish = best.score >= 100 || best.kind == MatchKind::Adapted;
            let fuzzy_ok = options.fill_fuzzy.is_some_and(|n| best.score >= n);
            if w.fill && (exactish || fuzzy_ok) {
                match target_for(&w.source, best) {
                    Some(target) => {
                        let state = if exactish {
                            summary.filled += 1;
                            State::Translated
                        } else {
                            summary.filled_fuzzy += 1;
                            unit_edits.push(Edit::Note(Note {
                                text: format!(
                                    "fuzzy match {}% filled in by tmkit from {}: review it",
                                    best.score,
                                    origin(best)
                                ),
                                category: Some("tmkit-fuzzy".into()),
                                applies_to: None,
                                priority: Some(1),
                            }));
                            State::Initial
                        };
                        let qualifier = match best.kind {
                            MatchKind::Context | MatchKind::Exact => "exact-match",
                            MatchKind::Adapted => "leveraged-tm",
                            MatchKind::Fuzzy => "fuzzy-match",
                        };
                        unit_edits.push(Edit::Target(w.segment, target, state, Some(qualifier)));
                    }
                    None => summary.not_filled_codes += 1,
                }
            }
            summary.with_matches += 1;
        }
        for s in found.iter().take(options.max) {
            summary.matches += 1;
            unit_edits.push(Edit::Match(Match {
                id: None,
                segment: (!w.id.is_empty()).then(|| w.id.clone()),
                similarity: Some(f64::from(s.score.min(100))),
                quality: None,
                origin: Some(origin(s)),
                kind: Some("tm".into()),
                source: xliff_content(&s.source.content, doc.version),
                target: match &s.adapted_target {
                    Some(adapted) => vec![Inline::text(adapted.clone())],
                    None => xliff_content(&s.target.content, doc.version),
                },
            }));
        }
        if let Some(tb) = termbase {
            let mut seen: Vec<(Option<String>, String)> = Vec::new();
            for hit in find_source_terms(&w.text, tb) {
                let key = (hit.entry.clone(), hit.matched.clone());
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                summary.glossary_entries += 1;
                unit_edits.push(Edit::Glossary(GlossaryEntry {
                    id: None,
                    reference: None,
                    term: hit.matched.clone(),
                    term_source: Some(hit.glossary.clone()),
                    translations: hit.approved.clone().into_iter().collect(),
                    definition: hit
                        .source_term
                        .filter(|t| *t != hit.matched)
                        .map(|t| format!("form of {t}")),
                }));
            }
        }
    }
    summary.kept_targets = work.iter().filter(|w| !w.fill && !w.has_codes).count() as u64;
    // Apply the edits unit by unit, in document order.
    for (index, unit) in doc.units_mut().enumerate() {
        let Some(unit_edits) = edits.get_mut(index) else {
            break;
        };
        // One re-read of the unit after all its edits (see `Unit::edit_batch`).
        unit.edit_batch(|unit| -> Result<(), PretranslateError> {
            // `ordinal` counts translatable segments; the unit's list has the
            // ignorables too (the edits of a batch do not change which).
            let translatable: Vec<usize> = (0..unit.segments().len())
                .filter(|&i| !unit.segments()[i].ignorable)
                .collect();
            for edit in unit_edits.drain(..) {
                match edit {
                    Edit::Target(ordinal, content, state, qualifier) => {
                        let at = translatable.get(ordinal).copied().unwrap_or(ordinal);
                        unit.set_target(at, content, state)
                            .map_err(|e| PretranslateError::Edit(e.to_string()))?;
                        unit.set_state_qualifier(at, qualifier)
                            .map_err(|e| PretranslateError::Edit(e.to_string()))?;
                    }
                    Edit::Match(m) => unit.add_match(&m),
                    Edit::Glossary(g) => unit.add_glossary_entry(&g),
                    Edit::Note(n) => unit.add_note(&n),
                }
            }
            Ok(())
        })?;
    }
    summary.units = doc.units().count() as u64;
    if let Some(data) = merge_data {
        attach_merge_data(&mut doc, &data);
    }
    let mut warnings = Vec::new();
    if memories.is_empty() {
        warnings.push("no memory has the language pair: nothing was looked up".into());
    }
    Ok(Outcome {
        xliff: doc,
        summary,
        warnings,
    })
}

enum Edit {
    /// Segment ordinal, content, state, state qualifier (1.2 `state-qualifier`).
    Target(usize, Content, State, Option<&'static str>),
    Match(Match),
    Glossary(GlossaryEntry),
    Note(Note),
}

/// The query `tmkit match --file` makes for line `index` of the same segments.
fn query(options: &PretranslateOptions, texts: &[String], index: usize) -> Query {
    let mut q = Query::new(
        &texts[index],
        options.source.normalized(),
        options.target.normalized(),
    );
    q.source = options.source.clone();
    q.target = options.target.clone();
    q.min_score = options.min;
    q.max_results = options.max.max(1);
    q.weights = options.weights;
    q.context = Some(Context {
        previous: index.checked_sub(1).map(|i| texts[i].clone()),
        next: texts.get(index + 1).cloned(),
    });
    q
}

/// `memory-name#unit-id`, with the memory's `tuid` when it has one.
fn origin(s: &Suggestion) -> String {
    match s.unit.tuid() {
        Some(tuid) => format!("{}#{} (tuid {tuid})", s.memory, s.unit_id),
        None => format!("{}#{}", s.memory, s.unit_id),
    }
}

/// The target to fill in: the suggestion's text (adapted when placeables were
/// substituted), with the segment's codes placed where they can be placed
/// without guessing — at its start and end. A segment with codes inside its
/// text gets no target (the suggestion stays a candidate).
fn target_for(source: &Content, s: &Suggestion) -> Option<Content> {
    let text = s.target_text();
    let first_text = source.iter().position(|p| matches!(p, Inline::Text { .. }));
    let last_text = source
        .iter()
        .rposition(|p| matches!(p, Inline::Text { .. }));
    let (Some(first), Some(last)) = (first_text, last_text) else {
        return None;
    };
    if source[first..=last].iter().any(is_tag) {
        return None;
    }
    let mut out: Content = source[..first].to_vec();
    out.push(Inline::text(text));
    out.extend_from_slice(&source[last + 1..]);
    Some(out)
}

fn is_tag(piece: &Inline) -> bool {
    matches!(piece, Inline::Tag { .. })
}

// ----- documents -----------------------------------------------------------------------

type Built = (xliff::Document, Option<MergeData>, Vec<Work>);

fn from_document(
    document: document::Document,
    original: &str,
    segmenter: &Segmenter,
    options: &PretranslateOptions,
) -> Built {
    let version = options.version;
    let mut doc = xliff::Document::new(
        version,
        options.source.original(),
        Some(options.target.original()),
    );
    let file = doc.add_file("f1", original);
    // The builder keeps the languages on the root until files are added; they
    // are not XLIFF 1.2 attributes, so they go once the file has them.
    doc.root.head.remove_attr("tmkit-source-language");
    doc.root.head.remove_attr("tmkit-target-language");
    let mut merge_units = Vec::with_capacity(document.paragraphs.len());
    let mut work = Vec::new();
    for (p, paragraph) in document.paragraphs.iter().enumerate() {
        let plain = plain_text(paragraph);
        let ranges: Vec<(usize, usize)> = if crate::text::nfc(&plain) == plain {
            segmenter
                .segment(&plain)
                .iter()
                .map(|s| (s.start, s.end))
                .collect()
        } else {
            Vec::new()
        };
        let parts = document::split::split(paragraph, &ranges);
        let id = format!("p{}", p + 1);
        let mut segments = Vec::new();
        let mut codes = Vec::new();
        for (k, content) in parts.segments.iter().enumerate() {
            let gap = &parts.gaps[k];
            if !gap.is_empty() {
                segments.push(xliff::Segment {
                    ignorable: true,
                    source: vec![Inline::text(gap.clone())],
                    ..xliff::Segment::default()
                });
            }
            let source = to_xliff(content, version, &mut codes);
            let sid = format!("s{}", k + 1);
            work.push(Work {
                unit: p,
                segment: k,
                id: sid.clone(),
                text: plain_text(content).trim().to_string(),
                has_codes: content.iter().any(is_tag),
                source: source.clone(),
                fill: true,
            });
            segments.push(xliff::Segment {
                id: Some(sid),
                source,
                ..xliff::Segment::default()
            });
        }
        if let Some(last) = parts.gaps.last().filter(|g| !g.is_empty()) {
            segments.push(xliff::Segment {
                ignorable: true,
                source: vec![Inline::text(last.clone())],
                ..xliff::Segment::default()
            });
        }
        doc.add_unit(file, xliff::Unit::new(version, &id, &segments));
        merge_units.push(MergeUnit {
            id,
            gaps: parts.gaps,
            codes,
        });
    }
    set_file_attrs(&mut doc, document.skeleton.format);
    let data = MergeData {
        kind: MERGE_DATA_KIND.into(),
        skeleton: document.skeleton,
        units: merge_units,
    };
    (doc, Some(data), work)
}

/// The XLIFF key of a code: what merge looks its native markup up by.
pub fn code_key(piece: &Inline) -> Option<String> {
    let Inline::Tag { kind, attrs, .. } = piece else {
        return None;
    };
    let id = match kind {
        TagKind::Ec => attr(attrs, "startRef").or_else(|| attr(attrs, "id")),
        _ => attr(attrs, "id"),
    }?;
    Some(format!("{}:{id}", kind.name()))
}

/// Document content (TMX kinds with `i`/`x`) → XLIFF inline content of
/// `version`, recording each code's native markup under its key.
fn to_xliff(content: &Content, version: Version, codes: &mut Vec<(String, String)>) -> Content {
    let mut out = Vec::with_capacity(content.len());
    for piece in content {
        let Inline::Tag { kind, attrs, .. } = piece else {
            out.push(piece.clone());
            continue;
        };
        let native = document::native_code(piece);
        let x = attr(attrs, "x").unwrap_or("0").to_string();
        let i = attr(attrs, "i").unwrap_or(&x).to_string();
        let pos = attr(attrs, "pos").unwrap_or("begin");
        let pairs: Vec<(&str, String)>;
        let (new_kind, with_native) = if version.is_2x() {
            match kind {
                TagKind::Bpt => {
                    pairs = vec![("id", format!("c{i}")), ("disp", native.clone())];
                    (TagKind::Sc, false)
                }
                TagKind::Ept => {
                    pairs = vec![("startRef", format!("c{i}")), ("disp", native.clone())];
                    (TagKind::Ec, false)
                }
                TagKind::It if pos == "end" => {
                    pairs = vec![("startRef", format!("c{i}")), ("disp", native.clone())];
                    (TagKind::Ec, false)
                }
                TagKind::It => {
                    pairs = vec![("id", format!("c{i}")), ("disp", native.clone())];
                    (TagKind::Sc, false)
                }
                _ => {
                    pairs = vec![("id", format!("c{x}")), ("disp", native.clone())];
                    (TagKind::Ph, false)
                }
            }
        } else {
            match kind {
                TagKind::Bpt | TagKind::Ept => {
                    pairs = vec![("id", i.clone())];
                    (*kind, true)
                }
                TagKind::It => {
                    let pos = if pos == "end" { "close" } else { "open" };
                    pairs = vec![("id", x.clone()), ("pos", pos.to_string())];
                    (TagKind::It, true)
                }
                _ => {
                    pairs = vec![("id", x.clone())];
                    (TagKind::Ph, true)
                }
            }
        };
        let tag = Inline::tag(
            new_kind,
            pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            if with_native {
                vec![Inline::text(native.clone())]
            } else {
                Vec::new()
            },
        );
        if let Some(key) = code_key(&tag) {
            codes.push((key, native));
        }
        out.push(tag);
    }
    out
}

/// Memory content (TMX kinds) as XLIFF content of the file's version.
fn xliff_content(content: &Content, version: Version) -> Content {
    xliff::from_tmx_content(content, version)
}

fn file_mut(doc: &mut xliff::Document) -> Option<&mut xliff::Container> {
    doc.root.items.iter_mut().find_map(|item| match item {
        Item::Container(c) if c.kind == xliff::ContainerKind::File => Some(c),
        _ => None,
    })
}

fn set_file_attrs(doc: &mut xliff::Document, format: Format) {
    let is_2x = doc.version.is_2x();
    if let Some(file) = file_mut(doc) {
        if !is_2x {
            file.head.set_attr("datatype", format.xliff_datatype());
        }
    }
}

/// Puts the merge data into the file: 1.2 `<header><skl><internal-file>`, 2.x
/// `<skeleton>` (first child of `<file>`).
fn attach_merge_data(doc: &mut xliff::Document, data: &MergeData) {
    let version = doc.version;
    let ns = version.namespace().to_string();
    let json = serde_json::to_string(data).expect("merge data serialises");
    let Some(file) = file_mut(doc) else { return };
    let element = if version.is_2x() {
        let mut skeleton = Element::new("skeleton", ns.clone());
        skeleton.children.push(Node::Text(json));
        skeleton
    } else {
        let mut internal = Element::new("internal-file", ns.clone());
        internal.set_attr("form", SKELETON_FORM);
        internal.children.push(Node::Text(json));
        let mut skl = Element::new("skl", ns.clone());
        skl.children.push(Node::Element(internal));
        let mut header = Element::new("header", ns.clone());
        header.children.push(Node::Element(skl));
        header
    };
    file.items.insert(0, Item::Node(Node::Element(element)));
    file.items
        .insert(0, Item::Node(Node::Text("\n    ".into())));
}

/// Reads the merge data tmkit put into a file; `None` when the file has none
/// (an XLIFF from another tool).
pub fn merge_data(file: &xliff::Container) -> Option<Result<MergeData, String>> {
    let text = file.items.iter().find_map(|item| match item {
        Item::Node(Node::Element(e)) if e.local() == "skeleton" => Some(e.text()),
        Item::Node(Node::Element(e)) if e.local() == "header" => e
            .elements()
            .find(|c| c.local() == "skl")
            .and_then(|skl| skl.elements().find(|c| c.local() == "internal-file"))
            .filter(|f| f.attr("form") == Some(SKELETON_FORM))
            .map(|f| f.text()),
        _ => None,
    })?;
    if !text.contains(MERGE_DATA_KIND) {
        return None;
    }
    Some(
        serde_json::from_str::<MergeData>(text.trim())
            .map_err(|e| format!("the tmkit skeleton in the file is damaged: {e}"))
            .and_then(|d| {
                if d.kind == MERGE_DATA_KIND {
                    Ok(d)
                } else {
                    Err(format!("unknown skeleton kind {}", d.kind))
                }
            }),
    )
}

// ----- XLIFF input ---------------------------------------------------------------------

fn xliff_work(doc: &xliff::Document) -> Vec<Work> {
    let mut work = Vec::new();
    for (u, unit) in doc.units().enumerate() {
        if !unit.translate() {
            continue;
        }
        let translatable = unit.segments().iter().filter(|s| !s.ignorable);
        for (k, segment) in translatable.enumerate() {
            let empty_target = segment
                .target
                .as_ref()
                .is_none_or(|t| plain_text(t).trim().is_empty() && !t.iter().any(is_tag));
            let tmx = xliff::to_tmx_content(&segment.source);
            let has_codes = tmx.iter().any(is_tag);
            work.push(Work {
                unit: u,
                segment: k,
                id: segment.id.clone().unwrap_or_default(),
                text: plain_text(&tmx).trim().to_string(),
                has_codes,
                source: segment.source.clone(),
                fill: empty_target && !has_codes,
            });
        }
    }
    work
}
