#!/usr/bin/env python3
"""Sentence-alignment accuracy of `tmkit align` beside NLTK's Gale-Church and
hunalign (no dictionary), on gold pairs built from NTREX-128.

NTREX articles in ../shared/data/segmentation/ntrex are sentence-parallel
across en/ru/uk/de/fr: the n-th sentence of a document translates the n-th in
another language. For each pair ru->en, uk->en, de->en, fr->en this script
builds, per article:

* clean: the sentences as they are (all beads 1-1);
* perturbed (fixed seed per article and pair): about 10% of adjacent sentence
  pairs merged on the target side (gold 2-1), 5% merged on the source side
  (1-2), 5% of sentences cut on one side or the other (1-0 / 0-1). A merge
  joins the two sentences with "; " in place of the first one's full stop,
  so a segmenter sees one sentence, as after an editor's merge.

Three modes: lines (one unit per line, the hunalign convention; every system
aligns the same lines); raw (the article as a text file: sentences joined by
spaces into a paragraph, each headline or sub-heading -- a unit without end
punctuation -- on a line of its own followed by a blank line; tmkit segments
it itself, and the peers get tmkit's segments as lines); run-on (as raw, but
headlines run on into the next sentence in one paragraph, which no segmenter
can split: a harder, less realistic variant). In raw mode every predicted bead is mapped to the gold units its
segments fall in (beads sharing a unit are united), so all systems are scored
in gold units.

Score: strict links. A predicted bead counts when its source and target unit
sets equal those of a gold bead (1-0 and 0-1 beads included); precision,
recall and F1 are micro-averaged over the articles of a split.

Split: articles sorted by id; every third (index % 3 == 2) is held out and
was never looked at while tuning tmkit. Reported separately.

Extra set `--sets wmt` (ru-en and uk-en only; not NTREX): pseudo-articles of
16 consecutive line pairs from ../shared/data/parallel -- WMT newstest2012-2018
(mixed), newstest2019 ru>en, 2020-2021 and generaltest2022 (both directions)
for ru-en, WMT generaltest2022 (both directions) for uk-en, FLORES-200 devtest
and, for ru-en, TICO-19 for both. newstest2019 en>ru is left out: its English
is NTREX's. The line pairs of these sets have no document ids, so a
pseudo-article may run across two documents (still parallel line by line);
each line is a gold unit and may hold more than one sentence. Every k-th
block of each source is taken (see WMT_SOURCES), and the same split rule
applies (every third article held out).

Third set `--sets extra` (ru-en and uk-en; 2026-12-05, ninth session): Tatoeba
(one pair per English and per source sentence, shuffled with a fixed seed,
48 pseudo-articles of 16) and the WMT/FLORES/TICO-19 blocks that `wmt` skips,
never one next to a block `wmt` holds out (see EXTRA_SOURCES). Same
construction and split.

Usage:
  python3 benches/align_eval.py --tmkit target/release/tmkit \
      --hunalign /tmp/hunalign/src/hunalign/hunalign [--out benches/data/align] [--json out.json]
NLTK comes from benches/.venv-align (pinned in benches/requirements-align.txt):
  python3 -m venv benches/.venv-align && benches/.venv-align/bin/pip install -r benches/requirements-align.txt
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
import unicodedata
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
NTREX = HERE.parent.parent / "shared" / "data" / "segmentation" / "ntrex"
PAIRS = ["ru", "uk", "de", "fr"]
TARGET = "en"


def load_docs(ntrex):
    docs = {}
    for lang in PAIRS + [TARGET]:
        path = ntrex / f"ntrex128_newstest2019.{lang}.jsonl"
        for line in path.open(encoding="utf-8"):
            d = json.loads(line)
            sentences = [unicodedata.normalize("NFC", s.strip()) for s in d["sentences"]]
            docs.setdefault(d["doc_id"], {})[lang] = sentences
    ids = sorted(i for i, d in docs.items() if all(l in d for l in PAIRS + [TARGET]))
    for i in ids:
        n = {len(docs[i][l]) for l in PAIRS + [TARGET]}
        assert len(n) == 1, f"{i}: not sentence-parallel"
    return ids, docs


PARALLEL = HERE.parent.parent / "shared" / "data" / "parallel"
BLOCK = 16
# (file, language column, set and direction filter, take every k-th block)
WMT_SOURCES = {
    "ru": [
        ("en-ru/wmt_newstest2012-2022.en-ru.tsv", "ru", lambda st, d: not (st == "newstest2019" and d == "en>ru"), 12),
        ("multi/flores200_devtest.en-ru-uk-de-fr.tsv", "ru", lambda st, d: True, 2),
        ("en-ru/tico19-test.en-ru.tsv", "ru", lambda st, d: True, 4),
    ],
    "uk": [
        ("en-uk/wmt_generaltest2022.en-uk.tsv", "uk", lambda st, d: True, 2),
        ("multi/flores200_devtest.en-ru-uk-de-fr.tsv", "uk", lambda st, d: True, 2),
    ],
}


def wmt_blocks(parallel, name, column, keep):
    """The 16-line blocks of one WMT/FLORES/TICO file, in file order per set
    and direction: (set, direction, block number, [(source, English)])."""
    import csv

    groups = {}
    with (parallel / name).open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not keep(row["set"], row["direction"]):
                continue
            src = unicodedata.normalize("NFC", row[column].strip())
            tgt = unicodedata.normalize("NFC", row["en"].strip())
            if src and tgt:
                groups.setdefault((row["set"], row["direction"]), []).append((src, tgt))
    for (st, d), rows in groups.items():
        blocks = [rows[k : k + BLOCK] for k in range(0, len(rows) - BLOCK + 1, BLOCK)]
        for b, block in enumerate(blocks):
            yield st, d, b, block


def article(st, d, b, block):
    """A block as a pseudo-article: (doc id, source lines, English lines)."""
    return (f"{st}.{d.replace('>', '-')}.{b * BLOCK + 1}", [x[0] for x in block], [x[1] for x in block])


def load_wmt(parallel, lang):
    """Pseudo-articles (doc id, source lines, English lines) of the wmt set."""
    return [
        article(st, d, b, block)
        for name, column, keep, every in WMT_SOURCES.get(lang, [])
        for st, d, b, block in wmt_blocks(parallel, name, column, keep)
        if b % every == 0
    ]


# The third set (`--sets extra`, 2026-12-05 ninth session): real line pairs
# that neither NTREX nor `--sets wmt` uses. Tatoeba (short, name-poor
# sentences: the hard case for the "not a translation" refusal), and the
# blocks of the WMT/FLORES/TICO files that `wmt` skips -- never a block next
# to one `wmt` holds out, so no held-out document is read through a
# neighbour. (file, language column, set and direction filter, keep block b)
EXTRA_SOURCES = {
    "ru": [
        ("en-ru/wmt_newstest2012-2022.en-ru.tsv", "ru", lambda st, d: not (st == "newstest2019" and d == "en>ru"), lambda b: b % 24 == 6),
        ("multi/flores200_devtest.en-ru-uk-de-fr.tsv", "ru", lambda st, d: True, lambda b: b % 2 == 1),
        ("en-ru/tico19-test.en-ru.tsv", "ru", lambda st, d: True, lambda b: b % 4 == 2),
    ],
    "uk": [
        ("en-uk/wmt_generaltest2022.en-uk.tsv", "uk", lambda st, d: True, lambda b: b % 2 == 1),
        ("multi/flores200_devtest.en-ru-uk-de-fr.tsv", "uk", lambda st, d: True, lambda b: b % 2 == 1),
    ],
}
TATOEBA = {"ru": "en-ru/tatoeba-test-v2021-08-07.en-ru.tsv", "uk": "en-uk/tatoeba-test-v2021-08-07.en-uk.tsv"}
TATOEBA_BLOCKS = 48


def load_extra(parallel, lang):
    """Pseudo-articles of the third set: Tatoeba first, then the skipped WMT blocks."""
    import csv

    # Blocks `wmt` holds out, by (file, set, direction, block): their neighbours are left out.
    held, index = set(), 0
    for name, column, keep, every in WMT_SOURCES.get(lang, []):
        for st, d, b, _ in wmt_blocks(parallel, name, column, keep):
            if b % every == 0:
                if split_of(index) == "heldout":
                    held.add((name, st, d, b))
                index += 1
    articles = []
    # Tatoeba is sorted by its English side and has several translations of
    # one sentence: one pair per English and per source sentence, in a fixed
    # shuffled order, so an article is not sixteen variants of "If you...".
    seen_s, seen_t, rows = set(), set(), []
    with (parallel / TATOEBA[lang]).open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            src = unicodedata.normalize("NFC", row[lang].strip())
            tgt = unicodedata.normalize("NFC", row["en"].strip())
            if src and tgt and src not in seen_s and tgt not in seen_t:
                seen_s.add(src)
                seen_t.add(tgt)
                rows.append((src, tgt))
    random.Random(f"tatoeba-{lang}").shuffle(rows)
    for b in range(TATOEBA_BLOCKS):
        block = rows[b * BLOCK : (b + 1) * BLOCK]
        articles.append((f"tatoeba.{b * BLOCK + 1}", [x[0] for x in block], [x[1] for x in block]))
    for name, column, keep, take in EXTRA_SOURCES.get(lang, []):
        for st, d, b, block in wmt_blocks(parallel, name, column, keep):
            if take(b) and (name, st, d, b - 1) not in held and (name, st, d, b + 1) not in held:
                articles.append(article(st, d, b, block))
    return articles


def set_articles(set_name, lang, ids, docs, parallel):
    if set_name == "ntrex":
        return [(i, docs[i][lang], docs[i][TARGET]) for i in ids]
    if set_name == "extra":
        return load_extra(parallel, lang)
    return load_wmt(parallel, lang)


def split_of(index):
    return "heldout" if index % 3 == 2 else "tune"


def join(a, b):
    """An editor's merge of two sentences into one."""
    if a.endswith("."):
        return a[:-1] + "; " + b
    return a + " " + b


def perturb(src, tgt, seed):
    """Units of both sides and gold beads (as unit index tuples)."""
    rng = random.Random(seed)
    su, tu, gold = [], [], []
    k, n = 0, len(src)
    while k < n:
        r = rng.random()
        if r < 0.05:
            if rng.random() < 0.5:
                gold.append(((len(su),), ()))
                su.append(src[k])
            else:
                gold.append(((), (len(tu),)))
                tu.append(tgt[k])
            k += 1
        elif r < 0.15 and k + 1 < n:
            gold.append(((len(su), len(su) + 1), (len(tu),)))
            su += [src[k], src[k + 1]]
            tu.append(join(tgt[k], tgt[k + 1]))
            k += 2
        elif r < 0.20 and k + 1 < n:
            gold.append(((len(su),), (len(tu), len(tu) + 1)))
            su.append(join(src[k], src[k + 1]))
            tu += [tgt[k], tgt[k + 1]]
            k += 2
        else:
            gold.append(((len(su),), (len(tu),)))
            su.append(src[k])
            tu.append(tgt[k])
            k += 1
    return su, tu, gold


def clean(src, tgt):
    return list(src), list(tgt), [((k,), (k,)) for k in range(len(src))]


def is_heading(unit):
    """A headline, sub-heading or caption: no end punctuation (closing
    quotes and brackets aside)."""
    return unit.rstrip("\"'»”’“)").rstrip()[-1:].isalnum()


def spans(units, headings=True):
    """Raw text of an article and each unit's character span. Sentences are
    joined by spaces into a paragraph; with `headings`, a unit without end
    punctuation (headline, sub-heading) stands on a line of its own followed
    by a blank line, as in an article file; without, everything runs on in
    one paragraph."""
    out, pos, text = [], 0, ""
    for k, u in enumerate(units):
        out.append((pos, pos + len(u)))
        sep = "" if k + 1 == len(units) else ("\n\n" if headings and is_heading(u) else " ")
        text += u + sep
        pos += len(u) + len(sep)
    return text, out


def beads_from_links(links, n, m):
    """Beads from a list of (i, j) sentence links (NLTK): connected groups,
    unlinked sentences as 1-0 / 0-1."""
    links = sorted(set(links))
    beads, used_s, used_t = [], set(), set()
    group = None
    for i, j in links:
        if group and (i in group[0] or j in group[1]):
            group[0].add(i)
            group[1].add(j)
        else:
            if group:
                beads.append(group)
            group = ({i}, {j})
    if group:
        beads.append(group)
    for g in beads:
        used_s |= g[0]
        used_t |= g[1]
    result = [(tuple(sorted(s)), tuple(sorted(t))) for s, t in beads]
    result += [((i,), ()) for i in range(n) if i not in used_s]
    result += [((), (j,)) for j in range(m) if j not in used_t]
    return result


def hunalign_beads(binary, workdir, src_lines, tgt_lines):
    s, t, d = workdir / "h.src", workdir / "h.tgt", workdir / "empty.dic"
    s.write_text("\n".join(src_lines) + "\n", encoding="utf-8")
    t.write_text("\n".join(tgt_lines) + "\n", encoding="utf-8")
    d.write_text("", encoding="utf-8")
    out = subprocess.run([binary, str(d), str(s), str(t)], capture_output=True, text=True, check=True).stdout
    rungs = [tuple(int(x) for x in line.split("\t")[:2]) for line in out.splitlines() if line.strip()]
    if not rungs or rungs[0] != (0, 0):
        rungs.insert(0, (0, 0))
    if rungs[-1] != (len(src_lines), len(tgt_lines)):
        rungs.append((len(src_lines), len(tgt_lines)))
    beads = []
    for (i1, j1), (i2, j2) in zip(rungs, rungs[1:]):
        if (i1, j1) != (i2, j2):
            beads.append((tuple(range(i1, i2)), tuple(range(j1, j2))))
    return beads


def nltk_beads(src_lines, tgt_lines):
    from nltk.translate.gale_church import align_blocks

    sl = [max(1, len(s)) for s in src_lines]
    tl = [max(1, len(t)) for t in tgt_lines]
    try:
        links = align_blocks(sl, tl)
    except Exception:
        links = []
    return beads_from_links(links, len(sl), len(tl))


def to_units(beads, src_map, tgt_map):
    """Map beads over segments to beads over gold units; unite beads that share a unit."""
    mapped = []
    for s, t in beads:
        mapped.append((set(u for i in s for u in src_map[i]), set(u for j in t for u in tgt_map[j])))
    merged = []
    for s, t in mapped:
        if merged and (merged[-1][0] & s or merged[-1][1] & t):
            merged[-1][0].update(s)
            merged[-1][1].update(t)
        else:
            merged.append((set(s), set(t)))
    return [(tuple(sorted(s)), tuple(sorted(t))) for s, t in merged]


def score(pred, gold):
    p, g = set(pred), set(gold)
    return len(p & g), len(p), len(g)


def run_tmkit(binary, workdir, lang, items, lines_mode):
    """items: list of (name, src_text, tgt_text); returns {name: beads} over lines/segments."""
    listing = workdir / "pairs.tsv"
    rows = []
    for name, s, t in items:
        sp, tp = workdir / f"{name}.src", workdir / f"{name}.tgt"
        sp.write_text(s, encoding="utf-8")
        tp.write_text(t, encoding="utf-8")
        rows.append(f"{sp.name}\t{tp.name}")
    listing.write_text("\n".join(rows) + "\n", encoding="utf-8")
    cmd = [binary, "align", "--pairs", str(listing), "--lang", f"{lang}:{TARGET}", "--format", "json"]
    if lines_mode:
        cmd.append("--lines")
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"tmkit failed: {proc.stderr}")
    data = json.loads(proc.stdout)
    out = {}
    for (name, _, _), doc in zip(items, data["documents"]):
        out[name] = [(tuple(b["source_index"]), tuple(b["target_index"])) for b in doc["beads"]]
        out[name + "#confidence"] = [b["confidence"] for b in doc["beads"]]
        if doc.get("refused"):
            out[name + "#refused"] = doc["refused"]
    return out, seconds


def segment_texts(binary, workdir, lang, texts):
    """tmkit's segments (character spans) of each text, in one call."""
    path = workdir / f"seg-{lang}.txt"
    path.write_text("\n\n".join(texts), encoding="utf-8")
    proc = subprocess.run(
        [binary, "segment", str(path), "--lang", lang, "--format", "json"], capture_output=True, text=True, check=True
    )
    segments = json.loads(proc.stdout)
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 2
    out = [[] for _ in texts]
    d = 0
    for seg in segments:
        while d + 1 < len(texts) and seg["start"] >= starts[d + 1]:
            d += 1
        out[d].append((seg["start"] - starts[d], seg["end"] - starts[d], seg["text"]))
    return out


def units_of(text, span_list, start, end, any_overlap=False):
    """The gold units a segment overlaps (a segment that joins two units maps
    to both). An overlap of punctuation and spaces only does not count (unless
    `any_overlap`): where a sentence boundary falls relative to a dash is a
    convention on which gold sets disagree -- NTREX ends the sentence after the
    dash in `«…, — сказала вона. — Ви думаєте…»`, UD Ukrainian before it -- so a
    segment `— Ви думаєте…` holds the second sentence, not a join of two."""
    hit = [k for k, (a, b) in enumerate(span_list) if min(b, end) - max(a, start) > 0]
    if not any_overlap:
        words = [k for k in hit if any(ch.isalnum() for ch in text[max(span_list[k][0], start) : min(span_list[k][1], end)])]
        hit = words or hit
    return hit or [len(span_list) - 1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tmkit", default=str(HERE.parent / "target" / "release" / "tmkit"))
    ap.add_argument("--hunalign", default="/tmp/hunalign/src/hunalign/hunalign")
    ap.add_argument("--ntrex", default=str(NTREX))
    ap.add_argument("--out", default=str(HERE / "data" / "align"))
    ap.add_argument("--json", help="write all figures to this file")
    ap.add_argument("--pairs", default=",".join(PAIRS))
    ap.add_argument("--modes", default="lines,raw,run-on")
    ap.add_argument(
        "--errors-split",
        default="tune",
        choices=["tune", "heldout"],
        help="the split whose wrong beads --errors prints (default tune; held-out errors are not read while tuning)",
    )
    ap.add_argument("--conditions", default="clean,perturbed")
    ap.add_argument("--sets", default="ntrex", help="ntrex, wmt and/or extra (the second and third ru-en/uk-en dev sets), comma-separated")
    ap.add_argument("--parallel", default=str(PARALLEL))
    ap.add_argument(
        "--any-overlap",
        action="store_true",
        help="map a segment to every gold unit it overlaps, even by a dash or a space only (the scoring before 2026-12-05's fourth session)",
    )
    ap.add_argument(
        "--errors",
        type=int,
        default=0,
        help="print up to N wrong tmkit beads per cell of the --errors-split split",
    )
    args = ap.parse_args()
    ntrex = Path(args.ntrex)
    if not ntrex.is_dir():
        sys.exit(f"{ntrex}: NTREX data not found")
    ids, docs = load_docs(ntrex)
    workroot = Path(args.out)
    workroot.mkdir(parents=True, exist_ok=True)
    results = []
    by_shape = {}
    calibration = []
    refusal = []
    sets = args.sets.split(",")
    runs = [(st, lang) for st in sets for lang in args.pairs.split(",") if st == "ntrex" or lang in WMT_SOURCES]
    for set_name, lang in runs:
        label = f"{lang}-{TARGET}" + ("" if set_name == "ntrex" else f"/{set_name}")
        articles = set_articles(set_name, lang, ids, docs, Path(args.parallel))
        # Mismatched pairs (article k against the translation of article k+1):
        # how many does tmkit refuse, and how many true pairs does it refuse?
        workdir = workroot / f"{lang}-mismatched"
        workdir.mkdir(parents=True, exist_ok=True)
        if set_name == "ntrex":
            items = [(f"m{k:03d}", " ".join(docs[ids[k]][lang]) + "\n", " ".join(docs[ids[(k + 1) % len(ids)]][TARGET]) + "\n")
                     for k in range(len(ids))]
            tm, _ = run_tmkit(args.tmkit, workdir, lang, items, False)
            for k in range(len(ids)):
                refusal.append((lang, split_of(k), (f"m{k:03d}#refused") in tm))
        for condition in args.conditions.split(","):
            cases = []
            for index, (doc_id, src, tgt) in enumerate(articles):
                if condition == "clean":
                    su, tu, gold = clean(src, tgt)
                else:
                    seed = zlib.crc32(f"{doc_id}:{lang}".encode())
                    su, tu, gold = perturb(src, tgt, seed)
                name = f"d{index:03d}"
                cases.append((name, doc_id, split_of(index), su, tu, gold))
            for mode in args.modes.split(","):
                workdir = workroot / f"{lang}-{condition}-{mode}" if set_name == "ntrex" else workroot / f"{set_name}-{lang}-{condition}-{mode}"
                workdir.mkdir(parents=True, exist_ok=True)
                if mode == "lines":
                    items = [(n, "\n".join(su) + "\n", "\n".join(tu) + "\n") for n, _, _, su, tu, _ in cases]
                    tm, seconds = run_tmkit(args.tmkit, workdir, lang, items, True)
                    seg_src = [[(k, k, u) for k, u in enumerate(c[3])] for c in cases]
                    seg_tgt = [[(k, k, u) for k, u in enumerate(c[4])] for c in cases]
                    maps = [([[k] for k in range(len(c[3]))], [[k] for k in range(len(c[4]))]) for c in cases]
                else:
                    headings = mode == "raw"
                    raw = [(spans(c[3], headings), spans(c[4], headings)) for c in cases]
                    items = [(c[0], r[0][0], r[1][0]) for c, r in zip(cases, raw)]
                    tm, seconds = run_tmkit(args.tmkit, workdir, lang, items, False)
                    seg_src = segment_texts(args.tmkit, workdir, lang, [r[0][0] for r in raw])
                    seg_tgt = segment_texts(args.tmkit, workdir, TARGET, [r[1][0] for r in raw])
                    maps = []
                    for r, ss, ts in zip(raw, seg_src, seg_tgt):
                        maps.append(
                            (
                                [units_of(r[0][0], r[0][1], a, b, args.any_overlap) for a, b, _ in ss],
                                [units_of(r[1][0], r[1][1], a, b, args.any_overlap) for a, b, _ in ts],
                            )
                        )
                totals = {}
                for c, ss, ts, (smap, tmap) in zip(cases, seg_src, seg_tgt, maps):
                    name, doc_id, split, su, tu, gold = c
                    src_lines = [x[2] for x in ss]
                    tgt_lines = [x[2] for x in ts]
                    systems = {
                        "tmkit": tm.get(name, []),
                        "hunalign": hunalign_beads(args.hunalign, workdir, src_lines, tgt_lines),
                        "nltk": nltk_beads(src_lines, tgt_lines),
                    }
                    for system, beads in systems.items():
                        if system == "tmkit" and beads:
                            top = max((i for s, _ in beads for i in s), default=-1)
                            if top >= len(smap):
                                sys.exit(f"{lang} {name}: tmkit segments differ from tmkit segment's")
                        pred = to_units(beads, smap, tmap)
                        hit, np_, ng = score(pred, gold)
                        pred_set = set(pred)
                        for g in gold:
                            key = (label, condition, mode, split, system, f"{len(g[0])}-{len(g[1])}")
                            t = by_shape.setdefault(key, [0, 0])
                            t[0] += int(g in pred_set)
                            t[1] += 1
                        for key in [(system, split), (system, "all")]:
                            t = totals.setdefault(key, [0, 0, 0, 0])
                            t[0] += hit
                            t[1] += np_
                            t[2] += ng
                            t[3] += int(system == "tmkit" and (name + "#refused") in tm)
                        if system == "tmkit" and mode == "lines" and set_name == "ntrex":
                            gold_set = set(gold)
                            for bead, conf in zip(beads, tm.get(name + "#confidence", [])):
                                if bead[0] and bead[1]:
                                    calibration.append((lang, condition, split, conf, bead in gold_set))
                        if system == "tmkit" and args.errors and split == args.errors_split:
                            for g in gold:
                                if g in pred_set or (g[0] and g[1]):
                                    continue
                                cover = [b for b in pred if set(b[0]) & set(g[0]) or set(b[1]) & set(g[1])]
                                print(f"  {label} {mode} {doc_id} missed deletion {g} -> predicted {cover}", file=sys.stderr)
                                for b in cover:
                                    print("     S", " | ".join(su[i] for i in b[0])[:200], file=sys.stderr)
                                    print("     T", " | ".join(tu[j] for j in b[1])[:200], file=sys.stderr)
                            for s, t in sorted(set(pred) - set(gold))[: args.errors]:
                                print(f"  {label} {condition} {mode} {doc_id} wrong {s}->{t}:", file=sys.stderr)
                                print("     ", " | ".join(su[i] for i in s)[:150], file=sys.stderr)
                                print("     ", " | ".join(tu[j] for j in t)[:150], file=sys.stderr)
                                if mode != "lines":
                                    # The segment-level beads behind it: where segmentation split or joined units.
                                    confs = tm.get(name + "#confidence", [])
                                    for k, (bs, bt) in enumerate(beads):
                                        us = {u for i in bs for u in smap[i]}
                                        ut = {u for j in bt for u in tmap[j]}
                                        if us & set(s) or ut & set(t):
                                            conf = confs[k] if k < len(confs) else float("nan")
                                            print(f"       bead {bs}->{bt} conf {conf:.2f}", file=sys.stderr)
                                            for i in bs:
                                                print(f"         S{i} {smap[i]} {src_lines[i][:110]}", file=sys.stderr)
                                            for j in bt:
                                                print(f"         T{j} {tmap[j]} {tgt_lines[j][:110]}", file=sys.stderr)
                for (system, split), (hit, np_, ng, refused) in sorted(totals.items()):
                    p = hit / np_ if np_ else 0.0
                    r = hit / ng if ng else 0.0
                    f = 2 * p * r / (p + r) if p + r else 0.0
                    results.append(
                        dict(pair=label, condition=condition, mode=mode, split=split, system=system,
                             precision=round(p, 4), recall=round(r, 4), f1=round(f, 4), gold_beads=ng,
                             refused_documents=refused, tmkit_seconds=round(seconds, 3))
                    )
                line = f"{label} {condition:9} {mode:5}"
                for split in ["tune", "heldout"]:
                    row = {x["system"]: x["f1"] for x in results
                           if x["pair"] == label and x["condition"] == condition
                           and x["mode"] == mode and x["split"] == split}
                    line += f" | {split}: tmkit {row['tmkit']:.3f} hunalign {row['hunalign']:.3f} nltk {row['nltk']:.3f}"
                print(line, flush=True)
    print("\nrecall by gold bead shape (perturbed): tmkit / hunalign / nltk")
    for label in sorted({k[0] for k in by_shape}):
        for mode in args.modes.split(","):
            for split in ["tune", "heldout"]:
                line = f"  {label} {mode:5} {split:8}"
                for shape in ["1-1", "1-0", "0-1", "2-1", "1-2"]:
                    cells = []
                    for system in ["tmkit", "hunalign", "nltk"]:
                        hit, n = by_shape.get((label, "perturbed", mode, split, system, shape), [0, 0])
                        cells.append(f"{hit / n:.2f}" if n else "-")
                    n = by_shape.get((label, "perturbed", mode, split, "tmkit", shape), [0, 0])[1]
                    line += f" | {shape} ({n}): {' / '.join(cells)}"
                print(line)
    summary_shapes = [dict(pair=k[0], condition=k[1], mode=k[2], split=k[3], system=k[4], shape=k[5],
                           found=v[0], gold=v[1]) for k, v in sorted(by_shape.items())]
    print("\nconfidence of tmkit's paired beads (--lines): share kept and precision at a threshold")
    summary = {"calibration": [], "mismatched_refused": {}, "recall_by_shape": summary_shapes}
    for split in ["tune", "heldout"]:
        for condition in ["clean", "perturbed"]:
            rows = [(c, ok) for (_, cond, sp, c, ok) in calibration if sp == split and cond == condition]
            if not rows:
                continue
            line = f"  {split:8} {condition:9}"
            for threshold in [0.0, 0.3, 0.5, 0.7, 0.9]:
                kept = [ok for c, ok in rows if c >= threshold]
                precision = sum(kept) / len(kept) if kept else 0.0
                line += f" | >={threshold:.1f}: kept {len(kept) / len(rows):.3f} precision {precision:.4f}"
                summary["calibration"].append(dict(split=split, condition=condition, threshold=threshold,
                                                   kept=round(len(kept) / len(rows), 4), precision=round(precision, 4)))
            print(line)
    for split in ["tune", "heldout"]:
        rows = [r for (_, sp, r) in refusal if sp == split]
        summary["mismatched_refused"][split] = f"{sum(rows)}/{len(rows)}"
        print(f"  mismatched article pairs refused ({split}): {sum(rows)} of {len(rows)}")
    true_refused = sum(x["refused_documents"] for x in results if x["system"] == "tmkit" and x["split"] != "all")
    print(f"  true article pairs refused (all conditions and modes): {true_refused}")
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, **summary}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
