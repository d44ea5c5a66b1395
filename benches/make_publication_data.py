#!/usr/bin/env python3
"""Split the English side of benches/data/check-10k.tsv (make_check_data.py)
into 1,000 documents of 13 sentences (about 1 MB in all) for the
publication benchmark, and write their list.

    python3 benches/make_check_data.py && python3 benches/make_publication_data.py
    tmkit check --files-from benches/data/publication/list.txt \
        -g benches/data/check-glossary-5k.tsv --lang ru:en --format json

Every 50th document is written as UTF-16 with a BOM (mixed encodings).
"""
import argparse
from pathlib import Path

here = Path(__file__).resolve().parent
parser = argparse.ArgumentParser()
parser.add_argument("--documents", type=int, default=1000)
parser.add_argument("--per-document", type=int, default=13)
args = parser.parse_args()
rows = []
with open(here / "data" / "check-10k.tsv", encoding="utf-8") as handle:
    for line in handle:
        fields = line.rstrip("\n").split("\t")
        if len(fields) >= 2:
            rows.append(fields[1])
out = here / "data" / "publication"
out.mkdir(parents=True, exist_ok=True)
names = []
size = 0
for d in range(args.documents):
    chunk = rows[d * args.per_document:(d + 1) * args.per_document] or rows[:args.per_document]
    text = "\n\n".join(chunk) + "\n"
    name = f"doc-{d + 1:04}.txt"
    data = text.encode("utf-16") if d % 50 == 49 else text.encode("utf-8")
    (out / name).write_bytes(data)
    size += len(data)
    names.append(name)
(out / "list.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
print(f"{len(names)} documents, {size / 1e6:.2f} MB in {out}")
