#!/usr/bin/env python3
"""Peers for the fuzzy-matching benchmark, on the same memory and queries.

    benches/.venv/bin/python benches/fuzzy_peers.py PEER UNITS [QUERIES]

PEER is one of
  rf-char  rapidfuzz process.extract, fuzz.ratio on lower-cased text (brute force)
  rf-word  rapidfuzz process.extract, Levenshtein.normalized_similarity on
           lower-cased word lists (the OmegaT formula, brute force)
  ttk      translate-toolkit's translate.search.match.matcher
  rf-analyze  the analysis-like batch: for each of the first QUERIES segments of
           benches/data/segments.txt (written by fuzzy_scale --analyze), the best
           word-level match at >= 50 (rapidfuzz process.extractOne, the
           OmegaT formula on word lists, brute force); reports ms per segment and
           the time that rate gives for the whole document
Top 5, threshold 70, one thread. Reads benches/data/memory.tsv (first UNITS
lines) and queries.tsv; if benches/data/rust_UNITS.json exists, reports top-1
agreement with tmkit's exhaustive word-level reference (the peer's best unit
is one of the units tied at the reference's best word score).
Prints one JSON object.
"""
import json
import os
import re
import resource
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
WORD = re.compile(r"\w+")


def load(units, max_queries):
    texts = []
    with open(os.path.join(DATA, "memory.tsv"), encoding="utf-8") as f:
        for _, line in zip(range(units), f):
            cols = line.rstrip("\n").split("\t")
            texts.append((cols[2], cols[3]))
    queries = []
    with open(os.path.join(DATA, "queries.tsv"), encoding="utf-8") as f:
        for line in f:
            kind, _, text = line.rstrip("\n").split("\t", 2)
            queries.append(text)
    return texts, queries[:max_queries]


def main():
    peer, units = sys.argv[1], int(sys.argv[2])
    max_queries = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    texts, queries = load(units, max_queries)
    started = time.perf_counter()
    top1 = []
    latencies = []
    errors = 0
    extra = {}
    if peer in ("rf-char", "rf-word"):
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import Levenshtein

        if peer == "rf-char":
            choices = [en.lower() for en, _ in texts]
            prepare = str.lower
            scorer, cutoff = fuzz.ratio, 70
        else:
            choices = [WORD.findall(en.lower()) for en, _ in texts]
            prepare = lambda q: WORD.findall(q.lower())  # noqa: E731
            scorer, cutoff = Levenshtein.normalized_similarity, 0.7
        build_s = time.perf_counter() - started
        for q in queries:
            t = time.perf_counter()
            found = process.extract(prepare(q), choices, scorer=scorer, limit=5, score_cutoff=cutoff)
            latencies.append((time.perf_counter() - t) * 1000)
            top1.append(found[0][2] + 1 if found else None)
    elif peer == "rf-analyze":
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        choices = [WORD.findall(en.lower()) for en, _ in texts]
        with open(os.path.join(DATA, "segments.txt"), encoding="utf-8") as f:
            segments = [line.rstrip("\n") for line in f if line.strip()]
        queries = segments[:max_queries]
        build_s = time.perf_counter() - started
        for q in queries:
            t = time.perf_counter()
            found = process.extractOne(
                WORD.findall(q.lower()), choices, scorer=Levenshtein.normalized_similarity, score_cutoff=0.5
            )
            latencies.append((time.perf_counter() - t) * 1000)
            top1.append(found[2] + 1 if found else None)
        extra = {"document_segments": len(segments), "document_s_at_this_rate": round(statistics.mean(latencies) * len(segments) / 1000, 1)}
    elif peer == "ttk":
        from translate.search.match import matcher
        from translate.storage import base

        store = base.TranslationStore()
        index_of = {}
        for i, (en, ru) in enumerate(texts):
            unit = store.addsourceunit(en)
            unit.target = ru
            index_of[id(unit)] = i + 1
        m = matcher(store, max_candidates=5, min_similarity=70)
        build_s = time.perf_counter() - started
        # translate-toolkit returns copies; map them back by source and target text.
        by_text = {}
        for i, (en, ru) in enumerate(texts):
            by_text.setdefault((en, ru), i + 1)
        for q in queries:
            t = time.perf_counter()
            try:
                found = m.matches(q)
            except Exception:  # noqa: BLE001 - the peer's own failures are counted
                found = []
                errors += 1
            latencies.append((time.perf_counter() - t) * 1000)
            top1.append(by_text.get((found[0].source, found[0].target)) if found else None)
    else:
        sys.exit(f"unknown peer {peer}")
    agreement = None
    reference_path = os.path.join(DATA, f"rust_{units}.json")
    if os.path.exists(reference_path) and peer != "rf-analyze":
        with open(reference_path, encoding="utf-8") as f:
            reference = json.load(f)["reference"]
        judged = same = 0
        for ref, got in zip(reference, top1):
            if ref["best_word"] is None:
                continue
            judged += 1
            same += int(got in ref["units"])
        agreement = {"judged": judged, "top1_in_reference_best": same}
    latencies.sort()
    out = {
        "peer": peer,
        "units": units,
        "queries": len(latencies),
        "build_s": round(build_s, 2),
        "p50_ms": round(statistics.median(latencies), 3),
        "p95_ms": round(latencies[int(round((len(latencies) - 1) * 0.95))], 3),
        "mean_ms": round(statistics.mean(latencies), 3),
        "rss_peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "errors": errors,
        "agreement": agreement,
        **extra,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
