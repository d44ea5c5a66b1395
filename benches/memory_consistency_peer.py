#!/usr/bin/env python3
"""Peer for the memory consistency benchmark (issue 15): the Xbench-style
grouping `tmkit check MEMORY --lang en:ru` does, written plainly in Python
(standard library only): read every unit of a tmkit memory (SQLite, read
only), take the plain text of the source and target variants, normalise
(NFC, whitespace folded), and report

  * inconsistent translations: one source with several different targets,
  * inconsistent sources: one target for several different sources,

with counts and unit ids. Unlike tmkit it keeps every text in a dict (the
obvious way), runs no number/tag/name checks, and prints only the counts.

    /usr/bin/time -f "%e s %M KB" python3 benches/memory_consistency_peer.py \
        benches/data/pt_1m.tmdb en ru

A memory of schema 4 stores its texts zstd-packed with a trained
dictionary, which the standard library cannot read; give the TMX file the
memory was imported from instead (`.tmx`: read with xml.etree.iterparse;
exact duplicate units, which the import merges, add no variant, so the
counts are the same):

    python3 benches/memory_consistency_peer.py benches/data/memory_1m.tmx en ru
"""
import json
import sqlite3
import sys
import unicodedata
from collections import defaultdict


def plain(content):
    out = []
    for piece in content:
        if piece.get("type") == "text":
            out.append(piece.get("text", ""))
        elif "content" in piece:
            out.append(plain(piece["content"]))
    return "".join(out)


def norm(text):
    return " ".join(unicodedata.normalize("NFC", text).split())


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tmx_units(path):
    """(position, {lang: plain text}) for each <tu> of a TMX file."""
    import xml.etree.ElementTree as ET
    position = 0
    for _, element in ET.iterparse(path, events=("end",)):
        if element.tag != "tu":
            continue
        position += 1
        texts = {}
        for tuv in element.iter("tuv"):
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower().split("-")[0]
            seg = tuv.find("seg")
            if seg is not None:
                texts.setdefault(lang, "".join(seg.itertext()))
        element.clear()
        yield position, texts


def memory_units(path):
    """(unit id, {lang: plain text}) for each unit of a schema-3 memory."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    for unit_id, data in db.execute("SELECT id, data FROM unit ORDER BY id"):
        unit = json.loads(data)
        texts = {}
        for variant in unit["variants"]:
            lang = variant["lang"].lower().split("-")[0]
            texts.setdefault(lang, plain(variant["content"]))
        yield unit_id, texts


def main():
    path, source_lang, target_lang = sys.argv[1], sys.argv[2], sys.argv[3]
    by_source = defaultdict(lambda: defaultdict(list))
    by_target = defaultdict(lambda: defaultdict(list))
    units = 0
    reader = tmx_units if path.endswith(".tmx") else memory_units
    for unit_id, texts in reader(path):
        units += 1
        source, target = texts.get(source_lang), texts.get(target_lang)
        if source is None or not target or not target.strip():
            continue
        source, target = norm(source), norm(target)
        by_source[source][target].append(unit_id)
        by_target[target][source].append(unit_id)
    translations = sum(1 for v in by_source.values() if len(v) > 1)
    sources = sum(1 for v in by_target.values() if len(v) > 1)
    print(json.dumps({"units": units, "inconsistent_translations": translations,
                      "inconsistent_sources": sources}))


if __name__ == "__main__":
    main()
