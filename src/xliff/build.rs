//! Edits of units and documents, and building new ones: every change is made
//! on the element tree, so what a file had stays as it was.

use super::inline::content_nodes;
use super::model::{
    Container, ContainerKind, Document, EditError, GlossaryEntry, Item, Match, Note, Segment,
    State, Unit,
};
use super::tree::{Element, Node};
use super::{NS_GLOSSARY, NS_MATCHES, Version};
use crate::unit::Content;

fn element(parent: &Element, local: &str) -> Element {
    Element::new(parent.sibling_name(local), parent.ns.clone())
}

fn with_content(mut element: Element, content: &Content) -> Element {
    let prefix = element.prefix().to_string();
    element.children = content_nodes(content, &prefix, &element.ns.clone());
    element
}

fn text_element(name: &str, ns: &str, text: &str) -> Element {
    let mut element = Element::new(name, ns);
    if !text.is_empty() {
        element.children.push(Node::Text(text.to_string()));
    }
    element
}

fn format_number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

fn unit_label(unit: &Unit) -> String {
    unit.id().unwrap_or("(no id)").to_string()
}

// ----- targets --------------------------------------------------------------------------

pub(crate) fn set_target(
    unit: &mut Unit,
    index: usize,
    content: Content,
    state: State,
) -> Result<(), EditError> {
    let count = unit.segments().len();
    let segment = unit
        .segments()
        .get(index)
        .cloned()
        .ok_or(EditError::NoSegment {
            unit: unit_label(unit),
            index,
            count,
        })?;
    if segment.ignorable {
        return Err(EditError::NotTranslatable {
            unit: unit_label(unit),
            index,
            reason: "it is an <ignorable>".into(),
        });
    }
    if unit.version.is_2x() {
        set_target_2x(&mut unit.element, index, &content, state);
    } else if segment.id.is_some()
        && unit
            .element
            .child(&unit.element.ns.clone(), "seg-source")
            .is_some()
    {
        let translatable = unit.segments().iter().filter(|s| !s.ignorable).count();
        let mid = segment.id.clone().unwrap_or_default();
        set_target_segmented(&mut unit.element, &mid, &content, state, translatable);
        set_sdl_confirmation(&mut unit.element, &mid, state);
    } else {
        set_target_1x(&mut unit.element, &content, state);
    }
    if !unit.version.is_2x() && unit.element.attr("mq:status").is_some() {
        // memoQ reads its own status, not the XLIFF state: keep them in step.
        let status = match state {
            State::Initial => "Pretranslated",
            State::Translated => "Confirmed",
            State::Reviewed | State::Final => "Proofread",
        };
        unit.element.set_attr("mq:status", status);
    }
    Ok(())
}

/// Trados reads a segment's confirmation level from `sdl:seg conf`, not from
/// the XLIFF state: set it when the segment has an `sdl:seg`.
fn set_sdl_confirmation(unit: &mut Element, mid: &str, state: State) {
    let conf = match state {
        State::Initial => "Draft",
        State::Translated => "Translated",
        State::Reviewed => "ApprovedTranslation",
        State::Final => "ApprovedSignOff",
    };
    for node in &mut unit.children {
        let Node::Element(defs) = node else { continue };
        if !defs.is(super::NS_SDL, "seg-defs") {
            continue;
        }
        for seg in &mut defs.children {
            if let Node::Element(seg) = seg {
                if seg.is(super::NS_SDL, "seg") && seg.attr("id") == Some(mid) {
                    seg.set_attr("conf", conf);
                }
            }
        }
    }
}

fn set_target_2x(unit: &mut Element, index: usize, content: &Content, state: State) {
    let ns = unit.ns.clone();
    let Some(Node::Element(segment)) = unit
        .children
        .iter_mut()
        .filter(|n| matches!(n, Node::Element(e) if e.ns == ns && matches!(e.local(), "segment" | "ignorable")))
        .nth(index)
    else {
        return;
    };
    let target = with_content(element(segment, "target"), content);
    match segment.child_index(&ns, "target") {
        Some(at) => {
            if let Node::Element(old) = &mut segment.children[at] {
                old.children = target.children;
            }
        }
        None => {
            let at = segment
                .child_index(&ns, "source")
                .map_or(segment.children.len(), |i| i + 1);
            segment.children.insert(at, Node::Element(target));
        }
    }
    segment.set_attr("state", state.as_str());
}

fn set_target_1x(unit: &mut Element, content: &Content, state: State) {
    let ns = unit.ns.clone();
    let mut target = with_content(element(unit, "target"), content);
    match unit.child_index(&ns, "target") {
        Some(at) => {
            if let Node::Element(old) = &mut unit.children[at] {
                old.children = target.children;
                if unit_version_has_state(&ns) {
                    old.set_attr("state", state.as_1_2());
                }
            }
        }
        None => {
            if unit_version_has_state(&ns) {
                target.set_attr("state", state.as_1_2());
            }
            let after = unit
                .child_index(&ns, "seg-source")
                .or_else(|| unit.child_index(&ns, "source"))
                .map_or(unit.children.len(), |i| i + 1);
            unit.children.insert(after, Node::Element(target));
        }
    }
}

/// `state` on `<target>` exists in 1.1 and 1.2, not in 1.0.
fn unit_version_has_state(ns: &str) -> bool {
    !ns.is_empty()
}

fn set_target_segmented(
    unit: &mut Element,
    mid: &str,
    content: &Content,
    state: State,
    segments: usize,
) {
    let ns = unit.ns.clone();
    if unit.child_index(&ns, "target").is_none() {
        // A new target mirrors seg-source: the text between segments, each segment
        // an empty `mrk` to be filled.
        let seg_source = unit.child(&ns, "seg-source").cloned().unwrap_or_default();
        let mut target = element(unit, "target");
        target.children = seg_source.children;
        empty_marks(&ns, &mut target.children);
        let after = unit
            .child_index(&ns, "seg-source")
            .map_or(unit.children.len(), |i| i + 1);
        unit.children.insert(after, Node::Element(target));
    }
    let Some(Node::Element(target)) = unit
        .child_index(&ns, "target")
        .map(|i| &mut unit.children[i])
    else {
        return;
    };
    if !fill_mark(&ns, &mut target.children, mid, content) {
        let mut mark = element(target, "mrk");
        mark.set_attr("mtype", "seg");
        mark.set_attr("mid", mid);
        let mark = with_content(mark, content);
        target.children.push(Node::Element(mark));
    }
    // The 1.2 state covers the whole target: set only once every segment is filled.
    let filled = count_filled(&ns, &target.children);
    if filled >= segments {
        target.set_attr("state", state.as_1_2());
    } else {
        target.set_attr("state", State::Initial.as_1_2());
    }
}

fn is_seg_mark(ns: &str, element: &Element) -> bool {
    element.ns == ns && element.local() == "mrk" && element.attr("mtype") == Some("seg")
}

fn empty_marks(ns: &str, nodes: &mut [Node]) {
    for node in nodes {
        if let Node::Element(element) = node {
            if is_seg_mark(ns, element) {
                element.children.clear();
            } else {
                empty_marks(ns, &mut element.children);
            }
        }
    }
}

fn fill_mark(ns: &str, nodes: &mut [Node], mid: &str, content: &Content) -> bool {
    for node in nodes {
        if let Node::Element(element) = node {
            if is_seg_mark(ns, element) && element.attr("mid") == Some(mid) {
                let prefix = element.prefix().to_string();
                element.children = content_nodes(content, &prefix, ns);
                return true;
            }
            if fill_mark(ns, &mut element.children, mid, content) {
                return true;
            }
        }
    }
    false
}

fn count_filled(ns: &str, nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|node| match node {
            Node::Element(e) if is_seg_mark(ns, e) => usize::from(!e.children.is_empty()),
            Node::Element(e) => count_filled(ns, &e.children),
            _ => 0,
        })
        .sum()
}

// ----- matches, glossary, notes ----------------------------------------------------------

/// Index at which a module element goes in a 2.x unit: after existing
/// extension/module elements, before `notes`, `originalData` and segments (the
/// core schema puts other namespaces first).
fn module_slot(unit: &Element) -> usize {
    unit.children
        .iter()
        .position(|n| matches!(n, Node::Element(e) if e.ns == unit.ns))
        .unwrap_or(unit.children.len())
}

fn module_container<'a>(
    unit: &'a mut Element,
    ns: &str,
    prefix: &str,
    local: &str,
) -> &'a mut Element {
    let at = match unit.child_index(ns, local) {
        Some(at) => at,
        None => {
            let mut container = Element::new(format!("{prefix}:{local}"), ns);
            container.set_attr(&format!("xmlns:{prefix}"), ns);
            let at = module_slot(unit);
            unit.children.insert(at, Node::Element(container));
            at
        }
    };
    match &mut unit.children[at] {
        Node::Element(e) => e,
        _ => unreachable!("child_index returns elements"),
    }
}

/// The prefix an existing module container uses, or the usual one.
fn prefix_of(container: &Element, default: &str) -> String {
    match container.prefix() {
        "" => default.to_string(),
        prefix => prefix.to_string(),
    }
}

pub(crate) fn add_match(unit: &mut Unit, candidate: &Match) {
    let core_ns = unit.element.ns.clone();
    let core_prefix = unit.element.prefix().to_string();
    let core_name = |local: &str| match core_prefix.as_str() {
        "" => local.to_string(),
        p => format!("{p}:{local}"),
    };
    if unit.version.is_2x() {
        let container = module_container(&mut unit.element, NS_MATCHES, "mtc", "matches");
        let prefix = prefix_of(container, "mtc");
        let mut m = Element::new(format!("{prefix}:match"), NS_MATCHES);
        if let Some(id) = &candidate.id {
            m.set_attr("id", id.clone());
        }
        let reference = candidate.segment.clone().unwrap_or_else(|| "1".into());
        m.set_attr("ref", format!("#{reference}"));
        if let Some(kind) = &candidate.kind {
            m.set_attr("type", kind.clone());
        }
        if let Some(s) = candidate.similarity {
            m.set_attr("similarity", format_number(s.clamp(0.0, 100.0)));
        }
        if let Some(q) = candidate.quality {
            m.set_attr("matchQuality", format_number(q.clamp(0.0, 100.0)));
        }
        if let Some(origin) = &candidate.origin {
            m.set_attr("origin", origin.clone());
        }
        let source = with_content(
            Element::new(core_name("source"), core_ns.clone()),
            &candidate.source,
        );
        let target = with_content(
            Element::new(core_name("target"), core_ns.clone()),
            &candidate.target,
        );
        m.children.push(Node::Element(source));
        m.children.push(Node::Element(target));
        container.children.push(Node::Element(m));
    } else {
        let mut alt = element(&unit.element, "alt-trans");
        if let Some(mid) = &candidate.segment {
            if unit.segments().iter().any(|s| s.id.as_deref() == Some(mid)) {
                alt.set_attr("mid", mid.clone());
            }
        }
        if let Some(s) = candidate.similarity {
            alt.set_attr("match-quality", format_number(s.clamp(0.0, 100.0)));
        }
        if let Some(origin) = &candidate.origin {
            alt.set_attr("origin", origin.clone());
        }
        // 1.2 knows its own kinds (and x- ones); 2.x kinds such as `tm` or `mt` are
        // what 1.2 calls the default, `proposal`.
        if let Some(kind) = &candidate.kind {
            let known = matches!(
                kind.as_str(),
                "proposal" | "previous-version" | "rejected" | "reference" | "accepted"
            ) || kind.starts_with("x-");
            if unit.version == Version::V1_2 && known {
                alt.set_attr("alttranstype", kind.clone());
            }
        }
        let source = with_content(element(&unit.element, "source"), &candidate.source);
        let target = with_content(element(&unit.element, "target"), &candidate.target);
        alt.children.push(Node::Element(source));
        alt.children.push(Node::Element(target));
        unit.element.children.push(Node::Element(alt));
    }
}

pub(crate) fn add_glossary_entry(unit: &mut Unit, entry: &GlossaryEntry) {
    if unit.version.is_2x() {
        let container = module_container(&mut unit.element, NS_GLOSSARY, "gls", "glossary");
        let prefix = prefix_of(container, "gls");
        let name = |local: &str| format!("{prefix}:{local}");
        let mut e = Element::new(name("glossEntry"), NS_GLOSSARY);
        if let Some(id) = &entry.id {
            e.set_attr("id", id.clone());
        }
        if let Some(reference) = &entry.reference {
            e.set_attr("ref", format!("#{reference}"));
        }
        let mut term = text_element(&name("term"), NS_GLOSSARY, &entry.term);
        if let Some(source) = &entry.term_source {
            term.set_attr("source", source.clone());
        }
        e.children.push(Node::Element(term));
        for translation in &entry.translations {
            e.children.push(Node::Element(text_element(
                &name("translation"),
                NS_GLOSSARY,
                translation,
            )));
        }
        if let Some(definition) = &entry.definition {
            e.children.push(Node::Element(text_element(
                &name("definition"),
                NS_GLOSSARY,
                definition,
            )));
        }
        container.children.push(Node::Element(e));
    } else {
        let mut text = format!("{} → {}", entry.term, entry.translations.join("; "));
        if let Some(definition) = &entry.definition {
            text.push_str(&format!(" ({definition})"));
        }
        let note = Note {
            text,
            category: Some(GLOSSARY_NOTE.into()),
            ..Note::default()
        };
        add_note(unit, &note);
    }
}

/// The `from` of the 1.x notes that carry glossary entries.
pub(crate) const GLOSSARY_NOTE: &str = "tmkit-glossary";

pub(crate) fn add_note(unit: &mut Unit, note: &Note) {
    let ns = unit.element.ns.clone();
    if unit.version.is_2x() {
        let at = match unit.element.child_index(&ns, "notes") {
            Some(at) => at,
            None => {
                let notes = element(&unit.element, "notes");
                // After module elements, before originalData and segments.
                let at = unit
                    .element
                    .children
                    .iter()
                    .position(|n| matches!(n, Node::Element(e) if e.ns == ns))
                    .unwrap_or(unit.element.children.len());
                unit.element.children.insert(at, Node::Element(notes));
                at
            }
        };
        let Node::Element(notes) = &mut unit.element.children[at] else {
            return;
        };
        let mut n = text_element(&notes.sibling_name("note"), &ns, &note.text);
        if let Some(category) = &note.category {
            n.set_attr("category", category.clone());
        }
        if let Some(applies) = &note.applies_to {
            n.set_attr("appliesTo", applies.clone());
        }
        if let Some(priority) = note.priority {
            n.set_attr("priority", priority.to_string());
        }
        notes.children.push(Node::Element(n));
    } else {
        let mut n = text_element(&unit.element.sibling_name("note"), &ns, &note.text);
        if let Some(category) = &note.category {
            n.set_attr("from", category.clone());
        }
        if let Some(applies) = &note.applies_to {
            if unit.version == Version::V1_2 {
                n.set_attr("annotates", applies.clone());
            }
        }
        if let Some(priority) = note.priority {
            n.set_attr("priority", priority.to_string());
        }
        unit.element.children.push(Node::Element(n));
    }
}

// ----- new units and documents -------------------------------------------------------

pub(crate) fn unit_element(version: Version, id: &str, segments: &[Segment]) -> Element {
    let ns = version.namespace();
    if version.is_2x() {
        let mut unit = Element::new("unit", ns);
        unit.set_attr("id", id);
        // Segments without an id are numbered 1, 2, … (ignorables not counted).
        let mut number = 0;
        for segment in segments {
            let ignorable = segment.ignorable;
            let mut s = Element::new(if ignorable { "ignorable" } else { "segment" }, ns);
            if !ignorable {
                number += 1;
            }
            if let Some(sid) = &segment.id {
                s.set_attr("id", sid.clone());
            } else if !ignorable {
                s.set_attr("id", number.to_string());
            }
            if !segment.ignorable {
                if let Some(state) = segment.state {
                    if state != State::Initial || segment.target.is_some() {
                        s.set_attr("state", state.as_str());
                    }
                }
                if let Some(detail) = &segment.state_detail {
                    if detail.contains(':') {
                        s.set_attr("subState", detail.clone());
                    }
                }
            }
            s.children.push(Node::Element(with_content(
                Element::new("source", ns),
                &segment.source,
            )));
            if let Some(target) = &segment.target {
                s.children.push(Node::Element(with_content(
                    Element::new("target", ns),
                    target,
                )));
            }
            unit.children.push(Node::Element(s));
        }
        unit
    } else {
        let mut unit = Element::new("trans-unit", ns);
        unit.set_attr("id", id);
        let translatable: Vec<&Segment> = segments.iter().filter(|s| !s.ignorable).collect();
        let source: Content = segments.iter().flat_map(|s| s.source.clone()).collect();
        unit.children.push(Node::Element(with_content(
            Element::new("source", ns),
            &source,
        )));
        if translatable.len() > 1 || translatable.iter().any(|s| s.id.is_some()) {
            // Segmented: seg-source with one mrk per segment, target likewise.
            let mut seg_source = Element::new("seg-source", ns);
            let mut target = Element::new("target", ns);
            let mut any_target = false;
            let mut all_targets = true;
            let mut number = 0;
            for segment in segments {
                if segment.ignorable {
                    seg_source
                        .children
                        .extend(content_nodes(&segment.source, "", ns));
                    target
                        .children
                        .extend(content_nodes(&segment.source, "", ns));
                    continue;
                }
                number += 1;
                let mid = segment.id.clone().unwrap_or_else(|| number.to_string());
                let mut mark = Element::new("mrk", ns);
                mark.set_attr("mtype", "seg");
                mark.set_attr("mid", mid);
                seg_source
                    .children
                    .push(Node::Element(with_content(mark.clone(), &segment.source)));
                match &segment.target {
                    Some(t) => {
                        any_target = true;
                        target.children.push(Node::Element(with_content(mark, t)));
                    }
                    None => {
                        all_targets = false;
                        target.children.push(Node::Element(mark));
                    }
                }
            }
            unit.children.push(Node::Element(seg_source));
            if any_target {
                let state = if all_targets {
                    translatable
                        .iter()
                        .filter_map(|s| s.state)
                        .min()
                        .unwrap_or(State::Initial)
                } else {
                    State::Initial
                };
                if version != Version::V1_0 {
                    target.set_attr("state", state.as_1_2());
                }
                unit.children.push(Node::Element(target));
            }
        } else if let Some(segment) = translatable.first() {
            if let Some(t) = &segment.target {
                let mut target = with_content(Element::new("target", ns), t);
                if version != Version::V1_0 {
                    if let Some(state) = segment.state {
                        target.set_attr("state", state.as_1_2());
                    }
                }
                unit.children.push(Node::Element(target));
            }
        }
        unit
    }
}

pub(crate) fn new_document(
    version: Version,
    source_lang: &str,
    target_lang: Option<&str>,
) -> Document {
    let mut root = Container::new(ContainerKind::Root, version, "xliff");
    if !version.namespace().is_empty() {
        root.head.set_attr("xmlns", version.namespace());
    }
    root.head.set_attr("version", version.as_str());
    if version.is_2x() {
        root.head.set_attr("srcLang", source_lang);
        if let Some(target) = target_lang {
            root.head.set_attr("trgLang", target);
        }
    }
    Document {
        version,
        prolog: Vec::new(),
        root,
        epilog: Vec::new(),
        // 1.x: languages go on each file.
        languages: Some((source_lang.to_string(), target_lang.map(str::to_string))),
    }
}

pub(crate) fn add_file(document: &mut Document, id: &str, original: &str) -> usize {
    let version = document.version;
    let mut file = Container::new(ContainerKind::File, version, "file");
    if version.is_2x() {
        file.head.set_attr("id", id);
        file.head.set_attr("original", original);
    } else {
        file.head.set_attr("original", original);
        // The languages given to Document::new, else those of the document's files.
        let (source, target) = match &document.languages {
            Some((source, target)) => (Some(source.clone()), target.clone()),
            None => (
                document.source_lang().map(str::to_string),
                document.target_lang().map(str::to_string),
            ),
        };
        file.head
            .set_attr("source-language", source.unwrap_or_else(|| "en".into()));
        if let Some(target) = target {
            file.head.set_attr("target-language", target);
        }
        file.head.set_attr("datatype", "plaintext");
        let body = Container::new(ContainerKind::Body, version, "body");
        file.push(Item::Container(body), 2);
    }
    document.root.push(Item::Container(file), 1);
    document.files().count() - 1
}

pub(crate) fn add_unit(document: &mut Document, file: usize, mut unit: Unit) {
    let is_2x = document.version.is_2x();
    // A unit built with unprefixed names needs the XLIFF namespace as default;
    // declare it on the unit when the root does not (a root that uses a prefix).
    let ns = document.version.namespace();
    if !ns.is_empty()
        && unit.element.prefix().is_empty()
        && document.root.head.attr("xmlns") != Some(ns)
    {
        unit.element.set_attr("xmlns", ns);
    }
    let Some(file) = document
        .root
        .items
        .iter_mut()
        .filter_map(|item| match item {
            Item::Container(c) if c.kind == ContainerKind::File => Some(c),
            _ => None,
        })
        .nth(file)
    else {
        return;
    };
    if is_2x {
        file.push(Item::Unit(unit), 2);
    } else if let Some(body) = file.items.iter_mut().find_map(|item| match item {
        Item::Container(c) if c.kind == ContainerKind::Body => Some(c),
        _ => None,
    }) {
        body.push(Item::Unit(unit), 3);
    }
}

pub(crate) fn set_original_data(unit: &mut Unit, data: &[(String, String)]) {
    if !unit.version.is_2x() {
        return;
    }
    let ns = unit.element.ns.clone();
    let mut original = element(&unit.element, "originalData");
    for (id, native) in data {
        let mut d = text_element(&unit.element.sibling_name("data"), &ns, native);
        d.set_attr("id", id.clone());
        original.children.push(Node::Element(d));
    }
    unit.element
        .children
        .retain(|n| !matches!(n, Node::Element(e) if e.is(&ns, "originalData")));
    if data.is_empty() {
        return;
    }
    // Core order: notes?, originalData?, then segments.
    let at = unit
        .element
        .children
        .iter()
        .position(|n| matches!(n, Node::Element(e) if e.ns == ns && matches!(e.local(), "segment" | "ignorable")))
        .unwrap_or(unit.element.children.len());
    unit.element.children.insert(at, Node::Element(original));
}

pub(crate) fn set_state_qualifier(
    unit: &mut Unit,
    index: usize,
    qualifier: Option<&str>,
) -> Result<(), EditError> {
    let count = unit.segments().len();
    let Some(segment) = unit.segments().get(index) else {
        return Err(EditError::NoSegment {
            unit: unit_label(unit),
            index,
            count,
        });
    };
    if segment.ignorable {
        return Ok(());
    }
    let ns = unit.element.ns.clone();
    if unit.version.is_2x() {
        let Some(Node::Element(segment)) = unit
            .element
            .children
            .iter_mut()
            .filter(|n| {
                matches!(n, Node::Element(e) if e.ns == ns && matches!(e.local(), "segment" | "ignorable"))
            })
            .nth(index)
        else {
            return Ok(());
        };
        match qualifier {
            Some(value) => segment.set_attr("subState", format!("tmkit:{value}")),
            None => {
                segment.remove_attr("subState");
            }
        }
    } else if unit.version == Version::V1_2 {
        // One target per 1.2 unit: the qualifier applies to all its segments.
        if let Some(at) = unit.element.child_index(&ns, "target") {
            if let Node::Element(target) = &mut unit.element.children[at] {
                match qualifier {
                    Some(value) => target.set_attr("state-qualifier", value),
                    None => {
                        target.remove_attr("state-qualifier");
                    }
                }
            }
        }
    }
    Ok(())
}
