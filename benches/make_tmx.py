#!/usr/bin/env python3
"""Generate a large English-Russian TMX for import/export benchmarks.

Sentences come from ../shared/data/parallel/en-ru/*.tsv (real WMT, Tatoeba and
TICO-19 pairs); each unit is a real pair or a controlled edit of one (a word
dropped, duplicated or swapped with its neighbour, a number changed), so the
file has the length mix and near-duplicates of a real memory. Fixed seed: the
same arguments always give the same bytes.

    python3 benches/make_tmx.py --units 1000000 --out benches/data/tm-1m.tmx
"""
import argparse
import csv
import os
import random
import sys
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data", "parallel", "en-ru")


def load_pairs():
    pairs = []
    for name in sorted(os.listdir(DATA)):
        if not name.endswith(".tsv"):
            continue
        with open(os.path.join(DATA, name), encoding="utf-8", newline="") as f:
            reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader)
            en, ru = header.index("en"), header.index("ru")
            for row in reader:
                if len(row) > max(en, ru) and row[en].strip() and row[ru].strip():
                    pairs.append((row[en].strip(), row[ru].strip()))
    return pairs


def edit(words, rng):
    words = list(words)
    if len(words) < 3:
        return words
    op = rng.randrange(4)
    i = rng.randrange(len(words))
    if op == 0:
        del words[i]
    elif op == 1:
        words.insert(i, words[rng.randrange(len(words))])
    elif op == 2 and i + 1 < len(words):
        words[i], words[i + 1] = words[i + 1], words[i]
    else:
        words[i] = str(rng.randrange(1, 10000))
    return words


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if not os.path.isdir(DATA):
        sys.exit(f"{DATA}: not found (the shared data folder must sit beside the project)")
    pairs = load_pairs()
    rng = random.Random(args.seed)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        out.write('  <header creationtool="make_tmx.py" creationtoolversion="1" segtype="sentence" '
                  'o-tmf="plain" adminlang="en" srclang="en" datatype="plaintext"/>\n  <body>\n')
        for n in range(args.units):
            en, ru = pairs[n % len(pairs)] if n < len(pairs) else rng.choice(pairs)
            if n >= len(pairs):
                en = " ".join(edit(en.split(), rng))
                ru = " ".join(edit(ru.split(), rng))
            day = 1 + n % 28
            out.write(f'<tu tuid="{n + 1}" creationdate="2024{1 + n % 12:02d}{day:02d}T120000Z">\n'
                      f'<tuv xml:lang="en"><seg>{escape(en)}</seg></tuv>\n'
                      f'<tuv xml:lang="ru"><seg>{escape(ru)}</seg></tuv>\n</tu>\n')
        out.write("  </body>\n</tmx>\n")


if __name__ == "__main__":
    main()
