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


def main():
    path, source_lang, target_lang = sys.argv[1], sys.argv[2], sys.argv[3]
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    by_source = defaultdict(lambda: defaultdict(list))
    by_target = defaultdict(lambda: defaultdict(list))
    units = 0
    for unit_id, data in db.execute("SELECT id, data FROM unit ORDER BY id"):
        units += 1
        unit = json.loads(data)
        texts = {}
        for variant in unit["variants"]:
            lang = variant["lang"].lower().split("-")[0]
            texts.setdefault(lang, plain(variant["content"]))
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
