#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/seeds/<target>/.

Seeds come from ../shared/data (real TMX, TBX, SRX, glossaries, segmentation
text) and from the repository's own sample files. They are copied at run time
and never committed: some of the shared data has licences that keep it out of
the repository (../shared/data/SOURCES.md). Missing inputs are skipped with a
message, so the fuzzers still run (from an empty corpus) without ../shared.

Usage: fuzz/seed.py [--shared PATH] [--tmkit PATH-TO-BINARY]
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
REPO = FUZZ.parent
# Seeds larger than this are truncated: libFuzzer mutates small inputs faster,
# and the interesting structure of these files is at the start.
MAX_SEED = 64 * 1024


def put(target, data, name=None):
    folder = FUZZ / "seeds" / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = data[:MAX_SEED]
    name = name or hashlib.sha1(data).hexdigest()[:16]
    (folder / name).write_bytes(data)


def files(folder, *patterns):
    if not folder.is_dir():
        print(f"seed: {folder} is missing; skipped", file=sys.stderr)
        return []
    out = []
    for pattern in patterns:
        out.extend(sorted(p for p in folder.rglob(pattern) if p.is_file()))
    return out


def jsonl_texts(path, limit):
    texts = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if len(texts) >= limit:
                    break
                try:
                    texts.append(json.loads(line)["text"])
                except (ValueError, KeyError):
                    pass
    except OSError:
        print(f"seed: {path} is missing; skipped", file=sys.stderr)
    return texts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=str(REPO.parent / "shared" / "data"))
    parser.add_argument("--tmkit", help="tmkit binary, to build seed memories")
    args = parser.parse_args()
    shared = Path(args.shared)
    seeds = FUZZ / "seeds"
    if seeds.exists():
        shutil.rmtree(seeds)

    # TMX: every shared file (any encoding, some malformed on purpose) and ours.
    for path in files(shared / "tmx", "*.tmx", "*.xlf") + [REPO / "memories" / "news-en-ru-uk.tmx"]:
        put("tmx_reader", path.read_bytes(), path.name)

    # XLIFF: every shared file, 1.0-2.2 from many producers, the invalid ones too.
    for path in files(shared / "xliff", "*.xlf", "*.xliff", "*.sdlxliff", "*.mqxliff", "*.xml"):
        put("xliff_reader", path.read_bytes(), path.name)

    # TBX.
    for path in files(shared / "glossary" / "tbx", "*.tbx") + [REPO / "glossaries" / "donbas-names.tbx"]:
        put("tbx_reader", path.read_bytes(), path.name)

    # TSV/CSV: the first byte picks the format (even TSV, odd CSV) and header mode.
    tsv = (REPO / "glossaries" / "donbas-names.tsv").read_bytes()
    for selector in range(6):
        put("delimited_glossary", bytes([selector]) + tsv, f"donbas-names-{selector}")
    for path in files(shared / "glossary" / "names", "*.csv"):
        head = b"\n".join(path.read_bytes().splitlines()[:200])
        put("delimited_glossary", b"\x01" + head, path.name)
        put("delimited_glossary", b"\x00" + head.replace(b",", b"\t"), path.name + ".tsv")

    # SRX documents and their patterns (for the regex translation).
    srx_files = files(shared / "srx", "*.srx") + [REPO / "src" / "segment" / "data" / "tmkit.srx"]
    patterns = set()
    for path in srx_files:
        text = path.read_text(encoding="utf-8", errors="replace")
        put("srx_loader", text, path.name)
        for match in re.finditer(r"<(beforebreak|afterbreak)>(.*?)</\1>", text, re.S):
            pattern = (match.group(2).replace("&lt;", "<").replace("&gt;", ">")
                       .replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&"))
            if pattern and len(pattern) <= 512:
                patterns.add(pattern)
        # Small SRX documents: each language rule set alone, which the loader compiles.
        for match in re.finditer(r"<languagerule\b.*?</languagerule>", text, re.S):
            block = match.group(0)
            name = re.search(r'languagerulename="([^"]*)"', block)
            rules = re.findall(r"<rule\b.*?</rule>", block, re.S)[:6]
            if name and rules:
                doc = ('<?xml version="1.0"?><srx xmlns="http://www.lisa.org/srx20" version="2.0">'
                       '<header cascade="yes"/><body><languagerules>'
                       f'<languagerule languagerulename="{name.group(1)}">{"".join(rules)}</languagerule>'
                       '</languagerules><maprules>'
                       f'<languagemap languagepattern=".*" languagerulename="{name.group(1)}"/>'
                       '</maprules></body></srx>')
                put("srx_loader", doc)
    for pattern in sorted(patterns)[:3000]:
        put("regex_translate", pattern)

    # Segmentation text: the first byte picks the language (see segment_text.rs).
    langs = {"en": 0, "ru": 1, "uk": 2, "de": 3, "fr": 4}
    seg = shared / "segmentation"
    for lang, selector in langs.items():
        for path in sorted((seg / "ntrex").glob(f"*.{lang}.jsonl")) + sorted((seg / "ud").glob(f"{lang}_*-dev.jsonl")):
            for text in jsonl_texts(path, 40):
                put("segment_text", bytes([selector]) + text.encode("utf-8")[:4096])
    for text in jsonl_texts(seg / "pysbd" / "pysbd_golden_rules.jsonl", 400):
        put("segment_text", b"\x00" + text.encode("utf-8"))
    for text in jsonl_texts(seg / "sentencex" / "sentencex_tests.jsonl", 200):
        put("segment_text", b"\x00" + text.encode("utf-8"))

    # Names: glossary terms (Cyrillic and Latin) paired with a TAB.
    names = [line.split("\t") for line in tsv.decode("utf-8").splitlines()[1:]]
    for row in names[:300]:
        put("translit_names", "\t".join(cell for cell in row[:3] if cell))
    for path in files(shared / "glossary" / "names", "*.csv"):
        for line in path.read_text(encoding="utf-8").splitlines()[1:200]:
            cells = line.split(",")
            if len(cells) > 1:
                put("translit_names", cells[0] + "\t" + cells[1].split(";")[0])

    # Memories: built with the tmkit binary from our sample TMX (and a shared one).
    if args.tmkit:
        work = FUZZ / "seeds" / "_work"
        work.mkdir(parents=True, exist_ok=True)
        sources = [REPO / "memories" / "news-en-ru-uk.tmx"]
        sources += files(shared / "tmx" / "okapi", "sample14b.tmx")
        for i, tmx in enumerate(sources):
            memory = work / f"seed{i}.tmdb"
            result = subprocess.run([args.tmkit, "memory", "import", str(memory), str(tmx)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if result.returncode == 0 and memory.exists():
                folder = seeds / "memory_file"
                folder.mkdir(parents=True, exist_ok=True)
                shutil.copy(memory, folder / memory.name)
            else:
                print(f"seed: importing {tmx} failed: {result.stderr.decode()}", file=sys.stderr)
        shutil.rmtree(work)
    else:
        print("seed: no --tmkit binary given; memory_file starts without seeds", file=sys.stderr)

    for target in sorted(p.name for p in seeds.iterdir() if p.is_dir()):
        print(f"seed: {target}: {len(list((seeds / target).iterdir()))} inputs", file=sys.stderr)


if __name__ == "__main__":
    main()
