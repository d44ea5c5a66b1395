#!/usr/bin/env python3
"""Builds the segmentation throughput corpora of issue 14: 20 MB of English
and of Russian news text from ../shared/data/parallel.

Sources, in this order: WMT newstest 2012-2022 (en-ru) and NTREX-128
(newstest2019 translated, five languages), one sentence per line. Sentences
are joined into paragraphs of 1-6 sentences (lengths drawn from a PRNG with
a fixed seed), a document (WMT test set or NTREX doc_id) never shares a
paragraph with the next one, and paragraphs are separated by blank lines.
The sources give about 4 MB of English and 7 MB of Russian, so the text is
repeated, each copy with a fresh paragraph split, until it reaches SIZE
bytes; it is cut at the last paragraph that fits.

The output is the same on every run (the script prints each file's SHA-256):

  python3 benches/make_segment_corpus.py            # benches/data/segment_news_{en,ru}.txt
  python3 benches/make_segment_corpus.py --size 2000000 --out /tmp/x
"""

import argparse
import csv
import hashlib
import os
import random
import sys

SEED = 14


def documents(shared, lang):
    """Lists of sentences, one list per document, in a fixed order."""
    parallel = os.path.join(shared, "data", "parallel")
    sources = [
        (os.path.join(parallel, "en-ru", "wmt_newstest2012-2022.en-ru.tsv"), "set"),
        (os.path.join(parallel, "multi", "ntrex128_newstest2019.en-ru-uk-de-fr.tsv"), "doc_id"),
    ]
    docs = []
    for path, key in sources:
        with open(path, encoding="utf-8", newline="") as f:
            rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            current, sentences = None, []
            for row in rows:
                text = " ".join((row[lang] or "").split())
                if not text:
                    continue
                if row[key] != current and sentences:
                    docs.append(sentences)
                    sentences = []
                current = row[key]
                sentences.append(text)
            if sentences:
                docs.append(sentences)
    return docs


def build(shared, lang, size):
    docs = documents(shared, lang)
    rng = random.Random(f"{SEED}-{lang}")
    out = []
    total = 0
    while True:
        for doc in docs:
            i = 0
            while i < len(doc):
                n = rng.randint(1, 6)
                paragraph = " ".join(doc[i:i + n]) + "\n\n"
                i += n
                length = len(paragraph.encode("utf-8"))
                if total + length > size:
                    return "".join(out)
                out.append(paragraph)
                total += length


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"))
    parser.add_argument("--out", default=os.path.join(here, "data"))
    parser.add_argument("--size", type=int, default=20_000_000, help="bytes per file")
    parser.add_argument("--langs", nargs="+", default=["en", "ru"])
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for lang in args.langs:
        text = build(args.shared, lang, args.size)
        data = text.encode("utf-8")
        path = os.path.join(args.out, f"segment_news_{lang}.txt")
        with open(path, "wb") as f:
            f.write(data)
        print(f"{path}: {len(data)} bytes, {text.count(chr(10) + chr(10))} paragraphs, "
              f"sha256 {hashlib.sha256(data).hexdigest()}", file=sys.stderr)


if __name__ == "__main__":
    main()
