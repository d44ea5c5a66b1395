#!/usr/bin/env python3
"""Generate the fuzzy-matching benchmark memory and queries (fixed seed).

Real English-Russian sentence pairs from ../shared/data/parallel/en-ru/*.tsv are
the bases. Unit i of the memory is a base pair whose English side got 0-3
controlled word edits (replace a word with a word of another sentence, delete
a word, insert a word, change a number). A smaller memory is a prefix of the
larger one, so 10k / 100k / 1M share their first units.

Queries: 60% "near" (a base present in the memory with 1-2 fresh edits), 20%
copies of a memory segment, 20% "new" (held-out sentences never used in the
memory).

Usage: benches/make_memory.py [UNITS] [QUERIES]   (defaults 1000000 and 500)
Writes benches/data/memory.tsv (id, changedate, en, ru) and
benches/data/queries.tsv (kind, base, en).

       benches/make_memory.py tmx UNITS PATH
The same first UNITS units as TMX 1.4 (tuid, changedate, en, ru), streamed
(benches/scale.sh makes 100k, 1M and 10M this way).

       benches/make_memory.py queries COUNT PATH
COUNT queries as above to PATH (kind, base, en) and their text alone, one a
line, to PATH with the extension .txt (for `tmkit match --file`).

       benches/make_memory.py document [SENTENCES]    (default 10000)
Writes benches/data/document.txt for `tmkit analyze`: paragraphs of five
sentences; 30% copied from the memory, 40% memory sentences with 1-3 edits,
20% held-out sentences, 10% repeats of earlier sentences of the document.
"""
import glob
import os
import random
import sys
from xml.sax.saxutils import escape

SEED = 20261125
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
SHARED = os.path.join(HERE, "..", "..", "shared")
if not os.path.isdir(SHARED):
    SHARED = "/work/shared"


def load_pairs():
    pairs, seen = [], set()
    for path in sorted(glob.glob(os.path.join(SHARED, "data/parallel/en-ru/*.tsv"))):
        with open(path, encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
            en_col, ru_col = header.index("en"), header.index("ru")
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) <= max(en_col, ru_col):
                    continue
                en, ru = cols[en_col].strip(), cols[ru_col].strip()
                if not en or not ru or en in seen or len(en.split()) < 2:
                    continue
                seen.add(en)
                pairs.append((en, ru))
    return pairs


def edit(rng, words, pool, count):
    words = list(words)
    for _ in range(count):
        op = rng.random()
        numbers = [i for i, w in enumerate(words) if any(c.isdigit() for c in w)]
        if numbers and op < 0.15:
            i = rng.choice(numbers)
            words[i] = str(rng.randint(1, 3000))
        elif op < 0.55 and words:
            words[rng.randrange(len(words))] = rng.choice(pool)
        elif op < 0.8 and len(words) > 2:
            del words[rng.randrange(len(words))]
        else:
            words.insert(rng.randrange(len(words) + 1), rng.choice(pool))
    return words


def make_document(count):
    rng = random.Random(SEED + 2)
    pairs = load_pairs()
    random.Random(SEED).shuffle(pairs)
    held_out = [en for en, _ in pairs[:2000]]
    pool = [w for en, _ in pairs[2000:7000] for w in en.split()]
    with open(os.path.join(DATA, "memory.tsv"), encoding="utf-8") as f:
        memory = [line.split("\t", 3)[2] for line in f]
    sentences = []
    for _ in range(count):
        r = rng.random()
        if r < 0.3:
            sentences.append(rng.choice(memory))
        elif r < 0.7:
            sentences.append(" ".join(edit(rng, rng.choice(memory).split(), pool, rng.choice([1, 2, 3]))))
        elif r < 0.9 or not sentences:
            sentences.append(rng.choice(held_out))
        else:
            sentences.append(rng.choice(sentences))
    with open(os.path.join(DATA, "document.txt"), "w", encoding="utf-8") as out:
        for i in range(0, len(sentences), 5):
            out.write(" ".join(sentences[i : i + 5]) + "\n\n")
    print(f"{count} sentences -> {os.path.join(DATA, 'document.txt')}")


def generate(units):
    """The memory's units in order: (id, changedate, en, ru). Any prefix of a
    larger run is the smaller run (one random stream, consumed in order)."""
    rng = random.Random(SEED)
    pairs = load_pairs()
    rng.shuffle(pairs)
    held_out, bases = pairs[:2000], pairs[2000:]
    pool = [w for en, _ in bases[:5000] for w in en.split()]
    used = set()
    for i in range(units):
        b = rng.randrange(len(bases))
        en, ru = bases[b]
        count = 0 if b not in used else rng.choice([1, 1, 2, 2, 3])
        used.add(b)
        text = " ".join(edit(rng, en.split(), pool, count))
        year = rng.randint(2015, 2024)
        date = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}0000Z"
        yield i + 1, date, text, ru



def write_queries(path, queries, first, held_out, pool):
    """Queries refer to bases used by the smallest memory too (first 10k
    units) so that every size has near matches; the first 500 of any count
    are the same."""
    rng2 = random.Random(SEED + 1)
    with open(path, "w", encoding="utf-8") as out:
        for q in range(queries):
            r = rng2.random()
            if r < 0.6:
                row = rng2.choice(first)
                text = " ".join(edit(rng2, row[2].split(), pool, rng2.choice([1, 2])))
                out.write(f"near\t{row[0]}\t{text}\n")
            elif r < 0.8:
                row = rng2.choice(first)
                out.write(f"copy\t{row[0]}\t{row[2]}\n")
            else:
                en, _ = held_out[q % len(held_out)]
                out.write(f"new\t0\t{en}\n")


def held_out_and_pool():
    rng = random.Random(SEED)
    pairs = load_pairs()
    rng.shuffle(pairs)
    return pairs[:2000], [w for en, _ in pairs[2000:7000] for w in en.split()]


def make_tmx(units, path):
    """The first UNITS units of the memory as TMX 1.4 (tuid, changedate, en, ru),
    streamed: 10M units take about 3.3 GB and little memory."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        out.write('<header creationtool="make_memory.py" creationtoolversion="1" segtype="sentence" '
                  'o-tmf="plain" adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n')
        for i, date, en, ru in generate(units):
            out.write(f'<tu tuid="{i}" changedate="{date}"><tuv xml:lang="en"><seg>{escape(en)}</seg></tuv>'
                      f'<tuv xml:lang="ru"><seg>{escape(ru)}</seg></tuv></tu>\n')
        out.write("</body>\n</tmx>\n")
    os.replace(tmp, path)
    print(f"{units} units -> {path}")


def make_queries(queries, path):
    """QUERIES queries (same recipe as the TSV run's queries.tsv) to PATH, and
    their text alone, one a line, to PATH with .txt for `tmkit match --file`."""
    held_out, pool = held_out_and_pool()
    first = [[str(i), d, en, ru] for i, d, en, ru in generate(10_000)]
    write_queries(path, queries, first, held_out, pool)
    with open(path, encoding="utf-8") as f, open(os.path.splitext(path)[0] + ".txt", "w", encoding="utf-8") as out:
        for line in f:
            out.write(line.rstrip("\n").split("\t", 2)[2] + "\n")
    print(f"{queries} queries -> {path}")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "document":
        make_document(int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
        return
    if len(sys.argv) > 1 and sys.argv[1] == "tmx":
        make_tmx(int(sys.argv[2]), sys.argv[3])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "queries":
        make_queries(int(sys.argv[2]), sys.argv[3])
        return
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    queries = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    os.makedirs(DATA, exist_ok=True)
    held_out, pool = held_out_and_pool()
    with open(os.path.join(DATA, "memory.tsv"), "w", encoding="utf-8") as out:
        for i, date, text, ru in generate(units):
            out.write(f"{i}\t{date}\t{text}\t{ru}\n")
    with open(os.path.join(DATA, "memory.tsv"), encoding="utf-8") as f:
        first = [line.rstrip("\n").split("\t") for _, line in zip(range(10_000), f)]
    write_queries(os.path.join(DATA, "queries.tsv"), queries, first, held_out, pool)
    print(f"{units} units, {queries} queries -> {DATA}")


if __name__ == "__main__":
    main()
