//! The typed view of a unit element: segments, notes, matches, glossary.

use super::inline::{check_pairs_1x, check_pairs_2x, read_content};
use super::model::{GlossaryEntry, Match, Note, Segment, State};
use super::tree::{Element, Node};
use super::{NS_GLOSSARY, NS_MATCHES, NS_SDL, Version};

/// What [`super::Unit`]'s accessors return, read from the element.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct View {
    pub segments: Vec<Segment>,
    pub notes: Vec<Note>,
    pub matches: Vec<Match>,
    pub glossary: Vec<GlossaryEntry>,
    /// 2.x `originalData`: (`data` id, native code).
    pub data: Vec<(String, String)>,
    pub problems: Vec<String>,
}

impl View {
    pub fn read(version: Version, unit: &Element) -> View {
        let mut view = View::default();
        if version.is_2x() {
            read_2x(version, unit, &mut view);
        } else {
            read_1x(version, unit, &mut view);
        }
        view
    }
}

fn number(value: Option<&str>) -> Option<f64> {
    value.and_then(|v| v.trim().trim_end_matches('%').trim().parse::<f64>().ok())
}

// ----- XLIFF 2.x ----------------------------------------------------------------------

fn read_2x(version: Version, unit: &Element, view: &mut View) {
    let ns = unit.ns.as_str();
    for child in unit.elements() {
        if child.ns == ns {
            match child.local() {
                "segment" | "ignorable" => {
                    if let Some(state) = child.attr("state") {
                        if State::parse(state).is_none() {
                            view.problems.push(format!(
                                "state=\"{state}\" is not an XLIFF 2 state (initial, translated, \
                                 reviewed, final); read as no state"
                            ));
                        }
                    }
                    if child.elements().filter(|e| e.is(ns, "source")).count() > 1
                        || child.elements().filter(|e| e.is(ns, "target")).count() > 1
                    {
                        view.problems.push(format!(
                            "a <{}> has more than one <source> or <target>; the first is read",
                            child.local()
                        ));
                    }
                    if let Some(id) = child.attr("id") {
                        if view.segments.iter().any(|s| s.id.as_deref() == Some(id)) {
                            view.problems.push(format!(
                                "segment id \"{id}\" is used twice in the unit (ids must be unique)"
                            ));
                        }
                    }
                    let mut segment = Segment {
                        id: child.attr("id").map(str::to_string),
                        ignorable: child.local() == "ignorable",
                        state: child.attr("state").and_then(State::parse),
                        state_detail: child.attr("subState").map(str::to_string),
                        ..Segment::default()
                    };
                    if let Some(source) = child.child(ns, "source") {
                        segment.source =
                            read_content(version, ns, &source.children, &mut view.problems);
                    }
                    if let Some(target) = child.child(ns, "target") {
                        segment.target = Some(read_content(
                            version,
                            ns,
                            &target.children,
                            &mut view.problems,
                        ));
                    }
                    if !segment.ignorable && segment.state.is_none() {
                        // The 2.x default: initial.
                        segment.state = Some(State::Initial);
                    }
                    view.segments.push(segment);
                }
                "originalData" => {
                    for data in child.elements().filter(|e| e.is(ns, "data")) {
                        // `cp` inside data stands for a character XML cannot carry.
                        let content = read_content(version, ns, &data.children, &mut view.problems);
                        let text = crate::unit::plain_text(&content);
                        let id = data.attr("id").unwrap_or("").to_string();
                        if view.data.iter().any(|(known, _)| *known == id) {
                            view.problems.push(format!(
                                "<data id=\"{id}\"> is used twice in <originalData> (ids must be unique)"
                            ));
                        }
                        view.data.push((id, text));
                    }
                }
                "notes" => {
                    for note in child.elements().filter(|e| e.is(ns, "note")) {
                        view.notes.push(Note {
                            text: note.text(),
                            category: note.attr("category").map(str::to_string),
                            applies_to: note.attr("appliesTo").map(str::to_string),
                            priority: note.attr("priority").and_then(|p| p.parse().ok()),
                        });
                    }
                }
                _ => {}
            }
        } else if child.is(NS_MATCHES, "matches") {
            for m in child.elements().filter(|e| e.is(NS_MATCHES, "match")) {
                let mut found = Match {
                    id: m.attr("id").map(str::to_string),
                    segment: m.attr("ref").map(|r| r.trim_start_matches('#').to_string()),
                    similarity: number(m.attr("similarity")),
                    quality: number(m.attr("matchQuality")),
                    origin: m.attr("origin").map(str::to_string),
                    kind: m.attr("type").map(str::to_string),
                    ..Match::default()
                };
                // Match content is core-namespace source/target inside the module element.
                for part in m.elements() {
                    match part.local() {
                        "source" => {
                            found.source =
                                read_content(version, ns, &part.children, &mut view.problems)
                        }
                        "target" => {
                            found.target =
                                read_content(version, ns, &part.children, &mut view.problems)
                        }
                        _ => {}
                    }
                }
                view.matches.push(found);
            }
        } else if child.is(NS_GLOSSARY, "glossary") {
            for entry in child.elements().filter(|e| e.is(NS_GLOSSARY, "glossEntry")) {
                let mut found = GlossaryEntry {
                    id: entry.attr("id").map(str::to_string),
                    reference: entry
                        .attr("ref")
                        .map(|r| r.trim_start_matches('#').to_string()),
                    ..GlossaryEntry::default()
                };
                for part in entry.elements().filter(|e| e.ns == NS_GLOSSARY) {
                    match part.local() {
                        "term" => {
                            found.term = part.text();
                            found.term_source = part.attr("source").map(str::to_string);
                        }
                        "translation" => found.translations.push(part.text()),
                        "definition" => found.definition = Some(part.text()),
                        _ => {}
                    }
                }
                view.glossary.push(found);
            }
        }
    }
    let sources: Vec<_> = view.segments.iter().map(|s| s.source.clone()).collect();
    check_pairs_2x(sources.iter(), "source", &mut view.problems);
    let targets: Vec<_> = view
        .segments
        .iter()
        .filter_map(|s| s.target.clone())
        .collect();
    check_pairs_2x(targets.iter(), "target", &mut view.problems);
}

// ----- XLIFF 1.x ----------------------------------------------------------------------

/// Maps a 1.2 `state` value onto the 2.x scale.
pub(crate) fn state_from_1_2(value: &str) -> State {
    match value {
        "translated" => State::Translated,
        "signed-off" => State::Reviewed,
        "final" => State::Final,
        _ => State::Initial,
    }
}

/// Maps an SDLXLIFF confirmation level onto the 2.x scale.
pub(crate) fn state_from_sdl(conf: &str) -> State {
    match conf {
        "Translated" => State::Translated,
        "ApprovedTranslation" => State::Reviewed,
        "ApprovedSignOff" => State::Final,
        _ => State::Initial,
    }
}

/// Maps a memoQ `mq:status` onto the 2.x scale.
pub(crate) fn state_from_memoq(status: &str) -> State {
    match status {
        "Confirmed" | "ManuallyConfirmed" => State::Translated,
        "Proofread" => State::Reviewed,
        _ => State::Initial,
    }
}

/// The `mrk mtype="seg"` elements of a flow, in order (directly inside it or
/// inside `g`/`mrk` wrappers some tools put around them).
fn is_seg_mark(ns: &str, element: &Element) -> bool {
    element.ns == ns && element.local() == "mrk" && element.attr("mtype") == Some("seg")
}

fn seg_marks<'a>(ns: &str, children: &'a [Node], out: &mut Vec<&'a Element>) {
    for child in children {
        if let Node::Element(element) = child {
            if is_seg_mark(ns, element) {
                out.push(element);
                continue;
            }
            if element.ns == ns && matches!(element.local(), "g" | "mrk") {
                seg_marks(ns, &element.children, out);
            }
        }
    }
}

fn read_1x(version: Version, unit: &Element, view: &mut View) {
    let ns = unit.ns.as_str();
    let approved = unit.attr("approved") == Some("yes");
    let memoq = unit.attr("mq:status");
    // SDLXLIFF: per-segment confirmation levels in sdl:seg-defs.
    let sdl_seg = |mid: &str| -> Option<&Element> {
        let defs = unit.elements().find(|e| e.is(NS_SDL, "seg-defs"))?;
        defs.elements()
            .find(|e| e.is(NS_SDL, "seg") && e.attr("id") == Some(mid))
    };
    let memoq_changed = unit
        .attr("mq:lastchangedtimestamp")
        .filter(|d| !d.starts_with("0001-"))
        .and_then(crate::tmx::normalize_date);
    let source = unit.child(ns, "source");
    let target = unit.child(ns, "target");
    let seg_source = unit.child(ns, "seg-source");
    let mut marks = Vec::new();
    if let Some(seg_source) = seg_source {
        seg_marks(ns, &seg_source.children, &mut marks);
    }
    let target_state = target.and_then(|t| t.attr("state"));
    let detail_1_2 =
        target_state.map(
            |state| match target.and_then(|t| t.attr("state-qualifier")) {
                Some(q) => format!("{state}/{q}"),
                None => state.to_string(),
            },
        );
    let unit_state = |detail: &mut Option<String>| -> Option<State> {
        if let Some(status) = memoq {
            *detail = Some(status.to_string());
            return Some(state_from_memoq(status));
        }
        *detail = detail_1_2.clone();
        match target_state {
            Some(state) => Some(state_from_1_2(state)),
            None if approved => Some(State::Reviewed),
            None => None,
        }
    };
    if marks.is_empty() {
        let mut segment = Segment {
            approved,
            ..Segment::default()
        };
        if let Some(source) = source {
            segment.source = read_content(version, ns, &source.children, &mut view.problems);
        }
        if let Some(target) = target {
            segment.target = Some(read_content(
                version,
                ns,
                &target.children,
                &mut view.problems,
            ));
        }
        let mut detail = None;
        segment.state = unit_state(&mut detail);
        segment.state_detail = detail;
        segment.changed = memoq_changed.clone();
        view.segments.push(segment);
    } else {
        let mut target_marks = Vec::new();
        if let Some(target) = target {
            seg_marks(ns, &target.children, &mut target_marks);
        }
        // Text between the segments of seg-source becomes ignorable segments, so
        // segment indexes mean the same in 1.2 and 2.x.
        let mut between: Vec<Node> = Vec::new();
        let flush = |between: &mut Vec<Node>, view: &mut View| {
            let content = read_content(version, ns, between, &mut view.problems);
            between.clear();
            if !content.is_empty() {
                view.segments.push(Segment {
                    ignorable: true,
                    source: content,
                    ..Segment::default()
                });
            }
        };
        let children = seg_source
            .map(|s| s.children.as_slice())
            .unwrap_or_default();
        for child in children {
            let marks_here: Vec<&Element> = match child {
                Node::Element(e) if is_seg_mark(ns, e) => vec![e],
                Node::Element(e) => {
                    let mut inner = Vec::new();
                    seg_marks(ns, &e.children, &mut inner);
                    inner
                }
                _ => Vec::new(),
            };
            if marks_here.is_empty() {
                between.push(child.clone());
                continue;
            }
            flush(&mut between, view);
            for mark in marks_here {
                let mid = mark.attr("mid").map(str::to_string);
                let mut segment = Segment {
                    id: mid.clone(),
                    approved,
                    source: read_content(version, ns, &mark.children, &mut view.problems),
                    ..Segment::default()
                };
                if let Some(found) = target_marks
                    .iter()
                    .find(|t| t.attr("mid").map(str::to_string) == mid)
                {
                    segment.target = Some(read_content(
                        version,
                        ns,
                        &found.children,
                        &mut view.problems,
                    ));
                }
                let sdl = mid.as_deref().and_then(sdl_seg);
                segment.changed = sdl.and_then(sdl_modified).or_else(|| memoq_changed.clone());
                match sdl.and_then(|seg| seg.attr("conf")) {
                    Some(conf) => {
                        segment.state = Some(state_from_sdl(conf));
                        segment.state_detail = Some(conf.to_string());
                    }
                    None => {
                        let mut detail = None;
                        segment.state = unit_state(&mut detail);
                        segment.state_detail = detail;
                    }
                }
                view.segments.push(segment);
            }
        }
        flush(&mut between, view);
    }
    for segment in &view.segments {
        check_pairs_1x(&segment.source, &mut view.problems);
        if let Some(target) = &segment.target {
            check_pairs_1x(target, &mut view.problems);
        }
    }
    for child in unit.elements().filter(|e| e.ns == ns) {
        match child.local() {
            "note" => view.notes.push(Note {
                text: child.text(),
                category: child.attr("from").map(str::to_string),
                applies_to: child.attr("annotates").map(str::to_string),
                priority: child.attr("priority").and_then(|p| p.parse().ok()),
            }),
            "alt-trans" => {
                let mut found = Match {
                    segment: child.attr("mid").map(str::to_string),
                    similarity: number(child.attr("match-quality")),
                    origin: child.attr("origin").map(str::to_string),
                    kind: child.attr("alttranstype").map(str::to_string),
                    ..Match::default()
                };
                if let Some(s) = child.child(ns, "source") {
                    found.source = read_content(version, ns, &s.children, &mut view.problems);
                }
                if let Some(t) = child.child(ns, "target") {
                    found.target = read_content(version, ns, &t.children, &mut view.problems);
                }
                view.matches.push(found);
            }
            _ => {}
        }
    }
}

/// The `modified_on` value of an `sdl:seg` (`MM/DD/YYYY hh:mm:ss`) as a TMX date.
fn sdl_modified(seg: &Element) -> Option<String> {
    let value = seg
        .elements()
        .find(|e| e.is(NS_SDL, "value") && e.attr("key") == Some("modified_on"))?
        .text();
    chrono::NaiveDateTime::parse_from_str(value.trim(), "%m/%d/%Y %H:%M:%S")
        .ok()
        .map(|date| date.format("%Y%m%dT%H%M%SZ").to_string())
}
