//! Merging a duplicate into the unit already in the memory
//! ([`DuplicatePolicy::Merge`](super::DuplicatePolicy::Merge)).

use crate::unit::{TranslationUnit, Variant, attr, set_attr};
use std::collections::HashMap;

/// Merges two units with the same content (see [`DuplicatePolicy::Merge`]).
pub fn merge_units(existing: &TranslationUnit, incoming: &TranslationUnit) -> TranslationUnit {
    let incoming_newer =
        incoming.last_changed().unwrap_or("") >= existing.last_changed().unwrap_or("");
    let (older, newer) = if incoming_newer {
        (existing, incoming)
    } else {
        (incoming, existing)
    };
    let mut merged = newer.clone();
    merged.attrs = merge_attrs(&older.attrs, &newer.attrs);
    merged.props = union(&older.props, &newer.props);
    merged.notes = union(&older.notes, &newer.notes);
    // The first variant of each language in the older unit (a map, so a
    // unit with thousands of languages merges in linear time).
    let mut by_lang: HashMap<String, &Variant> = Default::default();
    for v in &older.variants {
        by_lang
            .entry(v.lang.normalized().to_ascii_lowercase())
            .or_insert(v);
    }
    for variant in merged.variants.iter_mut() {
        if let Some(old) = by_lang.get(&variant.lang.normalized().to_ascii_lowercase()) {
            variant.attrs = merge_attrs(&old.attrs, &variant.attrs);
            variant.props = union(&old.props, &variant.props);
            variant.notes = union(&old.notes, &variant.notes);
        }
    }
    merged
}

fn merge_attrs(older: &[(String, String)], newer: &[(String, String)]) -> Vec<(String, String)> {
    let mut out = older.to_vec();
    for (name, value) in newer {
        set_attr(&mut out, name, value.clone());
    }
    let pick = |name: &str, choose: fn(String, String) -> String| match (
        attr(&older.to_vec(), name),
        attr(&newer.to_vec(), name),
    ) {
        (Some(a), Some(b)) => Some(choose(a.to_string(), b.to_string())),
        _ => None,
    };
    if let Some(count) = pick("usagecount", |a, b| {
        (a.trim().parse::<u64>().unwrap_or(0) + b.trim().parse::<u64>().unwrap_or(0)).to_string()
    }) {
        set_attr(&mut out, "usagecount", count);
    }
    if let Some(date) = pick("creationdate", std::cmp::min) {
        set_attr(&mut out, "creationdate", date);
    }
    if let Some(date) = pick("lastusagedate", std::cmp::max) {
        set_attr(&mut out, "lastusagedate", date);
    }
    out
}

fn union<T: Clone + PartialEq>(a: &[T], b: &[T]) -> Vec<T> {
    let mut out = a.to_vec();
    for item in b {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}
