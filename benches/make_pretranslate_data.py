#!/usr/bin/env python3
"""Data for the pretranslate benchmark (benches/pretranslate_bench.sh).

Needs benches/data/memory.tsv and benches/data/document.txt from
benches/make_memory.py (1,000,000 en-ru units; 10,000 document sentences).

Writes
  benches/data/memory_1m.tmx   the same 1M units as TMX 1.4b (for `tmkit memory import`)
  benches/data/glossary_5k.tsv 5,000 entries: 2,500 names (capitalised word runs that
                               are not sentence-initial, most frequent first) and 2,500
                               ordinary terms (most frequent lower-case words of 7+
                               letters), with the Russian sentence's word of the same
                               rank as a stand-in translation. Synthetic: it exercises
                               the term lookup at size, it is not a real termbase.
"""
import collections
import os
import re
import sys
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")


def main():
    src = os.path.join(DATA, "memory.tsv")
    if not os.path.exists(src):
        sys.exit("run benches/make_memory.py first")
    names = collections.Counter()
    words = collections.Counter()
    ru_words = collections.Counter()
    tmx = os.path.join(DATA, "memory_1m.tmx")
    with open(src, encoding="utf-8") as f, open(tmx, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                  '<header creationtool="make_pretranslate_data" creationtoolversion="1" '
                  'segtype="sentence" o-tmf="tsv" adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n')
        for n, line in enumerate(f):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4:
                continue
            uid, date, en, ru = parts[:4]
            out.write(f'<tu tuid="{uid}" changedate="{date}"><tuv xml:lang="en"><seg>{escape(en)}</seg></tuv>'
                      f'<tuv xml:lang="ru"><seg>{escape(ru)}</seg></tuv></tu>\n')
            if n < 200000:
                toks = re.findall(r"[A-Za-z][A-Za-z'-]*", en)
                run = []
                for i, t in enumerate(toks):
                    if t[0].isupper() and i > 0:
                        run.append(t)
                    else:
                        if 1 <= len(run) <= 2:
                            names[" ".join(run)] += 1
                        run = []
                    if t.islower() and len(t) >= 7:
                        words[t] += 1
                for t in re.findall(r"[а-яё]{7,}", ru):
                    ru_words[t] += 1
        out.write("</body>\n</tmx>\n")
    ru_list = [w for w, _ in ru_words.most_common(5000)]
    with open(os.path.join(DATA, "glossary_5k.tsv"), "w", encoding="utf-8") as g:
        g.write("id\ten\tru\ttype\n")
        for i, (name, _) in enumerate(names.most_common(2500)):
            g.write(f"n{i}\t{name}\t{ru_list[i % len(ru_list)].capitalize()}\tperson\n")
        for i, (word, _) in enumerate(words.most_common(2500)):
            g.write(f"t{i}\t{word}\t{ru_list[(i + 2500) % len(ru_list)]}\t\n")
    print("wrote", tmx, "and glossary_5k.tsv")


if __name__ == "__main__":
    main()
