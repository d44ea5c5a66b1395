//! The XLIFF document model: containers, units, and the typed view of a unit.

use super::Version;
use super::tree::{Element, Node};
use crate::unit::{Content, Position};

/// A whole XLIFF document: what comes before the root element (comments,
/// processing instructions, the DOCTYPE — the XML declaration is always written
/// fresh), the root container and what comes after it.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The version, detected from the content.
    pub version: Version,
    /// Nodes before the root element.
    pub prolog: Vec<Node>,
    /// The `<xliff>` element and everything in it.
    pub root: Container,
    /// Nodes after the root element.
    pub epilog: Vec<Node>,
    /// The languages given to [`Document::new`]: 1.x writes them on each file.
    pub(crate) languages: Option<(String, Option<String>)>,
}

/// What a [`Container`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContainerKind {
    /// The `<xliff>` root.
    Root,
    /// A `<file>`.
    File,
    /// The 1.x `<body>` of a file.
    Body,
    /// A `<group>`.
    Group,
    /// A 1.x `<bin-unit>`: binary content (`bin-source`, `bin-target`, kept as
    /// nodes) that may hold translatable `trans-unit`s.
    BinUnit,
}

/// An element that holds units: the root, a file, a 1.x body, a group. `head`
/// is the element without children; `items` are its children in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Container {
    /// What kind of container.
    pub kind: ContainerKind,
    /// The element's name, namespace and attributes (its `children` are empty:
    /// the children are `items`).
    pub head: Element,
    /// The children in document order.
    pub items: Vec<Item>,
}

/// A child of a [`Container`].
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A nested file, body or group.
    Container(Container),
    /// A translation unit.
    Unit(Unit),
    /// Anything else, kept as read: a 1.x `<header>`, a 2.x `<skeleton>`,
    /// `<notes>` or `mda:metadata` of a file or group, extension elements,
    /// comments, whitespace.
    Node(Node),
}

/// The state of a segment's target, on the XLIFF 2 scale. XLIFF 1.2 values,
/// SDLXLIFF confirmation levels and memoQ statuses map onto it (the original
/// value is [`Segment::state_detail`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Not translated yet, or a draft (1.2 `new`, `needs-translation`, `needs-*`).
    Initial,
    /// Translated (1.2 `translated`).
    Translated,
    /// Reviewed (1.2 `needs-review-*` is not; `signed-off` is).
    Reviewed,
    /// Final.
    Final,
}

impl State {
    /// The XLIFF 2 value.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Initial => "initial",
            State::Translated => "translated",
            State::Reviewed => "reviewed",
            State::Final => "final",
        }
    }

    /// Parses an XLIFF 2 value.
    pub fn parse(value: &str) -> Option<State> {
        Some(match value {
            "initial" => State::Initial,
            "translated" => State::Translated,
            "reviewed" => State::Reviewed,
            "final" => State::Final,
            _ => return None,
        })
    }

    /// The XLIFF 1.2 `state` value written for this state.
    pub fn as_1_2(self) -> &'static str {
        match self {
            State::Initial => "needs-translation",
            State::Translated => "translated",
            State::Reviewed => "signed-off",
            State::Final => "final",
        }
    }
}

/// One segment of a unit (2.x `<segment>`/`<ignorable>`; 1.2 a `mrk mtype="seg"`
/// of `seg-source`, or the whole `trans-unit` when it is not segmented).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Segment {
    /// The segment id (2.x `id`, 1.2 `mid`), when it has one.
    pub id: Option<String>,
    /// True for a 2.x `<ignorable>` (text between segments, not translated).
    pub ignorable: bool,
    /// The source content.
    pub source: Content,
    /// The target content, `None` when there is no target.
    pub target: Option<Content>,
    /// The state on the XLIFF 2 scale, when the file says one.
    pub state: Option<State>,
    /// The value the file wrote: 2.x `subState`, 1.2 `state` (and
    /// `state-qualifier` after a `/`), SDLXLIFF `conf`, memoQ `mq:status`.
    pub state_detail: Option<String>,
    /// 1.2 `approved="yes"` on the unit.
    pub approved: bool,
    /// When the target was last changed, as a TMX date (`YYYYMMDDThhmmssZ`),
    /// when the file says (memoQ `mq:lastchangedtimestamp`, SDLXLIFF `modified_on`).
    pub changed: Option<String>,
}

/// A note (1.x `<note>`, 2.x `<note>` inside `<notes>`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Note {
    /// The text.
    pub text: String,
    /// 2.x `category`, 1.2 `from`.
    pub category: Option<String>,
    /// `appliesTo` (2.x) / `annotates` (1.2): `source`, `target`, `general`.
    pub applies_to: Option<String>,
    /// Priority 1 (highest) to 10.
    pub priority: Option<u8>,
}

/// A translation candidate (1.2 `<alt-trans>`, 2.x `<mtc:match>`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Match {
    /// 2.x `id`.
    pub id: Option<String>,
    /// The segment the match is for (2.x `ref` without `#`, 1.2 `mid`).
    pub segment: Option<String>,
    /// Similarity of the match source with the segment source, 0–100
    /// (2.x `similarity`, 1.2 `match-quality` without `%`).
    pub similarity: Option<f64>,
    /// 2.x `matchQuality` (quality of the target), 0–100.
    pub quality: Option<f64>,
    /// Where it comes from (`origin`: a memory's name and unit id).
    pub origin: Option<String>,
    /// 2.x `type` (`tm`, `mt`, `am`, `ebm`, `idm`, `tb`, `other`), 1.2 `alttranstype`.
    pub kind: Option<String>,
    /// The candidate's source.
    pub source: Content,
    /// The candidate's target.
    pub target: Content,
}

/// A glossary entry for a unit (2.x `gls:glossEntry`; 1.2 has none and tmkit
/// writes a `<note from="tmkit-glossary">` instead).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct GlossaryEntry {
    /// `id`.
    pub id: Option<String>,
    /// What the entry annotates (`ref` to a `mrk`, without `#`).
    pub reference: Option<String>,
    /// The source term.
    pub term: String,
    /// `source` of the term (the glossary it came from).
    pub term_source: Option<String>,
    /// The approved translations.
    pub translations: Vec<String>,
    /// The definition, if any.
    pub definition: Option<String>,
}

/// A translation unit: the element as read (or built), with a typed view.
///
/// The view (segments, notes, matches, glossary) is read from the element when
/// the unit is created and after each edit; the element is what is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub(crate) version: Version,
    pub(crate) element: Element,
    pub(crate) position: Option<Position>,
    pub(crate) view: super::view::View,
    /// True inside [`Unit::edit_batch`]: edits leave the view to its end.
    pub(crate) deferring: bool,
}

/// Why an edit could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The unit has no segment with that index.
    #[error("unit {unit}: there is no segment {index} (the unit has {count})")]
    NoSegment {
        /// The unit id.
        unit: String,
        /// The index asked for.
        index: usize,
        /// How many segments the unit has.
        count: usize,
    },
    /// The segment cannot take a target (a 2.x `<ignorable>`).
    #[error("unit {unit}: segment {index} cannot take a target ({reason})")]
    NotTranslatable {
        /// The unit id.
        unit: String,
        /// The segment index.
        index: usize,
        /// Why.
        reason: String,
    },
}

impl Unit {
    /// Makes a unit of `element` (as read or built) for a document of `version`.
    pub fn from_element(version: Version, element: Element) -> Unit {
        let view = super::view::View::read(version, &element);
        Unit {
            version,
            element,
            position: None,
            view,
            deferring: false,
        }
    }

    /// The version the unit is written in.
    pub fn version(&self) -> Version {
        self.version
    }

    /// The element as it will be written.
    pub fn element(&self) -> &Element {
        &self.element
    }

    /// Where the unit started in the file it was read from.
    pub fn position(&self) -> Option<&Position> {
        self.position.as_ref()
    }

    /// The `id` attribute.
    pub fn id(&self) -> Option<&str> {
        self.element.attr("id")
    }

    /// The `resname` (1.x) or `name` (2.x) attribute.
    pub fn name(&self) -> Option<&str> {
        self.element.attr(if self.version.is_2x() {
            "name"
        } else {
            "resname"
        })
    }

    /// True unless the unit says `translate="no"`.
    pub fn translate(&self) -> bool {
        self.element.attr("translate") != Some("no")
    }

    /// The segments (and 2.x ignorables) in order.
    pub fn segments(&self) -> &[Segment] {
        &self.view.segments
    }

    /// The notes of the unit.
    pub fn notes(&self) -> &[Note] {
        &self.view.notes
    }

    /// The translation candidates.
    pub fn matches(&self) -> &[Match] {
        &self.view.matches
    }

    /// The glossary entries.
    pub fn glossary(&self) -> &[GlossaryEntry] {
        &self.view.glossary
    }

    /// The 2.x `originalData` of the unit: (`data` id, native code), which
    /// `ph`/`sc`/`ec` point at with `dataRef` and `pc` with `dataRefStart`/`dataRefEnd`.
    pub fn original_data(&self) -> &[(String, String)] {
        &self.view.data
    }

    /// Sets the 2.x `originalData` (replacing the unit's): each `(id, native
    /// code)` becomes a `<data>`, for codes that point at it with `dataRef`.
    /// Does nothing in 1.x, where codes carry their native code inline.
    pub fn set_original_data(&mut self, data: &[(String, String)]) {
        super::build::set_original_data(self, data);
        self.refresh();
    }

    /// Problems found while reading the view (unpaired codes, a target segment
    /// without a source segment), for the reader to report as warnings.
    pub fn problems(&self) -> &[String] {
        &self.view.problems
    }

    /// Sets the target of segment `index` (an index into [`Unit::segments`])
    /// and its state, creating the target element where there is none. Other
    /// segments and everything else in the unit stay as they were.
    pub fn set_target(
        &mut self,
        index: usize,
        content: Content,
        state: State,
    ) -> Result<(), EditError> {
        super::build::set_target(self, index, content, state)?;
        self.refresh();
        Ok(())
    }

    /// Qualifies the state of segment `index`'s target, e.g. `fuzzy-match`,
    /// `exact-match`, `leveraged-tm`, `mt-suggestion` (the XLIFF 1.2
    /// `state-qualifier` values): 1.x sets `state-qualifier` on the target, 2.x
    /// sets `subState="tmkit:VALUE"` on the segment. `None` removes it. Read
    /// back in [`Segment::state_detail`]. Does nothing for a segment without
    /// a target (1.x) or an ignorable.
    pub fn set_state_qualifier(
        &mut self,
        index: usize,
        qualifier: Option<&str>,
    ) -> Result<(), EditError> {
        super::build::set_state_qualifier(self, index, qualifier)?;
        self.refresh();
        Ok(())
    }

    /// Adds a translation candidate (2.x: an `mtc:match` in the unit's
    /// `mtc:matches`, created when missing; 1.x: an `alt-trans`).
    pub fn add_match(&mut self, candidate: &Match) {
        super::build::add_match(self, candidate);
        self.refresh();
    }

    /// Adds a glossary entry (2.x: a `gls:glossEntry` in the unit's
    /// `gls:glossary`; 1.x: a `<note from="tmkit-glossary">`).
    pub fn add_glossary_entry(&mut self, entry: &GlossaryEntry) {
        super::build::add_glossary_entry(self, entry);
        self.refresh();
    }

    /// Adds a note.
    pub fn add_note(&mut self, note: &Note) {
        super::build::add_note(self, note);
        self.refresh();
    }

    /// Builds a new unit with `id` and one segment per item of `segments`
    /// (their `source`, `target`, `state`, `id` and `ignorable` are used).
    pub fn new(version: Version, id: &str, segments: &[Segment]) -> Unit {
        Unit::from_element(version, super::build::unit_element(version, id, segments))
    }

    /// Runs `edits` on this unit, reading the unit's view once at the end
    /// instead of after each edit: a unit of thousands of segments (a text
    /// file without blank lines is one paragraph) took time quadratic in
    /// its segments. Inside, the accessors show the unit as it was before
    /// the batch; the edits of this type read only what none of them
    /// changes (the number of segments, their ids, which are ignorable).
    pub fn edit_batch<R>(&mut self, edits: impl FnOnce(&mut Unit) -> R) -> R {
        let outer = std::mem::replace(&mut self.deferring, true);
        let result = edits(self);
        self.deferring = outer;
        self.refresh();
        result
    }

    pub(crate) fn refresh(&mut self) {
        if !self.deferring {
            self.view = super::view::View::read(self.version, &self.element);
        }
    }
}

impl Container {
    /// A new container with an element named `local` in the version's namespace.
    pub fn new(kind: ContainerKind, version: Version, local: &str) -> Container {
        Container {
            kind,
            head: Element::new(local, version.namespace()),
            items: Vec::new(),
        }
    }

    /// The `id` attribute.
    pub fn id(&self) -> Option<&str> {
        self.head.attr("id")
    }

    /// Units in this container and every nested one, in document order.
    pub fn units(&self) -> Box<dyn Iterator<Item = &Unit> + '_> {
        Box::new(self.items.iter().flat_map(|item| match item {
            Item::Unit(unit) => Box::new(std::iter::once(unit)) as Box<dyn Iterator<Item = &Unit>>,
            Item::Container(inner) => inner.units(),
            Item::Node(_) => Box::new(std::iter::empty()),
        }))
    }

    /// Mutable access to every unit, in document order.
    pub fn units_mut(&mut self) -> Box<dyn Iterator<Item = &mut Unit> + '_> {
        Box::new(self.items.iter_mut().flat_map(|item| match item {
            Item::Unit(unit) => {
                Box::new(std::iter::once(unit)) as Box<dyn Iterator<Item = &mut Unit>>
            }
            Item::Container(inner) => inner.units_mut(),
            Item::Node(_) => Box::new(std::iter::empty()),
        }))
    }

    /// Nested containers (files of the root, groups of a file or group; a 1.x
    /// file's `<body>` is looked through).
    pub fn containers(&self) -> impl Iterator<Item = &Container> {
        self.items.iter().filter_map(|item| match item {
            Item::Container(inner) => Some(inner),
            _ => None,
        })
    }

    /// Appends an item on a new line (indented by `depth` levels), so a built
    /// document reads well.
    pub fn push(&mut self, item: Item, depth: usize) {
        // The line end before the closing tag moves behind the new item.
        let closing = match self.items.last() {
            Some(Item::Node(Node::Text(text)))
                if text.starts_with('\n') && text.trim().is_empty() =>
            {
                self.items.pop()
            }
            _ => None,
        };
        self.items
            .push(Item::Node(Node::Text(format!("\n{}", "  ".repeat(depth)))));
        self.items.push(item);
        self.items.push(closing.unwrap_or_else(|| {
            Item::Node(Node::Text(format!(
                "\n{}",
                "  ".repeat(depth.saturating_sub(1))
            )))
        }));
    }
}

impl Document {
    /// A new empty document: `<xliff>` with the version's namespace and the
    /// languages (`srcLang`/`trgLang` in 2.x; in 1.x they go on each file).
    pub fn new(version: Version, source_lang: &str, target_lang: Option<&str>) -> Document {
        super::build::new_document(version, source_lang, target_lang)
    }

    /// Adds a file (1.x: with `original`, `datatype`, languages and a `<body>`;
    /// 2.x: with `id` and `original`) and returns it for units to be added
    /// with [`Document::add_unit`].
    pub fn add_file(&mut self, id: &str, original: &str) -> usize {
        super::build::add_file(self, id, original)
    }

    /// Appends a unit to file number `file` (as returned by [`Document::add_file`]).
    pub fn add_unit(&mut self, file: usize, unit: Unit) {
        super::build::add_unit(self, file, unit)
    }

    /// The `<file>` containers.
    pub fn files(&self) -> impl Iterator<Item = &Container> {
        self.root
            .containers()
            .filter(|c| c.kind == ContainerKind::File)
    }

    /// Every unit in document order.
    pub fn units(&self) -> impl Iterator<Item = &Unit> {
        self.root.units()
    }

    /// Mutable access to every unit in document order.
    pub fn units_mut(&mut self) -> impl Iterator<Item = &mut Unit> {
        self.root.units_mut()
    }

    /// The source language (2.x root `srcLang`, else the first file's `source-language`).
    pub fn source_lang(&self) -> Option<&str> {
        self.root.head.attr("srcLang").or_else(|| {
            self.files()
                .find_map(|file| file.head.attr("source-language"))
        })
    }

    /// The target language (2.x root `trgLang`, else the first file's `target-language`).
    pub fn target_lang(&self) -> Option<&str> {
        self.root.head.attr("trgLang").or_else(|| {
            self.files()
                .find_map(|file| file.head.attr("target-language"))
        })
    }
}
