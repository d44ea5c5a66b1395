#!/usr/bin/env python3
"""Scores the name errors of the publication bench against the data's own
truth file, so that a change in the error count can be told true or false.

    python3 benches/make_check_data.py && python3 benches/make_publication_data.py
    cd benches/data/publication
    tmkit check --files-from list.txt -g ../check-glossary-5k.tsv --lang ru:en \
        --format json > /tmp/pub.json
    python3 ../../score_publication_names.py /tmp/pub.json [/tmp/pub-other.json]

Documents are the English side of check-10k.tsv, 13 segments each, one
segment every other line, so doc-NNNN.txt line L is segment
(NNNN - 1) * 13 + (L - 1) / 2 + 1 of the truth file.

* A glossary finding (`name-variant`, with its entry id) is true when the
  truth file has that segment and entry as `misspelt`.
* An occurrence of a non-approved spelling in a name cluster
  (`name-inconsistency`) is true when its segment has a `misspelt` row and
  the spelling is no glossary spelling of any entry (a name that does not
  exist); it is on the right name when the approved spelling ends in the
  misspelt entry's preferred surname. A cluster is true when one of its
  non-approved occurrences is.

With two reports, the findings only one of them has are scored apart
(keyed by rule, file, line, column and approved spelling).
"""
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "data"


def load_truth():
    misspelt = {}
    for line in open(HERE / "check-10k.truth.tsv", encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 3 and f[2] == "misspelt":
            misspelt.setdefault(int(f[0]), set()).add(f[1])
    preferred, spellings = {}, set()
    for line in open(HERE / "check-glossary-5k.tsv", encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) < 4 or f[0] == "id":
            continue
        spellings.add(f[2])
        if f[3] == "preferred":
            preferred[f[0]] = f[2]
    return misspelt, preferred, spellings


def segment(file, line):
    doc = int(file.split("-")[1].split(".")[0])
    return (doc - 1) * 13 + (line - 1) // 2 + 1


def score(report, truth):
    misspelt, preferred, spellings = truth
    verdicts = {}
    for f in report.get("glossary_findings", []):
        if f["rule"] != "name-variant" or f["severity"] != "error":
            continue
        key = ("glossary", f["file"], f["line"], f["column"], f.get("approved"))
        ok = f.get("entry") in misspelt.get(segment(f["file"], f["line"]), set())
        verdicts[key] = "true" if ok else "false"
    for f in report.get("findings", []):
        if f["rule"] != "name-inconsistency" or f["severity"] != "error":
            continue
        approved = f.get("approved") or ""
        verdict = "false"
        for s in f.get("spellings", []):
            if s.get("approved") or s["text"] in spellings:
                continue
            for o in s["occurrences"]:
                entries = misspelt.get(segment(o["file"], o["line"]), set())
                if not entries:
                    continue
                right = any(preferred.get(e, "").split()[-1:] == approved.split()[-1:]
                            for e in entries)
                verdict = "true, right name" if right else (
                    "true, other name" if verdict == "false" else verdict)
        key = ("cluster", f["file"], f["line"], f["column"], approved)
        verdicts[key] = verdict
    return verdicts


def summary(verdicts):
    out = {}
    for (kind, *_), v in verdicts.items():
        out[(kind, v)] = out.get((kind, v), 0) + 1
    return ", ".join(f"{k} {v}: {n}" for (k, v), n in sorted(out.items()))


def main():
    truth = load_truth()
    reports = [json.load(open(p, encoding="utf-8")) for p in sys.argv[1:]]
    scored = [score(r, truth) for r in reports]
    for path, v in zip(sys.argv[1:], scored):
        print(f"{path}: {len(v)} name errors; {summary(v)}")
    if len(scored) == 2:
        a, b = scored
        only_a = {k: v for k, v in a.items() if k not in b}
        only_b = {k: v for k, v in b.items() if k not in a}
        print(f"only in {sys.argv[1]}: {len(only_a)}; {summary(only_a)}")
        print(f"only in {sys.argv[2]}: {len(only_b)}; {summary(only_b)}")


if __name__ == "__main__":
    main()
