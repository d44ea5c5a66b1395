#!/usr/bin/env python3
"""Line-by-line agreement of tmkit's transliteration with the peers' output.

Needs the files benches/translit_peers.py writes, and a release build
(`cargo build --release`). For each scheme, counts the lines of the WMT text
where tmkit and the peer differ, after correcting iuliia's Cyrillic ё to the
Latin ë the BGN/PCGN standard prints, and prints the first differences.

Run: benches/.venv/bin/python benches/translit_agreement.py
"""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "benches", "data")
TMKIT = os.path.join(ROOT, "target", "release", "tmkit")

for scheme, lang in (("wikipedia", "ru"), ("bgn-pcgn", "ru"), ("icao", "ru"), ("uk-kmu-2010", "uk")):
    source = os.path.join(DATA, f"translit-{lang}.txt")
    ours = subprocess.run(
        [TMKIT, "translit", "--scheme", scheme, "--file", source],
        check=True, capture_output=True, text=True,
    ).stdout.split("\n")
    with open(os.path.join(DATA, f"translit-{scheme}.peer.txt"), encoding="utf-8") as f:
        peer = f.read().replace("ё", "ë").replace("Ё", "Ë").split("\n")
    with open(source, encoding="utf-8") as f:
        src = f.read().split("\n")
    diffs = [(s, a, b) for s, a, b in zip(src, ours, peer) if a != b]
    # iuliia capitalises only the first letter of a multi-letter output even in
    # an all-caps word (СШA → SShA); tmkit writes SSHA. Such lines differ in case only.
    case_only = [d for d in diffs if d[1].lower() == d[2].lower()]
    other = [d for d in diffs if d[1].lower() != d[2].lower()]
    lines = len(src) - 1
    print(f"{scheme:12} {lines:6} lines: {lines - len(diffs):6} identical, "
          f"{len(case_only):5} differ in all-caps case only, {len(other):4} differ otherwise")
    for s, a, b in other[:5]:
        words = [(x, y) for x, y in zip(a.split(" "), b.split(" ")) if x.lower() != y.lower()][:3]
        print(f"    tmkit/peer: {words}")
