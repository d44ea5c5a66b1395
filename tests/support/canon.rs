//! A small XML canonicaliser for tests (independent of tmkit's own reader):
//! two documents are "equal as data" when their canonical forms are equal.
//!
//! Like C14N 2.0 it resolves names to (namespace, local name), drops namespace
//! declarations and the XML declaration, sorts attributes, normalises line ends
//! and attribute whitespace and merges CDATA into text; unlike it, it ignores
//! comments and whitespace outside the root element. Everything inside the root
//! (text including whitespace, processing instructions) must match.

#![allow(dead_code)]

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

/// Decodes a file's bytes to text: BOM, UTF-16 byte pattern, declared encoding.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    if bytes.starts_with(&[b'<', 0]) {
        return encoding_rs::UTF_16LE
            .decode_without_bom_handling(bytes)
            .0
            .into_owned();
    }
    if bytes.starts_with(&[0, b'<']) {
        return encoding_rs::UTF_16BE
            .decode_without_bom_handling(bytes)
            .0
            .into_owned();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
    let declared = head
        .split_once("?>")
        .map(|(decl, _)| decl.to_string())
        .and_then(|decl| {
            let at = decl.find("encoding")?;
            let rest = decl[at + 8..].trim_start().strip_prefix('=')?.trim_start();
            let quote = rest.chars().next()?;
            let rest = &rest[1..];
            Some(rest[..rest.find(quote)?].to_string())
        });
    let encoding = declared
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

fn unescape(raw: &str) -> String {
    quick_xml::escape::unescape(raw)
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| raw.to_string())
}

fn ns_of(result: ResolveResult) -> String {
    match result {
        ResolveResult::Bound(ns) => String::from_utf8_lossy(ns.as_ref()).into_owned(),
        ResolveResult::Unbound => String::new(),
        ResolveResult::Unknown(prefix) => format!("?{}", String::from_utf8_lossy(&prefix)),
    }
}

/// The canonical form: one line per element start/end, text and PI.
pub fn canonical(text: &str) -> Result<Vec<String>, String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut reader = NsReader::from_str(&text);
    reader.config_mut().trim_text(false);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut pending_text = String::new();
    let flush = |pending: &mut String, out: &mut Vec<String>| {
        if !pending.is_empty() {
            out.push(format!("T {pending:?}"));
            pending.clear();
        }
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("{e} at {}", reader.buffer_position()))?;
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                flush(&mut pending_text, &mut out);
                let (ns, local) = reader.resolve_element(start.name());
                let name = format!(
                    "{{{}}}{}",
                    ns_of(ns),
                    String::from_utf8_lossy(local.as_ref())
                );
                let mut attrs = Vec::new();
                for attr in start.attributes() {
                    let attr = attr.map_err(|e| e.to_string())?;
                    let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
                    if key == "xmlns" || key.starts_with("xmlns:") {
                        continue;
                    }
                    let (ns, local) = reader.resolve_attribute(attr.key);
                    let ns = if key.starts_with("xml:") {
                        "xml".to_string()
                    } else {
                        ns_of(ns)
                    };
                    let raw = String::from_utf8_lossy(&attr.value).replace(['\t', '\n'], " ");
                    attrs.push(format!(
                        "{{{ns}}}{}={:?}",
                        String::from_utf8_lossy(local.as_ref()),
                        unescape(&raw)
                    ));
                }
                attrs.sort();
                out.push(format!("S {name} {}", attrs.join(" ")));
                if matches!(event, Event::Empty(_)) {
                    out.push("E".to_string());
                } else {
                    depth += 1;
                }
            }
            Event::End(_) => {
                flush(&mut pending_text, &mut out);
                out.push("E".to_string());
                depth -= 1;
            }
            Event::Text(t) if depth > 0 => {
                pending_text.push_str(&unescape(&String::from_utf8_lossy(&t)));
            }
            Event::CData(t) if depth > 0 => {
                pending_text.push_str(&String::from_utf8_lossy(&t));
            }
            Event::PI(pi) if depth > 0 => {
                flush(&mut pending_text, &mut out);
                out.push(format!("P {}", String::from_utf8_lossy(&pi)));
            }
            Event::Comment(_) if depth > 0 => {
                // Comments may differ; they split no text.
            }
            Event::Eof => break,
            _ => {}
        }
    }
    flush(&mut pending_text, &mut out);
    Ok(out)
}

/// The first difference between two canonical forms, with context.
pub fn first_difference(a: &[String], b: &[String]) -> Option<String> {
    let at = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .or_else(|| (a.len() != b.len()).then_some(a.len().min(b.len())))?;
    let from = at.saturating_sub(3);
    Some(format!(
        "at item {at}:\n  original: {:?}\n  written:  {:?}",
        &a[from..(at + 2).min(a.len())],
        &b[from..(at + 2).min(b.len())]
    ))
}
