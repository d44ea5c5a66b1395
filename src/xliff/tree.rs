//! The generic XML tree XLIFF documents are kept in: elements with their
//! attributes as written, text, CDATA, comments and processing instructions in
//! order. It is what makes a round trip lossless: the reader keeps every node,
//! the typed view ([`super::Unit::segments`] and friends) is read from it, and
//! edits change it in place.

use crate::unit::Attributes;
use crate::xml::escape::escape;

/// An element: its qualified name as written, its namespace and its attributes
/// (namespace declarations included, in file order) and children.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Element {
    /// The name as written, with its prefix (`trans-unit`, `mtc:match`, `sdl:seg`).
    pub name: String,
    /// The namespace URI the name belongs to (empty: no namespace).
    pub ns: String,
    /// Every attribute as written, `xmlns` declarations included.
    pub attrs: Attributes,
    /// The children in order.
    pub children: Vec<Node>,
}

/// One node of the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Character data, unescaped.
    Text(String),
    /// A CDATA section's content (written back as CDATA).
    CData(String),
    /// A comment's content.
    Comment(String),
    /// A processing instruction's content (target and data, as written).
    Pi(String),
    /// A `<!DOCTYPE …>` declaration's content (prolog only; never resolved).
    DocType(String),
}

impl Element {
    /// A new element without attributes or children.
    pub fn new(name: impl Into<String>, ns: impl Into<String>) -> Element {
        Element {
            name: name.into(),
            ns: ns.into(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    /// The local name (after the prefix).
    pub fn local(&self) -> &str {
        local_name(&self.name)
    }

    /// The prefix of the name, `""` when it has none.
    pub fn prefix(&self) -> &str {
        match self.name.split_once(':') {
            Some((prefix, _)) => prefix,
            None => "",
        }
    }

    /// True when the element is `local` in namespace `ns`.
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.ns == ns && self.local() == local
    }

    /// An attribute's value by its name as written.
    pub fn attr(&self, name: &str) -> Option<&str> {
        crate::unit::attr(&self.attrs, name)
    }

    /// Sets an attribute (replacing or appending).
    pub fn set_attr(&mut self, name: &str, value: impl Into<String>) {
        crate::unit::set_attr(&mut self.attrs, name, value);
    }

    /// Removes an attribute; true when it was there.
    pub fn remove_attr(&mut self, name: &str) -> bool {
        let before = self.attrs.len();
        self.attrs.retain(|(key, _)| key != name);
        before != self.attrs.len()
    }

    /// Child elements in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            _ => None,
        })
    }

    /// The first child element `local` in namespace `ns`.
    pub fn child(&self, ns: &str, local: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(ns, local))
    }

    /// Index (in `children`) of the first child element `local` in namespace `ns`.
    pub fn child_index(&self, ns: &str, local: &str) -> Option<usize> {
        self.children
            .iter()
            .position(|node| matches!(node, Node::Element(e) if e.is(ns, local)))
    }

    /// The concatenated text and CDATA of the element and its descendants.
    pub fn text(&self) -> String {
        let mut out = String::new();
        push_text(&self.children, &mut out);
        out
    }

    /// A name in the same namespace prefix as this element (`xlf:target` beside `xlf:source`).
    pub fn sibling_name(&self, local: &str) -> String {
        match self.prefix() {
            "" => local.to_string(),
            prefix => format!("{prefix}:{local}"),
        }
    }
}

fn push_text(children: &[Node], out: &mut String) {
    for child in children {
        match child {
            Node::Text(text) | Node::CData(text) => out.push_str(text),
            Node::Element(element) => push_text(&element.children, out),
            _ => {}
        }
    }
}

/// The part of a qualified name after the prefix.
pub fn local_name(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

/// Serialises nodes as XML (UTF-8). Characters XML cannot carry are dropped and
/// counted in `dropped`.
pub(crate) fn write_nodes(buf: &mut String, nodes: &[Node], dropped: &mut u64) {
    for node in nodes {
        write_node(buf, node, dropped);
    }
}

/// Serialises one node.
pub(crate) fn write_node(buf: &mut String, node: &Node, dropped: &mut u64) {
    match node {
        Node::Element(element) => {
            write_start(buf, element, dropped);
            if element.children.is_empty() {
                buf.push_str("/>");
            } else {
                buf.push('>');
                write_nodes(buf, &element.children, dropped);
                write_end(buf, element);
            }
        }
        Node::Text(text) => escape(buf, text, false, dropped),
        Node::CData(text) => {
            // `]]>` cannot appear inside CDATA: split it across two sections.
            buf.push_str("<![CDATA[");
            buf.push_str(&text.replace("]]>", "]]]]><![CDATA[>"));
            buf.push_str("]]>");
        }
        Node::Comment(text) => {
            buf.push_str("<!--");
            buf.push_str(&text.replace("--", "- -"));
            buf.push_str("-->");
        }
        Node::Pi(text) => {
            buf.push_str("<?");
            buf.push_str(text);
            buf.push_str("?>");
        }
        Node::DocType(text) => {
            buf.push_str("<!DOCTYPE ");
            buf.push_str(text.trim());
            buf.push('>');
        }
    }
}

/// Writes `<name attr="…"` (without the closing `>`).
pub(crate) fn write_start(buf: &mut String, element: &Element, dropped: &mut u64) {
    buf.push('<');
    buf.push_str(&element.name);
    for (name, value) in &element.attrs {
        buf.push(' ');
        buf.push_str(name);
        buf.push_str("=\"");
        escape(buf, value, true, dropped);
        buf.push('"');
    }
}

/// Writes `</name>`.
pub(crate) fn write_end(buf: &mut String, element: &Element) {
    buf.push_str("</");
    buf.push_str(&element.name);
    buf.push('>');
}
