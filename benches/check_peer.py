#!/usr/bin/env python3
"""Peer for the glossary-check benchmark, and the scorer for both tools.

The peer does what the term checks of Weblate ("does not follow glossary":
Aho-Corasick over source terms, word boundaries, no morphology) and Xbench /
CheckMate ("term missing") do: find each glossary source term exactly (lower
case) in the source segment; if found, report it when the approved target term
is not in the target segment. It has no notion of inflection or of name
variants, so it misses "Михаила Кухтина" and cannot tell a misspelt name.

Usage:
  python3 benches/check_peer.py                      # run the peer, print time + score
  python3 benches/check_peer.py --score tmkit.json   # score tmkit's --format json output

Both are scored against benches/data/check-10k.truth.tsv (planted problems):
a planted "missing" or "misspelt" mention counts as found when the tool reports
that entry in that segment (missing-term or name-variant).
Requires: pyahocorasick (benches/requirements-check.txt).
"""
import argparse
import json
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")


def load_glossary(path):
    entries = {}
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            entry = entries.setdefault(row["id"], {"ru": None, "en": None})
            if row.get("ru") and not entry["ru"]:
                entry["ru"] = row["ru"]
            if row.get("en") and row.get("status") in ("preferred", "admitted", "") and not entry["en"]:
                entry["en"] = row["en"]
    return entries


def truth():
    planted = set()
    with open(os.path.join(DATA, "check-10k.truth.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            seg, entry, _ = line.rstrip("\n").split("\t")
            planted.add((int(seg), entry))
    return planted


def score(name, reported, seconds=None):
    planted = truth()
    hits = reported & planted
    precision = len(hits) / len(reported) if reported else 0.0
    recall = len(hits) / len(planted) if planted else 0.0
    timing = f" in {seconds:.2f} s" if seconds is not None else ""
    print(f"{name}: {len(reported)} (segment, entry) reports{timing}; "
          f"planted {len(planted)}; precision {precision:.3f}, recall {recall:.3f}")


def run_peer():
    import ahocorasick

    start = time.perf_counter()
    entries = load_glossary(os.path.join(DATA, "check-glossary-5k.tsv"))
    by_term = {}
    for entry_id, entry in entries.items():
        if entry["ru"] and entry["en"]:
            by_term.setdefault(entry["ru"].lower(), []).append(entry_id)
    automaton = ahocorasick.Automaton()
    for key, ids in by_term.items():
        automaton.add_word(key, ids)
    automaton.make_automaton()
    word = re.compile(r"\w")
    reported = set()
    with open(os.path.join(DATA, "check-10k.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            source, target = line.rstrip("\n").split("\t")[:2]
            low_source, low_target = source.lower(), target.lower()
            for end, ids in automaton.iter(low_source):
                for entry_id in ids:
                    term = entries[entry_id]["ru"].lower()
                    begin = end - len(term) + 1
                    if begin > 0 and word.match(low_source[begin - 1]):
                        continue
                    if end + 1 < len(low_source) and word.match(low_source[end + 1]):
                        continue
                    if entries[entry_id]["en"].lower() not in low_target:
                        reported.add((n, entry_id))
    seconds = time.perf_counter() - start
    score("peer (exact source terms, Aho-Corasick)", reported, seconds)


def score_tmkit(path):
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    reported = set()
    for finding in report["findings"]:
        if finding["rule"] in ("missing-term", "name-variant", "homoglyph") and finding.get("entry"):
            reported.add((finding["segment"], finding["entry"]))
    score("tmkit", reported)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--score", metavar="TMKIT_JSON")
    args = parser.parse_args()
    if args.score:
        score_tmkit(args.score)
    else:
        run_peer()


if __name__ == "__main__":
    sys.exit(main())
