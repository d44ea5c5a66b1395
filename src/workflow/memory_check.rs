//! QA over a whole memory or TMX file (`tmkit check memory.tmdb --lang ru:en`),
//! as Xbench and Verifika do it, a unit at a time:
//!
//! * the bilingual rules every `tmkit check` runs (numbers, inline codes,
//!   untranslated and empty targets; with a glossary, its terms): the same
//!   code as for XLIFF, [`crate::check::check_qa_segment`] and
//!   [`crate::check::check_bilingual`], one unit at a time;
//! * name spellings of the target side that disagree across units: the
//!   clustering of [`crate::workflow::publication`], each unit a document;
//! * consistency: one source segment translated in different ways
//!   (`inconsistent-translation`), one target given for different sources
//!   (`inconsistent-source`), with every variant, its count and its units.
//!
//! Memory stays proportional to the findings, not the memory: the first pass
//! keeps, per unit, two 64-bit hashes of its normalised source and target
//! (NFC, whitespace folded; inline codes left out) and its key; groups are
//! found by sorting the hashes; a second pass reads the texts of one unit per
//! variant only (by row id from a memory, by a second streaming read of a TMX
//! file). Hash collisions cannot make a false finding: the texts read in the
//! second pass are compared before a group is reported.

use crate::check::{
    self, BilingualFile, Finding, Related, Rule, Segment, Severity, Side, Termbase, TextFile,
};
use crate::lang::LangTag;
use crate::memory::Memory;
use crate::unit::TranslationUnit;
use crate::workflow::publication::{NameCluster, Publication};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

#[path = "memory_check_sources.rs"]
mod sources;
pub use sources::{CheckError, MemoryUnits, TmxUnits, UnitSource};

/// What to check and how.
pub struct MemoryCheckOptions<'a> {
    /// The name findings give as their file (the memory or TMX path).
    pub name: String,
    /// Source language (the variant covering it is the source).
    pub source_lang: LangTag,
    /// Target language.
    pub target_lang: LangTag,
    /// A termbase: its terms are checked in every unit and its approved
    /// spellings win in the name clusters.
    pub termbase: Option<&'a Termbase<'a>>,
    /// Spellings a glossary approves (see [`Publication::approve`]).
    pub approved: Vec<String>,
}

/// One spelling of an inconsistent name in a memory.
#[derive(Clone, Debug, Serialize)]
pub struct UnitSpelling {
    /// The spelling.
    pub text: String,
    /// Occurrences in all target segments.
    pub count: usize,
    /// True for the recommended spelling (approved, else without look-alike
    /// letters, then most frequent).
    pub approved: bool,
    /// Where it occurs.
    pub occurrences: Vec<UnitOccurrence>,
}

/// One place in a memory: a unit and a position in its target segment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnitOccurrence {
    /// The unit: its `tuid`, else its `segment` number.
    pub unit: String,
    /// The memory row id, or the 1-based position in a TMX file.
    pub segment: u64,
    /// 1-based line within the target segment.
    pub line: u64,
    /// 1-based column (characters) within that line.
    pub column: u64,
}

/// One way a group's segment is rendered (or, for `inconsistent-source`, one
/// source a shared target translates).
#[derive(Clone, Debug, Serialize)]
pub struct TextVariant {
    /// The text (as in its first unit).
    pub text: String,
    /// Number of units with it.
    pub count: usize,
    /// The units, in memory order.
    pub units: Vec<String>,
}

/// One finding over a memory: the fields of every `tmkit check` finding, plus
/// `spellings` (name clusters) or `shared` and `variants` (consistency).
#[derive(Clone, Debug, Serialize)]
pub struct MemoryFinding {
    /// The finding.
    #[serde(flatten)]
    pub finding: Finding,
    /// Name clusters: every spelling with its units.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spellings: Vec<UnitSpelling>,
    /// Consistency: the segment the variants share (the source for
    /// `inconsistent-translation`, the target for `inconsistent-source`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared: Option<String>,
    /// Consistency: each variant, most frequent first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<TextVariant>,
}

/// What a memory check found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct MemoryReport {
    /// Units read.
    pub units: u64,
    /// Units with both a source and a target variant (the others are skipped).
    pub checked: u64,
    /// Every finding: per-unit findings in unit order, then names, then consistency groups.
    pub findings: Vec<MemoryFinding>,
}

impl MemoryReport {
    /// Number of findings of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.finding.severity == severity)
            .count()
    }

    /// Number of findings of `rule`.
    pub fn count_rule(&self, rule: Rule) -> usize {
        self.findings
            .iter()
            .filter(|f| f.finding.rule == rule)
            .count()
    }
}

/// The first pass over the units.
struct Collector<'a> {
    options: &'a MemoryCheckOptions<'a>,
    stub: BilingualFile,
    publication: Publication,
    /// (source hash, target hash, index into `keys`).
    hashes: Vec<(u64, u64, u32)>,
    /// Unit keys (memory row id or 1-based TMX position), in reading order.
    keys: Vec<i64>,
    /// Labels that are not the key itself (TMX `tuid`s), by index.
    labels: HashMap<u32, Box<str>>,
    findings: Vec<MemoryFinding>,
    units: u64,
}

/// The normalised form compared for consistency: NFC, whitespace folded.
fn normalised(text: &str) -> String {
    // ASCII text is NFC already: skip the check and the copy.
    if text.is_ascii() {
        return crate::text::fold_whitespace(text);
    }
    crate::text::fold_whitespace(&crate::text::nfc(text))
}

fn hash(text: &str) -> u64 {
    crate::text::key_hash(text) as u64
}

impl<'a> Collector<'a> {
    fn new(options: &'a MemoryCheckOptions<'a>) -> Collector<'a> {
        let mut publication = Publication::new();
        publication.approve(options.approved.iter().cloned());
        Collector {
            options,
            stub: BilingualFile {
                source_file: options.name.clone(),
                target_file: options.name.clone(),
                segments: Vec::new(),
            },
            publication,
            hashes: Vec::new(),
            keys: Vec::new(),
            labels: HashMap::new(),
            findings: Vec::new(),
            units: 0,
        }
    }

    fn label(&self, index: u32) -> String {
        match self.labels.get(&index) {
            Some(label) => label.to_string(),
            None => self.keys[index as usize].to_string(),
        }
    }

    /// The per-unit work, which needs nothing from other units: run on
    /// several threads at once and merged in unit order by [`Collector::merge`].
    fn prepare(&self, key: i64, unit: &TranslationUnit) -> Option<PreparedUnit> {
        let segment = segment_of(key, unit, self.options)?;
        let label = segment
            .unit
            .as_ref()
            .filter(|label| **label != key.to_string())
            .map(|label| label.clone().into_boxed_str());
        let findings = match self.options.termbase {
            Some(termbase) => {
                let file = BilingualFile {
                    segments: vec![segment.clone()],
                    ..self.stub.clone()
                };
                check::check_bilingual(&file, termbase)
            }
            None => check::check_qa_segment(&self.stub, &segment),
        };
        let names = (!segment.target.trim().is_empty()).then(|| {
            (
                hash(&normalised(&segment.source)),
                hash(&normalised(&segment.target)),
                Publication::scan(&TextFile::new(&key.to_string(), &segment.target)),
            )
        });
        Some(PreparedUnit {
            key,
            label,
            findings,
            names,
        })
    }

    fn merge(&mut self, prepared: PreparedUnit) {
        let index = self.keys.len() as u32;
        self.keys.push(prepared.key);
        if let Some(label) = prepared.label {
            self.labels.insert(index, label);
        }
        self.findings
            .extend(prepared.findings.into_iter().map(MemoryFinding::plain));
        if let Some((source, target, scanned)) = prepared.names {
            self.hashes.push((source, target, index));
            self.publication.add_scanned(scanned);
        }
    }
}

/// One unit after [`Collector::prepare`].
struct PreparedUnit {
    key: i64,
    label: Option<Box<str>>,
    findings: Vec<Finding>,
    /// Source and target hashes and the target's names (non-empty targets).
    names: Option<(u64, u64, crate::workflow::publication::ScannedDocument)>,
}

impl MemoryFinding {
    fn plain(finding: Finding) -> MemoryFinding {
        MemoryFinding {
            finding,
            spellings: Vec::new(),
            shared: None,
            variants: Vec::new(),
        }
    }
}

/// The source/target pair of a unit as a bilingual segment (`None` when the
/// unit lacks either language).
pub fn segment_of(
    key: i64,
    unit: &TranslationUnit,
    options: &MemoryCheckOptions,
) -> Option<Segment> {
    let source = unit.variant_covering(&options.source_lang)?;
    let target = unit.variant_covering(&options.target_lang)?;
    if std::ptr::eq(source, target) {
        return None;
    }
    Some(Segment::from_variants(key as u64, unit, source, target))
}

/// A group found from the hashes: the indexes of its units, per variant.
struct PendingGroup {
    by_source: bool,
    variants: Vec<Vec<u32>>,
}

/// Groups of units sharing one side's hash with more than one hash on the other side.
fn pending_groups(hashes: &mut [(u64, u64, u32)], by_source: bool) -> Vec<PendingGroup> {
    let shared = |h: &(u64, u64, u32)| if by_source { h.0 } else { h.1 };
    let other = |h: &(u64, u64, u32)| if by_source { h.1 } else { h.0 };
    hashes.sort_unstable_by_key(|h| (shared(h), other(h), h.2));
    let mut groups = Vec::new();
    let mut at = 0;
    while at < hashes.len() {
        let mut end = at + 1;
        while end < hashes.len() && shared(&hashes[end]) == shared(&hashes[at]) {
            end += 1;
        }
        let run = &hashes[at..end];
        if other(&run[0]) != other(&run[run.len() - 1]) {
            let mut variants: Vec<Vec<u32>> = Vec::new();
            for (i, h) in run.iter().enumerate() {
                if i == 0 || other(h) != other(&run[i - 1]) {
                    variants.push(Vec::new());
                }
                variants.last_mut().expect("pushed above").push(h.2);
            }
            groups.push(PendingGroup {
                by_source,
                variants,
            });
        }
        at = end;
    }
    groups
}

/// Checks every unit of `units` (see the module documentation). `progress`
/// is called with the number of units read so far, every 1,000 units.
///
/// ```
/// use tmkit::lang::LangTag;
/// use tmkit::memory::Memory;
/// use tmkit::unit::TranslationUnit;
/// use tmkit::workflow::memory_check::{MemoryCheckOptions, MemoryUnits, check_units};
/// let mut memory = Memory::open_in_memory().unwrap();
/// memory.add(&TranslationUnit::pair("ru", "Переговоры начались.", "en", "The talks began.")).unwrap();
/// memory.add(&TranslationUnit::pair("ru", "Переговоры начались.", "en", "Talks started.")).unwrap();
/// let options = MemoryCheckOptions {
///     name: "tm.tmdb".into(),
///     source_lang: LangTag::parse("ru"),
///     target_lang: LangTag::parse("en"),
///     termbase: None,
///     approved: Vec::new(),
/// };
/// let report = check_units(&mut MemoryUnits(&memory), &options, &mut |_| {}).unwrap();
/// assert_eq!(report.findings.len(), 1);
/// assert_eq!(report.findings[0].finding.rule.id(), "inconsistent-translation");
/// assert_eq!(report.findings[0].variants.len(), 2);
/// ```
pub fn check_units(
    units: &mut dyn UnitSource,
    options: &MemoryCheckOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<MemoryReport, CheckError> {
    // Reading (SQL, decoding) on this thread, checking on another.
    let (mut collector, read) = std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<(i64, TranslationUnit)>>(8);
        let worker = scope.spawn(move || {
            let mut collector = Collector::new(options);
            for batch in receiver {
                // Units are checked on every core (rayon) and merged in
                // reading order, so the report does not depend on threads.
                collector.units += batch.len() as u64;
                let prepared: Vec<Option<PreparedUnit>> = {
                    let collector = &collector;
                    batch
                        .par_iter()
                        .map(|(key, unit)| collector.prepare(*key, unit))
                        .collect()
                };
                for unit in prepared.into_iter().flatten() {
                    collector.merge(unit);
                }
            }
            collector
        });
        let mut batch = Vec::with_capacity(BATCH);
        let mut count = 0u64;
        let read = units.each(&mut |key, unit| {
            batch.push((key, unit));
            count += 1;
            if batch.len() == BATCH {
                // The worker only stops early by panicking; join reports that.
                let _ = sender.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                progress(count);
            }
        });
        let _ = sender.send(batch);
        drop(sender);
        progress(count);
        (
            worker.join().expect("the memory check thread panicked"),
            read,
        )
    });
    read?;
    let mut hashes = std::mem::take(&mut collector.hashes);
    let mut groups = pending_groups(&mut hashes, true);
    groups.extend(pending_groups(&mut hashes, false));
    drop(hashes);
    // One unit per variant is read again for its texts.
    // One unit per variant is read again, for the side it shows; the
    // shared side only from the most frequent variant's first unit.
    let mut needs: HashMap<i64, (bool, bool)> = HashMap::new();
    for group in &mut groups {
        group
            .variants
            .sort_by_key(|members| (std::cmp::Reverse(members.len()), members[0]));
        for (i, members) in group.variants.iter().enumerate() {
            let need = needs
                .entry(collector.keys[members[0] as usize])
                .or_default();
            let (shared, other) = if group.by_source {
                (&mut need.0, &mut need.1)
            } else {
                (&mut need.1, &mut need.0)
            };
            *other = true;
            *shared |= i == 0;
        }
    }
    let mut wanted: Vec<i64> = needs.keys().copied().collect();
    wanted.sort_unstable();
    let mut texts: HashMap<i64, Fetched> = HashMap::with_capacity(wanted.len());
    // Read on this thread, normalised and hashed on every core, a batch at
    // a time (the map does not depend on the order of insertion).
    let fetch_batch = |batch: &mut Vec<(i64, Segment)>, texts: &mut HashMap<i64, Fetched>| {
        let fetched: Vec<(i64, Fetched)> = batch
            .par_drain(..)
            .filter_map(|(key, segment)| {
                let need = needs.get(&key)?;
                let source = normalised(&segment.source);
                let target = normalised(&segment.target);
                Some((
                    key,
                    Fetched {
                        check: (check_hash(&source), check_hash(&target)),
                        source: need.0.then_some(segment.source),
                        target: need.1.then_some(segment.target),
                    },
                ))
            })
            .collect();
        texts.extend(fetched);
    };
    let mut batch: Vec<(i64, Segment)> = Vec::with_capacity(BATCH);
    units.some(&wanted, &mut |key, unit| {
        if let Some(segment) = segment_of(key, unit, options) {
            batch.push((key, segment));
            if batch.len() == BATCH {
                fetch_batch(&mut batch, &mut texts);
            }
        }
    })?;
    fetch_batch(&mut batch, &mut texts);
    drop(needs);
    let mut findings = std::mem::take(&mut collector.findings);
    let clusters = std::mem::take(&mut collector.publication).finish();
    findings.extend(clusters.into_iter().map(|c| name_finding(c, &collector)));
    // Shared texts first (cloned), then each variant's text is moved out.
    let shared: Vec<Option<String>> = groups
        .iter()
        .map(|g| {
            let fetched = texts.get(&collector.keys[g.variants[0][0] as usize])?;
            if g.by_source {
                fetched.source.clone()
            } else {
                fetched.target.clone()
            }
        })
        .collect();
    let mut consistency: Vec<MemoryFinding> = groups
        .iter()
        .zip(shared)
        .filter_map(|(g, shared)| consistency_finding(g, shared?, &collector, &mut texts, options))
        .collect();
    consistency.sort_by_key(|f| (f.finding.rule.id(), f.finding.segment));
    findings.extend(consistency);
    Ok(MemoryReport {
        units: collector.units,
        checked: collector.keys.len() as u64,
        findings,
    })
}

/// Checks the memory at `memory` (opened read-only by the caller).
pub fn check_memory(
    memory: &Memory,
    options: &MemoryCheckOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<MemoryReport, CheckError> {
    check_units(&mut MemoryUnits(memory), options, progress)
}

/// Checks the TMX file at `path` (read twice, streaming).
pub fn check_tmx(
    path: &Path,
    options: &MemoryCheckOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<MemoryReport, CheckError> {
    check_units(&mut TmxUnits(path), options, progress)
}

/// A publication cluster with units for documents.
/// Documents are named by unit key; findings name the unit by its label.
fn name_finding(cluster: NameCluster, collector: &Collector) -> MemoryFinding {
    let options = collector.options;
    let label = |document: &str| -> String {
        document
            .parse::<i64>()
            .ok()
            .and_then(|key| collector.keys.binary_search(&key).ok())
            .map_or_else(|| document.to_string(), |i| collector.label(i as u32))
    };
    let mut finding = cluster.finding;
    let document = std::mem::replace(&mut finding.file, options.name.clone());
    finding.segment = document.parse().ok();
    finding.unit = Some(label(&document)).filter(|l| *l != document);
    finding.line = 0;
    // The publication counts documents: here each is a unit.
    finding.message = finding
        .message
        .replacen(" files: ", " units: ", 1)
        .replacen(" file: ", " unit: ", 1);
    for related in &mut finding.related {
        related.label = format!("{} (unit {})", related.label, label(&related.file));
        related.file = options.name.clone();
        related.line = 0;
    }
    let spellings = cluster
        .spellings
        .into_iter()
        .map(|s| UnitSpelling {
            text: s.text,
            count: s.count,
            approved: s.approved,
            occurrences: s
                .occurrences
                .into_iter()
                .map(|o| UnitOccurrence {
                    unit: label(&o.file),
                    segment: o.file.parse().unwrap_or(0),
                    line: o.line,
                    column: o.column,
                })
                .collect(),
        })
        .collect();
    MemoryFinding {
        finding,
        spellings,
        shared: None,
        variants: Vec::new(),
    }
}

const LISTED_UNITS: usize = 5;

/// Variants named in a consistency finding's message and `related`.
const LISTED_VARIANTS: usize = 3;

/// Units handed from the reading to the checking thread at a time.
const BATCH: usize = 256;

/// The texts of a unit read in the second pass.
struct Fetched {
    source: Option<String>,
    target: Option<String>,
    /// A second, independent hash of each normalised side: equal primary
    /// hashes with different check hashes are a collision, not one segment.
    check: (u64, u64),
}

fn check_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

fn consistency_finding(
    group: &PendingGroup,
    shared: String,
    collector: &Collector,
    texts: &mut HashMap<i64, Fetched>,
    options: &MemoryCheckOptions,
) -> Option<MemoryFinding> {
    let side_check = |fetched: &Fetched, shared_side: bool| {
        if shared_side == group.by_source {
            fetched.check.0
        } else {
            fetched.check.1
        }
    };
    let first_key = collector.keys[group.variants[0][0] as usize];
    let shared_check = side_check(texts.get(&first_key)?, true);
    // Variants come most frequent first (then memory order); their
    // primary hashes differ, so their texts do.
    let mut variants: Vec<TextVariant> = Vec::new();
    let mut first_units: Vec<u32> = Vec::new();
    for members in &group.variants {
        let first = members[0];
        let fetched = texts.get_mut(&collector.keys[first as usize])?;
        if side_check(fetched, true) != shared_check {
            continue; // a hash collision: not the same segment
        }
        let slot = if group.by_source {
            &mut fetched.target
        } else {
            &mut fetched.source
        };
        let Some(text) = slot.take() else {
            continue;
        };
        first_units.push(first);
        variants.push(TextVariant {
            text,
            count: members.len(),
            units: members.iter().map(|&i| collector.label(i)).collect(),
        });
    }
    if variants.len() < 2 {
        return None;
    }
    let other_key = collector.keys[first_units[1] as usize];
    let total: usize = variants.iter().map(|v| v.count).sum();
    // The message and `related` name the first few variants; `variants`
    // has them all (a group can have thousands: copying every text into
    // the message and again into `related` tripled the report's memory).
    let mut listed: Vec<String> = variants
        .iter()
        .take(LISTED_VARIANTS)
        .map(|v| {
            let mut units = v.units[..v.units.len().min(LISTED_UNITS)].join(", ");
            if v.units.len() > LISTED_UNITS {
                units.push_str(&format!(" and {} more", v.units.len() - LISTED_UNITS));
            }
            format!(
                "\"{}\" {}× (unit{} {units})",
                v.text,
                v.count,
                if v.count == 1 { "" } else { "s" }
            )
        })
        .collect();
    if variants.len() > LISTED_VARIANTS {
        listed.push(format!(
            "and {} more variants",
            variants.len() - LISTED_VARIANTS
        ));
    }
    let (rule, severity, message) = if group.by_source {
        (
            Rule::InconsistentTranslation,
            Severity::Warning,
            format!(
                "the same source is translated {} ways in {total} units: {}",
                variants.len(),
                listed.join("; ")
            ),
        )
    } else {
        (
            Rule::InconsistentSource,
            Severity::Note,
            format!(
                "the same translation stands for {} different sources in {total} units: {}",
                variants.len(),
                listed.join("; ")
            ),
        )
    };
    // The finding sits at the first unit of the second most frequent variant.
    let other = &variants[1];
    let side = if group.by_source {
        Side::Target
    } else {
        Side::Source
    };
    let file = TextFile::new(&options.name, &other.text);
    let mut finding = Finding::at(&file, 0..file.text.len(), rule, severity, message);
    finding.side = side;
    finding.line = 0;
    finding.unit = other
        .units
        .first()
        .filter(|u| **u != other_key.to_string())
        .cloned();
    finding.segment = Some(other_key as u64);
    finding.related = variants
        .iter()
        .take(LISTED_VARIANTS)
        .map(|v| Related {
            file: options.name.clone(),
            line: 0,
            column: 0,
            span: v.text.clone(),
            label: format!(
                "{}× (unit {}{})",
                v.count,
                v.units[0],
                if v.units.len() > 1 { ", …" } else { "" }
            ),
        })
        .collect();
    Some(MemoryFinding {
        finding,
        spellings: Vec::new(),
        shared: Some(shared),
        variants,
    })
}

#[cfg(test)]
#[path = "memory_check_tests.rs"]
pub(crate) mod tests;
